/* bench-report.c — figures for the regional status report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Prints figures, asserts nothing about time:
 *   meson test -C build --benchmark report
 *
 * The target (issue 5): a nationwide report of 1,741 bodies with three
 * rounds of demo data generated in under 10 s, from the database to the
 * PDF on disk.
 */
#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>

#include "bansou-report.h"
#include "bansou-test-utils.h"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
file_mb (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return 0;
  return st.st_size / (1024.0 * 1024.0);
}

static void
bench (BansouStore       *store,
       BansouCatalog     *catalog,
       const char        *scope,
       BansouReportFlags  flags,
       const char        *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouReport) report = NULL;
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "report.xlsx", NULL);
  g_autofree char *csv = g_build_filename (dir, "csv", NULL);
  g_auto(GStrv) files = NULL;
  BansouReportOptions options = { flags, NULL };
  double build_ms, pdf_ms, xlsx_ms = 0, csv_ms;
  gint64 start;

  start = g_get_monotonic_time ();
  report = bansou_report_new (store, catalog, scope, "2025-10-31", &options, &error);
  g_assert_no_error (error);
  build_ms = ms_since (start);

  start = g_get_monotonic_time ();
  g_assert_true (bansou_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  pdf_ms = ms_since (start);

  if (bansou_report_can_write_xlsx ())
    {
      start = g_get_monotonic_time ();
      g_assert_true (bansou_report_write_xlsx (report, xlsx, &error));
      g_assert_no_error (error);
      xlsx_ms = ms_since (start);
    }

  start = g_get_monotonic_time ();
  files = bansou_report_write_csv (report, csv, &error);
  g_assert_no_error (error);
  csv_ms = ms_since (start);

  printf ("| %s%s | %u | %u | %.0f ms | %.0f ms | **%.2f s** | %.1f MB | %.0f ms | %.0f ms |\n",
          bansou_report_get_scope_name (report),
          flags & BANSOU_REPORT_BODY_PROFILES ? " + profiles" : "",
          bansou_report_get_n_bodies (report), bansou_report_get_n_pages (report),
          build_ms, pdf_ms, (build_ms + pdf_ms) / 1000.0, file_mb (pdf), xlsx_ms, csv_ms);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  gint64 start;

  bansou_test_init (&argc, &argv);

  store = bansou_test_open_store (&path);
  dir = bansou_test_make_dir ();
  g_assert_true (bansou_store_set_setting (store, "prefecture", BANSOU_SCOPE_NATIONAL, &error));
  catalog = bansou_catalog_load_active (store, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  g_assert_true (bansou_demo_generate (store, catalog, NULL, 3, 1, &error));
  g_assert_no_error (error);
  printf ("Demo data: 3 rounds for the whole nation in %.0f ms\n\n", ms_since (start));

  printf ("| report | bodies | pages | load + layout | PDF | **total to PDF** | PDF size | .xlsx | CSV |\n");
  printf ("|---|---|---|---|---|---|---|---|---|\n");
  bench (store, catalog, BANSOU_SCOPE_NATIONAL, 0, dir);
  bench (store, catalog, "34", 0, dir);
  bench (store, catalog, "34", BANSOU_REPORT_BODY_PROFILES, dir);
  bench (store, catalog, "13", BANSOU_REPORT_BODY_PROFILES, dir);
  bench (store, catalog, BANSOU_SCOPE_NATIONAL, BANSOU_REPORT_BODY_PROFILES, dir);

  return 0;
}
