/* server-harness.c — a real bansou-server for tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "server-harness.h"

static const char *
server_binary (void)
{
  const char *path = g_getenv ("BANSOU_SERVER");

  g_assert_nonnull (path);
  return path;
}

static void
run_or_fail (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

/* PostgreSQL when the test runs under tests/lib/pg-run.sh. */
gboolean
bsv_store_is_pg (void)
{
  const char *pg = g_getenv ("BANSOU_TEST_PG");

  return pg != NULL && *pg != '\0';
}

/* Runs @sql with psql; returns what it printed (unaligned, tuples only). */
static char *
psql (const char *conninfo,
      const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) (const char * const []) { "psql", "-XAtq", "-v", "ON_ERROR_STOP=1", "-d", conninfo,
                                                        "-c", sql, NULL },
                NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("psql %s: %s", sql, err);
  return out;
}

static void
pg_admin (const char *sql)
{
  g_autofree char *conninfo = g_strdup_printf ("%s dbname=postgres", g_getenv ("BANSOU_TEST_PG"));

  g_free (psql (conninfo, sql));
}

char *
bsv_server_query_text (BsvServer  *s,
                       const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  if (s->pg_name != NULL)
    {
      g_autofree char *text = psql (s->db, sql);

      g_string_free (out, TRUE);
      return g_strdup (g_strchomp (text));
    }

  g_assert_cmpint (sqlite3_open_v2 (s->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          if (i > 0)
            g_string_append_c (out, '|');   /* as psql -A prints them */
          if (sqlite3_column_text (stmt, i) != NULL)
            g_string_append (out, (const char *) sqlite3_column_text (stmt, i));
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* The first row's first column as a number; -1 when there is no row. */
gint64
bsv_server_query_int (BsvServer  *s,
                      const char *sql)
{
  g_autofree char *text = bsv_server_query_text (s, sql);
  char *nl = strchr (text, '\n');

  if (nl != NULL)
    *nl = '\0';
  if (*text == '\0')
    return -1;
  return g_ascii_strtoll (text, NULL, 10);
}

void
bsv_server_exec (BsvServer  *s,
                 const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  if (s->pg_name != NULL)
    {
      /* What the tests plant is what an older or broken server might
       * have stored: as in a plain sqlite connection, foreign keys are not
       * checked (the triggers that check them do not fire for a replica). */
      g_autofree char *unchecked = g_strdup_printf ("SET session_replication_role = replica; %s", sql);

      g_free (psql (s->db, unchecked));
      return;
    }
  g_assert_cmpint (sqlite3_open_v2 (s->db, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

#define ANSWER_COLUMNS "round, body, question, status, done_on, note, evidence"

struct sqlite3 *
bsv_server_open_answers (BsvServer *s)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  JsonArray *rows;

  if (s->pg_name == NULL)
    {
      g_assert_cmpint (sqlite3_open_v2 (s->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      sqlite3_busy_timeout (db, 10000);
      return db;
    }

  json = psql (s->db, "SELECT COALESCE(json_agg(json_build_array(" ANSWER_COLUMNS ")), '[]') FROM answers");
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE answers (round TEXT, body TEXT, question TEXT, status TEXT, "
                                     "done_on TEXT, note TEXT, evidence TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO answers (" ANSWER_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                                       -1, &insert, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);

      for (guint c = 0; c < 7; c++)
        {
          JsonNode *v = json_array_get_element (row, c);

          if (JSON_NODE_HOLDS_NULL (v))
            sqlite3_bind_null (insert, c + 1);
          else
            sqlite3_bind_text (insert, c + 1, json_node_get_string (v), -1, SQLITE_TRANSIENT);
        }
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
    }
  sqlite3_finalize (insert);
  return db;
}

/**
 * bsv_server_new:
 * @dir: an empty folder of the test's own
 * @extra_config: (nullable): more key file text, e.g. "[limits]\nrate=1\n"
 *
 * Makes the certificate, the configuration and an initialized database.
 */
static BsvServer *
server_new (const char *dir,
            const char *extra_config,
            BsvServer  *first,
            const char *pg_name)
{
  BsvServer *s = g_new0 (BsvServer, 1);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  s->dir = g_canonicalize_filename (dir, NULL);
  if (first != NULL)
    {
      /* the first one's database; it drops it */
      g_assert_nonnull (first->pg_name);
      s->pg_name = g_strdup (first->pg_name);
      s->shares_db = TRUE;
      s->db = g_strdup (first->db);
    }
  else if (pg_name != NULL)
    {
      /* a database made otherwise (bansou-server migrate); dropped after */
      s->pg_name = g_strdup (pg_name);
      s->db = g_strdup_printf ("%s dbname=%s", g_getenv ("BANSOU_TEST_PG"), s->pg_name);
    }
  else if (bsv_store_is_pg ())
    {
      /* a database of its own in the suite's PostgreSQL */
      static guint n;
      g_autofree char *sql = NULL;

      s->pg_name = g_strdup_printf ("bansou_%d_%u", (int) getpid (), ++n);
      sql = g_strdup_printf ("CREATE DATABASE %s", s->pg_name);
      pg_admin (sql);
      s->db = g_strdup_printf ("%s dbname=%s", g_getenv ("BANSOU_TEST_PG"), s->pg_name);
    }
  else
    s->db = g_build_filename (s->dir, "server.db", NULL);
  s->cert = g_build_filename (s->dir, "cert.pem", NULL);
  s->key = g_build_filename (s->dir, "key.pem", NULL);
  s->config = g_build_filename (s->dir, "server.conf", NULL);
  s->log = g_build_filename (s->dir, "server.log", NULL);

  run_or_fail ((const char * const []) {
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-nodes", "-keyout", s->key, "-out", s->cert, "-days", "30", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", NULL });

  text = g_strdup_printf ("[server]\n"
                          "listen=127.0.0.1\n"
                          "port=0\n"
                          "database=%s\n"
                          "tls-certificate=%s\n"
                          "tls-key=%s\n"
                          "%s",
                          s->db, s->cert, s->key, extra_config ? extra_config : "");
  g_file_set_contents (s->config, text, -1, &error);
  g_assert_no_error (error);

  if (first == NULL && pg_name == NULL)
    run_or_fail ((const char * const []) { server_binary (), "init", "--config", s->config, NULL });

  return s;
}

BsvServer *
bsv_server_new (const char *dir,
                const char *extra_config)
{
  return server_new (dir, extra_config, NULL, NULL);
}

/**
 * bsv_server_new_beside:
 * @first: a server on PostgreSQL
 *
 * Another server on @first's database, with its own folder, certificate
 * and port: the ministry's deployment of several servers (issue 14).
 */
BsvServer *
bsv_server_new_beside (const char *dir,
                       BsvServer  *first,
                       const char *extra_config)
{
  return server_new (dir, extra_config, first, NULL);
}

/* A server on the database @pg_name of the suite's PostgreSQL, which
 * something else filled (not initialized here); dropped by
 * bsv_server_free(). */
BsvServer *
bsv_server_new_on_pg (const char *dir,
                      const char *pg_name)
{
  return server_new (dir, NULL, NULL, pg_name);
}

void
bsv_pg_create_database (const char *name)
{
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);

  pg_admin (sql);
}

/* Makes the (not yet started) server a demo server: `init --demo`. Only a
 * demo server is sent the records of a workbench's demo rounds. */
void
bsv_server_make_demo (BsvServer *s)
{
  g_autofree char *err = NULL;

  g_assert_null (s->proc);
  if (bsv_server_run (s, (const char * const []) { "init", "--demo", NULL }, NULL, &err) != 0)
    g_error ("init --demo failed: %s", err);
}

/* A test that aborts must not leave its server running. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts the server and waits for its "listening on" line: no sleeps. */
void
bsv_server_start (BsvServer *s)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *port = NULL;
  const char *colon;

  g_assert_null (s->proc);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, s->log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  s->proc = g_subprocess_launcher_spawn (launcher, &error, server_binary (), "serve",
                                         "--config", s->config, NULL);
  g_assert_no_error (error);

  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->proc));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL)
    {
      g_autofree char *log = bsv_server_read_log (s);
      g_error ("bansou-server did not start: %s", log);
    }
  g_assert_true (g_str_has_prefix (line, "listening on https://127.0.0.1:"));

  g_free (s->url);
  s->url = g_strdup (line + strlen ("listening on "));
  colon = strrchr (s->url, ':');
  port = g_strdup (colon + 1);
  s->port = (guint16) g_ascii_strtoull (port, NULL, 10);
  g_assert_cmpuint (s->port, >, 0);
}

/* Sends @signum and waits for the process to end. */
void
bsv_server_signal (BsvServer *s,
                   int        signum)
{
  g_autoptr(GError) error = NULL;

  if (s->proc == NULL)
    return;
  g_subprocess_send_signal (s->proc, signum);
  g_subprocess_wait (s->proc, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&s->proc);
}

void
bsv_server_free (BsvServer *s)
{
  if (s == NULL)
    return;
  bsv_server_signal (s, SIGTERM);
  if (s->pg_name != NULL && !s->shares_db)
    {
      g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", s->pg_name);

      pg_admin (sql);
    }
  g_free (s->pg_name);
  g_free (s->dir);
  g_free (s->db);
  g_free (s->cert);
  g_free (s->key);
  g_free (s->config);
  g_free (s->log);
  g_free (s->url);
  g_free (s);
}

char *
bsv_server_read_log (BsvServer *s)
{
  char *text = NULL;

  if (!g_file_get_contents (s->log, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

/* Runs `bansou-server ARGS… --config CONFIG`. */
int
bsv_server_run (BsvServer           *s,
                const char * const  *args,
                char               **out,
                char               **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL;
  g_autofree char *e = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) server_binary ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, s->config);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &o, &e, &status, &error);
  g_assert_no_error (error);
  if (out)
    *out = g_steal_pointer (&o);
  if (err)
    *err = g_steal_pointer (&e);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

char *
bsv_server_token (BsvServer  *s,
                  const char *role,
                  const char *scope,
                  const char *name)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (bsv_server_run (s, (const char * const []) { "token", "create", "--role", role, "--scope", scope,
                                                   "--name", name, NULL }, &out, &err) != 0)
    g_error ("token create failed: %s", err);
  return g_strstrip (g_steal_pointer (&out));
}

SoupSession *
bsv_session_new (BsvServer *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (s->cert, &error);
  SoupSession *session;

  g_assert_no_error (error);
  session = soup_session_new_with_options ("timeout", 60, "max-conns-per-host", 4, NULL);
  soup_session_set_tls_database (session, database);
  /* loopback, never through a proxy (and no proxy settings to look up) */
  soup_session_set_proxy_resolver (session, NULL);
  return session;
}

SoupMessage *
bsv_message_new (BsvServer  *s,
                 const char *method,
                 const char *path,
                 const char *token,
                 const char *if_match,
                 const char *key,
                 const char *body)
{
  g_autofree char *uri = g_strconcat (s->url, "/api/v1", path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (if_match)
    soup_message_headers_replace (headers, "If-Match", if_match);
  if (key)
    soup_message_headers_replace (headers, "Idempotency-Key", key);
  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  /* Writes are idempotent upserts: let libsoup reuse kept-alive connections. */
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  return msg;
}

BsvResponse *
bsv_response_new (SoupMessage *msg,
                  GBytes      *bytes)
{
  BsvResponse *r = g_new0 (BsvResponse, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();

  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  r->body = g_strndup (bytes ? g_bytes_get_data (bytes, NULL) : "", bytes ? g_bytes_get_size (bytes) : 0);
  if (*r->body && json_parser_load_from_data (parser, r->body, -1, NULL))
    r->json = json_node_ref (json_parser_get_root (parser));
  return r;
}

BsvResponse *
bsv_request (SoupSession *session,
             BsvServer   *s,
             const char  *method,
             const char  *path,
             const char  *token,
             const char  *if_match,
             const char  *key,
             const char  *body)
{
  g_autoptr(SoupMessage) msg = bsv_message_new (s, method, path, token, if_match, key, body);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read (session, msg, NULL, &error);

  g_assert_no_error (error);
  return bsv_response_new (msg, bytes);
}

/* As bsv_request(), but a server that is away (refused, reset) gives
 * status 0 instead of failing the test: clients that go on elsewhere. */
BsvResponse *
bsv_request_or_away (SoupSession *session,
                     BsvServer   *s,
                     const char  *method,
                     const char  *path,
                     const char  *token,
                     const char  *if_match,
                     const char  *key,
                     const char  *body)
{
  g_autoptr(SoupMessage) msg = bsv_message_new (s, method, path, token, if_match, key, body);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read (session, msg, NULL, &error);
  BsvResponse *r = bsv_response_new (msg, bytes);

  if (error != NULL)
    r->status = 0;
  return r;
}

void
bsv_response_free (BsvResponse *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->json, json_node_unref);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_free (r->body);
  g_free (r);
}

/* Returns: the "error.code" of an error response, or NULL */
const char *
bsv_error_code (BsvResponse *r)
{
  JsonObject *obj;

  if (r->json == NULL || !JSON_NODE_HOLDS_OBJECT (r->json))
    return NULL;
  obj = json_node_get_object (r->json);
  if (!json_object_has_member (obj, "error"))
    return NULL;
  return json_object_get_string_member (json_object_get_object_member (obj, "error"), "code");
}
