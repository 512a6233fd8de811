/* test-multi-server.c — several bansou-servers on one PostgreSQL (issue 14)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The ministry's deployment: two server processes on one database, as
 * behind nginx. Clients write through both at once and read the change
 * feed through both in a loop; no reader may miss or see twice a record,
 * one Idempotency-Key is applied once whichever servers it reaches, and
 * losing one server or PostgreSQL itself loses no acknowledged write.
 * Runs only under tests/lib/pg-run.sh: sqlite has one server by design.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "bansou-core.h"
#include "bansou-test-utils.h"
#include "server-harness.h"

#define ROUND "2026-10-31"
#define N_SERVERS 2

/* Writers: prefectures, each pushing its own bodies' answers in batches
 * through the servers in turn: 8 of them, or all 47 where the issue asks
 * for the nation's load. */
#define MAX_WRITERS 47
#define BATCH 40

typedef struct
{
  BsvServer *servers[N_SERVERS];
  char      *national;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(BsvResponse) r = NULL;

  if (!bsv_store_is_pg ())
    return;
  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_autofree char *dir = bansou_test_make_dir ();

      f->servers[i] = i == 0 ? bsv_server_new (dir, NULL) : bsv_server_new_beside (dir, f->servers[0], NULL);
    }
  f->national = bsv_server_token (f->servers[0], "national", "00", "総務省");
  for (guint i = 0; i < N_SERVERS; i++)
    bsv_server_start (f->servers[i]);

  session = bsv_session_new (f->servers[1]);
  r = bsv_request (session, f->servers[1], "PUT", "/rounds/" ROUND, f->national, "\"0\"", "round-1",
                   "{\"title\":\"令和8年度\",\"catalog_version\":\"2026.1\",\"due\":\"2026-12-15\"}");
  g_assert_cmpuint (r->status, ==, 201);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* the second first: the first one drops the database */
  for (guint i = N_SERVERS; i-- > 0;)
    bsv_server_free (f->servers[i]);
  g_free (f->national);
}

