/* bansou-heatmap-render.h — drawing the heatmap with cairo and pango, no GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "bansou-heatmap-model.h"

G_BEGIN_DECLS

typedef enum
{
  BANSOU_HEATMAP_AREA_NONE,
  BANSOU_HEATMAP_AREA_CORNER,
  BANSOU_HEATMAP_AREA_CATEGORY_HEADER,  /* column: any column of the band */
  BANSOU_HEATMAP_AREA_COLUMN_HEADER,    /* column */
  BANSOU_HEATMAP_AREA_SUMMARY_LABEL,    /* row: 0 the mean, 1 the baseline */
  BANSOU_HEATMAP_AREA_SUMMARY,          /* row: 0 the mean, 1 the baseline; column */
  BANSOU_HEATMAP_AREA_ROW_LABEL,        /* row */
  BANSOU_HEATMAP_AREA_CELL,             /* row, column */
} BansouHeatmapArea;

/* Regions of a view, for widgets that keep each region's picture */
typedef enum
{
  BANSOU_HEATMAP_PART_CORNER = 1 << 0,  /* the scope, round and summary row labels */
  BANSOU_HEATMAP_PART_HEADER = 1 << 1,  /* column headings and summary rows: scroll sideways */
  BANSOU_HEATMAP_PART_LABELS = 1 << 2,  /* row labels: scroll up and down */
  BANSOU_HEATMAP_PART_CELLS  = 1 << 3,
  BANSOU_HEATMAP_PART_ALL    = 0x0f,
} BansouHeatmapParts;

typedef enum
{
  BANSOU_HEATMAP_FORMAT_PNG,
  BANSOU_HEATMAP_FORMAT_SVG,
} BansouHeatmapFormat;

/* All in device units of the view; cells sit below the header and the two
 * summary rows, right of the row labels. */
typedef struct
{
  int label_width;
  int header_height;       /* category band and column headings */
  int band_height;         /* the category band alone (0 in the category mode) */
  int summary_row_height;
  int summary_height;      /* both summary rows and the gap below them */
  int column_width;
  int row_height;
  int content_width;       /* every column */
  int content_height;      /* every row */
} BansouHeatmapGeometry;

#define BANSOU_TYPE_HEATMAP_RENDERER (bansou_heatmap_renderer_get_type ())

G_DECLARE_FINAL_TYPE (BansouHeatmapRenderer, bansou_heatmap_renderer, BANSOU, HEATMAP_RENDERER, GObject)

BansouHeatmapRenderer *bansou_heatmap_renderer_new            (BansouHeatmapModel    *model);
BansouHeatmapModel    *bansou_heatmap_renderer_get_model      (BansouHeatmapRenderer *self);
void                   bansou_heatmap_renderer_set_pango_context (BansouHeatmapRenderer *self,
                                                               PangoContext          *context);
void                   bansou_heatmap_renderer_set_colors     (BansouHeatmapRenderer *self,
                                                               const double           foreground[3],
                                                               const double           background[3]);
void                   bansou_heatmap_renderer_set_cell_size  (BansouHeatmapRenderer *self,
                                                               int                    column_width,
                                                               int                    row_height);
void                   bansou_heatmap_renderer_set_label_width (BansouHeatmapRenderer *self,
                                                               int                    width);
void                   bansou_heatmap_renderer_get_geometry   (BansouHeatmapRenderer *self,
                                                               BansouHeatmapGeometry *geometry);

/* The cell image: one pixel per cell (RGB24), rebuilt when the model
 * changes. update() rebuilds it now if it is stale. */
void                   bansou_heatmap_renderer_update         (BansouHeatmapRenderer *self);
cairo_surface_t       *bansou_heatmap_renderer_get_image      (BansouHeatmapRenderer *self);
guint32                bansou_heatmap_renderer_get_status_color (BansouStatus          status);
guint32                bansou_heatmap_renderer_get_score_color (double                score);

/* A scrolled view of @width × @height: sticky labels, header and summary
 * rows; cells shifted by the offsets (in content pixels). */
void                   bansou_heatmap_renderer_draw_view      (BansouHeatmapRenderer *self,
                                                               cairo_t               *cr,
                                                               int                    width,
                                                               int                    height,
                                                               double                 x_offset,
                                                               double                 y_offset);
void                   bansou_heatmap_renderer_draw_view_parts (BansouHeatmapRenderer *self,
                                                               cairo_t               *cr,
                                                               int                    width,
                                                               int                    height,
                                                               double                 x_offset,
                                                               double                 y_offset,
                                                               BansouHeatmapParts     parts);
BansouHeatmapArea      bansou_heatmap_renderer_hit_test       (BansouHeatmapRenderer *self,
                                                               double                 x_offset,
                                                               double                 y_offset,
                                                               double                 x,
                                                               double                 y,
                                                               guint                 *row,
                                                               guint                 *column);
void                   bansou_heatmap_renderer_get_cell_rect  (BansouHeatmapRenderer *self,
                                                               double                 x_offset,
                                                               double                 y_offset,
                                                               guint                  row,
                                                               guint                  column,
                                                               cairo_rectangle_int_t *rect);

/* Rows [first_row, first_row + n_rows) with header and summary rows,
 * scaled to fit the rectangle: for reports split across pages. */
void                   bansou_heatmap_renderer_draw_rows      (BansouHeatmapRenderer *self,
                                                               cairo_t               *cr,
                                                               guint                  first_row,
                                                               guint                  n_rows,
                                                               double                 x,
                                                               double                 y,
                                                               double                 width,
                                                               double                 height);
int                    bansou_heatmap_renderer_get_legend_height (BansouHeatmapRenderer *self,
                                                               int                    width);
void                   bansou_heatmap_renderer_draw_legend    (BansouHeatmapRenderer *self,
                                                               cairo_t               *cr,
                                                               double                 x,
                                                               double                 y,
                                                               int                    width);

/* A whole page: title, every row, legend. */
void                   bansou_heatmap_renderer_fit_width      (BansouHeatmapRenderer *self,
                                                               int                    width);
void                   bansou_heatmap_renderer_get_page_size  (BansouHeatmapRenderer *self,
                                                               int                   *width,
                                                               int                   *height);
void                   bansou_heatmap_renderer_get_page_cells_origin (BansouHeatmapRenderer *self,
                                                               double                *x,
                                                               double                *y);
void                   bansou_heatmap_renderer_draw_page      (BansouHeatmapRenderer *self,
                                                               cairo_t               *cr);
gboolean               bansou_heatmap_renderer_export         (BansouHeatmapRenderer *self,
                                                               BansouHeatmapFormat    format,
                                                               const char            *path,
                                                               GError               **error);

G_END_DECLS
