/* bansou-progress-page-private.h — for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-progress-page.h"

G_BEGIN_DECLS

const char        *_bansou_progress_page_get_round      (BansouProgressPage *self);
GtkSelectionModel *_bansou_progress_page_get_selection  (BansouProgressPage *self);
GtkColumnView     *_bansou_progress_page_get_column_view (BansouProgressPage *self);
/* @state: a BansouProgress, or BANSOU_N_PROGRESS for the overdue card */
const char        *_bansou_progress_page_get_card_text  (BansouProgressPage *self,
                                                         guint               state);
guint              _bansou_progress_page_get_n_assignees (BansouProgressPage *self);
gboolean           _bansou_progress_page_select_codes   (BansouProgressPage *self,
                                                         const char * const *codes);
gboolean           _bansou_progress_page_assign         (BansouProgressPage *self,
                                                         const char         *assignee,
                                                         const char         *due);
void               _bansou_progress_page_flush          (BansouProgressPage *self);

G_END_DECLS
