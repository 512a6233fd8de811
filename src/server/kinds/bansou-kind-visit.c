/* bansou-kind-visit.c — an expert's visit to a body, and its report (訪問)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Key: id (a UUID the workbench made). Belongs to the prefecture of its
 * body, whose expert it must be; written by that prefecture, read by it,
 * the national desk and the body itself (bansou-kind-dispatch.c).
 *
 * The server knows every visit of the prefecture, so it is where two
 * workbenches booking one expert for overlapping times meet: the second
 * write is answered 409 double_booking with the visit it clashes with,
 * and nothing is written (docs/api.md, "Double booking").
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>

#include "bansou-core.h"
#include "bansou-kind-dispatch.h"

static const char * const states[] = { "planned", "done", "cancelled", NULL };
static const char * const findings[] = { "done", "partial", "not_done", "na", NULL };

static gboolean
optional_string (JsonObject  *o,
                 const char  *member,
                 guint        max,
                 const char **out)
{
  JsonNode *n = json_object_get_member (o, member);

  *out = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_string (n);
  return g_utf8_strlen (*out, -1) <= max;
}

/* [{"question", "finding": status or null, "note", "accepted_at": time or null}, …] */
static char *
check_questions (JsonNode    *node,
                 const char  *member,
                 GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) out = NULL;
  JsonArray *list = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (list == NULL || json_array_get_length (list) > 200)
    goto bad;
  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *e = json_array_get_element (list, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
      const char *question, *finding, *note, *accepted;

      if (o == NULL ||
          !optional_string (o, "question", 200, &question) || question == NULL || *question == '\0' ||
          !optional_string (o, "finding", 20, &finding) ||
          !optional_string (o, "note", BANSOU_MAX_TEXT, &note) ||
          !optional_string (o, "accepted_at", 20, &accepted) ||
          (finding != NULL && !g_strv_contains (findings, finding)) ||
          !g_hash_table_add (seen, (gpointer) question))
        goto bad;
      if (accepted != NULL)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (accepted, NULL);

          if (dt == NULL || strlen (accepted) != 20 || accepted[19] != 'Z')
            goto bad;
        }
      json_builder_begin_object (b);
      bansou_json_add_string (b, "question", question);
      bansou_json_add_string_or_null (b, "finding", finding);
      bansou_json_add_string (b, "note", note ? note : "");
      bansou_json_add_string_or_null (b, "accepted_at", accepted);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  out = json_builder_get_root (b);
  return json_to_string (out, FALSE);

bad:
  g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
               "“%s” must be a list of at most 200 {\"question\": a catalog id, \"finding\": done, partial, "
               "not_done, na or null, \"note\": up to %u characters, \"accepted_at\": a UTC time or null}, "
               "each question once", member, BANSOU_MAX_TEXT);
  return NULL;
}

static const BansouDispatchField fields[] = {
  { "number", BANSOU_DF_INT, BANSOU_DF_REQUIRED, 1, 9999999 },
  { "request", BANSOU_DF_TEXT, BANSOU_DF_NULLABLE, 0, 36 },
  { "expert", BANSOU_DF_TEXT, BANSOU_DF_REQUIRED, 0, 36 },
  { "body", BANSOU_DF_TEXT, BANSOU_DF_REQUIRED, 0, 6 },
  { "day", BANSOU_DF_DATE, BANSOU_DF_REQUIRED },
  { "start_min", BANSOU_DF_INT, BANSOU_DF_REQUIRED, 0, 1439 },
  { "end_min", BANSOU_DF_INT, BANSOU_DF_REQUIRED, 1, 1440 },
  { "state", BANSOU_DF_ENUM, 0, .values = states },
  { "override_reason", BANSOU_DF_TEXT, 0, 0, BANSOU_MAX_TEXT },
  { "report", BANSOU_DF_TEXT, 0, 0, BANSOU_MAX_TEXT },
  { "worked_min", BANSOU_DF_INT, BANSOU_DF_NULLABLE, 0, 1440 },
  { "cost", BANSOU_DF_INT, BANSOU_DF_NULLABLE, 0, 100000000 },
  { "subsidy_bp", BANSOU_DF_INT, 0, 0, 10000, 0 },
  { "reported_at", BANSOU_DF_STAMP, BANSOU_DF_NULLABLE },
  { "questions", BANSOU_DF_JSON, 0, .check = check_questions },
};

static const BansouDispatchSpec spec = { "visit", "visits", fields, G_N_ELEMENTS (fields) };

#define VISIT_SELECT \
  "SELECT id, number, request, expert, body, day, start_min, end_min, state, override_reason, report, " \
  "worked_min, cost, subsidy_bp, reported_at, questions, rev, updated_at, updated_by FROM visits "

static void
kind_to_json (JsonBuilder  *b,
              BansouServerStmt *stmt)
{
  bansou_dispatch_to_json (&spec, b, stmt);
}

