/* bansou-trends-page.h — 経年比較: scores and rates across rounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_TRENDS_PAGE (bansou_trends_page_get_type ())

G_DECLARE_FINAL_TYPE (BansouTrendsPage, bansou_trends_page, BANSOU, TRENDS_PAGE, AdwBin)

BansouContext *bansou_trends_page_get_context (BansouTrendsPage *self);
gboolean       bansou_trends_page_show_body   (BansouTrendsPage *self,
                                               const char       *code);

G_END_DECLS
