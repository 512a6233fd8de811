/* bansou-report-sections.c — summary, categories, weakest questions, profiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The sections of the report except the heatmap (bansou-report-heatmap.c).
 * Each lays itself out on the flow and hands its tables to the
 * spreadsheet export.
 */
#define G_LOG_DOMAIN "bansou-report"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-report-private.h"
#include "bansou-util.h"

#define SECTION_GAP 16.0
#define N_WEAKEST   10

static double
change (double now,
        double before)
{
  return now >= 0 && before >= 0 ? now - before : NAN;
}

static char *
rate_markup (double rate)
{
  return _bansou_report_format_rate (rate);
}



/* ======================================================================== */
/* Summary                                                                  */

typedef struct
{
  BansouReportSection parent;
} SummarySection;

static void
draw_title_block (cairo_t      *cr,
                  PangoContext *context,
                  double        width,
                  double        height,
                  gpointer      block_data)
{
  BansouReportData *data = block_data;
  g_autofree char *title = g_markup_escape_text (_("Information security status report"), -1);
  g_autofree char *scope = g_markup_escape_text (data->scope_name, -1);
  g_autofree char *round = g_markup_escape_text (data->round_label, -1);
  g_autofree char *n_bodies = bansou_format_count (data->bodies->len);
  /* Translators: %s is a number of municipalities and other bodies */
  g_autofree char *covered = g_strdup_printf (_("%s bodies"), n_bodies);
  g_autofree char *subtitle = g_strdup_printf ("<b>%s</b>　%s　%s", scope, round, covered);
  g_autofree char *catalog = g_markup_printf_escaped ("%s (%s)",
                                                      bansou_catalog_get_title (data->catalog),
                                                      bansou_catalog_get_version (data->catalog));
  double y = 0;

  _bansou_report_set_color (cr, REPORT_ACCENT);
  y += _bansou_report_show_text (cr, context, REPORT_STYLE_TITLE, title, 0, y, width, PANGO_ALIGN_LEFT);
  y += 2;
  _bansou_report_set_color (cr, REPORT_INK);
  y += _bansou_report_show_text (cr, context, REPORT_STYLE_SUBTITLE, subtitle, 0, y, width, PANGO_ALIGN_LEFT);
  y += 1;
  _bansou_report_set_color (cr, REPORT_INK_MUTED);
  _bansou_report_show_text (cr, context, REPORT_STYLE_SMALL, catalog, 0, y, width, PANGO_ALIGN_LEFT);
  _bansou_report_hrule (cr, 0, width, height - 1, 1.2, REPORT_ACCENT);
}

typedef struct
{
  char *label;
  char *figure;
  char *note;   /* markup */
} Tile;

static void
tile_clear (gpointer p)
{
  Tile *t = p;

  g_free (t->label);
  g_free (t->figure);
  g_free (t->note);
}

#define TILE_HEIGHT 74.0
#define TILE_GAP    8.0

static void
draw_tiles (cairo_t      *cr,
            PangoContext *context,
            double        width,
            double        height,
            gpointer      block_data)
{
  GArray *tiles = block_data;
  double tile_width = (width - TILE_GAP * (tiles->len - 1)) / tiles->len;

  for (guint i = 0; i < tiles->len; i++)
    {
      Tile *t = &g_array_index (tiles, Tile, i);
      double x = i * (tile_width + TILE_GAP);
      g_autofree char *label = g_markup_escape_text (t->label, -1);
      g_autofree char *figure = g_strdup_printf ("<span font_features=\"tnum 1\">%s</span>", t->figure);

      cairo_save (cr);
      cairo_set_line_width (cr, 0.6);
      _bansou_report_set_color (cr, REPORT_RULE);
      cairo_rectangle (cr, x + 0.3, 0.3, tile_width - 0.6, TILE_HEIGHT - 0.6);
      cairo_stroke (cr);
      _bansou_report_set_color (cr, REPORT_ACCENT);
      cairo_rectangle (cr, x, 0, tile_width, 2.5);
      cairo_fill (cr);
      cairo_restore (cr);

      _bansou_report_set_color (cr, REPORT_INK_MUTED);
      _bansou_report_show_text (cr, context, REPORT_STYLE_SMALL, label, x + 8, 8, tile_width - 16, PANGO_ALIGN_LEFT);
      _bansou_report_set_color (cr, REPORT_INK);
      _bansou_report_show_text (cr, context, REPORT_STYLE_FIGURE, figure, x + 8, 20, tile_width - 16, PANGO_ALIGN_LEFT);
      _bansou_report_set_color (cr, REPORT_INK_MUTED);
      _bansou_report_show_text (cr, context, REPORT_STYLE_SMALL, t->note, x + 8, 53, tile_width - 16, PANGO_ALIGN_LEFT);
    }
}

static void
add_tile (GArray     *tiles,
          const char *label,
          char       *figure,
          char       *note)
{
  Tile t = { g_strdup (label), figure, note };

  g_array_append_val (tiles, t);
}

static const guint32 progress_colors[BANSOU_N_PROGRESS] = {
  [BANSOU_PROGRESS_NOT_STARTED] = 0xd9d9d9,
  [BANSOU_PROGRESS_ANSWERING]   = 0xa6bddb,
  [BANSOU_PROGRESS_REVIEW]      = 0x3690c0,
  [BANSOU_PROGRESS_FINAL]       = 0x034e7b,
};

#define PROGRESS_BAR_HEIGHT 13.0

