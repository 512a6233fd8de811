/* bansou-tls-database.h — a trust database that forwards to another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BANSOU_TYPE_TLS_DATABASE (bansou_tls_database_get_type ())
G_DECLARE_FINAL_TYPE (BansouTlsDatabase, bansou_tls_database, BANSOU, TLS_DATABASE, GTlsDatabase)

GTlsDatabase *bansou_tls_database_new (GTlsDatabase *inner);

G_END_DECLS
