/* bansou-answers-page.c — 回答: one body's answers in one round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Left, the bodies of the scope with their progress and how many carried
 * answers nobody has confirmed; right, the chosen body's answers grouped
 * by the eight categories.
 *
 * The question rows are built once, the first time a body is opened (the
 * catalog does not change while the window lives), and opening another
 * body only hands each row its answer: two small queries and no widget
 * creation, well under the 50 ms the editor is allowed.
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

typedef struct
{
  GtkWidget   *box;
  GtkLabel    *body_score;
  GtkLevelBar *bar;
  GtkLabel    *prefecture_score;
} CategoryHeader;

struct _BansouAnswersPage
{
  AdwBin               parent_instance;

  BansouContext       *context;
  BansouSurvey        *survey;

  char                *round_id;       /* the round shown */
  char                *prev_round_id;  /* nullable */
  GDate               *reference;
  char                *body_code;      /* the body shown, nullable */
  char                *shown_round;    /* the round the rows hold answers of */
  guint                load_source;
  guint                build_source;
  guint                scores_source;
  guint                scroll_tick;
  GtkWidget           *scroll_target;

  GListStore          *bodies;         /* BansouBody, by code */
  GHashTable          *body_position;  /* code → position + 1 in bodies */
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filter_model;
  GtkSingleSelection  *selection;
  char                *needle;

  GHashTable          *progress;       /* code → BansouProgressInfo, this round */
  GHashTable          *unconfirmed;    /* code → count (GUINT_TO_POINTER) */
  BansouScoreTable    *scores;

  GPtrArray           *rows;           /* BansouQuestionRow in catalog order; NULL until built */
  CategoryHeader      *headers;
  guint                n_headers;

  GQueue               undo;           /* Undo, newest first */
  AdwToast            *toast;          /* the one shown, weak */
  gboolean             updating;
  double               open_ms;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *main_stack;
  GtkDropDown         *round_dropdown;
  GtkSearchEntry      *search_entry;
  GtkToggleButton     *unconfirmed_toggle;
  GtkListView         *body_list;
  GtkLabel            *body_count_label;
  GtkStack            *editor_stack;
  GtkLabel            *body_title;
  GtkLabel            *body_subtitle;
  GtkLabel            *state_label;
  GtkButton           *back_button;
  GtkButton           *forward_button;
  GtkEntry            *assignee_entry;
  GtkMenuButton       *due_button;
  GtkPopover          *due_popover;
  GtkCalendar         *due_calendar;
  GtkLabel            *final_label;
  GtkButton           *next_button;
  GtkButton           *confirm_all_button;
  GtkScrolledWindow   *questions_scroller;
  GtkListBox          *question_list;
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
  guint position = code ? GPOINTER_TO_UINT (g_hash_table_lookup (self->body_position, code)) : 0;
  BansouBody *body;

  if (position == 0)
    return NULL;
  body = g_list_model_get_item (G_LIST_MODEL (self->bodies), position - 1);
  g_object_unref (body);  /* the store keeps it */
  return body;
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

/* Redraws one body's row in the sidebar and lets the filter look at it
 * again: the list item factory reads the page's tables on bind. */
static void
refresh_body_row (BansouAnswersPage *self,
                  const char        *code)
{
  guint position = GPOINTER_TO_UINT (g_hash_table_lookup (self->body_position, code));

  if (position > 0)
    g_list_model_items_changed (G_LIST_MODEL (self->bodies), position - 1, 1, 1);
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

static BansouQuestionRow *
row_for_question (BansouAnswersPage *self,
                  const char        *question)
{
  BansouQuestion *q;

  if (self->rows == NULL || question == NULL ||
      !(q = bansou_catalog_lookup_question (catalog (self), question)) ||
      q->index >= self->rows->len)
    return NULL;
  return g_ptr_array_index (self->rows, q->index);
}

static BansouQuestionRow *
focus_row (BansouAnswersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->question_list)))
    return NULL;
  row = BANSOU_IS_QUESTION_ROW (focus) ? focus : gtk_widget_get_ancestor (focus, BANSOU_TYPE_QUESTION_ROW);
  return row ? BANSOU_QUESTION_ROW (row) : NULL;
}

static guint
row_index (BansouAnswersPage *self,
           BansouQuestionRow *row)
{
  return bansou_question_row_get_question (row)->index;
}

static const char *
question_number (BansouQuestionRow *row)
{
  return g_object_get_data (G_OBJECT (row), "number");
}

/* ------------------------------------------------------------------------ */
/* Scrolling a row into view                                                */

/* Brings @target into view. Returns %FALSE while the list has not been
 * laid out yet (right after a body opens). */
