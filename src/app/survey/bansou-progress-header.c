/* bansou-progress-header.c — a body's name, progress, assignee and due date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Above the answers: the body's name and a line of figures, its progress
 * with only the steps bansou_progress_can_change() allows, who holds it
 * and by when. The header changes nothing itself: it asks the page with
 * ::change-requested, and shows what the page hands it back. Reopening a
 * final body asks for the reason first.
 *
 * The buttons for the carried answers use the page's actions
 * answers.next-unconfirmed and answers.confirm-all.
 */
#define G_LOG_DOMAIN "bansou-progress-header"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-progress-header.h"
#include "bansou-survey-ui.h"
#include "bansou-ui-util.h"

struct _BansouProgressHeader
{
  AdwBin              parent_instance;

  char               *body_code;
  char               *body_name;
  BansouProgressInfo *info;        /* nullable */
  gboolean            updating;

  /* Template widgets */
  GtkLabel           *body_title;
  GtkLabel           *body_subtitle;
  GtkLabel           *state_label;
  GtkButton          *back_button;
  GtkButton          *forward_button;
  GtkEntry           *assignee_entry;
  GtkMenuButton      *due_button;
  GtkPopover         *due_popover;
  GtkCalendar        *due_calendar;
  GtkLabel           *final_label;
  GtkButton          *next_button;
  GtkButton          *confirm_all_button;
};

G_DEFINE_FINAL_TYPE (BansouProgressHeader, bansou_progress_header, ADW_TYPE_BIN)

enum {
  CHANGE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

static BansouProgress
current_state (BansouProgressHeader *self)
{
  return self->info ? self->info->state : BANSOU_PROGRESS_NOT_STARTED;
}

static void
request (BansouProgressHeader *self,
         BansouProgress        state,
         const char           *reason,
         const char           *assignee,
         const char           *due)
{
  if (self->body_code == NULL)
    return;
  g_signal_emit (self, signals[CHANGE_REQUESTED], 0, (guint) state, reason, assignee, due);
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
update (BansouProgressHeader *self)
{
  BansouProgressInfo *info = self->info;
  BansouProgress state = current_state (self);
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
  if (bansou_progress_is_overdue (state, due, NULL))
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

  self->updating = FALSE;
}

/* ------------------------------------------------------------------------ */
/* Reopening                                                                */

static void
reopen_response_cb (AdwMessageDialog     *dialog,
                    const char           *response,
                    BansouProgressHeader *self)
{
  g_autofree char *reason = bansou_survey_ui_reopen_dialog_dup_reason (dialog);
  const char *body = g_object_get_data (G_OBJECT (dialog), "body");

  if (g_strcmp0 (response, "reopen") != 0 || *reason == '\0' || g_strcmp0 (body, self->body_code) != 0)
    return;
  request (self, BANSOU_PROGRESS_ANSWERING, reason, NULL, NULL);
}

static void
ask_reopen (BansouProgressHeader *self)
{
  g_autofree char *text = NULL;
  AdwMessageDialog *dialog;

  if (self->body_code == NULL)
    return;

  text = g_strdup_printf (_("The answers of %s become editable again. Say why: the reason is kept in the "
                            "change history."), self->body_name);
  dialog = bansou_survey_ui_reopen_dialog_new (GTK_WIDGET (self), text);
  g_object_set_data_full (G_OBJECT (dialog), "body", g_strdup (self->body_code), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reopen_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (adw_message_dialog_get_extra_child (dialog));
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
state_button_clicked_cb (BansouProgressHeader *self,
                         GtkButton            *button)
{
  BansouProgress target = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "target"));
  BansouProgress state = current_state (self);

  if (!bansou_progress_can_change (state, target))
    return;
  if (state == BANSOU_PROGRESS_FINAL)
    ask_reopen (self);
  else
    request (self, target, NULL, NULL, NULL);
}

static void
commit_assignee (BansouProgressHeader *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->assignee_entry))));

  if (self->updating || self->body_code == NULL)
    return;
  if (g_strcmp0 (text, self->info && self->info->assignee ? self->info->assignee : "") == 0)
    return;
  request (self, BANSOU_N_PROGRESS, NULL, text, NULL);
}

static void
assignee_activate_cb (BansouProgressHeader *self)
{
  commit_assignee (self);
}

static void
assignee_focus_leave_cb (GtkEventControllerFocus *controller,
                         BansouProgressHeader    *self)
{
  commit_assignee (self);
}

