/* bansou-server-write.c — writes: idempotency, revisions, one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * PUT of a record, POST /batch and POST /alerts all come here after the
 * route table has checked the token, its rate, its scope and (unless the
 * route says otherwise) its role. What is written is up to the record's
 * kind (kinds/); here is only what every write shares.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>

#include "bansou-server-kind.h"
#include "bansou-server-private.h"

typedef struct
{
  BansouServer            *self;
  const BansouServerToken *token;
  GPtrArray               *ops;         /* BansouOp; NULL for an alert */
  JsonNode                *alert;       /* POST /alerts */
  gboolean                 batch;
  const char              *key;
  const char              *fingerprint;

  gboolean                 found;       /* out: the key had been used, by another server meanwhile */
  char                    *found_fingerprint;
  guint                    status;      /* out */
  char                    *response;    /* out: what the client is sent */
  char                    *stored;      /* out: what is kept for a replay (no current records) */
  int                      failed_index;
} Write;

#define STALE_MESSAGE "The record changed on the server since the revision this write is based on"

static gboolean
store_result (BansouServerDb  *db,
              Write           *w,
              GError         **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();

  stmt = bansou_server_db_prepare (db,
                                   "INSERT INTO idempotency (token, key, fingerprint, status, response, created_at) "
                                   "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_int64 (stmt, 1, w->token->id);
  bansou_server_stmt_bind_text (stmt, 2, w->key);
  bansou_server_stmt_bind_text (stmt, 3, w->fingerprint);
  bansou_server_stmt_bind_int64 (stmt, 4, w->status);
  bansou_server_stmt_bind_text (stmt, 5, w->stored ? w->stored : w->response);
  bansou_server_stmt_bind_text (stmt, 6, now);
  if (!bansou_server_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, bansou_server_stmt_reset);

  /* At most idempotency-keys results per token: the oldest go first (a
   * client retries within minutes, not after thousands of other writes). */
  stmt = bansou_server_db_prepare (db,
                                   "DELETE FROM idempotency WHERE token = ?1 AND key IN "
                                   "(SELECT key FROM idempotency WHERE token = ?1 "
                                   " ORDER BY created_at DESC, key DESC LIMIT 9223372036854775807 OFFSET ?2)", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_int64 (stmt, 1, w->token->id);
  bansou_server_stmt_bind_int64 (stmt, 2, w->self->config.idempotency_keys);
  return bansou_server_db_step_done (db, stmt, error);
}

#define DOUBLE_BOOKING_MESSAGE "The expert is booked for another visit at an overlapping time"

/* 409 double_booking: {"error": {"code", "message", "clash": the other record}} */
static JsonNode *
clash_error_node (JsonNode *clash)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, bansou_api_error_id (BANSOU_API_ERROR_DOUBLE_BOOKING));
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, DOUBLE_BOOKING_MESSAGE);
  json_builder_set_member_name (b, "clash");
  json_builder_add_value (b, json_node_copy (clash));
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The stored result of @key, if this token used it before. */
static gboolean
lookup_key (BansouServerDb           *db,
            const BansouServerToken  *token,
            const char               *key,
            gboolean                 *found,
            char                    **fingerprint,
            guint                    *status,
            char                    **stored,
            GError                  **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  BansouServerStep step;

  *found = FALSE;
  stmt = bansou_server_db_prepare (db, "SELECT fingerprint, status, response FROM idempotency WHERE token = ? AND key = ?",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_int64 (stmt, 1, token->id);
  bansou_server_stmt_bind_text (stmt, 2, key);
  step = bansou_server_stmt_step (stmt, error);
  if (step == BANSOU_SERVER_STEP_ERROR)
    return FALSE;
  if (step == BANSOU_SERVER_STEP_ROW)
    {
      *found = TRUE;
      *fingerprint = g_strdup (bansou_server_stmt_column_text (stmt, 0));
      *status = bansou_server_stmt_column_int64 (stmt, 1);
      *stored = g_strdup (bansou_server_stmt_column_text (stmt, 2));
    }
  return TRUE;
}

static gboolean
write_cb (BansouServerDb  *db,
          gpointer         user_data,
          GError         **error)
{
  Write *w = user_data;

  /* Asked again under the write lock: another server sharing the store may
   * have applied the same key since the first look (issue 14). */
  if (!lookup_key (db, w->token, w->key, &w->found, &w->found_fingerprint, &w->status, &w->stored, error))
    return FALSE;
  if (w->found)
    return TRUE;

  if (w->alert != NULL)
    {
      g_autoptr(JsonNode) record = bansou_api_create_alert (db, w->token, w->alert, error);

      if (record == NULL)
        return FALSE;
      w->status = 201;
      w->response = bansou_json_to_string (record);
    }
  else if (!w->batch)
    {
      g_autoptr(JsonNode) record = NULL;

      w->status = bansou_op_apply (db, w->token, g_ptr_array_index (w->ops, 0), &record, NULL, error);
      if (w->status == 0)
        return FALSE;
      if (w->status == 412)
        {
          g_autoptr(JsonNode) node = _bansou_server_error_node ("stale_revision", STALE_MESSAGE, record, -1);
          g_autoptr(JsonNode) kept = _bansou_server_error_node ("stale_revision", STALE_MESSAGE, NULL, -1);

          w->response = bansou_json_to_string (node);
          w->stored = bansou_json_to_string (kept);
        }
      else if (w->status == 409)
        {
          g_autoptr(JsonNode) node = clash_error_node (record);
          w->response = bansou_json_to_string (node);
        }
      else
        w->response = bansou_json_to_string (record);
    }
  else
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonBuilder) c = json_builder_new ();   /* the same, without current records */
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(JsonNode) kept = NULL;
      guint applied = 0, conflicts = 0;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "results");
      json_builder_begin_array (b);
      json_builder_begin_object (c);
      json_builder_set_member_name (c, "results");
      json_builder_begin_array (c);
      for (guint i = 0; i < w->ops->len; i++)
        {
          g_autoptr(JsonNode) record = NULL;
          gint64 rev = 0;
          guint status = bansou_op_apply (db, w->token, g_ptr_array_index (w->ops, i), &record, &rev, error);

          if (status == 0)
            {
              w->failed_index = i;
              return FALSE;
            }
          for (JsonBuilder *x = b; x != NULL; x = x == b ? c : NULL)
            {
              json_builder_begin_object (x);
              json_builder_set_member_name (x, "status");
              json_builder_add_int_value (x, status);
              if (status == 412)
                {
                  json_builder_set_member_name (x, "error");
                  json_builder_begin_object (x);
                  json_builder_set_member_name (x, "code");
                  json_builder_add_string_value (x, "stale_revision");
                  json_builder_end_object (x);
                  if (x == b)
                    {
                      json_builder_set_member_name (x, "current");
                      json_builder_add_value (x, g_steal_pointer (&record));
                    }
                }
              else if (status == 409)
                {
                  /* Another record stands in the way (a double booking): it
                   * comes as "clash", and is kept for a replay too: one
                   * record per operation, as large as the operation. */
                  json_builder_set_member_name (x, "error");
                  json_builder_begin_object (x);
                  json_builder_set_member_name (x, "code");
                  json_builder_add_string_value (x, bansou_api_error_id (BANSOU_API_ERROR_DOUBLE_BOOKING));
                  json_builder_set_member_name (x, "message");
                  json_builder_add_string_value (x, DOUBLE_BOOKING_MESSAGE);
                  json_builder_end_object (x);
                  json_builder_set_member_name (x, "clash");
                  json_builder_add_value (x, x == b ? json_node_copy (record) : g_steal_pointer (&record));
                }
              else
                {
                  json_builder_set_member_name (x, "rev");
                  json_builder_add_int_value (x, rev);
                }
              json_builder_end_object (x);
            }
          if (status == 412)
            conflicts++;
          else if (status == 409)
            conflicts++;
          else
            applied++;
        }
      for (JsonBuilder *x = b; x != NULL; x = x == b ? c : NULL)
        {
          json_builder_end_array (x);
          json_builder_set_member_name (x, "applied");
          json_builder_add_int_value (x, applied);
          json_builder_set_member_name (x, "conflicts");
          json_builder_add_int_value (x, conflicts);
          json_builder_end_object (x);
        }

      root = json_builder_get_root (b);
      kept = json_builder_get_root (c);
      w->status = 200;
      w->response = bansou_json_to_string (root);
      w->stored = bansou_json_to_string (kept);
    }

  return store_result (db, w, error);
}

