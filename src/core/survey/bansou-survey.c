/* bansou-survey.c — survey rounds, answers and shared progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * One BansouSurvey lives as long as its store. Every change goes through
 * it, in one transaction with its audit lines, and is announced after the
 * commit: views such as the heatmap update one cell from
 * ::answer-changed instead of reading the round again.
 *
 * Dated questions ("a vulnerability assessment within the past 3 years")
 * are never ticked by hand: the status follows from the date the measure
 * was last carried out, counted back from the round's reference date. A
 * prefilled answer is therefore re-evaluated against the new round.
 */
#define G_LOG_DOMAIN "bansou-survey"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-registry.h"
#include "bansou-round-private.h"
#include "bansou-store-private.h"
#include "bansou-survey-private.h"
#include "bansou-survey-kinds.h"
#include "bansou-wareki.h"

struct _BansouSurvey
{
  GObject         parent_instance;

  BansouStore    *store;
  BansouCatalog  *catalog;
  BansouRegistry *registry;
  GListStore     *rounds;   /* BansouRound, oldest first */
};

G_DEFINE_FINAL_TYPE (BansouSurvey, bansou_survey, G_TYPE_OBJECT)

G_DEFINE_QUARK (bansou-survey-error-quark, bansou_survey_error)

G_DEFINE_BOXED_TYPE (BansouProgressInfo, bansou_progress_info,
                     bansou_progress_info_copy, bansou_progress_info_free)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ANSWER_CHANGED,
  ANSWERS_RELOADED,
  PROGRESS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define ANSWER_COLUMNS \
  "status, done_on, note, evidence, carried, catalog_version, updated_by, updated_at"

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

char *
_bansou_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* Today in the local time zone (offices count days in Japan time). */
GDate *
_bansou_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_new_dmy (g_date_time_get_day_of_month (now),
                         g_date_time_get_month (now),
                         g_date_time_get_year (now));
}

static gboolean
is_blank (const char *str)
{
  for (; str && *str; str = g_utf8_next_char (str))
    if (!g_unichar_isspace (g_utf8_get_char (str)))
      return FALSE;
  return TRUE;
}

static const char *
status_column (BansouStatus status)
{
  return status == BANSOU_STATUS_UNANSWERED ? NULL : bansou_status_to_string (status);
}

static BansouStatus
status_from_column (sqlite3_stmt *stmt,
                    int           col)
{
  BansouStatus status = bansou_status_from_string (_bansou_column_text (stmt, col));

  return status == BANSOU_N_STATUSES ? BANSOU_STATUS_UNANSWERED : status;
}

static char *
answer_key (const char *round,
            const char *body,
            const char *question)
{
  return g_strdup_printf ("%s/%s/%s", round, body, question);
}

static char *
progress_key (const char *round,
              const char *body)
{
  return g_strdup_printf ("%s/%s", round, body);
}

static int
compare_question_index (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  BansouCatalog *catalog = user_data;
  BansouQuestion *qa = bansou_catalog_lookup_question (catalog, *(const char * const *) a);
  BansouQuestion *qb = bansou_catalog_lookup_question (catalog, *(const char * const *) b);
  guint ia = qa ? qa->index : G_MAXUINT;
  guint ib = qb ? qb->index : G_MAXUINT;

  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

static gboolean
not_found_round (GError     **error,
                 const char  *round)
{
  g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_NOT_FOUND,
               _("There is no survey round “%s”"), round);
  return FALSE;
}

static BansouRound *
require_round (BansouSurvey  *self,
               const char    *round,
               GError       **error)
{
  BansouRound *r = round ? bansou_survey_lookup_round (self, round) : NULL;

  if (r == NULL)
    not_found_round (error, round ? round : "");
  return r;
}

static const BansouQuestion *
require_question (BansouSurvey  *self,
                  const char    *question,
                  GError       **error)
{
  BansouQuestion *q = bansou_catalog_lookup_question (self->catalog, question);

  if (q == NULL)
    g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_NOT_FOUND,
                 _("The catalog has no question “%s”"), question ? question : "");
  return q;
}

static gboolean
require_body (BansouSurvey  *self,
              const char    *body,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _bansou_store_prepare (self->store, "SELECT 1 FROM bodies WHERE code = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, body, -1, SQLITE_TRANSIENT);
  if (body == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_NOT_FOUND,
                   _("No body has the code “%s”"), body ? body : "");
      return FALSE;
    }
  return TRUE;
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

/**
 * bansou_progress_can_change:
 *
 * The steps a body's progress may take: 未着手 → 回答中 → 確認待ち → 確定;
 * 確認待ち can be sent back to 回答中, and 確定 reopened to 回答中 (with a
 * reason). Staying in the same state is always allowed.
 */
gboolean
bansou_progress_can_change (BansouProgress from,
                            BansouProgress to)
{
  if (from == to)
    return TRUE;

  switch (from)
    {
    case BANSOU_PROGRESS_NOT_STARTED:
      return to == BANSOU_PROGRESS_ANSWERING;
    case BANSOU_PROGRESS_ANSWERING:
      return to == BANSOU_PROGRESS_REVIEW;
    case BANSOU_PROGRESS_REVIEW:
      return to == BANSOU_PROGRESS_ANSWERING || to == BANSOU_PROGRESS_FINAL;
    case BANSOU_PROGRESS_FINAL:
      return to == BANSOU_PROGRESS_ANSWERING;
    case BANSOU_N_PROGRESS:
    default:
      return FALSE;
    }
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
      g_autoptr(GDate) today = _bansou_today ();
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
  w->now = _bansou_now_iso ();

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

  key = progress_key (w->round, body);
  if (!bansou_store_audit (w->store, "progress", key, "state",
                           bansou_progress_to_string (BANSOU_PROGRESS_NOT_STARTED),
                           bansou_progress_to_string (BANSOU_PROGRESS_ANSWERING), error) ||
      !_bansou_outbox_step (w->store, w->outbox_progress, w->round, body, NULL, error))
    return FALSE;

  *changed = TRUE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Rounds                                                                   */

static BansouRound *
round_from_row (sqlite3_stmt *stmt)
{
  return _bansou_round_new (_bansou_column_text (stmt, 0),
                            sqlite3_column_int (stmt, 1),
                            _bansou_column_text (stmt, 2),
                            _bansou_column_text (stmt, 3),
                            _bansou_column_text (stmt, 4),
                            sqlite3_column_int (stmt, 5) != 0,
                            _bansou_column_text (stmt, 6));
}

static gboolean
load_rounds (BansouSurvey  *self,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  stmt = _bansou_store_prepare (self->store,
                                "SELECT id, fiscal_year, title, catalog_version, prefilled_from, demo, created_at "
                                "FROM rounds ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, round_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading survey rounds"));
      return FALSE;
    }

  g_list_store_splice (self->rounds, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rounds)),
                       items->pdata, items->len);
  return TRUE;
}

