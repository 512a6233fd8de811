/* bansou-consult-sla.c — first-response and resolution targets on the
 * government calendar
 *
 * A target is office time: minutes within office hours (8:30–17:15 by
 * default) on business days of the government calendar — weekends,
 * national holidays with 振替休日 and 国民の休日, 12/29–1/3 and the
 * prefecture's own closed days do not count (core/calendar). A "day" of
 * a target is one office day (525 minutes by default). Time on hold (保留) does not
 * count either: a clock is the office time from receipt to its stop (the
 * first reply; the answer or the closing), less the office time on hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-consult"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-consult-private.h"
#include "bansou-store-sql.h"

gboolean
bansou_consult_get_sla_targets (BansouConsult  *self,
                                BansouPriority  priority,
                                gint64         *first_response_minutes,
                                gint64         *resolution_minutes,
                                GError        **error)
{
  g_autoptr(BansouCachedStmt) stmt = NULL;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), FALSE);
  g_return_val_if_fail (priority < BANSOU_N_PRIORITIES, FALSE);

  if (self->targets[priority][0] > 0)
    goto out;
  stmt = _bansou_store_prepare_cached (self->store,
                                       "SELECT first_response, resolution FROM consult_sla WHERE priority = ?",
                                       error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, bansou_priority_to_string (priority), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND,
                   _("There is no SLA for the priority “%s”."), bansou_priority_get_label (priority));
      return FALSE;
    }
  self->targets[priority][0] = sqlite3_column_int64 (stmt, 0);
  self->targets[priority][1] = sqlite3_column_int64 (stmt, 1);
out:
  if (first_response_minutes != NULL)
    *first_response_minutes = self->targets[priority][0];
  if (resolution_minutes != NULL)
    *resolution_minutes = self->targets[priority][1];
  return TRUE;
}

typedef struct
{
  BansouPriority priority;
  gint64         first_response;
  gint64         resolution;
} TargetsOp;

static gboolean
set_targets_cb (BansouStore  *store,
                gpointer      user_data,
                GError      **error)
{
  TargetsOp *op = user_data;
  g_autoptr(sqlite3_stmt) old = NULL;
  g_autoptr(sqlite3_stmt) upd = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;

  old = _bansou_store_prepare (store, "SELECT first_response || '/' || resolution FROM consult_sla WHERE priority = ?",
                               error);
  upd = _bansou_store_prepare (store, "INSERT INTO consult_sla (priority, first_response, resolution) VALUES (?1, ?2, ?3)"
                                      " ON CONFLICT (priority) DO UPDATE SET first_response = ?2, resolution = ?3",
                               error);
  if (old == NULL || upd == NULL)
    return FALSE;
  sqlite3_bind_text (old, 1, bansou_priority_to_string (op->priority), -1, SQLITE_STATIC);
  if (sqlite3_step (old) == SQLITE_ROW)
    old_value = g_strdup (_bansou_column_text (old, 0));
  sqlite3_bind_text (upd, 1, bansou_priority_to_string (op->priority), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (upd, 2, op->first_response);
  sqlite3_bind_int64 (upd, 3, op->resolution);
  if (!_bansou_store_step_done (store, upd, error))
    return FALSE;
  new_value = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, op->first_response, op->resolution);
  return bansou_store_audit (store, "consult_sla", bansou_priority_to_string (op->priority), "targets",
                             old_value, new_value, error);
}

/**
 * bansou_consult_set_sla_targets:
 * @first_response_minutes: office minutes, 1 or more
 * @resolution_minutes: office minutes, at least the first response's
 */
gboolean
bansou_consult_set_sla_targets (BansouConsult  *self,
                                BansouPriority  priority,
                                gint64          first_response_minutes,
                                gint64          resolution_minutes,
                                GError        **error)
{
  TargetsOp op = { priority, first_response_minutes, resolution_minutes };

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), FALSE);

  if (priority >= BANSOU_N_PRIORITIES)
    return _bansou_consult_invalid (error, _("That is not a priority."));
  /* A hundred office days is a generous ceiling, and keeps seconds small. */
  if (first_response_minutes < 1 || resolution_minutes < first_response_minutes ||
      resolution_minutes > 100 * 24 * 60)
    return _bansou_consult_invalid (error, _("An SLA's targets are 1 minute or more, and the resolution is not "
                                             "sooner than the first response."));
  if (!bansou_store_transaction (self->store, set_targets_cb, &op, error))
    return FALSE;
  self->targets[priority][0] = first_response_minutes;
  self->targets[priority][1] = resolution_minutes;
  return TRUE;
}

void
bansou_ticket_sla_clear (BansouTicketSla *sla)
{
  g_clear_pointer (&sla->first_response.deadline, g_date_time_unref);
  g_clear_pointer (&sla->resolution.deadline, g_date_time_unref);
}

