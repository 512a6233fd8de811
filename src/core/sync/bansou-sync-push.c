/* bansou-sync-push.c — the outbox goes up in POST /batch chunks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Chunks sent before and not yet answered are sent again, byte for byte
 * with the same Idempotency-Key (outbox_chunks keeps them); then new
 * chunks of at most 1000 rows. 200/201 stores the record's revision and
 * drops the row, 412 becomes a conflict (or nothing, if the server already
 * holds exactly our version), 409 a conflict with the record ours clashes
 * with (a double-booked expert: docs/api.md). Rows whose parent record (an answer's
 * round) is not on the server stay in the outbox ("held"), and so do the
 * rows of demo rounds unless the server is a demo server: fictional
 * answers must never reach a real server as real ones.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-sync-private.h"

/* Rows that may go up in this run: not frozen in a chunk, not held back
 * after a refusal, and not waiting for a parent the server lacks. */
#define ELIGIBLE \
  "sent = 0 AND id NOT IN (SELECT id FROM temp.sync_excluded) AND " \
  "(type NOT IN (SELECT type FROM temp.sync_needs) OR EXISTS (SELECT 1 FROM temp.sync_needs n " \
  "  JOIN temp.sync_present p ON p.type = n.parent AND p.key = outbox.k1 WHERE n.type = outbox.type))"

