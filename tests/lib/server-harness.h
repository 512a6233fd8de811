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
  char        *db;
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
BsvResponse *bsv_response_new      (SoupMessage *msg,
                                    GBytes      *bytes);
void         bsv_response_free     (BsvResponse *response);
const char  *bsv_error_code        (BsvResponse *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsvResponse, bsv_response_free)

G_END_DECLS
