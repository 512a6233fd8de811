/* bansou-schedule-view.c — a week and a month of events on the government calendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * In the spirit of GNOME Calendar's week view, for office work: the week
 * shows Monday to Sunday from 8:00 to 18:00 with the office hours (8:30–
 * 17:15 unless the calendar says otherwise) set off, and the days offices
 * are closed — weekends, national holidays with their names, 年末年始, the
 * prefecture's own days — shaded and named in the header. The month is a
 * grid of six weeks, each day with its events' count and first titles.
 *
 * The events are any GListModel of BansouScheduleEvent, so the view knows
 * nothing of visits. It indexes them (day, minutes, lane among overlapping
 * events) when the model changes; a frame places boxes and text laid out
 * before (bansou-schedule-view-draw.c); the pointer, keys and tooltips are
 * in bansou-schedule-view-input.c.
 */
#define G_LOG_DOMAIN "bansou-schedule"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-schedule-view-private.h"

G_DEFINE_FINAL_TYPE (BansouScheduleView, bansou_schedule_view, GTK_TYPE_WIDGET)

GParamSpec *_bansou_schedule_view_properties[N_PROPS];
guint _bansou_schedule_view_signals[N_SIGNALS];

#define properties _bansou_schedule_view_properties
#define signals _bansou_schedule_view_signals

#define JST_OFFSET (9 * 3600)

/* ---- days -------------------------------------------------------------- */

static guint32
julian_of_unix_day (gint64 unix_day)
{
  static guint32 epoch;

  if (epoch == 0)
    {
      GDate d;

      g_date_clear (&d, 1);
      g_date_set_dmy (&d, 1, G_DATE_JANUARY, 1970);
      epoch = g_date_get_julian (&d);
    }
  return (guint32) (epoch + unix_day);
}

static void
date_of_julian (guint32  julian,
                GDate   *date)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, julian);
}

guint32
_bansou_schedule_view_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return julian_of_unix_day ((g_date_time_to_unix (now) + JST_OFFSET) / 86400);
}

static guint32
monday_on_or_before (guint32 julian)
{
  GDate d;

  date_of_julian (julian, &d);
  return julian - (g_date_get_weekday (&d) - G_DATE_MONDAY);
}

guint32
_bansou_schedule_view_first_day (BansouScheduleView *self)
{
  if (self->mode == BANSOU_SCHEDULE_MONTH)
    {
      GDate d;

      date_of_julian (self->focus_day, &d);
      g_date_set_day (&d, 1);
      return monday_on_or_before (g_date_get_julian (&d));
    }
  return monday_on_or_before (self->focus_day);
}

guint
_bansou_schedule_view_n_days (BansouScheduleView *self)
{
  return self->mode == BANSOU_SCHEDULE_MONTH ? 42 : 7;
}

/**
 * _bansou_schedule_view_day_reason:
 * @business: (out): whether offices are open that day
 *
 * Returns: (nullable): why they are closed (the holiday's name, 年末年始 …)
 */
const char *
_bansou_schedule_view_day_reason (BansouScheduleView *self,
                                  guint32             day,
                                  gboolean           *business)
{
  const char *reason = NULL;
  GDate d;

  date_of_julian (day, &d);
  if (self->calendar == NULL)
    {
      GDateWeekday wd = g_date_get_weekday (&d);

      *business = wd != G_DATE_SATURDAY && wd != G_DATE_SUNDAY;
      return NULL;
    }
  *business = bansou_calendar_is_business_day (self->calendar, &d, &reason);
  return reason;
}

/* ---- the index --------------------------------------------------------- */

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a, *y = b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  if (x->start_min != y->start_min)
    return x->start_min - y->start_min;
  return y->end_min - x->end_min;   /* the longer first: it takes the left lane */
}

/* Lanes within each run of overlapping events of a day, as calendars do:
 * an event takes the first lane free at its start, and every event of the
 * run shares the run's width. */
