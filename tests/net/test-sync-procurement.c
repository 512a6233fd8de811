/* test-sync-procurement.c — joint procurement across prefectures, against a real bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Tokens of three prefectures: 宮城県 (04) leads a security-cloud project,
 * 新潟県 (15) takes part, 東京都 (13) takes none — until the lead adds a
 * body of 13. Each prefecture has its own workbench database, synced with
 * one bansou-server process (tests/lib/server-harness: 127.0.0.1 port 0,
 * TLS). docs/api.md "Joint procurement", docs/procurement.md "Sync and
 * scope".
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "bansou-sync-tuning.h"
#include "bansou-test-utils.h"
#include "server-harness.h"

#define SENDAI     "041009"   /* 仙台市 */
#define ISHINOMAKI "042021"   /* 石巻市 */
#define NIIGATA    "151009"   /* 新潟市 */
#define NAGAOKA    "152021"   /* 長岡市 */
#define CHIYODA    "131016"   /* 千代田区 */

typedef struct
{
  BsvServer   *server;
  SoupSession *session;
  char        *national;
  char        *miyagi;
  char        *niigata;
  char        *tokyo;
} Fixture;

static void
fixture_free (Fixture *f)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, bsv_server_free);
  g_free (f->national);
  g_free (f->miyagi);
  g_free (f->niigata);
  g_free (f->tokyo);
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
  f->miyagi = bsv_server_token (f->server, "prefecture", "04", "宮城県");
  f->niigata = bsv_server_token (f->server, "prefecture", "15", "新潟県");
  f->tokyo = bsv_server_token (f->server, "prefecture", "13", "東京都");
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

/* ------------------------------------------------------------------------ */
/* Workbenches                                                              */

typedef struct
{
  char               *path;
  char               *prefecture;
  BansouStore        *store;
  BansouCatalog      *catalog;
  BansouRegistry     *registry;
  BansouProcurements *ledger;
  BansouSync         *sync;
} Bench;

