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

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bansou-server-private.h"

G_DEFINE_FINAL_TYPE (BansouServer, bansou_server, G_TYPE_OBJECT)

typedef enum
{
  CONN_HELLO,      /* waiting for the client's ClientHello, on the main loop */
  CONN_HANDSHAKE,  /* the TLS handshake (in a GTask thread) */
  CONN_HEADERS,    /* libsoup has it: reading the request's headers */
  CONN_REQUEST,    /* headers in: body, handler, response */
  CONN_DONE,       /* answered; libsoup closes it */
} ConnPhase;

typedef struct
{
  char  *ip;
  guint  open;       /* connections from this address */
  guint  pending;    /* … of them before CONN_REQUEST */
  gboolean exempt;   /* in cap_exempt: no per-address caps */
} Address;

typedef struct
{
  BansouServer       *server;   /* NULL once the server is gone */
  GSocketConnection  *tcp;
  GSocket            *socket;   /* tcp's */
  GTlsConnection     *tls;      /* NULL on plain loopback */
  GInetSocketAddress *remote;   /* given to libsoup; its qdata points here */
  Address            *address;  /* in server->addresses */
  SoupServerMessage  *current;  /* weak: the message waiting on this connection */
  ConnPhase           phase;
  gint64              accepted; /* monotonic */
  gint64              deadline; /* monotonic: the end of this phase */
  GCancellable       *cancellable;
  GSource            *wait;     /* CONN_HELLO: the watch or the retry */
  gboolean            rejected;
  gboolean            evicted;  /* being closed to make room (not counted) */
  gboolean            kept;     /* may stay open between requests (counted in n_kept) */
  guint               requests; /* whose headers came in on it */
} Conn;

typedef struct
{
  double tokens;
  gint64 last;
} Bucket;

static void
cached_baselines_free (gpointer data)
{
  BansouCachedBaselines *cached = data;

  json_node_unref (cached->node);
  g_free (cached);
}

static GQuark conn_quark;
static GQuark body_size_quark;
static GQuark keep_quark;

/* ------------------------------------------------------------------------ */
/* Configuration                                                            */

void
bansou_server_config_init (BansouServerConfig *config)
{
  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  config->listen = g_strdup ("127.0.0.1");
  config->port = 8470;
  config->max_body_bytes = 1024 * 1024;
  config->max_json_depth = 32;
  config->max_batch = 1000;
  config->max_page = 20000;
  config->max_page_bytes = 16 * 1024 * 1024;
  config->max_connections = 256;
  config->rate = 50;
  config->burst = 100;
  config->max_connections_per_address = 32;
  config->max_pending_per_address = 8;
  config->cap_exempt = g_strsplit ("127.0.0.1 ::1", " ", -1);
  config->request_timeout = 30;
  config->idle_timeout = 10;
  config->handshake_timeout = 10;
  /* libsoup before 3.3 leaks a kept-alive connection that ends idle (see
   * _bansou_server_respond_text()): one request per connection there. */
  config->keepalive_requests = soup_check_version (3, 3, 0) ? 100 : 1;
  config->keepalive_seconds = 60;
  config->max_kept_alive = 64;
  config->baseline_min_answers = 3;
  config->idempotency_days = 7;
  config->idempotency_keys = 10000;
}

void
bansou_server_config_clear (BansouServerConfig *config)
{
  g_return_if_fail (config != NULL);

  g_clear_pointer (&config->listen, g_free);
  g_clear_pointer (&config->database, g_free);
  g_clear_pointer (&config->database_password_file, g_free);
  g_clear_pointer (&config->tls_certificate, g_free);
  g_clear_pointer (&config->tls_key, g_free);
  g_clear_pointer (&config->cap_exempt, g_strfreev);
}

/* ------------------------------------------------------------------------ */
/* Responses                                                                */

/* Answers under this are sent as they are: gzip would not pay. */
#define GZIP_MIN_BYTES 1024

/* Whether the client takes gzip: "gzip" in Accept-Encoding, not ";q=0". */
static gboolean
accepts_gzip (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                     "Accept-Encoding");
  g_auto(GStrv) items = NULL;

  if (value == NULL)
    return FALSE;
  items = g_strsplit (value, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *item = g_strstrip (g_strdup (items[i]));
      char *params = strchr (item, ';');

      if (params != NULL)
        *params++ = '\0';
      g_strstrip (item);
      if (g_ascii_strcasecmp (item, "gzip") != 0 && g_ascii_strcasecmp (item, "x-gzip") != 0)
        continue;
      if (params != NULL)
        {
          g_autofree char *p = g_strdelimit (g_strstrip (g_strdup (params)), " ", ' ');

          if (g_str_has_prefix (p, "q=0") && strspn (p + 3, ".0") == strlen (p + 3))
            return FALSE;
        }
      return TRUE;
    }
  return FALSE;
}