static void
assign_lanes (Entry *entries,
              guint  n)
{
  g_autoptr(GArray) lane_ends = g_array_new (FALSE, FALSE, sizeof (int));
  guint run_start = 0;
  int run_end = -1;

  for (guint i = 0; i <= n; i++)
    {
      Entry *e = i < n ? &entries[i] : NULL;
      guint lane;

      if (e == NULL || e->start_min >= run_end)
        {
          for (guint j = run_start; j < i; j++)
            entries[j].n_lanes = MAX (lane_ends->len, 1);
          if (e == NULL)
            break;
          g_array_set_size (lane_ends, 0);
          run_start = i;
        }

      for (lane = 0; lane < lane_ends->len; lane++)
        if (g_array_index (lane_ends, int, lane) <= e->start_min)
          break;
      if (lane == lane_ends->len)
        g_array_append_val (lane_ends, e->end_min);
      else
        g_array_index (lane_ends, int, lane) = e->end_min;
      e->lane = MIN (lane, G_MAXUINT16);
      run_end = MAX (run_end, e->end_min);
    }
}

static void
clear_entry (gpointer data)
{
  Entry *e = data;

  g_clear_object (&e->event);
}

static void
rebuild_index (BansouScheduleView *self)
{
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;
  guint i, run;

  g_array_set_size (self->entries, 0);
  for (i = 0; i < n; i++)
    {
      g_autoptr(BansouScheduleEvent) event = g_list_model_get_item (self->model, i);
      gint64 start, end;
      Entry e = { 0 };

      if (event == NULL)
        continue;
      start = g_date_time_to_unix (bansou_schedule_event_get_start (event)) + JST_OFFSET;
      end = g_date_time_to_unix (bansou_schedule_event_get_end (event)) + JST_OFFSET;
      e.day = julian_of_unix_day (start / 86400);
      e.start_min = (int) ((start % 86400) / 60);
      /* An event is shown on its first day only. */
      e.end_min = (int) CLAMP ((end - (start - start % 86400)) / 60, e.start_min + 1, 24 * 60);
      e.conflict = bansou_schedule_event_get_conflict (event);
      e.color = _bansou_schedule_view_color_index (bansou_schedule_event_get_color_class (event));
      e.event = g_steal_pointer (&event);
      g_array_append_val (self->entries, e);
    }
  g_array_sort (self->entries, compare_entries);

  for (i = 0; i < self->entries->len; i = run)
    {
      guint32 day = g_array_index (self->entries, Entry, i).day;

      for (run = i; run < self->entries->len && g_array_index (self->entries, Entry, run).day == day; run++)
        ;
      assign_lanes (&g_array_index (self->entries, Entry, i), run - i);
    }

  if (self->selected != NULL && _bansou_schedule_view_find_entry (self, self->selected) == NULL)
    bansou_schedule_view_set_selected (self, NULL);
  self->hover = NULL;
}

static void
items_changed_cb (GListModel         *model,
                  guint               position,
                  guint               removed,
                  guint               added,
                  BansouScheduleView *self)
{
  rebuild_index (self);
  _bansou_schedule_view_drop_layouts (self);
  _bansou_schedule_view_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The entries of the days first…last: returns how many, and where they
 * start in self->entries. */
guint
_bansou_schedule_view_day_range (BansouScheduleView *self,
                                 guint32             first,
                                 guint32             last,
                                 guint              *start)
{
  guint lo = 0, hi = self->entries->len, from;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->entries, Entry, mid).day < first)
        lo = mid + 1;
      else
        hi = mid;
    }
  from = lo;
  hi = self->entries->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->entries, Entry, mid).day <= last)
        lo = mid + 1;
      else
        hi = mid;
    }
  *start = from;
  return lo - from;
}

const Entry *
_bansou_schedule_view_find_entry (BansouScheduleView  *self,
                                  BansouScheduleEvent *event)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (g_array_index (self->entries, Entry, i).event == event)
      return &g_array_index (self->entries, Entry, i);
  return NULL;
}

/* ---- geometry ---------------------------------------------------------- */

void
_bansou_schedule_view_geometry (BansouScheduleView *self,
                                Geometry           *g)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->mode == BANSOU_SCHEDULE_MONTH)
    {
      g->header_h = 28;
      g->gutter_w = 0;
      g->column_w = floor (width / 7);
      g->row_h = floor (MAX (height - g->header_h, 6 * 40) / 6);
      g->hour_h = 0;
    }
  else
    {
      g->header_h = 52;
      g->gutter_w = 56;
      g->column_w = floor ((width - g->gutter_w) / 7);
      g->hour_h = MAX (height - g->header_h, 10 * 36) / 10;
      g->row_h = 0;
    }
  g->column_w = MAX (g->column_w, 20);
}

