/* bansou-json-strict.c — RFC 8259 JSON only, checked before json-glib parses it
 *
 * One implementation for both sides of the protocol: bansou-server runs it on
 * every request body before routing, the sync client on every answer before
 * it reads a record from it. It answers one question — is this byte buffer
 * exactly one RFC 8259 JSON text within our limits? — without allocating and
 * without recursing, so that no input can cost more than one pass over its
 * bytes. The object model stays json-glib's.
 *
 * Why a validator in front of json-glib and not another parser (Debian 12):
 *
 *  - json-glib 1.6 is not strict (docs/PLATFORM-NOTES): it takes '…' strings,
 *    comments, raw newlines in strings, two roots; it writes a lone \ud800
 *    into the string as invalid UTF-8 and cuts text at \u0000; its parser
 *    recurses, so depth must be bounded before it runs. The whole code base
 *    (server, sync, catalog, exports) is written against its object model.
 *  - jansson 2.14 (libjansson-dev) is strict enough: on every case of
 *    tests/test-json-strict.c (comments, '…', two roots, raw control
 *    characters, lone surrogates, \u0000, overlong UTF-8, 1e999, a BOM) it
 *    decides as this validator does — test-json-strict-jansson.c checks
 *    that whenever it is installed. It is still not the gate, because
 *    (1) it builds its own tree: a second allocation-heavy parse in front of
 *    json-glib's, which is what the gate must come before; (2) its depth
 *    limit is a compile-time 2,048 (json-glib recurses; the protocol wants
 *    32, set per call); (3) it exports json_object_iter_next() just as
 *    json-glib does, so linking both into bansou-server or libbansou-core
 *    risks one library's calls landing in the other's function. Replacing
 *    json-glib by jansson everywhere would remove (1) and (3); it touches
 *    every reader and writer of the protocol and is not today's change.
 *  - json-c 0.16 (libjson-c-dev; not measured here): JSON_TOKENER_STRICT is
 *    documented as becoming stricter "from one release to the next", its
 *    depth is settable (json_tokener_new_ex), but it is a third object
 *    model with the same json_object_iter_next() clash as jansson.
 * So: json-glib for the objects, this scanner for the gate: a state machine
 * of six states and a bit stack, fuzzed by tests/fuzz/fuzz-json-strict.c,
 * which also checks that json-glib reads every input it accepts and writes
 * it back as strict JSON.
 *
 * Text fields: bansou_json_strict_check_text() refuses NUL, every C0 control
 * but tab and newline, DEL and the C1 controls. Carriage return is refused
 * too: the app stores line breaks as \n (the CSV import turns CRLF into LF),
 * so a CR only comes from a hand-made request, and a lone CR rewrites a line
 * in a terminal or a log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-json-strict"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "bansou-json-strict.h"

G_DEFINE_QUARK (bansou-json-strict-error-quark, bansou_json_strict_error)

/* The longest number we read: json-glib prints a double in at most 24
 * characters, a 64-bit integer in 20. */
#define MAX_NUMBER_LENGTH 128

typedef enum
{
  WANT_VALUE,          /* the root, after ':' and after ',' in an array */
  WANT_VALUE_OR_END,   /* just after '[' */
  WANT_KEY_OR_END,     /* just after '{' */
  WANT_KEY,            /* after ',' in an object */
  WANT_COLON,
  WANT_NEXT,           /* a value is complete */
} State;

typedef struct
{
  const guchar *data;
  gsize         length;
  gsize         pos;
} Scanner;

/* ------------------------------------------------------------------------ */

static gboolean
fail (GError      **error,
      gsize        *error_offset,
      int           code,
      gsize         offset,
      const char   *reason)
{
  /* the offset formatted apart: xgettext cannot read G_GSIZE_FORMAT */
  g_autofree char *at = g_strdup_printf ("%" G_GSIZE_FORMAT, offset);

  if (error_offset)
    *error_offset = offset;
  g_set_error (error, BANSOU_JSON_STRICT_ERROR, code,
               /* TRANSLATORS: the first %s is a byte offset, the second one of the reasons below */
               _("Not valid JSON at byte %s: %s"), at, reason);
  return FALSE;
}

