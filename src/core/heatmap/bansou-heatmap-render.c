/* bansou-heatmap-render.c — drawing the heatmap with cairo and pango, no GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The cells are never filled one by one: a cell costs ~170 ms per frame
 * that way at national size. Instead the model is written into an RGB24
 * image with one pixel per cell whenever it changes, and a frame paints the
 * visible part of it scaled up with CAIRO_FILTER_NEAREST: one composite,
 * whatever the number of cells. What cannot be a pixel — the gaps between
 * cells, the marks that tell 未回答 and 対象外 apart without colour — is
 * added for the visible cells only, as pixel-aligned boxes, which cairo
 * fills without tessellating. Vector targets (SVG, PDF) get rectangles
 * instead, one path per colour, so print stays crisp.
 *
 * Palette: statuses are three points of one sequential scale, so a score
 * and a status read alike: 実施済み pale blue (score 1), 一部実施 orange
 * (½), 未実施 dark vermilion (0). It avoids red/green, differs in
 * lightness as much as in hue (it survives greyscale printing and
 * deuteranopia), and lets the weak cells stand out: the dark end is the
 * one to look at. 未回答 is light grey with a dark dot and 対象外 white
 * with an outline: both keep their mark in greyscale.
 */
#define G_LOG_DOMAIN "bansou-heatmap"

#include "config.h"

#include <math.h>
#include <string.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "bansou-heatmap-render-private.h"
#include "bansou-wareki.h"

G_DEFINE_FINAL_TYPE (BansouHeatmapRenderer, bansou_heatmap_renderer, G_TYPE_OBJECT)

static guint32 score_lut[SCORE_STEPS + 1];

/* ---- colours ----------------------------------------------------------- */

static guint32
mix_rgb (guint32 a,
         guint32 b,
         double  t)
{
  guint r = (guint) lround (((a >> 16) & 0xff) * (1 - t) + ((b >> 16) & 0xff) * t);
  guint g = (guint) lround (((a >> 8) & 0xff) * (1 - t) + ((b >> 8) & 0xff) * t);
  guint bl = (guint) lround ((a & 0xff) * (1 - t) + (b & 0xff) * t);

  return RGB (r, g, bl);
}

/* Scores: 未実施 → 一部実施 → 実施済み, with two stops on the way up so
 * the upper half passes through light amber and a light blue-grey instead
 * of the muddy tan a straight orange-to-blue blend gives; lightness keeps
 * rising all along, so the scale still reads in greyscale. */
static void
init_palette (void)
{
  static const struct { double t; guint32 color; } stops[] = {
    { 0.00, COLOR_NOT_DONE },
    { 0.50, COLOR_PARTIAL },
    { 0.75, RGB (0xf0, 0xbe, 0x78) },
    { 0.90, RGB (0xc4, 0xd6, 0xe4) },
    { 1.00, COLOR_DONE },
  };

  for (guint i = 0; i <= SCORE_STEPS; i++)
    {
      double t = i / (double) SCORE_STEPS;
      guint s = 0;

      while (s + 2 < G_N_ELEMENTS (stops) && t > stops[s + 1].t)
        s++;
      score_lut[i] = mix_rgb (stops[s].color, stops[s + 1].color,
                              (t - stops[s].t) / (stops[s + 1].t - stops[s].t));
    }
}

/**
 * bansou_heatmap_renderer_get_status_color:
 *
 * Returns: the colour of a status cell as 0xffRRGGBB
 */
guint32
bansou_heatmap_renderer_get_status_color (BansouStatus status)
{
  switch (status)
    {
    case BANSOU_STATUS_DONE:
      return COLOR_DONE;
    case BANSOU_STATUS_PARTIAL:
      return COLOR_PARTIAL;
    case BANSOU_STATUS_NOT_DONE:
      return COLOR_NOT_DONE;
    case BANSOU_STATUS_NA:
      return COLOR_NA;
    case BANSOU_STATUS_UNANSWERED:
    case BANSOU_N_STATUSES:
    default:
      return COLOR_UNANSWERED;
    }
}

/**
 * bansou_heatmap_renderer_get_score_color:
 * @score: from 0 to 1, or negative for no value
 *
 * Returns: the colour of a score cell as 0xffRRGGBB
 */
