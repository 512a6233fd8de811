/* test-heatmap.c — the heatmap model and its cairo renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A small hand-made round for 鳥取県 (19 municipalities), with scores
 * worked out by hand in the comments.
 */
#include "config.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "bansou-test-utils.h"
#include "bansou-heatmap-model.h"
#include "bansou-heatmap-render.h"

#define ROUND      "2025-10-31"
#define PREV_ROUND "2024-10-31"

#define TOTTORI    "312011"  /* city */
#define YONAGO     "312029"  /* city */
#define IWAMI      "313025"  /* town */
#define HIEZU      "313840"  /* village */

typedef struct
{
  BansouStore    *store;
  BansouRegistry *registry;
  BansouCatalog  *catalog;
  char           *path;
} Fixture;

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
qid (Fixture *f,
     guint    index)
{
  return bansou_catalog_get_question (f->catalog, index)->id;
}

static void
answer (Fixture    *f,
        const char *round,
        const char *body,
        guint       question,
        const char *status,
        const char *note,
        gboolean    carried)
{
  exec_printf (f->store,
               "INSERT OR REPLACE INTO answers (round, body, question, status, note, carried, catalog_version) "
               "VALUES (%Q, %Q, %Q, %Q, %Q, %d, %Q)",
               round, body, qid (f, question), status, note ? note : "", carried,
               bansou_catalog_get_version (f->catalog));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint nq;

  f->store = bansou_test_open_store (&f->path);
  f->registry = bansou_registry_new (f->store);
  f->catalog = bansou_catalog_load_active (f->store, &error);
  g_assert_no_error (error);
  nq = bansou_catalog_get_n_questions (f->catalog);

  exec_printf (f->store,
               "INSERT INTO rounds (id, fiscal_year, title, catalog_version, created_at) VALUES "
               "(%Q, 2024, 'R6', %Q, '2024-11-01T00:00:00Z'), (%Q, 2025, 'R7', %Q, '2025-11-01T00:00:00Z')",
               PREV_ROUND, bansou_catalog_get_version (f->catalog),
               ROUND, bansou_catalog_get_version (f->catalog));

  bansou_store_exec (f->store, "BEGIN", NULL);
  /* 鳥取市: every question done → 1 */
  for (guint q = 0; q < nq; q++)
    answer (f, ROUND, TOTTORI, q, "done", NULL, FALSE);
  /* 米子市: done, partial, not done, n/a, the rest unanswered → 3/6 = ½ */
  answer (f, ROUND, YONAGO, 0, "done", NULL, FALSE);
  answer (f, ROUND, YONAGO, 1, "partial", "来年度に完了予定", FALSE);
  answer (f, ROUND, YONAGO, 2, "not_done", NULL, FALSE);
  answer (f, ROUND, YONAGO, 3, "na", NULL, FALSE);
  /* 岩美町: two not done → 0 */
  answer (f, ROUND, IWAMI, 0, "not_done", NULL, TRUE);
  answer (f, ROUND, IWAMI, 1, "not_done", NULL, FALSE);
  /* 日吉津村: one partial → ½ */
  answer (f, ROUND, HIEZU, 0, "partial", NULL, FALSE);

  /* The round before */
  answer (f, PREV_ROUND, YONAGO, 2, "done", NULL, FALSE);
  answer (f, PREV_ROUND, IWAMI, 0, "not_done", NULL, FALSE);
  bansou_store_exec (f->store, "COMMIT", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->catalog);
  g_clear_object (&f->registry);
  g_clear_object (&f->store);
  g_free (f->path);
}

static BansouHeatmapModel *
load (Fixture    *f,
      const char *scope)
{
  g_autoptr(GError) error = NULL;
  BansouHeatmapModel *model = bansou_heatmap_model_new (f->registry, f->catalog);

  g_assert_true (bansou_heatmap_model_load (model, ROUND, scope, &error));
  g_assert_no_error (error);
  return model;
}

static guint
body (BansouHeatmapModel *model,
      const char         *code)
{
  guint b = G_MAXUINT;

  g_assert_true (bansou_heatmap_model_lookup_body (model, code, &b));
  return b;
}

static const char *
row_code (BansouHeatmapModel *model,
          guint               row)
{
  guint index;

  g_assert_cmpint (bansou_heatmap_model_get_row (model, row, &index), ==, BANSOU_HEATMAP_ROW_BODY);
  return bansou_body_get_code (bansou_heatmap_model_get_body (model, index));
}

/* ------------------------------------------------------------------------ */

