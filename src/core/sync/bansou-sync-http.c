/* bansou-sync-http.c — settings, the session, one request with its retries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Transient failures (the network, 5xx, 429, 503) are retried with the
 * same request a bounded number of times, waiting as Retry-After says.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-json-strict.h"
#include "bansou-sync-private.h"
#include "bansou-tls-database.h"

/* ------------------------------------------------------------------------ */
/* Settings and the session                                                 */

gboolean
_bansou_sync_check_url (const char  *url,
                        char       **base_out,
                        GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local = NULL;
  const char *scheme, *host;
  g_autofree char *trimmed = NULL;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CONFIG,
                           _("No server is set. Enter the server’s address, e.g. https://bansou.example.lg.jp"));
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local);
  if (uri == NULL)
    {
      g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CONFIG,
                   _("“%s” is not a server address. Enter one like https://bansou.example.lg.jp"), url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if ((g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      host == NULL || *host == '\0' || g_uri_get_userinfo (uri) != NULL ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CONFIG,
                   _("“%s” is not a server address. Enter one like https://bansou.example.lg.jp"), url);
      return FALSE;
    }

  /* Plain http only to this computer (a TLS proxy in front, or tests):
   * decided from the address alone, before any connection is made. */
  if (g_str_equal (scheme, "http"))
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);
      gboolean loopback = g_ascii_strcasecmp (host, "localhost") == 0 ||
                          (address != NULL && g_inet_address_get_is_loopback (address));

      if (!loopback)
        {
          g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_INSECURE,
                       _("Refusing to send data to %s over plain http: use https://"), host);
          return FALSE;
        }
    }

  trimmed = g_strdup (url);
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';
  *base_out = g_strconcat (trimmed, "/api/v1", NULL);
  return TRUE;
}

gboolean
_bansou_sync_check_token (const char  *token,
                          GError     **error)
{
  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CONFIG,
                           _("No token is set. Enter the token the administrator gave you."));
      return FALSE;
    }
  /* A header value: visible ASCII only, so nothing can be smuggled in. */
  if (strlen (token) > 512)
    goto bad;
  for (const char *p = token; *p; p++)
    if (*p <= 0x20 || *p >= 0x7f)
      goto bad;
  return TRUE;

bad:
  g_set_error_literal (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CONFIG,
                       _("The token is not valid (it has spaces or characters a token cannot have). "
                         "Copy it again from the administrator’s message."));
  return FALSE;
}

static gsize default_database_set;

SoupSession *
_bansou_sync_new_session (const char  *ca_file,
                          GError     **error)
{
  g_autoptr(SoupSession) session = NULL;

  session = soup_session_new_with_options ("timeout", 60,
                                           "idle-timeout", 60,
                                           "user-agent", "Bansou/" PACKAGE_VERSION,
                                           NULL);
  /* libsoup 3.2 gives each new connection GIO's default database before
   * the session's own, and glib-networking 2.74 then parses the system's
   * whole CA bundle into that connection (~10 ms of CPU a request). The
   * default becomes the system database behind a forwarding one, made
   * once: it verifies exactly as before (bansou-tls-database.c). */
  if (g_once_init_enter (&default_database_set))
    {
      GTlsBackend *backend = g_tls_backend_get_default ();
      g_autoptr(GTlsDatabase) system = g_tls_backend_get_default_database (backend);

      if (system != NULL)
        {
          g_autoptr(GTlsDatabase) forward = bansou_tls_database_new (system);

          g_tls_backend_set_default_database (backend, forward);
        }
      g_once_init_leave (&default_database_set, 1);
    }
  if (ca_file != NULL && *ca_file != '\0')
    {
      g_autoptr(GTlsDatabase) database = NULL;
      g_autoptr(GError) local = NULL;

      /* GTlsFileDatabase quietly fails every certificate with a relative path. */
      if (!g_path_is_absolute (ca_file))
        {
          g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CONFIG,
                       _("The CA certificate file must be given with its full path, not “%s”"), ca_file);
          return NULL;
        }
      database = g_tls_file_database_new (ca_file, &local);
      if (database == NULL)
        {
          g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CONFIG,
                       _("Cannot read the CA certificate file “%s”: %s"), ca_file, local->message);
          return NULL;
        }
      {
        g_autoptr(GTlsDatabase) forward = bansou_tls_database_new (database);

        soup_session_set_tls_database (session, forward);
      }
    }

  return g_steal_pointer (&session);
}

