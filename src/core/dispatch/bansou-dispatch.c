/* bansou-dispatch.c — expert dispatch: the object, names, and the pool
 *
 * The prefecture's pool of experts (report 3(1)イ: 広島県 hires digital
 * specialists jointly with its towns and shares them, 大分県 has a vendor
 * supply supporters): who they are, their contract and 守秘義務, what
 * they know (skills tied to catalog measures and questions), how much
 * they work and what they cost. Every change is one transaction with its
 * audit lines and its outbox row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-dispatch"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-code.h"
#include "bansou-dispatch-private.h"
#include "bansou-util.h"
#include "bansou-wareki.h"

G_DEFINE_QUARK (bansou-dispatch-error-quark, bansou_dispatch_error)

G_DEFINE_FINAL_TYPE (BansouDispatch, bansou_dispatch, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct { const char *id; const char *label; } Name;

#define DISPATCH_LABEL(label) g_dpgettext2 (GETTEXT_PACKAGE, "dispatch", label)

static const Name affiliations[BANSOU_N_AFFILIATIONS] = {
  { "prefecture_staff",   NC_("dispatch", "Prefectural staff") },
  { "joint_hire",         NC_("dispatch", "Jointly hired digital specialist") },
  { "shared_with_bodies", NC_("dispatch", "Secured jointly with municipalities") },
  { "contractor",         NC_("dispatch", "Contractor") },
  { "jlis",               NC_("dispatch", "J-LIS") },
  { "other",              NC_("dispatch", "Other") },
};

static const Name urgencies[BANSOU_N_URGENCIES] = {
  { "normal",   NC_("dispatch", "Normal") },
  { "urgent",   NC_("dispatch", "Urgent") },
  { "incident", NC_("dispatch", "Serious incident (same day)") },
};

static const Name sources[BANSOU_N_REQUEST_SOURCES] = {
  { "body", NULL }, { "heatmap", NULL }, { "consultation", NULL },
};

static const Name request_states[BANSOU_N_REQUEST_STATES] = {
  { "open",      NC_("dispatch", "Open") },
  { "scheduled", NC_("dispatch", "Scheduled") },
  { "done",      NC_("dispatch", "Done") },
  { "cancelled", NC_("dispatch", "Cancelled") },
};

static const Name visit_states[BANSOU_N_VISIT_STATES] = {
  { "planned",   NC_("dispatch", "Planned") },
  { "done",      NC_("dispatch", "Reported") },
  { "cancelled", NC_("dispatch", "Cancelled") },
};

static const Name findings[BANSOU_N_FINDINGS] = {
  { "",         NC_("dispatch", "No finding") },
  { "done",     NC_("dispatch", "Implemented") },
  { "partial",  NC_("dispatch", "Partly implemented") },
  { "not_done", NC_("dispatch", "Not implemented") },
  { "na",       NC_("dispatch", "Not applicable") },
};

static const char * const conflict_names[BANSOU_N_VISIT_CONFLICTS] = {
  "double_booking", "closed_day", "contract", "nda", "monthly_visits", "monthly_minutes",
  "days_per_week", "inactive", "window",
};

static guint
name_from_string (const Name *names,
                  guint       n,
                  const char *text)
{
  for (guint i = 0; text != NULL && i < n; i++)
    if (g_str_equal (text, names[i].id) || (names[i].label && g_str_equal (text, DISPATCH_LABEL (names[i].label))))
      return i;
  return n;
}

#define NAMES(prefix, Type, table, N)                                       \
  const char *prefix##_to_string (Type v)                                   \
  { g_return_val_if_fail ((guint) v < N, NULL); return table[v].id; }       \
  Type prefix##_from_string (const char *text)                              \
  { return (Type) name_from_string (table, N, text); }
#define LABEL(prefix, Type, table, N)                                       \
  const char *prefix##_get_label (Type v)                                   \
  { g_return_val_if_fail ((guint) v < N, NULL); return DISPATCH_LABEL (table[v].label); }

NAMES (bansou_affiliation, BansouAffiliation, affiliations, BANSOU_N_AFFILIATIONS)
LABEL (bansou_affiliation, BansouAffiliation, affiliations, BANSOU_N_AFFILIATIONS)
NAMES (bansou_urgency, BansouUrgency, urgencies, BANSOU_N_URGENCIES)
LABEL (bansou_urgency, BansouUrgency, urgencies, BANSOU_N_URGENCIES)
NAMES (bansou_request_source, BansouRequestSource, sources, BANSOU_N_REQUEST_SOURCES)
NAMES (bansou_request_state, BansouRequestState, request_states, BANSOU_N_REQUEST_STATES)
LABEL (bansou_request_state, BansouRequestState, request_states, BANSOU_N_REQUEST_STATES)
NAMES (bansou_visit_state, BansouVisitState, visit_states, BANSOU_N_VISIT_STATES)
LABEL (bansou_visit_state, BansouVisitState, visit_states, BANSOU_N_VISIT_STATES)
NAMES (bansou_finding, BansouFinding, findings, BANSOU_N_FINDINGS)
LABEL (bansou_finding, BansouFinding, findings, BANSOU_N_FINDINGS)

const char *
bansou_visit_conflict_kind_to_string (BansouVisitConflictKind kind)
{
  g_return_val_if_fail ((guint) kind < BANSOU_N_VISIT_CONFLICTS, NULL);
  return conflict_names[kind];
}

/* ------------------------------------------------------------------------ */
/* Helpers of the folder                                                    */

