/* bansou-server-audit.c — the trace of refused tokens, bounded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A 401 (no token, an unknown one, a revoked one) leaves an audit line —
 * in the table `audit` and in the log — so that a leaked token's use
 * after its revocation, or someone guessing, is seen. A flood must not
 * fill the disk, though: per client address, the first
 * BANSOU_UNAUTHORIZED_LINES refusals of a minute are written one by one,
 * the rest only counted, and one summary line says how many there were
 * when the minute is over (or when the server stops). At most
 * BANSOU_UNAUTHORIZED_ADDRESSES addresses are followed; beyond that all
 * others share one entry, so the memory is bounded too.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>

#include "bansou-server-private.h"
#include "bansou-server-util.h"

#define WINDOW_US (60 * G_USEC_PER_SEC)
#define OTHERS    "(other addresses)"

typedef struct
{
  gint64 window_start;
  guint  logged;
  guint  suppressed;
} Refusals;

static void
write_line (BansouServer *self,
            const char   *actor,
            const char   *target,
            const char   *detail)
{
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *at = bansou_now_iso ();

  g_message ("audit: unauthorized request %s by %s: %s", target, actor, detail);
  stmt = bansou_server_db_prepare (self->db,
                                   "INSERT INTO audit (at, token, actor, action, target, outcome, detail) "
                                   "VALUES (?, NULL, ?, 'request', ?, 'unauthorized', ?)", NULL);
  if (stmt == NULL)
    return;
  bansou_server_stmt_bind_text (stmt, 1, at);
  bansou_server_stmt_bind_text (stmt, 2, actor);
  bansou_server_stmt_bind_text (stmt, 3, target);
  bansou_server_stmt_bind_text (stmt, 4, detail);
  if (bansou_server_stmt_step (stmt, &error) != BANSOU_SERVER_STEP_DONE)
    g_warning ("Could not write the audit trail: %s", error ? error->message : "?");
}

static void
write_summary (BansouServer *self,
               const char   *address,
               Refusals     *r)
{
  g_autofree char *actor = g_strdup_printf ("address %s", address);
  g_autofree char *detail = g_strdup_printf ("%u more unauthorized requests in the same minute, not logged one by one",
                                             r->suppressed);

  write_line (self, actor, "(summary)", detail);
  r->suppressed = 0;
}

/* What the Authorization header held, without ever repeating a token. */
static char *
describe (BansouServer      *self,
          SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autoptr(BansouServerStmt) stmt = NULL;
  g_autofree char *hash = NULL;

  if (header == NULL)
    return g_strdup ("no token");
  if (g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return g_strdup ("not a Bearer token");
  header += 7;
  while (*header == ' ')
    header++;
  if (strlen (header) > 200)
    return g_strdup ("an unknown token");

  hash = bansou_server_hash_token (header);
  stmt = bansou_server_db_prepare (self->db,
                                   "SELECT id, name FROM tokens WHERE hash = ? AND revoked_at IS NOT NULL", NULL);
  if (stmt != NULL)
    {
      bansou_server_stmt_bind_text (stmt, 1, hash);
      if (bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW)
        return g_strdup_printf ("the revoked token %" G_GINT64_FORMAT " (%s)",
                                (gint64) bansou_server_stmt_column_int64 (stmt, 0), bansou_server_stmt_column_text (stmt, 1));
    }
  return g_strdup ("an unknown token");
}

static gboolean
flush_cb (gpointer user_data)
{
  _bansou_server_audit_flush (user_data, FALSE);
  return G_SOURCE_CONTINUE;
}

/* The client's address. Behind nginx on loopback (docs/deploy.md) the peer
 * is nginx itself, which names the client in X-Forwarded-For: trusted from
 * a loopback peer only, and only its last entry (the one nginx added). */
static char *
client_address (SoupServerMessage *msg)
{
  const char *peer = soup_server_message_get_remote_host (msg);
  const char *forwarded = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                        "X-Forwarded-For");

  if (peer == NULL)
    return g_strdup ("(unknown)");
  if (forwarded != NULL && (g_str_equal (peer, "127.0.0.1") || g_str_equal (peer, "::1")))
    {
      const char *last = strrchr (forwarded, ',');
      g_autofree char *addr = g_strstrip (g_strdup (last ? last + 1 : forwarded));
      g_autoptr(GInetAddress) parsed = g_inet_address_new_from_string (addr);

      if (parsed != NULL)
        return g_inet_address_to_string (parsed);
    }
  return g_strdup (peer);
}

/**
 * _bansou_server_audit_unauthorized:
 *
 * Called for every 401. Writes at most BANSOU_UNAUTHORIZED_LINES lines
 * per address and minute, then one summary.
 */
void
_bansou_server_audit_unauthorized (BansouServer      *self,
                                   SoupServerMessage *msg)
{
  g_autofree char *client = client_address (msg);
  const char *address = client;
  gint64 now = g_get_monotonic_time ();
  Refusals *r;

  if (self->refusals == NULL)
    {
      self->refusals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      self->refusals_id = g_timeout_add_seconds (60, flush_cb, self);
    }

  r = g_hash_table_lookup (self->refusals, address);
  if (r == NULL)
    {
      if (g_hash_table_size (self->refusals) >= BANSOU_UNAUTHORIZED_ADDRESSES)
        address = OTHERS;
      r = g_hash_table_lookup (self->refusals, address);
    }
  if (r == NULL)
    {
      r = g_new0 (Refusals, 1);
      r->window_start = now;
      g_hash_table_insert (self->refusals, g_strdup (address), r);
    }

  if (now - r->window_start >= WINDOW_US)
    {
      if (r->suppressed > 0)
        write_summary (self, address, r);
      r->window_start = now;
      r->logged = 0;
    }

  if (r->logged < BANSOU_UNAUTHORIZED_LINES)
    {
      g_autofree char *actor = g_strdup_printf ("address %s", address);
      g_autofree char *target = g_strdup_printf ("%s %s", soup_server_message_get_method (msg),
                                                 g_uri_get_path (soup_server_message_get_uri (msg)));
      g_autofree char *detail = describe (self, msg);

      r->logged++;
      write_line (self, actor, target, detail);
    }
  else
    r->suppressed++;
}

/**
 * _bansou_server_audit_flush:
 * @all: %TRUE when the server stops: every count is written out
 *
 * Writes the summaries of the minutes that are over, and forgets the
 * addresses that have been quiet for a minute.
 */
void
_bansou_server_audit_flush (BansouServer *self,
                            gboolean      all)
{
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  const char *address;
  Refusals *r;

  if (all)
    g_clear_handle_id (&self->refusals_id, g_source_remove);
  if (self->refusals == NULL || self->db == NULL)
    return;
  g_hash_table_iter_init (&iter, self->refusals);
  while (g_hash_table_iter_next (&iter, (gpointer *) &address, (gpointer *) &r))
    if (all || now - r->window_start >= WINDOW_US)
      {
        if (r->suppressed > 0)
          write_summary (self, address, r);
        g_hash_table_iter_remove (&iter);
      }
  if (all)
    g_clear_pointer (&self->refusals, g_hash_table_unref);
}