static int
compare_rounds (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return g_strcmp0 (bansou_round_get_id ((BansouRound *) a), bansou_round_get_id ((BansouRound *) b));
}

void
_bansou_survey_emit_reloaded (BansouSurvey *self,
                              const char   *round)
{
  g_signal_emit (self, signals[ANSWERS_RELOADED], 0, round);
}

/* ------------------------------------------------------------------------ */

static void
bansou_survey_dispose (GObject *object)
{
  BansouSurvey *self = (BansouSurvey *)object;

  g_clear_object (&self->registry);
  g_clear_object (&self->rounds);
  g_clear_object (&self->catalog);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bansou_survey_parent_class)->dispose (object);
}

static void
bansou_survey_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BansouSurvey *self = BANSOU_SURVEY (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_survey_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BansouSurvey *self = BANSOU_SURVEY (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_survey_class_init (BansouSurveyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bansou_survey_dispose;
  object_class->get_property = bansou_survey_get_property;
  object_class->set_property = bansou_survey_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BANSOU_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, BANSOU_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BansouSurvey::answer-changed:
   * @round: the round's id
   * @body: the body's code
   * @question: the question id
   * @status: the #BansouStatus now stored
   *
   * Emitted after a committed change of one answer: a new status, date,
   * note or reference, or a carried answer confirmed.
   */
  signals[ANSWER_CHANGED] =
    g_signal_new ("answer-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_UINT);

  /**
   * BansouSurvey::answers-reloaded:
   * @round: (nullable): the round, or %NULL for every round
   *
   * Emitted after changes too many to announce one by one — a round
   * created with its prefilled answers, an import, demo data — and after
   * bansou_survey_reload(). Answers and progress of @round may all have
   * changed: read them again.
   */
  signals[ANSWERS_RELOADED] =
    g_signal_new ("answers-reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * BansouSurvey::progress-changed:
   * @round: the round's id
   * @body: the body's code
   *
   * Emitted after a committed change of a body's state, assignee or due date.
   */
  signals[PROGRESS_CHANGED] =
    g_signal_new ("progress-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
bansou_survey_init (BansouSurvey *self)
{
  self->rounds = g_list_store_new (BANSOU_TYPE_ROUND);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

/**
 * bansou_survey_new:
 * @store: the database
 * @catalog: the catalog answers are validated against (usually
 *   bansou_catalog_load_active())
 *
 * Returns: (transfer full): the survey, with its rounds read, or %NULL
 */
BansouSurvey *
bansou_survey_new (BansouStore    *store,
                   BansouCatalog  *catalog,
                   GError        **error)
{
  g_autoptr(BansouSurvey) self = NULL;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);
  g_return_val_if_fail (BANSOU_IS_CATALOG (catalog), NULL);

  self = g_object_new (BANSOU_TYPE_SURVEY, "store", store, "catalog", catalog, NULL);
  self->registry = bansou_registry_new (store);

  if (!load_rounds (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

BansouStore *
bansou_survey_get_store (BansouSurvey *self)
{
  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);
  return self->store;
}

BansouCatalog *
bansou_survey_get_catalog (BansouSurvey *self)
{
  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);
  return self->catalog;
}

/**
 * bansou_survey_dup_scope:
 *
 * Returns: (transfer full): the prefecture the desk serves ("34"), or
 *   "00" for a national desk or a database not set up yet
 */
char *
bansou_survey_dup_scope (BansouSurvey *self)
{
  char *scope;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  scope = bansou_store_get_setting (self->store, "prefecture");
  return scope ? scope : g_strdup (BANSOU_SCOPE_NATIONAL);
}

/**
 * bansou_survey_list_bodies:
 * @scope: (nullable): "34", "00" for the nation, or %NULL for the desk's
 *   own scope
 *
 * The bodies that answer the survey: every municipality in @scope, and the
 * other bodies the detailed measures apply to.
 *
 * Returns: (transfer full): a #GListModel of #BansouBody, by code
 */
GListModel *
bansou_survey_list_bodies (BansouSurvey  *self,
                           const char    *scope,
                           GError       **error)
{
  g_autofree char *own = NULL;
  g_autoptr(GListModel) all = NULL;
  GListStore *result;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  if (scope == NULL)
    scope = own = bansou_survey_dup_scope (self);

  if (!(all = bansou_registry_list (self->registry, scope, BANSOU_LIST_DEFAULT, error)))
    return NULL;

  result = g_list_store_new (BANSOU_TYPE_BODY);
  for (guint i = 0, n = g_list_model_get_n_items (all); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (all, i);

      if (bansou_applicability_applies (bansou_body_get_applicability (body)))
        g_list_store_append (result, body);
    }

  return G_LIST_MODEL (result);
}

GHashTable *
_bansou_survey_body_set (BansouSurvey  *self,
                         const char    *scope,
                         GError       **error)
{
  g_autoptr(GListModel) bodies = bansou_survey_list_bodies (self, scope, error);
  GHashTable *set;

  if (bodies == NULL)
    return NULL;

  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0, n = g_list_model_get_n_items (bodies); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      g_hash_table_add (set, g_strdup (bansou_body_get_code (body)));
    }
  return set;
}

/**
 * bansou_survey_get_rounds:
 *
 * Returns: (transfer none): a #GListModel of #BansouRound, oldest first,
 *   kept current as rounds are created and deleted
 */
GListModel *
bansou_survey_get_rounds (BansouSurvey *self)
{
  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);
  return G_LIST_MODEL (self->rounds);
}

/**
 * bansou_survey_lookup_round:
 *
 * Returns: (transfer none) (nullable): the round with id @round
 */
BansouRound *
bansou_survey_lookup_round (BansouSurvey *self,
                            const char   *round)
{
  GListModel *model;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  model = G_LIST_MODEL (self->rounds);
  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      BansouRound *r = g_list_model_get_item (model, i);

      g_object_unref (r);  /* the store keeps it alive */
      if (g_strcmp0 (bansou_round_get_id (r), round) == 0)
        return r;
    }
  return NULL;
}

/**
 * bansou_survey_get_latest_round:
 *
 * Returns: (transfer none) (nullable): the round with the latest reference date
 */
BansouRound *
bansou_survey_get_latest_round (BansouSurvey *self)
{
  GListModel *model;
  guint n;
  BansouRound *r;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  model = G_LIST_MODEL (self->rounds);
  if ((n = g_list_model_get_n_items (model)) == 0)
    return NULL;
  r = g_list_model_get_item (model, n - 1);
  g_object_unref (r);
  return r;
}

/**
 * bansou_survey_get_previous_round:
 * @round: a reference date, "YYYY-MM-DD" (need not be a round)
 *
 * Returns: (transfer none) (nullable): the latest round before @round
 */
BansouRound *
bansou_survey_get_previous_round (BansouSurvey *self,
                                  const char   *round)
{
  GListModel *model;
  BansouRound *prev = NULL;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);
  g_return_val_if_fail (round != NULL, NULL);

  model = G_LIST_MODEL (self->rounds);
  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      BansouRound *r = g_list_model_get_item (model, i);

      g_object_unref (r);
      if (strcmp (bansou_round_get_id (r), round) < 0)
        prev = r;
    }
  return prev;
}

/* Demo answers must never turn into real ones: a real round is prefilled
 * from the latest earlier real round only. */
static BansouRound *
previous_real_round (BansouSurvey *self,
                     const char   *round)
{
  GListModel *model = G_LIST_MODEL (self->rounds);
  BansouRound *prev = NULL;

  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      BansouRound *r = g_list_model_get_item (model, i);

      g_object_unref (r);
      if (strcmp (bansou_round_get_id (r), round) < 0 && !bansou_round_get_demo (r))
        prev = r;
    }
  return prev;
}

typedef struct
{
  BansouSurvey *self;
  const char   *id;
  int           fiscal_year;
  const char   *title;
  BansouRound  *from;      /* nullable */
  GDate        *reference;
  const char   *scope;
  char         *now;
} CreateRound;

static gboolean
copy_answers (CreateRound  *op,
              BansouStore  *store,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(sqlite3_stmt) write = NULL;
  const char *catalog_version = bansou_catalog_get_version (op->self->catalog);
  int rc;

  read = _bansou_store_prepare (store,
                                "SELECT body, question, status, done_on, note, evidence, updated_by, updated_at "
                                "FROM answers WHERE round = ?1", error);
  write = _bansou_store_prepare (store,
                                 "INSERT INTO answers (round, body, question, status, done_on, note, evidence, "
                                 "carried, catalog_version, updated_by, updated_at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9, ?10)", error);
  if (read == NULL || write == NULL)
    return FALSE;

  sqlite3_bind_text (read, 1, bansou_round_get_id (op->from), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (write, 1, op->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (write, 8, catalog_version, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      const BansouQuestion *q = bansou_catalog_lookup_question (op->self->catalog, _bansou_column_text (read, 1));
      const char *status = _bansou_column_text (read, 2);
      const char *done_on = _bansou_column_text (read, 3);

      /* A question the current catalog no longer asks is not carried. */
      if (q == NULL)
        continue;

      if (q->answer_kind == BANSOU_ANSWER_KIND_STATUS_DATE && done_on != NULL)
        {
          g_autoptr(GDate) date = bansou_date_parse_iso (done_on);

          if (date != NULL)
            status = bansou_status_to_string (bansou_question_status_for_date (q, op->reference, date));
        }

      sqlite3_reset (write);
      sqlite3_bind_value (write, 2, sqlite3_column_value (read, 0));
      sqlite3_bind_value (write, 3, sqlite3_column_value (read, 1));
      sqlite3_bind_text (write, 4, status, -1, SQLITE_TRANSIENT);
      sqlite3_bind_value (write, 5, sqlite3_column_value (read, 3));
      sqlite3_bind_value (write, 6, sqlite3_column_value (read, 4));
      sqlite3_bind_value (write, 7, sqlite3_column_value (read, 5));
      sqlite3_bind_value (write, 9, sqlite3_column_value (read, 6));
      sqlite3_bind_value (write, 10, sqlite3_column_value (read, 7));
      if (!_bansou_store_step_done (store, write, error))
        return FALSE;
    }

  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading the previous round"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
create_round_cb (BansouStore  *store,
                 gpointer      user_data,
                 GError      **error)
{
  CreateRound *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) progress = NULL;
  g_autoptr(GListModel) bodies = NULL;
  const char *from_id = op->from ? bansou_round_get_id (op->from) : NULL;

  stmt = _bansou_store_prepare (store,
                                "INSERT INTO rounds (id, fiscal_year, title, catalog_version, prefilled_from, "
                                "demo, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, op->fiscal_year);
  sqlite3_bind_text (stmt, 3, op->title, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, bansou_catalog_get_version (op->self->catalog), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, from_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, op->now, -1, SQLITE_STATIC);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;

  if (op->from != NULL && !copy_answers (op, store, error))
    return FALSE;

  if (!(bodies = bansou_survey_list_bodies (op->self, op->scope, error)))
    return FALSE;
  progress = _bansou_store_prepare (store,
                                    "INSERT INTO progress (round, body, state, updated_by, updated_at) "
                                    "VALUES (?1, ?2, 'not_started', ?3, ?4)", error);
  if (progress == NULL)
    return FALSE;
  sqlite3_bind_text (progress, 1, op->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (progress, 3, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (progress, 4, op->now, -1, SQLITE_STATIC);
  for (guint i = 0, n = g_list_model_get_n_items (bodies); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);

      sqlite3_reset (progress);
      sqlite3_bind_text (progress, 2, bansou_body_get_code (body), -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, progress, error))
        return FALSE;
    }

  if (!_bansou_outbox_add_round (store, op->id, error))
    return FALSE;

  return bansou_store_audit (store, "round", op->id, "created", NULL, op->title, error) &&
         (from_id == NULL || bansou_store_audit (store, "round", op->id, "prefilled_from", NULL, from_id, error));
}

/**
 * bansou_survey_create_round:
 * @round: the reference date, "YYYY-MM-DD": the round's id
 * @title: (nullable): a title; the label 令和7年10月末時点 is always shown
 * @prefill: carry every answer of the latest earlier round (demo rounds
 *   aside) into the new one (過去の回答の自動反映), marked as carried until
 *   confirmed or changed
 *
 * Creates a round in one transaction. Progress starts as not started for
 * every body in the desk's scope; dated answers carried over are
 * re-evaluated against the new reference date.
 *
 * Returns: (transfer none): the new round, or %NULL
 */
BansouRound *
bansou_survey_create_round (BansouSurvey  *self,
                            const char    *round,
                            const char    *title,
                            gboolean       prefill,
                            GError       **error)
{
  g_autoptr(GDate) date = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *now = NULL;
  BansouRound *created;
  CreateRound op = { 0 };
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  if (round == NULL || !(date = bansou_date_parse_iso (round)))
    {
      g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                   _("“%s” is not a reference date (use YYYY-MM-DD, e.g. 2025-10-31)"),
                   round ? round : "");
      return NULL;
    }
  if (bansou_survey_lookup_round (self, round) != NULL)
    {
      g_autofree char *label = bansou_round_label (round);
      g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_EXISTS,
                   _("The round %s (%s) already exists"), round, label);
      return NULL;
    }

  scope = bansou_survey_dup_scope (self);
  now = _bansou_now_iso ();
  op.self = self;
  op.id = round;
  op.fiscal_year = bansou_fiscal_year (date);
  op.title = title ? title : "";
  op.from = prefill ? previous_real_round (self, round) : NULL;
  op.reference = date;
  op.scope = scope;
  op.now = now;

  if (!bansou_store_transaction (self->store, create_round_cb, &op, error))
    return NULL;

  /* Read it back rather than build it, so the object is what is stored. */
  stmt = _bansou_store_prepare (self->store,
                                "SELECT id, fiscal_year, title, catalog_version, prefilled_from, demo, created_at "
                                "FROM rounds WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      _bansou_store_set_error (self->store, error, _("reading survey rounds"));
      return NULL;
    }
  created = round_from_row (stmt);
  g_list_store_insert_sorted (self->rounds, created, compare_rounds, NULL);
  g_object_unref (created);

  _bansou_survey_emit_reloaded (self, round);

  return created;
}

typedef struct
{
  const char *id;
  const char *label;
} DeleteRound;

static gboolean
delete_round_cb (BansouStore  *store,
                 gpointer      user_data,
                 GError      **error)
{
  DeleteRound *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _bansou_store_prepare (store, "DELETE FROM rounds WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_STATIC);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;

  return bansou_store_audit (store, "round", op->id, "deleted", op->label, NULL, error);
}

/**
 * bansou_survey_delete_round:
 *
 * Deletes a round with all its answers and progress. There is no undo:
 * callers ask for explicit confirmation first (bansouctl wants `--yes`).
 */
gboolean
bansou_survey_delete_round (BansouSurvey  *self,
                            const char    *round,
                            GError       **error)
{
  BansouRound *r;
  DeleteRound op;
  guint position;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), FALSE);

  if (!(r = require_round (self, round, error)))
    return FALSE;

  op.id = bansou_round_get_id (r);
  op.label = bansou_round_get_label (r);
  if (!bansou_store_transaction (self->store, delete_round_cb, &op, error))
    return FALSE;

  if (g_list_store_find (self->rounds, r, &position))
    g_list_store_remove (self->rounds, position);

  _bansou_survey_emit_reloaded (self, round);
  return TRUE;
}

/**
 * bansou_survey_reload:
 *
 * Reads the rounds again after changes made behind the survey's back
 * (demo data, a sync) and emits #BansouSurvey::answers-reloaded for all
 * rounds.
 */
gboolean
bansou_survey_reload (BansouSurvey  *self,
                      GError       **error)
{
  g_return_val_if_fail (BANSOU_IS_SURVEY (self), FALSE);

  if (!load_rounds (self, error))
    return FALSE;
  _bansou_survey_emit_reloaded (self, NULL);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Answers                                                                  */

static BansouAnswer *
answer_new (const char *round,
            const char *body,
            const char *question)
{
  BansouAnswer *a = g_new0 (BansouAnswer, 1);

  a->round = g_strdup (round);
  a->body = g_strdup (body);
  a->question = g_strdup (question);
  a->note = g_strdup ("");
  a->evidence = g_strdup ("");
  a->updated_by = g_strdup ("");
  a->updated_at = g_strdup ("");
  return a;
}

/* Fills @a from a row of ANSWER_COLUMNS starting at @col. */
static void
fill_answer (BansouAnswer *a,
             sqlite3_stmt *stmt,
             int           col)
{
  a->status = status_from_column (stmt, col);
  g_free (a->done_on);
  a->done_on = g_strdup (_bansou_column_text (stmt, col + 1));
  g_free (a->note);
  a->note = g_strdup (_bansou_column_text (stmt, col + 2));
  g_free (a->evidence);
  a->evidence = g_strdup (_bansou_column_text (stmt, col + 3));
  a->carried = sqlite3_column_int (stmt, col + 4) != 0;
  g_free (a->catalog_version);
  a->catalog_version = g_strdup (_bansou_column_text (stmt, col + 5));
  g_free (a->updated_by);
  a->updated_by = g_strdup (_bansou_column_text (stmt, col + 6));
  g_free (a->updated_at);
  a->updated_at = g_strdup (_bansou_column_text (stmt, col + 7));
  a->stored = TRUE;
}

/**
 * bansou_survey_get_answer:
 *
 * Returns: (transfer full): the answer; an unanswered one (with
 *   @stored %FALSE) when nothing was recorded; %NULL if the round or the
 *   question does not exist
 */
BansouAnswer *
bansou_survey_get_answer (BansouSurvey  *self,
                          const char    *round,
                          const char    *body,
                          const char    *question,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(BansouAnswer) answer = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (!require_round (self, round, error) || !require_question (self, question, error))
    return NULL;

  stmt = _bansou_store_prepare (self->store,
                                "SELECT " ANSWER_COLUMNS " FROM answers "
                                "WHERE round = ?1 AND body = ?2 AND question = ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, question, -1, SQLITE_TRANSIENT);

  answer = answer_new (round, body, question);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    fill_answer (answer, stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading an answer"));
      return NULL;
    }

  return g_steal_pointer (&answer);
}

/**
 * bansou_survey_list_answers:
 *
 * All answers of @body in @round: one per question of the catalog, in
 * catalog order, unanswered ones included.
 *
 * Returns: (transfer full) (element-type BansouAnswer): the answers
 */
GPtrArray *
bansou_survey_list_answers (BansouSurvey  *self,
                            const char    *round,
                            const char    *body,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  guint n_questions;
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (!require_round (self, round, error))
    return NULL;

  n_questions = bansou_catalog_get_n_questions (self->catalog);
  answers = g_ptr_array_new_full (n_questions, (GDestroyNotify) bansou_answer_free);
  for (guint i = 0; i < n_questions; i++)
    g_ptr_array_add (answers, answer_new (round, body, bansou_catalog_get_question (self->catalog, i)->id));

  stmt = _bansou_store_prepare (self->store,
                                "SELECT question, " ANSWER_COLUMNS " FROM answers "
                                "WHERE round = ?1 AND body = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouQuestion *q = bansou_catalog_lookup_question (self->catalog, _bansou_column_text (stmt, 0));

      if (q != NULL)
        fill_answer (g_ptr_array_index (answers, q->index), stmt, 1);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading answers"));
      return NULL;
    }

  return g_steal_pointer (&answers);
}

typedef struct
{
  BansouSurvey         *self;
  BansouRound          *round;
  const char           *body;
  const BansouQuestion *question;
  BansouStatus          status;
  const char           *done_on;
  const char           *note;
  const char           *evidence;
  gboolean              confirm_only;
  gboolean              changed;
  gboolean              started;
} SetAnswer;

static gboolean
set_answer_cb (BansouStore  *store,
               gpointer      user_data,
               GError      **error)
{
  SetAnswer *op = user_data;
  g_autoptr(BansouAnswerWriter) w = _bansou_answer_writer_new (op->self, op->round, error);

  if (w == NULL)
    return FALSE;

  if (op->confirm_only)
    {
      g_autoptr(BansouAnswer) current = bansou_survey_get_answer (op->self, bansou_round_get_id (op->round),
                                                                   op->body, op->question->id, error);
      if (current == NULL)
        return FALSE;
      if (!current->carried)
        return TRUE;
      op->status = current->status;
      if (!_bansou_answer_writer_write (w, op->body, op->question, current->status, current->done_on,
                                        current->note, current->evidence, TRUE, &op->changed, error))
        return FALSE;
    }
  else if (!_bansou_answer_writer_write (w, op->body, op->question, op->status, op->done_on,
                                         op->note, op->evidence, TRUE, &op->changed, error))
    return FALSE;

  if (op->changed && !_bansou_answer_writer_start_body (w, op->body, &op->started, error))
    return FALSE;

  return TRUE;
}

/**
 * bansou_survey_set_answer:
 * @status: the answer; for a dated question given a date, the status
 *   follows from the date (pass %BANSOU_STATUS_UNANSWERED or the same one)
 * @done_on: (nullable): "YYYY-MM-DD", not in the future nor after the
 *   round's reference date; %NULL or "" for no date
 * @note: (nullable): %NULL keeps the current note
 * @evidence: (nullable): %NULL keeps the current evidence reference
 *
 * Records an answer in one transaction with an audit line per changed
 * field. Saving a carried answer unchanged confirms it. A body that had
 * not started moves to 回答中. Emits #BansouSurvey::answer-changed (and
 * #BansouSurvey::progress-changed) after the commit.
 *
 * Returns: %TRUE on success; nothing is written on failure
 */
gboolean
bansou_survey_set_answer (BansouSurvey  *self,
                          const char    *round,
                          const char    *body,
                          const char    *question,
                          BansouStatus   status,
                          const char    *done_on,
                          const char    *note,
                          const char    *evidence,
                          GError       **error)
{
  SetAnswer op = { 0 };

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), FALSE);

  op.self = self;
  op.body = body;
  op.done_on = done_on;
  op.note = note;
  op.evidence = evidence;

  if (!(op.round = require_round (self, round, error)) ||
      !(op.question = require_question (self, question, error)) ||
      !require_body (self, body, error) ||
      !_bansou_survey_check_answer (op.round, op.question, status, done_on, note, evidence, &op.status, error))
    return FALSE;

  if (!bansou_store_transaction (self->store, set_answer_cb, &op, error))
    return FALSE;

  if (op.changed)
    g_signal_emit (self, signals[ANSWER_CHANGED], 0, round, body, question, (guint) op.status);
  if (op.started)
    g_signal_emit (self, signals[PROGRESS_CHANGED], 0, round, body);

  return TRUE;
}

/**
 * bansou_survey_confirm_answer:
 *
 * Confirms a carried answer as it stands, with an audit line
 * "confirmed". Does nothing for an answer that is not carried.
 */
gboolean
bansou_survey_confirm_answer (BansouSurvey  *self,
                              const char    *round,
                              const char    *body,
                              const char    *question,
                              GError       **error)
{
  SetAnswer op = { 0 };

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), FALSE);

  op.self = self;
  op.body = body;
  op.confirm_only = TRUE;

  if (!(op.round = require_round (self, round, error)) ||
      !(op.question = require_question (self, question, error)) ||
      !require_body (self, body, error))
    return FALSE;

  if (!bansou_store_transaction (self->store, set_answer_cb, &op, error))
    return FALSE;

  if (op.changed)
    g_signal_emit (self, signals[ANSWER_CHANGED], 0, round, body, question, (guint) op.status);
  if (op.started)
    g_signal_emit (self, signals[PROGRESS_CHANGED], 0, round, body);

  return TRUE;
}

