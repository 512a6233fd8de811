/* test-sync.c — the workbench sync against a real bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Every test starts its own bansou-server process (tests/lib/server-harness:
 * a temporary database, 127.0.0.1 port 0, a self-signed certificate made
 * by openssl) and its own temporary workbench databases. Misbehaving
 * servers and the fault-injecting proxy are SoupServers on 127.0.0.1 in a
 * thread of the test. Nothing sleeps to wait for something: loops poll a
 * condition and are bounded.
 */
#include "config.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/socket.h>

#include "bansou-outbox.h"
#include "bansou-sync-tuning.h"
#include "bansou-test-utils.h"
#include "server-harness.h"

#define ROUND BANSOU_DEMO_LATEST_ROUND   /* demo data fills this round */

/* ------------------------------------------------------------------------ */
/* The server                                                               */

typedef struct
{
  BsvServer   *server;
  SoupSession *session;
  char        *national;
} Fixture;

static void
fixture_free (Fixture *f)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, bsv_server_free);
  g_free (f->national);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static const char *
catalog_version (void)
{
  static char *version;

  if (version == NULL)
    {
      g_autoptr(BansouCatalog) catalog = bansou_catalog_new_builtin (NULL);
      version = g_strdup (bansou_catalog_get_version (catalog));
    }
  return version;
}

static void
create_round (Fixture    *f,
              const char *round)
{
  g_autofree char *path = g_strconcat ("/rounds/", round, NULL);
  g_autofree char *key = g_strconcat ("round-", round, NULL);
  g_autofree char *body = g_strdup_printf ("{\"title\":\"令和7年度調査\",\"catalog_version\":\"%s\","
                                           "\"due\":\"2025-12-15\"}", catalog_version ());
  g_autoptr(BsvResponse) r = bsv_request (f->session, f->server, "PUT", path, f->national, "\"0\"", key, body);

  g_assert_cmpuint (r->status, ==, 201);
}

static Fixture *
fixture_new_full (const char *config,
                  gboolean    demo)
{
  g_autofree char *dir = bansou_test_make_dir ();
  Fixture *f = g_new0 (Fixture, 1);

  f->server = bsv_server_new (dir, config);
  if (demo)
    bsv_server_make_demo (f->server);
  f->national = bsv_server_token (f->server, "national", "00", "総務省");
  bsv_server_start (f->server);
  f->session = bsv_session_new (f->server);
  create_round (f, ROUND);
  return f;
}

static Fixture *
fixture_new_with (const char *config)
{
  return fixture_new_full (config, FALSE);
}

static Fixture *
fixture_new (void)
{
  return fixture_new_with (NULL);
}

/* A demo server (`init --demo`): the only kind sent demo rounds. */
static Fixture *
fixture_new_demo (void)
{
  return fixture_new_full (NULL, TRUE);
}


static gint64
server_int (Fixture    *f,
            const char *sql)
{
  gint64 value = bsv_server_query_int (f->server, sql);

  g_assert_cmpint (value, !=, -1);
  return value;
}

static gint64
server_head (Fixture *f)
{
  return server_int (f, "SELECT coalesce(max(rev), 0) FROM changes");
}

static char *
server_checksum (Fixture    *f,
                 const char *prefecture)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = bsv_server_open_answers (f->server);
  char *sum = _bansou_sync_checksum_db (db, prefecture, &error);

  g_assert_no_error (error);
  sqlite3_close (db);
  return sum;
}

/* ------------------------------------------------------------------------ */
/* Workbenches                                                              */

typedef struct
{
  char          *path;
  BansouStore   *store;
  BansouCatalog *catalog;
  BansouSurvey  *survey;
  BansouSync    *sync;
  char          *prefecture;
} Bench;

static void
bench_free (Bench *b)
{
  g_clear_object (&b->sync);
  g_clear_object (&b->survey);
  g_clear_object (&b->catalog);
  g_clear_object (&b->store);
  g_free (b->path);
  g_free (b->prefecture);
  g_free (b);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Bench, bench_free)

/* @path: (nullable): an existing database, opened (and upgraded) here */
static Bench *
bench_new_at (const char *path,
              const char *prefecture)
{
  g_autoptr(GError) error = NULL;
  Bench *b = g_new0 (Bench, 1);
  BansouSyncLimits limits = { 0 };

  b->prefecture = g_strdup (prefecture);
  if (path == NULL)
    b->store = bansou_test_open_store (&b->path);
  else
    {
      b->path = g_strdup (path);
      b->store = bansou_store_open (path, &error);
      g_assert_no_error (error);
      bansou_store_set_actor (b->store, "テスト担当");
    }
  bansou_store_set_setting (b->store, "prefecture", prefecture, &error);
  g_assert_no_error (error);
  b->catalog = bansou_catalog_load_active (b->store, &error);
  g_assert_no_error (error);
  b->survey = bansou_survey_new (b->store, b->catalog, &error);
  g_assert_no_error (error);
  b->sync = bansou_sync_new (b->path);
  /* Fail fast: a test sees the outcome of a few quick tries. */
  limits.max_attempts = 4;
  limits.backoff_ms = 10;
  _bansou_sync_set_limits (b->sync, &limits);
  return b;
}

static Bench *
bench_new (const char *prefecture)
{
  return bench_new_at (NULL, prefecture);
}

static void
bench_connect (Bench      *b,
               Fixture    *f,
               const char *token)
{
  bansou_sync_set_server (b->sync, f->server->url, token, f->server->cert);
}

static gboolean
bench_sync (Bench            *b,
            BansouSyncStats  *stats,
            GError          **error)
{
  BansouSyncStats local = { 0 };
  gboolean ok = bansou_sync_run (b->sync, NULL, stats ? stats : &local, error);

  g_assert_true (bansou_survey_reload (b->survey, NULL));
  return ok;
}

static void
bench_sync_ok (Bench           *b,
               BansouSyncStats *stats)
{
  g_autoptr(GError) error = NULL;

  bench_sync (b, stats, &error);
  g_assert_no_error (error);
}

static char *
bench_checksum (Bench *b)
{
  g_autoptr(GError) error = NULL;
  char *sum = bansou_sync_checksum (b->store, b->prefecture, &error);

  g_assert_no_error (error);
  return sum;
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

/* The bodies of @b's prefecture that answer, and the questions answered
 * by status alone (dated ones need a date). */
static GPtrArray *
bench_bodies (Bench *b)
{
  g_autoptr(GListModel) bodies = bansou_survey_list_bodies (b->survey, b->prefecture, NULL);
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (bodies); i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      g_ptr_array_add (codes, g_strdup (bansou_body_get_code (body)));
    }
  return codes;
}

static GPtrArray *
plain_questions (Bench *b)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < bansou_catalog_get_n_questions (b->catalog); i++)
    {
      BansouQuestion *q = bansou_catalog_get_question (b->catalog, i);

      if (q->answer_kind == BANSOU_ANSWER_KIND_STATUS)
        g_ptr_array_add (ids, q->id);
    }
  return ids;
}

static void
set_answer (Bench        *b,
            const char   *body,
            const char   *question,
            BansouStatus  status,
            const char   *note)
{
  g_autoptr(GError) error = NULL;

  bansou_survey_set_answer (b->survey, ROUND, body, question, status, NULL, note, NULL, &error);
  g_assert_no_error (error);
}

static char *
answer_note (Bench      *b,
             const char *body,
             const char *question)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouAnswer) a = bansou_survey_get_answer (b->survey, ROUND, body, question, &error);

  g_assert_no_error (error);
  return g_strdup (a->note);
}

/* ------------------------------------------------------------------------ */
/* A SoupServer of the test's own, in a thread                              */

typedef struct
{
  GThread            *thread;
  GMainContext       *context;
  GMainLoop          *loop;
  SoupServer         *server;
  GTlsCertificate    *certificate;   /* nullable: plain http */
  SoupServerCallback  callback;
  gpointer            data;
  char               *url;
  GMutex              lock;
  GCond               cond;
} Fake;