static void
draw_progress (cairo_t      *cr,
               PangoContext *context,
               double        width,
               double        height,
               gpointer      block_data)
{
  BansouReportData *data = block_data;
  guint total = data->bodies->len;
  double x = 0;
  double column = width / BANSOU_N_PROGRESS;

  for (guint p = 0; p < BANSOU_N_PROGRESS && total > 0; p++)
    {
      double w = width * data->progress_counts[p] / total;

      _bansou_report_set_color (cr, progress_colors[p]);
      cairo_rectangle (cr, x, 0, w, PROGRESS_BAR_HEIGHT);
      cairo_fill (cr);
      x += w;
    }

  for (guint p = 0; p < BANSOU_N_PROGRESS; p++)
    {
      g_autofree char *label = g_markup_escape_text (bansou_progress_get_label (p), -1);
      g_autofree char *count = bansou_format_count (data->progress_counts[p]);
      g_autofree char *share = _bansou_report_format_rate (total ? 100.0 * data->progress_counts[p] / total : -1);
      g_autofree char *figures = g_strdup_printf ("<span font_features=\"tnum 1\"><b>%s</b>　"
                                                  "<span foreground=\"#%06x\">%s</span></span>",
                                                  count, REPORT_INK_MUTED, share);
      double lx = p * column;
      double th;

      _bansou_report_set_color (cr, progress_colors[p]);
      cairo_rectangle (cr, lx, PROGRESS_BAR_HEIGHT + 7, 8, 8);
      cairo_fill (cr);
      _bansou_report_set_color (cr, REPORT_INK);
      th = _bansou_report_show_text (cr, context, REPORT_STYLE_TABLE, label,
                                     lx + 12, PROGRESS_BAR_HEIGHT + 4, column - 14, PANGO_ALIGN_LEFT);
      _bansou_report_show_text (cr, context, REPORT_STYLE_TABLE, figures,
                                lx + 12, PROGRESS_BAR_HEIGHT + 4 + th, column - 14, PANGO_ALIGN_LEFT);
    }
}

#define N_LOWEST 5

static int
compare_score (gconstpointer a,
               gconstpointer b)
{
  const BansouReportBody *ba = *(BansouReportBody * const *) a;
  const BansouReportBody *bb = *(BansouReportBody * const *) b;

  if (ba->score != bb->score)
    return ba->score < bb->score ? -1 : 1;
  return g_strcmp0 (bansou_body_get_code (ba->body), bansou_body_get_code (bb->body));
}

/* The bodies that most need support: the lowest scores */
static void
add_lowest (BansouReportData *data,
            BansouReportFlow *flow)
{
  g_autoptr(GPtrArray) scored = g_ptr_array_new ();
  ReportGrid *grid;

  for (guint i = 0; i < data->bodies->len; i++)
    {
      BansouReportBody *b = g_ptr_array_index (data->bodies, i);

      if (b->score >= 0)
        g_ptr_array_add (scored, b);
    }
  if (scored->len == 0)
    return;
  g_ptr_array_sort (scored, compare_score);

  /* Translators: %u is 5 */
  {
    g_autofree char *heading = g_strdup_printf (_("The %u lowest scores"), MIN (scored->len, N_LOWEST));
    _bansou_report_flow_add_heading (flow, REPORT_STYLE_SUBHEADING, heading, 60);
  }

  grid = _bansou_report_grid_new ();
  _bansou_report_grid_add_column (grid, _("Body"), 0, REPORT_GRID_TEXT);
  _bansou_report_grid_add_column (grid, _("Score"), 56, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Change"), 56, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Not implemented"), 80, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Progress"), 84, REPORT_GRID_TEXT);

  for (guint i = 0; i < MIN (scored->len, N_LOWEST); i++)
    {
      BansouReportBody *b = g_ptr_array_index (scored, i);
      g_autofree char *name = g_markup_escape_text (b->full_name, -1);
      g_autofree char *score = _bansou_report_format_rate (b->score);
      g_autofree char *diff = _bansou_report_format_change (change (b->score, b->score_prev), TRUE);
      g_autofree char *progress = g_markup_escape_text (bansou_progress_get_label (b->progress), -1);
      g_autofree char *not_done = NULL;
      guint n = 0;

      for (guint q = 0; q < data->n_questions; q++)
        if (b->status[q] == BANSOU_STATUS_NOT_DONE)
          n++;
      not_done = g_strdup_printf ("%u", n);

      _bansou_report_grid_add_cell (grid, name);
      _bansou_report_grid_add_cell (grid, score);
      _bansou_report_grid_add_cell (grid, diff);
      _bansou_report_grid_add_cell (grid, not_done);
      _bansou_report_grid_add_cell (grid, progress);
    }
  _bansou_report_flow_add_grid (flow, grid);
}

