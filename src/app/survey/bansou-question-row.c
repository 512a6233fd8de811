/* bansou-question-row.c — one survey question in the answer editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A row shows one answer and asks for changes through signals; the page
 * saves them and hands the stored answer back with
 * bansou_question_row_set_answer(). The row never writes anything itself,
 * so what it shows is always what the database holds.
 *
 * The status buttons and the row's other buttons take no keyboard focus:
 * the row itself does, and the page maps keys (1–4, Enter, C) onto it.
 */
#define G_LOG_DOMAIN "bansou-question-row"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-question-row.h"
#include "bansou-ui-util.h"

/* The four buttons, in the order of the keys 1–4. */
static const BansouStatus button_status[] = {
  BANSOU_STATUS_DONE, BANSOU_STATUS_PARTIAL, BANSOU_STATUS_NOT_DONE, BANSOU_STATUS_NA,
};
#define N_BUTTONS G_N_ELEMENTS (button_status)

struct _BansouQuestionRow
{
  GtkListBoxRow    parent_instance;

  BansouQuestion  *question;          /* owned by the catalog */
  BansouAnswer    *answer;
  GDate           *reference;
  gboolean         read_only;
  gboolean         updating;
  GtkWidget       *buttons[N_BUTTONS];

  /* Template widgets */
  GtkLabel        *text_label;
  GtkBox          *meta_box;
  GtkLabel        *level_label;
  GtkLabel        *measure_label;
  GtkLabel        *previous_label;
  GtkLabel        *prefecture_label;
  GtkLabel        *national_label;
  GtkBox          *note_box;
  GtkLabel        *note_label;
  GtkLabel        *evidence_label;
  GtkStack        *input_stack;
  GtkBox          *status_box;
  GtkEntry        *date_entry;
  GtkLabel        *computed_label;
  GtkLabel        *date_error_label;
  GtkBox          *carried_box;
  GtkButton       *confirm_button;
  GtkMenuButton   *note_button;
  GtkPopover      *note_popover;
  GtkEntry        *note_entry;
  GtkEntry        *evidence_entry;
};

G_DEFINE_FINAL_TYPE (BansouQuestionRow, bansou_question_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  STATUS_CHOSEN,
  DATE_ENTERED,
  CONFIRM_REQUESTED,
  NOTE_ENTERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */

/* The heatmap's colours (bansou-heatmap-render.c); not applicable is
 * white there, a mid grey here so that it shows on a white row. */
static const char *
status_swatch (BansouStatus status)
{
  switch (status)
    {
    case BANSOU_STATUS_DONE:
      return "#a9cfee";
    case BANSOU_STATUS_PARTIAL:
      return "#ee8a2d";
    case BANSOU_STATUS_NOT_DONE:
      return "#a63603";
    case BANSOU_STATUS_NA:
      return "#b0b0b0";
    case BANSOU_STATUS_UNANSWERED:
    case BANSOU_N_STATUSES:
    default:
      return "#8c8c8c";
    }
}

/* Opening another body hands every row a new answer: touch a label only
 * when its text changes, so that unchanged rows are not measured again. */
static void
set_text (GtkLabel   *label,
          const char *text)
{
  if (g_strcmp0 (gtk_label_get_label (label), text) != 0)
    gtk_label_set_label (label, text);
}

static void
set_markup (GtkLabel   *label,
            const char *markup)
{
  if (g_strcmp0 (gtk_label_get_label (label), markup) != 0)
    gtk_label_set_markup (label, markup);
}

static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  g_autofree char *old = gtk_widget_get_tooltip_text (widget) ? g_strdup (gtk_widget_get_tooltip_text (widget)) : NULL;

  if (g_strcmp0 (old, text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

static void
set_status_classes (GtkWidget    *widget,
                    const char   *base,
                    BansouStatus  status)
{
  const char *classes[] = { base, bansou_ui_status_css_class (status), NULL };

  if (!gtk_widget_has_css_class (widget, classes[1]))
    gtk_widget_set_css_classes (widget, classes);
}

/* Checks a typed date the way the survey will, so that the message shows
 * while typing rather than after Enter. Returns the status the date gives,
 * or BANSOU_N_STATUSES with @message set when it is not acceptable. */
static BansouStatus
check_date (BansouQuestionRow  *self,
            const char         *text,
            char              **message)
{
  g_autoptr(GDate) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDate) today = NULL;

  *message = NULL;
  if (text == NULL || *text == '\0')
    return BANSOU_STATUS_UNANSWERED;

  if (!(date = bansou_date_parse_iso (text)))
    {
      *message = g_strdup (_("Use the form YYYY-MM-DD, e.g. 2024-06-30"));
      return BANSOU_N_STATUSES;
    }

  now = g_date_time_new_now_local ();
  today = g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                          g_date_time_get_year (now));
  if (g_date_compare (date, today) > 0)
    {
      *message = g_strdup (_("The date is in the future"));
      return BANSOU_N_STATUSES;
    }
  if (self->reference != NULL && g_date_compare (date, self->reference) > 0)
    {
      *message = g_strdup (_("The date is after the round’s reference date"));
      return BANSOU_N_STATUSES;
    }

  return self->reference ? bansou_question_status_for_date (self->question, self->reference, date)
                         : BANSOU_STATUS_UNANSWERED;
}

static void
show_computed (BansouQuestionRow *self,
               BansouStatus       status)
{
  if (status == BANSOU_STATUS_UNANSWERED || status >= BANSOU_N_STATUSES)
    set_text (self->computed_label, bansou_ui_status_short_label (BANSOU_STATUS_UNANSWERED));
  else
    set_text (self->computed_label, bansou_ui_status_short_label (status));
  set_status_classes (GTK_WIDGET (self->computed_label), "status-pill",
                      status < BANSOU_N_STATUSES ? status : BANSOU_STATUS_UNANSWERED);
}

static void
show_date_error (BansouQuestionRow *self,
                 const char        *message)
{
  set_text (self->date_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->date_error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->date_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->date_entry), "error");
}

