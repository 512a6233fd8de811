/* bansou-answers-page.c — 回答: one body's answers in one round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Left, the bodies of the scope with their progress and how many carried
 * answers nobody has confirmed; right, the chosen body's answers grouped
 * by the eight categories.
 *
 * The page is three widgets and what joins them: the sidebar of bodies
 * (BansouBodySidebar, shared with the other pages that work body by
 * body), the progress header (BansouProgressHeader) and the question list
 * (BansouQuestionList, built once: opening another body only hands each
 * row its answer, two small queries and no widget creation, well under
 * the 50 ms the editor is allowed). The page saves, offers undo and shows
 * what the survey's signals report.
 *
 * Every change is saved at once through the one BansouSurvey of the
 * window, which audits it and announces it with ::answer-changed; the page
 * shows what that signal reports, so a change made on another page (or
 * undone) appears here the same way. Prefecture figures come from a score
 * table of the round, kept current by patching its answer matrix from the
 * signal instead of reading the round again.
 */
#define G_LOG_DOMAIN "bansou-answers-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-answers-page.h"
#include "bansou-answers-page-private.h"
#include "bansou-body-sidebar.h"
#include "bansou-progress-header.h"
#include "bansou-question-list.h"
#include "bansou-question-row.h"
#include "bansou-round-dialog.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

#define MAX_UNDO 100

typedef struct
{
  char         *round;
  char         *body;
  char         *question;
  BansouAnswer *before;
} Undo;

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

