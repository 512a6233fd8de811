/* bansou-json-strict.h — RFC 8259 JSON only, checked before json-glib parses it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* json-glib's, declared here so that this header can be included without it
 * (tests/test-json-strict-jansson.c: jansson and json-glib clash). */
typedef struct _JsonNode JsonNode;

#define BANSOU_JSON_STRICT_ERROR (bansou_json_strict_error_quark ())

typedef enum
{
  BANSOU_JSON_STRICT_ERROR_TOO_LARGE,  /* longer than the size limit: nothing was read */
  BANSOU_JSON_STRICT_ERROR_TOO_DEEP,   /* arrays and objects nest deeper than the limit */
  BANSOU_JSON_STRICT_ERROR_SYNTAX,     /* not the RFC 8259 grammar: comments, '…', two roots, 01, … */
  BANSOU_JSON_STRICT_ERROR_STRING,     /* a raw control character, a bad escape, a lone surrogate, \u0000 */
  BANSOU_JSON_STRICT_ERROR_ENCODING,   /* not UTF-8: overlong forms, encoded surrogates, > U+10FFFF */
  BANSOU_JSON_STRICT_ERROR_NUMBER,     /* a number json-glib would turn into ±inf or wrap around */
  BANSOU_JSON_STRICT_ERROR_TEXT,       /* a text field: NUL, a control character, not UTF-8 */
} BansouJsonStrictError;

/* What bansou-server allowed before (docs/api.md): 32 levels, 1 MiB. */
#define BANSOU_JSON_STRICT_MAX_DEPTH     32
#define BANSOU_JSON_STRICT_MAX_SIZE      (1024 * 1024)
/* The largest depth a caller may ask for: the scanner's stack is a fixed
 * bit array, so no input can make it allocate. */
#define BANSOU_JSON_STRICT_DEPTH_CAP     4096

GQuark      bansou_json_strict_error_quark  (void);

gboolean    bansou_json_strict_validate     (const char  *data,
                                             gssize       length,
                                             guint        max_depth,
                                             gsize        max_size,
                                             gsize       *error_offset,
                                             GError     **error);
JsonNode   *bansou_json_strict_parse        (const char  *data,
                                             gssize       length,
                                             guint        max_depth,
                                             gsize        max_size,
                                             GError     **error);
gboolean    bansou_json_strict_check_text   (const char  *field,
                                             const char  *text,
                                             gssize       length,
                                             GError     **error);
gboolean    bansou_json_strict_check_tree   (JsonNode    *root,
                                             GError     **error);
gboolean    bansou_json_strict_text_is_plain (const char *data,
                                             gsize        length);

G_END_DECLS
