/* test-window.c — the main window over a real database, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <adwaita.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bansou-gui-test-utils.h"
#include "bansou-test-utils.h"
#include "bansou-add-body-dialog-private.h"
#include "bansou-bodies-page-private.h"
#include "bansou-body-editor-private.h"
#include "bansou-context.h"
#include "bansou-prefecture-dialog-private.h"
#include "bansou-window-private.h"
#include "bansou-ui-util.h"

static gboolean have_display;

typedef struct
{
  char             *path;
  BansouStore      *store;
  GSettings        *settings;
  BansouContext    *context;
  BansouWindow     *window;
  BansouBodiesPage *page;
} Fixture;

/* ------------------------------------------------------------------------ */

static gboolean
page_settled (gpointer data)
{
  return !_bansou_bodies_page_is_filtering (data);
}

static guint
n_rows (Fixture *fx)
{
  return g_list_model_get_n_items (_bansou_bodies_page_get_model (fx->page));
}

static void
search (Fixture    *fx,
        const char *text)
{
  gtk_editable_set_text (_bansou_bodies_page_get_search_entry (fx->page), text);
  g_assert_true (bansou_gui_test_wait_for (page_settled, fx->page));
}

static gboolean
rows_contain (Fixture    *fx,
              const char *code)
{
  GListModel *model = _bansou_bodies_page_get_model (fx->page);

  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (model, i);

      if (g_str_equal (bansou_body_get_code (body), code))
        return TRUE;
    }
  return FALSE;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */

  for (guint i = 0, n = g_list_model_get_n_items (toplevels); i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static void
open_window (Fixture *fx)
{
  fx->settings = g_settings_new (APP_ID);
  fx->context = bansou_context_new (fx->store, fx->settings);
  fx->window = g_object_ref_sink (bansou_window_new (NULL, fx->context));
  fx->page = BANSOU_BODIES_PAGE (_bansou_window_get_page (fx->window, "bodies"));
  g_assert_nonnull (fx->page);

  gtk_window_present (GTK_WINDOW (fx->window));
  bansou_gui_test_drain ();
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *scope = data;

  if (!have_display)
    {
      g_test_skip ("No display: run the gui suite under xvfb-run");
      return;
    }

  fx->store = bansou_test_open_store (&fx->path);
  if (scope != NULL)
    {
      bansou_store_set_setting (fx->store, "prefecture", scope, &error);
      g_assert_no_error (error);
    }
  open_window (fx);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  GtkWindow *dialog;

  if (!have_display)
    return;

  while ((dialog = find_toplevel (GTK_TYPE_WINDOW)))
    gtk_window_destroy (dialog);
  bansou_gui_test_drain ();

  g_clear_object (&fx->window);
  g_clear_object (&fx->context);
  g_clear_object (&fx->settings);
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->path, g_free);
}

/* ------------------------------------------------------------------------ */

static void
test_window_list (Fixture       *fx,
                  gconstpointer  data)
{
  GtkLabel *count = _bansou_bodies_page_get_count_label (fx->page);
  GtkColumnView *view = _bansou_bodies_page_get_column_view (fx->page);

  g_assert_cmpstr (bansou_context_get_scope (fx->context), ==, "34");
  g_assert_null (_bansou_window_get_prefecture_dialog (fx->window));

  /* 広島県: 14 cities (広島市 included) and 9 towns. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, 23);
  g_assert_cmpuint (n_rows (fx), ==, 23);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (count), "23"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (view)), ==, 6);

  /* Sorted by code at first. */
  {
    g_autoptr(BansouBody) first = g_list_model_get_item (_bansou_bodies_page_get_model (fx->page), 0);
    g_assert_cmpstr (bansou_body_get_code (first), ==, "341002");
  }
}

static void
test_window_search (Fixture       *fx,
                    gconstpointer  data)
{
  search (fx, "呉");
  g_assert_cmpuint (n_rows (fx), ==, 1);
  g_assert_true (rows_contain (fx, "342025"));

  search (fx, "くれ");
  g_assert_cmpuint (n_rows (fx), ==, 1);
  g_assert_true (rows_contain (fx, "342025"));

  /* 広島市, 東広島市 (ひがしひろしまし) and 北広島町 (きたひろしまちょう) */
  search (fx, "ひろしま");
  g_assert_cmpuint (n_rows (fx), ==, 3);
  g_assert_true (rows_contain (fx, "341002"));
  g_assert_true (rows_contain (fx, "342122"));
  g_assert_true (rows_contain (fx, "343692"));

  search (fx, "ヒロシマ");
  g_assert_cmpuint (n_rows (fx), ==, 3);
  search (fx, "広島");
  g_assert_cmpuint (n_rows (fx), ==, 3);

  search (fx, "342025");
  g_assert_cmpuint (n_rows (fx), ==, 1);
  g_assert_true (rows_contain (fx, "342025"));

  search (fx, "存在しない町");
  g_assert_cmpuint (n_rows (fx), ==, 0);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (_bansou_bodies_page_get_count_label (fx->page)), "0"));

  search (fx, "");
  g_assert_cmpuint (n_rows (fx), ==, 23);
}