static gboolean
valid_idempotency_key (const char *key)
{
  gsize len;

  if (key == NULL)
    return FALSE;
  len = strlen (key);
  if (len == 0 || len > 200)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (key[i] < 0x21 || key[i] > 0x7e)
      return FALSE;
  return TRUE;
}

/* Parses `If-Match: "12"` (a strong ETag holding a revision; "0" to create). */
static gboolean
parse_if_match (SoupServerMessage *msg,
                gint64            *out,
                GError           **error)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "If-Match");
  g_autofree char *digits = NULL;
  guint64 value;

  if (header == NULL)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_REVISION_REQUIRED,
                   "A write names the revision it is based on: If-Match: \"<rev>\" (\"0\" to create)");
      return FALSE;
    }
  while (*header == ' ')
    header++;
  if (header[0] != '"' || strlen (header) < 3 || header[strlen (header) - 1] != '"')
    goto bad;
  digits = g_strndup (header + 1, strlen (header) - 2);
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64, &value, NULL))
    goto bad;
  *out = (gint64) value;
  return TRUE;

bad:
  g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
               "If-Match must be one revision in quotes, such as \"12\" (\"0\" to create)");
  return FALSE;
}

/* The body passed the strict gate before routing (check_request_body()
 * in bansou-server-routes.c); bansou_server_parse_body() checks it again,
 * one pass without allocating, so that no route reaches json-glib
 * without it. */