/* The gzip stream of @data, at the fastest level: a page of the feed
 * shrinks about tenfold for a few milliseconds per megabyte. */
static GBytes *
gzip_bytes (const char *data,
            gsize       length)
{
  g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr(GByteArray) out = g_byte_array_sized_new (length / 4 + 64);
  gsize in_done = 0;

  for (;;)
    {
      guint8 buf[65536];
      gsize read = 0, written = 0;
      g_autoptr(GError) error = NULL;
      GConverterResult r = g_converter_convert (G_CONVERTER (z), data + in_done, length - in_done,
                                                buf, sizeof buf, G_CONVERTER_INPUT_AT_END,
                                                &read, &written, &error);

      if (r == G_CONVERTER_ERROR)
        return NULL;
      in_done += read;
      g_byte_array_append (out, buf, (guint) written);
      if (r == G_CONVERTER_FINISHED)
        break;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

void
_bansou_server_respond_text (SoupServerMessage *msg,
                             guint              status,
                             char              *json)   /* (transfer full) */
{
  /* libsoup 3.2 knows no phrase for these */
  const char *phrase = status == 428 ? "Precondition Required" : status == 429 ? "Too Many Requests" : NULL;

  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize length = strlen (json);
  GBytes *gzipped = NULL;

  soup_server_message_set_status (msg, status, phrase);
  if (length >= GZIP_MIN_BYTES && accepts_gzip (msg))
    gzipped = gzip_bytes (json, length);
  if (gzipped != NULL)
    {
      soup_message_headers_replace (headers, "Content-Encoding", "gzip");
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (gzipped, NULL), g_bytes_get_size (gzipped));
      g_bytes_unref (gzipped);
      g_free (json);
    }
  else
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, json, length);
  soup_message_headers_append (headers, "Vary", "Accept-Encoding");

  /* Keep-alive. libsoup 3.2 keeps a connection open only while the server
   * has a listener of its own (add_keepalive_listener()). A kept-alive
   * connection that ends idle, whichever side closes it and whether it is
   * shut down or stolen, is never freed by libsoup before 3.3 (upstream
   * commit d20c6601, "Don't leak idle connections closed by the client";
   * measured here: the server's RSS grows ~3 MB per such connection, flat
   * when every connection ends with "Connection: close"). So a connection
   * answers "Connection: close" once it has served keepalive-requests
   * requests, is older than keepalive-seconds, or would make more than
   * max-kept-alive kept ones (got_headers_cb() decides); with libsoup
   * before 3.3 keepalive-requests is 1 unless configured: every answer
   * closes its connection, the one path on which it frees everything. */
  if (g_object_get_qdata (G_OBJECT (msg), keep_quark) == NULL)
    soup_message_headers_replace (headers, "Connection", "close");
}

void
_bansou_server_respond_node (SoupServerMessage *msg,
                             guint              status,
                             JsonNode          *node)
{
  _bansou_server_respond_text (msg, status, bansou_json_to_string (node));
}

JsonNode *
_bansou_server_error_node (const char *code,
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

void
_bansou_server_respond_error (SoupServerMessage *msg,
                              BansouApiError     code,
                              const char        *message)
{
  g_autoptr(JsonNode) node = _bansou_server_error_node (bansou_api_error_id (code), message, NULL, -1);

  if (code == BANSOU_API_ERROR_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer realm=\"bansou\"");
  _bansou_server_respond_node (msg, bansou_api_error_status (code), node);
}

void
_bansou_server_respond_gerror (SoupServerMessage *msg,
                               const GError      *error,
                               int                index)
{
  g_autoptr(JsonNode) node = NULL;
  BansouApiError code = BANSOU_API_ERROR_INTERNAL;

  if (error->domain == BANSOU_API_ERROR)
    code = error->code;
  else if (g_error_matches (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_UNAVAILABLE))
    {
      /* nothing was applied: the client sends it again, with its key */
      g_message ("%s", error->message);
      code = BANSOU_API_ERROR_STORE_UNAVAILABLE;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
    }
  else
    g_warning ("Internal error: %s", error->message);

  node = _bansou_server_error_node (bansou_api_error_id (code),
                                    code == BANSOU_API_ERROR_INTERNAL ? "The server could not complete the request"
                                    : code == BANSOU_API_ERROR_STORE_UNAVAILABLE ? "The database is unavailable; nothing was applied, send it again"
                                    : error->message,
                                    NULL, index);
  _bansou_server_respond_node (msg, bansou_api_error_status (code), node);
}

/* Answers on a connection taken from libsoup, then closes it: used before
 * the request body is read, so an oversized body is never received.
 *
 * A client may already be sending that body. Closing a socket with unread
 * data resets the connection, and the reset can reach the client before
 * it has read the answer (it then sees "Broken pipe" instead of 413). So
 * after a 413 the connection lingers: what arrives is read and dropped,
 * never stored, until the client closes or goes quiet for LINGER_IDLE_MS,
 * or LINGER_BYTES have come, or LINGER_MS have passed — the way HTTP
 * servers close after an early error. */
#define LINGER_BYTES   (1024 * 1024)
#define LINGER_MS      2000
#define LINGER_IDLE_MS 250

typedef struct
{
  GIOStream    *stream;
  char         *response;
  gboolean      linger;
  char         *drain;        /* LINGER: a buffer for what is dropped */
  gsize         drained;
  gint64        deadline;     /* monotonic */
  GCancellable *cancellable;
  guint         timeout_id;   /* the quiet time */
} Canned;

static void
canned_closed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Canned *c = user_data;

  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  g_clear_handle_id (&c->timeout_id, g_source_remove);
  g_clear_object (&c->cancellable);
  g_object_unref (c->stream);
  g_free (c->drain);
  g_free (c->response);
  g_free (c);
}

