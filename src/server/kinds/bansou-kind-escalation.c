/* bansou-kind-escalation.c — escalations to the national 総合窓口 and their answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * escalation: key id (a UUID the prefecture's workbench made); what a
 *   prefecture chose to send of one of its tickets. Written by that
 *   prefecture's token only, once (the same record again is a no-op, a
 *   changed one refused); read by it and by the national desk.
 * escalation_answer: key id (the escalation's); the national desk's
 *   answer, written by a national token only, once; read by the
 *   escalation's prefecture and the national desk.
 * Both are carried in the feed under the escalation's prefecture with no
 * body: another prefecture and the bodies never see them (nor learn that
 * they exist: GET answers 404). Members are read by a table
 * (bansou-kind-dispatch.c). docs/api.md, "Escalations".
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>

#include "bansou-core.h"
#include "bansou-kind-dispatch.h"
#include "bansou-server-validate.h"

#define MAX_SUBJECT  200
#define MAX_TEXT     20000
#define MAX_MESSAGES 20

static const char * const categories[] = { "supply_chain", "incident", "policy", "technical", "cloud", "people",
                                           "other", NULL };
static const char * const message_kinds[] = { "note", "reply", "inbound", NULL };

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

/* The one text rule (bansou-server-validate.c), for a member that may be null */
static gboolean
text_rule (const char      *field,
           const char      *text,
           guint            max_chars,
           BansouTextRule   rule,
           GError         **error)
{
  return text == NULL || bansou_server_check_text (field, text, max_chars, rule, error);
}

static gboolean
check_id (BansouOp  *op,
          GError   **error)
{
  if (!bansou_dispatch_is_id (op->keys[0]))
    return invalid (error, "“id” must be a UUID in lower case (g_uuid_string_random), not “%s”",
                    op->keys[0] ? op->keys[0] : "");
  return TRUE;
}

/* [{"kind": note|reply|inbound, "text": 1–20000 characters, "created_at": …}]: at most 20 */
static char *
check_messages (JsonNode    *node,
                const char  *member,
                GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) out = NULL;
  JsonArray *list = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (list == NULL || json_array_get_length (list) > MAX_MESSAGES)
    goto bad;
  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *e = json_array_get_element (list, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
      g_autofree char *kind = NULL, *text = NULL, *at = NULL;
      g_autoptr(GError) local = NULL;

      if (o == NULL || json_object_get_size (o) != 3 ||
          !bansou_json_get_string (o, "kind", 20, &kind, &local) ||
          !bansou_json_get_string (o, "text", MAX_TEXT, &text, &local) ||
          !bansou_json_get_string (o, "created_at", 40, &at, &local) ||
          kind == NULL || !g_strv_contains (message_kinds, kind) || text == NULL || *text == '\0' ||
          at == NULL || *at == '\0')
        goto bad;
      json_builder_begin_object (b);
      bansou_json_add_string (b, "kind", kind);
      bansou_json_add_string (b, "text", text);
      bansou_json_add_string (b, "created_at", at);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  out = json_builder_get_root (b);
  return json_to_string (out, FALSE);

bad:
  g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
               "“%s” must be a list of at most %d {\"kind\": note, reply or inbound, \"text\": 1 to %d characters, "
               "\"created_at\"} and nothing else", member, MAX_MESSAGES, MAX_TEXT);
  return NULL;
}

/* Whether the stored record equals the write, member by member (every
 * member of the spec is text here: a record written once is sent again
 * only as it was). */
static gboolean
same_stored (BansouServerDb           *db,
             const BansouDispatchSpec *spec,
             BansouOp                 *op,
             gboolean                 *same,
             GError                  **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(BansouServerStmt) stmt = NULL;

  for (guint i = 0; i < spec->n_fields; i++)
    g_string_append_printf (sql, "%s%s", i ? ", " : "", spec->fields[i].name);   /* names of the static spec */
  g_string_append_printf (sql, " FROM %s WHERE id = ?1", spec->table);
  if (!(stmt = bansou_server_db_prepare (db, sql->str, error)))
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, op->keys[0]);
  *same = bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW;
  for (guint i = 0; *same && i < spec->n_fields; i++)
    *same = g_strcmp0 (bansou_col_text (stmt, (int) i), bansou_dispatch_text (op, spec->fields[i].name)) == 0;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* escalation                                                               */

static const BansouDispatchField escalation_fields[] = {
  { "prefecture", BANSOU_DF_TEXT, BANSOU_DF_REQUIRED, 0, 2 },
  { "ticket", BANSOU_DF_TEXT, BANSOU_DF_REQUIRED, 0, 36 },
  { "subject", BANSOU_DF_TEXT, BANSOU_DF_REQUIRED, 0, MAX_SUBJECT },
  { "text", BANSOU_DF_TEXT, BANSOU_DF_NULLABLE, 0, MAX_TEXT },
  { "category", BANSOU_DF_TEXT, BANSOU_DF_NULLABLE, 0, 20 },
  { "questions", BANSOU_DF_JSON, 0, .check = bansou_dispatch_check_ids },
  { "body_name", BANSOU_DF_TEXT, BANSOU_DF_NULLABLE, 0, 200 },
  { "messages", BANSOU_DF_JSON, 0, .check = check_messages },
  { "sent_by", BANSOU_DF_TEXT, 0, 0, 200 },
  { "sent_at", BANSOU_DF_STAMP, BANSOU_DF_REQUIRED },
};

