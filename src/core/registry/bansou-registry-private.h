/* bansou-registry-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-store.h"

G_BEGIN_DECLS

gboolean _bansou_registry_seed (BansouStore  *store,
                                GError      **error);

G_END_DECLS
