/* bench-sync.c — the workbench sync at national scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A real bansou-server (TLS on loopback) and 47 prefecture workbenches,
 * each its own database (5 rounds of demo data for its prefecture), its
 * own token and its own thread: all sync at once (push, then pull). Then
 * the first full sync of fresh workbenches: one prefecture, and the whole
 * nation. Prints the figures and appends them to the file named on the
 * command line (docs/benchmarks.md) under "## Sync". Asserts no times;
 * it does assert that nothing was lost.
 */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sqlite3.h>

#include "bansou-sync-tuning.h"
#include "bansou-test-utils.h"
#include "server-harness.h"

#define N_ROUNDS 5

static BsvServer *server;
static GMutex lock;
static GArray *latencies;        /* double, ms: every request */
static GArray *batch_latencies;  /* POST /batch */
static guint failed_requests;
static gint64 last_batch;        /* monotonic µs: when the last POST /batch was answered */
static double baselines_ms;      /* time spent in GET /baselines */

static void
observe (const char *method,
         const char *path,
         guint       status,
         gint64      usec,
         gpointer    data)
{
  double ms = usec / 1000.0;

  g_mutex_lock (&lock);
  g_array_append_val (latencies, ms);
  if (g_str_equal (path, "/batch"))
    {
      g_array_append_val (batch_latencies, ms);
      last_batch = MAX (last_batch, g_get_monotonic_time ());
    }
  if (g_str_has_prefix (path, "/baselines"))
    baselines_ms += ms;
  if (status < 200 || status >= 300)
    failed_requests++;
  g_mutex_unlock (&lock);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  if (values->len == 0)
    return 0;
  return g_array_index (values, double, MIN ((guint) (p * values->len), values->len - 1));
}

typedef struct
{
  char             pref[3];
  char            *token;
  char            *path;
  BansouSync      *sync;
  BansouSyncStats  stats;
  GError          *error;
  guint            records;
  gint64           answers;
} Client;

static gpointer
client_thread (gpointer data)
{
  Client *c = data;

  bansou_sync_run (c->sync, NULL, &c->stats, &c->error);
  return NULL;
}

static gint64
count (const char *path,
       const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
checksum (const char *path,
          const char *prefecture)
{
  sqlite3 *db = NULL;
  char *sum;

  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  sqlite3_busy_timeout (db, 10000);
  sum = _bansou_sync_checksum_db (db, prefecture, NULL);
  sqlite3_close (db);
  return sum;
}

static char *
new_workbench (const char *prefecture,
               gboolean    demo,
               guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  char *path = NULL;

  store = bansou_test_open_store (&path);
  bansou_store_set_setting (store, "prefecture", prefecture, &error);
  g_assert_no_error (error);
  if (demo)
    {
      catalog = bansou_catalog_load_active (store, &error);
      g_assert_no_error (error);
      bansou_demo_generate (store, catalog, prefecture, N_ROUNDS, seed, &error);
      g_assert_no_error (error);
    }
  return path;
}

static double cpu_seconds (void);
static double server_cpu_seconds (BsvServer *s);

typedef struct
{
  double  seconds;
  double  cpu;         /* the workbench's CPU time (this process), s */
  double  server_cpu;  /* bansou-server's CPU time meanwhile, s */
  double  baselines;   /* of which GET /baselines, s */
  guint   requests;
  BansouSyncStats stats;
} Pull;

/* The first sync of a fresh workbench: everything from the cursor 0. */
static Pull
first_sync (BsvServer  *srv,
            const char *prefecture,
            const char *token)
{
  g_autofree char *path = new_workbench (prefecture, FALSE, 0);
  g_autoptr(BansouSync) sync = bansou_sync_new (path);
  g_autoptr(GError) error = NULL;
  guint before;
  double before_baselines;
  gint64 start;
  Pull p = { 0 };

  bansou_sync_set_server (sync, srv->url, token, srv->cert);
  _bansou_sync_set_observer (sync, observe, NULL);
  g_mutex_lock (&lock);
  before = latencies->len;
  before_baselines = baselines_ms;
  g_mutex_unlock (&lock);

  start = g_get_monotonic_time ();
  p.cpu = cpu_seconds ();
  p.server_cpu = server_cpu_seconds (srv);
  bansou_sync_run (sync, NULL, &p.stats, &error);
  g_assert_no_error (error);
  p.seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  p.cpu = cpu_seconds () - p.cpu;
  p.server_cpu = server_cpu_seconds (srv) - p.server_cpu;
  p.requests = latencies->len - before;
  p.baselines = (baselines_ms - before_baselines) / 1000.0;

  /* what came down is what the server holds */
  {
    g_autofree char *mine = checksum (path, g_str_equal (prefecture, "00") ? NULL : prefecture);
    g_autofree char *theirs = checksum (srv->db, g_str_equal (prefecture, "00") ? NULL : prefecture);
    g_assert_cmpstr (mine, ==, theirs);
  }
  return p;
}

typedef struct
{
  double  seconds;
  double  cpu;        /* this process's CPU time (user + system), s */
  double  server_cpu; /* the server's, s */
  guint   pushed;
  guint   requests;
} Push;

/* utime + stime of the server process, from /proc/PID/stat. */
static double
server_cpu_seconds (BsvServer *s)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (s->proc));
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after = strrchr (stat, ')')) == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* 北海道's push alone, on a server of its own: the workbench's whole
 * outbox (52,080 answers, their progress and rounds) in batches of
 * @batch. */