/* The parents on the server, for ELIGIBLE. */
static gboolean
fill_present (Run     *run,
              GError **error)
{
  g_autoptr(sqlite3_stmt) needs = NULL;
  g_autoptr(sqlite3_stmt) present = NULL;
  const BansouSyncKind * const *list;
  guint n;

  if (!bansou_store_exec (run->store,
                          "CREATE TEMP TABLE IF NOT EXISTS sync_present (type TEXT, key TEXT, PRIMARY KEY (type, key));"
                          "CREATE TEMP TABLE IF NOT EXISTS sync_needs (type TEXT PRIMARY KEY, parent TEXT NOT NULL);"
                          "CREATE TEMP TABLE IF NOT EXISTS sync_excluded (id INTEGER PRIMARY KEY);"
                          "DELETE FROM temp.sync_present; DELETE FROM temp.sync_needs; "
                          "DELETE FROM temp.sync_excluded;", error))
    return FALSE;
  needs = _bansou_store_prepare (run->store, "INSERT INTO temp.sync_needs (type, parent) VALUES (?1, ?2)", error);
  present = _bansou_store_prepare (run->store, "INSERT OR IGNORE INTO temp.sync_present (type, key) VALUES (?1, ?2)",
                                   error);
  if (needs == NULL || present == NULL)
    return FALSE;

  list = bansou_sync_list_kinds (&n);
  for (guint i = 0; i < n; i++)
    {
      GHashTable *keys;
      GHashTableIter iter;
      gpointer key;

      if (list[i]->parent != NULL)
        {
          sqlite3_reset (needs);
          sqlite3_bind_text (needs, 1, list[i]->type, -1, SQLITE_STATIC);
          sqlite3_bind_text (needs, 2, list[i]->parent, -1, SQLITE_STATIC);
          if (!_bansou_store_step_done (run->store, needs, error))
            return FALSE;
        }
      if (!(keys = g_hash_table_lookup (run->present, list[i]->type)))
        continue;
      g_hash_table_iter_init (&iter, keys);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          sqlite3_reset (present);
          sqlite3_bind_text (present, 1, list[i]->type, -1, SQLITE_STATIC);
          sqlite3_bind_text (present, 2, key, -1, SQLITE_STATIC);
          if (!_bansou_store_step_done (run->store, present, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Demo data goes to a demo server only: its rows are held back from any
 * other, and counted. The survey says which rows are demo. */
static gboolean
exclude_demo (Run     *run,
              GError **error)
{
  g_autofree char *sql = NULL;

  if (run->server_demo)
    return TRUE;
  sql = g_strdup_printf ("INSERT OR IGNORE INTO temp.sync_excluded (id) SELECT id FROM outbox "
                         "WHERE sent = 0 AND %s", _bansou_survey_demo_outbox_condition ());
  return bansou_store_exec (run->store, sql, error);
}

/* Whether the chunk sent before holds demo rows, for a server that is not
 * a demo server: then it is not sent again (the rows stay in the outbox). */
static gboolean
chunk_is_demo (Run    *run,
               gint64  chunk)
{
  g_autofree char *sql = NULL;

  if (run->server_demo)
    return FALSE;
  sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE sent = %" G_GINT64_FORMAT " AND %s", chunk,
                         _bansou_survey_demo_outbox_condition ());
  return _bansou_sync_count_query (run->store, sql) > 0;
}

static guint
count_demo_held (Run *run)
{
  g_autofree char *sql = NULL;

  if (run->server_demo)
    return 0;
  sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE %s", _bansou_survey_demo_outbox_condition ());
  return _bansou_sync_count_query (run->store, sql);
}

/* ------------------------------------------------------------------------ */
/* Forming a chunk                                                          */

/* One operation of a sent chunk, as it was sent. */
typedef struct
{
  const BansouSyncKind *kind;
  char                 *key[BANSOU_SYNC_MAX_KEYS];   /* "" past the kind's keys */
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  for (guint i = 0; i < BANSOU_SYNC_MAX_KEYS; i++)
    g_free (op->key[i]);
  g_free (op);
}

#define OP_KEY(o) ((const char * const *) (o)->key)

typedef struct
{
  Run        *run;
  gint64      max_id;
  gint64      chunk;       /* out */
  char       *key;         /* out */
  char       *request;     /* out */
  GPtrArray  *ops;         /* out: Op, as the request holds them; NULL when nothing was left to send */
} FormChunk;

static gboolean
form_chunk_cb (BansouStore  *store,
               gpointer      user_data,
               GError      **error)
{
  FormChunk *op = user_data;
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) chunk = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autoptr(GString) request = g_string_new ("{\"ops\":[");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (op_free);
  g_autofree char *key = g_uuid_string_random ();
  int rc;

  rows = _bansou_store_prepare (store,
                                "SELECT id, type, k1, k2, k3, payload, base_rev FROM outbox "
                                "WHERE " ELIGIBLE " AND id <= ?1 ORDER BY id LIMIT ?2", error);
  if (rows == NULL)
    return FALSE;
  sqlite3_bind_int64 (rows, 1, op->max_id);
  sqlite3_bind_int (rows, 2, (int) op->run->limits.batch_size);

  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      const char *type = _bansou_column_text (rows, 1);
      const BansouSyncKind *kind = bansou_sync_lookup_kind (type);
      gsize before = request->len;

      if (kind == NULL)
        {
          /* Written by a newer Bansō that knew this kind: it waits for one again. */
          g_debug ("Keeping an outbox row of unknown type %s", type);
          continue;
        }

      if (ids->len > 0)
        g_string_append_c (request, ',');
      g_string_append (request, "{\"type\":");
      _bansou_sync_append_json_string (request, type);
      for (guint k = 0; k < kind->n_keys; k++)
        {
          g_string_append_printf (request, ",\"%s\":", kind->keys[k].name);
          _bansou_sync_append_json_string (request, _bansou_column_text (rows, 2 + (int) k));
        }
      g_string_append_printf (request, ",\"base_rev\":%" G_GINT64_FORMAT ",\"data\":",
                              (gint64) sqlite3_column_int64 (rows, 6));
      g_string_append (request, _bansou_column_text (rows, 5));
      g_string_append_c (request, '}');

      /* Long notes: the chunk ends before the request outgrows the server's limit. */
      if (ids->len > 0 && request->len + 2 > op->run->max_request)
        {
          g_string_truncate (request, before);
          break;
        }

      {
        gint64 id = sqlite3_column_int64 (rows, 0);
        Op *o = g_new0 (Op, 1);

        g_array_append_val (ids, id);
        /* What chunk_ops() would read back from the request: the same strings. */
        o->kind = kind;
        for (guint k = 0; k < BANSOU_SYNC_MAX_KEYS; k++)
          o->key[k] = g_strdup (k < kind->n_keys ? _bansou_column_text (rows, 2 + (int) k) : "");
        g_ptr_array_add (ops, o);
      }
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _bansou_store_set_error (store, error, _("reading the outbox"));
      return FALSE;
    }
  g_string_append (request, "]}");

  if (ids->len == 0)
    return TRUE;

  chunk = _bansou_store_prepare (store,
                                 "INSERT INTO outbox_chunks (idempotency_key, request, created_at) VALUES (?1, ?2, ?3)",
                                 error);
  if (chunk == NULL)
    return FALSE;
  sqlite3_bind_text (chunk, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (chunk, 2, request->str, (int) request->len, SQLITE_STATIC);
  sqlite3_bind_text (chunk, 3, op->run->now, -1, SQLITE_STATIC);
  if (!_bansou_store_step_done (store, chunk, error))
    return FALSE;
  op->chunk = sqlite3_last_insert_rowid (_bansou_store_get_db (store));

  mark = _bansou_store_prepare (store, "UPDATE outbox SET sent = ?1 WHERE id = ?2", error);
  if (mark == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_reset (mark);
      sqlite3_bind_int64 (mark, 1, op->chunk);
      sqlite3_bind_int64 (mark, 2, g_array_index (ids, gint64, i));
      if (!_bansou_store_step_done (store, mark, error))
        return FALSE;
    }

  op->key = g_steal_pointer (&key);
  op->request = g_string_free (g_steal_pointer (&request), FALSE);
  op->ops = g_steal_pointer (&ops);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The answer to a chunk                                                    */


/* The chunk's request is ours: read its operations back in order. */
static GPtrArray *
chunk_ops (const char  *request,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (op_free);
  JsonArray *list;

  if (!json_parser_load_from_data (parser, request, -1, error))
    return NULL;
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "ops");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      Op *op = g_new0 (Op, 1);

      g_ptr_array_add (ops, op);
      op->kind = bansou_sync_lookup_kind (json_object_get_string_member (o, "type"));
      if (op->kind == NULL)
        {
          g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CONFIG,
                       "A sent chunk holds a record of unknown type %s", json_object_get_string_member (o, "type"));
          return NULL;
        }
      for (guint k = 0; k < BANSOU_SYNC_MAX_KEYS; k++)
        op->key[k] = g_strdup (k < op->kind->n_keys && json_object_has_member (o, op->kind->keys[k].name)
                               ? json_object_get_string_member (o, op->kind->keys[k].name) : "");
    }
  return g_steal_pointer (&ops);
}

