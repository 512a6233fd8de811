/* test-sync-escalation.c — escalations to the national 総合窓口, against a real bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Two workbenches of 広島県 (34-A, 34-B), one of 岡山県 (33), a body token
 * of 広島市 and the national desk (00), against one bansou-server process
 * (tests/lib/server-harness: 127.0.0.1 port 0, TLS). A prefecture sends
 * what it chose of a ticket, the national desk answers, the answer comes
 * back onto the ticket as a note by 総合窓口, once. docs/api.md
 * "Escalations", docs/consult.md "Escalation to the national desk".
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "bansou-consult.h"
#include "bansou-consult-escalate.h"
#include "bansou-sync-tuning.h"
#include "bansou-test-utils.h"
#include "server-harness.h"

#define HIROSHIMA "341002"   /* 広島市 */
#define Q1        "operation.monitoring.log_retention"
#define Q2        "org.responsibility.ciso"

typedef struct
{
  BsvServer   *server;
  SoupSession *session;
  char        *national;
  char        *hiroshima;
  char        *okayama;
  char        *city;
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
db_int (const char *path,
        const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
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

/* How many records of a type starting with "escalation" @token's feed carries. */
static guint
feed_escalations (Fixture    *f,
                  const char *token)
{
  g_autoptr(BsvResponse) r = request (f, "GET", "/changes?since=0&limit=5000", token, NULL, NULL);
  JsonArray *changes;
  guint n = 0;

  g_assert_cmpuint (r->status, ==, 200);
  changes = json_object_get_array_member (json_node_get_object (r->json), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      const char *type = json_object_get_string_member (json_array_get_object_element (changes, i), "type");
      if (g_str_has_prefix (type, "escalation"))
        n++;
    }
  return n;
}

/* ------------------------------------------------------------------------ */

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

/* 34-A takes a call from 広島市 about a supplier's cloud logs. */
static char *
open_ticket (Bench  *a,
             char  **inbound)
{
  g_autoptr(GError) error = NULL;
  const char *questions[] = { Q1, Q2, NULL };
  g_autofree char *reply = NULL;
  char *id;

  id = bansou_consult_open (a->consult, HIROSHIMA, BANSOU_CHANNEL_PHONE, BANSOU_TICKET_CATEGORY_SUPPLY_CHAIN,
                            BANSOU_PRIORITY_HIGH, "委託先クラウドのログ保管",
                            "委託先が海外リージョンにログを保管している。契約で何を求めるべきか。",
                            "2026-06-01T09:00:00+09:00", &error);
  g_assert_no_error (error);
  g_assert_true (bansou_consult_set_questions (a->consult, id, questions, &error));
  g_assert_true (bansou_consult_set_field (a->consult, id, "assignee", "田中", &error));
  *inbound = bansou_consult_add_message (a->consult, id, BANSOU_MESSAGE_INBOUND, "再委託先も同じ条件か知りたい。",
                                         "2026-06-01T09:05:00+09:00", &error);
  g_assert_no_error (error);
  reply = bansou_consult_add_message (a->consult, id, BANSOU_MESSAGE_REPLY, "田中から折り返します。",
                                      "2026-06-01T09:30:00+09:00", &error);
  g_assert_no_error (error);
  return id;
}

static guint
count_notes_by_desk (BansouConsult *consult,
                     const char    *ticket)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouTicket) t = bansou_consult_lookup (consult, ticket, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < t->messages->len; i++)
    {
      BansouTicketMessage *m = g_ptr_array_index (t->messages, i);
      if (g_str_equal (m->author, BANSOU_ESCALATION_AUTHOR) && g_str_equal (m->kind, "note"))
        n++;
    }
  return n;
}

/* ------------------------------------------------------------------------ */

