/* bansou-trend-chart.h — a small line chart of one score across rounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BANSOU_TYPE_TREND_CHART (bansou_trend_chart_get_type ())

G_DECLARE_FINAL_TYPE (BansouTrendChart, bansou_trend_chart, BANSOU, TREND_CHART, GtkWidget)

GtkWidget *bansou_trend_chart_new       (void);
void       bansou_trend_chart_set_title (BansouTrendChart   *self,
                                         const char         *title);
void       bansou_trend_chart_set_data  (BansouTrendChart   *self,
                                         guint               n_points,
                                         const char * const *rounds,
                                         const double       *values,
                                         const double       *reference);
double     bansou_trend_chart_get_value (BansouTrendChart   *self,
                                         guint               point);

G_END_DECLS
