/* bansou-consult-kinds.c — the consultation desk's record kinds for sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * ticket: key (ticket), the payload its fields with its question ids
 *   ["1.2", …] and its pauses [{"started_at", "ended_at"}];
 * ticket_message: key (ticket, message), the payload {"kind", "author",
 *   "text", "created_at"}; append-only, so a message is never in conflict.
 * Both stay within the prefecture of the ticket's body (the server's
 * scope). The ticket's number (相談 N) is this workbench's own: a pulled
 * ticket takes the next free one here. Attachments stay on the
 * workbench that received them (docs/consult.md, "Sync and escalation").
 * Written by the desk (bansou-consult.c), which puts the record into the
 * outbox in the transaction of the edit, and by the pull.
 */
#define G_LOG_DOMAIN "bansou-consult"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-code.h"
#include "bansou-consult-incident.h"
#include "bansou-consult-kinds.h"
#include "bansou-consult-private.h"
#include "bansou-outbox.h"
#include "bansou-registry-kinds.h"
#include "bansou-store-sql.h"
#include "bansou-sync-kind.h"

#define TICKET_TYPE  "ticket"
#define MESSAGE_TYPE "ticket_message"
#define ENTITY       "consult_ticket"   /* the desk's audit entity */

/* ------------------------------------------------------------------------ */
/* The outbox                                                               */

#define TICKET_PAYLOAD \
  "json_object('body', t.body, 'channel', t.channel, 'category', t.category, 'priority', t.priority, " \
  "'state', t.state, 'held_from', t.held_from, 'subject', t.subject, 'description', t.description, " \
  "'assignee', t.assignee, 'received_at', t.received_at, 'first_response_at', t.first_response_at, " \
  "'resolved_at', t.resolved_at, 'closed_at', t.closed_at, " \
  "'incident', json(CASE WHEN t.incident THEN 'true' ELSE 'false' END), " \
  "'questions', json((SELECT json_group_array(question) FROM " \
  "  (SELECT question FROM consult_ticket_questions WHERE ticket = t.id ORDER BY question))), " \
  "'pauses', json((SELECT json_group_array(json_object('started_at', started_at, 'ended_at', ended_at)) FROM " \
  "  (SELECT started_at, ended_at FROM consult_pauses WHERE ticket = t.id ORDER BY started_at))), " \
  "'unauthorized', json(CASE WHEN (SELECT unauthorized FROM consult_incidents WHERE ticket = t.id) " \
  "  THEN 'true' ELSE 'false' END), " \
  "'checklist', json((SELECT json_group_array(json_object('item', item, 'state', state, 'done_at', done_at, " \
  "  'done_by', done_by)) FROM (SELECT item, state, done_at, done_by FROM consult_incident_items " \
  "  WHERE ticket = t.id ORDER BY item))))"

static gboolean
outbox_from (BansouStore  *store,
             const char   *sql,
             const char   *type,
             const char   *k1,
             const char   *k2,
             GError      **error)
{
  g_autoptr(BansouCachedStmt) stmt = _bansou_store_prepare_cached (store, sql, error);
  g_autofree char *payload = NULL;
  gint64 base_rev;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, k1, -1, SQLITE_TRANSIENT);
  if (k2 != NULL)
    sqlite3_bind_text (stmt, 2, k2, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;   /* nothing to send: the record is gone */
  if (rc != SQLITE_ROW)
    {
      _bansou_store_set_error (store, error, _("reading a consultation"));
      return FALSE;
    }
  payload = g_strdup (_bansou_column_text (stmt, 0));
  base_rev = sqlite3_column_int64 (stmt, 1);
  return bansou_outbox_put (store, type, k1, k2, NULL, payload, base_rev, error);
}

gboolean
_bansou_consult_outbox_ticket (BansouStore  *store,
                               const char   *ticket,
                               GError      **error)
{
  return outbox_from (store, "SELECT " TICKET_PAYLOAD ", t.server_rev FROM consult_tickets t WHERE t.id = ?1",
                      TICKET_TYPE, ticket, NULL, error);
}

gboolean
_bansou_consult_outbox_message (BansouStore  *store,
                                const char   *ticket,
                                const char   *message,
                                GError      **error)
{
  return outbox_from (store,
                      "SELECT json_object('kind', kind, 'author', author, 'text', text, 'created_at', created_at), 0 "
                      "FROM consult_messages WHERE ticket = ?1 AND id = ?2",
                      MESSAGE_TYPE, ticket, message, error);
}

/* ------------------------------------------------------------------------ */
/* Shared                                                                   */

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
one_of (const char         *value,
        const char * const *allowed)
{
  return value != NULL && g_strv_contains (allowed, value);
}