static gpointer
fake_thread (gpointer user_data)
{
  Fake *f = user_data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (f->context);
  f->server = soup_server_new ("tls-certificate", f->certificate, NULL);
  soup_server_add_handler (f->server, NULL, f->callback, f->data, NULL);
  soup_server_listen_local (f->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | (f->certificate ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  g_mutex_lock (&f->lock);
  f->url = g_uri_to_string (uris->data);
  if (g_str_has_suffix (f->url, "/"))
    f->url[strlen (f->url) - 1] = '\0';
  g_cond_signal (&f->cond);
  g_mutex_unlock (&f->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (f->loop);

  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_main_context_pop_thread_default (f->context);
  return NULL;
}

static Fake *
fake_new (SoupServerCallback  callback,
          gpointer            data,
          GTlsCertificate    *certificate)
{
  Fake *f = g_new0 (Fake, 1);

  f->callback = callback;
  f->data = data;
  f->certificate = certificate ? g_object_ref (certificate) : NULL;
  f->context = g_main_context_new ();
  f->loop = g_main_loop_new (f->context, FALSE);
  g_mutex_init (&f->lock);
  g_cond_init (&f->cond);
  g_mutex_lock (&f->lock);
  f->thread = g_thread_new ("fake-server", fake_thread, f);
  while (f->url == NULL)
    g_cond_wait (&f->cond, &f->lock);
  g_mutex_unlock (&f->lock);
  return f;
}

static void
fake_free (Fake *f)
{
  g_main_loop_quit (f->loop);
  g_thread_join (f->thread);
  g_main_loop_unref (f->loop);
  g_main_context_unref (f->context);
  g_clear_object (&f->certificate);
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->cond);
  g_free (f->url);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fake, fake_free)

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

/* ------------------------------------------------------------------------ */
/* Round trip                                                               */

static void
test_sync_roundtrip (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *token_a = bsv_server_token (f->server, "prefecture", "34", "広島県 A");
  g_autofree char *token_b = bsv_server_token (f->server, "prefecture", "34", "広島県 B");
  g_autoptr(Bench) a = bench_new ("34");
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouProgressInfo) progress = NULL;
  g_autoptr(BansouScoreTable) table = NULL;
  g_autofree char *sum_a = NULL;
  g_autofree char *sum_b = NULL;
  g_autofree char *sum_server = NULL;
  BansouSyncStats stats = { 0 };
  const char *assignee_body;
  guint pending;
  double rate = -1;

  bench_connect (a, f, token_a);
  bench_connect (b, f, token_b);
  bench_sync_ok (a, &stats);
  g_assert_nonnull (bansou_survey_lookup_round (a->survey, ROUND));

  bodies = bench_bodies (a);
  questions = plain_questions (a);
  g_assert_cmpuint (bodies->len, >=, 5);
  for (guint i = 0; i < 5; i++)
    for (guint q = 0; q < 3; q++)
      set_answer (a, bodies->pdata[i], questions->pdata[q], (i + q) % 2 ? BANSOU_STATUS_DONE : BANSOU_STATUS_NA,
                  "規程は改定中");
  assignee_body = bodies->pdata[0];
  {
    const char *one[] = { assignee_body, NULL };
    bansou_survey_assign (a->survey, ROUND, one, "情報政策課", "2025-12-10", &error);
    g_assert_no_error (error);
  }

  /* 15 answers and 5 bodies moved to 回答中, the assignment coalesced into one of them */
  pending = bansou_sync_count_pending (a->store);
  g_assert_cmpuint (pending, ==, 15 + 5);

  bench_sync_ok (a, &stats);
  g_assert_cmpuint (stats.pushed, ==, pending);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  g_assert_cmpuint (bansou_sync_count_pending (a->store), ==, 0);

  /* Our own writes come back in the feed: skipped, nothing pulled. */
  bench_sync_ok (a, &stats);
  g_assert_cmpuint (stats.pushed, ==, 0);
  g_assert_cmpuint (stats.pulled, ==, 0);

  /* Another workbench takes it all, and what it pulled is not sent back. */
  bench_sync_ok (b, &stats);
  g_assert_cmpuint (stats.pulled, >=, pending);
  g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, 0);
  sum_a = bench_checksum (a);
  sum_b = bench_checksum (b);
  sum_server = server_checksum (f, "34");
  g_assert_cmpstr (sum_a, ==, sum_server);
  g_assert_cmpstr (sum_b, ==, sum_server);

  progress = bansou_survey_get_progress (b->survey, ROUND, assignee_body, &error);
  g_assert_no_error (error);
  g_assert_cmpint (progress->state, ==, BANSOU_PROGRESS_ANSWERING);
  g_assert_cmpstr (progress->assignee, ==, "情報政策課");
  g_assert_cmpstr (progress->due, ==, "2025-12-10");

  /* Live national figures: 5 answers to each of the first questions. */
  g_assert_true (bansou_sync_get_national_rate (b->store, ROUND, questions->pdata[0], &rate));
  g_assert_cmpfloat_with_epsilon (rate, 2.0 / 2.0, 1e-9);   /* bodies 1 and 3 done, the rest na */
  g_assert_cmpfloat_with_epsilon (bansou_question_get_round_baseline (b->store, ROUND,
                                    bansou_catalog_lookup_question (b->catalog, questions->pdata[0])),
                                  rate, 1e-9);
  table = bansou_score_table_new_for_round (b->survey, ROUND, "34", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (bansou_score_table_get_question_baseline (
                                    table, bansou_catalog_lookup_question (b->catalog, questions->pdata[0])->index),
                                  rate, 1e-9);

  {
    g_autofree char *last = bansou_sync_dup_last_sync (b->store);
    g_autofree char *url = bansou_store_get_setting (b->store, "sync-url");

    g_assert_nonnull (last);
    g_assert_cmpstr (url, ==, f->server->url);
  }
}

/* ------------------------------------------------------------------------ */
/* Conflicts                                                                */

static BansouConflict *
find_conflict (GPtrArray  *conflicts,
               const char *type,
               const char *question)
{
  for (guint i = 0; i < conflicts->len; i++)
    {
      BansouConflict *c = g_ptr_array_index (conflicts, i);

      if (g_str_equal (c->type, type) && g_strcmp0 (c->question, question) == 0)
        return c;
    }
  return NULL;
}

static gboolean
audit_has (Bench      *b,
           const char *entity,
           const char *key,
           const char *field)
{
  g_autoptr(GPtrArray) trail = bansou_store_list_audit (b->store, entity, key, NULL);

  for (guint i = 0; trail && i < trail->len; i++)
    if (g_str_equal (((BansouAuditEntry *) trail->pdata[i])->field, field))
      return TRUE;
  return FALSE;
}

static void
test_sync_conflicts (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *token_a = bsv_server_token (f->server, "prefecture", "34", "広島県 A");
  g_autofree char *token_b = bsv_server_token (f->server, "prefecture", "34", "広島県 B");
  g_autoptr(Bench) a = bench_new ("34");
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouProgressInfo) progress = NULL;
  g_autofree char *key1 = NULL;
  g_autofree char *sum_a = NULL;
  g_autofree char *sum_b = NULL;
  g_autofree char *sum_server = NULL;
  BansouSyncStats stats = { 0 };
  BansouConflict *c;
  const char *body, *q1, *q2, *q3;
  const char *one[2] = { NULL, NULL };

  bench_connect (a, f, token_a);
  bench_connect (b, f, token_b);
  bench_sync_ok (a, NULL);
  bench_sync_ok (b, NULL);

  bodies = bench_bodies (a);
  questions = plain_questions (a);
  body = one[0] = bodies->pdata[2];
  q1 = questions->pdata[0];
  q2 = questions->pdata[1];
  q3 = questions->pdata[2];

  /* Both edit the same answers and the same body's assignee, offline. */
  set_answer (a, body, q1, BANSOU_STATUS_DONE, "A: 規程を改定済み");
  set_answer (a, body, q2, BANSOU_STATUS_DONE, "A: 実施済み");
  set_answer (a, body, q3, BANSOU_STATUS_PARTIAL, "A: 本庁のみ");
  bansou_survey_assign (a->survey, ROUND, one, "佐藤", NULL, &error);
  g_assert_no_error (error);
  set_answer (b, body, q1, BANSOU_STATUS_NOT_DONE, "B: 未着手");
  set_answer (b, body, q2, BANSOU_STATUS_NA, "B: 該当なし");
  set_answer (b, body, q3, BANSOU_STATUS_NOT_DONE, "B: 検討中");
  bansou_survey_assign (b->survey, ROUND, one, "鈴木", NULL, &error);
  g_assert_no_error (error);

  bench_sync_ok (a, &stats);
  g_assert_cmpuint (stats.conflicts, ==, 0);

  /* The second one is told: both versions are kept, nothing overwritten. */
  bench_sync_ok (b, &stats);
  g_assert_cmpuint (stats.conflicts, ==, 4);
  g_assert_cmpuint (bansou_sync_count_conflicts (b->store), ==, 4);
  {
    g_autofree char *note = answer_note (b, body, q1);
    g_assert_cmpstr (note, ==, "B: 未着手");
  }
  conflicts = bansou_sync_list_conflicts (b->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 4);
  c = find_conflict (conflicts, "answer", q1);
  g_assert_nonnull (c);
  g_assert_cmpstr (c->round, ==, ROUND);
  g_assert_cmpstr (c->body, ==, body);
  g_assert_nonnull (strstr (c->mine_json, "B: 未着手"));
  g_assert_nonnull (strstr (c->theirs_json, "A: 規程を改定済み"));
  g_assert_nonnull (strstr (c->theirs_json, "\"rev\""));
  key1 = g_strdup_printf ("%s/%s/%s", ROUND, body, q1);
  g_assert_true (audit_has (b, "answer", key1, "sync-conflict"));

  /* A sync with the conflicts open changes nothing and adds none. */
  bench_sync_ok (b, &stats);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  g_assert_cmpuint (bansou_sync_count_conflicts (b->store), ==, 4);

  bansou_sync_resolve_conflict (b->store, c->id, BANSOU_CONFLICT_MINE, NULL, &error);
  g_assert_no_error (error);
  bansou_sync_resolve_conflict (b->store, find_conflict (conflicts, "answer", q2)->id,
                                BANSOU_CONFLICT_THEIRS, NULL, &error);
  g_assert_no_error (error);
  bansou_sync_resolve_conflict (b->store, find_conflict (conflicts, "answer", q3)->id, BANSOU_CONFLICT_MERGED,
                                "{\"status\": \"partial\", \"note\": \"本庁のみ、出先は検討中\"}", &error);
  g_assert_no_error (error);
  bansou_sync_resolve_conflict (b->store, find_conflict (conflicts, "progress", NULL)->id,
                                BANSOU_CONFLICT_THEIRS, NULL, &error);
  g_assert_no_error (error);
  /* Only once */
  g_assert_false (bansou_sync_resolve_conflict (b->store, c->id, BANSOU_CONFLICT_MINE, NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (audit_has (b, "answer", key1, "sync-conflict-resolved"));

  g_assert_cmpuint (bansou_sync_count_conflicts (b->store), ==, 0);
  g_assert_true (bansou_survey_reload (b->survey, NULL));
  {
    g_autofree char *note2 = answer_note (b, body, q2);
    g_autofree char *note3 = answer_note (b, body, q3);

    g_assert_cmpstr (note2, ==, "A: 実施済み");        /* theirs, here at once */
    g_assert_cmpstr (note3, ==, "本庁のみ、出先は検討中");
  }
  g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, 2);   /* mine and merged */

  bench_sync_ok (b, &stats);
  g_assert_cmpuint (stats.pushed, ==, 2);
  g_assert_cmpuint (stats.conflicts, ==, 0);

  bench_sync_ok (a, &stats);
  {
    g_autofree char *note1 = answer_note (a, body, q1);
    g_autofree char *note3 = answer_note (a, body, q3);

    g_assert_cmpstr (note1, ==, "B: 未着手");
    g_assert_cmpstr (note3, ==, "本庁のみ、出先は検討中");
  }
  progress = bansou_survey_get_progress (a->survey, ROUND, body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (progress->assignee, ==, "佐藤");
  g_clear_pointer (&progress, bansou_progress_info_free);
  progress = bansou_survey_get_progress (b->survey, ROUND, body, &error);
  g_assert_cmpstr (progress->assignee, ==, "佐藤");

  sum_a = bench_checksum (a);
  sum_b = bench_checksum (b);
  sum_server = server_checksum (f, "34");
  g_assert_cmpstr (sum_a, ==, sum_server);
  g_assert_cmpstr (sum_b, ==, sum_server);
}

/* An edit made while a sync is between its push and its pull: the pulled
 * record of another workbench must not overwrite it. */
typedef struct
{
  Bench      *bench;
  const char *body;
  const char *question;
  gboolean    done;
} EditDuringSync;

static void
edit_before_pull_cb (BansouSync *sync,
                     const char *phase,
                     guint       done,
                     guint       total,
                     gpointer    user_data)
{
  EditDuringSync *e = user_data;

  if (g_str_equal (phase, "pull") && done == 0 && !e->done)
    {
      set_answer (e->bench, e->body, e->question, BANSOU_STATUS_NOT_DONE, "B: 同期中の編集");
      e->done = TRUE;
    }
}

static void
test_sync_conflict_on_pull (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *token_a = bsv_server_token (f->server, "prefecture", "34", "広島県 A");
  g_autofree char *token_b = bsv_server_token (f->server, "prefecture", "34", "広島県 B");
  g_autoptr(Bench) a = bench_new ("34");
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  BansouSyncStats stats = { 0 };
  EditDuringSync edit = { 0 };
  gulong handler;

  bench_connect (a, f, token_a);
  bench_connect (b, f, token_b);
  bench_sync_ok (a, NULL);
  bench_sync_ok (b, NULL);
  bodies = bench_bodies (a);
  questions = plain_questions (a);

  set_answer (a, bodies->pdata[3], questions->pdata[5], BANSOU_STATUS_DONE, "A: 実施済み");
  bench_sync_ok (a, NULL);

  edit.bench = b;
  edit.body = bodies->pdata[3];
  edit.question = questions->pdata[5];
  handler = g_signal_connect (b->sync, "progress", G_CALLBACK (edit_before_pull_cb), &edit);
  bench_sync_ok (b, &stats);
  g_signal_handler_disconnect (b->sync, handler);
  g_assert_true (edit.done);
  g_assert_cmpuint (stats.conflicts, ==, 1);
  {
    g_autofree char *note = answer_note (b, edit.body, edit.question);
    g_assert_cmpstr (note, ==, "B: 同期中の編集");
  }
  conflicts = bansou_sync_list_conflicts (b->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_nonnull (strstr (((BansouConflict *) conflicts->pdata[0])->mine_json, "同期中の編集"));
  g_assert_nonnull (strstr (((BansouConflict *) conflicts->pdata[0])->theirs_json, "A: 実施済み"));

  bansou_sync_resolve_conflict (b->store, ((BansouConflict *) conflicts->pdata[0])->id, BANSOU_CONFLICT_MINE,
                                NULL, &error);
  g_assert_no_error (error);
  bench_sync_ok (b, &stats);
  g_assert_cmpuint (stats.pushed, >=, 1);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  bench_sync_ok (a, NULL);
  {
    g_autofree char *note = answer_note (a, edit.body, edit.question);
    g_assert_cmpstr (note, ==, "B: 同期中の編集");
  }
}

/* ------------------------------------------------------------------------ */
/* Scope                                                                    */

typedef struct
{
  char  *checksum;
  guint  pending;
  gint64 answers;
  gint64 rounds;
  char  *cursor;
} Snapshot;

static void
snapshot_take (Bench    *b,
               Snapshot *s)
{
  g_autoptr(GError) error = NULL;

  s->checksum = bansou_sync_checksum (b->store, NULL, &error);
  g_assert_no_error (error);
  s->pending = bansou_sync_count_pending (b->store);
  s->answers = bench_int (b, "SELECT count(*) FROM answers");
  s->rounds = bench_int (b, "SELECT count(*) FROM rounds");
  s->cursor = bansou_store_get_setting (b->store, "sync-cursor");
}

static void
snapshot_assert_same (Bench    *b,
                      Snapshot *before)
{
  Snapshot after = { 0 };

  snapshot_take (b, &after);
  g_assert_cmpstr (after.checksum, ==, before->checksum);
  g_assert_cmpuint (after.pending, ==, before->pending);
  g_assert_cmpint (after.answers, ==, before->answers);
  g_assert_cmpint (after.rounds, ==, before->rounds);
  g_assert_cmpstr (after.cursor, ==, before->cursor);
  g_free (after.checksum);
  g_free (after.cursor);
  g_free (before->checksum);
  g_free (before->cursor);
}

static const char *
first_body_of (Bench      *b,
               const char *prefecture)
{
  static char code[16];
  g_autoptr(GListModel) bodies = bansou_survey_list_bodies (b->survey, prefecture, NULL);
  g_autoptr(BansouBody) body = g_list_model_get_item (bodies, 1);

  g_strlcpy (code, bansou_body_get_code (body), sizeof code);
  return code;
}

static void
test_sync_forbidden_prefecture (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *hiroshima = bsv_server_token (f->server, "prefecture", "34", "広島県");
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(Bench) tokyo = bench_new ("13");
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *chiyoda = NULL;
  Snapshot before = { 0 };

  bench_connect (b, f, hiroshima);
  bench_sync_ok (b, NULL);
  questions = plain_questions (b);

  /* Writing another prefecture's body: the whole batch is refused. */
  chiyoda = g_strdup (first_body_of (b, "13"));
  set_answer (b, chiyoda, questions->pdata[0], BANSOU_STATUS_DONE, "越境");
  set_answer (b, first_body_of (b, "34"), questions->pdata[0], BANSOU_STATUS_DONE, "自県");
  snapshot_take (b, &before);
  g_assert_false (bench_sync (b, NULL, &error));
  g_assert_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_FORBIDDEN);
  {
    g_autofree char *message = bansou_sync_error_message (error);
    g_assert_nonnull (strstr (message, "token"));
  }
  g_clear_error (&error);
  snapshot_assert_same (b, &before);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM answers"), ==, 0);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM audit WHERE outcome <> 'ok'"), >=, 1);

  /* Reading another prefecture's body: the server refuses it… */
  path = g_strdup_printf ("/bodies/%s/rounds/%s/answers", chiyoda, ROUND);
  {
    g_autoptr(BsvResponse) r = bsv_request (f->session, f->server, "GET", path, hiroshima, NULL, NULL, NULL);
    g_assert_cmpuint (r->status, ==, 403);
  }

  /* …and a workbench of another prefecture refuses this token before it
   * writes anything. */
  bench_connect (tokyo, f, hiroshima);
  snapshot_take (tokyo, &before);
  g_assert_false (bench_sync (tokyo, NULL, &error));
  g_assert_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_FORBIDDEN);
  g_clear_error (&error);
  snapshot_assert_same (tokyo, &before);
}

