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

G_END_DECLS
