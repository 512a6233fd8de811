/* test-dispatch.c — expert dispatch: the pool, requests, visits and their
 * conflicts, reports and findings, iCalendar; on real database files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libical/ical.h>

#include "bansou-dispatch-private.h"
#include "bansou-store-sql.h"
#include "bansou-sync-kind.h"
#include "bansou-test-utils.h"

#define Q_CISO   "org.responsibility.ciso"
#define Q_CSIRT  "org.structure.csirt"
#define M_RESP   "org.responsibility"
#define KURE     "342025"
#define TAKEHARA "342033"
#define Q_DATED  "technical.unauthorized_access.vuln_assessment"

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

/* Ranked by skill match (on the question or its measure), availability
 * and workload, each with its reason. */
static void
test_suggestions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *strong = add_expert (f, "広島 太郎");
  g_autofree char *weak = add_expert (f, "安芸 花子");
  g_autofree char *busy = add_expert (f, "備後 次郎");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDate) start = bansou_date_today ();
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *req = NULL;
  const char *qs[] = { Q_CISO, Q_CSIRT, NULL };
  BansouExpertSkill by_measure[] = { { (char *) M_RESP, 3 }, { (char *) Q_CSIRT, 3 } };
  BansouExpertSkill one[] = { { (char *) Q_CSIRT, 1 } };
  BansouSuggestion *s;

  /* A window of four weeks, a week from now (so always in the future). */
  g_date_add_days (start, 7);
  from = bansou_date_to_iso (start);
  g_date_add_days (start, 27);
  until = bansou_date_to_iso (start);
  {
    const char *fields[] = { "contract-end", "nda-expires", NULL };
    const char *values[] = { "", "", NULL };
    g_assert_true (bansou_dispatch_update_expert (f->dispatch, strong, fields, values, &error));
    g_assert_true (bansou_dispatch_update_expert (f->dispatch, weak, fields, values, &error));
    g_assert_true (bansou_dispatch_update_expert (f->dispatch, busy, fields, values, &error));
  }
  g_assert_true (bansou_dispatch_set_expert_skills (f->dispatch, strong, by_measure, 2, &error));
  g_assert_true (bansou_dispatch_set_expert_skills (f->dispatch, weak, one, 1, &error));
  g_assert_true (bansou_dispatch_set_expert_skills (f->dispatch, busy, by_measure, 2, &error));
  /* The busy one has used the month's cap of visits everywhere in the window. */
  g_assert_true (bansou_dispatch_set_expert_field (f->dispatch, busy, "monthly-visits", "0", &error));
  g_assert_no_error (error);
  {
    BansouRequestSpec spec = { .body = KURE, .questions = qs, .wanted_from = from, .wanted_until = until };
    req = bansou_dispatch_add_request (f->dispatch, &spec, &error);
    g_assert_no_error (error);
  }

  list = bansou_dispatch_suggest (f->dispatch, req, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  s = g_ptr_array_index (list, 0);
  g_assert_cmpstr (s->expert, ==, strong);
  g_assert_cmpuint (s->matched, ==, 2);            /* CISO through its measure */
  g_assert_cmpuint (s->n_questions, ==, 2);
  g_assert_nonnull (s->first_day);
  g_assert_cmpstr (s->first_day, >=, from);
  g_assert_cmpstr (s->first_day, <=, until);
  g_assert_cmpuint (s->end_min - s->start_min, ==, 120);
  g_assert_nonnull (strstr (s->reason, "2"));
  g_test_message ("%s: %s", s->name, s->reason);
  {
    g_autoptr(GDate) d = bansou_date_parse_iso (s->first_day);
    g_assert_true (bansou_calendar_is_business_day (bansou_dispatch_get_calendar (f->dispatch), d, NULL));
  }
  s = g_ptr_array_index (list, 1);
  g_assert_cmpstr (s->expert, ==, weak);
  g_assert_cmpuint (s->matched, ==, 1);
  s = g_ptr_array_index (list, 2);
  g_assert_cmpstr (s->expert, ==, busy);
  g_assert_null (s->first_day);
  g_test_message ("%s: %s", s->name, s->reason);

  /* Booking the strong one on its first free slot: the next suggestion
   * for them starts after that visit or on a later day. */
  {
    BansouSuggestion *first = g_ptr_array_index (list, 0);
    g_autofree char *day = g_strdup (first->first_day);
    guint st = first->start_min;
    BansouVisitSpec spec = { .request = req, .expert = strong, .day = day, .start_min = st, .end_min = st + 120 };
    g_autofree char *v = bansou_dispatch_schedule_visit (f->dispatch, &spec, NULL, NULL, &error);
    g_autoptr(GPtrArray) again = NULL;
    g_autoptr(BansouDispatchRequest) r = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (v);
    r = bansou_dispatch_get_request (f->dispatch, req, &error);
    g_assert_cmpint (r->state, ==, BANSOU_REQUEST_SCHEDULED);
    again = bansou_dispatch_suggest (f->dispatch, req, 1, &error);
    g_assert_cmpuint (again->len, ==, 1);
    first = g_ptr_array_index (again, 0);
    g_assert_cmpstr (first->expert, ==, strong);
    g_assert_true (g_strcmp0 (first->first_day, day) > 0 || first->start_min >= st + 120);
    g_assert_cmpuint (first->visits_in_month, >=, 1);
  }
}

