/* test-survey.c — catalog ids, rounds with prefill, answers, dated questions, progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "bansou-test-utils.h"

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })

#define KURE      "342025"   /* 呉市 */
#define HIROSHIMA "341002"   /* 広島市 */
#define FUCHU     "343021"   /* 府中町 */
#define CISO      "org.responsibility.ciso"
#define POLICY    "org.structure.policy"
#define VULN      "technical.unauthorized_access.vuln_assessment"
#define DRILL     "human.training.incident_drill"

static const struct {
  const char *id;
  double      baseline;
} key_questions[] = {
  { "org.responsibility.ciso", 95.8 },
  { "org.structure.policy", 98.9 },
  { "org.structure.csirt", 77.5 },
  { "asset.management.encryption", 25.0 },
  { "physical.servers.power_quake", 90.4 },
  { "physical.areas.entry_control", 95.3 },
  { "human.training.seminar", 90.7 },
  { "human.training.incident_drill", 44.3 },
  { "human.incident_reporting.internal", 90.3 },
  { "technical.systems.software_restriction", 88.7 },
  { "technical.development.selection_rules", 11.6 },
  { "technical.malware.pattern", 84.5 },
  { "technical.malware.unknown", 43.6 },
  { "technical.unauthorized_access.vuln_assessment", 20.2 },
  { "operation.monitoring.access_logs", 49.0 },
  { "review.audit.external", 19.7 },
};

typedef struct
{
  BansouStore   *store;
  BansouCatalog *catalog;
  BansouSurvey  *survey;
  char          *path;
  GPtrArray     *changes;   /* "round body question status" */
  GPtrArray     *progress;  /* "round body" */
} Fixture;

static void
answer_changed_cb (BansouSurvey *survey,
                   const char   *round,
                   const char   *body,
                   const char   *question,
                   guint         status,
                   Fixture      *f)
{
  g_ptr_array_add (f->changes, g_strdup_printf ("%s %s %s %s", round, body, question,
                                                bansou_status_to_string (status)));
}

static void
progress_changed_cb (BansouSurvey *survey,
                     const char   *round,
                     const char   *body,
                     Fixture      *f)
{
  g_ptr_array_add (f->progress, g_strdup_printf ("%s %s", round, body));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = bansou_test_open_store (&f->path);
  g_assert_true (bansou_store_set_setting (f->store, "prefecture", "34", &error));
  f->catalog = bansou_catalog_load_active (f->store, &error);
  g_assert_no_error (error);
  f->survey = bansou_survey_new (f->store, f->catalog, &error);
  g_assert_no_error (error);
  f->changes = g_ptr_array_new_with_free_func (g_free);
  f->progress = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->survey, "answer-changed", G_CALLBACK (answer_changed_cb), f);
  g_signal_connect (f->survey, "progress-changed", G_CALLBACK (progress_changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->survey);
  g_clear_object (&f->catalog);
  g_clear_object (&f->store);
  g_clear_pointer (&f->changes, g_ptr_array_unref);
  g_clear_pointer (&f->progress, g_ptr_array_unref);
  g_clear_pointer (&f->path, g_free);
}

static void
create_round (Fixture    *f,
              const char *id,
              gboolean    prefill)
{
  g_autoptr(GError) error = NULL;
  BansouRound *r = bansou_survey_create_round (f->survey, id, NULL, prefill, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
}

static void
set_answer (Fixture      *f,
            const char   *round,
            const char   *body,
            const char   *question,
            BansouStatus  status,
            const char   *done_on,
            const char   *note)
{
  g_autoptr(GError) error = NULL;

  bansou_survey_set_answer (f->survey, round, body, question, status, done_on, note, NULL, &error);
  g_assert_no_error (error);
}

static BansouStatus
status_of (Fixture    *f,
           const char *round,
           const char *body,
           const char *question)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouAnswer) a = bansou_survey_get_answer (f->survey, round, body, question, &error);

  g_assert_no_error (error);
  return a->status;
}

static char *
checksum (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *sum = bansou_survey_checksum (f->survey, NULL, &error);

  g_assert_no_error (error);
  return sum;
}

static guint
count_audit (Fixture    *f,
             const char *entity,
             const char *key,
             const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = bansou_store_list_audit (f->store, entity, key, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      BansouAuditEntry *e = g_ptr_array_index (entries, i);
      if (field == NULL || g_str_equal (e->field, field))
        {
          g_assert_cmpstr (e->actor, ==, "テスト担当");
          n++;
        }
    }
  return n;
}

/* ------------------------------------------------------------------------ */

