/* bansou-procurements.c — the ledger of joint procurements (共同調達)
 *
 * Prefectures buy security together with their municipalities, and
 * several prefectures together (report 3(1)イ: 東北 6 県 and 新潟県, the
 * security cloud; footnote 15: file sanitisation, online storage,
 * β'-model networks, 福岡県's council for the government cloud). Every
 * procurement also checks its supply chain (report 3(2)エ): selection
 * rules for equipment, the vendor's declaration that no product of
 * concern is delivered, a penalty clause for breach, and consultation
 * of the national desk where required. Without those checks a project
 * does not reach 契約 unless an override is recorded with its reason.
 *
 * Projects, their phases, questions and participants: every change is
 * one transaction with its audit lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-procurement"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-code.h"
#include "bansou-procurement-kinds.h"
#include "bansou-procurements-private.h"
#include "bansou-util.h"
#include "bansou-wareki.h"

G_DEFINE_FINAL_TYPE (BansouProcurements, bansou_procurements, G_TYPE_OBJECT)

static const struct { const char *id; const char *label; } types[BANSOU_PROCUREMENT_N_TYPES] = {
  { "security_cloud",           N_("Security cloud renewal") },
  { "file_sanitization",        N_("File sanitisation") },
  { "online_storage",           N_("Online storage") },
  { "beta_prime",               N_("β′ model / telework platform") },
  { "gov_cloud",                N_("Government cloud connection") },
  { "training",                 N_("Training and exercises") },
  { "vulnerability_assessment", N_("Vulnerability assessment") },
  { "external_audit",           N_("External audit") },
  { "other",                    N_("Other") },
};

static const struct { const char *id; const char *label; } phases[BANSOU_N_PHASES] = {
  { "spec",      N_("Specification") },
  { "notice",    N_("Public notice") },
  { "contract",  N_("Contract") },
  { "build",     N_("Build") },
  { "operation", N_("Operation") },
  { "renewal",   N_("Renewal") },
};

typedef enum { F_TEXT, F_REQUIRED_TEXT, F_DATE, F_BOOL, F_YEN, F_TYPE, F_BASIS } FieldType;

/* The fields `set` writes; the column always comes from here. */
static const struct {
  const char *name;
  const char *column;
  FieldType   type;
  guint       max;   /* characters */
} fields[] = {
  { "title",               "title",               F_REQUIRED_TEXT, 200 },
  { "type",                "type",                F_TYPE,          0 },
  { "council",             "lead_council",        F_TEXT,          200 },
  { "contract-start",      "contract_start",      F_DATE,          0 },
  { "contract-end",        "contract_end",        F_DATE,          0 },
  { "vendor",              "vendor",              F_TEXT,          200 },
  { "criteria",            "sc_criteria",         F_BOOL,          0 },
  { "declaration-date",    "sc_declaration_on",   F_DATE,          0 },
  { "declaration-ref",     "sc_declaration_ref",  F_TEXT,          200 },
  { "penalty",             "sc_penalty",          F_BOOL,          0 },
  { "desk-required",       "sc_desk_required",    F_BOOL,          0 },
  { "desk-consulted",      "sc_desk_consulted",   F_DATE,          0 },
  { "override",            "override_reason",     F_TEXT,          1000 },
  { "standalone-fixed",    "standalone_fixed",    F_YEN,           0 },
  { "standalone-per-unit", "standalone_per_unit", F_YEN,           0 },
  { "standalone-basis",    "standalone_basis",    F_BASIS,         0 },
  { "notes",               "notes",               F_TEXT,          4000 },
};

static const char * const field_names[] = {
  "title", "type", "council", "contract-start", "contract-end", "vendor", "criteria",
  "declaration-date", "declaration-ref", "penalty", "desk-required", "desk-consulted",
  "override", "standalone-fixed", "standalone-per-unit", "standalone-basis", "notes", NULL
};

#define PROJECT_COLUMNS \
  "id, title, type, lead_prefecture, lead_council, phase, contract_start, contract_end, " \
  "total, subsidy_num, subsidy_den, subsidy_cap, w_equal, w_population, w_terminals, w_users, " \
  "standalone_fixed, standalone_per_unit, standalone_basis, vendor, sc_criteria, " \
  "sc_declaration_on, sc_declaration_ref, sc_penalty, sc_desk_required, sc_desk_consulted, " \
  "override_reason, notes"

/* ------------------------------------------------------------------------ */

const char *
bansou_procurement_type_to_string (BansouProcurementType type)
{
  g_return_val_if_fail (type < BANSOU_PROCUREMENT_N_TYPES, NULL);
  return types[type].id;
}

const char *
bansou_procurement_type_get_label (BansouProcurementType type)
{
  g_return_val_if_fail (type < BANSOU_PROCUREMENT_N_TYPES, NULL);
  return _(types[type].label);
}

