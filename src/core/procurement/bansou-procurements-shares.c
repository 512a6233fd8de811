/* bansou-procurements-shares.c — participants, the cost and its split
 *
 * Who takes part and for how long, the cost parameters, the share
 * table with each body's 割り勘効果 (its stand-alone estimate against its
 * share, report 3(1)イ), and the import of populations for 人口割 when the
 * profiles are empty.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-procurement"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-code.h"
#include "bansou-csv.h"
#include "bansou-procurement-kinds.h"
#include "bansou-procurements-private.h"
#include "bansou-procurements-read.h"
#include "bansou-util.h"
#include "bansou-wareki.h"

typedef unsigned __int128 u128;

/* ------------------------------------------------------------------------ */
/* Participants */

typedef struct
{
  BansouProcurements *self;
  const char         *id;
  const char         *body;
  gboolean            is_new;
  const char         *columns[5];   /* joined_on, left_on, terminals, users, standalone */
  char               *old_values[5];
  char               *new_values[5];
} Participation;

static const char * const participation_columns[5] = {
  "joined_on", "left_on", "terminals", "users", "standalone",
};

static gboolean
participation_cb (BansouStore  *store,
                  gpointer      user_data,
                  GError      **error)
{
  Participation *op = user_data;
  g_autofree char *key = g_strdup_printf ("%s/%s", op->id, op->body);
  g_autofree char *now = bansou_now_iso ();

  if (!_bansou_procurement_check_writer_of (store, op->id, op->body, error))
    return FALSE;
  if (op->is_new)
    {
      g_autoptr(sqlite3_stmt) ins = NULL;

      ins = _bansou_store_prepare (store,
                                   "INSERT INTO procurement_participants (project, body) VALUES (?1, ?2)", error);
      if (ins == NULL)
        return FALSE;
      sqlite3_bind_text (ins, 1, op->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 2, op->body, -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, ins, error) ||
          !bansou_store_audit (store, PARTICIPANT_ENTITY, key, "joined", NULL, op->body, error))
        return FALSE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (participation_columns); c++)
    {
      g_autoptr(sqlite3_stmt) up = NULL;
      g_autofree char *sql = NULL;

      if (g_strcmp0 (op->old_values[c], op->new_values[c]) == 0)
        continue;
      /* The column comes from our own table. */
      sql = g_strdup_printf ("UPDATE procurement_participants SET %s = ?1, updated_by = ?2, updated_at = ?3 "
                             "WHERE project = ?4 AND body = ?5", participation_columns[c]);
      if (!(up = _bansou_store_prepare (store, sql, error)))
        return FALSE;
      if (op->new_values[c] == NULL)
        sqlite3_bind_null (up, 1);
      else if (c >= 2)
        sqlite3_bind_int64 (up, 1, g_ascii_strtoll (op->new_values[c], NULL, 10));
      else
        sqlite3_bind_text (up, 1, op->new_values[c], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (up, 2, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (up, 3, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (up, 4, op->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (up, 5, op->body, -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, up, error) ||
          !bansou_store_audit (store, PARTICIPANT_ENTITY, key, participation_columns[c],
                               op->old_values[c], op->new_values[c], error))
        return FALSE;
    }

  return _bansou_procurements_touch (op->self, op->id, error) &&
         _bansou_procurement_outbox_participant (store, op->id, op->body, error) &&
         _bansou_procurement_refresh_support (store, op->id, op->body, error);
}

static void
participation_clear (Participation *op)
{
  for (guint c = 0; c < G_N_ELEMENTS (participation_columns); c++)
    {
      g_free (op->old_values[c]);
      g_free (op->new_values[c]);
    }
}

static char *
unit_text (gint64 n)
{
  return n < 0 ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

static BansouParticipant *
find_participant (BansouProject *project,
                  const char    *body)
{
  for (guint i = 0; i < project->participants->len; i++)
    {
      BansouParticipant *p = g_ptr_array_index (project->participants, i);
      if (g_str_equal (p->body, body))
        return p;
    }
  return NULL;
}

static gboolean
check_unit (gint64       value,
            const char  *what,
            GError     **error)
{
  if (value < -1 || value > BANSOU_COST_MAX_UNIT)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("The %s must be between 0 and 1,000,000,000"), what);
      return FALSE;
    }
  return TRUE;
}

/* The period a participation covers must be a period: it cannot end
 * before it begins, counting from the contract start when no join date
 * is given. */
static gboolean
check_period (BansouProject *project,
              const char    *body,
              const char    *joined_on,
              const char    *left_on,
              GError       **error)
{
  const char *from = joined_on ? joined_on : project->contract_start;

  if (left_on != NULL && from != NULL && strcmp (left_on, from) < 0)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("%s would leave (%s) before it joins (%s)"), body, left_on, from);
      return FALSE;
    }
  return TRUE;
}

