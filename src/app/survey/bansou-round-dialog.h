/* bansou-round-dialog.h — creating a survey round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_ROUND_DIALOG (bansou_round_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BansouRoundDialog, bansou_round_dialog, BANSOU, ROUND_DIALOG, AdwWindow)

BansouRoundDialog *bansou_round_dialog_new     (BansouContext *context);
BansouRoundDialog *bansou_round_dialog_present (BansouContext *context,
                                                GtkWidget     *parent);

G_END_DECLS
