/* test-csv.c — answers to and from CSV as Japanese Excel writes it, rejected whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bansou-test-utils.h"

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })

#define ROUND  "2025-10-31"
#define KURE   "342025"
#define MIHARA "342041"
#define CISO   "org.responsibility.ciso"
#define POLICY "org.structure.policy"
#define VULN   "technical.unauthorized_access.vuln_assessment"
#define HEADER "団体コード,団体名,設問ID,設問,回答,実施日,備考,根拠資料\r\n"

typedef struct
{
  BansouStore   *store;
  BansouCatalog *catalog;
  BansouSurvey  *survey;
  char          *path;
  guint          reloads;
} Fixture;

static void
reloaded_cb (BansouSurvey *survey,
             const char   *round,
             Fixture      *f)
{
  f->reloads++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = bansou_test_open_store (&f->path);
  g_assert_true (bansou_store_set_setting (f->store, "prefecture", "34", &error));
  f->catalog = bansou_catalog_load_active (f->store, &error);
  f->survey = bansou_survey_new (f->store, f->catalog, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bansou_survey_create_round (f->survey, ROUND, NULL, FALSE, &error));
  bansou_survey_set_answer (f->survey, ROUND, KURE, CISO, BANSOU_STATUS_DONE, NULL,
                            "副市長を任命, 「CISO」と\"呼称\"\n令和6年度から", "規程第3条", &error);
  g_assert_no_error (error);
  bansou_survey_set_answer (f->survey, ROUND, KURE, VULN, BANSOU_STATUS_UNANSWERED, "2023-06-01", NULL, NULL,
                            &error);
  g_assert_no_error (error);
  g_signal_connect (f->survey, "answers-reloaded", G_CALLBACK (reloaded_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->survey);
  g_clear_object (&f->catalog);
  g_clear_object (&f->store);
  g_clear_pointer (&f->path, g_free);
}

static char *
checksum (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *sum = bansou_survey_checksum (f->survey, NULL, &error);

  g_assert_no_error (error);
  return sum;
}

static BansouAnswer *
answer (Fixture    *f,
        const char *body,
        const char *question)
{
  g_autoptr(GError) error = NULL;
  BansouAnswer *a = bansou_survey_get_answer (f->survey, ROUND, body, question, &error);

  g_assert_no_error (error);
  return a;
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

/* ------------------------------------------------------------------------ */

static void
test_parse_helpers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  GStrv r;

#define DATE_IS(text, iso) \
  G_STMT_START { \
    g_autoptr(GDate) d_ = bansou_date_parse_loose (text); \
    g_autofree char *s_ = NULL; \
    g_assert_nonnull (d_); \
    s_ = bansou_date_to_iso (d_); \
    g_assert_cmpstr (s_, ==, iso); \
  } G_STMT_END
#define NOT_DATE(text) \
  G_STMT_START { \
    g_autoptr(GDate) d_ = bansou_date_parse_loose (text); \
    g_assert_null (d_); \
  } G_STMT_END

  DATE_IS ("2025-04-01", "2025-04-01");
  DATE_IS ("2025/4/1", "2025-04-01");
  DATE_IS (" 2025/04/01 0:00 ", "2025-04-01");
  DATE_IS ("2025.4.1", "2025-04-01");
  DATE_IS ("２０２５／４／１", "2025-04-01");
  DATE_IS ("令和7年4月1日", "2025-04-01");
  DATE_IS ("令和元年5月1日", "2019-05-01");
  DATE_IS ("平成31年4月30日", "2019-04-30");
  DATE_IS ("R7.4.1", "2025-04-01");
  DATE_IS ("H30/12/1", "2018-12-01");
  NOT_DATE ("2025-02-30");
  NOT_DATE ("2025-13-01");
  NOT_DATE ("25/4/1");
  NOT_DATE ("令和7年4月");
  NOT_DATE ("昨年度");
  NOT_DATE ("");

