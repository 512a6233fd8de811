/* bansou-dispatch-dialogs-private.h — what the dialogs of app/dispatch and their tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-dispatch-dialogs.h"

G_BEGIN_DECLS

/* The scheduling dialog's parts, on its window as "bansou-visit-dialog". */
typedef struct
{
  BansouContext  *context;
  BansouDispatch *dispatch;
  GtkWindow      *window;
  char           *request;
  GPtrArray      *experts;        /* BansouExpert, as the dropdown lists them */

  AdwComboRow    *expert_row;
  AdwEntryRow    *body_row;
  AdwEntryRow    *day_row;
  AdwEntryRow    *start_row;
  AdwEntryRow    *end_row;
  AdwEntryRow    *reason_row;
  GtkListBox     *conflict_list;
  AdwPreferencesGroup *conflict_group;
  AdwPreferencesGroup *reason_group;
  GtkWidget      *save_button;

  GPtrArray      *conflicts;      /* BansouVisitConflict of the last check */
  gboolean        blocking;       /* a conflict no reason overrides, or a wrong field */
  char           *saved;          /* the new visit's id */
} VisitDialog;

VisitDialog *_bansou_visit_dialog_get   (GtkWindow   *window);
void         _bansou_visit_dialog_check (VisitDialog *dialog);
gboolean     _bansou_visit_dialog_save  (VisitDialog *dialog);

/* The suggestions for a request, on its window as "bansou-suggestions-dialog". */
typedef struct
{
  BansouContext  *context;
  BansouDispatch *dispatch;
  GtkWindow      *window;
  char           *request;
  GPtrArray      *suggestions;    /* BansouSuggestion, best first */
  GtkListBox     *list;           /* a row per suggestion, in that order */
} SuggestionsDialog;

SuggestionsDialog *_bansou_suggestions_dialog_get    (GtkWindow         *window);
GtkWindow         *_bansou_suggestions_dialog_choose (SuggestionsDialog *dialog,
                                                      guint              index);

/* The visit report, on its window as "bansou-report-dialog". */
typedef struct
{
  BansouContext  *context;
  BansouDispatch *dispatch;
  GtkWindow      *window;
  BansouVisit    *visit;
  AdwEntryRow    *report_row;
  AdwEntryRow    *hours_row;
  AdwEntryRow    *cost_row;
  AdwEntryRow    *share_row;
  GPtrArray      *finding_rows;   /* AdwComboRow per question of the visit, "question" data */
  GtkWidget      *save_button;
  GtkLabel       *error_label;    /* why saving was refused, in the dialog */

  GPtrArray      *changes;        /* BansouAnswerChange the saved report's findings make */
  GtkWindow      *confirm;        /* the AdwMessageDialog listing them, while shown */
} ReportDialog;

ReportDialog *_bansou_report_dialog_get    (GtkWindow    *window);
gboolean      _bansou_report_dialog_save   (ReportDialog *dialog);
char         *_bansou_describe_change      (BansouContext *context,
                                            const BansouAnswerChange *change);

G_END_DECLS
