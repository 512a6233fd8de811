/* bansou-report-procurement.c — 共同調達: the joint procurements of the scope
 *
 * The report credits joint procurement with lighter budgets and a more
 * even security level (3(1)イ, footnote 15) and asks that supply-chain
 * risk be part of every procurement (3(2)エ). The section lists the
 * projects the prefecture leads or takes part in (all of them in a
 * national report): phase, participants, total, subsidy and savings, and
 * every project that passed over the supply-chain checks, with the reason
 * recorded. Without projects the section is left out, as the profiles are
 * without the option.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-procurements-read.h"
#include "bansou-report-private.h"
#include "bansou-util.h"

typedef struct
{
  char    *title;
  char    *type;
  char    *lead;
  char    *phase;
  guint    n_participants;
  guint    n_prefectures;
  gint64   total;
  gint64   subsidy;      /* -1: the split failed (a missing unit) */
  gint64   savings;      /* -1: no estimate */
  char    *override;     /* nullable: the checks were passed over for this reason */
  char    *missing;      /* the checks still missing, or NULL */
} ProcurementLine;

typedef struct
{
  BansouReportSection  parent;
  GArray              *lines;   /* ProcurementLine */
  gint64               total;
  gint64               subsidy;
  gint64               savings;
} ProcurementSection;

static void
line_clear (gpointer p)
{
  ProcurementLine *l = p;

  g_free (l->title);
  g_free (l->type);
  g_free (l->lead);
  g_free (l->phase);
  g_free (l->override);
  g_free (l->missing);
}

static char *
yen_or_dash (gint64 yen)
{
  g_autofree char *text = bansou_procurements_format_yen (yen);
  return g_markup_escape_text (text, -1);
}

