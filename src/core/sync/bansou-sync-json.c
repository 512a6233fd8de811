/* bansou-sync-json.c — strict reading of the server's JSON, small helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Every response is checked member by member before anything is written:
 * a malformed, truncated, oversized or wrong-typed answer fails the run
 * with BANSOU_SYNC_ERROR_PROTOCOL and leaves the local data untouched.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-json-strict.h"
#include "bansou-sync-private.h"
#include "bansou-wareki.h"

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

gboolean
bansou_sync_is_date (const char *str)
{
  g_autoptr(GDate) date = bansou_date_parse_iso (str);
  return date != NULL;
}

void
_bansou_sync_append_json_string (GString    *s,
                                 const char *str)
{
  g_string_append_c (s, '"');
  for (const guchar *p = (const guchar *) (str ? str : ""); *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (s, "\\\"");
          break;
        case '\\':
          g_string_append (s, "\\\\");
          break;
        case '\n':
          g_string_append (s, "\\n");
          break;
        case '\r':
          g_string_append (s, "\\r");
          break;
        case '\t':
          g_string_append (s, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (s, "\\u%04x", *p);
          else
            g_string_append_c (s, (char) *p);
        }
    }
  g_string_append_c (s, '"');
}

/* Waits @ms, or less if @cancellable fires. */
gboolean
_bansou_sync_wait_ms (GCancellable *cancellable,
                      guint         ms)
{
  GPollFD fd;

  if (cancellable != NULL && g_cancellable_make_pollfd (cancellable, &fd))
    {
      g_poll (&fd, 1, (int) ms);
      g_cancellable_release_fd (cancellable);
    }
  else
    g_usleep ((gulong) ms * 1000);

  return !g_cancellable_is_cancelled (cancellable);
}


gboolean
_bansou_sync_set_cancelled (GError **error)
{
  g_set_error_literal (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CANCELLED, _("Sync was cancelled"));
  return FALSE;
}

guint
_bansou_sync_count_query (BansouStore *store,
                          const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (store, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int64 (stmt, 0);
}

/* ------------------------------------------------------------------------ */
/* Strict reading of the server's JSON                                      */

gboolean
bansou_sync_protocol_error (GError     **error,
                            const char  *what,
                            const char  *member)
{
  g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL,
               /* Translators: the first %s is a problem (“missing”), the second a JSON member name */
               _("The server’s answer is not valid: %s “%s”"), what, member);
  return FALSE;
}

gboolean
bansou_sync_json_str (JsonObject   *obj,
                      const char   *member,
                      guint         flags,
                      guint         max_chars,
                      const char  **out,
                      GError      **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  const char *str;

  *out = NULL;
  if (node == NULL)
    {
      if (!(flags & BANSOU_SYNC_JSON_OPTIONAL))
        return bansou_sync_protocol_error (error, _("missing"), member);
      *out = (flags & BANSOU_SYNC_JSON_NULLABLE) ? NULL : "";
      return TRUE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (!(flags & BANSOU_SYNC_JSON_NULLABLE))
        return bansou_sync_protocol_error (error, _("null"), member);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bansou_sync_protocol_error (error, _("not a string:"), member);
  str = json_node_get_string (node);
  if (strlen (str) > (gsize) max_chars * 4 || g_utf8_strlen (str, -1) > (glong) max_chars)
    return bansou_sync_protocol_error (error, _("too long:"), member);
  *out = str;
  return TRUE;
}

gboolean
bansou_sync_json_int (JsonObject  *obj,
                      const char  *member,
                      gint64       min,
                      gint64      *out,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL)
    return bansou_sync_protocol_error (error, _("missing"), member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return bansou_sync_protocol_error (error, _("not a whole number:"), member);
  *out = json_node_get_int (node);
  if (*out < min)
    return bansou_sync_protocol_error (error, _("out of range:"), member);
  return TRUE;
}

gboolean
bansou_sync_json_bool (JsonObject  *obj,
                       const char  *member,
                       gboolean    *out,
                       GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL)
    return bansou_sync_protocol_error (error, _("missing"), member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return bansou_sync_protocol_error (error, _("not true or false:"), member);
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
bansou_sync_json_date (JsonObject   *obj,
                       const char   *member,
                       guint         flags,
                       const char  **out,
                       GError      **error)
{
  if (!bansou_sync_json_str (obj, member, flags, 10, out, error))
    return FALSE;
  if (*out != NULL && !bansou_sync_is_date (*out))
    return bansou_sync_protocol_error (error, _("not a date:"), member);
  return TRUE;
}

JsonObject *
bansou_sync_json_object (JsonObject  *obj,
                         const char  *member,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      bansou_sync_protocol_error (error, node ? _("not an object:") : _("missing"), member);
      return NULL;
    }
  return json_node_get_object (node);
}

JsonArray *
bansou_sync_json_array (JsonObject  *obj,
                        const char  *member,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      bansou_sync_protocol_error (error, node ? _("not a list:") : _("missing"), member);
      return NULL;
    }
  return json_node_get_array (node);
}

JsonObject *
_bansou_sync_root_object (JsonNode  *root,
                          GError   **error)
{
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL,
                           _("The server’s answer is not a JSON object"));
      return NULL;
    }
  return json_node_get_object (root);
}

/* ------------------------------------------------------------------------ */
/* Our own JSON                                                             */

/* Our version of a record, as a JSON object: the members a write sends. */
JsonObject *
bansou_sync_parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