static void
test_round_trip (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->hiroshima);
  g_autoptr(Bench) b = bench_new (f, "34", f->hiroshima);
  g_autoptr(Bench) national = bench_new (f, "00", f->national);
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouEscalationDraft) draft = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(BansouEscalation) mine = NULL;
  g_autoptr(GHashTable) states = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *inbound = NULL;
  g_autofree char *id = NULL;
  g_autofree char *sql = NULL;
  const char *chosen[] = { NULL, NULL };
  BansouEscalation *e;
  BansouEscalationMessage *m;
  BansouSyncStats stats = { 0 };

  ticket = open_ticket (a, &inbound);
  g_assert_cmpint (bansou_consult_get_ticket_escalation (a->consult, ticket, &error), ==,
                   BANSOU_TICKET_NOT_ESCALATED);

  /* The desk edits the text and sends one message of the thread, not the
   * reply that names the assignee. */
  draft = bansou_consult_escalation_draft_new (a->consult, ticket, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (draft->subject, ==, "委託先クラウドのログ保管");
  g_assert_true (draft->send_category && draft->send_questions && !draft->send_body);
  g_free (draft->text);
  draft->text = g_strdup ("市の委託先が海外リージョンにログを保管。契約で求めるべき条件は。");
  chosen[0] = inbound;
  draft->messages = g_strdupv ((char **) chosen);
  findings = bansou_consult_escalation_find_personal_data (a->consult, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 0);
  id = bansou_consult_escalate (a->consult, draft, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpint (bansou_consult_get_ticket_escalation (a->consult, ticket, &error), ==, BANSOU_TICKET_ESCALATED);
  mine = bansou_consult_lookup_escalation (a->consult, id, &error);
  g_assert_no_error (error);
  g_assert_null (mine->received_at);   /* not on the server yet */
  g_assert_cmpstr (mine->ticket, ==, ticket);
  g_clear_pointer (&mine, bansou_escalation_free);

  /* Only the national desk answers; the national desk escalates nothing. */
  g_assert_false (bansou_consult_answer_escalation (a->consult, id, "自分で回答", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "全国"));
  g_clear_error (&error);

  bench_sync_ok (a, &stats);
  g_assert_cmpuint (bansou_sync_count_pending (a->store), ==, 0);
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalations WHERE prefecture = '34'"), ==, 1);
  /* Only what was chosen went up: no assignee, no reply, no body. */
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalations WHERE body_name IS NULL "
                                          "AND messages NOT LIKE '%田中%' AND messages LIKE '%再委託先%' "
                                          "AND text LIKE '市の委託先%' AND category = 'supply_chain'"), ==, 1);
  mine = bansou_consult_lookup_escalation (a->consult, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mine->received_at);   /* back from the feed */

  /* The national desk's queue: every prefecture's, 未回答. */
  bench_sync_ok (national, NULL);
  {
    BansouEscalationFilter waiting = { .state = BANSOU_ESCALATION_WAITING };
    queue = bansou_consult_list_escalations (national->consult, &waiting, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 1);
  e = g_ptr_array_index (queue, 0);
  g_assert_cmpstr (e->id, ==, id);
  g_assert_cmpstr (e->prefecture, ==, "34");
  g_assert_null (e->ticket);              /* the prefecture's ticket is not here */
  g_assert_cmpint (e->state, ==, BANSOU_ESCALATION_WAITING);
  g_assert_cmpstr (bansou_escalation_state_get_label (e->state), ==, "未回答");
  g_assert_cmpstr (e->subject, ==, "委託先クラウドのログ保管");
  g_assert_cmpstr (e->text, ==, "市の委託先が海外リージョンにログを保管。契約で求めるべき条件は。");
  g_assert_cmpint (e->category, ==, BANSOU_TICKET_CATEGORY_SUPPLY_CHAIN);
  g_assert_cmpuint (g_strv_length (e->questions), ==, 2);
  g_assert_null (e->body_name);
  g_assert_cmpuint (e->messages->len, ==, 1);
  m = g_ptr_array_index (e->messages, 0);
  g_assert_cmpstr (m->kind, ==, "inbound");
  g_assert_cmpstr (m->text, ==, "再委託先も同じ条件か知りたい。");
  g_assert_nonnull (e->received_at);
  g_assert_cmpstr (e->sent_by, ==, "広島県");   /* the desk by its token, never a person */
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalations WHERE sent_by = ''"), ==, 1);
  g_assert_false (bansou_consult_escalate (national->consult, draft, TRUE, &error) != NULL);
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (bansou_consult_answer_escalation (national->consult, id,
                                                   "再委託先にも同等の条件を契約で求めてください（ガイドライン 3.2）。",
                                                   &error));
  g_assert_no_error (error);
  /* once */
  g_assert_false (bansou_consult_answer_escalation (national->consult, id, "二度目", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  bench_sync_ok (national, &stats);
  g_assert_cmpuint (stats.pushed, ==, 1);
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalation_answers WHERE prefecture = '34'"),
                   ==, 1);

  /* The answer comes back onto the ticket, once, whatever the pulls. */
  bench_sync_ok (a, NULL);
  g_assert_cmpint (bansou_consult_get_ticket_escalation (a->consult, ticket, &error), ==,
                   BANSOU_TICKET_ESCALATION_ANSWERED);
  g_assert_cmpstr (bansou_ticket_escalation_get_label (BANSOU_TICKET_ESCALATION_ANSWERED), ==, "総合窓口から回答あり");
  g_assert_cmpuint (count_notes_by_desk (a->consult, ticket), ==, 1);
  g_clear_pointer (&mine, bansou_escalation_free);
  mine = bansou_consult_lookup_escalation (a->consult, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mine->state, ==, BANSOU_ESCALATION_ANSWERED);
  g_assert_cmpstr (mine->answer, ==, "再委託先にも同等の条件を契約で求めてください（ガイドライン 3.2）。");
  states = bansou_consult_list_ticket_escalations (a->consult, &error);
  g_assert_no_error (error);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (states, ticket)), ==, BANSOU_TICKET_ESCALATION_ANSWERED);
  bench_sync_ok (a, NULL);      /* the note goes up as the ticket's message */
  bench_sync_ok (a, NULL);
  g_assert_cmpuint (count_notes_by_desk (a->consult, ticket), ==, 1);
  g_assert_cmpuint (bansou_sync_count_pending (a->store), ==, 0);
  sql = g_strdup_printf ("SELECT count(*) FROM consult_messages WHERE ticket = '%s' AND author = '総合窓口'", ticket);
  g_assert_cmpint (bsv_server_query_int (f->server, sql), ==, 1);

  /* 34-B: the ticket, its escalation and one note, by either way. */
  bench_sync_ok (b, NULL);
  bench_sync_ok (b, NULL);
  g_assert_cmpuint (count_notes_by_desk (b->consult, ticket), ==, 1);
  g_assert_cmpint (bansou_consult_get_ticket_escalation (b->consult, ticket, &error), ==,
                   BANSOU_TICKET_ESCALATION_ANSWERED);
  g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, 0);
  g_assert_cmpint (bsv_server_query_int (f->server, sql), ==, 1);

  /* The national queue: 回答済 now, nothing 未回答. */
  bench_sync_ok (national, NULL);
  {
    BansouEscalationFilter waiting = { .state = BANSOU_ESCALATION_WAITING };
    BansouEscalationFilter answered = { .state = BANSOU_ESCALATION_ANSWERED, .prefecture = "34" };
    g_autoptr(GPtrArray) w = bansou_consult_list_escalations (national->consult, &waiting, &error);
    g_autoptr(GPtrArray) d = bansou_consult_list_escalations (national->consult, &answered, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (w->len, ==, 0);
    g_assert_cmpuint (d->len, ==, 1);
  }
}