static void
canned_close (Canned *c)
{
  g_clear_handle_id (&c->timeout_id, g_source_remove);
  g_io_stream_close_async (c->stream, G_PRIORITY_DEFAULT, NULL, canned_closed_cb, c);
}

static gboolean
canned_linger_timeout_cb (gpointer user_data)
{
  Canned *c = user_data;

  c->timeout_id = 0;
  g_cancellable_cancel (c->cancellable);  /* the pending read ends, and closes */
  return G_SOURCE_REMOVE;
}

static void
canned_drained_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Canned *c = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (c->drained += n) >= LINGER_BYTES || g_cancellable_is_cancelled (c->cancellable) ||
      g_get_monotonic_time () >= c->deadline)
    {
      canned_close (c);
      return;
    }
  g_clear_handle_id (&c->timeout_id, g_source_remove);
  c->timeout_id = g_timeout_add (LINGER_IDLE_MS, canned_linger_timeout_cb, c);
  g_input_stream_read_async (G_INPUT_STREAM (source), c->drain, 16 * 1024, G_PRIORITY_DEFAULT,
                             c->cancellable, canned_drained_cb, c);
}

static void
canned_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Canned *c = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  if (!c->linger)
    {
      canned_close (c);
      return;
    }

  c->drain = g_malloc (16 * 1024);
  c->cancellable = g_cancellable_new ();
  c->deadline = g_get_monotonic_time () + LINGER_MS * (G_USEC_PER_SEC / 1000);
  c->timeout_id = g_timeout_add (LINGER_IDLE_MS, canned_linger_timeout_cb, c);
  g_input_stream_read_async (g_io_stream_get_input_stream (c->stream), c->drain, 16 * 1024, G_PRIORITY_DEFAULT,
                             c->cancellable, canned_drained_cb, c);
}

static void
respond_and_close (SoupServerMessage *msg,
                   BansouApiError     code,
                   const char        *message,
                   guint              retry_after)
{
  g_autoptr(JsonNode) node = _bansou_server_error_node (bansou_api_error_id (code), message, NULL, -1);
  g_autofree char *body = bansou_json_to_string (node);
  g_autofree char *retry = retry_after ? g_strdup_printf ("Retry-After: %u\r\n", retry_after) : g_strdup ("");
  guint status = bansou_api_error_status (code);
  Canned *c = g_new0 (Canned, 1);

  c->response = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                                 "Content-Type: application/json\r\n"
                                 "Content-Length: %zu\r\n"
                                 "%s"
                                 "Connection: close\r\n"
                                 "\r\n%s",
                                 status, status == 503 ? "Service Unavailable" : status == 400 ? "Bad Request"
                                                                                              : "Payload Too Large",
                                 strlen (body), retry, body);
  c->linger = code == BANSOU_API_ERROR_PAYLOAD_TOO_LARGE;
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

/* Every connection is accepted here, not by libsoup: libsoup 3.2 starts a
 * TLS handshake the moment a socket connects, and glib-networking runs
 * each handshake in a thread of GLib's shared GTask pool (10 threads,
 * growing by about one every half second) that blocks until the client
 * speaks. A few dozen silent sockets held every thread, and every other
 * client's handshake queued behind them. So a connection is first
 * counted against its address's caps, then waits on the main loop,
 * without a thread, until its whole ClientHello record is in the kernel's
 * buffer; only then does the handshake start, and it must end within
 * handshake-timeout of the connect. A finished TLS stream (or the plain
 * stream on loopback) is handed to libsoup with soup_server_accept_iostream(),
 * and its headers must then arrive within idle-timeout. */

#define TLS_RECORD_MAX     (5 + 16384 + 2048)  /* header + largest record, with room for padding */
#define HELLO_RETRY_MS     200                 /* a partial ClientHello: look again after this */