G_DEFINE_FINAL_TYPE (BansouAnswersPage, bansou_answers_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_round (BansouAnswersPage *self);
static void show_body  (BansouAnswersPage *self,
                        const char        *code);

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

static const char *
scope (BansouAnswersPage *self)
{
  return bansou_context_get_scope (self->context);
}

static BansouCatalog *
catalog (BansouAnswersPage *self)
{
  return bansou_survey_get_catalog (self->survey);
}

static BansouBody *
lookup_body (BansouAnswersPage *self,
             const char        *code)
{
  return bansou_body_sidebar_lookup (self->sidebar, code);
}

static BansouProgress
body_state (BansouAnswersPage *self,
            const char        *code)
{
  BansouProgressInfo *info = self->progress ? g_hash_table_lookup (self->progress, code) : NULL;

  return info ? info->state : BANSOU_PROGRESS_NOT_STARTED;
}

static guint
body_unconfirmed (BansouAnswersPage *self,
                  const char        *code)
{
  return self->unconfirmed ? GPOINTER_TO_UINT (g_hash_table_lookup (self->unconfirmed, code)) : 0;
}

static void
show_toast (BansouAnswersPage *self,
            const char        *title,
            gboolean           with_undo);

static void
show_error (BansouAnswersPage *self,
            const GError      *error)
{
  show_toast (self, error->message, FALSE);
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
static void
show_toast (BansouAnswersPage *self,
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
  if (body_state (self, self->body_code) == BANSOU_PROGRESS_FINAL)
    {
      show_toast (self, _("The answers are final: reopen the body to change them"), FALSE);
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
      show_error (self, error);
      return FALSE;
    }

  if (before != NULL)
    push_undo (self, q->id, g_steal_pointer (&before));
  show_toast (self, message, TRUE);
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
          show_toast (self, _("This answer follows from the date the measure was last carried out: type the date"),
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
      show_error (self, error);
      return;
    }

  /* TRANSLATORS: %s is a question number (“5.3”) */
  message = g_strdup_printf (_("%s confirmed"), bansou_question_list_get_number (row));
  show_toast (self, message, FALSE);
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

  show_toast (self, _("No unconfirmed answers left for this body"), FALSE);
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
/* Showing a body                                                           */

static int
matrix_row (BansouAnswersPage *self,
            const char        *code)
{
  return self->scores ? bansou_answer_matrix_find_body (bansou_score_table_get_matrix (self->scores), code) : -1;
}

static void
update_scores (BansouAnswersPage *self)
{
  bansou_question_list_update_scores (self->question_list, self->scores, matrix_row (self, self->body_code),
                                      bansou_context_is_national (self->context));
}

static void
update_subtitle (BansouAnswersPage *self)
{
  BansouBody *body = lookup_body (self, self->body_code);
  g_autoptr(GString) text = g_string_new (NULL);
  guint unanswered = 0, carried = 0;
  int body_row = matrix_row (self, self->body_code);

  if (body == NULL || !bansou_question_list_has_rows (self->question_list))
    return;

  for (guint i = 0; i < bansou_question_list_get_n_rows (self->question_list); i++)
    {
      const BansouAnswer *a = bansou_question_row_get_answer (bansou_question_list_get_row (self->question_list, i));

      if (a == NULL || a->status == BANSOU_STATUS_UNANSWERED)
        unanswered++;
      if (a != NULL && a->carried)
        carried++;
    }

  g_string_append_printf (text, "%s · %s", bansou_body_get_code (body), bansou_body_get_kind_label (body));
  if (unanswered > 0)
    {
      g_autofree char *part = g_strdup_printf (ngettext ("%u unanswered", "%u unanswered", unanswered), unanswered);
      g_string_append_printf (text, " · %s", part);
    }
  if (carried > 0)
    {
      g_autofree char *part = g_strdup_printf (ngettext ("%u unconfirmed", "%u unconfirmed", carried), carried);
      g_string_append_printf (text, " · %s", part);
    }
  if (body_row >= 0)
    {
      g_autofree char *score = bansou_ui_format_percent (bansou_score_table_get_body_overall (self->scores, body_row));
      g_autofree char *pref = bansou_ui_format_percent (bansou_score_table_get_overall_score (self->scores));
      g_autofree char *part = g_strdup_printf (bansou_context_is_national (self->context)
                                               ? _("overall %s (all bodies %s)") : _("overall %s (prefecture %s)"),
                                               score, pref);
      g_string_append_printf (text, " · %s", part);
    }

  bansou_progress_header_set_subtitle (self->progress_header, text->str);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "answers.confirm-all",
                                 carried > 0 && body_state (self, self->body_code) != BANSOU_PROGRESS_FINAL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "answers.next-unconfirmed", carried > 0);
}

static void
update_progress_header (BansouAnswersPage *self)
{
  BansouProgressInfo *info = self->progress ? g_hash_table_lookup (self->progress, self->body_code) : NULL;

  bansou_progress_header_set_progress (self->progress_header, info);
  bansou_question_list_set_read_only (self->question_list, info && info->state == BANSOU_PROGRESS_FINAL);
}

static void
update_header (BansouAnswersPage *self)
{
  BansouBody *body = lookup_body (self, self->body_code);

  if (body == NULL)
    return;
  bansou_progress_header_set_body (self->progress_header, body);
  update_subtitle (self);
  update_progress_header (self);
  update_scores (self);
}

static void
show_body (BansouAnswersPage *self,
           const char        *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GPtrArray) previous = NULL;
  gboolean same = g_strcmp0 (code, self->body_code) == 0;
  gint64 start = g_get_monotonic_time ();

  /* Already shown: the signals keep it current. */
  if (same && code != NULL && bansou_question_list_has_rows (self->question_list) && g_strcmp0 (self->shown_round, self->round_id) == 0 &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->editor_stack), "body") == 0)
    return;

  if (code != self->body_code)
    {
      g_free (self->body_code);
      self->body_code = g_strdup (code);
      bansou_body_sidebar_set_current (self->sidebar, code);
    }

  if (code == NULL || self->round_id == NULL || lookup_body (self, code) == NULL)
    {
      gtk_stack_set_visible_child_name (self->editor_stack, "no-body");
      return;
    }

  bansou_question_list_ensure_rows (self->question_list);

  if (!(answers = bansou_survey_list_answers (self->survey, self->round_id, code, &error)))
    {
      show_error (self, error);
      gtk_stack_set_visible_child_name (self->editor_stack, "no-body");
      return;
    }
  if (self->prev_round_id != NULL &&
      !(previous = bansou_survey_list_answers (self->survey, self->prev_round_id, code, &error)))
    {
      g_debug ("Previous round: %s", error->message);
      g_clear_error (&error);
    }

  bansou_question_list_set_answers (self->question_list, answers, previous);

  g_free (self->shown_round);
  self->shown_round = g_strdup (self->round_id);

  update_header (self);
  gtk_stack_set_visible_child_name (self->editor_stack, "body");

  if (!same)
    bansou_question_list_scroll_to_top (self->question_list);

  self->open_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_debug ("Opened %s in %s: %.2f ms", code, self->round_id, self->open_ms);
}