static void
test_heatmap_scores (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(BansouHeatmapModel) model = load (f, "31");
  guint nq = bansou_catalog_get_n_questions (f->catalog);

  g_assert_cmpuint (bansou_heatmap_model_get_n_bodies (model), ==, 19);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (model), ==, 19);
  g_assert_cmpuint (bansou_heatmap_model_get_n_columns (model), ==, nq);
  g_assert_cmpstr (bansou_heatmap_model_get_scope_name (model), ==, "鳥取県");
  g_assert_cmpstr (bansou_heatmap_model_get_previous_round (model), ==, PREV_ROUND);

  g_assert_cmpfloat (bansou_heatmap_model_get_body_score (model, body (model, TOTTORI)), ==, 1.0);
  g_assert_cmpfloat (bansou_heatmap_model_get_body_score (model, body (model, YONAGO)), ==, 0.5);
  g_assert_cmpfloat (bansou_heatmap_model_get_body_score (model, body (model, IWAMI)), ==, 0.0);
  g_assert_cmpfloat (bansou_heatmap_model_get_body_score (model, body (model, HIEZU)), ==, 0.5);
  g_assert_cmpfloat (bansou_heatmap_model_get_body_score (model, body (model, "312037")), <, 0);

  /* Question 0: done, done, not done, partial → 5/8 */
  g_assert_cmpfloat (bansou_heatmap_model_get_question_score (model, 0), ==, 0.625);
  /* Question 1: done, partial, not done → 3/6; question 2: done, not done */
  g_assert_cmpfloat (bansou_heatmap_model_get_question_score (model, 1), ==, 0.5);
  g_assert_cmpfloat (bansou_heatmap_model_get_question_score (model, 2), ==, 0.5);
  /* Question 3: done and n/a (left out) → 1 */
  g_assert_cmpfloat (bansou_heatmap_model_get_question_score (model, 3), ==, 1.0);
  /* Category 0 (6 questions): 12 + 3 + 0 + 1 over 2 × (6 + 3 + 2 + 1) */
  g_assert_cmpfloat_with_epsilon (bansou_heatmap_model_get_category_score (model, 0), 16.0 / 24.0, 1e-12);
  g_assert_cmpfloat (bansou_heatmap_model_get_body_category_score (model, body (model, YONAGO), 0), ==, 0.5);
  g_assert_cmpfloat (bansou_heatmap_model_get_body_category_score (model, body (model, YONAGO), 1), <, 0);
  /* Everything: (2 × 58 + 3 + 0 + 1) / (2 × (58 + 3 + 2 + 1)) */
  g_assert_cmpfloat (bansou_heatmap_model_get_total_score (model), ==, 120.0 / 128.0);
  g_assert_cmpfloat (bansou_heatmap_model_get_group_score (model, 0), ==, 120.0 / 128.0);

  /* Cells, the previous round, notes, carried answers */
  g_assert_cmpint (bansou_heatmap_model_get_status (model, body (model, YONAGO), 1), ==, BANSOU_STATUS_PARTIAL);
  g_assert_cmpint (bansou_heatmap_model_get_status (model, body (model, YONAGO), 3), ==, BANSOU_STATUS_NA);
  g_assert_cmpint (bansou_heatmap_model_get_status (model, body (model, YONAGO), 4), ==, BANSOU_STATUS_UNANSWERED);
  g_assert_cmpint (bansou_heatmap_model_get_previous_status (model, body (model, YONAGO), 2), ==, BANSOU_STATUS_DONE);
  g_assert_cmpint (bansou_heatmap_model_get_previous_status (model, body (model, YONAGO), 1), ==, BANSOU_STATUS_UNANSWERED);
  g_assert_cmpint (bansou_heatmap_model_get_previous_status (model, body (model, IWAMI), 0), ==, BANSOU_STATUS_NOT_DONE);
  g_assert_cmpstr (bansou_heatmap_model_get_note (model, body (model, YONAGO), 1), ==, "来年度に完了予定");
  g_assert_null (bansou_heatmap_model_get_note (model, body (model, YONAGO), 0));
  g_assert_true (bansou_heatmap_model_get_carried (model, body (model, IWAMI), 0));
  g_assert_false (bansou_heatmap_model_get_carried (model, body (model, IWAMI), 1));

  /* Baselines: CISO 95.8 %; the departments question has none */
  g_assert_cmpfloat_with_epsilon (bansou_heatmap_model_get_question_baseline (model, 0), 0.958, 1e-9);
  g_assert_cmpfloat (bansou_heatmap_model_get_question_baseline (model, 1), <, 0);
  g_assert_cmpfloat_with_epsilon (bansou_heatmap_model_get_category_baseline (model, 0),
                                  (0.958 + 0.989 + 0.775) / 3, 1e-9);
  g_assert_cmpfloat (bansou_heatmap_model_get_cell_score (model, BANSOU_HEATMAP_ROW_BASELINE, 0, 1), <, 0);
}

