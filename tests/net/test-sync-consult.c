/* test-sync-consult.c — the consultation desk's tickets and threads, against a real bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Two workbenches of 広島県 (34-A, 34-B), one of 岡山県 (33), a body token
 * of 広島市 and the national desk, against one bansou-server process
 * (tests/lib/server-harness: 127.0.0.1 port 0, TLS). A ticket and its
 * thread stay within the prefecture of the ticket's body. docs/api.md
 * "Consultation tickets", docs/consult.md "Sync and escalation".
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "bansou-consult.h"
#include "bansou-consult-incident.h"
#include "bansou-sync-tuning.h"
#include "bansou-test-utils.h"
#include "server-harness.h"

#define HIROSHIMA "341002"   /* 広島市 */
#define KURE      "342025"   /* 呉市 */

typedef struct
{
  BsvServer   *server;
  SoupSession *session;
  char        *national;
  char        *hiroshima;
  char        *okayama;
  char        *city;      /* a body token of 広島市 */
} Fixture;

static void
fixture_free (Fixture *f)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, bsv_server_free);
  g_free (f->national);
  g_free (f->hiroshima);
  g_free (f->okayama);
  g_free (f->city);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static Fixture *
fixture_new (void)
{
  g_autofree char *dir = bansou_test_make_dir ();
  Fixture *f = g_new0 (Fixture, 1);

  f->server = bsv_server_new (dir, NULL);
  f->national = bsv_server_token (f->server, "national", "00", "総務省");
  f->hiroshima = bsv_server_token (f->server, "prefecture", "34", "広島県");
  f->okayama = bsv_server_token (f->server, "prefecture", "33", "岡山県");
  f->city = bsv_server_token (f->server, "body", HIROSHIMA, "広島市");
  bsv_server_start (f->server);
  f->session = bsv_session_new (f->server);
  return f;
}

static gint64
server_int (Fixture    *f,
            const char *sql)
{
  gint64 value = bsv_server_query_int (f->server, sql);

  g_assert_cmpint (value, !=, -1);
  return value;
}

static BsvResponse *
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *token,
         const char *if_match,
         const char *body)
{
  g_autofree char *key = g_uuid_string_random ();

  return bsv_request (f->session, f->server, method, path, token, if_match,
                      g_str_equal (method, "GET") ? NULL : key, body);
}