static inline gboolean
is_ws (guchar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Four hex digits at @p; -1 if there are not. */
static int
read_hex4 (const Scanner *s,
           gsize          p)
{
  int v = 0;

  if (p + 4 > s->length)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (s->data[p + i]);

      if (h < 0)
        return -1;
      v = v * 16 + h;
    }
  return v;
}

/* The length of the UTF-8 sequence at @p (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 if it is not one. */
static gsize
utf8_sequence (const guchar *d,
               gsize         avail)
{
  guchar c = d[0];
  guchar lo = 0x80, hi = 0xBF;
  gsize n;

  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    {
      n = 3;
      if (c == 0xE0)
        lo = 0xA0;        /* overlong below U+0800 */
      else if (c == 0xED)
        hi = 0x9F;        /* U+D800–U+DFFF */
    }
  else if (c >= 0xF0 && c <= 0xF4)
    {
      n = 4;
      if (c == 0xF0)
        lo = 0x90;        /* overlong below U+10000 */
      else if (c == 0xF4)
        hi = 0x8F;        /* above U+10FFFF */
    }
  else
    return 0;             /* a continuation byte, C0/C1 (overlong), F5–FF */

  if (avail < n)
    return 0;
  if (d[1] < lo || d[1] > hi)
    return 0;
  for (gsize i = 2; i < n; i++)
    if (d[i] < 0x80 || d[i] > 0xBF)
      return 0;
  return n;
}

static gboolean
scan_string (Scanner  *s,
             gsize    *error_offset,
             GError  **error)
{
  gsize start = s->pos;

  s->pos++;   /* the opening quote */
  for (;;)
    {
      guchar c;

      if (s->pos >= s->length)
        return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_STRING, start,
                     _("a string is not closed"));
      c = s->data[s->pos];

      if (c == '"')
        {
          s->pos++;
          return TRUE;
        }
      else if (c < 0x20)
        {
          return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_STRING, s->pos,
                       _("a control character inside a string (a line break must be written \\n)"));
        }
      else if (c == '\\')
        {
          guchar e;

          if (s->pos + 1 >= s->length)
            return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_STRING, start,
                         _("a string is not closed"));
          e = s->data[s->pos + 1];
          if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't')
            {
              s->pos += 2;
            }
          else if (e == 'u')
            {
              int cp = read_hex4 (s, s->pos + 2);

              if (cp < 0)
                return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_STRING, s->pos,
                             _("\\u must be followed by four hexadecimal digits"));
              if (cp == 0)
                return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_STRING, s->pos,
                             _("\\u0000 is not accepted: it would cut the text short"));
              if (cp >= 0xDC00 && cp <= 0xDFFF)
                return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_STRING, s->pos,
                             _("a low surrogate without a high surrogate before it"));
              if (cp >= 0xD800 && cp <= 0xDBFF)
                {
                  int low = -1;

                  if (s->pos + 8 <= s->length &&
                      s->data[s->pos + 6] == '\\' && s->data[s->pos + 7] == 'u')
                    low = read_hex4 (s, s->pos + 8);
                  if (low < 0xDC00 || low > 0xDFFF)
                    return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_STRING, s->pos,
                                 _("a high surrogate without a low surrogate after it"));
                  s->pos += 12;
                }
              else
                {
                  s->pos += 6;
                }
            }
          else
            {
              return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_STRING, s->pos,
                           _("an unknown escape sequence"));
            }
        }
      else if (c < 0x80)
        {
          s->pos++;
        }
      else
        {
          gsize n = utf8_sequence (s->data + s->pos, s->length - s->pos);

          if (n == 0)
            return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_ENCODING, s->pos,
                         _("the text is not valid UTF-8"));
          s->pos += n;
        }
    }
}

