/* bansou-xlsx-read.c — the first sheet of an .xlsx workbook as CSV text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Debian 12 has no C library that reads .xlsx (libxlsxwriter only writes,
 * FreeXL 1.0 reads only .xls), so this reads the little that an answer
 * sheet needs with GLib alone: the zip container (GZlibDecompressor for
 * deflate), the shared strings, the cell styles (to tell a date from a
 * number) and the cells of the first worksheet (GMarkup). The result is
 * CSV text with one line per sheet row, so that bansou_csv_import_answers()
 * checks it with the same rules and the same row and column numbers the
 * user sees in Excel.
 */
#define G_LOG_DOMAIN "bansou-csv"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-csv.h"
#include "bansou-xlsx-read.h"

#define MAX_ENTRY_SIZE (64 * 1024 * 1024)   /* an answer sheet is far smaller */

/* ------------------------------------------------------------------------ */
/* The zip container                                                        */

static guint32
le32 (const guchar *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
le16 (const guchar *p)
{
  return p[0] | (p[1] << 8);
}

static gboolean
not_a_workbook (GError **error)
{
  g_set_error_literal (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_SYNTAX,
                       _("The file is not an Excel workbook (.xlsx) that Bansō can read. "
                         "Save it from Excel as .xlsx or as CSV and try again."));
  return FALSE;
}

/* Returns the entry @name of the zip archive, or NULL (no error) if it is not there. */
static GBytes *
zip_entry (const guchar  *data,
           gsize          length,
           const char    *name,
           GError       **error)
{
  gsize eocd = 0;
  guint32 n_entries, cd_offset, cd_size;
  const guchar *p, *end;
  gboolean found_eocd = FALSE;

  if (length < 22)
    return not_a_workbook (error), NULL;
  for (gsize i = length - 22; ; i--)
    {
      if (le32 (data + i) == 0x06054b50)
        {
          eocd = i;
          found_eocd = TRUE;
          break;
        }
      if (i == 0 || length - i > 22 + 65535)
        break;
    }
  if (!found_eocd)
    return not_a_workbook (error), NULL;

  n_entries = le16 (data + eocd + 10);
  cd_size = le32 (data + eocd + 12);
  cd_offset = le32 (data + eocd + 16);
  if ((gsize) cd_offset + cd_size > length)
    return not_a_workbook (error), NULL;

  p = data + cd_offset;
  end = p + cd_size;
  for (guint i = 0; i < n_entries && p + 46 <= end; i++)
    {
      guint16 method = le16 (p + 10);
      guint32 csize = le32 (p + 20), usize = le32 (p + 24);
      guint16 nlen = le16 (p + 28), xlen = le16 (p + 30), clen = le16 (p + 32);
      guint32 local = le32 (p + 42);
      const guchar *lh;
      gsize start;

      if (le32 (p) != 0x02014b50 || p + 46 + nlen > end)
        return not_a_workbook (error), NULL;

      if (nlen == strlen (name) && memcmp (p + 46, name, nlen) == 0)
        {
          if ((gsize) local + 30 > length || le32 (data + local) != 0x04034b50)
            return not_a_workbook (error), NULL;
          lh = data + local;
          start = local + 30 + le16 (lh + 26) + le16 (lh + 28);
          if (start + csize > length || usize > MAX_ENTRY_SIZE)
            return not_a_workbook (error), NULL;

          if (method == 0)
            return g_bytes_new (data + start, csize);
          if (method == 8)
            {
              g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW);
              guchar *out = g_malloc (usize + 1);
              gsize read = 0, written = 0;
              GConverterResult r;

              r = g_converter_convert (G_CONVERTER (z), data + start, csize, out, usize + 1,
                                       G_CONVERTER_INPUT_AT_END, &read, &written, NULL);
              if (r != G_CONVERTER_FINISHED || written != usize)
                {
                  g_free (out);
                  return not_a_workbook (error), NULL;
                }
              return g_bytes_new_take (out, written);
            }
          return not_a_workbook (error), NULL;
        }
      p += 46 + nlen + xlen + clen;
    }

  return NULL;
}

/* ------------------------------------------------------------------------ */
/* The XML parts                                                            */

