/* test-dispatch-page.c — the 派遣 page and its dialogs under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Over a real database of 鳥取県: the page opens on an empty pool with
 * its empty states; an expert added through the core shows in the pool
 * and the calendar's filter; a request made in the request dialog shows
 * in the requests; and the scheduling dialog lists a visit's conflicts
 * before anything is saved — a visit on 12/30 (年末年始) is saved only
 * with a reason, a double booking not even with one, and nothing is
 * written when it is refused.
 */
#include "config.h"

#include <locale.h>
#include <adwaita.h>

#include "bansou-gui-test-utils.h"
#include "bansou-test-utils.h"
#include "bansou-bodies-page.h"
#include "bansou-body-sidebar.h"
#include "bansou-context.h"
#include "bansou-dispatch-dialogs-private.h"
#include "bansou-dispatch-page.h"
#include "bansou-schedule-view.h"

#define TOTTORI "312011"
#define YONAGO  "312029"

static gboolean have_display;

typedef struct
{
  char           *path;
  BansouStore    *store;
  GSettings      *settings;
  BansouContext  *context;
  BansouDispatch *dispatch;
  GtkWindow      *window;
  GtkWidget      *page;
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
  g_assert_true (bansou_store_set_setting (fx->store, "prefecture", "31", &error));
  g_assert_no_error (error);
  fx->settings = g_settings_new (APP_ID);
  fx->context = bansou_context_new (fx->store, fx->settings);
  fx->dispatch = bansou_context_get_dispatch (fx->context, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fx->dispatch);

  fx->page = bansou_dispatch_page_new (fx->context);
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
  gtk_window_destroy (fx->window);
  bansou_gui_test_drain ();
  g_clear_object (&fx->context);
  g_clear_object (&fx->settings);
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->path, g_free);
}

static GObject *
child (Fixture    *fx,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (fx->page, BANSOU_TYPE_DISPATCH_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (list)); c; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

static char *
add_expert (Fixture    *fx,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  const char *fields[] = { "nda-signed", "contract-start", NULL };
  const char *values[] = { "2026-04-01", "2026-04-01", NULL };
  char *id = bansou_dispatch_add_expert (fx->dispatch, NULL, name, BANSOU_AFFILIATION_JOINT_HIRE, &error);

  g_assert_no_error (error);
  g_assert_true (bansou_dispatch_update_expert (fx->dispatch, id, fields, values, &error));
  g_assert_no_error (error);
  return id;
}

static guint
n_visits (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) visits = bansou_dispatch_list_visits (fx->dispatch, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return visits->len;
}

static gboolean
has_conflict (VisitDialog             *d,
              BansouVisitConflictKind  kind)
{
  for (guint i = 0; d->conflicts != NULL && i < d->conflicts->len; i++)
    if (((BansouVisitConflict *) g_ptr_array_index (d->conflicts, i))->kind == kind)
      return TRUE;
  return FALSE;
}

/* Whether the page's button for @action can be pressed: GTK makes an
 * actionable widget insensitive while its action is disabled. */
static gboolean
action_enabled (Fixture    *fx,
                const char *action)
{
  GQueue queue = G_QUEUE_INIT;
  GtkWidget *w;
  gboolean found = FALSE, enabled = FALSE;

  g_queue_push_tail (&queue, fx->page);
  while ((w = g_queue_pop_head (&queue)) != NULL)
    {
      if (GTK_IS_ACTIONABLE (w) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)), action) == 0)
        {
          found = TRUE;
          enabled = gtk_widget_get_sensitive (w);
          break;
        }
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  g_queue_clear (&queue);
  g_assert_true (found);
  return enabled;
}

/* ------------------------------------------------------------------------ */

