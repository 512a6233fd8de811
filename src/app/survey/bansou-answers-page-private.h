/* bansou-answers-page-private.h — for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-answers-page.h"
#include "bansou-question-row.h"

G_BEGIN_DECLS

const char        *_bansou_answers_page_get_round      (BansouAnswersPage *self);
const char        *_bansou_answers_page_get_body       (BansouAnswersPage *self);
GListModel        *_bansou_answers_page_get_bodies     (BansouAnswersPage *self);
gboolean           _bansou_answers_page_select_body    (BansouAnswersPage *self,
                                                        const char        *code);
BansouQuestionRow *_bansou_answers_page_get_row        (BansouAnswersPage *self,
                                                        const char        *question);
BansouQuestionRow *_bansou_answers_page_get_focus_row  (BansouAnswersPage *self);
gboolean           _bansou_answers_page_press_key      (BansouAnswersPage *self,
                                                        guint              keyval,
                                                        GdkModifierType    state);
gboolean           _bansou_answers_page_undo           (BansouAnswersPage *self);
AdwToast          *_bansou_answers_page_get_toast      (BansouAnswersPage *self);
GtkToggleButton   *_bansou_answers_page_get_unconfirmed_toggle (BansouAnswersPage *self);
double             _bansou_answers_page_get_open_time  (BansouAnswersPage *self);

G_END_DECLS
