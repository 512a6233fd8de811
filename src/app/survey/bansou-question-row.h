/* bansou-question-row.h — one survey question in the answer editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gtk/gtk.h>

#include "bansou-core.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_QUESTION_ROW (bansou_question_row_get_type ())

G_DECLARE_FINAL_TYPE (BansouQuestionRow, bansou_question_row, BANSOU, QUESTION_ROW, GtkListBoxRow)

GtkWidget          *bansou_question_row_new                 (BansouQuestion    *question,
                                                             const char        *number);
BansouQuestion     *bansou_question_row_get_question        (BansouQuestionRow *self);
const BansouAnswer *bansou_question_row_get_answer          (BansouQuestionRow *self);
void                bansou_question_row_set_answer          (BansouQuestionRow *self,
                                                             const BansouAnswer *answer);
void                bansou_question_row_set_previous        (BansouQuestionRow *self,
                                                             const BansouAnswer *previous);
void                bansou_question_row_set_prefecture_rate (BansouQuestionRow *self,
                                                             double             rate,
                                                             guint              counted,
                                                             gboolean           national);
void                bansou_question_row_set_reference_date  (BansouQuestionRow *self,
                                                             GDate             *reference);
void                bansou_question_row_set_read_only       (BansouQuestionRow *self,
                                                             gboolean           read_only);
gboolean            bansou_question_row_is_dated            (BansouQuestionRow *self);
gboolean            bansou_question_row_is_carried          (BansouQuestionRow *self);
void                bansou_question_row_edit_note           (BansouQuestionRow *self);
void                bansou_question_row_focus_date          (BansouQuestionRow *self);

G_END_DECLS
