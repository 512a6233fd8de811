/* test-procurement-page.c — the 共同調達 page over a real database, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The page in a real window: its empty state; a project shared by two
 * prefectures whose share table adds up to the amount to share; a
 * missing population shown as the error naming the body; the move to
 * 契約 refused without the supply-chain checks and allowed under an
 * override (shown on the project, audited); the share table exported as
 * .xlsx and CSV and read back (the .xlsx with the core's own reader).
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bansou-context.h"
#include "bansou-demo.h"
#include "bansou-report.h"
#include "bansou-gui-test-utils.h"
#include "bansou-procurement-page-private.h"
#include "bansou-test-utils.h"
#include "bansou-ui-util.h"
#include "bansou-window-private.h"

static gboolean have_display;

typedef struct
{
  char                  *path;
  char                  *dir;
  BansouStore           *store;
  GSettings             *settings;
  BansouContext         *context;
  BansouWindow          *window;
  BansouProcurementPage *page;
  BansouProcurements    *ledger;
} Fixture;

/* 10,000,001 yen less half: 5,000,001 to share among three bodies */
#define TOTAL  10000001
#define AMOUNT  5000001

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
  g_assert_true (bansou_store_set_setting (fx->store, "prefecture", "04", &error));
  g_assert_no_error (error);
  fx->dir = bansou_test_make_dir ();
  fx->settings = g_settings_new (APP_ID);
  g_settings_set_int (fx->settings, "window-width", 1400);
  g_settings_set_int (fx->settings, "window-height", 900);
  fx->context = bansou_context_new (fx->store, fx->settings);
  fx->window = g_object_ref_sink (bansou_window_new (NULL, fx->context));
  fx->page = BANSOU_PROCUREMENT_PAGE (_bansou_window_get_page (fx->window, "procurement"));
  g_assert_nonnull (fx->page);
  fx->ledger = _bansou_procurement_page_get_ledger (fx->page);
  gtk_window_present (GTK_WINDOW (fx->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->window));
  bansou_gui_test_drain ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (!have_display)
    return;

  g_clear_object (&fx->window);
  bansou_gui_test_drain ();
  g_clear_object (&fx->context);
  g_clear_object (&fx->settings);
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->path, g_free);
  g_clear_pointer (&fx->dir, g_free);
}

static GtkWidget *
find_class (GtkWidget  *widget,
            const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_class (child, css_class);
      if (found)
        return found;
    }
  return NULL;
}

/* A project of 宮城県 with 仙台市 and 石巻市, and 山形市 of 山形県 joining
 * half-way through a two-year contract. */
static char *
add_project (Fixture  *fx,
             gboolean  populations)
{
  g_autoptr(GError) error = NULL;
  const char *csv = populations ? "code,population\n041009,1096704\n042021,138000\n062014,241000\n"
                                : "code,population\n041009,1096704\n042021,138000\n";
  BansouCostParams cost = { .total = TOTAL, .subsidy_num = 1, .subsidy_den = 2, .subsidy_cap = -1,
                            .weights = { 3000, 7000, 0, 0 } };
  char *id;
  guint n;

  id = bansou_procurements_add (fx->ledger, "東北 ファイル無害化", BANSOU_PROCUREMENT_FILE_SANITIZATION,
                                "04", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_procurements_set_field (fx->ledger, id, "contract-start", "2026-04-01", &error));
  g_assert_true (bansou_procurements_set_field (fx->ledger, id, "contract-end", "2028-03-31", &error));
  g_assert_true (bansou_procurements_join (fx->ledger, id, "041009", NULL, -1, -1, 30000000, &error));
  g_assert_true (bansou_procurements_join (fx->ledger, id, "042021", NULL, -1, -1, 6000000, &error));
  if (populations)
    g_assert_true (bansou_procurements_join (fx->ledger, id, "062014", "2027-04-01", -1, -1, -1, &error));
  g_assert_true (bansou_procurements_import_populations (fx->ledger, csv, strlen (csv), &n, &error));
  g_assert_no_error (error);
  g_assert_true (bansou_procurements_set_cost (fx->ledger, id, &cost, &error));
  g_assert_no_error (error);
  /* Without its population: a body joining after the cost was set */
  if (!populations)
    g_assert_true (bansou_procurements_join (fx->ledger, id, "062014", "2027-04-01", -1, -1, -1, &error));
  g_assert_no_error (error);

  /* Written by another program: the page reads the ledger again */
  g_assert_true (_bansou_procurement_page_load (fx->page));
  g_assert_true (bansou_procurement_page_select (fx->page, id));
  bansou_gui_test_drain ();
  return id;
}