char *
_bansou_dispatch_dup_column (sqlite3_stmt *stmt,
                             int           col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? NULL : g_strdup (_bansou_column_text (stmt, col));
}

gint64
_bansou_dispatch_int_column (sqlite3_stmt *stmt,
                             int           col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, col);
}

char *
_bansou_dispatch_format_time (guint minutes)
{
  return g_strdup_printf ("%u:%02u", minutes / 60, minutes % 60);
}

/**
 * _bansou_dispatch_check_date:
 * @text: (nullable): 'YYYY-MM-DD', or empty for none
 *
 * Returns: (transfer full) (nullable): the canonical date, or %NULL (with
 *   @error set when @text is not a date)
 */
char *
_bansou_dispatch_check_date (const char  *text,
                             const char  *what,
                             GError     **error)
{
  g_autoptr(GDate) date = NULL;

  if (text == NULL || *text == '\0')
    return NULL;
  if (!(date = bansou_date_parse_iso (text)))
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   /* Translators: the first %s is what the date is for */
                   _("The %s “%s” is not a date (write it as YYYY-MM-DD)"), what, text);
      return NULL;
    }
  return bansou_date_to_iso (date);
}

/**
 * _bansou_dispatch_resolve_id:
 * @table: "experts", "dispatch_requests" or "visits"
 * @id: a UUID, its first characters (at least 4) when they name only one
 *   record, or for requests and visits their number
 *
 * Returns: (transfer full): the full id, or %NULL with NOT_FOUND
 */
char *
_bansou_dispatch_resolve_id (BansouDispatch  *self,
                             const char      *table,
                             const char      *id,
                             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *found = NULL;
  gboolean numbered = !g_str_equal (table, "experts");
  const char *what = g_str_equal (table, "experts") ? C_("dispatch", "expert")
                   : g_str_equal (table, "visits") ? C_("dispatch", "visit") : C_("dispatch", "request");
  guint n = 0;

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_NOT_FOUND,
                   /* Translators: %s is expert, visit or request */
                   _("No %s was given"), what);
      return NULL;
    }
  sql = g_strdup_printf ("SELECT id FROM %s WHERE id = ?1 "
                         "OR (length (?1) >= 4 AND substr (id, 1, length (?1)) = ?1) %s "
                         "ORDER BY id = ?1 DESC LIMIT 2", table,
                         numbered ? "OR (?1 GLOB '[0-9]*' AND ?1 NOT GLOB '*[^0-9]*' AND number = CAST (?1 AS INTEGER))" : "");
  if (!(stmt = _bansou_store_prepare (self->store, sql, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (n++ == 0)
        found = g_strdup (_bansou_column_text (stmt, 0));
      else if (!g_str_equal (found, id))
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_NOT_FOUND,
                       /* Translators: the second %s is expert, visit or request */
                       _("“%s” names more than one %s: give more of its id"), id, what);
          return NULL;
        }
    }
  if (found == NULL)
    g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_NOT_FOUND,
                 /* Translators: the first %s is expert, visit or request */
                 _("No %s has the id “%s”"), what, id);
  return g_steal_pointer (&found);
}

