/* bansou-gui-test-utils.h — shared by the tests that open windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* setlocale, private user folders, g_test_init, the core, GTK and
 * libadwaita. Returns whether a display is there; without one, the
 * callers register their tests as skipped. */
gboolean    bansou_gui_test_init     (int     *argc,
                                      char  ***argv);
const char *bansou_gui_test_home     (void);
gboolean    bansou_gui_test_wait_for (gboolean (*check) (gpointer),
                                      gpointer  data);
void        bansou_gui_test_drain    (void);
gboolean    bansou_gui_test_xdotool  (const char * const *args);

G_END_DECLS
