/* bansou-report-page.h — レポート: the printable regional status report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_REPORT_PAGE (bansou_report_page_get_type ())

G_DECLARE_FINAL_TYPE (BansouReportPage, bansou_report_page, BANSOU, REPORT_PAGE, AdwBin)

BansouContext *bansou_report_page_get_context (BansouReportPage *self);

G_END_DECLS
