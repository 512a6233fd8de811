/* bansou-answer.c — one answer, and the answers of a round as a matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The matrix is what views of a whole round (the heatmap, the scores) read:
 * one byte per body and question, filled by one query, so that a nationwide
 * round (1,741 × 58) stays about 100 kB and a changed answer updates one
 * byte without going back to the database.
 */
#define G_LOG_DOMAIN "bansou-answer"

#include "config.h"

#include "bansou-answer.h"

G_DEFINE_BOXED_TYPE (BansouAnswer, bansou_answer, bansou_answer_copy, bansou_answer_free)

struct _BansouAnswerMatrix
{
  gatomicrefcount  ref_count;
  char            *round;
  GPtrArray       *bodies;   /* codes */
  GHashTable      *index;    /* code → index + 1 */
  guint            n_questions;
  guint8          *cells;    /* bodies × questions, row-major */
};

G_DEFINE_BOXED_TYPE (BansouAnswerMatrix, bansou_answer_matrix,
                     bansou_answer_matrix_ref, bansou_answer_matrix_unref)

/**
 * bansou_answer_copy:
 *
 * Returns: (transfer full): a deep copy
 */
BansouAnswer *
bansou_answer_copy (const BansouAnswer *answer)
{
  BansouAnswer *copy;

  g_return_val_if_fail (answer != NULL, NULL);

  copy = g_new0 (BansouAnswer, 1);
  copy->round = g_strdup (answer->round);
  copy->body = g_strdup (answer->body);
  copy->question = g_strdup (answer->question);
  copy->status = answer->status;
  copy->done_on = g_strdup (answer->done_on);
  copy->note = g_strdup (answer->note);
  copy->evidence = g_strdup (answer->evidence);
  copy->carried = answer->carried;
  copy->catalog_version = g_strdup (answer->catalog_version);
  copy->updated_by = g_strdup (answer->updated_by);
  copy->updated_at = g_strdup (answer->updated_at);
  copy->stored = answer->stored;

  return copy;
}

void
bansou_answer_free (BansouAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->round);
  g_free (answer->body);
  g_free (answer->question);
  g_free (answer->done_on);
  g_free (answer->note);
  g_free (answer->evidence);
  g_free (answer->catalog_version);
  g_free (answer->updated_by);
  g_free (answer->updated_at);
  g_free (answer);
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_answer_matrix_new:
 * @round: the round the cells belong to
 * @bodies: (array zero-terminated=1): the codes of the rows, in order
 * @n_questions: the number of columns: the catalog's questions, in
 *   catalog order
 *
 * Returns: (transfer full): a matrix of unanswered cells
 */
BansouAnswerMatrix *
bansou_answer_matrix_new (const char         *round,
                          const char * const *bodies,
                          guint               n_questions)
{
  BansouAnswerMatrix *self;

  g_return_val_if_fail (bodies != NULL, NULL);

  self = g_new0 (BansouAnswerMatrix, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->round = g_strdup (round);
  self->bodies = g_ptr_array_new_with_free_func (g_free);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  self->n_questions = n_questions;

  for (guint i = 0; bodies[i] != NULL; i++)
    {
      char *code = g_strdup (bodies[i]);

      g_ptr_array_add (self->bodies, code);
      g_hash_table_insert (self->index, code, GUINT_TO_POINTER (i + 1));
    }

  self->cells = g_malloc0 ((gsize) self->bodies->len * MAX (n_questions, 1));

  return self;
}

BansouAnswerMatrix *
bansou_answer_matrix_ref (BansouAnswerMatrix *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bansou_answer_matrix_unref (BansouAnswerMatrix *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->round);
      g_hash_table_unref (self->index);
      g_ptr_array_unref (self->bodies);
      g_free (self->cells);
      g_free (self);
    }
}

const char *
bansou_answer_matrix_get_round (BansouAnswerMatrix *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->round;
}

guint
bansou_answer_matrix_get_n_bodies (BansouAnswerMatrix *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->bodies->len;
}

guint
bansou_answer_matrix_get_n_questions (BansouAnswerMatrix *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_questions;
}

const char *
bansou_answer_matrix_get_body (BansouAnswerMatrix *self,
                               guint               body_index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (body_index < self->bodies->len, NULL);
  return g_ptr_array_index (self->bodies, body_index);
}

/**
 * bansou_answer_matrix_find_body:
 *
 * Returns: the row of @code, or -1
 */
int
bansou_answer_matrix_find_body (BansouAnswerMatrix *self,
                                const char         *code)
{
  g_return_val_if_fail (self != NULL, -1);
  return code ? (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->index, code)) - 1 : -1;
}

BansouStatus
bansou_answer_matrix_get_status (BansouAnswerMatrix *self,
                                 guint               body_index,
                                 guint               question_index)
{
  return bansou_answer_matrix_get_cell (self, body_index, question_index) & BANSOU_CELL_STATUS_MASK;
}

/**
 * bansou_answer_matrix_get_cell:
 *
 * Returns: the status (masked by %BANSOU_CELL_STATUS_MASK) with the
 *   %BANSOU_CELL_CARRIED and %BANSOU_CELL_HAS_NOTE flags
 */
guint8
bansou_answer_matrix_get_cell (BansouAnswerMatrix *self,
                               guint               body_index,
                               guint               question_index)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (body_index < self->bodies->len, 0);
  g_return_val_if_fail (question_index < self->n_questions, 0);
  return self->cells[(gsize) body_index * self->n_questions + question_index];
}

/**
 * bansou_answer_matrix_set_cell:
 *
 * Updates one cell, e.g. from #BansouSurvey::answer-changed, so that a
 * view stays current without reading the round again.
 */
void
bansou_answer_matrix_set_cell (BansouAnswerMatrix *self,
                               guint               body_index,
                               guint               question_index,
                               guint8              cell)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (body_index < self->bodies->len);
  g_return_if_fail (question_index < self->n_questions);
  self->cells[(gsize) body_index * self->n_questions + question_index] = cell;
}

/**
 * bansou_answer_matrix_get_cells:
 *
 * Returns: (transfer none): all cells, row-major: the cell of body b and
 *   question q is at `b * n_questions + q`
 */
const guint8 *
bansou_answer_matrix_get_cells (BansouAnswerMatrix *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->cells;
}