static gboolean
skip_without_pg (void)
{
  if (bsv_store_is_pg ())
    return FALSE;
  g_test_skip ("several servers share a PostgreSQL only (tests/lib/pg-run.sh)");
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Batches of answers                                                       */

static const char * const eight[] = { "01", "04", "13", "23", "27", "34", "40", "47" };

typedef struct
{
  guint n_writers;
  guint batches;     /* per writer */
} Load;

static const Load light = { 8, 12 };      /* 3,840 answers */
static const Load nation = { 47, 6 };     /* 11,280 answers */

static char *
writer_prefecture (const Load *load,
                   guint       i)
{
  return load->n_writers == G_N_ELEMENTS (eight) ? g_strdup (eight[i]) : g_strdup_printf ("%02u", i + 1);
}

/* @n_batches batches of BATCH new answers of @prefecture's bodies. */
static GPtrArray *
make_batches (BsvServer  *server,
              const char *token,
              guint       n_batches,
              guint       first_question)
{
  g_autoptr(SoupSession) session = bsv_session_new (server);
  g_autoptr(BsvResponse) bodies = bsv_request (session, server, "GET", "/bodies", token, NULL, NULL, NULL);
  g_autoptr(BsvResponse) catalog = bsv_request (session, server, "GET", "/catalog/2026.1", token, NULL, NULL, NULL);
  g_autoptr(BansouCatalog) cat = bansou_catalog_new_from_data (catalog->body, -1, NULL);
  GPtrArray *batches = g_ptr_array_new_with_free_func (g_free);
  JsonArray *list = json_object_get_array_member (json_node_get_object (bodies->json), "bodies");
  guint nq = bansou_catalog_get_n_questions (cat) - first_question;
  guint n = 0;

  g_assert_cmpuint (json_array_get_length (list) * nq, >=, n_batches * BATCH);
  for (guint b = 0; b < n_batches; b++)
    {
      GString *ops = g_string_new ("{\"ops\":[");

      for (guint i = 0; i < BATCH; i++, n++)
        {
          const char *code = json_object_get_string_member (json_array_get_object_element (list, n / nq), "code");

          g_string_append_printf (ops, "%s{\"type\":\"answer\",\"body\":\"%s\",\"round\":\"" ROUND "\","
                                  "\"question\":\"%s\",\"base_rev\":0,\"data\":{\"status\":\"done\"}}",
                                  i ? "," : "", code, bansou_catalog_get_question (cat, first_question + n % nq)->id);
        }
      g_string_append (ops, "]}");
      g_ptr_array_add (batches, g_string_free (ops, FALSE));
    }
  return batches;
}

/* ------------------------------------------------------------------------ */
/* Writers and readers in threads, each with its own sessions               */

typedef struct
{
  Fixture    *f;
  char       *prefecture;
  char       *token;
  GPtrArray  *batches;
  guint       retried;     /* 503s sent again */
} Writer;

/* Sends @body with @key to @server until it is not a 503 (the other
 * server, or PostgreSQL, being away): a client's retry, same key. */
static BsvResponse *
send_until_answered (Fixture     *f,
                     guint        first,
                     const char  *token,
                     const char  *key,
                     const char  *body,
                     guint       *retried)
{
  for (guint attempt = 0; attempt < 200; attempt++)
    {
      BsvServer *server = f->servers[(first + attempt) % N_SERVERS];
      g_autoptr(SoupSession) session = NULL;
      BsvResponse *r;

      if (server->proc == NULL)   /* killed: nginx sends to the other */
        continue;
      session = bsv_session_new (server);
      r = bsv_request_or_away (session, server, "POST", "/batch", token, NULL, key, body);
      if (r->status != 0 && r->status != 503)
        return r;
      bsv_response_free (r);
      (*retried)++;
      g_usleep (50 * 1000);   /* Retry-After is a client's pause, not the test's */
    }
  g_error ("no server answered %s", key);
}

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;

  for (guint i = 0; i < w->batches->len; i++)
    {
      g_autofree char *key = g_strdup_printf ("push-%s-%u", w->prefecture, i);
      g_autoptr(BsvResponse) r = send_until_answered (w->f, i, w->token, key, g_ptr_array_index (w->batches, i),
                                                      &w->retried);
      JsonArray *results;

      g_assert_cmpuint (r->status, ==, 200);
      results = json_object_get_array_member (json_node_get_object (r->json), "results");
      g_assert_cmpuint (json_array_get_length (results), ==, BATCH);
      for (guint j = 0; j < BATCH; j++)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, j), "status"), ==, 201);
    }
  return NULL;
}

typedef struct
{
  Fixture         *f;
  guint            first;     /* the server it asks first; then in turn */
  volatile gint   *writers_done;
  GHashTable      *seen;      /* "body question" → times seen */
  guint            pages;
  guint            duplicates;
  gint64           cursor;
} Reader;

/* Pulls one page from @since through server @i; returns FALSE if the server
 * is away. */
