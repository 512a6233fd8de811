/* test-heatmap-view.c — the heatmap widget and page under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A click on a cell lands on the right body and question, through the
 * widget's own hit test: once by driving its click gesture, once (when
 * xdotool and an X11 display are there) with a real pointer event from
 * the X server. The same for the keyboard.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <sqlite3.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "bansou-gui-test-utils.h"
#include "bansou-test-utils.h"
#include "bansou-context.h"
#include "bansou-heatmap-page-private.h"
#include "bansou-heatmap-view.h"

#define ROUND   "2025-10-31"
#define TOTTORI "312011"
#define YONAGO  "312029"
#define IWAMI   "313025"
#define HIEZU   "313840"

static gboolean have_display;

typedef struct
{
  char               *path;
  BansouStore        *store;
  BansouRegistry     *registry;
  BansouCatalog      *catalog;
  BansouHeatmapModel *model;
  GtkWindow          *window;
  BansouHeatmapView  *view;

  guint               n_activated;
  char               *activated_body;
  char               *activated_question;
} Fixture;

/* ------------------------------------------------------------------------ */

/* Runs the main loop until @check holds; the deadline only keeps a broken
 * build from hanging. Nothing here measures speed. */
static void
exec_printf (BansouStore *store,
             const char  *format,
             ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;
  char *sql;

  va_start (args, format);
  sql = sqlite3_vmprintf (format, args);
  va_end (args);

  bansou_store_exec (store, sql, &error);
  g_assert_no_error (error);
  sqlite3_free (sql);
}

static const char *
qid (Fixture *fx,
     guint    index)
{
  return bansou_catalog_get_question (fx->catalog, index)->id;
}

static void
add_round (Fixture *fx)
{
  static const struct { const char *body; guint q; const char *status; } answers[] = {
    { YONAGO, 0, "done" }, { YONAGO, 1, "partial" }, { YONAGO, 2, "not_done" }, { YONAGO, 3, "na" },
    { IWAMI, 0, "not_done" }, { IWAMI, 1, "not_done" },
    { HIEZU, 0, "partial" },
  };
  const char *version = bansou_catalog_get_version (fx->catalog);

  exec_printf (fx->store,
               "INSERT INTO rounds (id, fiscal_year, title, catalog_version, created_at) "
               "VALUES (%Q, 2025, 'R7', %Q, '2025-11-01T00:00:00Z')", ROUND, version);
  bansou_store_exec (fx->store, "BEGIN", NULL);
  for (guint q = 0; q < bansou_catalog_get_n_questions (fx->catalog); q++)
    exec_printf (fx->store,
                 "INSERT INTO answers (round, body, question, status, catalog_version) VALUES (%Q, %Q, %Q, 'done', %Q)",
                 ROUND, TOTTORI, qid (fx, q), version);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    exec_printf (fx->store,
                 "INSERT INTO answers (round, body, question, status, catalog_version) VALUES (%Q, %Q, %Q, %Q, %Q)",
                 ROUND, answers[i].body, qid (fx, answers[i].q), answers[i].status, version);
  bansou_store_exec (fx->store, "COMMIT", NULL);
}

static void
cell_activated_cb (BansouHeatmapView *view,
                   const char        *body,
                   const char        *question,
                   Fixture           *fx)
{
  fx->n_activated++;
  g_free (fx->activated_body);
  g_free (fx->activated_question);
  fx->activated_body = g_strdup (body);
  fx->activated_question = g_strdup (question);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *scroller;

  if (!have_display)
    {
      g_test_skip ("No display: run the gui suite under xvfb-run");
      return;
    }

  fx->store = bansou_test_open_store (&fx->path);
  fx->registry = bansou_registry_new (fx->store);
  fx->catalog = bansou_catalog_load_active (fx->store, &error);
  g_assert_no_error (error);
  add_round (fx);

  fx->model = bansou_heatmap_model_new (fx->registry, fx->catalog);
  bansou_heatmap_model_set_sort (fx->model, BANSOU_HEATMAP_SORT_SCORE, FALSE);
  g_assert_true (bansou_heatmap_model_load (fx->model, ROUND, "31", &error));
  g_assert_no_error (error);

  fx->view = BANSOU_HEATMAP_VIEW (bansou_heatmap_view_new ());
  bansou_heatmap_view_set_model (fx->view, fx->model);
  bansou_heatmap_view_set_zoom (fx->view, 16);
  g_signal_connect (fx->view, "cell-activated", G_CALLBACK (cell_activated_cb), fx);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (fx->view));

  /* Undecorated: widget and surface coordinates agree, for xdotool. */
  fx->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (fx->window, "bansou-heatmap-view-test");
  gtk_window_set_decorated (fx->window, FALSE);
  gtk_window_set_default_size (fx->window, 900, 480);
  gtk_window_set_child (fx->window, scroller);
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

  if (fx->window)
    gtk_window_destroy (fx->window);
  bansou_gui_test_drain ();
  g_clear_object (&fx->model);
  g_clear_object (&fx->catalog);
  g_clear_object (&fx->registry);
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->path, g_free);
  g_clear_pointer (&fx->activated_body, g_free);
  g_clear_pointer (&fx->activated_question, g_free);
}

