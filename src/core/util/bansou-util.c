/* bansou-util.c — small helpers that belong to no domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Each of these was written several times before; a domain rule (body
 * codes, fiscal years, overdue) lives in its own room instead, not here.
 */
#define G_LOG_DOMAIN "bansou-util"

#include "config.h"

#include <string.h>

#include "bansou-util.h"

/**
 * bansou_str_is_blank:
 * @str: (nullable): UTF-8 text
 *
 * Returns: %TRUE if @str is %NULL, empty or only white space, counting
 *   the ideographic space (U+3000) Japanese input methods type
 */
gboolean
bansou_str_is_blank (const char *str)
{
  for (; str != NULL && *str != '\0'; str = g_utf8_next_char (str))
    if (!g_unichar_isspace (g_utf8_get_char (str)))
      return FALSE;
  return TRUE;
}

/**
 * bansou_format_count:
 *
 * Japanese groups digits by three with commas, whatever the C library's
 * locale thinks, so this does not use the locale's grouping.
 *
 * Returns: (transfer full): "1,741", "-12,000", "0"
 */
char *
bansou_format_count (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  const char *d = digits;
  GString *out = g_string_sized_new (32);
  gsize len;

  if (*d == '-')
    g_string_append_c (out, *d++);
  len = strlen (d);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, d[i]);
    }
  return g_string_free (out, FALSE);
}

/**
 * bansou_now_iso:
 *
 * The form every stored and exchanged time stamp takes (updated_at,
 * synced_at, the server's changes): UTC to the second, so that stamps
 * compare as strings.
 *
 * Returns: (transfer full): e.g. "2026-12-01T22:42:25Z"
 */
char *
bansou_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * bansou_checksum_rows:
 * @stmt: a prepared, bound statement; stepped to its end here
 * @rc: (out) (optional): the last sqlite3_step() result, %SQLITE_DONE
 *   when every row was read
 *
 * A SHA-256 over every column of every row, in the statement's order:
 * each field followed by a tab, each row by a line feed, and NULL marked
 * with a byte text never holds, so that NULL and "" differ. The workbench
 * and the server compare their answers with it; the statement decides
 * which rows and fields count.
 *
 * Returns: (transfer full) (nullable): the sum in hex, or %NULL if a step
 *   failed (see @rc; the caller maps the error)
 */
char *
bansou_checksum_rows (sqlite3_stmt *stmt,
                      int          *rc)
{
  g_autoptr(GChecksum) sum = NULL;
  int n_columns;
  int step;

  g_return_val_if_fail (stmt != NULL, NULL);

  sum = g_checksum_new (G_CHECKSUM_SHA256);
  n_columns = sqlite3_column_count (stmt);
  while ((step = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int col = 0; col < n_columns; col++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, col);

          if (text == NULL)
            g_checksum_update (sum, (const guchar *) "\1", 1);
          else
            g_checksum_update (sum, (const guchar *) text, -1);
          g_checksum_update (sum, (const guchar *) "\t", 1);
        }
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }

  if (rc != NULL)
    *rc = step;
  if (step != SQLITE_DONE)
    return NULL;
  return g_strdup (g_checksum_get_string (sum));
}
