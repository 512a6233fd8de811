/* bansou-heatmap-view-private.h — what the bansou-heatmap-view-*.c files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-heatmap-view.h"

G_BEGIN_DECLS

typedef enum
{
  PART_CORNER,
  PART_HEADER,
  PART_LABELS,
  PART_CELLS,
  N_PARTS
} Part;

typedef struct
{
  GskRenderNode *node;
  guint          serial;
  double         x;
  double         y;
  int            width;
  int            height;
} CachedPart;

struct _BansouHeatmapView
{
  GtkWidget              parent_instance;

  BansouHeatmapModel    *model;
  BansouHeatmapRenderer *renderer;

  GtkAdjustment         *hadjustment;
  GtkAdjustment         *vadjustment;
  guint                  hscroll_policy : 1;
  guint                  vscroll_policy : 1;

  int                    zoom;
  gboolean               fit_pending;   /* pick a zoom at the next allocation */

  /* The last frame's pictures of the four regions, each kept while what
   * it depends on stays: GTK then repaints only what changed — the hover
   * and focus rectangles, or the rows but not the header while scrolling
   * down. */
  CachedPart             parts[N_PARTS];
  guint                  serial;          /* bumped by every change of what is shown */
  GdkRGBA                fg;
  GdkRGBA                bg;

  /* What the pointer is over */
  BansouHeatmapArea      hover_area;
  guint                  hover_row;
  guint                  hover_column;

  /* The keyboard's cell; follows its body when rows are re-sorted */
  guint                  focus_row;
  guint                  focus_column;
  gint                   focus_body;   /* -1 when the focus is on a heading row */
};

enum {
  PROP_0,
  PROP_MODEL,
  PROP_ZOOM,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  CELL_ACTIVATED,
  GROUP_ACTIVATED,
  N_SIGNALS
};


extern GParamSpec *_bansou_heatmap_view_properties[N_PROPS];
extern guint _bansou_heatmap_view_signals[N_SIGNALS];
void
_bansou_heatmap_view_get_geometry (BansouHeatmapView     *self,
                                   BansouHeatmapGeometry *g);

double
_bansou_heatmap_view_hvalue (BansouHeatmapView *self);

double
_bansou_heatmap_view_vvalue (BansouHeatmapView *self);

guint
_bansou_heatmap_view_n_rows (BansouHeatmapView *self);

guint
_bansou_heatmap_view_n_columns (BansouHeatmapView *self);

void
_bansou_heatmap_view_invalidate_content (BansouHeatmapView *self);

void
_bansou_heatmap_view_apply_cell_size (BansouHeatmapView *self);

void
_bansou_heatmap_view_configure_adjustments (BansouHeatmapView *self,
                                            double             x,
                                            double             y);

void
_bansou_heatmap_view_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot);

void
_bansou_heatmap_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline);

void
_bansou_heatmap_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline);

void
_bansou_heatmap_view_move_focus_to (BansouHeatmapView *self,
                                    gint64             row,
                                    gint64             column);

void
_bansou_heatmap_view_set_zoom_at (BansouHeatmapView *self,
                                  int                zoom,
                                  double             anchor_x,
                                  double             anchor_y);

void
_bansou_heatmap_view_zoom_step (BansouHeatmapView *self,
                                int                direction);

void
_bansou_heatmap_view_adjustment_value_changed_cb (BansouHeatmapView *self);

void
_bansou_heatmap_view_model_changed_cb (BansouHeatmapView *self);

void
_bansou_heatmap_view_model_cell_changed_cb (BansouHeatmapView *self,
                                            guint              body,
                                            guint              question);

void
_bansou_heatmap_view_motion_cb (GtkEventControllerMotion *motion,
                                double                    x,
                                double                    y,
                                BansouHeatmapView        *self);

void
_bansou_heatmap_view_leave_cb (GtkEventControllerMotion *motion,
                               BansouHeatmapView        *self);

void
_bansou_heatmap_view_pressed_cb (GtkGestureClick   *gesture,
                                 int                n_press,
                                 double             x,
                                 double             y,
                                 BansouHeatmapView *self);

void
_bansou_heatmap_view_released_cb (GtkGestureClick   *gesture,
                                  int                n_press,
                                  double             x,
                                  double             y,
                                  BansouHeatmapView *self);

gboolean
_bansou_heatmap_view_scroll_cb (GtkEventControllerScroll *scroll,
                                double                    dx,
                                double                    dy,
                                BansouHeatmapView        *self);

void
_bansou_heatmap_view_move_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter);

void
_bansou_heatmap_view_page_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter);

void
_bansou_heatmap_view_home_end_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);

void
_bansou_heatmap_view_activate_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);

void
_bansou_heatmap_view_zoom_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter);

BansouQuestion *
_bansou_heatmap_view_column_first_question (BansouHeatmapView *self,
                                            guint              column);

void
_bansou_heatmap_view_update_accessible (BansouHeatmapView *self);

gboolean
_bansou_heatmap_view_query_tooltip (GtkWidget  *widget,
                                    int         x,
                                    int         y,
                                    gboolean    keyboard_tooltip,
                                    GtkTooltip *tooltip);

G_END_DECLS
