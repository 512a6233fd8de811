/* bansou-report-heatmap.c — the heatmap section of the report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Bodies × questions, drawn by the same renderer as the app's heatmap page
 * (bansou-heatmap-render.h), so the colours, marks and question numbers
 * (5.3: category 5, its third question) are the ones people know from the
 * screen. On a PDF or a printer the renderer paints vector rectangles, one
 * fill per colour. The rows are cut into page-sized runs; the renderer
 * repeats the column headers and the mean and baseline rows on each page.
 */
#define G_LOG_DOMAIN "bansou-report"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "bansou-heatmap-render.h"
#include "bansou-registry.h"
#include "bansou-report-private.h"

/* The renderer's units, scaled to the width of the page: about 6.5 pt a
 * row nationally (95 rows a page), 8.7 or 12 pt for a prefecture. */
#define LABEL_UNITS     190
#define CELL_UNITS      12
#define ROW_UNITS       12
#define ROW_UNITS_BIG   16
#define MAX_BIG_ROWS    100
#define ROW_UNITS_HUGE  22    /* a small prefecture: the map fills the page */
#define MAX_HUGE_ROWS   40
#define MIN_ROWS        5     /* fewer under a header look lost: next page */

typedef struct
{
  BansouReportSection    parent;
  BansouHeatmapRenderer *renderer;  /* NULL if the model could not load */
  PangoContext          *context;
  char                  *error;
} HeatmapSection;

typedef struct
{
  HeatmapSection *section;
  guint           first;
  guint           n_rows;
} RowsBlock;

static void
draw_rows (cairo_t      *cr,
           PangoContext *context,
           double        width,
           double        height,
           gpointer      block_data)
{
  RowsBlock *block = block_data;

  bansou_heatmap_renderer_draw_rows (block->section->renderer, cr, block->first, block->n_rows,
                                     0, 0, width, height);
}

typedef struct
{
  HeatmapSection *section;
  double          scale;
} LegendBlock;

static void
draw_legend (cairo_t      *cr,
             PangoContext *context,
             double        width,
             double        height,
             gpointer      block_data)
{
  LegendBlock *legend = block_data;

  cairo_save (cr);
  cairo_scale (cr, legend->scale, legend->scale);
  bansou_heatmap_renderer_draw_legend (legend->section->renderer, cr, 0, 0, (int) (width / legend->scale));
  cairo_restore (cr);
}

/* The category key: the band above the columns is too narrow for some
 * names. */
static char *
category_key (BansouReportData *data)
{
  GString *key = g_string_new (NULL);

  for (guint c = 0; c < data->n_categories; c++)
    {
      BansouCategory *category = bansou_catalog_get_category (data->catalog, c);
      char *escaped = g_markup_escape_text (bansou_category_get_label (category), -1);

      g_string_append_printf (key, "%s<b>%u</b> %s", c > 0 ? "　" : "", c + 1, escaped);
      g_free (escaped);
    }

  return g_string_free (key, FALSE);
}

