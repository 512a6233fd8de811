/* bansou-question-list.c — the catalog's questions for one body, by category
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The question rows are built once, the first time a body is opened (the
 * catalog does not change while the window lives), and opening another
 * body only hands each row its answer: no widget creation, well under the
 * 50 ms the editor is allowed. The first question of each category carries
 * the category's heading with the body's and the prefecture's scores.
 *
 * The list saves nothing: it passes on what its rows ask for
 * (::status-chosen, ::date-entered, ::confirm-requested, ::note-entered)
 * and the keys pressed on it (::key-pressed) to the page.
 */
#define G_LOG_DOMAIN "bansou-question-list"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-question-list.h"
#include "bansou-ui-util.h"

typedef struct
{
  GtkWidget   *box;
  GtkLabel    *body_score;
  GtkLevelBar *bar;
  GtkLabel    *prefecture_score;
} CategoryHeader;

struct _BansouQuestionList
{
  AdwBin             parent_instance;

  BansouCatalog     *catalog;
  GDate             *reference;
  GPtrArray         *rows;          /* BansouQuestionRow in catalog order; NULL until built */
  CategoryHeader    *headers;
  guint              n_headers;
  guint              build_source;
  guint              scroll_tick;
  GtkWidget         *scroll_target;

  GtkScrolledWindow *scroller;
  GtkListBox        *list;
};

G_DEFINE_FINAL_TYPE (BansouQuestionList, bansou_question_list, ADW_TYPE_BIN)

enum {
  STATUS_CHOSEN,
  DATE_ENTERED,
  CONFIRM_REQUESTED,
  NOTE_ENTERED,
  KEY_PRESSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */
/* Scrolling a row into view                                                */

/* Brings @target into view. Returns %FALSE while the list has not been
 * laid out yet (right after a body opens). */
static gboolean
scroll_now (BansouQuestionList *self,
            GtkWidget          *target)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkWidget *header;
  graphene_rect_t bounds;
  double top, bottom, value, page;

  if (!gtk_widget_compute_bounds (target, GTK_WIDGET (self->list), &bounds) ||
      bounds.size.height <= 0 || gtk_adjustment_get_page_size (adj) <= 0)
    return FALSE;

  top = bounds.origin.y;
  bottom = top + bounds.size.height;
  /* Show the category heading with the first question of a category. */
  if ((header = gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (target))) &&
      gtk_widget_compute_bounds (header, GTK_WIDGET (self->list), &bounds))
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
  BansouQuestionList *self = user_data;

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
scroll_to_row (BansouQuestionList *self,
               BansouQuestionRow  *row)
{
  scroll_now (self, GTK_WIDGET (row));
  self->scroll_target = GTK_WIDGET (row);
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->scroller), scroll_tick_cb, self, NULL);
}

/* ------------------------------------------------------------------------ */
/* Row signals, passed on                                                   */

static void
row_status_chosen_cb (BansouQuestionRow  *row,
                      guint               status,
                      BansouQuestionList *self)
{
  g_signal_emit (self, signals[STATUS_CHOSEN], 0, row, status);
}

static void
row_date_entered_cb (BansouQuestionRow  *row,
                     const char         *date,
                     BansouQuestionList *self)
{
  g_signal_emit (self, signals[DATE_ENTERED], 0, row, date);
}

static void
row_confirm_requested_cb (BansouQuestionRow  *row,
                          BansouQuestionList *self)
{
  g_signal_emit (self, signals[CONFIRM_REQUESTED], 0, row);
}

static void
row_note_entered_cb (BansouQuestionRow  *row,
                     const char         *note,
                     const char         *evidence,
                     BansouQuestionList *self)
{
  g_signal_emit (self, signals[NOTE_ENTERED], 0, row, note, evidence);
}

static void
row_activated_cb (BansouQuestionList *self,
                  GtkListBoxRow      *row,
                  GtkListBox         *list)
{
  if (BANSOU_IS_QUESTION_ROW (row))
    bansou_question_row_edit_note (BANSOU_QUESTION_ROW (row));
}

