/* bansou-heatmap-render-private.h — what the bansou-heatmap-render-*.c files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-heatmap-render.h"

#include <math.h>
#include <string.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include "bansou-wareki.h"

G_BEGIN_DECLS

#define RGB(r, g, b)      (0xff000000u | ((r) << 16) | ((g) << 8) | (b))

#define COLOR_DONE        RGB (0xa9, 0xcf, 0xee)
#define COLOR_PARTIAL     RGB (0xee, 0x8a, 0x2d)
#define COLOR_NOT_DONE    RGB (0xa6, 0x36, 0x03)
#define COLOR_UNANSWERED  RGB (0xe3, 0xe3, 0xe3)
#define COLOR_NA          RGB (0xff, 0xff, 0xff)
#define COLOR_DOT         RGB (0x4d, 0x4d, 0x4d)
#define COLOR_OUTLINE     RGB (0x8c, 0x8c, 0x8c)

#define PAGE_MARGIN        24
#define SCORE_WIDTH        40   /* the percentage right of a row label */
#define MIN_LABEL_ROW      10   /* rows lower than this get no body label */
#define MIN_GAP_CELL       8    /* cells at least this big get gaps */
#define MIN_MARK_CELL      8    /* … and marks */
#define MAX_PAGE_HEIGHT    12000

enum {
  MARK_NONE,
  MARK_DOT,      /* unanswered, no data */
  MARK_OUTLINE,  /* not applicable */
};

struct _BansouHeatmapRenderer
{
  GObject             parent_instance;

  BansouHeatmapModel *model;
  PangoContext       *context;
  double              fg[3];
  double              bg[3];
  int                 column_width;
  int                 row_height;
  int                 label_width;
  int                 page_width;

  /* Cell image, one pixel per cell */
  cairo_surface_t    *image;
  cairo_surface_t    *summary;    /* the mean and baseline rows */
  guint8             *marks;
  guint8             *summary_marks;
  gboolean            dirty;

  /* Text, laid out once: a frame only places it */
  PangoLayout       **body_labels;   /* by body index */
  guint               n_body_labels;
  PangoLayout       **group_labels;
  guint               n_group_labels;
  PangoLayout       **column_labels; /* by column */
  guint               n_column_labels;
  PangoLayout       **band_labels;   /* by category */
  guint               n_band_labels;
  PangoLayout        *percent[102];  /* 0–100 %, and "–" */
  PangoLayout        *summary_labels[2];
  PangoLayout        *corner;
};

/* 200 steps: ½ (一部実施) falls on a step exactly. */
#define SCORE_STEPS 200
typedef struct
{
  double x, y, width, height;
} Rect;


void
_bansou_heatmap_renderer_set_source_rgb32 (cairo_t *cr,
                                           guint32  c);

void
_bansou_heatmap_renderer_set_source_fg (BansouHeatmapRenderer *self,
                                        cairo_t               *cr,
                                        double                 alpha);

void
_bansou_heatmap_renderer_set_source_tint (BansouHeatmapRenderer *self,
                                          cairo_t               *cr,
                                          double                 amount);

void
_bansou_heatmap_renderer_build_image (BansouHeatmapRenderer *self);

void
_bansou_heatmap_renderer_visible_range (double  origin,
                                        int     size,
                                        guint   n,
                                        double  clip_start,
                                        double  clip_size,
                                        guint  *first,
                                        guint  *last);

void
_bansou_heatmap_renderer_draw_cells (BansouHeatmapRenderer *self,
                                     cairo_t               *cr,
                                     cairo_surface_t       *image,
                                     const guint8          *marks,
                                     guint                  n_rows,
                                     int                    rh,
                                     gboolean               body_rows,
                                     double                 cx,
                                     double                 cy,
                                     const Rect            *clip);

void
_bansou_heatmap_renderer_clear_layouts (PangoLayout ***layouts,
                                        guint         *n);

void
_bansou_heatmap_renderer_clear_text (BansouHeatmapRenderer *self);

PangoLayout *
_bansou_heatmap_renderer_new_layout (BansouHeatmapRenderer *self,
                                     const char            *text,
                                     double                 px,
                                     PangoWeight            weight);

PangoLayout *
_bansou_heatmap_renderer_percent_layout (BansouHeatmapRenderer *self,
                                         double                 score);

void
_bansou_heatmap_renderer_show_layout (cairo_t     *cr,
                                      PangoLayout *layout,
                                      double       x,
                                      double       y);

int
_bansou_heatmap_renderer_layout_height (PangoLayout *layout);

int
_bansou_heatmap_renderer_layout_width (PangoLayout *layout);

void
_bansou_heatmap_renderer_draw_header (BansouHeatmapRenderer       *self,
                                      cairo_t                     *cr,
                                      const BansouHeatmapGeometry *g,
                                      double                       cx,
                                      const Rect                  *clip);

void
_bansou_heatmap_renderer_draw_row_labels (BansouHeatmapRenderer *self,
                                          cairo_t               *cr,
                                          double                 cy,
                                          const Rect            *clip);

void
_bansou_heatmap_renderer_draw_summary_labels (BansouHeatmapRenderer       *self,
                                              cairo_t                     *cr,
                                              const BansouHeatmapGeometry *g);

void
_bansou_heatmap_renderer_draw_corner (BansouHeatmapRenderer       *self,
                                      cairo_t                     *cr,
                                      const BansouHeatmapGeometry *g);

int
_bansou_heatmap_renderer_legend (BansouHeatmapRenderer *self,
                                 cairo_t               *cr,
                                 double                 x0,
                                 double                 y0,
                                 int                    width);

G_END_DECLS