/* Whether @token's change feed carries a record of a type starting with "ticket". */
static gboolean
feed_has_ticket (Fixture    *f,
                 const char *token)
{
  g_autoptr(BsvResponse) r = request (f, "GET", "/changes?since=0&limit=5000", token, NULL, NULL);
  JsonArray *changes;

  g_assert_cmpuint (r->status, ==, 200);
  changes = json_object_get_array_member (json_node_get_object (r->json), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      const char *type = json_object_get_string_member (json_array_get_object_element (changes, i), "type");
      if (g_str_has_prefix (type, "ticket"))
        return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Workbenches                                                              */

typedef struct
{
  char           *path;
  BansouStore    *store;
  BansouRegistry *registry;
  BansouCalendar *calendar;
  BansouConsult  *consult;
  BansouSync     *sync;
} Bench;

static void
bench_free (Bench *b)
{
  g_clear_object (&b->sync);
  g_clear_object (&b->consult);
  g_clear_object (&b->calendar);
  g_clear_object (&b->registry);
  g_clear_object (&b->store);
  g_free (b->path);
  g_free (b);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Bench, bench_free)

static Bench *
bench_new (Fixture    *f,
           const char *prefecture,
           const char *token)
{
  g_autoptr(GError) error = NULL;
  Bench *b = g_new0 (Bench, 1);
  BansouSyncLimits limits = { 0 };

  b->store = bansou_test_open_store (&b->path);
  bansou_store_set_setting (b->store, "prefecture", prefecture, &error);
  g_assert_no_error (error);
  b->registry = bansou_registry_new (b->store);
  b->calendar = bansou_calendar_new_for_store (b->store, &error);
  g_assert_no_error (error);
  b->consult = bansou_consult_new (b->registry, b->calendar);
  b->sync = bansou_sync_new (b->path);
  limits.max_attempts = 4;
  limits.backoff_ms = 10;
  _bansou_sync_set_limits (b->sync, &limits);
  bansou_sync_set_server (b->sync, f->server->url, token, f->server->cert);
  return b;
}

static void
bench_sync_ok (Bench           *b,
               BansouSyncStats *out)
{
  g_autoptr(GError) error = NULL;
  BansouSyncStats stats = { 0 };

  bansou_sync_run (b->sync, NULL, &stats, &error);
  g_assert_no_error (error);
  if (out)
    *out = stats;
}

static gint64
bench_int (Bench      *b,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (b->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* 34-A takes a call from 広島市: a ticket with two questions, the body's
 * words, a reply, and a pause (先方待ち) that has ended. */
static char *
open_ticket (Bench *a)
{
  g_autoptr(GError) error = NULL;
  const char *questions[] = { "1.1", "2.3", NULL };
  g_autofree char *m1 = NULL;
  g_autofree char *m2 = NULL;
  char *id;

  id = bansou_consult_open (a->consult, HIROSHIMA, BANSOU_CHANNEL_PHONE, BANSOU_TICKET_CATEGORY_CLOUD,
                            BANSOU_PRIORITY_HIGH, "ガバメントクラウド移行時のログ保管",
                            "移行後のアクセスログの保存期間について", "2026-06-01T09:00:00+09:00", &error);
  g_assert_no_error (error);
  g_assert_true (bansou_consult_set_questions (a->consult, id, questions, &error));
  g_assert_true (bansou_consult_set_field (a->consult, id, "assignee", "情報政策課 田中", &error));
  m1 = bansou_consult_add_message (a->consult, id, BANSOU_MESSAGE_INBOUND, "保存期間は何年必要ですか。",
                                   "2026-06-01T09:05:00+09:00", &error);
  g_assert_no_error (error);
  g_assert_true (bansou_consult_set_state (a->consult, id, BANSOU_TICKET_ON_HOLD, "2026-06-01T10:00:00+09:00",
                                           &error));
  g_assert_true (bansou_consult_set_state (a->consult, id, BANSOU_TICKET_IN_PROGRESS,
                                           "2026-06-02T10:00:00+09:00", &error));
  m2 = bansou_consult_add_message (a->consult, id, BANSOU_MESSAGE_REPLY, "ガイドラインでは1年以上です。",
                                   "2026-06-02T11:00:00+09:00", &error);
  g_assert_no_error (error);
  return id;
}

/* ------------------------------------------------------------------------ */

static void
test_scope (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->hiroshima);
  g_autoptr(Bench) b = bench_new (f, "34", f->hiroshima);
  g_autoptr(Bench) okayama = bench_new (f, "33", f->okayama);
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouTicket) mine = NULL;
  g_autoptr(BansouTicket) seen = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message_path = NULL;
  g_autofree char *reply = NULL;
  BansouSyncStats stats = { 0 };

  id = open_ticket (a);
  bench_sync_ok (a, &stats);
  g_assert_cmpuint (stats.pushed, ==, 3);   /* the ticket as it stands, its two messages */
  g_assert_cmpuint (bansou_sync_count_pending (a->store), ==, 0);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM consult_tickets WHERE prefecture = '34'"), ==, 1);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM consult_messages"), ==, 2);

  /* 34-B sees the queue and the thread, as 34-A has them. */
  bench_sync_ok (b, &stats);
  mine = bansou_consult_lookup (a->consult, id, &error);
  g_assert_no_error (error);
  seen = bansou_consult_lookup (b->consult, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen->subject, ==, mine->subject);
  g_assert_cmpstr (seen->description, ==, mine->description);
  g_assert_cmpstr (seen->assignee, ==, "情報政策課 田中");
  g_assert_cmpstr (seen->body, ==, HIROSHIMA);
  g_assert_cmpint (seen->priority, ==, BANSOU_PRIORITY_HIGH);
  g_assert_cmpint (seen->state, ==, BANSOU_TICKET_IN_PROGRESS);
  g_assert_cmpstr (seen->first_response_at, ==, mine->first_response_at);
  g_assert_cmpuint (g_strv_length (seen->questions), ==, 2);
  g_assert_cmpstr (seen->questions[1], ==, "2.3");
  g_assert_cmpuint (seen->messages->len, ==, 2);
  g_assert_cmpstr (((BansouTicketMessage *) g_ptr_array_index (seen->messages, 1))->text, ==,
                   "ガイドラインでは1年以上です。");
  g_assert_cmpuint (seen->pauses->len, ==, mine->pauses->len);
  g_assert_cmpuint (seen->pauses->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen->pauses, 1), ==, g_ptr_array_index (mine->pauses, 1));
  g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, 0);

  /* 34-B answers in the thread; 34-A receives it. */
  reply = bansou_consult_add_message (b->consult, id, BANSOU_MESSAGE_NOTE, "県内の他市の例も確認",
                                      "2026-06-02T13:00:00+09:00", &error);
  g_assert_no_error (error);
  bench_sync_ok (b, &stats);
  g_assert_cmpuint (stats.pushed, ==, 1);
  bench_sync_ok (a, NULL);
  g_assert_cmpint (bench_int (a, "SELECT count(*) FROM consult_messages"), ==, 3);

  /* 岡山県: nothing in its feed or its tables, nothing by GET, no write. */
  bench_sync_ok (okayama, NULL);
  g_assert_cmpint (bench_int (okayama, "SELECT count(*) FROM consult_tickets"), ==, 0);
  g_assert_cmpint (bench_int (okayama, "SELECT count(*) FROM consult_messages"), ==, 0);
  g_assert_false (feed_has_ticket (f, f->okayama));
  g_assert_true (feed_has_ticket (f, f->hiroshima));
  /* Neither the body nor the national desk reads the prefecture's desk. */
  g_assert_false (feed_has_ticket (f, f->city));
  g_assert_false (feed_has_ticket (f, f->national));
  path = g_strdup_printf ("/consult/tickets/%s", id);
  message_path = g_strdup_printf ("%s/messages/%s", path, reply);
  {
    g_autoptr(BsvResponse) own = request (f, "GET", path, f->hiroshima, NULL, NULL);
    g_autoptr(BsvResponse) other = request (f, "GET", path, f->okayama, NULL, NULL);
    g_autoptr(BsvResponse) body = request (f, "GET", path, f->city, NULL, NULL);
    g_autoptr(BsvResponse) nat = request (f, "GET", path, f->national, NULL, NULL);
    g_autoptr(BsvResponse) msg = request (f, "GET", message_path, f->okayama, NULL, NULL);
    g_autoptr(BsvResponse) own_msg = request (f, "GET", message_path, f->hiroshima, NULL, NULL);
    g_autoptr(BsvResponse) none = request (f, "GET", "/consult/tickets/00000000-0000-4000-8000-000000000000",
                                           f->okayama, NULL, NULL);

    g_assert_cmpuint (own->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (own->json), "body"), ==, HIROSHIMA);
    g_assert_cmpuint (other->status, ==, 404);
    g_assert_cmpstr (other->body, ==, none->body);   /* not even its existence */
    g_assert_cmpuint (body->status, ==, 404);
    g_assert_cmpuint (nat->status, ==, 404);
    g_assert_cmpuint (msg->status, ==, 404);
    g_assert_cmpuint (own_msg->status, ==, 200);
  }
  {
    g_autofree char *data = g_strdup_printf ("{\"body\": \"%s\", \"channel\": \"phone\", \"category\": \"other\", "
                                             "\"priority\": \"low\", \"state\": \"closed\", \"subject\": \"乗っ取り\", "
                                             "\"received_at\": \"2026-06-01T09:00:00+09:00\"}", HIROSHIMA);
    g_autoptr(BsvResponse) o = request (f, "PUT", path, f->okayama, "\"1\"", data);
    g_autoptr(BsvResponse) c = request (f, "PUT", path, f->city, "\"1\"", data);
    g_autoptr(BsvResponse) n = request (f, "PUT", path, f->national, "\"1\"", data);

    g_assert_cmpuint (o->status, ==, 403);
    g_assert_cmpuint (c->status, ==, 403);
    g_assert_cmpuint (n->status, ==, 403);
  }
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM consult_tickets WHERE data LIKE '%乗っ取り%'"), ==, 0);
  {
    /* A ticket of 広島県's body written by 岡山県 */
    g_autofree char *other = g_uuid_string_random ();
    g_autofree char *opath = g_strdup_printf ("/consult/tickets/%s", other);
    g_autofree char *data = g_strdup_printf ("{\"body\": \"%s\", \"channel\": \"phone\", \"category\": \"other\", "
                                             "\"priority\": \"low\", \"state\": \"received\", \"subject\": \"x\", "
                                             "\"received_at\": \"2026-06-01T09:00:00+09:00\"}", KURE);
    g_autoptr(BsvResponse) o = request (f, "PUT", opath, f->okayama, "\"0\"", data);

    g_assert_cmpuint (o->status, ==, 403);
  }
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM consult_tickets"), ==, 1);
}