typedef struct
{
  BansouSurvey *self;
  BansouRound  *round;
  const char   *body;
  GPtrArray    *confirmed;  /* BansouAnswer */
  gboolean      started;
} ConfirmAll;

static gboolean
confirm_all_cb (BansouStore  *store,
                gpointer      user_data,
                GError      **error)
{
  ConfirmAll *op = user_data;
  g_autoptr(BansouAnswerWriter) w = _bansou_answer_writer_new (op->self, op->round, error);
  g_autoptr(GPtrArray) answers = NULL;

  if (w == NULL)
    return FALSE;
  if (!(answers = bansou_survey_list_answers (op->self, bansou_round_get_id (op->round), op->body, error)))
    return FALSE;

  for (guint i = 0; i < answers->len; i++)
    {
      BansouAnswer *a = g_ptr_array_index (answers, i);
      const BansouQuestion *q = bansou_catalog_get_question (op->self->catalog, i);
      gboolean changed;

      if (!a->carried)
        continue;
      if (!_bansou_answer_writer_write (w, op->body, q, a->status, a->done_on, a->note, a->evidence,
                                        TRUE, &changed, error))
        return FALSE;
      if (changed)
        g_ptr_array_add (op->confirmed, bansou_answer_copy (a));
    }

  if (op->confirmed->len > 0 && !_bansou_answer_writer_start_body (w, op->body, &op->started, error))
    return FALSE;

  return TRUE;
}