static GDateTime *
parse_instant (const char *text)
{
  return text != NULL && *text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static GDateTime *
earlier (GDateTime *a,
         GDateTime *b)
{
  return g_date_time_compare (a, b) <= 0 ? a : b;
}

static GDateTime *
later (GDateTime *a,
       GDateTime *b)
{
  return g_date_time_compare (a, b) >= 0 ? a : b;
}

/* The office time on hold between @from and @to. */
static gint64
paused_seconds (BansouConsult      *self,
                const BansouTicket *t,
                GDateTime          *from,
                GDateTime          *to,
                GDateTime          *now)
{
  gint64 total = 0;

  for (guint i = 0; t->pauses != NULL && i + 1 < t->pauses->len; i += 2)
    {
      g_autoptr(GDateTime) start = parse_instant (g_ptr_array_index (t->pauses, i));
      g_autoptr(GDateTime) end = parse_instant (g_ptr_array_index (t->pauses, i + 1));
      GDateTime *a, *b;

      if (start == NULL)
        continue;
      a = later (start, from);
      b = earlier (end != NULL ? end : now, to);
      if (g_date_time_compare (a, b) < 0)
        total += bansou_calendar_business_seconds (self->calendar, a, b);
    }
  return total;
}

static void
compute_clock (BansouConsult      *self,
               const BansouTicket *t,
               GDateTime          *received,
               const char         *stop_text,
               gint64              target_minutes,
               GDateTime          *now,
               BansouSlaClock     *clock)
{
  g_autoptr(GDateTime) stop = parse_instant (stop_text);
  GDateTime *end = stop != NULL ? stop : now;
  gint64 paused;

  memset (clock, 0, sizeof *clock);
  clock->target = target_minutes * 60;
  clock->stopped = stop != NULL;
  clock->paused = !clock->stopped && t->state == BANSOU_TICKET_ON_HOLD;

  if (g_date_time_compare (end, received) < 0)
    end = received;
  paused = paused_seconds (self, t, received, end, now);
  clock->elapsed = MAX (0, bansou_calendar_business_seconds (self->calendar, received, end) - paused);
  clock->remaining = clock->target - clock->elapsed;
  clock->breached = clock->elapsed > clock->target;
  clock->met = clock->stopped && !clock->breached;
  /* While on hold the deadline moves with every office minute: none. */
  if (!clock->paused)
    clock->deadline = bansou_calendar_add_business_seconds (self->calendar, received, clock->target + paused);
}

/**
 * bansou_consult_compute_sla:
 * @now: (nullable): the current time when %NULL
 * @sla: (out caller-allocates): clear with bansou_ticket_sla_clear()
 *
 * Where @ticket stands against its priority's targets. A clock's
 * deadline is when it runs (or ran) out — none while the ticket is on
 * hold, as it moves.
 */
gboolean
bansou_consult_compute_sla (BansouConsult      *self,
                            const BansouTicket *ticket,
                            GDateTime          *now,
                            BansouTicketSla    *sla,
                            GError            **error)
{
  g_autoptr(GDateTime) received = NULL;
  g_autoptr(GDateTime) current = NULL;
  gint64 first, resolution;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), FALSE);
  g_return_val_if_fail (ticket != NULL && sla != NULL, FALSE);

  memset (sla, 0, sizeof *sla);
  if (!bansou_consult_get_sla_targets (self, ticket->priority, &first, &resolution, error))
    return FALSE;
  if (!(received = parse_instant (ticket->received_at)))
    return _bansou_consult_invalid (error, _("Consultation %d has no time of receipt."),
                                    (int) ticket->number);
  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();

  compute_clock (self, ticket, received, ticket->first_response_at, first, current, &sla->first_response);
  compute_clock (self, ticket, received, ticket->resolved_at, resolution, current, &sla->resolution);
  return TRUE;
}

/**
 * bansou_sla_format_remaining:
 *
 * Returns: (transfer full): "残り 1日2時間" or "超過 45分" in office
 *   time, where a day is the office day
 */
char *
bansou_sla_format_remaining (BansouConsult        *self,
                             const BansouSlaClock *clock)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint opens, closes;
  gint64 minutes, day;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);
  g_return_val_if_fail (clock != NULL, NULL);

  bansou_calendar_get_office_hours (self->calendar, &opens, &closes);
  day = MAX (1, (gint64) closes - (gint64) opens);
  minutes = ABS (clock->remaining) / 60;

  if (minutes >= day)
    g_string_append_printf (text, _("%dd"), (int) (minutes / day));
  if ((minutes % day) / 60 > 0)
    g_string_append_printf (text, _("%dh"), (int) ((minutes % day) / 60));
  if (minutes % 60 > 0 || text->len == 0)
    g_string_append_printf (text, _("%dmin"), (int) (minutes % 60));

  if (clock->remaining < 0)
    return g_strdup_printf (_("%s over"), text->str);
  return g_strdup_printf (_("%s left"), text->str);
}