#undef DATE_IS
#undef NOT_DATE

  g_assert_cmpint (bansou_status_parse_label ("実施済み"), ==, BANSOU_STATUS_DONE);
  g_assert_cmpint (bansou_status_parse_label (" 一部実施 "), ==, BANSOU_STATUS_PARTIAL);
  g_assert_cmpint (bansou_status_parse_label ("未実施"), ==, BANSOU_STATUS_NOT_DONE);
  g_assert_cmpint (bansou_status_parse_label ("対象外"), ==, BANSOU_STATUS_NA);
  g_assert_cmpint (bansou_status_parse_label (""), ==, BANSOU_STATUS_UNANSWERED);
  g_assert_cmpint (bansou_status_parse_label ("not_done"), ==, BANSOU_STATUS_NOT_DONE);
  g_assert_cmpint (bansou_status_parse_label ("DONE"), ==, BANSOU_STATUS_DONE);
  g_assert_cmpint (bansou_status_parse_label ("Partly implemented"), ==, BANSOU_STATUS_PARTIAL);
  g_assert_cmpint (bansou_status_parse_label ("たぶん"), ==, BANSOU_N_STATUSES);

  records = bansou_csv_parse ("a,\"b,c\",\"d\"\"e\"\r\n\"multi\r\nline\",,\nlast", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  r = g_ptr_array_index (records, 0);
  g_assert_cmpuint (g_strv_length (r), ==, 3);
  g_assert_cmpstr (r[1], ==, "b,c");
  g_assert_cmpstr (r[2], ==, "d\"e");
  r = g_ptr_array_index (records, 1);
  g_assert_cmpuint (g_strv_length (r), ==, 3);
  g_assert_cmpstr (r[0], ==, "multi\nline");
  g_assert_cmpstr (r[2], ==, "");
  r = g_ptr_array_index (records, 2);
  g_assert_cmpstr (r[0], ==, "last");
  g_clear_pointer (&records, g_ptr_array_unref);

  g_assert_null (bansou_csv_parse ("a,\"open\n", &error));
  g_assert_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "Row 1, column 2"));
  g_clear_error (&error);
  g_assert_null (bansou_csv_parse ("a\nb,\"x\"y\n", &error));
  g_assert_nonnull (strstr (error->message, "Row 2, column 2"));
  g_clear_error (&error);
  g_assert_null (bansou_csv_parse ("a,b\"c\n", &error));
  g_assert_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_SYNTAX);
  g_clear_error (&error);

  /* Encodings */
  {
    const char *utf8 = "団体コード";
    g_autofree char *sjis = g_convert (utf8, -1, "CP932", "UTF-8", NULL, NULL, NULL);
    g_autofree char *a = bansou_csv_decode (sjis, strlen (sjis), &error);
    g_autofree char *b = bansou_csv_decode ("\xEF\xBB\xBF" "abc", 6, &error);
    g_autofree char *c = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (a, ==, utf8);
    g_assert_cmpstr (b, ==, "abc");
    c = bansou_csv_decode ("a\0b", 3, &error);
    g_assert_null (c);
    g_assert_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_ENCODING);
  }
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = bansou_csv_export_answers (f->survey, ROUND, NULL, &error);
  g_autoptr(GBytes) json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_autofree char *before = checksum (f);
  g_autofree char *after = NULL;
  JsonObject *root;
  guint n_changed = 99;
  guint n_crlf;
  const char *p;

  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" HEADER));
  g_assert_cmpuint (count_lines (text), ==, 1 + 23 * 58 + 1);  /* + the note's line break */
  n_crlf = 0;
  for (p = strstr (text, "\r\n"); p; p = strstr (p + 2, "\r\n"))
    n_crlf++;
  g_assert_cmpuint (n_crlf, ==, 1 + 23 * 58);
  g_assert_nonnull (strstr (text, KURE ",呉市," CISO ",CISO(最高情報セキュリティ責任者)を任命している,実施済み,,"
                                  "\"副市長を任命, 「CISO」と\"\"呼称\"\"\n令和6年度から\",規程第3条\r\n"));
  g_assert_nonnull (strstr (text, KURE ",呉市," VULN ",過去3年以内に脆弱性診断を実施している,実施済み,2023-06-01,,\r\n"));
  g_assert_nonnull (strstr (text, MIHARA ",三原市," POLICY ","));

  /* Importing the export back changes nothing. */
  g_assert_true (bansou_csv_import_answers (f->survey, ROUND, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv),
                                            &n_changed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 0);
  g_assert_cmpuint (f->reloads, ==, 0);
  after = checksum (f);
  g_assert_cmpstr (before, ==, after);

  json = bansou_json_export_answers (f->survey, ROUND, NULL, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, g_bytes_get_data (json, NULL), g_bytes_get_size (json), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "round"), ==, ROUND);
  g_assert_cmpstr (json_object_get_string_member (root, "label"), ==, "令和7年10月末時点");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "answers")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (root, "answers"), 1), "done_on"), ==, "2023-06-01");

  g_assert_null (bansou_csv_export_answers (f->survey, "2000-01-01", NULL, &error));
  g_assert_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_NOT_FOUND);
}