static void
update (BansouQuestionRow *self)
{
  const BansouAnswer *a = self->answer;
  BansouStatus status = a ? a->status : BANSOU_STATUS_UNANSWERED;
  gboolean has_note = a && a->note && *a->note;
  gboolean has_evidence = a && a->evidence && *a->evidence;

  self->updating = TRUE;

  for (guint i = 0; i < N_BUTTONS; i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->buttons[i]), button_status[i] == status);

  if (bansou_question_row_is_dated (self))
    {
      const char *text = a && a->done_on ? a->done_on : "";

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->date_entry)), text) != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->date_entry), text);
      show_date_error (self, NULL);
      show_computed (self, status);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->carried_box), a && a->carried);
  if (a && a->carried)
    gtk_widget_add_css_class (GTK_WIDGET (self), "carried");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "carried");
  if (status == BANSOU_STATUS_UNANSWERED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "unanswered");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unanswered");

  gtk_widget_set_visible (GTK_WIDGET (self->note_box), has_note || has_evidence);
  set_text (self->note_label, has_note ? a->note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), has_note);
  set_tooltip (GTK_WIDGET (self->note_label), has_note ? a->note : NULL);
  if (has_evidence)
    {
      /* TRANSLATORS: the reference to a document that shows the answer */
      g_autofree char *text = g_strdup_printf (_("Evidence: %s"), a->evidence);
      set_text (self->evidence_label, text);
      set_tooltip (GTK_WIDGET (self->evidence_label), a->evidence);
    }
  else
    set_text (self->evidence_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->evidence_label), has_evidence);
  if (has_note || has_evidence)
    gtk_widget_add_css_class (GTK_WIDGET (self->note_button), "has-note");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->note_button), "has-note");

  self->updating = FALSE;
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
status_toggled_cb (GtkToggleButton   *button,
                   BansouQuestionRow *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (self->updating)
    return;

  /* What is shown stays what is stored until the page saves and calls
   * bansou_question_row_set_answer(). */
  self->updating = TRUE;
  gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
  self->updating = FALSE;

  if (!self->read_only)
    g_signal_emit (self, signals[STATUS_CHOSEN], 0, (guint) button_status[i]);
}

static void
date_entry_changed_cb (BansouQuestionRow *self,
                       GtkEntry          *entry)
{
  g_autofree char *message = NULL;
  BansouStatus status;

  if (self->updating)
    return;

  status = check_date (self, gtk_editable_get_text (GTK_EDITABLE (entry)), &message);
  show_date_error (self, message);
  show_computed (self, status);
}

