/* test-score.c — the scoring rule on hand-made answers, with exact numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include "bansou-test-utils.h"

#define EPS 1e-9

#define A_BODY "342025"
#define B_BODY "342033"
#define C_BODY "342041"

static BansouCatalog *
builtin_catalog (void)
{
  g_autoptr(GError) error = NULL;
  BansouCatalog *catalog = bansou_catalog_new_builtin (&error);

  g_assert_no_error (error);
  return catalog;
}

static guint
q_index (BansouCatalog *catalog,
         const char    *id)
{
  BansouQuestion *q = bansou_catalog_lookup_question (catalog, id);

  g_assert_nonnull (q);
  return q->index;
}

static void
test_score_rule (void)
{
  BansouScore s = { 0 };
  g_autofree char *dash = NULL;
  g_autofree char *pct = NULL;

  g_assert_cmpfloat (bansou_status_score (BANSOU_STATUS_DONE), ==, 1.0);
  g_assert_cmpfloat (bansou_status_score (BANSOU_STATUS_PARTIAL), ==, 0.5);
  g_assert_cmpfloat (bansou_status_score (BANSOU_STATUS_NOT_DONE), ==, 0.0);
  g_assert_cmpfloat (bansou_status_score (BANSOU_STATUS_NA), <, 0);
  g_assert_cmpfloat (bansou_status_score (BANSOU_STATUS_UNANSWERED), <, 0);

  /* Nothing counted: no score, shown as a dash. */
  bansou_score_add (&s, BANSOU_STATUS_NA);
  bansou_score_add (&s, BANSOU_STATUS_UNANSWERED);
  g_assert_cmpfloat (bansou_score_get_value (&s), ==, BANSOU_NO_SCORE);
  g_assert_cmpfloat (bansou_score_get_rate (&s), ==, BANSOU_NO_SCORE);
  dash = bansou_score_format (bansou_score_get_value (&s));
  g_assert_cmpstr (dash, ==, "—");

  bansou_score_add (&s, BANSOU_STATUS_DONE);
  bansou_score_add (&s, BANSOU_STATUS_PARTIAL);
  bansou_score_add (&s, BANSOU_STATUS_NOT_DONE);
  bansou_score_add (&s, BANSOU_STATUS_DONE);
  g_assert_cmpuint (s.counted, ==, 4);
  g_assert_cmpuint (s.n[BANSOU_STATUS_NA], ==, 1);
  g_assert_cmpfloat_with_epsilon (bansou_score_get_value (&s), 0.625, EPS);
  g_assert_cmpfloat_with_epsilon (bansou_score_get_rate (&s), 0.5, EPS);
  pct = bansou_score_format (bansou_score_get_value (&s));
  g_assert_cmpstr (pct, ==, "62.5");
}

/* Three bodies by hand:
 *   A  組織体制: done, partial, not_done, na, (unanswered), done → 2.5 / 4
 *   B  組織体制: all six done → 1; 情報資産: 2 not_done, 3 na → 0
 *   C  nothing at all
 */
static BansouAnswerMatrix *
hand_made (BansouCatalog *catalog)
{
  const char *bodies[] = { A_BODY, B_BODY, C_BODY, NULL };
  BansouAnswerMatrix *m = bansou_answer_matrix_new ("2025-10-31", bodies,
                                                    bansou_catalog_get_n_questions (catalog));
  static const struct {
    const char   *question;
    BansouStatus  a;
    BansouStatus  b;
  } cells[] = {
    { "org.responsibility.ciso",        BANSOU_STATUS_DONE,       BANSOU_STATUS_DONE },
    { "org.responsibility.departments", BANSOU_STATUS_PARTIAL,    BANSOU_STATUS_DONE },
    { "org.structure.policy",           BANSOU_STATUS_NOT_DONE,   BANSOU_STATUS_DONE },
    { "org.structure.committee",        BANSOU_STATUS_NA,         BANSOU_STATUS_DONE },
    { "org.structure.csirt",            BANSOU_STATUS_UNANSWERED, BANSOU_STATUS_DONE },
    { "org.other.adviser",              BANSOU_STATUS_DONE,       BANSOU_STATUS_DONE },
    { "asset.classification.scheme",    BANSOU_STATUS_UNANSWERED, BANSOU_STATUS_NOT_DONE },
    { "asset.classification.handling",  BANSOU_STATUS_UNANSWERED, BANSOU_STATUS_NOT_DONE },
    { "asset.management.inventory",     BANSOU_STATUS_UNANSWERED, BANSOU_STATUS_NA },
    { "asset.management.encryption",    BANSOU_STATUS_UNANSWERED, BANSOU_STATUS_NA },
    { "asset.management.disposal",      BANSOU_STATUS_UNANSWERED, BANSOU_STATUS_NA },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      guint q = q_index (catalog, cells[i].question);

      bansou_answer_matrix_set_cell (m, 0, q, cells[i].a);
      bansou_answer_matrix_set_cell (m, 1, q, cells[i].b);
    }
  return m;
}