static JsonNode *
parse_body (BansouServer       *self,
            GBytes             *bytes,
            GError            **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return bansou_server_parse_body (data, len, self->config.max_json_depth, self->config.max_body_bytes, error);
}

/* A replay's answer, from what was kept (see write_cb): stored results
 * hold no current records (a stale write's "current" can be a thousand
 * times the size of the write that asked), so they are read again now —
 * the record as it is at the replay, which is what a client resolving the
 * conflict needs. The request is the same (its fingerprint matched), so
 * the batch's operations name the records. Unchanged records give the
 * first answer byte for byte. */
static char *
replay (BansouServer     *self,
        BansouWriteKind   kind,
        BansouOp         *op,
        GBytes           *bytes,
        guint             status,
        char             *stored,   /* (transfer none) */
        GError          **error)
{
  g_autoptr(JsonParser) kept = NULL;
  g_autoptr(JsonNode) request = NULL;
  JsonArray *results, *ops;

  if (kind == BANSOU_WRITE_PUT && status == 412)
    {
      g_autoptr(JsonNode) current = bansou_api_get_record (self->db, op->kind->type,
                                                           op->keys[0], op->keys[1], op->keys[2], error);
      g_autoptr(JsonNode) node = NULL;

      if (current == NULL)
        return NULL;
      node = _bansou_server_error_node ("stale_revision", STALE_MESSAGE, current, -1);
      return bansou_json_to_string (node);
    }
  if (kind != BANSOU_WRITE_BATCH || strstr (stored, "\"status\":412") == NULL)
    return g_strdup (stored);

  kept = json_parser_new ();
  request = parse_body (self, bytes, error);
  if (request == NULL || !json_parser_load_from_data (kept, stored, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (kept)))
    {
      g_clear_error (error);
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INTERNAL, "A stored result cannot be replayed");
      return NULL;
    }
  results = json_object_get_array_member (json_node_get_object (json_parser_get_root (kept)), "results");
  ops = json_object_get_array_member (json_node_get_object (request), "ops");
  for (guint i = 0; results != NULL && ops != NULL && i < json_array_get_length (results) &&
       i < json_array_get_length (ops); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      g_autoptr(BansouOp) one = NULL;
      JsonNode *current;

      if (json_object_get_int_member_with_default (result, "status", 0) != 412)
        continue;
      one = bansou_op_new_from_batch (json_array_get_element (ops, i), error);
      if (one == NULL)
        return NULL;
      current = bansou_api_get_record (self->db, one->kind->type, one->keys[0], one->keys[1], one->keys[2], error);
      if (current == NULL)
        return NULL;
      json_object_set_member (result, "current", current);
    }
  return bansou_json_to_string (json_parser_get_root (kept));
}