/* ------------------------------------------------------------------------ */

static void
test_empty (Fixture       *fx,
            gconstpointer  data)
{
  if (!have_display)
    return;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (fx->page->stack), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fx->page->empty_page)) ||
                 !gtk_widget_get_mapped (GTK_WIDGET (fx->page)));
  g_assert_nonnull (adw_status_page_get_title (fx->page->empty_page));
  g_assert_null (_bansou_procurement_page_get_selected (fx->page));
}

static void
test_share_table (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *expected = NULL;
  BansouProcurementItem *item;
  const BansouShareTable *t;
  gint64 sum = 0;

  if (!have_display)
    return;

  id = add_project (fx, TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fx->page->stack), ==, "ledger");
  item = _bansou_procurement_page_get_selected (fx->page);
  g_assert_nonnull (item);
  g_assert_cmpstr (bansou_procurement_item_get_id (item), ==, id);

  /* Two prefectures take part */
  g_assert_cmpuint (bansou_project_count_prefectures (bansou_procurement_item_get_project (item)), ==, 2);

  t = bansou_procurement_item_get_shares (item);
  g_assert_nonnull (t);
  g_assert_nonnull (fx->page->share_view);
  g_assert_null (fx->page->share_error);
  g_assert_cmpuint (bansou_cell_grid_get_n_rows (BANSOU_CELL_GRID (fx->page->share_view)), ==, 3 + 1);  /* and the total row */
  for (guint i = 0; i < t->rows->len; i++)
    {
      const BansouShareRow *row = &g_array_index (t->rows, BansouShareRow, i);
      g_assert_cmpint (row->share, >=, 0);
      sum += row->share;
    }
  g_assert_cmpint (sum, ==, AMOUNT);
  g_assert_cmpint (t->split->subsidy, ==, TOTAL - AMOUNT);

  /* The total row says the amount to share, to the yen */
  total_text = _bansou_procurement_share_total_text (fx->page);
  expected = bansou_procurements_format_yen (AMOUNT);
  g_assert_cmpstr (total_text, ==, expected);

  /* 山形市 joined for the second of two years: pro-rated by days */
  g_assert_cmpint (g_array_index (t->rows, BansouShareRow, 2).days, <, t->contract_days);
  g_assert_cmpint (g_array_index (t->rows, BansouShareRow, 0).days, ==, t->contract_days);

  /* The search finds it by its type and hides it by another word */
  gtk_editable_set_text (GTK_EDITABLE (fx->page->search_entry), "無害化");
  g_signal_emit_by_name (fx->page->search_entry, "search-changed");
  g_assert_cmpuint (_bansou_procurement_page_get_n_shown (fx->page), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (fx->page->search_entry), "監査");
  g_signal_emit_by_name (fx->page->search_entry, "search-changed");
  g_assert_cmpuint (_bansou_procurement_page_get_n_shown (fx->page), ==, 0);
  g_assert_true (bansou_procurement_page_select (fx->page, id));
  g_assert_cmpuint (_bansou_procurement_page_get_n_shown (fx->page), ==, 1);
}

static void
test_missing_unit (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *id = NULL;
  const char *text;

  if (!have_display)
    return;

  id = add_project (fx, FALSE);
  g_assert_null (fx->page->share_view);
  g_assert_nonnull (fx->page->share_error);
  text = gtk_label_get_text (GTK_LABEL (fx->page->share_error));
  /* The error names the body that lacks the population, and only it */
  g_assert_nonnull (strstr (text, "062014 山形市"));
  g_assert_null (strstr (text, "仙台市"));
  /* Nothing to export */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *csv = g_build_filename (fx->dir, "none.csv", NULL);

    g_assert_false (_bansou_procurement_page_export (fx->page, csv, FALSE, &error));
    g_assert_nonnull (error);
    g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  }
}