static void
test_page_empty (Fixture       *fx,
                 gconstpointer  data)
{
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fx, "pool_stack"))), ==, "empty");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fx, "requests_stack"))), ==, "empty");
  g_assert_cmpuint (n_rows (GTK_LIST_BOX (child (fx, "pool_list"))), ==, 0);
  /* Nobody to send, no body chosen: nothing to schedule or request yet
   * (a disabled action is not activated) */
  g_assert_nonnull (bansou_body_sidebar_lookup (BANSOU_BODY_SIDEBAR (child (fx, "sidebar")), TOTTORI));
  g_assert_false (action_enabled (fx, "dispatch.schedule"));
  g_assert_false (action_enabled (fx, "dispatch.add-request"));
  g_assert_true (action_enabled (fx, "dispatch.add-expert"));
  g_assert_true (bansou_body_sidebar_select (BANSOU_BODY_SIDEBAR (child (fx, "sidebar")), TOTTORI));
  bansou_gui_test_drain ();
  g_assert_true (action_enabled (fx, "dispatch.add-request"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (fx, "body_label"))), ==, "鳥取市");
  /* The calendar is there with the national calendar's days */
  g_assert_nonnull (bansou_schedule_view_get_calendar (BANSOU_SCHEDULE_VIEW (child (fx, "schedule"))));
  g_assert_cmpuint (g_list_model_get_n_items (bansou_schedule_view_get_model (BANSOU_SCHEDULE_VIEW (child (fx, "schedule")))), ==, 0);
}

static void
test_page_pool (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *id = add_expert (fx, "山田 花子");
  GtkDropDown *dropdown = GTK_DROP_DOWN (child (fx, "expert_dropdown"));

  /* The core's "changed" reaches the page: no reload by hand */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fx, "pool_stack"))), ==, "list");
  g_assert_cmpuint (n_rows (GTK_LIST_BOX (child (fx, "pool_list"))), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), ==, 2);
  g_assert_true (action_enabled (fx, "dispatch.schedule"));
}

static void
test_page_request (Fixture       *fx,
                   gconstpointer  data)
{
  BansouCatalog *catalog = bansou_context_get_catalog (fx->context);
  const char *questions[] = { bansou_catalog_get_question (catalog, 3)->id, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  GtkWindow *dialog;
  GtkWidget *save;

  dialog = bansou_request_dialog_new (fx->page, fx->context, YONAGO, questions, BANSOU_REQUEST_SOURCE_HEATMAP);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  /* Save is the header bar's suggested button */
  save = NULL;
  {
    GtkWidget *w = GTK_WIDGET (dialog);
    GQueue queue = G_QUEUE_INIT;

    g_queue_push_tail (&queue, w);
    while ((w = g_queue_pop_head (&queue)) != NULL && save == NULL)
      {
        if (GTK_IS_BUTTON (w) && gtk_widget_has_css_class (w, "suggested-action"))
          save = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
          g_queue_push_tail (&queue, c);
      }
    g_queue_clear (&queue);
  }
  g_assert_nonnull (save);
  g_signal_emit_by_name (save, "clicked");
  bansou_gui_test_drain ();
  g_assert_null (dialog);   /* closed: saved */

  requests = bansou_dispatch_list_requests (fx->dispatch, YONAGO, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_cmpint (((BansouDispatchRequest *) requests->pdata[0])->source, ==, BANSOU_REQUEST_SOURCE_HEATMAP);
  g_assert_cmpstr (((BansouDispatchRequest *) requests->pdata[0])->questions[0], ==, questions[0]);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fx, "requests_stack"))), ==, "list");
  g_assert_cmpuint (n_rows (GTK_LIST_BOX (child (fx, "requests_list"))), ==, 1);
}

