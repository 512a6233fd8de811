/* test-support.c — the effect of support (支援効果) on hand-made answers,
 * with the numbers worked out by hand; bansouctl support effect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "bansou-store-sql.h"
#include "bansou-support-effect.h"
#include "bansou-test-utils.h"

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })
#define EPS 1e-9

#define R0 "2024-10-31"
#define R1 "2025-10-31"
#define Q  "org.structure.csirt"
#define Q2 "org.structure.policy"
#define Q3 "org.other.adviser"

#define E1 "0b5d2e1c-0000-4000-8000-000000000001"
#define E2 "0b5d2e1c-0000-4000-8000-000000000002"   /* no expert record */

typedef struct
{
  char        *db;
  BansouStore *store;
  GPtrArray   *codes;   /* the bodies of prefecture 34, in code order */
} Fixture;

/* Bodies by their index in codes */
enum { T1, T2, C1, C2, C3, C4, T3, T4 };

static const char *
code (Fixture *f,
      guint    i)
{
  return g_ptr_array_index (f->codes, i);
}

static void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _bansou_store_prepare (f->store, sql, &error);

  g_assert_no_error (error);
  g_assert_true (_bansou_store_step_done (f->store, stmt, &error));
  g_assert_no_error (error);
  sqlite3_finalize (stmt);
}

static void
answer (Fixture    *f,
        const char *round,
        guint       body,
        const char *question,
        const char *status)   /* NULL: unanswered, a row without a status */
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _bansou_store_prepare (f->store,
                                              "INSERT INTO answers (round, body, question, status, catalog_version)"
                                              " VALUES (?1, ?2, ?3, ?4, (SELECT catalog_version FROM rounds"
                                              " WHERE id = ?1))", &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, code (f, body), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, question, -1, SQLITE_STATIC);
  if (status != NULL)
    sqlite3_bind_text (stmt, 4, status, -1, SQLITE_STATIC);
  g_assert_true (_bansou_store_step_done (f->store, stmt, &error));
  g_assert_no_error (error);
  sqlite3_finalize (stmt);
}

typedef struct
{
  Fixture           *f;
  BansouSupportKind  kind;
  const char        *source;
  const char        *on_date;
  const char        *actor;
  const guint       *bodies;
  const char       **questions;
  guint              n;
} ActionData;

static gboolean
set_action_cb (BansouStore  *store,
               gpointer      user_data,
               GError      **error)
{
  ActionData *a = user_data;
  g_autofree BansouSupportTarget *targets = g_new0 (BansouSupportTarget, a->n);

  for (guint i = 0; i < a->n; i++)
    {
      targets[i].body = code (a->f, a->bodies[i]);
      targets[i].question = a->questions[i];
    }
  return bansou_support_set_actions (store, a->kind, a->source, a->on_date, a->actor, targets, a->n, error);
}

