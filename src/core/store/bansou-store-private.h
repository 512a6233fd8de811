/* bansou-store-private.h — for the core's own modules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <sqlite3.h>

#include "bansou-store.h"

G_BEGIN_DECLS

sqlite3      *_bansou_store_get_db      (BansouStore  *self);
sqlite3_stmt *_bansou_store_prepare     (BansouStore  *self,
                                         const char   *sql,
                                         GError      **error);
gboolean      _bansou_store_step_done   (BansouStore  *self,
                                         sqlite3_stmt *stmt,
                                         GError      **error);
void          _bansou_store_set_error   (BansouStore  *self,
                                         GError      **error,
                                         const char   *what);
gboolean      _bansou_store_in_transaction (BansouStore *self);

static inline const char *
_bansou_column_text (sqlite3_stmt *stmt, int col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