static gboolean
scan_number (Scanner  *s,
             gsize    *error_offset,
             GError  **error)
{
  const guchar *d = s->data;
  gsize start = s->pos;
  gsize p = s->pos;
  gboolean integer = TRUE;
  char copy[MAX_NUMBER_LENGTH + 1];
  gsize len;

  if (p < s->length && d[p] == '-')
    p++;
  if (p >= s->length || !g_ascii_isdigit (d[p]))
    return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_SYNTAX, p,
                 _("a number needs a digit here"));
  if (d[p] == '0')
    {
      p++;
      if (p < s->length && g_ascii_isdigit (d[p]))
        return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_SYNTAX, p,
                     _("a number cannot start with 0"));
    }
  else
    {
      while (p < s->length && g_ascii_isdigit (d[p]))
        p++;
    }
  if (p < s->length && d[p] == '.')
    {
      integer = FALSE;
      p++;
      if (p >= s->length || !g_ascii_isdigit (d[p]))
        return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_SYNTAX, p,
                     _("a number needs a digit here"));
      while (p < s->length && g_ascii_isdigit (d[p]))
        p++;
    }
  if (p < s->length && (d[p] == 'e' || d[p] == 'E'))
    {
      integer = FALSE;
      p++;
      if (p < s->length && (d[p] == '+' || d[p] == '-'))
        p++;
      if (p >= s->length || !g_ascii_isdigit (d[p]))
        return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_SYNTAX, p,
                     _("a number needs a digit here"));
      while (p < s->length && g_ascii_isdigit (d[p]))
        p++;
    }

  /* RFC 8259 §9 lets an implementation limit the range. We refuse what
   * json-glib would store as ±inf or wrap around as a 64-bit integer, and
   * fractions or exponents that it would write back as something else. */
  len = p - start;
  if (len > MAX_NUMBER_LENGTH)
    return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_NUMBER, start,
                 _("a number is too long"));
  memcpy (copy, d + start, len);
  copy[len] = '\0';
  if (integer)
    {
      char *end = NULL;

      errno = 0;
      g_ascii_strtoll (copy, &end, 10);
      if (errno == ERANGE)
        return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_NUMBER, start,
                     _("an integer is out of range"));
    }
  else
    {
      /* json-glib 1.6 writes a double with g_ascii_dtostr() and appends
       * ".0" when there is no '.': 2e20 and 1e-51 come back as "2e+20.0"
       * and "1e-51.0", which are not JSON (found by fuzz-json-strict). Such
       * a number would pass through a record into every feed page. */
      char back[G_ASCII_DTOSTR_BUF_SIZE];
      double v = g_ascii_strtod (copy, NULL);

      if (!isfinite (v))
        return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_NUMBER, start,
                     _("a number is out of range"));
      g_ascii_dtostr (back, sizeof back, v);
      if (strchr (back, '.') == NULL && (strchr (back, 'e') != NULL || strchr (back, 'E') != NULL))
        return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_NUMBER, start,
                     _("a number json-glib cannot write back (write it with more digits or as an integer)"));
    }

  s->pos = p;
  return TRUE;
}

static gboolean
scan_literal (Scanner     *s,
              const char  *word,
              gsize       *error_offset,
              GError     **error)
{
  gsize n = strlen (word);

  if (s->length - s->pos < n || memcmp (s->data + s->pos, word, n) != 0)
    return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_SYNTAX, s->pos,
                 _("an unexpected character"));
  s->pos += n;
  return TRUE;
}

/* Says what a character that cannot start a value probably was meant as. */
static gboolean
fail_unexpected (Scanner  *s,
                 gsize    *error_offset,
                 GError  **error)
{
  guchar c = s->data[s->pos];
  const char *reason;

  if (c == '\'')
    reason = _("single-quoted strings are not JSON");
  else if (c == '/')
    reason = _("comments are not JSON");
  else if (c == 0xEF && s->pos == 0)
    reason = _("a byte-order mark is not allowed");
  else if (c >= 0x80)
    reason = _("a character outside a string");
  else
    reason = _("an unexpected character");
  return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_SYNTAX, s->pos, reason);
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_json_strict_validate:
 * @data: the bytes; they need not be NUL-terminated
 * @length: their length, or -1 if @data is NUL-terminated
 * @max_depth: how deep arrays and objects may nest (the root array is
 *   depth 1); at most %BANSOU_JSON_STRICT_DEPTH_CAP
 * @max_size: the most bytes accepted; checked before anything is read
 * @error_offset: (out) (optional): where the first problem is, in bytes
 * @error: a %BANSOU_JSON_STRICT_ERROR on failure
 *
 * Checks that @data is exactly one RFC 8259 JSON text: one value with only
 * white space around it, no comments, strings in double quotes with no raw
 * control characters, valid escapes, surrogates only as pairs, no \u0000,
 * valid UTF-8, numbers as the grammar writes them, integers within 64 bits,
 * other numbers finite and not of the few json-glib 1.6 would write back as
 * non-JSON (2e20 → "2e+20.0"). One pass, no allocation, no recursion: the cost is linear in
 * @length whatever the input.
 *
 * Returns: %TRUE if json-glib may parse @data
 */
