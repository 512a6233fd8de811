/* bansou-prefecture-dialog-private.h — for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-prefecture-dialog.h"

G_BEGIN_DECLS

GtkEditable *_bansou_prefecture_dialog_get_search_entry (BansouPrefectureDialog *self);
guint        _bansou_prefecture_dialog_count_visible    (BansouPrefectureDialog *self);
char        *_bansou_prefecture_dialog_dup_selected     (BansouPrefectureDialog *self);
gboolean     _bansou_prefecture_dialog_is_empty_shown   (BansouPrefectureDialog *self);
const char  *_bansou_prefecture_dialog_get_empty_text   (BansouPrefectureDialog *self);

G_END_DECLS