const char *
bansou_sync_payload_str (JsonObject *obj,
                         const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
bansou_sync_same_text (const char *a,
                       const char *b)
{
  return g_strcmp0 (a ? a : "", b ? b : "") == 0;
}


/* ------------------------------------------------------------------------ */
/* Strict reading of an answer, and what an older server may have stored    */

/* U+001A SUBSTITUTE: put where a string held what no JSON text may hold.
 * It is a control character, so the record around it fails the text rule
 * and is quarantined (never applied), while the page itself stays
 * readable and the sync goes on past it. */
#define REPAIR_MARK "\\u001a"

static int
hex4 (const guchar *p,
      const guchar *end)
{
  int v = 0;

  if (end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int c = p[i], h;

      if (c >= '0' && c <= '9')
        h = c - '0';
      else if (c >= 'a' && c <= 'f')
        h = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        h = c - 'A' + 10;
      else
        return -1;
      v = v * 16 + h;
    }
  return v;
}

/**
 * _bansou_sync_repair_strings:
 *
 * A copy of @data where, inside strings only, every byte sequence that is
 * not UTF-8, every raw control character, every lone surrogate escape and
 * \u0000 is replaced by \u001a: what bansou-server before issue 9 could
 * store and send (json-glib wrote "\ud800" as bytes that are not UTF-8).
 * Outside strings nothing is changed: a page whose structure is broken
 * stays broken and is refused.
 *
 * Returns: (transfer full): the text, NUL-terminated, @out_len bytes
 */
char *
_bansou_sync_repair_strings (const char *data,
                             gsize       len,
                             gsize      *out_len)
{
  const guchar *p = (const guchar *) data, *end = p + len;
  GString *out = g_string_sized_new (len + 16);
  gboolean in_string = FALSE;

  while (p < end)
    {
      guchar c = *p;

      if (!in_string)
        {
          if (c == '"')
            in_string = TRUE;
          g_string_append_c (out, (char) c);
          p++;
        }
      else if (c == '"')
        {
          in_string = FALSE;
          g_string_append_c (out, '"');
          p++;
        }
      else if (c == '\\')
        {
          int u;

          if (p + 1 >= end)
            {
              p++;   /* the text ends in an escape: left for the validator to refuse */
              g_string_append_c (out, '\\');
              continue;
            }
          if (p[1] != 'u')
            {
              g_string_append_len (out, (const char *) p, 2);
              p += 2;
              continue;
            }
          u = hex4 (p + 2, end);
          if (u < 0)
            {
              g_string_append (out, REPAIR_MARK);
              p += 2;
              continue;
            }
          if (u >= 0xD800 && u <= 0xDBFF && end - p >= 12 && p[6] == '\\' && p[7] == 'u')
            {
              int low = hex4 (p + 8, end);

              if (low >= 0xDC00 && low <= 0xDFFF)
                {
                  g_string_append_len (out, (const char *) p, 12);
                  p += 12;
                  continue;
                }
            }
          if (u == 0 || (u >= 0xD800 && u <= 0xDFFF))
            g_string_append (out, REPAIR_MARK);
          else
            g_string_append_len (out, (const char *) p, 6);
          p += 6;
        }
      else if (c < 0x20)
        {
          g_string_append (out, REPAIR_MARK);
          p++;
        }
      else if (c < 0x80)
        {
          g_string_append_c (out, (char) c);
          p++;
        }
      else
        {
          /* g_utf8_validate() refuses overlong forms, surrogates and
           * anything above U+10FFFF, as the strict gate does. */
          gsize n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;

          if ((gsize) (end - p) >= n && g_utf8_validate_len ((const char *) p, n, NULL))
            {
              g_string_append_len (out, (const char *) p, n);
              p += n;
            }
          else
            {
              g_string_append (out, REPAIR_MARK);
              p++;
            }
        }
    }

  *out_len = out->len;
  return g_string_free (out, FALSE);
}

/**
 * _bansou_sync_parse_answer:
 * @repaired: (out) (optional): set when strings had to be repaired
 *
 * An answer of the server goes through the strict gate
 * (core/util/bansou-json-strict.c) before json-glib reads it. An answer
 * that fails it only inside strings (bad UTF-8, a lone surrogate, \u0000,
 * a raw control character) is repaired with
 * _bansou_sync_repair_strings(), so that the records without such text
 * can still be taken and the others quarantined.
 *
 * Returns: (transfer full) (nullable): the root, or %NULL with @error
 */
JsonNode *
_bansou_sync_parse_answer (const char  *data,
                           gsize        len,
                           gboolean    *repaired,
                           GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *fixed = NULL;
  gsize fixed_len = 0;
  JsonNode *root;

  if (repaired)
    *repaired = FALSE;
  root = bansou_json_strict_parse (data, (gssize) len, BANSOU_SYNC_MAX_DEPTH, G_MAXSSIZE, &local);
  if (root != NULL)
    return root;
  if (!g_error_matches (local, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_STRING) &&
      !g_error_matches (local, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_ENCODING))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  fixed = _bansou_sync_repair_strings (data, len, &fixed_len);
  root = bansou_json_strict_parse (fixed, (gssize) fixed_len, BANSOU_SYNC_MAX_DEPTH, G_MAXSSIZE, NULL);
  if (root == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  g_debug ("Repaired strings of an answer: %s", local->message);
  if (repaired)
    *repaired = TRUE;
  return root;
}