static void
test_score_table (void)
{
  g_autoptr(BansouCatalog) catalog = builtin_catalog ();
  g_autoptr(BansouAnswerMatrix) m = hand_made (catalog);
  g_autoptr(BansouScoreTable) t = bansou_score_table_new (catalog, m);
  guint org = bansou_catalog_lookup_category (catalog, "org")->index;
  guint asset = bansou_catalog_lookup_category (catalog, "asset")->index;
  guint physical = bansou_catalog_lookup_category (catalog, "physical")->index;
  const BansouScore *counts;

  /* Per body and category */
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_body_category (t, 0, org), 0.625, EPS);
  g_assert_cmpfloat (bansou_score_table_get_body_category (t, 0, asset), ==, BANSOU_NO_SCORE);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_body_category (t, 1, org), 1.0, EPS);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_body_category (t, 1, asset), 0.0, EPS);
  g_assert_cmpfloat (bansou_score_table_get_body_category (t, 2, org), ==, BANSOU_NO_SCORE);

  /* Overall: over all counted answers (6 / 8), not the mean of the
   * category scores (which would be 0.5). */
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_body_overall (t, 0), 0.625, EPS);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_body_overall (t, 1), 0.75, EPS);
  g_assert_cmpfloat (bansou_score_table_get_body_overall (t, 2), ==, BANSOU_NO_SCORE);
  counts = bansou_score_table_get_body_counts (t, 1, -1);
  g_assert_cmpuint (counts->counted, ==, 8);
  g_assert_cmpuint (counts->n[BANSOU_STATUS_NA], ==, 3);
  g_assert_cmpuint (counts->n[BANSOU_STATUS_UNANSWERED], ==, 58 - 11);

  /* Per question for the set of bodies */
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_question_score (t, q_index (catalog, "org.responsibility.ciso")), 1.0, EPS);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_question_score (t, q_index (catalog, "org.responsibility.departments")), 0.75, EPS);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_question_rate (t, q_index (catalog, "org.responsibility.departments")), 0.5, EPS);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_question_score (t, q_index (catalog, "org.structure.policy")), 0.5, EPS);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_question_score (t, q_index (catalog, "org.structure.committee")), 1.0, EPS);
  g_assert_cmpfloat (bansou_score_table_get_question_score (t, q_index (catalog, "asset.management.encryption")), ==, BANSOU_NO_SCORE);
  g_assert_cmpfloat (bansou_score_table_get_question_rate (t, q_index (catalog, "physical.lines.external")), ==, BANSOU_NO_SCORE);

  /* Per category: the mean of the bodies' category scores; the rate pooled */
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_category_score (t, org), (0.625 + 1.0) / 2, EPS);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_category_rate (t, org), 8.0 / 10.0, EPS);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_category_score (t, asset), 0.0, EPS);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_category_rate (t, asset), 0.0, EPS);
  g_assert_cmpfloat (bansou_score_table_get_category_score (t, physical), ==, BANSOU_NO_SCORE);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_overall_score (t), (0.625 + 0.75) / 2, EPS);

  /* Against the baseline: 組織体制 has three key questions
   * (95.8, 98.9, 77.5); this set's rates on them are 1, 0.5 and 1. */
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_category_baseline (t, org), (0.958 + 0.989 + 0.775) / 3, EPS);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_category_key_rate (t, org), (1.0 + 0.5 + 1.0) / 3, EPS);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_category_baseline (t, asset), 0.25, EPS);
  g_assert_cmpfloat (bansou_score_table_get_category_key_rate (t, asset), ==, BANSOU_NO_SCORE);
  g_assert_cmpfloat (bansou_score_table_get_category_baseline (t,
                       bansou_catalog_lookup_category (catalog, "outsourcing")->index), ==, BANSOU_NO_SCORE);
  g_assert_cmpfloat_with_epsilon (bansou_question_get_baseline (bansou_catalog_lookup_question (catalog,
                                    "technical.unauthorized_access.vuln_assessment")), 0.202, EPS);
}

