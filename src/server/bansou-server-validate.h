/* bansou-server-validate.h — what every request body and text field must be
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The strict gate every request body passes before routing (RFC 8259 only,
 * depth and size within the limits), and the rule for every kind's text
 * members. Both answer BANSOU_API_ERROR codes with English messages that
 * name the position or the field (docs/security.md).
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  BANSOU_TEXT_LINE,       /* one line: no newline */
  BANSOU_TEXT_MULTILINE,  /* a note: newline and tab allowed */
} BansouTextRule;

gboolean bansou_server_check_body (const char     *data,
                                   gsize           length,
                                   guint           max_depth,
                                   gsize           max_size,
                                   GError        **error);
JsonNode *bansou_server_parse_body (const char     *data,
                                   gsize           length,
                                   guint           max_depth,
                                   gsize           max_size,
                                   GError        **error);
gboolean bansou_server_check_text (const char     *field,
                                   const char     *text,
                                   guint           max_chars,
                                   BansouTextRule  rule,
                                   GError        **error);
gboolean bansou_server_check_tree (JsonNode       *root,
                                   GError        **error);
gboolean bansou_json_get_text     (JsonObject     *obj,
                                   const char     *member,
                                   guint           max_chars,
                                   BansouTextRule  rule,
                                   char          **out,
                                   GError        **error);
gboolean bansou_json_get_line     (JsonObject     *obj,
                                   const char     *member,
                                   guint           max_chars,
                                   char          **out,
                                   GError        **error);
gboolean bansou_server_media_type_is_json (const char *content_type);

G_END_DECLS
