/* test-procurement.c — joint procurement: the exact split, the ledger, bansouctl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "bansou-store-sql.h"
#include "bansou-test-utils.h"

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })

typedef unsigned __int128 u128;

/* ------------------------------------------------------------------------ */
/* The split, hand-checked */

static BansouCostParams
params_equal (gint64 total)
{
  BansouCostParams p = { .total = total, .subsidy_num = 0, .subsidy_den = 1, .subsidy_cap = -1 };
  p.weights[BANSOU_COST_BASIS_EQUAL] = BANSOU_COST_WEIGHT_WHOLE;
  return p;
}

static BansouCostParticipant
participant (const char *code,
             gint64      population,
             gint64      days)
{
  BansouCostParticipant p = { .code = code, .name = NULL, .days = days };
  p.units[BANSOU_COST_BASIS_POPULATION] = population;
  p.units[BANSOU_COST_BASIS_TERMINALS] = -1;
  p.units[BANSOU_COST_BASIS_USERS] = -1;
  return p;
}

static void
test_split_hand (void)
{
  g_autoptr(GError) error = NULL;

  /* 1,000 yen among three: 333 each and the one yen left to the smallest code. */
  {
    BansouCostParams p = params_equal (1000);
    BansouCostParticipant ps[] = { participant ("012033", -1, 1), participant ("011002", -1, 1),
                                   participant ("012025", -1, 1) };
    g_autoptr(BansouCostSplit) s = bansou_cost_split (&p, ps, 3, &error);

    g_assert_no_error (error);
    g_assert_cmpint (s->shares[0], ==, 333);
    g_assert_cmpint (s->shares[1], ==, 334);
    g_assert_cmpint (s->shares[2], ==, 333);
  }

  /* 均等割 30 % + 人口割 70 %, a subsidy of 1/2 capped at 400,000 yen:
   * 600,000 to share = 180,000 equal (60,000 each) + 420,000 by population
   * 100 : 200 : 700 (42,000, 84,000, 294,000). */
  {
    BansouCostParams p = { .total = 1000000, .subsidy_num = 1, .subsidy_den = 2, .subsidy_cap = 400000 };
    BansouCostParticipant ps[] = { participant ("022012", 100, 1), participant ("032018", 200, 1),
                                   participant ("052019", 700, 1) };
    g_autoptr(BansouCostSplit) s = NULL;

    p.weights[BANSOU_COST_BASIS_EQUAL] = 3000;
    p.weights[BANSOU_COST_BASIS_POPULATION] = 7000;
    s = bansou_cost_split (&p, ps, 3, &error);
    g_assert_no_error (error);
    g_assert_cmpint (s->subsidy, ==, 400000);
    g_assert_cmpint (s->amount, ==, 600000);
    g_assert_cmpint (s->basis_amount[BANSOU_COST_BASIS_EQUAL], ==, 180000);
    g_assert_cmpint (s->basis_amount[BANSOU_COST_BASIS_POPULATION], ==, 420000);
    g_assert_cmpint (s->shares[0], ==, 102000);
    g_assert_cmpint (s->shares[1], ==, 144000);
    g_assert_cmpint (s->shares[2], ==, 354000);
  }

  /* Pro-rated by days: 365 and 100 days of 1,000 yen: 784.95 and 215.05,
   * the yen left goes to the larger remainder (440/465 against 25/465). */
  {
    BansouCostParams p = params_equal (1000);
    BansouCostParticipant ps[] = { participant ("062014", -1, 365), participant ("072010", -1, 100) };
    g_autoptr(BansouCostSplit) s = bansou_cost_split (&p, ps, 2, &error);

    g_assert_no_error (error);
    g_assert_cmpint (s->shares[0], ==, 785);
    g_assert_cmpint (s->shares[1], ==, 215);
  }

  /* Ties by code, whatever the order given: 2 yen among three. */
  {
    BansouCostParams p = params_equal (2);
    BansouCostParticipant ps[] = { participant ("342025", -1, 7), participant ("012025", -1, 7),
                                   participant ("220001", -1, 7) };
    g_autoptr(BansouCostSplit) s = bansou_cost_split (&p, ps, 3, &error);

    g_assert_no_error (error);
    g_assert_cmpint (s->shares[0], ==, 0);
    g_assert_cmpint (s->shares[1], ==, 1);
    g_assert_cmpint (s->shares[2], ==, 1);
  }

  /* The step on its own: 10 yen in thirds, the extra yen to code "a";
   * nothing to give when every weight is 0. */
  {
    const gint64 w[] = { 1, 1, 1 }, zero[] = { 0, 0, 0 };
    const char * const codes[] = { "b", "a", "c" };
    gint64 out[3];

    bansou_cost_apportion (10, w, codes, 3, out);
    g_assert_cmpint (out[0], ==, 3);
    g_assert_cmpint (out[1], ==, 4);
    g_assert_cmpint (out[2], ==, 3);
    bansou_cost_apportion (10, zero, codes, 3, out);
    g_assert_cmpint (out[0] + out[1] + out[2], ==, 0);
  }

  /* The subsidy is rounded down: 1,001 × 1/2 → 500, so 501 is shared. A
   * participant of 0 days pays nothing. */
  {
    BansouCostParams p = params_equal (1001);
    BansouCostParticipant ps[] = { participant ("011002", -1, 10), participant ("012025", -1, 0) };
    g_autoptr(BansouCostSplit) s = NULL;

    p.subsidy_num = 1;
    p.subsidy_den = 2;
    s = bansou_cost_split (&p, ps, 2, &error);
    g_assert_no_error (error);
    g_assert_cmpint (s->subsidy, ==, 500);
    g_assert_cmpint (s->shares[0], ==, 501);
    g_assert_cmpint (s->shares[1], ==, 0);
  }
}