typedef struct
{
  /* sharedStrings.xml */
  GPtrArray  *strings;
  GString    *si;
  gboolean    in_si, in_t, in_rph;

  /* styles.xml */
  GHashTable *date_formats;  /* custom numFmtId → TRUE when it is a date */
  GArray     *xf_is_date;    /* cellXfs index → gboolean */
  gboolean    in_cellxfs;

  /* workbook.xml and its relations: the first sheet's part */
  char       *first_sheet_rid;
  char       *first_sheet_target;

  /* the sheet */
  GPtrArray  *rows;          /* of GPtrArray of char* (NULL = empty cell) */
  GPtrArray  *row;
  guint       row_number;
  guint       col;
  char       *cell_type;
  gboolean    cell_is_date;
  GString    *value;
  gboolean    in_v, in_is_t;
} Reader;

static const char *
attr (const char  *name,
      const char **names,
      const char **values)
{
  for (guint i = 0; names[i]; i++)
    if (g_str_equal (names[i], name))
      return values[i];
  return NULL;
}

/* An element name without its namespace prefix (x:row → row). */
static const char *
local_name (const char *name)
{
  const char *colon = strrchr (name, ':');
  return colon ? colon + 1 : name;
}

static gboolean
builtin_date_format (guint id)
{
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

static gboolean
format_code_is_date (const char *code)
{
  gboolean quoted = FALSE, bracket = FALSE;

  for (const char *p = code; *p; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == '[')
        bracket = TRUE;
      else if (!quoted && *p == ']')
        bracket = FALSE;
      else if (!quoted && !bracket && strchr ("ydeg", g_ascii_tolower (*p)))
        return TRUE;
    }
  return FALSE;
}

/* "C12" → 2 (zero-based column 2), 12 */
static gboolean
parse_ref (const char *ref,
           guint      *col,
           guint      *row)
{
  guint c = 0;
  const char *p = ref;

  for (; g_ascii_isalpha (*p); p++)
    c = c * 26 + (g_ascii_toupper (*p) - 'A' + 1);
  if (c == 0 || !g_ascii_isdigit (*p))
    return FALSE;
  *col = c - 1;
  *row = (guint) g_ascii_strtoull (p, NULL, 10);
  return *row > 0;
}

static void
start_cb (GMarkupParseContext  *context,
          const char           *element,
          const char          **names,
          const char          **values,
          gpointer              user_data,
          GError              **error)
{
  Reader *r = user_data;
  const char *name = local_name (element);

  if (g_str_equal (name, "si"))
    {
      r->in_si = TRUE;
      g_string_truncate (r->si, 0);
    }
  else if (g_str_equal (name, "rPh"))
    r->in_rph = TRUE;  /* furigana Excel keeps beside Japanese text: not the text */
  else if (g_str_equal (name, "t"))
    {
      r->in_t = r->in_si && !r->in_rph;
      r->in_is_t = r->row != NULL && !r->in_rph;
    }
  else if (g_str_equal (name, "numFmt"))
    {
      const char *id = attr ("numFmtId", names, values), *code = attr ("formatCode", names, values);

      if (id && code)
        g_hash_table_insert (r->date_formats, GUINT_TO_POINTER (atoi (id)),
                             GINT_TO_POINTER (format_code_is_date (code)));
    }
  else if (g_str_equal (name, "cellXfs"))
    r->in_cellxfs = TRUE;
  else if (g_str_equal (name, "xf") && r->in_cellxfs)
    {
      const char *id = attr ("numFmtId", names, values);
      guint fmt = id ? (guint) atoi (id) : 0;
      gboolean is_date = builtin_date_format (fmt) ||
                         GPOINTER_TO_INT (g_hash_table_lookup (r->date_formats, GUINT_TO_POINTER (fmt)));

      g_array_append_val (r->xf_is_date, is_date);
    }
  else if (g_str_equal (name, "sheet") && r->first_sheet_rid == NULL)
    {
      for (guint i = 0; names[i]; i++)
        if (g_str_equal (local_name (names[i]), "id"))
          r->first_sheet_rid = g_strdup (values[i]);
    }
  else if (g_str_equal (name, "Relationship"))
    {
      const char *id = attr ("Id", names, values), *target = attr ("Target", names, values);

      if (id && target && g_strcmp0 (id, r->first_sheet_rid) == 0)
        r->first_sheet_target = g_strdup (target);
    }
  else if (g_str_equal (name, "row"))
    {
      const char *rn = attr ("r", names, values);
      guint n = rn ? (guint) atoi (rn) : r->rows->len + 1;

      /* Keep Excel's row numbers: an empty row stays an empty line. */
      while (r->rows->len + 1 < n)
        g_ptr_array_add (r->rows, g_ptr_array_new_with_free_func (g_free));
      r->row = g_ptr_array_new_with_free_func (g_free);
      r->row_number = n;
      r->col = 0;
    }
  else if (g_str_equal (name, "c") && r->row != NULL)
    {
      const char *ref = attr ("r", names, values), *style = attr ("s", names, values);
      guint c, rowno;

      if (ref && parse_ref (ref, &c, &rowno))
        r->col = c;
      g_free (r->cell_type);
      r->cell_type = g_strdup (attr ("t", names, values));
      r->cell_is_date = FALSE;
      if (style)
        {
          guint s = (guint) atoi (style);
          r->cell_is_date = s < r->xf_is_date->len && g_array_index (r->xf_is_date, gboolean, s);
        }
      g_string_truncate (r->value, 0);
    }
  else if (g_str_equal (name, "v"))
    r->in_v = TRUE;
}

