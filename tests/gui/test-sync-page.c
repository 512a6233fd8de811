/* test-sync-page.c — the 同期 page against a real bansou-server, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Each test starts its own bansou-server (tests/lib/server-harness.c: a
 * temporary database, a self-signed certificate, 127.0.0.1 port 0, TLS)
 * and opens the window on a temporary workbench database of 広島県 with
 * demo data. The page is filled in and clicked like a user would; the
 * server is then asked through its API what it holds.
 *
 * There is no session bus here (DBUS_SESSION_BUS_ADDRESS names a socket
 * that does not exist), so the token takes the no-keyring path: kept in
 * memory, said so on the page, and never written anywhere.
 */
#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "bansou-gui-test-utils.h"
#include "bansou-test-utils.h"
#include "bansou-consult.h"
#include "bansou-context.h"
#include "bansou-merge-dialog.h"
#include "bansou-sync-page-private.h"
#include "bansou-sync-tuning.h"
#include "bansou-window-private.h"
#include "server-harness.h"

#define SCOPE  "34"
#define SEED   20261031
#define LATEST BANSOU_DEMO_LATEST_ROUND

static gboolean have_display;

typedef struct
{
  char           *dir;
  BsvServer      *server;
  SoupSession    *session;
  char           *token;         /* 広島県: the workbench's */
  char           *other_token;   /* 広島県 again: a colleague on the web */
  char           *national;

  char           *path;
  BansouStore    *store;
  GSettings      *settings;
  BansouContext  *context;
  BansouSurvey   *survey;
  BansouWindow   *window;
  BansouSyncPage *page;
} Fixture;

/* ------------------------------------------------------------------------ */
/* The main loop                                                            */

static GtkWidget *
widget (Fixture              *fx,
        BansouSyncPageWidget  which)
{
  return _bansou_sync_page_get_widget (fx->page, which);
}

static gboolean
page_idle (gpointer data)
{
  return !bansou_sync_page_get_busy (((Fixture *) data)->page);
}

/* Clicks Sync Now and waits for the run to end. */
static void
click_sync (Fixture *fx)
{
  GtkWidget *button = widget (fx, BANSOU_SYNC_PAGE_WIDGET_SYNC);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (bansou_sync_page_get_busy (fx->page));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_true (bansou_gui_test_wait_for (page_idle, fx));
  bansou_gui_test_drain ();
}

static const char *
error_title (Fixture *fx)
{
  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (widget (fx, BANSOU_SYNC_PAGE_WIDGET_ERROR_REVEALER))))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (widget (fx, BANSOU_SYNC_PAGE_WIDGET_ERROR_TITLE)));
}

/* ------------------------------------------------------------------------ */
/* The server                                                               */

static BsvResponse *
api (Fixture    *fx,
     const char *method,
     const char *path,
     const char *token,
     const char *if_match,
     const char *body)
{
  g_autofree char *key = g_uuid_string_random ();

  return bsv_request (fx->session, fx->server, method, path, token, if_match,
                      g_str_equal (method, "GET") ? NULL : key, body);
}

