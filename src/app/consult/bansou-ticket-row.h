/* bansou-ticket-row.h — one row of the 相談 queue, drawn as one widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gtk/gtk.h>

#include "bansou-ticket-item.h"

G_BEGIN_DECLS

typedef enum
{
  TICKET_COLUMN_NUMBER,
  TICKET_COLUMN_RECEIVED,
  TICKET_COLUMN_BODY,
  TICKET_COLUMN_SUBJECT,      /* takes the width left */
  TICKET_COLUMN_CATEGORY,
  TICKET_COLUMN_PRIORITY,
  TICKET_COLUMN_STATE,
  TICKET_COLUMN_ASSIGNEE,
  TICKET_COLUMN_SLA,
  TICKET_N_COLUMNS
} TicketColumn;

/* The text of a cell, and the style class of its colour (nullable:
 * "success", "warning", "error", "dim-label"). */
typedef char *(*TicketCellText) (BansouTicketItem *item,
                                 TicketColumn      column,
                                 const char      **css_class);

#define BANSOU_TYPE_TICKET_ROW (bansou_ticket_row_get_type ())

G_DECLARE_FINAL_TYPE (BansouTicketRow, bansou_ticket_row, BANSOU, TICKET_ROW, GtkWidget)

/* @widths: TICKET_N_COLUMNS widths in pixels (the subject's is its
 * minimum), shared with the header and kept by the caller. */
GtkWidget        *bansou_ticket_row_new      (const int        *widths,
                                              TicketCellText    text);
void              bansou_ticket_row_set_item (BansouTicketRow  *self,
                                              BansouTicketItem *item);
BansouTicketItem *bansou_ticket_row_get_item (BansouTicketRow  *self);
/* The columns' x offsets for a row @width wide (TICKET_N_COLUMNS + 1). */
void              bansou_ticket_row_layout   (const int        *widths,
                                              int               width,
                                              int              *x);

G_END_DECLS