/* The 重大インシデント checklist travels inside the ticket record, both
 * ways, and the ticket's support actions follow it onto the workbench
 * that pulls it; a checklist item the desk does not know is refused. */
static void
test_incident (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->hiroshima);
  g_autoptr(Bench) b = bench_new (f, "34", f->hiroshima);
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouIncidentChecklist) list = NULL;
  g_autofree char *id = open_ticket (a);
  const BansouIncidentItem *first;

  bansou_store_set_actor (a->store, "34-A 山田");
  g_assert_true (bansou_consult_set_field (a->consult, id, "incident", "true", &error));
  g_assert_true (bansou_consult_incident_set_done (a->consult, id, "mic_first", BANSOU_INCIDENT_ITEM_DONE,
                                                   "2026-06-01T11:00:00+09:00", &error));
  g_assert_true (bansou_consult_incident_set_unauthorized (a->consult, id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bench_int (a, "SELECT count(*) FROM support_actions WHERE kind = 'consultation'"), ==, 2);
  bench_sync_ok (a, NULL);
  g_assert_cmpint (server_int (f, bsv_store_is_pg ()
                                  ? "SELECT count(*) FROM consult_tickets WHERE CAST(data AS json) ->> 'unauthorized' = 'true'"
                                    " AND json_array_length (CAST(data AS json) -> 'checklist') = 1"
                                  : "SELECT count(*) FROM consult_tickets WHERE json_extract (data, '$.unauthorized')"
                                    " AND json_array_length (data, '$.checklist') = 1"), ==, 1);

  bench_sync_ok (b, NULL);
  list = bansou_consult_incident_checklist (b->consult, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (list->unauthorized);
  first = g_ptr_array_index (list->items, 0);
  g_assert_cmpstr (first->id, ==, "mic_first");
  g_assert_cmpint (first->state, ==, BANSOU_INCIDENT_ITEM_DONE);
  g_assert_cmpstr (first->done_by, ==, "34-A 山田");
  g_assert_cmpstr (first->done_at, ==, "2026-06-01T02:00:00Z");
  /* derived on the pulling workbench, never synced themselves */
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM support_actions WHERE kind = 'consultation'"
                                 " AND body = '" HIROSHIMA "' AND on_date = '2026-06-01'"), ==, 2);
  g_clear_pointer (&list, bansou_incident_checklist_free);

  /* 34-B marks the leak report not applicable; 34-A receives it */
  bansou_store_set_actor (b->store, "34-B 佐藤");
  g_assert_true (bansou_consult_incident_set_done (b->consult, id, "ppc_prompt",
                                                   BANSOU_INCIDENT_ITEM_NOT_APPLICABLE, NULL, &error));
  g_assert_no_error (error);
  bench_sync_ok (b, NULL);
  bench_sync_ok (a, NULL);
  list = bansou_consult_incident_checklist (a->consult, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((BansouIncidentItem *) g_ptr_array_index (list->items, 3))->state, ==,
                   BANSOU_INCIDENT_ITEM_NOT_APPLICABLE);
  g_assert_cmpstr (((BansouIncidentItem *) g_ptr_array_index (list->items, 3))->done_by, ==, "34-B 佐藤");
  g_assert_cmpint (((BansouIncidentItem *) g_ptr_array_index (list->items, 0))->state, ==,
                   BANSOU_INCIDENT_ITEM_DONE);

  /* An item the checklist does not have: 400, nothing written */
  {
    g_autofree char *data = g_strdup_printf ("{\"body\": \"%s\", \"channel\": \"phone\", \"category\": \"other\", "
                                             "\"priority\": \"low\", \"state\": \"received\", \"subject\": \"x\", "
                                             "\"received_at\": \"2026-06-01T09:00:00+09:00\", \"checklist\": "
                                             "[{\"item\": \"police\", \"state\": \"done\", "
                                             "\"done_at\": \"2026-06-01T02:00:00Z\"}]}", HIROSHIMA);
    g_autofree char *other = g_strdup_printf ("/consult/tickets/%s", "00000000-0000-4000-8000-00000000000a");
    g_autoptr(BsvResponse) r = request (f, "PUT", other, f->hiroshima, "\"0\"", data);

    g_assert_cmpuint (r->status, ==, 400);
  }
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM consult_tickets"), ==, 1);
}

