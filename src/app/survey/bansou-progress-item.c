/* bansou-progress-item.c — one body's row in the progress overview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * What the progress list shows of a body in one round: its progress, the
 * carried answers nobody confirmed and its overall score. The page keeps
 * the items current from the survey's signals; cells follow ::notify.
 */
#define G_LOG_DOMAIN "bansou-progress-item"

#include "config.h"

#include "bansou-progress-item.h"
#include "bansou-ui-util.h"

struct _BansouProgressItem
{
  GObject         parent_instance;

  BansouBody     *body;
  BansouProgress  state;
  char           *assignee;
  char           *due;
  guint           unconfirmed;
  double          score;
};

G_DEFINE_FINAL_TYPE (BansouProgressItem, bansou_progress_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BODY,
  PROP_STATE,
  PROP_ASSIGNEE,
  PROP_DUE,
  PROP_UNCONFIRMED,
  PROP_SCORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_set_str() is GLib 2.76. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
bansou_progress_item_dispose (GObject *object)
{
  BansouProgressItem *self = (BansouProgressItem *)object;

  g_clear_object (&self->body);

  G_OBJECT_CLASS (bansou_progress_item_parent_class)->dispose (object);
}

static void
bansou_progress_item_finalize (GObject *object)
{
  BansouProgressItem *self = (BansouProgressItem *)object;

  g_clear_pointer (&self->assignee, g_free);
  g_clear_pointer (&self->due, g_free);

  G_OBJECT_CLASS (bansou_progress_item_parent_class)->finalize (object);
}

static void
bansou_progress_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BansouProgressItem *self = BANSOU_PROGRESS_ITEM (object);

  switch (prop_id)
    {
    case PROP_BODY:
      g_value_set_object (value, self->body);
      break;
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;
    case PROP_ASSIGNEE:
      g_value_set_string (value, self->assignee);
      break;
    case PROP_DUE:
      g_value_set_string (value, self->due);
      break;
    case PROP_UNCONFIRMED:
      g_value_set_uint (value, self->unconfirmed);
      break;
    case PROP_SCORE:
      g_value_set_double (value, self->score);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_progress_item_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BansouProgressItem *self = BANSOU_PROGRESS_ITEM (object);

  switch (prop_id)
    {
    case PROP_BODY:
      self->body = g_value_dup_object (value);
      break;
    case PROP_STATE:
      bansou_progress_item_set_state (self, g_value_get_uint (value));
      break;
    case PROP_ASSIGNEE:
      bansou_progress_item_set_assignee (self, g_value_get_string (value));
      break;
    case PROP_DUE:
      bansou_progress_item_set_due (self, g_value_get_string (value));
      break;
    case PROP_UNCONFIRMED:
      bansou_progress_item_set_unconfirmed (self, g_value_get_uint (value));
      break;
    case PROP_SCORE:
      bansou_progress_item_set_score (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_progress_item_class_init (BansouProgressItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bansou_progress_item_dispose;
  object_class->finalize = bansou_progress_item_finalize;
  object_class->get_property = bansou_progress_item_get_property;
  object_class->set_property = bansou_progress_item_set_property;

  properties[PROP_BODY] =
    g_param_spec_object ("body", NULL, NULL, BANSOU_TYPE_BODY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, 0, BANSOU_N_PROGRESS - 1, BANSOU_PROGRESS_NOT_STARTED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ASSIGNEE] =
    g_param_spec_string ("assignee", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DUE] =
    g_param_spec_string ("due", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNCONFIRMED] =
    g_param_spec_uint ("unconfirmed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCORE] =
    g_param_spec_double ("score", NULL, NULL, -1.0, 1.0, BANSOU_NO_SCORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bansou_progress_item_init (BansouProgressItem *self)
{
  self->assignee = g_strdup ("");
  self->score = BANSOU_NO_SCORE;
}

BansouProgressItem *
bansou_progress_item_new (BansouBody *body)
{
  g_return_val_if_fail (BANSOU_IS_BODY (body), NULL);

  return g_object_new (BANSOU_TYPE_PROGRESS_ITEM, "body", body, NULL);
}

BansouBody *
bansou_progress_item_get_body (BansouProgressItem *self)
{
  g_return_val_if_fail (BANSOU_IS_PROGRESS_ITEM (self), NULL);
  return self->body;
}

const char *
bansou_progress_item_get_code (BansouProgressItem *self)
{
  g_return_val_if_fail (BANSOU_IS_PROGRESS_ITEM (self), NULL);
  return bansou_body_get_code (self->body);
}

BansouProgress
bansou_progress_item_get_state (BansouProgressItem *self)
{
  g_return_val_if_fail (BANSOU_IS_PROGRESS_ITEM (self), BANSOU_PROGRESS_NOT_STARTED);
  return self->state;
}

void
bansou_progress_item_set_state (BansouProgressItem *self,
                                BansouProgress      state)
{
  g_return_if_fail (BANSOU_IS_PROGRESS_ITEM (self));
  g_return_if_fail (state < BANSOU_N_PROGRESS);

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
bansou_progress_item_get_assignee (BansouProgressItem *self)
{
  g_return_val_if_fail (BANSOU_IS_PROGRESS_ITEM (self), NULL);
  return self->assignee;
}

void
bansou_progress_item_set_assignee (BansouProgressItem *self,
                                   const char         *assignee)
{
  g_return_if_fail (BANSOU_IS_PROGRESS_ITEM (self));

  if (assignee == NULL)
    assignee = "";
  if (set_str (&self->assignee, assignee))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNEE]);
}

/**
 * bansou_progress_item_get_due:
 *
 * Returns: (nullable): "YYYY-MM-DD"
 */
const char *
bansou_progress_item_get_due (BansouProgressItem *self)
{
  g_return_val_if_fail (BANSOU_IS_PROGRESS_ITEM (self), NULL);
  return self->due;
}

void
bansou_progress_item_set_due (BansouProgressItem *self,
                              const char         *due)
{
  g_return_if_fail (BANSOU_IS_PROGRESS_ITEM (self));

  if (due != NULL && *due == '\0')
    due = NULL;
  if (set_str (&self->due, due))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUE]);
}

guint
bansou_progress_item_get_unconfirmed (BansouProgressItem *self)
{
  g_return_val_if_fail (BANSOU_IS_PROGRESS_ITEM (self), 0);
  return self->unconfirmed;
}

void
bansou_progress_item_set_unconfirmed (BansouProgressItem *self,
                                      guint               unconfirmed)
{
  g_return_if_fail (BANSOU_IS_PROGRESS_ITEM (self));

  if (self->unconfirmed == unconfirmed)
    return;
  self->unconfirmed = unconfirmed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNCONFIRMED]);
}

/**
 * bansou_progress_item_get_score:
 *
 * Returns: the overall score from 0 to 1, or %BANSOU_NO_SCORE
 */
double
bansou_progress_item_get_score (BansouProgressItem *self)
{
  g_return_val_if_fail (BANSOU_IS_PROGRESS_ITEM (self), BANSOU_NO_SCORE);
  return self->score;
}

void
bansou_progress_item_set_score (BansouProgressItem *self,
                                double              score)
{
  g_return_if_fail (BANSOU_IS_PROGRESS_ITEM (self));

  if (score < 0)
    score = BANSOU_NO_SCORE;
  if (self->score == score)
    return;
  self->score = score;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCORE]);
}

gboolean
bansou_progress_item_is_overdue (BansouProgressItem *self)
{
  g_return_val_if_fail (BANSOU_IS_PROGRESS_ITEM (self), FALSE);
  return bansou_progress_is_overdue (self->state, self->due, NULL);
}

/**
 * bansou_progress_item_set_info:
 *
 * Takes state, assignee and due date from @info, notifying what changed.
 */
void
bansou_progress_item_set_info (BansouProgressItem       *self,
                               const BansouProgressInfo *info)
{
  g_return_if_fail (BANSOU_IS_PROGRESS_ITEM (self));
  g_return_if_fail (info != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  bansou_progress_item_set_state (self, info->state);
  bansou_progress_item_set_assignee (self, info->assignee);
  bansou_progress_item_set_due (self, info->due);
  g_object_thaw_notify (G_OBJECT (self));
}
