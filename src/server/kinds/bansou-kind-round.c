/* bansou-kind-round.c — a survey round, named by its reference date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Key: id ('YYYY-MM-DD'). Only the national desk creates and changes
 * rounds; every token sees them.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include "bansou-core.h"
#include "bansou-server-kind.h"

#define ID(op) ((op)->keys[0])

#define ROUND_SELECT \
  "SELECT id, title, catalog_version, due, rev, updated_at, updated_by FROM rounds "

typedef struct
{
  char *title;
  char *catalog_version;
  char *due;
} Fields;

static void
fields_free (gpointer data)
{
  Fields *f = data;

  g_free (f->title);
  g_free (f->catalog_version);
  g_free (f->due);
  g_free (f);
}

static void
kind_to_json (JsonBuilder  *b,
              BansouServerStmt *stmt)
{
  json_builder_begin_object (b);
  bansou_json_add_string (b, "type", "round");
  bansou_json_add_string (b, "id", bansou_col_text (stmt, 0));
  bansou_json_add_string (b, "title", bansou_col_text (stmt, 1));
  bansou_json_add_string (b, "catalog_version", bansou_col_text (stmt, 2));
  bansou_json_add_string_or_null (b, "due", bansou_col_text (stmt, 3));
  bansou_json_add_int (b, "rev", bansou_server_stmt_column_int64 (stmt, 4));
  bansou_json_add_string (b, "updated_at", bansou_col_text (stmt, 5));
  bansou_json_add_string (b, "updated_by", bansou_col_text (stmt, 6));
  json_builder_end_object (b);
}

static gboolean
kind_authorize (const BansouServerToken  *token,
                BansouOp                 *op,
                GError                  **error)
{
  if (token->role != BANSOU_ROLE_NATIONAL)
    return bansou_kind_forbid (error, op, "only the national desk creates and changes rounds");
  return TRUE;
}

static gboolean
kind_validate (BansouServerDb  *db,
               BansouOp        *op,
               GError         **error)
{
  JsonObject *obj;
  Fields *f;

  if (!bansou_server_date_valid (ID (op)))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "A round is named by its reference date, 'YYYY-MM-DD'");
      return FALSE;
    }
  if (!bansou_json_require_object (op->data, "A round", error))
    return FALSE;
  obj = json_node_get_object (op->data);
  op->prefecture = g_strdup ("*");

  op->fields = f = g_new0 (Fields, 1);
  op->fields_free = fields_free;
  if (!bansou_json_get_line (obj, "title", BANSOU_MAX_SHORT, &f->title, error) ||
      !bansou_json_get_line (obj, "catalog_version", 64, &f->catalog_version, error) ||
      !bansou_json_get_date (obj, "due", &f->due, error))
    return FALSE;
  if (f->catalog_version == NULL)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“catalog_version” is required");
      return FALSE;
    }
  return bansou_api_get_catalog (db, f->catalog_version, error) != NULL;
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
                                   "INSERT INTO rounds (id, title, catalog_version, due, rev, updated_at, updated_by) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                                   "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
                                   "catalog_version = excluded.catalog_version, due = excluded.due, "
                                   "rev = excluded.rev, updated_at = excluded.updated_at, "
                                   "updated_by = excluded.updated_by", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, ID (op));
  bansou_server_stmt_bind_text (stmt, 2, f->title ? f->title : "");
  bansou_server_stmt_bind_text (stmt, 3, f->catalog_version);
  bansou_server_stmt_bind_text (stmt, 4, f->due);
  bansou_server_stmt_bind_int64 (stmt, 5, rev);
  bansou_server_stmt_bind_text (stmt, 6, now);
  bansou_server_stmt_bind_text (stmt, 7, token->name);

  return bansou_server_db_step_done (db, stmt, error);
}

const BansouServerKind bansou_kind_round = {
  .type = "round",
  .keys = { "id" },
  .flags = BANSOU_KIND_AUDITED,
  .select_sql = ROUND_SELECT "WHERE id = ?1",
  .rev_sql = "SELECT rev FROM rounds WHERE id = ?1",
  .missing_code = BANSOU_API_ERROR_UNKNOWN_ROUND,
  .missing_message = "There is no such round",
  .to_json = kind_to_json,
  .authorize = kind_authorize,
  .validate = kind_validate,
  .write = kind_write,
};

/* ------------------------------------------------------------------------ */

/* Returns: (transfer full): `{"rounds": [...]}`, oldest first */
JsonNode *
bansou_api_list_rounds (BansouServerDb  *db,
                        GError         **error)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);
  return bansou_api_list_records (db, "rounds", ROUND_SELECT "ORDER BY id", kind_to_json, NULL, NULL, error);
}