static void
test_contract_gate (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *id = NULL;
  BansouProcurementItem *item;
  const char *toast;
  gboolean override_audited = FALSE;

  if (!have_display)
    return;

  id = add_project (fx, TRUE);
  g_assert_true (_bansou_procurement_detail_advance (fx->page, BANSOU_PHASE_NOTICE, "2026-01-10"));
  item = _bansou_procurement_page_get_selected (fx->page);
  g_assert_cmpint (bansou_procurement_item_get_project (item)->phase, ==, BANSOU_PHASE_NOTICE);

  /* Refused, with the reason: what is missing */
  g_assert_false (_bansou_procurement_detail_advance (fx->page, BANSOU_PHASE_CONTRACT, "2026-03-01"));
  toast = _bansou_window_get_last_toast (fx->window);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (toast, bansou_phase_get_label (BANSOU_PHASE_CONTRACT)));
  g_assert_nonnull (strstr (toast, g_dgettext (GETTEXT_PACKAGE, "vendor")));
  g_assert_cmpint (bansou_procurement_item_get_project (item)->phase, ==, BANSOU_PHASE_NOTICE);
  g_assert_null (find_class (fx->page->detail, "override-banner"));

  /* The override with its reason, then the move is allowed and shown */
  g_assert_true (bansou_procurements_set_field (fx->ledger, id, "override", "既存契約の延長のため", &error));
  g_assert_no_error (error);
  _bansou_procurement_page_reload_one (fx->page, id);
  g_assert_true (_bansou_procurement_detail_advance (fx->page, BANSOU_PHASE_CONTRACT, "2026-03-01"));
  item = _bansou_procurement_page_get_selected (fx->page);
  g_assert_cmpint (bansou_procurement_item_get_project (item)->phase, ==, BANSOU_PHASE_CONTRACT);
  g_assert_cmpstr (bansou_procurement_item_get_project (item)->phase_dates[BANSOU_PHASE_CONTRACT], ==, "2026-03-01");
  g_assert_nonnull (find_class (fx->page->detail, "override-banner"));

  audit = bansou_store_list_audit (fx->store, "procurement", id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    {
      BansouAuditEntry *e = g_ptr_array_index (audit, i);
      if (g_str_equal (e->field, "phase-override") && g_strcmp0 (e->new_value, "既存契約の延長のため") == 0)
        override_audited = TRUE;
    }
  g_assert_true (override_audited);
}

