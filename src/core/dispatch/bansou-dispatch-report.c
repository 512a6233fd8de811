/* bansou-dispatch-report.c — the visit report, and its findings written
 * into the current round
 *
 * After a visit the expert reports what was done, the minutes worked,
 * the cost (from the expert's rate unless entered) and the prefecture's
 * share of it, and a finding per linked question. Accepting the
 * findings writes answer changes into the current round (the latest)
 * through the survey's normal answer path — audited, queued for sync —
 * with the evidence "訪問 N"; never silently: preview_findings() says
 * what will change, accept_findings() applies exactly that.
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

#define REPORT_MAX 4000
#define NOTE_MAX   2000

void
bansou_answer_change_free (BansouAnswerChange *c)
{
  if (c == NULL)
    return;
  g_free (c->round);
  g_free (c->body);
  g_free (c->question);
  g_free (c->done_on);
  g_free (c->evidence);
  g_free (c);
}

/* The visit must have taken place: not cancelled, not in the future. */
static gboolean
check_happened (BansouVisit  *v,
                GError      **error)
{
  g_autoptr(GDate) today = bansou_date_today ();
  g_autofree char *today_iso = bansou_date_to_iso (today);

  if (v->state == BANSOU_VISIT_CANCELLED)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE,
                   _("Visit %d was cancelled: there is nothing to report"), (int) v->number);
      return FALSE;
    }
  if (strcmp (v->day, today_iso) > 0)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE,
                   _("Visit %d is planned for %s and has not taken place yet"),
                   (int) v->number, v->day);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  BansouVisit             *v;
  const BansouVisitReport *report;
  char                    *text;
  gint64                   cost;
} Report;