static gboolean
same_members (JsonObject             *mine,
              const BansouSyncRecord *record)
{
  JsonObject *theirs = json_node_get_object (record->node);
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init (&iter, mine);
  while (json_object_iter_next (&iter, &member, &value))
    {
      JsonNode *other = json_object_get_member (theirs, member);

      if (other == NULL)
        {
          if (!JSON_NODE_HOLDS_NULL (value))
            return FALSE;
        }
      else if (!json_node_equal (value, other))
        return FALSE;
    }
  return TRUE;
}

static gboolean
audit_pulled (BansouSyncContext       *ctx,
              const BansouSyncRecord  *record,
              const char              *updated_by,
              GError                 **error)
{
  g_autofree char *what = g_strdup_printf ("%s rev %" G_GINT64_FORMAT " by %s", record->kind->type, record->rev,
                                           updated_by ? updated_by : "");

  return bansou_sync_context_audit (ctx, ENTITY, record->key[0], "pulled", NULL, what, error);
}

/* ------------------------------------------------------------------------ */
/* ticket                                                                   */

static const char * const channels[] = { "phone", "mail", "counter", "visit", "online", NULL };
static const char * const categories[] = { "supply_chain", "incident", "policy", "technical", "cloud", "people",
                                           "other", NULL };
static const char * const priorities[] = { "low", "normal", "high", "critical", NULL };
static const char * const states[] = { "received", "in_progress", "on_hold", "answered", "closed", NULL };
static const char * const message_kinds[] = { "note", "reply", "inbound", NULL };

typedef struct
{
  const char *id;
  const char *body;
  const char *channel;
  const char *category;
  const char *priority;
  const char *state;
  const char *held_from;
  const char *subject;
  const char *description;
  const char *assignee;
  const char *received_at;
  const char *first_response_at;
  const char *resolved_at;
  const char *closed_at;
  gboolean    incident;
  JsonArray  *questions;
  JsonArray  *pauses;
  gboolean    unauthorized;
  JsonArray  *checklist;   /* nullable: a record from before the checklist synced */
  const char *updated_by;
} Ticket;

static const BansouSyncField ticket_fields[] = {
  { "subject", N_("Subject"), BANSOU_SYNC_FIELD_LINE },
  { "description", N_("Description"), BANSOU_SYNC_FIELD_TEXT },
  { "assignee", N_("Assignee"), BANSOU_SYNC_FIELD_LINE },
};

