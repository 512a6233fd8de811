/* bansou-report-private.h — shared by the report's own files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-body.h"
#include "bansou-report.h"
#include "bansou-report-section.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/* The data, loaded once                                                    */

/* Scores and rates follow the score module (bansou-score.h,
 * docs/scoring.md), in % here (0–100), -1 without data:
 *  - a score counts 一部実施 as half; a body's scores pool its answers, the
 *    scope's category and overall scores are means over its bodies;
 *  - an implementation rate is the share of 実施済み among counted answers:
 *    the national survey's figure, so the one set against the baseline
 *    (on the key questions, those with a national rate). */
typedef struct
{
  BansouBody     *body;
  char           *name;           /* as printed in the body's own row */
  char           *full_name;      /* national reports: 広島県府中市 (names repeat across prefectures) */
  guint           group;          /* index into data->groups */
  guint8         *status;         /* BansouStatus per catalog question */
  BansouProgress  progress;
  double          score;          /* overall */
  double          score_prev;     /* in the previous round */
  double         *category_score;
} BansouReportBody;

typedef struct
{
  char  *name;     /* 広島県; the scope's name in a prefecture report */
  guint  first;    /* index of its first body */
  guint  n_bodies;
} BansouReportGroup;

struct _BansouReportData
{
  BansouStore       *store;             /* for sections that read more: never while drawing */
  BansouCatalog     *catalog;
  BansouReportFlags  flags;
  char              *scope;
  char              *scope_name;        /* 広島県, or 全国 */
  gboolean           national;
  char              *round_id;
  char              *round_label;       /* 令和7年10月末時点 (2025-10-31) */
  char              *previous_round_id; /* nullable */
  char              *previous_label;    /* nullable */
  GDateTime         *generated_at;
  char              *generated_label;   /* 令和8年2月3日 14:05 */

  GPtrArray         *bodies;            /* BansouReportBody */
  GPtrArray         *groups;            /* BansouReportGroup: prefectures, or just one */
  guint              n_questions;
  guint              n_categories;
  guint              n_key_questions;
  guint             *question_position; /* within its category, from 1: question 5.3 */

  double            *question_score;
  double            *question_score_prev;
  double            *question_rate;
  double            *question_baseline;  /* %: live from bansou-server, else the catalog’s; -1 none */
  guint             *question_counts;   /* n_questions × BANSOU_N_STATUSES */
  double            *category_score;
  double            *category_score_prev;
  double            *category_key_rate;
  double            *category_baseline;
  double             score;
  double             score_prev;
  double             key_rate;          /* over every key question */
  double             key_rate_prev;
  double             baseline;
  guint              progress_counts[BANSOU_N_PROGRESS];
  guint              n_answered;        /* cells with an answer */
};

BansouReportData *_bansou_report_data_load  (BansouStore               *store,
                                             BansouCatalog             *catalog,
                                             const char                *scope,
                                             const char                *round_id,
                                             const BansouReportOptions *options,
                                             GError                   **error);
void              _bansou_report_data_free  (BansouReportData          *data);

/* ------------------------------------------------------------------------ */
/* Typography and drawing                                                   */

#define REPORT_FONT_FAMILY "Noto Sans CJK JP"

#define REPORT_MARGIN_LEFT   51.0   /* 18 mm */
#define REPORT_MARGIN_RIGHT  51.0
#define REPORT_MARGIN_TOP    62.0   /* below the running header */
#define REPORT_MARGIN_BOTTOM 56.0   /* above the running footer */

typedef enum
{
  REPORT_STYLE_TITLE,      /* the document title, page 1 */
  REPORT_STYLE_SUBTITLE,
  REPORT_STYLE_HEADING,    /* a section */
  REPORT_STYLE_SUBHEADING,
  REPORT_STYLE_BODY,
  REPORT_STYLE_BODY_BOLD,
  REPORT_STYLE_SMALL,      /* notes, captions */
  REPORT_STYLE_TABLE,
  REPORT_STYLE_TABLE_HEAD,
  REPORT_STYLE_FIGURE,     /* big numbers in the summary */
  REPORT_STYLE_RUNNING,    /* header and footer */
  REPORT_STYLE_TINY,       /* heatmap rows */
  REPORT_STYLE_TINY_BOLD,
  REPORT_N_STYLES
} ReportStyle;

/* Colours, 0xRRGGBB */
#define REPORT_INK        0x1a1a1a
#define REPORT_INK_MUTED  0x5c5c5c
#define REPORT_RULE       0x8c8c8c
#define REPORT_RULE_LIGHT 0xcfcfcf
#define REPORT_BAND       0xeef1f5   /* table headers */
#define REPORT_ACCENT     0x1f4e79   /* headings, bars */
#define REPORT_UP         0x1f6f43   /* ▲ better */
#define REPORT_DOWN       0xb2361b   /* ▼ worse */