gboolean
bansou_json_strict_validate (const char  *data,
                             gssize       length,
                             guint        max_depth,
                             gsize        max_size,
                             gsize       *error_offset,
                             GError     **error)
{
  /* One bit per open container: set for an object, clear for an array. */
  guint8 kinds[BANSOU_JSON_STRICT_DEPTH_CAP / 8] = { 0 };
  Scanner s = { (const guchar *) data, 0, 0 };
  State state = WANT_VALUE;
  guint depth = 0;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (max_depth >= 1 && max_depth <= BANSOU_JSON_STRICT_DEPTH_CAP, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (length < 0)
    s.length = strlen (data);
  else
    s.length = (gsize) length;

  if (s.length > max_size)
    {
      g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *reason = g_strdup_printf (_("longer than %s"), limit);

      return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_TOO_LARGE, max_size, reason);
    }

  for (;;)
    {
      guchar c;

      while (s.pos < s.length && is_ws (s.data[s.pos]))
        s.pos++;
      if (s.pos >= s.length)
        break;
      c = s.data[s.pos];

      switch (state)
        {
        case WANT_VALUE_OR_END:
          if (c == ']')
            {
              depth--;
              s.pos++;
              state = WANT_NEXT;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case WANT_VALUE:
          if (c == '{' || c == '[')
            {
              if (depth >= max_depth)
                {
                  g_autofree char *reason = g_strdup_printf (_("nested deeper than %u levels"), max_depth);

                  return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_TOO_DEEP, s.pos, reason);
                }
              if (c == '{')
                kinds[depth / 8] |= (guint8) (1u << (depth % 8));
              else
                kinds[depth / 8] &= (guint8) ~(1u << (depth % 8));
              depth++;
              s.pos++;
              state = c == '{' ? WANT_KEY_OR_END : WANT_VALUE_OR_END;
            }
          else if (c == '"')
            {
              if (!scan_string (&s, error_offset, error))
                return FALSE;
              state = WANT_NEXT;
            }
          else if (c == '-' || g_ascii_isdigit (c))
            {
              if (!scan_number (&s, error_offset, error))
                return FALSE;
              state = WANT_NEXT;
            }
          else if (c == 't' || c == 'f' || c == 'n')
            {
              if (!scan_literal (&s, c == 't' ? "true" : c == 'f' ? "false" : "null", error_offset, error))
                return FALSE;
              state = WANT_NEXT;
            }
          else
            {
              return fail_unexpected (&s, error_offset, error);
            }
          break;

        case WANT_KEY_OR_END:
          if (c == '}')
            {
              depth--;
              s.pos++;
              state = WANT_NEXT;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case WANT_KEY:
          if (c != '"')
            {
              if (c == '\'' || c == '/')
                return fail_unexpected (&s, error_offset, error);
              return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_SYNTAX, s.pos,
                           _("a member name in double quotes was expected"));
            }
          if (!scan_string (&s, error_offset, error))
            return FALSE;
          state = WANT_COLON;
          break;

        case WANT_COLON:
          if (c != ':')
            return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_SYNTAX, s.pos,
                         _("a colon was expected after the member name"));
          s.pos++;
          state = WANT_VALUE;
          break;

        case WANT_NEXT:
          if (depth == 0)
            {
              if (c == '/')
                return fail_unexpected (&s, error_offset, error);
              return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_SYNTAX, s.pos,
                           _("more than one value at the top level"));
            }
          else
            {
              gboolean in_object = (kinds[(depth - 1) / 8] >> ((depth - 1) % 8)) & 1;

              if (c == ',')
                {
                  s.pos++;
                  state = in_object ? WANT_KEY : WANT_VALUE;
                }
              else if ((c == '}' && in_object) || (c == ']' && !in_object))
                {
                  depth--;
                  s.pos++;
                  state = WANT_NEXT;
                }
              else if (c == '/')
                {
                  return fail_unexpected (&s, error_offset, error);
                }
              else
                {
                  return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_SYNTAX, s.pos,
                               in_object ? _("a comma or } was expected") : _("a comma or ] was expected"));
                }
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (state != WANT_NEXT || depth != 0)
    return fail (error, error_offset, BANSOU_JSON_STRICT_ERROR_SYNTAX, s.length,
                 s.length == 0 || (state == WANT_VALUE && depth == 0) ? _("there is no JSON value")
                                                                      : _("the JSON ends too early"));
  return TRUE;
}