/* The box of an event in the week view, or its day's cell in the month;
 * FALSE when the event is not on a shown day. */
gboolean
_bansou_schedule_view_entry_rect (BansouScheduleView *self,
                                  const Geometry     *g,
                                  const Entry        *entry,
                                  graphene_rect_t    *rect)
{
  guint32 first = _bansou_schedule_view_first_day (self);
  guint col;
  double y0, y1, lane_w;

  if (entry->day < first || entry->day >= first + _bansou_schedule_view_n_days (self))
    return FALSE;
  col = entry->day - first;

  if (self->mode == BANSOU_SCHEDULE_MONTH)
    {
      graphene_rect_init (rect, (col % 7) * g->column_w, g->header_h + (col / 7) * g->row_h,
                          g->column_w, g->row_h);
      return TRUE;
    }

  y0 = minute_y (g, entry->start_min);
  y1 = minute_y (g, entry->end_min);
  if (y1 - y0 < 12)   /* outside 8:00–18:00 or very short: still seen */
    {
      if (y0 + 12 > minute_y (g, BANSOU_SCHEDULE_LAST_MINUTE))
        y0 = minute_y (g, BANSOU_SCHEDULE_LAST_MINUTE) - 12;
      y1 = y0 + 12;
    }
  lane_w = (g->column_w - 8) / entry->n_lanes;
  graphene_rect_init (rect, g->gutter_w + col * g->column_w + 3 + entry->lane * lane_w,
                      y0 + 1, MAX (lane_w - 2, 2), y1 - y0 - 2);
  return TRUE;
}

const Entry *
_bansou_schedule_view_hit_entry (BansouScheduleView *self,
                                 double              x,
                                 double              y)
{
  guint32 first = _bansou_schedule_view_first_day (self);
  guint start, n;
  Geometry g;

  if (self->mode != BANSOU_SCHEDULE_WEEK)
    return NULL;
  _bansou_schedule_view_geometry (self, &g);
  n = _bansou_schedule_view_day_range (self, first, first + 6, &start);
  /* The last drawn is on top */
  for (guint i = start + n; i > start; i--)
    {
      const Entry *e = &g_array_index (self->entries, Entry, i - 1);
      graphene_rect_t r;

      if (_bansou_schedule_view_entry_rect (self, &g, e, &r) &&
          graphene_rect_contains_point (&r, &GRAPHENE_POINT_INIT (x, y)))
        return e;
    }
  return NULL;
}

/* The day (and in the week view the minute, rounded down to 15) under a
 * point; FALSE over the header or the hours. */
gboolean
_bansou_schedule_view_hit_slot (BansouScheduleView *self,
                                double              x,
                                double              y,
                                guint32            *day,
                                int                *minute)
{
  guint32 first = _bansou_schedule_view_first_day (self);
  Geometry g;
  int col, row;

  _bansou_schedule_view_geometry (self, &g);
  if (y < g.header_h || x < g.gutter_w)
    return FALSE;
  col = (int) ((x - g.gutter_w) / g.column_w);
  if (col > 6)
    return FALSE;

  if (self->mode == BANSOU_SCHEDULE_MONTH)
    {
      row = (int) ((y - g.header_h) / g.row_h);
      if (row > 5)
        return FALSE;
      *day = first + row * 7 + col;
      *minute = -1;
      return TRUE;
    }

  *day = first + col;
  *minute = BANSOU_SCHEDULE_FIRST_MINUTE + (int) ((y - g.header_h) / g.hour_h * 60 / 15) * 15;
  if (*minute >= BANSOU_SCHEDULE_LAST_MINUTE)
    return FALSE;
  return TRUE;
}

/* ---- focus and what it reads ------------------------------------------- */