static gboolean
ticket_parse (BansouSyncRecord  *record,
              JsonObject        *obj,
              GError           **error)
{
  Ticket *t = g_new0 (Ticket, 1);
  const guint opt = BANSOU_SYNC_JSON_OPTIONAL | BANSOU_SYNC_JSON_NULLABLE;
  g_autofree char *prefecture = NULL;

  record->data = t;
  if (!bansou_sync_json_str (obj, "ticket", BANSOU_SYNC_JSON_REQUIRED, 36, &t->id, error) ||
      !bansou_sync_json_str (obj, "body", BANSOU_SYNC_JSON_REQUIRED, 6, &t->body, error) ||
      !bansou_sync_json_str (obj, "channel", BANSOU_SYNC_JSON_REQUIRED, 20, &t->channel, error) ||
      !bansou_sync_json_str (obj, "category", BANSOU_SYNC_JSON_REQUIRED, 20, &t->category, error) ||
      !bansou_sync_json_str (obj, "priority", BANSOU_SYNC_JSON_REQUIRED, 20, &t->priority, error) ||
      !bansou_sync_json_str (obj, "state", BANSOU_SYNC_JSON_REQUIRED, 20, &t->state, error) ||
      !bansou_sync_json_str (obj, "held_from", opt, 20, &t->held_from, error) ||
      !bansou_sync_json_str (obj, "subject", BANSOU_SYNC_JSON_REQUIRED, 200, &t->subject, error) ||
      !bansou_sync_json_str (obj, "description", BANSOU_SYNC_JSON_OPTIONAL, 20000, &t->description, error) ||
      !bansou_sync_json_str (obj, "assignee", BANSOU_SYNC_JSON_OPTIONAL, 200, &t->assignee, error) ||
      !bansou_sync_json_str (obj, "received_at", BANSOU_SYNC_JSON_REQUIRED, 40, &t->received_at, error) ||
      !bansou_sync_json_str (obj, "first_response_at", opt, 40, &t->first_response_at, error) ||
      !bansou_sync_json_str (obj, "resolved_at", opt, 40, &t->resolved_at, error) ||
      !bansou_sync_json_str (obj, "closed_at", opt, 40, &t->closed_at, error) ||
      !bansou_sync_json_bool (obj, "incident", &t->incident, error) ||
      !(t->questions = bansou_sync_json_array (obj, "questions", error)) ||
      !(t->pauses = bansou_sync_json_array (obj, "pauses", error)) ||
      !bansou_sync_json_str (obj, "updated_by", BANSOU_SYNC_JSON_OPTIONAL, 200, &t->updated_by, error))
    return FALSE;
  if (!g_uuid_string_is_valid (t->id))
    return bansou_sync_protocol_error (error, _("not a UUID:"), "ticket");
  if (!_bansou_registry_is_sync_code (t->body))
    return bansou_sync_protocol_error (error, _("not a body code:"), "body");
  if (!one_of (t->channel, channels))
    return bansou_sync_protocol_error (error, _("out of range:"), "channel");
  if (!one_of (t->category, categories))
    return bansou_sync_protocol_error (error, _("out of range:"), "category");
  if (!one_of (t->priority, priorities))
    return bansou_sync_protocol_error (error, _("out of range:"), "priority");
  if (!one_of (t->state, states) || (t->held_from != NULL && !one_of (t->held_from, states)))
    return bansou_sync_protocol_error (error, _("out of range:"), "state");
  if (*t->subject == '\0')
    return bansou_sync_protocol_error (error, _("out of range:"), "subject");
  for (guint i = 0; i < json_array_get_length (t->questions); i++)
    {
      JsonNode *q = json_array_get_element (t->questions, i);
      if (!JSON_NODE_HOLDS_VALUE (q) || json_node_get_value_type (q) != G_TYPE_STRING ||
          *json_node_get_string (q) == '\0' || strlen (json_node_get_string (q)) > 64)
        return bansou_sync_protocol_error (error, _("out of range:"), "questions");
    }
  for (guint i = 0; i < json_array_get_length (t->pauses); i++)
    {
      JsonNode *p = json_array_get_element (t->pauses, i);
      const char *s, *e;
      if (!JSON_NODE_HOLDS_OBJECT (p) ||
          !bansou_sync_json_str (json_node_get_object (p), "started_at", BANSOU_SYNC_JSON_REQUIRED, 40, &s, error) ||
          !bansou_sync_json_str (json_node_get_object (p), "ended_at", opt, 40, &e, error))
        return bansou_sync_protocol_error (error, _("out of range:"), "pauses");
    }

  /* 重大インシデント checklist (bansou-consult-incident.c); absent from older records */
  if (json_object_get_member (obj, "checklist") != NULL && !json_object_get_null_member (obj, "checklist"))
    {
      if (!(t->checklist = bansou_sync_json_array (obj, "checklist", error)))
        return FALSE;
      if (json_object_get_member (obj, "unauthorized") != NULL &&
          !bansou_sync_json_bool (obj, "unauthorized", &t->unauthorized, error))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (t->checklist); i++)
        {
          JsonNode *c = json_array_get_element (t->checklist, i);
          const char *item, *state, *at, *by;
          if (!JSON_NODE_HOLDS_OBJECT (c) ||
              !bansou_sync_json_str (json_node_get_object (c), "item", BANSOU_SYNC_JSON_REQUIRED, 32, &item, error) ||
              !bansou_sync_json_str (json_node_get_object (c), "state", BANSOU_SYNC_JSON_REQUIRED, 8, &state, error) ||
              !bansou_sync_json_str (json_node_get_object (c), "done_at", BANSOU_SYNC_JSON_REQUIRED, 40, &at, error) ||
              !bansou_sync_json_str (json_node_get_object (c), "done_by", opt, 200, &by, error) ||
              !one_of (item, bansou_consult_incident_get_items ()) ||
              (g_strcmp0 (state, "done") != 0 && g_strcmp0 (state, "na") != 0))
            return bansou_sync_protocol_error (error, _("out of range:"), "checklist");
        }
    }

  record->key[0] = t->id;
  prefecture = bansou_code_prefecture_digits (t->body);
  g_strlcpy (record->scope, prefecture ? prefecture : "", sizeof record->scope);
  return TRUE;
}

static gboolean
ticket_accept (BansouSyncContext  *ctx,
               BansouSyncRecord   *record,
               gboolean           *keep,
               GError            **error)
{
  Ticket *t = record->data;
  gboolean has;

  if (!_bansou_registry_sync_has_body (ctx, t->body, &has, error))
    return FALSE;
  *keep = has;
  if (!has)
    {
      g_message ("Skipping ticket %s: no body %s in the registry here", t->id, t->body);
      return bansou_sync_context_audit (ctx, ENTITY, t->id, "sync-skipped", NULL,
                                        "no such body in the registry here", error);
    }
  return TRUE;
}

