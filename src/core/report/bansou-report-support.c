/* bansou-report-support.c — the report's section on the effect of support
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * 支援効果 (issue 11, section 3): for the support actions before the
 * report's round, the difference-in-differences of the support module
 * (bansou-support-effect.h, docs/support.md) for the prefecture, per kind
 * of support, per expert and per body, every figure with its counts and
 * 参考値 where they are small. Without any support action the section is
 * left out, as the profiles are when not asked for.
 */
#define G_LOG_DOMAIN "bansou-report"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "bansou-report-private.h"
#include "bansou-support-effect.h"
#include "bansou-util.h"
#include "bansou-wareki.h"

#define SECTION_GAP 16.0

typedef struct
{
  BansouReportSection  parent;
  BansouSupportEffect *effect;
} SupportSection;

/* The groupings in the order printed, with their headings */
static const struct {
  BansouSupportGrouping  grouping;
  const char            *title;
} parts[] = {
  { BANSOU_SUPPORT_BY_PREFECTURE, N_("Overall") },
  { BANSOU_SUPPORT_BY_KIND,       N_("By kind of support") },
  { BANSOU_SUPPORT_BY_EXPERT,     N_("By expert") },
  { BANSOU_SUPPORT_BY_BODY,       N_("By body") },
};

static char *
rate_text (double value)
{
  return _bansou_report_format_rate (value < 0 ? -1 : 100.0 * value);
}

static char *
count_text (guint n)
{
  return bansou_format_count (n);
}

static void
add_part (SupportSection        *self,
          BansouReportFlow      *flow,
          BansouSupportGrouping  grouping,
          const char            *title)
{
  guint n = bansou_support_effect_get_n_rows (self->effect, grouping);
  ReportGrid *grid;

  if (n == 0)
    return;

  bansou_report_flow_skip (flow, 6);
  _bansou_report_flow_add_heading (flow, REPORT_STYLE_SUBHEADING, title, 50);

  grid = _bansou_report_grid_new ();
  _bansou_report_grid_add_column (grid, _("Name"), 0, REPORT_GRID_TEXT);
  _bansou_report_grid_add_column (grid, _("Supported"), 40, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Before"), 40, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("After"), 40, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Comparison"), 44, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Before"), 40, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("After"), 40, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("DiD"), 40, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Excluded"), 36, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Note"), 36, REPORT_GRID_TEXT);

  for (guint i = 0; i < n; i++)
    {
      const BansouSupportEffectRow *row = bansou_support_effect_get_row (self->effect, grouping, i);
      g_autofree char *name = g_markup_escape_text (row->label, -1);
      g_autofree char *treated = count_text (row->n_treated);
      g_autofree char *control = count_text (row->n_control);
      g_autofree char *tb = rate_text (row->treated_before);
      g_autofree char *ta = rate_text (row->treated_after);
      g_autofree char *cb = rate_text (row->control_before);
      g_autofree char *ca = rate_text (row->control_after);
      /* Small counts keep their figure but not the colour of a finding */
      g_autofree char *did = _bansou_report_format_change (row->did, !row->small);
      g_autofree char *excluded = count_text (row->n_excluded + row->n_uncompared + row->n_pending);
      g_autofree char *note = row->small ? g_markup_escape_text (_("Indicative"), -1) : g_strdup ("");

      _bansou_report_grid_add_cell (grid, name);
      _bansou_report_grid_add_cell (grid, treated);
      _bansou_report_grid_add_cell (grid, tb);
      _bansou_report_grid_add_cell (grid, ta);
      _bansou_report_grid_add_cell (grid, control);
      _bansou_report_grid_add_cell (grid, cb);
      _bansou_report_grid_add_cell (grid, ca);
      _bansou_report_grid_add_cell (grid, did);
      _bansou_report_grid_add_cell (grid, excluded);
      _bansou_report_grid_add_cell (grid, note);
    }
  _bansou_report_flow_add_grid (flow, grid);
}

