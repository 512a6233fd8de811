/* bansou-report-data.c — what the report shows, loaded once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The report reads everything up front through the survey and score
 * modules (a few queries, about 0.1 s for the whole nation), so its
 * numbers are the ones the app and `bansouctl scores` show, and laying out
 * and drawing pages never touch the database: printing draws pages from
 * the main loop.
 */
#define G_LOG_DOMAIN "bansou-report"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-registry.h"
#include "bansou-report-private.h"
#include "bansou-score.h"
#include "bansou-survey.h"
#include "bansou-wareki.h"

static void
report_body_free (gpointer p)
{
  BansouReportBody *b = p;

  g_clear_object (&b->body);
  g_free (b->name);
  g_free (b->full_name);
  g_free (b->status);
  g_free (b->category_score);
  g_free (b);
}

static void
report_group_free (gpointer p)
{
  BansouReportGroup *g = p;

  g_free (g->name);
  g_free (g);
}

void
_bansou_report_data_free (BansouReportData *data)
{
  if (data == NULL)
    return;

  g_clear_object (&data->store);
  g_clear_object (&data->catalog);
  g_free (data->scope);
  g_free (data->scope_name);
  g_free (data->round_id);
  g_free (data->round_label);
  g_free (data->previous_round_id);
  g_free (data->previous_label);
  g_clear_pointer (&data->generated_at, g_date_time_unref);
  g_free (data->generated_label);
  g_clear_pointer (&data->bodies, g_ptr_array_unref);
  g_clear_pointer (&data->groups, g_ptr_array_unref);
  g_free (data->question_position);
  g_free (data->question_score);
  g_free (data->question_score_prev);
  g_free (data->question_rate);
  g_free (data->question_counts);
  g_free (data->category_score);
  g_free (data->category_score_prev);
  g_free (data->category_key_rate);
  g_free (data->category_baseline);
  g_free (data->question_baseline);
  g_free (data);
}

/* ------------------------------------------------------------------------ */

static double
percent (double fraction)
{
  return fraction < 0 ? -1 : 100.0 * fraction;
}

static char *
round_label (const char *round_id)
{
  g_autofree char *wareki = bansou_round_label (round_id);

  if (g_str_equal (wareki, round_id))
    return g_steal_pointer (&wareki);
  /* 令和7年10月末時点 (2025-10-31) */
  return g_strdup_printf ("%s (%s)", wareki, round_id);
}

static char *
generated_label (GDateTime *dt)
{
  g_autoptr(GDate) date = g_date_new_dmy (g_date_time_get_day_of_month (dt),
                                          g_date_time_get_month (dt),
                                          g_date_time_get_year (dt));
  g_autofree char *day = bansou_wareki_format_date (date);

  return g_strdup_printf ("%s %02d:%02d", day,
                          g_date_time_get_hour (dt), g_date_time_get_minute (dt));
}

static gboolean
find_rounds (BansouSurvey      *survey,
             BansouReportData  *data,
             GError           **error)
{
  BansouRound *previous;

  if (bansou_survey_lookup_round (survey, data->round_id) == NULL)
    {
      g_set_error (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_NO_ROUND,
                   _("There is no survey round “%s”"), data->round_id);
      return FALSE;
    }

  if ((previous = bansou_survey_get_previous_round (survey, data->round_id)))
    {
      data->previous_round_id = g_strdup (bansou_round_get_id (previous));
      data->previous_label = round_label (data->previous_round_id);
    }

  return TRUE;
}

static gboolean
scope_name (BansouRegistry    *registry,
            BansouReportData  *data,
            GError           **error)
{
  g_autoptr(BansouBody) prefecture = NULL;
  g_autoptr(GError) local_error = NULL;

  if (data->national)
    {
      data->scope_name = g_strdup (_("Nationwide"));
      return TRUE;
    }

  prefecture = bansou_registry_find_prefecture (registry, data->scope, &local_error);
  if (prefecture == NULL)
    {
      g_set_error (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_NO_SCOPE,
                   _("Unknown prefecture “%s”"), data->scope);
      return FALSE;
    }
  data->scope_name = g_strdup (bansou_body_get_name (prefecture));
  return TRUE;
}

