/* bansou-report-page-private.h — for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-report.h"
#include "bansou-report-page.h"

G_BEGIN_DECLS

/* The report shown, or NULL while it is being built or without rounds */
BansouReport *_bansou_report_page_get_report   (BansouReportPage *self);
gboolean      _bansou_report_page_is_loading   (BansouReportPage *self);
GtkDropDown  *_bansou_report_page_get_round_dropdown (BansouReportPage *self);
GtkCheckButton *_bansou_report_page_get_profiles_check (BansouReportPage *self);
GtkLabel     *_bansou_report_page_get_pages_label (BansouReportPage *self);
guint         _bansou_report_page_get_n_previews (BansouReportPage *self);
/* What "Export PDF…" does after the file chooser */
gboolean      _bansou_report_page_export_pdf   (BansouReportPage *self,
                                                const char       *path,
                                                GError          **error);

/* What "Export CSV…" does after the folder chooser */
gboolean      _bansou_report_page_export_csv   (BansouReportPage *self,
                                                const char       *directory,
                                                guint            *n_files,
                                                GError          **error);

G_END_DECLS