/* Largest-remainder property of one apportionment, checked from the
 * exact quotas: each part is the floor or the floor + 1, the parts add up,
 * and nobody left at the floor has a larger remainder (or an equal one
 * and a smaller code) than someone who got the extra yen. */
static void
assert_largest_remainder (gint64              amount,
                          const gint64       *weights,
                          const char * const *codes,
                          guint               n,
                          const gint64       *parts)
{
  g_autofree gint64 *rem = g_new (gint64, n);
  g_autofree gboolean *extra = g_new (gboolean, n);
  u128 sum = 0;
  gint64 total = 0;

  for (guint i = 0; i < n; i++)
    sum += (u128) weights[i];
  g_assert_true (sum > 0);
  for (guint i = 0; i < n; i++)
    {
      u128 p = (u128) amount * (u128) weights[i];
      gint64 floor_ = (gint64) (p / sum);

      rem[i] = (gint64) (p % sum);
      g_assert_cmpint (parts[i], >=, 0);
      g_assert_true (parts[i] == floor_ || parts[i] == floor_ + 1);
      extra[i] = parts[i] == floor_ + 1;
      total += parts[i];
    }
  g_assert_cmpint (total, ==, amount);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; extra[i] && j < n; j++)
      if (!extra[j])
        g_assert_true (rem[i] > rem[j] || (rem[i] == rem[j] && strcmp (codes[i], codes[j]) < 0));
}

static gint64
random_total (GRand *rand)
{
  /* Log-uniform up to 10^12, with the small totals where rounding shows. */
  int digits = g_rand_int_range (rand, 0, 13);
  gint64 max = 1;

  for (int d = 0; d < digits; d++)
    max *= 10;
  return (gint64) (g_rand_double (rand) * (double) max);
}

static void
test_split_property (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260401);
  guint n_split = 0, n_refused = 0;

  for (guint iter = 0; iter < 4000; iter++)
    {
      guint n = g_rand_int_range (rand, 1, iter % 50 == 0 ? 400 : 40);
      g_autofree BansouCostParticipant *ps = g_new0 (BansouCostParticipant, n);
      g_autofree BansouCostParticipant *shuffled = g_new0 (BansouCostParticipant, n);
      g_autofree guint *perm = g_new (guint, n);
      g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autoptr(BansouCostSplit) s = NULL;
      g_autoptr(BansouCostSplit) s2 = NULL;
      g_autofree gint64 *weights = g_new (gint64, n);
      g_autofree gint64 *parts = g_new (gint64, n);
      g_autofree const char **code_list = g_new (const char *, n);
      BansouCostParams p = { .total = random_total (rand), .subsidy_cap = -1 };
      guint left = BANSOU_COST_WEIGHT_WHOLE;
      gint64 sum = 0;
      gint64 basis_w[BANSOU_COST_N_BASES];
      static const char * const basis_codes[] = { "0", "1", "2", "3" };

      /* Weights: random basis points over a random subset, adding up to 100 %. */
      for (guint b = 0; b + 1 < BANSOU_COST_N_BASES; b++)
        {
          p.weights[b] = g_rand_boolean (rand) ? g_rand_int_range (rand, 0, left + 1) : 0;
          left -= p.weights[b];
        }
      p.weights[BANSOU_COST_N_BASES - 1] = left;
      if (g_rand_boolean (rand))
        {
          p.subsidy_den = g_rand_int_range (rand, 1, 11);
          p.subsidy_num = g_rand_int_range (rand, 0, p.subsidy_den + 1);
          p.subsidy_cap = g_rand_boolean (rand) ? random_total (rand) : -1;
        }
      else
        p.subsidy_den = 1;

      for (guint i = 0; i < n; i++)
        {
          /* Unique codes, in no particular order */
          g_ptr_array_add (codes, g_strdup_printf ("%06u", g_rand_int_range (rand, 0, 1000) * 1000 + i));
          ps[i].code = g_ptr_array_index (codes, i);
          ps[i].units[BANSOU_COST_BASIS_POPULATION] = g_rand_int_range (rand, 0, 14000001);
          ps[i].units[BANSOU_COST_BASIS_TERMINALS] = g_rand_int_range (rand, 0, iter % 3 ? 50000 : 3);
          ps[i].units[BANSOU_COST_BASIS_USERS] = g_rand_int_range (rand, 0, 100000);
          /* Joining or leaving inside a 5-year contract: 0 … 1,826 days */
          ps[i].days = g_rand_int_range (rand, 0, 5) == 0 ? g_rand_int_range (rand, 0, 1827) : 1826;
          perm[i] = i;
        }

      s = bansou_cost_split (&p, ps, n, &error);
      if (s == NULL)
        {
          /* Only when no one takes part, or a weighted basis has no units. */
          g_assert_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_NOTHING);
          n_refused++;
          continue;
        }
      n_split++;

      /* The subsidy, and the shares adding up to the amount, none negative */
      {
        gint64 expect = (gint64) ((u128) p.total * (u128) p.subsidy_num / (u128) p.subsidy_den);
        if (p.subsidy_cap >= 0 && expect > p.subsidy_cap)
          expect = p.subsidy_cap;
        g_assert_cmpint (s->subsidy, ==, expect);
        g_assert_cmpint (s->amount, ==, p.total - expect);
      }
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpint (s->shares[i], >=, 0);
          if (ps[i].days == 0)
            g_assert_cmpint (s->shares[i], ==, 0);
          sum += s->shares[i];
        }
      g_assert_cmpint (sum, ==, s->amount);

      /* The rule, checked directly: among the bases, then in each basis. */
      for (guint b = 0; b < BANSOU_COST_N_BASES; b++)
        basis_w[b] = p.weights[b];
      assert_largest_remainder (s->amount, basis_w, basis_codes, BANSOU_COST_N_BASES, s->basis_amount);
      for (guint i = 0; i < n; i++)
        code_list[i] = ps[i].code;
      for (guint b = 0; b < BANSOU_COST_N_BASES; b++)
        {
          gint64 bsum = 0;

          if (p.weights[b] == 0)
            continue;
          for (guint i = 0; i < n; i++)
            {
              weights[i] = ps[i].days * (b == BANSOU_COST_BASIS_EQUAL ? 1 : ps[i].units[b]);
              parts[i] = s->basis_shares[(gsize) i * BANSOU_COST_N_BASES + b];
              bsum += parts[i];
            }
          g_assert_cmpint (bsum, ==, s->basis_amount[b]);
          assert_largest_remainder (s->basis_amount[b], weights, code_list, n, parts);
        }

      /* The same input in another order gives every body the same share. */
      for (guint i = n; i > 1; i--)
        {
          guint j = g_rand_int_range (rand, 0, i);
          guint t = perm[i - 1];
          perm[i - 1] = perm[j];
          perm[j] = t;
        }
      for (guint i = 0; i < n; i++)
        shuffled[i] = ps[perm[i]];
      s2 = bansou_cost_split (&p, shuffled, n, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < n; i++)
        g_assert_cmpint (s2->shares[i], ==, s->shares[perm[i]]);
    }

  g_test_message ("%u splits checked, %u refused", n_split, n_refused);
  g_assert_cmpuint (n_split, >, 3500);
}

