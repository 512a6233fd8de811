/* bansou-sync-quarantine.c — records of the server the workbench cannot read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A record of the change feed (or of a list) that fails — text that is not
 * UTF-8 or holds control characters (what a server before issue 9 could
 * store), a member of the wrong type — is kept aside in `sync_quarantine`
 * with its reason, audited, counted in the run's stats, and skipped: the
 * cursor moves past it, so one poisoned record never stops a prefecture's
 * sync. When the same record (type and key) later arrives readable, its
 * quarantined versions are dropped.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-json-strict.h"
#include "bansou-sync-private.h"

/* The key as far as the record lets it be read: "k1/k2/k3". */
static char *
readable_key (JsonNode *node)
{
  const BansouSyncKind *kind;
  JsonObject *obj;
  const char *key[BANSOU_SYNC_MAX_KEYS] = { "", "", "" };

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup ("");
  obj = json_node_get_object (node);
  kind = bansou_sync_lookup_kind (json_object_get_string_member_with_default (obj, "type", ""));
  if (kind == NULL)
    return g_strdup ("");
  for (guint i = 0; i < kind->n_keys; i++)
    {
      JsonNode *m = json_object_get_member (obj, kind->keys[i].name);

      if (m != NULL && JSON_NODE_HOLDS_VALUE (m) && json_node_get_value_type (m) == G_TYPE_STRING &&
          g_utf8_validate (json_node_get_string (m), -1, NULL))
        key[i] = json_node_get_string (m);
    }
  return bansou_sync_key_string (key);
}

/**
 * _bansou_sync_record_readable:
 * @reason: (out) (transfer full): why not, in the user's language
 *
 * The text rule of the protocol (bansou_json_strict_check_text()) on every
 * string of @node. A string repaired by _bansou_sync_parse_answer() holds
 * U+001A and fails here.
 */
gboolean
_bansou_sync_record_readable (JsonNode  *node,
                              char     **reason)
{
  g_autoptr(GError) error = NULL;

  if (bansou_json_strict_check_tree (node, &error))
    return TRUE;
  if (strstr (error->message, "U+001A") != NULL)
    *reason = g_strdup (_("The server sent text that is not valid UTF-8 or holds a character JSON cannot carry"));
  else
    *reason = g_strdup (error->message);
  return FALSE;
}

/**
 * _bansou_sync_quarantine:
 * @node: the record as received
 * @reason: why it could not be taken
 *
 * Keeps @node aside (once per record and revision), audits it and counts
 * it in the run's stats. In the caller's transaction, if any.
 */
gboolean
_bansou_sync_quarantine (Run         *run,
                         JsonNode    *node,
                         const char  *reason,
                         GError     **error)
{
  g_autofree char *text = node ? json_to_string (node, FALSE) : g_strdup ("null");
  g_autofree char *key = readable_key (node);
  const char *type = "";
  gint64 rev = 0;
  sqlite3_stmt *stmt;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      JsonNode *r = json_object_get_member (obj, "rev");
      JsonNode *t = json_object_get_member (obj, "type");

      if (t != NULL && JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING &&
          strlen (json_node_get_string (t)) <= 32 && g_utf8_validate (json_node_get_string (t), -1, NULL))
        type = json_node_get_string (t);
      if (r != NULL && JSON_NODE_HOLDS_VALUE (r) && json_node_get_value_type (r) == G_TYPE_INT64)
        rev = json_node_get_int (r);
    }

  g_message ("Quarantined a record of the server (%s %s, rev %" G_GINT64_FORMAT "): %s", type, key, rev, reason);
  run->stats.quarantined++;

  stmt = bansou_sync_stmt (run->store,
                           "INSERT OR IGNORE INTO sync_quarantine (type, key, rev, reason, record, received_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, rev);
  sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, run->now, -1, SQLITE_TRANSIENT);
  if (!bansou_sync_stmt_done (run->store, stmt, error))
    return FALSE;
  if (sqlite3_changes (_bansou_store_get_db (run->store)) == 0)
    return TRUE;   /* already kept: a list fetched again, a page asked again */
  return bansou_store_audit (run->store, "sync-quarantine", *key ? key : type, type, NULL, reason, error);
}

/* @r arrived readable: what was kept aside of it is obsolete. */
gboolean
_bansou_sync_quarantine_forget (Run                    *run,
                                const BansouSyncRecord *r,
                                GError                **error)
{
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;

  if (r->kind == NULL)
    return TRUE;
  key = bansou_sync_key_string (r->key);
  stmt = bansou_sync_stmt (run->store, "DELETE FROM sync_quarantine WHERE type = ?1 AND key = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->kind->type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  return bansou_sync_stmt_done (run->store, stmt, error);
}

/**
 * bansou_sync_count_quarantined:
 * @store: the workbench's store
 * @first_keys: (out) (optional) (transfer full): the keys of the first
 *   few, "type k1/k2/k3", one per line
 *
 * Returns: how many records of the server are kept aside unread
 */
guint
bansou_sync_count_quarantined (BansouStore  *store,
                               char        **first_keys)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) keys = g_string_new (NULL);
  guint n = 0;

  g_return_val_if_fail (BANSOU_IS_STORE (store), 0);

  if (first_keys)
    *first_keys = NULL;
  stmt = _bansou_store_prepare (store, "SELECT type, key FROM sync_quarantine ORDER BY id", NULL);
  if (stmt == NULL)
    return 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (n < 3)
        g_string_append_printf (keys, "%s%s %s", n ? "\n" : "", _bansou_column_text (stmt, 0),
                                _bansou_column_text (stmt, 1));
      n++;
    }
  if (first_keys && n > 0)
    *first_keys = g_string_free (g_steal_pointer (&keys), FALSE);
  return n;
}
