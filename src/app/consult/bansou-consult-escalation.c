/* bansou-consult-escalation.c — the 相談 page and the national 総合窓口,
 * and a ticket's 重大インシデント checklist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Under a ticket: where it stands with the national desk (not asked,
 * asked, answered — the answer itself also comes into the thread as a
 * note by 総合窓口), the 「総合窓口へ照会」 dialog that sends only the
 * fields chosen and warns of the personal data found in exactly what it
 * sends, and, in incident mode, the checklist of reports with their
 * deadlines and the one action that asks for an urgent dispatch.
 * On a national desk (scope 全国) the page has a third view: every
 * prefecture's escalations with an answer form.
 */
#define G_LOG_DOMAIN "bansou-consult-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-consult-dialogs-private.h"
#include "bansou-consult-escalate.h"
#include "bansou-consult-incident.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

#define FINDINGS_DELAY_MS 300

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  return label;
}

static GtkWidget *
wrapped (const char *text,
         const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
remaining_text (gint64 seconds)
{
  gint64 minutes = ABS (seconds) / 60;
  gint64 days = minutes / (24 * 60), hours = (minutes / 60) % 24;
  g_autofree char *span = NULL;

  if (days > 0)
    /* TRANSLATORS: a span of calendar time: days and hours */
    span = g_strdup_printf (_("%dd %dh"), (int) days, (int) hours);
  else if (hours > 0)
    span = g_strdup_printf (_("%dh %dmin"), (int) hours, (int) (minutes % 60));
  else
    span = g_strdup_printf (_("%dmin"), (int) (minutes % 60));
  return seconds < 0 ? g_strdup_printf (_("%s over"), span) : g_strdup_printf (_("%s left"), span);
}

/* ------------------------------------------------------------------------ */
/* 「総合窓口へ照会」: choose what is sent, see its personal data, send     */

static void
escalation_dialog_free (EscalationDialog *d)
{
  g_clear_handle_id (&d->findings_id, g_source_remove);
  g_clear_pointer (&d->draft, bansou_escalation_draft_free);
  g_clear_pointer (&d->message_checks, g_ptr_array_unref);
  g_clear_pointer (&d->findings, g_ptr_array_unref);
  g_clear_object (&d->page);
  g_free (d);
}

/* The draft as the dialog now says it. */
static void
draft_update (EscalationDialog *d)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autofree char *text = bansou_ui_text_view_get_text (d->text);

  g_free (d->draft->subject);
  d->draft->subject = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->subject)));
  g_clear_pointer (&d->draft->text, g_free);
  if (gtk_check_button_get_active (d->send_text) && !bansou_str_is_blank (text))
    d->draft->text = g_steal_pointer (&text);
  d->draft->send_category = gtk_check_button_get_active (d->send_category);
  d->draft->send_questions = gtk_check_button_get_active (d->send_questions);
  d->draft->send_body = gtk_check_button_get_active (d->send_body);
  for (guint i = 0; i < d->message_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (d->message_checks, i);

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (ids, g_object_get_data (G_OBJECT (check), "message"));
    }
  g_clear_pointer (&d->draft->messages, g_strfreev);
  d->draft->messages = g_strv_builder_end (ids);
}

static void
findings_update (EscalationDialog *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;
  g_autofree char *text = NULL;

  draft_update (d);
  g_clear_pointer (&d->findings, g_ptr_array_unref);
  d->findings = bansou_consult_escalation_find_personal_data (d->page->consult, d->draft, &error);
  if (d->findings == NULL)
    {
      gtk_label_set_text (d->warning, _("The text could not be checked for personal data."));
      return;
    }
  if (d->findings->len == 0)
    {
      gtk_label_set_text (d->warning, _("No personal data found in what will be sent. Names written bare (山田太郎) are not found: read it once more."));
      gtk_widget_remove_css_class (GTK_WIDGET (d->warning), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (d->warning), "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (d->allow), FALSE);
      gtk_check_button_set_active (d->allow, FALSE);
      return;
    }
  described = bansou_escalation_findings_describe (d->findings);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Personal data in what will be sent (%u): %s. Edit it out, or confirm that it must go.",
                                       "Personal data in what will be sent (%u): %s. Edit it out, or confirm that it must go.",
                                       d->findings->len), d->findings->len, described);
  gtk_label_set_text (d->warning, text);
  gtk_widget_remove_css_class (GTK_WIDGET (d->warning), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (d->warning), "warning");
  gtk_widget_set_visible (GTK_WIDGET (d->allow), TRUE);
}

