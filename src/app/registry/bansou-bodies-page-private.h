/* bansou-bodies-page-private.h — for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-bodies-page.h"
#include "bansou-body-editor-private.h"

G_BEGIN_DECLS

/* The kinds offered by the filter drop-down, in order. */
typedef enum
{
  BANSOU_KIND_FILTER_ALL,
  BANSOU_KIND_FILTER_DESIGNATED_CITY,
  BANSOU_KIND_FILTER_CITY,          /* includes designated cities */
  BANSOU_KIND_FILTER_TOWN,
  BANSOU_KIND_FILTER_VILLAGE,
  BANSOU_KIND_FILTER_SPECIAL_WARD,
  BANSOU_KIND_FILTER_OTHER,
} BansouKindFilter;

GtkColumnView    *_bansou_bodies_page_get_column_view (BansouBodiesPage *self);
GListModel       *_bansou_bodies_page_get_model       (BansouBodiesPage *self);
GtkEditable      *_bansou_bodies_page_get_search_entry (BansouBodiesPage *self);
GtkDropDown      *_bansou_bodies_page_get_kind_dropdown (BansouBodiesPage *self);
GtkDropDown      *_bansou_bodies_page_get_prefecture_dropdown (BansouBodiesPage *self);
GtkLabel         *_bansou_bodies_page_get_count_label (BansouBodiesPage *self);
BansouBodyEditor *_bansou_bodies_page_get_editor      (BansouBodiesPage *self);
gboolean          _bansou_bodies_page_is_filtering    (BansouBodiesPage *self);

G_END_DECLS