static char *
format_day (guint32 day)
{
  g_autoptr(GDateTime) dt = NULL;
  GDate d;

  date_of_julian (day, &d);
  dt = g_date_time_new_local (g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d), 0, 0, 0);
  /* TRANSLATORS: a day in the schedule, strftime: "12月2日(水)" */
  return g_date_time_format (dt, _("%A, %B %-d"));
}

char *
_bansou_schedule_view_describe_entry (BansouScheduleView *self,
                                      const Entry        *entry,
                                      gboolean            markup)
{
  BansouScheduleEvent *ev = entry->event;
  g_autofree char *day = format_day (entry->day);
  g_autofree char *text = NULL;
  const char *conflicts = bansou_schedule_event_get_conflicts (ev);

  /* TRANSLATORS: an event: its day, start and end, title; the subtitle follows */
  text = g_strdup_printf (_("%s %d:%02d–%d:%02d %s"), day,
                          entry->start_min / 60, entry->start_min % 60,
                          entry->end_min / 60, entry->end_min % 60,
                          bansou_schedule_event_get_title (ev));
  if (markup)
    {
      GString *s = g_string_new (NULL);
      g_autofree char *t = g_markup_escape_text (text, -1);
      g_autofree char *sub = g_markup_escape_text (bansou_schedule_event_get_subtitle (ev), -1);

      g_string_append_printf (s, "<b>%s</b>", t);
      if (*sub)
        g_string_append_printf (s, "\n%s", sub);
      if (*conflicts)
        {
          g_auto(GStrv) lines = g_strsplit (conflicts, "\n", -1);

          g_string_append_printf (s, "\n<b>%s</b>", _("Conflicts:"));
          for (guint i = 0; lines[i]; i++)
            if (*lines[i])
              {
                g_autofree char *line = g_markup_escape_text (lines[i], -1);

                g_string_append_printf (s, "\n• %s", line);
              }
        }
      return g_string_free (s, FALSE);
    }

  if (*bansou_schedule_event_get_subtitle (ev))
    {
      char *with = g_strdup_printf ("%s, %s", text, bansou_schedule_event_get_subtitle (ev));

      g_free (text);
      text = with;
    }
  if (*conflicts)
    {
      g_autofree char *flat = g_strdelimit (g_strdup (conflicts), "\n", ' ');
      /* TRANSLATORS: an event's description, then its conflicts */
      char *with = g_strdup_printf (_("%s. Conflicts: %s"), text, flat);

      g_free (text);
      text = with;
    }
  return g_steal_pointer (&text);
}

/**
 * bansou_schedule_view_describe_focus:
 *
 * What a screen reader says of the keyboard's focus (the accessible
 * description): the day, why offices are closed, the slot, and what is
 * scheduled there with its conflicts.
 *
 * Returns: (transfer full): text
 */
char *
bansou_schedule_view_describe_focus (BansouScheduleView *self)
{
  g_autofree char *day = format_day (self->focus_day);
  GString *s = g_string_new (day);
  gboolean business;
  const char *reason = _bansou_schedule_view_day_reason (self, self->focus_day, &business);
  guint start, n;

  if (!business)
    g_string_append_printf (s, " (%s)", reason ? reason : _("Closed"));

  n = _bansou_schedule_view_day_range (self, self->focus_day, self->focus_day, &start);
  if (self->mode == BANSOU_SCHEDULE_WEEK)
    {
      int from = BANSOU_SCHEDULE_FIRST_MINUTE + self->focus_slot * BANSOU_SCHEDULE_SLOT_MINUTES;
      int to = from + BANSOU_SCHEDULE_SLOT_MINUTES;
      guint shown = 0;

      g_string_append_printf (s, " %d:%02d", from / 60, from % 60);
      for (guint i = start; i < start + n; i++)
        {
          const Entry *e = &g_array_index (self->entries, Entry, i);

          if (e->start_min < to && e->end_min > from)
            {
              g_autofree char *text = _bansou_schedule_view_describe_entry (self, e, FALSE);

              g_string_append_printf (s, shown++ ? "; %s" : ": %s", text);
            }
        }
    }
  else
    {
      /* TRANSLATORS: how many events a day has */
      g_string_append_printf (s, ", ");
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", n), n);
    }
  return g_string_free (s, FALSE);
}

