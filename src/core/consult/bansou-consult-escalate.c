/* bansou-consult-escalate.c — escalations to the national 総合窓口
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A prefecture sends what it chose of a ticket (bansou-consult-escalate.h);
 * the national desk answers once; the answer becomes a note on the
 * ticket by 総合窓口, made once with an id derived from the escalation's,
 * so that every workbench of the prefecture makes the same note and the
 * server keeps one (report 3(1)ア b; docs/consult.md). The sync kinds
 * are at the end of this file:
 *   escalation: key (id), written by the prefecture that sent it;
 *   escalation_answer: key (id, the escalation's), written by the
 *     national desk only (national_writes).
 */
#define G_LOG_DOMAIN "bansou-consult"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-consult-escalate.h"
#include "bansou-consult-escalate-kinds.h"
#include "bansou-consult-kinds.h"
#include "bansou-consult-private.h"
#include "bansou-outbox.h"
#include "bansou-store-sql.h"
#include "bansou-sync-kind.h"
#include "bansou-util.h"

#define ESCALATION_TYPE "escalation"
#define ANSWER_TYPE     "escalation_answer"
#define ENTITY          "consult_escalation"
#define MAX_MESSAGES    20

static const char * const state_ids[BANSOU_N_ESCALATION_STATES] = { "waiting", "answered" };
static const char * const state_labels[BANSOU_N_ESCALATION_STATES] = { N_("Waiting for an answer"), N_("Answer received") };
static const char * const category_ids[] = { "supply_chain", "incident", "policy", "technical", "cloud", "people",
                                             "other", NULL };
static const char * const message_kind_ids[] = { "note", "reply", "inbound", NULL };

const char *
bansou_escalation_state_to_string (BansouEscalationState state)
{
  g_return_val_if_fail ((guint) state < BANSOU_N_ESCALATION_STATES, NULL);
  return state_ids[state];
}

const char *
bansou_escalation_state_get_label (BansouEscalationState state)
{
  g_return_val_if_fail ((guint) state < BANSOU_N_ESCALATION_STATES, NULL);
  return _(state_labels[state]);
}

const char *
bansou_ticket_escalation_get_label (BansouTicketEscalation escalation)
{
  switch (escalation)
    {
    case BANSOU_TICKET_ESCALATED:
      return _("Escalated to the national desk");
    case BANSOU_TICKET_ESCALATION_ANSWERED:
      return _("Answered by the national desk");
    case BANSOU_TICKET_NOT_ESCALATED:
    default:
      return "";
    }
}

/* ------------------------------------------------------------------------ */
/* Freeing                                                                  */

static void
escalation_message_free (BansouEscalationMessage *m)
{
  if (m == NULL)
    return;
  g_free (m->kind);
  g_free (m->text);
  g_free (m->created_at);
  g_free (m);
}

void
bansou_escalation_free (BansouEscalation *e)
{
  if (e == NULL)
    return;
  g_free (e->id);
  g_free (e->ticket);
  g_free (e->prefecture);
  g_free (e->subject);
  g_free (e->text);
  g_strfreev (e->questions);
  g_free (e->body_name);
  g_clear_pointer (&e->messages, g_ptr_array_unref);
  g_free (e->sent_by);
  g_free (e->sent_at);
  g_free (e->received_at);
  g_free (e->answer);
  g_free (e->answered_by);
  g_free (e->answered_at);
  g_free (e);
}

void
bansou_escalation_draft_free (BansouEscalationDraft *d)
{
  if (d == NULL)
    return;
  g_free (d->ticket);
  g_free (d->subject);
  g_free (d->text);
  g_strfreev (d->messages);
  g_free (d);
}

void
bansou_escalation_finding_free (BansouEscalationFinding *f)
{
  if (f == NULL)
    return;
  g_free (f->part);
  g_free (f->message);
  bansou_pii_match_free (f->match);
  g_free (f);
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

/* The workbench's prefecture ("34", "00" for the national desk), or NULL. */
static char *
own_prefecture (BansouConsult *self)
{
  g_autofree char *setting = bansou_store_get_setting (self->store, "prefecture");
  const char *calendar = bansou_calendar_get_prefecture (self->calendar);

  if (setting != NULL && strlen (setting) == 2 && g_ascii_isdigit (setting[0]) && g_ascii_isdigit (setting[1]))
    return g_steal_pointer (&setting);
  return calendar != NULL ? g_strdup (calendar) : NULL;
}

gboolean
bansou_consult_is_national_desk (BansouConsult *self)
{
  g_autofree char *mine = NULL;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), FALSE);
  mine = own_prefecture (self);
  return g_strcmp0 (mine, BANSOU_SCOPE_NATIONAL) == 0;
}

/* The note an answer becomes: a UUID made from the escalation's, the same
 * on every workbench of the prefecture. */
char *
_bansou_consult_answer_message_id (const char *escalation)
{
  g_autofree char *seed = g_strconcat ("bansou escalation answer ", escalation, NULL);
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);

  hex[12] = '5';                                 /* version 5: name-based */
  hex[16] = "89ab"[g_ascii_xdigit_value (hex[16]) & 3];   /* the RFC 4122 variant */
  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

