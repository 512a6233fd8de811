/* bansou-dispatch-kinds.c — expert dispatch's record kinds for sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * expert, dispatch_request, visit: key (id), a UUID the workbench made
 * (migration 7). Each record carries its lists (an expert's skills and
 * certifications, the questions of a request or a visit), kept here in
 * child rows that a record replaces whole. Each kind is described by a
 * table of its members (Spec): the table drives the strict reading of the
 * server's record, the local upsert, the payload sent and the comparison
 * of a conflict, so the three stay in step with the schema.
 *
 * A visit names its expert and request, which the change feed may bring
 * later (it is in revision order and an expert edited after the visit was
 * made comes after it): prefetch asks the server for one this workbench
 * does not hold yet. A token that may not read experts (a body's) keeps no
 * visits here.
 *
 * The server refuses a visit that overlaps another of the same expert
 * (409 double_booking, docs/api.md): sync records it as a conflict of the
 * local visit whose "theirs" is the other visit; describe() says what
 * clashes, in words.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-dispatch-kinds.h"
#include "bansou-dispatch-private.h"
#include "bansou-outbox.h"
#include "bansou-registry-kinds.h"
#include "bansou-store-sql.h"
#include "bansou-support.h"
#include "bansou-sync-kind.h"
#include "bansou-sync.h"

/* ------------------------------------------------------------------------ */
/* The members of a kind                                                    */

typedef enum
{
  M_TEXT,    /* a string; max characters */
  M_NTEXT,   /* a string or null */
  M_DATE,    /* "YYYY-MM-DD" or null */
  M_DAY,     /* "YYYY-MM-DD", required */
  M_STAMP,   /* an ISO 8601 UTC time or null */
  M_INT,     /* a whole number in [min, max] */
  M_NINT,    /* … or null */
  M_BOOL,
  M_ENUM,    /* one of values */
  M_LINES,   /* a list of one-line strings; one column, a line each */
} MType;

typedef struct
{
  const char         *name;     /* the member and the local column */
  MType               type;
  gint64              min;
  gint64              max;      /* characters for text */
  const char * const *values;
} Member;

/* A list inside the record, kept in child rows. */
typedef struct
{
  const char   *member;
  const char   *table;
  const char   *parent;         /* the child's column naming the record */
  const Member *cols;
  guint         n_cols;
  gboolean      scalar;         /* a list of strings: the one column */
  guint         max;
} Child;

typedef struct
{
  const char   *type;
  const char   *table;
  const Member *members;
  guint         n_members;
  const Child  *children;
  guint         n_children;
  const char   *rev_select;   /* literals, for bansou_sync_read_rev () / note_rev () */
  const char   *rev_update;
} Spec;

static const char * const affiliations[] = {
  "prefecture_staff", "joint_hire", "shared_with_bodies", "contractor", "jlis", "other", NULL,
};
static const char * const urgencies[] = { "normal", "urgent", "incident", NULL };
static const char * const sources[] = { "body", "heatmap", "consultation", NULL };
static const char * const request_states[] = { "open", "scheduled", "done", "cancelled", NULL };
static const char * const visit_states[] = { "planned", "done", "cancelled", NULL };
static const char * const findings[] = { "done", "partial", "not_done", "na", NULL };

#define YEN_MAX 100000000
#define SHORT   200

static const Member expert_members[] = {
  { "prefecture", M_TEXT, 2, 2 },
  { "name", M_TEXT, 1, 100 },
  { "affiliation", M_ENUM, .values = affiliations },
  { "organisation", M_TEXT, 0, SHORT },
  { "contract_start", M_DATE },
  { "contract_end", M_DATE },
  { "certifications", M_LINES, 0, SHORT },
  { "nda_signed_on", M_DATE },
  { "nda_expires_on", M_DATE },
  { "home_base", M_TEXT, 0, 6 },
  { "days_per_week", M_INT, 0, 5 },
  { "monthly_visits", M_NINT, 0, 1000 },
  { "monthly_minutes", M_NINT, 0, 31 * 1440 },
  { "cost_per_visit", M_NINT, 0, YEN_MAX },
  { "cost_per_hour", M_NINT, 0, YEN_MAX },
  { "active", M_BOOL },
  { "notes", M_TEXT, 0, BANSOU_SYNC_MAX_TEXT },
};

static const Member skill_cols[] = {
  { "target", M_TEXT, 1, SHORT },
  { "level", M_INT, 1, 3 },
};

static const Child expert_children[] = {
  { "skills", "expert_skills", "expert", skill_cols, G_N_ELEMENTS (skill_cols), FALSE, 200 },
};

static const Member request_members[] = {
  { "number", M_INT, 1, 9999999 },
  { "body", M_TEXT, 6, 6 },
  { "urgency", M_ENUM, .values = urgencies },
  { "source", M_ENUM, .values = sources },
  { "source_ref", M_TEXT, 0, SHORT },
  { "purpose", M_TEXT, 0, BANSOU_SYNC_MAX_TEXT },
  { "wanted_from", M_DATE },
  { "wanted_until", M_DATE },
  { "state", M_ENUM, .values = request_states },
};

static const Member question_col[] = {
  { "question", M_TEXT, 1, SHORT },
};

