/* bansou-dispatch-outbox.c — the wire payloads of experts, requests and
 * visits, and their outbox rows
 *
 * The payloads are what the sync kind (bansou-dispatch-kinds.c) sends and
 * compares: one JSON object per record, its child rows inside (an
 * expert's skills, a request's questions, a visit's questions and
 * findings). Dates are "YYYY-MM-DD" or null, numbers integers or null.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-dispatch"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "bansou-dispatch-private.h"
#include "bansou-outbox.h"
#include "bansou-support.h"
#include "bansou-sync-kind.h"

typedef enum { C_TEXT, C_INT, C_BOOL, C_LINES } ColumnKind;

typedef struct
{
  const char *member;
  ColumnKind  kind;
} Column;

static const Column expert_columns[] = {
  { "id", C_TEXT }, { "prefecture", C_TEXT }, { "name", C_TEXT }, { "affiliation", C_TEXT },
  { "organisation", C_TEXT }, { "contract_start", C_TEXT }, { "contract_end", C_TEXT },
  { "certifications", C_LINES }, { "nda_signed_on", C_TEXT }, { "nda_expires_on", C_TEXT },
  { "home_base", C_TEXT }, { "days_per_week", C_INT }, { "monthly_visits", C_INT },
  { "monthly_minutes", C_INT }, { "cost_per_visit", C_INT }, { "cost_per_hour", C_INT },
  { "active", C_BOOL }, { "notes", C_TEXT },
};

static const Column request_columns[] = {
  { "id", C_TEXT }, { "number", C_INT }, { "body", C_TEXT }, { "urgency", C_TEXT },
  { "source", C_TEXT }, { "source_ref", C_TEXT }, { "purpose", C_TEXT }, { "wanted_from", C_TEXT },
  { "wanted_until", C_TEXT }, { "state", C_TEXT },
};

static const Column visit_columns[] = {
  { "id", C_TEXT }, { "number", C_INT }, { "request", C_TEXT }, { "expert", C_TEXT },
  { "body", C_TEXT }, { "day", C_TEXT }, { "start_min", C_INT }, { "end_min", C_INT },
  { "state", C_TEXT }, { "override_reason", C_TEXT }, { "report", C_TEXT },
  { "worked_min", C_INT }, { "cost", C_INT }, { "subsidy_bp", C_INT }, { "reported_at", C_TEXT },
};

static void
add_columns (JsonBuilder  *b,
             sqlite3_stmt *stmt,
             const Column *columns,
             guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      json_builder_set_member_name (b, columns[i].member);
      if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
        {
          json_builder_add_null_value (b);
          continue;
        }
      switch (columns[i].kind)
        {
        case C_TEXT:
          json_builder_add_string_value (b, _bansou_column_text (stmt, i));
          break;
        case C_INT:
          json_builder_add_int_value (b, sqlite3_column_int64 (stmt, i));
          break;
        case C_BOOL:
          json_builder_add_boolean_value (b, sqlite3_column_int (stmt, i) != 0);
          break;
        case C_LINES:
          {
            g_auto(GStrv) lines = g_strsplit (_bansou_column_text (stmt, i), "\n", -1);

            json_builder_begin_array (b);
            for (guint l = 0; lines[l]; l++)
              if (*lines[l] != '\0')
                json_builder_add_string_value (b, lines[l]);
            json_builder_end_array (b);
          }
          break;
        }
    }
}

static char *
select_columns (const Column *columns,
                guint         n,
                const char   *table)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s%s", i ? ", " : "", columns[i].member);
  g_string_append_printf (sql, ", server_rev FROM %s WHERE id = ?", table);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* The payload and the server revision of one record. */
