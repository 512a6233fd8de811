/* bansou-survey-kinds.c — the survey's record kinds for sync, and its outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * answer: key (round, body, question), the payload {"status", "done_on",
 *   "note", "evidence"}; progress: key (round, body), the payload {"state",
 *   "assignee", "due"}. Both are written here and sent from the outbox;
 *   each local row keeps the server's revision in server_rev (0: never on
 *   the server). Rows of a round the server lacks wait for it ("held").
 * round: key (id); GET /rounds is fetched at the start of every run, and
 *   a round an answer names is made here if missing.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-catalog-kinds.h"
#include "bansou-outbox.h"
#include "bansou-registry-kinds.h"
#include "bansou-store-sql.h"
#include "bansou-survey-kinds.h"
#include "bansou-sync-kind.h"
#include "bansou-types.h"
#include "bansou-wareki.h"

/* The set of round ids kept here, loaded once per run (keyed by this address). */
static const char rounds_sql[] = "SELECT id FROM rounds";

/* ------------------------------------------------------------------------ */
/* The outbox (called by the survey inside its transactions)                */

#define ANSWER_SELECT(where) \
  "SELECT 'answer', round, body, question, " \
  "  json_object('status', status, 'done_on', done_on, 'note', note, 'evidence', evidence), " \
  "  server_rev FROM answers " where

#define PROGRESS_SELECT(where) \
  "SELECT 'progress', round, body, '', " \
  "  json_object('state', state, 'assignee', assignee, 'due', due), " \
  "  server_rev FROM progress " where

sqlite3_stmt *
_bansou_outbox_prepare_answer (BansouStore  *store,
                               GError      **error)
{
  return bansou_outbox_prepare (store, ANSWER_SELECT ("WHERE round = ?1 AND body = ?2 AND question = ?3"), error);
}