/* Reports, findings → answers with evidence "訪問 N", outbox rows. */
static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BansouRound *round = NULL;
  g_autofree char *expert = add_expert (f, "広島 太郎");
  g_autofree char *done = NULL;
  g_autofree char *future = NULL;
  g_autofree char *cancelled = NULL;
  g_autoptr(BansouVisit) v = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(BansouAnswer) a = NULL;
  g_autoptr(GDate) later = bansou_date_today ();
  g_autofree char *later_iso = NULL;
  const char *qs[] = { Q_CISO, Q_CSIRT, Q_DATED, NULL };
  BansouFindingSpec findings[] = {
    { Q_CISO, BANSOU_FINDING_DONE, "CISO を任命済み（辞令を確認）" },
    { Q_CSIRT, BANSOU_FINDING_PARTIAL, NULL },
    { Q_DATED, BANSOU_FINDING_DONE, NULL },
  };
  BansouVisitReport report = { .report = "CSIRT 体制の確認と助言", .worked_min = 150, .cost = -1,
                               .subsidy_bp = 5000, .findings = findings, .n_findings = 3 };
  guint n = 0;
  Counts before;

  round = bansou_survey_create_round (f->survey, "2026-12-01", "令和8年度調査", FALSE, &error);
  g_assert_nonnull (round);
  g_assert_no_error (error);
  {
    BansouVisitSpec spec = { .expert = expert, .body = KURE, .day = "2026-11-10", .start_min = 600,
                             .end_min = 750, .questions = qs };
    done = bansou_dispatch_schedule_visit (f->dispatch, &spec, NULL, NULL, &error);
    g_assert_no_error (error);
    spec.day = "2026-11-11";
    cancelled = bansou_dispatch_schedule_visit (f->dispatch, &spec, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (bansou_dispatch_cancel_visit (f->dispatch, cancelled, NULL, &error));
    /* The next business day a week on: in the future, within the contract */
    g_date_add_days (later, 7);
    bansou_calendar_next_business_day (bansou_dispatch_get_calendar (f->dispatch), later);
    later_iso = bansou_date_to_iso (later);
    spec.day = later_iso;
    future = bansou_dispatch_schedule_visit (f->dispatch, &spec, "契約更新予定", NULL, &error);
    g_assert_no_error (error);
  }

  /* A report for a visit that did not happen: refused, nothing written. */
  before = counts (f);
  g_assert_false (bansou_dispatch_report_visit (f->dispatch, future, &report, &error));
  g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (bansou_dispatch_report_visit (f->dispatch, cancelled, &report, &error));
  g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  {
    BansouFindingSpec other[] = { { "operation.incident.restore_test", BANSOU_FINDING_DONE, NULL } };
    BansouVisitReport bad = report;
    bad.findings = other;
    bad.n_findings = 1;
    g_assert_false (bansou_dispatch_report_visit (f->dispatch, done, &bad, &error));
    g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_NOT_FOUND);
    g_clear_error (&error);
    bad = report;
    bad.worked_min = 0;
    g_assert_false (bansou_dispatch_report_visit (f->dispatch, done, &bad, &error));
    g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID);
    g_clear_error (&error);
  }
  /* No findings before the report */
  g_assert_null (bansou_dispatch_preview_findings (f->dispatch, done, &error));
  g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE);
  g_clear_error (&error);
  assert_counts_equal (before, counts (f));

  /* The report: the cost from the expert's rate per visit. */
  g_assert_true (bansou_dispatch_report_visit (f->dispatch, done, &report, &error));
  g_assert_no_error (error);
  v = bansou_dispatch_get_visit (f->dispatch, done, &error);
  g_assert_cmpint (v->state, ==, BANSOU_VISIT_DONE);
  g_assert_cmpint (v->cost, ==, 30000);
  g_assert_cmpint (v->worked_min, ==, 150);
  g_assert_cmpuint (v->subsidy_bp, ==, 5000);
  g_assert_nonnull (v->reported_at);
  g_assert_cmpint (((BansouVisitQuestion *) g_ptr_array_index (v->questions, 0))->finding, ==, BANSOU_FINDING_DONE);
  g_assert_cmpint (count_rows (f, "answers"), ==, before.answers);   /* not silently */

  /* What will change, then exactly that. */
  changes = bansou_dispatch_preview_findings (f->dispatch, done, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 3);
  for (guint i = 0; i < changes->len; i++)
    {
      BansouAnswerChange *c = g_ptr_array_index (changes, i);
      g_assert_cmpstr (c->evidence, ==, "訪問 1");
      g_assert_cmpstr (c->round, ==, "2026-12-01");
      g_assert_cmpint (c->old_status, ==, BANSOU_STATUS_UNANSWERED);
    }
  g_assert_cmpint (count_rows (f, "answers"), ==, before.answers);
  g_assert_true (bansou_dispatch_accept_findings (f->dispatch, done, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);

  a = bansou_survey_get_answer (f->survey, "2026-12-01", KURE, Q_CISO, &error);
  g_assert_cmpint (a->status, ==, BANSOU_STATUS_DONE);
  g_assert_cmpstr (a->evidence, ==, "訪問 1");
  g_assert_nonnull (strstr (a->note, "辞令"));
  g_clear_pointer (&a, bansou_answer_free);
  a = bansou_survey_get_answer (f->survey, "2026-12-01", KURE, Q_CSIRT, &error);
  g_assert_cmpint (a->status, ==, BANSOU_STATUS_PARTIAL);
  g_clear_pointer (&a, bansou_answer_free);
  a = bansou_survey_get_answer (f->survey, "2026-12-01", KURE, Q_DATED, &error);
  g_assert_cmpstr (a->done_on, ==, "2026-11-10");
  g_assert_cmpint (a->status, ==, BANSOU_STATUS_DONE);
  g_assert_cmpstr (a->evidence, ==, "訪問 1");

  /* Through the normal answer path: audited and in the outbox */
  {
    g_autofree char *key = NULL;
    g_autoptr(GPtrArray) audit = NULL;
    g_assert_cmpint (count_rows (f, "outbox WHERE type = 'answer' AND payload LIKE '%訪問 1%'"), ==, 3);
    audit = bansou_store_list_audit (f->store, "visit", done, &error);
    g_assert_cmpstr (((BansouAuditEntry *) g_ptr_array_index (audit, audit->len - 1))->field, ==,
                     "findings-accepted");
    (void) key;
  }
  g_assert_cmpint (count_rows (f, "visit_questions WHERE accepted_at IS NOT NULL"), ==, 3);

  /* Accepted once: nothing left to change; the finding cannot change. */
  g_clear_pointer (&changes, g_ptr_array_unref);
  changes = bansou_dispatch_preview_findings (f->dispatch, done, &error);
  g_assert_cmpuint (changes->len, ==, 0);
  findings[1].finding = BANSOU_FINDING_NOT_DONE;
  before = counts (f);
  g_assert_false (bansou_dispatch_report_visit (f->dispatch, done, &report, &error));
  g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE);
  g_clear_error (&error);
  assert_counts_equal (before, counts (f));

  /* Support actions: the reported visit's stay, the cancelled one has none */
  g_assert_cmpint (count_rows (f, "support_actions"), ==, 6);
}

