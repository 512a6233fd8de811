/* bansou-server-api.c — records, writes, the change feed and baselines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Messages here go to API clients, which show their own translated text
 * keyed by the error code: they are plain English, not marked for
 * translation.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>

#include "bansou-core.h"
#include "bansou-server-api.h"

G_DEFINE_QUARK (bansou-api-error-quark, bansou_api_error)

static const struct {
  guint       status;
  const char *id;
} api_errors[BANSOU_API_N_ERRORS] = {
  [BANSOU_API_ERROR_INVALID_JSON]             = { 400, "invalid_json" },
  [BANSOU_API_ERROR_JSON_TOO_DEEP]            = { 400, "json_too_deep" },
  [BANSOU_API_ERROR_INVALID_REQUEST]          = { 400, "invalid_request" },
  [BANSOU_API_ERROR_IDEMPOTENCY_KEY_REQUIRED] = { 400, "idempotency_key_required" },
  [BANSOU_API_ERROR_UNAUTHORIZED]             = { 401, "unauthorized" },
  [BANSOU_API_ERROR_FORBIDDEN]                = { 403, "forbidden" },
  [BANSOU_API_ERROR_NOT_FOUND]                = { 404, "not_found" },
  [BANSOU_API_ERROR_UNKNOWN_BODY]             = { 404, "unknown_body" },
  [BANSOU_API_ERROR_UNKNOWN_ROUND]            = { 404, "unknown_round" },
  [BANSOU_API_ERROR_UNKNOWN_QUESTION]         = { 404, "unknown_question" },
  [BANSOU_API_ERROR_UNKNOWN_CATALOG]          = { 404, "unknown_catalog" },
  [BANSOU_API_ERROR_METHOD_NOT_ALLOWED]       = { 405, "method_not_allowed" },
  [BANSOU_API_ERROR_CATALOG_IMMUTABLE]        = { 409, "catalog_immutable" },
  [BANSOU_API_ERROR_STALE_REVISION]           = { 412, "stale_revision" },
  [BANSOU_API_ERROR_PAYLOAD_TOO_LARGE]        = { 413, "payload_too_large" },
  [BANSOU_API_ERROR_BATCH_TOO_LARGE]          = { 413, "batch_too_large" },
  [BANSOU_API_ERROR_UNSUPPORTED_MEDIA_TYPE]   = { 415, "unsupported_media_type" },
  [BANSOU_API_ERROR_IDEMPOTENCY_KEY_REUSED]   = { 422, "idempotency_key_reused" },
  [BANSOU_API_ERROR_REVISION_REQUIRED]        = { 428, "revision_required" },
  [BANSOU_API_ERROR_RATE_LIMITED]             = { 429, "rate_limited" },
  [BANSOU_API_ERROR_INTERNAL]                 = { 500, "internal_error" },
  [BANSOU_API_ERROR_TOO_MANY_CONNECTIONS]     = { 503, "too_many_connections" },
};

guint
bansou_api_error_status (BansouApiError code)
{
  g_return_val_if_fail (code < BANSOU_API_N_ERRORS, 500);
  return api_errors[code].status;
}

const char *
bansou_api_error_id (BansouApiError code)
{
  g_return_val_if_fail (code < BANSOU_API_N_ERRORS, "internal_error");
  return api_errors[code].id;
}

#define MAX_TEXT 4000
#define MAX_SHORT 200

/* ------------------------------------------------------------------------ */
/* JSON helpers                                                             */

static const char *
col_text (sqlite3_stmt *stmt,
          int           col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value ? value : "");
}

static void
add_int (JsonBuilder *b,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

/* Reads an optional string member: absent or null gives NULL. */
static gboolean
get_string (JsonObject  *obj,
            const char  *member,
            guint        max_chars,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“%s” must be a string or null", member);
      return FALSE;
    }
  if (g_utf8_strlen (json_node_get_string (node), -1) > max_chars)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“%s” is longer than %u characters", member, max_chars);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_date (JsonObject  *obj,
          const char  *member,
          char       **out,
          GError     **error)
{
  if (!get_string (obj, member, 10, out, error))
    return FALSE;
  if (*out != NULL && !bansou_server_date_valid (*out))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“%s” must be a date 'YYYY-MM-DD' or null", member);
      g_clear_pointer (out, g_free);
      return FALSE;
    }
  return TRUE;
}

static gboolean
require_object (JsonNode    *node,
                const char  *what,
                GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "%s must be a JSON object", what);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Catalog cache: a published version never changes, so each is parsed once */

BansouCatalog *
bansou_api_get_catalog (BansouServerDb  *db,
                        const char      *version,
                        GError         **error)
{
  GHashTable *cache = g_object_get_data (G_OBJECT (db), "bansou-catalogs");
  g_autoptr(BansouCachedStmt) stmt = NULL;
  BansouCatalog *catalog;

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_object_set_data_full (G_OBJECT (db), "bansou-catalogs", cache, (GDestroyNotify) g_hash_table_unref);
    }
  if ((catalog = g_hash_table_lookup (cache, version)))
    return catalog;

  stmt = bansou_server_db_prepare (db, "SELECT json FROM catalogs WHERE version = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, version, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_CATALOG,
                   "There is no catalog version “%s”", version);
      return NULL;
    }
  catalog = bansou_catalog_new_from_data (col_text (stmt, 0), -1, error);
  if (catalog == NULL)
    return NULL;
  g_hash_table_insert (cache, g_strdup (version), catalog);

  return catalog;
}

/* ------------------------------------------------------------------------ */
/* Records as JSON                                                          */

#define ANSWER_SELECT \
  "SELECT a.round, a.body, a.question, a.status, a.done_on, a.note, a.evidence, r.catalog_version, " \
  "a.rev, a.updated_at, a.updated_by FROM answers a JOIN rounds r ON r.id = a.round "

static void
build_answer (JsonBuilder  *b,
              sqlite3_stmt *stmt)
{
  json_builder_begin_object (b);
  add_string (b, "type", "answer");
  add_string (b, "round", col_text (stmt, 0));
  add_string (b, "body", col_text (stmt, 1));
  add_string (b, "question", col_text (stmt, 2));
  add_string_or_null (b, "status", col_text (stmt, 3));
  add_string_or_null (b, "done_on", col_text (stmt, 4));
  add_string (b, "note", col_text (stmt, 5));
  add_string (b, "evidence", col_text (stmt, 6));
  add_string (b, "catalog_version", col_text (stmt, 7));
  add_int (b, "rev", sqlite3_column_int64 (stmt, 8));
  add_string (b, "updated_at", col_text (stmt, 9));
  add_string (b, "updated_by", col_text (stmt, 10));
  json_builder_end_object (b);
}