sqlite3_stmt *
_bansou_outbox_prepare_progress (BansouStore  *store,
                                 GError      **error)
{
  return bansou_outbox_prepare (store, PROGRESS_SELECT ("WHERE round = ?1 AND body = ?2"), error);
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
      answers = bansou_outbox_prepare (store, ANSWER_SELECT ("WHERE round = ?1"), error);
      progress = bansou_outbox_prepare (store, PROGRESS_SELECT ("WHERE round = ?1"), error);
    }
  else
    {
      answers = bansou_outbox_prepare (store,
                                       ANSWER_SELECT ("WHERE round IN (SELECT id FROM rounds WHERE demo = 1)"),
                                       error);
      progress = bansou_outbox_prepare (store,
                                        PROGRESS_SELECT ("WHERE round IN (SELECT id FROM rounds WHERE demo = 1)"),
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
/* round                                                                    */

typedef struct
{
  const char *id;
  const char *title;
  const char *catalog_version;
  const char *due;
  const char *updated_at;
  const char *updated_by;
} Round;

/* Makes the round @id here unless it is. */
static gboolean
ensure_round (BansouSyncContext  *ctx,
              const char         *id,
              const char         *title,
              const char         *catalog_version,
              const char         *created_at,
              gboolean           *inserted,
              GError            **error)
{
  BansouStore *store = bansou_sync_context_get_store (ctx);
  GHashTable *rounds = bansou_sync_context_get_keys (ctx, rounds_sql, error);
  g_autoptr(GDate) date = NULL;
  sqlite3_stmt *stmt;

  *inserted = FALSE;
  if (rounds == NULL)
    return FALSE;
  if (g_hash_table_contains (rounds, id))
    return TRUE;

  date = bansou_date_parse_iso (id);
  stmt = bansou_sync_stmt (store,
                           "INSERT INTO rounds (id, fiscal_year, title, catalog_version, prefilled_from, demo, "
                           "created_at) VALUES (?1, ?2, ?3, ?4, NULL, 0, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, bansou_fiscal_year (date));
  sqlite3_bind_text (stmt, 3, title ? title : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, catalog_version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, created_at && *created_at ? created_at : bansou_sync_context_get_now (ctx), -1,
                     SQLITE_TRANSIENT);
  if (!bansou_sync_stmt_done (store, stmt, error))
    return FALSE;

  *inserted = TRUE;
  g_hash_table_add (rounds, g_strdup (id));
  return bansou_store_audit (store, "round", id, "created", NULL, title ? title : "", error);
}

static gboolean
round_parse (BansouSyncRecord  *record,
             JsonObject        *obj,
             GError           **error)
{
  Round *r = g_new0 (Round, 1);

  record->data = r;
  if (!bansou_sync_json_date (obj, "id", BANSOU_SYNC_JSON_REQUIRED, &r->id, error) ||
      !bansou_sync_json_str (obj, "title", BANSOU_SYNC_JSON_OPTIONAL, 200, &r->title, error) ||
      !bansou_sync_json_str (obj, "catalog_version", BANSOU_SYNC_JSON_REQUIRED, 64, &r->catalog_version, error) ||
      !bansou_sync_json_date (obj, "due", BANSOU_SYNC_JSON_OPTIONAL | BANSOU_SYNC_JSON_NULLABLE, &r->due, error))
    return FALSE;
  if (!_bansou_catalog_is_version (r->catalog_version))
    return bansou_sync_protocol_error (error, _("not a catalog version:"), "catalog_version");
  record->key[0] = r->id;
  return bansou_sync_json_str (obj, "updated_at", BANSOU_SYNC_JSON_OPTIONAL, 64, &r->updated_at, error) &&
         bansou_sync_json_str (obj, "updated_by", BANSOU_SYNC_JSON_OPTIONAL, 200, &r->updated_by, error);
}

static gboolean
round_apply (BansouSyncContext  *ctx,
             BansouSyncRecord   *record,
             gboolean           *written,
             GError            **error)
{
  Round *r = record->data;

  return ensure_round (ctx, r->id, r->title, r->catalog_version, r->updated_at, written, error);
}

/* ------------------------------------------------------------------------ */
/* answer and progress: shared                                              */

typedef struct
{
  const char *round;
  const char *body;
  const char *question;    /* answer */
  const char *status;
  const char *done_on;
  const char *note;
  const char *evidence;
  const char *catalog_version;
  const char *state;       /* progress */
  const char *assignee;
  const char *due;
  const char *updated_at;
  const char *updated_by;
} Edit;

static gboolean
edit_key (BansouSyncRecord  *record,
          Edit              *e,
          GError           **error)
{
  if (!_bansou_registry_sync_prefecture (e->body, record->scope))
    return bansou_sync_protocol_error (error, _("not a body code:"), "body");
  record->key[0] = e->round;
  record->key[1] = e->body;
  record->key[2] = e->question ? e->question : "";
  return TRUE;
}

/* A body this workbench does not know is not ours to keep; the round an
 * edit names is made here if missing. */
static gboolean
edit_accept (BansouSyncContext  *ctx,
             BansouSyncRecord   *record,
             gboolean           *keep,
             GError            **error)
{
  Edit *e = record->data;
  gboolean has, inserted;

  if (!_bansou_registry_sync_has_body (ctx, e->body, &has, error))
    return FALSE;
  if (!has)
    {
      g_autofree char *what = bansou_sync_key_string (record->key);

      g_message ("Skipping %s %s: no body %s here", record->kind->type, what, e->body);
      *keep = FALSE;
      return TRUE;
    }
  *keep = TRUE;
  return ensure_round (ctx, e->round, NULL, e->catalog_version && *e->catalog_version ? e->catalog_version : "",
                       e->updated_at, &inserted, error);
}

/* Not written: a state we already hold, or our own write coming back. */
static gboolean
edit_written (BansouSyncContext  *ctx,
              BansouSyncRecord   *record,
              gboolean           *written,
              GError            **error)
{
  BansouStore *store = bansou_sync_context_get_store (ctx);
  Edit *e = record->data;
  g_autofree char *what = NULL;
  g_autofree char *key = NULL;

  *written = sqlite3_changes (_bansou_store_get_db (store)) != 0;
  if (!*written)
    return TRUE;
  key = bansou_sync_key_string (record->key);
  what = g_strdup_printf ("rev %" G_GINT64_FORMAT " by %s", record->rev, e->updated_by ? e->updated_by : "");
  return bansou_sync_context_audit (ctx, record->kind->type, key, "pulled", NULL, what, error);
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID, message);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* answer                                                                   */

static const BansouSyncField answer_fields[] = {
  { "status", N_("Answer"), BANSOU_SYNC_FIELD_STATUS },
  { "done_on", N_("Last done on"), BANSOU_SYNC_FIELD_DATE },
  { "note", N_("Note"), BANSOU_SYNC_FIELD_TEXT },
  { "evidence", N_("Evidence"), BANSOU_SYNC_FIELD_LINE },
};

static gboolean
answer_parse (BansouSyncRecord  *record,
              JsonObject        *obj,
              GError           **error)
{
  Edit *e = g_new0 (Edit, 1);

  record->data = e;
  if (!bansou_sync_json_date (obj, "round", BANSOU_SYNC_JSON_REQUIRED, &e->round, error) ||
      !bansou_sync_json_str (obj, "body", BANSOU_SYNC_JSON_REQUIRED, 6, &e->body, error) ||
      !bansou_sync_json_str (obj, "question", BANSOU_SYNC_JSON_REQUIRED, 200, &e->question, error) ||
      !bansou_sync_json_str (obj, "status", BANSOU_SYNC_JSON_NULLABLE, 20, &e->status, error) ||
      !bansou_sync_json_date (obj, "done_on", BANSOU_SYNC_JSON_OPTIONAL | BANSOU_SYNC_JSON_NULLABLE, &e->done_on,
                              error) ||
      !bansou_sync_json_str (obj, "note", BANSOU_SYNC_JSON_REQUIRED, BANSOU_SYNC_MAX_TEXT, &e->note, error) ||
      !bansou_sync_json_str (obj, "evidence", BANSOU_SYNC_JSON_REQUIRED, BANSOU_SYNC_MAX_TEXT, &e->evidence, error) ||
      !bansou_sync_json_str (obj, "catalog_version", BANSOU_SYNC_JSON_OPTIONAL, 64, &e->catalog_version, error))
    return FALSE;
  if (!edit_key (record, e, error))
    return FALSE;
  if (*e->question == '\0')
    return bansou_sync_protocol_error (error, _("empty:"), "question");
  if (e->status != NULL && (*e->status == '\0' || bansou_status_from_string (e->status) == BANSOU_N_STATUSES))
    return bansou_sync_protocol_error (error, _("unknown value of"), "status");
  return bansou_sync_json_str (obj, "updated_at", BANSOU_SYNC_JSON_OPTIONAL, 64, &e->updated_at, error) &&
         bansou_sync_json_str (obj, "updated_by", BANSOU_SYNC_JSON_OPTIONAL, 200, &e->updated_by, error);
}

static gboolean
answer_apply (BansouSyncContext  *ctx,
              BansouSyncRecord   *record,
              gboolean           *written,
              GError            **error)
{
  BansouStore *store = bansou_sync_context_get_store (ctx);
  Edit *e = record->data;
  sqlite3_stmt *s;

  s = bansou_sync_stmt (store,
                        "INSERT INTO answers (round, body, question, status, done_on, note, evidence, carried, "
                        "catalog_version, updated_by, updated_at, server_rev) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10, ?11) "
                        "ON CONFLICT (round, body, question) DO UPDATE SET "
                        "status = excluded.status, done_on = excluded.done_on, "
                        "note = excluded.note, evidence = excluded.evidence, carried = 0, "
                        "catalog_version = excluded.catalog_version, updated_by = excluded.updated_by, "
                        "updated_at = excluded.updated_at, server_rev = excluded.server_rev "
                        "WHERE answers.server_rev < excluded.server_rev", error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, e->round, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, e->body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 3, e->question, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 4, e->status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 5, e->done_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 6, e->note, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 7, e->evidence, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 8, e->catalog_version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 9, e->updated_by, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 10, e->updated_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, 11, record->rev);
  if (!bansou_sync_stmt_done (store, s, error))
    return FALSE;
  return edit_written (ctx, record, written, error);
}

static gboolean
answer_get_rev (BansouStore         *store,
                const char * const  *key,
                gboolean            *exists,
                gint64              *rev,
                GError             **error)
{
  return bansou_sync_read_rev (store, "SELECT server_rev FROM answers WHERE round = ?1 AND body = ?2 AND question = ?3",
                  key, 3, exists, rev, error);
}

static gboolean
answer_set_rev (BansouStore         *store,
                const char * const  *key,
                gint64               rev,
                GError             **error)
{
  return bansou_sync_note_rev (store, "UPDATE answers SET server_rev = ?4 WHERE round = ?1 AND body = ?2 AND question = ?3",
                  key, 3, rev, error);
}

static gboolean
answer_forget_revs (BansouStore  *store,
                    GError      **error)
{
  return bansou_store_exec (store, "UPDATE answers SET server_rev = 0 WHERE server_rev <> 0;", error);
}

/* Whether the server holds exactly our version: then there is no conflict. */
static gboolean
answer_same (JsonObject             *mine,
             const BansouSyncRecord *record)
{
  const Edit *e = record->data;

  return g_strcmp0 (bansou_sync_payload_str (mine, "status"), e->status) == 0 &&
         g_strcmp0 (bansou_sync_payload_str (mine, "done_on"), e->done_on) == 0 &&
         bansou_sync_same_text (bansou_sync_payload_str (mine, "note"), e->note) &&
         bansou_sync_same_text (bansou_sync_payload_str (mine, "evidence"), e->evidence);
}

/* Writes @fields (a record of the server, or a merged version) to the
 * local record. NULL @fields: the server has none, so neither do we. */
static gboolean
answer_write_local (BansouStore         *store,
                    const char * const  *key,
                    JsonObject          *fields,
                    GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();
  const char *status, *done_on, *note, *evidence;

  if (fields == NULL)
    {
      stmt = _bansou_store_prepare (store, "DELETE FROM answers WHERE round = ?1 AND body = ?2 AND question = ?3",
                                    error);
      if (stmt == NULL)
        return FALSE;
      for (int i = 0; i < 3; i++)
        sqlite3_bind_text (stmt, i + 1, key[i], -1, SQLITE_TRANSIENT);
      return _bansou_store_step_done (store, stmt, error);
    }

  status = bansou_sync_payload_str (fields, "status");
  done_on = bansou_sync_payload_str (fields, "done_on");
  note = bansou_sync_payload_str (fields, "note");
  evidence = bansou_sync_payload_str (fields, "evidence");
  if (status != NULL && bansou_status_from_string (status) == BANSOU_N_STATUSES)
    return invalid (error, _("The merged answer has an unknown status"));
  if (done_on != NULL && !bansou_sync_is_date (done_on))
    return invalid (error, _("The merged answer’s date is not a date (use YYYY-MM-DD)"));
  if ((note && g_utf8_strlen (note, -1) > BANSOU_SYNC_MAX_TEXT) ||
      (evidence && g_utf8_strlen (evidence, -1) > BANSOU_SYNC_MAX_TEXT))
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
  sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key[1], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, key[2], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, done_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, note ? note : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, evidence ? evidence : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, now, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (store, stmt, error);
}

static gboolean
answer_enqueue (BansouStore         *store,
                const char * const  *key,
                GError             **error)
{
  return _bansou_outbox_add_answer (store, key[0], key[1], key[2], error);
}

static const BansouSyncKind answer_kind = {
  .type = "answer",
  .keys = { { "round", NULL }, { "body", NULL }, { "question", "round" } },
  .n_keys = 3,
  .parent = "round",
  .fields = answer_fields,
  .n_fields = G_N_ELEMENTS (answer_fields),
  .parse = answer_parse,
  .accept = edit_accept,
  .apply = answer_apply,
  .get_rev = answer_get_rev,
  .set_rev = answer_set_rev,
  .forget_revs = answer_forget_revs,
  .same = answer_same,
  .write_local = answer_write_local,
  .enqueue = answer_enqueue,
};

/* ------------------------------------------------------------------------ */
/* progress                                                                 */

static const BansouSyncField progress_fields[] = {
  { "state", N_("Progress"), BANSOU_SYNC_FIELD_PROGRESS },
  { "assignee", N_("Assignee"), BANSOU_SYNC_FIELD_LINE },
  { "due", N_("Due date"), BANSOU_SYNC_FIELD_DATE },
};

static gboolean
progress_parse (BansouSyncRecord  *record,
                JsonObject        *obj,
                GError           **error)
{
  Edit *e = g_new0 (Edit, 1);

  record->data = e;
  if (!bansou_sync_json_date (obj, "round", BANSOU_SYNC_JSON_REQUIRED, &e->round, error) ||
      !bansou_sync_json_str (obj, "body", BANSOU_SYNC_JSON_REQUIRED, 6, &e->body, error) ||
      !bansou_sync_json_str (obj, "state", BANSOU_SYNC_JSON_REQUIRED, 20, &e->state, error) ||
      !bansou_sync_json_str (obj, "assignee", BANSOU_SYNC_JSON_OPTIONAL, 200, &e->assignee, error) ||
      !bansou_sync_json_date (obj, "due", BANSOU_SYNC_JSON_OPTIONAL | BANSOU_SYNC_JSON_NULLABLE, &e->due, error))
    return FALSE;
  if (!edit_key (record, e, error))
    return FALSE;
  if (bansou_progress_from_string (e->state) == BANSOU_N_PROGRESS)
    return bansou_sync_protocol_error (error, _("unknown value of"), "state");
  return bansou_sync_json_str (obj, "updated_at", BANSOU_SYNC_JSON_OPTIONAL, 64, &e->updated_at, error) &&
         bansou_sync_json_str (obj, "updated_by", BANSOU_SYNC_JSON_OPTIONAL, 200, &e->updated_by, error);
}

static gboolean
progress_apply (BansouSyncContext  *ctx,
                BansouSyncRecord   *record,
                gboolean           *written,
                GError            **error)
{
  BansouStore *store = bansou_sync_context_get_store (ctx);
  Edit *e = record->data;
  sqlite3_stmt *s;

  s = bansou_sync_stmt (store,
                        "INSERT INTO progress (round, body, state, assignee, due, updated_by, updated_at, server_rev) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                        "ON CONFLICT (round, body) DO UPDATE SET state = excluded.state, "
                        "assignee = excluded.assignee, due = excluded.due, updated_by = excluded.updated_by, "
                        "updated_at = excluded.updated_at, server_rev = excluded.server_rev "
                        "WHERE progress.server_rev < excluded.server_rev", error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, e->round, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, e->body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 3, e->state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 4, e->assignee, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 5, e->due, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 6, e->updated_by, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 7, e->updated_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, 8, record->rev);
  if (!bansou_sync_stmt_done (store, s, error))
    return FALSE;
  return edit_written (ctx, record, written, error);
}

static gboolean
progress_get_rev (BansouStore         *store,
                  const char * const  *key,
                  gboolean            *exists,
                  gint64              *rev,
                  GError             **error)
{
  return bansou_sync_read_rev (store, "SELECT server_rev FROM progress WHERE round = ?1 AND body = ?2", key, 2, exists, rev,
                  error);
}

static gboolean
progress_set_rev (BansouStore         *store,
                  const char * const  *key,
                  gint64               rev,
                  GError             **error)
{
  return bansou_sync_note_rev (store, "UPDATE progress SET server_rev = ?4 WHERE round = ?1 AND body = ?2", key, 2, rev, error);
}

static gboolean
progress_forget_revs (BansouStore  *store,
                      GError      **error)
{
  return bansou_store_exec (store, "UPDATE progress SET server_rev = 0 WHERE server_rev <> 0;", error);
}

static gboolean
progress_same (JsonObject             *mine,
               const BansouSyncRecord *record)
{
  const Edit *e = record->data;

  return g_strcmp0 (bansou_sync_payload_str (mine, "state"), e->state) == 0 &&
         bansou_sync_same_text (bansou_sync_payload_str (mine, "assignee"), e->assignee) &&
         g_strcmp0 (bansou_sync_payload_str (mine, "due"), e->due) == 0;
}

static gboolean
progress_write_local (BansouStore         *store,
                      const char * const  *key,
                      JsonObject          *fields,
                      GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();
  const char *state, *assignee, *due;

  if (fields == NULL)
    {
      stmt = _bansou_store_prepare (store, "DELETE FROM progress WHERE round = ?1 AND body = ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, key[1], -1, SQLITE_TRANSIENT);
      return _bansou_store_step_done (store, stmt, error);
    }

  state = bansou_sync_payload_str (fields, "state");
  assignee = bansou_sync_payload_str (fields, "assignee");
  due = bansou_sync_payload_str (fields, "due");
  if (bansou_progress_from_string (state) == BANSOU_N_PROGRESS)
    return invalid (error, _("The merged progress has an unknown state"));
  if (due != NULL && !bansou_sync_is_date (due))
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
  sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key[1], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, assignee ? assignee : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, due, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (store, stmt, error);
}

static gboolean
progress_enqueue (BansouStore         *store,
                  const char * const  *key,
                  GError             **error)
{
  return _bansou_outbox_add_progress (store, key[0], key[1], error);
}

static const BansouSyncKind progress_kind = {
  .type = "progress",
  .keys = { { "round", NULL }, { "body", NULL } },
  .n_keys = 2,
  .parent = "round",
  .fields = progress_fields,
  .n_fields = G_N_ELEMENTS (progress_fields),
  .parse = progress_parse,
  .accept = edit_accept,
  .apply = progress_apply,
  .get_rev = progress_get_rev,
  .set_rev = progress_set_rev,
  .forget_revs = progress_forget_revs,
  .same = progress_same,
  .write_local = progress_write_local,
  .enqueue = progress_enqueue,
};

static const BansouSyncKind round_kind = {
  .type = "round",
  .keys = { { "id", NULL } },
  .n_keys = 1,
  .list_path = "/rounds",
  .list_member = "rounds",
  .parse = round_parse,
  .apply = round_apply,
};

/* Every record of a demo round is fictional: the round itself, its
 * answers and its progress, all keyed by the round's id in k1. */
const char *
_bansou_survey_demo_outbox_condition (void)
{
  return "(outbox.type IN ('round', 'answer', 'progress') AND "
         "outbox.k1 IN (SELECT id FROM rounds WHERE demo = 1))";
}

void
_bansou_survey_register_sync_kinds (void)
{
  bansou_sync_register_kind (&round_kind);
  bansou_sync_register_kind (&answer_kind);
  bansou_sync_register_kind (&progress_kind);
}