static gboolean
scroll_now (BansouAnswersPage *self,
            GtkWidget         *target)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->questions_scroller);
  GtkWidget *header;
  graphene_rect_t bounds;
  double top, bottom, value, page;

  if (!gtk_widget_compute_bounds (target, GTK_WIDGET (self->question_list), &bounds) ||
      bounds.size.height <= 0 || gtk_adjustment_get_page_size (adj) <= 0)
    return FALSE;

  top = bounds.origin.y;
  bottom = top + bounds.size.height;
  /* Show the category heading with the first question of a category. */
  if ((header = gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (target))) &&
      gtk_widget_compute_bounds (header, GTK_WIDGET (self->question_list), &bounds))
    top = MIN (top, bounds.origin.y);

  value = gtk_adjustment_get_value (adj);
  page = gtk_adjustment_get_page_size (adj);
  if (top < value)
    gtk_adjustment_set_value (adj, MAX (0, top - 12));
  else if (bottom > value + page)
    gtk_adjustment_set_value (adj, bottom - page + 12);
  return TRUE;
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  BansouAnswersPage *self = user_data;

  if (self->scroll_target != NULL && !scroll_now (self, self->scroll_target))
    return G_SOURCE_CONTINUE;

  self->scroll_target = NULL;
  self->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

/* Scrolls at once when the list is laid out, else on the next frames. It
 * is also tried again on the next frame: a body just opened may still
 * change the rows' heights. */
static void
scroll_to_row (BansouAnswersPage *self,
               BansouQuestionRow *row)
{
  scroll_now (self, GTK_WIDGET (row));
  self->scroll_target = GTK_WIDGET (row);
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->questions_scroller),
                                                      scroll_tick_cb, self, NULL);
}

static void
focus_question (BansouAnswersPage *self,
                BansouQuestionRow *row)
{
  gtk_widget_grab_focus (GTK_WIDGET (row));
  scroll_to_row (self, row);
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
  message = g_strdup_printf (_("%s set to “%s”"), question_number (row), bansou_status_get_label (status));

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
  message = g_strdup_printf (_("%s cleared"), question_number (row));
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
  message = g_strdup_printf (_("%s confirmed"), question_number (row));
  show_toast (self, message, FALSE);
}

static void
next_unconfirmed (BansouAnswersPage *self)
{
  BansouQuestionRow *current = focus_row (self);
  guint start, n;

  if (self->rows == NULL || self->body_code == NULL)
    return;

  n = self->rows->len;
  start = current ? row_index (self, current) + 1 : 0;
  for (guint k = 0; k < n; k++)
    {
      BansouQuestionRow *row = g_ptr_array_index (self->rows, (start + k) % n);

      if (bansou_question_row_is_carried (row))
        {
          focus_question (self, row);
          return;
        }
    }

  show_toast (self, _("No unconfirmed answers left for this body"), FALSE);
}

/* ------------------------------------------------------------------------ */
/* Question row signals                                                     */

static void
row_status_chosen_cb (BansouQuestionRow *row,
                      guint              status,
                      BansouAnswersPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (row));
  choose_status (self, row, status);
}

static void
row_date_entered_cb (BansouQuestionRow *row,
                     const char        *date,
                     BansouAnswersPage *self)
{
  g_autofree char *message = NULL;

  if (*date == '\0')
    {
      /* No date: the measure was never carried out. */
      message = g_strdup_printf (_("%s set to “%s”"), question_number (row),
                                 bansou_status_get_label (BANSOU_STATUS_NOT_DONE));
      save_answer (self, row, BANSOU_STATUS_NOT_DONE, "", NULL, NULL, message);
      return;
    }

  /* TRANSLATORS: %s are a question number (“5.3”) and a date */
  message = g_strdup_printf (_("%s: last done on %s"), question_number (row), date);
  if (!save_answer (self, row, BANSOU_STATUS_UNANSWERED, date, NULL, NULL, message))
    /* Show what is stored again. */
    bansou_question_row_set_answer (row, bansou_question_row_get_answer (row));
}

static void
row_confirm_requested_cb (BansouQuestionRow *row,
                          BansouAnswersPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (row));
  confirm_row (self, row);
}

static void
row_note_entered_cb (BansouQuestionRow *row,
                     const char        *note,
                     const char        *evidence,
                     BansouAnswersPage *self)
{
  const BansouAnswer *current = bansou_question_row_get_answer (row);
  g_autofree char *message = NULL;

  /* TRANSLATORS: %s is a question number (“5.3”) */
  message = g_strdup_printf (_("Note saved for %s"), question_number (row));
  save_answer (self, row, current ? current->status : BANSOU_STATUS_UNANSWERED,
               current ? current->done_on : NULL, note, evidence, message);
}

static void
question_row_activated_cb (BansouAnswersPage *self,
                           GtkListBoxRow     *row,
                           GtkListBox        *list)
{
  if (BANSOU_IS_QUESTION_ROW (row))
    bansou_question_row_edit_note (BANSOU_QUESTION_ROW (row));
}

/* ------------------------------------------------------------------------ */
/* The keyboard                                                             */

static void
move_focus (BansouAnswersPage *self,
            BansouQuestionRow *row,
            int                delta)
{
  int i = (int) row_index (self, row) + delta;

  if (i < 0 || i >= (int) self->rows->len)
    return;
  focus_question (self, g_ptr_array_index (self->rows, i));
}

