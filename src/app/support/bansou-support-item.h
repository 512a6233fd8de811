/* bansou-support-item.h — one row of the 支援効果 table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <glib-object.h>

#include "bansou-support-effect.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_SUPPORT_ITEM (bansou_support_item_get_type ())

G_DECLARE_FINAL_TYPE (BansouSupportItem, bansou_support_item, BANSOU, SUPPORT_ITEM, GObject)

BansouSupportItem            *bansou_support_item_new          (BansouSupportEffect   *effect,
                                                                BansouSupportGrouping  grouping,
                                                                guint                  position);
const BansouSupportEffectRow *bansou_support_item_get_row      (BansouSupportItem     *self);
/* The row's place in the effect's order: code, name or kind */
guint                         bansou_support_item_get_position (BansouSupportItem     *self);
/* A GListStore of items for every row of @grouping */
GListModel                   *bansou_support_item_list         (BansouSupportEffect   *effect,
                                                                BansouSupportGrouping  grouping);

G_END_DECLS