static void
test_window_kind_filter (Fixture       *fx,
                         gconstpointer  data)
{
  GtkDropDown *kinds = _bansou_bodies_page_get_kind_dropdown (fx->page);

  gtk_drop_down_set_selected (kinds, BANSOU_KIND_FILTER_TOWN);
  g_assert_cmpuint (n_rows (fx), ==, 9);
  gtk_drop_down_set_selected (kinds, BANSOU_KIND_FILTER_CITY);
  g_assert_cmpuint (n_rows (fx), ==, 14);
  gtk_drop_down_set_selected (kinds, BANSOU_KIND_FILTER_DESIGNATED_CITY);
  g_assert_cmpuint (n_rows (fx), ==, 1);
  g_assert_true (rows_contain (fx, "341002"));
  gtk_drop_down_set_selected (kinds, BANSOU_KIND_FILTER_VILLAGE);
  g_assert_cmpuint (n_rows (fx), ==, 0);
  gtk_drop_down_set_selected (kinds, BANSOU_KIND_FILTER_OTHER);
  g_assert_cmpuint (n_rows (fx), ==, 0);

  /* Kind and search together. */
  gtk_drop_down_set_selected (kinds, BANSOU_KIND_FILTER_TOWN);
  search (fx, "ふちゅう");
  g_assert_cmpuint (n_rows (fx), ==, 1);
  g_assert_true (rows_contain (fx, "343021"));

  gtk_drop_down_set_selected (kinds, BANSOU_KIND_FILTER_ALL);
  search (fx, "");
  g_assert_cmpuint (n_rows (fx), ==, 23);
}