/* Capture phase on the list, so that keys reach the page before the list
 * box moves its cursor or a button takes Enter. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                BansouQuestionList    *self)
{
  gboolean handled = FALSE;

  g_signal_emit (self, signals[KEY_PRESSED], 0, keyval, state, &handled);
  return handled;
}

/* ------------------------------------------------------------------------ */
/* Building the rows                                                        */

static GtkWidget *
create_category_header (BansouCategory *category,
                        CategoryHeader *header)
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

  /* Kept for the list's lifetime: the list box drops a header it unsets. */
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
  BansouQuestionList *self = user_data;
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
build_rows (BansouQuestionList *self,
            guint               max)
{
  BansouCatalog *cat = self->catalog;
  guint n_questions = bansou_catalog_get_n_questions (cat);

  if (self->rows == NULL)
    {
      self->n_headers = bansou_catalog_get_n_categories (cat);
      self->headers = g_new0 (CategoryHeader, self->n_headers);
      self->rows = g_ptr_array_new ();
      gtk_list_box_set_header_func (self->list, header_func, self, NULL);
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
        create_category_header (q->category, &self->headers[q->category->index]);

      row = bansou_question_row_new (q, number);
      g_object_set_data_full (G_OBJECT (row), "number", g_steal_pointer (&number), g_free);
      g_signal_connect (row, "status-chosen", G_CALLBACK (row_status_chosen_cb), self);
      g_signal_connect (row, "date-entered", G_CALLBACK (row_date_entered_cb), self);
      g_signal_connect (row, "confirm-requested", G_CALLBACK (row_confirm_requested_cb), self);
      g_signal_connect (row, "note-entered", G_CALLBACK (row_note_entered_cb), self);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      bansou_question_row_set_reference_date (BANSOU_QUESTION_ROW (row), self->reference);
      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->rows, row);
    }

  return self->rows->len == n_questions;
}

/* Building the 58 rows takes a few hundred milliseconds here: do it a few
 * rows at a time while the user looks at another page, so that the first
 * body opens as fast as the others. */
static gboolean
build_rows_idle_cb (gpointer user_data)
{
  BansouQuestionList *self = user_data;

  if (!build_rows (self, 4))
    return G_SOURCE_CONTINUE;
  self->build_source = 0;
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------------ */

static void
bansou_question_list_dispose (GObject *object)
{
  BansouQuestionList *self = (BansouQuestionList *)object;

  g_clear_handle_id (&self->build_source, g_source_remove);
  if (self->scroll_tick != 0 && self->scroller != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->scroller), self->scroll_tick);
  self->scroll_tick = 0;
  self->scroll_target = NULL;

  G_OBJECT_CLASS (bansou_question_list_parent_class)->dispose (object);
}