static gboolean
pull_page (Reader   *rd,
           guint     i,
           gboolean *more)
{
  BsvServer *server = rd->f->servers[i % N_SERVERS];
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(BsvResponse) r = NULL;
  g_autofree char *path = NULL;
  JsonObject *page;
  JsonArray *changes;
  gint64 last = rd->cursor;

  if (server->proc == NULL)
    return FALSE;
  session = bsv_session_new (server);
  /* small pages: many reads interleave with the writers' commits */
  path = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT "&limit=97", rd->cursor);
  r = bsv_request_or_away (session, server, "GET", path, rd->f->national, NULL, NULL, NULL);
  if (r->status == 0 || r->status == 503)
    return FALSE;
  g_assert_cmpuint (r->status, ==, 200);
  page = json_node_get_object (r->json);
  changes = json_object_get_array_member (page, "changes");
  for (guint c = 0; c < json_array_get_length (changes); c++)
    {
      JsonObject *record = json_array_get_object_element (changes, c);
      gint64 rev = json_object_get_int_member (record, "rev");

      g_assert_cmpint (rev, >, last);   /* increasing, across pages too */
      last = rev;
      if (g_str_equal (json_object_get_string_member (record, "type"), "answer"))
        {
          char *id = g_strdup_printf ("%s %s", json_object_get_string_member (record, "body"),
                                      json_object_get_string_member (record, "question"));
          guint times = GPOINTER_TO_UINT (g_hash_table_lookup (rd->seen, id));

          if (times > 0)
            rd->duplicates++;
          g_hash_table_replace (rd->seen, id, GUINT_TO_POINTER (times + 1));
        }
    }
  rd->cursor = json_object_get_int_member (page, "next");
  *more = json_object_get_boolean_member (page, "more");
  rd->pages++;
  return TRUE;
}

static gpointer
reader_thread (gpointer data)
{
  Reader *rd = data;
  guint turn = rd->first;

  /* Pull while the writers write; then once more to the end. */
  for (;;)
    {
      gboolean done = g_atomic_int_get (rd->writers_done) != 0;
      gboolean more = TRUE;

      while (more)
        if (!pull_page (rd, turn++, &more))
          g_usleep (20 * 1000);
      if (done)
        break;
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */

static void
run_writers_and_readers (Fixture    *f,
                         const Load *load,
                         void      (*meanwhile) (Fixture *f, guint total),
                         guint      *retried)
{
  Writer writers[MAX_WRITERS] = { { 0 } };
  Reader readers[N_SERVERS] = { { 0 } };
  GThread *wt[MAX_WRITERS], *rt[N_SERVERS];
  volatile gint writers_done = 0;
  guint n_writers = load->n_writers;
  guint total = n_writers * load->batches * BATCH;
  gint64 t0;

  for (guint i = 0; i < n_writers; i++)
    {
      writers[i].f = f;
      writers[i].prefecture = writer_prefecture (load, i);
      writers[i].token = bsv_server_token (f->servers[i % N_SERVERS], "prefecture", writers[i].prefecture,
                                           writers[i].prefecture);
      writers[i].batches = make_batches (f->servers[i % N_SERVERS], writers[i].token, load->batches, 0);
    }
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_SERVERS; i++)
    {
      readers[i].f = f;
      readers[i].first = i;
      readers[i].writers_done = &writers_done;
      readers[i].seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      rt[i] = g_thread_new ("reader", reader_thread, &readers[i]);
    }
  for (guint i = 0; i < n_writers; i++)
    wt[i] = g_thread_new ("writer", writer_thread, &writers[i]);

  if (meanwhile != NULL)
    meanwhile (f, total);

  for (guint i = 0; i < n_writers; i++)
    g_thread_join (wt[i]);
  g_atomic_int_set (&writers_done, 1);
  for (guint i = 0; i < N_SERVERS; i++)
    g_thread_join (rt[i]);

  g_test_message ("%u answers by %u writers through %u servers in %.1f s",
                  total, n_writers, N_SERVERS, (g_get_monotonic_time () - t0) / 1e6);

  /* Stored once each … */
  g_assert_cmpint (bsv_server_query_int (f->servers[0], "SELECT count(*) FROM answers"), ==, total);
  g_assert_cmpint (bsv_server_query_int (f->servers[0], "SELECT count(DISTINCT rev) FROM changes"), ==,
                   bsv_server_query_int (f->servers[0], "SELECT count(*) FROM changes"));
  /* … and every reader saw every one, none twice. */
  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_test_message ("reader %u: %u pages, %u answers, %u seen twice", i, readers[i].pages,
                      g_hash_table_size (readers[i].seen), readers[i].duplicates);
      g_assert_cmpuint (readers[i].duplicates, ==, 0);
      g_assert_cmpuint (g_hash_table_size (readers[i].seen), ==, total);
      g_hash_table_unref (readers[i].seen);
    }

  *retried = 0;
  for (guint i = 0; i < n_writers; i++)
    {
      *retried += writers[i].retried;
      g_free (writers[i].prefecture);
      g_free (writers[i].token);
      g_ptr_array_unref (writers[i].batches);
    }
}