static void
test_window_edit (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(BansouBody) kure = NULL;
  BansouBodyEditor *editor = _bansou_bodies_page_get_editor (fx->page);
  GtkWidget *population;
  BansouAuditEntry *last;

  g_assert_true (bansou_bodies_page_select_code (fx->page, "342025"));
  g_assert_nonnull (bansou_body_editor_get_body (editor));
  g_assert_cmpstr (bansou_body_get_name (bansou_body_editor_get_body (editor)), ==, "呉市");
  g_assert_false (_bansou_body_editor_can_save (editor));
  g_assert_cmpuint (_bansou_body_editor_get_n_history (editor), ==, 0);

  population = _bansou_body_editor_get_input (editor, "population");
  g_assert_true (ADW_IS_ENTRY_ROW (population));

  gtk_editable_set_text (GTK_EDITABLE (population), "abc");
  g_assert_false (_bansou_body_editor_can_save (editor));
  g_assert_nonnull (_bansou_body_editor_get_error (editor));
  g_assert_true (gtk_widget_has_css_class (population, "error"));
  /* Save does nothing while the form is invalid. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  g_assert_cmpint (bansou_body_get_population (bansou_body_editor_get_body (editor)), ==, -1);

  gtk_editable_set_text (GTK_EDITABLE (population), "208000");
  g_assert_true (_bansou_body_editor_can_save (editor));
  g_assert_null (_bansou_body_editor_get_error (editor));
  g_assert_false (gtk_widget_has_css_class (population, "error"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  bansou_gui_test_drain ();

  kure = bansou_registry_lookup (bansou_context_get_registry (fx->context), "342025", &error);
  g_assert_no_error (error);
  g_assert_cmpint (bansou_body_get_population (kure), ==, 208000);

  audit = bansou_store_list_audit (fx->store, "body", "342025", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  last = g_ptr_array_index (audit, 0);
  g_assert_cmpstr (last->field, ==, "population");
  g_assert_cmpstr (last->new_value, ==, "208000");
  g_assert_cmpstr (last->actor, ==, "テスト担当");

  /* The form shows what is stored; the history shows the change. */
  g_assert_false (_bansou_body_editor_can_save (editor));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (population)), ==, "208000");
  g_assert_cmpuint (_bansou_body_editor_get_n_history (editor), ==, 1);

  /* Full-width digits are accepted and stored as plain numbers. */
  gtk_editable_set_text (GTK_EDITABLE (_bansou_body_editor_get_input (editor, "it-staff")), "１２");
  g_assert_true (_bansou_body_editor_can_save (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_cmpint (bansou_body_get_it_staff (kure), ==, 12);

  /* Municipalities cannot be removed. */
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "bodies.remove", NULL);
  bansou_gui_test_drain ();
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static void
test_window_add_remove (Fixture       *fx,
                        gconstpointer  data)
{
  BansouBodyEditor *editor = _bansou_bodies_page_get_editor (fx->page);
  BansouAddBodyDialog *dialog;
  AdwMessageDialog *confirm;
  BansouBody *added;
  g_autofree char *code = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "bodies.add", NULL));
  bansou_gui_test_drain ();
  dialog = BANSOU_ADD_BODY_DIALOG (find_toplevel (BANSOU_TYPE_ADD_BODY_DIALOG));
  g_assert_nonnull (dialog);

  /* A bad code is refused inline, and nothing is added. */
  _bansou_add_body_dialog_fill (dialog, BANSOU_BODY_KIND_PARTIAL_UNION,
                                "芸北地区環境衛生組合", "げいほくちくかんきょうえいせいくみあい", "342020");
  g_assert_nonnull (_bansou_add_body_dialog_get_error (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "add-body.add", NULL);
  g_assert_cmpuint (n_rows (fx), ==, 23);

  _bansou_add_body_dialog_fill (dialog, BANSOU_BODY_KIND_PARTIAL_UNION,
                                "芸北地区環境衛生組合", "げいほくちくかんきょうえいせいくみあい", NULL);
  g_assert_null (_bansou_add_body_dialog_get_error (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "add-body.add", NULL));
  bansou_gui_test_drain ();
  g_assert_null (find_toplevel (BANSOU_TYPE_ADD_BODY_DIALOG));

  g_assert_cmpuint (n_rows (fx), ==, 24);
  added = bansou_body_editor_get_body (editor);
  g_assert_nonnull (added);
  g_assert_cmpstr (bansou_body_get_name (added), ==, "芸北地区環境衛生組合");
  g_assert_cmpint (bansou_body_get_kind (added), ==, BANSOU_BODY_KIND_PARTIAL_UNION);
  code = g_strdup (bansou_body_get_code (added));
  g_assert_true (g_str_has_prefix (code, "X34"));
  g_assert_true (rows_contain (fx, code));

  gtk_drop_down_set_selected (_bansou_bodies_page_get_kind_dropdown (fx->page), BANSOU_KIND_FILTER_OTHER);
  g_assert_cmpuint (n_rows (fx), ==, 1);
  search (fx, "げいほく");
  g_assert_cmpuint (n_rows (fx), ==, 1);

  /* An other body's decision needs a reason first. */
  g_assert_true (bansou_bodies_page_select_code (fx->page, code));
  adw_combo_row_set_selected (ADW_COMBO_ROW (_bansou_body_editor_get_input (editor, "decision")), 2);
  g_assert_false (_bansou_body_editor_can_save (editor));
  g_assert_nonnull (_bansou_body_editor_get_error (editor));
  gtk_editable_set_text (GTK_EDITABLE (_bansou_body_editor_get_input (editor, "decision-reason")),
                         "LGWAN 未接続、個人情報の取扱いなし");
  g_assert_true (_bansou_body_editor_can_save (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_cmpint (bansou_body_get_decision (added), ==, BANSOU_DECISION_EXEMPT);
  g_assert_cmpint (bansou_body_get_applicability (added), ==, BANSOU_APPLICABILITY_DECIDED_EXEMPT);

  /* Removing asks first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "bodies.remove", NULL));
  bansou_gui_test_drain ();
  confirm = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "remove");
  bansou_gui_test_drain ();

  g_assert_cmpuint (n_rows (fx), ==, 0);
  gtk_drop_down_set_selected (_bansou_bodies_page_get_kind_dropdown (fx->page), BANSOU_KIND_FILTER_ALL);
  search (fx, "");
  g_assert_cmpuint (n_rows (fx), ==, 23);
  g_assert_false (rows_contain (fx, code));
}

static gboolean
chooser_shown (gpointer data)
{
  return _bansou_window_get_prefecture_dialog (data) != NULL;
}

typedef struct
{
  BansouPrefectureDialog *dialog;
  const char             *expected;
} ChooserWait;

static gboolean
chooser_selected (gpointer data)
{
  ChooserWait *wait = data;
  g_autofree char *selected = _bansou_prefecture_dialog_dup_selected (wait->dialog);

  return _bansou_prefecture_dialog_count_visible (wait->dialog) == 1 &&
         g_strcmp0 (selected, wait->expected) == 0;
}

static void
chooser_type (BansouPrefectureDialog *dialog,
              const char             *text,
              const char             *expected)
{
  ChooserWait wait = { dialog, expected };

  gtk_editable_set_text (_bansou_prefecture_dialog_get_search_entry (dialog), text);
  g_assert_true (bansou_gui_test_wait_for (chooser_selected, &wait));
}

static void
test_window_first_start (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *stored = NULL;
  g_autofree char *offered = NULL;
  BansouPrefectureDialog *dialog;

  g_assert_null (bansou_context_get_scope (fx->context));
  g_assert_cmpuint (n_rows (fx), ==, 0);

  g_assert_true (bansou_gui_test_wait_for (chooser_shown, fx->window));
  dialog = BANSOU_PREFECTURE_DIALOG (_bansou_window_get_prefecture_dialog (fx->window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_cmpuint (_bansou_prefecture_dialog_count_visible (dialog), ==, 48);

  chooser_type (dialog, "広島", "34");
  chooser_type (dialog, "ヒロシマ", "34");
  chooser_type (dialog, "34", "34");
  chooser_type (dialog, "全国", "00");
  chooser_type (dialog, "ひろしま", "34");

  /* Enter chooses. */
  g_signal_emit_by_name (_bansou_prefecture_dialog_get_search_entry (dialog), "activate");
  bansou_gui_test_drain ();

  g_assert_null (_bansou_window_get_prefecture_dialog (fx->window));
  g_assert_cmpstr (bansou_context_get_scope (fx->context), ==, "34");
  stored = bansou_store_get_setting (fx->store, "prefecture");
  g_assert_cmpstr (stored, ==, "34");
  offered = g_settings_get_string (fx->settings, "prefecture");
  g_assert_cmpstr (offered, ==, "34");
  g_assert_cmpuint (n_rows (fx), ==, 23);
}

static void
test_window_change_scope (Fixture       *fx,
                          gconstpointer  data)
{
  BansouPrefectureDialog *dialog;
  GtkDropDown *kinds = _bansou_bodies_page_get_kind_dropdown (fx->page);
  GtkColumnView *view = _bansou_bodies_page_get_column_view (fx->page);
  g_autoptr(GtkColumnViewColumn) name_column = NULL;
  gint64 start;

  gtk_widget_activate_action (GTK_WIDGET (fx->window), "window.choose-prefecture", NULL);
  bansou_gui_test_drain ();
  dialog = BANSOU_PREFECTURE_DIALOG (_bansou_window_get_prefecture_dialog (fx->window));
  g_assert_nonnull (dialog);

  chooser_type (dialog, "全国", "00");
  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "prefecture.choose", NULL));
  g_test_message ("national list loaded, sorted and filtered in %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  bansou_gui_test_drain ();

  /* The whole nation: 1,741 municipalities. */
  g_assert_cmpstr (bansou_context_get_scope (fx->context), ==, "00");
  g_assert_cmpuint (n_rows (fx), ==, 1741);

  /* Figures, not assertions: the filter runs synchronously over all rows. */
  start = g_get_monotonic_time ();
  gtk_drop_down_set_selected (kinds, BANSOU_KIND_FILTER_VILLAGE);
  g_test_message ("kind filter over 1,741 rows: %.2f ms (%u villages)",
                  (g_get_monotonic_time () - start) / 1000.0, n_rows (fx));
  start = g_get_monotonic_time ();
  gtk_drop_down_set_selected (kinds, BANSOU_KIND_FILTER_ALL);
  g_test_message ("back to all kinds: %.2f ms", (g_get_monotonic_time () - start) / 1000.0);

  /* One keystroke's worth of filtering, without the entry's delay. */
  for (guint i = 0; i < 3; i++)
    {
      const char *typed[] = { "く", "くれ", "" };
      GtkEditable *entry = _bansou_bodies_page_get_search_entry (fx->page);

      gtk_editable_set_text (entry, typed[i]);
      start = g_get_monotonic_time ();
      g_signal_emit_by_name (entry, "search-changed");
      g_test_message ("search “%s” over 1,741 rows: %.2f ms (%u shown)",
                      typed[i], (g_get_monotonic_time () - start) / 1000.0, n_rows (fx));
    }

  search (fx, "くれ");
  g_assert_true (rows_contain (fx, "342025"));
  search (fx, "342025");
  g_assert_cmpuint (n_rows (fx), ==, 1);

  search (fx, "");
  name_column = g_list_model_get_item (gtk_column_view_get_columns (view), 1);
  start = g_get_monotonic_time ();
  gtk_column_view_sort_by_column (view, name_column, GTK_SORT_ASCENDING);
  g_test_message ("sorting 1,741 rows by reading: %.2f ms", (g_get_monotonic_time () - start) / 1000.0);
  {
    g_autoptr(BansouBody) first = g_list_model_get_item (_bansou_bodies_page_get_model (fx->page), 0);
    /* あ… comes first in 五十音順 */
    g_assert_true (g_str_has_prefix (bansou_body_get_kana (first), "あ"));
  }
}

static gboolean
have_x11 (GtkWidget *widget)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");

  return path != NULL && g_str_equal (G_OBJECT_TYPE_NAME (gtk_widget_get_display (widget)), "GdkX11Display");
}