static void
test_heatmap_previous_round_missing (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(BansouHeatmapModel) model = bansou_heatmap_model_new (f->registry, f->catalog);
  g_autoptr(GError) error = NULL;

  g_assert_true (bansou_heatmap_model_load (model, PREV_ROUND, "31", &error));
  g_assert_no_error (error);
  g_assert_null (bansou_heatmap_model_get_previous_round (model));
  g_assert_cmpint (bansou_heatmap_model_get_previous_status (model, body (model, YONAGO), 2), ==,
                   BANSOU_STATUS_UNANSWERED);

  /* A round that does not exist leaves the model as it was. */
  g_assert_false (bansou_heatmap_model_load (model, "2030-01-01", "31", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (bansou_heatmap_model_get_round (model), ==, PREV_ROUND);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (model), ==, 19);
}

static void
test_heatmap_sort (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(BansouHeatmapModel) model = load (f, "31");

  /* Weakest first; ties by code; bodies without a score last, by code */
  bansou_heatmap_model_set_sort (model, BANSOU_HEATMAP_SORT_SCORE, FALSE);
  g_assert_cmpstr (row_code (model, 0), ==, IWAMI);
  g_assert_cmpstr (row_code (model, 1), ==, YONAGO);
  g_assert_cmpstr (row_code (model, 2), ==, HIEZU);
  g_assert_cmpstr (row_code (model, 3), ==, TOTTORI);
  g_assert_cmpstr (row_code (model, 4), ==, "312037");
  g_assert_cmpstr (row_code (model, 18), ==, "314030");

  bansou_heatmap_model_set_sort (model, BANSOU_HEATMAP_SORT_SCORE, TRUE);
  g_assert_cmpstr (row_code (model, 0), ==, TOTTORI);
  g_assert_cmpstr (row_code (model, 1), ==, YONAGO);
  g_assert_cmpstr (row_code (model, 2), ==, HIEZU);
  g_assert_cmpstr (row_code (model, 3), ==, IWAMI);
  g_assert_cmpstr (row_code (model, 4), ==, "312037");

  bansou_heatmap_model_set_sort (model, BANSOU_HEATMAP_SORT_CODE, TRUE);
  g_assert_cmpstr (row_code (model, 0), ==, "314030");
  g_assert_cmpstr (row_code (model, 18), ==, TOTTORI);

  /* By reading: さかいみなとし, ちづちょう, … , ゆりはまちょう, よなごし, わかさちょう */
  bansou_heatmap_model_set_sort (model, BANSOU_HEATMAP_SORT_NAME, FALSE);
  g_assert_cmpstr (row_code (model, 0), ==, "313025");  /* いわみちょう */
  g_assert_cmpstr (row_code (model, 18), ==, "313254"); /* わかさちょう */

  /* By kind: the four cities (by code), then towns, then the village */
  bansou_heatmap_model_set_sort (model, BANSOU_HEATMAP_SORT_KIND, FALSE);
  g_assert_cmpstr (row_code (model, 0), ==, TOTTORI);
  g_assert_cmpstr (row_code (model, 3), ==, "312045");
  g_assert_cmpstr (row_code (model, 4), ==, IWAMI);
  g_assert_cmpstr (row_code (model, 18), ==, HIEZU);
  {
    guint row;
    g_assert_true (bansou_heatmap_model_find_body_row (model, body (model, HIEZU), &row));
    g_assert_cmpuint (row, ==, 18);
  }
}

static void
test_heatmap_columns (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(BansouHeatmapModel) model = load (f, "31");
  g_autofree char *label = NULL;

  g_assert_cmpuint (bansou_heatmap_model_get_column (model, 0), ==, 0);
  label = bansou_heatmap_model_dup_column_label (model, 7);
  g_assert_cmpstr (label, ==, "2.2");  /* the second question of category 2 */

  /* Weakness inside the category bands: 1 (½), 2 (½), 0 (⅝), 3, 4, 5 */
  bansou_heatmap_model_set_sort_by_weakness (model, TRUE);
  g_assert_cmpuint (bansou_heatmap_model_get_column (model, 0), ==, 1);
  g_assert_cmpuint (bansou_heatmap_model_get_column (model, 1), ==, 2);
  g_assert_cmpuint (bansou_heatmap_model_get_column (model, 2), ==, 0);
  g_assert_cmpuint (bansou_heatmap_model_get_column (model, 3), ==, 3);
  g_assert_cmpuint (bansou_heatmap_model_get_column (model, 6), ==, 6);
  g_assert_cmpuint (bansou_heatmap_model_get_column_category (model, 5), ==, 0);
  g_assert_cmpuint (bansou_heatmap_model_get_column_category (model, 6), ==, 1);

  /* Category mode: one column per category, scores per body */
  bansou_heatmap_model_set_sort_by_weakness (model, FALSE);
  bansou_heatmap_model_set_columns_mode (model, BANSOU_HEATMAP_COLUMNS_CATEGORIES);
  g_assert_cmpuint (bansou_heatmap_model_get_n_columns (model), ==, 8);
  g_assert_cmpfloat (bansou_heatmap_model_get_cell_score (model, BANSOU_HEATMAP_ROW_BODY,
                                                          body (model, YONAGO), 0), ==, 0.5);
  g_assert_cmpfloat (bansou_heatmap_model_get_cell_score (model, BANSOU_HEATMAP_ROW_BODY,
                                                          body (model, TOTTORI), 4), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (bansou_heatmap_model_get_cell_score (model, BANSOU_HEATMAP_ROW_MEAN, 0, 0),
                                  16.0 / 24.0, 1e-12);

  /* Weakest category first: only category 0 is below 1 */
  bansou_heatmap_model_set_sort_by_weakness (model, TRUE);
  g_assert_cmpuint (bansou_heatmap_model_get_column (model, 0), ==, 0);
  g_assert_cmpuint (bansou_heatmap_model_get_column (model, 1), ==, 1);
  bansou_heatmap_model_set_sort_by_weakness (model, FALSE);
  label = (g_free (label), bansou_heatmap_model_dup_column_label (model, 0));
  g_assert_cmpstr (label, ==, bansou_category_get_label (bansou_catalog_get_category (f->catalog, 0)));
}

static void
test_heatmap_kind_filter (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = bansou_registry_add_body (f->registry, "31", BANSOU_BODY_KIND_PARTIAL_UNION,
                                                    NULL, "鳥取県東部広域行政管理組合", NULL, &error);
  g_autoptr(BansouHeatmapModel) model = NULL;
  guint row;

  g_assert_no_error (error);
  model = load (f, "31");
  g_assert_cmpuint (bansou_heatmap_model_get_n_bodies (model), ==, 20);

  bansou_heatmap_model_set_kind_filter (model, BANSOU_HEATMAP_KIND_BIT (BANSOU_BODY_KIND_TOWN));
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (model), ==, 14);
  g_assert_false (bansou_heatmap_model_find_body_row (model, body (model, TOTTORI), &row));

  bansou_heatmap_model_set_kind_filter (model, BANSOU_HEATMAP_KIND_BIT (BANSOU_BODY_KIND_CITY) |
                                               BANSOU_HEATMAP_KIND_BIT (BANSOU_BODY_KIND_VILLAGE));
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (model), ==, 5);

  bansou_heatmap_model_set_kind_filter (model, BANSOU_HEATMAP_KIND_BIT (BANSOU_BODY_KIND_PARTIAL_UNION));
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (model), ==, 1);
  g_assert_cmpstr (row_code (model, 0), ==, code);

  /* The mean row stays the mean of the whole scope. */
  g_assert_cmpfloat (bansou_heatmap_model_get_question_score (model, 0), ==, 0.625);

  bansou_heatmap_model_set_kind_filter (model, BANSOU_HEATMAP_KINDS_ALL);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (model), ==, 20);
}

