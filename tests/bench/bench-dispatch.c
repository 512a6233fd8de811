/* bench-dispatch.c — suggestions for a request over a year of visits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Prints figures, asserts nothing about time:
 *   meson test -C build --benchmark dispatch
 *
 * 200 experts with 3–8 skills each, the 1,741 municipalities, about
 * 10,000 visits from half a year ago to half a year ahead (scheduled
 * through bansou_dispatch_schedule_visit, its conflict check included),
 * then the suggestions for one request with three questions and a
 * four-week window (goal: under 50 ms), and the conflict check of one
 * visit. Medians of the runs.
 */
#include "config.h"

#include <stdio.h>

#include "bansou-test-utils.h"

#define RUNS      21
#define N_EXPERTS 200
#define N_VISITS  10000

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_double);
  return values[n / 2];
}

typedef struct
{
  BansouDispatch *dispatch;
  GListModel     *bodies;
  GPtrArray      *experts;
  GPtrArray      *questions;
  GRand          *rand;
  guint           n_scheduled;
} Fill;

static gboolean
fill_cb (BansouStore  *store,
         gpointer      user_data,
         GError      **error)
{
  Fill *f = user_data;
  BansouCalendar *calendar = bansou_dispatch_get_calendar (f->dispatch);
  g_autoptr(GDate) first = bansou_date_today ();
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  static const guint starts[] = { 9 * 60, 13 * 60 + 30 };

  g_date_subtract_days (first, 182);
  for (guint i = 0; i < 365; i++, g_date_add_days (first, 1))
    if (bansou_calendar_is_business_day (calendar, first, NULL))
      g_ptr_array_add (days, bansou_date_to_iso (first));

  while (f->n_scheduled < N_VISITS)
    {
      const char *expert = g_ptr_array_index (f->experts, g_rand_int_range (f->rand, 0, f->experts->len));
      const char *day = g_ptr_array_index (days, g_rand_int_range (f->rand, 0, days->len));
      guint slot = g_rand_int_range (f->rand, 0, 2);
      g_autofree char *key = g_strdup_printf ("%s %s %u", expert, day, slot);
      g_autoptr(BansouBody) body = g_list_model_get_item (f->bodies,
                                                          g_rand_int_range (f->rand, 0, g_list_model_get_n_items (f->bodies)));
      const char *qs[3] = { g_ptr_array_index (f->questions, g_rand_int_range (f->rand, 0, f->questions->len)),
                            g_ptr_array_index (f->questions, g_rand_int_range (f->rand, 0, f->questions->len)), NULL };
      BansouVisitSpec spec = { .expert = expert, .body = bansou_body_get_code (body), .day = day,
                               .start_min = starts[slot], .end_min = starts[slot] + 120, .questions = qs };
      g_autofree char *id = NULL;

      if (g_hash_table_contains (taken, key))
        continue;
      g_hash_table_add (taken, g_steal_pointer (&key));
      /* Caps and days a week are soft: accepted, as a busy desk would. */
      if (!(id = bansou_dispatch_schedule_visit (f->dispatch, &spec, "ベンチマーク", NULL, error)))
        return FALSE;
      f->n_scheduled++;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(BansouDispatch) dispatch = NULL;
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(GPtrArray) experts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GPtrArray) questions = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (1741);
  g_autoptr(GDate) from = bansou_date_today ();
  g_autofree char *from_iso = NULL;
  g_autofree char *until_iso = NULL;
  g_autofree char *request = NULL;
  double suggest_ms[RUNS], check_ms[RUNS];
  gint64 start;
  double fill_s;
  guint n_matched = 0;
  Fill fill = { 0 };

  bansou_test_init (&argc, &argv);
  store = bansou_test_open_store (NULL);
  g_assert_true (bansou_store_set_setting (store, "prefecture", "13", &error));
  /* The set-up only: the figures are of reads. */
  g_assert_true (bansou_store_exec (store, "PRAGMA synchronous = OFF", &error));
  registry = bansou_registry_new (store);
  catalog = bansou_catalog_load_active (store, &error);
  g_assert_no_error (error);
  survey = bansou_survey_new (store, catalog, &error);
  g_assert_no_error (error);
  dispatch = bansou_dispatch_new (survey, registry, NULL, &error);
  g_assert_no_error (error);
  bodies = bansou_registry_list (registry, NULL, BANSOU_LIST_MUNICIPALITIES_ONLY, &error);
  g_assert_no_error (error);

  for (guint c = 0; c < bansou_catalog_get_n_categories (catalog); c++)
    {
      BansouCategory *cat = bansou_catalog_get_category (catalog, c);
      for (guint m = 0; m < cat->measures->len; m++)
        g_ptr_array_add (targets, ((BansouMeasure *) g_ptr_array_index (cat->measures, m))->id);
    }
  for (guint q = 0; q < bansou_catalog_get_n_questions (catalog); q++)
    {
      g_ptr_array_add (targets, bansou_catalog_get_question (catalog, q)->id);
      g_ptr_array_add (questions, bansou_catalog_get_question (catalog, q)->id);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_EXPERTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("専門人材 %03u", i + 1);
      g_autofree char *cap = g_strdup_printf ("%d", g_rand_int_range (rand, 6, 16));
      const char *fields[] = { "contract-start", "nda-signed", "monthly-visits", "days-per-week", NULL };
      const char *values[] = { "2020-04-01", "2020-04-01", i % 2 ? cap : "", i % 3 ? "5" : "3", NULL };
      BansouExpertSkill skills[8];
      guint n_skills = g_rand_int_range (rand, 3, 9);
      char *id = bansou_dispatch_add_expert (dispatch, NULL, name, i % BANSOU_N_AFFILIATIONS, &error);

      g_assert_no_error (error);
      g_assert_true (bansou_dispatch_update_expert (dispatch, id, fields, values, &error));
      for (guint k = 0; k < n_skills; k++)
        {
          skills[k].target = g_ptr_array_index (targets, g_rand_int_range (rand, 0, targets->len));
          skills[k].level = g_rand_int_range (rand, 1, 4);
        }
      g_assert_true (bansou_dispatch_set_expert_skills (dispatch, id, skills, n_skills, &error));
      g_assert_no_error (error);
      g_ptr_array_add (experts, id);
    }

  fill.dispatch = dispatch;
  fill.bodies = bodies;
  fill.experts = experts;
  fill.questions = questions;
  fill.rand = rand;
  g_assert_true (bansou_store_transaction (store, fill_cb, &fill, &error));
  g_assert_no_error (error);
  fill_s = (g_get_monotonic_time () - start) / 1e6;

  g_date_add_days (from, 7);
  from_iso = bansou_date_to_iso (from);
  g_date_add_days (from, 27);
  until_iso = bansou_date_to_iso (from);
  {
    g_autoptr(BansouBody) body = g_list_model_get_item (bodies, 100);
    const char *qs[] = { g_ptr_array_index (questions, 3 % questions->len),
                         g_ptr_array_index (questions, 40 % questions->len),
                         g_ptr_array_index (questions, 77 % questions->len), NULL };
    BansouRequestSpec spec = { .body = bansou_body_get_code (body), .questions = qs,
                               .wanted_from = from_iso, .wanted_until = until_iso };
    request = bansou_dispatch_add_request (dispatch, &spec, &error);
    g_assert_no_error (error);
  }

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GPtrArray) list = NULL;
      g_autoptr(GPtrArray) conflicts = NULL;
      BansouVisitSpec spec = { .request = request, .expert = g_ptr_array_index (experts, r),
                               .day = from_iso, .start_min = 600, .end_min = 720 };

      start = g_get_monotonic_time ();
      list = bansou_dispatch_suggest (dispatch, request, 10, &error);
      suggest_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, 10);
      n_matched = ((BansouSuggestion *) g_ptr_array_index (list, 0))->matched;

      start = g_get_monotonic_time ();
      conflicts = bansou_dispatch_check_visit (dispatch, &spec, NULL, &error);
      check_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
    }

  printf ("Expert dispatch: %u experts, %u municipalities, %u visits in a year\n",
          N_EXPERTS, g_list_model_get_n_items (bodies), fill.n_scheduled);
  printf ("  setting up (experts, then every visit through schedule)  %8.1f s\n", fill_s);
  printf ("  suggestions for one request (3 questions, 4 weeks), median %6.2f ms  (goal < 50 ms; best match %u/3)\n",
          median (suggest_ms, RUNS), n_matched);
  printf ("  conflict check of one visit, median                      %8.3f ms\n", median (check_ms, RUNS));
  return 0;
}