/* Real keys to a window found by its title: focus it first (there is no
 * window manager under Xvfb to do it). */
static gboolean
keys_to (const char *title,
         const char *keys)
{
  g_auto(GStrv) words = g_strsplit (keys, " ", -1);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *base[] = { "search", "--sync", "--name", title, "windowfocus", "--sync", "key", "--delay", "30" };

  for (guint i = 0; i < G_N_ELEMENTS (base); i++)
    g_ptr_array_add (args, (gpointer) base[i]);
  for (guint i = 0; words[i]; i++)
    g_ptr_array_add (args, words[i]);
  g_ptr_array_add (args, NULL);
  return bansou_gui_test_xdotool ((const char * const *) args->pdata);
}

static gboolean
scope_is (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (bansou_context_get_scope (args[0]), args[1]) == 0;
}

/* Issue 10, item 5: on first start a real Enter chooses the highlighted
 * prefecture; it does not quit. */
static void
test_window_first_start_enter_x11 (Fixture       *fx,
                                   gconstpointer  data)
{
  BansouPrefectureDialog *dialog;
  gpointer wait[] = { fx->context, (gpointer) "34" };

  if (!have_x11 (GTK_WIDGET (fx->window)))
    {
      g_test_skip ("Needs xdotool and an X11 display");
      return;
    }

  g_assert_true (bansou_gui_test_wait_for (chooser_shown, fx->window));
  dialog = BANSOU_PREFECTURE_DIALOG (_bansou_window_get_prefecture_dialog (fx->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  chooser_type (dialog, "34", "34");

  g_assert_true (keys_to ("Choose Prefecture", "Return"));
  g_assert_true (bansou_gui_test_wait_for (scope_is, wait));
  bansou_gui_test_drain ();

  g_assert_null (_bansou_window_get_prefecture_dialog (fx->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fx->window)));
  g_assert_cmpuint (n_rows (fx), ==, 23);
}

/* Issue 10, item 5: from the menu, a real Enter applies the choice; an
 * empty result explains itself instead of a blank box. */
static void
test_window_chooser_menu_enter_x11 (Fixture       *fx,
                                    gconstpointer  data)
{
  BansouPrefectureDialog *dialog;
  gpointer wait[] = { fx->context, (gpointer) "31" };

  gtk_widget_activate_action (GTK_WIDGET (fx->window), "window.choose-prefecture", NULL);
  bansou_gui_test_drain ();
  dialog = BANSOU_PREFECTURE_DIALOG (_bansou_window_get_prefecture_dialog (fx->window));
  g_assert_nonnull (dialog);
  g_assert_false (_bansou_prefecture_dialog_is_empty_shown (dialog));

  gtk_editable_set_text (_bansou_prefecture_dialog_get_search_entry (dialog), "zzz");
  g_signal_emit_by_name (_bansou_prefecture_dialog_get_search_entry (dialog), "search-changed");
  g_assert_cmpuint (_bansou_prefecture_dialog_count_visible (dialog), ==, 0);
  g_assert_true (_bansou_prefecture_dialog_is_empty_shown (dialog));
  g_assert_nonnull (strstr (_bansou_prefecture_dialog_get_empty_text (dialog), "zzz"));

  chooser_type (dialog, "31", "31");
  g_assert_false (_bansou_prefecture_dialog_is_empty_shown (dialog));

  if (!have_x11 (GTK_WIDGET (fx->window)))
    {
      g_test_skip ("Needs xdotool and an X11 display");
      return;
    }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (keys_to ("Choose Prefecture", "Return"));
  g_assert_true (bansou_gui_test_wait_for (scope_is, wait));
  bansou_gui_test_drain ();
  g_assert_null (_bansou_window_get_prefecture_dialog (fx->window));
  g_assert_cmpuint (n_rows (fx), ==, 19);
}

/* Issue 10, item 4: the title names the desk and the database file. */
static void
test_window_title (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_path_get_basename (fx->path);
  const char *title = gtk_window_get_title (GTK_WINDOW (fx->window));

  g_assert_nonnull (strstr (title, "広島県"));
  g_assert_nonnull (strstr (title, file));

  g_assert_true (bansou_context_set_scope (fx->context, "00", &error));
  g_assert_no_error (error);
  title = gtk_window_get_title (GTK_WINDOW (fx->window));
  g_assert_null (strstr (title, "広島県"));
  g_assert_nonnull (strstr (title, _("National desk")));
  g_assert_nonnull (strstr (title, file));
}

static gboolean
rows_settled (gpointer data)
{
  Fixture *fx = data;

  return !_bansou_bodies_page_is_filtering (fx->page);
}

/* Issue 10, item 4: a national list has a 都道府県 column and a prefecture
 * filter, so 府中市 of 東京都 and of 広島県 tell apart; a prefecture's has
 * neither. Item 13: sorting goes back to the top of the list. */
static void
test_window_national_list (Fixture       *fx,
                           gconstpointer  data)
{
  GtkColumnView *view = _bansou_bodies_page_get_column_view (fx->page);
  GtkDropDown *prefectures = _bansou_bodies_page_get_prefecture_dropdown (fx->page);
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autoptr(GtkColumnViewColumn) name_column = NULL;
  g_autoptr(GError) error = NULL;
  GtkAdjustment *adj;
  guint hiroshima = 0;

  g_assert_cmpuint (n_rows (fx), ==, 1741);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 7);
  column = g_list_model_get_item (columns, 2);
  g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, "Prefecture");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (prefectures)));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (prefectures)), ==, 48);

  search (fx, "ふちゅう");
  g_assert_true (rows_contain (fx, "132063"));   /* 府中市, 東京都 */
  g_assert_true (rows_contain (fx, "342084"));   /* 府中市, 広島県 */

  for (guint i = 1; i < 48; i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (prefectures)), i), "広島県"))
      hiroshima = i;
  g_assert_cmpuint (hiroshima, >, 0);
  gtk_drop_down_set_selected (prefectures, hiroshima);
  g_assert_true (bansou_gui_test_wait_for (rows_settled, fx));
  g_assert_false (rows_contain (fx, "132063"));
  g_assert_true (rows_contain (fx, "342084"));
  g_assert_true (rows_contain (fx, "343021"));   /* 府中町 */
  search (fx, "");
  g_assert_cmpuint (n_rows (fx), ==, 23);
  gtk_drop_down_set_selected (prefectures, 0);
  g_assert_cmpuint (n_rows (fx), ==, 1741);

  /* Scrolled far down, then sorted by name: back at the top. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (view));
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (GTK_WIDGET (view))));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) / 2);
  bansou_gui_test_drain ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, 1000);
  name_column = g_list_model_get_item (columns, 1);
  gtk_column_view_sort_by_column (view, name_column, GTK_SORT_DESCENDING);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (view));
  bansou_gui_test_drain ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), <, 1);

  /* Back to a prefecture: no such column or filter. */
  g_assert_true (bansou_context_set_scope (fx->context, "34", &error));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 6);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (prefectures)));
  g_assert_cmpuint (n_rows (fx), ==, 23);
}