guint32
bansou_heatmap_renderer_get_score_color (double score)
{
  if (score < 0)
    return COLOR_UNANSWERED;
  return score_lut[(guint) lround (CLAMP (score, 0, 1) * SCORE_STEPS)];
}

void
_bansou_heatmap_renderer_set_source_rgb32 (cairo_t *cr,
                                           guint32  c)
{
  cairo_set_source_rgb (cr, ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

void
_bansou_heatmap_renderer_set_source_fg (BansouHeatmapRenderer *self,
                                        cairo_t               *cr,
                                        double                 alpha)
{
  cairo_set_source_rgba (cr, self->fg[0], self->fg[1], self->fg[2], alpha);
}

void
_bansou_heatmap_renderer_set_source_tint (BansouHeatmapRenderer *self,
                                          cairo_t               *cr,
                                          double                 amount)
{
  cairo_set_source_rgb (cr,
                        self->bg[0] + (self->fg[0] - self->bg[0]) * amount,
                        self->bg[1] + (self->fg[1] - self->bg[1]) * amount,
                        self->bg[2] + (self->fg[2] - self->bg[2]) * amount);
}

/* ---- GObject ----------------------------------------------------------- */

static void
model_changed_cb (BansouHeatmapRenderer *self)
{
  self->dirty = TRUE;
  /* Rows and columns may be others now: their text goes too. */
  _bansou_heatmap_renderer_clear_text (self);
}

static void
cell_changed_cb (BansouHeatmapRenderer *self,
                 guint                  body,
                 guint                  question)
{
  self->dirty = TRUE;
}

static void
bansou_heatmap_renderer_dispose (GObject *object)
{
  BansouHeatmapRenderer *self = (BansouHeatmapRenderer *)object;

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  _bansou_heatmap_renderer_clear_text (self);
  g_clear_object (&self->model);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_heatmap_renderer_parent_class)->dispose (object);
}

static void
bansou_heatmap_renderer_finalize (GObject *object)
{
  BansouHeatmapRenderer *self = (BansouHeatmapRenderer *)object;

  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_pointer (&self->summary, cairo_surface_destroy);
  g_clear_pointer (&self->marks, g_free);
  g_clear_pointer (&self->summary_marks, g_free);

  G_OBJECT_CLASS (bansou_heatmap_renderer_parent_class)->finalize (object);
}

static void
bansou_heatmap_renderer_class_init (BansouHeatmapRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bansou_heatmap_renderer_dispose;
  object_class->finalize = bansou_heatmap_renderer_finalize;

  init_palette ();
}

static void
bansou_heatmap_renderer_init (BansouHeatmapRenderer *self)
{
  self->fg[0] = self->fg[1] = self->fg[2] = 0.13;
  self->bg[0] = self->bg[1] = self->bg[2] = 1.0;
  self->column_width = 18;
  self->row_height = 18;
  self->label_width = 200;
  self->page_width = 0;
  self->dirty = TRUE;
}

/* ---- public API -------------------------------------------------------- */

BansouHeatmapRenderer *
bansou_heatmap_renderer_new (BansouHeatmapModel *model)
{
  BansouHeatmapRenderer *self;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (model), NULL);

  self = g_object_new (BANSOU_TYPE_HEATMAP_RENDERER, NULL);
  self->model = g_object_ref (model);
  g_signal_connect_swapped (model, "changed", G_CALLBACK (model_changed_cb), self);
  g_signal_connect_swapped (model, "cell-changed", G_CALLBACK (cell_changed_cb), self);

  return self;
}

/**
 * bansou_heatmap_renderer_get_model:
 *
 * Returns: (transfer none): the model
 */
BansouHeatmapModel *
bansou_heatmap_renderer_get_model (BansouHeatmapRenderer *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_RENDERER (self), NULL);
  return self->model;
}

/**
 * bansou_heatmap_renderer_set_pango_context:
 * @context: (nullable): the widget's context, or %NULL for a 96 dpi one
 */
void
bansou_heatmap_renderer_set_pango_context (BansouHeatmapRenderer *self,
                                           PangoContext          *context)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  if (self->context == context)
    return;
  _bansou_heatmap_renderer_clear_text (self);
  g_set_object (&self->context, context);
}

void
bansou_heatmap_renderer_set_colors (BansouHeatmapRenderer *self,
                                    const double           foreground[3],
                                    const double           background[3])
{
  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  memcpy (self->fg, foreground, sizeof self->fg);
  memcpy (self->bg, background, sizeof self->bg);
}

