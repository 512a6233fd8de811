/* test-sync-dispatch.c — experts, requests and visits between workbenches,
 * through a real bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Two workbenches of 広島県 (34) and one of 山口県 (35), each with its
 * own database, against one bansou-server process (tests/lib/server-harness).
 * The records are written into the local tables and queued through their
 * sync kind, as the dispatch room does in its write transactions.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "bansou-dispatch-kinds.h"
#include "bansou-store-sql.h"
#include "bansou-sync-tuning.h"
#include "bansou-test-utils.h"
#include "server-harness.h"

#define KURE      "342025"    /* 呉市 */
#define HIROSHIMA "341002"    /* 広島市 */
#define DAY       "2027-01-12"

typedef struct
{
  BsvServer   *server;
  SoupSession *session;
  char        *national;
  char        *pref34;
  char        *pref35;
  char        *kure;
  char        *hiroshima;
} Fixture;

static void
fixture_free (Fixture *f)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, bsv_server_free);
  g_free (f->national);
  g_free (f->pref34);
  g_free (f->pref35);
  g_free (f->kure);
  g_free (f->hiroshima);
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
  f->pref34 = bsv_server_token (f->server, "prefecture", "34", "広島県");
  f->pref35 = bsv_server_token (f->server, "prefecture", "35", "山口県");
  f->kure = bsv_server_token (f->server, "body", KURE, "呉市");
  f->hiroshima = bsv_server_token (f->server, "body", HIROSHIMA, "広島市");
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

/* The types of the records @token's change feed holds, "expert,visit,…" */
static char *
feed_types (Fixture    *f,
            const char *token,
            const char *type)
{
  g_autoptr(BsvResponse) r = bsv_request (f->session, f->server, "GET", "/changes?since=0&limit=5000", token,
                                          NULL, NULL, NULL);
  JsonArray *list;
  guint n = 0;

  g_assert_cmpuint (r->status, ==, 200);
  list = json_object_get_array_member (json_node_get_object (r->json), "changes");
  for (guint i = 0; i < json_array_get_length (list); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (list, i), "type"), type))
      n++;
  return g_strdup_printf ("%u", n);
}

/* ------------------------------------------------------------------------ */
/* Workbenches                                                              */

typedef struct
{
  char        *path;
  BansouStore *store;
  BansouSync  *sync;
} Bench;

static void
bench_free (Bench *b)
{
  g_clear_object (&b->sync);
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
  b->sync = bansou_sync_new (b->path);
  limits.max_attempts = 4;
  limits.backoff_ms = 10;
  _bansou_sync_set_limits (b->sync, &limits);
  bansou_sync_set_server (b->sync, f->server->url, token, f->server->cert);
  return b;
}

static void
bench_sync (Bench           *b,
            BansouSyncStats *stats)
{
  g_autoptr(GError) error = NULL;
  BansouSyncStats local = { 0 };

  bansou_sync_run (b->sync, NULL, stats ? stats : &local, &error);
  g_assert_no_error (error);
}

