/* bansou-kind-procurement-participant.c — one body's part in a joint procurement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Keys: project, body (of any prefecture). Written by the project's lead
 * prefecture, which coordinates, and by the body's own prefecture once
 * that prefecture takes part in the project; read like the project. A
 * participation of a prefecture new to the project admits it
 * (shared_scopes) and re-appends the project and every participation to
 * the change feed, so that it receives them although their revisions are
 * older than its cursor. docs/api.md, "Joint procurement".
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>

#include "bansou-core.h"
#include "bansou-server-kind.h"

#define PROJECT(op) ((op)->keys[0])
#define BODY(op)    ((op)->keys[1])

#define MAX_UNIT G_GINT64_CONSTANT (1000000000)      /* the ledger's bounds */
#define MAX_YEN  G_GINT64_CONSTANT (1000000000000)

typedef struct
{
  char     *joined_on;
  char     *left_on;
  gint64    units[3];     /* terminals, users, standalone; -1 null */
  char     *prefecture;   /* the body's */
  gboolean  admitted;     /* the body's prefecture is new to the project */
} Fields;

static const char * const unit_members[3] = { "terminals", "users", "standalone" };

static void
fields_free (gpointer data)
{
  Fields *f = data;

  g_free (f->joined_on);
  g_free (f->left_on);
  g_free (f->prefecture);
  g_free (f);
}

static void
add_int_or_null (JsonBuilder  *b,
                 const char   *member,
                 BansouServerStmt *stmt,
                 int           col)
{
  json_builder_set_member_name (b, member);
  if (bansou_server_stmt_column_is_null (stmt, col))
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, bansou_server_stmt_column_int64 (stmt, col));
}

static void
kind_to_json (JsonBuilder  *b,
              BansouServerStmt *stmt)
{
  json_builder_begin_object (b);
  bansou_json_add_string (b, "type", "procurement_participant");
  bansou_json_add_string (b, "project", bansou_col_text (stmt, 0));
  bansou_json_add_string (b, "body", bansou_col_text (stmt, 1));
  bansou_json_add_string_or_null (b, "joined_on", bansou_col_text (stmt, 2));
  bansou_json_add_string_or_null (b, "left_on", bansou_col_text (stmt, 3));
  add_int_or_null (b, "terminals", stmt, 4);
  add_int_or_null (b, "users", stmt, 5);
  add_int_or_null (b, "standalone", stmt, 6);
  bansou_json_add_int (b, "rev", bansou_server_stmt_column_int64 (stmt, 7));
  bansou_json_add_string (b, "updated_at", bansou_col_text (stmt, 8));
  bansou_json_add_string (b, "updated_by", bansou_col_text (stmt, 9));
  json_builder_end_object (b);
}

static gboolean
kind_authorize (const BansouServerToken  *token,
                BansouOp                 *op,
                GError                  **error)
{
  if (PROJECT (op) == NULL || !g_uuid_string_is_valid (PROJECT (op)))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST, "“project” must be a UUID");
      return FALSE;
    }
  if (BODY (op) == NULL || !bansou_code_is_body (BODY (op)))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_BODY, "“%s” is not a body code",
                   BODY (op) ? BODY (op) : "");
      return FALSE;
    }
  if (token->role == BANSOU_ROLE_NATIONAL)
    return bansou_kind_forbid (error, op, "the national desk reads participations; prefectures write them");
  if (token->role != BANSOU_ROLE_PREFECTURE)
    return bansou_kind_forbid (error, op, "participations are written by prefectures (the lead, or the body's own)");
  return TRUE;
}

static gboolean
get_unit (JsonObject  *obj,
          const char  *member,
          gint64       max,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = -1;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > max)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“%s” must be a whole number from 0 to %" G_GINT64_FORMAT ", or null", member, max);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
kind_validate (BansouServerDb  *db,
               BansouOp        *op,
               GError         **error)
{
  JsonObject *obj;
  Fields *f;

  if (!bansou_kind_check_body_round (db, BODY (op), NULL, error) ||
      !bansou_json_require_object (op->data, "“data”", error))
    return FALSE;
  obj = json_node_get_object (op->data);

  op->fields = f = g_new0 (Fields, 1);
  op->fields_free = fields_free;
  if (!bansou_json_get_date (obj, "joined_on", &f->joined_on, error) ||
      !bansou_json_get_date (obj, "left_on", &f->left_on, error))
    return FALSE;
  if (f->joined_on != NULL && f->left_on != NULL && strcmp (f->left_on, f->joined_on) < 0)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“left_on” is before “joined_on”");
      return FALSE;
    }
  for (guint i = 0; i < 3; i++)
    if (!get_unit (obj, unit_members[i], i == 2 ? MAX_YEN : MAX_UNIT, &f->units[i], error))
      return FALSE;

  f->prefecture = bansou_code_prefecture_digits (BODY (op));
  op->prefecture = g_strdup ("+");
  op->body = NULL;
  return TRUE;
}

/* The lead coordinates and writes every participation; the body's own
 * prefecture writes it once that prefecture takes part. @deferred: the
 * project is not on the server yet (an earlier operation of the batch
 * creates it), so the check waits for write(). */
