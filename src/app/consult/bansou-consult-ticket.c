/* bansou-consult-ticket.c — the ticket view of the 相談 page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A ticket read whole (thread and attachments) when it is chosen: its
 * state with the moves allowed from it, its two SLA clocks, its fields
 * (each saved on its own, one transaction each), the thread with
 * internal notes set apart from replies and what the body said, a reply
 * box (Ctrl+Enter sends) and the attachments with their SHA-256.
 */
#define G_LOG_DOMAIN "bansou-consult-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-consult-page-private.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

/* The moves a person makes from each state, as buttons. */
static const struct {
  BansouTicketState to;
  const char       *label;
  const char       *tooltip;
  gboolean          suggested;
} moves[] = {
  { BANSOU_TICKET_IN_PROGRESS, N_("_Start"), N_("Start working on it (対応中)"), TRUE },
  { BANSOU_TICKET_ON_HOLD, N_("_Hold"), N_("Waiting for the body: the SLA clocks stop"), FALSE },
  { BANSOU_TICKET_ANSWERED, N_("_Answered"), N_("The question is answered: the resolution clock stops"), TRUE },
  { BANSOU_TICKET_CLOSED, N_("_Close"), N_("Nothing more to do: a closed consultation takes no more replies"), FALSE },
};

static gboolean
move_allowed (BansouTicketState from,
              BansouTicketState to)
{
  switch (to)
    {
    case BANSOU_TICKET_IN_PROGRESS:
      return from == BANSOU_TICKET_RECEIVED || from == BANSOU_TICKET_ON_HOLD || from == BANSOU_TICKET_ANSWERED;
    case BANSOU_TICKET_ON_HOLD:
    case BANSOU_TICKET_ANSWERED:
      return from == BANSOU_TICKET_RECEIVED || from == BANSOU_TICKET_IN_PROGRESS;
    case BANSOU_TICKET_CLOSED:
      return from != BANSOU_TICKET_CLOSED;
    case BANSOU_TICKET_RECEIVED:
    case BANSOU_N_TICKET_STATES:
    default:
      return FALSE;
    }
}

static const char *
move_label (BansouTicketState from,
            guint             i)
{
  if (moves[i].to == BANSOU_TICKET_IN_PROGRESS && from == BANSOU_TICKET_ON_HOLD)
    return _("_Resume");
  if (moves[i].to == BANSOU_TICKET_IN_PROGRESS && from == BANSOU_TICKET_ANSWERED)
    return _("_Back to In Progress");
  return _(moves[i].label);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    gtk_box_remove (box, child);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  return label;
}

static gboolean
is_closed (BansouConsultPage *self)
{
  return self->ticket != NULL && self->ticket->state == BANSOU_TICKET_CLOSED;
}

/* ------------------------------------------------------------------------ */
/* Saving what was edited                                                   */

static void
after_edit (BansouConsultPage *self)
{
  g_autofree char *id = g_strdup (self->ticket->id);
  g_autoptr(GError) error = NULL;
  BansouTicket *fresh = bansou_consult_lookup (self->consult, id, &error);

  if (fresh == NULL)
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  g_clear_pointer (&self->ticket, bansou_ticket_free);
  self->ticket = fresh;
  _bansou_consult_page_ticket_changed (self, id);
}

