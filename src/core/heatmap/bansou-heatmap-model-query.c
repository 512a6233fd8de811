/* bansou-heatmap-model-query.c — queries and lookups: bodies, cells, notes and scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-heatmap"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-heatmap-model-private.h"

guint
bansou_heatmap_model_get_n_bodies (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return _bansou_heatmap_model_n_bodies (self);
}

/**
 * bansou_heatmap_model_get_body:
 *
 * Returns: (transfer none): the body
 */
BansouBody *
bansou_heatmap_model_get_body (BansouHeatmapModel *self,
                               guint               body)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  g_return_val_if_fail (body < _bansou_heatmap_model_n_bodies (self), NULL);
  return _bansou_heatmap_model_body_at (self, body);
}

gboolean
bansou_heatmap_model_lookup_body (BansouHeatmapModel *self,
                                  const char         *code,
                                  guint              *body)
{
  guint i;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);

  if (self->body_index == NULL || code == NULL ||
      !(i = GPOINTER_TO_UINT (g_hash_table_lookup (self->body_index, code))))
    return FALSE;
  if (body)
    *body = i - 1;
  return TRUE;
}

guint
bansou_heatmap_model_get_n_questions (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return self->n_questions;
}

guint
bansou_heatmap_model_get_n_categories (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return self->n_categories;
}

/**
 * bansou_heatmap_model_get_cells:
 *
 * The raw cells, n_bodies × n_questions bytes in row-major order: the low
 * three bits hold the #BansouStatus.
 *
 * Returns: (transfer none) (nullable): the cells
 */
const guint8 *
bansou_heatmap_model_get_cells (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  return self->cells;
}

BansouStatus
bansou_heatmap_model_get_status (BansouHeatmapModel *self,
                                 guint               body,
                                 guint               question)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), BANSOU_STATUS_UNANSWERED);
  g_return_val_if_fail (body < _bansou_heatmap_model_n_bodies (self), BANSOU_STATUS_UNANSWERED);
  g_return_val_if_fail (question < self->n_questions, BANSOU_STATUS_UNANSWERED);
  return self->cells[(gsize) body * self->n_questions + question] & CELL_STATUS_MASK;
}

BansouStatus
bansou_heatmap_model_get_previous_status (BansouHeatmapModel *self,
                                          guint               body,
                                          guint               question)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), BANSOU_STATUS_UNANSWERED);
  g_return_val_if_fail (body < _bansou_heatmap_model_n_bodies (self), BANSOU_STATUS_UNANSWERED);
  g_return_val_if_fail (question < self->n_questions, BANSOU_STATUS_UNANSWERED);
  return self->previous[(gsize) body * self->n_questions + question] & CELL_STATUS_MASK;
}

/**
 * bansou_heatmap_model_get_carried:
 *
 * Returns: whether the answer was carried over from the previous round and
 *   nobody has confirmed it yet
 */
gboolean
bansou_heatmap_model_get_carried (BansouHeatmapModel *self,
                                  guint               body,
                                  guint               question)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);
  g_return_val_if_fail (body < _bansou_heatmap_model_n_bodies (self), FALSE);
  g_return_val_if_fail (question < self->n_questions, FALSE);
  return (self->cells[(gsize) body * self->n_questions + question] & CELL_CARRIED) != 0;
}

/**
 * bansou_heatmap_model_get_note:
 *
 * Returns: (nullable): the note on this answer, or %NULL when it has none
 */
const char *
bansou_heatmap_model_get_note (BansouHeatmapModel *self,
                               guint               body,
                               guint               question)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  g_return_val_if_fail (body < _bansou_heatmap_model_n_bodies (self), NULL);
  g_return_val_if_fail (question < self->n_questions, NULL);
  return g_hash_table_lookup (self->notes,
                              GUINT_TO_POINTER (body * self->n_questions + question));
}

