/* bansou-survey-writer.c — the rules an answer follows, and the answer writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Dated questions ("a vulnerability assessment within the past 3 years")
 * are never ticked by hand: the status follows from the date the measure
 * was last carried out, counted back from the round's reference date.
 * Every write goes to the sync outbox in the same transaction.
 */
#define G_LOG_DOMAIN "bansou-survey"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-store-sql.h"
#include "bansou-survey-private.h"
#include "bansou-survey-kinds.h"
#include "bansou-util.h"
#include "bansou-wareki.h"

static const char *
status_column (BansouStatus status)
{
  return status == BANSOU_STATUS_UNANSWERED ? NULL : bansou_status_to_string (status);
}

static char *
answer_key (const char *round,
            const char *body,
            const char *question)
{
  return g_strdup_printf ("%s/%s/%s", round, body, question);
}

/**
 * bansou_question_status_for_date:
 * @question: a question of kind %BANSOU_ANSWER_KIND_STATUS_DATE
 * @reference: the round's reference date
 * @done_on: (nullable): when the measure was last carried out
 *
 * The rule for dated questions: done if @done_on lies within
 * `within_years` years before @reference — exactly that many years counts
 * (2022-10-31 is within 3 years of 2025-10-31) — otherwise not done.
 *
 * Returns: %BANSOU_STATUS_DONE or %BANSOU_STATUS_NOT_DONE, or
 *   %BANSOU_STATUS_UNANSWERED when @question is not dated or there is no date
 */
BansouStatus
bansou_question_status_for_date (const BansouQuestion *question,
                                 const GDate          *reference,
                                 const GDate          *done_on)
{
  GDate limit;

  g_return_val_if_fail (question != NULL, BANSOU_STATUS_UNANSWERED);
  g_return_val_if_fail (reference != NULL && g_date_valid (reference), BANSOU_STATUS_UNANSWERED);

  if (question->answer_kind != BANSOU_ANSWER_KIND_STATUS_DATE || done_on == NULL)
    return BANSOU_STATUS_UNANSWERED;

  limit = *reference;
  g_date_subtract_years (&limit, question->within_years);

  return g_date_compare (done_on, &limit) >= 0 ? BANSOU_STATUS_DONE : BANSOU_STATUS_NOT_DONE;
}

/* Validates an answer for @round and gives the status to store: for a
 * dated question the one its date gives. */
gboolean
_bansou_survey_check_answer (BansouRound          *round,
                             const BansouQuestion *question,
                             BansouStatus          status,
                             const char           *done_on,
                             const char           *note,
                             const char           *evidence,
                             BansouStatus         *result,
                             GError              **error)
{
  gboolean dated = question->answer_kind == BANSOU_ANSWER_KIND_STATUS_DATE;

  if (status >= BANSOU_N_STATUSES)
    {
      g_set_error_literal (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                           _("Unknown answer"));
      return FALSE;
    }

  if (note != NULL && g_utf8_strlen (note, -1) > BANSOU_NOTE_MAX_CHARS)
    {
      g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                   _("The note is longer than %u characters"), BANSOU_NOTE_MAX_CHARS);
      return FALSE;
    }
  if (evidence != NULL && g_utf8_strlen (evidence, -1) > BANSOU_EVIDENCE_MAX_CHARS)
    {
      g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                   _("The evidence reference is longer than %u characters"), BANSOU_EVIDENCE_MAX_CHARS);
      return FALSE;
    }

  if (done_on != NULL && *done_on != '\0')
    {
      g_autoptr(GDate) date = bansou_date_parse_iso (done_on);
      g_autoptr(GDate) today = bansou_date_today ();
      g_autoptr(GDate) reference = bansou_round_get_date (round);

      if (date == NULL)
        {
          g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                       _("“%s” is not a date (use YYYY-MM-DD)"), done_on);
          return FALSE;
        }
      if (g_date_compare (date, today) > 0)
        {
          g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                       _("The date %s is in the future"), done_on);
          return FALSE;
        }
      if (g_date_compare (date, reference) > 0)
        {
          g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                       _("The date %s is after the round’s reference date %s"),
                       done_on, bansou_round_get_id (round));
          return FALSE;
        }

      if (dated)
        {
          BansouStatus computed = bansou_question_status_for_date (question, reference, date);

          if (status != BANSOU_STATUS_UNANSWERED && status != computed)
            {
              g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                           /* Translators: the answer follows from the date; %s are a date and two answers */
                           _("The answer to this question follows from the date: %s gives “%s”, not “%s”"),
                           done_on, bansou_status_get_label (computed), bansou_status_get_label (status));
              return FALSE;
            }
          *result = computed;
          return TRUE;
        }
    }
  else if (dated && (status == BANSOU_STATUS_DONE || status == BANSOU_STATUS_PARTIAL))
    {
      g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                   _("“%s” needs the date the measure was last carried out; "
                     "the answer follows from that date"),
                   bansou_status_get_label (status));
      return FALSE;
    }

  *result = status;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The answer writer                                                        */

