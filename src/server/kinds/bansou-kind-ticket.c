/* bansou-kind-ticket.c — consultation tickets and their threads (相談窓口)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * ticket: key (ticket), the ticket's fields, its question ids and its
 *   pauses, kept as the validated JSON document;
 * ticket_message: key (ticket, message), append-only: once on the server
 *   a message is never changed.
 * Both stay within the prefecture of the ticket's body: only a
 * prefecture token of that prefecture writes and reads them; the feed
 * carries them under that prefecture with no body (body tokens never see
 * them) and the national desk's feed leaves them out (tickets are the
 * prefecture's; what reaches the national desk is an escalation).
 * docs/api.md, "Consultation tickets".
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>

#include "bansou-core.h"
#include "bansou-server-kind.h"

#define TICKET(op)  ((op)->keys[0])
#define MESSAGE(op) ((op)->keys[1])

#define MAX_SUBJECT  200
#define MAX_TEXT     20000
#define MAX_NAME     200
#define MAX_INSTANT  40
#define MAX_LIST     200

static const char * const channels[] = { "phone", "mail", "counter", "visit", "online", NULL };
static const char * const categories[] = { "supply_chain", "incident", "policy", "technical", "cloud", "people",
                                           "other", NULL };
static const char * const priorities[] = { "low", "normal", "high", "critical", NULL };
static const char * const states[] = { "received", "in_progress", "on_hold", "answered", "closed", NULL };
static const char * const message_kinds[] = { "note", "reply", "inbound", NULL };
/* bansou-consult-incident.c's items and their states */
static const char * const checklist_items[] = { "mic_first", "mic_followup", "mic_final", "ppc_prompt", "ppc_final",
                                                NULL };
static const char * const checklist_states[] = { "done", "na", NULL };

static gboolean invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST, message);
  return FALSE;
}

/* A string member: required (non-empty) or nullable; copied into @b. */
static gboolean
take_string (JsonObject   *obj,
             JsonBuilder  *b,
             const char   *member,
             guint         max,
             gboolean      required,
             const char * const *allowed,
             char        **out,
             GError      **error)
{
  g_autofree char *value = NULL;

  if (!bansou_json_get_string (obj, member, max, &value, error))
    return FALSE;
  if (required && (value == NULL || *value == '\0'))
    return invalid (error, "“%s” is required", member);
  if (allowed != NULL && value != NULL && !g_strv_contains (allowed, value))
    return invalid (error, "“%s” is not one of the allowed values", member);
  if (b != NULL)
    {
      if (required || value != NULL)
        bansou_json_add_string (b, member, value);
      else
        bansou_json_add_string_or_null (b, member, NULL);
    }
  if (out != NULL)
    *out = g_steal_pointer (&value);
  return TRUE;
}

static void
add_document (JsonBuilder *b,
              const char  *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  json_object_iter_init (&iter, json_node_get_object (json_parser_get_root (parser)));
  while (json_object_iter_next (&iter, &member, &value))
    {
      json_builder_set_member_name (b, member);
      json_builder_add_value (b, json_node_copy (value));
    }
}

static gboolean
require_prefecture_token (const BansouServerToken  *token,
                          BansouOp                 *op,
                          GError                  **error)
{
  if (token->role != BANSOU_ROLE_PREFECTURE)
    return bansou_kind_forbid (error, op, "consultation tickets are written by the prefecture's desk only");
  return TRUE;
}