static void
test_sync_forbidden_body (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  BansouSyncStats stats = { 0 };
  Snapshot before = { 0 };

  bodies = bench_bodies (b);
  token = bsv_server_token (f->server, "body", bodies->pdata[1], "呉市");
  bench_connect (b, f, token);
  bench_sync_ok (b, NULL);
  questions = plain_questions (b);

  /* Its own answer alone goes through. */
  set_answer (b, bodies->pdata[1], questions->pdata[0], BANSOU_STATUS_DONE, "自団体");
  bench_sync_ok (b, &stats);
  g_assert_cmpuint (stats.pushed, ==, 2);   /* the answer and 回答中 */

  /* A neighbour's answer is refused, with its own second edit in the same batch. */
  set_answer (b, bodies->pdata[1], questions->pdata[1], BANSOU_STATUS_DONE, "自団体");
  set_answer (b, bodies->pdata[2], questions->pdata[0], BANSOU_STATUS_DONE, "他団体");
  snapshot_take (b, &before);
  g_assert_false (bench_sync (b, NULL, &error));
  g_assert_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_FORBIDDEN);
  g_clear_error (&error);
  snapshot_assert_same (b, &before);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM answers"), ==, 1);
}

/* ------------------------------------------------------------------------ */
/* kill -9 the server in the middle of a push                               */

typedef struct
{
  Bench           *bench;
  BansouSyncStats  stats;
  GError          *error;
  gboolean         ok;
  gint             done;
} Push;

static gpointer
push_thread (gpointer data)
{
  Push *p = data;

  p->ok = bansou_sync_run (p->bench->sync, NULL, &p->stats, &p->error);
  g_atomic_int_set (&p->done, 1);
  return NULL;
}

#define PREVIOUS_ROUND "2024-10-31"

/* More than 10,000 answers: two demo rounds of Hokkaido's 179
 * municipalities (the fixture's server must have both rounds). */
static Bench *
big_bench (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  Bench *b = bench_new ("01");

  create_round (f, PREVIOUS_ROUND);
  bansou_demo_generate (b->store, b->catalog, "01", 2, 7, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_survey_reload (b->survey, NULL));
  return b;
}

static void
test_sync_kill_server (void)
{
  g_autoptr(Fixture) f = fixture_new_demo ();
  g_autofree char *token = bsv_server_token (f->server, "prefecture", "01", "北海道");
  g_autoptr(Bench) b = big_bench (f);
  g_autofree char *sum_local = NULL;
  g_autofree char *sum_server = NULL;
  g_autoptr(GError) error = NULL;
  BansouSyncLimits limits = { 0 };
  BansouSyncStats stats = { 0 };
  GThread *thread;
  Push p = { b };
  gint64 answers = bench_int (b, "SELECT count(*) FROM answers");
  gint64 records = bansou_sync_count_pending (b->store);
  gint64 head, at_kill = 0;

  g_test_message ("pushing %" G_GINT64_FORMAT " answers, %" G_GINT64_FORMAT " records", answers, records);
  g_assert_cmpint (answers, >=, 10000);
  head = server_head (f);

  limits.batch_size = 500;
  limits.max_attempts = 3;
  _bansou_sync_set_limits (b->sync, &limits);
  bench_connect (b, f, token);

  thread = g_thread_new ("push", push_thread, &p);
  /* Kill as soon as the server has committed a batch. */
  for (guint i = 0; i < 100000 && !g_atomic_int_get (&p.done); i++)
    {
      at_kill = server_int (f, "SELECT count(*) FROM answers");
      if (at_kill > 0)
        break;
      g_usleep (500);
    }
  bsv_server_signal (f->server, SIGKILL);
  g_thread_join (thread);
  g_test_message ("killed with %" G_GINT64_FORMAT " answers committed; the push said: %s", at_kill,
                  p.error ? p.error->message : "done");
  g_assert_cmpint (at_kill, >, 0);
  g_assert_cmpint (at_kill, <, answers);
  g_assert_false (p.ok);
  g_assert_true (p.error->domain == BANSOU_SYNC_ERROR);
  g_clear_error (&p.error);

  /* The same server, started again (on a new port). */
  bsv_server_start (f->server);
  bench_connect (b, f, token);
  bench_sync_ok (b, &stats);

  g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, 0);
  g_assert_cmpuint (bansou_sync_count_conflicts (b->store), ==, 0);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM outbox_chunks"), ==, 0);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM answers"), ==, answers);
  /* Exactly once: the server gave one revision per record, and the client
   * counted each record once over both runs. */
  g_assert_cmpint (server_head (f) - head, ==, records);
  g_assert_cmpint ((gint64) p.stats.pushed + stats.pushed, ==, records);
  sum_local = bench_checksum (b);
  sum_server = server_checksum (f, "01");
  g_assert_cmpstr (sum_local, ==, sum_server);
}

/* ------------------------------------------------------------------------ */
/* Demo data goes only to a demo server                                     */

static gboolean
health_demo (Fixture *f)
{
  g_autoptr(BsvResponse) r = bsv_request (f->session, f->server, "GET", "/health", NULL, NULL, NULL, NULL);
  JsonObject *o;

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_nonnull (r->json);
  o = json_node_get_object (r->json);
  g_assert_true (json_object_has_member (o, "demo"));
  return json_object_get_boolean_member (o, "demo");
}

/* A workbench with a demo round, and the national desk has opened a round
 * of the same date: to a server that is not a demo server nothing of it
 * goes up, and every row stays in the outbox; to a demo server it all does. */
static void
check_demo_push (gboolean demo)
{
  g_autoptr(Fixture) f = demo ? fixture_new_demo () : fixture_new ();
  g_autofree char *token = bsv_server_token (f->server, "prefecture", "34", "広島県");
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GError) error = NULL;
  BansouSyncStats stats = { 0 };
  gint64 head, answers, progress;
  guint pending;

  g_assert_cmpint (health_demo (f), ==, demo);

  bansou_demo_generate (b->store, b->catalog, "34", 1, 3, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_survey_reload (b->survey, NULL));
  answers = bench_int (b, "SELECT count(*) FROM answers WHERE round = '" ROUND "'");
  progress = bench_int (b, "SELECT count(*) FROM progress WHERE round = '" ROUND "'");
  g_assert_cmpint (answers, >, 0);
  pending = bansou_sync_count_pending (b->store);
  g_assert_cmpint (pending, ==, answers + progress);
  g_assert_cmpuint (bansou_sync_count_demo_pending (b->store), ==, pending);
  head = server_head (f);

  bench_connect (b, f, token);
  bench_sync_ok (b, &stats);

  if (!demo)
    {
      g_assert_cmpint (server_int (f, "SELECT count(*) FROM answers WHERE round = '" ROUND "'"), ==, 0);
      g_assert_cmpint (server_int (f, "SELECT count(*) FROM progress WHERE round = '" ROUND "'"), ==, 0);
      g_assert_cmpint (server_head (f), ==, head);
      g_assert_cmpuint (stats.pushed, ==, 0);
      g_assert_cmpuint (stats.demo_held, ==, pending);
      g_assert_cmpuint (stats.held, ==, pending);
      /* Not sent, not deleted: still pending, and still held the next time. */
      g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, pending);
      g_assert_cmpint (bench_int (b, "SELECT count(*) FROM outbox WHERE sent = 0"), ==, pending);
      memset (&stats, 0, sizeof stats);
      bench_sync_ok (b, &stats);
      g_assert_cmpuint (stats.demo_held, ==, pending);
      g_assert_cmpint (server_head (f), ==, head);
    }
  else
    {
      g_assert_cmpint (server_int (f, "SELECT count(*) FROM answers WHERE round = '" ROUND "'"), ==, answers);
      g_assert_cmpint (server_int (f, "SELECT count(*) FROM progress WHERE round = '" ROUND "'"), ==, progress);
      g_assert_cmpuint (stats.pushed, ==, pending);
      g_assert_cmpuint (stats.demo_held, ==, 0);
      g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, 0);
    }
}

static void
test_sync_demo_held (void)
{
  check_demo_push (FALSE);
}

static void
test_sync_demo_server (void)
{
  check_demo_push (TRUE);
}

/* ------------------------------------------------------------------------ */
/* kill -9 bansouctl in the middle of a pull                                */

static void
test_sync_kill_client (void)
{
  g_autoptr(Fixture) f = fixture_new_demo ();
  g_autofree char *token = bsv_server_token (f->server, "prefecture", "01", "北海道");
  g_autoptr(Bench) a = big_bench (f);
  g_autoptr(Bench) b = bench_new ("01");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *sum_a = NULL;
  g_autofree char *sum_b = NULL;
  g_autofree char *sum_server = NULL;
  BansouSyncStats stats = { 0 };
  guint64 at_kill = 0;
  gint64 head;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  bench_connect (a, f, token);
  bench_sync_ok (a, NULL);
  head = server_head (f);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "BANSOU_TOKEN", token, TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("BANSOUCTL"), "--database", b->path, "sync",
                                      "--server", f->server->url, "--ca-file", f->server->cert,
                                      "--page-size", "200", NULL);
  g_assert_no_error (error);

  /* SIGKILL once the first page is in. */
  for (guint i = 0; i < 100000; i++)
    {
      g_free (cursor);
      cursor = bansou_store_get_setting (b->store, "sync-cursor");
      if (cursor != NULL && g_strcmp0 (cursor, "0") != 0)
        break;
      g_usleep (200);
    }
  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cursor);
  g_assert_true (g_ascii_string_to_unsigned (cursor, 10, 1, G_MAXINT64, &at_kill, NULL));
  g_test_message ("killed bansouctl at cursor %" G_GUINT64_FORMAT " of %" G_GINT64_FORMAT, at_kill, head);
  g_assert_cmpint ((gint64) at_kill, <, head);

  /* The database is intact… */
  g_assert_cmpint (sqlite3_open (b->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* …and the next sync takes up from the cursor and completes. */
  bench_connect (b, f, token);
  bench_sync_ok (b, &stats);
  g_assert_cmpuint (stats.pulled, >, 0);
  g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, 0);
  sum_a = bench_checksum (a);
  sum_b = bench_checksum (b);
  sum_server = server_checksum (f, "01");
  g_assert_cmpstr (sum_a, ==, sum_server);
  g_assert_cmpstr (sum_b, ==, sum_server);
}

/* ------------------------------------------------------------------------ */
/* Through a proxy that drops, duplicates, delays and loses                 */