/**
 * bansou_procurement_type_from_string:
 * @text: an id ("file_sanitization") or the label in the UI language
 *
 * Returns: the type, or %BANSOU_PROCUREMENT_N_TYPES
 */
BansouProcurementType
bansou_procurement_type_from_string (const char *text)
{
  for (guint t = 0; text != NULL && t < BANSOU_PROCUREMENT_N_TYPES; t++)
    if (g_str_equal (text, types[t].id) || g_str_equal (text, _(types[t].label)))
      return t;
  return BANSOU_PROCUREMENT_N_TYPES;
}

const char *
bansou_phase_to_string (BansouProcurementPhase phase)
{
  g_return_val_if_fail (phase < BANSOU_N_PHASES, NULL);
  return phases[phase].id;
}

const char *
bansou_phase_get_label (BansouProcurementPhase phase)
{
  g_return_val_if_fail (phase < BANSOU_N_PHASES, NULL);
  return _(phases[phase].label);
}

BansouProcurementPhase
bansou_phase_from_string (const char *text)
{
  for (guint p = 0; text != NULL && p < BANSOU_N_PHASES; p++)
    if (g_str_equal (text, phases[p].id) || g_str_equal (text, _(phases[p].label)))
      return p;
  return BANSOU_N_PHASES;
}

const char * const *
bansou_procurements_get_fields (void)
{
  return field_names;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? NULL : g_strdup (_bansou_column_text (stmt, col));
}

static gint64
int_or_unknown (sqlite3_stmt *stmt,
                int           col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, col);
}

void
bansou_project_free (BansouProject *project)
{
  if (project == NULL)
    return;
  g_free (project->id);
  g_free (project->title);
  g_free (project->lead_prefecture);
  g_free (project->lead_council);
  for (guint p = 0; p < BANSOU_N_PHASES; p++)
    g_free (project->phase_dates[p]);
  g_free (project->contract_start);
  g_free (project->contract_end);
  g_free (project->vendor);
  g_free (project->sc_declaration_on);
  g_free (project->sc_declaration_ref);
  g_free (project->sc_desk_consulted);
  g_free (project->override_reason);
  g_free (project->notes);
  g_strfreev (project->questions);
  g_clear_pointer (&project->participants, g_ptr_array_unref);
  g_free (project);
}

static void
participant_free (BansouParticipant *p)
{
  g_free (p->body);
  g_free (p->name);
  g_free (p->joined_on);
  g_free (p->left_on);
  g_free (p);
}

static BansouProject *
project_from_row (sqlite3_stmt *stmt)
{
  BansouProject *p = g_new0 (BansouProject, 1);
  int c = 0;

  p->id = dup_column (stmt, c++);
  p->title = dup_column (stmt, c++);
  p->type = bansou_procurement_type_from_string (_bansou_column_text (stmt, c++));
  p->lead_prefecture = dup_column (stmt, c++);
  p->lead_council = dup_column (stmt, c++);
  p->phase = bansou_phase_from_string (_bansou_column_text (stmt, c++));
  p->contract_start = dup_column (stmt, c++);
  p->contract_end = dup_column (stmt, c++);
  p->cost.total = sqlite3_column_int64 (stmt, c++);
  p->cost.subsidy_num = sqlite3_column_int64 (stmt, c++);
  p->cost.subsidy_den = sqlite3_column_int64 (stmt, c++);
  p->cost.subsidy_cap = int_or_unknown (stmt, c++);
  for (guint b = 0; b < BANSOU_COST_N_BASES; b++)
    p->cost.weights[b] = sqlite3_column_int (stmt, c++);
  p->standalone_fixed = int_or_unknown (stmt, c++);
  p->standalone_per_unit = int_or_unknown (stmt, c++);
  p->standalone_basis = bansou_cost_basis_from_string (_bansou_column_text (stmt, c++));
  p->vendor = dup_column (stmt, c++);
  p->sc_criteria = sqlite3_column_int (stmt, c++);
  p->sc_declaration_on = dup_column (stmt, c++);
  p->sc_declaration_ref = dup_column (stmt, c++);
  p->sc_penalty = sqlite3_column_int (stmt, c++);
  p->sc_desk_required = sqlite3_column_int (stmt, c++);
  p->sc_desk_consulted = dup_column (stmt, c++);
  p->override_reason = dup_column (stmt, c++);
  p->notes = dup_column (stmt, c++);
  p->participants = g_ptr_array_new_with_free_func ((GDestroyNotify) participant_free);

  return p;
}

/* ------------------------------------------------------------------------ */

/**
 * _bansou_procurements_check_date:
 * @text: (nullable): 'YYYY-MM-DD', or empty for none
 *
 * Returns: (transfer full) (nullable): the date in canonical form, or
 *   %NULL: with @error set when @text is not a date
 */