/* Two servers, eight writers, two readers: the feed stays whole. */
static void
test_feed_under_concurrent_writers (Fixture       *f,
                                    gconstpointer  data)
{
  guint retried = 0;

  if (skip_without_pg ())
    return;
  run_writers_and_readers (f, &light, NULL, &retried);
  g_assert_cmpuint (retried, ==, 0);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  BsvServer   *server;
  const char  *token;
  const char  *key;
  const char  *body;
  GMutex      *lock;
  GCond       *cond;
  gint        *ready;
  BsvResponse *response;
  const char  *method;     /* NULL: POST /batch */
  const char  *path;
  const char  *if_match;
} Racer;

static gpointer
racer_thread (gpointer data)
{
  Racer *r = data;
  g_autoptr(SoupSession) session = bsv_session_new (r->server);
  g_autoptr(BsvResponse) warm = bsv_request (session, r->server, "GET", "/rounds", r->token, NULL, NULL, NULL);

  /* both connections open, then both requests at once */
  g_mutex_lock (r->lock);
  (*r->ready)++;
  g_cond_broadcast (r->cond);
  while (*r->ready < N_SERVERS)
    g_cond_wait (r->cond, r->lock);
  g_mutex_unlock (r->lock);
  r->response = bsv_request (session, r->server, r->method ? r->method : "POST", r->path ? r->path : "/batch",
                             r->token, r->if_match, r->key, r->body);
  return NULL;
}

/* One Idempotency-Key sent to both servers at the same moment: applied once,
 * and both clients hear the same 201s. */
static void
test_same_key_on_both (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  guint replayed = 0, tries = 20;

  if (skip_without_pg ())
    return;
  token = bsv_server_token (f->servers[0], "prefecture", "34", "広島県");
  batches = make_batches (f->servers[0], token, tries, 0);

  for (guint t = 0; t < tries; t++)
    {
      g_autofree char *key = g_strdup_printf ("race-%u", t);
      Racer racers[N_SERVERS];
      GThread *threads[N_SERVERS];
      GMutex lock;
      GCond cond;
      gint ready = 0;

      g_mutex_init (&lock);
      g_cond_init (&cond);
      for (guint i = 0; i < N_SERVERS; i++)
        {
          racers[i] = (Racer) { f->servers[i], token, key, g_ptr_array_index (batches, t), &lock, &cond, &ready, NULL,
                                NULL, NULL, NULL };
          threads[i] = g_thread_new ("racer", racer_thread, &racers[i]);
        }
      for (guint i = 0; i < N_SERVERS; i++)
        g_thread_join (threads[i]);
      g_mutex_clear (&lock);
      g_cond_clear (&cond);

      for (guint i = 0; i < N_SERVERS; i++)
        {
          BsvResponse *r = racers[i].response;
          JsonArray *results;

          g_assert_cmpuint (r->status, ==, 200);
          results = json_object_get_array_member (json_node_get_object (r->json), "results");
          for (guint j = 0; j < json_array_get_length (results); j++)
            g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, j), "status"), ==, 201);
          replayed += g_strcmp0 (soup_message_headers_get_one (r->headers, "Idempotent-Replayed"), "true") == 0;
        }
      g_assert_cmpstr (racers[0].response->body, ==, racers[1].response->body);
      for (guint i = 0; i < N_SERVERS; i++)
        bsv_response_free (racers[i].response);
    }

  /* once each: tries × BATCH answers, each at one revision */
  g_assert_cmpuint (replayed, ==, tries);
  g_assert_cmpint (bsv_server_query_int (f->servers[0], "SELECT count(*) FROM answers"), ==, tries * BATCH);
  g_assert_cmpint (bsv_server_query_int (f->servers[0], "SELECT count(*) FROM idempotency WHERE key LIKE 'race-%'"),
                   ==, tries);
}

