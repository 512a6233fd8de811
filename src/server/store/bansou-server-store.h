/* bansou-server-store.h — where the server keeps its records: sqlite or PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The server speaks SQL through this small interface and nothing else:
 * no file outside store/ includes sqlite3.h or libpq-fe.h. Two stores
 * implement it, bansou-server-store-sqlite.c (the embedded default, the
 * tests, the README's local server) and bansou-server-store-pg.c (the
 * ministry's deployment: several servers on one PostgreSQL).
 *
 * SQL is written once, in the dialect both stores accept:
 *  - parameters are numbered "?1", "?2", … (the PostgreSQL store rewrites
 *    them to "$1", "$2", … outside string literals);
 *  - "INSERT … ON CONFLICT (…) DO NOTHING / DO UPDATE SET … excluded.x",
 *    never "INSERT OR IGNORE" / "OR REPLACE";
 *  - "… RETURNING id" instead of last_insert_rowid();
 *  - group_concat(x, ',') and json_extract(column, '$.member') are the
 *    PostgreSQL store's to translate (string_agg, ->>); any other
 *    difference: ask bansou_server_store_get_kind() and write both.
 *  - no "LIMIT -1": "LIMIT 9223372036854775807"; a subquery in FROM has
 *    an alias.
 *  - a parameter whose type the context does not fix is cast:
 *    "CAST(?1 AS BIGINT)", "CAST(?2 AS TEXT)".
 *
 * Revisions and the change feed: every write transaction runs through
 * the store's write(), which takes the store's one write lock (sqlite:
 * BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock, held
 * until COMMIT) and gives the head revision read under that lock. Writers are therefore serialized across every server
 * process, revisions are handed out in commit order, and a reader of
 * "changes WHERE rev > cursor" can never see revision 12 before 11 has
 * committed. docs/api.md explains it to clients.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BANSOU_SERVER_STORE_SQLITE,
  BANSOU_SERVER_STORE_POSTGRESQL,
} BansouServerStoreKind;

typedef enum
{
  BANSOU_SERVER_STEP_ERROR = -1, /* the error is set */
  BANSOU_SERVER_STEP_DONE  = 0,
  BANSOU_SERVER_STEP_ROW   = 1,
} BansouServerStep;

typedef struct _BansouServerStore BansouServerStore;
typedef struct _BansouServerStmt  BansouServerStmt;

typedef gboolean (*BansouServerStoreFunc) (gpointer   user_data,
                                           GError   **error);

/* The store's vtable; each implementation fills one (store/ only). */
typedef struct
{
  BansouServerStoreKind kind;

  void              (*close)              (BansouServerStore *store);

  /* Prepared once per SQL text and cached; returned reset and unbound. */
  BansouServerStmt *(*prepare)            (BansouServerStore *store,
                                           const char        *sql,
                                           GError           **error);
  void              (*reset)              (BansouServerStmt  *stmt);

  /* Parameters are 1-based, as in the SQL text. Text is copied. */
  void              (*bind_text)          (BansouServerStmt  *stmt,
                                           int                i,
                                           const char        *value); /* NULL: SQL NULL */
  void              (*bind_int64)         (BansouServerStmt  *stmt,
                                           int                i,
                                           gint64             value);
  void              (*bind_null)          (BansouServerStmt  *stmt,
                                           int                i);
  int               (*parameter_count)    (BansouServerStmt  *stmt);

  BansouServerStep  (*step)               (BansouServerStmt  *stmt,
                                           GError           **error);

  /* Columns are 0-based; valid until the next step or reset. */
  int               (*column_count)       (BansouServerStmt  *stmt);
  const char       *(*column_name)        (BansouServerStmt  *stmt,
                                           int                col);
  const char       *(*column_text)        (BansouServerStmt  *stmt,
                                           int                col); /* NULL for SQL NULL */
  gint64            (*column_int64)       (BansouServerStmt  *stmt,
                                           int                col); /* 0 for SQL NULL */
  gboolean          (*column_is_null)     (BansouServerStmt  *stmt,
                                           int                col);
  gsize             (*column_bytes)       (BansouServerStmt  *stmt,
                                           int                col);

  /* Rows changed by the last INSERT/UPDATE/DELETE stepped to DONE. */
  gint64            (*changes)            (BansouServerStore *store);

  gboolean          (*exec)               (BansouServerStore *store,
                                           const char        *sql,
                                           GError           **error);

  /* Sets @error from the store's last failure, saying what was done. */
  void              (*set_error)          (BansouServerStore *store,
                                           GError           **error,
                                           const char        *what);

  /* Runs @func in one write transaction under the store's write lock
   * (not nested). @head: in, the head this process knows; the store may
   * replace it with the head read under its lock (several processes on one
   * store) before @func runs. On failure everything is rolled back. */
  gboolean          (*write)              (BansouServerStore     *store,
                                           gint64                *head,
                                           BansouServerStoreFunc  func,
                                           gpointer               user_data,
                                           GError               **error);
  gboolean          (*in_transaction)     (BansouServerStore *store);

  /* Runs @func on one snapshot of the store (a page of the change feed):
   * NULL when every read already is one (sqlite: this process is the only
   * writer, and it does not write while it reads). */
  gboolean          (*read)               (BansouServerStore     *store,
                                           BansouServerStoreFunc  func,
                                           gpointer               user_data,
                                           GError               **error);

  /* The head revision of committed writes, outside a transaction; NULL
   * when this process is the store's only writer (sqlite): then the head
   * it keeps is the truth. */
  gint64            (*get_head)           (BansouServerStore *store,
                                           GError           **error);

  /* For messages and `bansou-server migrate`: a path, or the connection
   * string without its password. */
  const char       *(*describe)           (BansouServerStore *store);
} BansouServerStoreClass;

