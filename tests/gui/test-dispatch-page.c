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
 * written when it is refused. Suggestions for a request are listed with
 * their reasons and choosing one opens the scheduling dialog on its slot;
 * a visit report for a visit still to come is refused inside its dialog,
 * nothing written; a report of a visit that took place lists the answers
 * its findings change («訪問 N») and writes them only when confirmed, and
 * 支援効果 hears of it; the .ics export parses back and an import that is
 * not RFC 5545 is refused with nothing moved.
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
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
static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action)
{
  GQueue queue = G_QUEUE_INIT;
  GtkWidget *w, *found = NULL;

  g_queue_push_tail (&queue, root);
  while ((w = g_queue_pop_head (&queue)) != NULL)
    {
      if (GTK_IS_ACTIONABLE (w) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)), action) == 0)
        {
          found = w;
          break;
        }
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  g_queue_clear (&queue);
  return found;
}

/* Whether the page's button for @action can be pressed: GTK makes an
 * actionable widget insensitive while its action is disabled. */
static gboolean
action_enabled (Fixture    *fx,
                const char *action)
{
  GtkWidget *w = find_actionable (fx->page, action);

  g_assert_nonnull (w);
  return gtk_widget_get_sensitive (w);
}

/* Activates a menu's action and says whether a file chooser opened (the
 * GtkFileChooserNative's own dialog without a portal), cancelling it. */
static gboolean
chooser_opens (Fixture    *fx,
               const char *action)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  gboolean found = FALSE;

  gtk_widget_activate_action (fx->page, action, NULL);
  bansou_gui_test_drain ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && !found; i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          found = TRUE;
          G_GNUC_BEGIN_IGNORE_DEPRECATIONS
          gtk_dialog_response (GTK_DIALOG (w), GTK_RESPONSE_CANCEL);
          G_GNUC_END_IGNORE_DEPRECATIONS
        }
    }
  bansou_gui_test_drain ();
  return found;
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

static char *
iso_of (GDate *d)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (d), g_date_get_month (d), g_date_get_day (d));
}

static char *
schedule_visit (Fixture            *fx,
                const char         *expert,
                const char         *day,
                const char * const *questions)
{
  g_autoptr(GError) error = NULL;
  BansouVisitSpec spec = { .expert = expert, .body = YONAGO, .day = day, .start_min = 600, .end_min = 720,
                           .questions = questions };
  char *id = bansou_dispatch_schedule_visit (fx->dispatch, &spec, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
count_cb (gpointer  instance,
          guint    *n)
{
  (*n)++;
}

/* Suggestions: ranked, each with its reason; choosing one schedules it */
static void
test_page_suggest (Fixture       *fx,
                   gconstpointer  data)
{
  BansouCatalog *catalog = bansou_context_get_catalog (fx->context);
  BansouQuestion *q = bansou_catalog_get_question (catalog, 3);
  const char *questions[] = { q->id, NULL };
  g_autofree char *plain = add_expert (fx, "佐藤 一郎");
  g_autofree char *skilled = add_expert (fx, "山田 花子");
  BansouExpertSkill skill = { (char *) q->id, 3 };
  BansouRequestSpec spec = { .body = YONAGO, .questions = questions, .source = BANSOU_REQUEST_SOURCE_HEATMAP };
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  GtkWindow *window, *visit;
  SuggestionsDialog *d;
  VisitDialog *v;
  BansouSuggestion *first;
  g_autofree char *first_day = NULL;
  guint n = 0;

  g_assert_true (bansou_dispatch_set_expert_skills (fx->dispatch, skilled, &skill, 1, &error));
  g_assert_no_error (error);
  request = bansou_dispatch_add_request (fx->dispatch, &spec, &error);
  g_assert_no_error (error);

  window = bansou_suggestions_dialog_new (fx->page, fx->context, request);
  g_assert_nonnull (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  d = _bansou_suggestions_dialog_get (window);
  g_assert_cmpuint (d->suggestions->len, ==, 2);
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (d->list)); c; c = gtk_widget_get_next_sibling (c), n++)
    {
      BansouSuggestion *s = g_ptr_array_index (d->suggestions, n);

      /* Each row shows its reason */
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (c)), !=, "");
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (c)), s->reason));
      g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), s->name));
    }
  g_assert_cmpuint (n, ==, 2);
  /* The one whose skill covers the question comes first */
  first = g_ptr_array_index (d->suggestions, 0);
  g_assert_cmpstr (first->expert, ==, skilled);
  g_assert_nonnull (first->first_day);
  first_day = g_strdup (first->first_day);

  visit = _bansou_suggestions_dialog_choose (d, 0);
  bansou_gui_test_drain ();
  g_assert_null (window);   /* the list closes */
  g_assert_nonnull (visit);
  v = _bansou_visit_dialog_get (visit);
  g_assert_cmpstr (v->request, ==, request);
  g_assert_cmpstr (((BansouExpert *) g_ptr_array_index (v->experts, adw_combo_row_get_selected (v->expert_row)))->id, ==, skilled);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (v->day_row)), ==, first_day);
  /* A suggested slot has no conflict: it can be saved as it is */
  g_assert_cmpuint (v->conflicts->len, ==, 0);
  g_assert_true (_bansou_visit_dialog_save (v));
  g_assert_cmpuint (n_visits (fx), ==, 1);
}