static void
bench_free (Bench *b)
{
  g_clear_object (&b->sync);
  g_clear_object (&b->ledger);
  g_clear_object (&b->registry);
  g_clear_object (&b->catalog);
  g_clear_object (&b->store);
  g_free (b->path);
  g_free (b->prefecture);
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

  b->prefecture = g_strdup (prefecture);
  b->store = bansou_test_open_store (&b->path);
  bansou_store_set_setting (b->store, "prefecture", prefecture, &error);
  g_assert_no_error (error);
  b->catalog = bansou_catalog_load_active (b->store, &error);
  g_assert_no_error (error);
  b->registry = bansou_registry_new (b->store);
  b->ledger = bansou_procurements_new (b->registry, b->catalog);
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

/* Two catalog questions the security cloud covers. */
static void
covered_questions (Bench       *b,
                   const char **q1,
                   const char **q2)
{
  g_assert_cmpuint (bansou_catalog_get_n_questions (b->catalog), >, 2);
  *q1 = bansou_catalog_get_question (b->catalog, 0)->id;
  *q2 = bansou_catalog_get_question (b->catalog, 1)->id;
}

/* 宮城県 adds the project, with 仙台市, 石巻市 and 新潟市. */
static char *
lead_creates_project (Bench *lead)
{
  g_autoptr(GError) error = NULL;
  const char *q[3] = { NULL, NULL, NULL };
  BansouCostParams cost = { 0 };
  char *id;

  id = bansou_procurements_add (lead->ledger, "東北・新潟 自治体情報セキュリティクラウド",
                                BANSOU_PROCUREMENT_SECURITY_CLOUD, "04", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_procurements_set_field (lead->ledger, id, "contract-start", "2026-04-01", &error));
  g_assert_true (bansou_procurements_set_field (lead->ledger, id, "contract-end", "2031-03-31", &error));
  g_assert_true (bansou_procurements_set_field (lead->ledger, id, "vendor", "東北情報システム株式会社", &error));
  covered_questions (lead, &q[0], &q[1]);
  g_assert_true (bansou_procurements_set_questions (lead->ledger, id, q, &error));
  g_assert_true (bansou_procurements_join (lead->ledger, id, SENDAI, NULL, 12000, -1, 90000000, &error));
  g_assert_true (bansou_procurements_join (lead->ledger, id, ISHINOMAKI, "2026-10-01", 3000, -1, -1, &error));
  g_assert_true (bansou_procurements_join (lead->ledger, id, NIIGATA, NULL, 8000, -1, -1, &error));
  g_assert_no_error (error);

  cost.total = 300000007;   /* odd yen: the remainders matter */
  cost.subsidy_num = 1;
  cost.subsidy_den = 2;
  cost.subsidy_cap = -1;
  cost.weights[BANSOU_COST_BASIS_EQUAL] = 3000;
  cost.weights[BANSOU_COST_BASIS_TERMINALS] = 7000;
  g_assert_true (bansou_procurements_set_cost (lead->ledger, id, &cost, &error));
  g_assert_no_error (error);
  return id;
}

static void
assert_same_split (Bench      *a,
                   Bench      *b,
                   const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouShareTable) ta = bansou_procurements_shares (a->ledger, id, &error);
  g_autoptr(BansouShareTable) tb = NULL;
  gint64 sum = 0;

  g_assert_no_error (error);
  tb = bansou_procurements_shares (b->ledger, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ta->rows->len, ==, tb->rows->len);
  for (guint i = 0; i < ta->rows->len; i++)
    {
      BansouShareRow *ra = &g_array_index (ta->rows, BansouShareRow, i);
      BansouShareRow *rb = &g_array_index (tb->rows, BansouShareRow, i);

      g_assert_cmpstr (ra->participant->body, ==, rb->participant->body);
      g_assert_cmpint (ra->days, ==, rb->days);
      g_assert_cmpint (ra->share, ==, rb->share);
      g_assert_cmpint (ra->savings, ==, rb->savings);
      sum += ra->share;
    }
  /* 300,000,007 − floor (300,000,007 / 2) = 150,000,004 to share */
  g_assert_cmpint (sum, ==, 150000004);
}