static gboolean
resolve_cell (BansouHeatmapModel *self,
              const char         *body,
              const char         *question,
              guint              *b,
              guint              *q)
{
  BansouQuestion *qq;

  if (!bansou_heatmap_model_lookup_body (self, body, b))
    return FALSE;
  if (!(qq = bansou_catalog_lookup_question (self->catalog, question)))
    return FALSE;
  *q = qq->index;
  return TRUE;
}

/**
 * bansou_heatmap_model_set_cell:
 * @body: a body code
 * @question: a catalog question id
 * @status: the new status
 *
 * Applies an edit made elsewhere (the answer editor, an import) without
 * reading the database: the cell and the tallies it feeds change, the
 * arrangement stays, and ::cell-changed is emitted. An edit confirms a
 * carried-over answer.
 *
 * Returns: %FALSE if the body or question is not in the model
 */
gboolean
bansou_heatmap_model_set_cell (BansouHeatmapModel *self,
                               const char         *body,
                               const char         *question,
                               BansouStatus        status)
{
  guint b, q;
  guint8 *cell;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);
  g_return_val_if_fail (status < BANSOU_N_STATUSES, FALSE);

  if (!resolve_cell (self, body, question, &b, &q))
    return FALSE;

  cell = &self->cells[(gsize) b * self->n_questions + q];
  if (*cell == status)   /* also false for a carried answer: the edit confirms it */
    return TRUE;

  _bansou_heatmap_model_tally_cell (self, b, q, *cell, -1);
  *cell = status;
  _bansou_heatmap_model_tally_cell (self, b, q, *cell, 1);

  g_signal_emit (self, _bansou_heatmap_model_signals[CELL_CHANGED], 0, b, q);

  return TRUE;
}

/**
 * bansou_heatmap_model_set_note:
 * @note: (nullable): the new note
 *
 * Returns: %FALSE if the body or question is not in the model
 */
gboolean
bansou_heatmap_model_set_note (BansouHeatmapModel *self,
                               const char         *body,
                               const char         *question,
                               const char         *note)
{
  guint b, q;
  gpointer key;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);

  if (!resolve_cell (self, body, question, &b, &q))
    return FALSE;

  key = GUINT_TO_POINTER (b * self->n_questions + q);
  if (note == NULL || *note == '\0')
    g_hash_table_remove (self->notes, key);
  else
    g_hash_table_insert (self->notes, key, g_strdup (note));

  g_signal_emit (self, _bansou_heatmap_model_signals[CELL_CHANGED], 0, b, q);

  return TRUE;
}

double
bansou_heatmap_model_get_body_score (BansouHeatmapModel *self,
                                     guint               body)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (body < _bansou_heatmap_model_n_bodies (self), -1);
  return _bansou_heatmap_model_tally_score (&self->body_tally[body]);
}

double
bansou_heatmap_model_get_body_category_score (BansouHeatmapModel *self,
                                              guint               body,
                                              guint               category)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (body < _bansou_heatmap_model_n_bodies (self), -1);
  g_return_val_if_fail (category < self->n_categories, -1);
  return _bansou_heatmap_model_tally_score (&self->body_cat_tally[body * self->n_categories + category]);
}

/**
 * bansou_heatmap_model_get_question_score:
 *
 * Returns: the scope mean for a question (every body in scope, whatever
 *   the kind filter), or a negative number
 */
double
bansou_heatmap_model_get_question_score (BansouHeatmapModel *self,
                                         guint               question)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (question < self->n_questions, -1);
  if (self->question_tally == NULL)
    return -1;
  return _bansou_heatmap_model_tally_score (&self->question_tally[question]);
}

double
bansou_heatmap_model_get_category_score (BansouHeatmapModel *self,
                                         guint               category)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (category < self->n_categories, -1);
  if (self->category_tally == NULL)
    return -1;
  return _bansou_heatmap_model_tally_score (&self->category_tally[category]);
}

double
bansou_heatmap_model_get_group_score (BansouHeatmapModel *self,
                                      guint               group)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (group < _bansou_heatmap_model_n_groups (self), -1);
  return _bansou_heatmap_model_tally_score (&self->group_tally[group]);
}

