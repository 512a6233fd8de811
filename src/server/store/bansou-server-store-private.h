/* bansou-server-store-private.h — shared by the stores' files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-db.h"
#include "bansou-server-db.h"

G_BEGIN_DECLS

/* The sqlite store's migrations with the server's error domain, for
 * bansou_db_open() (bansou-server-migrations-sqlite.c). */
extern const BansouDbSchema _bansou_server_schema;

G_END_DECLS