void
bansou_heatmap_renderer_set_cell_size (BansouHeatmapRenderer *self,
                                       int                    column_width,
                                       int                    row_height)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  column_width = MAX (column_width, 1);
  row_height = MAX (row_height, 1);
  if (self->column_width == column_width && self->row_height == row_height)
    return;

  /* Font sizes follow the row height, and wrapping the column width. */
  if (self->row_height != row_height)
    _bansou_heatmap_renderer_clear_text (self);
  else
    _bansou_heatmap_renderer_clear_layouts (&self->column_labels, &self->n_column_labels);
  self->column_width = column_width;
  self->row_height = row_height;
}

void
bansou_heatmap_renderer_set_label_width (BansouHeatmapRenderer *self,
                                         int                    width)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  width = MAX (width, 2 * SCORE_WIDTH);
  if (self->label_width == width)
    return;
  _bansou_heatmap_renderer_clear_text (self);
  self->label_width = width;
}

void
bansou_heatmap_renderer_get_geometry (BansouHeatmapRenderer *self,
                                      BansouHeatmapGeometry *g)
{
  gboolean questions;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));
  g_return_if_fail (g != NULL);

  questions = bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_QUESTIONS;

  g->label_width = self->label_width;
  g->column_width = self->column_width;
  g->row_height = self->row_height;
  g->band_height = questions ? 44 : 0;
  g->header_height = questions ? g->band_height + (self->column_width >= 28 ? 20 : self->column_width >= 12 ? 32 : 4)
                               : 72;
  g->summary_row_height = MAX (self->row_height, 20);
  g->summary_height = 2 * g->summary_row_height + 6;
  g->content_width = bansou_heatmap_model_get_n_columns (self->model) * self->column_width;
  g->content_height = bansou_heatmap_model_get_n_rows (self->model) * self->row_height;
}

/**
 * bansou_heatmap_renderer_update:
 *
 * Rebuilds the cell image if the model changed since it was built.
 */
void
bansou_heatmap_renderer_update (BansouHeatmapRenderer *self)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  if (self->dirty || self->image == NULL)
    _bansou_heatmap_renderer_build_image (self);
}

/**
 * bansou_heatmap_renderer_get_image:
 *
 * Returns: (transfer none): the cell image, one pixel per cell of the
 *   arranged rows and columns
 */
cairo_surface_t *
bansou_heatmap_renderer_get_image (BansouHeatmapRenderer *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_RENDERER (self), NULL);

  bansou_heatmap_renderer_update (self);
  return self->image;
}

/**
 * bansou_heatmap_renderer_draw_view:
 * @x_offset: how far the cells are scrolled right, in pixels
 * @y_offset: how far the cells are scrolled down, in pixels
 *
 * Draws a view of @width × @height at the origin of @cr.
 */
void
bansou_heatmap_renderer_draw_view (BansouHeatmapRenderer *self,
                                   cairo_t               *cr,
                                   int                    width,
                                   int                    height,
                                   double                 x_offset,
                                   double                 y_offset)
{
  bansou_heatmap_renderer_draw_view_parts (self, cr, width, height, x_offset, y_offset,
                                           BANSOU_HEATMAP_PART_ALL);
}

/**
 * bansou_heatmap_renderer_draw_view_parts:
 * @parts: which regions to draw
 *
 * Like bansou_heatmap_renderer_draw_view(), for some regions only: a
 * widget keeps each region's picture while its own offset stays, so that
 * scrolling down repaints neither the header nor the corner.
 */