static void
heatmap_layout (BansouReportSection *section,
                BansouReportFlow    *flow)
{
  HeatmapSection *self = (HeatmapSection *) section;
  BansouReportData *data = section->data;
  g_autofree char *intro = NULL;
  g_autofree char *key = NULL;
  BansouHeatmapGeometry g;
  LegendBlock *legend;
  double scale, head, width;
  guint n_rows, first = 0;

  bansou_report_flow_break_page (flow);
  _bansou_report_flow_add_heading (flow, REPORT_STYLE_HEADING, _("3. Status by body and question"), 160);

  if (self->renderer == NULL)
    {
      g_autofree char *message = g_markup_escape_text (self->error, -1);
      _bansou_report_flow_add_text (flow, REPORT_STYLE_BODY, message, 0, REPORT_INK);
      return;
    }

  intro = g_markup_escape_text (data->national
                                ? _("Each row is a body, under its prefecture with the prefecture’s mean score; each "
                                    "column a question, numbered by category (5.3: category 5, its third question). "
                                    "The figure after a name is its score, counting “partly implemented” as half.")
                                : _("Each row is a body, each column a question, numbered by category (5.3: category "
                                    "5, its third question). The figure after a name is its score, counting “partly "
                                    "implemented” as half."), -1);
  _bansou_report_flow_add_text (flow, REPORT_STYLE_SMALL, intro, 0, REPORT_INK_MUTED);
  bansou_report_flow_skip (flow, 3);
  key = category_key (data);
  _bansou_report_flow_add_text (flow, REPORT_STYLE_SMALL, key, 0, REPORT_INK);
  bansou_report_flow_skip (flow, 6);

  bansou_heatmap_renderer_get_geometry (self->renderer, &g);
  width = bansou_report_flow_get_width (flow);
  scale = width / (g.label_width + g.content_width);

  legend = g_new0 (LegendBlock, 1);
  legend->section = self;
  legend->scale = scale;
  bansou_report_flow_add (flow,
                          bansou_heatmap_renderer_get_legend_height (self->renderer, (int) (width / scale)) * scale,
                          draw_legend, legend, g_free);
  bansou_report_flow_skip (flow, 8);

  head = (g.header_height + g.summary_height) * scale;
  n_rows = bansou_heatmap_model_get_n_rows (bansou_heatmap_renderer_get_model (self->renderer));
  while (first < n_rows)
    {
      double remaining = bansou_report_flow_get_remaining (flow);
      guint fit = remaining > head ? (guint) floor ((remaining - head - 0.5) / (g.row_height * scale)) : 0;
      RowsBlock *block;

      if (fit < MIN (MIN_ROWS, n_rows - first) && !bansou_report_flow_is_page_empty (flow))
        {
          bansou_report_flow_break_page (flow);
          continue;
        }
      fit = CLAMP (fit, 1, n_rows - first);

      /* A page that goes on with a prefecture's bodies says whose they are */
      if (data->national && first > 0 && bansou_report_flow_is_page_empty (flow))
        {
          BansouHeatmapModel *model = bansou_heatmap_renderer_get_model (self->renderer);
          guint index;

          if (bansou_heatmap_model_get_row (model, first, &index) == BANSOU_HEATMAP_ROW_BODY)
            {
              const char *group = bansou_heatmap_model_get_group_name (model,
                                                                       bansou_heatmap_model_get_body_group (model, index));
              /* Translators: %s is a prefecture whose bodies go on from the page before */
              g_autofree char *caption = g_strdup_printf (_("%s (continued)"), group);
              g_autofree char *markup = g_markup_escape_text (caption, -1);

              _bansou_report_flow_add_text (flow, REPORT_STYLE_SMALL, markup, 0, REPORT_INK_MUTED);
              bansou_report_flow_skip (flow, 2);
              continue;  /* measure again below the caption */
            }
        }

      /* Never leave a prefecture's heading alone at the foot of a page */
      if (first + fit < n_rows && fit > 1 &&
          bansou_heatmap_model_get_row (bansou_heatmap_renderer_get_model (self->renderer),
                                        first + fit - 1, NULL) == BANSOU_HEATMAP_ROW_GROUP)
        fit--;

      block = g_new0 (RowsBlock, 1);
      block->section = self;
      block->first = first;
      block->n_rows = fit;
      bansou_report_flow_add (flow, head + fit * g.row_height * scale, draw_rows, block, g_free);
      first += fit;
    }

  bansou_report_flow_skip (flow, 16);
}

