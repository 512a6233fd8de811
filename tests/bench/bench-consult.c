/* bench-consult.c — the consultation desk at national scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Prints figures, asserts nothing about time:
 *   meson test -C build --benchmark consult
 *
 * 100,000 tickets with a message each and 10,000 Q&A articles, in
 * Japanese with some English, then searches of one, two and more
 * characters (goal: < 50 ms median each), the open queue of 10,000
 * tickets with their SLAs (the queue page's data; goal < 100 ms), and
 * suggestions while a ticket is typed.
 */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "bansou-consult.h"
#include "bansou-store-sql.h"
#include "bansou-test-utils.h"

#define N_TICKETS  100000
#define N_OPEN     10000
#define N_ARTICLES 10000
#define RUNS       21

static const char *const topics[] = {
  "外部監査", "脆弱性診断", "標的型メール訓練", "ファイル無害化", "セキュリティクラウド", "USB メモリの紛失",
  "アクセスログの確認", "暗号化", "パスワード", "多要素認証", "VPN 装置", "ランサムウェア", "バックアップ",
  "委託先の管理", "機器の選定基準", "情報資産の棚卸し", "インシデント対応手順", "CSIRT", "テレワーク",
  "ガバメントクラウド", "マイナンバー", "LGWAN", "β′モデル", "研修計画", "規程の改定", "監査法人",
};
static const char *const verbs[] = {
  "について相談したい", "の進め方を知りたい", "の費用を確認したい", "で困っている", "の事例を教えてほしい",
  "の様式はあるか", "を今年度中に実施したい", "の委託仕様書を見直したい",
};
static const char *const fillers[] = {
  "担当課で検討しているが判断がつかない。", "昨年度の調査で未実施だった項目である。", "他の市町の状況も知りたい。",
  "予算要求の時期が近い。", "ベンダーから提案を受けている。", "庁内の合意を得る必要がある。",
  "Please advise on the firmware update.", "The vendor recommends a new appliance.",
};

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

/* CPU time of this thread in ms: the machine is shared, wall time is not ours */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static char *
sentence (GRand *rand)
{
  return g_strdup_printf ("%s%s。%s%s", topics[g_rand_int_range (rand, 0, G_N_ELEMENTS (topics))],
                          verbs[g_rand_int_range (rand, 0, G_N_ELEMENTS (verbs))],
                          fillers[g_rand_int_range (rand, 0, G_N_ELEMENTS (fillers))],
                          fillers[g_rand_int_range (rand, 0, G_N_ELEMENTS (fillers))]);
}

