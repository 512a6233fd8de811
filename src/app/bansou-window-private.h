/* bansou-window-private.h — for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-window.h"

G_BEGIN_DECLS

GtkWidget *_bansou_window_get_page              (BansouWindow *self,
                                                 const char   *name);
GtkWindow *_bansou_window_get_prefecture_dialog (BansouWindow *self);
const char *_bansou_window_get_last_toast       (BansouWindow *self);

G_END_DECLS
