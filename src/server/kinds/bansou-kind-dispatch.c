/* bansou-kind-dispatch.c — what the expert dispatch kinds share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Scope: experts, requests and visits are a prefecture's. Its token
 * writes them; the national desk reads every prefecture's and writes none
 * (the pool is the prefecture's, as answers are the bodies'); a body token
 * reads the requests and visits of its own body — through the change feed
 * and GET, by the body column of the feed — and never an expert (costs
 * and 守秘義務 are not a municipality's business). docs/api.md, "Expert
 * dispatch".
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "bansou-core.h"
#include "bansou-kind-dispatch.h"

static gboolean invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

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

static void
values_free (gpointer data)
{
  BansouDispatchValues *v = data;

  for (guint i = 0; i < v->spec->n_fields; i++)
    g_free (v->text[i]);
  g_free (v->text);
  g_free (v->num);
  g_free (v->null);
  g_free (v);
}

static gboolean
is_stamp (const char *s)
{
  g_autoptr(GDateTime) dt = NULL;

  if (s == NULL || strlen (s) != 20 || s[10] != 'T' || s[19] != 'Z')
    return FALSE;
  dt = g_date_time_new_from_iso8601 (s, NULL);
  return dt != NULL;
}

gboolean
bansou_dispatch_is_id (const char *id)
{
  /* g_uuid_string_random() makes lower case; the key must be one form only */
  if (id == NULL || !g_uuid_string_is_valid (id))
    return FALSE;
  for (const char *p = id; *p; p++)
    if (g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static gboolean
read_field (const BansouDispatchField *f,
            JsonObject                *obj,
            BansouDispatchValues      *v,
            guint                      i,
            GError                   **error)
{
  JsonNode *node = json_object_get_member (obj, f->name);
  gboolean absent = node == NULL || JSON_NODE_HOLDS_NULL (node);

  v->null[i] = FALSE;
  if (absent)
    {
      if (f->flags & BANSOU_DF_REQUIRED)
        return invalid (error, "“%s” is required", f->name);
      if (node != NULL && !(f->flags & BANSOU_DF_NULLABLE) && f->type != BANSOU_DF_JSON)
        return invalid (error, "“%s” must not be null", f->name);
      switch (f->type)
        {
        case BANSOU_DF_ENUM:
          v->text[i] = g_strdup (f->values[0]);
          break;
        case BANSOU_DF_JSON:
          v->text[i] = g_strdup ("[]");
          break;
        case BANSOU_DF_INT:
        case BANSOU_DF_BOOL:
          if (f->flags & BANSOU_DF_NULLABLE)
            v->null[i] = TRUE;
          else
            v->num[i] = f->fallback;
          break;
        case BANSOU_DF_TEXT:
          if (!(f->flags & BANSOU_DF_NULLABLE))
            v->text[i] = g_strdup ("");
          break;
        case BANSOU_DF_DATE:
        case BANSOU_DF_STAMP:
        default:
          break;   /* NULL */
        }
      return TRUE;
    }

  switch (f->type)
    {
    case BANSOU_DF_INT:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        return invalid (error, "“%s” must be a whole number", f->name);
      v->num[i] = json_node_get_int (node);
      if (v->num[i] < f->min || v->num[i] > f->max)
        {
          g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                       "“%s” must be %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, f->name, f->min, f->max);
          return FALSE;
        }
      return TRUE;

    case BANSOU_DF_BOOL:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return invalid (error, "“%s” must be true or false", f->name);
      v->num[i] = json_node_get_boolean (node) ? 1 : 0;
      return TRUE;

    case BANSOU_DF_JSON:
      return (v->text[i] = f->check (node, f->name, error)) != NULL;

    case BANSOU_DF_TEXT:
    case BANSOU_DF_DATE:
    case BANSOU_DF_STAMP:
    case BANSOU_DF_ENUM:
    default:
      break;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, "“%s” must be a string", f->name);
  {
    const char *s = json_node_get_string (node);

    switch (f->type)
      {
      case BANSOU_DF_DATE:
        if (!bansou_server_date_valid (s))
          return invalid (error, "“%s” must be a date 'YYYY-MM-DD' or null", f->name);
        break;
      case BANSOU_DF_STAMP:
        if (!is_stamp (s))
          return invalid (error, "“%s” must be a UTC time 'YYYY-MM-DDTHH:MM:SSZ' or null", f->name);
        break;
      case BANSOU_DF_ENUM:
        if (!g_strv_contains ((const char * const *) f->values, s))
          {
            g_autofree char *list = g_strjoinv (", ", (char **) f->values);
            g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                         "“%s” must be one of %s", f->name, list);
            return FALSE;
          }
        break;
      case BANSOU_DF_TEXT:
      default:
        if (!g_utf8_validate (s, -1, NULL) || g_utf8_strlen (s, -1) > f->max)
          {
            g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                         "“%s” is longer than %" G_GINT64_FORMAT " characters", f->name, f->max);
            return FALSE;
          }
        if ((f->flags & BANSOU_DF_REQUIRED) && *s == '\0')
          return invalid (error, "“%s” is required", f->name);
        break;
      }
    v->text[i] = g_strdup (s);
  }
  return TRUE;
}

