/* bansou-kind-progress.c — where one body stands in one round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Keys: round, body. Written by the body's prefecture and the body
 * itself, in PUTs and batches.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include "bansou-core.h"
#include "bansou-server-kind.h"

#define ROUND(op) ((op)->keys[0])
#define BODY(op)  ((op)->keys[1])

typedef struct
{
  char *state;
  char *assignee;
  char *due;
} Fields;

static void
fields_free (gpointer data)
{
  Fields *f = data;

  g_free (f->state);
  g_free (f->assignee);
  g_free (f->due);
  g_free (f);
}

static void
kind_to_json (JsonBuilder  *b,
              BansouServerStmt *stmt)
{
  json_builder_begin_object (b);
  bansou_json_add_string (b, "type", "progress");
  bansou_json_add_string (b, "round", bansou_col_text (stmt, 0));
  bansou_json_add_string (b, "body", bansou_col_text (stmt, 1));
  bansou_json_add_string (b, "state", bansou_col_text (stmt, 2));
  bansou_json_add_string (b, "assignee", bansou_col_text (stmt, 3));
  bansou_json_add_string_or_null (b, "due", bansou_col_text (stmt, 4));
  bansou_json_add_int (b, "rev", bansou_server_stmt_column_int64 (stmt, 5));
  bansou_json_add_string (b, "updated_at", bansou_col_text (stmt, 6));
  bansou_json_add_string (b, "updated_by", bansou_col_text (stmt, 7));
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
  JsonObject *obj;
  Fields *f;

  if (!bansou_kind_check_body_round (db, BODY (op), ROUND (op), error) ||
      !bansou_json_require_object (op->data, "“data”", error))
    return FALSE;
  obj = json_node_get_object (op->data);
  op->prefecture = bansou_code_prefecture_digits (BODY (op));
  op->body = g_strdup (BODY (op));

  op->fields = f = g_new0 (Fields, 1);
  op->fields_free = fields_free;
  if (!bansou_json_get_line (obj, "state", 20, &f->state, error) ||
      !bansou_json_get_line (obj, "assignee", BANSOU_MAX_SHORT, &f->assignee, error) ||
      !bansou_json_get_date (obj, "due", &f->due, error))
    return FALSE;
  if (bansou_progress_from_string (f->state) == BANSOU_N_PROGRESS)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“state” must be not_started, answering, review or final");
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
                                   "INSERT INTO progress (round, body, state, assignee, due, rev, updated_at, "
                                   "  updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                   "ON CONFLICT (round, body) DO UPDATE SET state = excluded.state, "
                                   "assignee = excluded.assignee, due = excluded.due, rev = excluded.rev, "
                                   "updated_at = excluded.updated_at, updated_by = excluded.updated_by", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, ROUND (op));
  bansou_server_stmt_bind_text (stmt, 2, BODY (op));
  bansou_server_stmt_bind_text (stmt, 3, f->state);
  bansou_server_stmt_bind_text (stmt, 4, f->assignee ? f->assignee : "");
  bansou_server_stmt_bind_text (stmt, 5, f->due);
  bansou_server_stmt_bind_int64 (stmt, 6, rev);
  bansou_server_stmt_bind_text (stmt, 7, now);
  bansou_server_stmt_bind_text (stmt, 8, token->name);

  return bansou_server_db_step_done (db, stmt, error);
}

const BansouServerKind bansou_kind_progress = {
  .type = "progress",
  .keys = { "round", "body" },
  .named = { "body", "round" },
  .flags = BANSOU_KIND_IN_BATCH,
  .select_sql = "SELECT round, body, state, assignee, due, rev, updated_at, updated_by FROM progress "
                "WHERE round = ?1 AND body = ?2",
  .rev_sql = "SELECT rev FROM progress WHERE round = ?1 AND body = ?2",
  .missing_code = BANSOU_API_ERROR_NOT_FOUND,
  .missing_message = "No progress recorded yet",
  .to_json = kind_to_json,
  .authorize = kind_authorize,
  .validate = kind_validate,
  .write = kind_write,
};
