/* bansou-support-effect.h — the effect of support (支援効果): a simple
 * difference-in-differences of the answers before and after each action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The method is in docs/support.md. In short: a treated pair is a (body,
 * question) a support action touched; its window runs from the latest round
 * whose reference date is on or before the action's day to the first round
 * after it. Its control pairs are the same question in the other bodies of
 * the same prefecture that got no support on that question within the same
 * window. Answers score as everywhere else (docs/scoring.md: 実施済み 1,
 * 一部実施 ½, 未実施 0; 対象外 and 未回答 do not count).
 */
#pragma once

#include <gio/gio.h>

#include "bansou-store.h"
#include "bansou-support.h"

G_BEGIN_DECLS

/* Fewer treated or control pairs than this: the figure is 参考値. */
#define BANSOU_SUPPORT_SMALL_N 10

typedef enum
{
  BANSOU_SUPPORT_BY_PREFECTURE,
  BANSOU_SUPPORT_BY_EXPERT,
  BANSOU_SUPPORT_BY_BODY,
  BANSOU_SUPPORT_BY_KIND,
  BANSOU_SUPPORT_N_GROUPINGS
} BansouSupportGrouping;

/* "prefecture", "expert", "body", "kind"; from_string returns
 * BANSOU_SUPPORT_N_GROUPINGS for anything else */
const char            *bansou_support_grouping_to_string   (BansouSupportGrouping grouping);
BansouSupportGrouping  bansou_support_grouping_from_string (const char           *str);
/* The kind as a person reads it: 派遣, 共同調達, 相談 */
const char            *bansou_support_kind_get_label       (BansouSupportKind     kind);
gboolean               bansou_support_kind_from_string     (const char           *str,
                                                            BansouSupportKind    *kind);

/**
 * BansouSupportQuery:
 * @prefecture: (nullable): "34": only actions on bodies of that prefecture
 * @any_kind: %TRUE for every kind, else only @kind
 * @actor: (nullable): an expert id
 * @body: (nullable): a body code
 * @from: (nullable): "YYYY-MM-DD", actions on or after
 * @until: (nullable): "YYYY-MM-DD", actions on or before
 *
 * Which actions count as treatment. Controls are never filtered: a body
 * supported in any way on the question within the window is no control.
 */
typedef struct
{
  const char        *prefecture;
  gboolean           any_kind;
  BansouSupportKind  kind;
  const char        *actor;
  const char        *body;
  const char        *from;
  const char        *until;
} BansouSupportQuery;

/**
 * BansouSupportEffectRow:
 * @key: the expert id, body code, kind ("visit") or prefecture ("34")
 * @label: its name (an expert without a record: the id)
 * @n_treated: treated pairs compared
 * @n_control: control pairs they are compared with (each counted once)
 * @n_excluded: treated pairs without a counted answer in one of the two
 *   rounds (未回答, 対象外, or no answer row)
 * @n_uncompared: treated pairs whose question had no control pair in the
 *   prefecture and window
 * @n_pending: treated pairs with no round before or none after the action
 * @treated_before, @treated_after, @control_before, @control_after: mean
 *   scores from 0 to 1, or BANSOU_NO_SCORE (-1) without pairs; the control
 *   means are weighted by the treated pairs of each question and window
 * @did: (after − before of treated) − (after − before of control), in
 *   percentage points; NAN without pairs
 * @small: fewer than BANSOU_SUPPORT_SMALL_N treated or control pairs
 */
typedef struct
{
  char     *key;
  char     *label;
  guint     n_treated;
  guint     n_control;
  guint     n_excluded;
  guint     n_uncompared;
  guint     n_pending;
  double    treated_before;
  double    treated_after;
  double    control_before;
  double    control_after;
  double    did;
  gboolean  small;
} BansouSupportEffectRow;

typedef struct _BansouSupportEffect BansouSupportEffect;

#define BANSOU_TYPE_SUPPORT_EFFECT (bansou_support_effect_get_type ())

GType                         bansou_support_effect_get_type     (void) G_GNUC_CONST;
BansouSupportEffect          *bansou_support_effect_compute      (BansouStore              *store,
                                                                  const BansouSupportQuery *query,
                                                                  GError                  **error);
void                          bansou_support_effect_compute_async  (BansouStore              *store,
                                                                    const BansouSupportQuery *query,
                                                                    GCancellable             *cancellable,
                                                                    GAsyncReadyCallback       callback,
                                                                    gpointer                  user_data);
BansouSupportEffect          *bansou_support_effect_compute_finish (GAsyncResult             *result,
                                                                    GError                  **error);
BansouSupportEffect          *bansou_support_effect_ref          (BansouSupportEffect      *self);
void                          bansou_support_effect_unref        (BansouSupportEffect      *self);
/* Support actions (rows of support_actions) that matched the query: 0
 * means there is nothing to show, not “no effect”. */
guint                         bansou_support_effect_get_n_actions (BansouSupportEffect     *self);
guint                         bansou_support_effect_get_n_rows   (BansouSupportEffect      *self,
                                                                  BansouSupportGrouping     grouping);
const BansouSupportEffectRow *bansou_support_effect_get_row      (BansouSupportEffect      *self,
                                                                  BansouSupportGrouping     grouping,
                                                                  guint                     i);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouSupportEffect, bansou_support_effect_unref)

G_END_DECLS