/**
 * bansou_procurements_join:
 * @body: a body code of any prefecture
 * @joined_on: (nullable): 'YYYY-MM-DD'; %NULL keeps it (from the
 *   contract start for a new participant)
 * @terminals: -1 keeps (or leaves unknown)
 * @users: -1 keeps
 * @standalone: its own estimate alone in yen; -1 keeps
 *
 * Adds @body to the project, or updates its participation.
 */
gboolean
bansou_procurements_join (BansouProcurements  *self,
                          const char          *id,
                          const char          *body,
                          const char          *joined_on,
                          gint64               terminals,
                          gint64               users,
                          gint64               standalone,
                          GError             **error)
{
  g_autoptr(BansouProject) project = NULL;
  g_autoptr(BansouBody) b = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *date = NULL;
  BansouParticipant *old;
  Participation op = { 0 };
  gint64 units[3] = { terminals, users, standalone };
  gboolean ok;

  g_return_val_if_fail (BANSOU_IS_PROCUREMENTS (self), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (!check_unit (terminals, _("number of terminals"), error) ||
      !check_unit (users, _("number of users"), error))
    return FALSE;
  if (standalone < -1 || standalone > BANSOU_COST_MAX_TOTAL)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("The stand-alone estimate must be between 0 and 1,000,000,000,000 yen"));
      return FALSE;
    }
  if (joined_on != NULL && !(date = _bansou_procurements_check_date (joined_on, _("join date"), error)))
    return FALSE;
  if (!bansou_code_is_body (body))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("“%s” is not a body code (a 全国地方公共団体コード of six digits with its "
                     "check digit, or the code of a body the prefecture registered)"), body);
      return FALSE;
    }
  if (!(b = bansou_registry_lookup (self->registry, body, &local)))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND,
                   _("No body has the code “%s”: a participant must be a body of the registry"), body);
      return FALSE;
    }
  if (!(project = _bansou_procurements_lookup_one (self, id, bansou_body_get_code (b), error)))
    return FALSE;

  old = find_participant (project, body);
  op.self = self;
  op.id = project->id;
  op.body = bansou_body_get_code (b);
  op.is_new = old == NULL;
  if (old != NULL)
    {
      op.old_values[0] = g_strdup (old->joined_on);
      op.old_values[1] = g_strdup (old->left_on);
      op.old_values[2] = unit_text (old->terminals);
      op.old_values[3] = unit_text (old->users);
      op.old_values[4] = unit_text (old->standalone);
    }
  for (guint c = 0; c < 5; c++)
    op.new_values[c] = g_strdup (op.old_values[c]);
  if (date != NULL)
    {
      g_free (op.new_values[0]);
      op.new_values[0] = g_steal_pointer (&date);
    }
  for (guint c = 0; c < 3; c++)
    if (units[c] >= 0)
      {
        g_free (op.new_values[2 + c]);
        op.new_values[2 + c] = unit_text (units[c]);
      }

  ok = check_period (project, op.body, op.new_values[0], op.new_values[1], error) &&
       bansou_store_transaction (self->store, participation_cb, &op, error);
  participation_clear (&op);
  return ok;
}

/**
 * bansou_procurements_leave:
 * @left_on: (nullable): its last day, 'YYYY-MM-DD'; %NULL: today
 *
 * Records that @body leaves the project (its share is pro-rated to the
 * day). Leaving before joining is an error.
 */
