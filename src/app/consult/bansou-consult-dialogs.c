/* bansou-consult-dialogs.c — the 相談 page's dialogs: a new consultation
 * with suggestions of related articles while it is typed, a solved one
 * made into an article after the personal-data preview, and the question
 * before a typed reply is thrown away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-consult-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-consult-dialogs-private.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

#define SUGGEST_DELAY_MS 300
#define SUGGEST_LIMIT    5

static GtkWidget *
section_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

/* A modal window with a header bar holding Cancel and the main button. */
GtkWidget *
_bansou_consult_dialog_window (BansouConsultPage *self,
               const char        *title,
               const char        *accept,
               GtkWidget        **accept_button,
               GtkWidget         *content)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *window = gtk_window_new ();
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroll = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *toasts = adw_toast_overlay_new ();

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 680);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  *accept_button = gtk_button_new_with_mnemonic (accept);
  gtk_widget_add_css_class (*accept_button, "suggested-action");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), *accept_button);
  gtk_window_set_default_widget (GTK_WINDOW (window), *accept_button);

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 680);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scroll);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (toasts), box);
  g_object_set_data (G_OBJECT (window), "toasts", toasts);
  gtk_window_set_child (GTK_WINDOW (window), toasts);

  {
    GtkShortcutController *keys = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
    gtk_shortcut_controller_add_shortcut (keys, gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                                                                  gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (keys));
  }
  return window;
}

/* An error inside the dialog: a toast on it, nothing closed. */
static void
dialog_error (GtkWidget    *window,
              const GError *error)
{
  AdwToastOverlay *toasts = g_object_get_data (G_OBJECT (window), "toasts");
  g_autofree char *message = bansou_ui_error_message (error);
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (toasts, toast);
}

/* ------------------------------------------------------------------------ */
/* A new consultation                                                       */

static void
ticket_dialog_free (TicketDialog *d)
{
  g_clear_handle_id (&d->suggest_id, g_source_remove);
  g_clear_object (&d->bodies);
  g_clear_object (&d->page);
  g_free (d);
}

static void
suggestions_fill (TicketDialog *d,
                  GPtrArray    *hits)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (d->suggestions))))
    gtk_list_box_remove (d->suggestions, child);
  for (guint i = 0; hits != NULL && i < hits->len; i++)
    {
      BansouSearchHit *hit = g_ptr_array_index (hits, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hit->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), hit->snippet ? hit->snippet : "");
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("accessories-dictionary-symbolic"));
      gtk_list_box_append (d->suggestions, row);
    }
  d->n_suggestions = hits != NULL ? hits->len : 0;
  gtk_widget_set_visible (GTK_WIDGET (d->suggestions), d->n_suggestions > 0);
  gtk_widget_set_visible (d->suggestions_empty, d->n_suggestions == 0);
}

static gboolean
suggest_cb (gpointer data)
{
  TicketDialog *d = data;
  g_autofree char *description = bansou_ui_text_view_get_text (d->description);
  g_autofree char *text = g_strconcat (gtk_editable_get_text (GTK_EDITABLE (d->subject)), " ", description, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  d->suggest_id = 0;
  if (bansou_str_is_blank (text))
    suggestions_fill (d, NULL);
  else if ((hits = bansou_consult_suggest (d->page->consult, text, SUGGEST_LIMIT, &error)))
    suggestions_fill (d, hits);
  else
    g_debug ("No suggestions: %s", error->message);
  d->suggest_runs++;
  return G_SOURCE_REMOVE;
}

/* Typing waits: suggestions come 300 ms after the last key. */
static void
text_changed_cb (TicketDialog *d)
{
  g_clear_handle_id (&d->suggest_id, g_source_remove);
  d->suggest_id = g_timeout_add (SUGGEST_DELAY_MS, suggest_cb, d);
}

static void
ticket_accept_cb (GtkButton    *button,
                  TicketDialog *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = bansou_ui_text_view_get_text (d->description);
  g_autofree char *id = NULL;
  g_autoptr(BansouBody) body = NULL;
  guint i = adw_combo_row_get_selected (d->body);

  if (i == GTK_INVALID_LIST_POSITION || !(body = g_list_model_get_item (d->bodies, i)))
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Choose the body that asks."));
      dialog_error (d->window, error);
      return;
    }
  id = bansou_consult_open (d->page->consult, bansou_body_get_code (body),
                            adw_combo_row_get_selected (d->channel), adw_combo_row_get_selected (d->category),
                            adw_combo_row_get_selected (d->priority),
                            gtk_editable_get_text (GTK_EDITABLE (d->subject)), description, NULL, &error);
  if (id == NULL)
    {
      dialog_error (d->window, error);
      return;
    }
  _bansou_consult_page_ticket_changed (d->page, id);
  _bansou_consult_page_select (d->page, id);
  gtk_window_destroy (GTK_WINDOW (d->window));
}

