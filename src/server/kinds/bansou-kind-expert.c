/* bansou-kind-expert.c — an expert of a prefecture's pool (専門人材)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Key: id (a UUID the workbench made). Written by its prefecture; read by
 * it and the national desk, never by a body (bansou-kind-dispatch.c).
 * Skills and certifications travel inside the record.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>

#include "bansou-core.h"
#include "bansou-kind-dispatch.h"

static const char * const affiliations[] = {
  "prefecture_staff", "joint_hire", "shared_with_bodies", "contractor", "jlis", "other", NULL,
};

/* ["情報処理安全確保支援士", …]: at most 50, each 1 to 200 characters */
static char *
check_certifications (JsonNode    *node,
                      const char  *member,
                      GError     **error)
{
  JsonArray *list = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (list == NULL || json_array_get_length (list) > 50)
    goto bad;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *e = json_array_get_element (list, i);
      const char *s = JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
                      ? json_node_get_string (e) : NULL;

      /* one per line locally: a line break would split one in two */
      if (s == NULL || *s == '\0' || g_utf8_strlen (s, -1) > 200 || strchr (s, '\n') != NULL)
        goto bad;
    }
  return json_to_string (node, FALSE);

bad:
  g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
               "“%s” must be a list of at most 50 certifications, each one line of 1 to 200 characters", member);
  return NULL;
}

/* [{"target": "1.1", "level": 1–3}, …]: at most 200, distinct targets */
static char *
check_skills (JsonNode    *node,
              const char  *member,
              GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) out = NULL;
  JsonArray *list = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (list == NULL || json_array_get_length (list) > 200)
    goto bad;
  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *e = json_array_get_element (list, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
      JsonNode *t = o ? json_object_get_member (o, "target") : NULL;
      JsonNode *l = o ? json_object_get_member (o, "level") : NULL;
      const char *target;
      gint64 level;

      if (t == NULL || !JSON_NODE_HOLDS_VALUE (t) || json_node_get_value_type (t) != G_TYPE_STRING ||
          l == NULL || !JSON_NODE_HOLDS_VALUE (l) || json_node_get_value_type (l) != G_TYPE_INT64)
        goto bad;
      target = json_node_get_string (t);
      level = json_node_get_int (l);
      if (*target == '\0' || g_utf8_strlen (target, -1) > 200 || level < 1 || level > 3 ||
          !g_hash_table_add (seen, (gpointer) target))
        goto bad;
      json_builder_begin_object (b);
      bansou_json_add_string (b, "target", target);
      bansou_json_add_int (b, "level", level);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  out = json_builder_get_root (b);
  return json_to_string (out, FALSE);

bad:
  g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
               "“%s” must be a list of at most 200 {\"target\": a catalog id, \"level\": 1 to 3}, "
               "each target once", member);
  return NULL;
}

#define YEN_MAX 100000000   /* ¥100m: a typo, not a fee */

static const BansouDispatchField fields[] = {
  { "prefecture", BANSOU_DF_TEXT, BANSOU_DF_REQUIRED, 0, 2 },
  { "name", BANSOU_DF_TEXT, BANSOU_DF_REQUIRED, 0, 100 },
  { "affiliation", BANSOU_DF_ENUM, 0, .values = affiliations },
  { "organisation", BANSOU_DF_TEXT, 0, 0, 200 },
  { "contract_start", BANSOU_DF_DATE, BANSOU_DF_NULLABLE },
  { "contract_end", BANSOU_DF_DATE, BANSOU_DF_NULLABLE },
  { "certifications", BANSOU_DF_JSON, 0, .check = check_certifications },
  { "nda_signed_on", BANSOU_DF_DATE, BANSOU_DF_NULLABLE },
  { "nda_expires_on", BANSOU_DF_DATE, BANSOU_DF_NULLABLE },
  { "home_base", BANSOU_DF_TEXT, 0, 0, 6 },
  { "days_per_week", BANSOU_DF_INT, 0, 0, 5, 5 },
  { "monthly_visits", BANSOU_DF_INT, BANSOU_DF_NULLABLE, 0, 1000 },
  { "monthly_minutes", BANSOU_DF_INT, BANSOU_DF_NULLABLE, 0, 31 * 1440 },
  { "cost_per_visit", BANSOU_DF_INT, BANSOU_DF_NULLABLE, 0, YEN_MAX },
  { "cost_per_hour", BANSOU_DF_INT, BANSOU_DF_NULLABLE, 0, YEN_MAX },
  { "active", BANSOU_DF_BOOL, 0, 0, 1, 1 },
  { "notes", BANSOU_DF_TEXT, 0, 0, BANSOU_MAX_TEXT },
  { "skills", BANSOU_DF_JSON, 0, .check = check_skills },
};

static const BansouDispatchSpec spec = { "expert", "experts", fields, G_N_ELEMENTS (fields) };

#define EXPERT_SELECT \
  "SELECT id, prefecture, name, affiliation, organisation, contract_start, contract_end, certifications, " \
  "nda_signed_on, nda_expires_on, home_base, days_per_week, monthly_visits, monthly_minutes, cost_per_visit, " \
  "cost_per_hour, active, notes, skills, rev, updated_at, updated_by FROM experts "

static void
kind_to_json (JsonBuilder  *b,
              BansouServerStmt *stmt)
{
  bansou_dispatch_to_json (&spec, b, stmt);
}

static gboolean
kind_validate (BansouServerDb  *db,
               BansouOp        *op,
               GError         **error)
{
  const char *home, *start, *end;

  if (!bansou_dispatch_read (&spec, op, error))
    return FALSE;
  if (!g_str_equal (bansou_dispatch_text (op, "prefecture"), op->prefecture))
    return bansou_kind_forbid (error, op, "“prefecture” is not the token's prefecture");
  if (!bansou_dispatch_check_owner (db, spec.table, op, error))
    return FALSE;

  home = bansou_dispatch_text (op, "home_base");
  if (*home != '\0' && (!bansou_code_is_body (home) ||
                        !bansou_kind_exists (db, "SELECT 1 FROM bodies WHERE code = ?", home)))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_BODY,
                   "There is no body “%s” (“home_base”)", home);
      return FALSE;
    }
  start = bansou_dispatch_text (op, "contract_start");
  end = bansou_dispatch_text (op, "contract_end");
  if (start != NULL && end != NULL && strcmp (end, start) < 0)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“contract_end” must not be before “contract_start”");
      return FALSE;
    }
  if (bansou_dispatch_text (op, "nda_expires_on") != NULL && bansou_dispatch_text (op, "nda_signed_on") == NULL)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“nda_expires_on” needs “nda_signed_on”");
      return FALSE;
    }
  /* the feed's body column stays empty: no body token sees an expert */
  g_clear_pointer (&op->body, g_free);
  return TRUE;
}

const BansouServerKind bansou_kind_expert = {
  .type = "expert",
  .keys = { "id" },
  .flags = BANSOU_KIND_IN_BATCH,
  .select_sql = EXPERT_SELECT "WHERE id = ?1",
  .rev_sql = "SELECT rev FROM experts WHERE id = ?1",
  .missing_code = BANSOU_API_ERROR_NOT_FOUND,
  .missing_message = "There is no such expert",
  .to_json = kind_to_json,
  .authorize = bansou_dispatch_authorize,
  .validate = kind_validate,
  .write = bansou_dispatch_write,
};
