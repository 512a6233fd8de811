/* bench-week-view.c — how fast the schedule's week and month views draw
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A prefecture's year of visits (≈ 10,000 events, ≈ 200 in a week, a few
 * with conflicts) in a BansouScheduleView on the national calendar, in an
 * undecorated 1600×1000 window, timed by the frame clock from before-paint
 * to after-paint as bench-heatmap does: paging a week further every frame
 * (every event laid out anew), moving the keyboard's focus within one week
 * (the layouts kept), and paging months. Prints figures; asserts nothing
 * about time.
 *
 *   xvfb-run -a -s '-screen 0 1600x1000x24' meson test -C BUILD --benchmark week-view
 */
#include "config.h"

#include <locale.h>
#include <adwaita.h>

#include "bansou-test-utils.h"
#include "bansou-schedule-view.h"

#define N_FRAMES 300

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y ? 1 : 0;
}

static double
percentile (GArray *values,
            double  p)
{
  guint i;

  g_array_sort (values, compare_doubles);
  i = (guint) CLAMP (p * (values->len - 1) + 0.5, 0, values->len - 1);
  return g_array_index (values, double, i);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
report (const char *what,
        GArray     *ms,
        const char *target)
{
  g_print ("%-50s median %8.3f ms   p90 %8.3f ms   max %8.3f ms   (n=%u; target %s)\n",
           what, percentile (ms, 0.5), percentile (ms, 0.9), percentile (ms, 1.0), ms->len, target);
}

/* A year from 2026-04-01: on every business day about forty visits of
 * one to three hours between 8:30 and 17:00 by sixty experts to the
 * bodies of a prefecture; one in forty has a conflict. Deterministic. */
static GListStore *
make_year (BansouCalendar *calendar,
           guint          *n_max_week)
{
  static const char * const bodies[] = {
    "鳥取市", "米子市", "倉吉市", "境港市", "岩美町", "若桜町", "智頭町", "八頭町", "三朝町", "湯梨浜町",
    "琴浦町", "北栄町", "日吉津村", "大山町", "南部町", "伯耆町", "日南町", "日野町", "江府町", "鳥取県",
  };
  g_autoptr(GTimeZone) jst = g_time_zone_new_offset (9 * 3600);
  GListStore *store = g_list_store_new (BANSOU_TYPE_SCHEDULE_EVENT);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint32 seed = 12345, week = 0, in_week = 0;
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 1, G_DATE_APRIL, 2026);
  *n_max_week = 0;
  for (guint day = 0; day < 365; day++, g_date_add_days (&d, 1))
    {
      guint n;

      if (g_date_get_weekday (&d) == G_DATE_MONDAY)
        {
          *n_max_week = MAX (*n_max_week, in_week);
          in_week = 0;
          week++;
        }
      if (!bansou_calendar_is_business_day (calendar, &d, NULL))
        continue;
      n = 36 + (day * 7) % 9;
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GDateTime) start = NULL;
          g_autoptr(GDateTime) end = NULL;
          g_autofree char *id = NULL;
          g_autofree char *subtitle = NULL;
          BansouScheduleEvent *ev;
          int from, length;

          seed = seed * 1103515245 + 12345;
          from = 510 + ((seed >> 8) % 16) * 30;
          length = 60 + ((seed >> 16) % 5) * 30;
          start = g_date_time_new (jst, g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d),
                                   from / 60, from % 60, 0);
          end = g_date_time_add_minutes (start, MIN (length, 1035 - from + 60));
          id = g_strdup_printf ("visit-%u", items->len + 1);
          subtitle = g_strdup_printf ("専門人材 %02u", (seed >> 4) % 60 + 1);
          ev = bansou_schedule_event_new (id, start, end, bodies[(seed >> 12) % G_N_ELEMENTS (bodies)], subtitle);
          bansou_schedule_event_set_color_class (ev, ((seed >> 20) % 3) == 0 ? "green" : "blue");
          if ((seed >> 6) % 40 == 0)
            bansou_schedule_event_set_conflicts (ev, "ダブルブッキング: 同じ専門人材の別の訪問と重なります");
          g_ptr_array_add (items, ev);
          in_week++;
        }
    }
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return store;
}

/* The floor: a widget whose whole picture is one colour that changes every
 * frame, so GTK repaints the whole window each time and draws nothing
 * (as in bench-heatmap). */
#define FLOOR_TYPE_WIDGET (floor_widget_get_type ())
G_DECLARE_FINAL_TYPE (FloorWidget, floor_widget, FLOOR, WIDGET, GtkWidget)
struct _FloorWidget { GtkWidget parent_instance; guint n; };
G_DEFINE_FINAL_TYPE (FloorWidget, floor_widget, GTK_TYPE_WIDGET)

static void
floor_widget_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  FloorWidget *self = FLOOR_WIDGET (widget);
  GdkRGBA color = { 1, 1, (self->n++ % 100) / 100.0, 1 };

  gtk_snapshot_append_color (snapshot, &color,
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
}

static void
floor_widget_class_init (FloorWidgetClass *klass)
{
  GTK_WIDGET_CLASS (klass)->snapshot = floor_widget_snapshot;
}

static void
floor_widget_init (FloorWidget *self)
{
}

typedef struct
{
  GtkWidget *view;
  const char *action;   /* activated every frame */
  GVariant  *parameter;
  GArray    *frames;
  double     start;
  gboolean   in_frame;
  guint      n;
  gboolean   done;
  guint32    first_day;
  guint32    last_day;
} Frames;