/* The prefecture of an existing ticket, or NULL. */
static char *
ticket_prefecture (BansouServerDb *db,
                   const char     *ticket)
{
  g_autoptr(BansouServerStmt) stmt =
    bansou_server_db_prepare (db, "SELECT prefecture FROM consult_tickets WHERE id = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  bansou_server_stmt_bind_text (stmt, 1, ticket);
  if (bansou_server_stmt_step (stmt, NULL) != BANSOU_SERVER_STEP_ROW)
    return NULL;
  return g_strdup (bansou_col_text (stmt, 0));
}

/* ------------------------------------------------------------------------ */
/* ticket                                                                   */

typedef struct
{
  char *body;
  char *document;   /* the validated fields, as stored */
} TicketFields;

static void
ticket_fields_free (gpointer data)
{
  TicketFields *f = data;

  g_free (f->body);
  g_free (f->document);
  g_free (f);
}

static void
ticket_to_json (JsonBuilder  *b,
                BansouServerStmt *stmt)
{
  json_builder_begin_object (b);
  bansou_json_add_string (b, "type", "ticket");
  bansou_json_add_string (b, "ticket", bansou_col_text (stmt, 0));
  add_document (b, bansou_col_text (stmt, 1));
  bansou_json_add_int (b, "rev", bansou_server_stmt_column_int64 (stmt, 2));
  bansou_json_add_string (b, "updated_at", bansou_col_text (stmt, 3));
  bansou_json_add_string (b, "updated_by", bansou_col_text (stmt, 4));
  json_builder_end_object (b);
}

static gboolean
ticket_authorize (const BansouServerToken  *token,
                  BansouOp                 *op,
                  GError                  **error)
{
  if (!g_uuid_string_is_valid (TICKET (op)))
    return invalid (error, "“%s” must be a UUID", "ticket");
  return require_prefecture_token (token, op, error);
}

static gboolean
ticket_validate (BansouServerDb  *db,
                 BansouOp        *op,
                 GError         **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  JsonObject *obj;
  JsonNode *node;
  JsonArray *array;
  TicketFields *f;

  if (!bansou_json_require_object (op->data, "“data”", error))
    return FALSE;
  obj = json_node_get_object (op->data);

  json_builder_begin_object (b);
  if (!take_string (obj, b, "body", 6, TRUE, NULL, &body, error))
    return FALSE;
  if (!bansou_code_is_body (body))
    return invalid (error, "“%s” is not a body code", "body");
  if (!bansou_kind_check_body_round (db, body, NULL, error))
    return FALSE;
  if (!take_string (obj, b, "channel", 20, TRUE, channels, NULL, error) ||
      !take_string (obj, b, "category", 20, TRUE, categories, NULL, error) ||
      !take_string (obj, b, "priority", 20, TRUE, priorities, NULL, error) ||
      !take_string (obj, b, "state", 20, TRUE, states, NULL, error) ||
      !take_string (obj, b, "held_from", 20, FALSE, states, NULL, error) ||
      !take_string (obj, b, "subject", MAX_SUBJECT, TRUE, NULL, NULL, error) ||
      !take_string (obj, b, "description", MAX_TEXT, FALSE, NULL, NULL, error) ||
      !take_string (obj, b, "assignee", MAX_NAME, FALSE, NULL, NULL, error) ||
      !take_string (obj, b, "received_at", MAX_INSTANT, TRUE, NULL, NULL, error) ||
      !take_string (obj, b, "first_response_at", MAX_INSTANT, FALSE, NULL, NULL, error) ||
      !take_string (obj, b, "resolved_at", MAX_INSTANT, FALSE, NULL, NULL, error) ||
      !take_string (obj, b, "closed_at", MAX_INSTANT, FALSE, NULL, NULL, error))
    return FALSE;

  node = json_object_get_member (obj, "incident");
  if (node != NULL && (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    return invalid (error, "“%s” must be true or false", "incident");
  json_builder_set_member_name (b, "incident");
  json_builder_add_boolean_value (b, node != NULL && json_node_get_boolean (node));

  /* questions: catalog question ids */
  node = json_object_get_member (obj, "questions");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) && !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "“%s” must be an array of question ids", "questions");
  array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  if (array != NULL && json_array_get_length (array) > MAX_LIST)
    return invalid (error, "“%s” has too many entries", "questions");
  json_builder_set_member_name (b, "questions");
  json_builder_begin_array (b);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *q = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (q) || json_node_get_value_type (q) != G_TYPE_STRING ||
          *json_node_get_string (q) == '\0' || g_utf8_strlen (json_node_get_string (q), -1) > 64)
        return invalid (error, "“%s” must be an array of question ids", "questions");
      json_builder_add_string_value (b, json_node_get_string (q));
    }
  json_builder_end_array (b);

  /* pauses: [{"started_at", "ended_at" or null}] */
  node = json_object_get_member (obj, "pauses");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) && !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "“%s” must be an array of pauses", "pauses");
  array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  if (array != NULL && json_array_get_length (array) > MAX_LIST)
    return invalid (error, "“%s” has too many entries", "pauses");
  json_builder_set_member_name (b, "pauses");
  json_builder_begin_array (b);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *p = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (p))
        return invalid (error, "“%s” must be an array of pauses", "pauses");
      json_builder_begin_object (b);
      if (!take_string (json_node_get_object (p), b, "started_at", MAX_INSTANT, TRUE, NULL, NULL, error) ||
          !take_string (json_node_get_object (p), b, "ended_at", MAX_INSTANT, FALSE, NULL, NULL, error))
        return FALSE;
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* the 重大インシデント checklist: unauthorized, [{"item", "state", "done_at", "done_by"}] */
  node = json_object_get_member (obj, "unauthorized");
  if (node != NULL && (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    return invalid (error, "“%s” must be true or false", "unauthorized");
  json_builder_set_member_name (b, "unauthorized");
  json_builder_add_boolean_value (b, node != NULL && json_node_get_boolean (node));
  node = json_object_get_member (obj, "checklist");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) && !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "“%s” must be an array of checklist items", "checklist");
  array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  if (array != NULL && json_array_get_length (array) > G_N_ELEMENTS (checklist_items))
    return invalid (error, "“%s” has too many entries", "checklist");
  json_builder_set_member_name (b, "checklist");
  json_builder_begin_array (b);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *c = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (c))
        return invalid (error, "“%s” must be an array of checklist items", "checklist");
      json_builder_begin_object (b);
      if (!take_string (json_node_get_object (c), b, "item", 32, TRUE, checklist_items, NULL, error) ||
          !take_string (json_node_get_object (c), b, "state", 8, TRUE, checklist_states, NULL, error) ||
          !take_string (json_node_get_object (c), b, "done_at", MAX_INSTANT, TRUE, NULL, NULL, error) ||
          !take_string (json_node_get_object (c), b, "done_by", MAX_NAME, FALSE, NULL, NULL, error))
        return FALSE;
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  op->fields = f = g_new0 (TicketFields, 1);
  op->fields_free = ticket_fields_free;
  f->document = bansou_json_to_string (root);
  f->body = g_steal_pointer (&body);
  op->prefecture = bansou_code_prefecture_digits (f->body);
  op->body = NULL;   /* the prefecture's desk only: never in a body's feed */
  return TRUE;
}

