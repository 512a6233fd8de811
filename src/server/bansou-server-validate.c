/* bansou-server-validate.c — what every request body and text field must be
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The rules themselves are the core's strict JSON gate
 * (core/util/bansou-json-strict.c), shared with the sync client; this file
 * turns its answers into API errors. Messages to API clients are English
 * (clients show their own text per error code), but bansou-server runs
 * in the administrator's locale for its own output: the core's messages
 * are therefore asked for in the C locale, per thread (uselocale), so that
 * a Japanese server still answers "at byte 12: a comma or } was expected".
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "bansou-json-strict.h"
#include "bansou-server-api.h"
#include "bansou-server-validate.h"

static locale_t
c_locale (void)
{
  static gsize once;
  static locale_t c;

  if (g_once_init_enter (&once))
    {
      c = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
      g_once_init_leave (&once, 1);
    }
  return c;
}

/* The core's message without its "Not valid JSON at byte N: " */
static const char *
reason_of (const GError *error)
{
  const char *colon = strstr (error->message, ": ");

  return colon ? colon + 2 : error->message;
}

/**
 * bansou_server_check_body:
 * @max_depth: nesting allowed (capped at %BANSOU_JSON_STRICT_DEPTH_CAP)
 * @max_size: bytes allowed
 *
 * One pass over the raw bytes, no allocation, no recursion: exactly one
 * RFC 8259 JSON text (no comments, no '…' strings, no second root, no
 * raw control characters in strings, valid escapes, no lone surrogate,
 * no \u0000, UTF-8 only), nested at most @max_depth deep. Run on every
 * request body before routing; only then does json-glib build a tree.
 *
 * Returns: %TRUE, or %FALSE with %BANSOU_API_ERROR_INVALID_JSON,
 *   %BANSOU_API_ERROR_JSON_TOO_DEEP or %BANSOU_API_ERROR_PAYLOAD_TOO_LARGE
 */
gboolean
bansou_server_check_body (const char  *data,
                          gsize        length,
                          guint        max_depth,
                          gsize        max_size,
                          GError     **error)
{
  g_autoptr(GError) local = NULL;
  gsize offset = 0;
  locale_t old;
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (length == 0)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_JSON, "The request has no JSON body");
      return FALSE;
    }

  old = uselocale (c_locale ());
  ok = bansou_json_strict_validate (data, (gssize) length, MIN (max_depth, BANSOU_JSON_STRICT_DEPTH_CAP),
                                    max_size, &offset, &local);
  uselocale (old);
  if (ok)
    return TRUE;

  if (g_error_matches (local, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_TOO_DEEP))
    g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_JSON_TOO_DEEP,
                 "The JSON nests deeper than %u levels (at byte %" G_GSIZE_FORMAT ")", max_depth, offset);
  else if (g_error_matches (local, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_TOO_LARGE))
    g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_PAYLOAD_TOO_LARGE,
                 "The request body is larger than %" G_GSIZE_FORMAT " bytes", max_size);
  else
    g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_JSON,
                 "The body is not valid JSON (RFC 8259) at byte %" G_GSIZE_FORMAT ": %s", offset, reason_of (local));
  return FALSE;
}

/**
 * bansou_server_parse_body:
 *
 * How every request body is read: bansou_server_check_body(), then
 * json-glib on text known to be RFC 8259 within the limits, then the text
 * rule on every string (bansou_server_check_tree()). tests/fuzz/
 * fuzz-server-body.c runs exactly this.
 *
 * Returns: (transfer full) (nullable): the root, or %NULL with a
 *   %BANSOU_API_ERROR
 */
JsonNode *
bansou_server_parse_body (const char  *data,
                          gsize        length,
                          guint        max_depth,
                          gsize        max_size,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!bansou_server_check_body (data, length, max_depth, max_size, error))
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local) || json_parser_get_root (parser) == NULL)
    {
      g_warning ("json-glib refused a body the strict gate accepted: %s", local ? local->message : "no root");
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_JSON, "The body is not valid JSON");
      return NULL;
    }
  root = json_node_ref (json_parser_get_root (parser));
  if (!bansou_server_check_tree (root, error))
    return NULL;
  return g_steal_pointer (&root);
}