static void
procurement_layout (BansouReportSection *section,
                    BansouReportFlow    *flow)
{
  ProcurementSection *self = (ProcurementSection *) section;
  ReportGrid *grid = _bansou_report_grid_new ();
  guint n_overrides = 0;

  bansou_report_flow_skip (flow, 18);
  _bansou_report_flow_add_heading (flow, REPORT_STYLE_HEADING, _("Joint procurement"), 120);
  {
    g_autofree char *intro = g_markup_escape_text (
      _("Projects bought together with other bodies (report 3(1)イ): the share of the cost after the "
        "national subsidy is split among the participants exactly to the yen; the savings compare "
        "each participant’s stand-alone estimate with its share."), -1);
    _bansou_report_flow_add_paragraph (flow, REPORT_STYLE_BODY, intro, 0, 0, REPORT_INK);
  }
  bansou_report_flow_skip (flow, 8);

  _bansou_report_grid_add_column (grid, _("Project"), 0, REPORT_GRID_TEXT);
  _bansou_report_grid_add_column (grid, _("Lead"), 66, REPORT_GRID_TEXT);
  _bansou_report_grid_add_column (grid, _("Phase"), 44, REPORT_GRID_TEXT);
  _bansou_report_grid_add_column (grid, _("Participants"), 58, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Total cost"), 80, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Subsidy"), 80, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Savings"), 76, REPORT_GRID_NUMBER);

  for (guint i = 0; i < self->lines->len; i++)
    {
      ProcurementLine *l = &g_array_index (self->lines, ProcurementLine, i);
      g_autofree char *title = g_markup_printf_escaped ("%s%s<span size=\"small\">%s</span>",
                                                        l->title, l->override ? "＊\n" : "\n", l->type);
      g_autofree char *lead = g_markup_escape_text (l->lead, -1);
      g_autofree char *phase = g_markup_escape_text (l->phase, -1);
      g_autofree char *count = bansou_format_count (l->n_participants);
      g_autofree char *participants = l->n_prefectures > 1
        /* Translators: participants, then in how many prefectures, e.g. 257（7県） */
        ? g_strdup_printf (_("%s (%u pref.)"), count, l->n_prefectures) : g_strdup (count);
      g_autofree char *total = yen_or_dash (l->total);
      g_autofree char *subsidy = yen_or_dash (l->subsidy);
      g_autofree char *savings = yen_or_dash (l->savings);

      _bansou_report_grid_add_cell (grid, title);
      _bansou_report_grid_add_cell (grid, lead);
      _bansou_report_grid_add_cell (grid, phase);
      _bansou_report_grid_add_cell (grid, participants);
      _bansou_report_grid_add_cell (grid, total);
      _bansou_report_grid_add_cell (grid, subsidy);
      _bansou_report_grid_add_cell (grid, savings);
      n_overrides += l->override != NULL;
    }
  if (self->lines->len > 1)
    {
      g_autofree char *total = yen_or_dash (self->total);
      g_autofree char *subsidy = yen_or_dash (self->subsidy);
      g_autofree char *savings = yen_or_dash (self->savings);
      g_autofree char *label = g_markup_escape_text (_("Total"), -1);

      _bansou_report_grid_add_cell (grid, label);
      _bansou_report_grid_add_cell (grid, "");
      _bansou_report_grid_add_cell (grid, "");
      _bansou_report_grid_add_cell (grid, "");
      _bansou_report_grid_add_cell (grid, total);
      _bansou_report_grid_add_cell (grid, subsidy);
      _bansou_report_grid_add_cell (grid, savings);
      _bansou_report_grid_set_total_row (grid);
    }
  _bansou_report_flow_add_grid (flow, grid);
  bansou_report_flow_skip (flow, 4);
  {
    g_autofree char *note = g_markup_escape_text (
      _("Savings count the participants with a stand-alone estimate; “—”: no estimate, or the split "
        "lacks a unit."), -1);
    _bansou_report_flow_add_text (flow, REPORT_STYLE_SMALL, note, 0, REPORT_INK_MUTED);
  }

  if (n_overrides == 0)
    return;

  /* 3(2)エ: a project that went on without the checks says why */
  bansou_report_flow_skip (flow, 12);
  _bansou_report_flow_add_heading (flow, REPORT_STYLE_SUBHEADING,
                                   _("Supply-chain checks passed over (report 3(2)エ)"), 40);
  for (guint i = 0; i < self->lines->len; i++)
    {
      ProcurementLine *l = &g_array_index (self->lines, ProcurementLine, i);
      g_autofree char *line = NULL;

      if (l->override == NULL)
        continue;
      /* Translators: ＊ project title, the checks still missing, and the reason recorded */
      line = g_markup_printf_escaped (_("＊ <b>%s</b> — missing: %s. Reason recorded: %s"),
                                      l->title, l->missing ? l->missing : "—", l->override);
      _bansou_report_flow_add_paragraph (flow, REPORT_STYLE_BODY, line, 0, 12, REPORT_INK);
      bansou_report_flow_skip (flow, 3);
    }
}

static void
procurement_add_tables (BansouReportSection *section,
                        GPtrArray           *tables)
{
  ProcurementSection *self = (ProcurementSection *) section;
  const char *headers[] = {
    _("Project"), _("Type"), _("Lead"), _("Phase"), _("Participants"), _("Prefectures"),
    _("Total cost (yen)"), _("Subsidy (yen)"), _("Savings (yen)"), _("Checks missing"),
    _("Override reason"), NULL
  };
  BansouReportTable *t = bansou_report_table_new ("procurement", _("Joint procurement"), headers);

  for (guint i = 0; i < self->lines->len; i++)
    {
      ProcurementLine *l = &g_array_index (self->lines, ProcurementLine, i);

      bansou_report_table_add_text (t, l->title);
      bansou_report_table_add_text (t, l->type);
      bansou_report_table_add_text (t, l->lead);
      bansou_report_table_add_text (t, l->phase);
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, l->n_participants);
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, l->n_prefectures);
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, (double) l->total);
      if (l->subsidy >= 0)
        bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, (double) l->subsidy);
      else
        bansou_report_table_add_empty (t);
      if (l->savings >= 0)
        bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, (double) l->savings);
      else
        bansou_report_table_add_empty (t);
      bansou_report_table_add_text (t, l->missing ? l->missing : "");
      bansou_report_table_add_text (t, l->override ? l->override : "");
    }
  g_ptr_array_add (tables, t);
}