#define PROGRESS_SELECT \
  "SELECT round, body, state, assignee, due, rev, updated_at, updated_by FROM progress "

static void
build_progress (JsonBuilder  *b,
                sqlite3_stmt *stmt)
{
  json_builder_begin_object (b);
  add_string (b, "type", "progress");
  add_string (b, "round", col_text (stmt, 0));
  add_string (b, "body", col_text (stmt, 1));
  add_string (b, "state", col_text (stmt, 2));
  add_string (b, "assignee", col_text (stmt, 3));
  add_string_or_null (b, "due", col_text (stmt, 4));
  add_int (b, "rev", sqlite3_column_int64 (stmt, 5));
  add_string (b, "updated_at", col_text (stmt, 6));
  add_string (b, "updated_by", col_text (stmt, 7));
  json_builder_end_object (b);
}

#define ROUND_SELECT \
  "SELECT id, title, catalog_version, due, rev, updated_at, updated_by FROM rounds "

static void
build_round (JsonBuilder  *b,
             sqlite3_stmt *stmt)
{
  json_builder_begin_object (b);
  add_string (b, "type", "round");
  add_string (b, "id", col_text (stmt, 0));
  add_string (b, "title", col_text (stmt, 1));
  add_string (b, "catalog_version", col_text (stmt, 2));
  add_string_or_null (b, "due", col_text (stmt, 3));
  add_int (b, "rev", sqlite3_column_int64 (stmt, 4));
  add_string (b, "updated_at", col_text (stmt, 5));
  add_string (b, "updated_by", col_text (stmt, 6));
  json_builder_end_object (b);
}

#define BODY_SELECT \
  "SELECT code, prefecture, parent, kind, name, builtin, rev, updated_at, updated_by FROM bodies "

static void
build_body (JsonBuilder  *b,
            sqlite3_stmt *stmt)
{
  json_builder_begin_object (b);
  add_string (b, "type", "body");
  add_string (b, "code", col_text (stmt, 0));
  add_string (b, "prefecture", col_text (stmt, 1));
  add_string_or_null (b, "parent", col_text (stmt, 2));
  add_string (b, "kind", col_text (stmt, 3));
  add_string (b, "name", col_text (stmt, 4));
  json_builder_set_member_name (b, "builtin");
  json_builder_add_boolean_value (b, sqlite3_column_int (stmt, 5) != 0);
  add_int (b, "rev", sqlite3_column_int64 (stmt, 6));
  add_string (b, "updated_at", col_text (stmt, 7));
  add_string (b, "updated_by", col_text (stmt, 8));
  json_builder_end_object (b);
}

#define CATALOG_SELECT \
  "SELECT version, questions, rev, updated_at, updated_by FROM catalogs "

static void
build_catalog (JsonBuilder  *b,
               sqlite3_stmt *stmt)
{
  json_builder_begin_object (b);
  add_string (b, "type", "catalog");
  add_string (b, "version", col_text (stmt, 0));
  add_int (b, "questions", sqlite3_column_int (stmt, 1));
  add_int (b, "rev", sqlite3_column_int64 (stmt, 2));
  add_string (b, "updated_at", col_text (stmt, 3));
  add_string (b, "updated_by", col_text (stmt, 4));
  json_builder_end_object (b);
}

#define ALERT_SELECT \
  "SELECT id, severity, title, message, rev, created_at, created_by, " \
  "(SELECT group_concat(prefecture, ',') FROM (SELECT prefecture FROM alert_targets " \
  " WHERE alert = alerts.id ORDER BY prefecture)) FROM alerts "

static void
build_alert (JsonBuilder  *b,
             sqlite3_stmt *stmt)
{
  g_auto(GStrv) prefs = g_strsplit (col_text (stmt, 7) ? col_text (stmt, 7) : "", ",", -1);

  json_builder_begin_object (b);
  add_string (b, "type", "alert");
  add_int (b, "id", sqlite3_column_int64 (stmt, 0));
  add_string (b, "severity", col_text (stmt, 1));
  add_string (b, "title", col_text (stmt, 2));
  add_string (b, "message", col_text (stmt, 3));
  json_builder_set_member_name (b, "prefectures");
  json_builder_begin_array (b);
  for (guint i = 0; prefs[i]; i++)
    if (*prefs[i])
      json_builder_add_string_value (b, prefs[i]);
  json_builder_end_array (b);
  add_int (b, "rev", sqlite3_column_int64 (stmt, 4));
  add_string (b, "created_at", col_text (stmt, 5));
  add_string (b, "created_by", col_text (stmt, 6));
  json_builder_end_object (b);
}

typedef void (*BuildFunc) (JsonBuilder *b, sqlite3_stmt *stmt);

static const struct {
  const char *type;
  const char *sql;
  BuildFunc   build;
} record_types[] = {
  { "answer",   ANSWER_SELECT "WHERE a.round = ?1 AND a.body = ?2 AND a.question = ?3", build_answer },
  { "progress", PROGRESS_SELECT "WHERE round = ?1 AND body = ?2", build_progress },
  { "round",    ROUND_SELECT "WHERE id = ?1", build_round },
  { "body",     BODY_SELECT "WHERE code = ?1", build_body },
  { "catalog",  CATALOG_SELECT "WHERE version = ?1", build_catalog },
  { "alert",    ALERT_SELECT "WHERE id = CAST(?1 AS INTEGER)", build_alert },
};

/* Adds the record to @b (or null if it does not exist). */
static gboolean
add_record (JsonBuilder     *b,
            BansouServerDb  *db,
            const char      *type,
            const char      *k1,
            const char      *k2,
            const char      *k3,
            GError         **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (record_types); i++)
    {
      g_autoptr(BansouCachedStmt) stmt = NULL;
      int rc;

      if (!g_str_equal (type, record_types[i].type))
        continue;

      stmt = bansou_server_db_prepare (db, record_types[i].sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, k1, -1, SQLITE_STATIC);
      if (sqlite3_bind_parameter_count (stmt) >= 2)
        sqlite3_bind_text (stmt, 2, k2, -1, SQLITE_STATIC);
      if (sqlite3_bind_parameter_count (stmt) >= 3)
        sqlite3_bind_text (stmt, 3, k3, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        record_types[i].build (b, stmt);
      else if (rc == SQLITE_DONE)
        json_builder_add_null_value (b);
      else
        {
          bansou_server_db_set_error (db, error, "reading a record");
          return FALSE;
        }
      return TRUE;
    }

  g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INTERNAL, "Unknown record type %s", type);
  return FALSE;
}

