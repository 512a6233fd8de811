/* bansou-consult-incident.c — 重大インシデント mode: the checklist of reports
 * to the ministries, and the urgent dispatch request from a ticket
 *
 * The deadlines and where each comes from are in docs/consult.md
 * ("重大インシデント"); items[] below is that table. A deadline counts
 * from the ticket's received time: the time the prefecture learnt of the
 * incident, which is when the rules start their clocks (「知った時」).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-consult"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-consult-incident.h"
#include "bansou-consult-kinds.h"
#include "bansou-consult-private.h"
#include "bansou-store-sql.h"
#include "bansou-util.h"

typedef struct
{
  const char         *id;
  const char         *label;
  const char         *recipient;
  const char         *basis;
  gboolean            by_default;
  BansouDeadlineUnit  unit;
  guint               amount;
  guint               amount_unauthorized;  /* 0: as @amount */
} ItemRule;

static const ItemRule items[] = {
  { "mic_first",
    N_("First report (速報)"),
    N_("総務省 (through the prefecture)"),
    N_("Guideline on information security policies of local governments: report an incident to 総務省 "
       "without delay. The guideline sets no hours: 24 hours is Bansō’s default."),
    TRUE, BANSOU_DEADLINE_CALENDAR_HOURS, 24, 0 },
  { "mic_followup",
    N_("Follow-up report (続報)"),
    N_("総務省 (through the prefecture)"),
    N_("Guideline on information security policies of local governments: report as the facts become "
       "known. 3 business days is Bansō’s default."),
    TRUE, BANSOU_DEADLINE_BUSINESS_DAYS, 3, 0 },
  { "mic_final",
    N_("Final report (最終報告)"),
    N_("総務省 (through the prefecture)"),
    N_("Guideline on information security policies of local governments: the cause, the damage and the "
       "measures against a recurrence once the incident is closed. 30 days is Bansō’s default, the "
       "same as the 確報 to 個人情報保護委員会."),
    TRUE, BANSOU_DEADLINE_CALENDAR_DAYS, 30, 0 },
  { "ppc_prompt",
    N_("Prompt report of a personal-data leak (速報)"),
    N_("個人情報保護委員会"),
    N_("個人情報保護法 Article 68 and its enforcement rules: “promptly” after learning of it; the "
       "commission’s guidelines read that as about 3 to 5 days. Bansō counts the earlier, 3 days."),
    TRUE, BANSOU_DEADLINE_CALENDAR_DAYS, 3, 0 },
  { "ppc_final",
    N_("Confirmed report of a personal-data leak (確報)"),
    N_("個人情報保護委員会"),
    N_("個人情報保護法施行規則: within 30 days of learning of it, 60 days when done for an unlawful "
       "purpose (unauthorised access, taking data out); calendar days."),
    FALSE, BANSOU_DEADLINE_CALENDAR_DAYS, 30, 60 },
};

static const char * const item_ids[] = {
  "mic_first", "mic_followup", "mic_final", "ppc_prompt", "ppc_final", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (item_ids) == G_N_ELEMENTS (items) + 1);

static const struct { const char *id; const char *label; } item_states[BANSOU_N_INCIDENT_ITEM_STATES] = {
  { "open", N_("Not done yet") },
  { "done", N_("Done (reported)") },
  { "na",   N_("Not applicable to this incident") },
};

const char *
bansou_incident_item_state_to_string (BansouIncidentItemState state)
{
  g_return_val_if_fail ((guint) state < BANSOU_N_INCIDENT_ITEM_STATES, NULL);
  return item_states[state].id;
}

const char *
bansou_incident_item_state_get_label (BansouIncidentItemState state)
{
  g_return_val_if_fail ((guint) state < BANSOU_N_INCIDENT_ITEM_STATES, NULL);
  return _(item_states[state].label);
}

BansouIncidentItemState
bansou_incident_item_state_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < BANSOU_N_INCIDENT_ITEM_STATES; i++)
    if (g_str_equal (text, item_states[i].id) || g_str_equal (text, _(item_states[i].label)))
      return i;
  return BANSOU_N_INCIDENT_ITEM_STATES;
}

const char * const *
bansou_consult_incident_get_items (void)
{
  return item_ids;
}

static const ItemRule *
find_rule (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (items); i++)
    if (g_str_equal (items[i].id, id))
      return &items[i];
  return NULL;
}

void
bansou_incident_item_free (BansouIncidentItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->label);
  g_free (item->recipient);
  g_free (item->basis);
  g_clear_pointer (&item->deadline, g_date_time_unref);
  g_free (item->done_by);
  g_free (item->done_at);
  g_free (item);
}

