/* bansou-server-api.c — records, writes and the change feed, through the kinds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Messages here go to API clients, which show their own translated text
 * keyed by the error code: they are plain English, not marked for
 * translation.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>

#include "bansou-core.h"
#include "bansou-server-api.h"
#include "bansou-server-kind.h"

G_DEFINE_QUARK (bansou-api-error-quark, bansou_api_error)

static const struct {
  guint       status;
  const char *id;
} api_errors[BANSOU_API_N_ERRORS] = {
  [BANSOU_API_ERROR_INVALID_JSON]             = { 400, "invalid_json" },
  [BANSOU_API_ERROR_JSON_TOO_DEEP]            = { 400, "json_too_deep" },
  [BANSOU_API_ERROR_INVALID_REQUEST]          = { 400, "invalid_request" },
  [BANSOU_API_ERROR_IDEMPOTENCY_KEY_REQUIRED] = { 400, "idempotency_key_required" },
  [BANSOU_API_ERROR_UNAUTHORIZED]             = { 401, "unauthorized" },
  [BANSOU_API_ERROR_FORBIDDEN]                = { 403, "forbidden" },
  [BANSOU_API_ERROR_NOT_FOUND]                = { 404, "not_found" },
  [BANSOU_API_ERROR_UNKNOWN_BODY]             = { 404, "unknown_body" },
  [BANSOU_API_ERROR_UNKNOWN_ROUND]            = { 404, "unknown_round" },
  [BANSOU_API_ERROR_UNKNOWN_QUESTION]         = { 404, "unknown_question" },
  [BANSOU_API_ERROR_UNKNOWN_CATALOG]          = { 404, "unknown_catalog" },
  [BANSOU_API_ERROR_METHOD_NOT_ALLOWED]       = { 405, "method_not_allowed" },
  [BANSOU_API_ERROR_CATALOG_IMMUTABLE]        = { 409, "catalog_immutable" },
  [BANSOU_API_ERROR_STALE_REVISION]           = { 412, "stale_revision" },
  [BANSOU_API_ERROR_PAYLOAD_TOO_LARGE]        = { 413, "payload_too_large" },
  [BANSOU_API_ERROR_BATCH_TOO_LARGE]          = { 413, "batch_too_large" },
  [BANSOU_API_ERROR_UNSUPPORTED_MEDIA_TYPE]   = { 415, "unsupported_media_type" },
  [BANSOU_API_ERROR_IDEMPOTENCY_KEY_REUSED]   = { 422, "idempotency_key_reused" },
  [BANSOU_API_ERROR_REVISION_REQUIRED]        = { 428, "revision_required" },
  [BANSOU_API_ERROR_RATE_LIMITED]             = { 429, "rate_limited" },
  [BANSOU_API_ERROR_INTERNAL]                 = { 500, "internal_error" },
  [BANSOU_API_ERROR_TOO_MANY_CONNECTIONS]     = { 503, "too_many_connections" },
  [BANSOU_API_ERROR_UNKNOWN_EXPERT]           = { 404, "unknown_expert" },
  [BANSOU_API_ERROR_UNKNOWN_DISPATCH_REQUEST] = { 404, "unknown_dispatch_request" },
  [BANSOU_API_ERROR_DOUBLE_BOOKING]           = { 409, "double_booking" },
  [BANSOU_API_ERROR_STORE_UNAVAILABLE]        = { 503, "store_unavailable" },
};

guint
bansou_api_error_status (BansouApiError code)
{
  g_return_val_if_fail (code < BANSOU_API_N_ERRORS, 500);
  return api_errors[code].status;
}

const char *
bansou_api_error_id (BansouApiError code)
{
  g_return_val_if_fail (code < BANSOU_API_N_ERRORS, "internal_error");
  return api_errors[code].id;
}

/* ------------------------------------------------------------------------ */
/* Records, through the table of kinds                                      */

/**
 * bansou_api_add_record:
 *
 * Adds the record of @type with keys @k1…@k3 to @b, or JSON null if it
 * does not exist.
 */
static gboolean add_record_sized (JsonBuilder *b, BansouServerDb *db, const char *type, const char *k1,
                                  const char *k2, const char *k3, gsize *bytes, GError **error);