static gboolean
save_field (BansouConsultPage *self,
            const char        *field,
            const char        *value)
{
  g_autoptr(GError) error = NULL;

  if (self->showing || self->ticket == NULL)
    return TRUE;
  if (!bansou_consult_set_field (self->consult, self->ticket->id, field, value, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return FALSE;
    }
  after_edit (self);
  return TRUE;
}

static void
refresh_header (BansouConsultPage *self);

static void
subject_apply_cb (AdwEntryRow       *row,
                  BansouConsultPage *self)
{
  if (save_field (self, "subject", gtk_editable_get_text (GTK_EDITABLE (row))))
    refresh_header (self);
  else
    gtk_editable_set_text (GTK_EDITABLE (row), self->ticket->subject);
}

static void
assignee_apply_cb (AdwEntryRow       *row,
                   BansouConsultPage *self)
{
  if (!save_field (self, "assignee", gtk_editable_get_text (GTK_EDITABLE (row))))
    gtk_editable_set_text (GTK_EDITABLE (row), self->ticket->assignee ? self->ticket->assignee : "");
}

static void
questions_apply_cb (AdwEntryRow       *row,
                    BansouConsultPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_regex_split_simple ("[\\s,、，]+", gtk_editable_get_text (GTK_EDITABLE (row)), 0, 0);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (ids, g_strdup (parts[i]));
  g_ptr_array_add (ids, NULL);
  if (!bansou_consult_set_questions (self->consult, self->ticket->id, (const char * const *) ids->pdata, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  after_edit (self);
}

static void
combo_notify_cb (AdwComboRow       *row,
                 GParamSpec        *pspec,
                 BansouConsultPage *self)
{
  guint i = adw_combo_row_get_selected (row);
  const char *field = g_object_get_data (G_OBJECT (row), "field");
  const char *value = NULL;

  if (self->showing || self->ticket == NULL || i == GTK_INVALID_LIST_POSITION)
    return;
  if (g_str_equal (field, "category"))
    value = bansou_ticket_category_to_string (i);
  else if (g_str_equal (field, "priority"))
    value = bansou_priority_to_string (i);
  else if (g_str_equal (field, "channel"))
    value = bansou_channel_to_string (i);
  if (value != NULL && save_field (self, field, value) && g_str_equal (field, "priority"))
    _bansou_consult_ticket_show (self, self->ticket->id);   /* the SLA targets change */
}

static void
save_description_cb (GtkButton         *button,
                     BansouConsultPage *self)
{
  g_autofree char *text = bansou_ui_text_view_get_text (self->description_view);

  if (save_field (self, "description", text))
    bansou_show_message (GTK_WIDGET (self), _("The description was saved."));
}

static gboolean
show_again_cb (gpointer data)
{
  BansouConsultPage *self = g_object_get_data (data, "page");
  const char *id = g_object_get_data (data, "ticket");

  if (self != NULL && self->ticket != NULL && g_strcmp0 (self->ticket->id, id) == 0)
    _bansou_consult_ticket_show (self, id);
  return G_SOURCE_REMOVE;
}

/* The checklist appears or goes: the view is rebuilt, after the switch's
 * own signal has run (it is destroyed with the view). */
static void
incident_notify_cb (GtkSwitch         *sw,
                    GParamSpec        *pspec,
                    BansouConsultPage *self)
{
  GObject *later;

  if (!save_field (self, "incident", gtk_switch_get_active (sw) ? "true" : "false") || self->showing)
    return;
  later = g_object_new (G_TYPE_OBJECT, NULL);
  g_object_set_data_full (later, "page", g_object_ref (self), g_object_unref);
  g_object_set_data_full (later, "ticket", g_strdup (self->ticket->id), g_free);
  g_idle_add_full (G_PRIORITY_DEFAULT, show_again_cb, later, g_object_unref);
}

/* ------------------------------------------------------------------------ */
/* The thread and the reply box                                             */

gboolean
_bansou_consult_ticket_has_draft (BansouConsultPage *self)
{
  g_autofree char *text = NULL;

  if (self->compose_view == NULL || self->ticket == NULL)
    return FALSE;
  text = bansou_ui_text_view_get_text (self->compose_view);
  return !bansou_str_is_blank (text);
}

void
_bansou_consult_ticket_add_message (BansouConsultPage *self,
                                    BansouMessageKind  kind,
                                    const char        *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *ticket = g_strdup (self->ticket->id);

  if (!(id = bansou_consult_add_message (self->consult, ticket, kind, text, NULL, &error)))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->compose_view), "", -1);
  _bansou_consult_page_ticket_changed (self, ticket);
  _bansou_consult_ticket_show (self, ticket);
}

void
_bansou_consult_ticket_send (BansouConsultPage *self)
{
  g_autofree char *text = NULL;
  guint kind;

  if (self->ticket == NULL || self->compose_view == NULL)
    return;
  text = bansou_ui_text_view_get_text (self->compose_view);
  if (bansou_str_is_blank (text))
    {
      bansou_show_message (GTK_WIDGET (self), _("Write the reply or note first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->compose_view));
      return;
    }
  kind = gtk_drop_down_get_selected (self->compose_kind);
  _bansou_consult_ticket_add_message (self, kind < BANSOU_N_MESSAGE_KINDS ? kind : BANSOU_MESSAGE_REPLY, text);
}

static void
send_clicked_cb (GtkButton         *button,
                 BansouConsultPage *self)
{
  _bansou_consult_ticket_send (self);
}

static void
compose_kind_notify_cb (GtkDropDown       *dropdown,
                        GParamSpec        *pspec,
                        GtkButton         *button)
{
  static const char *labels[] = { N_("Add _Note"), N_("_Send Reply"), N_("_Record") };
  guint kind = gtk_drop_down_get_selected (dropdown);

  gtk_button_set_label (button, _(labels[MIN (kind, G_N_ELEMENTS (labels) - 1)]));
}

static const char *
message_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "note") == 0)
    return _("Internal note");
  if (g_strcmp0 (kind, "inbound") == 0)
    return _("From the body");
  return _("Reply");
}