void
bansou_incident_checklist_free (BansouIncidentChecklist *checklist)
{
  if (checklist == NULL)
    return;
  g_free (checklist->ticket);
  g_clear_pointer (&checklist->items, g_ptr_array_unref);
  g_free (checklist);
}

/* ------------------------------------------------------------------------ */
/* Deadlines                                                                */

/* The deadline of @unit × @amount from @received (any offset), in JST. */
static GDateTime *
compute_deadline (BansouCalendar     *calendar,
                  GDateTime          *received,
                  BansouDeadlineUnit  unit,
                  guint               amount)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (received, bansou_calendar_get_time_zone ());
  g_autoptr(GDate) day = g_date_new_dmy (g_date_time_get_day_of_month (local),
                                         g_date_time_get_month (local),
                                         g_date_time_get_year (local));
  guint opens, closes;

  switch (unit)
    {
    case BANSOU_DEADLINE_CALENDAR_HOURS:
      return g_date_time_add_hours (local, amount);

    case BANSOU_DEADLINE_CALENDAR_DAYS:
      /* The day received does not count (民法第140条): the end of day N after it. */
      g_date_add_days (day, amount);
      return g_date_time_new (bansou_calendar_get_time_zone (), g_date_get_year (day), g_date_get_month (day), g_date_get_day (day),
                              23, 59, 59);

    case BANSOU_DEADLINE_BUSINESS_DAYS:
      if (!bansou_calendar_add_business_days (calendar, day, (int) amount))
        return g_date_time_add_days (local, amount);   /* beyond the calendar's data */
      bansou_calendar_get_office_hours (calendar, &opens, &closes);
      return g_date_time_new (bansou_calendar_get_time_zone (), g_date_get_year (day), g_date_get_month (day), g_date_get_day (day),
                              closes / 60, closes % 60, 0);

    default:
      g_return_val_if_reached (NULL);
    }
}

/* ------------------------------------------------------------------------ */
/* The checklist                                                            */

static BansouTicket *
lookup_incident (BansouConsult *self,
                 const char    *ticket,
                 GError       **error)
{
  g_autoptr(BansouTicket) t = NULL;

  if (ticket == NULL || !(t = bansou_consult_lookup (self, ticket, error)))
    {
      if (ticket == NULL)
        _bansou_consult_invalid (error, _("There is no consultation “%s”."), "");
      return NULL;
    }
  if (!t->incident)
    {
      _bansou_consult_invalid (error, _("Consultation %d is not in major-incident mode: turn the mode on first."),
                               (int) t->number);
      return NULL;
    }
  return g_steal_pointer (&t);
}

static gboolean
read_unauthorized (BansouStore  *store,
                   const char   *ticket,
                   gboolean     *unauthorized,
                   GError      **error)
{
  g_autoptr(BansouCachedStmt) stmt =
    _bansou_store_prepare_cached (store, "SELECT unauthorized FROM consult_incidents WHERE ticket = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ticket, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, "consult_incidents");
      return FALSE;
    }
  *unauthorized = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

BansouIncidentChecklist *
bansou_consult_incident_checklist (BansouConsult  *self,
                                   const char     *ticket,
                                   GDateTime      *now,
                                   GError        **error)
{
  g_autoptr(BansouTicket) t = NULL;
  g_autoptr(BansouIncidentChecklist) list = NULL;
  g_autoptr(GDateTime) received = NULL;
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(BansouCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);

  if (!(t = lookup_incident (self, ticket, error)))
    return NULL;
  if (!(received = g_date_time_new_from_iso8601 (t->received_at, NULL)))
    {
      _bansou_consult_invalid (error, _("Consultation %d has no time of receipt."), (int) t->number);
      return NULL;
    }
  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();

  list = g_new0 (BansouIncidentChecklist, 1);
  list->ticket = g_strdup (t->id);
  list->number = t->number;
  list->items = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_incident_item_free);
  if (!read_unauthorized (self->store, t->id, &list->unauthorized, error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      const ItemRule *r = &items[i];
      BansouIncidentItem *item = g_new0 (BansouIncidentItem, 1);

      item->id = g_strdup (r->id);
      item->label = g_strdup (_(r->label));
      item->recipient = g_strdup (_(r->recipient));
      item->basis = g_strdup (_(r->basis));
      item->by_default = r->by_default;
      item->unit = r->unit;
      item->amount = list->unauthorized && r->amount_unauthorized ? r->amount_unauthorized : r->amount;
      item->deadline = compute_deadline (self->calendar, received, item->unit, item->amount);
      item->state = BANSOU_INCIDENT_ITEM_OPEN;
      g_ptr_array_add (list->items, item);
    }

  stmt = _bansou_store_prepare_cached (self->store,
                                       "SELECT item, state, done_at, done_by FROM consult_incident_items"
                                       " WHERE ticket = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, t->id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = _bansou_column_text (stmt, 0);

      for (guint i = 0; i < list->items->len; i++)
        {
          BansouIncidentItem *item = g_ptr_array_index (list->items, i);

          if (!g_str_equal (item->id, id))
            continue;
          item->state = g_str_equal (_bansou_column_text (stmt, 1), "na") ? BANSOU_INCIDENT_ITEM_NOT_APPLICABLE
                                                                          : BANSOU_INCIDENT_ITEM_DONE;
          item->done_at = g_strdup (_bansou_column_text (stmt, 2));
          item->done_by = g_strdup (_bansou_column_text (stmt, 3));
        }
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, "consult_incident_items");
      return NULL;
    }

  for (guint i = 0; i < list->items->len; i++)
    {
      BansouIncidentItem *item = g_ptr_array_index (list->items, i);

      item->remaining = g_date_time_difference (item->deadline, current) / G_TIME_SPAN_SECOND;
      if (item->state != BANSOU_INCIDENT_ITEM_OPEN)
        continue;
      list->n_open++;
      item->overdue = item->remaining < 0;
      list->n_overdue += item->overdue;
    }
  return g_steal_pointer (&list);
}

