/* bansou-procurement-kinds.c — joint procurement's record kinds for sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * procurement_project: key (project), the payload every member of the
 *   project with its phases {"spec": date, …} and covered questions [ids];
 * procurement_participant: key (project, body), the payload {"joined_on",
 *   "left_on", "terminals", "users", "standalone"}.
 * Both are written by the ledger (bansou-procurements*.c), which puts the
 * record into the outbox in the transaction of the edit, and by the pull,
 * in the page's transaction. A project reaches every prefecture that takes
 * part in it, so participations name bodies of other prefectures: a body
 * this workbench's registry does not hold is skipped with the reason in
 * the audit trail. Each change refreshes the support actions of the
 * participations (支援効果). docs/procurement.md, "Sync and scope".
 */
#define G_LOG_DOMAIN "bansou-procurement"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-code.h"
#include "bansou-outbox.h"
#include "bansou-procurement-kinds.h"
#include "bansou-registry-kinds.h"
#include "bansou-store-sql.h"
#include "bansou-support.h"
#include "bansou-sync-kind.h"

#define PROJECT_TYPE     "procurement_project"
#define PARTICIPANT_TYPE "procurement_participant"

/* Audit entities of the ledger (bansou-procurements-private.h) */
#define PROCUREMENT_ENTITY   "procurement"
#define PARTICIPANT_ENTITY   "procurement-participant"

/* ------------------------------------------------------------------------ */
/* The outbox                                                               */

#define BOOL_JSON(col) "json(CASE WHEN " col " THEN 'true' ELSE 'false' END)"

/* Members of the wire format (docs/api.md), from the local tables. */
#define PROJECT_PAYLOAD \
  "json_object('title', p.title, 'procurement_type', p.type, 'lead_prefecture', p.lead_prefecture, " \
  "'lead_council', p.lead_council, 'phase', p.phase, " \
  "'phases', json((SELECT json_group_object(phase, on_date) FROM procurement_phases WHERE project = p.id)), " \
  "'contract_start', p.contract_start, 'contract_end', p.contract_end, 'total', p.total, " \
  "'subsidy_num', p.subsidy_num, 'subsidy_den', p.subsidy_den, 'subsidy_cap', p.subsidy_cap, " \
  "'w_equal', p.w_equal, 'w_population', p.w_population, 'w_terminals', p.w_terminals, 'w_users', p.w_users, " \
  "'standalone_fixed', p.standalone_fixed, 'standalone_per_unit', p.standalone_per_unit, " \
  "'standalone_basis', p.standalone_basis, 'vendor', p.vendor, 'sc_criteria', " BOOL_JSON ("p.sc_criteria") ", " \
  "'sc_declaration_on', p.sc_declaration_on, 'sc_declaration_ref', p.sc_declaration_ref, " \
  "'sc_penalty', " BOOL_JSON ("p.sc_penalty") ", 'sc_desk_required', " BOOL_JSON ("p.sc_desk_required") ", " \
  "'sc_desk_consulted', p.sc_desk_consulted, 'override_reason', p.override_reason, 'notes', p.notes, " \
  "'questions', json((SELECT json_group_array(question) FROM " \
  "  (SELECT question FROM procurement_questions WHERE project = p.id ORDER BY question))))"

#define PARTICIPANT_PAYLOAD \
  "json_object('joined_on', joined_on, 'left_on', left_on, 'terminals', terminals, 'users', users, " \
  "'standalone', standalone)"

static gboolean
outbox_from (BansouStore  *store,
             const char   *sql,
             const char   *type,
             const char   *k1,
             const char   *k2,
             GError      **error)
{
  g_autoptr(BansouCachedStmt) stmt = _bansou_store_prepare_cached (store, sql, error);
  g_autofree char *payload = NULL;
  gint64 base_rev;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, k1, -1, SQLITE_TRANSIENT);
  if (k2 != NULL)
    sqlite3_bind_text (stmt, 2, k2, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;   /* nothing to send: the record is gone */
  if (rc != SQLITE_ROW)
    {
      _bansou_store_set_error (store, error, _("reading a procurement"));
      return FALSE;
    }
  payload = g_strdup (_bansou_column_text (stmt, 0));
  base_rev = sqlite3_column_int64 (stmt, 1);
  return bansou_outbox_put (store, type, k1, k2, NULL, payload, base_rev, error);
}

gboolean
_bansou_procurement_outbox_project (BansouStore  *store,
                                    const char   *project,
                                    GError      **error)
{
  return outbox_from (store,
                      "SELECT " PROJECT_PAYLOAD ", p.server_rev FROM procurement_projects p WHERE p.id = ?1",
                      PROJECT_TYPE, project, NULL, error);
}

gboolean
_bansou_procurement_outbox_participant (BansouStore  *store,
                                        const char   *project,
                                        const char   *body,
                                        GError      **error)
{
  return outbox_from (store,
                      "SELECT " PARTICIPANT_PAYLOAD ", server_rev FROM procurement_participants "
                      "WHERE project = ?1 AND body = ?2",
                      PARTICIPANT_TYPE, project, body, error);
}