/* Two workbenches of the prefecture both receive the answer before either
 * has sent its note: both make the same note, the server keeps one, and
 * neither sees a conflict. */
static void
test_both_workbenches (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->hiroshima);
  g_autoptr(Bench) b = bench_new (f, "34", f->hiroshima);
  g_autoptr(Bench) national = bench_new (f, "00", f->national);
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouEscalationDraft) draft = NULL;
  g_autoptr(GPtrArray) conflicts_a = NULL;
  g_autoptr(GPtrArray) conflicts_b = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *inbound = NULL;
  g_autofree char *id = NULL;
  g_autofree char *sql = NULL;

  ticket = open_ticket (a, &inbound);
  draft = bansou_consult_escalation_draft_new (a->consult, ticket, &error);
  g_assert_no_error (error);
  id = bansou_consult_escalate (a->consult, draft, FALSE, &error);
  g_assert_no_error (error);
  bench_sync_ok (a, NULL);
  bench_sync_ok (b, NULL);
  g_assert_cmpint (bansou_consult_get_ticket_escalation (b->consult, ticket, &error), ==, BANSOU_TICKET_ESCALATED);
  bench_sync_ok (national, NULL);
  g_assert_true (bansou_consult_answer_escalation (national->consult, id, "契約書のひな形を参照してください。", &error));
  bench_sync_ok (national, NULL);

  bench_sync_ok (a, NULL);   /* pulls the answer: its note waits to go up */
  bench_sync_ok (b, NULL);   /* the same, before a's note is on the server */
  g_assert_cmpuint (count_notes_by_desk (a->consult, ticket), ==, 1);
  g_assert_cmpuint (count_notes_by_desk (b->consult, ticket), ==, 1);
  bench_sync_ok (a, NULL);
  bench_sync_ok (b, NULL);
  bench_sync_ok (a, NULL);
  g_assert_cmpuint (count_notes_by_desk (a->consult, ticket), ==, 1);
  g_assert_cmpuint (count_notes_by_desk (b->consult, ticket), ==, 1);
  g_assert_cmpuint (bansou_sync_count_pending (a->store), ==, 0);
  g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, 0);
  conflicts_a = bansou_sync_list_conflicts (a->store, &error);
  g_assert_no_error (error);
  conflicts_b = bansou_sync_list_conflicts (b->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts_a->len, ==, 0);
  g_assert_cmpuint (conflicts_b->len, ==, 0);
  sql = g_strdup_printf ("SELECT count(*) FROM consult_messages WHERE ticket = '%s' AND author = '総合窓口'", ticket);
  g_assert_cmpint (bsv_server_query_int (f->server, sql), ==, 1);
}