static guint
row_of (Fixture    *fx,
        const char *code)
{
  guint body, row;

  g_assert_true (bansou_heatmap_model_lookup_body (fx->model, code, &body));
  g_assert_true (bansou_heatmap_model_find_body_row (fx->model, body, &row));
  return row;
}

static GtkGesture *
find_click_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        return GTK_GESTURE (controller);
    }
  return NULL;
}

static gboolean
activated (gpointer data)
{
  return ((Fixture *) data)->n_activated > 0;
}

/* ---- clicks ------------------------------------------------------------ */

static void
test_view_click (Fixture       *fx,
                 gconstpointer  data)
{
  GtkGesture *click = find_click_gesture (GTK_WIDGET (fx->view));
  guint row = row_of (fx, YONAGO), focus_row, focus_column;
  GdkRectangle cell;

  g_assert_nonnull (click);
  g_assert_true (bansou_heatmap_view_get_cell_area (fx->view, row, 2, &cell));

  /* The gesture's signals with the cell's centre: the widget hit-tests
   * these coordinates itself. */
  g_signal_emit_by_name (click, "pressed", 1, cell.x + cell.width / 2.0, cell.y + cell.height / 2.0);
  g_signal_emit_by_name (click, "released", 1, cell.x + cell.width / 2.0, cell.y + cell.height / 2.0);

  g_assert_cmpuint (fx->n_activated, ==, 1);
  g_assert_cmpstr (fx->activated_body, ==, YONAGO);
  g_assert_cmpstr (fx->activated_question, ==, qid (fx, 2));
  g_assert_true (bansou_heatmap_view_get_focus_cell (fx->view, &focus_row, &focus_column));
  g_assert_cmpuint (focus_row, ==, row);
  g_assert_cmpuint (focus_column, ==, 2);

  /* A click on a row label activates nothing. */
  g_signal_emit_by_name (click, "released", 1, 20.0, cell.y + cell.height / 2.0);
  g_assert_cmpuint (fx->n_activated, ==, 1);
}

static void
test_view_click_scrolled (Fixture       *fx,
                          gconstpointer  data)
{
  GtkGesture *click = find_click_gesture (GTK_WIDGET (fx->view));
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (fx->view));
  GtkAdjustment *hadj = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (fx->view));
  guint last = bansou_heatmap_model_get_n_rows (fx->model) - 1;
  guint last_col = bansou_heatmap_model_get_n_columns (fx->model) - 1;
  guint body;
  GdkRectangle cell;
  const char *code;

  /* Nineteen rows and 58 columns do not fit: scroll to the far corner. */
  bansou_heatmap_view_set_zoom (fx->view, 24);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->view));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), >, gtk_adjustment_get_page_size (vadj));
  g_assert_false (bansou_heatmap_view_get_cell_area (fx->view, last, last_col, &cell));
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj));
  gtk_adjustment_set_value (hadj, gtk_adjustment_get_upper (hadj));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->view));
  g_assert_true (bansou_heatmap_view_get_cell_area (fx->view, last, last_col, &cell));

  g_signal_emit_by_name (click, "released", 1, cell.x + 2.0, cell.y + 2.0);

  g_assert_cmpint (bansou_heatmap_model_get_row (fx->model, last, &body), ==, BANSOU_HEATMAP_ROW_BODY);
  code = bansou_body_get_code (bansou_heatmap_model_get_body (fx->model, body));
  g_assert_cmpuint (fx->n_activated, ==, 1);
  g_assert_cmpstr (fx->activated_body, ==, code);
  g_assert_cmpstr (fx->activated_question, ==, qid (fx, bansou_heatmap_model_get_column (fx->model, last_col)));
}