static gboolean
feed_has_procurement (Fixture    *f,
                      const char *token)
{
  g_autoptr(BsvResponse) r = request (f, "GET", "/changes?since=0&limit=5000", token, NULL, NULL);
  JsonArray *changes;

  g_assert_cmpuint (r->status, ==, 200);
  changes = json_object_get_array_member (json_node_get_object (r->json), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      const char *type = json_object_get_string_member (json_array_get_object_element (changes, i), "type");
      if (g_str_has_prefix (type, "procurement_"))
        return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */

static void
test_scope (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) miyagi = bench_new (f, "04", f->miyagi);
  g_autoptr(Bench) niigata = bench_new (f, "15", f->niigata);
  g_autoptr(Bench) tokyo = bench_new (f, "13", f->tokyo);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *project_path = NULL;
  g_autofree char *sendai_path = NULL;
  g_autofree char *niigata_path = NULL;
  g_autofree char *chiyoda_path = NULL;
  g_autofree char *sql = NULL;
  BansouSyncStats stats = { 0 };
  gint64 forbidden;

  /* The lead sends the project and its participations in one run. */
  id = lead_creates_project (miyagi);
  bench_sync_ok (miyagi, &stats);
  g_assert_cmpuint (stats.pushed, ==, 4);
  g_assert_cmpuint (bansou_sync_count_pending (miyagi->store), ==, 0);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM procurement_participants"), ==, 3);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM shared_scopes"), ==, 2);   /* 04, 15 */

  /* 新潟県 receives it, with its phases, questions and every participation. */
  bench_sync_ok (niigata, &stats);
  g_assert_cmpint (bench_int (niigata, "SELECT count(*) FROM procurement_projects"), ==, 1);
  g_assert_cmpint (bench_int (niigata, "SELECT count(*) FROM procurement_participants"), ==, 3);
  g_assert_cmpint (bench_int (niigata, "SELECT count(*) FROM procurement_questions"), ==, 2);
  g_assert_cmpint (bench_int (niigata, "SELECT count(*) FROM procurement_projects WHERE total = 300000007 "
                                        "AND w_terminals = 7000 AND contract_start = '2026-04-01' AND server_rev > 0"),
                   ==, 1);
  /* The split computed from the synced data is the lead's, to the yen. */
  assert_same_split (miyagi, niigata, id);
  /* Support actions: each participation × the covered questions, dated
   * by its join date or the contract start. */
  g_assert_cmpint (bench_int (niigata, "SELECT count(*) FROM support_actions WHERE kind = 'procurement'"), ==, 6);
  sql = g_strdup_printf ("SELECT count(*) FROM support_actions WHERE source = '%s/%s' AND on_date = '2026-10-01'",
                         id, ISHINOMAKI);
  g_assert_cmpint (bench_int (niigata, sql), ==, 2);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM support_actions WHERE source = '%s/%s' AND on_date = '2026-04-01'",
                         id, NIIGATA);
  g_assert_cmpint (bench_int (niigata, sql), ==, 2);
  g_assert_cmpint (bench_int (miyagi, "SELECT count(*) FROM support_actions WHERE kind = 'procurement'"), ==, 6);

  /* 新潟県 writes its own body's participation… */
  g_assert_true (bansou_procurements_join (niigata->ledger, id, NIIGATA, NULL, 9000, 8500, 60000000, &error));
  g_assert_no_error (error);
  bench_sync_ok (niigata, &stats);
  g_assert_cmpuint (stats.pushed, ==, 1);
  bench_sync_ok (miyagi, &stats);
  sql = g_strdup_printf ("SELECT terminals FROM procurement_participants WHERE body = '%s'", NIIGATA);
  g_assert_cmpint (bench_int (miyagi, sql), ==, 9000);
  assert_same_split (miyagi, niigata, id);

  /* …but not the project, nor 宮城県's participations: refused here… */
  g_assert_false (bansou_procurements_set_field (niigata->ledger, id, "title", "乗っ取り", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (bansou_procurements_join (niigata->ledger, id, SENDAI, NULL, 1, -1, -1, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpuint (bansou_sync_count_pending (niigata->store), ==, 0);

  /* …and by the server, audited. */
  project_path = g_strdup_printf ("/procurements/%s", id);
  sendai_path = g_strdup_printf ("/procurements/%s/participants/%s", id, SENDAI);
  niigata_path = g_strdup_printf ("/procurements/%s/participants/%s", id, NIIGATA);
  chiyoda_path = g_strdup_printf ("/procurements/%s/participants/%s", id, CHIYODA);
  forbidden = server_int (f, "SELECT count(*) FROM audit WHERE outcome = 'forbidden'");
  {
    g_autoptr(BsvResponse) got = request (f, "GET", project_path, f->niigata, NULL, NULL);
    g_autoptr(JsonNode) data = NULL;
    g_autofree char *body = NULL;
    g_autofree char *rev = NULL;
    JsonObject *obj;

    g_assert_cmpuint (got->status, ==, 200);
    obj = json_node_get_object (got->json);
    rev = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", json_object_get_int_member (obj, "rev"));
    json_object_set_string_member (obj, "title", "新潟主導に変更");
    body = json_to_string (got->json, FALSE);
    {
      g_autoptr(BsvResponse) put = request (f, "PUT", project_path, f->niigata, rev, body);
      g_assert_cmpuint (put->status, ==, 403);
    }
  }
  {
    g_autoptr(BsvResponse) got = request (f, "GET", sendai_path, f->niigata, NULL, NULL);
    g_autofree char *rev = NULL;

    g_assert_cmpuint (got->status, ==, 200);
    rev = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", json_object_get_int_member (json_node_get_object (got->json),
                                                                                     "rev"));
    {
      g_autoptr(BsvResponse) put = request (f, "PUT", sendai_path, f->niigata, rev, "{\"terminals\": 1}");
      g_assert_cmpuint (put->status, ==, 403);
    }
  }
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM audit WHERE outcome = 'forbidden'"), ==, forbidden + 2);
  {
    g_autofree char *title_sql = g_strdup_printf ("SELECT count(*) FROM procurement_projects WHERE id = '%s' "
                                                  "AND %s LIKE '東北%%'", id,
                                                  bsv_store_is_pg () ? "CAST(data AS json) ->> 'title'"
                                                                     : "json_extract (data, '$.title')");
    g_assert_cmpint (server_int (f, title_sql), ==, 1);
  }

  /* 東京都 takes no part: nothing in its feed, nothing by GET, no write. */
  bench_sync_ok (tokyo, NULL);
  g_assert_cmpint (bench_int (tokyo, "SELECT count(*) FROM procurement_projects"), ==, 0);
  g_assert_cmpint (bench_int (tokyo, "SELECT count(*) FROM procurement_participants"), ==, 0);
  g_assert_false (feed_has_procurement (f, f->tokyo));
  g_assert_true (feed_has_procurement (f, f->niigata));
  g_assert_true (feed_has_procurement (f, f->national));
  {
    g_autoptr(BsvResponse) p = request (f, "GET", project_path, f->tokyo, NULL, NULL);
    g_autoptr(BsvResponse) s = request (f, "GET", sendai_path, f->tokyo, NULL, NULL);
    g_autoptr(BsvResponse) none = request (f, "GET", "/procurements/00000000-0000-4000-8000-000000000000",
                                           f->tokyo, NULL, NULL);
    g_autoptr(BsvResponse) n = request (f, "GET", project_path, f->national, NULL, NULL);

    g_assert_cmpuint (p->status, ==, 404);
    g_assert_cmpuint (s->status, ==, 404);
    g_assert_cmpstr (p->body, ==, none->body);   /* not even its existence */
    g_assert_cmpuint (n->status, ==, 200);
  }
  {
    g_autoptr(BsvResponse) put = request (f, "PUT", chiyoda_path, f->tokyo, "\"0\"", "{\"terminals\": 100}");
    g_assert_cmpuint (put->status, ==, 403);
  }
  {
    g_autoptr(BsvResponse) put = request (f, "PUT", niigata_path, f->national, "\"0\"", "{\"terminals\": 100}");
    g_assert_cmpuint (put->status, ==, 403);
  }
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM procurement_participants"), ==, 3);

  /* The lead adds a body of 東京都: 13 now receives the whole project,
   * although its revisions are older than 13's cursor. */
  g_assert_true (bansou_procurements_join (miyagi->ledger, id, CHIYODA, "2027-04-01", 500, -1, -1, &error));
  g_assert_no_error (error);
  bench_sync_ok (miyagi, NULL);
  bench_sync_ok (tokyo, &stats);
  g_assert_cmpint (bench_int (tokyo, "SELECT count(*) FROM procurement_projects"), ==, 1);
  g_assert_cmpint (bench_int (tokyo, "SELECT count(*) FROM procurement_participants"), ==, 4);
  g_assert_cmpint (bench_int (tokyo, "SELECT count(*) FROM support_actions WHERE kind = 'procurement'"), ==, 8);
  assert_same_split (miyagi, tokyo, id);
  {
    g_autoptr(BsvResponse) p = request (f, "GET", project_path, f->tokyo, NULL, NULL);
    g_assert_cmpuint (p->status, ==, 200);
  }
  /* …and 新潟県 the new participation, and the same split. */
  bench_sync_ok (niigata, NULL);
  assert_same_split (miyagi, niigata, id);
}

/* Concurrent edits of a participation (lead and body's prefecture) and
 * of a project (two workbenches of the lead) become conflicts with the
 * kind's fields. */
static void
test_conflicts (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) miyagi = bench_new (f, "04", f->miyagi);
  g_autoptr(Bench) miyagi2 = bench_new (f, "04", f->miyagi);
  g_autoptr(Bench) niigata = bench_new (f, "15", f->niigata);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *id = NULL;
  g_autofree char *sql = NULL;
  const BansouSyncField *fields;
  BansouConflict *c;
  BansouSyncStats stats = { 0 };
  guint n_fields;

  id = lead_creates_project (miyagi);
  bench_sync_ok (miyagi, NULL);
  bench_sync_ok (miyagi2, NULL);
  bench_sync_ok (niigata, NULL);

  /* The participation of 新潟市, from both sides. */
  g_assert_true (bansou_procurements_join (miyagi->ledger, id, NIIGATA, NULL, 7000, -1, -1, &error));
  g_assert_true (bansou_procurements_join (niigata->ledger, id, NIIGATA, NULL, 9500, -1, -1, &error));
  g_assert_no_error (error);
  bench_sync_ok (miyagi, NULL);
  bench_sync_ok (niigata, &stats);
  g_assert_cmpuint (stats.conflicts, ==, 1);
  conflicts = bansou_sync_list_conflicts (niigata->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  c = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (c->type, ==, "procurement_participant");
  g_assert_nonnull (strstr (c->mine_json, "9500"));
  g_assert_nonnull (strstr (c->theirs_json, "7000"));
  fields = bansou_sync_get_conflict_fields ("procurement_participant", &n_fields);
  g_assert_cmpuint (n_fields, ==, 5);
  g_assert_cmpstr (fields[2].key, ==, "terminals");

  /* Merged: 8000 terminals, sent on the server's revision. */
  g_assert_true (bansou_sync_resolve_conflict (niigata->store, c->id, BANSOU_CONFLICT_MERGED,
                                               "{\"terminals\": \"8000\"}", &error));
  g_assert_no_error (error);
  bench_sync_ok (niigata, &stats);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  bench_sync_ok (miyagi, NULL);
  sql = g_strdup_printf ("SELECT terminals FROM procurement_participants WHERE body = '%s'", NIIGATA);
  g_assert_cmpint (bench_int (miyagi, sql), ==, 8000);
  g_assert_cmpint (server_int (f, "SELECT terminals FROM procurement_participants WHERE body = '151009'"), ==, 8000);
  assert_same_split (miyagi, niigata, id);
  g_clear_pointer (&conflicts, g_ptr_array_unref);

  /* The project, from two workbenches of the lead. */
  g_assert_true (bansou_procurements_set_field (miyagi->ledger, id, "notes", "第1版の備考", &error));
  g_assert_true (bansou_procurements_set_field (miyagi2->ledger, id, "notes", "別の端末の備考", &error));
  g_assert_no_error (error);
  bench_sync_ok (miyagi, NULL);
  bench_sync_ok (miyagi2, &stats);
  g_assert_cmpuint (stats.conflicts, ==, 1);
  conflicts = bansou_sync_list_conflicts (miyagi2->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  c = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (c->type, ==, "procurement_project");
  fields = bansou_sync_get_conflict_fields ("procurement_project", &n_fields);
  g_assert_cmpuint (n_fields, ==, 6);
  g_assert_cmpstr (fields[0].key, ==, "title");

  /* Theirs: the other workbench's notes, and nothing left to send. */
  g_assert_true (bansou_sync_resolve_conflict (miyagi2->store, c->id, BANSOU_CONFLICT_THEIRS, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bench_int (miyagi2, "SELECT count(*) FROM procurement_projects WHERE notes = '第1版の備考'"), ==, 1);
  g_assert_cmpint (bench_int (miyagi2, "SELECT count(*) FROM procurement_questions"), ==, 2);
  bench_sync_ok (miyagi2, &stats);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  g_assert_cmpuint (bansou_sync_count_pending (miyagi2->store), ==, 0);
}

/* Malformed records: 4xx naming the member, nothing written. */
static void
test_malformed (void)
{
  static const struct {
    const char *patch;      /* a member replaced in a valid project */
    guint       status;
    const char *named;
  } projects[] = {
    { "\"title\": \"\"", 400, "title" },
    { "\"title\": 7", 400, "title" },
    { "\"procurement_type\": \"cloud\"", 400, "procurement_type" },
    { "\"lead_prefecture\": \"48\"", 400, "lead_prefecture" },
    { "\"phase\": \"done\"", 400, "phase" },
    { "\"phases\": {\"spec\": \"2026-02-30\"}", 400, "phases" },
    { "\"phases\": {\"later\": \"2026-02-01\"}", 400, "phases" },
    { "\"contract_end\": \"2025-03-31\"", 400, "contract_end" },
    { "\"total\": -1", 400, "total" },
    { "\"total\": 1.5", 400, "total" },
    { "\"subsidy_den\": 0", 400, "subsidy_den" },
    { "\"w_equal\": 5000", 400, "w_equal" },
    { "\"standalone_basis\": \"area\"", 400, "standalone_basis" },
    { "\"sc_penalty\": \"yes\"", 400, "sc_penalty" },
    { "\"questions\": \"1.1\"", 400, "questions" },
    { "\"questions\": [\"\"]", 400, "questions" },
  };
  static const struct {
    const char *body;
    const char *data;
    guint       status;
    const char *named;
  } participants[] = {
    { SENDAI, "{\"terminals\": -1}", 400, "terminals" },
    { SENDAI, "{\"standalone\": \"many\"}", 400, "standalone" },
    { SENDAI, "{\"joined_on\": \"2026-05-01\", \"left_on\": \"2026-04-30\"}", 400, "left_on" },
    { SENDAI, "{\"joined_on\": \"May\"}", 400, "joined_on" },
    { "041008", "{}", 404, "041008" },                  /* a wrong check digit: no body */
    { SENDAI, "[1]", 400, "data" },
  };
  g_autoptr(Fixture) f = fixture_new ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *path = g_strdup_printf ("/procurements/%s", id);
  const char *valid =
    "\"title\": \"研修\", \"procurement_type\": \"training\", \"lead_prefecture\": \"04\", \"phase\": \"spec\", "
    "\"phases\": {\"spec\": \"2026-01-10\"}, \"contract_start\": \"2026-04-01\", \"contract_end\": \"2027-03-31\", "
    "\"total\": 1000000, \"subsidy_num\": 0, \"subsidy_den\": 1, \"subsidy_cap\": null, \"w_equal\": 10000, "
    "\"w_population\": 0, \"w_terminals\": 0, \"w_users\": 0, \"standalone_basis\": \"terminals\", "
    "\"sc_criteria\": false, \"sc_penalty\": false, \"sc_desk_required\": false, \"questions\": []";

  for (guint i = 0; i < G_N_ELEMENTS (projects); i++)
    {
      /* The later member wins in json-glib: the patch replaces it. */
      g_autofree char *body = g_strdup_printf ("{%s, %s}", valid, projects[i].patch);
      g_autoptr(BsvResponse) r = request (f, "PUT", path, f->miyagi, "\"0\"", body);

      g_test_message ("%s", projects[i].patch);
      g_assert_cmpuint (r->status, ==, projects[i].status);
      g_assert_nonnull (strstr (r->body, projects[i].named));
    }
  {
    g_autoptr(BsvResponse) r = request (f, "PUT", "/procurements/not-a-uuid", f->miyagi, "\"0\"", "{}");
    g_assert_cmpuint (r->status, ==, 400);
    g_assert_nonnull (strstr (r->body, "project"));
  }
  {
    /* Leading for another prefecture */
    g_autofree char *body = g_strdup_printf ("{%s, \"lead_prefecture\": \"15\"}", valid);
    g_autoptr(BsvResponse) r = request (f, "PUT", path, f->miyagi, "\"0\"", body);
    g_assert_cmpuint (r->status, ==, 403);
  }
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM procurement_projects"), ==, 0);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM changes WHERE type LIKE 'procurement%'"), ==, 0);

  {
    g_autofree char *body = g_strdup_printf ("{%s}", valid);
    g_autoptr(BsvResponse) r = request (f, "PUT", path, f->miyagi, "\"0\"", body);
    g_assert_cmpuint (r->status, ==, 201);
  }
  {
    /* The lead cannot hand the project over by rewriting it */
    g_autofree char *body = g_strdup_printf ("{%s, \"lead_prefecture\": \"15\"}", valid);
    g_autoptr(BsvResponse) r = request (f, "PUT", path, f->miyagi, "\"1\"", body);
    g_assert_cmpuint (r->status, ==, 400);
    g_assert_nonnull (strstr (r->body, "lead_prefecture"));
  }
  for (guint i = 0; i < G_N_ELEMENTS (participants); i++)
    {
      g_autofree char *ppath = g_strdup_printf ("%s/participants/%s", path, participants[i].body);
      g_autoptr(BsvResponse) r = request (f, "PUT", ppath, f->miyagi, "\"0\"", participants[i].data);

      g_test_message ("%s", participants[i].data);
      g_assert_cmpuint (r->status, ==, participants[i].status);
      g_assert_nonnull (strstr (r->body, participants[i].named));
    }
  {
    /* A participation of a project that does not exist, in a batch */
    g_autofree char *other = g_uuid_string_random ();
    g_autofree char *batch = g_strdup_printf ("{\"ops\": [{\"type\": \"procurement_participant\", \"project\": \"%s\", "
                                              "\"body\": \"%s\", \"base_rev\": 0, \"data\": {}}]}", other, SENDAI);
    g_autoptr(BsvResponse) r = request (f, "POST", "/batch", f->miyagi, NULL, batch);
    g_assert_cmpuint (r->status, ==, 404);
  }
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM procurement_participants"), ==, 0);
}

/* A participation of a body this workbench's registry lacks (a body 宮城県
 * registered itself) is skipped, with the reason in the audit trail. */
static void
test_unknown_body (void)
{
  g_autoptr(Fixture) f = fixture_new ();
  g_autoptr(Bench) miyagi = bench_new (f, "04", f->miyagi);
  g_autoptr(Bench) niigata = bench_new (f, "15", f->niigata);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *ppath = NULL;
  BansouSyncStats stats = { 0 };

  id = lead_creates_project (miyagi);
  bench_sync_ok (miyagi, NULL);
  {
    g_autoptr(BsvResponse) r = request (f, "PUT", "/bodies/X04001", f->miyagi, "\"0\"",
                                        "{\"kind\": \"wide-union\", "
                                        "\"name\": \"宮城県市町村情報化協議会\"}");
    g_assert_cmpuint (r->status, ==, 201);
  }
  ppath = g_strdup_printf ("/procurements/%s/participants/X04001", id);
  {
    g_autoptr(BsvResponse) r = request (f, "PUT", ppath, f->miyagi, "\"0\"", "{\"terminals\": 40}");
    g_assert_cmpuint (r->status, ==, 201);
  }
  bench_sync_ok (niigata, &stats);
  g_assert_cmpint (bench_int (niigata, "SELECT count(*) FROM procurement_participants"), ==, 3);
  g_assert_cmpint (bench_int (niigata, "SELECT count(*) FROM audit WHERE field = 'sync-skipped' "
                                        "AND key LIKE '%/X04001'"), ==, 1);
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/sync-procurement/scope", test_scope);
  g_test_add_func ("/sync-procurement/conflicts", test_conflicts);
  g_test_add_func ("/sync-procurement/malformed", test_malformed);
  g_test_add_func ("/sync-procurement/unknown-body", test_unknown_body);

  return g_test_run ();
}
