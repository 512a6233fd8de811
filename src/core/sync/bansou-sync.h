/* bansou-sync.h — offline-first sync of a workbench with bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Every local edit of a record the server keeps (an answer, a progress
 * state: the kinds of bansou-sync-kind.h) writes an outbox row in the
 * same transaction (bansou-outbox.h). A run pushes the outbox in
 * POST /batch chunks, then pulls GET /changes since the stored cursor,
 * then the national baselines and alerts. A write the server refuses as
 * stale (412) becomes a conflict the user resolves; nothing is dropped.
 * See docs/api.md, "Syncing a workbench".
 */
#pragma once

#include <gio/gio.h>

#include "bansou-store.h"
#include "bansou-sync-kind.h"

G_BEGIN_DECLS

#define BANSOU_SYNC_ERROR (bansou_sync_error_quark ())

typedef enum
{
  BANSOU_SYNC_ERROR_NETWORK,       /* cannot reach the server, or it went away */
  BANSOU_SYNC_ERROR_TLS,           /* the certificate is not trusted / wrong host / expired */
  BANSOU_SYNC_ERROR_UNAUTHORIZED,  /* 401: missing, unknown or revoked token */
  BANSOU_SYNC_ERROR_FORBIDDEN,     /* 403: outside the token's scope */
  BANSOU_SYNC_ERROR_PROTOCOL,      /* malformed/truncated/wrong-typed/oversized response */
  BANSOU_SYNC_ERROR_SERVER,        /* 5xx after the retries, or another unexpected status */
  BANSOU_SYNC_ERROR_RATE_LIMITED,  /* 429 after the retries */
  BANSOU_SYNC_ERROR_CANCELLED,
  BANSOU_SYNC_ERROR_INSECURE,      /* plain http to a non-loopback host: refused before connecting */
  BANSOU_SYNC_ERROR_CONFIG,        /* no server, a bad URL, an unreadable CA file, no prefecture */
} BansouSyncError;

/**
 * BansouSyncStats:
 * @pushed: outbox rows the server applied in this run
 * @pulled: records taken from the change feed and written locally
 * @conflicts: conflicts recorded in this run (412 on push, or a pulled
 *   record that had a pending local change)
 * @skipped: records of the feed not applied: echoes of our own writes,
 *   records already at that revision, types or bodies the workbench
 *   does not keep; and writes the server already held exactly
 * @held: outbox rows not sent: their round (or body, or question) is not
 *   on the server; they stay in the outbox for a later run
 * @demo_held: of @held, rows of demo rounds, kept from a server that is
 *   not a demo server (its GET /health does not say "demo": true)
 * @quarantined: records of the server that could not be read (text that
 *   is not UTF-8, a member of the wrong type): kept aside in
 *   `sync_quarantine` and passed over, see bansou_sync_count_quarantined()
 */
typedef struct
{
  guint pushed;
  guint pulled;
  guint conflicts;
  guint skipped;
  guint held;     /* outbox rows left for later: their round or body is not on the server */
  guint demo_held; /* of them, rows of demo rounds: the server is not a demo server */
  guint quarantined; /* records of the server that could not be read: kept aside, passed over */
} BansouSyncStats;

typedef enum
{
  BANSOU_CONFLICT_MINE,    /* keep the local version: sent again based on theirs */
  BANSOU_CONFLICT_THEIRS,  /* take the server's version */
  BANSOU_CONFLICT_MERGED,  /* a version the user made of both: sent based on theirs */
} BansouConflictChoice;

/**
 * BansouConflict:
 * @id: the conflict's id, for bansou_sync_resolve_conflict()
 * @type: the record's kind: "answer" or "progress" today
 * @round: (nullable): the key field "round" of the kind, if it has one
 * @body: (nullable): the key field "body", if it has one
 * @question: (nullable): the key field "question"; %NULL for progress
 * @key: the record's key, "k1/k2/k3" (as in the audit trail)
 * @mine_json: the local record as a JSON object: for an answer
 *   {"status", "done_on", "note", "evidence"}, for progress
 *   {"state", "assignee", "due"}
 * @theirs_json: the server's current record (the API's record JSON,
 *   with "rev", "updated_at", "updated_by"); "null" when the server has
 *   none
 * @detected_at: ISO 8601, UTC
 * @reason: "stale": the server's record changed since the local edit was
 *   based on it (412); "double_booking": the server refused the local
 *   record because it clashes with another one, @theirs_json (409: two
 *   visits of one expert at overlapping times) — resolved by changing the
 *   local record (moving or cancelling the visit), which sends it again;
 *   the conflict closes once the server takes it
 * @description: (nullable): a translated sentence on what the conflict is
 *   about, from the record's kind (the other visit's day, time and body)
 */