/* ------------------------------------------------------------------------ */
/* Bodies and rounds                                                        */

static void
update_main_stack (BansouAnswersPage *self)
{
  const char *name = "editor";

  if (scope (self) == NULL)
    name = "no-scope";
  else if (g_list_model_get_n_items (bansou_survey_get_rounds (self->survey)) == 0)
    name = "no-rounds";
  gtk_stack_set_visible_child_name (self->main_stack, name);
}

static void
reload_bodies (BansouAnswersPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) bodies = NULL;

  if (scope (self) != NULL && !(bodies = bansou_survey_list_bodies (self->survey, scope (self), &error)))
    show_error (self, error);
  bansou_body_sidebar_set_bodies (self->sidebar, bodies);
}

static void
load_round (BansouAnswersPage *self)
{
  BansouRound *round = bansou_ui_round_dropdown_get_round (self->round_dropdown);
  BansouRound *prev;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  gint64 start = g_get_monotonic_time ();

  g_clear_handle_id (&self->load_source, g_source_remove);
  g_clear_handle_id (&self->scores_source, g_source_remove);
  update_main_stack (self);

  g_clear_pointer (&self->round_id, g_free);
  g_clear_pointer (&self->shown_round, g_free);
  g_clear_pointer (&self->prev_round_id, g_free);
  g_clear_pointer (&self->reference, g_date_free);
  g_clear_pointer (&self->scores, bansou_score_table_unref);
  g_hash_table_remove_all (self->progress);
  g_clear_pointer (&self->unconfirmed, g_hash_table_unref);

  if (round == NULL || scope (self) == NULL)
    {
      gtk_stack_set_visible_child_name (self->editor_stack, "no-body");
      return;
    }

  self->round_id = g_strdup (bansou_round_get_id (round));
  self->reference = bansou_round_get_date (round);
  if ((prev = bansou_survey_get_previous_round (self->survey, self->round_id)))
    self->prev_round_id = g_strdup (bansou_round_get_id (prev));

  if ((progress = bansou_survey_list_progress (self->survey, self->round_id, scope (self), &error)))
    for (guint i = 0; i < progress->len; i++)
      {
        BansouProgressInfo *info = g_ptr_array_index (progress, i);
        g_hash_table_insert (self->progress, g_strdup (info->body), bansou_progress_info_copy (info));
      }
  else
    show_error (self, error);
  g_clear_error (&error);

  if (!(self->unconfirmed = bansou_survey_count_unconfirmed (self->survey, self->round_id, &error)))
    show_error (self, error);
  g_clear_error (&error);

  if (!(self->scores = bansou_score_table_new_for_round (self->survey, self->round_id, scope (self), &error)))
    show_error (self, error);

  bansou_question_list_set_reference_date (self->question_list, self->reference);

  /* Every sidebar row shows this round's figures now. */
  bansou_body_sidebar_refresh (self->sidebar, NULL);
  bansou_body_sidebar_select (self->sidebar, self->body_code);
  g_debug ("Loaded round %s in %.1f ms", self->round_id, (g_get_monotonic_time () - start) / 1000.0);

  show_body (self, self->body_code);
}

static gboolean
load_idle_cb (gpointer user_data)
{
  BansouAnswersPage *self = user_data;

  self->load_source = 0;
  load_round (self);
  return G_SOURCE_REMOVE;
}

