/* bansou-sync-private.h — shared by the files of the sync, and only them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * bansou-sync.c        the object, a run's life, the public entry points
 * bansou-sync-http.c   settings, the session, one request with its retries
 * bansou-sync-json.c   strict reading of the server's JSON, small helpers
 * bansou-sync-kinds.c  the table of record kinds, records, what a run offers them
 * bansou-outbox.c      the outbox
 * bansou-sync-push.c   chunks of the outbox and the answers to them
 * bansou-sync-pull.c   the lists fetched first, the change feed, its cursor and epoch
 * bansou-sync-conflicts.c  conflicts: recording, listing, resolving
 * bansou-sync-baselines.c  the national baselines, the answers' checksum
 * bansou-sync-alerts.c the alert kind and the alerts kept here
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "bansou-outbox.h"
#include "bansou-store-sql.h"
#include "bansou-sync-kind.h"
#include "bansou-sync-tuning.h"
#include "bansou-sync.h"
/* The survey's outbox functions were declared here before record kinds:
 * files that still include this header for them keep compiling. */
#include "bansou-survey-kinds.h"

G_BEGIN_DECLS

#define DEFAULT_MAX_RESPONSE  (32 * 1024 * 1024)
#define DEFAULT_PAGE_SIZE     20000   /* halved while a page is over max_response; the server caps it too */
#define OLD_SERVER_PAGE_SIZE  2000    /* a server before 0.x refuses a limit over its max-page (5000) */
#define MIN_PAGE_SIZE         100
#define DEFAULT_BATCH_SIZE    1000
#define MAX_REQUEST_BYTES     (900 * 1024)   /* under the server's default 1 MiB; halved on 413 */
#define DEFAULT_MAX_ATTEMPTS  6
#define DEFAULT_BACKOFF_MS    250
#define MAX_BACKOFF_MS        8000
#define BANSOU_SYNC_MAX_DEPTH 64      /* nesting of a server's answer (a catalog is 8 deep) */
#define MAX_RETRY_AFTER_S     60
#define MAX_REFORMS           200     /* chunks re-formed around refused rows in one run */
#define MAX_PAGES             100000
#define BASELINES_MAX_AGE_S   600     /* national figures younger than this are not asked for again */
#define SYNC_ACTOR            "sync"

/* A run: in a thread of its own, with its own store connection. */
struct _BansouSyncContext
{
  BansouSync       *self;
  GMainContext     *context;      /* where "progress" is emitted; NULL: here */
  GCancellable     *cancellable;
  BansouSyncLimits  limits;
  char             *url;
  char             *token;
  char             *ca_file;
  BansouSyncObserver observer;
  gpointer          observer_data;

  BansouStore      *store;
  SoupSession      *session;
  char             *base;         /* …/api/v1 */
  char             *auth;
  char             *prefecture;   /* the workbench's: "34", "00" */
  GHashTable       *present;      /* type → set of k1: records on the server that others wait for */
  GHashTable       *keys;         /* SQL literal → set: bansou_sync_context_get_keys() */
  gsize             max_request;  /* bytes of one POST /batch */
  gboolean          too_big;      /* the last answer was over max_response */
  gboolean          answer_plain; /* the last answer's text passes the text rule whole (no tree check needed) */
  guint           refused_status; /* _bansou_sync_http_ok(): the non-2xx status of the last answer, else 0 */
  gboolean          server_demo;  /* GET /health said "demo": true */
  BansouSyncStats   stats;
  sqlite3_stmt     *audit;
  char             *now;
};

typedef BansouSyncContext Run;

/* bansou-sync.c */
void        _bansou_sync_emit_progress   (Run          *run,
                                          const char   *phase,
                                          guint         done,
                                          guint         total);

/* bansou-sync-json.c */
void        _bansou_sync_append_json_string (GString   *s,
                                             const char *str);
gboolean    _bansou_sync_wait_ms         (GCancellable *cancellable,
                                          guint         ms);
gboolean    _bansou_sync_set_cancelled   (GError      **error);
char       *_bansou_sync_repair_strings  (const char   *data,
                                          gsize         len,
                                          gsize        *out_len);
JsonNode   *_bansou_sync_parse_answer    (const char   *data,
                                          gsize         len,
                                          gboolean     *repaired,
                                          GError      **error);

/* bansou-sync-pull.c: reading a page of GET /changes (also tests/fuzz) */
GPtrArray  *_bansou_sync_unreadable_new  (void);
gboolean    _bansou_sync_read_page_head  (JsonNode     *root,
                                          JsonArray   **list,
                                          const char  **epoch,
                                          gint64       *next,
                                          gboolean     *more,
                                          GError      **error);
gboolean    _bansou_sync_read_page_records (JsonArray  *list,
                                            gint64      cursor,
                                            guint       page_size,
                                            gint64      next,
                                            gboolean    more,
                                            gboolean    plain,
                                            GPtrArray  *records,
                                            GPtrArray  *unreadable,
                                            GError    **error);

/* bansou-sync-push.c: reading the answer to a sent chunk (also tests/fuzz) */
gboolean    _bansou_sync_read_batch_answer (const char *request,
                                            const char *answer,
                                            gsize       length,
                                            guint      *n_unreadable,
                                            GError    **error);

