/* bansou-store-sql.h — the SQL helpers the core's rooms use on the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Not for the app or the programs: they go through the rooms' own API.
 * Each helper is a thin wrapper of the store's BansouDb (bansou-db.h), so
 * errors arrive in BANSOU_STORE_ERROR.
 */
#pragma once

#include "bansou-db.h"
#include "bansou-store.h"

G_BEGIN_DECLS

BansouDb         *_bansou_store_get_database     (BansouStore  *self);
sqlite3          *_bansou_store_get_db           (BansouStore  *self);
sqlite3_stmt     *_bansou_store_prepare          (BansouStore  *self,
                                                  const char   *sql,
                                                  GError      **error);
BansouCachedStmt *_bansou_store_prepare_cached   (BansouStore  *self,
                                                  const char   *sql,
                                                  GError      **error);
gboolean          _bansou_store_step_done        (BansouStore  *self,
                                                  sqlite3_stmt *stmt,
                                                  GError      **error);
void              _bansou_store_set_error        (BansouStore  *self,
                                                  GError      **error,
                                                  const char   *what);
gboolean          _bansou_store_in_transaction   (BansouStore  *self);

G_END_DECLS
