/* bansou-support.h — the support module: which bodies and questions each
 * support action touched, and the effect of support (支援効果)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A support action is a visit of an expert (dispatch/), a body's
 * participation in a joint procurement (procurement/) or a consultation
 * ticket (consult/). Each of those rooms owns its records and tells this
 * module, inside the transaction that changes a record, which (body,
 * question) pairs the action touched and on which day: the rows of
 * support_actions (migration 8) are derived and never synced, so the
 * domain calls bansou_support_set_actions() both when it writes locally
 * and when its sync kind applies the server's record.
 */
#pragma once

#include "bansou-store.h"

G_BEGIN_DECLS

typedef enum
{
  BANSOU_SUPPORT_VISIT,
  BANSOU_SUPPORT_PROCUREMENT,
  BANSOU_SUPPORT_CONSULTATION,
} BansouSupportKind;

/* "visit", "procurement", "consultation": the column's value */
const char *bansou_support_kind_to_string (BansouSupportKind kind);

typedef struct
{
  const char *body;      /* a body code */
  const char *question;  /* a catalog question id */
} BansouSupportTarget;

/**
 * bansou_support_set_actions:
 * @store: the store, inside a transaction of the caller's
 * @kind: the kind of the action
 * @source: the visit, project or ticket id
 * @on_date: (nullable): "YYYY-MM-DD", when the support took place; %NULL
 *   or an empty @targets removes the action's rows (a cancelled visit)
 * @actor: (nullable): an expert id for visits
 * @targets: (array length=n_targets): the pairs touched
 *
 * Replaces every row of (@kind, @source) with @targets. Not audited: the
 * domain audits the change of its own record.
 */
gboolean    bansou_support_set_actions    (BansouStore               *store,
                                           BansouSupportKind          kind,
                                           const char                *source,
                                           const char                *on_date,
                                           const char                *actor,
                                           const BansouSupportTarget *targets,
                                           guint                      n_targets,
                                           GError                   **error);
/* As set_actions for a @source that has no rows yet (a record a pull
 * brings for the first time): the rows are only added. */
gboolean    bansou_support_add_actions    (BansouStore               *store,
                                           BansouSupportKind          kind,
                                           const char                *source,
                                           const char                *on_date,
                                           const char                *actor,
                                           const BansouSupportTarget *targets,
                                           guint                      n_targets,
                                           GError                   **error);

G_END_DECLS