/* Capture phase on the question list, so that keys reach the page before
 * the list box moves its cursor or a button takes Enter; text being typed
 * (the date, the note popover) is left alone. */
static gboolean
handle_key (BansouAnswersPage *self,
            guint              keyval,
            GdkModifierType    state)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  BansouQuestionRow *row = focus_row (self);
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK | GDK_SUPER_MASK);

  if (self->rows == NULL || self->body_code == NULL)
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
          move_focus (self, row, -1);
          return TRUE;
        case GDK_KEY_Down:
        case GDK_KEY_KP_Down:
          move_focus (self, row, 1);
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
      scroll_now (self, GTK_WIDGET (row));
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
      move_focus (self, row, -1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_focus (self, row, 1);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
question_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         BansouAnswersPage     *self)
{
  return handle_key (self, keyval, state);
}

/* ------------------------------------------------------------------------ */
/* Building the rows                                                        */

static GtkWidget *
create_category_header (BansouAnswersPage *self,
                        BansouCategory    *category,
                        CategoryHeader    *header)
{
  g_autofree char *title = g_strdup_printf ("%u  %s", category->index + 1, bansou_category_get_label (category));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *spacer = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);

  gtk_widget_add_css_class (box, "category-header");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  gtk_widget_add_css_class (spacer, "spacer");
  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (box), spacer);

  header->body_score = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (header->body_score), "numeric");
  gtk_widget_set_tooltip_text (GTK_WIDGET (header->body_score),
                               _("This body’s score in the category: implemented 1, partly ½, not implemented 0; "
                                 "not applicable and unanswered do not count"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (header->body_score));

  header->bar = GTK_LEVEL_BAR (gtk_level_bar_new_for_interval (0, 1));
  gtk_level_bar_remove_offset_value (header->bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (header->bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (header->bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_widget_set_size_request (GTK_WIDGET (header->bar), 90, -1);
  gtk_widget_set_valign (GTK_WIDGET (header->bar), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (header->bar));

  header->prefecture_score = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (header->prefecture_score), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (header->prefecture_score), "dim-label");
  gtk_label_set_width_chars (header->prefecture_score, 14);
  gtk_label_set_xalign (header->prefecture_score, 1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (header->prefecture_score));

  /* Kept for the page's lifetime: the list box drops a header it unsets. */
  header->box = g_object_ref_sink (box);
  return box;
}

/* The first question of each category carries its category's heading.
 * Headers must be set from this function: the list box parents only
 * those. */
static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  BansouAnswersPage *self = user_data;
  BansouQuestion *q = bansou_question_row_get_question (BANSOU_QUESTION_ROW (row));
  BansouQuestion *prev = before ? bansou_question_row_get_question (BANSOU_QUESTION_ROW (before)) : NULL;
  GtkWidget *header = NULL;

  if ((prev == NULL || prev->category != q->category) && q->category->index < self->n_headers)
    header = self->headers[q->category->index].box;
  if (gtk_list_box_row_get_header (row) != header)
    gtk_list_box_row_set_header (row, header);
}

/* Builds the rows of questions @from … up to @max more, in catalog order
 * (the catalog lists questions by category, so index order is the order
 * of the list). Returns %TRUE when every question has its row. */
static gboolean
build_rows (BansouAnswersPage *self,
            guint              max)
{
  BansouCatalog *cat = catalog (self);
  guint n_questions = bansou_catalog_get_n_questions (cat);

  if (self->rows == NULL)
    {
      self->n_headers = bansou_catalog_get_n_categories (cat);
      self->headers = g_new0 (CategoryHeader, self->n_headers);
      self->rows = g_ptr_array_new ();
      gtk_list_box_set_header_func (self->question_list, header_func, self, NULL);
    }

  for (guint built = 0; self->rows->len < n_questions && built < max; built++)
    {
      BansouQuestion *q = bansou_catalog_get_question (cat, self->rows->len);
      guint position = 1;
      g_autofree char *number = NULL;
      GtkWidget *row;

      /* “5.3”: the question's place in its category. */
      for (int i = (int) q->index - 1; i >= 0 && bansou_catalog_get_question (cat, i)->category == q->category; i--)
        position++;
      number = g_strdup_printf ("%u.%u", q->category->index + 1, position);

      if (position == 1 && q->category->index < self->n_headers)
        create_category_header (self, q->category, &self->headers[q->category->index]);

      row = bansou_question_row_new (q, number);
      g_object_set_data_full (G_OBJECT (row), "number", g_steal_pointer (&number), g_free);
      g_signal_connect (row, "status-chosen", G_CALLBACK (row_status_chosen_cb), self);
      g_signal_connect (row, "date-entered", G_CALLBACK (row_date_entered_cb), self);
      g_signal_connect (row, "confirm-requested", G_CALLBACK (row_confirm_requested_cb), self);
      g_signal_connect (row, "note-entered", G_CALLBACK (row_note_entered_cb), self);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      bansou_question_row_set_reference_date (BANSOU_QUESTION_ROW (row), self->reference);
      gtk_list_box_append (self->question_list, row);
      g_ptr_array_add (self->rows, row);
    }

  return self->rows->len == n_questions;
}

static void
ensure_rows (BansouAnswersPage *self)
{
  g_clear_handle_id (&self->build_source, g_source_remove);
  build_rows (self, G_MAXUINT);
}

/* Building the 58 rows takes a few hundred milliseconds here: do it a few
 * rows at a time while the user looks at another page, so that the first
 * body opens as fast as the others. */
static gboolean
build_rows_idle_cb (gpointer user_data)
{
  BansouAnswersPage *self = user_data;

  if (!build_rows (self, 4))
    return G_SOURCE_CONTINUE;
  self->build_source = 0;
  return G_SOURCE_REMOVE;
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
  int body_row;

  if (self->rows == NULL || self->scores == NULL)
    return;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const BansouScore *counts = bansou_score_table_get_question_counts (self->scores, i);

      bansou_question_row_set_prefecture_rate (g_ptr_array_index (self->rows, i),
                                               bansou_score_table_get_question_rate (self->scores, i),
                                               counts ? counts->counted : 0,
                                               bansou_context_is_national (self->context));
    }

  body_row = matrix_row (self, self->body_code);
  for (guint c = 0; c < self->n_headers; c++)
    {
      CategoryHeader *header = &self->headers[c];
      double body = body_row >= 0 ? bansou_score_table_get_body_category (self->scores, body_row, c) : BANSOU_NO_SCORE;
      double prefecture = bansou_score_table_get_category_score (self->scores, c);
      g_autofree char *body_value = bansou_ui_format_percent (body);
      /* TRANSLATORS: the score of the body being edited in one category, e.g. “This body 72%” */
      g_autofree char *body_text = g_strdup_printf (_("This body %s"), body_value);
      g_autofree char *prefecture_value = bansou_ui_format_percent (prefecture);
      /* TRANSLATORS: the mean score of the prefecture's bodies, e.g. “Prefecture 68%”; for a
       * national desk, of every body */
      g_autofree char *prefecture_text = g_strdup_printf (bansou_context_is_national (self->context)
                                                          ? _("All bodies %s") : _("Prefecture %s"),
                                                          prefecture_value);

      if (header->box == NULL)
        continue;
      gtk_label_set_label (header->body_score, body_text);
      gtk_level_bar_set_value (header->bar, MAX (body, 0));
      gtk_label_set_label (header->prefecture_score, prefecture_text);
    }
}

