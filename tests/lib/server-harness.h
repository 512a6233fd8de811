/* server-harness.h — a real bansou-server for tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Each server gets its own folder, database and self-signed certificate
 * (made with openssl), listens on 127.0.0.1 port 0 with TLS, and is talked
 * to with a real SoupSession trusting exactly that certificate.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  char        *db;       /* the sqlite file, or the PostgreSQL connection string */
  char        *pg_name;  /* the database's name in BANSOU_TEST_PG's server; NULL on sqlite */
  gboolean     shares_db; /* bsv_server_new_beside(): another server's database */
  char        *cert;     /* absolute: GTlsFileDatabase needs it */
  char        *key;
  char        *config;
  char        *log;      /* the server's stderr */
  GSubprocess *proc;
  char        *url;      /* https://127.0.0.1:PORT */
  guint16      port;
} BsvServer;

typedef struct
{
  guint               status;
  JsonNode           *json;     /* nullable */
  char               *body;
  SoupMessageHeaders *headers;
} BsvResponse;

BsvServer   *bsv_server_new        (const char  *dir,
                                    const char  *extra_config);
BsvServer   *bsv_server_new_beside (const char  *dir,
                                    BsvServer   *first,
                                    const char  *extra_config);
BsvServer   *bsv_server_new_on_pg  (const char  *dir,
                                    const char  *pg_name);
void         bsv_pg_create_database (const char *name);
void         bsv_server_make_demo  (BsvServer   *server);
void         bsv_server_start      (BsvServer   *server);
void         bsv_server_signal     (BsvServer   *server,
                                    int          signum);
void         bsv_server_free       (BsvServer   *server);
int          bsv_server_run        (BsvServer   *server,
                                    const char * const *args,
                                    char       **out,
                                    char       **err);
char        *bsv_server_token      (BsvServer   *server,
                                    const char  *role,
                                    const char  *scope,
                                    const char  *name);
char        *bsv_server_read_log   (BsvServer   *server);

/* The server's database, whichever store it is (tests/lib/pg-run.sh):
 * bsv_server_query_text() gives every row, one a line, columns joined by
 * '|' (as psql -A prints them); bsv_server_query_int() the first one. */
gboolean     bsv_store_is_pg       (void);
gint64       bsv_server_query_int  (BsvServer   *server,
                                    const char  *sql);
char        *bsv_server_query_text (BsvServer   *server,
                                    const char  *sql);
void         bsv_server_exec       (BsvServer   *server,
                                    const char  *sql);
/* The server's answers as a sqlite database, for the core's checksum:
 * the file itself read-only, or, on PostgreSQL, a copy in memory (a table
 * "answers" of the columns the checksum reads). sqlite3_close() it. */
struct sqlite3 *bsv_server_open_answers (BsvServer *server);

SoupSession *bsv_session_new       (BsvServer   *server);
SoupMessage *bsv_message_new       (BsvServer   *server,
                                    const char  *method,
                                    const char  *path,
                                    const char  *token,
                                    const char  *if_match,
                                    const char  *key,
                                    const char  *body);
BsvResponse *bsv_request           (SoupSession *session,
                                    BsvServer   *server,
                                    const char  *method,
                                    const char  *path,
                                    const char  *token,
                                    const char  *if_match,
                                    const char  *key,
                                    const char  *body);
BsvResponse *bsv_request_or_away   (SoupSession *session,
                                    BsvServer   *server,
                                    const char  *method,
                                    const char  *path,
                                    const char  *token,
                                    const char  *if_match,
                                    const char  *key,
                                    const char  *body);
BsvResponse *bsv_response_new      (SoupMessage *msg,
                                    GBytes      *bytes);
void         bsv_response_free     (BsvResponse *response);
const char  *bsv_error_code        (BsvResponse *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsvResponse, bsv_response_free)

G_END_DECLS