static void
summary_layout (BansouReportSection *section,
                BansouReportFlow    *flow)
{
  BansouReportData *data = section->data;
  PangoContext *context = bansou_report_flow_get_context (flow);
  GArray *tiles = g_array_new (FALSE, TRUE, sizeof (Tile));
  g_autoptr(PangoLayout) probe = NULL;
  g_autofree char *note = NULL;
  g_autofree char *rate_prev = NULL;
  g_autofree char *change_markup = NULL;
  g_autofree char *n_answered = NULL;
  g_autofree char *n_cells = NULL;
  g_autofree char *n_final = NULL;
  guint n_key = data->n_key_questions;
  guint cells = data->bodies->len * data->n_questions;
  double title_height;

  /* The title block's height follows its text. */
  probe = _bansou_report_layout (context, REPORT_STYLE_TITLE, "国", -1, PANGO_ALIGN_LEFT);
  title_height = _bansou_report_layout_height (probe) + 2;
  g_clear_object (&probe);
  probe = _bansou_report_layout (context, REPORT_STYLE_SUBTITLE, "国", -1, PANGO_ALIGN_LEFT);
  title_height += _bansou_report_layout_height (probe) + 1;
  g_clear_object (&probe);
  probe = _bansou_report_layout (context, REPORT_STYLE_SMALL, "国", -1, PANGO_ALIGN_LEFT);
  title_height += _bansou_report_layout_height (probe) + 8;
  bansou_report_flow_add (flow, title_height, draw_title_block, data, NULL);
  bansou_report_flow_skip (flow, 14);

  _bansou_report_flow_add_heading (flow, REPORT_STYLE_HEADING, _("1. Summary"), TILE_HEIGHT);

  /* The tiles: rate, key items against the nation, bodies, answers */
  rate_prev = _bansou_report_format_rate (data->score_prev);
  change_markup = _bansou_report_format_change (change (data->score, data->score_prev), TRUE);
  add_tile (tiles, _("Score"), rate_markup (data->score),
            data->previous_round_id
            /* Translators: the rate in the previous round, and the change */
            ? g_strdup_printf (_("Previous round %s (%s)"), rate_prev, change_markup)
            : g_strdup (_("No previous round")));

  {
    g_autofree char *baseline = _bansou_report_format_rate (data->baseline);
    g_autofree char *diff = _bansou_report_format_change (change (data->key_rate, data->baseline), TRUE);
    /* Translators: %u is a number of questions */
    g_autofree char *label = g_strdup_printf (_("Key items implemented (%u)"), n_key);

    add_tile (tiles, label, rate_markup (data->key_rate),
              /* Translators: the national rate, and the difference to it */
              g_strdup_printf (_("National %s (%s)"), baseline, diff));
  }

  n_final = bansou_format_count (data->progress_counts[BANSOU_PROGRESS_FINAL]);
  add_tile (tiles, _("Bodies"), bansou_format_count (data->bodies->len),
            /* Translators: how many bodies have finalised their answers */
            g_strdup_printf (_("Final: %s"), n_final));

  n_answered = bansou_format_count (data->n_answered);
  n_cells = bansou_format_count (cells);
  add_tile (tiles, _("Answered"), rate_markup (cells ? 100.0 * data->n_answered / cells : -1),
            /* Translators: answers given out of answers expected */
            g_strdup_printf (_("%s of %s answers"), n_answered, n_cells));

  g_array_set_clear_func (tiles, tile_clear);
  bansou_report_flow_add (flow, TILE_HEIGHT, draw_tiles, tiles, (GDestroyNotify) g_array_unref);
  bansou_report_flow_skip (flow, 12);

  _bansou_report_flow_add_heading (flow, REPORT_STYLE_SUBHEADING, _("Bodies by progress state"), 48);
  bansou_report_flow_add (flow, PROGRESS_BAR_HEIGHT + 32, draw_progress, data, NULL);
  bansou_report_flow_skip (flow, 10);

  add_lowest (data, flow);
  bansou_report_flow_skip (flow, 8);

  /* How the numbers are made, in the words of the scoring rule */
  note = g_markup_printf_escaped (_("A score counts an implemented measure as 1, a partly implemented one as ½ and "
                                    "one not implemented as 0; “not applicable” and unanswered questions are left "
                                    "out. A body’s score pools its answers; the scores of %s are the means of its "
                                    "bodies’ scores. The national survey counts only implemented measures: the "
                                    "key items compare the share implemented here with its rates (%s), over the "
                                    "%u questions it asks."),
                                  data->scope_name, bansou_catalog_get_baseline_source (data->catalog), n_key);
  _bansou_report_flow_add_text (flow, REPORT_STYLE_SMALL, note, 0, REPORT_INK_MUTED);
  bansou_report_flow_skip (flow, SECTION_GAP);
}

static void
summary_add_tables (BansouReportSection *section,
                    GPtrArray           *tables)
{
  BansouReportData *data = section->data;
  const char *headers[] = { _("Item"), _("Value"), NULL };
  BansouReportTable *t = bansou_report_table_new ("summary", _("Summary"), headers);
  guint cells = data->bodies->len * data->n_questions;

  bansou_report_table_add_text (t, _("Scope"));
  bansou_report_table_add_text (t, data->scope_name);
  bansou_report_table_add_text (t, _("Round"));
  bansou_report_table_add_text (t, data->round_label);
  bansou_report_table_add_text (t, _("Previous round"));
  bansou_report_table_add_text (t, data->previous_label ? data->previous_label : "");
  bansou_report_table_add_text (t, _("Generated"));
  bansou_report_table_add_text (t, data->generated_label);
  bansou_report_table_add_text (t, _("Bodies"));
  bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, data->bodies->len);
  bansou_report_table_add_text (t, _("Score"));
  bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, data->score);
  bansou_report_table_add_text (t, _("Score, previous round"));
  bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, data->score_prev);
  bansou_report_table_add_text (t, _("Key items: implementation rate"));
  bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, data->key_rate);
  bansou_report_table_add_text (t, _("Key items: national baseline"));
  bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, data->baseline);
  bansou_report_table_add_text (t, _("Answered"));
  bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, cells ? 100.0 * data->n_answered / cells : -1);
  for (guint p = 0; p < BANSOU_N_PROGRESS; p++)
    {
      /* Translators: %s is a progress state, e.g. Final */
      g_autofree char *label = g_strdup_printf (_("Bodies: %s"), bansou_progress_get_label (p));

      bansou_report_table_add_text (t, label);
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, data->progress_counts[p]);
    }

  g_ptr_array_add (tables, t);
}

static const BansouReportSectionFuncs summary_funcs = {
  .id = "summary",
  .layout = summary_layout,
  .add_tables = summary_add_tables,
};

BansouReportSection *
_bansou_report_summary_section_new (BansouReportData *data)
{
  SummarySection *self = g_new0 (SummarySection, 1);

  self->parent.funcs = &summary_funcs;
  return &self->parent;
}