static gboolean
ticket_permit (BansouServerDb           *db,
               const BansouServerToken  *token,
               BansouOp                 *op,
               GError                  **error)
{
  g_autofree char *stored = ticket_prefecture (db, TICKET (op));

  if (stored != NULL && !g_str_equal (stored, token->scope))
    return bansou_kind_forbid (error, op, "outside the token's scope");
  if (!g_str_equal (op->prefecture, token->scope))
    return bansou_kind_forbid (error, op, "the ticket's body is outside the token's scope");
  return TRUE;
}

static gboolean
ticket_write (BansouServerDb           *db,
              const BansouServerToken  *token,
              BansouOp                 *op,
              gint64                    rev,
              const char               *now,
              GError                  **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  TicketFields *f = op->fields;

  stmt = bansou_server_db_prepare (db,
                                   "INSERT INTO consult_tickets (id, prefecture, body, data, rev, updated_at, "
                                   "  updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                                   "ON CONFLICT (id) DO UPDATE SET body = excluded.body, data = excluded.data, "
                                   "rev = excluded.rev, updated_at = excluded.updated_at, "
                                   "updated_by = excluded.updated_by", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, TICKET (op));
  bansou_server_stmt_bind_text (stmt, 2, op->prefecture);
  bansou_server_stmt_bind_text (stmt, 3, f->body);
  bansou_server_stmt_bind_text (stmt, 4, f->document);
  bansou_server_stmt_bind_int64 (stmt, 5, rev);
  bansou_server_stmt_bind_text (stmt, 6, now);
  bansou_server_stmt_bind_text (stmt, 7, token->name);
  return bansou_server_db_step_done (db, stmt, error);
}

const BansouServerKind bansou_kind_ticket = {
  .type = "ticket",
  .keys = { "ticket" },
  .flags = BANSOU_KIND_IN_BATCH,
  .select_sql = "SELECT id, data, rev, updated_at, updated_by FROM consult_tickets WHERE id = ?1",
  .rev_sql = "SELECT rev FROM consult_tickets WHERE id = ?1",
  .missing_code = BANSOU_API_ERROR_NOT_FOUND,
  .missing_message = "There is no such consultation ticket",
  .to_json = ticket_to_json,
  .authorize = ticket_authorize,
  .validate = ticket_validate,
  .permit = ticket_permit,
  .write = ticket_write,
};

