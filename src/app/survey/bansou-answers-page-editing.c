/* bansou-answers-page-editing.c — saving, undo and the keyboard of the answers page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * What the question list asks for becomes a call to the survey, one
 * answer at a time, each offered for undo in a toast; the page shows the
 * result when the survey announces it, as it does for a change made on
 * another page. The keys of the editor (1–4, Delete, C, D, N, Enter,
 * Ctrl+Z, Ctrl+Shift+C) lead to the same calls.
 */
#define G_LOG_DOMAIN "bansou-answers-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-answers-page-private.h"
#include "bansou-ui-util.h"

#define MAX_UNDO 100

typedef struct
{
  char         *round;
  char         *body;
  char         *question;
  BansouAnswer *before;
} Undo;

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

static void
undo_free (Undo *undo)
{
  g_free (undo->round);
  g_free (undo->body);
  g_free (undo->question);
  g_clear_pointer (&undo->before, bansou_answer_free);
  g_free (undo);
}

BansouProgress
_bansou_answers_page_body_state (BansouAnswersPage *self,
                                 const char        *code)
{
  BansouProgressInfo *info = self->progress ? g_hash_table_lookup (self->progress, code) : NULL;

  return info ? info->state : BANSOU_PROGRESS_NOT_STARTED;
}

/* ------------------------------------------------------------------------ */
/* Undo and toasts                                                          */

static void
toast_dismissed_cb (BansouAnswersPage *self,
                    AdwToast          *toast)
{
  if (self->toast == toast)
    self->toast = NULL;
}

static void
toast_button_clicked_cb (BansouAnswersPage *self,
                         AdwToast          *toast)
{
  _bansou_answers_page_undo (self);
}

/* One toast at a time: while one shows, it takes the new message rather
 * than queueing a toast per key. Toasts are never dismissed from here:
 * libadwaita 1.2 can crash when one is dismissed and replaced quickly.
 * The toast offers Undo whenever there is something to undo: the latest
 * change. */
void
_bansou_answers_page_show_toast (BansouAnswersPage *self,
                                 const char        *title,
                                 gboolean           with_undo)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  if (self->toast != NULL)
    {
      adw_toast_set_title (self->toast, escaped);
      return;
    }

  self->toast = adw_toast_new (escaped);
  adw_toast_set_timeout (self->toast, 6);
  if (with_undo || !g_queue_is_empty (&self->undo))
    {
      adw_toast_set_button_label (self->toast, _("_Undo"));
      g_signal_connect_object (self->toast, "button-clicked",
                               G_CALLBACK (toast_button_clicked_cb), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, self->toast);
}

void
_bansou_answers_page_show_error (BansouAnswersPage *self,
                                 const GError      *error)
{
  g_autofree char *message = bansou_ui_error_message (error);

  _bansou_answers_page_show_toast (self, message, FALSE);
}

static void
push_undo (BansouAnswersPage  *self,
           const char         *question,
           BansouAnswer       *before)
{
  Undo *undo = g_new0 (Undo, 1);

  undo->round = g_strdup (self->round_id);
  undo->body = g_strdup (self->body_code);
  undo->question = g_strdup (question);
  undo->before = before;
  g_queue_push_head (&self->undo, undo);

  while (g_queue_get_length (&self->undo) > MAX_UNDO)
    undo_free (g_queue_pop_tail (&self->undo));
}

/* ------------------------------------------------------------------------ */
/* Saving                                                                   */

static gboolean
check_editable (BansouAnswersPage *self)
{
  if (self->round_id == NULL || self->body_code == NULL)
    return FALSE;
  if (_bansou_answers_page_body_state (self, self->body_code) == BANSOU_PROGRESS_FINAL)
    {
      _bansou_answers_page_show_toast (self, _("The answers are final: reopen the body to change them"), FALSE);
      return FALSE;
    }
  return TRUE;
}

/* Saves one answer and offers to undo it. @message is shown on success. */
static gboolean
save_answer (BansouAnswersPage *self,
             BansouQuestionRow *row,
             BansouStatus       status,
             const char        *done_on,
             const char        *note,
             const char        *evidence,
             const char        *message)
{
  const BansouAnswer *current = bansou_question_row_get_answer (row);
  BansouQuestion *q = bansou_question_row_get_question (row);
  g_autoptr(BansouAnswer) before = current ? bansou_answer_copy (current) : NULL;
  g_autoptr(GError) error = NULL;

  if (!check_editable (self))
    return FALSE;

  if (!bansou_survey_set_answer (self->survey, self->round_id, self->body_code, q->id,
                                 status, done_on, note, evidence, &error))
    {
      _bansou_answers_page_show_error (self, error);
      return FALSE;
    }

  if (before != NULL)
    push_undo (self, q->id, g_steal_pointer (&before));
  _bansou_answers_page_show_toast (self, message, TRUE);
  return TRUE;
}

