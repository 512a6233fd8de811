/* bansou-report-xlsx.c — the report's tables as an Excel workbook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Built only with libxlsxwriter (HAVE_XLSXWRITER); without it the core
 * still builds and bansou_report_write_xlsx() says so.
 */
#define G_LOG_DOMAIN "bansou-report"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bansou-report-private.h"

#ifdef HAVE_XLSXWRITER

#include <xlsxwriter.h>

/* Excel's rules for sheet names: 31 characters, none of []:*?/\ */
static char *
sheet_name (const char *title,
            GHashTable *used)
{
  g_autoptr(GString) name = g_string_new (NULL);
  glong n = 0;

  for (const char *p = title; *p && n < 28; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (strchr ("[]:*?/\\", (int) c) != NULL && c < 0x80)
        g_string_append_c (name, '_');
      else
        g_string_append_unichar (name, c);
    }
  if (name->len == 0)
    g_string_append (name, "Sheet");

  /* Keep names unique, as Excel requires */
  for (guint i = 2; g_hash_table_contains (used, name->str); i++)
    {
      g_autofree char *base = g_utf8_substring (title, 0, 26);
      g_string_printf (name, "%s %u", base, i);
    }
  g_hash_table_add (used, g_strdup (name->str));

  return g_string_free (g_steal_pointer (&name), FALSE);
}

gboolean
_bansou_report_write_xlsx_tables (GPtrArray   *tables,
                                  const char  *path,
                                  GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *display = g_filename_display_name (path);
  lxw_workbook *workbook;
  lxw_format *head, *percent, *points, *integer;
  lxw_error err;

  workbook = workbook_new (tmp);
  if (workbook == NULL)
    {
      g_set_error (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_WRITE,
                   _("Could not write %s: %s"), display, g_strerror (errno));
      return FALSE;
    }

  head = workbook_add_format (workbook);
  format_set_bold (head);
  format_set_bg_color (head, 0xEEF1F5);
  format_set_bottom (head, LXW_BORDER_THIN);
  format_set_text_wrap (head);
  format_set_align (head, LXW_ALIGN_VERTICAL_CENTER);
  percent = workbook_add_format (workbook);
  format_set_num_format (percent, "0.0%");
  points = workbook_add_format (workbook);
  format_set_num_format (points, "+0.0;-0.0;0.0");
  integer = workbook_add_format (workbook);
  format_set_num_format (integer, "#,##0");

  for (guint t = 0; t < tables->len; t++)
    {
      BansouReportTable *table = g_ptr_array_index (tables, t);
      g_autofree char *name = sheet_name (table->title, used);
      lxw_worksheet *sheet = workbook_add_worksheet (workbook, name);
      guint n_columns = bansou_report_table_get_n_columns (table);
      guint n_rows = bansou_report_table_get_n_rows (table);
      g_autofree double *widths = g_new0 (double, n_columns);

      for (guint c = 0; c < n_columns; c++)
        {
          const char *header = g_ptr_array_index (table->headers, c);

          worksheet_write_string (sheet, 0, c, header, head);
          /* Japanese characters take two columns of width */
          widths[c] = MAX (widths[c], MIN (g_utf8_strlen (header, -1) * 2.0 + 2, 24));
        }

      for (guint r = 0; r < n_rows; r++)
        for (guint c = 0; c < n_columns; c++)
          {
            const BansouReportCell *cell = bansou_report_table_get_cell (table, r, c);

            switch (cell->kind)
              {
              case BANSOU_REPORT_CELL_TEXT:
                worksheet_write_string (sheet, r + 1, c, cell->text, NULL);
                widths[c] = MAX (widths[c], MIN (g_utf8_strlen (cell->text, -1) * 2.0 + 2, 60));
                break;
              case BANSOU_REPORT_CELL_INTEGER:
                worksheet_write_number (sheet, r + 1, c, cell->value, integer);
                widths[c] = MAX (widths[c], 8);
                break;
              case BANSOU_REPORT_CELL_PERCENT:
                /* Excel keeps rates as fractions shown with a % format */
                worksheet_write_number (sheet, r + 1, c, cell->value / 100.0, percent);
                widths[c] = MAX (widths[c], 9);
                break;
              case BANSOU_REPORT_CELL_POINTS:
                worksheet_write_number (sheet, r + 1, c, cell->value, points);
                widths[c] = MAX (widths[c], 9);
                break;
              case BANSOU_REPORT_CELL_EMPTY:
              default:
                break;
              }
          }

      for (guint c = 0; c < n_columns; c++)
        worksheet_set_column (sheet, c, c, widths[c], NULL);
      worksheet_freeze_panes (sheet, 1, 0);
    }

  err = workbook_close (workbook);
  if (err != LXW_NO_ERROR)
    {
      g_unlink (tmp);
      g_set_error (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_WRITE,
                   _("Could not write %s: %s"), display, lxw_strerror (err));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_WRITE,
                   _("Could not write %s: %s"), display, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

#else /* !HAVE_XLSXWRITER */

gboolean
_bansou_report_write_xlsx_tables (GPtrArray   *tables,
                                  const char  *path,
                                  GError     **error)
{
  g_set_error_literal (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_UNSUPPORTED,
                       _("This build of Bansō cannot write .xlsx files (libxlsxwriter is missing)"));
  return FALSE;
}

#endif
