/* test-consult-page.c — the 相談 page under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Over a real database of 広島県: the empty states (no consultation, no
 * search result); a ticket opened from the queue, replied to (Ctrl+Enter's
 * action) and moved through its states with the buttons' action; the
 * overdue view; a search with a two-character word (監査); the new-ticket
 * dialog suggesting an article while its description is typed; a solved
 * ticket made into an article with its personal data removed; and a typed
 * reply that is not thrown away without asking.
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "bansou-gui-test-utils.h"
#include "bansou-test-utils.h"
#include "bansou-context.h"
#include "bansou-consult-dialogs-private.h"
#include "bansou-consult-page.h"

#define KURE   "342025"
#define MIHARA "342041"

static gboolean have_display;

typedef struct
{
  char          *path;
  BansouStore   *store;
  GSettings     *settings;
  BansouContext *context;
  BansouConsult *consult;
  GtkWindow     *window;
  GtkWidget     *page;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!have_display)
    {
      g_test_skip ("No display: run the gui suite under xvfb-run");
      return;
    }

  fx->store = bansou_test_open_store (&fx->path);
  g_assert_true (bansou_store_set_setting (fx->store, "prefecture", "34", &error));
  g_assert_no_error (error);
  fx->settings = g_settings_new (APP_ID);
  fx->context = bansou_context_new (fx->store, fx->settings);
  fx->consult = bansou_context_get_consult (fx->context);
}

/* The page is made after the test has written what it needs. */
static void
show_page (Fixture *fx)
{
  fx->page = bansou_consult_page_new (fx->context);
  fx->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx->window, 1280, 720);
  gtk_window_set_child (fx->window, fx->page);
  gtk_window_present (fx->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->window));
  bansou_gui_test_drain ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (!have_display)
    return;
  if (fx->window != NULL)
    gtk_window_destroy (fx->window);
  bansou_gui_test_drain ();
  g_clear_object (&fx->context);
  g_clear_object (&fx->settings);
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->path, g_free);
}

static BansouConsultPage *
page (Fixture *fx)
{
  return BANSOU_CONSULT_PAGE (fx->page);
}

static char *
open_ticket (Fixture        *fx,
             const char     *body,
             BansouPriority  priority,
             const char     *subject,
             const char     *text,
             const char     *received)
{
  g_autoptr(GError) error = NULL;
  char *id = bansou_consult_open (fx->consult, body, BANSOU_CHANNEL_PHONE, BANSOU_TICKET_CATEGORY_SUPPLY_CHAIN,
                                  priority, subject, text, received, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static guint
n_shown (Fixture *fx)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (page (fx)->list_view)));
}

static const char *
queue_view (Fixture *fx)
{
  return gtk_stack_get_visible_child_name (page (fx)->queue_stack);
}

static BansouTicketState
state_of (Fixture    *fx,
          const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouTicket) t = bansou_consult_lookup (fx->consult, id, &error);

  g_assert_no_error (error);
  return t->state;
}

static gboolean
search_done (gpointer data)
{
  Fixture *fx = data;

  return page (fx)->search_id == 0 && page (fx)->found != NULL;
}

static void
search (Fixture    *fx,
        const char *query)
{
  gtk_editable_set_text (GTK_EDITABLE (page (fx)->search_entry), query);
  g_signal_emit_by_name (page (fx)->search_entry, "search-changed");
  g_assert_true (bansou_gui_test_wait_for (search_done, fx));
  bansou_gui_test_drain ();
}

static void
select_row (Fixture    *fx,
            const char *id)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (page (fx)->list_view));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BansouTicketItem) item = g_list_model_get_item (model, i);

      if (g_str_equal (bansou_ticket_item_get_id (item), id))
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), i, TRUE);
          bansou_gui_test_drain ();
          return;
        }
    }
  g_assert_not_reached ();
}

