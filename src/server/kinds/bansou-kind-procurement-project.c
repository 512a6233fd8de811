/* bansou-kind-procurement-project.c — a joint procurement project (共同調達)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Key: project (a UUID made by the lead's workbench). Written only by a
 * token of its lead prefecture (a council's project by the prefecture
 * that runs the council), which never changes; read by the lead, by every
 * prefecture with a participating body (shared_scopes) and by the
 * national desk. Its phases and covered questions travel inside it. The
 * members are checked one by one and kept as canonical JSON (data).
 * docs/api.md, "Joint procurement".
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bansou-core.h"
#include "bansou-server-kind.h"

#define PROJECT(op) ((op)->keys[0])

#define MAX_YEN   G_GINT64_CONSTANT (1000000000000)   /* 10¹² yen, the ledger's bound */
#define MAX_QUESTIONS 1000

static const char * const procurement_types[] = {
  "security_cloud", "file_sanitization", "online_storage", "beta_prime", "gov_cloud", "training",
  "vulnerability_assessment", "external_audit", "other", NULL,
};
static const char * const phases[] = {
  "spec", "notice", "contract", "build", "operation", "renewal", NULL,
};
static const char * const bases[] = { "population", "terminals", "users", NULL };
static const char * const weights[] = { "w_equal", "w_population", "w_terminals", "w_users", NULL };

typedef struct
{
  char *lead;   /* the lead prefecture */
  char *data;   /* the canonical members */
} Fields;

static void
fields_free (gpointer data)
{
  Fields *f = data;

  g_free (f->lead);
  g_free (f->data);
  g_free (f);
}

static void
kind_to_json (JsonBuilder  *b,
              BansouServerStmt *stmt)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *data = NULL;

  if (json_parser_load_from_data (parser, bansou_col_text (stmt, 1), -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    data = json_node_get_object (json_parser_get_root (parser));

  json_builder_begin_object (b);
  bansou_json_add_string (b, "type", "procurement_project");
  bansou_json_add_string (b, "project", bansou_col_text (stmt, 0));
  if (data != NULL)
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init (&iter, data);
      while (json_object_iter_next (&iter, &member, &value))
        {
          json_builder_set_member_name (b, member);
          json_builder_add_value (b, json_node_copy (value));
        }
    }
  bansou_json_add_int (b, "rev", bansou_server_stmt_column_int64 (stmt, 2));
  bansou_json_add_string (b, "updated_at", bansou_col_text (stmt, 3));
  bansou_json_add_string (b, "updated_by", bansou_col_text (stmt, 4));
  json_builder_end_object (b);
}

/* Prefecture tokens write projects; the keys must be a UUID. */
static gboolean
kind_authorize (const BansouServerToken  *token,
                BansouOp                 *op,
                GError                  **error)
{
  if (PROJECT (op) == NULL || !g_uuid_string_is_valid (PROJECT (op)))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“project” must be a UUID");
      return FALSE;
    }
  if (token->role == BANSOU_ROLE_NATIONAL)
    return bansou_kind_forbid (error, op, "the national desk reads procurement projects; their lead prefecture writes them");
  if (token->role != BANSOU_ROLE_PREFECTURE)
    return bansou_kind_forbid (error, op, "procurement projects are written by their lead prefecture");
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Members                                                                  */

static gboolean invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Always FALSE, with an invalid_request naming the member. */
static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST, message);
  return FALSE;
}

static gboolean
copy_text (JsonBuilder *b,
           JsonObject  *obj,
           const char  *member,
           guint        max,
           gboolean     required,
           GError     **error)
{
  g_autofree char *value = NULL;

  if (!bansou_json_get_string (obj, member, max, &value, error))
    return FALSE;
  if (required && (value == NULL || bansou_str_is_blank (value)))
    return invalid (error, "“%s” is required", member);
  bansou_json_add_string (b, member, value ? value : "");
  return TRUE;
}

static gboolean
copy_date (JsonBuilder *b,
           JsonObject  *obj,
           const char  *member,
           char       **out,
           GError     **error)
{
  g_autofree char *value = NULL;

  if (!bansou_json_get_date (obj, member, &value, error))
    return FALSE;
  bansou_json_add_string_or_null (b, member, value);
  if (out != NULL)
    *out = g_steal_pointer (&value);
  return TRUE;
}

static gboolean
copy_choice (JsonBuilder        *b,
             JsonObject         *obj,
             const char         *member,
             const char * const *choices,
             GError            **error)
{
  g_autofree char *value = NULL;

  if (!bansou_json_get_string (obj, member, 64, &value, error))
    return FALSE;
  if (value == NULL || !g_strv_contains (choices, value))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) choices);
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“%s” must be one of %s", member, list);
      return FALSE;
    }
  bansou_json_add_string (b, member, value);
  return TRUE;
}

