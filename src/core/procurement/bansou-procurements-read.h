/* bansou-procurements-read.h — reading the ledger for pages and outputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The share table of a project already read, and the share table as the
 * files people take to their finance departments (.xlsx, CSV).
 */
#pragma once

#include "bansou-procurements.h"

G_BEGIN_DECLS

BansouShareTable *bansou_share_table_compute        (BansouProject          *project,
                                                     GError                **error);
GBytes           *bansou_share_table_to_csv         (const BansouShareTable *table,
                                                     BansouRegistry         *registry);
gboolean          bansou_share_table_write_xlsx     (const BansouShareTable *table,
                                                     BansouRegistry         *registry,
                                                     const char             *path,
                                                     GError                **error);
gboolean          bansou_share_table_can_write_xlsx (void);

char             *bansou_share_table_format_days    (const BansouShareTable *table,
                                                     const BansouShareRow   *row);
guint             bansou_project_count_prefectures  (const BansouProject    *project);
gboolean          bansou_project_involves           (const BansouProject    *project,
                                                     const char             *prefecture);
char             *bansou_procurements_format_yen    (gint64                  yen);
char             *bansou_procurements_format_savings (gint64                 yen);
char             *bansou_procurements_prefecture_name (BansouRegistry       *registry,
                                                     const char             *prefecture);

G_END_DECLS