static void
address_free (gpointer data)
{
  Address *a = data;

  g_free (a->ip);
  g_free (a);
}

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

/* Leaves the "pending" count of its address: its headers are in, or it is over. */
static void
conn_set_phase (Conn      *conn,
                ConnPhase  phase)
{
  if (conn->phase < CONN_REQUEST && phase >= CONN_REQUEST && conn->address != NULL)
    conn->address->pending--;
  conn->phase = phase;
}

static void
conn_destroy (Conn *conn)
{
  if (conn->evicted && conn->server != NULL)
    conn->server->n_evicted--;
  if (conn->kept && conn->server != NULL)
    conn->server->n_kept--;
  conn_set_phase (conn, CONN_DONE);
  if (conn->address != NULL && --conn->address->open == 0 && conn->server != NULL)
    g_hash_table_remove (conn->server->addresses, conn->address->ip);
  conn->address = NULL;
  if (conn->wait != NULL)
    {
      g_source_destroy (conn->wait);
      g_clear_pointer (&conn->wait, g_source_unref);
    }
  g_object_set_qdata (G_OBJECT (conn->remote), conn_quark, NULL);
  conn_set_current (conn, NULL);
  g_clear_object (&conn->cancellable);
  g_clear_object (&conn->tls);
  g_clear_object (&conn->remote);
  g_clear_object (&conn->tcp);
  g_free (conn);
}

/* The table's free function. A connection in its handshake is freed by
 * the handshake's callback instead (see bansou_server_dispose). */
static void
conn_free (gpointer data)
{
  conn_destroy (data);
}

/* Closes a connection libsoup has not been given (or is done with). */
static void
conn_drop (Conn *conn)
{
  if (!g_socket_is_closed (conn->socket))
    g_socket_close (conn->socket, NULL);
  g_hash_table_remove (conn->server->connections, conn);
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

  if (!g_socket_is_closed (conn->socket) && conn->current != NULL)
    stream = soup_server_message_steal_connection (conn->current);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
  if (!g_socket_is_closed (conn->socket))
    g_socket_close (conn->socket, NULL);
  g_hash_table_remove (self->connections, conn);
}

/* Reclaims every connection libsoup has closed, or whose client has gone
 * while it sat idle. */
static void
purge_closed (BansouServer *self)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  Conn *conn;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *) &conn, NULL))
    if (conn->phase >= CONN_HEADERS &&
        (g_socket_is_closed (conn->socket) || (conn->phase == CONN_DONE && peer_closed (conn->socket))))
      g_ptr_array_add (gone, conn);
  for (guint i = 0; i < gone->len; i++)
    conn_reclaim (self, g_ptr_array_index (gone, i));
}

static Conn *
conn_for_message (BansouServer      *self,
                  SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  /* Ours is the one object libsoup was given with the stream. */
  return remote != NULL ? g_object_get_qdata (G_OBJECT (remote), conn_quark) : NULL;
}

static void
conn_give_to_soup (Conn      *conn,
                   GIOStream *stream)
{
  BansouServer *self = conn->server;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (conn->tcp, NULL);
  g_autoptr(GError) error = NULL;

  conn_set_phase (conn, CONN_HEADERS);
  conn->deadline = g_get_monotonic_time () + (gint64) self->config.idle_timeout * G_USEC_PER_SEC;
  g_object_set_qdata (G_OBJECT (conn->remote), conn_quark, conn);
  if (local == NULL ||
      !soup_server_accept_iostream (self->soup, stream, local, G_SOCKET_ADDRESS (conn->remote), &error))
    {
      g_debug ("Dropping a connection: %s", error ? error->message : "no local address");
      conn_drop (conn);
    }
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Conn *conn = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error);

  if (conn->server == NULL)   /* the server went away meanwhile */
    {
      conn_destroy (conn);
      return;
    }
  if (!ok)
    {
      g_debug ("Closing a connection: TLS handshake: %s", error->message);
      conn_drop (conn);
      return;
    }
  g_clear_object (&conn->cancellable);
  conn_give_to_soup (conn, G_IO_STREAM (conn->tls));
}

static void
conn_start_handshake (Conn *conn)
{
  BansouServer *self = conn->server;
  g_autoptr(GError) error = NULL;
  /* As g_tls_server_connection_new(), but without a trust database: the
   * server asks for no client certificates, and glib-networking 2.74
   * otherwise loads the system's whole CA bundle into each connection's
   * credentials (~60 million instructions, a sixth of the server's work
   * in a push; docs/deploy.md, "Connections"). */
  GIOStream *tls = g_initable_new (g_tls_backend_get_server_connection_type (g_tls_backend_get_default ()),
                                   NULL, &error,
                                   "base-io-stream", conn->tcp,
                                   "certificate", self->certificate,
                                   "database", NULL,
                                   NULL);

  if (tls == NULL)
    {
      g_warning ("Cannot start TLS: %s", error->message);
      conn_drop (conn);
      return;
    }
  g_object_set (tls, "require-close-notify", FALSE, NULL);
  conn->tls = G_TLS_CONNECTION (tls);
  conn->cancellable = g_cancellable_new ();
  conn_set_phase (conn, CONN_HANDSHAKE);
  g_tls_connection_handshake_async (conn->tls, G_PRIORITY_DEFAULT, conn->cancellable, handshake_cb, conn);
}