gboolean
bansou_api_add_record (JsonBuilder     *b,
                       BansouServerDb  *db,
                       const char      *type,
                       const char      *k1,
                       const char      *k2,
                       const char      *k3,
                       GError         **error)
{
  return add_record_sized (b, db, type, k1, k2, k3, NULL, error);
}

/* As bansou_api_add_record(), adding to @bytes about what the record's
 * JSON will take: its columns' text and a little for each member name. */
static gboolean
add_record_sized (JsonBuilder     *b,
                  BansouServerDb  *db,
                  const char      *type,
                  const char      *k1,
                  const char      *k2,
                  const char      *k3,
                  gsize           *bytes,
                  GError         **error)
{
  const BansouServerKind *kind;
  g_autoptr(BansouServerStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (JSON_IS_BUILDER (b), FALSE);
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (type != NULL, FALSE);

  kind = bansou_server_kind_lookup (type);
  if (kind == NULL)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INTERNAL, "Unknown record type %s", type);
      return FALSE;
    }

  stmt = bansou_server_db_prepare (db, kind->select_sql, error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, k1);
  if (bansou_server_stmt_parameter_count (stmt) >= 2)
    bansou_server_stmt_bind_text (stmt, 2, k2);
  if (bansou_server_stmt_parameter_count (stmt) >= 3)
    bansou_server_stmt_bind_text (stmt, 3, k3);
  rc = bansou_server_stmt_step (stmt, NULL);
  if (rc == BANSOU_SERVER_STEP_ROW && bytes != NULL)
    for (int i = 0; i < bansou_server_stmt_column_count (stmt); i++)
      *bytes += (gsize) bansou_server_stmt_column_bytes (stmt, i) + 24;
  if (rc == BANSOU_SERVER_STEP_ROW)
    kind->to_json (b, stmt);
  else if (rc == BANSOU_SERVER_STEP_DONE)
    json_builder_add_null_value (b);
  else
    {
      bansou_server_db_set_error (db, error, "reading a record");
      return FALSE;
    }
  return TRUE;
}

/**
 * bansou_api_get_record:
 *
 * Returns: (transfer full): the record, JSON null if it does not exist
 */
JsonNode *
bansou_api_get_record (BansouServerDb  *db,
                       const char      *type,
                       const char      *k1,
                       const char      *k2,
                       const char      *k3,
                       GError         **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  json_builder_begin_array (b);
  if (!bansou_api_add_record (b, db, type, k1, k2, k3, error))
    return NULL;
  json_builder_end_array (b);

  root = json_builder_get_root (b);
  return json_node_copy (json_array_get_element (json_node_get_array (root), 0));
}

/**
 * bansou_api_list_records:
 * @member: the list's name in the answer, `{"@member": [...]}`
 * @p1: (nullable): bound to ?1
 * @p2: (nullable): bound to ?2
 *
 * Returns: (transfer full): every row of @sql as @to_json builds it
 */