/* ======================================================================== */
/* Categories                                                               */

static void
categories_layout (BansouReportSection *section,
                   BansouReportFlow    *flow)
{
  BansouReportData *data = section->data;
  ReportGrid *grid = _bansou_report_grid_new ();
  g_autofree char *legend = NULL;

  _bansou_report_flow_add_heading (flow, REPORT_STYLE_HEADING, _("2. Implementation by category"), 80);

  _bansou_report_grid_add_column (grid, _("No."), 24, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Category"), 0, REPORT_GRID_TEXT);
  _bansou_report_grid_add_column (grid, _("Score"), 46, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Previous"), 46, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Change"), 44, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Key items"), 46, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("National"), 46, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, _("Diff."), 44, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (grid, "", 66, REPORT_GRID_BAR);

  for (guint c = 0; c <= data->n_categories; c++)
    {
      gboolean total = c == data->n_categories;
      BansouCategory *category = total ? NULL : bansou_catalog_get_category (data->catalog, c);
      double rate = total ? data->score : data->category_score[c];
      double prev = total ? data->score_prev : data->category_score_prev[c];
      double key = total ? data->key_rate : data->category_key_rate[c];
      double baseline = total ? data->baseline : data->category_baseline[c];
      g_autofree char *no = total ? g_strdup ("") : g_strdup_printf ("%u", c + 1);
      g_autofree char *name = g_markup_escape_text (total ? _("Overall") : bansou_category_get_label (category), -1);
      g_autofree char *r = rate_markup (rate);
      g_autofree char *p = rate_markup (prev);
      g_autofree char *d = _bansou_report_format_change (change (rate, prev), TRUE);
      g_autofree char *k = rate_markup (key);
      g_autofree char *b = rate_markup (baseline);
      g_autofree char *kd = _bansou_report_format_change (change (key, baseline), TRUE);

      _bansou_report_grid_add_cell (grid, no);
      _bansou_report_grid_add_cell (grid, name);
      _bansou_report_grid_add_cell (grid, r);
      _bansou_report_grid_add_cell (grid, p);
      _bansou_report_grid_add_cell (grid, d);
      _bansou_report_grid_add_cell (grid, k);
      _bansou_report_grid_add_cell (grid, b);
      _bansou_report_grid_add_cell (grid, kd);
      _bansou_report_grid_add_bar (grid, rate, -1);
    }
  _bansou_report_grid_set_total_row (grid);
  _bansou_report_flow_add_grid (flow, grid);
  bansou_report_flow_skip (flow, 5);

  legend = g_markup_printf_escaped (_("Score: all questions of the category; previous: %s. Key items: the share "
                                      "implemented of the questions with a national rate, and that rate. Changes and "
                                      "differences in percentage points (▲ higher, ▼ lower)."),
                                    data->previous_label ? data->previous_label : _("none"));
  _bansou_report_flow_add_text (flow, REPORT_STYLE_SMALL, legend, 0, REPORT_INK_MUTED);
  bansou_report_flow_skip (flow, SECTION_GAP);
}

static void
categories_add_tables (BansouReportSection *section,
                       GPtrArray           *tables)
{
  BansouReportData *data = section->data;
  const char *cat_headers[] = {
    _("No."), _("Category"), _("Score (%)"), _("Previous score (%)"), _("Change (points)"),
    _("Key items implemented (%)"), _("National baseline (%)"), _("Difference (points)"), NULL
  };
  const char *q_headers[] = {
    _("No."), _("Question ID"), _("Category"), _("Measure"), _("Question"),
    _("Score (%)"), _("Previous score (%)"), _("Change (points)"), _("Implemented (%)"),
    _("National baseline (%)"),
    _("Implemented"), _("Partly implemented"), _("Not implemented"), _("Not applicable"), _("Unanswered"),
    NULL
  };
  BansouReportTable *t = bansou_report_table_new ("categories", _("Categories"), cat_headers);
  BansouReportTable *qt = bansou_report_table_new ("questions", _("Questions"), q_headers);

  for (guint c = 0; c <= data->n_categories; c++)
    {
      gboolean total = c == data->n_categories;
      double rate = total ? data->score : data->category_score[c];
      double prev = total ? data->score_prev : data->category_score_prev[c];
      double key = total ? data->key_rate : data->category_key_rate[c];
      double baseline = total ? data->baseline : data->category_baseline[c];

      if (total)
        bansou_report_table_add_empty (t);
      else
        bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, c + 1);
      bansou_report_table_add_text (t, total ? _("Overall")
                                    : bansou_category_get_label (bansou_catalog_get_category (data->catalog, c)));
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, rate);
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, prev);
      if (isnan (change (rate, prev)))
        bansou_report_table_add_empty (t);
      else
        bansou_report_table_add_number (t, BANSOU_REPORT_CELL_POINTS, change (rate, prev));
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, key);
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, baseline);
      if (isnan (change (key, baseline)))
        bansou_report_table_add_empty (t);
      else
        bansou_report_table_add_number (t, BANSOU_REPORT_CELL_POINTS, change (key, baseline));
    }

  for (guint q = 0; q < data->n_questions; q++)
    {
      BansouQuestion *question = bansou_catalog_get_question (data->catalog, q);
      double rate = data->question_score[q], prev = data->question_score_prev[q];
      static const BansouStatus order[] = {
        BANSOU_STATUS_DONE, BANSOU_STATUS_PARTIAL, BANSOU_STATUS_NOT_DONE,
        BANSOU_STATUS_NA, BANSOU_STATUS_UNANSWERED,
      };

      g_autofree char *number = _bansou_report_question_number (data, question);

      bansou_report_table_add_text (qt, number);
      bansou_report_table_add_text (qt, question->id);
      bansou_report_table_add_text (qt, bansou_category_get_label (question->category));
      bansou_report_table_add_text (qt, bansou_measure_get_label (question->measure));
      bansou_report_table_add_text (qt, bansou_question_get_label (question));
      bansou_report_table_add_number (qt, BANSOU_REPORT_CELL_PERCENT, rate);
      bansou_report_table_add_number (qt, BANSOU_REPORT_CELL_PERCENT, prev);
      if (isnan (change (rate, prev)))
        bansou_report_table_add_empty (qt);
      else
        bansou_report_table_add_number (qt, BANSOU_REPORT_CELL_POINTS, change (rate, prev));
      bansou_report_table_add_number (qt, BANSOU_REPORT_CELL_PERCENT, data->question_rate[q]);
      bansou_report_table_add_number (qt, BANSOU_REPORT_CELL_PERCENT, data->question_baseline[q]);
      for (guint i = 0; i < G_N_ELEMENTS (order); i++)
        bansou_report_table_add_number (qt, BANSOU_REPORT_CELL_INTEGER,
                                        data->question_counts[q * BANSOU_N_STATUSES + order[i]]);
    }

  g_ptr_array_add (tables, t);
  g_ptr_array_add (tables, qt);
}