/* The largest figures the bounds allow do not overflow. */
static void
test_split_bounds (void)
{
  guint n = 1741;
  g_autofree BansouCostParticipant *ps = g_new0 (BansouCostParticipant, n);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouCostSplit) s = NULL;
  BansouCostParams p = { .total = BANSOU_COST_MAX_TOTAL, .subsidy_num = 999999, .subsidy_den = 1000000,
                         .subsidy_cap = -1 };
  gint64 sum = 0;

  p.weights[BANSOU_COST_BASIS_POPULATION] = 3333;
  p.weights[BANSOU_COST_BASIS_TERMINALS] = 6667;
  p.subsidy_num = 1;
  p.subsidy_den = 3;
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (codes, g_strdup_printf ("X%05u", i));
      ps[i].code = g_ptr_array_index (codes, i);
      ps[i].units[BANSOU_COST_BASIS_POPULATION] = i % 2 ? 14000000 : 1;
      ps[i].units[BANSOU_COST_BASIS_TERMINALS] = BANSOU_COST_MAX_UNIT;
      ps[i].units[BANSOU_COST_BASIS_USERS] = -1;
      ps[i].days = BANSOU_COST_MAX_DAYS;
    }
  s = bansou_cost_split (&p, ps, n, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->subsidy, ==, 333333333333);
  for (guint i = 0; i < n; i++)
    sum += s->shares[i];
  g_assert_cmpint (sum, ==, BANSOU_COST_MAX_TOTAL - 333333333333);
}

static void
test_split_errors (void)
{
  BansouCostParticipant ps[] = { participant ("342025", 208000, 1), participant ("342033", -1, 1),
                                 participant ("342041", -1, 1) };
  g_autoptr(GError) error = NULL;
  BansouCostSplit *s;
  BansouCostParams p = params_equal (-1);

  ps[1].name = "竹原市";
  ps[2].name = "三原市";

  s = bansou_cost_split (&p, ps, 3, &error);
  g_assert_null (s);
  g_assert_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "合計額"));
  g_clear_error (&error);

  p = params_equal (1000);
  p.weights[BANSOU_COST_BASIS_EQUAL] = 3000;
  p.weights[BANSOU_COST_BASIS_POPULATION] = 6000;
  s = bansou_cost_split (&p, ps, 3, &error);
  g_assert_null (s);
  g_assert_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "100%"));
  g_assert_nonnull (strstr (error->message, "90.00%"));
  g_clear_error (&error);

  /* A missing unit names the bodies that lack it. */
  p.weights[BANSOU_COST_BASIS_POPULATION] = 7000;
  s = bansou_cost_split (&p, ps, 3, &error);
  g_assert_null (s);
  g_assert_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_MISSING_UNIT);
  g_assert_nonnull (strstr (error->message, "人口割"));
  g_assert_nonnull (strstr (error->message, "342033 竹原市"));
  g_assert_nonnull (strstr (error->message, "342041 三原市"));
  g_assert_null (strstr (error->message, "342025"));
  g_clear_error (&error);

  /* Reading methods and rates */
  {
    guint w[BANSOU_COST_N_BASES];
    gint64 num, den;

    g_assert_true (bansou_cost_parse_method ("均等割30%+人口割70%", w, &error));
    g_assert_cmpuint (w[BANSOU_COST_BASIS_EQUAL], ==, 3000);
    g_assert_cmpuint (w[BANSOU_COST_BASIS_POPULATION], ==, 7000);
    g_assert_true (bansou_cost_parse_method ("equal=33.34%, terminals=66.66%", w, &error));
    g_assert_cmpuint (w[BANSOU_COST_BASIS_EQUAL], ==, 3334);
    g_assert_cmpuint (w[BANSOU_COST_BASIS_TERMINALS], ==, 6666);
    g_assert_true (bansou_cost_parse_method ("端末数割", w, &error));
    g_assert_cmpuint (w[BANSOU_COST_BASIS_TERMINALS], ==, 10000);
    g_assert_no_error (error);
    g_assert_false (bansou_cost_parse_method ("均等割30%+頭割70%", w, &error));
    g_assert_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (bansou_cost_parse_rate ("1/2", &num, &den, &error));
    g_assert_cmpint (num, ==, 1);
    g_assert_cmpint (den, ==, 2);
    g_assert_true (bansou_cost_parse_rate ("50%", &num, &den, &error));
    g_assert_cmpint (num * 2, ==, den);
    g_assert_false (bansou_cost_parse_rate ("3/2", &num, &den, &error));
    g_clear_error (&error);
  }
}