static gboolean
window_origin (Fixture *fx,
               int     *x,
               int     *y)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "xdotool", "search", "--name", "bansou-heatmap-view-test",
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
can_drive_x11 (Fixture *fx)
{
  const char *type = G_OBJECT_TYPE_NAME (gtk_widget_get_display (GTK_WIDGET (fx->window)));
  g_autofree char *path = g_find_program_in_path ("xdotool");

  return path != NULL && g_str_equal (type, "GdkX11Display");
}

static gboolean
screen_point (Fixture *fx,
              double   x,
              double   y,
              int     *sx,
              int     *sy)
{
  graphene_point_t p;
  double nx, ny;
  int wx, wy;

  if (!window_origin (fx, &wx, &wy))
    return FALSE;
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (fx->view), GTK_WIDGET (fx->window),
                                           &GRAPHENE_POINT_INIT (x, y), &p));
  gtk_native_get_surface_transform (GTK_NATIVE (fx->window), &nx, &ny);
  *sx = wx + (int) (p.x + nx);
  *sy = wy + (int) (p.y + ny);
  return TRUE;
}

static void
test_view_click_x11 (Fixture       *fx,
                     gconstpointer  data)
{
  guint row = row_of (fx, IWAMI);
  GdkRectangle cell;
  g_autofree char *xs = NULL, *ys = NULL;
  int sx, sy;

  if (!can_drive_x11 (fx))
    {
      g_test_skip ("Needs xdotool and an X11 display");
      return;
    }

  g_assert_true (bansou_heatmap_view_get_cell_area (fx->view, row, 1, &cell));
  g_assert_true (screen_point (fx, cell.x + cell.width / 2.0, cell.y + cell.height / 2.0, &sx, &sy));
  xs = g_strdup_printf ("%d", sx);
  ys = g_strdup_printf ("%d", sy);

  g_assert_true (bansou_gui_test_xdotool ((const char *[]) { "mousemove", xs, ys, "click", "1", NULL }));
  g_assert_true (bansou_gui_test_wait_for (activated, fx));

  g_assert_cmpstr (fx->activated_body, ==, IWAMI);
  g_assert_cmpstr (fx->activated_question, ==, qid (fx, 1));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fx->view)));
}

/* ---- keyboard ---------------------------------------------------------- */

static void
assert_focus (Fixture *fx,
              guint    row,
              guint    column)
{
  guint r, c;

  g_assert_true (bansou_heatmap_view_get_focus_cell (fx->view, &r, &c));
  g_assert_cmpuint (r, ==, row);
  g_assert_cmpuint (c, ==, column);
}

static void
test_view_keyboard (Fixture       *fx,
                    gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (fx->view);
  guint n_rows = bansou_heatmap_model_get_n_rows (fx->model);
  guint n_cols = bansou_heatmap_model_get_n_columns (fx->model);
  guint row;

  gtk_widget_grab_focus (view);
  assert_focus (fx, 0, 0);

  gtk_widget_activate_action (view, "heatmap.move", "(ii)", 1, 0);
  gtk_widget_activate_action (view, "heatmap.move", "(ii)", 0, 1);
  gtk_widget_activate_action (view, "heatmap.move", "(ii)", 0, 1);
  assert_focus (fx, 1, 2);

  /* Edges hold */
  gtk_widget_activate_action (view, "heatmap.move", "(ii)", -5, 0);
  assert_focus (fx, 0, 2);
  gtk_widget_activate_action (view, "heatmap.end", "b", FALSE);
  assert_focus (fx, 0, n_cols - 1);
  gtk_widget_activate_action (view, "heatmap.end", "b", TRUE);
  assert_focus (fx, n_rows - 1, n_cols - 1);
  gtk_widget_activate_action (view, "heatmap.home", "b", FALSE);
  assert_focus (fx, n_rows - 1, 0);
  gtk_widget_activate_action (view, "heatmap.home", "b", TRUE);
  assert_focus (fx, 0, 0);

  /* Page Down moves by what is visible, and scrolls to keep the focus in view */
  gtk_widget_activate_action (view, "heatmap.page", "i", 1);
  g_assert_true (bansou_heatmap_view_get_focus_cell (fx->view, &row, NULL));
  g_assert_cmpuint (row, >, 1);
  gtk_test_widget_wait_for_draw (view);
  {
    GdkRectangle cell;
    g_assert_true (bansou_heatmap_view_get_cell_area (fx->view, row, 0, &cell));
  }
  gtk_widget_activate_action (view, "heatmap.page", "i", -1);
  assert_focus (fx, 0, 0);

  /* Enter activates the focus cell: row 1 is 米子市 (sorted by score) */
  gtk_widget_activate_action (view, "heatmap.move", "(ii)", 1, 3);
  gtk_widget_activate_action (view, "heatmap.activate", NULL);
  g_assert_cmpuint (fx->n_activated, ==, 1);
  g_assert_cmpstr (fx->activated_body, ==, YONAGO);
  g_assert_cmpstr (fx->activated_question, ==, qid (fx, 3));

  /* The focus follows its body when rows are sorted again */
  bansou_heatmap_model_set_sort (fx->model, BANSOU_HEATMAP_SORT_CODE, FALSE);
  assert_focus (fx, row_of (fx, YONAGO), 3);
}

