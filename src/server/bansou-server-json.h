/* bansou-server-json.h — reading requests and building records as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <json-glib/json-glib.h>
#include "bansou-server-store.h"

#include "bansou-server-validate.h"

G_BEGIN_DECLS

#define BANSOU_MAX_TEXT  4000
#define BANSOU_MAX_SHORT 200

static inline const char *
bansou_col_text (BansouServerStmt *stmt,
                 int           col)
{
  return bansou_server_stmt_column_text (stmt, col);
}

char     *bansou_json_to_string      (JsonNode     *node);

void      bansou_json_add_string     (JsonBuilder  *b,
                                      const char   *member,
                                      const char   *value);
void      bansou_json_add_string_or_null (JsonBuilder *b,
                                          const char  *member,
                                          const char  *value);
void      bansou_json_add_int        (JsonBuilder  *b,
                                      const char   *member,
                                      gint64        value);

gboolean  bansou_json_require_object (JsonNode     *node,
                                      const char   *what,
                                      GError      **error);
gboolean  bansou_json_get_string     (JsonObject   *obj,
                                      const char   *member,
                                      guint         max_chars,
                                      char        **out,
                                      GError      **error);
gboolean  bansou_json_get_date       (JsonObject   *obj,
                                      const char   *member,
                                      char        **out,
                                      GError      **error);
gboolean  bansou_json_get_key        (JsonObject   *obj,
                                      const char   *member,
                                      char        **out,
                                      GError      **error);

G_END_DECLS
