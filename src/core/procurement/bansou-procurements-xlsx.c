/* bansou-procurements-xlsx.c — the share table as an Excel workbook
 *
 * Numbers stay numbers (yen with a 円 format, days as counts) so that a
 * finance department can add them up again; the facts of the split sit
 * above the table and the rounding rule below it, as on the page.
 * Built only with libxlsxwriter (HAVE_XLSXWRITER), as the report is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-procurement"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bansou-procurements-export-private.h"

#ifdef HAVE_XLSXWRITER

#include <xlsxwriter.h>

gboolean
bansou_share_table_can_write_xlsx (void)
{
  return TRUE;
}

static void
write_cell (lxw_worksheet   *sheet,
            guint            r,
            guint            c,
            const ShareCell *cell,
            lxw_format      *yen,
            lxw_format      *count,
            lxw_format      *text)
{
  switch (cell->kind)
    {
    case SHARE_CELL_TEXT:
      worksheet_write_string (sheet, r, c, cell->text, text);
      break;
    case SHARE_CELL_COUNT:
      worksheet_write_number (sheet, r, c, (double) cell->value, count);
      break;
    case SHARE_CELL_YEN:
      /* Exact: every amount is below 2^53 (at most 10^12 yen) */
      worksheet_write_number (sheet, r, c, (double) cell->value, yen);
      break;
    case SHARE_CELL_EMPTY:
    default:
      if (text != NULL)
        worksheet_write_blank (sheet, r, c, text);
      break;
    }
}

/**
 * bansou_share_table_write_xlsx:
 * @registry: (nullable): for the prefectures' names
 *
 * Writes the share table to @path (through a temporary file beside it,
 * so a failed export leaves no half file).
 */
gboolean
bansou_share_table_write_xlsx (const BansouShareTable *table,
                               BansouRegistry         *registry,
                               const char             *path,
                               GError                **error)
{
  g_autoptr(ShareSheet) sheet = _bansou_share_sheet_new (table, registry);
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  g_autofree char *display = g_filename_display_name (path);
  g_autofree double *widths = g_new0 (double, sheet->n_columns);
  guint n_rows = sheet->cells->len / sheet->n_columns;
  lxw_workbook *workbook;
  lxw_worksheet *ws;
  lxw_format *head, *yen, *count, *bold, *total_yen, *total_text, *rule;
  lxw_error err;
  guint r = 0, table_top;

  workbook = workbook_new (tmp);
  if (workbook == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not write %s: %s"), display, g_strerror (errno));
      return FALSE;
    }

  head = workbook_add_format (workbook);
  format_set_bold (head);
  format_set_bg_color (head, 0xEEF1F5);
  format_set_bottom (head, LXW_BORDER_THIN);
  format_set_text_wrap (head);
  format_set_align (head, LXW_ALIGN_VERTICAL_CENTER);
  yen = workbook_add_format (workbook);
  format_set_num_format (yen, "#,##0\"円\"");
  count = workbook_add_format (workbook);
  format_set_num_format (count, "#,##0");
  bold = workbook_add_format (workbook);
  format_set_bold (bold);
  total_yen = workbook_add_format (workbook);
  format_set_num_format (total_yen, "#,##0\"円\"");
  format_set_bold (total_yen);
  format_set_top (total_yen, LXW_BORDER_THIN);
  total_text = workbook_add_format (workbook);
  format_set_bold (total_text);
  format_set_top (total_text, LXW_BORDER_THIN);
  rule = workbook_add_format (workbook);
  format_set_text_wrap (rule);
  format_set_align (rule, LXW_ALIGN_VERTICAL_TOP);
  format_set_font_size (rule, 9);

  ws = workbook_add_worksheet (workbook, _("Shares"));

  /* The facts of the split */
  for (guint f = 0; f + 1 < sheet->facts->len; f += 2, r++)
    {
      write_cell (ws, r, 0, &g_array_index (sheet->facts, ShareCell, f), yen, count, bold);
      write_cell (ws, r, 2, &g_array_index (sheet->facts, ShareCell, f + 1), yen, count, NULL);
    }
  r++;

  table_top = r;
  for (guint c = 0; c < sheet->n_columns; c++)
    {
      const char *header = g_ptr_array_index (sheet->headers, c);

      worksheet_write_string (ws, r, c, header, head);
      /* Japanese characters take two columns of width */
      widths[c] = MAX (widths[c], MIN (g_utf8_strlen (header, -1) * 2.0 + 2, 24));
    }
  r++;

  for (guint i = 0; i < n_rows; i++, r++)
    {
      gboolean total = i + 1 == n_rows;

      for (guint c = 0; c < sheet->n_columns; c++)
        {
          const ShareCell *cell = &g_array_index (sheet->cells, ShareCell, i * sheet->n_columns + c);

          write_cell (ws, r, c, cell, total ? total_yen : yen, count, total ? total_text : NULL);
          if (cell->kind == SHARE_CELL_TEXT)
            widths[c] = MAX (widths[c], MIN (g_utf8_strlen (cell->text, -1) * 2.0 + 2, 40));
          else if (cell->kind == SHARE_CELL_YEN)
            widths[c] = MAX (widths[c], 16);
          else
            widths[c] = MAX (widths[c], 8);
        }
    }

  /* The rounding rule, under the table as on the page */
  r++;
  worksheet_merge_range (ws, r, 0, r, sheet->n_columns - 1, bansou_cost_split_rule_text (), rule);
  worksheet_set_row (ws, r, 66, NULL);

  for (guint c = 0; c < sheet->n_columns; c++)
    worksheet_set_column (ws, c, c, widths[c], NULL);
  worksheet_freeze_panes (ws, table_top + 1, 0);
  worksheet_set_landscape (ws);
  worksheet_fit_to_pages (ws, 1, 0);
  worksheet_repeat_rows (ws, table_top, table_top);

  err = workbook_close (workbook);
  if (err != LXW_NO_ERROR)
    {
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write %s: %s"), display, lxw_strerror (err));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write %s: %s"), display, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

#else /* !HAVE_XLSXWRITER */

gboolean
bansou_share_table_can_write_xlsx (void)
{
  return FALSE;
}

gboolean
bansou_share_table_write_xlsx (const BansouShareTable *table,
                               BansouRegistry         *registry,
                               const char             *path,
                               GError                **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("This build of Bansō cannot write .xlsx files (libxlsxwriter is missing)"));
  return FALSE;
}

#endif