/* A whole number in [0, @max]; absent or null allowed only if @nullable. */
static gboolean
get_int (JsonObject  *obj,
         const char  *member,
         gint64       max,
         gboolean     nullable,
         gboolean    *is_null,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = 0;
  *is_null = node == NULL || JSON_NODE_HOLDS_NULL (node);
  if (*is_null)
    return nullable ? TRUE : invalid (error, "“%s” is required: a whole number", member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > max)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“%s” must be a whole number from 0 to %" G_GINT64_FORMAT "%s", member, max,
                   nullable ? ", or null" : "");
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
copy_int (JsonBuilder *b,
          JsonObject  *obj,
          const char  *member,
          gint64       max,
          gboolean     nullable,
          gint64      *out,
          GError     **error)
{
  gboolean is_null;
  gint64 value;

  if (!get_int (obj, member, max, nullable, &is_null, &value, error))
    return FALSE;
  json_builder_set_member_name (b, member);
  if (is_null)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, value);
  if (out != NULL)
    *out = is_null ? -1 : value;
  return TRUE;
}

static gboolean
copy_bool (JsonBuilder *b,
           JsonObject  *obj,
           const char  *member,
           GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  gboolean value = FALSE;

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return invalid (error, "“%s” must be true or false", member);
      value = json_node_get_boolean (node);
    }
  json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, value);
  return TRUE;
}

static gboolean
copy_phases (JsonBuilder *b,
             JsonObject  *obj,
             GError     **error)
{
  JsonNode *node = json_object_get_member (obj, "phases");

  json_builder_set_member_name (b, "phases");
  json_builder_begin_object (b);
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonObject *map;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, "“%s” must be an object of phase: 'YYYY-MM-DD'", "phases");
      map = json_node_get_object (node);
      /* In the order of the phases: canonical, whatever the client's order. */
      for (guint i = 0; phases[i] != NULL; i++)
        {
          g_autofree char *date = NULL;

          if (!json_object_has_member (map, phases[i]))
            continue;
          if (!bansou_json_get_date (map, phases[i], &date, error))
            {
              g_clear_error (error);
              return invalid (error, "“phases” must map phases to dates 'YYYY-MM-DD' (%s)", phases[i]);
            }
          if (date != NULL)
            bansou_json_add_string (b, phases[i], date);
        }
      {
        JsonObjectIter iter;
        const char *member;

        json_object_iter_init (&iter, map);
        while (json_object_iter_next (&iter, &member, NULL))
          if (!g_strv_contains (phases, member))
            return invalid (error, "“phases” names an unknown phase “%s”", member);
      }
    }
  json_builder_end_object (b);
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
copy_questions (JsonBuilder *b,
                JsonObject  *obj,
                GError     **error)
{
  JsonNode *node = json_object_get_member (obj, "questions");
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid (error, "“%s” must be an array of question ids", "questions");
      array = json_node_get_array (node);
      if (json_array_get_length (array) > MAX_QUESTIONS)
        return invalid (error, "“%s” holds at most 1000 question ids", "questions");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          const char *id;

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
              *(id = json_node_get_string (e)) == '\0' || strlen (id) > 64)
            return invalid (error, "“%s” must hold question ids: strings of 1 to 64 characters", "questions");
          if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
            g_ptr_array_add (ids, (gpointer) id);
        }
    }
  g_ptr_array_sort (ids, compare_strings);
  json_builder_set_member_name (b, "questions");
  json_builder_begin_array (b);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (ids, i));
  json_builder_end_array (b);
  return TRUE;
}