char *
_bansou_procurements_check_date (const char  *text,
                                 const char  *what,
                                 GError     **error)
{
  g_autoptr(GDate) date = NULL;

  if (text == NULL || *text == '\0')
    return NULL;
  if (!(date = bansou_date_parse_iso (text)))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   /* Translators: the first %s is what the date is for */
                   _("The %s “%s” is not a date (write it as YYYY-MM-DD)"), what, text);
      return NULL;
    }
  return bansou_date_to_iso (date);
}

/* Days from @from to @to, both included (valid ISO dates). */
gint64
_bansou_days_between (const char *from,
                      const char *to)
{
  g_autoptr(GDate) a = bansou_date_parse_iso (from);
  g_autoptr(GDate) b = bansou_date_parse_iso (to);

  return (gint64) g_date_days_between (a, b) + 1;
}

/**
 * _bansou_procurements_resolve_id:
 * @id: a project's UUID, or its first characters (at least 4) when they
 *   name only one
 *
 * Returns: (transfer full): the full id, or %NULL with NOT_FOUND
 */
char *
_bansou_procurements_resolve_id (BansouProcurements  *self,
                                 const char          *id,
                                 GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *found = NULL;
  guint n = 0;

  stmt = _bansou_store_prepare (self->store,
                                "SELECT id FROM procurement_projects WHERE id = ?1 "
                                "OR (length (?1) >= 4 AND substr (id, 1, length (?1)) = ?1) "
                                "ORDER BY id = ?1 DESC LIMIT 2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (n++ == 0)
        found = g_strdup (_bansou_column_text (stmt, 0));
      else if (!g_str_equal (found, id))
        {
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND,
                       _("“%s” names more than one procurement project: give more of its id"), id);
          return NULL;
        }
    }
  if (found == NULL)
    g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND,
                 _("No procurement project has the id “%s”"), id);
  return g_steal_pointer (&found);
}

/* Who changed the project last, inside the caller's transaction. */
gboolean
_bansou_procurements_touch (BansouProcurements  *self,
                            const char          *id,
                            GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();

  stmt = _bansou_store_prepare (self->store,
                                "UPDATE procurement_projects SET updated_by = ?1, updated_at = ?2 WHERE id = ?3",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, bansou_store_get_actor (self->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (self->store, stmt, error);
}

/* ------------------------------------------------------------------------ */

static void
bansou_procurements_dispose (GObject *object)
{
  BansouProcurements *self = (BansouProcurements *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->registry);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (bansou_procurements_parent_class)->dispose (object);
}

static void
bansou_procurements_class_init (BansouProcurementsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bansou_procurements_dispose;
}

static void
bansou_procurements_init (BansouProcurements *self)
{
}

/**
 * bansou_procurements_new:
 * @registry: validates the participants' codes and gives populations
 * @catalog: validates the questions a project covers
 *
 * Returns: (transfer full): the ledger over the registry's store
 */
BansouProcurements *
bansou_procurements_new (BansouRegistry *registry,
                         BansouCatalog  *catalog)
{
  BansouProcurements *self;

  g_return_val_if_fail (BANSOU_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (BANSOU_IS_CATALOG (catalog), NULL);

  self = g_object_new (BANSOU_TYPE_PROCUREMENTS, NULL);
  self->registry = g_object_ref (registry);
  self->store = g_object_ref (bansou_registry_get_store (registry));
  self->catalog = g_object_ref (catalog);
  return self;
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  BansouProcurements   *self;
  const char           *id;
  const char           *title;
  BansouProcurementType type;
  const char           *prefecture;
  const char           *council;
} AddProject;

static gboolean
add_cb (BansouStore  *store,
        gpointer      user_data,
        GError      **error)
{
  AddProject *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();

  stmt = _bansou_store_prepare (store,
                                "INSERT INTO procurement_projects (id, title, type, lead_prefecture, "
                                "lead_council, created_at, updated_by, updated_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6)", error);
  if (stmt == NULL || !_bansou_procurement_check_writer (store, op->prefecture, NULL, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, op->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, types[op->type].id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, op->prefecture, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, op->council, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;

  return bansou_store_audit (store, PROCUREMENT_ENTITY, op->id, "created", NULL, op->title, error) &&
         bansou_store_audit (store, PROCUREMENT_ENTITY, op->id, "type", NULL, types[op->type].id, error) &&
         bansou_store_audit (store, PROCUREMENT_ENTITY, op->id, "lead",
                             NULL, *op->council ? op->council : op->prefecture, error) &&
         _bansou_procurement_outbox_project (store, op->id, error);
}

/**
 * bansou_procurements_add:
 * @lead_prefecture: the prefecture that leads and writes the project,
 *   a code ("04"), a name or a reading
 * @council: (nullable): the 協議会 that leads it, whose secretariat is
 *   @lead_prefecture
 *
 * Returns: (transfer full): the new project's id (a UUID), or %NULL
 */
char *
bansou_procurements_add (BansouProcurements    *self,
                         const char            *title,
                         BansouProcurementType  type,
                         const char            *lead_prefecture,
                         const char            *council,
                         GError               **error)
{
  g_autoptr(BansouBody) pref = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *digits = NULL;
  g_autofree char *clean_title = NULL;
  g_autofree char *clean_council = NULL;
  AddProject op;

  g_return_val_if_fail (BANSOU_IS_PROCUREMENTS (self), NULL);

  clean_title = g_strstrip (g_strdup (title ? title : ""));
  clean_council = g_strstrip (g_strdup (council ? council : ""));
  if (*clean_title == '\0' || g_utf8_strlen (clean_title, -1) > 200)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("A procurement project needs a title of at most 200 characters"));
      return NULL;
    }
  if (type >= BANSOU_PROCUREMENT_N_TYPES)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("Unknown kind of procurement"));
      return NULL;
    }
  if (lead_prefecture == NULL || g_str_equal (lead_prefecture, BANSOU_SCOPE_NATIONAL))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("A procurement project is led by a prefecture (or a council it runs)"));
      return NULL;
    }
  if (!(pref = bansou_registry_find_prefecture (self->registry, lead_prefecture, error)))
    return NULL;
  digits = g_strndup (bansou_body_get_code (pref), 2);

  op.self = self;
  op.id = id;
  op.title = clean_title;
  op.type = type;
  op.prefecture = digits;
  op.council = clean_council;
  if (!bansou_store_transaction (self->store, add_cb, &op, error))
    return NULL;

  return g_steal_pointer (&id);
}