/**
 * bansou_dispatch_read:
 *
 * Reads every member of the write's data by @spec into op->fields; the
 * first member that is wrong is named in the error.
 */
gboolean
bansou_dispatch_read (const BansouDispatchSpec *spec,
                      BansouOp                 *op,
                      GError                  **error)
{
  BansouDispatchValues *v;
  JsonObject *obj;
  char what[64];

  g_snprintf (what, sizeof what, "A %s", spec->type);
  if (!bansou_json_require_object (op->data, what, error))
    return FALSE;
  obj = json_node_get_object (op->data);

  v = g_new0 (BansouDispatchValues, 1);
  v->spec = spec;
  v->text = g_new0 (char *, spec->n_fields);
  v->num = g_new0 (gint64, spec->n_fields);
  v->null = g_new0 (gboolean, spec->n_fields);
  op->fields = v;
  op->fields_free = values_free;

  for (guint i = 0; i < spec->n_fields; i++)
    if (!read_field (&spec->fields[i], obj, v, i, error))
      return FALSE;
  return TRUE;
}

int
bansou_dispatch_index (const BansouDispatchSpec *spec,
                       const char               *name)
{
  for (guint i = 0; i < spec->n_fields; i++)
    if (g_str_equal (spec->fields[i].name, name))
      return (int) i;
  g_return_val_if_reached (-1);
}

const char *
bansou_dispatch_text (BansouOp   *op,
                      const char *name)
{
  BansouDispatchValues *v = op->fields;

  return v->text[bansou_dispatch_index (v->spec, name)];
}

gint64
bansou_dispatch_num (BansouOp   *op,
                     const char *name,
                     gboolean   *is_null)
{
  BansouDispatchValues *v = op->fields;
  int i = bansou_dispatch_index (v->spec, name);

  if (is_null)
    *is_null = v->null[i];
  return v->num[i];
}

/* The record: columns id, the fields in order, rev, updated_at, updated_by. */
void
bansou_dispatch_to_json (const BansouDispatchSpec *spec,
                         JsonBuilder              *b,
                         BansouServerStmt             *stmt)
{
  guint n = spec->n_fields;

  json_builder_begin_object (b);
  bansou_json_add_string (b, "type", spec->type);
  bansou_json_add_string (b, "id", bansou_col_text (stmt, 0));
  for (guint i = 0; i < n; i++)
    {
      const BansouDispatchField *f = &spec->fields[i];
      int col = (int) i + 1;

      json_builder_set_member_name (b, f->name);
      if (bansou_server_stmt_column_is_null (stmt, col))
        {
          json_builder_add_null_value (b);
          continue;
        }
      switch (f->type)
        {
        case BANSOU_DF_INT:
          json_builder_add_int_value (b, bansou_server_stmt_column_int64 (stmt, col));
          break;
        case BANSOU_DF_BOOL:
          json_builder_add_boolean_value (b, bansou_server_stmt_column_int64 (stmt, col) != 0);
          break;
        case BANSOU_DF_JSON:
          {
            JsonNode *node = json_from_string (bansou_col_text (stmt, col), NULL);

            if (node != NULL)
              json_builder_add_value (b, node);
            else
              json_builder_add_null_value (b);
          }
          break;
        default:
          json_builder_add_string_value (b, bansou_col_text (stmt, col));
          break;
        }
    }
  bansou_json_add_int (b, "rev", bansou_server_stmt_column_int64 (stmt, (int) n + 1));
  bansou_json_add_string (b, "updated_at", bansou_col_text (stmt, (int) n + 2));
  bansou_json_add_string (b, "updated_by", bansou_col_text (stmt, (int) n + 3));
  json_builder_end_object (b);
}