/**
 * bansou_survey_confirm_all:
 * @n_confirmed: (out) (optional): how many answers were confirmed
 *
 * Confirms every carried answer of @body in @round, in one transaction.
 */
gboolean
bansou_survey_confirm_all (BansouSurvey  *self,
                           const char    *round,
                           const char    *body,
                           guint         *n_confirmed,
                           GError       **error)
{
  g_autoptr(GPtrArray) confirmed = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_answer_free);
  ConfirmAll op = { self, NULL, body, confirmed, FALSE };

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), FALSE);

  if (!(op.round = require_round (self, round, error)) || !require_body (self, body, error))
    return FALSE;

  if (!bansou_store_transaction (self->store, confirm_all_cb, &op, error))
    return FALSE;

  for (guint i = 0; i < confirmed->len; i++)
    {
      BansouAnswer *a = g_ptr_array_index (confirmed, i);
      g_signal_emit (self, signals[ANSWER_CHANGED], 0, round, body, a->question, (guint) a->status);
    }
  if (op.started)
    g_signal_emit (self, signals[PROGRESS_CHANGED], 0, round, body);

  if (n_confirmed)
    *n_confirmed = confirmed->len;
  return TRUE;
}

/**
 * bansou_survey_list_unconfirmed:
 *
 * The carried answers of @body nobody has confirmed or changed yet, for
 * the editor to point at.
 *
 * Returns: (transfer full) (element-type utf8): question ids, in catalog order
 */