static gint64
bench_int (Bench      *b,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (b->store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
bench_text (Bench      *b,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (b->store, sql, NULL);

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup (_bansou_column_text (stmt, 0));
}

typedef struct
{
  const char *sql;
  const char *type;
  const char *id;
} Edit;

static gboolean
edit_cb (BansouStore  *store,
         gpointer      user_data,
         GError      **error)
{
  Edit *e = user_data;
  const char *key[3] = { e->id, "", "" };

  return bansou_store_exec (store, e->sql, error) &&
         bansou_sync_lookup_kind (e->type)->enqueue (store, key, error);
}

/* Runs @sql and queues the record, in one transaction: a local edit. */
static void
bench_edit (Bench      *b,
            const char *type,
            const char *id,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  Edit e = { sql, type, id };

  bansou_store_transaction (b->store, edit_cb, &e, &error);
  g_assert_no_error (error);
}

static char *
add_expert (Bench      *b,
            const char *prefecture,
            const char *name)
{
  char *id = g_uuid_string_random ();
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO experts (id, prefecture, name, affiliation, organisation, contract_start, contract_end, "
    "certifications, nda_signed_on, nda_expires_on, home_base, days_per_week, monthly_visits, cost_per_visit, "
    "created_at) VALUES ('%s', '%s', '%s', 'joint_hire', 'DXShip ひろしま', '2026-04-01', '2027-03-31', "
    "'情報処理安全確保支援士\n応用情報技術者', '2026-04-01', '2027-03-31', '%s', 3, 8, 30000, "
    "'2026-11-01T00:00:00Z');"
    "INSERT INTO expert_skills (expert, target, level) VALUES ('%s', 'org.responsibility.ciso', 3), "
    "('%s', 'tech.network.separation', 2);",
    id, prefecture, name, KURE, id, id);

  bench_edit (b, "expert", id, sql);
  return id;
}

static char *
add_request (Bench      *b,
             const char *body)
{
  char *id = g_uuid_string_random ();
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO dispatch_requests (id, number, body, urgency, source, purpose, wanted_from, state, created_at) "
    "VALUES ('%s', 1, '%s', 'urgent', 'heatmap', 'CISO の任命と規程の整備', '2027-01-05', 'open', "
    "'2026-11-01T00:00:00Z');"
    "INSERT INTO dispatch_request_questions (request, question) VALUES ('%s', 'org.responsibility.ciso');",
    id, body, id);

  bench_edit (b, "dispatch_request", id, sql);
  return id;
}

static char *
add_visit (Bench      *b,
           const char *expert,
           const char *request,
           const char *body,
           int         number,
           int         start,
           int         end)
{
  char *id = g_uuid_string_random ();
  g_autofree char *req = request ? g_strdup_printf ("'%s'", request) : g_strdup ("NULL");
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO visits (id, number, request, expert, body, day, start_min, end_min, state, subsidy_bp, "
    "created_at) VALUES ('%s', %d, %s, '%s', '%s', '" DAY "', %d, %d, 'planned', 5000, "
    "'2026-11-01T00:00:00Z');"
    "INSERT INTO visit_questions (visit, question) VALUES ('%s', 'org.responsibility.ciso');",
    id, number, req, expert, body, start, end, id);

  bench_edit (b, "visit", id, sql);
  return id;
}

static BsvResponse *
get (Fixture    *f,
     const char *token,
     const char *what,
     const char *id)
{
  g_autofree char *path = g_strdup_printf ("/%s/%s", what, id);

  return bsv_request (f->session, f->server, "GET", path, token, NULL, NULL, NULL);
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                    */

/* A second workbench of the prefecture sees the same calendar; another
 * prefecture sees none of it; a body sees its own requests and visits,
 * never an expert. */
static void
test_scope (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->pref34);
  g_autoptr(Bench) b = bench_new (f, "34", f->pref34);
  g_autoptr(Bench) c = bench_new (f, "35", f->pref35);
  g_autofree char *expert = add_expert (a, "34", "山田 花子");
  g_autofree char *request = add_request (a, KURE);
  g_autofree char *visit = add_visit (a, expert, request, KURE, 1, 600, 720);
  g_autofree char *other_visit = add_visit (a, expert, NULL, HIROSHIMA, 2, 800, 900);
  BansouSyncStats stats = { 0 };

  bench_sync (a, &stats);
  g_assert_cmpuint (stats.pushed, ==, 4);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM visits"), ==, 2);

  /* The second workbench of 広島県: every record, whole */
  bench_sync (b, &stats);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM experts"), ==, 1);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM expert_skills"), ==, 2);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM dispatch_requests"), ==, 1);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM dispatch_request_questions"), ==, 1);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM visits"), ==, 2);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM visit_questions"), ==, 2);
  {
    g_autofree char *certs = bench_text (b, "SELECT certifications FROM experts");
    g_autofree char *v = bench_text (b, "SELECT day || ' ' || start_min || '-' || end_min || ' ' || body || ' ' "
                                        "|| subsidy_bp || ' ' || request FROM visits WHERE number = 1");
    g_autofree char *want = g_strdup_printf (DAY " 600-720 " KURE " 5000 %s", request);

    g_assert_cmpstr (certs, ==, "情報処理安全確保支援士\n応用情報技術者");
    g_assert_cmpstr (v, ==, want);
  }
  /* The support module knows the visit on B as on A */
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM support_actions WHERE kind = 'visit'"), ==, 2);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM outbox"), ==, 0);

  /* 山口県: nothing of it, in the feed, in its database or by GET */
  bench_sync (c, &stats);
  g_assert_cmpint (bench_int (c, "SELECT count(*) FROM experts"), ==, 0);
  g_assert_cmpint (bench_int (c, "SELECT count(*) FROM visits"), ==, 0);
  g_assert_cmpint (bench_int (c, "SELECT count(*) FROM dispatch_requests"), ==, 0);
  {
    g_autofree char *n = feed_types (f, f->pref35, "expert");
    g_autofree char *m = feed_types (f, f->pref35, "visit");
    g_autoptr(BsvResponse) r1 = get (f, f->pref35, "experts", expert);
    g_autoptr(BsvResponse) r2 = get (f, f->pref35, "visits", visit);
    g_autoptr(BsvResponse) r3 = get (f, f->pref35, "dispatch-requests", request);

    g_assert_cmpstr (n, ==, "0");
    g_assert_cmpstr (m, ==, "0");
    g_assert_cmpuint (r1->status, ==, 403);
    g_assert_cmpuint (r2->status, ==, 403);
    g_assert_cmpuint (r3->status, ==, 403);
  }

  /* 呉市: its own request and visit, no expert, not 広島市's visit */
  {
    g_autofree char *n = feed_types (f, f->kure, "expert");
    g_autofree char *m = feed_types (f, f->kure, "visit");
    g_autofree char *q = feed_types (f, f->kure, "dispatch_request");
    g_autoptr(BsvResponse) r1 = get (f, f->kure, "experts", expert);
    g_autoptr(BsvResponse) r2 = get (f, f->kure, "visits", visit);
    g_autoptr(BsvResponse) r3 = get (f, f->kure, "visits", other_visit);
    g_autoptr(BsvResponse) r4 = get (f, f->hiroshima, "visits", visit);
    g_autoptr(BsvResponse) r5 = get (f, f->hiroshima, "visits", other_visit);

    g_assert_cmpstr (n, ==, "0");
    g_assert_cmpstr (m, ==, "1");
    g_assert_cmpstr (q, ==, "1");
    g_assert_cmpuint (r1->status, ==, 403);
    g_assert_cmpuint (r2->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r2->json), "body"), ==, KURE);
    g_assert_cmpuint (r3->status, ==, 403);
    g_assert_cmpuint (r4->status, ==, 403);
    g_assert_cmpuint (r5->status, ==, 200);
  }

  /* The national desk reads all of it, and writes none */
  {
    g_autofree char *n = feed_types (f, f->national, "expert");
    g_autoptr(BsvResponse) r1 = get (f, f->national, "experts", expert);
    g_autoptr(BsvResponse) r2 = NULL;
    g_autofree char *path = g_strdup_printf ("/experts/%s", expert);
    g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                                                 json_object_get_int_member (json_node_get_object (r1->json), "rev"));

    g_assert_cmpstr (n, ==, "1");
    g_assert_cmpuint (r1->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (r1->json), "cost_per_visit"), ==, 30000);
    r2 = bsv_request (f->session, f->server, "PUT", path, f->national, if_match, "n-1",
                      "{\"prefecture\":\"34\",\"name\":\"x\"}");
    g_assert_cmpuint (r2->status, ==, 403);
  }
  /* A body writes none either */
  {
    g_autofree char *path = g_strdup_printf ("/visits/%s", visit);
    g_autoptr(BsvResponse) r = bsv_request (f->session, f->server, "PUT", path, f->kure, "\"0\"", "k-1",
                                            "{\"number\":9}");
    g_assert_cmpuint (r->status, ==, 403);
  }
}

