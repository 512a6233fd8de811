/* fuzz-json-strict.c — the strict gate, then json-glib on what it lets through
 *
 * Findings: a crash or sanitizer report in the validator; json-glib refusing
 * (or reading differently) what the validator accepted; json-glib writing
 * back something that is not strict JSON (inf, invalid UTF-8, a lone
 * surrogate) from accepted input — the way one record poisoned the feed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "bansou-fuzz.h"
#include "bansou-json-strict.h"

#define DEPTH BANSOU_JSON_STRICT_MAX_DEPTH
#define SIZE  BANSOU_JSON_STRICT_MAX_SIZE

static void
fuzz_setup (void)
{
}

static void
fuzz_one (const guint8 *data,
          gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *out = NULL;
  JsonNode *root;
  gsize offset = G_MAXSIZE;

  /* the text rule on raw bytes: no NUL terminator, any encoding */
  (void) bansou_json_strict_check_text ("fuzz", (const char *) data, size, NULL);

  if (!bansou_json_strict_validate ((const char *) data, size, DEPTH, SIZE, &offset, &error))
    {
      bansou_fuzz_expect (error != NULL && error->domain == BANSOU_JSON_STRICT_ERROR, "no error set");
      bansou_fuzz_expect (offset <= size, "offset %zu past the end %zu", offset, size);
      return;
    }
  bansou_fuzz_expect (error == NULL, "accepted with an error");

  parser = json_parser_new_immutable ();
  bansou_fuzz_expect (json_parser_load_from_data (parser, (const char *) data, size, &error),
                      "json-glib refused accepted input: %s", error->message);
  root = json_parser_get_root (parser);
  bansou_fuzz_expect (root != NULL, "json-glib found no root in accepted input");

  /* whatever it says, it must not crash or loop */
  (void) bansou_json_strict_check_tree (root, NULL);

  out = json_to_string (root, FALSE);
  bansou_fuzz_expect (bansou_json_strict_validate (out, -1, DEPTH, 64 * SIZE, NULL, &error),
                      "json-glib wrote back non-strict JSON: %s: %s", error->message, out);
}

BANSOU_FUZZ_MAIN (fuzz_setup, fuzz_one)