static const BansouTicketMessage *
find_message (const BansouTicket *t,
              const char         *id)
{
  for (guint i = 0; t->messages != NULL && i < t->messages->len; i++)
    {
      const BansouTicketMessage *m = g_ptr_array_index (t->messages, i);

      if (g_str_equal (m->id, id))
        return m;
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Drafts and their personal data                                           */

BansouEscalationDraft *
bansou_consult_escalation_draft_new (BansouConsult *self,
                                     const char    *ticket,
                                     GError       **error)
{
  g_autoptr(BansouTicket) t = NULL;
  BansouEscalationDraft *d;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);
  g_return_val_if_fail (ticket != NULL, NULL);

  if (!(t = bansou_consult_lookup (self, ticket, error)))
    return NULL;
  d = g_new0 (BansouEscalationDraft, 1);
  d->ticket = g_strdup (t->id);
  d->subject = g_strdup (t->subject);
  d->text = g_strdup (t->description);
  d->send_category = TRUE;
  d->send_questions = TRUE;
  d->send_body = FALSE;
  d->messages = NULL;
  return d;
}

static void
add_findings (GPtrArray  *out,
              GPtrArray  *matches,
              const char *part,
              const char *message)
{
  for (guint i = 0; i < matches->len; i++)
    {
      BansouEscalationFinding *f = g_new0 (BansouEscalationFinding, 1);

      f->part = g_strdup (part);
      f->message = g_strdup (message);
      f->match = g_ptr_array_steal_index (matches, i--);
      g_ptr_array_add (out, f);
    }
}

/* The ticket of @draft, checked: its messages are the ticket's. */
static BansouTicket *
draft_ticket (BansouConsult               *self,
              const BansouEscalationDraft *draft,
              GError                     **error)
{
  g_autoptr(BansouTicket) t = NULL;

  if (draft->ticket == NULL)
    {
      _bansou_consult_invalid (error, _("Choose the consultation to escalate."));
      return NULL;
    }
  if (!(t = bansou_consult_lookup (self, draft->ticket, error)))
    return NULL;
  for (guint i = 0; draft->messages != NULL && draft->messages[i] != NULL; i++)
    if (find_message (t, draft->messages[i]) == NULL)
      {
        _bansou_consult_invalid (error, _("That message is not in the thread of consultation %d."),
                                 (int) t->number);
        return NULL;
      }
  if (draft->messages != NULL && g_strv_length (draft->messages) > MAX_MESSAGES)
    {
      _bansou_consult_invalid (error, _("At most %d messages of the thread can be sent."), MAX_MESSAGES);
      return NULL;
    }
  return g_steal_pointer (&t);
}

static GPtrArray *
find_in_draft (BansouConsult               *self,
               const BansouEscalationDraft *draft,
               const BansouTicket          *t,
               GError                     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_escalation_finding_free);
  struct { const char *part; const char *text; } parts[] = {
    { "subject", draft->subject },
    { "text", draft->text },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autoptr(GPtrArray) found = NULL;

      if (parts[i].text == NULL || *parts[i].text == '\0')
        continue;
      if (!(found = bansou_consult_find_personal_data (self, parts[i].text, t, error)))
        return NULL;
      add_findings (out, found, parts[i].part, NULL);
    }
  if (draft->send_body && t->body_name != NULL && *t->body_name)
    {
      BansouEscalationFinding *f = g_new0 (BansouEscalationFinding, 1);

      f->part = g_strdup ("body_name");
      f->match = g_new0 (BansouPiiMatch, 1);
      f->match->kind = BANSOU_PII_BODY;
      f->match->start = 0;
      f->match->end = strlen (t->body_name);
      f->match->text = g_strdup (t->body_name);
      g_ptr_array_add (out, f);
    }
  for (guint i = 0; draft->messages != NULL && draft->messages[i] != NULL; i++)
    {
      const BansouTicketMessage *m = find_message (t, draft->messages[i]);
      g_autoptr(GPtrArray) found = NULL;

      if (m == NULL)
        continue;   /* draft_ticket() has refused it */
      if (!(found = bansou_consult_find_personal_data (self, m->text, t, error)))
        return NULL;
      add_findings (out, found, "message", m->id);
    }
  return g_steal_pointer (&out);
}

GPtrArray *
bansou_consult_escalation_find_personal_data (BansouConsult               *self,
                                              const BansouEscalationDraft *draft,
                                              GError                     **error)
{
  g_autoptr(BansouTicket) t = NULL;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);
  g_return_val_if_fail (draft != NULL, NULL);

  if (!(t = draft_ticket (self, draft, error)))
    return NULL;
  return find_in_draft (self, draft, t, error);
}

