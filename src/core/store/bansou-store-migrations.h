/* bansou-store-migrations.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-db.h"

G_BEGIN_DECLS

/* Migration N (1-based) is _bansou_migrations[N - 1]; each runs in one
 * transaction together with "PRAGMA user_version = N". Never edit a
 * migration that has shipped: add a new one. */
extern const char * const _bansou_migrations[];
extern const guint _bansou_n_migrations;

/* The migrations with the store's error domain, for bansou_db_open(). */
extern const BansouDbSchema _bansou_store_schema;

G_END_DECLS