gboolean
bansou_procurements_leave (BansouProcurements  *self,
                           const char          *id,
                           const char          *body,
                           const char          *left_on,
                           GError             **error)
{
  g_autoptr(BansouProject) project = NULL;
  g_autofree char *date = NULL;
  BansouParticipant *old;
  Participation op = { 0 };
  gboolean ok;

  g_return_val_if_fail (BANSOU_IS_PROCUREMENTS (self), FALSE);

  if (left_on != NULL && *left_on != '\0')
    {
      if (!(date = _bansou_procurements_check_date (left_on, _("leave date"), error)))
        return FALSE;
    }
  else
    {
      g_autoptr(GDate) today = bansou_date_today ();
      date = bansou_date_to_iso (today);
    }
  if (!(project = _bansou_procurements_lookup_one (self, id, body, error)))
    return FALSE;
  if (!(old = find_participant (project, body)))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND,
                   _("%s does not take part in “%s”"), body, project->title);
      return FALSE;
    }
  if (!check_period (project, body, old->joined_on, date, error))
    return FALSE;
  if (g_strcmp0 (old->left_on, date) == 0)
    return TRUE;

  op.self = self;
  op.id = project->id;
  op.body = old->body;
  op.old_values[0] = g_strdup (old->joined_on);
  op.old_values[1] = g_strdup (old->left_on);
  op.old_values[2] = unit_text (old->terminals);
  op.old_values[3] = unit_text (old->users);
  op.old_values[4] = unit_text (old->standalone);
  for (guint c = 0; c < 5; c++)
    op.new_values[c] = g_strdup (op.old_values[c]);
  g_free (op.new_values[1]);
  op.new_values[1] = g_steal_pointer (&date);

  ok = bansou_store_transaction (self->store, participation_cb, &op, error);
  participation_clear (&op);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* The split */

static gint64
julian_of (const char *iso)
{
  g_autoptr(GDate) date = bansou_date_parse_iso (iso);
  return g_date_get_julian (date);
}

/* Days of each participant inside the contract period; without a
 * complete period nobody is pro-rated (1 day each). The period is read
 * once, a participant's dates only when it has them. */
static BansouCostParticipant *
cost_participants (const BansouProject *project)
{
  BansouCostParticipant *cp = g_new0 (BansouCostParticipant, MAX (project->participants->len, 1));
  gboolean period = project->contract_start != NULL && project->contract_end != NULL;
  gint64 start = period ? julian_of (project->contract_start) : 0;
  gint64 end = period ? julian_of (project->contract_end) : 0;

  for (guint i = 0; i < project->participants->len; i++)
    {
      const BansouParticipant *p = g_ptr_array_index (project->participants, i);
      gint64 from = start, to = end;

      cp[i].code = p->body;
      cp[i].name = p->name;
      cp[i].units[BANSOU_COST_BASIS_EQUAL] = 1;
      cp[i].units[BANSOU_COST_BASIS_POPULATION] = p->population;
      cp[i].units[BANSOU_COST_BASIS_TERMINALS] = p->terminals;
      cp[i].units[BANSOU_COST_BASIS_USERS] = p->users;
      if (!period)
        {
          cp[i].days = 1;
          continue;
        }
      if (p->joined_on != NULL)
        from = MAX (from, julian_of (p->joined_on));
      if (p->left_on != NULL)
        to = MIN (to, julian_of (p->left_on));
      cp[i].days = CLAMP (to - from + 1, 0, BANSOU_COST_MAX_DAYS);
    }
  return cp;
}

void
bansou_share_table_free (BansouShareTable *table)
{
  if (table == NULL)
    return;
  bansou_project_free (table->project);
  bansou_cost_split_free (table->split);
  g_clear_pointer (&table->rows, g_array_unref);
  g_free (table);
}

/* Entered, or the model fixed + per unit × units, pro-rated by days. */
static gint64
standalone_estimate (const BansouProject     *project,
                     const BansouParticipant *p,
                     const BansouCostParticipant *cp,
                     gint64                   contract_days)
{
  u128 est;
  gint64 unit;

  if (p->standalone >= 0)
    return p->standalone;
  if (project->standalone_fixed < 0 || project->standalone_per_unit < 0 ||
      project->standalone_basis >= BANSOU_COST_N_BASES)
    return -1;
  unit = cp->units[project->standalone_basis];
  if (unit < 0)
    return -1;
  est = (u128) project->standalone_fixed + (u128) project->standalone_per_unit * (u128) unit;
  if (contract_days > 0)
    est = est * (u128) cp->days / (u128) contract_days;
  return est > (u128) G_MAXINT64 ? G_MAXINT64 : (gint64) est;
}

