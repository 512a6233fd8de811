/* bansou-cost-split.c — a shared cost divided exactly to the yen
 *
 * The 割り勘 of a joint procurement (report 3(1)イ: 東北 6 県 and 新潟県
 * bought their security cloud together and split the bill). Pure
 * integer arithmetic, no database and no floating point, so the same
 * input always gives the same shares on every machine:
 *
 *  1. subsidy = floor (total × num / den), at most the cap (the ministry
 *     subsidises the security cloud's renewal by 1/2, report 3(1)ア a);
 *     amount = total − subsidy.
 *  2. The amount is divided among the bases (均等割, 人口割, …) by their
 *     weights in basis points (largest remainder, ties in basis order).
 *  3. Each basis's amount is divided among the participants in proportion
 *     to units × days taken part (均等割: 1 × days), by the largest
 *     remainder: everyone gets the floor of their quota, the yen left
 *     over go one each to the largest remainders, ties to the smaller
 *     body code. A share is the sum over the bases.
 *
 * Bounds: amount ≤ 10^12, units ≤ 10^9, days ≤ 36,600, so a weight
 * units × days ≤ 3.7 × 10^13, a sum of weights over ≤ 10^5 participants
 * ≤ 3.7 × 10^18 < 2^63, and amount × weight ≤ 3.7 × 10^25 < 2^127:
 * products are taken in unsigned 128 bits, everything else fits gint64.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-procurement"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-cost-split.h"

G_DEFINE_QUARK (bansou-cost-error-quark, bansou_cost_error)

typedef unsigned __int128 u128;

static const struct {
  const char *id;
  const char *label;
  const char *unit;
} bases[BANSOU_COST_N_BASES] = {
  { "equal",      N_("Equal split"),      N_("participant") },
  { "population", N_("By population"),    N_("population") },
  { "terminals",  N_("By terminals"),     N_("terminals") },
  { "users",      N_("By users"),         N_("users") },
};

/* The Japanese names people type, beside the ids. */
static const char * const basis_ja[BANSOU_COST_N_BASES] = {
  "均等割", "人口割", "端末数割", "利用者数割",
};

const char *
bansou_cost_basis_to_string (BansouCostBasis basis)
{
  g_return_val_if_fail (basis < BANSOU_COST_N_BASES, NULL);
  return bases[basis].id;
}

const char *
bansou_cost_basis_get_label (BansouCostBasis basis)
{
  g_return_val_if_fail (basis < BANSOU_COST_N_BASES, NULL);
  return _(bases[basis].label);
}

const char *
bansou_cost_basis_get_unit_label (BansouCostBasis basis)
{
  g_return_val_if_fail (basis < BANSOU_COST_N_BASES, NULL);
  return _(bases[basis].unit);
}

/**
 * bansou_cost_basis_from_string:
 * @text: an id ("population") or its Japanese name ("人口割")
 *
 * Returns: the basis, or %BANSOU_COST_N_BASES if @text names none
 */
BansouCostBasis
bansou_cost_basis_from_string (const char *text)
{
  for (guint b = 0; text != NULL && b < BANSOU_COST_N_BASES; b++)
    if (g_str_equal (text, bases[b].id) || g_str_equal (text, basis_ja[b]))
      return b;
  return BANSOU_COST_N_BASES;
}

/**
 * bansou_cost_split_rule_text:
 *
 * The rounding rule as one sentence, printed under every share table.
 */
const char *
bansou_cost_split_rule_text (void)
{
  return _("Rounding: the subsidy is rounded down to the yen. The amount to share is "
           "divided among the methods by their weights, and each method’s part among the "
           "participants in proportion to units × days of participation. Each participant "
           "first gets its quota rounded down to the yen; the yen left over go one each to "
           "the largest remainders, equal remainders in order of body code. The shares add "
           "up exactly to the amount to share (largest remainder method).");
}

typedef struct
{
  gint64      remainder;
  const char *code;
  guint       index;
} Rest;

static int
compare_rest (gconstpointer a,
              gconstpointer b)
{
  const Rest *x = a, *y = b;
  int c;

  if (x->remainder != y->remainder)
    return x->remainder > y->remainder ? -1 : 1;
  if ((c = g_strcmp0 (x->code, y->code)) != 0)
    return c;
  return x->index < y->index ? -1 : x->index > y->index;
}

/**
 * bansou_cost_apportion:
 * @amount: yen to divide, ≥ 0
 * @weights: (array length=n): ≥ 0; their sum must fit gint64
 * @codes: (array length=n): tie-breakers, compared with strcmp
 * @out: (array length=n): the parts; all 0 when every weight is 0
 *
 * Hamilton's method: floor of each quota, then one yen each to the
 * largest remainders. The parts add up to @amount unless every weight
 * is 0.
 */
