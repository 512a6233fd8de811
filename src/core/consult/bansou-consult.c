/* bansou-consult.c — consultation tickets, their thread and attachments
 *
 * A ticket is a body's question to the prefecture's desk (report 3(1)イ):
 * 受付 → 対応中 → 回答済 → 完了, with 保留（先方待ち） pausing the SLAs.
 * Every change is one transaction with its audit lines; the thread's
 * messages and the attachments are kept with the ticket, attachments
 * with their SHA-256 and size and within the limits of bansou-consult.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-consult"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-consult-kinds.h"
#include "bansou-consult-private.h"
#include "bansou-store-sql.h"
#include "bansou-util.h"

G_DEFINE_FINAL_TYPE (BansouConsult, bansou_consult, G_TYPE_OBJECT)

typedef struct { const char *id; const char *label; } Named;

static const Named channels[BANSOU_N_CHANNELS] = {
  { "phone",   N_("Phone") },
  { "mail",    N_("Mail") },
  { "counter", N_("At the office") },
  { "visit",   N_("Visit") },
  { "online",  N_("Online") },
};

static const Named categories[BANSOU_N_TICKET_CATEGORIES] = {
  { "supply_chain", N_("Supply chain and procurement") },
  { "incident",     N_("Incident") },
  { "policy",       N_("Policies and rules") },
  { "technical",    N_("Technical") },
  { "cloud",        N_("Cloud") },
  { "people",       N_("People and training") },
  { "other",        N_("Other") },
};

static const Named priorities[BANSOU_N_PRIORITIES] = {
  { "low",      N_("Low") },
  { "normal",   N_("Normal") },
  { "high",     N_("High") },
  { "critical", N_("Critical") },
};

static const Named states[BANSOU_N_TICKET_STATES] = {
  { "received",    N_("Received") },
  { "in_progress", N_("In progress") },
  { "on_hold",     N_("On hold (waiting for the body)") },
  { "answered",    N_("Answer sent") },
  { "closed",      N_("Completed") },
};

static const Named message_kinds[BANSOU_N_MESSAGE_KINDS] = {
  { "note",    N_("Internal note") },
  { "reply",   N_("Reply") },
  { "inbound", N_("From the body") },
};

static const Named visibilities[BANSOU_N_VISIBILITIES] = {
  { "draft",      N_("Draft") },
  { "prefecture", N_("Within the prefecture") },
  { "national",   N_("Shared nationally") },
};

static guint
named_from_string (const Named *table,
                   guint        n,
                   const char  *text)
{
  for (guint i = 0; text != NULL && i < n; i++)
    if (g_str_equal (text, table[i].id) || g_str_equal (text, _(table[i].label)))
      return i;
  return n;
}

#define NAMED_FUNCS(prefix, Type, table, N)                            \
  const char *prefix##_to_string (Type v)                              \
  { g_return_val_if_fail ((guint) v < N, NULL); return table[v].id; }  \
  const char *prefix##_get_label (Type v)                              \
  { g_return_val_if_fail ((guint) v < N, NULL); return _(table[v].label); } \
  Type prefix##_from_string (const char *text)                         \
  { return named_from_string (table, N, text); }

NAMED_FUNCS (bansou_channel, BansouChannel, channels, BANSOU_N_CHANNELS)
NAMED_FUNCS (bansou_ticket_category, BansouTicketCategory, categories, BANSOU_N_TICKET_CATEGORIES)
NAMED_FUNCS (bansou_priority, BansouPriority, priorities, BANSOU_N_PRIORITIES)
NAMED_FUNCS (bansou_ticket_state, BansouTicketState, states, BANSOU_N_TICKET_STATES)
NAMED_FUNCS (bansou_visibility, BansouVisibility, visibilities, BANSOU_N_VISIBILITIES)

/* ------------------------------------------------------------------------ */

static void
bansou_consult_dispose (GObject *object)
{
  BansouConsult *self = BANSOU_CONSULT (object);

  g_clear_object (&self->registry);
  g_clear_object (&self->calendar);
  g_clear_object (&self->store);
  g_clear_pointer (&self->pii, bansou_pii_finder_free);
  G_OBJECT_CLASS (bansou_consult_parent_class)->dispose (object);
}

static void
bansou_consult_class_init (BansouConsultClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bansou_consult_dispose;
}

static void
bansou_consult_init (BansouConsult *self)
{
}

/**
 * bansou_consult_new:
 * @registry: the bodies tickets come from
 * @calendar: the government calendar the SLAs run on (with the
 *   prefecture's closed days)
 */
BansouConsult *
bansou_consult_new (BansouRegistry *registry,
                    BansouCalendar *calendar)
{
  BansouConsult *self;

  g_return_val_if_fail (BANSOU_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (BANSOU_IS_CALENDAR (calendar), NULL);

  self = g_object_new (BANSOU_TYPE_CONSULT, NULL);
  self->registry = g_object_ref (registry);
  self->calendar = g_object_ref (calendar);
  self->store = g_object_ref (bansou_registry_get_store (registry));
  return self;
}

BansouStore *
bansou_consult_get_store (BansouConsult *self)
{
  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);
  return self->store;
}

/* ------------------------------------------------------------------------ */

