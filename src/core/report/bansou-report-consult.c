/* bansou-report-consult.c — 相談窓口: the consultation desk in figures
 *
 * Most prefectures answer their municipalities' questions (report
 * 3(1)イ). The section counts the tickets of the report's fiscal year (年度
 * of the round's reference date, up to when the report is made) by
 * category, the SLA met over the tickets whose clock stopped in that
 * period (first response, resolution; docs/consult.md), and the open
 * tickets past a target when the report is made. Without any ticket the
 * section is left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-consult-figures.h"
#include "bansou-report-private.h"
#include "bansou-util.h"
#include "bansou-wareki.h"

typedef struct
{
  BansouReportSection  parent;
  BansouConsultFigures figures;
  char                *period;   /* 令和7年度（2025年4月1日〜） */
} ConsultSection;

static double
percent (guint part,
         guint whole)
{
  return whole == 0 ? -1 : 100.0 * part / whole;
}

static char *
count_markup (guint n)
{
  g_autofree char *text = bansou_format_count (n);
  return g_markup_escape_text (text, -1);
}

static char *
rate_markup (guint part,
             guint whole)
{
  g_autofree char *rate = _bansou_report_format_rate (percent (part, whole));
  g_autofree char *p = bansou_format_count (part);
  g_autofree char *w = bansou_format_count (whole);
  /* Translators: an SLA met: 92.0%（46／50件） */
  return g_markup_printf_escaped (_("%s (%s of %s)"), rate, p, w);
}

static void
consult_layout (BansouReportSection *section,
                BansouReportFlow    *flow)
{
  ConsultSection *self = (ConsultSection *) section;
  const BansouConsultFigures *f = &self->figures;
  ReportGrid *grid = _bansou_report_grid_new ();
  ReportGrid *sla = _bansou_report_grid_new ();

  bansou_report_flow_skip (flow, 18);
  _bansou_report_flow_add_heading (flow, REPORT_STYLE_HEADING, _("Consultation desk"), 120);
  {
    g_autofree char *intro = g_markup_printf_escaped (
      _("Questions from the bodies to the prefecture’s desk (report 3(1)イ) in %s: tickets received by "
        "category; the service levels met over the tickets whose clock stopped in that period, in office "
        "time of the government calendar; and the open tickets past a target when this report was made."),
      self->period);
    _bansou_report_flow_add_paragraph (flow, REPORT_STYLE_BODY, intro, 0, 0, REPORT_INK);
  }
  bansou_report_flow_skip (flow, 8);

  _bansou_report_grid_add_column (grid, _("Ticket category"), 0, REPORT_GRID_TEXT);
  _bansou_report_grid_add_column (grid, _("Tickets"), 70, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Share of tickets"), 70, REPORT_GRID_NUMBER);
  for (guint c = 0; c < BANSOU_N_TICKET_CATEGORIES; c++)
    {
      g_autofree char *label = g_markup_escape_text (bansou_ticket_category_get_label (c), -1);
      g_autofree char *count = count_markup (f->by_category[c]);
      g_autofree char *share = _bansou_report_format_rate (percent (f->by_category[c], f->received));

      _bansou_report_grid_add_cell (grid, label);
      _bansou_report_grid_add_cell (grid, count);
      _bansou_report_grid_add_cell (grid, share);
    }
  {
    g_autofree char *label = g_markup_escape_text (_("Total"), -1);
    g_autofree char *count = count_markup (f->received);

    _bansou_report_grid_add_cell (grid, label);
    _bansou_report_grid_add_cell (grid, count);
    _bansou_report_grid_add_cell (grid, "");
    _bansou_report_grid_set_total_row (grid);
  }
  _bansou_report_flow_add_grid (flow, grid);
  bansou_report_flow_skip (flow, 12);

  _bansou_report_grid_add_column (sla, _("Figure"), 0, REPORT_GRID_TEXT);
  _bansou_report_grid_add_column (sla, _("Value"), 150, REPORT_GRID_NUMBER);
  {
    struct { const char *label; char *value; } rows[] = {
      { _("First response within its target"), rate_markup (f->first_response_met, f->first_response_stopped) },
      { _("Resolution within its target"), rate_markup (f->resolution_met, f->resolution_stopped) },
      { _("Major incidents received"), count_markup (f->incidents) },
      { _("Open tickets now"), count_markup (f->open_now) },
      { _("Of those, past a target now"), count_markup (f->overdue_now) },
      { _("Escalations to the national desk"), count_markup (f->escalated) },
      { _("Of those, answered by the national desk"), count_markup (f->escalations_answered) },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_autofree char *label = g_markup_escape_text (rows[i].label, -1);

        _bansou_report_grid_add_cell (sla, label);
        _bansou_report_grid_add_cell (sla, rows[i].value);
        g_free (rows[i].value);
      }
  }
  _bansou_report_flow_add_grid (flow, sla);
  bansou_report_flow_skip (flow, 4);
  {
    g_autofree char *note = g_markup_escape_text (
      _("A service level counts the tickets whose first reply or answer fell in the period, whenever they "
        "were received; time on hold (保留) is left out. “—”: no ticket stopped that clock."), -1);
    _bansou_report_flow_add_text (flow, REPORT_STYLE_SMALL, note, 0, REPORT_INK_MUTED);
  }
}

static void
consult_add_tables (BansouReportSection *section,
                    GPtrArray           *tables)
{
  ConsultSection *self = (ConsultSection *) section;
  const BansouConsultFigures *f = &self->figures;
  const char *headers[] = { _("Figure"), _("Count"), _("Of"), _("Rate (%)"), NULL };
  BansouReportTable *t = bansou_report_table_new ("consultations", _("Consultation desk"), headers);
  struct { char *label; guint part; guint whole; } rows[BANSOU_N_TICKET_CATEGORIES + 8];
  guint n = 0;

  for (guint c = 0; c < BANSOU_N_TICKET_CATEGORIES; c++)
    {
      /* Translators: a row of the spreadsheet: 受付（カテゴリ: クラウド） */
      rows[n].label = g_strdup_printf (_("Received: %s"), bansou_ticket_category_get_label (c));
      rows[n].part = f->by_category[c];
      rows[n++].whole = f->received;
    }
  rows[n].label = g_strdup (_("Received"));
  rows[n].part = f->received;
  rows[n++].whole = 0;
  rows[n].label = g_strdup (_("First response within its target"));
  rows[n].part = f->first_response_met;
  rows[n++].whole = f->first_response_stopped;
  rows[n].label = g_strdup (_("Resolution within its target"));
  rows[n].part = f->resolution_met;
  rows[n++].whole = f->resolution_stopped;
  rows[n].label = g_strdup (_("Major incidents received"));
  rows[n].part = f->incidents;
  rows[n++].whole = f->received;
  rows[n].label = g_strdup (_("Open tickets now"));
  rows[n].part = f->open_now;
  rows[n++].whole = 0;
  rows[n].label = g_strdup (_("Of those, past a target now"));
  rows[n].part = f->overdue_now;
  rows[n++].whole = f->open_now;
  rows[n].label = g_strdup (_("Escalations to the national desk"));
  rows[n].part = f->escalated;
  rows[n++].whole = 0;
  rows[n].label = g_strdup (_("Of those, answered by the national desk"));
  rows[n].part = f->escalations_answered;
  rows[n++].whole = f->escalated;

  for (guint i = 0; i < n; i++)
    {
      bansou_report_table_add_text (t, rows[i].label);
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, rows[i].part);
      if (rows[i].whole > 0)
        {
          bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, rows[i].whole);
          bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, percent (rows[i].part, rows[i].whole));
        }
      else
        {
          bansou_report_table_add_empty (t);
          bansou_report_table_add_empty (t);
        }
      g_free (rows[i].label);
    }
  g_ptr_array_add (tables, t);
}

