/* bansou-report-table.c — a table of the report, and its CSV form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-report"

#include "config.h"

#include <string.h>

#include "bansou-report-table.h"

static void
cell_clear (gpointer data)
{
  BansouReportCell *cell = data;

  g_clear_pointer (&cell->text, g_free);
}

/**
 * bansou_report_table_new:
 * @headers: (array zero-terminated=1): the column headers
 *
 * Returns: (transfer full): an empty table
 */
BansouReportTable *
bansou_report_table_new (const char         *id,
                         const char         *title,
                         const char * const *headers)
{
  BansouReportTable *table = g_new0 (BansouReportTable, 1);

  g_return_val_if_fail (id != NULL && headers != NULL && headers[0] != NULL, NULL);

  table->id = g_strdup (id);
  table->title = g_strdup (title ? title : id);
  table->headers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; headers[i]; i++)
    g_ptr_array_add (table->headers, g_strdup (headers[i]));
  table->cells = g_array_new (FALSE, TRUE, sizeof (BansouReportCell));
  g_array_set_clear_func (table->cells, cell_clear);

  return table;
}

void
bansou_report_table_free (BansouReportTable *table)
{
  if (table == NULL)
    return;
  g_free (table->id);
  g_free (table->title);
  g_ptr_array_unref (table->headers);
  g_array_unref (table->cells);
  g_free (table);
}

guint
bansou_report_table_get_n_columns (BansouReportTable *table)
{
  return table->headers->len;
}

/* A row that is being filled counts as a row. */
guint
bansou_report_table_get_n_rows (BansouReportTable *table)
{
  return (table->cells->len + table->headers->len - 1) / table->headers->len;
}

/**
 * bansou_report_table_get_cell:
 *
 * Returns: (transfer none): the cell; an empty one past the cells added
 */
const BansouReportCell *
bansou_report_table_get_cell (BansouReportTable *table,
                              guint              row,
                              guint              column)
{
  static const BansouReportCell empty = { BANSOU_REPORT_CELL_EMPTY, NULL, 0 };
  guint i = row * table->headers->len + column;

  g_return_val_if_fail (column < table->headers->len, &empty);

  if (i >= table->cells->len)
    return &empty;
  return &g_array_index (table->cells, BansouReportCell, i);
}

void
bansou_report_table_add_text (BansouReportTable *table,
                              const char        *text)
{
  BansouReportCell cell = { BANSOU_REPORT_CELL_TEXT, g_strdup (text ? text : ""), 0 };

  g_array_append_val (table->cells, cell);
}

/**
 * bansou_report_table_add_number:
 * @value: the number; a negative rate means "no data" and adds an empty cell
 */
void
bansou_report_table_add_number (BansouReportTable    *table,
                                BansouReportCellKind  kind,
                                double                value)
{
  BansouReportCell cell = { kind, NULL, value };

  g_return_if_fail (kind != BANSOU_REPORT_CELL_TEXT);

  if (kind == BANSOU_REPORT_CELL_PERCENT && value < 0)
    cell.kind = BANSOU_REPORT_CELL_EMPTY;
  g_array_append_val (table->cells, cell);
}

void
bansou_report_table_add_empty (BansouReportTable *table)
{
  BansouReportCell cell = { BANSOU_REPORT_CELL_EMPTY, NULL, 0 };

  g_array_append_val (table->cells, cell);
}

/* RFC 4180: quote a field holding a comma, a quote or a line break. */
static void
append_field (GString    *out,
              const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *c = text; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

static void
append_cell (GString                *out,
             const BansouReportCell *cell)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (cell->kind)
    {
    case BANSOU_REPORT_CELL_TEXT:
      append_field (out, cell->text);
      break;
    case BANSOU_REPORT_CELL_INTEGER:
      g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.0f", cell->value));
      break;
    case BANSOU_REPORT_CELL_PERCENT:
    case BANSOU_REPORT_CELL_POINTS:
      /* One decimal, as printed; "-0.0" would read oddly. */
      g_ascii_formatd (buf, sizeof buf, "%.1f", cell->value);
      g_string_append (out, g_str_equal (buf, "-0.0") ? "0.0" : buf);
      break;
    case BANSOU_REPORT_CELL_EMPTY:
    default:
      break;
    }
}

/**
 * bansou_report_table_to_csv:
 *
 * The table as Excel on a Japanese Windows opens it without asking: UTF-8
 * with a byte order mark, CRLF line ends, a header row.
 *
 * Returns: (transfer full): the CSV text
 */
char *
bansou_report_table_to_csv (BansouReportTable *table,
                            gsize             *length)
{
  GString *out = g_string_new ("\xEF\xBB\xBF");
  guint n_rows = bansou_report_table_get_n_rows (table);
  guint n_columns = table->headers->len;

  for (guint c = 0; c < n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      append_field (out, g_ptr_array_index (table->headers, c));
    }
  g_string_append (out, "\r\n");

  for (guint r = 0; r < n_rows; r++)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          append_cell (out, bansou_report_table_get_cell (table, r, c));
        }
      g_string_append (out, "\r\n");
    }

  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}
