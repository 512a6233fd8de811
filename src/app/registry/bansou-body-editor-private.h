/* bansou-body-editor-private.h — for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-body-editor.h"

G_BEGIN_DECLS

GtkWidget     *_bansou_body_editor_get_input  (BansouBodyEditor *self,
                                               const char       *field);
gboolean       _bansou_body_editor_can_save   (BansouBodyEditor *self);
const char    *_bansou_body_editor_get_error  (BansouBodyEditor *self);
GtkWidget     *_bansou_body_editor_get_error_label (BansouBodyEditor *self);
guint          _bansou_body_editor_get_n_history (BansouBodyEditor *self);

G_END_DECLS