static void
test_view_keyboard_x11 (Fixture       *fx,
                        gconstpointer  data)
{
  GdkRectangle cell;
  int sx, sy;
  g_autofree char *xs = NULL, *ys = NULL;

  if (!can_drive_x11 (fx))
    {
      g_test_skip ("Needs xdotool and an X11 display");
      return;
    }

  /* Real keys go to the focused window: click the view first. */
  g_assert_true (bansou_heatmap_view_get_cell_area (fx->view, 0, 0, &cell));
  g_assert_true (screen_point (fx, cell.x + 2.0, cell.y + 2.0, &sx, &sy));
  xs = g_strdup_printf ("%d", sx);
  ys = g_strdup_printf ("%d", sy);
  g_assert_true (bansou_gui_test_xdotool ((const char *[]) { "mousemove", xs, ys, "click", "1", NULL }));
  g_assert_true (bansou_gui_test_wait_for (activated, fx));
  fx->n_activated = 0;
  assert_focus (fx, 0, 0);

  g_assert_true (bansou_gui_test_xdotool ((const char *[]) { "key", "--delay", "20", "Down", "Right", "Right", "End", "Left", NULL }));
  g_assert_true (bansou_gui_test_xdotool ((const char *[]) { "key", "Return", NULL }));
  g_assert_true (bansou_gui_test_wait_for (activated, fx));

  assert_focus (fx, 1, bansou_heatmap_model_get_n_columns (fx->model) - 2);
  g_assert_cmpstr (fx->activated_body, ==, YONAGO);
  g_assert_cmpstr (fx->activated_question, ==,
                   qid (fx, bansou_heatmap_model_get_n_questions (fx->model) - 2));
}

/* ---- zoom and edits ---------------------------------------------------- */

static void
test_view_zoom (Fixture       *fx,
                gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (fx->view);
  BansouHeatmapGeometry g;

  gtk_widget_activate_action (view, "heatmap.zoom-in", NULL);
  g_assert_cmpint (bansou_heatmap_view_get_zoom (fx->view), >, 16);
  gtk_widget_activate_action (view, "heatmap.zoom-reset", NULL);
  g_assert_cmpint (bansou_heatmap_view_get_zoom (fx->view), ==, BANSOU_HEATMAP_ZOOM_DEFAULT);
  for (guint i = 0; i < 30; i++)
    gtk_widget_activate_action (view, "heatmap.zoom-out", NULL);
  g_assert_cmpint (bansou_heatmap_view_get_zoom (fx->view), ==, BANSOU_HEATMAP_ZOOM_MIN);

  bansou_heatmap_renderer_get_geometry (bansou_heatmap_view_get_renderer (fx->view), &g);
  g_assert_cmpint (g.row_height, ==, BANSOU_HEATMAP_ZOOM_MIN);
  gtk_test_widget_wait_for_draw (view);
}

