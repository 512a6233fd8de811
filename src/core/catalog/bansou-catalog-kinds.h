/* bansou-catalog-kinds.h — the catalog's record kind for sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-sync-kind.h"

G_BEGIN_DECLS

void      _bansou_catalog_register_sync_kinds (void);
/* Safe in a URL path: catalog versions are like 2026.1 */
gboolean  _bansou_catalog_is_version          (const char *str);

G_END_DECLS
