/* bansou-server.c — the HTTP side of bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * SoupServer has no limits of its own, so they are enforced here, as early
 * as each can be: connections are counted when their first request starts;
 * a body's size is judged from its headers (an oversized one is answered
 * 413 and the connection closed before the body is read); chunked bodies
 * are counted as they arrive; JSON depth is checked on the raw bytes before
 * json-glib builds a tree. Handlers run on the main loop and every one of
 * them is bounded (page and batch sizes), so no request can hold the
 * server for long.
 */
#define G_LOG_DOMAIN "bansou-server"
#define _GNU_SOURCE  /* POLLRDHUP */

#include "config.h"

#include <poll.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bansou-server.h"
#include "bansou-server-api.h"

#define API_PREFIX "/api/v1/"

struct _BansouServer
{
  GObject             parent_instance;

  BansouServerConfig  config;
  BansouServerDb     *db;
  SoupServer         *soup;
  GTlsCertificate    *certificate;

  GHashTable         *connections;  /* Conn*, owned by their GSocket's qdata */
  GHashTable         *buckets;      /* token id → Bucket */
  GHashTable         *baselines;    /* "ROUND FINAL" → CachedBaselines */
  guint               sweep_id;
  guint               prune_id;
};

G_DEFINE_FINAL_TYPE (BansouServer, bansou_server, G_TYPE_OBJECT)

typedef struct
{
  BansouServer      *server;   /* NULL once the server is gone */
  GSocket           *socket;   /* not a reference: this struct lives in its qdata */
  SoupServerMessage *current;  /* weak: the message waiting on this connection */
  gint64             last_activity;
  gint64             request_started;
  gboolean           in_request;
  gboolean           rejected;
} Conn;

typedef struct
{
  double tokens;
  gint64 last;
} Bucket;

/* National baselines are a pass over the nation's answers of a round;
 * every workbench asks for them after each sync. A result stays valid
 * until the next write (the database's head revision moves). */
typedef struct
{
  gint64    head;
  JsonNode *node;
} CachedBaselines;

static void
cached_baselines_free (gpointer data)
{
  CachedBaselines *cached = data;

  json_node_unref (cached->node);
  g_free (cached);
}

static GQuark conn_quark;
static GQuark body_size_quark;

/* ------------------------------------------------------------------------ */
/* Configuration                                                            */

void
bansou_server_config_init (BansouServerConfig *config)
{
  memset (config, 0, sizeof *config);
  config->listen = g_strdup ("127.0.0.1");
  config->port = 8470;
  config->max_body_bytes = 1024 * 1024;
  config->max_json_depth = 32;
  config->max_batch = 1000;
  config->max_page = 5000;
  config->max_connections = 256;
  config->rate = 50;
  config->burst = 100;
  config->request_timeout = 30;
  config->idle_timeout = 60;
  config->baseline_min_answers = 3;
  config->idempotency_days = 7;
}

void
bansou_server_config_clear (BansouServerConfig *config)
{
  g_clear_pointer (&config->listen, g_free);
  g_clear_pointer (&config->database, g_free);
  g_clear_pointer (&config->tls_certificate, g_free);
  g_clear_pointer (&config->tls_key, g_free);
}

/* ------------------------------------------------------------------------ */
/* Responses                                                                */

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              char              *json)   /* (transfer full) */
{
  /* libsoup 3.2 knows no phrase for these */
  const char *phrase = status == 428 ? "Precondition Required" : status == 429 ? "Too Many Requests" : NULL;

  soup_server_message_set_status (msg, status, phrase);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, json, strlen (json));

  /* One request per connection. libsoup 3.2.3 never frees a kept-alive
   * connection that ends while idle, whichever side closes it (about 24 KB
   * with TLS each, for ever); a response with "Connection: close" is the
   * one path on which it disconnects and frees everything. Syncs send few,
   * large requests (batches, pages of 5000), so the extra handshakes cost
   * little; behind nginx they are loopback connects. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

static char *
node_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

static void
respond_node (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  respond_text (msg, status, node_to_string (node));
}

static JsonNode *
error_node (const char *code,
            const char *message,
            JsonNode   *current,  /* nullable: for stale_revision */
            int         index)    /* -1: none; for batches */
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  if (index >= 0)
    {
      json_builder_set_member_name (b, "index");
      json_builder_add_int_value (b, index);
    }
  if (current != NULL)
    {
      json_builder_set_member_name (b, "current");
      json_builder_add_value (b, json_node_copy (current));
    }
  json_builder_end_object (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static void
respond_error (SoupServerMessage *msg,
               BansouApiError     code,
               const char        *message)
{
  g_autoptr(JsonNode) node = error_node (bansou_api_error_id (code), message, NULL, -1);

  if (code == BANSOU_API_ERROR_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer realm=\"bansou\"");
  respond_node (msg, bansou_api_error_status (code), node);
}

static void
respond_gerror (SoupServerMessage *msg,
                const GError      *error,
                int                index)
{
  g_autoptr(JsonNode) node = NULL;
  BansouApiError code = BANSOU_API_ERROR_INTERNAL;

  if (error->domain == BANSOU_API_ERROR)
    code = error->code;
  else
    g_warning ("Internal error: %s", error->message);

  node = error_node (bansou_api_error_id (code),
                     code == BANSOU_API_ERROR_INTERNAL ? "The server could not complete the request" : error->message,
                     NULL, index);
  respond_node (msg, bansou_api_error_status (code), node);
}

/* Answers on a connection taken from libsoup, then closes it: used before
 * the request body is read, so an oversized body is never received. */
typedef struct
{
  GIOStream *stream;
  char      *response;
} Canned;

static void
canned_closed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Canned *c = user_data;

  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  g_object_unref (c->stream);
  g_free (c->response);
  g_free (c);
}

