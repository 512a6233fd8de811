/* bench-sync-dispatch.c — a prefecture's first sync with a year of visits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A real bansou-server (TLS on loopback). One workbench of 広島県 makes
 * 200 experts, 1,000 requests and 10,000 visits over a fiscal year (each
 * with a linked question) and pushes them. Then fresh workbenches of the
 * prefecture make their first sync — the bodies, the feed with the pool
 * and the calendar, every child row and support action written — three
 * times; the median is the figure (goal < 1 s). Prints the figures and
 * appends them to the file named on the command line (docs/benchmarks.md)
 * under "## Dispatch sync". Asserts no times; it does assert that every
 * record arrived.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sqlite3.h>

#include "bansou-store-sql.h"
#include "bansou-sync-tuning.h"
#include "bansou-test-utils.h"
#include "server-harness.h"

#define N_EXPERTS  200
#define N_REQUESTS 1000
#define N_VISITS   10000
#define N_FRESH    3

typedef struct
{
  GPtrArray *ids;    /* "type\tid" */
  GPtrArray *bodies;
} Fill;

static gboolean
fill_cb (BansouStore  *store,
         gpointer      user_data,
         GError      **error)
{
  Fill *fill = user_data;
  g_autoptr(sqlite3_stmt) bodies = NULL;
  g_autoptr(sqlite3_stmt) expert = NULL;
  g_autoptr(sqlite3_stmt) skill = NULL;
  g_autoptr(sqlite3_stmt) request = NULL;
  g_autoptr(sqlite3_stmt) rq = NULL;
  g_autoptr(sqlite3_stmt) visit = NULL;
  g_autoptr(sqlite3_stmt) vq = NULL;
  g_autoptr(GPtrArray) experts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDate) start = g_date_new_dmy (1, G_DATE_APRIL, 2026);
  const BansouSyncKind *kinds[3] = {
    bansou_sync_lookup_kind ("expert"), bansou_sync_lookup_kind ("dispatch_request"), bansou_sync_lookup_kind ("visit"),
  };

  bodies = _bansou_store_prepare (store, "SELECT code FROM bodies WHERE prefecture = '34' AND kind <> 'prefecture' "
                                  "ORDER BY code", error);
  expert = _bansou_store_prepare (store,
                                  "INSERT INTO experts (id, prefecture, name, affiliation, organisation, "
                                  "certifications, nda_signed_on, days_per_week, monthly_visits, cost_per_visit, "
                                  "created_at) VALUES (?1, '34', ?2, 'joint_hire', 'DXShip ひろしま', "
                                  "'情報処理安全確保支援士', '2026-04-01', 4, 8, 30000, '2026-04-01T00:00:00Z')", error);
  skill = _bansou_store_prepare (store, "INSERT INTO expert_skills (expert, target, level) VALUES (?1, ?2, 2)", error);
  request = _bansou_store_prepare (store,
                                   "INSERT INTO dispatch_requests (id, number, body, purpose, state, created_at) "
                                   "VALUES (?1, ?2, ?3, 'CISO の任命', 'scheduled', '2026-04-01T00:00:00Z')", error);
  rq = _bansou_store_prepare (store, "INSERT INTO dispatch_request_questions (request, question) "
                              "VALUES (?1, 'org.responsibility.ciso')", error);
  visit = _bansou_store_prepare (store,
                                 "INSERT INTO visits (id, number, request, expert, body, day, start_min, end_min, "
                                 "state, report, worked_min, cost, subsidy_bp, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                                 "?6, 600, 720, ?7, ?8, ?9, 30000, 5000, '2026-04-01T00:00:00Z')", error);
  vq = _bansou_store_prepare (store, "INSERT INTO visit_questions (visit, question, finding) "
                              "VALUES (?1, 'org.responsibility.ciso', ?2)", error);
  if (!bodies || !expert || !skill || !request || !rq || !visit || !vq)
    return FALSE;
  while (sqlite3_step (bodies) == SQLITE_ROW)
    g_ptr_array_add (fill->bodies, g_strdup (_bansou_column_text (bodies, 0)));

  for (guint i = 0; i < N_EXPERTS; i++)
    {
      char *id = g_uuid_string_random ();
      g_autofree char *name = g_strdup_printf ("専門人材 %03u", i + 1);
      const char *targets[] = { "org.responsibility.ciso", "org.structure.policy" };

      g_ptr_array_add (experts, id);
      sqlite3_reset (expert);
      sqlite3_bind_text (expert, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (expert, 2, name, -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (store, expert, error))
        return FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (targets); k++)
        {
          sqlite3_reset (skill);
          sqlite3_bind_text (skill, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_text (skill, 2, targets[k], -1, SQLITE_STATIC);
          if (!_bansou_store_step_done (store, skill, error))
            return FALSE;
        }
      g_ptr_array_add (fill->ids, g_strconcat ("0", id, NULL));
    }
  for (guint i = 0; i < N_REQUESTS; i++)
    {
      char *id = g_uuid_string_random ();

      g_ptr_array_add (requests, id);
      sqlite3_reset (request);
      sqlite3_bind_text (request, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int (request, 2, (int) i + 1);
      sqlite3_bind_text (request, 3, g_ptr_array_index (fill->bodies, i % fill->bodies->len), -1, SQLITE_STATIC);
      sqlite3_reset (rq);
      sqlite3_bind_text (rq, 1, id, -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (store, request, error) || !_bansou_store_step_done (store, rq, error))
        return FALSE;
      g_ptr_array_add (fill->ids, g_strconcat ("1", id, NULL));
    }
  /* Visit i: expert i % 200 in week i / 200 — one expert, one visit a week */
  for (guint i = 0; i < N_VISITS; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autoptr(GDate) day = g_date_copy (start);
      guint r = i % N_REQUESTS;
      gboolean done = i < N_VISITS / 2;
      char iso[11];

      g_date_add_days (day, (i / N_EXPERTS) * 7);
      g_date_strftime (iso, sizeof iso, "%Y-%m-%d", day);
      sqlite3_reset (visit);
      sqlite3_bind_text (visit, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int (visit, 2, (int) i + 1);
      sqlite3_bind_text (visit, 3, g_ptr_array_index (requests, r), -1, SQLITE_STATIC);
      sqlite3_bind_text (visit, 4, g_ptr_array_index (experts, i % N_EXPERTS), -1, SQLITE_STATIC);
      sqlite3_bind_text (visit, 5, g_ptr_array_index (fill->bodies, r % fill->bodies->len), -1, SQLITE_STATIC);
      sqlite3_bind_text (visit, 6, iso, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (visit, 7, done ? "done" : "planned", -1, SQLITE_STATIC);
      sqlite3_bind_text (visit, 8, done ? "CISO と面談し、規程の改定案を確認した" : "", -1, SQLITE_STATIC);
      if (done)
        sqlite3_bind_int (visit, 9, 120);
      sqlite3_reset (vq);
      sqlite3_bind_text (vq, 1, id, -1, SQLITE_STATIC);
      if (done)
        sqlite3_bind_text (vq, 2, "partial", -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (store, visit, error) || !_bansou_store_step_done (store, vq, error))
        return FALSE;
      g_ptr_array_add (fill->ids, g_strconcat ("2", id, NULL));
    }

  /* Into the outbox, as the dispatch room does */
  for (guint i = 0; i < fill->ids->len; i++)
    {
      const char *entry = g_ptr_array_index (fill->ids, i);
      const char *key[3] = { entry + 1, "", "" };

      if (!kinds[entry[0] - '0']->enqueue (store, key, error))
        return FALSE;
    }
  return TRUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* CPU seconds (user + system) of this process, and of the server's */
static double
self_cpu (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static double
server_cpu (BsvServer *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (server->proc));
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (!g_file_get_contents (path, &text, NULL, NULL) || !(end = strrchr (text, ')')))
    return 0;
  /* after "(comm)": state is field 3; utime and stime are fields 14 and 15 */
  fields = g_strsplit (end + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static BansouSync *
new_sync (const char *path,
          BsvServer  *server,
          const char *token)
{
  BansouSync *sync = bansou_sync_new (path);

  bansou_sync_set_server (sync, server->url, token, server->cert);
  return sync;
}

static gint64
count (BansouStore *store,
       const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(BansouSync) sync = NULL;
  g_autoptr(GString) block = g_string_new (NULL);
  g_autoptr(GArray) firsts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpus = g_array_new (FALSE, FALSE, sizeof (double));
  double client_cpu_sum = 0, server_cpu_sum = 0;
  Fill fill = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free) };
  BansouSyncStats stats = { 0 };
  BsvServer *server;
  gint64 t0;
  double fill_s, push_s, load = 0;

  bansou_test_init (&argc, &argv);
  dir = bansou_test_make_dir ();
  server = bsv_server_new (dir, NULL);
  token = bsv_server_token (server, "prefecture", "34", "広島県");
  bsv_server_start (server);

  /* The dispatcher's workbench: a year of dispatch, pushed */
  store = bansou_test_open_store (&path);
  bansou_store_set_setting (store, "prefecture", "34", &error);
  g_assert_no_error (error);
  bansou_sync_kinds_ensure ();
  t0 = g_get_monotonic_time ();
  bansou_store_transaction (store, fill_cb, &fill, &error);
  g_assert_no_error (error);
  fill_s = (g_get_monotonic_time () - t0) / 1e6;
  sync = new_sync (path, server, token);
  t0 = g_get_monotonic_time ();
  bansou_sync_run (sync, NULL, &stats, &error);
  g_assert_no_error (error);
  push_s = (g_get_monotonic_time () - t0) / 1e6;
  g_assert_cmpuint (stats.pushed, ==, N_EXPERTS + N_REQUESTS + N_VISITS);
  g_assert_cmpuint (stats.conflicts, ==, 0);

  /* Fresh workbenches of the prefecture: the first sync */
  for (guint i = 0; i < N_FRESH; i++)
    {
      g_autofree char *fresh_path = NULL;
      g_autoptr(BansouStore) fresh = bansou_test_open_store (&fresh_path);
      g_autoptr(BansouSync) fresh_sync = NULL;
      BansouSyncStats s = { 0 };
      double secs, c0, s0, cpu;

      bansou_store_set_setting (fresh, "prefecture", "34", &error);
      g_assert_no_error (error);
      fresh_sync = new_sync (fresh_path, server, token);
      c0 = self_cpu ();
      s0 = server_cpu (server);
      t0 = g_get_monotonic_time ();
      bansou_sync_run (fresh_sync, NULL, &s, &error);
      g_assert_no_error (error);
      secs = (g_get_monotonic_time () - t0) / 1e6;
      g_array_append_val (firsts, secs);
      client_cpu_sum += self_cpu () - c0;
      server_cpu_sum += server_cpu (server) - s0;
      cpu = self_cpu () - c0 + server_cpu (server) - s0;
      g_array_append_val (cpus, cpu);
      g_assert_cmpint (count (fresh, "SELECT count(*) FROM visits"), ==, N_VISITS);
      g_assert_cmpint (count (fresh, "SELECT count(*) FROM visit_questions"), ==, N_VISITS);
      g_assert_cmpint (count (fresh, "SELECT count(*) FROM experts"), ==, N_EXPERTS);
      g_assert_cmpint (count (fresh, "SELECT count(*) FROM expert_skills"), ==, 2 * N_EXPERTS);
      g_assert_cmpint (count (fresh, "SELECT count(*) FROM dispatch_requests"), ==, N_REQUESTS);
      g_assert_cmpint (count (fresh, "SELECT count(*) FROM support_actions WHERE kind = 'visit'"), ==, N_VISITS);
      g_print ("first sync %u: %.3f s, CPU %.3f s (%u records pulled, %u skipped)\n", i + 1, secs, cpu, s.pulled,
               s.skipped);
    }
  g_array_sort (firsts, compare_double);
  {
    double loads[1] = { 0 };

    if (getloadavg (loads, 1) == 1)
      load = loads[0];
  }
  g_array_sort (cpus, compare_double);

  g_string_append_printf (block,
                          "- %u experts, %u requests, %u visits of 広島県 (each with a linked question), "
                          "%u bodies:\n"
                          "  - made locally and queued: %.2f s; pushed from one workbench: %.2f s\n"
                          "  - **first sync of a fresh workbench of the prefecture: %.3f s** (median of %u: "
                          "%.3f, %.3f, %.3f s; goal < 1 s); load average during the run %.1f\n"
                          "  - CPU time of that sync, workbench + server: median **%.3f s** (mean workbench "
                          "%.3f s + server %.3f s): what it takes on an otherwise idle machine\n",
                          N_EXPERTS, N_REQUESTS, N_VISITS, fill.bodies->len, fill_s, push_s,
                          g_array_index (firsts, double, N_FRESH / 2), N_FRESH,
                          g_array_index (firsts, double, 0), g_array_index (firsts, double, 1),
                          g_array_index (firsts, double, 2), load,
                          g_array_index (cpus, double, N_FRESH / 2), client_cpu_sum / N_FRESH,
                          server_cpu_sum / N_FRESH);
  printf ("%s", block->str);
  if (argc > 1)
    {
      bansou_test_append_figures (argv[1], "Dispatch sync",
                                  "From `meson test -C BUILD --benchmark sync-dispatch` "
                                  "(tests/bench/bench-sync-dispatch.c): a prefecture's expert dispatch for a year, "
                                  "through a real bansou-server with TLS on loopback. The first sync is "
                                  "`bansou_sync_run()` on an empty workbench database of the prefecture: its bodies, "
                                  "then the whole feed — experts with skills, requests, visits with their "
                                  "questions and support actions. Newest run last.",
                                  block->str);
      printf ("\nAppended to %s\n", argv[1]);
    }

  g_ptr_array_unref (fill.ids);
  g_ptr_array_unref (fill.bodies);
  bsv_server_free (server);
  return 0;
}