static void
choose_status (BansouAnswersPage *self,
               BansouQuestionRow *row,
               BansouStatus       status)
{
  const BansouAnswer *current = bansou_question_row_get_answer (row);
  g_autofree char *message = NULL;

  if (!check_editable (self))
    return;

  /* TRANSLATORS: %s are a question number (“5.3”) and an answer */
  message = g_strdup_printf (_("%s set to “%s”"), bansou_question_list_get_number (row), bansou_status_get_label (status));

  if (bansou_question_row_is_dated (row))
    {
      /* A dated answer follows from its date; “not implemented” and “not
       * applicable” are the two that need none. */
      if (status == BANSOU_STATUS_DONE || status == BANSOU_STATUS_PARTIAL)
        {
          _bansou_answers_page_show_toast (self, _("This answer follows from the date the measure was last carried out: type the date"),
                      FALSE);
          bansou_question_row_focus_date (row);
          return;
        }
      save_answer (self, row, status, "", NULL, NULL, message);
      return;
    }

  save_answer (self, row, status, current ? current->done_on : NULL, NULL, NULL, message);
}

static void
clear_answer (BansouAnswersPage *self,
              BansouQuestionRow *row)
{
  g_autofree char *message = NULL;

  if (!check_editable (self))
    return;

  /* TRANSLATORS: %s is a question number (“5.3”) */
  message = g_strdup_printf (_("%s cleared"), bansou_question_list_get_number (row));
  save_answer (self, row, BANSOU_STATUS_UNANSWERED, "", NULL, NULL, message);
}

static void
confirm_row (BansouAnswersPage *self,
             BansouQuestionRow *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!bansou_question_row_is_carried (row))
    return;
  if (!check_editable (self))
    return;

  if (!bansou_survey_confirm_answer (self->survey, self->round_id, self->body_code,
                                     bansou_question_row_get_question (row)->id, &error))
    {
      _bansou_answers_page_show_error (self, error);
      return;
    }

  /* TRANSLATORS: %s is a question number (“5.3”) */
  message = g_strdup_printf (_("%s confirmed"), bansou_question_list_get_number (row));
  _bansou_answers_page_show_toast (self, message, FALSE);
}

static void
next_unconfirmed (BansouAnswersPage *self)
{
  BansouQuestionRow *current = bansou_question_list_get_focus_row (self->question_list);
  BansouQuestionRow *row;

  if (!bansou_question_list_has_rows (self->question_list) || self->body_code == NULL)
    return;

  row = bansou_question_list_find_carried (self->question_list,
                                           current ? bansou_question_row_get_question (current)->index + 1 : 0);
  if (row != NULL)
    {
      bansou_question_list_focus_row (self->question_list, row);
      return;
    }

  _bansou_answers_page_show_toast (self, _("No unconfirmed answers left for this body"), FALSE);
}

/* ------------------------------------------------------------------------ */
/* What the question rows ask for                                          */

static void
row_status_chosen_cb (BansouAnswersPage  *self,
                      BansouQuestionRow  *row,
                      guint               status,
                      BansouQuestionList *list)
{
  gtk_widget_grab_focus (GTK_WIDGET (row));
  choose_status (self, row, status);
}

static void
row_date_entered_cb (BansouAnswersPage  *self,
                     BansouQuestionRow  *row,
                     const char         *date,
                     BansouQuestionList *list)
{
  g_autofree char *message = NULL;

  if (*date == '\0')
    {
      /* No date: the measure was never carried out. */
      message = g_strdup_printf (_("%s set to “%s”"), bansou_question_list_get_number (row),
                                 bansou_status_get_label (BANSOU_STATUS_NOT_DONE));
      save_answer (self, row, BANSOU_STATUS_NOT_DONE, "", NULL, NULL, message);
      return;
    }

  /* TRANSLATORS: %s are a question number (“5.3”) and a date */
  message = g_strdup_printf (_("%s: last done on %s"), bansou_question_list_get_number (row), date);
  if (!save_answer (self, row, BANSOU_STATUS_UNANSWERED, date, NULL, NULL, message))
    /* Show what is stored again. */
    bansou_question_row_set_answer (row, bansou_question_row_get_answer (row));
}