static void
before_paint_cb (GdkFrameClock *clock,
                 Frames        *f)
{
  f->start = now_ms ();
  f->in_frame = TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *f)
{
  double ms;

  if (!f->in_frame)
    return;
  f->in_frame = FALSE;
  ms = now_ms () - f->start;
  if (++f->n > 10)   /* the window maps, fonts load */
    g_array_append_val (f->frames, ms);
  if (f->frames->len >= N_FRAMES)
    f->done = TRUE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Frames *f = user_data;

  if (f->action != NULL)
    {
      GDate d;

      gtk_widget_activate_action_variant (f->view, f->action, f->parameter);
      /* Round the year of visits again, never into empty weeks */
      bansou_schedule_view_get_date (BANSOU_SCHEDULE_VIEW (f->view), &d);
      if (g_date_get_julian (&d) > f->last_day)
        {
          g_date_set_julian (&d, f->first_day);
          bansou_schedule_view_set_date (BANSOU_SCHEDULE_VIEW (f->view), &d);
        }
    }
  else
    gtk_widget_queue_draw (f->view);
  return f->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
bench_frames (BansouCalendar     *calendar,
              GListModel         *model,
              BansouScheduleMode  mode,
              const char         *action,
              GVariant           *parameter,
              const char         *label)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = calendar ? bansou_schedule_view_new () : g_object_new (FLOOR_TYPE_WIDGET, NULL);
  GdkFrameClock *clock;
  Frames f = { 0 };
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 6, G_DATE_APRIL, 2026);   /* the first Monday of the year of visits */
  if (calendar != NULL)
    {
      bansou_schedule_view_set_calendar (BANSOU_SCHEDULE_VIEW (view), calendar);
      bansou_schedule_view_set_model (BANSOU_SCHEDULE_VIEW (view), model);
      bansou_schedule_view_set_mode (BANSOU_SCHEDULE_VIEW (view), mode);
      bansou_schedule_view_set_date (BANSOU_SCHEDULE_VIEW (view), &d);
    }

  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (view);
  gtk_test_widget_wait_for_draw (window);

  f.view = view;
  f.first_day = g_date_get_julian (&d);
  f.last_day = f.first_day + 51 * 7;   /* 2027-03-29 */
  f.action = action;
  f.parameter = parameter ? g_variant_ref_sink (parameter) : NULL;
  f.frames = g_array_new (FALSE, FALSE, sizeof (double));
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &f);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &f);
  gtk_widget_add_tick_callback (view, tick_cb, &f, NULL);
  while (!f.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (clock, &f);

  if (f.frames->len == 0)
    g_print ("%-50s no frames drawn\n", label);
  else
    report (label, f.frames, calendar ? "< 8 ms median" : "—");

  /* The widget's own share: its snapshot alone, the week it ended on */
  if (calendar != NULL)
    {
      g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < 100; i++)
        {
          GtkSnapshot *snapshot = gtk_snapshot_new ();
          double t = now_ms (), dt;

          if (f.action != NULL)
            gtk_widget_activate_action_variant (f.view, f.action, f.parameter);
          GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
          gsk_render_node_unref (gtk_snapshot_free_to_node (snapshot));
          dt = now_ms () - t;
          g_array_append_val (ms, dt);
        }
      report ("  … of which the widget's snapshot", ms, "—");
    }

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_array_unref (f.frames);
  g_clear_pointer (&f.parameter, g_variant_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BansouCalendar) calendar = NULL;
  g_autoptr(GListStore) year = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_week;
  double t;

  setlocale (LC_ALL, "");
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  bansou_core_init ();
  if (!gtk_init_check ())
    {
      g_print ("No display: frames not measured (run under xvfb-run)\n");
      return 0;
    }
  adw_init ();

  calendar = bansou_calendar_new ();
  year = make_year (calendar, &n_week);
  g_print ("A year of visits: %u events, up to %u in a week\n",
           g_list_model_get_n_items (G_LIST_MODEL (year)), n_week);

  /* Indexing: what a change of the model costs (sorting, lanes) */
  {
    GtkWidget *view = g_object_ref_sink (bansou_schedule_view_new ());

    for (guint i = 0; i < 6; i++)
      {
        t = now_ms ();
        bansou_schedule_view_set_model (BANSOU_SCHEDULE_VIEW (view), G_LIST_MODEL (year));
        {
          double dt = now_ms () - t;
          if (i > 0)
            g_array_append_val (ms, dt);
        }
        bansou_schedule_view_set_model (BANSOU_SCHEDULE_VIEW (view), NULL);
      }
    report ("index a year of events (set_model)", ms, "—");
    g_object_unref (view);
  }

  bench_frames (NULL, NULL, 0, NULL, NULL, "floor: repaint 1600×1000 with one colour");
  bench_frames (calendar, G_LIST_MODEL (year), BANSOU_SCHEDULE_WEEK, "schedule.page", g_variant_new_int32 (1),
                "week view, a new week every frame (PageDown)");
  bench_frames (calendar, G_LIST_MODEL (year), BANSOU_SCHEDULE_WEEK, "schedule.move", g_variant_new ("(ii)", 1, 0),
                "week view, focus moves a day every frame");
  bench_frames (calendar, G_LIST_MODEL (year), BANSOU_SCHEDULE_MONTH, "schedule.page", g_variant_new_int32 (1),
                "month view, a new month every frame");
  return 0;
}