/* ------------------------------------------------------------------------ */
/* Who writes                                                               */

gboolean
_bansou_procurement_check_writer (BansouStore  *store,
                                  const char   *lead_prefecture,
                                  const char   *body,
                                  GError      **error)
{
  g_autofree char *mine = bansou_store_get_setting (store, "prefecture");
  g_autofree char *body_prefecture = NULL;

  if (mine == NULL || *mine == '\0' || g_str_equal (mine, BANSOU_SCOPE_NATIONAL))
    return TRUE;
  if (g_strcmp0 (lead_prefecture, mine) == 0)
    return TRUE;
  if (body == NULL)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CONSTRAINT,
                   _("Only the lead prefecture (%s) changes this procurement project; this workbench serves "
                     "prefecture %s"), lead_prefecture, mine);
      return FALSE;
    }
  body_prefecture = bansou_code_prefecture_digits (body);
  if (g_strcmp0 (body_prefecture, mine) == 0)
    return TRUE;
  g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CONSTRAINT,
               _("The participation of %s is changed by the lead prefecture (%s) or by the body’s own "
                 "prefecture; this workbench serves prefecture %s"), body, lead_prefecture, mine);
  return FALSE;
}

gboolean
_bansou_procurement_check_writer_of (BansouStore  *store,
                                     const char   *project,
                                     const char   *body,
                                     GError      **error)
{
  g_autoptr(BansouCachedStmt) stmt =
    _bansou_store_prepare_cached (store, "SELECT lead_prefecture FROM procurement_projects WHERE id = ?1", error);
  g_autofree char *lead = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, project, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    lead = g_strdup (_bansou_column_text (stmt, 0));
  return _bansou_procurement_check_writer (store, lead ? lead : "", body, error);
}

/* ------------------------------------------------------------------------ */
/* Support actions                                                          */

gboolean
_bansou_procurement_refresh_support (BansouStore  *store,
                                     const char   *project,
                                     const char   *body,
                                     GError      **error)
{
  g_autoptr(sqlite3_stmt) q = NULL;
  g_autoptr(sqlite3_stmt) parts = NULL;
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (BansouSupportTarget));
  int rc;

  q = _bansou_store_prepare (store, "SELECT question FROM procurement_questions WHERE project = ?1 ORDER BY question",
                             error);
  parts = _bansou_store_prepare (store,
                                 "SELECT pp.body, coalesce (pp.joined_on, p.contract_start) "
                                 "FROM procurement_participants pp JOIN procurement_projects p ON p.id = pp.project "
                                 "WHERE pp.project = ?1 AND (?2 IS NULL OR pp.body = ?2) ORDER BY pp.body", error);
  if (q == NULL || parts == NULL)
    return FALSE;
  sqlite3_bind_text (q, 1, project, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    g_ptr_array_add (questions, g_strdup (_bansou_column_text (q, 0)));
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading a procurement"));
      return FALSE;
    }

  sqlite3_bind_text (parts, 1, project, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (parts, 2, body, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (parts)) == SQLITE_ROW)
    {
      const char *code = _bansou_column_text (parts, 0);
      const char *on = sqlite3_column_type (parts, 1) == SQLITE_NULL ? NULL : _bansou_column_text (parts, 1);
      g_autofree char *source = g_strdup_printf ("%s/%s", project, code);

      g_array_set_size (targets, 0);
      for (guint i = 0; i < questions->len; i++)
        {
          BansouSupportTarget t = { code, g_ptr_array_index (questions, i) };
          g_array_append_val (targets, t);
        }
      if (!bansou_support_set_actions (store, BANSOU_SUPPORT_PROCUREMENT, source, on, NULL,
                                       (const BansouSupportTarget *) (gpointer) targets->data, targets->len, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading a procurement"));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Shared by both kinds                                                     */

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID, message);
  return FALSE;
}

/* Whether the server holds exactly our version: every member we would
 * send has the server's value (phases compare as sets). */
static gboolean
same_members (JsonObject             *mine,
              const BansouSyncRecord *record)
{
  JsonObject *theirs = json_node_get_object (record->node);
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init (&iter, mine);
  while (json_object_iter_next (&iter, &member, &value))
    {
      JsonNode *other = json_object_get_member (theirs, member);

      if (other == NULL)
        {
          if (!JSON_NODE_HOLDS_NULL (value))
            return FALSE;
        }
      else if (!json_node_equal (value, other))
        return FALSE;
    }
  return TRUE;
}

/* A whole number or null from the server's JSON (-1: null) */
static gboolean
json_int_or_null (JsonObject  *obj,
                  const char  *member,
                  gint64      *out,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = -1;
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return bansou_sync_json_int (obj, member, 0, out, error);
}

/* A merged value: a number, digits, or empty for none (-1). */
static gboolean
merged_int (JsonObject  *fields,
            const char  *member,
            gint64       max,
            gint64      *out)
{
  JsonNode *node = json_object_get_member (fields, member);
  const char *text;
  guint64 v;

  *out = -1;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return *out >= 0 && *out <= max;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (node);
  if (bansou_str_is_blank (text))
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, (guint64) max, &v, NULL))
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

