/* bansou-sync-kind.h — the record kinds sync carries, filled by each domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Sync knows the protocol (docs/api.md): sessions, retries, chunks, the
 * change feed, its cursor and epoch, the outbox and conflicts. What a
 * record *is* — its members, its key, where it lives in the local
 * tables — belongs to the domain that owns it, which describes it here
 * with a BansouSyncKind from its own folder (survey/bansou-survey-kinds.c:
 * answer, progress, round; registry/bansou-registry-kinds.c: body;
 * catalog/bansou-catalog-kinds.c: catalog; sync/bansou-sync-alerts.c:
 * alert). A new kind is one such file and one line in
 * bansou_sync_kinds_ensure().
 *
 * The key of a record is up to three strings, k1, k2, k3, in the order of
 * @keys ("" where a kind has fewer): the same shape as the server's
 * changes table, and the key of the outbox and conflicts tables.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "bansou-store.h"
#include "bansou-util.h"

G_BEGIN_DECLS

#define BANSOU_SYNC_MAX_KEYS 3
#define BANSOU_SYNC_MAX_TEXT 4000   /* the server's limit for notes and messages */

typedef struct _BansouSyncKind    BansouSyncKind;
/* A run of the sync, as the kinds see it (opaque). */
typedef struct _BansouSyncContext BansouSyncContext;

/**
 * BansouSyncRecord:
 * @kind: the kind of the record
 * @node: the record as the server sent it (conflicts keep it whole)
 * @rev: its revision
 * @key: k1, k2, k3: strings in @node, "" for the keys a kind has not
 * @scope: the prefecture the record belongs to ("34"), "" when it is
 *   everyone's (rounds, catalogs, alerts)
 * @data: what the kind's parse() read, freed with its free_data()
 *
 * A record of the API, checked member by member.
 */
typedef struct
{
  const BansouSyncKind *kind;
  JsonNode             *node;
  gint64                rev;
  const char           *key[BANSOU_SYNC_MAX_KEYS];
  char                  scope[3];
  gpointer              data;
} BansouSyncRecord;

/* How a field of a local record is shown and edited in the conflict view. */
typedef enum
{
  BANSOU_SYNC_FIELD_STATUS,    /* an answer's status: "done" … or null */
  BANSOU_SYNC_FIELD_PROGRESS,  /* a progress state: "not_started" … */
  BANSOU_SYNC_FIELD_DATE,      /* "YYYY-MM-DD" or null */
  BANSOU_SYNC_FIELD_LINE,      /* one line of text */
  BANSOU_SYNC_FIELD_TEXT,      /* text that may run over several lines */
} BansouSyncFieldKind;

typedef struct
{
  const char          *key;     /* the member of the payload and of the record JSON */
  const char          *title;   /* N_(): translate when shown */
  BansouSyncFieldKind  kind;
} BansouSyncField;

/**
 * BansouSyncKeyField:
 * @name: the member of the record JSON (and of a batch operation)
 * @within: (nullable): the key field that qualifies it: when the server
 *   refuses an operation as "unknown_@name", the rows held back with it
 *   share @name and @within ("question" within "round")
 */
typedef struct
{
  const char *name;
  const char *within;
} BansouSyncKeyField;