static void
type_text (GtkTextView *view,
           const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

/* ------------------------------------------------------------------------ */

static void
test_empty (Fixture       *fx,
            gconstpointer  data)
{
  if (!have_display)
    return;
  show_page (fx);

  g_assert_cmpstr (queue_view (fx), ==, "empty");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page (fx)->detail_stack), ==, "none");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page (fx)->articles_stack), ==, "empty");

  /* With a ticket, a search that finds nothing says so. */
  g_free (open_ticket (fx, KURE, BANSOU_PRIORITY_NORMAL, "委託先の選定", "入札の条件を知りたい", NULL));
  _bansou_consult_page_reload (page (fx));
  g_assert_cmpstr (queue_view (fx), ==, "list");
  g_assert_cmpuint (n_shown (fx), ==, 1);
  search (fx, "存在しない言葉");
  g_assert_cmpuint (n_shown (fx), ==, 0);
  g_assert_cmpstr (queue_view (fx), ==, "none");
  g_assert_cmpstr (adw_status_page_get_title (page (fx)->none_status), ==, "No Results");
}

static void
test_reply_and_states (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(BansouTicket) t = NULL;

  if (!have_display)
    return;
  id = open_ticket (fx, KURE, BANSOU_PRIORITY_HIGH, "委託先の監査", "再委託先まで監査できますか", NULL);
  show_page (fx);

  select_row (fx, id);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page (fx)->detail_stack), ==, "ticket");
  g_assert_nonnull (page (fx)->compose_view);

  /* An empty reply is not sent. */
  g_assert_true (gtk_widget_activate_action (fx->page, "consult.send", NULL));
  g_assert_cmpint (state_of (fx, id), ==, BANSOU_TICKET_RECEIVED);

  /* Ctrl+Enter's action sends the reply: the first one starts the work. */
  type_text (page (fx)->compose_view, "契約書に再委託先の監査を明記してください。");
  g_assert_true (gtk_widget_activate_action (fx->page, "consult.send", NULL));
  bansou_gui_test_drain ();
  t = bansou_consult_lookup (fx->consult, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->messages->len, ==, 1);
  g_assert_cmpstr (((BansouTicketMessage *) t->messages->pdata[0])->kind, ==, "reply");
  g_assert_nonnull (t->first_response_at);
  g_assert_cmpint (t->state, ==, BANSOU_TICKET_IN_PROGRESS);
  g_assert_false (_bansou_consult_ticket_has_draft (page (fx)));

  /* An internal note is kept apart. */
  type_text (page (fx)->compose_view, "総合窓口にも確認する");
  gtk_drop_down_set_selected (page (fx)->compose_kind, BANSOU_MESSAGE_NOTE);
  g_assert_true (gtk_widget_activate_action (fx->page, "consult.send", NULL));
  bansou_gui_test_drain ();
  g_clear_pointer (&t, bansou_ticket_free);
  t = bansou_consult_lookup (fx->consult, id, &error);
  g_assert_cmpuint (t->messages->len, ==, 2);
  g_assert_cmpstr (((BansouTicketMessage *) t->messages->pdata[1])->kind, ==, "note");

  /* The state buttons: on hold pauses the SLA, shown as such in the row. */
  g_assert_true (gtk_widget_activate_action (fx->page, "consult.state", "i", (gint32) BANSOU_TICKET_ON_HOLD));
  bansou_gui_test_drain ();
  g_assert_cmpint (state_of (fx, id), ==, BANSOU_TICKET_ON_HOLD);
  {
    GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (page (fx)->list_view));
    g_autoptr(BansouTicketItem) item = g_list_model_get_item (model, 0);
    const BansouSlaClock *clock = bansou_ticket_sla_current (bansou_ticket_item_get_sla (item));
    g_autofree char *text = NULL;

    g_assert_cmpint (bansou_ticket_item_get_ticket (item)->state, ==, BANSOU_TICKET_ON_HOLD);
    g_assert_nonnull (clock);
    g_assert_true (clock->paused);
    text = bansou_sla_clock_describe (fx->consult, clock, NULL);
    g_assert_cmpstr (text, ==, "On hold");
  }

  /* Answered, then closed: a closed ticket leaves 未完了 and takes no reply. */
  g_assert_true (gtk_widget_activate_action (fx->page, "consult.state", "i", (gint32) BANSOU_TICKET_IN_PROGRESS));
  g_assert_true (gtk_widget_activate_action (fx->page, "consult.state", "i", (gint32) BANSOU_TICKET_ANSWERED));
  g_assert_true (gtk_widget_activate_action (fx->page, "consult.state", "i", (gint32) BANSOU_TICKET_CLOSED));
  bansou_gui_test_drain ();
  g_assert_cmpint (state_of (fx, id), ==, BANSOU_TICKET_CLOSED);
  g_assert_cmpuint (n_shown (fx), ==, 0);
  g_assert_null (page (fx)->compose_view);
  gtk_toggle_button_set_active (page (fx)->all_toggle, TRUE);
  g_assert_cmpuint (n_shown (fx), ==, 1);
}