/* Answers a request whose key was used before: 422 when it was for
 * another request, else the first answer again. */
static void
respond_replay (BansouServer      *self,
                SoupServerMessage *msg,
                BansouWriteKind    kind,
                BansouOp          *op,
                GBytes            *bytes,
                const char        *fingerprint,
                const char        *stored_fingerprint,
                guint              status,
                char              *stored)
{
  g_autoptr(GError) error = NULL;
  char *text;

  if (g_strcmp0 (stored_fingerprint, fingerprint) != 0)
    {
      _bansou_server_respond_error (msg, BANSOU_API_ERROR_IDEMPOTENCY_KEY_REUSED,
                                    "This Idempotency-Key was already used for a different request");
      return;
    }
  text = replay (self, kind, op, bytes, status, stored, &error);
  if (text == NULL)
    {
      _bansou_server_respond_gerror (msg, error, -1);
      return;
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Idempotent-Replayed", "true");
  _bansou_server_respond_text (msg, status, text);   /* takes the text */
}

/**
 * _bansou_server_handle_write:
 * @op: (nullable) (transfer full): for a PUT, the operation with its keys
 *
 * The order matters: a key already used is answered from its stored
 * result before anything else is looked at, so a retry of a write that
 * committed gets exactly the first answer.
 */
void
_bansou_server_handle_write (BansouServerRequest *req,
                             BansouWriteKind      kind,
                             BansouOp            *op_in)
{
  BansouServer *self = req->server;
  SoupServerMessage *msg = req->msg;
  const BansouServerToken *token = req->token;
  const BansouServerRoute *route = req->route;
  g_autoptr(BansouOp) op = op_in;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_op_free);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  const char *if_match = soup_message_headers_get_one (headers, "If-Match");
  const char *content_type = soup_message_headers_get_one (headers, "Content-Type");
  const char *method = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autofree char *fingerprint = NULL;
  Write w = { 0 };

  if (!valid_idempotency_key (key))
    {
      _bansou_server_respond_error (msg, BANSOU_API_ERROR_IDEMPOTENCY_KEY_REQUIRED,
                                    "Every write carries an Idempotency-Key header: 1 to 200 visible ASCII characters, "
                                    "unique per change (a UUID)");
      return;
    }
  if (!bansou_server_media_type_is_json (content_type))
    {
      _bansou_server_respond_error (msg, BANSOU_API_ERROR_UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json");
      return;
    }

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) method, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) path, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  if (if_match != NULL)
    g_checksum_update (checksum, (const guchar *) if_match, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  fingerprint = g_strdup (g_checksum_get_string (checksum));

  {
    gboolean found = FALSE;
    g_autofree char *stored_fingerprint = NULL;
    g_autofree char *stored = NULL;
    guint status = 0;

    if (!lookup_key (self->db, token, key, &found, &stored_fingerprint, &status, &stored, &error))
      {
        _bansou_server_respond_gerror (msg, error, -1);
        return;
      }
    if (found)
      {
        respond_replay (self, msg, kind, op, bytes, fingerprint, stored_fingerprint, status, stored);
        return;
      }
  }

  if (kind == BANSOU_WRITE_PUT && !parse_if_match (msg, &op->base_rev, &error))
    {
      _bansou_server_respond_gerror (msg, error, -1);
      return;
    }

  root = parse_body (self, bytes, &error);
  if (root == NULL)
    {
      _bansou_server_respond_gerror (msg, error, -1);
      return;
    }

  if (kind == BANSOU_WRITE_PUT)
    {
      if (op->kind->flags & BANSOU_KIND_DOCUMENT)
        op->document = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      else
        op->data = json_node_ref (root);
      g_ptr_array_add (ops, g_steal_pointer (&op));
    }
  else if (kind == BANSOU_WRITE_BATCH)
    {
      JsonNode *list = JSON_NODE_HOLDS_OBJECT (root)
                       ? json_object_get_member (json_node_get_object (root), "ops") : NULL;
      JsonArray *array;

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        {
          _bansou_server_respond_error (msg, BANSOU_API_ERROR_INVALID_REQUEST, "A batch is {\"ops\": [...]}");
          return;
        }
      array = json_node_get_array (list);
      if (json_array_get_length (array) > self->config.max_batch)
        {
          g_autofree char *text = g_strdup_printf ("A batch holds at most %u operations", self->config.max_batch);
          _bansou_server_respond_error (msg, BANSOU_API_ERROR_BATCH_TOO_LARGE, text);
          return;
        }
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          BansouOp *one = bansou_op_new_from_batch (json_array_get_element (array, i), &error);

          if (one == NULL)
            {
              _bansou_server_respond_gerror (msg, error, i);
              return;
            }
          g_ptr_array_add (ops, one);
        }
    }

  /* Every operation is checked before any is applied: a batch with one
   * operation outside the token's scope is refused whole. */
  if ((route->flags & BANSOU_ROUTE_ROLE_AFTER_BODY) &&
      route->role != BANSOU_N_ROLES && token->role != route->role)
    {
      _bansou_server_audit_forbidden (self, token, msg, route->why);
      _bansou_server_respond_error (msg, BANSOU_API_ERROR_FORBIDDEN, route->refusal);
      return;
    }
  if (kind == BANSOU_WRITE_ALERT)
    {
      if (!bansou_api_validate_alert (root, &error))
        {
          _bansou_server_respond_gerror (msg, error, -1);
          return;
        }
    }
  for (guint i = 0; i < ops->len; i++)
    if (!bansou_op_validate (self->db, token, g_ptr_array_index (ops, i), &error))
      {
        if (g_error_matches (error, BANSOU_API_ERROR, BANSOU_API_ERROR_FORBIDDEN))
          _bansou_server_audit_forbidden (self, token, msg, error->message);
        _bansou_server_respond_gerror (msg, error, kind == BANSOU_WRITE_BATCH ? (int) i : -1);
        return;
      }

  w.self = self;
  w.token = token;
  w.ops = ops;
  w.alert = kind == BANSOU_WRITE_ALERT ? root : NULL;
  w.batch = kind == BANSOU_WRITE_BATCH;
  w.key = key;
  w.fingerprint = fingerprint;
  w.failed_index = -1;

  if (!bansou_server_db_transaction (self->db, write_cb, &w, &error))
    {
      g_free (w.response);
      g_free (w.stored);
      g_free (w.found_fingerprint);
      _bansou_server_respond_gerror (msg, error, w.failed_index);
      return;
    }
  if (w.found)
    {
      respond_replay (self, msg, kind, op, bytes, fingerprint, w.found_fingerprint, w.status, w.stored);
      g_free (w.stored);
      g_free (w.found_fingerprint);
      return;
    }

  /* Committed (synchronous=FULL): only now does the client hear 2xx. */
  if (kind == BANSOU_WRITE_PUT && w.status != 412 && w.status != 409)
    {
      g_autofree char *etag = NULL;
      g_autoptr(JsonParser) p = json_parser_new ();

      if (json_parser_load_from_data (p, w.response, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p)))
        {
          etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                                  json_object_get_int_member (json_node_get_object (json_parser_get_root (p)), "rev"));
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
        }
    }
  g_free (w.stored);
  _bansou_server_respond_text (msg, w.status, w.response);
}

