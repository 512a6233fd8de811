/* bansou-cost-split.h — a shared cost divided exactly to the yen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BANSOU_COST_ERROR (bansou_cost_error_quark ())

typedef enum
{
  BANSOU_COST_ERROR_INVALID,       /* an input out of its range; nothing computed */
  BANSOU_COST_ERROR_MISSING_UNIT,  /* a basis needs a unit some participants lack */
  BANSOU_COST_ERROR_NOTHING,       /* no participant, or every unit of a basis is 0 */
} BansouCostError;

/* The bases of a split, in their fixed order (also the order in which a
 * tie between bases is broken when the amount is divided among them). */
typedef enum
{
  BANSOU_COST_BASIS_EQUAL,       /* 均等割 */
  BANSOU_COST_BASIS_POPULATION,  /* 人口割 */
  BANSOU_COST_BASIS_TERMINALS,   /* 端末数割 */
  BANSOU_COST_BASIS_USERS,       /* 利用者数割 */
  BANSOU_COST_N_BASES
} BansouCostBasis;

/* Weights are in basis points: 10000 = 100 %, so 30 % + 70 % is exact. */
#define BANSOU_COST_WEIGHT_WHOLE     10000
/* Bounds the arithmetic is proven for (128-bit products, see the .c). */
#define BANSOU_COST_MAX_TOTAL        G_GINT64_CONSTANT (1000000000000)  /* 10^12 yen */
#define BANSOU_COST_MAX_UNIT         G_GINT64_CONSTANT (1000000000)     /* 10^9 */
#define BANSOU_COST_MAX_DAYS         36600                              /* 100 years */
#define BANSOU_COST_MAX_PARTICIPANTS 100000
#define BANSOU_COST_MAX_RATE_DEN     1000000

typedef struct
{
  const char *code;                        /* the body code: breaks ties */
  const char *name;                        /* for error messages; nullable */
  gint64      units[BANSOU_COST_N_BASES];  /* -1: unknown; [EQUAL] is ignored */
  gint64      days;                        /* days taken part in the contract period */
} BansouCostParticipant;

typedef struct
{
  gint64  total;                            /* yen, 0 … 10^12 */
  gint64  subsidy_num;                      /* national subsidy rate num/den, e.g. 1/2 */
  gint64  subsidy_den;
  gint64  subsidy_cap;                      /* yen, or -1 for no cap */
  guint   weights[BANSOU_COST_N_BASES];     /* basis points, summing to 10000 */
} BansouCostParams;

typedef struct
{
  gint64  total;
  gint64  subsidy;                          /* floor (total × rate), capped */
  gint64  amount;                           /* total − subsidy: what is divided */
  gint64  basis_amount[BANSOU_COST_N_BASES];
  guint   n_participants;
  gint64 *shares;                           /* n_participants, in input order */
  gint64 *basis_shares;                     /* n_participants × N_BASES, row-major */
} BansouCostSplit;

GQuark           bansou_cost_error_quark    (void);
const char      *bansou_cost_basis_to_string (BansouCostBasis basis);
const char      *bansou_cost_basis_get_label (BansouCostBasis basis);
const char      *bansou_cost_basis_get_unit_label (BansouCostBasis basis);
BansouCostBasis  bansou_cost_basis_from_string (const char *text);

gboolean         bansou_cost_params_validate (const BansouCostParams *params,
                                              GError                **error);
gint64           bansou_cost_subsidy         (const BansouCostParams *params);
BansouCostSplit *bansou_cost_split           (const BansouCostParams      *params,
                                              const BansouCostParticipant *participants,
                                              guint                        n_participants,
                                              GError                     **error);
void             bansou_cost_split_free      (BansouCostSplit *split);
const char      *bansou_cost_split_rule_text (void);

/* The largest-remainder step on its own: divides @amount among @n parts
 * in proportion to @weights (each ≥ 0, their sum within gint64; the
 * products are taken in 128 bits), adding the leftover yen to the largest
 * remainders, ties to the smaller @codes (strcmp). */
void             bansou_cost_apportion       (gint64              amount,
                                              const gint64       *weights,
                                              const char * const *codes,
                                              guint               n,
                                              gint64             *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouCostSplit, bansou_cost_split_free)

G_END_DECLS