static void
bansou_question_list_finalize (GObject *object)
{
  BansouQuestionList *self = (BansouQuestionList *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  for (guint c = 0; self->headers != NULL && c < self->n_headers; c++)
    g_clear_object (&self->headers[c].box);
  g_clear_pointer (&self->headers, g_free);
  g_clear_pointer (&self->reference, g_date_free);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (bansou_question_list_parent_class)->finalize (object);
}

static void
bansou_question_list_class_init (BansouQuestionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bansou_question_list_dispose;
  object_class->finalize = bansou_question_list_finalize;

  /**
   * BansouQuestionList::status-chosen:
   * @row: the question's row
   * @status: the #BansouStatus clicked
   */
  signals[STATUS_CHOSEN] =
    g_signal_new ("status-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, BANSOU_TYPE_QUESTION_ROW, G_TYPE_UINT);

  /**
   * BansouQuestionList::date-entered:
   * @row: the question's row
   * @date: "YYYY-MM-DD", or "" for none
   */
  signals[DATE_ENTERED] =
    g_signal_new ("date-entered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, BANSOU_TYPE_QUESTION_ROW,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * BansouQuestionList::confirm-requested:
   * @row: the question's row, holding a carried answer
   */
  signals[CONFIRM_REQUESTED] =
    g_signal_new ("confirm-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, BANSOU_TYPE_QUESTION_ROW);

  /**
   * BansouQuestionList::note-entered:
   * @row: the question's row
   * @note: the note
   * @evidence: the evidence reference
   */
  signals[NOTE_ENTERED] =
    g_signal_new ("note-entered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, BANSOU_TYPE_QUESTION_ROW,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * BansouQuestionList::key-pressed:
   * @keyval: the key
   * @state: the modifiers
   *
   * A key pressed anywhere in the list, before the list handles it.
   *
   * Returns: %TRUE if the key was handled
   */
  signals[KEY_PRESSED] =
    g_signal_new ("key-pressed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 2,
                  G_TYPE_UINT, GDK_TYPE_MODIFIER_TYPE);
}

static void
bansou_question_list_init (BansouQuestionList *self)
{
  GtkEventController *controller;

  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->scroller), TRUE);
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (self->list, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Survey questions"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "question-list");
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->list));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->scroller));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list), controller);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

GtkWidget *
bansou_question_list_new (void)
{
  return g_object_new (BANSOU_TYPE_QUESTION_LIST, NULL);
}

/**
 * bansou_question_list_set_catalog:
 *
 * The catalog the rows are built from: set once, before any row is built.
 */
void
bansou_question_list_set_catalog (BansouQuestionList *self,
                                  BansouCatalog      *catalog)
{
  g_return_if_fail (BANSOU_IS_QUESTION_LIST (self));
  g_return_if_fail (BANSOU_IS_CATALOG (catalog));
  g_return_if_fail (self->rows == NULL);

  g_set_object (&self->catalog, catalog);
}

/**
 * bansou_question_list_build_in_idle:
 *
 * Builds the rows a few at a time at low priority.
 */
void
bansou_question_list_build_in_idle (BansouQuestionList *self)
{
  g_return_if_fail (BANSOU_IS_QUESTION_LIST (self));
  g_return_if_fail (self->catalog != NULL);

  if (self->build_source == 0)
    self->build_source = g_idle_add_full (G_PRIORITY_LOW, build_rows_idle_cb, self, NULL);
}

/* Builds whatever rows the idle has not built yet. */
void
bansou_question_list_ensure_rows (BansouQuestionList *self)
{
  g_return_if_fail (BANSOU_IS_QUESTION_LIST (self));
  g_return_if_fail (self->catalog != NULL);

  g_clear_handle_id (&self->build_source, g_source_remove);
  build_rows (self, G_MAXUINT);
}

/* Whether the rows exist (built, or being built): before that, there is
 * no body to show. */
gboolean
bansou_question_list_has_rows (BansouQuestionList *self)
{
  g_return_val_if_fail (BANSOU_IS_QUESTION_LIST (self), FALSE);
  return self->rows != NULL;
}

guint
bansou_question_list_get_n_rows (BansouQuestionList *self)
{
  g_return_val_if_fail (BANSOU_IS_QUESTION_LIST (self), 0);
  return self->rows ? self->rows->len : 0;
}

/**
 * bansou_question_list_get_row:
 *
 * Returns: (transfer none) (nullable): the row of the question at @index
 */
BansouQuestionRow *
bansou_question_list_get_row (BansouQuestionList *self,
                              guint               index)
{
  g_return_val_if_fail (BANSOU_IS_QUESTION_LIST (self), NULL);

  if (self->rows == NULL || index >= self->rows->len)
    return NULL;
  return g_ptr_array_index (self->rows, index);
}

/**
 * bansou_question_list_lookup:
 *
 * Returns: (transfer none) (nullable): the row of question @question
 */