static const Child request_children[] = {
  { "questions", "dispatch_request_questions", "request", question_col, 1, TRUE, 200 },
};

static const Member visit_members[] = {
  { "number", M_INT, 1, 9999999 },
  { "request", M_NTEXT, 36, 36 },
  { "expert", M_TEXT, 36, 36 },
  { "body", M_TEXT, 6, 6 },
  { "day", M_DAY },
  { "start_min", M_INT, 0, 1439 },
  { "end_min", M_INT, 1, 1440 },
  { "state", M_ENUM, .values = visit_states },
  { "override_reason", M_TEXT, 0, BANSOU_SYNC_MAX_TEXT },
  { "report", M_TEXT, 0, BANSOU_SYNC_MAX_TEXT },
  { "worked_min", M_NINT, 0, 1440 },
  { "cost", M_NINT, 0, YEN_MAX },
  { "subsidy_bp", M_INT, 0, 10000 },
  { "reported_at", M_STAMP },
};

static const Member finding_cols[] = {
  { "question", M_TEXT, 1, SHORT },
  { "finding", M_ENUM, .values = findings, .min = 1 },   /* min 1: nullable enum */
  { "note", M_TEXT, 0, BANSOU_SYNC_MAX_TEXT },
  { "accepted_at", M_STAMP },
};

static const Child visit_children[] = {
  { "questions", "visit_questions", "visit", finding_cols, G_N_ELEMENTS (finding_cols), FALSE, 200 },
};

static const Spec expert_spec = {
  "expert", "experts", expert_members, G_N_ELEMENTS (expert_members),
  expert_children, G_N_ELEMENTS (expert_children),
  "SELECT server_rev FROM experts WHERE id = ?1", "UPDATE experts SET server_rev = ?4 WHERE id = ?1",
};
static const Spec request_spec = {
  "dispatch_request", "dispatch_requests", request_members, G_N_ELEMENTS (request_members),
  request_children, G_N_ELEMENTS (request_children),
  "SELECT server_rev FROM dispatch_requests WHERE id = ?1", "UPDATE dispatch_requests SET server_rev = ?4 WHERE id = ?1",
};
static const Spec visit_spec = {
  "visit", "visits", visit_members, G_N_ELEMENTS (visit_members),
  visit_children, G_N_ELEMENTS (visit_children),
  "SELECT server_rev FROM visits WHERE id = ?1", "UPDATE visits SET server_rev = ?4 WHERE id = ?1",
};


/* ------------------------------------------------------------------------ */
/* Checking one value                                                       */