char *
bansou_escalation_findings_describe (GPtrArray *findings)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (findings != NULL, NULL);
  for (guint i = 0; i < findings->len; i++)
    {
      const BansouEscalationFinding *f = g_ptr_array_index (findings, i);
      const char *part;

      if (g_str_equal (f->part, "subject"))
        part = _("Subject");
      else if (g_str_equal (f->part, "text"))
        part = _("Text");
      else if (g_str_equal (f->part, "body_name"))
        part = _("Body");
      else
        part = _("Message");
      if (i > 0)
        g_string_append (out, _(", "));
      /* TRANSLATORS: where, what kind of personal data, the text found */
      g_string_append_printf (out, _("%s: %s “%s”"), part, bansou_pii_kind_get_label (f->match->kind),
                              f->match->text);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------ */
/* Escalating                                                               */

#define ESCALATION_PAYLOAD \
  "json_object('prefecture', prefecture, 'ticket', ticket, 'subject', subject, 'text', text, " \
  "'category', category, 'questions', json(questions), 'body_name', body_name, 'messages', json(messages), " \
  "'sent_at', sent_at)"

gboolean
_bansou_consult_outbox_escalation (BansouStore  *store,
                                   const char   *id,
                                   GError      **error)
{
  g_autoptr(BansouCachedStmt) stmt =
    _bansou_store_prepare_cached (store, "SELECT " ESCALATION_PAYLOAD ", server_rev FROM consult_escalations "
                                  "WHERE id = ?1", error);
  g_autofree char *payload = NULL;
  gint64 rev;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  payload = g_strdup (_bansou_column_text (stmt, 0));
  rev = sqlite3_column_int64 (stmt, 1);
  g_clear_pointer (&stmt, _bansou_cached_stmt_reset);
  return bansou_outbox_put (store, ESCALATION_TYPE, id, NULL, NULL, payload, rev, error);
}

gboolean
_bansou_consult_outbox_answer (BansouStore  *store,
                               const char   *id,
                               GError      **error)
{
  g_autoptr(BansouCachedStmt) stmt =
    _bansou_store_prepare_cached (store, "SELECT json_object('prefecture', prefecture, 'text', answer, "
                                  "'answered_by', answered_by, 'answered_at', answered_at), answer_rev "
                                  "FROM consult_escalations WHERE id = ?1 AND answer IS NOT NULL", error);
  g_autofree char *payload = NULL;
  gint64 rev;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  payload = g_strdup (_bansou_column_text (stmt, 0));
  rev = sqlite3_column_int64 (stmt, 1);
  g_clear_pointer (&stmt, _bansou_cached_stmt_reset);
  return bansou_outbox_put (store, ANSWER_TYPE, id, NULL, NULL, payload, rev, error);
}

typedef struct
{
  const char         *id;
  const char         *prefecture;
  const BansouTicket *t;
  const BansouEscalationDraft *draft;
  const char         *now;
} EscalateOp;

static gboolean
escalate_cb (BansouStore  *store,
             gpointer      user_data,
             GError      **error)
{
  EscalateOp *op = user_data;
  const BansouEscalationDraft *d = op->draft;
  g_autoptr(sqlite3_stmt) ins = NULL;
  g_autoptr(JsonBuilder) mb = json_builder_new ();
  g_autoptr(JsonNode) messages = NULL;
  g_autofree char *messages_json = NULL;
  g_autofree char *questions_json = NULL;

  json_builder_begin_array (mb);
  /* In the thread's order, whatever the order chosen. */
  for (guint i = 0; op->t->messages != NULL && i < op->t->messages->len; i++)
    {
      const BansouTicketMessage *m = g_ptr_array_index (op->t->messages, i);

      if (d->messages == NULL || !g_strv_contains ((const char * const *) d->messages, m->id))
        continue;
      json_builder_begin_object (mb);
      json_builder_set_member_name (mb, "kind");
      json_builder_add_string_value (mb, m->kind);
      json_builder_set_member_name (mb, "text");
      json_builder_add_string_value (mb, m->text);
      json_builder_set_member_name (mb, "created_at");
      json_builder_add_string_value (mb, m->created_at);
      json_builder_end_object (mb);
    }
  json_builder_end_array (mb);
  messages = json_builder_get_root (mb);
  messages_json = json_to_string (messages, FALSE);

  if (d->send_questions)
    {
      g_autoptr(JsonBuilder) qb = json_builder_new ();
      g_autoptr(JsonNode) q = NULL;

      json_builder_begin_array (qb);
      for (guint i = 0; op->t->questions != NULL && op->t->questions[i] != NULL; i++)
        json_builder_add_string_value (qb, op->t->questions[i]);
      json_builder_end_array (qb);
      q = json_builder_get_root (qb);
      questions_json = json_to_string (q, FALSE);
    }

  ins = _bansou_store_prepare (store,
                               "INSERT INTO consult_escalations (id, ticket, prefecture, subject, text, category, "
                               "questions, body_name, messages, sent_by, sent_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  if (ins == NULL)
    return FALSE;
  sqlite3_bind_text (ins, 1, op->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 2, op->t->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 3, op->prefecture, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 4, d->subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 5, d->text != NULL && *d->text ? d->text : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 6, d->send_category ? bansou_ticket_category_to_string (op->t->category) : NULL, -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (ins, 7, questions_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 8, d->send_body && op->t->body_name ? op->t->body_name : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 9, messages_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 10, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 11, op->now, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, ins, error))
    return FALSE;
  return bansou_store_audit (store, "consult_ticket", op->t->id, "escalated", NULL, op->id, error) &&
         bansou_store_audit (store, ENTITY, op->id, "sent", NULL, d->subject, error) &&
         _bansou_consult_outbox_escalation (store, op->id, error);
}

char *
bansou_consult_escalate (BansouConsult               *self,
                         const BansouEscalationDraft *draft,
                         gboolean                     allow_personal_data,
                         GError                     **error)
{
  g_autoptr(BansouTicket) t = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *prefecture = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = bansou_now_iso ();
  EscalateOp op;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);
  g_return_val_if_fail (draft != NULL, NULL);

  prefecture = own_prefecture (self);
  if (g_strcmp0 (prefecture, BANSOU_SCOPE_NATIONAL) == 0)
    {
      _bansou_consult_invalid (error, _("This is the national desk: it answers escalations and sends none."));
      return NULL;
    }
  if (prefecture == NULL)
    {
      _bansou_consult_invalid (error, _("Set this workbench’s prefecture before escalating to the national desk."));
      return NULL;
    }
  if (!_bansou_consult_check_text (draft->subject, _("The subject"), BANSOU_TICKET_MAX_SUBJECT, TRUE, TRUE, error) ||
      !_bansou_consult_check_text (draft->text, _("The text"), BANSOU_TICKET_MAX_TEXT, FALSE, FALSE, error))
    return NULL;
  if (!(t = draft_ticket (self, draft, error)))
    return NULL;
  if (!allow_personal_data)
    {
      if (!(findings = find_in_draft (self, draft, t, error)))
        return NULL;
      if (findings->len > 0)
        {
          g_autofree char *what = bansou_escalation_findings_describe (findings);

          _bansou_consult_invalid (error, _("What would be sent holds personal data: %s. Remove it, or send it "
                                            "knowingly."), what);
          return NULL;
        }
    }

  op.id = id;
  op.prefecture = prefecture;
  op.t = t;
  op.draft = draft;
  op.now = now;
  if (!bansou_store_transaction (self->store, escalate_cb, &op, error))
    return NULL;
  return g_steal_pointer (&id);
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                  */

#define ESCALATION_COLS \
  "SELECT id, ticket, prefecture, subject, text, category, questions, body_name, messages, sent_by, sent_at, " \
  "received_at, answer, answered_by, answered_at FROM consult_escalations "

static char *
dup_col (sqlite3_stmt *stmt,
         int           col)
{
  return g_strdup (_bansou_column_text (stmt, col));
}

static BansouEscalation *
escalation_from_row (const char   *mine,
                     sqlite3_stmt *stmt)
{
  BansouEscalation *e = g_new0 (BansouEscalation, 1);
  const char *category = _bansou_column_text (stmt, 5);
  const char *questions = _bansou_column_text (stmt, 6);
  g_autoptr(JsonNode) messages = json_from_string (_bansou_column_text (stmt, 8), NULL);

  e->id = dup_col (stmt, 0);
  e->prefecture = dup_col (stmt, 2);
  /* At the national desk the prefecture's ticket is not here. */
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL &&
      g_strcmp0 (e->prefecture, mine) == 0)
    e->ticket = dup_col (stmt, 1);
  e->subject = dup_col (stmt, 3);
  e->text = dup_col (stmt, 4);
  e->category = category != NULL ? (int) bansou_ticket_category_from_string (category) : -1;
  if (e->category >= BANSOU_N_TICKET_CATEGORIES)
    e->category = -1;
  if (questions != NULL)
    {
      g_autoptr(JsonNode) q = json_from_string (questions, NULL);
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

      for (guint i = 0; q != NULL && JSON_NODE_HOLDS_ARRAY (q) && i < json_array_get_length (json_node_get_array (q)); i++)
        {
          JsonNode *n = json_array_get_element (json_node_get_array (q), i);
          if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
            g_strv_builder_add (b, json_node_get_string (n));
        }
      e->questions = g_strv_builder_end (b);
    }
  e->body_name = dup_col (stmt, 7);
  e->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) escalation_message_free);
  for (guint i = 0; messages != NULL && JSON_NODE_HOLDS_ARRAY (messages) &&
                    i < json_array_get_length (json_node_get_array (messages)); i++)
    {
      JsonNode *n = json_array_get_element (json_node_get_array (messages), i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      BansouEscalationMessage *m;

      if (o == NULL)
        continue;
      m = g_new0 (BansouEscalationMessage, 1);
      m->kind = g_strdup (json_object_get_string_member_with_default (o, "kind", "note"));
      m->text = g_strdup (json_object_get_string_member_with_default (o, "text", ""));
      m->created_at = g_strdup (json_object_get_string_member_with_default (o, "created_at", ""));
      g_ptr_array_add (e->messages, m);
    }
  e->sent_by = dup_col (stmt, 9);
  e->sent_at = dup_col (stmt, 10);
  e->received_at = dup_col (stmt, 11);
  e->answer = dup_col (stmt, 12);
  e->answered_by = dup_col (stmt, 13);
  e->answered_at = dup_col (stmt, 14);
  e->state = e->answer != NULL ? BANSOU_ESCALATION_ANSWERED : BANSOU_ESCALATION_WAITING;
  return e;
}

