/* bansou-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-application.h"
#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_WINDOW (bansou_window_get_type ())

G_DECLARE_FINAL_TYPE (BansouWindow, bansou_window, BANSOU, WINDOW, AdwApplicationWindow)

BansouWindow  *bansou_window_new                (BansouApplication *application,
                                                 BansouContext     *context);
BansouContext *bansou_window_get_context        (BansouWindow      *self);
void           bansou_window_add_banner         (BansouWindow      *self,
                                                 GtkWidget         *banner);
void           bansou_window_choose_prefecture  (BansouWindow      *self,
                                                 gboolean           required);
void           bansou_window_add_toast          (BansouWindow      *self,
                                                 const char        *message);
void           bansou_show_message              (GtkWidget         *widget,
                                                 const char        *message);
void           bansou_show_error                (GtkWidget         *widget,
                                                 const GError      *error);

G_END_DECLS