static gboolean
is_stamp (const char *s)
{
  g_autoptr(GDateTime) dt = NULL;

  if (strlen (s) > 40)
    return FALSE;
  dt = g_date_time_new_from_iso8601 (s, NULL);
  return dt != NULL;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Whether @node (not NULL) is a value @m may hold. */
static gboolean
value_ok (const Member *m,
          JsonNode     *node)
{
  gboolean null = JSON_NODE_HOLDS_NULL (node);

  switch (m->type)
    {
    case M_INT:
    case M_NINT:
      if (null)
        return m->type == M_NINT;
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
             json_node_get_int (node) >= m->min && json_node_get_int (node) <= m->max;
    case M_BOOL:
      return !null && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
    case M_LINES:
      {
        JsonArray *list = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

        if (list == NULL || json_array_get_length (list) > 50)
          return FALSE;
        for (guint i = 0; i < json_array_get_length (list); i++)
          {
            JsonNode *e = json_array_get_element (list, i);

            if (!is_string (e) || *json_node_get_string (e) == '\0' || strchr (json_node_get_string (e), '\n') ||
                g_utf8_strlen (json_node_get_string (e), -1) > m->max)
              return FALSE;
          }
        return TRUE;
      }
    case M_DATE:
    case M_STAMP:
    case M_NTEXT:
      if (null)
        return TRUE;
      break;
    case M_ENUM:
      if (null)
        return m->min == 1;
      break;
    case M_TEXT:
    case M_DAY:
    default:
      if (null)
        return FALSE;
      break;
    }

  if (!is_string (node))
    return FALSE;
  {
    const char *s = json_node_get_string (node);
    glong len = g_utf8_strlen (s, -1);

    switch (m->type)
      {
      case M_DATE:
      case M_DAY:
        return bansou_sync_is_date (s);
      case M_STAMP:
        return is_stamp (s);
      case M_ENUM:
        return g_strv_contains (m->values, s);
      default:
        return g_utf8_validate (s, -1, NULL) && len >= m->min && len <= m->max;
      }
  }
}

static gboolean
child_ok (const Child *c,
          JsonNode    *node)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *list = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (list == NULL || json_array_get_length (list) > c->max)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *e = json_array_get_element (list, i);
      JsonObject *o;
      JsonNode *first;

      if (c->scalar)
        {
          if (!value_ok (&c->cols[0], e) || !g_hash_table_add (seen, (gpointer) json_node_get_string (e)))
            return FALSE;
          continue;
        }
      if (!JSON_NODE_HOLDS_OBJECT (e))
        return FALSE;
      o = json_node_get_object (e);
      for (guint k = 0; k < c->n_cols; k++)
        {
          JsonNode *v = json_object_get_member (o, c->cols[k].name);

          if (v == NULL || !value_ok (&c->cols[k], v))
            return FALSE;
        }
      first = json_object_get_member (o, c->cols[0].name);
      if (!g_hash_table_add (seen, (gpointer) json_node_get_string (first)))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* parse                                                                    */

typedef struct
{
  /* visit: what prefetch brought (records of the server it owns) */
  BansouSyncRecord *expert;
  BansouSyncRecord *request;
  gboolean          unreadable;   /* the token may not read the expert */
} Extra;

static void
owned_record_free (BansouSyncRecord *r)
{
  JsonNode *node;

  if (r == NULL)
    return;
  node = r->node;
  if (r->kind != NULL && r->kind->free_data != NULL && r->data != NULL)
    r->kind->free_data (r->data);
  else
    g_free (r->data);
  g_free (r);
  if (node != NULL)
    json_node_unref (node);
}

static void
extra_free (gpointer data)
{
  Extra *x = data;

  owned_record_free (x->expert);
  owned_record_free (x->request);
  g_free (x);
}

static gboolean
parse_spec (const Spec        *spec,
            BansouSyncRecord  *record,
            JsonObject        *obj,
            GError           **error)
{
  const char *id, *s;

  if (!bansou_sync_json_str (obj, "id", BANSOU_SYNC_JSON_REQUIRED, 36, &id, error))
    return FALSE;
  if (!g_uuid_string_is_valid (id))
    return bansou_sync_protocol_error (error, _("not an id:"), "id");
  record->key[0] = id;

  for (guint i = 0; i < spec->n_members; i++)
    {
      const Member *m = &spec->members[i];
      JsonNode *node = json_object_get_member (obj, m->name);

      if (node == NULL)
        return bansou_sync_protocol_error (error, _("missing"), m->name);
      if (!value_ok (m, node))
        return bansou_sync_protocol_error (error, _("unknown value of"), m->name);
    }
  for (guint i = 0; i < spec->n_children; i++)
    {
      JsonNode *node = json_object_get_member (obj, spec->children[i].member);

      if (node == NULL)
        return bansou_sync_protocol_error (error, _("missing"), spec->children[i].member);
      if (!child_ok (&spec->children[i], node))
        return bansou_sync_protocol_error (error, _("unknown value of"), spec->children[i].member);
    }

  /* The prefecture the record belongs to */
  if (spec == &expert_spec)
    {
      s = json_object_get_string_member (obj, "prefecture");
      if (!g_ascii_isdigit (s[0]) || !g_ascii_isdigit (s[1]))
        return bansou_sync_protocol_error (error, _("unknown value of"), "prefecture");
      memcpy (record->scope, s, 3);
    }
  else if (!_bansou_registry_sync_prefecture (json_object_get_string_member (obj, "body"), record->scope))
    return bansou_sync_protocol_error (error, _("not a body code:"), "body");

  if (spec == &visit_spec &&
      json_object_get_int_member (obj, "end_min") <= json_object_get_int_member (obj, "start_min"))
    return bansou_sync_protocol_error (error, _("out of range:"), "end_min");

  return bansou_sync_json_str (obj, "updated_at", BANSOU_SYNC_JSON_OPTIONAL, 64, &s, error) &&
         bansou_sync_json_str (obj, "updated_by", BANSOU_SYNC_JSON_OPTIONAL, 200, &s, error);
}

static gboolean
expert_parse (BansouSyncRecord  *record,
              JsonObject        *obj,
              GError           **error)
{
  return parse_spec (&expert_spec, record, obj, error);
}

static gboolean
request_parse (BansouSyncRecord  *record,
               JsonObject        *obj,
               GError           **error)
{
  return parse_spec (&request_spec, record, obj, error);
}

static gboolean
visit_parse (BansouSyncRecord  *record,
             JsonObject        *obj,
             GError           **error)
{
  record->data = g_new0 (Extra, 1);
  return parse_spec (&visit_spec, record, obj, error);
}

/* ------------------------------------------------------------------------ */
/* Writing a record here                                                    */

static const char *
record_str (JsonObject *obj,
            const char *member)
{
  JsonNode *n = json_object_get_member (obj, member);

  return n != NULL && is_string (n) ? json_node_get_string (n) : NULL;
}

/* Binds the member's value in @obj (checked) to @p. */
static void
bind_member (sqlite3_stmt *stmt,
             int           p,
             const Member *m,
             JsonNode     *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (stmt, p);
      return;
    }
  switch (m->type)
    {
    case M_INT:
    case M_NINT:
      sqlite3_bind_int64 (stmt, p, json_node_get_int (node));
      break;
    case M_BOOL:
      sqlite3_bind_int (stmt, p, json_node_get_boolean (node) ? 1 : 0);
      break;
    case M_LINES:
      {
        JsonArray *list = json_node_get_array (node);
        g_autoptr(GString) s = g_string_new (NULL);

        for (guint i = 0; i < json_array_get_length (list); i++)
          {
            if (i > 0)
              g_string_append_c (s, '\n');
            g_string_append (s, json_array_get_string_element (list, i));
          }
        sqlite3_bind_text (stmt, p, s->str, (int) s->len, SQLITE_TRANSIENT);
      }
      break;
    default:
      sqlite3_bind_text (stmt, p, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      break;
    }
}

/* The upsert of a spec, built once: its address keys the statement cache. */
static const char *
upsert_sql (const Spec *spec)
{
  static GHashTable *sqls;   /* Spec* → char* */
  G_LOCK_DEFINE_STATIC (sqls);
  const char *sql;

  G_LOCK (sqls);
  if (sqls == NULL)
    sqls = g_hash_table_new (NULL, NULL);
  sql = g_hash_table_lookup (sqls, spec);
  if (sql == NULL)
    {
      GString *s = g_string_new (NULL);
      g_autoptr(GString) params = g_string_new ("?1");
      g_autoptr(GString) update = g_string_new (NULL);
      guint n = spec->n_members;

      g_string_append_printf (s, "INSERT INTO %s (id", spec->table);
      for (guint i = 0; i < n; i++)
        {
          g_string_append_printf (s, ", %s", spec->members[i].name);
          g_string_append_printf (params, ", ?%u", i + 2);
          g_string_append_printf (update, "%s = excluded.%s, ", spec->members[i].name, spec->members[i].name);
        }
      g_string_append_printf (s, ", created_at, updated_by, updated_at, server_rev) "
                              "VALUES (%s, ?%u, ?%u, ?%u, ?%u) ON CONFLICT (id) DO UPDATE SET "
                              "%supdated_by = excluded.updated_by, updated_at = excluded.updated_at, "
                              "server_rev = excluded.server_rev WHERE %s.server_rev < excluded.server_rev",
                              params->str, n + 2, n + 3, n + 4, n + 5, update->str, spec->table);
      sql = g_string_free (s, FALSE);
      g_hash_table_insert (sqls, (gpointer) spec, (gpointer) sql);
    }
  G_UNLOCK (sqls);
  return sql;
}

/* The DELETE and INSERT of a child's rows, built once: their addresses
 * key the statement cache (a pull runs them for every record). */
static void
child_sql (const Child  *c,
           const char  **del_out,
           const char  **ins_out)
{
  static GHashTable *sqls;   /* Child* → char*[2] */
  G_LOCK_DEFINE_STATIC (sqls);
  char **pair;

  G_LOCK (sqls);
  if (sqls == NULL)
    sqls = g_hash_table_new (NULL, NULL);
  pair = g_hash_table_lookup (sqls, c);
  if (pair == NULL)
    {
      GString *ins = g_string_new (NULL);

      pair = g_new0 (char *, 2);
      pair[0] = g_strdup_printf ("DELETE FROM %s WHERE %s = ?1", c->table, c->parent);
      g_string_append_printf (ins, "INSERT INTO %s (%s", c->table, c->parent);
      for (guint k = 0; k < c->n_cols; k++)
        g_string_append_printf (ins, ", %s", c->cols[k].name);
      g_string_append (ins, ") VALUES (?1");
      for (guint k = 0; k < c->n_cols; k++)
        g_string_append_printf (ins, ", ?%u", k + 2);
      g_string_append_c (ins, ')');
      pair[1] = g_string_free (ins, FALSE);
      g_hash_table_insert (sqls, (gpointer) c, pair);
    }
  G_UNLOCK (sqls);
  *del_out = pair[0];
  *ins_out = pair[1];
}

/* Replaces the child rows of record @id by the list in @node. */
static gboolean
write_child (BansouStore  *store,
             const Child  *c,
             const char   *id,
             JsonNode     *node,
             gboolean      fresh,
             GError      **error)
{
  const char *del_sql, *ins_sql;
  sqlite3_stmt *del, *ins;
  JsonArray *list = json_node_get_array (node);

  child_sql (c, &del_sql, &ins_sql);
  /* A record new to this database has no rows to replace */
  if (!fresh)
    {
      if (!(del = bansou_sync_stmt (store, del_sql, error)))
        return FALSE;
      sqlite3_bind_text (del, 1, id, -1, SQLITE_STATIC);
      if (!bansou_sync_stmt_done (store, del, error))
        return FALSE;
    }
  if (json_array_get_length (list) == 0)
    return TRUE;
  if (!(ins = bansou_sync_stmt (store, ins_sql, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *e = json_array_get_element (list, i);

      sqlite3_reset (ins);
      sqlite3_bind_text (ins, 1, id, -1, SQLITE_STATIC);
      if (c->scalar)
        bind_member (ins, 2, &c->cols[0], e);
      else
        for (guint k = 0; k < c->n_cols; k++)
          bind_member (ins, (int) k + 2, &c->cols[k], json_object_get_member (json_node_get_object (e),
                                                                             c->cols[k].name));
      if (!bansou_sync_stmt_done (store, ins, error))
        return FALSE;
    }
  return TRUE;
}

/* The support module's rows of a visit, from the server's record as a
 * pull writes it: the rule of _bansou_dispatch_visit_support() (its body
 * × its questions on its day, none once cancelled) without reading back
 * the rows just written — a first sync writes ten thousand. */
static gboolean
visit_support_from (BansouStore  *store,
                    JsonObject   *visit,
                    gboolean      fresh,
                    GError      **error)
{
  JsonArray *list = json_object_get_array_member (visit, "questions");
  guint n = json_array_get_length (list);
  g_autofree BansouSupportTarget *targets = g_new0 (BansouSupportTarget, MAX (n, 1));
  const char *body = record_str (visit, "body");
  gboolean cancelled = g_strcmp0 (record_str (visit, "state"), "cancelled") == 0;

  for (guint i = 0; i < n; i++)
    {
      targets[i].body = body;
      targets[i].question = json_object_get_string_member (json_array_get_object_element (list, i), "question");
    }
  if (fresh)
    return bansou_support_add_actions (store, BANSOU_SUPPORT_VISIT, record_str (visit, "id"),
                                       cancelled ? NULL : record_str (visit, "day"), record_str (visit, "expert"),
                                       targets, n, error);
  return bansou_support_set_actions (store, BANSOU_SUPPORT_VISIT, record_str (visit, "id"),
                                     cancelled ? NULL : record_str (visit, "day"), record_str (visit, "expert"),
                                     targets, n, error);
}


/* The whole record as the server sent it, at @rev, unless we hold it at
 * that revision or later. */
static gboolean
write_record (BansouStore  *store,
              const Spec   *spec,
              JsonObject   *obj,
              gint64        rev,
              const char   *now,
              gboolean      fresh,
              gboolean     *written,
              GError      **error)
{
  const char *id = json_object_get_string_member (obj, "id");
  const char *updated_at = record_str (obj, "updated_at");
  sqlite3_stmt *s;
  guint n = spec->n_members;

  *written = FALSE;
  if (!(s = bansou_sync_stmt (store, upsert_sql (spec), error)))
    return FALSE;
  sqlite3_bind_text (s, 1, id, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < n; i++)
    bind_member (s, (int) i + 2, &spec->members[i], json_object_get_member (obj, spec->members[i].name));
  sqlite3_bind_text (s, (int) n + 2, updated_at && *updated_at ? updated_at : now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, (int) n + 3, record_str (obj, "updated_by") ? record_str (obj, "updated_by") : "", -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (s, (int) n + 4, updated_at ? updated_at : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, (int) n + 5, rev);
  if (!bansou_sync_stmt_done (store, s, error))
    return FALSE;
  if (sqlite3_changes (_bansou_store_get_db (store)) == 0)
    return TRUE;

  *written = TRUE;
  for (guint i = 0; i < spec->n_children; i++)
    if (!write_child (store, &spec->children[i], id, json_object_get_member (obj, spec->children[i].member),
                      fresh, error))
      return FALSE;
  if (spec == &visit_spec && !visit_support_from (store, obj, fresh, error))
    return FALSE;
  return TRUE;
}

/* The set of local ids of experts and requests, once per run (keyed by
 * these addresses); records applied in the run are added. */
static const char experts_sql[] = "SELECT id FROM experts";
static const BansouSyncKind expert_kind;
static const char requests_sql[] = "SELECT id FROM dispatch_requests";
/* The visits held here when the run first applied one, and those it
 * applied since: a visit outside it is new, with no child or support
 * rows to delete first (a first sync brings ten thousand). */
static const char visits_sql[] = "SELECT id FROM visits";

static gboolean
apply_spec (const Spec         *spec,
            BansouSyncContext  *ctx,
            BansouSyncRecord   *record,
            gboolean           *written,
            GError            **error)
{
  BansouStore *store = bansou_sync_context_get_store (ctx);
  JsonObject *obj = json_node_get_object (record->node);
  g_autofree char *what = NULL;
  GHashTable *visits = NULL;
  gboolean fresh = FALSE;

  if (spec == &visit_spec)
    {
      if (!(visits = bansou_sync_context_get_keys (ctx, visits_sql, error)))
        return FALSE;
      fresh = !g_hash_table_contains (visits, record->key[0]);
    }
  if (!write_record (store, spec, obj, record->rev, bansou_sync_context_get_now (ctx), fresh, written, error))
    return FALSE;
  if (visits != NULL && fresh)
    g_hash_table_add (visits, g_strdup (record->key[0]));
  if (spec != &visit_spec)
    {
      GHashTable *ids = bansou_sync_context_get_keys (ctx, spec == &expert_spec ? experts_sql : requests_sql, error);

      if (ids == NULL)
        return FALSE;
      g_hash_table_add (ids, g_strdup (record->key[0]));
    }
  if (!*written)
    return TRUE;
  what = g_strdup_printf ("rev %" G_GINT64_FORMAT " by %s", record->rev,
                          record_str (obj, "updated_by") ? record_str (obj, "updated_by") : "");
  return bansou_sync_context_audit (ctx, spec->type, record->key[0], "pulled", NULL, what, error);
}

static gboolean
expert_apply (BansouSyncContext  *ctx,
              BansouSyncRecord   *record,
              gboolean           *written,
              GError            **error)
{
  return apply_spec (&expert_spec, ctx, record, written, error);
}

static gboolean
request_apply (BansouSyncContext  *ctx,
               BansouSyncRecord   *record,
               gboolean           *written,
               GError            **error)
{
  return apply_spec (&request_spec, ctx, record, written, error);
}

static gboolean
visit_apply (BansouSyncContext  *ctx,
             BansouSyncRecord   *record,
             gboolean           *written,
             GError            **error)
{
  Extra *x = record->data;
  gboolean parent_written;

  /* What prefetch brought first: the visit refers to it. */
  if (x->expert != NULL && !expert_apply (ctx, x->expert, &parent_written, error))
    return FALSE;
  if (x->request != NULL && !request_apply (ctx, x->request, &parent_written, error))
    return FALSE;
  return apply_spec (&visit_spec, ctx, record, written, error);
}

/* A body this workbench does not know is not ours to keep. */
static gboolean
body_accept (BansouSyncContext  *ctx,
             BansouSyncRecord   *record,
             gboolean           *keep,
             GError            **error)
{
  const char *body = json_object_get_string_member (json_node_get_object (record->node), "body");
  gboolean has;

  if (!_bansou_registry_sync_has_body (ctx, body, &has, error))
    return FALSE;
  *keep = has;
  if (!has)
    g_message ("Skipping %s %s: no body %s here", record->kind->type, record->key[0], body);
  return TRUE;
}

static gboolean
visit_accept (BansouSyncContext  *ctx,
              BansouSyncRecord   *record,
              gboolean           *keep,
              GError            **error)
{
  Extra *x = record->data;

  if (x->unreadable)
    {
      g_message ("Skipping visit %s: the token may not read its expert", record->key[0]);
      *keep = FALSE;
      return TRUE;
    }
  return body_accept (ctx, record, keep, error);
}

/* GET one record of @path the visit refers to; %NULL in @out when the
 * token may not read it. */
static gboolean
fetch_parent (BansouSyncContext  *ctx,
              const char         *path,
              const char         *type,
              BansouSyncRecord  **out,
              gboolean           *forbidden,
              GError            **error)
{
  g_autoptr(GError) local = NULL;
  JsonNode *node = bansou_sync_context_get_json (ctx, path, &local);
  BansouSyncRecord *r;
  JsonObject *obj;
  gint64 rev;

  *out = NULL;
  if (node == NULL)
    {
      if (g_error_matches (local, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_FORBIDDEN))
        {
          *forbidden = TRUE;
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  r = g_new0 (BansouSyncRecord, 1);
  r->node = node;
  *out = r;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bansou_sync_protocol_error (error, _("not an object:"), path);
  obj = json_node_get_object (node);
  if (g_strcmp0 (record_str (obj, "type"), type) != 0)
    return bansou_sync_protocol_error (error, _("another record in"), path);
  if (!bansou_sync_json_int (obj, "rev", 1, &rev, error))
    return FALSE;
  r->rev = rev;
  r->kind = bansou_sync_lookup_kind (type);
  for (guint i = 0; i < BANSOU_SYNC_MAX_KEYS; i++)
    r->key[i] = "";
  return r->kind->parse (r, obj, error);
}

/* Before a page's transaction, in the page's order: an expert or a
 * request the page brings is here by the time the visits after it are
 * applied, so they need not ask for it. */
static gboolean
note_coming (BansouSyncContext  *ctx,
             BansouSyncRecord   *record,
             GError            **error)
{
  GHashTable *ids = bansou_sync_context_get_keys (ctx, record->kind == &expert_kind ? experts_sql : requests_sql,
                                                  error);

  if (ids == NULL)
    return FALSE;
  g_hash_table_add (ids, g_strdup (record->key[0]));
  return TRUE;
}

static gboolean
visit_prefetch (BansouSyncContext  *ctx,
                BansouSyncRecord   *record,
                GError            **error)
{
  Extra *x = record->data;
  JsonObject *obj = json_node_get_object (record->node);
  const char *expert = record_str (obj, "expert");
  const char *request = record_str (obj, "request");
  GHashTable *experts = bansou_sync_context_get_keys (ctx, experts_sql, error);
  GHashTable *requests = experts ? bansou_sync_context_get_keys (ctx, requests_sql, error) : NULL;

  if (requests == NULL)
    return FALSE;
  if (!g_hash_table_contains (experts, expert))
    {
      g_autofree char *path = g_strconcat ("/experts/", expert, NULL);

      if (!fetch_parent (ctx, path, "expert", &x->expert, &x->unreadable, error))
        return FALSE;
      if (x->expert != NULL && !g_str_equal (x->expert->key[0], expert))
        return bansou_sync_protocol_error (error, _("another record in"), path);
      if (x->expert != NULL)
        g_hash_table_add (experts, g_strdup (expert));
    }
  if (request != NULL && !x->unreadable && !g_hash_table_contains (requests, request))
    {
      g_autofree char *path = g_strconcat ("/dispatch-requests/", request, NULL);

      if (!fetch_parent (ctx, path, "dispatch_request", &x->request, &x->unreadable, error))
        return FALSE;
      if (x->request != NULL && !g_str_equal (x->request->key[0], request))
        return bansou_sync_protocol_error (error, _("another record in"), path);
      if (x->request != NULL)
        g_hash_table_add (requests, g_strdup (request));
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The outbox and conflicts                                                 */

/* The payload is the dispatch room's (bansou-dispatch-outbox.c): one
 * builder for its edits and for conflicts resolved here. */
static gboolean
enqueue_spec (const Spec          *spec,
              BansouStore         *store,
              const char * const  *key,
              GError             **error)
{
  return _bansou_dispatch_enqueue (store, spec->type, key[0], error);
}

static gboolean
forget_revs_spec (const Spec   *spec,
                  BansouStore  *store,
                  GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET server_rev = 0 WHERE server_rev <> 0;", spec->table);

  return bansou_store_exec (store, sql, error);
}

/* Whether the server's record holds exactly our payload. */
static gboolean
same_payload (JsonObject              *mine,
              const BansouSyncRecord  *record)
{
  JsonObject *theirs = json_node_get_object (record->node);
  g_autoptr(GList) members = json_object_get_members (mine);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *t = json_object_get_member (theirs, l->data);

      if (t == NULL || !json_node_equal (json_object_get_member (mine, l->data), t))
        return FALSE;
    }
  return TRUE;
}

static gboolean
invalid (GError     **error,
         const char  *member)
{
  g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
               /* Translators: %s is the name of a field of a record, as the server names it */
               _("The version to keep has a value “%s” cannot hold"), member);
  return FALSE;
}

/* Writes the members @fields holds (the server's record, or a merge) to
 * the local record; %NULL: the server has none, so neither do we. */
static gboolean
write_local_spec (const Spec          *spec,
                  BansouStore         *store,
                  const char * const  *key,
                  JsonObject          *fields,
                  GError             **error)
{
  g_autofree char *now = bansou_now_iso ();

  if (fields == NULL)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", spec->table);
      g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (store, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, stmt, error))
        return FALSE;
      return spec != &visit_spec ||
             bansou_support_set_actions (store, BANSOU_SUPPORT_VISIT, key[0], NULL, NULL, NULL, 0, error);
    }

  for (guint i = 0; i < spec->n_members; i++)
    {
      const Member *m = &spec->members[i];
      JsonNode *node = json_object_get_member (fields, m->name);
      g_autofree char *sql = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (node == NULL)
        continue;
      if (!value_ok (m, node))
        return invalid (error, m->name);
      sql = g_strdup_printf ("UPDATE %s SET %s = ?2, updated_by = ?3, updated_at = ?4 WHERE id = ?1",
                             spec->table, m->name);
      if (!(stmt = _bansou_store_prepare (store, sql, error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
      bind_member (stmt, 2, m, node);
      sqlite3_bind_text (stmt, 3, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, stmt, error))
        return FALSE;
    }
  for (guint i = 0; i < spec->n_children; i++)
    {
      JsonNode *node = json_object_get_member (fields, spec->children[i].member);

      if (node == NULL)
        continue;
      if (!child_ok (&spec->children[i], node))
        return invalid (error, spec->children[i].member);
      if (!write_child (store, &spec->children[i], key[0], node, FALSE, error))
        return FALSE;
    }
  if (spec == &visit_spec)
    {
      g_autoptr(sqlite3_stmt) check = NULL;

      /* a merge may move one end of the visit past the other */
      check = _bansou_store_prepare (store, "SELECT end_min > start_min FROM visits WHERE id = ?1", error);
      if (check == NULL)
        return FALSE;
      sqlite3_bind_text (check, 1, key[0], -1, SQLITE_TRANSIENT);
      if (sqlite3_step (check) == SQLITE_ROW && sqlite3_column_int (check, 0) == 0)
        return invalid (error, "end_min");
      return _bansou_dispatch_visit_support (store, key[0], error);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* What a conflict says                                                     */

static char *
lookup_name (BansouStore *store,
             const char  *sql,
             const char  *key)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (store, sql, NULL);

  if (stmt == NULL || key == NULL)
    return g_strdup (key ? key : "");
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup (_bansou_column_text (stmt, 0));
  return g_strdup (key);
}

static char *
format_slot (JsonObject *visit)
{
  JsonNode *s = json_object_get_member (visit, "start_min");
  JsonNode *e = json_object_get_member (visit, "end_min");
  gint64 start = s && JSON_NODE_HOLDS_VALUE (s) ? json_node_get_int (s) : 0;
  gint64 end = e && JSON_NODE_HOLDS_VALUE (e) ? json_node_get_int (e) : 0;

  return g_strdup_printf ("%s %02d:%02d–%02d:%02d", record_str (visit, "day") ? record_str (visit, "day") : "",
                          (int) (start / 60), (int) (start % 60), (int) (end / 60), (int) (end % 60));
}

/* A double booking: who, when and where the other visit is. */
static char *
visit_describe (BansouStore         *store,
                const char * const  *key,
                const char          *reason,
                JsonObject          *mine,
                JsonObject          *theirs)
{
  g_autofree char *expert = NULL;
  g_autofree char *body = NULL;
  g_autofree char *slot = NULL;
  g_autofree char *my_slot = NULL;
  JsonNode *number;

  if (g_strcmp0 (reason, "double_booking") != 0 || theirs == NULL || mine == NULL)
    return NULL;
  expert = lookup_name (store, "SELECT name FROM experts WHERE id = ?1", record_str (theirs, "expert"));
  body = lookup_name (store, "SELECT name FROM bodies WHERE code = ?1", record_str (theirs, "body"));
  slot = format_slot (theirs);
  my_slot = format_slot (mine);
  number = json_object_get_member (theirs, "number");
  /* Translators: a double booking found by the server. The first %s is an
   * expert's name, then the time of this workbench's visit, then the other
   * visit's time, body and number (訪問 N). */
  return g_strdup_printf (_("Double booking: %s cannot visit at %s: already booked for %s at %s (visit %d). "
                            "Move or cancel this visit."),
                          expert, my_slot, slot, body,
                          number && JSON_NODE_HOLDS_VALUE (number) ? (int) json_node_get_int (number) : 0);
}

/* ------------------------------------------------------------------------ */
/* The kinds                                                                */

static const BansouSyncField expert_fields[] = {
  { "name", N_("Name"), BANSOU_SYNC_FIELD_LINE },
  { "organisation", N_("Organisation"), BANSOU_SYNC_FIELD_LINE },
  { "contract_start", N_("Contract from"), BANSOU_SYNC_FIELD_DATE },
  { "contract_end", N_("Contract until"), BANSOU_SYNC_FIELD_DATE },
  { "nda_signed_on", N_("Confidentiality agreement signed"), BANSOU_SYNC_FIELD_DATE },
  { "nda_expires_on", N_("Confidentiality agreement expires"), BANSOU_SYNC_FIELD_DATE },
  { "notes", N_("Notes"), BANSOU_SYNC_FIELD_TEXT },
};

static const BansouSyncField request_fields[] = {
  { "purpose", N_("Purpose"), BANSOU_SYNC_FIELD_TEXT },
  { "wanted_from", N_("Wanted from"), BANSOU_SYNC_FIELD_DATE },
  { "wanted_until", N_("Wanted until"), BANSOU_SYNC_FIELD_DATE },
  { "source_ref", N_("Reference"), BANSOU_SYNC_FIELD_LINE },
};

static const BansouSyncField visit_fields[] = {
  { "day", N_("Day"), BANSOU_SYNC_FIELD_DATE },
  { "report", N_("Report"), BANSOU_SYNC_FIELD_TEXT },
  { "override_reason", N_("Reason for accepting conflicts"), BANSOU_SYNC_FIELD_TEXT },
};

#define KIND_HOOKS(name, spec) \
  static gboolean name##_get_rev (BansouStore *store, const char * const *key, gboolean *exists, gint64 *rev, \
                                  GError **error) \
  { return bansou_sync_read_rev (store, spec.rev_select, key, 1, exists, rev, error); } \
  static gboolean name##_set_rev (BansouStore *store, const char * const *key, gint64 rev, GError **error) \
  { return bansou_sync_note_rev (store, spec.rev_update, key, 1, rev, error); } \
  static gboolean name##_forget_revs (BansouStore *store, GError **error) \
  { return forget_revs_spec (&spec, store, error); } \
  static gboolean name##_write_local (BansouStore *store, const char * const *key, JsonObject *fields, \
                                      GError **error) \
  { return write_local_spec (&spec, store, key, fields, error); } \
  static gboolean name##_enqueue (BansouStore *store, const char * const *key, GError **error) \
  { return enqueue_spec (&spec, store, key, error); }

KIND_HOOKS (expert, expert_spec)
KIND_HOOKS (request, request_spec)
KIND_HOOKS (visit, visit_spec)

static const BansouSyncKind expert_kind = {
  .type = "expert",
  .keys = { { "id", NULL } },
  .n_keys = 1,
  .fields = expert_fields,
  .n_fields = G_N_ELEMENTS (expert_fields),
  .parse = expert_parse,
  .prefetch = note_coming,
  .apply = expert_apply,
  .get_rev = expert_get_rev,
  .set_rev = expert_set_rev,
  .forget_revs = expert_forget_revs,
  .same = same_payload,
  .write_local = expert_write_local,
  .enqueue = expert_enqueue,
};

static const BansouSyncKind request_kind = {
  .type = "dispatch_request",
  .keys = { { "id", NULL } },
  .n_keys = 1,
  .fields = request_fields,
  .n_fields = G_N_ELEMENTS (request_fields),
  .parse = request_parse,
  .prefetch = note_coming,
  .accept = body_accept,
  .apply = request_apply,
  .get_rev = request_get_rev,
  .set_rev = request_set_rev,
  .forget_revs = request_forget_revs,
  .same = same_payload,
  .write_local = request_write_local,
  .enqueue = request_enqueue,
};

static const BansouSyncKind visit_kind = {
  .type = "visit",
  .keys = { { "id", NULL } },
  .n_keys = 1,
  .fields = visit_fields,
  .n_fields = G_N_ELEMENTS (visit_fields),
  .parse = visit_parse,
  .free_data = extra_free,
  .prefetch = visit_prefetch,
  .accept = visit_accept,
  .apply = visit_apply,
  .get_rev = visit_get_rev,
  .set_rev = visit_set_rev,
  .forget_revs = visit_forget_revs,
  .same = same_payload,
  .write_local = visit_write_local,
  .enqueue = visit_enqueue,
  .describe = visit_describe,
};

void
_bansou_dispatch_register_sync_kinds (void)
{
  /* Experts before visits: a record is sent after those it refers to
   * only by outbox order, and lists are fetched in this order. */
  bansou_sync_register_kind (&expert_kind);
  bansou_sync_register_kind (&request_kind);
  bansou_sync_register_kind (&visit_kind);
}