GPtrArray *
bansou_consult_list_escalations (BansouConsult                *self,
                                 const BansouEscalationFilter *filter,
                                 GError                      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_escalation_free);
  BansouEscalationFilter all = { .state = -1 };
  g_autofree char *mine = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);
  if (filter == NULL)
    filter = &all;
  mine = own_prefecture (self);

  stmt = _bansou_store_prepare (self->store,
                                ESCALATION_COLS "WHERE (?1 IS NULL OR prefecture = ?1) AND (?2 IS NULL OR ticket = ?2) "
                                "AND (?3 < 0 OR (?3 = 0 AND answer IS NULL) OR (?3 = 1 AND answer IS NOT NULL)) "
                                "ORDER BY sent_at DESC, id LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  if (filter->prefecture != NULL)
    sqlite3_bind_text (stmt, 1, filter->prefecture, -1, SQLITE_TRANSIENT);
  if (filter->ticket != NULL)
    sqlite3_bind_text (stmt, 2, filter->ticket, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, filter->state);
  sqlite3_bind_int64 (stmt, 4, filter->limit > 0 ? (gint64) filter->limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, escalation_from_row (mine, stmt));
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading the escalations"));
      return NULL;
    }
  return g_steal_pointer (&out);
}

BansouEscalation *
bansou_consult_lookup_escalation (BansouConsult *self,
                                  const char    *id,
                                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = _bansou_store_prepare (self->store, ESCALATION_COLS "WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autofree char *mine = own_prefecture (self);
      return escalation_from_row (mine, stmt);
    }
  if (rc != SQLITE_DONE)
    _bansou_store_set_error (self->store, error, _("reading the escalations"));
  else
    g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND, _("There is no escalation “%s”."), id);
  return NULL;
}

BansouTicketEscalation
bansou_consult_get_ticket_escalation (BansouConsult *self,
                                      const char    *ticket,
                                      GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), BANSOU_TICKET_NOT_ESCALATED);
  g_return_val_if_fail (ticket != NULL, BANSOU_TICKET_NOT_ESCALATED);

  stmt = _bansou_store_prepare (self->store, "SELECT answer IS NOT NULL FROM consult_escalations WHERE ticket = ?1 "
                                "ORDER BY sent_at DESC, id LIMIT 1", error);
  if (stmt == NULL)
    return BANSOU_TICKET_NOT_ESCALATED;
  sqlite3_bind_text (stmt, 1, ticket, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int (stmt, 0) ? BANSOU_TICKET_ESCALATION_ANSWERED : BANSOU_TICKET_ESCALATED;
  if (rc != SQLITE_DONE)
    _bansou_store_set_error (self->store, error, _("reading the escalations"));
  return BANSOU_TICKET_NOT_ESCALATED;
}