static void
date_entry_activate_cb (BansouQuestionRow *self,
                        GtkEntry          *entry)
{
  g_autofree char *message = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  const char *stored = self->answer && self->answer->done_on ? self->answer->done_on : "";

  if (self->read_only || g_strcmp0 (text, stored) == 0)
    {
      /* Enter on an unchanged date hands the keyboard back to the list. */
      gtk_widget_grab_focus (GTK_WIDGET (self));
      return;
    }

  if (check_date (self, text, &message) == BANSOU_N_STATUSES)
    {
      show_date_error (self, message);
      return;
    }

  g_signal_emit (self, signals[DATE_ENTERED], 0, text);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* Leaving the entry with a valid, changed date saves it; an invalid one
 * goes back to what is stored, as nothing was saved. */
static void
date_focus_leave_cb (GtkEventControllerFocus *controller,
                     BansouQuestionRow       *self)
{
  g_autofree char *message = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_entry))));
  const char *stored = self->answer && self->answer->done_on ? self->answer->done_on : "";

  if (self->read_only || g_strcmp0 (text, stored) == 0)
    return;

  if (check_date (self, text, &message) == BANSOU_N_STATUSES)
    {
      update (self);
      return;
    }
  g_signal_emit (self, signals[DATE_ENTERED], 0, text);
}

static void
confirm_clicked_cb (BansouQuestionRow *self,
                    GtkButton         *button)
{
  if (!self->read_only)
    g_signal_emit (self, signals[CONFIRM_REQUESTED], 0);
}

static void
note_popover_show_cb (BansouQuestionRow *self,
                      GtkPopover        *popover)
{
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), self->answer ? self->answer->note : "");
  gtk_editable_set_text (GTK_EDITABLE (self->evidence_entry), self->answer ? self->answer->evidence : "");
  gtk_editable_set_editable (GTK_EDITABLE (self->note_entry), !self->read_only);
  gtk_editable_set_editable (GTK_EDITABLE (self->evidence_entry), !self->read_only);
  gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
  gtk_editable_set_position (GTK_EDITABLE (self->note_entry), -1);
}

static void
note_cancel_cb (BansouQuestionRow *self)
{
  gtk_popover_popdown (self->note_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
note_save_cb (BansouQuestionRow *self)
{
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry))));
  g_autofree char *evidence = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->evidence_entry))));

  gtk_popover_popdown (self->note_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (self->read_only || self->answer == NULL)
    return;
  if (g_strcmp0 (note, self->answer->note) == 0 && g_strcmp0 (evidence, self->answer->evidence) == 0)
    return;

  g_signal_emit (self, signals[NOTE_ENTERED], 0, note, evidence);
}

/* ------------------------------------------------------------------------ */

static void
bansou_question_row_finalize (GObject *object)
{
  BansouQuestionRow *self = (BansouQuestionRow *)object;

  g_clear_pointer (&self->answer, bansou_answer_free);
  g_clear_pointer (&self->reference, g_date_free);

  G_OBJECT_CLASS (bansou_question_row_parent_class)->finalize (object);
}