static void conn_wait_hello (Conn *conn);

static gboolean
hello_retry_cb (gpointer user_data)
{
  Conn *conn = user_data;

  g_clear_pointer (&conn->wait, g_source_unref);
  conn_wait_hello (conn);
  return G_SOURCE_REMOVE;
}

/* Is the client's first TLS record (its ClientHello) all here? Peeked, so
 * the handshake still reads it; a partial one is looked at again shortly
 * (the socket stays readable: watching it would spin). */
static gboolean
hello_readable_cb (GSocket      *socket,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  Conn *conn = user_data;
  g_autofree guint8 *buf = g_malloc (TLS_RECORD_MAX);
  gssize n = recv (g_socket_get_fd (socket), buf, TLS_RECORD_MAX, MSG_PEEK | MSG_DONTWAIT);

  g_clear_pointer (&conn->wait, g_source_unref);

  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    {
      conn_wait_hello (conn);
      return G_SOURCE_REMOVE;
    }
  /* Closed, failed, or not a TLS handshake record (plain HTTP on the TLS port) */
  if (n <= 0 || buf[0] != 0x16)
    {
      conn_drop (conn);
      return G_SOURCE_REMOVE;
    }
  if (n >= 5 && n >= 5 + ((buf[3] << 8) | buf[4]))
    {
      conn_start_handshake (conn);
      return G_SOURCE_REMOVE;
    }

  conn->wait = g_timeout_source_new (HELLO_RETRY_MS);
  g_source_set_callback (conn->wait, hello_retry_cb, conn, NULL);
  g_source_attach (conn->wait, NULL);
  return G_SOURCE_REMOVE;
}

static void
conn_wait_hello (Conn *conn)
{
  conn->wait = g_socket_create_source (conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (conn->wait, (GSourceFunc) (GCallback) hello_readable_cb, conn, NULL);
  g_source_attach (conn->wait, NULL);
}

/* The connection to close so that a newcomer from @newcomer gets a slot
 * when all are taken: one still without a request (silent, handshaking
 * or dribbling its headers), of another address, from the address with
 * the most of them, the oldest. NULL if every slot holds a request. */
static Conn *
pick_victim (BansouServer *self,
             Address      *newcomer)
{
  GHashTableIter iter;
  Conn *conn, *victim = NULL;

  /* An idle kept-alive connection first: its client reconnects unharmed. */
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *) &conn, NULL))
    if (conn->phase == CONN_DONE && conn->requests > 0 && !conn->evicted && conn->address != NULL &&
        (victim == NULL || conn->deadline < victim->deadline))
      victim = conn;
  if (victim != NULL)
    return victim;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *) &conn, NULL))
    {
      if (conn->phase >= CONN_REQUEST || conn->evicted || conn->address == newcomer || conn->address == NULL)
        continue;
      if (victim == NULL || conn->address->pending > victim->address->pending ||
          (conn->address->pending == victim->address->pending && conn->accepted < victim->accepted))
        victim = conn;
    }
  return victim;
}

static void
conn_evict (BansouServer *self,
            Conn         *conn)
{
  g_debug ("Closing a connection from %s to make room", conn->address->ip);
  if (conn->phase == CONN_HELLO)
    {
      conn_drop (conn);
      return;
    }
  if (conn->phase == CONN_HEADERS || conn->phase == CONN_DONE)
    {
      conn_reclaim (self, conn);   /* see sweep_cb */
      return;
    }
  /* A handshake fails on the shut socket and cleans up; until then the
   * connection is not counted. */
  conn->evicted = TRUE;
  self->n_evicted++;
  if (conn->cancellable != NULL)
    g_cancellable_cancel (conn->cancellable);
  if (!g_socket_is_closed (conn->socket))
    g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  conn_set_phase (conn, conn->phase == CONN_HANDSHAKE ? CONN_HANDSHAKE : CONN_DONE);
  conn->deadline = conn->phase == CONN_HANDSHAKE ? G_MAXINT64
                   : g_get_monotonic_time () + (gint64) self->config.idle_timeout * G_USEC_PER_SEC;
}