static JsonObject *
server_answer (Fixture    *fx,
               const char *body,
               const char *question)
{
  g_autofree char *path = g_strdup_printf ("/bodies/%s/rounds/%s/answers/%s", body, LATEST, question);
  g_autoptr(BsvResponse) r = api (fx, "GET", path, fx->other_token, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_ref (json_node_get_object (r->json));
}

/* The checksum of the server's answers of 広島県, read from its database
 * file as the sync core computes it for a workbench. */
static char *
server_checksum (Fixture *fx)
{
  sqlite3 *db = NULL;
  g_autoptr(GError) error = NULL;
  char *sum;

  g_assert_cmpint (sqlite3_open_v2 (fx->server->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sum = _bansou_sync_checksum_db (db, SCOPE, &error);
  g_assert_no_error (error);
  sqlite3_close (db);
  return sum;
}

/* ------------------------------------------------------------------------ */
/* Fixture                                                                  */

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(BsvResponse) round = NULL;
  g_autofree char *round_path = g_strdup_printf ("/rounds/%s", LATEST);

  if (!have_display)
    return;

  /* The server: the round of the demo data exists there, made by the
   * national desk as it would be. */
  fx->dir = bansou_test_make_dir ();
  fx->server = bsv_server_new (fx->dir, NULL);
  bsv_server_make_demo (fx->server);   /* the workbench's data is demo data */
  fx->token = bsv_server_token (fx->server, "prefecture", SCOPE, "広島県");
  fx->other_token = bsv_server_token (fx->server, "prefecture", SCOPE, "広島県 情報政策課");
  fx->national = bsv_server_token (fx->server, "national", "00", "総務省");
  bsv_server_start (fx->server);
  fx->session = bsv_session_new (fx->server);
  round = api (fx, "PUT", round_path, fx->national, "\"0\"",
               "{\"title\":\"令和7年度調査\",\"catalog_version\":\"2026.1\",\"due\":\"2025-12-15\"}");
  g_assert_cmpuint (round->status, ==, 201);

  /* The workbench */
  fx->store = bansou_test_open_store (&fx->path);
  bansou_store_set_setting (fx->store, "prefecture", SCOPE, &error);
  g_assert_no_error (error);
  catalog = bansou_catalog_load_active (fx->store, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_demo_generate (fx->store, catalog, SCOPE, 1, SEED, &error));
  g_assert_no_error (error);

  fx->settings = g_settings_new (APP_ID);
  g_settings_set_int (fx->settings, "window-width", 1400);
  g_settings_set_int (fx->settings, "window-height", 900);
  fx->context = bansou_context_new (fx->store, fx->settings);
  fx->survey = bansou_context_get_survey (fx->context);
  fx->window = g_object_ref_sink (bansou_window_new (NULL, fx->context));
  fx->page = BANSOU_SYNC_PAGE (_bansou_window_get_page (fx->window, "sync"));
  g_assert_nonnull (fx->page);

  gtk_window_present (GTK_WINDOW (fx->window));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (fx->page),
                                                                                   ADW_TYPE_VIEW_STACK)),
                                         "sync");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->window));
  bansou_gui_test_drain ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (!have_display)
    return;

  if (fx->window)
    gtk_window_destroy (GTK_WINDOW (fx->window));
  bansou_gui_test_drain ();
  g_clear_object (&fx->window);
  g_clear_object (&fx->context);
  g_clear_object (&fx->settings);
  g_clear_object (&fx->store);
  g_clear_object (&fx->session);
  g_clear_pointer (&fx->server, bsv_server_free);
  g_clear_pointer (&fx->token, g_free);
  g_clear_pointer (&fx->other_token, g_free);
  g_clear_pointer (&fx->national, g_free);
  g_clear_pointer (&fx->path, g_free);
  g_clear_pointer (&fx->dir, g_free);
}

/* Fills the page as the user does: address, CA file (what accepting it in
 * the file chooser does), token. */
static void
fill_in (Fixture    *fx,
         const char *token)
{
  gtk_editable_set_text (GTK_EDITABLE (widget (fx, BANSOU_SYNC_PAGE_WIDGET_URL)), fx->server->url);
  _bansou_sync_page_set_ca_file (fx->page, fx->server->cert);
  gtk_editable_set_text (GTK_EDITABLE (widget (fx, BANSOU_SYNC_PAGE_WIDGET_TOKEN)), token);
}

/* ------------------------------------------------------------------------ */
/* Helpers on the workbench                                                 */

/* A body of the scope and a question it answered, with its answer. */
static BansouAnswer *
some_answer (Fixture *fx,
             guint    nth)
{
  g_autoptr(GListModel) bodies = bansou_survey_list_bodies (fx->survey, SCOPE, NULL);
  guint seen = 0;

  for (guint i = 0, n = g_list_model_get_n_items (bodies); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      g_autoptr(GPtrArray) answers = bansou_survey_list_answers (fx->survey, LATEST, bansou_body_get_code (body), NULL);

      for (guint j = 0; answers && j < answers->len; j++)
        {
          BansouAnswer *a = g_ptr_array_index (answers, j);

          if (a->stored && a->status != BANSOU_STATUS_UNANSWERED && seen++ == nth)
            return bansou_answer_copy (a);
        }
    }
  g_assert_not_reached ();
  return NULL;
}

/* Another status than @a and @b */
static BansouStatus
other_status (BansouStatus a,
              BansouStatus b)
{
  for (BansouStatus s = BANSOU_STATUS_DONE; s <= BANSOU_STATUS_NOT_DONE; s++)
    if (s != a && s != b)
      return s;
  g_assert_not_reached ();
  return BANSOU_STATUS_DONE;
}

