/* bansou-sync-kinds.c — the table of record kinds, and what a run offers them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Each domain registers its kinds from its own folder. Registration is an
 * explicit call (bansou_sync_kinds_ensure()), not a constructor: the core
 * is a static library, and the linker drops objects nothing refers to.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-catalog-kinds.h"
#include "bansou-consult-escalate-kinds.h"
#include "bansou-consult-kinds.h"
#include "bansou-procurement-kinds.h"
#include "bansou-dispatch-kinds.h"
#include "bansou-registry-kinds.h"
#include "bansou-survey-kinds.h"
#include "bansou-sync-private.h"

#define MAX_KINDS 32

static const BansouSyncKind *kinds[MAX_KINDS];
static guint n_kinds;
static gboolean registering;

/* ------------------------------------------------------------------------ */
/* The table                                                                */

/**
 * bansou_sync_kinds_ensure:
 *
 * Registers every kind, once; called by every entry point of the sync.
 * A new kind adds its register function here.
 */
void
bansou_sync_kinds_ensure (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      registering = TRUE;
      /* The order is the order of the lists fetched first: bodies, then rounds. */
      _bansou_registry_register_sync_kinds ();
      _bansou_catalog_register_sync_kinds ();
      _bansou_survey_register_sync_kinds ();
      _bansou_sync_register_alert_kind ();
      _bansou_procurement_register_sync_kinds ();
      _bansou_consult_register_sync_kinds ();
      _bansou_consult_register_escalation_kinds ();
      _bansou_dispatch_register_sync_kinds ();
      registering = FALSE;
      g_once_init_leave (&done, 1);
    }
}

/**
 * bansou_sync_register_kind:
 * @kind: (transfer none): a kind that lives as long as the program
 *
 * Only from a register function called by bansou_sync_kinds_ensure().
 */
void
bansou_sync_register_kind (const BansouSyncKind *kind)
{
  g_return_if_fail (kind != NULL && kind->type != NULL && kind->parse != NULL && kind->apply != NULL);
  g_return_if_fail (kind->n_keys >= 1 && kind->n_keys <= BANSOU_SYNC_MAX_KEYS);
  g_return_if_fail (registering);
  g_return_if_fail (n_kinds < MAX_KINDS);
  /* A kind the workbench writes has every hook of its outbox and conflicts. */
  g_return_if_fail (kind->enqueue == NULL ||
                    (kind->get_rev && kind->set_rev && kind->forget_revs && kind->same && kind->write_local));

  for (guint i = 0; i < n_kinds; i++)
    g_return_if_fail (!g_str_equal (kinds[i]->type, kind->type));
  kinds[n_kinds++] = kind;
}

/**
 * bansou_sync_lookup_kind:
 *
 * Returns: (transfer none) (nullable): the kind of @type; %NULL for a
 *   type this workbench does not know (a newer server's)
 */
const BansouSyncKind *
bansou_sync_lookup_kind (const char *type)
{
  bansou_sync_kinds_ensure ();
  if (type == NULL)
    return NULL;
  /* A handful of kinds: a hash table would cost more than it saves. */
  for (guint i = 0; i < n_kinds; i++)
    if (strcmp (kinds[i]->type, type) == 0)
      return kinds[i];
  return NULL;
}

const BansouSyncKind * const *
bansou_sync_list_kinds (guint *n_out)
{
  bansou_sync_kinds_ensure ();
  if (n_out)
    *n_out = n_kinds;
  return kinds;
}

char *
bansou_sync_key_string (const char * const *key)
{
  GString *s = g_string_new (key[0]);

  for (guint i = 1; i < BANSOU_SYNC_MAX_KEYS; i++)
    if (key[i] != NULL && *key[i] != '\0')
      {
        g_string_append_c (s, '/');
        g_string_append (s, key[i]);
      }
  return g_string_free (s, FALSE);
}