static GPtrArray *
parse_csv (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = bansou_csv_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

/* The share column of the total row, read back */
static void
assert_total_row (GPtrArray  *rows,
                  const char *amount)
{
  GStrv header = NULL;
  int share_col = -1;
  gboolean found = FALSE;

  for (guint r = 0; r < rows->len && share_col < 0; r++)
    {
      GStrv row = g_ptr_array_index (rows, r);
      for (guint c = 0; row[c]; c++)
        if (g_str_equal (row[c], g_dgettext (GETTEXT_PACKAGE, "Share (yen)")))
          {
            header = row;
            share_col = c;
          }
    }
  g_assert_nonnull (header);
  for (guint r = 0; r < rows->len; r++)
    {
      GStrv row = g_ptr_array_index (rows, r);
      if (row[0] && g_str_equal (row[0], g_dgettext (GETTEXT_PACKAGE, "Total")))
        {
          g_assert_cmpuint (g_strv_length (row), >, (guint) share_col);
          g_assert_cmpstr (row[share_col], ==, amount);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_export (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *as_csv = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) csv_rows = NULL;
  gsize length;

  if (!have_display)
    return;

  id = add_project (fx, TRUE);
  xlsx = g_build_filename (fx->dir, "shares.xlsx", NULL);
  csv = g_build_filename (fx->dir, "shares.csv", NULL);

  if (bansou_share_table_can_write_xlsx ())
    {
      g_assert_true (_bansou_procurement_page_export (fx->page, xlsx, TRUE, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (xlsx, &contents, &length, &error));
      g_assert_true (bansou_xlsx_is_workbook (contents, length));
      as_csv = bansou_xlsx_to_csv (contents, length, &error);
      g_assert_no_error (error);
      rows = parse_csv (as_csv);
      assert_total_row (rows, "5000001");
      /* The participants by name, 山形市 among them */
      g_assert_nonnull (strstr (as_csv, "山形市"));
      g_assert_nonnull (strstr (as_csv, "山形県"));
    }
  else
    g_test_message ("Built without libxlsxwriter: only CSV is exported");

  g_clear_pointer (&contents, g_free);
  g_assert_true (_bansou_procurement_page_export (fx->page, csv, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, &length, &error));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF"));
  csv_rows = parse_csv (contents + 3);
  assert_total_row (csv_rows, "5000001");

  /* A folder that does not exist: an error, and nothing written */
  bad = g_build_filename (fx->dir, "missing", "shares.xlsx", NULL);
  g_assert_false (_bansou_procurement_page_export (fx->page, bad, bansou_share_table_can_write_xlsx (), &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
}

/* Press @key on @widget: the shortcut its class binds to the key runs,
 * as GTK's shortcut controller would run it for the key event (GTK 4.8
 * cannot synthesise a key event; test-compliance-ui.c uses xdotool where
 * it must go through X) */
static void
press (GtkWidget       *widget,
       guint            key,
       GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GListModel *shortcuts = NULL;
  gboolean done = FALSE;

  gtk_widget_grab_focus (widget);
  /* The class's bindings live in the widget's shortcut controller, a
   * list of its shortcuts */
  for (guint i = 0, n = g_list_model_get_n_items (controllers); i < n && shortcuts == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_SHORTCUT_CONTROLLER (controller) && g_list_model_get_n_items (G_LIST_MODEL (controller)) > 0)
        shortcuts = G_LIST_MODEL (controller);
    }
  g_assert_nonnull (shortcuts);
  for (guint i = 0, n = g_list_model_get_n_items (shortcuts); i < n && !done; i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, i);
      GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

      if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
          gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == key &&
          gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods)
        done = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                             widget, gtk_shortcut_get_arguments (shortcut));
    }
  g_assert_true (done);
  bansou_gui_test_drain ();
}

/* The participants × projects matrix: bodies by row, the ledger's projects
 * by column, each cell the share in yen and the dates; arrows move the
 * cursor, the status says the cell in full, Enter opens the project */
static void
test_matrix (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;
  g_autofree char *share = NULL;
  g_autofree char *described = NULL;
  const BansouShareTable *t;
  BansouCellGrid *matrix;
  guint row, column, n_drawn, tohoku;
  const char *status;

  if (!have_display)
    return;

  id = add_project (fx, TRUE);
  other = bansou_procurements_add (fx->ledger, "宮城 脆弱性診断", BANSOU_PROCUREMENT_VULNERABILITY_ASSESSMENT,
                                   "04", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_procurements_join (fx->ledger, other, "041009", NULL, -1, -1, -1, &error));
  g_assert_true (bansou_procurements_leave (fx->ledger, other, "041009", "2020-03-31", &error));
  g_assert_no_error (error);
  _bansou_procurement_page_reload_one (fx->page, other);
  t = bansou_procurement_item_get_shares (_bansou_procurement_page_get_selected (fx->page));

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (fx->page),
                                                                                   ADW_TYPE_VIEW_STACK)),
                                         "procurement");
  gtk_stack_set_visible_child_name (fx->page->view_stack, "matrix");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->window));
  bansou_gui_test_drain ();
  matrix = fx->page->matrix;

  /* The scope is 宮城県: its two bodies × its two projects (山形市 is of
   * another prefecture), in the ledger's order (by title, collated) */
  g_assert_cmpuint (bansou_cell_grid_get_n_rows (matrix), ==, 2);
  g_assert_cmpuint (bansou_cell_grid_get_n_columns (matrix), ==, 2 + 2);
  tohoku = g_str_equal (bansou_cell_grid_get_column_title (matrix, 2), "東北 ファイル無害化") ? 2 : 3;
  g_assert_cmpstr (bansou_cell_grid_get_column_title (matrix, tohoku), ==, "東北 ファイル無害化");
  g_assert_cmpstr (bansou_cell_grid_get_column_title (matrix, 5 - tohoku), ==, "宮城 脆弱性診断");
  g_assert_true (bansou_cell_grid_get_cursor (matrix, &row, &column));
  g_assert_cmpuint (row, ==, 0);
  g_assert_cmpuint (column, ==, 2);
  bansou_cell_grid_set_cursor (matrix, 0, tohoku);
  status = gtk_label_get_text (fx->page->matrix_status);
  share = bansou_procurements_format_yen (g_array_index (t->rows, BansouShareRow, 0).share);
  g_assert_nonnull (strstr (status, "仙台市"));
  g_assert_nonnull (strstr (status, "東北 ファイル無害化"));
  g_assert_nonnull (strstr (status, share));
  described = bansou_cell_grid_describe_cursor (matrix);
  g_assert_nonnull (strstr (described, share));

  /* Only what is on screen is drawn */
  gtk_widget_queue_draw (GTK_WIDGET (matrix));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->window));
  n_drawn = bansou_cell_grid_get_n_drawn (matrix);
  g_assert_cmpuint (n_drawn, >, 0);
  g_assert_cmpuint (n_drawn, <=, 2 * 4);

  /* The keyboard: to the other project, where 仙台市 left in 2020 */
  press (GTK_WIDGET (matrix), tohoku == 2 ? GDK_KEY_Right : GDK_KEY_Left, 0);
  g_assert_true (bansou_cell_grid_get_cursor (matrix, &row, &column));
  g_assert_cmpuint (column, ==, 5 - tohoku);
  status = gtk_label_get_text (fx->page->matrix_status);
  g_assert_nonnull (strstr (status, "宮城 脆弱性診断"));
  g_assert_nonnull (strstr (status, "令和2年3月31日"));
  /* Down: 石巻市 takes no part in it */
  press (GTK_WIDGET (matrix), GDK_KEY_Down, 0);
  g_assert_true (bansou_cell_grid_get_cursor (matrix, &row, &column));
  g_assert_cmpuint (row, ==, 1);
  status = gtk_label_get_text (fx->page->matrix_status);
  g_assert_nonnull (strstr (status, "石巻市"));
  g_assert_nonnull (strstr (status, "宮城 脆弱性診断"));
  g_assert_null (strstr (status, "円"));
  press (GTK_WIDGET (matrix), GDK_KEY_Home, 0);
  g_assert_true (bansou_cell_grid_get_cursor (matrix, &row, &column));
  g_assert_cmpuint (column, ==, 0);
  press (GTK_WIDGET (matrix), GDK_KEY_End, 0);
  g_assert_true (bansou_cell_grid_get_cursor (matrix, &row, &column));
  g_assert_cmpuint (column, ==, 3);

  /* Every prefecture: 山形市 too */
  gtk_drop_down_set_selected (fx->page->matrix_prefecture, 0);
  bansou_gui_test_drain ();
  g_assert_cmpuint (bansou_cell_grid_get_n_rows (matrix), ==, 3);

  /* Enter on 東北 … opens it in the ledger */
  bansou_cell_grid_set_cursor (matrix, 0, tohoku);
  press (GTK_WIDGET (matrix), GDK_KEY_Return, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fx->page->view_stack), ==, "projects");
  g_assert_cmpstr (bansou_procurement_item_get_id (_bansou_procurement_page_get_selected (fx->page)), ==, id);
}