/* The bodies that answer the survey, by code: prefecture after prefecture
 * for the nation. */
static gboolean
add_bodies (BansouRegistry    *registry,
            BansouReportData  *data,
            GListModel        *list,
            GError           **error)
{
  g_autoptr(GHashTable) prefecture_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *group_pref = NULL;
  BansouReportGroup *group = NULL;

  if (data->national)
    {
      g_autoptr(GListModel) prefectures = bansou_registry_list_prefectures (registry, error);

      if (prefectures == NULL)
        return FALSE;
      for (guint i = 0, n = g_list_model_get_n_items (prefectures); i < n; i++)
        {
          g_autoptr(BansouBody) p = g_list_model_get_item (prefectures, i);
          g_hash_table_insert (prefecture_names,
                               g_strdup (bansou_body_get_prefecture (p)),
                               g_strdup (bansou_body_get_name (p)));
        }
    }

  for (guint i = 0, n = g_list_model_get_n_items (list); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (list, i);
      const char *pref = bansou_body_get_prefecture (body);
      BansouReportBody *b;

      if (group == NULL || (data->national && !g_str_equal (group_pref, pref)))
        {
          const char *name = g_hash_table_lookup (prefecture_names, pref);

          g_free (group_pref);
          group_pref = g_strdup (pref);
          group = g_new0 (BansouReportGroup, 1);
          group->name = g_strdup (!data->national ? data->scope_name : name ? name : pref);
          group->first = data->bodies->len;
          g_ptr_array_add (data->groups, group);
        }

      b = g_new0 (BansouReportBody, 1);
      b->body = g_object_ref (body);
      b->name = g_strdup (bansou_body_get_name (body));
      b->full_name = data->national ? g_strconcat (group->name, b->name, NULL) : g_strdup (b->name);
      b->group = data->groups->len - 1;
      b->status = g_new0 (guint8, data->n_questions);
      b->category_score = g_new (double, data->n_categories);
      b->score = b->score_prev = -1;
      group->n_bodies++;
      g_ptr_array_add (data->bodies, b);
    }

  return TRUE;
}

static gboolean
load_progress (BansouSurvey      *survey,
               BansouReportData  *data,
               GError           **error)
{
  g_autoptr(GPtrArray) progress = bansou_survey_list_progress (survey, data->round_id, data->scope, error);
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);

  if (progress == NULL)
    return FALSE;

  for (guint i = 0; i < progress->len; i++)
    {
      BansouProgressInfo *info = g_ptr_array_index (progress, i);
      g_hash_table_insert (by_code, info->body, info);
    }

  for (guint i = 0; i < data->bodies->len; i++)
    {
      BansouReportBody *b = g_ptr_array_index (data->bodies, i);
      BansouProgressInfo *info = g_hash_table_lookup (by_code, bansou_body_get_code (b->body));

      b->progress = info ? info->state : BANSOU_PROGRESS_NOT_STARTED;
      data->progress_counts[b->progress]++;
    }

  return TRUE;
}

/* The mean of the implementation rates of the key questions, and of their
 * national baselines: the score module's rule for a category, over all. */