/* The project of a detail row: @one when reading a single project, else
 * the one @by_id names (the ledger read in one pass per table) */
static BansouProject *
detail_owner (sqlite3_stmt  *stmt,
              BansouProject *one,
              GHashTable    *by_id)
{
  return one != NULL ? one : g_hash_table_lookup (by_id, _bansou_column_text (stmt, 0));
}

/*
 * load_details:
 * @one: (nullable): the project to complete, or %NULL for every project
 *   of @by_id (id → BansouProject)
 * @body: (nullable): with @one, load only this participant
 *
 * Phases, covered questions and participants: three statements whether
 * one project is read or the whole ledger (the ledger of 500 projects
 * was 1,501 statements before).
 */
static gboolean
load_details (BansouProcurements  *self,
              BansouProject       *one,
              GHashTable          *by_id,
              const char          *body,
              GError             **error)
{
  g_autoptr(sqlite3_stmt) phase_stmt = NULL;
  g_autoptr(sqlite3_stmt) q_stmt = NULL;
  g_autoptr(sqlite3_stmt) part_stmt = NULL;
  g_autoptr(GHashTable) questions = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_strv_builder_unref);
  const char *id = one ? one->id : NULL;
  GHashTableIter iter;
  gpointer key, value;

  /* Two texts rather than "?1 IS NULL OR project = ?1", which sqlite
   * cannot answer from the primary key */
  phase_stmt = _bansou_store_prepare (self->store,
                                      one ? "SELECT project, phase, on_date FROM procurement_phases WHERE project = ?1"
                                          : "SELECT project, phase, on_date FROM procurement_phases", error);
  if (phase_stmt == NULL)
    return FALSE;
  if (one != NULL)
    sqlite3_bind_text (phase_stmt, 1, id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (phase_stmt) == SQLITE_ROW)
    {
      BansouProject *p = detail_owner (phase_stmt, one, by_id);
      BansouProcurementPhase ph = bansou_phase_from_string (_bansou_column_text (phase_stmt, 1));

      if (p != NULL && ph < BANSOU_N_PHASES)
        {
          g_free (p->phase_dates[ph]);
          p->phase_dates[ph] = g_strdup (_bansou_column_text (phase_stmt, 2));
        }
    }

  q_stmt = _bansou_store_prepare (self->store,
                                  one ? "SELECT project, question FROM procurement_questions "
                                        "WHERE project = ?1 ORDER BY question"
                                      : "SELECT project, question FROM procurement_questions ORDER BY project, question",
                                  error);
  if (q_stmt == NULL)
    return FALSE;
  if (one != NULL)
    sqlite3_bind_text (q_stmt, 1, id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (q_stmt) == SQLITE_ROW)
    {
      BansouProject *p = detail_owner (q_stmt, one, by_id);
      GStrvBuilder *builder;

      if (p == NULL)
        continue;
      if (!(builder = g_hash_table_lookup (questions, p)))
        g_hash_table_insert (questions, p, builder = g_strv_builder_new ());
      g_strv_builder_add (builder, _bansou_column_text (q_stmt, 1));
    }
  if (one != NULL)
    {
      GStrvBuilder *builder = g_hash_table_lookup (questions, one);
      one->questions = builder ? g_strv_builder_end (builder) : g_new0 (char *, 1);
    }
  else
    {
      g_hash_table_iter_init (&iter, by_id);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          BansouProject *p = value;
          GStrvBuilder *builder = g_hash_table_lookup (questions, p);
          p->questions = builder ? g_strv_builder_end (builder) : g_new0 (char *, 1);
        }
    }

