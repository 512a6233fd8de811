/* bansou-round-dialog-private.h — for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-round-dialog.h"

G_BEGIN_DECLS

GtkEditable *_bansou_round_dialog_get_date_entry  (BansouRoundDialog *self);
GtkEditable *_bansou_round_dialog_get_title_entry (BansouRoundDialog *self);
GtkSwitch   *_bansou_round_dialog_get_prefill     (BansouRoundDialog *self);
const char  *_bansou_round_dialog_get_wareki      (BansouRoundDialog *self);
const char  *_bansou_round_dialog_get_error       (BansouRoundDialog *self);

G_END_DECLS