GHashTable *
bansou_consult_list_ticket_escalations (BansouConsult *self,
                                        GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);

  /* Oldest first: the latest of a ticket wins. */
  stmt = _bansou_store_prepare (self->store, "SELECT e.ticket, e.answer IS NOT NULL FROM consult_escalations e "
                                "JOIN consult_tickets t ON t.id = e.ticket ORDER BY e.sent_at, e.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_replace (out, dup_col (stmt, 0),
                          GINT_TO_POINTER (sqlite3_column_int (stmt, 1) ? BANSOU_TICKET_ESCALATION_ANSWERED
                                                                        : BANSOU_TICKET_ESCALATED));
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading the escalations"));
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------------ */
/* Answering (the national desk)                                            */

typedef struct
{
  const char *id;
  const char *answer;
  const char *now;
} AnswerOp;

static gboolean
answer_cb (BansouStore  *store,
           gpointer      user_data,
           GError      **error)
{
  AnswerOp *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _bansou_store_prepare (store, "UPDATE consult_escalations SET answer = ?2, answered_by = ?3, "
                                "answered_at = ?4 WHERE id = ?1 AND answer IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, op->answer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, op->now, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (_bansou_store_get_db (store)) == 0)
    return _bansou_consult_invalid (error, _("This escalation is answered already."));
  return bansou_store_audit (store, ENTITY, op->id, "answered", NULL, op->answer, error) &&
         _bansou_consult_outbox_answer (store, op->id, error);
}

gboolean
bansou_consult_answer_escalation (BansouConsult *self,
                                  const char    *id,
                                  const char    *answer,
                                  GError       **error)
{
  g_autoptr(BansouEscalation) e = NULL;
  g_autofree char *now = bansou_now_iso ();
  AnswerOp op;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!bansou_consult_is_national_desk (self))
    return _bansou_consult_invalid (error, _("Only the national desk answers escalations."));
  if (!_bansou_consult_check_text (answer, _("The answer"), BANSOU_ESCALATION_MAX_ANSWER, TRUE, FALSE, error))
    return FALSE;
  if (!(e = bansou_consult_lookup_escalation (self, id, error)))
    return FALSE;
  if (e->state == BANSOU_ESCALATION_ANSWERED)
    return _bansou_consult_invalid (error, _("This escalation is answered already."));
  op.id = id;
  op.answer = answer;
  op.now = now;
  return bansou_store_transaction (self->store, answer_cb, &op, error);
}

/* ------------------------------------------------------------------------ */
/* The sync kinds                                                           */

static gboolean
one_of (const char         *value,
        const char * const *allowed)
{
  return value != NULL && g_strv_contains (allowed, value);
}

