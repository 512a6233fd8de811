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

/* The record's payload (the "data" of a batch operation) as the local rows
 * hold it now, and the revision it is based on. @type: "expert",
 * "dispatch_request" or "visit". Returns: (transfer full) (nullable):
 * %NULL with %BANSOU_STORE_ERROR_NOT_FOUND when there is no such record */
char     *_bansou_dispatch_sync_payload        (BansouStore  *store,
                                                const char   *type,
                                                const char   *id,
                                                gint64       *base_rev,
                                                GError      **error);

G_END_DECLS