static const BansouReportSectionFuncs categories_funcs = {
  .id = "categories",
  .layout = categories_layout,
  .add_tables = categories_add_tables,
};

BansouReportSection *
_bansou_report_categories_section_new (BansouReportData *data)
{
  BansouReportSection *self = g_new0 (BansouReportSection, 1);

  self->funcs = &categories_funcs;
  return self;
}

/* ======================================================================== */
/* The weakest questions                                                    */

typedef struct
{
  BansouReportSection parent;
  GArray *weakest;   /* guint question indexes */
} WeakestSection;

/* Names of the bodies whose answer to @q is @status, joined with 、 */
static char *
bodies_with_status (BansouReportData *data,
                    guint             q,
                    BansouStatus      status,
                    guint            *n_out)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (guint b = 0; b < data->bodies->len; b++)
    {
      BansouReportBody *body = g_ptr_array_index (data->bodies, b);

      if (body->status[q] != status)
        continue;
      if (n++ > 0)
        g_string_append (out, "、");
      g_string_append (out, body->full_name);
    }

  *n_out = n;
  return g_string_free (out, FALSE);
}

/* The same as markup for the page; nationally grouped by prefecture,
 * as 【広島県】府中市、… reads better than 1,000 prefixed names. */
static char *
bodies_with_status_markup (BansouReportData *data,
                           guint             q,
                           BansouStatus      status)
{
  GString *out = g_string_new (NULL);
  guint group = G_MAXUINT;
  gboolean first = TRUE;

  for (guint b = 0; b < data->bodies->len; b++)
    {
      BansouReportBody *body = g_ptr_array_index (data->bodies, b);
      char *escaped;

      if (body->status[q] != status)
        continue;
      if (data->national && body->group != group)
        {
          BansouReportGroup *g = g_ptr_array_index (data->groups, body->group);

          escaped = g_markup_escape_text (g->name, -1);
          g_string_append_printf (out, "%s<b>【%s】</b>", first ? "" : "　", escaped);
          g_free (escaped);
          group = body->group;
          first = TRUE;
        }
      escaped = g_markup_escape_text (body->name, -1);
      g_string_append_printf (out, "%s%s", first ? "" : "、", escaped);
      g_free (escaped);
      first = FALSE;
    }

  return g_string_free (out, FALSE);
}

