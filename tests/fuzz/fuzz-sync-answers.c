/* fuzz-sync-answers.c — the sync client's reading of the server's answers
 *
 * The first byte of an input chooses what the rest is: a page of
 * GET /changes (even) or the answer to a POST /batch of three operations
 * (odd), read exactly as a sync reads them (_bansou_sync_parse_answer():
 * the strict gate, string repair, json-glib; then the page's records one
 * by one, or the batch's results) without applying anything.
 *
 * Findings, besides crashes and sanitizer reports: an error that is not a
 * BANSOU_SYNC_ERROR or strict-JSON error; a record taken from a page whose
 * text breaks the text rule (it would be written locally); an answer read
 * whose tree json-glib writes back as something the gate refuses; a
 * repair that changes a text that was already strict JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <string.h>

#include "bansou-fuzz.h"
#include "bansou-json-strict.h"
#include "bansou-sync-private.h"

#define REQUEST                                                                                          \
  "{\"ops\":["                                                                                           \
  "{\"type\":\"answer\",\"round\":\"2026-10-31\",\"body\":\"342025\",\"question\":\"org.responsibility.ciso\"," \
  "\"base_rev\":0,\"data\":{\"status\":\"done\"}},"                                                      \
  "{\"type\":\"answer\",\"round\":\"2026-10-31\",\"body\":\"342025\",\"question\":\"org.structure.policy\","    \
  "\"base_rev\":3,\"data\":{\"status\":\"na\"}},"                                                        \
  "{\"type\":\"progress\",\"round\":\"2026-10-31\",\"body\":\"342025\",\"base_rev\":0,"                    \
  "\"data\":{\"state\":\"review\"}}]}"

static void
fuzz_setup (void)
{
  bansou_sync_kinds_ensure ();
}

static void
expect_sync_error (const GError *error,
                   const char   *what)
{
  bansou_fuzz_expect (error != NULL && (error->domain == BANSOU_SYNC_ERROR || error->domain == BANSOU_JSON_STRICT_ERROR),
                      "%s failed without a sync error: %s", what, error ? error->message : "none");
}

static void
read_page (JsonNode *root,
           gboolean  plain)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (_bansou_sync_record_free);
  g_autoptr(GPtrArray) unreadable = _bansou_sync_unreadable_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *list;
  const char *epoch;
  gint64 next;
  gboolean more;

  if (!_bansou_sync_read_page_head (root, &list, &epoch, &next, &more, &error))
    {
      expect_sync_error (error, "a page's head");
      return;
    }
  if (!_bansou_sync_read_page_records (list, 0, 5000, next, more, plain, records, unreadable, &error))
    {
      expect_sync_error (error, "a page's records");
      return;
    }
  /* What is taken is clean text, always: it goes into the local database
   * (also when the page's text was found plain and its trees not walked). */
  for (guint i = 0; i < records->len; i++)
    {
      BansouSyncRecord *r = g_ptr_array_index (records, i);
      g_autofree char *reason = NULL;

      bansou_fuzz_expect (_bansou_sync_record_readable (r->node, &reason), "a record taken unreadable: %s", reason);
    }
  bansou_fuzz_expect (records->len + unreadable->len == json_array_get_length (list), "records lost");
}

static void
fuzz_one (const guint8 *data,
          gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *fixed = NULL;
  g_autofree char *out = NULL;
  gsize fixed_len = 0;
  const char *text;
  gsize len;
  gboolean repaired = FALSE;
  guint n_unreadable = 0;

  if (size == 0)
    return;
  text = (const char *) data + 1;
  len = size - 1;

  /* The repair leaves strict JSON exactly as it was. */
  fixed = _bansou_sync_repair_strings (text, len, &fixed_len);
  if (bansou_json_strict_validate (text, (gssize) len, BANSOU_SYNC_MAX_DEPTH, G_MAXSIZE, NULL, NULL))
    bansou_fuzz_expect (fixed_len == len && memcmp (fixed, text, len) == 0, "a repair changed strict JSON");

  if (data[0] & 1)
    {
      if (!_bansou_sync_read_batch_answer (REQUEST, text, len, &n_unreadable, &error))
        expect_sync_error (error, "a batch answer");
      bansou_fuzz_expect (n_unreadable <= 3, "more unreadable results than operations");
      return;
    }

  root = _bansou_sync_parse_answer (text, len, &repaired, &error);
  if (root == NULL)
    {
      expect_sync_error (error, "an answer");
      return;
    }
  out = json_to_string (root, FALSE);
  bansou_fuzz_expect (bansou_json_strict_validate (out, -1, BANSOU_SYNC_MAX_DEPTH + 1, G_MAXSIZE, NULL, &error),
                      "read, then written back not strict: %s", error ? error->message : "");
  /* As the sync does (Run.answer_plain) */
  read_page (root, !repaired && bansou_json_strict_text_is_plain (text, len));
}

BANSOU_FUZZ_MAIN (fuzz_setup, fuzz_one)