BansouQuestionRow *
bansou_question_list_lookup (BansouQuestionList *self,
                             const char         *question)
{
  BansouQuestion *q;

  g_return_val_if_fail (BANSOU_IS_QUESTION_LIST (self), NULL);

  if (self->rows == NULL || question == NULL ||
      !(q = bansou_catalog_lookup_question (self->catalog, question)) ||
      q->index >= self->rows->len)
    return NULL;
  return g_ptr_array_index (self->rows, q->index);
}

/**
 * bansou_question_list_get_focus_row:
 *
 * Returns: (transfer none) (nullable): the row holding the keyboard focus
 */
BansouQuestionRow *
bansou_question_list_get_focus_row (BansouQuestionList *self)
{
  GtkRoot *root;
  GtkWidget *focus;
  GtkWidget *row;

  g_return_val_if_fail (BANSOU_IS_QUESTION_LIST (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list)))
    return NULL;
  row = BANSOU_IS_QUESTION_ROW (focus) ? focus : gtk_widget_get_ancestor (focus, BANSOU_TYPE_QUESTION_ROW);
  return row ? BANSOU_QUESTION_ROW (row) : NULL;
}

/**
 * bansou_question_list_find_carried:
 * @start: the index to look from, wrapping around
 *
 * Returns: (transfer none) (nullable): the first row from @start holding a
 *   carried answer nobody has confirmed
 */
BansouQuestionRow *
bansou_question_list_find_carried (BansouQuestionList *self,
                                   guint               start)
{
  guint n;

  g_return_val_if_fail (BANSOU_IS_QUESTION_LIST (self), NULL);

  n = self->rows ? self->rows->len : 0;
  for (guint k = 0; k < n; k++)
    {
      BansouQuestionRow *row = g_ptr_array_index (self->rows, (start + k) % n);

      if (bansou_question_row_is_carried (row))
        return row;
    }
  return NULL;
}

/**
 * bansou_question_list_get_number:
 *
 * Returns: the question's number in the list, "5.3"
 */
const char *
bansou_question_list_get_number (BansouQuestionRow *row)
{
  g_return_val_if_fail (BANSOU_IS_QUESTION_ROW (row), NULL);
  return g_object_get_data (G_OBJECT (row), "number");
}

/**
 * bansou_question_list_set_answers:
 * @answers: (element-type BansouAnswer): one per question, in catalog order
 * @previous: (nullable) (element-type BansouAnswer): the previous round's
 *
 * Hands each row its answer.
 */
void
bansou_question_list_set_answers (BansouQuestionList *self,
                                  GPtrArray          *answers,
                                  GPtrArray          *previous)
{
  g_return_if_fail (BANSOU_IS_QUESTION_LIST (self));
  g_return_if_fail (answers != NULL);

  for (guint i = 0; self->rows != NULL && i < self->rows->len && i < answers->len; i++)
    {
      BansouQuestionRow *row = g_ptr_array_index (self->rows, i);

      bansou_question_row_set_answer (row, g_ptr_array_index (answers, i));
      bansou_question_row_set_previous (row, previous && i < previous->len ? g_ptr_array_index (previous, i) : NULL);
    }
}

/**
 * bansou_question_list_set_reference_date:
 * @reference: (nullable): the round's reference date; %NULL (no round)
 *   leaves the rows as they are
 */
void
bansou_question_list_set_reference_date (BansouQuestionList *self,
                                         GDate              *reference)
{
  g_return_if_fail (BANSOU_IS_QUESTION_LIST (self));

  g_clear_pointer (&self->reference, g_date_free);
  if (reference == NULL)
    return;
  self->reference = g_date_copy (reference);
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    bansou_question_row_set_reference_date (g_ptr_array_index (self->rows, i), self->reference);
}

void
bansou_question_list_set_read_only (BansouQuestionList *self,
                                    gboolean            read_only)
{
  g_return_if_fail (BANSOU_IS_QUESTION_LIST (self));

  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    bansou_question_row_set_read_only (g_ptr_array_index (self->rows, i), read_only);
}

