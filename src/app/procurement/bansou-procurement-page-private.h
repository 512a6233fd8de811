/* bansou-procurement-page-private.h — shared by the page's files (and its test)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * bansou-procurement-page.c: the ledger, new projects, actions;
 * bansou-procurement-detail.c: one project (phases, supply chain,
 * questions, cost); bansou-procurement-participants.c: who takes part;
 * bansou-procurement-shares.c: the share table and its export.
 */
#pragma once

#include "bansou-core.h"
#include "bansou-cell-grid.h"
#include "bansou-procurement-item.h"
#include "bansou-procurement-page.h"

G_BEGIN_DECLS

struct _BansouProcurementPage
{
  AdwBin                 parent_instance;

  BansouContext         *context;
  BansouProcurements    *ledger;
  GListStore            *items;          /* BansouProcurementItem */
  GtkFilterListModel    *filtered;
  GtkSortListModel      *sorted;
  GtkCustomSorter       *sorter;         /* by sort_column of the ledger */
  int                    sort_column;
  gboolean               sort_descending;
  GtkSingleSelection    *selection;
  GtkCustomFilter       *filter;
  char                  *search;         /* case-folded, or NULL */
  GtkFileChooserNative  *chooser;
  GtkWindow             *add_window;     /* the body chooser, while open */
  GHashTable            *prefecture_names; /* two digits → 宮城県: read once, cells ask often */

  /* The detail of the selected project, rebuilt when it changes; the
   * first one after the ledger's first frame */
  gboolean               detail_deferred;
  GdkFrameClock         *frame_clock;
  gulong                 after_paint_id;
  GtkWidget             *detail;
  GtkWidget             *share_view;     /* the share table's column view, or NULL */
  GtkWidget             *share_error;    /* the label saying why there is no table, or NULL */

  /* Template widgets */
  GtkStack              *stack;
  AdwStatusPage         *empty_page;
  GtkPaned              *paned;
  GtkSearchEntry        *search_entry;
  GtkLabel              *count_label;
  BansouCellGrid        *ledger_view;
  GtkStack              *view_stack;     /* the ledger, or the matrix */
  BansouCellGrid        *matrix;
  GtkDropDown           *matrix_prefecture;
  GtkLabel              *matrix_status;
  GtkScrolledWindow     *detail_scroller;
  GtkBox                *detail_box;
};

/* bansou-procurement-page.c */
BansouProcurementItem *_bansou_procurement_page_get_selected (BansouProcurementPage *self);
void        _bansou_procurement_page_reload_one   (BansouProcurementPage *self,
                                                   const char            *id);
gboolean    _bansou_procurement_page_load         (BansouProcurementPage *self);
BansouProcurements *_bansou_procurement_page_get_ledger (BansouProcurementPage *self);
guint       _bansou_procurement_page_get_n_shown  (BansouProcurementPage *self);
const char *_bansou_procurement_page_prefecture_name (BansouProcurementPage *self,
                                                   const char            *code);

/* bansou-procurement-matrix.c */
void        _bansou_procurement_matrix_init       (BansouProcurementPage *self);
void        _bansou_procurement_matrix_invalidate (BansouProcurementPage *self);
void        _bansou_procurement_matrix_dispose    (BansouProcurementPage *self);

/* bansou-procurement-detail.c */
void        _bansou_procurement_detail_show       (BansouProcurementPage *self,
                                                   BansouProcurementItem *item);
gboolean    _bansou_procurement_detail_advance    (BansouProcurementPage *self,
                                                   BansouProcurementPhase phase,
                                                   const char            *on_date);
GtkWidget  *_bansou_procurement_phase_strip       (const BansouProject   *project);

/* bansou-procurement-participants.c: rows of the two tables, as indexes */
#define BANSOU_TYPE_ROW_REF (bansou_row_ref_get_type ())
G_DECLARE_FINAL_TYPE (BansouRowRef, bansou_row_ref, BANSOU, ROW_REF, GObject)

/* The text of one cell; sets *bold for the total row */
typedef char *(*BansouCellFunc) (gpointer  page,
                                 guint     index,
                                 guint     column,
                                 gboolean *bold);

GListModel *_bansou_row_refs_new                  (guint                  n);
guint       _bansou_row_ref_get_index             (gpointer               ref);
void        _bansou_procurement_add_column        (GtkColumnView         *view,
                                                   gpointer               page,
                                                   const char            *title,
                                                   guint                  column,
                                                   gboolean               numeric,
                                                   gboolean               expand,
                                                   BansouCellFunc         func);

GtkWidget  *_bansou_procurement_participants_new  (BansouProcurementPage *self,
                                                   BansouProcurementItem *item);
void        _bansou_procurement_page_add_participant (BansouProcurementPage *self);
void        _bansou_procurement_page_confirm_leave (BansouProcurementPage *self,
                                                   const char            *body);

/* bansou-procurement-shares.c */
GtkWidget  *_bansou_procurement_shares_new        (BansouProcurementPage *self,
                                                   BansouProcurementItem *item);
gboolean    _bansou_procurement_page_export       (BansouProcurementPage *self,
                                                   const char            *path,
                                                   gboolean               xlsx,
                                                   GError               **error);
void        _bansou_procurement_page_class_init_shares (GtkWidgetClass   *widget_class);
char       *_bansou_procurement_share_total_text  (BansouProcurementPage *self);

G_END_DECLS