static void
test_heatmap_national (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(BansouHeatmapModel) model = load (f, "00");
  guint n_rows, index, groups = 0, row;
  const char *last = "";

  g_assert_true (bansou_heatmap_model_is_national (model));
  g_assert_cmpuint (bansou_heatmap_model_get_n_bodies (model), ==, 1741);
  g_assert_cmpuint (bansou_heatmap_model_get_n_groups (model), ==, 47);

  n_rows = bansou_heatmap_model_get_n_rows (model);
  g_assert_cmpuint (n_rows, ==, 1741 + 47);

  /* Each prefecture's heading comes first, then its bodies. */
  g_assert_cmpint (bansou_heatmap_model_get_row (model, 0, &index), ==, BANSOU_HEATMAP_ROW_GROUP);
  g_assert_cmpstr (bansou_heatmap_model_get_group_name (model, index), ==, "北海道");
  for (guint r = 0; r < n_rows; r++)
    {
      if (bansou_heatmap_model_get_row (model, r, &index) == BANSOU_HEATMAP_ROW_GROUP)
        {
          groups++;
          continue;
        }
      {
        BansouBody *b = bansou_heatmap_model_get_body (model, index);
        g_assert_cmpstr (bansou_body_get_prefecture (b), >=, last);
        last = bansou_body_get_prefecture (b);
      }
    }
  g_assert_cmpuint (groups, ==, 47);

  /* Sorted by score inside 鳥取県: its heading, then 岩美町 (0) */
  bansou_heatmap_model_set_sort (model, BANSOU_HEATMAP_SORT_SCORE, FALSE);
  g_assert_true (bansou_heatmap_model_find_body_row (model, body (model, IWAMI), &row));
  g_assert_cmpint (bansou_heatmap_model_get_row (model, row - 1, &index), ==, BANSOU_HEATMAP_ROW_GROUP);
  g_assert_cmpstr (bansou_heatmap_model_get_group_name (model, index), ==, "鳥取県");
  g_assert_cmpstr (row_code (model, row + 1), ==, YONAGO);
  g_assert_cmpfloat (bansou_heatmap_model_get_group_score (model, index), ==, 120.0 / 128.0);
  g_assert_cmpfloat (bansou_heatmap_model_get_group_question_score (model, index, 0), ==, 0.625);
  g_assert_cmpfloat (bansou_heatmap_model_get_cell_score (model, BANSOU_HEATMAP_ROW_GROUP, index, 0), ==, 0.625);
  g_assert_cmpfloat (bansou_heatmap_model_get_group_score (model, 0), <, 0);  /* 北海道: nothing */
  g_assert_cmpfloat (bansou_heatmap_model_get_total_score (model), ==, 120.0 / 128.0);
}

/* The nation folded into one row per prefecture: 47 rows whose cells are
 * the prefecture's rates, the same figures as the heading rows; opening
 * one prefecture shows its heading and bodies, and going back the 47 rows
 * again. An edit moves the prefecture's rate at once. */