/**
 * bansou_api_get_record:
 *
 * Returns: (transfer full): the record, JSON null if it does not exist
 */
JsonNode *
bansou_api_get_record (BansouServerDb  *db,
                       const char      *type,
                       const char      *k1,
                       const char      *k2,
                       const char      *k3,
                       GError         **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  if (!add_record (b, db, type, k1, k2, k3, error))
    return NULL;
  json_builder_end_array (b);

  {
    g_autoptr(JsonNode) root = json_builder_get_root (b);
    return json_node_copy (json_array_get_element (json_node_get_array (root), 0));
  }
}

static JsonNode *
list_records (BansouServerDb  *db,
              const char      *member,
              const char      *sql,
              BuildFunc        build,
              const char      *p1,
              const char      *p2,
              GError         **error)
{
  g_autoptr(BansouCachedStmt) stmt = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int rc;

  stmt = bansou_server_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  if (p1)
    sqlite3_bind_text (stmt, 1, p1, -1, SQLITE_STATIC);
  if (p2)
    sqlite3_bind_text (stmt, 2, p2, -1, SQLITE_STATIC);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    build (b, stmt);
  if (rc != SQLITE_DONE)
    {
      bansou_server_db_set_error (db, error, "reading records");
      return NULL;
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

JsonNode *
bansou_api_list_bodies (BansouServerDb           *db,
                        const BansouServerToken  *token,
                        GError                  **error)
{
  switch (token->role)
    {
    case BANSOU_ROLE_NATIONAL:
      return list_records (db, "bodies", BODY_SELECT "ORDER BY code", build_body, NULL, NULL, error);
    case BANSOU_ROLE_PREFECTURE:
      return list_records (db, "bodies", BODY_SELECT "WHERE prefecture = ?1 ORDER BY code",
                           build_body, token->scope, NULL, error);
    case BANSOU_ROLE_BODY:
    case BANSOU_N_ROLES:
    default:
      return list_records (db, "bodies", BODY_SELECT "WHERE code = ?1", build_body, token->scope, NULL, error);
    }
}

JsonNode *
bansou_api_list_rounds (BansouServerDb  *db,
                        GError         **error)
{
  return list_records (db, "rounds", ROUND_SELECT "ORDER BY id", build_round, NULL, NULL, error);
}

JsonNode *
bansou_api_list_catalogs (BansouServerDb  *db,
                          GError         **error)
{
  return list_records (db, "versions", CATALOG_SELECT "ORDER BY rev", build_catalog, NULL, NULL, error);
}

/* Returns: (transfer full): the catalog document as published */
char *
bansou_api_get_catalog_json (BansouServerDb  *db,
                             const char      *version,
                             gint64          *out_rev,
                             GError         **error)
{
  g_autoptr(BansouCachedStmt) stmt = NULL;

  stmt = bansou_server_db_prepare (db, "SELECT json, rev FROM catalogs WHERE version = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, version, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_CATALOG,
                   "There is no catalog version “%s”", version);
      return NULL;
    }
  *out_rev = sqlite3_column_int64 (stmt, 1);
  return g_strdup (col_text (stmt, 0));
}

static gboolean
exists (BansouServerDb  *db,
        const char      *sql,
        const char      *key)
{
  g_autoptr(BansouCachedStmt) stmt = bansou_server_db_prepare (db, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
check_body_round (BansouServerDb  *db,
                  const char      *body,
                  const char      *round,
                  GError         **error)
{
  if (!exists (db, "SELECT 1 FROM bodies WHERE code = ?", body))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_BODY,
                   "There is no body “%s”", body);
      return FALSE;
    }
  if (round != NULL && !exists (db, "SELECT 1 FROM rounds WHERE id = ?", round))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_ROUND,
                   "There is no round “%s”", round);
      return FALSE;
    }
  return TRUE;
}

