/* bansou-sync-page-private.h — what the tests reach into
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-merge-dialog.h"
#include "bansou-sync-page.h"

G_BEGIN_DECLS

typedef enum
{
  BANSOU_SYNC_PAGE_WIDGET_URL,
  BANSOU_SYNC_PAGE_WIDGET_TOKEN,
  BANSOU_SYNC_PAGE_WIDGET_REMEMBER,
  BANSOU_SYNC_PAGE_WIDGET_REMEMBER_ROW,
  BANSOU_SYNC_PAGE_WIDGET_CA_ROW,
  BANSOU_SYNC_PAGE_WIDGET_SYNC,
  BANSOU_SYNC_PAGE_WIDGET_CANCEL,
  BANSOU_SYNC_PAGE_WIDGET_PROGRESS,
  BANSOU_SYNC_PAGE_WIDGET_PENDING,
  BANSOU_SYNC_PAGE_WIDGET_LAST,
  BANSOU_SYNC_PAGE_WIDGET_URL_ERROR,
  BANSOU_SYNC_PAGE_WIDGET_ERROR_REVEALER,
  BANSOU_SYNC_PAGE_WIDGET_ERROR_TITLE,
  BANSOU_SYNC_PAGE_WIDGET_ERROR_LABEL,
  BANSOU_SYNC_PAGE_WIDGET_CONFLICT_LIST,
  BANSOU_SYNC_PAGE_WIDGET_KEEP_MINE,
  BANSOU_SYNC_PAGE_WIDGET_TAKE_THEIRS,
  BANSOU_SYNC_PAGE_WIDGET_MERGE,
  BANSOU_SYNC_PAGE_WIDGET_ALERTS,
} BansouSyncPageWidget;

GtkWidget         *_bansou_sync_page_get_widget        (BansouSyncPage       *self,
                                                        BansouSyncPageWidget  which);
void               _bansou_sync_page_set_ca_file       (BansouSyncPage       *self,
                                                        const char           *path);
guint              _bansou_sync_page_get_pending       (BansouSyncPage       *self);
gint64             _bansou_sync_page_get_selected_conflict (BansouSyncPage   *self);
char              *_bansou_sync_page_dup_column_text   (BansouSyncPage       *self,
                                                        gboolean              theirs);
BansouMergeDialog *_bansou_sync_page_get_merge_dialog  (BansouSyncPage       *self);
guint              _bansou_sync_page_get_n_alerts      (BansouSyncPage       *self);

G_END_DECLS