static void
test_scope (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->hiroshima);
  g_autoptr(Bench) okayama = bench_new (f, "33", f->okayama);
  g_autoptr(Bench) national = bench_new (f, "00", f->national);
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouEscalationDraft) draft = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *inbound = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *answer_path = NULL;
  g_autofree char *own = NULL;
  const char *none = "/consult/escalations/00000000-0000-4000-8000-000000000000";

  ticket = open_ticket (a, &inbound);
  draft = bansou_consult_escalation_draft_new (a->consult, ticket, &error);
  g_assert_no_error (error);
  id = bansou_consult_escalate (a->consult, draft, FALSE, &error);
  g_assert_no_error (error);
  bench_sync_ok (a, NULL);
  bench_sync_ok (national, NULL);
  g_assert_true (bansou_consult_answer_escalation (national->consult, id, "回答です", &error));
  bench_sync_ok (national, NULL);

  /* 岡山県 and the body: nothing in the feed, nothing by GET, no trace. */
  bench_sync_ok (okayama, NULL);
  list = bansou_consult_list_escalations (okayama->consult, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpuint (feed_escalations (f, f->okayama), ==, 0);
  g_assert_cmpuint (feed_escalations (f, f->city), ==, 0);
  g_assert_cmpuint (feed_escalations (f, f->hiroshima), ==, 2);
  g_assert_cmpuint (feed_escalations (f, f->national), ==, 2);

  path = g_strdup_printf ("/consult/escalations/%s", id);
  answer_path = g_strdup_printf ("%s/answer", path);
  {
    g_autoptr(BsvResponse) mine = request (f, "GET", path, f->hiroshima, NULL, NULL);
    g_autoptr(BsvResponse) nat = request (f, "GET", path, f->national, NULL, NULL);
    g_autoptr(BsvResponse) other = request (f, "GET", path, f->okayama, NULL, NULL);
    g_autoptr(BsvResponse) body = request (f, "GET", path, f->city, NULL, NULL);
    g_autoptr(BsvResponse) missing = request (f, "GET", none, f->okayama, NULL, NULL);
    g_autoptr(BsvResponse) ans_mine = request (f, "GET", answer_path, f->hiroshima, NULL, NULL);
    g_autoptr(BsvResponse) ans_other = request (f, "GET", answer_path, f->okayama, NULL, NULL);

    g_assert_cmpuint (mine->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (mine->json), "prefecture"), ==, "34");
    g_assert_cmpuint (nat->status, ==, 200);
    g_assert_cmpuint (other->status, ==, 404);
    g_assert_cmpstr (other->body, ==, missing->body);   /* not even its existence */
    g_assert_cmpuint (body->status, ==, 404);
    g_assert_cmpuint (ans_mine->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (ans_mine->json), "text"), ==, "回答です");
    g_assert_cmpuint (ans_other->status, ==, 404);
  }

  /* Writes: the prefecture sends, only the national desk answers. */
  {
    g_autofree char *fresh = g_uuid_string_random ();
    g_autofree char *fresh_path = g_strdup_printf ("/consult/escalations/%s", fresh);
    const char *as34 = "{\"prefecture\": \"34\", \"ticket\": \"00000000-0000-4000-8000-000000000001\", "
                       "\"subject\": \"乗っ取り\", \"sent_at\": \"2026-06-01T00:00:00Z\"}";
    const char *as33 = "{\"prefecture\": \"33\", \"ticket\": \"00000000-0000-4000-8000-000000000001\", "
                       "\"subject\": \"乗っ取り\", \"sent_at\": \"2026-06-01T00:00:00Z\"}";
    const char *answer = "{\"text\": \"乗っ取り\", \"answered_at\": \"2026-06-01T00:00:00Z\"}";
    g_autoptr(BsvResponse) o = request (f, "PUT", fresh_path, f->okayama, "\"0\"", as34);
    g_autoptr(BsvResponse) over = request (f, "PUT", path, f->okayama, "\"0\"", as33);
    g_autoptr(BsvResponse) n = request (f, "PUT", fresh_path, f->national, "\"0\"", as34);
    g_autoptr(BsvResponse) c = request (f, "PUT", fresh_path, f->city, "\"0\"", as34);
    g_autoptr(BsvResponse) pa = request (f, "PUT", answer_path, f->hiroshima, "\"0\"", answer);
    g_autoptr(BsvResponse) oa = request (f, "PUT", answer_path, f->okayama, "\"0\"", answer);

    g_assert_cmpuint (o->status, ==, 403);
    g_assert_cmpuint (over->status, ==, 403);
    g_assert_cmpuint (n->status, ==, 403);
    g_assert_cmpuint (c->status, ==, 403);
    g_assert_cmpuint (pa->status, ==, 403);
    g_assert_cmpuint (oa->status, ==, 403);
  }
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalations"), ==, 1);
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalations WHERE subject LIKE '%乗っ取り%'"),
                   ==, 0);
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalation_answers WHERE text = '回答です'"),
                   ==, 1);
  own = g_strdup_printf ("SELECT count(*) FROM consult_escalations WHERE id = '%s' AND prefecture = '34'", id);
  g_assert_cmpint (bsv_server_query_int (f->server, own), ==, 1);
}

