/* bansou-code.h — 全国地方公共団体コード
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean bansou_code_is_valid        (const char *code);
int      bansou_code_check_digit     (const char *first_five);
char    *bansou_code_prefecture_of   (const char *code);

G_END_DECLS
