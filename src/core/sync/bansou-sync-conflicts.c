/* bansou-sync-conflicts.c — conflicts: recording, listing, resolving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A write the server refuses as stale (412), or a pulled record that has a
 * pending local edit, becomes a conflict keyed like the outbox (type, k1,
 * k2, k3): both versions are kept until the user decides. The record's
 * kind writes the local side of the decision.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-sync-private.h"

gboolean
_bansou_sync_put_conflict (BansouStore         *store,
                           const char          *type,
                           const char * const  *key,
                           const char          *mine,
                           const char          *theirs,
                           gint64               theirs_rev,
                           const char          *now,
                           GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *what = bansou_sync_key_string (key);

  stmt = _bansou_store_prepare (store,
                                "INSERT INTO conflicts (type, k1, k2, k3, mine, theirs, theirs_rev, detected_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                "ON CONFLICT (type, k1, k2, k3) WHERE resolved_at IS NULL "
                                "DO UPDATE SET mine = excluded.mine, theirs = excluded.theirs, "
                                "theirs_rev = excluded.theirs_rev, detected_at = excluded.detected_at, "
                                "reason = 'stale'", error);
  if (stmt == NULL)
    return FALSE;
  _bansou_sync_bind_key (stmt, 1, type, key);
  sqlite3_bind_text (stmt, 5, mine, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, theirs, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, theirs_rev);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);

  return _bansou_store_step_done (store, stmt, error) &&
         bansou_store_audit (store, type, what, "sync-conflict", NULL, theirs, error);
}

/* The server refused the local record for clashing with @clash, another
 * record (409 double_booking). "theirs" holds that record, "theirs_rev"
 * the local record's own server revision (@own_rev), so keeping or
 * merging sends it again on the revision it was based on. */
gboolean
_bansou_sync_put_clash (BansouStore         *store,
                        const char          *type,
                        const char * const  *key,
                        const char          *mine,
                        const char          *clash,
                        gint64               own_rev,
                        const char          *now,
                        GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *what = bansou_sync_key_string (key);

  stmt = _bansou_store_prepare (store,
                                "INSERT INTO conflicts (type, k1, k2, k3, mine, theirs, theirs_rev, detected_at, reason) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'double_booking') "
                                "ON CONFLICT (type, k1, k2, k3) WHERE resolved_at IS NULL "
                                "DO UPDATE SET mine = excluded.mine, theirs = excluded.theirs, "
                                "theirs_rev = excluded.theirs_rev, detected_at = excluded.detected_at, "
                                "reason = excluded.reason", error);
  if (stmt == NULL)
    return FALSE;
  _bansou_sync_bind_key (stmt, 1, type, key);
  sqlite3_bind_text (stmt, 5, mine, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, clash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, own_rev);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);

  return _bansou_store_step_done (store, stmt, error) &&
         bansou_store_audit (store, type, what, "sync-double-booking", NULL, clash, error);
}

gboolean
_bansou_sync_close_conflict (BansouStore         *store,
                             const char          *type,
                             const char * const  *key,
                             const char          *resolution,
                             GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();

  stmt = _bansou_store_prepare (store,
                                "UPDATE conflicts SET resolved_at = ?5, resolution = ?6 WHERE resolved_at IS NULL "
                                "AND type = ?1 AND k1 = ?2 AND k2 = ?3 AND k3 = ?4", error);
  if (stmt == NULL)
    return FALSE;
  _bansou_sync_bind_key (stmt, 1, type, key);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, resolution, -1, SQLITE_STATIC);
  return _bansou_store_step_done (store, stmt, error);
}