/* Scores and the year-over-year views through the database. */
static void
test_score_history (void)
{
  g_autoptr(BansouStore) store = bansou_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(GPtrArray) body_trend = NULL;
  g_autoptr(GPtrArray) question_trend = NULL;
  g_autoptr(BansouScoreTable) table = NULL;
  BansouBodyTrend *bt;
  BansouQuestionTrend *qt;
  guint org;

  g_assert_true (bansou_store_set_setting (store, "prefecture", "34", &error));
  catalog = bansou_catalog_load_active (store, &error);
  survey = bansou_survey_new (store, catalog, &error);
  g_assert_no_error (error);
  org = bansou_catalog_lookup_category (catalog, "org")->index;

#define SET(round, body, q, status) \
  G_STMT_START { \
    bansou_survey_set_answer (survey, round, body, q, status, NULL, NULL, NULL, &error); \
    g_assert_no_error (error); \
  } G_STMT_END

  g_assert_nonnull (bansou_survey_create_round (survey, "2024-10-31", NULL, FALSE, &error));
  SET ("2024-10-31", A_BODY, "org.responsibility.ciso", BANSOU_STATUS_NOT_DONE);
  SET ("2024-10-31", A_BODY, "org.structure.policy", BANSOU_STATUS_PARTIAL);
  SET ("2024-10-31", B_BODY, "org.responsibility.ciso", BANSOU_STATUS_DONE);
  g_assert_nonnull (bansou_survey_create_round (survey, "2025-10-31", NULL, TRUE, &error));
  SET ("2025-10-31", A_BODY, "org.responsibility.ciso", BANSOU_STATUS_DONE);
  SET ("2025-10-31", A_BODY, "human.training.seminar", BANSOU_STATUS_NA);
  g_assert_nonnull (bansou_survey_create_round (survey, "2026-10-31", NULL, FALSE, &error));

  body_trend = bansou_score_body_history (survey, A_BODY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (body_trend->len, ==, 3);
  bt = g_ptr_array_index (body_trend, 0);
  g_assert_cmpstr (bt->round, ==, "2024-10-31");
  g_assert_cmpuint (bt->n_categories, ==, 8);
  g_assert_cmpfloat_with_epsilon (bt->categories[org], 0.25, EPS);
  g_assert_cmpfloat_with_epsilon (bt->overall, 0.25, EPS);
  bt = g_ptr_array_index (body_trend, 1);
  g_assert_cmpfloat_with_epsilon (bt->categories[org], 0.75, EPS);   /* done + carried partial */
  g_assert_cmpfloat (bt->categories[bansou_catalog_lookup_category (catalog, "human")->index], ==, BANSOU_NO_SCORE);
  bt = g_ptr_array_index (body_trend, 2);
  g_assert_cmpfloat (bt->overall, ==, BANSOU_NO_SCORE);

  question_trend = bansou_score_question_history (survey, NULL, "org.responsibility.ciso", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (question_trend->len, ==, 3);
  qt = g_ptr_array_index (question_trend, 0);
  g_assert_cmpfloat_with_epsilon (qt->rate, 0.5, EPS);
  g_assert_cmpfloat_with_epsilon (qt->score, 0.5, EPS);
  g_assert_cmpuint (qt->counted, ==, 2);
  g_assert_cmpfloat_with_epsilon (qt->baseline, 0.958, EPS);
  qt = g_ptr_array_index (question_trend, 1);
  g_assert_cmpfloat_with_epsilon (qt->rate, 1.0, EPS);
  qt = g_ptr_array_index (question_trend, 2);
  g_assert_cmpfloat (qt->rate, ==, BANSOU_NO_SCORE);
  g_assert_cmpuint (qt->counted, ==, 0);

  g_assert_null (bansou_score_question_history (survey, NULL, "no.such.question", &error));
  g_assert_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  table = bansou_score_table_new_for_round (survey, "2025-10-31", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bansou_answer_matrix_get_n_bodies (bansou_score_table_get_matrix (table)), ==, 23);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_question_rate (table, 0), 1.0, EPS);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_body_overall (table,
                                    bansou_answer_matrix_find_body (bansou_score_table_get_matrix (table), A_BODY)),
                                  0.75, EPS);

#undef SET
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/score/rule", test_score_rule);
  g_test_add_func ("/score/table", test_score_table);
  g_test_add_func ("/score/history", test_score_history);

  return g_test_run ();
}