static gboolean
exec_bind (BansouStore  *store,
           const char   *sql,
           const char   *a,
           const char   *b,
           const char   *c,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_text (stmt, 3, c, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (store, stmt, error);
}

/* @server_rev < 0: a conflict's resolution, the local revision stays. */
static gboolean
store_ticket (BansouStore   *store,
              const Ticket  *t,
              gint64         server_rev,
              gboolean      *written,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) s = NULL;
  g_autofree char *now = bansou_now_iso ();

  s = _bansou_store_prepare (store,
                             "INSERT INTO consult_tickets (id, number, body, channel, category, priority, state, "
                             "held_from, subject, description, assignee, received_at, first_response_at, "
                             "resolved_at, closed_at, incident, created_at, updated_by, updated_at, server_rev) "
                             "VALUES (?1, (SELECT coalesce (max (number), 0) + 1 FROM consult_tickets), ?2, ?3, ?4, "
                             "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?16, max (?18, 0)) "
                             "ON CONFLICT (id) DO UPDATE SET body = excluded.body, channel = excluded.channel, "
                             "category = excluded.category, priority = excluded.priority, state = excluded.state, "
                             "held_from = excluded.held_from, subject = excluded.subject, "
                             "description = excluded.description, assignee = excluded.assignee, "
                             "received_at = excluded.received_at, first_response_at = excluded.first_response_at, "
                             "resolved_at = excluded.resolved_at, closed_at = excluded.closed_at, "
                             "incident = excluded.incident, updated_by = excluded.updated_by, "
                             "updated_at = excluded.updated_at, "
                             "server_rev = CASE WHEN ?18 < 0 THEN consult_tickets.server_rev "
                             "  ELSE excluded.server_rev END "
                             "WHERE ?18 < 0 OR consult_tickets.server_rev < excluded.server_rev", error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, t->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, t->body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 3, t->channel, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 4, t->category, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 5, t->priority, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 6, t->state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 7, t->held_from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 8, t->subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 9, t->description ? t->description : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 10, t->assignee ? t->assignee : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 11, t->received_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 12, t->first_response_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 13, t->resolved_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 14, t->closed_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (s, 15, t->incident ? 1 : 0);
  sqlite3_bind_text (s, 16, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 17, t->updated_by ? t->updated_by : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, 18, server_rev);
  if (!_bansou_store_step_done (store, s, error))
    return FALSE;
  *written = sqlite3_changes (_bansou_store_get_db (store)) != 0;
  if (!*written)
    return TRUE;

  if (!exec_bind (store, "DELETE FROM consult_ticket_questions WHERE ticket = ?1", t->id, NULL, NULL, error) ||
      !exec_bind (store, "DELETE FROM consult_pauses WHERE ticket = ?1", t->id, NULL, NULL, error))
    return FALSE;
  for (guint i = 0; t->questions != NULL && i < json_array_get_length (t->questions); i++)
    if (!exec_bind (store, "INSERT OR IGNORE INTO consult_ticket_questions (ticket, question) VALUES (?1, ?2)",
                    t->id, json_array_get_string_element (t->questions, i), NULL, error))
      return FALSE;
  if (!_bansou_consult_write_support (store, t->id, error))
    return FALSE;
  if (t->checklist != NULL)
    {
      if (!exec_bind (store, "DELETE FROM consult_incident_items WHERE ticket = ?1", t->id, NULL, NULL, error) ||
          !exec_bind (store, "INSERT INTO consult_incidents (ticket, unauthorized) VALUES (?1, ?2) "
                      "ON CONFLICT (ticket) DO UPDATE SET unauthorized = excluded.unauthorized",
                      t->id, t->unauthorized ? "1" : "0", NULL, error))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (t->checklist); i++)
        {
          JsonObject *c = json_array_get_object_element (t->checklist, i);
          g_autoptr(sqlite3_stmt) ins =
            _bansou_store_prepare (store, "INSERT OR REPLACE INTO consult_incident_items "
                                   "(ticket, item, state, done_at, done_by) VALUES (?1, ?2, ?3, ?4, ?5)", error);

          if (ins == NULL)
            return FALSE;
          sqlite3_bind_text (ins, 1, t->id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ins, 2, json_object_get_string_member (c, "item"), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ins, 3, json_object_get_string_member (c, "state"), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ins, 4, json_object_get_string_member (c, "done_at"), -1, SQLITE_TRANSIENT);
          JsonNode *by = json_object_get_member (c, "done_by");

          sqlite3_bind_text (ins, 5, by != NULL && JSON_NODE_HOLDS_VALUE (by) ? json_node_get_string (by) : "", -1,
                             SQLITE_TRANSIENT);
          if (!_bansou_store_step_done (store, ins, error))
            return FALSE;
        }
    }
  for (guint i = 0; t->pauses != NULL && i < json_array_get_length (t->pauses); i++)
    {
      JsonObject *p = json_array_get_object_element (t->pauses, i);
      const char *ended = json_object_get_member (p, "ended_at") && !json_object_get_null_member (p, "ended_at")
                          ? json_object_get_string_member (p, "ended_at") : NULL;

      if (!exec_bind (store, "INSERT OR IGNORE INTO consult_pauses (ticket, started_at, ended_at) VALUES (?1, ?2, ?3)",
                      t->id, json_object_get_string_member (p, "started_at"), ended, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
ticket_apply (BansouSyncContext  *ctx,
              BansouSyncRecord   *record,
              gboolean           *written,
              GError            **error)
{
  Ticket *t = record->data;

  if (!store_ticket (bansou_sync_context_get_store (ctx), t, record->rev, written, error))
    return FALSE;
  return !*written || audit_pulled (ctx, record, t->updated_by, error);
}

static gboolean
ticket_get_rev (BansouStore         *store,
                const char * const  *key,
                gboolean            *exists,
                gint64              *rev,
                GError             **error)
{
  return bansou_sync_read_rev (store, "SELECT server_rev FROM consult_tickets WHERE id = ?1", key, 1, exists, rev,
                               error);
}

static gboolean
ticket_set_rev (BansouStore         *store,
                const char * const  *key,
                gint64               rev,
                GError             **error)
{
  return bansou_sync_note_rev (store, "UPDATE consult_tickets SET server_rev = ?4 WHERE id = ?1", key, 1, rev, error);
}

static gboolean
ticket_forget_revs (BansouStore  *store,
                    GError      **error)
{
  return bansou_store_exec (store, "UPDATE consult_tickets SET server_rev = 0 WHERE server_rev <> 0;", error);
}

static gboolean
ticket_write_local (BansouStore         *store,
                    const char * const  *key,
                    JsonObject          *fields,
                    GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();
  const char *subject, *description, *assignee;

  if (fields == NULL)
    return exec_bind (store, "DELETE FROM consult_tickets WHERE id = ?1", key[0], NULL, NULL, error);

  if (json_object_has_member (fields, "rev"))
    {
      /* A whole record of the server: read it as the pull does. */
      BansouSyncRecord record = { 0 };
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(GError) local = NULL;
      gboolean written;
      gboolean ok;

      json_node_set_object (node, fields);
      record.node = node;
      ok = ticket_parse (&record, fields, &local) && store_ticket (store, record.data, -1, &written, &local);
      g_free (record.data);
      if (!ok)
        return invalid (error, _("The server’s version of the consultation cannot be kept here"));
      return TRUE;
    }

  subject = bansou_sync_payload_str (fields, "subject");
  description = bansou_sync_payload_str (fields, "description");
  assignee = bansou_sync_payload_str (fields, "assignee");
  if (bansou_str_is_blank (subject) || g_utf8_strlen (subject, -1) > 200 || strchr (subject, '\n') != NULL)
    return invalid (error, _("The merged consultation needs a subject of one line, at most 200 characters"));
  if ((description && g_utf8_strlen (description, -1) > 20000) || (assignee && g_utf8_strlen (assignee, -1) > 200))
    return invalid (error, _("The merged description or assignee is too long"));

  stmt = _bansou_store_prepare (store,
                                "UPDATE consult_tickets SET subject = ?2, description = ?3, assignee = ?4, "
                                "updated_by = ?5, updated_at = ?6 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, description ? description : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, assignee ? assignee : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (store, stmt, error);
}

static gboolean
ticket_enqueue (BansouStore         *store,
                const char * const  *key,
                GError             **error)
{
  return _bansou_consult_outbox_ticket (store, key[0], error);
}

static const BansouSyncKind ticket_kind = {
  .type = TICKET_TYPE,
  .keys = { { "ticket", NULL } },
  .n_keys = 1,
  .fields = ticket_fields,
  .n_fields = G_N_ELEMENTS (ticket_fields),
  .parse = ticket_parse,
  .accept = ticket_accept,
  .apply = ticket_apply,
  .get_rev = ticket_get_rev,
  .set_rev = ticket_set_rev,
  .forget_revs = ticket_forget_revs,
  .same = same_members,
  .write_local = ticket_write_local,
  .enqueue = ticket_enqueue,
};

/* ------------------------------------------------------------------------ */
/* ticket_message                                                           */

typedef struct
{
  const char *ticket;
  const char *id;
  const char *kind;
  const char *author;
  const char *text;
  const char *created_at;
} Message;

static const BansouSyncField message_fields[] = {
  { "text", N_("Message"), BANSOU_SYNC_FIELD_TEXT },
};

static gboolean
message_parse (BansouSyncRecord  *record,
               JsonObject        *obj,
               GError           **error)
{
  Message *m = g_new0 (Message, 1);

  record->data = m;
  if (!bansou_sync_json_str (obj, "ticket", BANSOU_SYNC_JSON_REQUIRED, 36, &m->ticket, error) ||
      !bansou_sync_json_str (obj, "message", BANSOU_SYNC_JSON_REQUIRED, 36, &m->id, error) ||
      !bansou_sync_json_str (obj, "kind", BANSOU_SYNC_JSON_REQUIRED, 20, &m->kind, error) ||
      !bansou_sync_json_str (obj, "author", BANSOU_SYNC_JSON_OPTIONAL, 200, &m->author, error) ||
      !bansou_sync_json_str (obj, "text", BANSOU_SYNC_JSON_REQUIRED, 20000, &m->text, error) ||
      !bansou_sync_json_str (obj, "created_at", BANSOU_SYNC_JSON_REQUIRED, 40, &m->created_at, error))
    return FALSE;
  if (!g_uuid_string_is_valid (m->ticket))
    return bansou_sync_protocol_error (error, _("not a UUID:"), "ticket");
  if (!g_uuid_string_is_valid (m->id))
    return bansou_sync_protocol_error (error, _("not a UUID:"), "message");
  if (!one_of (m->kind, message_kinds))
    return bansou_sync_protocol_error (error, _("out of range:"), "kind");
  record->key[0] = m->ticket;
  record->key[1] = m->id;
  record->scope[0] = '\0';   /* the server scopes it by its ticket */
  return TRUE;
}

/* A message of a ticket this workbench does not hold (its body is not in
 * the registry here) is skipped, with the reason in the audit trail. */
static gboolean
message_accept (BansouSyncContext  *ctx,
                BansouSyncRecord   *record,
                gboolean           *keep,
                GError            **error)
{
  Message *m = record->data;
  BansouStore *store = bansou_sync_context_get_store (ctx);
  sqlite3_stmt *s = bansou_sync_stmt (store, "SELECT 1 FROM consult_tickets WHERE id = ?1", error);
  int rc;

  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, m->ticket, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (s);
  sqlite3_reset (s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading a consultation"));
      return FALSE;
    }
  *keep = rc == SQLITE_ROW;
  if (!*keep)
    return bansou_sync_context_audit (ctx, ENTITY, m->ticket, "sync-skipped", NULL,
                                      "a message of a consultation not held here", error);
  return TRUE;
}

static gboolean
store_message (BansouStore    *store,
               const Message  *m,
               gboolean       *written,
               GError        **error)
{
  g_autoptr(sqlite3_stmt) s = NULL;

  s = _bansou_store_prepare (store,
                             "INSERT OR IGNORE INTO consult_messages (id, ticket, kind, author, text, created_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, m->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, m->ticket, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 3, m->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 4, m->author ? m->author : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 5, m->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 6, m->created_at, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, s, error))
    return FALSE;
  *written = sqlite3_changes (_bansou_store_get_db (store)) != 0;
  return TRUE;
}

static gboolean
message_apply (BansouSyncContext  *ctx,
               BansouSyncRecord   *record,
               gboolean           *written,
               GError            **error)
{
  Message *m = record->data;

  if (!store_message (bansou_sync_context_get_store (ctx), m, written, error))
    return FALSE;
  return !*written || audit_pulled (ctx, record, m->author, error);
}

/* Messages are append-only: the one on the server is the one sent, so
 * the revision that matters is whether it is there (consult_messages
 * keeps no server revision: a message is never sent twice). */
static gboolean
message_get_rev (BansouStore         *store,
                 const char * const  *key,
                 gboolean            *exists,
                 gint64              *rev,
                 GError             **error)
{
  return bansou_sync_read_rev (store, "SELECT 0 FROM consult_messages WHERE ticket = ?1 AND id = ?2", key, 2, exists,
                               rev, error);
}

static gboolean
message_set_rev (BansouStore         *store,
                 const char * const  *key,
                 gint64               rev,
                 GError             **error)
{
  return TRUE;
}

static gboolean
message_forget_revs (BansouStore  *store,
                     GError      **error)
{
  return TRUE;
}

static gboolean
message_write_local (BansouStore         *store,
                     const char * const  *key,
                     JsonObject          *fields,
                     GError             **error)
{
  if (fields == NULL)
    return exec_bind (store, "DELETE FROM consult_messages WHERE ticket = ?1 AND id = ?2", key[0], key[1], NULL,
                      error);
  if (json_object_has_member (fields, "rev"))
    {
      BansouSyncRecord record = { 0 };
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(GError) local = NULL;
      gboolean written;
      gboolean ok;

      json_node_set_object (node, fields);
      record.node = node;
      ok = message_parse (&record, fields, &local) && store_message (store, record.data, &written, &local);
      g_free (record.data);
      if (!ok)
        return invalid (error, _("The server’s version of the message cannot be kept here"));
      return TRUE;
    }
  return invalid (error, _("A message of a consultation is not changed once sent; add a new one"));
}

static gboolean
message_enqueue (BansouStore         *store,
                 const char * const  *key,
                 GError             **error)
{
  return _bansou_consult_outbox_message (store, key[0], key[1], error);
}

static const BansouSyncKind message_kind = {
  .type = MESSAGE_TYPE,
  .keys = { { "ticket", NULL }, { "message", "ticket" } },
  .n_keys = 2,
  .fields = message_fields,
  .n_fields = G_N_ELEMENTS (message_fields),
  .parse = message_parse,
  .accept = message_accept,
  .apply = message_apply,
  .get_rev = message_get_rev,
  .set_rev = message_set_rev,
  .forget_revs = message_forget_revs,
  .same = same_members,
  .write_local = message_write_local,
  .enqueue = message_enqueue,
};


/* ------------------------------------------------------------------------ */
/* article                                                                  */

#define ARTICLE_TYPE "article"

gboolean
_bansou_consult_outbox_article (BansouStore  *store,
                                const char   *article,
                                GError      **error)
{
  /* Drafts never leave the workbench. */
  return outbox_from (store,
                      "SELECT json_object('origin', origin, 'visibility', visibility, 'title', title, "
                      "'question', question, 'answer', answer, 'category', category), server_rev "
                      "FROM consult_articles WHERE id = ?1 AND visibility <> 'draft'",
                      ARTICLE_TYPE, article, NULL, error);
}

typedef struct
{
  const char *id;
  const char *origin;
  const char *visibility;
  const char *title;
  const char *question;
  const char *answer;
  const char *category;
  const char *updated_by;
} Article;

static const char * const visibilities[] = { "prefecture", "national", NULL };

static const BansouSyncField article_fields[] = {
  { "title", N_("Title"), BANSOU_SYNC_FIELD_LINE },
  { "question", N_("Question"), BANSOU_SYNC_FIELD_TEXT },
  { "answer", N_("Answer"), BANSOU_SYNC_FIELD_TEXT },
};

static gboolean
article_parse (BansouSyncRecord  *record,
               JsonObject        *obj,
               GError           **error)
{
  Article *a = g_new0 (Article, 1);

  record->data = a;
  if (!bansou_sync_json_str (obj, "article", BANSOU_SYNC_JSON_REQUIRED, 36, &a->id, error) ||
      !bansou_sync_json_str (obj, "origin", BANSOU_SYNC_JSON_REQUIRED, 2, &a->origin, error) ||
      !bansou_sync_json_str (obj, "visibility", BANSOU_SYNC_JSON_REQUIRED, 20, &a->visibility, error) ||
      !bansou_sync_json_str (obj, "title", BANSOU_SYNC_JSON_REQUIRED, 200, &a->title, error) ||
      !bansou_sync_json_str (obj, "question", BANSOU_SYNC_JSON_OPTIONAL, 20000, &a->question, error) ||
      !bansou_sync_json_str (obj, "answer", BANSOU_SYNC_JSON_REQUIRED, 20000, &a->answer, error) ||
      !bansou_sync_json_str (obj, "category", BANSOU_SYNC_JSON_REQUIRED, 20, &a->category, error) ||
      !bansou_sync_json_str (obj, "updated_by", BANSOU_SYNC_JSON_OPTIONAL, 200, &a->updated_by, error))
    return FALSE;
  if (!g_uuid_string_is_valid (a->id))
    return bansou_sync_protocol_error (error, _("not a UUID:"), "article");
  if (strlen (a->origin) != 2 || !g_ascii_isdigit (a->origin[0]) || !g_ascii_isdigit (a->origin[1]))
    return bansou_sync_protocol_error (error, _("out of range:"), "origin");
  if (!one_of (a->visibility, visibilities))
    return bansou_sync_protocol_error (error, _("out of range:"), "visibility");
  if (!one_of (a->category, categories))
    return bansou_sync_protocol_error (error, _("out of range:"), "category");
  record->key[0] = a->id;
  /* A national article (or the national desk's) is everyone's. */
  if (g_str_equal (a->visibility, "national") || g_str_equal (a->origin, "00"))
    record->scope[0] = '\0';
  else
    g_strlcpy (record->scope, a->origin, sizeof record->scope);
  return TRUE;
}

static gboolean
store_article (BansouStore    *store,
               const Article  *a,
               gint64          server_rev,
               gboolean       *written,
               GError        **error)
{
  g_autoptr(sqlite3_stmt) s = NULL;
  g_autofree char *now = bansou_now_iso ();

  s = _bansou_store_prepare (store,
                             "INSERT INTO consult_articles (id, title, question, answer, category, visibility, origin, "
                             "created_at, updated_by, updated_at, server_rev) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, max (?10, 0)) "
                             "ON CONFLICT (id) DO UPDATE SET title = excluded.title, question = excluded.question, "
                             "answer = excluded.answer, category = excluded.category, "
                             "visibility = excluded.visibility, updated_by = excluded.updated_by, "
                             "updated_at = excluded.updated_at, "
                             "server_rev = CASE WHEN ?10 < 0 THEN consult_articles.server_rev "
                             "  ELSE excluded.server_rev END "
                             "WHERE ?10 < 0 OR consult_articles.server_rev < excluded.server_rev", error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, a->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, a->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 3, a->question ? a->question : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 4, a->answer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 5, a->category, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 6, a->visibility, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 7, a->origin, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 8, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 9, a->updated_by ? a->updated_by : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, 10, server_rev);
  if (!_bansou_store_step_done (store, s, error))
    return FALSE;
  *written = sqlite3_changes (_bansou_store_get_db (store)) != 0;
  return TRUE;
}

static gboolean
article_apply (BansouSyncContext  *ctx,
               BansouSyncRecord   *record,
               gboolean           *written,
               GError            **error)
{
  Article *a = record->data;
  g_autofree char *what = NULL;

  if (!store_article (bansou_sync_context_get_store (ctx), a, record->rev, written, error))
    return FALSE;
  if (!*written)
    return TRUE;
  what = g_strdup_printf ("rev %" G_GINT64_FORMAT " by %s", record->rev, a->updated_by ? a->updated_by : "");
  return bansou_sync_context_audit (ctx, "consult_article", a->id, "pulled", NULL, what, error);
}

static gboolean
article_get_rev (BansouStore         *store,
                 const char * const  *key,
                 gboolean            *exists,
                 gint64              *rev,
                 GError             **error)
{
  return bansou_sync_read_rev (store, "SELECT server_rev FROM consult_articles WHERE id = ?1", key, 1, exists, rev,
                               error);
}

static gboolean
article_set_rev (BansouStore         *store,
                 const char * const  *key,
                 gint64               rev,
                 GError             **error)
{
  return bansou_sync_note_rev (store, "UPDATE consult_articles SET server_rev = ?4 WHERE id = ?1", key, 1, rev, error);
}

static gboolean
article_forget_revs (BansouStore  *store,
                     GError      **error)
{
  return bansou_store_exec (store, "UPDATE consult_articles SET server_rev = 0 WHERE server_rev <> 0;", error);
}

static gboolean
article_write_local (BansouStore         *store,
                     const char * const  *key,
                     JsonObject          *fields,
                     GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();
  const char *title, *question, *answer;

  if (fields == NULL)
    return exec_bind (store, "DELETE FROM consult_articles WHERE id = ?1", key[0], NULL, NULL, error);
  if (json_object_has_member (fields, "rev"))
    {
      BansouSyncRecord record = { 0 };
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(GError) local = NULL;
      gboolean written;
      gboolean ok;

      json_node_set_object (node, fields);
      record.node = node;
      ok = article_parse (&record, fields, &local) && store_article (store, record.data, -1, &written, &local);
      g_free (record.data);
      if (!ok)
        return invalid (error, _("The server’s version of the article cannot be kept here"));
      return TRUE;
    }
  title = bansou_sync_payload_str (fields, "title");
  question = bansou_sync_payload_str (fields, "question");
  answer = bansou_sync_payload_str (fields, "answer");
  if (bansou_str_is_blank (title) || g_utf8_strlen (title, -1) > 200 || bansou_str_is_blank (answer) ||
      g_utf8_strlen (answer, -1) > 20000 || (question && g_utf8_strlen (question, -1) > 20000))
    return invalid (error, _("The merged article needs a title of at most 200 characters and an answer"));
  stmt = _bansou_store_prepare (store,
                                "UPDATE consult_articles SET title = ?2, question = ?3, answer = ?4, updated_by = ?5, "
                                "updated_at = ?6 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, question ? question : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, answer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (store, stmt, error);
}

static gboolean
article_enqueue (BansouStore         *store,
                 const char * const  *key,
                 GError             **error)
{
  return _bansou_consult_outbox_article (store, key[0], error);
}

static const BansouSyncKind article_kind = {
  .type = ARTICLE_TYPE,
  .keys = { { "article", NULL } },
  .n_keys = 1,
  .fields = article_fields,
  .n_fields = G_N_ELEMENTS (article_fields),
  .parse = article_parse,
  .apply = article_apply,
  .get_rev = article_get_rev,
  .set_rev = article_set_rev,
  .forget_revs = article_forget_revs,
  .same = same_members,
  .write_local = article_write_local,
  .enqueue = article_enqueue,
  .national_writes = TRUE,
};

/* ------------------------------------------------------------------------ */

void
_bansou_consult_register_sync_kinds (void)
{
  bansou_sync_register_kind (&ticket_kind);
  bansou_sync_register_kind (&message_kind);
  bansou_sync_register_kind (&article_kind);
}