struct _BansouAnswerWriter
{
  BansouSurvey *survey;
  BansouStore  *store;
  char         *round;
  char         *now;
  sqlite3_stmt *select;
  sqlite3_stmt *upsert;
  sqlite3_stmt *confirm;
  sqlite3_stmt *progress_select;
  sqlite3_stmt *progress_start;
  sqlite3_stmt *outbox_answer;    /* every change goes to the sync outbox, in the same transaction */
  sqlite3_stmt *outbox_progress;
};

void
_bansou_answer_writer_free (BansouAnswerWriter *writer)
{
  if (writer == NULL)
    return;
  g_clear_pointer (&writer->select, sqlite3_finalize);
  g_clear_pointer (&writer->upsert, sqlite3_finalize);
  g_clear_pointer (&writer->confirm, sqlite3_finalize);
  g_clear_pointer (&writer->progress_select, sqlite3_finalize);
  g_clear_pointer (&writer->progress_start, sqlite3_finalize);
  g_clear_pointer (&writer->outbox_answer, sqlite3_finalize);
  g_clear_pointer (&writer->outbox_progress, sqlite3_finalize);
  g_free (writer->round);
  g_free (writer->now);
  g_free (writer);
}

BansouAnswerWriter *
_bansou_answer_writer_new (BansouSurvey  *survey,
                           BansouRound   *round,
                           GError       **error)
{
  g_autoptr(BansouAnswerWriter) w = g_new0 (BansouAnswerWriter, 1);

  w->survey = survey;
  w->store = survey->store;
  w->round = g_strdup (bansou_round_get_id (round));
  w->now = bansou_now_iso ();

  if (!(w->select = _bansou_store_prepare (w->store,
                                           "SELECT status, done_on, note, evidence, carried FROM answers "
                                           "WHERE round = ?1 AND body = ?2 AND question = ?3", error)) ||
      !(w->upsert = _bansou_store_prepare (w->store,
                                           "INSERT INTO answers (round, body, question, status, done_on, note, "
                                           "evidence, carried, catalog_version, updated_by, updated_at) "
                                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10) "
                                           "ON CONFLICT (round, body, question) DO UPDATE SET "
                                           "status = excluded.status, done_on = excluded.done_on, "
                                           "note = excluded.note, evidence = excluded.evidence, carried = 0, "
                                           "catalog_version = excluded.catalog_version, "
                                           "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                                           error)) ||
      !(w->confirm = _bansou_store_prepare (w->store,
                                            "UPDATE answers SET carried = 0, updated_by = ?4, updated_at = ?5 "
                                            "WHERE round = ?1 AND body = ?2 AND question = ?3", error)) ||
      !(w->progress_select = _bansou_store_prepare (w->store,
                                                    "SELECT state FROM progress WHERE round = ?1 AND body = ?2",
                                                    error)) ||
      !(w->progress_start = _bansou_store_prepare (w->store,
                                                   "INSERT INTO progress (round, body, state, updated_by, updated_at) "
                                                   "VALUES (?1, ?2, 'answering', ?3, ?4) "
                                                   "ON CONFLICT (round, body) DO UPDATE SET state = 'answering', "
                                                   "updated_by = excluded.updated_by, "
                                                   "updated_at = excluded.updated_at", error)) ||
      !(w->outbox_answer = _bansou_outbox_prepare_answer (w->store, error)) ||
      !(w->outbox_progress = _bansou_outbox_prepare_progress (w->store, error)))
    return NULL;

  return g_steal_pointer (&w);
}

static gboolean
audit_answer (BansouAnswerWriter *w,
              const char         *key,
              const char         *field,
              const char         *old_value,
              const char         *new_value,
              GError            **error)
{
  return bansou_store_audit (w->store, "answer", key, field, old_value, new_value, error);
}

/**
 * _bansou_answer_writer_write:
 * @note: (nullable): %NULL keeps the current note
 * @evidence: (nullable): %NULL keeps the current reference
 * @confirm_unchanged: an unchanged carried answer is confirmed (the editor
 *   saving it) rather than left carried (an import listing it)
 * @changed: (out): whether anything was written
 *
 * Writes one answer already validated by _bansou_survey_check_answer(),
 * with an audit line per changed field.
 */
gboolean
_bansou_answer_writer_write (BansouAnswerWriter    *w,
                             const char            *body,
                             const BansouQuestion  *question,
                             BansouStatus           status,
                             const char            *done_on,
                             const char            *note,
                             const char            *evidence,
                             gboolean               confirm_unchanged,
                             gboolean              *changed,
                             GError               **error)
{
  g_autofree char *key = NULL;
  g_autofree char *old_status = NULL;
  g_autofree char *old_done_on = NULL;
  g_autofree char *old_note = NULL;
  g_autofree char *old_evidence = NULL;
  const char *actor = bansou_store_get_actor (w->store);
  const char *new_status = status_column (status);
  gboolean exists = FALSE;
  gboolean carried = FALSE;
  gboolean status_changed, date_changed, note_changed, evidence_changed;
  int rc;

  *changed = FALSE;
  if (done_on != NULL && *done_on == '\0')
    done_on = NULL;

  sqlite3_reset (w->select);
  sqlite3_bind_text (w->select, 1, w->round, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->select, 2, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (w->select, 3, question->id, -1, SQLITE_STATIC);
  rc = sqlite3_step (w->select);
  if (rc == SQLITE_ROW)
    {
      exists = TRUE;
      old_status = g_strdup (_bansou_column_text (w->select, 0));
      old_done_on = g_strdup (_bansou_column_text (w->select, 1));
      old_note = g_strdup (_bansou_column_text (w->select, 2));
      old_evidence = g_strdup (_bansou_column_text (w->select, 3));
      carried = sqlite3_column_int (w->select, 4) != 0;
    }
  else if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (w->store, error, _("reading an answer"));
      return FALSE;
    }
  sqlite3_reset (w->select);

  if (old_note == NULL)
    old_note = g_strdup ("");
  if (old_evidence == NULL)
    old_evidence = g_strdup ("");
  if (note == NULL)
    note = old_note;
  if (evidence == NULL)
    evidence = old_evidence;

  status_changed = g_strcmp0 (old_status, new_status) != 0;
  date_changed = g_strcmp0 (old_done_on, done_on) != 0;
  note_changed = g_strcmp0 (old_note, note) != 0;
  evidence_changed = g_strcmp0 (old_evidence, evidence) != 0;

  key = answer_key (w->round, body, question->id);

  if (!status_changed && !date_changed && !note_changed && !evidence_changed)
    {
      if (!carried || !confirm_unchanged)
        return TRUE;

      sqlite3_reset (w->confirm);
      sqlite3_bind_text (w->confirm, 1, w->round, -1, SQLITE_STATIC);
      sqlite3_bind_text (w->confirm, 2, body, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (w->confirm, 3, question->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (w->confirm, 4, actor, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (w->confirm, 5, w->now, -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (w->store, w->confirm, error) ||
          !audit_answer (w, key, "confirmed", NULL, old_status, error) ||
          !_bansou_outbox_step (w->store, w->outbox_answer, w->round, body, question->id, error))
        return FALSE;
      *changed = TRUE;
      return TRUE;
    }

  sqlite3_reset (w->upsert);
  sqlite3_bind_text (w->upsert, 1, w->round, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->upsert, 2, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (w->upsert, 3, question->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->upsert, 4, new_status, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->upsert, 5, done_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (w->upsert, 6, note, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (w->upsert, 7, evidence, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (w->upsert, 8, bansou_catalog_get_version (w->survey->catalog), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (w->upsert, 9, actor, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (w->upsert, 10, w->now, -1, SQLITE_STATIC);
  if (!_bansou_store_step_done (w->store, w->upsert, error))
    return FALSE;

  if ((status_changed && !audit_answer (w, key, "status", old_status, new_status, error)) ||
      (date_changed && !audit_answer (w, key, "done_on", old_done_on, done_on, error)) ||
      (note_changed && !audit_answer (w, key, "note", exists ? old_note : NULL, note, error)) ||
      (evidence_changed && !audit_answer (w, key, "evidence", exists ? old_evidence : NULL, evidence, error)) ||
      !_bansou_outbox_step (w->store, w->outbox_answer, w->round, body, question->id, error))
    return FALSE;

  *changed = TRUE;
  return TRUE;
}

/* Answering anything moves a body that had not started to 回答中. */
gboolean
_bansou_answer_writer_start_body (BansouAnswerWriter  *w,
                                  const char          *body,
                                  gboolean            *changed,
                                  GError             **error)
{
  g_autofree char *key = NULL;
  BansouProgress state = BANSOU_PROGRESS_NOT_STARTED;
  int rc;

  *changed = FALSE;

  sqlite3_reset (w->progress_select);
  sqlite3_bind_text (w->progress_select, 1, w->round, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->progress_select, 2, body, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (w->progress_select);
  if (rc == SQLITE_ROW)
    state = bansou_progress_from_string (_bansou_column_text (w->progress_select, 0));
  else if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (w->store, error, _("reading progress"));
      return FALSE;
    }
  sqlite3_reset (w->progress_select);

  if (state != BANSOU_PROGRESS_NOT_STARTED)
    return TRUE;

  sqlite3_reset (w->progress_start);
  sqlite3_bind_text (w->progress_start, 1, w->round, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->progress_start, 2, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (w->progress_start, 3, bansou_store_get_actor (w->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (w->progress_start, 4, w->now, -1, SQLITE_STATIC);
  if (!_bansou_store_step_done (w->store, w->progress_start, error))
    return FALSE;

  key = _bansou_survey_progress_key (w->round, body);
  if (!bansou_store_audit (w->store, "progress", key, "state",
                           bansou_progress_to_string (BANSOU_PROGRESS_NOT_STARTED),
                           bansou_progress_to_string (BANSOU_PROGRESS_ANSWERING), error) ||
      !_bansou_outbox_step (w->store, w->outbox_progress, w->round, body, NULL, error))
    return FALSE;

  *changed = TRUE;
  return TRUE;
}
