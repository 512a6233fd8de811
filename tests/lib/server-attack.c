/* server-attack.c — silent and slow sockets against a real bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define _GNU_SOURCE  /* POLLRDHUP */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "server-attack.h"

typedef struct
{
  GIOStream *tls;
  guint      sent;
  gboolean   closed;
} Slow;

struct _BsvAttack
{
  BsvServer    *server;
  guint         first;
  guint         n_addresses;
  guint         next;
  GArray       *silent;     /* int fds */
  GPtrArray    *slow;       /* Slow* */
  GMutex        lock;       /* slow[] between the threads */
  GTlsDatabase *database;   /* the server's certificate: not the system's store per socket */
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
};

static const char slow_request[] =
  "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Padding: "
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/* A TCP connection from 127.0.0.@last_octet to the server; -1 if refused. */
int
bsv_connect_from (BsvServer *server,
                  guint      last_octet)
{
  struct sockaddr_in local = { .sin_family = AF_INET };
  struct sockaddr_in remote = { .sin_family = AF_INET, .sin_port = htons (server->port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  local.sin_addr.s_addr = htonl ((127u << 24) | last_octet);
  remote.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (fd, (struct sockaddr *) &local, sizeof local) != 0 ||
      connect (fd, (struct sockaddr *) &remote, sizeof remote) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

/* Has the other side closed (EOF or reset)? Waits up to @timeout_ms. */
gboolean
bsv_fd_closed_by_peer (int fd,
                       int timeout_ms)
{
  struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLRDHUP };
  char c;

  if (poll (&pfd, 1, timeout_ms) <= 0)
    return FALSE;
  if (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR))
    return TRUE;
  return recv (fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) <= 0 && errno != EAGAIN;
}

static guint
next_address (BsvAttack *a)
{
  return a->first + (a->next++ % a->n_addresses);
}

static gboolean
dribble_cb (gpointer user_data)
{
  BsvAttack *a = user_data;

  g_mutex_lock (&a->lock);
  for (guint i = 0; i < a->slow->len; i++)
    {
      Slow *s = g_ptr_array_index (a->slow, i);
      g_autoptr(GError) error = NULL;

      if (s->closed)
        continue;
      /* Never the end of the headers: one byte a second, for ever. */
      if (g_output_stream_write (g_io_stream_get_output_stream (s->tls), slow_request + (s->sent % (sizeof slow_request - 1)),
                                 1, NULL, &error) != 1)
        s->closed = TRUE;
      else
        s->sent++;
    }
  g_mutex_unlock (&a->lock);
  return G_SOURCE_CONTINUE;
}

static gpointer
attack_thread (gpointer user_data)
{
  BsvAttack *a = user_data;

  g_main_context_push_thread_default (a->context);
  g_main_loop_run (a->loop);
  g_main_context_pop_thread_default (a->context);
  return NULL;
}

BsvAttack *
bsv_attack_new (BsvServer *server,
                guint      first_address,
                guint      n_addresses)
{
  BsvAttack *a = g_new0 (BsvAttack, 1);
  GSource *tick;

  a->server = server;
  a->first = first_address;
  a->n_addresses = MAX (1, n_addresses);
  a->database = g_tls_file_database_new (server->cert, NULL);
  a->silent = g_array_new (FALSE, FALSE, sizeof (int));
  a->slow = g_ptr_array_new ();
  g_mutex_init (&a->lock);
  a->context = g_main_context_new ();
  a->loop = g_main_loop_new (a->context, FALSE);
  tick = g_timeout_source_new (1000);
  g_source_set_callback (tick, dribble_cb, a, NULL);
  g_source_attach (tick, a->context);
  g_source_unref (tick);
  a->thread = g_thread_new ("attack", attack_thread, a);
  return a;
}

guint
bsv_attack_silent (BsvAttack *a,
                   guint      n)
{
  guint ok = 0;

  for (guint i = 0; i < n; i++)
    {
      int fd = bsv_connect_from (a->server, next_address (a));

      if (fd >= 0)
        {
          g_array_append_val (a->silent, fd);
          ok++;
        }
    }
  return ok;
}

static gboolean
accept_any_cb (GTlsConnection       *conn,
               GTlsCertificate      *cert,
               GTlsCertificateFlags  errors,
               gpointer              user_data)
{
  return TRUE;
}

guint
bsv_attack_slow (BsvAttack *a,
                 guint      n)
{
  guint ok = 0;

  for (guint i = 0; i < n; i++)
    {
      int fd = bsv_connect_from (a->server, next_address (a));
      g_autoptr(GSocket) socket = NULL;
      g_autoptr(GSocketConnection) conn = NULL;
      g_autoptr(GIOStream) tls = NULL;
      g_autoptr(GError) error = NULL;
      Slow *s;

      if (fd < 0)
        continue;
      socket = g_socket_new_from_fd (fd, &error);
      g_assert_no_error (error);
      g_socket_set_timeout (socket, 5);
      conn = g_socket_connection_factory_create_connection (socket);
      tls = g_tls_client_connection_new (G_IO_STREAM (conn), NULL, &error);
      g_assert_no_error (error);
      g_tls_connection_set_database (G_TLS_CONNECTION (tls), a->database);
      g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any_cb), NULL);
      if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error))
        continue;   /* refused by a cap: the server closed it */
      s = g_new0 (Slow, 1);
      s->tls = g_steal_pointer (&tls);
      g_mutex_lock (&a->lock);
      g_ptr_array_add (a->slow, s);
      g_mutex_unlock (&a->lock);
      ok++;
    }
  return ok;
}