/**
 * bansou_json_strict_parse:
 * @data: the bytes; they need not be NUL-terminated
 * @length: their length, or -1 if @data is NUL-terminated
 * @max_depth: as for bansou_json_strict_validate()
 * @max_size: as for bansou_json_strict_validate()
 * @error: a %BANSOU_JSON_STRICT_ERROR on failure
 *
 * Validates @data with bansou_json_strict_validate() and only then lets
 * json-glib build the tree.
 *
 * Returns: (transfer full) (nullable): the root, or %NULL with @error set
 */
JsonNode *
bansou_json_strict_parse (const char  *data,
                          gssize       length,
                          guint        max_depth,
                          gsize        max_size,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;
  if (!bansou_json_strict_validate (data, (gssize) len, max_depth, max_size, NULL, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local) || json_parser_get_root (parser) == NULL)
    {
      /* A disagreement with json-glib: a bug here, found by the fuzzer. */
      g_warning ("json-glib refused what the strict validator accepted: %s", local ? local->message : "no root");
      g_set_error (error, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_SYNTAX,
                   _("Not valid JSON at byte %s: %s"), "0", _("an unexpected character"));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

/**
 * bansou_json_strict_check_text:
 * @field: the field's name, as the error should give it (`note`, `ops[2].record.note`)
 * @text: the text
 * @length: its length in bytes, or -1 if it is NUL-terminated
 * @error: %BANSOU_JSON_STRICT_ERROR_TEXT on failure, naming @field
 *
 * The rule for text a person typed (notes, names, evidence): valid UTF-8,
 * no NUL, no control characters but tab and newline — no CR, DEL or C1
 * controls (see the top of this file for why CR is refused).
 *
 * Returns: %TRUE if @text may be stored and sent on
 */
gboolean
bansou_json_strict_check_text (const char  *field,
                               const char  *text,
                               gssize       length,
                               GError     **error)
{
  const char *end = NULL;
  gsize len;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  len = length < 0 ? strlen (text) : (gsize) length;
  if (len > 0 && memchr (text, '\0', len) != NULL)
    {
      g_set_error (error, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_TEXT,
                   _("The field %s contains a NUL character"), field);
      return FALSE;
    }
  if (!g_utf8_validate_len (text, len, &end))
    {
      g_autofree char *at = g_strdup_printf ("%" G_GSIZE_FORMAT, (gsize) (end - text));

      g_set_error (error, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_TEXT,
                   _("The field %s is not valid UTF-8 (at byte %s)"), field, at);
      return FALSE;
    }
  for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F))
        {
          g_autofree char *at = g_strdup_printf ("%" G_GSIZE_FORMAT, (gsize) (p - text));
          g_autofree char *code = g_strdup_printf ("U+%04X", c);

          g_set_error (error, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_TEXT,
                       /* TRANSLATORS: a field name, a character code (U+0007), a byte offset */
                       _("The field %s contains the control character %s (at byte %s)"), field, code, at);
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  JsonNode *node;
  char     *path;
} Frame;

static void
frame_clear (gpointer data)
{
  g_free (((Frame *) data)->path);
}

/* Whether every string and member name under @root passes, walked without
 * the paths that only an error needs (without an error to fill,
 * bansou_json_strict_check_text() allocates nothing): a page of 5,000
 * records has ~100,000 nodes, and a path string for each was most of the
 * walk. */
static gboolean
tree_passes (JsonNode *root)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      JsonNode *node = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *child;

          json_object_iter_init (&iter, json_node_get_object (node));
          while (json_object_iter_next (&iter, &name, &child))
            {
              if (!bansou_json_strict_check_text ("", name, -1, NULL))
                return FALSE;
              g_ptr_array_add (stack, child);
            }
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint n = json_array_get_length (array);

          for (guint i = 0; i < n; i++)
            g_ptr_array_add (stack, json_array_get_element (array, i));
        }
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
               !bansou_json_strict_check_text ("", json_node_get_string (node), -1, NULL))
        return FALSE;
    }
  return TRUE;
}