JsonNode *
bansou_api_list_records (BansouServerDb    *db,
                         const char        *member,
                         const char        *sql,
                         BansouRecordToJson to_json,
                         const char        *p1,
                         const char        *p2,
                         GError           **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int rc;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (member != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (to_json != NULL, NULL);

  stmt = bansou_server_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  if (p1)
    bansou_server_stmt_bind_text (stmt, 1, p1);
  if (p2)
    bansou_server_stmt_bind_text (stmt, 2, p2);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  while ((rc = bansou_server_stmt_step (stmt, NULL)) == BANSOU_SERVER_STEP_ROW)
    to_json (b, stmt);
  if (rc != BANSOU_SERVER_STEP_DONE)
    {
      bansou_server_db_set_error (db, error, "reading records");
      return NULL;
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* ------------------------------------------------------------------------ */
/* The change feed                                                          */

#define CHANGE_COLS "SELECT rev, type, k1, k2, k3 FROM changes "
/* Records seen by several prefectures (joint procurement) carry '+' and
 * name their prefectures in shared_scopes, by k1. */
#define SHARED_ARM(p) \
  CHANGE_COLS "WHERE prefecture = '+' AND rev > ?1 AND k1 IN " \
  "(SELECT k1 FROM shared_scopes WHERE scope = " p ") "
#define ALERT_ARM(p) \
  CHANGE_COLS "WHERE prefecture = '' AND rev > ?1 AND CAST(k1 AS INTEGER) IN " \
  "(SELECT alert FROM alert_targets WHERE prefecture IN (" p ", '00')) "

/**
 * bansou_api_changes:
 * @since: the cursor: the last revision the client has seen (0 at first)
 * @limit: the most records to return
 * @max_bytes: a page ends after the record that takes it past about this
 *   many bytes of JSON (at least one record a page)
 *
 * The current version of every record in the token's scope whose revision
 * is above @since, in revision order. A record changed twice appears once,
 * at its latest revision: the feed carries states, not a history.
 *
 * Returns: (transfer full): `{"changes": [...], "epoch": "…", "next": N, "more": bool}`
 */
JsonNode *
bansou_api_changes (BansouServerDb           *db,
                    const BansouServerToken  *token,
                    gint64                    since,
                    guint                     limit,
                    gsize                     max_bytes,
                    GError                  **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *pref = NULL;
  gsize bytes = 0;
  gint64 next = since;
  guint n = 0;
  gboolean more = FALSE;
  int rc;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);

  /* Each arm walks its own (prefecture, rev) or (body, rev) index and
   * sqlite merges the ordered arms: a prefecture's pull never scans the
   * rest of the nation. */
  switch (token->role)
    {
    case BANSOU_ROLE_NATIONAL:
      /* Consultation tickets stay in their prefecture (kinds/bansou-kind-ticket.c). */
      stmt = bansou_server_db_prepare (db, CHANGE_COLS "WHERE rev > ?1 AND type NOT IN ('ticket', 'ticket_message') "
                                       "ORDER BY rev LIMIT ?2", error);
      break;
    case BANSOU_ROLE_PREFECTURE:
      pref = g_strdup (token->scope);
      stmt = bansou_server_db_prepare (db,
                                       CHANGE_COLS "WHERE prefecture = ?3 AND rev > ?1 "
                                       "UNION ALL " CHANGE_COLS "WHERE prefecture = '*' AND rev > ?1 "
                                       "UNION ALL " SHARED_ARM ("?3")
                                       "UNION ALL " ALERT_ARM ("?3")
                                       "ORDER BY 1 LIMIT ?2", error);
      break;
    case BANSOU_ROLE_BODY:
    case BANSOU_N_ROLES:
    default:
      pref = bansou_code_prefecture_digits (token->scope);
      stmt = bansou_server_db_prepare (db,
                                       CHANGE_COLS "WHERE body = ?4 AND rev > ?1 "
                                       "UNION ALL " CHANGE_COLS "WHERE prefecture = '*' AND rev > ?1 "
                                       "UNION ALL " ALERT_ARM ("?3")
                                       "ORDER BY 1 LIMIT ?2", error);
      break;
    }
  if (stmt == NULL)
    return NULL;

  bansou_server_stmt_bind_int64 (stmt, 1, since);
  bansou_server_stmt_bind_int64 (stmt, 2, (gint64) limit + 1);
  if (pref != NULL)
    bansou_server_stmt_bind_text (stmt, 3, pref);
  if (token->role == BANSOU_ROLE_BODY)
    bansou_server_stmt_bind_text (stmt, 4, token->scope);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  while ((rc = bansou_server_stmt_step (stmt, NULL)) == BANSOU_SERVER_STEP_ROW)
    {
      if (n == limit || (n > 0 && bytes >= max_bytes))
        {
          more = TRUE;
          break;
        }
      if (!add_record_sized (b, db, bansou_col_text (stmt, 1), bansou_col_text (stmt, 2),
                             bansou_col_text (stmt, 3), bansou_col_text (stmt, 4), &bytes, error))
        return NULL;
      next = bansou_server_stmt_column_int64 (stmt, 0);
      n++;
    }
  if (rc != BANSOU_SERVER_STEP_ROW && rc != BANSOU_SERVER_STEP_DONE)
    {
      bansou_server_db_set_error (db, error, "reading the change feed");
      return NULL;
    }
  json_builder_end_array (b);
  bansou_json_add_string (b, "epoch", bansou_server_db_get_epoch (db));
  bansou_json_add_int (b, "next", next);
  json_builder_set_member_name (b, "more");
  json_builder_add_boolean_value (b, more);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* ------------------------------------------------------------------------ */
/* Writes, through the table of kinds                                       */

void
bansou_op_free (BansouOp *op)
{
  if (op == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (op->keys); i++)
    g_free (op->keys[i]);
  g_clear_pointer (&op->data, json_node_unref);
  g_free (op->document);
  g_free (op->prefecture);
  g_free (op->body);
  if (op->fields != NULL && op->fields_free != NULL)
    op->fields_free (op->fields);
  g_free (op);
}

/**
 * bansou_op_new:
 * @type: a kind of record in the kinds table, written by PUT
 * @k1: (nullable): its first key, from the path
 *
 * Returns: (transfer full): a write of one record, its revision not yet given
 */
BansouOp *
bansou_op_new (const char *type,
               const char *k1,
               const char *k2,
               const char *k3)
{
  const BansouServerKind *kind;
  BansouOp *op;

  g_return_val_if_fail (type != NULL, NULL);
  kind = bansou_server_kind_lookup (type);
  g_return_val_if_fail (kind != NULL && kind->write != NULL, NULL);

  op = g_new0 (BansouOp, 1);
  op->kind = kind;
  op->keys[0] = g_strdup (k1);
  op->keys[1] = g_strdup (k2);
  op->keys[2] = g_strdup (k3);
  op->base_rev = -1;
  return op;
}

/* The index in keys[] of the key that comes @i-th in paths and messages. */
static guint
named_key (const BansouServerKind *kind,
           guint                   i)
{
  if (kind->named[i] == NULL)
    return i;
  for (guint k = 0; k < G_N_ELEMENTS (kind->keys); k++)
    if (g_strcmp0 (kind->keys[k], kind->named[i]) == 0)
      return k;
  g_return_val_if_reached (i);
}

/**
 * bansou_op_new_from_batch:
 * @node: one entry of `ops`: `{"type", keys…, "base_rev", "data"}`
 *
 * Returns: (transfer full): the operation, not yet validated
 */
BansouOp *
bansou_op_new_from_batch (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(BansouOp) op = g_new0 (BansouOp, 1);
  g_autofree char *type = NULL;
  JsonObject *obj;
  JsonNode *base;
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!bansou_json_require_object (node, "Each operation", error))
    return NULL;
  obj = json_node_get_object (node);

  if (!bansou_json_get_key (obj, "type", &type, error))
    return NULL;
  op->kind = bansou_server_kind_lookup (type);
  if (op->kind == NULL || !(op->kind->flags & BANSOU_KIND_IN_BATCH))
    {
      g_autofree char *kinds = bansou_server_kind_list (BANSOU_KIND_IN_BATCH);

      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "A batch holds records of the types %s; “type” must be one of them", kinds);
      return NULL;
    }

  n = bansou_server_kind_n_keys (op->kind);
  for (guint i = 0; i < n; i++)
    {
      guint k = named_key (op->kind, i);

      if (!bansou_json_get_key (obj, op->kind->keys[k], &op->keys[k], error))
        return NULL;
    }

  base = json_object_get_member (obj, "base_rev");
  if (base == NULL || JSON_NODE_HOLDS_NULL (base))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_REVISION_REQUIRED,
                   "Every operation names the revision it is based on in “base_rev” (0 to create)");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (base) || json_node_get_value_type (base) != G_TYPE_INT64 ||
      json_node_get_int (base) < 0)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“base_rev” must be a whole number, 0 or more");
      return NULL;
    }
  op->base_rev = json_node_get_int (base);

  op->data = json_object_get_member (obj, "data") ? json_node_ref (json_object_get_member (obj, "data")) : NULL;

  return g_steal_pointer (&op);
}