/* ------------------------------------------------------------------------ */
/* HTTP                                                                     */

typedef enum
{
  FAIL_NONE,
  FAIL_NETWORK,
  FAIL_TRUNCATED,
  FAIL_SERVER,
  FAIL_RATE,
} Failure;

void
_bansou_sync_set_status_error (GError     **error,
                               guint        status,
                               JsonNode    *json,
                               const char  *method,
                               const char  *path)
{
  const char *code = NULL;
  const char *message = NULL;

  if (json != NULL && JSON_NODE_HOLDS_OBJECT (json))
    {
      JsonNode *e = json_object_get_member (json_node_get_object (json), "error");

      if (e != NULL && JSON_NODE_HOLDS_OBJECT (e))
        {
          JsonObject *eo = json_node_get_object (e);
          JsonNode *c = json_object_get_member (eo, "code");
          JsonNode *m = json_object_get_member (eo, "message");

          if (c && JSON_NODE_HOLDS_VALUE (c) && json_node_get_value_type (c) == G_TYPE_STRING)
            code = json_node_get_string (c);
          if (m && JSON_NODE_HOLDS_VALUE (m) && json_node_get_value_type (m) == G_TYPE_STRING)
            message = json_node_get_string (m);
        }
    }
  if (code == NULL)
    code = soup_status_get_phrase (status);
  if (message == NULL)
    message = "";

  if (status == 401)
    g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_UNAUTHORIZED,
                 _("The server rejected the token (%s)"), code);
  else if (status == 403)
    g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_FORBIDDEN,
                 _("The token does not allow this: %s"), message);
  else if (status == 429)
    g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_RATE_LIMITED,
                 _("The server is busy (%u %s)"), status, code);
  else
    g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_SERVER,
                 /* Translators: e.g. “POST /batch: 404 unknown_round There is no round …” */
                 _("%s %s: %u %s %s"), method, path, status, code, message);
}

static GBytes *
read_capped (GInputStream  *in,
             SoupMessage   *msg,
             gsize          cap,
             GCancellable  *cancellable,
             gboolean      *too_big,
             GError       **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buf[65536];

  *too_big = FALSE;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > cap)
    {
      *too_big = TRUE;
      return NULL;
    }

  for (;;)
    {
      gssize n = g_input_stream_read (in, buf, sizeof buf, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (data->len + (gsize) n > cap)
        {
          *too_big = TRUE;
          return NULL;
        }
      g_byte_array_append (data, buf, (guint) n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* Where a request goes and who watches it: the run's, or the thread that
 * fetches the next page ahead (with a session of its own). */
typedef struct
{
  SoupSession        *session;
  const char         *auth;
  gsize               max_response;
  GCancellable       *cancellable;
  BansouSyncObserver  observer;
  gpointer            observer_data;
  const char         *tag;          /* in the debug line: "", " (ahead)" */
} Link;

/* Sends @msg with the headers every request has, and reads its body up
 * to the link's bound. @sent: an answer began (its headers came). */
static GBytes *
exchange (const Link   *link,
          SoupMessage  *msg,
          const char   *method,
          const char   *path,
          gboolean     *sent,
          gboolean     *too_big,
          GError      **error)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GError) local = NULL;
  GBytes *bytes = NULL;
  gint64 start = g_get_monotonic_time ();
  guint status;

  *too_big = FALSE;
  soup_message_headers_replace (headers, "Authorization", link->auth);
  soup_message_headers_replace (headers, "Accept", "application/json");
  /* Every request is safe to repeat: reads, and writes keyed for the server. */
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);

  in = soup_session_send (link->session, msg, link->cancellable, &local);
  *sent = in != NULL;
  if (in != NULL)
    {
      bytes = read_capped (in, msg, link->max_response, link->cancellable, too_big, &local);
      g_input_stream_close (in, NULL, NULL);
    }
  status = soup_message_get_status (msg);
  g_debug ("%s %s%s → %u in %.1f ms", method, path, link->tag, status, (g_get_monotonic_time () - start) / 1000.0);
  if (link->observer != NULL)
    link->observer (method, path, local ? 0 : status, g_get_monotonic_time () - start, link->observer_data);
  if (local != NULL)
    {
      g_clear_pointer (&bytes, g_bytes_unref);
      g_propagate_error (error, g_steal_pointer (&local));
    }
  return bytes;
}