static char *
build_payload (BansouStore  *store,
               const char   *type,
               const char   *id,
               gint64       *server_rev,
               GError      **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) child = NULL;
  g_autofree char *sql = NULL;
  const Column *columns;
  const char *table;
  guint n;

  if (g_str_equal (type, EXPERT_TYPE))
    columns = expert_columns, n = G_N_ELEMENTS (expert_columns), table = "experts";
  else if (g_str_equal (type, REQUEST_TYPE))
    columns = request_columns, n = G_N_ELEMENTS (request_columns), table = "dispatch_requests";
  else if (g_str_equal (type, VISIT_TYPE))
    columns = visit_columns, n = G_N_ELEMENTS (visit_columns), table = "visits";
  else
    g_return_val_if_reached (NULL);

  sql = select_columns (columns, n, table);
  if (!(stmt = _bansou_store_prepare (store, sql, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_NOT_FOUND,
                   _("The record “%s” is not in the database"), id);
      return NULL;
    }
  json_builder_begin_object (b);
  add_columns (b, stmt, columns, n);
  if (server_rev)
    *server_rev = sqlite3_column_int64 (stmt, n);

  if (g_str_equal (type, EXPERT_TYPE))
    {
      child = _bansou_store_prepare (store,
                                     "SELECT target, level FROM expert_skills WHERE expert = ? ORDER BY target",
                                     error);
      if (child == NULL)
        return NULL;
      sqlite3_bind_text (child, 1, id, -1, SQLITE_TRANSIENT);
      json_builder_set_member_name (b, "skills");
      json_builder_begin_array (b);
      while (sqlite3_step (child) == SQLITE_ROW)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "target");
          json_builder_add_string_value (b, _bansou_column_text (child, 0));
          json_builder_set_member_name (b, "level");
          json_builder_add_int_value (b, sqlite3_column_int (child, 1));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  else if (g_str_equal (type, REQUEST_TYPE))
    {
      child = _bansou_store_prepare (store,
                                     "SELECT question FROM dispatch_request_questions WHERE request = ? "
                                     "ORDER BY question", error);
      if (child == NULL)
        return NULL;
      sqlite3_bind_text (child, 1, id, -1, SQLITE_TRANSIENT);
      json_builder_set_member_name (b, "questions");
      json_builder_begin_array (b);
      while (sqlite3_step (child) == SQLITE_ROW)
        json_builder_add_string_value (b, _bansou_column_text (child, 0));
      json_builder_end_array (b);
    }
  else
    {
      static const Column q_columns[] = {
        { "question", C_TEXT }, { "finding", C_TEXT }, { "note", C_TEXT }, { "accepted_at", C_TEXT },
      };

      child = _bansou_store_prepare (store,
                                     "SELECT question, finding, note, accepted_at FROM visit_questions "
                                     "WHERE visit = ? ORDER BY question", error);
      if (child == NULL)
        return NULL;
      sqlite3_bind_text (child, 1, id, -1, SQLITE_TRANSIENT);
      json_builder_set_member_name (b, "questions");
      json_builder_begin_array (b);
      while (sqlite3_step (child) == SQLITE_ROW)
        {
          json_builder_begin_object (b);
          add_columns (b, child, q_columns, G_N_ELEMENTS (q_columns));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/**
 * _bansou_dispatch_payload:
 * @type: "expert", "dispatch_request" or "visit"
 *
 * Returns: (transfer full): the record's wire payload, or %NULL
 */
char *
_bansou_dispatch_payload (BansouStore  *store,
                          const char   *type,
                          const char   *id,
                          GError      **error)
{
  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);
  g_return_val_if_fail (type != NULL && id != NULL, NULL);

  return build_payload (store, type, id, NULL, error);
}

gboolean
_bansou_dispatch_enqueue (BansouStore  *store,
                          const char   *type,
                          const char   *id,
                          GError      **error)
{
  g_autofree char *payload = NULL;
  gint64 rev = 0;

  /* The kinds register in bansou-dispatch-kinds.c; a build without them
   * keeps its records local. */
  if (bansou_sync_lookup_kind (type) == NULL)
    return TRUE;
  if (!(payload = build_payload (store, type, id, &rev, error)))
    return FALSE;
  return bansou_outbox_put (store, type, id, "", "", payload, rev, error);
}

/**
 * _bansou_dispatch_visit_support:
 *
 * The support module's rows of a visit: its body × its questions on its
 * day, the expert as actor; none for a cancelled visit.
 */
gboolean
_bansou_dispatch_visit_support (BansouStore  *store,
                                const char   *visit,
                                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (BansouSupportTarget));
  g_autofree char *body = NULL;
  g_autofree char *day = NULL;
  g_autofree char *expert = NULL;
  gboolean cancelled = TRUE;

  stmt = _bansou_store_prepare (store,
                                "SELECT v.body, v.day, v.expert, v.state, q.question FROM visits v "
                                "LEFT JOIN visit_questions q ON q.visit = v.id WHERE v.id = ? ORDER BY q.question",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, visit, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (body == NULL)
        {
          body = g_strdup (_bansou_column_text (stmt, 0));
          day = g_strdup (_bansou_column_text (stmt, 1));
          expert = g_strdup (_bansou_column_text (stmt, 2));
          cancelled = g_str_equal (_bansou_column_text (stmt, 3), "cancelled");
        }
      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        g_ptr_array_add (questions, g_strdup (_bansou_column_text (stmt, 4)));
    }
  for (guint i = 0; !cancelled && i < questions->len; i++)
    {
      BansouSupportTarget t = { body, g_ptr_array_index (questions, i) };
      g_array_append_val (targets, t);
    }
  return bansou_support_set_actions (store, BANSOU_SUPPORT_VISIT, visit, cancelled ? NULL : day, expert,
                                     (const BansouSupportTarget *) targets->data,
                                     cancelled ? 0 : targets->len, error);
}