/* The colleague on the web changes the answer on the server. */
static BansouStatus
edit_on_server (Fixture            *fx,
                const BansouAnswer *a,
                const char         *note)
{
  g_autoptr(JsonObject) current = server_answer (fx, a->body, a->question);
  g_autofree char *path = g_strdup_printf ("/bodies/%s/rounds/%s/answers/%s", a->body, LATEST, a->question);
  g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", json_object_get_int_member (current, "rev"));
  BansouStatus status = other_status (a->status, BANSOU_STATUS_UNANSWERED);
  g_autofree char *body = g_strdup_printf ("{\"status\":\"%s\",\"note\":\"%s\",\"evidence\":\"\",\"done_on\":null}",
                                           bansou_status_to_string (status), note);
  g_autoptr(BsvResponse) r = api (fx, "PUT", path, fx->other_token, if_match, body);

  g_assert_cmpuint (r->status, ==, 200);
  return status;
}

static gboolean
file_tree_contains (const char *dir,
                    const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      gsize len;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (file_tree_contains (path, needle))
            return TRUE;
        }
      else if (g_file_get_contents (path, &text, &len, NULL) && g_strstr_len (text, len, needle))
        {
          g_test_message ("found in %s", path);
          return TRUE;
        }
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                    */

/* Push the demo data, then a conflict made on purpose, resolved with
 * Keep Mine. */
static void
test_sync_and_conflict (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouAnswer) a = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *local_sum = NULL;
  g_autofree char *remote_sum = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *stored_url = NULL;
  g_autofree char *stored_ca = NULL;
  g_autofree char *db_dir = NULL;
  AdwViewStackPage *tab;
  BansouStatus server_status, local_status;
  GtkListBox *list;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  g_assert_cmpuint (_bansou_sync_page_get_pending (fx->page), >, 1000);
  fill_in (fx, fx->token);
  click_sync (fx);

  /* Everything went up */
  g_assert_null (error_title (fx));
  g_assert_cmpuint (_bansou_sync_page_get_pending (fx->page), ==, 0);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget (fx, BANSOU_SYNC_PAGE_WIDGET_PENDING))), ==, "0");
  g_assert_cmpuint (bansou_sync_count_pending (fx->store), ==, 0);
  local_sum = bansou_sync_checksum (fx->store, SCOPE, &error);
  g_assert_no_error (error);
  remote_sum = server_checksum (fx);
  g_assert_cmpstr (local_sum, ==, remote_sum);

  a = some_answer (fx, 0);
  {
    g_autoptr(JsonObject) there = server_answer (fx, a->body, a->question);
    g_assert_cmpstr (json_object_get_string_member (there, "status"), ==, bansou_status_to_string (a->status));
  }

  /* The address and the CA file are settings; the token is not, and no
   * file holds it: there is no keyring here, and the page says so. */
  stored_url = bansou_store_get_setting (fx->store, "sync-url");
  stored_ca = bansou_store_get_setting (fx->store, "sync-ca-file");
  g_assert_cmpstr (stored_url, ==, fx->server->url);
  g_assert_cmpstr (stored_ca, ==, fx->server->cert);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget (fx, BANSOU_SYNC_PAGE_WIDGET_REMEMBER_ROW))),
                   ==, "The token is kept only until Bansō quits, because no keyring is running");
  g_assert_false (file_tree_contains (bansou_gui_test_home (), fx->token));
  db_dir = g_path_get_dirname (fx->path);
  g_assert_false (file_tree_contains (db_dir, fx->token));

  /* The same answer, changed on the server and here */
  server_status = edit_on_server (fx, a, "changed on the web");
  local_status = other_status (a->status, server_status);
  g_assert_true (bansou_survey_set_answer (fx->survey, LATEST, a->body, a->question, local_status,
                                           NULL, "changed on the workbench", "", &error));
  g_assert_no_error (error);
  click_sync (fx);
  g_assert_null (error_title (fx));

  /* Shown with both versions, and on the tab */
  g_assert_cmpuint (bansou_sync_page_get_n_conflicts (fx->page), ==, 1);
  list = GTK_LIST_BOX (widget (fx, BANSOU_SYNC_PAGE_WIDGET_CONFLICT_LIST));
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));
  g_assert_true (gtk_list_box_get_selected_row (list) == gtk_list_box_get_row_at_index (list, 0));
  mine = _bansou_sync_page_dup_column_text (fx->page, FALSE);
  theirs = _bansou_sync_page_dup_column_text (fx->page, TRUE);
  g_test_message ("mine:\n%s\ntheirs:\n%s", mine, theirs);
  g_assert_nonnull (strstr (mine, "changed on the workbench"));
  g_assert_nonnull (strstr (mine, bansou_status_get_label (local_status)));
  g_assert_null (strstr (mine, "changed on the web"));
  g_assert_nonnull (strstr (theirs, "changed on the web"));
  g_assert_nonnull (strstr (theirs, bansou_status_get_label (server_status)));
  g_assert_nonnull (strstr (theirs, "広島県 情報政策課"));
  /* the page sits in the window's slot for its tab */
  tab = adw_view_stack_get_page (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (fx->page), ADW_TYPE_VIEW_STACK)),
                                 gtk_widget_get_parent (GTK_WIDGET (fx->page)));
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (tab), ==, 1);
  g_assert_true (adw_view_stack_page_get_needs_attention (tab));

  /* Nothing was overwritten on either side meanwhile */
  {
    g_autoptr(BansouAnswer) here = bansou_survey_get_answer (fx->survey, LATEST, a->body, a->question, NULL);
    g_autoptr(JsonObject) there = server_answer (fx, a->body, a->question);

    g_assert_cmpstr (here->note, ==, "changed on the workbench");
    g_assert_cmpstr (json_object_get_string_member (there, "note"), ==, "changed on the web");
  }

  /* Keep Mine, sync: the server has mine */
  g_assert_true (gtk_widget_is_sensitive (widget (fx, BANSOU_SYNC_PAGE_WIDGET_KEEP_MINE)));
  g_signal_emit_by_name (widget (fx, BANSOU_SYNC_PAGE_WIDGET_KEEP_MINE), "clicked");
  bansou_gui_test_drain ();
  g_assert_cmpuint (bansou_sync_page_get_n_conflicts (fx->page), ==, 0);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (tab), ==, 0);
  g_assert_false (adw_view_stack_page_get_needs_attention (tab));
  g_assert_cmpuint (_bansou_sync_page_get_pending (fx->page), ==, 1);

  click_sync (fx);
  g_assert_null (error_title (fx));
  g_assert_cmpuint (_bansou_sync_page_get_pending (fx->page), ==, 0);
  g_assert_cmpuint (bansou_sync_page_get_n_conflicts (fx->page), ==, 0);
  after = server_answer (fx, a->body, a->question);
  g_assert_cmpstr (json_object_get_string_member (after, "note"), ==, "changed on the workbench");
  g_assert_cmpstr (json_object_get_string_member (after, "status"), ==, bansou_status_to_string (local_status));
}