/* Concurrent edits of a ticket on 34-A and 34-B become a conflict with
 * the ticket's fields; the thread never conflicts. */
static void
test_conflict (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->hiroshima);
  g_autoptr(Bench) b = bench_new (f, "34", f->hiroshima);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(BansouTicket) t = NULL;
  g_autofree char *id = NULL;
  g_autofree char *ma = NULL;
  g_autofree char *mb = NULL;
  const BansouSyncField *fields;
  BansouConflict *c;
  BansouSyncStats stats = { 0 };
  guint n_fields;

  id = open_ticket (a);
  bench_sync_ok (a, NULL);
  bench_sync_ok (b, NULL);

  g_assert_true (bansou_consult_set_field (a->consult, id, "subject", "ログ保管（A版）", &error));
  g_assert_true (bansou_consult_set_field (b->consult, id, "subject", "ログ保管（B版）", &error));
  ma = bansou_consult_add_message (a->consult, id, BANSOU_MESSAGE_NOTE, "Aのメモ", NULL, &error);
  mb = bansou_consult_add_message (b->consult, id, BANSOU_MESSAGE_NOTE, "Bのメモ", NULL, &error);
  g_assert_no_error (error);
  bench_sync_ok (a, NULL);
  bench_sync_ok (b, &stats);
  g_assert_cmpuint (stats.conflicts, ==, 1);
  conflicts = bansou_sync_list_conflicts (b->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  c = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (c->type, ==, "ticket");
  g_assert_nonnull (strstr (c->mine_json, "B版"));
  g_assert_nonnull (strstr (c->theirs_json, "A版"));
  fields = bansou_sync_get_conflict_fields ("ticket", &n_fields);
  g_assert_cmpuint (n_fields, ==, 3);
  g_assert_cmpstr (fields[0].key, ==, "subject");
  /* Both notes are in both threads' future: B's went up. */
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM consult_messages"), ==, 4);

  /* Merged: a subject of both, sent on the server's revision. */
  g_assert_true (bansou_sync_resolve_conflict (b->store, c->id, BANSOU_CONFLICT_MERGED,
                                               "{\"subject\": \"ログ保管（統合）\", \"description\": \"両方\", "
                                               "\"assignee\": \"田中\"}", &error));
  g_assert_no_error (error);
  bench_sync_ok (b, &stats);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, 0);
  bench_sync_ok (a, NULL);
  t = bansou_consult_lookup (a->consult, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (t->subject, ==, "ログ保管（統合）");
  g_assert_cmpstr (t->assignee, ==, "田中");
  g_assert_cmpuint (t->messages->len, ==, 4);
  g_assert_cmpuint (t->questions ? g_strv_length (t->questions) : 0, ==, 2);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM consult_tickets WHERE data LIKE '%統合%'"), ==, 1);
}