/* The wire payloads dispatch-sync parses; outbox rows once the kinds are registered. */
static void
test_payloads (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expert = add_expert (f, "広島 太郎");
  g_autofree char *visit = schedule (f, expert, KURE, "2026-11-10", 600, 720);
  g_autofree char *payload = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  BansouExpertSkill skills[] = { { (char *) M_RESP, 3 } };

  g_assert_true (bansou_dispatch_set_expert_skills (f->dispatch, expert, skills, 1, &error));
  payload = _bansou_dispatch_payload (f->store, "expert", expert, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, payload, -1, &error));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, expert);
  g_assert_cmpstr (json_object_get_string_member (o, "prefecture"), ==, "34");
  g_assert_cmpstr (json_object_get_string_member (o, "affiliation"), ==, "joint_hire");
  g_assert_cmpstr (json_object_get_string_member (o, "contract_start"), ==, "2026-04-01");
  g_assert_true (json_object_get_null_member (o, "monthly_visits"));
  g_assert_cmpint (json_object_get_int_member (o, "cost_per_visit"), ==, 30000);
  g_assert_cmpint (json_object_get_int_member (o, "days_per_week"), ==, 5);
  g_assert_true (json_object_get_boolean_member (o, "active"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "certifications")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (o, "skills"), 0), "target"), ==, M_RESP);
  g_assert_cmpuint (json_object_get_size (o), ==, 19);

  g_clear_pointer (&payload, g_free);
  payload = _bansou_dispatch_payload (f->store, "visit", visit, &error);
  g_assert_true (json_parser_load_from_data (parser, payload, -1, &error));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (o, "number"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "day"), ==, "2026-11-10");
  g_assert_cmpint (json_object_get_int_member (o, "start_min"), ==, 600);
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "planned");
  g_assert_true (json_object_get_null_member (o, "request"));
  g_assert_true (json_object_get_null_member (o, "cost"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "questions")), ==, 2);
  g_assert_true (json_object_get_null_member (
    json_array_get_object_element (json_object_get_array_member (o, "questions"), 0), "finding"));
  g_assert_cmpuint (json_object_get_size (o), ==, 16);

  {
    const char *qs[] = { Q_CISO, NULL };
    BansouRequestSpec spec = { .body = KURE, .questions = qs };
    g_autofree char *req = bansou_dispatch_add_request (f->dispatch, &spec, &error);
    g_clear_pointer (&payload, g_free);
    payload = _bansou_dispatch_payload (f->store, "dispatch_request", req, &error);
    g_assert_true (json_parser_load_from_data (parser, payload, -1, &error));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (o, "urgency"), ==, "normal");
    g_assert_cmpstr (json_object_get_string_member (o, "source"), ==, "body");
    g_assert_true (json_object_get_null_member (o, "wanted_from"));
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (o, "questions"), 0), ==, Q_CISO);
    g_assert_cmpuint (json_object_get_size (o), ==, 11);
  }

  /* With the sync kinds of dispatch registered, every write queues its record. */
  if (bansou_sync_lookup_kind ("visit") != NULL)
    {
      g_assert_cmpint (count_rows (f, "outbox WHERE type = 'expert'"), ==, 1);
      g_assert_cmpint (count_rows (f, "outbox WHERE type = 'visit'"), ==, 1);
      g_assert_cmpint (count_rows (f, "outbox WHERE type = 'dispatch_request'"), ==, 1);
    }
  else
    g_assert_cmpint (count_rows (f, "outbox WHERE type IN ('expert', 'visit', 'dispatch_request')"), ==, 0);
}