/* Merge…: the status from the server, the note from here. Take Theirs on
 * a second one replaces the local answer. */
static void
test_merge_and_theirs (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouAnswer) a = NULL;
  g_autoptr(BansouAnswer) b = NULL;
  g_autoptr(JsonObject) merged = NULL;
  g_autoptr(BansouAnswer) taken = NULL;
  BansouMergeDialog *dialog;
  BansouStatus server_status, local_status;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  fill_in (fx, fx->token);
  click_sync (fx);
  g_assert_null (error_title (fx));

  a = some_answer (fx, 3);
  b = some_answer (fx, 7);
  server_status = edit_on_server (fx, a, "web note");
  local_status = other_status (a->status, server_status);
  g_assert_true (bansou_survey_set_answer (fx->survey, LATEST, a->body, a->question, local_status,
                                           NULL, "workbench note", "", &error));
  g_assert_no_error (error);
  edit_on_server (fx, b, "web wins");
  g_assert_true (bansou_survey_set_answer (fx->survey, LATEST, b->body, b->question, b->status,
                                           NULL, "workbench loses", "", &error));
  g_assert_no_error (error);
  click_sync (fx);
  g_assert_cmpuint (bansou_sync_page_get_n_conflicts (fx->page), ==, 2);

  /* The oldest is selected: a's. Merge it. */
  g_signal_emit_by_name (widget (fx, BANSOU_SYNC_PAGE_WIDGET_MERGE), "clicked");
  bansou_gui_test_drain ();
  dialog = _bansou_sync_page_get_merge_dialog (fx->page);
  g_assert_nonnull (dialog);
  {
    g_autofree char *json = NULL;

    _bansou_merge_dialog_pick (dialog, "status", TRUE);
    json = _bansou_merge_dialog_dup_json (dialog);
    g_test_message ("merged: %s", json);
    g_assert_nonnull (strstr (json, bansou_status_to_string (server_status)));
    g_assert_nonnull (strstr (json, "workbench note"));
  }
  g_assert_true (_bansou_merge_dialog_save (dialog));
  bansou_gui_test_drain ();
  g_assert_null (_bansou_sync_page_get_merge_dialog (fx->page));
  g_assert_cmpuint (bansou_sync_page_get_n_conflicts (fx->page), ==, 1);

  /* b's: take theirs; the local answer is the server's at once */
  g_signal_emit_by_name (widget (fx, BANSOU_SYNC_PAGE_WIDGET_TAKE_THEIRS), "clicked");
  bansou_gui_test_drain ();
  g_assert_cmpuint (bansou_sync_page_get_n_conflicts (fx->page), ==, 0);
  taken = bansou_survey_get_answer (fx->survey, LATEST, b->body, b->question, NULL);
  g_assert_cmpstr (taken->note, ==, "web wins");

  click_sync (fx);
  g_assert_null (error_title (fx));
  g_assert_cmpuint (_bansou_sync_page_get_pending (fx->page), ==, 0);
  merged = server_answer (fx, a->body, a->question);
  g_assert_cmpstr (json_object_get_string_member (merged, "status"), ==, bansou_status_to_string (server_status));
  g_assert_cmpstr (json_object_get_string_member (merged, "note"), ==, "workbench note");
  {
    g_autoptr(JsonObject) there = server_answer (fx, b->body, b->question);
    g_assert_cmpstr (json_object_get_string_member (there, "note"), ==, "web wins");
  }
}