static gboolean
report_cb (BansouStore  *store,
           gpointer      user_data,
           GError      **error)
{
  Report *op = user_data;
  g_autoptr(sqlite3_stmt) up = NULL;
  g_autoptr(sqlite3_stmt) q = NULL;
  g_autofree char *now = bansou_now_iso ();
  g_autofree char *summary = NULL;
  g_autofree char *cost_text = op->cost >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, op->cost) : NULL;

  up = _bansou_store_prepare (store,
                              "UPDATE visits SET state = 'done', report = ?1, worked_min = ?2, cost = ?3, "
                              "subsidy_bp = ?4, reported_at = ?5 WHERE id = ?6", error);
  q = _bansou_store_prepare (store,
                             "UPDATE visit_questions SET finding = ?1, note = ?2 WHERE visit = ?3 AND question = ?4",
                             error);
  if (up == NULL || q == NULL)
    return FALSE;
  sqlite3_bind_text (up, 1, op->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (up, 2, op->report->worked_min);
  if (op->cost >= 0)
    sqlite3_bind_int64 (up, 3, op->cost);
  else
    sqlite3_bind_null (up, 3);
  sqlite3_bind_int (up, 4, op->report->subsidy_bp);
  sqlite3_bind_text (up, 5, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (up, 6, op->v->id, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, up, error))
    return FALSE;

  for (guint i = 0; i < op->report->n_findings; i++)
    {
      const BansouFindingSpec *f = &op->report->findings[i];
      g_autofree char *note = g_strstrip (g_strdup (f->note ? f->note : ""));
      g_autofree char *key = g_strdup_printf ("finding %s", f->question);

      sqlite3_reset (q);
      if (f->finding == BANSOU_FINDING_NONE)
        sqlite3_bind_null (q, 1);
      else
        sqlite3_bind_text (q, 1, bansou_finding_to_string (f->finding), -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 2, note, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (q, 3, op->v->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (q, 4, f->question, -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, q, error) ||
          !bansou_store_audit (store, VISIT_ENTITY, op->v->id, key, NULL,
                               bansou_finding_to_string (f->finding), error))
        return FALSE;
    }

  summary = g_strdup_printf ("%" G_GINT64_FORMAT " min, %s yen, %u bp", op->report->worked_min,
                             cost_text ? cost_text : "-", op->report->subsidy_bp);
  return _bansou_dispatch_touch (store, "visits", op->v->id, error) &&
         bansou_store_audit (store, VISIT_ENTITY, op->v->id, "state",
                             bansou_visit_state_to_string (op->v->state), "done", error) &&
         bansou_store_audit (store, VISIT_ENTITY, op->v->id, "report", op->v->report, op->text, error) &&
         bansou_store_audit (store, VISIT_ENTITY, op->v->id, "work", NULL, summary, error) &&
         _bansou_dispatch_visit_support (store, op->v->id, error) &&
         _bansou_dispatch_sync_request_state (store, op->v->request, error) &&
         _bansou_dispatch_enqueue (store, VISIT_TYPE, op->v->id, error);
}

/**
 * bansou_dispatch_report_visit:
 * @report: what was done, minutes, cost (-1: from the expert's rate, per
 *   visit or per hour), the prefecture's share, findings per question
 *
 * Refused, nothing written, for a cancelled visit or one in the future,
 * and for a finding of a question already written into the round.
 */
gboolean
bansou_dispatch_report_visit (BansouDispatch           *self,
                              const char               *id,
                              const BansouVisitReport  *report,
                              GError                  **error)
{
  g_autoptr(BansouVisit) v = NULL;
  g_autoptr(BansouExpert) e = NULL;
  g_autofree char *text = NULL;
  Report op = { 0 };

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (report->findings != NULL || report->n_findings == 0, FALSE);

  if (!(v = bansou_dispatch_get_visit (self, id, error)) || !check_happened (v, error))
    return FALSE;
  text = g_strstrip (g_strdup (report->report ? report->report : ""));
  if (*text == '\0' || g_utf8_strlen (text, -1) > REPORT_MAX)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("A visit report says what was done, in at most %u characters"), REPORT_MAX);
      return FALSE;
    }
  if (report->worked_min <= 0 || report->worked_min > 24 * 60)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("The minutes worked are between 1 and 1440"));
      return FALSE;
    }
  if (report->cost < -1 || report->cost > 100000000)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("The cost of a visit is an amount in yen between 0 and 100,000,000"));
      return FALSE;
    }
  if (report->subsidy_bp > 10000)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("The prefecture’s share is between 0 and 100 %%"));
      return FALSE;
    }
  for (guint i = 0; i < report->n_findings; i++)
    {
      const BansouFindingSpec *f = &report->findings[i];
      BansouVisitQuestion *q = NULL;

      for (guint k = 0; f->question && k < v->questions->len; k++)
        if (g_str_equal (((BansouVisitQuestion *) g_ptr_array_index (v->questions, k))->question, f->question))
          q = g_ptr_array_index (v->questions, k);
      if (q == NULL)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_NOT_FOUND,
                       _("“%s” is not a question of visit %d"),
                       f->question ? f->question : "", (int) v->number);
          return FALSE;
        }
      if ((guint) f->finding >= BANSOU_N_FINDINGS)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                       _("Unknown finding"));
          return FALSE;
        }
      if (f->note && g_utf8_strlen (f->note, -1) > NOTE_MAX)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                       _("The note of a finding is longer than %u characters"), NOTE_MAX);
          return FALSE;
        }
      if (q->accepted_at != NULL && q->finding != f->finding)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE,
                       _("The finding for “%s” was already written into the round and cannot change"),
                       f->question);
          return FALSE;
        }
    }

  op.cost = report->cost;
  if (op.cost < 0)
    {
      if (!(e = bansou_dispatch_get_expert (self, v->expert, error)))
        return FALSE;
      if (e->cost_per_visit >= 0)
        op.cost = e->cost_per_visit;
      else if (e->cost_per_hour >= 0)
        op.cost = (e->cost_per_hour * report->worked_min + 30) / 60;
    }
  op.v = v;
  op.report = report;
  op.text = text;
  if (!bansou_store_transaction (self->store, report_cb, &op, error))
    return FALSE;
  _bansou_dispatch_emit_changed (self, VISIT_TYPE, v->id);
  if (v->request)
    _bansou_dispatch_emit_changed (self, REQUEST_TYPE, v->request);
  return TRUE;
}