/* Malformed records: 4xx naming the member, nothing written. */
static void
test_malformed (void)
{
  static const struct {
    const char *patch;      /* a member replaced in a valid ticket */
    const char *named;
  } tickets[] = {
    { "\"subject\": \"\"", "subject" },
    { "\"subject\": 7", "subject" },
    { "\"channel\": \"fax\"", "channel" },
    { "\"category\": \"misc\"", "category" },
    { "\"priority\": \"urgent\"", "priority" },
    { "\"state\": \"open\"", "state" },
    { "\"held_from\": \"later\"", "held_from" },
    { "\"received_at\": null", "received_at" },
    { "\"incident\": \"yes\"", "incident" },
    { "\"questions\": \"1.1\"", "questions" },
    { "\"questions\": [\"\"]", "questions" },
    { "\"pauses\": [{\"ended_at\": null}]", "started_at" },
    { "\"pauses\": 3", "pauses" },
    { "\"body\": \"34100\"", "body" },
  };
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *path = g_strdup_printf ("/consult/tickets/%s", id);
  g_autofree char *mid = g_uuid_string_random ();
  g_autofree char *mpath = g_strdup_printf ("%s/messages/%s", path, mid);
  g_autofree char *valid = g_strdup_printf ("\"body\": \"%s\", \"channel\": \"mail\", \"category\": \"incident\", "
                                            "\"priority\": \"critical\", \"state\": \"received\", "
                                            "\"subject\": \"不審メール\", \"received_at\": \"2026-06-01T09:00:00+09:00\", "
                                            "\"questions\": [], \"pauses\": []", HIROSHIMA);

  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    {
      g_autofree char *body = g_strdup_printf ("{%s, %s}", valid, tickets[i].patch);
      g_autoptr(BsvResponse) r = request (f, "PUT", path, f->hiroshima, "\"0\"", body);

      g_test_message ("%s", tickets[i].patch);
      g_assert_cmpuint (r->status, ==, 400);
      g_assert_nonnull (strstr (r->body, tickets[i].named));
    }
  {
    g_autoptr(BsvResponse) r = request (f, "PUT", "/consult/tickets/not-a-uuid", f->hiroshima, "\"0\"", "{}");
    g_assert_cmpuint (r->status, ==, 400);
    g_assert_nonnull (strstr (r->body, "ticket"));
  }
  {
    /* Not a body code (a wrong check digit) */
    g_autofree char *body = g_strdup_printf ("{%s, \"body\": \"341001\"}", valid);
    g_autoptr(BsvResponse) r = request (f, "PUT", path, f->hiroshima, "\"0\"", body);
    g_assert_cmpuint (r->status, ==, 400);
    g_assert_nonnull (strstr (r->body, "body"));
  }
  {
    /* A message before its ticket */
    g_autoptr(BsvResponse) r = request (f, "PUT", mpath, f->hiroshima, "\"0\"",
                                        "{\"kind\": \"reply\", \"text\": \"x\", \"created_at\": \"2026-06-01\"}");
    g_assert_cmpuint (r->status, ==, 404);
  }
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM consult_tickets"), ==, 0);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM changes WHERE type LIKE 'ticket%'"), ==, 0);

  {
    g_autofree char *body = g_strdup_printf ("{%s}", valid);
    g_autoptr(BsvResponse) r = request (f, "PUT", path, f->hiroshima, "\"0\"", body);
    g_assert_cmpuint (r->status, ==, 201);
  }
  {
    g_autoptr(BsvResponse) k = request (f, "PUT", mpath, f->hiroshima, "\"0\"",
                                        "{\"kind\": \"memo\", \"text\": \"x\", \"created_at\": \"2026-06-01\"}");
    g_autoptr(BsvResponse) t = request (f, "PUT", mpath, f->hiroshima, "\"0\"",
                                        "{\"kind\": \"reply\", \"text\": \"\", \"created_at\": \"2026-06-01\"}");
    g_autoptr(BsvResponse) ok = request (f, "PUT", mpath, f->hiroshima, "\"0\"",
                                         "{\"kind\": \"reply\", \"text\": \"回答\", \"created_at\": \"2026-06-01\"}");
    g_autofree char *rev = NULL;

    g_assert_cmpuint (k->status, ==, 400);
    g_assert_nonnull (strstr (k->body, "kind"));
    g_assert_cmpuint (t->status, ==, 400);
    g_assert_nonnull (strstr (t->body, "text"));
    g_assert_cmpuint (ok->status, ==, 201);
    rev = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                           json_object_get_int_member (json_node_get_object (ok->json), "rev"));
    {
      /* Append-only: a changed message is refused */
      g_autoptr(BsvResponse) ch = request (f, "PUT", mpath, f->hiroshima, rev,
                                           "{\"kind\": \"reply\", \"text\": \"書き換え\", \"created_at\": \"2026-06-01\"}");
      g_assert_cmpuint (ch->status, ==, 400);
    }
  }
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM consult_messages WHERE text = '回答'"), ==, 1);
}