void
bansou_cost_apportion (gint64              amount,
                       const gint64       *weights,
                       const char * const *codes,
                       guint               n,
                       gint64             *out)
{
  g_autofree Rest *rest = NULL;
  gint64 sum = 0;
  gint64 given = 0;

  g_return_if_fail (amount >= 0);

  for (guint i = 0; i < n; i++)
    {
      g_assert (weights[i] >= 0);
      sum += weights[i];
    }
  if (sum == 0)
    {
      memset (out, 0, n * sizeof *out);
      return;
    }

  rest = g_new (Rest, n);
  for (guint i = 0; i < n; i++)
    {
      u128 p = (u128) amount * (u128) weights[i];

      out[i] = (gint64) (p / (u128) sum);
      rest[i].remainder = (gint64) (p % (u128) sum);
      rest[i].code = codes[i];
      rest[i].index = i;
      given += out[i];
    }

  /* The remainders add up to (amount − given) × sum and each is < sum,
   * so fewer yen are left than there are non-zero remainders: a part of
   * weight 0 never gets one. */
  qsort (rest, n, sizeof *rest, compare_rest);
  for (gint64 k = 0; k < amount - given; k++)
    out[rest[k].index]++;
}

/**
 * bansou_cost_params_validate:
 *
 * Returns: %FALSE with a %BANSOU_COST_ERROR_INVALID error naming what is
 *   wrong (a negative total, weights not adding up to 100 %, …)
 */
gboolean
bansou_cost_params_validate (const BansouCostParams  *params,
                             GError                 **error)
{
  guint sum = 0;

  g_return_val_if_fail (params != NULL, FALSE);

  if (params->total < 0 || params->total > BANSOU_COST_MAX_TOTAL)
    {
      g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, params->total);

      g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID,
                   _("The total must be between 0 and 1,000,000,000,000 yen (it is %s)"), total);
      return FALSE;
    }
  if (params->subsidy_den < 1 || params->subsidy_den > BANSOU_COST_MAX_RATE_DEN ||
      params->subsidy_num < 0 || params->subsidy_num > params->subsidy_den)
    {
      g_autofree char *rate = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                               params->subsidy_num, params->subsidy_den);

      g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID,
                   _("The subsidy rate must be between 0 and 1 (it is %s)"), rate);
      return FALSE;
    }
  if (params->subsidy_cap < -1)
    {
      g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID,
                   _("The subsidy cap cannot be negative"));
      return FALSE;
    }
  for (guint b = 0; b < BANSOU_COST_N_BASES; b++)
    {
      if (params->weights[b] > BANSOU_COST_WEIGHT_WHOLE)
        sum = BANSOU_COST_WEIGHT_WHOLE + 1;
      else
        sum += params->weights[b];
    }
  if (sum != BANSOU_COST_WEIGHT_WHOLE)
    {
      g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID,
                   _("The weights of the split methods must add up to 100%% (they add up to %u.%02u%%)"),
                   sum / 100, sum % 100);
      return FALSE;
    }
  return TRUE;
}

/**
 * bansou_cost_subsidy:
 *
 * Returns: the national subsidy of valid @params, rounded down to the yen
 */
gint64
bansou_cost_subsidy (const BansouCostParams *params)
{
  gint64 subsidy = (gint64) ((u128) params->total * (u128) params->subsidy_num /
                             (u128) params->subsidy_den);

  if (params->subsidy_cap >= 0 && subsidy > params->subsidy_cap)
    subsidy = params->subsidy_cap;
  return subsidy;
}

static const char *
display_name (const BansouCostParticipant *p)
{
  return p->name != NULL && *p->name != '\0' ? p->name : p->code;
}

/* A Japanese list "342025 呉市、342033 竹原市" of at most ten bodies. */
static char *
list_bodies (GPtrArray *which)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < which->len && i < 10; i++)
    {
      const BansouCostParticipant *p = g_ptr_array_index (which, i);

      if (i > 0)
        g_string_append (text, _(", "));
      g_string_append_printf (text, "%s %s", p->code, display_name (p));
    }
  if (which->len > 10)
    g_string_append_printf (text, _(" and %u more"), which->len - 10);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * bansou_cost_split:
 * @participants: (array length=n_participants): each with its own code
 *
 * Divides the cost. Stops, with an error naming the bodies, when a basis
 * with a weight needs a unit some participant with days lacks.
 *
 * Returns: (transfer full): the split, or %NULL with a %BANSOU_COST_ERROR
 */