/* Issue 10, item 7: another body chosen with unsaved edits asks; cancel
 * keeps the old selection and the draft, discard drops it, save stores it. */
static void
test_window_unsaved_draft (Fixture       *fx,
                           gconstpointer  data)
{
  BansouBodyEditor *editor = _bansou_bodies_page_get_editor (fx->page);
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouBody) kure = NULL;
  g_autoptr(BansouBody) mihara = NULL;
  AdwMessageDialog *ask;
  GtkWidget *population;

  kure = bansou_registry_lookup (bansou_context_get_registry (fx->context), "342025", &error);
  mihara = bansou_registry_lookup (bansou_context_get_registry (fx->context), "342041", &error);
  g_assert_true (bansou_bodies_page_select_code (fx->page, "342025"));
  population = _bansou_body_editor_get_input (editor, "population");
  gtk_editable_set_text (GTK_EDITABLE (population), "208000");
  g_assert_true (bansou_body_editor_has_changes (editor));

  /* Cancel: still 呉市, with the draft */
  bansou_bodies_page_select_code (fx->page, "342041");
  bansou_gui_test_drain ();
  ask = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ask);
  g_assert_cmpstr (bansou_body_get_code (bansou_body_editor_get_body (editor)), ==, "342025");
  adw_message_dialog_response (ask, "cancel");
  bansou_gui_test_drain ();
  g_assert_cmpstr (bansou_body_get_code (bansou_body_editor_get_body (editor)), ==, "342025");
  {
    BansouBody *selected = gtk_single_selection_get_selected_item (
      GTK_SINGLE_SELECTION (_bansou_bodies_page_get_model (fx->page)));
    g_assert_true (selected == kure);
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (population)), ==, "208000");
  g_assert_cmpint (bansou_body_get_population (kure), ==, -1);

  /* Discard: on to 三原市, nothing stored */
  bansou_bodies_page_select_code (fx->page, "342041");
  bansou_gui_test_drain ();
  ask = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ask);
  adw_message_dialog_response (ask, "discard");
  bansou_gui_test_drain ();
  g_assert_true (bansou_body_editor_get_body (editor) == mihara);
  g_assert_cmpint (bansou_body_get_population (kure), ==, -1);

  /* Save: stored, then on to 呉市 */
  population = _bansou_body_editor_get_input (editor, "population");
  gtk_editable_set_text (GTK_EDITABLE (population), "90000");
  bansou_bodies_page_select_code (fx->page, "342025");
  bansou_gui_test_drain ();
  ask = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ask);
  adw_message_dialog_response (ask, "save");
  bansou_gui_test_drain ();
  g_assert_cmpint (bansou_body_get_population (mihara), ==, 90000);
  g_assert_true (bansou_body_editor_get_body (editor) == kure);
  g_assert_false (bansou_body_editor_has_changes (editor));
}