static GtkWidget *
message_row (const BansouTicketMessage *m)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *kind = gtk_label_new (message_kind_label (m->kind));
  GtkWidget *who = gtk_label_new (m->author);
  g_autofree char *when_text = _bansou_consult_format_datetime (m->created_at);
  GtkWidget *when = gtk_label_new (when_text);
  GtkWidget *text = gtk_label_new (m->text);
  g_autofree char *klass = g_strdup_printf ("consult-%s", m->kind);

  gtk_widget_add_css_class (kind, "consult-kind");
  gtk_widget_add_css_class (who, "dim-label");
  gtk_widget_add_css_class (when, "dim-label");
  gtk_widget_add_css_class (when, "numeric");
  gtk_widget_set_hexpand (when, TRUE);
  gtk_label_set_xalign (GTK_LABEL (when), 1);
  gtk_box_append (GTK_BOX (top), kind);
  gtk_box_append (GTK_BOX (top), who);
  gtk_box_append (GTK_BOX (top), when);

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "consult-message");
  gtk_widget_add_css_class (box, klass);
  /* Notes sit to the right, like the desk's own margin notes. */
  if (g_strcmp0 (m->kind, "inbound") == 0)
    gtk_widget_set_margin_end (box, 48);
  else
    gtk_widget_set_margin_start (box, 48);
  return box;
}

/* ------------------------------------------------------------------------ */
/* Attachments                                                              */

