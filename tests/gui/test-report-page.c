/* test-report-page.c — the レポート page over a real database, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The page builds the report in a thread, previews its first pages and
 * exports through GtkPrintOperation: the test waits for the report, checks
 * the preview and the options, and exports a PDF the way "Export PDF…"
 * does after its file chooser, then counts its pages with pdfinfo.
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "bansou-context.h"
#include "bansou-demo.h"
#include "bansou-report-page-private.h"
#include "bansou-gui-test-utils.h"
#include "bansou-test-utils.h"
#include "bansou-window-private.h"

static gboolean have_display;

typedef struct
{
  char             *path;
  BansouStore      *store;
  GSettings        *settings;
  BansouContext    *context;
  GtkWindow        *window;
  BansouReportPage *page;
} Fixture;

static gboolean
report_ready (gpointer data)
{
  BansouReportPage *page = data;

  return !_bansou_report_page_is_loading (page) && _bansou_report_page_get_report (page) != NULL;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;

  if (!have_display)
    {
      g_test_skip ("No display: run the gui suite under xvfb-run");
      return;
    }

  fx->store = bansou_test_open_store (&fx->path);
  g_assert_true (bansou_store_set_setting (fx->store, "prefecture", "34", &error));
  g_assert_no_error (error);
  catalog = bansou_catalog_load_active (fx->store, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_demo_generate (fx->store, catalog, "34", 3, 1, &error));
  g_assert_no_error (error);

  fx->settings = g_settings_new (APP_ID);
  fx->context = bansou_context_new (fx->store, fx->settings);
  fx->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx->window, 1400, 900);
  fx->page = g_object_new (BANSOU_TYPE_REPORT_PAGE, "context", fx->context, NULL);
  gtk_window_set_child (fx->window, GTK_WIDGET (fx->page));
  gtk_window_present (fx->window);
  g_assert_true (bansou_gui_test_wait_for (report_ready, fx->page));
  bansou_gui_test_drain ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (!have_display)
    return;

  g_clear_pointer (&fx->window, gtk_window_destroy);
  bansou_gui_test_drain ();
  g_clear_object (&fx->context);
  g_clear_object (&fx->settings);
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->path, g_free);
}

static guint
pdf_pages (const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, NULL, &error);
  g_assert_no_error (error);
  line = strstr (out, "Pages:");
  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("Pages:") + strspn (line + strlen ("Pages:"), " "), NULL, 10);
}

/* ------------------------------------------------------------------------ */

static void
test_page_preview (Fixture       *fx,
                   gconstpointer  data)
{
  BansouReport *report;
  GtkDropDown *rounds;
  guint n_pages;

  if (!have_display)
    return;

  report = _bansou_report_page_get_report (fx->page);
  n_pages = bansou_report_get_n_pages (report);

  /* The newest of the three demo rounds, selected */
  rounds = _bansou_report_page_get_round_dropdown (fx->page);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (rounds)), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (rounds), ==, 0);
  g_assert_cmpstr (bansou_report_get_round (report), ==, BANSOU_DEMO_LATEST_ROUND);
  g_assert_cmpstr (bansou_report_get_scope_name (report), ==, "広島県");

  g_assert_cmpuint (_bansou_report_page_get_n_previews (fx->page), ==, MIN (n_pages, 4));
  g_assert_cmpstr (gtk_label_get_label (_bansou_report_page_get_pages_label (fx->page)), !=, "");

  /* An older round: another report */
  gtk_drop_down_set_selected (rounds, 2);
  g_assert_true (bansou_gui_test_wait_for (report_ready, fx->page));
  g_assert_cmpstr (bansou_report_get_round (_bansou_report_page_get_report (fx->page)), <, BANSOU_DEMO_LATEST_ROUND);
}

static void
test_page_profiles (Fixture       *fx,
                    gconstpointer  data)
{
  guint before, n_bodies;

  if (!have_display)
    return;

  before = bansou_report_get_n_pages (_bansou_report_page_get_report (fx->page));
  n_bodies = bansou_report_get_n_bodies (_bansou_report_page_get_report (fx->page));

  gtk_check_button_set_active (_bansou_report_page_get_profiles_check (fx->page), TRUE);
  g_assert_true (bansou_gui_test_wait_for (report_ready, fx->page));
  g_assert_cmpuint (bansou_report_get_n_pages (_bansou_report_page_get_report (fx->page)), ==, before + n_bodies);
}

static void
test_page_export_pdf (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autoptr(GError) error = NULL;

  if (!have_display)
    return;
  if (pdfinfo == NULL)
    {
      g_test_skip ("poppler-utils is not installed");
      return;
    }

  dir = bansou_test_make_dir ();
  pdf = g_build_filename (dir, "report.pdf", NULL);

  /* GtkPrintOperation's export action, as after "Export PDF…" */
  g_assert_true (_bansou_report_page_export_pdf (fx->page, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (pdf_pages (pdf), ==, bansou_report_get_n_pages (_bansou_report_page_get_report (fx->page)));
}

/* "Export CSV…": the tables as CSV files Excel opens (UTF-8 with a BOM) */
static void
test_page_export_csv (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint n = 0, found = 0;

  if (!have_display)
    return;

  dir = bansou_test_make_dir ();
  g_assert_true (_bansou_report_page_export_csv (fx->page, dir, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;

      g_assert_true (g_str_has_suffix (name, ".csv"));
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF"));
      found++;
    }
  g_assert_cmpuint (found, ==, n);
}

typedef struct
{
  BansouReportPage *page;
  BansouReport     *old;
} Rebuilt;

static gboolean
report_rebuilt (gpointer data)
{
  Rebuilt *r = data;

  return report_ready (r->page) && _bansou_report_page_get_report (r->page) != r->old;
}

/* An answer edited on another page: the report follows */
static void
test_page_follows_edits (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BansouSurvey *survey;
  Rebuilt rebuilt;

  if (!have_display)
    return;

  survey = bansou_context_get_survey (fx->context);
  g_assert_nonnull (survey);
  rebuilt.page = fx->page;
  rebuilt.old = _bansou_report_page_get_report (fx->page);

  g_assert_true (bansou_survey_set_answer (survey, BANSOU_DEMO_LATEST_ROUND, "341002",
                                           "org.responsibility.ciso", BANSOU_STATUS_NOT_DONE,
                                           NULL, "", "", &error));
  g_assert_no_error (error);
  g_assert_true (bansou_gui_test_wait_for (report_rebuilt, &rebuilt));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "ja", TRUE);
  have_display = bansou_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/report-page/preview", test_page_preview);
  ADD ("/report-page/profiles", test_page_profiles);
  ADD ("/report-page/export-pdf", test_page_export_pdf);
  ADD ("/report-page/export-csv", test_page_export_csv);
  ADD ("/report-page/follows-edits", test_page_follows_edits);

  return g_test_run ();
}