static void
test_view_edit (Fixture       *fx,
                gconstpointer  data)
{
  BansouHeatmapRenderer *renderer = bansou_heatmap_view_get_renderer (fx->view);
  guint row = row_of (fx, IWAMI);
  cairo_surface_t *image;
  guint32 px;

  /* An edit reaches the image by the next frame, without a reload */
  g_assert_true (bansou_heatmap_model_set_cell (fx->model, IWAMI, qid (fx, 5), BANSOU_STATUS_PARTIAL));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->view));

  image = bansou_heatmap_renderer_get_image (renderer);
  cairo_surface_flush (image);
  px = ((guint32 *) (gpointer) (cairo_image_surface_get_data (image) +
                                row * cairo_image_surface_get_stride (image)))[5];
  g_assert_cmphex (px & 0xffffff, ==, bansou_heatmap_renderer_get_status_color (BANSOU_STATUS_PARTIAL) & 0xffffff);
}

/* ---- the page ---------------------------------------------------------- */

static void
test_page_states (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BansouContext) context = NULL;
  g_autofree char *path = NULL;
  g_autoptr(BansouStore) store = NULL;
  GtkWindow *window;
  BansouHeatmapPage *page;
  BansouHeatmapView *view;
  Fixture fx = { 0 };

  if (!have_display)
    {
      g_test_skip ("No display: run the gui suite under xvfb-run");
      return;
    }

  store = bansou_test_open_store (&path);
  bansou_store_set_setting (store, "prefecture", "31", &error);
  g_assert_no_error (error);
  settings = g_settings_new (APP_ID);
  context = bansou_context_new (store, settings);

  page = g_object_new (BANSOU_TYPE_HEATMAP_PAGE, "context", context, NULL);
  view = bansou_heatmap_page_get_view (page);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1200, 700);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* No rounds yet: the empty state, not the heatmap */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_false (bansou_heatmap_page_reload (page));

  /* A round appears: reloading shows it */
  fx.store = store;
  fx.catalog = bansou_catalog_load_active (store, &error);
  g_assert_no_error (error);
  add_round (&fx);
  g_assert_true (bansou_heatmap_page_reload (page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_cmpstr (bansou_heatmap_model_get_round (bansou_heatmap_page_get_model (page)), ==, ROUND);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (bansou_heatmap_page_get_model (page)), ==, 19);

  gtk_window_destroy (window);
  bansou_gui_test_drain ();
  g_clear_object (&fx.catalog);
}

/* A page in its own undecorated window over a fresh database with the
 * test round, for the page tests below. */
typedef struct
{
  Fixture            fx;
  char              *path;
  GSettings         *settings;
  BansouContext     *context;
  GtkWindow         *window;
  BansouHeatmapPage *page;
  BansouHeatmapModel *model;
} PageFixture;

static void
page_open (PageFixture *pf,
           const char  *scope,
           const char  *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = bansou_test_open_store (&pf->path);

  bansou_store_set_setting (store, "prefecture", scope, &error);
  g_assert_no_error (error);
  pf->fx.store = store;
  pf->fx.catalog = bansou_catalog_load_active (store, &error);
  g_assert_no_error (error);
  add_round (&pf->fx);
  pf->fx.store = NULL;

  pf->settings = g_settings_new (APP_ID);
  pf->context = bansou_context_new (store, pf->settings);
  pf->page = g_object_new (BANSOU_TYPE_HEATMAP_PAGE, "context", pf->context, NULL);
  pf->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (pf->window, title);
  gtk_window_set_decorated (pf->window, FALSE);
  gtk_window_set_default_size (pf->window, 1200, 700);
  gtk_window_set_child (pf->window, GTK_WIDGET (pf->page));
  gtk_window_present (pf->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (pf->window));
  bansou_gui_test_drain ();

  pf->model = bansou_heatmap_page_get_model (pf->page);
  g_assert_nonnull (pf->model);
  g_assert_cmpstr (bansou_heatmap_model_get_round (pf->model), ==, ROUND);
}

static void
page_close (PageFixture *pf)
{
  gtk_window_destroy (pf->window);
  bansou_gui_test_drain ();
  g_clear_object (&pf->context);
  g_clear_object (&pf->settings);
  g_clear_object (&pf->fx.catalog);
  g_clear_pointer (&pf->path, g_free);
}

/* Issue 10, item 6: the 細目化項目 (categories) toggle is pressed and the
 * grid follows at once, not when another toggle next changes. */
