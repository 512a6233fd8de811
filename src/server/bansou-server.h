/* bansou-server.h — the HTTP side of bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <libsoup/soup.h>

#include "bansou-server-db.h"

G_BEGIN_DECLS

typedef struct
{
  char   *listen;               /* an IP address; loopback unless TLS is configured */
  guint   port;                 /* 0: ephemeral */
  char   *database;             /* a sqlite file, or a PostgreSQL connection string (no password) */
  char   *database_password_file; /* PostgreSQL's password, never on the command line */
  char   *tls_certificate;      /* PEM files; both or neither */
  char   *tls_key;
  guint64 max_body_bytes;       /* checked before a body is read */
  guint   max_json_depth;
  guint   max_batch;            /* operations in one POST /batch */
  guint   max_page;             /* records in one GET /changes page */
  guint   max_connections;
  guint   max_connections_per_address; /* open connections from one IP address */
  guint   max_pending_per_address;     /* … of them before their headers are in (TLS handshake included) */
  char  **cap_exempt;                  /* addresses the per-address caps skip: a proxy in front (127.0.0.1, ::1) */
  double  rate;                 /* requests per second per token, refilled continuously */
  double  burst;                /* the bucket's size */
  guint   request_timeout;      /* seconds from a request's headers to its response */
  guint   idle_timeout;         /* seconds a connection may sit idle or dribble headers */
  guint   handshake_timeout;    /* seconds from accept() to a completed TLS handshake */
  guint   keepalive_requests;   /* requests on one connection before it is closed (1: no keep-alive) */
  guint   keepalive_seconds;    /* a connection's age after which its next answer closes it */
  guint   max_kept_alive;       /* connections kept open between requests, at most */
  guint64 max_page_bytes;       /* a GET /changes page ends once its records' text passes this */
  guint   baseline_min_answers; /* baseline groups with fewer answers are withheld */
  guint   idempotency_days;     /* how long stored results of writes are kept */
  guint   idempotency_keys;     /* stored results kept per token; the oldest go first */
} BansouServerConfig;

void bansou_server_config_init  (BansouServerConfig *config);
void bansou_server_config_clear (BansouServerConfig *config);

#define BANSOU_TYPE_SERVER (bansou_server_get_type ())

G_DECLARE_FINAL_TYPE (BansouServer, bansou_server, BANSOU, SERVER, GObject)

BansouServer *bansou_server_new    (const BansouServerConfig *config,
                                    BansouServerDb           *db);
char         *bansou_server_start  (BansouServer             *self,
                                    GError                  **error);
void          bansou_server_stop   (BansouServer             *self);

G_END_DECLS