static void
update_subtitle (BansouAnswersPage *self)
{
  BansouBody *body = lookup_body (self, self->body_code);
  g_autoptr(GString) text = g_string_new (NULL);
  guint unanswered = 0, carried = 0;
  int body_row = matrix_row (self, self->body_code);

  if (body == NULL || self->rows == NULL)
    return;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const BansouAnswer *a = bansou_question_row_get_answer (g_ptr_array_index (self->rows, i));

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

  gtk_label_set_label (self->body_subtitle, text->str);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "answers.confirm-all",
                                 carried > 0 && body_state (self, self->body_code) != BANSOU_PROGRESS_FINAL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "answers.next-unconfirmed", carried > 0);
}

static const char *
forward_label (BansouProgress state)
{
  switch (state)
    {
    case BANSOU_PROGRESS_NOT_STARTED:
      return _("Start Answering");
    case BANSOU_PROGRESS_ANSWERING:
      return _("Submit for Review");
    case BANSOU_PROGRESS_REVIEW:
      return _("Mark Final");
    case BANSOU_PROGRESS_FINAL:
    case BANSOU_N_PROGRESS:
    default:
      return NULL;
    }
}

static void
set_state_button (GtkButton      *button,
                  const char     *label,
                  BansouProgress  target)
{
  gtk_widget_set_visible (GTK_WIDGET (button), label != NULL);
  if (label == NULL)
    return;
  gtk_button_set_label (button, label);
  gtk_button_set_use_underline (button, TRUE);
  g_object_set_data (G_OBJECT (button), "target", GUINT_TO_POINTER (target));
}