static void
canned_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Canned *c = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close_async (c->stream, G_PRIORITY_DEFAULT, NULL, canned_closed_cb, c);
}

static void
respond_and_close (SoupServerMessage *msg,
                   BansouApiError     code,
                   const char        *message,
                   guint              retry_after)
{
  g_autoptr(JsonNode) node = error_node (bansou_api_error_id (code), message, NULL, -1);
  g_autofree char *body = node_to_string (node);
  g_autofree char *retry = retry_after ? g_strdup_printf ("Retry-After: %u\r\n", retry_after) : g_strdup ("");
  guint status = bansou_api_error_status (code);
  Canned *c = g_new0 (Canned, 1);

  c->response = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                                 "Content-Type: application/json\r\n"
                                 "Content-Length: %zu\r\n"
                                 "%s"
                                 "Connection: close\r\n"
                                 "\r\n%s",
                                 status, status == 503 ? "Service Unavailable" : "Payload Too Large",
                                 strlen (body), retry, body);
  c->stream = soup_server_message_steal_connection (msg);
  if (c->stream == NULL)
    {
      g_free (c->response);
      g_free (c);
      return;
    }
  g_output_stream_write_all_async (g_io_stream_get_output_stream (c->stream),
                                   c->response, strlen (c->response), G_PRIORITY_DEFAULT,
                                   NULL, canned_written_cb, c);
}

/* ------------------------------------------------------------------------ */
/* Connections and timeouts                                                 */

static void
conn_set_current (Conn              *conn,
                  SoupServerMessage *msg)
{
  if (conn->current == msg)
    return;
  if (conn->current != NULL)
    g_object_remove_weak_pointer (G_OBJECT (conn->current), (gpointer *) &conn->current);
  conn->current = msg;
  if (msg != NULL)
    g_object_add_weak_pointer (G_OBJECT (msg), (gpointer *) &conn->current);
}

static void
conn_free (gpointer data)
{
  Conn *conn = data;

  if (conn->server != NULL)
    g_hash_table_remove (conn->server->connections, conn);
  conn_set_current (conn, NULL);
  g_free (conn);
}

/* The client has closed its side (FIN seen): nothing more can come. */
static gboolean
peer_closed (GSocket *socket)
{
  struct pollfd pfd = { .fd = g_socket_get_fd (socket), .events = POLLIN | POLLRDHUP };

  if (g_socket_is_closed (socket) || pfd.fd < 0)
    return TRUE;
  if (poll (&pfd, 1, 0) <= 0)
    return FALSE;
  return (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

/* libsoup 3.2 reads the end of an idle kept-alive connection but never
 * closes it: the socket would stay in CLOSE-WAIT, and in our count, for
 * ever. Every response closes its connection (respond_text()), so this is
 * a safety net: such a connection is taken back from libsoup and closed. */
static void
conn_reclaim (BansouServer *self,
              Conn         *conn)
{
  g_autoptr(GIOStream) stream = NULL;

  g_hash_table_remove (self->connections, conn);
  if (g_socket_is_closed (conn->socket))
    return;  /* libsoup closed it; only our count was left */
  if (conn->current != NULL)
    stream = soup_server_message_steal_connection (conn->current);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
  else if (!g_socket_is_closed (conn->socket))
    g_socket_close (conn->socket, NULL);
}

/* Reclaims every idle connection whose client has gone. */
static void
purge_closed (BansouServer *self)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  Conn *conn;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *) &conn, NULL))
    if (g_socket_is_closed (conn->socket) || (!conn->in_request && peer_closed (conn->socket)))
      g_ptr_array_add (gone, conn);
  for (guint i = 0; i < gone->len; i++)
    conn_reclaim (self, g_ptr_array_index (gone, i));
}

static Conn *
conn_for_message (BansouServer      *self,
                  SoupServerMessage *msg,
                  gboolean           create)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Conn *conn;

  if (socket == NULL)
    return NULL;
  conn = g_object_get_qdata (G_OBJECT (socket), conn_quark);
  if (conn == NULL && create)
    {
      conn = g_new0 (Conn, 1);
      conn->server = self;
      conn->socket = socket;
      conn->last_activity = g_get_monotonic_time ();
      g_hash_table_add (self->connections, conn);
      g_object_set_qdata_full (G_OBJECT (socket), conn_quark, conn, conn_free);

      /* Beyond the cap the connection is answered 503 and closed as soon
       * as its headers are in (see early_handler_cb). */
      if (g_hash_table_size (self->connections) > self->config.max_connections)
        {
          purge_closed (self);
          conn->rejected = g_hash_table_size (self->connections) > self->config.max_connections;
        }
    }
  return conn;
}