/* Answers and progress of one body in one round. The caller checked scope. */
JsonNode *
bansou_api_list_answers (BansouServerDb  *db,
                         const char      *body,
                         const char      *round,
                         GError         **error)
{
  g_autoptr(BansouCachedStmt) stmt = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int rc;

  if (!check_body_round (db, body, round, error))
    return NULL;

  stmt = bansou_server_db_prepare (db, ANSWER_SELECT "WHERE a.body = ?1 AND a.round = ?2 ORDER BY a.question",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, body, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, round, -1, SQLITE_STATIC);

  json_builder_begin_object (b);
  add_string (b, "round", round);
  add_string (b, "body", body);
  json_builder_set_member_name (b, "answers");
  json_builder_begin_array (b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    build_answer (b, stmt);
  if (rc != SQLITE_DONE)
    {
      bansou_server_db_set_error (db, error, "reading answers");
      return NULL;
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "progress");
  if (!add_record (b, db, "progress", round, body, NULL, error))
    return NULL;
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* ------------------------------------------------------------------------ */
/* The change feed                                                          */

#define CHANGE_COLS "SELECT rev, type, k1, k2, k3 FROM changes "
#define ALERT_ARM(p) \
  CHANGE_COLS "WHERE prefecture = '' AND rev > ?1 AND CAST(k1 AS INTEGER) IN " \
  "(SELECT alert FROM alert_targets WHERE prefecture IN (" p ", '00')) "

/**
 * bansou_api_changes:
 * @since: the cursor: the last revision the client has seen (0 at first)
 * @limit: the most records to return
 *
 * The current version of every record in the token's scope whose revision
 * is above @since, in revision order. A record changed twice appears once,
 * at its latest revision: the feed carries states, not a history.
 *
 * Returns: (transfer full): `{"changes": [...], "epoch": "…", "next": N, "more": bool}`
 */
JsonNode *
bansou_api_changes (BansouServerDb           *db,
                    const BansouServerToken  *token,
                    gint64                    since,
                    guint                     limit,
                    GError                  **error)
{
  g_autoptr(BansouCachedStmt) stmt = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *pref = NULL;
  gint64 next = since;
  guint n = 0;
  gboolean more = FALSE;
  int rc;

  /* Each arm walks its own (prefecture, rev) or (body, rev) index and
   * sqlite merges the ordered arms: a prefecture's pull never scans the
   * rest of the nation. */
  switch (token->role)
    {
    case BANSOU_ROLE_NATIONAL:
      stmt = bansou_server_db_prepare (db, CHANGE_COLS "WHERE rev > ?1 ORDER BY rev LIMIT ?2", error);
      break;
    case BANSOU_ROLE_PREFECTURE:
      pref = g_strdup (token->scope);
      stmt = bansou_server_db_prepare (db,
                                       CHANGE_COLS "WHERE prefecture = ?3 AND rev > ?1 "
                                       "UNION ALL " CHANGE_COLS "WHERE prefecture = '*' AND rev > ?1 "
                                       "UNION ALL " ALERT_ARM ("?3")
                                       "ORDER BY 1 LIMIT ?2", error);
      break;
    case BANSOU_ROLE_BODY:
    case BANSOU_N_ROLES:
    default:
      pref = bansou_server_prefecture_of (token->scope);
      stmt = bansou_server_db_prepare (db,
                                       CHANGE_COLS "WHERE body = ?4 AND rev > ?1 "
                                       "UNION ALL " CHANGE_COLS "WHERE prefecture = '*' AND rev > ?1 "
                                       "UNION ALL " ALERT_ARM ("?3")
                                       "ORDER BY 1 LIMIT ?2", error);
      break;
    }
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);
  if (pref != NULL)
    sqlite3_bind_text (stmt, 3, pref, -1, SQLITE_STATIC);
  if (token->role == BANSOU_ROLE_BODY)
    sqlite3_bind_text (stmt, 4, token->scope, -1, SQLITE_STATIC);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n == limit)
        {
          more = TRUE;
          break;
        }
      if (!add_record (b, db, col_text (stmt, 1), col_text (stmt, 2), col_text (stmt, 3),
                       col_text (stmt, 4), error))
        return NULL;
      next = sqlite3_column_int64 (stmt, 0);
      n++;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bansou_server_db_set_error (db, error, "reading the change feed");
      return NULL;
    }
  json_builder_end_array (b);
  add_string (b, "epoch", bansou_server_db_get_epoch (db));
  add_int (b, "next", next);
  json_builder_set_member_name (b, "more");
  json_builder_add_boolean_value (b, more);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* ------------------------------------------------------------------------ */
/* Alerts                                                                   */

JsonNode *
bansou_api_list_alerts (BansouServerDb           *db,
                        const BansouServerToken  *token,
                        gint64                    since,
                        GError                  **error)
{
  g_autoptr(BansouCachedStmt) stmt = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *pref = NULL;
  int rc;

  if (token->role == BANSOU_ROLE_NATIONAL)
    stmt = bansou_server_db_prepare (db, ALERT_SELECT "WHERE rev > ?1 ORDER BY rev", error);
  else
    stmt = bansou_server_db_prepare (db, ALERT_SELECT "WHERE rev > ?1 AND id IN "
                                     "(SELECT alert FROM alert_targets WHERE prefecture IN (?2, '00')) "
                                     "ORDER BY rev", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  if (token->role == BANSOU_ROLE_PREFECTURE)
    pref = g_strdup (token->scope);
  else if (token->role == BANSOU_ROLE_BODY)
    pref = bansou_server_prefecture_of (token->scope);
  if (pref != NULL)
    sqlite3_bind_text (stmt, 2, pref, -1, SQLITE_STATIC);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "alerts");
  json_builder_begin_array (b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    build_alert (b, stmt);
  if (rc != SQLITE_DONE)
    {
      bansou_server_db_set_error (db, error, "reading alerts");
      return NULL;
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

gboolean
bansou_api_validate_alert (JsonNode  *data,
                           GError   **error)
{
  JsonObject *obj;
  JsonNode *prefs;
  g_autofree char *severity = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;

  if (!require_object (data, "An alert", error))
    return FALSE;
  obj = json_node_get_object (data);

  prefs = json_object_get_member (obj, "prefectures");
  if (prefs == NULL || !JSON_NODE_HOLDS_ARRAY (prefs) ||
      json_array_get_length (json_node_get_array (prefs)) == 0 ||
      json_array_get_length (json_node_get_array (prefs)) > 47)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“prefectures” must list 1 to 47 prefectures (\"34\"), or [\"00\"] for all");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (prefs)); i++)
    {
      JsonNode *p = json_array_get_element (json_node_get_array (prefs), i);
      const char *s = JSON_NODE_HOLDS_VALUE (p) && json_node_get_value_type (p) == G_TYPE_STRING
                      ? json_node_get_string (p) : NULL;

      if (!bansou_server_scope_valid (BANSOU_ROLE_PREFECTURE, s) && g_strcmp0 (s, "00") != 0)
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                       "“prefectures” must hold two-digit prefecture numbers, 01 to 47, or 00");
          return FALSE;
        }
    }

  if (!get_string (obj, "severity", 20, &severity, error) ||
      !get_string (obj, "title", MAX_SHORT, &title, error) ||
      !get_string (obj, "message", MAX_TEXT, &message, error))
    return FALSE;
  if (g_strcmp0 (severity, "info") != 0 && g_strcmp0 (severity, "warning") != 0 &&
      g_strcmp0 (severity, "critical") != 0)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“severity” must be info, warning or critical");
      return FALSE;
    }
  if (title == NULL || *g_strstrip (title) == '\0')
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST, "“title” is required");
      return FALSE;
    }

  return TRUE;
}

