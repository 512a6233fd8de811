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

/* A body the prefecture registers itself has no national code: it gets
 * "X", the two prefecture digits and a serial from 001 ("X34001"). */
#define BANSOU_CODE_PRIVATE_PREFIX "X"
#define BANSOU_CODE_PRIVATE_MAX    999

/* The same rule in SQL: the body codes in @column that belong to the
 * prefecture whose two digits are bound to @param, national or private,
 * e.g. BANSOU_CODE_SQL_IN_PREFECTURE ("body", "?1"). */
#define BANSOU_CODE_SQL_IN_PREFECTURE(column, param) \
  "(substr(" column ", 1, 2) = " param " OR " \
  column " LIKE '" BANSOU_CODE_PRIVATE_PREFIX "' || " param " || '%')"

gboolean bansou_code_is_private        (const char *code);
gboolean bansou_code_is_body           (const char *code);
char    *bansou_code_prefecture_digits (const char *code);
char    *bansou_code_private_new       (const char *prefecture,
                                        guint       serial);

G_END_DECLS
