/* bansou-report-data.c — what the report shows, loaded once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The report reads everything it needs up front (a few queries, about
 * 0.1 s for the whole nation) so that laying out and drawing pages never
 * touch the database: printing draws pages from the main loop.
 */
#define G_LOG_DOMAIN "bansou-report"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-registry.h"
#include "bansou-report-private.h"
#include "bansou-store-private.h"
#include "bansou-wareki.h"

static void
report_body_free (gpointer p)
{
  BansouReportBody *b = p;

  g_clear_object (&b->body);
  g_free (b->name);
  g_free (b->full_name);
  g_free (b->status);
  g_free (b->category_rate);
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
  g_free (data->question_rate);
  g_free (data->question_rate_prev);
  g_free (data->question_counts);
  g_free (data->category_rate);
  g_free (data->category_rate_prev);
  g_free (data->category_key_rate);
  g_free (data->category_baseline);
  g_free (data);
}

/* ------------------------------------------------------------------------ */

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
find_rounds (BansouStore       *store,
             BansouReportData  *data,
             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _bansou_store_prepare (store, "SELECT id FROM rounds WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->round_id, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        {
          _bansou_store_set_error (store, error, "rounds");
          return FALSE;
        }
      g_set_error (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_NO_ROUND,
                   _("There is no survey round “%s”"), data->round_id);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = _bansou_store_prepare (store, "SELECT id FROM rounds WHERE id < ?1 ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->round_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      data->previous_round_id = g_strdup (_bansou_column_text (stmt, 0));
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

static gboolean
load_bodies (BansouRegistry    *registry,
             BansouReportData  *data,
             GHashTable        *by_code,
             GError           **error)
{
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GHashTable) prefecture_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  BansouReportGroup *group = NULL;
  g_autofree char *group_pref = NULL;
  guint n;

  list = bansou_registry_list (registry, data->national ? NULL : data->scope, BANSOU_LIST_DEFAULT, error);
  if (list == NULL)
    return FALSE;

  if (data->national)
    {
      g_autoptr(GListModel) prefectures = bansou_registry_list_prefectures (registry, error);

      if (prefectures == NULL)
        return FALSE;
      for (guint i = 0, np = g_list_model_get_n_items (prefectures); i < np; i++)
        {
          g_autoptr(BansouBody) p = g_list_model_get_item (prefectures, i);
          g_hash_table_insert (prefecture_names,
                               g_strdup (bansou_body_get_prefecture (p)),
                               g_strdup (bansou_body_get_name (p)));
        }
    }

  n = g_list_model_get_n_items (list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (list, i);
      const char *pref = bansou_body_get_prefecture (body);
      BansouReportBody *b;

      /* Only bodies the detailed measures apply to answer the survey
       * (the rule of bansou_survey_list_bodies()). */
      if (!bansou_applicability_applies (bansou_body_get_applicability (body)))
        continue;

      /* The registry lists bodies by code: prefecture after prefecture. */
      if (group == NULL || (data->national && !g_str_equal (group_pref, pref)))
        {
          g_free (group_pref);
          group_pref = g_strdup (pref);
          group = g_new0 (BansouReportGroup, 1);
          if (data->national)
            {
              const char *name = g_hash_table_lookup (prefecture_names, pref);
              group->name = g_strdup (name ? name : pref);
            }
          else
            group->name = g_strdup (data->scope_name);
          group->first = data->bodies->len;
          g_ptr_array_add (data->groups, group);
        }

      b = g_new0 (BansouReportBody, 1);
      b->body = g_object_ref (body);
      b->name = g_strdup (bansou_body_get_name (body));
      b->full_name = data->national ? g_strconcat (group->name, b->name, NULL) : g_strdup (b->name);
      b->group = data->groups->len - 1;
      b->status = g_new0 (guint8, data->n_questions);
      b->category_rate = g_new (double, data->n_categories);
      b->rate = b->rate_prev = -1;
      group->n_bodies++;
      g_hash_table_insert (by_code, (gpointer) bansou_body_get_code (body), b);
      g_ptr_array_add (data->bodies, b);
    }

  return TRUE;
}

/* A dated question whose status was left empty: done when the date falls
 * within the question's period before the round's reference date. */
static BansouStatus
status_from_date (const char *round_id,
                  const char *done_on,
                  int         within_years)
{
  g_autoptr(GDate) round = bansou_date_parse_iso (round_id);
  g_autoptr(GDate) done = bansou_date_parse_iso (done_on);

  if (round == NULL || done == NULL || within_years <= 0)
    return BANSOU_STATUS_UNANSWERED;

  g_date_subtract_years (round, within_years);
  return g_date_compare (done, round) >= 0 ? BANSOU_STATUS_DONE : BANSOU_STATUS_NOT_DONE;
}

/* Fills @statuses (bodies × questions) for @round_id. */
static gboolean
load_answers (BansouStore       *store,
              BansouReportData  *data,
              GHashTable        *by_code,
              const char        *round_id,
              guint8            *statuses,
              GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) body_index = g_hash_table_new (g_direct_hash, g_direct_equal);
  int rc;

  for (guint i = 0; i < data->bodies->len; i++)
    g_hash_table_insert (body_index, g_ptr_array_index (data->bodies, i), GUINT_TO_POINTER (i));

  stmt = _bansou_store_prepare (store,
                                "SELECT a.body, a.question, a.status, a.done_on"
                                "  FROM answers a JOIN bodies b ON b.code = a.body"
                                " WHERE a.round = ?1 AND (?2 = '00' OR b.prefecture = ?2)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, round_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, data->scope, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouReportBody *b = g_hash_table_lookup (by_code, _bansou_column_text (stmt, 0));
      BansouQuestion *q;
      BansouStatus status;
      guint bi;

      if (b == NULL)
        continue;
      if (!(q = bansou_catalog_lookup_question (data->catalog, _bansou_column_text (stmt, 1))))
        continue;  /* a question of another catalog version */

      status = bansou_status_from_string (_bansou_column_text (stmt, 2));
      if (status >= BANSOU_N_STATUSES)
        continue;
      if (status == BANSOU_STATUS_UNANSWERED && q->answer_kind == BANSOU_ANSWER_KIND_STATUS_DATE)
        status = status_from_date (round_id, _bansou_column_text (stmt, 3), q->within_years);

      bi = GPOINTER_TO_UINT (g_hash_table_lookup (body_index, b));
      statuses[bi * data->n_questions + q->index] = status;
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, "answers");
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_progress (BansouStore       *store,
               BansouReportData  *data,
               GHashTable        *by_code,
               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _bansou_store_prepare (store, "SELECT body, state FROM progress WHERE round = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->round_id, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouReportBody *b = g_hash_table_lookup (by_code, _bansou_column_text (stmt, 0));
      BansouProgress p = bansou_progress_from_string (_bansou_column_text (stmt, 1));

      if (b != NULL && p < BANSOU_N_PROGRESS)
        b->progress = p;
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, "progress");
      return FALSE;
    }

  for (guint i = 0; i < data->bodies->len; i++)
    {
      BansouReportBody *b = g_ptr_array_index (data->bodies, i);
      data->progress_counts[b->progress]++;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Rates (the scoring rule is bansou_status_score(): 一部実施 counts half,
 * 対象外 and unanswered leave the denominator)                              */

static void
question_rates (BansouReportData *data,
                const guint8     *statuses,
                double           *rates,
                guint            *counts)
{
  guint nq = data->n_questions;
  g_autofree double *sum = g_new0 (double, nq);
  g_autofree guint *n = g_new0 (guint, nq);

  for (guint b = 0; b < data->bodies->len; b++)
    for (guint q = 0; q < nq; q++)
      {
        BansouStatus s = statuses[b * nq + q];
        double score = bansou_status_score (s);

        if (counts)
          counts[q * BANSOU_N_STATUSES + s]++;
        if (score >= 0)
          {
            sum[q] += score;
            n[q]++;
          }
      }

  for (guint q = 0; q < nq; q++)
    rates[q] = n[q] > 0 ? 100.0 * sum[q] / n[q] : -1;
}

/* The mean of the question rates in @category (NULL: all), only over key
 * questions (those with a national baseline) when @key_only. */
static double
mean_rate (BansouReportData *data,
           const double     *rates,
           BansouCategory   *category,
           gboolean          key_only)
{
  double sum = 0;
  guint n = 0;

  for (guint q = 0; q < data->n_questions; q++)
    {
      BansouQuestion *question = bansou_catalog_get_question (data->catalog, q);

      if (category != NULL && question->category != category)
        continue;
      if (key_only && question->baseline < 0)
        continue;
      if (rates[q] < 0)
        continue;
      sum += rates[q];
      n++;
    }

  return n > 0 ? sum / n : -1;
}

static double
mean_baseline (BansouReportData *data,
               BansouCategory   *category)
{
  double sum = 0;
  guint n = 0;

  for (guint q = 0; q < data->n_questions; q++)
    {
      BansouQuestion *question = bansou_catalog_get_question (data->catalog, q);

      if ((category == NULL || question->category == category) && question->baseline >= 0)
        {
          sum += question->baseline;
          n++;
        }
    }

  return n > 0 ? sum / n : -1;
}

/* A body's rates pool its answers: each question weighs the same. */
static void
body_rates (BansouReportData *data,
            BansouReportBody *b,
            const guint8     *status,
            gboolean          previous)
{
  g_autofree double *sum = g_new0 (double, data->n_categories);
  g_autofree guint *n = g_new0 (guint, data->n_categories);
  double total = 0;
  guint n_total = 0;

  for (guint q = 0; q < data->n_questions; q++)
    {
      BansouQuestion *question = bansou_catalog_get_question (data->catalog, q);
      double score = bansou_status_score (status[q]);

      if (score < 0)
        continue;
      sum[question->category->index] += score;
      n[question->category->index]++;
      total += score;
      n_total++;
    }

  if (previous)
    {
      b->rate_prev = n_total > 0 ? 100.0 * total / n_total : -1;
      return;
    }

  b->rate = n_total > 0 ? 100.0 * total / n_total : -1;
  for (guint c = 0; c < data->n_categories; c++)
    b->category_rate[c] = n[c] > 0 ? 100.0 * sum[c] / n[c] : -1;
}

static void
compute_rates (BansouReportData *data,
               const guint8     *previous)
{
  guint nq = data->n_questions;

  for (guint b = 0; b < data->bodies->len; b++)
    {
      BansouReportBody *body = g_ptr_array_index (data->bodies, b);

      for (guint q = 0; q < nq; q++)
        if (body->status[q] != BANSOU_STATUS_UNANSWERED)
          data->n_answered++;
      body_rates (data, body, body->status, FALSE);
      if (previous)
        body_rates (data, body, previous + b * nq, TRUE);
    }

  for (guint c = 0; c < data->n_categories; c++)
    {
      BansouCategory *category = bansou_catalog_get_category (data->catalog, c);

      data->category_rate[c] = mean_rate (data, data->question_rate, category, FALSE);
      data->category_key_rate[c] = mean_rate (data, data->question_rate, category, TRUE);
      data->category_baseline[c] = mean_baseline (data, category);
      data->category_rate_prev[c] = previous ? mean_rate (data, data->question_rate_prev, category, FALSE) : -1;
    }

  data->rate = mean_rate (data, data->question_rate, NULL, FALSE);
  data->key_rate = mean_rate (data, data->question_rate, NULL, TRUE);
  data->baseline = mean_baseline (data, NULL);
  data->rate_prev = previous ? mean_rate (data, data->question_rate_prev, NULL, FALSE) : -1;
  data->key_rate_prev = previous ? mean_rate (data, data->question_rate_prev, NULL, TRUE) : -1;
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
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint8 *statuses = NULL;
  g_autofree guint8 *previous = NULL;
  BansouReportData *data = g_new0 (BansouReportData, 1);
  guint nb, nq;

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

  if (!find_rounds (store, data, error) ||
      !scope_name (registry, data, error) ||
      !load_bodies (registry, data, by_code, error))
    goto fail;

  nb = data->bodies->len;
  statuses = g_new0 (guint8, MAX (nb, 1) * nq);
  if (!load_answers (store, data, by_code, data->round_id, statuses, error))
    goto fail;
  if (data->previous_round_id != NULL)
    {
      previous = g_new0 (guint8, MAX (nb, 1) * nq);
      if (!load_answers (store, data, by_code, data->previous_round_id, previous, error))
        goto fail;
    }
  if (!load_progress (store, data, by_code, error))
    goto fail;

  for (guint b = 0; b < nb; b++)
    {
      BansouReportBody *body = g_ptr_array_index (data->bodies, b);
      memcpy (body->status, statuses + b * nq, nq);
    }

  data->question_rate = g_new (double, nq);
  data->question_rate_prev = g_new (double, nq);
  data->question_counts = g_new0 (guint, nq * BANSOU_N_STATUSES);
  question_rates (data, statuses, data->question_rate, data->question_counts);
  if (previous)
    question_rates (data, previous, data->question_rate_prev, NULL);
  else
    for (guint q = 0; q < nq; q++)
      data->question_rate_prev[q] = -1;

  data->category_rate = g_new (double, data->n_categories);
  data->category_rate_prev = g_new (double, data->n_categories);
  data->category_key_rate = g_new (double, data->n_categories);
  data->category_baseline = g_new (double, data->n_categories);
  compute_rates (data, previous);

  return data;

fail:
  _bansou_report_data_free (data);
  return NULL;
}

static int
compare_weakness (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  BansouReportData *data = user_data;
  guint qa = *(const guint *) a, qb = *(const guint *) b;
  double ra = data->question_rate[qa], rb = data->question_rate[qb];

  if (ra != rb)
    return ra < rb ? -1 : 1;
  return (int) qa - (int) qb;
}

char *
_bansou_report_question_number (BansouReportData *data,
                                BansouQuestion   *question)
{
  return g_strdup_printf ("%u.%u", question->category->index + 1, data->question_position[question->index]);
}

/**
 * _bansou_report_weakest_questions:
 *
 * Returns: (transfer full) (element-type guint): up to @n questions with
 *   the lowest rate, weakest first; questions without answers are left out
 */
GArray *
_bansou_report_weakest_questions (BansouReportData *data,
                                  guint             n)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint q = 0; q < data->n_questions; q++)
    if (data->question_rate[q] >= 0)
      g_array_append_val (all, q);

  g_array_sort_with_data (all, compare_weakness, data);
  if (all->len > n)
    g_array_set_size (all, n);

  return all;
}
