/* bansou-body-editor.h — the profile of one body, editable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_BODY_EDITOR (bansou_body_editor_get_type ())

G_DECLARE_FINAL_TYPE (BansouBodyEditor, bansou_body_editor, BANSOU, BODY_EDITOR, AdwBin)

BansouContext *bansou_body_editor_get_context (BansouBodyEditor *self);
void           bansou_body_editor_set_context (BansouBodyEditor *self,
                                               BansouContext    *context);
BansouBody    *bansou_body_editor_get_body    (BansouBodyEditor *self);
void           bansou_body_editor_set_body    (BansouBodyEditor *self,
                                               BansouBody       *body);
gboolean       bansou_body_editor_has_changes (BansouBodyEditor *self);
gboolean       bansou_body_editor_can_save    (BansouBodyEditor *self);
gboolean       bansou_body_editor_save        (BansouBodyEditor *self);
void           bansou_body_editor_discard     (BansouBodyEditor *self);

G_END_DECLS