/* Who changed the record last, inside the caller's transaction. */
gboolean
_bansou_dispatch_touch (BansouStore  *store,
                        const char   *table,
                        const char   *id,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET updated_by = ?1, updated_at = ?2 WHERE id = ?3", table);

  if (!(stmt = _bansou_store_prepare (store, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (store, stmt, error);
}

/* The next 依頼 N or 訪問 N of this workbench, inside a transaction. */
gint64
_bansou_dispatch_next_number (BansouStore  *store,
                              const char   *table,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (number), 0) + 1 FROM %s", table);

  if (!(stmt = _bansou_store_prepare (store, sql, error)))
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _bansou_store_set_error (store, error, _("numbering a record"));
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

void
_bansou_dispatch_emit_changed (BansouDispatch *self,
                               const char     *type,
                               const char     *id)
{
  g_signal_emit (self, signals[CHANGED], 0, type, id);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * _bansou_dispatch_check_questions:
 * @sorted: (element-type utf8): receives the distinct ids, sorted (owned copies)
 *
 * Every id must be a question of the active catalog.
 */
gboolean
_bansou_dispatch_check_questions (BansouDispatch      *self,
                                  const char * const  *questions,
                                  GPtrArray           *sorted,
                                  GError             **error)
{
  for (guint i = 0; questions != NULL && questions[i]; i++)
    {
      if (bansou_catalog_lookup_question (self->catalog, questions[i]) == NULL)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_NOT_FOUND,
                       _("“%s” is not a question of the catalog %s"),
                       questions[i], bansou_catalog_get_version (self->catalog));
          return FALSE;
        }
      if (!g_ptr_array_find_with_equal_func (sorted, questions[i], g_str_equal, NULL))
        g_ptr_array_add (sorted, g_strdup (questions[i]));
    }
  g_ptr_array_sort (sorted, compare_strings);
  return TRUE;
}

char *
_bansou_dispatch_body_name (BansouDispatch *self,
                            const char     *code)
{
  g_autoptr(BansouBody) body = code ? bansou_registry_lookup (self->registry, code, NULL) : NULL;

  return g_strdup (body ? bansou_body_get_name (body) : code ? code : "");
}

/* ------------------------------------------------------------------------ */

static void
bansou_dispatch_dispose (GObject *object)
{
  BansouDispatch *self = (BansouDispatch *)object;

  g_clear_object (&self->survey);
  g_clear_object (&self->registry);
  g_clear_object (&self->catalog);
  g_clear_object (&self->calendar);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bansou_dispatch_parent_class)->dispose (object);
}

static void
bansou_dispatch_class_init (BansouDispatchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bansou_dispatch_dispose;

  /**
   * BansouDispatch::changed:
   * @type: "expert", "dispatch_request" or "visit"
   * @id: the record's id
   *
   * After a change of this object's was committed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
bansou_dispatch_init (BansouDispatch *self)
{
}

/**
 * bansou_dispatch_new:
 * @survey: the store, the catalog (skills and linked questions) and the
 *   answer path accepted findings take
 * @registry: validates bodies, gives their names
 * @calendar: (nullable): the government calendar with the prefecture's
 *   closed days; %NULL: one made for the store
 *
 * Returns: (transfer full): the dispatch ledger, or %NULL
 */
BansouDispatch *
bansou_dispatch_new (BansouSurvey    *survey,
                     BansouRegistry  *registry,
                     BansouCalendar  *calendar,
                     GError         **error)
{
  g_autoptr(BansouDispatch) self = NULL;

  g_return_val_if_fail (BANSOU_IS_SURVEY (survey), NULL);
  g_return_val_if_fail (BANSOU_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (calendar == NULL || BANSOU_IS_CALENDAR (calendar), NULL);

  self = g_object_new (BANSOU_TYPE_DISPATCH, NULL);
  self->survey = g_object_ref (survey);
  self->store = g_object_ref (bansou_survey_get_store (survey));
  self->catalog = g_object_ref (bansou_survey_get_catalog (survey));
  self->registry = g_object_ref (registry);
  if (calendar != NULL)
    self->calendar = g_object_ref (calendar);
  else if (!(self->calendar = bansou_calendar_new_for_store (self->store, error)))
    return NULL;
  return g_steal_pointer (&self);
}

BansouStore *
bansou_dispatch_get_store (BansouDispatch *self)
{
  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);
  return self->store;
}

BansouCalendar *
bansou_dispatch_get_calendar (BansouDispatch *self)
{
  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);
  return self->calendar;
}

/* The catalog the requests' questions are checked against. */
BansouCatalog *
bansou_dispatch_get_catalog (BansouDispatch *self)
{
  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);
  return self->catalog;
}

/* ------------------------------------------------------------------------ */
/* The pool                                                                 */

void
bansou_expert_free (BansouExpert *e)
{
  if (e == NULL)
    return;
  g_free (e->id);
  g_free (e->prefecture);
  g_free (e->name);
  g_free (e->organisation);
  g_free (e->contract_start);
  g_free (e->contract_end);
  g_strfreev (e->certifications);
  g_free (e->nda_signed_on);
  g_free (e->nda_expires_on);
  g_free (e->home_base);
  g_free (e->notes);
  g_clear_pointer (&e->skills, g_array_unref);
  g_free (e->updated_by);
  g_free (e->updated_at);
  g_free (e);
}

static void
skill_clear (BansouExpertSkill *s)
{
  g_free (s->target);
}