static gboolean
is_prefecture (const char *code,
               gboolean    national)
{
  guint64 n;

  return code != NULL && strlen (code) == 2 && g_ascii_isdigit (code[0]) && g_ascii_isdigit (code[1]) &&
         g_ascii_string_to_unsigned (code, 10, national ? 0 : 1, 47, &n, NULL);
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
invalid_local (GError     **error,
               const char  *message)
{
  g_set_error_literal (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID, message);
  return FALSE;
}

/* escalation ------------------------------------------------------------- */

typedef struct
{
  const char *id;
  const char *prefecture;
  const char *ticket;
  const char *subject;
  const char *text;
  const char *category;
  JsonNode   *questions;   /* (transfer none) */
  const char *body_name;
  JsonArray  *messages;
  const char *sent_by;
  const char *sent_at;
  const char *updated_at;
  const char *updated_by;
} Escalation;

static const BansouSyncField escalation_fields[] = {
  { "subject", N_("Subject"), BANSOU_SYNC_FIELD_LINE },
  { "text", N_("Text"), BANSOU_SYNC_FIELD_TEXT },
};

static gboolean
escalation_parse (BansouSyncRecord  *record,
                  JsonObject        *obj,
                  GError           **error)
{
  Escalation *e = g_new0 (Escalation, 1);
  const guint opt = BANSOU_SYNC_JSON_OPTIONAL | BANSOU_SYNC_JSON_NULLABLE;

  record->data = e;
  if (!bansou_sync_json_str (obj, "id", BANSOU_SYNC_JSON_REQUIRED, 36, &e->id, error) ||
      !bansou_sync_json_str (obj, "prefecture", BANSOU_SYNC_JSON_REQUIRED, 2, &e->prefecture, error) ||
      !bansou_sync_json_str (obj, "ticket", BANSOU_SYNC_JSON_REQUIRED, 36, &e->ticket, error) ||
      !bansou_sync_json_str (obj, "subject", BANSOU_SYNC_JSON_REQUIRED, BANSOU_TICKET_MAX_SUBJECT, &e->subject,
                             error) ||
      !bansou_sync_json_str (obj, "text", opt, BANSOU_TICKET_MAX_TEXT, &e->text, error) ||
      !bansou_sync_json_str (obj, "category", opt, 20, &e->category, error) ||
      !bansou_sync_json_str (obj, "body_name", opt, 200, &e->body_name, error) ||
      !(e->messages = bansou_sync_json_array (obj, "messages", error)) ||
      !bansou_sync_json_str (obj, "sent_by", BANSOU_SYNC_JSON_OPTIONAL, 200, &e->sent_by, error) ||
      !bansou_sync_json_str (obj, "sent_at", BANSOU_SYNC_JSON_REQUIRED, 40, &e->sent_at, error) ||
      !bansou_sync_json_str (obj, "updated_at", BANSOU_SYNC_JSON_OPTIONAL, 40, &e->updated_at, error) ||
      !bansou_sync_json_str (obj, "updated_by", BANSOU_SYNC_JSON_OPTIONAL, 200, &e->updated_by, error))
    return FALSE;
  /* Who sent it is the prefecture's desk (its token): no person's name travels. */
  if (e->sent_by == NULL || *e->sent_by == '\0')
    e->sent_by = e->updated_by;
  if (!g_uuid_string_is_valid (e->id))
    return bansou_sync_protocol_error (error, _("not a UUID:"), "id");
  if (!g_uuid_string_is_valid (e->ticket))
    return bansou_sync_protocol_error (error, _("not a UUID:"), "ticket");
  if (!is_prefecture (e->prefecture, FALSE))
    return bansou_sync_protocol_error (error, _("out of range:"), "prefecture");
  if (*e->subject == '\0')
    return bansou_sync_protocol_error (error, _("out of range:"), "subject");
  if (e->category != NULL && !one_of (e->category, category_ids))
    return bansou_sync_protocol_error (error, _("out of range:"), "category");
  e->questions = json_object_get_member (obj, "questions");
  if (e->questions != NULL && JSON_NODE_HOLDS_NULL (e->questions))
    e->questions = NULL;
  if (e->questions != NULL)
    {
      JsonArray *q = JSON_NODE_HOLDS_ARRAY (e->questions) ? json_node_get_array (e->questions) : NULL;

      if (q == NULL || json_array_get_length (q) > 200)
        return bansou_sync_protocol_error (error, _("out of range:"), "questions");
      for (guint i = 0; i < json_array_get_length (q); i++)
        {
          JsonNode *n = json_array_get_element (q, i);
          if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING ||
              *json_node_get_string (n) == '\0' || strlen (json_node_get_string (n)) > 200)
            return bansou_sync_protocol_error (error, _("out of range:"), "questions");
        }
      if (json_array_get_length (q) == 0)
        e->questions = NULL;
    }
  if (json_array_get_length (e->messages) > MAX_MESSAGES)
    return bansou_sync_protocol_error (error, _("out of range:"), "messages");
  for (guint i = 0; i < json_array_get_length (e->messages); i++)
    {
      JsonNode *n = json_array_get_element (e->messages, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *kind, *text, *at;

      if (o == NULL ||
          !bansou_sync_json_str (o, "kind", BANSOU_SYNC_JSON_REQUIRED, 20, &kind, error) ||
          !bansou_sync_json_str (o, "text", BANSOU_SYNC_JSON_REQUIRED, BANSOU_TICKET_MAX_TEXT, &text, error) ||
          !bansou_sync_json_str (o, "created_at", BANSOU_SYNC_JSON_REQUIRED, 40, &at, error) ||
          !one_of (kind, message_kind_ids))
        {
          g_clear_error (error);
          return bansou_sync_protocol_error (error, _("out of range:"), "messages");
        }
    }
  record->key[0] = e->id;
  g_strlcpy (record->scope, e->prefecture, sizeof record->scope);
  return TRUE;
}

/* @server_rev < 0: a conflict's resolution (the local revision stays). */
static gboolean
store_escalation (BansouStore       *store,
                  const Escalation  *e,
                  gint64             server_rev,
                  gboolean          *written,
                  GError           **error)
{
  g_autoptr(sqlite3_stmt) s = NULL;
  g_autofree char *questions = e->questions ? json_to_string (e->questions, FALSE) : NULL;
  g_autoptr(JsonNode) mnode = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *messages = NULL;

  json_node_set_array (mnode, e->messages);
  messages = json_to_string (mnode, FALSE);
  s = _bansou_store_prepare (store,
                             "INSERT INTO consult_escalations (id, ticket, prefecture, subject, text, category, "
                             "questions, body_name, messages, sent_by, sent_at, received_at, server_rev) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, max (?13, 0)) "
                             "ON CONFLICT (id) DO UPDATE SET subject = excluded.subject, text = excluded.text, "
                             "category = excluded.category, questions = excluded.questions, "
                             "body_name = excluded.body_name, messages = excluded.messages, "
                             "sent_at = excluded.sent_at, "
                             "received_at = coalesce (excluded.received_at, consult_escalations.received_at), "
                             "server_rev = CASE WHEN ?13 < 0 THEN consult_escalations.server_rev "
                             "  ELSE excluded.server_rev END "
                             "WHERE ?13 < 0 OR consult_escalations.server_rev < excluded.server_rev "
                             "  OR consult_escalations.received_at IS NULL", error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, e->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, e->ticket, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 3, e->prefecture, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 4, e->subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 5, e->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 6, e->category, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 7, questions, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 8, e->body_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 9, messages, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 10, e->sent_by ? e->sent_by : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 11, e->sent_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 12, server_rev >= 0 && e->updated_at && *e->updated_at ? e->updated_at : NULL, -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, 13, server_rev);
  if (!_bansou_store_step_done (store, s, error))
    return FALSE;
  *written = sqlite3_changes (_bansou_store_get_db (store)) != 0;
  return TRUE;
}

static gboolean
escalation_apply (BansouSyncContext  *ctx,
                  BansouSyncRecord   *record,
                  gboolean           *written,
                  GError            **error)
{
  Escalation *e = record->data;
  g_autofree char *what = NULL;

  if (!store_escalation (bansou_sync_context_get_store (ctx), e, record->rev, written, error))
    return FALSE;
  if (!*written)
    return TRUE;
  what = g_strdup_printf ("rev %" G_GINT64_FORMAT " from %s", record->rev, e->prefecture);
  return bansou_sync_context_audit (ctx, ENTITY, e->id, "pulled", NULL, what, error);
}

static gboolean
escalation_get_rev (BansouStore         *store,
                    const char * const  *key,
                    gboolean            *exists,
                    gint64              *rev,
                    GError             **error)
{
  return bansou_sync_read_rev (store, "SELECT server_rev FROM consult_escalations WHERE id = ?1", key, 1, exists,
                               rev, error);
}

static gboolean
escalation_set_rev (BansouStore         *store,
                    const char * const  *key,
                    gint64               rev,
                    GError             **error)
{
  return bansou_sync_note_rev (store, "UPDATE consult_escalations SET server_rev = ?4 WHERE id = ?1", key, 1, rev,
                               error);
}

static gboolean
escalation_forget_revs (BansouStore  *store,
                        GError      **error)
{
  return bansou_store_exec (store, "UPDATE consult_escalations SET server_rev = 0, answer_rev = 0 "
                            "WHERE server_rev <> 0 OR answer_rev <> 0;", error);
}

/* An escalation is not edited once sent: the server's version is the one
 * kept; a merge may only correct the subject and text. */
static gboolean
escalation_write_local (BansouStore         *store,
                        const char * const  *key,
                        JsonObject          *fields,
                        GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *subject, *text;

  if (fields == NULL)
    {
      stmt = _bansou_store_prepare (store, "DELETE FROM consult_escalations WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
      return _bansou_store_step_done (store, stmt, error);
    }
  if (json_object_has_member (fields, "rev"))
    {
      BansouSyncRecord record = { 0 };
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(GError) local = NULL;
      gboolean written;
      gboolean ok;

      json_node_set_object (node, fields);
      record.node = node;
      ok = escalation_parse (&record, fields, &local) && store_escalation (store, record.data, -1, &written, &local);
      g_free (record.data);
      if (!ok)
        return invalid_local (error, _("The server’s version of the escalation cannot be kept here"));
      return TRUE;
    }
  subject = bansou_sync_payload_str (fields, "subject");
  text = bansou_sync_payload_str (fields, "text");
  if (bansou_str_is_blank (subject) || g_utf8_strlen (subject, -1) > BANSOU_TICKET_MAX_SUBJECT ||
      (text != NULL && g_utf8_strlen (text, -1) > BANSOU_TICKET_MAX_TEXT))
    return invalid_local (error, _("The merged escalation needs a subject of at most 200 characters"));
  stmt = _bansou_store_prepare (store, "UPDATE consult_escalations SET subject = ?2, text = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, text != NULL && *text ? text : NULL, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (store, stmt, error);
}

static gboolean
escalation_enqueue (BansouStore         *store,
                    const char * const  *key,
                    GError             **error)
{
  return _bansou_consult_outbox_escalation (store, key[0], error);
}

static const BansouSyncKind escalation_kind = {
  .type = ESCALATION_TYPE,
  .keys = { { "id", NULL } },
  .n_keys = 1,
  .fields = escalation_fields,
  .n_fields = G_N_ELEMENTS (escalation_fields),
  .parse = escalation_parse,
  .apply = escalation_apply,
  .get_rev = escalation_get_rev,
  .set_rev = escalation_set_rev,
  .forget_revs = escalation_forget_revs,
  .same = same_members,
  .write_local = escalation_write_local,
  .enqueue = escalation_enqueue,
};

/* escalation_answer ------------------------------------------------------ */

typedef struct
{
  const char *id;
  const char *prefecture;
  const char *text;
  const char *answered_by;
  const char *answered_at;
} Answer;

static const BansouSyncField answer_fields[] = {
  { "text", N_("Answer"), BANSOU_SYNC_FIELD_TEXT },
};

static gboolean
answer_parse (BansouSyncRecord  *record,
              JsonObject        *obj,
              GError           **error)
{
  Answer *a = g_new0 (Answer, 1);

  record->data = a;
  if (!bansou_sync_json_str (obj, "id", BANSOU_SYNC_JSON_REQUIRED, 36, &a->id, error) ||
      !bansou_sync_json_str (obj, "prefecture", BANSOU_SYNC_JSON_REQUIRED, 2, &a->prefecture, error) ||
      !bansou_sync_json_str (obj, "text", BANSOU_SYNC_JSON_REQUIRED, BANSOU_ESCALATION_MAX_ANSWER, &a->text, error) ||
      !bansou_sync_json_str (obj, "answered_by", BANSOU_SYNC_JSON_OPTIONAL, 200, &a->answered_by, error) ||
      !bansou_sync_json_str (obj, "answered_at", BANSOU_SYNC_JSON_REQUIRED, 40, &a->answered_at, error))
    return FALSE;
  if (!g_uuid_string_is_valid (a->id))
    return bansou_sync_protocol_error (error, _("not a UUID:"), "id");
  if (!is_prefecture (a->prefecture, FALSE))
    return bansou_sync_protocol_error (error, _("out of range:"), "prefecture");
  if (*a->text == '\0')
    return bansou_sync_protocol_error (error, _("out of range:"), "text");
  record->key[0] = a->id;
  g_strlcpy (record->scope, a->prefecture, sizeof record->scope);
  return TRUE;
}

/* The answer onto the escalation and, once, onto its ticket as a note by
 * 総合窓口, which goes up as the ticket's message (the same id on every
 * workbench of the prefecture: the server keeps one). */
static gboolean
store_answer (BansouStore   *store,
              const Answer  *a,
              gint64         rev,
              gboolean      *written,
              gboolean      *noted,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) s = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *mid = NULL;
  int rc;

  *written = *noted = FALSE;
  s = _bansou_store_prepare (store,
                             "UPDATE consult_escalations SET answer = ?2, answered_by = ?3, answered_at = ?4, "
                             "answer_rev = max (?5, 0) WHERE id = ?1 AND (?5 < 0 OR answer_rev < ?5 OR answer IS NULL)",
                             error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, a->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, a->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 3, a->answered_by ? a->answered_by : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 4, a->answered_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, 5, rev);
  if (!_bansou_store_step_done (store, s, error))
    return FALSE;
  *written = sqlite3_changes (_bansou_store_get_db (store)) != 0;
  g_clear_pointer (&s, sqlite3_finalize);

  /* The note, once: only for a ticket of this workbench. */
  s = _bansou_store_prepare (store,
                             "SELECT e.ticket FROM consult_escalations e JOIN consult_tickets t ON t.id = e.ticket "
                             "WHERE e.id = ?1 AND e.answer_message IS NULL", error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, a->id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    ticket = g_strdup (_bansou_column_text (s, 0));
  else if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading the escalations"));
      return FALSE;
    }
  g_clear_pointer (&s, sqlite3_finalize);
  if (ticket == NULL)
    return TRUE;

  mid = _bansou_consult_answer_message_id (a->id);
  s = _bansou_store_prepare (store, "INSERT OR IGNORE INTO consult_messages (id, ticket, kind, author, text, created_at) "
                             "VALUES (?1, ?2, 'note', ?3, ?4, ?5)", error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, mid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, ticket, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 3, BANSOU_ESCALATION_AUTHOR, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 4, a->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 5, a->answered_at, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, s, error))
    return FALSE;
  *noted = sqlite3_changes (_bansou_store_get_db (store)) != 0;
  g_clear_pointer (&s, sqlite3_finalize);

  s = _bansou_store_prepare (store, "UPDATE consult_escalations SET answer_message = ?2 WHERE id = ?1", error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, a->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, mid, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, s, error))
    return FALSE;
  *written = TRUE;
  if (!*noted)
    return TRUE;   /* the note came first, from another workbench of the prefecture */
  return bansou_store_audit (store, "consult_ticket", ticket, "note", NULL, mid, error) &&
         _bansou_consult_outbox_message (store, ticket, mid, error);
}

