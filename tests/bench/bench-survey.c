/* bench-survey.c — figures for the survey core at national scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Prints figures, asserts nothing about time:
 *   meson test -C build --benchmark --suite core   (or: meson test --benchmark survey)
 */
#include "config.h"

#include <stdio.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

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

static int
count_answers (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM answers", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static BansouStore *
national_store (char **path)
{
  g_autoptr(GError) error = NULL;
  BansouStore *store = bansou_test_open_store (path);

  g_assert_true (bansou_store_set_setting (store, "prefecture", BANSOU_SCOPE_NATIONAL, &error));
  g_assert_no_error (error);
  return store;
}

static void
bench_demo (guint n_rounds)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(BansouStore) store = national_store (&path);
  g_autoptr(BansouCatalog) catalog = bansou_catalog_load_active (store, &error);
  gint64 start;
  double generate_ms;

  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  g_assert_true (bansou_demo_generate (store, catalog, NULL, n_rounds, 1, &error));
  g_assert_no_error (error);
  generate_ms = ms_since (start);
  g_assert_true (bansou_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", &error));

  printf ("demo, national, %u rounds: %d answers (and %u progress rows) written in %.0f ms; database %.1f MB\n",
          n_rounds, count_answers (path), 1741 * n_rounds, generate_ms, file_mb (path));

  start = g_get_monotonic_time ();
  g_assert_true (bansou_demo_remove (store, &error));
  printf ("demo --remove, %u rounds: %.0f ms\n", n_rounds, ms_since (start));
}

static void
bench_round (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *path2 = NULL;
  g_autoptr(BansouStore) store = national_store (&path);
  g_autoptr(BansouStore) fresh = national_store (&path2);
  g_autoptr(BansouCatalog) catalog = bansou_catalog_load_active (store, &error);
  g_autoptr(BansouCatalog) catalog2 = bansou_catalog_load_active (fresh, &error);
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(BansouSurvey) survey2 = NULL;
  g_autoptr(BansouAnswerMatrix) matrix = NULL;
  g_autoptr(BansouScoreTable) table = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GPtrArray) trend = NULL;
  g_autofree char *sum = NULL;
  guint n_changed = 0;
  gint64 start;

  g_assert_true (bansou_demo_generate (store, catalog, NULL, 5, 1, &error));
  survey = bansou_survey_new (store, catalog, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  matrix = bansou_survey_load_matrix (survey, BANSOU_DEMO_LATEST_ROUND, NULL, &error);
  g_assert_no_error (error);
  printf ("load a national round as a matrix (%u × %u): %.1f ms\n",
          bansou_answer_matrix_get_n_bodies (matrix), bansou_answer_matrix_get_n_questions (matrix),
          ms_since (start));

  start = g_get_monotonic_time ();
  table = bansou_score_table_new (catalog, matrix);
  printf ("scores of a national round from the matrix: %.1f ms\n", ms_since (start));

  start = g_get_monotonic_time ();
  trend = bansou_score_question_history (survey, NULL, "technical.unauthorized_access.vuln_assessment", &error);
  g_assert_no_error (error);
  printf ("one question's national rate across 5 rounds: %.1f ms\n", ms_since (start));
  g_clear_pointer (&trend, g_ptr_array_unref);
  start = g_get_monotonic_time ();
  trend = bansou_score_body_history (survey, "342025", &error);
  g_assert_no_error (error);
  printf ("one body's category scores across 5 rounds: %.1f ms\n", ms_since (start));

  start = g_get_monotonic_time ();
  {
    g_autoptr(GPtrArray) answers = bansou_survey_list_answers (survey, BANSOU_DEMO_LATEST_ROUND, "342025", &error);
    g_assert_no_error (error);
  }
  printf ("one body's answers for the editor: %.2f ms\n", ms_since (start));

  start = g_get_monotonic_time ();
  bansou_survey_set_answer (survey, BANSOU_DEMO_LATEST_ROUND, "342025", "org.structure.csirt",
                            BANSOU_STATUS_PARTIAL, NULL, "ベンチマーク", NULL, &error);
  g_assert_no_error (error);
  printf ("set one answer (transaction, audit, signal): %.2f ms\n", ms_since (start));

  start = g_get_monotonic_time ();
  csv = bansou_csv_export_answers (survey, BANSOU_DEMO_LATEST_ROUND, NULL, &error);
  g_assert_no_error (error);
  printf ("export a national round as CSV: %.0f ms, %.1f MB\n", ms_since (start),
          g_bytes_get_size (csv) / (1024.0 * 1024.0));

  start = g_get_monotonic_time ();
  json = bansou_json_export_answers (survey, BANSOU_DEMO_LATEST_ROUND, NULL, &error);
  g_assert_no_error (error);
  printf ("export a national round as JSON: %.0f ms, %.1f MB\n", ms_since (start),
          g_bytes_get_size (json) / (1024.0 * 1024.0));

  start = g_get_monotonic_time ();
  g_assert_true (bansou_csv_import_answers (survey, BANSOU_DEMO_LATEST_ROUND, g_bytes_get_data (csv, NULL),
                                            g_bytes_get_size (csv), &n_changed, NULL, &error));
  g_assert_no_error (error);
  printf ("import it back (validate everything, %u changes): %.0f ms\n", n_changed, ms_since (start));

  /* Into a database without answers: every row is a change with audit lines. */
  survey2 = bansou_survey_new (fresh, catalog2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bansou_survey_create_round (survey2, BANSOU_DEMO_LATEST_ROUND, NULL, FALSE, &error));
  start = g_get_monotonic_time ();
  g_assert_true (bansou_csv_import_answers (survey2, BANSOU_DEMO_LATEST_ROUND, g_bytes_get_data (csv, NULL),
                                            g_bytes_get_size (csv), &n_changed, NULL, &error));
  g_assert_no_error (error);
  printf ("import it into an empty round (%u answers written, audited): %.0f ms\n", n_changed, ms_since (start));

  start = g_get_monotonic_time ();
  g_assert_nonnull (bansou_survey_create_round (survey2, "2026-10-31", NULL, TRUE, &error));
  g_assert_no_error (error);
  printf ("create the next national round, prefilled: %.0f ms\n", ms_since (start));

  start = g_get_monotonic_time ();
  sum = bansou_survey_checksum (survey, NULL, &error);
  g_assert_no_error (error);
  printf ("checksum of all answers (5 rounds): %.0f ms\n", ms_since (start));
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

  printf ("# bench-survey: the survey core at national scale (1,741 bodies × 58 questions)\n");
  bench_demo (3);
  bench_demo (5);
  bench_round ();

  return 0;
}