static void
procurement_finalize (BansouReportSection *section)
{
  ProcurementSection *self = (ProcurementSection *) section;

  g_clear_pointer (&self->lines, g_array_unref);
}

static const BansouReportSectionFuncs procurement_funcs = {
  .id = "procurement",
  .layout = procurement_layout,
  .add_tables = procurement_add_tables,
  .finalize = procurement_finalize,
};

/* The projects of the scope, read once while the report loads (sections
 * never read while drawing). */
BansouReportSection *
_bansou_report_procurement_section_new (BansouReportData *data)
{
  g_autoptr(BansouRegistry) registry = bansou_registry_new (data->store);
  g_autoptr(BansouProcurements) ledger = bansou_procurements_new (registry, data->catalog);
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) leads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ProcurementSection *self;

  if (!(projects = bansou_procurements_list (ledger, &error)))
    {
      /* The rest of the report still prints; the section says nothing wrong */
      g_warning ("Joint procurements not read for the report: %s", error->message);
      return NULL;
    }

  self = g_new0 (ProcurementSection, 1);
  self->parent.funcs = &procurement_funcs;
  self->lines = g_array_new (FALSE, TRUE, sizeof (ProcurementLine));
  g_array_set_clear_func (self->lines, line_clear);

  /* bansou_procurements_list() hands over each project with its participants */
  for (guint i = 0; i < projects->len; i++)
    {
      BansouProject *p = g_ptr_array_index (projects, i);
      g_autoptr(BansouShareTable) table = NULL;
      g_auto(GStrv) missing = NULL;
      ProcurementLine l = { 0 };
      const char *lead;

      if (!data->national && !bansou_project_involves (p, data->scope))
        continue;

      if (!(lead = g_hash_table_lookup (leads, p->lead_prefecture)))
        {
          char *name = bansou_procurements_prefecture_name (registry, p->lead_prefecture);
          g_hash_table_insert (leads, g_strdup (p->lead_prefecture), name);
          lead = name;
        }
      missing = bansou_procurements_missing_checks (p);
      l.title = g_strdup (p->title);
      l.type = g_strdup (bansou_procurement_type_get_label (p->type));
      l.lead = bansou_str_is_blank (p->lead_council) ? g_strdup (lead) : g_strdup (p->lead_council);
      l.phase = g_strdup (bansou_phase_get_label (p->phase));
      l.n_participants = p->participants->len;
      l.n_prefectures = bansou_project_count_prefectures (p);
      l.total = p->cost.total;
      l.subsidy = -1;
      l.savings = -1;
      if (missing[0] != NULL)
        l.missing = g_strjoinv (_(", "), missing);
      if (missing[0] != NULL && p->phase >= BANSOU_PHASE_CONTRACT && !bansou_str_is_blank (p->override_reason))
        l.override = g_strdup (p->override_reason);

      self->total += l.total;
      /* The table takes the project over (the list lets go of it) */
      g_ptr_array_steal_index (projects, i--);
      table = bansou_share_table_compute (p, NULL);
      if (table == NULL)
        bansou_project_free (p);
      else
        {
          l.subsidy = table->split->subsidy;
          self->subsidy += l.subsidy;
          if (table->standalone_total > 0)
            {
              l.savings = table->savings_total;
              self->savings += l.savings;
            }
        }
      g_array_append_val (self->lines, l);
    }

  if (self->lines->len == 0)
    {
      procurement_finalize (&self->parent);
      g_free (self);
      return NULL;
    }
  return &self->parent;
}