typedef struct
{
  const char              *ticket;
  const char              *item;
  BansouIncidentItemState  state;
  const char              *at;
} DoneOp;

static char *
describe_row (BansouStore  *store,
              const char   *ticket,
              const char   *item,
              GError      **error)
{
  g_autoptr(BansouCachedStmt) stmt =
    _bansou_store_prepare_cached (store,
                                  "SELECT state || ' ' || done_at || ' ' || done_by FROM consult_incident_items"
                                  " WHERE ticket = ? AND item = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ticket, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, item, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (_bansou_column_text (stmt, 0));
  if (rc == SQLITE_DONE)
    return g_strdup ("open");
  _bansou_store_set_error (store, error, "consult_incident_items");
  return NULL;
}

static gboolean
set_done_cb (BansouStore  *store,
             gpointer      user_data,
             GError      **error)
{
  DoneOp *op = user_data;
  g_autofree char *old_value = describe_row (store, op->ticket, op->item, error);
  g_autofree char *new_value = NULL;
  g_autofree char *field = g_strconcat ("incident.", op->item, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (old_value == NULL)
    return FALSE;
  if (op->state == BANSOU_INCIDENT_ITEM_OPEN)
    {
      stmt = _bansou_store_prepare (store, "DELETE FROM consult_incident_items WHERE ticket = ? AND item = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, op->ticket, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, op->item, -1, SQLITE_TRANSIENT);
    }
  else
    {
      stmt = _bansou_store_prepare (store,
                                    "INSERT INTO consult_incident_items (ticket, item, state, done_at, done_by)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (ticket, item) DO UPDATE SET"
                                    " state = excluded.state, done_at = excluded.done_at, done_by = excluded.done_by",
                                    error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, op->ticket, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, op->item, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, item_states[op->state].id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, op->at, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
    }
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;
  if (!(new_value = describe_row (store, op->ticket, op->item, error)))
    return FALSE;
  if (g_str_equal (old_value, new_value))
    return TRUE;
  return bansou_store_audit (store, "consult_ticket", op->ticket, field, old_value, new_value, error) &&
         _bansou_consult_outbox_ticket (store, op->ticket, error);
}

gboolean
bansou_consult_incident_set_done (BansouConsult           *self,
                                  const char              *ticket,
                                  const char              *item,
                                  BansouIncidentItemState  state,
                                  const char              *at,
                                  GError                 **error)
{
  g_autoptr(BansouTicket) t = NULL;
  g_autofree char *when = NULL;
  DoneOp op = { 0 };

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), FALSE);

  if (find_rule (item) == NULL)
    return _bansou_consult_invalid (error, _("The major-incident checklist has no item “%s”."),
                                    item != NULL ? item : "");
  if ((guint) state >= BANSOU_N_INCIDENT_ITEM_STATES)
    return _bansou_consult_invalid (error, _("An item of the checklist is open, done or not applicable."));
  if (!(t = lookup_incident (self, ticket, error)))
    return FALSE;
  if (!(when = _bansou_consult_check_instant (at, error)))
    return FALSE;

  op.ticket = t->id;
  op.item = item;
  op.state = state;
  op.at = when;
  return bansou_store_transaction (self->store, set_done_cb, &op, error);
}

typedef struct
{
  const char *ticket;
  gboolean    unauthorized;
} UnauthorizedOp;

static gboolean
set_unauthorized_cb (BansouStore  *store,
                     gpointer      user_data,
                     GError      **error)
{
  UnauthorizedOp *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean old;

  if (!read_unauthorized (store, op->ticket, &old, error))
    return FALSE;
  if (old == op->unauthorized)
    return TRUE;
  stmt = _bansou_store_prepare (store,
                                "INSERT INTO consult_incidents (ticket, unauthorized) VALUES (?1, ?2)"
                                " ON CONFLICT (ticket) DO UPDATE SET unauthorized = excluded.unauthorized", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->ticket, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, op->unauthorized ? 1 : 0);
  return _bansou_store_step_done (store, stmt, error) &&
         bansou_store_audit (store, "consult_ticket", op->ticket, "incident.unauthorized",
                             old ? "true" : "false", op->unauthorized ? "true" : "false", error) &&
         _bansou_consult_outbox_ticket (store, op->ticket, error);
}

gboolean
bansou_consult_incident_set_unauthorized (BansouConsult  *self,
                                          const char     *ticket,
                                          gboolean        unauthorized,
                                          GError        **error)
{
  g_autoptr(BansouTicket) t = NULL;
  UnauthorizedOp op = { 0 };

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), FALSE);

  if (!(t = lookup_incident (self, ticket, error)))
    return FALSE;
  op.ticket = t->id;
  op.unauthorized = unauthorized;
  return bansou_store_transaction (self->store, set_unauthorized_cb, &op, error);
}

