/* test-hostile.c — bansou-server and the sync client against hostile input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The findings of issue 9 that are about input, each against a real
 * bansou-server on 127.0.0.1 (tests/lib/server-harness.c): one request
 * that crashed it, text that is not JSON, a note that poisoned every
 * change-feed page, 401s that left no trace, database files readable by
 * all, ambiguous lengths, media types compared byte for byte; and a
 * workbench that keeps syncing past a record it cannot read.
 * docs/security.md says what each defends.
 */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "bansou-json-strict.h"
#include "bansou-test-utils.h"
#include "server-harness.h"

#define ROUND "2026-10-31"
#define Q1 "org.responsibility.ciso"
#define Q2 "org.responsibility.departments"
#define ANSWER_PATH "/bodies/342025/rounds/" ROUND "/answers/" Q1

typedef struct
{
  BsvServer   *server;
  SoupSession *session;
  char        *national;
  char        *hiroshima;   /* prefecture 34 */
} Fixture;

static BsvResponse *
req (Fixture    *f,
     const char *method,
     const char *path,
     const char *token,
     const char *if_match,
     const char *key,
     const char *body)
{
  return bsv_request (f->session, f->server, method, path, token, if_match, key, body);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *dir = bansou_test_make_dir ();
  g_autoptr(BsvResponse) r = NULL;

  f->server = bsv_server_new (dir, data);
  f->national = bsv_server_token (f->server, "national", "00", "総務省");
  f->hiroshima = bsv_server_token (f->server, "prefecture", "34", "広島県");
  bsv_server_start (f->server);
  f->session = bsv_session_new (f->server);

  r = req (f, "PUT", "/rounds/" ROUND, f->national, "\"0\"", "round-1",
           "{\"title\":\"令和8年度\",\"catalog_version\":\"2026.1\",\"due\":\"2026-12-15\"}");
  g_assert_cmpuint (r->status, ==, 201);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  bsv_server_free (f->server);
  g_free (f->national);
  g_free (f->hiroshima);
}

static gint64
db_count (Fixture    *f,
          const char *sql)
{
  return bsv_server_query_int (f->server, sql);
}

static const char *
error_message (BsvResponse *r)
{
  g_assert_nonnull (r->json);
  return json_object_get_string_member (json_object_get_object_member (json_node_get_object (r->json), "error"),
                                        "message");
}

static void
assert_alive (Fixture *f)
{
  g_autoptr(BsvResponse) health = req (f, "GET", "/health", NULL, NULL, NULL, NULL);

  g_assert_cmpuint (health->status, ==, 200);
}