static void
got_headers_cb (SoupServerMessage *msg,
                BansouServer      *self)
{
  Conn *conn = conn_for_message (self, msg, FALSE);

  if (conn != NULL)
    {
      conn->in_request = TRUE;
      conn->request_started = g_get_monotonic_time ();
    }
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              BansouServer      *self)
{
  guint64 seen = GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (msg), body_size_quark));

  seen += g_bytes_get_size (chunk);
  g_object_set_qdata (G_OBJECT (msg), body_size_quark, GSIZE_TO_POINTER ((gsize) seen));

  /* A chunked body has no length up front: stop it once it is too big. */
  if (seen > self->config.max_body_bytes)
    {
      g_signal_handlers_disconnect_by_func (msg, got_chunk_cb, self);
      respond_and_close (msg, BANSOU_API_ERROR_PAYLOAD_TOO_LARGE, "The request body is too large", 0);
    }
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    BansouServer      *self)
{
  Conn *conn = conn_for_message (self, msg, TRUE);

  if (conn != NULL)
    conn_set_current (conn, msg);
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), self, 0);
}

static void
request_done_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 BansouServer      *self)
{
  Conn *conn = conn_for_message (self, msg, FALSE);

  if (conn != NULL)
    {
      conn->in_request = FALSE;
      conn->last_activity = g_get_monotonic_time ();
    }
}

/* Closes connections that sit idle, dribble their headers, or take too long
 * over a request: a slow client cannot hold a connection slot for ever. */
static gboolean
sweep_cb (gpointer user_data)
{
  BansouServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();
  GHashTableIter iter;
  Conn *conn;

  purge_closed (self);

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *) &conn, NULL))
    {
      if (conn->in_request)
        {
          /* libsoup is reading or writing: a shutdown makes its I/O fail
           * and it cleans the connection up itself. */
          if (now - conn->request_started > (gint64) self->config.request_timeout * G_USEC_PER_SEC &&
              !g_socket_is_closed (conn->socket))
            {
              g_debug ("Closing a connection: request timeout");
              g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
              conn->in_request = FALSE;
              conn->last_activity = now;
            }
        }
      else if (now - conn->last_activity > (gint64) self->config.idle_timeout * G_USEC_PER_SEC)
        g_ptr_array_add (idle, conn);
    }

  for (guint i = 0; i < idle->len; i++)
    {
      g_debug ("Closing an idle connection");
      conn_reclaim (self, g_ptr_array_index (idle, i));
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
prune_cb (gpointer user_data)
{
  BansouServer *self = user_data;

  bansou_server_db_prune_idempotency (self->db, self->config.idempotency_days);
  return G_SOURCE_CONTINUE;
}

/* Runs when the headers are in, before the body is read. */
static void
early_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  BansouServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Conn *conn = conn_for_message (self, msg, FALSE);

  if (conn != NULL && conn->rejected)
    {
      g_message ("Refusing a connection: %u connections are open", self->config.max_connections);
      respond_and_close (msg, BANSOU_API_ERROR_TOO_MANY_CONNECTIONS,
                         "The server has too many open connections; try again shortly", 1);
      return;
    }

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      if ((guint64) soup_message_headers_get_content_length (headers) > self->config.max_body_bytes)
        respond_and_close (msg, BANSOU_API_ERROR_PAYLOAD_TOO_LARGE, "The request body is too large", 0);
      break;
    case SOUP_ENCODING_CHUNKED:
    case SOUP_ENCODING_EOF:
      g_signal_connect_object (msg, "got-chunk", G_CALLBACK (got_chunk_cb), self, 0);
      break;
    case SOUP_ENCODING_NONE:
    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_BYTERANGES:
    default:
      break;
    }
}

/* ------------------------------------------------------------------------ */
/* Authentication and rate                                                  */

static BansouServerToken *
authenticate (BansouServer      *self,
              SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  header += 7;
  while (*header == ' ')
    header++;

  return bansou_server_db_lookup_token (self->db, header);
}

/* Returns: 0 if the request may go on, else the seconds to wait */
static guint
rate_limit (BansouServer            *self,
            const BansouServerToken *token)
{
  gint64 now = g_get_monotonic_time ();
  Bucket *bucket = g_hash_table_lookup (self->buckets, &token->id);

  if (bucket == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = token->id;
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = self->config.burst;
      bucket->last = now;
      g_hash_table_insert (self->buckets, key, bucket);
    }

  bucket->tokens = MIN (self->config.burst,
                        bucket->tokens + (now - bucket->last) / (double) G_USEC_PER_SEC * self->config.rate);
  bucket->last = now;

  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      return 0;
    }

  return (guint) MAX (1.0, (1.0 - bucket->tokens) / self->config.rate + 0.999);
}

static void
audit_forbidden (BansouServer            *self,
                 const BansouServerToken *token,
                 SoupServerMessage       *msg,
                 const char              *detail)
{
  g_autofree char *target = g_strdup_printf ("%s %s", soup_server_message_get_method (msg),
                                             g_uri_get_path (soup_server_message_get_uri (msg)));
  g_autoptr(GError) error = NULL;

  if (!bansou_server_db_audit (self->db, token, "request", target, "forbidden", detail, &error))
    g_warning ("Could not write the audit trail: %s", error->message);
}

/* ------------------------------------------------------------------------ */
/* Writes: idempotency, revisions, one transaction                          */

typedef struct
{
  BansouServer            *self;
  const BansouServerToken *token;
  GPtrArray               *ops;         /* BansouOp; NULL for an alert */
  JsonNode                *alert;       /* POST /alerts */
  gboolean                 batch;
  const char              *key;
  const char              *fingerprint;

  guint                    status;      /* out */
  char                    *response;    /* out */
  int                      failed_index;
} Write;

