/* bansou-survey-answers.c — reading and recording answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Changes are announced after the commit: views such as the heatmap
 * update one cell from ::answer-changed instead of reading the round again.
 */
#define G_LOG_DOMAIN "bansou-survey"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-registry.h"
#include "bansou-store-sql.h"
#include "bansou-survey-private.h"
#include "bansou-util.h"
#include "bansou-wareki.h"

#define ANSWER_COLUMNS \
  "status, done_on, note, evidence, carried, catalog_version, updated_by, updated_at"

static BansouStatus
status_from_column (sqlite3_stmt *stmt,
                    int           col)
{
  BansouStatus status = bansou_status_from_string (_bansou_column_text (stmt, col));

  return status == BANSOU_N_STATUSES ? BANSOU_STATUS_UNANSWERED : status;
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

  if (!_bansou_survey_require_round (self, round, error) || !_bansou_survey_require_question (self, question, error))
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

  if (!_bansou_survey_require_round (self, round, error))
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

  if (!(op.round = _bansou_survey_require_round (self, round, error)) ||
      !(op.question = _bansou_survey_require_question (self, question, error)) ||
      !_bansou_survey_require_body (self, body, error) ||
      !_bansou_survey_check_answer (op.round, op.question, status, done_on, note, evidence, &op.status, error))
    return FALSE;

  if (!bansou_store_transaction (self->store, set_answer_cb, &op, error))
    return FALSE;

  if (op.changed)
    _bansou_survey_emit_answer_changed (self, round, body, question, op.status);
  if (op.started)
    _bansou_survey_emit_progress_changed (self, round, body);

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

  if (!(op.round = _bansou_survey_require_round (self, round, error)) ||
      !(op.question = _bansou_survey_require_question (self, question, error)) ||
      !_bansou_survey_require_body (self, body, error))
    return FALSE;

  if (!bansou_store_transaction (self->store, set_answer_cb, &op, error))
    return FALSE;

  if (op.changed)
    _bansou_survey_emit_answer_changed (self, round, body, question, op.status);
  if (op.started)
    _bansou_survey_emit_progress_changed (self, round, body);

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

  if (!(op.round = _bansou_survey_require_round (self, round, error)) || !_bansou_survey_require_body (self, body, error))
    return FALSE;

  if (!bansou_store_transaction (self->store, confirm_all_cb, &op, error))
    return FALSE;

  for (guint i = 0; i < confirmed->len; i++)
    {
      BansouAnswer *a = g_ptr_array_index (confirmed, i);
      _bansou_survey_emit_answer_changed (self, round, body, a->question, a->status);
    }
  if (op.started)
    _bansou_survey_emit_progress_changed (self, round, body);

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

  if (!_bansou_survey_require_round (self, round, error))
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

  if (!_bansou_survey_require_round (self, round, error))
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

  if (!_bansou_survey_require_round (self, round, error))
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
  char *sum;
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  stmt = _bansou_store_prepare (self->store,
                                "SELECT round, body, question, " ANSWER_COLUMNS " FROM answers "
                                "WHERE ?1 IS NULL OR round = ?1 ORDER BY round, body, question", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);

  if (!(sum = bansou_checksum_rows (stmt, &rc)))
    _bansou_store_set_error (self->store, error, _("reading answers"));
  return sum;
}