/**
 * bansou_question_list_update_scores:
 * @scores: (nullable): the round's scores in the scope
 * @body_row: the body's row in @scores' matrix, or -1
 * @national: whether the scope is the nation
 *
 * Shows the scope's rate per question and, in the category headings, the
 * body's and the scope's scores.
 */
void
bansou_question_list_update_scores (BansouQuestionList *self,
                                    BansouScoreTable   *scores,
                                    int                 body_row,
                                    gboolean            national)
{
  g_return_if_fail (BANSOU_IS_QUESTION_LIST (self));

  if (self->rows == NULL || scores == NULL)
    return;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const BansouScore *counts = bansou_score_table_get_question_counts (scores, i);

      bansou_question_row_set_prefecture_rate (g_ptr_array_index (self->rows, i),
                                               bansou_score_table_get_question_rate (scores, i),
                                               counts ? counts->counted : 0, national);
    }

  for (guint c = 0; c < self->n_headers; c++)
    {
      CategoryHeader *header = &self->headers[c];
      double body = body_row >= 0 ? bansou_score_table_get_body_category (scores, body_row, c) : BANSOU_NO_SCORE;
      double prefecture = bansou_score_table_get_category_score (scores, c);
      g_autofree char *body_value = bansou_ui_format_percent (body);
      /* TRANSLATORS: the score of the body being edited in one category, e.g. “This body 72%” */
      g_autofree char *body_text = g_strdup_printf (_("This body %s"), body_value);
      g_autofree char *prefecture_value = bansou_ui_format_percent (prefecture);
      /* TRANSLATORS: the mean score of the prefecture's bodies, e.g. “Prefecture 68%”; for a
       * national desk, of every body */
      g_autofree char *prefecture_text = g_strdup_printf (national ? _("All bodies %s") : _("Prefecture %s"),
                                                          prefecture_value);

      if (header->box == NULL)
        continue;
      gtk_label_set_label (header->body_score, body_text);
      gtk_level_bar_set_value (header->bar, MAX (body, 0));
      gtk_label_set_label (header->prefecture_score, prefecture_text);
    }
}

/* Puts the keyboard on @row and scrolls it into view. */
void
bansou_question_list_focus_row (BansouQuestionList *self,
                                BansouQuestionRow  *row)
{
  g_return_if_fail (BANSOU_IS_QUESTION_LIST (self));
  g_return_if_fail (BANSOU_IS_QUESTION_ROW (row));

  gtk_widget_grab_focus (GTK_WIDGET (row));
  scroll_to_row (self, row);
}

/* Moves the keyboard @delta questions from @row, stopping at the ends. */
void
bansou_question_list_move_focus (BansouQuestionList *self,
                                 BansouQuestionRow  *row,
                                 int                 delta)
{
  int i;

  g_return_if_fail (BANSOU_IS_QUESTION_LIST (self));
  g_return_if_fail (BANSOU_IS_QUESTION_ROW (row));

  i = (int) bansou_question_row_get_question (row)->index + delta;
  if (self->rows == NULL || i < 0 || i >= (int) self->rows->len)
    return;
  bansou_question_list_focus_row (self, g_ptr_array_index (self->rows, i));
}

/* Scrolls @row into view at once, if the list is laid out: a popover
 * needs its row on screen to point at. */
void
bansou_question_list_scroll_now (BansouQuestionList *self,
                                 BansouQuestionRow  *row)
{
  g_return_if_fail (BANSOU_IS_QUESTION_LIST (self));
  g_return_if_fail (BANSOU_IS_QUESTION_ROW (row));

  scroll_now (self, GTK_WIDGET (row));
}

void
bansou_question_list_scroll_to_top (BansouQuestionList *self)
{
  g_return_if_fail (BANSOU_IS_QUESTION_LIST (self));

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}
