/* bansou-kind-catalog.c — a published version of the question catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Key: version. Only the national desk publishes; a published version
 * never changes (answers refer to it), so the document is kept as sent
 * and parsed once per server run.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include "bansou-core.h"
#include "bansou-server-kind.h"

#define VERSION(op) ((op)->keys[0])

#define CATALOG_SELECT \
  "SELECT version, questions, rev, updated_at, updated_by FROM catalogs "

typedef struct
{
  guint n_questions;
} Fields;

static void
kind_to_json (JsonBuilder  *b,
              BansouServerStmt *stmt)
{
  json_builder_begin_object (b);
  bansou_json_add_string (b, "type", "catalog");
  bansou_json_add_string (b, "version", bansou_col_text (stmt, 0));
  bansou_json_add_int (b, "questions", bansou_server_stmt_column_int64 (stmt, 1));
  bansou_json_add_int (b, "rev", bansou_server_stmt_column_int64 (stmt, 2));
  bansou_json_add_string (b, "updated_at", bansou_col_text (stmt, 3));
  bansou_json_add_string (b, "updated_by", bansou_col_text (stmt, 4));
  json_builder_end_object (b);
}

static gboolean
kind_authorize (const BansouServerToken  *token,
                BansouOp                 *op,
                GError                  **error)
{
  if (token->role != BANSOU_ROLE_NATIONAL)
    return bansou_kind_forbid (error, op, "only the national desk publishes catalog versions");
  return TRUE;
}

static gboolean
kind_validate (BansouServerDb  *db,
               BansouOp        *op,
               GError         **error)
{
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(GError) local = NULL;
  Fields *f;

  catalog = bansou_catalog_new_from_data (op->document ? op->document : "", -1, &local);
  if (catalog == NULL)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "The catalog is not valid: %s", local->message);
      return FALSE;
    }
  if (g_strcmp0 (bansou_catalog_get_version (catalog), VERSION (op)) != 0)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "The catalog's “version” (%s) is not the one in the path (%s)",
                   bansou_catalog_get_version (catalog), VERSION (op));
      return FALSE;
    }
  op->prefecture = g_strdup ("*");
  op->fields = f = g_new0 (Fields, 1);
  op->fields_free = g_free;
  f->n_questions = bansou_catalog_get_n_questions (catalog);
  return TRUE;
}

/* Published versions are immutable: the same document again is a no-op. */
static guint
kind_rewrite (BansouServerDb  *db,
              BansouOp        *op,
              JsonNode       **out_record,
              GError         **error)
{
  g_autofree char *json = NULL;
  gint64 rev;

  json = bansou_api_get_catalog_json (db, VERSION (op), &rev, error);
  if (json == NULL)
    return 0;
  if (!g_str_equal (json, op->document))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_CATALOG_IMMUTABLE,
                   "Catalog version %s is already published; publish a new version instead",
                   VERSION (op));
      return 0;
    }
  *out_record = bansou_api_get_record (db, "catalog", VERSION (op), NULL, NULL, error);
  return *out_record ? 200 : 0;
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
                                   "INSERT INTO catalogs (version, json, questions, rev, updated_at, updated_by) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, VERSION (op));
  bansou_server_stmt_bind_text (stmt, 2, op->document);
  bansou_server_stmt_bind_int64 (stmt, 3, f->n_questions);
  bansou_server_stmt_bind_int64 (stmt, 4, rev);
  bansou_server_stmt_bind_text (stmt, 5, now);
  bansou_server_stmt_bind_text (stmt, 6, token->name);

  return bansou_server_db_step_done (db, stmt, error);
}

const BansouServerKind bansou_kind_catalog = {
  .type = "catalog",
  .keys = { "version" },
  .flags = BANSOU_KIND_DOCUMENT | BANSOU_KIND_AUDITED,
  .select_sql = CATALOG_SELECT "WHERE version = ?1",
  .rev_sql = "SELECT rev FROM catalogs WHERE version = ?1",
  .missing_code = BANSOU_API_ERROR_UNKNOWN_CATALOG,
  .missing_message = "There is no such catalog version",
  .to_json = kind_to_json,
  .authorize = kind_authorize,
  .validate = kind_validate,
  .rewrite = kind_rewrite,
  .write = kind_write,
};

/* ------------------------------------------------------------------------ */

/**
 * bansou_api_get_catalog:
 *
 * Returns: (transfer none): the parsed catalog @version, cached for the
 *   database's lifetime: a published version never changes
 */
BansouCatalog *
bansou_api_get_catalog (BansouServerDb  *db,
                        const char      *version,
                        GError         **error)
{
  GHashTable *cache;
  g_autofree char *json = NULL;
  BansouCatalog *catalog;
  gint64 rev;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (version != NULL, NULL);

  cache = bansou_server_db_get_catalogs (db);
  if ((catalog = g_hash_table_lookup (cache, version)))
    return catalog;

  json = bansou_api_get_catalog_json (db, version, &rev, error);
  if (json == NULL)
    return NULL;
  catalog = bansou_catalog_new_from_data (json, -1, error);
  if (catalog == NULL)
    return NULL;
  g_hash_table_insert (cache, g_strdup (version), catalog);

  return catalog;
}

/* Returns: (transfer full): `{"versions": [...]}`, in order of publication */
JsonNode *
bansou_api_list_catalogs (BansouServerDb  *db,
                          GError         **error)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);

  return bansou_api_list_records (db, "versions", CATALOG_SELECT "ORDER BY rev", kind_to_json,
                                  NULL, NULL, error);
}

/* Returns: (transfer full): the catalog document as published */
char *
bansou_api_get_catalog_json (BansouServerDb  *db,
                             const char      *version,
                             gint64          *out_rev,
                             GError         **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (version != NULL, NULL);
  g_return_val_if_fail (out_rev != NULL, NULL);

  stmt = bansou_server_db_prepare (db, "SELECT json, rev FROM catalogs WHERE version = ?", error);
  if (stmt == NULL)
    return NULL;
  bansou_server_stmt_bind_text (stmt, 1, version);
  if (bansou_server_stmt_step (stmt, NULL) != BANSOU_SERVER_STEP_ROW)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_CATALOG,
                   "There is no catalog version “%s”", version);
      return NULL;
    }
  *out_rev = bansou_server_stmt_column_int64 (stmt, 1);
  return g_strdup (bansou_col_text (stmt, 0));
}