GPtrArray *
bansou_survey_list_unconfirmed (BansouSurvey  *self,
                                const char    *round,
                                const char    *body,
                                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  if (!require_round (self, round, error))
    return NULL;

  stmt = _bansou_store_prepare (self->store,
                                "SELECT question FROM answers WHERE round = ?1 AND body = ?2 AND carried = 1",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup (_bansou_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading answers"));
      return NULL;
    }

  g_ptr_array_sort_with_data (ids, compare_question_index, self->catalog);
  return g_steal_pointer (&ids);
}

/**
 * bansou_survey_count_unconfirmed:
 *
 * Returns: (transfer full) (element-type utf8 guint): body code → number of
 *   carried, unconfirmed answers (GPOINTER_TO_UINT); bodies with none are absent
 */
GHashTable *
bansou_survey_count_unconfirmed (BansouSurvey  *self,
                                 const char    *round,
                                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  if (!require_round (self, round, error))
    return NULL;

  stmt = _bansou_store_prepare (self->store,
                                "SELECT body, count(*) FROM answers WHERE round = ?1 AND carried = 1 "
                                "GROUP BY body", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (counts, g_strdup (_bansou_column_text (stmt, 0)),
                         GUINT_TO_POINTER ((guint) sqlite3_column_int (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading answers"));
      return NULL;
    }

  return g_steal_pointer (&counts);
}

/**
 * bansou_survey_load_matrix:
 * @bodies: (nullable): a #GListModel of #BansouBody for the rows, or
 *   %NULL for bansou_survey_list_bodies() of the desk's scope
 *
 * Reads a whole round in one query: what the heatmap and the scores
 * work from. Columns are the catalog's questions in catalog order.
 *
 * Returns: (transfer full): the matrix, or %NULL
 */
BansouAnswerMatrix *
bansou_survey_load_matrix (BansouSurvey  *self,
                           const char    *round,
                           GListModel    *bodies,
                           GError       **error)
{
  g_autoptr(GListModel) own = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(BansouAnswerMatrix) matrix = NULL;
  guint n;
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  if (!require_round (self, round, error))
    return NULL;
  if (bodies == NULL && !(bodies = own = bansou_survey_list_bodies (self, NULL, error)))
    return NULL;

  n = g_list_model_get_n_items (bodies);
  codes = g_ptr_array_new_full (n + 1, g_free);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      g_ptr_array_add (codes, g_strdup (bansou_body_get_code (body)));
    }
  g_ptr_array_add (codes, NULL);

  matrix = bansou_answer_matrix_new (round, (const char * const *) codes->pdata,
                                     bansou_catalog_get_n_questions (self->catalog));

  stmt = _bansou_store_prepare (self->store,
                                "SELECT body, question, status, carried, note <> '' FROM answers WHERE round = ?1",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int row = bansou_answer_matrix_find_body (matrix, _bansou_column_text (stmt, 0));
      BansouQuestion *q;
      guint8 cell;

      if (row < 0 || !(q = bansou_catalog_lookup_question (self->catalog, _bansou_column_text (stmt, 1))))
        continue;

      cell = status_from_column (stmt, 2);
      if (sqlite3_column_int (stmt, 3))
        cell |= BANSOU_CELL_CARRIED;
      if (sqlite3_column_int (stmt, 4))
        cell |= BANSOU_CELL_HAS_NOTE;
      bansou_answer_matrix_set_cell (matrix, row, q->index, cell);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading answers"));
      return NULL;
    }

  return g_steal_pointer (&matrix);
}

/**
 * bansou_survey_compute_status:
 * @done_on: (nullable): "YYYY-MM-DD"
 *
 * For the editor: the status a dated question gets from @done_on in
 * @round.
 *
 * Returns: the status, or %BANSOU_STATUS_UNANSWERED when the question is
 *   not dated, the date is missing or not valid, or the round is unknown
 */
BansouStatus
bansou_survey_compute_status (BansouSurvey *self,
                              const char   *round,
                              const char   *question,
                              const char   *done_on)
{
  g_autoptr(GDate) date = NULL;
  g_autoptr(GDate) reference = NULL;
  BansouRound *r;
  BansouQuestion *q;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), BANSOU_STATUS_UNANSWERED);

  if (!(r = bansou_survey_lookup_round (self, round)) ||
      !(q = bansou_catalog_lookup_question (self->catalog, question)) ||
      !(date = bansou_date_parse_iso (done_on)))
    return BANSOU_STATUS_UNANSWERED;

  reference = bansou_round_get_date (r);
  return bansou_question_status_for_date (q, reference, date);
}

/**
 * bansou_survey_checksum:
 * @round: (nullable): one round, or %NULL for all
 *
 * A SHA-256 over every stored field of the answers, in key order: equal
 * checksums mean equal answers (tests, sync).
 *
 * Returns: (transfer full): the checksum in hex, or %NULL
 */
char *
bansou_survey_checksum (BansouSurvey  *self,
                        const char    *round,
                        GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  stmt = _bansou_store_prepare (self->store,
                                "SELECT round, body, question, " ANSWER_COLUMNS " FROM answers "
                                "WHERE ?1 IS NULL OR round = ?1 ORDER BY round, body, question", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int col = 0; col < 11; col++)
        {
          const char *text = _bansou_column_text (stmt, col);

          /* NULL and "" differ: mark NULL with a byte text never holds. */
          if (text == NULL)
            g_checksum_update (sum, (const guchar *) "\1", 1);
          else
            g_checksum_update (sum, (const guchar *) text, -1);
          g_checksum_update (sum, (const guchar *) "\t", 1);
        }
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading answers"));
      return NULL;
    }

  return g_strdup (g_checksum_get_string (sum));
}