static void
row_confirm_requested_cb (BansouAnswersPage  *self,
                          BansouQuestionRow  *row,
                          BansouQuestionList *list)
{
  gtk_widget_grab_focus (GTK_WIDGET (row));
  confirm_row (self, row);
}

static void
row_note_entered_cb (BansouAnswersPage  *self,
                     BansouQuestionRow  *row,
                     const char         *note,
                     const char         *evidence,
                     BansouQuestionList *list)
{
  const BansouAnswer *current = bansou_question_row_get_answer (row);
  g_autofree char *message = NULL;

  /* TRANSLATORS: %s is a question number (“5.3”) */
  message = g_strdup_printf (_("Note saved for %s"), bansou_question_list_get_number (row));
  save_answer (self, row, current ? current->status : BANSOU_STATUS_UNANSWERED,
               current ? current->done_on : NULL, note, evidence, message);
}


/* ------------------------------------------------------------------------ */
/* The keyboard                                                             */

/* Keys pressed on the question list reach the page before the list box
 * moves its cursor or a button takes Enter; text being typed (the date,
 * the note popover) is left alone. */
static gboolean
handle_key (BansouAnswersPage *self,
            guint              keyval,
            GdkModifierType    state)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  BansouQuestionRow *row = bansou_question_list_get_focus_row (self->question_list);
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK | GDK_SUPER_MASK);

  if (!bansou_question_list_has_rows (self->question_list) || self->body_code == NULL)
    return FALSE;
  if (focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL)
    return FALSE;

  if (focus != NULL && (GTK_IS_TEXT (focus) || GTK_IS_EDITABLE (focus)))
    {
      if (row == NULL || mods != 0)
        return FALSE;
      switch (keyval)
        {
        case GDK_KEY_Up:
        case GDK_KEY_KP_Up:
          bansou_question_list_move_focus (self->question_list, row, -1);
          return TRUE;
        case GDK_KEY_Down:
        case GDK_KEY_KP_Down:
          bansou_question_list_move_focus (self->question_list, row, 1);
          return TRUE;
        case GDK_KEY_Escape:
          bansou_question_row_set_answer (row, bansou_question_row_get_answer (row));
          gtk_widget_grab_focus (GTK_WIDGET (row));
          return TRUE;
        default:
          return FALSE;
        }
    }

  if (mods == (GDK_CONTROL_MASK | GDK_SHIFT_MASK) && (keyval == GDK_KEY_C || keyval == GDK_KEY_c))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "answers.confirm-all", NULL);
      return TRUE;
    }
  if (mods == GDK_CONTROL_MASK && (keyval == GDK_KEY_z || keyval == GDK_KEY_Z))
    {
      _bansou_answers_page_undo (self);
      return TRUE;
    }
  if (mods != 0 && mods != GDK_SHIFT_MASK)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_n:
    case GDK_KEY_N:
      next_unconfirmed (self);
      return TRUE;
    default:
      break;
    }

  if (row == NULL || mods != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_1:
    case GDK_KEY_KP_1:
      choose_status (self, row, BANSOU_STATUS_DONE);
      return TRUE;
    case GDK_KEY_2:
    case GDK_KEY_KP_2:
      choose_status (self, row, BANSOU_STATUS_PARTIAL);
      return TRUE;
    case GDK_KEY_3:
    case GDK_KEY_KP_3:
      choose_status (self, row, BANSOU_STATUS_NOT_DONE);
      return TRUE;
    case GDK_KEY_4:
    case GDK_KEY_KP_4:
      choose_status (self, row, BANSOU_STATUS_NA);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      /* The popover needs its row on screen to point at. */
      bansou_question_list_scroll_now (self->question_list, row);
      bansou_question_row_edit_note (row);
      return TRUE;
    case GDK_KEY_c:
    case GDK_KEY_C:
      confirm_row (self, row);
      return TRUE;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      clear_answer (self, row);
      return TRUE;
    case GDK_KEY_d:
    case GDK_KEY_D:
      bansou_question_row_focus_date (row);
      return bansou_question_row_is_dated (row);
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      bansou_question_list_move_focus (self->question_list, row, -1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      bansou_question_list_move_focus (self->question_list, row, 1);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
question_key_pressed_cb (BansouAnswersPage  *self,
                         guint               keyval,
                         GdkModifierType     state,
                         BansouQuestionList *list)
{
  return handle_key (self, keyval, state);
}

/* ------------------------------------------------------------------------ */
/* Actions                                                                  */

static void
confirm_all_response_cb (AdwMessageDialog  *dialog,
                         const char        *response,
                         BansouAnswersPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *round = g_object_get_data (G_OBJECT (dialog), "round");
  const char *body = g_object_get_data (G_OBJECT (dialog), "body");
  guint n = 0;

  if (g_strcmp0 (response, "confirm") != 0)
    return;

  if (!bansou_survey_confirm_all (self->survey, round, body, &n, &error))
    {
      _bansou_answers_page_show_error (self, error);
      return;
    }
  message = g_strdup_printf (ngettext ("%u answer confirmed", "%u answers confirmed", n), n);
  _bansou_answers_page_show_toast (self, message, FALSE);
}

static void
confirm_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BansouAnswersPage *self = BANSOU_ANSWERS_PAGE (widget);
  BansouBody *body = bansou_body_sidebar_lookup (self->sidebar, self->body_code);
  GtkWidget *dialog;
  guint n = 0;

  if (body == NULL || !bansou_question_list_has_rows (self->question_list) || !check_editable (self))
    return;

  for (guint i = 0; i < bansou_question_list_get_n_rows (self->question_list); i++)
    if (bansou_question_row_is_carried (bansou_question_list_get_row (self->question_list, i)))
      n++;
  if (n == 0)
    {
      _bansou_answers_page_show_toast (self, _("No unconfirmed answers left for this body"), FALSE);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Confirm All Carried Answers?"), NULL);
  if (self->prev_round_id != NULL)
    {
      g_autofree char *prev = bansou_round_label (self->prev_round_id);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      ngettext ("%u answer of %s carried over from %s is kept as this round’s answer.",
                                                "%u answers of %s carried over from %s are kept as this round’s answers.",
                                                n),
                                      n, bansou_body_get_name (body), prev);
    }
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    ngettext ("%u carried answer of %s is kept as this round’s answer.",
                                              "%u carried answers of %s are kept as this round’s answers.", n),
                                    n, bansou_body_get_name (body));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", _("C_onfirm All"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "round", g_strdup (self->round_id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "body", g_strdup (self->body_code), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_all_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
next_unconfirmed_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  next_unconfirmed (BANSOU_ANSWERS_PAGE (widget));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _bansou_answers_page_undo (BANSOU_ANSWERS_PAGE (widget));
}

