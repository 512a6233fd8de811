/* bansou-procurement-item.h — one project in the 共同調達 ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

#include "bansou-core.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_PROCUREMENT_ITEM (bansou_procurement_item_get_type ())

G_DECLARE_FINAL_TYPE (BansouProcurementItem, bansou_procurement_item, BANSOU, PROCUREMENT_ITEM, GObject)

BansouProcurementItem *bansou_procurement_item_new           (BansouProject         *project,
                                                              const char            *lead_name);
const BansouProject   *bansou_procurement_item_get_project   (BansouProcurementItem *self);
const BansouShareTable *bansou_procurement_item_get_shares   (BansouProcurementItem *self);
const GError          *bansou_procurement_item_get_split_error (BansouProcurementItem *self);
const char            *bansou_procurement_item_get_id        (BansouProcurementItem *self);
const char            *bansou_procurement_item_get_lead_name (BansouProcurementItem *self);
const char            *bansou_procurement_item_get_period    (BansouProcurementItem *self);
const char            *bansou_procurement_item_get_search_text (BansouProcurementItem *self);
gint64                 bansou_procurement_item_get_savings   (BansouProcurementItem *self);
void                   bansou_procurement_item_set_project   (BansouProcurementItem *self,
                                                              BansouProject         *project);

G_END_DECLS
