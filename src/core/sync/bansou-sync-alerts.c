/* bansou-sync-alerts.c — the alert kind, and the alerts kept here
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Alerts of the national desk arrive in the change feed and are kept in
 * the sync's own table (migration 3) for the 同期 page: they belong to no
 * other domain, so their kind lives here.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-sync-private.h"

typedef struct
{
  gint64      id;
  const char *severity;
  const char *title;
  const char *message;
  const char *created_at;
  const char *created_by;
  char       *prefectures;   /* owned: "34,35" */
  char        key[24];       /* the id as text: the record's key */
} Alert;

static void
alert_free (gpointer data)
{
  Alert *a = data;

  g_free (a->prefectures);
  g_free (a);
}

static gboolean
alert_parse (BansouSyncRecord  *record,
             JsonObject        *obj,
             GError           **error)
{
  Alert *a = g_new0 (Alert, 1);
  g_autoptr(GString) joined = g_string_new (NULL);
  JsonArray *prefs;

  record->data = a;
  if (!bansou_sync_json_int (obj, "id", 1, &a->id, error) ||
      !bansou_sync_json_str (obj, "severity", BANSOU_SYNC_JSON_REQUIRED, 20, &a->severity, error) ||
      !bansou_sync_json_str (obj, "title", BANSOU_SYNC_JSON_REQUIRED, 200, &a->title, error) ||
      !bansou_sync_json_str (obj, "message", BANSOU_SYNC_JSON_OPTIONAL, BANSOU_SYNC_MAX_TEXT, &a->message, error) ||
      !bansou_sync_json_str (obj, "created_at", BANSOU_SYNC_JSON_OPTIONAL, 64, &a->created_at, error) ||
      !bansou_sync_json_str (obj, "created_by", BANSOU_SYNC_JSON_OPTIONAL, 200, &a->created_by, error) ||
      !(prefs = bansou_sync_json_array (obj, "prefectures", error)))
    return FALSE;
  if (!g_str_equal (a->severity, "info") && !g_str_equal (a->severity, "warning") &&
      !g_str_equal (a->severity, "critical"))
    return bansou_sync_protocol_error (error, _("unknown value of"), "severity");
  if (json_array_get_length (prefs) > 48)
    return bansou_sync_protocol_error (error, _("too long:"), "prefectures");
  for (guint i = 0; i < json_array_get_length (prefs); i++)
    {
      JsonNode *p = json_array_get_element (prefs, i);

      if (!JSON_NODE_HOLDS_VALUE (p) || json_node_get_value_type (p) != G_TYPE_STRING ||
          strlen (json_node_get_string (p)) != 2)
        return bansou_sync_protocol_error (error, _("not a prefecture number:"), "prefectures");
      if (joined->len > 0)
        g_string_append_c (joined, ',');
      g_string_append (joined, json_node_get_string (p));
    }
  a->prefectures = g_string_free (g_steal_pointer (&joined), FALSE);
  g_snprintf (a->key, sizeof a->key, "%" G_GINT64_FORMAT, a->id);
  record->key[0] = a->key;
  return TRUE;
}

static gboolean
alert_apply (BansouSyncContext  *ctx,
             BansouSyncRecord   *record,
             gboolean           *written,
             GError            **error)
{
  BansouStore *store = bansou_sync_context_get_store (ctx);
  Alert *a = record->data;
  sqlite3_stmt *stmt;

  *written = FALSE;
  stmt = bansou_sync_stmt (store,
                           "INSERT INTO alerts (id, severity, title, message, prefectures, rev, created_at, "
                           "created_by, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                           "ON CONFLICT (id) DO UPDATE SET severity = excluded.severity, "
                           "title = excluded.title, message = excluded.message, "
                           "prefectures = excluded.prefectures, rev = excluded.rev", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a->id);
  sqlite3_bind_text (stmt, 2, a->severity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, a->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, a->message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, a->prefectures, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, record->rev);
  sqlite3_bind_text (stmt, 7, a->created_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, a->created_by, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, bansou_sync_context_get_now (ctx), -1, SQLITE_TRANSIENT);
  if (!bansou_sync_stmt_done (store, stmt, error))
    return FALSE;
  *written = TRUE;
  return TRUE;
}

static const BansouSyncKind alert_kind = {
  .type = "alert",
  .keys = { { "id", NULL } },
  .n_keys = 1,
  .parse = alert_parse,
  .free_data = alert_free,
  .apply = alert_apply,
};

void
_bansou_sync_register_alert_kind (void)
{
  bansou_sync_register_kind (&alert_kind);
}

/* ------------------------------------------------------------------------ */
/* The alerts kept here                                                     */

void
bansou_alert_free (BansouAlert *alert)
{
  if (alert == NULL)
    return;
  g_free (alert->severity);
  g_free (alert->title);
  g_free (alert->message);
  g_free (alert->created_at);
  g_free (alert);
}

GPtrArray *
bansou_sync_list_alerts (BansouStore  *store,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_alert_free);
  int rc;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);

  stmt = _bansou_store_prepare (store,
                                "SELECT id, severity, title, message, created_at FROM alerts ORDER BY rev DESC",
                                error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouAlert *a = g_new0 (BansouAlert, 1);

      a->id = sqlite3_column_int64 (stmt, 0);
      a->severity = g_strdup (_bansou_column_text (stmt, 1));
      a->title = g_strdup (_bansou_column_text (stmt, 2));
      a->message = g_strdup (_bansou_column_text (stmt, 3));
      a->created_at = g_strdup (_bansou_column_text (stmt, 4));
      g_ptr_array_add (list, a);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading alerts"));
      return NULL;
    }
  return g_steal_pointer (&list);
}
