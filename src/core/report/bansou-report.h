/* bansou-report.h — the printable regional status report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * One layout, two ways in: the app prints it through GtkPrintOperation
 * (draw-page calls bansou_report_draw_page() with the print context's
 * cairo_t) and bansouctl writes it with a cairo PDF surface
 * (bansou_report_write_pdf()). Both draw the same pages.
 *
 * How it is built
 * ===============
 * A report is a list of *sections* (bansou-report-section.h). Building a
 * report loads its data once (BansouReportData: bodies, statuses, rates),
 * then asks every section in turn to lay itself out: a section measures its
 * content with Pango and places *blocks* on a #BansouReportFlow, which
 * breaks pages when a block does not fit. A block is a height and a draw
 * function; drawing page N only runs the blocks placed on it, inside the
 * header and footer every page shares. A section can also hand over tables
 * for the spreadsheet export (CSV, .xlsx).
 *
 * The built-in sections are, in order: summary, categories, heatmap,
 * weakest questions, body profiles (optional). Sections for the support
 * work (dispatches, procurements, consultations) are added by writing one
 * more BansouReportSectionFuncs and appending its constructor to the
 * section table in bansou-report.c; nothing else changes.
 *
 * Everything is measured in points (1/72 in) on an A4 portrait page.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "bansou-catalog.h"
#include "bansou-store.h"

G_BEGIN_DECLS

#define BANSOU_REPORT_PAGE_WIDTH  595.276  /* A4, in points */
#define BANSOU_REPORT_PAGE_HEIGHT 841.890

#define BANSOU_REPORT_ERROR (bansou_report_error_quark ())

typedef enum
{
  BANSOU_REPORT_ERROR_NO_ROUND,     /* the round does not exist, or there is none */
  BANSOU_REPORT_ERROR_NO_SCOPE,     /* no prefecture chosen, or an unknown one */
  BANSOU_REPORT_ERROR_WRITE,        /* the output file could not be written */
  BANSOU_REPORT_ERROR_UNSUPPORTED,  /* built without libxlsxwriter */
} BansouReportError;

typedef enum
{
  BANSOU_REPORT_BODY_PROFILES = 1 << 0,  /* one page per body */
} BansouReportFlags;

typedef struct
{
  BansouReportFlags  flags;
  /* nullable: "now"; fixed in tests and documentation */
  GDateTime         *generated_at;
} BansouReportOptions;

#define BANSOU_TYPE_REPORT (bansou_report_get_type ())

G_DECLARE_FINAL_TYPE (BansouReport, bansou_report, BANSOU, REPORT, GObject)

GQuark         bansou_report_error_quark     (void);

BansouReport  *bansou_report_new             (BansouStore               *store,
                                              BansouCatalog             *catalog,
                                              const char                *scope,
                                              const char                *round_id,
                                              const BansouReportOptions *options,
                                              GError                   **error);

void           bansou_report_new_async       (BansouStore               *store,
                                              BansouCatalog             *catalog,
                                              const char                *scope,
                                              const char                *round_id,
                                              const BansouReportOptions *options,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data);
BansouReport  *bansou_report_new_finish      (GAsyncResult              *result,
                                              GError                   **error);

const char    *bansou_report_get_scope       (BansouReport              *self);
const char    *bansou_report_get_scope_name  (BansouReport              *self);
const char    *bansou_report_get_round       (BansouReport              *self);
guint          bansou_report_get_n_bodies    (BansouReport              *self);
const char    *bansou_report_get_body_name   (BansouReport              *self,
                                              guint                      index);

guint          bansou_report_get_n_pages     (BansouReport              *self);
void           bansou_report_draw_page       (BansouReport              *self,
                                              cairo_t                   *cr,
                                              guint                      page_index,
                                              double                     width_pt,
                                              double                     height_pt);

gboolean       bansou_report_write_pdf       (BansouReport              *self,
                                              const char                *path,
                                              GError                   **error);
GStrv          bansou_report_write_csv       (BansouReport              *self,
                                              const char                *directory,
                                              GError                   **error);
gboolean       bansou_report_write_xlsx      (BansouReport              *self,
                                              const char                *path,
                                              GError                   **error);
gboolean       bansou_report_can_write_xlsx  (void);

char          *bansou_report_latest_round    (BansouStore               *store,
                                              GError                   **error);

G_END_DECLS