void
_bansou_schedule_view_update_accessible (BansouScheduleView *self)
{
  g_autofree char *text = bansou_schedule_view_describe_focus (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

void
_bansou_schedule_view_move_focus (BansouScheduleView *self,
                                  guint32             day,
                                  int                 slot)
{
  guint32 old_first = _bansou_schedule_view_first_day (self);
  gboolean day_changed = day != self->focus_day;

  self->focus_day = CLAMP (day, 1, G_MAXUINT32 - 64);
  self->focus_slot = CLAMP (slot, 0, BANSOU_SCHEDULE_N_SLOTS - 1);
  if (old_first != _bansou_schedule_view_first_day (self))
    g_clear_pointer (&self->month_layouts, g_hash_table_unref);   /* other days */
  if (day_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
  _bansou_schedule_view_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GObject and GtkWidget --------------------------------------------- */

static void
bansou_schedule_view_dispose (GObject *object)
{
  BansouScheduleView *self = BANSOU_SCHEDULE_VIEW (object);

  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->model);
  g_clear_object (&self->model);
  g_array_set_size (self->entries, 0);
  g_clear_object (&self->calendar);
  g_clear_object (&self->selected);
  _bansou_schedule_view_drop_layouts (self);
  for (guint i = 0; i < G_N_ELEMENTS (self->hour_layouts); i++)
    g_clear_object (&self->hour_layouts[i]);
  g_clear_object (&self->warning_icon);

  G_OBJECT_CLASS (bansou_schedule_view_parent_class)->dispose (object);
}

static void
bansou_schedule_view_finalize (GObject *object)
{
  BansouScheduleView *self = BANSOU_SCHEDULE_VIEW (object);

  g_array_unref (self->entries);

  G_OBJECT_CLASS (bansou_schedule_view_parent_class)->finalize (object);
}

static void
bansou_schedule_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BansouScheduleView *self = BANSOU_SCHEDULE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CALENDAR:
      g_value_set_object (value, self->calendar);
      break;
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    case PROP_DATE:
      {
        GDate d;
        char buf[16];

        date_of_julian (self->focus_day, &d);
        g_snprintf (buf, sizeof buf, "%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
        g_value_set_string (value, buf);
      }
      break;
    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_schedule_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BansouScheduleView *self = BANSOU_SCHEDULE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CALENDAR:
      bansou_schedule_view_set_calendar (self, g_value_get_object (value));
      break;
    case PROP_MODEL:
      bansou_schedule_view_set_model (self, g_value_get_object (value));
      break;
    case PROP_MODE:
      bansou_schedule_view_set_mode (self, g_value_get_int (value));
      break;
    case PROP_SELECTED:
      bansou_schedule_view_set_selected (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_schedule_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 56 + 7 * 60;
      *natural = 56 + 7 * 140;
    }
  else
    {
      *minimum = 52 + 10 * 36;
      *natural = 52 + 10 * 56;
    }
}

static void
bansou_schedule_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  BansouScheduleView *self = BANSOU_SCHEDULE_VIEW (widget);
  Geometry g;

  _bansou_schedule_view_geometry (self, &g);
  if ((int) g.column_w != self->layout_width)
    _bansou_schedule_view_drop_layouts (self);
}

static void
bansou_schedule_view_css_changed (GtkWidget         *widget,
                                  GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bansou_schedule_view_parent_class)->css_changed (widget, change);
  /* Fonts or colours may have changed: lay the text out again. */
  _bansou_schedule_view_drop_layouts (BANSOU_SCHEDULE_VIEW (widget));
  for (guint i = 0; i < G_N_ELEMENTS (BANSOU_SCHEDULE_VIEW (widget)->hour_layouts); i++)
    g_clear_object (&BANSOU_SCHEDULE_VIEW (widget)->hour_layouts[i]);
}

static void
bansou_schedule_view_class_init (BansouScheduleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = bansou_schedule_view_dispose;
  object_class->finalize = bansou_schedule_view_finalize;
  object_class->get_property = bansou_schedule_view_get_property;
  object_class->set_property = bansou_schedule_view_set_property;

  widget_class->snapshot = _bansou_schedule_view_snapshot;
  widget_class->measure = bansou_schedule_view_measure;
  widget_class->size_allocate = bansou_schedule_view_size_allocate;
  widget_class->css_changed = bansou_schedule_view_css_changed;
  widget_class->query_tooltip = _bansou_schedule_view_query_tooltip;

  properties[PROP_CALENDAR] = g_param_spec_object ("calendar", NULL, NULL, BANSOU_TYPE_CALENDAR, flags);
  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_MODE] = g_param_spec_int ("mode", NULL, NULL, BANSOU_SCHEDULE_WEEK, BANSOU_SCHEDULE_MONTH,
                                            BANSOU_SCHEDULE_WEEK, flags);
  properties[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] = g_param_spec_object ("selected", NULL, NULL, BANSOU_TYPE_SCHEDULE_EVENT, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BansouScheduleView::event-activated:
   *
   * A double click or Enter on an event.
   */
  signals[EVENT_ACTIVATED] =
    g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BANSOU_TYPE_SCHEDULE_EVENT);

  /**
   * BansouScheduleView::slot-proposed:
   * @start: (transfer none): the start, Japan time
   * @end: (transfer none): the end
   *
   * A drag over empty space, or Enter on an empty slot: the caller may
   * offer to schedule something there.
   */
  signals[SLOT_PROPOSED] =
    g_signal_new ("slot-proposed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DATE_TIME, G_TYPE_DATE_TIME);

  _bansou_schedule_view_class_init_input (widget_class);

  gtk_widget_class_set_css_name (widget_class, "scheduleview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
bansou_schedule_view_init (BansouScheduleView *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, clear_entry);
  self->focus_day = _bansou_schedule_view_today ();
  self->focus_slot = 2;   /* 9:00 */
  self->layout_width = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  _bansou_schedule_view_init_input (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Schedule"),
                                  -1);
}

/* ---- public API -------------------------------------------------------- */

GtkWidget *
bansou_schedule_view_new (void)
{
  return g_object_new (BANSOU_TYPE_SCHEDULE_VIEW, NULL);
}

/**
 * bansou_schedule_view_get_calendar:
 *
 * Returns: (transfer none) (nullable): the calendar that names closed days
 */
BansouCalendar *
bansou_schedule_view_get_calendar (BansouScheduleView *self)
{
  g_return_val_if_fail (BANSOU_IS_SCHEDULE_VIEW (self), NULL);
  return self->calendar;
}

/* Without a calendar only weekends are closed. */
void
bansou_schedule_view_set_calendar (BansouScheduleView *self,
                                   BansouCalendar     *calendar)
{
  g_return_if_fail (BANSOU_IS_SCHEDULE_VIEW (self));
  g_return_if_fail (calendar == NULL || BANSOU_IS_CALENDAR (calendar));

  if (!g_set_object (&self->calendar, calendar))
    return;
  _bansou_schedule_view_drop_layouts (self);
  _bansou_schedule_view_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALENDAR]);
}

