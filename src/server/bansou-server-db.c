/* bansou-server-db.c — the server's database, over its store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * SQL goes to the store (store/: sqlite or PostgreSQL), one connection
 * used from the main loop only. Every write runs in one transaction under
 * the store's write lock (sqlite: BEGIN IMMEDIATE; PostgreSQL: an advisory
 * lock shared by every server), and a 2xx answer is only sent for data
 * that has committed to disk. Revisions count on from the head read under
 * that lock and are restored on rollback: writes are serialized, so
 * revisions are handed out in commit order and a change-feed cursor can
 * never skip a record that commits later with a smaller revision.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-core.h"
#include "bansou-server-db.h"

struct _BansouServerDb
{
  GObject     parent_instance;

  BansouServerStore *store; /* sqlite or PostgreSQL (store/) */
  gint64      head;       /* the last revision handed out */
  char       *epoch;      /* names this history of revisions; see new_epoch() */
  gboolean    demo;       /* meta 'demo' = '1': holds demonstration data only (init --demo) */
  GHashTable *catalogs;   /* version → BansouCatalog: published versions never change */
};

G_DEFINE_FINAL_TYPE (BansouServerDb, bansou_server_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (bansou-server-error-quark, bansou_server_error)

/* ------------------------------------------------------------------------ */

void
bansou_server_token_free (BansouServerToken *token)
{
  if (token == NULL)
    return;
  g_free (token->scope);
  g_free (token->name);
  g_free (token->created_at);
  g_free (token->revoked_at);
  g_free (token);
}

/**
 * bansou_server_db_set_error:
 * @what: what was being done
 *
 * Sets @error (BANSOU_SERVER_ERROR_FAILED) from the last sqlite error.
 */
void
bansou_server_db_set_error (BansouServerDb  *self,
                            GError         **error,
                            const char      *what)
{
  g_return_if_fail (BANSOU_IS_SERVER_DB (self));
  self->store->klass->set_error (self->store, error, what);
}

/* ------------------------------------------------------------------------ */

static void
bansou_server_db_dispose (GObject *object)
{
  BansouServerDb *self = (BansouServerDb *)object;

  g_clear_pointer (&self->store, bansou_server_store_close);
  g_clear_pointer (&self->catalogs, g_hash_table_unref);

  G_OBJECT_CLASS (bansou_server_db_parent_class)->dispose (object);
}

static void
bansou_server_db_finalize (GObject *object)
{
  BansouServerDb *self = (BansouServerDb *)object;

  g_clear_pointer (&self->epoch, g_free);

  G_OBJECT_CLASS (bansou_server_db_parent_class)->finalize (object);
}

static void
bansou_server_db_class_init (BansouServerDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bansou_server_db_dispose;
  object_class->finalize = bansou_server_db_finalize;
}

static void
bansou_server_db_init (BansouServerDb *self)
{
  self->catalogs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_server_db_open:
 * @path: the database file, or a PostgreSQL connection string
 * @password_file: (nullable): PostgreSQL's password (`database-password-file=`)
 * @create: create and migrate it if needed (`bansou-server init`); otherwise
 *   a missing or empty database is an error
 *
 * Opens the store @path names (store/bansou-server-store.h; today a
 * sqlite file, through the core's sqlite layer): a file that is not
 * SQLite, is damaged or was written by a newer bansou-server is refused
 * and left unchanged. Every commit is on disk (synchronous=FULL)
 * before the client hears 2xx.
 *
 * Returns: (transfer full): the database, or %NULL
 */
BansouServerDb *
bansou_server_db_open (const char  *path,
                       const char  *password_file,
                       gboolean     create,
                       GError     **error)
{
  g_autoptr(BansouServerDb) self = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!create && !bansou_server_store_is_postgresql (path) && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_NOT_INITIALIZED,
                   _("The database “%s” does not exist; create it with “bansou-server init --database %s”"),
                   path, path);
      return NULL;
    }

  self = g_object_new (BANSOU_TYPE_SERVER_DB, NULL);
  self->store = bansou_server_store_open (path, password_file, create, &local);
  if (self->store == NULL)
    {
      if (g_error_matches (local, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_NOT_INITIALIZED))
        g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_NOT_INITIALIZED,
                     _("“%s” is not initialized; run “bansou-server init --database %s”"),
                     path, path);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  {
    g_autoptr(BansouServerStmt) stmt = bansou_server_db_prepare (self, "SELECT COALESCE(MAX(rev), 0) FROM changes",
                                                                 error);
    if (stmt == NULL || bansou_server_stmt_step (stmt, error) != BANSOU_SERVER_STEP_ROW)
      return NULL;
    self->head = bansou_server_stmt_column_int64 (stmt, 0);
  }

  {
    g_autoptr(BansouServerStmt) stmt = bansou_server_db_prepare (self, "SELECT value FROM meta WHERE key = 'epoch'",
                                                                 error);
    if (stmt == NULL)
      return NULL;
    if (bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW)
      self->epoch = g_strdup (bansou_server_stmt_column_text (stmt, 0));
  }
  if (self->epoch == NULL && !bansou_server_db_new_epoch (self, error))
    return NULL;

  {
    g_autoptr(BansouServerStmt) stmt = bansou_server_db_prepare (self, "SELECT value FROM meta WHERE key = 'demo'",
                                                                 error);
    if (stmt == NULL)
      return NULL;
    if (bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW)
      self->demo = g_strcmp0 (bansou_server_stmt_column_text (stmt, 0), "1") == 0;
  }

  return g_steal_pointer (&self);
}

const char *
bansou_server_db_get_path (BansouServerDb *self)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), NULL);
  return self->store->klass->describe (self->store);
}