/* ------------------------------------------------------------------------ */
/* ticket_message                                                           */

typedef struct
{
  char *kind;
  char *author;
  char *text;
  char *created_at;
} MessageFields;

static void
message_fields_free (gpointer data)
{
  MessageFields *f = data;

  g_free (f->kind);
  g_free (f->author);
  g_free (f->text);
  g_free (f->created_at);
  g_free (f);
}

static void
message_to_json (JsonBuilder  *b,
                 BansouServerStmt *stmt)
{
  json_builder_begin_object (b);
  bansou_json_add_string (b, "type", "ticket_message");
  bansou_json_add_string (b, "ticket", bansou_col_text (stmt, 0));
  bansou_json_add_string (b, "message", bansou_col_text (stmt, 1));
  bansou_json_add_string (b, "kind", bansou_col_text (stmt, 2));
  bansou_json_add_string (b, "author", bansou_col_text (stmt, 3));
  bansou_json_add_string (b, "text", bansou_col_text (stmt, 4));
  bansou_json_add_string (b, "created_at", bansou_col_text (stmt, 5));
  bansou_json_add_int (b, "rev", bansou_server_stmt_column_int64 (stmt, 6));
  bansou_json_add_string (b, "updated_at", bansou_col_text (stmt, 7));
  bansou_json_add_string (b, "updated_by", bansou_col_text (stmt, 8));
  json_builder_end_object (b);
}

static gboolean
message_authorize (const BansouServerToken  *token,
                   BansouOp                 *op,
                   GError                  **error)
{
  if (!g_uuid_string_is_valid (TICKET (op)))
    return invalid (error, "“%s” must be a UUID", "ticket");
  if (!g_uuid_string_is_valid (MESSAGE (op)))
    return invalid (error, "“%s” must be a UUID", "message");
  return require_prefecture_token (token, op, error);
}

static gboolean
message_validate (BansouServerDb  *db,
                  BansouOp        *op,
                  GError         **error)
{
  MessageFields *f;
  JsonObject *obj;

  if (!bansou_json_require_object (op->data, "“data”", error))
    return FALSE;
  obj = json_node_get_object (op->data);
  /* NULL: an earlier operation of the batch creates the ticket; write() checks. */
  op->prefecture = ticket_prefecture (db, TICKET (op));
  op->fields = f = g_new0 (MessageFields, 1);
  op->fields_free = message_fields_free;
  return take_string (obj, NULL, "kind", 20, TRUE, message_kinds, &f->kind, error) &&
         take_string (obj, NULL, "author", MAX_NAME, FALSE, NULL, &f->author, error) &&
         take_string (obj, NULL, "text", MAX_TEXT, TRUE, NULL, &f->text, error) &&
         take_string (obj, NULL, "created_at", MAX_INSTANT, TRUE, NULL, &f->created_at, error);
}

static gboolean
message_permit (BansouServerDb           *db,
                const BansouServerToken  *token,
                BansouOp                 *op,
                GError                  **error)
{
  if (op->prefecture != NULL && !g_str_equal (op->prefecture, token->scope))
    return bansou_kind_forbid (error, op, "outside the token's scope");
  return TRUE;
}

/* Append-only: the same message again is a no-op, a changed one refused. */
static guint
message_rewrite (BansouServerDb  *db,
                 BansouOp        *op,
                 JsonNode       **out_record,
                 GError         **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  MessageFields *f = op->fields;
  gboolean same;

  stmt = bansou_server_db_prepare (db, "SELECT kind, text FROM consult_messages WHERE ticket = ?1 AND id = ?2",
                                   error);
  if (stmt == NULL)
    return 0;
  bansou_server_stmt_bind_text (stmt, 1, TICKET (op));
  bansou_server_stmt_bind_text (stmt, 2, MESSAGE (op));
  same = bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW && g_str_equal (bansou_col_text (stmt, 0), f->kind) &&
         g_str_equal (bansou_col_text (stmt, 1), f->text);
  g_clear_pointer (&stmt, bansou_server_stmt_reset);
  if (!same)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "A message of a consultation is never changed once sent; add a new one");
      return 0;
    }
  *out_record = bansou_api_get_record (db, "ticket_message", TICKET (op), MESSAGE (op), NULL, error);
  return *out_record ? 200 : 0;
}