/* Returns: (transfer full): "answer 342025/2026-10-31/1.1", for messages and the audit trail */
char *
bansou_op_describe (BansouOp *op)
{
  GString *text;
  guint n;

  g_return_val_if_fail (op != NULL && op->kind != NULL, NULL);

  text = g_string_new (op->kind->type);
  n = bansou_server_kind_n_keys (op->kind);
  for (guint i = 0; i < n; i++)
    {
      const char *key = op->keys[named_key (op->kind, i)];

      g_string_append_c (text, i == 0 ? ' ' : '/');
      g_string_append (text, key ? key : "");
    }
  return g_string_free (text, FALSE);
}

/**
 * bansou_op_validate:
 *
 * Authorization first (scope from the token only), then existence, then
 * the fields; nothing is written.
 */
gboolean
bansou_op_validate (BansouServerDb           *db,
                    const BansouServerToken  *token,
                    BansouOp                 *op,
                    GError                  **error)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (op != NULL && op->kind != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return op->kind->authorize (token, op, error) &&
         op->kind->validate (db, op, error) &&
         (op->kind->permit == NULL || op->kind->permit (db, token, op, error));
}

/* Returns: the record's revision, 0 if it does not exist, -1 on error */
static gint64
current_rev (BansouServerDb *db,
             BansouOp       *op)
{
  g_autoptr(BansouServerStmt) stmt = bansou_server_db_prepare (db, op->kind->rev_sql, NULL);
  int n;

  if (stmt == NULL)
    return -1;
  n = bansou_server_stmt_parameter_count (stmt);
  for (int i = 1; i <= n && i <= (int) G_N_ELEMENTS (op->keys); i++)
    bansou_server_stmt_bind_text (stmt, i, op->keys[i - 1]);
  if (bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW)
    return bansou_server_stmt_column_int64 (stmt, 0);
  return 0;
}