/* Articles: a prefecture's stays in its prefecture, a national one (and
 * every article of the national desk) reaches everyone; drafts never
 * leave; only the origin writes. */
static void
test_articles (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->hiroshima);
  g_autoptr(Bench) b = bench_new (f, "34", f->hiroshima);
  g_autoptr(Bench) okayama = bench_new (f, "33", f->okayama);
  g_autoptr(Bench) national = bench_new (f, "00", f->national);
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *nat = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sql = NULL;
  BansouSyncStats stats = { 0 };

  draft = bansou_consult_add_article (a->consult, "下書きの記事", "", "まだ公開しない", BANSOU_TICKET_CATEGORY_OTHER,
                                      NULL, &error);
  g_assert_no_error (error);
  shared = bansou_consult_add_article (a->consult, "ログの保存期間", "何年保存しますか", "1年以上",
                                       BANSOU_TICKET_CATEGORY_CLOUD, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_consult_set_visibility (a->consult, shared, BANSOU_VISIBILITY_PREFECTURE, &error));
  g_assert_no_error (error);
  bench_sync_ok (a, &stats);
  g_assert_cmpuint (stats.pushed, ==, 1);   /* the draft stays here */
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM consult_articles"), ==, 1);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM changes WHERE type = 'article' AND prefecture = '34'"), ==, 1);

  bench_sync_ok (b, NULL);
  bench_sync_ok (okayama, NULL);
  sql = g_strdup_printf ("SELECT count(*) FROM consult_articles WHERE id = '%s' AND origin = '34' "
                         "AND visibility = 'prefecture' AND answer = '1年以上'", shared);
  g_assert_cmpint (bench_int (b, sql), ==, 1);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM consult_articles"), ==, 1);
  g_assert_cmpint (bench_int (okayama, "SELECT count(*) FROM consult_articles"), ==, 0);
  path = g_strdup_printf ("/consult/articles/%s", shared);
  {
    g_autoptr(BsvResponse) o = request (f, "GET", path, f->okayama, NULL, NULL);
    g_autoptr(BsvResponse) n = request (f, "GET", path, f->national, NULL, NULL);
    g_assert_cmpuint (o->status, ==, 404);
    g_assert_cmpuint (n->status, ==, 200);
  }
  /* 34-B found it by search, as 34-A does. */
  {
    g_autoptr(GPtrArray) hits = bansou_consult_search (b->consult, "保存期間", 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 1);
  }

  /* Made national: re-appended for everyone; 岡山県 reads it now. */
  g_assert_true (bansou_consult_set_visibility (a->consult, shared, BANSOU_VISIBILITY_NATIONAL, &error));
  g_assert_no_error (error);
  bench_sync_ok (a, NULL);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM changes WHERE type = 'article' AND prefecture = '*'"), ==, 1);
  bench_sync_ok (okayama, NULL);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM consult_articles WHERE id = '%s' AND visibility = 'national'", shared);
  g_assert_cmpint (bench_int (okayama, sql), ==, 1);
  {
    g_autoptr(BsvResponse) o = request (f, "GET", path, f->okayama, NULL, NULL);
    g_assert_cmpuint (o->status, ==, 200);
  }

  /* 岡山県 cannot change it: refused here and by the server. */
  g_assert_false (bansou_consult_set_visibility (okayama->consult, shared, BANSOU_VISIBILITY_PREFECTURE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (bansou_sync_count_pending (okayama->store), ==, 0);
  {
    g_autoptr(BsvResponse) got = request (f, "GET", path, f->okayama, NULL, NULL);
    g_autofree char *rev = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                                            json_object_get_int_member (json_node_get_object (got->json), "rev"));
    g_autoptr(BsvResponse) put = request (f, "PUT", path, f->okayama, rev,
                                          "{\"origin\": \"33\", \"visibility\": \"national\", \"title\": \"乗っ取り\", "
                                          "\"answer\": \"x\", \"category\": \"other\"}");
    g_autoptr(BsvResponse) put2 = request (f, "PUT", path, f->okayama, rev,
                                           "{\"origin\": \"34\", \"visibility\": \"national\", \"title\": \"乗っ取り\", "
                                           "\"answer\": \"x\", \"category\": \"other\"}");
    g_assert_cmpuint (put->status, ==, 403);
    g_assert_cmpuint (put2->status, ==, 403);
  }
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM consult_articles WHERE data LIKE '%乗っ取り%'"), ==, 0);

  /* The national desk's own article is national, even as 'prefecture'. */
  nat = bansou_consult_add_article (national->consult, "全国共通の注意", "", "総合窓口からの回答",
                                    BANSOU_TICKET_CATEGORY_POLICY, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_consult_set_visibility (national->consult, nat, BANSOU_VISIBILITY_NATIONAL, &error));
  g_assert_no_error (error);
  bench_sync_ok (national, &stats);
  g_assert_cmpuint (stats.pushed, ==, 1);
  bench_sync_ok (okayama, NULL);
  bench_sync_ok (b, NULL);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM consult_articles WHERE id = '%s' AND origin = '00'", nat);
  g_assert_cmpint (bench_int (okayama, sql), ==, 1);
  g_assert_cmpint (bench_int (b, sql), ==, 1);

  /* Malformed: refused naming the member */
  {
    g_autofree char *id = g_uuid_string_random ();
    g_autofree char *p = g_strdup_printf ("/consult/articles/%s", id);
    g_autoptr(BsvResponse) v = request (f, "PUT", p, f->hiroshima, "\"0\"",
                                        "{\"origin\": \"34\", \"visibility\": \"draft\", \"title\": \"t\", "
                                        "\"answer\": \"x\", \"category\": \"other\"}");
    g_autoptr(BsvResponse) o = request (f, "PUT", p, f->hiroshima, "\"0\"",
                                        "{\"origin\": \"99\", \"visibility\": \"national\", \"title\": \"t\", "
                                        "\"answer\": \"x\", \"category\": \"other\"}");
    g_autoptr(BsvResponse) t = request (f, "PUT", p, f->hiroshima, "\"0\"",
                                        "{\"origin\": \"34\", \"visibility\": \"national\", \"title\": \"\", "
                                        "\"answer\": \"x\", \"category\": \"other\"}");
    g_assert_cmpuint (v->status, ==, 400);
    g_assert_nonnull (strstr (v->body, "visibility"));
    g_assert_cmpuint (o->status, ==, 400);
    g_assert_nonnull (strstr (o->body, "origin"));
    g_assert_cmpuint (t->status, ==, 400);
    g_assert_nonnull (strstr (t->body, "title"));
  }
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM consult_articles"), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/sync-consult/scope", test_scope);
  g_test_add_func ("/sync-consult/conflict", test_conflict);
  g_test_add_func ("/sync-consult/incident", test_incident);
  g_test_add_func ("/sync-consult/malformed", test_malformed);
  g_test_add_func ("/sync-consult/articles", test_articles);

  return g_test_run ();
}
