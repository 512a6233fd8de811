/* bansou-survey-ui.c — what the survey pages share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The progress, answers and year-over-year pages stand on the same
 * ground: an empty state until the desk has a prefecture and a round, and
 * (progress and answers) the round's scores kept current from
 * BansouSurvey::answer-changed by patching the answer matrix they were
 * computed from, rather than reading the round again. Reopening final
 * answers, from the progress table or the answers' header, asks for the
 * reason in the same dialog.
 */
#define G_LOG_DOMAIN "bansou-survey-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-survey-ui.h"

/**
 * bansou_survey_ui_stack_page:
 * @content: the name of the page's own stack child
 *
 * Which child of a survey page's stack to show: "no-scope" until the desk
 * serves a prefecture, "no-rounds" until a round exists, else @content.
 *
 * Returns: (transfer none): the name of the stack child
 */
const char *
bansou_survey_ui_stack_page (BansouContext *context,
                             const char    *content)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (context), NULL);

  if (bansou_context_get_scope (context) == NULL)
    return "no-scope";
  if (g_list_model_get_n_items (bansou_survey_get_rounds (bansou_context_get_survey (context))) == 0)
    return "no-rounds";
  return content;
}

/**
 * bansou_survey_ui_patch_scores:
 * @scores: (nullable): the scores of the round the answer belongs to
 * @status: the #BansouStatus the survey announced
 *
 * Writes an announced answer into the matrix @scores were computed from.
 *
 * Returns: %TRUE if @scores hold the body and question, and so should be
 *   recomputed (bansou_survey_ui_recompute_scores(), once per burst)
 */
gboolean
bansou_survey_ui_patch_scores (BansouScoreTable *scores,
                               BansouCatalog    *catalog,
                               const char       *body,
                               const char       *question,
                               guint             status)
{
  BansouAnswerMatrix *matrix;
  BansouQuestion *q;
  guint8 cell;
  int row;

  g_return_val_if_fail (BANSOU_IS_CATALOG (catalog), FALSE);

  if (scores == NULL || !(q = bansou_catalog_lookup_question (catalog, question)))
    return FALSE;
  matrix = bansou_score_table_get_matrix (scores);
  if ((row = bansou_answer_matrix_find_body (matrix, body)) < 0)
    return FALSE;

  cell = bansou_answer_matrix_get_cell (matrix, row, q->index);
  bansou_answer_matrix_set_cell (matrix, row, q->index,
                                 (cell & ~BANSOU_CELL_STATUS_MASK) | (status & BANSOU_CELL_STATUS_MASK));
  return TRUE;
}

/**
 * bansou_survey_ui_recompute_scores:
 * @scores: (inout) (nullable): the table to replace
 *
 * Replaces *@scores with a table computed from its own matrix, which
 * already holds the patched answers: no database read.
 */
void
bansou_survey_ui_recompute_scores (BansouScoreTable **scores,
                                   BansouCatalog     *catalog)
{
  BansouScoreTable *old;

  g_return_if_fail (scores != NULL);
  g_return_if_fail (BANSOU_IS_CATALOG (catalog));

  if ((old = *scores) == NULL)
    return;
  *scores = bansou_score_table_new (catalog, bansou_score_table_get_matrix (old));
  bansou_score_table_unref (old);
}

static void
reopen_reason_changed_cb (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reopen", *reason != '\0');
}

static void
reopen_reason_activate_cb (GtkEntry         *entry,
                           AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "reopen"))
    {
      adw_message_dialog_response (dialog, "reopen");
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

/**
 * bansou_survey_ui_reopen_dialog_new:
 * @parent: a widget of the window the dialog belongs to
 * @body: the dialog's text: what becomes editable again
 *
 * Asks why final answers are reopened. The response "reopen" is enabled
 * once a reason is typed (Enter then gives it); "cancel" closes.
 *
 * Returns: (transfer none): the dialog, not presented yet
 */
AdwMessageDialog *
bansou_survey_ui_reopen_dialog_new (GtkWidget  *parent,
                                    const char *body)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (parent)),
                                                       _("Reopen the Final Answers?"), body));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. a correction from the municipality"));
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reopen", _("_Reopen"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "reopen", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "reopen", FALSE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (reopen_reason_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (reopen_reason_activate_cb), dialog);
  return dialog;
}

/**
 * bansou_survey_ui_reopen_dialog_dup_reason:
 *
 * Returns: (transfer full): the reason typed, trimmed; "" for none
 */
char *
bansou_survey_ui_reopen_dialog_dup_reason (AdwMessageDialog *dialog)
{
  GtkEditable *entry;

  g_return_val_if_fail (ADW_IS_MESSAGE_DIALOG (dialog), NULL);

  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  return g_strstrip (g_strdup (gtk_editable_get_text (entry)));
}