static gboolean
answer_apply (BansouSyncContext  *ctx,
              BansouSyncRecord   *record,
              gboolean           *written,
              GError            **error)
{
  Answer *a = record->data;
  g_autofree char *what = NULL;
  gboolean noted;

  if (!store_answer (bansou_sync_context_get_store (ctx), a, record->rev, written, &noted, error))
    return FALSE;
  if (!*written)
    return TRUE;
  what = g_strdup_printf ("answer rev %" G_GINT64_FORMAT " by %s%s", record->rev,
                          a->answered_by ? a->answered_by : "", noted ? ", noted on the ticket" : "");
  return bansou_sync_context_audit (ctx, ENTITY, a->id, "answer-pulled", NULL, what, error);
}

static gboolean
answer_get_rev (BansouStore         *store,
                const char * const  *key,
                gboolean            *exists,
                gint64              *rev,
                GError             **error)
{
  return bansou_sync_read_rev (store, "SELECT answer_rev FROM consult_escalations WHERE id = ?1 AND answer IS NOT NULL",
                               key, 1, exists, rev, error);
}

static gboolean
answer_set_rev (BansouStore         *store,
                const char * const  *key,
                gint64               rev,
                GError             **error)
{
  return bansou_sync_note_rev (store, "UPDATE consult_escalations SET answer_rev = ?4 WHERE id = ?1", key, 1, rev,
                               error);
}