static gboolean
findings_cb (gpointer data)
{
  EscalationDialog *d = data;

  d->findings_id = 0;
  findings_update (d);
  return G_SOURCE_REMOVE;
}

static void
escalation_changed_cb (EscalationDialog *d)
{
  g_clear_handle_id (&d->findings_id, g_source_remove);
  d->findings_id = g_timeout_add (FINDINGS_DELAY_MS, findings_cb, d);
}

static void
escalation_send_cb (GtkButton        *button,
                    EscalationDialog *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *ticket = g_strdup (d->draft->ticket);

  g_clear_handle_id (&d->findings_id, g_source_remove);
  findings_update (d);
  id = bansou_consult_escalate (d->page->consult, d->draft, gtk_check_button_get_active (d->allow), &error);
  if (id == NULL)
    {
      AdwToastOverlay *toasts = g_object_get_data (G_OBJECT (d->window), "toasts");
      g_autofree char *message = bansou_ui_error_message (error);
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 10);
      adw_toast_overlay_add_toast (toasts, toast);
      return;
    }
  bansou_show_message (GTK_WIDGET (d->page), _("Sent to the national desk with the next sync."));
  _bansou_consult_ticket_show (d->page, ticket);
  gtk_window_destroy (GTK_WINDOW (d->window));
}

static GtkCheckButton *
check (const char *label,
       gboolean    active)
{
  GtkWidget *button = gtk_check_button_new_with_mnemonic (label);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), active);
  return GTK_CHECK_BUTTON (button);
}