gboolean
_bansou_consult_invalid (GError     **error,
                         const char  *format,
                         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

/* Text a person typed: valid UTF-8, within @max characters, no control
 * characters but tab and newline (and no newline when @one_line). */
gboolean
_bansou_consult_check_text (const char  *text,
                            const char  *what,
                            guint        max,
                            gboolean     required,
                            gboolean     one_line,
                            GError     **error)
{
  if (text == NULL || bansou_str_is_blank (text))
    {
      if (required)
        return _bansou_consult_invalid (error, _("%s is empty."), what);
      return TRUE;
    }
  if (!g_utf8_validate (text, -1, NULL))
    return _bansou_consult_invalid (error, _("%s is not valid text."), what);
  if (g_utf8_strlen (text, -1) > (glong) max)
    return _bansou_consult_invalid (error, _("%s is longer than %u characters."), what, max);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f || (one_line && (c == '\n' || c == '\r')))
        return _bansou_consult_invalid (error, _("%s holds a control character."), what);
    }
  return TRUE;
}

/* @at: (nullable): an ISO 8601 instant, or NULL for now. Returns it in UTC. */
char *
_bansou_consult_check_instant (const char  *at,
                               GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (at == NULL || *at == '\0')
    return bansou_now_iso ();
  if (!(dt = g_date_time_new_from_iso8601 (at, NULL)))
    {
      _bansou_consult_invalid (error, _("“%s” is not a date and time (YYYY-MM-DDThh:mm:ss+09:00)."), at);
      return NULL;
    }
  utc = g_date_time_to_utc (dt);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? NULL : g_strdup (_bansou_column_text (stmt, col));
}

void
bansou_ticket_message_free (BansouTicketMessage *m)
{
  if (m == NULL)
    return;
  g_free (m->id);
  g_free (m->kind);
  g_free (m->author);
  g_free (m->text);
  g_free (m->created_at);
  g_free (m);
}

void
bansou_attachment_free (BansouAttachment *a)
{
  if (a == NULL)
    return;
  g_free (a->id);
  g_free (a->name);
  g_free (a->media_type);
  g_free (a->sha256);
  g_free (a->created_at);
  g_free (a);
}

void
bansou_ticket_free (BansouTicket *t)
{
  if (t == NULL)
    return;
  g_free (t->id);
  g_free (t->body);
  g_free (t->body_name);
  g_free (t->subject);
  g_free (t->description);
  g_free (t->assignee);
  g_free (t->received_at);
  g_free (t->first_response_at);
  g_free (t->resolved_at);
  g_free (t->closed_at);
  g_strfreev (t->questions);
  g_clear_pointer (&t->messages, g_ptr_array_unref);
  g_clear_pointer (&t->attachments, g_ptr_array_unref);
  g_clear_pointer (&t->pauses, g_ptr_array_unref);
  g_free (t);
}

/* One column list and one ticket_from_row() for the full and the brief
 * read: the brief one puts an expression yielding NULL in the place of
 * the description (sqlite reads a row's columns only as they are asked). */
#define TICKET_COLUMNS_WITH(description) \
  "t.id, t.number, t.body, coalesce (b.name, t.body), t.channel, t.category, t.priority, t.state, " \
  "t.subject, " description ", t.assignee, t.received_at, t.first_response_at, t.resolved_at, " \
  "t.closed_at, t.incident"
#define TICKET_COLUMNS TICKET_COLUMNS_WITH ("t.description")
#define TICKET_STATE_MATCHES \
  "(CASE WHEN ?2 = -2 THEN 1 WHEN ?2 < 0 THEN t.state <> 'closed' ELSE t.state = ?3 END)"

static BansouTicket *
ticket_from_row (sqlite3_stmt *stmt)
{
  BansouTicket *t = g_new0 (BansouTicket, 1);
  int c = 0;

  t->id = dup_column (stmt, c++);
  t->number = sqlite3_column_int64 (stmt, c++);
  t->body = dup_column (stmt, c++);
  t->body_name = dup_column (stmt, c++);
  t->channel = bansou_channel_from_string (_bansou_column_text (stmt, c++));
  t->category = bansou_ticket_category_from_string (_bansou_column_text (stmt, c++));
  t->priority = bansou_priority_from_string (_bansou_column_text (stmt, c++));
  t->state = bansou_ticket_state_from_string (_bansou_column_text (stmt, c++));
  t->subject = dup_column (stmt, c++);
  t->description = dup_column (stmt, c++);
  t->assignee = dup_column (stmt, c++);
  t->received_at = dup_column (stmt, c++);
  t->first_response_at = dup_column (stmt, c++);
  t->resolved_at = dup_column (stmt, c++);
  t->closed_at = dup_column (stmt, c++);
  t->incident = sqlite3_column_int (stmt, c++);
  t->pauses = g_ptr_array_new_with_free_func (g_free);
  return t;
}