static gboolean
check_permit (BansouServerDb           *db,
              const BansouServerToken  *token,
              BansouOp                 *op,
              gboolean                 *missing,
              GError                  **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  Fields *f = op->fields;
  g_autofree char *lead = NULL;

  *missing = FALSE;
  stmt = bansou_server_db_prepare (db, "SELECT lead_prefecture FROM procurement_projects WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, PROJECT (op));
  if (bansou_server_stmt_step (stmt, NULL) != BANSOU_SERVER_STEP_ROW)
    {
      *missing = TRUE;
      return TRUE;
    }
  lead = g_strdup (bansou_col_text (stmt, 0));
  g_clear_pointer (&stmt, bansou_server_stmt_reset);

  if (g_str_equal (lead, token->scope))
    return TRUE;
  if (!g_str_equal (f->prefecture, token->scope))
    return bansou_kind_forbid (error, op, "only the lead prefecture and the body's own prefecture write a participation");
  if (!bansou_kind_shared_with (db, PROJECT (op), token->scope))
    return bansou_kind_forbid (error, op, "the token's prefecture takes no part in this project");
  return TRUE;
}

static gboolean
kind_permit (BansouServerDb           *db,
             const BansouServerToken  *token,
             BansouOp                 *op,
             GError                  **error)
{
  gboolean missing;

  return check_permit (db, token, op, &missing, error);
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
  g_autoptr(BansouServerStmt) scope = NULL;
  Fields *f = op->fields;
  gboolean missing;

  /* In a batch that creates the project, it exists only now. */
  if (!check_permit (db, token, op, &missing, error))
    return FALSE;
  if (missing)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_NOT_FOUND,
                   "There is no procurement project “%s”", PROJECT (op));
      return FALSE;
    }

  stmt = bansou_server_db_prepare (db,
                                   "INSERT INTO procurement_participants (project, body, joined_on, left_on, "
                                   "  terminals, users, standalone, rev, updated_at, updated_by) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                                   "ON CONFLICT (project, body) DO UPDATE SET joined_on = excluded.joined_on, "
                                   "left_on = excluded.left_on, terminals = excluded.terminals, "
                                   "users = excluded.users, standalone = excluded.standalone, rev = excluded.rev, "
                                   "updated_at = excluded.updated_at, updated_by = excluded.updated_by", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, PROJECT (op));
  bansou_server_stmt_bind_text (stmt, 2, BODY (op));
  bansou_server_stmt_bind_text (stmt, 3, f->joined_on);
  bansou_server_stmt_bind_text (stmt, 4, f->left_on);
  for (guint i = 0; i < 3; i++)
    if (f->units[i] < 0)
      bansou_server_stmt_bind_null (stmt, 5 + (int) i);
    else
      bansou_server_stmt_bind_int64 (stmt, 5 + (int) i, f->units[i]);
  bansou_server_stmt_bind_int64 (stmt, 8, rev);
  bansou_server_stmt_bind_text (stmt, 9, now);
  bansou_server_stmt_bind_text (stmt, 10, token->name);
  if (!bansou_server_db_step_done (db, stmt, error))
    return FALSE;

  scope = bansou_server_db_prepare (db, "INSERT INTO shared_scopes (k1, scope) VALUES (?1, ?2) ON CONFLICT DO NOTHING", error);
  if (scope == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (scope, 1, PROJECT (op));
  bansou_server_stmt_bind_text (scope, 2, f->prefecture);
  if (!bansou_server_db_step_done (db, scope, error))
    return FALSE;
  f->admitted = bansou_server_db_changes (db) > 0;
  return TRUE;
}

/* A prefecture new to the project receives all of it, the project first. */
static gboolean
kind_changed (BansouServerDb  *db,
              BansouOp        *op,
              GError         **error)
{
  static const char * const order[] = { "procurement_project", "procurement_participant", NULL };
  static const char * const rev_sqls[] = {
    "UPDATE procurement_projects SET rev = ?1 WHERE id = ?2",
    "UPDATE procurement_participants SET rev = ?1 WHERE project = ?2 AND body = ?3",
  };
  Fields *f = op->fields;

  return !f->admitted || bansou_kind_reappend (db, PROJECT (op), order, rev_sqls, error);
}

const BansouServerKind bansou_kind_procurement_participant = {
  .type = "procurement_participant",
  .keys = { "project", "body" },
  .flags = BANSOU_KIND_IN_BATCH | BANSOU_KIND_AUDITED,
  .select_sql = "SELECT project, body, joined_on, left_on, terminals, users, standalone, rev, updated_at, "
                "updated_by FROM procurement_participants WHERE project = ?1 AND body = ?2",
  .rev_sql = "SELECT rev FROM procurement_participants WHERE project = ?1 AND body = ?2",
  .missing_code = BANSOU_API_ERROR_NOT_FOUND,
  .missing_message = "This body takes no part in the procurement project",
  .to_json = kind_to_json,
  .authorize = kind_authorize,
  .validate = kind_validate,
  .permit = kind_permit,
  .write = kind_write,
  .changed = kind_changed,
};
