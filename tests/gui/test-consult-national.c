/* test-consult-national.c — the 相談 page and the national 総合窓口, under
 * Xvfb, against a real bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * 広島県's page: the 「総合窓口へ照会」 dialog warns of the personal data in
 * what it would send and sends nothing until it is edited out (or allowed);
 * the ticket then shows it waiting. After a sync, a national desk's page
 * (scope 全国) opens on its queue, shows the escalation and answers it; after
 * both sync, 広島県's ticket shows the answer, also in its thread as a note
 * by 総合窓口. And a ticket in 重大インシデント mode shows its checklist and
 * asks for an urgent dispatch in one action, once.
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "bansou-gui-test-utils.h"
#include "bansou-test-utils.h"
#include "bansou-context.h"
#include "bansou-consult-dialogs-private.h"
#include "bansou-consult-incident.h"
#include "bansou-consult-page.h"
#include "bansou-sync-tuning.h"
#include "server-harness.h"

#define KURE "342025"

static gboolean have_display;

typedef struct
{
  char          *path;
  BansouStore   *store;
  GSettings     *settings;
  BansouContext *context;
  BansouConsult *consult;
  BansouSync    *sync;
  GtkWindow     *window;
  GtkWidget     *page;
} Desk;

static Desk *
desk_new (BsvServer  *server,
          const char *scope,
          const char *token,
          GSettings  *settings)
{
  g_autoptr(GError) error = NULL;
  Desk *d = g_new0 (Desk, 1);
  BansouSyncLimits limits = { 0 };

  d->store = bansou_test_open_store (&d->path);
  g_assert_true (bansou_store_set_setting (d->store, "prefecture", scope, &error));
  g_assert_no_error (error);
  d->context = bansou_context_new (d->store, settings);
  d->consult = bansou_context_get_consult (d->context);
  d->sync = bansou_sync_new (d->path);
  limits.max_attempts = 4;
  limits.backoff_ms = 10;
  _bansou_sync_set_limits (d->sync, &limits);
  bansou_sync_set_server (d->sync, server->url, token, server->cert);
  return d;
}

static void
desk_show (Desk *d)
{
  d->page = bansou_consult_page_new (d->context);
  d->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (d->window, 1280, 720);
  gtk_window_set_child (d->window, d->page);
  gtk_window_present (d->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (d->window));
  bansou_gui_test_drain ();
}

static void
desk_sync (Desk *d)
{
  g_autoptr(GError) error = NULL;
  BansouSyncStats stats = { 0 };

  bansou_sync_run (d->sync, NULL, &stats, &error);
  g_assert_no_error (error);
}

static void
desk_free (Desk *d)
{
  if (d->window != NULL)
    gtk_window_destroy (d->window);
  bansou_gui_test_drain ();
  g_clear_object (&d->sync);
  g_clear_object (&d->context);
  g_clear_object (&d->store);
  g_free (d->path);
  g_free (d);
}

static BansouConsultPage *
page (Desk *d)
{
  return BANSOU_CONSULT_PAGE (d->page);
}

static void
select_ticket (Desk       *d,
               const char *id)
{
  g_assert_true (bansou_consult_page_show_ticket (page (d), id));
  bansou_gui_test_drain ();
  g_assert_nonnull (page (d)->ticket);
  g_assert_cmpstr (page (d)->ticket->id, ==, id);
}

static void
test_escalation_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *national_token = NULL;
  g_autofree char *hiroshima_token = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(BansouTicket) t = NULL;
  BsvServer *server;
  Desk *pref, *nat;
  GtkWindow *window;
  EscalationDialog *e;

  if (!have_display)
    {
      g_test_skip ("No display: run the gui suite under xvfb-run");
      return;
    }
  dir = bansou_test_make_dir ();
  server = bsv_server_new (dir, NULL);
  national_token = bsv_server_token (server, "national", "00", "総合窓口");
  hiroshima_token = bsv_server_token (server, "prefecture", "34", "広島県");
  bsv_server_start (server);
  settings = g_settings_new (APP_ID);

  pref = desk_new (server, "34", hiroshima_token, settings);
  id = bansou_consult_open (pref->consult, KURE, BANSOU_CHANNEL_PHONE, BANSOU_TICKET_CATEGORY_SUPPLY_CHAIN,
                            BANSOU_PRIORITY_HIGH, "委託先の再委託の監査",
                            "担当の田中です。再委託先まで監査の対象にできるか。電話 082-123-4567", NULL, &error);
  g_assert_no_error (error);
  desk_show (pref);
  select_ticket (pref, id);

  /* The dialog finds the personal data in what it would send … */
  window = _bansou_consult_escalation_dialog (page (pref));
  gtk_window_present (window);
  bansou_gui_test_drain ();
  e = BANSOU_CONSULT_DIALOG (window);
  g_assert_nonnull (e->findings);
  g_assert_cmpuint (e->findings->len, >=, 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (e->allow)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (e->warning), "warning"));
  g_assert_false (gtk_check_button_get_active (e->send_body));

  /* … and sends nothing while it is there. */
  g_signal_emit_by_name (gtk_window_get_default_widget (window), "clicked");
  bansou_gui_test_drain ();
  sent = bansou_consult_list_escalations (pref->consult, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sent->len, ==, 0);
  g_clear_pointer (&sent, g_ptr_array_unref);

  /* Edited out: clean, and sent. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (e->text), "再委託先まで監査の対象にできるか。", -1);
  g_signal_emit_by_name (gtk_window_get_default_widget (window), "clicked");
  bansou_gui_test_drain ();
  sent = bansou_consult_list_escalations (pref->consult, NULL, &error);
  g_assert_cmpuint (sent->len, ==, 1);
  g_assert_cmpstr (((BansouEscalation *) sent->pdata[0])->text, ==, "再委託先まで監査の対象にできるか。");
  g_assert_null (((BansouEscalation *) sent->pdata[0])->body_name);
  g_assert_cmpint (bansou_consult_get_ticket_escalation (pref->consult, id, NULL), ==, BANSOU_TICKET_ESCALATED);
  desk_sync (pref);

  /* The national desk's page opens on its queue. */
  nat = desk_new (server, "00", national_token, settings);
  desk_sync (nat);
  desk_show (nat);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (page (nat)->views), ==, "national");
  g_assert_cmpuint (page (nat)->n_escalations, ==, 1);
  gtk_list_box_select_row (page (nat)->national_list, gtk_list_box_get_row_at_index (page (nat)->national_list, 0));
  bansou_gui_test_drain ();
  g_assert_nonnull (page (nat)->national_answer);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (page (nat)->national_answer),
                            "契約に再委託先を含む監査権限を明記してください。", -1);
  g_assert_true (gtk_widget_activate_action (nat->page, "consult.answer", NULL));
  bansou_gui_test_drain ();
  g_assert_null (page (nat)->national_answer);   /* answered once: no form any more */
  /* Only unanswered ones are listed by default. */
  g_assert_cmpuint (page (nat)->n_escalations, ==, 0);
  desk_sync (nat);

  /* Back on 広島県's ticket. */
  desk_sync (pref);
  select_ticket (pref, id);
  _bansou_consult_page_ticket_changed (page (pref), id);
  g_assert_cmpint (bansou_consult_get_ticket_escalation (pref->consult, id, NULL), ==, BANSOU_TICKET_ESCALATION_ANSWERED);
  t = bansou_consult_lookup (pref->consult, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->messages->len, ==, 1);
  g_assert_cmpstr (((BansouTicketMessage *) t->messages->pdata[0])->author, ==, BANSOU_ESCALATION_AUTHOR);
  g_assert_cmpstr (((BansouTicketMessage *) t->messages->pdata[0])->kind, ==, "note");

  desk_free (nat);
  desk_free (pref);
  bsv_server_free (server);
}

