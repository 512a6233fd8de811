/* bansou-heatmap-view.h — the heatmap as a scrollable widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gtk/gtk.h>

#include "bansou-heatmap-model.h"
#include "bansou-heatmap-render.h"

G_BEGIN_DECLS

#define BANSOU_HEATMAP_ZOOM_MIN     2
#define BANSOU_HEATMAP_ZOOM_MAX     40
#define BANSOU_HEATMAP_ZOOM_DEFAULT 18

#define BANSOU_TYPE_HEATMAP_VIEW (bansou_heatmap_view_get_type ())

G_DECLARE_FINAL_TYPE (BansouHeatmapView, bansou_heatmap_view, BANSOU, HEATMAP_VIEW, GtkWidget)

GtkWidget             *bansou_heatmap_view_new            (void);
BansouHeatmapModel    *bansou_heatmap_view_get_model      (BansouHeatmapView  *self);
void                   bansou_heatmap_view_set_model      (BansouHeatmapView  *self,
                                                           BansouHeatmapModel *model);
BansouHeatmapRenderer *bansou_heatmap_view_get_renderer   (BansouHeatmapView  *self);
int                    bansou_heatmap_view_get_zoom       (BansouHeatmapView  *self);
void                   bansou_heatmap_view_set_zoom       (BansouHeatmapView  *self,
                                                           int                 zoom);
void                   bansou_heatmap_view_zoom_in        (BansouHeatmapView  *self);
void                   bansou_heatmap_view_zoom_out       (BansouHeatmapView  *self);
void                   bansou_heatmap_view_zoom_to_fit    (BansouHeatmapView  *self);
gboolean               bansou_heatmap_view_get_focus_cell (BansouHeatmapView  *self,
                                                           guint              *row,
                                                           guint              *column);
void                   bansou_heatmap_view_set_focus_cell (BansouHeatmapView  *self,
                                                           guint               row,
                                                           guint               column);
gboolean               bansou_heatmap_view_get_cell_area  (BansouHeatmapView  *self,
                                                           guint               row,
                                                           guint               column,
                                                           GdkRectangle       *area);

G_END_DECLS