PangoContext *_bansou_report_context_new      (cairo_t       *cr);
PangoLayout  *_bansou_report_layout           (PangoContext  *context,
                                               ReportStyle    style,
                                               const char    *markup,
                                               double         width,
                                               PangoAlignment align);
double        _bansou_report_layout_height    (PangoLayout   *layout);
double        _bansou_report_layout_width     (PangoLayout   *layout);
double        _bansou_report_style_size       (ReportStyle    style);
void          _bansou_report_show             (cairo_t       *cr,
                                               PangoLayout   *layout,
                                               double         x,
                                               double         y);
double        _bansou_report_show_text        (cairo_t       *cr,
                                               PangoContext  *context,
                                               ReportStyle    style,
                                               const char    *markup,
                                               double         x,
                                               double         y,
                                               double         width,
                                               PangoAlignment align);
void          _bansou_report_set_color        (cairo_t       *cr,
                                               guint32        rgb);
void          _bansou_report_hrule            (cairo_t       *cr,
                                               double         x0,
                                               double         x1,
                                               double         y,
                                               double         line_width,
                                               guint32        rgb);
guint32       _bansou_report_status_color     (BansouStatus   status);
char         *_bansou_report_format_rate      (double         rate);
char         *_bansou_report_format_change    (double         points,
                                               gboolean       markup);

/* A paragraph that may run over pages, cut between lines. */
void          _bansou_report_flow_add_text    (BansouReportFlow *flow,
                                               ReportStyle       style,
                                               const char       *markup,
                                               double            indent,
                                               guint32           color);
void          _bansou_report_flow_add_paragraph (BansouReportFlow *flow,
                                                 ReportStyle       style,
                                                 const char       *markup,
                                                 double            indent,
                                                 double            hang,
                                                 guint32           color);
/* A heading kept with at least @keep points of what follows. */
void          _bansou_report_flow_add_heading (BansouReportFlow *flow,
                                               ReportStyle       style,
                                               const char       *text,
                                               double            keep);

/* ------------------------------------------------------------------------ */
/* Tables drawn in the report, cut between rows over pages, with the header
 * row repeated.                                                            */

typedef enum
{
  REPORT_GRID_TEXT,
  REPORT_GRID_NUMBER,  /* right-aligned, tabular figures */
  REPORT_GRID_BAR,     /* a horizontal bar for a rate, with a baseline tick */
} ReportGridKind;

typedef struct _ReportGrid ReportGrid;

ReportGrid   *_bansou_report_grid_new         (void);
void          _bansou_report_grid_add_column  (ReportGrid     *grid,
                                               const char     *title,
                                               double          width,
                                               ReportGridKind  kind);
/* Markup for TEXT and NUMBER cells; for BAR cells, the rate and the
 * baseline tick (-1: none). */
void          _bansou_report_grid_add_cell    (ReportGrid     *grid,
                                               const char     *markup);
void          _bansou_report_grid_add_bar     (ReportGrid     *grid,
                                               double          rate,
                                               double          marker);
/* The last row added is a total: set in bold above a rule. */
void          _bansou_report_grid_set_total_row (ReportGrid   *grid);
void          _bansou_report_grid_hide_header (ReportGrid     *grid);
void          _bansou_report_flow_add_grid    (BansouReportFlow *flow,
                                               ReportGrid       *grid);
guint         _bansou_report_grid_fit         (ReportGrid       *grid,
                                               BansouReportFlow *flow,
                                               double            height);

/* ------------------------------------------------------------------------ */
/* The built-in sections                                                    */

BansouReportSection *_bansou_report_summary_section_new    (BansouReportData *data);
BansouReportSection *_bansou_report_categories_section_new (BansouReportData *data);
BansouReportSection *_bansou_report_heatmap_section_new    (BansouReportData *data);
BansouReportSection *_bansou_report_weakest_section_new    (BansouReportData *data);
BansouReportSection *_bansou_report_profiles_section_new   (BansouReportData *data);
BansouReportSection *_bansou_report_procurement_section_new (BansouReportData *data);
/* 支援効果, bansou-report-support.c: NULL without support actions */
BansouReportSection *_bansou_report_support_section_new    (BansouReportData *data);
BansouReportSection *_bansou_report_consult_section_new    (BansouReportData *data);


/* "5.3": category 5, its third question, as the heatmap numbers columns */
char         *_bansou_report_question_number   (BansouReportData *data,
                                                BansouQuestion   *question);

/* The weakest questions, by rate: indexes into the catalog. */
GArray       *_bansou_report_weakest_questions (BansouReportData *data,
                                                guint             n);

gboolean      _bansou_report_write_xlsx_tables (GPtrArray  *tables,
                                                const char *path,
                                                GError    **error);

G_END_DECLS