static void
weakest_layout (BansouReportSection *section,
                BansouReportFlow    *flow)
{
  WeakestSection *self = (WeakestSection *) section;
  BansouReportData *data = section->data;
  g_autofree char *heading = NULL;
  g_autofree char *intro = NULL;

  bansou_report_flow_break_page (flow);
  /* Translators: %u is 10 */
  heading = g_strdup_printf (_("4. The %u weakest questions"), N_WEAKEST);
  _bansou_report_flow_add_heading (flow, REPORT_STYLE_HEADING, heading, 60);
  intro = g_markup_escape_text (_("The questions with the lowest score, with the bodies that have not implemented "
                                  "them or only partly."), -1);
  _bansou_report_flow_add_text (flow, REPORT_STYLE_SMALL, intro, 0, REPORT_INK_MUTED);
  bansou_report_flow_skip (flow, 8);

  if (self->weakest->len == 0)
    {
      g_autofree char *none = g_markup_escape_text (_("No answers in this round yet."), -1);
      _bansou_report_flow_add_text (flow, REPORT_STYLE_BODY, none, 0, REPORT_INK);
    }

  for (guint i = 0; i < self->weakest->len; i++)
    {
      guint q = g_array_index (self->weakest, guint, i);
      BansouQuestion *question = bansou_catalog_get_question (data->catalog, q);
      g_autofree char *number = _bansou_report_question_number (data, question);
      g_autofree char *title = g_markup_printf_escaped ("<b>%u.</b>\t<b>%s</b>　%s", i + 1, number,
                                                        bansou_question_get_label (question));
      g_autofree char *score = _bansou_report_format_rate (data->question_score[q]);
      g_autofree char *rate = _bansou_report_format_rate (data->question_rate[q]);
      g_autofree char *baseline = _bansou_report_format_rate (data->question_baseline[q]);
      g_autofree char *not_done = NULL;
      g_autofree char *partial = NULL;
      g_autoptr(GString) facts = g_string_new (NULL);
      guint n_not_done, n_partial;
      char *escaped;

      not_done = bodies_with_status (data, q, BANSOU_STATUS_NOT_DONE, &n_not_done);
      partial = bodies_with_status (data, q, BANSOU_STATUS_PARTIAL, &n_partial);
      g_free (not_done);
      g_free (partial);
      not_done = bodies_with_status_markup (data, q, BANSOU_STATUS_NOT_DONE);
      partial = bodies_with_status_markup (data, q, BANSOU_STATUS_PARTIAL);

      escaped = g_markup_escape_text (bansou_category_get_label (question->category), -1);
      g_string_append_printf (facts, "%s　", escaped);
      g_free (escaped);
      /* Translators: the score of a question, e.g. 35.2% */
      escaped = g_markup_printf_escaped (_("Score %s"), score);
      g_string_append_printf (facts, "<b>%s</b>", escaped);
      g_free (escaped);
      /* Translators: the share of bodies that implemented a question */
      escaped = g_markup_printf_escaped (_("Implemented %s"), rate);
      g_string_append_printf (facts, "　%s", escaped);
      g_free (escaped);
      if (data->question_baseline[q] >= 0)
        {
          /* Translators: the national rate of a question */
          escaped = g_markup_printf_escaped (_("National %s"), baseline);
          g_string_append_printf (facts, "　%s", escaped);
          g_free (escaped);
        }

      bansou_report_flow_skip (flow, i > 0 ? 9 : 0);
      bansou_report_flow_keep (flow, 60);
      _bansou_report_flow_add_paragraph (flow, REPORT_STYLE_BODY, title, 0, 18, REPORT_INK);
      bansou_report_flow_skip (flow, 1);
      _bansou_report_flow_add_text (flow, REPORT_STYLE_SMALL, facts->str, 18, REPORT_INK_MUTED);
      bansou_report_flow_skip (flow, 2);

      {
        /* Translators: %u is a number of bodies; the list of their names follows */
        g_autofree char *label = g_strdup_printf (_("Not implemented (%u):"), n_not_done);
        g_autofree char *names = n_not_done ? g_strdup (not_done) : g_markup_escape_text (_("none"), -1);
        g_autofree char *markup = g_strdup_printf ("<span foreground=\"#%06x\"><b>%s</b></span>　%s",
                                                   REPORT_DOWN, label, names);
        _bansou_report_flow_add_text (flow, REPORT_STYLE_TABLE, markup, 18, REPORT_INK);
      }
      if (n_partial > 0)
        {
          /* Translators: %u is a number of bodies; the list of their names follows */
          g_autofree char *label = g_strdup_printf (_("Partly implemented (%u):"), n_partial);
          g_autofree char *markup = g_strdup_printf ("<b>%s</b>　%s", label, partial);

          bansou_report_flow_skip (flow, 1);
          _bansou_report_flow_add_text (flow, REPORT_STYLE_TABLE, markup, 18, REPORT_INK);
        }
    }
  bansou_report_flow_skip (flow, SECTION_GAP);
}

static void
weakest_add_tables (BansouReportSection *section,
                    GPtrArray           *tables)
{
  WeakestSection *self = (WeakestSection *) section;
  BansouReportData *data = section->data;
  const char *headers[] = {
    _("Rank"), _("No."), _("Question ID"), _("Category"), _("Question"), _("Score (%)"),
    _("Implemented (%)"), _("National baseline (%)"), _("Not implemented"), _("Bodies not implementing"),
    _("Partly implemented"), _("Bodies partly implementing"), NULL
  };
  BansouReportTable *t = bansou_report_table_new ("weakest", _("Weakest questions"), headers);

  for (guint i = 0; i < self->weakest->len; i++)
    {
      guint q = g_array_index (self->weakest, guint, i);
      BansouQuestion *question = bansou_catalog_get_question (data->catalog, q);
      g_autofree char *not_done = NULL;
      g_autofree char *partial = NULL;
      guint n_not_done, n_partial;

      not_done = bodies_with_status (data, q, BANSOU_STATUS_NOT_DONE, &n_not_done);
      partial = bodies_with_status (data, q, BANSOU_STATUS_PARTIAL, &n_partial);

      g_autofree char *number = _bansou_report_question_number (data, question);

      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, i + 1);
      bansou_report_table_add_text (t, number);
      bansou_report_table_add_text (t, question->id);
      bansou_report_table_add_text (t, bansou_category_get_label (question->category));
      bansou_report_table_add_text (t, bansou_question_get_label (question));
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, data->question_score[q]);
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, data->question_rate[q]);
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, data->question_baseline[q]);
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, n_not_done);
      bansou_report_table_add_text (t, not_done);
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_INTEGER, n_partial);
      bansou_report_table_add_text (t, partial);
    }

  g_ptr_array_add (tables, t);
}

static void
weakest_finalize (BansouReportSection *section)
{
  WeakestSection *self = (WeakestSection *) section;

  g_clear_pointer (&self->weakest, g_array_unref);
}

static const BansouReportSectionFuncs weakest_funcs = {
  .id = "weakest",
  .layout = weakest_layout,
  .add_tables = weakest_add_tables,
  .finalize = weakest_finalize,
};

BansouReportSection *
_bansou_report_weakest_section_new (BansouReportData *data)
{
  WeakestSection *self = g_new0 (WeakestSection, 1);

  self->parent.funcs = &weakest_funcs;
  self->weakest = _bansou_report_weakest_questions (data, N_WEAKEST);
  return &self->parent;
}

/* ======================================================================== */
/* Profiles: one page per body                                              */

#define PROFILE_MAX_ITEMS 14

typedef struct
{
  BansouReportData *data;
  BansouReportBody *body;
} ProfileHead;