static void
test_heatmap_national_prefectures (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouHeatmapModel) model = load (f, "00");
  guint tottori, index, n;

  g_assert_true (bansou_heatmap_model_lookup_group (model, "31", &tottori));
  g_assert_cmpstr (bansou_heatmap_model_get_group_name (model, tottori), ==, "鳥取県");
  g_assert_cmpstr (bansou_heatmap_model_get_group_code (model, tottori), ==, "31");
  n = bansou_heatmap_model_get_group_n_bodies (model, tottori);
  g_assert_cmpuint (n, ==, 19);
  g_assert_false (bansou_heatmap_model_lookup_group (model, "99", NULL));

  bansou_heatmap_model_set_sort (model, BANSOU_HEATMAP_SORT_CODE, FALSE);
  bansou_heatmap_model_set_rows_mode (model, BANSOU_HEATMAP_ROWS_PREFECTURES);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (model), ==, 47);
  for (guint r = 0; r < 47; r++)
    g_assert_cmpint (bansou_heatmap_model_get_row (model, r, NULL), ==, BANSOU_HEATMAP_ROW_GROUP);
  g_assert_cmpint (bansou_heatmap_model_get_row (model, 0, &index), ==, BANSOU_HEATMAP_ROW_GROUP);
  g_assert_cmpstr (bansou_heatmap_model_get_group_name (model, index), ==, "北海道");
  g_assert_cmpint (bansou_heatmap_model_get_row (model, 46, &index), ==, BANSOU_HEATMAP_ROW_GROUP);
  g_assert_cmpstr (bansou_heatmap_model_get_group_name (model, index), ==, "沖縄県");
  g_assert_false (bansou_heatmap_model_find_body_row (model, body (model, IWAMI), NULL));

  /* Weakest first: only 鳥取県 has answers, so it leads and the rest follow by code. */
  bansou_heatmap_model_set_sort (model, BANSOU_HEATMAP_SORT_SCORE, FALSE);
  g_assert_cmpint (bansou_heatmap_model_get_row (model, 0, &index), ==, BANSOU_HEATMAP_ROW_GROUP);
  g_assert_cmpuint (index, ==, tottori);
  g_assert_true (bansou_heatmap_model_find_group_row (model, tottori, &index));
  g_assert_cmpuint (index, ==, 0);
  /* Question 0: done, done, not done, partial → 5/8 */
  g_assert_cmpfloat (bansou_heatmap_model_get_cell_score (model, BANSOU_HEATMAP_ROW_GROUP, tottori, 0), ==, 0.625);
  g_assert_true (bansou_heatmap_model_set_cell (model, IWAMI, qid (f, 0), BANSOU_STATUS_DONE));
  g_assert_cmpfloat (bansou_heatmap_model_get_cell_score (model, BANSOU_HEATMAP_ROW_GROUP, tottori, 0), ==, 0.875);
  g_assert_cmpfloat (bansou_heatmap_model_get_group_question_score (model, tottori, 0), ==, 0.875);

  /* The category mode: a prefecture's category rates */
  bansou_heatmap_model_set_columns_mode (model, BANSOU_HEATMAP_COLUMNS_CATEGORIES);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (model), ==, 47);
  g_assert_cmpfloat (bansou_heatmap_model_get_cell_score (model, BANSOU_HEATMAP_ROW_GROUP, tottori, 0), ==,
                     bansou_heatmap_model_get_group_category_score (model, tottori, 0));
  bansou_heatmap_model_set_columns_mode (model, BANSOU_HEATMAP_COLUMNS_QUESTIONS);

  /* Drill down into 鳥取県: its heading, then its 19 bodies */
  bansou_heatmap_model_set_group_filter (model, tottori);
  bansou_heatmap_model_set_rows_mode (model, BANSOU_HEATMAP_ROWS_BODIES);
  g_assert_cmpuint (bansou_heatmap_model_get_group_filter (model), ==, tottori);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (model), ==, 1 + n);
  g_assert_cmpint (bansou_heatmap_model_get_row (model, 0, &index), ==, BANSOU_HEATMAP_ROW_GROUP);
  g_assert_cmpuint (index, ==, tottori);
  g_assert_true (bansou_heatmap_model_find_body_row (model, body (model, IWAMI), NULL));
  g_assert_false (bansou_heatmap_model_find_body_row (model, body (model, "011002"), NULL));

  /* The filter is the prefecture's code: a reload keeps it */
  g_assert_true (bansou_heatmap_model_load (model, ROUND, "00", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (model), ==, 1 + n);

  /* And back: the whole nation */
  bansou_heatmap_model_set_group_filter (model, BANSOU_HEATMAP_ALL_GROUPS);
  g_assert_cmpuint (bansou_heatmap_model_get_group_filter (model), ==, BANSOU_HEATMAP_ALL_GROUPS);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (model), ==, 1741 + 47);
  bansou_heatmap_model_set_rows_mode (model, BANSOU_HEATMAP_ROWS_PREFECTURES);
  g_assert_cmpuint (bansou_heatmap_model_get_n_rows (model), ==, 47);
}

static guint cell_changes;

static void
cell_changed_cb (BansouHeatmapModel *model,
                 guint               b,
                 guint               q,
                 gpointer            user_data)
{
  cell_changes++;
}

static void
assert_same_tallies (BansouHeatmapModel *a,
                     BansouHeatmapModel *b)
{
  guint nb = bansou_heatmap_model_get_n_bodies (a);
  guint nq = bansou_heatmap_model_get_n_questions (a);
  guint nc = bansou_heatmap_model_get_n_categories (a);
  guint ng = bansou_heatmap_model_get_n_groups (a);

  g_assert_cmpuint (nb, ==, bansou_heatmap_model_get_n_bodies (b));
  for (guint i = 0; i < nb; i++)
    {
      g_assert_cmpfloat (bansou_heatmap_model_get_body_score (a, i), ==, bansou_heatmap_model_get_body_score (b, i));
      for (guint c = 0; c < nc; c++)
        g_assert_cmpfloat (bansou_heatmap_model_get_body_category_score (a, i, c), ==,
                           bansou_heatmap_model_get_body_category_score (b, i, c));
      for (guint q = 0; q < nq; q++)
        g_assert_cmpint (bansou_heatmap_model_get_status (a, i, q), ==, bansou_heatmap_model_get_status (b, i, q));
    }
  for (guint q = 0; q < nq; q++)
    g_assert_cmpfloat (bansou_heatmap_model_get_question_score (a, q), ==,
                       bansou_heatmap_model_get_question_score (b, q));
  for (guint c = 0; c < nc; c++)
    g_assert_cmpfloat (bansou_heatmap_model_get_category_score (a, c), ==,
                       bansou_heatmap_model_get_category_score (b, c));
  for (guint g = 0; g < ng; g++)
    {
      g_assert_cmpfloat (bansou_heatmap_model_get_group_score (a, g), ==, bansou_heatmap_model_get_group_score (b, g));
      for (guint q = 0; q < nq; q++)
        g_assert_cmpfloat (bansou_heatmap_model_get_group_question_score (a, g, q), ==,
                           bansou_heatmap_model_get_group_question_score (b, g, q));
      for (guint c = 0; c < nc; c++)
        g_assert_cmpfloat (bansou_heatmap_model_get_group_category_score (a, g, c), ==,
                           bansou_heatmap_model_get_group_category_score (b, g, c));
    }
  g_assert_cmpfloat (bansou_heatmap_model_get_total_score (a), ==, bansou_heatmap_model_get_total_score (b));
}

