/* bansou-dispatch-visits.c — visits on the government calendar, and the
 * conflicts flagged before one is saved
 *
 * A visit is an expert at a body on one day, from a start to an end
 * time, for the questions of its request. Before it is written, its
 * conflicts are listed: a double booking of the expert (never
 * overridable), a day the offices are closed (with the holiday's name),
 * a contract or 守秘義務 not valid on the day, the expert's monthly cap of
 * visits or hours, the days a week the expert works, an expert no longer
 * in the pool, a day outside the request's wanted period. With any of
 * them the visit is refused, nothing written, unless an override reason
 * is given: it is stored with the visit and audited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-dispatch"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-dispatch-private.h"
#include "bansou-util.h"
#include "bansou-wareki.h"

#define REASON_MAX 1000

void
bansou_visit_conflict_free (BansouVisitConflict *c)
{
  if (c == NULL)
    return;
  g_free (c->message);
  g_free (c->other_visit);
  g_free (c);
}

static void
visit_question_free (BansouVisitQuestion *q)
{
  g_free (q->question);
  g_free (q->note);
  g_free (q->accepted_at);
  g_free (q);
}

void
bansou_visit_free (BansouVisit *v)
{
  if (v == NULL)
    return;
  g_free (v->id);
  g_free (v->request);
  g_free (v->expert);
  g_free (v->expert_name);
  g_free (v->body);
  g_free (v->body_name);
  g_free (v->day);
  g_free (v->override_reason);
  g_free (v->report);
  g_free (v->reported_at);
  g_clear_pointer (&v->questions, g_ptr_array_unref);
  g_free (v->updated_by);
  g_free (v->updated_at);
  g_free (v);
}

/* "12月30日（水）" in Japanese, "Wed 30 Dec" otherwise */
static char *
format_day (const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                                   g_date_get_day (date), 0, 0, 0);
  /* Translators: a visit's day in a message, g_date_time_format () */
  return g_date_time_format (dt, _("%a %e %b %Y"));
}

static void
add_conflict (GPtrArray          *list,
              BansouVisitConflictKind  kind,
              const char         *other,
              char               *message)
{
  BansouVisitConflict *c = g_new0 (BansouVisitConflict, 1);

  c->kind = kind;
  c->overridable = kind != BANSOU_VISIT_CONFLICT_DOUBLE_BOOKING;
  c->message = message;
  c->other_visit = g_strdup (other);
  g_ptr_array_add (list, c);
}

/* A visit as it will be written: validated, canonical. */
typedef struct
{
  BansouExpert          *expert;
  char                  *body;
  char                  *request;     /* nullable */
  BansouDispatchRequest *req;         /* nullable */
  char                  *day;
  GDate                 *date;
  guint                  start_min;
  guint                  end_min;
  GPtrArray             *questions;   /* sorted ids */
} Resolved;

static void
resolved_free (Resolved *r)
{
  bansou_expert_free (r->expert);
  g_free (r->body);
  g_free (r->request);
  bansou_dispatch_request_free (r->req);
  g_free (r->day);
  if (r->date)
    g_date_free (r->date);
  g_clear_pointer (&r->questions, g_ptr_array_unref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Resolved, resolved_free)

static gboolean
check_times (guint     start_min,
             guint     end_min,
             GError  **error)
{
  if (start_min >= 24 * 60 || end_min > 24 * 60 || end_min <= start_min)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("A visit ends after it starts, within the day"));
      return FALSE;
    }
  return TRUE;
}

static Resolved *
resolve_spec (BansouDispatch         *self,
              const BansouVisitSpec  *spec,
              GError                **error)
{
  g_autoptr(Resolved) r = g_new0 (Resolved, 1);
  const char * const *questions = spec->questions;

  r->questions = g_ptr_array_new_with_free_func (g_free);
  if (spec->request != NULL)
    {
      if (!(r->req = bansou_dispatch_get_request (self, spec->request, error)))
        return NULL;
      if (r->req->state == BANSOU_REQUEST_CANCELLED)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE,
                       _("Request %d was cancelled: no visit can be scheduled for it"),
                       (int) r->req->number);
          return NULL;
        }
      r->request = g_strdup (r->req->id);
      if (questions == NULL)
        questions = (const char * const *) r->req->questions;
    }
  if (spec->body != NULL)
    {
      g_autoptr(BansouBody) body = bansou_registry_lookup (self->registry, spec->body, error);

      if (body == NULL)
        return NULL;
      r->body = g_strdup (bansou_body_get_code (body));
      if (r->req && !g_str_equal (r->body, r->req->body))
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                       _("Request %d is for %s, not for this body"),
                       (int) r->req->number, r->req->body_name);
          return NULL;
        }
    }
  else if (r->req)
    r->body = g_strdup (r->req->body);
  else
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("A visit is for a body or a request: give one"));
      return NULL;
    }
  if (!(r->expert = bansou_dispatch_get_expert (self, spec->expert, error)))
    return NULL;
  if (spec->day == NULL || !(r->date = bansou_date_parse_iso (spec->day)))
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("The day of the visit “%s” is not a date (write it as YYYY-MM-DD)"),
                   spec->day ? spec->day : "");
      return NULL;
    }
  r->day = bansou_date_to_iso (r->date);
  if (!check_times (spec->start_min, spec->end_min, error))
    return NULL;
  r->start_min = spec->start_min;
  r->end_min = spec->end_min;
  if (!_bansou_dispatch_check_questions (self, questions, r->questions, error))
    return NULL;
  return g_steal_pointer (&r);
}