gboolean
_bansou_sync_follow_conflict (BansouStore             *store,
                              const BansouSyncRecord  *r,
                              gboolean                *open,
                              GError                 **error)
{
  sqlite3_stmt *stmt;
  gint64 conflict_rev;
  int rc;

  *open = FALSE;
  stmt = bansou_sync_stmt (store,
                           "SELECT id, theirs_rev FROM conflicts WHERE resolved_at IS NULL AND type = ?1 "
                           "AND k1 = ?2 AND k2 = ?3 AND k3 = ?4", error);
  if (stmt == NULL)
    return FALSE;
  _bansou_sync_bind_key (stmt, 1, r->kind->type, r->key);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _bansou_store_set_error (store, error, _("reading conflicts"));
          return FALSE;
        }
      return TRUE;
    }
  conflict_rev = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  *open = TRUE;

  if (r->rev > conflict_rev)
    {
      g_autofree char *theirs = json_to_string (r->node, FALSE);

      stmt = bansou_sync_stmt (store,
                               "UPDATE conflicts SET theirs_rev = ?5, theirs = ?6, reason = 'stale' "
                               "WHERE resolved_at IS NULL AND type = ?1 AND k1 = ?2 AND k2 = ?3 AND k3 = ?4", error);
      if (stmt == NULL)
        return FALSE;
      _bansou_sync_bind_key (stmt, 1, r->kind->type, r->key);
      sqlite3_bind_int64 (stmt, 5, r->rev);
      sqlite3_bind_text (stmt, 6, theirs, -1, SQLITE_TRANSIENT);
      if (!bansou_sync_stmt_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Listing                                                                  */

void
bansou_conflict_free (BansouConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->type);
  g_free (conflict->round);
  g_free (conflict->body);
  g_free (conflict->question);
  g_free (conflict->key);
  g_free (conflict->mine_json);
  g_free (conflict->theirs_json);
  g_free (conflict->detected_at);
  g_free (conflict->reason);
  g_free (conflict->description);
  g_free (conflict);
}

/* The key field called @name, by the kind's names. */
static char *
dup_key_field (const BansouSyncKind *kind,
               const char * const   *key,
               const char           *name)
{
  for (guint i = 0; kind != NULL && i < kind->n_keys; i++)
    if (g_str_equal (kind->keys[i].name, name))
      return key[i] && *key[i] ? g_strdup (key[i]) : NULL;
  return NULL;
}

GPtrArray *
bansou_sync_list_conflicts (BansouStore  *store,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_conflict_free);
  int rc;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);

  stmt = _bansou_store_prepare (store,
                                "SELECT id, type, k1, k2, k3, mine, theirs, detected_at, reason FROM conflicts "
                                "WHERE resolved_at IS NULL ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouConflict *c = g_new0 (BansouConflict, 1);
      const char *key[BANSOU_SYNC_MAX_KEYS] = {
        _bansou_column_text (stmt, 2), _bansou_column_text (stmt, 3), _bansou_column_text (stmt, 4),
      };
      const BansouSyncKind *kind;

      c->id = sqlite3_column_int64 (stmt, 0);
      c->type = g_strdup (_bansou_column_text (stmt, 1));
      kind = bansou_sync_lookup_kind (c->type);
      c->key = bansou_sync_key_string (key);
      c->round = dup_key_field (kind, key, "round");
      c->body = dup_key_field (kind, key, "body");
      c->question = dup_key_field (kind, key, "question");
      c->mine_json = g_strdup (_bansou_column_text (stmt, 5));
      c->theirs_json = g_strdup (_bansou_column_text (stmt, 6));
      c->detected_at = g_strdup (_bansou_column_text (stmt, 7));
      c->reason = g_strdup (_bansou_column_text (stmt, 8));
      if (kind != NULL && kind->describe != NULL)
        {
          g_autoptr(JsonObject) mine = bansou_sync_parse_object (c->mine_json);
          g_autoptr(JsonObject) theirs = bansou_sync_parse_object (c->theirs_json);

          c->description = kind->describe (store, key, c->reason, mine, theirs);
        }
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading conflicts"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

guint
bansou_sync_count_conflicts (BansouStore *store)
{
  g_return_val_if_fail (BANSOU_IS_STORE (store), 0);
  return _bansou_sync_count_query (store, "SELECT count(*) FROM conflicts WHERE resolved_at IS NULL");
}

/**
 * bansou_sync_get_conflict_fields:
 * @type: a record type ("answer")
 *
 * Returns: (array length=n_fields) (nullable): the fields of the local
 *   record a user compares and picks, from the record's kind
 */
const BansouSyncField *
bansou_sync_get_conflict_fields (const char *type,
                                 guint      *n_fields)
{
  const BansouSyncKind *kind = bansou_sync_lookup_kind (type);

  g_return_val_if_fail (n_fields != NULL, NULL);

  *n_fields = kind ? kind->n_fields : 0;
  return kind ? kind->fields : NULL;
}

/* ------------------------------------------------------------------------ */
/* Resolving                                                                */

typedef struct
{
  gint64                id;
  BansouConflictChoice  choice;
  JsonObject           *merged;   /* nullable */
} Resolve;

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
resolve_cb (BansouStore  *store,
            gpointer      user_data,
            GError      **error)
{
  Resolve *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) mine = NULL;
  g_autoptr(JsonObject) theirs = NULL;
  g_autofree char *type = NULL;
  g_auto(GStrv) k = g_new0 (char *, BANSOU_SYNC_MAX_KEYS + 1);
  g_autofree char *what = NULL;
  g_autofree char *theirs_json = NULL;
  g_autofree char *detail = NULL;
  const char *key[BANSOU_SYNC_MAX_KEYS];
  const BansouSyncKind *kind;
  const char *resolution;
  gint64 theirs_rev;
  gboolean clash;

  stmt = _bansou_store_prepare (store,
                                "SELECT type, k1, k2, k3, mine, theirs, theirs_rev, reason FROM conflicts "
                                "WHERE id = ?1 AND resolved_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND,
                   _("There is no open conflict %" G_GINT64_FORMAT), op->id);
      return FALSE;
    }
  type = g_strdup (_bansou_column_text (stmt, 0));
  for (guint i = 0; i < BANSOU_SYNC_MAX_KEYS; i++)
    key[i] = k[i] = g_strdup (_bansou_column_text (stmt, 1 + (int) i));
  mine = bansou_sync_parse_object (_bansou_column_text (stmt, 4));
  theirs_json = g_strdup (_bansou_column_text (stmt, 5));
  theirs = bansou_sync_parse_object (theirs_json);
  theirs_rev = sqlite3_column_int64 (stmt, 6);
  clash = g_strcmp0 (_bansou_column_text (stmt, 7), "double_booking") == 0;
  what = bansou_sync_key_string (key);

  kind = bansou_sync_lookup_kind (type);
  if (kind == NULL || kind->enqueue == NULL)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND,
                   _("There is no open conflict %" G_GINT64_FORMAT), op->id);
      return FALSE;
    }

  /* "Theirs" of a double booking is another record: taking it would
   * overwrite this one with it. The user moves or cancels this one. */
  if (clash && op->choice == BANSOU_CONFLICT_THEIRS)
    return invalid (error, _("A double booking is resolved by moving or cancelling this visit: the other one "
                             "is another record"));

  switch (op->choice)
    {
    case BANSOU_CONFLICT_MINE:
      /* Keep the local record as it stands now, sent again on their revision. */
      resolution = "mine";
      if (!_bansou_sync_set_server_rev (store, kind, key, theirs_rev, error) ||
          !kind->enqueue (store, key, error))
        return FALSE;
      detail = g_strdup ("mine");
      break;

    case BANSOU_CONFLICT_THEIRS:
      resolution = "theirs";
      if (!kind->write_local (store, key, theirs, error) ||
          !_bansou_sync_set_server_rev (store, kind, key, theirs_rev, error) ||
          !_bansou_outbox_drop_unsent (store, type, key, error))
        return FALSE;
      detail = g_strconcat ("theirs ", theirs_json, NULL);
      break;

    case BANSOU_CONFLICT_MERGED:
    default:
      {
        g_autoptr(JsonObject) merged = json_object_new ();
        g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

        if (op->merged == NULL)
          return invalid (error, _("A merged version is needed to resolve the conflict that way"));
        /* Members left out keep the local value. */
        for (guint i = 0; i < kind->n_fields; i++)
          {
            const char *member = kind->fields[i].key;
            JsonNode *v = json_object_get_member (op->merged, member);

            if (v == NULL && mine != NULL)
              v = json_object_get_member (mine, member);
            if (v != NULL && !JSON_NODE_HOLDS_NULL (v) &&
                (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING))
              return invalid (error, _("The merged version must hold text or null values"));
            json_object_set_member (merged, member, v ? json_node_copy (v) : json_node_new (JSON_NODE_NULL));
          }
        resolution = "merged";
        if (!kind->write_local (store, key, merged, error) ||
            !_bansou_sync_set_server_rev (store, kind, key, theirs_rev, error) ||
            !kind->enqueue (store, key, error))
          return FALSE;
        json_node_set_object (node, merged);
        {
          g_autofree char *text = json_to_string (node, FALSE);
          detail = g_strconcat ("merged ", text, NULL);
        }
      }
      break;
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = _bansou_store_prepare (store, "UPDATE conflicts SET resolved_at = ?2, resolution = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  {
    g_autofree char *now = bansou_now_iso ();

    sqlite3_bind_int64 (stmt, 1, op->id);
    sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, resolution, -1, SQLITE_STATIC);
    if (!_bansou_store_step_done (store, stmt, error))
      return FALSE;
  }

  return bansou_store_audit (store, type, what, "sync-conflict-resolved", NULL, detail, error);
}

