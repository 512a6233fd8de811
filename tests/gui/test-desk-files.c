/* test-desk-files.c — the window's file work without the command line:
 * importing returned answers (errors in a dialog, nothing written),
 * exporting the body list, the user guide on F1, and pages built once
 * the window is on screen. Under Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "bansou-gui-test-utils.h"
#include "bansou-test-utils.h"
#include "bansou-context.h"
#include "bansou-help.h"
#include "bansou-import-dialog.h"
#include "bansou-window-private.h"

#define ROUND  "2025-10-31"
#define KURE   "342025"
#define MIHARA "342041"
#define POLICY "org.structure.policy"
#define HEADER "\xEF\xBB\xBF団体コード,団体名,設問ID,設問,回答,実施日,備考,根拠資料\r\n"

static gboolean have_display;

typedef struct
{
  char          *path;
  char          *dir;
  BansouStore   *store;
  GSettings     *settings;
  BansouContext *context;
  BansouWindow  *window;
} Fixture;

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0, n = g_list_model_get_n_items (toplevels); i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(BansouSurvey) survey = NULL;

  if (!have_display)
    {
      g_test_skip ("No display: run the gui suite under xvfb-run");
      return;
    }

  fx->store = bansou_test_open_store (&fx->path);
  bansou_store_set_setting (fx->store, "prefecture", "34", &error);
  g_assert_no_error (error);
  catalog = bansou_catalog_load_active (fx->store, &error);
  survey = bansou_survey_new (fx->store, catalog, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bansou_survey_create_round (survey, ROUND, NULL, FALSE, &error));
  g_assert_no_error (error);
  g_clear_object (&survey);

  fx->dir = bansou_test_make_dir ();
  fx->settings = g_settings_new (APP_ID);
  fx->context = bansou_context_new (fx->store, fx->settings);
  fx->window = g_object_ref_sink (bansou_window_new (NULL, fx->context));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  GtkWindow *dialog;

  if (!have_display)
    return;

  while ((dialog = find_toplevel (GTK_TYPE_WINDOW)))
    gtk_window_destroy (dialog);
  bansou_gui_test_drain ();

  g_clear_object (&fx->window);
  g_clear_object (&fx->context);
  g_clear_object (&fx->settings);
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->path, g_free);
  g_clear_pointer (&fx->dir, g_free);
}

static char *
checksum (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  char *sum = bansou_survey_checksum (bansou_context_get_survey (fx->context), NULL, &error);

  g_assert_no_error (error);
  return sum;
}

static GFile *
write_file (Fixture    *fx,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return g_file_new_for_path (path);
}

static BansouImportDialog *
open_import_dialog (Fixture *fx)
{
  BansouImportDialog *dialog;

  gtk_window_present (GTK_WINDOW (fx->window));
  bansou_gui_test_drain ();
  g_action_group_activate_action (G_ACTION_GROUP (fx->window), "import-answers", NULL);
  bansou_gui_test_drain ();
  dialog = BANSOU_IMPORT_DIALOG (find_toplevel (BANSOU_TYPE_IMPORT_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fx->window));
  return dialog;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row; row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

static const char *
row_text (GtkListBox *list,
          int         index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  return gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row)));
}

static void
set_true_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* A sheet with three bad rows: the dialog lists both, nothing is written. */
static void
test_import_errors (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fx, "returned.csv",
                                      HEADER
                                      KURE ",呉市," POLICY ",,実施済み,,,\r\n"
                                      KURE ",呉市,org.responsibility.ciso,,たぶん,,,\r\n"
                                      "999999,どこか," POLICY ",,実施済み,,,\r\n"
                                      MIHARA ",三原市," POLICY ",,一部実施,2099-01-01,,\r\n");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  BansouImportDialog *dialog;
  GtkListBox *list;
  const char *shot = g_getenv ("BANSOU_TEST_SCREENSHOT");

  if (!have_display)
    return;

  before = checksum (fx);
  dialog = open_import_dialog (fx);
  bansou_import_dialog_set_file (dialog, file);
  g_assert_false (bansou_import_dialog_import (dialog));
  bansou_gui_test_drain ();

  /* Still open, with the core's findings, row and column each */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_nonnull (_bansou_import_dialog_get_summary (dialog));
  list = _bansou_import_dialog_get_problem_list (dialog);
  g_assert_cmpuint (count_rows (list), ==, 3);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (list)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list)));
  g_assert_nonnull (strstr (row_text (list, 0), "3"));
  g_assert_nonnull (strstr (row_text (list, 0), "回答"));
  g_assert_nonnull (strstr (row_text (list, 1), "団体コード"));
  g_assert_nonnull (strstr (row_text (list, 2), "実施日"));

  after = checksum (fx);
  g_assert_cmpstr (before, ==, after);

  if (shot != NULL)
    {
      /* docs/import-errors.png: the dialog over the window, as a user sees it */
      g_autoptr(GError) error = NULL;
      g_autofree char *crop = NULL;
      gboolean done = FALSE;

      /* Let the frame clock paint the findings before the X server is read. */
      g_timeout_add_once (1500, set_true_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      crop = g_strdup_printf ("%dx%d+0+0", gtk_widget_get_width (GTK_WIDGET (dialog)),
                              gtk_widget_get_height (GTK_WIDGET (dialog)));
      {
        const char *argv[] = { "import", "-window", "root", "-crop", crop, shot, NULL };

        g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, &error);
      }
      g_assert_no_error (error);
    }
}