/* ------------------------------------------------------------------------ */
/* The ledger */

typedef struct
{
  char               *path;
  BansouStore        *store;
  BansouRegistry     *registry;
  BansouCatalog      *catalog;
  BansouProcurements *ledger;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = bansou_test_open_store (&f->path);
  f->registry = bansou_registry_new (f->store);
  f->catalog = bansou_catalog_load_active (f->store, &error);
  g_assert_no_error (error);
  f->ledger = bansou_procurements_new (f->registry, f->catalog);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->ledger);
  g_clear_object (&f->catalog);
  g_clear_object (&f->registry);
  g_clear_object (&f->store);
  g_free (f->path);
}

static gint64
count_rows (Fixture    *f,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (f->store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

typedef struct { gint64 projects, participants, questions, phases, audit, populated; } Counts;

static Counts
counts (Fixture *f)
{
  Counts c = {
    count_rows (f, "procurement_projects"), count_rows (f, "procurement_participants"),
    count_rows (f, "procurement_questions"), count_rows (f, "procurement_phases"),
    count_rows (f, "audit"), count_rows (f, "bodies WHERE population IS NOT NULL"),
  };
  return c;
}

static void
assert_counts_equal (Counts a,
                     Counts b)
{
  g_assert_cmpint (a.projects, ==, b.projects);
  g_assert_cmpint (a.participants, ==, b.participants);
  g_assert_cmpint (a.questions, ==, b.questions);
  g_assert_cmpint (a.phases, ==, b.phases);
  g_assert_cmpint (a.audit, ==, b.audit);
  g_assert_cmpint (a.populated, ==, b.populated);
}

/* The capitals of 東北 6 県 and 新潟県 (report 3(1)イ) */
static const char * const seven[] = { "022012", "032018", "041009", "052019", "062014", "072010", "151009" };

static char *
seven_prefecture_project (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *id = bansou_procurements_add (f->ledger, "東北・新潟 自治体情報セキュリティクラウド",
                                      BANSOU_PROCUREMENT_SECURITY_CLOUD, "宮城県", NULL, &error);

  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_true (bansou_procurements_set_field (f->ledger, id, "contract-start", "2026-04-01", &error));
  g_assert_true (bansou_procurements_set_field (f->ledger, id, "contract-end", "2031-03-31", &error));
  for (guint i = 0; i < G_N_ELEMENTS (seven); i++)
    {
      g_assert_true (bansou_procurements_join (f->ledger, id, seven[i], NULL, 1000 * (i + 1), -1, -1, &error));
      g_assert_no_error (error);
    }
  return id;
}

static void
test_ledger_roundtrip (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = seven_prefecture_project (f);
  g_autoptr(BansouProject) p = NULL;
  g_autoptr(BansouShareTable) t = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *prefix = g_strndup (id, 8);
  BansouCostParams cost = { .total = 700000001, .subsidy_num = 1, .subsidy_den = 2, .subsidy_cap = -1 };
  const char *questions[] = { NULL, NULL };
  gint64 sum = 0;

  questions[0] = bansou_catalog_get_question (f->catalog, 0)->id;
  g_assert_true (bansou_procurements_set_questions (f->ledger, prefix, questions, &error));
  g_assert_no_error (error);

  /* 青森市 joins half a year late and 山形市 leaves a year early */
  g_assert_true (bansou_procurements_join (f->ledger, id, "022012", "2026-10-01", -1, -1, 5000000, &error));
  g_assert_true (bansou_procurements_leave (f->ledger, id, "062014", "2030-03-31", &error));
  g_assert_true (bansou_procurements_set_field (f->ledger, id, "standalone-fixed", "10000000", &error));
  g_assert_true (bansou_procurements_set_field (f->ledger, id, "standalone-per-unit", "20000", &error));
  g_assert_no_error (error);

  cost.weights[BANSOU_COST_BASIS_EQUAL] = 3000;
  cost.weights[BANSOU_COST_BASIS_TERMINALS] = 7000;
  g_assert_true (bansou_procurements_set_cost (f->ledger, id, &cost, &error));
  g_assert_no_error (error);

  p = bansou_procurements_lookup (f->ledger, prefix, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p->id, ==, id);
  g_assert_cmpstr (p->lead_prefecture, ==, "04");
  g_assert_cmpuint (p->participants->len, ==, 7);
  g_assert_cmpstr (p->questions[0], ==, questions[0]);
  g_assert_cmpint (p->cost.total, ==, 700000001);

  t = bansou_procurements_shares (f->ledger, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (t->split->amount, ==, 350000001);
  g_assert_cmpint (t->contract_days, ==, 1826);
  for (guint i = 0; i < t->rows->len; i++)
    {
      BansouShareRow *r = &g_array_index (t->rows, BansouShareRow, i);

      sum += r->share;
      if (g_str_equal (r->participant->body, "022012"))
        {
          g_assert_cmpint (r->days, ==, 1826 - 183);
          g_assert_cmpint (r->standalone, ==, 5000000);
        }
      else if (g_str_equal (r->participant->body, "062014"))
        g_assert_cmpint (r->days, ==, 1826 - 365);
      else
        g_assert_cmpint (r->days, ==, 1826);
      /* The model: fixed + per terminal, for the days taken part */
      if (g_str_equal (r->participant->body, "032018"))
        g_assert_cmpint (r->standalone, ==, 10000000 + 20000 * 2000);
      g_assert_cmpint (r->savings, ==, r->standalone - r->share);
    }
  g_assert_cmpint (sum, ==, t->split->amount);

  list = bansou_procurements_list (f->ledger, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);

  /* Every change is in the audit trail */
  audit = bansou_store_list_audit (f->store, "procurement", id, &error);
  g_assert_no_error (error);
  {
    const char *wanted[] = { "created", "contract-start", "questions", "total", "method", "subsidy-rate" };
    for (guint w = 0; w < G_N_ELEMENTS (wanted); w++)
      {
        gboolean found = FALSE;
        for (guint i = 0; i < audit->len; i++)
          found |= g_str_equal (((BansouAuditEntry *) g_ptr_array_index (audit, i))->field, wanted[w]);
        g_assert_true (found);
      }
  }
  {
    g_autofree char *key = g_strdup_printf ("%s/062014", id);
    g_autoptr(GPtrArray) pa = bansou_store_list_audit (f->store, "procurement-participant", key, &error);
    BansouAuditEntry *last = g_ptr_array_index (pa, pa->len - 1);

    g_assert_cmpstr (last->field, ==, "left_on");
    g_assert_cmpstr (last->new_value, ==, "2030-03-31");
    g_assert_cmpstr (last->actor, ==, "テスト担当");
  }
}

static void
test_ledger_phase_gating (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = seven_prefecture_project (f);
  g_autofree char *other = NULL;
  g_autoptr(BansouProject) p = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  Counts before;
  gboolean overridden = FALSE;

  g_assert_true (bansou_procurements_set_phase (f->ledger, id, BANSOU_PHASE_NOTICE, "2025-12-01", &error));
  g_assert_no_error (error);

  /* Without the checks: refused, naming what is missing, nothing written */
  g_assert_true (bansou_procurements_set_field (f->ledger, id, "vendor", "東北セキュア株式会社", &error));
  before = counts (f);
  g_assert_false (bansou_procurements_set_phase (f->ledger, id, BANSOU_PHASE_CONTRACT, "2026-03-01", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "契約"));
  g_assert_nonnull (strstr (error->message, "違約"));
  g_assert_null (strstr (error->message, "事業者名"));
  g_clear_error (&error);
  assert_counts_equal (before, counts (f));
  g_assert_false (bansou_procurements_set_phase (f->ledger, id, BANSOU_PHASE_OPERATION, NULL, &error));
  g_clear_error (&error);

  /* With every check done (the desk consulted as required) */
  g_assert_true (bansou_procurements_set_field (f->ledger, id, "criteria", "yes", &error));
  g_assert_true (bansou_procurements_set_field (f->ledger, id, "declaration-date", "2026-02-10", &error));
  g_assert_true (bansou_procurements_set_field (f->ledger, id, "declaration-ref", "東セ第12号", &error));
  g_assert_true (bansou_procurements_set_field (f->ledger, id, "penalty", "yes", &error));
  g_assert_true (bansou_procurements_set_field (f->ledger, id, "desk-required", "yes", &error));
  g_assert_no_error (error);
  g_assert_false (bansou_procurements_set_phase (f->ledger, id, BANSOU_PHASE_CONTRACT, "2026-03-01", &error));
  g_assert_nonnull (strstr (error->message, "窓口"));
  g_clear_error (&error);
  g_assert_true (bansou_procurements_set_field (f->ledger, id, "desk-consulted", "2026-02-20", &error));
  g_assert_true (bansou_procurements_set_phase (f->ledger, id, BANSOU_PHASE_CONTRACT, "2026-03-01", &error));
  g_assert_no_error (error);
  p = bansou_procurements_lookup (f->ledger, id, &error);
  g_assert_cmpint (p->phase, ==, BANSOU_PHASE_CONTRACT);
  g_assert_cmpstr (p->phase_dates[BANSOU_PHASE_NOTICE], ==, "2025-12-01");
  g_assert_cmpstr (p->phase_dates[BANSOU_PHASE_CONTRACT], ==, "2026-03-01");

  /* Another project with an override recorded: allowed, and audited */
  other = bansou_procurements_add (f->ledger, "研修の共同実施", BANSOU_PROCUREMENT_TRAINING, "04", "宮城県市町村研修協議会",
                                   &error);
  g_assert_no_error (error);
  g_assert_false (bansou_procurements_set_phase (f->ledger, other, BANSOU_PHASE_CONTRACT, NULL, &error));
  g_clear_error (&error);
  g_assert_true (bansou_procurements_set_field (f->ledger, other, "override",
                                                "機器を調達しない研修のため（協議会決定 第3号）", &error));
  g_assert_true (bansou_procurements_set_phase (f->ledger, other, BANSOU_PHASE_CONTRACT, NULL, &error));
  g_assert_no_error (error);
  audit = bansou_store_list_audit (f->store, "procurement", other, &error);
  for (guint i = 0; i < audit->len; i++)
    {
      BansouAuditEntry *e = g_ptr_array_index (audit, i);
      if (g_str_equal (e->field, "phase-override"))
        {
          g_assert_cmpstr (e->new_value, ==, "機器を調達しない研修のため（協議会決定 第3号）");
          overridden = TRUE;
        }
    }
  g_assert_true (overridden);
}

static void
test_ledger_bad_input (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = seven_prefecture_project (f);
  BansouCostParams cost = { .total = -5, .subsidy_den = 1, .subsidy_cap = -1 };
  const char *bad_questions[] = { "no.such.question", NULL };
  Counts before = counts (f);

  cost.weights[BANSOU_COST_BASIS_EQUAL] = 10000;

  /* A negative total */
  g_assert_false (bansou_procurements_set_cost (f->ledger, id, &cost, &error));
  g_assert_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "合計額"));
  g_clear_error (&error);

  /* Weights not adding up to 100 % */
  cost.total = 1000;
  cost.weights[BANSOU_COST_BASIS_EQUAL] = 2000;
  cost.weights[BANSOU_COST_BASIS_TERMINALS] = 7000;
  g_assert_false (bansou_procurements_set_cost (f->ledger, id, &cost, &error));
  g_assert_nonnull (strstr (error->message, "100%"));
  g_clear_error (&error);

  /* A missing unit: nobody has a population in this registry */
  cost.weights[BANSOU_COST_BASIS_EQUAL] = 0;
  cost.weights[BANSOU_COST_BASIS_TERMINALS] = 0;
  cost.weights[BANSOU_COST_BASIS_POPULATION] = 10000;
  g_assert_false (bansou_procurements_set_cost (f->ledger, id, &cost, &error));
  g_assert_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_MISSING_UNIT);
  g_assert_nonnull (strstr (error->message, "022012 青森市"));
  g_assert_nonnull (strstr (error->message, "151009 新潟市"));
  g_clear_error (&error);

  /* Leaving before joining */
  g_assert_true (bansou_procurements_join (f->ledger, id, "032018", "2027-04-01", -1, -1, -1, &error));
  before = counts (f);
  g_assert_false (bansou_procurements_leave (f->ledger, id, "032018", "2027-03-31", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "脱退"));
  g_clear_error (&error);
  g_assert_false (bansou_procurements_leave (f->ledger, id, "022012", "2026-03-31", &error));
  g_clear_error (&error);

  /* A code that is not one, and a well-formed code no body has */
  g_assert_false (bansou_procurements_join (f->ledger, id, "999999", NULL, 10, -1, -1, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "999999"));
  g_assert_nonnull (strstr (error->message, "団体コード"));
  g_clear_error (&error);
  {
    char nobody[7];

    g_snprintf (nobody, sizeof nobody, "34999%d", bansou_code_check_digit ("34999"));
    g_assert_true (bansou_code_is_valid (nobody));
    g_assert_false (bansou_procurements_join (f->ledger, id, nobody, NULL, 10, -1, -1, &error));
    g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, nobody));
    g_assert_nonnull (strstr (error->message, "団体台帳"));
    g_clear_error (&error);
  }

  /* A question not in the catalog, a date that is not one, an unknown field */
  g_assert_false (bansou_procurements_set_questions (f->ledger, id, bad_questions, &error));
  g_assert_nonnull (strstr (error->message, "no.such.question"));
  g_clear_error (&error);
  g_assert_false (bansou_procurements_set_field (f->ledger, id, "contract-end", "2026-02-30", &error));
  g_clear_error (&error);
  g_assert_false (bansou_procurements_set_field (f->ledger, id, "contract-end", "2025-03-31", &error));
  g_assert_nonnull (strstr (error->message, "契約期間"));
  g_clear_error (&error);
  g_assert_false (bansou_procurements_set_field (f->ledger, id, "colour", "blue", &error));
  g_clear_error (&error);
  g_assert_null (bansou_procurements_add (f->ledger, "  ", BANSOU_PROCUREMENT_OTHER, "04", NULL, &error));
  g_clear_error (&error);

  assert_counts_equal (before, counts (f));
}