/* No token: a clear error in Japanese, the escalation stays queued. A
 * question the server does not know: the server refuses it by name,
 * the workbench holds it back and loses nothing. */
static void
test_refused (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouEscalationDraft) draft = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *inbound = NULL;
  g_autofree char *id = NULL;
  g_autofree char *odd = NULL;
  const char *unknown[] = { Q1, "9.9.9", NULL };
  BansouSyncStats stats = { 0 };

  ticket = open_ticket (a, &inbound);
  draft = bansou_consult_escalation_draft_new (a->consult, ticket, &error);
  g_assert_no_error (error);
  id = bansou_consult_escalate (a->consult, draft, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (bansou_sync_run (a->sync, NULL, &stats, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "トークン"));
  g_clear_error (&error);
  g_assert_cmpint (db_int (a->path, "SELECT count(*) FROM outbox WHERE type = 'escalation'"), ==, 1);
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalations"), ==, 0);

  bansou_sync_set_server (a->sync, f->server->url, f->hiroshima, f->server->cert);
  bench_sync_ok (a, &stats);
  g_assert_cmpuint (bansou_sync_count_pending (a->store), ==, 0);
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalations"), ==, 1);

  /* A ticket linked to a question no catalog of the server has */
  odd = bansou_consult_open (a->consult, HIROSHIMA, BANSOU_CHANNEL_MAIL, BANSOU_TICKET_CATEGORY_TECHNICAL,
                             BANSOU_PRIORITY_NORMAL, "独自項目の相談", "県独自の項目について", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_consult_set_questions (a->consult, odd, unknown, &error));
  g_clear_pointer (&draft, bansou_escalation_draft_free);
  draft = bansou_consult_escalation_draft_new (a->consult, odd, &error);
  g_clear_pointer (&id, g_free);
  id = bansou_consult_escalate (a->consult, draft, FALSE, &error);
  g_assert_no_error (error);
  bench_sync_ok (a, &stats);
  g_assert_cmpuint (stats.held, ==, 1);
  g_assert_cmpint (db_int (a->path, "SELECT count(*) FROM outbox WHERE type = 'escalation' AND sent = 0"), ==, 1);
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalations"), ==, 1);
  /* the ticket itself went up: only the escalation waits */
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_tickets"), ==, 2);
  {
    g_autofree char *path = g_strdup_printf ("/consult/escalations/%s", id);
    g_autofree char *body = g_strdup_printf ("{\"prefecture\": \"34\", \"ticket\": \"%s\", \"subject\": \"独自項目\", "
                                             "\"questions\": [\"9.9.9\"], \"sent_at\": \"2026-06-01T00:00:00Z\"}", odd);
    g_autoptr(BsvResponse) r = request (f, "PUT", path, f->hiroshima, "\"0\"", body);

    g_assert_cmpuint (r->status, ==, 404);
    g_assert_nonnull (strstr (r->body, "unknown_question"));
    g_assert_nonnull (strstr (r->body, "9.9.9"));
  }
  /* still queued, still its escalation */
  {
    g_autoptr(BansouEscalation) e = bansou_consult_lookup_escalation (a->consult, id, &error);
    g_assert_no_error (error);
    g_assert_null (e->received_at);
    g_assert_cmpint (bansou_consult_get_ticket_escalation (a->consult, odd, &error), ==, BANSOU_TICKET_ESCALATED);
  }
}