static gboolean
store_result (BansouServerDb  *db,
              Write           *w,
              GError         **error)
{
  g_autoptr(BansouCachedStmt) stmt = NULL;
  g_autofree char *now = bansou_server_now ();

  stmt = bansou_server_db_prepare (db,
                                   "INSERT INTO idempotency (token, key, fingerprint, status, response, created_at) "
                                   "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->token->id);
  sqlite3_bind_text (stmt, 2, w->key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, w->fingerprint, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, w->status);
  sqlite3_bind_text (stmt, 5, w->response, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);

  return bansou_server_db_step_done (db, stmt, error);
}

static gboolean
write_cb (BansouServerDb  *db,
          gpointer         user_data,
          GError         **error)
{
  Write *w = user_data;

  if (w->alert != NULL)
    {
      g_autoptr(JsonNode) record = bansou_api_create_alert (db, w->token, w->alert, error);

      if (record == NULL)
        return FALSE;
      w->status = 201;
      w->response = node_to_string (record);
    }
  else if (!w->batch)
    {
      g_autoptr(JsonNode) record = NULL;

      w->status = bansou_op_apply (db, w->token, g_ptr_array_index (w->ops, 0), &record, error);
      if (w->status == 0)
        return FALSE;
      if (w->status == 412)
        {
          g_autoptr(JsonNode) node = error_node ("stale_revision",
                                                 "The record changed on the server since the revision "
                                                 "this write is based on",
                                                 record, -1);
          w->response = node_to_string (node);
        }
      else
        w->response = node_to_string (record);
    }
  else
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      guint applied = 0, conflicts = 0;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "results");
      json_builder_begin_array (b);
      for (guint i = 0; i < w->ops->len; i++)
        {
          g_autoptr(JsonNode) record = NULL;
          guint status = bansou_op_apply (db, w->token, g_ptr_array_index (w->ops, i), &record, error);

          if (status == 0)
            {
              w->failed_index = i;
              return FALSE;
            }
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "status");
          json_builder_add_int_value (b, status);
          if (status == 412)
            {
              json_builder_set_member_name (b, "error");
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "code");
              json_builder_add_string_value (b, "stale_revision");
              json_builder_end_object (b);
              json_builder_set_member_name (b, "current");
              json_builder_add_value (b, g_steal_pointer (&record));
              conflicts++;
            }
          else
            {
              json_builder_set_member_name (b, "rev");
              json_builder_add_int_value (b, json_object_get_int_member (json_node_get_object (record), "rev"));
              applied++;
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "applied");
      json_builder_add_int_value (b, applied);
      json_builder_set_member_name (b, "conflicts");
      json_builder_add_int_value (b, conflicts);
      json_builder_end_object (b);

      root = json_builder_get_root (b);
      w->status = 200;
      w->response = node_to_string (root);
    }

  return store_result (db, w, error);
}

static gboolean
valid_idempotency_key (const char *key)
{
  gsize len;

  if (key == NULL)
    return FALSE;
  len = strlen (key);
  if (len == 0 || len > 200)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (key[i] < 0x21 || key[i] > 0x7e)
      return FALSE;
  return TRUE;
}

/* Parses `If-Match: "12"` (a strong ETag holding a revision; "0" to create). */
static gboolean
parse_if_match (SoupServerMessage *msg,
                gint64            *out,
                GError           **error)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "If-Match");
  g_autofree char *digits = NULL;
  guint64 value;

  if (header == NULL)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_REVISION_REQUIRED,
                   "A write names the revision it is based on: If-Match: \"<rev>\" (\"0\" to create)");
      return FALSE;
    }
  while (*header == ' ')
    header++;
  if (header[0] != '"' || strlen (header) < 3 || header[strlen (header) - 1] != '"')
    goto bad;
  digits = g_strndup (header + 1, strlen (header) - 2);
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64, &value, NULL))
    goto bad;
  *out = (gint64) value;
  return TRUE;

bad:
  g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
               "If-Match must be one revision in quotes, such as \"12\" (\"0\" to create)");
  return FALSE;
}

static JsonNode *
parse_body (BansouServer       *self,
            GBytes             *bytes,
            GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len == 0)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_JSON, "The request has no JSON body");
      return NULL;
    }
  if (!bansou_server_json_depth_ok (data, len, self->config.max_json_depth))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_JSON_TOO_DEEP,
                   "The JSON nests deeper than %u levels", self->config.max_json_depth);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, len, &local))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_JSON,
                   "The body is not valid JSON: %s", local->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_JSON, "The request has no JSON body");
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

typedef enum
{
  WRITE_PUT,
  WRITE_BATCH,
  WRITE_ALERT,
} WriteKind;

/**
 * handle_write:
 * @op: (nullable) (transfer full): for a PUT, the operation with its keys
 *
 * The order matters: a key already used is answered from its stored
 * result before anything else is looked at, so a retry of a write that
 * committed gets exactly the first answer.
 */
