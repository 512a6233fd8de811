/* bansou-trends-page-private.h — for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-trend-chart.h"
#include "bansou-trends-page.h"

G_BEGIN_DECLS

/* @index: 0 for the overall score, 1 + category index for a category */
BansouTrendChart *_bansou_trends_page_get_chart         (BansouTrendsPage *self,
                                                         guint             index);
GtkColumnView    *_bansou_trends_page_get_question_view (BansouTrendsPage *self);
double            _bansou_trends_page_get_rate          (BansouTrendsPage *self,
                                                         guint             round,
                                                         guint             question);
void              _bansou_trends_page_flush             (BansouTrendsPage *self);

G_END_DECLS
