/* test-demo.c — demo data: deterministic, calibrated to the baselines, consistent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The nationwide demo (1,741 bodies × 58 questions × 3 rounds) is made once
 * for the whole program; the other tests use a prefecture.
 */
#include "config.h"

#include <sqlite3.h>
#include <json-glib/json-glib.h>

#include "bansou-test-utils.h"

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })
#define LATEST BANSOU_DEMO_LATEST_ROUND

static struct {
  BansouStore   *store;
  BansouCatalog *catalog;
  BansouSurvey  *survey;
  char          *path;
} national;

static void
national_ensure (void)
{
  g_autoptr(GError) error = NULL;

  if (national.survey != NULL)
    return;

  national.store = bansou_test_open_store (&national.path);
  g_assert_true (bansou_store_set_setting (national.store, "prefecture", BANSOU_SCOPE_NATIONAL, &error));
  national.catalog = bansou_catalog_load_active (national.store, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_demo_generate (national.store, national.catalog, NULL, 3, 20251031, &error));
  g_assert_no_error (error);
  national.survey = bansou_survey_new (national.store, national.catalog, &error);
  g_assert_no_error (error);
}

static BansouSurvey *
prefecture_demo (const char *prefecture,
                 guint       n_rounds,
                 guint32     seed,
                 char      **checksum)
{
  g_autoptr(BansouStore) store = bansou_test_open_store (NULL);
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  BansouSurvey *survey;

  g_assert_true (bansou_store_set_setting (store, "prefecture", prefecture, &error));
  catalog = bansou_catalog_load_active (store, &error);
  g_assert_true (bansou_demo_generate (store, catalog, NULL, n_rounds, seed, &error));
  g_assert_no_error (error);
  survey = bansou_survey_new (store, catalog, &error);
  g_assert_no_error (error);
  if (checksum)
    {
      *checksum = bansou_survey_checksum (survey, NULL, &error);
      g_assert_no_error (error);
    }
  return survey;
}

/* ------------------------------------------------------------------------ */

static void
test_demo_deterministic (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autoptr(BansouSurvey) sa = prefecture_demo ("34", 3, 7, &a);
  g_autoptr(BansouSurvey) sb = prefecture_demo ("34", 3, 7, &b);
  g_autoptr(BansouSurvey) sc = prefecture_demo ("34", 3, 8, &c);

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
}

static void
test_demo_rounds (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) carried = NULL;
  g_autoptr(BansouProgressOverview) overview = NULL;
  GListModel *rounds;
  BansouRound *latest;
  const char *ids[] = { "2023-10-31", "2024-10-31", "2025-10-31" };
  guint n_assignees = 0;
  GHashTableIter iter;
  gpointer key;

  national_ensure ();
  g_assert_true (bansou_demo_exists (national.store));

  rounds = bansou_survey_get_rounds (national.survey);
  g_assert_cmpuint (g_list_model_get_n_items (rounds), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(BansouRound) r = g_list_model_get_item (rounds, i);

      g_assert_cmpstr (bansou_round_get_id (r), ==, ids[i]);
      g_assert_true (bansou_round_get_demo (r));
      g_assert_cmpstr (bansou_round_get_prefilled_from (r), ==, i > 0 ? ids[i - 1] : NULL);
    }
  latest = bansou_survey_get_latest_round (national.survey);
  g_assert_cmpstr (bansou_round_get_label (latest), ==, "令和7年10月末時点");

  /* The latest round looks prefilled: some bodies still hold carried answers. */
  carried = bansou_survey_count_unconfirmed (national.survey, LATEST, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (carried), >, 100);

  /* Progress in every state, with assignees and due dates. */
  overview = bansou_survey_get_overview (national.survey, LATEST, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overview->total, ==, 1741);
  for (guint s = 0; s < BANSOU_N_PROGRESS; s++)
    g_assert_cmpuint (overview->counts[s], >, 50);
  g_hash_table_iter_init (&iter, overview->by_assignee);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (*(const char *) key != '\0')
      n_assignees++;
  g_assert_cmpuint (n_assignees, >=, 10);
  g_assert_cmpuint (overview->overdue->len, >, 0);
}