/**
 * bansou_schedule_view_get_model:
 *
 * Returns: (transfer none) (nullable): the events
 */
GListModel *
bansou_schedule_view_get_model (BansouScheduleView *self)
{
  g_return_val_if_fail (BANSOU_IS_SCHEDULE_VIEW (self), NULL);
  return self->model;
}

/**
 * bansou_schedule_view_set_model:
 * @model: (nullable): a list of #BansouScheduleEvent
 */
void
bansou_schedule_view_set_model (BansouScheduleView *self,
                                GListModel         *model)
{
  g_return_if_fail (BANSOU_IS_SCHEDULE_VIEW (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->model);
  g_set_object (&self->model, model);
  if (model != NULL)
    self->items_changed_id = g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), self);
  items_changed_cb (model, 0, 0, 0, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

BansouScheduleMode
bansou_schedule_view_get_mode (BansouScheduleView *self)
{
  g_return_val_if_fail (BANSOU_IS_SCHEDULE_VIEW (self), BANSOU_SCHEDULE_WEEK);
  return self->mode;
}

void
bansou_schedule_view_set_mode (BansouScheduleView *self,
                               BansouScheduleMode  mode)
{
  g_return_if_fail (BANSOU_IS_SCHEDULE_VIEW (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  self->dragging = FALSE;
  _bansou_schedule_view_drop_layouts (self);
  _bansou_schedule_view_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

/**
 * bansou_schedule_view_get_date:
 * @date: (out caller-allocates): the focus day
 */
void
bansou_schedule_view_get_date (BansouScheduleView *self,
                               GDate              *date)
{
  g_return_if_fail (BANSOU_IS_SCHEDULE_VIEW (self));
  date_of_julian (self->focus_day, date);
}

/* Moves the focus to @date: its week (or month) is shown. */
void
bansou_schedule_view_set_date (BansouScheduleView *self,
                               const GDate        *date)
{
  g_return_if_fail (BANSOU_IS_SCHEDULE_VIEW (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  _bansou_schedule_view_move_focus (self, g_date_get_julian (date), self->focus_slot);
}

/* The keyboard's half-hour slot from 8:00 (0) to 17:30. */
guint
bansou_schedule_view_get_focus_slot (BansouScheduleView *self)
{
  g_return_val_if_fail (BANSOU_IS_SCHEDULE_VIEW (self), 0);
  return self->focus_slot;
}

void
bansou_schedule_view_set_focus_slot (BansouScheduleView *self,
                                     guint               slot)
{
  g_return_if_fail (BANSOU_IS_SCHEDULE_VIEW (self));
  _bansou_schedule_view_move_focus (self, self->focus_day, slot);
}

/**
 * bansou_schedule_view_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected event
 */
BansouScheduleEvent *
bansou_schedule_view_get_selected (BansouScheduleView *self)
{
  g_return_val_if_fail (BANSOU_IS_SCHEDULE_VIEW (self), NULL);
  return self->selected;
}

void
bansou_schedule_view_set_selected (BansouScheduleView  *self,
                                   BansouScheduleEvent *event)
{
  g_return_if_fail (BANSOU_IS_SCHEDULE_VIEW (self));
  g_return_if_fail (event == NULL || BANSOU_IS_SCHEDULE_EVENT (event));

  if (!g_set_object (&self->selected, event))
    return;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/**
 * bansou_schedule_view_get_range:
 * @first: (out caller-allocates): the first day shown (a Monday)
 * @last: (out caller-allocates): the last
 */
void
bansou_schedule_view_get_range (BansouScheduleView *self,
                                GDate              *first,
                                GDate              *last)
{
  guint32 f;

  g_return_if_fail (BANSOU_IS_SCHEDULE_VIEW (self));
  f = _bansou_schedule_view_first_day (self);
  date_of_julian (f, first);
  date_of_julian (f + _bansou_schedule_view_n_days (self) - 1, last);
}

/**
 * bansou_schedule_view_get_event_area:
 * @area: (out): the event's box in the week view, its day's cell in the
 *   month view, in widget coordinates
 *
 * Returns: whether @event is shown
 */
gboolean
bansou_schedule_view_get_event_area (BansouScheduleView  *self,
                                     BansouScheduleEvent *event,
                                     graphene_rect_t     *area)
{
  const Entry *e;
  Geometry g;

  g_return_val_if_fail (BANSOU_IS_SCHEDULE_VIEW (self), FALSE);

  if ((e = _bansou_schedule_view_find_entry (self, event)) == NULL)
    return FALSE;
  _bansou_schedule_view_geometry (self, &g);
  return _bansou_schedule_view_entry_rect (self, &g, e, area);
}

/**
 * bansou_schedule_view_describe_day:
 *
 * What the header says of @date: the weekday, and why offices are closed.
 *
 * Returns: (transfer full): text
 */
char *
bansou_schedule_view_describe_day (BansouScheduleView *self,
                                   const GDate        *date)
{
  g_autofree char *day = NULL;
  gboolean business;
  const char *reason;

  g_return_val_if_fail (BANSOU_IS_SCHEDULE_VIEW (self), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  day = format_day (g_date_get_julian (date));
  reason = _bansou_schedule_view_day_reason (self, g_date_get_julian (date), &business);
  if (business || reason == NULL)
    return g_steal_pointer (&day);
  return g_strdup_printf ("%s (%s)", day, reason);
}
