/* bansou-server-json.c — reading requests and building records as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Messages here go to API clients, which show their own translated text
 * keyed by the error code: they are plain English, not marked for
 * translation.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include "bansou-server-api.h"
#include "bansou-server-json.h"
#include "bansou-server-util.h"
#include "bansou-server-validate.h"

/* Returns: (transfer full): @node as compact JSON text */
char *
bansou_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  g_return_val_if_fail (node != NULL, NULL);

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

void
bansou_json_add_string_or_null (JsonBuilder *b,
                                const char  *member,
                                const char  *value)
{
  g_return_if_fail (JSON_IS_BUILDER (b));
  g_return_if_fail (member != NULL);

  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* A NULL @value is written as "" */
void
bansou_json_add_string (JsonBuilder *b,
                        const char  *member,
                        const char  *value)
{
  g_return_if_fail (JSON_IS_BUILDER (b));
  g_return_if_fail (member != NULL);

  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value ? value : "");
}

void
bansou_json_add_int (JsonBuilder *b,
                     const char  *member,
                     gint64       value)
{
  g_return_if_fail (JSON_IS_BUILDER (b));
  g_return_if_fail (member != NULL);

  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

gboolean
bansou_json_require_object (JsonNode    *node,
                            const char  *what,
                            GError     **error)
{
  g_return_val_if_fail (what != NULL, FALSE);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "%s must be a JSON object", what);
      return FALSE;
    }
  return TRUE;
}

/* Reads an optional string member: absent or null gives NULL. The text
 * rule of every kind (bansou-server-validate.c) applies: valid UTF-8, no
 * NUL, no control character but tab and newline; one-line members use
 * bansou_json_get_line(). */
gboolean
bansou_json_get_string (JsonObject  *obj,
                        const char  *member,
                        guint        max_chars,
                        char       **out,
                        GError     **error)
{
  return bansou_json_get_text (obj, member, max_chars, BANSOU_TEXT_MULTILINE, out, error);
}

gboolean
bansou_json_get_date (JsonObject  *obj,
                      const char  *member,
                      char       **out,
                      GError     **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (!bansou_json_get_line (obj, member, 10, out, error))
    return FALSE;
  if (*out != NULL && !bansou_server_date_valid (*out))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“%s” must be a date 'YYYY-MM-DD' or null", member);
      g_clear_pointer (out, g_free);
      return FALSE;
    }
  return TRUE;
}

/* A required, non-empty key of up to 64 characters. */
gboolean
bansou_json_get_key (JsonObject  *obj,
                     const char  *member,
                     char       **out,
                     GError     **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (!bansou_json_get_line (obj, member, 64, out, error))
    return FALSE;
  if (*out == NULL || **out == '\0')
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST, "“%s” is required", member);
      return FALSE;
    }
  return TRUE;
}