/* The conflicts of @r, leaving out the visit @moving. */
static GPtrArray *
conflicts_of (BansouDispatch  *self,
              Resolved        *r,
              const char      *moving,
              GError         **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_visit_conflict_free);
  g_autofree char *day_text = format_day (r->date);
  BansouExpert *e = r->expert;
  const char *reason = NULL;

  /* Double booking: the expert is somewhere else at that time. */
  {
    g_autoptr(BansouCachedStmt) stmt =
      _bansou_store_prepare_cached (self->store,
                                    "SELECT v.id, v.number, v.start_min, v.end_min, coalesce (b.name, v.body) "
                                    "FROM visits v LEFT JOIN bodies b ON b.code = v.body "
                                    "WHERE v.expert = ?1 AND v.day = ?2 AND v.state <> 'cancelled' "
                                    "AND v.id <> ?3 AND v.start_min < ?5 AND v.end_min > ?4 ORDER BY v.start_min",
                                    error);
    if (stmt == NULL)
      return NULL;
    sqlite3_bind_text (stmt, 1, e->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, r->day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, moving ? moving : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 4, r->start_min);
    sqlite3_bind_int (stmt, 5, r->end_min);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_autofree char *from = _bansou_dispatch_format_time (sqlite3_column_int (stmt, 2));
        g_autofree char *to = _bansou_dispatch_format_time (sqlite3_column_int (stmt, 3));

        add_conflict (list, BANSOU_VISIT_CONFLICT_DOUBLE_BOOKING, _bansou_column_text (stmt, 0),
                      /* Translators: name, day, visit number, times, body */
                      g_strdup_printf (_("%s already has visit %d on %s, %s–%s at %s"),
                                       e->name, sqlite3_column_int (stmt, 1), day_text, from, to,
                                       _bansou_column_text (stmt, 4)));
      }
  }

  /* A closed day: weekend, holiday (named), 年末年始, the prefecture's day. */
  if (!bansou_calendar_is_business_day (self->calendar, r->date, &reason))
    add_conflict (list, BANSOU_VISIT_CONFLICT_CLOSED_DAY, NULL,
                  /* Translators: a day, and why the offices are closed (a holiday's name, 土曜, 年末年始 …) */
                  g_strdup_printf (_("%s is not a business day (%s)"), day_text, reason));

  if (!e->active)
    add_conflict (list, BANSOU_VISIT_CONFLICT_INACTIVE, NULL,
                  g_strdup_printf (_("%s is no longer in the pool of experts"), e->name));

  if ((e->contract_start && strcmp (r->day, e->contract_start) < 0) ||
      (e->contract_end && strcmp (r->day, e->contract_end) > 0))
    add_conflict (list, BANSOU_VISIT_CONFLICT_CONTRACT, NULL,
                  g_strdup_printf (_("%s has no contract on %s (contract %s to %s)"), e->name, day_text,
                                   e->contract_start ? e->contract_start : "…",
                                   e->contract_end ? e->contract_end : "…"));

  if (e->nda_signed_on == NULL || strcmp (r->day, e->nda_signed_on) < 0)
    add_conflict (list, BANSOU_VISIT_CONFLICT_NDA, NULL,
                  g_strdup_printf (_("%s has not signed the confidentiality agreement by %s"), e->name, day_text));
  else if (e->nda_expires_on && strcmp (r->day, e->nda_expires_on) > 0)
    add_conflict (list, BANSOU_VISIT_CONFLICT_NDA, NULL,
                  g_strdup_printf (_("The confidentiality agreement of %s expired on %s, before %s"),
                                   e->name, e->nda_expires_on, day_text));

  /* The month's caps and the week's days. */
  {
    g_autoptr(BansouCachedStmt) stmt =
      _bansou_store_prepare_cached (self->store,
                                    "SELECT count (*), coalesce (sum (end_min - start_min), 0) FROM visits "
                                    "WHERE expert = ?1 AND substr (day, 1, 7) = substr (?2, 1, 7) "
                                    "AND state <> 'cancelled' AND id <> ?3", error);
    gint64 n_visits, minutes;

    if (stmt == NULL)
      return NULL;
    sqlite3_bind_text (stmt, 1, e->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, r->day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, moving ? moving : "", -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      return _bansou_store_set_error (self->store, error, _("counting visits")), NULL;
    n_visits = sqlite3_column_int64 (stmt, 0);
    minutes = sqlite3_column_int64 (stmt, 1);
    if (e->monthly_visits >= 0 && n_visits + 1 > e->monthly_visits)
      add_conflict (list, BANSOU_VISIT_CONFLICT_MONTHLY_VISITS, NULL,
                    g_strdup_printf (_("%s would make %d visits in %d/%d, more than the cap of %d"),
                                     e->name, (int) (n_visits + 1), g_date_get_month (r->date), g_date_get_year (r->date),
                                     (int) e->monthly_visits));
    if (e->monthly_minutes >= 0 && minutes + (r->end_min - r->start_min) > e->monthly_minutes)
      add_conflict (list, BANSOU_VISIT_CONFLICT_MONTHLY_MINUTES, NULL,
                    g_strdup_printf (_("%s would work %.1f hours in %d/%d, more than the cap of %.1f hours"),
                                     e->name, (minutes + (r->end_min - r->start_min)) / 60.0,
                                     g_date_get_month (r->date), g_date_get_year (r->date),
                                     e->monthly_minutes / 60.0));
  }
  {
    g_autoptr(BansouCachedStmt) stmt =
      _bansou_store_prepare_cached (self->store,
                                    "SELECT count (DISTINCT day), sum (day = ?4) FROM visits "
                                    "WHERE expert = ?1 AND day BETWEEN ?2 AND ?3 AND state <> 'cancelled' AND id <> ?5",
                                    error);
    GDate monday = *r->date, sunday;
    g_autofree char *from = NULL;
    g_autofree char *to = NULL;
    gint64 days;

    if (stmt == NULL)
      return NULL;
    g_date_subtract_days (&monday, g_date_get_weekday (r->date) - G_DATE_MONDAY);
    sunday = monday;
    g_date_add_days (&sunday, 6);
    from = bansou_date_to_iso (&monday);
    to = bansou_date_to_iso (&sunday);
    sqlite3_bind_text (stmt, 1, e->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 4, r->day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 5, moving ? moving : "", -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      return _bansou_store_set_error (self->store, error, _("counting visits")), NULL;
    days = sqlite3_column_int64 (stmt, 0) + (sqlite3_column_int64 (stmt, 1) > 0 ? 0 : 1);
    if (days > e->days_per_week)
      add_conflict (list, BANSOU_VISIT_CONFLICT_DAYS_PER_WEEK, NULL,
                    g_strdup_printf (_("%s works %u days a week; the week of %s would have %d days of visits"),
                                     e->name, e->days_per_week, day_text, (int) days));
  }

  if (r->req && ((r->req->wanted_from && strcmp (r->day, r->req->wanted_from) < 0) ||
                 (r->req->wanted_until && strcmp (r->day, r->req->wanted_until) > 0)))
    add_conflict (list, BANSOU_VISIT_CONFLICT_WINDOW, NULL,
                  g_strdup_printf (_("Request %d wants a visit from %s to %s"),
                                   (int) r->req->number, r->req->wanted_from ? r->req->wanted_from : "…",
                                   r->req->wanted_until ? r->req->wanted_until : "…"));

  return g_steal_pointer (&list);
}

/**
 * bansou_dispatch_check_visit:
 * @moving: (nullable): the visit being moved, which is no conflict of itself
 *
 * The conflicts of a visit, before it is saved.
 *
 * Returns: (transfer container) (element-type BansouVisitConflict): empty when
 *   none; %NULL with @error when @spec itself is wrong
 */
GPtrArray *
bansou_dispatch_check_visit (BansouDispatch         *self,
                             const BansouVisitSpec  *spec,
                             const char             *moving,
                             GError                **error)
{
  g_autoptr(Resolved) r = NULL;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  if (!(r = resolve_spec (self, spec, error)))
    return NULL;
  return conflicts_of (self, r, moving, error);
}

/* Refuses @conflicts unless every one is overridable and @reason given. */
static gboolean
accept_conflicts (GPtrArray    *conflicts,
                  const char   *reason,
                  GError      **error)
{
  g_autoptr(GString) text = NULL;
  gboolean hard = FALSE;

  if (conflicts->len == 0)
    return TRUE;
  for (guint i = 0; i < conflicts->len; i++)
    hard |= !((BansouVisitConflict *) g_ptr_array_index (conflicts, i))->overridable;
  if (!hard && !bansou_str_is_blank (reason))
    {
      if (g_utf8_strlen (reason, -1) > REASON_MAX)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                       _("The reason is longer than %u characters"), REASON_MAX);
          return FALSE;
        }
      return TRUE;
    }

  text = g_string_new (hard ? _("The visit cannot be saved: the expert is booked at that time.")
                            : _("The visit has conflicts; save it only with the reason they are accepted."));
  for (guint i = 0; i < conflicts->len; i++)
    g_string_append_printf (text, "\n• %s", ((BansouVisitConflict *) g_ptr_array_index (conflicts, i))->message);
  g_set_error_literal (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_CONFLICT, text->str);
  return FALSE;
}