BansouServerStore *
bansou_server_db_get_store (BansouServerDb *self)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), NULL);
  return self->store;
}

/* Rows changed by the last INSERT, UPDATE or DELETE. */
gint64
bansou_server_db_changes (BansouServerDb *self)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), 0);
  return self->store->klass->changes (self->store);
}

/**
 * bansou_server_db_get_catalogs:
 *
 * Returns: (transfer none) (element-type utf8 BansouCatalog): the parsed
 *   catalogs by version, filled by bansou_api_get_catalog()
 */
GHashTable *
bansou_server_db_get_catalogs (BansouServerDb *self)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), NULL);
  return self->catalogs;
}

/**
 * bansou_server_db_prepare:
 *
 * Returns: (transfer none): a cached statement, reset and unbound; hold it
 *   in g_autoptr(BansouServerStmt) so it is reset after use
 */
BansouServerStmt *
bansou_server_db_prepare (BansouServerDb  *self,
                          const char      *sql,
                          GError         **error)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), NULL);
  return self->store->klass->prepare (self->store, sql, error);
}

gboolean
bansou_server_db_step_done (BansouServerDb  *self,
                            BansouServerStmt    *stmt,
                            GError         **error)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), FALSE);
  if (bansou_server_stmt_step (stmt, error) == BANSOU_SERVER_STEP_DONE)
    return TRUE;
  if (error != NULL && *error == NULL)
    g_set_error_literal (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_FAILED, "A statement returned rows");
  return FALSE;
}

typedef struct
{
  BansouServerDb     *self;
  BansouServerDbFunc  func;
  gpointer            user_data;
} ServerWork;

static gboolean
server_work_cb (gpointer   user_data,
                GError   **error)
{
  ServerWork *work = user_data;

  return work->func (work->self, work->user_data, error);
}

/**
 * bansou_server_db_transaction:
 *
 * Runs @func in one BEGIN IMMEDIATE … COMMIT. If @func fails, or the
 * commit does, everything is rolled back, revisions included. Not nested:
 * revisions are handed out in commit order.
 */
gboolean
bansou_server_db_transaction (BansouServerDb      *self,
                              BansouServerDbFunc   func,
                              gpointer             user_data,
                              GError             **error)
{
  ServerWork work = { self, func, user_data };
  gint64 saved_head;
  gboolean ok;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (!self->store->klass->in_transaction (self->store), FALSE);

  saved_head = self->head;
  ok = self->store->klass->write (self->store, &self->head, server_work_cb, &work, error);
  if (!ok)
    self->head = saved_head;

  return ok;
}