static gboolean
scores_idle_cb (gpointer user_data)
{
  BansouAnswersPage *self = user_data;
  BansouScoreTable *old = self->scores;

  self->scores_source = 0;
  if (old == NULL)
    return G_SOURCE_REMOVE;

  /* The matrix already holds the change: no database read. */
  self->scores = bansou_score_table_new (catalog (self), bansou_score_table_get_matrix (old));
  bansou_score_table_unref (old);

  update_scores (self);
  update_subtitle (self);
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------------ */
/* The sidebar                                                              */

static void
body_mark_cb (BansouBody     *body,
              BansouBodyMark *mark,
              gpointer        user_data)
{
  BansouAnswersPage *self = user_data;
  const char *code = bansou_body_get_code (body);
  BansouProgressInfo *info = self->progress ? g_hash_table_lookup (self->progress, code) : NULL;
  BansouProgress state = info ? info->state : BANSOU_PROGRESS_NOT_STARTED;

  mark->badge = body_unconfirmed (self, code);
  if (mark->badge > 0)
    mark->badge_tooltip = g_strdup_printf (ngettext ("%u carried answer not confirmed yet",
                                                     "%u carried answers not confirmed yet",
                                                     mark->badge), mark->badge);
  mark->state_label = bansou_progress_get_label (state);
  mark->state_class = bansou_ui_progress_css_class (state);
  if (info && bansou_ui_is_overdue (info->due, state))
    mark->overdue_since = info->due;
}

/* Moves the keyboard to @code's first unconfirmed answer, or its first
 * question. */
static void
focus_first_question (BansouAnswersPage *self)
{
  BansouQuestionRow *row = bansou_question_list_find_carried (self->question_list, 0);

  if (row == NULL)
    row = bansou_question_list_get_row (self->question_list, 0);
  if (row != NULL)
    bansou_question_list_focus_row (self->question_list, row);
}

static void
body_selected_cb (BansouAnswersPage *self,
                  const char        *code,
                  BansouBodySidebar *sidebar)
{
  if (g_strcmp0 (code, self->body_code) != 0 || !bansou_question_list_has_rows (self->question_list))
    show_body (self, code);
}

/* Enter on a body goes to its first unconfirmed answer, or its first question. */
static void
body_activated_cb (BansouAnswersPage *self,
                   const char        *code,
                   BansouBodySidebar *sidebar)
{
  show_body (self, code);
  if (bansou_question_list_has_rows (self->question_list))
    focus_first_question (self);
}

/* Enter in the search goes to the first question of the first body found. */
static void
search_activated_cb (BansouAnswersPage *self,
                     const char        *code,
                     BansouBodySidebar *sidebar)
{
  BansouQuestionRow *first;

  show_body (self, code);
  if ((first = bansou_question_list_get_row (self->question_list, 0)))
    bansou_question_list_focus_row (self->question_list, first);
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
round_notify_selected_cb (BansouAnswersPage *self)
{
  BansouRound *round = bansou_ui_round_dropdown_get_round (self->round_dropdown);

  if (round == NULL || g_strcmp0 (bansou_round_get_id (round), self->round_id) == 0)
    return;
  /* The list may be in the middle of being replaced: load once it settles. */
  if (self->load_source == 0)
    self->load_source = g_idle_add (load_idle_cb, self);
}

/* The progress header */

static void
update_progress (BansouAnswersPage *self,
                 BansouProgress     state,
                 const char        *reason,
                 const char        *assignee,
                 const char        *due)
{
  g_autoptr(GError) error = NULL;

  if (self->round_id == NULL || self->body_code == NULL)
    return;
  if (!bansou_survey_update_progress (self->survey, self->round_id, self->body_code,
                                      state, reason, assignee, due, &error))
    {
      show_error (self, error);
      update_progress_header (self);
    }
}

static void
progress_change_requested_cb (BansouAnswersPage    *self,
                              guint                 state,
                              const char           *reason,
                              const char           *assignee,
                              const char           *due,
                              BansouProgressHeader *header)
{
  update_progress (self, state, reason, assignee, due);
}

/* Survey signals */

static void
answer_changed_cb (BansouAnswersPage *self,
                   const char        *round,
                   const char        *body,
                   const char        *question,
                   guint              status,
                   BansouSurvey      *survey)
{
  g_autoptr(GError) error = NULL;
  BansouQuestionRow *row;

  if (g_strcmp0 (round, self->round_id) == 0)
    {
      BansouQuestion *q = bansou_catalog_lookup_question (catalog (self), question);
      int r = matrix_row (self, body);

      if (q != NULL && r >= 0)
        {
          BansouAnswerMatrix *matrix = bansou_score_table_get_matrix (self->scores);
          guint8 cell = bansou_answer_matrix_get_cell (matrix, r, q->index);

          bansou_answer_matrix_set_cell (matrix, r, q->index, (cell & ~BANSOU_CELL_STATUS_MASK) | (status & BANSOU_CELL_STATUS_MASK));
          if (self->scores_source == 0)
            self->scores_source = g_idle_add (scores_idle_cb, self);
        }

      if (self->unconfirmed != NULL && lookup_body (self, body) != NULL)
        {
          g_autoptr(GPtrArray) ids = bansou_survey_list_unconfirmed (self->survey, round, body, &error);

          if (ids != NULL && ids->len > 0)
            g_hash_table_insert (self->unconfirmed, g_strdup (body), GUINT_TO_POINTER (ids->len));
          else
            g_hash_table_remove (self->unconfirmed, body);
          bansou_body_sidebar_refresh (self->sidebar, body);
        }

      if (g_strcmp0 (body, self->body_code) == 0 && (row = bansou_question_list_lookup (self->question_list, question)))
        {
          g_autoptr(BansouAnswer) answer = bansou_survey_get_answer (self->survey, round, body, question, &error);

          if (answer != NULL)
            bansou_question_row_set_answer (row, answer);
          update_subtitle (self);
        }
    }
  else if (g_strcmp0 (round, self->prev_round_id) == 0 && g_strcmp0 (body, self->body_code) == 0 &&
           (row = bansou_question_list_lookup (self->question_list, question)))
    {
      g_autoptr(BansouAnswer) answer = bansou_survey_get_answer (self->survey, round, body, question, NULL);
      bansou_question_row_set_previous (row, answer);
    }
}

static void
progress_changed_cb (BansouAnswersPage *self,
                     const char        *round,
                     const char        *body,
                     BansouSurvey      *survey)
{
  g_autoptr(GError) error = NULL;
  BansouProgressInfo *info;

  if (g_strcmp0 (round, self->round_id) != 0)
    return;

  if (!(info = bansou_survey_get_progress (self->survey, round, body, &error)))
    {
      show_error (self, error);
      return;
    }
  g_hash_table_insert (self->progress, g_strdup (body), info);
  bansou_body_sidebar_refresh (self->sidebar, body);
  if (g_strcmp0 (body, self->body_code) == 0)
    {
      update_progress_header (self);
      update_subtitle (self);
    }
}

static void
answers_reloaded_cb (BansouAnswersPage *self,
                     const char        *round,
                     BansouSurvey      *survey)
{
  /* A round other than the one shown was created, filled or deleted:
   * only the empty state and the previous round may change. */
  if (round != NULL && self->round_id != NULL && g_strcmp0 (round, self->round_id) != 0 &&
      bansou_survey_lookup_round (survey, self->round_id) != NULL)
    {
      BansouRound *prev = bansou_survey_get_previous_round (survey, self->round_id);

      update_main_stack (self);
      if (g_strcmp0 (round, self->prev_round_id) == 0 ||
          g_strcmp0 (prev ? bansou_round_get_id (prev) : NULL, self->prev_round_id) != 0)
        {
          bansou_ui_round_dropdown_select (self->round_dropdown, self->round_id);
          load_round (self);
        }
      return;
    }

  if (self->round_id == NULL || !bansou_ui_round_dropdown_select (self->round_dropdown, self->round_id))
    gtk_drop_down_set_selected (self->round_dropdown, 0);
  load_round (self);
}

static void
context_notify_scope_cb (BansouAnswersPage *self)
{
  reload_bodies (self);
  load_round (self);
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
      show_error (self, error);
      return;
    }
  message = g_strdup_printf (ngettext ("%u answer confirmed", "%u answers confirmed", n), n);
  show_toast (self, message, FALSE);
}

static void
confirm_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BansouAnswersPage *self = BANSOU_ANSWERS_PAGE (widget);
  BansouBody *body = lookup_body (self, self->body_code);
  GtkWidget *dialog;
  guint n = 0;

  if (body == NULL || !bansou_question_list_has_rows (self->question_list) || !check_editable (self))
    return;

  for (guint i = 0; i < bansou_question_list_get_n_rows (self->question_list); i++)
    if (bansou_question_row_is_carried (bansou_question_list_get_row (self->question_list, i)))
      n++;
  if (n == 0)
    {
      show_toast (self, _("No unconfirmed answers left for this body"), FALSE);
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

static void
round_created_cb (BansouAnswersPage *self,
                  const char        *round)
{
  if (bansou_ui_round_dropdown_select (self->round_dropdown, round))
    load_round (self);
}

static void
new_round_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BansouAnswersPage *self = BANSOU_ANSWERS_PAGE (widget);
  BansouRoundDialog *dialog = bansou_round_dialog_present (self->context, widget);

  g_signal_connect_object (dialog, "round-created", G_CALLBACK (round_created_cb), self, G_CONNECT_SWAPPED);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  bansou_body_sidebar_focus_search (BANSOU_ANSWERS_PAGE (widget)->sidebar);
}

/* ------------------------------------------------------------------------ */

static void
bansou_answers_page_constructed (GObject *object)
{
  BansouAnswersPage *self = (BansouAnswersPage *)object;

  G_OBJECT_CLASS (bansou_answers_page_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));
  self->survey = g_object_ref (bansou_context_get_survey (self->context));

  bansou_ui_round_dropdown_init (self->round_dropdown, self->survey);
  bansou_question_list_set_catalog (self->question_list, catalog (self));

  g_signal_connect_object (self->survey, "answer-changed", G_CALLBACK (answer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->survey, "progress-changed", G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->survey, "answers-reloaded", G_CALLBACK (answers_reloaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::scope", G_CALLBACK (context_notify_scope_cb), self, G_CONNECT_SWAPPED);

  reload_bodies (self);
  gtk_drop_down_set_selected (self->round_dropdown, 0);
  load_round (self);

  bansou_question_list_build_in_idle (self->question_list);
}

static void
bansou_answers_page_dispose (GObject *object)
{
  BansouAnswersPage *self = (BansouAnswersPage *)object;

  g_clear_handle_id (&self->load_source, g_source_remove);
  g_clear_handle_id (&self->scores_source, g_source_remove);
  if (self->toast != NULL)
    g_signal_handlers_disconnect_by_data (self->toast, self);
  self->toast = NULL;

  /* The sidebar may outlive the tables its marks come from. */
  if (self->sidebar != NULL)
    bansou_body_sidebar_set_mark_func (self->sidebar, NULL, NULL, NULL);
  g_clear_pointer (&self->scores, bansou_score_table_unref);
  g_clear_object (&self->survey);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_answers_page_parent_class)->dispose (object);
}

static void
bansou_answers_page_finalize (GObject *object)
{
  BansouAnswersPage *self = (BansouAnswersPage *)object;

  g_queue_clear_full (&self->undo, (GDestroyNotify) undo_free);
  g_clear_pointer (&self->progress, g_hash_table_unref);
  g_clear_pointer (&self->unconfirmed, g_hash_table_unref);
  g_clear_pointer (&self->reference, g_date_free);
  g_clear_pointer (&self->round_id, g_free);
  g_clear_pointer (&self->prev_round_id, g_free);
  g_clear_pointer (&self->body_code, g_free);
  g_clear_pointer (&self->shown_round, g_free);

  G_OBJECT_CLASS (bansou_answers_page_parent_class)->finalize (object);
}

static void
bansou_answers_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BansouAnswersPage *self = BANSOU_ANSWERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_answers_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BansouAnswersPage *self = BANSOU_ANSWERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_answers_page_class_init (BansouAnswersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bansou_answers_page_constructed;
  object_class->dispose = bansou_answers_page_dispose;
  object_class->finalize = bansou_answers_page_finalize;
  object_class->get_property = bansou_answers_page_get_property;
  object_class->set_property = bansou_answers_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BANSOU_TYPE_BODY_SIDEBAR);
  g_type_ensure (BANSOU_TYPE_PROGRESS_HEADER);
  g_type_ensure (BANSOU_TYPE_QUESTION_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-answers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, round_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, progress_header);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, question_list);
  gtk_widget_class_bind_template_callback (widget_class, round_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, progress_change_requested_cb);

  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "answers.confirm-all", NULL, confirm_all_action);
  gtk_widget_class_install_action (widget_class, "answers.next-unconfirmed", NULL, next_unconfirmed_action);
  gtk_widget_class_install_action (widget_class, "answers.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "answers.new-round", NULL, new_round_action);
}