/* Reopens what the server has closed, so the attack stays at full
 * strength. Returns how many sockets were reopened. */
guint
bsv_attack_refill (BsvAttack *a)
{
  guint reopened = 0, slow_closed = 0;

  for (guint i = 0; i < a->silent->len; i++)
    {
      int *fd = &g_array_index (a->silent, int, i);

      if (bsv_fd_closed_by_peer (*fd, 0))
        {
          int again = bsv_connect_from (a->server, next_address (a));

          close (*fd);
          *fd = again >= 0 ? again : *fd;
          reopened += again >= 0;
        }
    }

  g_mutex_lock (&a->lock);
  for (guint i = 0; i < a->slow->len; )
    {
      Slow *s = g_ptr_array_index (a->slow, i);

      if (s->closed)
        {
          g_io_stream_close (s->tls, NULL, NULL);
          g_object_unref (s->tls);
          g_free (s);
          g_ptr_array_remove_index_fast (a->slow, i);
          slow_closed++;
        }
      else
        i++;
    }
  g_mutex_unlock (&a->lock);
  /* One at a time: a server that does not finish handshakes any more
   * (the "before" of the benchmark) is not waited for again and again. */
  for (guint i = 0; i < slow_closed; i++)
    {
      guint ok = bsv_attack_slow (a, 1);

      reopened += ok;
      if (ok == 0)
        break;
    }
  return reopened;
}

guint
bsv_attack_silent_open (BsvAttack *a)
{
  guint open = 0;

  for (guint i = 0; i < a->silent->len; i++)
    if (!bsv_fd_closed_by_peer (g_array_index (a->silent, int, i), 0))
      open++;
  return open;
}

guint
bsv_attack_wait_silent_closed (BsvAttack *a,
                               guint      want,
                               int        timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint n = a->silent->len;
  g_autofree struct pollfd *pfd = g_new0 (struct pollfd, MAX (n, 1));
  g_autofree gboolean *closed = g_new0 (gboolean, MAX (n, 1));
  guint n_closed = 0;

  for (;;)
    {
      gint64 left = (end - g_get_monotonic_time ()) / 1000;
      guint k = 0;

      for (guint i = 0; i < n; i++)
        if (!closed[i] && bsv_fd_closed_by_peer (g_array_index (a->silent, int, i), 0))
          {
            closed[i] = TRUE;
            n_closed++;
          }
      if (n_closed >= want || left <= 0)
        return n_closed;
      for (guint i = 0; i < n; i++)
        if (!closed[i])
          pfd[k++] = (struct pollfd) { .fd = g_array_index (a->silent, int, i), .events = POLLIN | POLLRDHUP };
      poll (pfd, k, (int) left);
    }
}

guint
bsv_attack_slow_open (BsvAttack *a)
{
  guint open = 0;

  g_mutex_lock (&a->lock);
  for (guint i = 0; i < a->slow->len; i++)
    if (!((Slow *) g_ptr_array_index (a->slow, i))->closed)
      open++;
  g_mutex_unlock (&a->lock);
  return open;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

void
bsv_attack_free (BsvAttack *a)
{
  if (a == NULL)
    return;
  /* Runs in the attack thread, even if its loop has not started yet. */
  g_main_context_invoke (a->context, quit_cb, a->loop);
  g_thread_join (a->thread);
  for (guint i = 0; i < a->silent->len; i++)
    close (g_array_index (a->silent, int, i));
  for (guint i = 0; i < a->slow->len; i++)
    {
      Slow *s = g_ptr_array_index (a->slow, i);

      g_io_stream_close (s->tls, NULL, NULL);
      g_object_unref (s->tls);
      g_free (s);
    }
  g_array_unref (a->silent);
  g_ptr_array_unref (a->slow);
  g_main_loop_unref (a->loop);
  g_main_context_unref (a->context);
  g_clear_object (&a->database);
  g_mutex_clear (&a->lock);
  g_free (a);
}