/**
 * bansou_sync_resolve_conflict:
 * @choice: which version wins
 * @merged_json: (nullable): for %BANSOU_CONFLICT_MERGED, a JSON object in
 *   the shape of mine_json; members left out keep the local value
 *
 * MINE keeps the local version and puts it in the outbox based on the
 * server's revision; THEIRS writes the server's version here (nothing is
 * sent); MERGED writes @merged_json here and puts it in the outbox. In one
 * transaction, with an audit line. Views on a #BansouSurvey need
 * bansou_survey_reload() afterwards.
 */
gboolean
bansou_sync_resolve_conflict (BansouStore           *store,
                              gint64                 id,
                              BansouConflictChoice   choice,
                              const char            *merged_json,
                              GError               **error)
{
  g_autoptr(JsonObject) merged = NULL;
  Resolve op = { id, choice, NULL };

  g_return_val_if_fail (BANSOU_IS_STORE (store), FALSE);
  g_return_val_if_fail (choice <= BANSOU_CONFLICT_MERGED, FALSE);

  if (choice == BANSOU_CONFLICT_MERGED)
    {
      if (merged_json == NULL || !(merged = bansou_sync_parse_object (merged_json)))
        return invalid (error, _("The merged version is not a JSON object"));
      op.merged = merged;
    }

  return bansou_store_transaction (store, resolve_cb, &op, error);
}
