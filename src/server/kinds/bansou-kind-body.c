/* bansou-kind-body.c — a local government or other body in the registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Key: code. The national registry is seeded (builtin) and never written
 * through the API; the nation or the body's prefecture registers the
 * other bodies (unions, agencies, universities).
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include "bansou-core.h"
#include "bansou-server-kind.h"

#define CODE(op) ((op)->keys[0])

#define BODY_SELECT \
  "SELECT code, prefecture, parent, kind, name, builtin, rev, updated_at, updated_by FROM bodies "

typedef struct
{
  char *kind;
  char *name;
} Fields;

static void
fields_free (gpointer data)
{
  Fields *f = data;

  g_free (f->kind);
  g_free (f->name);
  g_free (f);
}

static void
kind_to_json (JsonBuilder  *b,
              BansouServerStmt *stmt)
{
  json_builder_begin_object (b);
  bansou_json_add_string (b, "type", "body");
  bansou_json_add_string (b, "code", bansou_col_text (stmt, 0));
  bansou_json_add_string (b, "prefecture", bansou_col_text (stmt, 1));
  bansou_json_add_string_or_null (b, "parent", bansou_col_text (stmt, 2));
  bansou_json_add_string (b, "kind", bansou_col_text (stmt, 3));
  bansou_json_add_string (b, "name", bansou_col_text (stmt, 4));
  json_builder_set_member_name (b, "builtin");
  json_builder_add_boolean_value (b, bansou_server_stmt_column_int64 (stmt, 5) != 0);
  bansou_json_add_int (b, "rev", bansou_server_stmt_column_int64 (stmt, 6));
  bansou_json_add_string (b, "updated_at", bansou_col_text (stmt, 7));
  bansou_json_add_string (b, "updated_by", bansou_col_text (stmt, 8));
  json_builder_end_object (b);
}

static gboolean
kind_authorize (const BansouServerToken  *token,
                BansouOp                 *op,
                GError                  **error)
{
  if (!bansou_code_is_body (CODE (op)))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“%s” is not a body code (six digits with a check digit, or X and five digits)",
                   CODE (op));
      return FALSE;
    }
  if (token->role == BANSOU_ROLE_BODY ||
      !bansou_server_in_scope (token->role, token->scope, CODE (op)))
    return bansou_kind_forbid (error, op, "only the nation or the body's prefecture registers bodies");
  return TRUE;
}

static gboolean
kind_validate (BansouServerDb  *db,
               BansouOp        *op,
               GError         **error)
{
  JsonObject *obj;
  Fields *f;

  if (bansou_kind_exists (db, "SELECT 1 FROM bodies WHERE code = ? AND builtin = 1", CODE (op)))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“%s” comes from the national registry and cannot be changed here", CODE (op));
      return FALSE;
    }
  if (!bansou_json_require_object (op->data, "A body", error))
    return FALSE;
  obj = json_node_get_object (op->data);

  op->fields = f = g_new0 (Fields, 1);
  op->fields_free = fields_free;
  if (!bansou_json_get_line (obj, "kind", 40, &f->kind, error) ||
      !bansou_json_get_line (obj, "name", 100, &f->name, error))
    return FALSE;
  if (f->kind == NULL || !bansou_body_kind_is_other_body (bansou_body_kind_from_string (f->kind)))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“kind” must be partial-union, wide-union, admin-agency or public-university");
      return FALSE;
    }
  if (f->name == NULL || *g_strstrip (f->name) == '\0')
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST, "“name” is required");
      return FALSE;
    }
  op->prefecture = bansou_code_prefecture_digits (CODE (op));
  op->body = g_strdup (CODE (op));
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
                                   "INSERT INTO bodies (code, prefecture, parent, kind, name, builtin, rev, "
                                   "  updated_at, updated_by) VALUES (?1, ?2, NULL, ?3, ?4, 0, ?5, ?6, ?7) "
                                   "ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
                                   "rev = excluded.rev, updated_at = excluded.updated_at, "
                                   "updated_by = excluded.updated_by", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, CODE (op));
  bansou_server_stmt_bind_text (stmt, 2, op->prefecture);
  bansou_server_stmt_bind_text (stmt, 3, f->kind);
  bansou_server_stmt_bind_text (stmt, 4, f->name);
  bansou_server_stmt_bind_int64 (stmt, 5, rev);
  bansou_server_stmt_bind_text (stmt, 6, now);
  bansou_server_stmt_bind_text (stmt, 7, token->name);

  return bansou_server_db_step_done (db, stmt, error);
}

const BansouServerKind bansou_kind_body = {
  .type = "body",
  .keys = { "code" },
  .flags = BANSOU_KIND_AUDITED,
  .select_sql = BODY_SELECT "WHERE code = ?1",
  .rev_sql = "SELECT rev FROM bodies WHERE code = ?1",
  .missing_code = BANSOU_API_ERROR_UNKNOWN_BODY,
  .missing_message = "There is no such body",
  .to_json = kind_to_json,
  .authorize = kind_authorize,
  .validate = kind_validate,
  .write = kind_write,
};

/* ------------------------------------------------------------------------ */

/* Returns: (transfer full): `{"bodies": [...]}`: the token's scope, by code */
JsonNode *
bansou_api_list_bodies (BansouServerDb           *db,
                        const BansouServerToken  *token,
                        GError                  **error)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (token != NULL, NULL);

  switch (token->role)
    {
    case BANSOU_ROLE_NATIONAL:
      return bansou_api_list_records (db, "bodies", BODY_SELECT "ORDER BY code", kind_to_json,
                                      NULL, NULL, error);
    case BANSOU_ROLE_PREFECTURE:
      return bansou_api_list_records (db, "bodies", BODY_SELECT "WHERE prefecture = ?1 ORDER BY code",
                                      kind_to_json, token->scope, NULL, error);
    case BANSOU_ROLE_BODY:
    case BANSOU_N_ROLES:
    default:
      return bansou_api_list_records (db, "bodies", BODY_SELECT "WHERE code = ?1", kind_to_json,
                                      token->scope, NULL, error);
    }
}