static char *
conflict_kinds (GPtrArray *conflicts)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < conflicts->len; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "",
                            bansou_visit_conflict_kind_to_string (((BansouVisitConflict *) g_ptr_array_index (conflicts, i))->kind));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Keeps a request's state in step with its visits: done when one was
 * reported, scheduled while one is planned, open otherwise (a cancelled
 * request stays so). Inside the caller's transaction. */
static gboolean
sync_request_state (BansouStore  *store,
                    const char   *request,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) up = NULL;
  g_autofree char *old_state = NULL;
  const char *new_state;

  if (request == NULL)
    return TRUE;
  stmt = _bansou_store_prepare (store,
                                "SELECT r.state, (SELECT count (*) FROM visits WHERE request = r.id AND state = 'done'), "
                                "(SELECT count (*) FROM visits WHERE request = r.id AND state = 'planned') "
                                "FROM dispatch_requests r WHERE r.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, request, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  old_state = g_strdup (_bansou_column_text (stmt, 0));
  if (g_str_equal (old_state, "cancelled"))
    return TRUE;
  new_state = sqlite3_column_int (stmt, 1) > 0 ? "done" : sqlite3_column_int (stmt, 2) > 0 ? "scheduled" : "open";
  if (g_str_equal (old_state, new_state))
    return TRUE;
  up = _bansou_store_prepare (store, "UPDATE dispatch_requests SET state = ?1 WHERE id = ?2", error);
  if (up == NULL)
    return FALSE;
  sqlite3_bind_text (up, 1, new_state, -1, SQLITE_STATIC);
  sqlite3_bind_text (up, 2, request, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (store, up, error) &&
         _bansou_dispatch_touch (store, "dispatch_requests", request, error) &&
         bansou_store_audit (store, REQUEST_ENTITY, request, "state", old_state, new_state, error) &&
         _bansou_dispatch_enqueue (store, REQUEST_TYPE, request, error);
}

static char *
slot_text (const char *expert,
           const char *day,
           guint       start_min,
           guint       end_min)
{
  g_autofree char *from = _bansou_dispatch_format_time (start_min);
  g_autofree char *to = _bansou_dispatch_format_time (end_min);

  return g_strdup_printf ("%s %s %s-%s", expert, day, from, to);
}

typedef struct
{
  const char *id;
  Resolved   *r;
  const char *override;   /* "" when no conflicts */
  const char *kinds;      /* the conflicts accepted */
  gint64      number;
} Schedule;

static gboolean
schedule_cb (BansouStore  *store,
             gpointer      user_data,
             GError      **error)
{
  Schedule *op = user_data;
  Resolved *r = op->r;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;
  g_autofree char *now = bansou_now_iso ();
  g_autofree char *slot = slot_text (r->expert->id, r->day, r->start_min, r->end_min);
  g_autofree char *created = NULL;

  if ((op->number = _bansou_dispatch_next_number (store, "visits", error)) < 0)
    return FALSE;
  stmt = _bansou_store_prepare (store,
                                "INSERT INTO visits (id, number, request, expert, body, day, start_min, end_min, "
                                "override_reason, created_at, updated_by, updated_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10)", error);
  ins = _bansou_store_prepare (store, "INSERT INTO visit_questions (visit, question) VALUES (?, ?)", error);
  if (stmt == NULL || ins == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, op->number);
  sqlite3_bind_text (stmt, 3, r->request, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, r->expert->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, r->body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, r->day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 7, r->start_min);
  sqlite3_bind_int (stmt, 8, r->end_min);
  sqlite3_bind_text (stmt, 9, op->override, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;
  for (guint i = 0; i < r->questions->len; i++)
    {
      sqlite3_reset (ins);
      sqlite3_bind_text (ins, 1, op->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 2, g_ptr_array_index (r->questions, i), -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, ins, error))
        return FALSE;
    }
  created = g_strdup_printf ("%" G_GINT64_FORMAT " %s", op->number, r->body);
  if (!bansou_store_audit (store, VISIT_ENTITY, op->id, "created", NULL, created, error) ||
      !bansou_store_audit (store, VISIT_ENTITY, op->id, "slot", NULL, slot, error))
    return FALSE;
  if (*op->override != '\0')
    {
      g_autofree char *what = g_strdup_printf ("%s: %s", op->kinds, op->override);
      if (!bansou_store_audit (store, VISIT_ENTITY, op->id, "override", NULL, what, error))
        return FALSE;
    }
  return _bansou_dispatch_visit_support (store, op->id, error) &&
         sync_request_state (store, r->request, error) &&
         _bansou_dispatch_enqueue (store, VISIT_TYPE, op->id, error);
}

/**
 * bansou_dispatch_schedule_visit:
 * @spec: who, where, when, for which questions (%NULL: the request's)
 * @override_reason: (nullable): why the conflicts are accepted; a double
 *   booking is never accepted
 * @conflicts: (out) (optional) (transfer container) (element-type BansouVisitConflict):
 *   the conflicts found, also when the visit was refused for them
 *
 * Refuses with %BANSOU_DISPATCH_ERROR_CONFLICT, nothing written, when the
 * visit has conflicts and no reason is given (the message lists them).
 *
 * Returns: (transfer full): the new visit's id, or %NULL
 */
char *
bansou_dispatch_schedule_visit (BansouDispatch         *self,
                                const BansouVisitSpec  *spec,
                                const char             *override_reason,
                                GPtrArray             **conflicts,
                                GError                **error)
{
  g_autoptr(Resolved) r = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *reason = g_strstrip (g_strdup (override_reason ? override_reason : ""));
  g_autofree char *kinds = NULL;
  Schedule op = { 0 };

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  if (conflicts)
    *conflicts = NULL;
  if (!(r = resolve_spec (self, spec, error)) ||
      !(found = conflicts_of (self, r, NULL, error)))
    return NULL;
  if (conflicts)
    *conflicts = g_ptr_array_ref (found);
  if (!accept_conflicts (found, reason, error))
    return NULL;
  kinds = conflict_kinds (found);

  op.id = id;
  op.r = r;
  op.override = found->len > 0 ? reason : "";
  op.kinds = kinds;
  if (!bansou_store_transaction (self->store, schedule_cb, &op, error))
    return NULL;
  _bansou_dispatch_emit_changed (self, VISIT_TYPE, id);
  if (r->request)
    _bansou_dispatch_emit_changed (self, REQUEST_TYPE, r->request);
  return g_steal_pointer (&id);
}

#define VISIT_COLUMNS \
  "v.id, v.number, v.request, v.expert, coalesce (e.name, ''), v.body, coalesce (b.name, v.body), v.day, " \
  "v.start_min, v.end_min, v.state, v.override_reason, v.report, v.worked_min, v.cost, v.subsidy_bp, " \
  "v.reported_at, v.updated_by, v.updated_at, v.server_rev"
#define VISIT_FROM \
  " FROM visits v LEFT JOIN experts e ON e.id = v.expert LEFT JOIN bodies b ON b.code = v.body "

static BansouVisit *
visit_from_row (sqlite3_stmt *stmt)
{
  BansouVisit *v = g_new0 (BansouVisit, 1);
  int c = 0;

  v->id = _bansou_dispatch_dup_column (stmt, c++);
  v->number = sqlite3_column_int64 (stmt, c++);
  v->request = _bansou_dispatch_dup_column (stmt, c++);
  v->expert = _bansou_dispatch_dup_column (stmt, c++);
  v->expert_name = _bansou_dispatch_dup_column (stmt, c++);
  v->body = _bansou_dispatch_dup_column (stmt, c++);
  v->body_name = _bansou_dispatch_dup_column (stmt, c++);
  v->day = _bansou_dispatch_dup_column (stmt, c++);
  v->start_min = sqlite3_column_int (stmt, c++);
  v->end_min = sqlite3_column_int (stmt, c++);
  v->state = bansou_visit_state_from_string (_bansou_column_text (stmt, c++));
  v->override_reason = _bansou_dispatch_dup_column (stmt, c++);
  v->report = _bansou_dispatch_dup_column (stmt, c++);
  v->worked_min = _bansou_dispatch_int_column (stmt, c++);
  v->cost = _bansou_dispatch_int_column (stmt, c++);
  v->subsidy_bp = sqlite3_column_int (stmt, c++);
  v->reported_at = _bansou_dispatch_dup_column (stmt, c++);
  v->updated_by = _bansou_dispatch_dup_column (stmt, c++);
  v->updated_at = _bansou_dispatch_dup_column (stmt, c++);
  v->server_rev = sqlite3_column_int64 (stmt, c++);
  v->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) visit_question_free);
  return v;
}