/* In a transaction; @data was validated. */
JsonNode *
bansou_api_create_alert (BansouServerDb           *db,
                         const BansouServerToken  *token,
                         JsonNode                 *data,
                         GError                  **error)
{
  JsonObject *obj = json_node_get_object (data);
  JsonArray *prefs = json_object_get_array_member (obj, "prefectures");
  g_autoptr(BansouCachedStmt) stmt = NULL;
  g_autofree char *now = bansou_server_now ();
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;
  gint64 rev = bansou_server_db_next_rev (db);
  gint64 alert_id;

  if (!get_string (obj, "message", MAX_TEXT, &message, error))
    return NULL;

  stmt = bansou_server_db_prepare (db,
                                   "INSERT INTO alerts (severity, title, message, rev, created_at, created_by) "
                                   "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, json_object_get_string_member (obj, "severity"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, json_object_get_string_member (obj, "title"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, message ? message : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, rev);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, token->name, -1, SQLITE_STATIC);
  if (!bansou_server_db_step_done (db, stmt, error))
    return NULL;
  alert_id = sqlite3_last_insert_rowid (bansou_server_db_get_handle (db));

  for (guint i = 0; i < json_array_get_length (prefs); i++)
    {
      g_autoptr(BansouCachedStmt) target = NULL;

      target = bansou_server_db_prepare (db,
                                         "INSERT INTO alert_targets (alert, prefecture) VALUES (?, ?) "
                                         "ON CONFLICT DO NOTHING", error);
      if (target == NULL)
        return NULL;
      sqlite3_bind_int64 (target, 1, alert_id);
      sqlite3_bind_text (target, 2, json_array_get_string_element (prefs, i), -1, SQLITE_STATIC);
      if (!bansou_server_db_step_done (db, target, error))
        return NULL;
    }

  id = g_strdup_printf ("%" G_GINT64_FORMAT, alert_id);
  if (!bansou_server_db_record_change (db, rev, "alert", id, NULL, NULL, "", NULL, error) ||
      !bansou_server_db_audit (db, token, "alert-publish", id, "ok",
                               json_object_get_string_member (obj, "title"), error))
    return NULL;

  return bansou_api_get_record (db, "alert", id, NULL, NULL, error);
}

/* ------------------------------------------------------------------------ */
/* Writes                                                                   */

void
bansou_op_free (BansouOp *op)
{
  if (op == NULL)
    return;
  g_free (op->body);
  g_free (op->round);
  g_free (op->question);
  g_clear_pointer (&op->data, json_node_unref);
  g_free (op->prefecture);
  g_free (op->s1);
  g_free (op->s2);
  g_free (op->s3);
  g_free (op->s4);
  g_free (op->catalog_json);
  g_free (op);
}

static gboolean
get_key (JsonObject  *obj,
         const char  *member,
         char       **out,
         GError     **error)
{
  if (!get_string (obj, member, 64, out, error))
    return FALSE;
  if (*out == NULL || **out == '\0')
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST, "“%s” is required", member);
      return FALSE;
    }
  return TRUE;
}

/**
 * bansou_op_new_from_batch:
 * @node: one entry of `ops`: `{"type", keys…, "base_rev", "data"}`
 *
 * Returns: (transfer full): the operation, not yet validated
 */
BansouOp *
bansou_op_new_from_batch (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(BansouOp) op = g_new0 (BansouOp, 1);
  g_autofree char *type = NULL;
  JsonObject *obj;
  JsonNode *base;

  if (!require_object (node, "Each operation", error))
    return NULL;
  obj = json_node_get_object (node);

  if (!get_key (obj, "type", &type, error))
    return NULL;
  if (g_str_equal (type, "answer"))
    {
      op->type = BANSOU_OP_ANSWER;
      if (!get_key (obj, "body", &op->body, error) ||
          !get_key (obj, "round", &op->round, error) ||
          !get_key (obj, "question", &op->question, error))
        return NULL;
    }
  else if (g_str_equal (type, "progress"))
    {
      op->type = BANSOU_OP_PROGRESS;
      if (!get_key (obj, "body", &op->body, error) ||
          !get_key (obj, "round", &op->round, error))
        return NULL;
    }
  else
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "A batch holds answers and progress; “type” must be answer or progress");
      return NULL;
    }

  base = json_object_get_member (obj, "base_rev");
  if (base == NULL || JSON_NODE_HOLDS_NULL (base))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_REVISION_REQUIRED,
                   "Every operation names the revision it is based on in “base_rev” (0 to create)");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (base) || json_node_get_value_type (base) != G_TYPE_INT64 ||
      json_node_get_int (base) < 0)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“base_rev” must be a whole number, 0 or more");
      return NULL;
    }
  op->base_rev = json_node_get_int (base);

  op->data = json_object_get_member (obj, "data") ? json_node_ref (json_object_get_member (obj, "data")) : NULL;

  return g_steal_pointer (&op);
}

char *
bansou_op_describe (BansouOp *op)
{
  switch (op->type)
    {
    case BANSOU_OP_ANSWER:
      return g_strdup_printf ("answer %s/%s/%s", op->body, op->round, op->question);
    case BANSOU_OP_PROGRESS:
      return g_strdup_printf ("progress %s/%s", op->body, op->round);
    case BANSOU_OP_ROUND:
      return g_strdup_printf ("round %s", op->round);
    case BANSOU_OP_BODY:
      return g_strdup_printf ("body %s", op->body);
    case BANSOU_OP_CATALOG:
    default:
      return g_strdup_printf ("catalog %s", op->question);
    }
}

static gboolean
forbid (GError   **error,
        BansouOp  *op,
        const char *why)
{
  g_autofree char *what = bansou_op_describe (op);

  g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_FORBIDDEN, "%s: %s", what, why);
  return FALSE;
}

/**
 * bansou_op_validate:
 *
 * Authorization first (scope from the token only), then existence, then
 * the fields; nothing is written.
 */