static void
bansou_question_row_class_init (BansouQuestionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bansou_question_row_finalize;

  /**
   * BansouQuestionRow::status-chosen:
   * @status: the #BansouStatus clicked
   */
  signals[STATUS_CHOSEN] =
    g_signal_new ("status-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * BansouQuestionRow::date-entered:
   * @date: "YYYY-MM-DD", or "" to remove the date; already checked
   */
  signals[DATE_ENTERED] =
    g_signal_new ("date-entered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CONFIRM_REQUESTED] =
    g_signal_new ("confirm-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BansouQuestionRow::note-entered:
   * @note: the new note
   * @evidence: the new evidence reference
   */
  signals[NOTE_ENTERED] =
    g_signal_new ("note-entered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-question-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, meta_box);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, level_label);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, measure_label);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, previous_label);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, prefecture_label);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, national_label);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, note_box);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, note_label);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, evidence_label);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, input_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, status_box);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, date_entry);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, computed_label);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, date_error_label);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, carried_box);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, note_button);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, note_popover);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, note_entry);
  gtk_widget_class_bind_template_child (widget_class, BansouQuestionRow, evidence_entry);
  gtk_widget_class_bind_template_callback (widget_class, date_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_save_cb);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
}

static void
bansou_question_row_init (BansouQuestionRow *self)
{
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_BUTTONS; i++)
    {
      /* TRANSLATORS: a tooltip: an answer and the key that sets it, e.g. “Implemented (1)” */
      g_autofree char *tooltip = g_strdup_printf (_("%s (%u)"), bansou_status_get_label (button_status[i]), i + 1);
      GtkWidget *button = gtk_toggle_button_new_with_label (bansou_ui_status_short_label (button_status[i]));

      gtk_widget_set_focusable (button, FALSE);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_widget_add_css_class (button, bansou_ui_status_css_class (button_status[i]));
      g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (i));
      g_signal_connect (button, "toggled", G_CALLBACK (status_toggled_cb), self);
      gtk_box_append (self->status_box, button);
      self->buttons[i] = button;
    }

  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (date_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->date_entry), focus);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_question_row_new:
 * @question: the question, owned by a catalog that outlives the row
 * @number: a short reference shown before the text ("5.3")
 */
GtkWidget *
bansou_question_row_new (BansouQuestion *question,
                         const char     *number)
{
  BansouQuestionRow *self;
  g_autofree char *national = NULL;
  gboolean dated;

  g_return_val_if_fail (question != NULL, NULL);

  self = g_object_new (BANSOU_TYPE_QUESTION_ROW, NULL);
  self->question = question;
  dated = question->answer_kind == BANSOU_ANSWER_KIND_STATUS_DATE;

  {
    g_autofree char *text = g_markup_escape_text (bansou_question_get_label (question), -1);
    g_autofree char *markup = g_strdup_printf ("<span alpha=\"55%%\" font_features=\"tnum=1\">%s</span>  %s",
                                               number, text);
    gtk_label_set_markup (self->text_label, markup);
  }
  gtk_label_set_label (self->measure_label, bansou_measure_get_label (question->measure));
  if (question->note_ja != NULL && bansou_prefers_japanese ())
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->text_label), question->note_ja);

  if (question->measure->legal)
    {
      gtk_label_set_label (self->level_label, _("Legal"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->level_label),
                                   _("A detailed measure the law requires (地方自治法 第244条の5)"));
      gtk_widget_add_css_class (GTK_WIDGET (self->level_label), "legal");
    }
  else
    {
      gtk_label_set_label (self->level_label, _("Guideline"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->level_label),
                                   _("A point the national guidelines recommend"));
      gtk_widget_add_css_class (GTK_WIDGET (self->level_label), "guideline");
    }

  if (question->baseline >= 0)
    {
      g_autofree char *value = bansou_ui_format_baseline (question->baseline);
      /* TRANSLATORS: the national implementation rate, e.g. “National 95.8%” */
      national = g_strdup_printf (_("National %s"), value);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->national_label),
                                   _("The national implementation rate in the survey the catalog cites"));
    }
  gtk_label_set_label (self->national_label, national ? national : "");

  gtk_stack_set_visible_child_name (self->input_stack, dated ? "date" : "status");
  if (dated)
    {
      /* TRANSLATORS: %d is a number of years */
      g_autofree char *hint = g_strdup_printf (ngettext ("Implemented when done within the past year",
                                                         "Implemented when done within the past %d years",
                                                         question->within_years),
                                               question->within_years);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->computed_label), hint);
    }

  gtk_label_set_label (self->previous_label, "");
  gtk_label_set_label (self->prefecture_label, "");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, bansou_question_get_label (question),
                                  -1);
  update (self);

  return GTK_WIDGET (self);
}

BansouQuestion *
bansou_question_row_get_question (BansouQuestionRow *self)
{
  g_return_val_if_fail (BANSOU_IS_QUESTION_ROW (self), NULL);
  return self->question;
}

/**
 * bansou_question_row_get_answer:
 *
 * Returns: (transfer none) (nullable): the answer shown
 */
const BansouAnswer *
bansou_question_row_get_answer (BansouQuestionRow *self)
{
  g_return_val_if_fail (BANSOU_IS_QUESTION_ROW (self), NULL);
  return self->answer;
}

/**
 * bansou_question_row_set_answer:
 * @answer: (nullable): the stored answer, copied
 */
void
bansou_question_row_set_answer (BansouQuestionRow  *self,
                                const BansouAnswer *answer)
{
  g_return_if_fail (BANSOU_IS_QUESTION_ROW (self));

  g_clear_pointer (&self->answer, bansou_answer_free);
  if (answer != NULL)
    self->answer = bansou_answer_copy (answer);
  update (self);
}

/**
 * bansou_question_row_set_previous:
 * @previous: (nullable): the answer in the previous round, or %NULL when
 *   there is no previous round
 */