static gboolean
load_pauses (BansouConsult *self,
             BansouTicket  *t,
             GError       **error)
{
  g_autoptr(BansouCachedStmt) stmt =
    _bansou_store_prepare_cached (self->store,
                                  "SELECT started_at, coalesce (ended_at, '') FROM consult_pauses"
                                  " WHERE ticket = ? ORDER BY started_at", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, t->id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (t->pauses, g_strdup (_bansou_column_text (stmt, 0)));
      g_ptr_array_add (t->pauses, g_strdup (_bansou_column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, "consult_pauses");
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_details (BansouConsult *self,
              BansouTicket  *t,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) q = NULL;
  g_autoptr(sqlite3_stmt) m = NULL;
  g_autoptr(sqlite3_stmt) a = NULL;
  g_autoptr(GStrvBuilder) questions = g_strv_builder_new ();

  q = _bansou_store_prepare (self->store,
                             "SELECT question FROM consult_ticket_questions WHERE ticket = ? ORDER BY question",
                             error);
  m = _bansou_store_prepare (self->store,
                             "SELECT id, kind, author, text, created_at FROM consult_messages"
                             " WHERE ticket = ? ORDER BY created_at, seq", error);
  a = _bansou_store_prepare (self->store,
                             "SELECT id, name, media_type, size, sha256, created_at FROM consult_attachments"
                             " WHERE ticket = ? ORDER BY created_at, name", error);
  if (q == NULL || m == NULL || a == NULL)
    return FALSE;

  sqlite3_bind_text (q, 1, t->id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (q) == SQLITE_ROW)
    g_strv_builder_add (questions, _bansou_column_text (q, 0));
  g_strfreev (t->questions);
  t->questions = g_strv_builder_end (questions);

  t->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_ticket_message_free);
  sqlite3_bind_text (m, 1, t->id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (m) == SQLITE_ROW)
    {
      BansouTicketMessage *msg = g_new0 (BansouTicketMessage, 1);
      msg->id = dup_column (m, 0);
      msg->kind = dup_column (m, 1);
      msg->author = dup_column (m, 2);
      msg->text = dup_column (m, 3);
      msg->created_at = dup_column (m, 4);
      g_ptr_array_add (t->messages, msg);
    }

  t->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_attachment_free);
  sqlite3_bind_text (a, 1, t->id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (a) == SQLITE_ROW)
    {
      BansouAttachment *att = g_new0 (BansouAttachment, 1);
      att->id = dup_column (a, 0);
      att->name = dup_column (a, 1);
      att->media_type = dup_column (a, 2);
      att->size = sqlite3_column_int64 (a, 3);
      att->sha256 = dup_column (a, 4);
      att->created_at = dup_column (a, 5);
      g_ptr_array_add (t->attachments, att);
    }
  return load_pauses (self, t, error);
}

static BansouTicket *
lookup_ticket (BansouConsult *self,
               const char    *id,
               gboolean       details,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(BansouTicket) t = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = _bansou_store_prepare (self->store,
                                "SELECT " TICKET_COLUMNS " FROM consult_tickets t"
                                " LEFT JOIN bodies b ON b.code = t.body WHERE t.id = ?1"
                                " OR (?1 <> '' AND ?1 NOT GLOB '*[^0-9]*' AND t.number = CAST (?1 AS INTEGER))"
                                " ORDER BY t.id <> ?1 LIMIT 1",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND,
                     _("There is no consultation “%s”."), id);
      else
        _bansou_store_set_error (self->store, error, "consult_tickets");
      return NULL;
    }
  t = ticket_from_row (stmt);
  if (details ? !load_details (self, t, error) : !load_pauses (self, t, error))
    return NULL;
  return g_steal_pointer (&t);
}

/**
 * bansou_consult_lookup:
 * @id: the ticket's id, or its number ("12")
 *
 * Returns: (transfer full): the ticket with its questions, thread,
 *   attachments and pauses
 */
BansouTicket *
bansou_consult_lookup (BansouConsult *self,
                       const char    *id,
                       GError       **error)
{
  return lookup_ticket (self, id, TRUE, error);
}

/**
 * bansou_consult_list:
 * @filter: (nullable): all open tickets when %NULL
 *
 * Returns: (transfer full) (element-type BansouTicket): newest first,
 *   without threads or attachments (their pauses are there for the SLA);
 *   without descriptions too when @filter is brief (the queue's read)
 */
GPtrArray *
bansou_consult_list (BansouConsult            *self,
                     const BansouTicketFilter *filter,
                     GError                  **error)
{
  static const BansouTicketFilter open_tickets = { NULL, -1, FALSE, 0, NULL };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_ticket_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(sqlite3_stmt) pauses = NULL;
  g_autoptr(GDateTime) now = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);
  if (filter == NULL)
    filter = &open_tickets;
  now = filter->now != NULL ? g_date_time_ref (filter->now) : g_date_time_new_now_utc ();

  stmt = _bansou_store_prepare (self->store,
                                "SELECT " TICKET_COLUMNS_WITH ("CASE WHEN ?4 THEN NULL ELSE t.description END")
                                " FROM consult_tickets t"
                                " LEFT JOIN bodies b ON b.code = t.body"
                                " WHERE (?1 IS NULL OR t.body = ?1)"
                                "   AND " TICKET_STATE_MATCHES
                                " ORDER BY t.received_at DESC, t.number DESC",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, filter->body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, filter->state);
  if (filter->state >= 0 && filter->state < BANSOU_N_TICKET_STATES)
    sqlite3_bind_text (stmt, 3, states[filter->state].id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, filter->brief);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouTicket *t = ticket_from_row (stmt);
      g_ptr_array_add (tickets, t);
      g_hash_table_insert (by_id, t->id, t);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, "consult_tickets");
      return NULL;
    }

  /* The listed tickets' pauses in one pass, not one query per ticket. */
  pauses = _bansou_store_prepare (self->store,
                                  "SELECT p.ticket, p.started_at, coalesce (p.ended_at, '') FROM consult_pauses p"
                                  " JOIN consult_tickets t ON t.id = p.ticket"
                                  " WHERE (?1 IS NULL OR t.body = ?1)"
                                  "   AND " TICKET_STATE_MATCHES
                                  " ORDER BY p.ticket, p.started_at", error);
  if (pauses == NULL)
    return NULL;
  sqlite3_bind_text (pauses, 1, filter->body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (pauses, 2, filter->state);
  if (filter->state >= 0 && filter->state < BANSOU_N_TICKET_STATES)
    sqlite3_bind_text (pauses, 3, states[filter->state].id, -1, SQLITE_STATIC);
  while (sqlite3_step (pauses) == SQLITE_ROW)
    {
      BansouTicket *t = g_hash_table_lookup (by_id, _bansou_column_text (pauses, 0));
      if (t == NULL)
        continue;
      g_ptr_array_add (t->pauses, g_strdup (_bansou_column_text (pauses, 1)));
      g_ptr_array_add (t->pauses, g_strdup (_bansou_column_text (pauses, 2)));
    }

  if (filter->overdue)
    {
      for (guint i = tickets->len; i-- > 0;)
        {
          BansouTicketSla sla;
          gboolean late;

          if (!bansou_consult_compute_sla (self, g_ptr_array_index (tickets, i), now, &sla, error))
            return NULL;
          late = sla.first_response.breached || sla.resolution.breached;
          bansou_ticket_sla_clear (&sla);
          if (!late)
            g_ptr_array_remove_index (tickets, i);
        }
    }
  if (filter->limit > 0 && tickets->len > filter->limit)
    g_ptr_array_set_size (tickets, filter->limit);
  return g_steal_pointer (&tickets);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  BansouConsult  *self;
  char           *id;
  const char     *body;
  BansouChannel   channel;
  BansouTicketCategory  category;
  BansouPriority  priority;
  const char     *subject;
  const char     *description;
  char           *received_at;
  char           *now;
} OpenOp;