/* bansou-sync-quarantine.c */
gboolean    _bansou_sync_record_readable (JsonNode     *node,
                                          char        **reason);
gboolean    _bansou_sync_quarantine      (Run          *run,
                                          JsonNode     *node,
                                          const char   *reason,
                                          GError      **error);
gboolean    _bansou_sync_quarantine_forget (Run                    *run,
                                            const BansouSyncRecord *r,
                                            GError                **error);

JsonObject *_bansou_sync_root_object     (JsonNode     *root,
                                          GError      **error);
guint       _bansou_sync_count_query     (BansouStore  *store,
                                          const char   *sql);

/* bansou-sync-http.c */
gboolean    _bansou_sync_check_url       (const char   *url,
                                          char        **base_out,
                                          GError      **error);
gboolean    _bansou_sync_check_token     (const char   *token,
                                          GError      **error);
SoupSession *_bansou_sync_new_session    (const char   *ca_file,
                                          GError      **error);

/* bansou-sync-http.c: the next page of /changes, fetched ahead */
typedef struct _BansouSyncPrefetch BansouSyncPrefetch;
BansouSyncPrefetch *_bansou_sync_prefetch_start (Run                *run,
                                                 const char         *path);
JsonNode           *_bansou_sync_prefetch_take  (BansouSyncPrefetch *pf,
                                                 Run                *run,
                                                 const char         *path);
void                _bansou_sync_prefetch_free  (BansouSyncPrefetch *pf);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouSyncPrefetch, _bansou_sync_prefetch_free)
void        _bansou_sync_set_status_error (GError     **error,
                                          guint         status,
                                          JsonNode     *json,
                                          const char   *method,
                                          const char   *path);
gboolean    _bansou_sync_http            (Run          *run,
                                          const char   *method,
                                          const char   *path,
                                          const char   *key,
                                          const char   *body,
                                          guint        *status_out,
                                          JsonNode    **json_out,
                                          GError      **error);
JsonNode   *_bansou_sync_http_ok         (Run          *run,
                                          const char   *method,
                                          const char   *path,
                                          GError      **error);

/* bansou-sync-kinds.c */
gboolean    _bansou_sync_parse_record    (JsonNode         *node,
                                          BansouSyncRecord *record,
                                          GError          **error);
void        _bansou_sync_record_clear    (BansouSyncRecord *record);
void        _bansou_sync_record_free     (gpointer          record);
gboolean    _bansou_sync_kind_is_parent  (const BansouSyncKind *kind);
void        _bansou_sync_note_present    (Run              *run,
                                          const BansouSyncRecord *record);
gboolean    _bansou_sync_prepare_run     (Run              *run,
                                          GError          **error);

/* bansou-outbox.c */
gboolean    _bansou_outbox_set_base      (BansouStore      *store,
                                          const char       *type,
                                          const char * const *key,
                                          gint64            rev,
                                          GError          **error);
gboolean    _bansou_outbox_delete        (BansouStore      *store,
                                          gint64            id,
                                          GError          **error);
gboolean    _bansou_outbox_drop_unsent   (BansouStore      *store,
                                          const char       *type,
                                          const char * const *key,
                                          GError          **error);
void        _bansou_sync_bind_key        (sqlite3_stmt     *stmt,
                                          int               first,
                                          const char       *type,
                                          const char * const *key);
/* The local record is at @rev on the server, and so is a newer edit of it. */
gboolean    _bansou_sync_set_server_rev  (BansouStore          *store,
                                          const BansouSyncKind *kind,
                                          const char * const   *key,
                                          gint64                rev,
                                          GError              **error);

/* bansou-sync-conflicts.c */
gboolean    _bansou_sync_put_conflict    (BansouStore      *store,
                                          const char       *type,
                                          const char * const *key,
                                          const char       *mine,
                                          const char       *theirs,
                                          gint64            theirs_rev,
                                          const char       *now,
                                          GError          **error);
gboolean    _bansou_sync_put_clash       (BansouStore      *store,
                                          const char       *type,
                                          const char * const *key,
                                          const char       *mine,
                                          const char       *clash,
                                          gint64            own_rev,
                                          const char       *now,
                                          GError          **error);
gboolean    _bansou_sync_close_conflict  (BansouStore      *store,
                                          const char       *type,
                                          const char * const *key,
                                          const char       *resolution,
                                          GError          **error);
/* An open conflict on the record: the server's side moves on to @record. */
gboolean    _bansou_sync_follow_conflict (BansouStore      *store,
                                          const BansouSyncRecord *record,
                                          gboolean         *open,
                                          GError          **error);

/* The phases of a run */
gboolean    _bansou_sync_fetch_health    (Run *run, GError **error);
gboolean    _bansou_sync_fetch_lists     (Run *run, GError **error);
gboolean    _bansou_sync_push            (Run *run, GError **error);
gboolean    _bansou_sync_pull            (Run *run, GError **error);
gboolean    _bansou_sync_fetch_baselines (Run *run, GError **error);

/* bansou-sync-alerts.c */
void        _bansou_sync_register_alert_kind (void);

G_END_DECLS
