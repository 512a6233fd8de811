/* bansou-sync-baselines.c — the national baselines, and the answers' checksum
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * 5. GET /baselines for every round of the server: the national
 * implementation rate of each question, kept in national_baselines (a
 * table of the sync's own, migration 3) for the report and the pages.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-code.h"
#include "bansou-sync-private.h"
#include "bansou-util.h"

typedef struct
{
  const char *round;
  JsonArray  *questions;
  const char *computed_at;
} ApplyBaselines;

static gboolean
apply_baselines_cb (BansouStore  *store,
                    gpointer      user_data,
                    GError      **error)
{
  ApplyBaselines *op = user_data;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) put = NULL;

  clear = _bansou_store_prepare (store, "DELETE FROM national_baselines WHERE round = ?1", error);
  put = _bansou_store_prepare (store,
                               "INSERT INTO national_baselines (round, question, rate, counted, computed_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (clear == NULL || put == NULL)
    return FALSE;
  sqlite3_bind_text (clear, 1, op->round, -1, SQLITE_STATIC);
  if (!_bansou_store_step_done (store, clear, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (op->questions); i++)
    {
      JsonObject *q = json_array_get_object_element (op->questions, i);
      JsonNode *rate = json_object_get_member (q, "rate");
      gint64 counted = 0;
      gboolean have_counts = TRUE;

      for (guint k = 0; k < 3; k++)
        {
          static const char * const members[] = { "done", "partial", "not_done" };
          JsonNode *n = json_object_get_member (q, members[k]);

          if (n == NULL || JSON_NODE_HOLDS_NULL (n))
            have_counts = FALSE;
          else
            counted += json_node_get_int (n);
        }

      sqlite3_reset (put);
      sqlite3_bind_text (put, 1, op->round, -1, SQLITE_STATIC);
      sqlite3_bind_text (put, 2, json_object_get_string_member (q, "question"), -1, SQLITE_TRANSIENT);
      if (rate == NULL || JSON_NODE_HOLDS_NULL (rate))
        sqlite3_bind_null (put, 3);
      else
        sqlite3_bind_double (put, 3, json_node_get_double (rate));
      if (have_counts)
        sqlite3_bind_int64 (put, 4, counted);
      else
        sqlite3_bind_null (put, 4);
      sqlite3_bind_text (put, 5, op->computed_at, -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (store, put, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_baselines (JsonObject  *obj,
                 const char  *round,
                 JsonArray  **questions_out,
                 const char **computed_at,
                 GError     **error)
{
  const char *r;
  JsonObject *overall;
  JsonArray *questions;

  if (!bansou_sync_json_str (obj, "round", BANSOU_SYNC_JSON_REQUIRED, 10, &r, error) ||
      !bansou_sync_json_str (obj, "computed_at", BANSOU_SYNC_JSON_OPTIONAL, 64, computed_at, error) ||
      !(overall = bansou_sync_json_object (obj, "overall", error)) ||
      !(questions = bansou_sync_json_array (overall, "questions", error)))
    return FALSE;
  if (!g_str_equal (r, round))
    return bansou_sync_protocol_error (error, _("another round in"), "round");

  for (guint i = 0; i < json_array_get_length (questions); i++)
    {
      JsonNode *node = json_array_get_element (questions, i);
      JsonObject *q;
      const char *id;
      gboolean suppressed;
      JsonNode *rate;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bansou_sync_protocol_error (error, _("not an object:"), "questions");
      q = json_node_get_object (node);
      if (!bansou_sync_json_str (q, "question", BANSOU_SYNC_JSON_REQUIRED, 200, &id, error) ||
          !bansou_sync_json_bool (q, "suppressed", &suppressed, error))
        return FALSE;
      rate = json_object_get_member (q, "rate");
      if (rate == NULL)
        return bansou_sync_protocol_error (error, _("missing"), "rate");
      if (!JSON_NODE_HOLDS_NULL (rate))
        {
          double v;

          if (!JSON_NODE_HOLDS_VALUE (rate) ||
              (json_node_get_value_type (rate) != G_TYPE_DOUBLE && json_node_get_value_type (rate) != G_TYPE_INT64))
            return bansou_sync_protocol_error (error, _("not a number:"), "rate");
          v = json_node_get_double (rate);
          if (!(v >= 0.0 && v <= 1.0))
            return bansou_sync_protocol_error (error, _("out of range:"), "rate");
        }
      for (guint k = 0; k < 4; k++)
        {
          static const char * const members[] = { "done", "partial", "not_done", "na" };
          JsonNode *n = json_object_get_member (q, members[k]);

          if (n == NULL)
            return bansou_sync_protocol_error (error, _("missing"), members[k]);
          if (!JSON_NODE_HOLDS_NULL (n) &&
              (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64 ||
               json_node_get_int (n) < 0))
            return bansou_sync_protocol_error (error, _("not a whole number:"), members[k]);
        }
    }

  *questions_out = questions;
  return TRUE;
}

gboolean
_bansou_sync_fetch_baselines (Run     *run,
                              GError **error)
{
  GHashTable *present = g_hash_table_lookup (run->present, "round");
  g_autoptr(GList) rounds = present ? g_hash_table_get_keys (present) : NULL;
  g_autoptr(sqlite3_stmt) fresh = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, -BASELINES_MAX_AGE_S);
  g_autofree char *limit = g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");

  /* Computing them costs the server a pass over the nation's answers:
   * figures a few minutes old are fresh enough. */
  fresh = _bansou_store_prepare (run->store,
                                 "SELECT 1 FROM national_baselines WHERE round = ?1 AND computed_at >= ?2 LIMIT 1",
                                 error);
  if (fresh == NULL)
    return FALSE;

  for (GList *l = rounds; l != NULL; l = l->next)
    {
      const char *round = l->data;
      g_autofree char *path = g_strdup_printf ("/baselines?round=%s", round);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *obj;
      ApplyBaselines apply = { round, NULL, NULL };
      guint status;
      int rc;

      sqlite3_reset (fresh);
      sqlite3_bind_text (fresh, 1, round, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (fresh, 2, limit, -1, SQLITE_STATIC);
      rc = sqlite3_step (fresh);
      sqlite3_reset (fresh);
      if (rc == SQLITE_ROW)
        continue;

      if (!_bansou_sync_http (run, "GET", path, NULL, NULL, &status, &root, error))
        return FALSE;
      if (status == 404)
        continue;   /* the round went away meanwhile */
      if (status != 200)
        {
          _bansou_sync_set_status_error (error, status, root, "GET", path);
          return FALSE;
        }
      if (!(obj = _bansou_sync_root_object (root, error)) ||
          !check_baselines (obj, round, &apply.questions, &apply.computed_at, error))
        return FALSE;
      if (!*apply.computed_at)
        apply.computed_at = run->now;
      if (!bansou_store_transaction (run->store, apply_baselines_cb, &apply, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * bansou_sync_get_national_rate:
 * @round: a round's id
 * @question: a question id
 * @rate: (out): the national implementation rate, a fraction
 *
 * Returns: %TRUE if the server's figure for @question in @round has been
 *   pulled and is not withheld
 */
gboolean
bansou_sync_get_national_rate (BansouStore *store,
                               const char  *round,
                               const char  *question,
                               double      *rate)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BANSOU_IS_STORE (store), FALSE);

  stmt = _bansou_store_prepare (store,
                                "SELECT rate FROM national_baselines WHERE round = ?1 AND question = ?2 "
                                "AND rate IS NOT NULL", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, question, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *rate = sqlite3_column_double (stmt, 0);
  return TRUE;
}

char *
_bansou_sync_checksum_db (sqlite3     *db,
                          const char  *prefecture,
                          GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  char *sum;
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT round, body, question, status, done_on, note, evidence FROM answers "
                          "WHERE ?1 IS NULL OR " BANSOU_CODE_SQL_IN_PREFECTURE ("body", "?1") " "
                          "ORDER BY round, body, question", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, prefecture, -1, SQLITE_TRANSIENT);
  sum = bansou_checksum_rows (stmt, &rc);
  if (sum == NULL)
    g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_FAILED, "%s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return sum;
}

/**
 * bansou_sync_checksum:
 * @prefecture: (nullable): only the answers of that prefecture's bodies
 *
 * A SHA-256 over the fields of every answer the server keeps as well
 * (round, body, question, status, done_on, note, evidence), in key order:
 * after a complete sync it equals the same sum over the server's answers.
 *
 * Returns: (transfer full): hex, or %NULL
 */
char *
bansou_sync_checksum (BansouStore  *store,
                      const char   *prefecture,
                      GError      **error)
{
  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);
  return _bansou_sync_checksum_db (_bansou_store_get_db (store), prefecture, error);
}
