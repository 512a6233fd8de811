/* bansou-report-table.h — a table of the report, for the spreadsheet export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Sections hand these over so that the numbers they print can be reused
 * in Excel: one CSV file or one worksheet per table, numbers kept as
 * numbers (percentages in %, differences in percentage points).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BANSOU_REPORT_CELL_EMPTY,
  BANSOU_REPORT_CELL_TEXT,
  BANSOU_REPORT_CELL_INTEGER,
  BANSOU_REPORT_CELL_PERCENT,  /* a rate in %, 0–100 */
  BANSOU_REPORT_CELL_POINTS,   /* a difference in percentage points */
} BansouReportCellKind;

typedef struct
{
  BansouReportCellKind  kind;
  char                 *text;   /* TEXT only */
  double                value;  /* numbers */
} BansouReportCell;

typedef struct
{
  char      *id;         /* file name and sheet id: "categories" */
  char      *title;      /* sheet name as the user reads it */
  GPtrArray *headers;    /* char *, one per column */
  GArray    *cells;      /* BansouReportCell, row after row */
} BansouReportTable;

BansouReportTable      *bansou_report_table_new         (const char          *id,
                                                         const char          *title,
                                                         const char * const  *headers);
void                    bansou_report_table_free        (BansouReportTable   *table);
guint                   bansou_report_table_get_n_columns (BansouReportTable *table);
guint                   bansou_report_table_get_n_rows  (BansouReportTable   *table);
const BansouReportCell *bansou_report_table_get_cell    (BansouReportTable   *table,
                                                         guint                row,
                                                         guint                column);
void                    bansou_report_table_add_text    (BansouReportTable   *table,
                                                         const char          *text);
void                    bansou_report_table_add_number  (BansouReportTable   *table,
                                                         BansouReportCellKind kind,
                                                         double               value);
void                    bansou_report_table_add_empty   (BansouReportTable   *table);
char                   *bansou_report_table_to_csv      (BansouReportTable   *table,
                                                         gsize               *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouReportTable, bansou_report_table_free)

G_END_DECLS
