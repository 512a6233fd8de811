/* bansou-registry-kinds.h — the registry's record kinds for sync: body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-sync-kind.h"

G_BEGIN_DECLS

void      _bansou_registry_register_sync_kinds (void);

/* A code a record of the server may carry: a national code with its check
 * digit, or a registered body's "X" + prefecture + three digits. */
gboolean  _bansou_registry_is_sync_code        (const char          *code);
/* "34" for 342025 and X34001; FALSE when @code is no such code.
 * @out: three bytes */
gboolean  _bansou_registry_sync_prefecture     (const char          *code,
                                                char                *out);
/* Whether the body @code is kept here (read once per run). */
gboolean  _bansou_registry_sync_has_body       (BansouSyncContext   *ctx,
                                                const char          *code,
                                                gboolean            *has,
                                                GError             **error);

G_END_DECLS