static gboolean
kind_validate (BansouServerDb  *db,
               BansouOp        *op,
               GError         **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *lead = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  gint64 num, den, sum = 0;
  JsonObject *obj;
  Fields *f;

  if (!bansou_json_require_object (op->data, "“data”", error))
    return FALSE;
  obj = json_node_get_object (op->data);

  if (!bansou_json_get_string (obj, "lead_prefecture", 2, &lead, error))
    return FALSE;
  if (lead == NULL || strlen (lead) != 2 || !g_ascii_isdigit (lead[0]) || !g_ascii_isdigit (lead[1]) ||
      atoi (lead) < 1 || atoi (lead) > 47)
    return invalid (error, "“%s” must be a prefecture's two digits, 01 to 47", "lead_prefecture");

  json_builder_begin_object (b);
  if (!copy_text (b, obj, "title", 200, TRUE, error) ||
      !copy_choice (b, obj, "procurement_type", procurement_types, error))
    return FALSE;
  bansou_json_add_string (b, "lead_prefecture", lead);
  if (!copy_text (b, obj, "lead_council", 200, FALSE, error) ||
      !copy_choice (b, obj, "phase", phases, error) ||
      !copy_phases (b, obj, error) ||
      !copy_date (b, obj, "contract_start", &start, error) ||
      !copy_date (b, obj, "contract_end", &end, error))
    return FALSE;
  if (start != NULL && end != NULL && strcmp (end, start) < 0)
    return invalid (error, "“%s” is before “contract_start”", "contract_end");
  if (!copy_int (b, obj, "total", MAX_YEN, FALSE, NULL, error) ||
      !copy_int (b, obj, "subsidy_num", MAX_YEN, FALSE, &num, error) ||
      !copy_int (b, obj, "subsidy_den", MAX_YEN, FALSE, &den, error))
    return FALSE;
  if (den < 1 || num > den)
    return invalid (error, "“%s” must be 1 or more, and “subsidy_num” at most it", "subsidy_den");
  if (!copy_int (b, obj, "subsidy_cap", MAX_YEN, TRUE, NULL, error))
    return FALSE;
  for (guint i = 0; weights[i] != NULL; i++)
    {
      gint64 w;

      if (!copy_int (b, obj, weights[i], 10000, FALSE, &w, error))
        return FALSE;
      sum += w;
    }
  if (sum != 10000)
    return invalid (error, "“%s” and the other weights must add up to 10000 basis points (100 %%)", "w_equal");
  if (!copy_int (b, obj, "standalone_fixed", MAX_YEN, TRUE, NULL, error) ||
      !copy_int (b, obj, "standalone_per_unit", MAX_YEN, TRUE, NULL, error) ||
      !copy_choice (b, obj, "standalone_basis", bases, error) ||
      !copy_text (b, obj, "vendor", 200, FALSE, error) ||
      !copy_bool (b, obj, "sc_criteria", error) ||
      !copy_date (b, obj, "sc_declaration_on", NULL, error) ||
      !copy_text (b, obj, "sc_declaration_ref", 200, FALSE, error) ||
      !copy_bool (b, obj, "sc_penalty", error) ||
      !copy_bool (b, obj, "sc_desk_required", error) ||
      !copy_date (b, obj, "sc_desk_consulted", NULL, error) ||
      !copy_text (b, obj, "override_reason", 1000, FALSE, error) ||
      !copy_text (b, obj, "notes", BANSOU_MAX_TEXT, FALSE, error) ||
      !copy_questions (b, obj, error))
    return FALSE;
  json_builder_end_object (b);
  root = json_builder_get_root (b);

  op->fields = f = g_new0 (Fields, 1);
  op->fields_free = fields_free;
  f->lead = g_steal_pointer (&lead);
  f->data = bansou_json_to_string (root);
  /* The feed reads it through shared_scopes (docs/api.md). */
  op->prefecture = g_strdup ("+");
  op->body = NULL;
  return TRUE;
}

/* The lead writes; nobody else, whatever the revision: a prefecture that
 * takes no part learns nothing from a refusal it could not get anyway. */
static gboolean
kind_permit (BansouServerDb           *db,
             const BansouServerToken  *token,
             BansouOp                 *op,
             GError                  **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  Fields *f = op->fields;

  stmt = bansou_server_db_prepare (db, "SELECT lead_prefecture FROM procurement_projects WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, PROJECT (op));
  if (bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW)
    {
      const char *stored = bansou_col_text (stmt, 0);

      if (!g_str_equal (stored, token->scope))
        return bansou_kind_forbid (error, op, "only the project's lead prefecture writes it");
      if (!g_str_equal (stored, f->lead))
        return invalid (error, "“%s” of a project cannot change", "lead_prefecture");
      return TRUE;
    }
  if (!g_str_equal (f->lead, token->scope))
    return bansou_kind_forbid (error, op, "a prefecture creates projects it leads (“lead_prefecture” is another)");
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
  g_autoptr(BansouServerStmt) scope = NULL;
  Fields *f = op->fields;

  stmt = bansou_server_db_prepare (db,
                                   "INSERT INTO procurement_projects (id, lead_prefecture, data, rev, updated_at, "
                                   "  updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                                   "ON CONFLICT (id) DO UPDATE SET data = excluded.data, rev = excluded.rev, "
                                   "updated_at = excluded.updated_at, updated_by = excluded.updated_by", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, PROJECT (op));
  bansou_server_stmt_bind_text (stmt, 2, f->lead);
  bansou_server_stmt_bind_text (stmt, 3, f->data);
  bansou_server_stmt_bind_int64 (stmt, 4, rev);
  bansou_server_stmt_bind_text (stmt, 5, now);
  bansou_server_stmt_bind_text (stmt, 6, token->name);
  if (!bansou_server_db_step_done (db, stmt, error))
    return FALSE;

  scope = bansou_server_db_prepare (db, "INSERT INTO shared_scopes (k1, scope) VALUES (?1, ?2) ON CONFLICT DO NOTHING", error);
  if (scope == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (scope, 1, PROJECT (op));
  bansou_server_stmt_bind_text (scope, 2, f->lead);
  return bansou_server_db_step_done (db, scope, error);
}

const BansouServerKind bansou_kind_procurement_project = {
  .type = "procurement_project",
  .keys = { "project" },
  .flags = BANSOU_KIND_IN_BATCH | BANSOU_KIND_AUDITED,
  .select_sql = "SELECT id, data, rev, updated_at, updated_by FROM procurement_projects WHERE id = ?1",
  .rev_sql = "SELECT rev FROM procurement_projects WHERE id = ?1",
  .missing_code = BANSOU_API_ERROR_NOT_FOUND,
  .missing_message = "There is no such procurement project",
  .to_json = kind_to_json,
  .authorize = kind_authorize,
  .validate = kind_validate,
  .permit = kind_permit,
  .write = kind_write,
};
