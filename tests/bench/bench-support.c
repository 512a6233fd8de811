/* bench-support.c — figures for the effect of support (支援効果)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Prints figures, asserts nothing about time:
 *   meson test -C build --benchmark support
 *
 * The scale of issue 11: the whole nation (1,741 bodies, three rounds of
 * demo data) and a year of visits (10,000, three questions each, between
 * the last two rounds), plus 200 procurement participations. The effect is
 * computed for the nation, for one prefecture and for one expert.
 */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "bansou-support-effect.h"
#include "bansou-test-utils.h"

#define N_VISITS 10000
#define N_EXPERTS 200
#define RUNS 7

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* CPU time of this process: on a shared machine the wall time mostly
 * measures the other builds */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare_double (const void *a,
                const void *b)
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
  GPtrArray     *codes;
  BansouCatalog *catalog;
} Fill;

static gboolean
fill_cb (BansouStore  *store,
         gpointer      user_data,
         GError      **error)
{
  Fill *fill = user_data;
  guint nq = bansou_catalog_get_n_questions (fill->catalog);
  GRand *rand = g_rand_new_with_seed (11);
  gboolean ok = TRUE;

  for (guint v = 0; v < N_VISITS && ok; v++)
    {
      g_autofree char *source = g_strdup_printf ("visit-%05u", v);
      g_autofree char *actor = g_strdup_printf ("expert-%03u", v % N_EXPERTS);
      g_autofree char *day = g_strdup_printf ("2025-%02d-%02d", 1 + v % 9, 1 + v % 28);
      const char *body = g_ptr_array_index (fill->codes, g_rand_int_range (rand, 0, fill->codes->len));
      BansouSupportTarget targets[3];

      for (guint i = 0; i < 3; i++)
        targets[i] = (BansouSupportTarget) {
          body, bansou_catalog_get_question (fill->catalog, g_rand_int_range (rand, 0, nq))->id
        };
      ok = bansou_support_set_actions (store, BANSOU_SUPPORT_VISIT, source, day, actor, targets, 3, error);
    }
  for (guint p = 0; p < 200 && ok; p++)
    {
      BansouSupportTarget t = { g_ptr_array_index (fill->codes, (p * 7) % fill->codes->len),
                                bansou_catalog_get_question (fill->catalog, p % nq)->id };

      ok = bansou_support_set_actions (store, BANSOU_SUPPORT_PROCUREMENT, t.body, "2025-04-01", NULL,
                                       &t, 1, error);
    }
  g_rand_free (rand);
  return ok;
}

static void
bench (BansouStore              *store,
       const char               *what,
       const BansouSupportQuery *query)
{
  double ms[RUNS], cpu[RUNS];
  g_autoptr(BansouSupportEffect) last = NULL;
  const BansouSupportEffectRow *row;

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();

      g_clear_pointer (&last, bansou_support_effect_unref);
      last = bansou_support_effect_compute (store, query, &error);
      ms[r] = ms_since (start);
      cpu[r] = cpu_ms () - cpu_start;
      g_assert_no_error (error);
    }
  row = bansou_support_effect_get_n_rows (last, BANSOU_SUPPORT_BY_KIND) > 0
        ? bansou_support_effect_get_row (last, BANSOU_SUPPORT_BY_KIND, 0) : NULL;
  printf ("| %s | %u | %u | %u | %u | **%.1f ms** | %.1f ms |\n", what,
          bansou_support_effect_get_n_actions (last),
          bansou_support_effect_get_n_rows (last, BANSOU_SUPPORT_BY_BODY),
          row ? row->n_treated : 0, row ? row->n_control : 0, median (ms, RUNS), median (cpu, RUNS));
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  Fill fill;
  gint64 start;

  bansou_test_init (&argc, &argv);

  store = bansou_test_open_store (&path);
  g_assert_true (bansou_store_set_setting (store, "prefecture", BANSOU_SCOPE_NATIONAL, &error));
  catalog = bansou_catalog_load_active (store, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_demo_generate (store, catalog, NULL, 3, 1, &error));
  g_assert_no_error (error);

  registry = bansou_registry_new (store);
  bodies = bansou_registry_list (registry, NULL, BANSOU_LIST_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0, n = g_list_model_get_n_items (bodies); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      g_ptr_array_add (codes, g_strdup (bansou_body_get_code (body)));
    }

  fill = (Fill) { codes, catalog };
  start = g_get_monotonic_time ();
  g_assert_true (bansou_store_transaction (store, fill_cb, &fill, &error));
  g_assert_no_error (error);
  printf ("%u bodies, 3 demo rounds, %u visits × 3 questions and 200 participations written in %.0f ms\n\n",
          codes->len, N_VISITS, ms_since (start));

  printf ("| effect of support | targets | bodies | visit pairs compared | their comparison pairs "
          "| median of %d | its CPU time |\n", RUNS);
  printf ("|---|---|---|---|---|---|---|\n");
  bench (store, "the nation", &(BansouSupportQuery) { .any_kind = TRUE });
  bench (store, "広島県", &(BansouSupportQuery) { .any_kind = TRUE, .prefecture = "34" });
  bench (store, "東京都", &(BansouSupportQuery) { .any_kind = TRUE, .prefecture = "13" });
  bench (store, "one expert, nation", &(BansouSupportQuery) { .any_kind = TRUE, .actor = "expert-007" });

  return 0;
}