typedef struct
{
  BansouServerDb     *self;
  BansouServerDbFunc  func;
  gpointer            user_data;
} ServerRead;

static gboolean
server_read_cb (gpointer   user_data,
                GError   **error)
{
  ServerRead *read = user_data;

  return read->func (read->self, read->user_data, error);
}

/**
 * bansou_server_db_read:
 *
 * Runs @func's reads on one snapshot of the store, as one page of the
 * change feed must be: on PostgreSQL other servers commit meanwhile.
 */
gboolean
bansou_server_db_read (BansouServerDb      *self,
                       BansouServerDbFunc   func,
                       gpointer             user_data,
                       GError             **error)
{
  ServerRead read = { self, func, user_data };

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), FALSE);
  if (self->store->klass->read == NULL)
    return func (self, user_data, error);
  return self->store->klass->read (self->store, server_read_cb, &read, error);
}

/* Returns: the next revision; only inside a transaction */
gint64
bansou_server_db_next_rev (BansouServerDb *self)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), 0);
  g_return_val_if_fail (self->store->klass->in_transaction (self->store), 0);
  return ++self->head;
}

/* The head revision: what this process handed out last, or, on a store
 * that other servers write too (PostgreSQL), what has committed; -1 when
 * the store cannot say (caches keyed on it then miss). */
gint64
bansou_server_db_get_head (BansouServerDb *self)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), 0);

  if (self->store->klass->get_head != NULL && !self->store->klass->in_transaction (self->store))
    {
      gint64 head = self->store->klass->get_head (self->store, NULL);

      if (head < 0)
        return -1;
      self->head = head;
    }
  return self->head;
}

const char *
bansou_server_db_get_epoch (BansouServerDb *self)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), NULL);
  return self->epoch;
}

/**
 * bansou_server_db_new_epoch:
 *
 * Gives the database a new epoch. Clients keep the epoch with their change
 * feed cursor and pull from 0 when it changes. Run after restoring a
 * backup: revisions then restart below cursors clients already hold, and
 * without a new epoch they would skip the records written since.
 */
gboolean
bansou_server_db_new_epoch (BansouServerDb  *self,
                            GError         **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autofree char *epoch = g_uuid_string_random ();

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), FALSE);

  stmt = bansou_server_db_prepare (self,
                                   "INSERT INTO meta (key, value) VALUES ('epoch', ?1) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, epoch);
  if (!bansou_server_db_step_done (self, stmt, error))
    return FALSE;

  g_free (self->epoch);
  self->epoch = g_steal_pointer (&epoch);
  return TRUE;
}

/**
 * bansou_server_db_get_demo:
 *
 * Whether the server was made a demo server (`bansou-server init --demo`):
 * workbenches send the answers of their demo rounds only to such a server.
 */
gboolean
bansou_server_db_get_demo (BansouServerDb *self)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), FALSE);
  return self->demo;
}

/* Marks the database as a demo server's, for good: its health answer says so. */
gboolean
bansou_server_db_set_demo (BansouServerDb  *self,
                           GError         **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), FALSE);

  stmt = bansou_server_db_prepare (self,
                                   "INSERT INTO meta (key, value) VALUES ('demo', '1') "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL || !bansou_server_db_step_done (self, stmt, error))
    return FALSE;
  self->demo = TRUE;
  return TRUE;
}