GtkWindow *
_bansou_consult_escalation_dialog (BansouConsultPage *self)
{
  EscalationDialog *d = g_new0 (EscalationDialog, 1);
  const BansouTicket *t = self->ticket;
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *accept, *label, *box;
  g_autoptr(GError) error = NULL;
  g_autofree char *category = NULL;
  g_autofree char *questions = NULL;
  g_autofree char *body = NULL;

  d->page = g_object_ref (self);
  d->message_checks = g_ptr_array_new ();
  d->draft = bansou_consult_escalation_draft_new (self->consult, t->id, &error);
  if (d->draft == NULL)
    {
      bansou_show_error (GTK_WIDGET (self), error);
      escalation_dialog_free (d);
      return NULL;
    }

  gtk_box_append (GTK_BOX (content),
                  wrapped (_("The national desk receives only what is ticked here, through the server. "
                             "Authors of the thread are never sent."), "dim-label"));

  d->subject = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->subject), _("Subject (always sent)"));
  gtk_editable_set_text (GTK_EDITABLE (d->subject), d->draft->subject);
  box = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (box, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (box), GTK_WIDGET (d->subject));
  gtk_box_append (GTK_BOX (content), box);

  d->send_text = check (_("Send the _description, as edited below"), d->draft->text != NULL);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (d->send_text));
  gtk_box_append (GTK_BOX (content), bansou_ui_text_area (&d->text, d->draft->text, 110));

  /* TRANSLATORS: a checkbox of the escalation dialog, with the value */
  category = g_strdup_printf (_("Send the _category (%s)"), bansou_ticket_category_get_label (t->category));
  d->send_category = check (category, d->draft->send_category);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (d->send_category));
  questions = t->questions && t->questions[0] ? g_strjoinv (", ", t->questions) : g_strdup (_("none"));
  /* TRANSLATORS: a checkbox of the escalation dialog, with the question ids */
  g_free (category);
  category = g_strdup_printf (_("Send the linked _questions (%s)"), questions);
  d->send_questions = check (category, d->draft->send_questions);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (d->send_questions));
  /* TRANSLATORS: a checkbox of the escalation dialog: the body's name names who asked */
  body = g_strdup_printf (_("Send the _body’s name (%s): it says who asked"), t->body_name);
  d->send_body = check (body, d->draft->send_body);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (d->send_body));

  if (t->messages != NULL && t->messages->len > 0)
    {
      gtk_box_append (GTK_BOX (content), heading (_("Messages of the thread to send")));
      for (guint i = 0; i < t->messages->len; i++)
        {
          BansouTicketMessage *m = g_ptr_array_index (t->messages, i);
          g_autofree char *shortened = g_utf8_substring (m->text, 0, 60);
          g_autofree char *text = g_strdup_printf ("%s%s", shortened, g_utf8_strlen (m->text, -1) > 60 ? "…" : "");
          GtkCheckButton *c = check (text, FALSE);

          gtk_widget_set_tooltip_text (GTK_WIDGET (c), m->text);
          g_object_set_data_full (G_OBJECT (c), "message", g_strdup (m->id), g_free);
          g_ptr_array_add (d->message_checks, c);
          g_signal_connect_swapped (c, "toggled", G_CALLBACK (escalation_changed_cb), d);
          gtk_box_append (GTK_BOX (content), GTK_WIDGET (c));
        }
    }

  label = wrapped ("", NULL);
  d->warning = GTK_LABEL (label);
  gtk_widget_set_margin_top (label, 6);
  gtk_box_append (GTK_BOX (content), label);
  d->allow = check (_("Send it _with the personal data"), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (d->allow), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (d->allow));

  d->window = _bansou_consult_dialog_window (self, _("Ask the National Desk"), _("_Send"), &accept, content);
  g_object_set_data_full (G_OBJECT (d->window), "dialog", d, (GDestroyNotify) escalation_dialog_free);
  g_signal_connect (accept, "clicked", G_CALLBACK (escalation_send_cb), d);
  g_signal_connect_swapped (d->subject, "changed", G_CALLBACK (escalation_changed_cb), d);
  g_signal_connect_swapped (gtk_text_view_get_buffer (d->text), "changed", G_CALLBACK (escalation_changed_cb), d);
  g_signal_connect_swapped (d->send_text, "toggled", G_CALLBACK (escalation_changed_cb), d);
  g_signal_connect_swapped (d->send_category, "toggled", G_CALLBACK (escalation_changed_cb), d);
  g_signal_connect_swapped (d->send_questions, "toggled", G_CALLBACK (escalation_changed_cb), d);
  g_signal_connect_swapped (d->send_body, "toggled", G_CALLBACK (escalation_changed_cb), d);
  findings_update (d);
  return GTK_WINDOW (d->window);
}

/* ------------------------------------------------------------------------ */
/* Under the ticket                                                         */

static void
escalate_clicked_cb (GtkButton         *button,
                     BansouConsultPage *self)
{
  GtkWindow *window = _bansou_consult_escalation_dialog (self);

  if (window != NULL)
    gtk_window_present (window);
}