static gboolean
message_write (BansouServerDb           *db,
               const BansouServerToken  *token,
               BansouOp                 *op,
               gint64                    rev,
               const char               *now,
               GError                  **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  MessageFields *f = op->fields;

  /* In a batch that creates the ticket, it exists only now. */
  if (op->prefecture == NULL)
    {
      op->prefecture = ticket_prefecture (db, TICKET (op));
      if (op->prefecture == NULL)
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_NOT_FOUND,
                       "There is no consultation ticket “%s”", TICKET (op));
          return FALSE;
        }
      if (!g_str_equal (op->prefecture, token->scope))
        return bansou_kind_forbid (error, op, "outside the token's scope");
    }

  stmt = bansou_server_db_prepare (db,
                                   "INSERT INTO consult_messages (ticket, id, kind, author, text, created_at, rev, "
                                   "  updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, TICKET (op));
  bansou_server_stmt_bind_text (stmt, 2, MESSAGE (op));
  bansou_server_stmt_bind_text (stmt, 3, f->kind);
  bansou_server_stmt_bind_text (stmt, 4, f->author ? f->author : "");
  bansou_server_stmt_bind_text (stmt, 5, f->text);
  bansou_server_stmt_bind_text (stmt, 6, f->created_at);
  bansou_server_stmt_bind_int64 (stmt, 7, rev);
  bansou_server_stmt_bind_text (stmt, 8, now);
  bansou_server_stmt_bind_text (stmt, 9, token->name);
  return bansou_server_db_step_done (db, stmt, error);
}

const BansouServerKind bansou_kind_ticket_message = {
  .type = "ticket_message",
  .keys = { "ticket", "message" },
  .flags = BANSOU_KIND_IN_BATCH,
  .select_sql = "SELECT ticket, id, kind, author, text, created_at, rev, updated_at, updated_by "
                "FROM consult_messages WHERE ticket = ?1 AND id = ?2",
  .rev_sql = "SELECT rev FROM consult_messages WHERE ticket = ?1 AND id = ?2",
  .missing_code = BANSOU_API_ERROR_NOT_FOUND,
  .missing_message = "There is no such message",
  .to_json = message_to_json,
  .authorize = message_authorize,
  .validate = message_validate,
  .permit = message_permit,
  .rewrite = message_rewrite,
  .write = message_write,
};

/* ------------------------------------------------------------------------ */
/* article                                                                  */

/* An article of the Q&A base: written by its origin prefecture ('00': the
 * national desk); 'prefecture' visibility keeps it in the feed of the
 * origin, 'national' (and every article of the national desk) puts it in
 * everyone's ('*'). Drafts never reach the server. */
typedef struct
{
  char *origin;
  char *document;
} ArticleFields;

static const char * const visibilities[] = { "prefecture", "national", NULL };

/* "00" (the national desk) or "01" … "47" */
static gboolean
is_prefecture (const char *code)
{
  guint64 n;

  return strlen (code) == 2 && g_ascii_isdigit (code[0]) && g_ascii_isdigit (code[1]) &&
         g_ascii_string_to_unsigned (code, 10, 0, 47, &n, NULL);
}

static void
article_fields_free (gpointer data)
{
  ArticleFields *f = data;

  g_free (f->origin);
  g_free (f->document);
  g_free (f);
}

static void
article_to_json (JsonBuilder  *b,
                 BansouServerStmt *stmt)
{
  json_builder_begin_object (b);
  bansou_json_add_string (b, "type", "article");
  bansou_json_add_string (b, "article", bansou_col_text (stmt, 0));
  add_document (b, bansou_col_text (stmt, 1));
  bansou_json_add_int (b, "rev", bansou_server_stmt_column_int64 (stmt, 2));
  bansou_json_add_string (b, "updated_at", bansou_col_text (stmt, 3));
  bansou_json_add_string (b, "updated_by", bansou_col_text (stmt, 4));
  json_builder_end_object (b);
}

