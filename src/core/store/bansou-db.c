/* bansou-db.c — one sqlite layer for the workbench store and the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Both databases are opened the same way: a file that is not ours, is
 * damaged, or was written by a newer program is refused before sqlite
 * writes anything (not even a journal); then WAL, foreign keys and a busy
 * timeout; then the numbered migrations, each in its own transaction.
 * Errors reach the owner in its own GError domain (BANSOU_STORE_ERROR,
 * BANSOU_SERVER_ERROR) through the code table of its schema.
 */
#define G_LOG_DOMAIN "bansou-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bansou-db.h"

struct _BansouDb
{
  GObject               parent_instance;

  sqlite3              *db;
  char                 *path;
  const BansouDbSchema *schema;
  GHashTable           *stmts;   /* SQL text → sqlite3_stmt, finalized with the database */
  int                   version;
  guint                 depth;   /* nesting of bansou_db_transaction() */
};

G_DEFINE_FINAL_TYPE (BansouDb, bansou_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (bansou-db-error-quark, bansou_db_error)

/* ------------------------------------------------------------------------ */

static void
set_mapped_error (const BansouDbSchema  *schema,
                  GError               **error,
                  BansouDbError          code,
                  const char            *format,
                  ...) G_GNUC_PRINTF (4, 5);

static void
set_mapped_error (const BansouDbSchema  *schema,
                  GError               **error,
                  BansouDbError          code,
                  const char            *format,
                  ...)
{
  g_autofree char *message = NULL;
  GQuark domain = BANSOU_DB_ERROR;
  int mapped = code;
  va_list args;

  if (error == NULL)
    return;

  if (schema != NULL && schema->error_domain != NULL)
    {
      domain = schema->error_domain ();
      if (schema->error_codes != NULL)
        mapped = schema->error_codes[code];
    }

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, domain, mapped, message);
}

static BansouDbError
code_from_sqlite (int extended)
{
  switch (extended & 0xff)
    {
    case SQLITE_CONSTRAINT:
      return BANSOU_DB_ERROR_CONSTRAINT;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return BANSOU_DB_ERROR_CORRUPT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return BANSOU_DB_ERROR_BUSY;
    default:
      return BANSOU_DB_ERROR_FAILED;
    }
}

/**
 * bansou_db_set_error:
 * @what: what was being done, translated ("reading answers")
 *
 * Sets @error from the connection's last sqlite error, in the owner's
 * domain: a constraint, a damaged file and a busy database get codes of
 * their own.
 */
void
bansou_db_set_error (BansouDb    *self,
                     GError     **error,
                     const char  *what)
{
  g_return_if_fail (BANSOU_IS_DB (self));
  g_return_if_fail (what != NULL);

  set_mapped_error (self->schema, error, code_from_sqlite (sqlite3_extended_errcode (self->db)),
                    /* Translators: %s says what was being done, the second %s is sqlite's message */
                    _("Database error while %s: %s"), what, sqlite3_errmsg (self->db));
}

/* A file that exists and is not empty must start with sqlite's magic; we
 * check before sqlite opens it so that nothing, not even a journal, is
 * ever written next to a file that is not ours. */