static void
draw_profile_head (cairo_t      *cr,
                   PangoContext *context,
                   double        width,
                   double        height,
                   gpointer      block_data)
{
  ProfileHead *h = block_data;
  BansouReportBody *b = h->body;
  g_autofree char *name = g_markup_escape_text (b->full_name, -1);
  g_autofree char *meta = g_markup_printf_escaped ("%s　%s　%s", bansou_body_get_kind_label (b->body),
                                                   bansou_body_get_code (b->body),
                                                   bansou_progress_get_label (b->progress));
  double y;

  _bansou_report_set_color (cr, REPORT_ACCENT);
  y = _bansou_report_show_text (cr, context, REPORT_STYLE_HEADING, name, 0, 0, width, PANGO_ALIGN_LEFT);
  _bansou_report_set_color (cr, REPORT_INK_MUTED);
  _bansou_report_show_text (cr, context, REPORT_STYLE_SMALL, meta, 0, y + 1, width, PANGO_ALIGN_LEFT);
  _bansou_report_hrule (cr, 0, width, height - 1, 1.0, REPORT_ACCENT);
}

static char *
number_or_dash (gint64 n)
{
  if (n < 0)
    return g_strdup ("—");
  return bansou_format_count (n);
}

static char *
text_or_dash (const char *a,
              const char *b)
{
  if ((a == NULL || *a == '\0') && (b == NULL || *b == '\0'))
    return g_strdup ("—");
  if (a == NULL || *a == '\0')
    return g_markup_escape_text (b, -1);
  if (b == NULL || *b == '\0')
    return g_markup_escape_text (a, -1);
  return g_markup_printf_escaped ("%s（%s）", a, b);
}

static int
compare_gap (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  BansouReportData *data = user_data;
  guint qa = *(const guint *) a, qb = *(const guint *) b;

  /* What most others have done comes first: the most telling gaps */
  if (data->question_rate[qa] != data->question_rate[qb])
    return data->question_rate[qa] > data->question_rate[qb] ? -1 : 1;
  return (int) qa - (int) qb;
}