static void
update_progress_header (BansouAnswersPage *self)
{
  BansouProgressInfo *info = self->progress ? g_hash_table_lookup (self->progress, self->body_code) : NULL;
  BansouProgress state = info ? info->state : BANSOU_PROGRESS_NOT_STARTED;
  const char *classes[] = { "progress-pill", bansou_ui_progress_css_class (state), NULL };
  gboolean final = state == BANSOU_PROGRESS_FINAL;
  const char *assignee = info && info->assignee ? info->assignee : "";
  const char *due = info ? info->due : NULL;

  self->updating = TRUE;

  gtk_label_set_label (self->state_label, bansou_progress_get_label (state));
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_label), classes);

  /* Only the steps bansou_progress_can_change() allows are offered. */
  set_state_button (self->forward_button, forward_label (state), state + 1);
  if (state == BANSOU_PROGRESS_REVIEW)
    set_state_button (self->back_button, _("Send _Back"), BANSOU_PROGRESS_ANSWERING);
  else if (final)
    set_state_button (self->back_button, _("_Reopen…"), BANSOU_PROGRESS_ANSWERING);
  else
    set_state_button (self->back_button, NULL, 0);

  if (!gtk_widget_has_focus (GTK_WIDGET (self->assignee_entry)) &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->assignee_entry)), assignee) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->assignee_entry), assignee);

  if (due != NULL && *due != '\0')
    {
      g_autofree char *date = bansou_ui_format_date (due);
      /* TRANSLATORS: a due date, e.g. “Due 令和8年1月30日” */
      g_autofree char *label = g_strdup_printf (_("Due %s"), date);
      gtk_menu_button_set_label (self->due_button, label);
    }
  else
    gtk_menu_button_set_label (self->due_button, _("No Due Date"));
  if (bansou_ui_is_overdue (due, state))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->due_button), "overdue");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->due_button), _("Overdue"));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->due_button), "overdue");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->due_button), _("Due date"));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->final_label), final);
  if (self->rows != NULL)
    for (guint i = 0; i < self->rows->len; i++)
      bansou_question_row_set_read_only (g_ptr_array_index (self->rows, i), final);

  self->updating = FALSE;
}

static void
update_header (BansouAnswersPage *self)
{
  BansouBody *body = lookup_body (self, self->body_code);

  if (body == NULL)
    return;
  gtk_label_set_label (self->body_title, bansou_body_get_name (body));
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
  if (same && code != NULL && self->rows != NULL && g_strcmp0 (self->shown_round, self->round_id) == 0 &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->editor_stack), "body") == 0)
    return;

  if (code != self->body_code)
    {
      g_free (self->body_code);
      self->body_code = g_strdup (code);
    }

  if (code == NULL || self->round_id == NULL || lookup_body (self, code) == NULL)
    {
      gtk_stack_set_visible_child_name (self->editor_stack, "no-body");
      return;
    }

  ensure_rows (self);

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

  for (guint i = 0; i < self->rows->len && i < answers->len; i++)
    {
      BansouQuestionRow *row = g_ptr_array_index (self->rows, i);

      bansou_question_row_set_answer (row, g_ptr_array_index (answers, i));
      bansou_question_row_set_previous (row, previous && i < previous->len ? g_ptr_array_index (previous, i) : NULL);
    }

  g_free (self->shown_round);
  self->shown_round = g_strdup (self->round_id);

  update_header (self);
  gtk_stack_set_visible_child_name (self->editor_stack, "body");

  if (!same)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->questions_scroller), 0);

  self->open_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_debug ("Opened %s in %s: %.2f ms", code, self->round_id, self->open_ms);
}

/* ------------------------------------------------------------------------ */
/* Bodies and rounds                                                        */

static void
update_count (BansouAnswersPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->bodies));
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (ngettext ("%u body", "%u bodies", total), total);
  else
    /* TRANSLATORS: bodies shown of all bodies */
    text = g_strdup_printf (ngettext ("%u of %u body", "%u of %u bodies", total), shown, total);
  gtk_label_set_label (self->body_count_label, text);
}

static void
select_shown_body (BansouAnswersPage *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (model, i);

      if (g_strcmp0 (bansou_body_get_code (body), self->body_code) == 0)
        {
          if (gtk_single_selection_get_selected (self->selection) != i)
            gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

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
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_hash_table_remove_all (self->body_position);

  if (scope (self) != NULL && !(bodies = bansou_survey_list_bodies (self->survey, scope (self), &error)))
    show_error (self, error);

  for (guint i = 0, n = bodies ? g_list_model_get_n_items (bodies) : 0; i < n; i++)
    {
      BansouBody *body = g_list_model_get_item (bodies, i);

      g_ptr_array_add (items, body);
      g_hash_table_insert (self->body_position, g_strdup (bansou_body_get_code (body)), GUINT_TO_POINTER (i + 1));
    }

  self->updating = TRUE;
  g_list_store_splice (self->bodies, 0, g_list_model_get_n_items (G_LIST_MODEL (self->bodies)),
                       items->pdata, items->len);
  self->updating = FALSE;
  update_count (self);
}

static void
load_round (BansouAnswersPage *self)
{
  BansouRound *round = bansou_ui_round_dropdown_get_round (self->round_dropdown);
  BansouRound *prev;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  gint64 start = g_get_monotonic_time ();
  guint n;

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

  if (self->rows != NULL)
    for (guint i = 0; i < self->rows->len; i++)
      bansou_question_row_set_reference_date (g_ptr_array_index (self->rows, i), self->reference);

  /* Every sidebar row shows this round's figures now. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->bodies));
  self->updating = TRUE;
  g_list_model_items_changed (G_LIST_MODEL (self->bodies), 0, n, n);
  self->updating = FALSE;
  select_shown_body (self);
  g_debug ("Loaded round %s for %u bodies in %.1f ms", self->round_id, n,
           (g_get_monotonic_time () - start) / 1000.0);

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
/* Sidebar list                                                             */

static void
body_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               BansouAnswersPage        *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *badge = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "numeric");
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), detail);
  gtk_box_append (GTK_BOX (box), text);

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "unconfirmed-badge");
  gtk_widget_add_css_class (badge, "numeric");
  gtk_box_append (GTK_BOX (box), badge);

  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), state);

  gtk_list_item_set_child (list_item, box);
}