typedef enum
{
  FAULT_NONE,
  FAULT_DROP,        /* 502, never forwarded */
  FAULT_DUPLICATE,   /* forwarded twice */
  FAULT_DELAY,       /* held back, so requests overtake each other */
  FAULT_LOSE,        /* forwarded, then 502: the server committed, the client never hears */
  N_FAULTS
} Fault;

typedef struct
{
  BsvServer   *upstream;
  SoupSession *session;     /* in the proxy's thread */
  GRand       *rand;
  guint        counts[N_FAULTS];
  guint        requests;
} Proxy;

typedef struct
{
  Proxy             *proxy;
  SoupServerMessage *msg;
  Fault              fault;
  guint              sends;
} Forward;

static void forward_send (Forward *fw);

static void
forwarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Forward *fw = user_data;
  SoupMessage *up = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (bytes != NULL && fw->fault == FAULT_DUPLICATE && fw->sends < 2)
    {
      forward_send (fw);
      return;
    }

  if (bytes == NULL || fw->fault == FAULT_LOSE)
    respond (fw->msg, 502, "{\"error\": {\"code\": \"bad_gateway\", \"message\": \"lost\"}}");
  else
    {
      SoupMessageHeaders *in = soup_message_get_response_headers (up);
      SoupMessageHeaders *out = soup_server_message_get_response_headers (fw->msg);
      const char *retry = soup_message_headers_get_one (in, "Retry-After");
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);

      if (retry)
        soup_message_headers_replace (out, "Retry-After", retry);
      soup_server_message_set_status (fw->msg, soup_message_get_status (up), NULL);
      soup_server_message_set_response (fw->msg, "application/json", SOUP_MEMORY_COPY, data, size);
    }
  soup_server_message_unpause (fw->msg);
  g_object_unref (fw->msg);
  g_free (fw);
}

static void
forward_send (Forward *fw)
{
  Proxy *p = fw->proxy;
  GUri *uri = soup_server_message_get_uri (fw->msg);
  SoupMessageHeaders *in = soup_server_message_get_request_headers (fw->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (fw->msg);
  g_autofree char *target = g_strconcat (p->upstream->url, g_uri_get_path (uri),
                                         g_uri_get_query (uri) ? "?" : "",
                                         g_uri_get_query (uri) ? g_uri_get_query (uri) : "", NULL);
  g_autoptr(SoupMessage) up = soup_message_new (soup_server_message_get_method (fw->msg), target);
  SoupMessageHeaders *out = soup_message_get_request_headers (up);
  static const char * const copied[] = { "Authorization", "If-Match", "Idempotency-Key", NULL };

  for (guint i = 0; copied[i]; i++)
    if (soup_message_headers_get_one (in, copied[i]))
      soup_message_headers_replace (out, copied[i], soup_message_headers_get_one (in, copied[i]));
  if (body->length > 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      soup_message_set_request_body_from_bytes (up, "application/json", bytes);
    }
  soup_message_add_flags (up, SOUP_MESSAGE_IDEMPOTENT);
  fw->sends++;
  soup_session_send_and_read_async (p->session, up, G_PRIORITY_DEFAULT, NULL, forwarded_cb, fw);
}

static gboolean
delayed_cb (gpointer user_data)
{
  forward_send (user_data);
  return G_SOURCE_REMOVE;
}

static void
proxy_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Proxy *p = user_data;
  guint32 dice = (guint32) g_rand_int_range (p->rand, 0, 100);
  Forward *fw;

  if (p->session == NULL)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (p->upstream->cert, NULL);

      p->session = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 64, "timeout", 60, NULL);
      soup_session_set_tls_database (p->session, database);
      soup_session_set_proxy_resolver (p->session, NULL);
    }

  p->requests++;
  fw = g_new0 (Forward, 1);
  fw->proxy = p;
  fw->msg = g_object_ref (msg);
  fw->fault = dice < 7 ? FAULT_DROP : dice < 14 ? FAULT_DUPLICATE : dice < 24 ? FAULT_DELAY
            : dice < 31 ? FAULT_LOSE : FAULT_NONE;
  p->counts[fw->fault]++;

  if (fw->fault == FAULT_DROP)
    {
      respond (msg, 502, "{\"error\": {\"code\": \"bad_gateway\", \"message\": \"dropped\"}}");
      g_object_unref (fw->msg);
      g_free (fw);
      return;
    }

  soup_server_message_pause (msg);
  if (fw->fault == FAULT_DELAY)
    {
      GSource *source = g_timeout_source_new ((guint) g_rand_int_range (p->rand, 1, 60));

      g_source_set_callback (source, delayed_cb, fw, NULL);
      g_source_attach (source, g_main_context_get_thread_default ());
      g_source_unref (source);
    }
  else
    forward_send (fw);
}

typedef struct
{
  Bench           *bench;
  BansouSyncStats  stats;
  gboolean         ok;
  GError          *error;
} Job;

static gpointer
job_thread (gpointer data)
{
  Job *job = data;

  g_clear_error (&job->error);
  memset (&job->stats, 0, sizeof job->stats);
  job->ok = bansou_sync_run (job->bench->sync, NULL, &job->stats, &job->error);
  return NULL;
}

/* A sync through the proxy may fail when faults pile up (it says so, and
 * keeps everything): the next run picks up. Bounded. */
static void
sync_until_ok (Bench           *b,
               BansouSyncStats *total)
{
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      g_autoptr(GError) error = NULL;
      BansouSyncStats stats = { 0 };
      gboolean ok = bansou_sync_run (b->sync, NULL, &stats, &error);

      total->pushed += stats.pushed;
      total->conflicts += stats.conflicts;
      if (ok)
        {
          g_assert_true (bansou_survey_reload (b->survey, NULL));
          return;
        }
      g_test_message ("a sync failed, again: %s", error->message);
      g_assert_true (error->domain == BANSOU_SYNC_ERROR);
      g_assert_true (error->code == BANSOU_SYNC_ERROR_NETWORK || error->code == BANSOU_SYNC_ERROR_SERVER ||
                     error->code == BANSOU_SYNC_ERROR_PROTOCOL);
    }
  g_assert_not_reached ();
}

#define N_CLIENTS   3
#define N_ROUNDS    10
#define N_SHARED    10
#define EDITS       334   /* per client and round: 3 × 10 × 334 = 10,020 operations */

static void
test_sync_fault_proxy (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(Fake) fake = NULL;
  Bench *benches[N_CLIENTS];
  char *tokens[N_CLIENTS];
  Proxy proxy = { 0 };
  BansouSyncStats total = { 0 };
  BansouSyncLimits limits = { 0 };
  guint n_records, n_ops = 0, n_conflicts = 0;
  gint64 head;
  guint own_next[N_CLIENTS] = { 0 };

  proxy.upstream = f->server;
  proxy.rand = g_rand_new_with_seed (20261126);
  fake = fake_new (proxy_cb, &proxy, NULL);

  limits.max_attempts = 10;
  limits.backoff_ms = 5;
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      g_autofree char *name = g_strdup_printf ("広島県 %c", 'A' + c);

      tokens[c] = bsv_server_token (f->server, "prefecture", "34", name);
      benches[c] = bench_new ("34");
      _bansou_sync_set_limits (benches[c]->sync, &limits);
      bansou_sync_set_server (benches[c]->sync, fake->url, tokens[c], NULL);
      sync_until_ok (benches[c], &total);
    }
  head = server_head (f);
  memset (&total, 0, sizeof total);

  bodies = bench_bodies (benches[0]);
  questions = plain_questions (benches[0]);
  n_records = bodies->len * questions->len;
  g_test_message ("%u records, %u shared by all clients", n_records, N_SHARED);
  g_assert_cmpuint (n_records, >, N_SHARED + N_CLIENTS * EDITS);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      GThread *threads[N_CLIENTS];
      Job jobs[N_CLIENTS] = { { 0 } };
      guint with_conflict[N_SHARED] = { 0 };

      /* Edits, offline: every client its own records, and all of them the shared ones. */
      for (guint c = 0; c < N_CLIENTS; c++)
        for (guint k = 0; k < EDITS; k++)
          {
            guint r;
            g_autofree char *note = NULL;

            if (k < N_SHARED)
              r = k;
            else
              {
                /* the records i ≥ N_SHARED with i % N_CLIENTS == c, in turn */
                guint own = (n_records - N_SHARED + N_CLIENTS - 1 - c) / N_CLIENTS;
                r = N_SHARED + c + N_CLIENTS * (own_next[c]++ % own);
                if (r >= n_records)
                  r = N_SHARED + c;
              }
            note = g_strdup_printf ("client %u, round %u, edit %u", c, round, k);
            set_answer (benches[c], bodies->pdata[r / questions->len], questions->pdata[r % questions->len],
                        (round + c + k) % 3 == 0 ? BANSOU_STATUS_NOT_DONE : BANSOU_STATUS_NA, note);
            n_ops++;
          }

      /* All three sync at once. */
      for (guint c = 0; c < N_CLIENTS; c++)
        {
          jobs[c].bench = benches[c];
          threads[c] = g_thread_new ("sync", job_thread, &jobs[c]);
        }
      for (guint c = 0; c < N_CLIENTS; c++)
        {
          g_thread_join (threads[c]);
          total.pushed += jobs[c].stats.pushed;
          total.conflicts += jobs[c].stats.conflicts;
          if (!jobs[c].ok)
            {
              g_test_message ("a concurrent sync failed: %s", jobs[c].error->message);
              g_clear_error (&jobs[c].error);
              sync_until_ok (benches[c], &total);
            }
          g_assert_true (bansou_survey_reload (benches[c]->survey, NULL));
        }

      /* Every concurrent edit of a shared record is a conflict at the two
       * clients that lost the race, and there is no other conflict. */
      for (guint c = 0; c < N_CLIENTS; c++)
        {
          g_autoptr(GPtrArray) conflicts = bansou_sync_list_conflicts (benches[c]->store, NULL);

          for (guint i = 0; i < conflicts->len; i++)
            {
              BansouConflict *k = g_ptr_array_index (conflicts, i);
              guint r = G_MAXUINT;

              g_assert_cmpstr (k->type, ==, "answer");
              for (guint s = 0; s < N_SHARED; s++)
                if (g_str_equal (k->body, bodies->pdata[s / questions->len]) &&
                    g_str_equal (k->question, questions->pdata[s % questions->len]))
                  r = s;
              g_assert_cmpuint (r, <, N_SHARED);
              with_conflict[r]++;
              n_conflicts++;
              /* Decide: the losers keep theirs or take the winner's, in turn. */
              bansou_sync_resolve_conflict (benches[c]->store, k->id,
                                            (r + c) % 2 ? BANSOU_CONFLICT_MINE : BANSOU_CONFLICT_THEIRS,
                                            NULL, NULL);
            }
        }
      for (guint s = 0; s < N_SHARED; s++)
        g_assert_cmpuint (with_conflict[s], ==, N_CLIENTS - 1);

      /* Settle: sync in turn until nobody has anything left to send or decide. */
      for (guint pass = 0; pass < 8; pass++)
        {
          gboolean quiet = TRUE;

          for (guint c = 0; c < N_CLIENTS; c++)
            {
              BansouSyncStats before = total;

              sync_until_ok (benches[c], &total);
              if (total.pushed != before.pushed || total.conflicts != before.conflicts)
                quiet = FALSE;
              {
                g_autoptr(GPtrArray) conflicts = bansou_sync_list_conflicts (benches[c]->store, NULL);

                for (guint i = 0; i < conflicts->len; i++)
                  {
                    BansouConflict *k = g_ptr_array_index (conflicts, i);
                    bansou_sync_resolve_conflict (benches[c]->store, k->id, BANSOU_CONFLICT_THEIRS, NULL, NULL);
                    quiet = FALSE;
                  }
              }
            }
          if (quiet)
            break;
        }

      /* Both sides hold the same answers. */
      {
        g_autofree char *server = server_checksum (f, "34");

        for (guint c = 0; c < N_CLIENTS; c++)
          {
            g_autofree char *mine = bench_checksum (benches[c]);

            g_assert_cmpuint (bansou_sync_count_pending (benches[c]->store), ==, 0);
            g_assert_cmpuint (bansou_sync_count_conflicts (benches[c]->store), ==, 0);
            g_assert_cmpstr (mine, ==, server);
          }
      }
    }

  /* Each operation the clients saw applied was applied once, and nothing
   * else was: one server revision per acknowledged write. */
  g_test_message ("%u operations, %u conflicts; proxy: %u requests, %u dropped, %u duplicated, "
                  "%u delayed, %u lost after commit", n_ops, n_conflicts, proxy.requests,
                  proxy.counts[FAULT_DROP], proxy.counts[FAULT_DUPLICATE], proxy.counts[FAULT_DELAY],
                  proxy.counts[FAULT_LOSE]);
  g_assert_cmpuint (n_ops, >=, 10000);
  g_assert_cmpint (server_head (f) - head, ==, total.pushed);
  for (guint i = FAULT_DROP; i < N_FAULTS; i++)
    g_assert_cmpuint (proxy.counts[i], >, 0);

  g_clear_pointer (&fake, fake_free);
  g_clear_object (&proxy.session);
  g_rand_free (proxy.rand);
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      bench_free (benches[c]);
      g_free (tokens[c]);
    }
}

