/* bansou-kind-alert.c — a notice from the national desk to prefectures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Key: id, given by the server. Alerts are created (POST /alerts), never
 * written by PUT or batch; the change feed carries them to the
 * prefectures they target ("00": all) and their bodies.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bansou-core.h"
#include "bansou-server-kind.h"

#define ALERT_SELECT \
  "SELECT id, severity, title, message, rev, created_at, created_by, " \
  "(SELECT group_concat(prefecture, ',') FROM (SELECT prefecture FROM alert_targets " \
  " WHERE alert = alerts.id ORDER BY prefecture) AS t) FROM alerts "

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
kind_to_json (JsonBuilder  *b,
              BansouServerStmt *stmt)
{
  g_auto(GStrv) prefs = g_strsplit (bansou_col_text (stmt, 7) ? bansou_col_text (stmt, 7) : "", ",", -1);

  /* neither store promises the aggregate's order */
  qsort (prefs, g_strv_length (prefs), sizeof (char *), compare_strings);

  json_builder_begin_object (b);
  bansou_json_add_string (b, "type", "alert");
  bansou_json_add_int (b, "id", bansou_server_stmt_column_int64 (stmt, 0));
  bansou_json_add_string (b, "severity", bansou_col_text (stmt, 1));
  bansou_json_add_string (b, "title", bansou_col_text (stmt, 2));
  bansou_json_add_string (b, "message", bansou_col_text (stmt, 3));
  json_builder_set_member_name (b, "prefectures");
  json_builder_begin_array (b);
  for (guint i = 0; prefs[i]; i++)
    if (*prefs[i])
      json_builder_add_string_value (b, prefs[i]);
  json_builder_end_array (b);
  bansou_json_add_int (b, "rev", bansou_server_stmt_column_int64 (stmt, 4));
  bansou_json_add_string (b, "created_at", bansou_col_text (stmt, 5));
  bansou_json_add_string (b, "created_by", bansou_col_text (stmt, 6));
  json_builder_end_object (b);
}

const BansouServerKind bansou_kind_alert = {
  .type = "alert",
  .keys = { "id" },
  .select_sql = ALERT_SELECT "WHERE id = CAST(?1 AS INTEGER)",
  .missing_code = BANSOU_API_ERROR_NOT_FOUND,
  .missing_message = "There is no such alert",
  .to_json = kind_to_json,
};

/* ------------------------------------------------------------------------ */

/* Returns: (transfer full): `{"alerts": [...]}`: those for the token's prefecture, above @since */
JsonNode *
bansou_api_list_alerts (BansouServerDb           *db,
                        const BansouServerToken  *token,
                        gint64                    since,
                        GError                  **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *pref = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (token != NULL, NULL);

  if (token->role == BANSOU_ROLE_NATIONAL)
    stmt = bansou_server_db_prepare (db, ALERT_SELECT "WHERE rev > ?1 ORDER BY rev", error);
  else
    stmt = bansou_server_db_prepare (db, ALERT_SELECT "WHERE rev > ?1 AND id IN "
                                     "(SELECT alert FROM alert_targets WHERE prefecture IN (?2, '00')) "
                                     "ORDER BY rev", error);
  if (stmt == NULL)
    return NULL;
  bansou_server_stmt_bind_int64 (stmt, 1, since);
  if (token->role == BANSOU_ROLE_PREFECTURE)
    pref = g_strdup (token->scope);
  else if (token->role == BANSOU_ROLE_BODY)
    pref = bansou_code_prefecture_digits (token->scope);
  if (pref != NULL)
    bansou_server_stmt_bind_text (stmt, 2, pref);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "alerts");
  json_builder_begin_array (b);
  while ((rc = bansou_server_stmt_step (stmt, NULL)) == BANSOU_SERVER_STEP_ROW)
    kind_to_json (b, stmt);
  if (rc != BANSOU_SERVER_STEP_DONE)
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

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bansou_json_require_object (data, "An alert", error))
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

  if (!bansou_json_get_line (obj, "severity", 20, &severity, error) ||
      !bansou_json_get_line (obj, "title", BANSOU_MAX_SHORT, &title, error) ||
      !bansou_json_get_string (obj, "message", BANSOU_MAX_TEXT, &message, error))
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
  JsonObject *obj;
  JsonArray *prefs;
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;
  gint64 rev;
  gint64 alert_id;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (data != NULL && JSON_NODE_HOLDS_OBJECT (data), NULL);

  obj = json_node_get_object (data);
  prefs = json_object_get_array_member (obj, "prefectures");
  rev = bansou_server_db_next_rev (db);

  if (!bansou_json_get_string (obj, "message", BANSOU_MAX_TEXT, &message, error))
    return NULL;

  stmt = bansou_server_db_prepare (db,
                                   "INSERT INTO alerts (severity, title, message, rev, created_at, created_by) "
                                   "VALUES (?, ?, ?, ?, ?, ?) RETURNING id", error);
  if (stmt == NULL)
    return NULL;
  bansou_server_stmt_bind_text (stmt, 1, json_object_get_string_member (obj, "severity"));
  bansou_server_stmt_bind_text (stmt, 2, json_object_get_string_member (obj, "title"));
  bansou_server_stmt_bind_text (stmt, 3, message ? message : "");
  bansou_server_stmt_bind_int64 (stmt, 4, rev);
  bansou_server_stmt_bind_text (stmt, 5, now);
  bansou_server_stmt_bind_text (stmt, 6, token->name);
  if (bansou_server_stmt_step (stmt, error) != BANSOU_SERVER_STEP_ROW)
    return NULL;
  alert_id = bansou_server_stmt_column_int64 (stmt, 0);

  for (guint i = 0; i < json_array_get_length (prefs); i++)
    {
      g_autoptr(BansouServerStmt) target = NULL;

      target = bansou_server_db_prepare (db,
                                         "INSERT INTO alert_targets (alert, prefecture) VALUES (?, ?) "
                                         "ON CONFLICT DO NOTHING", error);
      if (target == NULL)
        return NULL;
      bansou_server_stmt_bind_int64 (target, 1, alert_id);
      bansou_server_stmt_bind_text (target, 2, json_array_get_string_element (prefs, i));
      if (!bansou_server_db_step_done (db, target, error))
        return NULL;
    }

  /* The feed finds alerts through alert_targets (an empty prefecture). */
  id = g_strdup_printf ("%" G_GINT64_FORMAT, alert_id);
  if (!bansou_server_db_record_change (db, rev, "alert", id, NULL, NULL, "", NULL, error) ||
      !bansou_server_db_audit (db, token, "alert-publish", id, "ok",
                               json_object_get_string_member (obj, "title"), error))
    return NULL;

  return bansou_api_get_record (db, "alert", id, NULL, NULL, error);
}