/* Issue 10, item 10: a failure inside the database reaches the user as a
 * sentence saying what to do, never as sqlite's words. */
static void
test_window_internal_error (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BansouBodyEditor *editor = _bansou_bodies_page_get_editor (fx->page);
  const char *toast;

  g_assert_true (bansou_bodies_page_select_code (fx->page, "342025"));
  gtk_editable_set_text (GTK_EDITABLE (_bansou_body_editor_get_input (editor, "population")), "208000");

  /* The audit trail goes missing under the app's feet. */
  g_assert_true (bansou_store_exec (fx->store, "DROP TABLE audit", &error));
  g_assert_no_error (error);

  /* Logged, for the save and for reading the history again */
  g_test_expect_message ("bansou-ui-util", G_LOG_LEVEL_WARNING, "*no such table: audit*");
  g_test_expect_message ("bansou-ui-util", G_LOG_LEVEL_WARNING, "*no such table: audit*");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  bansou_gui_test_drain ();
  g_test_assert_expected_messages ();

  toast = _bansou_window_get_last_toast (fx->window);
  g_assert_nonnull (toast);
  g_test_message ("toast: %s", toast);
  g_assert_null (strstr (toast, "no such table"));
  g_assert_null (strstr (toast, "audit"));
  g_assert_null (strstr (toast, "Database error"));
  g_assert_nonnull (strstr (toast, "呉市"));
  g_assert_nonnull (strstr (toast, "nothing was changed"));
}