/* The ledger is one grid: a click on a header sorts, again reverses, and
 * the selection follows the project */
static void
test_ledger_sort (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;
  BansouProcurementItem *first;
  guint row;

  if (!have_display)
    return;

  id = add_project (fx, TRUE);
  other = bansou_procurements_add (fx->ledger, "宮城 脆弱性診断", BANSOU_PROCUREMENT_VULNERABILITY_ASSESSMENT,
                                   "04", NULL, &error);
  g_assert_no_error (error);
  _bansou_procurement_page_reload_one (fx->page, other);
  g_assert_true (bansou_procurement_page_select (fx->page, id));
  g_assert_cmpuint (bansou_cell_grid_get_n_rows (fx->page->ledger_view), ==, 2);

  /* By total: 0 yen (宮城 …) before 10,000,001 */
  g_signal_emit_by_name (fx->page->ledger_view, "header-clicked", 6);
  first = g_list_model_get_item (G_LIST_MODEL (fx->page->selection), 0);
  g_assert_cmpstr (bansou_procurement_item_get_id (first), ==, other);
  g_object_unref (first);
  /* The selection stayed on its project, and the cursor with it */
  g_assert_cmpstr (bansou_procurement_item_get_id (_bansou_procurement_page_get_selected (fx->page)), ==, id);
  g_assert_true (bansou_cell_grid_get_cursor (fx->page->ledger_view, &row, NULL));
  g_assert_cmpuint (row, ==, 1);
  g_signal_emit_by_name (fx->page->ledger_view, "header-clicked", 6);
  first = g_list_model_get_item (G_LIST_MODEL (fx->page->selection), 0);
  g_assert_cmpstr (bansou_procurement_item_get_id (first), ==, id);
  g_object_unref (first);

  /* Down moves the selection, as in a list */
  press (GTK_WIDGET (fx->page->ledger_view), GDK_KEY_Down, 0);
  g_assert_cmpstr (bansou_procurement_item_get_id (_bansou_procurement_page_get_selected (fx->page)), ==, other);
}