static void
test_page_columns_toggle (void)
{
  PageFixture pf = { 0 };
  GtkWidget *categories, *questions;

  if (!have_display)
    {
      g_test_skip ("No display: run the gui suite under xvfb-run");
      return;
    }

  page_open (&pf, "31", "bansou-heatmap-page-test");
  categories = _bansou_heatmap_page_get_widget (pf.page, "categories");
  questions = _bansou_heatmap_page_get_widget (pf.page, "questions");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (questions)));
  g_assert_cmpint (bansou_heatmap_model_get_columns_mode (pf.model), ==, BANSOU_HEATMAP_COLUMNS_QUESTIONS);

  /* What a click does */
  g_signal_emit_by_name (categories, "clicked");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (categories)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (questions)));
  g_assert_cmpint (bansou_heatmap_model_get_columns_mode (pf.model), ==, BANSOU_HEATMAP_COLUMNS_CATEGORIES);
  g_assert_cmpuint (bansou_heatmap_model_get_n_columns (pf.model), ==,
                    bansou_heatmap_model_get_n_categories (pf.model));

  g_signal_emit_by_name (questions, "clicked");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (questions)));
  g_assert_cmpint (bansou_heatmap_model_get_columns_mode (pf.model), ==, BANSOU_HEATMAP_COLUMNS_QUESTIONS);

  /* And set directly, as a keyboard mnemonic would */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (categories), TRUE);
  g_assert_cmpint (bansou_heatmap_model_get_columns_mode (pf.model), ==, BANSOU_HEATMAP_COLUMNS_CATEGORIES);

  page_close (&pf);
}

static gboolean
rows_are (gpointer data)
{
  gpointer *args = data;

  return bansou_heatmap_model_get_n_rows (args[0]) == GPOINTER_TO_UINT (args[1]);
}

static gboolean
page_window_origin (const char *title,
                    int        *x,
                    int        *y)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "xdotool", "search", "--name", title, "getwindowgeometry", "--shell", NULL };
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

/* Issue 10, item 4: a national desk opens on 47 prefecture rows with the
 * prefecture's rates; Enter or a click opens one prefecture, Escape or
 * the back button returns, and the drop-down jumps to any prefecture. */