typedef struct
{
  gint64            status;
  gint64            rev;
  BansouSyncRecord  current;       /* for 412; for 409 the record ours clashes with */
  gboolean          has_current;
  JsonNode         *unreadable;    /* a current record that could not be read: quarantined */
  char             *reason;
} OpResult;

typedef struct
{
  Run        *run;
  gint64      chunk;
  GPtrArray  *ops;       /* Op */
  OpResult   *results;
  guint       pushed;
  guint       conflicts;
  guint       identical;
  GHashTable *rows;      /* row_key () → SentRow: the chunk's rows not yet taken */
  gboolean    clashes;   /* an open double booking is there to close */
} ApplyResults;

typedef struct
{
  gint64  id;
  char   *payload;
} SentRow;

static void
sent_row_free (gpointer data)
{
  SentRow *row = data;

  g_free (row->payload);
  g_free (row);
}

static char *
row_key (const char         *type,
         const char * const *key)
{
  GString *s = g_string_new (NULL);

  /* each part with its length: no key can pass for another */
  g_string_append_printf (s, "%" G_GSIZE_FORMAT ":%s", strlen (type), type);
  for (guint i = 0; i < BANSOU_SYNC_MAX_KEYS; i++)
    {
      const char *k = key[i] != NULL ? key[i] : "";

      g_string_append_printf (s, "%" G_GSIZE_FORMAT ":%s", strlen (k), k);
    }
  return g_string_free (s, FALSE);
}

/* The chunk's rows by their record's key, read once: a row looked up for
 * each answer went through the chunk's index and read the whole chunk
 * every time (a thousand rows for each of a thousand answers). */