double
bansou_heatmap_model_get_group_question_score (BansouHeatmapModel *self,
                                               guint               group,
                                               guint               question)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (group < _bansou_heatmap_model_n_groups (self), -1);
  g_return_val_if_fail (question < self->n_questions, -1);
  return _bansou_heatmap_model_tally_score (&self->group_q_tally[group * self->n_questions + question]);
}

double
bansou_heatmap_model_get_group_category_score (BansouHeatmapModel *self,
                                               guint               group,
                                               guint               category)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (group < _bansou_heatmap_model_n_groups (self), -1);
  g_return_val_if_fail (category < self->n_categories, -1);
  return _bansou_heatmap_model_tally_score (&self->group_cat_tally[group * self->n_categories + category]);
}

double
bansou_heatmap_model_get_total_score (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  return _bansou_heatmap_model_tally_score (&self->total_tally);
}

/**
 * bansou_heatmap_model_get_question_baseline:
 *
 * Returns: the national implementation rate from 0 to 1 — the live
 *   figure pulled from bansou-server for the round when there is one,
 *   else the catalog's — or a negative number when there is none
 */
double
bansou_heatmap_model_get_question_baseline (BansouHeatmapModel *self,
                                            guint               question)
{
  BansouQuestion *q;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (question < self->n_questions, -1);

  if (self->baselines != NULL)
    return self->baselines[question];
  q = bansou_catalog_get_question (self->catalog, question);
  return q->baseline >= 0 ? q->baseline / 100.0 : -1.0;
}

/**
 * bansou_heatmap_model_get_category_baseline:
 *
 * Returns: the mean of the baselines the category's questions have, or a
 *   negative number when none has one
 */
double
bansou_heatmap_model_get_category_baseline (BansouHeatmapModel *self,
                                            guint               category)
{
  double sum = 0;
  guint n = 0;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (category < self->n_categories, -1);

  for (guint q = 0; q < self->n_questions; q++)
    {
      double v;

      if (self->question_category[q] != category)
        continue;
      if ((v = bansou_heatmap_model_get_question_baseline (self, q)) >= 0)
        {
          sum += v;
          n++;
        }
    }

  return n > 0 ? sum / n : -1.0;
}

/**
 * bansou_heatmap_model_get_cell_score:
 * @kind: the row kind
 * @index: a body or group index; ignored for the mean and baseline rows
 * @column: a column of the arrangement
 *
 * The value a cell shows as a score: a body's answer (question mode) or
 * category score (category mode), a prefecture's or the scope's mean, or
 * the national baseline.
 *
 * Returns: from 0 to 1, or a negative number for no value
 */
double
bansou_heatmap_model_get_cell_score (BansouHeatmapModel   *self,
                                     BansouHeatmapRowKind  kind,
                                     guint                 index,
                                     guint                 column)
{
  gboolean categories;
  guint v;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (column < self->columns->len, -1);

  v = g_array_index (self->columns, guint, column);
  categories = self->columns_mode == BANSOU_HEATMAP_COLUMNS_CATEGORIES;

  switch (kind)
    {
    case BANSOU_HEATMAP_ROW_BODY:
      if (categories)
        return bansou_heatmap_model_get_body_category_score (self, index, v);
      return bansou_status_score (bansou_heatmap_model_get_status (self, index, v));
    case BANSOU_HEATMAP_ROW_GROUP:
      if (categories)
        return bansou_heatmap_model_get_group_category_score (self, index, v);
      return bansou_heatmap_model_get_group_question_score (self, index, v);
    case BANSOU_HEATMAP_ROW_MEAN:
      if (categories)
        return bansou_heatmap_model_get_category_score (self, v);
      return bansou_heatmap_model_get_question_score (self, v);
    case BANSOU_HEATMAP_ROW_BASELINE:
      if (categories)
        return bansou_heatmap_model_get_category_baseline (self, v);
      return bansou_heatmap_model_get_question_baseline (self, v);
    default:
      g_return_val_if_reached (-1);
    }
}
