/* bansou-store.c — the sqlite database, its schema and its transactions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-store"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bansou-lock.h"
#include "bansou-registry-private.h"
#include "bansou-store-migrations.h"
#include "bansou-store-private.h"

struct _BansouStore
{
  GObject  parent_instance;

  sqlite3 *db;
  BansouLock *lock;    /* bansou-lock.c: held for the store's life */
  char    *path;
  char    *actor;
  int      version;
  guint    depth;      /* nesting of bansou_store_transaction() */
};

G_DEFINE_FINAL_TYPE (BansouStore, bansou_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (bansou-store-error-quark, bansou_store_error)

/* ------------------------------------------------------------------------ */

void
_bansou_store_set_error (BansouStore  *self,
                         GError      **error,
                         const char   *what)
{
  int code = sqlite3_extended_errcode (self->db);
  int primary = code & 0xff;
  BansouStoreError err = BANSOU_STORE_ERROR_FAILED;

  if (primary == SQLITE_CONSTRAINT)
    err = BANSOU_STORE_ERROR_CONSTRAINT;
  else if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    err = BANSOU_STORE_ERROR_CORRUPT;
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    err = BANSOU_STORE_ERROR_BUSY;

  g_set_error (error, BANSOU_STORE_ERROR, err,
               /* Translators: %s says what was being done, the second %s is sqlite's message */
               _("Database error while %s: %s"),
               what, sqlite3_errmsg (self->db));
}

sqlite3 *
_bansou_store_get_db (BansouStore *self)
{
  return self->db;
}

sqlite3_stmt *
_bansou_store_prepare (BansouStore  *self,
                       const char   *sql,
                       GError      **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _bansou_store_set_error (self, error, _("preparing a query"));
      return NULL;
    }

  return stmt;
}

gboolean
_bansou_store_step_done (BansouStore  *self,
                         sqlite3_stmt *stmt,
                         GError      **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _bansou_store_set_error (self, error, _("writing"));
      return FALSE;
    }
  return TRUE;
}

gboolean
_bansou_store_in_transaction (BansouStore *self)
{
  return self->depth > 0;
}