/* Moves the record's row in the change feed to revision @rev. */
gboolean
bansou_server_db_record_change (BansouServerDb  *self,
                                gint64           rev,
                                const char      *type,
                                const char      *k1,
                                const char      *k2,
                                const char      *k3,
                                const char      *prefecture,
                                const char      *body,
                                GError         **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (rev > 0, FALSE);
  g_return_val_if_fail (type != NULL && k1 != NULL && prefecture != NULL, FALSE);

  stmt = bansou_server_db_prepare (self,
                                   "INSERT INTO changes (rev, type, k1, k2, k3, prefecture, body) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                                   "ON CONFLICT (type, k1, k2, k3) DO UPDATE SET rev = excluded.rev, "
                                   "prefecture = excluded.prefecture, body = excluded.body", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_int64 (stmt, 1, rev);
  bansou_server_stmt_bind_text (stmt, 2, type);
  bansou_server_stmt_bind_text (stmt, 3, k1);
  bansou_server_stmt_bind_text (stmt, 4, k2 ? k2 : "");
  bansou_server_stmt_bind_text (stmt, 5, k3 ? k3 : "");
  bansou_server_stmt_bind_text (stmt, 6, prefecture);
  bansou_server_stmt_bind_text (stmt, 7, body ? body : "");

  return bansou_server_db_step_done (self, stmt, error);
}

/**
 * bansou_server_db_audit:
 * @token: (nullable): who; %NULL for the administrator at the command line
 *
 * Writes one line of the audit trail (in the current transaction, if
 * any) and repeats it in the log.
 */
gboolean
bansou_server_db_audit (BansouServerDb          *self,
                        const BansouServerToken *token,
                        const char              *action,
                        const char              *target,
                        const char              *outcome,
                        const char              *detail,
                        GError                 **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autofree char *at = bansou_now_iso ();
  g_autofree char *actor = NULL;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (action != NULL && target != NULL && outcome != NULL, FALSE);

  if (token != NULL)
    actor = g_strdup_printf ("token %" G_GINT64_FORMAT " (%s %s, %s)", token->id,
                             bansou_role_to_string (token->role), token->scope, token->name);
  else
    actor = g_strdup_printf ("admin (%s)", g_get_user_name ());

  g_message ("audit: %s %s %s by %s%s%s", outcome, action, target, actor,
             detail && *detail ? ": " : "", detail ? detail : "");

  stmt = bansou_server_db_prepare (self,
                                   "INSERT INTO audit (at, token, actor, action, target, outcome, detail) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, at);
  if (token != NULL)
    bansou_server_stmt_bind_int64 (stmt, 2, token->id);
  bansou_server_stmt_bind_text (stmt, 3, actor);
  bansou_server_stmt_bind_text (stmt, 4, action);
  bansou_server_stmt_bind_text (stmt, 5, target);
  bansou_server_stmt_bind_text (stmt, 6, outcome);
  bansou_server_stmt_bind_text (stmt, 7, detail ? detail : "");

  return bansou_server_db_step_done (self, stmt, error);
}

/* ------------------------------------------------------------------------ */
/* Seeding: the same registry and catalog as the workbench                  */

typedef struct
{
  GListModel    *bodies;
  BansouCatalog *catalog;
  guint          changed;
} Seed;

static gboolean
seed_cb (BansouServerDb  *self,
         gpointer         user_data,
         GError         **error)
{
  Seed *seed = user_data;
  g_autofree char *now = bansou_now_iso ();
  guint n = g_list_model_get_n_items (seed->bodies);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (seed->bodies, i);
      g_autoptr(BansouServerStmt) find = NULL;
      g_autoptr(BansouServerStmt) put = NULL;
      const char *kind = bansou_body_kind_to_string (bansou_body_get_kind (body));
      const char *parent = bansou_body_get_parent (body);
      gboolean same = FALSE;
      gint64 rev;

      find = bansou_server_db_prepare (self,
                                       "SELECT prefecture, parent, kind, name FROM bodies WHERE code = ?",
                                       error);
      if (find == NULL)
        return FALSE;
      bansou_server_stmt_bind_text (find, 1, bansou_body_get_code (body));
      if (bansou_server_stmt_step (find, NULL) == BANSOU_SERVER_STEP_ROW)
        same = g_strcmp0 (bansou_server_stmt_column_text (find, 0), bansou_body_get_prefecture (body)) == 0 &&
               g_strcmp0 (bansou_server_stmt_column_text (find, 1), parent) == 0 &&
               g_strcmp0 (bansou_server_stmt_column_text (find, 2), kind) == 0 &&
               g_strcmp0 (bansou_server_stmt_column_text (find, 3), bansou_body_get_name (body)) == 0;
      if (same)
        continue;

      rev = bansou_server_db_next_rev (self);
      put = bansou_server_db_prepare (self,
                                      "INSERT INTO bodies (code, prefecture, parent, kind, name, builtin, rev, "
                                      "  updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, 'registry') "
                                      "ON CONFLICT (code) DO UPDATE SET prefecture = excluded.prefecture, "
                                      "parent = excluded.parent, kind = excluded.kind, name = excluded.name, "
                                      "builtin = 1, rev = excluded.rev, updated_at = excluded.updated_at, "
                                      "updated_by = excluded.updated_by", error);
      if (put == NULL)
        return FALSE;
      bansou_server_stmt_bind_text (put, 1, bansou_body_get_code (body));
      bansou_server_stmt_bind_text (put, 2, bansou_body_get_prefecture (body));
      bansou_server_stmt_bind_text (put, 3, parent);
      bansou_server_stmt_bind_text (put, 4, kind);
      bansou_server_stmt_bind_text (put, 5, bansou_body_get_name (body));
      bansou_server_stmt_bind_int64 (put, 6, rev);
      bansou_server_stmt_bind_text (put, 7, now);
      if (!bansou_server_db_step_done (self, put, error) ||
          !bansou_server_db_record_change (self, rev, "body", bansou_body_get_code (body), NULL, NULL,
                                           bansou_body_get_prefecture (body), bansou_body_get_code (body),
                                           error))
        return FALSE;
      seed->changed++;
    }

  {
    g_autoptr(BansouServerStmt) find = NULL;
    g_autoptr(BansouServerStmt) put = NULL;
    const char *version = bansou_catalog_get_version (seed->catalog);
    gint64 rev;

    find = bansou_server_db_prepare (self, "SELECT 1 FROM catalogs WHERE version = ?", error);
    if (find == NULL)
      return FALSE;
    bansou_server_stmt_bind_text (find, 1, version);
    if (bansou_server_stmt_step (find, NULL) == BANSOU_SERVER_STEP_ROW)
      return TRUE;

    rev = bansou_server_db_next_rev (self);
    put = bansou_server_db_prepare (self,
                                    "INSERT INTO catalogs (version, json, questions, rev, updated_at, updated_by) "
                                    "VALUES (?, ?, ?, ?, ?, 'builtin')", error);
    if (put == NULL)
      return FALSE;
    bansou_server_stmt_bind_text (put, 1, version);
    bansou_server_stmt_bind_text (put, 2, bansou_catalog_get_json (seed->catalog));
    bansou_server_stmt_bind_int64 (put, 3, bansou_catalog_get_n_questions (seed->catalog));
    bansou_server_stmt_bind_int64 (put, 4, rev);
    bansou_server_stmt_bind_text (put, 5, now);
    if (!bansou_server_db_step_done (self, put, error) ||
        !bansou_server_db_record_change (self, rev, "catalog", version, NULL, NULL, "*", NULL, error))
      return FALSE;
    seed->changed++;
  }

  return TRUE;
}

/**
 * bansou_server_db_seed:
 *
 * Loads the national registry of bodies and the built-in catalog, from the
 * same data as the workbench (libbansou-core). Run again after an upgrade,
 * it gives a new revision only to the bodies whose registry entry changed.
 */
gboolean
bansou_server_db_seed (BansouServerDb  *self,
                       GError         **error)
{
  g_autoptr(BansouStore) scratch = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  Seed seed = { 0 };

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The core's registry parser fills a throwaway in-memory store. */
  scratch = bansou_store_open (":memory:", error);
  if (scratch == NULL)
    return FALSE;
  registry = bansou_registry_new (scratch);
  bodies = bansou_registry_list (registry, NULL,
                                 BANSOU_LIST_PREFECTURES | BANSOU_LIST_WARDS | BANSOU_LIST_NOT_ADMINISTERED,
                                 error);
  if (bodies == NULL)
    return FALSE;
  catalog = bansou_catalog_new_builtin (error);
  if (catalog == NULL)
    return FALSE;

  seed.bodies = bodies;
  seed.catalog = catalog;
  if (!bansou_server_db_transaction (self, seed_cb, &seed, error))
    return FALSE;

  g_debug ("Seeded %u records", seed.changed);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Tokens                                                                   */

typedef struct
{
  BansouRole  role;
  const char *scope;
  const char *name;
  const char *hash;
  gint64      id;
} CreateToken;

static gboolean
create_token_cb (BansouServerDb  *self,
                 gpointer         user_data,
                 GError         **error)
{
  CreateToken *op = user_data;
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();
  g_autofree char *target = NULL;

  stmt = bansou_server_db_prepare (self,
                                   "INSERT INTO tokens (hash, role, scope, name, created_at) VALUES (?, ?, ?, ?, ?) "
                                   "RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, op->hash);
  bansou_server_stmt_bind_text (stmt, 2, bansou_role_to_string (op->role));
  bansou_server_stmt_bind_text (stmt, 3, op->scope);
  bansou_server_stmt_bind_text (stmt, 4, op->name);
  bansou_server_stmt_bind_text (stmt, 5, now);
  if (bansou_server_stmt_step (stmt, error) != BANSOU_SERVER_STEP_ROW)
    return FALSE;
  op->id = bansou_server_stmt_column_int64 (stmt, 0);

  target = g_strdup_printf ("token %" G_GINT64_FORMAT " (%s %s, %s)", op->id,
                            bansou_role_to_string (op->role), op->scope, op->name);
  return bansou_server_db_audit (self, NULL, "token-create", target, "ok", NULL, error);
}

/**
 * bansou_server_db_create_token:
 *
 * Returns: (transfer full): the new token: shown once, only its hash is kept
 */
char *
bansou_server_db_create_token (BansouServerDb  *self,
                               BansouRole       role,
                               const char      *scope,
                               const char      *name,
                               gint64          *out_id,
                               GError         **error)
{
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *clean_name = NULL;
  CreateToken op;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (role >= BANSOU_N_ROLES)
    {
      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_INVALID,
                   _("The role must be national, prefecture or body"));
      return NULL;
    }
  if (!bansou_server_scope_valid (role, scope))
    {
      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_INVALID,
                   role == BANSOU_ROLE_NATIONAL ? _("A national token has the scope 00")
                   : role == BANSOU_ROLE_PREFECTURE ? _("A prefecture token has a two-digit prefecture scope, 01 to 47")
                   : _("A body token has a body code as scope: six digits with a correct check digit, or X and five digits"));
      return NULL;
    }
  clean_name = g_strstrip (g_strdup (name ? name : ""));
  if (*clean_name == '\0' || g_utf8_strlen (clean_name, -1) > 200 || !g_utf8_validate (clean_name, -1, NULL))
    {
      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_INVALID,
                   _("Give the token a name of 1 to 200 characters (who or what uses it)"));
      return NULL;
    }

  token = bansou_server_new_token (error);
  if (token == NULL)
    return NULL;
  hash = bansou_server_hash_token (token);

  op.role = role;
  op.scope = scope;
  op.name = clean_name;
  op.hash = hash;
  op.id = 0;
  if (!bansou_server_db_transaction (self, create_token_cb, &op, error))
    return NULL;

  if (out_id)
    *out_id = op.id;
  return g_steal_pointer (&token);
}

