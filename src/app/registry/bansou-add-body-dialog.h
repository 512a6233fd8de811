/* bansou-add-body-dialog.h — register a union, agency or university
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_ADD_BODY_DIALOG (bansou_add_body_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BansouAddBodyDialog, bansou_add_body_dialog, BANSOU, ADD_BODY_DIALOG, AdwWindow)

BansouAddBodyDialog *bansou_add_body_dialog_new (BansouContext *context);

G_END_DECLS