/* Two workbenches edit the same visit: the second is a conflict, as for answers. */
static void
test_concurrent_edit (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->pref34);
  g_autoptr(Bench) b = bench_new (f, "34", f->pref34);
  g_autofree char *expert = add_expert (a, "34", "山田 花子");
  g_autofree char *visit = add_visit (a, expert, NULL, KURE, 1, 600, 720);
  g_autofree char *sql_a = g_strdup_printf ("UPDATE visits SET report = '規程の改定を支援' WHERE id = '%s'", visit);
  g_autofree char *sql_b = g_strdup_printf ("UPDATE visits SET report = 'CISO と面談' WHERE id = '%s'", visit);
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  BansouSyncStats stats = { 0 };
  BansouConflict *c;

  bench_sync (a, NULL);
  bench_sync (b, NULL);
  bench_edit (a, "visit", visit, sql_a);
  bench_edit (b, "visit", visit, sql_b);
  bench_sync (a, &stats);
  g_assert_cmpuint (stats.pushed, ==, 1);
  bench_sync (b, &stats);
  g_assert_cmpuint (stats.conflicts, ==, 1);

  conflicts = bansou_sync_list_conflicts (b->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  c = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (c->type, ==, "visit");
  g_assert_cmpstr (c->key, ==, visit);
  g_assert_cmpstr (c->reason, ==, "stale");
  g_assert_nonnull (strstr (c->theirs_json, "規程の改定を支援"));
  g_assert_nonnull (strstr (c->mine_json, "CISO と面談"));

  /* Keep mine: sent again on the server's revision */
  bansou_sync_resolve_conflict (b->store, c->id, BANSOU_CONFLICT_MINE, NULL, &error);
  g_assert_no_error (error);
  bench_sync (b, &stats);
  g_assert_cmpuint (stats.pushed, ==, 1);
  g_assert_cmpuint (bansou_sync_count_conflicts (b->store), ==, 0);
  bench_sync (a, NULL);
  {
    g_autofree char *report = bench_text (a, "SELECT report FROM visits");
    g_assert_cmpstr (report, ==, "CISO と面談");
  }
}