/**
 * bansou_json_strict_check_tree:
 * @root: a parsed tree
 * @error: %BANSOU_JSON_STRICT_ERROR_TEXT on failure, naming the member
 *
 * Applies bansou_json_strict_check_text() to every string and member name
 * under @root, with an explicit stack (no recursion). The field is named by
 * its path from the root: `ops[2].record.note`.
 *
 * Returns: %TRUE if every string passes
 */
gboolean
bansou_json_strict_check_tree (JsonNode  *root,
                               GError   **error)
{
  g_autoptr(GArray) stack = NULL;

  g_return_val_if_fail (root != NULL, FALSE);

  if (tree_passes (root))
    return TRUE;

  /* Again, naming the member that fails. */
  stack = g_array_new (FALSE, FALSE, sizeof (Frame));

  g_array_set_clear_func (stack, frame_clear);
  g_array_append_val (stack, ((Frame) { root, g_strdup ("") }));

  while (stack->len > 0)
    {
      Frame f = g_array_index (stack, Frame, stack->len - 1);
      g_autofree char *path = f.path;

      g_array_index (stack, Frame, stack->len - 1).path = NULL;
      g_array_set_size (stack, stack->len - 1);

      if (JSON_NODE_HOLDS_OBJECT (f.node))
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *child;

          json_object_iter_init (&iter, json_node_get_object (f.node));
          while (json_object_iter_next (&iter, &name, &child))
            {
              char *child_path = *path ? g_strconcat (path, ".", name, NULL) : g_strdup (name);

              if (!bansou_json_strict_check_text (child_path, name, -1, error))
                {
                  g_free (child_path);
                  return FALSE;
                }
              g_array_append_val (stack, ((Frame) { child, child_path }));
            }
        }
      else if (JSON_NODE_HOLDS_ARRAY (f.node))
        {
          JsonArray *array = json_node_get_array (f.node);
          guint n = json_array_get_length (array);

          for (guint i = 0; i < n; i++)
            {
              char *child_path = g_strdup_printf ("%s[%u]", path, i);

              g_array_append_val (stack, ((Frame) { json_array_get_element (array, i), child_path }));
            }
        }
      else if (JSON_NODE_HOLDS_VALUE (f.node) && json_node_get_value_type (f.node) == G_TYPE_STRING)
        {
          if (!bansou_json_strict_check_text (*path ? path : "(root)", json_node_get_string (f.node), -1, error))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * bansou_json_strict_text_is_plain:
 * @data: a JSON text the gate accepted (bansou_json_strict_validate())
 * @length: its length in bytes
 *
 * Whether no string of @data can hold what bansou_json_strict_check_text()
 * refuses: the gate already refused raw control characters and invalid
 * UTF-8, so only an escape that decodes to one (`\b`, `\f`, `\r`,
 * `\uXXXX`), a DEL or a C1 control (UTF-8 C2 80–C2 9F) can. One pass over
 * the bytes, for a page of records whose trees then need no
 * bansou_json_strict_check_tree().
 *
 * Returns: %TRUE if every string of @data passes the text rule
 */
gboolean
bansou_json_strict_text_is_plain (const char *data,
                                  gsize       length)
{
  const guchar *p = (const guchar *) data;
  const guchar *end = p + length;

  for (; p < end; p++)
    {
      if (*p == '\\')
        {
          if (p + 1 < end && (p[1] == 'u' || p[1] == 'b' || p[1] == 'f' || p[1] == 'r'))
            return FALSE;
          p++;   /* \\ and \" are not the start of another escape */
        }
      else if (*p == 0x7F || (*p == 0xC2 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9F) ||
               (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r'))   /* raw: whitespace only */
        return FALSE;
    }
  return TRUE;
}
