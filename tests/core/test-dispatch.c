/* test-dispatch.c — expert dispatch: the pool, requests, visits and their
 * conflicts, reports and findings, iCalendar; on real database files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "bansou-dispatch-private.h"
#include "bansou-store-sql.h"
#include "bansou-sync-kind.h"
#include "bansou-test-utils.h"

#define Q_CISO   "org.responsibility.ciso"
#define Q_CSIRT  "org.structure.csirt"
#define M_RESP   "org.responsibility"
#define KURE     "342025"
#define TAKEHARA "342033"

typedef struct
{
  char           *path;
  BansouStore    *store;
  BansouRegistry *registry;
  BansouCatalog  *catalog;
  BansouSurvey   *survey;
  BansouDispatch *dispatch;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = bansou_test_open_store (&f->path);
  g_assert_true (bansou_store_set_setting (f->store, "prefecture", "34", &error));
  f->registry = bansou_registry_new (f->store);
  f->catalog = bansou_catalog_load_active (f->store, &error);
  g_assert_no_error (error);
  f->survey = bansou_survey_new (f->store, f->catalog, &error);
  g_assert_no_error (error);
  f->dispatch = bansou_dispatch_new (f->survey, f->registry, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->dispatch);
  g_clear_object (&f->survey);
  g_clear_object (&f->catalog);
  g_clear_object (&f->registry);
  g_clear_object (&f->store);
  g_free (f->path);
}

static gint64
count_rows (Fixture    *f,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (f->store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

typedef struct { gint64 experts, skills, requests, visits, visit_questions, support, audit, answers; } Counts;

static Counts
counts (Fixture *f)
{
  Counts c = {
    count_rows (f, "experts"), count_rows (f, "expert_skills"), count_rows (f, "dispatch_requests"),
    count_rows (f, "visits"), count_rows (f, "visit_questions"), count_rows (f, "support_actions"),
    count_rows (f, "audit"), count_rows (f, "answers"),
  };
  return c;
}

static void
assert_counts_equal (Counts a,
                     Counts b)
{
  g_assert_cmpint (a.experts, ==, b.experts);
  g_assert_cmpint (a.skills, ==, b.skills);
  g_assert_cmpint (a.requests, ==, b.requests);
  g_assert_cmpint (a.visits, ==, b.visits);
  g_assert_cmpint (a.visit_questions, ==, b.visit_questions);
  g_assert_cmpint (a.support, ==, b.support);
  g_assert_cmpint (a.audit, ==, b.audit);
  g_assert_cmpint (a.answers, ==, b.answers);
}

/* An expert who may visit in 2026: contract and NDA valid, no caps. */
static char *
add_expert (Fixture    *f,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  const char *fields[] = { "contract-start", "contract-end", "nda-signed", "nda-expires",
                           "cost-per-visit", "certifications", NULL };
  const char *values[] = { "2026-04-01", "2027-03-31", "2026-04-01", "2027-03-31", "30000",
                           "情報処理安全確保支援士, CISSP", NULL };
  char *id = bansou_dispatch_add_expert (f->dispatch, NULL, name, BANSOU_AFFILIATION_JOINT_HIRE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_true (bansou_dispatch_update_expert (f->dispatch, id, fields, values, &error));
  g_assert_no_error (error);
  return id;
}

static char *
schedule (Fixture    *f,
          const char *expert,
          const char *body,
          const char *day,
          guint       start,
          guint       end)
{
  g_autoptr(GError) error = NULL;
  const char *qs[] = { Q_CISO, Q_CSIRT, NULL };
  BansouVisitSpec spec = { .expert = expert, .body = body, .day = day, .start_min = start,
                           .end_min = end, .questions = qs };
  char *id = bansou_dispatch_schedule_visit (f->dispatch, &spec, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

/* ------------------------------------------------------------------------ */

static void
test_experts (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouExpert) e = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *id = add_expert (f, "広島 太郎");
  g_autofree char *prefix = g_strndup (id, 6);
  BansouExpertSkill skills[] = { { (char *) M_RESP, 3 }, { (char *) Q_CSIRT, 2 } };
  Counts before;

  g_assert_true (bansou_dispatch_set_expert_skills (f->dispatch, id, skills, 2, &error));
  g_assert_no_error (error);
  g_assert_true (bansou_dispatch_set_expert_field (f->dispatch, prefix, "monthly-visits", "8", &error));
  g_assert_true (bansou_dispatch_set_expert_field (f->dispatch, id, "home-base", KURE, &error));
  g_assert_no_error (error);

  e = bansou_dispatch_get_expert (f->dispatch, prefix, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (e->id, ==, id);
  g_assert_cmpstr (e->prefecture, ==, "34");
  g_assert_cmpstr (e->name, ==, "広島 太郎");
  g_assert_cmpint (e->affiliation, ==, BANSOU_AFFILIATION_JOINT_HIRE);
  g_assert_cmpstr (e->contract_end, ==, "2027-03-31");
  g_assert_cmpint (g_strv_length (e->certifications), ==, 2);
  g_assert_cmpstr (e->certifications[0], ==, "情報処理安全確保支援士");
  g_assert_cmpint (e->monthly_visits, ==, 8);
  g_assert_cmpint (e->monthly_minutes, ==, -1);
  g_assert_cmpint (e->cost_per_visit, ==, 30000);
  g_assert_cmpstr (e->home_base, ==, KURE);
  g_assert_cmpuint (e->skills->len, ==, 2);
  g_assert_cmpstr (g_array_index (e->skills, BansouExpertSkill, 0).target, ==, M_RESP);
  g_assert_cmpuint (g_array_index (e->skills, BansouExpertSkill, 0).level, ==, 3);

  audit = bansou_store_list_audit (f->store, "expert", id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >=, 10);

  /* Bad input: nothing written. */
  before = counts (f);
  g_assert_false (bansou_dispatch_set_expert_field (f->dispatch, id, "days-per-week", "6", &error));
  g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bansou_dispatch_set_expert_field (f->dispatch, id, "contract-end", "2026-01-01", &error));
  g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bansou_dispatch_set_expert_field (f->dispatch, id, "nda-signed", "2026-13-01", &error));
  g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID);
  g_clear_error (&error);
  {
    const char *fields[] = { "notes", "home-base", NULL };
    const char *values[] = { "書き込まれない", "999999", NULL };
    g_assert_false (bansou_dispatch_update_expert (f->dispatch, id, fields, values, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  {
    BansouExpertSkill bad[] = { { (char *) "no.such.question", 1 } };
    g_assert_false (bansou_dispatch_set_expert_skills (f->dispatch, id, bad, 1, &error));
    g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_assert_null (bansou_dispatch_add_expert (f->dispatch, NULL, "  ", BANSOU_AFFILIATION_OTHER, &error));
  g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID);
  g_clear_error (&error);
  assert_counts_equal (before, counts (f));

  g_free (add_expert (f, "安芸 花子"));
  g_assert_true (bansou_dispatch_set_expert_field (f->dispatch, id, "active", "no", &error));
  list = bansou_dispatch_list_experts (f->dispatch, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = bansou_dispatch_list_experts (f->dispatch, TRUE, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((BansouExpert *) g_ptr_array_index (list, 0))->name, ==, "安芸 花子");
}

static void
test_requests (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouDispatchRequest) r = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *ticket = NULL;
  const char *qs[] = { Q_CSIRT, Q_CISO, Q_CISO, NULL };
  BansouRequestSpec spec = { .body = KURE, .questions = qs, .urgency = BANSOU_URGENCY_URGENT,
                             .wanted_from = "2026-11-01", .wanted_until = "2026-11-30" };
  BansouDispatchCell cells[] = { { KURE, Q_CISO }, { TAKEHARA, Q_CSIRT }, { KURE, Q_CSIRT } };
  g_autofree char *id = bansou_dispatch_add_request (f->dispatch, &spec, &error);
  Counts before;

  g_assert_no_error (error);
  r = bansou_dispatch_get_request (f->dispatch, "1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->id, ==, id);
  g_assert_cmpint (r->number, ==, 1);
  g_assert_cmpstr (r->body_name, ==, "呉市");
  g_assert_cmpint (r->urgency, ==, BANSOU_URGENCY_URGENT);
  g_assert_cmpint (r->state, ==, BANSOU_REQUEST_OPEN);
  g_assert_cmpint (g_strv_length (r->questions), ==, 2);
  g_assert_cmpstr (r->questions[0], ==, Q_CISO);
  g_assert_true (g_utf8_strlen (r->purpose, -1) > 0);

  /* Several bodies of a heatmap selection: one request per body. */
  ids = bansou_dispatch_add_requests_from_cells (f->dispatch, cells, G_N_ELEMENTS (cells), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_strv_length (ids), ==, 2);
  g_clear_pointer (&r, bansou_dispatch_request_free);
  r = bansou_dispatch_get_request (f->dispatch, ids[0], &error);
  g_assert_cmpstr (r->body, ==, KURE);
  g_assert_cmpint (r->source, ==, BANSOU_REQUEST_SOURCE_HEATMAP);
  g_assert_cmpint (g_strv_length (r->questions), ==, 2);
  g_clear_pointer (&r, bansou_dispatch_request_free);
  r = bansou_dispatch_get_request (f->dispatch, ids[1], &error);
  g_assert_cmpstr (r->body, ==, TAKEHARA);
  g_assert_cmpint (g_strv_length (r->questions), ==, 1);

  spec.questions = NULL;
  ticket = bansou_dispatch_add_request_from_ticket (f->dispatch, "相談-2026-0042", &spec, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, bansou_dispatch_request_free);
  r = bansou_dispatch_get_request (f->dispatch, ticket, &error);
  g_assert_cmpint (r->source, ==, BANSOU_REQUEST_SOURCE_CONSULTATION);
  g_assert_cmpstr (r->source_ref, ==, "相談-2026-0042");

  g_assert_true (bansou_dispatch_set_request_field (f->dispatch, id, "urgency", "incident", &error));
  g_assert_no_error (error);
  list = bansou_dispatch_list_requests (f->dispatch, KURE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((BansouDispatchRequest *) g_ptr_array_index (list, 0))->id, ==, id);

  /* Bad input */
  before = counts (f);
  {
    BansouDispatchCell bad[] = { { KURE, Q_CISO }, { TAKEHARA, "no.such" } };
    g_assert_null (bansou_dispatch_add_requests_from_cells (f->dispatch, bad, 2, NULL, &error));
    g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  spec.wanted_from = "2026-12-01";
  g_assert_null (bansou_dispatch_add_request (f->dispatch, &spec, &error));
  g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bansou_dispatch_set_request_field (f->dispatch, id, "state", "done", &error));
  g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID);
  g_clear_error (&error);
  assert_counts_equal (before, counts (f));
}

static void
test_visits (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expert = add_expert (f, "広島 太郎");
  g_autofree char *other = add_expert (f, "安芸 花子");
  g_autofree char *v1 = schedule (f, expert, KURE, "2026-11-10", 9 * 60 + 30, 12 * 60);
  g_autofree char *v2 = schedule (f, expert, TAKEHARA, "2026-11-10", 13 * 60, 15 * 60);
  g_autoptr(BansouVisit) v = NULL;
  g_autoptr(GPtrArray) list = NULL;

  v = bansou_dispatch_get_visit (f->dispatch, "1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (v->id, ==, v1);
  g_assert_cmpstr (v->expert_name, ==, "広島 太郎");
  g_assert_cmpstr (v->body_name, ==, "呉市");
  g_assert_cmpuint (v->start_min, ==, 570);
  g_assert_cmpint (v->state, ==, BANSOU_VISIT_PLANNED);
  g_assert_cmpuint (v->questions->len, ==, 2);
  g_assert_cmpstr (v->override_reason, ==, "");

  /* The support module: body × questions on the day, the expert as actor */
  g_assert_cmpint (count_rows (f, "support_actions WHERE kind = 'visit'"), ==, 4);
  {
    g_autofree char *where = g_strdup_printf ("support_actions WHERE source = '%s' AND body = '%s' "
                                              "AND on_date = '2026-11-10' AND actor = '%s'", v1, KURE, expert);
    g_assert_cmpint (count_rows (f, where), ==, 2);
  }

  list = bansou_dispatch_list_visits_by_expert (f->dispatch, expert, "2026-11-01", "2026-11-30", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (((BansouVisit *) g_ptr_array_index (list, 1))->questions->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = bansou_dispatch_list_visits_by_body (f->dispatch, TAKEHARA, NULL, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = bansou_dispatch_list_visits_in_range (f->dispatch, "2026-11-11", NULL, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Moving to the other expert, then a day later; the support rows follow. */
  g_assert_true (bansou_dispatch_move_visit (f->dispatch, v2, other, "2026-11-10", 13 * 60, 15 * 60,
                                             NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bansou_dispatch_move_visit (f->dispatch, v2, NULL, "2026-11-11", 10 * 60, 11 * 60,
                                             NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&v, bansou_visit_free);
  v = bansou_dispatch_get_visit (f->dispatch, v2, &error);
  g_assert_cmpstr (v->expert, ==, other);
  g_assert_cmpstr (v->day, ==, "2026-11-11");
  {
    g_autofree char *where = g_strdup_printf ("support_actions WHERE source = '%s' AND on_date = '2026-11-11' "
                                              "AND actor = '%s'", v2, other);
    g_assert_cmpint (count_rows (f, where), ==, 2);
  }

  /* Cancelled: no support rows; cannot be moved */
  g_assert_true (bansou_dispatch_cancel_visit (f->dispatch, v2, "先方の都合", &error));
  g_assert_no_error (error);
  {
    g_autofree char *where = g_strdup_printf ("support_actions WHERE source = '%s'", v2);
    g_assert_cmpint (count_rows (f, where), ==, 0);
  }
  g_assert_false (bansou_dispatch_move_visit (f->dispatch, v2, NULL, "2026-11-12", 600, 660, NULL, NULL, &error));
  g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE);
  g_clear_error (&error);
}

/* Every kind of conflict, listed with its message; nothing written. */
static void
test_conflicts (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expert = add_expert (f, "広島 太郎");
  g_autofree char *v1 = schedule (f, expert, KURE, "2026-11-10", 9 * 60, 12 * 60);
  const char *qs[] = { Q_CISO, NULL };
  struct {
    const char              *day;
    guint                    start, end;
    BansouVisitConflictKind  kind;
    const char              *field, *value;   /* set on the expert first */
    const char              *in_message;
  } cases[] = {
    { "2026-11-10", 11 * 60, 13 * 60, BANSOU_VISIT_CONFLICT_DOUBLE_BOOKING, NULL, NULL, "9:00" },
    { "2026-12-30", 10 * 60, 11 * 60, BANSOU_VISIT_CONFLICT_CLOSED_DAY, NULL, NULL, "年末年始" },
    { "2026-11-03", 10 * 60, 11 * 60, BANSOU_VISIT_CONFLICT_CLOSED_DAY, NULL, NULL, "文化の日" },
    { "2026-11-14", 10 * 60, 11 * 60, BANSOU_VISIT_CONFLICT_CLOSED_DAY, NULL, NULL, "土曜" },
    { "2026-11-12", 10 * 60, 11 * 60, BANSOU_VISIT_CONFLICT_NDA, "nda-expires", "2026-11-01", "2026-11-01" },
    { "2026-11-12", 10 * 60, 11 * 60, BANSOU_VISIT_CONFLICT_CONTRACT, "contract-end", "2026-11-11", "2026-11-11" },
    { "2026-11-12", 10 * 60, 11 * 60, BANSOU_VISIT_CONFLICT_MONTHLY_VISITS, "monthly-visits", "1", "1" },
    { "2026-11-12", 10 * 60, 11 * 60, BANSOU_VISIT_CONFLICT_MONTHLY_MINUTES, "monthly-minutes", "200", "3.3" },
    { "2026-11-12", 10 * 60, 11 * 60, BANSOU_VISIT_CONFLICT_DAYS_PER_WEEK, "days-per-week", "1", "1" },
    { "2026-11-12", 10 * 60, 11 * 60, BANSOU_VISIT_CONFLICT_INACTIVE, "active", "no", "広島 太郎" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GPtrArray) listed = NULL;
      g_autoptr(BansouExpert) saved = bansou_dispatch_get_expert (f->dispatch, expert, NULL);
      BansouVisitSpec spec = { .expert = expert, .body = TAKEHARA, .day = cases[i].day,
                               .start_min = cases[i].start, .end_min = cases[i].end, .questions = qs };
      gboolean seen = FALSE;
      Counts before;

      if (cases[i].field)
        g_assert_true (bansou_dispatch_set_expert_field (f->dispatch, expert, cases[i].field, cases[i].value, &error));
      g_assert_no_error (error);

      listed = bansou_dispatch_check_visit (f->dispatch, &spec, NULL, &error);
      g_assert_no_error (error);
      before = counts (f);
      g_assert_null (bansou_dispatch_schedule_visit (f->dispatch, &spec, NULL, &found, &error));
      g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_CONFLICT);
      g_test_message ("%s: %s", cases[i].day, error->message);
      g_clear_error (&error);
      assert_counts_equal (before, counts (f));
      g_assert_cmpuint (found->len, ==, listed->len);
      for (guint k = 0; k < found->len; k++)
        {
          BansouVisitConflict *c = g_ptr_array_index (found, k);
          if (c->kind == cases[i].kind)
            {
              seen = TRUE;
              g_assert_nonnull (strstr (c->message, cases[i].in_message));
              g_assert_cmpint (c->overridable, ==, c->kind != BANSOU_VISIT_CONFLICT_DOUBLE_BOOKING);
            }
        }
      g_assert_true (seen);

      /* A double booking is refused even with a reason. */
      if (cases[i].kind == BANSOU_VISIT_CONFLICT_DOUBLE_BOOKING)
        {
          g_assert_null (bansou_dispatch_schedule_visit (f->dispatch, &spec, "どうしても", NULL, &error));
          g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_CONFLICT);
          g_clear_error (&error);
          assert_counts_equal (before, counts (f));
        }

      /* Put the expert back as they were. */
      if (cases[i].field)
        {
          const char *fields[] = { "nda-expires", "contract-end", "monthly-visits", "monthly-minutes",
                                   "days-per-week", "active", NULL };
          g_autofree char *dpw = g_strdup_printf ("%u", saved->days_per_week);
          const char *values[] = { saved->nda_expires_on, saved->contract_end, "", "", dpw, "yes", NULL };
          g_assert_true (bansou_dispatch_update_expert (f->dispatch, expert, fields, values, &error));
          g_assert_no_error (error);
        }
    }

  /* An NDA never signed */
  g_assert_true (bansou_dispatch_set_expert_field (f->dispatch, expert, "nda-expires", "", &error));
  g_assert_true (bansou_dispatch_set_expert_field (f->dispatch, expert, "nda-signed", "", &error));
  {
    BansouVisitSpec spec = { .expert = expert, .body = TAKEHARA, .day = "2026-11-12",
                             .start_min = 600, .end_min = 660, .questions = qs };
    g_autoptr(GPtrArray) listed = bansou_dispatch_check_visit (f->dispatch, &spec, NULL, &error);
    g_autoptr(GPtrArray) audit_before = bansou_store_list_audit (f->store, "visit", NULL, NULL);
    g_autofree char *id = NULL;
    g_autoptr(BansouVisit) v = NULL;
    g_autoptr(GPtrArray) audit = NULL;
    gboolean override_audited = FALSE;

    g_assert_cmpuint (listed->len, ==, 1);
    g_assert_cmpint (((BansouVisitConflict *) g_ptr_array_index (listed, 0))->kind, ==, BANSOU_VISIT_CONFLICT_NDA);

    /* With a reason: saved, the reason stored and audited. */
    id = bansou_dispatch_schedule_visit (f->dispatch, &spec, "誓約書は当日署名", NULL, &error);
    g_assert_no_error (error);
    v = bansou_dispatch_get_visit (f->dispatch, id, &error);
    g_assert_cmpstr (v->override_reason, ==, "誓約書は当日署名");
    audit = bansou_store_list_audit (f->store, "visit", id, &error);
    for (guint i = 0; i < audit->len; i++)
      {
        BansouAuditEntry *e = g_ptr_array_index (audit, i);
        if (g_str_equal (e->field, "override"))
          override_audited = strstr (e->new_value, "誓約書は当日署名") && strstr (e->new_value, "nda");
      }
    g_assert_true (override_audited);
  }

  /* A visit moved over its own slot is no double booking of itself. */
  g_assert_true (bansou_dispatch_set_expert_field (f->dispatch, expert, "nda-signed", "2026-04-01", &error));
  {
    g_autoptr(GPtrArray) found = NULL;
    g_assert_true (bansou_dispatch_move_visit (f->dispatch, v1, NULL, "2026-11-10", 9 * 60, 11 * 60,
                                               NULL, &found, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  /* The user sees Japanese: the errors are checked in Japanese. */
  g_setenv ("LANGUAGE", "ja", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  bansou_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/dispatch/experts", test_experts);
  ADD ("/dispatch/requests", test_requests);
  ADD ("/dispatch/visits", test_visits);
  ADD ("/dispatch/conflicts", test_conflicts);
#undef ADD

  return g_test_run ();
}
