/* bansou-schedule-event.c — one event a BansouScheduleView shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Small and independent of what is scheduled: a visit, later a
 * consultation. The view reads an event when the model says it was added,
 * so an event does not change once it is in a model — replace it instead.
 * The colour class names one of the view's palette entries ("blue",
 * "green", "orange", "purple", "teal", "grey"); the conflicts are lines of
 * text a person reads, empty when there is none.
 */
#define G_LOG_DOMAIN "bansou-schedule"

#include "config.h"

#include "bansou-schedule-event.h"

struct _BansouScheduleEvent
{
  GObject    parent_instance;

  char      *id;
  GDateTime *start;
  GDateTime *end;
  char      *title;
  char      *subtitle;
  char      *color_class;
  char      *conflicts;
};

G_DEFINE_FINAL_TYPE (BansouScheduleEvent, bansou_schedule_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_START,
  PROP_END,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_COLOR_CLASS,
  PROP_CONFLICT,
  PROP_CONFLICTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
bansou_schedule_event_finalize (GObject *object)
{
  BansouScheduleEvent *self = BANSOU_SCHEDULE_EVENT (object);

  g_free (self->id);
  g_clear_pointer (&self->start, g_date_time_unref);
  g_clear_pointer (&self->end, g_date_time_unref);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->color_class);
  g_free (self->conflicts);

  G_OBJECT_CLASS (bansou_schedule_event_parent_class)->finalize (object);
}

static void
bansou_schedule_event_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BansouScheduleEvent *self = BANSOU_SCHEDULE_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_START:
      g_value_set_boxed (value, self->start);
      break;
    case PROP_END:
      g_value_set_boxed (value, self->end);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_COLOR_CLASS:
      g_value_set_string (value, self->color_class);
      break;
    case PROP_CONFLICT:
      g_value_set_boolean (value, bansou_schedule_event_get_conflict (self));
      break;
    case PROP_CONFLICTS:
      g_value_set_string (value, self->conflicts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_schedule_event_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  BansouScheduleEvent *self = BANSOU_SCHEDULE_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_START:
      self->start = g_value_dup_boxed (value);
      break;
    case PROP_END:
      self->end = g_value_dup_boxed (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_SUBTITLE:
      self->subtitle = g_value_dup_string (value);
      break;
    case PROP_COLOR_CLASS:
      bansou_schedule_event_set_color_class (self, g_value_get_string (value));
      break;
    case PROP_CONFLICTS:
      bansou_schedule_event_set_conflicts (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_schedule_event_class_init (BansouScheduleEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bansou_schedule_event_finalize;
  object_class->get_property = bansou_schedule_event_get_property;
  object_class->set_property = bansou_schedule_event_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_START] = g_param_spec_boxed ("start", NULL, NULL, G_TYPE_DATE_TIME, construct);
  properties[PROP_END] = g_param_spec_boxed ("end", NULL, NULL, G_TYPE_DATE_TIME, construct);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, construct);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, construct);
  properties[PROP_COLOR_CLASS] = g_param_spec_string ("color-class", NULL, NULL, NULL, rw);
  properties[PROP_CONFLICT] = g_param_spec_boolean ("conflict", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFLICTS] = g_param_spec_string ("conflicts", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bansou_schedule_event_init (BansouScheduleEvent *self)
{
}

/* ---- public API -------------------------------------------------------- */

/**
 * bansou_schedule_event_new:
 * @id: (nullable): the caller's key (a visit id), handed back in signals
 * @start: when it starts; the view shows it on its start's day in Japan time
 * @end: after @start, on the same day
 *
 * Returns: (transfer full): a new event
 */
BansouScheduleEvent *
bansou_schedule_event_new (const char *id,
                           GDateTime  *start,
                           GDateTime  *end,
                           const char *title,
                           const char *subtitle)
{
  g_return_val_if_fail (start != NULL && end != NULL, NULL);

  return g_object_new (BANSOU_TYPE_SCHEDULE_EVENT,
                       "id", id,
                       "start", start,
                       "end", end,
                       "title", title,
                       "subtitle", subtitle,
                       NULL);
}

const char *
bansou_schedule_event_get_id (BansouScheduleEvent *self)
{
  g_return_val_if_fail (BANSOU_IS_SCHEDULE_EVENT (self), NULL);
  return self->id;
}

/**
 * bansou_schedule_event_get_start:
 *
 * Returns: (transfer none): the start
 */
GDateTime *
bansou_schedule_event_get_start (BansouScheduleEvent *self)
{
  g_return_val_if_fail (BANSOU_IS_SCHEDULE_EVENT (self), NULL);
  return self->start;
}

/**
 * bansou_schedule_event_get_end:
 *
 * Returns: (transfer none): the end
 */
GDateTime *
bansou_schedule_event_get_end (BansouScheduleEvent *self)
{
  g_return_val_if_fail (BANSOU_IS_SCHEDULE_EVENT (self), NULL);
  return self->end;
}

const char *
bansou_schedule_event_get_title (BansouScheduleEvent *self)
{
  g_return_val_if_fail (BANSOU_IS_SCHEDULE_EVENT (self), NULL);
  return self->title ? self->title : "";
}

const char *
bansou_schedule_event_get_subtitle (BansouScheduleEvent *self)
{
  g_return_val_if_fail (BANSOU_IS_SCHEDULE_EVENT (self), NULL);
  return self->subtitle ? self->subtitle : "";
}

const char *
bansou_schedule_event_get_color_class (BansouScheduleEvent *self)
{
  g_return_val_if_fail (BANSOU_IS_SCHEDULE_EVENT (self), NULL);
  return self->color_class;
}

/* Set before the event goes into a model: the view reads it once. */
void
bansou_schedule_event_set_color_class (BansouScheduleEvent *self,
                                       const char          *color_class)
{
  g_return_if_fail (BANSOU_IS_SCHEDULE_EVENT (self));

  if (set_string (&self->color_class, color_class))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR_CLASS]);
}

gboolean
bansou_schedule_event_get_conflict (BansouScheduleEvent *self)
{
  g_return_val_if_fail (BANSOU_IS_SCHEDULE_EVENT (self), FALSE);
  return self->conflicts != NULL && self->conflicts[0] != '\0';
}

/* The conflicts, one a line, as a person reads them; NULL or "" for none. */
const char *
bansou_schedule_event_get_conflicts (BansouScheduleEvent *self)
{
  g_return_val_if_fail (BANSOU_IS_SCHEDULE_EVENT (self), NULL);
  return self->conflicts ? self->conflicts : "";
}

void
bansou_schedule_event_set_conflicts (BansouScheduleEvent *self,
                                     const char          *conflicts)
{
  gboolean had = bansou_schedule_event_get_conflict (self);

  g_return_if_fail (BANSOU_IS_SCHEDULE_EVENT (self));

  if (!set_string (&self->conflicts, conflicts))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICTS]);
  if (had != bansou_schedule_event_get_conflict (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICT]);
}