/* ------------------------------------------------------------------------ */
/* Servers that answer badly                                                */

typedef enum
{
  BAD_BODIES_MALFORMED,
  BAD_BODIES_OVERSIZED,      /* Content-Length says too much: not even read */
  BAD_CHANGES_TRUNCATED,     /* complete HTTP, JSON cut off */
  BAD_CHANGES_CUT,           /* the connection closes in the middle of the body */
  BAD_CHANGES_WRONG_TYPE,
  BAD_CHANGES_OVERSIZED,     /* chunked, counted as it arrives */
  BAD_CHANGES_NEXT,          /* a cursor that does not follow the records */
  BAD_CHANGES_GZIP_BOMB,     /* 256 KB of gzip that decode to 256 MiB: counted decoded */
  BAD_BATCH_COUNT,
  BAD_BATCH_WRONG_TYPE,
  N_BAD
} Bad;

#define ROUND_RECORD \
  "{\"type\": \"round\", \"id\": \"" ROUND "\", \"title\": \"\", \"catalog_version\": \"%s\", \"due\": null, " \
  "\"rev\": 1, \"updated_at\": \"2025-11-01T00:00:00Z\", \"updated_by\": \"x\"}"

static gboolean bomb_asked_gzip;

/* The gzip stream of "{\"changes\": [" and 256 MiB of spaces: about 256 KB. */
static void
gzip_feed (GConverter *z,
           GByteArray *out,
           const char *data,
           gsize       length,
           gboolean    last)
{
  guint8 buf[65536];
  gsize done = 0;
  GConverterResult r;

  do
    {
      gsize read = 0, written = 0;

      r = g_converter_convert (z, data + done, length - done, buf, sizeof buf,
                               last ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS, &read, &written, NULL);
      g_assert_cmpint (r, !=, G_CONVERTER_ERROR);
      done += read;
      g_byte_array_append (out, buf, (guint) written);
    }
  while (done < length || (last && r != G_CONVERTER_FINISHED));
}

static GBytes *
gzip_bomb (void)
{
  g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree char *spaces = g_strnfill (1024 * 1024, ' ');

  gzip_feed (G_CONVERTER (z), out, "{\"changes\": [", 13, FALSE);
  for (guint i = 0; i < 256; i++)
    gzip_feed (G_CONVERTER (z), out, spaces, 1024 * 1024, i == 255);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Headers of a 200 and a part of the promised body, then the connection closes. */
static void
respond_cut (SoupServerMessage *msg)
{
  GIOStream *io = soup_server_message_steal_connection (msg);
  const char *head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
                     "{\"changes\": [";

  g_output_stream_write_all (g_io_stream_get_output_stream (io), head, strlen (head), NULL, NULL, NULL);
  g_io_stream_close (io, NULL, NULL);
  g_object_unref (io);
}

/* What a fake server answers besides its pages: empty lists of bodies and
 * rounds, and "not found". */
static void
respond_besides_changes (SoupServerMessage *msg,
                         const char        *path)
{
  if (g_str_equal (path, "/api/v1/bodies"))
    respond (msg, 200, "{\"bodies\": []}");
  else if (g_str_equal (path, "/api/v1/rounds"))
    respond (msg, 200, "{\"rounds\": []}");
  else
    respond (msg, 404, "{\"error\": {\"code\": \"not_found\", \"message\": \"no\"}}");
}

static void
bad_cb (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Bad bad = GPOINTER_TO_UINT (user_data);
  gboolean batch = bad == BAD_BATCH_COUNT || bad == BAD_BATCH_WRONG_TYPE;

  if (g_str_equal (path, "/api/v1/bodies"))
    {
      if (bad == BAD_BODIES_MALFORMED)
        respond (msg, 200, "{\"bodies\": [{\"type\": \"body\", \"code\": ");
      else if (bad == BAD_BODIES_OVERSIZED)
        {
          g_autofree char *big = g_strnfill (200 * 1024, ' ');
          g_autofree char *json = g_strconcat ("{\"bodies\": []", big, "}", NULL);
          respond (msg, 200, json);
        }
      else
        respond (msg, 200, "{\"bodies\": []}");
    }
  else if (g_str_equal (path, "/api/v1/rounds"))
    {
      g_autofree char *record = g_strdup_printf (ROUND_RECORD, catalog_version ());
      g_autofree char *json = g_strdup_printf ("{\"rounds\": [%s]}", batch ? record : "");
      respond (msg, 200, json);
    }
  else if (g_str_equal (path, "/api/v1/batch"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GBytes) request = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autoptr(GString) json = g_string_new ("{\"results\": [");
      guint n;

      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (request, NULL),
                                                 g_bytes_get_size (request), NULL));
      n = json_array_get_length (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                               "ops"));
      /* One result too few; or as many as asked, with a revision that is a string. */
      for (guint i = 0; i < (bad == BAD_BATCH_COUNT ? n - 1 : n); i++)
        g_string_append_printf (json, "%s{\"status\": 201, \"rev\": %s}", i ? ", " : "",
                                bad == BAD_BATCH_COUNT ? "12" : "\"12\"");
      g_string_append (json, "], \"applied\": 0, \"conflicts\": 0}");
      respond (msg, 200, json->str);
    }
  else if (g_str_equal (path, "/api/v1/changes"))
    {
      const char *answer = "{\"type\": \"answer\", \"round\": \"" ROUND "\", \"body\": \"342025\", "
                           "\"question\": \"org.responsibility.ciso\", \"status\": \"done\", \"done_on\": null, "
                           "\"note\": \"\", \"evidence\": \"\", \"rev\": 5}";

      switch (bad)
        {
        case BAD_CHANGES_TRUNCATED:
          {
            g_autofree char *json = g_strdup_printf ("{\"changes\": [%s", answer);
            respond (msg, 200, json);
          }
          break;
        case BAD_CHANGES_CUT:
          respond_cut (msg);
          break;
        case BAD_CHANGES_WRONG_TYPE:
          respond (msg, 200, "{\"changes\": [{\"type\": \"answer\", \"round\": \"" ROUND "\", \"body\": \"342025\", "
                             "\"question\": \"org.responsibility.ciso\", \"status\": \"done\", \"note\": \"\", "
                             "\"evidence\": \"\", \"rev\": \"5\"}], \"epoch\": \"e\", \"next\": 5, \"more\": false}");
          break;
        case BAD_CHANGES_OVERSIZED:
          {
            SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
            SoupMessageBody *body = soup_server_message_get_response_body (msg);
            g_autofree char *chunk = g_strnfill (16 * 1024, ' ');

            soup_server_message_set_status (msg, 200, NULL);
            soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
            soup_message_headers_set_content_type (headers, "application/json", NULL);
            soup_message_body_append (body, SOUP_MEMORY_COPY, "{\"changes\": [", 13);
            for (guint i = 0; i < 16; i++)
              soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, strlen (chunk));
            soup_message_body_append (body, SOUP_MEMORY_COPY, "], \"epoch\": \"e\", \"next\": 0, \"more\": false}", 43);
            soup_message_body_complete (body);
          }
          break;
        case BAD_CHANGES_NEXT:
          {
            g_autofree char *json = g_strdup_printf ("{\"changes\": [%s], \"epoch\": \"e\", \"next\": 9, "
                                                     "\"more\": false}", answer);
            respond (msg, 200, json);
          }
          break;
        case BAD_CHANGES_GZIP_BOMB:
          {
            /* A hostile server's zip bomb: what counts against max_response
             * is the decoded text, so memory stays bounded. */
            SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
            const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                               "Accept-Encoding");
            g_autoptr(GBytes) bomb = gzip_bomb ();

            bomb_asked_gzip = accept != NULL && strstr (accept, "gzip") != NULL;
            soup_server_message_set_status (msg, 200, NULL);
            soup_message_headers_replace (headers, "Content-Encoding", "gzip");
            soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                              g_bytes_get_data (bomb, NULL), g_bytes_get_size (bomb));
          }
          break;
        case BAD_BODIES_MALFORMED:
        case BAD_BODIES_OVERSIZED:
        case BAD_BATCH_COUNT:
        case BAD_BATCH_WRONG_TYPE:
        case N_BAD:
        default:
          respond (msg, 200, "{\"changes\": [], \"epoch\": \"e\", \"next\": 0, \"more\": false}");
          break;
        }
    }
  else
    respond (msg, 404, "{\"error\": {\"code\": \"not_found\", \"message\": \"no\"}}");
}

/* The peak resident size of this process, KiB. */
static gint64
vm_hwm_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + 6, NULL, 10);
}

static void
test_sync_bad_responses (void)
{
  for (Bad bad = 0; bad < N_BAD; bad++)
    {
      g_autoptr(Fake) fake = fake_new (bad_cb, GUINT_TO_POINTER (bad), NULL);
      g_autoptr(Bench) b = bench_new ("34");
      g_autoptr(GPtrArray) questions = plain_questions (b);
      g_autoptr(GError) error = NULL;
      g_autoptr(GDate) date = bansou_date_parse_iso (ROUND);
      BansouSyncLimits limits = { 0 };
      Snapshot before = { 0 };

      /* Something local that must come through unchanged. */
      bansou_survey_create_round (b->survey, ROUND, NULL, FALSE, &error);
      g_assert_no_error (error);
      set_answer (b, "342025", questions->pdata[0], BANSOU_STATUS_PARTIAL, "ローカル");
      (void) date;

      limits.max_response = 64 * 1024;
      limits.max_attempts = 2;
      _bansou_sync_set_limits (b->sync, &limits);
      bansou_sync_set_server (b->sync, fake->url, "bns_test", NULL);

      snapshot_take (b, &before);
      if (bad == BAD_CHANGES_WRONG_TYPE)
        {
          BansouSyncStats stats = { 0 };
          g_autofree char *note = NULL;

          /* One record of the wrong shape is kept aside, not a stop (issue 9):
           * the run ends well, the local edit is untouched. */
          g_assert_true (bench_sync (b, &stats, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (stats.quarantined, ==, 1);
          g_assert_cmpuint (bansou_sync_count_quarantined (b->store, NULL), ==, 1);
          note = answer_note (b, "342025", questions->pdata[0]);
          g_assert_cmpstr (note, ==, "ローカル");
          continue;
        }
      {
        gint64 before_hwm = vm_hwm_kib ();

        g_assert_false (bench_sync (b, NULL, &error));
        if (bad == BAD_CHANGES_GZIP_BOMB)
          {
            /* The client asked for gzip, and 256 MiB decoded never came to be. */
            g_assert_true (bomb_asked_gzip);
            g_assert_cmpint (vm_hwm_kib () - before_hwm, <, 64 * 1024);
            g_assert_nonnull (strstr (error->message, "larger than"));
          }
      }
      g_test_message ("bad response %d: %s", bad, error ? error->message : "");
      g_assert_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL);
      {
        g_autofree char *message = bansou_sync_error_message (error);
        g_assert_nonnull (strstr (message, "nothing was changed"));
      }
      snapshot_assert_same (b, &before);
    }
}

/* A server before issue 15: a "limit" over its max-page (5000) is a 400. */
static void
old_server_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GPtrArray *limits = user_data;

  if (g_str_equal (path, "/api/v1/changes"))
    {
      const char *limit = query ? g_hash_table_lookup (query, "limit") : NULL;

      g_ptr_array_add (limits, g_strdup (limit ? limit : ""));
      if (limit != NULL && g_ascii_strtoull (limit, NULL, 10) > 5000)
        respond (msg, 400, "{\"error\": {\"code\": \"invalid_request\", \"message\": \"“limit” must be 1 to 5000\"}}");
      else
        respond (msg, 200, "{\"changes\": [], \"epoch\": \"e\", \"next\": 0, \"more\": false}");
    }
  else
    respond_besides_changes (msg, path);
}

