/* bansou-report-section.h — how a section of the report lays itself out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A section is a struct whose first member is a BansouReportSection, made
 * by a constructor that receives the report's data. While the report
 * paginates, the section's layout() measures its content (with the flow's
 * PangoContext: 72 dpi, no hinting, so measures are the same on any
 * cairo_t) and places blocks on the flow. A block is a height and a draw
 * function that later receives a cairo_t translated to the block's top
 * left corner. A block taller than what is left of the page starts a new
 * page, so a section that runs over pages (a long table) cuts its content
 * into page-sized blocks itself, asking bansou_report_flow_get_remaining().
 *
 * To add a section (e.g. dispatches of support staff):
 *
 *   typedef struct { BansouReportSection parent; … } DispatchSection;
 *
 *   static void dispatch_layout (BansouReportSection *s, BansouReportFlow *flow) { … }
 *   static const BansouReportSectionFuncs dispatch_funcs = {
 *     .id = "dispatches", .layout = dispatch_layout, .add_tables = …, .free = …,
 *   };
 *   BansouReportSection *_bansou_report_dispatch_section_new (BansouReportData *data);
 *
 * and append the constructor to the section table in bansou-report.c.
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "bansou-report-table.h"

G_BEGIN_DECLS

typedef struct _BansouReportData    BansouReportData;
typedef struct _BansouReportFlow    BansouReportFlow;
typedef struct _BansouReportSection BansouReportSection;

/* Draws one block: @cr is translated to the block's top left corner;
 * @context is the page's Pango context (72 dpi). */
typedef void (*BansouReportDrawFunc) (cairo_t      *cr,
                                      PangoContext *context,
                                      double        width,
                                      double        height,
                                      gpointer      block_data);

typedef struct
{
  const char *id;
  /* Measures the section and places its blocks. Called once. */
  void (*layout)     (BansouReportSection *section,
                      BansouReportFlow    *flow);
  /* Optional: appends BansouReportTable for the spreadsheet export. */
  void (*add_tables) (BansouReportSection *section,
                      GPtrArray           *tables);
  /* Optional: frees the section's own members (not the struct). */
  void (*finalize)   (BansouReportSection *section);
} BansouReportSectionFuncs;

struct _BansouReportSection
{
  const BansouReportSectionFuncs *funcs;
  BansouReportData               *data;  /* owned by the report */
};

typedef BansouReportSection *(*BansouReportSectionNew) (BansouReportData *data);

PangoContext *bansou_report_flow_get_context   (BansouReportFlow     *flow);
double        bansou_report_flow_get_width     (BansouReportFlow     *flow);
/* The height of the content area of a whole page. */
double        bansou_report_flow_get_page_height (BansouReportFlow   *flow);
/* What is left below the cursor on the current page. */
double        bansou_report_flow_get_remaining (BansouReportFlow     *flow);
gboolean      bansou_report_flow_is_page_empty (BansouReportFlow     *flow);
guint         bansou_report_flow_get_page      (BansouReportFlow     *flow);
/* Starts a new page, unless the current one is still empty. */
void          bansou_report_flow_break_page    (BansouReportFlow     *flow);
/* Breaks the page when less than @height is left: keeps a heading with
 * what follows it. */
void          bansou_report_flow_keep          (BansouReportFlow     *flow,
                                                double                height);
/* Vertical space; dropped at the top of a page. */
void          bansou_report_flow_skip          (BansouReportFlow     *flow,
                                                double                height);
/* Places a block at the cursor (on a new page when it does not fit) and
 * moves the cursor below it. @block_data is freed with @destroy when the
 * report goes. */
void          bansou_report_flow_add           (BansouReportFlow     *flow,
                                                double                height,
                                                BansouReportDrawFunc  draw,
                                                gpointer              block_data,
                                                GDestroyNotify        destroy);

G_END_DECLS