#define PARTICIPANT_SQL "SELECT pp.project, pp.body, b.name, pp.joined_on, pp.left_on, b.population, " \
                        "pp.terminals, pp.users, pp.standalone " \
                        "FROM procurement_participants pp JOIN bodies b ON b.code = pp.body "
  part_stmt = _bansou_store_prepare (self->store,
                                     one ? PARTICIPANT_SQL "WHERE pp.project = ?1 AND (?2 IS NULL OR pp.body = ?2) "
                                           "ORDER BY pp.body"
                                         : PARTICIPANT_SQL "ORDER BY pp.project, pp.body", error);
#undef PARTICIPANT_SQL
  if (part_stmt == NULL)
    return FALSE;
  if (one != NULL)
    {
      sqlite3_bind_text (part_stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (part_stmt, 2, body, -1, SQLITE_TRANSIENT);
    }
  while (sqlite3_step (part_stmt) == SQLITE_ROW)
    {
      BansouProject *p = detail_owner (part_stmt, one, by_id);
      BansouParticipant *pa;

      if (p == NULL)
        continue;
      pa = g_new0 (BansouParticipant, 1);
      pa->body = dup_column (part_stmt, 1);
      pa->name = dup_column (part_stmt, 2);
      pa->joined_on = dup_column (part_stmt, 3);
      pa->left_on = dup_column (part_stmt, 4);
      pa->population = int_or_unknown (part_stmt, 5);
      pa->terminals = int_or_unknown (part_stmt, 6);
      pa->users = int_or_unknown (part_stmt, 7);
      pa->standalone = int_or_unknown (part_stmt, 8);
      g_ptr_array_add (p->participants, pa);
    }

  return TRUE;
}

/**
 * bansou_procurements_list:
 *
 * Four statements for the whole ledger, however many projects it holds.
 *
 * Returns: (transfer container) (element-type BansouProject): every
 *   project with its participants, by title
 */
GPtrArray *
bansou_procurements_list (BansouProcurements  *self,
                          GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_project_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (BANSOU_IS_PROCUREMENTS (self), NULL);

  stmt = _bansou_store_prepare (self->store,
                                "SELECT " PROJECT_COLUMNS " FROM procurement_projects ORDER BY title, id",
                                error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BansouProject *p = project_from_row (stmt);

      g_ptr_array_add (list, p);
      g_hash_table_insert (by_id, p->id, p);
    }

  if (list->len > 0 && !load_details (self, NULL, by_id, NULL, error))
    return NULL;

  return g_steal_pointer (&list);
}

/**
 * bansou_procurements_lookup:
 * @id: the UUID, or a unique prefix of it (at least 4 characters)
 *
 * Returns: (transfer full): the project, or %NULL with NOT_FOUND
 */
BansouProject *
bansou_procurements_lookup (BansouProcurements  *self,
                            const char          *id,
                            GError             **error)
{
  g_return_val_if_fail (BANSOU_IS_PROCUREMENTS (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return _bansou_procurements_lookup_one (self, id, NULL, error);
}

/**
 * _bansou_procurements_lookup_one:
 * @body: (nullable): the one participant to load (a join or a leave need
 *   no other), or %NULL for all
 */
BansouProject *
_bansou_procurements_lookup_one (BansouProcurements  *self,
                                 const char          *id,
                                 const char          *body,
                                 GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(BansouProject) project = NULL;
  g_autofree char *full = NULL;

  if (!(full = _bansou_procurements_resolve_id (self, id, error)))
    return NULL;
  stmt = _bansou_store_prepare (self->store,
                                "SELECT " PROJECT_COLUMNS " FROM procurement_projects WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, full, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND,
                   _("No procurement project has the id “%s”"), id);
      return NULL;
    }
  project = project_from_row (stmt);
  if (!load_details (self, project, NULL, body, error))
    return NULL;
  return g_steal_pointer (&project);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  BansouProcurements *self;
  const char         *id;
  const char         *field;
  const char         *column;
  FieldType           type;
  const char         *old_value;
  const char         *new_value;  /* NULL clears */
} SetField;

static gboolean
set_field_cb (BansouStore  *store,
              gpointer      user_data,
              GError      **error)
{
  SetField *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  if (!_bansou_procurement_check_writer_of (store, op->id, NULL, error))
    return FALSE;
  sql = g_strdup_printf ("UPDATE procurement_projects SET %s = ?1 WHERE id = ?2", op->column);
  if (!(stmt = _bansou_store_prepare (store, sql, error)))
    return FALSE;
  if (op->new_value == NULL)
    sqlite3_bind_null (stmt, 1);
  else if (op->type == F_BOOL || op->type == F_YEN)
    sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (op->new_value, NULL, 10));
  else
    sqlite3_bind_text (stmt, 1, op->new_value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, op->id, -1, SQLITE_TRANSIENT);

  return _bansou_store_step_done (store, stmt, error) &&
         _bansou_procurements_touch (op->self, op->id, error) &&
         bansou_store_audit (store, PROCUREMENT_ENTITY, op->id, op->field,
                             op->old_value, op->new_value, error) &&
         _bansou_procurement_outbox_project (store, op->id, error) &&
         /* The contract start dates the participations that give no date. */
         (!g_str_equal (op->column, "contract_start") ||
          _bansou_procurement_refresh_support (store, op->id, NULL, error));
}

