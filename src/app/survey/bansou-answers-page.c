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
 * the 50 ms the editor is allowed). bansou-answers-page-editing.c saves,
 * offers undo and handles the keys; this file loads the round and shows
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
#include "bansou-survey-ui.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

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

static guint
body_unconfirmed (BansouAnswersPage *self,
                  const char        *code)
{
  return self->unconfirmed ? GPOINTER_TO_UINT (g_hash_table_lookup (self->unconfirmed, code)) : 0;
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
                                 carried > 0 && _bansou_answers_page_body_state (self, self->body_code) != BANSOU_PROGRESS_FINAL);
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
      _bansou_answers_page_show_error (self, error);
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
  gtk_stack_set_visible_child_name (self->main_stack, bansou_survey_ui_stack_page (self->context, "editor"));
}

static void
reload_bodies (BansouAnswersPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) bodies = NULL;

  if (scope (self) != NULL && !(bodies = bansou_survey_list_bodies (self->survey, scope (self), &error)))
    _bansou_answers_page_show_error (self, error);
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
    _bansou_answers_page_show_error (self, error);
  g_clear_error (&error);

  if (!(self->unconfirmed = bansou_survey_count_unconfirmed (self->survey, self->round_id, &error)))
    _bansou_answers_page_show_error (self, error);
  g_clear_error (&error);

  if (!(self->scores = bansou_score_table_new_for_round (self->survey, self->round_id, scope (self), &error)))
    _bansou_answers_page_show_error (self, error);

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

  self->scores_source = 0;
  if (self->scores == NULL)
    return G_SOURCE_REMOVE;

  bansou_survey_ui_recompute_scores (&self->scores, catalog (self));
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
  if (info && bansou_progress_is_overdue (state, info->due, NULL))
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
      _bansou_answers_page_show_error (self, error);
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
      if (bansou_survey_ui_patch_scores (self->scores, catalog (self), body, question, status) &&
          self->scores_source == 0)
        self->scores_source = g_idle_add (scores_idle_cb, self);

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
      _bansou_answers_page_show_error (self, error);
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

  _bansou_answers_page_clear_undo (self);
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
  _bansou_answers_page_class_init_editing (widget_class);
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
  _bansou_answers_page_init_editing (self);
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
