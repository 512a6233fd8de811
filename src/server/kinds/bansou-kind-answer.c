/* bansou-kind-answer.c — one body's answer to one question of a round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Keys: round, body, question. Written by the body's prefecture and the
 * body itself, in PUTs and batches; the question must be in the catalog
 * of the round.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include "bansou-core.h"
#include "bansou-server-kind.h"

#define ROUND(op)    ((op)->keys[0])
#define BODY(op)     ((op)->keys[1])
#define QUESTION(op) ((op)->keys[2])

#define ANSWER_SELECT \
  "SELECT a.round, a.body, a.question, a.status, a.done_on, a.note, a.evidence, r.catalog_version, " \
  "a.rev, a.updated_at, a.updated_by FROM answers a JOIN rounds r ON r.id = a.round "

typedef struct
{
  char *status;   /* NULL: unanswered */
  char *done_on;
  char *note;
  char *evidence;
} Fields;

static void
fields_free (gpointer data)
{
  Fields *f = data;

  g_free (f->status);
  g_free (f->done_on);
  g_free (f->note);
  g_free (f->evidence);
  g_free (f);
}

static void
kind_to_json (JsonBuilder  *b,
              BansouServerStmt *stmt)
{
  json_builder_begin_object (b);
  bansou_json_add_string (b, "type", "answer");
  bansou_json_add_string (b, "round", bansou_col_text (stmt, 0));
  bansou_json_add_string (b, "body", bansou_col_text (stmt, 1));
  bansou_json_add_string (b, "question", bansou_col_text (stmt, 2));
  bansou_json_add_string_or_null (b, "status", bansou_col_text (stmt, 3));
  bansou_json_add_string_or_null (b, "done_on", bansou_col_text (stmt, 4));
  bansou_json_add_string (b, "note", bansou_col_text (stmt, 5));
  bansou_json_add_string (b, "evidence", bansou_col_text (stmt, 6));
  bansou_json_add_string (b, "catalog_version", bansou_col_text (stmt, 7));
  bansou_json_add_int (b, "rev", bansou_server_stmt_column_int64 (stmt, 8));
  bansou_json_add_string (b, "updated_at", bansou_col_text (stmt, 9));
  bansou_json_add_string (b, "updated_by", bansou_col_text (stmt, 10));
  json_builder_end_object (b);
}

static gboolean
kind_authorize (const BansouServerToken  *token,
                BansouOp                 *op,
                GError                  **error)
{
  return bansou_kind_body_in_scope (token, op, BODY (op), error);
}