BansouCostSplit *
bansou_cost_split (const BansouCostParams      *params,
                   const BansouCostParticipant *participants,
                   guint                        n_participants,
                   GError                     **error)
{
  static const char * const basis_codes[BANSOU_COST_N_BASES] = { "0", "1", "2", "3" };
  g_autoptr(BansouCostSplit) split = NULL;
  g_autofree const char **codes = NULL;
  g_autofree gint64 *weights = NULL;
  g_autofree gint64 *part = NULL;
  gint64 basis_weights[BANSOU_COST_N_BASES];
  gint64 any_days = 0;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (participants != NULL || n_participants == 0, NULL);

  if (!bansou_cost_params_validate (params, error))
    return NULL;
  if (n_participants == 0)
    {
      g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_NOTHING,
                   _("The project has no participants to share the cost"));
      return NULL;
    }
  if (n_participants > BANSOU_COST_MAX_PARTICIPANTS)
    {
      g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID,
                   _("Too many participants (at most %u)"), BANSOU_COST_MAX_PARTICIPANTS);
      return NULL;
    }

  for (guint i = 0; i < n_participants; i++)
    {
      const BansouCostParticipant *p = &participants[i];

      if (p->days < 0 || p->days > BANSOU_COST_MAX_DAYS)
        {
          g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID,
                       _("The days of participation of %s %s are out of range"),
                       p->code, display_name (p));
          return NULL;
        }
      for (guint b = BANSOU_COST_BASIS_EQUAL + 1; b < BANSOU_COST_N_BASES; b++)
        if (p->units[b] > BANSOU_COST_MAX_UNIT || p->units[b] < -1)
          {
            g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID,
                         _("The %s of %s %s is out of range"),
                         bansou_cost_basis_get_unit_label (b), p->code, display_name (p));
            return NULL;
          }
      any_days += p->days;
    }
  if (any_days == 0)
    {
      g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_NOTHING,
                   _("No participant takes part in the contract period"));
      return NULL;
    }

  /* A missing unit stops the split, naming every body that lacks it. */
  for (guint b = BANSOU_COST_BASIS_EQUAL + 1; b < BANSOU_COST_N_BASES; b++)
    {
      g_autoptr(GPtrArray) missing = g_ptr_array_new ();
      gint64 sum = 0;

      if (params->weights[b] == 0)
        continue;
      for (guint i = 0; i < n_participants; i++)
        {
          if (participants[i].days > 0 && participants[i].units[b] < 0)
            g_ptr_array_add (missing, (gpointer) &participants[i]);
          else if (participants[i].days > 0)
            sum += participants[i].units[b];
        }
      if (missing->len > 0)
        {
          g_autofree char *names = list_bodies (missing);

          g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_MISSING_UNIT,
                       _("%s needs the %s of every participant; it is missing for %s"),
                       bansou_cost_basis_get_label (b), bansou_cost_basis_get_unit_label (b), names);
          return NULL;
        }
      if (sum == 0)
        {
          g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_NOTHING,
                       _("%s cannot be applied: the %s of every participant is 0"),
                       bansou_cost_basis_get_label (b), bansou_cost_basis_get_unit_label (b));
          return NULL;
        }
    }

  split = g_new0 (BansouCostSplit, 1);
  split->total = params->total;
  split->subsidy = bansou_cost_subsidy (params);
  split->amount = params->total - split->subsidy;
  split->n_participants = n_participants;
  split->shares = g_new0 (gint64, n_participants);
  split->basis_shares = g_new0 (gint64, (gsize) n_participants * BANSOU_COST_N_BASES);

  for (guint b = 0; b < BANSOU_COST_N_BASES; b++)
    basis_weights[b] = params->weights[b];
  bansou_cost_apportion (split->amount, basis_weights, basis_codes, BANSOU_COST_N_BASES,
                         split->basis_amount);

  codes = g_new (const char *, n_participants);
  weights = g_new (gint64, n_participants);
  part = g_new (gint64, n_participants);
  for (guint i = 0; i < n_participants; i++)
    codes[i] = participants[i].code;

  for (guint b = 0; b < BANSOU_COST_N_BASES; b++)
    {
      if (params->weights[b] == 0)
        continue;
      for (guint i = 0; i < n_participants; i++)
        weights[i] = participants[i].days *
                     (b == BANSOU_COST_BASIS_EQUAL ? 1 : MAX (participants[i].units[b], 0));
      bansou_cost_apportion (split->basis_amount[b], weights, codes, n_participants, part);
      for (guint i = 0; i < n_participants; i++)
        {
          split->basis_shares[(gsize) i * BANSOU_COST_N_BASES + b] = part[i];
          split->shares[i] += part[i];
        }
    }

  return g_steal_pointer (&split);
}

void
bansou_cost_split_free (BansouCostSplit *split)
{
  if (split == NULL)
    return;
  g_free (split->shares);
  g_free (split->basis_shares);
  g_free (split);
}