static void
add_question_row (BansouVisit  *v,
                  sqlite3_stmt *stmt,
                  int           first)
{
  BansouVisitQuestion *q = g_new0 (BansouVisitQuestion, 1);

  q->question = g_strdup (_bansou_column_text (stmt, first));
  q->finding = sqlite3_column_type (stmt, first + 1) == SQLITE_NULL
             ? BANSOU_FINDING_NONE : bansou_finding_from_string (_bansou_column_text (stmt, first + 1));
  if (q->finding == BANSOU_N_FINDINGS)
    q->finding = BANSOU_FINDING_NONE;
  q->note = g_strdup (_bansou_column_text (stmt, first + 2));
  q->accepted_at = _bansou_dispatch_dup_column (stmt, first + 3);
  g_ptr_array_add (v->questions, q);
}

BansouVisit *
_bansou_dispatch_visit_from_id (BansouDispatch  *self,
                                const char      *full_id,
                                GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) qs = NULL;
  g_autoptr(BansouVisit) v = NULL;

  stmt = _bansou_store_prepare (self->store, "SELECT " VISIT_COLUMNS VISIT_FROM "WHERE v.id = ?", error);
  qs = _bansou_store_prepare (self->store,
                              "SELECT question, finding, note, accepted_at FROM visit_questions "
                              "WHERE visit = ? ORDER BY question", error);
  if (stmt == NULL || qs == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, full_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_NOT_FOUND,
                   _("No visit has the id “%s”"), full_id);
      return NULL;
    }
  v = visit_from_row (stmt);
  sqlite3_bind_text (qs, 1, full_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (qs) == SQLITE_ROW)
    add_question_row (v, qs, 0);
  return g_steal_pointer (&v);
}