/* Two edits of one answer from the same revision, one through each server
 * at the same moment (two workbenches of one prefecture): one is applied,
 * the other is 412 stale_revision with the record as it now is. */
static void
test_if_match_across_servers (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *path = g_strdup_printf ("/bodies/342025/rounds/" ROUND "/answers/org.responsibility.ciso");
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(BsvResponse) first = NULL;
  guint tries = 20, applied = 0, stale = 0;
  gint64 rev;

  if (skip_without_pg ())
    return;
  token = bsv_server_token (f->servers[0], "prefecture", "34", "広島県");
  session = bsv_session_new (f->servers[0]);
  first = bsv_request (session, f->servers[0], "PUT", path, token, "\"0\"", "edit-0", "{\"status\":\"partial\"}");
  g_assert_cmpuint (first->status, ==, 201);
  rev = json_object_get_int_member (json_node_get_object (first->json), "rev");

  for (guint t = 0; t < tries; t++)
    {
      g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", rev);
      g_autofree char *key_a = g_strdup_printf ("edit-a-%u", t);
      g_autofree char *key_b = g_strdup_printf ("edit-b-%u", t);
      const char *keys[N_SERVERS] = { key_a, key_b };
      static const char *bodies[N_SERVERS] = { "{\"status\":\"done\",\"note\":\"A\"}",
                                               "{\"status\":\"not_done\",\"note\":\"B\"}" };
      Racer racers[N_SERVERS];
      GThread *threads[N_SERVERS];
      GMutex lock;
      GCond cond;
      gint ready = 0;
      guint winner = 0;

      g_mutex_init (&lock);
      g_cond_init (&cond);
      for (guint i = 0; i < N_SERVERS; i++)
        {
          racers[i] = (Racer) { f->servers[i], token, keys[i], bodies[i], &lock, &cond, &ready, NULL,
                                "PUT", path, if_match };
          threads[i] = g_thread_new ("racer", racer_thread, &racers[i]);
        }
      for (guint i = 0; i < N_SERVERS; i++)
        g_thread_join (threads[i]);
      g_mutex_clear (&lock);
      g_cond_clear (&cond);

      for (guint i = 0; i < N_SERVERS; i++)
        {
          guint status = racers[i].response->status;

          g_assert_true (status == 200 || status == 412);
          if (status == 200)
            {
              applied++;
              winner = i;
            }
          else
            stale++;
        }
      /* exactly one of the two, and the record is the winner's */
      g_assert_cmpuint (applied, ==, t + 1);
      rev = json_object_get_int_member (json_node_get_object (racers[winner].response->json), "rev");
      {
        g_autoptr(BsvResponse) now = bsv_request (session, f->servers[0], "GET", path, token, NULL, NULL, NULL);

        g_assert_cmpint (json_object_get_int_member (json_node_get_object (now->json), "rev"), ==, rev);
        g_assert_cmpstr (json_object_get_string_member (json_node_get_object (now->json), "note"), ==,
                         winner == 0 ? "A" : "B");
      }
      for (guint i = 0; i < N_SERVERS; i++)
        bsv_response_free (racers[i].response);
    }
  g_assert_cmpuint (stale, ==, tries);
}

/* ------------------------------------------------------------------------ */
/* Faults                                                                   */

/* kill -9 of one server while the 47 prefectures write through both: the writes
 * it had acknowledged are there once, the clients go on through the other. */
static void
kill_one (Fixture *f,
          guint    total)
{
  /* once a quarter of the answers are in */
  while (bsv_server_query_int (f->servers[0], "SELECT count(*) FROM answers") < total / 4)
    g_usleep (20 * 1000);
  bsv_server_signal (f->servers[1], SIGKILL);
}

