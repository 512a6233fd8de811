/* test-dispatch-schedule.c — the schedule widget of the 派遣 page under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A week in Golden Week 2026 on the national calendar: 5/4 みどりの日,
 * 5/5 こどもの日, 5/6 振替休日 closed and named; three visits on 5/7–5/8,
 * two of them overlapping with a conflict. The keys move the focus, Enter
 * and clicks land on the right event, a drag proposes the right slot, and
 * the drawing shades the closed days and marks the conflict in red — read
 * back from the rendered pixels.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <adwaita.h>

#include "bansou-gui-test-utils.h"
#include "bansou-test-utils.h"
#include "bansou-schedule-view.h"

#define CONFLICT_TEXT "ダブルブッキング: 山田 の 鳥取市 訪問と重なります"

static gboolean have_display;

typedef struct
{
  BansouCalendar      *calendar;
  GListStore          *events;
  BansouScheduleEvent *tottori;    /* 5/7 10:00–11:30 */
  BansouScheduleEvent *yonago;     /* 5/7 10:30–12:00, conflict */
  BansouScheduleEvent *kurayoshi;  /* 5/8 14:00–15:00 */
  GtkWindow           *window;
  BansouScheduleView  *view;

  GPtrArray           *activated;
  GDateTime           *proposed_start;
  GDateTime           *proposed_end;
} Fixture;

static GDate *
day (int m,
     int d)
{
  return g_date_new_dmy (d, m, 2026);
}

static BansouScheduleEvent *
add_event (Fixture    *fx,
           const char *id,
           int         month,
           int         d,
           int         from,
           int         to,
           const char *title,
           const char *subtitle)
{
  g_autoptr(GTimeZone) jst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) start = g_date_time_new (jst, 2026, month, d, from / 60, from % 60, 0);
  g_autoptr(GDateTime) end = g_date_time_new (jst, 2026, month, d, to / 60, to % 60, 0);
  BansouScheduleEvent *ev = bansou_schedule_event_new (id, start, end, title, subtitle);

  g_list_store_append (fx->events, ev);
  g_object_unref (ev);
  return ev;
}

static void
activated_cb (BansouScheduleView  *view,
              BansouScheduleEvent *event,
              Fixture             *fx)
{
  g_ptr_array_add (fx->activated, g_object_ref (event));
}

static void
proposed_cb (BansouScheduleView *view,
             GDateTime          *start,
             GDateTime          *end,
             Fixture            *fx)
{
  g_clear_pointer (&fx->proposed_start, g_date_time_unref);
  g_clear_pointer (&fx->proposed_end, g_date_time_unref);
  fx->proposed_start = g_date_time_ref (start);
  fx->proposed_end = g_date_time_ref (end);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GDate) thursday = day (5, 7);

  if (!have_display)
    {
      g_test_skip ("No display: run the gui suite under xvfb-run");
      return;
    }

  fx->calendar = bansou_calendar_new ();
  fx->events = g_list_store_new (BANSOU_TYPE_SCHEDULE_EVENT);
  fx->activated = g_ptr_array_new_with_free_func (g_object_unref);
  fx->tottori = add_event (fx, "v1", 5, 7, 600, 690, "鳥取市", "山田");
  fx->yonago = add_event (fx, "v2", 5, 7, 630, 720, "米子市", "山田");
  fx->kurayoshi = add_event (fx, "v3", 5, 8, 840, 900, "倉吉市", "佐藤");
  /* Set before the view reads the model */
  bansou_schedule_event_set_conflicts (fx->yonago, CONFLICT_TEXT);

  fx->view = BANSOU_SCHEDULE_VIEW (bansou_schedule_view_new ());
  bansou_schedule_view_set_calendar (fx->view, fx->calendar);
  bansou_schedule_view_set_model (fx->view, G_LIST_MODEL (fx->events));
  bansou_schedule_view_set_date (fx->view, thursday);
  bansou_schedule_view_set_focus_slot (fx->view, 4);   /* 10:00 */
  g_signal_connect (fx->view, "event-activated", G_CALLBACK (activated_cb), fx);
  g_signal_connect (fx->view, "slot-proposed", G_CALLBACK (proposed_cb), fx);

  /* Undecorated: widget and surface coordinates agree, for xdotool. */
  fx->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (fx->window, "bansou-schedule-view-test");
  gtk_window_set_decorated (fx->window, FALSE);
  gtk_window_set_default_size (fx->window, 1050, 660);
  gtk_window_set_child (fx->window, GTK_WIDGET (fx->view));
  gtk_window_present (fx->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->window));
  bansou_gui_test_drain ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (!have_display)
    return;
  gtk_window_destroy (fx->window);
  bansou_gui_test_drain ();
  g_clear_object (&fx->events);
  g_clear_object (&fx->calendar);
  g_clear_pointer (&fx->activated, g_ptr_array_unref);
  g_clear_pointer (&fx->proposed_start, g_date_time_unref);
  g_clear_pointer (&fx->proposed_end, g_date_time_unref);
}

