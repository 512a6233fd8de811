/* bansou-sync.c — offline-first sync of a workbench with bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The protocol is docs/api.md, "Syncing a workbench". A run, in a thread
 * of its own with its own database connection:
 *
 *  1. GET /bodies: the token must serve this workbench's prefecture (a
 *     token of another prefecture is refused before anything is written);
 *     bodies registered on the server are added here.
 *  2. GET /rounds: rounds of the server are added here; outbox rows of
 *     rounds the server does not have stay in the outbox ("held").
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
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bansou-catalog.h"
#include "bansou-code.h"
#include "bansou-store-sql.h"
#include "bansou-sync-private.h"
#include "bansou-wareki.h"

#define DEFAULT_MAX_RESPONSE  (32 * 1024 * 1024)
#define DEFAULT_PAGE_SIZE     2000    /* halved while a page is over max_response */
#define MIN_PAGE_SIZE         100
#define DEFAULT_BATCH_SIZE    1000
#define MAX_REQUEST_BYTES     (900 * 1024)   /* under the server's default 1 MiB; halved on 413 */
#define DEFAULT_MAX_ATTEMPTS  6
#define DEFAULT_BACKOFF_MS    250
#define MAX_BACKOFF_MS        8000
#define MAX_RETRY_AFTER_S     60
#define MAX_REFORMS           200     /* chunks re-formed around refused rows in one run */
#define MAX_PAGES             100000
#define MAX_TEXT              4000    /* the server's limit for notes and messages */
#define BASELINES_MAX_AGE_S   600     /* national figures younger than this are not asked for again */
#define SYNC_ACTOR            "sync"

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
/* Small helpers                                                            */

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
is_date (const char *str)
{
  g_autoptr(GDate) date = bansou_date_parse_iso (str);
  return date != NULL;
}