static void
test_overdue (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *late = NULL;
  g_autofree char *fresh = NULL;

  if (!have_display)
    return;
  late = open_ticket (fx, KURE, BANSOU_PRIORITY_CRITICAL, "古い相談", "返事がまだ", "2025-06-02T01:00:00Z");
  fresh = open_ticket (fx, MIHARA, BANSOU_PRIORITY_LOW, "新しい相談", "今日の相談", NULL);
  show_page (fx);
  g_assert_cmpuint (n_shown (fx), ==, 2);

  gtk_toggle_button_set_active (page (fx)->overdue_toggle, TRUE);
  bansou_gui_test_drain ();
  g_assert_cmpuint (n_shown (fx), ==, 1);
  {
    GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (page (fx)->list_view));
    g_autoptr(BansouTicketItem) item = g_list_model_get_item (model, 0);
    const BansouSlaClock *clock = bansou_ticket_sla_current (bansou_ticket_item_get_sla (item));
    const char *klass = NULL;
    g_autofree char *text = bansou_sla_clock_describe (fx->consult, clock, &klass);

    g_assert_cmpstr (bansou_ticket_item_get_id (item), ==, late);
    g_assert_cmpstr (klass, ==, "error");
    g_assert_true (g_str_has_suffix (text, " over"));
  }

  /* Closing the late one empties the overdue view, with its own words. */
  select_row (fx, late);
  g_assert_true (gtk_widget_activate_action (fx->page, "consult.state", "i", (gint32) BANSOU_TICKET_CLOSED));
  bansou_gui_test_drain ();
  g_assert_cmpuint (n_shown (fx), ==, 0);
  g_assert_cmpstr (queue_view (fx), ==, "none");
  g_assert_cmpstr (adw_status_page_get_title (page (fx)->none_status), ==, "Nothing Overdue");
}

static void
test_search_short (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *drill = NULL;
  g_autofree char *article = NULL;

  if (!have_display)
    return;
  audit = open_ticket (fx, KURE, BANSOU_PRIORITY_NORMAL, "委託先の外部監査", "監査の範囲を知りたい", NULL);
  drill = open_ticket (fx, MIHARA, BANSOU_PRIORITY_NORMAL, "標的型メールの訓練", "訓練の方法", NULL);
  article = bansou_consult_add_article (fx->consult, "監査項目の例", "委託先に求める監査は？",
                                        "アクセス管理とログ保管を監査します。", BANSOU_TICKET_CATEGORY_SUPPLY_CHAIN,
                                        NULL, &error);
  g_assert_no_error (error);
  show_page (fx);
  g_assert_cmpuint (n_shown (fx), ==, 2);

  search (fx, "監査");
  g_assert_cmpuint (n_shown (fx), ==, 1);
  {
    GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (page (fx)->list_view));
    g_autoptr(BansouTicketItem) item = g_list_model_get_item (model, 0);
    g_assert_cmpstr (bansou_ticket_item_get_id (item), ==, audit);
  }
  /* The articles it found are listed on the articles view. */
  g_assert_cmpuint (page (fx)->found_articles->len, ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page (fx)->articles_stack), ==, "list");

  search (fx, "訓練");
  g_assert_cmpuint (n_shown (fx), ==, 1);
  g_assert_cmpuint (page (fx)->found_articles->len, ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page (fx)->articles_stack), ==, "empty");

  /* Clearing the search shows the queue again. */
  gtk_editable_set_text (GTK_EDITABLE (page (fx)->search_entry), "");
  g_signal_emit_by_name (page (fx)->search_entry, "search-changed");
  while (page (fx)->search_id != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (page (fx)->found);
  g_assert_cmpuint (n_shown (fx), ==, 2);
}