/**
 * BansouSyncKind:
 * @type: the record's "type" on the wire
 * @keys: its key fields, in order (k1, k2, k3)
 * @parent: (nullable): the type of the record that k1 names and that must
 *   be on the server before a row of this kind is sent ("round" for an
 *   answer); rows waiting for it are "held"
 * @list_path: (nullable): a list fetched whole at the start of every run,
 *   before anything is pushed ("/bodies"), and its member ("bodies");
 *   records of another prefecture there mean the token serves another one
 * @fields: (array length=n_fields): the members of the local payload: what
 *   a merge may set and what the conflict view compares
 * @parse: reads the members of @object (the record JSON, whose "type" and
 *   "rev" are read already), fills @record's key, scope and data; a
 *   missing or wrong member is a %BANSOU_SYNC_ERROR_PROTOCOL
 * @free_data: (nullable): frees @record->data (g_free when %NULL)
 * @prefetch: (nullable): before the transaction of the page holding the
 *   record: may ask the server for more (bansou_sync_context_get_json())
 * @accept: (nullable): in the page's transaction, before the conflict
 *   checks: %FALSE in @keep skips the record (a body this workbench does
 *   not know); may make what the record needs (its round)
 * @apply: writes the server's record here; @written %FALSE when nothing
 *   changed (a state already held)
 *
 * Kinds the workbench writes itself (an outbox and conflicts) also have:
 * @get_rev: the server revision of the local record (@exists %FALSE when
 *   there is none)
 * @set_rev: notes that the server holds the local record at @rev
 * @forget_revs: the server's history was reset: every local record of the
 *   kind is "never on the server"
 * @same: whether @payload (a local version) equals the server's @record:
 *   then it is no conflict
 * @write_local: writes @fields (the server's record, or a merge) to the
 *   local record; %NULL @fields: the server has none, so neither do we.
 *   Refuses values a record cannot hold with %BANSOU_STORE_ERROR_INVALID
 * @enqueue: puts the local record as it now stands into the outbox
 * @national_writes: the national desk's workbench sends records of this
 *   kind too (its own Q&A articles); of every other kind its edits stay
 *   on its workbench
 * @describe: (nullable): a translated sentence on what a conflict of
 *   @reason ("stale", "double_booking") is about, for the conflict view;
 *   %NULL when the fields say it all. @theirs is the server's record —
 *   for a double booking the other record the local one clashes with
 */
struct _BansouSyncKind
{
  const char              *type;
  BansouSyncKeyField       keys[BANSOU_SYNC_MAX_KEYS];
  guint                    n_keys;
  const char              *parent;
  const char              *list_path;
  const char              *list_member;
  const BansouSyncField   *fields;
  guint                    n_fields;

  gboolean (*parse)       (BansouSyncRecord   *record,
                           JsonObject         *object,
                           GError            **error);
  GDestroyNotify           free_data;
  gboolean (*prefetch)    (BansouSyncContext  *ctx,
                           BansouSyncRecord   *record,
                           GError            **error);
  gboolean (*accept)      (BansouSyncContext  *ctx,
                           BansouSyncRecord   *record,
                           gboolean           *keep,
                           GError            **error);
  gboolean (*apply)       (BansouSyncContext  *ctx,
                           BansouSyncRecord   *record,
                           gboolean           *written,
                           GError            **error);

  gboolean (*get_rev)     (BansouStore        *store,
                           const char * const *key,
                           gboolean           *exists,
                           gint64             *rev,
                           GError            **error);
  gboolean (*set_rev)     (BansouStore        *store,
                           const char * const *key,
                           gint64              rev,
                           GError            **error);
  gboolean (*forget_revs) (BansouStore        *store,
                           GError            **error);
  gboolean (*same)        (JsonObject         *payload,
                           const BansouSyncRecord *record);
  gboolean (*write_local) (BansouStore        *store,
                           const char * const *key,
                           JsonObject         *fields,
                           GError            **error);
  gboolean (*enqueue)     (BansouStore        *store,
                           const char * const *key,
                           GError            **error);
  gboolean                 national_writes;
  char    *(*describe)    (BansouStore        *store,
                           const char * const *key,
                           const char         *reason,
                           JsonObject         *mine,
                           JsonObject         *theirs);
};

/* The table. Kinds register once, from bansou_sync_kinds_ensure(); the
 * order of registration is the order of the lists fetched at the start. */
void                   bansou_sync_kinds_ensure     (void);
void                   bansou_sync_register_kind    (const BansouSyncKind *kind);
const BansouSyncKind  *bansou_sync_lookup_kind      (const char           *type);
/* Returns: (transfer none): every kind, in the order of registration */
const BansouSyncKind * const *bansou_sync_list_kinds (guint                *n_kinds);
/* Returns: (transfer full): "k1/k2/k3" without the empty ones: the key of
 * the audit trail */
char                  *bansou_sync_key_string       (const char * const   *key);