static gboolean
open_cb (BansouStore  *store,
         gpointer      user_data,
         GError      **error)
{
  OpenOp *op = user_data;
  g_autoptr(sqlite3_stmt) num = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;
  g_autofree char *number_text = NULL;
  gint64 number;

  num = _bansou_store_prepare (store, "SELECT coalesce (max (number), 0) + 1 FROM consult_tickets", error);
  if (num == NULL || sqlite3_step (num) != SQLITE_ROW)
    {
      if (num != NULL)
        _bansou_store_set_error (store, error, "consult_tickets");
      return FALSE;
    }
  number = sqlite3_column_int64 (num, 0);

  ins = _bansou_store_prepare (store,
                               "INSERT INTO consult_tickets (id, number, body, channel, category, priority,"
                               " subject, description, received_at, created_at, updated_by, updated_at)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (ins == NULL)
    return FALSE;
  sqlite3_bind_text (ins, 1, op->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (ins, 2, number);
  sqlite3_bind_text (ins, 3, op->body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 4, channels[op->channel].id, -1, SQLITE_STATIC);
  sqlite3_bind_text (ins, 5, categories[op->category].id, -1, SQLITE_STATIC);
  sqlite3_bind_text (ins, 6, priorities[op->priority].id, -1, SQLITE_STATIC);
  sqlite3_bind_text (ins, 7, op->subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 8, op->description != NULL ? op->description : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 9, op->received_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 10, op->now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 11, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 12, op->now, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, ins, error))
    return FALSE;

  number_text = g_strdup_printf ("%" G_GINT64_FORMAT, number);
  return bansou_store_audit (store, "consult_ticket", op->id, "opened", NULL, number_text, error) &&
         _bansou_consult_outbox_ticket (store, op->id, error);
}

/**
 * bansou_consult_open:
 *
 * Opens a ticket (受付). The SLAs start at @received_at.
 *
 * Returns: (transfer full) (nullable): its id
 */
char *
bansou_consult_open (BansouConsult  *self,
                     const char     *body,
                     BansouChannel   channel,
                     BansouTicketCategory  category,
                     BansouPriority  priority,
                     const char     *subject,
                     const char     *description,
                     const char     *received_at,
                     GError        **error)
{
  g_autoptr(BansouBody) found = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *at = NULL;
  g_autofree char *now = bansou_now_iso ();
  OpenOp op = { 0 };

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);

  if (body == NULL || !(found = bansou_registry_lookup (self->registry, body, NULL)))
    {
      _bansou_consult_invalid (error, _("There is no body with the code “%s”."), body != NULL ? body : "");
      return NULL;
    }
  if (channel >= BANSOU_N_CHANNELS || category >= BANSOU_N_TICKET_CATEGORIES || priority >= BANSOU_N_PRIORITIES)
    {
      _bansou_consult_invalid (error, _("The channel, category or priority is not one Bansō knows."));
      return NULL;
    }
  if (!_bansou_consult_check_text (subject, _("The subject"), BANSOU_TICKET_MAX_SUBJECT, TRUE, TRUE, error) ||
      !_bansou_consult_check_text (description, _("The description"), BANSOU_TICKET_MAX_TEXT, FALSE, FALSE, error))
    return NULL;
  if (!(at = _bansou_consult_check_instant (received_at, error)))
    return NULL;

  op.self = self;
  op.id = id;
  op.body = bansou_body_get_code (found);
  op.channel = channel;
  op.category = category;
  op.priority = priority;
  op.subject = subject;
  op.description = description;
  op.received_at = at;
  op.now = now;
  if (!bansou_store_transaction (self->store, open_cb, &op, error))
    return NULL;
  return g_steal_pointer (&id);
}

/* ------------------------------------------------------------------------ */

static const char * const field_names[] = {
  "subject", "description", "assignee", "channel", "category", "priority", "incident", NULL
};

const char * const *
bansou_consult_get_fields (void)
{
  return field_names;
}

typedef struct
{
  const char *id;
  const char *column;
  const char *field;
  char       *old_value;
  const char *value;
} SetFieldOp;