/**
 * bansou_procurements_shares:
 *
 * Splits the project's cost among its participants (bansou_cost_split())
 * with each one's stand-alone estimate and savings.
 *
 * Returns: (transfer full): the table, or %NULL with a
 *   %BANSOU_COST_ERROR (a missing unit names the bodies)
 */
BansouShareTable *
bansou_procurements_shares (BansouProcurements  *self,
                            const char          *id,
                            GError             **error)
{
  BansouProject *project;
  BansouShareTable *table;

  g_return_val_if_fail (BANSOU_IS_PROCUREMENTS (self), NULL);

  if (!(project = bansou_procurements_lookup (self, id, error)))
    return NULL;
  if (!(table = bansou_share_table_compute (project, error)))
    bansou_project_free (project);
  return table;
}

/**
 * bansou_share_table_compute:
 * @project: a project as listed or looked up: the table takes it over
 *   when it returns one; on an error the caller keeps it
 *
 * The share table of a project already read (the ledger lists hundreds:
 * no second read per project). Same rules as bansou_procurements_shares().
 *
 * Returns: (transfer full): the table, or %NULL with a %BANSOU_COST_ERROR
 */
BansouShareTable *
bansou_share_table_compute (BansouProject  *project,
                            GError        **error)
{
  g_autoptr(BansouShareTable) table = g_new0 (BansouShareTable, 1);
  g_autofree BansouCostParticipant *cp = NULL;

  g_return_val_if_fail (project != NULL, NULL);

  table->project = project;
  cp = cost_participants (project);
  table->split = bansou_cost_split (&project->cost, cp, project->participants->len, error);
  if (table->split == NULL)
    {
      table->project = NULL;  /* left to the caller, who still shows it */
      return NULL;
    }

  if (project->contract_start != NULL && project->contract_end != NULL)
    table->contract_days = _bansou_days_between (project->contract_start, project->contract_end);

  table->rows = g_array_sized_new (FALSE, TRUE, sizeof (BansouShareRow), project->participants->len);
  for (guint i = 0; i < project->participants->len; i++)
    {
      BansouShareRow row = { 0 };

      row.participant = g_ptr_array_index (project->participants, i);
      row.days = cp[i].days;
      row.share = table->split->shares[i];
      memcpy (row.basis_shares, &table->split->basis_shares[(gsize) i * BANSOU_COST_N_BASES],
              sizeof row.basis_shares);
      row.standalone = standalone_estimate (project, row.participant, &cp[i], table->contract_days);
      if (row.standalone >= 0)
        {
          row.savings = row.standalone - row.share;
          table->standalone_total += row.standalone;
          table->shares_with_estimate += row.share;
          table->savings_total += row.savings;
        }
      g_array_append_val (table->rows, row);
    }

  return g_steal_pointer (&table);
}

/* ------------------------------------------------------------------------ */
/* The cost parameters */

typedef struct
{
  BansouProcurements     *self;
  const BansouProject    *old;
  const BansouCostParams *cost;
} SetCost;

static char *
rate_text (const BansouCostParams *c)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, c->subsidy_num, c->subsidy_den);
}