static void
add_escalation_panel (BansouConsultPage *self,
                      GtkBox            *box)
{
  BansouEscalationFilter filter = { -1, NULL, self->ticket->id, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GtkWidget *group, *row, *button;

  if (bansou_consult_is_national_desk (self->consult))
    return;
  if (!(list = bansou_consult_list_escalations (self->consult, &filter, &error)))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("National Desk (総合窓口)"));
  button = gtk_button_new_with_mnemonic (list->len > 0 ? _("Ask _Again…") : _("As_k the National Desk…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, self->ticket->state != BANSOU_TICKET_CLOSED);
  g_signal_connect (button, "clicked", G_CALLBACK (escalate_clicked_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);

  row = adw_action_row_new ();
  if (list->len == 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Not asked"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("For what the prefecture cannot answer, supply-chain risk above all."));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  else
    {
      BansouEscalation *e = g_ptr_array_index (list, 0);
      g_autofree char *sent = _bansou_consult_format_datetime (e->sent_at);
      g_autofree char *subtitle = NULL;

      if (e->state == BANSOU_ESCALATION_ANSWERED)
        {
          g_autofree char *answered = _bansou_consult_format_datetime (e->answered_at);
          GtkWidget *answer;

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Answered"));
          /* TRANSLATORS: when an escalation was answered, and by whom */
          subtitle = g_strdup_printf (_("Answered %s by %s; the answer is also in the thread"), answered,
                                      e->answered_by ? e->answered_by : BANSOU_ESCALATION_AUTHOR);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
          answer = wrapped (e->answer, NULL);
          gtk_label_set_selectable (GTK_LABEL (answer), TRUE);
          gtk_widget_add_css_class (answer, "card");
          gtk_widget_add_css_class (answer, "consult-answer");
          gtk_widget_set_margin_top (answer, 6);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), answer);
        }
      else
        {
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Waiting for the national desk"));
          subtitle = e->received_at != NULL
            /* TRANSLATORS: an escalation sent and received by the server */
            ? g_strdup_printf (_("Sent %s; the server has it"), sent)
            /* TRANSLATORS: an escalation not synced yet */
            : g_strdup_printf (_("Sent %s; it leaves with the next sync"), sent);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
    }
  gtk_box_append (box, group);
}

static void
incident_item_cb (GtkButton         *button,
                  BansouConsultPage *self)
{
  const char *item = g_object_get_data (G_OBJECT (button), "item");
  BansouIncidentItemState state = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "state"));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (self->ticket->id);

  if (!bansou_consult_incident_set_done (self->consult, id, item, state, NULL, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  _bansou_consult_ticket_show (self, id);
}

static void
unauthorized_cb (GtkSwitch         *sw,
                 GParamSpec        *pspec,
                 BansouConsultPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (self->showing)
    return;
  id = g_strdup (self->ticket->id);
  if (!bansou_consult_incident_set_unauthorized (self->consult, id, gtk_switch_get_active (sw), &error))
    bansou_show_error (GTK_WIDGET (self), error);
  _bansou_consult_ticket_show (self, id);
}

static void
urgent_dispatch_cb (GtkButton         *button,
                    BansouConsultPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  BansouDispatch *dispatch = bansou_context_get_dispatch (self->context, &error);
  gboolean created = FALSE;

  if (dispatch == NULL ||
      !(request = bansou_consult_incident_dispatch (self->consult, dispatch, self->ticket->id, &created, &error)))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  bansou_show_message (GTK_WIDGET (self), created
                       ? _("An urgent dispatch request was made: it is on the 派遣 page.")
                       : _("This consultation already has a dispatch request: it is on the 派遣 page."));
}

static GtkWidget *
incident_button (BansouConsultPage       *self,
                 const char              *label,
                 const char              *item,
                 BansouIncidentItemState  state)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "item", g_strdup (item), g_free);
  g_object_set_data (G_OBJECT (button), "state", GINT_TO_POINTER (state));
  g_signal_connect (button, "clicked", G_CALLBACK (incident_item_cb), self);
  return button;
}

static void
add_incident_panel (BansouConsultPage *self,
                    GtkBox            *box)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouIncidentChecklist) list = NULL;
  GtkWidget *group, *row, *sw, *button;

  if (!self->ticket->incident)
    return;
  if (!(list = bansou_consult_incident_checklist (self->consult, self->ticket->id, NULL, &error)))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Serious Incident (重大インシデント)"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Reports to the ministries, their deadlines counted from the receipt"));
  button = gtk_button_new_with_mnemonic (_("Request _Urgent Dispatch"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_widget_set_tooltip_text (button, _("One urgent request for an expert to the body, the same day, on the 派遣 page"));
  g_signal_connect (button, "clicked", G_CALLBACK (urgent_dispatch_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Unauthorised act (不正の目的)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("The 確報 to 個人情報保護委員会 is then due in 60 days, not 30"));
  sw = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (sw), list->unauthorized);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  g_signal_connect (sw, "notify::active", G_CALLBACK (unauthorized_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  for (guint i = 0; i < list->items->len; i++)
    {
      BansouIncidentItem *item = g_ptr_array_index (list->items, i);
      g_autofree char *due = _bansou_consult_format_deadline (item->deadline);
      g_autofree char *subtitle = NULL;
      GtkWidget *status;

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->label);
      /* TRANSLATORS: an incident report: recipient · deadline (· Bansō's default) */
      subtitle = g_strdup_printf (item->by_default ? _("%s · due %s (Bansō’s default)") : _("%s · due %s"),
                                  item->recipient, due);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_tooltip_text (row, item->basis);
      if (item->state == BANSOU_INCIDENT_ITEM_OPEN)
        {
          g_autofree char *left = remaining_text (item->remaining);

          status = gtk_label_new (left);
          gtk_widget_add_css_class (status, item->overdue ? "error" : item->remaining < 24 * 3600 ? "warning" : "success");
          gtk_widget_add_css_class (status, "numeric");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     incident_button (self, _("_Done"), item->id, BANSOU_INCIDENT_ITEM_DONE));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     incident_button (self, _("N/_A"), item->id, BANSOU_INCIDENT_ITEM_NOT_APPLICABLE));
        }
      else
        {
          g_autofree char *when = _bansou_consult_format_datetime (item->done_at);
          /* TRANSLATORS: an incident report's state, who and when */
          g_autofree char *text = g_strdup_printf (_("%s · %s %s"), bansou_incident_item_state_get_label (item->state),
                                                   item->done_by ? item->done_by : "", when);

          status = gtk_label_new (text);
          gtk_widget_add_css_class (status, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     incident_button (self, _("Mark _Open"), item->id, BANSOU_INCIDENT_ITEM_OPEN));
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  gtk_box_append (box, group);
}

void
_bansou_consult_ticket_incident (BansouConsultPage *self,
                                 GtkBox            *box)
{
  add_incident_panel (self, box);
}

void
_bansou_consult_ticket_escalation (BansouConsultPage *self,
                                   GtkBox            *box)
{
  add_escalation_panel (self, box);
}

/* ------------------------------------------------------------------------ */
/* The national desk's queue of escalations                                 */

static void national_show (BansouConsultPage *self, const char *id);

static GtkWidget *
escalation_row (const BansouEscalation *e,
                BansouRegistry         *registry)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr(BansouBody) pref = bansou_registry_find_prefecture (registry, e->prefecture, NULL);
  g_autofree char *sent = _bansou_consult_format_datetime (e->sent_at);
  /* TRANSLATORS: under an escalation in the national queue: prefecture · sent */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), pref ? bansou_body_get_name (pref) : e->prefecture, sent);
  GtkWidget *label = gtk_label_new (e->subject);
  GtkWidget *state = gtk_label_new (bansou_escalation_state_get_label (e->state));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (top), label);
  gtk_widget_add_css_class (state, "caption");
  gtk_widget_add_css_class (state, e->state == BANSOU_ESCALATION_WAITING ? "warning" : "success");
  gtk_box_append (GTK_BOX (top), state);
  gtk_box_append (GTK_BOX (box), top);
  label = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "escalation", g_strdup (e->id), g_free);
  return row;
}