static gboolean
exec_sql (BansouStore  *store,
          const char   *sql,
          GError      **error)
{
  if (sqlite3_exec (_bansou_store_get_db (store), sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  _bansou_store_set_error (store, error, "bench fill");
  return FALSE;
}

typedef struct
{
  GRand *rand;
  char **bodies;
  guint  n_bodies;
  double rows_cpu;    /* ms of CPU writing the rows */
  double index_cpu;   /* ms of CPU building the index once */
  gboolean by_row;    /* BENCH_FTS_BY_ROW=1: through the triggers, row by row, to compare */
} Fill;

static gboolean
fill_cb (BansouStore  *store,
         gpointer      user_data,
         GError      **error)
{
  Fill *f = user_data;
  g_autoptr(sqlite3_stmt) t = _bansou_store_prepare (store,
    "INSERT INTO consult_tickets (id, number, body, priority, state, subject, description, received_at, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)", error);
  g_autoptr(sqlite3_stmt) m = _bansou_store_prepare (store,
    "INSERT INTO consult_messages (id, ticket, kind, text, created_at) VALUES (?1, ?2, 'reply', ?3, ?4)", error);
  g_autoptr(sqlite3_stmt) a = _bansou_store_prepare (store,
    "INSERT INTO consult_articles (id, title, question, answer, visibility, created_at)"
    " VALUES (?1, ?2, ?3, ?4, 'national', '2026-04-01T00:00:00Z')", error);
  static const char *const priorities[] = { "low", "normal", "normal", "high", "critical" };

  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  double cpu = cpu_ms ();

  if (t == NULL || m == NULL || a == NULL)
    return FALSE;

  /* The index is built once at the end, not row by row through the
   * triggers: their SQL is kept, they go, and come back after the bulk
   * insert into the index (all in this one transaction). */
  {
    g_autoptr(sqlite3_stmt) q = _bansou_store_prepare (store,
      "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'consult_%_fts_ins'", error);
    if (q == NULL)
      return FALSE;
    while (sqlite3_step (q) == SQLITE_ROW)
      g_ptr_array_add (triggers, g_strdup ((const char *) sqlite3_column_text (q, 0)));
    g_assert_cmpuint (triggers->len, ==, 3);
    if (f->by_row)
      g_ptr_array_set_size (triggers, 0);
    else if (!exec_sql (store, "DROP TRIGGER consult_tickets_fts_ins; DROP TRIGGER consult_messages_fts_ins;"
                             " DROP TRIGGER consult_articles_fts_ins;", error))
      return FALSE;
  }

  for (guint i = 0; i < N_TICKETS; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *mid = g_uuid_string_random ();
      g_autofree char *subject = g_strdup_printf ("%s%s", topics[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (topics))],
                                                  verbs[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (verbs))]);
      g_autofree char *text = sentence (f->rand);
      g_autofree char *reply = sentence (f->rand);
      /* spread over five years, the newest ones open */
      g_autofree char *at = g_strdup_printf ("20%02u-%02u-%02uT0%u:00:00Z", 22 + i * 5 / N_TICKETS,
                                             1 + g_rand_int_range (f->rand, 0, 12),
                                             1 + g_rand_int_range (f->rand, 0, 28), g_rand_int_range (f->rand, 0, 8));

      sqlite3_reset (t);
      sqlite3_bind_text (t, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int (t, 2, i + 1);
      sqlite3_bind_text (t, 3, f->bodies[g_rand_int_range (f->rand, 0, f->n_bodies)], -1, SQLITE_STATIC);
      sqlite3_bind_text (t, 4, priorities[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (priorities))], -1, SQLITE_STATIC);
      sqlite3_bind_text (t, 5, i >= N_TICKETS - N_OPEN ? "in_progress" : "closed", -1, SQLITE_STATIC);
      sqlite3_bind_text (t, 6, subject, -1, SQLITE_STATIC);
      sqlite3_bind_text (t, 7, text, -1, SQLITE_STATIC);
      sqlite3_bind_text (t, 8, at, -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (store, t, error))
        return FALSE;
      sqlite3_reset (m);
      sqlite3_bind_text (m, 1, mid, -1, SQLITE_STATIC);
      sqlite3_bind_text (m, 2, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (m, 3, reply, -1, SQLITE_STATIC);
      sqlite3_bind_text (m, 4, at, -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (store, m, error))
        return FALSE;
    }
  for (guint i = 0; i < N_ARTICLES; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *title = g_strdup_printf ("%sの進め方（%u）", topics[i % G_N_ELEMENTS (topics)], i);
      g_autofree char *question = sentence (f->rand);
      g_autofree char *answer = sentence (f->rand);

      sqlite3_reset (a);
      sqlite3_bind_text (a, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (a, 2, title, -1, SQLITE_STATIC);
      sqlite3_bind_text (a, 3, question, -1, SQLITE_STATIC);
      sqlite3_bind_text (a, 4, answer, -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (store, a, error))
        return FALSE;
    }

  f->rows_cpu = cpu_ms () - cpu;
  cpu = cpu_ms ();
  /* What the triggers would have written (migration 9), in three statements */
  if (!f->by_row && !exec_sql (store,
                           "INSERT INTO consult_fts (rowid, title, text) SELECT seq * 4 + 1, subject || '  ',"
                           "  description || '  ' FROM consult_tickets;"
                           "INSERT INTO consult_fts (rowid, title, text) SELECT seq * 4 + 2, '', text || '  '"
                           "  FROM consult_messages;"
                           "INSERT INTO consult_fts (rowid, title, text) SELECT seq * 4 + 3, title || '  ',"
                           "  question || char(10) || answer || '  ' FROM consult_articles;", error))
    return FALSE;
  for (guint i = 0; i < triggers->len; i++)
    if (!exec_sql (store, g_ptr_array_index (triggers, i), error))
      return FALSE;
  f->index_cpu = cpu_ms () - cpu;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  static const char *const queries[] = {
    "鍵", "監査", "訓練", "標的型メール", "外部監査", "ランサムウェア", "VPN", "firmware", "監査 委託", "予算 研修計画",
    "存在しない語句",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(BansouCalendar) calendar = NULL;
  g_autoptr(BansouConsult) consult = NULL;
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (4969);
  double runs[RUNS];
  Fill fill;
  gint64 start;
  double cpu;
  guint n_hits = 0;

  bansou_test_init (&argc, &argv);
  store = bansou_test_open_store (NULL);
  registry = bansou_registry_new (store);
  calendar = bansou_calendar_new_for_store (store, &error);
  g_assert_no_error (error);
  consult = bansou_consult_new (registry, calendar);
  bodies = bansou_registry_list (registry, NULL, BANSOU_LIST_MUNICIPALITIES_ONLY, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (bodies); i++)
    {
      g_autoptr(BansouBody) b = g_list_model_get_item (bodies, i);
      g_ptr_array_add (codes, g_strdup (bansou_body_get_code (b)));
    }

  /* A cache that holds the whole fill, so that the one transaction does not
   * spill pages into the WAL half-way (the default cache is a few MB) */
  g_assert_true (exec_sql (store, "PRAGMA cache_size = -262144", &error));
  fill.rand = rand;
  fill.by_row = g_strcmp0 (g_getenv ("BENCH_FTS_BY_ROW"), "1") == 0;
  fill.bodies = (char **) codes->pdata;
  fill.n_bodies = codes->len;
  start = g_get_monotonic_time ();
  cpu = cpu_ms ();
  g_assert_true (bansou_store_transaction (store, fill_cb, &fill, &error));
  g_assert_no_error (error);
  printf ("# %u tickets (and as many messages) and %u articles over %u bodies written and indexed in %.1f s"
          " (%.1f s of CPU: rows %.1f s, the index built once %.1f s)\n", N_TICKETS, N_ARTICLES, codes->len,
          (g_get_monotonic_time () - start) / 1e6, (cpu_ms () - cpu) / 1e3, fill.rows_cpu / 1e3, fill.index_cpu / 1e3);

  printf ("%-24s %8s %10s %10s %10s\n", "query", "hits", "median ms", "CPU ms", "max CPU");
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      double cpu_runs[RUNS];

      for (guint r = 0; r < RUNS; r++)
        {
          g_autoptr(GPtrArray) hits = NULL;

          start = g_get_monotonic_time ();
          cpu = cpu_ms ();
          hits = bansou_consult_search (consult, queries[q], 50, &error);
          cpu_runs[r] = cpu_ms () - cpu;
          runs[r] = (g_get_monotonic_time () - start) / 1e3;
          g_assert_no_error (error);
          n_hits = hits->len;
        }
      printf ("%-24s %8u %10.2f %10.2f", queries[q], n_hits, median (runs, RUNS), median (cpu_runs, RUNS));
      printf (" %10.2f\n", cpu_runs[RUNS - 1]);   /* sorted by median () */
    }

  {
    double sla_runs[RUNS];

    for (guint r = 0; r < RUNS; r++)
      {
        g_autoptr(GPtrArray) open = NULL;

        start = g_get_monotonic_time ();
        open = bansou_consult_list (consult, NULL, &error);
        runs[r] = (g_get_monotonic_time () - start) / 1e3;
        start = g_get_monotonic_time ();
        for (guint i = 0; i < open->len; i++)
          {
            BansouTicketSla sla;
            g_assert_true (bansou_consult_compute_sla (consult, g_ptr_array_index (open, i), NULL, &sla, &error));
            bansou_ticket_sla_clear (&sla);
          }
        sla_runs[r] = (g_get_monotonic_time () - start) / 1e3;
        n_hits = open->len;
      }
    /* The queue page reads the list, and the SLAs of the rows it shows;
     * the overdue view needs them all. */
    printf ("# the open queue: %u tickets read in %.1f ms, all their SLAs computed in %.1f ms (medians of %d)\n",
            n_hits, median (runs, RUNS), median (sla_runs, RUNS), RUNS);
  }

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GPtrArray) hits = NULL;

      start = g_get_monotonic_time ();
      hits = bansou_consult_suggest (consult, "標的型メール訓練を全庁で実施したいが外部委託の費用を知りたい", 5, &error);
      runs[r] = (g_get_monotonic_time () - start) / 1e3;
      n_hits = hits->len;
    }
  printf ("# suggestions while typing: %u articles in %.2f ms (median of %d)\n", n_hits, median (runs, RUNS), RUNS);
  return 0;
}