void
bansou_heatmap_renderer_draw_view_parts (BansouHeatmapRenderer *self,
                                         cairo_t               *cr,
                                         int                    width,
                                         int                    height,
                                         double                 x_offset,
                                         double                 y_offset,
                                         BansouHeatmapParts     parts)
{
  BansouHeatmapGeometry g;
  double top, cx, cy;
  Rect cells, header, summary, labels;
  guint n_rows;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  bansou_heatmap_renderer_update (self);
  bansou_heatmap_renderer_get_geometry (self, &g);
  n_rows = bansou_heatmap_model_get_n_rows (self->model);

  top = g.header_height + g.summary_height;
  /* Whole pixels: the boxes stay on the pixel grid and cairo's fast path. */
  cx = g.label_width - round (x_offset);
  cy = top - round (y_offset);

  cairo_save (cr);
  cairo_new_path (cr);
  if (parts & BANSOU_HEATMAP_PART_CORNER)
    cairo_rectangle (cr, 0, 0, g.label_width, MIN (top, height));
  if (parts & BANSOU_HEATMAP_PART_HEADER)
    cairo_rectangle (cr, g.label_width, 0, width - g.label_width, MIN (top, height));
  if (parts & BANSOU_HEATMAP_PART_LABELS)
    cairo_rectangle (cr, 0, top, g.label_width, height - top);
  if (parts & BANSOU_HEATMAP_PART_CELLS)
    cairo_rectangle (cr, g.label_width, top, width - g.label_width, height - top);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, self->bg[0], self->bg[1], self->bg[2]);
  cairo_paint (cr);

  if (parts & BANSOU_HEATMAP_PART_CELLS)
    {
      cells = (Rect) { g.label_width, top, width - g.label_width, height - top };
      cells.width = MIN (cells.width, cx + g.content_width - cells.x);
      cells.height = MIN (cells.height, cy + g.content_height - cells.y);
      _bansou_heatmap_renderer_draw_cells (self, cr, self->image, self->marks, n_rows, g.row_height, TRUE, cx, cy, &cells);
    }

  if (parts & BANSOU_HEATMAP_PART_HEADER)
    {
      summary = (Rect) { g.label_width, g.header_height,
                         MIN (width - g.label_width, cx + g.content_width - g.label_width),
                         2 * g.summary_row_height };
      _bansou_heatmap_renderer_draw_cells (self, cr, self->summary, self->summary_marks, 2, g.summary_row_height, FALSE,
                                           cx, g.header_height, &summary);

      header = (Rect) { g.label_width, 0, width - g.label_width, g.header_height };
      _bansou_heatmap_renderer_draw_header (self, cr, &g, cx, &header);
    }

  if (parts & BANSOU_HEATMAP_PART_LABELS)
    {
      labels = (Rect) { 0, top, g.label_width, height - top };
      labels.height = MIN (labels.height, cy + g.content_height - top);
      _bansou_heatmap_renderer_draw_row_labels (self, cr, cy, &labels);
    }

  if (parts & BANSOU_HEATMAP_PART_CORNER)
    {
      _bansou_heatmap_renderer_draw_summary_labels (self, cr, &g);
      _bansou_heatmap_renderer_draw_corner (self, cr, &g);
    }

  /* Rules between the sticky parts and the cells */
  _bansou_heatmap_renderer_set_source_fg (self, cr, 0.25);
  cairo_rectangle (cr, g.label_width - 1, 0, 1, height);
  cairo_rectangle (cr, 0, g.header_height - 1, width, 1);
  cairo_rectangle (cr, 0, top - 3, width, 1);
  cairo_fill (cr);

  cairo_restore (cr);
}

/**
 * bansou_heatmap_renderer_hit_test:
 * @row: (out) (optional): the row (of the arrangement, or 0/1 for the
 *   mean and baseline rows)
 * @column: (out) (optional): the column
 *
 * Returns: what lies at @x, @y of a view drawn with these offsets
 */
BansouHeatmapArea
bansou_heatmap_renderer_hit_test (BansouHeatmapRenderer *self,
                                  double                 x_offset,
                                  double                 y_offset,
                                  double                 x,
                                  double                 y,
                                  guint                 *row,
                                  guint                 *column)
{
  BansouHeatmapGeometry g;
  guint n_rows, n_cols;
  double top, cx, cy;
  double col = -1, r;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_RENDERER (self), BANSOU_HEATMAP_AREA_NONE);

  bansou_heatmap_renderer_get_geometry (self, &g);
  n_rows = bansou_heatmap_model_get_n_rows (self->model);
  n_cols = bansou_heatmap_model_get_n_columns (self->model);
  top = g.header_height + g.summary_height;
  cx = g.label_width - round (x_offset);
  cy = top - round (y_offset);

  if (x < 0 || y < 0)
    return BANSOU_HEATMAP_AREA_NONE;

  if (x >= g.label_width)
    {
      col = floor ((x - cx) / g.column_width);
      if (col < 0 || col >= n_cols)
        return BANSOU_HEATMAP_AREA_NONE;
      if (column)
        *column = (guint) col;
    }

  if (y < g.header_height)
    {
      if (col < 0)
        return BANSOU_HEATMAP_AREA_CORNER;
      return y < g.band_height ? BANSOU_HEATMAP_AREA_CATEGORY_HEADER : BANSOU_HEATMAP_AREA_COLUMN_HEADER;
    }

  if (y < top)
    {
      r = floor ((y - g.header_height) / g.summary_row_height);
      if (r > 1)
        return BANSOU_HEATMAP_AREA_NONE;
      if (row)
        *row = (guint) r;
      return col < 0 ? BANSOU_HEATMAP_AREA_SUMMARY_LABEL : BANSOU_HEATMAP_AREA_SUMMARY;
    }

  r = floor ((y - cy) / g.row_height);
  if (r < 0 || r >= n_rows)
    return BANSOU_HEATMAP_AREA_NONE;
  if (row)
    *row = (guint) r;

  return col < 0 ? BANSOU_HEATMAP_AREA_ROW_LABEL : BANSOU_HEATMAP_AREA_CELL;
}