gboolean
bansou_store_exec (BansouStore  *self,
                   const char   *sql,
                   GError      **error)
{
  g_return_val_if_fail (BANSOU_IS_STORE (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      _bansou_store_set_error (self, error, _("running a statement"));
      return FALSE;
    }
  return TRUE;
}

static int
read_user_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

/* A file that exists and is not empty must start with sqlite's magic; we
 * check before sqlite opens it so that nothing, not even a journal, is
 * ever written next to a file that is not ours. */
static gboolean
check_header (const char  *path,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  char buf[16];
  FILE *fp;
  size_t n;

  fp = g_fopen (path, "rb");
  if (fp == NULL)
    return TRUE;  /* does not exist yet: it will be created */

  n = fread (buf, 1, sizeof buf, fp);
  fclose (fp);

  if (n == 0)
    return TRUE;

  if (n < sizeof buf || memcmp (buf, magic, sizeof buf) != 0)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CORRUPT,
                   _("“%s” is not a Bansō database (it is not an SQLite file). "
                     "It was left unchanged."), path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (BansouStore  *self,
         int           target,
         GError      **error)
{
  for (int v = self->version + 1; v <= target; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v);

      if (!bansou_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!bansou_store_exec (self, _bansou_migrations[v - 1], error) ||
          !bansou_store_exec (self, bump, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          g_prefix_error (error, _("Upgrading the database to version %d failed: "), v);
          return FALSE;
        }

      if (!bansou_store_exec (self, "COMMIT", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      self->version = v;
      g_debug ("Migrated %s to version %d", self->path, v);
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */

static void
bansou_store_finalize (GObject *object)
{
  BansouStore *self = (BansouStore *)object;

  /* Only the last Bansō store may let sqlite checkpoint and delete the WAL. */
  if (self->db != NULL && self->lock != NULL && !_bansou_lock_begin_close (self->lock))
    sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->lock, _bansou_lock_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->actor, g_free);

  G_OBJECT_CLASS (bansou_store_parent_class)->finalize (object);
}

static void
bansou_store_class_init (BansouStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bansou_store_finalize;
}

static void
bansou_store_init (BansouStore *self)
{
  const char *name = g_get_real_name ();

  if (name == NULL || g_str_equal (name, "Unknown") || *name == '\0')
    name = g_get_user_name ();
  self->actor = g_strdup (name);
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/bansou/bansou.db`
 */
char *
bansou_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "bansou", "bansou.db", NULL);
}

int
bansou_store_latest_version (void)
{
  return (int) _bansou_n_migrations;
}

/**
 * bansou_store_open_at_version:
 * @path: the database file; created if missing
 * @max_version: migrate no further than this (tests build older schemas)
 * @error: return location for a #BANSOU_STORE_ERROR
 *
 * Opens @path, refusing — without writing anything — a file that is not
 * SQLite, a damaged database, or one written by a newer Bansō.
 *
 * Returns: (transfer full): the store, or %NULL
 */
BansouStore *
bansou_store_open_at_version (const char  *path,
                              int          max_version,
                              GError     **error)
{
  g_autoptr(BansouStore) self = NULL;
  g_autofree char *dir = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (max_version <= bansou_store_latest_version (), NULL);

  if (!check_header (path, error))
    return NULL;

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (BANSOU_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if (!(self->lock = _bansou_lock_acquire (path, error)))
    return NULL;

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_FAILED,
                   _("Cannot open the database “%s”: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* Read-only checks first: a file we refuse must stay byte-for-byte as it was. */
  self->version = read_user_version (self->db);
  if (self->version < 0)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CORRUPT,
                   _("The database “%s” is damaged and cannot be read (%s). "
                     "It was left unchanged; restore it from a backup."),
                   path, sqlite3_errmsg (self->db));
      return NULL;
    }

  if (self->version > bansou_store_latest_version ())
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NEWER_SCHEMA,
                   _("The database “%s” was written by a newer version of Bansō "
                     "(schema %d; this version knows up to %d). It was left unchanged; "
                     "please update Bansō."),
                   path, self->version, bansou_store_latest_version ());
      return NULL;
    }

  /* Read the whole file only when Bansō did not close it cleanly itself
   * (bansou-lock.c): a crash, a copy or a restore; `bansouctl check` on demand. */
  if (self->version > 0 && _bansou_lock_needs_check (self->lock))
    {
      rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
      if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
        ok = g_strcmp0 (_bansou_column_text (stmt, 0), "ok") == 0;
      sqlite3_finalize (stmt);
      if (!ok)
        {
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CORRUPT,
                       _("The database “%s” is damaged (integrity check failed). "
                         "It was left unchanged; restore it from a backup."), path);
          return NULL;
        }
    }

  if (!bansou_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !bansou_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !bansou_store_exec (self, "PRAGMA synchronous = NORMAL", error))
    return NULL;

  /* A schema upgrade needs the database to itself. */
  if (self->version < max_version && _bansou_lock_others_present (self->lock))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_BUSY,
                   _("The database “%s” needs an upgrade, but another Bansō process "
                     "(the app or bansouctl) has it open. Quit the other one and try again."),
                   path);
      return NULL;
    }

  if (!migrate (self, max_version, error))
    return NULL;

  if (self->version >= 1 && !_bansou_registry_seed (self, error))
    return NULL;

  _bansou_lock_opened (self->lock);

  return g_steal_pointer (&self);
}

/**
 * bansou_store_open:
 * @path: the database file; created if missing
 * @error: return location for a #BANSOU_STORE_ERROR
 *
 * Opens and migrates @path to the latest schema, loading the built-in
 * registry of local governments.
 *
 * Returns: (transfer full): the store, or %NULL
 */
BansouStore *
bansou_store_open (const char  *path,
                   GError     **error)
{
  return bansou_store_open_at_version (path, bansou_store_latest_version (), error);
}

const char *
bansou_store_get_path (BansouStore *self)
{
  g_return_val_if_fail (BANSOU_IS_STORE (self), NULL);
  return self->path;
}

int
bansou_store_get_version (BansouStore *self)
{
  g_return_val_if_fail (BANSOU_IS_STORE (self), 0);
  return self->version;
}

const char *
bansou_store_get_actor (BansouStore *self)
{
  g_return_val_if_fail (BANSOU_IS_STORE (self), NULL);
  return self->actor;
}

/**
 * bansou_store_set_actor:
 *
 * Sets who is recorded in the audit trail for the changes that follow.
 */
void
bansou_store_set_actor (BansouStore *self,
                        const char  *actor)
{
  g_return_if_fail (BANSOU_IS_STORE (self));
  g_return_if_fail (actor != NULL);

  g_free (self->actor);
  self->actor = g_strdup (actor);
}

/**
 * bansou_store_transaction:
 * @func: the work; returns %FALSE and sets @error to roll everything back
 *
 * Runs @func inside one transaction. Nested calls join the outer
 * transaction through a savepoint, so a helper can always wrap itself.
 *
 * Returns: %TRUE if @func succeeded and the transaction committed
 */
gboolean
bansou_store_transaction (BansouStore      *self,
                          BansouStoreFunc   func,
                          gpointer          user_data,
                          GError          **error)
{
  g_autofree char *savepoint = NULL;
  g_autofree char *release = NULL;
  g_autofree char *rollback = NULL;
  gboolean ok;

  g_return_val_if_fail (BANSOU_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (self->depth == 0)
    {
      if (!bansou_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  else
    {
      savepoint = g_strdup_printf ("SAVEPOINT sp%u", self->depth);
      release = g_strdup_printf ("RELEASE sp%u", self->depth);
      rollback = g_strdup_printf ("ROLLBACK TO sp%u; RELEASE sp%u", self->depth, self->depth);
      if (!bansou_store_exec (self, savepoint, error))
        return FALSE;
    }

  self->depth++;
  ok = func (self, user_data, error);
  self->depth--;

  if (self->depth == 0)
    {
      if (ok && !bansou_store_exec (self, "COMMIT", error))
        ok = FALSE;
      if (!ok)
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    }
  else
    {
      if (ok)
        ok = bansou_store_exec (self, release, error);
      else
        sqlite3_exec (self->db, rollback, NULL, NULL, NULL);
    }

  return ok;
}

char *
bansou_store_get_setting (BansouStore *self,
                          const char  *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BANSOU_IS_STORE (self), NULL);

  stmt = _bansou_store_prepare (self, "SELECT value FROM settings WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup (_bansou_column_text (stmt, 0));

  return NULL;
}

gboolean
bansou_store_set_setting (BansouStore  *self,
                          const char   *key,
                          const char   *value,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BANSOU_IS_STORE (self), FALSE);

  if (value == NULL)
    stmt = _bansou_store_prepare (self, "DELETE FROM settings WHERE key = ?1", error);
  else
    stmt = _bansou_store_prepare (self,
                                  "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);

  return _bansou_store_step_done (self, stmt, error);
}

/**
 * bansou_store_audit:
 *
 * Records one change in the audit trail, as the current actor, now.
 * Call it inside the transaction that makes the change.
 */
gboolean
bansou_store_audit (BansouStore  *self,
                    const char   *entity,
                    const char   *key,
                    const char   *field,
                    const char   *old_value,
                    const char   *new_value,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);

  g_return_val_if_fail (BANSOU_IS_STORE (self), FALSE);

  stmt = _bansou_store_prepare (self,
                                "INSERT INTO audit (at, actor, entity, key, field, old_value, new_value) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, self->actor, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, old_value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, new_value, -1, SQLITE_TRANSIENT);

  return _bansou_store_step_done (self, stmt, error);
}

void
bansou_audit_entry_free (BansouAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->actor);
  g_free (entry->entity);
  g_free (entry->key);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry);
}

/**
 * bansou_store_list_audit:
 * @entity: (nullable): restrict to one kind of record
 * @key: (nullable): restrict to one record
 *
 * Returns: (transfer full) (element-type BansouAuditEntry): the trail, oldest first
 */
GPtrArray *
bansou_store_list_audit (BansouStore  *self,
                         const char   *entity,
                         const char   *key,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_audit_entry_free);
  int rc;

  g_return_val_if_fail (BANSOU_IS_STORE (self), NULL);

  stmt = _bansou_store_prepare (self,
                                "SELECT id, at, actor, entity, key, field, old_value, new_value "
                                "FROM audit WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR key = ?2) "
                                "ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouAuditEntry *e = g_new0 (BansouAuditEntry, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->at = g_strdup (_bansou_column_text (stmt, 1));
      e->actor = g_strdup (_bansou_column_text (stmt, 2));
      e->entity = g_strdup (_bansou_column_text (stmt, 3));
      e->key = g_strdup (_bansou_column_text (stmt, 4));
      e->field = g_strdup (_bansou_column_text (stmt, 5));
      e->old_value = g_strdup (_bansou_column_text (stmt, 6));
      e->new_value = g_strdup (_bansou_column_text (stmt, 7));
      g_ptr_array_add (entries, e);
    }

  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self, error, _("reading the audit trail"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}