static char *
cell_text (Reader *r)
{
  const char *v = r->value->str;

  if (g_strcmp0 (r->cell_type, "s") == 0)
    {
      guint64 i = g_ascii_strtoull (v, NULL, 10);
      return i < r->strings->len ? g_strdup (g_ptr_array_index (r->strings, i)) : g_strdup ("");
    }
  if (g_strcmp0 (r->cell_type, "b") == 0)
    return g_strdup (g_str_equal (v, "1") ? "TRUE" : "FALSE");
  if (r->cell_type == NULL || g_str_equal (r->cell_type, "n"))
    {
      if (r->cell_is_date && *v != '\0')
        {
          /* Serial days since 1899-12-30 (the 1900 date system). */
          double serial = g_ascii_strtod (v, NULL);
          g_autoptr(GDate) date = g_date_new_dmy (30, G_DATE_DECEMBER, 1899);

          if (serial >= 1 && serial < 2958466)
            {
              char buf[16];

              g_date_add_days (date, (guint) serial);
              g_snprintf (buf, sizeof buf, "%04d-%02d-%02d", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
              return g_strdup (buf);
            }
        }
    }
  return g_strdup (v);  /* numbers, str (formula results), inlineStr */
}

static void
end_cb (GMarkupParseContext  *context,
        const char           *element,
        gpointer              user_data,
        GError              **error)
{
  Reader *r = user_data;
  const char *name = local_name (element);

  if (g_str_equal (name, "si"))
    {
      g_ptr_array_add (r->strings, g_strdup (r->si->str));
      r->in_si = FALSE;
    }
  else if (g_str_equal (name, "rPh"))
    r->in_rph = FALSE;
  else if (g_str_equal (name, "t"))
    r->in_t = r->in_is_t = FALSE;
  else if (g_str_equal (name, "cellXfs"))
    r->in_cellxfs = FALSE;
  else if (g_str_equal (name, "v"))
    r->in_v = FALSE;
  else if (g_str_equal (name, "c") && r->row != NULL)
    {
      while (r->row->len < r->col)
        g_ptr_array_add (r->row, g_strdup (""));
      if (r->row->len == r->col)
        g_ptr_array_add (r->row, cell_text (r));
      r->col++;
    }
  else if (g_str_equal (name, "row") && r->row != NULL)
    {
      g_ptr_array_add (r->rows, g_steal_pointer (&r->row));
    }
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 len,
         gpointer              user_data,
         GError              **error)
{
  Reader *r = user_data;

  if (r->in_t)
    g_string_append_len (r->si, text, len);
  else if (r->in_v || r->in_is_t)
    g_string_append_len (r->value, text, len);
}

static gboolean
parse_part (Reader   *r,
            GBytes   *part,
            GError  **error)
{
  static const GMarkupParser parser = { start_cb, end_cb, text_cb, NULL, NULL };
  g_autoptr(GMarkupParseContext) ctx = NULL;
  gsize len;
  const char *xml = g_bytes_get_data (part, &len);

  ctx = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, r, NULL);
  if (!g_markup_parse_context_parse (ctx, xml, len, NULL) ||
      !g_markup_parse_context_end_parse (ctx, NULL))
    return not_a_workbook (error);
  return TRUE;
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_xlsx_is_workbook:
 *
 * Returns: whether @data starts like a zip archive (an .xlsx workbook)
 */
gboolean
bansou_xlsx_is_workbook (const char *data,
                         gsize       length)
{
  return length >= 4 && memcmp (data, "PK\003\004", 4) == 0;
}

/**
 * bansou_xlsx_to_csv:
 * @data: the bytes of an .xlsx file
 *
 * Reads the first worksheet: text, numbers, booleans, and dates (cells
 * with a date format) as YYYY-MM-DD. Formulas give their saved result.
 *
 * Returns: (transfer full): UTF-8 CSV text, one line per sheet row, or
 *   %NULL with a %BANSOU_CSV_ERROR_SYNTAX
 */
char *
bansou_xlsx_to_csv (const char  *data,
                    gsize        length,
                    GError     **error)
{
  g_autoptr(GBytes) strings = NULL;
  g_autoptr(GBytes) styles = NULL;
  g_autoptr(GBytes) workbook = NULL;
  g_autoptr(GBytes) rels = NULL;
  g_autoptr(GBytes) sheet = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *sheet_path = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  Reader r = { 0 };
  gboolean ok = FALSE;

  r.strings = g_ptr_array_new_with_free_func (g_free);
  r.si = g_string_new (NULL);
  r.date_formats = g_hash_table_new (NULL, NULL);
  r.xf_is_date = g_array_new (FALSE, FALSE, sizeof (gboolean));
  r.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  r.value = g_string_new (NULL);

  if (!bansou_xlsx_is_workbook (data, length))
    {
      not_a_workbook (error);
      goto out;
    }

#define ENTRY(var, name) \
  if (!(var = zip_entry ((const guchar *) data, length, name, &local)) && local != NULL) \
    { g_propagate_error (error, g_steal_pointer (&local)); goto out; }

  ENTRY (workbook, "xl/workbook.xml");
  ENTRY (rels, "xl/_rels/workbook.xml.rels");
  ENTRY (strings, "xl/sharedStrings.xml");
  ENTRY (styles, "xl/styles.xml");

  if ((workbook && !parse_part (&r, workbook, error)) ||
      (rels && !parse_part (&r, rels, error)) ||
      (strings && !parse_part (&r, strings, error)) ||
      (styles && !parse_part (&r, styles, error)))
    goto out;

  if (r.first_sheet_target != NULL)
    sheet_path = r.first_sheet_target[0] == '/' ? g_strdup (r.first_sheet_target + 1)
                                                : g_strconcat ("xl/", r.first_sheet_target, NULL);
  else
    sheet_path = g_strdup ("xl/worksheets/sheet1.xml");

  ENTRY (sheet, sheet_path);
#undef ENTRY
  if (sheet == NULL)
    {
      not_a_workbook (error);
      goto out;
    }
  if (!parse_part (&r, sheet, error))
    goto out;

  for (guint i = 0; i < r.rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (r.rows, i);

      g_ptr_array_add (row, NULL);
      bansou_csv_append_row (out, (const char * const *) row->pdata);
      g_ptr_array_remove_index (row, row->len - 1);
    }
  ok = TRUE;

out:
  g_ptr_array_unref (r.strings);
  g_string_free (r.si, TRUE);
  g_hash_table_unref (r.date_formats);
  g_array_unref (r.xf_is_date);
  g_ptr_array_unref (r.rows);
  g_clear_pointer (&r.row, g_ptr_array_unref);
  g_string_free (r.value, TRUE);
  g_free (r.cell_type);
  g_free (r.first_sheet_rid);
  g_free (r.first_sheet_target);

  return ok ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}