void
_bansou_consult_national_reload (BansouConsultPage *self)
{
  BansouEscalationFilter filter = { -1, NULL, NULL, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GtkWidget *child;
  guint n_waiting = 0;

  if (self->national_list == NULL)
    return;
  if (gtk_check_button_get_active (self->national_waiting))
    filter.state = BANSOU_ESCALATION_WAITING;
  if (!(list = bansou_consult_list_escalations (self->consult, &filter, &error)))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->national_list))))
    gtk_list_box_remove (self->national_list, child);
  for (guint i = 0; i < list->len; i++)
    {
      BansouEscalation *e = g_ptr_array_index (list, i);

      n_waiting += e->state == BANSOU_ESCALATION_WAITING;
      gtk_list_box_append (self->national_list, escalation_row (e, bansou_context_get_registry (self->context)));
    }
  gtk_stack_set_visible_child_name (self->national_stack, list->len > 0 ? "list" : "empty");
  self->n_escalations = list->len;
}

static void
national_answer_cb (GtkButton         *button,
                    BansouConsultPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *id = NULL;

  if (self->national_answer == NULL || self->escalation == NULL)
    return;
  answer = bansou_ui_text_view_get_text (self->national_answer);
  id = g_strdup (self->escalation);
  if (!bansou_consult_answer_escalation (self->consult, id, answer, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  bansou_show_message (GTK_WIDGET (self), _("The answer goes back to the prefecture with the next sync."));
  _bansou_consult_national_reload (self);
  national_show (self, id);
}

static void
national_show (BansouConsultPage *self,
               const char        *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouEscalation) e = bansou_consult_lookup_escalation (self->consult, id, &error);
  g_autoptr(BansouBody) pref = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *subtitle = NULL;
  GtkBox *box = self->national_box;
  GtkWidget *child, *label, *button;

  if (e == NULL)
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  g_free (self->escalation);
  self->escalation = g_strdup (e->id);
  self->national_answer = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    gtk_box_remove (box, child);

  label = wrapped (e->subject, "title-2");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (box, label);
  pref = bansou_registry_find_prefecture (bansou_context_get_registry (self->context), e->prefecture, NULL);
  sent = _bansou_consult_format_datetime (e->sent_at);
  /* TRANSLATORS: under an escalation: prefecture · sent · state */
  subtitle = g_strdup_printf (_("%s · sent %s · %s"), pref ? bansou_body_get_name (pref) : e->prefecture, sent,
                              bansou_escalation_state_get_label (e->state));
  gtk_box_append (box, wrapped (subtitle, "dim-label"));
  if (e->category >= 0 || e->body_name != NULL || e->questions != NULL)
    {
      g_autoptr(GString) facts = g_string_new (NULL);

      if (e->category >= 0)
        g_string_append_printf (facts, "%s: %s\n", _("Topic"), bansou_ticket_category_get_label (e->category));
      if (e->body_name != NULL)
        g_string_append_printf (facts, "%s: %s\n", _("Body"), e->body_name);
      if (e->questions != NULL && e->questions[0] != NULL)
        {
          g_autofree char *joined = g_strjoinv (", ", e->questions);
          g_string_append_printf (facts, "%s: %s\n", _("Linked questions"), joined);
        }
      g_strchomp (facts->str);
      gtk_box_append (box, wrapped (facts->str, NULL));
    }
  if (e->text != NULL)
    {
      gtk_box_append (box, heading (_("Description")));
      label = wrapped (e->text, NULL);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (box, label);
    }
  for (guint i = 0; e->messages != NULL && i < e->messages->len; i++)
    {
      BansouEscalationMessage *m = g_ptr_array_index (e->messages, i);
      g_autofree char *when = _bansou_consult_format_datetime (m->created_at);

      if (i == 0)
        gtk_box_append (box, heading (_("From the thread")));
      label = wrapped (m->text, NULL);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "card");
      gtk_widget_add_css_class (label, "consult-answer");
      gtk_widget_set_tooltip_text (label, when);
      gtk_box_append (box, label);
    }

  gtk_box_append (box, heading (_("Answer")));
  if (e->state == BANSOU_ESCALATION_ANSWERED)
    {
      g_autofree char *answered = _bansou_consult_format_datetime (e->answered_at);
      /* TRANSLATORS: who answered an escalation and when */
      g_autofree char *by = g_strdup_printf (_("By %s, %s"), e->answered_by ? e->answered_by : "", answered);

      label = wrapped (e->answer, NULL);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "card");
      gtk_widget_add_css_class (label, "consult-answer");
      gtk_box_append (box, label);
      gtk_box_append (box, wrapped (by, "dim-label"));
    }
  else
    {
      GtkShortcutController *keys = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());

      gtk_box_append (box, bansou_ui_text_area (&self->national_answer, NULL, 140));
      button = gtk_button_new_with_mnemonic (_("Send _Answer"));
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_set_halign (button, GTK_ALIGN_END);
      g_signal_connect (button, "clicked", G_CALLBACK (national_answer_cb), self);
      gtk_box_append (box, button);
      gtk_box_append (box, wrapped (_("Answered once: it goes back to the prefecture and onto its ticket as a note by 総合窓口. Ctrl+Enter sends."),
                                    "dim-label"));
      gtk_shortcut_controller_add_shortcut (keys, gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return"),
                                                                    gtk_named_action_new ("consult.answer")));
      gtk_widget_add_controller (GTK_WIDGET (self->national_answer), GTK_EVENT_CONTROLLER (keys));
    }
  gtk_stack_set_visible_child_name (self->national_detail, "escalation");
}