/**
 * bansou_dispatch_get_visit:
 * @id: the UUID, a unique prefix, or the visit's number
 *
 * Returns: (transfer full): the visit with its questions, or %NULL
 */
BansouVisit *
bansou_dispatch_get_visit (BansouDispatch  *self,
                           const char      *id,
                           GError         **error)
{
  g_autofree char *full = NULL;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);

  if (!(full = _bansou_dispatch_resolve_id (self, "visits", id, error)))
    return NULL;
  return _bansou_dispatch_visit_from_id (self, full, error);
}

/**
 * bansou_dispatch_list_visits:
 * @expert: (nullable): only this expert's (an id or a unique prefix)
 * @body: (nullable): only at this body
 * @from: (nullable): from this day on, "YYYY-MM-DD"
 * @until: (nullable): up to this day, included
 *
 * Cancelled visits are listed too (their state says so).
 *
 * Returns: (transfer container) (element-type BansouVisit): by day and time
 */
GPtrArray *
bansou_dispatch_list_visits (BansouDispatch  *self,
                             const char      *expert,
                             const char      *body,
                             const char      *from,
                             const char      *until,
                             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) qs = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_visit_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *expert_id = NULL;
  g_autofree char *from_day = NULL;
  g_autofree char *until_day = NULL;
  const char *filter =
    "WHERE (?1 IS NULL OR v.expert = ?1) AND (?2 IS NULL OR v.body = ?2) "
    "AND (?3 IS NULL OR v.day >= ?3) AND (?4 IS NULL OR v.day <= ?4) ";
  g_autofree char *sql = NULL;
  g_autofree char *qsql = NULL;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);

  if (expert && !(expert_id = _bansou_dispatch_resolve_id (self, "experts", expert, error)))
    return NULL;
  if ((from && *from && !(from_day = _bansou_dispatch_check_date (from, _("first day"), error))) ||
      (until && *until && !(until_day = _bansou_dispatch_check_date (until, _("last day"), error))))
    return NULL;

  sql = g_strconcat ("SELECT " VISIT_COLUMNS VISIT_FROM, filter, "ORDER BY v.day, v.start_min, v.number", NULL);
  qsql = g_strconcat ("SELECT q.visit, q.question, q.finding, q.note, q.accepted_at "
                      "FROM visit_questions q JOIN visits v ON v.id = q.visit ", filter,
                      "ORDER BY q.visit, q.question", NULL);
  if (!(stmt = _bansou_store_prepare (self->store, sql, error)) ||
      !(qs = _bansou_store_prepare (self->store, qsql, error)))
    return NULL;
  for (int k = 0; k < 2; k++)
    {
      sqlite3_stmt *s = k ? qs : stmt;
      sqlite3_bind_text (s, 1, expert_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 2, body, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 3, from_day, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 4, until_day, -1, SQLITE_TRANSIENT);
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BansouVisit *v = visit_from_row (stmt);
      g_ptr_array_add (list, v);
      g_hash_table_insert (by_id, v->id, v);
    }
  while (sqlite3_step (qs) == SQLITE_ROW)
    {
      BansouVisit *v = g_hash_table_lookup (by_id, _bansou_column_text (qs, 0));
      if (v)
        add_question_row (v, qs, 1);
    }
  return g_steal_pointer (&list);
}