static void
body_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              BansouAnswersPage        *self)
{
  BansouBody *body = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *text = gtk_widget_get_first_child (box);
  GtkWidget *name = gtk_widget_get_first_child (text);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  GtkWidget *badge = gtk_widget_get_next_sibling (text);
  GtkWidget *state_label = gtk_widget_get_next_sibling (badge);
  const char *code = bansou_body_get_code (body);
  BansouProgressInfo *info = self->progress ? g_hash_table_lookup (self->progress, code) : NULL;
  BansouProgress state = info ? info->state : BANSOU_PROGRESS_NOT_STARTED;
  guint unconfirmed = body_unconfirmed (self, code);
  const char *classes[] = { "progress-pill", "small", bansou_ui_progress_css_class (state), NULL, NULL };
  g_autofree char *detail_text = g_strdup_printf ("%s · %s", code, bansou_body_get_kind_label (body));

  gtk_label_set_label (GTK_LABEL (name), bansou_body_get_name (body));
  gtk_label_set_label (GTK_LABEL (detail), detail_text);

  if (unconfirmed > 0)
    {
      g_autofree char *count = g_strdup_printf ("%u", unconfirmed);
      g_autofree char *tooltip = g_strdup_printf (ngettext ("%u carried answer not confirmed yet",
                                                            "%u carried answers not confirmed yet",
                                                            unconfirmed), unconfirmed);
      gtk_label_set_label (GTK_LABEL (badge), count);
      gtk_widget_set_tooltip_text (badge, tooltip);
    }
  gtk_widget_set_visible (badge, unconfirmed > 0);

  if (info && bansou_ui_is_overdue (info->due, state))
    classes[3] = "overdue";
  gtk_label_set_label (GTK_LABEL (state_label), bansou_progress_get_label (state));
  gtk_widget_set_css_classes (state_label, classes);
  if (classes[3] != NULL)
    {
      g_autofree char *date = bansou_ui_format_date (info->due);
      /* TRANSLATORS: %s is a date */
      g_autofree char *tooltip = g_strdup_printf (_("Overdue since %s"), date);
      gtk_widget_set_tooltip_text (state_label, tooltip);
    }
  else
    gtk_widget_set_tooltip_text (state_label, NULL);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  BansouAnswersPage *self = user_data;
  BansouBody *body = item;
  const char *code = bansou_body_get_code (body);

  /* The body being edited stays in the list: confirming its last answer
   * must not pull it away from under the user. */
  if (g_strcmp0 (code, self->body_code) == 0)
    return TRUE;
  if (gtk_toggle_button_get_active (self->unconfirmed_toggle) && body_unconfirmed (self, code) == 0)
    return FALSE;
  if (self->needle != NULL && *self->needle != '\0' && !bansou_body_matches (body, self->needle))
    return FALSE;
  return TRUE;
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

static void
selection_notify_selected_item_cb (BansouAnswersPage  *self,
                                   GParamSpec         *pspec,
                                   GtkSingleSelection *selection)
{
  BansouBody *body = gtk_single_selection_get_selected_item (selection);

  if (self->updating || body == NULL)
    return;
  if (g_strcmp0 (bansou_body_get_code (body), self->body_code) != 0 || self->rows == NULL)
    show_body (self, bansou_body_get_code (body));
}

static void
filter_items_changed_cb (BansouAnswersPage *self)
{
  update_count (self);
}

static void
search_changed_cb (BansouAnswersPage *self,
                   GtkSearchEntry    *entry)
{
  g_free (self->needle);
  self->needle = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
search_activate_cb (BansouAnswersPage *self,
                    GtkSearchEntry    *entry)
{
  g_autoptr(BansouBody) first = NULL;

  search_changed_cb (self, entry);
  if (!(first = g_list_model_get_item (G_LIST_MODEL (self->selection), 0)))
    return;
  gtk_single_selection_set_selected (self->selection, 0);
  show_body (self, bansou_body_get_code (first));
  if (self->rows && self->rows->len > 0)
    focus_question (self, g_ptr_array_index (self->rows, 0));
}

static void
stop_search_cb (BansouAnswersPage *self,
                GtkSearchEntry    *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->body_list));
}