void
bansou_question_row_set_previous (BansouQuestionRow  *self,
                                  const BansouAnswer *previous)
{
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *markup = NULL;

  g_return_if_fail (BANSOU_IS_QUESTION_ROW (self));

  if (previous == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->previous_label), FALSE);
      return;
    }

  if (previous->done_on != NULL && bansou_question_row_is_dated (self))
    /* TRANSLATORS: the previous round's answer and its date */
    text = g_strdup_printf (_("Previous: %s (%s)"), bansou_ui_status_short_label (previous->status), previous->done_on);
  else
    /* TRANSLATORS: the previous round's answer, e.g. “Previous: Implemented” */
    text = g_strdup_printf (_("Previous: %s"), bansou_ui_status_short_label (previous->status));

  /* A square in the status's colour (as on the heatmap) before the words. */
  escaped = g_markup_escape_text (text, -1);
  markup = g_strdup_printf ("<span foreground=\"%s\">%s</span> %s", status_swatch (previous->status),
                            previous->status == BANSOU_STATUS_UNANSWERED ? "□" : "■", escaped);
  set_markup (self->previous_label, markup);
  gtk_widget_set_visible (GTK_WIDGET (self->previous_label), TRUE);
}

/**
 * bansou_question_row_set_prefecture_rate:
 * @rate: the prefecture's implementation rate on the question (0–1), or
 *   %BANSOU_NO_SCORE
 * @counted: the answers it counts
 * @national: the desk serves the whole nation: the rate is over every body
 */
void
bansou_question_row_set_prefecture_rate (BansouQuestionRow *self,
                                         double             rate,
                                         guint              counted,
                                         gboolean           national)
{
  g_autofree char *value = bansou_ui_format_percent (rate);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  g_return_if_fail (BANSOU_IS_QUESTION_ROW (self));

  if (national)
    {
      /* TRANSLATORS: the implementation rate among every body of a national desk, e.g. “All bodies 72%” */
      text = g_strdup_printf (_("All bodies %s"), value);
      tooltip = g_strdup_printf (ngettext ("Implemented among %u counted answer nationwide this round",
                                           "Implemented among %u counted answers nationwide this round",
                                           counted), counted);
    }
  else
    {
      /* TRANSLATORS: the implementation rate among the bodies of the prefecture, e.g. “Prefecture 72%” */
      text = g_strdup_printf (_("Prefecture %s"), value);
      tooltip = g_strdup_printf (ngettext ("Implemented among %u counted answer in the prefecture this round",
                                           "Implemented among %u counted answers in the prefecture this round",
                                           counted), counted);
    }
  set_text (self->prefecture_label, text);
  set_tooltip (GTK_WIDGET (self->prefecture_label), tooltip);
}

/**
 * bansou_question_row_set_reference_date:
 * @reference: (nullable): the round's reference date, copied: dated
 *   answers are counted back from it
 */
void
bansou_question_row_set_reference_date (BansouQuestionRow *self,
                                        GDate             *reference)
{
  g_return_if_fail (BANSOU_IS_QUESTION_ROW (self));

  g_clear_pointer (&self->reference, g_date_free);
  if (reference != NULL)
    self->reference = g_date_copy (reference);
}

/**
 * bansou_question_row_set_read_only:
 *
 * A body whose answers are final shows them without offering changes.
 */
void
bansou_question_row_set_read_only (BansouQuestionRow *self,
                                   gboolean           read_only)
{
  g_return_if_fail (BANSOU_IS_QUESTION_ROW (self));

  read_only = !!read_only;
  if (self->read_only == read_only)
    return;

  self->read_only = read_only;
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_box), !read_only);
  gtk_editable_set_editable (GTK_EDITABLE (self->date_entry), !read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_button), !read_only);
}

gboolean
bansou_question_row_is_dated (BansouQuestionRow *self)
{
  g_return_val_if_fail (BANSOU_IS_QUESTION_ROW (self), FALSE);
  return self->question->answer_kind == BANSOU_ANSWER_KIND_STATUS_DATE;
}

gboolean
bansou_question_row_is_carried (BansouQuestionRow *self)
{
  g_return_val_if_fail (BANSOU_IS_QUESTION_ROW (self), FALSE);
  return self->answer != NULL && self->answer->carried;
}

/**
 * bansou_question_row_edit_note:
 *
 * Opens the note and evidence editor, with the keyboard in the note.
 */
void
bansou_question_row_edit_note (BansouQuestionRow *self)
{
  g_return_if_fail (BANSOU_IS_QUESTION_ROW (self));
  gtk_menu_button_popup (self->note_button);
}

void
bansou_question_row_focus_date (BansouQuestionRow *self)
{
  g_return_if_fail (BANSOU_IS_QUESTION_ROW (self));

  if (bansou_question_row_is_dated (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->date_entry));
}
