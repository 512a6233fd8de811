/* bansou-score.c — scores per body, category and question, and the baseline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The rule is bansou_status_score(); docs/scoring.md explains it. In short:
 *
 *  - a body's score in a category is the mean over its counted answers in
 *    that category; its overall score is the mean over ALL its counted
 *    answers, not the mean of its category scores, so that a category
 *    with two questions does not weigh as much as one with nine;
 *  - for a set of bodies (a prefecture, the nation), a question's score is
 *    the mean of the bodies' scores on it, and its implementation rate the
 *    share of “implemented” among counted answers — the figure the national
 *    survey publishes, and so the one compared with the baseline;
 *  - a category's score for the set is the mean of the bodies' category
 *    scores (every body weighs the same); its rate is pooled;
 *  - a category's baseline is the mean of the baselines of its key
 *    questions, compared with the mean of the set's rates on the same
 *    questions: an approximation, as the national survey publishes no
 *    category figures.
 */
#define G_LOG_DOMAIN "bansou-score"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-body.h"
#include "bansou-score.h"
#include "bansou-store-sql.h"
#include "bansou-sync.h"

struct _BansouScoreTable
{
  gatomicrefcount     ref_count;
  BansouCatalog      *catalog;
  BansouAnswerMatrix *matrix;
  guint               n_bodies;
  guint               n_categories;
  guint               n_questions;
  BansouScore        *bodies;         /* n_bodies × (n_categories + 1): the last is overall */
  BansouScore        *questions;      /* n_questions */
  double             *category_score; /* n_categories */
  BansouScore        *category_pool;  /* n_categories */
  double              overall_score;
  double             *baselines;      /* n_questions: the national rate, or BANSOU_NO_SCORE */
};

G_DEFINE_BOXED_TYPE (BansouScoreTable, bansou_score_table, bansou_score_table_ref, bansou_score_table_unref)

/* ------------------------------------------------------------------------ */

void
bansou_score_add (BansouScore  *score,
                  BansouStatus  status)
{
  double value = bansou_status_score (status);

  g_return_if_fail (status < BANSOU_N_STATUSES);

  score->n[status]++;
  if (value >= 0)
    {
      score->sum += value;
      score->counted++;
    }
}

void
bansou_score_merge (BansouScore       *score,
                    const BansouScore *other)
{
  score->sum += other->sum;
  score->counted += other->counted;
  for (guint i = 0; i < BANSOU_N_STATUSES; i++)
    score->n[i] += other->n[i];
}

/**
 * bansou_score_get_value:
 *
 * Returns: the mean score from 0 to 1, or %BANSOU_NO_SCORE when no answer counted
 */
double
bansou_score_get_value (const BansouScore *score)
{
  return score->counted > 0 ? score->sum / score->counted : BANSOU_NO_SCORE;
}

/**
 * bansou_score_get_rate:
 *
 * Returns: the implementation rate: the share of implemented among counted
 *   answers, or %BANSOU_NO_SCORE when no answer counted
 */
double
bansou_score_get_rate (const BansouScore *score)
{
  return score->counted > 0 ? (double) score->n[BANSOU_STATUS_DONE] / score->counted : BANSOU_NO_SCORE;
}

/**
 * bansou_score_format:
 * @value: a score or rate from 0 to 1, or %BANSOU_NO_SCORE
 *
 * Returns: (transfer full): a percentage with one decimal ("72.5"), or "—"
 */
char *
bansou_score_format (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value < 0)
    return g_strdup ("—");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", value * 100.0));
}

/**
 * bansou_question_get_baseline:
 *
 * Returns: the national implementation rate as a fraction, or
 *   %BANSOU_NO_SCORE for a question without baseline
 */
double
bansou_question_get_baseline (const BansouQuestion *question)
{
  return question->baseline >= 0 ? question->baseline / 100.0 : BANSOU_NO_SCORE;
}

/**
 * bansou_question_get_round_baseline:
 * @store: the database the national figures were pulled into
 * @round: the round's id
 *
 * The national implementation rate of @question in @round: the live
 * figure bansou-server computed from every prefecture's answers when one
 * has been pulled (bansou_sync_run()), otherwise the catalog's published
 * baseline.
 *
 * Returns: a fraction, or %BANSOU_NO_SCORE
 */