static gboolean
tooltip_shown (gpointer data)
{
  GtkLabel *label = _bansou_ui_get_tooltip_label ();

  return label != NULL && gtk_widget_get_mapped (GTK_WIDGET (label)) &&
         g_strcmp0 (gtk_label_get_text (label), data) == 0;
}

/* Issue 10, item 13: a Japanese tooltip is one line, not a column of two
 * or three characters (メインメ / ニュー). Real pointer motion. */
static void
test_window_tooltip_x11 (Fixture       *fx,
                         gconstpointer  data)
{
  const char *text = "メインメニュー";
  GtkWidget *window, *button;
  int x = -1, y = -1;
  g_autofree char *out = NULL;
  g_autofree char *xs = NULL, *ys = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "xdotool", "search", "--sync", "--name", "bansou-tooltip-test",
                         "getwindowgeometry", "--shell", NULL };
  PangoLayout *layout;

  if (!have_x11 (GTK_WIDGET (fx->window)))
    {
      g_test_skip ("Needs xdotool and an X11 display");
      return;
    }

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "bansou-tooltip-test");
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 200, 60);
  button = gtk_button_new_from_icon_name ("open-menu-symbolic");
  gtk_widget_set_tooltip_text (button, text);
  gtk_window_set_child (GTK_WINDOW (window), button);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, NULL, NULL));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "X="))
        x = atoi (lines[i] + 2);
      else if (g_str_has_prefix (lines[i], "Y="))
        y = atoi (lines[i] + 2);
    }
  g_assert_cmpint (x, >=, 0);
  xs = g_strdup_printf ("%d", x + 100);
  ys = g_strdup_printf ("%d", y + 30);
  g_assert_true (bansou_gui_test_xdotool ((const char *[]) { "mousemove", xs, ys, NULL }));
  g_assert_true (bansou_gui_test_xdotool ((const char *[]) { "mousemove_relative", "1", "1", NULL }));
  g_assert_true (bansou_gui_test_wait_for (tooltip_shown, (gpointer) text));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (_bansou_ui_get_tooltip_label ()));

  layout = gtk_label_get_layout (_bansou_ui_get_tooltip_label ());
  g_assert_cmpint (pango_layout_get_line_count (layout), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Issue 10, item 13: the profile's validation message spans the editor
 * instead of a narrow column beside Save. */
static void
test_window_validation_message (Fixture       *fx,
                                gconstpointer  data)
{
  BansouBodyEditor *editor = _bansou_bodies_page_get_editor (fx->page);
  GtkWidget *label;
  PangoLayout *layout;

  g_assert_true (bansou_bodies_page_select_code (fx->page, "342025"));
  gtk_editable_set_text (GTK_EDITABLE (_bansou_body_editor_get_input (editor, "population")), "abc");
  g_assert_nonnull (_bansou_body_editor_get_error (editor));
  label = _bansou_body_editor_get_error_label (editor);
  gtk_test_widget_wait_for_draw (label);
  bansou_gui_test_drain ();

  g_assert_false (GTK_IS_ACTION_BAR (gtk_widget_get_ancestor (label, GTK_TYPE_ACTION_BAR)));
  g_assert_cmpint (gtk_widget_get_width (label), >, gtk_widget_get_width (GTK_WIDGET (editor)) / 2);
  layout = gtk_label_get_layout (GTK_LABEL (label));
  g_assert_cmpint (pango_layout_get_line_count (layout), <=, 2);
}

/* Issue 10, item 10: which errors pass as they are and which are put in
 * words for a person (and logged). */
static void
test_ui_error_message (void)
{
  g_autoptr(GError) internal = g_error_new (BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_FAILED,
                                            "Database error while listing survey rounds: no such table: rounds");
  g_autoptr(GError) bare = g_error_new_literal (BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_FAILED,
                                                "no such table: rounds");
  g_autoptr(GError) unique = g_error_new (BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CONSTRAINT,
                                          "Database error while adding a body: UNIQUE constraint failed: bodies.code");
  g_autoptr(GError) used = g_error_new_literal (BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CONSTRAINT,
                                                "The code “342025” is already used by 呉市");
  g_autoptr(GError) invalid = g_error_new_literal (BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                                                   "Enter a whole number");
  g_autoptr(GError) corrupt = g_error_new_literal (BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CORRUPT,
                                                   "database disk image is malformed");
  g_autoptr(GError) network = g_error_new_literal (BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_NETWORK,
                                                   "Error resolving “nowhere”");
  g_autoptr(GError) csv = g_error_new_literal (BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_REJECTED,
                                               "The file was rejected: 1 error");
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL, *g = NULL, *h = NULL;

  g_test_expect_message ("bansou-ui-util", G_LOG_LEVEL_WARNING, "*no such table: rounds*");
  a = bansou_ui_error_message (internal);
  g_test_expect_message ("bansou-ui-util", G_LOG_LEVEL_WARNING, "*no such table: rounds*");
  b = bansou_ui_error_message (bare);
  g_test_expect_message ("bansou-ui-util", G_LOG_LEVEL_WARNING, "*UNIQUE constraint*");
  c = bansou_ui_error_message (unique);
  g_test_expect_message ("bansou-ui-util", G_LOG_LEVEL_WARNING, "*malformed*");
  f = bansou_ui_error_message (corrupt);
  g_test_assert_expected_messages ();

  g_assert_null (strstr (a, "rounds"));
  g_assert_nonnull (strstr (a, "nothing was changed"));
  g_assert_cmpstr (a, ==, b);
  g_assert_null (strstr (c, "UNIQUE"));
  g_assert_null (strstr (f, "malformed"));
  g_assert_nonnull (strstr (f, "backup"));

  d = bansou_ui_error_message (used);
  g_assert_cmpstr (d, ==, used->message);
  e = bansou_ui_error_message (invalid);
  g_assert_cmpstr (e, ==, invalid->message);
  g = bansou_ui_error_message (network);
  g_assert_cmpstr (g, !=, network->message);
  g_assert_nonnull (strstr (g, "server address"));
  h = bansou_ui_error_message (csv);
  g_assert_cmpstr (h, ==, csv->message);
}

/* Without a display every test is reported as skipped, not failed. */
#define ADD_TEST(path, scope, func) \
  g_test_add (path, Fixture, scope, fixture_setup, have_display ? func : skip_test, fixture_teardown)

static void
skip_test (Fixture       *fx,
           gconstpointer  data)
{
}

int
main (int   argc,
      char *argv[])
{
  have_display = bansou_gui_test_init (&argc, &argv);

  ADD_TEST ("/window/list", "34", test_window_list);
  ADD_TEST ("/window/search", "34", test_window_search);
  ADD_TEST ("/window/kind-filter", "34", test_window_kind_filter);
  ADD_TEST ("/window/edit", "34", test_window_edit);
  ADD_TEST ("/window/add-remove", "34", test_window_add_remove);
  ADD_TEST ("/window/first-start", NULL, test_window_first_start);
  ADD_TEST ("/window/change-scope", "34", test_window_change_scope);
  ADD_TEST ("/window/first-start-enter-x11", NULL, test_window_first_start_enter_x11);
  ADD_TEST ("/window/chooser-menu-enter-x11", "34", test_window_chooser_menu_enter_x11);
  ADD_TEST ("/window/title", "34", test_window_title);
  ADD_TEST ("/window/national-list", "00", test_window_national_list);
  ADD_TEST ("/window/unsaved-draft", "34", test_window_unsaved_draft);
  ADD_TEST ("/window/internal-error", "34", test_window_internal_error);
  ADD_TEST ("/window/tooltip-x11", "34", test_window_tooltip_x11);
  ADD_TEST ("/window/validation-message", "34", test_window_validation_message);
  g_test_add_func ("/ui/error-message", test_ui_error_message);

  return g_test_run ();
}
