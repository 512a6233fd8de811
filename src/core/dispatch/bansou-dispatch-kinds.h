/* bansou-dispatch-kinds.h — expert dispatch's record kinds for sync:
 * expert, dispatch_request, visit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-sync-kind.h"

G_BEGIN_DECLS

void      _bansou_dispatch_register_sync_kinds (void);

G_END_DECLS