static void
assert_date (Fixture *fx,
             int      month,
             int      d)
{
  GDate date;

  bansou_schedule_view_get_date (fx->view, &date);
  g_assert_cmpint (g_date_get_month (&date), ==, month);
  g_assert_cmpint (g_date_get_day (&date), ==, d);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  return NULL;
}

/* The widget as the window's renderer draws it, RGBA bytes. */
static guchar *
render (Fixture *fx,
        int     *width,
        int     *height,
        gsize   *stride)
{
  GtkWidget *w = GTK_WIDGET (fx->view);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *dir = g_getenv ("BANSOU_SHOT_DIR");   /* to look at it */
  guchar *data;

  GdkRGBA white = { 1, 1, 1, 1 };

  /* The widget's own drawing on white, as its snapshot vfunc makes it */
  *width = gtk_widget_get_width (w);
  *height = gtk_widget_get_height (w);
  gtk_snapshot_append_color (snapshot, &white, &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  GTK_WIDGET_GET_CLASS (w)->snapshot (w, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (fx->window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  if (dir != NULL)
    {
      g_autofree char *path = g_build_filename (dir, g_test_get_path () + 1, NULL);
      g_autofree char *file = g_strdelimit (g_strconcat (path, ".png", NULL), " ", '_');
      g_autofree char *parent = g_path_get_dirname (file);

      g_mkdir_with_parents (parent, 0755);
      gdk_texture_save_to_png (texture, file);
    }
  *stride = *width * 4;
  data = g_malloc (*stride * *height);
  gdk_texture_download (texture, data, *stride);
  return data;
}

/* gdk_texture_download gives Cairo's ARGB32 in native order: B, G, R, A. */
static void
pixel (const guchar *data,
       gsize         stride,
       int           x,
       int           y,
       int          *r,
       int          *g,
       int          *b)
{
  const guchar *p = data + y * stride + x * 4;

  *b = p[0];
  *g = p[1];
  *r = p[2];
}

/* ---- the calendar ------------------------------------------------------ */

static void
test_schedule_holidays (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GDate) monday = day (5, 4), tuesday = day (5, 5), wednesday = day (5, 6), friday = day (5, 8);
  g_autoptr(GDate) year_end = g_date_new_dmy (30, 12, 2026);
  g_autofree char *m = bansou_schedule_view_describe_day (fx->view, monday);
  g_autofree char *t = bansou_schedule_view_describe_day (fx->view, tuesday);
  g_autofree char *w = bansou_schedule_view_describe_day (fx->view, wednesday);
  g_autofree char *f = bansou_schedule_view_describe_day (fx->view, friday);
  g_autofree char *ye = bansou_schedule_view_describe_day (fx->view, year_end);
  const char *reason = NULL;
  g_autofree guchar *pixels = NULL;
  graphene_rect_t kurayoshi;
  GDate first, last;
  int width, height, r1, g1, b1, r2, g2, b2;
  gsize stride;

  bansou_schedule_view_get_range (fx->view, &first, &last);
  g_assert_cmpint (g_date_get_day (&first), ==, 4);
  g_assert_cmpint (g_date_get_weekday (&first), ==, G_DATE_MONDAY);
  g_assert_cmpint (g_date_get_day (&last), ==, 10);

  g_assert_nonnull (strstr (m, "みどりの日"));
  g_assert_nonnull (strstr (t, "こどもの日"));
  g_assert_nonnull (strstr (w, "振替休日"));
  g_assert_null (strchr (f, '('));   /* a business day: no reason */
  g_assert_false (bansou_calendar_is_business_day (fx->calendar, year_end, &reason));
  g_assert_nonnull (strstr (ye, reason));

  /* Drawn: at 16:30 the closed Monday is shaded unlike the open Friday
   * (whose office hours are tinted); the same on the two sides otherwise. */
  g_assert_true (bansou_schedule_view_get_event_area (fx->view, fx->kurayoshi, &kurayoshi));
  pixels = render (fx, &width, &height, &stride);
  {
    /* Friday's column starts 4 columns right of Monday's */
    double column = (width - 56) / 7.0;
    int x_mon = 56 + (int) (column / 2), x_fri = (int) (kurayoshi.origin.x + column / 2);
    int y = (int) (kurayoshi.origin.y + kurayoshi.size.height + 1.5 * (kurayoshi.size.height + 2));

    g_assert_cmpint (x_fri, <, width);
    g_assert_cmpint (y, <, height);
    pixel (pixels, stride, x_mon, y, &r1, &g1, &b1);
    pixel (pixels, stride, x_fri, y, &r2, &g2, &b2);
    g_assert_true (r1 != r2 || g1 != g2 || b1 != b2);
  }
}

static void
test_schedule_conflict (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *focus = NULL;
  g_autofree guchar *pixels = NULL;
  g_autofree char *failure = NULL;
  graphene_rect_t area, plain;
  int width, height, r, g, b;
  gsize stride;

  g_assert_true (bansou_schedule_event_get_conflict (fx->yonago));
  g_assert_false (bansou_schedule_event_get_conflict (fx->tottori));

  /* The focus at 10:30 on 5/7 reads both visits and the conflict. */
  bansou_schedule_view_set_focus_slot (fx->view, 5);
  focus = bansou_schedule_view_describe_focus (fx->view);
  g_assert_nonnull (strstr (focus, "鳥取市"));
  g_assert_nonnull (strstr (focus, "米子市"));
  g_assert_nonnull (strstr (focus, CONFLICT_TEXT));
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (fx->view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, focus);
  g_assert_null (failure);

  /* Overlapping: side by side, the conflict drawn with a red stripe */
  g_assert_true (bansou_schedule_view_get_event_area (fx->view, fx->yonago, &area));
  g_assert_true (bansou_schedule_view_get_event_area (fx->view, fx->tottori, &plain));
  g_assert_cmpfloat (area.origin.x, >=, plain.origin.x + plain.size.width);
  pixels = render (fx, &width, &height, &stride);
  pixel (pixels, stride, (int) area.origin.x + 2, (int) (area.origin.y + area.size.height / 2), &r, &g, &b);
  g_assert_cmpint (r, >, 180);
  g_assert_cmpint (g, <, 80);
  g_assert_cmpint (b, <, 80);
  pixel (pixels, stride, (int) plain.origin.x + 2, (int) (plain.origin.y + plain.size.height / 2), &r, &g, &b);
  g_assert_false (r > 180 && g < 80 && b < 80);
}

/* ---- keys -------------------------------------------------------------- */

static void
test_schedule_keyboard (Fixture       *fx,
                        gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (fx->view);
  g_autofree char *focus = NULL;
  GDate today;

  gtk_widget_grab_focus (view);
  assert_date (fx, 5, 7);
  gtk_widget_activate_action (view, "schedule.move", "(ii)", 1, 0);
  assert_date (fx, 5, 8);
  gtk_widget_activate_action (view, "schedule.move", "(ii)", 0, 1);
  g_assert_cmpuint (bansou_schedule_view_get_focus_slot (fx->view), ==, 5);
  /* The focus stays within 8:00–18:00 */
  for (guint i = 0; i < 40; i++)
    gtk_widget_activate_action (view, "schedule.move", "(ii)", 0, 1);
  g_assert_cmpuint (bansou_schedule_view_get_focus_slot (fx->view), ==, BANSOU_SCHEDULE_N_SLOTS - 1);
  gtk_widget_activate_action (view, "schedule.page", "i", 1);
  assert_date (fx, 5, 15);
  gtk_widget_activate_action (view, "schedule.page", "i", -1);
  gtk_widget_activate_action (view, "schedule.move", "(ii)", -4, 0);
  assert_date (fx, 5, 4);
  focus = bansou_schedule_view_describe_focus (fx->view);
  g_assert_nonnull (strstr (focus, "みどりの日"));

  gtk_widget_activate_action (view, "schedule.today", NULL);
  bansou_schedule_view_get_date (fx->view, &today);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now (g_time_zone_new_offset (9 * 3600));

    g_assert_cmpint (g_date_get_day (&today), ==, g_date_time_get_day_of_month (now));
    g_assert_cmpint (g_date_get_month (&today), ==, g_date_time_get_month (now));
  }
}

static void
test_schedule_enter (Fixture       *fx,
                     gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (fx->view);
  g_autoptr(GDate) friday = day (5, 8);

  gtk_widget_grab_focus (view);
  bansou_schedule_view_set_focus_slot (fx->view, 5);   /* 10:30: both */
  gtk_widget_activate_action (view, "schedule.activate", NULL);
  g_assert_cmpuint (fx->activated->len, ==, 1);
  g_assert_true (g_ptr_array_index (fx->activated, 0) == fx->tottori);
  g_assert_true (bansou_schedule_view_get_selected (fx->view) == fx->tottori);

  /* Space moves the selection to the next event in the slot */
  gtk_widget_activate_action (view, "schedule.select", NULL);
  g_assert_true (bansou_schedule_view_get_selected (fx->view) == fx->yonago);
  gtk_widget_activate_action (view, "schedule.activate", NULL);
  g_assert_cmpuint (fx->activated->len, ==, 2);
  g_assert_true (g_ptr_array_index (fx->activated, 1) == fx->yonago);

  /* Enter on an empty slot proposes an hour from it */
  bansou_schedule_view_set_date (fx->view, friday);
  bansou_schedule_view_set_focus_slot (fx->view, 0);
  gtk_widget_activate_action (view, "schedule.activate", NULL);
  g_assert_nonnull (fx->proposed_start);
  g_assert_cmpint (g_date_time_get_day_of_month (fx->proposed_start), ==, 8);
  g_assert_cmpint (g_date_time_get_hour (fx->proposed_start), ==, 8);
  g_assert_cmpint (g_date_time_get_hour (fx->proposed_end), ==, 9);
  g_assert_cmpint (g_date_time_get_utc_offset (fx->proposed_start) / G_USEC_PER_SEC, ==, 9 * 3600);
}

static gboolean
window_origin (int *x,
               int *y)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "xdotool", "search", "--name", "bansou-schedule-view-test",
                         "getwindowgeometry", "--shell", NULL };
  g_auto(GStrv) lines = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return FALSE;
  *x = *y = -1;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "X="))
        *x = atoi (lines[i] + 2);
      else if (g_str_has_prefix (lines[i], "Y="))
        *y = atoi (lines[i] + 2);
    }
  return *x >= 0 && *y >= 0;
}