static gboolean
kind_validate (BansouServerDb  *db,
               BansouOp        *op,
               GError         **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  BansouCatalog *catalog;
  JsonObject *obj;
  Fields *f;

  if (!bansou_kind_check_body_round (db, BODY (op), ROUND (op), error) ||
      !bansou_json_require_object (op->data, "“data”", error))
    return FALSE;
  obj = json_node_get_object (op->data);
  op->prefecture = bansou_code_prefecture_digits (BODY (op));
  op->body = g_strdup (BODY (op));

  stmt = bansou_server_db_prepare (db, "SELECT catalog_version FROM rounds WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, ROUND (op));
  if (bansou_server_stmt_step (stmt, NULL) != BANSOU_SERVER_STEP_ROW)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_ROUND,
                   "There is no round “%s”", ROUND (op));
      return FALSE;
    }
  catalog = bansou_api_get_catalog (db, bansou_col_text (stmt, 0), error);
  if (catalog == NULL)
    return FALSE;
  if (bansou_catalog_lookup_question (catalog, QUESTION (op)) == NULL)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_QUESTION,
                   "The catalog of round %s has no question “%s”", ROUND (op), QUESTION (op));
      return FALSE;
    }

  op->fields = f = g_new0 (Fields, 1);
  op->fields_free = fields_free;
  if (!bansou_json_get_line (obj, "status", 20, &f->status, error) ||
      !bansou_json_get_date (obj, "done_on", &f->done_on, error) ||
      !bansou_json_get_string (obj, "note", BANSOU_MAX_TEXT, &f->note, error) ||
      !bansou_json_get_string (obj, "evidence", BANSOU_MAX_TEXT, &f->evidence, error))
    return FALSE;
  if (f->status != NULL && (*f->status == '\0' || bansou_status_from_string (f->status) == BANSOU_N_STATUSES))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“status” must be done, partial, not_done, na, or null for unanswered");
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
  Fields *f = op->fields;

  stmt = bansou_server_db_prepare (db,
                                   "INSERT INTO answers (round, body, question, status, done_on, note, evidence, "
                                   "  rev, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                                   "ON CONFLICT (round, body, question) DO UPDATE SET status = excluded.status, "
                                   "done_on = excluded.done_on, note = excluded.note, evidence = excluded.evidence, "
                                   "rev = excluded.rev, updated_at = excluded.updated_at, "
                                   "updated_by = excluded.updated_by", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, ROUND (op));
  bansou_server_stmt_bind_text (stmt, 2, BODY (op));
  bansou_server_stmt_bind_text (stmt, 3, QUESTION (op));
  bansou_server_stmt_bind_text (stmt, 4, f->status);
  bansou_server_stmt_bind_text (stmt, 5, f->done_on);
  bansou_server_stmt_bind_text (stmt, 6, f->note ? f->note : "");
  bansou_server_stmt_bind_text (stmt, 7, f->evidence ? f->evidence : "");
  bansou_server_stmt_bind_int64 (stmt, 8, rev);
  bansou_server_stmt_bind_text (stmt, 9, now);
  bansou_server_stmt_bind_text (stmt, 10, token->name);

  return bansou_server_db_step_done (db, stmt, error);
}

const BansouServerKind bansou_kind_answer = {
  .type = "answer",
  .keys = { "round", "body", "question" },
  .named = { "body", "round", "question" },
  .flags = BANSOU_KIND_IN_BATCH,
  .select_sql = ANSWER_SELECT "WHERE a.round = ?1 AND a.body = ?2 AND a.question = ?3",
  .rev_sql = "SELECT rev FROM answers WHERE round = ?1 AND body = ?2 AND question = ?3",
  .missing_code = BANSOU_API_ERROR_NOT_FOUND,
  .missing_message = "This question has no answer yet",
  .to_json = kind_to_json,
  .authorize = kind_authorize,
  .validate = kind_validate,
  .write = kind_write,
};

/* ------------------------------------------------------------------------ */

/**
 * bansou_api_list_answers:
 *
 * Answers and progress of one body in one round. The caller checked scope.
 *
 * Returns: (transfer full): `{"round", "body", "answers": [...], "progress": {…} or null}`
 */
JsonNode *
bansou_api_list_answers (BansouServerDb  *db,
                         const char      *body,
                         const char      *round,
                         GError         **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int rc;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (round != NULL, NULL);

  if (!bansou_kind_check_body_round (db, body, round, error))
    return NULL;

  stmt = bansou_server_db_prepare (db, ANSWER_SELECT "WHERE a.body = ?1 AND a.round = ?2 ORDER BY a.question",
                                   error);
  if (stmt == NULL)
    return NULL;
  bansou_server_stmt_bind_text (stmt, 1, body);
  bansou_server_stmt_bind_text (stmt, 2, round);

  json_builder_begin_object (b);
  bansou_json_add_string (b, "round", round);
  bansou_json_add_string (b, "body", body);
  json_builder_set_member_name (b, "answers");
  json_builder_begin_array (b);
  while ((rc = bansou_server_stmt_step (stmt, NULL)) == BANSOU_SERVER_STEP_ROW)
    kind_to_json (b, stmt);
  if (rc != BANSOU_SERVER_STEP_DONE)
    {
      bansou_server_db_set_error (db, error, "reading answers");
      return NULL;
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "progress");
  if (!bansou_api_add_record (b, db, "progress", round, body, NULL, error))
    return NULL;
  json_builder_end_object (b);

  return json_builder_get_root (b);
}