static guint
n_counted (BansouServer *self)
{
  return g_hash_table_size (self->connections) - self->n_evicted;
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *tcp,
             GObject           *source,
             gpointer           user_data)
{
  BansouServer *self = user_data;
  GSocket *socket = g_socket_connection_get_socket (tcp);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (tcp, NULL);
  g_autofree char *ip = NULL;
  Address *address;
  Conn *conn;

  if (!G_IS_INET_SOCKET_ADDRESS (remote))
    {
      g_socket_close (socket, NULL);
      return TRUE;
    }
  ip = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  address = g_hash_table_lookup (self->addresses, ip);
  if (address != NULL &&
      (address->open >= self->config.max_connections_per_address ||
       address->pending >= self->config.max_pending_per_address))
    purge_closed (self);
  address = g_hash_table_lookup (self->addresses, ip);
  if (address == NULL)
    {
      address = g_new0 (Address, 1);
      address->ip = g_steal_pointer (&ip);
      g_hash_table_insert (self->addresses, address->ip, address);
    }

  /* One address cannot take the server: beyond its caps a connection is
   * closed at once, before any TLS, and costs nothing more. Behind nginx
   * every connection comes from 127.0.0.1: that address is exempt (nginx
   * limits its clients, docs/deploy.md). */
  if (!address->exempt && address->open == 0 && address->pending == 0)
    address->exempt = self->config.cap_exempt != NULL &&
                      g_strv_contains ((const char * const *) self->config.cap_exempt, address->ip);
  if (!address->exempt &&
      (address->open >= self->config.max_connections_per_address ||
       address->pending >= self->config.max_pending_per_address))
    {
      self->refused++;
      if (self->refused == 1 || self->refused % 1000 == 0)
        g_message ("Refusing connections from %s: %u open, %u without a request yet (%" G_GUINT64_FORMAT " refused in all)",
                   address->ip, address->open, address->pending, self->refused);
      if (address->open == 0)
        g_hash_table_remove (self->addresses, address->ip);
      g_socket_close (socket, NULL);
      return TRUE;
    }

  conn = g_new0 (Conn, 1);
  conn->server = self;
  conn->tcp = g_object_ref (tcp);
  conn->socket = socket;
  conn->remote = G_INET_SOCKET_ADDRESS (g_steal_pointer (&remote));
  conn->address = address;
  conn->phase = CONN_HELLO;
  conn->accepted = g_get_monotonic_time ();
  conn->deadline = conn->accepted + (gint64) self->config.handshake_timeout * G_USEC_PER_SEC;
  address->open++;
  address->pending++;
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);

  /* When every slot is taken, a connection of another address that has
   * not sent a request yet makes room: slow or silent sockets cannot keep
   * everyone else out. Only when every slot holds a request is the
   * newcomer answered 503 and closed, once its headers are in (see
   * early_handler_cb). */
  if (n_counted (self) >= self->config.max_connections)
    purge_closed (self);
  if (n_counted (self) >= self->config.max_connections)
    {
      Conn *victim = pick_victim (self, address);

      if (victim != NULL)
        conn_evict (self, victim);
      else
        conn->rejected = TRUE;
    }
  g_hash_table_add (self->connections, conn);

  if (self->certificate != NULL)
    conn_wait_hello (conn);
  else
    conn_give_to_soup (conn, G_IO_STREAM (tcp));
  return TRUE;
}

static void
got_headers_cb (SoupServerMessage *msg,
                BansouServer      *self)
{
  Conn *conn = conn_for_message (self, msg);

  if (conn != NULL)
    {
      gint64 now = g_get_monotonic_time ();

      conn_set_phase (conn, CONN_REQUEST);
      conn->deadline = now + (gint64) self->config.request_timeout * G_USEC_PER_SEC;
      conn->requests++;
      /* Kept open for the next request while it is young, has served
       * fewer than keepalive-requests and the kept ones are under their
       * bound; else this answer closes it (see _bansou_server_respond_text). */
      if (!conn->kept && !conn->evicted && self->n_kept < self->config.max_kept_alive)
        {
          conn->kept = TRUE;
          self->n_kept++;
        }
      if (conn->kept && conn->requests < self->config.keepalive_requests &&
          now - conn->accepted < (gint64) self->config.keepalive_seconds * G_USEC_PER_SEC)
        g_object_set_qdata (G_OBJECT (msg), keep_quark, GINT_TO_POINTER (1));
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
  Conn *conn = conn_for_message (self, msg);

  if (conn != NULL)
    conn_set_current (conn, msg);
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), self, 0);
}

static void
request_done_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 BansouServer      *self)
{
  Conn *conn = conn_for_message (self, msg);

  if (conn != NULL)
    {
      conn_set_phase (conn, CONN_DONE);
      conn->deadline = g_get_monotonic_time () + (gint64) self->config.idle_timeout * G_USEC_PER_SEC;
    }
}

/* Closes connections that stay silent, stall their handshake, dribble
 * their headers, take too long over a request or sit idle: a slow client
 * cannot hold a connection slot, or a thread, for long. */