static BansouServerToken *
token_from_row (BansouServerStmt *stmt)
{
  BansouServerToken *t = g_new0 (BansouServerToken, 1);

  t->id = bansou_server_stmt_column_int64 (stmt, 0);
  t->role = bansou_role_from_string (bansou_server_stmt_column_text (stmt, 1));
  t->scope = g_strdup (bansou_server_stmt_column_text (stmt, 2));
  t->name = g_strdup (bansou_server_stmt_column_text (stmt, 3));
  t->created_at = g_strdup (bansou_server_stmt_column_text (stmt, 4));
  t->revoked_at = g_strdup (bansou_server_stmt_column_text (stmt, 5));
  return t;
}

/* Returns: (transfer full) (element-type BansouServerToken): all tokens, oldest first */
GPtrArray *
bansou_server_db_list_tokens (BansouServerDb  *self,
                              GError         **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_server_token_free);
  int rc;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), NULL);

  stmt = bansou_server_db_prepare (self,
                                   "SELECT id, role, scope, name, created_at, revoked_at FROM tokens ORDER BY id",
                                   error);
  if (stmt == NULL)
    return NULL;
  while ((rc = bansou_server_stmt_step (stmt, NULL)) == BANSOU_SERVER_STEP_ROW)
    g_ptr_array_add (tokens, token_from_row (stmt));
  if (rc != BANSOU_SERVER_STEP_DONE)
    {
      bansou_server_db_set_error (self, error, _("reading tokens"));
      return NULL;
    }
  return g_steal_pointer (&tokens);
}