void
_bansou_consult_national_answer (BansouConsultPage *self)
{
  national_answer_cb (NULL, self);
}

static void
national_selected_cb (GtkListBox        *list,
                      GtkListBoxRow     *row,
                      BansouConsultPage *self)
{
  const char *id = row ? g_object_get_data (G_OBJECT (row), "escalation") : NULL;

  if (id != NULL)
    national_show (self, id);
}

static void
national_waiting_cb (GtkCheckButton    *button,
                     BansouConsultPage *self)
{
  _bansou_consult_national_reload (self);
}

/* The third view of a national desk's page; none on a prefecture's. */
void
_bansou_consult_national_build (BansouConsultPage *self)
{
  GtkWidget *paned, *left, *scroll, *status, *clamp, *detail;
  AdwViewStackPage *page;

  if (!bansou_context_is_national (self->context))
    return;

  left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->national_waiting = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Only _unanswered")));
  gtk_check_button_set_active (self->national_waiting, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->national_waiting), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->national_waiting), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->national_waiting), 6);
  g_signal_connect (self->national_waiting, "toggled", G_CALLBACK (national_waiting_cb), self);
  gtk_box_append (GTK_BOX (left), GTK_WIDGET (self->national_waiting));

  self->national_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->national_stack), TRUE);
  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "mail-read-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Escalations"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("Questions the prefectures send to the 総合窓口 arrive here with a sync."));
  gtk_stack_add_named (self->national_stack, status, "empty");
  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  self->national_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->national_list), "navigation-sidebar");
  g_signal_connect (self->national_list, "row-selected", G_CALLBACK (national_selected_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->national_list));
  gtk_stack_add_named (self->national_stack, scroll, "list");
  gtk_box_append (GTK_BOX (left), GTK_WIDGET (self->national_stack));
  gtk_widget_set_size_request (left, 360, -1);

  self->national_detail = GTK_STACK (gtk_stack_new ());
  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "mail-read-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Escalation Selected"));
  gtk_stack_add_named (self->national_detail, status, "none");
  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  detail = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_margin_top (detail, 12);
  gtk_widget_set_margin_bottom (detail, 18);
  gtk_widget_set_margin_start (detail, 12);
  gtk_widget_set_margin_end (detail, 12);
  self->national_box = GTK_BOX (detail);
  adw_clamp_set_child (ADW_CLAMP (clamp), detail);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), clamp);
  gtk_stack_add_named (self->national_detail, scroll, "escalation");
  gtk_widget_set_size_request (GTK_WIDGET (self->national_detail), 420, -1);

  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child (GTK_PANED (paned), left);
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (self->national_detail));
  gtk_paned_set_position (GTK_PANED (paned), 460);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);

  page = adw_view_stack_add_titled (self->views, paned, "national", _("National Desk"));
  adw_view_stack_page_set_icon_name (page, "system-users-symbolic");
  _bansou_consult_national_reload (self);
  /* What a national desk is for: its queue comes first. */
  adw_view_stack_set_visible_child_name (self->views, "national");
}