static void
test_demo_calibration (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouScoreTable) table = NULL;

  national_ensure ();
  table = bansou_score_table_new_for_round (national.survey, LATEST, BANSOU_SCOPE_NATIONAL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bansou_answer_matrix_get_n_bodies (bansou_score_table_get_matrix (table)), ==, 1741);

  for (guint i = 0; i < bansou_catalog_get_n_questions (national.catalog); i++)
    {
      BansouQuestion *q = bansou_catalog_get_question (national.catalog, i);
      double rate = bansou_score_table_get_question_rate (table, i) * 100;
      const BansouScore *counts = bansou_score_table_get_question_counts (table, i);

      if (q->baseline >= 0)
        {
          g_test_message ("%-48s %5.1f %% (baseline %4.1f %%)", q->id, rate, q->baseline);
          g_assert_cmpfloat (rate, >=, q->baseline - 5);
          g_assert_cmpfloat (rate, <=, q->baseline + 5);
        }
      else
        {
          g_assert_cmpfloat (rate, >=, 25);
          g_assert_cmpfloat (rate, <=, 90);
        }
      /* every question has some answers that count */
      g_assert_cmpuint (counts->counted, >, 1000);
    }
}

static void
test_demo_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouScoreTable) table = NULL;
  g_autoptr(GListModel) bodies = NULL;
  double sum[BANSOU_BODY_N_KINDS] = { 0 };
  guint n[BANSOU_BODY_N_KINDS] = { 0 };
  double previous = -1;
  guint partial = 0, na = 0, notes = 0;
  BansouAnswerMatrix *m;

  national_ensure ();

  table = bansou_score_table_new_for_round (national.survey, LATEST, NULL, &error);
  g_assert_no_error (error);
  bodies = bansou_survey_list_bodies (national.survey, NULL, &error);
  m = bansou_score_table_get_matrix (table);
  for (guint b = 0; b < g_list_model_get_n_items (bodies); b++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, b);
      double v = bansou_score_table_get_body_overall (table, b);

      g_assert_cmpstr (bansou_body_get_code (body), ==, bansou_answer_matrix_get_body (m, b));
      if (v >= 0)
        {
          sum[bansou_body_get_kind (body)] += v;
          n[bansou_body_get_kind (body)]++;
        }
      for (guint q = 0; q < bansou_answer_matrix_get_n_questions (m); q++)
        {
          guint8 cell = bansou_answer_matrix_get_cell (m, b, q);

          partial += (cell & BANSOU_CELL_STATUS_MASK) == BANSOU_STATUS_PARTIAL;
          na += (cell & BANSOU_CELL_STATUS_MASK) == BANSOU_STATUS_NA;
          notes += (cell & BANSOU_CELL_HAS_NOTE) != 0;
        }
    }

#define MEAN(kind) (sum[kind] / n[kind])
  g_test_message ("designated %.3f, city %.3f, town %.3f, village %.3f",
                  MEAN (BANSOU_BODY_KIND_DESIGNATED_CITY), MEAN (BANSOU_BODY_KIND_CITY),
                  MEAN (BANSOU_BODY_KIND_TOWN), MEAN (BANSOU_BODY_KIND_VILLAGE));
  g_assert_cmpfloat (MEAN (BANSOU_BODY_KIND_DESIGNATED_CITY), >, MEAN (BANSOU_BODY_KIND_CITY));
  g_assert_cmpfloat (MEAN (BANSOU_BODY_KIND_CITY), >, MEAN (BANSOU_BODY_KIND_TOWN));
  g_assert_cmpfloat (MEAN (BANSOU_BODY_KIND_TOWN), >, MEAN (BANSOU_BODY_KIND_VILLAGE));