/* A first sync asks for pages of 20000; an older server refuses that
 * with 400, and the run goes on with pages of 2000. */
static void
test_sync_old_server_pages (void)
{
  g_autoptr(GPtrArray) limits = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Fake) fake = fake_new (old_server_cb, limits, NULL);
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GError) error = NULL;

  bansou_sync_set_server (b->sync, fake->url, "bns_test", NULL);
  g_assert_true (bench_sync (b, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (limits->len, ==, 2);
  g_assert_cmpstr (limits->pdata[0], ==, "20000");
  g_assert_cmpstr (limits->pdata[1], ==, "2000");
}

/* Two pages of answers; the second is cut off in the middle of its body
 * the first time it is asked for, which is while the first page is being
 * written (the sync fetches the next page ahead). */
typedef struct
{
  GMutex      lock;
  GPtrArray  *since;      /* the "since" of every GET /changes, in order of arrival */
  const char *q1;
  const char *q2;
} AheadServer;

static void
ahead_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  AheadServer *a = user_data;

  if (g_str_equal (path, "/api/v1/changes"))
    {
      const char *since = query ? g_hash_table_lookup (query, "since") : NULL;
      guint seen = 0;

      g_mutex_lock (&a->lock);
      for (guint i = 0; i < a->since->len; i++)
        seen += g_strcmp0 (a->since->pdata[i], since) == 0;
      g_ptr_array_add (a->since, g_strdup (since ? since : ""));
      g_mutex_unlock (&a->lock);

      if (g_strcmp0 (since, "0") == 0)
        {
          g_autofree char *json = g_strdup_printf (
            "{\"changes\": [{\"type\": \"answer\", \"round\": \"" ROUND "\", \"body\": \"342025\", "
            "\"question\": \"%s\", \"status\": \"done\", \"done_on\": null, \"note\": \"一頁目\", "
            "\"evidence\": \"\", \"rev\": 5}], \"epoch\": \"e\", \"next\": 5, \"more\": true}", a->q1);
          respond (msg, 200, json);
        }
      else if (g_strcmp0 (since, "5") == 0 && seen == 0)
        respond_cut (msg);
      else if (g_strcmp0 (since, "5") == 0)
        {
          g_autofree char *json = g_strdup_printf (
            "{\"changes\": [{\"type\": \"answer\", \"round\": \"" ROUND "\", \"body\": \"342025\", "
            "\"question\": \"%s\", \"status\": \"partial\", \"done_on\": null, \"note\": \"二頁目\", "
            "\"evidence\": \"\", \"rev\": 7}], \"epoch\": \"e\", \"next\": 7, \"more\": false}", a->q2);
          respond (msg, 200, json);
        }
      else
        respond (msg, 200, "{\"changes\": [], \"epoch\": \"e\", \"next\": 7, \"more\": false}");
    }
  else
    respond_besides_changes (msg, path);
}

/* A page fetched ahead that does not come back whole is asked for again:
 * both pages are taken, in order, and the run ends well. */
static void
test_sync_page_ahead_cut (void)
{
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GPtrArray) questions = plain_questions (b);
  g_autoptr(GPtrArray) since = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(Fake) fake = NULL;
  g_autofree char *n1 = NULL;
  g_autofree char *n2 = NULL;
  g_autofree char *cursor = NULL;
  AheadServer a = { .since = since, .q1 = questions->pdata[0], .q2 = questions->pdata[1] };
  BansouSyncStats stats = { 0 };
  guint asked_5 = 0;

  g_mutex_init (&a.lock);
  bansou_survey_create_round (b->survey, ROUND, NULL, FALSE, &error);
  g_assert_no_error (error);
  fake = fake_new (ahead_cb, &a, NULL);
  bansou_sync_set_server (b->sync, fake->url, "bns_test", NULL);
  g_assert_true (bench_sync (b, &stats, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (stats.pulled, ==, 2);
  n1 = answer_note (b, "342025", questions->pdata[0]);
  n2 = answer_note (b, "342025", questions->pdata[1]);
  g_assert_cmpstr (n1, ==, "一頁目");
  g_assert_cmpstr (n2, ==, "二頁目");
  cursor = bansou_store_get_setting (b->store, "sync-cursor");
  g_assert_cmpstr (cursor, ==, "7");
  /* the first page once; the second cut once, then whole */
  g_assert_cmpstr (since->pdata[0], ==, "0");
  for (guint i = 0; i < since->len; i++)
    asked_5 += g_str_equal (since->pdata[i], "5");
  g_assert_cmpuint (asked_5, ==, 2);
  g_clear_pointer (&fake, fake_free);
  g_mutex_clear (&a.lock);
}

/* ------------------------------------------------------------------------ */
/* Tokens, plain http, certificates                                         */

static gint64
token_id (Fixture    *f,
          const char *name)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (bsv_server_run (f->server, (const char * const []) { "token", "list", NULL }, &out, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_suffix (lines[i], name))
      return g_ascii_strtoll (lines[i], NULL, 10);
  g_assert_not_reached ();
}

static void
test_sync_unauthorized (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *token = bsv_server_token (f->server, "prefecture", "34", "広島県 失効予定");
  g_autofree char *id = NULL;
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GError) error = NULL;
  Snapshot before = { 0 };

  /* Unknown */
  bench_connect (b, f, "bns_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  snapshot_take (b, &before);
  g_assert_false (bench_sync (b, NULL, &error));
  g_assert_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_UNAUTHORIZED);
  {
    g_autofree char *message = bansou_sync_error_message (error);
    g_assert_cmpstr (message, ==, "The server rejected the token. Ask the administrator for a new token "
                                  "and enter it again.");
  }
  g_clear_error (&error);
  snapshot_assert_same (b, &before);

  /* Valid, then revoked */
  bench_connect (b, f, token);
  bench_sync_ok (b, NULL);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, token_id (f, "広島県 失効予定"));
  g_assert_cmpint (bsv_server_run (f->server, (const char * const []) { "token", "revoke", id, NULL }, NULL, NULL),
                   ==, 0);
  snapshot_take (b, &before);
  g_assert_false (bench_sync (b, NULL, &error));
  g_assert_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  snapshot_assert_same (b, &before);

  /* A token that could smuggle a header in never leaves the client. */
  bench_connect (b, f, "bns_x\r\nX-Evil: 1");
  g_assert_false (bench_sync (b, NULL, &error));
  g_assert_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CONFIG);
}

static void
incoming_cb (GSocketService     *service,
             GSocketConnection  *connection,
             GObject            *source,
             gpointer            user_data)
{
  (*(guint *) user_data)++;
}

/* An IPv4 address of this machine that is not loopback, if it has one. */
static char *
outside_address (void)
{
  struct ifaddrs *list = NULL;
  char *found = NULL;

  if (getifaddrs (&list) != 0)
    return NULL;
  for (struct ifaddrs *i = list; i && !found; i = i->ifa_next)
    if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET)
      {
        g_autoptr(GInetAddress) a = g_inet_address_new_from_bytes (
          (const guint8 *) &((struct sockaddr_in *) i->ifa_addr)->sin_addr, G_SOCKET_FAMILY_IPV4);

        if (!g_inet_address_get_is_loopback (a))
          found = g_inet_address_to_string (a);
      }
  freeifaddrs (list);
  return found;
}

static void
test_sync_insecure (void)
{
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GError) error = NULL;
  g_autofree char *address = outside_address ();
  const char *refused[] = { "http://192.0.2.10:8080", "http://bansou.example.lg.jp", "http://[2001:db8::1]:80", NULL };

  for (guint i = 0; refused[i]; i++)
    {
      bansou_sync_set_server (b->sync, refused[i], "bns_test", NULL);
      g_assert_false (bench_sync (b, NULL, &error));
      g_assert_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_INSECURE);
      g_clear_error (&error);
    }

  /* With a listener on this machine's own outside address: not one connection. */
  if (address != NULL)
    {
      g_autoptr(GSocketService) service = g_socket_service_new ();
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
      g_autoptr(GSocketAddress) sa = g_inet_socket_address_new (inet, 0);
      g_autoptr(GSocketAddress) bound = NULL;
      g_autofree char *url = NULL;
      guint incoming = 0;

      g_socket_listener_add_address (G_SOCKET_LISTENER (service), sa, G_SOCKET_TYPE_STREAM,
                                     G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
      g_assert_no_error (error);
      g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), &incoming);
      g_socket_service_start (service);
      url = g_strdup_printf ("http://%s:%u", address, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

      bansou_sync_set_server (b->sync, url, "bns_test", NULL);
      g_assert_false (bench_sync (b, NULL, &error));
      g_assert_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_INSECURE);
      g_clear_error (&error);
      for (guint i = 0; i < 100; i++)
        g_main_context_iteration (NULL, FALSE);
      g_assert_cmpuint (incoming, ==, 0);
      g_socket_service_stop (service);
    }
  else
    g_test_message ("no outside address: only the refusal was checked");

  /* Relative CA files are refused rather than failing every certificate. */
  bansou_sync_set_server (b->sync, "https://127.0.0.1:1", "bns_test", "cert.pem");
  g_assert_false (bench_sync (b, NULL, &error));
  g_assert_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CONFIG);
}

static void
openssl (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl failed: %s", err);
}

static void
ok_cb (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  respond (msg, 200, "{\"bodies\": [], \"rounds\": []}");
}

static void
expect_tls_error (const char *cert,
                  const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_autoptr(Fake) fake = NULL;
  g_autoptr(Bench) b = bench_new ("34");

  g_assert_no_error (error);
  fake = fake_new (ok_cb, NULL, certificate);
  g_assert_true (g_str_has_prefix (fake->url, "https://127.0.0.1:"));
  bansou_sync_set_server (b->sync, fake->url, "bns_test", cert);
  g_assert_false (bench_sync (b, NULL, &error));
  g_assert_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_TLS);
}

static void
test_sync_tls (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *token = bsv_server_token (f->server, "prefecture", "34", "広島県");
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *csr = g_build_filename (dir, "req.csr", NULL);
  g_autofree char *ext = g_build_filename (dir, "ext.cnf", NULL);
  g_autofree char *wrong = g_build_filename (dir, "wrong-host.pem", NULL);
  g_autofree char *expired = g_build_filename (dir, "expired.pem", NULL);
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GError) error = NULL;

  /* The real server's self-signed certificate, not trusted: refused. */
  bansou_sync_set_server (b->sync, f->server->url, token, NULL);
  g_assert_false (bench_sync (b, NULL, &error));
  g_assert_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_TLS);
  g_clear_error (&error);

  /* Trusted through the CA file: accepted. */
  bench_connect (b, f, token);
  bench_sync_ok (b, NULL);

  /* Trusted, but made out to another host. */
  openssl ((const char * const []) {
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", key, "-out", wrong, "-days", "30", "-subj", "/CN=wrong.example",
    "-addext", "subjectAltName=DNS:wrong.example", NULL });
  expect_tls_error (wrong, key);

  /* Trusted and for this host, but expired. */
  g_file_set_contents (ext, "basicConstraints=critical,CA:TRUE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n", -1,
                       &error);
  g_assert_no_error (error);
  openssl ((const char * const []) {
    "openssl", "req", "-new", "-key", key, "-out", csr, "-subj", "/CN=127.0.0.1", NULL });
  openssl ((const char * const []) {
    "openssl", "x509", "-req", "-in", csr, "-signkey", key, "-out", expired, "-days", "-1",
    "-extfile", ext, NULL });
  expect_tls_error (expired, key);
}

/* ------------------------------------------------------------------------ */
/* The server's history reset; the async API                               */

static void
test_sync_new_epoch (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *token = bsv_server_token (f->server, "prefecture", "34", "広島県");
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *epoch2 = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *sum2 = NULL;
  BansouSyncStats stats = { 0 };

  bench_connect (b, f, token);
  bench_sync_ok (b, NULL);
  bodies = bench_bodies (b);
  questions = plain_questions (b);
  for (guint q = 0; q < 10; q++)
    set_answer (b, bodies->pdata[0], questions->pdata[q], BANSOU_STATUS_DONE, "");
  bench_sync_ok (b, NULL);
  epoch = bansou_store_get_setting (b->store, "sync-epoch");
  sum = bench_checksum (b);

  bsv_server_signal (f->server, SIGTERM);
  g_assert_cmpint (bsv_server_run (f->server, (const char * const []) { "init", "--new-epoch", NULL }, NULL, NULL),
                   ==, 0);
  bsv_server_start (f->server);
  bench_connect (b, f, token);

  bench_sync_ok (b, &stats);
  epoch2 = bansou_store_get_setting (b->store, "sync-epoch");
  g_assert_cmpstr (epoch, !=, epoch2);
  g_assert_cmpuint (stats.pulled, >=, 11);   /* everything again */
  g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, 0);
  sum2 = bench_checksum (b);
  g_assert_cmpstr (sum, ==, sum2);
}