gboolean
_bansou_sync_kind_is_parent (const BansouSyncKind *kind)
{
  for (guint i = 0; i < n_kinds; i++)
    if (g_strcmp0 (kinds[i]->parent, kind->type) == 0)
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Records                                                                  */

/* Reads "type" and "rev", then lets the kind read the rest. A type this
 * workbench does not know leaves @record->kind %NULL: skipped, not an error. */
gboolean
_bansou_sync_parse_record (JsonNode          *node,
                           BansouSyncRecord  *record,
                           GError           **error)
{
  JsonObject *obj;
  const char *type;

  memset (record, 0, sizeof *record);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return bansou_sync_protocol_error (error, _("not an object:"), "record");
  obj = json_node_get_object (node);
  record->node = node;

  if (!bansou_sync_json_str (obj, "type", BANSOU_SYNC_JSON_REQUIRED, 32, &type, error) ||
      !bansou_sync_json_int (obj, "rev", 1, &record->rev, error))
    return FALSE;

  for (guint i = 0; i < BANSOU_SYNC_MAX_KEYS; i++)
    record->key[i] = "";
  record->kind = bansou_sync_lookup_kind (type);
  if (record->kind == NULL)
    return TRUE;
  return record->kind->parse (record, obj, error);
}

void
_bansou_sync_record_clear (BansouSyncRecord *record)
{
  if (record->data != NULL)
    {
      if (record->kind != NULL && record->kind->free_data != NULL)
        record->kind->free_data (record->data);
      else
        g_free (record->data);
      record->data = NULL;
    }
}

void
_bansou_sync_record_free (gpointer data)
{
  _bansou_sync_record_clear (data);
  g_free (data);
}

/* Records others wait for (rounds): their rows may go up now. */
void
_bansou_sync_note_present (Run                    *run,
                           const BansouSyncRecord *record)
{
  GHashTable *set;

  if (record->kind == NULL || !_bansou_sync_kind_is_parent (record->kind))
    return;
  set = g_hash_table_lookup (run->present, record->kind->type);
  if (set == NULL)
    {
      set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (run->present, (gpointer) record->kind->type, set);
    }
  g_hash_table_add (set, g_strdup (record->key[0]));
}

/* ------------------------------------------------------------------------ */
/* Statements                                                               */

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* The statements of the per-record helpers, prepared once per connection:
 * a chunk's answer runs them a thousand times. */
sqlite3_stmt *
bansou_sync_stmt (BansouStore  *store,
                  const char   *sql,
                  GError      **error)
{
  GHashTable *cache = g_object_get_data (G_OBJECT (store), "bansou-sync-statements");
  sqlite3_stmt *stmt;

  if (cache == NULL)
    {
      /* keys are SQL literals: compared by address */
      cache = g_hash_table_new_full (NULL, NULL, NULL, finalize_stmt);
      g_object_set_data_full (G_OBJECT (store), "bansou-sync-statements", cache,
                              (GDestroyNotify) g_hash_table_unref);
    }
  stmt = g_hash_table_lookup (cache, sql);
  if (stmt == NULL)
    {
      if (!(stmt = _bansou_store_prepare (store, sql, error)))
        return NULL;
      g_hash_table_insert (cache, (gpointer) sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

gboolean
bansou_sync_stmt_done (BansouStore   *store,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  gboolean ok = _bansou_store_step_done (store, stmt, error);

  sqlite3_reset (stmt);
  return ok;
}

gboolean
bansou_sync_read_rev (BansouStore         *store,
                      const char          *sql,
                      const char * const  *key,
                      guint                n_keys,
                      gboolean            *exists,
                      gint64              *rev,
                      GError             **error)
{
  sqlite3_stmt *stmt = bansou_sync_stmt (store, sql, error);
  int rc;

  g_return_val_if_fail (n_keys <= BANSOU_SYNC_MAX_KEYS, FALSE);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_keys; i++)
    sqlite3_bind_text (stmt, (int) i + 1, key[i], -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *exists = rc == SQLITE_ROW;
  *rev = *exists ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading a record"));
      return FALSE;
    }
  return TRUE;
}

gboolean
bansou_sync_note_rev (BansouStore         *store,
                      const char          *sql,
                      const char * const  *key,
                      guint                n_keys,
                      gint64               rev,
                      GError             **error)
{
  sqlite3_stmt *stmt = bansou_sync_stmt (store, sql, error);

  g_return_val_if_fail (n_keys <= BANSOU_SYNC_MAX_KEYS, FALSE);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_keys; i++)
    sqlite3_bind_text (stmt, (int) i + 1, key[i], -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, BANSOU_SYNC_MAX_KEYS + 1, rev);
  return bansou_sync_stmt_done (store, stmt, error);
}

/* ------------------------------------------------------------------------ */
/* What a run offers the kinds                                              */

BansouStore *
bansou_sync_context_get_store (BansouSyncContext *ctx)
{
  return ctx->store;
}

const char *
bansou_sync_context_get_now (BansouSyncContext *ctx)
{
  return ctx->now;
}

GHashTable *
bansou_sync_context_get_keys (BansouSyncContext  *ctx,
                              const char         *sql,
                              GError            **error)
{
  GHashTable *set = g_hash_table_lookup (ctx->keys, sql);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (set != NULL)
    return set;

  if (!(stmt = _bansou_store_prepare (ctx->store, sql, error)))
    return NULL;
  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (set, g_strdup (_bansou_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      g_hash_table_unref (set);
      _bansou_store_set_error (ctx->store, error, _("reading"));
      return NULL;
    }
  g_hash_table_insert (ctx->keys, (gpointer) sql, set);
  return set;
}

JsonNode *
bansou_sync_context_get_json (BansouSyncContext  *ctx,
                              const char         *path,
                              GError            **error)
{
  return _bansou_sync_http_ok (ctx, "GET", path, error);
}

gboolean
bansou_sync_context_audit (BansouSyncContext  *ctx,
                           const char         *entity,
                           const char         *key,
                           const char         *field,
                           const char         *old_value,
                           const char         *new_value,
                           GError            **error)
{
  sqlite3_stmt *s = ctx->audit;

  sqlite3_reset (s);
  sqlite3_bind_text (s, 1, ctx->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, bansou_store_get_actor (ctx->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 3, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 4, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 5, field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 6, old_value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 7, new_value, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (ctx->store, s, error);
}

gboolean
_bansou_sync_prepare_run (Run     *run,
                          GError **error)
{
  run->present = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);
  run->keys = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  /* The audit trail's own row shape (bansou_store_audit()), prepared
   * once: a full pull writes one line per record. */
  run->audit = _bansou_store_prepare (run->store,
                                      "INSERT INTO audit (at, actor, entity, key, field, old_value, new_value) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  return run->audit != NULL;
}