/* What goes wrong says what to do; nothing is sent meanwhile. */
static void
test_errors (Fixture       *fx,
             gconstpointer  data)
{
  guint pending;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  pending = _bansou_sync_page_get_pending (fx->page);

  /* Refused before anything is sent: plain http to another computer */
  gtk_editable_set_text (GTK_EDITABLE (widget (fx, BANSOU_SYNC_PAGE_WIDGET_URL)), "http://sync.example.lg.jp");
  gtk_editable_set_text (GTK_EDITABLE (widget (fx, BANSOU_SYNC_PAGE_WIDGET_TOKEN)), fx->token);
  g_signal_emit_by_name (widget (fx, BANSOU_SYNC_PAGE_WIDGET_SYNC), "clicked");
  g_assert_false (bansou_sync_page_get_busy (fx->page));
  g_assert_true (gtk_widget_get_visible (widget (fx, BANSOU_SYNC_PAGE_WIDGET_URL_ERROR)));

  /* No token */
  fill_in (fx, "");
  g_signal_emit_by_name (widget (fx, BANSOU_SYNC_PAGE_WIDGET_SYNC), "clicked");
  g_assert_false (bansou_sync_page_get_busy (fx->page));
  g_assert_true (gtk_widget_get_visible (widget (fx, BANSOU_SYNC_PAGE_WIDGET_URL_ERROR)));

  /* A token the server does not know */
  fill_in (fx, "bns_NotAValidTokenAtAll0000000000000000000000");
  click_sync (fx);
  g_assert_cmpstr (error_title (fx), ==, "The server refused the token");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget (fx, BANSOU_SYNC_PAGE_WIDGET_ERROR_LABEL))), !=, "");

  /* The self-signed certificate without the CA file: not trusted */
  fill_in (fx, fx->token);
  _bansou_sync_page_set_ca_file (fx->page, NULL);
  click_sync (fx);
  g_assert_cmpstr (error_title (fx), ==, "The server’s certificate is not trusted");
  g_assert_cmpuint (_bansou_sync_page_get_pending (fx->page), ==, pending);

  /* Fixed: the error goes away */
  fill_in (fx, fx->token);
  click_sync (fx);
  g_assert_null (error_title (fx));
  g_assert_cmpuint (_bansou_sync_page_get_pending (fx->page), ==, 0);
}

/* Cancel stops the run without an error; the next sync finishes the job. */
static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  GtkWidget *cancel;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  fill_in (fx, fx->token);
  cancel = widget (fx, BANSOU_SYNC_PAGE_WIDGET_CANCEL);
  g_assert_false (gtk_widget_is_sensitive (cancel));
  g_signal_emit_by_name (widget (fx, BANSOU_SYNC_PAGE_WIDGET_SYNC), "clicked");
  g_assert_true (gtk_widget_is_sensitive (cancel));
  g_signal_emit_by_name (cancel, "clicked");
  g_assert_true (bansou_gui_test_wait_for (page_idle, fx));
  bansou_gui_test_drain ();
  g_assert_null (error_title (fx));
  g_assert_false (gtk_widget_is_sensitive (cancel));

  click_sync (fx);
  g_assert_null (error_title (fx));
  g_assert_cmpuint (_bansou_sync_page_get_pending (fx->page), ==, 0);
}