static void
heatmap_add_tables (BansouReportSection *section,
                    GPtrArray           *tables)
{
  BansouReportData *data = section->data;
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  BansouReportTable *t;

  g_ptr_array_add (headers, g_strdup (_("Code")));
  g_ptr_array_add (headers, g_strdup (_("Prefecture")));
  g_ptr_array_add (headers, g_strdup (_("Body")));
  g_ptr_array_add (headers, g_strdup (_("Kind")));
  g_ptr_array_add (headers, g_strdup (_("Progress")));
  g_ptr_array_add (headers, g_strdup (_("Score (%)")));
  g_ptr_array_add (headers, g_strdup (_("Previous score (%)")));
  for (guint c = 0; c < data->n_categories; c++)
    g_ptr_array_add (headers, g_strdup_printf ("%u %s (%%)", c + 1,
                                               bansou_category_get_label (bansou_catalog_get_category (data->catalog, c))));
  g_ptr_array_add (headers, NULL);

  t = bansou_report_table_new ("bodies", _("Bodies"), (const char * const *) headers->pdata);
  for (guint b = 0; b < data->bodies->len; b++)
    {
      BansouReportBody *body = g_ptr_array_index (data->bodies, b);
      BansouReportGroup *group = g_ptr_array_index (data->groups, body->group);

      bansou_report_table_add_text (t, bansou_body_get_code (body->body));
      bansou_report_table_add_text (t, group->name);
      bansou_report_table_add_text (t, body->name);
      bansou_report_table_add_text (t, bansou_body_get_kind_label (body->body));
      bansou_report_table_add_text (t, bansou_progress_get_label (body->progress));
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, body->score);
      bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, body->score_prev);
      for (guint c = 0; c < data->n_categories; c++)
        bansou_report_table_add_number (t, BANSOU_REPORT_CELL_PERCENT, body->category_score[c]);
    }

  g_ptr_array_add (tables, t);
}

static void
heatmap_finalize (BansouReportSection *section)
{
  HeatmapSection *self = (HeatmapSection *) section;

  g_clear_object (&self->renderer);
  g_clear_object (&self->context);
  g_clear_pointer (&self->error, g_free);
}

static const BansouReportSectionFuncs heatmap_funcs = {
  .id = "heatmap",
  .layout = heatmap_layout,
  .add_tables = heatmap_add_tables,
  .finalize = heatmap_finalize,
};

BansouReportSection *
_bansou_report_heatmap_section_new (BansouReportData *data)
{
  HeatmapSection *self = g_new0 (HeatmapSection, 1);
  g_autoptr(BansouRegistry) registry = bansou_registry_new (data->store);
  g_autoptr(BansouHeatmapModel) model = bansou_heatmap_model_new (registry, data->catalog);
  g_autoptr(GError) error = NULL;
  PangoFontDescription *font;
  guint n_rows;

  self->parent.funcs = &heatmap_funcs;

  if (!bansou_heatmap_model_load (model, data->round_id, data->scope, &error))
    {
      /* The report's own data loaded a moment ago: this is unlikely */
      g_warning ("Could not load the heatmap: %s", error->message);
      self->error = g_strdup (error->message);
      return &self->parent;
    }
  bansou_heatmap_model_set_sort (model, BANSOU_HEATMAP_SORT_CODE, FALSE);
  n_rows = bansou_heatmap_model_get_n_rows (model);

  /* Measured and drawn at 72 dpi without hinting, as the rest of the page */
  self->context = _bansou_report_context_new (NULL);
  font = pango_font_description_from_string (REPORT_FONT_FAMILY);
  pango_context_set_font_description (self->context, font);
  pango_font_description_free (font);

  self->renderer = bansou_heatmap_renderer_new (model);
  bansou_heatmap_renderer_set_pango_context (self->renderer, self->context);
  bansou_heatmap_renderer_set_label_width (self->renderer, LABEL_UNITS);
  bansou_heatmap_renderer_set_cell_size (self->renderer, CELL_UNITS,
                                         n_rows <= MAX_HUGE_ROWS ? ROW_UNITS_HUGE :
                                         n_rows <= MAX_BIG_ROWS ? ROW_UNITS_BIG : ROW_UNITS);

  return &self->parent;
}
