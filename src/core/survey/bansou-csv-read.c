/* bansou-csv-read.c — reading CSV as Japanese Excel writes it, and loose dates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The encodings (UTF-8 with or without a byte-order mark, Shift_JIS as
 * CP932), RFC 4180 records with CRLF line ends and quoted line breaks,
 * writing one record, and dates as people write them (2025/4/1,
 * 令和7年4月1日). The answers import and export are in bansou-csv.c.
 */
#define G_LOG_DOMAIN "bansou-csv"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-csv.h"
#include "bansou-survey-private.h"
#include "bansou-wareki.h"

/* ------------------------------------------------------------------------ */
/* Text helpers                                                             */

/* NFKC folds full-width digits, slashes and spaces (２０２５／４／１) and
 * the 令和 ligature; then surrounding white space goes. */
char *
_bansou_csv_normalize (const char *text)
{
  g_autofree char *nfkc = g_utf8_normalize (text ? text : "", -1, G_NORMALIZE_NFKC);
  return g_strstrip (g_steal_pointer (&nfkc));
}

/* ------------------------------------------------------------------------ */
/* Dates                                                                    */

static gboolean
parse_uint (const char *text,
            guint64     max,
            guint64    *out)
{
  return *text != '\0' && g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

static GDate *
date_from_parts (guint64 y,
                 guint64 m,
                 guint64 d)
{
  if (y < 1900 || y > 2999 || !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_date_new_dmy (d, m, y);
}

/* "2025-04-01", "2025/4/1", "2025.4.1", optionally followed by a time
 * (Excel writes "2025/04/01 0:00" for a cell it took for a date). */
static GDate *
parse_western (const char *text)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *date_part = NULL;
  const char *space = strchr (text, ' ');
  guint64 y, m, d;

  date_part = space ? g_strndup (text, space - text) : g_strdup (text);
  g_strdelimit (date_part, "/.", '-');
  parts = g_strsplit (date_part, "-", -1);

  if (g_strv_length (parts) != 3 || strlen (parts[0]) != 4 ||
      strlen (parts[1]) > 2 || strlen (parts[2]) > 2 ||
      !parse_uint (parts[0], 9999, &y) || !parse_uint (parts[1], 12, &m) || !parse_uint (parts[2], 31, &d))
    return NULL;

  return date_from_parts (y, m, d);
}

/* 令和7年4月1日, 令和元年5月1日, 平成31年4月30日, R7.4.1, H31/4/30. */
static GDate *
parse_wareki (const char *text)
{
  static const struct {
    const char *name;
    const char *letter;
    int         offset;   /* year 1 of the era, less one */
  } eras[] = {
    { "令和", "R", 2018 },
    { "平成", "H", 1988 },
    { "昭和", "S", 1925 },
  };
  g_autofree char *rest = NULL;
  g_auto(GStrv) parts = NULL;
  guint64 n, m, d;
  int offset = -1;
  gboolean kanji = FALSE;
  const char *p = text;

  for (guint i = 0; i < G_N_ELEMENTS (eras); i++)
    {
      if (g_str_has_prefix (p, eras[i].name))
        {
          offset = eras[i].offset;
          p += strlen (eras[i].name);
          kanji = TRUE;
          break;
        }
      if (g_ascii_toupper (*p) == eras[i].letter[0] && g_ascii_isdigit (p[1]))
        {
          offset = eras[i].offset;
          p += 1;
          break;
        }
    }
  if (offset < 0)
    return NULL;

  if (kanji)
    {
      /* 7年4月1日 → "7-4-1"; 元年 is year 1 */
      GString *s = g_string_new (NULL);

      if (g_str_has_prefix (p, "元"))
        {
          g_string_append_c (s, '1');
          p += strlen ("元");
        }
      for (; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c == 0x5E74 /* 年 */ || c == 0x6708 /* 月 */)
            g_string_append_c (s, '-');
          else if (c == 0x65E5 /* 日 */)
            {
              if (p[strlen ("日")] != '\0')
                {
                  g_string_free (s, TRUE);
                  return NULL;
                }
            }
          else if (c < 0x80 && g_ascii_isdigit (c))
            g_string_append_c (s, (char) c);
          else
            {
              g_string_free (s, TRUE);
              return NULL;
            }
        }
      rest = g_string_free (s, FALSE);
    }
  else
    {
      rest = g_strdup (p);
      g_strdelimit (rest, "/.", '-');
    }

  parts = g_strsplit (rest, "-", -1);
  if (g_strv_length (parts) != 3 ||
      !parse_uint (parts[0], 99, &n) || n == 0 ||
      !parse_uint (parts[1], 12, &m) || !parse_uint (parts[2], 31, &d))
    return NULL;

  return date_from_parts (offset + n, m, d);
}

/**
 * bansou_date_parse_loose:
 * @text: a date as people and Excel write it: 2025-04-01, 2025/4/1,
 *   2025.4.1, 令和7年4月1日, 令和元年5月1日, R7.4.1, full-width digits
 *
 * Returns: (transfer full) (nullable): the date, or %NULL
 */