/* Hostile records of the new kinds: 4xx naming the member, nothing written. */
static void
test_malformed (void)
{
  static const struct {
    const char *patch;
    const char *named;
    guint       status;
  } escalations[] = {
    { "\"subject\": \"\"", "subject", 400 },
    { "\"subject\": 7", "subject", 400 },
    { "\"subject\": \"二行\\nの件名\"", "subject", 400 },
    { "\"text\": \"制御\\u0001文字\"", "text", 400 },
    { "\"text\": [\"x\"]", "text", 400 },
    { "\"category\": \"misc\"", "category", 400 },
    { "\"questions\": \"" Q1 "\"", "questions", 400 },
    { "\"questions\": [1]", "questions", 400 },
    { "\"questions\": [\"" Q1 "\", \"" Q1 "\"]", "questions", 400 },
    { "\"messages\": [{\"kind\": \"memo\", \"text\": \"x\", \"created_at\": \"2026-06-01\"}]", "messages", 400 },
    { "\"messages\": [{\"kind\": \"note\", \"text\": \"\", \"created_at\": \"2026-06-01\"}]", "messages", 400 },
    { "\"messages\": [{\"kind\": \"note\", \"text\": \"x\", \"created_at\": \"2026-06-01\", \"author\": \"田中\"}]",
      "messages", 400 },
    { "\"messages\": {\"kind\": \"note\"}", "messages", 400 },
    { "\"sent_at\": \"yesterday\"", "sent_at", 400 },
    { "\"sent_at\": null", "sent_at", 400 },
    { "\"ticket\": \"not-a-uuid\"", "ticket", 400 },
    { "\"prefecture\": \"33\"", "prefecture", 403 },
    { "\"body_name\": {\"name\": \"広島市\"}", "body_name", 400 },
  };
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *path = g_strdup_printf ("/consult/escalations/%s", id);
  g_autofree char *answer_path = g_strdup_printf ("%s/answer", path);
  const char *valid = "\"prefecture\": \"34\", \"ticket\": \"00000000-0000-4000-8000-000000000001\", "
                      "\"subject\": \"委託先の監査\", \"text\": \"本文\", \"category\": \"supply_chain\", "
                      "\"questions\": [\"" Q1 "\"], \"body_name\": null, "
                      "\"messages\": [{\"kind\": \"inbound\", \"text\": \"問い合わせ\", \"created_at\": \"2026-06-01\"}], "
                      "\"sent_by\": \"県\", \"sent_at\": \"2026-06-01T00:00:00Z\"";

  for (guint i = 0; i < G_N_ELEMENTS (escalations); i++)
    {
      g_autofree char *body = g_strdup_printf ("{%s, %s}", valid, escalations[i].patch);
      g_autoptr(BsvResponse) r = request (f, "PUT", path, f->hiroshima, "\"0\"", body);

      g_test_message ("%s → %u %s", escalations[i].patch, r->status, r->body);
      g_assert_cmpuint (r->status, ==, escalations[i].status);
      if (escalations[i].status == 400)
        g_assert_nonnull (strstr (r->body, escalations[i].named));
    }
  {
    g_autoptr(BsvResponse) upper = request (f, "PUT", "/consult/escalations/0000000A-0000-4000-8000-000000000000",
                                            f->hiroshima, "\"0\"", "{}");
    g_autoptr(BsvResponse) not_json = request (f, "PUT", path, f->hiroshima, "\"0\"", "{\"subject\": \"x\",}");
    g_autoptr(BsvResponse) array = request (f, "PUT", path, f->hiroshima, "\"0\"", "[]");

    g_assert_cmpuint (upper->status, ==, 400);
    g_assert_nonnull (strstr (upper->body, "id"));
    g_assert_cmpuint (not_json->status, ==, 400);
    g_assert_cmpuint (array->status, ==, 400);
  }
  {
    /* An answer to nothing */
    g_autoptr(BsvResponse) r = request (f, "PUT", answer_path, f->national, "\"0\"",
                                        "{\"text\": \"回答\", \"answered_at\": \"2026-06-02T00:00:00Z\"}");
    g_assert_cmpuint (r->status, ==, 404);
  }
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalations"), ==, 0);
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM changes WHERE type LIKE 'escalation%'"), ==, 0);

  {
    g_autofree char *body = g_strdup_printf ("{%s}", valid);
    g_autofree char *changed = g_strdup_printf ("{%s, \"subject\": \"書き換え\"}", valid);
    g_autofree char *recategorised = g_strdup_printf ("{%s, \"category\": \"cloud\"}", valid);
    g_autoptr(BsvResponse) ok = request (f, "PUT", path, f->hiroshima, "\"0\"", body);
    g_autoptr(BsvResponse) again = NULL;
    g_autoptr(BsvResponse) ch = NULL;
    g_autoptr(BsvResponse) cat = NULL;
    g_autofree char *rev = NULL;

    g_assert_cmpuint (ok->status, ==, 201);
    rev = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", json_object_get_int_member (json_node_get_object (ok->json), "rev"));
    again = request (f, "PUT", path, f->hiroshima, rev, body);
    g_assert_cmpuint (again->status, ==, 200);   /* the same again: a no-op */
    ch = request (f, "PUT", path, f->hiroshima, rev, changed);
    g_assert_cmpuint (ch->status, ==, 400);
    g_assert_nonnull (strstr (ch->body, "never changed"));
    cat = request (f, "PUT", path, f->hiroshima, rev, recategorised);
    g_assert_cmpuint (cat->status, ==, 400);
  }
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalations WHERE category = 'supply_chain' "
                                          "AND subject = '委託先の監査'"), ==, 1);
  {
    static const char *bad_answers[][2] = {
      { "{\"text\": \"\", \"answered_at\": \"2026-06-02T00:00:00Z\"}", "text" },
      { "{\"text\": \"回答\", \"answered_at\": \"2026-06-02\"}", "answered_at" },
      { "{\"text\": \"回答\"}", "answered_at" },
      { "{\"text\": \"回答\", \"answered_at\": \"2026-06-02T00:00:00Z\", \"prefecture\": \"33\"}", "prefecture" },
      { "{\"text\": \"回\\u0000答\", \"answered_at\": \"2026-06-02T00:00:00Z\"}", "" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad_answers); i++)
      {
        g_autoptr(BsvResponse) r = request (f, "PUT", answer_path, f->national, "\"0\"", bad_answers[i][0]);

        g_test_message ("%s → %u %s", bad_answers[i][0], r->status, r->body);
        g_assert_cmpuint (r->status, ==, 400);
        g_assert_nonnull (strstr (r->body, bad_answers[i][1]));
      }
  }
  {
    const char *answer = "{\"text\": \"回答\", \"answered_by\": \"総務省\", \"answered_at\": \"2026-06-02T00:00:00Z\"}";
    g_autoptr(BsvResponse) ok = request (f, "PUT", answer_path, f->national, "\"0\"", answer);
    g_autofree char *rev = NULL;
    g_autoptr(BsvResponse) same = NULL;
    g_autoptr(BsvResponse) other = NULL;

    g_assert_cmpuint (ok->status, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (ok->json), "prefecture"), ==, "34");
    rev = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", json_object_get_int_member (json_node_get_object (ok->json), "rev"));
    same = request (f, "PUT", answer_path, f->national, rev, answer);
    other = request (f, "PUT", answer_path, f->national, rev,
                     "{\"text\": \"別の回答\", \"answered_at\": \"2026-06-02T00:00:00Z\"}");
    g_assert_cmpuint (same->status, ==, 200);
    g_assert_cmpuint (other->status, ==, 400);
  }
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalation_answers WHERE text = '回答'"), ==, 1);
}