static gboolean
parse_yes_no (const char  *value,
              const char **out,
              GError     **error)
{
  static const char * const yes[] = { "yes", "true", "1", "はい", "済", NULL };
  static const char * const no[] = { "no", "false", "0", "いいえ", "未", NULL };

  if (g_strv_contains (yes, value))
    *out = "1";
  else if (g_strv_contains (no, value))
    *out = "0";
  else
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("“%s” is neither yes nor no"), value);
      return FALSE;
    }
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The canonical text of @value for @type, or NULL to clear. */
static gboolean
canonical_value (guint        f,
                 const char  *value,
                 char       **out,
                 GError     **error)
{
  const char *bool_text;
  char *end = NULL;
  gint64 yen;

  *out = NULL;
  switch (fields[f].type)
    {
    case F_REQUIRED_TEXT:
    case F_TEXT:
      *out = g_strstrip (g_strdup (value));
      if ((fields[f].type == F_REQUIRED_TEXT && **out == '\0') ||
          g_utf8_strlen (*out, -1) > fields[f].max)
        {
          g_clear_pointer (out, g_free);
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                       _("“%s” must be text of at most %u characters"), fields[f].name, fields[f].max);
          return FALSE;
        }
      return TRUE;
    case F_DATE:
      *out = _bansou_procurements_check_date (value, fields[f].name, error);
      return *out != NULL || *value == '\0';
    case F_BOOL:
      if (!parse_yes_no (value, &bool_text, error))
        return FALSE;
      *out = g_strdup (bool_text);
      return TRUE;
    case F_YEN:
      if (*value == '\0')
        return TRUE;
      yen = g_ascii_strtoll (value, &end, 10);
      if (end == value || *end != '\0' || yen < 0 || yen > BANSOU_COST_MAX_TOTAL)
        {
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                       _("“%s” must be an amount in yen between 0 and 1,000,000,000,000"), fields[f].name);
          return FALSE;
        }
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, yen);
      return TRUE;
    case F_TYPE:
      {
        BansouProcurementType t = bansou_procurement_type_from_string (value);
        if (t == BANSOU_PROCUREMENT_N_TYPES)
          {
            g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                         _("Unknown kind of procurement “%s”"), value);
            return FALSE;
          }
        *out = g_strdup (types[t].id);
        return TRUE;
      }
    case F_BASIS:
      {
        BansouCostBasis b = bansou_cost_basis_from_string (value);
        if (b == BANSOU_COST_N_BASES || b == BANSOU_COST_BASIS_EQUAL)
          {
            g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                         _("The stand-alone model counts population, terminals or users, not “%s”"), value);
            return FALSE;
          }
        *out = g_strdup (bansou_cost_basis_to_string (b));
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
}

/**
 * bansou_procurements_set_field:
 * @field: one of bansou_procurements_get_fields()
 * @value: the new value as text; empty clears a date or an amount
 *
 * Validates, writes and audits in one transaction; the same value
 * writes nothing.
 */
