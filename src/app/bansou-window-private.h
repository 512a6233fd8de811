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
guint      _bansou_window_get_n_built           (BansouWindow *self);
GtkWindow *_bansou_window_get_prefecture_dialog (BansouWindow *self);
const char *_bansou_window_get_last_toast       (BansouWindow *self);

/* bansou-window-files.c */
void       _bansou_window_add_file_actions      (BansouWindow *self);
gboolean   _bansou_window_export_bodies         (BansouWindow *self,
                                                 const char   *path,
                                                 GError      **error);

G_END_DECLS