static void
test_catalog_ids (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouCatalog) catalog = bansou_catalog_new_builtin (&error);
  g_autoptr(BansouStore) store = bansou_test_open_store (NULL);
  g_autoptr(BansouCatalog) active = NULL;
  g_autoptr(BansouCatalog) again = NULL;
  guint n_measures = 0, n_key = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (bansou_catalog_get_n_categories (catalog), ==, 8);
  g_assert_cmpuint (bansou_catalog_get_n_questions (catalog), ==, 58);
  for (guint c = 0; c < 8; c++)
    n_measures += bansou_catalog_get_category (catalog, c)->measures->len;
  g_assert_cmpuint (n_measures, ==, 29);

  for (guint i = 0; i < G_N_ELEMENTS (key_questions); i++)
    {
      BansouQuestion *q = bansou_catalog_lookup_question (catalog, key_questions[i].id);

      g_assert_nonnull (q);
      g_assert_true (q->key);
      g_assert_cmpfloat_with_epsilon (q->baseline, key_questions[i].baseline, 1e-9);
    }
  for (guint i = 0; i < bansou_catalog_get_n_questions (catalog); i++)
    {
      BansouQuestion *q = bansou_catalog_get_question (catalog, i);

      g_assert_cmpuint (q->index, ==, i);
      if (q->key)
        n_key++;
      if (q->baseline >= 0)
        g_assert_true (q->key);
    }
  g_assert_cmpuint (n_key, ==, G_N_ELEMENTS (key_questions));

  /* The dated questions the survey computes rather than ticks. */
  g_assert_cmpint (bansou_catalog_lookup_question (catalog, VULN)->answer_kind, ==, BANSOU_ANSWER_KIND_STATUS_DATE);
  g_assert_cmpint (bansou_catalog_lookup_question (catalog, VULN)->within_years, ==, 3);
  g_assert_cmpint (bansou_catalog_lookup_question (catalog, DRILL)->within_years, ==, 1);

  /* Installed once, read back the same from the database. */
  active = bansou_catalog_load_active (store, &error);
  g_assert_no_error (error);
  again = bansou_catalog_load_active (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bansou_catalog_get_version (active), ==, bansou_catalog_get_version (catalog));
  for (guint i = 0; i < bansou_catalog_get_n_questions (catalog); i++)
    g_assert_cmpstr (bansou_catalog_get_question (again, i)->id, ==, bansou_catalog_get_question (catalog, i)->id);
}

static void
test_rounds (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouSurvey) other = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  g_autoptr(GDate) date = NULL;
  GListModel *rounds = bansou_survey_get_rounds (f->survey);
  BansouRound *r;

  g_assert_null (bansou_survey_create_round (f->survey, "2025-13-01", NULL, TRUE, &error));
  g_assert_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (bansou_survey_create_round (f->survey, "令和7年10月末", NULL, TRUE, &error));
  g_assert_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID);
  g_clear_error (&error);

  r = bansou_survey_create_round (f->survey, "2025-10-31", "令和7年度調査", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bansou_round_get_id (r), ==, "2025-10-31");
  g_assert_cmpstr (bansou_round_get_label (r), ==, "令和7年10月末時点");
  g_assert_cmpint (bansou_round_get_fiscal_year (r), ==, 2025);
  g_assert_cmpstr (bansou_round_get_title (r), ==, "令和7年度調査");
  g_assert_cmpstr (bansou_round_get_catalog_version (r), ==, bansou_catalog_get_version (f->catalog));
  g_assert_null (bansou_round_get_prefilled_from (r));
  g_assert_false (bansou_round_get_demo (r));
  date = bansou_round_get_date (r);
  g_assert_cmpint (g_date_get_day (date), ==, 31);

  g_assert_null (bansou_survey_create_round (f->survey, "2025-10-31", NULL, TRUE, &error));
  g_assert_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_EXISTS);
  g_clear_error (&error);

  create_round (f, "2023-10-31", TRUE);
  create_round (f, "2024-10-31", TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (rounds), ==, 3);
  r = g_list_model_get_item (rounds, 0);
  g_assert_cmpstr (bansou_round_get_id (r), ==, "2023-10-31");
  g_object_unref (r);
  g_assert_cmpstr (bansou_round_get_id (bansou_survey_get_latest_round (f->survey)), ==, "2025-10-31");
  g_assert_cmpstr (bansou_round_get_id (bansou_survey_get_previous_round (f->survey, "2025-10-31")), ==, "2024-10-31");
  g_assert_null (bansou_survey_get_previous_round (f->survey, "2023-10-31"));

  /* Every body of the desk starts as not started. */
  progress = bansou_survey_list_progress (f->survey, "2025-10-31", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress->len, ==, 23);
  for (guint i = 0; i < progress->len; i++)
    {
      BansouProgressInfo *p = g_ptr_array_index (progress, i);
      g_assert_cmpint (p->state, ==, BANSOU_PROGRESS_NOT_STARTED);
      g_assert_true (p->stored);
    }
  g_assert_cmpuint (count_audit (f, "round", "2025-10-31", "created"), ==, 1);

  /* A second survey on the same store reads the same rounds. */
  other = bansou_survey_new (f->store, f->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (bansou_survey_get_rounds (other)), ==, 3);

  /* Deleting takes the answers and progress with it. */
  set_answer (f, "2024-10-31", KURE, CISO, BANSOU_STATUS_DONE, NULL, NULL);
  g_assert_true (bansou_survey_delete_round (f->survey, "2024-10-31", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rounds), ==, 2);
  g_assert_null (bansou_survey_get_answer (f->survey, "2024-10-31", KURE, CISO, &error));
  g_assert_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (bansou_survey_reload (f->survey, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rounds), ==, 2);
  g_assert_cmpuint (count_audit (f, "round", "2024-10-31", "deleted"), ==, 1);
  g_assert_false (bansou_survey_delete_round (f->survey, "2024-10-31", &error));
  g_assert_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_NOT_FOUND);
}

