/* bansou-outbox.c — local edits waiting to be sent, for any record kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The table (migration 4): id, idempotency_key, type, k1, k2, k3, payload,
 * base_rev, created_at, sent. "sent" is 0 until the row goes into a chunk
 * (outbox_chunks); then it is frozen until the chunk is answered, and a
 * new edit of the record makes a new row.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include "bansou-sync-private.h"

#define OUTBOX_INSERT \
  "INSERT INTO outbox (idempotency_key, type, k1, k2, k3, payload, base_rev, created_at) " \
  "SELECT lower(hex(randomblob(16))), s.* , strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM ("
/* "WHERE true": an upsert after INSERT … SELECT needs a WHERE to parse. */
#define OUTBOX_UPSERT \
  ") AS s WHERE true " \
  "ON CONFLICT (type, k1, k2, k3) WHERE sent = 0 " \
  "DO UPDATE SET payload = excluded.payload, base_rev = excluded.base_rev"

sqlite3_stmt *
bansou_outbox_prepare (BansouStore  *store,
                       const char   *select_sql,
                       GError      **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);
  g_return_val_if_fail (select_sql != NULL, NULL);

  /* Fragments of SQL, no values: those are bound by the caller. */
  sql = g_strconcat (OUTBOX_INSERT, select_sql, OUTBOX_UPSERT, NULL);
  return _bansou_store_prepare (store, sql, error);
}

gboolean
bansou_outbox_put (BansouStore  *store,
                   const char   *type,
                   const char   *k1,
                   const char   *k2,
                   const char   *k3,
                   const char   *payload,
                   gint64        base_rev,
                   GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BANSOU_IS_STORE (store), FALSE);
  g_return_val_if_fail (bansou_sync_lookup_kind (type) != NULL, FALSE);
  g_return_val_if_fail (k1 != NULL && payload != NULL, FALSE);
  g_assert (_bansou_store_in_transaction (store));

  stmt = bansou_sync_stmt (store,
                           "INSERT INTO outbox (idempotency_key, type, k1, k2, k3, payload, base_rev, created_at) "
                           "VALUES (lower(hex(randomblob(16))), ?1, ?2, ?3, ?4, ?5, ?6, "
                           "  strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
                           "ON CONFLICT (type, k1, k2, k3) WHERE sent = 0 "
                           "DO UPDATE SET payload = excluded.payload, base_rev = excluded.base_rev", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, k1, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, k2 ? k2 : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, k3 ? k3 : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, payload, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, base_rev);
  return bansou_sync_stmt_done (store, stmt, error);
}

/* ------------------------------------------------------------------------ */
/* For the sync's own files                                                 */

void
_bansou_sync_bind_key (sqlite3_stmt       *stmt,
                       int                 first,
                       const char         *type,
                       const char * const *key)
{
  sqlite3_bind_text (stmt, first, type, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < BANSOU_SYNC_MAX_KEYS; i++)
    sqlite3_bind_text (stmt, first + 1 + (int) i, key[i] ? key[i] : "", -1, SQLITE_TRANSIENT);
}

/* A newer local edit of the record, not sent yet, is rebased on @rev. */
gboolean
_bansou_outbox_set_base (BansouStore         *store,
                         const char          *type,
                         const char * const  *key,
                         gint64               rev,
                         GError             **error)
{
  sqlite3_stmt *stmt = bansou_sync_stmt (store,
                                         "UPDATE outbox SET base_rev = ?5 WHERE sent = 0 AND type = ?1 AND k1 = ?2 "
                                         "AND k2 = ?3 AND k3 = ?4", error);

  if (stmt == NULL)
    return FALSE;
  _bansou_sync_bind_key (stmt, 1, type, key);
  sqlite3_bind_int64 (stmt, 5, rev);
  return bansou_sync_stmt_done (store, stmt, error);
}

gboolean
_bansou_outbox_delete (BansouStore  *store,
                       gint64        id,
                       GError      **error)
{
  sqlite3_stmt *stmt = bansou_sync_stmt (store, "DELETE FROM outbox WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return bansou_sync_stmt_done (store, stmt, error);
}

gboolean
_bansou_outbox_drop_unsent (BansouStore         *store,
                            const char          *type,
                            const char * const  *key,
                            GError             **error)
{
  sqlite3_stmt *stmt = bansou_sync_stmt (store,
                                         "DELETE FROM outbox WHERE sent = 0 AND type = ?1 AND k1 = ?2 AND k2 = ?3 "
                                         "AND k3 = ?4", error);

  if (stmt == NULL)
    return FALSE;
  _bansou_sync_bind_key (stmt, 1, type, key);
  return bansou_sync_stmt_done (store, stmt, error);
}

/* Records that the server holds the record at @rev, and rebases a newer
 * local edit of it onto that revision. */
gboolean
_bansou_sync_set_server_rev (BansouStore           *store,
                             const BansouSyncKind  *kind,
                             const char * const    *key,
                             gint64                 rev,
                             GError               **error)
{
  return kind->set_rev (store, key, rev, error) &&
         _bansou_outbox_set_base (store, kind->type, key, rev, error);
}

/**
 * bansou_sync_count_pending:
 *
 * Returns: the outbox rows not yet acknowledged by the server
 */
guint
bansou_sync_count_pending (BansouStore *store)
{
  g_return_val_if_fail (BANSOU_IS_STORE (store), 0);
  return _bansou_sync_count_query (store, "SELECT count(*) FROM outbox");
}

/* Outbox rows of demo rounds: they go only to a demo server. */
guint
bansou_sync_count_demo_pending (BansouStore *store)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (BANSOU_IS_STORE (store), 0);
  sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE %s", _bansou_survey_demo_outbox_condition ());
  return _bansou_sync_count_query (store, sql);
}