static void
save_attachment_response_cb (GtkNativeDialog   *dialog,
                             int                response,
                             BansouConsultPage *self)
{
  const char *attachment = g_object_get_data (G_OBJECT (dialog), "attachment");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))))
    {
      if (!(bytes = bansou_consult_get_attachment (self->consult, attachment, NULL, &error)) ||
          !g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                    NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
        bansou_show_error (GTK_WIDGET (self), error);
      else
        bansou_show_message (GTK_WIDGET (self), _("The file was saved."));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
save_attachment_cb (GtkButton         *button,
                    BansouConsultPage *self)
{
  const BansouAttachment *a = g_object_get_data (G_OBJECT (button), "attachment");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Attachment"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), a->name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "attachment", g_strdup (a->id), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (save_attachment_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Reads the file and attaches it; the core checks the limits inside
 * its transaction and says which was passed. */
gboolean
_bansou_consult_ticket_attach_file (BansouConsultPage *self,
                                    GFile             *file,
                                    GError           **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *id = NULL;
  g_autofree char *ticket = g_strdup (self->ticket->id);
  const char *type;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return FALSE;
  if (g_file_info_get_size (info) > BANSOU_ATTACHMENT_MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("“%s” is larger than 10 MB, the limit of one attachment: nothing was attached."),
                   g_file_info_get_display_name (info));
      return FALSE;
    }
  if (!(bytes = g_file_load_bytes (file, NULL, NULL, error)))
    return FALSE;
  type = g_file_info_get_content_type (info);
  {
    g_autofree char *mime = type ? g_content_type_get_mime_type (type) : NULL;

    if (!(id = bansou_consult_attach (self->consult, ticket, g_file_info_get_display_name (info),
                                      mime ? mime : "application/octet-stream", bytes, error)))
      return FALSE;
  }
  _bansou_consult_page_ticket_changed (self, ticket);
  _bansou_consult_ticket_show (self, ticket);
  return TRUE;
}

static void
attach_response_cb (GtkNativeDialog   *dialog,
                    int                response,
                    BansouConsultPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->ticket != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) &&
      !_bansou_consult_ticket_attach_file (self, file, &error))
    bansou_show_error (GTK_WIDGET (self), error);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
attach_clicked_cb (GtkButton         *button,
                   BansouConsultPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Attach File"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (attach_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GtkWidget *
attachment_row (BansouConsultPage      *self,
                const BansouAttachment *a)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *size = g_format_size (a->size);
  g_autofree char *sha = g_strndup (a->sha256, 12);
  /* TRANSLATORS: an attachment: its size and the start of its SHA-256 */
  g_autofree char *subtitle = g_strdup_printf (_("%s · SHA-256 %s…"), size, sha);
  GtkWidget *button = gtk_button_new_from_icon_name ("document-save-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), a->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, a->sha256);
  gtk_widget_set_tooltip_text (button, _("Save a copy…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "attachment", (gpointer) a);
  g_signal_connect (button, "clicked", G_CALLBACK (save_attachment_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

/* ------------------------------------------------------------------------ */
/* Building the view                                                        */

static void
refresh_header (BansouConsultPage *self)
{
  /* TRANSLATORS: the ticket view's title: 相談 12　件名 */
  g_autofree char *title = g_strdup_printf (_("Consultation %d  %s"), (int) self->ticket->number,
                                            self->ticket->subject);

  gtk_label_set_text (self->title_label, title);
}

static void
fill_sla_row (BansouConsultPage    *self,
              AdwActionRow         *row,
              GtkLabel             *label,
              const BansouSlaClock *clock)
{
  static const char *const classes[] = { "success", "warning", "error", "dim-label" };
  const char *klass = NULL;
  g_autofree char *left = bansou_sla_clock_describe (self->consult, clock, &klass);
  g_autofree char *deadline = _bansou_consult_format_deadline (clock->deadline);
  g_autofree char *subtitle = NULL;

  if (clock->paused)
    subtitle = g_strdup (_("On hold: the clock stands while the body is waited for"));
  else if (clock->deadline != NULL)
    /* TRANSLATORS: an SLA clock's deadline */
    subtitle = g_strdup_printf (_("Due %s"), deadline);
  adw_action_row_set_subtitle (row, subtitle != NULL ? subtitle : "");
  gtk_label_set_text (label, left);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);
  if (klass != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), klass);
}

static GtkWidget *
sla_row (BansouConsultPage    *self,
         guint                 which,
         const char           *title,
         const BansouSlaClock *clock)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  fill_sla_row (self, ADW_ACTION_ROW (row), GTK_LABEL (label), clock);
  g_set_weak_pointer (&self->sla_rows[which], ADW_ACTION_ROW (row));
  g_set_weak_pointer (&self->sla_labels[which], GTK_LABEL (label));
  return row;
}

/* The time left moves on (the page's minute timer calls this). */
void
_bansou_consult_ticket_refresh_sla (BansouConsultPage *self)
{
  g_autoptr(GError) error = NULL;
  BansouTicketSla sla;

  if (self->ticket == NULL || self->sla_rows[0] == NULL || self->sla_rows[1] == NULL ||
      self->sla_labels[0] == NULL || self->sla_labels[1] == NULL)
    return;
  if (!bansou_consult_compute_sla (self->consult, self->ticket, NULL, &sla, &error))
    {
      g_debug ("No SLA for consultation %d: %s", (int) self->ticket->number, error->message);
      return;
    }
  fill_sla_row (self, self->sla_rows[0], self->sla_labels[0], &sla.first_response);
  fill_sla_row (self, self->sla_rows[1], self->sla_labels[1], &sla.resolution);
  bansou_ticket_sla_clear (&sla);
}

static AdwComboRow *
combo_row (BansouConsultPage *self,
           const char        *title,
           const char        *field,
           ConsultLabels      labels,
           guint              selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = _bansou_consult_labels (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data (G_OBJECT (row), "field", (gpointer) field);
  g_signal_connect (row, "notify::selected", G_CALLBACK (combo_notify_cb), self);
  return ADW_COMBO_ROW (row);
}

static AdwEntryRow *
entry_row (const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  return ADW_ENTRY_ROW (row);
}

static void
build_view (BansouConsultPage *self,
            const char        *draft)
{
  const BansouTicket *t = self->ticket;
  GtkBox *box = self->detail_box;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *received = _bansou_consult_format_datetime (t->received_at);
  g_autofree char *questions = t->questions ? g_strjoinv (", ", t->questions) : g_strdup ("");
  BansouTicketSla sla;
  GtkWidget *top, *label, *group, *row, *button, *sw, *compose_bar;
  const char *kinds[] = { _("Internal note"), _("Reply to the body"), _("From the body"), NULL };
  g_autoptr(GtkStringList) kind_model = gtk_string_list_new (kinds);

  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = GTK_IS_WINDOW (root) ? gtk_window_get_focus (GTK_WINDOW (root)) : NULL;
  gboolean refocus = FALSE;

  self->showing = TRUE;
  /* A focused widget destroyed under the viewport leaves GTK 4.8 holding
   * it (a critical in gtk_widget_is_ancestor at the next layout): move the
   * focus off first, and back to the reply box if it was there. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (box)))
    {
      refocus = self->compose_view != NULL && (focus == GTK_WIDGET (self->compose_view) ||
                                               gtk_widget_is_ancestor (focus, GTK_WIDGET (self->compose_view)));
      gtk_window_set_focus (GTK_WINDOW (root), NULL);
    }
  clear_box (box);

  /* Title, what and when, the state and its moves */
  top = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  label = gtk_label_new (NULL);
  self->title_label = GTK_LABEL (label);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-2");
  gtk_box_append (GTK_BOX (top), label);
  refresh_header (self);
  /* TRANSLATORS: under a ticket's title: body · received · channel · state */
  subtitle = g_strdup_printf (_("%s · received %s by %s · %s"), t->body_name, received,
                              bansou_channel_get_label (t->channel), bansou_ticket_state_get_label (t->state));
  label = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (top), label);
  gtk_box_append (box, top);

  /* A flow box: the moves wrap in a narrow ticket view (1280 px). */
  self->state_box = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->state_box, GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (self->state_box, 6);
  gtk_flow_box_set_row_spacing (self->state_box, 6);
  gtk_flow_box_set_max_children_per_line (self->state_box, 8);
  gtk_flow_box_set_homogeneous (self->state_box, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      if (!move_allowed (t->state, moves[i].to))
        continue;
      button = gtk_button_new_with_mnemonic (move_label (t->state, i));
      gtk_widget_set_tooltip_text (button, _(moves[i].tooltip));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "consult.state");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", (gint32) moves[i].to);
      if (moves[i].suggested)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_flow_box_append (self->state_box, button);
    }
  if (t->state == BANSOU_TICKET_ANSWERED || t->state == BANSOU_TICKET_CLOSED)
    {
      button = gtk_button_new_with_mnemonic (_("Make _Article…"));
      gtk_widget_set_tooltip_text (button, _("Turn the answer into a Q&A article, without personal data"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "consult.make-article");
      gtk_flow_box_append (self->state_box, button);
    }
  gtk_box_append (box, GTK_WIDGET (self->state_box));

  /* The SLA clocks */
  if (bansou_consult_compute_sla (self->consult, t, NULL, &sla, &error))
    {
      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("SLA"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             _("In office hours of the government calendar (8:30–17:15 on business days)"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), sla_row (self, 0, _("First response"), &sla.first_response));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), sla_row (self, 1, _("Resolution"), &sla.resolution));
      gtk_box_append (box, group);
      bansou_ticket_sla_clear (&sla);
    }
  else
    bansou_show_error (GTK_WIDGET (self), error);
  /* In incident mode its reporting deadlines come right under the SLA. */
  _bansou_consult_ticket_incident (self, box);

  /* The fields */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Details"));
  self->subject_row = entry_row (_("Subject"), t->subject);
  g_signal_connect (self->subject_row, "apply", G_CALLBACK (subject_apply_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->subject_row));
  self->category_row = combo_row (self, _("Topic"), "category", CONSULT_LABELS_CATEGORY, t->category);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->category_row));
  self->priority_row = combo_row (self, _("Priority"), "priority", CONSULT_LABELS_PRIORITY, t->priority);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->priority_row));
  self->channel_row = combo_row (self, _("Channel"), "channel", CONSULT_LABELS_CHANNEL, t->channel);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->channel_row));
  self->assignee_row = entry_row (_("Assignee"), t->assignee);
  g_signal_connect (self->assignee_row, "apply", G_CALLBACK (assignee_apply_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->assignee_row));
  self->questions_row = entry_row (_("Linked questions (IDs, comma-separated)"), questions);
  g_signal_connect (self->questions_row, "apply", G_CALLBACK (questions_apply_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->questions_row));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Serious incident"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("重大インシデント: reporting deadlines to the ministry apply"));
  sw = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (sw), t->incident);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  g_signal_connect (sw, "notify::active", G_CALLBACK (incident_notify_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  gtk_widget_set_sensitive (group, !is_closed (self));
  gtk_box_append (box, group);

  gtk_box_append (box, heading (_("Description")));
  gtk_box_append (box, bansou_ui_text_area (&self->description_view, t->description, 80));
  gtk_text_view_set_editable (self->description_view, !is_closed (self));
  button = gtk_button_new_with_mnemonic (_("Save _Description"));
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_sensitive (button, !is_closed (self));
  g_signal_connect (button, "clicked", G_CALLBACK (save_description_cb), self);
  gtk_box_append (box, button);

  /* The thread */
  gtk_box_append (box, heading (_("Thread")));
  if (t->messages == NULL || t->messages->len == 0)
    {
      label = gtk_label_new (_("No replies or notes yet."));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (box, label);
    }
  for (guint i = 0; t->messages != NULL && i < t->messages->len; i++)
    gtk_box_append (box, message_row (g_ptr_array_index (t->messages, i)));

  /* The reply box */
  if (!is_closed (self))
    {
      GtkShortcutController *shortcuts;

      gtk_box_append (box, bansou_ui_text_area (&self->compose_view, draft, 90));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->compose_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Reply or note"), -1);
      shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
      gtk_shortcut_controller_add_shortcut (shortcuts,
                                            gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                              gtk_named_action_new ("consult.send")));
      gtk_widget_add_controller (GTK_WIDGET (self->compose_view), GTK_EVENT_CONTROLLER (shortcuts));

      compose_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      self->compose_kind = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kind_model)), NULL));
      gtk_drop_down_set_selected (self->compose_kind, BANSOU_MESSAGE_REPLY);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->compose_kind),
                                   _("An internal note never leaves the prefecture"));
      gtk_box_append (GTK_BOX (compose_bar), GTK_WIDGET (self->compose_kind));
      label = gtk_label_new (_("Ctrl+Enter sends"));
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_box_append (GTK_BOX (compose_bar), label);
      button = gtk_button_new_with_mnemonic (_("_Send Reply"));
      gtk_widget_add_css_class (button, "suggested-action");
      g_signal_connect (button, "clicked", G_CALLBACK (send_clicked_cb), self);
      g_signal_connect (self->compose_kind, "notify::selected", G_CALLBACK (compose_kind_notify_cb), button);
      gtk_box_append (GTK_BOX (compose_bar), button);
      gtk_box_append (box, compose_bar);
    }
  else
    {
      self->compose_view = NULL;
      self->compose_kind = NULL;
      label = gtk_label_new (_("This consultation is closed: it takes no more replies. Open a new one if the body asks again."));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (box, label);
    }

  /* Attachments */
  gtk_box_append (box, heading (_("Attachments")));
  group = gtk_list_box_new ();
  self->attachments_list = GTK_LIST_BOX (group);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (group), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (group, "boxed-list");
  for (guint i = 0; t->attachments != NULL && i < t->attachments->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (group), attachment_row (self, g_ptr_array_index (t->attachments, i)));
  if (t->attachments != NULL && t->attachments->len > 0)
    gtk_box_append (box, group);
  compose_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  label = gtk_label_new (_("Up to 10 MB a file, 50 MB and 20 files a consultation. Files stay on this workbench."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (compose_bar), label);
  button = gtk_button_new_with_mnemonic (_("A_ttach File…"));
  gtk_widget_set_sensitive (button, !is_closed (self));
  g_signal_connect (button, "clicked", G_CALLBACK (attach_clicked_cb), self);
  gtk_box_append (GTK_BOX (compose_bar), button);
  gtk_box_append (box, compose_bar);

  _bansou_consult_ticket_escalation (self, box);
  if (refocus && self->compose_view != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->compose_view));
  self->showing = FALSE;
}

/* Shows ticket @id read whole; a reply being typed for the same ticket
 * stays (a state change rebuilds the view under it). */
void
_bansou_consult_ticket_show (BansouConsultPage *self,
                             const char        *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  BansouTicket *t = bansou_consult_lookup (self->consult, id, &error);

  if (t == NULL)
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  if (self->ticket != NULL && g_str_equal (self->ticket->id, t->id) && self->compose_view != NULL)
    draft = bansou_ui_text_view_get_text (self->compose_view);
  g_clear_pointer (&self->ticket, bansou_ticket_free);
  self->ticket = t;
  build_view (self, draft);
  gtk_stack_set_visible_child_name (self->detail_stack, "ticket");
}

void
_bansou_consult_ticket_set_state (BansouConsultPage *self,
                                  BansouTicketState  state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (self->ticket == NULL)
    return;
  id = g_strdup (self->ticket->id);
  if (!bansou_consult_set_state (self->consult, id, state, NULL, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  _bansou_consult_page_ticket_changed (self, id);
  _bansou_consult_ticket_show (self, id);
}
