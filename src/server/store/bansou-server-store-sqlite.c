/* bansou-server-store-sqlite.c — the server's store in one sqlite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The embedded default, over the core's one sqlite layer (bansou-db.h):
 * the same open checks (not SQLite, damaged, newer schema: refused and
 * left unchanged), numbered migrations, WAL and synchronous=FULL, so a
 * 2xx answer is only sent for data that is on disk. One connection, used
 * from the main loop only: this process is the only writer, so the head
 * revision it keeps in memory is the truth (get_head is NULL).
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <sqlite3.h>

#include "bansou-server-store-private.h"

typedef struct
{
  BansouServerStore  parent;
  BansouDb          *db;
  GHashTable        *stmts;   /* SQL text → SqliteStmt*, prepared once */
} SqliteStore;

typedef struct
{
  BansouServerStmt  parent;
  sqlite3_stmt     *stmt;
} SqliteStmt;

#define STORE(s) ((SqliteStore *) (s))
#define STMT(s)  (((SqliteStmt *) (s))->stmt)

static void
stmt_free (gpointer data)
{
  SqliteStmt *stmt = data;

  sqlite3_finalize (stmt->stmt);
  g_free (stmt);
}

static void
sqlite_close (BansouServerStore *store)
{
  SqliteStore *self = STORE (store);

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_object (&self->db);
  g_free (self);
}

static BansouServerStmt *
sqlite_prepare (BansouServerStore  *store,
                const char         *sql,
                GError            **error)
{
  SqliteStore *self = STORE (store);
  SqliteStmt *stmt = g_hash_table_lookup (self->stmts, sql);

  if (stmt == NULL)
    {
      sqlite3_stmt *raw = bansou_db_prepare (self->db, sql, error);

      if (raw == NULL)
        return NULL;
      stmt = g_new0 (SqliteStmt, 1);
      stmt->parent.store = store;
      stmt->stmt = raw;
      g_hash_table_insert (self->stmts, g_strdup (sql), stmt);
    }
  return &stmt->parent;
}

static void
sqlite_reset (BansouServerStmt *stmt)
{
  sqlite3_reset (STMT (stmt));
  sqlite3_clear_bindings (STMT (stmt));
}

static void
sqlite_bind_text (BansouServerStmt *stmt,
                  int               i,
                  const char       *value)
{
  sqlite3_bind_text (STMT (stmt), i, value, -1, SQLITE_TRANSIENT);
}

static void
sqlite_bind_int64 (BansouServerStmt *stmt,
                   int               i,
                   gint64            value)
{
  sqlite3_bind_int64 (STMT (stmt), i, value);
}

static void
sqlite_bind_null (BansouServerStmt *stmt,
                  int               i)
{
  sqlite3_bind_null (STMT (stmt), i);
}

static int
sqlite_parameter_count (BansouServerStmt *stmt)
{
  return sqlite3_bind_parameter_count (STMT (stmt));
}

static BansouServerStep
sqlite_step (BansouServerStmt  *stmt,
             GError           **error)
{
  int rc = sqlite3_step (STMT (stmt));

  if (rc == SQLITE_ROW)
    return BANSOU_SERVER_STEP_ROW;
  if (rc == SQLITE_DONE)
    return BANSOU_SERVER_STEP_DONE;
  bansou_db_set_error (STORE (stmt->store)->db, error, "running a statement");
  return BANSOU_SERVER_STEP_ERROR;
}

static int
sqlite_column_count (BansouServerStmt *stmt)
{
  return sqlite3_column_count (STMT (stmt));
}

static const char *
sqlite_column_name (BansouServerStmt *stmt,
                    int               col)
{
  return sqlite3_column_name (STMT (stmt), col);
}

static const char *
sqlite_column_text (BansouServerStmt *stmt,
                    int               col)
{
  return (const char *) sqlite3_column_text (STMT (stmt), col);
}

