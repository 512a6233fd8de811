/* bansou-add-body-dialog-private.h — for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-add-body-dialog.h"

G_BEGIN_DECLS

void        _bansou_add_body_dialog_fill      (BansouAddBodyDialog *self,
                                               BansouBodyKind       kind,
                                               const char          *name,
                                               const char          *kana,
                                               const char          *code);
const char *_bansou_add_body_dialog_get_error (BansouAddBodyDialog *self);

G_END_DECLS