static gboolean
suggested (gpointer data)
{
  TicketDialog *d = data;

  return d->suggest_runs > 0 && d->suggest_id == 0;
}

static void
test_new_ticket_suggestions (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *article = NULL;
  g_autoptr(GPtrArray) open = NULL;
  GtkWindow *window;
  TicketDialog *d;

  if (!have_display)
    return;
  article = bansou_consult_add_article (fx->consult, "外部監査の委託先の選び方", "外部監査の委託先は？",
                                        "監査法人の登録と実績を確認します。", BANSOU_TICKET_CATEGORY_SUPPLY_CHAIN,
                                        NULL, &error);
  g_assert_no_error (error);
  /* Drafts are not suggested: only what the desk published. */
  g_assert_true (bansou_consult_set_visibility (fx->consult, article, BANSOU_VISIBILITY_PREFECTURE, &error));
  g_assert_no_error (error);
  show_page (fx);

  g_assert_true (gtk_widget_activate_action (fx->page, "consult.new", NULL));
  bansou_gui_test_drain ();
  window = NULL;
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
        if (BANSOU_CONSULT_DIALOG (w) != NULL && gtk_widget_get_visible (GTK_WIDGET (w)))
          window = w;
      }
  }
  g_assert_nonnull (window);
  d = BANSOU_CONSULT_DIALOG (window);
  g_assert_cmpuint (d->n_suggestions, ==, 0);

  /* Typing: suggestions come after the pause, not per key. */
  gtk_editable_set_text (GTK_EDITABLE (d->subject), "委託先の選定");
  type_text (d->description, "外部監査の委託先を選ぶ基準を教えてください");
  g_assert_cmpuint (d->suggest_runs, ==, 0);
  g_assert_true (bansou_gui_test_wait_for (suggested, d));
  g_assert_cmpuint (d->suggest_runs, ==, 1);
  g_assert_cmpuint (d->n_suggestions, >=, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->suggestions)));

  /* No body chosen in a registry of 広島県 is impossible: the first is taken. */
  adw_combo_row_set_selected (d->priority, BANSOU_PRIORITY_HIGH);
  {
    GtkWidget *accept = gtk_window_get_default_widget (window);
    g_signal_emit_by_name (accept, "clicked");
  }
  bansou_gui_test_drain ();
  open = bansou_consult_list (fx->consult, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpstr (((BansouTicket *) open->pdata[0])->subject, ==, "委託先の選定");
  g_assert_cmpint (((BansouTicket *) open->pdata[0])->priority, ==, BANSOU_PRIORITY_HIGH);
  /* … and it is shown, selected. */
  g_assert_cmpuint (n_shown (fx), ==, 1);
  g_assert_nonnull (page (fx)->ticket);
  g_assert_cmpstr (page (fx)->ticket->id, ==, ((BansouTicket *) open->pdata[0])->id);
}

