/* bansou-answer.h — one answer, and the answers of a round as a matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <glib-object.h>

#include "bansou-types.h"

G_BEGIN_DECLS

/**
 * BansouAnswer:
 * @round: the round's id (its reference date)
 * @body: the body's code
 * @question: the catalog question id
 * @status: %BANSOU_STATUS_UNANSWERED when nothing was answered
 * @done_on: (nullable): "YYYY-MM-DD", when the measure was last carried
 *   out; for dated questions the status follows from it
 * @note: never %NULL
 * @evidence: a reference to the document that shows it; never %NULL
 * @carried: prefilled from the previous round and not yet confirmed
 * @catalog_version: (nullable): the catalog the answer was given under
 * @updated_by: who changed it last ("" when never answered)
 * @updated_at: when, ISO 8601 UTC ("" when never answered)
 * @stored: %FALSE for a question without any row in the database
 */
typedef struct
{
  char         *round;
  char         *body;
  char         *question;
  BansouStatus  status;
  char         *done_on;
  char         *note;
  char         *evidence;
  gboolean      carried;
  char         *catalog_version;
  char         *updated_by;
  char         *updated_at;
  gboolean      stored;
} BansouAnswer;

#define BANSOU_TYPE_ANSWER (bansou_answer_get_type ())

GType         bansou_answer_get_type  (void) G_GNUC_CONST;
BansouAnswer *bansou_answer_copy      (const BansouAnswer *answer);
void          bansou_answer_free      (BansouAnswer       *answer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouAnswer, bansou_answer_free)

/* One cell of a BansouAnswerMatrix: the status in the low bits, flags above. */
#define BANSOU_CELL_STATUS_MASK 0x07
#define BANSOU_CELL_CARRIED     0x08  /* prefilled, unconfirmed */
#define BANSOU_CELL_HAS_NOTE    0x10

typedef struct _BansouAnswerMatrix BansouAnswerMatrix;

#define BANSOU_TYPE_ANSWER_MATRIX (bansou_answer_matrix_get_type ())

GType               bansou_answer_matrix_get_type        (void) G_GNUC_CONST;
BansouAnswerMatrix *bansou_answer_matrix_new             (const char          *round,
                                                          const char * const  *bodies,
                                                          guint                n_questions);
BansouAnswerMatrix *bansou_answer_matrix_ref             (BansouAnswerMatrix  *self);
void                bansou_answer_matrix_unref           (BansouAnswerMatrix  *self);
const char         *bansou_answer_matrix_get_round       (BansouAnswerMatrix  *self);
guint               bansou_answer_matrix_get_n_bodies    (BansouAnswerMatrix  *self);
guint               bansou_answer_matrix_get_n_questions (BansouAnswerMatrix  *self);
const char         *bansou_answer_matrix_get_body        (BansouAnswerMatrix  *self,
                                                          guint                body_index);
int                 bansou_answer_matrix_find_body       (BansouAnswerMatrix  *self,
                                                          const char          *code);
BansouStatus        bansou_answer_matrix_get_status      (BansouAnswerMatrix  *self,
                                                          guint                body_index,
                                                          guint                question_index);
guint8              bansou_answer_matrix_get_cell        (BansouAnswerMatrix  *self,
                                                          guint                body_index,
                                                          guint                question_index);
void                bansou_answer_matrix_set_cell        (BansouAnswerMatrix  *self,
                                                          guint                body_index,
                                                          guint                question_index,
                                                          guint8               cell);
const guint8       *bansou_answer_matrix_get_cells       (BansouAnswerMatrix  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouAnswerMatrix, bansou_answer_matrix_unref)

G_END_DECLS