static Push
lone_push (const char *catalog_version,
           guint       batch,
           Pull       *then)
{
  g_autofree char *dir = bansou_test_make_dir ();
  BsvServer *lone = bsv_server_new (dir, "[limits]\nrate=100000\nburst=100000\n");
  g_autofree char *national = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(BansouSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  BansouSyncLimits limits = { 0 };
  BansouSyncStats stats = { 0 };
  guint before;
  gint64 start;
  double cpu;
  Push p = { 0 };

  bsv_server_make_demo (lone);
  national = bsv_server_token (lone, "national", "00", "総務省");
  token = bsv_server_token (lone, "prefecture", "01", "北海道");
  bsv_server_start (lone);
  session = bsv_session_new (lone);
  for (guint r = 0; r < N_ROUNDS; r++)
    {
      g_autofree char *id = g_strdup_printf ("%d-10-31", 2025 - (int) r);
      g_autofree char *rpath = g_strdup_printf ("/rounds/%s", id);
      g_autofree char *body = g_strdup_printf ("{\"catalog_version\":\"%s\"}", catalog_version);
      g_autoptr(BsvResponse) resp = bsv_request (session, lone, "PUT", rpath, national, "\"0\"", id, body);

      g_assert_cmpuint (resp->status, ==, 201);
    }

  path = new_workbench ("01", TRUE, 1);
  sync = bansou_sync_new (path);
  bansou_sync_set_server (sync, lone->url, token, lone->cert);
  _bansou_sync_set_observer (sync, observe, NULL);
  limits.batch_size = batch;
  _bansou_sync_set_limits (sync, &limits);
  g_mutex_lock (&lock);
  before = batch_latencies->len;
  last_batch = 0;
  g_mutex_unlock (&lock);

  start = g_get_monotonic_time ();
  cpu = cpu_seconds ();
  p.server_cpu = server_cpu_seconds (lone);
  bansou_sync_run (sync, NULL, &stats, &error);
  g_assert_no_error (error);
  p.cpu = cpu_seconds () - cpu;
  p.server_cpu = server_cpu_seconds (lone) - p.server_cpu;
  p.seconds = (last_batch - start) / (double) G_USEC_PER_SEC;
  p.pushed = stats.pushed;
  p.requests = batch_latencies->len - before;
  g_assert_cmpint (count (lone->db, "SELECT count(*) FROM answers"), ==,
                   count (path, "SELECT count(*) FROM answers"));
  if (then != NULL)
    *then = first_sync (lone, "01", token);
  g_clear_object (&session);
  bsv_server_free (lone);
  return p;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *national = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GString) block = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(GArray) parallel = NULL;
  Client clients[47];
  GThread *threads[47];
  guint pushed = 0, failed_runs = 0, conflicts = 0;
  gint64 answers = 0, start, server_answers;
  double seconds, setup, push_seconds;
  Pull hiroshima, tokyo, hokkaido, nation;
  Push push500, push1000;
  double batch_p50, batch_p99, batch_max;
  guint n_batches;

  bansou_test_init (&argc, &argv);
  latencies = g_array_new (FALSE, FALSE, sizeof (double));
  batch_latencies = g_array_new (FALSE, FALSE, sizeof (double));
  catalog = bansou_catalog_new_builtin (NULL);

  /* BANSOU_BENCH_ONE=1: only 北海道, on a server of its own — its push,
   * then a fresh workbench's first sync — for profiling; appends nothing. */
  if (g_getenv ("BANSOU_BENCH_ONE") != NULL)
    {
      Pull one = { 0 };

      push1000 = lone_push (bansou_catalog_get_version (catalog), 1000, &one);
      printf ("push of 北海道, batches of 1000: %u records in %u batches: %.2f s (CPU %.2f s + %.2f s)\n"
              "first sync of 北海道: %u records in %u requests: %.2f s (baselines %.2f s; CPU %.2f s + %.2f s)\n",
              push1000.pushed, push1000.requests, push1000.seconds, push1000.cpu, push1000.server_cpu,
              one.stats.pulled, one.requests, one.seconds, one.baselines, one.cpu, one.server_cpu);
      return 0;
    }

  dir = bansou_test_make_dir ();
  server = bsv_server_new (dir, "[limits]\nrate=100000\nburst=100000\nmax-connections=512\n");
  bsv_server_make_demo (server);   /* the workbenches hold demo data */
  national = bsv_server_token (server, "national", "00", "総務省");
  bsv_server_start (server);
  session = bsv_session_new (server);

  for (guint r = 0; r < N_ROUNDS; r++)
    {
      g_autofree char *id = g_strdup_printf ("%d-10-31", 2025 - (int) r);
      g_autofree char *path = g_strdup_printf ("/rounds/%s", id);
      g_autofree char *body = g_strdup_printf ("{\"catalog_version\":\"%s\"}", bansou_catalog_get_version (catalog));
      g_autoptr(BsvResponse) resp = bsv_request (session, server, "PUT", path, national, "\"0\"", id, body);

      g_assert_cmpuint (resp->status, ==, 201);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 47; i++)
    {
      Client *c = &clients[i];
      g_autofree char *name = NULL;

      memset (c, 0, sizeof *c);
      g_snprintf (c->pref, sizeof c->pref, "%02u", i + 1);
      name = g_strdup_printf ("prefecture %s", c->pref);
      c->token = bsv_server_token (server, "prefecture", c->pref, name);
      c->path = new_workbench (c->pref, TRUE, i + 1);
      c->answers = count (c->path, "SELECT count(*) FROM answers");
      c->records = (guint) count (c->path, "SELECT count(*) FROM outbox");
      c->sync = bansou_sync_new (c->path);
      bansou_sync_set_server (c->sync, server->url, c->token, server->cert);
      _bansou_sync_set_observer (c->sync, observe, NULL);
      answers += c->answers;
    }
  setup = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  printf ("demo data for 47 workbenches: %" G_GINT64_FORMAT " answers in %.1f s\n", answers, setup);

  /* 47 prefectures sync at once. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 47; i++)
    threads[i] = g_thread_new ("client", client_thread, &clients[i]);
  for (guint i = 0; i < 47; i++)
    g_thread_join (threads[i]);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  push_seconds = (last_batch - start) / (double) G_USEC_PER_SEC;

  for (guint i = 0; i < 47; i++)
    {
      Client *c = &clients[i];

      if (c->error != NULL)
        {
          printf ("prefecture %s failed: %s\n", c->pref, c->error->message);
          failed_runs++;
        }
      pushed += c->stats.pushed;
      conflicts += c->stats.conflicts;
    }
  server_answers = count (server->db, "SELECT count(*) FROM answers");

  /* Nothing lost, nothing twice: every workbench equals the server. */
  for (guint i = 0; i < 47; i++)
    {
      g_autofree char *mine = checksum (clients[i].path, clients[i].pref);
      g_autofree char *theirs = checksum (server->db, clients[i].pref);

      g_assert_cmpstr (mine, ==, theirs);
      g_assert_cmpint (count (clients[i].path, "SELECT count(*) FROM outbox"), ==, 0);
    }

  /* The parallel phase's requests only. */
  parallel = g_array_copy (latencies);
  g_array_sort (parallel, compare_double);
  g_array_sort (batch_latencies, compare_double);
  batch_p50 = percentile (batch_latencies, 0.50);
  batch_p99 = percentile (batch_latencies, 0.99);
  batch_max = percentile (batch_latencies, 1.0);
  n_batches = batch_latencies->len;

  hiroshima = first_sync (server, "34", clients[33].token);
  tokyo = first_sync (server, "13", clients[12].token);
  hokkaido = first_sync (server, "01", clients[0].token);
  nation = first_sync (server, "00", national);
  push500 = lone_push (bansou_catalog_get_version (catalog), 500, NULL);
  push1000 = lone_push (bansou_catalog_get_version (catalog), 1000, NULL);

  g_string_append_printf (block,
                          "\n### %s\n\n"
                          "| measure | figure |\n"
                          "|---|---|\n"
                          "| 47 workbenches syncing at once (push + pull + baselines) | %u records (%" G_GINT64_FORMAT
                          " answers) in %.2f s: **%.0f records/s** |\n"
                          "| the pushes alone (start to the last batch answered) | %.2f s: **%.0f records/s** |\n"
                          "| failed syncs, failed requests, conflicts | **%u**, **%u**, %u |\n"
                          "| nothing lost | server %" G_GINT64_FORMAT " answers = workbenches %" G_GINT64_FORMAT
                          "; every prefecture's checksum equal; every outbox empty |\n"
                          "| POST /batch latency (%u) | p50 **%.1f ms**, p99 **%.1f ms**, max %.1f ms |\n"
                          "| every request's latency (%u) | p50 **%.1f ms**, p99 **%.1f ms** |\n"
                          "| first sync of a fresh workbench, 広島県 (34) | %u records in %u requests: **%.2f s** "
                          "(of which the national baselines of 5 rounds %.2f s; CPU: workbench %.2f s, server %.2f s) |\n"
                          "| first sync, 東京都 (13) | %u records in %u requests: **%.2f s** (baselines %.2f s; CPU %.2f s + %.2f s) |\n"
                          "| first sync, 北海道 (01, the largest) | %u records in %u requests: **%.2f s** (baselines %.2f s; "
                          "CPU %.2f s + %.2f s) |\n"
                          "| first sync of a national desk (00): the whole nation | %u records in %u requests: **%.2f s** "
                          "(baselines %.2f s; CPU %.2f s + %.2f s) |\n"
                          "| push of 北海道 alone (its own server), batches of 1000 | %u records in %u batches: **%.2f s** "
                          "(CPU: workbench %.2f s, server %.2f s; the whole run, pull included) |\n"
                          "| … batches of 500 | %u records in %u batches: %.2f s (CPU %.2f s + %.2f s) |\n",
                          stamp, pushed, answers, seconds, pushed / seconds,
                          push_seconds, pushed / push_seconds,
                          failed_runs, failed_requests, conflicts,
                          server_answers, answers,
                          n_batches, batch_p50, batch_p99, batch_max,
                          parallel->len, percentile (parallel, 0.50), percentile (parallel, 0.99),
                          hiroshima.stats.pulled, hiroshima.requests, hiroshima.seconds, hiroshima.baselines,
                          hiroshima.cpu, hiroshima.server_cpu,
                          tokyo.stats.pulled, tokyo.requests, tokyo.seconds, tokyo.baselines, tokyo.cpu, tokyo.server_cpu,
                          hokkaido.stats.pulled, hokkaido.requests, hokkaido.seconds, hokkaido.baselines,
                          hokkaido.cpu, hokkaido.server_cpu,
                          nation.stats.pulled, nation.requests, nation.seconds, nation.baselines,
                          nation.cpu, nation.server_cpu,
                          push1000.pushed, push1000.requests, push1000.seconds, push1000.cpu, push1000.server_cpu,
                          push500.pushed, push500.requests, push500.seconds, push500.cpu, push500.server_cpu);

  printf ("%s", block->str);
  if (argc > 1)
    {
      bansou_test_append_figures (argv[1], "Sync",
                                  "From `meson test -C BUILD --benchmark sync` (tests/bench/bench-sync.c): the workbench side, "
                                  "end to end — `bansou_sync_run()` with its own sqlite database per workbench, against a "
                                  "real bansou-server with TLS on loopback (one request per connection with libsoup 3.2). 47 prefecture "
                                  "workbenches, each with 5 rounds of demo data for its prefecture, its own token and its "
                                  "own thread, sync at once: each pushes its outbox in batches of 1,000, then pulls its "
                                  "feed (its own writes coming back, skipped) and the national baselines. Then the first "
                                  "sync of fresh workbenches. Latencies are per request as the client sees them, "
                                  "including the TLS handshake. Newest run last.",
                                  block->str);
      printf ("\nAppended to %s\n", argv[1]);
    }

  for (guint i = 0; i < 47; i++)
    {
      g_clear_error (&clients[i].error);
      g_object_unref (clients[i].sync);
      g_free (clients[i].token);
      g_free (clients[i].path);
    }
  g_clear_object (&session);
  bsv_server_free (server);
  g_assert_cmpuint (failed_runs, ==, 0);
  g_assert_cmpint (server_answers, ==, answers);
  return 0;
}