double
bansou_question_get_round_baseline (BansouStore          *store,
                                    const char           *round,
                                    const BansouQuestion *question)
{
  double rate;

  g_return_val_if_fail (question != NULL, BANSOU_NO_SCORE);

  if (store != NULL && round != NULL && bansou_sync_get_national_rate (store, round, question->id, &rate))
    return rate;
  return bansou_question_get_baseline (question);
}

/* ------------------------------------------------------------------------ */

static BansouScore *
body_score (BansouScoreTable *self,
            guint             body,
            guint             slot)
{
  return &self->bodies[(gsize) body * (self->n_categories + 1) + slot];
}

/**
 * bansou_score_table_new:
 * @matrix: the answers of a round (bansou_survey_load_matrix())
 *
 * Computes every score of the round for the bodies of @matrix.
 *
 * Returns: (transfer full): the table
 */
BansouScoreTable *
bansou_score_table_new (BansouCatalog      *catalog,
                        BansouAnswerMatrix *matrix)
{
  BansouScoreTable *self;
  guint n_cells;

  g_return_val_if_fail (BANSOU_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (matrix != NULL, NULL);
  g_return_val_if_fail (bansou_answer_matrix_get_n_questions (matrix) == bansou_catalog_get_n_questions (catalog), NULL);

  self = g_new0 (BansouScoreTable, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->catalog = g_object_ref (catalog);
  self->matrix = bansou_answer_matrix_ref (matrix);
  self->n_bodies = bansou_answer_matrix_get_n_bodies (matrix);
  self->n_categories = bansou_catalog_get_n_categories (catalog);
  self->n_questions = bansou_catalog_get_n_questions (catalog);
  self->bodies = g_new0 (BansouScore, (gsize) self->n_bodies * (self->n_categories + 1));
  self->questions = g_new0 (BansouScore, self->n_questions);
  self->category_score = g_new0 (double, self->n_categories);
  self->category_pool = g_new0 (BansouScore, self->n_categories);
  self->baselines = g_new (double, self->n_questions);
  for (guint q = 0; q < self->n_questions; q++)
    self->baselines[q] = bansou_question_get_baseline (bansou_catalog_get_question (catalog, q));

  for (guint b = 0; b < self->n_bodies; b++)
    for (guint q = 0; q < self->n_questions; q++)
      {
        BansouStatus status = bansou_answer_matrix_get_status (matrix, b, q);
        guint c = bansou_catalog_get_question (catalog, q)->category->index;

        bansou_score_add (body_score (self, b, c), status);
        bansou_score_add (body_score (self, b, self->n_categories), status);
        bansou_score_add (&self->questions[q], status);
        bansou_score_add (&self->category_pool[c], status);
      }

  for (guint c = 0; c < self->n_categories; c++)
    {
      double sum = 0;

      n_cells = 0;
      for (guint b = 0; b < self->n_bodies; b++)
        {
          double v = bansou_score_get_value (body_score (self, b, c));
          if (v >= 0)
            {
              sum += v;
              n_cells++;
            }
        }
      self->category_score[c] = n_cells > 0 ? sum / n_cells : BANSOU_NO_SCORE;
    }

  {
    double sum = 0;

    n_cells = 0;
    for (guint b = 0; b < self->n_bodies; b++)
      {
        double v = bansou_score_get_value (body_score (self, b, self->n_categories));
        if (v >= 0)
          {
            sum += v;
            n_cells++;
          }
      }
    self->overall_score = n_cells > 0 ? sum / n_cells : BANSOU_NO_SCORE;
  }

  return self;
}

/**
 * bansou_score_table_new_for_round:
 * @scope: (nullable): "34", "00" for the nation, or %NULL for the desk's scope
 *
 * Returns: (transfer full): the scores of @round for the bodies of @scope
 */
BansouScoreTable *
bansou_score_table_new_for_round (BansouSurvey  *survey,
                                  const char    *round,
                                  const char    *scope,
                                  GError       **error)
{
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(BansouAnswerMatrix) matrix = NULL;
  BansouScoreTable *self;

  g_return_val_if_fail (BANSOU_IS_SURVEY (survey), NULL);

  if (!(bodies = bansou_survey_list_bodies (survey, scope, error)) ||
      !(matrix = bansou_survey_load_matrix (survey, round, bodies, error)))
    return NULL;

  self = bansou_score_table_new (bansou_survey_get_catalog (survey), matrix);
  /* Live national figures where the server's have been pulled. */
  for (guint q = 0; q < self->n_questions; q++)
    self->baselines[q] = bansou_question_get_round_baseline (bansou_survey_get_store (survey), round,
                                                             bansou_catalog_get_question (self->catalog, q));
  return self;
}

BansouScoreTable *
bansou_score_table_ref (BansouScoreTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bansou_score_table_unref (BansouScoreTable *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_object_unref (self->catalog);
      bansou_answer_matrix_unref (self->matrix);
      g_free (self->bodies);
      g_free (self->questions);
      g_free (self->category_score);
      g_free (self->category_pool);
      g_free (self->baselines);
      g_free (self);
    }
}

/**
 * bansou_score_table_get_matrix:
 *
 * Returns: (transfer none): the answers the table was computed from; its
 *   rows are the body indexes used below
 */
BansouAnswerMatrix *
bansou_score_table_get_matrix (BansouScoreTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->matrix;
}

double
bansou_score_table_get_body_category (BansouScoreTable *self,
                                      guint             body_index,
                                      guint             category)
{
  g_return_val_if_fail (self != NULL, BANSOU_NO_SCORE);
  g_return_val_if_fail (body_index < self->n_bodies && category < self->n_categories, BANSOU_NO_SCORE);
  return bansou_score_get_value (body_score (self, body_index, category));
}

/**
 * bansou_score_table_get_body_overall:
 *
 * Returns: the mean over all the body's counted answers (not the mean of
 *   its category scores), or %BANSOU_NO_SCORE
 */
double
bansou_score_table_get_body_overall (BansouScoreTable *self,
                                     guint             body_index)
{
  g_return_val_if_fail (self != NULL, BANSOU_NO_SCORE);
  g_return_val_if_fail (body_index < self->n_bodies, BANSOU_NO_SCORE);
  return bansou_score_get_value (body_score (self, body_index, self->n_categories));
}

/**
 * bansou_score_table_get_body_counts:
 * @category: a category index, or -1 for all questions
 *
 * Returns: (transfer none): the body's answers counted by status
 */
const BansouScore *
bansou_score_table_get_body_counts (BansouScoreTable *self,
                                    guint             body_index,
                                    int               category)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (body_index < self->n_bodies, NULL);
  g_return_val_if_fail (category < (int) self->n_categories, NULL);
  return body_score (self, body_index, category < 0 ? self->n_categories : (guint) category);
}

/**
 * bansou_score_table_get_question_score:
 *
 * Returns: the mean of the bodies' scores on the question
 */
double
bansou_score_table_get_question_score (BansouScoreTable *self,
                                       guint             question)
{
  g_return_val_if_fail (self != NULL && question < self->n_questions, BANSOU_NO_SCORE);
  return bansou_score_get_value (&self->questions[question]);
}

/**
 * bansou_score_table_get_question_rate:
 *
 * Returns: the implementation rate: the share of bodies that implemented
 *   it among those whose answer counts — comparable with the baseline
 */
double
bansou_score_table_get_question_rate (BansouScoreTable *self,
                                      guint             question)
{
  g_return_val_if_fail (self != NULL && question < self->n_questions, BANSOU_NO_SCORE);
  return bansou_score_get_rate (&self->questions[question]);
}

const BansouScore *
bansou_score_table_get_question_counts (BansouScoreTable *self,
                                        guint             question)
{
  g_return_val_if_fail (self != NULL && question < self->n_questions, NULL);
  return &self->questions[question];
}

/**
 * bansou_score_table_get_category_score:
 *
 * Returns: the mean of the bodies' scores in the category (bodies without
 *   one left out)
 */
double
bansou_score_table_get_category_score (BansouScoreTable *self,
                                       guint             category)
{
  g_return_val_if_fail (self != NULL && category < self->n_categories, BANSOU_NO_SCORE);
  return self->category_score[category];
}

/**
 * bansou_score_table_get_category_rate:
 *
 * Returns: implemented among all counted answers of the category's questions
 */
double
bansou_score_table_get_category_rate (BansouScoreTable *self,
                                      guint             category)
{
  g_return_val_if_fail (self != NULL && category < self->n_categories, BANSOU_NO_SCORE);
  return bansou_score_get_rate (&self->category_pool[category]);
}

/**
 * bansou_score_table_get_overall_score:
 *
 * Returns: the mean of the bodies' overall scores
 */
double
bansou_score_table_get_overall_score (BansouScoreTable *self)
{
  g_return_val_if_fail (self != NULL, BANSOU_NO_SCORE);
  return self->overall_score;
}

/**
 * bansou_score_table_get_question_baseline:
 *
 * Returns: the national implementation rate of the question (a fraction):
 *   the live figure pulled from bansou-server when the table was made for
 *   a round that has one, otherwise the catalog's; or %BANSOU_NO_SCORE
 */
double
bansou_score_table_get_question_baseline (BansouScoreTable *self,
                                          guint             question)
{
  g_return_val_if_fail (self != NULL && question < self->n_questions, BANSOU_NO_SCORE);
  return self->baselines[question];
}

/**
 * bansou_score_table_get_category_baseline:
 *
 * An approximate national figure for a category: the mean of the
 * baselines of its key questions. Compare it with
 * bansou_score_table_get_category_key_rate(), not with the category score.
 *
 * Returns: a fraction, or %BANSOU_NO_SCORE when no question of the
 *   category has a baseline
 */
double
bansou_score_table_get_category_baseline (BansouScoreTable *self,
                                          guint             category)
{
  BansouCategory *c;
  double sum = 0;
  guint n = 0;

  g_return_val_if_fail (self != NULL && category < self->n_categories, BANSOU_NO_SCORE);

  c = bansou_catalog_get_category (self->catalog, category);
  for (guint q = 0; q < self->n_questions; q++)
    {
      BansouQuestion *question = bansou_catalog_get_question (self->catalog, q);

      if (question->category == c && self->baselines[q] >= 0)
        {
          sum += self->baselines[q];
          n++;
        }
    }
  return n > 0 ? sum / n : BANSOU_NO_SCORE;
}

/**
 * bansou_score_table_get_category_key_rate:
 *
 * Returns: the mean of the set's implementation rates on the category's
 *   questions that have a baseline, or %BANSOU_NO_SCORE
 */
double
bansou_score_table_get_category_key_rate (BansouScoreTable *self,
                                          guint             category)
{
  BansouCategory *c;
  double sum = 0;
  guint n = 0;

  g_return_val_if_fail (self != NULL && category < self->n_categories, BANSOU_NO_SCORE);

  c = bansou_catalog_get_category (self->catalog, category);
  for (guint q = 0; q < self->n_questions; q++)
    {
      BansouQuestion *question = bansou_catalog_get_question (self->catalog, q);
      double rate;

      if (question->category != c || self->baselines[q] < 0)
        continue;
      rate = bansou_score_get_rate (&self->questions[q]);
      if (rate >= 0)
        {
          sum += rate;
          n++;
        }
    }
  return n > 0 ? sum / n : BANSOU_NO_SCORE;
}

/* ------------------------------------------------------------------------ */
/* Year over year                                                           */

void
bansou_body_trend_free (BansouBodyTrend *trend)
{
  if (trend == NULL)
    return;
  g_free (trend->round);
  g_free (trend->categories);
  g_free (trend);
}

void
bansou_question_trend_free (BansouQuestionTrend *trend)
{
  if (trend == NULL)
    return;
  g_free (trend->round);
  g_free (trend);
}

/* Index of @round in the survey's rounds (oldest first), or -1. */
static int
round_index (GListModel *rounds,
             const char *round)
{
  for (guint i = 0, n = g_list_model_get_n_items (rounds); i < n; i++)
    {
      g_autoptr(BansouRound) r = g_list_model_get_item (rounds, i);
      if (g_strcmp0 (bansou_round_get_id (r), round) == 0)
        return i;
    }
  return -1;
}

/**
 * bansou_score_body_history:
 *
 * One body's category and overall scores in every round, oldest first
 * (%BANSOU_NO_SCORE where nothing counted).
 *
 * Returns: (transfer full) (element-type BansouBodyTrend): the trend
 */
GPtrArray *
bansou_score_body_history (BansouSurvey  *survey,
                           const char    *body,
                           GError       **error)
{
  BansouCatalog *catalog;
  GListModel *rounds;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) trend = NULL;
  g_autofree BansouScore *scores = NULL;
  guint n_rounds, n_categories;
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (survey), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  catalog = bansou_survey_get_catalog (survey);
  rounds = bansou_survey_get_rounds (survey);
  n_rounds = g_list_model_get_n_items (rounds);
  n_categories = bansou_catalog_get_n_categories (catalog);
  scores = g_new0 (BansouScore, (gsize) n_rounds * (n_categories + 1));

  stmt = _bansou_store_prepare (bansou_survey_get_store (survey),
                                "SELECT round, question, status FROM answers WHERE body = ?1 ORDER BY round",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, body, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int r = round_index (rounds, _bansou_column_text (stmt, 0));
      BansouQuestion *q = bansou_catalog_lookup_question (catalog, _bansou_column_text (stmt, 1));
      BansouStatus status = bansou_status_from_string (_bansou_column_text (stmt, 2));

      if (r < 0 || q == NULL || status >= BANSOU_N_STATUSES)
        continue;
      bansou_score_add (&scores[(gsize) r * (n_categories + 1) + q->category->index], status);
      bansou_score_add (&scores[(gsize) r * (n_categories + 1) + n_categories], status);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (bansou_survey_get_store (survey), error, _("reading answers"));
      return NULL;
    }

  trend = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_body_trend_free);
  for (guint r = 0; r < n_rounds; r++)
    {
      g_autoptr(BansouRound) round = g_list_model_get_item (rounds, r);
      BansouBodyTrend *t = g_new0 (BansouBodyTrend, 1);

      t->round = g_strdup (bansou_round_get_id (round));
      t->n_categories = n_categories;
      t->categories = g_new0 (double, n_categories);
      for (guint c = 0; c < n_categories; c++)
        t->categories[c] = bansou_score_get_value (&scores[(gsize) r * (n_categories + 1) + c]);
      t->overall = bansou_score_get_value (&scores[(gsize) r * (n_categories + 1) + n_categories]);
      g_ptr_array_add (trend, t);
    }

  return g_steal_pointer (&trend);
}

