/* bansou-cell-grid.h — a table drawn as one widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  BANSOU_CELL_NORMAL  = 0,
  BANSOU_CELL_BOLD    = 1 << 0,  /* a total row */
  BANSOU_CELL_DIM     = 1 << 1,  /* a participation that ended */
  BANSOU_CELL_WARNING = 1 << 2,  /* a phase reached under an override */
  BANSOU_CELL_FILLED  = 1 << 3,  /* tinted: a body takes part */
} BansouCellFlags;

typedef struct
{
  const char *title;
  int         width;     /* pixels */
  gboolean    numeric;   /* right-aligned, tabular figures */
  gboolean    expand;    /* takes the width left over (one column) */
} BansouGridColumn;

/*
 * BansouCellGridFunc:
 * @detail: (out) (optional): a second line, for a grid of two lines
 *
 * Returns: (transfer full) (nullable): the text of the cell
 */
typedef char *(*BansouCellGridFunc) (gpointer         user_data,
                                     guint            row,
                                     guint            column,
                                     char           **detail,
                                     BansouCellFlags *flags);

#define BANSOU_TYPE_CELL_GRID (bansou_cell_grid_get_type ())

G_DECLARE_FINAL_TYPE (BansouCellGrid, bansou_cell_grid, BANSOU, CELL_GRID, GtkWidget)

GtkWidget *bansou_cell_grid_new              (void);
void       bansou_cell_grid_set_columns      (BansouCellGrid         *self,
                                              const BansouGridColumn *columns,
                                              guint                   n_columns,
                                              guint                   n_frozen);
guint      bansou_cell_grid_get_n_columns    (BansouCellGrid         *self);
const char *bansou_cell_grid_get_column_title (BansouCellGrid        *self,
                                              guint                   column);
void       bansou_cell_grid_set_func         (BansouCellGrid         *self,
                                              BansouCellGridFunc      func,
                                              gpointer                user_data,
                                              GDestroyNotify          destroy);
void       bansou_cell_grid_set_n_rows       (BansouCellGrid         *self,
                                              guint                   n_rows);
guint      bansou_cell_grid_get_n_rows       (BansouCellGrid         *self);
void       bansou_cell_grid_invalidate       (BansouCellGrid         *self);
void       bansou_cell_grid_set_row_mode     (BansouCellGrid         *self,
                                              gboolean                row_mode);
void       bansou_cell_grid_set_two_lines    (BansouCellGrid         *self,
                                              gboolean                two_lines);
void       bansou_cell_grid_set_sort_column  (BansouCellGrid         *self,
                                              int                     column,
                                              gboolean                descending);
void       bansou_cell_grid_set_cursor       (BansouCellGrid         *self,
                                              guint                   row,
                                              guint                   column);
gboolean   bansou_cell_grid_get_cursor       (BansouCellGrid         *self,
                                              guint                  *row,
                                              guint                  *column);
char      *bansou_cell_grid_describe_cursor  (BansouCellGrid         *self);
guint      bansou_cell_grid_get_n_drawn      (BansouCellGrid         *self);

G_END_DECLS