/* Two dispatchers book one expert for overlapping times on two
 * workbenches: the server keeps one visit and the second workbench shows
 * a conflict naming the other visit; moving its visit resolves it. */
static void
test_double_booking (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->pref34);
  g_autoptr(Bench) b = bench_new (f, "34", f->pref34);
  g_autofree char *expert = add_expert (a, "34", "山田 花子");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *move = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  BansouSyncStats stats = { 0 };
  BansouConflict *c;

  bench_sync (a, NULL);
  bench_sync (b, NULL);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM experts"), ==, 1);

  first = add_visit (a, expert, NULL, KURE, 1, 600, 720);       /* 10:00–12:00 */
  second = add_visit (b, expert, NULL, HIROSHIMA, 2, 660, 780); /* 11:00–13:00 */
  bench_sync (a, &stats);
  g_assert_cmpuint (stats.pushed, ==, 1);
  bench_sync (b, &stats);
  g_assert_cmpuint (stats.pushed, ==, 0);
  g_assert_cmpuint (stats.conflicts, ==, 1);

  /* One visit on the server, not a double booking */
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM visits"), ==, 1);
  {
    g_autoptr(BsvResponse) r = get (f, f->pref34, "visits", second);
    g_assert_cmpuint (r->status, ==, 404);
  }

  /* The conflict is on B's visit and shows the other one */
  conflicts = bansou_sync_list_conflicts (b->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  c = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (c->type, ==, "visit");
  g_assert_cmpstr (c->key, ==, second);
  g_assert_cmpstr (c->reason, ==, "double_booking");
  g_assert_nonnull (strstr (c->theirs_json, first));
  g_assert_nonnull (c->description);
  g_assert_nonnull (strstr (c->description, "山田 花子"));
  g_assert_nonnull (strstr (c->description, DAY " 10:00–12:00"));
  g_assert_nonnull (strstr (c->description, "呉市"));
  g_assert_nonnull (strstr (c->description, DAY " 11:00–13:00"));
  /* B pulled A's visit; its own stays, marked by the conflict */
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM visits"), ==, 2);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM outbox"), ==, 0);

  /* "Take theirs" would overwrite this visit with another one: refused */
  g_assert_false (bansou_sync_resolve_conflict (b->store, c->id, BANSOU_CONFLICT_THEIRS, NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Sending it unchanged clashes again */
  bench_sync (b, &stats);
  g_assert_cmpuint (bansou_sync_count_conflicts (b->store), ==, 1);
  bansou_sync_resolve_conflict (b->store, c->id, BANSOU_CONFLICT_MINE, NULL, &error);
  g_assert_no_error (error);
  bench_sync (b, &stats);
  g_assert_cmpuint (stats.conflicts, ==, 1);
  g_assert_cmpuint (bansou_sync_count_conflicts (b->store), ==, 1);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM visits"), ==, 1);

  /* The dispatcher moves B's visit to the afternoon: it goes up, the conflict closes */
  move = g_strdup_printf ("UPDATE visits SET start_min = 780, end_min = 900 WHERE id = '%s'", second);
  bench_edit (b, "visit", second, move);
  bench_sync (b, &stats);
  g_assert_cmpuint (stats.pushed, ==, 1);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  g_assert_cmpuint (bansou_sync_count_conflicts (b->store), ==, 0);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM visits"), ==, 2);
  bench_sync (a, NULL);
  g_assert_cmpint (bench_int (a, "SELECT count(*) FROM visits WHERE start_min = 780"), ==, 1);

  /* Moving A's visit onto B's through a PUT: 409 naming B's */
  {
    g_autoptr(BsvResponse) cur = get (f, f->pref34, "visits", first);
    g_autofree char *path = g_strdup_printf ("/visits/%s", first);
    g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                                                 json_object_get_int_member (json_node_get_object (cur->json), "rev"));
    g_autofree char *body = g_strdup_printf ("{\"number\":1,\"expert\":\"%s\",\"body\":\"" KURE "\","
                                             "\"day\":\"" DAY "\",\"start_min\":840,\"end_min\":960}", expert);
    g_autoptr(BsvResponse) r = bsv_request (f->session, f->server, "PUT", path, f->pref34, if_match, "m-1", body);
    JsonObject *e;

    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (bsv_error_code (r), ==, "double_booking");
    e = json_object_get_object_member (json_node_get_object (r->json), "error");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (e, "clash"), "id"), ==, second);
    /* …and a cancelled visit holds no time */
    {
      g_autofree char *cancelled = g_strdup_printf ("{\"number\":1,\"expert\":\"%s\",\"body\":\"" KURE "\","
                                                    "\"day\":\"" DAY "\",\"start_min\":840,\"end_min\":960,"
                                                    "\"state\":\"cancelled\"}", expert);
      g_autoptr(BsvResponse) r2 = bsv_request (f->session, f->server, "PUT", path, f->pref34, if_match, "m-2",
                                               cancelled);
      g_assert_cmpuint (r2->status, ==, 200);
    }
  }
}

