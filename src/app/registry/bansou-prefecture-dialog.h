/* bansou-prefecture-dialog.h — which prefecture this desk serves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_PREFECTURE_DIALOG (bansou_prefecture_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BansouPrefectureDialog, bansou_prefecture_dialog, BANSOU, PREFECTURE_DIALOG, AdwWindow)

BansouPrefectureDialog *bansou_prefecture_dialog_new (BansouContext *context,
                                                      gboolean       required);

G_END_DECLS