static void
test_prefill_and_confirm (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unconfirmed = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(BansouAnswer) ciso = NULL;
  g_autoptr(BansouAnswer) vuln = NULL;
  g_autoptr(BansouAnswer) drill = NULL;
  g_autoptr(BansouAnswerMatrix) matrix = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  BansouRound *r;
  guint n = 0;
  int row;

  create_round (f, "2024-10-31", TRUE);
  set_answer (f, "2024-10-31", KURE, CISO, BANSOU_STATUS_DONE, NULL, "副市長を任命");
  set_answer (f, "2024-10-31", KURE, POLICY, BANSOU_STATUS_PARTIAL, NULL, NULL);
  set_answer (f, "2024-10-31", KURE, VULN, BANSOU_STATUS_UNANSWERED, "2022-11-01", NULL);
  set_answer (f, "2024-10-31", KURE, DRILL, BANSOU_STATUS_DONE, "2024-06-01", NULL);
  set_answer (f, "2024-10-31", HIROSHIMA, CISO, BANSOU_STATUS_DONE, NULL, NULL);
  g_assert_cmpint (status_of (f, "2024-10-31", KURE, VULN), ==, BANSOU_STATUS_DONE);

  r = bansou_survey_create_round (f->survey, "2025-10-31", NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bansou_round_get_prefilled_from (r), ==, "2024-10-31");
  g_assert_cmpuint (count_audit (f, "round", "2025-10-31", "prefilled_from"), ==, 1);

  /* Everything is carried, notes too, and marked until someone looks. */
  ciso = bansou_survey_get_answer (f->survey, "2025-10-31", KURE, CISO, &error);
  g_assert_no_error (error);
  g_assert_true (ciso->carried);
  g_assert_true (ciso->stored);
  g_assert_cmpint (ciso->status, ==, BANSOU_STATUS_DONE);
  g_assert_cmpstr (ciso->note, ==, "副市長を任命");
  g_assert_cmpstr (ciso->updated_by, ==, "テスト担当");

  /* Dated answers are judged again against the new reference date:
   * 2022-11-01 is still within 3 years of 2025-10-31, a drill on
   * 2024-06-01 is no longer within 1 year. */
  vuln = bansou_survey_get_answer (f->survey, "2025-10-31", KURE, VULN, &error);
  g_assert_cmpint (vuln->status, ==, BANSOU_STATUS_DONE);
  g_assert_cmpstr (vuln->done_on, ==, "2022-11-01");
  drill = bansou_survey_get_answer (f->survey, "2025-10-31", KURE, DRILL, &error);
  g_assert_cmpint (drill->status, ==, BANSOU_STATUS_NOT_DONE);
  g_assert_cmpstr (drill->done_on, ==, "2024-06-01");
  g_assert_true (drill->carried);

  /* The editor's list of unconfirmed answers, in catalog order. */
  unconfirmed = bansou_survey_list_unconfirmed (f->survey, "2025-10-31", KURE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unconfirmed->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (unconfirmed, 0), ==, CISO);
  g_assert_cmpstr (g_ptr_array_index (unconfirmed, 1), ==, POLICY);
  g_assert_cmpstr (g_ptr_array_index (unconfirmed, 2), ==, DRILL);
  g_assert_cmpstr (g_ptr_array_index (unconfirmed, 3), ==, VULN);
  counts = bansou_survey_count_unconfirmed (f->survey, "2025-10-31", &error);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, KURE)), ==, 4);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, HIROSHIMA)), ==, 1);
  g_assert_false (g_hash_table_contains (counts, FUCHU));

  /* The heatmap's matrix shows the carried flag. */
  matrix = bansou_survey_load_matrix (f->survey, "2025-10-31", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bansou_answer_matrix_get_n_bodies (matrix), ==, 23);
  row = bansou_answer_matrix_find_body (matrix, KURE);
  g_assert_cmpint (row, >=, 0);
  g_assert_cmpint (bansou_answer_matrix_get_cell (matrix, row, 0), ==,
                   BANSOU_STATUS_DONE | BANSOU_CELL_CARRIED | BANSOU_CELL_HAS_NOTE);
  g_assert_cmpint (bansou_answer_matrix_get_status (matrix, row,
                                                    bansou_catalog_lookup_question (f->catalog, POLICY)->index),
                   ==, BANSOU_STATUS_PARTIAL);
  g_assert_cmpint (bansou_answer_matrix_find_body (matrix, "999999"), ==, -1);

  /* Confirming keeps the answer, clears the mark, records who. */
  g_ptr_array_set_size (f->changes, 0);
  g_ptr_array_set_size (f->progress, 0);
  g_assert_true (bansou_survey_confirm_answer (f->survey, "2025-10-31", KURE, CISO, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->changes, 0), ==, "2025-10-31 " KURE " " CISO " done");
  g_assert_cmpuint (count_audit (f, "answer", "2025-10-31/" KURE "/" CISO, "confirmed"), ==, 1);
  g_assert_cmpuint (count_audit (f, "answer", "2025-10-31/" KURE "/" CISO, "status"), ==, 0);
  /* …and moves the body from not started to answering. */
  g_assert_cmpuint (f->progress->len, ==, 1);
  {
    g_autoptr(BansouProgressInfo) p = bansou_survey_get_progress (f->survey, "2025-10-31", KURE, &error);
    g_assert_cmpint (p->state, ==, BANSOU_PROGRESS_ANSWERING);
  }

  /* Confirming again does nothing. */
  g_assert_true (bansou_survey_confirm_answer (f->survey, "2025-10-31", KURE, CISO, &error));
  g_assert_cmpuint (f->changes->len, ==, 1);

  /* Changing a carried answer confirms it too, with a line per field. */
  set_answer (f, "2025-10-31", KURE, POLICY, BANSOU_STATUS_DONE, NULL, "改定済み");
  g_assert_cmpuint (count_audit (f, "answer", "2025-10-31/" KURE "/" POLICY, "status"), ==, 1);
  g_assert_cmpuint (count_audit (f, "answer", "2025-10-31/" KURE "/" POLICY, "note"), ==, 1);
  g_assert_cmpuint (count_audit (f, "answer", "2025-10-31/" KURE "/" POLICY, NULL), ==, 2);

  /* Saving a carried answer unchanged, from the editor, is a confirmation. */
  set_answer (f, "2025-10-31", KURE, VULN, BANSOU_STATUS_UNANSWERED, "2022-11-01", NULL);
  g_assert_cmpuint (count_audit (f, "answer", "2025-10-31/" KURE "/" VULN, "confirmed"), ==, 1);

  after = bansou_survey_list_unconfirmed (f->survey, "2025-10-31", KURE, &error);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (after, 0), ==, DRILL);

  g_assert_true (bansou_survey_confirm_all (f->survey, "2025-10-31", KURE, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = bansou_survey_list_unconfirmed (f->survey, "2025-10-31", KURE, &error);
  g_assert_cmpuint (after->len, ==, 0);

  /* The previous round is untouched. */
  g_assert_cmpint (status_of (f, "2024-10-31", KURE, POLICY), ==, BANSOU_STATUS_PARTIAL);

  /* All answers of a body: one per question, in catalog order. */
  answers = bansou_survey_list_answers (f->survey, "2025-10-31", KURE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (answers->len, ==, 58);
  g_assert_cmpstr (((BansouAnswer *) g_ptr_array_index (answers, 0))->question, ==, CISO);
  g_assert_false (((BansouAnswer *) g_ptr_array_index (answers, 1))->stored);

  /* Without prefill, nothing is carried. */
  r = bansou_survey_create_round (f->survey, "2026-10-31", NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (bansou_round_get_prefilled_from (r));
  g_assert_cmpint (status_of (f, "2026-10-31", KURE, CISO), ==, BANSOU_STATUS_UNANSWERED);
}

static void
test_answer_validation (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *tomorrow = NULL;
  g_autofree char *today = NULL;
  g_autofree char *long_note = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next = g_date_time_add_days (now, 1);

  create_round (f, "2025-10-31", TRUE);
  create_round (f, "2099-10-31", TRUE);
  set_answer (f, "2025-10-31", KURE, CISO, BANSOU_STATUS_DONE, NULL, NULL);
  before = checksum (f);
  g_ptr_array_set_size (f->changes, 0);
  g_ptr_array_set_size (f->progress, 0);
  tomorrow = g_date_time_format (next, "%Y-%m-%d");
  long_note = g_strnfill (BANSOU_NOTE_MAX_CHARS + 1, 'x');

#define REFUSE(round, body, question, status, date, note, code) \
  G_STMT_START { \
    g_assert_false (bansou_survey_set_answer (f->survey, round, body, question, status, date, note, NULL, &error)); \
    g_assert_error (error, BANSOU_SURVEY_ERROR, code); \
    g_test_message ("refused: %s", error->message); \
    g_clear_error (&error); \
  } G_STMT_END

  REFUSE ("2025-10-31", KURE, "org.no_such_question", BANSOU_STATUS_DONE, NULL, NULL, BANSOU_SURVEY_ERROR_NOT_FOUND);
  REFUSE ("2025-10-31", "999999", CISO, BANSOU_STATUS_DONE, NULL, NULL, BANSOU_SURVEY_ERROR_NOT_FOUND);
  REFUSE ("2020-10-31", KURE, CISO, BANSOU_STATUS_DONE, NULL, NULL, BANSOU_SURVEY_ERROR_NOT_FOUND);
  REFUSE ("2099-10-31", KURE, CISO, BANSOU_STATUS_DONE, tomorrow, NULL, BANSOU_SURVEY_ERROR_INVALID);
  REFUSE ("2025-10-31", KURE, CISO, BANSOU_STATUS_DONE, "2025-11-01", NULL, BANSOU_SURVEY_ERROR_INVALID);
  REFUSE ("2025-10-31", KURE, CISO, BANSOU_STATUS_DONE, "2025/10/01", NULL, BANSOU_SURVEY_ERROR_INVALID);
  REFUSE ("2025-10-31", KURE, CISO, BANSOU_STATUS_DONE, NULL, long_note, BANSOU_SURVEY_ERROR_INVALID);
  REFUSE ("2025-10-31", KURE, CISO, BANSOU_N_STATUSES, NULL, NULL, BANSOU_SURVEY_ERROR_INVALID);
  /* dated questions are never ticked by hand */
  REFUSE ("2025-10-31", KURE, VULN, BANSOU_STATUS_DONE, NULL, NULL, BANSOU_SURVEY_ERROR_INVALID);
  REFUSE ("2025-10-31", KURE, VULN, BANSOU_STATUS_PARTIAL, NULL, NULL, BANSOU_SURVEY_ERROR_INVALID);
  REFUSE ("2025-10-31", KURE, VULN, BANSOU_STATUS_DONE, "2020-01-01", NULL, BANSOU_SURVEY_ERROR_INVALID);
  REFUSE ("2025-10-31", KURE, VULN, BANSOU_STATUS_NA, "2025-01-01", NULL, BANSOU_SURVEY_ERROR_INVALID);

#undef REFUSE

  after = checksum (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_cmpuint (f->progress->len, ==, 0);

  /* Allowed: a date today, not-done or n/a without a date, partial on an
   * undated question. */
  today = g_date_time_format (now, "%Y-%m-%d");
  set_answer (f, "2099-10-31", KURE, CISO, BANSOU_STATUS_DONE, today, NULL);
  set_answer (f, "2025-10-31", KURE, VULN, BANSOU_STATUS_NOT_DONE, NULL, NULL);
  set_answer (f, "2025-10-31", FUCHU, VULN, BANSOU_STATUS_NA, NULL, "該当システムなし");
  set_answer (f, "2025-10-31", FUCHU, CISO, BANSOU_STATUS_PARTIAL, NULL, NULL);
  g_assert_cmpuint (f->changes->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (f->changes, 2), ==, "2025-10-31 " FUCHU " " VULN " na");

  /* Setting the same answer again writes nothing and says nothing. */
  set_answer (f, "2025-10-31", FUCHU, CISO, BANSOU_STATUS_PARTIAL, NULL, NULL);
  g_assert_cmpuint (f->changes->len, ==, 4);
  g_assert_cmpuint (count_audit (f, "answer", "2025-10-31/" FUCHU "/" CISO, NULL), ==, 1);

  /* NULL note keeps the note; "" clears it. */
  set_answer (f, "2025-10-31", FUCHU, VULN, BANSOU_STATUS_NA, NULL, NULL);
  {
    g_autoptr(BansouAnswer) a = bansou_survey_get_answer (f->survey, "2025-10-31", FUCHU, VULN, &error);
    g_assert_cmpstr (a->note, ==, "該当システムなし");
  }
  set_answer (f, "2025-10-31", FUCHU, VULN, BANSOU_STATUS_NA, NULL, "");
  {
    g_autoptr(BansouAnswer) a = bansou_survey_get_answer (f->survey, "2025-10-31", FUCHU, VULN, &error);
    g_assert_cmpstr (a->note, ==, "");
  }
}

static void
test_dated_boundary (Fixture       *f,
                     gconstpointer  data)
{
  BansouQuestion *vuln = bansou_catalog_lookup_question (f->catalog, VULN);
  BansouQuestion *ciso = bansou_catalog_lookup_question (f->catalog, CISO);
  g_autoptr(GDate) ref = bansou_date_parse_iso ("2025-10-31");
  g_autoptr(GDate) leap = bansou_date_parse_iso ("2028-02-29");

#define DATED(q, reference, iso, expected) \
  G_STMT_START { \
    g_autoptr(GDate) d_ = bansou_date_parse_iso (iso); \
    g_assert_cmpint (bansou_question_status_for_date (q, reference, d_), ==, expected); \
  } G_STMT_END

  DATED (vuln, ref, "2022-10-31", BANSOU_STATUS_DONE);      /* exactly 3 years */
  DATED (vuln, ref, "2022-10-30", BANSOU_STATUS_NOT_DONE);  /* one day more */
  DATED (vuln, ref, "2025-10-31", BANSOU_STATUS_DONE);
  DATED (vuln, leap, "2025-02-28", BANSOU_STATUS_DONE);     /* 29 Feb less 3 years */
  DATED (vuln, leap, "2025-02-27", BANSOU_STATUS_NOT_DONE);
  DATED (ciso, ref, "2025-01-01", BANSOU_STATUS_UNANSWERED); /* not a dated question */
  g_assert_cmpint (bansou_question_status_for_date (vuln, ref, NULL), ==, BANSOU_STATUS_UNANSWERED);

#undef DATED

  create_round (f, "2025-10-31", TRUE);
  set_answer (f, "2025-10-31", KURE, VULN, BANSOU_STATUS_UNANSWERED, "2022-10-31", NULL);
  g_assert_cmpint (status_of (f, "2025-10-31", KURE, VULN), ==, BANSOU_STATUS_DONE);
  set_answer (f, "2025-10-31", KURE, VULN, BANSOU_STATUS_NOT_DONE, "2022-10-30", NULL);
  g_assert_cmpint (status_of (f, "2025-10-31", KURE, VULN), ==, BANSOU_STATUS_NOT_DONE);
  set_answer (f, "2025-10-31", KURE, DRILL, BANSOU_STATUS_DONE, "2024-10-31", NULL);
  g_assert_cmpint (status_of (f, "2025-10-31", KURE, DRILL), ==, BANSOU_STATUS_DONE);
  set_answer (f, "2025-10-31", KURE, DRILL, BANSOU_STATUS_UNANSWERED, "2024-10-30", NULL);
  g_assert_cmpint (status_of (f, "2025-10-31", KURE, DRILL), ==, BANSOU_STATUS_NOT_DONE);
  g_assert_cmpint (bansou_survey_compute_status (f->survey, "2025-10-31", VULN, "2023-04-01"), ==, BANSOU_STATUS_DONE);
  g_assert_cmpint (bansou_survey_compute_status (f->survey, "2025-10-31", VULN, "2019-04-01"), ==, BANSOU_STATUS_NOT_DONE);
  g_assert_cmpint (bansou_survey_compute_status (f->survey, "2025-10-31", CISO, "2019-04-01"), ==, BANSOU_STATUS_UNANSWERED);
}

static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  static const BansouProgress NS = BANSOU_PROGRESS_NOT_STARTED, A = BANSOU_PROGRESS_ANSWERING,
                              R = BANSOU_PROGRESS_REVIEW, F = BANSOU_PROGRESS_FINAL;
  static const struct {
    BansouProgress from, to;
    gboolean       allowed;
  } table[] = {
    { NS, A, TRUE }, { A, R, TRUE }, { R, A, TRUE }, { R, F, TRUE }, { F, A, TRUE },
    { NS, R, FALSE }, { NS, F, FALSE }, { A, NS, FALSE }, { A, F, FALSE }, { R, NS, FALSE },
    { F, NS, FALSE }, { F, R, FALSE }, { A, A, TRUE },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouProgressOverview) overview = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday_dt = g_date_time_add_days (now, -1);
  g_autofree char *yesterday = g_date_time_format (yesterday_dt, "%Y-%m-%d");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *bodies[] = { HIROSHIMA, FUCHU, NULL };
  guint *counts;

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    g_assert_cmpint (bansou_progress_can_change (table[i].from, table[i].to), ==, table[i].allowed);

  create_round (f, "2025-10-31", TRUE);

#define STATE(body) \
  ({ g_autoptr(BansouProgressInfo) p_ = bansou_survey_get_progress (f->survey, "2025-10-31", body, NULL); \
     p_->state; })
#define MOVE(body, to, reason) \
  bansou_survey_set_progress_state (f->survey, "2025-10-31", body, to, reason, &error)

  /* Refused steps change nothing. */
  g_assert_false (MOVE (KURE, R, NULL));
  g_assert_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_false (MOVE (KURE, F, NULL));
  g_clear_error (&error);
  g_assert_cmpint (STATE (KURE), ==, NS);
  g_assert_cmpuint (f->progress->len, ==, 0);

  /* Setting an answer starts the body. */
  set_answer (f, "2025-10-31", KURE, CISO, BANSOU_STATUS_DONE, NULL, NULL);
  g_assert_cmpint (STATE (KURE), ==, A);
  g_assert_cmpuint (f->progress->len, ==, 1);
  g_assert_cmpuint (count_audit (f, "progress", "2025-10-31/" KURE, "state"), ==, 1);

  g_assert_true (MOVE (KURE, R, NULL));
  g_assert_false (MOVE (KURE, NS, NULL));
  g_clear_error (&error);
  g_assert_true (MOVE (KURE, A, "根拠資料の添付漏れ"));   /* sent back */
  g_assert_true (MOVE (KURE, R, NULL));
  g_assert_true (MOVE (KURE, F, NULL));
  g_assert_cmpint (STATE (KURE), ==, F);
  g_assert_false (MOVE (KURE, R, NULL));
  g_clear_error (&error);

  /* Reopening needs a reason, which the audit trail keeps. */
  g_assert_false (MOVE (KURE, A, NULL));
  g_assert_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_false (MOVE (KURE, A, "  "));
  g_clear_error (&error);
  g_assert_true (MOVE (KURE, A, "監査指摘により再確認"));
  g_assert_no_error (error);
  g_assert_cmpint (STATE (KURE), ==, A);
  g_assert_cmpuint (count_audit (f, "progress", "2025-10-31/" KURE, "reason"), ==, 2);
  g_assert_cmpuint (count_audit (f, "progress", "2025-10-31/" KURE, "state"), ==, 6);

  /* Assignee and due date, several bodies at once. */
  g_assert_true (bansou_survey_assign (f->survey, "2025-10-31", bodies, "佐藤 美咲", yesterday, &error));
  g_assert_no_error (error);
  g_assert_true (bansou_survey_update_progress (f->survey, "2025-10-31", KURE, BANSOU_N_PROGRESS, NULL,
                                                "田中 大輔", "2099-01-31", &error));
  g_assert_true (bansou_survey_update_progress (f->survey, "2025-10-31", HIROSHIMA, A, NULL, NULL, NULL, &error));
  g_assert_cmpuint (count_audit (f, "progress", "2025-10-31/" FUCHU, "assignee"), ==, 1);
  g_assert_cmpuint (count_audit (f, "progress", "2025-10-31/" FUCHU, "due"), ==, 1);

  /* Bad values, unknown rounds and bodies are refused whole. */
  before = checksum (f);
  g_assert_false (bansou_survey_update_progress (f->survey, "2025-10-31", KURE, BANSOU_N_PROGRESS, NULL,
                                                 NULL, "2025-02-30", &error));
  g_assert_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID);
  g_clear_error (&error);
  {
    const char *with_unknown[] = { FUCHU, "999999", NULL };
    g_assert_false (bansou_survey_assign (f->survey, "2025-10-31", with_unknown, "誰か", NULL, &error));
    g_assert_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    g_autoptr(BansouProgressInfo) p = bansou_survey_get_progress (f->survey, "2025-10-31", FUCHU, &error);
    g_assert_cmpstr (p->assignee, ==, "佐藤 美咲");
    g_assert_cmpstr (p->due, ==, yesterday);
  }
  after = checksum (f);
  g_assert_cmpstr (before, ==, after);

  overview = bansou_survey_get_overview (f->survey, "2025-10-31", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overview->total, ==, 23);
  g_assert_cmpuint (overview->counts[NS], ==, 21);
  g_assert_cmpuint (overview->counts[A], ==, 2);
  g_assert_cmpuint (overview->counts[R], ==, 0);
  g_assert_cmpuint (overview->counts[F], ==, 0);
  /* overdue: due yesterday and not final */
  g_assert_cmpuint (overview->overdue->len, ==, 2);
  g_assert_cmpstr (((BansouProgressInfo *) g_ptr_array_index (overview->overdue, 0))->body, ==, HIROSHIMA);
  counts = g_hash_table_lookup (overview->by_assignee, "佐藤 美咲");
  g_assert_nonnull (counts);
  g_assert_cmpuint (counts[NS], ==, 1);
  g_assert_cmpuint (counts[A], ==, 1);
  counts = g_hash_table_lookup (overview->by_assignee, "");
  g_assert_cmpuint (counts[NS], ==, 20);

#undef STATE
#undef MOVE
}

static void
test_ctl_round_trip (void)
{
  g_autofree char *db = bansou_test_db_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

#define RUN(...) bansou_test_run_ctl (db, CTL (__VA_ARGS__), &out, &err)
#define RESET() G_STMT_START { g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free); } G_STMT_END

  g_assert_cmpint (RUN ("rounds", "create", "2025-10-31"), ==, 1);
  g_assert_nonnull (strstr (err, "init"));
  RESET ();
  g_assert_cmpint (RUN ("init", "--prefecture", "広島県"), ==, 0);
  RESET ();
  g_assert_cmpint (RUN ("rounds", "create", "2024-10-31", "--title", "前回"), ==, 0);
  RESET ();
  g_assert_cmpint (RUN ("answers", "set", "2024-10-31", KURE, CISO, "done", "--note", "任命済み"), ==, 0);
  RESET ();
  g_assert_cmpint (RUN ("answers", "set", "2024-10-31", KURE, VULN, "auto", "--date", "令和5年4月1日"), ==, 0);
  g_assert_nonnull (strstr (out, "2023-04-01"));
  RESET ();
  g_assert_cmpint (RUN ("answers", "set", "2024-10-31", KURE, VULN, "done"), ==, 1);
  g_assert_cmpuint (strchr (err, '\n') - err + 1, ==, strlen (err));  /* one line */
  RESET ();
  g_assert_cmpint (RUN ("answers", "set", "2024-10-31", KURE, CISO, "maybe"), ==, 2);
  RESET ();
  g_assert_cmpint (RUN ("rounds", "create", "2025-10-31"), ==, 0);
  g_assert_nonnull (strstr (out, "2 answers"));
  RESET ();
  g_assert_cmpint (RUN ("rounds", "create", "2025-10-31"), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  RESET ();
  g_assert_cmpint (RUN ("rounds", "create", "2025-02-30"), ==, 1);
  RESET ();

  g_assert_cmpint (RUN ("rounds", "list", "--format", "json"), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "label"), ==,
                   "令和7年10月末時点");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "prefilled_from"), ==,
                   "2024-10-31");
  RESET ();
  g_assert_cmpint (RUN ("rounds", "list", "--format", "csv"), ==, 0);
  g_assert_true (g_str_has_prefix (out, "id,label,fiscal_year"));
  RESET ();
  g_assert_cmpint (RUN ("rounds", "list"), ==, 0);
  g_assert_nonnull (strstr (out, "令和6年度"));
  RESET ();

  g_assert_cmpint (RUN ("answers", "show", "2025-10-31", KURE), ==, 0);
  g_assert_nonnull (strstr (out, CISO));
  RESET ();
  g_assert_cmpint (RUN ("answers", "confirm", "2025-10-31", KURE), ==, 0);
  g_assert_nonnull (strstr (out, "2 answers confirmed"));
  RESET ();

  g_assert_cmpint (RUN ("progress", "set", "2025-10-31", KURE, "review", "--assignee", "佐藤 美咲",
                        "--due", "2026/1/30"), ==, 0);
  g_assert_nonnull (strstr (out, "2026-01-30"));
  RESET ();
  g_assert_cmpint (RUN ("progress", "set", "2025-10-31", FUCHU, "final"), ==, 1);
  RESET ();
  g_assert_cmpint (RUN ("progress", "list", "--round", "2025-10-31", "--format", "csv"), ==, 0);
  g_assert_nonnull (strstr (out, KURE ",呉市,review,佐藤 美咲,2026-01-30"));
  RESET ();
  g_assert_cmpint (RUN ("progress", "list"), ==, 0);
  RESET ();

  g_assert_cmpint (RUN ("rounds", "delete", "2024-10-31"), ==, 2);
  RESET ();
  g_assert_cmpint (RUN ("rounds", "delete", "2024-10-31", "--yes"), ==, 0);
  RESET ();
  g_assert_cmpint (RUN ("rounds", "--help"), ==, 0);
  RESET ();

#undef RUN
#undef RESET
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/survey/catalog-ids", test_catalog_ids);
  g_test_add ("/survey/rounds", Fixture, NULL, fixture_set_up, test_rounds, fixture_tear_down);
  g_test_add ("/survey/prefill-and-confirm", Fixture, NULL, fixture_set_up, test_prefill_and_confirm,
              fixture_tear_down);
  g_test_add ("/survey/answer-validation", Fixture, NULL, fixture_set_up, test_answer_validation,
              fixture_tear_down);
  g_test_add ("/survey/dated-boundary", Fixture, NULL, fixture_set_up, test_dated_boundary, fixture_tear_down);
  g_test_add ("/survey/progress", Fixture, NULL, fixture_set_up, test_progress, fixture_tear_down);
  g_test_add_func ("/survey/ctl-round-trip", test_ctl_round_trip);

  return g_test_run ();
}
