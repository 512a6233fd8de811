/* bench-procurement.c — the split of a nationwide joint procurement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Prints figures, asserts nothing about time:
 *   meson test -C build --benchmark procurement
 *
 * 1,741 municipalities in one project, 均等割 30 % + 人口割 50 % + 端末数割
 * 20 %, a subsidy of 1/2, one in five joining or leaving inside a five-year
 * contract. The pure split, and the share table read from the database.
 *
 * Then, with a display (xvfb-run), the 共同調達 page over a ledger of 500
 * projects: from creating the page (it reads the ledger and splits every
 * project) to its first frame in a window.
 */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include <adwaita.h>

#include "bansou-context.h"
#include "bansou-procurement-page-private.h"
#include "bansou-test-utils.h"

#define RUNS       51
#define PAGE_RUNS  11
#define N_PROJECTS 500

/* CPU time of the process, ms: under the shared VM's load the wall clock
 * measures the neighbours as much as the page */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

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

/* The ledger page with N_PROJECTS projects of a few participants each
 * (the nationwide one above among them): page creation to first frame. */
static void
bench_page (BansouStore    *store,
            BansouRegistry *registry,
            BansouCatalog  *catalog,
            GListModel     *bodies)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouProcurements) ledger = bansou_procurements_new (registry, catalog);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BansouContext) context = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (500);
  double page_ms[PAGE_RUNS], page_cpu[PAGE_RUNS], new_ms[PAGE_RUNS], detail_ms[PAGE_RUNS], detail_cpu[PAGE_RUNS];
  gint64 start;
  guint page_runs = g_getenv ("BANSOU_BENCH_PAGE_RUNS") ? MAX (1, MIN (PAGE_RUNS, atoi (g_getenv ("BANSOU_BENCH_PAGE_RUNS")))) : PAGE_RUNS;
  guint n = g_list_model_get_n_items (bodies);

  if (!gtk_init_check ())
    {
      printf ("No display: the ledger page is not timed (run under xvfb-run)\n");
      return;
    }
  adw_init ();
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  start = g_get_monotonic_time ();
  for (guint i = 1; i < N_PROJECTS; i++)
    {
      g_autofree char *title = g_strdup_printf ("共同調達 %03u", i);
      g_autofree char *id = bansou_procurements_add (ledger, title, i % BANSOU_PROCUREMENT_N_TYPES,
                                                     "13", NULL, &error);
      BansouCostParams cost = { .total = 1000000 + i * 1000, .subsidy_num = 1, .subsidy_den = 2,
                                .subsidy_cap = -1, .weights = { 3000, 7000, 0, 0 } };

      g_assert_no_error (error);
      g_assert_true (bansou_procurements_set_field (ledger, id, "contract-start", "2026-04-01", &error));
      g_assert_true (bansou_procurements_set_field (ledger, id, "contract-end", "2029-03-31", &error));
      for (guint k = 0; k < 4; k++)
        {
          g_autoptr(BansouBody) body = g_list_model_get_item (bodies, g_rand_int_range (rand, 0, n));
          g_assert_true (bansou_procurements_join (ledger, id, bansou_body_get_code (body), NULL,
                                                   100, -1, 5000000, &error));
        }
      g_assert_true (bansou_procurements_set_cost (ledger, id, &cost, &error));
      g_assert_no_error (error);
    }
  printf ("Ledger of %u projects written in %.0f ms\n", N_PROJECTS,
          (g_get_monotonic_time () - start) / 1000.0);

  settings = g_settings_new (APP_ID);
  context = bansou_context_new (store, settings);

  /* What a window costs by itself: the floor under the page's figure */
  for (guint r = 0; r < page_runs; r++)
    {
      GtkWidget *window = gtk_window_new ();
      double cpu0 = cpu_ms ();

      gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
      start = g_get_monotonic_time ();
      gtk_window_set_child (GTK_WINDOW (window), adw_status_page_new ());
      gtk_window_present (GTK_WINDOW (window));
      gtk_test_widget_wait_for_draw (window);
      page_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      page_cpu[r] = cpu_ms () - cpu0;
      gtk_window_destroy (GTK_WINDOW (window));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  printf ("An empty window (AdwStatusPage) to its first frame, %u runs\n", page_runs);
  printf ("  wall, median %8.1f ms; CPU, median %8.1f ms\n",
          median (page_ms, page_runs), median (page_cpu, page_runs));
  for (guint pass = 0; pass < 2; pass++)
    {
      double mid;

      if (pass == 1)
        {
          /* The nationwide project sorts last: a project of 4 participants is shown */
          g_autoptr(GPtrArray) all = bansou_procurements_list (ledger, &error);

          for (guint i = 0; i < all->len; i++)
            {
              BansouProject *p = g_ptr_array_index (all, i);
              if (p->participants->len > 100)
                g_assert_true (bansou_procurements_set_field (ledger, p->id, "title", "麗・全国共同調達（末尾に並ぶ名）", &error));
            }
          g_assert_no_error (error);
        }
      for (guint r = 0; r < page_runs; r++)
        {
          GtkWidget *window = gtk_window_new ();
          GtkWidget *page;
          double cpu0;

          gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
          start = g_get_monotonic_time ();
          cpu0 = cpu_ms ();
          page = g_object_new (BANSOU_TYPE_PROCUREMENT_PAGE, "context", context, NULL);
          new_ms[r] = cpu_ms () - cpu0;
          gtk_window_set_child (GTK_WINDOW (window), page);
          gtk_window_present (GTK_WINDOW (window));
          gtk_test_widget_wait_for_draw (window);
          page_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
          page_cpu[r] = cpu_ms () - cpu0;
          /* Then the selected project's detail, built after that frame */
          while (BANSOU_PROCUREMENT_PAGE (page)->detail == NULL)
            g_main_context_iteration (NULL, TRUE);
          gtk_test_widget_wait_for_draw (window);
          detail_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
          detail_cpu[r] = cpu_ms () - cpu0;
          gtk_window_destroy (GTK_WINDOW (window));
          while (g_main_context_iteration (NULL, FALSE))
            ;
        }
      mid = median (page_ms, page_runs);  /* sorts */
      printf ("共同調達 page, %u projects, showing %s, %u runs\n", N_PROJECTS,
              pass == 0 ? "the nationwide one (1,741 participants)" : "one of 4 participants", page_runs);
      printf ("  page created to first frame, wall, median  %8.1f ms (min %.1f, max %.1f)\n",
              mid, page_ms[0], page_ms[page_runs - 1]);
      mid = median (page_cpu, page_runs);
      printf ("  the same, CPU time of the process, median  %8.1f ms (min %.1f, max %.1f)\n",
              mid, page_cpu[0], page_cpu[page_runs - 1]);
      mid = median (new_ms, page_runs);
      printf ("    of which the page's construction (CPU)   %8.1f ms (min %.1f, max %.1f)\n",
              mid, new_ms[0], new_ms[page_runs - 1]);
      mid = median (detail_ms, page_runs);
      printf ("  with the project's detail drawn, wall      %8.1f ms (min %.1f, max %.1f)\n",
              mid, detail_ms[0], detail_ms[page_runs - 1]);
      mid = median (detail_cpu, page_runs);
      printf ("  with the project's detail drawn, CPU       %8.1f ms (min %.1f, max %.1f)\n",
              mid, detail_cpu[0], detail_cpu[page_runs - 1]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(BansouProcurements) ledger = NULL;
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(BansouProject) project = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1741);
  g_autofree BansouCostParticipant *cp = NULL;
  g_autofree char *id = NULL;
  BansouCostParams cost = { .total = 41000000000, .subsidy_num = 1, .subsidy_den = 2, .subsidy_cap = -1 };
  double split_ms[RUNS], table_ms[RUNS], load_ms[RUNS];
  gint64 start, sum = 0;
  double join_ms;
  guint n;

  bansou_test_init (&argc, &argv);
  store = bansou_test_open_store (NULL);
  g_assert_true (bansou_store_set_setting (store, "prefecture", BANSOU_SCOPE_NATIONAL, &error));
  /* Populations for 人口割, as `procurements populations` would set them */
  g_assert_true (bansou_store_exec (store, "UPDATE bodies SET population = 1000 + abs (random ()) % 1400000", &error));
  registry = bansou_registry_new (store);
  catalog = bansou_catalog_load_active (store, &error);
  g_assert_no_error (error);
  ledger = bansou_procurements_new (registry, catalog);

  bodies = bansou_registry_list (registry, NULL, BANSOU_LIST_MUNICIPALITIES_ONLY, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (bodies);

  id = bansou_procurements_add (ledger, "全国共同調達（ベンチマーク）", BANSOU_PROCUREMENT_FILE_SANITIZATION,
                                "13", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_procurements_set_field (ledger, id, "contract-start", "2026-04-01", &error));
  g_assert_true (bansou_procurements_set_field (ledger, id, "contract-end", "2031-03-31", &error));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      g_autofree char *from = g_rand_int_range (rand, 0, 5) == 0
        ? g_strdup_printf ("20%02d-%02d-01", g_rand_int_range (rand, 26, 31), g_rand_int_range (rand, 1, 13))
        : NULL;

      g_assert_true (bansou_procurements_join (ledger, id, bansou_body_get_code (body), from,
                                               g_rand_int_range (rand, 50, 20000), -1, -1, &error));
    }
  join_ms = (g_get_monotonic_time () - start) / 1000.0;

  cost.weights[BANSOU_COST_BASIS_EQUAL] = 3000;
  cost.weights[BANSOU_COST_BASIS_POPULATION] = 5000;
  cost.weights[BANSOU_COST_BASIS_TERMINALS] = 2000;
  g_assert_true (bansou_procurements_set_cost (ledger, id, &cost, &error));
  g_assert_no_error (error);

  project = bansou_procurements_lookup (ledger, id, &error);
  g_assert_no_error (error);
  cp = g_new0 (BansouCostParticipant, n);
  for (guint i = 0; i < n; i++)
    {
      BansouParticipant *p = g_ptr_array_index (project->participants, i);

      cp[i].code = p->body;
      cp[i].units[BANSOU_COST_BASIS_POPULATION] = p->population;
      cp[i].units[BANSOU_COST_BASIS_TERMINALS] = p->terminals;
      cp[i].units[BANSOU_COST_BASIS_USERS] = -1;
      cp[i].days = p->joined_on ? 1826 - g_rand_int_range (rand, 0, 1500) : 1826;
    }

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(BansouCostSplit) split = NULL;
      g_autoptr(BansouShareTable) table = NULL;
      g_autoptr(BansouProject) loaded = NULL;

      start = g_get_monotonic_time ();
      split = bansou_cost_split (&project->cost, cp, n, &error);
      split_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);

      start = g_get_monotonic_time ();
      loaded = bansou_procurements_lookup (ledger, id, &error);
      load_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);

      start = g_get_monotonic_time ();
      table = bansou_procurements_shares (ledger, id, &error);
      table_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);

      if (r == 0)
        for (guint i = 0; i < table->rows->len; i++)
          sum += g_array_index (table->rows, BansouShareRow, i).share;
    }
  g_assert_cmpint (sum, ==, cost.total - cost.total / 2);

  printf ("Nationwide joint procurement: %u participants, 均等割30%%+人口割50%%+端末数割20%%, %d runs\n",
          n, RUNS);
  printf ("  split alone (bansou_cost_split), median   %8.3f ms\n", median (split_ms, RUNS));
  printf ("  the project read from the database, median %8.3f ms\n", median (load_ms, RUNS));
  printf ("  share table from the database, median     %8.3f ms\n", median (table_ms, RUNS));
  printf ("  %u joins through the ledger (each one transaction + audit) %8.0f ms\n", n, join_ms);

  bench_page (store, registry, catalog, bodies);
  return 0;
}