GDate *
bansou_date_parse_loose (const char *text)
{
  g_autofree char *t = _bansou_csv_normalize (text);

  if (*t == '\0')
    return NULL;
  if (g_ascii_isdigit (*t))
    return parse_western (t);
  return parse_wareki (t);
}

/* ------------------------------------------------------------------------ */
/* Reading CSV                                                              */

/**
 * bansou_csv_decode:
 * @data: the bytes of a file
 *
 * Detects the encoding: a UTF-8 byte-order mark, valid UTF-8, or else
 * Shift_JIS as Windows writes it (CP932).
 *
 * Returns: (transfer full): the text in UTF-8 without byte-order mark, or
 *   %NULL with %BANSOU_CSV_ERROR_ENCODING
 */
char *
bansou_csv_decode (const char  *data,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *text = NULL;
  gsize written = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error_literal (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_ENCODING,
                           _("The file is not a text file"));
      return NULL;
    }

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      if (!g_utf8_validate_len (data + 3, length - 3, NULL))
        {
          g_set_error_literal (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_ENCODING,
                               _("The file says it is UTF-8 but is not"));
          return NULL;
        }
      return g_strndup (data + 3, length - 3);
    }

  if (g_utf8_validate_len (data, length, NULL))
    return g_strndup (data, length);

  text = g_convert (data, length, "UTF-8", "CP932", NULL, &written, &local);
  if (text == NULL)
    {
      g_set_error_literal (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_ENCODING,
                           _("The file is neither UTF-8 nor Shift_JIS text"));
      return NULL;
    }

  return g_steal_pointer (&text);
}

/**
 * bansou_csv_parse:
 * @text: UTF-8 text
 *
 * Splits RFC 4180 CSV into records: cells separated by commas, quoted
 * cells holding commas, doubled quotes and line breaks (CRLF inside a cell
 * becomes LF, as the app stores them), records ending in CRLF, LF or CR. A
 * quote that breaks the rules is an error, not guessed at.
 *
 * Returns: (transfer full) (element-type GStrv): the records, or %NULL with
 *   %BANSOU_CSV_ERROR_SYNTAX naming the row and column
 */
GPtrArray *
bansou_csv_parse (const char  *text,
                  GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) record = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  while (*p != '\0')
    {
      guint row = records->len + 1;
      guint col = record->len + 1;

      g_string_truncate (cell, 0);

      if (*p == '"')
        {
          p++;
          for (;;)
            {
              if (*p == '\0')
                {
                  g_set_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_SYNTAX,
                               _("Row %u, column %u: a quoted cell is not closed"), row, col);
                  return NULL;
                }
              if (*p == '\r' && p[1] == '\n')
                {
                  /* a line break inside a cell is stored as \n */
                  p++;
                  continue;
                }
              if (*p == '"')
                {
                  if (p[1] == '"')
                    {
                      g_string_append_c (cell, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              g_string_append_c (cell, *p++);
            }
          if (*p != ',' && *p != '\r' && *p != '\n' && *p != '\0')
            {
              g_set_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_SYNTAX,
                           _("Row %u, column %u: text after the closing quote"), row, col);
              return NULL;
            }
        }
      else
        {
          while (*p != ',' && *p != '\r' && *p != '\n' && *p != '\0')
            {
              if (*p == '"')
                {
                  g_set_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_SYNTAX,
                               _("Row %u, column %u: a quote mark inside a cell that does not start with one"),
                               row, col);
                  return NULL;
                }
              g_string_append_c (cell, *p++);
            }
        }

      g_ptr_array_add (record, g_strndup (cell->str, cell->len));

      if (*p == ',')
        {
          p++;
          if (*p == '\0' || *p == '\r' || *p == '\n')
            g_ptr_array_add (record, g_strdup (""));  /* a trailing empty cell */
          else
            continue;
        }

      /* end of record */
      if (*p == '\r')
        p++;
      if (*p == '\n')
        p++;
      g_ptr_array_add (record, NULL);
      g_ptr_array_add (records, g_ptr_array_steal (record, NULL));
    }

  if (record->len > 0)
    {
      g_ptr_array_add (record, NULL);
      g_ptr_array_add (records, g_ptr_array_steal (record, NULL));
    }

  return g_steal_pointer (&records);
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                  */

/**
 * bansou_csv_append_row:
 * @cells: (array zero-terminated=1): the cells
 *
 * Appends one RFC 4180 record with a CRLF line end, quoting cells that
 * hold a comma, a quote or a line break.
 */
void
bansou_csv_append_row (GString            *out,
                       const char * const *cells)
{
  for (guint i = 0; cells[i] != NULL; i++)
    {
      const char *c = cells[i];

      if (i > 0)
        g_string_append_c (out, ',');
      if (strpbrk (c, ",\"\r\n") != NULL)
        {
          g_string_append_c (out, '"');
          for (; *c; c++)
            {
              if (*c == '"')
                g_string_append_c (out, '"');
              g_string_append_c (out, *c);
            }
          g_string_append_c (out, '"');
        }
      else
        g_string_append (out, c);
    }
  g_string_append (out, "\r\n");
}