static void
test_heatmap_set_cell (Fixture       *f,
                       gconstpointer  data)
{
  const char *scope = data;
  g_autoptr(BansouHeatmapModel) model = load (f, scope);
  g_autoptr(BansouHeatmapModel) reloaded = NULL;
  static const struct { const char *body; guint q; BansouStatus status; const char *sql; } edits[] = {
    { YONAGO,   2, BANSOU_STATUS_DONE,       "done" },      /* not done → done */
    { YONAGO,   3, BANSOU_STATUS_PARTIAL,    "partial" },   /* n/a → partial */
    { TOTTORI, 10, BANSOU_STATUS_UNANSWERED, NULL },        /* done → unanswered */
    { TOTTORI, 57, BANSOU_STATUS_NA,         "na" },        /* done → n/a */
    { IWAMI,   20, BANSOU_STATUS_NOT_DONE,   "not_done" },  /* unanswered → not done */
    { "312037", 0, BANSOU_STATUS_DONE,       "done" },      /* a body with no answers yet */
    { HIEZU,    0, BANSOU_STATUS_NOT_DONE,   "not_done" },
    { HIEZU,    0, BANSOU_STATUS_PARTIAL,    "partial" },   /* and back */
  };
  guint row_before;

  bansou_heatmap_model_set_sort (model, BANSOU_HEATMAP_SORT_SCORE, FALSE);
  g_assert_true (bansou_heatmap_model_find_body_row (model, body (model, IWAMI), &row_before));
  g_signal_connect (model, "cell-changed", G_CALLBACK (cell_changed_cb), NULL);
  cell_changes = 0;

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_assert_true (bansou_heatmap_model_set_cell (model, edits[i].body, qid (f, edits[i].q), edits[i].status));
      exec_printf (f->store,
                   "INSERT INTO answers (round, body, question, status, catalog_version) "
                   "VALUES (%Q, %Q, %Q, %Q, %Q) "
                   "ON CONFLICT (round, body, question) DO UPDATE SET status = excluded.status, carried = 0",
                   ROUND, edits[i].body, qid (f, edits[i].q), edits[i].sql,
                   bansou_catalog_get_version (f->catalog));
    }
  g_assert_cmpuint (cell_changes, ==, G_N_ELEMENTS (edits));

  /* Unknown bodies and questions are refused */
  g_assert_false (bansou_heatmap_model_set_cell (model, "999999", qid (f, 0), BANSOU_STATUS_DONE));
  g_assert_false (bansou_heatmap_model_set_cell (model, YONAGO, "no.such.question", BANSOU_STATUS_DONE));

  /* An edit does not move rows under the pointer. */
  {
    guint row_after;
    g_assert_true (bansou_heatmap_model_find_body_row (model, body (model, IWAMI), &row_after));
    g_assert_cmpuint (row_after, ==, row_before);
  }

  reloaded = load (f, scope);
  assert_same_tallies (model, reloaded);

  /* 米子市 now: done, partial, done, partial → 6/8 */
  g_assert_cmpfloat (bansou_heatmap_model_get_body_score (model, body (model, YONAGO)), ==, 0.75);
}

static void
test_heatmap_set_note (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(BansouHeatmapModel) model = load (f, "31");

  g_assert_true (bansou_heatmap_model_set_note (model, TOTTORI, qid (f, 5), "規程改正中"));
  g_assert_cmpstr (bansou_heatmap_model_get_note (model, body (model, TOTTORI), 5), ==, "規程改正中");
  g_assert_true (bansou_heatmap_model_set_note (model, TOTTORI, qid (f, 5), ""));
  g_assert_null (bansou_heatmap_model_get_note (model, body (model, TOTTORI), 5));

  /* An edit confirms a carried-over answer, even with the same status. */
  g_assert_true (bansou_heatmap_model_set_cell (model, IWAMI, qid (f, 0), BANSOU_STATUS_NOT_DONE));
  g_assert_false (bansou_heatmap_model_get_carried (model, body (model, IWAMI), 0));
}

static void
test_heatmap_rounds (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rounds = bansou_heatmap_list_rounds (f->store, &error);
  BansouHeatmapRound *round;

  g_assert_no_error (error);
  g_assert_cmpuint (rounds->len, ==, 2);
  round = g_ptr_array_index (rounds, 0);
  g_assert_cmpstr (round->id, ==, ROUND);
  g_assert_cmpint (round->fiscal_year, ==, 2025);
  g_assert_false (round->demo);
}

/* ---- the renderer ------------------------------------------------------ */

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guchar *data;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  return ((const guint32 *) (gconstpointer) (data + y * cairo_image_surface_get_stride (surface)))[x] & 0xffffff;
}