static void
handle_write (BansouServer            *self,
              SoupServerMessage       *msg,
              const BansouServerToken *token,
              WriteKind                kind,
              BansouOp                *op_in)
{
  g_autoptr(BansouOp) op = op_in;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_op_free);
  g_autoptr(BansouCachedStmt) stmt = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  const char *if_match = soup_message_headers_get_one (headers, "If-Match");
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  const char *method = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autofree char *fingerprint = NULL;
  Write w = { 0 };

  if (!valid_idempotency_key (key))
    {
      respond_error (msg, BANSOU_API_ERROR_IDEMPOTENCY_KEY_REQUIRED,
                     "Every write carries an Idempotency-Key header: 1 to 200 visible ASCII characters, "
                     "unique per change (a UUID)");
      return;
    }
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      respond_error (msg, BANSOU_API_ERROR_UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json");
      return;
    }

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) method, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) path, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  if (if_match != NULL)
    g_checksum_update (checksum, (const guchar *) if_match, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  fingerprint = g_strdup (g_checksum_get_string (checksum));

  stmt = bansou_server_db_prepare (self->db,
                                   "SELECT fingerprint, status, response FROM idempotency WHERE token = ? AND key = ?",
                                   &error);
  if (stmt == NULL)
    {
      respond_gerror (msg, error, -1);
      return;
    }
  sqlite3_bind_int64 (stmt, 1, token->id);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (!g_str_equal ((const char *) sqlite3_column_text (stmt, 0), fingerprint))
        {
          respond_error (msg, BANSOU_API_ERROR_IDEMPOTENCY_KEY_REUSED,
                         "This Idempotency-Key was already used for a different request");
          return;
        }
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Idempotent-Replayed", "true");
      respond_text (msg, sqlite3_column_int (stmt, 1), g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
      return;
    }
  _bansou_cached_stmt_reset (stmt);

  if (kind == WRITE_PUT && !parse_if_match (msg, &op->base_rev, &error))
    {
      respond_gerror (msg, error, -1);
      return;
    }

  root = parse_body (self, bytes, &error);
  if (root == NULL)
    {
      respond_gerror (msg, error, -1);
      return;
    }

  if (kind == WRITE_PUT)
    {
      if (op->type == BANSOU_OP_CATALOG)
        op->catalog_json = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      else
        op->data = json_node_ref (root);
      g_ptr_array_add (ops, g_steal_pointer (&op));
    }
  else if (kind == WRITE_BATCH)
    {
      JsonNode *list = JSON_NODE_HOLDS_OBJECT (root)
                       ? json_object_get_member (json_node_get_object (root), "ops") : NULL;
      JsonArray *array;

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        {
          respond_error (msg, BANSOU_API_ERROR_INVALID_REQUEST, "A batch is {\"ops\": [...]}");
          return;
        }
      array = json_node_get_array (list);
      if (json_array_get_length (array) > self->config.max_batch)
        {
          g_autofree char *text = g_strdup_printf ("A batch holds at most %u operations", self->config.max_batch);
          respond_error (msg, BANSOU_API_ERROR_BATCH_TOO_LARGE, text);
          return;
        }
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          BansouOp *one = bansou_op_new_from_batch (json_array_get_element (array, i), &error);

          if (one == NULL)
            {
              respond_gerror (msg, error, i);
              return;
            }
          g_ptr_array_add (ops, one);
        }
    }

  /* Every operation is checked before any is applied: a batch with one
   * operation outside the token's scope is refused whole. */
  if (kind == WRITE_ALERT)
    {
      if (token->role != BANSOU_ROLE_NATIONAL)
        {
          audit_forbidden (self, token, msg, "only the national desk publishes alerts");
          respond_error (msg, BANSOU_API_ERROR_FORBIDDEN, "Only the national desk publishes alerts");
          return;
        }
      if (!bansou_api_validate_alert (root, &error))
        {
          respond_gerror (msg, error, -1);
          return;
        }
    }
  for (guint i = 0; i < ops->len; i++)
    if (!bansou_op_validate (self->db, token, g_ptr_array_index (ops, i), &error))
      {
        if (g_error_matches (error, BANSOU_API_ERROR, BANSOU_API_ERROR_FORBIDDEN))
          audit_forbidden (self, token, msg, error->message);
        respond_gerror (msg, error, kind == WRITE_BATCH ? (int) i : -1);
        return;
      }

  w.self = self;
  w.token = token;
  w.ops = ops;
  w.alert = kind == WRITE_ALERT ? root : NULL;
  w.batch = kind == WRITE_BATCH;
  w.key = key;
  w.fingerprint = fingerprint;
  w.failed_index = -1;

  if (!bansou_server_db_transaction (self->db, write_cb, &w, &error))
    {
      g_free (w.response);
      respond_gerror (msg, error, w.failed_index);
      return;
    }

  /* Committed (synchronous=FULL): only now does the client hear 2xx. */
  if (kind == WRITE_PUT && w.status != 412)
    {
      g_autofree char *etag = NULL;
      g_autoptr(JsonParser) p = json_parser_new ();

      if (json_parser_load_from_data (p, w.response, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p)))
        {
          etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                                  json_object_get_int_member (json_node_get_object (json_parser_get_root (p)), "rev"));
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
        }
    }
  respond_text (msg, w.status, w.response);
}

/* ------------------------------------------------------------------------ */
/* Routes                                                                   */

static gboolean
query_int (GHashTable  *query,
           const char  *name,
           gint64       fallback,
           gint64       max,
           gint64      *out)
{
  const char *value = query ? g_hash_table_lookup (query, name) : NULL;
  guint64 v;

  if (value == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (value, 10, 0, max, &v, NULL))
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

static void
respond_record (SoupServerMessage *msg,
                JsonNode          *node,
                GError            *error,
                BansouApiError     missing,
                const char        *missing_text)
{
  g_autofree char *etag = NULL;

  if (node == NULL)
    {
      respond_gerror (msg, error, -1);
      return;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      respond_error (msg, missing, missing_text);
      return;
    }
  etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                          json_object_get_int_member (json_node_get_object (node), "rev"));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  respond_node (msg, 200, node);
}