typedef struct
{
  gint64  id;
  char   *type;
  char   *round;
  char   *body;
  char   *question;
  char   *key;
  char   *mine_json;
  char   *theirs_json;
  char   *detected_at;
  char   *reason;
  char   *description;
} BansouConflict;

void bansou_conflict_free (BansouConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouConflict, bansou_conflict_free)

/**
 * BansouAlert:
 * @id: the server's alert id
 * @severity: "info", "warning" or "critical"
 * @created_at: ISO 8601, UTC
 */
typedef struct
{
  gint64  id;
  char   *severity;
  char   *title;
  char   *message;
  char   *created_at;
} BansouAlert;

void bansou_alert_free (BansouAlert *alert);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouAlert, bansou_alert_free)

#define BANSOU_TYPE_SYNC (bansou_sync_get_type ())

G_DECLARE_FINAL_TYPE (BansouSync, bansou_sync, BANSOU, SYNC, GObject)

GQuark      bansou_sync_error_quark      (void);

guint       bansou_sync_count_quarantined (BansouStore         *store,
                                           char               **first_keys);

/* Opens its own store connection per run, in the worker thread. */
BansouSync *bansou_sync_new              (const char           *database_path);
const char *bansou_sync_get_database_path (BansouSync          *self);

/* @ca_file: (nullable): an ABSOLUTE path to a PEM file of CA certificates
 * to trust in place of the system's. The token is kept in memory only. */
void        bansou_sync_set_server       (BansouSync           *self,
                                          const char           *url,
                                          const char           *token,
                                          const char           *ca_file);

/* The signal "progress" (const char *phase, guint done, guint total):
 * phase is "push" or "pull"; emitted on the thread-default main context
 * of the caller of bansou_sync_run_async() (or, for bansou_sync_run(),
 * directly in the calling thread). For "push", done and total count
 * outbox rows. For "pull", done counts records received and total is 0
 * while more pages follow (the feed does not say how many), then equal
 * to done. After a run, views on a BansouSurvey need
 * bansou_survey_reload(): the run wrote through its own connection. */
void        bansou_sync_run_async        (BansouSync           *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    bansou_sync_run_finish       (BansouSync           *self,
                                          GAsyncResult         *result,
                                          BansouSyncStats      *stats,
                                          GError              **error);
/* Blocking, for bansouctl and threads. @stats: (out) (optional) */
gboolean    bansou_sync_run              (BansouSync           *self,
                                          GCancellable         *cancellable,
                                          BansouSyncStats      *stats,
                                          GError              **error);

/* Store-level functions: for the app's 同期 page and bansouctl. They run
 * on the caller's own store connection. */

/* Returns: (transfer full) (element-type BansouConflict): the open
 * conflicts, oldest first */
GPtrArray  *bansou_sync_list_conflicts   (BansouStore          *store,
                                          GError              **error);
/* Returns: (array length=n_fields) (nullable): the fields of @type's
 * local record, for showing both sides and merging */
const BansouSyncField *bansou_sync_get_conflict_fields (const char *type,
                                                       guint      *n_fields);
/* @merged_json: (nullable): for %BANSOU_CONFLICT_MERGED, a JSON object in
 * the shape of mine_json */
gboolean    bansou_sync_resolve_conflict (BansouStore          *store,
                                          gint64                id,
                                          BansouConflictChoice  choice,
                                          const char           *merged_json,
                                          GError              **error);
/* Outbox rows not yet acknowledged by the server. */
guint       bansou_sync_count_pending    (BansouStore          *store);
guint       bansou_sync_count_demo_pending (BansouStore        *store);
guint       bansou_sync_count_conflicts  (BansouStore          *store);
/* Returns: (transfer full) (element-type BansouAlert): newest first */
GPtrArray  *bansou_sync_list_alerts      (BansouStore          *store,
                                          GError              **error);
/* Returns: (transfer full) (nullable): ISO 8601 time of the last
 * completed sync, %NULL if none */
char       *bansou_sync_dup_last_sync    (BansouStore          *store);
/* The national implementation rate of @question in @round as last pulled
 * from GET /baselines (a fraction); %FALSE when none or withheld. */
gboolean    bansou_sync_get_national_rate (BansouStore         *store,
                                          const char           *round,
                                          const char           *question,
                                          double               *rate);
/* A SHA-256 over the answer fields both sides keep (round, body,
 * question, status, done_on, note, evidence), in key order; equal to the
 * same sum over the server's answers after a complete sync.
 * @prefecture: (nullable): only that prefecture's bodies */
char       *bansou_sync_checksum         (BansouStore          *store,
                                          const char           *prefecture,
                                          GError              **error);

/* Returns: (transfer full): a translated sentence saying what happened
 * and what to do about it */
char       *bansou_sync_error_message    (const GError         *error);

G_END_DECLS