static gboolean
set_cost_cb (BansouStore  *store,
             gpointer      user_data,
             GError      **error)
{
  SetCost *op = user_data;
  const BansouCostParams *o = &op->old->cost, *n = op->cost;
  g_autoptr(sqlite3_stmt) up = NULL;
  g_autofree char *old_total = g_strdup_printf ("%" G_GINT64_FORMAT, o->total);
  g_autofree char *new_total = g_strdup_printf ("%" G_GINT64_FORMAT, n->total);
  g_autofree char *old_rate = rate_text (o);
  g_autofree char *new_rate = rate_text (n);
  g_autofree char *old_cap = unit_text (o->subsidy_cap);
  g_autofree char *new_cap = unit_text (n->subsidy_cap);
  g_autofree char *old_method = bansou_cost_format_method (o->weights);
  g_autofree char *new_method = bansou_cost_format_method (n->weights);
  const char *id = op->old->id;

  up = _bansou_store_prepare (store,
                              "UPDATE procurement_projects SET total = ?1, subsidy_num = ?2, subsidy_den = ?3, "
                              "subsidy_cap = ?4, w_equal = ?5, w_population = ?6, w_terminals = ?7, "
                              "w_users = ?8 WHERE id = ?9", error);
  if (up == NULL || !_bansou_procurement_check_writer_of (store, id, NULL, error))
    return FALSE;
  sqlite3_bind_int64 (up, 1, n->total);
  sqlite3_bind_int64 (up, 2, n->subsidy_num);
  sqlite3_bind_int64 (up, 3, n->subsidy_den);
  if (n->subsidy_cap < 0)
    sqlite3_bind_null (up, 4);
  else
    sqlite3_bind_int64 (up, 4, n->subsidy_cap);
  for (guint b = 0; b < BANSOU_COST_N_BASES; b++)
    sqlite3_bind_int (up, 5 + b, n->weights[b]);
  sqlite3_bind_text (up, 9, id, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, up, error))
    return FALSE;

#define AUDIT_IF_CHANGED(field, a, b) \
  if (g_strcmp0 (a, b) != 0 && !bansou_store_audit (store, PROCUREMENT_ENTITY, id, field, a, b, error)) \
    return FALSE;
  AUDIT_IF_CHANGED ("total", old_total, new_total);
  AUDIT_IF_CHANGED ("subsidy-rate", old_rate, new_rate);
  AUDIT_IF_CHANGED ("subsidy-cap", old_cap, new_cap);
  AUDIT_IF_CHANGED ("method", old_method, new_method);
#undef AUDIT_IF_CHANGED

  return _bansou_procurements_touch (op->self, id, error) &&
         _bansou_procurement_outbox_project (store, id, error);
}

/**
 * bansou_procurements_set_cost:
 * @cost: the total, the national subsidy and the split method
 *
 * Validates @cost and, when the project has participants, splits it:
 * a missing unit stops the change and nothing is written.
 */
gboolean
bansou_procurements_set_cost (BansouProcurements      *self,
                              const char              *id,
                              const BansouCostParams  *cost,
                              GError                 **error)
{
  g_autoptr(BansouProject) project = NULL;
  SetCost op;

  g_return_val_if_fail (BANSOU_IS_PROCUREMENTS (self), FALSE);
  g_return_val_if_fail (cost != NULL, FALSE);

  if (!bansou_cost_params_validate (cost, error))
    return FALSE;
  if (!(project = bansou_procurements_lookup (self, id, error)))
    return FALSE;
  if (project->participants->len > 0)
    {
      g_autofree BansouCostParticipant *cp = cost_participants (project);
      g_autoptr(BansouCostSplit) split = bansou_cost_split (cost, cp, project->participants->len, error);

      if (split == NULL)
        return FALSE;
    }
  if (memcmp (&project->cost, cost, sizeof *cost) == 0)
    return TRUE;

  op.self = self;
  op.old = project;
  op.cost = cost;
  return bansou_store_transaction (self->store, set_cost_cb, &op, error);
}

/* Percent with at most two decimals, as basis points. */
static gboolean
parse_percent (const char *text,
               gint64     *bp)
{
  gint64 whole = 0, frac = 0;
  int frac_digits = 0;
  const char *p = text;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    if ((whole = whole * 10 + (*p - '0')) > 100000)
      return FALSE;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      {
        if (++frac_digits > 2)
          return FALSE;
        frac = frac * 10 + (*p - '0');
      }
  if (frac_digits == 1)
    frac *= 10;
  if (g_str_equal (p, "%") || g_str_equal (p, "％"))
    p += strlen (p);
  if (*p != '\0')
    return FALSE;
  *bp = whole * 100 + frac;
  return TRUE;
}

/**
 * bansou_cost_parse_method:
 * @text: "均等割30%+人口割70%", "equal=30%,population=70%", or one
 *   basis alone ("端末数割": 100 %)
 * @weights: (out): basis points
 *
 * Reads a split method. The weights are not checked to add up here:
 * bansou_cost_params_validate() says so with their sum.
 */
