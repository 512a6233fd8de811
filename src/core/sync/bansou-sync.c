/* bansou-sync.c — offline-first sync of a workbench with bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The protocol is docs/api.md, "Syncing a workbench". A run, in a thread
 * of its own with its own database connection:
 *
 *  1, 2. The lists of the record kinds that have one, in the order of
 *     registration (bansou-sync-kinds.c): GET /bodies (the token must
 *     serve this workbench's prefecture: a token of another prefecture is
 *     refused before anything is written; bodies registered on the server
 *     are added here), then GET /rounds (rounds of the server are added
 *     here; outbox rows of rounds the server does not have stay in the
 *     outbox, "held").
 *  3. Push: chunks sent before and not yet answered are sent again, byte
 *     for byte with the same Idempotency-Key (outbox_chunks keeps them);
 *     then new chunks of at most 1000 rows. 200/201 stores the record's
 *     revision and drops the row, 412 becomes a conflict (or nothing, if
 *     the server already holds exactly our version).
 *  4. Pull: GET /changes from the stored cursor until "more" is false;
 *     each page and its cursor in one local transaction. A record with a
 *     pending local edit or an open conflict is never overwritten.
 *  5. GET /baselines for every round of the server.
 *
 * What a record is — its members, key, local tables — is its kind's
 * business (bansou-sync-kind.h); the files of this folder only move
 * records (bansou-sync-private.h lists them).
 *
 * Every response is checked member by member before anything is written:
 * a malformed, truncated, oversized or wrong-typed answer fails the run
 * with BANSOU_SYNC_ERROR_PROTOCOL and leaves the page's data untouched.
 * Transient failures (the network, 5xx, 429, 503) are retried with the
 * same request a bounded number of times, waiting as Retry-After says.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-sync-private.h"

struct _BansouSync
{
  GObject           parent_instance;

  char             *database_path;

  GMutex            mutex;     /* guards the settings below: set from any thread */
  char             *url;
  char             *token;     /* in memory only */
  char             *ca_file;
  BansouSyncLimits  limits;
  BansouSyncObserver observer;   /* benchmarks: every request's outcome */
  gpointer          observer_data;
};

G_DEFINE_FINAL_TYPE (BansouSync, bansou_sync, G_TYPE_OBJECT)

G_DEFINE_QUARK (bansou-sync-error-quark, bansou_sync_error)

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */
/* A run                                                                    */

static void
run_free (Run *run)
{
  g_clear_pointer (&run->audit, sqlite3_finalize);
  g_clear_object (&run->session);
  g_clear_object (&run->store);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_pointer (&run->present, g_hash_table_unref);
  g_clear_pointer (&run->keys, g_hash_table_unref);
  g_clear_object (&run->self);
  g_free (run->url);
  if (run->token)
    memset (run->token, 0, strlen (run->token));
  g_free (run->token);
  if (run->auth)
    memset (run->auth, 0, strlen (run->auth));
  g_free (run->auth);
  g_free (run->ca_file);
  g_free (run->base);
  g_free (run->prefecture);
  g_free (run->now);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

typedef struct
{
  BansouSync *self;
  char       *phase;
  guint       done;
  guint       total;
} ProgressData;

static void
progress_data_free (gpointer data)
{
  ProgressData *p = data;

  g_object_unref (p->self);
  g_free (p->phase);
  g_free (p);
}

static gboolean
emit_progress_cb (gpointer data)
{
  ProgressData *p = data;

  g_signal_emit (p->self, signals[PROGRESS], 0, p->phase, p->done, p->total);
  return G_SOURCE_REMOVE;
}

void
_bansou_sync_emit_progress (Run        *run,
                            const char *phase,
                            guint       done,
                            guint       total)
{
  ProgressData *p = g_new0 (ProgressData, 1);

  p->self = g_object_ref (run->self);
  p->phase = g_strdup (phase);
  p->done = done;
  p->total = total;

  if (run->context == NULL)
    {
      emit_progress_cb (p);
      progress_data_free (p);
    }
  else
    g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, emit_progress_cb, p, progress_data_free);
}

/* ------------------------------------------------------------------------ */
/* The run                                                                  */

