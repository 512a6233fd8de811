/* bansou-heatmap-page.h — ヒートマップ: every body against every question
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"
#include "bansou-heatmap-model.h"
#include "bansou-heatmap-view.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_HEATMAP_PAGE (bansou_heatmap_page_get_type ())

G_DECLARE_FINAL_TYPE (BansouHeatmapPage, bansou_heatmap_page, BANSOU, HEATMAP_PAGE, AdwBin)

BansouContext      *bansou_heatmap_page_get_context    (BansouHeatmapPage *self);
BansouHeatmapModel *bansou_heatmap_page_get_model      (BansouHeatmapPage *self);
BansouHeatmapView  *bansou_heatmap_page_get_view       (BansouHeatmapPage *self);
gboolean            bansou_heatmap_page_reload         (BansouHeatmapPage *self);
void                bansou_heatmap_page_connect_survey (BansouHeatmapPage *self,
                                                        GObject           *survey);

G_END_DECLS