static BansouStatus
status_of (BansouFinding f)
{
  switch (f)
    {
    case BANSOU_FINDING_DONE:     return BANSOU_STATUS_DONE;
    case BANSOU_FINDING_PARTIAL:  return BANSOU_STATUS_PARTIAL;
    case BANSOU_FINDING_NOT_DONE: return BANSOU_STATUS_NOT_DONE;
    case BANSOU_FINDING_NA:       return BANSOU_STATUS_NA;
    case BANSOU_FINDING_NONE:
    case BANSOU_N_FINDINGS:
    default:                      return BANSOU_STATUS_UNANSWERED;
    }
}

/* The changes, and the findings accepting marks (in @pending). */
static GPtrArray *
compute_changes (BansouDispatch  *self,
                 BansouVisit     *v,
                 GPtrArray       *pending,
                 GError         **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_answer_change_free);
  BansouRound *round;
  g_autofree char *evidence = NULL;
  const char *round_id;

  if (v->state != BANSOU_VISIT_DONE)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE,
                   _("Visit %d has no report yet: its findings come with the report"), (int) v->number);
      return NULL;
    }
  if (!(round = bansou_survey_get_latest_round (self->survey)))
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE,
                   _("There is no survey round to write the findings into"));
      return NULL;
    }
  round_id = bansou_round_get_id (round);
  if (strcmp (v->day, round_id) > 0)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_STATE,
                   _("The current round’s reference date %s is before the visit on %s: "
                     "create the next round, then accept the findings"), round_id, v->day);
      return NULL;
    }
  /* Data, not the UI: the same evidence in every language. */
  evidence = g_strdup_printf ("訪問 %" G_GINT64_FORMAT, v->number);

  for (guint i = 0; i < v->questions->len; i++)
    {
      BansouVisitQuestion *q = g_ptr_array_index (v->questions, i);
      const BansouQuestion *question = bansou_catalog_lookup_question (self->catalog, q->question);
      g_autoptr(BansouAnswer) a = NULL;
      BansouAnswerChange *c;
      BansouStatus status = status_of (q->finding);
      g_autofree char *done_on = NULL;

      if (q->finding == BANSOU_FINDING_NONE || q->accepted_at != NULL || question == NULL)
        continue;
      g_ptr_array_add (pending, g_strdup (q->question));
      if (question->answer_kind == BANSOU_ANSWER_KIND_STATUS_DATE &&
          (status == BANSOU_STATUS_DONE || status == BANSOU_STATUS_PARTIAL))
        {
          done_on = g_strdup (v->day);
          status = bansou_survey_compute_status (self->survey, round_id, q->question, done_on);
        }
      if (!(a = bansou_survey_get_answer (self->survey, round_id, v->body, q->question, error)))
        return NULL;
      if (a->status == status && g_strcmp0 (a->done_on, done_on) == 0 && g_str_equal (a->evidence, evidence))
        continue;
      c = g_new0 (BansouAnswerChange, 1);
      c->round = g_strdup (round_id);
      c->body = g_strdup (v->body);
      c->question = g_strdup (q->question);
      c->old_status = a->status;
      c->new_status = status;
      c->done_on = g_steal_pointer (&done_on);
      c->evidence = g_strdup (evidence);
      g_ptr_array_add (changes, c);
    }
  return g_steal_pointer (&changes);
}

/**
 * bansou_dispatch_preview_findings:
 *
 * What accepting the visit's findings would change in the current round,
 * writing nothing.
 *
 * Returns: (transfer container) (element-type BansouAnswerChange)
 */