GPtrArray *
bansou_dispatch_list_visits_by_expert (BansouDispatch  *self,
                                       const char      *expert,
                                       const char      *from,
                                       const char      *until,
                                       GError         **error)
{
  g_return_val_if_fail (expert != NULL, NULL);
  return bansou_dispatch_list_visits (self, expert, NULL, from, until, error);
}

GPtrArray *
bansou_dispatch_list_visits_by_body (BansouDispatch  *self,
                                     const char      *body,
                                     const char      *from,
                                     const char      *until,
                                     GError         **error)
{
  g_return_val_if_fail (body != NULL, NULL);
  return bansou_dispatch_list_visits (self, NULL, body, from, until, error);
}

GPtrArray *
bansou_dispatch_list_visits_in_range (BansouDispatch  *self,
                                      const char      *from,
                                      const char      *until,
                                      GError         **error)
{
  return bansou_dispatch_list_visits (self, NULL, NULL, from, until, error);
}

typedef struct
{
  const char *id;
  const char *expert;
  const char *day;
  guint       start_min;
  guint       end_min;
  const char *override;
  const char *kinds;
  const char *old_slot;
  const char *new_slot;
} Move;

static gboolean
move_cb (BansouStore  *store,
         gpointer      user_data,
         GError      **error)
{
  Move *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _bansou_store_prepare (store,
                                "UPDATE visits SET expert = ?1, day = ?2, start_min = ?3, end_min = ?4, "
                                "override_reason = ?5 WHERE id = ?6", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->expert, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, op->day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, op->start_min);
  sqlite3_bind_int (stmt, 4, op->end_min);
  sqlite3_bind_text (stmt, 5, op->override, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, op->id, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, stmt, error) ||
      !_bansou_dispatch_touch (store, "visits", op->id, error) ||
      !bansou_store_audit (store, VISIT_ENTITY, op->id, "slot", op->old_slot, op->new_slot, error))
    return FALSE;
  if (*op->override != '\0')
    {
      g_autofree char *what = g_strdup_printf ("%s: %s", op->kinds, op->override);
      if (!bansou_store_audit (store, VISIT_ENTITY, op->id, "override", NULL, what, error))
        return FALSE;
    }
  return _bansou_dispatch_visit_support (store, op->id, error) &&
         _bansou_dispatch_enqueue (store, VISIT_TYPE, op->id, error);
}

