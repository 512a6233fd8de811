/* bench-heatmap.c — how fast the nationwide heatmap loads, updates and draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Nationwide demo data (1,741 bodies × every question × 5 rounds), then:
 * loading the model from the database, one edit (set_cell), rebuilding the
 * cell image after it, the model's memory, drawing a 1600×1000 view with
 * cairo alone, and — when there is a display — whole frames of the widget
 * in a window while it scrolls, timed by the frame clock from before-paint
 * to after-paint. Prints figures; asserts nothing about time.
 *
 *   xvfb-run -a -s '-screen 0 1600x1000x24' meson test -C BUILD --benchmark heatmap
 */
#include "config.h"

#include <locale.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <adwaita.h>

#include "bansou-test-utils.h"
#include "bansou-demo.h"
#include "bansou-heatmap-model.h"
#include "bansou-heatmap-render.h"
#include "bansou-heatmap-view.h"

#define N_ROUNDS 5
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

static double
rss_mb (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%ld %ld", &pages, &resident) != 2)
    return -1;
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static void
report (const char *what,
        GArray     *ms,
        const char *target)
{
  double median = percentile (ms, 0.5);
  double p90 = percentile (ms, 0.9);
  double max = percentile (ms, 1.0);

  g_print ("%-46s median %8.3f ms   p90 %8.3f ms   max %8.3f ms   (n=%u; target %s)\n",
           what, median, p90, max, ms->len, target);
}

/* ---- frames ------------------------------------------------------------ */

typedef struct
{
  GtkWidget     *view;
  GtkEventController *motion;
  gboolean       hover;    /* move the pointer instead of scrolling */
  GtkAdjustment *vadj;
  GtkAdjustment *hadj;
  GArray        *frames;
  double         start;
  gboolean       in_frame;
  double         step;
  guint          n;
  gboolean       done;
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

  /* Skip the first frames: the window maps, fonts load. */
  if (++f->n > 10)
    g_array_append_val (f->frames, ms);
  if (f->frames->len >= N_FRAMES)
    f->done = TRUE;
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Frames *f = user_data;
  double value = gtk_adjustment_get_value (f->vadj) + f->step;
  double max = gtk_adjustment_get_upper (f->vadj) - gtk_adjustment_get_page_size (f->vadj);

  if (f->hover)
    {
      /* The pointer moves one cell right and down every frame. */
      double x = 260 + (f->n % 60) * 18, y = 200 + (f->n % 40) * 18;

      g_signal_emit_by_name (f->motion, "motion", x, y);
      return f->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
    }

  /* Down and back up, a little sideways too: a new picture every frame. */
  if (value > max || value < 0)
    {
      f->step = -f->step;
      value = CLAMP (value, 0, max);
    }
  gtk_adjustment_set_value (f->vadj, value);
  gtk_adjustment_set_value (f->hadj, (f->n % 40) * 3.0);
  return f->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static GtkEventController *
find_motion (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        return controller;
    }
  return NULL;
}

/* The floor: a widget whose whole picture is one colour that changes every
 * frame, so GTK repaints the whole window each time and draws nothing. */
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

static gboolean
floor_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  Frames *f = user_data;

  gtk_widget_queue_draw (widget);
  return f->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
run_frames (GtkWidget  *window,
            Frames     *f,
            const char *label)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), f);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), f);
  while (!f->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (clock, f);

  if (f->frames->len > 0)
    report (label, f->frames, "< 8 ms median");
  else
    g_print ("%-46s no frames drawn\n", label);
}

static void
bench_floor (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = g_object_new (FLOOR_TYPE_WIDGET, NULL);
  Frames f = { 0 };

  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  f.frames = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_widget_add_tick_callback (widget, floor_tick_cb, &f, NULL);
  run_frames (window, &f, "floor: repaint 1600×1000 with one colour");

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_array_unref (f.frames);
}