static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (find_label (c, text))
      return TRUE;
  return FALSE;
}

static void
test_incident (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *id = NULL;
  g_autofree char *dir = bansou_test_make_dir ();
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(BansouIncidentChecklist) list = NULL;
  BsvServer *server;
  Desk *pref;
  BansouDispatch *dispatch;

  if (!have_display)
    {
      g_test_skip ("No display: run the gui suite under xvfb-run");
      return;
    }
  /* No sync here: the server only gives the desk its address. */
  server = bsv_server_new (dir, NULL);
  settings = g_settings_new (APP_ID);
  pref = desk_new (server, "34", "unused", settings);
  id = bansou_consult_open (pref->consult, KURE, BANSOU_CHANNEL_PHONE, BANSOU_TICKET_CATEGORY_INCIDENT,
                            BANSOU_PRIORITY_CRITICAL, "ランサムウェア感染の疑い", "端末のファイルが暗号化された", NULL, &error);
  g_assert_no_error (error);
  desk_show (pref);
  select_ticket (pref, id);
  g_assert_false (find_label (GTK_WIDGET (page (pref)->detail_box), "Request _Urgent Dispatch"));

  /* The switch of the ticket view turns the mode on; the view grows its checklist. */
  g_assert_true (bansou_consult_set_field (pref->consult, id, "incident", "true", &error));
  _bansou_consult_ticket_show (page (pref), id);
  g_assert_true (find_label (GTK_WIDGET (page (pref)->detail_box), "Serious Incident (重大インシデント)"));

  list = bansou_consult_incident_checklist (pref->consult, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->n_open, ==, list->items->len);

  /* 緊急派遣を依頼: one request, and only one however often it is pressed. */
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *w = GTK_WIDGET (page (pref)->detail_box);
      GtkButton *button = NULL;
      GQueue queue = G_QUEUE_INIT;

      g_queue_push_tail (&queue, w);
      while (!g_queue_is_empty (&queue) && button == NULL)
        {
          GtkWidget *c = g_queue_pop_head (&queue);
          if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), "Request _Urgent Dispatch") == 0)
            button = GTK_BUTTON (c);
          for (GtkWidget *k = gtk_widget_get_first_child (c); k; k = gtk_widget_get_next_sibling (k))
            g_queue_push_tail (&queue, k);
        }
      g_queue_clear (&queue);
      g_assert_nonnull (button);
      g_signal_emit_by_name (button, "clicked");
      bansou_gui_test_drain ();
    }
  dispatch = bansou_context_get_dispatch (pref->context, &error);
  g_assert_no_error (error);
  requests = bansou_dispatch_list_requests (dispatch, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, 1);

  desk_free (pref);
  bsv_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  have_display = bansou_gui_test_init (&argc, &argv);

  g_test_add_func ("/consult/national/escalation-round-trip", test_escalation_round_trip);
  g_test_add_func ("/consult/national/incident", test_incident);
  return g_test_run ();
}