/**
 * bansou_dispatch_move_visit:
 * @expert: (nullable): another expert, or %NULL to keep the visit's
 * @override_reason: (nullable): as for bansou_dispatch_schedule_visit()
 * @conflicts: (out) (optional) (transfer container) (element-type BansouVisitConflict)
 *
 * Moves a planned visit to another day, time or expert, with the same
 * conflict check as scheduling it.
 */
gboolean
bansou_dispatch_move_visit (BansouDispatch  *self,
                            const char      *id,
                            const char      *expert,
                            const char      *day,
                            guint            start_min,
                            guint            end_min,
                            const char      *override_reason,
                            GPtrArray      **conflicts,
                            GError         **error)
{
  g_autoptr(BansouVisit) v = NULL;
  g_autoptr(Resolved) r = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *reason = g_strstrip (g_strdup (override_reason ? override_reason : ""));
  g_autofree char *kinds = NULL;
  g_autofree char *old_slot = NULL;
  g_autofree char *new_slot = NULL;
  g_auto(GStrv) questions = NULL;
  BansouVisitSpec spec = { 0 };
  Move op = { 0 };

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), FALSE);

  if (conflicts)
    *conflicts = NULL;
  if (!(v = bansou_dispatch_get_visit (self, id, error)))
    return FALSE;
  if (v->state != BANSOU_VISIT_PLANNED)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE,
                   _("Visit %d is %s and cannot be moved"), (int) v->number,
                   bansou_visit_state_get_label (v->state));
      return FALSE;
    }
  questions = g_new0 (char *, v->questions->len + 1);
  for (guint i = 0; i < v->questions->len; i++)
    questions[i] = g_strdup (((BansouVisitQuestion *) g_ptr_array_index (v->questions, i))->question);
  spec.request = v->request;
  spec.body = v->body;
  spec.expert = expert ? expert : v->expert;
  spec.day = day;
  spec.start_min = start_min;
  spec.end_min = end_min;
  spec.questions = (const char * const *) questions;
  if (!(r = resolve_spec (self, &spec, error)) ||
      !(found = conflicts_of (self, r, v->id, error)))
    return FALSE;
  if (conflicts)
    *conflicts = g_ptr_array_ref (found);
  if (!accept_conflicts (found, reason, error))
    return FALSE;

  old_slot = slot_text (v->expert, v->day, v->start_min, v->end_min);
  new_slot = slot_text (r->expert->id, r->day, r->start_min, r->end_min);
  if (g_str_equal (old_slot, new_slot) && g_str_equal (v->override_reason, found->len ? reason : ""))
    return TRUE;
  kinds = conflict_kinds (found);

  op.id = v->id;
  op.expert = r->expert->id;
  op.day = r->day;
  op.start_min = r->start_min;
  op.end_min = r->end_min;
  op.override = found->len > 0 ? reason : "";
  op.kinds = kinds;
  op.old_slot = old_slot;
  op.new_slot = new_slot;
  if (!bansou_store_transaction (self->store, move_cb, &op, error))
    return FALSE;
  _bansou_dispatch_emit_changed (self, VISIT_TYPE, v->id);
  return TRUE;
}

