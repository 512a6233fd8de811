/* bench-server-pg.c — 47 prefectures pushing at once: sqlite, and 1, 2, 4 servers on PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Runs under tests/lib/pg-run.sh (a real PostgreSQL 15, fsync on). In one
 * run, on one machine: the sqlite server, then 1, 2 and 4 bansou-server
 * processes on one PostgreSQL database, the 47 prefecture clients (one
 * thread and one SoupSession each) spread over the servers as nginx's
 * round robin would. Each client pushes every answer of its bodies for one
 * round in batches of 200. Prints answers/s, p50/p99 and errors, with the
 * ratio to sqlite measured in the same run, and appends them to
 * docs/benchmarks.md under "## PostgreSQL". Asserts no times.
 */
#include "config.h"

#include <stdio.h>

#include "bansou-test-utils.h"
#include "server-harness.h"

#define BATCH 200
#define ROUND "2026-10-31"
#define MAX_SERVERS 4

static BansouCatalog *catalog;

typedef struct
{
  BsvServer *server;
  char       pref[3];
  char      *token;
  GArray    *latencies;   /* double, ms */
  guint      records;
  guint      errors;
} Client;

static GPtrArray *
build_batches (SoupSession *session,
               Client      *c)
{
  g_autoptr(BsvResponse) bodies = bsv_request (session, c->server, "GET", "/bodies", c->token, NULL, NULL, NULL);
  JsonArray *list = json_object_get_array_member (json_node_get_object (bodies->json), "bodies");
  GPtrArray *batches = g_ptr_array_new_with_free_func (g_free);
  GString *ops = NULL;
  guint n = 0;
  static const char *statuses[] = { "done", "done", "partial", "not_done", "na" };

  for (guint b = 0; b < json_array_get_length (list); b++)
    {
      JsonObject *body = json_array_get_object_element (list, b);

      if (g_str_equal (json_object_get_string_member (body, "kind"), "ward"))
        continue;
      for (guint q = 0; q < bansou_catalog_get_n_questions (catalog); q++, n++)
        {
          if (ops == NULL)
            ops = g_string_new ("{\"ops\":[");
          else
            g_string_append_c (ops, ',');
          g_string_append_printf (ops, "{\"type\":\"answer\",\"body\":\"%s\",\"round\":\"" ROUND "\",\"question\":\"%s\","
                                  "\"base_rev\":0,\"data\":{\"status\":\"%s\",\"note\":\"ベンチマーク\"}}",
                                  json_object_get_string_member (body, "code"),
                                  bansou_catalog_get_question (catalog, q)->id, statuses[(n * 7 + b) % 5]);
          if ((n + 1) % BATCH == 0)
            {
              g_string_append (ops, "]}");
              g_ptr_array_add (batches, g_string_free (ops, FALSE));
              ops = NULL;
            }
        }
    }
  if (ops != NULL)
    {
      g_string_append (ops, "]}");
      g_ptr_array_add (batches, g_string_free (ops, FALSE));
    }
  return batches;
}

static gpointer
client_thread (gpointer data)
{
  Client *c = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GPtrArray) batches = NULL;

  g_main_context_push_thread_default (context);
  session = bsv_session_new (c->server);
  batches = build_batches (session, c);
  for (guint i = 0; i < batches->len; i++)
    {
      g_autofree char *key = g_strdup_printf ("bench-%s-%u", c->pref, i);
      gint64 start = g_get_monotonic_time ();
      g_autoptr(BsvResponse) r = bsv_request_or_away (session, c->server, "POST", "/batch", c->token, NULL, key,
                                                      g_ptr_array_index (batches, i));
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_array_append_val (c->latencies, ms);
      if (r->status != 200 || r->json == NULL)
        c->errors++;
      else
        c->records += json_object_get_int_member (json_node_get_object (r->json), "applied");
    }
  g_main_context_pop_thread_default (context);
  return NULL;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted,
            double  p)
{
  if (sorted->len == 0)
    return 0;
  return g_array_index (sorted, double, (guint) (p * (sorted->len - 1) + 0.5));
}

typedef struct
{
  guint  records;
  guint  errors;
  double seconds;
  double p50, p99;
} Figures;

