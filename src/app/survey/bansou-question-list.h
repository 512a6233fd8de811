/* bansou-question-list.h — the catalog's questions for one body, by category
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-core.h"
#include "bansou-question-row.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_QUESTION_LIST (bansou_question_list_get_type ())

G_DECLARE_FINAL_TYPE (BansouQuestionList, bansou_question_list, BANSOU, QUESTION_LIST, AdwBin)

GtkWidget         *bansou_question_list_new                (void);
void               bansou_question_list_set_catalog        (BansouQuestionList *self,
                                                            BansouCatalog      *catalog);
void               bansou_question_list_build_in_idle      (BansouQuestionList *self);
void               bansou_question_list_ensure_rows        (BansouQuestionList *self);
gboolean           bansou_question_list_has_rows           (BansouQuestionList *self);
guint              bansou_question_list_get_n_rows         (BansouQuestionList *self);
BansouQuestionRow *bansou_question_list_get_row            (BansouQuestionList *self,
                                                            guint               index);
BansouQuestionRow *bansou_question_list_lookup             (BansouQuestionList *self,
                                                            const char         *question);
BansouQuestionRow *bansou_question_list_get_focus_row      (BansouQuestionList *self);
BansouQuestionRow *bansou_question_list_find_carried       (BansouQuestionList *self,
                                                            guint               start);
const char        *bansou_question_list_get_number         (BansouQuestionRow  *row);
void               bansou_question_list_set_answers        (BansouQuestionList *self,
                                                            GPtrArray          *answers,
                                                            GPtrArray          *previous);
void               bansou_question_list_set_reference_date (BansouQuestionList *self,
                                                            GDate              *reference);
void               bansou_question_list_set_read_only      (BansouQuestionList *self,
                                                            gboolean            read_only);
void               bansou_question_list_update_scores      (BansouQuestionList *self,
                                                            BansouScoreTable   *scores,
                                                            int                 body_row,
                                                            gboolean            national);
void               bansou_question_list_focus_row          (BansouQuestionList *self,
                                                            BansouQuestionRow  *row);
void               bansou_question_list_move_focus         (BansouQuestionList *self,
                                                            BansouQuestionRow  *row,
                                                            int                 delta);
void               bansou_question_list_scroll_now         (BansouQuestionList *self,
                                                            BansouQuestionRow  *row);
void               bansou_question_list_scroll_to_top      (BansouQuestionList *self);

G_END_DECLS