/* ------------------------------------------------------------------------ */
/* Within the page                                                          */

void
_bansou_answers_page_clear_undo (BansouAnswersPage *self)
{
  g_queue_clear_full (&self->undo, (GDestroyNotify) undo_free);
}

void
_bansou_answers_page_class_init_editing (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "answers.confirm-all", NULL, confirm_all_action);
  gtk_widget_class_install_action (widget_class, "answers.next-unconfirmed", NULL, next_unconfirmed_action);
  gtk_widget_class_install_action (widget_class, "answers.undo", NULL, undo_action);
}

void
_bansou_answers_page_init_editing (BansouAnswersPage *self)
{
  g_signal_connect_object (self->question_list, "key-pressed", G_CALLBACK (question_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->question_list, "status-chosen", G_CALLBACK (row_status_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->question_list, "date-entered", G_CALLBACK (row_date_entered_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->question_list, "confirm-requested", G_CALLBACK (row_confirm_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->question_list, "note-entered", G_CALLBACK (row_note_entered_cb), self,
                           G_CONNECT_SWAPPED);
}

/* ------------------------------------------------------------------------ */
/* For the tests                                                            */

/* The same path as a key pressed on the question list. */
gboolean
_bansou_answers_page_press_key (BansouAnswersPage *self,
                                guint              keyval,
                                GdkModifierType    state)
{
  return handle_key (self, keyval, state);
}

/**
 * _bansou_answers_page_undo:
 *
 * Restores the answer before the latest change (the toast's Undo, Ctrl+Z).
 * The carried mark of an answer cannot come back: confirming is not undone.
 */
gboolean
_bansou_answers_page_undo (BansouAnswersPage *self)
{
  Undo *undo = g_queue_pop_head (&self->undo);
  g_autoptr(GError) error = NULL;
  BansouAnswer *before;
  gboolean ok;

  if (undo == NULL)
    {
      _bansou_answers_page_show_toast (self, _("Nothing to undo"), FALSE);
      return FALSE;
    }

  before = undo->before;
  ok = bansou_survey_set_answer (self->survey, undo->round, undo->body, undo->question,
                                 before->status, before->done_on ? before->done_on : "",
                                 before->note, before->evidence, &error);
  if (ok)
    _bansou_answers_page_show_toast (self, _("Change undone"), FALSE);
  else
    _bansou_answers_page_show_error (self, error);

  undo_free (undo);
  return ok;
}
