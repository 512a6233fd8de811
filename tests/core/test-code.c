/* test-code.c — 全国地方公共団体コード check digits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include "bansou-test-utils.h"

static void
test_code_known (void)
{
  /* Published codes: 北海道, 札幌市, 広島県, 広島市, 千代田区, 那覇市 */
  const char *valid[] = { "010006", "011002", "340006", "341002", "131016", "472018" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (bansou_code_is_valid (valid[i]));
}

static void
test_code_invalid (void)
{
  const char *invalid[] = {
    "010007",   /* wrong check digit */
    "341001",
    "01000",    /* too short */
    "0100061",  /* too long */
    "01a006",   /* not digits */
    "000001",   /* prefecture 00 */
    "480003",   /* prefecture 48 */
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (bansou_code_is_valid (invalid[i]));
  g_assert_false (bansou_code_is_valid (NULL));
}

/* Remainder 0 gives check digit 1, remainder 1 gives 0. */
static void
test_code_remainders (void)
{
  /* 0,1,2,0,3: 0*6+1*5+2*4+0*3+3*2 = 19 → 19 % 11 = 8 → 3 */
  g_assert_cmpint (bansou_code_check_digit ("01203"), ==, 3);
  /* 1,1,0,0,0: 6+5 = 11 → remainder 0 → 11 → 1 */
  g_assert_cmpint (bansou_code_check_digit ("11000"), ==, 1);
  /* 0,0,0,0,6: 12 → remainder 1 → 10 → 0 */
  g_assert_cmpint (bansou_code_check_digit ("00006"), ==, 0);
  g_assert_cmpint (bansou_code_check_digit ("0a000"), ==, -1);
}

static void
test_code_prefecture_of (void)
{
  g_autofree char *hiroshima = bansou_code_prefecture_of ("342025");
  g_autofree char *hokkaido = bansou_code_prefecture_of ("011002");

  g_assert_cmpstr (hiroshima, ==, "340006");
  g_assert_cmpstr (hokkaido, ==, "010006");
}

/* Every code in the shipped registry is valid. */
static void
test_code_registry_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "registry.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint checked = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *code = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      code = g_strndup (lines[i], 6);
      g_assert_true (bansou_code_is_valid (code));
      checked++;
    }
  g_assert_cmpuint (checked, ==, 47 + 1747 + 175);
}

/* Bodies a prefecture registers itself: "X", the prefecture, a serial. */
static void
test_code_private (void)
{
  const char *private[] = { "X34001", "X01999", "X47000" };
  const char *not_private[] = {
    "x34001",   /* lower case */
    "X00001",   /* prefecture 00 */
    "X48001",   /* prefecture 48 */
    "X3400",    /* too short */
    "X340011",  /* too long */
    "X34a01",
    "340006",   /* a national code */
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (private); i++)
    {
      g_assert_true (bansou_code_is_private (private[i]));
      g_assert_true (bansou_code_is_body (private[i]));
      g_assert_false (bansou_code_is_valid (private[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_private); i++)
    g_assert_false (bansou_code_is_private (not_private[i]));
  g_assert_false (bansou_code_is_private (NULL));

  /* A body is named by either kind; nothing else names one. */
  g_assert_true (bansou_code_is_body ("342025"));
  g_assert_false (bansou_code_is_body ("342026"));
  g_assert_false (bansou_code_is_body ("X48001"));
  g_assert_false (bansou_code_is_body (NULL));
}

static void
test_code_prefecture_digits (void)
{
  const struct {
    const char *code;
    const char *digits;
  } cases[] = {
    { "342025", "34" },
    { "X34001", "34" },
    { "010006", "01" },
    { "X47999", "47" },
    { "342026", NULL },   /* wrong check digit */
    { "X48001", NULL },
    { "34", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *digits = bansou_code_prefecture_digits (cases[i].code);

      g_assert_cmpstr (digits, ==, cases[i].digits);
    }
  g_assert_null (bansou_code_prefecture_digits (NULL));
}

static void
test_code_private_new (void)
{
  const struct {
    const char *prefecture;
    guint       serial;
    const char *code;
  } cases[] = {
    { "34", 1, "X34001" },
    { "01", 42, "X01042" },
    { "47", BANSOU_CODE_PRIVATE_MAX, "X47999" },
    { "34", 0, NULL },
    { "34", BANSOU_CODE_PRIVATE_MAX + 1, NULL },   /* would be seven characters */
    { "00", 1, NULL },
    { "48", 1, NULL },
    { "340006", 1, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = bansou_code_private_new (cases[i].prefecture, cases[i].serial);

      g_assert_cmpstr (code, ==, cases[i].code);
      if (code != NULL)
        g_assert_true (bansou_code_is_private (code));
    }
}

/* The SQL form of "belongs to prefecture 34" agrees with the C one. */
static void
test_code_sql_in_prefecture (void)
{
  const char *codes[] = { "342025", "340006", "X34001", "352012", "X35001", "134001", "X13401" };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT " BANSOU_CODE_SQL_IN_PREFECTURE ("?1", "?2"),
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *digits = bansou_code_prefecture_digits (codes[i]);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, codes[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, "34", -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, g_strcmp0 (digits, "34") == 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/code/known", test_code_known);
  g_test_add_func ("/code/invalid", test_code_invalid);
  g_test_add_func ("/code/remainders", test_code_remainders);
  g_test_add_func ("/code/prefecture-of", test_code_prefecture_of);
  g_test_add_func ("/code/registry-file", test_code_registry_file);
  g_test_add_func ("/code/private", test_code_private);
  g_test_add_func ("/code/prefecture-digits", test_code_prefecture_digits);
  g_test_add_func ("/code/private-new", test_code_private_new);
  g_test_add_func ("/code/sql-in-prefecture", test_code_sql_in_prefecture);

  return g_test_run ();
}