typedef struct
{
  gint64 id;
} RevokeToken;

static gboolean
revoke_token_cb (BansouServerDb  *self,
                 gpointer         user_data,
                 GError         **error)
{
  RevokeToken *op = user_data;
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();
  g_autofree char *target = NULL;

  stmt = bansou_server_db_prepare (self,
                                   "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_int64 (stmt, 1, op->id);
  bansou_server_stmt_bind_text (stmt, 2, now);
  if (!bansou_server_db_step_done (self, stmt, error))
    return FALSE;
  if (bansou_server_db_changes (self) == 0)
    {
      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_NOT_FOUND,
                   _("There is no active token with the id %lld"
                     " (see “bansou-server token list”)"), (long long) op->id);
      return FALSE;
    }

  target = g_strdup_printf ("token %" G_GINT64_FORMAT, op->id);
  return bansou_server_db_audit (self, NULL, "token-revoke", target, "ok", NULL, error);
}

/* Takes effect at once: a running server looks every token up per request. */
gboolean
bansou_server_db_revoke_token (BansouServerDb  *self,
                               gint64           id,
                               GError         **error)
{
  RevokeToken op = { id };

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), FALSE);

  return bansou_server_db_transaction (self, revoke_token_cb, &op, error);
}

/* Returns: (transfer full) (nullable): the active token, or %NULL if it
 * is unknown or revoked (@error unset) or the store failed (@error set) */