static void
test_make_article (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *question = NULL;
  g_autoptr(GPtrArray) articles = NULL;
  GtkWindow *window;
  ArticleDialog *d;

  if (!have_display)
    return;
  id = open_ticket (fx, KURE, BANSOU_PRIORITY_NORMAL, "呉市の委託先について",
                    "担当の田中です。委託先の監査について。電話 082-123-4567、tanaka@example.jp", NULL);
  g_free (bansou_consult_add_message (fx->consult, id, BANSOU_MESSAGE_REPLY, "山田さんに確認のうえ、監査条項を入れてください。",
                                      NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bansou_consult_set_state (fx->consult, id, BANSOU_TICKET_ANSWERED, NULL, &error));
  show_page (fx);
  select_row (fx, id);

  window = _bansou_consult_article_dialog (page (fx), page (fx)->ticket);
  gtk_window_present (window);
  bansou_gui_test_drain ();
  d = BANSOU_CONSULT_DIALOG (window);
  g_assert_cmpuint (d->n_found, >=, 4);
  g_assert_nonnull (d->removed);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (d->question);
    GtkTextIter s, e;
    gtk_text_buffer_get_bounds (buffer, &s, &e);
    question = gtk_text_buffer_get_text (buffer, &s, &e, FALSE);
  }
  g_assert_null (strstr (question, "082-123-4567"));
  g_assert_null (strstr (question, "tanaka@example.jp"));
  g_assert_null (strstr (question, "田中"));
  g_assert_null (strstr (gtk_editable_get_text (GTK_EDITABLE (d->title)), "呉市"));

  /* What is saved is the edited text. */
  type_text (d->answer, "監査条項を契約書に入れてください。");
  gtk_drop_down_set_selected (d->visibility, BANSOU_VISIBILITY_PREFECTURE);
  g_signal_emit_by_name (gtk_window_get_default_widget (window), "clicked");
  bansou_gui_test_drain ();
  articles = bansou_consult_list_articles (fx->consult, -1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (articles->len, ==, 1);
  g_assert_cmpstr (((BansouArticle *) articles->pdata[0])->answer, ==, "監査条項を契約書に入れてください。");
  g_assert_cmpint (((BansouArticle *) articles->pdata[0])->visibility, ==, BANSOU_VISIBILITY_PREFECTURE);
  g_assert_cmpstr (((BansouArticle *) articles->pdata[0])->source_ticket, ==, id);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page (fx)->articles_stack), ==, "list");
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static void
test_discard_confirm (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  AdwMessageDialog *dialog;

  if (!have_display)
    return;
  first = open_ticket (fx, KURE, BANSOU_PRIORITY_NORMAL, "一件目", "内容", NULL);
  second = open_ticket (fx, MIHARA, BANSOU_PRIORITY_NORMAL, "二件目", "内容", NULL);
  show_page (fx);
  select_row (fx, first);
  type_text (page (fx)->compose_view, "書きかけの回答");

  /* Another row: the reply stays until the person says to drop it. */
  select_row (fx, second);
  g_assert_cmpstr (page (fx)->ticket->id, ==, first);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  /* What its button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "keep");
  gtk_window_destroy (GTK_WINDOW (dialog));
  bansou_gui_test_drain ();
  g_assert_cmpstr (page (fx)->ticket->id, ==, first);
  g_assert_true (_bansou_consult_ticket_has_draft (page (fx)));

  select_row (fx, second);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  gtk_window_destroy (GTK_WINDOW (dialog));
  bansou_gui_test_drain ();
  g_assert_cmpstr (page (fx)->ticket->id, ==, second);
  g_assert_false (_bansou_consult_ticket_has_draft (page (fx)));
}

/* A file attached from the ticket view is listed with its SHA-256, read
 * back whole; one over the limit is refused with the limit named. */
static void
test_attachments (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *small = NULL;
  g_autofree char *large = NULL;
  g_autofree char *big = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) back = NULL;
  BansouAttachment *a;

  if (!have_display)
    return;
  id = open_ticket (fx, KURE, BANSOU_PRIORITY_NORMAL, "ログの提出", "ログを送ります", NULL);
  show_page (fx);
  select_row (fx, id);

  dir = bansou_test_make_dir ();
  small = g_build_filename (dir, "アクセスログ.csv", NULL);
  g_assert_true (g_file_set_contents (small, "date,user\n2026-12-01,a\n", -1, &error));
  file = g_file_new_for_path (small);
  g_assert_true (_bansou_consult_ticket_attach_file (page (fx), file, &error));
  g_assert_no_error (error);
  bansou_gui_test_drain ();
  g_assert_nonnull (page (fx)->ticket->attachments);
  g_assert_cmpuint (page (fx)->ticket->attachments->len, ==, 1);
  a = g_ptr_array_index (page (fx)->ticket->attachments, 0);
  g_assert_cmpstr (a->name, ==, "アクセスログ.csv");
  g_assert_cmpint (a->size, ==, 23);
  g_assert_cmpuint (strlen (a->sha256), ==, 64);
  back = bansou_consult_get_attachment (fx->consult, a->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (back), ==, 23);

  /* Over 10 MB: refused before it is read, nothing attached. */
  large = g_build_filename (dir, "large.bin", NULL);
  big = g_malloc0 (BANSOU_ATTACHMENT_MAX_SIZE + 1);
  g_assert_true (g_file_set_contents (large, big, BANSOU_ATTACHMENT_MAX_SIZE + 1, &error));
  g_clear_object (&file);
  file = g_file_new_for_path (large);
  g_assert_false (_bansou_consult_ticket_attach_file (page (fx), file, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "10 MB"));
  g_assert_cmpuint (page (fx)->ticket->attachments->len, ==, 1);
}