/**
 * bansou_heatmap_renderer_get_cell_rect:
 *
 * Where a body-row cell is drawn in a view with these offsets (it may lie
 * outside the view).
 */
void
bansou_heatmap_renderer_get_cell_rect (BansouHeatmapRenderer *self,
                                       double                 x_offset,
                                       double                 y_offset,
                                       guint                  row,
                                       guint                  column,
                                       cairo_rectangle_int_t *rect)
{
  BansouHeatmapGeometry g;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));
  g_return_if_fail (rect != NULL);

  bansou_heatmap_renderer_get_geometry (self, &g);
  rect->x = g.label_width - (int) round (x_offset) + (int) column * g.column_width;
  rect->y = g.header_height + g.summary_height - (int) round (y_offset) + (int) row * g.row_height;
  rect->width = g.column_width;
  rect->height = g.row_height;
}

/**
 * bansou_heatmap_renderer_draw_rows:
 *
 * Draws the header, the summary rows and rows [@first_row, @first_row +
 * @n_rows) scaled to fit the rectangle, keeping the aspect. The report
 * calls it once per page.
 */
void
bansou_heatmap_renderer_draw_rows (BansouHeatmapRenderer *self,
                                   cairo_t               *cr,
                                   guint                  first_row,
                                   guint                  n_rows,
                                   double                 x,
                                   double                 y,
                                   double                 width,
                                   double                 height)
{
  BansouHeatmapGeometry g;
  guint total;
  int natural_w, natural_h;
  double scale;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  bansou_heatmap_renderer_get_geometry (self, &g);
  total = bansou_heatmap_model_get_n_rows (self->model);
  first_row = MIN (first_row, total);
  n_rows = MIN (n_rows, total - first_row);

  natural_w = g.label_width + g.content_width;
  natural_h = g.header_height + g.summary_height + n_rows * g.row_height;
  scale = MIN (width / MAX (natural_w, 1), height / MAX (natural_h, 1));

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  bansou_heatmap_renderer_draw_view (self, cr, natural_w, natural_h, 0, first_row * (double) g.row_height);
  cairo_restore (cr);
}

/* ---- pages and files --------------------------------------------------- */

static PangoLayout *
title_layout (BansouHeatmapRenderer *self)
{
  const char *round = bansou_heatmap_model_get_round (self->model);
  g_autofree char *label = round ? bansou_round_label (round) : g_strdup ("");
  /* TRANSLATORS: heading of an exported heatmap: scope — round */
  g_autofree char *text = g_strdup_printf (_("Security measures: %s — %s"),
                                           bansou_heatmap_model_get_scope_name (self->model) ?: "",
                                           label);

  return _bansou_heatmap_renderer_new_layout (self, text, 18, PANGO_WEIGHT_BOLD);
}

/**
 * bansou_heatmap_renderer_fit_width:
 *
 * Picks cell sizes for a page about @width pixels wide, with every row:
 * rows get lower for a national page so it stays printable.
 */