static char *
random_date (GRand *rand,
             int    from_year,
             int    years)
{
  g_autoptr(GDate) date = g_date_new_dmy (1, G_DATE_JANUARY, from_year);

  g_date_add_days (date, g_rand_int_range (rand, 0, 365 * years));
  return bansou_date_to_iso (date);
}

static gint64
julian (const char *iso)
{
  g_autoptr(GDate) date = bansou_date_parse_iso (iso);
  return g_date_get_julian (date);
}

/* Random join and leave dates, through the ledger: each participant's
 * days are its overlap with the contract period, counted here with GDate,
 * and the shares still add up to the amount. */
static void
test_ledger_prorating_property (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (151009);
  g_autoptr(GListModel) bodies = bansou_registry_list (f->registry, NULL, BANSOU_LIST_MUNICIPALITIES_ONLY, NULL);
  guint n_bodies = g_list_model_get_n_items (bodies);

  for (guint iter = 0; iter < 30; iter++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BansouShareTable) t = NULL;
      g_autofree char *start = random_date (rand, 2026, 2);
      g_autofree char *end = NULL;
      g_autofree char *id = NULL;
      BansouCostParams cost = { .total = g_rand_int_range (rand, 0, G_MAXINT32), .subsidy_den = 1,
                                .subsidy_cap = -1 };
      gint64 sum = 0;

      {
        g_autoptr(GDate) e = bansou_date_parse_iso (start);
        g_date_add_days (e, g_rand_int_range (rand, 0, 365 * 5));
        end = bansou_date_to_iso (e);
      }
      id = bansou_procurements_add (f->ledger, "按分の検証", BANSOU_PROCUREMENT_OTHER, "15", NULL, &error);
      g_assert_true (bansou_procurements_set_field (f->ledger, id, "contract-start", start, &error));
      g_assert_true (bansou_procurements_set_field (f->ledger, id, "contract-end", end, &error));
      g_assert_no_error (error);

      for (guint i = 0; i < 12; i++)
        {
          g_autoptr(BansouBody) body = g_list_model_get_item (bodies, g_rand_int_range (rand, 0, n_bodies));
          const char *code = bansou_body_get_code (body);
          g_autofree char *join = g_rand_boolean (rand) ? random_date (rand, 2025, 9) : NULL;
          g_autofree char *leave = NULL;

          /* (the same body drawn twice updates its participation) */
          if (!bansou_procurements_join (f->ledger, id, code, join, g_rand_int_range (rand, 1, 5000), -1, -1,
                                         &error))
            {
              /* only when a redrawn body would now leave before it joins */
              g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
              g_clear_error (&error);
              continue;
            }
          if (g_rand_boolean (rand))
            {
              leave = random_date (rand, 2025, 9);
              if (!bansou_procurements_leave (f->ledger, id, code, leave, &error))
                {
                  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
                  g_clear_error (&error);
                }
            }
        }

      cost.weights[BANSOU_COST_BASIS_EQUAL] = 5000;
      cost.weights[BANSOU_COST_BASIS_TERMINALS] = 5000;
      if (!bansou_procurements_set_cost (f->ledger, id, &cost, &error))
        {
          /* everyone outside the period */
          g_assert_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_NOTHING);
          continue;
        }
      t = bansou_procurements_shares (f->ledger, id, &error);
      g_assert_no_error (error);
      g_assert_cmpint (t->contract_days, ==, julian (end) - julian (start) + 1);
      for (guint i = 0; i < t->rows->len; i++)
        {
          BansouShareRow *r = &g_array_index (t->rows, BansouShareRow, i);
          gint64 from = MAX (julian (start), r->participant->joined_on ? julian (r->participant->joined_on) : 0);
          gint64 to = MIN (julian (end), r->participant->left_on ? julian (r->participant->left_on) : G_MAXINT32);

          g_assert_cmpint (r->days, ==, MAX (to - from + 1, 0));
          g_assert_cmpint (r->share, >=, 0);
          if (r->days == 0)
            g_assert_cmpint (r->share, ==, 0);
          sum += r->share;
        }
      g_assert_cmpint (sum, ==, cost.total);
    }
}