static void
test_page_national (void)
{
  const char *title = "bansou-heatmap-national-test";
  PageFixture pf = { 0 };
  BansouHeatmapView *view;
  GtkWidget *dropdown, *back;
  guint tottori, hokkaido, row, n_tottori;
  g_autofree char *path = NULL;
  gboolean x11;

  if (!have_display)
    {
      g_test_skip ("No display: run the gui suite under xvfb-run");
      return;
    }

  page_open (&pf, "00", title);
  view = bansou_heatmap_page_get_view (pf.page);
  dropdown = _bansou_heatmap_page_get_widget (pf.page, "prefecture");
  back = _bansou_heatmap_page_get_widget (pf.page, "back");

  g_assert_cmpint (bansou_heatmap_model_get_rows_mode (pf.model), ==, BANSOU_HEATMAP_ROWS_PREFECTURES);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (pf.model), ==, 47);
  g_assert_true (gtk_widget_get_visible (dropdown));
  g_assert_false (gtk_widget_get_visible (back));
  g_assert_false (gtk_widget_get_sensitive (_bansou_heatmap_page_get_widget (pf.page, "kind")));
  /* All prefectures, then the 47 */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))), ==, 48);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 0);

  g_assert_true (bansou_heatmap_model_lookup_group (pf.model, "31", &tottori));
  g_assert_true (bansou_heatmap_model_lookup_group (pf.model, "01", &hokkaido));
  n_tottori = bansou_heatmap_model_get_group_n_bodies (pf.model, tottori);
  /* The only prefecture with answers is the weakest-first sort's first row */
  g_assert_true (bansou_heatmap_model_find_group_row (pf.model, tottori, &row));
  g_assert_cmpuint (row, ==, 0);

  /* Enter on 鳥取県 opens it */
  gtk_widget_grab_focus (GTK_WIDGET (view));
  bansou_heatmap_view_set_focus_cell (view, row, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "heatmap.activate", NULL));
  g_assert_cmpint (bansou_heatmap_model_get_rows_mode (pf.model), ==, BANSOU_HEATMAP_ROWS_BODIES);
  g_assert_cmpuint (bansou_heatmap_model_get_group_filter (pf.model), ==, tottori);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (pf.model), ==, 1 + n_tottori);
  g_assert_true (gtk_widget_get_visible (back));
  g_assert_true (gtk_widget_get_sensitive (_bansou_heatmap_page_get_widget (pf.page, "kind")));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, tottori + 1);

  /* The back button returns, focused on the prefecture it came from */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pf.page), "heatmap-page.back", NULL));
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (pf.model), ==, 47);
  g_assert_false (gtk_widget_get_visible (back));
  g_assert_true (bansou_heatmap_view_get_focus_cell (view, &row, NULL));
  g_assert_true (bansou_heatmap_model_find_group_row (pf.model, tottori, &n_tottori) && row == n_tottori);
  n_tottori = bansou_heatmap_model_get_group_n_bodies (pf.model, tottori);

  /* Jump: straight to 北海道's 179 bodies, and back to all */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), hokkaido + 1);
  g_assert_cmpuint (bansou_heatmap_model_get_group_filter (pf.model), ==, hokkaido);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (pf.model), ==,
                    1 + bansou_heatmap_model_get_group_n_bodies (pf.model, hokkaido));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (pf.model), ==, 47);

  /* A reload keeps the prefecture open */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), tottori + 1);
  g_assert_true (bansou_heatmap_page_reload (pf.page));
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (pf.model), ==, 1 + n_tottori);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pf.page), "heatmap-page.back", NULL));

  /* Real events: a click on 鳥取県's row, then Escape */
  path = g_find_program_in_path ("xdotool");
  x11 = path != NULL && g_str_equal (G_OBJECT_TYPE_NAME (gtk_widget_get_display (GTK_WIDGET (view))),
                                     "GdkX11Display");
  if (x11)
    {
      GdkRectangle cell;
      graphene_point_t p;
      double nx, ny;
      int wx = 0, wy = 0;
      g_autofree char *xs = NULL, *ys = NULL;
      gpointer drilled[] = { pf.model, GUINT_TO_POINTER (1 + n_tottori) };
      gpointer folded[] = { pf.model, GUINT_TO_POINTER (47) };

      gtk_test_widget_wait_for_draw (GTK_WIDGET (view));
      g_assert_true (bansou_heatmap_model_find_group_row (pf.model, tottori, &row));
      g_assert_true (bansou_heatmap_view_get_cell_area (view, row, 2, &cell));
      g_assert_true (page_window_origin (title, &wx, &wy));
      g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), GTK_WIDGET (pf.window),
                                               &GRAPHENE_POINT_INIT (cell.x + cell.width / 2.0,
                                                                     cell.y + cell.height / 2.0), &p));
      gtk_native_get_surface_transform (GTK_NATIVE (pf.window), &nx, &ny);
      xs = g_strdup_printf ("%d", wx + (int) (p.x + nx));
      ys = g_strdup_printf ("%d", wy + (int) (p.y + ny));

      g_assert_true (bansou_gui_test_xdotool ((const char *[]) { "mousemove", xs, ys, "click", "1", NULL }));
      g_assert_true (bansou_gui_test_wait_for (rows_are, drilled));
      g_assert_cmpuint (bansou_heatmap_model_get_group_filter (pf.model), ==, tottori);

      g_assert_true (bansou_gui_test_xdotool ((const char *[]) { "key", "Escape", NULL }));
      g_assert_true (bansou_gui_test_wait_for (rows_are, folded));
    }
  else
    g_test_message ("no xdotool or no X11: real events not sent");

  page_close (&pf);
}

int
main (int   argc,
      char *argv[])
{
  have_display = bansou_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/heatmap-view/click", test_view_click);
  ADD ("/heatmap-view/click-scrolled", test_view_click_scrolled);
  ADD ("/heatmap-view/click-x11", test_view_click_x11);
  ADD ("/heatmap-view/keyboard", test_view_keyboard);
  ADD ("/heatmap-view/keyboard-x11", test_view_keyboard_x11);
  ADD ("/heatmap-view/zoom", test_view_zoom);
  ADD ("/heatmap-view/edit", test_view_edit);
  g_test_add_func ("/heatmap-page/states", test_page_states);
  g_test_add_func ("/heatmap-page/columns-toggle", test_page_columns_toggle);
  g_test_add_func ("/heatmap-page/national", test_page_national);

  return g_test_run ();
}