/**
 * bansou_score_question_history:
 * @scope: (nullable): "34", "00" for the nation, or %NULL for the desk's scope
 *
 * The set's score and implementation rate on one question in every round,
 * oldest first, with the national baseline beside it.
 *
 * Returns: (transfer full) (element-type BansouQuestionTrend): the trend
 */
GPtrArray *
bansou_score_question_history (BansouSurvey  *survey,
                               const char    *scope,
                               const char    *question,
                               GError       **error)
{
  BansouCatalog *catalog;
  BansouQuestion *q;
  GListModel *rounds;
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) trend = NULL;
  g_autofree BansouScore *scores = NULL;
  guint n_rounds;
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (survey), NULL);

  catalog = bansou_survey_get_catalog (survey);
  if (!(q = bansou_catalog_lookup_question (catalog, question)))
    {
      g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_NOT_FOUND,
                   _("The catalog has no question “%s”"), question ? question : "");
      return NULL;
    }

  if (!(bodies = bansou_survey_list_bodies (survey, scope, error)))
    return NULL;
  members = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0, n = g_list_model_get_n_items (bodies); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      /* the list keeps the body, and so its code, alive */
      g_hash_table_add (members, (gpointer) bansou_body_get_code (body));
    }

  rounds = bansou_survey_get_rounds (survey);
  n_rounds = g_list_model_get_n_items (rounds);
  scores = g_new0 (BansouScore, MAX (n_rounds, 1));

  stmt = _bansou_store_prepare (bansou_survey_get_store (survey),
                                "SELECT round, body, status FROM answers WHERE question = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, question, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int r;
      BansouStatus status;

      if (!g_hash_table_contains (members, _bansou_column_text (stmt, 1)))
        continue;
      r = round_index (rounds, _bansou_column_text (stmt, 0));
      status = bansou_status_from_string (_bansou_column_text (stmt, 2));
      if (r >= 0 && status < BANSOU_N_STATUSES)
        bansou_score_add (&scores[r], status);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (bansou_survey_get_store (survey), error, _("reading answers"));
      return NULL;
    }

  trend = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_question_trend_free);
  for (guint r = 0; r < n_rounds; r++)
    {
      g_autoptr(BansouRound) round = g_list_model_get_item (rounds, r);
      BansouQuestionTrend *t = g_new0 (BansouQuestionTrend, 1);

      t->round = g_strdup (bansou_round_get_id (round));
      t->score = bansou_score_get_value (&scores[r]);
      t->rate = bansou_score_get_rate (&scores[r]);
      t->counted = scores[r].counted;
      t->baseline = bansou_question_get_round_baseline (bansou_survey_get_store (survey), t->round, q);
      g_ptr_array_add (trend, t);
    }

  return g_steal_pointer (&trend);
}