/* An answer's JSON (_bansou_sync_parse_answer()), and whether its text
 * passes the text rule whole, so that its records' strings need no check
 * one by one (Run.answer_plain). */
static JsonNode *
read_answer (const char  *data,
             gsize        size,
             gboolean    *plain,
             GError     **error)
{
  gboolean repaired = FALSE;
  JsonNode *root = _bansou_sync_parse_answer (data, size, &repaired, error);

  *plain = root != NULL && !repaired && bansou_json_strict_text_is_plain (data, size);
  return root;
}

static guint
retry_after_ms (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  guint64 seconds;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &seconds, NULL))
    return (guint) MIN (seconds, MAX_RETRY_AFTER_S) * 1000;
  return 0;
}

/**
 * http:
 * @path: below /api/v1, with its query
 * @key: (nullable): the Idempotency-Key of a write
 * @body: (nullable): the JSON of a write
 * @status_out: the final HTTP status
 * @json_out: (transfer full): the parsed body (always for 2xx; for other
 *   statuses when it parses)
 *
 * Sends one request, again and again while the failure is transient: the
 * same bytes and key each time, so a write the server had committed is
 * answered from its idempotency table and never applied twice.
 *
 * Returns: %TRUE when the server gave a final answer
 */
gboolean
_bansou_sync_http (Run          *run,
                   const char   *method,
                   const char   *path,
                   const char   *key,
                   const char   *body,
                   guint        *status_out,
                   JsonNode    **json_out,
                   GError      **error)
{
  g_autofree char *uri = g_strconcat (run->base, path, NULL);
  g_autoptr(GBytes) request = body ? g_bytes_new (body, strlen (body)) : NULL;
  g_autoptr(GError) last = NULL;
  Failure failure = FAIL_NONE;

  *json_out = NULL;
  *status_out = 0;

  for (guint attempt = 0; attempt < run->limits.max_attempts; attempt++)
    {
      const Link link = { run->session, run->auth, run->limits.max_response, run->cancellable,
                          run->observer, run->observer_data, "" };
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local = NULL;
      SoupMessageHeaders *headers;
      guint status;
      guint delay = 0;
      gboolean too_big = FALSE;
      gboolean sent = FALSE;

      if (g_cancellable_is_cancelled (run->cancellable))
        return _bansou_sync_set_cancelled (error);

      run->too_big = FALSE;
      run->answer_plain = FALSE;
      msg = soup_message_new (method, uri);
      if (msg == NULL)
        {
          g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CONFIG,
                       _("“%s” is not a server address. Enter one like https://bansou.example.lg.jp"), run->url);
          return FALSE;
        }
      headers = soup_message_get_request_headers (msg);
      if (key != NULL)
        soup_message_headers_replace (headers, "Idempotency-Key", key);
      if (request != NULL)
        soup_message_set_request_body_from_bytes (msg, "application/json", request);
      /* A server refuses a body over its limit from the headers and closes
       * the connection: ask first, so the refusal is read and not lost in
       * a reset while the body is still being sent. */
      if (request != NULL && g_bytes_get_size (request) > 16 * 1024)
        soup_message_headers_set_expectations (headers, SOUP_EXPECTATION_CONTINUE);

      bytes = exchange (&link, msg, method, path, &sent, &too_big, &local);
      status = soup_message_get_status (msg);

      if (local != NULL)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
              g_cancellable_is_cancelled (run->cancellable))
            return _bansou_sync_set_cancelled (error);

          if (local->domain == G_TLS_ERROR ||
              (!sent && soup_message_get_tls_peer_certificate_errors (msg) != 0))
            {
              g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_TLS,
                           _("The certificate of %s cannot be trusted: %s"), run->url, local->message);
              return FALSE;
            }
          if (local->domain == G_RESOLVER_ERROR)
            {
              g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_NETWORK,
                           _("Cannot find the server %s: %s"), run->url, local->message);
              return FALSE;
            }

          /* Refused, reset, timed out, cut off in the middle: try again. */
          failure = sent ? FAIL_TRUNCATED : FAIL_NETWORK;
          g_clear_error (&last);
          last = g_steal_pointer (&local);
        }
      else if (too_big)
        {
          run->too_big = TRUE;
          g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL,
                       _("The server’s answer to %s %s is larger than %" G_GSIZE_FORMAT " bytes"),
                       method, path, run->limits.max_response);
          return FALSE;
        }
      else if (status == 429 || status == 503 || (status >= 500 && status < 600))
        {
          failure = status == 429 ? FAIL_RATE : FAIL_SERVER;
          delay = retry_after_ms (msg);
          g_clear_error (&last);
          g_autoptr(JsonNode) answer = _bansou_sync_parse_answer (g_bytes_get_data (bytes, NULL),
                                                                  g_bytes_get_size (bytes), NULL, NULL);

          _bansou_sync_set_status_error (&last, status, answer, method, path);
        }
      else
        {
          gsize size;
          const char *data = g_bytes_get_data (bytes, &size);

          *status_out = status;
          /* RFC 8259 only, within a depth (bansou-json-strict.c); text an
           * older server stored badly is repaired so that its records can
           * be quarantined one by one (bansou-sync-quarantine.c). */
          if (size > 0)
            *json_out = read_answer (data, size, &run->answer_plain, &local);

          if (status >= 200 && status < 300 && *json_out == NULL)
            {
              g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL,
                           _("The server’s answer to %s %s is not JSON: %s"), method, path,
                           local ? local->message : _("empty"));
              return FALSE;
            }
          return TRUE;
        }

      if (attempt + 1 < run->limits.max_attempts)
        {
          guint backoff = MIN ((guint64) run->limits.backoff_ms << MIN (attempt, 16), MAX_BACKOFF_MS);

          g_debug ("%s %s: %s; again in %u ms", method, path, last ? last->message : "", MAX (delay, backoff));
          if (!_bansou_sync_wait_ms (run->cancellable, MAX (delay, backoff)))
            return _bansou_sync_set_cancelled (error);
        }
    }

  switch (failure)
    {
    case FAIL_TRUNCATED:
      g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL,
                   _("The server’s answer to %s %s was cut off: %s"), method, path, last->message);
      break;
    case FAIL_SERVER:
    case FAIL_RATE:
      g_propagate_error (error, g_steal_pointer (&last));
      break;
    case FAIL_NETWORK:
    case FAIL_NONE:
    default:
      g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_NETWORK,
                   _("Cannot reach %s: %s"), run->url, last ? last->message : "");
      break;
    }
  return FALSE;
}