static gboolean
run_sync (Run              *run,
          GError          **error)
{
  g_autoptr(GError) local = NULL;
  const char *path = run->self->database_path;

  if (!_bansou_sync_check_url (run->url, &run->base, error) || !_bansou_sync_check_token (run->token, error))
    return FALSE;
  if (!(run->session = _bansou_sync_new_session (run->ca_file, error)))
    return FALSE;
  run->auth = g_strconcat ("Bearer ", run->token, NULL);
  run->now = bansou_now_iso ();
  run->max_request = MAX_REQUEST_BYTES;

  run->store = bansou_store_open (path, &local);
  if (run->store == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  bansou_store_set_actor (run->store, SYNC_ACTOR);

  run->prefecture = bansou_store_get_setting (run->store, "prefecture");
  if (run->prefecture == NULL)
    {
      g_set_error_literal (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CONFIG,
                           _("Choose the prefecture this workbench serves before syncing"));
      return FALSE;
    }
  if (!_bansou_sync_prepare_run (run, error))
    return FALSE;

  if (!_bansou_sync_fetch_health (run, error) ||
      !_bansou_sync_fetch_lists (run, error) ||
      !_bansou_sync_push (run, error) ||
      !_bansou_sync_pull (run, error) ||
      !_bansou_sync_fetch_baselines (run, error))
    return FALSE;

  {
    g_autofree char *done = bansou_now_iso ();

    if (!bansou_store_set_setting (run->store, "sync-url", run->url, error) ||
        !bansou_store_set_setting (run->store, "sync-ca-file", run->ca_file && *run->ca_file ? run->ca_file : NULL,
                                   error) ||
        !bansou_store_set_setting (run->store, "sync-last", done, error))
      return FALSE;
  }

  g_debug ("Sync done: pushed %u, pulled %u, conflicts %u, skipped %u, held %u (demo %u)", run->stats.pushed,
           run->stats.pulled, run->stats.conflicts, run->stats.skipped, run->stats.held, run->stats.demo_held);
  return TRUE;
}

static Run *
run_new (BansouSync   *self,
         GCancellable *cancellable)
{
  Run *run = g_new0 (Run, 1);

  run->self = g_object_ref (self);
  run->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  g_mutex_lock (&self->mutex);
  run->url = g_strdup (self->url);
  run->token = g_strdup (self->token);
  run->ca_file = g_strdup (self->ca_file);
  run->limits = self->limits;
  run->observer = self->observer;
  run->observer_data = self->observer_data;
  g_mutex_unlock (&self->mutex);
  return run;
}

/* ------------------------------------------------------------------------ */

static void
bansou_sync_finalize (GObject *object)
{
  BansouSync *self = (BansouSync *)object;

  g_free (self->database_path);
  g_free (self->url);
  if (self->token)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_free (self->ca_file);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (bansou_sync_parent_class)->finalize (object);
}

static void
bansou_sync_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BansouSync *self = BANSOU_SYNC (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_sync_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BansouSync *self = BANSOU_SYNC (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      self->database_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_sync_class_init (BansouSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  bansou_sync_kinds_ensure ();

  object_class->finalize = bansou_sync_finalize;
  object_class->get_property = bansou_sync_get_property;
  object_class->set_property = bansou_sync_set_property;

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BansouSync::progress:
   * @phase: "push" or "pull"
   * @done: rows sent, or records received
   * @total: rows to send; for "pull" 0 until the last page (the feed
   *   does not say how much is left), then equal to @done
   *
   * Emitted on the thread-default main context of the caller of
   * bansou_sync_run_async(), or in the thread calling bansou_sync_run().
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_UINT, G_TYPE_UINT);
}

static void
bansou_sync_init (BansouSync *self)
{
  g_mutex_init (&self->mutex);
  self->limits.max_response = DEFAULT_MAX_RESPONSE;
  self->limits.page_size = DEFAULT_PAGE_SIZE;
  self->limits.batch_size = DEFAULT_BATCH_SIZE;
  self->limits.max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->limits.backoff_ms = DEFAULT_BACKOFF_MS;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

/**
 * bansou_sync_new:
 * @database_path: the workbench database; each run opens its own
 *   connection to it, in the thread it runs in
 *
 * Returns: (transfer full): a new sync client, with no server set
 */
BansouSync *
bansou_sync_new (const char *database_path)
{
  g_return_val_if_fail (database_path != NULL, NULL);

  return g_object_new (BANSOU_TYPE_SYNC, "database-path", database_path, NULL);
}

const char *
bansou_sync_get_database_path (BansouSync *self)
{
  g_return_val_if_fail (BANSOU_IS_SYNC (self), NULL);
  return self->database_path;
}

/**
 * bansou_sync_set_server:
 * @url: "https://host[:port][/prefix]"; plain http only to 127.0.0.1,
 *   ::1 or localhost
 * @token: the bearer token; kept in memory only
 * @ca_file: (nullable): an absolute path to the PEM file of the CA to
 *   trust instead of the system's
 *
 * Takes effect from the next run. Nothing is checked here: a run reports
 * a bad setting as %BANSOU_SYNC_ERROR_CONFIG or %BANSOU_SYNC_ERROR_INSECURE
 * before connecting anywhere.
 */
void
bansou_sync_set_server (BansouSync *self,
                        const char *url,
                        const char *token,
                        const char *ca_file)
{
  g_return_if_fail (BANSOU_IS_SYNC (self));

  g_mutex_lock (&self->mutex);
  g_free (self->url);
  self->url = g_strdup (url);
  if (self->token)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  g_mutex_unlock (&self->mutex);
}

void
_bansou_sync_set_limits (BansouSync             *self,
                         const BansouSyncLimits *limits)
{
  g_return_if_fail (BANSOU_IS_SYNC (self));

  g_mutex_lock (&self->mutex);
  if (limits->max_response)
    self->limits.max_response = limits->max_response;
  if (limits->page_size)
    self->limits.page_size = MIN (limits->page_size, DEFAULT_PAGE_SIZE);
  if (limits->batch_size)
    self->limits.batch_size = MIN (limits->batch_size, 1000);
  if (limits->max_attempts)
    self->limits.max_attempts = limits->max_attempts;
  if (limits->backoff_ms)
    self->limits.backoff_ms = limits->backoff_ms;
  g_mutex_unlock (&self->mutex);
}

void
_bansou_sync_set_observer (BansouSync         *self,
                           BansouSyncObserver  observer,
                           gpointer            data)
{
  g_return_if_fail (BANSOU_IS_SYNC (self));

  g_mutex_lock (&self->mutex);
  self->observer = observer;
  self->observer_data = data;
  g_mutex_unlock (&self->mutex);
}

/**
 * bansou_sync_run:
 * @stats: (out) (optional): what the run did
 *
 * Pushes the outbox, pulls the changes and the national baselines, and
 * blocks until done. For bansouctl and worker threads; "progress" is
 * emitted in the calling thread. An interrupted run leaves the database
 * consistent; the next run takes up where it stopped.
 *
 * Returns: %TRUE on success; on failure @error is in #BANSOU_SYNC_ERROR
 *   (or #BANSOU_STORE_ERROR for the local database)
 */
gboolean
bansou_sync_run (BansouSync       *self,
                 GCancellable     *cancellable,
                 BansouSyncStats  *stats,
                 GError          **error)
{
  g_autoptr(Run) run = NULL;
  gboolean ok;

  g_return_val_if_fail (BANSOU_IS_SYNC (self), FALSE);

  run = run_new (self, cancellable);
  ok = run_sync (run, error);
  if (stats)
    *stats = run->stats;
  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Run *run = task_data;
  GError *error = NULL;

  if (run_sync (run, &error))
    g_task_return_pointer (task, g_memdup2 (&run->stats, sizeof run->stats), g_free);
  else
    g_task_return_error (task, error);
}

void
bansou_sync_run_async (BansouSync          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (BANSOU_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bansou_sync_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  /* A cancelled run reports BANSOU_SYNC_ERROR_CANCELLED, like any other end. */
  g_task_set_check_cancellable (task, FALSE);

  run = run_new (self, cancellable);
  run->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
bansou_sync_run_finish (BansouSync       *self,
                        GAsyncResult     *result,
                        BansouSyncStats  *stats,
                        GError          **error)
{
  g_autofree BansouSyncStats *out = NULL;

  g_return_val_if_fail (BANSOU_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bansou_sync_run_async, FALSE);

  out = g_task_propagate_pointer (G_TASK (result), error);
  if (out == NULL)
    return FALSE;
  if (stats)
    *stats = *out;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Settings kept in the store                                               */

char *
bansou_sync_dup_last_sync (BansouStore *store)
{
  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);
  return bansou_store_get_setting (store, "sync-last");
}

/**
 * bansou_sync_error_message:
 *
 * Returns: (transfer full): one translated sentence for the user: what
 *   happened and what to do
 */
char *
bansou_sync_error_message (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != BANSOU_SYNC_ERROR)
    return g_strdup (error->message);

  switch ((BansouSyncError) error->code)
    {
    case BANSOU_SYNC_ERROR_NETWORK:
      return g_strdup (_("Cannot reach the server. Check the network connection and the server address, "
                         "then try again. Your changes are kept."));
    case BANSOU_SYNC_ERROR_TLS:
      return g_strdup (_("The server’s certificate cannot be trusted. Check the server address; if your "
                         "ministry uses its own certificate authority, select its CA certificate file."));
    case BANSOU_SYNC_ERROR_UNAUTHORIZED:
      return g_strdup (_("The server rejected the token. Ask the administrator for a new token and enter it again."));
    case BANSOU_SYNC_ERROR_FORBIDDEN:
      return g_strdup (_("The token does not allow access to these bodies. Check that the token is for this "
                         "prefecture, or ask the administrator."));
    case BANSOU_SYNC_ERROR_PROTOCOL:
      return g_strdup (_("The server sent an answer Bansō cannot read; nothing was changed here. Try again "
                         "later, and tell the administrator if it happens again."));
    case BANSOU_SYNC_ERROR_SERVER:
      return g_strdup (_("The server could not complete the sync. Your changes are kept and will be sent "
                         "next time; tell the administrator if it happens again."));
    case BANSOU_SYNC_ERROR_RATE_LIMITED:
      return g_strdup (_("The server is busy. Your changes are kept; try again in a few minutes."));
    case BANSOU_SYNC_ERROR_CANCELLED:
      return g_strdup (_("Sync was cancelled. Your changes are kept and will be sent next time."));
    case BANSOU_SYNC_ERROR_INSECURE:
      return g_strdup (_("Plain http is allowed only to this computer. Enter the server address with https://."));
    case BANSOU_SYNC_ERROR_CONFIG:
    default:
      return g_strdup (error->message);
    }
}
