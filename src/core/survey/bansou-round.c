/* bansou-round.c — one survey round (調査回), named after its reference date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A round is immutable once read: the survey replaces the object when the
 * round changes, so list views can bind to it without notifications.
 */
#define G_LOG_DOMAIN "bansou-round"

#include "config.h"

#include "bansou-round-private.h"
#include "bansou-wareki.h"

struct _BansouRound
{
  GObject  parent_instance;

  char    *id;               /* the reference date, "YYYY-MM-DD" */
  int      fiscal_year;
  char    *label;            /* 令和7年10月末時点 */
  char    *title;
  char    *catalog_version;
  char    *prefilled_from;   /* nullable */
  gboolean demo;
  char    *created_at;
  GDate    date;
};

G_DEFINE_FINAL_TYPE (BansouRound, bansou_round, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_FISCAL_YEAR,
  PROP_LABEL,
  PROP_TITLE,
  PROP_CATALOG_VERSION,
  PROP_PREFILLED_FROM,
  PROP_DEMO,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */

static void
bansou_round_finalize (GObject *object)
{
  BansouRound *self = (BansouRound *)object;

  g_free (self->id);
  g_free (self->label);
  g_free (self->title);
  g_free (self->catalog_version);
  g_free (self->prefilled_from);
  g_free (self->created_at);

  G_OBJECT_CLASS (bansou_round_parent_class)->finalize (object);
}

static void
bansou_round_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BansouRound *self = BANSOU_ROUND (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_FISCAL_YEAR:
      g_value_set_int (value, self->fiscal_year);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_CATALOG_VERSION:
      g_value_set_string (value, self->catalog_version);
      break;
    case PROP_PREFILLED_FROM:
      g_value_set_string (value, self->prefilled_from);
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    case PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_round_class_init (BansouRoundClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = bansou_round_finalize;
  object_class->get_property = bansou_round_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_FISCAL_YEAR] = g_param_spec_int ("fiscal-year", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_CATALOG_VERSION] = g_param_spec_string ("catalog-version", NULL, NULL, NULL, flags);
  properties[PROP_PREFILLED_FROM] = g_param_spec_string ("prefilled-from", NULL, NULL, NULL, flags);
  properties[PROP_DEMO] = g_param_spec_boolean ("demo", NULL, NULL, FALSE, flags);
  properties[PROP_CREATED_AT] = g_param_spec_string ("created-at", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bansou_round_init (BansouRound *self)
{
  g_date_clear (&self->date, 1);
}

/* ------------------------------------------------------------------------ */

BansouRound *
_bansou_round_new (const char *id,
                   int         fiscal_year,
                   const char *title,
                   const char *catalog_version,
                   const char *prefilled_from,
                   gboolean    demo,
                   const char *created_at)
{
  BansouRound *self = g_object_new (BANSOU_TYPE_ROUND, NULL);
  g_autoptr(GDate) date = bansou_date_parse_iso (id);

  self->id = g_strdup (id);
  self->fiscal_year = fiscal_year;
  self->label = bansou_round_label (id);
  self->title = g_strdup (title ? title : "");
  self->catalog_version = g_strdup (catalog_version ? catalog_version : "");
  self->prefilled_from = g_strdup (prefilled_from);
  self->demo = demo;
  self->created_at = g_strdup (created_at ? created_at : "");
  if (date != NULL)
    self->date = *date;

  return self;
}

const char *
bansou_round_get_id (BansouRound *self)
{
  g_return_val_if_fail (BANSOU_IS_ROUND (self), NULL);
  return self->id;
}

/**
 * bansou_round_get_fiscal_year:
 *
 * Returns: the fiscal year (年度) of the reference date, e.g. 2025
 */
int
bansou_round_get_fiscal_year (BansouRound *self)
{
  g_return_val_if_fail (BANSOU_IS_ROUND (self), 0);
  return self->fiscal_year;
}

/**
 * bansou_round_get_label:
 *
 * Returns: the name staff know the round by, e.g. 令和7年10月末時点
 */
const char *
bansou_round_get_label (BansouRound *self)
{
  g_return_val_if_fail (BANSOU_IS_ROUND (self), NULL);
  return self->label;
}

const char *
bansou_round_get_title (BansouRound *self)
{
  g_return_val_if_fail (BANSOU_IS_ROUND (self), NULL);
  return self->title;
}

const char *
bansou_round_get_catalog_version (BansouRound *self)
{
  g_return_val_if_fail (BANSOU_IS_ROUND (self), NULL);
  return self->catalog_version;
}

/**
 * bansou_round_get_prefilled_from:
 *
 * Returns: (nullable): the round whose answers were carried into this one
 */
const char *
bansou_round_get_prefilled_from (BansouRound *self)
{
  g_return_val_if_fail (BANSOU_IS_ROUND (self), NULL);
  return self->prefilled_from;
}

/**
 * bansou_round_get_demo:
 *
 * Returns: %TRUE for synthetic data made by bansou_demo_generate()
 */
gboolean
bansou_round_get_demo (BansouRound *self)
{
  g_return_val_if_fail (BANSOU_IS_ROUND (self), FALSE);
  return self->demo;
}

const char *
bansou_round_get_created_at (BansouRound *self)
{
  g_return_val_if_fail (BANSOU_IS_ROUND (self), NULL);
  return self->created_at;
}

/**
 * bansou_round_get_date:
 *
 * Returns: (transfer full): the reference date
 */
GDate *
bansou_round_get_date (BansouRound *self)
{
  g_return_val_if_fail (BANSOU_IS_ROUND (self), NULL);
  return g_date_copy (&self->date);
}