/* For the kinds: what a run offers them. */
BansouStore           *bansou_sync_context_get_store      (BansouSyncContext  *ctx);
const char            *bansou_sync_context_get_now        (BansouSyncContext  *ctx);
/* The first column of @sql, read once per run on first use: keyed by the
 * address of @sql, which must be a string literal. (transfer none) */
GHashTable            *bansou_sync_context_get_keys       (BansouSyncContext  *ctx,
                                                           const char         *sql,
                                                           GError            **error);
/* GET @path (below /api/v1) with retries; any non-2xx is an error.
 * Returns: (transfer full) */
JsonNode              *bansou_sync_context_get_json       (BansouSyncContext  *ctx,
                                                           const char         *path,
                                                           GError            **error);
/* An audit line of the run (by the sync actor, at the run's time). */
gboolean               bansou_sync_context_audit          (BansouSyncContext  *ctx,
                                                           const char         *entity,
                                                           const char         *key,
                                                           const char         *field,
                                                           const char         *old_value,
                                                           const char         *new_value,
                                                           GError            **error);

/* A statement of @store prepared once per connection, reset and unbound:
 * for statements run once per record. @sql must be a string literal.
 * (transfer none) */
sqlite3_stmt          *bansou_sync_stmt              (BansouStore  *store,
                                                      const char   *sql,
                                                      GError      **error);
/* Steps @stmt to its end and resets it. */
gboolean               bansou_sync_stmt_done         (BansouStore  *store,
                                                      sqlite3_stmt *stmt,
                                                      GError      **error);
/* For get_rev: the server revision of one local record, which @sql (a
 * literal, as for bansou_sync_stmt()) selects as its one column with the
 * record's keys as ?1…?@n_keys; @exists %FALSE when there is no row. */
gboolean               bansou_sync_read_rev          (BansouStore         *store,
                                                      const char          *sql,
                                                      const char * const  *key,
                                                      guint                n_keys,
                                                      gboolean            *exists,
                                                      gint64              *rev,
                                                      GError             **error);
/* For set_rev: runs @sql with the keys as ?1…?@n_keys and @rev as ?4. */
gboolean               bansou_sync_note_rev          (BansouStore         *store,
                                                      const char          *sql,
                                                      const char * const  *key,
                                                      guint                n_keys,
                                                      gint64               rev,
                                                      GError             **error);

/* Strict reading of the server's JSON, for parse(). */
enum
{
  BANSOU_SYNC_JSON_REQUIRED = 0,
  BANSOU_SYNC_JSON_OPTIONAL = 1 << 0,   /* absent: NULL for nullable members, "" otherwise */
  BANSOU_SYNC_JSON_NULLABLE = 1 << 1,
};

gboolean     bansou_sync_protocol_error (GError      **error,
                                         const char   *what,
                                         const char   *member);
gboolean     bansou_sync_json_str       (JsonObject   *obj,
                                         const char   *member,
                                         guint         flags,
                                         guint         max_chars,
                                         const char  **out,
                                         GError      **error);
gboolean     bansou_sync_json_int       (JsonObject   *obj,
                                         const char   *member,
                                         gint64        min,
                                         gint64       *out,
                                         GError      **error);
gboolean     bansou_sync_json_bool      (JsonObject   *obj,
                                         const char   *member,
                                         gboolean     *out,
                                         GError      **error);
gboolean     bansou_sync_json_date      (JsonObject   *obj,
                                         const char   *member,
                                         guint         flags,
                                         const char  **out,
                                         GError      **error);
JsonArray   *bansou_sync_json_array     (JsonObject   *obj,
                                         const char   *member,
                                         GError      **error);
JsonObject  *bansou_sync_json_object    (JsonObject   *obj,
                                         const char   *member,
                                         GError      **error);

/* Our own JSON (payloads, merges): lenient. */
JsonObject  *bansou_sync_parse_object   (const char   *json);
const char  *bansou_sync_payload_str    (JsonObject   *obj,
                                         const char   *member);
/* NULL and "" are the same text */
gboolean     bansou_sync_same_text      (const char   *a,
                                         const char   *b);
gboolean     bansou_sync_is_date        (const char   *str);

G_END_DECLS