typedef enum { F_TEXT, F_REQUIRED_TEXT, F_DATE, F_BOOL, F_YEN, F_COUNT, F_DAYS, F_AFFILIATION, F_LIST, F_BODY } FieldType;

static const struct {
  const char *name;
  const char *column;
  FieldType   type;
  gint64      max;   /* characters, or the largest number */
} expert_fields[] = {
  { "name",            "name",            F_REQUIRED_TEXT, 200 },
  { "affiliation",     "affiliation",     F_AFFILIATION,   0 },
  { "organisation",    "organisation",    F_TEXT,          200 },
  { "contract-start",  "contract_start",  F_DATE,          0 },
  { "contract-end",    "contract_end",    F_DATE,          0 },
  { "certifications",  "certifications",  F_LIST,          2000 },
  { "nda-signed",      "nda_signed_on",   F_DATE,          0 },
  { "nda-expires",     "nda_expires_on",  F_DATE,          0 },
  { "home-base",       "home_base",       F_BODY,          0 },
  { "days-per-week",   "days_per_week",   F_DAYS,          5 },
  { "monthly-visits",  "monthly_visits",  F_COUNT,         1000 },
  { "monthly-minutes", "monthly_minutes", F_COUNT,         31 * 24 * 60 },
  { "cost-per-visit",  "cost_per_visit",  F_YEN,           100000000 },
  { "cost-per-hour",   "cost_per_hour",   F_YEN,           100000000 },
  { "active",          "active",          F_BOOL,          0 },
  { "notes",           "notes",           F_TEXT,          4000 },
};

static const char * const expert_field_names[] = {
  "name", "affiliation", "organisation", "contract-start", "contract-end", "certifications",
  "nda-signed", "nda-expires", "home-base", "days-per-week", "monthly-visits", "monthly-minutes",
  "cost-per-visit", "cost-per-hour", "active", "notes", NULL
};

const char * const *
bansou_dispatch_get_expert_fields (void)
{
  return expert_field_names;
}

#define EXPERT_COLUMNS \
  "id, prefecture, name, affiliation, organisation, contract_start, contract_end, certifications, " \
  "nda_signed_on, nda_expires_on, home_base, days_per_week, monthly_visits, monthly_minutes, " \
  "cost_per_visit, cost_per_hour, active, notes, updated_by, updated_at, server_rev"

static BansouExpert *
expert_from_row (sqlite3_stmt *stmt)
{
  BansouExpert *e = g_new0 (BansouExpert, 1);
  const char *certs;
  int c = 0;

  e->id = _bansou_dispatch_dup_column (stmt, c++);
  e->prefecture = _bansou_dispatch_dup_column (stmt, c++);
  e->name = _bansou_dispatch_dup_column (stmt, c++);
  e->affiliation = bansou_affiliation_from_string (_bansou_column_text (stmt, c++));
  if (e->affiliation == BANSOU_N_AFFILIATIONS)
    e->affiliation = BANSOU_AFFILIATION_OTHER;
  e->organisation = _bansou_dispatch_dup_column (stmt, c++);
  e->contract_start = _bansou_dispatch_dup_column (stmt, c++);
  e->contract_end = _bansou_dispatch_dup_column (stmt, c++);
  certs = _bansou_column_text (stmt, c++);
  e->certifications = *certs ? g_strsplit (certs, "\n", -1) : g_new0 (char *, 1);
  e->nda_signed_on = _bansou_dispatch_dup_column (stmt, c++);
  e->nda_expires_on = _bansou_dispatch_dup_column (stmt, c++);
  e->home_base = _bansou_dispatch_dup_column (stmt, c++);
  e->days_per_week = sqlite3_column_int (stmt, c++);
  e->monthly_visits = _bansou_dispatch_int_column (stmt, c++);
  e->monthly_minutes = _bansou_dispatch_int_column (stmt, c++);
  e->cost_per_visit = _bansou_dispatch_int_column (stmt, c++);
  e->cost_per_hour = _bansou_dispatch_int_column (stmt, c++);
  e->active = sqlite3_column_int (stmt, c++) != 0;
  e->notes = _bansou_dispatch_dup_column (stmt, c++);
  e->updated_by = _bansou_dispatch_dup_column (stmt, c++);
  e->updated_at = _bansou_dispatch_dup_column (stmt, c++);
  e->server_rev = sqlite3_column_int64 (stmt, c++);
  e->skills = g_array_new (FALSE, TRUE, sizeof (BansouExpertSkill));
  g_array_set_clear_func (e->skills, (GDestroyNotify) skill_clear);
  return e;
}