static void
support_layout (BansouReportSection *section,
                BansouReportFlow    *flow)
{
  SupportSection *self = (SupportSection *) section;
  g_autofree char *intro = NULL;
  g_autofree char *legend = NULL;

  bansou_report_flow_break_page (flow);
  _bansou_report_flow_add_heading (flow, REPORT_STYLE_HEADING, _("5. Effect of support"), 80);

  intro = g_markup_printf_escaped (_("For each body and question that an expert visit, a joint procurement or a "
                                     "consultation targeted, the score in the last round on or before the support "
                                     "is compared with the next round, up to %s, against the same questions in "
                                     "bodies of the same prefecture that got no support on them in between "
                                     "(a difference in differences). It shows what moved, not what caused it."),
                                   section->data->round_label);
  _bansou_report_flow_add_text (flow, REPORT_STYLE_SMALL, intro, 0, REPORT_INK_MUTED);
  bansou_report_flow_skip (flow, 3);
  legend = g_markup_printf_escaped (_("Supported and comparison: the numbers of body–question pairs compared; "
                                      "before and after: their mean scores (実施済み 1, 一部実施 ½, 未実施 0; 対象外 "
                                      "and 未回答 left out); DiD: the change of the supported minus that of the "
                                      "comparison, in percentage points. Excluded: supported pairs without a counted "
                                      "answer in one of the two rounds, without a comparison pair, or without a "
                                      "round after the support yet. Indicative (参考値): fewer than %d supported or "
                                      "comparison pairs — one body’s answer moves the figure a lot."),
                                    BANSOU_SUPPORT_SMALL_N);
  _bansou_report_flow_add_text (flow, REPORT_STYLE_SMALL, legend, 0, REPORT_INK_MUTED);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    add_part (self, flow, parts[i].grouping, _(parts[i].title));
  bansou_report_flow_skip (flow, SECTION_GAP);
}

static void
support_add_tables (BansouReportSection *section,
                    GPtrArray           *tables)
{
  SupportSection *self = (SupportSection *) section;
  const char *headers[] = {
    _("View"), _("Key"), _("Name"), _("Supported pairs"), _("Comparison pairs"),
    _("Supported before (%)"), _("Supported after (%)"), _("Comparison before (%)"), _("Comparison after (%)"),
    _("Difference in differences (points)"), _("No counted answer"), _("No comparison pair"),
    _("No round after yet"), _("Indicative"), NULL
  };
  BansouReportTable *t = bansou_report_table_new ("support", _("Effect of support"), headers);

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    for (guint i = 0, n = bansou_support_effect_get_n_rows (self->effect, parts[p].grouping); i < n; i++)
      {
        const BansouSupportEffectRow *row = bansou_support_effect_get_row (self->effect, parts[p].grouping, i);
        const double rates[] = { row->treated_before, row->treated_after, row->control_before, row->control_after };

        bansou_report_table_add_text (t, _(parts[p].title));
        bansou_report_table_add_text (t, row->key);
        bansou_report_table_add_text (t, row->label);
        bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, row->n_treated);
        bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, row->n_control);
        for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
          bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, rates[r] < 0 ? -1 : 100.0 * rates[r]);
        if (isnan (row->did))
          bansou_report_table_add_empty (t);
        else
          bansou_report_table_add_number (t, BANSOU_REPORT_CELL_POINTS, row->did);
        bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, row->n_excluded);
        bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, row->n_uncompared);
        bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, row->n_pending);
        bansou_report_table_add_text (t, row->small ? _("Indicative") : "");
      }

  g_ptr_array_add (tables, t);
}

static void
support_finalize (BansouReportSection *section)
{
  SupportSection *self = (SupportSection *) section;

  g_clear_pointer (&self->effect, bansou_support_effect_unref);
}

static const BansouReportSectionFuncs support_funcs = {
  .id = "support",
  .layout = support_layout,
  .add_tables = support_add_tables,
  .finalize = support_finalize,
};

/* The support before the report's round counts: what happened on or after
 * its reference date is measured by a later round. */
BansouReportSection *
_bansou_report_support_section_new (BansouReportData *data)
{
  g_autoptr(BansouSupportEffect) effect = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) day = bansou_date_parse_iso (data->round_id);
  g_autofree char *until = NULL;
  BansouSupportQuery query = { .any_kind = TRUE };
  SupportSection *self;

  if (day == NULL)
    return NULL;
  g_date_subtract_days (day, 1);
  until = bansou_date_to_iso (day);
  query.prefecture = data->national ? NULL : data->scope;
  query.until = until;

  effect = bansou_support_effect_compute (data->store, &query, &error);
  if (effect == NULL)
    {
      g_warning ("The effect of support is left out of the report: %s", error->message);
      return NULL;
    }
  if (bansou_support_effect_get_n_actions (effect) == 0)
    return NULL;

  self = g_new0 (SupportSection, 1);
  self->parent.funcs = &support_funcs;
  self->effect = g_steal_pointer (&effect);
  return &self->parent;
}