gboolean
bansou_op_validate (BansouServerDb           *db,
                    const BansouServerToken  *token,
                    BansouOp                 *op,
                    GError                  **error)
{
  JsonObject *obj;

  switch (op->type)
    {
    case BANSOU_OP_ANSWER:
    case BANSOU_OP_PROGRESS:
      if (!bansou_server_body_code_valid (op->body))
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_BODY,
                       "“%s” is not a body code", op->body);
          return FALSE;
        }
      if (token->role == BANSOU_ROLE_NATIONAL)
        return forbid (error, op, "the national desk reads answers; prefectures and bodies write them");
      if (!bansou_server_in_scope (token->role, token->scope, op->body))
        return forbid (error, op, "outside the token's scope");
      if (!check_body_round (db, op->body, op->round, error))
        return FALSE;
      if (!require_object (op->data, "“data”", error))
        return FALSE;
      obj = json_node_get_object (op->data);
      op->prefecture = bansou_server_prefecture_of (op->body);

      if (op->type == BANSOU_OP_ANSWER)
        {
          g_autoptr(BansouCachedStmt) stmt = NULL;
          BansouCatalog *catalog;

          stmt = bansou_server_db_prepare (db, "SELECT catalog_version FROM rounds WHERE id = ?", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, op->round, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) != SQLITE_ROW)
            {
              g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_ROUND,
                           "There is no round “%s”", op->round);
              return FALSE;
            }
          catalog = bansou_api_get_catalog (db, col_text (stmt, 0), error);
          if (catalog == NULL)
            return FALSE;
          if (bansou_catalog_lookup_question (catalog, op->question) == NULL)
            {
              g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_QUESTION,
                           "The catalog of round %s has no question “%s”", op->round, op->question);
              return FALSE;
            }
          if (!get_string (obj, "status", 20, &op->s1, error) ||
              !get_date (obj, "done_on", &op->s2, error) ||
              !get_string (obj, "note", MAX_TEXT, &op->s3, error) ||
              !get_string (obj, "evidence", MAX_TEXT, &op->s4, error))
            return FALSE;
          if (op->s1 != NULL && (*op->s1 == '\0' || bansou_status_from_string (op->s1) == BANSOU_N_STATUSES))
            {
              g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                           "“status” must be done, partial, not_done, na, or null for unanswered");
              return FALSE;
            }
        }
      else
        {
          if (!get_string (obj, "state", 20, &op->s1, error) ||
              !get_string (obj, "assignee", MAX_SHORT, &op->s2, error) ||
              !get_date (obj, "due", &op->s3, error))
            return FALSE;
          if (bansou_progress_from_string (op->s1) == BANSOU_N_PROGRESS)
            {
              g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                           "“state” must be not_started, answering, review or final");
              return FALSE;
            }
        }
      return TRUE;

    case BANSOU_OP_ROUND:
      if (token->role != BANSOU_ROLE_NATIONAL)
        return forbid (error, op, "only the national desk creates and changes rounds");
      if (!bansou_server_date_valid (op->round))
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                       "A round is named by its reference date, 'YYYY-MM-DD'");
          return FALSE;
        }
      if (!require_object (op->data, "A round", error))
        return FALSE;
      obj = json_node_get_object (op->data);
      if (!get_string (obj, "title", MAX_SHORT, &op->s1, error) ||
          !get_string (obj, "catalog_version", 64, &op->s2, error) ||
          !get_date (obj, "due", &op->s3, error))
        return FALSE;
      if (op->s2 == NULL)
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                       "“catalog_version” is required");
          return FALSE;
        }
      return bansou_api_get_catalog (db, op->s2, error) != NULL;

    case BANSOU_OP_BODY:
      if (!bansou_server_body_code_valid (op->body))
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                       "“%s” is not a body code (six digits with a check digit, or X and five digits)",
                       op->body);
          return FALSE;
        }
      if (token->role == BANSOU_ROLE_BODY ||
          !bansou_server_in_scope (token->role, token->scope, op->body))
        return forbid (error, op, "only the nation or the body's prefecture registers bodies");
      if (exists (db, "SELECT 1 FROM bodies WHERE code = ? AND builtin = 1", op->body))
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                       "“%s” comes from the national registry and cannot be changed here", op->body);
          return FALSE;
        }
      if (!require_object (op->data, "A body", error))
        return FALSE;
      obj = json_node_get_object (op->data);
      if (!get_string (obj, "kind", 40, &op->s1, error) ||
          !get_string (obj, "name", 100, &op->s2, error))
        return FALSE;
      if (op->s1 == NULL || !bansou_body_kind_is_other_body (bansou_body_kind_from_string (op->s1)))
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                       "“kind” must be partial-union, wide-union, admin-agency or public-university");
          return FALSE;
        }
      if (op->s2 == NULL || *g_strstrip (op->s2) == '\0')
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST, "“name” is required");
          return FALSE;
        }
      op->prefecture = bansou_server_prefecture_of (op->body);
      return TRUE;

    case BANSOU_OP_CATALOG:
    default:
      if (token->role != BANSOU_ROLE_NATIONAL)
        return forbid (error, op, "only the national desk publishes catalog versions");
      {
        g_autoptr(BansouCatalog) catalog = NULL;
        g_autoptr(GError) local = NULL;

        catalog = bansou_catalog_new_from_data (op->catalog_json, -1, &local);
        if (catalog == NULL)
          {
            g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                         "The catalog is not valid: %s", local->message);
            return FALSE;
          }
        if (g_strcmp0 (bansou_catalog_get_version (catalog), op->question) != 0)
          {
            g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                         "The catalog's “version” (%s) is not the one in the path (%s)",
                         bansou_catalog_get_version (catalog), op->question);
            return FALSE;
          }
        op->n_questions = bansou_catalog_get_n_questions (catalog);
      }
      return TRUE;
    }
}