static gint64
sqlite_column_int64 (BansouServerStmt *stmt,
                     int               col)
{
  return sqlite3_column_int64 (STMT (stmt), col);
}

static gboolean
sqlite_column_is_null (BansouServerStmt *stmt,
                       int               col)
{
  return sqlite3_column_type (STMT (stmt), col) == SQLITE_NULL;
}

static gsize
sqlite_column_bytes (BansouServerStmt *stmt,
                     int               col)
{
  return sqlite3_column_bytes (STMT (stmt), col);
}

static gint64
sqlite_changes (BansouServerStore *store)
{
  return sqlite3_changes (bansou_db_get_handle (STORE (store)->db));
}

static gboolean
sqlite_exec (BansouServerStore  *store,
             const char         *sql,
             GError            **error)
{
  return bansou_db_exec (STORE (store)->db, sql, error);
}

static void
sqlite_set_error (BansouServerStore  *store,
                  GError            **error,
                  const char         *what)
{
  bansou_db_set_error (STORE (store)->db, error, what);
}

typedef struct
{
  BansouServerStoreFunc func;
  gpointer              user_data;
} Work;

static gboolean
work_cb (gpointer   user_data,
         GError   **error)
{
  Work *work = user_data;

  return work->func (work->user_data, error);
}

/* BEGIN IMMEDIATE … COMMIT: sqlite's one writer is the lock. */
static gboolean
sqlite_write (BansouServerStore      *store,
              gint64                 *head,
              BansouServerStoreFunc   func,
              gpointer                user_data,
              GError                **error)
{
  Work work = { func, user_data };

  g_return_val_if_fail (!bansou_db_in_transaction (STORE (store)->db), FALSE);
  return bansou_db_transaction (STORE (store)->db, work_cb, &work, error);
}

static gboolean
sqlite_in_transaction (BansouServerStore *store)
{
  return bansou_db_in_transaction (STORE (store)->db);
}

static const char *
sqlite_describe (BansouServerStore *store)
{
  return bansou_db_get_path (STORE (store)->db);
}

static const BansouServerStoreClass sqlite_class = {
  .kind = BANSOU_SERVER_STORE_SQLITE,
  .close = sqlite_close,
  .prepare = sqlite_prepare,
  .reset = sqlite_reset,
  .bind_text = sqlite_bind_text,
  .bind_int64 = sqlite_bind_int64,
  .bind_null = sqlite_bind_null,
  .parameter_count = sqlite_parameter_count,
  .step = sqlite_step,
  .column_count = sqlite_column_count,
  .column_name = sqlite_column_name,
  .column_text = sqlite_column_text,
  .column_int64 = sqlite_column_int64,
  .column_is_null = sqlite_column_is_null,
  .column_bytes = sqlite_column_bytes,
  .changes = sqlite_changes,
  .exec = sqlite_exec,
  .set_error = sqlite_set_error,
  .write = sqlite_write,
  .in_transaction = sqlite_in_transaction,
  .read = NULL,
  .get_head = NULL,
  .describe = sqlite_describe,
};

/**
 * bansou_server_store_open_sqlite:
 * @path: the database file
 * @create: create and migrate it if needed (`bansou-server init`)
 *
 * Returns: (transfer full): the store, or %NULL
 */
BansouServerStore *
bansou_server_store_open_sqlite (const char  *path,
                                 gboolean     create,
                                 GError     **error)
{
  BansouDbOpenFlags flags = BANSOU_DB_OPEN_SYNC_FULL;
  SqliteStore *self;
  BansouDb *db;

  flags |= create ? BANSOU_DB_OPEN_CREATE : BANSOU_DB_OPEN_REQUIRE_SCHEMA;
  db = bansou_db_open (path, &_bansou_server_schema, flags, -1, error);
  if (db == NULL)
    return NULL;

  self = g_new0 (SqliteStore, 1);
  self->parent.klass = &sqlite_class;
  self->db = db;
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stmt_free);
  return &self->parent;
}