typedef struct
{
  GMainLoop       *loop;
  GThread         *main_thread;
  guint            progress;
  gboolean         ok;
  BansouSyncStats  stats;
  GError          *error;
} AsyncRun;

static void
async_progress_cb (BansouSync *sync,
                   const char *phase,
                   guint       done,
                   guint       total,
                   gpointer    user_data)
{
  AsyncRun *r = user_data;

  g_assert_true (g_thread_self () == r->main_thread);
  g_assert_true (g_str_equal (phase, "push") || g_str_equal (phase, "pull"));
  r->progress++;
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncRun *r = user_data;

  r->ok = bansou_sync_run_finish (BANSOU_SYNC (object), result, &r->stats, &r->error);
  g_main_loop_quit (r->loop);
}

static void
test_sync_async (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *token = bsv_server_token (f->server, "prefecture", "34", "広島県");
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncRun r = { 0 };

  r.loop = g_main_loop_new (NULL, FALSE);
  r.main_thread = g_thread_self ();
  bench_connect (b, f, token);
  g_signal_connect (b->sync, "progress", G_CALLBACK (async_progress_cb), &r);

  bansou_sync_run_async (b->sync, NULL, async_done_cb, &r);
  g_main_loop_run (r.loop);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpuint (r.progress, >=, 2);

  /* Cancelled before it starts: says so, keeps everything. */
  g_cancellable_cancel (cancellable);
  bansou_sync_run_async (b->sync, cancellable, async_done_cb, &r);
  g_main_loop_run (r.loop);
  g_assert_false (r.ok);
  g_assert_error (r.error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_main_loop_unref (r.loop);
}

/* ------------------------------------------------------------------------ */
/* The outbox                                                               */

static void
test_sync_outbox (void)
{
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GError) error = NULL;
  gint64 answers, progress;

  bansou_survey_create_round (b->survey, ROUND, NULL, FALSE, &error);
  g_assert_no_error (error);
  bodies = bench_bodies (b);
  questions = plain_questions (b);
  /* A new round: the progress of every body. */
  g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, bodies->len);

  /* Edits of one record not sent yet: one row, the latest version. */
  set_answer (b, bodies->pdata[0], questions->pdata[0], BANSOU_STATUS_DONE, "一回目");
  set_answer (b, bodies->pdata[0], questions->pdata[0], BANSOU_STATUS_PARTIAL, "二回目");
  g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, bodies->len + 1);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM outbox WHERE type = 'answer' "
                                 "AND payload LIKE '%二回目%' AND payload LIKE '%partial%'"), ==, 1);

  /* Once a row is sent, its chunk is frozen: a new edit is a new row. */
  bansou_store_exec (b->store, "INSERT INTO outbox_chunks (id, idempotency_key, request, created_at) "
                               "VALUES (1, 'k', '{\"ops\":[]}', ''); UPDATE outbox SET sent = 1", &error);
  g_assert_no_error (error);
  set_answer (b, bodies->pdata[0], questions->pdata[0], BANSOU_STATUS_NOT_DONE, "三回目");
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM outbox WHERE type = 'answer'"), ==, 2);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM outbox WHERE type = 'answer' AND sent = 1 "
                                 "AND payload LIKE '%二回目%'"), ==, 1);

  /* Deleting the round takes its unsent rows along; sent ones wait for their answer. */
  bansou_survey_delete_round (b->survey, ROUND, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM outbox WHERE sent = 0"), ==, 0);
  bansou_store_exec (b->store, "DELETE FROM outbox; DELETE FROM outbox_chunks", &error);
  g_assert_no_error (error);

  /* Demo data goes up too, in the same transaction that made it. */
  bansou_demo_generate (b->store, b->catalog, "34", 2, 1, &error);
  g_assert_no_error (error);
  answers = bench_int (b, "SELECT count(*) FROM answers");
  progress = bench_int (b, "SELECT count(*) FROM progress");
  g_assert_cmpint (bansou_sync_count_pending (b->store), ==, answers + progress);
  g_assert_cmpint (bench_int (b, "SELECT count(DISTINCT idempotency_key) FROM outbox"), ==, answers + progress);
}

/* A server with small limits: batches and bodies too large are sent
 * again in smaller chunks, nothing lost. */
static void
test_sync_small_limits (void)
{
  g_autoptr(Fixture) f = fixture_new_with ("[limits]\nmax-batch=40\nmax-body-bytes=8192\n");
  g_autofree char *token = bsv_server_token (f->server, "prefecture", "34", "広島県");
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *server = NULL;
  BansouSyncStats stats = { 0 };
  guint pending;

  bench_connect (b, f, token);
  bench_sync_ok (b, NULL);
  bodies = bench_bodies (b);
  questions = plain_questions (b);
  for (guint i = 0; i < 3; i++)
    for (guint q = 0; q < questions->len; q++)
      set_answer (b, bodies->pdata[i], questions->pdata[q], BANSOU_STATUS_PARTIAL,
                  "本庁では実施済みだが、出先機関と指定管理者については令和8年度中の対応を予定している");
  pending = bansou_sync_count_pending (b->store);

  bench_sync_ok (b, &stats);
  g_assert_cmpuint (stats.pushed, ==, pending);
  g_assert_cmpuint (bansou_sync_count_pending (b->store), ==, 0);
  sum = bench_checksum (b);
  server = server_checksum (f, "34");
  g_assert_cmpstr (sum, ==, server);
}

/* ------------------------------------------------------------------------ */
/* bansouctl sync                                                           */

static int
ctl (Bench               *b,
     const char * const  *args,
     char               **out,
     char               **err)
{
  return bansou_test_run_ctl (b->path, args, out, err);
}