/* ------------------------------------------------------------------------ */
/* Progress                                                                 */

BansouProgressInfo *
bansou_progress_info_copy (const BansouProgressInfo *info)
{
  BansouProgressInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (BansouProgressInfo, 1);
  copy->round = g_strdup (info->round);
  copy->body = g_strdup (info->body);
  copy->state = info->state;
  copy->assignee = g_strdup (info->assignee);
  copy->due = g_strdup (info->due);
  copy->updated_by = g_strdup (info->updated_by);
  copy->updated_at = g_strdup (info->updated_at);
  copy->stored = info->stored;
  return copy;
}

void
bansou_progress_info_free (BansouProgressInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->round);
  g_free (info->body);
  g_free (info->assignee);
  g_free (info->due);
  g_free (info->updated_by);
  g_free (info->updated_at);
  g_free (info);
}

void
bansou_progress_overview_free (BansouProgressOverview *overview)
{
  if (overview == NULL)
    return;
  g_clear_pointer (&overview->overdue, g_ptr_array_unref);
  g_clear_pointer (&overview->by_assignee, g_hash_table_unref);
  g_free (overview);
}

static BansouProgressInfo *
progress_info_new (const char *round,
                   const char *body)
{
  BansouProgressInfo *info = g_new0 (BansouProgressInfo, 1);

  info->round = g_strdup (round);
  info->body = g_strdup (body);
  info->state = BANSOU_PROGRESS_NOT_STARTED;
  info->assignee = g_strdup ("");
  info->updated_by = g_strdup ("");
  info->updated_at = g_strdup ("");
  return info;
}