static void
profile_layout_body (BansouReportData *data,
                     BansouReportFlow *flow,
                     BansouReportBody *b)
{
  PangoContext *context = bansou_report_flow_get_context (flow);
  ProfileHead *head = g_new0 (ProfileHead, 1);
  ReportGrid *facts = _bansou_report_grid_new ();
  ReportGrid *cats = _bansou_report_grid_new ();
  ReportGrid *items = _bansou_report_grid_new ();
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(PangoLayout) probe = NULL;
  double head_height;
  guint shown;

  bansou_report_flow_break_page (flow);

  probe = _bansou_report_layout (context, REPORT_STYLE_HEADING, "国", -1, PANGO_ALIGN_LEFT);
  head_height = _bansou_report_layout_height (probe) + 1;
  g_clear_object (&probe);
  probe = _bansou_report_layout (context, REPORT_STYLE_SMALL, "国", -1, PANGO_ALIGN_LEFT);
  head_height += _bansou_report_layout_height (probe) + 7;
  head->data = data;
  head->body = b;
  bansou_report_flow_add (flow, head_height, draw_profile_head, head, g_free);
  bansou_report_flow_skip (flow, 10);

  /* Facts */
  _bansou_report_grid_add_column (facts, _("Profile"), 150, REPORT_GRID_TEXT);
  _bansou_report_grid_add_column (facts, "", 0, REPORT_GRID_TEXT);
  _bansou_report_grid_hide_header (facts);
  {
    g_autofree char *population = number_or_dash (bansou_body_get_population (b->body));
    g_autofree char *staff = number_or_dash (bansou_body_get_it_staff (b->body));
    g_autofree char *ciso = text_or_dash (bansou_body_get_ciso_name (b->body), bansou_body_get_ciso_title (b->body));
    g_autofree char *csirt = text_or_dash (bansou_body_get_csirt_contact (b->body), NULL);
    g_autofree char *rate = _bansou_report_format_rate (b->score);
    g_autofree char *scope_rate = _bansou_report_format_rate (data->score);
    g_autofree char *diff = _bansou_report_format_change (change (b->score, data->score), TRUE);
    g_autofree char *prev = _bansou_report_format_rate (b->score_prev);
    g_autofree char *prev_diff = _bansou_report_format_change (change (b->score, b->score_prev), TRUE);
    g_autofree char *scope_name = g_markup_escape_text (data->scope_name, -1);
    g_autofree char *rate_line = g_strdup_printf (
      /* Translators: a body's score, then in brackets its prefecture's score and the difference,
       * e.g. "<b>72.4%</b> (広島県 77.1%, ▼4.7)"; keep the markup */
      _("<b>%s</b> (%s %s, %s)"), rate, scope_name, scope_rate, diff);
    g_autofree char *prev_line = b->score_prev >= 0 ? g_strdup_printf ("%s　(%s)", prev, prev_diff) : g_strdup ("—");

    _bansou_report_grid_add_cell (facts, _("Population"));
    _bansou_report_grid_add_cell (facts, population);
    _bansou_report_grid_add_cell (facts, _("Information systems staff"));
    _bansou_report_grid_add_cell (facts, staff);
    _bansou_report_grid_add_cell (facts, _("CISO"));
    _bansou_report_grid_add_cell (facts, ciso);
    _bansou_report_grid_add_cell (facts, _("CSIRT contact"));
    _bansou_report_grid_add_cell (facts, csirt);
    _bansou_report_grid_add_cell (facts, _("Score"));
    _bansou_report_grid_add_cell (facts, rate_line);
    _bansou_report_grid_add_cell (facts, _("Previous round"));
    _bansou_report_grid_add_cell (facts, prev_line);
  }
  _bansou_report_flow_add_grid (flow, facts);
  bansou_report_flow_skip (flow, 14);

  /* Category scores against the scope */
  _bansou_report_flow_add_heading (flow, REPORT_STYLE_SUBHEADING, _("Scores by category"), 80);
  _bansou_report_grid_add_column (cats, _("Category"), 0, REPORT_GRID_TEXT);
  _bansou_report_grid_add_column (cats, _("This body"), 56, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (cats, data->national ? _("Nationwide") : _("Prefecture"), 56, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (cats, _("Difference"), 52, REPORT_GRID_NUMBER);
  _bansou_report_grid_add_column (cats, "", 96, REPORT_GRID_BAR);
  for (guint c = 0; c < data->n_categories; c++)
    {
      g_autofree char *name = g_markup_escape_text (bansou_category_get_label (bansou_catalog_get_category (data->catalog, c)), -1);
      g_autofree char *mine = _bansou_report_format_rate (b->category_score[c]);
      g_autofree char *scope = _bansou_report_format_rate (data->category_score[c]);
      g_autofree char *diff = _bansou_report_format_change (change (b->category_score[c], data->category_score[c]), TRUE);

      _bansou_report_grid_add_cell (cats, name);
      _bansou_report_grid_add_cell (cats, mine);
      _bansou_report_grid_add_cell (cats, scope);
      _bansou_report_grid_add_cell (cats, diff);
      _bansou_report_grid_add_bar (cats, b->category_score[c], data->category_score[c]);
    }
  _bansou_report_flow_add_grid (flow, cats);
  bansou_report_flow_skip (flow, 4);
  {
    g_autofree char *note = g_markup_printf_escaped (_("The tick on each bar marks the score of %s."), data->scope_name);
    _bansou_report_flow_add_text (flow, REPORT_STYLE_SMALL, note, 0, REPORT_INK_MUTED);
  }
  bansou_report_flow_skip (flow, 14);

  /* Its weakest items: not done, then partly done, most common first */
  for (guint q = 0; q < data->n_questions; q++)
    if (b->status[q] == BANSOU_STATUS_NOT_DONE)
      g_array_append_val (gaps, q);
  g_array_sort_with_data (gaps, compare_gap, data);
  {
    guint n_not_done = gaps->len;
    g_autoptr(GArray) partial = g_array_new (FALSE, FALSE, sizeof (guint));

    for (guint q = 0; q < data->n_questions; q++)
      if (b->status[q] == BANSOU_STATUS_PARTIAL)
        g_array_append_val (partial, q);
    g_array_sort_with_data (partial, compare_gap, data);
    g_array_append_vals (gaps, partial->data, partial->len);
    (void) n_not_done;
  }

  _bansou_report_flow_add_heading (flow, REPORT_STYLE_SUBHEADING, _("Weakest items"), 40);
  if (gaps->len == 0)
    {
      g_autofree char *none = g_markup_escape_text (_("Every answered measure is implemented."), -1);
      _bansou_report_flow_add_text (flow, REPORT_STYLE_BODY, none, 0, REPORT_INK);
      return;
    }

  _bansou_report_grid_add_column (items, _("No."), 30, REPORT_GRID_TEXT);
  _bansou_report_grid_add_column (items, _("Question"), 0, REPORT_GRID_TEXT);
  _bansou_report_grid_add_column (items, _("Status"), 76, REPORT_GRID_TEXT);
  /* Translators: the share of bodies in the prefecture (or the nation) that implemented it */
  _bansou_report_grid_add_column (items, _("Implemented there"), 60, REPORT_GRID_NUMBER);
  shown = MIN (gaps->len, PROFILE_MAX_ITEMS);
  for (guint i = 0; i < shown; i++)
    {
      guint q = g_array_index (gaps, guint, i);
      BansouQuestion *question = bansou_catalog_get_question (data->catalog, q);
      g_autofree char *number = _bansou_report_question_number (data, question);
      g_autofree char *label = g_markup_escape_text (bansou_question_get_label (question), -1);
      g_autofree char *status = g_markup_escape_text (bansou_status_get_label (b->status[q]), -1);
      g_autofree char *rate = _bansou_report_format_rate (data->question_rate[q]);

      _bansou_report_grid_add_cell (items, number);
      _bansou_report_grid_add_cell (items, label);
      _bansou_report_grid_add_cell (items, status);
      _bansou_report_grid_add_cell (items, rate);
    }
  /* One page per body: the list gives way, with a line saying so */
  shown -= _bansou_report_grid_fit (items, flow, bansou_report_flow_get_remaining (flow) - 16);
  _bansou_report_flow_add_grid (flow, items);
  if (gaps->len > shown)
    {
      /* Translators: %u is a number of questions left out of the list */
      g_autofree char *more = g_strdup_printf (_("… and %u more."), gaps->len - shown);
      bansou_report_flow_skip (flow, 3);
      _bansou_report_flow_add_text (flow, REPORT_STYLE_SMALL, more, 0, REPORT_INK_MUTED);
    }
}

static void
profiles_layout (BansouReportSection *section,
                 BansouReportFlow    *flow)
{
  BansouReportData *data = section->data;

  for (guint i = 0; i < data->bodies->len; i++)
    profile_layout_body (data, flow, g_ptr_array_index (data->bodies, i));
}

static const BansouReportSectionFuncs profiles_funcs = {
  .id = "profiles",
  .layout = profiles_layout,
};

BansouReportSection *
_bansou_report_profiles_section_new (BansouReportData *data)
{
  BansouReportSection *self;

  if (!(data->flags & BANSOU_REPORT_BODY_PROFILES))
    return NULL;

  self = g_new0 (BansouReportSection, 1);
  self->funcs = &profiles_funcs;
  return self;
}