static void
test_kill9_one_server (Fixture       *f,
                       gconstpointer  data)
{
  guint retried = 0;

  if (skip_without_pg ())
    return;
  run_writers_and_readers (f, &nation, kill_one, &retried);
  g_test_message ("%u requests sent again after the kill", retried);
}

/* PostgreSQL restarted (fast shutdown: open transactions are rolled back)
 * mid-batch: the servers answer 503 meanwhile, reconnect, and the clients'
 * retries with the same keys complete the work once. */
static void
restart_pg (Fixture *f,
            guint    total)
{
  /* -l: the new postmaster writes there, not to this test's pipe */
  g_autofree char *ctl = g_strdup_printf ("%s -D %s -l %s/restarted.log -m fast -w restart",
                                          g_getenv ("BANSOU_TEST_PG_CTL"), g_getenv ("BANSOU_TEST_PG_DATA"),
                                          g_getenv ("BANSOU_TEST_PG_DATA"));
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  int status = 0;

  while (bsv_server_query_int (f->servers[0], "SELECT count(*) FROM answers") < total / 3)
    g_usleep (20 * 1000);
  g_assert_true (g_shell_parse_argv (ctl, NULL, &argv, &error));
  /* pg_ctl restart keeps the options the server was started with */
  g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("pg_ctl restart: %s", err);
}

static void
test_pg_restart (Fixture       *f,
                 gconstpointer  data)
{
  guint retried = 0;

  if (skip_without_pg ())
    return;
  run_writers_and_readers (f, &light, restart_pg, &retried);
  g_test_message ("%u requests sent again across the restart", retried);
}

/* ------------------------------------------------------------------------ */
/* bansou-server migrate                                                    */

static char *
feed_of (BsvServer  *server,
         const char *token)
{
  g_autoptr(SoupSession) session = bsv_session_new (server);
  g_autoptr(BsvResponse) r = bsv_request (session, server, "GET", "/changes?since=0&limit=20000", token,
                                          NULL, NULL, NULL);
  JsonObject *page;

  g_assert_cmpuint (r->status, ==, 200);
  page = json_node_get_object (r->json);
  g_assert_false (json_object_get_boolean_member (page, "more"));
  return json_to_string (json_object_get_member (page, "changes"), FALSE);
}

/* A national sqlite database with rounds, answers, an alert and stored
 * idempotent results moves to PostgreSQL: every table verified, the same
 * feed from a server on it, the same epoch (clients keep their cursors),
 * ids counting on; a second migration into it is refused. */