/* The regional report gets a 共同調達 section with the override's reason */
static void
test_report_section (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(BansouReport) report = NULL;
  g_autofree char *id = NULL;
  g_autofree char *round = NULL;
  g_autofree char *out = NULL;
  g_autofree char *table = NULL;
  g_auto(GStrv) files = NULL;
  gboolean found = FALSE;

  if (!have_display)
    return;

  id = add_project (fx, TRUE);
  g_assert_true (bansou_procurements_set_field (fx->ledger, id, "override", "既存契約の延長のため", &error));
  g_assert_true (bansou_procurements_set_phase (fx->ledger, id, BANSOU_PHASE_CONTRACT, "2026-03-01", &error));
  g_assert_no_error (error);

  catalog = bansou_catalog_load_active (fx->store, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_demo_generate (fx->store, catalog, "04", 1, 1, &error));
  round = bansou_report_latest_round (fx->store, &error);
  g_assert_no_error (error);
  report = bansou_report_new (fx->store, catalog, "04", round, NULL, &error);
  g_assert_no_error (error);

  out = g_build_filename (fx->dir, "report", NULL);
  g_assert_cmpint (g_mkdir_with_parents (out, 0700), ==, 0);
  files = bansou_report_write_csv (report, out, &error);
  g_assert_no_error (error);
  for (guint i = 0; files[i]; i++)
    if (g_str_has_suffix (files[i], "procurement.csv"))
      {
        g_assert_true (g_file_get_contents (files[i], &table, NULL, &error));
        found = TRUE;
      }
  g_assert_true (found);
  g_assert_nonnull (strstr (table, "東北 ファイル無害化"));
  g_assert_nonnull (strstr (table, "既存契約の延長のため"));
  g_assert_nonnull (strstr (table, "10000001"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "ja", TRUE);
  have_display = bansou_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/procurement-page/empty", test_empty);
  ADD ("/procurement-page/share-table", test_share_table);
  ADD ("/procurement-page/missing-unit", test_missing_unit);
  ADD ("/procurement-page/contract-gate", test_contract_gate);
  ADD ("/procurement-page/export", test_export);
  ADD ("/procurement-page/report-section", test_report_section);
  ADD ("/procurement-page/matrix", test_matrix);
  ADD ("/procurement-page/ledger-sort", test_ledger_sort);

  return g_test_run ();
}
