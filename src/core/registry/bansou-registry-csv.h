/* bansou-registry-csv.h — the body list as CSV for Excel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GBytes *bansou_registry_export_csv (GListModel *bodies);

G_END_DECLS