static void
test_sync_ctl (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *token_a = bsv_server_token (f->server, "prefecture", "34", "広島県 A");
  g_autofree char *token_b = bsv_server_token (f->server, "prefecture", "34", "広島県 B");
  g_autoptr(Bench) a = bench_new ("34");
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *token_file = g_build_filename (dir, "token", NULL);
  g_autofree char *bad_file = g_build_filename (dir, "bad-token", NULL);
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL, *err = NULL;

  bench_connect (a, f, token_a);
  bench_sync_ok (a, NULL);

  /* The token from the environment, the server named once. */
  g_setenv ("BANSOU_TOKEN", token_b, TRUE);
  g_assert_cmpint (ctl (b, (const char * const []) { "sync", "--server", f->server->url, "--ca-file", f->server->cert,
                                                     NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Sent 0"));
  g_assert_nonnull (strstr (err, "Receiv"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (bansou_survey_reload (b->survey, NULL));

  bodies = bench_bodies (b);
  questions = plain_questions (b);
  set_answer (b, bodies->pdata[0], questions->pdata[0], BANSOU_STATUS_DONE, "B");
  set_answer (a, bodies->pdata[0], questions->pdata[0], BANSOU_STATUS_NA, "A");
  bench_sync_ok (a, NULL);

  g_assert_cmpint (ctl (b, (const char * const []) { "sync", "status", NULL }, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, f->server->url));
  g_assert_true (g_regex_match_simple ("Pending: +2\\b", out, 0, 0));
  g_clear_pointer (&out, g_free);

  /* Remembered server and CA file; the conflict is reported. */
  g_assert_cmpint (ctl (b, (const char * const []) { "sync", NULL }, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "conflict"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (b, (const char * const []) { "sync", "conflicts", NULL }, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "mine:"));
  g_assert_nonnull (strstr (out, "theirs:"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (b, (const char * const []) { "sync", "conflicts", "--format", "json", NULL }, &out, NULL),
                   ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 1);
  }
  g_clear_pointer (&out, g_free);

  conflicts = bansou_sync_list_conflicts (b->store, &error);
  g_assert_no_error (error);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, ((BansouConflict *) conflicts->pdata[0])->id);
  g_assert_cmpint (ctl (b, (const char * const []) { "sync", "resolve", id, "theirs", NULL }, NULL, NULL), ==, 0);
  g_assert_cmpint (ctl (b, (const char * const []) { "sync", "resolve", id, "theirs", NULL }, NULL, &err), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (b, (const char * const []) { "sync", "conflicts", NULL }, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "No conflicts"));
  g_clear_pointer (&out, g_free);

  /* Never on the command line; from a file instead of the environment. */
  g_unsetenv ("BANSOU_TOKEN");
  g_assert_cmpint (ctl (b, (const char * const []) { "sync", "--token", token_b, NULL }, NULL, NULL), ==, 2);
  g_assert_cmpint (ctl (b, (const char * const []) { "sync", NULL }, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "BANSOU_TOKEN"));
  g_clear_pointer (&err, g_free);
  g_file_set_contents (token_file, token_b, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ctl (b, (const char * const []) { "sync", "--token-file", token_file, NULL }, NULL, NULL), ==, 0);

  /* A failure is one line that says what to do; exit status 1. */
  g_file_set_contents (bad_file, "bns_unknown\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ctl (b, (const char * const []) { "sync", "--token-file", bad_file, NULL }, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "Ask the administrator for a new token"));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_null (strchr (err, '\n') + 1 < err + strlen (err) ? err : NULL);   /* one line */
  g_clear_pointer (&err, g_free);

  {
    g_autofree char *sum_a = NULL;
    g_autofree char *sum_b = NULL;

    bench_sync_ok (a, NULL);
    sum_a = bench_checksum (a);
    sum_b = bench_checksum (b);
    g_assert_cmpstr (sum_a, ==, sum_b);
  }
}

typedef struct
{
  const char *body;
  const char *assignee;
} PutProgress;

static gboolean
put_progress_cb (BansouStore  *store,
                 gpointer      user_data,
                 GError      **error)
{
  PutProgress *p = user_data;
  g_autofree char *payload = g_strdup_printf ("{\"state\":\"review\",\"assignee\":\"%s\",\"due\":null}", p->assignee);

  return bansou_outbox_put (store, "progress", ROUND, p->body, NULL, payload, 0, error);
}

/* The generic outbox: a record put by its kind's type and key goes up as
 * that kind's operation; edits not sent yet coalesce. */
static void
test_sync_outbox_put (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *token = bsv_server_token (f->server, "prefecture", "34", "広島県");
  g_autoptr(Bench) a = bench_new ("34");
  g_autoptr(Bench) b = bench_new ("34");
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouProgressInfo) progress = NULL;
  BansouSyncStats stats = { 0 };
  PutProgress first = { NULL, "一回目" };
  PutProgress second = { NULL, "汎用の送信箱" };

  bench_connect (a, f, token);
  bench_connect (b, f, token);
  bench_sync_ok (a, NULL);
  bodies = bench_bodies (a);
  first.body = second.body = bodies->pdata[1];

  bansou_store_transaction (a->store, put_progress_cb, &first, &error);
  g_assert_no_error (error);
  bansou_store_transaction (a->store, put_progress_cb, &second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bansou_sync_count_pending (a->store), ==, 1);

  bench_sync_ok (a, &stats);
  g_assert_cmpuint (stats.pushed, ==, 1);
  g_assert_cmpuint (bansou_sync_count_pending (a->store), ==, 0);
  bench_sync_ok (b, NULL);
  progress = bansou_survey_get_progress (b->survey, ROUND, second.body, &error);
  g_assert_no_error (error);
  g_assert_cmpint (progress->state, ==, BANSOU_PROGRESS_REVIEW);
  g_assert_cmpstr (progress->assignee, ==, "汎用の送信箱");
}

/* ------------------------------------------------------------------------ */
/* Upgrading a workbench of schema 3                                        */

/* Runs @sql on the file at @path with the NULL-terminated text parameters. */
static void
old_exec (const char *path,
          const char *sql,
          ...)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  va_list ap;
  const char *arg;
  int i = 1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  va_start (ap, sql);
  while ((arg = va_arg (ap, const char *)) != NULL)
    sqlite3_bind_text (stmt, i++, arg, -1, SQLITE_TRANSIENT);
  va_end (ap);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static char *
old_text (const char *path,
          const char *sql,
          const char *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* main's outbox statement of schema 3, as bansou-sync.c wrote it */
#define OLD_OUTBOX_ANSWER \
  "INSERT INTO outbox (idempotency_key, type, round, body, question, payload, base_rev, created_at) " \
  "SELECT lower(hex(randomblob(16))), 'answer', round, body, question, " \
  "  json_object('status', status, 'done_on', done_on, 'note', note, 'evidence', evidence), " \
  "  server_rev, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM answers " \
  "WHERE round = ?1 AND body = ?2 AND question = ?3 " \
  "ON CONFLICT (type, round, body, question) WHERE sent = 0 " \
  "DO UPDATE SET payload = excluded.payload, base_rev = excluded.base_rev"
#define OLD_OUTBOX_PROGRESS \
  "INSERT INTO outbox (idempotency_key, type, round, body, question, payload, base_rev, created_at) " \
  "SELECT lower(hex(randomblob(16))), 'progress', round, body, '', " \
  "  json_object('state', state, 'assignee', assignee, 'due', due), " \
  "  server_rev, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM progress WHERE round = ?1 AND body = ?2 " \
  "ON CONFLICT (type, round, body, question) WHERE sent = 0 " \
  "DO UPDATE SET payload = excluded.payload, base_rev = excluded.base_rev"
#define OLD_ANSWER \
  "INSERT INTO answers (round, body, question, status, note, catalog_version, updated_by, updated_at) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, '旧版', '2026-11-30T01:00:00Z')"

/* A database made by main at schema 3, before the generic outbox key:
 * edits waiting in the outbox, one of them in a chunk that reached the
 * server but whose answer never came back, and an open conflict. After
 * the upgrade a sync sends exactly those edits, once, and the conflict
 * is still there and can be resolved. */
static void
test_sync_upgrade_from_3 (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *token_a = bsv_server_token (f->server, "prefecture", "34", "広島県 旧版");
  g_autofree char *token_b = bsv_server_token (f->server, "prefecture", "34", "広島県 B");
  g_autoptr(Bench) other = bench_new ("34");
  g_autoptr(Bench) a = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsvResponse) theirs = NULL;
  g_autoptr(BsvResponse) sent = NULL;
  g_autoptr(GString) request = g_string_new ("{\"ops\":[{\"type\":\"answer\",\"round\":\"");
  g_autofree char *path = bansou_test_db_path ();
  g_autofree char *theirs_path = NULL;
  g_autofree char *theirs_rev = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *key_q2 = NULL;
  g_autofree char *chunk_key = g_uuid_string_random ();
  BansouSyncStats stats = { 0 };
  BansouConflict *c;
  const char *body, *body_c, *q1, *q2, *q3;
  gint64 head;

  /* Another workbench wrote q1 first: the old one's edit of it conflicted. */
  bench_connect (other, f, token_b);
  bench_sync_ok (other, NULL);
  bodies = bench_bodies (other);
  questions = plain_questions (other);
  body_c = bodies->pdata[2];   /* the conflict's */
  body = bodies->pdata[3];     /* the pending edits' */
  q1 = questions->pdata[0];
  q2 = questions->pdata[1];
  q3 = questions->pdata[2];
  set_answer (other, body_c, q1, BANSOU_STATUS_DONE, "他の端末: 実施済み");
  bench_sync_ok (other, &stats);
  g_assert_cmpuint (stats.pushed, ==, 2);   /* the answer, and its body's progress */
  theirs_path = g_strdup_printf ("/bodies/%s/rounds/%s/answers/%s", body_c, ROUND, q1);
  theirs = bsv_request (f->session, f->server, "GET", theirs_path, token_a, NULL, NULL, NULL);
  g_assert_cmpuint (theirs->status, ==, 200);
  theirs_rev = g_strdup_printf ("%" G_GINT64_FORMAT,
                                json_object_get_int_member (json_node_get_object (theirs->json), "rev"));

  /* The old workbench, schema 3: its round came from the server. */
  {
    g_autoptr(BansouStore) old = bansou_store_open_at_version (path, 3, &error);

    g_assert_no_error (error);
    g_assert_cmpint (bansou_store_get_version (old), ==, 3);
    bansou_store_set_setting (old, "prefecture", "34", &error);
    g_assert_no_error (error);
  }
  old_exec (path, "INSERT INTO rounds (id, fiscal_year, title, catalog_version, created_at) "
                  "VALUES (?1, 2025, '令和7年度調査', ?2, '2026-11-30T00:00:00Z')", ROUND, catalog_version (), NULL);
  /* q1: the local version in conflict with the server's */
  old_exec (path, OLD_ANSWER, ROUND, body_c, q1, "partial", "この端末: 本庁のみ", catalog_version (), NULL);
  old_exec (path, "INSERT INTO conflicts (type, round, body, question, mine, theirs, theirs_rev, detected_at) "
                  "SELECT 'answer', round, body, question, "
                  "  json_object('status', status, 'done_on', done_on, 'note', note, 'evidence', evidence), "
                  "  ?4, ?5, '2026-11-30T02:00:00Z' FROM answers WHERE round = ?1 AND body = ?2 AND question = ?3",
            ROUND, body_c, q1, theirs->body, theirs_rev, NULL);
  /* q2 and the body's progress: edited twice, not sent */
  old_exec (path, OLD_ANSWER, ROUND, body, q2, "not_done", "一回目", catalog_version (), NULL);
  old_exec (path, OLD_OUTBOX_ANSWER, ROUND, body, q2, NULL);
  old_exec (path, "UPDATE answers SET status = 'done', note = '二回目' WHERE round = ?1 AND body = ?2 AND question = ?3",
            ROUND, body, q2, NULL);
  old_exec (path, OLD_OUTBOX_ANSWER, ROUND, body, q2, NULL);
  old_exec (path, "INSERT INTO progress (round, body, state, assignee) VALUES (?1, ?2, 'answering', '旧版の担当')",
            ROUND, body, NULL);
  old_exec (path, OLD_OUTBOX_PROGRESS, ROUND, body, NULL);
  /* q3: sent in a chunk the server applied; the answer was lost */
  old_exec (path, OLD_ANSWER, ROUND, body, q3, "na", "送信済み、応答なし", catalog_version (), NULL);
  old_exec (path, OLD_OUTBOX_ANSWER, ROUND, body, q3, NULL);
  payload = old_text (path, "SELECT payload FROM outbox WHERE question = ?1", q3);
  g_string_append_printf (request, "%s\",\"body\":\"%s\",\"question\":\"%s\",\"base_rev\":0,\"data\":%s}]}",
                          ROUND, body, q3, payload);
  old_exec (path, "INSERT INTO outbox_chunks (id, idempotency_key, request, created_at) "
                  "VALUES (7, ?1, ?2, '2026-11-30T03:00:00Z')", chunk_key, request->str, NULL);
  old_exec (path, "UPDATE outbox SET sent = 7 WHERE question = ?1", q3, NULL);
  sent = bsv_request (f->session, f->server, "POST", "/batch", token_a, NULL, chunk_key, request->str);
  g_assert_cmpuint (sent->status, ==, 200);
  key_q2 = old_text (path, "SELECT idempotency_key FROM outbox WHERE question = ?1", q2);

  /* Opened by this Bansō: upgraded, every row kept. */
  a = bench_new_at (path, "34");
  g_assert_cmpint (bansou_store_get_version (a->store), ==, bansou_store_latest_version ());
  g_assert_cmpuint (bansou_sync_count_pending (a->store), ==, 3);
  g_assert_cmpuint (bansou_sync_count_conflicts (a->store), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE type = 'answer' AND k1 = '%s' "
                                            "AND k2 = '%s' AND k3 = '%s' AND sent = 7", ROUND, body, q3);
    g_autofree char *key = NULL;

    g_assert_cmpint (bench_int (a, sql), ==, 1);
    key = old_text (path, "SELECT idempotency_key FROM outbox WHERE k3 = ?1", q2);
    g_assert_cmpstr (key, ==, key_q2);
  }

  /* The sync sends them once: two new revisions, the chunk answered from
   * the server's memory of its key. */
  bench_connect (a, f, token_a);
  head = server_head (f);
  bench_sync_ok (a, &stats);
  g_assert_cmpuint (stats.pushed, ==, 3);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  g_assert_cmpuint (stats.held, ==, 0);
  g_assert_cmpint (server_head (f), ==, head + 2);
  g_assert_cmpuint (bansou_sync_count_pending (a->store), ==, 0);
  bench_sync_ok (a, &stats);
  g_assert_cmpuint (stats.pushed, ==, 0);
  g_assert_cmpint (server_head (f), ==, head + 2);
  bench_sync_ok (other, NULL);
  {
    g_autofree char *note2 = answer_note (other, body, q2);
    g_autofree char *note3 = answer_note (other, body, q3);
    g_autoptr(BansouProgressInfo) progress = bansou_survey_get_progress (other->survey, ROUND, body, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (note2, ==, "二回目");
    g_assert_cmpstr (note3, ==, "送信済み、応答なし");
    g_assert_cmpstr (progress->assignee, ==, "旧版の担当");
  }

  /* The conflict is still open, both sides intact, and resolves. */
  conflicts = bansou_sync_list_conflicts (a->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  c = conflicts->pdata[0];
  g_assert_cmpstr (c->type, ==, "answer");
  g_assert_cmpstr (c->round, ==, ROUND);
  g_assert_cmpstr (c->body, ==, body_c);
  g_assert_cmpstr (c->question, ==, q1);
  g_assert_nonnull (strstr (c->mine_json, "この端末: 本庁のみ"));
  g_assert_nonnull (strstr (c->theirs_json, "他の端末: 実施済み"));
  {
    g_autofree char *note1 = answer_note (a, body_c, q1);
    g_assert_cmpstr (note1, ==, "この端末: 本庁のみ");
  }
  bansou_sync_resolve_conflict (a->store, c->id, BANSOU_CONFLICT_MINE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bansou_sync_count_conflicts (a->store), ==, 0);
  bench_sync_ok (a, &stats);
  g_assert_cmpuint (stats.pushed, ==, 1);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  bench_sync_ok (other, NULL);
  {
    g_autofree char *note1 = answer_note (other, body_c, q1);
    g_autofree char *sum_a = bench_checksum (a);
    g_autofree char *sum_other = bench_checksum (other);
    g_autofree char *sum_server = server_checksum (f, "34");

    g_assert_cmpstr (note1, ==, "この端末: 本庁のみ");
    g_assert_cmpstr (sum_a, ==, sum_server);
    g_assert_cmpstr (sum_other, ==, sum_server);
  }
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/sync/outbox", test_sync_outbox);
  g_test_add_func ("/sync/roundtrip", test_sync_roundtrip);
  g_test_add_func ("/sync/conflicts", test_sync_conflicts);
  g_test_add_func ("/sync/conflict-on-pull", test_sync_conflict_on_pull);
  g_test_add_func ("/sync/forbidden-prefecture", test_sync_forbidden_prefecture);
  g_test_add_func ("/sync/forbidden-body", test_sync_forbidden_body);
  g_test_add_func ("/sync/unauthorized", test_sync_unauthorized);
  g_test_add_func ("/sync/insecure", test_sync_insecure);
  g_test_add_func ("/sync/tls", test_sync_tls);
  g_test_add_func ("/sync/bad-responses", test_sync_bad_responses);
  g_test_add_func ("/sync/old-server-pages", test_sync_old_server_pages);
  g_test_add_func ("/sync/page-ahead-cut", test_sync_page_ahead_cut);
  g_test_add_func ("/sync/new-epoch", test_sync_new_epoch);
  g_test_add_func ("/sync/async", test_sync_async);
  g_test_add_func ("/sync/ctl", test_sync_ctl);
  g_test_add_func ("/sync/small-server-limits", test_sync_small_limits);
  g_test_add_func ("/sync/kill-server-during-push", test_sync_kill_server);
  g_test_add_func ("/sync/kill-client-during-pull", test_sync_kill_client);
  g_test_add_func ("/sync/fault-proxy", test_sync_fault_proxy);
  g_test_add_func ("/sync/outbox-put", test_sync_outbox_put);
  g_test_add_func ("/sync/upgrade-from-3", test_sync_upgrade_from_3);
  g_test_add_func ("/sync/demo-held-from-real-server", test_sync_demo_held);
  g_test_add_func ("/sync/demo-to-demo-server", test_sync_demo_server);

  return g_test_run ();
}