static void
bench_frames (BansouHeatmapModel *model,
              int                 zoom,
              gboolean            hover,
              const char         *label)
{
  GtkWidget *window, *scroller, *view;
  Frames f = { 0 };

  view = bansou_heatmap_view_new ();
  bansou_heatmap_view_set_model (BANSOU_HEATMAP_VIEW (view), model);
  bansou_heatmap_view_set_zoom (BANSOU_HEATMAP_VIEW (view), zoom);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);

  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  f.view = view;
  f.motion = find_motion (view);
  f.hover = hover;
  f.vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  f.hadj = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
  f.frames = g_array_new (FALSE, FALSE, sizeof (double));
  f.step = 37;

  gtk_widget_add_tick_callback (view, scroll_tick_cb, &f, NULL);
  run_frames (window, &f, label);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_array_unref (f.frames);
}

/* ------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(BansouHeatmapModel) model = NULL;
  g_autoptr(BansouHeatmapRenderer) renderer = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) rounds = NULL;
  g_autofree char *path = NULL;
  const char *round;
  double t, rss_before, rss_after;
  guint nb, nq;
  gboolean display;

  setlocale (LC_ALL, "");
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  bansou_core_init ();
  display = gtk_init_check ();
  if (display)
    adw_init ();

  store = bansou_test_open_store (&path);
  registry = bansou_registry_new (store);
  catalog = bansou_catalog_load_active (store, &error);
  g_assert_no_error (error);
  bansou_store_set_setting (store, "prefecture", BANSOU_SCOPE_NATIONAL, &error);
  g_assert_no_error (error);

  t = now_ms ();
  bansou_demo_generate (store, catalog, BANSOU_SCOPE_NATIONAL, N_ROUNDS, 1, &error);
  g_assert_no_error (error);
  rounds = bansou_heatmap_list_rounds (store, &error);
  g_assert_no_error (error);
  round = ((BansouHeatmapRound *) g_ptr_array_index (rounds, 0))->id;
  g_print ("Demo data: %u rounds, nationwide, in %.0f ms; the newest round is %s\n",
           rounds->len, now_ms () - t, round);

  /* Load: one query for the round, one for the round before */
  model = bansou_heatmap_model_new (registry, catalog);
  rss_before = rss_mb ();
  for (guint i = 0; i < 7; i++)
    {
      t = now_ms ();
      if (!bansou_heatmap_model_load (model, round, BANSOU_SCOPE_NATIONAL, &error))
        g_error ("%s", error->message);
      if (i > 0)   /* the first warms sqlite's page cache */
        {
          double d = now_ms () - t;
          g_array_append_val (ms, d);
        }
    }
  rss_after = rss_mb ();
  nb = bansou_heatmap_model_get_n_bodies (model);
  nq = bansou_heatmap_model_get_n_questions (model);
  g_print ("Model: %u bodies × %u questions, %u rows with the prefecture headings\n",
           nb, nq, bansou_heatmap_model_get_n_rows (model));
  report ("load the model from the database", ms, "< 200 ms");

  /* Memory: the heap a second, freshly loaded model holds (the registry's
   * bodies are shared with the first), and the process's growth */
  {
    g_autoptr(BansouHeatmapModel) other = bansou_heatmap_model_new (registry, catalog);
    gsize before = mallinfo2 ().uordblks, after;

    if (!bansou_heatmap_model_load (other, round, BANSOU_SCOPE_NATIONAL, &error))
      g_error ("%s", error->message);
    after = mallinfo2 ().uordblks;
    g_print ("%-46s %.2f MB on the heap (cells, notes, tallies, order); process RSS %.1f MB, "
             "grew %.1f MB over the loads (target < 150 MB)\n",
             "memory of the nationwide model", (after - before) / 1048576.0, rss_after, rss_after - rss_before);
  }

  /* One edit: the cell and its tallies, no database */
  {
    const char *statuses_q = bansou_catalog_get_question (catalog, 7)->id;
    guint n = 20000;
    BansouBody *b;

    g_array_set_size (ms, 0);
    for (guint i = 0; i < n; i++)
      {
        b = bansou_heatmap_model_get_body (model, (i * 7919) % nb);
        t = now_ms ();
        bansou_heatmap_model_set_cell (model, bansou_body_get_code (b), statuses_q,
                                       1 + i % (BANSOU_N_STATUSES - 1));
        {
          double d = now_ms () - t;
          g_array_append_val (ms, d);
        }
      }
    report ("set_cell (one edit, tallies included)", ms, "< 1 ms");
  }

  /* Rebuilding the cell image after an edit */
  renderer = bansou_heatmap_renderer_new (model);
  bansou_heatmap_renderer_update (renderer);
  g_array_set_size (ms, 0);
  for (guint i = 0; i < 100; i++)
    {
      BansouBody *b = bansou_heatmap_model_get_body (model, (i * 31) % nb);

      bansou_heatmap_model_set_cell (model, bansou_body_get_code (b),
                                     bansou_catalog_get_question (catalog, i % nq)->id,
                                     1 + i % (BANSOU_N_STATUSES - 1));
      t = now_ms ();
      bansou_heatmap_renderer_update (renderer);
      {
        double d = now_ms () - t;
        g_array_append_val (ms, d);
      }
    }
  report ("rebuild the cell image after an edit", ms, "< 5 ms");

  /* The same in the category mode, scores per body and category */
  bansou_heatmap_model_set_columns_mode (model, BANSOU_HEATMAP_COLUMNS_CATEGORIES);
  g_array_set_size (ms, 0);
  for (guint i = 0; i < 50; i++)
    {
      bansou_heatmap_model_set_cell (model, bansou_body_get_code (bansou_heatmap_model_get_body (model, i)),
                                     bansou_catalog_get_question (catalog, 0)->id, 1 + i % 3);
      t = now_ms ();
      bansou_heatmap_renderer_update (renderer);
      {
        double d = now_ms () - t;
        g_array_append_val (ms, d);
      }
    }
  report ("rebuild the cell image (category mode)", ms, "< 5 ms");
  bansou_heatmap_model_set_columns_mode (model, BANSOU_HEATMAP_COLUMNS_QUESTIONS);

  /* A 1600×1000 view with cairo alone, into an image surface */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1600, 1000);
    cairo_t *cr = cairo_create (surface);
    BansouHeatmapGeometry g;

    bansou_heatmap_renderer_set_cell_size (renderer, 18, 18);
    bansou_heatmap_renderer_get_geometry (renderer, &g);
    bansou_heatmap_renderer_draw_view (renderer, cr, 1600, 1000, 0, 0);   /* text laid out once */
    g_array_set_size (ms, 0);
    for (guint i = 0; i < 200; i++)
      {
        t = now_ms ();
        bansou_heatmap_renderer_draw_view (renderer, cr, 1600, 1000, (i % 20) * 3.0,
                                           fmod (i * 37.0, g.content_height - 800));
        cairo_surface_flush (surface);
        {
          double d = now_ms () - t;
          g_array_append_val (ms, d);
        }
      }
    report ("draw a 1600×1000 view (cairo, 18 px cells)", ms, "—");

    bansou_heatmap_renderer_set_cell_size (renderer, 4, 4);
    bansou_heatmap_renderer_draw_view (renderer, cr, 1600, 1000, 0, 0);
    g_array_set_size (ms, 0);
    for (guint i = 0; i < 200; i++)
      {
        t = now_ms ();
        bansou_heatmap_renderer_draw_view (renderer, cr, 1600, 1000, 0, (i * 37) % 6000);
        cairo_surface_flush (surface);
        {
          double d = now_ms () - t;
          g_array_append_val (ms, d);
        }
      }
    report ("draw a 1600×1000 view (cairo, 4 px cells)", ms, "—");

    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }

  /* Whole frames of the widget while it scrolls */
  if (display)
    {
      bench_floor ();
      bench_frames (model, 18, FALSE, "frame while scrolling, 18 px rows");
      bench_frames (model, 6, FALSE, "frame while scrolling, 6 px rows");
      bench_frames (model, 18, TRUE, "frame while hovering, 18 px rows");
    }
  else
    g_print ("No display: frames not measured (run under xvfb-run)\n");

  return 0;
}