static void
bind_int_or_null (sqlite3_stmt *stmt,
                  int           col,
                  gint64        value)
{
  if (value < 0)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_int64 (stmt, col, value);
}

static gboolean
audit_pulled (BansouSyncContext       *ctx,
              const char              *entity,
              const BansouSyncRecord  *record,
              const char              *updated_by,
              GError                 **error)
{
  g_autofree char *key = bansou_sync_key_string (record->key);
  g_autofree char *what = g_strdup_printf ("rev %" G_GINT64_FORMAT " by %s", record->rev,
                                           updated_by ? updated_by : "");

  return bansou_sync_context_audit (ctx, entity, key, "pulled", NULL, what, error);
}

/* ------------------------------------------------------------------------ */
/* procurement_project                                                      */

static const char * const phase_names[] = { "spec", "notice", "contract", "build", "operation", "renewal", NULL };
static const char * const type_names[] = {
  "security_cloud", "file_sanitization", "online_storage", "beta_prime", "gov_cloud", "training",
  "vulnerability_assessment", "external_audit", "other", NULL,
};
static const char * const basis_names[] = { "population", "terminals", "users", NULL };

typedef struct
{
  const char *id;
  const char *title;
  const char *type;
  const char *lead_prefecture;
  const char *lead_council;
  const char *phase;
  JsonObject *phases;
  const char *contract_start;
  const char *contract_end;
  gint64      total, subsidy_num, subsidy_den, subsidy_cap;
  gint64      weights[4];
  gint64      standalone_fixed, standalone_per_unit;
  const char *standalone_basis;
  const char *vendor;
  gboolean    sc_criteria;
  const char *sc_declaration_on;
  const char *sc_declaration_ref;
  gboolean    sc_penalty;
  gboolean    sc_desk_required;
  const char *sc_desk_consulted;
  const char *override_reason;
  const char *notes;
  JsonArray  *questions;
  const char *updated_at;
  const char *updated_by;
} Project;

static const BansouSyncField project_fields[] = {
  { "title", N_("Title"), BANSOU_SYNC_FIELD_LINE },
  { "contract_start", N_("Contract start"), BANSOU_SYNC_FIELD_DATE },
  { "contract_end", N_("Contract end"), BANSOU_SYNC_FIELD_DATE },
  { "vendor", N_("Vendor"), BANSOU_SYNC_FIELD_LINE },
  { "override_reason", N_("Reason for the override"), BANSOU_SYNC_FIELD_TEXT },
  { "notes", N_("Notes"), BANSOU_SYNC_FIELD_TEXT },
};

static const char * const weight_members[] = { "w_equal", "w_population", "w_terminals", "w_users" };

