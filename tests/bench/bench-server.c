/* bench-server.c — bansou-server under 47 prefectures at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * 47 prefecture clients, one thread and one SoupSession each, push every
 * answer of all their bodies for one round over TLS on loopback, in
 * batches, in parallel. Then one prefecture's full pull (5 rounds) and the
 * whole nation's. Prints the figures and appends them to the file named
 * on the command line (docs/benchmarks.md) under "## Server".
 */
#include "config.h"

#include <stdio.h>

#include "bansou-test-utils.h"
#include "server-harness.h"

#define BATCH 200
#define PULL_PREFECTURE "34"

static BsvServer *server;
static BansouCatalog *catalog;
static const char *rounds[] = { "2026-10-31", "2025-10-31", "2024-10-31", "2023-10-31", "2022-10-31" };

typedef struct
{
  char    pref[3];
  char   *token;
  GArray *latencies;   /* double, ms */
  guint   records;
  guint   errors;
  guint   requests;
} Client;

static GPtrArray *
build_batches (SoupSession *session,
               Client      *c,
               const char  *round)
{
  g_autoptr(BsvResponse) bodies = bsv_request (session, server, "GET", "/bodies", c->token, NULL, NULL, NULL);
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
          g_string_append_printf (ops, "{\"type\":\"answer\",\"body\":\"%s\",\"round\":\"%s\",\"question\":\"%s\","
                                  "\"base_rev\":0,\"data\":{\"status\":\"%s\",\"note\":\"ベンチマーク\"}}",
                                  json_object_get_string_member (body, "code"), round,
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

static guint
push (SoupSession *session,
      Client      *c,
      GPtrArray   *batches,
      const char  *round)
{
  guint records = 0;

  for (guint i = 0; i < batches->len; i++)
    {
      g_autofree char *key = g_strdup_printf ("bench-%s-%s-%u", c->pref, round, i);
      gint64 start = g_get_monotonic_time ();
      g_autoptr(SoupMessage) msg = bsv_message_new (server, "POST", "/batch", c->token, NULL, key,
                                                    g_ptr_array_index (batches, i));
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = soup_session_send_and_read (session, msg, NULL, &error);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_array_append_val (c->latencies, ms);
      c->requests++;
      if (error != NULL || soup_message_get_status (msg) != 200)
        {
          g_printerr ("prefecture %s: %s %u\n", c->pref, error ? error->message : "status",
                      soup_message_get_status (msg));
          c->errors++;
          continue;
        }
      else
        {
          g_autoptr(BsvResponse) r = bsv_response_new (msg, bytes);
          records += json_object_get_int_member (json_node_get_object (r->json), "applied");
        }
    }
  return records;
}

static gpointer
client_thread (gpointer data)
{
  Client *c = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GPtrArray) batches = NULL;

  g_main_context_push_thread_default (context);
  session = bsv_session_new (server);
  batches = build_batches (session, c, rounds[0]);
  c->records = push (session, c, batches, rounds[0]);
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
  guint i;

  if (sorted->len == 0)
    return 0;
  i = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, i);
}

typedef struct
{
  guint  records;
  guint  pages;
  double seconds;
} Pull;