#undef MEAN
  g_assert_cmpuint (partial, >, 1000);
  g_assert_cmpuint (na, >, 100);
  g_assert_cmpuint (notes, >, 1000);

  /* Improving every round. */
  for (guint r = 0; r < 3; r++)
    {
      g_autoptr(BansouRound) round = g_list_model_get_item (bansou_survey_get_rounds (national.survey), r);
      g_autoptr(BansouScoreTable) t = bansou_score_table_new_for_round (national.survey, bansou_round_get_id (round),
                                                                        NULL, &error);
      double overall = bansou_score_table_get_overall_score (t);

      g_test_message ("%s: %.3f", bansou_round_get_id (round), overall);
      g_assert_cmpfloat (overall, >, previous);
      previous = overall;
    }
}

/* Every dated answer's status is the one its date gives, no date lies in
 * the future or after its round, and only dated questions have dates. */
static void
test_demo_dates_consistent (void)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_dated = 0;

  national_ensure ();
  g_assert_cmpint (sqlite3_open_v2 (national.path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT round, question, status, done_on FROM answers "
                                           "WHERE done_on IS NOT NULL", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *round = (const char *) sqlite3_column_text (stmt, 0);
      BansouQuestion *q = bansou_catalog_lookup_question (national.catalog, (const char *) sqlite3_column_text (stmt, 1));
      BansouStatus status = bansou_status_from_string ((const char *) sqlite3_column_text (stmt, 2));
      g_autoptr(GDate) ref = bansou_date_parse_iso (round);
      g_autoptr(GDate) date = bansou_date_parse_iso ((const char *) sqlite3_column_text (stmt, 3));

      g_assert_nonnull (q);
      g_assert_nonnull (date);
      g_assert_cmpint (q->answer_kind, ==, BANSOU_ANSWER_KIND_STATUS_DATE);
      g_assert_cmpint (g_date_compare (date, ref), <=, 0);
      g_assert_cmpint (status, ==, bansou_question_status_for_date (q, ref, date));
      n_dated++;
    }
  sqlite3_finalize (stmt);

  /* and no dated question was ticked done without a date */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM answers WHERE done_on IS NULL AND status = 'done' "
                                           "AND question IN ('technical.unauthorized_access.vuln_assessment', "
                                           "'human.training.incident_drill', 'review.audit.internal')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_cmpuint (n_dated, >, 10000);
}

static void
test_demo_remove (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouSurvey) survey = prefecture_demo ("34", 2, 1, NULL);
  BansouStore *store = bansou_survey_get_store (survey);
  BansouCatalog *catalog = bansou_survey_get_catalog (survey);
  g_autofree char *real_sum = NULL;
  g_autofree char *after = NULL;
  g_autofree char *again = NULL;
  g_autofree char *empty = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "", 0);

  /* A real round made while demo data exists is not prefilled from it. */
  g_assert_nonnull (bansou_survey_create_round (survey, "2026-10-31", NULL, TRUE, &error));
  g_assert_no_error (error);
  g_assert_null (bansou_round_get_prefilled_from (bansou_survey_lookup_round (survey, "2026-10-31")));
  bansou_survey_set_answer (survey, "2026-10-31", "342025", "org.responsibility.ciso", BANSOU_STATUS_DONE,
                            NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  real_sum = bansou_survey_checksum (survey, "2026-10-31", &error);

  /* Generating again replaces the demo rounds and leaves real ones alone. */
  g_assert_true (bansou_demo_generate (store, catalog, NULL, 3, 2, &error));
  g_assert_no_error (error);
  after = bansou_survey_checksum (survey, "2026-10-31", &error);
  g_assert_cmpstr (real_sum, ==, after);

  g_assert_true (bansou_demo_remove (store, &error));
  g_assert_no_error (error);
  g_assert_false (bansou_demo_exists (store));
  g_assert_true (bansou_survey_reload (survey, &error));
  g_assert_cmpuint (g_list_model_get_n_items (bansou_survey_get_rounds (survey)), ==, 1);
  again = bansou_survey_checksum (survey, "2026-10-31", &error);
  g_assert_cmpstr (real_sum, ==, again);
  g_clear_pointer (&again, g_free);
  again = bansou_survey_checksum (survey, "2025-10-31", &error);
  g_assert_cmpstr (again, ==, empty);

  /* Removing twice is fine; a real round on a demo date blocks demo data. */
  g_assert_true (bansou_demo_remove (store, &error));
  g_assert_nonnull (bansou_survey_create_round (survey, "2025-10-31", NULL, FALSE, &error));
  g_assert_false (bansou_demo_generate (store, catalog, NULL, 3, 2, &error));
  g_assert_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (bansou_demo_exists (store));
  g_assert_false (bansou_demo_generate (store, catalog, NULL, 0, 2, &error));
  g_assert_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID);
}