gboolean
bansou_procurements_set_field (BansouProcurements  *self,
                               const char          *id,
                               const char          *field,
                               const char          *value,
                               GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *full = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  g_autofree char *sql = NULL;
  guint f;
  SetField op;

  g_return_val_if_fail (BANSOU_IS_PROCUREMENTS (self), FALSE);
  g_return_val_if_fail (id != NULL && field != NULL, FALSE);

  for (f = 0; f < G_N_ELEMENTS (fields); f++)
    if (g_str_equal (fields[f].name, field))
      break;
  if (f == G_N_ELEMENTS (fields))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("Unknown field “%s” of a procurement project"), field);
      return FALSE;
    }
  if (!canonical_value (f, value ? value : "", &new_value, error))
    return FALSE;
  if (!(full = _bansou_procurements_resolve_id (self, id, error)))
    return FALSE;

  sql = g_strdup_printf ("SELECT %s, contract_start, contract_end FROM procurement_projects WHERE id = ?",
                         fields[f].column);
  if (!(stmt = _bansou_store_prepare (self->store, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, full, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _bansou_store_set_error (self->store, error, _("reading a procurement project")), FALSE;
  old_value = dup_column (stmt, 0);

  /* The contract period: its end is not before its start. */
  if (fields[f].type == F_DATE && new_value != NULL &&
      ((g_str_equal (field, "contract-start") && sqlite3_column_type (stmt, 2) != SQLITE_NULL &&
        strcmp (new_value, _bansou_column_text (stmt, 2)) > 0) ||
       (g_str_equal (field, "contract-end") && sqlite3_column_type (stmt, 1) != SQLITE_NULL &&
        strcmp (new_value, _bansou_column_text (stmt, 1)) < 0)))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("The contract period ends before it starts"));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (g_strcmp0 (old_value, new_value) == 0)
    return TRUE;

  op.self = self;
  op.id = full;
  op.field = field;
  op.column = fields[f].column;
  op.type = fields[f].type;
  op.old_value = old_value;
  op.new_value = new_value;
  return bansou_store_transaction (self->store, set_field_cb, &op, error);
}

typedef struct
{
  BansouProcurements *self;
  const char         *id;
  GStrv               questions;
  const char         *old_value;
  const char         *new_value;
} SetQuestions;

static gboolean
set_questions_cb (BansouStore  *store,
                  gpointer      user_data,
                  GError      **error)
{
  SetQuestions *op = user_data;
  g_autoptr(sqlite3_stmt) del = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;

  del = _bansou_store_prepare (store, "DELETE FROM procurement_questions WHERE project = ?", error);
  ins = _bansou_store_prepare (store, "INSERT OR IGNORE INTO procurement_questions (project, question) VALUES (?, ?)",
                               error);
  if (del == NULL || ins == NULL || !_bansou_procurement_check_writer_of (store, op->id, NULL, error))
    return FALSE;
  sqlite3_bind_text (del, 1, op->id, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, del, error))
    return FALSE;
  for (guint i = 0; op->questions[i]; i++)
    {
      sqlite3_reset (ins);
      sqlite3_bind_text (ins, 1, op->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 2, op->questions[i], -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, ins, error))
        return FALSE;
    }
  return _bansou_procurements_touch (op->self, op->id, error) &&
         bansou_store_audit (store, PROCUREMENT_ENTITY, op->id, "questions",
                             op->old_value, op->new_value, error) &&
         _bansou_procurement_outbox_project (store, op->id, error) &&
         _bansou_procurement_refresh_support (store, op->id, NULL, error);
}

/**
 * bansou_procurements_set_questions:
 * @questions: the catalog question ids the service covers (e.g. a file
 *   sanitisation service: the malware and mail questions)
 *
 * Replaces the covered questions; an id not in the catalog rejects all.
 */
gboolean
bansou_procurements_set_questions (BansouProcurements  *self,
                                   const char          *id,
                                   const char * const  *questions,
                                   GError             **error)
{
  g_autoptr(BansouProject) project = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  SetQuestions op;

  g_return_val_if_fail (BANSOU_IS_PROCUREMENTS (self), FALSE);

  for (guint i = 0; questions != NULL && questions[i]; i++)
    {
      if (bansou_catalog_lookup_question (self->catalog, questions[i]) == NULL)
        {
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                       _("“%s” is not a question of the catalog %s"),
                       questions[i], bansou_catalog_get_version (self->catalog));
          return FALSE;
        }
      if (!g_ptr_array_find_with_equal_func (sorted, questions[i], g_str_equal, NULL))
        g_ptr_array_add (sorted, g_strdup (questions[i]));
    }
  g_ptr_array_sort (sorted, compare_strings);
  g_ptr_array_add (sorted, NULL);

  if (!(project = bansou_procurements_lookup (self, id, error)))
    return FALSE;
  old_value = g_strjoinv (",", project->questions);
  new_value = g_strjoinv (",", (GStrv) sorted->pdata);
  if (g_str_equal (old_value, new_value))
    return TRUE;

  op.self = self;
  op.id = project->id;
  op.questions = (GStrv) sorted->pdata;
  op.old_value = old_value;
  op.new_value = new_value;
  return bansou_store_transaction (self->store, set_questions_cb, &op, error);
}

/**
 * bansou_procurements_missing_checks:
 *
 * The supply-chain checks (report 3(2)エ) a project still lacks.
 *
 * Returns: (transfer full): their labels, empty when all are done
 */
