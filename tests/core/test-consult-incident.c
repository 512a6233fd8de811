/* test-consult-incident.c — 重大インシデント mode: the checklist's deadlines
 * on the calendar, done / not applicable / open again (audited, in the
 * outbox), the urgent dispatch request made once, tickets as support
 * actions, the desk's figures for the report, and bansouctl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "bansou-consult-figures.h"
#include "bansou-consult-incident.h"
#include "bansou-store-sql.h"
#include "bansou-test-utils.h"

#define HIROSHIMA_CITY "341002"
#define KURE_CITY      "342025"
#define MITO_CITY      "082015"
#define Q_CISO         "org.responsibility.ciso"
#define Q_DEPARTMENTS  "org.responsibility.departments"

typedef struct
{
  char           *path;
  BansouStore    *store;
  BansouRegistry *registry;
  BansouCalendar *calendar;
  BansouConsult  *consult;
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
  bansou_store_set_setting (f->store, "prefecture", "34", &error);
  g_assert_no_error (error);
  bansou_store_set_actor (f->store, "山田");
  f->registry = bansou_registry_new (f->store);
  f->calendar = bansou_calendar_new_for_store (f->store, &error);
  g_assert_no_error (error);
  f->consult = bansou_consult_new (f->registry, f->calendar);
  f->catalog = bansou_catalog_load_active (f->store, &error);
  g_assert_no_error (error);
  f->survey = bansou_survey_new (f->store, f->catalog, &error);
  g_assert_no_error (error);
  f->dispatch = bansou_dispatch_new (f->survey, f->registry, f->calendar, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->dispatch);
  g_clear_object (&f->survey);
  g_clear_object (&f->catalog);
  g_clear_object (&f->consult);
  g_clear_object (&f->calendar);
  g_clear_object (&f->registry);
  g_clear_object (&f->store);
  g_free (f->path);
}

static gint64
count_sql (Fixture    *f,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (f->store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
text_sql (Fixture    *f,
          const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (f->store, sql, NULL);

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static char *
open_incident (Fixture              *f,
               const char           *body,
               BansouTicketCategory  category,
               const char           *received_at)
{
  g_autoptr(GError) error = NULL;
  char *id = bansou_consult_open (f->consult, body, BANSOU_CHANNEL_PHONE, category, BANSOU_PRIORITY_CRITICAL,
                                  "ランサムウェア感染の疑い", "業務端末の画面に脅迫文が表示された。",
                                  received_at, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_consult_set_field (f->consult, id, "incident", "true", &error));
  g_assert_no_error (error);
  return id;
}

static GDateTime *
at (const char *text)
{
  GDateTime *dt = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (dt);
  return dt;
}

static char *
local_text (GDateTime *dt)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, tz);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static BansouIncidentItem *
item_of (BansouIncidentChecklist *list,
         const char              *id)
{
  for (guint i = 0; i < list->items->len; i++)
    {
      BansouIncidentItem *item = g_ptr_array_index (list->items, i);
      if (g_str_equal (item->id, id))
        return item;
    }
  g_assert_not_reached ();
}

#define ASSERT_DEADLINE(list, id, text)                                   \
  G_STMT_START {                                                          \
    g_autofree char *d_ = local_text (item_of (list, id)->deadline);      \
    g_assert_cmpstr (d_, ==, text);                                       \
  } G_STMT_END

/* ------------------------------------------------------------------------ */

/* Received on Friday 25 December 2026 at 16:00, before the year-end
 * closure (12/29–1/3): calendar hours and days run through it, business
 * days skip the weekend and the closure. */
