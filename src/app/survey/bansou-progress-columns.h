/* bansou-progress-columns.h — the columns of the progress table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void bansou_progress_columns_add (GtkColumnView *view);

G_END_DECLS
