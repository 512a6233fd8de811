/* bansou-heatmap-page-private.h — for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-heatmap-page.h"

G_BEGIN_DECLS

/* "questions", "categories", "prefecture", "back", "kind" */
GtkWidget *_bansou_heatmap_page_get_widget (BansouHeatmapPage *self,
                                            const char        *name);

G_END_DECLS