static void
test_deadlines (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = open_incident (f, HIROSHIMA_CITY, BANSOU_TICKET_CATEGORY_INCIDENT,
                                       "2026-12-25T16:00:00+09:00");
  g_autoptr(GDateTime) now = at ("2026-12-25T17:00:00+09:00");
  g_autoptr(BansouIncidentChecklist) list = bansou_consult_incident_checklist (f->consult, id, now, &error);
  const char * const *ids = bansou_consult_incident_get_items ();

  g_assert_no_error (error);
  g_assert_nonnull (list);
  g_assert_cmpuint (list->items->len, ==, g_strv_length ((char **) ids));
  for (guint i = 0; ids[i]; i++)
    g_assert_cmpstr (((BansouIncidentItem *) g_ptr_array_index (list->items, i))->id, ==, ids[i]);
  g_assert_cmpint (list->number, ==, 1);
  g_assert_false (list->unauthorized);
  g_assert_cmpuint (list->n_open, ==, 5);
  g_assert_cmpuint (list->n_overdue, ==, 0);

  ASSERT_DEADLINE (list, "mic_first", "2026-12-26 16:00:00");      /* 24 hours, a Saturday */
  ASSERT_DEADLINE (list, "mic_followup", "2027-01-05 17:15:00");   /* 12/28, 1/4, 1/5 */
  ASSERT_DEADLINE (list, "mic_final", "2027-01-24 23:59:59");      /* 30 days */
  ASSERT_DEADLINE (list, "ppc_prompt", "2026-12-28 23:59:59");     /* 3 days */
  ASSERT_DEADLINE (list, "ppc_final", "2027-01-24 23:59:59");      /* 30 days */
  g_assert_true (item_of (list, "mic_first")->by_default);
  g_assert_false (item_of (list, "ppc_final")->by_default);
  g_assert_cmpint (item_of (list, "mic_first")->remaining, ==, 23 * 3600);
  g_clear_pointer (&list, bansou_incident_checklist_free);

  /* An unlawful act: the 確報 is due in 60 days */
  g_assert_true (bansou_consult_incident_set_unauthorized (f->consult, "1", TRUE, &error));
  g_assert_no_error (error);
  list = bansou_consult_incident_checklist (f->consult, "1", now, &error);
  g_assert_no_error (error);
  g_assert_true (list->unauthorized);
  ASSERT_DEADLINE (list, "ppc_final", "2027-02-23 23:59:59");
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit WHERE field = 'incident.unauthorized'"
                                 " AND old_value = 'false' AND new_value = 'true'"), ==, 1);
  g_clear_pointer (&list, bansou_incident_checklist_free);

  /* Received after hours on a Sunday: the business days start on Monday */
  {
    g_autofree char *sunday = open_incident (f, HIROSHIMA_CITY, BANSOU_TICKET_CATEGORY_INCIDENT,
                                             "2026-12-06T22:10:00+09:00");
    list = bansou_consult_incident_checklist (f->consult, sunday, now, &error);
    g_assert_no_error (error);
    ASSERT_DEADLINE (list, "mic_first", "2026-12-07 22:10:00");
    ASSERT_DEADLINE (list, "mic_followup", "2026-12-09 17:15:00");   /* Mon 7, Tue 8, Wed 9 */
    ASSERT_DEADLINE (list, "ppc_prompt", "2026-12-09 23:59:59");
  }
}