static void
respond_list (SoupServerMessage *msg,
              JsonNode          *node,
              GError            *error)
{
  if (node == NULL)
    respond_gerror (msg, error, -1);
  else
    respond_node (msg, 200, node);
}

static BansouOp *
new_op (BansouOpType  type,
        const char   *body,
        const char   *round,
        const char   *question)
{
  BansouOp *op = g_new0 (BansouOp, 1);

  op->type = type;
  op->body = g_strdup (body);
  op->round = g_strdup (round);
  op->question = g_strdup (question);
  op->base_rev = -1;
  return op;
}

static void
method_not_allowed (SoupServerMessage *msg,
                    const char        *allow)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  respond_error (msg, BANSOU_API_ERROR_METHOD_NOT_ALLOWED, "This method is not allowed here");
}

static void
handle_bodies (BansouServer            *self,
               SoupServerMessage       *msg,
               const BansouServerToken *token,
               char                   **seg,
               guint                    n,
               gboolean                 get)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *code = seg[1];

  if (n == 1)
    {
      if (!get)
        return method_not_allowed (msg, "GET");
      node = bansou_api_list_bodies (self->db, token, &error);
      return respond_list (msg, node, error);
    }

  /* The scope comes from the token alone; checked before anything else. */
  if (!bansou_server_in_scope (token->role, token->scope, code))
    {
      if (!bansou_server_body_code_valid (code))
        return respond_error (msg, BANSOU_API_ERROR_UNKNOWN_BODY, "This is not a body code");
      audit_forbidden (self, token, msg, "outside the token's scope");
      return respond_error (msg, BANSOU_API_ERROR_FORBIDDEN, "This body is outside the token's scope");
    }

  if (n == 2)
    {
      if (get)
        {
          node = bansou_api_get_record (self->db, "body", code, NULL, NULL, &error);
          return respond_record (msg, node, error, BANSOU_API_ERROR_UNKNOWN_BODY, "There is no such body");
        }
      if (g_str_equal (soup_server_message_get_method (msg), "PUT"))
        return handle_write (self, msg, token, WRITE_PUT, new_op (BANSOU_OP_BODY, code, NULL, NULL));
      return method_not_allowed (msg, "GET, PUT");
    }

  if (n < 5 || !g_str_equal (seg[2], "rounds"))
    return respond_error (msg, BANSOU_API_ERROR_NOT_FOUND, "No such resource");

  if (n == 5 && g_str_equal (seg[4], "answers"))
    {
      if (!get)
        return method_not_allowed (msg, "GET");
      node = bansou_api_list_answers (self->db, code, seg[3], &error);
      return respond_list (msg, node, error);
    }
  if (n == 6 && g_str_equal (seg[4], "answers"))
    {
      if (get)
        {
          node = bansou_api_get_record (self->db, "answer", seg[3], code, seg[5], &error);
          return respond_record (msg, node, error, BANSOU_API_ERROR_NOT_FOUND, "This question has no answer yet");
        }
      if (g_str_equal (soup_server_message_get_method (msg), "PUT"))
        return handle_write (self, msg, token, WRITE_PUT, new_op (BANSOU_OP_ANSWER, code, seg[3], seg[5]));
      return method_not_allowed (msg, "GET, PUT");
    }
  if (n == 5 && g_str_equal (seg[4], "progress"))
    {
      if (get)
        {
          node = bansou_api_get_record (self->db, "progress", seg[3], code, NULL, &error);
          return respond_record (msg, node, error, BANSOU_API_ERROR_NOT_FOUND, "No progress recorded yet");
        }
      if (g_str_equal (soup_server_message_get_method (msg), "PUT"))
        return handle_write (self, msg, token, WRITE_PUT, new_op (BANSOU_OP_PROGRESS, code, seg[3], NULL));
      return method_not_allowed (msg, "GET, PUT");
    }

  respond_error (msg, BANSOU_API_ERROR_NOT_FOUND, "No such resource");
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  BansouServer *self = user_data;
  g_autoptr(BansouServerToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(GStrv) seg = NULL;
  const char *method = soup_server_message_get_method (msg);
  gboolean get = g_str_equal (method, "GET");
  guint n, wait;

  if (!g_str_has_prefix (path, API_PREFIX))
    return respond_error (msg, BANSOU_API_ERROR_NOT_FOUND, "No such resource; the API is under /api/v1/");

  seg = g_strsplit (path + strlen (API_PREFIX), "/", 8);
  n = g_strv_length (seg);
  for (guint i = 0; i < n; i++)
    if (*seg[i] == '\0')
      return respond_error (msg, BANSOU_API_ERROR_NOT_FOUND, "No such resource");

  if (n == 1 && g_str_equal (seg[0], "health"))
    {
      if (!get)
        return method_not_allowed (msg, "GET");
      return respond_text (msg, 200, g_strdup_printf ("{\"status\":\"ok\",\"api\":\"v1\",\"version\":\"%s\"}",
                                                      PACKAGE_VERSION));
    }

  token = authenticate (self, msg);
  if (token == NULL)
    return respond_error (msg, BANSOU_API_ERROR_UNAUTHORIZED,
                          "A valid token is required: Authorization: Bearer <token> (unknown or revoked)");

  if ((wait = rate_limit (self, token)) > 0)
    {
      g_autofree char *retry = g_strdup_printf ("%u", wait);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry);
      return respond_error (msg, BANSOU_API_ERROR_RATE_LIMITED, "Too many requests for this token; slow down");
    }

  if (g_str_equal (seg[0], "catalog"))
    {
      if (n == 1 && get)
        {
          node = bansou_api_list_catalogs (self->db, &error);
          return respond_list (msg, node, error);
        }
      if (n == 2 && get)
        {
          gint64 rev = 0;
          char *json = bansou_api_get_catalog_json (self->db, seg[1], &rev, &error);
          g_autofree char *etag = NULL;

          if (json == NULL)
            return respond_gerror (msg, error, -1);
          etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", rev);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
          return respond_text (msg, 200, json);
        }
      if (n == 2 && g_str_equal (method, "PUT"))
        {
          if (token->role != BANSOU_ROLE_NATIONAL)
            {
              audit_forbidden (self, token, msg, "only the national desk publishes catalog versions");
              return respond_error (msg, BANSOU_API_ERROR_FORBIDDEN, "Only the national desk publishes catalogs");
            }
          return handle_write (self, msg, token, WRITE_PUT, new_op (BANSOU_OP_CATALOG, NULL, NULL, seg[1]));
        }
      return n <= 2 ? method_not_allowed (msg, n == 1 ? "GET" : "GET, PUT")
                    : respond_error (msg, BANSOU_API_ERROR_NOT_FOUND, "No such resource");
    }

  if (n == 1 && g_str_equal (seg[0], "baselines"))
    {
      const char *round = query ? g_hash_table_lookup (query, "round") : NULL;
      const char *final = query ? g_hash_table_lookup (query, "final") : NULL;

      if (!get)
        return method_not_allowed (msg, "GET");
      if (round == NULL)
        return respond_error (msg, BANSOU_API_ERROR_INVALID_REQUEST, "Name the round: ?round=YYYY-MM-DD");
      {
        gboolean final_only = g_strcmp0 (final, "1") == 0 || g_strcmp0 (final, "true") == 0;
        g_autofree char *key = g_strdup_printf ("%s %d", round, final_only);
        CachedBaselines *cached = g_hash_table_lookup (self->baselines, key);
        gint64 head = bansou_server_db_get_head (self->db);

        if (cached != NULL && cached->head == head)
          node = json_node_ref (cached->node);
        else
          {
            node = bansou_api_baselines (self->db, round, final_only, self->config.baseline_min_answers, &error);
            if (node != NULL)   /* only real rounds: the cache stays small */
              {
                cached = g_new0 (CachedBaselines, 1);
                cached->head = head;
                cached->node = json_node_ref (node);
                g_hash_table_replace (self->baselines, g_steal_pointer (&key), cached);
              }
          }
      }
      return respond_list (msg, node, error);
    }

  if (g_str_equal (seg[0], "rounds") && n <= 2)
    {
      if (n == 1)
        {
          if (!get)
            return method_not_allowed (msg, "GET");
          node = bansou_api_list_rounds (self->db, &error);
          return respond_list (msg, node, error);
        }
      if (get)
        {
          node = bansou_api_get_record (self->db, "round", seg[1], NULL, NULL, &error);
          return respond_record (msg, node, error, BANSOU_API_ERROR_UNKNOWN_ROUND, "There is no such round");
        }
      if (g_str_equal (method, "PUT"))
        {
          if (token->role != BANSOU_ROLE_NATIONAL)
            {
              audit_forbidden (self, token, msg, "only the national desk creates rounds");
              return respond_error (msg, BANSOU_API_ERROR_FORBIDDEN, "Only the national desk creates rounds");
            }
          return handle_write (self, msg, token, WRITE_PUT, new_op (BANSOU_OP_ROUND, NULL, seg[1], NULL));
        }
      return method_not_allowed (msg, "GET, PUT");
    }

  if (g_str_equal (seg[0], "bodies"))
    return handle_bodies (self, msg, token, seg, n, get);

  if (n == 1 && g_str_equal (seg[0], "batch"))
    {
      if (!g_str_equal (method, "POST"))
        return method_not_allowed (msg, "POST");
      return handle_write (self, msg, token, WRITE_BATCH, NULL);
    }

  if (n == 1 && g_str_equal (seg[0], "alerts"))
    {
      gint64 since;

      if (g_str_equal (method, "POST"))
        return handle_write (self, msg, token, WRITE_ALERT, NULL);
      if (!get)
        return method_not_allowed (msg, "GET, POST");
      if (!query_int (query, "since", 0, G_MAXINT64, &since))
        return respond_error (msg, BANSOU_API_ERROR_INVALID_REQUEST, "“since” must be a revision number");
      node = bansou_api_list_alerts (self->db, token, since, &error);
      return respond_list (msg, node, error);
    }

  if (n == 1 && g_str_equal (seg[0], "changes"))
    {
      gint64 since, limit;

      if (!get)
        return method_not_allowed (msg, "GET");
      if (!query_int (query, "since", 0, G_MAXINT64, &since))
        return respond_error (msg, BANSOU_API_ERROR_INVALID_REQUEST, "“since” must be a revision number");
      if (!query_int (query, "limit", 500, self->config.max_page, &limit) || limit < 1)
        {
          g_autofree char *text = g_strdup_printf ("“limit” must be 1 to %u", self->config.max_page);
          return respond_error (msg, BANSOU_API_ERROR_INVALID_REQUEST, text);
        }
      node = bansou_api_changes (self->db, token, since, (guint) limit, &error);
      return respond_list (msg, node, error);
    }

  respond_error (msg, BANSOU_API_ERROR_NOT_FOUND, "No such resource");
}