static gboolean
is_body_code (const char *code)
{
  if (code == NULL)
    return FALSE;
  if (bansou_code_is_valid (code))
    return TRUE;
  if (strlen (code) != 6 || code[0] != 'X')
    return FALSE;
  for (guint i = 1; i < 6; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return TRUE;
}

/* "34" for 342025 and X34001 */
static char *
prefecture_of (const char *code)
{
  if (!is_body_code (code))
    return NULL;
  return g_strndup (code[0] == 'X' ? code + 1 : code, 2);
}

/* Safe in a URL path: catalog versions are like 2026.1 */
static gboolean
is_version (const char *str)
{
  if (str == NULL || *str == '\0' || strlen (str) > 64)
    return FALSE;
  for (const char *p = str; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
append_json_string (GString    *s,
                    const char *str)
{
  g_string_append_c (s, '"');
  for (const guchar *p = (const guchar *) (str ? str : ""); *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (s, "\\\"");
          break;
        case '\\':
          g_string_append (s, "\\\\");
          break;
        case '\n':
          g_string_append (s, "\\n");
          break;
        case '\r':
          g_string_append (s, "\\r");
          break;
        case '\t':
          g_string_append (s, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (s, "\\u%04x", *p);
          else
            g_string_append_c (s, (char) *p);
        }
    }
  g_string_append_c (s, '"');
}

static char *
record_key (const char *round,
            const char *body,
            const char *question)
{
  if (question != NULL && *question != '\0')
    return g_strdup_printf ("%s/%s/%s", round, body, question);
  return g_strdup_printf ("%s/%s", round, body);
}

/* Waits @ms, or less if @cancellable fires. */
static gboolean
wait_ms (GCancellable *cancellable,
         guint         ms)
{
  GPollFD fd;

  if (cancellable != NULL && g_cancellable_make_pollfd (cancellable, &fd))
    {
      g_poll (&fd, 1, (int) ms);
      g_cancellable_release_fd (cancellable);
    }
  else
    g_usleep ((gulong) ms * 1000);

  return !g_cancellable_is_cancelled (cancellable);
}

static gboolean
set_cancelled (GError **error)
{
  g_set_error_literal (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CANCELLED, _("Sync was cancelled"));
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Strict reading of the server's JSON                                      */

enum {
  F_REQUIRED = 0,
  F_OPTIONAL = 1 << 0,   /* absent: NULL for nullable members, "" otherwise */
  F_NULLABLE = 1 << 1,
};

static gboolean
protocol_error (GError     **error,
                const char  *what,
                const char  *member)
{
  g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL,
               /* Translators: the first %s is a problem (“missing”), the second a JSON member name */
               _("The server’s answer is not valid: %s “%s”"), what, member);
  return FALSE;
}

static gboolean
get_str (JsonObject   *obj,
         const char   *member,
         guint         flags,
         guint         max_chars,
         const char  **out,
         GError      **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  const char *str;

  *out = NULL;
  if (node == NULL)
    {
      if (!(flags & F_OPTIONAL))
        return protocol_error (error, _("missing"), member);
      *out = (flags & F_NULLABLE) ? NULL : "";
      return TRUE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (!(flags & F_NULLABLE))
        return protocol_error (error, _("null"), member);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return protocol_error (error, _("not a string:"), member);
  str = json_node_get_string (node);
  if (strlen (str) > (gsize) max_chars * 4 || g_utf8_strlen (str, -1) > (glong) max_chars)
    return protocol_error (error, _("too long:"), member);
  *out = str;
  return TRUE;
}

static gboolean
get_int (JsonObject  *obj,
         const char  *member,
         gint64       min,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL)
    return protocol_error (error, _("missing"), member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return protocol_error (error, _("not a whole number:"), member);
  *out = json_node_get_int (node);
  if (*out < min)
    return protocol_error (error, _("out of range:"), member);
  return TRUE;
}

static gboolean
get_bool (JsonObject  *obj,
          const char  *member,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL)
    return protocol_error (error, _("missing"), member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return protocol_error (error, _("not true or false:"), member);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_date (JsonObject   *obj,
          const char   *member,
          guint         flags,
          const char  **out,
          GError      **error)
{
  if (!get_str (obj, member, flags, 10, out, error))
    return FALSE;
  if (*out != NULL && !is_date (*out))
    return protocol_error (error, _("not a date:"), member);
  return TRUE;
}

static JsonObject *
get_object (JsonObject  *obj,
            const char  *member,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      protocol_error (error, node ? _("not an object:") : _("missing"), member);
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject  *obj,
           const char  *member,
           GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      protocol_error (error, node ? _("not a list:") : _("missing"), member);
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
root_object (JsonNode  *root,
             GError   **error)
{
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL,
                           _("The server’s answer is not a JSON object"));
      return NULL;
    }
  return json_node_get_object (root);
}

typedef enum
{
  REC_ANSWER,
  REC_PROGRESS,
  REC_ROUND,
  REC_BODY,
  REC_CATALOG,
  REC_ALERT,
  REC_UNKNOWN,    /* a newer server's: skipped */
} RecType;

/* A record of the API, checked. Strings point into the JSON. */
typedef struct
{
  RecType     type;
  JsonNode   *node;
  gint64      rev;
  const char *round;
  const char *body;
  const char *question;
  const char *status;
  const char *done_on;
  const char *note;
  const char *evidence;
  const char *catalog_version;
  const char *state;
  const char *assignee;
  const char *due;
  const char *id;          /* round */
  const char *title;       /* round, alert */
  const char *code;        /* body */
  const char *prefecture;
  const char *kind;
  const char *name;
  gboolean    builtin;
  const char *version;     /* catalog */
  gint64      alert_id;
  const char *severity;
  const char *message;
  const char *created_at;
  const char *created_by;
  char       *prefectures; /* owned: "34,35" */
  const char *updated_at;
  const char *updated_by;
} Record;

static void
record_clear (Record *r)
{
  g_clear_pointer (&r->prefectures, g_free);
}

static const char *
record_question (const Record *r)
{
  return r->type == REC_ANSWER ? r->question : "";
}

static const char *
record_type_name (RecType type)
{
  return type == REC_ANSWER ? "answer" : "progress";
}

static gboolean
parse_record (JsonNode  *node,
              Record    *r,
              GError   **error)
{
  JsonObject *obj;
  const char *type;

  memset (r, 0, sizeof *r);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return protocol_error (error, _("not an object:"), "record");
  obj = json_node_get_object (node);
  r->node = node;

  if (!get_str (obj, "type", F_REQUIRED, 32, &type, error) ||
      !get_int (obj, "rev", 1, &r->rev, error))
    return FALSE;

  if (g_str_equal (type, "answer"))
    {
      r->type = REC_ANSWER;
      if (!get_date (obj, "round", F_REQUIRED, &r->round, error) ||
          !get_str (obj, "body", F_REQUIRED, 6, &r->body, error) ||
          !get_str (obj, "question", F_REQUIRED, 200, &r->question, error) ||
          !get_str (obj, "status", F_NULLABLE, 20, &r->status, error) ||
          !get_date (obj, "done_on", F_OPTIONAL | F_NULLABLE, &r->done_on, error) ||
          !get_str (obj, "note", F_REQUIRED, MAX_TEXT, &r->note, error) ||
          !get_str (obj, "evidence", F_REQUIRED, MAX_TEXT, &r->evidence, error) ||
          !get_str (obj, "catalog_version", F_OPTIONAL, 64, &r->catalog_version, error))
        return FALSE;
      if (!is_body_code (r->body))
        return protocol_error (error, _("not a body code:"), "body");
      if (*r->question == '\0')
        return protocol_error (error, _("empty:"), "question");
      if (r->status != NULL && (*r->status == '\0' || bansou_status_from_string (r->status) == BANSOU_N_STATUSES))
        return protocol_error (error, _("unknown value of"), "status");
    }
  else if (g_str_equal (type, "progress"))
    {
      r->type = REC_PROGRESS;
      if (!get_date (obj, "round", F_REQUIRED, &r->round, error) ||
          !get_str (obj, "body", F_REQUIRED, 6, &r->body, error) ||
          !get_str (obj, "state", F_REQUIRED, 20, &r->state, error) ||
          !get_str (obj, "assignee", F_OPTIONAL, 200, &r->assignee, error) ||
          !get_date (obj, "due", F_OPTIONAL | F_NULLABLE, &r->due, error))
        return FALSE;
      if (!is_body_code (r->body))
        return protocol_error (error, _("not a body code:"), "body");
      if (bansou_progress_from_string (r->state) == BANSOU_N_PROGRESS)
        return protocol_error (error, _("unknown value of"), "state");
    }
  else if (g_str_equal (type, "round"))
    {
      r->type = REC_ROUND;
      if (!get_date (obj, "id", F_REQUIRED, &r->id, error) ||
          !get_str (obj, "title", F_OPTIONAL, 200, &r->title, error) ||
          !get_str (obj, "catalog_version", F_REQUIRED, 64, &r->catalog_version, error) ||
          !get_date (obj, "due", F_OPTIONAL | F_NULLABLE, &r->due, error))
        return FALSE;
      if (!is_version (r->catalog_version))
        return protocol_error (error, _("not a catalog version:"), "catalog_version");
    }
  else if (g_str_equal (type, "body"))
    {
      r->type = REC_BODY;
      if (!get_str (obj, "code", F_REQUIRED, 6, &r->code, error) ||
          !get_str (obj, "prefecture", F_REQUIRED, 2, &r->prefecture, error) ||
          !get_str (obj, "kind", F_REQUIRED, 40, &r->kind, error) ||
          !get_str (obj, "name", F_REQUIRED, 200, &r->name, error) ||
          !get_bool (obj, "builtin", &r->builtin, error))
        return FALSE;
      if (!is_body_code (r->code))
        return protocol_error (error, _("not a body code:"), "code");
      {
        g_autofree char *pref = prefecture_of (r->code);
        if (g_strcmp0 (pref, r->prefecture) != 0)
          return protocol_error (error, _("does not match the code:"), "prefecture");
      }
    }
  else if (g_str_equal (type, "catalog"))
    {
      gint64 n;

      r->type = REC_CATALOG;
      if (!get_str (obj, "version", F_REQUIRED, 64, &r->version, error) ||
          !get_int (obj, "questions", 0, &n, error))
        return FALSE;
      if (!is_version (r->version))
        return protocol_error (error, _("not a catalog version:"), "version");
    }
  else if (g_str_equal (type, "alert"))
    {
      JsonArray *prefs;
      g_autoptr(GString) joined = g_string_new (NULL);

      r->type = REC_ALERT;
      if (!get_int (obj, "id", 1, &r->alert_id, error) ||
          !get_str (obj, "severity", F_REQUIRED, 20, &r->severity, error) ||
          !get_str (obj, "title", F_REQUIRED, 200, &r->title, error) ||
          !get_str (obj, "message", F_OPTIONAL, MAX_TEXT, &r->message, error) ||
          !get_str (obj, "created_at", F_OPTIONAL, 64, &r->created_at, error) ||
          !get_str (obj, "created_by", F_OPTIONAL, 200, &r->created_by, error) ||
          !(prefs = get_array (obj, "prefectures", error)))
        return FALSE;
      if (!g_str_equal (r->severity, "info") && !g_str_equal (r->severity, "warning") &&
          !g_str_equal (r->severity, "critical"))
        return protocol_error (error, _("unknown value of"), "severity");
      if (json_array_get_length (prefs) > 48)
        return protocol_error (error, _("too long:"), "prefectures");
      for (guint i = 0; i < json_array_get_length (prefs); i++)
        {
          JsonNode *p = json_array_get_element (prefs, i);

          if (!JSON_NODE_HOLDS_VALUE (p) || json_node_get_value_type (p) != G_TYPE_STRING ||
              strlen (json_node_get_string (p)) != 2)
            return protocol_error (error, _("not a prefecture number:"), "prefectures");
          if (joined->len > 0)
            g_string_append_c (joined, ',');
          g_string_append (joined, json_node_get_string (p));
        }
      r->prefectures = g_string_free (g_steal_pointer (&joined), FALSE);
      return TRUE;
    }
  else
    {
      r->type = REC_UNKNOWN;
      return TRUE;
    }

  return get_str (obj, "updated_at", F_OPTIONAL, 64, &r->updated_at, error) &&
         get_str (obj, "updated_by", F_OPTIONAL, 200, &r->updated_by, error);
}

/* Our version of a record, as a JSON object: the members a write sends. */
static JsonObject *
parse_payload (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static const char *
payload_str (JsonObject *obj,
             const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a ? a : "", b ? b : "") == 0;
}

/* Whether the server holds exactly our version: then there is no conflict. */
static gboolean
payload_equals_record (const char   *payload,
                       const Record *r)
{
  g_autoptr(JsonObject) mine = parse_payload (payload);

  if (mine == NULL || r == NULL)
    return FALSE;
  if (r->type == REC_ANSWER)
    return g_strcmp0 (payload_str (mine, "status"), r->status) == 0 &&
           g_strcmp0 (payload_str (mine, "done_on"), r->done_on) == 0 &&
           same_text (payload_str (mine, "note"), r->note) &&
           same_text (payload_str (mine, "evidence"), r->evidence);
  if (r->type == REC_PROGRESS)
    return g_strcmp0 (payload_str (mine, "state"), r->state) == 0 &&
           same_text (payload_str (mine, "assignee"), r->assignee) &&
           g_strcmp0 (payload_str (mine, "due"), r->due) == 0;
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* The outbox (called by the survey inside its transactions)                */

#define OUTBOX_ANSWER_SQL(where) \
  "INSERT INTO outbox (idempotency_key, type, round, body, question, payload, base_rev, created_at) " \
  "SELECT lower(hex(randomblob(16))), 'answer', round, body, question, " \
  "  json_object('status', status, 'done_on', done_on, 'note', note, 'evidence', evidence), " \
  "  server_rev, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM answers " where " " \
  "ON CONFLICT (type, round, body, question) WHERE sent = 0 " \
  "DO UPDATE SET payload = excluded.payload, base_rev = excluded.base_rev"

#define OUTBOX_PROGRESS_SQL(where) \
  "INSERT INTO outbox (idempotency_key, type, round, body, question, payload, base_rev, created_at) " \
  "SELECT lower(hex(randomblob(16))), 'progress', round, body, '', " \
  "  json_object('state', state, 'assignee', assignee, 'due', due), " \
  "  server_rev, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM progress " where " " \
  "ON CONFLICT (type, round, body, question) WHERE sent = 0 " \
  "DO UPDATE SET payload = excluded.payload, base_rev = excluded.base_rev"

sqlite3_stmt *
_bansou_outbox_prepare_answer (BansouStore  *store,
                               GError      **error)
{
  return _bansou_store_prepare (store,
                                OUTBOX_ANSWER_SQL ("WHERE round = ?1 AND body = ?2 AND question = ?3"),
                                error);
}

sqlite3_stmt *
_bansou_outbox_prepare_progress (BansouStore  *store,
                                 GError      **error)
{
  return _bansou_store_prepare (store, OUTBOX_PROGRESS_SQL ("WHERE round = ?1 AND body = ?2"), error);
}

/**
 * _bansou_outbox_step:
 * @stmt: from _bansou_outbox_prepare_answer() or _prepare_progress()
 * @question: (nullable): for answers
 *
 * Puts the record as it now stands into the outbox: a new row, or the
 * record's row not sent yet, updated.
 */
gboolean
_bansou_outbox_step (BansouStore   *store,
                     sqlite3_stmt  *stmt,
                     const char    *round,
                     const char    *body,
                     const char    *question,
                     GError       **error)
{
  g_assert (_bansou_store_in_transaction (store));

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);
  if (question != NULL)
    sqlite3_bind_text (stmt, 3, question, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (store, stmt, error);
}

gboolean
_bansou_outbox_add_answer (BansouStore  *store,
                           const char   *round,
                           const char   *body,
                           const char   *question,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_outbox_prepare_answer (store, error);

  return stmt != NULL && _bansou_outbox_step (store, stmt, round, body, question, error);
}

gboolean
_bansou_outbox_add_progress (BansouStore  *store,
                             const char   *round,
                             const char   *body,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_outbox_prepare_progress (store, error);

  return stmt != NULL && _bansou_outbox_step (store, stmt, round, body, NULL, error);
}

gboolean
_bansou_outbox_add_round (BansouStore  *store,
                          const char   *round,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) answers = NULL;
  g_autoptr(sqlite3_stmt) progress = NULL;

  g_assert (_bansou_store_in_transaction (store));

  if (round != NULL)
    {
      answers = _bansou_store_prepare (store, OUTBOX_ANSWER_SQL ("WHERE round = ?1"), error);
      progress = _bansou_store_prepare (store, OUTBOX_PROGRESS_SQL ("WHERE round = ?1"), error);
    }
  else
    {
      answers = _bansou_store_prepare (store,
                                       OUTBOX_ANSWER_SQL ("WHERE round IN (SELECT id FROM rounds WHERE demo = 1)"),
                                       error);
      progress = _bansou_store_prepare (store,
                                        OUTBOX_PROGRESS_SQL ("WHERE round IN (SELECT id FROM rounds WHERE demo = 1)"),
                                        error);
    }
  if (answers == NULL || progress == NULL)
    return FALSE;
  if (round != NULL)
    {
      sqlite3_bind_text (answers, 1, round, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (progress, 1, round, -1, SQLITE_TRANSIENT);
    }

  return _bansou_store_step_done (store, answers, error) &&
         _bansou_store_step_done (store, progress, error);
}

/* ------------------------------------------------------------------------ */
/* A run                                                                    */

typedef struct
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
  GHashTable       *server_rounds;
  GHashTable       *rounds_here;    /* ids of the local rounds: checked once per record */
  GHashTable       *bodies_here;    /* codes of the local bodies */
  gsize             max_request;    /* bytes of one POST /batch */
  gboolean          too_big;        /* the last answer was over max_response */
  BansouSyncStats   stats;

  /* pull statements, prepared once per run */
  sqlite3_stmt     *answer_rev;
  sqlite3_stmt     *progress_rev;
  sqlite3_stmt     *pending;
  sqlite3_stmt     *open_conflict;
  sqlite3_stmt     *answer_put;
  sqlite3_stmt     *progress_put;
  sqlite3_stmt     *body_exists;
  sqlite3_stmt     *round_exists;
  sqlite3_stmt     *audit;
  char             *now;
} Run;

static void
run_free (Run *run)
{
  g_clear_pointer (&run->answer_rev, sqlite3_finalize);
  g_clear_pointer (&run->progress_rev, sqlite3_finalize);
  g_clear_pointer (&run->pending, sqlite3_finalize);
  g_clear_pointer (&run->open_conflict, sqlite3_finalize);
  g_clear_pointer (&run->answer_put, sqlite3_finalize);
  g_clear_pointer (&run->progress_put, sqlite3_finalize);
  g_clear_pointer (&run->body_exists, sqlite3_finalize);
  g_clear_pointer (&run->round_exists, sqlite3_finalize);
  g_clear_pointer (&run->audit, sqlite3_finalize);
  g_clear_object (&run->session);
  g_clear_object (&run->store);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_pointer (&run->server_rounds, g_hash_table_unref);
  g_clear_pointer (&run->rounds_here, g_hash_table_unref);
  g_clear_pointer (&run->bodies_here, g_hash_table_unref);
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

static void
emit_progress (Run        *run,
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
/* Settings and the session                                                 */

static gboolean
check_url (const char  *url,
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

static gboolean
check_token (const char  *token,
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

static SoupSession *
new_session (const char  *ca_file,
             GError     **error)
{
  g_autoptr(SoupSession) session = NULL;

  session = soup_session_new_with_options ("timeout", 60,
                                           "idle-timeout", 60,
                                           "user-agent", "Bansou/" PACKAGE_VERSION,
                                           NULL);
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
      soup_session_set_tls_database (session, database);
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

static void
set_status_error (GError     **error,
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
static gboolean
http (Run          *run,
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
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GInputStream) in = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local = NULL;
      g_autoptr(JsonParser) parser = NULL;
      SoupMessageHeaders *headers;
      guint status;
      guint delay = 0;
      gboolean too_big = FALSE;
      gint64 start = g_get_monotonic_time ();

      if (g_cancellable_is_cancelled (run->cancellable))
        return set_cancelled (error);

      run->too_big = FALSE;
      msg = soup_message_new (method, uri);
      if (msg == NULL)
        {
          g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CONFIG,
                       _("“%s” is not a server address. Enter one like https://bansou.example.lg.jp"), run->url);
          return FALSE;
        }
      headers = soup_message_get_request_headers (msg);
      soup_message_headers_replace (headers, "Authorization", run->auth);
      soup_message_headers_replace (headers, "Accept", "application/json");
      if (key != NULL)
        soup_message_headers_replace (headers, "Idempotency-Key", key);
      if (request != NULL)
        soup_message_set_request_body_from_bytes (msg, "application/json", request);
      /* A server refuses a body over its limit from the headers and closes
       * the connection: ask first, so the refusal is read and not lost in
       * a reset while the body is still being sent. */
      if (request != NULL && g_bytes_get_size (request) > 16 * 1024)
        soup_message_headers_set_expectations (headers, SOUP_EXPECTATION_CONTINUE);
      /* Every request is safe to repeat: reads, and writes keyed for the server. */
      soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);

      in = soup_session_send (run->session, msg, run->cancellable, &local);
      if (in != NULL)
        {
          bytes = read_capped (in, msg, run->limits.max_response, run->cancellable, &too_big, &local);
          g_input_stream_close (in, NULL, NULL);
        }
      status = soup_message_get_status (msg);
      g_debug ("%s %s → %u in %.1f ms", method, path, status, (g_get_monotonic_time () - start) / 1000.0);
      if (run->observer != NULL)
        run->observer (method, path, local ? 0 : status, g_get_monotonic_time () - start, run->observer_data);

      if (local != NULL)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
              g_cancellable_is_cancelled (run->cancellable))
            return set_cancelled (error);

          if (local->domain == G_TLS_ERROR ||
              (in == NULL && soup_message_get_tls_peer_certificate_errors (msg) != 0))
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
          failure = in != NULL ? FAIL_TRUNCATED : FAIL_NETWORK;
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
          parser = json_parser_new ();
          if (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
            set_status_error (&last, status, json_parser_get_root (parser), method, path);
          else
            set_status_error (&last, status, NULL, method, path);
        }
      else
        {
          gsize size;
          const char *data = g_bytes_get_data (bytes, &size);

          *status_out = status;
          parser = json_parser_new ();
          if (size > 0 && json_parser_load_from_data (parser, data, size, &local) &&
              json_parser_get_root (parser) != NULL)
            *json_out = json_node_ref (json_parser_get_root (parser));

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
          if (!wait_ms (run->cancellable, MAX (delay, backoff)))
            return set_cancelled (error);
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
static JsonNode *
http_ok (Run         *run,
         const char  *method,
         const char  *path,
         GError     **error)
{
  g_autoptr(JsonNode) json = NULL;
  guint status;

  if (!http (run, method, path, NULL, NULL, &status, &json, error))
    return NULL;
  if (status < 200 || status >= 300)
    {
      set_status_error (error, status, json, method, path);
      return NULL;
    }
  return g_steal_pointer (&json);
}

/* ------------------------------------------------------------------------ */
/* Statements and small writes                                              */

static GHashTable *
load_keys (BansouStore  *store,
           const char   *sql,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (store, sql, error);
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (set, g_strdup (_bansou_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading"));
      return NULL;
    }
  return g_steal_pointer (&set);
}

static gboolean
prepare_run (Run     *run,
             GError **error)
{
  BansouStore *s = run->store;

  if (!(run->rounds_here = load_keys (s, "SELECT id FROM rounds", error)) ||
      !(run->bodies_here = load_keys (s, "SELECT code FROM bodies", error)))
    return FALSE;

  return (run->answer_rev = _bansou_store_prepare (s, "SELECT server_rev FROM answers "
                                                   "WHERE round = ?1 AND body = ?2 AND question = ?3", error)) &&
         (run->progress_rev = _bansou_store_prepare (s, "SELECT server_rev FROM progress "
                                                     "WHERE round = ?1 AND body = ?2", error)) &&
         (run->pending = _bansou_store_prepare (s, "SELECT id, payload FROM outbox WHERE type = ?1 AND round = ?2 "
                                                "AND body = ?3 AND question = ?4 ORDER BY sent = 0 DESC, id DESC "
                                                "LIMIT 1", error)) &&
         (run->open_conflict = _bansou_store_prepare (s, "SELECT id, theirs_rev FROM conflicts "
                                                      "WHERE resolved_at IS NULL AND type = ?1 AND round = ?2 "
                                                      "AND body = ?3 AND question = ?4", error)) &&
         (run->answer_put = _bansou_store_prepare (s,
                                                   "INSERT INTO answers (round, body, question, status, done_on, note, "
                                                   "evidence, carried, catalog_version, updated_by, updated_at, "
                                                   "server_rev) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10, ?11) "
                                                   "ON CONFLICT (round, body, question) DO UPDATE SET "
                                                   "status = excluded.status, done_on = excluded.done_on, "
                                                   "note = excluded.note, evidence = excluded.evidence, carried = 0, "
                                                   "catalog_version = excluded.catalog_version, "
                                                   "updated_by = excluded.updated_by, "
                                                   "updated_at = excluded.updated_at, server_rev = excluded.server_rev "
                                                   "WHERE answers.server_rev < excluded.server_rev",
                                                   error)) &&
         (run->progress_put = _bansou_store_prepare (s,
                                                     "INSERT INTO progress (round, body, state, assignee, due, "
                                                     "updated_by, updated_at, server_rev) "
                                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                                     "ON CONFLICT (round, body) DO UPDATE SET state = excluded.state, "
                                                     "assignee = excluded.assignee, due = excluded.due, "
                                                     "updated_by = excluded.updated_by, "
                                                     "updated_at = excluded.updated_at, "
                                                     "server_rev = excluded.server_rev "
                                                     "WHERE progress.server_rev < excluded.server_rev", error)) &&
         (run->body_exists = _bansou_store_prepare (s, "SELECT 1 FROM bodies WHERE code = ?1", error)) &&
         (run->round_exists = _bansou_store_prepare (s, "SELECT 1 FROM rounds WHERE id = ?1", error)) &&
         /* The audit trail's own row shape (bansou_store_audit()), prepared
          * once: a full pull writes one line per record. */
         (run->audit = _bansou_store_prepare (s,
                                              "INSERT INTO audit (at, actor, entity, key, field, old_value, new_value) "
                                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error));
}

static gboolean
audit (Run         *run,
       const char  *entity,
       const char  *key,
       const char  *field,
       const char  *old_value,
       const char  *new_value,
       GError     **error)
{
  sqlite3_stmt *s = run->audit;

  sqlite3_reset (s);
  sqlite3_bind_text (s, 1, run->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, bansou_store_get_actor (run->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 3, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 4, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 5, field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 6, old_value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 7, new_value, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (run->store, s, error);
}

static void
bind_key (sqlite3_stmt *stmt,
          int           first,
          const char   *type,
          const char   *round,
          const char   *body,
          const char   *question)
{
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, first, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, first + 1, round, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, first + 2, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, first + 3, question ? question : "", -1, SQLITE_TRANSIENT);
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* The statements of the per-record helpers, prepared once per connection:
 * a chunk's answer runs them a thousand times. (transfer none) */
static sqlite3_stmt *
cached_stmt (BansouStore  *store,
             const char   *sql,
             GError      **error)
{
  GHashTable *cache = g_object_get_data (G_OBJECT (store), "bansou-sync-statements");
  sqlite3_stmt *stmt;

  if (cache == NULL)
    {
      /* keys are the SQL literals of this file */
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_stmt);
      g_object_set_data_full (G_OBJECT (store), "bansou-sync-statements", cache,
                              (GDestroyNotify) g_hash_table_unref);
    }
  stmt = g_hash_table_lookup (cache, sql);
  if (stmt == NULL)
    {
      if (!(stmt = _bansou_store_prepare (store, sql, error)))
        return NULL;
      g_hash_table_insert (cache, (gpointer) sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

static gboolean
step_done (BansouStore   *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  gboolean ok = _bansou_store_step_done (store, stmt, error);

  sqlite3_reset (stmt);
  return ok;
}

static gboolean
exec_key (BansouStore  *store,
          const char   *sql,
          const char   *type,
          const char   *round,
          const char   *body,
          const char   *question,
          gint64        value,
          GError      **error)
{
  sqlite3_stmt *stmt = cached_stmt (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_key (stmt, 1, type, round, body, question);
  if (sqlite3_bind_parameter_count (stmt) >= 5)
    sqlite3_bind_int64 (stmt, 5, value);
  return step_done (store, stmt, error);
}

/* Records that the server holds the record at @rev, and rebases a newer
 * local edit of it onto that revision. */
static gboolean
set_server_rev (BansouStore  *store,
                const char   *type,
                const char   *round,
                const char   *body,
                const char   *question,
                gint64        rev,
                GError      **error)
{
  const char *sql = g_str_equal (type, "answer")
                    ? "UPDATE answers SET server_rev = ?5 WHERE ?1 = 'answer' AND round = ?2 AND body = ?3 "
                      "AND question = ?4"
                    : "UPDATE progress SET server_rev = ?5 WHERE ?1 = 'progress' AND round = ?2 AND body = ?3 "
                      "AND ?4 = ''";

  return exec_key (store, sql, type, round, body, question, rev, error) &&
         exec_key (store, "UPDATE outbox SET base_rev = ?5 WHERE sent = 0 AND type = ?1 AND round = ?2 "
                   "AND body = ?3 AND question = ?4", type, round, body, question, rev, error);
}

static gboolean
put_conflict (BansouStore  *store,
              const char   *type,
              const char   *round,
              const char   *body,
              const char   *question,
              const char   *mine,
              const char   *theirs,
              gint64        theirs_rev,
              const char   *now,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key = record_key (round, body, question);

  stmt = _bansou_store_prepare (store,
                                "INSERT INTO conflicts (type, round, body, question, mine, theirs, theirs_rev, "
                                "detected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                "ON CONFLICT (type, round, body, question) WHERE resolved_at IS NULL "
                                "DO UPDATE SET mine = excluded.mine, theirs = excluded.theirs, "
                                "theirs_rev = excluded.theirs_rev, detected_at = excluded.detected_at", error);
  if (stmt == NULL)
    return FALSE;
  bind_key (stmt, 1, type, round, body, question);
  sqlite3_bind_text (stmt, 5, mine, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, theirs, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, theirs_rev);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);

  return _bansou_store_step_done (store, stmt, error) &&
         bansou_store_audit (store, type, key, "sync-conflict", NULL, theirs, error);
}

static gboolean
close_conflict (BansouStore  *store,
                const char   *type,
                const char   *round,
                const char   *body,
                const char   *question,
                const char   *resolution,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = now_iso ();

  stmt = _bansou_store_prepare (store,
                                "UPDATE conflicts SET resolved_at = ?5, resolution = ?6 WHERE resolved_at IS NULL "
                                "AND type = ?1 AND round = ?2 AND body = ?3 AND question = ?4", error);
  if (stmt == NULL)
    return FALSE;
  bind_key (stmt, 1, type, round, body, question);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, resolution, -1, SQLITE_STATIC);
  return _bansou_store_step_done (store, stmt, error);
}

/* ------------------------------------------------------------------------ */
/* 1, 2: bodies and rounds                                                  */

static gboolean
insert_round (Run           *run,
              const char    *id,
              const char    *title,
              const char    *catalog_version,
              const char    *created_at,
              gboolean      *inserted,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDate) date = bansou_date_parse_iso (id);
  int rc;

  *inserted = FALSE;
  if (g_hash_table_contains (run->rounds_here, id))
    return TRUE;
  sqlite3_reset (run->round_exists);
  sqlite3_bind_text (run->round_exists, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (run->round_exists);
  sqlite3_reset (run->round_exists);
  if (rc == SQLITE_ROW)
    {
      g_hash_table_add (run->rounds_here, g_strdup (id));
      return TRUE;
    }

  stmt = _bansou_store_prepare (run->store,
                                "INSERT INTO rounds (id, fiscal_year, title, catalog_version, prefilled_from, demo, "
                                "created_at) VALUES (?1, ?2, ?3, ?4, NULL, 0, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, bansou_fiscal_year (date));
  sqlite3_bind_text (stmt, 3, title ? title : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, catalog_version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, created_at && *created_at ? created_at : run->now, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (run->store, stmt, error))
    return FALSE;

  *inserted = TRUE;
  g_hash_table_add (run->rounds_here, g_strdup (id));
  return bansou_store_audit (run->store, "round", id, "created", NULL, title ? title : "", error);
}

static gboolean
insert_body (Run           *run,
             const Record  *r,
             gboolean      *inserted,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  BansouBodyKind kind = bansou_body_kind_from_string (r->kind);

  *inserted = FALSE;
  /* The national registry is shipped with Bansō: only registered bodies travel. */
  if (r->builtin || !bansou_body_kind_is_other_body (kind))
    return TRUE;

  sqlite3_reset (run->body_exists);
  sqlite3_bind_text (run->body_exists, 1, r->code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (run->body_exists) == SQLITE_ROW)
    return TRUE;

  stmt = _bansou_store_prepare (run->store,
                                "INSERT INTO bodies (code, prefecture, kind, name, builtin) VALUES (?1, ?2, ?3, ?4, 0)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, r->prefecture, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, bansou_body_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, r->name, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (run->store, stmt, error))
    return FALSE;

  *inserted = TRUE;
  g_hash_table_add (run->bodies_here, g_strdup (r->code));
  return bansou_store_audit (run->store, "body", r->code, "created", NULL, r->name, error);
}

typedef struct
{
  Run       *run;
  GPtrArray *records;   /* Record */
} Apply;

static gboolean
apply_bodies_cb (BansouStore  *store,
                 gpointer      user_data,
                 GError      **error)
{
  Apply *op = user_data;

  for (guint i = 0; i < op->records->len; i++)
    {
      gboolean inserted;

      if (!insert_body (op->run, g_ptr_array_index (op->records, i), &inserted, error))
        return FALSE;
    }
  return TRUE;
}

static void
record_free (gpointer data)
{
  record_clear (data);
  g_free (data);
}

/* The token must serve this workbench: a token of another prefecture
 * would otherwise pull that prefecture's answers into this database. */
/* GET @path, whose member @member lists records that must all be of
 * @type, into @records. The records point into the response, so the
 * caller keeps @root as long as it uses them. */
static gboolean
fetch_records (Run         *run,
               const char  *path,
               const char  *member,
               RecType      type,
               const char  *what,
               JsonNode   **root,
               GPtrArray   *records,
               GError     **error)
{
  JsonObject *obj;
  JsonArray *list;

  if (!(*root = http_ok (run, "GET", path, error)) ||
      !(obj = root_object (*root, error)) ||
      !(list = get_array (obj, member, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      Record *r = g_new0 (Record, 1);

      g_ptr_array_add (records, r);
      if (!parse_record (json_array_get_element (list, i), r, error))
        return FALSE;
      if (r->type != type)
        return protocol_error (error, what, member);
    }

  return TRUE;
}

/* The token must serve this workbench: a token of another prefecture
 * would otherwise pull that prefecture's answers into this database. */
static gboolean
fetch_bodies (Run     *run,
              GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (record_free);
  Apply op = { run, records };

  if (!fetch_records (run, "/bodies", "bodies", REC_BODY, _("not a body:"), &root, records, error))
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      Record *r = g_ptr_array_index (records, i);

      if (!g_str_equal (run->prefecture, BANSOU_SCOPE_NATIONAL) && !g_str_equal (r->prefecture, run->prefecture))
        {
          g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_FORBIDDEN,
                       _("The token is for bodies of prefecture %s, but this workbench serves prefecture %s"),
                       r->prefecture, run->prefecture);
          return FALSE;
        }
    }

  return bansou_store_transaction (run->store, apply_bodies_cb, &op, error);
}

static gboolean
apply_rounds_cb (BansouStore  *store,
                 gpointer      user_data,
                 GError      **error)
{
  Apply *op = user_data;

  for (guint i = 0; i < op->records->len; i++)
    {
      Record *r = g_ptr_array_index (op->records, i);
      gboolean inserted;

      if (!insert_round (op->run, r->id, r->title, r->catalog_version, r->updated_at, &inserted, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
fill_round_table (Run     *run,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTableIter iter;
  gpointer id;

  if (!bansou_store_exec (run->store,
                          "CREATE TEMP TABLE IF NOT EXISTS sync_rounds (id TEXT PRIMARY KEY);"
                          "CREATE TEMP TABLE IF NOT EXISTS sync_excluded (id INTEGER PRIMARY KEY);"
                          "DELETE FROM temp.sync_rounds; DELETE FROM temp.sync_excluded;", error))
    return FALSE;
  stmt = _bansou_store_prepare (run->store, "INSERT INTO temp.sync_rounds (id) VALUES (?1)", error);
  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, run->server_rounds);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (run->store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
fetch_rounds (Run     *run,
              GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (record_free);
  Apply op = { run, records };

  if (!fetch_records (run, "/rounds", "rounds", REC_ROUND, _("not a round:"), &root, records, error))
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    g_hash_table_add (run->server_rounds, g_strdup (((Record *) g_ptr_array_index (records, i))->id));

  return bansou_store_transaction (run->store, apply_rounds_cb, &op, error) &&
         fill_round_table (run, error);
}

/* ------------------------------------------------------------------------ */
/* 3: push                                                                  */

static guint
count_query (BansouStore *store,
             const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (store, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int64 (stmt, 0);
}

typedef struct
{
  Run        *run;
  gint64      max_id;
  gint64      chunk;       /* out */
  char       *key;         /* out */
  char       *request;     /* out */
  guint       n_ops;       /* out */
} FormChunk;

#define ELIGIBLE \
  "sent = 0 AND round IN (SELECT id FROM temp.sync_rounds) AND id NOT IN (SELECT id FROM temp.sync_excluded)"

static gboolean
form_chunk_cb (BansouStore  *store,
               gpointer      user_data,
               GError      **error)
{
  FormChunk *op = user_data;
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) chunk = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autoptr(GString) request = g_string_new ("{\"ops\":[");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *key = g_uuid_string_random ();
  int rc;

  rows = _bansou_store_prepare (store,
                                "SELECT id, type, round, body, question, payload, base_rev FROM outbox "
                                "WHERE " ELIGIBLE " AND id <= ?1 ORDER BY id LIMIT ?2", error);
  if (rows == NULL)
    return FALSE;
  sqlite3_bind_int64 (rows, 1, op->max_id);
  sqlite3_bind_int (rows, 2, (int) op->run->limits.batch_size);

  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      const char *type = _bansou_column_text (rows, 1);
      gsize before = request->len;

      if (ids->len > 0)
        g_string_append_c (request, ',');
      g_string_append (request, "{\"type\":");
      append_json_string (request, type);
      g_string_append (request, ",\"round\":");
      append_json_string (request, _bansou_column_text (rows, 2));
      g_string_append (request, ",\"body\":");
      append_json_string (request, _bansou_column_text (rows, 3));
      if (g_str_equal (type, "answer"))
        {
          g_string_append (request, ",\"question\":");
          append_json_string (request, _bansou_column_text (rows, 4));
        }
      g_string_append_printf (request, ",\"base_rev\":%" G_GINT64_FORMAT ",\"data\":",
                              (gint64) sqlite3_column_int64 (rows, 6));
      g_string_append (request, _bansou_column_text (rows, 5));
      g_string_append_c (request, '}');

      /* Long notes: the chunk ends before the request outgrows the server's limit. */
      if (ids->len > 0 && request->len + 2 > op->run->max_request)
        {
          g_string_truncate (request, before);
          break;
        }

      {
        gint64 id = sqlite3_column_int64 (rows, 0);
        g_array_append_val (ids, id);
      }
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading the outbox"));
      return FALSE;
    }
  g_string_append (request, "]}");

  op->n_ops = ids->len;
  if (ids->len == 0)
    return TRUE;

  chunk = _bansou_store_prepare (store,
                                 "INSERT INTO outbox_chunks (idempotency_key, request, created_at) VALUES (?1, ?2, ?3)",
                                 error);
  if (chunk == NULL)
    return FALSE;
  sqlite3_bind_text (chunk, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (chunk, 2, request->str, (int) request->len, SQLITE_STATIC);
  sqlite3_bind_text (chunk, 3, op->run->now, -1, SQLITE_STATIC);
  if (!_bansou_store_step_done (store, chunk, error))
    return FALSE;
  op->chunk = sqlite3_last_insert_rowid (_bansou_store_get_db (store));

  mark = _bansou_store_prepare (store, "UPDATE outbox SET sent = ?1 WHERE id = ?2", error);
  if (mark == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_reset (mark);
      sqlite3_bind_int64 (mark, 1, op->chunk);
      sqlite3_bind_int64 (mark, 2, g_array_index (ids, gint64, i));
      if (!_bansou_store_step_done (store, mark, error))
        return FALSE;
    }

  op->key = g_steal_pointer (&key);
  op->request = g_string_free (g_steal_pointer (&request), FALSE);
  return TRUE;
}

/* One operation of a sent chunk, as it was sent. */
typedef struct
{
  char   *type;
  char   *round;
  char   *body;
  char   *question;  /* "" for progress */
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  g_free (op->type);
  g_free (op->round);
  g_free (op->body);
  g_free (op->question);
  g_free (op);
}

/* The chunk's request is ours: read its operations back in order. */
static GPtrArray *
chunk_ops (const char  *request,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (op_free);
  JsonArray *list;

  if (!json_parser_load_from_data (parser, request, -1, error))
    return NULL;
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "ops");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      Op *op = g_new0 (Op, 1);

      op->type = g_strdup (json_object_get_string_member (o, "type"));
      op->round = g_strdup (json_object_get_string_member (o, "round"));
      op->body = g_strdup (json_object_get_string_member (o, "body"));
      op->question = g_strdup (json_object_has_member (o, "question")
                               ? json_object_get_string_member (o, "question") : "");
      g_ptr_array_add (ops, op);
    }
  return g_steal_pointer (&ops);
}

typedef struct
{
  gint64  status;
  gint64  rev;
  Record  current;       /* for 412; type REC_UNKNOWN when null */
  gboolean has_current;
} OpResult;

typedef struct
{
  Run        *run;
  gint64      chunk;
  GPtrArray  *ops;       /* Op */
  OpResult   *results;
  guint       pushed;
  guint       conflicts;
  guint       identical;
} ApplyResults;

static gboolean
take_row (ApplyResults  *op,
          Op            *o,
          gboolean       unsent,
          gint64        *id,
          char         **payload,
          GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *id = 0;
  *payload = NULL;
  stmt = cached_stmt (op->run->store,
                                unsent
                                ? "SELECT id, payload FROM outbox WHERE sent = 0 AND type = ?1 AND round = ?2 "
                                  "AND body = ?3 AND question = ?4"
                                : "SELECT id, payload FROM outbox WHERE sent = ?5 AND type = ?1 AND round = ?2 "
                                  "AND body = ?3 AND question = ?4", error);
  if (stmt == NULL)
    return FALSE;
  bind_key (stmt, 1, o->type, o->round, o->body, o->question);
  if (!unsent)
    sqlite3_bind_int64 (stmt, 5, op->chunk);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      *payload = g_strdup (_bansou_column_text (stmt, 1));
    }
  else if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (op->run->store, error, _("reading the outbox"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
delete_row (BansouStore  *store,
            gint64        id,
            GError      **error)
{
  sqlite3_stmt *stmt = cached_stmt (store, "DELETE FROM outbox WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return step_done (store, stmt, error);
}

static gboolean
apply_results_cb (BansouStore  *store,
                  gpointer      user_data,
                  GError      **error)
{
  ApplyResults *op = user_data;
  g_autoptr(sqlite3_stmt) drop = NULL;

  for (guint i = 0; i < op->ops->len; i++)
    {
      Op *o = g_ptr_array_index (op->ops, i);
      OpResult *res = &op->results[i];
      g_autofree char *payload = NULL;
      gint64 id;

      if (!take_row (op, o, FALSE, &id, &payload, error))
        return FALSE;

      if (res->status == 200 || res->status == 201)
        {
          if (!set_server_rev (store, o->type, o->round, o->body, o->question, res->rev, error))
            return FALSE;
          op->pushed++;
        }
      else if (res->has_current && payload != NULL && payload_equals_record (payload, &res->current))
        {
          /* The server already holds exactly this version: nothing to decide. */
          if (!set_server_rev (store, o->type, o->round, o->body, o->question, res->current.rev, error) ||
              !close_conflict (store, o->type, o->round, o->body, o->question, "identical", error))
            return FALSE;
          op->identical++;
        }
      else
        {
          g_autofree char *newer = NULL;
          g_autofree char *theirs = NULL;
          gint64 newer_id;

          /* The conflict keeps the latest local version; a newer edit not
           * sent yet is folded into it rather than sent on a stale base. */
          if (!take_row (op, o, TRUE, &newer_id, &newer, error))
            return FALSE;
          if (newer_id != 0 && !delete_row (store, newer_id, error))
            return FALSE;
          if (newer == NULL && payload == NULL)
            continue;   /* the row is gone: its round was deleted here */

          theirs = res->has_current ? json_to_string (res->current.node, FALSE) : g_strdup ("null");
          if (!put_conflict (store, o->type, o->round, o->body, o->question, newer ? newer : payload, theirs,
                             res->has_current ? res->current.rev : 0, op->run->now, error))
            return FALSE;
          op->conflicts++;
        }

      if (id != 0 && !delete_row (store, id, error))
        return FALSE;
    }

  drop = _bansou_store_prepare (store, "DELETE FROM outbox_chunks WHERE id = ?1", error);
  if (drop == NULL)
    return FALSE;
  sqlite3_bind_int64 (drop, 1, op->chunk);
  return _bansou_store_step_done (store, drop, error);
}

/* A whole batch was refused (4xx): the server stored nothing, so the rows
 * go back to the outbox to be sent again in a new chunk. A row the server
 * named (an unknown body, round or question) and its kin are held back
 * for this run. */
typedef struct
{
  Run        *run;
  gint64      chunk;
  Op         *culprit;    /* nullable */
  const char *code;
} Unfreeze;

static gboolean
unfreeze_cb (BansouStore  *store,
             gpointer      user_data,
             GError      **error)
{
  Unfreeze *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (op->culprit != NULL)
    {
      Op *c = op->culprit;

      stmt = _bansou_store_prepare (store,
                                    "INSERT OR IGNORE INTO temp.sync_excluded (id) SELECT id FROM outbox "
                                    "WHERE sent = ?1 AND CASE ?6 "
                                    "  WHEN 'unknown_body' THEN body = ?4 "
                                    "  WHEN 'unknown_round' THEN round = ?3 "
                                    "  WHEN 'unknown_question' THEN round = ?3 AND question = ?5 "
                                    "  ELSE type = ?2 AND round = ?3 AND body = ?4 AND question = ?5 END", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, op->chunk);
      sqlite3_bind_text (stmt, 2, c->type, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, c->round, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, c->body, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, c->question, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, op->code ? op->code : "", -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (store, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  /* A row edited again meanwhile has a newer unsent row: that one wins. */
  stmt = _bansou_store_prepare (store,
                                "DELETE FROM outbox WHERE sent = ?1 AND EXISTS (SELECT 1 FROM outbox n "
                                "WHERE n.sent = 0 AND n.type = outbox.type AND n.round = outbox.round "
                                "AND n.body = outbox.body AND n.question = outbox.question)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->chunk);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = _bansou_store_prepare (store, "UPDATE outbox SET sent = 0 WHERE sent = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->chunk);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = _bansou_store_prepare (store, "DELETE FROM outbox_chunks WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->chunk);
  return _bansou_store_step_done (store, stmt, error);
}

static gboolean
check_batch_response (JsonNode    *root,
                      GPtrArray   *ops,
                      OpResult    *results,
                      GError     **error)
{
  JsonObject *obj;
  JsonArray *list;

  if (!(obj = root_object (root, error)) || !(list = get_array (obj, "results", error)))
    return FALSE;
  if (json_array_get_length (list) != ops->len)
    {
      g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL,
                   _("The server answered %u operations of %u"), json_array_get_length (list), ops->len);
      return FALSE;
    }

  for (guint i = 0; i < ops->len; i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      Op *o = g_ptr_array_index (ops, i);
      OpResult *res = &results[i];
      JsonObject *ro;
      JsonNode *current;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return protocol_error (error, _("not an object:"), "results");
      ro = json_node_get_object (node);
      if (!get_int (ro, "status", 100, &res->status, error))
        return FALSE;

      if (res->status == 200 || res->status == 201)
        {
          if (!get_int (ro, "rev", 1, &res->rev, error))
            return FALSE;
        }
      else if (res->status == 412)
        {
          current = json_object_get_member (ro, "current");
          if (current == NULL)
            return protocol_error (error, _("missing"), "current");
          if (!JSON_NODE_HOLDS_NULL (current))
            {
              if (!parse_record (current, &res->current, error))
                return FALSE;
              if (res->current.type != (g_str_equal (o->type, "answer") ? REC_ANSWER : REC_PROGRESS) ||
                  g_strcmp0 (res->current.round, o->round) != 0 || g_strcmp0 (res->current.body, o->body) != 0 ||
                  g_strcmp0 (record_question (&res->current), o->question) != 0)
                return protocol_error (error, _("another record in"), "current");
              res->has_current = TRUE;
            }
        }
      else
        {
          g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL,
                       _("The server answered an operation with status %" G_GINT64_FORMAT), res->status);
          return FALSE;
        }
    }
  return TRUE;
}

/* Returns: %TRUE when the chunk was answered (applied, or given back to the
 * outbox to form again) */
static gboolean
send_chunk (Run         *run,
            gint64       chunk,
            const char  *key,
            const char  *request,
            guint       *reforms,
            GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree OpResult *results = NULL;
  guint status;
  gboolean ok;

  if (!(ops = chunk_ops (request, error)))
    return FALSE;
  if (!http (run, "POST", "/batch", key, request, &status, &root, error))
    return FALSE;

  if (status >= 400 && status < 500 && status != 409 && status != 412 && status != 422)
    {
      Unfreeze op = { run, chunk, NULL, NULL };
      g_autoptr(GError) refused = NULL;
      JsonObject *e = NULL;
      gint64 index = -1;

      set_status_error (&refused, status, root, "POST", "/batch");
      if (root && JSON_NODE_HOLDS_OBJECT (root) &&
          json_object_has_member (json_node_get_object (root), "error") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "error")))
        e = json_object_get_object_member (json_node_get_object (root), "error");
      if (e && json_object_has_member (e, "index") &&
          json_node_get_value_type (json_object_get_member (e, "index")) == G_TYPE_INT64)
        index = json_object_get_int_member (e, "index");
      if (e && json_object_has_member (e, "code") &&
          json_node_get_value_type (json_object_get_member (e, "code")) == G_TYPE_STRING)
        op.code = json_object_get_string_member (e, "code");

      /* Rows the server cannot take (a body, round or question it does not
       * know, a value it refuses) are held back; the rest go again. */
      if (index >= 0 && index < ops->len && status != 401 && status != 403 && status != 429)
        op.culprit = g_ptr_array_index (ops, index);

      if (!bansou_store_transaction (run->store, unfreeze_cb, &op, error))
        return FALSE;

      /* Too large for this server's limits: smaller chunks, same rows. */
      if (status == 413 && ops->len > 1 && ++(*reforms) <= MAX_REFORMS)
        {
          run->limits.batch_size = MAX (1, ops->len / 2);
          run->max_request = MAX (4096, run->max_request / 2);
          g_message ("The server refused a batch of %u as too large: sending %u at a time", ops->len,
                     run->limits.batch_size);
          return TRUE;
        }
      if (op.culprit == NULL || ++(*reforms) > MAX_REFORMS)
        {
          g_propagate_error (error, g_steal_pointer (&refused));
          return FALSE;
        }
      g_message ("Holding back %s %s/%s: %s", op.culprit->type, op.culprit->round, op.culprit->body,
                 refused->message);
      return TRUE;
    }
  if (status != 200)
    {
      set_status_error (error, status, root, "POST", "/batch");
      return FALSE;
    }

  results = g_new0 (OpResult, ops->len);
  ok = check_batch_response (root, ops, results, error);
  if (ok)
    {
      ApplyResults apply = { run, chunk, ops, results, 0, 0, 0 };

      ok = bansou_store_transaction (run->store, apply_results_cb, &apply, error);
      if (ok)
        {
          run->stats.pushed += apply.pushed;
          run->stats.conflicts += apply.conflicts;
          run->stats.skipped += apply.identical;
        }
    }
  for (guint i = 0; i < ops->len; i++)
    record_clear (&results[i].current);

  return ok;
}

static gboolean
push (Run     *run,
      GError **error)
{
  g_autoptr(sqlite3_stmt) chunks = NULL;
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint total, done = 0, reforms = 0;
  gint64 max_id;

  /* The national desk reads answers; they belong to the bodies and their
   * prefecture (docs/api.md): its edits stay here. */
  if (g_str_equal (run->prefecture, BANSOU_SCOPE_NATIONAL))
    {
      run->stats.held = count_query (run->store, "SELECT count(*) FROM outbox");
      return TRUE;
    }

  total = count_query (run->store, "SELECT count(*) FROM outbox WHERE sent <> 0") +
          count_query (run->store, "SELECT count(*) FROM outbox WHERE " ELIGIBLE);
  max_id = count_query (run->store, "SELECT coalesce(max(id), 0) FROM outbox");
  emit_progress (run, "push", 0, total);

  /* First what was sent before and never answered: the same bytes, the same key. */
  chunks = _bansou_store_prepare (run->store, "SELECT id FROM outbox_chunks ORDER BY id", error);
  if (chunks == NULL)
    return FALSE;
  while (sqlite3_step (chunks) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (chunks, 0);
      g_array_append_val (pending, id);
    }
  g_clear_pointer (&chunks, sqlite3_finalize);

  for (guint i = 0; i < pending->len; i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *key = NULL;
      g_autofree char *request = NULL;
      gint64 id = g_array_index (pending, gint64, i);
      guint n;

      stmt = _bansou_store_prepare (run->store,
                                    "SELECT idempotency_key, request, (SELECT count(*) FROM outbox WHERE sent = ?1) "
                                    "FROM outbox_chunks WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        continue;
      key = g_strdup (_bansou_column_text (stmt, 0));
      request = g_strdup (_bansou_column_text (stmt, 1));
      n = (guint) sqlite3_column_int64 (stmt, 2);
      g_debug ("Sending chunk %" G_GINT64_FORMAT " again (%u rows)", id, n);

      if (!send_chunk (run, id, key, request, &reforms, error))
        return FALSE;
      done += n;
      emit_progress (run, "push", MIN (done, total), total);
    }

  /* Then new chunks, in outbox order. */
  for (guint guard = 0; guard < G_MAXUINT; guard++)
    {
      FormChunk form = { run, max_id, 0, NULL, NULL, 0 };
      gboolean ok;

      if (g_cancellable_is_cancelled (run->cancellable))
        return set_cancelled (error);
      if (!bansou_store_transaction (run->store, form_chunk_cb, &form, error))
        return FALSE;
      if (form.n_ops == 0)
        break;

      ok = send_chunk (run, form.chunk, form.key, form.request, &reforms, error);
      g_free (form.key);
      g_free (form.request);
      if (!ok)
        return FALSE;
      done += form.n_ops;
      emit_progress (run, "push", MIN (done, total), total);
    }

  run->stats.held = count_query (run->store, "SELECT count(*) FROM outbox WHERE sent = 0");
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* 4: pull                                                                  */

typedef struct
{
  Run        *run;
  GPtrArray  *records;     /* Record */
  GHashTable *catalogs;    /* version → BansouCatalog to install */
  gint64      next;
  const char *epoch;
  gboolean    careful;     /* local edits pending or conflicts open: look before writing */
  guint       pulled;
  guint       skipped;
  guint       conflicts;
} ApplyPage;

static gboolean
row_rev (sqlite3_stmt *stmt,
         const Record *r,
         gboolean     *exists,
         gint64       *rev)
{
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, r->round, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, r->body, -1, SQLITE_TRANSIENT);
  if (r->type == REC_ANSWER)
    sqlite3_bind_text (stmt, 3, r->question, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *exists = rc == SQLITE_ROW;
  *rev = *exists ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static gboolean
apply_record (ApplyPage  *op,
              Record     *r,
              GError    **error)
{
  Run *run = op->run;
  const char *type = record_type_name (r->type);
  const char *question = record_question (r);
  g_autofree char *key = record_key (r->round, r->body, question);
  g_autofree char *pref = prefecture_of (r->body);
  g_autofree char *theirs = NULL;
  gboolean exists, inserted;
  gint64 rev;
  int rc;

  /* A body this workbench does not serve, or does not know: not ours to keep. */
  if ((!g_str_equal (run->prefecture, BANSOU_SCOPE_NATIONAL) && g_strcmp0 (pref, run->prefecture) != 0))
    {
      op->skipped++;
      return TRUE;
    }
  if (!g_hash_table_contains (run->bodies_here, r->body))
    {
      sqlite3_reset (run->body_exists);
      sqlite3_bind_text (run->body_exists, 1, r->body, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (run->body_exists);
      sqlite3_reset (run->body_exists);
      if (rc != SQLITE_ROW)
        {
          g_message ("Skipping %s %s: no body %s here", type, key, r->body);
          op->skipped++;
          return TRUE;
        }
      g_hash_table_add (run->bodies_here, g_strdup (r->body));
    }
  if (!insert_round (run, r->round, NULL, r->catalog_version && *r->catalog_version ? r->catalog_version : "",
                     r->updated_at, &inserted, error))
    return FALSE;

  /* Nothing pending here and no conflict open: the upsert alone decides
   * (it skips what we already hold, our own writes included). */
  if (!op->careful)
    goto write;

  if (!row_rev (r->type == REC_ANSWER ? run->answer_rev : run->progress_rev, r, &exists, &rev))
    {
      _bansou_store_set_error (run->store, error, _("reading a record"));
      return FALSE;
    }
  /* Our own write coming back, or a state we already hold. */
  if (exists && r->rev <= rev)
    {
      op->skipped++;
      return TRUE;
    }

  /* An open conflict: the server's side moves on, the user still decides. */
  bind_key (run->open_conflict, 1, type, r->round, r->body, question);
  if ((rc = sqlite3_step (run->open_conflict)) == SQLITE_ROW)
    {
      gint64 conflict_rev = sqlite3_column_int64 (run->open_conflict, 1);

      sqlite3_reset (run->open_conflict);
      if (r->rev > conflict_rev)
        {
          g_autoptr(sqlite3_stmt) update = NULL;

          update = _bansou_store_prepare (run->store,
                                          "UPDATE conflicts SET theirs_rev = ?5, theirs = ?6 WHERE resolved_at IS NULL "
                                          "AND type = ?1 AND round = ?2 AND body = ?3 AND question = ?4", error);
          if (update == NULL)
            return FALSE;
          theirs = json_to_string (r->node, FALSE);
          bind_key (update, 1, type, r->round, r->body, question);
          sqlite3_bind_int64 (update, 5, r->rev);
          sqlite3_bind_text (update, 6, theirs, -1, SQLITE_TRANSIENT);
          if (!_bansou_store_step_done (run->store, update, error))
            return FALSE;
        }
      op->skipped++;
      return TRUE;
    }
  sqlite3_reset (run->open_conflict);

  /* A local edit not yet on the server: never overwritten. */
  bind_key (run->pending, 1, type, r->round, r->body, question);
  if ((rc = sqlite3_step (run->pending)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (run->pending, 0);
      g_autofree char *payload = g_strdup (_bansou_column_text (run->pending, 1));

      sqlite3_reset (run->pending);
      if (payload_equals_record (payload, r))
        {
          if (!set_server_rev (run->store, type, r->round, r->body, question, r->rev, error) ||
              !delete_row (run->store, id, error))
            return FALSE;
          op->skipped++;
          return TRUE;
        }

      theirs = json_to_string (r->node, FALSE);
      if (!put_conflict (run->store, type, r->round, r->body, question, payload, theirs, r->rev, run->now, error) ||
          !delete_row (run->store, id, error))
        return FALSE;
      op->conflicts++;
      return TRUE;
    }
  sqlite3_reset (run->pending);
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (run->store, error, _("reading the outbox"));
      return FALSE;
    }

write:
  if (r->type == REC_ANSWER)
    {
      sqlite3_stmt *s = run->answer_put;

      sqlite3_reset (s);
      sqlite3_bind_text (s, 1, r->round, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 2, r->body, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 3, r->question, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 4, r->status, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 5, r->done_on, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 6, r->note, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 7, r->evidence, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 8, r->catalog_version, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 9, r->updated_by, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 10, r->updated_at, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (s, 11, r->rev);
      if (!_bansou_store_step_done (run->store, s, error))
        return FALSE;
      sqlite3_reset (s);
    }
  else
    {
      sqlite3_stmt *s = run->progress_put;

      sqlite3_reset (s);
      sqlite3_bind_text (s, 1, r->round, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 2, r->body, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 3, r->state, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 4, r->assignee, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 5, r->due, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 6, r->updated_by, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 7, r->updated_at, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (s, 8, r->rev);
      if (!_bansou_store_step_done (run->store, s, error))
        return FALSE;
      sqlite3_reset (s);
    }

  /* Not written: a state we already hold, or our own write coming back. */
  if (sqlite3_changes (_bansou_store_get_db (run->store)) == 0)
    {
      op->skipped++;
      return TRUE;
    }

  {
    g_autofree char *what = g_strdup_printf ("rev %" G_GINT64_FORMAT " by %s", r->rev,
                                             r->updated_by ? r->updated_by : "");
    if (!audit (run, type, key, "pulled", NULL, what, error))
      return FALSE;
  }
  op->pulled++;
  return TRUE;
}

static gboolean
apply_alert (ApplyPage  *op,
             Record     *r,
             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _bansou_store_prepare (op->run->store,
                                "INSERT INTO alerts (id, severity, title, message, prefectures, rev, created_at, "
                                "created_by, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                                "ON CONFLICT (id) DO UPDATE SET severity = excluded.severity, "
                                "title = excluded.title, message = excluded.message, "
                                "prefectures = excluded.prefectures, rev = excluded.rev", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, r->alert_id);
  sqlite3_bind_text (stmt, 2, r->severity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, r->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, r->message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, r->prefectures, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, r->rev);
  sqlite3_bind_text (stmt, 7, r->created_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, r->created_by, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, op->run->now, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (op->run->store, stmt, error))
    return FALSE;
  op->pulled++;
  return TRUE;
}

static gboolean
apply_page_cb (BansouStore  *store,
               gpointer      user_data,
               GError      **error)
{
  ApplyPage *op = user_data;
  g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, op->next);
  GHashTableIter iter;
  gpointer catalog;

  /* Inside the transaction: no edit can slip in between this and the writes. */
  op->careful = count_query (store, "SELECT EXISTS (SELECT 1 FROM outbox) OR "
                                    "EXISTS (SELECT 1 FROM conflicts WHERE resolved_at IS NULL)") != 0;

  g_hash_table_iter_init (&iter, op->catalogs);
  while (g_hash_table_iter_next (&iter, NULL, &catalog))
    if (!bansou_catalog_install (catalog, store, FALSE, error))
      return FALSE;

  for (guint i = 0; i < op->records->len; i++)
    {
      Record *r = g_ptr_array_index (op->records, i);
      gboolean inserted;

      switch (r->type)
        {
        case REC_ANSWER:
        case REC_PROGRESS:
          if (!apply_record (op, r, error))
            return FALSE;
          break;
        case REC_ROUND:
          g_hash_table_add (op->run->server_rounds, g_strdup (r->id));
          if (!insert_round (op->run, r->id, r->title, r->catalog_version, r->updated_at, &inserted, error))
            return FALSE;
          inserted ? op->pulled++ : op->skipped++;
          break;
        case REC_BODY:
          if (!insert_body (op->run, r, &inserted, error))
            return FALSE;
          inserted ? op->pulled++ : op->skipped++;
          break;
        case REC_ALERT:
          if (!apply_alert (op, r, error))
            return FALSE;
          break;
        case REC_CATALOG:
        case REC_UNKNOWN:
        default:
          op->skipped++;
          break;
        }
    }

  return bansou_store_set_setting (store, "sync-cursor", cursor, error) &&
         bansou_store_set_setting (store, "sync-epoch", op->epoch, error);
}

/* Catalog versions named by the page that this workbench does not have:
 * fetched (and checked) before the page's transaction. */
static gboolean
fetch_catalogs (Run        *run,
                GPtrArray  *records,
                GHashTable *catalogs,
                GError    **error)
{
  for (guint i = 0; i < records->len; i++)
    {
      Record *r = g_ptr_array_index (records, i);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *path = NULL;
      g_autofree char *json = NULL;
      BansouCatalog *catalog;

      if (r->type != REC_CATALOG || g_hash_table_contains (catalogs, r->version))
        continue;
      stmt = _bansou_store_prepare (run->store, "SELECT 1 FROM catalogs WHERE version = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, r->version, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        continue;

      path = g_strdup_printf ("/catalog/%s", r->version);
      if (!(root = http_ok (run, "GET", path, error)))
        return FALSE;
      json = json_to_string (root, FALSE);
      catalog = bansou_catalog_new_from_data (json, -1, &local);
      if (catalog == NULL)
        {
          g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL,
                       _("The catalog %s from the server is not valid: %s"), r->version, local->message);
          return FALSE;
        }
      if (g_strcmp0 (bansou_catalog_get_version (catalog), r->version) != 0)
        {
          g_object_unref (catalog);
          return protocol_error (error, _("another version in"), "catalog");
        }
      g_hash_table_insert (catalogs, g_strdup (r->version), catalog);
    }
  return TRUE;
}

static gboolean
reset_epoch_cb (BansouStore  *store,
                gpointer      user_data,
                GError      **error)
{
  /* Revisions of another history mean nothing here: every record is
   * taken again from the new one (pending edits stay pending). */
  return bansou_store_exec (store,
                            "UPDATE answers SET server_rev = 0 WHERE server_rev <> 0;"
                            "UPDATE progress SET server_rev = 0 WHERE server_rev <> 0;", error) &&
         bansou_store_set_setting (store, "sync-cursor", "0", error) &&
         bansou_store_set_setting (store, "sync-epoch", NULL, error);
}

static gboolean
pull (Run     *run,
      GError **error)
{
  g_autofree char *stored_epoch = bansou_store_get_setting (run->store, "sync-epoch");
  g_autofree char *stored_cursor = bansou_store_get_setting (run->store, "sync-cursor");
  guint64 cursor = 0;
  guint done = 0;
  guint page_size = run->limits.page_size;
  gboolean reset = FALSE;

  if (stored_cursor != NULL && !g_ascii_string_to_unsigned (stored_cursor, 10, 0, G_MAXINT64, &cursor, NULL))
    cursor = 0;
  if (stored_epoch == NULL)
    cursor = 0;

  emit_progress (run, "pull", 0, 0);

  for (guint page = 0; page < MAX_PAGES; page++)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (record_free);
      g_autoptr(GHashTable) catalogs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_autofree char *path = NULL;
      g_autoptr(GError) local = NULL;
      JsonObject *obj;
      JsonArray *list;
      const char *epoch;
      gint64 next, last = (gint64) cursor;
      gboolean more;
      ApplyPage apply = { 0 };

      if (g_cancellable_is_cancelled (run->cancellable))
        return set_cancelled (error);

      path = g_strdup_printf ("/changes?since=%" G_GUINT64_FORMAT "&limit=%u", cursor, page_size);
      if (!(root = http_ok (run, "GET", path, &local)))
        {
          /* Long notes make large pages: ask for fewer records, down to a floor. */
          if (run->too_big && page_size / 2 >= MIN_PAGE_SIZE)
            {
              page_size /= 2;
              g_debug ("Page too large: asking for %u records", page_size);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (!(obj = root_object (root, error)) ||
          !(list = get_array (obj, "changes", error)) ||
          !get_str (obj, "epoch", F_REQUIRED, 100, &epoch, error) ||
          !get_int (obj, "next", 0, &next, error) ||
          !get_bool (obj, "more", &more, error))
        return FALSE;
      if (*epoch == '\0')
        return protocol_error (error, _("empty:"), "epoch");

      if (stored_epoch != NULL && !g_str_equal (stored_epoch, epoch))
        {
          /* The server's history was reset (restored from a backup): start over. */
          if (reset)
            return protocol_error (error, _("changed twice:"), "epoch");
          g_message ("The server's epoch changed (%s → %s): pulling everything again", stored_epoch, epoch);
          if (!bansou_store_transaction (run->store, reset_epoch_cb, NULL, error))
            return FALSE;
          reset = TRUE;
          g_clear_pointer (&stored_epoch, g_free);
          cursor = 0;
          continue;
        }

      if (json_array_get_length (list) > page_size)
        return protocol_error (error, _("too long:"), "changes");
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          Record *r = g_new0 (Record, 1);

          g_ptr_array_add (records, r);
          if (!parse_record (json_array_get_element (list, i), r, error))
            return FALSE;
          if (r->rev <= last)
            return protocol_error (error, _("out of order:"), "rev");
          last = r->rev;
        }
      if (next != last || (more && records->len == 0))
        return protocol_error (error, _("does not follow the records:"), "next");

      if (!fetch_catalogs (run, records, catalogs, error))
        return FALSE;

      apply.run = run;
      apply.records = records;
      apply.catalogs = catalogs;
      apply.next = next;
      apply.epoch = epoch;
      if (!bansou_store_transaction (run->store, apply_page_cb, &apply, error))
        return FALSE;

      run->stats.pulled += apply.pulled;
      run->stats.skipped += apply.skipped;
      run->stats.conflicts += apply.conflicts;
      done += records->len;
      if (stored_epoch == NULL)
        stored_epoch = g_strdup (epoch);
      cursor = (guint64) next;
      emit_progress (run, "pull", done, more ? 0 : done);

      if (!more)
        return TRUE;
    }

  return protocol_error (error, _("never ends:"), "changes");
}

/* ------------------------------------------------------------------------ */
/* 5: national baselines                                                    */

typedef struct
{
  const char *round;
  JsonArray  *questions;
  const char *computed_at;
} ApplyBaselines;

static gboolean
apply_baselines_cb (BansouStore  *store,
                    gpointer      user_data,
                    GError      **error)
{
  ApplyBaselines *op = user_data;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) put = NULL;

  clear = _bansou_store_prepare (store, "DELETE FROM national_baselines WHERE round = ?1", error);
  put = _bansou_store_prepare (store,
                               "INSERT INTO national_baselines (round, question, rate, counted, computed_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (clear == NULL || put == NULL)
    return FALSE;
  sqlite3_bind_text (clear, 1, op->round, -1, SQLITE_STATIC);
  if (!_bansou_store_step_done (store, clear, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (op->questions); i++)
    {
      JsonObject *q = json_array_get_object_element (op->questions, i);
      JsonNode *rate = json_object_get_member (q, "rate");
      gint64 counted = 0;
      gboolean have_counts = TRUE;

      for (guint k = 0; k < 3; k++)
        {
          static const char * const members[] = { "done", "partial", "not_done" };
          JsonNode *n = json_object_get_member (q, members[k]);

          if (n == NULL || JSON_NODE_HOLDS_NULL (n))
            have_counts = FALSE;
          else
            counted += json_node_get_int (n);
        }

      sqlite3_reset (put);
      sqlite3_bind_text (put, 1, op->round, -1, SQLITE_STATIC);
      sqlite3_bind_text (put, 2, json_object_get_string_member (q, "question"), -1, SQLITE_TRANSIENT);
      if (rate == NULL || JSON_NODE_HOLDS_NULL (rate))
        sqlite3_bind_null (put, 3);
      else
        sqlite3_bind_double (put, 3, json_node_get_double (rate));
      if (have_counts)
        sqlite3_bind_int64 (put, 4, counted);
      else
        sqlite3_bind_null (put, 4);
      sqlite3_bind_text (put, 5, op->computed_at, -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (store, put, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_baselines (JsonObject  *obj,
                 const char  *round,
                 JsonArray  **questions_out,
                 const char **computed_at,
                 GError     **error)
{
  const char *r;
  JsonObject *overall;
  JsonArray *questions;

  if (!get_str (obj, "round", F_REQUIRED, 10, &r, error) ||
      !get_str (obj, "computed_at", F_OPTIONAL, 64, computed_at, error) ||
      !(overall = get_object (obj, "overall", error)) ||
      !(questions = get_array (overall, "questions", error)))
    return FALSE;
  if (!g_str_equal (r, round))
    return protocol_error (error, _("another round in"), "round");

  for (guint i = 0; i < json_array_get_length (questions); i++)
    {
      JsonNode *node = json_array_get_element (questions, i);
      JsonObject *q;
      const char *id;
      gboolean suppressed;
      JsonNode *rate;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return protocol_error (error, _("not an object:"), "questions");
      q = json_node_get_object (node);
      if (!get_str (q, "question", F_REQUIRED, 200, &id, error) ||
          !get_bool (q, "suppressed", &suppressed, error))
        return FALSE;
      rate = json_object_get_member (q, "rate");
      if (rate == NULL)
        return protocol_error (error, _("missing"), "rate");
      if (!JSON_NODE_HOLDS_NULL (rate))
        {
          double v;

          if (!JSON_NODE_HOLDS_VALUE (rate) ||
              (json_node_get_value_type (rate) != G_TYPE_DOUBLE && json_node_get_value_type (rate) != G_TYPE_INT64))
            return protocol_error (error, _("not a number:"), "rate");
          v = json_node_get_double (rate);
          if (!(v >= 0.0 && v <= 1.0))
            return protocol_error (error, _("out of range:"), "rate");
        }
      for (guint k = 0; k < 4; k++)
        {
          static const char * const members[] = { "done", "partial", "not_done", "na" };
          JsonNode *n = json_object_get_member (q, members[k]);

          if (n == NULL)
            return protocol_error (error, _("missing"), members[k]);
          if (!JSON_NODE_HOLDS_NULL (n) &&
              (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64 ||
               json_node_get_int (n) < 0))
            return protocol_error (error, _("not a whole number:"), members[k]);
        }
    }

  *questions_out = questions;
  return TRUE;
}

static gboolean
fetch_baselines (Run     *run,
                 GError **error)
{
  g_autoptr(GList) rounds = g_hash_table_get_keys (run->server_rounds);
  g_autoptr(sqlite3_stmt) fresh = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, -BASELINES_MAX_AGE_S);
  g_autofree char *limit = g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");

  /* Computing them costs the server a pass over the nation's answers:
   * figures a few minutes old are fresh enough. */
  fresh = _bansou_store_prepare (run->store,
                                 "SELECT 1 FROM national_baselines WHERE round = ?1 AND computed_at >= ?2 LIMIT 1",
                                 error);
  if (fresh == NULL)
    return FALSE;

  for (GList *l = rounds; l != NULL; l = l->next)
    {
      const char *round = l->data;
      g_autofree char *path = g_strdup_printf ("/baselines?round=%s", round);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *obj;
      ApplyBaselines apply = { round, NULL, NULL };
      guint status;
      int rc;

      sqlite3_reset (fresh);
      sqlite3_bind_text (fresh, 1, round, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (fresh, 2, limit, -1, SQLITE_STATIC);
      rc = sqlite3_step (fresh);
      sqlite3_reset (fresh);
      if (rc == SQLITE_ROW)
        continue;

      if (!http (run, "GET", path, NULL, NULL, &status, &root, error))
        return FALSE;
      if (status == 404)
        continue;   /* the round went away meanwhile */
      if (status != 200)
        {
          set_status_error (error, status, root, "GET", path);
          return FALSE;
        }
      if (!(obj = root_object (root, error)) ||
          !check_baselines (obj, round, &apply.questions, &apply.computed_at, error))
        return FALSE;
      if (!*apply.computed_at)
        apply.computed_at = run->now;
      if (!bansou_store_transaction (run->store, apply_baselines_cb, &apply, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The run                                                                  */

static gboolean
run_sync (Run              *run,
          GError          **error)
{
  g_autoptr(GError) local = NULL;
  const char *path = run->self->database_path;

  if (!check_url (run->url, &run->base, error) || !check_token (run->token, error))
    return FALSE;
  if (!(run->session = new_session (run->ca_file, error)))
    return FALSE;
  run->auth = g_strconcat ("Bearer ", run->token, NULL);
  run->now = now_iso ();
  run->max_request = MAX_REQUEST_BYTES;
  run->server_rounds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

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
  if (!prepare_run (run, error))
    return FALSE;

  if (!fetch_bodies (run, error) ||
      !fetch_rounds (run, error) ||
      !push (run, error) ||
      !pull (run, error) ||
      !fetch_baselines (run, error))
    return FALSE;

  {
    g_autofree char *done = now_iso ();

    if (!bansou_store_set_setting (run->store, "sync-url", run->url, error) ||
        !bansou_store_set_setting (run->store, "sync-ca-file", run->ca_file && *run->ca_file ? run->ca_file : NULL,
                                   error) ||
        !bansou_store_set_setting (run->store, "sync-last", done, error))
      return FALSE;
  }

  g_debug ("Sync done: pushed %u, pulled %u, conflicts %u, skipped %u, held %u", run->stats.pushed,
           run->stats.pulled, run->stats.conflicts, run->stats.skipped, run->stats.held);
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
    self->limits.page_size = MIN (limits->page_size, 5000);
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
/* Conflicts, alerts, counts                                                */

void
bansou_conflict_free (BansouConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->type);
  g_free (conflict->round);
  g_free (conflict->body);
  g_free (conflict->question);
  g_free (conflict->mine_json);
  g_free (conflict->theirs_json);
  g_free (conflict->detected_at);
  g_free (conflict);
}

void
bansou_alert_free (BansouAlert *alert)
{
  if (alert == NULL)
    return;
  g_free (alert->severity);
  g_free (alert->title);
  g_free (alert->message);
  g_free (alert->created_at);
  g_free (alert);
}

GPtrArray *
bansou_sync_list_conflicts (BansouStore  *store,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_conflict_free);
  int rc;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);

  stmt = _bansou_store_prepare (store,
                                "SELECT id, type, round, body, question, mine, theirs, detected_at FROM conflicts "
                                "WHERE resolved_at IS NULL ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouConflict *c = g_new0 (BansouConflict, 1);
      const char *question = _bansou_column_text (stmt, 4);

      c->id = sqlite3_column_int64 (stmt, 0);
      c->type = g_strdup (_bansou_column_text (stmt, 1));
      c->round = g_strdup (_bansou_column_text (stmt, 2));
      c->body = g_strdup (_bansou_column_text (stmt, 3));
      c->question = question && *question ? g_strdup (question) : NULL;
      c->mine_json = g_strdup (_bansou_column_text (stmt, 5));
      c->theirs_json = g_strdup (_bansou_column_text (stmt, 6));
      c->detected_at = g_strdup (_bansou_column_text (stmt, 7));
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading conflicts"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

typedef struct
{
  gint64                id;
  BansouConflictChoice  choice;
  JsonObject           *merged;   /* nullable */
} Resolve;

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID, message);
  return FALSE;
}

/* Writes @fields (a record of the server, or a merged version) to the
 * local record. NULL @fields: the server has none, so neither do we. */
static gboolean
write_local (BansouStore  *store,
             const char   *type,
             const char   *round,
             const char   *body,
             const char   *question,
             JsonObject   *fields,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = now_iso ();
  const char *actor = bansou_store_get_actor (store);
  gboolean answer = g_str_equal (type, "answer");

  if (fields == NULL)
    {
      stmt = _bansou_store_prepare (store,
                                    answer ? "DELETE FROM answers WHERE round = ?1 AND body = ?2 AND question = ?3"
                                           : "DELETE FROM progress WHERE round = ?1 AND body = ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);
      if (answer)
        sqlite3_bind_text (stmt, 3, question, -1, SQLITE_TRANSIENT);
      return _bansou_store_step_done (store, stmt, error);
    }

  if (answer)
    {
      const char *status = payload_str (fields, "status");
      const char *done_on = payload_str (fields, "done_on");
      const char *note = payload_str (fields, "note");
      const char *evidence = payload_str (fields, "evidence");

      if (status != NULL && bansou_status_from_string (status) == BANSOU_N_STATUSES)
        return invalid (error, _("The merged answer has an unknown status"));
      if (done_on != NULL && !is_date (done_on))
        return invalid (error, _("The merged answer’s date is not a date (use YYYY-MM-DD)"));
      if ((note && g_utf8_strlen (note, -1) > MAX_TEXT) || (evidence && g_utf8_strlen (evidence, -1) > MAX_TEXT))
        return invalid (error, _("The merged note or evidence is too long"));

      stmt = _bansou_store_prepare (store,
                                    "INSERT INTO answers (round, body, question, status, done_on, note, evidence, "
                                    "carried, catalog_version, updated_by, updated_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, "
                                    "  (SELECT catalog_version FROM rounds WHERE id = ?1), ?8, ?9) "
                                    "ON CONFLICT (round, body, question) DO UPDATE SET status = excluded.status, "
                                    "done_on = excluded.done_on, note = excluded.note, evidence = excluded.evidence, "
                                    "carried = 0, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                                    error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, question, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, status, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, done_on, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, note ? note : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, evidence ? evidence : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 8, actor, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 9, now, -1, SQLITE_TRANSIENT);
    }
  else
    {
      const char *state = payload_str (fields, "state");
      const char *assignee = payload_str (fields, "assignee");
      const char *due = payload_str (fields, "due");

      if (bansou_progress_from_string (state) == BANSOU_N_PROGRESS)
        return invalid (error, _("The merged progress has an unknown state"));
      if (due != NULL && !is_date (due))
        return invalid (error, _("The merged due date is not a date (use YYYY-MM-DD)"));
      if (assignee && g_utf8_strlen (assignee, -1) > 200)
        return invalid (error, _("The merged assignee is too long"));

      stmt = _bansou_store_prepare (store,
                                    "INSERT INTO progress (round, body, state, assignee, due, updated_by, updated_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                                    "ON CONFLICT (round, body) DO UPDATE SET state = excluded.state, "
                                    "assignee = excluded.assignee, due = excluded.due, "
                                    "updated_by = excluded.updated_by, updated_at = excluded.updated_at", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, state, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, assignee ? assignee : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, due, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, actor, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
    }

  return _bansou_store_step_done (store, stmt, error);
}

static gboolean
resolve_cb (BansouStore  *store,
            gpointer      user_data,
            GError      **error)
{
  Resolve *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) mine = NULL;
  g_autoptr(JsonObject) theirs = NULL;
  g_autofree char *type = NULL;
  g_autofree char *round = NULL;
  g_autofree char *body = NULL;
  g_autofree char *question = NULL;
  g_autofree char *key = NULL;
  g_autofree char *theirs_json = NULL;
  g_autofree char *detail = NULL;
  const char *resolution;
  gint64 theirs_rev;
  gboolean answer;

  stmt = _bansou_store_prepare (store,
                                "SELECT type, round, body, question, mine, theirs, theirs_rev FROM conflicts "
                                "WHERE id = ?1 AND resolved_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND,
                   _("There is no open conflict %" G_GINT64_FORMAT), op->id);
      return FALSE;
    }
  type = g_strdup (_bansou_column_text (stmt, 0));
  round = g_strdup (_bansou_column_text (stmt, 1));
  body = g_strdup (_bansou_column_text (stmt, 2));
  question = g_strdup (_bansou_column_text (stmt, 3));
  mine = parse_payload (_bansou_column_text (stmt, 4));
  theirs_json = g_strdup (_bansou_column_text (stmt, 5));
  theirs = parse_payload (theirs_json);
  theirs_rev = sqlite3_column_int64 (stmt, 6);
  answer = g_str_equal (type, "answer");
  key = record_key (round, body, question);

  switch (op->choice)
    {
    case BANSOU_CONFLICT_MINE:
      /* Keep the local record as it stands now, sent again on their revision. */
      resolution = "mine";
      if (!set_server_rev (store, type, round, body, question, theirs_rev, error) ||
          !(answer ? _bansou_outbox_add_answer (store, round, body, question, error)
                   : _bansou_outbox_add_progress (store, round, body, error)))
        return FALSE;
      detail = g_strdup ("mine");
      break;

    case BANSOU_CONFLICT_THEIRS:
      resolution = "theirs";
      if (!write_local (store, type, round, body, question, theirs, error) ||
          !set_server_rev (store, type, round, body, question, theirs_rev, error) ||
          !exec_key (store, "DELETE FROM outbox WHERE sent = 0 AND type = ?1 AND round = ?2 AND body = ?3 "
                     "AND question = ?4", type, round, body, question, 0, error))
        return FALSE;
      detail = g_strconcat ("theirs ", theirs_json, NULL);
      break;

    case BANSOU_CONFLICT_MERGED:
    default:
      {
        g_autoptr(JsonObject) merged = json_object_new ();
        static const char * const answer_members[] = { "status", "done_on", "note", "evidence", NULL };
        static const char * const progress_members[] = { "state", "assignee", "due", NULL };
        const char * const *members = answer ? answer_members : progress_members;
        g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

        if (op->merged == NULL)
          return invalid (error, _("A merged version is needed to resolve the conflict that way"));
        /* Members left out keep the local value. */
        for (guint i = 0; members[i]; i++)
          {
            JsonNode *v = json_object_get_member (op->merged, members[i]);

            if (v == NULL && mine != NULL)
              v = json_object_get_member (mine, members[i]);
            if (v != NULL && !JSON_NODE_HOLDS_NULL (v) &&
                (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING))
              return invalid (error, _("The merged version must hold text or null values"));
            json_object_set_member (merged, members[i], v ? json_node_copy (v) : json_node_new (JSON_NODE_NULL));
          }
        resolution = "merged";
        if (!write_local (store, type, round, body, question, merged, error) ||
            !set_server_rev (store, type, round, body, question, theirs_rev, error) ||
            !(answer ? _bansou_outbox_add_answer (store, round, body, question, error)
                     : _bansou_outbox_add_progress (store, round, body, error)))
          return FALSE;
        json_node_set_object (node, merged);
        {
          g_autofree char *text = json_to_string (node, FALSE);
          detail = g_strconcat ("merged ", text, NULL);
        }
      }
      break;
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = _bansou_store_prepare (store, "UPDATE conflicts SET resolved_at = ?2, resolution = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  {
    g_autofree char *now = now_iso ();

    sqlite3_bind_int64 (stmt, 1, op->id);
    sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, resolution, -1, SQLITE_STATIC);
    if (!_bansou_store_step_done (store, stmt, error))
      return FALSE;
  }

  return bansou_store_audit (store, type, key, "sync-conflict-resolved", NULL, detail, error);
}

/**
 * bansou_sync_resolve_conflict:
 * @choice: which version wins
 * @merged_json: (nullable): for %BANSOU_CONFLICT_MERGED, a JSON object in
 *   the shape of mine_json; members left out keep the local value
 *
 * MINE keeps the local version and puts it in the outbox based on the
 * server's revision; THEIRS writes the server's version here (nothing is
 * sent); MERGED writes @merged_json here and puts it in the outbox. In one
 * transaction, with an audit line. Views on a #BansouSurvey need
 * bansou_survey_reload() afterwards.
 */
gboolean
bansou_sync_resolve_conflict (BansouStore           *store,
                              gint64                 id,
                              BansouConflictChoice   choice,
                              const char            *merged_json,
                              GError               **error)
{
  g_autoptr(JsonObject) merged = NULL;
  Resolve op = { id, choice, NULL };

  g_return_val_if_fail (BANSOU_IS_STORE (store), FALSE);
  g_return_val_if_fail (choice <= BANSOU_CONFLICT_MERGED, FALSE);

  if (choice == BANSOU_CONFLICT_MERGED)
    {
      if (merged_json == NULL || !(merged = parse_payload (merged_json)))
        return invalid (error, _("The merged version is not a JSON object"));
      op.merged = merged;
    }

  return bansou_store_transaction (store, resolve_cb, &op, error);
}

guint
bansou_sync_count_pending (BansouStore *store)
{
  g_return_val_if_fail (BANSOU_IS_STORE (store), 0);
  return count_query (store, "SELECT count(*) FROM outbox");
}

guint
bansou_sync_count_conflicts (BansouStore *store)
{
  g_return_val_if_fail (BANSOU_IS_STORE (store), 0);
  return count_query (store, "SELECT count(*) FROM conflicts WHERE resolved_at IS NULL");
}

GPtrArray *
bansou_sync_list_alerts (BansouStore  *store,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_alert_free);
  int rc;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);

  stmt = _bansou_store_prepare (store,
                                "SELECT id, severity, title, message, created_at FROM alerts ORDER BY rev DESC",
                                error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouAlert *a = g_new0 (BansouAlert, 1);

      a->id = sqlite3_column_int64 (stmt, 0);
      a->severity = g_strdup (_bansou_column_text (stmt, 1));
      a->title = g_strdup (_bansou_column_text (stmt, 2));
      a->message = g_strdup (_bansou_column_text (stmt, 3));
      a->created_at = g_strdup (_bansou_column_text (stmt, 4));
      g_ptr_array_add (list, a);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading alerts"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

char *
bansou_sync_dup_last_sync (BansouStore *store)
{
  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);
  return bansou_store_get_setting (store, "sync-last");
}

/**
 * bansou_sync_get_national_rate:
 * @round: a round's id
 * @question: a question id
 * @rate: (out): the national implementation rate, a fraction
 *
 * Returns: %TRUE if the server's figure for @question in @round has been
 *   pulled and is not withheld
 */
gboolean
bansou_sync_get_national_rate (BansouStore *store,
                               const char  *round,
                               const char  *question,
                               double      *rate)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BANSOU_IS_STORE (store), FALSE);

  stmt = _bansou_store_prepare (store,
                                "SELECT rate FROM national_baselines WHERE round = ?1 AND question = ?2 "
                                "AND rate IS NOT NULL", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, question, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *rate = sqlite3_column_double (stmt, 0);
  return TRUE;
}

char *
_bansou_sync_checksum_db (sqlite3     *db,
                          const char  *prefecture,
                          GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT round, body, question, status, done_on, note, evidence FROM answers "
                          "WHERE ?1 IS NULL OR substr(body, 1, 2) = ?1 OR body LIKE 'X' || ?1 || '%' "
                          "ORDER BY round, body, question", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, prefecture, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int col = 0; col < 7; col++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, col);

          /* NULL and "" differ: mark NULL with a byte text never holds. */
          if (text == NULL)
            g_checksum_update (sum, (const guchar *) "\1", 1);
          else
            g_checksum_update (sum, (const guchar *) text, -1);
          g_checksum_update (sum, (const guchar *) "\t", 1);
        }
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      return NULL;
    }
  return g_strdup (g_checksum_get_string (sum));
}

/**
 * bansou_sync_checksum:
 * @prefecture: (nullable): only the answers of that prefecture's bodies
 *
 * A SHA-256 over the fields of every answer the server keeps as well
 * (round, body, question, status, done_on, note, evidence), in key order:
 * after a complete sync it equals the same sum over the server's answers.
 *
 * Returns: (transfer full): hex, or %NULL
 */
char *
bansou_sync_checksum (BansouStore  *store,
                      const char   *prefecture,
                      GError      **error)
{
  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);
  return _bansou_sync_checksum_db (_bansou_store_get_db (store), prefecture, error);
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