/* From a row of: state, assignee, due, updated_by, updated_at. */
static void
fill_progress (BansouProgressInfo *info,
               sqlite3_stmt       *stmt,
               int                 col)
{
  info->state = bansou_progress_from_string (_bansou_column_text (stmt, col));
  if (info->state == BANSOU_N_PROGRESS)
    info->state = BANSOU_PROGRESS_NOT_STARTED;
  g_free (info->assignee);
  info->assignee = g_strdup (_bansou_column_text (stmt, col + 1));
  g_free (info->due);
  info->due = g_strdup (_bansou_column_text (stmt, col + 2));
  g_free (info->updated_by);
  info->updated_by = g_strdup (_bansou_column_text (stmt, col + 3));
  g_free (info->updated_at);
  info->updated_at = g_strdup (_bansou_column_text (stmt, col + 4));
  info->stored = TRUE;
}

/**
 * bansou_survey_get_progress:
 *
 * Returns: (transfer full): where @body stands in @round (not started
 *   when nothing was recorded), or %NULL if the round does not exist
 */
BansouProgressInfo *
bansou_survey_get_progress (BansouSurvey  *self,
                            const char    *round,
                            const char    *body,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(BansouProgressInfo) info = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (!require_round (self, round, error))
    return NULL;

  stmt = _bansou_store_prepare (self->store,
                                "SELECT state, assignee, due, updated_by, updated_at FROM progress "
                                "WHERE round = ?1 AND body = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);

  info = progress_info_new (round, body);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    fill_progress (info, stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading progress"));
      return NULL;
    }

  return g_steal_pointer (&info);
}

/**
 * bansou_survey_list_progress:
 * @scope: (nullable): "34", "00", or %NULL for the desk's scope
 *
 * Returns: (transfer full) (element-type BansouProgressInfo): one entry
 *   per body of bansou_survey_list_bodies(), by code
 */
GPtrArray *
bansou_survey_list_progress (BansouSurvey  *self,
                             const char    *round,
                             const char    *scope,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(GPtrArray) result = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  if (!require_round (self, round, error))
    return NULL;
  if (!(bodies = bansou_survey_list_bodies (self, scope, error)))
    return NULL;

  stmt = _bansou_store_prepare (self->store,
                                "SELECT body, state, assignee, due, updated_by, updated_at FROM progress "
                                "WHERE round = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);

  stored = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) bansou_progress_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouProgressInfo *info = progress_info_new (round, _bansou_column_text (stmt, 0));

      fill_progress (info, stmt, 1);
      g_hash_table_insert (stored, info->body, info);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading progress"));
      return NULL;
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_progress_info_free);
  for (guint i = 0, n = g_list_model_get_n_items (bodies); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      const char *code = bansou_body_get_code (body);
      BansouProgressInfo *info = g_hash_table_lookup (stored, code);

      g_ptr_array_add (result, info ? bansou_progress_info_copy (info) : progress_info_new (round, code));
    }

  return g_steal_pointer (&result);
}

typedef struct
{
  BansouSurvey       *self;
  const char         *round;
  const char * const *bodies;
  BansouProgress      state;     /* BANSOU_N_PROGRESS: unchanged */
  const char         *reason;
  const char         *assignee;  /* NULL: unchanged */
  const char         *due;       /* NULL: unchanged; "": none */
  char               *now;
  GPtrArray          *changed;   /* body codes (not owned) */
} UpdateProgress;