static gboolean
project_parse (BansouSyncRecord  *record,
               JsonObject        *obj,
               GError           **error)
{
  Project *p = g_new0 (Project, 1);
  const guint opt = BANSOU_SYNC_JSON_OPTIONAL;
  const guint date = BANSOU_SYNC_JSON_OPTIONAL | BANSOU_SYNC_JSON_NULLABLE;
  gint64 sum = 0;

  record->data = p;
  if (!bansou_sync_json_str (obj, "project", BANSOU_SYNC_JSON_REQUIRED, 36, &p->id, error) ||
      !bansou_sync_json_str (obj, "title", BANSOU_SYNC_JSON_REQUIRED, 200, &p->title, error) ||
      !bansou_sync_json_str (obj, "procurement_type", BANSOU_SYNC_JSON_REQUIRED, 32, &p->type, error) ||
      !bansou_sync_json_str (obj, "lead_prefecture", BANSOU_SYNC_JSON_REQUIRED, 2, &p->lead_prefecture, error) ||
      !bansou_sync_json_str (obj, "lead_council", opt, 200, &p->lead_council, error) ||
      !bansou_sync_json_str (obj, "phase", BANSOU_SYNC_JSON_REQUIRED, 16, &p->phase, error) ||
      !(p->phases = bansou_sync_json_object (obj, "phases", error)) ||
      !bansou_sync_json_date (obj, "contract_start", date, &p->contract_start, error) ||
      !bansou_sync_json_date (obj, "contract_end", date, &p->contract_end, error) ||
      !bansou_sync_json_int (obj, "total", 0, &p->total, error) ||
      !bansou_sync_json_int (obj, "subsidy_num", 0, &p->subsidy_num, error) ||
      !bansou_sync_json_int (obj, "subsidy_den", 1, &p->subsidy_den, error) ||
      !json_int_or_null (obj, "subsidy_cap", &p->subsidy_cap, error))
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      if (!bansou_sync_json_int (obj, weight_members[i], 0, &p->weights[i], error))
        return FALSE;
      sum += p->weights[i];
    }
  if (!json_int_or_null (obj, "standalone_fixed", &p->standalone_fixed, error) ||
      !json_int_or_null (obj, "standalone_per_unit", &p->standalone_per_unit, error) ||
      !bansou_sync_json_str (obj, "standalone_basis", BANSOU_SYNC_JSON_REQUIRED, 16, &p->standalone_basis, error) ||
      !bansou_sync_json_str (obj, "vendor", opt, 200, &p->vendor, error) ||
      !bansou_sync_json_bool (obj, "sc_criteria", &p->sc_criteria, error) ||
      !bansou_sync_json_date (obj, "sc_declaration_on", date, &p->sc_declaration_on, error) ||
      !bansou_sync_json_str (obj, "sc_declaration_ref", opt, 200, &p->sc_declaration_ref, error) ||
      !bansou_sync_json_bool (obj, "sc_penalty", &p->sc_penalty, error) ||
      !bansou_sync_json_bool (obj, "sc_desk_required", &p->sc_desk_required, error) ||
      !bansou_sync_json_date (obj, "sc_desk_consulted", date, &p->sc_desk_consulted, error) ||
      !bansou_sync_json_str (obj, "override_reason", opt, 1000, &p->override_reason, error) ||
      !bansou_sync_json_str (obj, "notes", opt, BANSOU_SYNC_MAX_TEXT, &p->notes, error) ||
      !(p->questions = bansou_sync_json_array (obj, "questions", error)) ||
      !bansou_sync_json_str (obj, "updated_at", opt, 64, &p->updated_at, error) ||
      !bansou_sync_json_str (obj, "updated_by", opt, 200, &p->updated_by, error))
    return FALSE;

  if (!g_uuid_string_is_valid (p->id))
    return bansou_sync_protocol_error (error, _("not a UUID:"), "project");
  if (!g_strv_contains (type_names, p->type))
    return bansou_sync_protocol_error (error, _("unknown value of"), "procurement_type");
  if (!g_strv_contains (phase_names, p->phase))
    return bansou_sync_protocol_error (error, _("unknown value of"), "phase");
  if (!g_strv_contains (basis_names, p->standalone_basis))
    return bansou_sync_protocol_error (error, _("unknown value of"), "standalone_basis");
  if (strlen (p->lead_prefecture) != 2 || !g_ascii_isdigit (p->lead_prefecture[0]) ||
      !g_ascii_isdigit (p->lead_prefecture[1]))
    return bansou_sync_protocol_error (error, _("not a prefecture:"), "lead_prefecture");
  if (sum != 10000 || p->subsidy_num > p->subsidy_den)
    return bansou_sync_protocol_error (error, _("out of range:"), "w_equal");
  if (p->contract_start && p->contract_end && strcmp (p->contract_end, p->contract_start) < 0)
    return bansou_sync_protocol_error (error, _("out of range:"), "contract_end");
  {
    JsonObjectIter iter;
    const char *member;
    JsonNode *value;

    json_object_iter_init (&iter, p->phases);
    while (json_object_iter_next (&iter, &member, &value))
      if (!g_strv_contains (phase_names, member) || !JSON_NODE_HOLDS_VALUE (value) ||
          json_node_get_value_type (value) != G_TYPE_STRING || !bansou_sync_is_date (json_node_get_string (value)))
        return bansou_sync_protocol_error (error, _("not a date:"), "phases");
  }
  for (guint i = 0; i < json_array_get_length (p->questions); i++)
    {
      JsonNode *e = json_array_get_element (p->questions, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
          *json_node_get_string (e) == '\0' || strlen (json_node_get_string (e)) > 64)
        return bansou_sync_protocol_error (error, _("not a question id:"), "questions");
    }

  record->key[0] = p->id;
  /* Everyone's as far as the pull goes: the server sends a project only
   * to the prefectures that take part in it. */
  record->scope[0] = '\0';
  return TRUE;
}

/* Writes @p into the local tables; @server_rev < 0 keeps the local
 * revision (a conflict's resolution), else only a newer revision is
 * written. @written: whether the project row changed. */