static gboolean
tottori_selected (gpointer data)
{
  Fixture *fx = data;

  return bansou_schedule_view_get_selected (fx->view) == fx->tottori;
}

static gboolean
at_may_15 (gpointer data)
{
  GDate d;

  bansou_schedule_view_get_date (((Fixture *) data)->view, &d);
  return g_date_get_month (&d) == 5 && g_date_get_day (&d) == 15;
}

/* Real keys from the X server, through the widget's bindings */
static void
test_schedule_keyboard_x11 (Fixture       *fx,
                            gconstpointer  data)
{
  const char *type = G_OBJECT_TYPE_NAME (gtk_widget_get_display (GTK_WIDGET (fx->window)));
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *xs = NULL, *ys = NULL;
  graphene_rect_t area;
  double nx, ny;
  int wx, wy;

  if (xdotool == NULL || !g_str_equal (type, "GdkX11Display") || !window_origin (&wx, &wy))
    {
      g_test_skip ("Needs xdotool and an X11 display");
      return;
    }

  /* A real click on 鳥取市 selects it and gives the view the focus */
  g_assert_true (bansou_schedule_view_get_event_area (fx->view, fx->tottori, &area));
  gtk_native_get_surface_transform (GTK_NATIVE (fx->window), &nx, &ny);
  xs = g_strdup_printf ("%d", wx + (int) (area.origin.x + nx + 10));
  ys = g_strdup_printf ("%d", wy + (int) (area.origin.y + ny + area.size.height - 6));
  g_assert_true (bansou_gui_test_xdotool ((const char *[]) { "mousemove", xs, ys, "click", "1", NULL }));
  g_assert_true (bansou_gui_test_wait_for (tottori_selected, fx));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fx->view)));

  /* Right, Page_Down: 5/15 */
  g_assert_true (bansou_gui_test_xdotool ((const char *[]) { "key", "--delay", "20", "Right", "Next", NULL }));
  g_assert_true (bansou_gui_test_wait_for (at_may_15, fx));
}