static const BansouDispatchSpec escalation_spec = {
  "escalation", "consult_escalations", escalation_fields, G_N_ELEMENTS (escalation_fields)
};

#define ESCALATION_SELECT \
  "SELECT id, prefecture, ticket, subject, text, category, questions, body_name, messages, sent_by, sent_at, " \
  "rev, updated_at, updated_by FROM consult_escalations "

static void
escalation_to_json (JsonBuilder  *b,
                    BansouServerStmt *stmt)
{
  bansou_dispatch_to_json (&escalation_spec, b, stmt);
}

static gboolean
escalation_authorize (const BansouServerToken  *token,
                      BansouOp                 *op,
                      GError                  **error)
{
  if (!check_id (op, error))
    return FALSE;
  if (token->role != BANSOU_ROLE_PREFECTURE)
    return bansou_kind_forbid (error, op, "escalations are sent by a prefecture's desk; the national desk answers them");
  g_free (op->prefecture);
  op->prefecture = g_strdup (token->scope);
  return TRUE;
}

/* Every question must be one the server knows, in one of its catalogs. */
static gboolean
check_questions (BansouServerDb  *db,
                 const char      *json,
                 GError         **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GPtrArray) catalogs = g_ptr_array_new_with_free_func (g_free);
  JsonArray *list;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length ((list = json_node_get_array (node))) == 0)
    return TRUE;
  {
    g_autoptr(BansouServerStmt) stmt = bansou_server_db_prepare (db, "SELECT version FROM catalogs", error);

    if (stmt == NULL)
      return FALSE;
    while (bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW)
      g_ptr_array_add (catalogs, g_strdup (bansou_col_text (stmt, 0)));
  }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      const char *question = json_array_get_string_element (list, i);
      gboolean known = FALSE;

      for (guint c = 0; c < catalogs->len && !known; c++)
        {
          BansouCatalog *catalog = bansou_api_get_catalog (db, g_ptr_array_index (catalogs, c), error);

          if (catalog == NULL)
            return FALSE;
          known = bansou_catalog_lookup_question (catalog, question) != NULL;
        }
      if (!known)
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_QUESTION,
                       "No catalog of this server has the question “%s” (“questions”)", question);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
escalation_validate (BansouServerDb  *db,
                     BansouOp        *op,
                     GError         **error)
{
  const char *category;

  if (!bansou_dispatch_read (&escalation_spec, op, error))
    return FALSE;
  if (!g_str_equal (bansou_dispatch_text (op, "prefecture"), op->prefecture))
    return bansou_kind_forbid (error, op, "“prefecture” is not the token's prefecture");
  if (!bansou_dispatch_check_owner (db, escalation_spec.table, op, error))
    return FALSE;
  if (!g_uuid_string_is_valid (bansou_dispatch_text (op, "ticket")))
    return invalid (error, "“%s” must be a UUID", "ticket");
  /* The text rule of every kind (bansou-server-validate.c) */
  if (!text_rule ("subject", bansou_dispatch_text (op, "subject"), MAX_SUBJECT, BANSOU_TEXT_LINE,
                                 error) ||
      !text_rule ("body_name", bansou_dispatch_text (op, "body_name"), 200, BANSOU_TEXT_LINE, error) ||
      !text_rule ("sent_by", bansou_dispatch_text (op, "sent_by"), 200, BANSOU_TEXT_LINE, error) ||
      !text_rule ("text", bansou_dispatch_text (op, "text"), MAX_TEXT, BANSOU_TEXT_MULTILINE, error))
    return FALSE;
  category = bansou_dispatch_text (op, "category");
  if (category != NULL && !g_strv_contains (categories, category))
    return invalid (error, "“%s” is not one of the allowed values", "category");
  if (!check_questions (db, bansou_dispatch_text (op, "questions"), error))
    return FALSE;
  g_clear_pointer (&op->body, g_free);   /* never in a body's feed */
  return TRUE;
}

/* Once sent, an escalation stays as sent: the same again is a no-op. */
static guint
escalation_rewrite (BansouServerDb  *db,
                    BansouOp        *op,
                    JsonNode       **out_record,
                    GError         **error)
{
  gboolean same;

  if (!same_stored (db, &escalation_spec, op, &same, error))
    return 0;
  if (!same)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "An escalation is never changed once sent; send a new one");
      return 0;
    }
  *out_record = bansou_api_get_record (db, "escalation", op->keys[0], NULL, NULL, error);
  return *out_record ? 200 : 0;
}