static void
action (Fixture           *f,
        BansouSupportKind  kind,
        const char        *source,
        const char        *on_date,
        const char        *actor,
        const guint       *bodies,
        const char       **questions,
        guint              n)
{
  g_autoptr(GError) error = NULL;
  ActionData a = { f, kind, source, on_date, actor, bodies, questions, n };

  g_assert_true (bansou_store_transaction (f->store, set_action_cb, &a, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(GListModel) bodies = NULL;

  f->store = bansou_test_open_store (&f->db);
  g_assert_true (bansou_store_set_setting (f->store, "prefecture", "34", &error));
  g_assert_no_error (error);
  {
    g_autoptr(BansouCatalog) catalog = bansou_catalog_load_active (f->store, &error);
    g_autofree char *sql = NULL;

    g_assert_no_error (error);
    sql = g_strdup_printf ("INSERT INTO rounds (id, fiscal_year, catalog_version, created_at) VALUES"
                           " ('%s', 2024, '%s', '2026-01-01T00:00:00Z'),"
                           " ('%s', 2025, '%s', '2026-01-01T00:00:00Z')",
                           R0, bansou_catalog_get_version (catalog), R1, bansou_catalog_get_version (catalog));
    exec (f, sql);
  }
  exec (f, "INSERT INTO experts (id, prefecture, name, created_at) VALUES"
           " ('" E1 "', '34', '山田 太郎', '2026-01-01T00:00:00Z')");

  registry = bansou_registry_new (f->store);
  bodies = bansou_registry_list (registry, "34", BANSOU_LIST_DEFAULT, &error);
  g_assert_no_error (error);
  f->codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0, n = g_list_model_get_n_items (bodies); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      g_ptr_array_add (f->codes, g_strdup (bansou_body_get_code (body)));
    }
  g_assert_cmpuint (f->codes->len, >=, 23);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_pointer (&f->codes, g_ptr_array_unref);
  g_clear_object (&f->store);
  g_clear_pointer (&f->db, g_free);
}

/* The small case, by hand (scores: done 1, partial ½, not_done 0):
 *
 *  Q  (a visit of E1 on 2025-02-10 to T1 and T2; E1 again to T3 on
 *      2025-03-01; a consultation on T1 on 2025-05-01; E2 to T4 on
 *      2025-11-15, after the last round):
 *      T1 0 → 1, T2 ½ → 1                treated: .25 → 1
 *      C1 0 → ½, C2 1 → 1, C3 0 → 0      control: 1/3 → 1/2
 *      C4 対象外 → 1                      control, excluded
 *      T3 1 → (none)                     treated, excluded
 *      T4 0 → (none)                     visited after the window: a control,
 *                                        excluded
 *      DiD = (.75 − 1/6) × 100 = 58.33 points
 *  Q2 (a procurement of T1 and C1 on 2025-04-01):
 *      T1 0 → 1, C1 0 → 0                treated: 0 → .5
 *      T2 1 → 1, C2 ½ → 1                control: .75 → 1
 *      C3 0 → unanswered                 control, excluded
 *      DiD = (.5 − .25) × 100 = 25 points
 */
static void
fill_small_case (Fixture *f)
{
  static const guint v1_bodies[] = { T1, T2 };
  static const char *v1_questions[] = { Q, Q };
  static const guint v2_bodies[] = { T3 };
  static const char *v2_questions[] = { Q };
  static const guint v3_bodies[] = { T4 };
  static const guint p_bodies[] = { T1, C1 };
  static const char *p_questions[] = { Q2, Q2 };
  static const guint c_bodies[] = { T1 };

  answer (f, R0, T1, Q, "not_done");  answer (f, R1, T1, Q, "done");
  answer (f, R0, T2, Q, "partial");   answer (f, R1, T2, Q, "done");
  answer (f, R0, C1, Q, "not_done");  answer (f, R1, C1, Q, "partial");
  answer (f, R0, C2, Q, "done");      answer (f, R1, C2, Q, "done");
  answer (f, R0, C3, Q, "not_done");  answer (f, R1, C3, Q, "not_done");
  answer (f, R0, C4, Q, "na");        answer (f, R1, C4, Q, "done");
  answer (f, R0, T3, Q, "done");
  answer (f, R0, T4, Q, "not_done");

  answer (f, R0, T1, Q2, "not_done"); answer (f, R1, T1, Q2, "done");
  answer (f, R0, C1, Q2, "not_done"); answer (f, R1, C1, Q2, "not_done");
  answer (f, R0, T2, Q2, "done");     answer (f, R1, T2, Q2, "done");
  answer (f, R0, C2, Q2, "partial");  answer (f, R1, C2, Q2, "done");
  answer (f, R0, C3, Q2, "not_done"); answer (f, R1, C3, Q2, NULL);

  action (f, BANSOU_SUPPORT_VISIT, "visit-1", "2025-02-10", E1, v1_bodies, v1_questions, 2);
  action (f, BANSOU_SUPPORT_VISIT, "visit-2", "2025-03-01", E1, v2_bodies, v2_questions, 1);
  action (f, BANSOU_SUPPORT_VISIT, "visit-3", "2025-11-15", E2, v3_bodies, v2_questions, 1);
  action (f, BANSOU_SUPPORT_PROCUREMENT, "project-1", "2025-04-01", NULL, p_bodies, p_questions, 2);
  action (f, BANSOU_SUPPORT_CONSULTATION, "ticket-1", "2025-05-01", NULL, c_bodies, v2_questions, 1);
}

static const BansouSupportEffectRow *
find_row (BansouSupportEffect   *effect,
          BansouSupportGrouping  by,
          const char            *key)
{
  for (guint i = 0, n = bansou_support_effect_get_n_rows (effect, by); i < n; i++)
    {
      const BansouSupportEffectRow *row = bansou_support_effect_get_row (effect, by, i);

      if (g_str_equal (row->key, key))
        return row;
    }
  g_assert_not_reached ();
}

static void
assert_row (const BansouSupportEffectRow *row,
            guint                         n_treated,
            guint                         n_control,
            guint                         n_excluded,
            guint                         n_pending,
            double                        tb,
            double                        ta,
            double                        cb,
            double                        ca,
            double                        did)
{
  g_assert_cmpuint (row->n_treated, ==, n_treated);
  g_assert_cmpuint (row->n_control, ==, n_control);
  g_assert_cmpuint (row->n_excluded, ==, n_excluded);
  g_assert_cmpuint (row->n_pending, ==, n_pending);
  g_assert_cmpuint (row->n_uncompared, ==, 0);
  g_assert_cmpfloat_with_epsilon (row->treated_before, tb, EPS);
  g_assert_cmpfloat_with_epsilon (row->treated_after, ta, EPS);
  g_assert_cmpfloat_with_epsilon (row->control_before, cb, EPS);
  g_assert_cmpfloat_with_epsilon (row->control_after, ca, EPS);
  g_assert_cmpfloat_with_epsilon (row->did, did, 1e-7);
  /* Every figure of the small case rests on fewer than 10 pairs */
  g_assert_true (row->small);
}

static BansouSupportEffect *
compute (Fixture                  *f,
         const BansouSupportQuery *query)
{
  g_autoptr(GError) error = NULL;
  BansouSupportEffect *effect = bansou_support_effect_compute (f->store, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (effect);
  return effect;
}

static void
test_effect_by_hand (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(BansouSupportEffect) effect = NULL;
  const BansouSupportEffectRow *row;

  fill_small_case (f);
  effect = compute (f, NULL);
  /* Rows of support_actions: 2 + 1 + 1 + 2 + 1 */
  g_assert_cmpuint (bansou_support_effect_get_n_actions (effect), ==, 7);

  /* The prefecture: the distinct pairs T1·Q, T2·Q, T1·Q2, C1·Q2 (T1·Q once
   * though a visit and a consultation both touched it); the control mean
   * weighs each question by its treated pairs: (2 × 1/3 + 2 × .75) / 4 →
   * (2 × .5 + 2 × 1) / 4; DiD = (.625 − .208333) × 100. */
  g_assert_cmpuint (bansou_support_effect_get_n_rows (effect, BANSOU_SUPPORT_BY_PREFECTURE), ==, 1);
  row = find_row (effect, BANSOU_SUPPORT_BY_PREFECTURE, "34");
  g_assert_cmpstr (row->label, ==, "広島県");
  assert_row (row, 4, 5, 1, 1, 0.125, 0.75, 13.0 / 24.0, 0.75, 125.0 / 3.0);

  /* Per expert: E1 has T1·Q, T2·Q and the excluded T3·Q; E2 only a visit
   * whose next round has not come yet. */
  g_assert_cmpuint (bansou_support_effect_get_n_rows (effect, BANSOU_SUPPORT_BY_EXPERT), ==, 2);
  row = find_row (effect, BANSOU_SUPPORT_BY_EXPERT, E1);
  g_assert_cmpstr (row->label, ==, "山田 太郎");
  assert_row (row, 2, 3, 1, 0, 0.25, 1.0, 1.0 / 3.0, 0.5, 175.0 / 3.0);
  row = find_row (effect, BANSOU_SUPPORT_BY_EXPERT, E2);
  g_assert_cmpstr (row->label, ==, E2);
  g_assert_cmpuint (row->n_treated, ==, 0);
  g_assert_cmpuint (row->n_pending, ==, 1);
  g_assert_cmpfloat (row->treated_before, ==, BANSOU_NO_SCORE);
  g_assert_true (isnan (row->did));
  g_assert_true (row->small);

  /* Per kind, in the order of the enum */
  g_assert_cmpuint (bansou_support_effect_get_n_rows (effect, BANSOU_SUPPORT_BY_KIND), ==, 3);
  g_assert_cmpstr (bansou_support_effect_get_row (effect, BANSOU_SUPPORT_BY_KIND, 0)->key, ==, "visit");
  g_assert_cmpstr (bansou_support_effect_get_row (effect, BANSOU_SUPPORT_BY_KIND, 2)->key, ==, "consultation");
  assert_row (find_row (effect, BANSOU_SUPPORT_BY_KIND, "visit"),
              2, 3, 1, 1, 0.25, 1.0, 1.0 / 3.0, 0.5, 175.0 / 3.0);
  assert_row (find_row (effect, BANSOU_SUPPORT_BY_KIND, "procurement"),
              2, 2, 0, 0, 0.0, 0.5, 0.75, 1.0, 25.0);
  /* T1·Q alone: 0 → 1 against 1/3 → 1/2 */
  assert_row (find_row (effect, BANSOU_SUPPORT_BY_KIND, "consultation"),
              1, 3, 0, 0, 0.0, 1.0, 1.0 / 3.0, 0.5, 250.0 / 3.0);

  /* Per body: T1 on Q and Q2, 0 → 1 against (1/3 + .75) / 2 → .75 */
  row = find_row (effect, BANSOU_SUPPORT_BY_BODY, code (f, T1));
  assert_row (row, 2, 5, 0, 0, 0.0, 1.0, 13.0 / 24.0, 0.75, 100.0 * (1.0 - (0.75 - 13.0 / 24.0)));
  row = find_row (effect, BANSOU_SUPPORT_BY_BODY, code (f, T3));
  g_assert_cmpuint (row->n_excluded, ==, 1);
  g_assert_cmpuint (row->n_treated, ==, 0);
  /* Bodies in code order */
  for (guint i = 1, n = bansou_support_effect_get_n_rows (effect, BANSOU_SUPPORT_BY_BODY); i < n; i++)
    g_assert_cmpint (strcmp (bansou_support_effect_get_row (effect, BANSOU_SUPPORT_BY_BODY, i - 1)->key,
                             bansou_support_effect_get_row (effect, BANSOU_SUPPORT_BY_BODY, i)->key), <, 0);
}

static void
test_effect_filters (Fixture       *f,
                     gconstpointer  user_data)
{
  fill_small_case (f);

  /* By kind: the procurement alone; its controls still leave out every
   * body supported on the question in any way. */
  {
    BansouSupportQuery q = { .kind = BANSOU_SUPPORT_PROCUREMENT };
    g_autoptr(BansouSupportEffect) effect = compute (f, &q);

    g_assert_cmpuint (bansou_support_effect_get_n_actions (effect), ==, 2);
    g_assert_cmpuint (bansou_support_effect_get_n_rows (effect, BANSOU_SUPPORT_BY_EXPERT), ==, 0);
    assert_row (find_row (effect, BANSOU_SUPPORT_BY_PREFECTURE, "34"),
                2, 2, 0, 0, 0.0, 0.5, 0.75, 1.0, 25.0);
  }
  /* By actor */
  {
    BansouSupportQuery q = { .any_kind = TRUE, .actor = E1 };
    g_autoptr(BansouSupportEffect) effect = compute (f, &q);

    g_assert_cmpuint (bansou_support_effect_get_n_actions (effect), ==, 3);
    assert_row (find_row (effect, BANSOU_SUPPORT_BY_PREFECTURE, "34"),
                2, 3, 1, 0, 0.25, 1.0, 1.0 / 3.0, 0.5, 175.0 / 3.0);
  }
  /* By period: only the first visit (2025-02-10) */
  {
    BansouSupportQuery q = { .any_kind = TRUE, .from = "2025-01-01", .until = "2025-02-28" };
    g_autoptr(BansouSupportEffect) effect = compute (f, &q);

    g_assert_cmpuint (bansou_support_effect_get_n_actions (effect), ==, 2);
    assert_row (find_row (effect, BANSOU_SUPPORT_BY_PREFECTURE, "34"),
                2, 3, 0, 0, 0.25, 1.0, 1.0 / 3.0, 0.5, 175.0 / 3.0);
  }
  /* By body */
  {
    BansouSupportQuery q = { .any_kind = TRUE, .body = code (f, C1) };
    g_autoptr(BansouSupportEffect) effect = compute (f, &q);

    g_assert_cmpuint (bansou_support_effect_get_n_actions (effect), ==, 1);
    /* C1·Q2 0 → 0 against T2, C2: .75 → 1 */
    assert_row (find_row (effect, BANSOU_SUPPORT_BY_PREFECTURE, "34"),
                1, 2, 0, 0, 0.0, 0.0, 0.75, 1.0, -25.0);
  }
  /* Another prefecture: nothing */
  {
    BansouSupportQuery q = { .any_kind = TRUE, .prefecture = "13" };
    g_autoptr(BansouSupportEffect) effect = compute (f, &q);

    g_assert_cmpuint (bansou_support_effect_get_n_actions (effect), ==, 0);
    for (guint g = 0; g < BANSOU_SUPPORT_N_GROUPINGS; g++)
      g_assert_cmpuint (bansou_support_effect_get_n_rows (effect, g), ==, 0);
  }
}

/* A cancelled action takes its pairs with it, and an empty store shows
 * nothing rather than an effect of 0. */
static void
test_effect_empty (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(BansouSupportEffect) empty = compute (f, NULL);
  g_autoptr(BansouSupportEffect) after = NULL;

  g_assert_cmpuint (bansou_support_effect_get_n_actions (empty), ==, 0);
  g_assert_cmpuint (bansou_support_effect_get_n_rows (empty, BANSOU_SUPPORT_BY_PREFECTURE), ==, 0);

  fill_small_case (f);
  action (f, BANSOU_SUPPORT_VISIT, "visit-1", NULL, E1, NULL, NULL, 0);
  action (f, BANSOU_SUPPORT_VISIT, "visit-2", NULL, E1, NULL, NULL, 0);
  action (f, BANSOU_SUPPORT_VISIT, "visit-3", NULL, E2, NULL, NULL, 0);
  after = compute (f, NULL);
  g_assert_cmpuint (bansou_support_effect_get_n_actions (after), ==, 3);
  g_assert_cmpuint (bansou_support_effect_get_n_rows (after, BANSOU_SUPPORT_BY_EXPERT), ==, 0);
}

/* Ten treated and thirteen control pairs: no longer 参考値. A question with
 * treated pairs but no control pair at all is counted apart. */
static void
test_effect_large_enough (Fixture       *f,
                          gconstpointer  user_data)
{
  guint bodies[10];
  const char *questions[10];
  g_autoptr(BansouSupportEffect) effect = NULL;
  const BansouSupportEffectRow *row;
  guint all[23];
  const char *q2[23];

  for (guint i = 0; i < 23; i++)
    {
      answer (f, R0, i, Q3, "not_done");
      answer (f, R1, i, Q3, i < 10 ? "done" : i < 16 ? "partial" : "not_done");
      answer (f, R0, i, Q2, "partial");
      answer (f, R1, i, Q2, "done");
      all[i] = i;
      q2[i] = Q2;
    }
  for (guint i = 0; i < 10; i++)
    {
      bodies[i] = i;
      questions[i] = Q3;
    }
  action (f, BANSOU_SUPPORT_VISIT, "visit-big", "2025-06-02", E1, bodies, questions, 10);
  /* Every body on Q2: nobody left to compare with */
  action (f, BANSOU_SUPPORT_PROCUREMENT, "project-all", "2025-06-02", NULL, all, q2, 23);

  effect = compute (f, NULL);
  row = find_row (effect, BANSOU_SUPPORT_BY_EXPERT, E1);
  g_assert_cmpuint (row->n_treated, ==, 10);
  g_assert_cmpuint (row->n_control, ==, 13);
  g_assert_false (row->small);
  /* 0 → 1 against 0 → 6 × ½ / 13 */
  g_assert_cmpfloat_with_epsilon (row->did, 100.0 * (1.0 - 3.0 / 13.0), 1e-7);

  row = find_row (effect, BANSOU_SUPPORT_BY_KIND, "procurement");
  g_assert_cmpuint (row->n_treated, ==, 0);
  g_assert_cmpuint (row->n_uncompared, ==, 23);
  g_assert_true (isnan (row->did));
  g_assert_true (row->small);

  row = find_row (effect, BANSOU_SUPPORT_BY_PREFECTURE, "34");
  g_assert_cmpuint (row->n_treated, ==, 10);
  g_assert_cmpuint (row->n_uncompared, ==, 23);
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  BansouSupportEffect **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = bansou_support_effect_compute_finish (result, &error);
  g_assert_no_error (error);
}

/* In a worker thread, on a connection of its own: the same figures */
static void
test_effect_async (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(BansouSupportEffect) effect = NULL;
  BansouSupportQuery q = { .any_kind = TRUE, .prefecture = "34" };

  fill_small_case (f);
  bansou_support_effect_compute_async (f->store, &q, NULL, async_cb, &effect);
  while (effect == NULL)
    g_main_context_iteration (NULL, TRUE);
  assert_row (find_row (effect, BANSOU_SUPPORT_BY_PREFECTURE, "34"),
              4, 5, 1, 1, 0.125, 0.75, 13.0 / 24.0, 0.75, 125.0 / 3.0);
}

static void
test_ctl (Fixture       *f,
          gconstpointer  user_data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *rows;

  fill_small_case (f);
  g_clear_object (&f->store);   /* bansouctl opens the database itself */

  g_assert_cmpint (bansou_test_run_ctl (f->db, CTL ("support", "effect", "--by", "expert", "--format", "json"),
                                        &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "by"), ==, "expert");
  g_assert_cmpint (json_object_get_int_member (root, "small_n"), ==, BANSOU_SUPPORT_SMALL_N);
  rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  {
    JsonObject *e1 = json_array_get_object_element (rows, 1);   /* 山田 after the uuid of E2 */

    if (!g_str_equal (json_object_get_string_member (e1, "key"), E1))
      e1 = json_array_get_object_element (rows, 0);
    g_assert_cmpstr (json_object_get_string_member (e1, "key"), ==, E1);
    g_assert_cmpint (json_object_get_int_member (e1, "treated"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (e1, "control"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (e1, "excluded"), ==, 1);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (e1, "treated_before"), 25.0, 1e-7);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (e1, "did_points"), 175.0 / 3.0, 1e-7);
    g_assert_true (json_object_get_boolean_member (e1, "small"));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (bansou_test_run_ctl (f->db, CTL ("support", "effect", "--by", "kind", "--format", "csv"),
                                        &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "key,label,treated,control,excluded,uncompared,pending,"
                                        "treated_before,treated_after,control_before,control_after,"
                                        "did_points,small\r\n"));
  g_assert_nonnull (strstr (out, ",2,2,0,0,0,0.0,50.0,75.0,100.0,+25.0,1\r\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Text: the indicative mark on every row of the small case */
  g_assert_cmpint (bansou_test_run_ctl (f->db, CTL ("support", "effect"), &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "広島県"));
  g_assert_nonnull (strstr (out, "+41.7"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Bad input: a clear error, exit status 2 (usage) or 1 */
  g_assert_cmpint (bansou_test_run_ctl (f->db, CTL ("support", "effect", "--by", "city"), &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "city"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (f->db, CTL ("support", "effect", "--kind", "lunch"), &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "lunch"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (f->db, CTL ("support", "effect", "--from", "2025-13-01"), &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "2025-13-01"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (f->db, CTL ("support", "effect", "--from", "2025-06-01",
                                                    "--until", "2025-01-01"), &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (f->db, CTL ("support", "effect", "--body", "999999"), &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "999999"));
}

int
main (int    argc,
      char **argv)
{
  bansou_test_init (&argc, &argv);

  g_test_add ("/support/effect/by-hand", Fixture, NULL, fixture_set_up, test_effect_by_hand, fixture_tear_down);
  g_test_add ("/support/effect/filters", Fixture, NULL, fixture_set_up, test_effect_filters, fixture_tear_down);
  g_test_add ("/support/effect/empty", Fixture, NULL, fixture_set_up, test_effect_empty, fixture_tear_down);
  g_test_add ("/support/effect/large-enough", Fixture, NULL, fixture_set_up, test_effect_large_enough,
              fixture_tear_down);
  g_test_add ("/support/effect/async", Fixture, NULL, fixture_set_up, test_effect_async, fixture_tear_down);
  g_test_add ("/support/ctl", Fixture, NULL, fixture_set_up, test_ctl, fixture_tear_down);

  return g_test_run ();
}