/* Each bad file is rejected whole: the database does not change, even for
 * the good rows before and after the bad one. */
static void
test_reject (Fixture       *f,
             gconstpointer  data)
{
  static const struct {
    const char *name;
    const char *rows;      /* after the header */
    const char *expected;  /* in the first problem */
  } bad[] = {
    { "bad status", KURE ",,org.structure.policy,,たぶん,,,\r\n", "Row 3, column 5 (回答)" },
    { "unknown body", "999999,,org.structure.policy,,実施済み,,,\r\n", "Row 3, column 1 (団体コード)" },
    { "body of another prefecture", "011002,札幌市,org.structure.policy,,実施済み,,,\r\n", "Row 3, column 1" },
    { "unknown question", KURE ",,org.structure.nothing,,実施済み,,,\r\n", "Row 3, column 3 (設問ID)" },
    { "malformed quote", KURE ",\"呉市\"x,org.structure.policy,,実施済み,,,\r\n", "Row 3, column 2" },
    { "unclosed quote", KURE ",\"呉市,org.structure.policy,,実施済み,,,\r\n", "column 2" },
    { "duplicate row", KURE ",,org.structure.policy,,一部実施,,,\r\n", "Row 3: the same body and question as row 2" },
    { "future date", KURE ",," VULN ",,,2099-01-01,,\r\n", "Row 3, column 6 (実施日)" },
    { "after the reference date", KURE ",," VULN ",,,2025-11-01,,\r\n", "Row 3, column 6" },
    { "not a date", KURE ",," VULN ",,,昨年度,,\r\n", "Row 3, column 6" },
    { "dated question ticked by hand", KURE ",," VULN ",,実施済み,,,\r\n", "Row 3, column 5 (回答)" },
    { "date contradicts the answer", KURE ",," VULN ",,未実施,2025-01-01,,\r\n", "Row 3, column 5" },
  };
  g_autofree char *before = checksum (f);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autofree char *file = g_strconcat ("\xEF\xBB\xBF" HEADER,
                                           KURE ",呉市,org.structure.policy,,実施済み,,,\r\n",
                                           bad[i].rows,
                                           MIHARA ",三原市,org.structure.policy,,実施済み,,,\r\n", NULL);
      g_autofree char *after = NULL;
      const char *first;
      guint n_changed = 99;

      g_test_message ("%s", bad[i].name);
      g_assert_false (bansou_csv_import_answers (f->survey, ROUND, file, strlen (file), &n_changed,
                                                 &problems, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == BANSOU_CSV_ERROR);
      g_assert_cmpuint (n_changed, ==, 0);
      if (error->code == BANSOU_CSV_ERROR_REJECTED)
        {
          g_assert_nonnull (problems);
          g_assert_cmpuint (problems->len, ==, 1);
          g_assert_nonnull (strstr (error->message, "1 error"));
          first = g_ptr_array_index (problems, 0);
        }
      else
        {
          g_assert_cmpint (error->code, ==, BANSOU_CSV_ERROR_SYNTAX);
          first = error->message;
        }
      g_test_message ("  %s", first);
      g_assert_nonnull (strstr (first, bad[i].expected));

      after = checksum (f);
      g_assert_cmpstr (before, ==, after);
      g_assert_cmpuint (f->reloads, ==, 0);
    }
}