static void
unconfirmed_toggled_cb (BansouAnswersPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
body_list_activate_cb (BansouAnswersPage *self,
                       guint              position,
                       GtkListView       *list)
{
  g_autoptr(BansouBody) body = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  BansouQuestionRow *first = NULL;

  if (body == NULL)
    return;
  show_body (self, bansou_body_get_code (body));

  /* Enter on a body goes to its first unconfirmed answer, or its first question. */
  if (self->rows == NULL)
    return;
  for (guint i = 0; i < self->rows->len && first == NULL; i++)
    if (bansou_question_row_is_carried (g_ptr_array_index (self->rows, i)))
      first = g_ptr_array_index (self->rows, i);
  if (first == NULL && self->rows->len > 0)
    first = g_ptr_array_index (self->rows, 0);
  if (first)
    focus_question (self, first);
}

/* Progress controls */

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
reopen_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    BansouAnswersPage *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  const char *body = g_object_get_data (G_OBJECT (dialog), "body");

  if (g_strcmp0 (response, "reopen") != 0 || *reason == '\0' || g_strcmp0 (body, self->body_code) != 0)
    return;
  update_progress (self, BANSOU_PROGRESS_ANSWERING, reason, NULL, NULL);
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

static void
ask_reopen (BansouAnswersPage *self)
{
  BansouBody *body = lookup_body (self, self->body_code);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (body == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Reopen the Final Answers?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The answers of %s become editable again. Say why: the reason is kept in the "
                                    "change history."), bansou_body_get_name (body));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. a correction from the municipality"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reopen", _("_Reopen"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reopen", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reopen", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "body", g_strdup (self->body_code), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (reopen_reason_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (reopen_reason_activate_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reopen_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
state_button_clicked_cb (BansouAnswersPage *self,
                         GtkButton         *button)
{
  BansouProgress target = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "target"));
  BansouProgress state = body_state (self, self->body_code);

  if (!bansou_progress_can_change (state, target))
    return;
  if (state == BANSOU_PROGRESS_FINAL)
    ask_reopen (self);
  else
    update_progress (self, target, NULL, NULL, NULL);
}

static void
commit_assignee (BansouAnswersPage *self)
{
  BansouProgressInfo *info = self->progress ? g_hash_table_lookup (self->progress, self->body_code) : NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->assignee_entry))));

  if (self->updating || self->body_code == NULL)
    return;
  if (g_strcmp0 (text, info && info->assignee ? info->assignee : "") == 0)
    return;
  update_progress (self, BANSOU_N_PROGRESS, NULL, text, NULL);
}

static void
assignee_activate_cb (BansouAnswersPage *self)
{
  commit_assignee (self);
}

static void
assignee_focus_leave_cb (GtkEventControllerFocus *controller,
                         BansouAnswersPage       *self)
{
  commit_assignee (self);
}

static void
due_popover_show_cb (BansouAnswersPage *self)
{
  BansouProgressInfo *info = self->progress ? g_hash_table_lookup (self->progress, self->body_code) : NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDate) due = info && info->due ? bansou_date_parse_iso (info->due) : NULL;

  if (due != NULL)
    day = g_date_time_new_local (g_date_get_year (due), g_date_get_month (due), g_date_get_day (due), 0, 0, 0);
  else
    day = g_date_time_new_now_local ();

  self->updating = TRUE;
  gtk_calendar_select_day (self->due_calendar, day);
  self->updating = FALSE;
}

static void
due_day_selected_cb (BansouAnswersPage *self,
                     GtkCalendar       *calendar)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *iso = NULL;

  if (self->updating)
    return;
  day = gtk_calendar_get_date (calendar);
  iso = g_date_time_format (day, "%Y-%m-%d");
  gtk_popover_popdown (self->due_popover);
  update_progress (self, BANSOU_N_PROGRESS, NULL, NULL, iso);
}