static gboolean
set_field_cb (BansouStore  *store,
              gpointer      user_data,
              GError      **error)
{
  SetFieldOp *op = user_data;
  g_autoptr(sqlite3_stmt) old = NULL;
  g_autoptr(sqlite3_stmt) upd = NULL;
  g_autofree char *sql_old = g_strdup_printf ("SELECT %s FROM consult_tickets WHERE id = ?", op->column);
  g_autofree char *sql_upd = g_strdup_printf ("UPDATE consult_tickets SET %s = ?, updated_by = ?, updated_at = ?"
                                              " WHERE id = ?", op->column);
  g_autofree char *now = bansou_now_iso ();

  old = _bansou_store_prepare (store, sql_old, error);
  if (old == NULL)
    return FALSE;
  sqlite3_bind_text (old, 1, op->id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (old) != SQLITE_ROW)
    return _bansou_consult_invalid (error, _("There is no consultation “%s”."), op->id);
  op->old_value = g_strdup (_bansou_column_text (old, 0));
  if (g_strcmp0 (op->old_value, op->value) == 0)
    return TRUE;

  upd = _bansou_store_prepare (store, sql_upd, error);
  if (upd == NULL)
    return FALSE;
  sqlite3_bind_text (upd, 1, op->value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (upd, 2, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (upd, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (upd, 4, op->id, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, upd, error))
    return FALSE;
  return bansou_store_audit (store, "consult_ticket", op->id, op->field, op->old_value, op->value, error) &&
         _bansou_consult_outbox_ticket (store, op->id, error);
}

/**
 * bansou_consult_set_field:
 * @field: one of bansou_consult_get_fields()
 * @value: the text; for channel, category and priority an id or label;
 *   for incident "true" or "false"
 */
gboolean
bansou_consult_set_field (BansouConsult *self,
                          const char    *id,
                          const char    *field,
                          const char    *value,
                          GError       **error)
{
  g_autoptr(BansouTicket) t = NULL;
  const char *canonical = value;
  SetFieldOp op = { 0 };
  gboolean ok;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), FALSE);

  if (!(t = lookup_ticket (self, id, FALSE, error)))
    return FALSE;
  if (t->state == BANSOU_TICKET_CLOSED)
    return _bansou_consult_invalid (error, _("Consultation %d is closed: it cannot be changed."),
                                    (int) t->number);

  if (g_strcmp0 (field, "subject") == 0)
    ok = _bansou_consult_check_text (value, _("The subject"), BANSOU_TICKET_MAX_SUBJECT, TRUE, TRUE, error);
  else if (g_strcmp0 (field, "description") == 0)
    ok = _bansou_consult_check_text (value, _("The description"), BANSOU_TICKET_MAX_TEXT, FALSE, FALSE, error);
  else if (g_strcmp0 (field, "assignee") == 0)
    ok = _bansou_consult_check_text (value, _("The assignee"), 100, FALSE, TRUE, error);
  else if (g_strcmp0 (field, "channel") == 0)
    {
      BansouChannel c = bansou_channel_from_string (value);
      ok = c < BANSOU_N_CHANNELS || _bansou_consult_invalid (error, _("“%s” is not a channel."), value);
      canonical = ok ? channels[c].id : NULL;
    }
  else if (g_strcmp0 (field, "category") == 0)
    {
      BansouTicketCategory c = bansou_ticket_category_from_string (value);
      ok = c < BANSOU_N_TICKET_CATEGORIES || _bansou_consult_invalid (error, _("“%s” is not a category."), value);
      canonical = ok ? categories[c].id : NULL;
    }
  else if (g_strcmp0 (field, "priority") == 0)
    {
      BansouPriority p = bansou_priority_from_string (value);
      ok = p < BANSOU_N_PRIORITIES || _bansou_consult_invalid (error, _("“%s” is not a priority."), value);
      canonical = ok ? priorities[p].id : NULL;
    }
  else if (g_strcmp0 (field, "incident") == 0)
    {
      ok = g_strcmp0 (value, "true") == 0 || g_strcmp0 (value, "false") == 0 ||
           _bansou_consult_invalid (error, _("The incident mode is “true” or “false”."));
      canonical = g_strcmp0 (value, "true") == 0 ? "1" : "0";
    }
  else
    return _bansou_consult_invalid (error, _("A consultation has no field “%s”."), field != NULL ? field : "");
  if (!ok)
    return FALSE;

  op.id = t->id;
  op.column = field;   /* one of field_names[], each a column */
  op.field = field;
  op.value = canonical != NULL ? canonical : "";
  ok = bansou_store_transaction (self->store, set_field_cb, &op, error);
  g_free (op.old_value);
  return ok;
}

typedef struct
{
  const char  *id;
  GStrv        questions;
  char        *old_value;
  char        *new_value;
} SetQuestionsOp;

static gboolean
set_questions_cb (BansouStore  *store,
                  gpointer      user_data,
                  GError      **error)
{
  SetQuestionsOp *op = user_data;
  g_autoptr(sqlite3_stmt) del = _bansou_store_prepare (store, "DELETE FROM consult_ticket_questions WHERE ticket = ?",
                                                       error);
  g_autoptr(sqlite3_stmt) ins = NULL;

  if (del == NULL)
    return FALSE;
  sqlite3_bind_text (del, 1, op->id, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, del, error))
    return FALSE;
  ins = _bansou_store_prepare (store, "INSERT OR IGNORE INTO consult_ticket_questions (ticket, question) VALUES (?, ?)",
                               error);
  if (ins == NULL)
    return FALSE;
  for (guint i = 0; op->questions[i]; i++)
    {
      sqlite3_reset (ins);
      sqlite3_bind_text (ins, 1, op->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 2, op->questions[i], -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, ins, error))
        return FALSE;
    }
  return bansou_store_audit (store, "consult_ticket", op->id, "questions", op->old_value, op->new_value, error) &&
         _bansou_consult_write_support (store, op->id, error) &&
         _bansou_consult_outbox_ticket (store, op->id, error);
}

/**
 * bansou_consult_set_questions:
 * @questions: catalog question ids (checked by the caller against the
 *   catalog it shows; here only their form)
 */
