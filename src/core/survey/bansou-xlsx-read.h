/* bansou-xlsx-read.h — the first sheet of an .xlsx workbook as CSV text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  bansou_xlsx_is_workbook (const char  *data,
                                   gsize        length);
char     *bansou_xlsx_to_csv      (const char  *data,
                                   gsize        length,
                                   GError     **error);

G_END_DECLS