gboolean
bansou_cost_parse_method (const char  *text,
                          guint        weights[BANSOU_COST_N_BASES],
                          GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint out[BANSOU_COST_N_BASES] = { 0 };
  guint n = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  parts = g_regex_split_simple ("\\s*[+,＋、]\\s*", text, 0, 0);
  for (guint i = 0; parts[i]; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));
      const char *num;
      g_autofree char *name = NULL;
      BansouCostBasis b;
      gint64 bp = BANSOU_COST_WEIGHT_WHOLE;

      if (*part == '\0')
        continue;
      n++;
      for (num = part; *num && !g_ascii_isdigit (*num) && *num != '=' && *num != ':' && *num != ' '; num++)
        ;
      name = g_strndup (part, num - part);
      while (*num == '=' || *num == ':' || *num == ' ')
        num++;
      b = bansou_cost_basis_from_string (name);
      if (b == BANSOU_COST_N_BASES || (*num != '\0' && !parse_percent (num, &bp)) ||
          bp > BANSOU_COST_WEIGHT_WHOLE || out[b] != 0)
        {
          g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID,
                       _("Cannot read the split method “%s” (write e.g. 均等割30%%+人口割70%%)"), text);
          return FALSE;
        }
      if (*num == '\0' && parts[1] != NULL)
        {
          g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID,
                       _("Each method of a mix needs its weight in percent (e.g. 均等割30%%+人口割70%%)"));
          return FALSE;
        }
      out[b] = (guint) bp;
    }
  if (n == 0)
    {
      g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID,
                   _("No split method given (e.g. 均等割30%%+人口割70%%)"));
      return FALSE;
    }
  memcpy (weights, out, sizeof out);
  return TRUE;
}

static char *
format_percent (guint bp)
{
  if (bp % 100 == 0)
    return g_strdup_printf ("%u%%", bp / 100);
  if (bp % 10 == 0)
    return g_strdup_printf ("%u.%u%%", bp / 100, (bp % 100) / 10);
  return g_strdup_printf ("%u.%02u%%", bp / 100, bp % 100);
}

/**
 * bansou_cost_format_method:
 *
 * Returns: (transfer full): "均等割 30% + 人口割 70%" in the UI language
 */