static void
test_not_incident (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = open_incident (f, HIROSHIMA_CITY, BANSOU_TICKET_CATEGORY_TECHNICAL, NULL);
  g_autoptr(BansouIncidentChecklist) list = NULL;

  g_assert_true (bansou_consult_set_field (f->consult, id, "incident", "false", &error));
  g_assert_no_error (error);
  list = bansou_consult_incident_checklist (f->consult, id, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "重大インシデント"));
  g_clear_error (&error);
  g_assert_false (bansou_consult_incident_set_done (f->consult, id, "mic_first", BANSOU_INCIDENT_ITEM_DONE, NULL,
                                                    &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (bansou_consult_incident_dispatch (f->consult, f->dispatch, id, NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM dispatch_requests"), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM consult_incident_items"), ==, 0);
}

static void
test_done (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = open_incident (f, HIROSHIMA_CITY, BANSOU_TICKET_CATEGORY_INCIDENT,
                                       "2026-12-07T09:00:00+09:00");
  g_autoptr(GDateTime) late = at ("2026-12-08T10:00:00+09:00");
  g_autoptr(BansouIncidentChecklist) list = NULL;
  BansouIncidentItem *item;
  gint64 audit_before;

  /* A day later, the first report is overdue */
  list = bansou_consult_incident_checklist (f->consult, id, late, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->n_overdue, ==, 1);
  g_assert_true (item_of (list, "mic_first")->overdue);
  g_assert_cmpint (item_of (list, "mic_first")->remaining, ==, -3600);
  g_clear_pointer (&list, bansou_incident_checklist_free);

  /* Done at 10:30 on the 7th, by the store's actor */
  g_assert_true (bansou_consult_incident_set_done (f->consult, id, "mic_first", BANSOU_INCIDENT_ITEM_DONE,
                                                   "2026-12-07T10:30:00+09:00", &error));
  g_assert_no_error (error);
  g_assert_true (bansou_consult_incident_set_done (f->consult, id, "ppc_prompt",
                                                   BANSOU_INCIDENT_ITEM_NOT_APPLICABLE, NULL, &error));
  g_assert_no_error (error);
  list = bansou_consult_incident_checklist (f->consult, id, late, &error);
  g_assert_no_error (error);
  item = item_of (list, "mic_first");
  g_assert_cmpint (item->state, ==, BANSOU_INCIDENT_ITEM_DONE);
  g_assert_false (item->overdue);
  g_assert_cmpstr (item->done_by, ==, "山田");
  g_assert_cmpstr (item->done_at, ==, "2026-12-07T01:30:00Z");
  g_assert_cmpint (item_of (list, "ppc_prompt")->state, ==, BANSOU_INCIDENT_ITEM_NOT_APPLICABLE);
  g_assert_cmpuint (list->n_open, ==, 3);
  g_assert_cmpuint (list->n_overdue, ==, 0);
  g_clear_pointer (&list, bansou_incident_checklist_free);

  /* Audited, and the ticket (which carries the checklist) is in the outbox */
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit WHERE entity = 'consult_ticket'"
                                 " AND field = 'incident.mic_first' AND old_value = 'open'"
                                 " AND new_value = 'done 2026-12-07T01:30:00Z 山田' AND actor = '山田'"), ==, 1);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM outbox WHERE type = 'ticket' AND sent = 0"
                                 " AND json_array_length (payload, '$.checklist') = 2"), ==, 1);

  /* The same again changes nothing; open again removes it, audited */
  audit_before = count_sql (f, "SELECT count(*) FROM audit");
  g_assert_true (bansou_consult_incident_set_done (f->consult, id, "mic_first", BANSOU_INCIDENT_ITEM_DONE,
                                                   "2026-12-07T10:30:00+09:00", &error));
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit"), ==, audit_before);
  g_assert_true (bansou_consult_incident_set_done (f->consult, "1", "mic_first", BANSOU_INCIDENT_ITEM_OPEN, NULL,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit WHERE field = 'incident.mic_first'"
                                 " AND new_value = 'open'"), ==, 1);
  list = bansou_consult_incident_checklist (f->consult, id, late, &error);
  g_assert_true (item_of (list, "mic_first")->overdue);
  g_assert_null (item_of (list, "mic_first")->done_by);

  /* Bad input: nothing written */
  audit_before = count_sql (f, "SELECT count(*) FROM audit");
  g_assert_false (bansou_consult_incident_set_done (f->consult, id, "mic_last", BANSOU_INCIDENT_ITEM_DONE, NULL,
                                                    &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "mic_last"));
  g_clear_error (&error);
  g_assert_false (bansou_consult_incident_set_done (f->consult, id, "mic_final", BANSOU_INCIDENT_ITEM_DONE,
                                                    "yesterday", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bansou_consult_incident_set_done (f->consult, "99", "mic_final", BANSOU_INCIDENT_ITEM_DONE, NULL,
                                                    &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit"), ==, audit_before);

  /* Reports are often finished after the ticket is closed */
  g_assert_true (bansou_consult_set_state (f->consult, id, BANSOU_TICKET_CLOSED, "2026-12-09T10:00:00+09:00", &error));
  g_assert_no_error (error);
  g_assert_true (bansou_consult_incident_set_done (f->consult, id, "mic_final", BANSOU_INCIDENT_ITEM_DONE, NULL,
                                                   &error));
  g_assert_no_error (error);
}

static void
test_dispatch (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = open_incident (f, KURE_CITY, BANSOU_TICKET_CATEGORY_INCIDENT, NULL);
  g_autofree char *request = NULL;
  g_autofree char *again = NULL;
  g_autoptr(BansouDispatchRequest) r = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  gboolean created = FALSE;
  const char *questions[] = { Q_CISO, Q_DEPARTMENTS, NULL };

  g_assert_true (bansou_consult_set_questions (f->consult, id, questions, &error));
  g_assert_no_error (error);

  request = bansou_consult_incident_dispatch (f->consult, f->dispatch, id, &created, &error);
  g_assert_no_error (error);
  g_assert_nonnull (request);
  g_assert_true (created);
  r = bansou_dispatch_get_request (f->dispatch, request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->body, ==, KURE_CITY);
  g_assert_cmpint (r->urgency, ==, BANSOU_URGENCY_INCIDENT);
  g_assert_cmpint (r->source, ==, BANSOU_REQUEST_SOURCE_CONSULTATION);
  g_assert_cmpstr (r->source_ref, ==, id);
  g_assert_cmpstr (r->wanted_from, ==, today);
  g_assert_cmpstr (r->wanted_until, ==, today);
  g_assert_cmpuint (g_strv_length (r->questions), ==, 2);
  g_assert_cmpstr (r->questions[0], ==, Q_CISO);
  g_assert_true (g_str_has_prefix (r->purpose, "相談 1「ランサムウェア感染の疑い」"));
  g_assert_nonnull (strstr (r->purpose, bansou_question_get_label (bansou_catalog_lookup_question (f->catalog, Q_CISO))));

  /* Through the dispatch room's path: audited, in the outbox */
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit WHERE entity = 'dispatch_request' AND field = 'created'"), ==, 1);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM outbox WHERE type = 'dispatch_request'"), ==, 1);

  /* Idempotent: the second call shows the same request */
  again = bansou_consult_incident_dispatch (f->consult, f->dispatch, "1", &created, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, request);
  g_assert_false (created);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM dispatch_requests"), ==, 1);

  /* Once cancelled, a new one can be made */
  g_assert_true (bansou_dispatch_set_request_field (f->dispatch, request, "state", "cancelled", &error));
  g_assert_no_error (error);
  g_clear_pointer (&again, g_free);
  again = bansou_consult_incident_dispatch (f->consult, f->dispatch, id, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  g_assert_cmpstr (again, !=, request);
}

static void
test_support (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* 00:30 in Japan is the day before in UTC: the day of the action is Japan's */
  g_autofree char *id = open_incident (f, HIROSHIMA_CITY, BANSOU_TICKET_CATEGORY_INCIDENT,
                                       "2026-12-08T00:30:00+09:00");
  const char *two[] = { Q_CISO, Q_DEPARTMENTS, NULL };
  const char *one[] = { Q_DEPARTMENTS, NULL };
  g_autofree char *day = NULL;

  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM support_actions"), ==, 0);
  g_assert_true (bansou_consult_set_questions (f->consult, id, two, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM support_actions WHERE kind = 'consultation'"
                                 " AND body = '341002' AND actor = ''"), ==, 2);
  day = text_sql (f, "SELECT DISTINCT on_date FROM support_actions");
  g_assert_cmpstr (day, ==, "2026-12-08");

  g_assert_true (bansou_consult_set_questions (f->consult, id, one, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM support_actions"), ==, 1);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM support_actions WHERE question = '" Q_DEPARTMENTS "'"), ==, 1);

  g_assert_true (bansou_consult_set_questions (f->consult, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM support_actions"), ==, 0);
}

static void
set_instants (Fixture    *f,
              const char *id,
              const char *first,
              const char *resolved,
              const char *state)
{
  g_autoptr(sqlite3_stmt) stmt =
    _bansou_store_prepare (f->store, "UPDATE consult_tickets SET first_response_at = ?2, resolved_at = ?3,"
                           " state = ?4 WHERE id = ?1", NULL);

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, resolved, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, state, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

/* critical: first response 1 office hour, resolution 1 office day */
static void
test_figures (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at ("2026-12-10T12:00:00+09:00");
  g_autofree char *a = open_incident (f, HIROSHIMA_CITY, BANSOU_TICKET_CATEGORY_INCIDENT, "2026-12-07T09:00:00+09:00");
  g_autofree char *b = open_incident (f, KURE_CITY, BANSOU_TICKET_CATEGORY_CLOUD, "2026-12-07T09:00:00+09:00");
  g_autofree char *c = open_incident (f, KURE_CITY, BANSOU_TICKET_CATEGORY_CLOUD, "2026-12-09T09:00:00+09:00");
  g_autofree char *d = open_incident (f, HIROSHIMA_CITY, BANSOU_TICKET_CATEGORY_POLICY, "2026-03-31T09:00:00+09:00");
  g_autofree char *e = open_incident (f, MITO_CITY, BANSOU_TICKET_CATEGORY_POLICY, "2026-12-07T09:00:00+09:00");
  BansouConsultFigures fig;

  /* a: both in time; b: first reply late, answer in time; c: nothing yet
   * (overdue); d: received before the period, answered in it, late;
   * e: 茨城県's, outside the prefecture */
  set_instants (f, a, "2026-12-07T09:30:00+09:00", "2026-12-07T15:00:00+09:00", "closed");
  set_instants (f, b, "2026-12-07T11:00:00+09:00", "2026-12-07T16:00:00+09:00", "answered");
  set_instants (f, d, "2026-04-02T09:00:00+09:00", "2026-04-03T09:00:00+09:00", "closed");
  set_instants (f, e, "2026-12-07T09:10:00+09:00", NULL, "in_progress");

  g_assert_true (bansou_consult_get_figures (f->consult, "34", "2026-04-01T00:00:00+09:00",
                                             "2027-04-01T00:00:00+09:00", now, &fig, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fig.received, ==, 3);
  g_assert_cmpuint (fig.by_category[BANSOU_TICKET_CATEGORY_INCIDENT], ==, 1);
  g_assert_cmpuint (fig.by_category[BANSOU_TICKET_CATEGORY_CLOUD], ==, 2);
  g_assert_cmpuint (fig.by_category[BANSOU_TICKET_CATEGORY_POLICY], ==, 0);
  g_assert_cmpuint (fig.incidents, ==, 3);
  g_assert_cmpuint (fig.first_response_stopped, ==, 3);   /* a, b, d */
  g_assert_cmpuint (fig.first_response_met, ==, 1);       /* a */
  g_assert_cmpuint (fig.resolution_stopped, ==, 3);
  g_assert_cmpuint (fig.resolution_met, ==, 2);           /* a, b */
  g_assert_cmpuint (fig.open_now, ==, 2);                 /* b (answered), c */
  g_assert_cmpuint (fig.overdue_now, ==, 2);              /* b's late first reply, c */

  /* The nation: 茨城県's ticket too */
  g_assert_true (bansou_consult_get_figures (f->consult, NULL, "2026-04-01T00:00:00+09:00", NULL, now, &fig, &error));
  g_assert_cmpuint (fig.received, ==, 4);
  g_assert_cmpuint (fig.by_category[BANSOU_TICKET_CATEGORY_POLICY], ==, 1);
  g_assert_cmpuint (fig.first_response_stopped, ==, 4);
  g_assert_cmpuint (fig.open_now, ==, 3);

  g_assert_false (bansou_consult_get_figures (f->consult, "34", "April", NULL, now, &fig, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
}

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })

static void
test_ctl (void)
{
  g_autofree char *db = bansou_test_db_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *obj;
  JsonArray *items;

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("init", "--prefecture", "34"), NULL, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "open", KURE_CITY, "--subject", "不正アクセスによる漏えい",
                                                 "--priority", "critical", "--category", "incident",
                                                 "--received", "2026-12-04T16:30:00+09:00"), NULL, NULL), ==, 0);

  /* Not in incident mode yet: refused in Japanese */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "incident", "1"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "重大インシデント"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "set", "1", "incident", "true"), NULL, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "set", "1", "questions", Q_CISO), NULL, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "incident", "1", "--now", "2026-12-05T20:00:00+09:00"),
                                        &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "総務省への第一報"));
  g_assert_nonnull (strstr (out, "2026-12-05 16:30"));
  g_assert_nonnull (strstr (out, "期限超過"));
  g_assert_nonnull (strstr (out, "2026-12-09 17:15"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "incident-done", "1", "mic_first",
                                                 "--at", "2026-12-04T18:00:00+09:00"), NULL, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "incident-done", "1", "ppc_prompt", "--state", "na"),
                                        NULL, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "incident", "1", "--unauthorized", "yes",
                                                 "--now", "2026-12-05T20:00:00+09:00", "--format", "json"),
                                        &out, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (obj, "unauthorized"));
  g_assert_cmpint (json_object_get_int_member (obj, "overdue"), ==, 0);
  items = json_object_get_array_member (obj, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "state"), ==, "done");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 3), "state"), ==, "na");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 4), "deadline"), ==,
                   "2027-02-02T23:59:59+09:00");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "incident", "1", "--format", "csv"), &out, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "item,recipient,deadline,default,state,done_at,done_by,overdue\r\n"
                                        "mic_first,"));
  g_clear_pointer (&out, g_free);

  /* The urgent request, once */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "dispatch", "1"), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "依頼 1"));
  g_assert_nonnull (strstr (out, "相談 1「不正アクセスによる漏えい」"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "dispatch", "1", "--format", "json"), &out, NULL), ==, 0);
  g_clear_object (&parser);
  parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (obj, "created"));
  g_assert_cmpint (json_object_get_int_member (obj, "number"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (obj, "urgency"), ==, "incident");
  g_clear_pointer (&out, g_free);

  /* Wrong input: 2 for usage, 1 for refused work, in Japanese */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "incident-done", "1", "mic_first", "--state", "maybe"),
                                        NULL, &err), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "incident-done", "1", "nothing"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "チェックリスト"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "incident", "1", "--unauthorized", "perhaps"),
                                        NULL, &err), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "incident"), NULL, &err), ==, 2);
  g_clear_pointer (&err, g_free);

  /* The ticket is a support action of its own kind in 支援効果 (相談): after
   * the latest round, so it waits for the next one */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("demo", "--rounds", "2"), NULL, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("support", "effect", "--by", "kind", "--format", "csv"), &out, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "\r\nconsultation,相談,0,"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("support", "effect", "--by", "kind"), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "相談"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "ja", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  bansou_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/consult/incident/deadlines", test_deadlines);
  ADD ("/consult/incident/not-incident", test_not_incident);
  ADD ("/consult/incident/done", test_done);
  ADD ("/consult/incident/dispatch", test_dispatch);
  ADD ("/consult/incident/support", test_support);
  ADD ("/consult/incident/figures", test_figures);
  g_test_add_func ("/consult/incident/ctl", test_ctl);

  return g_test_run ();
}
