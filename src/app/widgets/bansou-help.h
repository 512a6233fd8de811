/* bansou-help.h — opening the user guide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void bansou_show_help (GtkWindow  *parent,
                       const char *page);

G_END_DECLS
