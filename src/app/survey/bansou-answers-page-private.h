/* bansou-answers-page-private.h — between the page's own files, and for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-answers-page.h"
#include "bansou-body-sidebar.h"
#include "bansou-progress-header.h"
#include "bansou-question-list.h"
#include "bansou-question-row.h"

G_BEGIN_DECLS

struct _BansouAnswersPage
{
  AdwBin                parent_instance;

  BansouContext        *context;
  BansouSurvey         *survey;

  char                 *round_id;       /* the round shown */
  char                 *prev_round_id;  /* nullable */
  GDate                *reference;
  char                 *body_code;      /* the body shown, nullable */
  char                 *shown_round;    /* the round the rows hold answers of */
  guint                 load_source;
  guint                 scores_source;

  GHashTable           *progress;       /* code → BansouProgressInfo, this round */
  GHashTable           *unconfirmed;    /* code → count (GUINT_TO_POINTER) */
  BansouScoreTable     *scores;

  GQueue                undo;           /* Undo, newest first */
  AdwToast             *toast;          /* the one shown, weak */
  double                open_ms;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  BansouBodySidebar    *sidebar;
  GtkDropDown          *round_dropdown;
  GtkStack             *editor_stack;
  BansouProgressHeader *progress_header;
  BansouQuestionList   *question_list;
};

/* Between bansou-answers-page.c and bansou-answers-page-editing.c */
void               _bansou_answers_page_class_init_editing (GtkWidgetClass *widget_class);
void               _bansou_answers_page_init_editing   (BansouAnswersPage *self);
void               _bansou_answers_page_clear_undo     (BansouAnswersPage *self);
BansouProgress     _bansou_answers_page_body_state     (BansouAnswersPage *self,
                                                        const char        *code);
void               _bansou_answers_page_show_toast     (BansouAnswersPage *self,
                                                        const char        *title,
                                                        gboolean           with_undo);
void               _bansou_answers_page_show_error     (BansouAnswersPage *self,
                                                        const GError      *error);

/* For the tests */

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