GStrv
bansou_procurements_missing_checks (const BansouProject *p)
{
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();

  if (bansou_str_is_blank (p->vendor))
    g_strv_builder_add (missing, _("vendor"));
  if (!p->sc_criteria)
    g_strv_builder_add (missing, _("selection criteria for equipment applied"));
  if (p->sc_declaration_on == NULL || bansou_str_is_blank (p->sc_declaration_ref))
    g_strv_builder_add (missing, _("vendor’s declaration (date and reference)"));
  if (!p->sc_penalty)
    g_strv_builder_add (missing, _("penalty clause"));
  if (p->sc_desk_required && p->sc_desk_consulted == NULL)
    g_strv_builder_add (missing, _("consultation of the national desk"));
  return g_strv_builder_end (missing);
}

typedef struct
{
  BansouProcurements *self;
  const char         *id;
  const char         *old_phase;
  const char         *new_phase;
  const char         *on_date;
  const char         *override;  /* nullable: the reason the checks were passed over */
} SetPhase;

static gboolean
set_phase_cb (BansouStore  *store,
              gpointer      user_data,
              GError      **error)
{
  SetPhase *op = user_data;
  g_autoptr(sqlite3_stmt) up = NULL;
  g_autoptr(sqlite3_stmt) date = NULL;
  g_autofree char *audit_value = g_strdup_printf ("%s %s", op->new_phase, op->on_date);

  up = _bansou_store_prepare (store, "UPDATE procurement_projects SET phase = ?1 WHERE id = ?2", error);
  date = _bansou_store_prepare (store,
                                "INSERT INTO procurement_phases (project, phase, on_date) VALUES (?1, ?2, ?3) "
                                "ON CONFLICT (project, phase) DO UPDATE SET on_date = excluded.on_date", error);
  if (up == NULL || date == NULL || !_bansou_procurement_check_writer_of (store, op->id, NULL, error))
    return FALSE;
  sqlite3_bind_text (up, 1, op->new_phase, -1, SQLITE_STATIC);
  sqlite3_bind_text (up, 2, op->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (date, 1, op->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (date, 2, op->new_phase, -1, SQLITE_STATIC);
  sqlite3_bind_text (date, 3, op->on_date, -1, SQLITE_TRANSIENT);

  if (!_bansou_store_step_done (store, up, error) ||
      !_bansou_store_step_done (store, date, error) ||
      !_bansou_procurements_touch (op->self, op->id, error) ||
      !bansou_store_audit (store, PROCUREMENT_ENTITY, op->id, "phase", op->old_phase, audit_value, error))
    return FALSE;

  /* Passing over the checks is itself a line of the audit trail. */
  return (op->override == NULL ||
          bansou_store_audit (store, PROCUREMENT_ENTITY, op->id, "phase-override", NULL, op->override, error)) &&
         _bansou_procurement_outbox_project (store, op->id, error);
}

/**
 * bansou_procurements_set_phase:
 * @on_date: (nullable): when the phase began, 'YYYY-MM-DD'; %NULL: today
 *
 * Moves the project to @phase and records the date. 契約 and the phases
 * after it need the supply-chain checks (report 3(2)エ), or an override
 * recorded with its reason (the "override" field): the move under an
 * override is audited with the reason.
 */
gboolean
bansou_procurements_set_phase (BansouProcurements     *self,
                               const char             *id,
                               BansouProcurementPhase  phase,
                               const char             *on_date,
                               GError                **error)
{
  g_autoptr(BansouProject) project = NULL;
  g_autoptr(GDate) today = NULL;
  g_autofree char *date = NULL;
  g_auto(GStrv) missing = NULL;
  SetPhase op = { 0 };

  g_return_val_if_fail (BANSOU_IS_PROCUREMENTS (self), FALSE);

  if (phase >= BANSOU_N_PHASES)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("Unknown phase of a procurement"));
      return FALSE;
    }
  if (on_date != NULL && *on_date != '\0')
    {
      if (!(date = _bansou_procurements_check_date (on_date, _("date of the phase"), error)))
        return FALSE;
    }
  else
    {
      today = bansou_date_today ();
      date = bansou_date_to_iso (today);
    }

  if (!(project = bansou_procurements_lookup (self, id, error)))
    return FALSE;
  if (project->phase == phase && g_strcmp0 (project->phase_dates[phase], date) == 0)
    return TRUE;

  missing = bansou_procurements_missing_checks (project);
  if (phase >= BANSOU_PHASE_CONTRACT && missing[0] != NULL)
    {
      if (bansou_str_is_blank (project->override_reason))
        {
          g_autofree char *list = g_strjoinv (_(", "), missing);

          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CONSTRAINT,
                       _("The project cannot move to “%s” before the supply-chain checks are done "
                         "(missing: %s), unless an override is recorded with its reason"),
                       bansou_phase_get_label (phase), list);
          return FALSE;
        }
      op.override = project->override_reason;
    }

  op.self = self;
  op.id = project->id;
  op.old_phase = phases[project->phase].id;
  op.new_phase = phases[phase].id;
  op.on_date = date;
  return bansou_store_transaction (self->store, set_phase_cb, &op, error);
}