static void
due_clear_cb (BansouAnswersPage *self)
{
  gtk_popover_popdown (self->due_popover);
  update_progress (self, BANSOU_N_PROGRESS, NULL, NULL, "");
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
          refresh_body_row (self, body);
        }

      if (g_strcmp0 (body, self->body_code) == 0 && (row = row_for_question (self, question)))
        {
          g_autoptr(BansouAnswer) answer = bansou_survey_get_answer (self->survey, round, body, question, &error);

          if (answer != NULL)
            bansou_question_row_set_answer (row, answer);
          update_subtitle (self);
        }
    }
  else if (g_strcmp0 (round, self->prev_round_id) == 0 && g_strcmp0 (body, self->body_code) == 0 &&
           (row = row_for_question (self, question)))
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
  refresh_body_row (self, body);
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

  if (body == NULL || self->rows == NULL || !check_editable (self))
    return;

  for (guint i = 0; i < self->rows->len; i++)
    if (bansou_question_row_is_carried (g_ptr_array_index (self->rows, i)))
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
  BansouAnswersPage *self = BANSOU_ANSWERS_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
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

  g_signal_connect_object (self->survey, "answer-changed", G_CALLBACK (answer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->survey, "progress-changed", G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->survey, "answers-reloaded", G_CALLBACK (answers_reloaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::scope", G_CALLBACK (context_notify_scope_cb), self, G_CONNECT_SWAPPED);

  reload_bodies (self);
  gtk_drop_down_set_selected (self->round_dropdown, 0);
  load_round (self);

  self->build_source = g_idle_add_full (G_PRIORITY_LOW, build_rows_idle_cb, self, NULL);
}

static void
bansou_answers_page_dispose (GObject *object)
{
  BansouAnswersPage *self = (BansouAnswersPage *)object;

  g_clear_handle_id (&self->load_source, g_source_remove);
  g_clear_handle_id (&self->scores_source, g_source_remove);
  g_clear_handle_id (&self->build_source, g_source_remove);
  if (self->scroll_tick != 0 && self->questions_scroller != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->questions_scroller), self->scroll_tick);
  self->scroll_tick = 0;
  if (self->toast != NULL)
    g_signal_handlers_disconnect_by_data (self->toast, self);
  self->toast = NULL;

  if (self->body_list != NULL)
    gtk_list_view_set_model (self->body_list, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->bodies);
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
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  for (guint c = 0; self->headers != NULL && c < self->n_headers; c++)
    g_clear_object (&self->headers[c].box);
  g_clear_pointer (&self->headers, g_free);
  g_clear_pointer (&self->body_position, g_hash_table_unref);
  g_clear_pointer (&self->progress, g_hash_table_unref);
  g_clear_pointer (&self->unconfirmed, g_hash_table_unref);
  g_clear_pointer (&self->reference, g_date_free);
  g_clear_pointer (&self->round_id, g_free);
  g_clear_pointer (&self->prev_round_id, g_free);
  g_clear_pointer (&self->body_code, g_free);
  g_clear_pointer (&self->shown_round, g_free);
  g_clear_pointer (&self->needle, g_free);

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

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-answers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, round_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, unconfirmed_toggle);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, body_list);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, body_count_label);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, body_title);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, body_subtitle);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, forward_button);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, assignee_entry);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, due_button);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, due_popover);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, due_calendar);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, final_label);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, confirm_all_button);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, questions_scroller);
  gtk_widget_class_bind_template_child (widget_class, BansouAnswersPage, question_list);
  gtk_widget_class_bind_template_callback (widget_class, round_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, unconfirmed_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, state_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, assignee_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, due_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, due_clear_cb);

  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "answers.confirm-all", NULL, confirm_all_action);
  gtk_widget_class_install_action (widget_class, "answers.next-unconfirmed", NULL, next_unconfirmed_action);
  gtk_widget_class_install_action (widget_class, "answers.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "answers.new-round", NULL, new_round_action);
}

static void
bansou_answers_page_init (BansouAnswersPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_queue_init (&self->undo);
  self->body_position = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->progress = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) bansou_progress_info_free);

  self->bodies = g_list_store_new (BANSOU_TYPE_BODY);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->bodies)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (body_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (body_bind_cb), self);
  gtk_list_view_set_factory (self->body_list, factory);
  gtk_list_view_set_model (self->body_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->body_list, "activate", G_CALLBACK (body_list_activate_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_notify_selected_item_cb), self, G_CONNECT_SWAPPED);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->body_list));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (question_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->question_list), controller);
  g_signal_connect_object (self->question_list, "row-activated",
                           G_CALLBACK (question_row_activated_cb), self, G_CONNECT_SWAPPED);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (assignee_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->assignee_entry), controller);

  g_signal_connect_object (self->due_popover, "show", G_CALLBACK (due_popover_show_cb), self, G_CONNECT_SWAPPED);

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
  select_shown_body (self);
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      search_changed_cb (self, self->search_entry);
      select_shown_body (self);
    }
  if (gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->body_list), "list.scroll-to-item", "u",
                                gtk_single_selection_get_selected (self->selection));

  if (question != NULL && *question != '\0')
    {
      if (!(row = row_for_question (self, question)))
        return FALSE;
    }
  else
    {
      for (guint i = 0; i < self->rows->len && row == NULL; i++)
        if (bansou_question_row_is_carried (g_ptr_array_index (self->rows, i)))
          row = g_ptr_array_index (self->rows, i);
      if (row == NULL && self->rows->len > 0)
        row = g_ptr_array_index (self->rows, 0);
    }

  if (row != NULL)
    focus_question (self, row);
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
  return G_LIST_MODEL (self->selection);
}

gboolean
_bansou_answers_page_select_body (BansouAnswersPage *self,
                                  const char        *code)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (model, i);

      if (g_strcmp0 (bansou_body_get_code (body), code) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          /* As Enter on the list does: the keyboard goes to the answers. */
          body_list_activate_cb (self, i, self->body_list);
          return TRUE;
        }
    }
  return FALSE;
}

BansouQuestionRow *
_bansou_answers_page_get_row (BansouAnswersPage *self,
                              const char        *question)
{
  return row_for_question (self, question);
}

BansouQuestionRow *
_bansou_answers_page_get_focus_row (BansouAnswersPage *self)
{
  return focus_row (self);
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
  return self->unconfirmed_toggle;
}

double
_bansou_answers_page_get_open_time (BansouAnswersPage *self)
{
  return self->open_ms;
}