static gboolean
article_authorize (const BansouServerToken  *token,
                   BansouOp                 *op,
                   GError                  **error)
{
  if (!g_uuid_string_is_valid (TICKET (op)))
    return invalid (error, "“%s” must be a UUID", "article");
  if (token->role == BANSOU_ROLE_BODY)
    return bansou_kind_forbid (error, op, "articles are written by the prefectures' desks and the national desk");
  return TRUE;
}

static gboolean
article_validate (BansouServerDb  *db,
                  BansouOp        *op,
                  GError         **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *visibility = NULL;
  ArticleFields *f;
  JsonObject *obj;

  if (!bansou_json_require_object (op->data, "“data”", error))
    return FALSE;
  obj = json_node_get_object (op->data);
  json_builder_begin_object (b);
  if (!take_string (obj, b, "origin", 2, TRUE, NULL, &origin, error))
    return FALSE;
  if (!is_prefecture (origin))
    return invalid (error, "“%s” must be a prefecture code or 00", "origin");
  if (!take_string (obj, b, "visibility", 20, TRUE, visibilities, &visibility, error) ||
      !take_string (obj, b, "title", MAX_SUBJECT, TRUE, NULL, NULL, error) ||
      !take_string (obj, b, "question", MAX_TEXT, FALSE, NULL, NULL, error) ||
      !take_string (obj, b, "answer", MAX_TEXT, TRUE, NULL, NULL, error) ||
      !take_string (obj, b, "category", 20, TRUE, categories, NULL, error))
    return FALSE;
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  op->fields = f = g_new0 (ArticleFields, 1);
  op->fields_free = article_fields_free;
  f->document = bansou_json_to_string (root);
  op->prefecture = g_strdup (g_str_equal (origin, "00") || g_str_equal (visibility, "national") ? "*" : origin);
  f->origin = g_steal_pointer (&origin);
  return TRUE;
}

static gboolean
article_permit (BansouServerDb           *db,
                const BansouServerToken  *token,
                BansouOp                 *op,
                GError                  **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  ArticleFields *f = op->fields;
  const char *mine = token->role == BANSOU_ROLE_NATIONAL ? "00" : token->scope;

  stmt = bansou_server_db_prepare (db, "SELECT origin FROM consult_articles WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, TICKET (op));
  if (bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW && !g_str_equal (bansou_col_text (stmt, 0), f->origin))
    {
      if (!g_str_equal (bansou_col_text (stmt, 0), mine))
        return bansou_kind_forbid (error, op, "only the article's origin writes it");
      return invalid (error, "“%s” of an article cannot change", "origin");
    }
  if (!g_str_equal (f->origin, mine))
    return bansou_kind_forbid (error, op, "only the article's origin writes it (“origin” is another)");
  return TRUE;
}

static gboolean
article_write (BansouServerDb           *db,
               const BansouServerToken  *token,
               BansouOp                 *op,
               gint64                    rev,
               const char               *now,
               GError                  **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  ArticleFields *f = op->fields;

  stmt = bansou_server_db_prepare (db,
                                   "INSERT INTO consult_articles (id, origin, data, rev, updated_at, updated_by) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET "
                                   "data = excluded.data, rev = excluded.rev, updated_at = excluded.updated_at, "
                                   "updated_by = excluded.updated_by", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, TICKET (op));
  bansou_server_stmt_bind_text (stmt, 2, f->origin);
  bansou_server_stmt_bind_text (stmt, 3, f->document);
  bansou_server_stmt_bind_int64 (stmt, 4, rev);
  bansou_server_stmt_bind_text (stmt, 5, now);
  bansou_server_stmt_bind_text (stmt, 6, token->name);
  return bansou_server_db_step_done (db, stmt, error);
}

const BansouServerKind bansou_kind_article = {
  .type = "article",
  .keys = { "article" },
  .flags = BANSOU_KIND_IN_BATCH,
  .select_sql = "SELECT id, data, rev, updated_at, updated_by FROM consult_articles WHERE id = ?1",
  .rev_sql = "SELECT rev FROM consult_articles WHERE id = ?1",
  .missing_code = BANSOU_API_ERROR_NOT_FOUND,
  .missing_message = "There is no such article",
  .to_json = article_to_json,
  .authorize = article_authorize,
  .validate = article_validate,
  .permit = article_permit,
  .write = article_write,
};