static void
bansou_answers_page_init (BansouAnswersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_queue_init (&self->undo);
  self->progress = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) bansou_progress_info_free);

  bansou_body_sidebar_set_mark_func (self->sidebar, body_mark_cb, self, NULL);
  g_signal_connect_object (self->sidebar, "body-selected", G_CALLBACK (body_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "body-activated", G_CALLBACK (body_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "search-activated", G_CALLBACK (search_activated_cb), self,
                           G_CONNECT_SWAPPED);

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

BansouContext *
bansou_answers_page_get_context (BansouAnswersPage *self)
{
  g_return_val_if_fail (BANSOU_IS_ANSWERS_PAGE (self), NULL);
  return self->context;
}

/**
 * bansou_answers_page_show_answer:
 * @round: (nullable): the round's id, or %NULL for the one shown
 * @body: the body's code
 * @question: (nullable): the question id; %NULL or "" for the body's first
 *   unconfirmed answer, or its first question
 *
 * Opens @body in @round and puts the keyboard on @question: what a click
 * on a heatmap cell or a double click on the progress list leads to.
 *
 * Returns: %TRUE if the answer is shown
 */
gboolean
bansou_answers_page_show_answer (BansouAnswersPage *self,
                                 const char        *round,
                                 const char        *body,
                                 const char        *question)
{
  BansouQuestionRow *row = NULL;

  g_return_val_if_fail (BANSOU_IS_ANSWERS_PAGE (self), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (round != NULL && *round != '\0')
    {
      if (!bansou_ui_round_dropdown_select (self->round_dropdown, round))
        return FALSE;
      if (g_strcmp0 (round, self->round_id) != 0 || self->load_source != 0)
        load_round (self);
    }
  else if (self->load_source != 0)
    load_round (self);

  if (self->round_id == NULL || lookup_body (self, body) == NULL)
    return FALSE;

  show_body (self, body);

  /* Make sure the body can be seen in the list, whatever the filters. */
  bansou_body_sidebar_reveal (self->sidebar, self->body_code);

  if (question != NULL && *question != '\0')
    {
      if (!(row = bansou_question_list_lookup (self->question_list, question)))
        return FALSE;
    }
  else if (!(row = bansou_question_list_find_carried (self->question_list, 0)))
    row = bansou_question_list_get_row (self->question_list, 0);

  if (row != NULL)
    bansou_question_list_focus_row (self->question_list, row);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* For the tests                                                            */

const char *
_bansou_answers_page_get_round (BansouAnswersPage *self)
{
  return self->round_id;
}

const char *
_bansou_answers_page_get_body (BansouAnswersPage *self)
{
  return self->body_code;
}

GListModel *
_bansou_answers_page_get_bodies (BansouAnswersPage *self)
{
  return bansou_body_sidebar_get_model (self->sidebar);
}

/* As a click and then Enter on the list: the keyboard goes to the answers. */
gboolean
_bansou_answers_page_select_body (BansouAnswersPage *self,
                                  const char        *code)
{
  return bansou_body_sidebar_activate_body (self->sidebar, code);
}

BansouQuestionRow *
_bansou_answers_page_get_row (BansouAnswersPage *self,
                              const char        *question)
{
  return bansou_question_list_lookup (self->question_list, question);
}

BansouQuestionRow *
_bansou_answers_page_get_focus_row (BansouAnswersPage *self)
{
  return bansou_question_list_get_focus_row (self->question_list);
}

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
      show_toast (self, _("Nothing to undo"), FALSE);
      return FALSE;
    }

  before = undo->before;
  ok = bansou_survey_set_answer (self->survey, undo->round, undo->body, undo->question,
                                 before->status, before->done_on ? before->done_on : "",
                                 before->note, before->evidence, &error);
  if (ok)
    show_toast (self, _("Change undone"), FALSE);
  else
    show_error (self, error);

  undo_free (undo);
  return ok;
}

AdwToast *
_bansou_answers_page_get_toast (BansouAnswersPage *self)
{
  return self->toast;
}

GtkToggleButton *
_bansou_answers_page_get_unconfirmed_toggle (BansouAnswersPage *self)
{
  return bansou_body_sidebar_get_filter_toggle (self->sidebar);
}

double
_bansou_answers_page_get_open_time (BansouAnswersPage *self)
{
  return self->open_ms;
}