static void
overall_key_rate (BansouReportData *data,
                  BansouScoreTable *table,
                  double           *key_rate,
                  double           *baseline)
{
  double sum = 0, sum_baseline = 0;
  guint n = 0, n_baseline = 0;

  for (guint q = 0; q < data->n_questions; q++)
    {
      BansouQuestion *question = bansou_catalog_get_question (data->catalog, q);
      double rate;

      /* The key questions are the catalog's; their figure may be live. */
      if (question->baseline < 0)
        continue;
      if (data->question_baseline[q] >= 0)
        {
          sum_baseline += data->question_baseline[q];
          n_baseline++;
        }
      if (table && (rate = bansou_score_table_get_question_rate (table, q)) >= 0)
        {
          sum += rate;
          n++;
        }
    }

  if (key_rate)
    *key_rate = n > 0 ? 100.0 * sum / n : -1;
  if (baseline)
    *baseline = n_baseline > 0 ? sum_baseline / n_baseline : -1;
}

static void
fill_scores (BansouReportData *data,
             BansouScoreTable *now,
             BansouScoreTable *before)
{
  guint nq = data->n_questions;
  BansouAnswerMatrix *matrix = bansou_score_table_get_matrix (now);

  for (guint b = 0; b < data->bodies->len; b++)
    {
      BansouReportBody *body = g_ptr_array_index (data->bodies, b);

      for (guint q = 0; q < nq; q++)
        {
          body->status[q] = bansou_answer_matrix_get_status (matrix, b, q);
          if (body->status[q] != BANSOU_STATUS_UNANSWERED)
            data->n_answered++;
        }
      body->score = percent (bansou_score_table_get_body_overall (now, b));
      body->score_prev = before ? percent (bansou_score_table_get_body_overall (before, b)) : -1;
      for (guint c = 0; c < data->n_categories; c++)
        body->category_score[c] = percent (bansou_score_table_get_body_category (now, b, c));
    }

  data->question_score = g_new (double, nq);
  data->question_score_prev = g_new (double, nq);
  data->question_rate = g_new (double, nq);
  data->question_baseline = g_new (double, nq);
  data->question_counts = g_new0 (guint, nq * BANSOU_N_STATUSES);
  for (guint q = 0; q < nq; q++)
    {
      const BansouScore *counts = bansou_score_table_get_question_counts (now, q);

      data->question_score[q] = percent (bansou_score_table_get_question_score (now, q));
      data->question_score_prev[q] = before ? percent (bansou_score_table_get_question_score (before, q)) : -1;
      data->question_rate[q] = percent (bansou_score_table_get_question_rate (now, q));
      data->question_baseline[q] = percent (bansou_score_table_get_question_baseline (now, q));
      memcpy (data->question_counts + q * BANSOU_N_STATUSES, counts->n, sizeof counts->n);
    }

  data->category_score = g_new (double, data->n_categories);
  data->category_score_prev = g_new (double, data->n_categories);
  data->category_key_rate = g_new (double, data->n_categories);
  data->category_baseline = g_new (double, data->n_categories);
  for (guint c = 0; c < data->n_categories; c++)
    {
      data->category_score[c] = percent (bansou_score_table_get_category_score (now, c));
      data->category_score_prev[c] = before ? percent (bansou_score_table_get_category_score (before, c)) : -1;
      data->category_key_rate[c] = percent (bansou_score_table_get_category_key_rate (now, c));
      data->category_baseline[c] = percent (bansou_score_table_get_category_baseline (now, c));
    }

  data->score = percent (bansou_score_table_get_overall_score (now));
  data->score_prev = before ? percent (bansou_score_table_get_overall_score (before)) : -1;
  overall_key_rate (data, now, &data->key_rate, &data->baseline);
  data->key_rate_prev = -1;
  if (before)
    overall_key_rate (data, before, &data->key_rate_prev, NULL);

  for (guint q = 0; q < nq; q++)
    if (bansou_catalog_get_question (data->catalog, q)->baseline >= 0)
      data->n_key_questions++;
}

/* ------------------------------------------------------------------------ */