/* The report: refused for a visit still to come; the findings' answer
 * changes listed, written only when confirmed, with 「訪問 N」 */
static void
test_page_report (Fixture       *fx,
                  gconstpointer  data)
{
  BansouCatalog *catalog = bansou_context_get_catalog (fx->context);
  BansouCalendar *calendar = bansou_context_get_calendar (fx->context);
  const char *questions[] = { bansou_catalog_get_question (catalog, 0)->id,
                              bansou_catalog_get_question (catalog, 1)->id, NULL };
  g_autofree char *expert = add_expert (fx, "山田 花子");
  g_autoptr(GDate) today = bansou_date_today ();
  g_autoptr(GDate) past = bansou_date_today ();
  g_autoptr(GDate) later = bansou_date_today ();
  g_autofree char *today_iso = iso_of (today);
  g_autofree char *past_iso = NULL, *later_iso = NULL;
  g_autofree char *done = NULL, *future = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouVisit) v = NULL;
  g_autoptr(BansouAnswer) answer = NULL;
  g_autofree char *line = NULL;
  GtkWindow *window;
  ReportDialog *d;
  guint n_support = 0;

  g_assert_nonnull (bansou_survey_create_round (bansou_context_get_survey (fx->context), today_iso, "今年度の調査", FALSE, &error));
  g_assert_no_error (error);
  g_date_subtract_days (past, 14);
  bansou_calendar_previous_business_day (calendar, past);
  past_iso = iso_of (past);
  g_date_add_days (later, 7);
  bansou_calendar_next_business_day (calendar, later);
  later_iso = iso_of (later);
  done = schedule_visit (fx, expert, past_iso, questions);
  future = schedule_visit (fx, expert, later_iso, questions);
  g_signal_connect (fx->context, "support-changed", G_CALLBACK (count_cb), &n_support);

  /* A visit still to come: refused in the dialog, nothing written */
  window = bansou_report_dialog_new (fx->page, fx->context, future);
  d = _bansou_report_dialog_get (window);
  gtk_editable_set_text (GTK_EDITABLE (d->report_row), "CSIRT 体制の確認");
  adw_combo_row_set_selected (g_ptr_array_index (d->finding_rows, 0), BANSOU_FINDING_DONE);
  g_assert_false (_bansou_report_dialog_save (d));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->error_label)));
  g_assert_nonnull (strstr (gtk_label_get_label (d->error_label), later_iso));
  v = bansou_dispatch_get_visit (fx->dispatch, future, &error);
  g_assert_cmpint (v->state, ==, BANSOU_VISIT_PLANNED);
  g_assert_null (v->reported_at);
  g_clear_pointer (&v, bansou_visit_free);
  /* Hours that are no hours are said, not saved */
  gtk_window_destroy (window);

  /* The visit that took place, through the calendar's activation */
  window = bansou_report_dialog_new (fx->page, fx->context, done);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  d = _bansou_report_dialog_get (window);
  g_assert_cmpuint (d->finding_rows->len, ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (d->hours_row), "二時間");
  g_assert_false (_bansou_report_dialog_save (d));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->error_label)));
  gtk_editable_set_text (GTK_EDITABLE (d->report_row), "CISO 任命の確認と CSIRT の助言");
  gtk_editable_set_text (GTK_EDITABLE (d->hours_row), "2:30");
  gtk_editable_set_text (GTK_EDITABLE (d->cost_row), "30,000");
  gtk_editable_set_text (GTK_EDITABLE (d->share_row), "50");
  adw_combo_row_set_selected (g_ptr_array_index (d->finding_rows, 0), BANSOU_FINDING_DONE);
  adw_combo_row_set_selected (g_ptr_array_index (d->finding_rows, 1), BANSOU_FINDING_PARTIAL);
  g_assert_true (_bansou_report_dialog_save (d));
  bansou_gui_test_drain ();
  g_assert_nonnull (window);          /* waits for the confirmation */
  g_assert_nonnull (d->confirm);
  g_assert_cmpuint (n_support, >, 0); /* the report's support actions */
  v = bansou_dispatch_get_visit (fx->dispatch, done, &error);
  g_assert_cmpint (v->state, ==, BANSOU_VISIT_DONE);
  g_assert_cmpint (v->worked_min, ==, 150);
  g_assert_cmpint (v->cost, ==, 30000);
  g_assert_cmpuint (v->subsidy_bp, ==, 5000);
  /* Listed, not written yet */
  g_assert_cmpuint (d->changes->len, ==, 2);
  line = _bansou_describe_change (fx->context, g_ptr_array_index (d->changes, 0));
  g_assert_nonnull (strstr (line, "米子市"));
  g_assert_nonnull (strstr (line, "訪問 1"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (d->confirm)), line));
  answer = bansou_survey_get_answer (bansou_context_get_survey (fx->context), today_iso, YONAGO, questions[0], NULL);
  g_assert_true (answer == NULL || answer->status == BANSOU_STATUS_UNANSWERED);
  g_clear_pointer (&answer, bansou_answer_free);

  /* Confirmed: written through the answer path with the evidence */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (d->confirm), "write");
  bansou_gui_test_drain ();
  g_assert_null (window);
  answer = bansou_survey_get_answer (bansou_context_get_survey (fx->context), today_iso, YONAGO, questions[0], &error);
  g_assert_no_error (error);
  g_assert_cmpint (answer->status, ==, BANSOU_STATUS_DONE);
  g_assert_cmpstr (answer->evidence, ==, "訪問 1");
  g_clear_pointer (&answer, bansou_answer_free);
  answer = bansou_survey_get_answer (bansou_context_get_survey (fx->context), today_iso, YONAGO, questions[1], &error);
  g_assert_cmpint (answer->status, ==, BANSOU_STATUS_PARTIAL);

  /* Reopened: an accepted finding cannot change */
  window = bansou_report_dialog_new (fx->page, fx->context, done);
  d = _bansou_report_dialog_get (window);
  g_assert_false (gtk_widget_get_sensitive (g_ptr_array_index (d->finding_rows, 0)));
  gtk_window_destroy (window);
}