static gboolean
load_skills (BansouStore   *store,
             GPtrArray     *experts,
             const char    *only,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < experts->len; i++)
    {
      BansouExpert *e = g_ptr_array_index (experts, i);
      g_hash_table_insert (by_id, e->id, e);
    }
  stmt = _bansou_store_prepare (store,
                                "SELECT expert, target, level FROM expert_skills "
                                "WHERE ?1 IS NULL OR expert = ?1 ORDER BY expert, target", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, only, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BansouExpert *e = g_hash_table_lookup (by_id, _bansou_column_text (stmt, 0));
      BansouExpertSkill s;

      if (e == NULL)
        continue;
      s.target = g_strdup (_bansou_column_text (stmt, 1));
      s.level = sqlite3_column_int (stmt, 2);
      g_array_append_val (e->skills, s);
    }
  return TRUE;
}

/**
 * bansou_dispatch_list_experts:
 * @active_only: leave out experts no longer in the pool
 *
 * Returns: (transfer container) (element-type BansouExpert): by name
 */
GPtrArray *
bansou_dispatch_list_experts (BansouDispatch  *self,
                              gboolean         active_only,
                              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_expert_free);

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);

  stmt = _bansou_store_prepare (self->store,
                                "SELECT " EXPERT_COLUMNS " FROM experts WHERE active OR NOT ?1 ORDER BY name, id",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, active_only);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, expert_from_row (stmt));
  if (!load_skills (self->store, list, NULL, error))
    return NULL;
  return g_steal_pointer (&list);
}

/**
 * bansou_dispatch_get_expert:
 * @id: the UUID, or a unique prefix of it (at least 4 characters)
 *
 * Returns: (transfer full): the expert with skills, or %NULL with NOT_FOUND
 */
BansouExpert *
bansou_dispatch_get_expert (BansouDispatch  *self,
                            const char      *id,
                            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_expert_free);
  g_autofree char *full = NULL;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);

  if (!(full = _bansou_dispatch_resolve_id (self, "experts", id, error)))
    return NULL;
  stmt = _bansou_store_prepare (self->store, "SELECT " EXPERT_COLUMNS " FROM experts WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, full, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_NOT_FOUND,
                   _("No expert has the id “%s”"), id);
      return NULL;
    }
  g_ptr_array_add (one, expert_from_row (stmt));
  if (!load_skills (self->store, one, full, error))
    return NULL;
  return g_ptr_array_steal_index (one, 0);
}

typedef struct
{
  BansouDispatch    *self;
  const char        *id;
  const char        *prefecture;
  const char        *name;
  BansouAffiliation  affiliation;
} AddExpert;

static gboolean
add_expert_cb (BansouStore  *store,
               gpointer      user_data,
               GError      **error)
{
  AddExpert *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();

  stmt = _bansou_store_prepare (store,
                                "INSERT INTO experts (id, prefecture, name, affiliation, created_at, "
                                "updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, op->prefecture, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, op->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, affiliations[op->affiliation].id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);

  return _bansou_store_step_done (store, stmt, error) &&
         bansou_store_audit (store, EXPERT_ENTITY, op->id, "created", NULL, op->name, error) &&
         bansou_store_audit (store, EXPERT_ENTITY, op->id, "affiliation", NULL,
                             affiliations[op->affiliation].id, error) &&
         _bansou_dispatch_enqueue (store, EXPERT_TYPE, op->id, error);
}

/**
 * bansou_dispatch_add_expert:
 * @prefecture: (nullable): whose pool: a code ("34"), a name or a reading;
 *   %NULL: the prefecture this workbench serves
 *
 * Returns: (transfer full): the new expert's id (a UUID), or %NULL
 */
char *
bansou_dispatch_add_expert (BansouDispatch     *self,
                            const char         *prefecture,
                            const char         *name,
                            BansouAffiliation   affiliation,
                            GError            **error)
{
  g_autoptr(BansouBody) pref = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *scope = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *clean = NULL;
  AddExpert op;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);

  clean = g_strstrip (g_strdup (name ? name : ""));
  if (*clean == '\0' || g_utf8_strlen (clean, -1) > 200)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("An expert needs a name of at most 200 characters"));
      return NULL;
    }
  if ((guint) affiliation >= BANSOU_N_AFFILIATIONS)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("Unknown affiliation of an expert"));
      return NULL;
    }
  if (prefecture == NULL)
    prefecture = scope = bansou_store_get_setting (self->store, "prefecture");
  if (prefecture == NULL || g_str_equal (prefecture, BANSOU_SCOPE_NATIONAL))
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("The pool of experts belongs to a prefecture: choose the prefecture this desk serves first"));
      return NULL;
    }
  if (!(pref = bansou_registry_find_prefecture (self->registry, prefecture, error)))
    return NULL;
  digits = g_strndup (bansou_body_get_code (pref), 2);

  op.self = self;
  op.id = id;
  op.prefecture = digits;
  op.name = clean;
  op.affiliation = affiliation;
  if (!bansou_store_transaction (self->store, add_expert_cb, &op, error))
    return NULL;
  _bansou_dispatch_emit_changed (self, EXPERT_TYPE, id);
  return g_steal_pointer (&id);
}

