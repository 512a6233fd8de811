/* bansou-progress-page.h — 進捗: where every body stands in a round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_PROGRESS_PAGE (bansou_progress_page_get_type ())

G_DECLARE_FINAL_TYPE (BansouProgressPage, bansou_progress_page, BANSOU, PROGRESS_PAGE, AdwBin)

BansouContext *bansou_progress_page_get_context (BansouProgressPage *self);
gboolean       bansou_progress_page_select_round (BansouProgressPage *self,
                                                  const char         *round);

G_END_DECLS