/* The same through the dispatch room's own API, as a dispatcher works:
 * each workbench checks its own calendar before saving, and neither sees
 * the other's visit until the server meets both. */
static void
test_double_booking_api (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->pref34);
  g_autoptr(Bench) b = bench_new (f, "34", f->pref34);
  g_autoptr(GError) error = NULL;
  BansouDispatch *d[2];
  Bench *benches[2] = { a, b };
  const char *fields[] = { "contract-start", "contract-end", "nda-signed", "nda-expires", NULL };
  const char *values[] = { "2026-04-01", "2027-03-31", "2026-04-01", "2027-03-31", NULL };
  const char *qs[] = { "org.responsibility.ciso", NULL };
  g_autofree char *expert = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  BansouSyncStats stats = { 0 };
  BansouConflict *c;

  for (guint i = 0; i < 2; i++)
    {
      BansouRegistry *registry = bansou_registry_new (benches[i]->store);
      BansouCatalog *catalog = bansou_catalog_load_active (benches[i]->store, &error);
      BansouSurvey *survey;

      g_assert_no_error (error);
      survey = bansou_survey_new (benches[i]->store, catalog, &error);
      g_assert_no_error (error);
      d[i] = bansou_dispatch_new (survey, registry, NULL, &error);
      g_assert_no_error (error);
      g_object_unref (survey);
      g_object_unref (catalog);
      g_object_unref (registry);
    }

  expert = bansou_dispatch_add_expert (d[0], NULL, "山田 花子", BANSOU_AFFILIATION_JOINT_HIRE, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_dispatch_update_expert (d[0], expert, fields, values, &error));
  g_assert_no_error (error);
  bench_sync (a, NULL);
  bench_sync (b, NULL);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM experts"), ==, 1);

  {
    BansouVisitSpec one = { .expert = expert, .body = KURE, .day = DAY, .start_min = 600, .end_min = 720,
                            .questions = qs };
    BansouVisitSpec two = { .expert = expert, .body = HIROSHIMA, .day = DAY, .start_min = 660, .end_min = 780,
                            .questions = qs };

    first = bansou_dispatch_schedule_visit (d[0], &one, NULL, NULL, &error);
    g_assert_no_error (error);
    second = bansou_dispatch_schedule_visit (d[1], &two, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  bench_sync (a, NULL);
  bench_sync (b, &stats);
  g_assert_cmpuint (stats.conflicts, ==, 1);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM visits"), ==, 1);

  conflicts = bansou_sync_list_conflicts (b->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  c = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (c->key, ==, second);
  g_assert_cmpstr (c->reason, ==, "double_booking");
  g_assert_nonnull (strstr (c->theirs_json, first));

  /* Now B's own calendar knows A's visit too, and says so before saving */
  {
    BansouVisitSpec again = { .expert = expert, .body = HIROSHIMA, .day = DAY, .start_min = 660, .end_min = 780,
                              .questions = qs };

    listed = bansou_dispatch_check_visit (d[1], &again, second, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (listed->len, >=, 1);
  }

  /* The dispatcher moves it: the move is queued, goes up, the conflict closes */
  g_assert_true (bansou_dispatch_move_visit (d[1], second, expert, DAY, 780, 900, NULL, NULL, &error));
  g_assert_no_error (error);
  bench_sync (b, &stats);
  g_assert_cmpuint (stats.pushed, ==, 1);
  g_assert_cmpuint (bansou_sync_count_conflicts (b->store), ==, 0);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM visits"), ==, 2);
  bench_sync (a, NULL);
  g_assert_cmpint (bench_int (a, "SELECT count(*) FROM visits"), ==, 2);

  g_object_unref (d[0]);
  g_object_unref (d[1]);
}

typedef struct
{
  const char *json;      /* %s: the expert */
  guint       status;
  const char *code;
  const char *names;     /* in the message */
} Bad;

/* Every member typed and bounded; the field is named; nothing is written. */
static void
test_malformed (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->pref34);
  g_autofree char *expert = add_expert (a, "34", "山田 花子");
  g_autofree char *long_text = NULL;
  g_autoptr(GString) s = g_string_new (NULL);
  gint64 head;
  const Bad bad[] = {
    { "{\"number\":1,\"expert\":\"%s\",\"body\":\"" KURE "\",\"day\":\"" DAY "\",\"start_min\":1500,\"end_min\":1600}",
      400, "invalid_request", "start_min" },
    { "{\"number\":1,\"expert\":\"%s\",\"body\":\"" KURE "\",\"day\":\"" DAY "\",\"start_min\":600,\"end_min\":600}",
      400, "invalid_request", "end_min" },
    { "{\"number\":1,\"expert\":\"%s\",\"body\":\"" KURE "\",\"day\":\"2027-02-30\",\"start_min\":600,\"end_min\":700}",
      400, "invalid_request", "day" },
    { "{\"number\":1,\"expert\":\"%s\",\"body\":\"" KURE "\",\"day\":\"" DAY "\",\"start_min\":\"600\",\"end_min\":700}",
      400, "invalid_request", "start_min" },
    { "{\"number\":1,\"expert\":\"%s\",\"body\":\"" KURE "\",\"day\":\"" DAY "\",\"start_min\":600,\"end_min\":700,"
      "\"state\":\"maybe\"}", 400, "invalid_request", "state" },
    { "{\"number\":1,\"expert\":\"%s\",\"body\":\"" KURE "\",\"day\":\"" DAY "\",\"start_min\":600,\"end_min\":700,"
      "\"subsidy_bp\":10001}", 400, "invalid_request", "subsidy_bp" },
    { "{\"number\":1,\"expert\":\"%s\",\"body\":\"" KURE "\",\"day\":\"" DAY "\",\"start_min\":600,\"end_min\":700,"
      "\"questions\":[{\"question\":\"q\",\"finding\":\"great\"}]}", 400, "invalid_request", "questions" },
    { "{\"number\":1,\"expert\":\"%s\",\"day\":\"" DAY "\",\"start_min\":600,\"end_min\":700}",
      400, "invalid_request", "body" },
    { "{\"number\":1,\"expert\":\"%s\",\"body\":\"999999\",\"day\":\"" DAY "\",\"start_min\":600,\"end_min\":700}",
      404, "unknown_body", "999999" },
    { "{\"number\":1,\"expert\":\"%s\",\"body\":\"350001\",\"day\":\"" DAY "\",\"start_min\":600,\"end_min\":700}",
      403, "forbidden", NULL },
    { "{\"number\":1,\"expert\":\"0b8e6c52-1f7d-4c6e-9a49-3c1d7a1e2f10\",\"body\":\"" KURE "\",\"day\":\"" DAY "\","
      "\"start_min\":600,\"end_min\":700}%s", 404, "unknown_expert", "0b8e6c52-1f7d-4c6e-9a49-3c1d7a1e2f10" },
    { "{\"number\":1,\"expert\":\"%s\",\"request\":\"0b8e6c52-1f7d-4c6e-9a49-3c1d7a1e2f10\",\"body\":\"" KURE "\","
      "\"day\":\"" DAY "\",\"start_min\":600,\"end_min\":700}", 404, "unknown_dispatch_request", "request" },
  };

  bench_sync (a, NULL);
  head = server_int (f, "SELECT max(rev) FROM changes");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *path = g_strdup_printf ("/visits/%s", id);
      g_autofree char *key = g_strdup_printf ("bad-%u", i);
      g_autoptr(GString) text = g_string_new (bad[i].json);
      g_autofree char *body = NULL;

      g_string_replace (text, "%s", strstr (bad[i].json, "%s\",") ? expert : "", 1);
      body = g_string_free (g_steal_pointer (&text), FALSE);
      g_autoptr(BsvResponse) r = NULL;

      r = bsv_request (f->session, f->server, "PUT", path, f->pref34, "\"0\"", key, body);
      g_test_message ("%s → %u %s", body, r->status, r->body);
      g_assert_cmpuint (r->status, ==, bad[i].status);
      g_assert_cmpstr (bsv_error_code (r), ==, bad[i].code);
      if (bad[i].names != NULL)
        g_assert_nonnull (strstr (r->body, bad[i].names));
    }

  /* An expert: too long a name, another prefecture's pool, a bad key */
  for (guint i = 0; i < 102; i++)
    g_string_append (s, "名");
  long_text = g_strdup_printf ("{\"prefecture\":\"34\",\"name\":\"%s\"}", s->str);
  {
    g_autofree char *id = g_uuid_string_random ();
    g_autofree char *path = g_strdup_printf ("/experts/%s", id);
    g_autoptr(BsvResponse) r1 = bsv_request (f->session, f->server, "PUT", path, f->pref34, "\"0\"", "e-1", long_text);
    g_autoptr(BsvResponse) r2 = bsv_request (f->session, f->server, "PUT", path, f->pref34, "\"0\"", "e-2",
                                             "{\"prefecture\":\"35\",\"name\":\"x\"}");
    g_autoptr(BsvResponse) r3 = bsv_request (f->session, f->server, "PUT", "/experts/NOT-A-UUID", f->pref34, "\"0\"",
                                             "e-3", "{\"prefecture\":\"34\",\"name\":\"x\"}");
    g_autoptr(BsvResponse) r4 = bsv_request (f->session, f->server, "PUT", path, f->pref34, "\"0\"", "e-4",
                                             "{\"prefecture\":\"34\",\"name\":\"x\",\"skills\":[{\"target\":\"a\","
                                             "\"level\":4}]}");
    g_autofree char *expert_path = g_strdup_printf ("/experts/%s", expert);
    g_autoptr(BsvResponse) r5 = bsv_request (f->session, f->server, "PUT", expert_path, f->pref35, "\"1\"", "e-5",
                                             "{\"prefecture\":\"35\",\"name\":\"乗っ取り\"}");

    g_assert_cmpuint (r1->status, ==, 400);
    g_assert_nonnull (strstr (r1->body, "name"));
    g_assert_cmpuint (r2->status, ==, 403);
    g_assert_cmpuint (r3->status, ==, 400);
    g_assert_cmpuint (r4->status, ==, 400);
    g_assert_nonnull (strstr (r4->body, "skills"));
    /* another prefecture's record is neither overwritten nor shown in a 412 */
    g_assert_cmpuint (r5->status, ==, 403);
    g_assert_null (strstr (r5->body, "山田"));
  }

  /* A batch with one bad operation is refused whole, naming it */
  {
    g_autofree char *v = g_uuid_string_random ();
    g_autofree char *e = g_uuid_string_random ();
    g_autofree char *batch = g_strdup_printf (
      "{\"ops\":[{\"type\":\"expert\",\"id\":\"%s\",\"base_rev\":0,\"data\":{\"prefecture\":\"34\",\"name\":\"x\"}},"
      "{\"type\":\"visit\",\"id\":\"%s\",\"base_rev\":0,\"data\":{\"number\":1,\"expert\":\"%s\",\"body\":\"" KURE "\","
      "\"day\":\"" DAY "\",\"start_min\":600,\"end_min\":1441}}]}", e, v, e);
    g_autoptr(BsvResponse) r = bsv_request (f->session, f->server, "POST", "/batch", f->pref34, NULL, "b-1", batch);

    g_assert_cmpuint (r->status, ==, 400);
    g_assert_nonnull (strstr (r->body, "end_min"));
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (r->json),
                                                                                "error"), "index"), ==, 1);
  }

  /* Nothing was written by any of it */
  g_assert_cmpint (server_int (f, "SELECT max(rev) FROM changes"), ==, head);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM visits"), ==, 0);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM experts"), ==, 1);
}