/* RFC 5545 out and in, through libical. */
static void
test_ics (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expert = add_expert (f, "広島 太郎");
  g_autofree char *v1 = schedule (f, expert, KURE, "2026-11-10", 9 * 60 + 30, 12 * 60);
  g_autofree char *v2 = schedule (f, expert, TAKEHARA, "2026-11-11", 13 * 60, 15 * 60);
  g_autofree char *ics = bansou_dispatch_export_ics (f->dispatch, expert, NULL, &error);
  g_autofree char *by_body = NULL;
  g_autofree char *moved = NULL;
  g_autoptr(BansouVisit) v = NULL;
  icalcomponent *cal;
  guint n_events = 0;
  BansouIcsImport result;
  Counts before;

  g_assert_no_error (error);
  g_test_message ("%s", ics);
  cal = icalparser_parse_string (ics);
  g_assert_nonnull (cal);
  g_assert_cmpint (icalcomponent_isa (cal), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalcomponent_count_errors (cal), ==, 0);
  g_assert_nonnull (icalcomponent_get_first_component (cal, ICAL_VTIMEZONE_COMPONENT));
  for (icalcomponent *ev = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT); ev;
       ev = icalcomponent_get_next_component (cal, ICAL_VEVENT_COMPONENT))
    {
      struct icaltimetype st = icalcomponent_get_dtstart (ev);
      icalproperty *p = icalcomponent_get_first_property (ev, ICAL_DTSTART_PROPERTY);
      icalparameter *tz = icalproperty_get_first_parameter (p, ICAL_TZID_PARAMETER);

      n_events++;
      g_assert_nonnull (tz);
      g_assert_cmpstr (icalparameter_get_tzid (tz), ==, "Asia/Tokyo");
      if (g_str_equal (icalcomponent_get_uid (ev), v1))
        {
          g_assert_cmpint (st.year, ==, 2026);
          g_assert_cmpint (st.month, ==, 11);
          g_assert_cmpint (st.day, ==, 10);
          g_assert_cmpint (st.hour, ==, 9);
          g_assert_cmpint (st.minute, ==, 30);
          g_assert_cmpstr (icalcomponent_get_location (ev), ==, "呉市");
          g_assert_nonnull (strstr (icalcomponent_get_summary (ev), "呉市"));
          g_assert_nonnull (strstr (icalcomponent_get_summary (ev), "訪問"));
          /* 9:30 in Tokyo is 0:30 UTC */
          {
            struct icaltimetype utc = icaltime_convert_to_zone (st, icaltimezone_get_utc_timezone ());
            g_assert_cmpint (utc.hour, ==, 0);
            g_assert_cmpint (utc.minute, ==, 30);
          }
        }
      else
        g_assert_cmpstr (icalcomponent_get_uid (ev), ==, v2);
    }
  g_assert_cmpuint (n_events, ==, 2);
  icalcomponent_free (cal);

  by_body = bansou_dispatch_export_ics (f->dispatch, NULL, TAKEHARA, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (by_body, v2));
  g_assert_null (strstr (by_body, v1));

  /* Not RFC 5545: a clear error, nothing written. */
  before = counts (f);
  {
    const char *bad[] = {
      "",
      "これはカレンダーではありません",
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:広島 太郎\r\nEND:VCARD\r\n",
      "BEGIN:VCALENDAR\r\nPRODID:-//x//y//JA\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20261101T000000Z\r\n"
      "DTSTART:20261110T093000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",                 /* no VERSION */
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//JA\r\nBEGIN:VEVENT\r\nUID:1\r\n"
      "DTSTART:20261110T093000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",                 /* no DTSTAMP */
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//JA\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20261101T000000Z\r\n"
      "DTSTART:2026-11-10 09:30\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",                 /* not a DATE-TIME */
    };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (bansou_dispatch_import_ics (f->dispatch, bad[i], -1, &result, &error));
        g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_ICS);
        g_test_message ("%u: %s", i, error->message);
        g_clear_error (&error);
      }
    g_assert_false (bansou_dispatch_import_ics (f->dispatch, "BEGIN:VCALENDAR\0\xff", 17, &result, &error));
    g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_ICS);
    g_clear_error (&error);
  }
  assert_counts_equal (before, counts (f));

  /* The same file back: nothing changes. */
  g_assert_true (bansou_dispatch_import_ics (f->dispatch, ics, -1, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_events, ==, 2);
  g_assert_cmpuint (result.n_unchanged, ==, 2);
  g_assert_cmpuint (result.n_moved, ==, 0);
  assert_counts_equal (before, counts (f));

  /* Moved in another calendar program: 9:30 → 10:00 (as 01:00 UTC). */
  {
    g_autoptr(GRegex) re = g_regex_new ("DTSTART;TZID=Asia/Tokyo:20261110T093000", 0, 0, NULL);
    g_autoptr(GRegex) re_end = g_regex_new ("DTEND;TZID=Asia/Tokyo:20261110T120000", 0, 0, NULL);
    g_autofree char *step = g_regex_replace_literal (re, ics, -1, 0, "DTSTART:20261110T010000Z", 0, NULL);
    moved = g_regex_replace_literal (re_end, step, -1, 0, "DTEND;TZID=Asia/Tokyo:20261110T123000", 0, NULL);
  }
  g_assert_nonnull (strstr (moved, "20261110T010000Z"));
  g_assert_true (bansou_dispatch_import_ics (f->dispatch, moved, -1, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_moved, ==, 1);
  v = bansou_dispatch_get_visit (f->dispatch, v1, &error);
  g_assert_cmpuint (v->start_min, ==, 600);
  g_assert_cmpuint (v->end_min, ==, 750);

  /* A move onto the other visit's slot: refused, nothing written. */
  {
    g_autoptr(GRegex) re = g_regex_new ("DTSTART:20261110T010000Z", 0, 0, NULL);
    g_autoptr(GRegex) re_end = g_regex_new ("DTEND;TZID=Asia/Tokyo:20261110T123000", 0, 0, NULL);
    g_autofree char *step = g_regex_replace_literal (re, moved, -1, 0, "DTSTART;TZID=Asia/Tokyo:20261111T140000", 0, NULL);
    g_autofree char *clash = g_regex_replace_literal (re_end, step, -1, 0, "DTEND;TZID=Asia/Tokyo:20261111T150000", 0, NULL);

    before = counts (f);
    g_assert_false (bansou_dispatch_import_ics (f->dispatch, clash, -1, &result, &error));
    g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_CONFLICT);
    g_clear_error (&error);
    assert_counts_equal (before, counts (f));
  }
}