static gboolean
update_progress_cb (BansouStore  *store,
                    gpointer      user_data,
                    GError      **error)
{
  UpdateProgress *op = user_data;
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) outbox = _bansou_outbox_prepare_progress (store, error);
  const char *actor = bansou_store_get_actor (store);

  if (outbox == NULL)
    return FALSE;

  upsert = _bansou_store_prepare (store,
                                  "INSERT INTO progress (round, body, state, assignee, due, updated_by, updated_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                                  "ON CONFLICT (round, body) DO UPDATE SET state = excluded.state, "
                                  "assignee = excluded.assignee, due = excluded.due, "
                                  "updated_by = excluded.updated_by, updated_at = excluded.updated_at", error);
  if (upsert == NULL)
    return FALSE;

  for (guint i = 0; op->bodies[i] != NULL; i++)
    {
      const char *body = op->bodies[i];
      g_autoptr(BansouProgressInfo) info = bansou_survey_get_progress (op->self, op->round, body, error);
      g_autofree char *key = NULL;
      BansouProgress state;
      const char *assignee, *due;
      gboolean state_changed, assignee_changed, due_changed;

      if (info == NULL)
        return FALSE;

      state = op->state == BANSOU_N_PROGRESS ? info->state : op->state;
      assignee = op->assignee ? op->assignee : info->assignee;
      due = op->due ? (*op->due ? op->due : NULL) : info->due;

      if (!bansou_progress_can_change (info->state, state))
        {
          g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_TRANSITION,
                       /* Translators: progress states, e.g. “Not started” to “Final” */
                       _("%s: the progress cannot go from “%s” to “%s”"), body,
                       bansou_progress_get_label (info->state), bansou_progress_get_label (state));
          return FALSE;
        }
      if (info->state == BANSOU_PROGRESS_FINAL && state != BANSOU_PROGRESS_FINAL && is_blank (op->reason))
        {
          g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_TRANSITION,
                       _("%s: reopening a final answer needs a reason"), body);
          return FALSE;
        }

      state_changed = state != info->state;
      assignee_changed = g_strcmp0 (assignee, info->assignee) != 0;
      due_changed = g_strcmp0 (due, info->due) != 0;
      if (!state_changed && !assignee_changed && !due_changed && info->stored)
        continue;

      sqlite3_reset (upsert);
      sqlite3_bind_text (upsert, 1, op->round, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 2, body, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 3, bansou_progress_to_string (state), -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 4, assignee, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (upsert, 5, due, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (upsert, 6, actor, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (upsert, 7, op->now, -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (store, upsert, error))
        return FALSE;

      key = progress_key (op->round, body);
      if ((state_changed &&
           !bansou_store_audit (store, "progress", key, "state", bansou_progress_to_string (info->state),
                                bansou_progress_to_string (state), error)) ||
          (state_changed && !is_blank (op->reason) &&
           !bansou_store_audit (store, "progress", key, "reason", NULL, op->reason, error)) ||
          (assignee_changed &&
           !bansou_store_audit (store, "progress", key, "assignee", info->assignee, assignee, error)) ||
          (due_changed && !bansou_store_audit (store, "progress", key, "due", info->due, due, error)) ||
          !_bansou_outbox_step (store, outbox, op->round, body, NULL, error))
        return FALSE;

      if (state_changed || assignee_changed || due_changed)
        g_ptr_array_add (op->changed, (gpointer) body);
    }

  return TRUE;
}

static gboolean
update_progress (BansouSurvey        *self,
                 const char          *round,
                 const char * const  *bodies,
                 BansouProgress       state,
                 const char          *reason,
                 const char          *assignee,
                 const char          *due,
                 GError             **error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autofree char *now = _bansou_now_iso ();
  UpdateProgress op = { self, round, bodies, state, reason, assignee, due, now, changed };

  if (!require_round (self, round, error))
    return FALSE;
  for (guint i = 0; bodies[i] != NULL; i++)
    if (!require_body (self, bodies[i], error))
      return FALSE;
  if (state > BANSOU_N_PROGRESS)
    {
      g_set_error_literal (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID, _("Unknown progress state"));
      return FALSE;
    }
  if (due != NULL && *due != '\0')
    {
      g_autoptr(GDate) date = bansou_date_parse_iso (due);
      if (date == NULL)
        {
          g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                       _("“%s” is not a date (use YYYY-MM-DD)"), due);
          return FALSE;
        }
    }
  if (assignee != NULL && g_utf8_strlen (assignee, -1) > 100)
    {
      g_set_error_literal (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                           _("The assignee’s name is longer than 100 characters"));
      return FALSE;
    }

  if (!bansou_store_transaction (self->store, update_progress_cb, &op, error))
    return FALSE;

  for (guint i = 0; i < changed->len; i++)
    g_signal_emit (self, signals[PROGRESS_CHANGED], 0, round, (const char *) g_ptr_array_index (changed, i));

  return TRUE;
}

/**
 * bansou_survey_update_progress:
 * @state: the new state, or %BANSOU_N_PROGRESS to keep it
 * @reason: (nullable): why; required to reopen a final body, recorded in
 *   the audit trail with any change of state
 * @assignee: (nullable): the new assignee, "" for nobody, %NULL to keep
 * @due: (nullable): "YYYY-MM-DD", "" for none, %NULL to keep
 *
 * Changes a body's progress in one transaction, refusing steps
 * bansou_progress_can_change() does not allow, and emits
 * #BansouSurvey::progress-changed.
 */
gboolean
bansou_survey_update_progress (BansouSurvey    *self,
                               const char      *round,
                               const char      *body,
                               BansouProgress   state,
                               const char      *reason,
                               const char      *assignee,
                               const char      *due,
                               GError         **error)
{
  const char *bodies[] = { body, NULL };

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  return update_progress (self, round, bodies, state, reason, assignee, due, error);
}

gboolean
bansou_survey_set_progress_state (BansouSurvey    *self,
                                  const char      *round,
                                  const char      *body,
                                  BansouProgress   state,
                                  const char      *reason,
                                  GError         **error)
{
  return bansou_survey_update_progress (self, round, body, state, reason, NULL, NULL, error);
}

/**
 * bansou_survey_assign:
 * @bodies: (array zero-terminated=1): the bodies' codes
 * @assignee: (nullable): the new assignee, "" for nobody, %NULL to keep
 * @due: (nullable): "YYYY-MM-DD", "" for none, %NULL to keep
 *
 * Hands several bodies to a member of staff in one transaction.
 */
gboolean
bansou_survey_assign (BansouSurvey        *self,
                      const char          *round,
                      const char * const  *bodies,
                      const char          *assignee,
                      const char          *due,
                      GError             **error)
{
  g_return_val_if_fail (BANSOU_IS_SURVEY (self), FALSE);
  g_return_val_if_fail (bodies != NULL, FALSE);

  return update_progress (self, round, bodies, BANSOU_N_PROGRESS, NULL, assignee, due, error);
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const BansouProgressInfo *pa = *(const BansouProgressInfo * const *) a;
  const BansouProgressInfo *pb = *(const BansouProgressInfo * const *) b;
  int cmp = g_strcmp0 (pa->due, pb->due);

  return cmp != 0 ? cmp : g_strcmp0 (pa->body, pb->body);
}

/**
 * bansou_survey_get_overview:
 * @scope: (nullable): "34", "00", or %NULL for the desk's scope
 *
 * The prefecture's view of a round: bodies per state, overdue bodies
 * (due before today and not final) and who holds what.
 *
 * Returns: (transfer full): the overview, or %NULL
 */
BansouProgressOverview *
bansou_survey_get_overview (BansouSurvey  *self,
                            const char    *round,
                            const char    *scope,
                            GError       **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GDate) today = _bansou_today ();
  g_autofree char *today_iso = bansou_date_to_iso (today);
  BansouProgressOverview *overview;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  if (!(all = bansou_survey_list_progress (self, round, scope, error)))
    return NULL;

  overview = g_new0 (BansouProgressOverview, 1);
  overview->overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_progress_info_free);
  overview->by_assignee = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < all->len; i++)
    {
      BansouProgressInfo *info = g_ptr_array_index (all, i);
      guint *counts = g_hash_table_lookup (overview->by_assignee, info->assignee);

      overview->counts[info->state]++;
      overview->total++;

      if (counts == NULL)
        {
          counts = g_new0 (guint, BANSOU_N_PROGRESS);
          g_hash_table_insert (overview->by_assignee, g_strdup (info->assignee), counts);
        }
      counts[info->state]++;

      /* ISO dates compare as strings. */
      if (info->due != NULL && info->state != BANSOU_PROGRESS_FINAL && strcmp (info->due, today_iso) < 0)
        g_ptr_array_add (overview->overdue, bansou_progress_info_copy (info));
    }

  g_ptr_array_sort (overview->overdue, compare_due);
  return overview;
}