static void
test_ledger_populations (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = seven_prefecture_project (f);
  g_autoptr(BansouShareTable) t = NULL;
  g_autoptr(BansouBody) aomori = NULL;
  const char *bad = "団体コード,団体名,人口\r\n022012,青森市,\"264,945\"\r\n999999,どこか,10\r\n";
  const char *good = "団体コード,団体名,人口\r\n022012,青森市,\"264,945\"\r\n032018,盛岡市,279000\r\n"
                     "041009,仙台市,1096000\r\n052019,秋田市,298000\r\n062014,山形市,241000\r\n"
                     "072010,福島市,272000\r\n151009,新潟市,770000\r\n";
  BansouCostParams cost = { .total = 10000000, .subsidy_den = 1, .subsidy_cap = -1 };
  Counts before = counts (f);
  guint n = 0;
  gint64 sum = 0;

  g_assert_false (bansou_procurements_import_populations (f->ledger, bad, strlen (bad), &n, &error));
  g_assert_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "999999"));
  g_clear_error (&error);
  assert_counts_equal (before, counts (f));

  g_assert_true (bansou_procurements_import_populations (f->ledger, good, strlen (good), &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 7);
  aomori = bansou_registry_lookup (f->registry, "022012", &error);
  g_assert_cmpint (bansou_body_get_population (aomori), ==, 264945);

  cost.weights[BANSOU_COST_BASIS_POPULATION] = 10000;
  g_assert_true (bansou_procurements_set_cost (f->ledger, id, &cost, &error));
  g_assert_no_error (error);
  t = bansou_procurements_shares (f->ledger, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < t->rows->len; i++)
    sum += g_array_index (t->rows, BansouShareRow, i).share;
  g_assert_cmpint (sum, ==, 10000000);
  /* 仙台市 (1,096,000 of 3,220,945 people) gets its quota, to the yen */
  {
    gint64 sendai = g_array_index (t->rows, BansouShareRow, 2).share;
    gint64 quota = (gint64) ((u128) 10000000 * 1096000 / 3220945);

    g_assert_cmpstr (g_array_index (t->rows, BansouShareRow, 2).participant->body, ==, "041009");
    g_assert_true (sendai == quota || sendai == quota + 1);
  }
}