/* The open ticket's SLA rows move on with the page's minute timer, which
 * runs only while the page is mapped; the queue reads no description, the
 * ticket view reads the ticket whole. */
static void
test_ticket_sla_live (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) long_ago = g_date_time_add_days (now, -30);
  g_autoptr(BansouTicketItem) item = NULL;
  g_autofree char *text = NULL;

  if (!have_display)
    return;
  id = open_ticket (fx, KURE, BANSOU_PRIORITY_HIGH, "委託先の監査", "再委託先まで監査できますか", NULL);
  show_page (fx);
  g_assert_cmpuint (page (fx)->sla_tick_id, !=, 0);
  item = g_list_model_get_item (G_LIST_MODEL (page (fx)->tickets), 0);
  g_assert_null (bansou_ticket_item_get_ticket (item)->description);
  select_row (fx, id);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page (fx)->detail_stack), ==, "ticket");
  g_assert_nonnull (page (fx)->ticket->description);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (page (fx)->description_view);
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "再委託先まで監査できますか");
  }
  g_assert_nonnull (page (fx)->sla_labels[0]);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (page (fx)->sla_labels[0]), "error"));
  before = g_strdup (gtk_label_get_text (page (fx)->sla_labels[0]));

  /* A month on (the ticket as the view holds it, received earlier): the
   * refresh the timer does shows the first response over. */
  g_free (page (fx)->ticket->received_at);
  page (fx)->ticket->received_at = g_date_time_format_iso8601 (long_ago);
  _bansou_consult_ticket_refresh_sla (page (fx));
  g_assert_cmpstr (gtk_label_get_text (page (fx)->sla_labels[0]), !=, before);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page (fx)->sla_labels[0]), "error"));

  /* Hidden, the timer stops; shown again, it runs. */
  gtk_widget_set_visible (fx->page, FALSE);
  g_assert_cmpuint (page (fx)->sla_tick_id, ==, 0);
  gtk_widget_set_visible (fx->page, TRUE);
  bansou_gui_test_drain ();
  g_assert_cmpuint (page (fx)->sla_tick_id, !=, 0);
}

/* Times show in Japan's time whatever the machine's zone: main() sets
 * TZ=UTC, as a CI machine or a laptop abroad has it. */
static void
test_japan_time (void)
{
  g_autofree char *receipt = _bansou_consult_format_datetime ("2026-12-02T00:10:00Z");
  g_autoptr(GDateTime) deadline = g_date_time_new_from_iso8601 ("2026-12-02T01:10:00Z", NULL);
  g_autofree char *due = _bansou_consult_format_deadline (deadline);

  g_assert_cmpstr (receipt, ==, "2026/12/02 09:10");
  g_assert_nonnull (strstr (due, "12/02"));
  g_assert_nonnull (strstr (due, "10:10"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  have_display = bansou_gui_test_init (&argc, &argv);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  g_test_add_func ("/consult/page/japan-time", test_japan_time);
  ADD ("/consult/page/empty", test_empty);
  ADD ("/consult/page/reply-and-states", test_reply_and_states);
  ADD ("/consult/page/overdue", test_overdue);
  ADD ("/consult/page/search-short", test_search_short);
  ADD ("/consult/page/new-ticket-suggestions", test_new_ticket_suggestions);
  ADD ("/consult/page/make-article", test_make_article);
  ADD ("/consult/page/discard-confirm", test_discard_confirm);
  ADD ("/consult/page/attachments", test_attachments);
  ADD ("/consult/page/ticket-sla-live", test_ticket_sla_live);
#undef ADD

  return g_test_run ();
}