static void
test_page_schedule_conflict (Fixture       *fx,
                             gconstpointer  data)
{
  g_autofree char *expert = add_expert (fx, "山田 花子");
  g_autoptr(GDate) year_end = g_date_new_dmy (30, 12, 2026);
  BansouScheduleView *schedule = BANSOU_SCHEDULE_VIEW (child (fx, "schedule"));
  g_autoptr(BansouScheduleEvent) event = NULL;
  GtkWindow *window;
  VisitDialog *d;

  /* 12/30: 年末年始, listed before saving; Save waits for a reason */
  window = bansou_visit_dialog_new (fx->page, fx->context, NULL, expert, TOTTORI, year_end, 600, 720);
  g_assert_nonnull (window);
  d = _bansou_visit_dialog_get (window);
  g_assert_true (has_conflict (d, BANSOU_VISIT_CONFLICT_CLOSED_DAY));
  g_assert_false (d->blocking);
  g_assert_cmpuint (n_rows (d->conflict_list), ==, d->conflicts->len);
  g_assert_false (gtk_widget_get_sensitive (d->save_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->reason_group)));
  g_assert_false (_bansou_visit_dialog_save (d));
  g_assert_cmpuint (n_visits (fx), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (d->reason_row), "庁舎の保守停止に合わせて訪問");
  g_assert_true (gtk_widget_get_sensitive (d->save_button));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_true (_bansou_visit_dialog_save (d));
  bansou_gui_test_drain ();
  g_assert_null (window);
  g_assert_cmpuint (n_visits (fx), ==, 1);

  /* The calendar shows it, flagged */
  g_assert_cmpuint (g_list_model_get_n_items (bansou_schedule_view_get_model (schedule)), ==, 1);
  event = g_list_model_get_item (bansou_schedule_view_get_model (schedule), 0);
  g_assert_true (bansou_schedule_event_get_conflict (event));
  g_assert_nonnull (strstr (bansou_schedule_event_get_conflicts (event), "庁舎の保守停止"));
  bansou_schedule_view_set_date (schedule, year_end);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (fx, "conflicts_label"))), !=, "");

  /* The same expert at the same time elsewhere: a double booking, which
   * no reason overrides; nothing is written */
  window = bansou_visit_dialog_new (fx->page, fx->context, NULL, expert, YONAGO, year_end, 660, 780);
  d = _bansou_visit_dialog_get (window);
  g_assert_true (has_conflict (d, BANSOU_VISIT_CONFLICT_DOUBLE_BOOKING));
  g_assert_true (d->blocking);
  gtk_editable_set_text (GTK_EDITABLE (d->reason_row), "どうしても");
  g_assert_false (gtk_widget_get_sensitive (d->save_button));
  g_assert_false (_bansou_visit_dialog_save (d));
  g_assert_cmpuint (n_visits (fx), ==, 1);

  /* Moved to the afternoon of a business day: no conflict at all */
  gtk_editable_set_text (GTK_EDITABLE (d->day_row), "2027-01-06");
  g_assert_cmpuint (d->conflicts->len, ==, 0);
  g_assert_true (gtk_widget_get_sensitive (d->save_button));
  /* A wrong time is said, not saved */
  gtk_editable_set_text (GTK_EDITABLE (d->start_row), "午前");
  g_assert_true (d->blocking);
  g_assert_false (gtk_widget_get_sensitive (d->save_button));
  gtk_window_destroy (window);
}

static GtkWindow *
find_request_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (g_object_get_data (G_OBJECT (w), "bansou-request-dialog") != NULL)
        return w;
    }
  return NULL;
}

/* The 市区町村 page asks for a visit for its selected body */
static void
test_page_from_bodies (Fixture       *fx,
                       gconstpointer  data)
{
  GtkWidget *bodies = g_object_new (BANSOU_TYPE_BODIES_PAGE, "context", fx->context, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWindow *dialog;

  gtk_window_set_child (window, bodies);
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_null (find_request_dialog ());
  g_assert_true (bansou_bodies_page_select_code (BANSOU_BODIES_PAGE (bodies), YONAGO));
  bansou_gui_test_drain ();
  gtk_widget_activate_action (bodies, "bodies.request-dispatch", NULL);
  bansou_gui_test_drain ();
  g_assert_nonnull ((dialog = find_request_dialog ()));
  g_assert_nonnull (strstr (gtk_window_get_title (dialog), "米子市"));
  gtk_window_destroy (dialog);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  have_display = bansou_gui_test_init (&argc, &argv);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/dispatch/page/empty", test_page_empty);
  ADD ("/dispatch/page/pool", test_page_pool);
  ADD ("/dispatch/page/request", test_page_request);
  ADD ("/dispatch/page/schedule-conflict", test_page_schedule_conflict);
  ADD ("/dispatch/page/from-bodies", test_page_from_bodies);
#undef ADD

  return g_test_run ();
}
