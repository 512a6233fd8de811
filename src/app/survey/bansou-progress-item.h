/* bansou-progress-item.h — one body's row in the progress overview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <glib-object.h>

#include "bansou-core.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_PROGRESS_ITEM (bansou_progress_item_get_type ())

G_DECLARE_FINAL_TYPE (BansouProgressItem, bansou_progress_item, BANSOU, PROGRESS_ITEM, GObject)

BansouProgressItem *bansou_progress_item_new             (BansouBody         *body);
BansouBody         *bansou_progress_item_get_body        (BansouProgressItem *self);
const char         *bansou_progress_item_get_code        (BansouProgressItem *self);
BansouProgress      bansou_progress_item_get_state       (BansouProgressItem *self);
void                bansou_progress_item_set_state       (BansouProgressItem *self,
                                                          BansouProgress      state);
const char         *bansou_progress_item_get_assignee    (BansouProgressItem *self);
void                bansou_progress_item_set_assignee    (BansouProgressItem *self,
                                                          const char         *assignee);
const char         *bansou_progress_item_get_due         (BansouProgressItem *self);
void                bansou_progress_item_set_due         (BansouProgressItem *self,
                                                          const char         *due);
guint               bansou_progress_item_get_unconfirmed (BansouProgressItem *self);
void                bansou_progress_item_set_unconfirmed (BansouProgressItem *self,
                                                          guint               unconfirmed);
double              bansou_progress_item_get_score       (BansouProgressItem *self);
void                bansou_progress_item_set_score       (BansouProgressItem *self,
                                                          double              score);
gboolean            bansou_progress_item_is_overdue      (BansouProgressItem *self);
void                bansou_progress_item_set_info        (BansouProgressItem *self,
                                                          const BansouProgressInfo *info);

G_END_DECLS