static void
server_exec (Fixture    *f,
             const char *sql)
{
  bsv_server_exec (f->server, sql);
}

/* Records of the new kinds that no valid write makes (an older or broken
 * server): the workbench keeps them aside, stores nothing of them, and
 * goes on. */
static void
test_hostile_feed (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->hiroshima);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *inbound = NULL;
  BansouSyncStats stats = { 0 };

  ticket = open_ticket (a, &inbound);
  bench_sync_ok (a, NULL);
  server_exec (f,
               "INSERT INTO consult_escalations (id, prefecture, ticket, subject, messages, sent_at, rev, updated_at, "
               "  updated_by) VALUES "
               "('11111111-1111-4111-8111-111111111111', '34', '00000000-0000-4000-8000-000000000001', '件名', "
               "  '[{\"kind\": \"memo\", \"text\": 5, \"created_at\": \"x\"}]', '2026-06-01T00:00:00Z', 900001, "
               "  '2026-06-01T00:00:00Z', '広島県'),"
               "('22222222-2222-4222-8222-222222222222', '34', 'not-a-uuid', '', '[]', '2026-06-01T00:00:00Z', 900002, "
               "  '2026-06-01T00:00:00Z', '広島県');"
               "INSERT INTO consult_escalation_answers (id, prefecture, text, answered_at, rev, updated_at, updated_by) "
               "VALUES ('33333333-3333-4333-8333-333333333333', '34', '宛先のない回答', '2026-06-01T00:00:00Z', 900003, "
               "  '2026-06-01T00:00:00Z', '総務省');"
               "INSERT INTO changes (rev, type, k1, prefecture) VALUES "
               "(900001, 'escalation', '11111111-1111-4111-8111-111111111111', '34'),"
               "(900002, 'escalation', '22222222-2222-4222-8222-222222222222', '34'),"
               "(900003, 'escalation_answer', '33333333-3333-4333-8333-333333333333', '34');");
  bench_sync_ok (a, &stats);
  g_assert_cmpuint (stats.quarantined, ==, 2);
  list = bansou_consult_list_escalations (a->consult, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  /* the answer to nothing changed nothing: no note on any ticket */
  g_assert_cmpuint (count_notes_by_desk (a->consult, ticket), ==, 0);
  g_assert_cmpint (db_int (a->path, "SELECT count(*) FROM consult_messages WHERE author = '総合窓口'"), ==, 0);
  bench_sync_ok (a, &stats);   /* and the next run goes on */
}