static void
test_heatmap_image (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(BansouHeatmapModel) model = load (f, "31");
  g_autoptr(BansouHeatmapRenderer) renderer = NULL;
  cairo_surface_t *image;
  guint row;

  bansou_heatmap_model_set_sort (model, BANSOU_HEATMAP_SORT_SCORE, FALSE);
  renderer = bansou_heatmap_renderer_new (model);
  image = bansou_heatmap_renderer_get_image (renderer);

  g_assert_cmpint (cairo_image_surface_get_format (image), ==, CAIRO_FORMAT_RGB24);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, bansou_catalog_get_n_questions (f->catalog));
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 19);

  /* Row 0 is 岩美町: not done; row 1 米子市: done, partial, not done, n/a, unanswered */
  g_assert_cmphex (pixel (image, 0, 0), ==, bansou_heatmap_renderer_get_status_color (BANSOU_STATUS_NOT_DONE) & 0xffffff);
  g_assert_cmphex (pixel (image, 0, 1), ==, bansou_heatmap_renderer_get_status_color (BANSOU_STATUS_DONE) & 0xffffff);
  g_assert_cmphex (pixel (image, 1, 1), ==, bansou_heatmap_renderer_get_status_color (BANSOU_STATUS_PARTIAL) & 0xffffff);
  g_assert_cmphex (pixel (image, 3, 1), ==, bansou_heatmap_renderer_get_status_color (BANSOU_STATUS_NA) & 0xffffff);
  g_assert_cmphex (pixel (image, 4, 1), ==, bansou_heatmap_renderer_get_status_color (BANSOU_STATUS_UNANSWERED) & 0xffffff);

  /* An edit reaches the image on the next update */
  bansou_heatmap_model_set_cell (model, IWAMI, qid (f, 0), BANSOU_STATUS_DONE);
  g_assert_true (bansou_heatmap_model_find_body_row (model, body (model, IWAMI), &row));
  image = bansou_heatmap_renderer_get_image (renderer);
  g_assert_cmphex (pixel (image, 0, row), ==, bansou_heatmap_renderer_get_status_color (BANSOU_STATUS_DONE) & 0xffffff);

  /* Statuses and scores share one scale */
  g_assert_cmphex (bansou_heatmap_renderer_get_score_color (1.0), ==,
                   bansou_heatmap_renderer_get_status_color (BANSOU_STATUS_DONE));
  g_assert_cmphex (bansou_heatmap_renderer_get_score_color (0.5), ==,
                   bansou_heatmap_renderer_get_status_color (BANSOU_STATUS_PARTIAL));
  g_assert_cmphex (bansou_heatmap_renderer_get_score_color (0.0), ==,
                   bansou_heatmap_renderer_get_status_color (BANSOU_STATUS_NOT_DONE));
}

static void
test_heatmap_hit_test (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(BansouHeatmapModel) model = load (f, "31");
  g_autoptr(BansouHeatmapRenderer) renderer = bansou_heatmap_renderer_new (model);
  cairo_rectangle_int_t rect;
  guint row = 0, column = 0;

  bansou_heatmap_renderer_set_cell_size (renderer, 16, 16);
  bansou_heatmap_renderer_get_cell_rect (renderer, 32, 16, 5, 7, &rect);
  g_assert_cmpint (bansou_heatmap_renderer_hit_test (renderer, 32, 16, rect.x + 8, rect.y + 8, &row, &column),
                   ==, BANSOU_HEATMAP_AREA_CELL);
  g_assert_cmpuint (row, ==, 5);
  g_assert_cmpuint (column, ==, 7);
  g_assert_cmpint (bansou_heatmap_renderer_hit_test (renderer, 32, 16, 10, rect.y + 8, &row, NULL),
                   ==, BANSOU_HEATMAP_AREA_ROW_LABEL);
  g_assert_cmpint (bansou_heatmap_renderer_hit_test (renderer, 32, 16, rect.x + 8, 2, NULL, &column),
                   ==, BANSOU_HEATMAP_AREA_CATEGORY_HEADER);
  g_assert_cmpint (bansou_heatmap_renderer_hit_test (renderer, 0, 0, 10, 10, NULL, NULL),
                   ==, BANSOU_HEATMAP_AREA_CORNER);
}

static void
test_heatmap_export_png (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BansouHeatmapModel) model = load (f, "31");
  g_autoptr(BansouHeatmapRenderer) renderer = bansou_heatmap_renderer_new (model);
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "heatmap.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  BansouHeatmapGeometry g;
  cairo_surface_t *png;
  double ox, oy;
  int w, h;
  guint row;
  static const struct { const char *body; guint q; BansouStatus status; } cells[] = {
    { IWAMI,   0, BANSOU_STATUS_NOT_DONE },
    { TOTTORI, 0, BANSOU_STATUS_DONE },
    { YONAGO,  1, BANSOU_STATUS_PARTIAL },
    { YONAGO,  3, BANSOU_STATUS_NA },
    { YONAGO,  9, BANSOU_STATUS_UNANSWERED },
  };

  bansou_heatmap_model_set_sort (model, BANSOU_HEATMAP_SORT_SCORE, FALSE);
  bansou_heatmap_renderer_fit_width (renderer, 1400);
  g_assert_true (bansou_heatmap_renderer_export (renderer, BANSOU_HEATMAP_FORMAT_PNG, path, &error));
  g_assert_no_error (error);

  bytes = bansou_test_read_file (path);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 8);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 8, "\x89PNG\r\n\x1a\n", 8);

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  bansou_heatmap_renderer_get_page_size (renderer, &w, &h);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, h);

  bansou_heatmap_renderer_get_geometry (renderer, &g);
  bansou_heatmap_renderer_get_page_cells_origin (renderer, &ox, &oy);
  g_assert_cmpint (g.column_width, >=, 8);

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      g_assert_true (bansou_heatmap_model_find_body_row (model, body (model, cells[i].body), &row));
      /* Two pixels in from the corner: past the grid gap, clear of the mark */
      g_assert_cmphex (pixel (png, (int) ox + cells[i].q * g.column_width + 3,
                              (int) oy + row * g.row_height + 3), ==,
                       bansou_heatmap_renderer_get_status_color (cells[i].status) & 0xffffff);
    }

  /* The mean row, above the body rows: question 0 is at ⅝ */
  g_assert_cmphex (pixel (png, (int) ox + 3, (int) oy - g.summary_height + 3), ==,
                   bansou_heatmap_renderer_get_score_color (0.625) & 0xffffff);

  cairo_surface_destroy (png);
}