static char *
body_name (BansouBody *body)
{
  return g_strdup (bansou_body_get_name (body));
}

GtkWindow *
_bansou_consult_new_ticket_dialog (BansouConsultPage *self)
{
  TicketDialog *d = g_new0 (TicketDialog, 1);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *accept;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) channels = _bansou_consult_labels (CONSULT_LABELS_CHANNEL);
  g_autoptr(GtkStringList) categories = _bansou_consult_labels (CONSULT_LABELS_CATEGORY);
  g_autoptr(GtkStringList) priorities = _bansou_consult_labels (CONSULT_LABELS_PRIORITY);
  g_autoptr(GtkExpression) name = NULL;
  const char *scope = bansou_context_get_scope (self->context);

  d->page = g_object_ref (self);
  d->bodies = bansou_registry_list (bansou_context_get_registry (self->context),
                                    bansou_context_is_national (self->context) ? NULL : scope,
                                    BANSOU_LIST_DEFAULT, &error);
  if (d->bodies == NULL)
    {
      g_debug ("No bodies: %s", error->message);
      d->bodies = G_LIST_MODEL (g_list_store_new (BANSOU_TYPE_BODY));
    }

  name = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (body_name), NULL, NULL);
  d->body = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->body), _("Body"));
  adw_combo_row_set_expression (d->body, name);
  adw_combo_row_set_model (d->body, d->bodies);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (d->body));

  d->channel = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->channel), _("Channel"));
  adw_combo_row_set_model (d->channel, G_LIST_MODEL (channels));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (d->channel));

  d->category = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->category), _("Topic"));
  adw_combo_row_set_model (d->category, G_LIST_MODEL (categories));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (d->category));

  d->priority = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->priority), _("Priority"));
  adw_combo_row_set_model (d->priority, G_LIST_MODEL (priorities));
  adw_combo_row_set_selected (d->priority, BANSOU_PRIORITY_NORMAL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (d->priority));

  d->subject = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->subject), _("Subject"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (d->subject));
  gtk_box_append (GTK_BOX (content), group);

  gtk_box_append (GTK_BOX (content), section_label (_("Description")));
  gtk_box_append (GTK_BOX (content), bansou_ui_text_area (&d->description, NULL, 140));

  gtk_box_append (GTK_BOX (content), section_label (_("Related Articles")));
  d->suggestions = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (d->suggestions, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (d->suggestions), "boxed-list");
  gtk_widget_set_visible (GTK_WIDGET (d->suggestions), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (d->suggestions));
  d->suggestions_empty = gtk_label_new (_("Articles of the Q&A base that answer something like it appear here while you type."));
  gtk_label_set_wrap (GTK_LABEL (d->suggestions_empty), TRUE);
  gtk_label_set_xalign (GTK_LABEL (d->suggestions_empty), 0);
  gtk_widget_add_css_class (d->suggestions_empty, "dim-label");
  gtk_box_append (GTK_BOX (content), d->suggestions_empty);

  d->window = _bansou_consult_dialog_window (self, _("New Consultation"), _("_Record"), &accept, content);
  g_object_set_data_full (G_OBJECT (d->window), "dialog", d, (GDestroyNotify) ticket_dialog_free);
  g_signal_connect (accept, "clicked", G_CALLBACK (ticket_accept_cb), d);
  g_signal_connect_swapped (d->subject, "changed", G_CALLBACK (text_changed_cb), d);
  g_signal_connect_swapped (gtk_text_view_get_buffer (d->description), "changed", G_CALLBACK (text_changed_cb), d);
  gtk_widget_grab_focus (GTK_WIDGET (d->subject));
  return GTK_WINDOW (d->window);
}