void
bansou_heatmap_renderer_fit_width (BansouHeatmapRenderer *self,
                                   int                    width)
{
  guint n_cols, n_rows;
  int avail, cw, rh;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  n_cols = MAX (bansou_heatmap_model_get_n_columns (self->model), 1);
  n_rows = MAX (bansou_heatmap_model_get_n_rows (self->model), 1);
  avail = width - 2 * PAGE_MARGIN - self->label_width;

  if (bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_CATEGORIES)
    {
      cw = CLAMP (avail / (int) n_cols, 48, 240);
      rh = 20;
    }
  else
    {
      cw = CLAMP (avail / (int) n_cols, 4, 40);
      rh = CLAMP (cw, 4, 20);
    }
  if ((gint64) n_rows * rh > MAX_PAGE_HEIGHT)
    rh = MAX (2, MAX_PAGE_HEIGHT / (int) n_rows);

  self->page_width = width;
  bansou_heatmap_renderer_set_cell_size (self, cw, rh);
}

static void
page_layout (BansouHeatmapRenderer *self,
             int                   *width,
             int                   *height,
             int                   *view_y,
             int                   *legend_y)
{
  g_autoptr(PangoLayout) title = title_layout (self);
  BansouHeatmapGeometry g;
  int w, view_h;

  bansou_heatmap_renderer_get_geometry (self, &g);
  w = MAX (self->page_width, g.label_width + g.content_width + 2 * PAGE_MARGIN);
  view_h = g.header_height + g.summary_height + g.content_height;

  *view_y = PAGE_MARGIN + _bansou_heatmap_renderer_layout_height (title) + 16;
  *legend_y = *view_y + view_h + 16;
  *width = w;
  *height = *legend_y + _bansou_heatmap_renderer_legend (self, NULL, 0, 0, w - 2 * PAGE_MARGIN) + PAGE_MARGIN;
}

void
bansou_heatmap_renderer_get_page_size (BansouHeatmapRenderer *self,
                                       int                   *width,
                                       int                   *height)
{
  int w, h, vy, ly;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  page_layout (self, &w, &h, &vy, &ly);
  if (width)
    *width = w;
  if (height)
    *height = h;
}

/**
 * bansou_heatmap_renderer_get_page_cells_origin:
 *
 * Where the first cell (row 0, column 0) lies on a page.
 */
void
bansou_heatmap_renderer_get_page_cells_origin (BansouHeatmapRenderer *self,
                                               double                *x,
                                               double                *y)
{
  BansouHeatmapGeometry g;
  int w, h, vy, ly;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  page_layout (self, &w, &h, &vy, &ly);
  bansou_heatmap_renderer_get_geometry (self, &g);
  if (x)
    *x = PAGE_MARGIN + g.label_width;
  if (y)
    *y = vy + g.header_height + g.summary_height;
}

void
bansou_heatmap_renderer_draw_page (BansouHeatmapRenderer *self,
                                   cairo_t               *cr)
{
  g_autoptr(PangoLayout) title = NULL;
  BansouHeatmapGeometry g;
  int w, h, vy, ly;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  page_layout (self, &w, &h, &vy, &ly);
  bansou_heatmap_renderer_get_geometry (self, &g);

  cairo_save (cr);
  cairo_set_source_rgb (cr, self->bg[0], self->bg[1], self->bg[2]);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_fill (cr);

  title = title_layout (self);
  _bansou_heatmap_renderer_set_source_fg (self, cr, 1);
  _bansou_heatmap_renderer_show_layout (cr, title, PAGE_MARGIN, PAGE_MARGIN);

  cairo_translate (cr, PAGE_MARGIN, vy);
  bansou_heatmap_renderer_draw_view (self, cr, g.label_width + g.content_width,
                                     g.header_height + g.summary_height + g.content_height, 0, 0);
  cairo_translate (cr, 0, ly - vy);
  _bansou_heatmap_renderer_legend (self, cr, 0, 0, w - 2 * PAGE_MARGIN);
  cairo_restore (cr);
}

/**
 * bansou_heatmap_renderer_export:
 *
 * Writes the page (see bansou_heatmap_renderer_fit_width()) as PNG or SVG.
 *
 * Returns: %TRUE on success
 */
gboolean
bansou_heatmap_renderer_export (BansouHeatmapRenderer  *self,
                                BansouHeatmapFormat     format,
                                const char             *path,
                                GError                **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int w, h;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_RENDERER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bansou_heatmap_renderer_get_page_size (self, &w, &h);

  if (format == BANSOU_HEATMAP_FORMAT_SVG)
    surface = cairo_svg_surface_create (path, w, h);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);

  cr = cairo_create (surface);
  bansou_heatmap_renderer_draw_page (self, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == BANSOU_HEATMAP_FORMAT_PNG)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}