gboolean
bansou_consult_set_questions (BansouConsult      *self,
                              const char         *id,
                              const char * const *questions,
                              GError            **error)
{
  g_autoptr(BansouTicket) t = NULL;
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  SetQuestionsOp op = { 0 };
  gboolean ok;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), FALSE);

  if (!(t = bansou_consult_lookup (self, id, error)))
    return FALSE;
  for (guint i = 0; questions != NULL && questions[i]; i++)
    {
      if (!_bansou_consult_check_text (questions[i], _("A question id"), 64, TRUE, TRUE, error))
        return FALSE;
      g_strv_builder_add (b, questions[i]);
    }
  op.id = t->id;
  op.questions = g_strv_builder_end (b);
  op.old_value = g_strjoinv (",", t->questions);
  op.new_value = g_strjoinv (",", op.questions);
  ok = bansou_store_transaction (self->store, set_questions_cb, &op, error);
  g_strfreev (op.questions);
  g_free (op.old_value);
  g_free (op.new_value);
  return ok;
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  BansouTicket      *t;
  BansouTicketState  to;
  const char        *at;
} StateOp;

static gboolean
exec_ticket (BansouStore  *store,
             const char   *sql,
             const char   *id,
             const char   *value,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_text (stmt, 3, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (store, stmt, error);
}

static gboolean
set_state_cb (BansouStore  *store,
              gpointer      user_data,
              GError      **error)
{
  StateOp *op = user_data;
  BansouTicketState from = op->t->state;
  const char *back = NULL;

  if (from == BANSOU_TICKET_ON_HOLD &&
      !exec_ticket (store, "UPDATE consult_pauses SET ended_at = ?2 WHERE ticket = ?1 AND ended_at IS NULL", op->t->id, op->at, error))
    return FALSE;
  if (op->to == BANSOU_TICKET_ON_HOLD &&
      !exec_ticket (store, "INSERT INTO consult_pauses (ticket, started_at) VALUES (?1, ?2)",
                    op->t->id, op->at, error))
    return FALSE;
  if (op->to == BANSOU_TICKET_ON_HOLD)
    back = states[from].id;

  if (!exec_ticket (store, "UPDATE consult_tickets SET held_from = NULLIF (?2, ''), updated_by = ?3,"
                    " updated_at = strftime ('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
                    op->t->id, back != NULL ? back : "", error))
    return FALSE;
  if (!exec_ticket (store, "UPDATE consult_tickets SET state = ?2, updated_by = ?3 WHERE id = ?1",
                    op->t->id, states[op->to].id, error))
    return FALSE;
  if (op->to == BANSOU_TICKET_ANSWERED &&
      !exec_ticket (store, "UPDATE consult_tickets SET resolved_at = ?2, updated_by = ?3 WHERE id = ?1",
                    op->t->id, op->at, error))
    return FALSE;
  if (op->to == BANSOU_TICKET_CLOSED &&
      !exec_ticket (store, "UPDATE consult_tickets SET closed_at = ?2, resolved_at = coalesce (resolved_at, ?2),"
                    " updated_by = ?3 WHERE id = ?1", op->t->id, op->at, error))
    return FALSE;
  if (op->to == BANSOU_TICKET_IN_PROGRESS && from == BANSOU_TICKET_ANSWERED &&
      !exec_ticket (store, "UPDATE consult_tickets SET resolved_at = NULL, updated_by = ?3 WHERE id = ?1", op->t->id, op->at, error))
    return FALSE;

  return bansou_store_audit (store, "consult_ticket", op->t->id, "state", states[from].id, states[op->to].id, error) &&
         _bansou_consult_outbox_ticket (store, op->t->id, error);
}

static gboolean
transition_allowed (BansouTicketState from,
                    BansouTicketState to)
{
  switch (to)
    {
    case BANSOU_TICKET_RECEIVED:
      return FALSE;
    case BANSOU_TICKET_IN_PROGRESS:
      return from == BANSOU_TICKET_RECEIVED || from == BANSOU_TICKET_ON_HOLD || from == BANSOU_TICKET_ANSWERED;
    case BANSOU_TICKET_ON_HOLD:
      return from == BANSOU_TICKET_RECEIVED || from == BANSOU_TICKET_IN_PROGRESS;
    case BANSOU_TICKET_ANSWERED:
      return from == BANSOU_TICKET_RECEIVED || from == BANSOU_TICKET_IN_PROGRESS;
    case BANSOU_TICKET_CLOSED:
      return from != BANSOU_TICKET_CLOSED;
    case BANSOU_N_TICKET_STATES:
    default:
      return FALSE;
    }
}

/**
 * bansou_consult_set_state:
 * @at: (nullable): when it happened; now when %NULL
 *
 * Moves a ticket along 受付 → 対応中 → 回答済 → 完了. 保留 is entered from
 * 受付 or 対応中 and left to 対応中; the time on hold does not count in
 * the SLAs. A closed ticket stays closed.
 */
gboolean
bansou_consult_set_state (BansouConsult     *self,
                          const char        *id,
                          BansouTicketState  state,
                          const char        *at,
                          GError           **error)
{
  g_autoptr(BansouTicket) t = NULL;
  g_autofree char *when = NULL;
  StateOp op;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), FALSE);

  if (!(t = lookup_ticket (self, id, FALSE, error)))
    return FALSE;
  if (state >= BANSOU_N_TICKET_STATES)
    return _bansou_consult_invalid (error, _("That is not a state of a consultation."));
  if (t->state == state)
    return TRUE;
  if (!transition_allowed (t->state, state))
    return _bansou_consult_invalid (error, _("Consultation %d cannot go from “%s” to “%s”."),
                                    (int) t->number, _(states[t->state].label), _(states[state].label));
  if (!(when = _bansou_consult_check_instant (at, error)))
    return FALSE;
  if (g_strcmp0 (when, t->received_at) < 0)
    return _bansou_consult_invalid (error, _("That is before the consultation was received."));

  op.t = t;
  op.to = state;
  op.at = when;
  return bansou_store_transaction (self->store, set_state_cb, &op, error);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  BansouTicket      *t;
  char              *mid;
  BansouMessageKind  kind;
  const char        *text;
  const char        *at;
} MessageOp;