/* ------------------------------------------------------------------------ */
/* A solved consultation becomes an article                                 */

static void
article_dialog_free (ArticleDialog *d)
{
  g_clear_object (&d->page);
  g_free (d->ticket);
  g_free (d);
}

static void
article_accept_cb (GtkButton     *button,
                   ArticleDialog *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *question = bansou_ui_text_view_get_text (d->question);
  g_autofree char *answer = bansou_ui_text_view_get_text (d->answer);
  g_autofree char *id = NULL;
  guint visibility = gtk_drop_down_get_selected (d->visibility);

  id = bansou_consult_add_article (d->page->consult, gtk_editable_get_text (GTK_EDITABLE (d->title)),
                                   question, answer, adw_combo_row_get_selected (d->category), d->ticket, &error);
  if (id == NULL)
    {
      dialog_error (d->window, error);
      return;
    }
  if (visibility != BANSOU_VISIBILITY_DRAFT &&
      !bansou_consult_set_visibility (d->page->consult, id, visibility, &error))
    /* Saved as a draft: say so, on the page, since the dialog closes. */
    bansou_show_error (GTK_WIDGET (d->page), error);
  else
    bansou_show_message (GTK_WIDGET (d->page), _("The article was saved to the Q&A base."));
  _bansou_consult_page_reload_articles (d->page);
  gtk_window_destroy (GTK_WINDOW (d->window));
}

/* The text with what the finder found replaced, and each find listed. */
static char *
redact (ArticleDialog      *d,
        const char         *text,
        const BansouTicket *ticket,
        GString            *found)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) matches = bansou_consult_find_personal_data (d->page->consult, text, ticket, &error);

  if (matches == NULL)
    {
      g_debug ("No personal-data check: %s", error->message);
      return g_strdup (text);
    }
  for (guint i = 0; i < matches->len; i++)
    {
      BansouPiiMatch *m = g_ptr_array_index (matches, i);

      d->n_found++;
      /* TRANSLATORS: one thing removed before an article is saved: kind, text */
      g_string_append_printf (found, _("%s: %s\n"), bansou_pii_kind_get_label (m->kind), m->text);
    }
  return bansou_pii_redact (text, matches);
}

