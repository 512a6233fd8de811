/* bansou-consult-dialogs-private.h — the 相談 page's dialogs, open to its tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-consult-page-private.h"
#include "bansou-consult-escalate.h"
#include "bansou-ui-util.h"

G_BEGIN_DECLS

typedef struct
{
  BansouConsultPage *page;
  GtkWidget         *window;
  GListModel        *bodies;
  AdwComboRow       *body;
  AdwComboRow       *channel;
  AdwComboRow       *category;
  AdwComboRow       *priority;
  AdwEntryRow       *subject;
  GtkTextView       *description;
  GtkListBox        *suggestions;
  GtkWidget         *suggestions_empty;
  guint              n_suggestions;
  guint              suggest_runs;   /* for the tests: suggestions computed so far */
  guint              suggest_id;
} TicketDialog;

typedef struct
{
  BansouConsultPage *page;
  GtkWidget         *window;
  char              *ticket;
  AdwEntryRow       *title;
  AdwComboRow       *category;
  GtkDropDown       *visibility;
  GtkTextView       *question;
  GtkTextView       *answer;
  GtkWidget         *removed;
  guint              n_found;
} ArticleDialog;

typedef struct
{
  BansouConsultPage     *page;
  GtkWidget             *window;
  BansouEscalationDraft *draft;
  AdwEntryRow           *subject;
  GtkCheckButton        *send_text;
  GtkTextView           *text;
  GtkCheckButton        *send_category;
  GtkCheckButton        *send_questions;
  GtkCheckButton        *send_body;
  GPtrArray             *message_checks;
  GtkLabel              *warning;
  GtkCheckButton        *allow;
  GPtrArray             *findings;      /* BansouEscalationFinding of what is now drafted */
  guint                  findings_id;
} EscalationDialog;

/* The dialog's state behind a window made by the functions above. */
#define BANSOU_CONSULT_DIALOG(window) (g_object_get_data (G_OBJECT (window), "dialog"))

G_END_DECLS