BansouServerToken *
bansou_server_db_lookup_token (BansouServerDb  *self,
                               const char      *token,
                               GError         **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (self), NULL);

  if (token == NULL || strlen (token) > 200)
    return NULL;

  hash = bansou_server_hash_token (token);
  stmt = bansou_server_db_prepare (self,
                                   "SELECT id, role, scope, name, created_at, revoked_at FROM tokens "
                                   "WHERE hash = ? AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return NULL;
  bansou_server_stmt_bind_text (stmt, 1, hash);
  if (bansou_server_stmt_step (stmt, error) != BANSOU_SERVER_STEP_ROW)
    return NULL;

  return token_from_row (stmt);
}

/* Stored results of writes are kept for @max_age_days: a client retries
 * within minutes or hours, and the table must not grow without bound. */
void
bansou_server_db_prune_idempotency (BansouServerDb *self,
                                    guint           max_age_days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -(int) max_age_days);
  g_autofree char *cutoff = g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BANSOU_IS_SERVER_DB (self));

  stmt = bansou_server_db_prepare (self, "DELETE FROM idempotency WHERE created_at < ?", NULL);
  if (stmt == NULL)
    return;
  bansou_server_stmt_bind_text (stmt, 1, cutoff);
  if (bansou_server_stmt_step (stmt, &error) != BANSOU_SERVER_STEP_DONE)
    g_warning ("Pruning stored idempotent results failed: %s", error ? error->message : "?");
}