/* What will be sent is searched for personal data; escalating refuses it
 * unless allowed, naming what it found. */
static void
test_personal_data (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->hiroshima);
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouEscalationDraft) draft = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *inbound = NULL;
  g_autofree char *reply_id = NULL;
  g_autofree char *described = NULL;
  g_autofree char *id = NULL;
  g_autoptr(BansouTicket) t = NULL;
  const char *chosen[] = { NULL, NULL };
  gboolean saw_phone = FALSE, saw_mail = FALSE, saw_person = FALSE, saw_body = FALSE, saw_message = FALSE;

  ticket = open_ticket (a, &inbound);
  t = bansou_consult_lookup (a->consult, ticket, &error);
  g_assert_no_error (error);
  reply_id = g_strdup (((BansouTicketMessage *) g_ptr_array_index (t->messages, 1))->id);   /* 田中から折り返します */

  draft = bansou_consult_escalation_draft_new (a->consult, ticket, &error);
  g_assert_no_error (error);
  g_free (draft->text);
  draft->text = g_strdup ("担当の佐藤さん（082-513-2345、sato@pref.hiroshima.lg.jp）から。");
  draft->send_body = TRUE;
  chosen[0] = reply_id;
  draft->messages = g_strdupv ((char **) chosen);
  findings = bansou_consult_escalation_find_personal_data (a->consult, draft, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < findings->len; i++)
    {
      BansouEscalationFinding *x = g_ptr_array_index (findings, i);

      saw_phone |= x->match->kind == BANSOU_PII_PHONE && g_str_equal (x->part, "text");
      saw_mail |= x->match->kind == BANSOU_PII_MAIL && g_str_equal (x->part, "text");
      saw_person |= x->match->kind == BANSOU_PII_PERSON && g_str_equal (x->part, "text");
      saw_body |= g_str_equal (x->part, "body_name") && g_str_equal (x->match->text, "広島市");
      saw_message |= g_str_equal (x->part, "message") && g_strcmp0 (x->message, reply_id) == 0 &&
                     g_str_equal (x->match->text, "田中");
    }
  g_assert_true (saw_phone && saw_mail && saw_person && saw_body && saw_message);
  described = bansou_escalation_findings_describe (findings);
  g_test_message ("%s", described);
  g_assert_nonnull (strstr (described, "電話番号"));
  g_assert_nonnull (strstr (described, "082-513-2345"));

  g_assert_null (bansou_consult_escalate (a->consult, draft, FALSE, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "個人"));
  g_assert_nonnull (strstr (error->message, "sato@pref.hiroshima.lg.jp"));
  g_clear_error (&error);
  g_assert_cmpint (db_int (a->path, "SELECT count(*) FROM consult_escalations"), ==, 0);
  g_assert_cmpint (db_int (a->path, "SELECT count(*) FROM outbox WHERE type = 'escalation'"), ==, 0);

  /* A message of another ticket is not this ticket's to send */
  {
    g_autoptr(BansouEscalationDraft) other = bansou_consult_escalation_draft_new (a->consult, ticket, &error);
    const char *foreign[] = { "00000000-0000-4000-8000-000000000009", NULL };

    other->messages = g_strdupv ((char **) foreign);
    g_assert_null (bansou_consult_escalate (a->consult, other, TRUE, &error));
    g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Sent knowingly: then it goes, as chosen. */
  id = bansou_consult_escalate (a->consult, draft, TRUE, &error);
  g_assert_no_error (error);
  bench_sync_ok (a, NULL);
  g_assert_cmpint (bsv_server_query_int (f->server, "SELECT count(*) FROM consult_escalations WHERE body_name = '広島市' "
                                          "AND text LIKE '%082-513-2345%'"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LANGUAGE", "ja", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/sync-escalation/round-trip", test_round_trip);
  g_test_add_func ("/sync-escalation/both-workbenches", test_both_workbenches);
  g_test_add_func ("/sync-escalation/scope", test_scope);
  g_test_add_func ("/sync-escalation/refused", test_refused);
  g_test_add_func ("/sync-escalation/malformed", test_malformed);
  g_test_add_func ("/sync-escalation/personal-data", test_personal_data);
  g_test_add_func ("/sync-escalation/hostile-feed", test_hostile_feed);

  return g_test_run ();
}
