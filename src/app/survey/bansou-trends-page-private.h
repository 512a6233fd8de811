/* bansou-trends-page-private.h — between the page's own files, and for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"
#include "bansou-trend-chart.h"
#include "bansou-trends-page.h"

G_BEGIN_DECLS

struct _BansouTrendsPage
{
  AdwBin              parent_instance;

  BansouContext      *context;
  BansouSurvey       *survey;

  GPtrArray          *rounds;      /* char * round ids, oldest first */
  GPtrArray          *tables;      /* BansouScoreTable per round */
  GtkStringList      *codes;       /* "" for the prefecture as a whole, then body codes */
  GHashTable         *bodies;      /* code → BansouBody */
  GtkCustomFilter    *body_filter;
  GtkSingleSelection *body_selection;
  char               *needle;
  char               *body_code;   /* shown; NULL for the prefecture */
  GPtrArray          *charts;      /* BansouTrendChart: overall, then categories */
  GPtrArray          *round_columns;
  GtkStringList      *questions;   /* question ids, catalog order */
  gboolean            dirty;
  guint               reload_source;

  /* Template widgets */
  GtkStack           *main_stack;
  GtkMenuButton      *body_button;
  GtkPopover         *body_popover;
  GtkSearchEntry     *body_search;
  GtkListView        *body_list;
  GtkLabel           *body_detail_label;
  GtkGrid            *charts_grid;
  GtkLabel           *questions_heading;
  GtkLabel           *questions_note;
  GtkColumnView      *question_view;
};

/* Between bansou-trends-page.c and bansou-trends-page-columns.c */
void              _bansou_trends_page_add_fixed_columns     (BansouTrendsPage *self);
void              _bansou_trends_page_rebuild_round_columns (BansouTrendsPage *self);
double            _bansou_trends_page_question_rate         (BansouTrendsPage *self,
                                                             guint             round,
                                                             guint             question);

/* For the tests */
/* @index: 0 for the overall score, 1 + category index for a category */
BansouTrendChart *_bansou_trends_page_get_chart         (BansouTrendsPage *self,
                                                         guint             index);
GtkColumnView    *_bansou_trends_page_get_question_view (BansouTrendsPage *self);
double            _bansou_trends_page_get_rate          (BansouTrendsPage *self,
                                                         guint             round,
                                                         guint             question);
void              _bansou_trends_page_flush             (BansouTrendsPage *self);

G_END_DECLS