/* The change feed as the national desk reads it: strict JSON, always. */
static void
assert_feed_strict (Fixture *f)
{
  g_autoptr(BsvResponse) feed = req (f, "GET", "/changes?since=0&limit=5000", f->national, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (feed->status, ==, 200);
  bansou_json_strict_validate (feed->body, -1, 64, G_MAXSIZE, NULL, &error);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------------ */
/* Finding 1: one request crashed the server                                */

static char *
single_quote_nesting (const char *prefix,
                      guint       levels)
{
  GString *s = g_string_new (prefix);

  /* The old pre-scan took the '"' inside '…' for the start of a string
   * and never saw the brackets after it; json-glib took '…' as a string
   * and recursed 100,000 levels deep. */
  g_string_append (s, "'\"',\"x\":");
  for (guint i = 0; i < levels; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < levels; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

static void
test_single_quote_nesting (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *batch = single_quote_nesting ("{\"ops\":", 100000);
  g_autofree char *alert = single_quote_nesting ("{\"severity\":", 100000);
  g_autoptr(BsvResponse) r1 = NULL;
  g_autoptr(BsvResponse) r2 = NULL;
  g_autoptr(BsvResponse) r3 = NULL;

  r1 = req (f, "POST", "/batch", f->hiroshima, NULL, "crash-1", batch);
  g_assert_cmpuint (r1->status, ==, 400);
  g_assert_cmpstr (bsv_error_code (r1), ==, "invalid_json");
  g_assert_nonnull (strstr (error_message (r1), "at byte 7"));
  assert_alive (f);

  /* /alerts is for the national desk, but a prefecture's body reached
   * json-glib before its role was checked. */
  r2 = req (f, "POST", "/alerts", f->hiroshima, NULL, "crash-2", alert);
  g_assert_cmpuint (r2->status, ==, 400);
  g_assert_cmpstr (bsv_error_code (r2), ==, "invalid_json");
  assert_alive (f);

  /* And a route that takes no body at all. */
  r3 = req (f, "PUT", "/rounds/" ROUND, f->hiroshima, "\"0\"", "crash-3", alert);
  g_assert_cmpuint (r3->status, ==, 400);
  assert_alive (f);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM answers"), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* Finding 2: not-JSON was accepted                                         */

static void
test_not_json (Fixture       *f,
               gconstpointer  data)
{
  static const struct { const char *what, *body; } cases[] = {
    { "single quotes", "{'status':'done'}" },
    { "a single-quoted value", "{\"status\":'done'}" },
    { "a block comment", "{\"status\":\"done\"/* c */}" },
    { "a line comment", "{\"status\":\"done\"}\n// c\n" },
    { "two roots", "{\"status\":\"done\"}{\"status\":\"na\"}" },
    { "a raw newline in a string", "{\"status\":\"done\",\"note\":\"a\nb\"}" },
    { "a raw tab in a string", "{\"status\":\"done\",\"note\":\"a\tb\"}" },
    { "a trailing comma", "{\"status\":\"done\",}" },
    { "trailing text", "{\"status\":\"done\"} x" },
    { "a bad escape", "{\"status\":\"done\",\"note\":\"\\x41\"}" },
    { "a leading zero", "{\"status\":\"done\",\"x\":01}" },
    { "not UTF-8", "{\"status\":\"done\",\"note\":\"\xff\"}" },
    { "an overlong form", "{\"status\":\"done\",\"note\":\"\xc0\xaf\"}" },
    { "a BOM", "\xef\xbb\xbf{\"status\":\"done\"}" },
    { "a bare word", "done" },
    { "empty", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = g_strdup_printf ("nj-%u", i);
      g_autoptr(BsvResponse) r = req (f, "PUT", ANSWER_PATH, f->hiroshima, "\"0\"", key, cases[i].body);

      g_test_message ("%s", cases[i].what);
      g_assert_cmpuint (r->status, ==, 400);
      g_assert_cmpstr (bsv_error_code (r), ==, "invalid_json");
      if (*cases[i].body)
        g_assert_nonnull (strstr (error_message (r), "at byte"));
    }

  /* The same through a batch. */
  {
    g_autoptr(BsvResponse) r = req (f, "POST", "/batch", f->hiroshima, NULL, "nj-batch",
                                    "{\"ops\":[{\"type\":\"answer\",\"body\":\"342025\",\"round\":\"" ROUND "\","
                                    "\"question\":\"" Q1 "\",\"base_rev\":0,\"data\":{'status':'done'}}]}");
    g_assert_cmpuint (r->status, ==, 400);
    g_assert_cmpstr (bsv_error_code (r), ==, "invalid_json");
  }
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM answers"), ==, 0);
  assert_alive (f);
}

/* ------------------------------------------------------------------------ */
/* Finding 3: one answer poisoned sync for good                             */

static void
test_poison_note_refused (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const notes[] = {
    "x\\ud800y",          /* a lone high surrogate: stored as invalid UTF-8 */
    "x\\udc00y",          /* a lone low one */
    "x\\ud800\\u0041y",   /* high, then not a low one */
    "x\\u0000y",          /* NUL: cut the note short */
  };
  g_autoptr(BsvResponse) good = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"status\":\"done\",\"note\":\"%s\"}", notes[i]);
      g_autofree char *batch = g_strdup_printf ("{\"ops\":[{\"type\":\"answer\",\"body\":\"342025\",\"round\":\"" ROUND
                                                "\",\"question\":\"" Q2 "\",\"base_rev\":0,\"data\":%s}]}", body);
      g_autofree char *k1 = g_strdup_printf ("poison-put-%u", i);
      g_autofree char *k2 = g_strdup_printf ("poison-batch-%u", i);
      g_autoptr(BsvResponse) put = req (f, "PUT", ANSWER_PATH, f->hiroshima, "\"0\"", k1, body);
      g_autoptr(BsvResponse) bat = req (f, "POST", "/batch", f->hiroshima, NULL, k2, batch);

      g_test_message ("note %s", notes[i]);
      g_assert_cmpuint (put->status, ==, 400);
      g_assert_cmpstr (bsv_error_code (put), ==, "invalid_json");
      g_assert_nonnull (strstr (error_message (put), "at byte"));
      g_assert_cmpuint (bat->status, ==, 400);
      g_assert_cmpstr (bsv_error_code (bat), ==, "invalid_json");
    }
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM answers"), ==, 0);

  /* A proper pair is a character like any other. */
  good = req (f, "PUT", ANSWER_PATH, f->hiroshima, "\"0\"", "poison-good",
              "{\"status\":\"done\",\"note\":\"\\ud83d\\ude00 規程\"}");
  g_assert_cmpuint (good->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (good->json), "note"), ==, "😀 規程");
  assert_feed_strict (f);
}

/* ------------------------------------------------------------------------ */
/* Text fields: one rule for every kind                                     */

static void
expect_field_refused (Fixture    *f,
                      const char *method,
                      const char *path,
                      const char *token,
                      const char *if_match,
                      const char *body,
                      const char *field)
{
  static guint n;
  g_autofree char *key = g_strdup_printf ("text-%u", n++);
  g_autoptr(BsvResponse) r = req (f, method, path, token, if_match, key, body);
  g_autofree char *named = g_strdup_printf ("field %s ", field);
  g_autofree char *quoted = g_strdup_printf ("“%s”", field);   /* the kinds' own messages */

  g_test_message ("%s %s: %s", method, path, body);
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (bsv_error_code (r), ==, "invalid_request");
  g_test_message ("→ %s", error_message (r));
  g_assert_true (strstr (error_message (r), named) != NULL || strstr (error_message (r), quoted) != NULL);
}

static void
test_text_fields (Fixture       *f,
                  gconstpointer  data)
{
  GString *long_note = g_string_new ("{\"status\":\"done\",\"note\":\"");
  g_autofree char *long_text = NULL;
  g_autofree char *too_long = NULL;
  g_autoptr(BsvResponse) ok = NULL;
  g_autoptr(BsvResponse) max = NULL;
  g_autoptr(BsvResponse) alert = NULL;
  g_autoptr(BsvResponse) progress = NULL;

  /* answer note and evidence: multi-line text */
  expect_field_refused (f, "PUT", ANSWER_PATH, f->hiroshima, "\"0\"",
                        "{\"status\":\"done\",\"note\":\"bell\\u0007\"}", "note");
  expect_field_refused (f, "PUT", ANSWER_PATH, f->hiroshima, "\"0\"",
                        "{\"status\":\"done\",\"evidence\":\"\\u001b[2J\"}", "evidence");
  expect_field_refused (f, "PUT", ANSWER_PATH, f->hiroshima, "\"0\"",
                        "{\"status\":\"done\",\"note\":\"a\\rb\"}", "note");
  expect_field_refused (f, "PUT", ANSWER_PATH, f->hiroshima, "\"0\"",
                        "{\"status\":\"done\",\"note\":\"\\u0085next line\"}", "note");
  expect_field_refused (f, "PUT", ANSWER_PATH, f->hiroshima, "\"0\"",
                        "{\"status\":\"done\",\"note\":\"del\\u007f\"}", "note");
  /* in a batch, named by its place */
  expect_field_refused (f, "POST", "/batch", f->hiroshima, NULL,
                        "{\"ops\":[{\"type\":\"answer\",\"body\":\"342025\",\"round\":\"" ROUND "\","
                        "\"question\":\"" Q1 "\",\"base_rev\":0,\"data\":{\"note\":\"\\u0007\"}}]}",
                        "ops[0].data.note");
  /* body names and progress assignees: one line */
  expect_field_refused (f, "PUT", "/bodies/X34001", f->hiroshima, "\"0\"",
                        "{\"kind\":\"partial-union\",\"name\":\"組合\\n二行目\"}", "name");
  expect_field_refused (f, "PUT", "/bodies/X34001", f->hiroshima, "\"0\"",
                        "{\"kind\":\"partial-union\",\"name\":\"\"}", "name");
  expect_field_refused (f, "PUT", "/bodies/342025/rounds/" ROUND "/progress", f->hiroshima, "\"0\"",
                        "{\"state\":\"answering\",\"assignee\":\"情報\\n政策課\"}", "assignee");
  /* alert titles one line, messages several */
  expect_field_refused (f, "POST", "/alerts", f->national, NULL,
                        "{\"prefectures\":[\"34\"],\"severity\":\"warning\",\"title\":\"VPN\\n機器\",\"message\":\"至急\"}",
                        "title");
  expect_field_refused (f, "POST", "/alerts", f->national, NULL,
                        "{\"prefectures\":[\"34\"],\"severity\":\"warning\",\"title\":\"VPN\",\"message\":\"至急\\u0007\"}",
                        "message");
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM answers"), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM alerts"), ==, 0);

  /* Tabs and line breaks in a note are fine; lengths are characters. */
  ok = req (f, "PUT", ANSWER_PATH, f->hiroshima, "\"0\"", "text-ok",
            "{\"status\":\"partial\",\"note\":\"一行目\\n\\t二行目\",\"evidence\":\"規程 第3条\"}");
  g_assert_cmpuint (ok->status, ==, 201);
  for (guint i = 0; i < 4000; i++)
    g_string_append (long_note, "規");
  long_text = g_strconcat (long_note->str, "\"}", NULL);
  too_long = g_strconcat (long_note->str, "規\"}", NULL);
  g_string_free (long_note, TRUE);
  max = req (f, "PUT", "/bodies/342025/rounds/" ROUND "/answers/" Q2, f->hiroshima, "\"0\"", "text-max", long_text);
  g_assert_cmpuint (max->status, ==, 201);
  expect_field_refused (f, "PUT", "/bodies/342025/rounds/" ROUND "/answers/" Q2, f->hiroshima, "\"0\"",
                        too_long, "note");
  alert = req (f, "POST", "/alerts", f->national, NULL, "text-alert",
               "{\"prefectures\":[\"34\"],\"severity\":\"info\",\"title\":\"VPN機器\",\"message\":\"一行目\\n二行目\"}");
  g_assert_cmpuint (alert->status, ==, 201);
  progress = req (f, "PUT", "/bodies/342025/rounds/" ROUND "/progress", f->hiroshima, "\"0\"", "text-progress",
                  "{\"state\":\"answering\",\"assignee\":\"情報政策課\"}");
  g_assert_cmpuint (progress->status, ==, 201);
  assert_feed_strict (f);
}

/* ------------------------------------------------------------------------ */
/* Finding 7: 401s leave a bounded trace                                    */

static void
test_unauthorized_audit (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *revoked = bsv_server_token (f->server, "prefecture", "35", "山口県");
  g_autofree char *out = NULL, *err = NULL, *log = NULL;
  g_autoptr(BsvResponse) first = NULL;
  g_autoptr(BsvResponse) none = NULL;
  guint in_log = 0, one_by_one = 0, counted = 0, summaries = 0;
  g_auto(GStrv) log_lines = NULL;
  g_autofree char *rows_text = NULL;
  g_auto(GStrv) rows = NULL;

  /* the fixture made tokens 1 and 2; this is 3 */
  g_assert_cmpint (bsv_server_run (f->server, (const char * const []) { "token", "revoke", "3", NULL }, &out, &err), ==, 0);
  first = req (f, "GET", "/rounds", revoked, NULL, NULL, NULL);
  g_assert_cmpuint (first->status, ==, 401);
  none = req (f, "GET", "/rounds", NULL, NULL, NULL, NULL);
  g_assert_cmpuint (none->status, ==, 401);

  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(BsvResponse) r = req (f, "GET", "/rounds", "bns_guessed-token-000000000000000000000000000",
                                      NULL, NULL, NULL);
      g_assert_cmpuint (r->status, ==, 401);
    }

  /* The first few of a minute one by one: the revoked token named (never
   * the token itself), then the missing one. */
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit WHERE outcome = 'unauthorized' "
                                "AND detail LIKE 'the revoked token 3 (山口県)%'"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit WHERE outcome = 'unauthorized' AND detail = 'no token'"), ==, 1);

  /* The rest as one count per address and minute, written when the minute
   * ends or the server stops. Minutes are not the test's to decide (the
   * requests may take more than one on a busy machine), so: every request
   * is accounted for, and at most BANSOU_UNAUTHORIZED_LINES (5) lines plus
   * one summary stand for each minute. */
  bsv_server_signal (f->server, SIGTERM);
  rows_text = bsv_server_query_text (f->server, "SELECT target, detail FROM audit WHERE outcome = 'unauthorized'");
  rows = g_strsplit (rows_text, "\n", -1);
  for (guint i = 0; rows[i] != NULL && *rows[i] != '\0'; i++)
    {
      g_auto(GStrv) cols = g_strsplit (rows[i], "|", 2);
      const char *target = cols[0];
      const char *detail = cols[1] ? cols[1] : "";

      if (g_str_equal (target, "(summary)"))
        {
          g_assert_true (g_str_has_suffix (detail, "more unauthorized requests in the same minute, not logged one by one"));
          counted += (guint) g_ascii_strtoull (detail, NULL, 10);
          summaries++;
        }
      else
        one_by_one++;
    }
  g_test_message ("%u lines one by one, %u summaries counting %u", one_by_one, summaries, counted);
  g_assert_cmpuint (one_by_one + counted, ==, 1002);
  g_assert_cmpuint (summaries, >=, 1);
  g_assert_cmpuint (one_by_one, <=, 5 * summaries + 5);
  /* 1,002 requests cannot take the test's whole timeout (5 minutes). */
  g_assert_cmpuint (one_by_one + summaries, <=, 6 * 5);

  log = bsv_server_read_log (f->server);
  log_lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; log_lines[i]; i++)
    in_log += strstr (log_lines[i], "audit: unauthorized") != NULL;
  g_assert_cmpuint (in_log, ==, one_by_one + summaries);
  /* A token is never repeated in the log. */
  g_assert_null (strstr (log, "bns_guessed"));
  g_assert_null (strstr (log, revoked));
}