/* A request whose every non-2xx answer is an error. */
JsonNode *
_bansou_sync_http_ok (Run         *run,
                      const char  *method,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(JsonNode) json = NULL;
  guint status;

  run->refused_status = 0;
  if (!_bansou_sync_http (run, method, path, NULL, NULL, &status, &json, error))
    return NULL;
  if (status < 200 || status >= 300)
    {
      run->refused_status = status;
      _bansou_sync_set_status_error (error, status, json, method, path);
      return NULL;
    }
  return g_steal_pointer (&json);
}


/* ------------------------------------------------------------------------ */
/* The next page, fetched while this one is applied                         */

struct _BansouSyncPrefetch
{
  GThread      *thread;
  /* the worker's, read-only for it */
  Link          link;        /* its session is made in the worker; auth and cancellable are owned */
  char         *path;
  char         *uri;
  char         *ca_file;
  /* the worker's result, read once it is joined */
  JsonNode     *root;
  gboolean      plain;
};

/* One GET, on a session of the worker's own (a SoupSession is used by one
 * thread); anything but a whole 200 that parses is dropped, and the page
 * is then asked for again the ordinary way, with its retries. */
static gpointer
prefetch_thread (gpointer data)
{
  BansouSyncPrefetch *pf = data;
  g_autoptr(SoupSession) session = _bansou_sync_new_session (pf->ca_file, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Link link = pf->link;
  gboolean sent, too_big;
  const char *text;
  gsize size;

  if (session == NULL || (msg = soup_message_new ("GET", pf->uri)) == NULL)
    return NULL;
  link.session = session;
  bytes = exchange (&link, msg, "GET", pf->path, &sent, &too_big, NULL);
  if (bytes == NULL || too_big || soup_message_get_status (msg) != 200)
    return NULL;
  text = g_bytes_get_data (bytes, &size);
  if (size > 0)
    pf->root = read_answer (text, size, &pf->plain, NULL);
  return NULL;
}

/**
 * _bansou_sync_prefetch_start:
 * @path: a GET that is safe to send early (a page of /changes)
 *
 * Sends @path from a thread of its own, so that the server and the parse
 * of the next page overlap the transaction of this one (docs/api.md,
 * GET /changes). Only _bansou_sync_prefetch_take() reads the answer.
 *
 * Returns: (transfer full): the fetch, for _bansou_sync_prefetch_take()
 */
BansouSyncPrefetch *
_bansou_sync_prefetch_start (Run        *run,
                             const char *path)
{
  BansouSyncPrefetch *pf = g_new0 (BansouSyncPrefetch, 1);

  pf->path = g_strdup (path);
  pf->uri = g_strconcat (run->base, path, NULL);
  pf->ca_file = g_strdup (run->ca_file);
  pf->link = (Link) { NULL, g_strdup (run->auth), run->limits.max_response,
                      run->cancellable ? g_object_ref (run->cancellable) : NULL,
                      run->observer, run->observer_data, " (ahead)" };
  /* Without a thread the page is simply asked for when it is wanted. */
  pf->thread = g_thread_try_new ("bansou-prefetch", prefetch_thread, pf, NULL);
  return pf;
}

/**
 * _bansou_sync_prefetch_take:
 * @pf: (transfer full) (nullable): a fetch begun with _bansou_sync_prefetch_start()
 * @path: the request wanted now
 *
 * Waits for @pf, and frees it.
 *
 * Returns: (transfer full) (nullable): the answer of @path, if @pf fetched
 *   exactly that and the server answered it whole; else %NULL
 */
JsonNode *
_bansou_sync_prefetch_take (BansouSyncPrefetch *pf,
                            Run                *run,
                            const char         *path)
{
  JsonNode *root = NULL;

  if (pf == NULL)
    return NULL;
  if (pf->thread != NULL)
    g_thread_join (g_steal_pointer (&pf->thread));
  if (g_str_equal (pf->path, path) && pf->root != NULL)
    {
      root = g_steal_pointer (&pf->root);
      run->answer_plain = pf->plain;
      run->too_big = FALSE;
      run->refused_status = 0;
    }
  _bansou_sync_prefetch_free (pf);
  return root;
}

void
_bansou_sync_prefetch_free (BansouSyncPrefetch *pf)
{
  if (pf == NULL)
    return;
  if (pf->thread != NULL)
    g_thread_join (pf->thread);
  g_clear_pointer (&pf->root, json_node_unref);
  g_clear_object (&pf->link.cancellable);
  g_free ((char *) pf->link.auth);
  g_free (pf->path);
  g_free (pf->uri);
  g_free (pf->ca_file);
  g_free (pf);
}

/* What the server says of itself: only a demo server ("demo": true) is
 * sent the records of demo rounds. A server that does not say so (an
 * older one, a proxy that answers 404) is not one; the run goes on. */
gboolean
_bansou_sync_fetch_health (Run     *run,
                           GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonNode *demo = NULL;
  guint status = 0;

  run->server_demo = FALSE;
  if (!_bansou_sync_http (run, "GET", "/health", NULL, NULL, &status, &root, error))
    return FALSE;
  if (status >= 200 && status < 300 && root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    demo = json_object_get_member (json_node_get_object (root), "demo");
  run->server_demo = demo != NULL && JSON_NODE_HOLDS_VALUE (demo) &&
                     json_node_get_value_type (demo) == G_TYPE_BOOLEAN && json_node_get_boolean (demo);
  g_debug ("GET /health → %u: %sa demo server", status, run->server_demo ? "" : "not ");
  return TRUE;
}