static void
test_migrate_from_sqlite (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *pg = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *dir2 = NULL;
  g_autofree char *national = NULL;
  g_autofree char *hiroshima = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *target = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  BsvServer *lite, *moved;
  gint64 alert_id;
  int status = 0;

  if (skip_without_pg ())
    return;

  /* the sqlite server, as the README's local one */
  pg = g_strdup (g_getenv ("BANSOU_TEST_PG"));
  g_unsetenv ("BANSOU_TEST_PG");
  dir = bansou_test_make_dir ();
  lite = bsv_server_new (dir, NULL);
  g_setenv ("BANSOU_TEST_PG", pg, TRUE);
  national = bsv_server_token (lite, "national", "00", "総務省");
  hiroshima = bsv_server_token (lite, "prefecture", "34", "広島県");
  bsv_server_start (lite);
  session = bsv_session_new (lite);
  {
    g_autoptr(BsvResponse) r = bsv_request (session, lite, "PUT", "/rounds/" ROUND, national, "\"0\"", "m-round",
                                            "{\"title\":\"令和8年度\",\"catalog_version\":\"2026.1\"}");
    g_autoptr(BsvResponse) a = bsv_request (session, lite, "POST", "/alerts", national, NULL, "m-alert",
                                            "{\"severity\":\"warning\",\"title\":\"VPN機器の脆弱性\","
                                            "\"message\":\"至急\",\"prefectures\":[\"34\"]}");
    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpuint (a->status, ==, 201);
    alert_id = json_object_get_int_member (json_node_get_object (a->json), "id");
  }
  batches = make_batches (lite, hiroshima, 3, 0);
  for (guint i = 0; i < batches->len; i++)
    {
      g_autofree char *key = g_strdup_printf ("m-batch-%u", i);
      g_autoptr(BsvResponse) r = bsv_request (session, lite, "POST", "/batch", hiroshima, NULL, key,
                                              g_ptr_array_index (batches, i));
      g_assert_cmpuint (r->status, ==, 200);
    }
  before = feed_of (lite, national);
  epoch = bsv_server_query_text (lite, "SELECT value FROM meta WHERE key = 'epoch'");
  g_clear_object (&session);
  bsv_server_signal (lite, SIGTERM);

  /* migrate */
  bsv_pg_create_database ("bansou_migrated");
  target = g_strdup_printf ("%s dbname=bansou_migrated", pg);
  g_spawn_sync (NULL, (char **) (const char * const []) { g_getenv ("BANSOU_SERVER"), "migrate", "--from", lite->db,
                                                          "--to", target, NULL },
                NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("%s", out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "answers"));
  g_assert_null (strstr (out, "DIFFERENT"));

  /* a server on it: the same feed, the same epoch, new ids after the old */
  dir2 = bansou_test_make_dir ();
  moved = bsv_server_new_on_pg (dir2, "bansou_migrated");
  bsv_server_start (moved);
  after = feed_of (moved, national);
  g_assert_cmpstr (after, ==, before);
  {
    g_autofree char *moved_epoch = bsv_server_query_text (moved, "SELECT value FROM meta WHERE key = 'epoch'");
    g_autoptr(SoupSession) s2 = bsv_session_new (moved);
    g_autoptr(BsvResponse) a = bsv_request (s2, moved, "POST", "/alerts", national, NULL, "m-alert-2",
                                            "{\"severity\":\"info\",\"title\":\"続報\",\"message\":\"更新\","
                                            "\"prefectures\":[\"34\"]}");
    g_autoptr(BsvResponse) replay = bsv_request (s2, moved, "POST", "/batch", hiroshima, NULL, "m-batch-0",
                                                 g_ptr_array_index (batches, 0));

    g_assert_cmpstr (moved_epoch, ==, epoch);
    g_assert_cmpuint (a->status, ==, 201);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (a->json), "id"), ==, alert_id + 1);
    /* the stored results came too: a retry is still a replay */
    g_assert_cmpuint (replay->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (replay->headers, "Idempotent-Replayed"), ==, "true");
  }

  /* into a database that holds data: refused, nothing changed */
  {
    g_autofree char *out2 = NULL, *err2 = NULL;
    gint64 answers = bsv_server_query_int (moved, "SELECT count(*) FROM answers");

    g_spawn_sync (NULL, (char **) (const char * const []) { g_getenv ("BANSOU_SERVER"), "migrate", "--from", lite->db,
                                                            "--to", target, NULL },
                  NULL, G_SPAWN_DEFAULT, NULL, NULL, &out2, &err2, &status, &error);
    g_assert_no_error (error);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err2, "already holds data"));
    g_assert_cmpint (bsv_server_query_int (moved, "SELECT count(*) FROM answers"), ==, answers);
  }

  bsv_server_free (moved);
  bsv_server_free (lite);
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/multi-server/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("feed-under-concurrent-writers", test_feed_under_concurrent_writers);
  ADD ("same-key-on-both", test_same_key_on_both);
  ADD ("if-match-across-servers", test_if_match_across_servers);
  ADD ("kill9-one-server", test_kill9_one_server);
  ADD ("postgresql-restart", test_pg_restart);
  ADD ("migrate-from-sqlite", test_migrate_from_sqlite);
#undef ADD

  return g_test_run ();
}