static gboolean
add_message_cb (BansouStore  *store,
                gpointer      user_data,
                GError      **error)
{
  MessageOp *op = user_data;
  g_autoptr(sqlite3_stmt) ins = NULL;

  ins = _bansou_store_prepare (store,
                               "INSERT INTO consult_messages (id, ticket, kind, author, text, created_at)"
                               " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (ins == NULL)
    return FALSE;
  sqlite3_bind_text (ins, 1, op->mid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 2, op->t->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 3, message_kinds[op->kind].id, -1, SQLITE_STATIC);
  sqlite3_bind_text (ins, 4, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 5, op->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 6, op->at, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, ins, error))
    return FALSE;

  /* The first reply is the first response; a reply moves 受付 to 対応中. */
  if (op->kind == BANSOU_MESSAGE_REPLY &&
      !exec_ticket (store, "UPDATE consult_tickets SET first_response_at = coalesce (first_response_at, ?2),"
                    " state = CASE state WHEN 'received' THEN 'in_progress' ELSE state END,"
                    " updated_by = ?3 WHERE id = ?1", op->t->id, op->at, error))
    return FALSE;
  return bansou_store_audit (store, "consult_ticket", op->t->id, message_kinds[op->kind].id, NULL, op->mid, error) &&
         _bansou_consult_outbox_message (store, op->t->id, op->mid, error) &&
         (op->kind != BANSOU_MESSAGE_REPLY || _bansou_consult_outbox_ticket (store, op->t->id, error));
}

/**
 * bansou_consult_add_message:
 * @kind: an internal note, a reply to the body, or what the body said
 *
 * Adds to a ticket's thread. A closed ticket takes nothing more.
 *
 * Returns: (transfer full) (nullable): the message's id
 */
char *
bansou_consult_add_message (BansouConsult     *self,
                            const char        *id,
                            BansouMessageKind  kind,
                            const char        *text,
                            const char        *at,
                            GError           **error)
{
  g_autoptr(BansouTicket) t = NULL;
  g_autofree char *when = NULL;
  g_autofree char *mid = g_uuid_string_random ();
  MessageOp op;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);

  if (!(t = lookup_ticket (self, id, FALSE, error)))
    return NULL;
  if (t->state == BANSOU_TICKET_CLOSED)
    {
      _bansou_consult_invalid (error, _("Consultation %d is closed: open a new one to reply."),
                               (int) t->number);
      return NULL;
    }
  if (kind >= BANSOU_N_MESSAGE_KINDS)
    {
      _bansou_consult_invalid (error, _("That is not a kind of message."));
      return NULL;
    }
  if (!_bansou_consult_check_text (text, _("The message"), BANSOU_TICKET_MAX_TEXT, TRUE, FALSE, error))
    return NULL;
  if (!(when = _bansou_consult_check_instant (at, error)))
    return NULL;
  if (g_strcmp0 (when, t->received_at) < 0)
    {
      _bansou_consult_invalid (error, _("That is before the consultation was received."));
      return NULL;
    }

  op.t = t;
  op.mid = mid;
  op.kind = kind;
  op.text = text;
  op.at = when;
  if (!bansou_store_transaction (self->store, add_message_cb, &op, error))
    return NULL;
  return g_steal_pointer (&mid);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  BansouTicket *t;
  char         *aid;
  const char   *name;
  const char   *media_type;
  GBytes       *data;
  char         *sha256;
} AttachOp;