static gboolean
parse_yes_no (const char  *value,
              char       **out,
              GError     **error)
{
  static const char * const yes[] = { "yes", "true", "1", "はい", "有効", NULL };
  static const char * const no[] = { "no", "false", "0", "いいえ", "無効", NULL };

  if (g_strv_contains (yes, value))
    *out = g_strdup ("1");
  else if (g_strv_contains (no, value))
    *out = g_strdup ("0");
  else
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("“%s” is neither yes nor no"), value);
      return FALSE;
    }
  return TRUE;
}

/* The canonical text of @value for field @f, or NULL (SQL NULL). */
static gboolean
canonical_expert_value (BansouDispatch  *self,
                        guint            f,
                        const char      *value,
                        char           **out,
                        GError         **error)
{
  char *end = NULL;
  gint64 n;

  *out = NULL;
  switch (expert_fields[f].type)
    {
    case F_REQUIRED_TEXT:
    case F_TEXT:
      *out = g_strstrip (g_strdup (value));
      if ((expert_fields[f].type == F_REQUIRED_TEXT && **out == '\0') ||
          g_utf8_strlen (*out, -1) > expert_fields[f].max)
        {
          g_clear_pointer (out, g_free);
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                       _("“%s” must be text of at most %u characters"), expert_fields[f].name,
                       (guint) expert_fields[f].max);
          return FALSE;
        }
      return TRUE;
    case F_LIST:
      {
        g_auto(GStrv) parts = g_regex_split_simple ("[\\n,、]", value, 0, 0);
        g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
        g_auto(GStrv) kept = NULL;

        for (guint i = 0; parts[i]; i++)
          {
            g_strstrip (parts[i]);
            if (*parts[i] != '\0')
              g_strv_builder_add (b, parts[i]);
          }
        kept = g_strv_builder_end (b);
        *out = g_strjoinv ("\n", kept);
        if (g_utf8_strlen (*out, -1) > expert_fields[f].max)
          {
            g_clear_pointer (out, g_free);
            g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                         _("“%s” must be text of at most %u characters"), expert_fields[f].name,
                         (guint) expert_fields[f].max);
            return FALSE;
          }
        return TRUE;
      }
    case F_DATE:
      *out = _bansou_dispatch_check_date (value, expert_fields[f].name, error);
      return *out != NULL || *value == '\0';
    case F_BOOL:
      return parse_yes_no (value, out, error);
    case F_AFFILIATION:
      {
        BansouAffiliation a = bansou_affiliation_from_string (value);

        if (a == BANSOU_N_AFFILIATIONS)
          {
            g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                         _("Unknown affiliation “%s”"), value);
            return FALSE;
          }
        *out = g_strdup (affiliations[a].id);
        return TRUE;
      }
    case F_BODY:
      {
        g_autoptr(BansouBody) body = NULL;

        if (*value == '\0')
          {
            *out = g_strdup ("");
            return TRUE;
          }
        if (!(body = bansou_registry_lookup (self->registry, value, error)))
          return FALSE;
        *out = g_strdup (bansou_body_get_code (body));
        return TRUE;
      }
    case F_DAYS:
    case F_COUNT:
    case F_YEN:
      if (*value == '\0' && expert_fields[f].type != F_DAYS)
        return TRUE;
      n = g_ascii_strtoll (value, &end, 10);
      if (end == value || *end != '\0' || n < 0 || n > expert_fields[f].max)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                       _("“%s” must be a whole number between 0 and %d"),
                       expert_fields[f].name, (int) expert_fields[f].max);
          return FALSE;
        }
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, n);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  BansouDispatch *self;
  const char     *id;
  GPtrArray      *fields;     /* indices into expert_fields, as guint in pointers */
  GPtrArray      *old_values;
  GPtrArray      *new_values;
} UpdateExpert;

static gboolean
update_expert_cb (BansouStore  *store,
                  gpointer      user_data,
                  GError      **error)
{
  UpdateExpert *op = user_data;

  for (guint i = 0; i < op->fields->len; i++)
    {
      guint f = GPOINTER_TO_UINT (g_ptr_array_index (op->fields, i));
      const char *value = g_ptr_array_index (op->new_values, i);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *sql = g_strdup_printf ("UPDATE experts SET %s = ?1 WHERE id = ?2", expert_fields[f].column);
      FieldType t = expert_fields[f].type;

      if (!(stmt = _bansou_store_prepare (store, sql, error)))
        return FALSE;
      if (value == NULL)
        sqlite3_bind_null (stmt, 1);
      else if (t == F_BOOL || t == F_YEN || t == F_COUNT || t == F_DAYS)
        sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (value, NULL, 10));
      else
        sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, op->id, -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, stmt, error) ||
          !bansou_store_audit (store, EXPERT_ENTITY, op->id, expert_fields[f].name,
                               g_ptr_array_index (op->old_values, i), value, error))
        return FALSE;
    }
  return _bansou_dispatch_touch (store, "experts", op->id, error) &&
         _bansou_dispatch_enqueue (store, EXPERT_TYPE, op->id, error);
}

