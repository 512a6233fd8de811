/* bansou-demo.h — synthetic survey data for demonstrations and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-catalog.h"
#include "bansou-store.h"

G_BEGIN_DECLS

/* The reference date of the latest demo round: the national survey the
 * baselines come from (令和7年10月末時点). */
#define BANSOU_DEMO_LATEST_ROUND "2025-10-31"
#define BANSOU_DEMO_MAX_ROUNDS   10

gboolean bansou_demo_generate (BansouStore    *store,
                               BansouCatalog  *catalog,
                               const char     *scope,
                               guint           n_rounds,
                               guint32         seed,
                               GError        **error);
gboolean bansou_demo_remove   (BansouStore    *store,
                               GError        **error);
gboolean bansou_demo_exists   (BansouStore    *store);

G_END_DECLS