static gboolean
sweep_cb (gpointer user_data)
{
  BansouServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) drop = g_ptr_array_new ();
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();
  GHashTableIter iter;
  Conn *conn;

  purge_closed (self);

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *) &conn, NULL))
    {
      if (now <= conn->deadline)
        continue;
      switch (conn->phase)
        {
        case CONN_HELLO:
          g_debug ("Closing a connection: no TLS handshake within %u s", self->config.handshake_timeout);
          g_ptr_array_add (drop, conn);
          break;
        case CONN_HANDSHAKE:
          /* The handshake thread is blocked on the socket: the shutdown
           * wakes it, and handshake_cb drops the connection. */
          g_debug ("Closing a connection: TLS handshake not done within %u s", self->config.handshake_timeout);
          g_cancellable_cancel (conn->cancellable);
          g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
          conn->deadline = G_MAXINT64;
          break;
        case CONN_HEADERS:
          /* Taken back from libsoup and closed: libsoup 3.2.3 never frees
           * a connection whose first request's headers fail to arrive (about
           * 24 KB with TLS each, the same leak as an idle kept-alive one);
           * stealing it is the path on which it lets go of everything. */
          g_debug ("Closing a connection: headers too slow");
          g_ptr_array_add (idle, conn);
          break;
        case CONN_REQUEST:
          /* libsoup is reading or writing: a shutdown makes its I/O fail
           * and it cleans the connection up itself. */
          g_debug ("Closing a connection: request timeout");
          if (!g_socket_is_closed (conn->socket))
            g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
          conn_set_phase (conn, CONN_DONE);
          conn->deadline = now + (gint64) self->config.idle_timeout * G_USEC_PER_SEC;
          break;
        case CONN_DONE:
        default:
          g_ptr_array_add (idle, conn);
          break;
        }
    }

  for (guint i = 0; i < drop->len; i++)
    conn_drop (g_ptr_array_index (drop, i));
  for (guint i = 0; i < idle->len; i++)
    conn_reclaim (self, g_ptr_array_index (idle, i));

  return G_SOURCE_CONTINUE;
}

static gboolean
prune_cb (gpointer user_data)
{
  BansouServer *self = user_data;

  bansou_server_db_prune_idempotency (self->db, self->config.idempotency_days);
  return G_SOURCE_CONTINUE;
}

/* Request smuggling and desynchronisation behind a proxy come from a
 * length two parties read differently (RFC 9112 §6.3): two Content-Length
 * headers (libsoup 3.2 takes one of them), a list in one, a value that is
 * not digits, or Content-Length beside Transfer-Encoding. All are refused
 * before the body is read. */
static gboolean
framing_unambiguous (SoupMessageHeaders *headers)
{
  SoupMessageHeadersIter iter;
  const char *name, *value;
  guint lengths = 0;
  gboolean transfer_encoding = FALSE;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      if (g_ascii_strcasecmp (name, "Transfer-Encoding") == 0)
        transfer_encoding = TRUE;
      else if (g_ascii_strcasecmp (name, "Content-Length") == 0)
        {
          if (++lengths > 1 || *value == '\0' || strspn (value, "0123456789") != strlen (value))
            return FALSE;
        }
    }
  return !(transfer_encoding && lengths > 0);
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
  Conn *conn = conn_for_message (self, msg);

  /* Refused when it came, while every slot held a request: look again now
   * that its headers are in. A connection answered meanwhile (its end
   * seen after this one was accepted) has made room. */
  if (conn != NULL && conn->rejected)
    {
      purge_closed (self);
      if (n_counted (self) <= self->config.max_connections)
        conn->rejected = FALSE;
    }
  if (conn != NULL && conn->rejected)
    {
      g_message ("Refusing a connection: %u connections are open", self->config.max_connections);
      respond_and_close (msg, BANSOU_API_ERROR_TOO_MANY_CONNECTIONS,
                         "The server has too many open connections; try again shortly", 1);
      return;
    }

  if (!framing_unambiguous (headers))
    {
      g_message ("Refusing a request: ambiguous Content-Length or Transfer-Encoding");
      respond_and_close (msg, BANSOU_API_ERROR_INVALID_REQUEST,
                         "The request's length is ambiguous: send one Content-Length, or Transfer-Encoding: "
                         "chunked alone", 0);
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

BansouServerToken *
_bansou_server_authenticate (BansouServer       *self,
                             SoupServerMessage  *msg,
                             GError            **error)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  header += 7;
  while (*header == ' ')
    header++;

  return bansou_server_db_lookup_token (self->db, header, error);
}

