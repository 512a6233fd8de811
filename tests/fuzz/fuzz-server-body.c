/* fuzz-server-body.c — bansou-server's reading of a request body
 *
 * Each input is a request body, read exactly as bansou-server reads one
 * (bansou_server_parse_body(): the strict gate, json-glib, the text rule on
 * every string), then validated as every write would be — as a batch (each
 * operation through bansou_op_new_from_batch() and the kind's validation
 * against a real server database with an open round), as the PUT of an
 * answer, of progress, of a round and of a body, and as an alert — for a
 * prefecture's token and the nation's. The first line of the input is also
 * tried as a Content-Type header.
 *
 * Findings, besides crashes and sanitizer reports: a body that passes the
 * gate but that json-glib refuses, or writes back as something the gate
 * refuses (the way one note poisoned the change feed); an error that is
 * not a BANSOU_API_ERROR; a validated text field that breaks the text rule.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "bansou-fuzz.h"
#include "bansou-json-strict.h"
#include "bansou-server-api.h"
#include "bansou-server-db.h"
#include "bansou-server-validate.h"

#define ROUND "2026-10-31"
#define DEPTH 32
#define SIZE  (1024 * 1024)

static BansouServerDb   *db;
static char             *dir;
static BansouServerToken prefecture = { 2, BANSOU_ROLE_PREFECTURE, (char *) "34", (char *) "広島県", NULL, NULL };
static BansouServerToken national = { 1, BANSOU_ROLE_NATIONAL, (char *) "00", (char *) "総務省", NULL, NULL };

static void
remove_dir (void)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fuzz_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  BansouServerStore *store;

  dir = g_dir_make_tmp ("bansou-fuzz-server-XXXXXX", &error);
  bansou_fuzz_expect (dir != NULL, "tmp: %s", error->message);
  atexit (remove_dir);
  path = g_build_filename (dir, "server.db", NULL);
  db = bansou_server_db_open (path, NULL, TRUE, &error);
  bansou_fuzz_expect (db != NULL, "db: %s", error->message);
  bansou_fuzz_expect (bansou_server_db_seed (db, &error), "seed: %s", error->message);
  store = bansou_server_db_get_store (db);
  bansou_fuzz_expect (store->klass->exec (store,
                                          "INSERT INTO rounds (id, title, catalog_version, due, rev, updated_at, updated_by) "
                                          "SELECT '" ROUND "', 'r', version, NULL, 1, '2026-11-01T00:00:00Z', 'fuzz' "
                                          "FROM catalogs LIMIT 1", &error),
                      "round: %s", error ? error->message : "");
}

static void
expect_api_error (const GError *error,
                  const char   *what)
{
  bansou_fuzz_expect (error != NULL && error->domain == BANSOU_API_ERROR && error->code < BANSOU_API_N_ERRORS,
                      "%s failed without an API error: %s", what, error ? error->message : "none");
  bansou_fuzz_expect (g_utf8_validate (error->message, -1, NULL), "%s: an error message that is not UTF-8", what);
}

static void
validate_op (BansouOp                *op,
             const BansouServerToken *token,
             const char              *what)
{
  g_autoptr(GError) error = NULL;

  if (!bansou_op_validate (db, token, op, &error))
    expect_api_error (error, what);
}

/* The PUT of one record of @type whose body is @root. */
static void
try_put (JsonNode   *root,
         const char *type,
         const char *k1,
         const char *k2,
         const char *k3)
{
  g_autoptr(BansouOp) op = bansou_op_new (type, k1, k2, k3);

  op->base_rev = 0;
  op->data = json_node_ref (root);
  validate_op (op, &prefecture, type);
}

static void
fuzz_one (const guint8 *data,
          gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *first_line = NULL;
  g_autofree char *out = NULL;
  const char *nl;

  /* The Content-Type header: any first line without NUL. */
  nl = memchr (data, '\n', size);
  first_line = g_strndup ((const char *) data, nl ? (gsize) (nl - (const char *) data) : size);
  (void) bansou_server_media_type_is_json (first_line);

  root = bansou_server_parse_body ((const char *) data, size, DEPTH, SIZE, &error);
  if (root == NULL)
    {
      expect_api_error (error, "parse_body");
      bansou_fuzz_expect (error->code == BANSOU_API_ERROR_INVALID_JSON || error->code == BANSOU_API_ERROR_JSON_TOO_DEEP ||
                          error->code == BANSOU_API_ERROR_INVALID_REQUEST || error->code == BANSOU_API_ERROR_PAYLOAD_TOO_LARGE,
                          "parse_body: code %d", error->code);
      return;
    }

  /* What the server writes back (records, stored idempotent results) is
   * strict JSON again. */
  out = bansou_json_to_string (root);
  bansou_fuzz_expect (bansou_server_check_body (out, strlen (out), DEPTH + 1, G_MAXSIZE, &error),
                      "written back, not strict: %s", error->message);

  /* As a batch */
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *list = json_object_get_member (json_node_get_object (root), "ops");

      if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
        {
          JsonArray *array = json_node_get_array (list);

          for (guint i = 0; i < MIN (json_array_get_length (array), 64u); i++)
            {
              g_autoptr(GError) local = NULL;
              g_autoptr(BansouOp) op = bansou_op_new_from_batch (json_array_get_element (array, i), &local);

              if (op == NULL)
                {
                  expect_api_error (local, "a batch operation");
                  continue;
                }
              validate_op (op, &prefecture, "a batch operation");
            }
        }
    }

  /* As the PUT of each kind a prefecture writes, and an alert */
  try_put (root, "answer", ROUND, "342025", "org.responsibility.ciso");
  try_put (root, "progress", ROUND, "342025", NULL);
  try_put (root, "body", "X34001", NULL, NULL);
  {
    g_autoptr(BansouOp) op = bansou_op_new ("round", ROUND, NULL, NULL);

    op->base_rev = 1;
    op->data = json_node_ref (root);
    validate_op (op, &national, "round");
  }
  {
    g_autoptr(GError) local = NULL;

    if (!bansou_api_validate_alert (root, &local))
      expect_api_error (local, "alert");
  }
}

BANSOU_FUZZ_MAIN (fuzz_setup, fuzz_one)