static gboolean
read_chunk_rows (ApplyResults  *op,
                 GError       **error)
{
  sqlite3_stmt *stmt = bansou_sync_stmt (op->run->store,
                                         "SELECT id, type, k1, k2, k3, payload FROM outbox WHERE sent = ?1 "
                                         "ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  op->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sent_row_free);
  sqlite3_bind_int64 (stmt, 1, op->chunk);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key[BANSOU_SYNC_MAX_KEYS];
      g_autofree char *k = NULL;
      SentRow *row;

      for (guint i = 0; i < BANSOU_SYNC_MAX_KEYS; i++)
        key[i] = _bansou_column_text (stmt, 2 + (int) i);
      k = row_key (_bansou_column_text (stmt, 1), key);
      if (g_hash_table_contains (op->rows, k))
        continue;
      row = g_new0 (SentRow, 1);
      row->id = sqlite3_column_int64 (stmt, 0);
      row->payload = g_strdup (_bansou_column_text (stmt, 5));
      g_hash_table_insert (op->rows, g_steal_pointer (&k), row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (op->run->store, error, _("reading the outbox"));
      return FALSE;
    }
  return TRUE;
}

/* The row of @o sent in this chunk (its id, 0 if it is gone, and its
 * payload), for the caller to delete. */
static void
take_sent_row (ApplyResults  *op,
               Op            *o,
               gint64        *id,
               char         **payload)
{
  g_autofree char *k = row_key (o->kind->type, OP_KEY (o));
  g_autofree char *stolen = NULL;
  SentRow *row;

  *id = 0;
  *payload = NULL;
  if (g_hash_table_steal_extended (op->rows, k, (gpointer *) &stolen, (gpointer *) &row))
    {
      *id = row->id;
      *payload = g_steal_pointer (&row->payload);
      sent_row_free (row);
    }
}

/* A newer edit of @o's record, not sent yet (id 0 if there is none). */
static gboolean
take_unsent_row (ApplyResults  *op,
                 Op            *o,
                 gint64        *id,
                 char         **payload,
                 GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *id = 0;
  *payload = NULL;
  stmt = bansou_sync_stmt (op->run->store,
                           "SELECT id, payload FROM outbox WHERE sent = 0 AND type = ?1 AND k1 = ?2 "
                           "AND k2 = ?3 AND k3 = ?4", error);
  if (stmt == NULL)
    return FALSE;
  _bansou_sync_bind_key (stmt, 1, o->kind->type, OP_KEY (o));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      *payload = g_strdup (_bansou_column_text (stmt, 1));
    }
  else if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (op->run->store, error, _("reading the outbox"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
payload_equals (const BansouSyncKind   *kind,
                const char             *payload,
                const BansouSyncRecord *record)
{
  g_autoptr(JsonObject) mine = bansou_sync_parse_object (payload);

  return mine != NULL && kind->same (mine, record);
}

static gboolean
close_clash (BansouStore  *store,
             Op           *o,
             GError      **error)
{
  sqlite3_stmt *stmt = bansou_sync_stmt (store,
                                         "UPDATE conflicts SET resolved_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
                                         "resolution = 'changed' WHERE resolved_at IS NULL AND reason = 'double_booking' "
                                         "AND type = ?1 AND k1 = ?2 AND k2 = ?3 AND k3 = ?4", error);

  if (stmt == NULL)
    return FALSE;
  _bansou_sync_bind_key (stmt, 1, o->kind->type, OP_KEY (o));
  return bansou_sync_stmt_done (store, stmt, error);
}

static gboolean
apply_results_cb (BansouStore  *store,
                  gpointer      user_data,
                  GError      **error)
{
  ApplyResults *op = user_data;
  g_autoptr(sqlite3_stmt) drop = NULL;

  g_clear_pointer (&op->rows, g_hash_table_unref);
  if (!read_chunk_rows (op, error))
    return FALSE;
  /* (One made below is for an operation already answered: a chunk holds
   * one row of a record.) */
  op->clashes = _bansou_sync_count_query (store, "SELECT EXISTS (SELECT 1 FROM conflicts WHERE resolved_at IS NULL "
                                                 "AND reason = 'double_booking')") != 0;
  for (guint i = 0; i < op->ops->len; i++)
    {
      Op *o = g_ptr_array_index (op->ops, i);
      OpResult *res = &op->results[i];
      g_autofree char *payload = NULL;
      gint64 id;

      take_sent_row (op, o, &id, &payload);
      if (res->unreadable != NULL && !_bansou_sync_quarantine (op->run, res->unreadable, res->reason, error))
        return FALSE;

      if (res->status == 200 || res->status == 201)
        {
          /* A double booking was resolved by changing the record: the
           * server took it. */
          if (!_bansou_sync_set_server_rev (store, o->kind, OP_KEY (o), res->rev, error) ||
              (op->clashes && !close_clash (store, o, error)))
            return FALSE;
          op->pushed++;
        }
      else if (res->status == 409)
        {
          g_autofree char *newer = NULL;
          g_autofree char *clash = json_to_string (res->current.node, FALSE);
          gint64 newer_id, own_rev = 0;
          gboolean exists;

          if (!take_unsent_row (op, o, &newer_id, &newer, error))
            return FALSE;
          if (newer_id != 0 && !_bansou_outbox_delete (store, newer_id, error))
            return FALSE;
          if (newer == NULL && payload == NULL)
            continue;
          if (!o->kind->get_rev (store, OP_KEY (o), &exists, &own_rev, error) ||
              !_bansou_sync_put_clash (store, o->kind->type, OP_KEY (o), newer ? newer : payload, clash, own_rev,
                                       op->run->now, error))
            return FALSE;
          op->conflicts++;
        }
      else if (res->has_current && payload != NULL && payload_equals (o->kind, payload, &res->current))
        {
          /* The server already holds exactly this version: nothing to decide. */
          if (!_bansou_sync_set_server_rev (store, o->kind, OP_KEY (o), res->current.rev, error) ||
              !_bansou_sync_close_conflict (store, o->kind->type, OP_KEY (o), "identical", error))
            return FALSE;
          op->identical++;
        }
      else
        {
          g_autofree char *newer = NULL;
          g_autofree char *theirs = NULL;
          gint64 newer_id;

          /* The conflict keeps the latest local version; a newer edit not
           * sent yet is folded into it rather than sent on a stale base. */
          if (!take_unsent_row (op, o, &newer_id, &newer, error))
            return FALSE;
          if (newer_id != 0 && !_bansou_outbox_delete (store, newer_id, error))
            return FALSE;
          if (newer == NULL && payload == NULL)
            continue;   /* the row is gone: its round was deleted here */

          theirs = res->has_current ? json_to_string (res->current.node, FALSE) : g_strdup ("null");
          if (!_bansou_sync_put_conflict (store, o->kind->type, OP_KEY (o), newer ? newer : payload, theirs,
                                          res->has_current ? res->current.rev : 0, op->run->now, error))
            return FALSE;
          op->conflicts++;
        }

      if (id != 0 && !_bansou_outbox_delete (store, id, error))
        return FALSE;
    }

  drop = _bansou_store_prepare (store, "DELETE FROM outbox_chunks WHERE id = ?1", error);
  if (drop == NULL)
    return FALSE;
  sqlite3_bind_int64 (drop, 1, op->chunk);
  return _bansou_store_step_done (store, drop, error);
}

/* Whether @o is held back with @culprit, refused as @code: "unknown_F"
 * holds every row that shares the culprit's F (and what F is within);
 * any other refusal only the culprit's record. */
static gboolean
held_with (const Op   *o,
           const Op   *culprit,
           const char *code)
{
  const BansouSyncKind *ck = culprit->kind;

  if (code != NULL && g_str_has_prefix (code, "unknown_"))
    {
      const char *field = code + strlen ("unknown_");

      for (guint k = 0; k < ck->n_keys; k++)
        {
          const char *within = ck->keys[k].within;
          gboolean matched = FALSE;

          if (!g_str_equal (ck->keys[k].name, field))
            continue;
          for (guint j = 0; j < o->kind->n_keys; j++)
            if (g_str_equal (o->kind->keys[j].name, field) && g_str_equal (o->key[j], culprit->key[k]))
              matched = TRUE;
          if (!matched)
            return FALSE;
          if (within == NULL)
            return TRUE;
          for (guint w = 0; w < ck->n_keys; w++)
            if (g_str_equal (ck->keys[w].name, within))
              for (guint j = 0; j < o->kind->n_keys; j++)
                if (g_str_equal (o->kind->keys[j].name, within) && g_str_equal (o->key[j], culprit->key[w]))
                  return TRUE;
          return FALSE;
        }
    }

  if (o->kind != ck)
    return FALSE;
  for (guint k = 0; k < BANSOU_SYNC_MAX_KEYS; k++)
    if (!g_str_equal (o->key[k], culprit->key[k]))
      return FALSE;
  return TRUE;
}

/* A whole batch was refused (4xx): the server stored nothing, so the rows
 * go back to the outbox to be sent again in a new chunk. A row the server
 * named (an unknown body, round or question) and its kin are held back
 * for this run. */
typedef struct
{
  Run        *run;
  gint64      chunk;
  GPtrArray  *ops;
  Op         *culprit;    /* nullable */
  const char *code;
} Unfreeze;

static gboolean
unfreeze_cb (BansouStore  *store,
             gpointer      user_data,
             GError      **error)
{
  Unfreeze *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (op->culprit != NULL)
    {
      stmt = _bansou_store_prepare (store,
                                    "INSERT OR IGNORE INTO temp.sync_excluded (id) SELECT id FROM outbox "
                                    "WHERE sent = ?5 AND type = ?1 AND k1 = ?2 AND k2 = ?3 AND k3 = ?4", error);
      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < op->ops->len; i++)
        {
          Op *o = g_ptr_array_index (op->ops, i);

          if (!held_with (o, op->culprit, op->code))
            continue;
          sqlite3_reset (stmt);
          _bansou_sync_bind_key (stmt, 1, o->kind->type, OP_KEY (o));
          sqlite3_bind_int64 (stmt, 5, op->chunk);
          if (!_bansou_store_step_done (store, stmt, error))
            return FALSE;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  /* A row edited again meanwhile has a newer unsent row: that one wins. */
  stmt = _bansou_store_prepare (store,
                                "DELETE FROM outbox WHERE sent = ?1 AND EXISTS (SELECT 1 FROM outbox n "
                                "WHERE n.sent = 0 AND n.type = outbox.type AND n.k1 = outbox.k1 "
                                "AND n.k2 = outbox.k2 AND n.k3 = outbox.k3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->chunk);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = _bansou_store_prepare (store, "UPDATE outbox SET sent = 0 WHERE sent = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->chunk);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = _bansou_store_prepare (store, "DELETE FROM outbox_chunks WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->chunk);
  return _bansou_store_step_done (store, stmt, error);
}

static gboolean
check_batch_response (JsonNode    *root,
                      GPtrArray   *ops,
                      OpResult    *results,
                      GError     **error)
{
  JsonObject *obj;
  JsonArray *list;

  if (!(obj = _bansou_sync_root_object (root, error)) || !(list = bansou_sync_json_array (obj, "results", error)))
    return FALSE;
  if (json_array_get_length (list) != ops->len)
    {
      g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL,
                   _("The server answered %u operations of %u"), json_array_get_length (list), ops->len);
      return FALSE;
    }

  for (guint i = 0; i < ops->len; i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      Op *o = g_ptr_array_index (ops, i);
      OpResult *res = &results[i];
      JsonObject *ro;
      JsonNode *current;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bansou_sync_protocol_error (error, _("not an object:"), "results");
      ro = json_node_get_object (node);
      if (!bansou_sync_json_int (ro, "status", 100, &res->status, error))
        return FALSE;

      if (res->status == 200 || res->status == 201)
        {
          if (!bansou_sync_json_int (ro, "rev", 1, &res->rev, error))
            return FALSE;
        }
      else if (res->status == 412)
        {
          current = json_object_get_member (ro, "current");
          if (current == NULL)
            return bansou_sync_protocol_error (error, _("missing"), "current");
          if (!JSON_NODE_HOLDS_NULL (current))
            {
              g_autoptr(GError) local = NULL;

              /* The server's version cannot be read (text an older server
               * stored badly): it is kept aside, and the conflict is shown
               * against "no version", so the user's edit can replace it. */
              if (!_bansou_sync_record_readable (current, &res->reason) ||
                  !_bansou_sync_parse_record (current, &res->current, &local))
                {
                  if (res->reason == NULL)
                    res->reason = g_strdup (local->message);
                  _bansou_sync_record_clear (&res->current);
                  memset (&res->current, 0, sizeof res->current);
                  res->unreadable = json_node_ref (current);
                  continue;
                }
              if (res->current.kind != o->kind)
                return bansou_sync_protocol_error (error, _("another record in"), "current");
              for (guint k = 0; k < BANSOU_SYNC_MAX_KEYS; k++)
                if (g_strcmp0 (res->current.key[k], o->key[k]) != 0)
                  return bansou_sync_protocol_error (error, _("another record in"), "current");
              res->has_current = TRUE;
            }
        }
      else if (res->status == 409)
        {
          /* Another record stands in the way: a record of the same kind
           * and of another key (two visits of one expert). */
          JsonNode *clash = json_object_get_member (ro, "clash");

          if (clash == NULL)
            return bansou_sync_protocol_error (error, _("missing"), "clash");
          if (!_bansou_sync_parse_record (clash, &res->current, error))
            return FALSE;
          if (res->current.kind != o->kind)
            return bansou_sync_protocol_error (error, _("another record in"), "clash");
          res->has_current = TRUE;
        }
      else
        {
          g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL,
                       _("The server answered an operation with status %" G_GINT64_FORMAT), res->status);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * _bansou_sync_read_batch_answer:
 * @request: a chunk as sent (`{"ops": […]}`)
 * @answer: the bytes of a 200 answer to it
 * @n_unreadable: (out): of its 412 results, those whose current record
 *   could not be read (they would be quarantined)
 *
 * Reads @answer exactly as a sync does, without applying it: for
 * tests/fuzz/fuzz-sync-answers.c.
 */
gboolean
_bansou_sync_read_batch_answer (const char  *request,
                                const char  *answer,
                                gsize        length,
                                guint       *n_unreadable,
                                GError     **error)
{
  g_autoptr(GPtrArray) ops = chunk_ops (request, error);
  g_autoptr(JsonNode) root = NULL;
  g_autofree OpResult *results = NULL;
  gboolean ok;

  *n_unreadable = 0;
  if (ops == NULL || !(root = _bansou_sync_parse_answer (answer, length, NULL, error)))
    return FALSE;
  results = g_new0 (OpResult, ops->len);
  ok = check_batch_response (root, ops, results, error);
  for (guint i = 0; i < ops->len; i++)
    {
      *n_unreadable += results[i].unreadable != NULL;
      _bansou_sync_record_clear (&results[i].current);
      g_clear_pointer (&results[i].unreadable, json_node_unref);
      g_free (results[i].reason);
    }
  return ok;
}

/* Returns: %TRUE when the chunk was answered (applied, or given back to the
 * outbox to form again) */
static gboolean
send_chunk (Run         *run,
            gint64       chunk,
            const char  *key,
            const char  *request,
            GPtrArray   *formed,
            guint       *reforms,
            GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) ops = formed;
  g_autofree OpResult *results = NULL;
  guint status;
  gboolean ok;

  /* A chunk sent before this run (its answer was lost) is read back from
   * its request; a new one comes with its operations. */
  if (ops == NULL && !(ops = chunk_ops (request, error)))
    return FALSE;
  if (!_bansou_sync_http (run, "POST", "/batch", key, request, &status, &root, error))
    return FALSE;

  if (status >= 400 && status < 500 && status != 409 && status != 412 && status != 422)
    {
      Unfreeze op = { run, chunk, ops, NULL, NULL };
      g_autoptr(GError) refused = NULL;
      JsonObject *e = NULL;
      gint64 index = -1;

      _bansou_sync_set_status_error (&refused, status, root, "POST", "/batch");
      if (root && JSON_NODE_HOLDS_OBJECT (root) &&
          json_object_has_member (json_node_get_object (root), "error") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "error")))
        e = json_object_get_object_member (json_node_get_object (root), "error");
      if (e && json_object_has_member (e, "index") &&
          json_node_get_value_type (json_object_get_member (e, "index")) == G_TYPE_INT64)
        index = json_object_get_int_member (e, "index");
      if (e && json_object_has_member (e, "code") &&
          json_node_get_value_type (json_object_get_member (e, "code")) == G_TYPE_STRING)
        op.code = json_object_get_string_member (e, "code");

      /* Rows the server cannot take (a body, round or question it does not
       * know, a value it refuses) are held back; the rest go again. */
      if (index >= 0 && index < ops->len && status != 401 && status != 403 && status != 429)
        op.culprit = g_ptr_array_index (ops, index);

      if (!bansou_store_transaction (run->store, unfreeze_cb, &op, error))
        return FALSE;

      /* Too large for this server's limits: smaller chunks, same rows. */
      if (status == 413 && ops->len > 1 && ++(*reforms) <= MAX_REFORMS)
        {
          run->limits.batch_size = MAX (1, ops->len / 2);
          run->max_request = MAX (4096, run->max_request / 2);
          g_message ("The server refused a batch of %u as too large: sending %u at a time", ops->len,
                     run->limits.batch_size);
          return TRUE;
        }
      if (op.culprit == NULL || ++(*reforms) > MAX_REFORMS)
        {
          g_propagate_error (error, g_steal_pointer (&refused));
          return FALSE;
        }
      {
        g_autofree char *what = bansou_sync_key_string (OP_KEY (op.culprit));
        g_message ("Holding back %s %s: %s", op.culprit->kind->type, what, refused->message);
      }
      return TRUE;
    }
  if (status != 200)
    {
      _bansou_sync_set_status_error (error, status, root, "POST", "/batch");
      return FALSE;
    }

  results = g_new0 (OpResult, ops->len);
  ok = check_batch_response (root, ops, results, error);
  if (ok)
    {
      ApplyResults apply = { run, chunk, ops, results, 0, 0, 0, NULL, FALSE };

      ok = bansou_store_transaction (run->store, apply_results_cb, &apply, error);
      g_clear_pointer (&apply.rows, g_hash_table_unref);
      if (ok)
        {
          run->stats.pushed += apply.pushed;
          run->stats.conflicts += apply.conflicts;
          run->stats.skipped += apply.identical;
        }
    }
  for (guint i = 0; i < ops->len; i++)
    {
      _bansou_sync_record_clear (&results[i].current);
      g_clear_pointer (&results[i].unreadable, json_node_unref);
      g_free (results[i].reason);
    }

  return ok;
}

/* ------------------------------------------------------------------------ */
/* 3: push                                                                  */

gboolean
_bansou_sync_push (Run     *run,
                   GError **error)
{
  g_autoptr(sqlite3_stmt) chunks = NULL;
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint total, done = 0, reforms = 0;
  gint64 max_id;

  /* The national desk reads answers; they belong to the bodies and their
   * prefecture (docs/api.md): its edits stay here, but for the kinds it
   * writes itself (its articles). */
  if (g_str_equal (run->prefecture, BANSOU_SCOPE_NATIONAL))
    {
      const BansouSyncKind * const *list;
      g_autoptr(GString) sql = g_string_new ("INSERT OR IGNORE INTO temp.sync_excluded (id) SELECT id FROM outbox "
                                             "WHERE sent = 0 AND type NOT IN (''");
      guint n, n_national = 0;

      list = bansou_sync_list_kinds (&n);
      for (guint i = 0; i < n; i++)
        if (list[i]->national_writes)
          {
            g_string_append_printf (sql, ", '%s'", list[i]->type);   /* type names are C literals */
            n_national++;
          }
      g_string_append (sql, ")");
      if (n_national == 0)
        {
          run->stats.held = _bansou_sync_count_query (run->store, "SELECT count(*) FROM outbox");
          run->stats.demo_held = count_demo_held (run);
          return TRUE;
        }
      if (!fill_present (run, error) || !exclude_demo (run, error) || !bansou_store_exec (run->store, sql->str, error))
        return FALSE;
    }
  else if (!fill_present (run, error) || !exclude_demo (run, error))
    return FALSE;
  total = _bansou_sync_count_query (run->store, "SELECT count(*) FROM outbox WHERE sent <> 0") +
          _bansou_sync_count_query (run->store, "SELECT count(*) FROM outbox WHERE " ELIGIBLE);
  max_id = _bansou_sync_count_query (run->store, "SELECT coalesce(max(id), 0) FROM outbox");
  _bansou_sync_emit_progress (run, "push", 0, total);

  /* First what was sent before and never answered: the same bytes, the same key. */
  chunks = _bansou_store_prepare (run->store, "SELECT id FROM outbox_chunks ORDER BY id", error);
  if (chunks == NULL)
    return FALSE;
  while (sqlite3_step (chunks) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (chunks, 0);
      g_array_append_val (pending, id);
    }
  g_clear_pointer (&chunks, sqlite3_finalize);

  for (guint i = 0; i < pending->len; i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *key = NULL;
      g_autofree char *request = NULL;
      gint64 id = g_array_index (pending, gint64, i);
      guint n;

      stmt = _bansou_store_prepare (run->store,
                                    "SELECT idempotency_key, request, (SELECT count(*) FROM outbox WHERE sent = ?1) "
                                    "FROM outbox_chunks WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        continue;
      if (chunk_is_demo (run, id))
        {
          g_debug ("Keeping chunk %" G_GINT64_FORMAT ": it holds demo data", id);
          continue;
        }
      key = g_strdup (_bansou_column_text (stmt, 0));
      request = g_strdup (_bansou_column_text (stmt, 1));
      n = (guint) sqlite3_column_int64 (stmt, 2);
      g_debug ("Sending chunk %" G_GINT64_FORMAT " again (%u rows)", id, n);

      if (!send_chunk (run, id, key, request, NULL, &reforms, error))
        return FALSE;
      done += n;
      _bansou_sync_emit_progress (run, "push", MIN (done, total), total);
    }

  /* Then new chunks, in outbox order. */
  for (guint guard = 0; guard < G_MAXUINT; guard++)
    {
      FormChunk form = { run, max_id, 0, NULL, NULL, NULL };
      gboolean ok;
      guint n_ops;

      if (g_cancellable_is_cancelled (run->cancellable))
        return _bansou_sync_set_cancelled (error);
      if (!bansou_store_transaction (run->store, form_chunk_cb, &form, error))
        {
          g_free (form.key);
          g_free (form.request);
          g_clear_pointer (&form.ops, g_ptr_array_unref);
          return FALSE;
        }
      if (form.ops == NULL)
        break;

      n_ops = form.ops->len;
      ok = send_chunk (run, form.chunk, form.key, form.request, g_steal_pointer (&form.ops), &reforms, error);
      g_free (form.key);
      g_free (form.request);
      if (!ok)
        return FALSE;
      done += n_ops;
      _bansou_sync_emit_progress (run, "push", MIN (done, total), total);
    }

  run->stats.held = _bansou_sync_count_query (run->store, "SELECT count(*) FROM outbox WHERE sent = 0");
  run->stats.demo_held = count_demo_held (run);
  if (run->stats.demo_held > 0)
    g_debug ("Holding back %u outbox rows of demo rounds: the server is not a demo server", run->stats.demo_held);
  return TRUE;
}