/* ---- the pointer ------------------------------------------------------- */

static void
test_schedule_pointer (Fixture       *fx,
                       gconstpointer  data)
{
  GtkEventController *click = find_controller (GTK_WIDGET (fx->view), GTK_TYPE_GESTURE_CLICK);
  GtkEventController *drag = find_controller (GTK_WIDGET (fx->view), GTK_TYPE_GESTURE_DRAG);
  graphene_rect_t area, friday;
  double x, y;

  g_assert_nonnull (click);
  g_assert_nonnull (drag);
  g_assert_true (bansou_schedule_view_get_event_area (fx->view, fx->yonago, &area));
  x = area.origin.x + area.size.width / 2;
  y = area.origin.y + area.size.height / 2;

  /* One click selects, a double click activates */
  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_assert_true (bansou_schedule_view_get_selected (fx->view) == fx->yonago);
  g_assert_cmpuint (fx->activated->len, ==, 0);
  g_signal_emit_by_name (click, "pressed", 2, x, y);
  g_assert_cmpuint (fx->activated->len, ==, 1);
  g_assert_true (g_ptr_array_index (fx->activated, 0) == fx->yonago);

  /* A click on empty space clears the selection and moves the focus there:
   * Friday at 10:00, two hours above 倉吉市 (14:00) */
  g_assert_true (bansou_schedule_view_get_event_area (fx->view, fx->kurayoshi, &friday));
  {
    double hour = (friday.size.height + 2);   /* 14:00–15:00 */

    x = friday.origin.x + friday.size.width / 2;
    y = friday.origin.y - 4 * hour + hour / 8;
    g_signal_emit_by_name (click, "pressed", 1, x, y);
    g_assert_null (bansou_schedule_view_get_selected (fx->view));
    assert_date (fx, 5, 8);
    g_assert_cmpuint (bansou_schedule_view_get_focus_slot (fx->view), ==, 4);

    /* A drag from 10:00 to 11:15 proposes 10:00–11:30 */
    g_signal_emit_by_name (drag, "drag-begin", x, y);
    g_signal_emit_by_name (drag, "drag-update", 0.0, 1.25 * hour);
    g_signal_emit_by_name (drag, "drag-end", 0.0, 1.25 * hour);
  }
  g_assert_nonnull (fx->proposed_start);
  g_assert_cmpint (g_date_time_get_day_of_month (fx->proposed_start), ==, 8);
  g_assert_cmpint (g_date_time_get_hour (fx->proposed_start), ==, 10);
  g_assert_cmpint (g_date_time_get_minute (fx->proposed_start), ==, 0);
  g_assert_cmpint (g_date_time_get_hour (fx->proposed_end), ==, 11);
  g_assert_cmpint (g_date_time_get_minute (fx->proposed_end), ==, 30);
}