static void
due_popover_show_cb (BansouProgressHeader *self)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDate) due = self->info && self->info->due ? bansou_date_parse_iso (self->info->due) : NULL;

  if (due != NULL)
    day = g_date_time_new_local (g_date_get_year (due), g_date_get_month (due), g_date_get_day (due), 0, 0, 0);
  else
    day = g_date_time_new_now_local ();

  self->updating = TRUE;
  gtk_calendar_select_day (self->due_calendar, day);
  self->updating = FALSE;
}

static void
due_day_selected_cb (BansouProgressHeader *self,
                     GtkCalendar          *calendar)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *iso = NULL;

  if (self->updating)
    return;
  day = gtk_calendar_get_date (calendar);
  iso = g_date_time_format (day, "%Y-%m-%d");
  gtk_popover_popdown (self->due_popover);
  request (self, BANSOU_N_PROGRESS, NULL, NULL, iso);
}

static void
due_clear_cb (BansouProgressHeader *self)
{
  gtk_popover_popdown (self->due_popover);
  request (self, BANSOU_N_PROGRESS, NULL, NULL, "");
}

/* ------------------------------------------------------------------------ */

static void
bansou_progress_header_finalize (GObject *object)
{
  BansouProgressHeader *self = (BansouProgressHeader *)object;

  g_clear_pointer (&self->body_code, g_free);
  g_clear_pointer (&self->body_name, g_free);
  g_clear_pointer (&self->info, bansou_progress_info_free);

  G_OBJECT_CLASS (bansou_progress_header_parent_class)->finalize (object);
}

static void
bansou_progress_header_class_init (BansouProgressHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bansou_progress_header_finalize;

  /**
   * BansouProgressHeader::change-requested:
   * @state: the new #BansouProgress, or %BANSOU_N_PROGRESS to keep it
   * @reason: (nullable): why, when reopening a final body
   * @assignee: (nullable): the new assignee, "" for nobody, %NULL to keep
   * @due: (nullable): "YYYY-MM-DD", "" for none, %NULL to keep
   *
   * The user asked to change the body's progress: the arguments are those
   * of bansou_survey_update_progress(). The page saves it and hands the
   * header the progress stored (bansou_progress_header_set_progress()),
   * also when saving fails.
   */
  signals[CHANGE_REQUESTED] =
    g_signal_new ("change-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_UINT,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-progress-header.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouProgressHeader, body_title);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressHeader, body_subtitle);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressHeader, state_label);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressHeader, back_button);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressHeader, forward_button);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressHeader, assignee_entry);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressHeader, due_button);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressHeader, due_popover);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressHeader, due_calendar);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressHeader, final_label);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressHeader, next_button);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressHeader, confirm_all_button);
  gtk_widget_class_bind_template_callback (widget_class, state_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, assignee_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, due_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, due_clear_cb);
}

static void
bansou_progress_header_init (BansouProgressHeader *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (assignee_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->assignee_entry), controller);

  g_signal_connect_object (self->due_popover, "show", G_CALLBACK (due_popover_show_cb), self, G_CONNECT_SWAPPED);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

GtkWidget *
bansou_progress_header_new (void)
{
  return g_object_new (BANSOU_TYPE_PROGRESS_HEADER, NULL);
}

/**
 * bansou_progress_header_set_body:
 *
 * Shows @body's name; its progress follows with
 * bansou_progress_header_set_progress().
 */
void
bansou_progress_header_set_body (BansouProgressHeader *self,
                                 BansouBody           *body)
{
  g_return_if_fail (BANSOU_IS_PROGRESS_HEADER (self));
  g_return_if_fail (BANSOU_IS_BODY (body));

  g_free (self->body_code);
  self->body_code = g_strdup (bansou_body_get_code (body));
  g_free (self->body_name);
  self->body_name = g_strdup (bansou_body_get_name (body));
  gtk_label_set_label (self->body_title, self->body_name);
}

void
bansou_progress_header_set_subtitle (BansouProgressHeader *self,
                                     const char           *subtitle)
{
  g_return_if_fail (BANSOU_IS_PROGRESS_HEADER (self));

  gtk_label_set_label (self->body_subtitle, subtitle);
}

/**
 * bansou_progress_header_set_progress:
 * @info: (nullable): where the body stands; %NULL for not started
 */
void
bansou_progress_header_set_progress (BansouProgressHeader     *self,
                                     const BansouProgressInfo *info)
{
  g_return_if_fail (BANSOU_IS_PROGRESS_HEADER (self));

  if (info != self->info)
    {
      g_clear_pointer (&self->info, bansou_progress_info_free);
      self->info = info ? bansou_progress_info_copy (info) : NULL;
    }
  update (self);
}