gboolean
bansou_dispatch_write (BansouServerDb           *db,
                       const BansouServerToken  *token,
                       BansouOp                 *op,
                       gint64                    rev,
                       const char               *now,
                       GError                  **error)
{
  BansouDispatchValues *v = op->fields;
  const BansouDispatchSpec *spec = v->spec;
  g_autoptr(GString) sql = g_string_new ("INSERT INTO ");
  g_autoptr(GString) params = g_string_new ("?1");
  g_autoptr(GString) update = g_string_new (NULL);
  g_autoptr(BansouServerStmt) stmt = NULL;
  guint n = spec->n_fields;

  /* The same text for every write of the kind: prepared once (cached by text). */
  g_string_append_printf (sql, "%s (id", spec->table);
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (sql, ", %s", spec->fields[i].name);
      g_string_append_printf (params, ", ?%u", i + 2);
      g_string_append_printf (update, "%s = excluded.%s, ", spec->fields[i].name, spec->fields[i].name);
    }
  g_string_append_printf (sql, ", rev, updated_at, updated_by) VALUES (%s, ?%u, ?%u, ?%u) "
                          "ON CONFLICT (id) DO UPDATE SET %srev = excluded.rev, updated_at = excluded.updated_at, "
                          "updated_by = excluded.updated_by",
                          params->str, n + 2, n + 3, n + 4, update->str);

  stmt = bansou_server_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, op->keys[0]);
  for (guint i = 0; i < n; i++)
    {
      int p = (int) i + 2;

      switch (spec->fields[i].type)
        {
        case BANSOU_DF_INT:
        case BANSOU_DF_BOOL:
          if (v->null[i])
            bansou_server_stmt_bind_null (stmt, p);
          else
            bansou_server_stmt_bind_int64 (stmt, p, v->num[i]);
          break;
        default:
          bansou_server_stmt_bind_text (stmt, p, v->text[i]);
          break;
        }
    }
  bansou_server_stmt_bind_int64 (stmt, (int) n + 2, rev);
  bansou_server_stmt_bind_text (stmt, (int) n + 3, now);
  bansou_server_stmt_bind_text (stmt, (int) n + 4, token->name);
  return bansou_server_db_step_done (db, stmt, error);
}

/* ------------------------------------------------------------------------ */
/* Scope                                                                    */

gboolean
bansou_dispatch_authorize (const BansouServerToken  *token,
                           BansouOp                 *op,
                           GError                  **error)
{
  if (!bansou_dispatch_is_id (op->keys[0]))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“id” must be a UUID in lower case (g_uuid_string_random), not “%s”",
                   op->keys[0] ? op->keys[0] : "");
      return FALSE;
    }
  if (token->role == BANSOU_ROLE_NATIONAL)
    return bansou_kind_forbid (error, op, "the national desk reads expert dispatch; prefectures write it");
  if (token->role != BANSOU_ROLE_PREFECTURE)
    return bansou_kind_forbid (error, op, "only the prefecture writes its experts, requests and visits");
  /* The prefecture the record must belong to; validation checks it. */
  g_free (op->prefecture);
  op->prefecture = g_strdup (token->scope);
  return TRUE;
}

gboolean
bansou_dispatch_check_owner (BansouServerDb  *db,
                             const char      *table,
                             BansouOp        *op,
                             GError         **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT prefecture FROM %s WHERE id = ?", table);
  g_autoptr(BansouServerStmt) stmt = bansou_server_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, op->keys[0]);
  if (bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW && g_strcmp0 (bansou_col_text (stmt, 0), op->prefecture) != 0)
    return bansou_kind_forbid (error, op, "the record belongs to another prefecture");
  return TRUE;
}

gboolean
bansou_dispatch_check_body (BansouServerDb  *db,
                            BansouOp        *op,
                            const char      *body,
                            GError         **error)
{
  g_autofree char *pref = NULL;

  if (!bansou_code_is_body (body) || !bansou_kind_exists (db, "SELECT 1 FROM bodies WHERE code = ?", body))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_BODY, "There is no body “%s” (“body”)", body);
      return FALSE;
    }
  pref = bansou_code_prefecture_digits (body);
  if (g_strcmp0 (pref, op->prefecture) != 0)
    return bansou_kind_forbid (error, op, "the body belongs to another prefecture");
  g_free (op->body);
  op->body = g_strdup (body);
  return TRUE;
}

/* A list of distinct catalog ids: ["1.1", "2.3"]. */
char *
bansou_dispatch_check_ids (JsonNode    *node,
                           const char  *member,
                           GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *list;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length ((list = json_node_get_array (node))) > 200)
    {
      invalid (error, "“%s” must be a list of at most 200 catalog ids", member);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *e = json_array_get_element (list, i);
      const char *s = JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
                      ? json_node_get_string (e) : NULL;

      if (s == NULL || *s == '\0' || g_utf8_strlen (s, -1) > 200 || !g_hash_table_add (seen, (gpointer) s))
        {
          invalid (error, "“%s” must hold distinct catalog ids of 1 to 200 characters", member);
          return NULL;
        }
    }
  return json_to_string (node, FALSE);
}