/* Each implementation's store and statement structs begin with these. */
struct _BansouServerStore
{
  const BansouServerStoreClass *klass;
  /* Set by a store when it lost its connection or could not serialize
   * (PostgreSQL): whatever was answered meanwhile may rest on a failed
   * lookup, so the request is answered 503 instead (bansou-server-routes.c). */
  gboolean                      unavailable_seen;
};

struct _BansouServerStmt
{
  BansouServerStore *store;
};

/* Opening: `database=` in the config is a path (sqlite) or a connection
 * string "postgresql://…" / "host=… dbname=…" (PostgreSQL); the password
 * comes from `database-password-file=` or the environment (PGPASSWORD,
 * PGPASSFILE), never from the command line. @create runs the numbered
 * migrations (`bansou-server init`); otherwise an uninitialized store is
 * BANSOU_SERVER_ERROR_NOT_INITIALIZED and a newer one
 * BANSOU_SERVER_ERROR_NEWER_SCHEMA, left untouched. Errors are in
 * BANSOU_SERVER_ERROR (bansou-server-db.h); a lost connection or a
 * failed serialization is BANSOU_SERVER_ERROR_UNAVAILABLE, which the HTTP
 * side answers with 503 and Retry-After, nothing applied. */
gboolean           bansou_server_store_is_postgresql (const char *database);

BansouServerStore *bansou_server_store_open_sqlite   (const char  *path,
                                                      gboolean     create,
                                                      GError     **error);
BansouServerStore *bansou_server_store_open_pg       (const char  *conninfo,
                                                      const char  *password_file, /* nullable */
                                                      gboolean     create,
                                                      GError     **error);
BansouServerStore *bansou_server_store_open          (const char  *database,
                                                      const char  *password_file,
                                                      gboolean     create,
                                                      GError     **error);

/* `bansou-server migrate`: copies the sqlite database @source_path into
 * the new, empty PostgreSQL database @target in one transaction, then
 * verifies every table by its row count and an order-independent
 * checksum; @report lists them (bansou-server-store-migrate.c). */
gboolean           bansou_server_store_migrate       (const char  *source_path,
                                                      const char  *target,
                                                      const char  *target_password_file,
                                                      char       **report,
                                                      GError     **error);

/* Inline conveniences over the vtable, so call sites read like sqlite's. */
#define BANSOU_SERVER_STMT_STORE(stmt) ((stmt)->store)

static inline BansouServerStoreKind
bansou_server_store_get_kind (BansouServerStore *store)
{
  return store->klass->kind;
}

void               bansou_server_store_close         (BansouServerStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouServerStore, bansou_server_store_close)

static inline void
bansou_server_stmt_reset (BansouServerStmt *stmt)
{
  if (stmt != NULL)
    BANSOU_SERVER_STMT_STORE (stmt)->klass->reset (stmt);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouServerStmt, bansou_server_stmt_reset)

#define BANSOU_SERVER_STMT_CALL(stmt, method, ...) \
  (BANSOU_SERVER_STMT_STORE (stmt)->klass->method (stmt, __VA_ARGS__))

static inline void
bansou_server_stmt_bind_text (BansouServerStmt *stmt, int i, const char *value)
{
  BANSOU_SERVER_STMT_CALL (stmt, bind_text, i, value);
}

static inline void
bansou_server_stmt_bind_int64 (BansouServerStmt *stmt, int i, gint64 value)
{
  BANSOU_SERVER_STMT_CALL (stmt, bind_int64, i, value);
}

static inline void
bansou_server_stmt_bind_null (BansouServerStmt *stmt, int i)
{
  BANSOU_SERVER_STMT_CALL (stmt, bind_null, i);
}

static inline int
bansou_server_stmt_parameter_count (BansouServerStmt *stmt)
{
  return BANSOU_SERVER_STMT_STORE (stmt)->klass->parameter_count (stmt);
}

static inline BansouServerStep
bansou_server_stmt_step (BansouServerStmt *stmt, GError **error)
{
  return BANSOU_SERVER_STMT_CALL (stmt, step, error);
}

/* Steps a statement that returns no row; TRUE when it ran. */
static inline gboolean
bansou_server_stmt_step_done (BansouServerStmt *stmt, GError **error)
{
  return bansou_server_stmt_step (stmt, error) == BANSOU_SERVER_STEP_DONE;
}

static inline int
bansou_server_stmt_column_count (BansouServerStmt *stmt)
{
  return BANSOU_SERVER_STMT_STORE (stmt)->klass->column_count (stmt);
}

static inline const char *
bansou_server_stmt_column_name (BansouServerStmt *stmt, int col)
{
  return BANSOU_SERVER_STMT_CALL (stmt, column_name, col);
}

static inline const char *
bansou_server_stmt_column_text (BansouServerStmt *stmt, int col)
{
  return BANSOU_SERVER_STMT_CALL (stmt, column_text, col);
}

static inline gint64
bansou_server_stmt_column_int64 (BansouServerStmt *stmt, int col)
{
  return BANSOU_SERVER_STMT_CALL (stmt, column_int64, col);
}

static inline gboolean
bansou_server_stmt_column_is_null (BansouServerStmt *stmt, int col)
{
  return BANSOU_SERVER_STMT_CALL (stmt, column_is_null, col);
}

static inline gsize
bansou_server_stmt_column_bytes (BansouServerStmt *stmt, int col)
{
  return BANSOU_SERVER_STMT_CALL (stmt, column_bytes, col);
}

G_END_DECLS
