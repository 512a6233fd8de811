/* bansou-procurements-export-private.h — the share table as rows of cells,
 * shared by the CSV and the .xlsx writer of this folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-procurements-read.h"

G_BEGIN_DECLS

typedef enum
{
  SHARE_CELL_EMPTY,
  SHARE_CELL_TEXT,
  SHARE_CELL_COUNT,  /* days */
  SHARE_CELL_YEN,
} ShareCellKind;

typedef struct
{
  ShareCellKind  kind;
  char          *text;
  gint64         value;
} ShareCell;

typedef struct
{
  GPtrArray *headers;      /* char * */
  GArray    *cells;        /* ShareCell, row after row; the last row is the total */
  guint      n_columns;
  GArray    *facts;        /* ShareCell: label, value pairs for the top of the sheet */
} ShareSheet;

ShareSheet *_bansou_share_sheet_new  (const BansouShareTable *table,
                                      BansouRegistry         *registry);
void        _bansou_share_sheet_free (ShareSheet             *sheet);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShareSheet, _bansou_share_sheet_free)

G_END_DECLS
