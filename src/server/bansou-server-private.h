/* bansou-server-private.h — shared by the HTTP side's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * bansou-server.c: connections, limits, authentication, responses, the
 * server's life. bansou-server-routes.c: the route table and the
 * handlers. bansou-server-write.c: idempotent writes in one transaction.
 */
#pragma once

#include "bansou-server.h"
#include "bansou-server-api.h"

G_BEGIN_DECLS

#define BANSOU_API_PREFIX "/api/v1/"

struct _BansouServer
{
  GObject             parent_instance;

  BansouServerConfig  config;
  BansouServerDb     *db;
  SoupServer         *soup;
  GTlsCertificate    *certificate;

  GSocketService     *service;      /* accepts; libsoup gets finished streams */
  GHashTable         *connections;  /* Conn*, owned */
  GHashTable         *addresses;    /* IP address text → Address (counts) */
  guint64             refused;      /* connections refused by the per-address caps */
  guint               n_evicted;    /* connections closing to make room, not counted */
  guint               n_kept;       /* connections allowed to stay open after an answer */
  GHashTable         *buckets;      /* token id → Bucket */
  GHashTable         *baselines;    /* "ROUND FINAL" → BansouCachedBaselines */
  guint               sweep_id;
  guint               prune_id;
  GHashTable         *refusals;     /* address → 401s of its minute (bansou-server-audit.c) */
  guint               refusals_id;
};

/* National baselines are a pass over the nation's answers of a round;
 * every workbench asks for them after each sync. A result stays valid
 * until the next write (the database's head revision moves). */
typedef struct
{
  gint64    head;
  JsonNode *node;
} BansouCachedBaselines;

/* ------------------------------------------------------------------------ */
/* Routes (bansou-server-routes.c)                                          */

typedef enum
{
  BANSOU_ROUTE_PUBLIC          = 1 << 0, /* no token: answered before authentication */
  BANSOU_ROUTE_ROLE_AFTER_BODY = 1 << 1, /* the role is checked once the body is read and parsed */
} BansouRouteFlags;

typedef struct _BansouServerRequest BansouServerRequest;
typedef void (*BansouRouteHandler) (BansouServerRequest *req);

/* One endpoint. Requests are answered in this order: the path must match
 * a pattern (404); a public route answers at once; then the token (401)
 * and its rate (429); then the guards (a body in the path must be in the
 * token's scope); then the method (405) and the role (403, audited),
 * before any body is read — unless BANSOU_ROUTE_ROLE_AFTER_BODY, where
 * a write checks it after the body is parsed. */
typedef struct
{
  const char         *method;
  const char         *pattern;   /* under /api/v1/; "{name}" captures one segment */
  BansouRouteHandler  handler;
  const char         *kind;      /* the record kind a record route reads or writes */
  BansouRole          role;      /* the role required; BANSOU_N_ROLES: any token */
  BansouRouteFlags    flags;
  const char         *why;       /* why another role is refused: the audit trail */
  const char         *refusal;   /* … and the client's message */
} BansouServerRoute;

struct _BansouServerRequest
{
  BansouServer            *server;
  SoupServerMessage       *msg;
  GHashTable              *query;
  const BansouServerRoute *route;
  const BansouServerToken *token;   /* NULL on a public route */
  char                   **seg;     /* the path under /api/v1/, split */
  guint                    n_seg;
};

void _bansou_server_handle_cb (SoupServer        *server,
                               SoupServerMessage *msg,
                               const char        *path,
                               GHashTable        *query,
                               gpointer           user_data);

/* ------------------------------------------------------------------------ */
/* Writes (bansou-server-write.c)                                           */

typedef enum
{
  BANSOU_WRITE_PUT,
  BANSOU_WRITE_BATCH,
  BANSOU_WRITE_ALERT,
} BansouWriteKind;

void _bansou_server_handle_write (BansouServerRequest *req,
                                  BansouWriteKind      kind,
                                  BansouOp            *op);

/* ------------------------------------------------------------------------ */
/* Responses, authentication (bansou-server.c)                              */

void      _bansou_server_respond_text    (SoupServerMessage       *msg,
                                          guint                    status,
                                          char                    *json);
void      _bansou_server_respond_node    (SoupServerMessage       *msg,
                                          guint                    status,
                                          JsonNode                *node);
JsonNode *_bansou_server_error_node      (const char              *code,
                                          const char              *message,
                                          JsonNode                *current,
                                          int                      index);
void      _bansou_server_respond_error   (SoupServerMessage       *msg,
                                          BansouApiError           code,
                                          const char              *message);
void      _bansou_server_respond_gerror  (SoupServerMessage       *msg,
                                          const GError            *error,
                                          int                      index);
void      _bansou_server_audit_forbidden (BansouServer            *self,
                                          const BansouServerToken *token,
                                          SoupServerMessage       *msg,
                                          const char              *detail);
BansouServerToken *_bansou_server_authenticate (BansouServer       *self,
                                                SoupServerMessage  *msg,
                                                GError            **error);
guint     _bansou_server_rate_limit      (BansouServer            *self,
                                          const BansouServerToken *token);

/* ------------------------------------------------------------------------ */
/* The trace of refused tokens (bansou-server-audit.c)                      */

#define BANSOU_UNAUTHORIZED_LINES     5     /* per address and minute, then one summary */
#define BANSOU_UNAUTHORIZED_ADDRESSES 4096  /* followed one by one; the rest share a line */

void      _bansou_server_audit_unauthorized (BansouServer      *self,
                                             SoupServerMessage *msg);
void      _bansou_server_audit_flush        (BansouServer      *self,
                                             gboolean           all);

G_END_DECLS