/* Returns: 0 if the request may go on, else the seconds to wait */
guint
_bansou_server_rate_limit (BansouServer            *self,
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

void
_bansou_server_audit_forbidden (BansouServer            *self,
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

static void
bansou_server_dispose (GObject *object)
{
  BansouServer *self = (BansouServer *)object;
  GHashTableIter iter;
  Conn *conn;

  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_clear_handle_id (&self->prune_id, g_source_remove);
  _bansou_server_audit_flush (self, TRUE);

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_signal_handlers_disconnect_by_data (self->service, self);
    }
  g_clear_object (&self->service);

  /* Sockets may outlive us: their Conn must no longer point here. A
   * connection in its handshake is freed by handshake_cb. */
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *) &conn, NULL))
    {
      conn->address = NULL;
      conn_set_current (conn, NULL);
      if (conn->phase == CONN_HANDSHAKE)
        {
          conn->server = NULL;
          g_cancellable_cancel (conn->cancellable);
          g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
          g_hash_table_iter_steal (&iter);
        }
      else
        conn->server = NULL;
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
  g_clear_pointer (&self->addresses, g_hash_table_unref);
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
  keep_quark = g_quark_from_static_string ("bansou-server-keep-alive");
}

static void
bansou_server_init (BansouServer *self)
{
  self->connections = g_hash_table_new_full (NULL, NULL, conn_free, NULL);
  self->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, address_free);
  self->buckets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->baselines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_baselines_free);
}

BansouServer *
bansou_server_new (const BansouServerConfig *config,
                   BansouServerDb           *db)
{
  BansouServer *self = g_object_new (BANSOU_TYPE_SERVER, NULL);

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);

  self->config = *config;
  self->config.listen = g_strdup (config->listen);
  self->config.database = g_strdup (config->database);
  self->config.database_password_file = g_strdup (config->database_password_file);
  self->config.tls_certificate = g_strdup (config->tls_certificate);
  self->config.tls_key = g_strdup (config->tls_key);
  self->config.cap_exempt = g_strdupv (config->cap_exempt);
  self->db = g_object_ref (db);

  return self;
}

/* libsoup 3.2 keeps a connection open after an answer only while the
 * server has a listener of its own (request_finished() in soup-server.c
 * tests priv->listeners); every connection here comes through
 * soup_server_accept_iostream(), so without one each answer would close
 * its connection. This listener is a Unix socket whose name is gone the
 * moment it listens: nobody can ever connect to it, and libsoup counts it. */
static gboolean
add_keepalive_listener (BansouServer  *self,
                        GError       **error)
{
  g_autofree char *dir = g_dir_make_tmp ("bansou-server-XXXXXX", error);
  g_autofree char *path = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  gboolean ok;

  if (dir == NULL)
    return FALSE;
  path = g_build_filename (dir, "unreachable", NULL);
  address = g_unix_socket_address_new (path);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  ok = socket != NULL && g_socket_bind (socket, address, FALSE, error) && g_socket_listen (socket, error);
  g_unlink (path);
  g_rmdir (dir);
  return ok && soup_server_listen_socket (self->soup, socket, 0, error);
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
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *host = NULL;
  char *uri;

  g_return_val_if_fail (BANSOU_IS_SERVER (self), NULL);
  g_return_val_if_fail (self->soup == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

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
  soup_server_add_handler (self->soup, NULL, _bansou_server_handle_cb, self, NULL);
  if (!add_keepalive_listener (self, error))
    return NULL;

  /* Our own listening socket: GLib's default backlog of 10 drops the SYNs
   * of a few dozen clients connecting at once (one request per connection,
   * see respond_text()), and each drop costs the client a 1 s retransmit.
   * We accept, not libsoup (see incoming_cb). */
  socket_address = g_inet_socket_address_new (address, self->config.port);
  listener = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener != NULL)
    g_socket_set_listen_backlog (listener, 1024);
  self->service = g_socket_service_new ();
  if (listener == NULL ||
      !g_socket_bind (listener, socket_address, TRUE, error) ||
      !g_socket_listen (listener, error) ||
      !g_socket_listener_add_socket (G_SOCKET_LISTENER (self->service), listener, NULL, error) ||
      (bound = g_socket_get_local_address (listener, error)) == NULL)
    {
      g_prefix_error (error, _("Cannot listen on %s port %u: "), self->config.listen, self->config.port);
      return NULL;
    }
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);

  self->sweep_id = g_timeout_add_seconds (1, sweep_cb, self);
  self->prune_id = g_timeout_add_seconds (3600, prune_cb, self);
  prune_cb (self);

  host = g_inet_address_to_string (address);
  uri = g_strdup_printf ("%s://%s%s%s:%u", self->certificate ? "https" : "http",
                         g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? "[" : "", host,
                         g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? "]" : "",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  return uri;
}

void
bansou_server_stop (BansouServer *self)
{
  g_return_if_fail (BANSOU_IS_SERVER (self));

  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_clear_handle_id (&self->prune_id, g_source_remove);
  if (self->service != NULL)
    g_socket_service_stop (self->service);
  if (self->soup)
    soup_server_disconnect (self->soup);
}