/* ------------------------------------------------------------------------ */
/* Finding 7: database files 0600                                           */

static void
assert_private_files (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *base = g_path_get_basename (db_path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint seen = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, base))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        GStatBuf st;

        g_assert_cmpint (g_stat (path, &st), ==, 0);
        g_test_message ("%s %o", name, st.st_mode & 0777);
        g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
        seen++;
      }
  /* the database, its -wal and -shm at least */
  g_assert_cmpuint (seen, >=, 3);
}

static void
test_file_modes (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(BsvResponse) w = NULL;
  mode_t old = umask (022);  /* the usual umask, which made them 0644 */

  w = req (f, "PUT", ANSWER_PATH, f->hiroshima, "\"0\"", "mode-1", "{\"status\":\"done\"}");
  g_assert_cmpuint (w->status, ==, 201);
  if (!bsv_store_is_pg ())   /* PostgreSQL's files are its own (initdb makes them 0600) */
    assert_private_files (f->server->db);

  /* A workbench's database, made by the core's one sqlite layer. */
  store = bansou_test_open_store (&path);
  assert_private_files (path);
  umask (old);
}

/* ------------------------------------------------------------------------ */
/* Finding 7: ambiguous lengths, media types                                */

static GIOStream *
raw_connect (Fixture *f)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GError) error = NULL;
  GIOStream *tls;

  g_socket_client_set_timeout (client, 30);
  g_socket_client_set_enable_proxy (client, FALSE);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", f->server->port, NULL, &error);
  g_assert_no_error (error);
  identity = g_network_address_new ("127.0.0.1", f->server->port);
  tls = g_tls_client_connection_new (G_IO_STREAM (conn), identity, &error);
  g_assert_no_error (error);
  database = g_tls_file_database_new (f->server->cert, &error);
  g_assert_no_error (error);
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error);
  g_assert_no_error (error);
  return tls;
}

