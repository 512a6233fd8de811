/* bansou-support-page-private.h — for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-support-effect.h"
#include "bansou-support-page.h"

G_BEGIN_DECLS

BansouSupportEffect *_bansou_support_page_get_effect      (BansouSupportPage     *self);
/* "empty", "table" or "none" (a view without rows) */
const char          *_bansou_support_page_get_visible     (BansouSupportPage     *self);
void                 _bansou_support_page_set_grouping    (BansouSupportPage     *self,
                                                           BansouSupportGrouping  grouping);
GtkColumnView       *_bansou_support_page_get_column_view (BansouSupportPage     *self);
/* How many times the effect was computed */
guint                _bansou_support_page_get_n_computed  (BansouSupportPage     *self);

G_END_DECLS