static void
test_reject_lists_every_error (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const char *file =
    HEADER
    KURE ",,org.structure.policy,,済み?,,,\r\n"
    "123,,org.structure.policy,,実施済み,,,\r\n"
    KURE ",,nothing,,実施済み,2099-01-01,,\r\n";
  g_autofree char *before = checksum (f);
  g_autofree char *after = NULL;

  g_assert_false (bansou_csv_import_answers (f->survey, ROUND, file, strlen (file), NULL, &problems, &error));
  g_assert_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "4 errors"));
  g_assert_cmpuint (problems->len, ==, 4);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "Row 2, column 5"));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 1), "Row 3, column 1"));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 2), "Row 4, column 3"));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 3), "Row 4, column 6"));
  after = checksum (f);
  g_assert_cmpstr (before, ==, after);
  g_clear_error (&error);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A header without the required columns */
  file = "code,name\r\n" KURE ",呉市\r\n";
  g_assert_false (bansou_csv_import_answers (f->survey, ROUND, file, strlen (file), NULL, &problems, &error));
  g_assert_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_REJECTED);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "設問ID"));
}

/* A 団体名 that belongs to another code is a shifted row in a sheet
 * edited by hand: the whole file is refused, the message names both, and
 * the database stays as it was. The name with its prefecture, blanks and
 * full-width forms still agree. */
static void
test_reject_name_mismatch (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(BansouAnswer) kept = NULL;
  const char *file =
    HEADER
    KURE ",呉市,org.structure.policy,,実施済み,,,\r\n"
    KURE ",三原市," CISO ",,実施済み,,,\r\n"
    MIHARA ",三原市,org.structure.policy,,実施済み,,,\r\n";
  const char *agreeing =
    HEADER
    KURE ",広島県呉市,org.structure.policy,,実施済み,,,\r\n"
    MIHARA ", 三原市 ," CISO ",,一部実施,,,\r\n";
  g_autofree char *before = checksum (f);
  g_autofree char *after = NULL;
  const char *first;
  guint n_changed = 99;

  g_assert_false (bansou_csv_import_answers (f->survey, ROUND, file, strlen (file), &n_changed,
                                             &problems, &error));
  g_assert_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_REJECTED);
  g_assert_cmpuint (n_changed, ==, 0);
  g_assert_cmpuint (problems->len, ==, 1);
  first = g_ptr_array_index (problems, 0);
  g_test_message ("%s", first);
  g_assert_nonnull (strstr (first, "Row 3, column 2 (団体名)"));
  g_assert_nonnull (strstr (first, "三原市"));
  g_assert_nonnull (strstr (first, KURE));
  g_assert_nonnull (strstr (first, "呉市"));
  after = checksum (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (f->reloads, ==, 0);
  g_clear_error (&error);

  g_assert_true (bansou_csv_import_answers (f->survey, ROUND, agreeing, strlen (agreeing), &n_changed,
                                            NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 2);
  kept = answer (f, MIHARA, CISO);
  g_assert_cmpint (kept->status, ==, BANSOU_STATUS_PARTIAL);
}

/* What Japanese Excel writes with “CSV (コンマ区切り)”: Shift_JIS, CRLF,
 * no byte-order mark, dates as it displays them. */
static void
test_import_cp932 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouAnswer) policy = NULL;
  g_autoptr(BansouAnswer) vuln = NULL;
  g_autoptr(BansouAnswer) ciso = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  const char *utf8 =
    HEADER
    KURE ",呉市,org.structure.policy,情報セキュリティポリシー(基本方針)を策定している,一部実施,,"
    "改定作業中(令和8年3月完了予定),\r\n"
    MIHARA ",三原市," VULN ",過去3年以内に脆弱性診断を実施している,,2024/2/15,外部事業者に委託,診断報告書\r\n"
    KURE ",呉市," CISO ",CISO(最高情報セキュリティ責任者)を任命している,実施済み,,\"副市長を任命, 「CISO」と\"\"呼称\"\"\r\n令和6年度から\",規程第3条\r\n"
    ",,,,,,,\r\n";
  g_autofree char *sjis = g_convert (utf8, -1, "CP932", "UTF-8", NULL, NULL, &error);
  guint n_changed = 0;

  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (sjis, -1, NULL));

  g_assert_true (bansou_csv_import_answers (f->survey, ROUND, sjis, strlen (sjis), &n_changed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 2);
  g_assert_cmpuint (f->reloads, ==, 1);

  policy = answer (f, KURE, POLICY);
  g_assert_cmpint (policy->status, ==, BANSOU_STATUS_PARTIAL);
  g_assert_cmpstr (policy->note, ==, "改定作業中(令和8年3月完了予定)");
  g_assert_cmpstr (policy->updated_by, ==, "テスト担当");
  vuln = answer (f, MIHARA, VULN);
  g_assert_cmpint (vuln->status, ==, BANSOU_STATUS_DONE);   /* computed from the date */
  g_assert_cmpstr (vuln->done_on, ==, "2024-02-15");
  g_assert_cmpstr (vuln->evidence, ==, "診断報告書");
  ciso = answer (f, KURE, CISO);
  g_assert_cmpstr (ciso->note, ==, "副市長を任命, 「CISO」と\"呼称\"\n令和6年度から");

  audit = bansou_store_list_audit (f->store, "answer", ROUND "/" KURE "/" POLICY, &error);
  g_assert_cmpuint (audit->len, ==, 2);  /* status and note */
}