/* .ics: the expert's and the body's visits out; a broken file in: refused */
static void
test_page_ics (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *expert = add_expert (fx, "山田 花子");
  g_autoptr(GDate) later = bansou_date_today ();
  g_autofree char *later_iso = NULL, *visit = NULL, *dir = NULL, *path = NULL, *text = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouVisit) v = NULL;

  g_date_add_days (later, 7);
  bansou_calendar_next_business_day (bansou_context_get_calendar (fx->context), later);
  later_iso = iso_of (later);
  visit = schedule_visit (fx, expert, later_iso, NULL);

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (child (fx, "views")), "calendar");
  bansou_gui_test_drain ();
  g_assert_false (chooser_opens (fx, "dispatch.export-expert"));
  g_assert_false (chooser_opens (fx, "dispatch.export-body"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (fx, "expert_dropdown")), 1);
  g_assert_true (chooser_opens (fx, "dispatch.export-expert"));
  g_assert_true (bansou_body_sidebar_select (BANSOU_BODY_SIDEBAR (child (fx, "sidebar")), YONAGO));
  bansou_gui_test_drain ();
  g_assert_true (chooser_opens (fx, "dispatch.export-body"));
  g_assert_true (chooser_opens (fx, "dispatch.import"));

  dir = g_dir_make_tmp ("bansou-ics-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "visits.ics", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (bansou_dispatch_page_write_ics (BANSOU_DISPATCH_PAGE (fx->page), NULL, YONAGO, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_nonnull (strstr (text, "BEGIN:VCALENDAR"));
  g_assert_nonnull (strstr (text, visit));
  g_clear_pointer (&text, g_free);
  /* Read back unchanged: nothing moves */
  g_assert_true (bansou_dispatch_page_read_ics (BANSOU_DISPATCH_PAGE (fx->page), file, &error));
  g_assert_no_error (error);

  /* Not RFC 5545: a clear error, nothing written */
  g_assert_true (g_file_set_contents (path, "BEGIN:VCALENDAR\r\nSUMMARY:訪問\r\nこれは予定表ではない\r\n", -1, &error));
  g_assert_false (bansou_dispatch_page_read_ics (BANSOU_DISPATCH_PAGE (fx->page), file, &error));
  g_assert_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_ICS);
  g_clear_error (&error);
  v = bansou_dispatch_get_visit (fx->dispatch, visit, &error);
  g_assert_cmpstr (v->day, ==, later_iso);
  g_assert_cmpint (v->state, ==, BANSOU_VISIT_PLANNED);
  g_unlink (path);
  g_rmdir (dir);
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
  ADD ("/dispatch/page/suggest", test_page_suggest);
  ADD ("/dispatch/page/report", test_page_report);
  ADD ("/dispatch/page/ics", test_page_ics);
#undef ADD

  return g_test_run ();
}