static gboolean
answer_forget_revs (BansouStore  *store,
                    GError      **error)
{
  return bansou_store_exec (store, "UPDATE consult_escalations SET answer_rev = 0 WHERE answer_rev <> 0;", error);
}

static gboolean
answer_write_local (BansouStore         *store,
                    const char * const  *key,
                    JsonObject          *fields,
                    GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *text;

  if (fields == NULL)
    {
      stmt = _bansou_store_prepare (store, "UPDATE consult_escalations SET answer = NULL, answered_by = NULL, "
                                    "answered_at = NULL WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
      return _bansou_store_step_done (store, stmt, error);
    }
  if (json_object_has_member (fields, "rev"))
    {
      BansouSyncRecord record = { 0 };
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(GError) local = NULL;
      gboolean written, noted;
      gboolean ok;

      json_node_set_object (node, fields);
      record.node = node;
      ok = answer_parse (&record, fields, &local) && store_answer (store, record.data, -1, &written, &noted, &local);
      g_free (record.data);
      if (!ok)
        return invalid_local (error, _("The server’s version of the answer cannot be kept here"));
      return TRUE;
    }
  text = bansou_sync_payload_str (fields, "text");
  if (bansou_str_is_blank (text) || g_utf8_strlen (text, -1) > BANSOU_ESCALATION_MAX_ANSWER)
    return invalid_local (error, _("The merged answer must not be empty"));
  stmt = _bansou_store_prepare (store, "UPDATE consult_escalations SET answer = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key[0], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (store, stmt, error);
}

static gboolean
answer_enqueue (BansouStore         *store,
                const char * const  *key,
                GError             **error)
{
  return _bansou_consult_outbox_answer (store, key[0], error);
}

static const BansouSyncKind answer_kind = {
  .type = ANSWER_TYPE,
  .keys = { { "id", NULL } },
  .n_keys = 1,
  .fields = answer_fields,
  .n_fields = G_N_ELEMENTS (answer_fields),
  .parse = answer_parse,
  .apply = answer_apply,
  .get_rev = answer_get_rev,
  .set_rev = answer_set_rev,
  .forget_revs = answer_forget_revs,
  .same = same_members,
  .write_local = answer_write_local,
  .enqueue = answer_enqueue,
  .national_writes = TRUE,
};

void
_bansou_consult_register_escalation_kinds (void)
{
  bansou_sync_register_kind (&escalation_kind);
  bansou_sync_register_kind (&answer_kind);
}