static gint64
current_rev (BansouServerDb *db,
             BansouOp       *op)
{
  static const char * const sql[] = {
    [BANSOU_OP_ANSWER]   = "SELECT rev FROM answers WHERE body = ?1 AND round = ?2 AND question = ?3",
    [BANSOU_OP_PROGRESS] = "SELECT rev FROM progress WHERE body = ?1 AND round = ?2",
    [BANSOU_OP_ROUND]    = "SELECT rev FROM rounds WHERE id = ?2",
    [BANSOU_OP_BODY]     = "SELECT rev FROM bodies WHERE code = ?1",
    [BANSOU_OP_CATALOG]  = "SELECT rev FROM catalogs WHERE version = ?3",
  };
  g_autoptr(BansouCachedStmt) stmt = bansou_server_db_prepare (db, sql[op->type], NULL);
  int n;

  if (stmt == NULL)
    return -1;
  n = sqlite3_bind_parameter_count (stmt);
  for (int i = 1; i <= n; i++)
    {
      const char *idx = sqlite3_bind_parameter_name (stmt, i);
      const char *v = g_strcmp0 (idx, "?1") == 0 ? op->body
                    : g_strcmp0 (idx, "?2") == 0 ? op->round : op->question;
      sqlite3_bind_text (stmt, i, v, -1, SQLITE_STATIC);
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return 0;
}

static JsonNode *
op_record (BansouServerDb  *db,
           BansouOp        *op,
           GError         **error)
{
  switch (op->type)
    {
    case BANSOU_OP_ANSWER:
      return bansou_api_get_record (db, "answer", op->round, op->body, op->question, error);
    case BANSOU_OP_PROGRESS:
      return bansou_api_get_record (db, "progress", op->round, op->body, NULL, error);
    case BANSOU_OP_ROUND:
      return bansou_api_get_record (db, "round", op->round, NULL, NULL, error);
    case BANSOU_OP_BODY:
      return bansou_api_get_record (db, "body", op->body, NULL, NULL, error);
    case BANSOU_OP_CATALOG:
    default:
      return bansou_api_get_record (db, "catalog", op->question, NULL, NULL, error);
    }
}

/**
 * bansou_op_apply:
 *
 * Compare-and-set on the record's revision: writes only if the record is
 * at @op's base revision (0: does not exist yet).
 *
 * Returns: 201 created, 200 updated, 412 stale (nothing written), or 0 with @error
 */
guint
bansou_op_apply (BansouServerDb           *db,
                 const BansouServerToken  *token,
                 BansouOp                 *op,
                 JsonNode                **out_record,
                 GError                  **error)
{
  g_autoptr(BansouCachedStmt) stmt = NULL;
  g_autofree char *now = bansou_server_now ();
  gint64 current = current_rev (db, op);
  gint64 rev;
  const char *type = NULL;
  const char *k1 = NULL, *k2 = NULL, *k3 = NULL;
  const char *pref = op->prefecture;
  const char *body = NULL;

  if (current < 0)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INTERNAL, "Reading the current revision failed");
      return 0;
    }

  if (current != op->base_rev)
    {
      *out_record = op_record (db, op, error);
      return *out_record ? 412 : 0;
    }

  if (op->type == BANSOU_OP_CATALOG && current != 0)
    {
      g_autofree char *json = NULL;
      gint64 r;

      /* Published versions are immutable: answers refer to them. */
      json = bansou_api_get_catalog_json (db, op->question, &r, error);
      if (json == NULL)
        return 0;
      if (!g_str_equal (json, op->catalog_json))
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_CATALOG_IMMUTABLE,
                       "Catalog version %s is already published; publish a new version instead",
                       op->question);
          return 0;
        }
      *out_record = op_record (db, op, error);
      return *out_record ? 200 : 0;
    }

  rev = bansou_server_db_next_rev (db);

  switch (op->type)
    {
    case BANSOU_OP_ANSWER:
      stmt = bansou_server_db_prepare (db,
                                       "INSERT INTO answers (round, body, question, status, done_on, note, evidence, "
                                       "  rev, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                                       "ON CONFLICT (round, body, question) DO UPDATE SET status = excluded.status, "
                                       "done_on = excluded.done_on, note = excluded.note, evidence = excluded.evidence, "
                                       "rev = excluded.rev, updated_at = excluded.updated_at, "
                                       "updated_by = excluded.updated_by", error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 1, op->round, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, op->body, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, op->question, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, op->s1, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, op->s2, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, op->s3 ? op->s3 : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, op->s4 ? op->s4 : "", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 8, rev);
      sqlite3_bind_text (stmt, 9, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 10, token->name, -1, SQLITE_STATIC);
      type = "answer", k1 = op->round, k2 = op->body, k3 = op->question, body = op->body;
      break;

    case BANSOU_OP_PROGRESS:
      stmt = bansou_server_db_prepare (db,
                                       "INSERT INTO progress (round, body, state, assignee, due, rev, updated_at, "
                                       "  updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                       "ON CONFLICT (round, body) DO UPDATE SET state = excluded.state, "
                                       "assignee = excluded.assignee, due = excluded.due, rev = excluded.rev, "
                                       "updated_at = excluded.updated_at, updated_by = excluded.updated_by", error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 1, op->round, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, op->body, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, op->s1, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, op->s2 ? op->s2 : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, op->s3, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, rev);
      sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, token->name, -1, SQLITE_STATIC);
      type = "progress", k1 = op->round, k2 = op->body, body = op->body;
      break;

    case BANSOU_OP_ROUND:
      stmt = bansou_server_db_prepare (db,
                                       "INSERT INTO rounds (id, title, catalog_version, due, rev, updated_at, updated_by) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                                       "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
                                       "catalog_version = excluded.catalog_version, due = excluded.due, "
                                       "rev = excluded.rev, updated_at = excluded.updated_at, "
                                       "updated_by = excluded.updated_by", error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 1, op->round, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, op->s1 ? op->s1 : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, op->s2, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, op->s3, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, rev);
      sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, token->name, -1, SQLITE_STATIC);
      type = "round", k1 = op->round, pref = "*";
      break;

    case BANSOU_OP_BODY:
      stmt = bansou_server_db_prepare (db,
                                       "INSERT INTO bodies (code, prefecture, parent, kind, name, builtin, rev, "
                                       "  updated_at, updated_by) VALUES (?1, ?2, NULL, ?3, ?4, 0, ?5, ?6, ?7) "
                                       "ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
                                       "rev = excluded.rev, updated_at = excluded.updated_at, "
                                       "updated_by = excluded.updated_by", error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 1, op->body, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, op->prefecture, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, op->s1, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, op->s2, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, rev);
      sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, token->name, -1, SQLITE_STATIC);
      type = "body", k1 = op->body, body = op->body;
      break;

    case BANSOU_OP_CATALOG:
    default:
      stmt = bansou_server_db_prepare (db,
                                       "INSERT INTO catalogs (version, json, questions, rev, updated_at, updated_by) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 1, op->question, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, op->catalog_json, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, op->n_questions);
      sqlite3_bind_int64 (stmt, 4, rev);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, token->name, -1, SQLITE_STATIC);
      type = "catalog", k1 = op->question, pref = "*";
      break;
    }

  if (!bansou_server_db_step_done (db, stmt, error) ||
      !bansou_server_db_record_change (db, rev, type, k1, k2, k3, pref, body, error))
    return 0;

  if (op->type == BANSOU_OP_ROUND || op->type == BANSOU_OP_CATALOG || op->type == BANSOU_OP_BODY)
    {
      g_autofree char *what = bansou_op_describe (op);
      if (!bansou_server_db_audit (db, token, current == 0 ? "create" : "update", what, "ok", NULL, error))
        return 0;
    }

  *out_record = op_record (db, op, error);
  if (*out_record == NULL)
    return 0;

  return current == 0 ? 201 : 200;
}

/* ------------------------------------------------------------------------ */
/* National baselines                                                       */

typedef struct
{
  gint64 n[BANSOU_N_STATUSES];
} Counts;