static gboolean
store_project (BansouStore   *store,
               const Project *p,
               gint64         server_rev,
               gboolean      *written,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) s = NULL;
  g_autoptr(sqlite3_stmt) del_phases = NULL;
  g_autoptr(sqlite3_stmt) del_questions = NULL;
  g_autoptr(sqlite3_stmt) ins_phase = NULL;
  g_autoptr(sqlite3_stmt) ins_question = NULL;
  g_autofree char *now = bansou_now_iso ();
  int c = 1;

  s = _bansou_store_prepare (store,
                             "INSERT INTO procurement_projects (id, title, type, lead_prefecture, lead_council, "
                             "phase, contract_start, contract_end, total, subsidy_num, subsidy_den, subsidy_cap, "
                             "w_equal, w_population, w_terminals, w_users, standalone_fixed, standalone_per_unit, "
                             "standalone_basis, vendor, sc_criteria, sc_declaration_on, sc_declaration_ref, "
                             "sc_penalty, sc_desk_required, sc_desk_consulted, override_reason, notes, "
                             "created_at, updated_by, updated_at, server_rev) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                             "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, "
                             "?25, ?26, ?27, ?28, ?29, ?30, ?31, max (?32, 0)) "
                             "ON CONFLICT (id) DO UPDATE SET title = excluded.title, type = excluded.type, "
                             "lead_prefecture = excluded.lead_prefecture, lead_council = excluded.lead_council, "
                             "phase = excluded.phase, contract_start = excluded.contract_start, "
                             "contract_end = excluded.contract_end, total = excluded.total, "
                             "subsidy_num = excluded.subsidy_num, subsidy_den = excluded.subsidy_den, "
                             "subsidy_cap = excluded.subsidy_cap, w_equal = excluded.w_equal, "
                             "w_population = excluded.w_population, w_terminals = excluded.w_terminals, "
                             "w_users = excluded.w_users, standalone_fixed = excluded.standalone_fixed, "
                             "standalone_per_unit = excluded.standalone_per_unit, "
                             "standalone_basis = excluded.standalone_basis, vendor = excluded.vendor, "
                             "sc_criteria = excluded.sc_criteria, sc_declaration_on = excluded.sc_declaration_on, "
                             "sc_declaration_ref = excluded.sc_declaration_ref, sc_penalty = excluded.sc_penalty, "
                             "sc_desk_required = excluded.sc_desk_required, "
                             "sc_desk_consulted = excluded.sc_desk_consulted, "
                             "override_reason = excluded.override_reason, notes = excluded.notes, "
                             "updated_by = excluded.updated_by, updated_at = excluded.updated_at, "
                             "server_rev = CASE WHEN ?32 < 0 THEN procurement_projects.server_rev "
                             "  ELSE excluded.server_rev END "
                             "WHERE ?32 < 0 OR procurement_projects.server_rev < excluded.server_rev", error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, c++, p->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->lead_prefecture, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->lead_council ? p->lead_council : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->phase, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->contract_start, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->contract_end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, c++, p->total);
  sqlite3_bind_int64 (s, c++, p->subsidy_num);
  sqlite3_bind_int64 (s, c++, p->subsidy_den);
  bind_int_or_null (s, c++, p->subsidy_cap);
  for (guint i = 0; i < 4; i++)
    sqlite3_bind_int64 (s, c++, p->weights[i]);
  bind_int_or_null (s, c++, p->standalone_fixed);
  bind_int_or_null (s, c++, p->standalone_per_unit);
  sqlite3_bind_text (s, c++, p->standalone_basis, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->vendor ? p->vendor : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (s, c++, p->sc_criteria);
  sqlite3_bind_text (s, c++, p->sc_declaration_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->sc_declaration_ref ? p->sc_declaration_ref : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (s, c++, p->sc_penalty);
  sqlite3_bind_int (s, c++, p->sc_desk_required);
  sqlite3_bind_text (s, c++, p->sc_desk_consulted, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->override_reason ? p->override_reason : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->notes ? p->notes : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->updated_at && *p->updated_at ? p->updated_at : now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->updated_by ? p->updated_by : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, c++, p->updated_at && *p->updated_at ? p->updated_at : now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, c++, server_rev);
  if (!_bansou_store_step_done (store, s, error))
    return FALSE;
  *written = sqlite3_changes (_bansou_store_get_db (store)) != 0;
  if (!*written)
    return TRUE;

  del_phases = _bansou_store_prepare (store, "DELETE FROM procurement_phases WHERE project = ?1", error);
  del_questions = _bansou_store_prepare (store, "DELETE FROM procurement_questions WHERE project = ?1", error);
  ins_phase = _bansou_store_prepare (store,
                                     "INSERT INTO procurement_phases (project, phase, on_date) VALUES (?1, ?2, ?3)",
                                     error);
  ins_question = _bansou_store_prepare (store,
                                        "INSERT OR IGNORE INTO procurement_questions (project, question) "
                                        "VALUES (?1, ?2)", error);
  if (del_phases == NULL || del_questions == NULL || ins_phase == NULL || ins_question == NULL)
    return FALSE;
  sqlite3_bind_text (del_phases, 1, p->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (del_questions, 1, p->id, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, del_phases, error) ||
      !_bansou_store_step_done (store, del_questions, error))
    return FALSE;
  {
    JsonObjectIter iter;
    const char *member;
    JsonNode *value;

    json_object_iter_init (&iter, p->phases);
    while (json_object_iter_next (&iter, &member, &value))
      {
        sqlite3_reset (ins_phase);
        sqlite3_bind_text (ins_phase, 1, p->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (ins_phase, 2, member, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (ins_phase, 3, json_node_get_string (value), -1, SQLITE_TRANSIENT);
        if (!_bansou_store_step_done (store, ins_phase, error))
          return FALSE;
      }
  }
  for (guint i = 0; i < json_array_get_length (p->questions); i++)
    {
      sqlite3_reset (ins_question);
      sqlite3_bind_text (ins_question, 1, p->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins_question, 2, json_array_get_string_element (p->questions, i), -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, ins_question, error))
        return FALSE;
    }

  return _bansou_procurement_refresh_support (store, p->id, NULL, error);
}

static gboolean
project_apply (BansouSyncContext  *ctx,
               BansouSyncRecord   *record,
               gboolean           *written,
               GError            **error)
{
  Project *p = record->data;

  if (!store_project (bansou_sync_context_get_store (ctx), p, record->rev, written, error))
    return FALSE;
  return !*written || audit_pulled (ctx, PROCUREMENT_ENTITY, record, p->updated_by, error);
}

static gboolean
project_get_rev (BansouStore         *store,
                 const char * const  *key,
                 gboolean            *exists,
                 gint64              *rev,
                 GError             **error)
{
  return bansou_sync_read_rev (store, "SELECT server_rev FROM procurement_projects WHERE id = ?1", key, 1, exists, rev, error);
}

static gboolean
project_set_rev (BansouStore         *store,
                 const char * const  *key,
                 gint64               rev,
                 GError             **error)
{
  return bansou_sync_note_rev (store, "UPDATE procurement_projects SET server_rev = ?4 WHERE id = ?1", key, 1, rev, error);
}

static gboolean
project_forget_revs (BansouStore  *store,
                     GError      **error)
{
  return bansou_store_exec (store, "UPDATE procurement_projects SET server_rev = 0 WHERE server_rev <> 0;", error);
}

/* @fields: the server's record (every member), or a merge of the
 * conflict view's fields (text or null); NULL: the server has none. */
static gboolean
project_write_local (BansouStore         *store,
                     const char * const  *key,
                     JsonObject          *fields,
                     GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();
  const char *title, *start, *end, *vendor, *override, *notes;

  if (fields == NULL)
    {
      stmt = _bansou_store_prepare (store, "DELETE FROM procurement_projects WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
      return _bansou_store_step_done (store, stmt, error) &&
             bansou_store_exec (store, "DELETE FROM support_actions WHERE kind = 'procurement' AND source NOT IN "
                                "(SELECT project || '/' || body FROM procurement_participants);", error);
    }

  if (json_object_has_member (fields, "rev"))
    {
      /* A whole record of the server: read it as the pull does. */
      BansouSyncRecord record = { 0 };
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(GError) local = NULL;
      gboolean written;
      gboolean ok;

      json_node_set_object (node, fields);
      record.node = node;
      ok = project_parse (&record, fields, &local) &&
           store_project (store, record.data, -1, &written, &local);
      g_free (record.data);
      if (!ok)
        return invalid (error, _("The server’s version of the procurement project cannot be kept here"));
      return TRUE;
    }

  title = bansou_sync_payload_str (fields, "title");
  start = bansou_sync_payload_str (fields, "contract_start");
  end = bansou_sync_payload_str (fields, "contract_end");
  vendor = bansou_sync_payload_str (fields, "vendor");
  override = bansou_sync_payload_str (fields, "override_reason");
  notes = bansou_sync_payload_str (fields, "notes");
  if (bansou_str_is_blank (title) || g_utf8_strlen (title, -1) > 200)
    return invalid (error, _("The merged project needs a title of at most 200 characters"));
  if ((start && *start && !bansou_sync_is_date (start)) || (end && *end && !bansou_sync_is_date (end)))
    return invalid (error, _("The merged contract period is not a date (use YYYY-MM-DD)"));
  if (start && *start && end && *end && strcmp (end, start) < 0)
    return invalid (error, _("The merged contract ends before it starts"));
  if ((vendor && g_utf8_strlen (vendor, -1) > 200) || (override && g_utf8_strlen (override, -1) > 1000) ||
      (notes && g_utf8_strlen (notes, -1) > BANSOU_SYNC_MAX_TEXT))
    return invalid (error, _("The merged vendor, reason or notes are too long"));

  stmt = _bansou_store_prepare (store,
                                "UPDATE procurement_projects SET title = ?2, contract_start = nullif (?3, ''), "
                                "contract_end = nullif (?4, ''), vendor = ?5, override_reason = ?6, notes = ?7, "
                                "updated_by = ?8, updated_at = ?9 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, start, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, vendor ? vendor : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, override ? override : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, notes ? notes : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, now, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (store, stmt, error) &&
         _bansou_procurement_refresh_support (store, key[0], NULL, error);
}

static gboolean
project_enqueue (BansouStore         *store,
                 const char * const  *key,
                 GError             **error)
{
  return _bansou_procurement_outbox_project (store, key[0], error);
}

static const BansouSyncKind project_kind = {
  .type = PROJECT_TYPE,
  .keys = { { "project", NULL } },
  .n_keys = 1,
  .fields = project_fields,
  .n_fields = G_N_ELEMENTS (project_fields),
  .parse = project_parse,
  .apply = project_apply,
  .get_rev = project_get_rev,
  .set_rev = project_set_rev,
  .forget_revs = project_forget_revs,
  .same = same_members,
  .write_local = project_write_local,
  .enqueue = project_enqueue,
};

/* ------------------------------------------------------------------------ */
/* procurement_participant                                                  */

typedef struct
{
  const char *project;
  const char *body;
  const char *joined_on;
  const char *left_on;
  gint64      units[3];    /* terminals, users, standalone; -1 none */
  const char *updated_at;
  const char *updated_by;
} Participant;

static const char * const unit_members[3] = { "terminals", "users", "standalone" };
#define MAX_UNIT G_GINT64_CONSTANT (1000000000)
#define MAX_YEN  G_GINT64_CONSTANT (1000000000000)

static const BansouSyncField participant_fields[] = {
  { "joined_on", N_("Joined on"), BANSOU_SYNC_FIELD_DATE },
  { "left_on", N_("Left on"), BANSOU_SYNC_FIELD_DATE },
  { "terminals", N_("Terminals"), BANSOU_SYNC_FIELD_LINE },
  { "users", N_("Users"), BANSOU_SYNC_FIELD_LINE },
  { "standalone", N_("Stand-alone estimate (yen)"), BANSOU_SYNC_FIELD_LINE },
};

static gboolean
participant_parse (BansouSyncRecord  *record,
                   JsonObject        *obj,
                   GError           **error)
{
  Participant *p = g_new0 (Participant, 1);
  const guint date = BANSOU_SYNC_JSON_OPTIONAL | BANSOU_SYNC_JSON_NULLABLE;

  record->data = p;
  if (!bansou_sync_json_str (obj, "project", BANSOU_SYNC_JSON_REQUIRED, 36, &p->project, error) ||
      !bansou_sync_json_str (obj, "body", BANSOU_SYNC_JSON_REQUIRED, 6, &p->body, error) ||
      !bansou_sync_json_date (obj, "joined_on", date, &p->joined_on, error) ||
      !bansou_sync_json_date (obj, "left_on", date, &p->left_on, error))
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      if (!json_int_or_null (obj, unit_members[i], &p->units[i], error))
        return FALSE;
      if (p->units[i] > (i == 2 ? MAX_YEN : MAX_UNIT))
        return bansou_sync_protocol_error (error, _("out of range:"), unit_members[i]);
    }
  if (!bansou_sync_json_str (obj, "updated_at", BANSOU_SYNC_JSON_OPTIONAL, 64, &p->updated_at, error) ||
      !bansou_sync_json_str (obj, "updated_by", BANSOU_SYNC_JSON_OPTIONAL, 200, &p->updated_by, error))
    return FALSE;
  if (!g_uuid_string_is_valid (p->project))
    return bansou_sync_protocol_error (error, _("not a UUID:"), "project");
  if (!_bansou_registry_is_sync_code (p->body))
    return bansou_sync_protocol_error (error, _("not a body code:"), "body");
  if (p->joined_on && p->left_on && strcmp (p->left_on, p->joined_on) < 0)
    return bansou_sync_protocol_error (error, _("out of range:"), "left_on");

  record->key[0] = p->project;
  record->key[1] = p->body;
  record->scope[0] = '\0';
  return TRUE;
}

/* A body this workbench's registry lacks, or a project it does not hold,
 * is not kept: skipped, with the reason in the audit trail. */
static gboolean
participant_accept (BansouSyncContext  *ctx,
                    BansouSyncRecord   *record,
                    gboolean           *keep,
                    GError            **error)
{
  Participant *p = record->data;
  const char *reason = NULL;
  gboolean has;

  if (!_bansou_registry_sync_has_body (ctx, p->body, &has, error))
    return FALSE;
  if (!has)
    reason = "no such body in the registry here";
  else
    {
      /* Re-read: a project of this page may have just arrived. */
      BansouStore *store = bansou_sync_context_get_store (ctx);
      sqlite3_stmt *s = bansou_sync_stmt (store, "SELECT 1 FROM procurement_projects WHERE id = ?1", error);
      int rc;

      if (s == NULL)
        return FALSE;
      sqlite3_bind_text (s, 1, p->project, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (s);
      sqlite3_reset (s);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _bansou_store_set_error (store, error, _("reading a procurement"));
          return FALSE;
        }
      if (rc == SQLITE_DONE)
        reason = "no such project here";
    }

  *keep = reason == NULL;
  if (reason != NULL)
    {
      g_autofree char *key = bansou_sync_key_string (record->key);

      g_message ("Skipping %s %s: %s", record->kind->type, key, reason);
      return bansou_sync_context_audit (ctx, PARTICIPANT_ENTITY, key, "sync-skipped", NULL, reason, error);
    }
  return TRUE;
}

/* @server_rev < 0: a conflict's resolution, the local revision stays. */
static gboolean
store_participant (BansouStore        *store,
                   const Participant  *p,
                   gint64              server_rev,
                   gboolean           *written,
                   GError            **error)
{
  g_autoptr(sqlite3_stmt) s = NULL;
  g_autofree char *now = bansou_now_iso ();

  s = _bansou_store_prepare (store,
                             "INSERT INTO procurement_participants (project, body, joined_on, left_on, terminals, "
                             "users, standalone, updated_by, updated_at, server_rev) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, max (?10, 0)) "
                             "ON CONFLICT (project, body) DO UPDATE SET joined_on = excluded.joined_on, "
                             "left_on = excluded.left_on, terminals = excluded.terminals, users = excluded.users, "
                             "standalone = excluded.standalone, updated_by = excluded.updated_by, "
                             "updated_at = excluded.updated_at, "
                             "server_rev = CASE WHEN ?10 < 0 THEN procurement_participants.server_rev "
                             "  ELSE excluded.server_rev END "
                             "WHERE ?10 < 0 OR procurement_participants.server_rev < excluded.server_rev", error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, p->project, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, p->body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 3, p->joined_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 4, p->left_on, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < 3; i++)
    bind_int_or_null (s, 5 + (int) i, p->units[i]);
  sqlite3_bind_text (s, 8, p->updated_by ? p->updated_by : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 9, p->updated_at && *p->updated_at ? p->updated_at : now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, 10, server_rev);
  if (!_bansou_store_step_done (store, s, error))
    return FALSE;
  *written = sqlite3_changes (_bansou_store_get_db (store)) != 0;
  return !*written || _bansou_procurement_refresh_support (store, p->project, p->body, error);
}

static gboolean
participant_apply (BansouSyncContext  *ctx,
                   BansouSyncRecord   *record,
                   gboolean           *written,
                   GError            **error)
{
  Participant *p = record->data;

  if (!store_participant (bansou_sync_context_get_store (ctx), p, record->rev, written, error))
    return FALSE;
  return !*written || audit_pulled (ctx, PARTICIPANT_ENTITY, record, p->updated_by, error);
}

static gboolean
participant_get_rev (BansouStore         *store,
                     const char * const  *key,
                     gboolean            *exists,
                     gint64              *rev,
                     GError             **error)
{
  return bansou_sync_read_rev (store, "SELECT server_rev FROM procurement_participants WHERE project = ?1 AND body = ?2",
                  key, 2, exists, rev, error);
}

static gboolean
participant_set_rev (BansouStore         *store,
                     const char * const  *key,
                     gint64               rev,
                     GError             **error)
{
  return bansou_sync_note_rev (store, "UPDATE procurement_participants SET server_rev = ?4 WHERE project = ?1 AND body = ?2",
                  key, 2, rev, error);
}

static gboolean
participant_forget_revs (BansouStore  *store,
                         GError      **error)
{
  return bansou_store_exec (store, "UPDATE procurement_participants SET server_rev = 0 WHERE server_rev <> 0;",
                            error);
}

static gboolean
participant_write_local (BansouStore         *store,
                         const char * const  *key,
                         JsonObject          *fields,
                         GError             **error)
{
  Participant p = { 0 };
  gboolean written;

  if (fields == NULL)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *source = g_strdup_printf ("%s/%s", key[0], key[1]);

      stmt = _bansou_store_prepare (store, "DELETE FROM procurement_participants WHERE project = ?1 AND body = ?2",
                                    error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, key[1], -1, SQLITE_TRANSIENT);
      return _bansou_store_step_done (store, stmt, error) &&
             bansou_support_set_actions (store, BANSOU_SUPPORT_PROCUREMENT, source, NULL, NULL, NULL, 0, error);
    }

  p.project = key[0];
  p.body = key[1];
  p.joined_on = bansou_sync_payload_str (fields, "joined_on");
  p.left_on = bansou_sync_payload_str (fields, "left_on");
  if (p.joined_on && !*p.joined_on)
    p.joined_on = NULL;
  if (p.left_on && !*p.left_on)
    p.left_on = NULL;
  if ((p.joined_on && !bansou_sync_is_date (p.joined_on)) || (p.left_on && !bansou_sync_is_date (p.left_on)))
    return invalid (error, _("The merged participation’s dates are not dates (use YYYY-MM-DD)"));
  if (p.joined_on && p.left_on && strcmp (p.left_on, p.joined_on) < 0)
    return invalid (error, _("The merged participation would leave before it joins"));
  for (guint i = 0; i < 3; i++)
    if (!merged_int (fields, unit_members[i], i == 2 ? MAX_YEN : MAX_UNIT, &p.units[i]))
      return invalid (error, _("The merged terminals, users and estimate must be whole numbers, or empty"));
  p.updated_by = bansou_store_get_actor (store);
  return store_participant (store, &p, -1, &written, error);
}

static gboolean
participant_enqueue (BansouStore         *store,
                     const char * const  *key,
                     GError             **error)
{
  return _bansou_procurement_outbox_participant (store, key[0], key[1], error);
}

static const BansouSyncKind participant_kind = {
  .type = PARTICIPANT_TYPE,
  .keys = { { "project", NULL }, { "body", NULL } },
  .n_keys = 2,
  .fields = participant_fields,
  .n_fields = G_N_ELEMENTS (participant_fields),
  .parse = participant_parse,
  .accept = participant_accept,
  .apply = participant_apply,
  .get_rev = participant_get_rev,
  .set_rev = participant_set_rev,
  .forget_revs = participant_forget_revs,
  .same = same_members,
  .write_local = participant_write_local,
  .enqueue = participant_enqueue,
};

/* ------------------------------------------------------------------------ */

void
_bansou_procurement_register_sync_kinds (void)
{
  bansou_sync_register_kind (&project_kind);
  bansou_sync_register_kind (&participant_kind);
}
