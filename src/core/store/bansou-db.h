/* bansou-db.h — one sqlite layer for the workbench store and the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define BANSOU_DB_ERROR (bansou_db_error_quark ())

typedef enum
{
  BANSOU_DB_ERROR_FAILED,
  BANSOU_DB_ERROR_NEWER_SCHEMA,    /* written by a newer program: left untouched */
  BANSOU_DB_ERROR_CORRUPT,         /* not SQLite, or damaged: left untouched */
  BANSOU_DB_ERROR_CONSTRAINT,      /* the change would break a rule of the data */
  BANSOU_DB_ERROR_BUSY,
  BANSOU_DB_ERROR_NOT_INITIALIZED, /* empty, and the owner asked not to create it */
  BANSOU_DB_N_ERRORS
} BansouDbError;

typedef enum
{
  BANSOU_DB_OPEN_CREATE          = 1 << 0, /* create the file (and its folder) if missing */
  BANSOU_DB_OPEN_QUICK_CHECK     = 1 << 1, /* PRAGMA quick_check before anything is written */
  BANSOU_DB_OPEN_SYNC_FULL       = 1 << 2, /* synchronous=FULL: a commit is on disk (else NORMAL) */
  BANSOU_DB_OPEN_REQUIRE_SCHEMA  = 1 << 3, /* refuse a database at version 0 (never migrated) */
  BANSOU_DB_OPEN_NO_MIGRATE      = 1 << 4, /* the owner calls bansou_db_migrate() itself */
} BansouDbOpenFlags;

/* What a database is: its numbered migrations and how errors reach its
 * owner. Migration N (1-based) is migrations[N - 1]; each runs in one
 * transaction together with "PRAGMA user_version = N". */
typedef struct
{
  const char          *product;        /* named in refusals: "Bansō", "bansou-server" */
  const char * const  *migrations;
  guint                n_migrations;
  GQuark             (*error_domain) (void);  /* NULL: BANSOU_DB_ERROR */
  const int           *error_codes;    /* [BANSOU_DB_N_ERRORS] codes in error_domain; NULL: same */
} BansouDbSchema;

/* A prepared statement owned by the database's cache: g_autoptr() resets
 * it (never finalizes it), so no read transaction stays open by mistake. */
typedef sqlite3_stmt BansouCachedStmt;
static inline void
_bansou_cached_stmt_reset (BansouCachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouCachedStmt, _bansou_cached_stmt_reset)

/* A statement the caller owns: g_autoptr(sqlite3_stmt) finalizes it. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static inline const char *
_bansou_column_text (sqlite3_stmt *stmt, int col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

#define BANSOU_TYPE_DB (bansou_db_get_type ())

G_DECLARE_FINAL_TYPE (BansouDb, bansou_db, BANSOU, DB, GObject)

typedef gboolean (*BansouDbFunc) (gpointer   user_data,
                                  GError   **error);

GQuark            bansou_db_error_quark    (void);

BansouDb         *bansou_db_open           (const char            *path,
                                            const BansouDbSchema  *schema,
                                            BansouDbOpenFlags      flags,
                                            int                    max_version,
                                            GError               **error);
gboolean          bansou_db_migrate        (BansouDb              *self,
                                            int                    max_version,
                                            GError               **error);
const char       *bansou_db_get_path       (BansouDb              *self);
sqlite3          *bansou_db_get_handle     (BansouDb              *self);
int               bansou_db_get_version    (BansouDb              *self);

gboolean          bansou_db_exec           (BansouDb              *self,
                                            const char            *sql,
                                            GError               **error);
sqlite3_stmt     *bansou_db_prepare        (BansouDb              *self,
                                            const char            *sql,
                                            GError               **error);
BansouCachedStmt *bansou_db_prepare_cached (BansouDb              *self,
                                            const char            *sql,
                                            GError               **error);
gboolean          bansou_db_step_done      (BansouDb              *self,
                                            sqlite3_stmt          *stmt,
                                            GError               **error);
gint64            bansou_db_query_int      (BansouDb              *self,
                                            const char            *sql,
                                            gint64                 fallback);
void              bansou_db_set_error      (BansouDb              *self,
                                            GError               **error,
                                            const char            *what);

gboolean          bansou_db_transaction    (BansouDb              *self,
                                            BansouDbFunc           func,
                                            gpointer               user_data,
                                            GError               **error);
gboolean          bansou_db_in_transaction (BansouDb              *self);

G_END_DECLS
