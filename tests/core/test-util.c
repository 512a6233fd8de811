/* test-util.c — the helpers of core/util and the rules the pages ask the
 * core for (overdue, today, the fiscal year of a new round)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <string.h>

#include "bansou-test-utils.h"

static void
test_util_blank (void)
{
  g_assert_true (bansou_str_is_blank (NULL));
  g_assert_true (bansou_str_is_blank (""));
  g_assert_true (bansou_str_is_blank (" \t\r\n"));
  /* The ideographic space a Japanese input method types. */
  g_assert_true (bansou_str_is_blank ("\u3000 \u3000"));
  g_assert_false (bansou_str_is_blank ("\u3000広島\u3000"));
  g_assert_false (bansou_str_is_blank (" x "));
}

static void
test_util_format_count (void)
{
  static const struct {
    gint64      n;
    const char *text;
  } cases[] = {
    { 0, "0" },
    { 7, "7" },
    { 999, "999" },
    { 1000, "1,000" },
    { 1741, "1,741" },
    { 12000, "12,000" },
    { 208920, "208,920" },
    { 1234567, "1,234,567" },
    { -1, "-1" },
    { -123, "-123" },
    { -1234, "-1,234" },
    { -123456, "-123,456" },
    { G_MAXINT64, "9,223,372,036,854,775,807" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bansou_format_count (cases[i].n);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_util_now_iso (void)
{
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autofree char *now = bansou_now_iso ();
  g_autoptr(GDateTime) after = g_date_time_new_now_utc ();
  g_autofree char *low = g_date_time_format (before, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *high = g_date_time_format (after, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(GDateTime) parsed = NULL;

  /* UTC to the second, as stamps are compared as strings. */
  g_assert_cmpuint (strlen (now), ==, 20);
  g_assert_cmpint (now[19], ==, 'Z');
  g_assert_cmpstr (low, <=, now);
  g_assert_cmpstr (now, <=, high);
  parsed = g_date_time_new_from_iso8601 (now, NULL);
  g_assert_nonnull (parsed);
  g_assert_cmpint (g_date_time_get_utc_offset (parsed), ==, 0);
}

static char *
checksum_of (sqlite3    *db,
             const char *sql,
             int        *rc)
{
  sqlite3_stmt *stmt = NULL;
  char *sum;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sum = bansou_checksum_rows (stmt, rc);
  sqlite3_finalize (stmt);
  return sum;
}

static void
test_util_checksum_rows (void)
{
  sqlite3 *db = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *null_row = NULL;
  g_autofree char *blank_row = NULL;
  g_autofree char *ab = NULL;
  g_autofree char *ab_again = NULL;
  g_autofree char *split = NULL;
  g_autofree char *failed = NULL;
  int rc = 0;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);

  /* No rows: the sum of nothing. */
  empty = checksum_of (db, "SELECT 1 WHERE 0", &rc);
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  {
    g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "", 0);
    g_assert_cmpstr (empty, ==, expected);
  }

  /* Fields end in a tab, rows in a line feed, NULL is \1: NULL and ""
   * differ, and moving text across a field boundary changes the sum. */
  ab = checksum_of (db, "SELECT 'a', 'b' UNION ALL SELECT 'c', NULL", &rc);
  {
    g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "a\tb\t\nc\t\1\t\n", -1);
    g_assert_cmpstr (ab, ==, expected);
  }
  ab_again = checksum_of (db, "SELECT 'a', 'b' UNION ALL SELECT 'c', NULL", NULL);
  g_assert_cmpstr (ab, ==, ab_again);
  null_row = checksum_of (db, "SELECT NULL", NULL);
  blank_row = checksum_of (db, "SELECT ''", NULL);
  g_assert_cmpstr (null_row, !=, blank_row);
  split = checksum_of (db, "SELECT 'ab', ''", NULL);
  {
    g_autofree char *joined = checksum_of (db, "SELECT 'a', 'b'", NULL);
    g_assert_cmpstr (split, !=, joined);
  }

  /* A step that fails gives no sum and says why. */
  failed = checksum_of (db, "SELECT abs(-9223372036854775807 - 1)", &rc);
  g_assert_null (failed);
  g_assert_cmpint (rc, ==, SQLITE_ERROR);

  sqlite3_close (db);
}

static void
test_util_overdue (void)
{
  const char *today = "2026-11-30";

  g_assert_true (bansou_progress_is_overdue (BANSOU_PROGRESS_NOT_STARTED, "2026-11-29", today));
  g_assert_true (bansou_progress_is_overdue (BANSOU_PROGRESS_ANSWERING, "2025-12-31", today));
  g_assert_true (bansou_progress_is_overdue (BANSOU_PROGRESS_REVIEW, "2026-11-29", today));
  /* Due today is not yet overdue; final never is; no due date never is. */
  g_assert_false (bansou_progress_is_overdue (BANSOU_PROGRESS_ANSWERING, "2026-11-30", today));
  g_assert_false (bansou_progress_is_overdue (BANSOU_PROGRESS_ANSWERING, "2026-12-01", today));
  g_assert_false (bansou_progress_is_overdue (BANSOU_PROGRESS_FINAL, "2020-01-01", today));
  g_assert_false (bansou_progress_is_overdue (BANSOU_PROGRESS_ANSWERING, NULL, today));
  g_assert_false (bansou_progress_is_overdue (BANSOU_PROGRESS_ANSWERING, "", today));

  /* Without @today: today in Japan time (TZ is Asia/Tokyo in tests). */
  g_assert_true (bansou_progress_is_overdue (BANSOU_PROGRESS_ANSWERING, "2000-01-01", NULL));
  g_assert_false (bansou_progress_is_overdue (BANSOU_PROGRESS_ANSWERING, "2999-12-31", NULL));
}

static void
test_util_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDate) today = bansou_date_today ();
  g_autofree char *iso = bansou_date_to_iso (today);
  g_autofree char *expected = g_date_time_format (now, "%Y-%m-%d");

  /* Skip the second around midnight rather than flake. */
  if (g_date_time_get_hour (now) == 23 && g_date_time_get_minute (now) == 59 &&
      g_date_time_get_second (now) == 59)
    {
      g_test_skip ("midnight");
      return;
    }
  g_assert_cmpstr (iso, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/util/blank", test_util_blank);
  g_test_add_func ("/util/format-count", test_util_format_count);
  g_test_add_func ("/util/now-iso", test_util_now_iso);
  g_test_add_func ("/util/checksum-rows", test_util_checksum_rows);
  g_test_add_func ("/util/overdue", test_util_overdue);
  g_test_add_func ("/util/today", test_util_today);

  return g_test_run ();
}
