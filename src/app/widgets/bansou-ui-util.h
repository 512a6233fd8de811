/* bansou-ui-util.h — small helpers the compliance pages share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gtk/gtk.h>

#include "bansou-core.h"

G_BEGIN_DECLS

void         bansou_ui_round_dropdown_init      (GtkDropDown  *dropdown,
                                                 BansouSurvey *survey);
BansouRound *bansou_ui_round_dropdown_get_round (GtkDropDown  *dropdown);
gboolean     bansou_ui_round_dropdown_select    (GtkDropDown  *dropdown,
                                                 const char   *round);

char        *bansou_ui_round_short_label        (const char   *round);
char        *bansou_ui_format_percent           (double        fraction);
char        *bansou_ui_format_baseline          (double        percent);
char        *bansou_ui_format_date              (const char   *iso);
char        *bansou_ui_error_message            (const GError *error);
void         bansou_ui_init_tooltips            (void);
GtkLabel    *_bansou_ui_get_tooltip_label       (void);
const char  *bansou_ui_status_short_label       (BansouStatus  status);
const char  *bansou_ui_status_css_class         (BansouStatus  status);
const char  *bansou_ui_progress_css_class       (BansouProgress state);
char        *bansou_ui_default_round_date       (void);
/* A framed, wrapping text view of at least @height pixels, scrolling
 * down, holding @text (nullable); @out its view. Tab moves the focus. */
GtkWidget   *bansou_ui_text_area                (GtkTextView **out,
                                                 const char   *text,
                                                 int           height);
/* The whole text of @view. (transfer full) */
char        *bansou_ui_text_view_get_text       (GtkTextView  *view);

/* One column of a GtkColumnView whose items are GObjects that notify
 * when they change: the cell is made once, filled on bind, and refilled
 * on the item's notify while it is shown — no property bindings per cell. */
typedef struct
{
  const char        *id;
  const char        *title;                 /* N_() */
  GtkWidget       *(*create) (void);
  void             (*update) (GtkWidget *cell,
                              gpointer   item);
  GCompareDataFunc   compare;               /* the column's sorter */
  gboolean           expand;
} BansouColumn;

#define BANSOU_COLUMN_UPDATE(f) ((void (*) (GtkWidget *, gpointer)) (f))

void         bansou_ui_column_view_add_columns  (GtkColumnView      *view,
                                                 const BansouColumn *columns,
                                                 guint               n_columns);

G_END_DECLS