/* ------------------------------------------------------------------------ */
/* bansouctl */

static char *
run_ok (const char          *db,
        const char * const  *args)
{
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = bansou_test_run_ctl (db, args, &out, &err);

  if (status != 0)
    g_error ("bansouctl %s failed (%d): %s", args[0], status, err);
  return out;
}

static void
test_ctl (void)
{
  g_autofree char *db = bansou_test_db_path ();
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  g_autofree char *help = NULL;
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *pops = g_build_filename (dir, "populations.csv", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 sum = 0;

  g_free (run_ok (db, CTL ("init", "--prefecture", "宮城県")));
  out = run_ok (db, CTL ("procurements", "add", "--title", "東北・新潟 セキュリティクラウド", "--type", "security_cloud"));
  id = g_strstrip (g_strdup (out));
  g_assert_true (g_uuid_string_is_valid (id));

  g_free (run_ok (db, CTL ("procurements", "set", id, "contract-start", "2026-04-01")));
  g_free (run_ok (db, CTL ("procurements", "set", id, "contract-end", "2031-03-31")));
  for (guint i = 0; i < G_N_ELEMENTS (seven); i++)
    g_free (run_ok (db, CTL ("procurements", "join", id, seven[i], "--terminals", "1200", "--standalone", "90000000")));
  g_free (run_ok (db, CTL ("procurements", "join", id, "022012", "--from", "2026-10-01")));

  /* 人口割 before the populations: a clear error naming the bodies, exit 1 */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("procurements", "split", id, "--total", "300000000",
                                                 "--method", "均等割30%+人口割70%"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "人口割"));
  g_assert_nonnull (strstr (err, "仙台市"));
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (pops, "code,population\n022012,264945\n032018,279000\n041009,1096000\n"
                                      "052019,298000\n062014,241000\n072010,272000\n151009,770000\n", -1, &error));
  g_free (run_ok (db, CTL ("procurements", "populations", pops)));

  text = run_ok (db, CTL ("procurements", "split", id, "--total", "300000000", "--subsidy", "1/2",
                          "--method", "均等割30%+人口割70%"));
  g_assert_nonnull (strstr (text, "150,000,000円"));
  g_clear_pointer (&text, g_free);

  /* shares: one line per participant, machine formats add up exactly */
  csv = run_ok (db, CTL ("procurements", "shares", id, "--format", "csv"));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "code,name,days,share,standalone,savings");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 7 + 1);
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);
      sum += g_ascii_strtoll (cells[3], NULL, 10);
    }
  g_assert_cmpint (sum, ==, 150000000);

  json = run_ok (db, CTL ("procurements", "shares", id, "--format", "json"));
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  {
    JsonObject *root = json_node_get_object (json_parser_get_root (parser));
    JsonArray *shares = json_object_get_array_member (root, "shares");
    gint64 jsum = 0;

    g_assert_cmpint (json_object_get_int_member (root, "amount"), ==, 150000000);
    g_assert_cmpuint (json_array_get_length (shares), ==, 7);
    for (guint i = 0; i < 7; i++)
      jsum += json_object_get_int_member (json_array_get_object_element (shares, i), "share");
    g_assert_cmpint (jsum, ==, 150000000);
  }

  /* The text table: padded by display width, the rule printed under it */
  text = run_ok (db, CTL ("procurements", "shares", id));
  g_assert_nonnull (strstr (text, "最大剰余法"));
  g_assert_nonnull (strstr (text, "団体コードの小さい順"));
  g_assert_nonnull (strstr (text, "仙台市"));
  g_clear_pointer (&text, g_free);

  text = run_ok (db, CTL ("procurements", "show", id));
  g_assert_nonnull (strstr (text, "7団体（7都道府県）"));
  g_assert_nonnull (strstr (text, "新潟県"));
  g_clear_pointer (&text, g_free);

  /* Phase gating from the command line */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("procurements", "set", id, "phase", "contract"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "サプライチェーン"));
  g_clear_pointer (&err, g_free);
  g_free (run_ok (db, CTL ("procurements", "set", id, "override", "既存契約の延長のため")));
  g_free (run_ok (db, CTL ("procurements", "set", id, "phase", "契約", "--date", "2026-03-15")));
  text = run_ok (db, CTL ("procurements", "history", id));
  g_assert_nonnull (strstr (text, "phase-override"));
  g_clear_pointer (&text, g_free);

  /* Bad input from the command line */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("procurements", "join", id, "999999"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "999999"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("procurements", "split", id, "--method", "均等割30%+人口割60%"),
                                        NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "100%"));
  g_clear_pointer (&err, g_free);

  text = run_ok (db, CTL ("procurements", "list"));
  g_assert_nonnull (strstr (text, "契約"));
  help = run_ok (db, CTL ("procurements", "--help"));
  g_assert_nonnull (strstr (help, "bansouctl procurements shares"));
  g_assert_nonnull (strstr (help, "均等割30%+人口割70%"));
  g_assert_nonnull (strstr (help, "使い方"));
}

int
main (int   argc,
      char *argv[])
{
  /* The user sees Japanese: the errors are checked in Japanese. */
  g_setenv ("LANGUAGE", "ja", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/procurement/split/hand", test_split_hand);
  g_test_add_func ("/procurement/split/property", test_split_property);
  g_test_add_func ("/procurement/split/bounds", test_split_bounds);
  g_test_add_func ("/procurement/split/errors", test_split_errors);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/procurement/ledger/roundtrip", test_ledger_roundtrip);
  ADD ("/procurement/ledger/phase-gating", test_ledger_phase_gating);
  ADD ("/procurement/ledger/bad-input", test_ledger_bad_input);
  ADD ("/procurement/ledger/populations", test_ledger_populations);
  ADD ("/procurement/ledger/prorating-property", test_ledger_prorating_property);
  g_test_add_func ("/procurement/ctl", test_ctl);

  return g_test_run ();
}
