/* test-xlsx-import.c — answers returned as an Excel workbook (.xlsx) are
 * checked and imported exactly like the CSV Excel writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <string.h>
#include <xlsxwriter.h>

#include "bansou-test-utils.h"

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })

#define ROUND  "2025-10-31"
#define KURE   "342025"
#define MIHARA "342041"
#define CISO   "org.responsibility.ciso"
#define POLICY "org.structure.policy"
#define VULN   "technical.unauthorized_access.vuln_assessment"

typedef struct
{
  BansouStore   *store;
  BansouCatalog *catalog;
  BansouSurvey  *survey;
  char          *path;
  char          *dir;
} Fixture;

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
  g_assert_no_error (error);
  f->dir = bansou_test_make_dir ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->survey);
  g_clear_object (&f->catalog);
  g_clear_object (&f->store);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->dir, g_free);
}

typedef struct
{
  const char *code;     /* written as a number, as Excel keeps it */
  const char *name;
  const char *question;
  const char *status;
  int         year;     /* 実施日 as a real Excel date; 0 for none */
  const char *note;
} Row;

/* A workbook as a municipality saves it: codes as numbers, dates as
 * date-formatted serials, Japanese text in the shared strings. */
static char *
write_workbook (Fixture    *f,
                const char *name,
                const Row  *rows,
                guint       n_rows)
{
  char *path = g_build_filename (f->dir, name, NULL);
  lxw_workbook *wb = workbook_new (path);
  lxw_worksheet *ws = workbook_add_worksheet (wb, "回答");
  lxw_format *date = workbook_add_format (wb);
  const char *header[] = { "団体コード", "団体名", "設問ID", "設問", "回答", "実施日", "備考", "根拠資料" };

  format_set_num_format (date, "yyyy/mm/dd");
  for (guint c = 0; c < G_N_ELEMENTS (header); c++)
    worksheet_write_string (ws, 0, c, header[c], NULL);
  for (guint i = 0; i < n_rows; i++)
    {
      worksheet_write_number (ws, i + 1, 0, g_ascii_strtod (rows[i].code, NULL), NULL);
      worksheet_write_string (ws, i + 1, 1, rows[i].name, NULL);
      worksheet_write_string (ws, i + 1, 2, rows[i].question, NULL);
      if (rows[i].status)
        worksheet_write_string (ws, i + 1, 4, rows[i].status, NULL);
      if (rows[i].year)
        {
          lxw_datetime dt = { rows[i].year, 6, 1, 0, 0, 0 };
          worksheet_write_datetime (ws, i + 1, 5, &dt, date);
        }
      if (rows[i].note)
        worksheet_write_string (ws, i + 1, 6, rows[i].note, NULL);
    }
  g_assert_cmpint (workbook_close (wb), ==, LXW_NO_ERROR);
  return path;
}

static char *
checksum (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *sum = bansou_survey_checksum (f->survey, NULL, &error);

  g_assert_no_error (error);
  return sum;
}

static void
test_xlsx_import (Fixture       *f,
                  gconstpointer  data)
{
  static const Row rows[] = {
    { KURE, "呉市", CISO, "実施済み", 0, "副市長を任命、「CISO」と呼称" },
    { KURE, "呉市", VULN, NULL, 2024, NULL },
    { MIHARA, "三原市", POLICY, "一部実施", 0, NULL },
  };
  g_autofree char *path = write_workbook (f, "answers.xlsx", rows, G_N_ELEMENTS (rows));
  g_autofree char *contents = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(BansouAnswer) ciso = NULL;
  g_autoptr(BansouAnswer) vuln = NULL;
  g_autoptr(BansouAnswer) policy = NULL;
  gsize length;
  guint n_changed = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (bansou_xlsx_is_workbook (contents, length));

  /* The sheet as CSV: numbers without a decimal point, dates as dates */
  csv = bansou_xlsx_to_csv (contents, length, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (csv, "団体コード,団体名,設問ID,設問,回答,実施日,備考,根拠資料\r\n"));
  g_assert_nonnull (strstr (csv, "342025,呉市," CISO ",,実施済み,,副市長を任命、「CISO」と呼称\r\n"));
  g_assert_nonnull (strstr (csv, "342025,呉市," VULN ",,,2024-06-01\r\n"));

  g_assert_true (bansou_csv_import_answers (f->survey, ROUND, contents, length, &n_changed, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 3);

  ciso = bansou_survey_get_answer (f->survey, ROUND, KURE, CISO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ciso->status, ==, BANSOU_STATUS_DONE);
  g_assert_cmpstr (ciso->note, ==, "副市長を任命、「CISO」と呼称");
  vuln = bansou_survey_get_answer (f->survey, ROUND, KURE, VULN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vuln->done_on, ==, "2024-06-01");
  policy = bansou_survey_get_answer (f->survey, ROUND, MIHARA, POLICY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (policy->status, ==, BANSOU_STATUS_PARTIAL);
}

/* A bad row rejects the workbook whole, naming the sheet's row and column. */
static void
test_xlsx_reject (Fixture       *f,
                  gconstpointer  data)
{
  static const Row rows[] = {
    { KURE, "呉市", CISO, "実施済み", 0, NULL },
    { KURE, "呉市", POLICY, "たぶん", 0, NULL },
    { "999999", "どこか", POLICY, "実施済み", 0, NULL },
  };
  g_autofree char *path = write_workbook (f, "bad.xlsx", rows, G_N_ELEMENTS (rows));
  g_autofree char *contents = NULL;
  g_autofree char *before = checksum (f);
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gsize length;
  guint n_changed = 99;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_false (bansou_csv_import_answers (f->survey, ROUND, contents, length, &n_changed, &problems, &error));
  g_assert_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_REJECTED);
  g_assert_cmpuint (n_changed, ==, 0);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "Row 3, column 5 (回答)"));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 1), "Row 4, column 1 (団体コード)"));
  after = checksum (f);
  g_assert_cmpstr (before, ==, after);

  /* bansouctl reads workbooks too */
  g_clear_object (&f->survey);
  g_clear_object (&f->catalog);
  g_clear_object (&f->store);
  g_assert_cmpint (bansou_test_run_ctl (f->path, CTL ("answers", "import", path, "--round", ROUND), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "Row 3, column 5"));
}

static void
test_xlsx_not_a_workbook (Fixture       *f,
                          gconstpointer  data)
{
  static const char junk[] = "PK\003\004 this is not a zip archive at all, only its first bytes";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *before = checksum (f);
  g_autofree char *after = NULL;

  g_assert_false (bansou_csv_import_answers (f->survey, ROUND, junk, sizeof junk - 1, NULL, &problems, &error));
  g_assert_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_SYNTAX);
  after = checksum (f);
  g_assert_cmpstr (before, ==, after);
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

  g_test_add ("/xlsx/import", Fixture, NULL, fixture_set_up, test_xlsx_import, fixture_tear_down);
  g_test_add ("/xlsx/reject", Fixture, NULL, fixture_set_up, test_xlsx_reject, fixture_tear_down);
  g_test_add ("/xlsx/not-a-workbook", Fixture, NULL, fixture_set_up, test_xlsx_not_a_workbook, fixture_tear_down);

  return g_test_run ();
}
