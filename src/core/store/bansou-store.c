/* bansou-store.c — the sqlite database, its schema and its transactions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-lock.h"
#include "bansou-store-migrations.h"
#include "bansou-store-seeds.h"
#include "bansou-store-sql.h"

struct _BansouStore
{
  GObject   parent_instance;

  BansouDb   *db;
  BansouLock *lock;    /* bansou-lock.c: held for the store's life */
  char       *actor;
};

G_DEFINE_FINAL_TYPE (BansouStore, bansou_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (bansou-store-error-quark, bansou_store_error)

/* ------------------------------------------------------------------------ */
/* For the core's rooms (bansou-store-sql.h)                                */

void
_bansou_store_set_error (BansouStore  *self,
                         GError      **error,
                         const char   *what)
{
  g_return_if_fail (BANSOU_IS_STORE (self));
  bansou_db_set_error (self->db, error, what);
}

BansouDb *
_bansou_store_get_database (BansouStore *self)
{
  g_return_val_if_fail (BANSOU_IS_STORE (self), NULL);
  return self->db;
}

sqlite3 *
_bansou_store_get_db (BansouStore *self)
{
  g_return_val_if_fail (BANSOU_IS_STORE (self), NULL);
  return bansou_db_get_handle (self->db);
}

/* Returns: (transfer full): a new statement; hold it in g_autoptr(sqlite3_stmt) */
sqlite3_stmt *
_bansou_store_prepare (BansouStore  *self,
                       const char   *sql,
                       GError      **error)
{
  g_return_val_if_fail (BANSOU_IS_STORE (self), NULL);
  return bansou_db_prepare (self->db, sql, error);
}

/* Returns: (transfer none): a statement of the store's cache; hold it in
 *   g_autoptr(BansouCachedStmt) so it is reset after use */
BansouCachedStmt *
_bansou_store_prepare_cached (BansouStore  *self,
                              const char   *sql,
                              GError      **error)
{
  g_return_val_if_fail (BANSOU_IS_STORE (self), NULL);
  return bansou_db_prepare_cached (self->db, sql, error);
}

gboolean
_bansou_store_step_done (BansouStore  *self,
                         sqlite3_stmt *stmt,
                         GError      **error)
{
  g_return_val_if_fail (BANSOU_IS_STORE (self), FALSE);
  return bansou_db_step_done (self->db, stmt, error);
}

gboolean
_bansou_store_in_transaction (BansouStore *self)
{
  g_return_val_if_fail (BANSOU_IS_STORE (self), FALSE);
  return bansou_db_in_transaction (self->db);
}

gboolean
bansou_store_exec (BansouStore  *self,
                   const char   *sql,
                   GError      **error)
{
  g_return_val_if_fail (BANSOU_IS_STORE (self), FALSE);
  return bansou_db_exec (self->db, sql, error);
}

/* ------------------------------------------------------------------------ */

static void
bansou_store_dispose (GObject *object)
{
  BansouStore *self = (BansouStore *)object;

  /* Only the last Bansō store may let sqlite checkpoint and delete the WAL. */
  if (self->db != NULL && self->lock != NULL && !_bansou_lock_begin_close (self->lock))
    sqlite3_db_config (bansou_db_get_handle (self->db), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  g_clear_object (&self->db);
  g_clear_pointer (&self->lock, _bansou_lock_free);

  G_OBJECT_CLASS (bansou_store_parent_class)->dispose (object);
}

static void
bansou_store_finalize (GObject *object)
{
  BansouStore *self = (BansouStore *)object;

  g_clear_pointer (&self->actor, g_free);

  G_OBJECT_CLASS (bansou_store_parent_class)->finalize (object);
}

static void
bansou_store_class_init (BansouStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bansou_store_dispose;
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
 * SQLite, a damaged database, or one written by a newer Bansō; then loads
 * the data of the seeds table (bansou-store-seeds.h).
 *
 * Returns: (transfer full): the store, or %NULL
 */
BansouStore *
bansou_store_open_at_version (const char  *path,
                              int          max_version,
                              GError     **error)
{
  g_autoptr(BansouStore) self = NULL;
  g_autoptr(BansouLock) lock = NULL;
  g_autoptr(BansouDb) db = NULL;
  BansouDbOpenFlags flags = BANSOU_DB_OPEN_CREATE | BANSOU_DB_OPEN_NO_MIGRATE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (max_version >= 0, NULL);
  g_return_val_if_fail (max_version <= bansou_store_latest_version (), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(lock = _bansou_lock_acquire (path, error)))
    return NULL;

  /* Read the whole file only when Bansō did not close it cleanly itself
   * (bansou-lock.c): a crash, a copy or a restore; `bansouctl check` on demand. */
  if (_bansou_lock_needs_check (lock))
    flags |= BANSOU_DB_OPEN_QUICK_CHECK;

  db = bansou_db_open (path, &_bansou_store_schema, flags, max_version, error);
  if (db == NULL)
    return NULL;

  /* A schema upgrade needs the database to itself. */
  if (bansou_db_get_version (db) < max_version && _bansou_lock_others_present (lock))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_BUSY,
                   _("The database “%s” needs an upgrade, but another Bansō process "
                     "(the app or bansouctl) has it open. Quit the other one and try again."),
                   path);
      sqlite3_db_config (bansou_db_get_handle (db), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      return NULL;
    }

  self = g_object_new (BANSOU_TYPE_STORE, NULL);
  self->lock = g_steal_pointer (&lock);
  self->db = g_steal_pointer (&db);

  if (!bansou_db_migrate (self->db, max_version, error))
    return NULL;

  for (const BansouStoreSeed *s = _bansou_store_seeds; s->seed != NULL; s++)
    if (bansou_db_get_version (self->db) >= s->min_version && !s->seed (self, error))
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
  return bansou_db_get_path (self->db);
}

int
bansou_store_get_version (BansouStore *self)
{
  g_return_val_if_fail (BANSOU_IS_STORE (self), 0);
  return bansou_db_get_version (self->db);
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

typedef struct
{
  BansouStore     *store;
  BansouStoreFunc  func;
  gpointer         user_data;
} StoreWork;

static gboolean
store_work_cb (gpointer   user_data,
               GError   **error)
{
  StoreWork *work = user_data;

  return work->func (work->store, work->user_data, error);
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
  StoreWork work = { self, func, user_data };

  g_return_val_if_fail (BANSOU_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return bansou_db_transaction (self->db, store_work_cb, &work, error);
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