static void
add_counts (JsonBuilder  *b,
            const Counts *c,
            guint         min_answers)
{
  gint64 denom = c->n[BANSOU_STATUS_DONE] + c->n[BANSOU_STATUS_PARTIAL] + c->n[BANSOU_STATUS_NOT_DONE];
  gboolean suppressed = denom + c->n[BANSOU_STATUS_NA] < min_answers;

  /* Too few answers would identify bodies: counts and rate are withheld. */
  json_builder_set_member_name (b, "suppressed");
  json_builder_add_boolean_value (b, suppressed);
  for (guint s = BANSOU_STATUS_DONE; s < BANSOU_N_STATUSES; s++)
    {
      json_builder_set_member_name (b, bansou_status_to_string (s));
      if (suppressed)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, c->n[s]);
    }
  json_builder_set_member_name (b, "rate");
  if (suppressed || denom == 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, (double) c->n[BANSOU_STATUS_DONE] / (double) denom);
}

/* counts[kind + 1][question or category]: kind -1 is the overall total. */
static void
add_group (JsonBuilder    *b,
           BansouCatalog  *catalog,
           Counts        **q_counts,
           Counts        **c_counts,
           int             k,
           guint           min_answers)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "questions");
  json_builder_begin_array (b);
  for (guint q = 0; q < bansou_catalog_get_n_questions (catalog); q++)
    {
      json_builder_begin_object (b);
      add_string (b, "question", bansou_catalog_get_question (catalog, q)->id);
      add_counts (b, &q_counts[k][q], min_answers);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "categories");
  json_builder_begin_array (b);
  for (guint c = 0; c < bansou_catalog_get_n_categories (catalog); c++)
    {
      json_builder_begin_object (b);
      add_string (b, "category", bansou_catalog_get_category (catalog, c)->id);
      add_counts (b, &c_counts[k][c], min_answers);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/**
 * bansou_api_baselines:
 * @final_only: count only bodies whose progress in @round is final (確定)
 * @min_answers: groups with fewer answers are withheld
 *
 * Implementation rate = done / (done + partial + not_done); na and
 * unanswered are outside the denominator. Per question and per category
 * (all answers of its questions), overall and by kind of body.
 */
JsonNode *
bansou_api_baselines (BansouServerDb  *db,
                      const char      *round,
                      gboolean         final_only,
                      guint            min_answers,
                      GError         **error)
{
  g_autoptr(BansouCachedStmt) stmt = NULL;
  g_autoptr(BansouCachedStmt) rstmt = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *catalog_version = NULL;
  g_autofree char *now = bansou_server_now ();
  BansouCatalog *catalog;
  Counts *q_counts[BANSOU_BODY_N_KINDS + 1];
  Counts *c_counts[BANSOU_BODY_N_KINDS + 1];
  gboolean seen_kind[BANSOU_BODY_N_KINDS] = { FALSE };
  guint nq, nc;
  int rc;

  rstmt = bansou_server_db_prepare (db, "SELECT catalog_version FROM rounds WHERE id = ?", error);
  if (rstmt == NULL)
    return NULL;
  sqlite3_bind_text (rstmt, 1, round, -1, SQLITE_STATIC);
  if (sqlite3_step (rstmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_ROUND, "There is no round “%s”", round);
      return NULL;
    }
  catalog_version = g_strdup (col_text (rstmt, 0));
  catalog = bansou_api_get_catalog (db, catalog_version, error);
  if (catalog == NULL)
    return NULL;
  nq = bansou_catalog_get_n_questions (catalog);
  nc = bansou_catalog_get_n_categories (catalog);

  stmt = bansou_server_db_prepare (db,
                                   "SELECT a.question, b.kind, a.status, COUNT(*) FROM answers a "
                                   "JOIN bodies b ON b.code = a.body "
                                   "WHERE a.round = ?1 AND a.status IS NOT NULL "
                                   "AND (?2 = 0 OR EXISTS (SELECT 1 FROM progress p WHERE p.round = a.round "
                                   "  AND p.body = a.body AND p.state = 'final')) "
                                   "GROUP BY a.question, b.kind, a.status", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, final_only ? 1 : 0);

  for (guint k = 0; k <= BANSOU_BODY_N_KINDS; k++)
    {
      q_counts[k] = g_new0 (Counts, nq);
      c_counts[k] = g_new0 (Counts, nc);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouQuestion *q = bansou_catalog_lookup_question (catalog, col_text (stmt, 0));
      BansouBodyKind kind = bansou_body_kind_from_string (col_text (stmt, 1));
      BansouStatus status = bansou_status_from_string (col_text (stmt, 2));
      gint64 n = sqlite3_column_int64 (stmt, 3);

      if (q == NULL || kind >= BANSOU_BODY_N_KINDS || status >= BANSOU_N_STATUSES)
        continue;
      seen_kind[kind] = TRUE;
      q_counts[0][q->index].n[status] += n;
      q_counts[kind + 1][q->index].n[status] += n;
      c_counts[0][q->category->index].n[status] += n;
      c_counts[kind + 1][q->category->index].n[status] += n;
    }

  if (rc == SQLITE_DONE)
    {
      json_builder_begin_object (b);
      add_string (b, "round", round);
      add_string (b, "catalog_version", catalog_version);
      add_string (b, "computed_at", now);
      add_string (b, "rate", "done / (done + partial + not_done); na and unanswered are not counted");
      json_builder_set_member_name (b, "final_only");
      json_builder_add_boolean_value (b, final_only);
      add_int (b, "min_answers", min_answers);
      json_builder_set_member_name (b, "overall");
      add_group (b, catalog, q_counts, c_counts, 0, min_answers);
      json_builder_set_member_name (b, "by_kind");
      json_builder_begin_object (b);
      for (guint k = 0; k < BANSOU_BODY_N_KINDS; k++)
        if (seen_kind[k])
          {
            json_builder_set_member_name (b, bansou_body_kind_to_string (k));
            add_group (b, catalog, q_counts, c_counts, k + 1, min_answers);
          }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  else
    bansou_server_db_set_error (db, error, "computing baselines");

  for (guint k = 0; k <= BANSOU_BODY_N_KINDS; k++)
    {
      g_free (q_counts[k]);
      g_free (c_counts[k]);
    }

  return rc == SQLITE_DONE ? json_builder_get_root (b) : NULL;
}
