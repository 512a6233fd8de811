/* test-ctl.c — bansouctl round trips and its errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "bansou-test-utils.h"

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })

static char *
init_db (const char *prefecture)
{
  g_autofree char *out = NULL;
  char *db = bansou_test_db_path ();

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("init", "--prefecture", prefecture), &out, NULL), ==, 0);
  return db;
}

static guint
count_lines (const char *text)
{
  guint n = 0;
  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

static void
test_ctl_init (void)
{
  g_autofree char *db = bansou_test_db_path ();
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("init", "--prefecture", "ひろしま"), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "広島県"));
  g_assert_nonnull (strstr (out, "23"));

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("init", "--prefecture", "全国"), &out2, NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "1741"));
}

static void
test_ctl_list_formats (void)
{
  g_autofree char *db = init_db ("広島県");
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "list", "--format", "csv"), &csv, NULL), ==, 0);
  g_assert_cmpuint (count_lines (csv), ==, 24);
  g_assert_true (g_str_has_prefix (csv, "code,name,kana,kind,population,it_staff,applicability\r\n"));
  g_assert_nonnull (strstr (csv, "342025,呉市,くれし,city,"));

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "list", "--format", "json"), &json, NULL), ==, 0);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 23);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"), ==, "広島市");

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "list", "--prefecture", "北海道"), &text, NULL), ==, 0);
  g_assert_cmpuint (count_lines (text), ==, 179);
}

/* Every command reads --prefecture the same way: 全国, national and 00
 * all mean the nation (bodies once knew only two of them). */
static void
test_ctl_prefecture_words (void)
{
  g_autofree char *db = init_db ("national");
  g_autofree char *by_kanji = NULL;
  g_autofree char *by_word = NULL;
  g_autofree char *by_code = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "list", "--format", "csv", "--prefecture", "全国"),
                                        &by_kanji, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "list", "--format", "csv", "--prefecture", "national"),
                                        &by_word, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "list", "--format", "csv", "--prefecture", "00"),
                                        &by_code, NULL), ==, 0);
  g_assert_cmpuint (count_lines (by_kanji), >, 1741);
  g_assert_cmpstr (by_word, ==, by_kanji);
  g_assert_cmpstr (by_code, ==, by_kanji);

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "list", "--prefecture", "nowhere"), NULL, &err), ==, 1);
  g_assert_nonnull (err);
}

static void
test_ctl_set_show_round_trip (void)
{
  g_autofree char *db = init_db ("34");
  g_autofree char *json = NULL;
  g_autofree char *history = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *obj;

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "set", "342025", "population", "208000"), NULL, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "set", "342025", "ciso-title", "副市長"), NULL, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "show", "342025", "--format", "json"), &json, NULL), ==, 0);

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (obj, "population"), ==, 208000);
  g_assert_cmpstr (json_object_get_string_member (obj, "ciso_title"), ==, "副市長");
  g_assert_cmpstr (json_object_get_string_member (obj, "name"), ==, "呉市");

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "history", "342025"), &history, NULL), ==, 0);
  g_assert_cmpuint (count_lines (history), ==, 2);
  g_assert_nonnull (strstr (history, "208000"));
}

static void
test_ctl_add_remove (void)
{
  g_autofree char *db = init_db ("34");
  g_autofree char *code = NULL;
  g_autofree char *err = NULL;
  g_autofree char *list = NULL;

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "add", "--kind", "wide-union",
                                                 "--name", "広島県後期高齢者医療広域連合"), &code, NULL), ==, 0);
  g_strstrip (code);
  g_assert_cmpstr (code, ==, "X34001");
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "remove", code), NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--yes"));
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "remove", code, "--yes"), NULL, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "list"), &list, NULL), ==, 0);
  g_assert_cmpuint (count_lines (list), ==, 23);
}

/* Each bad call: non-zero exit, exactly one line on stderr, nothing written. */
static void
test_ctl_errors (void)
{
  g_autofree char *db = init_db ("34");
  const char * const *bad[] = {
    CTL ("bodies", "set", "342025", "population", "many"),
    CTL ("bodies", "set", "342025", "colour", "blue"),
    CTL ("bodies", "set", "999999", "population", "1"),
    CTL ("bodies", "set", "342025", "lgwan", "yes"),
    CTL ("bodies", "set", "342025"),
    CTL ("bodies", "show", "000000"),
    CTL ("bodies", "list", "--format", "xml"),
    CTL ("bodies", "frobnicate"),
    CTL ("init", "--prefecture", "ひろ"),
    CTL ("init"),
    CTL ("nonsense"),
  };
  g_autofree char *history = NULL;
  g_autofree char *scope_out = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = bansou_test_run_ctl (db, bad[i], &out, &err);

      g_test_message ("case %u: %s", i, err);
      g_assert_cmpint (status, !=, 0);
      g_assert_cmpuint (count_lines (err), ==, 1);
      g_assert_true (g_str_has_prefix (err, "bansouctl: "));
    }

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "history", "342025"), &history, NULL), ==, 0);
  g_assert_cmpstr (history, ==, "");
  /* The failed init left the prefecture as it was. */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "list"), &scope_out, NULL), ==, 0);
  g_assert_cmpuint (count_lines (scope_out), ==, 23);
}

static void
test_ctl_refuses_bad_database (void)
{
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GBytes) after = NULL;
  const char *text = "これはデータベースではありません\n";

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_cmpint (bansou_test_run_ctl (path, CTL ("bodies", "list"), NULL, &err), ==, 1);
  g_assert_cmpuint (count_lines (err), ==, 1);
  after = bansou_test_read_file (path);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), text, strlen (text));
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/ctl/init", test_ctl_init);
  g_test_add_func ("/ctl/list-formats", test_ctl_list_formats);
  g_test_add_func ("/ctl/prefecture-words", test_ctl_prefecture_words);
  g_test_add_func ("/ctl/set-show-round-trip", test_ctl_set_show_round_trip);
  g_test_add_func ("/ctl/add-remove", test_ctl_add_remove);
  g_test_add_func ("/ctl/errors", test_ctl_errors);
  g_test_add_func ("/ctl/refuses-bad-database", test_ctl_refuses_bad_database);

  return g_test_run ();
}