/* An alert of the national desk appears after the next sync. */
static void
test_alerts (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(BsvResponse) r = NULL;
  GtkWidget *row;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  /* a Q&A article of the prefecture that the alert is about */
  {
    BansouConsult *consult = bansou_context_get_consult (fx->context);
    g_autoptr(GError) error = NULL;
    g_autofree char *article = bansou_consult_add_article (consult, "VPN機器の脆弱性への対応手順",
                                                           "VPN機器の脆弱性が公表されたら", "パッチを適用し…",
                                                           BANSOU_TICKET_CATEGORY_TECHNICAL, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (bansou_consult_set_visibility (consult, article, BANSOU_VISIBILITY_PREFECTURE, &error));
  }
  fill_in (fx, fx->token);
  click_sync (fx);
  g_assert_cmpuint (_bansou_sync_page_get_n_alerts (fx->page), ==, 0);

  r = api (fx, "POST", "/alerts", fx->national, NULL,
           "{\"prefectures\":[\"34\"],\"severity\":\"critical\",\"title\":\"VPN機器の脆弱性 & <更新>\","
           "\"message\":\"至急パッチを適用してください\"}");
  g_assert_cmpuint (r->status, ==, 201);
  click_sync (fx);
  g_assert_null (error_title (fx));
  g_assert_cmpuint (_bansou_sync_page_get_n_alerts (fx->page), ==, 1);
  row = gtk_widget_get_first_child (widget (fx, BANSOU_SYNC_PAGE_WIDGET_ALERTS));
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "VPN機器の脆弱性 & <更新>");
  /* shown with the related article */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "VPN機器の脆弱性への対応手順"));
}

/* ------------------------------------------------------------------------ */

/* Issue 10, item 13: changing the address keeps the token the user has;
 * a wrong address marks the row without painting its ✓ button red. */
static void
test_address_keeps_token (Fixture       *fx,
                          gconstpointer  data)
{
  GtkWidget *url = widget (fx, BANSOU_SYNC_PAGE_WIDGET_URL);
  GtkWidget *token = widget (fx, BANSOU_SYNC_PAGE_WIDGET_TOKEN);

  fill_in (fx, fx->token);
  bansou_sync_page_sync (fx->page);
  g_assert_true (bansou_gui_test_wait_for (page_idle, fx));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (token)), ==, fx->token);

  /* The server moved */
  gtk_editable_set_text (GTK_EDITABLE (url), "https://127.0.0.1:1");
  g_signal_emit_by_name (url, "apply");
  bansou_gui_test_drain ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (token)), ==, fx->token);

  /* Not an address */
  gtk_editable_set_text (GTK_EDITABLE (url), "ftp//nowhere");
  g_signal_emit_by_name (url, "apply");
  bansou_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (widget (fx, BANSOU_SYNC_PAGE_WIDGET_URL_ERROR)));
  g_assert_true (gtk_widget_has_css_class (url, "invalid"));
  g_assert_false (gtk_widget_has_css_class (url, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (token)), ==, fx->token);

  gtk_editable_set_text (GTK_EDITABLE (url), fx->server->url);
  g_assert_false (gtk_widget_has_css_class (url, "invalid"));
}

/* No session bus, and none autolaunched: the no-keyring path. Set before
 * GTK starts, so that nothing finds a bus. */
static void
disable_session_bus (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bansou-no-bus-XXXXXX", NULL);
  g_autofree char *bus = g_strdup_printf ("unix:path=%s/no-such-bus", dir);

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
}

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  disable_session_bus ();
  have_display = bansou_gui_test_init (&argc, &argv);

  ADD_TEST ("/sync-page/sync-and-conflict", test_sync_and_conflict);
  ADD_TEST ("/sync-page/merge-and-theirs", test_merge_and_theirs);
  ADD_TEST ("/sync-page/errors", test_errors);
  ADD_TEST ("/sync-page/cancel", test_cancel);
  ADD_TEST ("/sync-page/alerts", test_alerts);
  ADD_TEST ("/sync-page/address-keeps-token", test_address_keeps_token);

  return g_test_run ();
}
