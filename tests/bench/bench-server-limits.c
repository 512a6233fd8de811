/* bench-server-limits.c — a normal client while silent and slow sockets attack
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Issue 9, finding 4. A real bansou-server (TLS, default limits) on
 * 127.0.0.1. First the latency of 100 normal requests (GET /rounds with a
 * token, each on a new connection, as every response closes it) with no
 * attack; then 200 slow sockets (TLS done, then a request's headers one
 * byte a second) and 200 silent ones (connect, never a ClientHello), from
 * 50 loopback addresses 127.0.0.10–59, and the same 100 requests from
 * 127.0.0.1 during the attack. A request gives up after 10 s; after 5
 * failures in a row the rest are not tried. Prints p50/p99 and appends
 * them to docs/benchmarks.md. Point BANSOU_SERVER at another build of
 * bansou-server to measure it the same way (the "before" figure).
 */
#include "config.h"

#include <stdio.h>

#include "bansou-test-utils.h"
#include "server-attack.h"
#include "server-harness.h"

#define N_REQUESTS 100

typedef struct
{
  GArray *ms;
  guint   failed;
  guint   skipped;
} Run;

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
pct (GArray *ms,
     double  p)
{
  if (ms->len == 0)
    return 0;
  return g_array_index (ms, double, MIN (ms->len - 1, (guint) (p * ms->len)));
}

static Run
measure (BsvServer  *server,
         const char *token)
{
  Run run = { g_array_new (FALSE, FALSE, sizeof (double)), 0, 0 };
  guint in_a_row = 0;

  for (guint i = 0; i < N_REQUESTS; i++)
    {
      g_autoptr(SoupSession) session = NULL;
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) body = NULL;
      gint64 t0;
      double ms;

      if (in_a_row >= 5)
        {
          run.skipped = N_REQUESTS - i;
          break;
        }
      session = bsv_session_new (server);
      g_object_set (session, "timeout", 10, NULL);
      t0 = g_get_monotonic_time ();
      /* Not bsv_request(): a timeout is a figure here, not a failure. */
      msg = bsv_message_new (server, "GET", "/rounds", token, NULL, NULL, NULL);
      body = soup_session_send_and_read (session, msg, NULL, NULL);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (body != NULL && soup_message_get_status (msg) == 200)
        {
          g_array_append_val (run.ms, ms);
          in_a_row = 0;
        }
      else
        {
          run.failed++;
          in_a_row++;
        }
    }
  g_array_sort (run.ms, cmp_double);
  return run;
}

static char *
describe (const char *what,
          Run        *run)
{
  if (run->ms->len == 0)
    return g_strdup_printf ("| %s | — | — | 0 | %u | %u |", what, run->failed, run->skipped);
  return g_strdup_printf ("| %s | %.1f | %.1f | %u | %u | %u |", what, pct (run->ms, 0.5), pct (run->ms, 0.99),
                          run->ms->len, run->failed, run->skipped);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *token = NULL;
  g_autoptr(BsvResponse) round = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GString) block = g_string_new (NULL);
  g_autofree char *quiet_line = NULL;
  g_autofree char *attack_line = NULL;
  g_autofree char *national = NULL;
  BsvServer *server;
  BsvAttack *attack;
  Run quiet, attacked;
  guint slow, silent, slow_open, silent_open;

  bansou_test_init (&argc, &argv);
  dir = bansou_test_make_dir ();
  server = bsv_server_new (dir, NULL);
  token = bsv_server_token (server, "prefecture", "13", "東京都");
  national = bsv_server_token (server, "national", "00", "総務省");
  bsv_server_start (server);
  session = bsv_session_new (server);
  round = bsv_request (session, server, "PUT", "/rounds/2026-10-31", national, "\"0\"", "r-1",
                       "{\"title\":\"令和8年度\",\"catalog_version\":\"2026.1\",\"due\":\"2026-12-15\"}");
  g_assert_cmpuint (round->status, ==, 201);

  quiet = measure (server, token);

  attack = bsv_attack_new (server, 10, 50);
  slow = bsv_attack_slow (attack, 200);
  silent = bsv_attack_silent (attack, 200);
  attacked = measure (server, token);
  slow_open = bsv_attack_slow_open (attack);
  silent_open = bsv_attack_silent_open (attack);

  quiet_line = describe ("no attack", &quiet);
  attack_line = describe ("200 silent + 200 slow sockets", &attacked);
  g_string_append_printf (block,
                          "Server `%s`; %u slow sockets finished their handshake, %u silent ones connected; "
                          "still open after the requests: %u slow, %u silent.\n\n"
                          "| normal GET /rounds, new connection each | p50 ms | p99 ms | ok | failed (10 s) | not tried |\n"
                          "|---|---|---|---|---|---|\n%s\n%s\n",
                          g_getenv ("BANSOU_SERVER"), slow, silent, slow_open, silent_open, quiet_line, attack_line);
  printf ("%s", block->str);

  if (argc > 1)
    bansou_test_append_figures (argv[1], "Silent and slow sockets",
                                "From `meson test -C BUILD --benchmark server-limits` "
                                "(tests/bench/bench-server-limits.c): issue 9, finding 4. Newest run last.",
                                block->str);

  bsv_attack_free (attack);
  g_array_unref (quiet.ms);
  g_array_unref (attacked.ms);
  bsv_server_free (server);
  return 0;
}