static gboolean
kind_validate (BansouServerDb  *db,
               BansouOp        *op,
               GError         **error)
{
  const char *expert, *request;

  if (!bansou_dispatch_read (&spec, op, error) ||
      !bansou_dispatch_check_owner (db, spec.table, op, error) ||
      !bansou_dispatch_check_body (db, op, bansou_dispatch_text (op, "body"), error))
    return FALSE;
  if (bansou_dispatch_num (op, "end_min", NULL) <= bansou_dispatch_num (op, "start_min", NULL))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST, "“end_min” must be after “start_min”");
      return FALSE;
    }
  expert = bansou_dispatch_text (op, "expert");
  request = bansou_dispatch_text (op, "request");
  if (!bansou_dispatch_is_id (expert))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST, "“expert” must be an expert’s id");
      return FALSE;
    }
  if (request != NULL && !bansou_dispatch_is_id (request))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“request” must be a dispatch request’s id or null");
      return FALSE;
    }
  return TRUE;
}

/* In the transaction: the expert and the request exist by now (made
 * earlier in the same batch counts), and the expert is free then. */
static gboolean
kind_check (BansouServerDb  *db,
            BansouOp        *op,
            JsonNode       **out_clash,
            GError         **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  const char *expert = bansou_dispatch_text (op, "expert");
  const char *request = bansou_dispatch_text (op, "request");
  int rc;

  *out_clash = NULL;
  stmt = bansou_server_db_prepare (db, "SELECT prefecture FROM experts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, expert);
  if (bansou_server_stmt_step (stmt, NULL) != BANSOU_SERVER_STEP_ROW || g_strcmp0 (bansou_col_text (stmt, 0), op->prefecture) != 0)
    {
      /* another prefecture's expert is not even found */
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_EXPERT,
                   "There is no expert “%s” in this prefecture (“expert”)", expert);
      return FALSE;
    }
  g_clear_pointer (&stmt, bansou_server_stmt_reset);

  if (request != NULL)
    {
      stmt = bansou_server_db_prepare (db, "SELECT body FROM dispatch_requests WHERE id = ? AND prefecture = ?", error);
      if (stmt == NULL)
        return FALSE;
      bansou_server_stmt_bind_text (stmt, 1, request);
      bansou_server_stmt_bind_text (stmt, 2, op->prefecture);
      if (bansou_server_stmt_step (stmt, NULL) != BANSOU_SERVER_STEP_ROW)
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_DISPATCH_REQUEST,
                       "There is no dispatch request “%s” in this prefecture (“request”)", request);
          return FALSE;
        }
      if (g_strcmp0 (bansou_col_text (stmt, 0), op->body) != 0)
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                       "“request” is a request of body %s, not of this visit’s body %s",
                       bansou_col_text (stmt, 0), op->body);
          return FALSE;
        }
      g_clear_pointer (&stmt, bansou_server_stmt_reset);
    }

  /* A cancelled visit holds no time; any other may not overlap another. */
  if (g_str_equal (bansou_dispatch_text (op, "state"), "cancelled"))
    return TRUE;
  stmt = bansou_server_db_prepare (db,
                                   "SELECT id FROM visits WHERE expert = ?1 AND day = ?2 AND state <> 'cancelled' "
                                   "AND id <> ?3 AND start_min < ?5 AND end_min > ?4 ORDER BY start_min LIMIT 1",
                                   error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, expert);
  bansou_server_stmt_bind_text (stmt, 2, bansou_dispatch_text (op, "day"));
  bansou_server_stmt_bind_text (stmt, 3, op->keys[0]);
  bansou_server_stmt_bind_int64 (stmt, 4, bansou_dispatch_num (op, "start_min", NULL));
  bansou_server_stmt_bind_int64 (stmt, 5, bansou_dispatch_num (op, "end_min", NULL));
  rc = bansou_server_stmt_step (stmt, NULL);
  if (rc == BANSOU_SERVER_STEP_ROW)
    {
      g_autofree char *other = g_strdup (bansou_col_text (stmt, 0));

      g_clear_pointer (&stmt, bansou_server_stmt_reset);
      *out_clash = bansou_api_get_record (db, "visit", other, NULL, NULL, error);
      return *out_clash != NULL;
    }
  if (rc != BANSOU_SERVER_STEP_DONE)
    {
      bansou_server_db_set_error (db, error, "reading visits");
      return FALSE;
    }
  return TRUE;
}

static gboolean
kind_write (BansouServerDb           *db,
            const BansouServerToken  *token,
            BansouOp                 *op,
            gint64                    rev,
            const char               *now,
            GError                  **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;

  if (!bansou_dispatch_write (db, token, op, rev, now, error))
    return FALSE;
  stmt = bansou_server_db_prepare (db, "UPDATE visits SET prefecture = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, op->keys[0]);
  bansou_server_stmt_bind_text (stmt, 2, op->prefecture);
  return bansou_server_db_step_done (db, stmt, error);
}

const BansouServerKind bansou_kind_visit = {
  .type = "visit",
  .keys = { "id" },
  .flags = BANSOU_KIND_IN_BATCH,
  .select_sql = VISIT_SELECT "WHERE id = ?1",
  .rev_sql = "SELECT rev FROM visits WHERE id = ?1",
  .missing_code = BANSOU_API_ERROR_NOT_FOUND,
  .missing_message = "There is no such visit",
  .to_json = kind_to_json,
  .authorize = bansou_dispatch_authorize,
  .validate = kind_validate,
  .check = kind_check,
  .write = kind_write,
};