static void
svg_start_element (GMarkupParseContext  *context,
                   const char           *element_name,
                   const char          **attribute_names,
                   const char          **attribute_values,
                   gpointer              user_data,
                   GError              **error)
{
  guint *n_elements = user_data;

  if (*n_elements == 0)
    g_assert_cmpstr (element_name, ==, "svg");
  (*n_elements)++;
}

static void
test_heatmap_export_svg (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BansouHeatmapModel) model = load (f, "31");
  g_autoptr(BansouHeatmapRenderer) renderer = bansou_heatmap_renderer_new (model);
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "heatmap.svg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMarkupParseContext) parser = NULL;
  GMarkupParser funcs = { svg_start_element, NULL, NULL, NULL, NULL };
  guint n_elements = 0;
  const char *text;
  gsize len;

  bansou_heatmap_renderer_fit_width (renderer, 1200);
  g_assert_true (bansou_heatmap_renderer_export (renderer, BANSOU_HEATMAP_FORMAT_SVG, path, &error));
  g_assert_no_error (error);

  bytes = bansou_test_read_file (path);
  text = g_bytes_get_data (bytes, &len);
  g_assert_nonnull (g_strstr_len (text, len, "<svg"));

  parser = g_markup_parse_context_new (&funcs, 0, &n_elements, NULL);
  g_assert_true (g_markup_parse_context_parse (parser, text, len, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (parser, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_elements, >, 10);

  /* Cells are vector rectangles, not a bitmap a viewer would blur */
  g_assert_null (g_strstr_len (text, len, "<image"));
}

static void
test_heatmap_ctl (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *png = g_build_filename (dir, "h.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "h.svg", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GBytes) bytes = NULL;

  /* No prefecture chosen yet */
  g_assert_cmpint (bansou_test_run_ctl (f->path, (const char *[]) { "heatmap", "--png", png, NULL },
                                        NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "init"));
  g_clear_pointer (&err, g_free);

  bansou_store_set_setting (f->store, "prefecture", "31", &error);
  g_assert_no_error (error);

  g_assert_cmpint (bansou_test_run_ctl (f->path, (const char *[]) {
                     "heatmap", "--round", ROUND, "--png", png, "--sort", "name", "--width", "1000", NULL },
                   &out, &err), ==, 0);
  bytes = bansou_test_read_file (png);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* The newest round by default, the category mode, SVG */
  g_assert_cmpint (bansou_test_run_ctl (f->path, (const char *[]) {
                     "heatmap", "--svg", svg, "--mode", "categories", NULL }, NULL, NULL), ==, 0);
  bytes = bansou_test_read_file (svg);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "<svg"));
  g_clear_pointer (&err, g_free);

  /* Wrong arguments: a usage error, nothing written */
  g_assert_cmpint (bansou_test_run_ctl (f->path, (const char *[]) { "heatmap", NULL }, NULL, NULL), ==, 2);
  g_assert_cmpint (bansou_test_run_ctl (f->path, (const char *[]) {
                     "heatmap", "--png", png, "--svg", svg, NULL }, NULL, NULL), ==, 2);
  g_assert_cmpint (bansou_test_run_ctl (f->path, (const char *[]) {
                     "heatmap", "--png", png, "--sort", "size", NULL }, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "size"));
  g_assert_cmpint (bansou_test_run_ctl (f->path, (const char *[]) {
                     "heatmap", "--round", "2030-01-01", "--png", png, NULL }, NULL, NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("/heatmap/scores", test_heatmap_scores, NULL);
  ADD ("/heatmap/previous-round", test_heatmap_previous_round_missing, NULL);
  ADD ("/heatmap/sort", test_heatmap_sort, NULL);
  ADD ("/heatmap/columns", test_heatmap_columns, NULL);
  ADD ("/heatmap/kind-filter", test_heatmap_kind_filter, NULL);
  ADD ("/heatmap/national", test_heatmap_national, NULL);
  ADD ("/heatmap/national-prefectures", test_heatmap_national_prefectures, NULL);
  ADD ("/heatmap/set-cell/prefecture", test_heatmap_set_cell, "31");
  ADD ("/heatmap/set-cell/national", test_heatmap_set_cell, "00");
  ADD ("/heatmap/set-note", test_heatmap_set_note, NULL);
  ADD ("/heatmap/rounds", test_heatmap_rounds, NULL);
  ADD ("/heatmap/image", test_heatmap_image, NULL);
  ADD ("/heatmap/hit-test", test_heatmap_hit_test, NULL);
  ADD ("/heatmap/export/png", test_heatmap_export_png, NULL);
  ADD ("/heatmap/export/svg", test_heatmap_export_svg, NULL);
  ADD ("/heatmap/bansouctl", test_heatmap_ctl, NULL);

  return g_test_run ();
}