/* ---- the month and the model ------------------------------------------- */

static void
test_schedule_month (Fixture       *fx,
                     gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (fx->view);
  g_autofree char *focus = NULL;
  g_autofree guchar *pixels = NULL;
  graphene_rect_t cell, other;
  GDate first, last;
  int width, height;
  gsize stride;

  bansou_schedule_view_set_mode (fx->view, BANSOU_SCHEDULE_MONTH);
  bansou_schedule_view_get_range (fx->view, &first, &last);
  g_assert_cmpint (g_date_get_month (&first), ==, 4);
  g_assert_cmpint (g_date_get_day (&first), ==, 27);
  g_assert_cmpint (g_date_get_weekday (&first), ==, G_DATE_MONDAY);
  g_assert_cmpint (g_date_days_between (&first, &last), ==, 41);

  focus = bansou_schedule_view_describe_focus (fx->view);
  g_assert_nonnull (strstr (focus, "2"));   /* two events that day */
  g_assert_true (bansou_schedule_view_get_event_area (fx->view, fx->yonago, &cell));
  g_assert_true (bansou_schedule_view_get_event_area (fx->view, fx->tottori, &other));
  g_assert_true (graphene_rect_equal (&cell, &other));   /* the day's cell */
  gtk_test_widget_wait_for_draw (view);
  pixels = render (fx, &width, &height, &stride);
  g_assert_cmpint (width, >, 0);

  /* Arrows move a week up and down in the month; PageDown a month */
  gtk_widget_activate_action (view, "schedule.move", "(ii)", 0, 1);
  assert_date (fx, 5, 14);
  gtk_widget_activate_action (view, "schedule.page", "i", 1);
  assert_date (fx, 6, 14);
  gtk_widget_activate_action (view, "schedule.activate", NULL);
  g_assert_cmpint (bansou_schedule_view_get_mode (fx->view), ==, BANSOU_SCHEDULE_WEEK);
}