/* ------------------------------------------------------------------------ */
/* The urgent dispatch request                                              */

static gboolean
find_request (BansouStore  *store,
              const char   *ticket,
              char        **found,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    _bansou_store_prepare (store,
                           "SELECT id FROM dispatch_requests WHERE source = 'consultation' AND source_ref = ?"
                           " AND state <> 'cancelled' ORDER BY created_at, number LIMIT 1", error);
  int rc;

  *found = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ticket, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *found = g_strdup (_bansou_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, "dispatch_requests");
      return FALSE;
    }
  return TRUE;
}

char *
bansou_consult_incident_dispatch (BansouConsult   *self,
                                  BansouDispatch  *dispatch,
                                  const char      *ticket,
                                  gboolean        *created,
                                  GError         **error)
{
  g_autoptr(BansouTicket) t = NULL;
  g_autoptr(GString) purpose = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now (bansou_calendar_get_time_zone ());
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *existing = NULL;
  BansouCatalog *catalog;
  BansouRequestSpec spec = { 0 };

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);
  g_return_val_if_fail (BANSOU_IS_DISPATCH (dispatch), NULL);

  if (created)
    *created = FALSE;
  if (!(t = lookup_incident (self, ticket, error)))
    return NULL;
  if (!find_request (self->store, t->id, &existing, error))
    return NULL;
  if (existing != NULL)
    return g_steal_pointer (&existing);

  /* Translators: the purpose of the dispatch request: 相談 12「…」 */
  g_string_append_printf (purpose, _("Consultation %d “%s” (major incident)"), (int) t->number, t->subject);
  catalog = bansou_dispatch_get_catalog (dispatch);
  for (guint i = 0; t->questions != NULL && t->questions[i]; i++)
    {
      const BansouQuestion *q = bansou_catalog_lookup_question (catalog, t->questions[i]);

      g_string_append (purpose, i == 0 ? "\n" : _(", "));
      g_string_append (purpose, q != NULL ? bansou_question_get_label (q) : t->questions[i]);
    }
  if (g_utf8_strlen (purpose->str, -1) > 4000)
    {
      g_autofree char *cut = g_utf8_substring (purpose->str, 0, 3999);
      g_string_assign (purpose, cut);
      g_string_append (purpose, "…");
    }

  spec.body = t->body;
  spec.questions = (const char * const *) t->questions;
  spec.urgency = BANSOU_URGENCY_INCIDENT;
  spec.purpose = purpose->str;
  spec.wanted_from = today;
  spec.wanted_until = today;
  if (!(existing = bansou_dispatch_add_request_from_ticket (dispatch, t->id, &spec, error)))
    return NULL;
  if (created)
    *created = TRUE;
  return g_steal_pointer (&existing);
}