static gboolean
check_header (const char           *path,
              const BansouDbSchema *schema,
              GError              **error)
{
  static const char magic[16] = "SQLite format 3";
  char buf[16];
  FILE *fp;
  size_t n;

  fp = g_fopen (path, "rb");
  if (fp == NULL)
    return TRUE;  /* does not exist yet (or ":memory:") */

  n = fread (buf, 1, sizeof buf, fp);
  fclose (fp);

  if (n == 0)
    return TRUE;

  if (n < sizeof buf || memcmp (buf, magic, sizeof buf) != 0)
    {
      set_mapped_error (schema, error, BANSOU_DB_ERROR_CORRUPT,
                        /* Translators: the second %s is the program, Bansō or bansou-server */
                        _("“%s” is not a %s database (it is not an SQLite file). It was left unchanged."),
                        path, schema->product);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (BansouDb  *self,
         int        target,
         GError   **error)
{
  for (int v = self->version + 1; v <= target; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v);

      if (!bansou_db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!bansou_db_exec (self, self->schema->migrations[v - 1], error) ||
          !bansou_db_exec (self, bump, error) ||
          !bansou_db_exec (self, "COMMIT", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          g_prefix_error (error, _("Upgrading the database to version %d failed: "), v);
          return FALSE;
        }

      self->version = v;
      g_debug ("Migrated %s to version %d", self->path, v);
    }

  return TRUE;
}

/* Read-only checks: a file we refuse must stay byte-for-byte as it was. */
static gboolean
check_schema (BansouDb           *self,
              BansouDbOpenFlags   flags,
              GError            **error)
{
  const BansouDbSchema *schema = self->schema;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  self->version = (int) bansou_db_query_int (self, "PRAGMA user_version", -1);
  if (self->version < 0)
    {
      set_mapped_error (schema, error, BANSOU_DB_ERROR_CORRUPT,
                        _("The database “%s” is damaged and cannot be read. "
                          "It was left unchanged; restore it from a backup."), self->path);
      return FALSE;
    }

  if (self->version > (int) schema->n_migrations)
    {
      set_mapped_error (schema, error, BANSOU_DB_ERROR_NEWER_SCHEMA,
                        /* Translators: the second and last %s are the program, Bansō or bansou-server */
                        _("The database “%s” was written by a newer version of %s "
                          "(schema %d; this version knows up to %d). It was left unchanged; "
                          "please update %s."),
                        self->path, schema->product, self->version, (int) schema->n_migrations,
                        schema->product);
      return FALSE;
    }

  if (self->version == 0 && (flags & BANSOU_DB_OPEN_REQUIRE_SCHEMA))
    {
      set_mapped_error (schema, error, BANSOU_DB_ERROR_NOT_INITIALIZED,
                        _("The database “%s” is empty. It was left unchanged."), self->path);
      return FALSE;
    }

  if (self->version == 0 || !(flags & BANSOU_DB_OPEN_QUICK_CHECK))
    return TRUE;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1)", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 (_bansou_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  if (!ok)
    {
      set_mapped_error (schema, error, BANSOU_DB_ERROR_CORRUPT,
                        _("The database “%s” is damaged (integrity check failed). "
                          "It was left unchanged; restore it from a backup."), self->path);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
bansou_db_finalize (GObject *object)
{
  BansouDb *self = (BansouDb *)object;

  /* Statements before the connection: sqlite3_close_v2 would otherwise
   * keep a zombie connection until the last one is finalized. */
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (bansou_db_parent_class)->finalize (object);
}

static void
bansou_db_class_init (BansouDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bansou_db_finalize;
}

static void
bansou_db_init (BansouDb *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_db_open:
 * @path: the database file, or ":memory:"
 * @schema: (not nullable): its migrations and error domain; must outlive the database
 * @flags: how to open it
 * @max_version: migrate no further than this (tests build older schemas); -1: the latest
 * @error: return location for an error in @schema's domain (or a #G_FILE_ERROR)
 *
 * Opens @path, refusing — without writing anything — a file that is not
 * SQLite, a damaged database, or one written by a newer program, then
 * migrates it.
 *
 * Returns: (transfer full): the database, or %NULL
 */
BansouDb *
bansou_db_open (const char            *path,
                const BansouDbSchema  *schema,
                BansouDbOpenFlags      flags,
                int                    max_version,
                GError               **error)
{
  g_autoptr(BansouDb) self = NULL;
  int open_flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (schema != NULL, NULL);
  g_return_val_if_fail (schema->product != NULL, NULL);
  g_return_val_if_fail (max_version <= (int) schema->n_migrations, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (max_version < 0)
    max_version = (int) schema->n_migrations;

  if (!check_header (path, schema, error))
    return NULL;

  if (flags & BANSOU_DB_OPEN_CREATE)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      open_flags |= SQLITE_OPEN_CREATE;
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
          return NULL;
        }
    }

  /* A new database is made readable by its owner only: answers name every
   * weak point of a municipality. sqlite gives the -wal and -shm files the
   * mode of the database file, so they follow (docs/security.md). */
  if ((flags & BANSOU_DB_OPEN_CREATE) && !g_str_equal (path, ":memory:") &&
      !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd < 0 && errno != EEXIST)
        {
          int saved_errno = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Cannot open the database “%s”: %s"), path, g_strerror (saved_errno));
          return NULL;
        }
      if (fd >= 0)
        close (fd);
    }

  self = g_object_new (BANSOU_TYPE_DB, NULL);
  self->path = g_strdup (path);
  self->schema = schema;

  rc = sqlite3_open_v2 (path, &self->db, open_flags, NULL);
  if (rc != SQLITE_OK)
    {
      set_mapped_error (schema, error, BANSOU_DB_ERROR_FAILED,
                        _("Cannot open the database “%s”: %s"), path,
                        self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);
  /* A file refused here is closed as it was found: no checkpoint, no WAL
   * deleted under another process that still uses it. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  if (!check_schema (self, flags, error))
    return NULL;

  if (!bansou_db_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !bansou_db_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !bansou_db_exec (self, (flags & BANSOU_DB_OPEN_SYNC_FULL) ? "PRAGMA synchronous = FULL"
                                                                : "PRAGMA synchronous = NORMAL", error))
    return NULL;

  if (!(flags & BANSOU_DB_OPEN_NO_MIGRATE) && !migrate (self, max_version, error))
    return NULL;

  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
  return g_steal_pointer (&self);
}

/**
 * bansou_db_migrate:
 * @max_version: migrate no further than this; -1 for the latest
 *
 * Runs the migrations a database opened with %BANSOU_DB_OPEN_NO_MIGRATE
 * still needs, each in its own transaction.
 */
gboolean
bansou_db_migrate (BansouDb  *self,
                   int        max_version,
                   GError   **error)
{
  g_return_val_if_fail (BANSOU_IS_DB (self), FALSE);
  g_return_val_if_fail (max_version <= (int) self->schema->n_migrations, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (max_version < 0)
    max_version = (int) self->schema->n_migrations;
  return migrate (self, max_version, error);
}

const char *
bansou_db_get_path (BansouDb *self)
{
  g_return_val_if_fail (BANSOU_IS_DB (self), NULL);
  return self->path;
}

sqlite3 *
bansou_db_get_handle (BansouDb *self)
{
  g_return_val_if_fail (BANSOU_IS_DB (self), NULL);
  return self->db;
}

/* Returns: the schema version the database is at now */
int
bansou_db_get_version (BansouDb *self)
{
  g_return_val_if_fail (BANSOU_IS_DB (self), 0);
  return self->version;
}

gboolean
bansou_db_exec (BansouDb    *self,
                const char  *sql,
                GError     **error)
{
  g_return_val_if_fail (BANSOU_IS_DB (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      bansou_db_set_error (self, error, _("running a statement"));
      return FALSE;
    }
  return TRUE;
}

/**
 * bansou_db_prepare:
 *
 * Returns: (transfer full): a new statement; hold it in g_autoptr(sqlite3_stmt)
 */
sqlite3_stmt *
bansou_db_prepare (BansouDb    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (BANSOU_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      bansou_db_set_error (self, error, _("preparing a query"));
      return NULL;
    }

  return stmt;
}

/**
 * bansou_db_prepare_cached:
 * @sql: a constant text: it is the cache's key
 *
 * Returns: (transfer none): a cached statement, reset and unbound; hold it
 *   in g_autoptr(BansouCachedStmt) so it is reset after use
 */
BansouCachedStmt *
bansou_db_prepare_cached (BansouDb    *self,
                          const char  *sql,
                          GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BANSOU_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->stmts, sql);
  if (stmt != NULL)
    {
      _bansou_cached_stmt_reset (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      bansou_db_set_error (self, error, _("preparing a query"));
      return NULL;
    }
  g_hash_table_insert (self->stmts, g_strdup (sql), stmt);

  return stmt;
}

gboolean
bansou_db_step_done (BansouDb      *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  g_return_val_if_fail (BANSOU_IS_DB (self), FALSE);
  g_return_val_if_fail (stmt != NULL, FALSE);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      bansou_db_set_error (self, error, _("writing"));
      return FALSE;
    }
  return TRUE;
}

/* Returns: the first column of the first row of @sql, or @fallback */
gint64
bansou_db_query_int (BansouDb   *self,
                     const char *sql,
                     gint64      fallback)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = fallback;

  g_return_val_if_fail (BANSOU_IS_DB (self), fallback);
  g_return_val_if_fail (sql != NULL, fallback);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/**
 * bansou_db_transaction:
 * @func: the work; returns %FALSE and sets @error to roll everything back
 *
 * Runs @func inside one BEGIN IMMEDIATE … COMMIT. Nested calls join the
 * outer transaction through a savepoint, so a helper can always wrap
 * itself; a nested failure rolls back only its own part.
 *
 * Returns: %TRUE if @func succeeded and its part committed
 */
gboolean
bansou_db_transaction (BansouDb      *self,
                       BansouDbFunc   func,
                       gpointer       user_data,
                       GError       **error)
{
  g_autofree char *savepoint = NULL;
  g_autofree char *release = NULL;
  g_autofree char *rollback = NULL;
  gboolean ok;

  g_return_val_if_fail (BANSOU_IS_DB (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (self->depth == 0)
    {
      if (!bansou_db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  else
    {
      savepoint = g_strdup_printf ("SAVEPOINT sp%u", self->depth);
      release = g_strdup_printf ("RELEASE sp%u", self->depth);
      rollback = g_strdup_printf ("ROLLBACK TO sp%u; RELEASE sp%u", self->depth, self->depth);
      if (!bansou_db_exec (self, savepoint, error))
        return FALSE;
    }

  self->depth++;
  ok = func (user_data, error);
  self->depth--;

  if (self->depth == 0)
    {
      if (ok && !bansou_db_exec (self, "COMMIT", error))
        ok = FALSE;
      if (!ok)
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    }
  else
    {
      if (ok)
        ok = bansou_db_exec (self, release, error);
      else
        sqlite3_exec (self->db, rollback, NULL, NULL, NULL);
    }

  return ok;
}

gboolean
bansou_db_in_transaction (BansouDb *self)
{
  g_return_val_if_fail (BANSOU_IS_DB (self), FALSE);
  return self->depth > 0;
}