static void
consult_finalize (BansouReportSection *section)
{
  ConsultSection *self = (ConsultSection *) section;

  g_clear_pointer (&self->period, g_free);
}

static const BansouReportSectionFuncs consult_funcs = {
  .id = "consultations",
  .layout = consult_layout,
  .add_tables = consult_add_tables,
  .finalize = consult_finalize,
};

BansouReportSection *
_bansou_report_consult_section_new (BansouReportData *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouRegistry) registry = bansou_registry_new (data->store);
  g_autoptr(BansouCalendar) calendar = NULL;
  g_autoptr(BansouConsult) consult = NULL;
  g_autoptr(GDate) day = bansou_date_parse_iso (data->round_id);
  GTimeZone *jst = bansou_calendar_get_time_zone ();
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *from = NULL;
  g_autofree char *fy_label = NULL;
  BansouConsultFigures figures;
  ConsultSection *self;
  int fy;

  if (day == NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (data->generated_at, jst);
      day = g_date_new_dmy (g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                            g_date_time_get_year (local));
    }
  fy = bansou_fiscal_year (day);
  start = g_date_time_new (jst, fy, 4, 1, 0, 0, 0);
  from = g_date_time_format_iso8601 (start);

  if (!(calendar = bansou_calendar_new_for_store (data->store, &error)))
    {
      g_warning ("Consultations left out of the report: %s", error->message);
      return NULL;
    }
  consult = bansou_consult_new (registry, calendar);
  {
    g_autoptr(GDateTime) end = g_date_time_add_years (start, 1);
    g_autofree char *until = g_date_time_format_iso8601 (end);

    if (!bansou_consult_get_figures (consult, data->national ? NULL : data->scope, from, until,
                                     data->generated_at, &figures, &error))
      {
        g_warning ("Consultations left out of the report: %s", error->message);
        return NULL;
      }
  }
  if (figures.received == 0 && figures.open_now == 0 && figures.first_response_stopped == 0 &&
      figures.resolution_stopped == 0 && figures.escalated == 0)
    return NULL;

  self = g_new0 (ConsultSection, 1);
  self->parent.funcs = &consult_funcs;
  self->figures = figures;
  fy_label = bansou_wareki_format_fiscal_year (fy);
  self->period = g_strdup (fy_label);
  return &self->parent;
}