/* Sends @head and @body as they are and reads the answer to its end. */
static char *
raw_exchange (Fixture    *f,
              const char *head,
              const char *body)
{
  g_autoptr(GIOStream) tls = raw_connect (f);
  g_autofree char *request = g_strconcat (head, "\r\n", body, NULL);
  GString *response = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (tls), request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      char buf[4096];
      gssize n = g_input_stream_read (g_io_stream_get_input_stream (tls), buf, sizeof buf, NULL, NULL);

      if (n <= 0)
        break;
      g_string_append_len (response, buf, n);
    }
  return g_string_free (response, FALSE);
}

static void
test_content_length (Fixture       *f,
                     gconstpointer  data)
{
  const char *body = "{\"status\":\"done\"}";   /* 17 bytes */
  static const char * const framings[] = {
    "Content-Length: 17\r\nContent-Length: 17\r\n",
    "Content-Length: 17\r\nContent-Length: 5\r\n",
    "Content-Length: 5\r\nContent-Length: 17\r\n",
    "Content-Length: 17, 17\r\n",
    "Content-Length: +17\r\n",
    "Content-Length: 17\r\nTransfer-Encoding: chunked\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (framings); i++)
    {
      g_autofree char *head = g_strdup_printf ("PUT /api/v1" ANSWER_PATH " HTTP/1.1\r\n"
                                               "Host: 127.0.0.1\r\n"
                                               "Authorization: Bearer %s\r\n"
                                               "If-Match: \"0\"\r\n"
                                               "Idempotency-Key: cl-%u\r\n"
                                               "Content-Type: application/json\r\n"
                                               "%s",
                                               f->hiroshima, i, framings[i]);
      g_autofree char *response = raw_exchange (f, head, body);

      g_test_message ("%s→ %.40s", framings[i], response);
      /* refused by libsoup itself (a list in one header) or by us */
      g_assert_true (g_str_has_prefix (response, "HTTP/1.1 400"));
    }
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM answers"), ==, 0);

  /* One length is a request like any other. */
  {
    g_autofree char *head = g_strdup_printf ("PUT /api/v1" ANSWER_PATH " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                             "Authorization: Bearer %s\r\nIf-Match: \"0\"\r\n"
                                             "Idempotency-Key: cl-ok\r\nContent-Type: application/json\r\n"
                                             "Content-Length: 17\r\n", f->hiroshima);
    g_autofree char *response = raw_exchange (f, head, body);

    g_assert_true (g_str_has_prefix (response, "HTTP/1.1 201"));
  }
}

static BsvResponse *
send_typed (Fixture    *f,
            const char *content_type,
            const char *key,
            const char *question)
{
  g_autofree char *path = g_strdup_printf ("/bodies/342025/rounds/" ROUND "/answers/%s", question);
  g_autoptr(SoupMessage) msg = bsv_message_new (f->server, "PUT", path, f->hiroshima, "\"0\"", key,
                                                "{\"status\":\"done\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Content-Type", content_type);
  bytes = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  return bsv_response_new (msg, bytes);
}

static void
test_media_type (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(BsvResponse) upper = send_typed (f, "APPLICATION/JSON; charset=utf-8", "mt-1", Q1);
  g_autoptr(BsvResponse) mixed = send_typed (f, "Application/Json;Charset=\"UTF-8\"", "mt-2", Q2);
  g_autoptr(BsvResponse) latin = send_typed (f, "application/json; charset=iso-8859-1", "mt-3", Q2);
  g_autoptr(BsvResponse) text = send_typed (f, "text/plain", "mt-4", Q2);
  g_autoptr(BsvResponse) other = send_typed (f, "application/json-patch+json", "mt-5", Q2);

  g_assert_cmpuint (upper->status, ==, 201);
  g_assert_cmpuint (mixed->status, ==, 201);
  g_assert_cmpuint (latin->status, ==, 415);
  g_assert_cmpuint (text->status, ==, 415);
  g_assert_cmpuint (other->status, ==, 415);
  g_assert_cmpstr (bsv_error_code (text), ==, "unsupported_media_type");
}

/* ------------------------------------------------------------------------ */
/* Finding 3, the client: one poisoned record never stops a sync again      */

#define Q3 "org.structure.policy"

static void
server_exec (Fixture    *f,
             const char *sql)
{
  bsv_server_exec (f->server, sql);
}

static gint64
bench_count (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static BansouSync *
bench_sync_new (Fixture  *f,
                char    **path)
{
  g_autoptr(BansouStore) store = bansou_test_open_store (path);
  g_autoptr(GError) error = NULL;
  BansouSync *sync;

  bansou_store_set_setting (store, "prefecture", "34", &error);
  g_assert_no_error (error);
  sync = bansou_sync_new (*path);
  bansou_sync_set_server (sync, f->server->url, f->hiroshima, f->server->cert);
  return sync;
}

static void
test_poisoned_feed_passed_over (Fixture       *f,
                                gconstpointer  data)
{
  static const char * const questions[] = { Q1, Q2, Q3 };
  g_autofree char *path = NULL;
  g_autofree char *keys = NULL;
  g_autoptr(BansouSync) sync = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsvResponse) fix = NULL;
  g_autofree char *fix_body = NULL;
  BansouSyncStats stats = { 0 };
  gint64 rev1;

  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    {
      g_autofree char *qpath = g_strdup_printf ("/bodies/342025/rounds/" ROUND "/answers/%s", questions[i]);
      g_autofree char *key = g_strdup_printf ("poison-%u", i);
      g_autoptr(BsvResponse) r = req (f, "PUT", qpath, f->hiroshima, "\"0\"", key,
                                      "{\"status\":\"done\",\"note\":\"規程あり\"}");
      g_assert_cmpuint (r->status, ==, 201);
    }
  {
    g_autoptr(BsvResponse) p = req (f, "PUT", "/bodies/342025/rounds/" ROUND "/progress", f->hiroshima, "\"0\"",
                                    "poison-progress", "{\"state\":\"answering\",\"assignee\":\"情報政策課\"}");
    g_assert_cmpuint (p->status, ==, 201);
  }
  /* What a server before the strict gate stored: "x\ud800y" became the
   * bytes of an encoded surrogate (not UTF-8), and a bell went in raw. */
  if (!bsv_store_is_pg ())
    {
      server_exec (f, "UPDATE answers SET note = CAST (X'78EDA08079' AS TEXT) "
                      "WHERE question = '" Q1 "'");
      server_exec (f, "UPDATE answers SET evidence = CAST (X'62656C6C07' AS TEXT) "
                      "WHERE question = '" Q2 "'");
    }
  else
    {
      /* PostgreSQL refuses text that is not UTF-8, so that poison cannot
       * be there; control characters can. */
      server_exec (f, "UPDATE answers SET note = E'x\\001y' WHERE question = '" Q1 "'");
      server_exec (f, "UPDATE answers SET evidence = E'bell\\007' WHERE question = '" Q2 "'");
    }

  sync = bench_sync_new (f, &path);
  bansou_sync_run (sync, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.quarantined, ==, 2);

  /* Everything else arrived: the round, the third answer, the progress … */
  g_assert_cmpint (bench_count (path, "SELECT COUNT(*) FROM rounds WHERE id = '" ROUND "'"), ==, 1);
  g_assert_cmpint (bench_count (path, "SELECT COUNT(*) FROM answers WHERE body = '342025' AND question = '" Q3 "' "
                                      "AND note = '規程あり'"), ==, 1);
  g_assert_cmpint (bench_count (path, "SELECT COUNT(*) FROM progress WHERE body = '342025'"), ==, 1);
  /* … the poisoned ones did not, and are kept aside with their keys … */
  g_assert_cmpint (bench_count (path, "SELECT COUNT(*) FROM answers WHERE question IN ('" Q1 "', '" Q2 "')"), ==, 0);
  store = bansou_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bansou_sync_count_quarantined (store, &keys), ==, 2);
  g_assert_nonnull (strstr (keys, "answer " ROUND "/342025/" Q1));
  g_assert_cmpint (bench_count (path, "SELECT COUNT(*) FROM audit WHERE entity = 'sync-quarantine'"), ==, 2);
  /* … and the cursor went past them. */
  g_assert_cmpint (bench_count (path, "SELECT CAST (value AS INTEGER) FROM settings WHERE key = 'sync-cursor'"), ==,
                   db_count (f, "SELECT max(rev) FROM changes"));

  /* Again: nothing new, nothing kept twice. */
  memset (&stats, 0, sizeof stats);
  bansou_sync_run (sync, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bansou_sync_count_quarantined (store, NULL), ==, 2);

  /* The prefecture writes the answer again: the readable version is taken
   * and what was kept aside of it goes. */
  rev1 = db_count (f, "SELECT rev FROM answers WHERE question = '" Q1 "'");
  fix_body = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", rev1);
  fix = req (f, "PUT", ANSWER_PATH, f->hiroshima, fix_body, "poison-fix", "{\"status\":\"done\",\"note\":\"xy\"}");
  g_assert_cmpuint (fix->status, ==, 200);
  bansou_sync_run (sync, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bench_count (path, "SELECT COUNT(*) FROM answers WHERE question = '" Q1 "' AND note = 'xy'"), ==, 1);
  g_assert_cmpuint (bansou_sync_count_quarantined (store, NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

#define ADD(path, func, config) \
  g_test_add ("/hostile/" path, Fixture, config, fixture_setup, func, fixture_teardown)
  ADD ("single-quote-nesting", test_single_quote_nesting, NULL);
  ADD ("not-json", test_not_json, NULL);
  ADD ("poison-note-refused", test_poison_note_refused, NULL);
  ADD ("text-fields", test_text_fields, NULL);
  ADD ("unauthorized-audit", test_unauthorized_audit, NULL);
  ADD ("file-modes", test_file_modes, NULL);
  ADD ("content-length", test_content_length, NULL);
  ADD ("media-type", test_media_type, NULL);
  ADD ("poisoned-feed-passed-over", test_poisoned_feed_passed_over, NULL);
#undef ADD

  return g_test_run ();
}