typedef struct
{
  const char *id;
  const char *request;
  const char *reason;
} Cancel;

static gboolean
cancel_cb (BansouStore  *store,
           gpointer      user_data,
           GError      **error)
{
  Cancel *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _bansou_store_prepare (store, "UPDATE visits SET state = 'cancelled' WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_TRANSIENT);
  return _bansou_store_step_done (store, stmt, error) &&
         _bansou_dispatch_touch (store, "visits", op->id, error) &&
         bansou_store_audit (store, VISIT_ENTITY, op->id, "state", "planned", "cancelled", error) &&
         (*op->reason == '\0' ||
          bansou_store_audit (store, VISIT_ENTITY, op->id, "cancel-reason", NULL, op->reason, error)) &&
         _bansou_dispatch_visit_support (store, op->id, error) &&
         sync_request_state (store, op->request, error) &&
         _bansou_dispatch_enqueue (store, VISIT_TYPE, op->id, error);
}

/**
 * bansou_dispatch_cancel_visit:
 * @reason: (nullable): why, for the audit trail
 *
 * Cancels a planned visit: its support actions go, its request is open
 * again when no other visit serves it.
 */
gboolean
bansou_dispatch_cancel_visit (BansouDispatch  *self,
                              const char      *id,
                              const char      *reason,
                              GError         **error)
{
  g_autoptr(BansouVisit) v = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (reason ? reason : ""));
  Cancel op;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), FALSE);

  if (!(v = bansou_dispatch_get_visit (self, id, error)))
    return FALSE;
  if (v->state == BANSOU_VISIT_CANCELLED)
    return TRUE;
  if (v->state != BANSOU_VISIT_PLANNED)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE,
                   _("Visit %d was reported and cannot be cancelled"), (int) v->number);
      return FALSE;
    }
  if (g_utf8_strlen (clean, -1) > REASON_MAX)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("The reason is longer than %u characters"), REASON_MAX);
      return FALSE;
    }
  op.id = v->id;
  op.request = v->request;
  op.reason = clean;
  if (!bansou_store_transaction (self->store, cancel_cb, &op, error))
    return FALSE;
  _bansou_dispatch_emit_changed (self, VISIT_TYPE, v->id);
  if (v->request)
    _bansou_dispatch_emit_changed (self, REQUEST_TYPE, v->request);
  return TRUE;
}

/* For the report (bansou-dispatch-report.c). */
gboolean
_bansou_dispatch_sync_request_state (BansouStore  *store,
                                     const char   *request,
                                     GError      **error)
{
  return sync_request_state (store, request, error);
}