/* @n_servers servers on one fresh database (sqlite when @pg is FALSE). */
static Figures
run (gboolean pg,
     guint    n_servers)
{
  static const char *limits = "[limits]\nrate=100000\nburst=100000\nmax-connections=512\n";
  BsvServer *servers[MAX_SERVERS] = { NULL };
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *saved = g_strdup (g_getenv ("BANSOU_TEST_PG"));
  g_autofree char *national = NULL;
  Client clients[47];
  GThread *threads[47];
  Figures f = { 0 };
  gint64 start;

  if (!pg)
    g_unsetenv ("BANSOU_TEST_PG");
  for (guint s = 0; s < n_servers; s++)
    {
      g_autofree char *dir = bansou_test_make_dir ();

      servers[s] = s == 0 ? bsv_server_new (dir, limits) : bsv_server_new_beside (dir, servers[0], limits);
    }
  if (!pg)
    g_setenv ("BANSOU_TEST_PG", saved, TRUE);

  national = bsv_server_token (servers[0], "national", "00", "総務省");
  for (guint i = 0; i < 47; i++)
    {
      g_autofree char *name = NULL;

      clients[i].server = servers[i % n_servers];
      g_snprintf (clients[i].pref, sizeof clients[i].pref, "%02u", i + 1);
      name = g_strdup_printf ("prefecture %s", clients[i].pref);
      clients[i].token = bsv_server_token (servers[0], "prefecture", clients[i].pref, name);
      clients[i].latencies = g_array_new (FALSE, FALSE, sizeof (double));
      clients[i].records = clients[i].errors = 0;
    }
  for (guint s = 0; s < n_servers; s++)
    bsv_server_start (servers[s]);
  {
    g_autoptr(SoupSession) session = bsv_session_new (servers[0]);
    g_autoptr(BsvResponse) r = bsv_request (session, servers[0], "PUT", "/rounds/" ROUND, national, "\"0\"", "round",
                                            "{\"catalog_version\":\"2026.1\"}");
    g_assert_cmpuint (r->status, ==, 201);
  }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 47; i++)
    threads[i] = g_thread_new ("client", client_thread, &clients[i]);
  for (guint i = 0; i < 47; i++)
    g_thread_join (threads[i]);
  f.seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  for (guint i = 0; i < 47; i++)
    {
      f.records += clients[i].records;
      f.errors += clients[i].errors;
      g_array_append_vals (all, clients[i].latencies->data, clients[i].latencies->len);
      g_free (clients[i].token);
      g_array_unref (clients[i].latencies);
    }
  g_array_sort (all, compare_double);
  f.p50 = percentile (all, 0.50);
  f.p99 = percentile (all, 0.99);

  for (guint s = n_servers; s-- > 0;)
    bsv_server_free (servers[s]);
  return f;
}

int
main (int   argc,
      char *argv[])
{
  static const guint n_servers[] = { 1, 2, 4 };
  g_autoptr(GString) block = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M");
  Figures lite;
  guint errors = 0;

  bansou_test_init (&argc, &argv);
  if (!bsv_store_is_pg ())
    {
      g_printerr ("Run under tests/lib/pg-run.sh (meson test --benchmark server-pg does)\n");
      return 77;
    }
  catalog = bansou_catalog_new_builtin (NULL);

  lite = run (FALSE, 1);
  errors += lite.errors;
  g_string_append_printf (block,
                          "\n### %s\n\n"
                          "| store | servers | answers | seconds | answers/s | vs sqlite | p50 ms | p99 ms | errors |\n"
                          "|---|---|---|---|---|---|---|---|---|\n"
                          "| sqlite | 1 | %u | %.2f | **%.0f** | 1.00 | %.1f | %.1f | %u |\n",
                          stamp, lite.records, lite.seconds, lite.records / lite.seconds, lite.p50, lite.p99,
                          lite.errors);
  for (guint i = 0; i < G_N_ELEMENTS (n_servers); i++)
    {
      Figures f = run (TRUE, n_servers[i]);

      errors += f.errors;
      g_string_append_printf (block, "| PostgreSQL | %u | %u | %.2f | **%.0f** | %.2f | %.1f | %.1f | %u |\n",
                              n_servers[i], f.records, f.seconds, f.records / f.seconds,
                              (f.records / f.seconds) / (lite.records / lite.seconds), f.p50, f.p99, f.errors);
      g_assert_cmpuint (f.records, ==, lite.records);
    }

  printf ("%s", block->str);
  if (argc > 1)
    {
      bansou_test_append_figures (argv[1], "PostgreSQL",
                                  "From `meson test -C BUILD --benchmark server-pg` (tests/bench/bench-server-pg.c): "
                                  "47 prefecture clients pushing one round of every body's answers at once, in batches "
                                  "of 200, over TLS on loopback, to the sqlite server and to 1, 2 and 4 servers on one "
                                  "PostgreSQL 15 (fsync on, unix socket), all in the same run. Newest run last.",
                                  block->str);
      printf ("\nAppended to %s\n", argv[1]);
    }
  g_object_unref (catalog);
  g_assert_cmpuint (errors, ==, 0);
  return 0;
}
