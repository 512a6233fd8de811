/* bench-sync-procurement.c — a nationwide joint procurement through a real bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Prints figures, asserts nothing about time:
 *   meson test -C build --benchmark sync-procurement
 *
 * 宮城県 leads one project with all 1,741 municipalities (47 prefectures,
 * so 46 prefectures are admitted while the batch is applied, each
 * re-appending the project so far). Measured, median of RUNS fresh
 * servers: the lead's sync that pushes project and participations; the
 * first sync of a participating prefecture's workbench (新潟県), which
 * pulls them and computes the support actions; the share table there.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "bansou-sync-tuning.h"
#include "bansou-test-utils.h"
#include "server-harness.h"

#define RUNS 3

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_double);
  return values[n / 2];
}

typedef struct
{
  BansouStore        *store;
  BansouRegistry     *registry;
  BansouCatalog      *catalog;
  BansouProcurements *ledger;
  BansouSync         *sync;
  char               *path;
} Bench;

static Bench *
bench_new (BsvServer  *server,
           const char *prefecture,
           const char *token)
{
  g_autoptr(GError) error = NULL;
  Bench *b = g_new0 (Bench, 1);

  b->store = bansou_test_open_store (&b->path);
  g_assert_true (bansou_store_set_setting (b->store, "prefecture", prefecture, &error));
  b->registry = bansou_registry_new (b->store);
  b->catalog = bansou_catalog_load_active (b->store, &error);
  g_assert_no_error (error);
  b->ledger = bansou_procurements_new (b->registry, b->catalog);
  b->sync = bansou_sync_new (b->path);
  bansou_sync_set_server (b->sync, server->url, token, server->cert);
  return b;
}

static void
bench_free (Bench *b)
{
  g_clear_object (&b->sync);
  g_clear_object (&b->ledger);
  g_clear_object (&b->catalog);
  g_clear_object (&b->registry);
  g_clear_object (&b->store);
  g_free (b->path);
  g_free (b);
}

static double
sync_ms (Bench           *b,
         BansouSyncStats *stats)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  bansou_sync_run (b->sync, NULL, stats, &error);
  g_assert_no_error (error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  double push_ms[RUNS], pull_ms[RUNS], table_ms[RUNS];
  guint n = 0, pushed = 0, pulled = 0;
  gint64 actions = 0;

  bansou_test_init (&argc, &argv);

  for (guint run = 0; run < RUNS; run++)
    {
      g_autofree char *dir = bansou_test_make_dir ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) bodies = NULL;
      g_autoptr(BansouShareTable) table = NULL;
      g_autofree char *id = NULL;
      g_autofree char *miyagi = NULL;
      g_autofree char *niigata = NULL;
      BsvServer *server = bsv_server_new (dir, NULL);
      BansouSyncStats stats = { 0 };
      BansouCostParams cost = { .total = 41000000000, .subsidy_num = 1, .subsidy_den = 2, .subsidy_cap = -1 };
      const char *q[3] = { NULL, NULL, NULL };
      Bench *lead, *part;
      gint64 start;

      miyagi = bsv_server_token (server, "prefecture", "04", "宮城県");
      niigata = bsv_server_token (server, "prefecture", "15", "新潟県");
      bsv_server_start (server);
      lead = bench_new (server, "04", miyagi);
      part = bench_new (server, "15", niigata);

      id = bansou_procurements_add (lead->ledger, "全国セキュリティクラウド（ベンチマーク）",
                                    BANSOU_PROCUREMENT_SECURITY_CLOUD, "04", NULL, &error);
      g_assert_no_error (error);
      g_assert_true (bansou_procurements_set_field (lead->ledger, id, "contract-start", "2026-04-01", &error));
      g_assert_true (bansou_procurements_set_field (lead->ledger, id, "contract-end", "2031-03-31", &error));
      q[0] = bansou_catalog_get_question (lead->catalog, 0)->id;
      q[1] = bansou_catalog_get_question (lead->catalog, 1)->id;
      g_assert_true (bansou_procurements_set_questions (lead->ledger, id, q, &error));
      bodies = bansou_registry_list (lead->registry, NULL, BANSOU_LIST_MUNICIPALITIES_ONLY, &error);
      g_assert_no_error (error);
      n = g_list_model_get_n_items (bodies);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);

          g_assert_true (bansou_procurements_join (lead->ledger, id, bansou_body_get_code (body), NULL,
                                                   100 + i % 5000, -1, -1, &error));
        }
      cost.weights[BANSOU_COST_BASIS_EQUAL] = 3000;
      cost.weights[BANSOU_COST_BASIS_TERMINALS] = 7000;
      g_assert_true (bansou_procurements_set_cost (lead->ledger, id, &cost, &error));
      g_assert_no_error (error);

      push_ms[run] = sync_ms (lead, &stats);
      pushed = stats.pushed;
      memset (&stats, 0, sizeof stats);
      pull_ms[run] = sync_ms (part, &stats);
      pulled = stats.pulled;

      start = g_get_monotonic_time ();
      table = bansou_procurements_shares (part->ledger, id, &error);
      g_assert_no_error (error);
      table_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_cmpuint (table->rows->len, ==, n);
      {
        sqlite3 *db = NULL;
        sqlite3_stmt *stmt = NULL;

        g_assert_cmpint (sqlite3_open_v2 (part->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
        sqlite3_busy_timeout (db, 10000);
        g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM support_actions WHERE kind = 'procurement'",
                                             -1, &stmt, NULL), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        actions = sqlite3_column_int64 (stmt, 0);
        sqlite3_finalize (stmt);
        sqlite3_close (db);
      }

      bench_free (part);
      bench_free (lead);
      bsv_server_free (server);
    }

  {
    g_autoptr(GString) block = g_string_new (NULL);

    g_string_append_printf (block, "- one project, %u participants of 47 prefectures (46 admitted during the push): "
                            "%u records pushed by the lead, %u pulled by a participant, %" G_GINT64_FORMAT
                            " support actions there\n", n, pushed, pulled, actions);
    g_string_append_printf (block, "- the lead's sync (push + pull of its own records back): %.0f ms\n",
                            median (push_ms, RUNS));
    g_string_append_printf (block, "- a participating prefecture's first sync: %.0f ms\n", median (pull_ms, RUNS));
    g_string_append_printf (block, "- its share table from the synced data: %.1f ms\n", median (table_ms, RUNS));
    g_string_append_printf (block, "- median of %u fresh servers\n", RUNS);
    printf ("%s", block->str);
    if (argc > 1)
      {
        bansou_test_append_figures (argv[1], "Joint procurement sync",
                                    "From `meson test -C BUILD --benchmark sync-procurement` "
                                    "(tests/bench/bench-sync-procurement.c): a nationwide project led by 宮城県 "
                                    "through a real bansou-server with TLS on loopback. Newest run last.",
                                    block->str);
        printf ("\nAppended to %s\n", argv[1]);
      }
  }
  return 0;
}