/**
 * bansou_dispatch_update_expert:
 * @fields: (array zero-terminated=1): names of bansou_dispatch_get_expert_fields()
 * @values: (array zero-terminated=1): their new values as text, one per
 *   field; empty clears a date or a number
 *
 * Validates every value, then writes the changed ones in one transaction,
 * each with its audit line. Nothing is written when one value is wrong.
 */
gboolean
bansou_dispatch_update_expert (BansouDispatch      *self,
                               const char          *id,
                               const char * const  *fields,
                               const char * const  *values,
                               GError             **error)
{
  g_autoptr(BansouExpert) e = NULL;
  g_autoptr(GPtrArray) idx = g_ptr_array_new ();
  g_autoptr(GPtrArray) old_values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) new_values = g_ptr_array_new_with_free_func (g_free);
  char *merged[G_N_ELEMENTS (expert_fields)];
  UpdateExpert op;
  gboolean ok = TRUE;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), FALSE);
  g_return_val_if_fail (fields != NULL && values != NULL, FALSE);
  g_return_val_if_fail (g_strv_length ((GStrv) fields) == g_strv_length ((GStrv) values), FALSE);

  if (!(e = bansou_dispatch_get_expert (self, id, error)))
    return FALSE;

  /* The stored values, as text, column by column. */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;
    g_autoptr(GString) sql = g_string_new ("SELECT ");

    for (guint f = 0; f < G_N_ELEMENTS (expert_fields); f++)
      g_string_append_printf (sql, "%s%s", f ? ", " : "", expert_fields[f].column);
    g_string_append (sql, " FROM experts WHERE id = ?");
    if (!(stmt = _bansou_store_prepare (self->store, sql->str, error)))
      return FALSE;
    sqlite3_bind_text (stmt, 1, e->id, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      return _bansou_store_set_error (self->store, error, _("reading an expert")), FALSE;
    for (guint f = 0; f < G_N_ELEMENTS (expert_fields); f++)
      merged[f] = _bansou_dispatch_dup_column (stmt, f);
  }

  for (guint i = 0; ok && fields[i]; i++)
    {
      g_autofree char *value = NULL;
      guint f;

      for (f = 0; f < G_N_ELEMENTS (expert_fields); f++)
        if (g_str_equal (expert_fields[f].name, fields[i]))
          break;
      if (f == G_N_ELEMENTS (expert_fields))
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                       _("Unknown field “%s” of an expert"), fields[i]);
          ok = FALSE;
          break;
        }
      if (!(ok = canonical_expert_value (self, f, values[i] ? values[i] : "", &value, error)))
        break;
      if (g_strcmp0 (merged[f], value) == 0)
        continue;
      g_ptr_array_add (idx, GUINT_TO_POINTER (f));
      g_ptr_array_add (old_values, g_strdup (merged[f]));
      g_ptr_array_add (new_values, g_strdup (value));
      g_free (merged[f]);
      merged[f] = g_steal_pointer (&value);
    }

  /* Periods end after they start: the contract (3, 4) and the NDA (6, 7). */
  if (ok && merged[3] && merged[4] && strcmp (merged[4], merged[3]) < 0)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("The contract period ends before it starts"));
      ok = FALSE;
    }
  if (ok && merged[7] && !merged[6])
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("The confidentiality agreement has an expiry but no date it was signed"));
      ok = FALSE;
    }
  if (ok && merged[6] && merged[7] && strcmp (merged[7], merged[6]) < 0)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("The confidentiality agreement expires before it was signed"));
      ok = FALSE;
    }
  for (guint f = 0; f < G_N_ELEMENTS (expert_fields); f++)
    g_free (merged[f]);
  if (!ok)
    return FALSE;
  if (idx->len == 0)
    return TRUE;

  op.self = self;
  op.id = e->id;
  op.fields = idx;
  op.old_values = old_values;
  op.new_values = new_values;
  if (!bansou_store_transaction (self->store, update_expert_cb, &op, error))
    return FALSE;
  _bansou_dispatch_emit_changed (self, EXPERT_TYPE, e->id);
  return TRUE;
}

