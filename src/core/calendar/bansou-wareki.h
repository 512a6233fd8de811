/* bansou-wareki.h — Japanese era dates (和暦) and fiscal years (年度)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int       bansou_fiscal_year               (GDate      *date);
GDate    *bansou_date_today                (void);
char     *bansou_wareki_year               (int         year);
char     *bansou_wareki_format_date        (GDate      *date);
char     *bansou_wareki_format_fiscal_year (int         fiscal_year);
GDate    *bansou_date_parse_iso            (const char *iso);
char     *bansou_date_to_iso               (GDate      *date);
char     *bansou_round_label               (const char *round_id);
char     *bansou_round_label_western       (const char *round_id);

G_END_DECLS