static void
test_schedule_model_changes (Fixture       *fx,
                             gconstpointer  data)
{
  graphene_rect_t area;

  bansou_schedule_view_set_selected (fx->view, fx->kurayoshi);
  g_assert_true (bansou_schedule_view_get_event_area (fx->view, fx->kurayoshi, &area));
  g_list_store_remove (fx->events, 2);
  g_assert_false (bansou_schedule_view_get_event_area (fx->view, fx->kurayoshi, &area));
  g_assert_null (bansou_schedule_view_get_selected (fx->view));

  /* 鳥取市 alone now takes the whole column after 米子市 goes */
  g_list_store_remove (fx->events, 1);
  g_assert_true (bansou_schedule_view_get_event_area (fx->view, fx->tottori, &area));
  g_assert_cmpfloat (area.size.width, >, (gtk_widget_get_width (GTK_WIDGET (fx->view)) - 56) / 7.0 - 12);

  bansou_schedule_view_set_model (fx->view, NULL);
  g_assert_false (bansou_schedule_view_get_event_area (fx->view, fx->tottori, &area));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->view));
}

int
main (int   argc,
      char *argv[])
{
  /* The test AT context keeps the accessible properties to read back
   * (the suite's GTK_A11Y=none keeps none). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  have_display = bansou_gui_test_init (&argc, &argv);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/dispatch/schedule/holidays", test_schedule_holidays);
  ADD ("/dispatch/schedule/conflict", test_schedule_conflict);
  ADD ("/dispatch/schedule/keyboard", test_schedule_keyboard);
  ADD ("/dispatch/schedule/keyboard-x11", test_schedule_keyboard_x11);
  ADD ("/dispatch/schedule/enter", test_schedule_enter);
  ADD ("/dispatch/schedule/pointer", test_schedule_pointer);
  ADD ("/dispatch/schedule/month", test_schedule_month);
  ADD ("/dispatch/schedule/model-changes", test_schedule_model_changes);
#undef ADD

  return g_test_run ();
}