static Pull
full_pull (SoupSession *session,
           const char  *token)
{
  Pull p = { 0 };
  gint64 since = 0;
  gint64 start = g_get_monotonic_time ();

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT "&limit=5000", since);
      g_autoptr(BsvResponse) r = bsv_request (session, server, "GET", path, token, NULL, NULL, NULL);
      JsonObject *obj = json_node_get_object (r->json);

      g_assert_cmpuint (r->status, ==, 200);
      p.records += json_array_get_length (json_object_get_array_member (obj, "changes"));
      p.pages++;
      since = json_object_get_int_member (obj, "next");
      if (!json_object_get_boolean_member (obj, "more"))
        break;
    }
  p.seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  return p;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *national = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) block = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *pull_token = NULL;
  Client clients[47];
  GThread *threads[47];
  guint records = 0, errors = 0, requests = 0, extra = 0;
  double seconds;
  gint64 start;
  Pull pref_pull, nation_pull;

  bansou_test_init (&argc, &argv);
  catalog = bansou_catalog_new_builtin (NULL);
  g_assert_nonnull (catalog);

  dir = bansou_test_make_dir ();
  server = bsv_server_new (dir, "[limits]\nrate=100000\nburst=100000\nmax-connections=512\n");
  national = bsv_server_token (server, "national", "00", "総務省");
  for (guint i = 0; i < 47; i++)
    {
      g_autofree char *name = NULL;

      g_snprintf (clients[i].pref, sizeof clients[i].pref, "%02u", i + 1);
      name = g_strdup_printf ("prefecture %s", clients[i].pref);
      clients[i].token = bsv_server_token (server, "prefecture", clients[i].pref, name);
      clients[i].latencies = g_array_new (FALSE, FALSE, sizeof (double));
      clients[i].records = clients[i].errors = clients[i].requests = 0;
    }
  bsv_server_start (server);
  session = bsv_session_new (server);

  for (guint r = 0; r < G_N_ELEMENTS (rounds); r++)
    {
      g_autofree char *path = g_strdup_printf ("/rounds/%s", rounds[r]);
      g_autofree char *key = g_strdup_printf ("round-%u", r);
      g_autoptr(BsvResponse) resp = bsv_request (session, server, "PUT", path, national, "\"0\"", key,
                                                 "{\"catalog_version\":\"2026.1\"}");
      g_assert_cmpuint (resp->status, ==, 201);
    }

  /* 47 prefectures push one round at once. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 47; i++)
    threads[i] = g_thread_new ("client", client_thread, &clients[i]);
  for (guint i = 0; i < 47; i++)
    g_thread_join (threads[i]);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  for (guint i = 0; i < 47; i++)
    {
      records += clients[i].records;
      errors += clients[i].errors;
      requests += clients[i].requests;
      g_array_append_vals (all, clients[i].latencies->data, clients[i].latencies->len);
    }
  g_array_sort (all, compare_double);

  /* One prefecture gets four more rounds, then pulls everything from 0. */
  {
    Client *c = &clients[atoi (PULL_PREFECTURE) - 1];

    for (guint r = 1; r < G_N_ELEMENTS (rounds); r++)
      {
        g_autoptr(GPtrArray) batches = build_batches (session, c, rounds[r]);
        extra += push (session, c, batches, rounds[r]);
      }
    pull_token = g_strdup (c->token);
  }
  {
    g_autoptr(SoupSession) fresh = bsv_session_new (server);
    pref_pull = full_pull (fresh, pull_token);
  }
  {
    g_autoptr(SoupSession) fresh = bsv_session_new (server);
    nation_pull = full_pull (fresh, national);
  }

  g_string_append_printf (block,
                          "\n### %s\n\n"
                          "| measure | figure |\n"
                          "|---|---|\n"
                          "| 47 prefectures pushing in parallel (batches of %u answers) | %u answers in %.2f s: **%.0f answers/s** |\n"
                          "| requests | %u, errors **%u** |\n"
                          "| request latency | p50 **%.1f ms**, p99 **%.1f ms**, max %.1f ms |\n"
                          "| full pull of prefecture %s (all bodies × %u questions × 5 rounds) | %u records in %u pages: **%.2f s** |\n"
                          "| full pull of the nation (1 round of every body, and 4 more rounds of %s) | %u records in %u pages: **%.2f s** |\n",
                          stamp, BATCH, records, seconds, records / seconds, requests, errors,
                          percentile (all, 0.50), percentile (all, 0.99), percentile (all, 1.0),
                          PULL_PREFECTURE, bansou_catalog_get_n_questions (catalog),
                          pref_pull.records, pref_pull.pages, pref_pull.seconds,
                          PULL_PREFECTURE, nation_pull.records, nation_pull.pages, nation_pull.seconds);

  printf ("%s", block->str);
  if (argc > 1)
    {
      bansou_test_append_figures (argv[1], "Server",
                                  "From `meson test -C BUILD --benchmark server` "
                                  "(tests/bench/bench-server.c): a real bansou-server, TLS on loopback, one sqlite file "
                                  "with synchronous=FULL. Newest run last.",
                                  block->str);
      printf ("\nAppended to %s\n", argv[1]);
    }

  for (guint i = 0; i < 47; i++)
    {
      g_free (clients[i].token);
      g_array_unref (clients[i].latencies);
    }
  g_clear_object (&session);
  bsv_server_free (server);
  g_object_unref (catalog);
  g_assert_cmpuint (errors, ==, 0);
  g_assert_cmpuint (extra, >, 0);

  return errors == 0 ? 0 : 1;
}
