/* bansou-sync-page.h — 同期: the server, syncing, conflicts and alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_SYNC_PAGE (bansou_sync_page_get_type ())

G_DECLARE_FINAL_TYPE (BansouSyncPage, bansou_sync_page, BANSOU, SYNC_PAGE, AdwBin)

GtkWidget     *bansou_sync_page_new             (BansouContext  *context);
BansouContext *bansou_sync_page_get_context     (BansouSyncPage *self);
gboolean       bansou_sync_page_get_busy        (BansouSyncPage *self);
guint          bansou_sync_page_get_n_conflicts (BansouSyncPage *self);
void           bansou_sync_page_sync            (BansouSyncPage *self);

G_END_DECLS