BansouReportData *
_bansou_report_data_load (BansouStore               *store,
                          BansouCatalog             *catalog,
                          const char                *scope,
                          const char                *round_id,
                          const BansouReportOptions *options,
                          GError                   **error)
{
  g_autoptr(BansouRegistry) registry = bansou_registry_new (store);
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(BansouAnswerMatrix) matrix = NULL;
  g_autoptr(BansouAnswerMatrix) previous = NULL;
  g_autoptr(BansouScoreTable) now = NULL;
  g_autoptr(BansouScoreTable) before = NULL;
  BansouReportData *data = g_new0 (BansouReportData, 1);
  guint nq;

  data->store = g_object_ref (store);
  data->catalog = g_object_ref (catalog);
  data->flags = options ? options->flags : 0;
  data->national = scope == NULL || g_str_equal (scope, BANSOU_SCOPE_NATIONAL);
  data->scope = g_strndup (data->national ? BANSOU_SCOPE_NATIONAL : scope, 2);
  data->round_id = g_strdup (round_id);
  data->round_label = round_label (round_id);
  data->generated_at = options && options->generated_at
                       ? g_date_time_ref (options->generated_at)
                       : g_date_time_new_now_local ();
  data->generated_label = generated_label (data->generated_at);
  data->bodies = g_ptr_array_new_with_free_func (report_body_free);
  data->groups = g_ptr_array_new_with_free_func (report_group_free);
  data->n_questions = nq = bansou_catalog_get_n_questions (catalog);
  data->n_categories = bansou_catalog_get_n_categories (catalog);
  data->question_position = g_new0 (guint, nq);
  for (guint c = 0; c < data->n_categories; c++)
    {
      BansouCategory *category = bansou_catalog_get_category (catalog, c);
      guint position = 1;

      for (guint m = 0; m < category->measures->len; m++)
        {
          BansouMeasure *measure = g_ptr_array_index (category->measures, m);

          for (guint q = 0; q < measure->questions->len; q++)
            data->question_position[((BansouQuestion *) g_ptr_array_index (measure->questions, q))->index] = position++;
        }
    }

  if (!scope_name (registry, data, error) ||
      !(survey = bansou_survey_new (store, catalog, error)) ||
      !find_rounds (survey, data, error) ||
      !(list = bansou_survey_list_bodies (survey, data->scope, error)) ||
      !add_bodies (registry, data, list, error) ||
      !(matrix = bansou_survey_load_matrix (survey, data->round_id, list, error)) ||
      (data->previous_round_id &&
       !(previous = bansou_survey_load_matrix (survey, data->previous_round_id, list, error))) ||
      !load_progress (survey, data, error))
    {
      _bansou_report_data_free (data);
      return NULL;
    }

  now = bansou_score_table_new (catalog, matrix);
  before = previous ? bansou_score_table_new (catalog, previous) : NULL;
  fill_scores (data, now, before);

  return data;
}

char *
_bansou_report_question_number (BansouReportData *data,
                                BansouQuestion   *question)
{
  return g_strdup_printf ("%u.%u", question->category->index + 1, data->question_position[question->index]);
}

static int
compare_weakness (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  BansouReportData *data = user_data;
  guint qa = *(const guint *) a, qb = *(const guint *) b;
  double sa = data->question_score[qa], sb = data->question_score[qb];

  if (sa != sb)
    return sa < sb ? -1 : 1;
  if (data->question_rate[qa] != data->question_rate[qb])
    return data->question_rate[qa] < data->question_rate[qb] ? -1 : 1;
  return (int) qa - (int) qb;
}

/**
 * _bansou_report_weakest_questions:
 *
 * Returns: (transfer full) (element-type guint): up to @n questions with
 *   the lowest score, weakest first; questions without answers are left out
 */
GArray *
_bansou_report_weakest_questions (BansouReportData *data,
                                  guint             n)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint q = 0; q < data->n_questions; q++)
    if (data->question_score[q] >= 0)
      g_array_append_val (all, q);

  g_array_sort_with_data (all, compare_weakness, data);
  if (all->len > n)
    g_array_set_size (all, n);

  return all;
}