/**
 * bansou_dispatch_set_expert_field:
 * @field: one of bansou_dispatch_get_expert_fields()
 *
 * One field; see bansou_dispatch_update_expert().
 */
gboolean
bansou_dispatch_set_expert_field (BansouDispatch  *self,
                                  const char      *id,
                                  const char      *field,
                                  const char      *value,
                                  GError         **error)
{
  const char *fields[] = { field, NULL };
  const char *values[] = { value ? value : "", NULL };

  g_return_val_if_fail (field != NULL, FALSE);
  return bansou_dispatch_update_expert (self, id, fields, values, error);
}

typedef struct
{
  const char              *id;
  const BansouExpertSkill *skills;
  guint                    n;
  const char              *old_value;
  const char              *new_value;
} SetSkills;

static gboolean
set_skills_cb (BansouStore  *store,
               gpointer      user_data,
               GError      **error)
{
  SetSkills *op = user_data;
  g_autoptr(sqlite3_stmt) del = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;

  del = _bansou_store_prepare (store, "DELETE FROM expert_skills WHERE expert = ?", error);
  ins = _bansou_store_prepare (store,
                               "INSERT INTO expert_skills (expert, target, level) VALUES (?1, ?2, ?3) "
                               "ON CONFLICT (expert, target) DO UPDATE SET level = max (level, excluded.level)",
                               error);
  if (del == NULL || ins == NULL)
    return FALSE;
  sqlite3_bind_text (del, 1, op->id, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, del, error))
    return FALSE;
  for (guint i = 0; i < op->n; i++)
    {
      sqlite3_reset (ins);
      sqlite3_bind_text (ins, 1, op->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 2, op->skills[i].target, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (ins, 3, op->skills[i].level);
      if (!_bansou_store_step_done (store, ins, error))
        return FALSE;
    }
  return _bansou_dispatch_touch (store, "experts", op->id, error) &&
         bansou_store_audit (store, EXPERT_ENTITY, op->id, "skills", op->old_value, op->new_value, error) &&
         _bansou_dispatch_enqueue (store, EXPERT_TYPE, op->id, error);
}

static char *
skills_text (const BansouExpertSkill *skills,
             guint                    n)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (parts, g_strdup_printf ("%s:%u", skills[i].target, skills[i].level));
  g_ptr_array_sort (parts, compare_strings);
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (",", (GStrv) parts->pdata);
}

/**
 * bansou_dispatch_set_expert_skills:
 * @skills: (array length=n_skills): each a catalog measure or question id
 *   with a level 1–3 (1 basic, 2 practised, 3 expert)
 *
 * Replaces the expert's skills; a target that is neither a measure nor a
 * question of the catalog rejects all.
 */
gboolean
bansou_dispatch_set_expert_skills (BansouDispatch           *self,
                                   const char               *id,
                                   const BansouExpertSkill  *skills,
                                   guint                     n_skills,
                                   GError                  **error)
{
  g_autoptr(BansouExpert) e = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  SetSkills op;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), FALSE);
  g_return_val_if_fail (skills != NULL || n_skills == 0, FALSE);

  for (guint i = 0; i < n_skills; i++)
    {
      const char *t = skills[i].target;
      gboolean known = t != NULL && bansou_catalog_lookup_question (self->catalog, t) != NULL;

      for (guint c = 0; t != NULL && !known && c < bansou_catalog_get_n_categories (self->catalog); c++)
        {
          BansouCategory *cat = bansou_catalog_get_category (self->catalog, c);

          for (guint m = 0; !known && m < cat->measures->len; m++)
            known = g_str_equal (((BansouMeasure *) g_ptr_array_index (cat->measures, m))->id, t);
        }
      if (!known)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_NOT_FOUND,
                       _("“%s” is neither a measure nor a question of the catalog %s"),
                       t ? t : "", bansou_catalog_get_version (self->catalog));
          return FALSE;
        }
      if (skills[i].level < 1 || skills[i].level > 3)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                       _("The level of a skill is 1 (basic), 2 (practised) or 3 (expert)"));
          return FALSE;
        }
    }

  if (!(e = bansou_dispatch_get_expert (self, id, error)))
    return FALSE;
  old_value = skills_text ((const BansouExpertSkill *) e->skills->data, e->skills->len);
  new_value = skills_text (skills, n_skills);
  if (g_str_equal (old_value, new_value))
    return TRUE;

  op.id = e->id;
  op.skills = skills;
  op.n = n_skills;
  op.old_value = old_value;
  op.new_value = new_value;
  if (!bansou_store_transaction (self->store, set_skills_cb, &op, error))
    return FALSE;
  _bansou_dispatch_emit_changed (self, EXPERT_TYPE, e->id);
  return TRUE;
}
