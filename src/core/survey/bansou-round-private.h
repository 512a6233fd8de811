/* bansou-round-private.h — the survey builds rounds from database rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-round.h"

G_BEGIN_DECLS

BansouRound *_bansou_round_new (const char *id,
                                int         fiscal_year,
                                const char *title,
                                const char *catalog_version,
                                const char *prefilled_from,
                                gboolean    demo,
                                const char *created_at);

G_END_DECLS