GPtrArray *
bansou_dispatch_preview_findings (BansouDispatch  *self,
                                  const char      *id,
                                  GError         **error)
{
  g_autoptr(BansouVisit) v = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);

  if (!(v = bansou_dispatch_get_visit (self, id, error)))
    return NULL;
  return compute_changes (self, v, pending, error);
}

typedef struct
{
  BansouDispatch *self;
  BansouVisit    *v;
  GPtrArray      *changes;
  GPtrArray      *pending;
} Accept;

static gboolean
accept_cb (BansouStore  *store,
           gpointer      user_data,
           GError      **error)
{
  Accept *op = user_data;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autofree char *now = bansou_now_iso ();
  g_autoptr(GString) list = g_string_new (NULL);

  mark = _bansou_store_prepare (store,
                                "UPDATE visit_questions SET accepted_at = ?1 WHERE visit = ?2 AND question = ?3",
                                error);
  if (mark == NULL)
    return FALSE;
  for (guint i = 0; i < op->pending->len; i++)
    {
      sqlite3_reset (mark);
      sqlite3_bind_text (mark, 1, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (mark, 2, op->v->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (mark, 3, g_ptr_array_index (op->pending, i), -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, mark, error))
        return FALSE;
      g_string_append_printf (list, "%s%s", i ? "," : "", (const char *) g_ptr_array_index (op->pending, i));
    }
  if (!_bansou_dispatch_touch (store, "visits", op->v->id, error) ||
      !bansou_store_audit (store, VISIT_ENTITY, op->v->id, "findings-accepted", NULL, list->str, error) ||
      !_bansou_dispatch_enqueue (store, VISIT_TYPE, op->v->id, error))
    return FALSE;

  /* The answers last: the survey's own path (audit, outbox, signals). */
  for (guint i = 0; i < op->changes->len; i++)
    {
      BansouAnswerChange *c = g_ptr_array_index (op->changes, i);
      g_autoptr(BansouAnswer) a = bansou_survey_get_answer (op->self->survey, c->round, c->body, c->question, error);
      g_autoptr(GString) note = NULL;

      if (a == NULL)
        return FALSE;
      note = g_string_new (a->note);
      for (guint k = 0; k < op->v->questions->len; k++)
        {
          BansouVisitQuestion *q = g_ptr_array_index (op->v->questions, k);
          if (g_str_equal (q->question, c->question) && *q->note && !strstr (a->note, q->note) &&
              note->len + strlen (q->note) < BANSOU_NOTE_MAX_CHARS)
            g_string_append_printf (note, "%s%s", note->len ? "\n" : "", q->note);
        }
      if (!bansou_survey_set_answer (op->self->survey, c->round, c->body, c->question,
                                     c->done_on ? BANSOU_STATUS_UNANSWERED : c->new_status,
                                     c->done_on, note->str, c->evidence, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * bansou_dispatch_accept_findings:
 * @n_changed: (out) (optional): the answers changed
 *
 * Applies what bansou_dispatch_preview_findings() shows, in one
 * transaction: each answer through bansou_survey_set_answer() with the
 * evidence "訪問 N", and the findings marked as accepted.
 */
gboolean
bansou_dispatch_accept_findings (BansouDispatch  *self,
                                 const char      *id,
                                 guint           *n_changed,
                                 GError         **error)
{
  g_autoptr(BansouVisit) v = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) changes = NULL;
  Accept op;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), FALSE);

  if (n_changed)
    *n_changed = 0;
  if (!(v = bansou_dispatch_get_visit (self, id, error)) ||
      !(changes = compute_changes (self, v, pending, error)))
    return FALSE;
  if (pending->len == 0)
    return TRUE;

  op.self = self;
  op.v = v;
  op.changes = changes;
  op.pending = pending;
  if (!bansou_store_transaction (self->store, accept_cb, &op, error))
    return FALSE;
  if (n_changed)
    *n_changed = changes->len;
  _bansou_dispatch_emit_changed (self, VISIT_TYPE, v->id);
  return TRUE;
}