static gboolean
attach_cb (BansouStore  *store,
           gpointer      user_data,
           GError      **error)
{
  AttachOp *op = user_data;
  g_autoptr(sqlite3_stmt) sum = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;
  g_autofree char *now = bansou_now_iso ();
  g_autofree char *size_text = NULL;
  gsize size = g_bytes_get_size (op->data);

  /* The limits are checked inside the transaction: two adds at once
   * cannot pass them together. */
  sum = _bansou_store_prepare (store, "SELECT count (*), coalesce (sum (size), 0) FROM consult_attachments"
                                      " WHERE ticket = ?", error);
  if (sum == NULL)
    return FALSE;
  sqlite3_bind_text (sum, 1, op->t->id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (sum) != SQLITE_ROW)
    {
      _bansou_store_set_error (store, error, "consult_attachments");
      return FALSE;
    }
  if (sqlite3_column_int64 (sum, 0) >= BANSOU_ATTACHMENT_MAX_COUNT)
    return _bansou_consult_invalid (error, _("A consultation holds at most %d attachments."),
                                    BANSOU_ATTACHMENT_MAX_COUNT);
  if (sqlite3_column_int64 (sum, 1) + (gint64) size > BANSOU_ATTACHMENT_MAX_TOTAL)
    return _bansou_consult_invalid (error, _("The attachments of a consultation hold at most %d MB in all."),
                                    BANSOU_ATTACHMENT_MAX_TOTAL / (1024 * 1024));

  ins = _bansou_store_prepare (store, "INSERT INTO consult_attachments (id, ticket, name, media_type, size, sha256,"
                                      " data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (ins == NULL)
    return FALSE;
  sqlite3_bind_text (ins, 1, op->aid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 2, op->t->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 3, op->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 4, op->media_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (ins, 5, size);
  sqlite3_bind_text (ins, 6, op->sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (ins, 7, size > 0 ? g_bytes_get_data (op->data, NULL) : "", size, SQLITE_STATIC);
  sqlite3_bind_text (ins, 8, now, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, ins, error))
    return FALSE;
  size_text = g_strdup_printf ("%s %" G_GSIZE_FORMAT " sha256:%s", op->name, size, op->sha256);
  return bansou_store_audit (store, "consult_ticket", op->t->id, "attachment", NULL, size_text, error);
}

/**
 * bansou_consult_attach:
 * @name: the file's name as shown (no folders)
 * @media_type: (nullable): "application/pdf" …
 *
 * Keeps a file with a ticket, with its SHA-256 and size, within
 * %BANSOU_ATTACHMENT_MAX_SIZE a file, %BANSOU_ATTACHMENT_MAX_TOTAL and
 * %BANSOU_ATTACHMENT_MAX_COUNT a ticket.
 *
 * Returns: (transfer full) (nullable): the attachment's id
 */
char *
bansou_consult_attach (BansouConsult *self,
                       const char    *id,
                       const char    *name,
                       const char    *media_type,
                       GBytes        *data,
                       GError       **error)
{
  g_autoptr(BansouTicket) t = NULL;
  g_autofree char *aid = g_uuid_string_random ();
  g_autofree char *sha256 = NULL;
  AttachOp op;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  if (!(t = lookup_ticket (self, id, FALSE, error)))
    return NULL;
  if (t->state == BANSOU_TICKET_CLOSED)
    {
      _bansou_consult_invalid (error, _("Consultation %d is closed: it cannot be changed."),
                               (int) t->number);
      return NULL;
    }
  if (!_bansou_consult_check_text (name, _("The file name"), 255, TRUE, TRUE, error))
    return NULL;
  if (strchr (name, '/') != NULL || strchr (name, '\\') != NULL)
    {
      _bansou_consult_invalid (error, _("The file name “%s” holds a folder."), name);
      return NULL;
    }
  if (media_type != NULL && !_bansou_consult_check_text (media_type, _("The media type"), 127, FALSE, TRUE, error))
    return NULL;
  if (g_bytes_get_size (data) > BANSOU_ATTACHMENT_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (g_bytes_get_size (data));
      _bansou_consult_invalid (error, _("“%s” is %s: an attachment holds at most %d MB."), name, size,
                               BANSOU_ATTACHMENT_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  op.t = t;
  op.aid = aid;
  op.name = name;
  op.media_type = media_type != NULL && *media_type ? media_type : "application/octet-stream";
  op.data = data;
  op.sha256 = sha256;
  if (!bansou_store_transaction (self->store, attach_cb, &op, error))
    return NULL;
  return g_steal_pointer (&aid);
}

/**
 * bansou_consult_get_attachment:
 * @info: (out) (optional) (transfer full): its name, type, size and hash
 *
 * Returns: (transfer full) (nullable): the bytes; an error when they no
 *   longer match their SHA-256 (a damaged database)
 */
GBytes *
bansou_consult_get_attachment (BansouConsult     *self,
                               const char        *attachment,
                               BansouAttachment **info,
                               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sha256 = NULL;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);

  stmt = _bansou_store_prepare (self->store, "SELECT id, name, media_type, size, sha256, created_at, data"
                                             " FROM consult_attachments WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, attachment, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND, _("There is no such attachment."));
      return NULL;
    }
  bytes = g_bytes_new (sqlite3_column_blob (stmt, 6), sqlite3_column_bytes (stmt, 6));
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (g_strcmp0 (sha256, _bansou_column_text (stmt, 4)) != 0 ||
      (gint64) g_bytes_get_size (bytes) != sqlite3_column_int64 (stmt, 3))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CORRUPT,
                   _("The attachment “%s” is damaged: its contents no longer match its SHA-256."),
                   _bansou_column_text (stmt, 1));
      return NULL;
    }
  if (info != NULL)
    {
      BansouAttachment *a = g_new0 (BansouAttachment, 1);
      a->id = dup_column (stmt, 0);
      a->name = dup_column (stmt, 1);
      a->media_type = dup_column (stmt, 2);
      a->size = sqlite3_column_int64 (stmt, 3);
      a->sha256 = dup_column (stmt, 4);
      a->created_at = dup_column (stmt, 5);
      *info = a;
    }
  return g_steal_pointer (&bytes);
}

/* ------------------------------------------------------------------------ */

GPtrArray *
bansou_consult_find_personal_data (BansouConsult      *self,
                                   const char         *text,
                                   const BansouTicket *ticket,
                                   GError            **error)
{
  g_autoptr(GStrvBuilder) people = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);

  if (self->pii == NULL)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(GStrvBuilder) bodies = g_strv_builder_new ();
      g_auto(GStrv) body_names = NULL;

      stmt = _bansou_store_prepare (self->store, "SELECT DISTINCT name FROM bodies WHERE length (name) >= 2", error);
      if (stmt == NULL)
        return NULL;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (bodies, _bansou_column_text (stmt, 0));
      body_names = g_strv_builder_end (bodies);
      self->pii = bansou_pii_finder_new ((const char * const *) body_names);
    }

  if (ticket != NULL)
    {
      if (ticket->assignee != NULL && *ticket->assignee)
        g_strv_builder_add (people, ticket->assignee);
      for (guint i = 0; ticket->messages != NULL && i < ticket->messages->len; i++)
        {
          BansouTicketMessage *m = g_ptr_array_index (ticket->messages, i);
          if (m->author != NULL && *m->author)
            g_strv_builder_add (people, m->author);
        }
    }
  names = g_strv_builder_end (people);
  return bansou_pii_finder_find (self->pii, text, (const char * const *) names);
}