static void
test_ctl_demo (void)
{
  g_autofree char *db = bansou_test_db_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

#define RUN(...) bansou_test_run_ctl (db, CTL (__VA_ARGS__), &out, &err)
#define RESET() G_STMT_START { g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free); } G_STMT_END

  g_assert_cmpint (RUN ("demo"), ==, 1);   /* no prefecture yet */
  RESET ();
  g_assert_cmpint (RUN ("init", "--prefecture", "広島県"), ==, 0);
  RESET ();
  g_assert_cmpint (RUN ("demo", "--rounds", "0"), ==, 2);
  RESET ();
  g_assert_cmpint (RUN ("demo", "--rounds", "2", "--seed", "3"), ==, 0);
  g_assert_nonnull (strstr (out, "23 bodies"));
  RESET ();
  g_assert_cmpint (RUN ("rounds", "list", "--format", "csv"), ==, 0);
  g_assert_nonnull (strstr (out, "2025-10-31,令和7年10月末時点,2025,デモデータ,"));
  g_assert_nonnull (strstr (out, ",2024-10-31,1\r\n"));
  RESET ();

  g_assert_cmpint (RUN ("scores", "--format", "json"), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "bodies"), ==, 23);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "categories")), ==, 8);
  RESET ();
  g_assert_cmpint (RUN ("scores", "--round", "2024-10-31", "--questions", "--format", "csv"), ==, 0);
  g_assert_nonnull (strstr (out, "technical.unauthorized_access.vuln_assessment,"));
  RESET ();
  g_assert_cmpint (RUN ("scores"), ==, 0);
  g_assert_nonnull (strstr (out, "令和7年10月末時点"));
  RESET ();
  g_assert_cmpint (RUN ("scores", "--round", "1999-01-01"), ==, 1);
  RESET ();

  g_assert_cmpint (RUN ("demo", "--remove"), ==, 0);
  RESET ();
  g_assert_cmpint (RUN ("rounds", "list"), ==, 0);
  g_assert_cmpstr (out, ==, "");
  RESET ();

#undef RUN
#undef RESET
}

int
main (int   argc,
      char *argv[])
{
  int status;

  bansou_test_init (&argc, &argv);

  g_test_add_func ("/demo/deterministic", test_demo_deterministic);
  g_test_add_func ("/demo/rounds", test_demo_rounds);
  g_test_add_func ("/demo/calibration", test_demo_calibration);
  g_test_add_func ("/demo/shape", test_demo_shape);
  g_test_add_func ("/demo/dates-consistent", test_demo_dates_consistent);
  g_test_add_func ("/demo/remove", test_demo_remove);
  g_test_add_func ("/demo/ctl", test_ctl_demo);

  status = g_test_run ();

  g_clear_object (&national.survey);
  g_clear_object (&national.catalog);
  g_clear_object (&national.store);
  g_free (national.path);

  return status;
}