/**
 * bansou_server_check_text:
 * @field: the member's name, as the message gives it
 * @max_chars: the most characters (not bytes) it may have
 *
 * The one rule for every text member of every kind: valid UTF-8, no NUL,
 * no control character but tab and newline (DEL, the C1 controls and CR
 * are refused too), and for a one-line field no newline either.
 *
 * Returns: %TRUE, or %FALSE with %BANSOU_API_ERROR_INVALID_REQUEST naming @field
 */
gboolean
bansou_server_check_text (const char      *field,
                          const char      *text,
                          guint            max_chars,
                          BansouTextRule   rule,
                          GError         **error)
{
  g_autoptr(GError) local = NULL;
  locale_t old;
  gboolean ok;

  g_return_val_if_fail (field != NULL && text != NULL, FALSE);

  old = uselocale (c_locale ());
  ok = bansou_json_strict_check_text (field, text, -1, &local);
  uselocale (old);
  if (!ok)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST, "%s", local->message);
      return FALSE;
    }
  if (rule == BANSOU_TEXT_LINE && strchr (text, '\n') != NULL)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "The field %s is one line: it may not contain a line break", field);
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > max_chars)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "The field %s is longer than %u characters", field, max_chars);
      return FALSE;
    }
  return TRUE;
}

/**
 * bansou_server_check_tree:
 *
 * The multi-line text rule on every string and member name under @root,
 * named by its path (`ops[2].data.note`). Kinds apply their own stricter
 * rules (one line, lengths) to the members they read.
 *
 * Returns: %TRUE, or %FALSE with %BANSOU_API_ERROR_INVALID_REQUEST
 */
gboolean
bansou_server_check_tree (JsonNode  *root,
                          GError   **error)
{
  g_autoptr(GError) local = NULL;
  locale_t old;
  gboolean ok;

  g_return_val_if_fail (root != NULL, FALSE);

  old = uselocale (c_locale ());
  ok = bansou_json_strict_check_tree (root, &local);
  uselocale (old);
  if (!ok)
    g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST, "%s", local->message);
  return ok;
}

/* Reads an optional string member under @rule: absent or null gives NULL. */
gboolean
bansou_json_get_text (JsonObject      *obj,
                      const char      *member,
                      guint            max_chars,
                      BansouTextRule   rule,
                      char           **out,
                      GError         **error)
{
  JsonNode *node;

  g_return_val_if_fail (obj != NULL && member != NULL && out != NULL, FALSE);

  *out = NULL;
  node = json_object_get_member (obj, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "The field %s must be a string or null", member);
      return FALSE;
    }
  if (!bansou_server_check_text (member, json_node_get_string (node), max_chars, rule, error))
    return FALSE;
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* A one-line text member: a title, a name, an assignee, a code. */
gboolean
bansou_json_get_line (JsonObject  *obj,
                      const char  *member,
                      guint        max_chars,
                      char       **out,
                      GError     **error)
{
  return bansou_json_get_text (obj, member, max_chars, BANSOU_TEXT_LINE, out, error);
}

/**
 * bansou_server_media_type_is_json:
 * @content_type: (nullable): the Content-Type header as sent
 *
 * Media types are case-insensitive (RFC 9110 §8.3.1) and may carry
 * parameters: `APPLICATION/JSON; charset=UTF-8` is JSON. A charset other
 * than UTF-8 is not (RFC 8259 §8.1), nor is a header that does not parse.
 */
gboolean
bansou_server_media_type_is_json (const char *content_type)
{
  g_auto(GStrv) parts = NULL;

  if (content_type == NULL)
    return FALSE;
  parts = g_strsplit (content_type, ";", 16);
  if (parts[0] == NULL || g_ascii_strcasecmp (g_strstrip (parts[0]), "application/json") != 0)
    return FALSE;
  for (guint i = 1; parts[i] != NULL; i++)
    {
      char *param = g_strstrip (parts[i]);
      char *eq = strchr (param, '=');
      char *value;

      if (*param == '\0')
        continue;
      if (eq == NULL)
        return FALSE;
      *eq = '\0';
      value = g_strstrip (eq + 1);
      if (g_ascii_strcasecmp (g_strstrip (param), "charset") != 0)
        continue;
      if (value[0] == '"' && strlen (value) >= 2 && value[strlen (value) - 1] == '"')
        {
          value[strlen (value) - 1] = '\0';
          value++;
        }
      if (g_ascii_strcasecmp (value, "utf-8") != 0)
        return FALSE;
    }
  return TRUE;
}