/* ------------------------------------------------------------------------ */
/* bansouctl experts and visits */

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })

static char *
run_ok (const char          *db,
        const char * const  *args)
{
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = bansou_test_run_ctl (db, args, &out, &err);

  if (status != 0)
    g_error ("bansouctl %s %s failed (%d): %s", args[0], args[1], status, err);
  return out;
}

static gint64
db_count (const char *db,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = bansou_store_open (db, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_no_error (error);
  stmt = _bansou_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_ctl (void)
{
  g_autofree char *db = bansou_test_db_path ();
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *ics_path = g_build_filename (dir, "visits.ics", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "bad.ics", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gint64 visits, audit;

  g_free (run_ok (db, CTL ("init", "--prefecture", "広島県")));
  out = run_ok (db, CTL ("experts", "add", "広島 太郎", "--affiliation", "joint_hire"));
  id = g_strstrip (g_strdup (out));
  g_assert_true (g_uuid_string_is_valid (id));
  g_free (run_ok (db, CTL ("experts", "set", id, "nda-signed", "2026-04-01")));
  g_free (run_ok (db, CTL ("experts", "set", id, "nda-expires", "2026-10-31")));
  g_free (run_ok (db, CTL ("experts", "set", id, "skills", M_RESP ":3," Q_CSIRT)));
  g_free (run_ok (db, CTL ("experts", "set", id, "cost-per-hour", "12000")));

  g_clear_pointer (&out, g_free);
  out = run_ok (db, CTL ("experts", "list", "--format", "json"));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 1);
  g_clear_pointer (&out, g_free);
  out = run_ok (db, CTL ("experts", "list", "--format", "csv"));
  g_assert_true (g_str_has_prefix (out, "id,name,affiliation"));
  g_assert_nonnull (strstr (out, M_RESP ":3"));
  g_clear_pointer (&out, g_free);
  out = run_ok (db, CTL ("experts", "show", id));
  g_assert_nonnull (strstr (out, "共同採用デジタル人材"));
  g_assert_nonnull (strstr (out, "守秘義務"));

  /* Bad input: usage errors exit 2, refusals 1, in Japanese. */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("experts", "set", id, "days-per-week", "9"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "整数"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("experts", "frobnicate"), NULL, &err), ==, 2);
  g_clear_pointer (&err, g_free);

  g_free (run_ok (db, CTL ("visits", "request", KURE, "--questions", Q_CISO "," Q_CSIRT, "--urgency", "urgent")));
  g_clear_pointer (&out, g_free);
  out = run_ok (db, CTL ("visits", "suggest", "1", "--format", "csv"));
  g_assert_true (g_str_has_prefix (out, "rank,expert,name"));
  g_assert_nonnull (strstr (out, id));

  /* The bad-input list of the issue, each refused with nothing written */
  visits = db_count (db, "SELECT count (*) FROM visits");
  audit = db_count (db, "SELECT count (*) FROM audit");
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("visits", "schedule", "--expert", id, "--request", "1",
                                                 "--day", "2026-12-30", "--time", "9:30-12:00"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "年末年始"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("visits", "schedule", "--expert", id, "--request", "1",
                                                 "--day", "2026-11-03", "--time", "9:30-12:00"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "文化の日"));
  g_assert_nonnull (strstr (err, "守秘義務"));          /* expired on 10/31 */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("visits", "schedule", "--expert", id, "--request", "1",
                                                 "--day", "2026-10-20", "--time", "25:00-26:00"), NULL, &err), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (db_count (db, "SELECT count (*) FROM visits"), ==, visits);
  g_assert_cmpint (db_count (db, "SELECT count (*) FROM audit"), ==, audit);

  g_clear_pointer (&out, g_free);
  out = run_ok (db, CTL ("visits", "schedule", "--expert", id, "--request", "1", "--day", "2026-10-20",
                         "--time", "9:30-12:00"));
  g_assert_nonnull (strstr (out, "訪問 1"));
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("visits", "schedule", "--expert", id, "--body", TAKEHARA,
                                                 "--day", "2026-10-20", "--time", "11:00-13:00",
                                                 "--override", "急ぎ"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "ほかの訪問"));
  g_clear_pointer (&err, g_free);

  g_clear_pointer (&out, g_free);
  out = run_ok (db, CTL ("visits", "list", "--expert", id, "--format", "csv"));
  g_assert_nonnull (strstr (out, "2026-10-20,9:30,12:00"));
  g_clear_pointer (&out, g_free);
  out = run_ok (db, CTL ("visits", "list", "--format", "json"));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 1);

  /* Report: cost from the hourly rate, the changes shown but not written */
  g_clear_pointer (&out, g_free);
  out = run_ok (db, CTL ("visits", "report", "1", "--text", "CSIRT の訓練", "--minutes", "150",
                         "--subsidy", "50", "--finding", Q_CSIRT "=partial:手順書は未整備"));
  g_assert_cmpint (db_count (db, "SELECT cost FROM visits WHERE number = 1"), ==, 30000);
  g_assert_cmpint (db_count (db, "SELECT subsidy_bp FROM visits WHERE number = 1"), ==, 5000);
  g_assert_cmpint (db_count (db, "SELECT count (*) FROM answers"), ==, 0);

  /* iCalendar out, and a file that is not one */
  g_free (run_ok (db, CTL ("visits", "ics", "--expert", id, "--output", ics_path)));
  {
    g_autofree char *text = NULL;
    icalcomponent *cal;

    g_assert_true (g_file_get_contents (ics_path, &text, NULL, &error));
    cal = icalparser_parse_string (text);
    g_assert_nonnull (cal);
    g_assert_cmpint (icalcomponent_count_components (cal, ICAL_VEVENT_COMPONENT), ==, 1);
    icalcomponent_free (cal);
  }
  g_assert_true (g_file_set_contents (bad_path, "BEGIN:VCARD\nFN:x\nEND:VCARD\n", -1, &error));
  audit = db_count (db, "SELECT count (*) FROM audit");
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("visits", "ics", "--import", bad_path), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "RFC 5545"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (db_count (db, "SELECT count (*) FROM audit"), ==, audit);
  g_clear_pointer (&out, g_free);
  out = run_ok (db, CTL ("visits", "ics", "--import", ics_path));
  g_assert_nonnull (strstr (out, "1"));

  g_clear_pointer (&out, g_free);
  out = run_ok (db, CTL ("visits", "--help"));
  g_assert_nonnull (strstr (out, "使い方"));
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
  ADD ("/dispatch/suggestions", test_suggestions);
  ADD ("/dispatch/report", test_report);
  ADD ("/dispatch/payloads", test_payloads);
  ADD ("/dispatch/ics", test_ics);
  g_test_add_func ("/dispatch/ctl", test_ctl);
#undef ADD

  return g_test_run ();
}