/* ------------------------------------------------------------------------ */

static void
bansou_server_dispose (GObject *object)
{
  BansouServer *self = (BansouServer *)object;
  GHashTableIter iter;
  Conn *conn;

  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_clear_handle_id (&self->prune_id, g_source_remove);

  /* Sockets may outlive us: their Conn must no longer point here. */
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *) &conn, NULL))
    {
      conn->server = NULL;
      conn_set_current (conn, NULL);
    }
  g_hash_table_remove_all (self->connections);

  if (self->soup)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->certificate);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (bansou_server_parent_class)->dispose (object);
}

static void
bansou_server_finalize (GObject *object)
{
  BansouServer *self = (BansouServer *)object;

  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->buckets, g_hash_table_unref);
  g_clear_pointer (&self->baselines, g_hash_table_unref);
  bansou_server_config_clear (&self->config);

  G_OBJECT_CLASS (bansou_server_parent_class)->finalize (object);
}

static void
bansou_server_class_init (BansouServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bansou_server_dispose;
  object_class->finalize = bansou_server_finalize;

  conn_quark = g_quark_from_static_string ("bansou-server-conn");
  body_size_quark = g_quark_from_static_string ("bansou-server-body-size");
}

static void
bansou_server_init (BansouServer *self)
{
  self->connections = g_hash_table_new (NULL, NULL);
  self->buckets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->baselines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_baselines_free);
}