/* A good sheet is imported; the dialog closes. */
static void
test_import_ok (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fx, "returned.csv",
                                      HEADER
                                      KURE ",呉市," POLICY ",,実施済み,,,\r\n"
                                      MIHARA ",三原市," POLICY ",,一部実施,,,\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouAnswer) answer = NULL;
  BansouImportDialog *dialog;

  if (!have_display)
    return;

  dialog = open_import_dialog (fx);
  g_object_ref (dialog);
  bansou_import_dialog_set_file (dialog, file);
  g_assert_true (bansou_import_dialog_import (dialog));
  bansou_gui_test_drain ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_object_unref (dialog);

  answer = bansou_survey_get_answer (bansou_context_get_survey (fx->context), ROUND, MIHARA, POLICY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (answer->status, ==, BANSOU_STATUS_PARTIAL);
}

static void
test_export_bodies (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) bodies = NULL;
  guint lines = 0;

  if (!have_display)
    return;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fx->window), "export-bodies"));
  path = g_build_filename (fx->dir, "bodies.csv", NULL);
  g_assert_true (_bansou_window_export_bodies (fx->window, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF団体コード,団体名,ふりがな,種別,人口,"));
  g_assert_nonnull (strstr (csv, "\r\n" KURE ",呉市,"));
  for (const char *p = csv; *p; p++)
    lines += *p == '\n';

  bodies = bansou_registry_list (bansou_context_get_registry (fx->context), "34", BANSOU_LIST_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines, ==, 1 + g_list_model_get_n_items (bodies));
}

static gboolean
help_error_shown (gpointer data)
{
  GtkWindow *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL && gtk_window_get_transient_for (dialog) == data;
}

/* F1 without a help viewer: a dialog says how to get one. */
static void
test_help_without_viewer (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(GAppInfo) viewer = NULL;

  if (!have_display)
    return;
  viewer = g_app_info_get_default_for_uri_scheme ("help");
  if (viewer != NULL)
    {
      g_test_skip ("A help viewer is installed: the guide opens in it");
      return;
    }

  gtk_window_present (GTK_WINDOW (fx->window));
  bansou_gui_test_drain ();
  bansou_show_help (GTK_WINDOW (fx->window), NULL);
  g_assert_true (bansou_gui_test_wait_for (help_error_shown, fx->window));
}

static guint
n_tabs (Fixture *fx)
{
  GtkWidget *stack = gtk_widget_get_ancestor (_bansou_window_get_page (fx->window, "bodies"), ADW_TYPE_VIEW_STACK);
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (ADW_VIEW_STACK (stack));

  return g_list_model_get_n_items (G_LIST_MODEL (pages));
}

static gboolean
all_pages_built (gpointer data)
{
  Fixture *fx = data;

  return _bansou_window_get_n_built (fx->window) == 11;   /* the pages[] of bansou-window.c */
}

/* Only the first page is built before the window maps; the others follow
 * once it is on screen, in order; one asked for is built at once. Every
 * tab is in the switcher from the start, so it does not change its layout
 * while the pages are being built. */
static void
test_pages_after_map (Fixture       *fx,
                      gconstpointer  data)
{
  if (!have_display)
    return;

  g_assert_cmpuint (_bansou_window_get_n_built (fx->window), ==, 1);
  g_assert_cmpuint (n_tabs (fx), ==, 11);
  gtk_window_present (GTK_WINDOW (fx->window));
  g_assert_true (bansou_gui_test_wait_for (all_pages_built, fx));
  g_assert_nonnull (_bansou_window_get_page (fx->window, "sync"));
  g_assert_cmpuint (n_tabs (fx), ==, 11);
}

static void
test_page_on_demand (Fixture       *fx,
                     gconstpointer  data)
{
  GtkWidget *sync, *stack;

  if (!have_display)
    return;

  g_assert_cmpuint (_bansou_window_get_n_built (fx->window), ==, 1);
  sync = _bansou_window_get_page (fx->window, "sync");
  g_assert_nonnull (sync);
  /* Every page up to 同期, the last: 共同調達, 派遣 and 支援効果 made it ten */
  g_assert_cmpuint (_bansou_window_get_n_built (fx->window), ==, 11);
  stack = gtk_widget_get_ancestor (_bansou_window_get_page (fx->window, "bodies"), ADW_TYPE_VIEW_STACK);
  g_assert_true (gtk_widget_get_ancestor (sync, ADW_TYPE_VIEW_STACK) == stack);
}

/* A tab chosen before its page's turn builds it at once: the user never
 * sees an empty slot. */
static void
test_tab_before_its_turn (Fixture       *fx,
                          gconstpointer  data)
{
  GtkWidget *stack;

  if (!have_display)
    return;

  stack = gtk_widget_get_ancestor (_bansou_window_get_page (fx->window, "bodies"), ADW_TYPE_VIEW_STACK);
  g_assert_cmpuint (_bansou_window_get_n_built (fx->window), ==, 1);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "consult");
  g_assert_cmpuint (_bansou_window_get_n_built (fx->window), ==, 8);
  g_assert_nonnull (adw_bin_get_child (ADW_BIN (adw_view_stack_get_visible_child (ADW_VIEW_STACK (stack)))));
}

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  have_display = bansou_gui_test_init (&argc, &argv);
  textdomain (GETTEXT_PACKAGE);  /* as the app's main() does: the pages' own strings */

  ADD_TEST ("/desk/import-errors", test_import_errors);
  ADD_TEST ("/desk/import-ok", test_import_ok);
  ADD_TEST ("/desk/export-bodies", test_export_bodies);
  ADD_TEST ("/desk/help-without-viewer", test_help_without_viewer);
  ADD_TEST ("/desk/pages-after-map", test_pages_after_map);
  ADD_TEST ("/desk/page-on-demand", test_page_on_demand);
  ADD_TEST ("/desk/tab-before-its-turn", test_tab_before_its_turn);

  return g_test_run ();
}