/* A visit made before its expert was last edited comes first in the
 * feed: the workbench fetches the expert it refers to. */
static void
test_feed_order (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) a = bench_new (f, "34", f->pref34);
  g_autoptr(Bench) b = bench_new (f, "34", f->pref34);
  g_autoptr(Bench) kure = bench_new (f, "34", f->kure);
  g_autofree char *expert = add_expert (a, "34", "山田 花子");
  g_autofree char *request = add_request (a, KURE);
  g_autofree char *visit = add_visit (a, expert, request, KURE, 1, 600, 720);
  g_autofree char *rename = g_strdup_printf ("UPDATE experts SET name = '山田 花子（主任）' WHERE id = '%s';"
                                             "UPDATE dispatch_requests SET purpose = '改訂' WHERE id = '%s'",
                                             expert, request);
  BansouSyncStats stats = { 0 };

  bench_sync (a, NULL);
  bench_edit (a, "expert", expert, rename);
  bench_edit (a, "dispatch_request", request, "SELECT 1");
  bench_sync (a, NULL);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM visits WHERE rev < (SELECT rev FROM experts)"), ==, 1);

  bench_sync (b, &stats);
  g_assert_cmpint (bench_int (b, "SELECT count(*) FROM visits"), ==, 1);
  {
    g_autofree char *name = bench_text (b, "SELECT name FROM experts");
    g_autofree char *purpose = bench_text (b, "SELECT purpose FROM dispatch_requests");
    g_assert_cmpstr (name, ==, "山田 花子（主任）");
    g_assert_cmpstr (purpose, ==, "改訂");
  }

  /* 呉市's own workbench: its request; a visit needs its expert, which a
   * body may not read, so none is kept */
  bench_sync (kure, &stats);
  g_assert_cmpint (bench_int (kure, "SELECT count(*) FROM dispatch_requests"), ==, 1);
  g_assert_cmpint (bench_int (kure, "SELECT count(*) FROM experts"), ==, 0);
  g_assert_cmpint (bench_int (kure, "SELECT count(*) FROM visits"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/sync-dispatch/scope", test_scope);
  g_test_add_func ("/sync-dispatch/concurrent-edit", test_concurrent_edit);
  g_test_add_func ("/sync-dispatch/double-booking", test_double_booking);
  g_test_add_func ("/sync-dispatch/double-booking-api", test_double_booking_api);
  g_test_add_func ("/sync-dispatch/malformed", test_malformed);
  g_test_add_func ("/sync-dispatch/feed-order", test_feed_order);
  return g_test_run ();
}