const BansouServerKind bansou_kind_escalation = {
  .type = "escalation",
  .keys = { "id" },
  .flags = BANSOU_KIND_IN_BATCH | BANSOU_KIND_AUDITED,
  .select_sql = ESCALATION_SELECT "WHERE id = ?1",
  .rev_sql = "SELECT rev FROM consult_escalations WHERE id = ?1",
  .missing_code = BANSOU_API_ERROR_NOT_FOUND,
  .missing_message = "There is no such escalation",
  .to_json = escalation_to_json,
  .authorize = escalation_authorize,
  .validate = escalation_validate,
  .rewrite = escalation_rewrite,
  .write = bansou_dispatch_write,
};

/* ------------------------------------------------------------------------ */
/* escalation_answer                                                        */

static const BansouDispatchField answer_fields[] = {
  { "prefecture", BANSOU_DF_TEXT, 0, 0, 2 },       /* the escalation's: filled here */
  { "text", BANSOU_DF_TEXT, BANSOU_DF_REQUIRED, 0, MAX_TEXT },
  { "answered_by", BANSOU_DF_TEXT, 0, 0, 200 },
  { "answered_at", BANSOU_DF_STAMP, BANSOU_DF_REQUIRED },
};

static const BansouDispatchSpec answer_spec = {
  "escalation_answer", "consult_escalation_answers", answer_fields, G_N_ELEMENTS (answer_fields)
};

#define ANSWER_SELECT \
  "SELECT id, prefecture, text, answered_by, answered_at, rev, updated_at, updated_by FROM consult_escalation_answers "

static void
answer_to_json (JsonBuilder  *b,
                BansouServerStmt *stmt)
{
  bansou_dispatch_to_json (&answer_spec, b, stmt);
}

static gboolean
answer_authorize (const BansouServerToken  *token,
                  BansouOp                 *op,
                  GError                  **error)
{
  if (!check_id (op, error))
    return FALSE;
  if (token->role != BANSOU_ROLE_NATIONAL)
    return bansou_kind_forbid (error, op, "only the national desk answers escalations");
  return TRUE;
}

static gboolean
answer_validate (BansouServerDb  *db,
                 BansouOp        *op,
                 GError         **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  BansouDispatchValues *v;
  const char *given;
  int i;

  if (!bansou_dispatch_read (&answer_spec, op, error))
    return FALSE;
  stmt = bansou_server_db_prepare (db, "SELECT prefecture FROM consult_escalations WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, op->keys[0]);
  if (bansou_server_stmt_step (stmt, NULL) != BANSOU_SERVER_STEP_ROW)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_NOT_FOUND, "There is no escalation “%s”", op->keys[0]);
      return FALSE;
    }
  if (!text_rule ("text", bansou_dispatch_text (op, "text"), MAX_TEXT, BANSOU_TEXT_MULTILINE, error) ||
      !text_rule ("answered_by", bansou_dispatch_text (op, "answered_by"), 200, BANSOU_TEXT_LINE,
                                 error))
    return FALSE;
  given = bansou_dispatch_text (op, "prefecture");
  if (given != NULL && *given != '\0' && !g_str_equal (given, bansou_col_text (stmt, 0)))
    return invalid (error, "“%s” is not the escalation's prefecture", "prefecture");
  v = op->fields;
  i = bansou_dispatch_index (&answer_spec, "prefecture");
  g_free (v->text[i]);
  v->text[i] = g_strdup (bansou_col_text (stmt, 0));
  g_free (op->prefecture);
  op->prefecture = g_strdup (v->text[i]);
  g_clear_pointer (&op->body, g_free);
  return TRUE;
}

/* Answered once: the same answer again is a no-op, another refused. */
static guint
answer_rewrite (BansouServerDb  *db,
                BansouOp        *op,
                JsonNode       **out_record,
                GError         **error)
{
  gboolean same;

  if (!same_stored (db, &answer_spec, op, &same, error))
    return 0;
  if (!same)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "An escalation is answered once; the answer is not changed");
      return 0;
    }
  *out_record = bansou_api_get_record (db, "escalation_answer", op->keys[0], NULL, NULL, error);
  return *out_record ? 200 : 0;
}

const BansouServerKind bansou_kind_escalation_answer = {
  .type = "escalation_answer",
  .keys = { "id" },
  .flags = BANSOU_KIND_IN_BATCH | BANSOU_KIND_AUDITED,
  .select_sql = ANSWER_SELECT "WHERE id = ?1",
  .rev_sql = "SELECT rev FROM consult_escalation_answers WHERE id = ?1",
  .missing_code = BANSOU_API_ERROR_NOT_FOUND,
  .missing_message = "This escalation has no answer yet",
  .to_json = answer_to_json,
  .authorize = answer_authorize,
  .validate = answer_validate,
  .rewrite = answer_rewrite,
  .write = bansou_dispatch_write,
};