/* UTF-8 with a byte-order mark and CRLF, as Excel's “CSV UTF-8” writes:
 * a code that lost its leading zero, 和暦 dates, ascii ids, columns in
 * another order and without the optional ones. */
static void
test_import_utf8_bom (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = bansou_test_open_store (NULL);
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(BansouAnswer) vuln = NULL;
  g_autoptr(BansouAnswer) ciso = NULL;
  g_autoptr(BansouAnswer) kept = NULL;
  const char *file =
    "\xEF\xBB\xBF" "回答,設問ID,団体コード,実施日\r\n"
    "実施済み," CISO ",11002,\r\n"                        /* 札幌市 011002 */
    "," VULN ",011002,令和5年4月1日\r\n"
    "not_done,org.structure.policy,01100,\r\n";           /* 札幌市 without check digit */
  guint n_changed = 0;

  g_assert_true (bansou_store_set_setting (store, "prefecture", "01", &error));
  catalog = bansou_catalog_load_active (store, &error);
  survey = bansou_survey_new (store, catalog, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bansou_survey_create_round (survey, ROUND, NULL, FALSE, &error));
  bansou_survey_set_answer (survey, ROUND, "011002", CISO, BANSOU_STATUS_PARTIAL, NULL, "残す備考", NULL, &error);
  g_assert_no_error (error);

  g_assert_true (bansou_csv_import_answers (survey, ROUND, file, strlen (file), &n_changed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 3);

  ciso = bansou_survey_get_answer (survey, ROUND, "011002", CISO, &error);
  g_assert_cmpint (ciso->status, ==, BANSOU_STATUS_DONE);
  g_assert_cmpstr (ciso->note, ==, "残す備考");   /* no 備考 column: kept */
  vuln = bansou_survey_get_answer (survey, ROUND, "011002", VULN, &error);
  g_assert_cmpint (vuln->status, ==, BANSOU_STATUS_DONE);
  g_assert_cmpstr (vuln->done_on, ==, "2023-04-01");
  kept = bansou_survey_get_answer (survey, ROUND, "011002", "org.structure.policy", &error);
  g_assert_cmpint (kept->status, ==, BANSOU_STATUS_NOT_DONE);

  /* LF only and no mark is fine too. */
  {
    const char *lf = "団体コード,設問ID,回答\n011002," CISO ",対象外\n";
    g_autoptr(BansouAnswer) a = NULL;

    g_assert_true (bansou_csv_import_answers (survey, ROUND, lf, strlen (lf), &n_changed, NULL, &error));
    g_assert_no_error (error);
    a = bansou_survey_get_answer (survey, ROUND, "011002", CISO, &error);
    g_assert_cmpint (a->status, ==, BANSOU_STATUS_NA);
  }
}

/* bansouctl: a rejected file stays byte for byte, the database too, and
 * the error starts with one line saying so. */
static void
test_ctl_import_export (void)
{
  g_autofree char *db = bansou_test_db_path ();
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *good = g_build_filename (dir, "good.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *exported = g_build_filename (dir, "export.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json_before = NULL;
  g_autofree char *json_after = NULL;
  g_autoptr(GBytes) bad_before = NULL;
  g_autoptr(GBytes) bad_after = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad_text = HEADER KURE ",,org.structure.policy,,実施済み,,,\r\n" KURE ",,nothing,,実施済み,,,\r\n"
                         "999999,,org.structure.policy,,実施済み,,,\r\n";
  const char *good_text = HEADER KURE ",,org.structure.policy,,実施済み,令和7年4月1日,,\r\n";

#define RUN(...) bansou_test_run_ctl (db, CTL (__VA_ARGS__), &out, &err)
#define RESET() G_STMT_START { g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free); } G_STMT_END

  g_assert_true (g_file_set_contents (bad, bad_text, -1, &error));
  g_assert_true (g_file_set_contents (good, good_text, -1, &error));

  g_assert_cmpint (RUN ("init", "--prefecture", "34"), ==, 0);
  RESET ();
  g_assert_cmpint (RUN ("answers", "export"), ==, 1);   /* no rounds yet */
  RESET ();
  g_assert_cmpint (RUN ("rounds", "create", ROUND), ==, 0);
  RESET ();
  g_assert_cmpint (RUN ("answers", "export", "--format", "json"), ==, 0);
  json_before = g_steal_pointer (&out);
  RESET ();

  bad_before = bansou_test_read_file (bad);
  g_assert_cmpint (RUN ("answers", "import", bad), ==, 1);
  g_assert_true (g_str_has_prefix (err, "bansouctl: The file was rejected: it has 2 errors."));
  g_assert_nonnull (strstr (err, "\n  Row 3, column 3 (設問ID)"));
  g_assert_nonnull (strstr (err, "\n  Row 4, column 1 (団体コード)"));
  RESET ();
  bad_after = bansou_test_read_file (bad);
  g_assert_true (g_bytes_equal (bad_before, bad_after));
  g_assert_cmpint (RUN ("answers", "export", "--format", "json"), ==, 0);
  g_assert_cmpstr (out, ==, json_before);
  RESET ();

  g_assert_cmpint (RUN ("answers", "import", good, "--round", ROUND), ==, 0);
  g_assert_nonnull (strstr (out, "1 answer changed"));
  RESET ();
  g_assert_cmpint (RUN ("answers", "export", "--format", "json"), ==, 0);
  json_after = g_steal_pointer (&out);
  g_assert_nonnull (strstr (json_after, "\"done_on\" : \"2025-04-01\""));
  RESET ();

  g_assert_cmpint (RUN ("answers", "export", "--round", ROUND, "--format", "csv", "--output", exported), ==, 0);
  RESET ();
  g_assert_cmpint (RUN ("answers", "import", exported), ==, 0);
  g_assert_nonnull (strstr (out, "0 answers changed"));
  RESET ();
  g_assert_cmpint (RUN ("answers", "export", "--format", "text"), ==, 2);
  RESET ();
  g_assert_cmpint (RUN ("answers", "import", "/nonexistent/file.csv"), ==, 1);
  RESET ();

#undef RUN
#undef RESET
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/csv/parse-helpers", test_parse_helpers);
  g_test_add ("/csv/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/csv/reject", Fixture, NULL, fixture_set_up, test_reject, fixture_tear_down);
  g_test_add ("/csv/reject-lists-every-error", Fixture, NULL, fixture_set_up, test_reject_lists_every_error,
              fixture_tear_down);
  g_test_add ("/csv/reject-name-mismatch", Fixture, NULL, fixture_set_up, test_reject_name_mismatch,
              fixture_tear_down);
  g_test_add ("/csv/import-cp932", Fixture, NULL, fixture_set_up, test_import_cp932, fixture_tear_down);
  g_test_add ("/csv/import-utf8-bom", Fixture, NULL, fixture_set_up, test_import_utf8_bom, fixture_tear_down);
  g_test_add_func ("/csv/ctl-import-export", test_ctl_import_export);

  return g_test_run ();
}