GtkWindow *
_bansou_consult_article_dialog (BansouConsultPage  *self,
                                const BansouTicket *ticket)
{
  ArticleDialog *d = g_new0 (ArticleDialog, 1);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *accept, *label, *row;
  g_autoptr(GString) answers = g_string_new (NULL);
  g_autoptr(GString) found = g_string_new (NULL);
  g_autoptr(GtkStringList) categories = _bansou_consult_labels (CONSULT_LABELS_CATEGORY);
  const char *visibilities[] = { bansou_visibility_get_label (BANSOU_VISIBILITY_DRAFT),
                                 bansou_visibility_get_label (BANSOU_VISIBILITY_PREFECTURE),
                                 bansou_visibility_get_label (BANSOU_VISIBILITY_NATIONAL), NULL };
  g_autofree char *title = NULL;
  g_autofree char *question = NULL;
  g_autofree char *answer = NULL;

  d->page = g_object_ref (self);
  d->ticket = g_strdup (ticket->id);

  for (guint i = 0; ticket->messages != NULL && i < ticket->messages->len; i++)
    {
      BansouTicketMessage *m = g_ptr_array_index (ticket->messages, i);

      if (g_strcmp0 (m->kind, "reply") != 0)
        continue;
      if (answers->len > 0)
        g_string_append (answers, "\n\n");
      g_string_append (answers, m->text);
    }
  title = redact (d, ticket->subject, ticket, found);
  question = redact (d, ticket->description ? ticket->description : "", ticket, found);
  answer = redact (d, answers->str, ticket, found);

  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (d->n_found > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u piece of personal data was removed. Read the text: a name written bare (山田太郎) is not found.",
                                                            "%u pieces of personal data were removed. Read the text: a name written bare (山田太郎) is not found.",
                                                            d->n_found), d->n_found);
      gtk_label_set_text (GTK_LABEL (label), text);
      gtk_widget_add_css_class (label, "warning");
    }
  else
    gtk_label_set_text (GTK_LABEL (label), _("No personal data was found. Read the text before saving: a name written bare (山田太郎) is not found."));
  gtk_box_append (GTK_BOX (content), label);
  if (d->n_found > 0)
    {
      GtkWidget *removed = gtk_label_new (found->str);

      gtk_label_set_xalign (GTK_LABEL (removed), 0);
      gtk_label_set_wrap (GTK_LABEL (removed), TRUE);
      gtk_label_set_selectable (GTK_LABEL (removed), TRUE);
      gtk_widget_add_css_class (removed, "card");
      gtk_widget_add_css_class (removed, "consult-removed");
      d->removed = removed;
      gtk_box_append (GTK_BOX (content), section_label (_("Removed")));
      gtk_box_append (GTK_BOX (content), removed);
    }

  d->title = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->title), _("Title"));
  gtk_editable_set_text (GTK_EDITABLE (d->title), title);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (d->title));
  d->category = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->category), _("Topic"));
  adw_combo_row_set_model (d->category, G_LIST_MODEL (categories));
  adw_combo_row_set_selected (d->category, ticket->category);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (d->category));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Publish"));
  d->visibility = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (visibilities));
  gtk_widget_set_valign (GTK_WIDGET (d->visibility), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (d->visibility));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  gtk_box_append (GTK_BOX (content), group);

  gtk_box_append (GTK_BOX (content), section_label (_("Question")));
  gtk_box_append (GTK_BOX (content), bansou_ui_text_area (&d->question, NULL, 100));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (d->question), question, -1);
  gtk_box_append (GTK_BOX (content), section_label (_("Answer")));
  gtk_box_append (GTK_BOX (content), bansou_ui_text_area (&d->answer, NULL, 140));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (d->answer), answer, -1);

  d->window = _bansou_consult_dialog_window (self, _("Make Article"), _("_Save Article"), &accept, content);
  g_object_set_data_full (G_OBJECT (d->window), "dialog", d, (GDestroyNotify) article_dialog_free);
  g_signal_connect (accept, "clicked", G_CALLBACK (article_accept_cb), d);
  return GTK_WINDOW (d->window);
}

/* ------------------------------------------------------------------------ */
/* Before a typed reply is thrown away                                      */

typedef struct
{
  BansouConsultPage *page;
  BansouConsultThen  then;
  gpointer           data;
  GDestroyNotify     destroy;
  gboolean           answered;
} Discard;

static void
discard_free (gpointer data,
              GClosure *closure)
{
  Discard *d = data;

  if (d->destroy != NULL)
    d->destroy (d->data);
  g_object_unref (d->page);
  g_free (d);
}

/* Once: closing the dialog after a response may emit its close response. */
static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Discard          *d)
{
  if (d->answered)
    return;
  d->answered = TRUE;
  if (g_strcmp0 (response, "discard") == 0)
    {
      if (d->page->compose_view != NULL)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (d->page->compose_view), "", -1);
      d->then (d->page, d->data);
    }
}

void
_bansou_consult_confirm_discard (BansouConsultPage *self,
                                 BansouConsultThen  then,
                                 gpointer           data,
                                 GDestroyNotify     destroy)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  Discard *d = g_new0 (Discard, 1);
  GtkWidget *dialog;

  d->page = g_object_ref (self);
  d->then = then;
  d->data = data;
  d->destroy = destroy;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Discard the Reply?"),
                                   _("The reply you are typing has not been sent. If you leave this consultation, it is lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Writing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_data (dialog, "response", G_CALLBACK (discard_response_cb), d, discard_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