char *
bansou_cost_format_method (const guint weights[BANSOU_COST_N_BASES])
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint b = 0; b < BANSOU_COST_N_BASES; b++)
    {
      g_autofree char *pct = NULL;

      if (weights[b] == 0)
        continue;
      pct = format_percent (weights[b]);
      if (text->len > 0)
        g_string_append (text, " + ");
      g_string_append_printf (text, "%s %s", bansou_cost_basis_get_label (b), pct);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * bansou_cost_parse_rate:
 * @text: "1/2", "50%", "0" or empty for none
 */
gboolean
bansou_cost_parse_rate (const char  *text,
                        gint64      *num,
                        gint64      *den,
                        GError     **error)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  const char *slash = strchr (t, '/');
  gint64 bp;

  if (*t == '\0' || g_str_equal (t, "0"))
    {
      *num = 0;
      *den = 1;
      return TRUE;
    }
  if (slash != NULL)
    {
      char *end1 = NULL, *end2 = NULL;
      gint64 a = g_ascii_strtoll (t, &end1, 10);
      gint64 b = g_ascii_strtoll (slash + 1, &end2, 10);

      if (end1 == slash && end1 != t && *end2 == '\0' && end2 != slash + 1 &&
          a >= 0 && b >= 1 && a <= b && b <= BANSOU_COST_MAX_RATE_DEN)
        {
          *num = a;
          *den = b;
          return TRUE;
        }
    }
  else if (parse_percent (t, &bp) && bp <= BANSOU_COST_WEIGHT_WHOLE)
    {
      *num = bp;
      *den = BANSOU_COST_WEIGHT_WHOLE;
      return TRUE;
    }

  g_set_error (error, BANSOU_COST_ERROR, BANSOU_COST_ERROR_INVALID,
               _("Cannot read the subsidy rate “%s” (write e.g. 1/2 or 50%%)"), text);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Populations */

typedef struct
{
  BansouProcurements *self;
  GPtrArray          *codes;
  GPtrArray          *values;
} Populations;

static gboolean
populations_cb (BansouStore  *store,
                gpointer      user_data,
                GError      **error)
{
  Populations *op = user_data;

  /* Each write is the registry's own, audited as a change of the body. */
  for (guint i = 0; i < op->codes->len; i++)
    if (!bansou_registry_set_field (op->self->registry, g_ptr_array_index (op->codes, i), "population",
                                    g_ptr_array_index (op->values, i), error))
      return FALSE;
  return TRUE;
}

static int
find_column (GStrv        header,
             const char * const *names)
{
  for (int c = 0; header[c]; c++)
    {
      g_autofree char *cell = g_strstrip (g_strdup (header[c]));
      if (g_strv_contains (names, cell))
        return c;
    }
  return -1;
}

/**
 * bansou_procurements_import_populations:
 * @data: CSV (UTF-8 or Shift_JIS) with a header naming a code column
 *   (code, 団体コード) and a population column (population, 人口)
 * @n_changed: (out) (optional): how many bodies' populations changed
 *
 * Sets the populations 人口割 needs in the bodies' profiles. One bad row
 * rejects the file, naming the row: nothing is written.
 */
gboolean
bansou_procurements_import_populations (BansouProcurements  *self,
                                        const char          *data,
                                        gsize                length,
                                        guint               *n_changed,
                                        GError             **error)
{
  static const char * const code_names[] = { "code", "団体コード", "コード", NULL };
  static const char * const pop_names[] = { "population", "人口", NULL };
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  Populations op;
  int code_col, pop_col;

  g_return_val_if_fail (BANSOU_IS_PROCUREMENTS (self), FALSE);

  if (n_changed)
    *n_changed = 0;
  if (!(text = bansou_csv_decode (data, length, error)) ||
      !(rows = bansou_csv_parse (text, error)))
    return FALSE;
  if (rows->len == 0 ||
      (code_col = find_column (g_ptr_array_index (rows, 0), code_names)) < 0 ||
      (pop_col = find_column (g_ptr_array_index (rows, 0), pop_names)) < 0)
    {
      g_set_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_SYNTAX,
                   _("The file needs a header with a code column (code or 団体コード) and a "
                     "population column (population or 人口)"));
      return FALSE;
    }

  for (guint r = 1; r < rows->len; r++)
    {
      GStrv row = g_ptr_array_index (rows, r);
      guint n_cells = g_strv_length (row);
      g_autofree char *code = NULL;
      g_autofree char *value = NULL;
      g_autoptr(BansouBody) body = NULL;
      g_autoptr(GError) local = NULL;

      if (n_cells == 0 || (n_cells == 1 && bansou_str_is_blank (row[0])))
        continue;
      code = g_strstrip (g_strdup ((guint) code_col < n_cells ? row[code_col] : ""));
      value = g_strstrip (g_strdup ((guint) pop_col < n_cells ? row[pop_col] : ""));
      /* Excel writes 1,234,567 */
      {
        char *w = value;
        for (const char *c = value; *c; c++)
          if (*c != ',')
            *w++ = *c;
        *w = '\0';
      }
      if (!(body = bansou_registry_lookup (self->registry, code, &local)))
        {
          g_set_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_REJECTED,
                       _("Row %u: no body has the code “%s”; nothing was imported"), r + 1, code);
          return FALSE;
        }
      if (*value == '\0' || !bansou_registry_validate_field ("population", value, &local))
        {
          g_set_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_REJECTED,
                       _("Row %u: “%s” is not a population; nothing was imported"), r + 1, value);
          return FALSE;
        }
      if (bansou_body_get_population (body) != g_ascii_strtoll (value, NULL, 10))
        {
          g_ptr_array_add (codes, g_strdup (bansou_body_get_code (body)));
          g_ptr_array_add (values, g_steal_pointer (&value));
        }
    }

  op.self = self;
  op.codes = codes;
  op.values = values;
  if (codes->len > 0 && !bansou_store_transaction (self->store, populations_cb, &op, error))
    return FALSE;
  if (n_changed)
    *n_changed = codes->len;
  return TRUE;
}