static JsonNode *
op_record (BansouServerDb  *db,
           BansouOp        *op,
           GError         **error)
{
  return bansou_api_get_record (db, op->kind->type, op->keys[0], op->keys[1], op->keys[2], error);
}

/**
 * bansou_op_apply:
 *
 * Compare-and-set on the record's revision: writes only if the record is
 * at @op's base revision (0: does not exist yet).
 *
 * @out_record: the record in the way (412, 409); when written (201, 200)
 *   the record as it now stands, unless @out_rev is given
 * @out_rev: (nullable): when written, only the record's new revision: a
 *   batch answers with no more, and reading each record back and building
 *   its JSON was an eighth of the server's work in a push
 *
 * Returns: 201 created, 200 updated, 412 stale or 409 clashing (nothing
 *   written), or 0 with @error
 */
guint
bansou_op_apply (BansouServerDb           *db,
                 const BansouServerToken  *token,
                 BansouOp                 *op,
                 JsonNode                **out_record,
                 gint64                   *out_rev,
                 GError                  **error)
{
  g_autofree char *now = NULL;
  gint64 current;
  gint64 rev;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), 0);
  g_return_val_if_fail (token != NULL, 0);
  g_return_val_if_fail (op != NULL && op->kind != NULL && op->kind->write != NULL, 0);
  g_return_val_if_fail (out_record != NULL, 0);

  current = current_rev (db, op);
  if (current < 0)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INTERNAL, "Reading the current revision failed");
      return 0;
    }

  if (current != op->base_rev)
    {
      *out_record = op_record (db, op, error);
      return *out_record ? 412 : 0;
    }

  if (current != 0 && op->kind->rewrite != NULL)
    {
      guint status = op->kind->rewrite (db, op, out_record, error);

      if (out_rev != NULL && *out_record != NULL && (status == 200 || status == 201))
        {
          *out_rev = json_object_get_int_member (json_node_get_object (*out_record), "rev");
          g_clear_pointer (out_record, json_node_unref);
        }
      return status;
    }

  if (op->kind->check != NULL)
    {
      JsonNode *clash = NULL;

      if (!op->kind->check (db, op, &clash, error))
        return 0;
      if (clash != NULL)
        {
          *out_record = clash;
          return 409;
        }
    }

  now = bansou_now_iso ();
  rev = bansou_server_db_next_rev (db);
  if (!op->kind->write (db, token, op, rev, now, error) ||
      !bansou_server_db_record_change (db, rev, op->kind->type, op->keys[0], op->keys[1], op->keys[2],
                                       op->prefecture, op->body, error) ||
      (op->kind->changed != NULL && !op->kind->changed (db, op, error)))
    return 0;

  if (op->kind->flags & BANSOU_KIND_AUDITED)
    {
      g_autofree char *what = bansou_op_describe (op);
      if (!bansou_server_db_audit (db, token, current == 0 ? "create" : "update", what, "ok", NULL, error))
        return 0;
    }

  if (out_rev != NULL)
    *out_rev = rev;
  else if ((*out_record = op_record (db, op, error)) == NULL)
    return 0;

  return current == 0 ? 201 : 200;
}