BansouServer *
bansou_server_new (const BansouServerConfig *config,
                   BansouServerDb           *db)
{
  BansouServer *self = g_object_new (BANSOU_TYPE_SERVER, NULL);

  self->config = *config;
  self->config.listen = g_strdup (config->listen);
  self->config.database = g_strdup (config->database);
  self->config.tls_certificate = g_strdup (config->tls_certificate);
  self->config.tls_key = g_strdup (config->tls_key);
  self->db = g_object_ref (db);

  return self;
}

/**
 * bansou_server_start:
 *
 * Listens. Refuses a non-loopback address without TLS: tokens must never
 * cross a network in clear text.
 *
 * Returns: (transfer full): the URI it listens on, without a trailing slash
 */
char *
bansou_server_start (BansouServer  *self,
                     GError       **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) listener = NULL;
  GSList *uris;
  char *uri;
  gsize len;

  address = g_inet_address_new_from_string (self->config.listen);
  if (address == NULL)
    {
      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_INVALID,
                   _("“%s” is not an IP address to listen on (such as 127.0.0.1)"), self->config.listen);
      return NULL;
    }

  if ((self->config.tls_certificate == NULL) != (self->config.tls_key == NULL))
    {
      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_INVALID,
                   _("Give both a TLS certificate and its key, or neither"));
      return NULL;
    }

  if (self->config.tls_certificate == NULL && !g_inet_address_get_is_loopback (address))
    {
      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_INVALID,
                   _("Refusing to listen on %s without TLS: tokens would cross the network in clear text. "
                     "Give a TLS certificate and key, or listen on 127.0.0.1 behind a TLS proxy."),
                   self->config.listen);
      return NULL;
    }

  if (self->config.tls_certificate != NULL)
    {
      self->certificate = g_tls_certificate_new_from_files (self->config.tls_certificate,
                                                            self->config.tls_key, error);
      if (self->certificate == NULL)
        {
          g_prefix_error (error, _("Cannot load the TLS certificate: "));
          return NULL;
        }
    }

  self->soup = soup_server_new ("server-header", "bansou-server/" PACKAGE_VERSION " ",
                                "tls-certificate", self->certificate,
                                NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (request_started_cb), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (request_done_cb), self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (request_done_cb), self, 0);
  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_cb, self, NULL);

  /* Our own listening socket: GLib's default backlog of 10 drops the SYNs
   * of a few dozen clients connecting at once (one request per connection,
   * see respond_text()), and each drop costs the client a 1 s retransmit. */
  socket_address = g_inet_socket_address_new (address, self->config.port);
  listener = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener != NULL)
    g_socket_set_listen_backlog (listener, 1024);
  if (listener == NULL ||
      !g_socket_bind (listener, socket_address, TRUE, error) ||
      !g_socket_listen (listener, error) ||
      !soup_server_listen_socket (self->soup, listener,
                                  self->certificate ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    {
      g_prefix_error (error, _("Cannot listen on %s port %u: "), self->config.listen, self->config.port);
      return NULL;
    }

  self->sweep_id = g_timeout_add_seconds (1, sweep_cb, self);
  self->prune_id = g_timeout_add_seconds (3600, prune_cb, self);
  prune_cb (self);

  uris = soup_server_get_uris (self->soup);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  len = strlen (uri);
  if (len > 0 && uri[len - 1] == '/')
    uri[len - 1] = '\0';

  return uri;
}

void
bansou_server_stop (BansouServer *self)
{
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_clear_handle_id (&self->prune_id, g_source_remove);
  if (self->soup)
    soup_server_disconnect (self->soup);
}
