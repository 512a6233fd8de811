/* bansou-util.h — small helpers that belong to no domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

gboolean  bansou_str_is_blank   (const char   *str);
char     *bansou_format_count   (gint64        n);
char     *bansou_now_iso        (void);
char     *bansou_checksum_rows  (sqlite3_stmt *stmt,
                                 int          *rc);

G_END_DECLS
