/* test-compliance-ui.c — the progress, answers and year-over-year pages,
 * over a real database with demo data, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Keys are real X key events from xdotool when it and an X11 display are
 * there (the pointer rests on the window: without a window manager X
 * gives the keyboard to the window under it); otherwise they go through
 * the page's own key handler, the same function the key controller calls.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "bansou-gui-test-utils.h"
#include "bansou-test-utils.h"
#include "bansou-answers-page-private.h"
#include "bansou-context.h"
#include "bansou-demo-banner.h"
#include "bansou-heatmap-page.h"
#include "bansou-progress-page-private.h"
#include "bansou-question-row.h"
#include "bansou-round-dialog-private.h"
#include "bansou-trends-page-private.h"
#include "bansou-window-private.h"

#define SCOPE  "34"
#define SEED   20261031
#define LATEST BANSOU_DEMO_LATEST_ROUND
#define NOTE   "checked by phone"

static gboolean have_display;

typedef struct
{
  char              *path;
  BansouStore       *store;
  GSettings         *settings;
  BansouContext     *context;
  BansouSurvey      *survey;
  BansouWindow      *window;
  BansouAnswersPage *answers;
  gboolean           x11;
} Fixture;

/* ------------------------------------------------------------------------ */
/* The main loop and the keyboard                                           */

static gboolean
can_drive_x11 (Fixture *fx)
{
  const char *type = G_OBJECT_TYPE_NAME (gtk_widget_get_display (GTK_WIDGET (fx->window)));
  g_autofree char *path = g_find_program_in_path ("xdotool");

  return path != NULL && g_str_equal (type, "GdkX11Display");
}

typedef struct
{
  guint           keyval;
  GdkModifierType state;
  const char     *x11;   /* the same key for xdotool */
} Key;

static const Key KEY_1 = { GDK_KEY_1, 0, "1" };
static const Key KEY_3 = { GDK_KEY_3, 0, "3" };
static const Key KEY_DOWN = { GDK_KEY_Down, 0, "Down" };
static const Key KEY_RETURN = { GDK_KEY_Return, 0, "Return" };
static const Key KEY_C = { GDK_KEY_c, 0, "c" };
static const Key KEY_N = { GDK_KEY_n, 0, "n" };
static const Key KEY_CONFIRM_ALL = { GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "ctrl+shift+c" };

/* A key pressed while the answers page has the keyboard. The caller waits
 * for what it should cause: X events arrive through the main loop. */
static void
press (Fixture   *fx,
       const Key *key)
{
  if (fx->x11)
    g_assert_true (bansou_gui_test_xdotool ((const char *[]) { "key", key->x11, NULL }));
  else
    g_assert_true (_bansou_answers_page_press_key (fx->answers, key->keyval, key->state));
}

static void
type_text (Fixture    *fx,
           const char *text)
{
  if (fx->x11)
    g_assert_true (bansou_gui_test_xdotool ((const char *[]) { "type", "--delay", "15", text, NULL }));
  else
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fx->window));

      g_assert_true (GTK_IS_EDITABLE (focus));
      gtk_editable_set_text (GTK_EDITABLE (focus), text);
      g_signal_emit_by_name (gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY), "activate");
    }
}

/* ------------------------------------------------------------------------ */
/* Fixture                                                                  */

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

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);
      if (found)
        return found;
    }
  return NULL;
}

static void
show_page (Fixture    *fx,
           const char *name)
{
  GtkWidget *page = _bansou_window_get_page (fx->window, name);
  GtkWidget *stack = gtk_widget_get_ancestor (page, ADW_TYPE_VIEW_STACK);

  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), name);
  bansou_gui_test_drain ();
}

static const char *
visible_page (Fixture *fx)
{
  GtkWidget *page = _bansou_window_get_page (fx->window, "answers");
  GtkWidget *stack = gtk_widget_get_ancestor (page, ADW_TYPE_VIEW_STACK);

  return adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack));
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;

  if (!have_display)
    return;

  fx->store = bansou_test_open_store (&fx->path);
  bansou_store_set_setting (fx->store, "prefecture", SCOPE, &error);
  g_assert_no_error (error);
  catalog = bansou_catalog_load_active (fx->store, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_demo_generate (fx->store, catalog, SCOPE, 3, SEED, &error));
  g_assert_no_error (error);

  fx->settings = g_settings_new (APP_ID);
  g_settings_set_int (fx->settings, "window-width", 1400);
  g_settings_set_int (fx->settings, "window-height", 900);
  fx->context = bansou_context_new (fx->store, fx->settings);
  fx->survey = bansou_context_get_survey (fx->context);
  fx->window = g_object_ref_sink (bansou_window_new (NULL, fx->context));
  fx->answers = BANSOU_ANSWERS_PAGE (_bansou_window_get_page (fx->window, "answers"));
  g_assert_nonnull (fx->answers);

  gtk_window_present (GTK_WINDOW (fx->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->window));
  bansou_gui_test_drain ();

  /* Real keys go to the window under the pointer (no window manager). */
  fx->x11 = can_drive_x11 (fx) && g_getenv ("BANSOU_TEST_NO_XDOTOOL") == NULL;
  if (fx->x11)
    g_assert_true (bansou_gui_test_xdotool ((const char *[]) { "mousemove", "700", "12", NULL }));
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
/* Helpers on the survey                                                    */

/* A body of the latest round that is not final and still holds carried
 * answers: the demo leaves the bodies that had not started that way. */
static char *
find_body_with_carried (Fixture *fx)
{
  g_autoptr(GHashTable) counts = bansou_survey_count_unconfirmed (fx->survey, LATEST, NULL);
  g_autoptr(GListModel) bodies = bansou_survey_list_bodies (fx->survey, SCOPE, NULL);

  for (guint i = 0, n = g_list_model_get_n_items (bodies); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      const char *code = bansou_body_get_code (body);
      g_autoptr(BansouProgressInfo) info = bansou_survey_get_progress (fx->survey, LATEST, code, NULL);

      if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, code)) >= 5 && info->state != BANSOU_PROGRESS_FINAL)
        return g_strdup (code);
    }
  return NULL;
}

static BansouAnswer *
answer (Fixture    *fx,
        const char *body,
        const char *question)
{
  g_autoptr(GError) error = NULL;
  BansouAnswer *a = bansou_survey_get_answer (fx->survey, LATEST, body, question, &error);

  g_assert_no_error (error);
  return a;
}

static guint
count_audit (Fixture    *fx,
             const char *body,
             const char *question,
             const char *field,
             const char *new_value)
{
  g_autofree char *key = g_strdup_printf ("%s/%s/%s", LATEST, body, question);
  g_autoptr(GPtrArray) audit = bansou_store_list_audit (fx->store, "answer", key, NULL);
  guint n = 0;

  for (guint i = 0; audit && i < audit->len; i++)
    {
      BansouAuditEntry *e = g_ptr_array_index (audit, i);

      if (g_strcmp0 (e->field, field) == 0 && (new_value == NULL || g_strcmp0 (e->new_value, new_value) == 0))
        n++;
    }
  return n;
}

typedef struct
{
  Fixture      *fx;
  const char   *body;
  const char   *question;
  BansouStatus  status;
  const char   *note;
  gboolean      carried;
} AnswerWait;

static gboolean
answer_is (gpointer data)
{
  AnswerWait *w = data;
  g_autoptr(BansouAnswer) a = answer (w->fx, w->body, w->question);

  return a->status == w->status && a->carried == w->carried &&
         (w->note == NULL || g_strcmp0 (a->note, w->note) == 0);
}

typedef struct
{
  Fixture           *fx;
  BansouQuestionRow *row;
} FocusWait;

static gboolean
focus_is (gpointer data)
{
  FocusWait *w = data;
  return _bansou_answers_page_get_focus_row (w->fx->answers) == w->row;
}

static gboolean
popover_has_focus (gpointer data)
{
  Fixture *fx = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fx->window));

  return focus != NULL && GTK_IS_EDITABLE (focus) && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL &&
         gtk_widget_get_mapped (focus);
}

static gboolean
dialog_shown (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                    */

static void
test_answers_keyboard (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *body = find_body_with_carried (fx);
  BansouCatalog *catalog = bansou_survey_get_catalog (fx->survey);
  BansouQuestionRow *first = NULL, *second = NULL, *other = NULL, *row;
  g_autoptr(BansouAnswer) before_first = NULL;
  g_autoptr(BansouAnswer) before_second = NULL;
  const char *q1, *q2, *q3;
  FocusWait focus;
  AnswerWait w = { fx };
  guint n_unconfirmed;

  g_test_message ("keys: %s", fx->x11 ? "real X events (xdotool)" : "through the page's key handler");
  g_assert_nonnull (body);

  show_page (fx, "answers");
  g_assert_cmpstr (_bansou_answers_page_get_round (fx->answers), ==, LATEST);
  g_assert_true (_bansou_answers_page_select_body (fx->answers, body));
  bansou_gui_test_drain ();
  g_assert_cmpstr (_bansou_answers_page_get_body (fx->answers), ==, body);
  g_test_message ("opening the body's editor took %.2f ms", _bansou_answers_page_get_open_time (fx->answers));

  /* Two undated neighbours: the first carried over and not “not
   * implemented”, the next not “implemented”. */
  for (guint i = 0; i + 1 < bansou_catalog_get_n_questions (catalog) && first == NULL; i++)
    {
      BansouQuestionRow *a = _bansou_answers_page_get_row (fx->answers, bansou_catalog_get_question (catalog, i)->id);
      BansouQuestionRow *b = _bansou_answers_page_get_row (fx->answers, bansou_catalog_get_question (catalog, i + 1)->id);
      const BansouAnswer *aa = bansou_question_row_get_answer (a);
      const BansouAnswer *ba = bansou_question_row_get_answer (b);

      if (!bansou_question_row_is_dated (a) && !bansou_question_row_is_dated (b) &&
          aa->carried && aa->status != BANSOU_STATUS_NOT_DONE && ba->status != BANSOU_STATUS_DONE)
        {
          first = a;
          second = b;
        }
    }
  g_assert_nonnull (first);
  q1 = bansou_question_row_get_question (first)->id;
  q2 = bansou_question_row_get_question (second)->id;
  before_first = answer (fx, body, q1);
  before_second = answer (fx, body, q2);
  g_assert_true (before_first->carried);

  /* “3” on the focused question: not implemented, saved and audited. */
  g_assert_true (bansou_answers_page_show_answer (fx->answers, NULL, body, q1));
  bansou_gui_test_drain ();
  focus = (FocusWait) { fx, first };
  g_assert_true (focus_is (&focus));
  press (fx, &KEY_3);
  w = (AnswerWait) { fx, body, q1, BANSOU_STATUS_NOT_DONE, NULL, FALSE };
  g_assert_true (bansou_gui_test_wait_for (answer_is, &w));
  g_assert_cmpuint (count_audit (fx, body, q1, "status", "not_done"), ==, 1);
  g_assert_cmpint (bansou_question_row_get_answer (first)->status, ==, BANSOU_STATUS_NOT_DONE);
  g_assert_nonnull (_bansou_answers_page_get_toast (fx->answers));

  /* Down, then “1”. */
  press (fx, &KEY_DOWN);
  focus = (FocusWait) { fx, second };
  g_assert_true (bansou_gui_test_wait_for (focus_is, &focus));
  press (fx, &KEY_1);
  w = (AnswerWait) { fx, body, q2, BANSOU_STATUS_DONE, NULL, FALSE };
  g_assert_true (bansou_gui_test_wait_for (answer_is, &w));
  g_assert_cmpuint (count_audit (fx, body, q2, "status", "done"), ==, 1);

  /* Enter edits the note; Enter in the note saves it. */
  press (fx, &KEY_RETURN);
  g_assert_true (bansou_gui_test_wait_for (popover_has_focus, fx));
  type_text (fx, NOTE);
  if (fx->x11)
    press (fx, &KEY_RETURN);
  w = (AnswerWait) { fx, body, q2, BANSOU_STATUS_DONE, NOTE, FALSE };
  g_assert_true (bansou_gui_test_wait_for (answer_is, &w));
  g_assert_cmpuint (count_audit (fx, body, q2, "note", NOTE), ==, 1);
  g_assert_true (bansou_gui_test_wait_for (focus_is, &focus));

  /* Undo (the toast's button) restores the note, then the status. */
  g_assert_true (_bansou_answers_page_undo (fx->answers));
  w = (AnswerWait) { fx, body, q2, BANSOU_STATUS_DONE, before_second->note, FALSE };
  g_assert_true (bansou_gui_test_wait_for (answer_is, &w));
  g_assert_true (_bansou_answers_page_undo (fx->answers));
  {
    g_autoptr(BansouAnswer) now = answer (fx, body, q2);
    g_assert_cmpint (now->status, ==, before_second->status);
    g_assert_cmpstr (now->note, ==, before_second->note);
  }
  g_assert_true (_bansou_answers_page_undo (fx->answers));
  {
    g_autoptr(BansouAnswer) now = answer (fx, body, q1);
    g_assert_cmpint (now->status, ==, before_first->status);
    /* The carried mark does not come back: someone looked at it. */
    g_assert_false (now->carried);
  }

  /* C confirms a carried answer as it stands. */
  {
    g_autoptr(GPtrArray) ids = bansou_survey_list_unconfirmed (fx->survey, LATEST, body, NULL);
    n_unconfirmed = ids->len;
    g_assert_cmpuint (n_unconfirmed, >, 1);
    q3 = bansou_catalog_lookup_question (catalog, g_ptr_array_index (ids, 0))->id;
  }
  other = _bansou_answers_page_get_row (fx->answers, q3);
  g_assert_true (bansou_answers_page_show_answer (fx->answers, NULL, body, q3));
  bansou_gui_test_drain ();
  {
    g_autoptr(BansouAnswer) carried = answer (fx, body, q3);
    press (fx, &KEY_C);
    w = (AnswerWait) { fx, body, q3, carried->status, NULL, FALSE };
    g_assert_true (bansou_gui_test_wait_for (answer_is, &w));
  }
  g_assert_cmpuint (count_audit (fx, body, q3, "confirmed", NULL), ==, 1);
  g_assert_false (bansou_question_row_is_carried (other));

  /* N goes to the next unconfirmed answer. */
  press (fx, &KEY_N);
  {
    g_autoptr(GPtrArray) ids = bansou_survey_list_unconfirmed (fx->survey, LATEST, body, NULL);
    g_assert_cmpuint (ids->len, ==, n_unconfirmed - 1);
    focus = (FocusWait) { fx, _bansou_answers_page_get_row (fx->answers, g_ptr_array_index (ids, 0)) };
    g_assert_true (bansou_gui_test_wait_for (focus_is, &focus));
  }
  row = _bansou_answers_page_get_focus_row (fx->answers);
  g_assert_true (bansou_question_row_is_carried (row));

  /* Ctrl+Shift+C confirms every one, after asking. */
  press (fx, &KEY_CONFIRM_ALL);
  g_assert_true (bansou_gui_test_wait_for (dialog_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG)), "confirm");
  bansou_gui_test_drain ();
  {
    g_autoptr(GPtrArray) ids = bansou_survey_list_unconfirmed (fx->survey, LATEST, body, NULL);
    g_assert_cmpuint (ids->len, ==, 0);
  }
  for (guint i = 0; i < bansou_catalog_get_n_questions (catalog); i++)
    g_assert_false (bansou_question_row_is_carried (_bansou_answers_page_get_row (fx->answers,
                                                                                bansou_catalog_get_question (catalog, i)->id)));
}

/* Opening a body, many times over: the figure for docs/benchmarks.md. */
typedef struct
{
  GdkFrameClock *clock;
  gboolean       painted;
} FrameWait;

static void
after_paint_cb (GdkFrameClock *clock,
                FrameWait     *wait)
{
  wait->painted = TRUE;
}

static gboolean
frame_painted (gpointer data)
{
  return ((FrameWait *) data)->painted;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
test_answers_open_time (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GListModel) bodies = bansou_survey_list_bodies (fx->survey, SCOPE, NULL);
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame = g_array_new (FALSE, FALSE, sizeof (double));
  GdkFrameClock *clock;
  guint n = g_list_model_get_n_items (bodies);

  show_page (fx, "answers");
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (fx->window));
  g_assert_nonnull (clock);

  /* Twice round the prefecture; the first body builds the rows once. */
  for (guint k = 0; k < 2 * n; k++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, k % n);
      FrameWait wait = { clock, FALSE };
      gulong handler;
      gint64 start = g_get_monotonic_time ();
      double ms;

      g_assert_true (_bansou_answers_page_select_body (fx->answers, bansou_body_get_code (body)));
      ms = _bansou_answers_page_get_open_time (fx->answers);
      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &wait);
      gtk_widget_queue_draw (GTK_WIDGET (fx->window));
      g_assert_true (bansou_gui_test_wait_for (frame_painted, &wait));
      g_signal_handler_disconnect (clock, handler);

      if (k == 0)
        {
          g_test_message ("first body (rows built): %.2f ms, on screen after %.1f ms",
                          ms, (g_get_monotonic_time () - start) / 1000.0);
          continue;
        }
      g_array_append_val (open, ms);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (frame, ms);
    }

  /* The floor: a frame of the same window with nothing changed. */
  {
    g_autoptr(GArray) idle = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint k = 0; k < 15; k++)
      {
        FrameWait wait = { clock, FALSE };
        gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &wait);
        gint64 start = g_get_monotonic_time ();
        double ms;

        gtk_widget_queue_draw (GTK_WIDGET (fx->window));
        g_assert_true (bansou_gui_test_wait_for (frame_painted, &wait));
        g_signal_handler_disconnect (clock, handler);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (idle, ms);
      }
    g_array_sort (idle, compare_doubles);
    g_test_message ("a frame of the %d×%d window with nothing changed: median %.1f ms",
                    gtk_widget_get_width (GTK_WIDGET (fx->window)), gtk_widget_get_height (GTK_WIDGET (fx->window)),
                    g_array_index (idle, double, idle->len / 2));
  }

  g_array_sort (open, compare_doubles);
  g_array_sort (frame, compare_doubles);
  g_test_message ("opening a body's editor (%u bodies): median %.2f ms, max %.2f ms",
                  open->len, g_array_index (open, double, open->len / 2), g_array_index (open, double, open->len - 1));
  g_test_message ("… until the next frame is painted: median %.1f ms, max %.1f ms",
                  g_array_index (frame, double, frame->len / 2), g_array_index (frame, double, frame->len - 1));
}

static void
test_progress_counts (Fixture       *fx,
                      gconstpointer  data)
{
  BansouProgressPage *page = BANSOU_PROGRESS_PAGE (_bansou_window_get_page (fx->window, "progress"));
  g_autoptr(BansouProgressOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  GtkSelectionModel *selection = _bansou_progress_page_get_selection (page);
  const char *codes[] = { "342025", "343021", "344311", NULL };

  show_page (fx, "progress");
  _bansou_progress_page_flush (page);
  g_assert_cmpstr (_bansou_progress_page_get_round (page), ==, LATEST);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 23);

  overview = bansou_survey_get_overview (fx->survey, LATEST, SCOPE, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < BANSOU_N_PROGRESS; s++)
    {
      g_autofree char *expected = g_strdup_printf ("%u", overview->counts[s]);
      g_assert_cmpstr (_bansou_progress_page_get_card_text (page, s), ==, expected);
    }
  {
    g_autofree char *expected = g_strdup_printf ("%u", overview->overdue->len);
    g_assert_cmpstr (_bansou_progress_page_get_card_text (page, BANSOU_N_PROGRESS), ==, expected);
  }
  g_assert_cmpuint (_bansou_progress_page_get_n_assignees (page), ==, g_hash_table_size (overview->by_assignee));

  /* Hand three bodies to one person with a due date, in one go. */
  g_assert_true (_bansou_progress_page_select_codes (page, codes));
  g_assert_true (_bansou_progress_page_assign (page, "山田 花子", NULL));
  g_assert_true (_bansou_progress_page_assign (page, NULL, "2027-01-29"));
  for (guint i = 0; codes[i]; i++)
    {
      g_autoptr(BansouProgressInfo) info = bansou_survey_get_progress (fx->survey, LATEST, codes[i], NULL);
      g_assert_cmpstr (info->assignee, ==, "山田 花子");
      g_assert_cmpstr (info->due, ==, "2027-01-29");
    }
  _bansou_progress_page_flush (page);
  g_clear_pointer (&overview, bansou_progress_overview_free);
  overview = bansou_survey_get_overview (fx->survey, LATEST, SCOPE, NULL);
  g_assert_cmpuint (_bansou_progress_page_get_n_assignees (page), ==, g_hash_table_size (overview->by_assignee));

  /* Submitting for review in bulk moves only the bodies that may take
   * that step (answering → review). */
  {
    g_autoptr(GPtrArray) before = bansou_survey_list_progress (fx->survey, LATEST, SCOPE, NULL);
    guint answering = 0;

    for (guint i = 0; i < before->len; i++)
      {
        BansouProgressInfo *info = g_ptr_array_index (before, i);
        if (g_strv_contains (codes, info->body) && info->state == BANSOU_PROGRESS_ANSWERING)
          answering++;
      }
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "progress.set-state", "u",
                                               (guint32) BANSOU_PROGRESS_REVIEW));
    _bansou_progress_page_flush (page);
    g_clear_pointer (&overview, bansou_progress_overview_free);
    overview = bansou_survey_get_overview (fx->survey, LATEST, SCOPE, NULL);
    {
      g_autofree char *expected = g_strdup_printf ("%u", overview->counts[BANSOU_PROGRESS_REVIEW]);
      g_assert_cmpstr (_bansou_progress_page_get_card_text (page, BANSOU_PROGRESS_REVIEW), ==, expected);
    }
    for (guint i = 0; i < before->len; i++)
      {
        BansouProgressInfo *was = g_ptr_array_index (before, i);
        g_autoptr(BansouProgressInfo) now = bansou_survey_get_progress (fx->survey, LATEST, was->body, NULL);

        if (g_strv_contains (codes, was->body) && was->state == BANSOU_PROGRESS_ANSWERING)
          g_assert_cmpint (now->state, ==, BANSOU_PROGRESS_REVIEW);
        else
          g_assert_cmpint (now->state, ==, was->state);
      }
    g_test_message ("%u of 3 selected bodies could move to review", answering);
  }

  /* An answer saved on the answers page reaches the progress page. */
  {
    g_autofree char *body = find_body_with_carried (fx);
    g_autoptr(GHashTable) counts = bansou_survey_count_unconfirmed (fx->survey, LATEST, NULL);
    g_autoptr(GPtrArray) ids = bansou_survey_list_unconfirmed (fx->survey, LATEST, body, NULL);

    g_assert_true (bansou_survey_confirm_answer (fx->survey, LATEST, body, g_ptr_array_index (ids, 0), NULL));
    _bansou_progress_page_flush (page);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (selection), i);
        g_autoptr(BansouBody) b = NULL;
        guint unconfirmed;

        g_object_get (item, "body", &b, "unconfirmed", &unconfirmed, NULL);
        if (g_str_equal (bansou_body_get_code (b), body))
          g_assert_cmpuint (unconfirmed, ==, ids->len - 1);
      }
  }
}

static void
test_progress_new_round (Fixture       *fx,
                         gconstpointer  data)
{
  BansouProgressPage *page = BANSOU_PROGRESS_PAGE (_bansou_window_get_page (fx->window, "progress"));
  g_autoptr(GError) error = NULL;
  BansouRoundDialog *dialog;
  const char *kure = "342025";
  const char *q = "org.responsibility.ciso";
  g_autoptr(GPtrArray) carried = NULL;

  /* Demo answers are never carried into real rounds: prefill needs a
   * real round before it. */
  g_assert_nonnull (bansou_survey_create_round (fx->survey, "2026-03-31", "臨時調査", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (bansou_survey_set_answer (fx->survey, "2026-03-31", kure, q, BANSOU_STATUS_DONE,
                                           NULL, "CISO は副市長", "規程第3条", &error));
  g_assert_true (bansou_survey_set_answer (fx->survey, "2026-03-31", kure, "review.audit.external",
                                           BANSOU_STATUS_NOT_DONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  show_page (fx, "progress");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "progress.new-round", NULL));
  g_assert_true (bansou_gui_test_wait_for (dialog_shown, GSIZE_TO_POINTER (BANSOU_TYPE_ROUND_DIALOG)));
  dialog = BANSOU_ROUND_DIALOG (find_toplevel (BANSOU_TYPE_ROUND_DIALOG));

  /* Before the real round, only demo rounds: nothing to carry. */
  gtk_editable_set_text (_bansou_round_dialog_get_date_entry (dialog), "2026-01-31");
  g_assert_false (gtk_switch_get_active (_bansou_round_dialog_get_prefill (dialog)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (_bansou_round_dialog_get_prefill (dialog))));

  /* The label follows the date as it is typed. */
  gtk_editable_set_text (_bansou_round_dialog_get_date_entry (dialog), "2026-10-3");
  g_assert_nonnull (_bansou_round_dialog_get_error (dialog));
  gtk_editable_set_text (_bansou_round_dialog_get_date_entry (dialog), "2025-10-31");
  g_assert_nonnull (_bansou_round_dialog_get_error (dialog));  /* exists */
  gtk_editable_set_text (_bansou_round_dialog_get_date_entry (dialog), "2026-10-31");
  g_assert_null (_bansou_round_dialog_get_error (dialog));
  g_assert_cmpstr (_bansou_round_dialog_get_wareki (dialog), ==, "令和8年10月末時点");
  g_assert_true (gtk_switch_get_active (_bansou_round_dialog_get_prefill (dialog)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (_bansou_round_dialog_get_prefill (dialog))));
  gtk_editable_set_text (_bansou_round_dialog_get_title_entry (dialog), "令和8年度調査");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "round-dialog.create", NULL));
  bansou_gui_test_drain ();
  g_assert_null (find_toplevel (BANSOU_TYPE_ROUND_DIALOG));

  g_assert_nonnull (bansou_survey_lookup_round (fx->survey, "2026-10-31"));
  g_assert_cmpstr (bansou_round_get_prefilled_from (bansou_survey_lookup_round (fx->survey, "2026-10-31")), ==,
                   "2026-03-31");
  g_assert_cmpstr (_bansou_progress_page_get_round (page), ==, "2026-10-31");

  carried = bansou_survey_list_unconfirmed (fx->survey, "2026-10-31", kure, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (carried->len, ==, 2);
  {
    g_autoptr(BansouAnswer) a = bansou_survey_get_answer (fx->survey, "2026-10-31", kure, q, NULL);
    g_assert_cmpint (a->status, ==, BANSOU_STATUS_DONE);
    g_assert_cmpstr (a->note, ==, "CISO は副市長");
    g_assert_true (a->carried);
  }
  /* Every body starts the new round not started. */
  g_assert_cmpstr (_bansou_progress_page_get_card_text (page, BANSOU_PROGRESS_NOT_STARTED), ==, "23");

  /* The answers page offers it, and shows the carried answers. */
  show_page (fx, "answers");
  g_assert_true (bansou_answers_page_show_answer (fx->answers, "2026-10-31", kure, q));
  g_assert_true (bansou_question_row_is_carried (_bansou_answers_page_get_row (fx->answers, q)));
}

static void
test_show_answer (Fixture       *fx,
                  gconstpointer  data)
{
  const char *round = "2024-10-31";
  const char *body = "343072";
  const char *question = "technical.unauthorized_access.vuln_assessment";
  BansouQuestionRow *row;
  FocusWait focus;
  GtkWidget *heatmap;
  BansouHeatmapModel *model;

  show_page (fx, "bodies");
  g_action_group_activate_action (G_ACTION_GROUP (fx->window), "show-answer",
                                  g_variant_new ("(sss)", round, body, question));
  bansou_gui_test_drain ();

  g_assert_cmpstr (visible_page (fx), ==, "answers");
  g_assert_cmpstr (_bansou_answers_page_get_round (fx->answers), ==, round);
  g_assert_cmpstr (_bansou_answers_page_get_body (fx->answers), ==, body);
  row = _bansou_answers_page_get_row (fx->answers, question);
  focus = (FocusWait) { fx, row };
  g_assert_true (bansou_gui_test_wait_for (focus_is, &focus));
  g_assert_cmpstr (bansou_question_row_get_answer (row)->round, ==, round);
  g_assert_cmpstr (bansou_question_row_get_answer (row)->body, ==, body);
  /* A dated question: its date entry is there to take the date. */
  g_assert_true (bansou_question_row_is_dated (row));

  /* Without a question: the body's first question. */
  g_action_group_activate_action (G_ACTION_GROUP (fx->window), "show-answer",
                                  g_variant_new ("(sss)", LATEST, "342025", ""));
  bansou_gui_test_drain ();
  g_assert_cmpstr (_bansou_answers_page_get_round (fx->answers), ==, LATEST);
  g_assert_cmpstr (_bansou_answers_page_get_body (fx->answers), ==, "342025");
  g_assert_nonnull (_bansou_answers_page_get_focus_row (fx->answers));

  /* A heatmap cell: window.open-answer with (body, question) of the round
   * the heatmap shows. */
  show_page (fx, "heatmap");
  heatmap = _bansou_window_get_page (fx->window, "heatmap");
  model = bansou_heatmap_page_get_model (BANSOU_HEATMAP_PAGE (heatmap));
  g_assert_nonnull (model);
  g_assert_true (gtk_widget_activate_action (heatmap, "window.open-answer", "(ss)", "344311", "review.audit.external"));
  bansou_gui_test_drain ();
  g_assert_cmpstr (visible_page (fx), ==, "answers");
  g_assert_cmpstr (_bansou_answers_page_get_round (fx->answers), ==, bansou_heatmap_model_get_round (model));
  g_assert_cmpstr (_bansou_answers_page_get_body (fx->answers), ==, "344311");
  focus = (FocusWait) { fx, _bansou_answers_page_get_row (fx->answers, "review.audit.external") };
  g_assert_true (bansou_gui_test_wait_for (focus_is, &focus));

  /* A body outside the scope is refused with a message, not shown. */
  g_assert_false (bansou_answers_page_show_answer (fx->answers, LATEST, "131016", NULL));
  g_assert_cmpstr (_bansou_answers_page_get_body (fx->answers), ==, "344311");
}

static void
test_trends (Fixture       *fx,
             gconstpointer  data)
{
  BansouTrendsPage *page = BANSOU_TRENDS_PAGE (_bansou_window_get_page (fx->window, "trends"));
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  BansouCatalog *catalog = bansou_survey_get_catalog (fx->survey);

  show_page (fx, "trends");
  _bansou_trends_page_flush (page);
  g_assert_true (bansou_trends_page_show_body (page, "342025"));

  history = bansou_score_body_history (fx->survey, "342025", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  for (guint r = 0; r < history->len; r++)
    {
      BansouBodyTrend *t = g_ptr_array_index (history, r);

      g_assert_cmpfloat_with_epsilon (bansou_trend_chart_get_value (_bansou_trends_page_get_chart (page, 0), r),
                                      t->overall, 1e-9);
      for (guint c = 0; c < t->n_categories; c++)
        g_assert_cmpfloat_with_epsilon (bansou_trend_chart_get_value (_bansou_trends_page_get_chart (page, c + 1), r),
                                        t->categories[c], 1e-9);
    }

  /* The question table agrees with bansou_score_question_history(). */
  for (guint i = 0; i < bansou_catalog_get_n_questions (catalog); i += 7)
    {
      BansouQuestion *q = bansou_catalog_get_question (catalog, i);
      g_autoptr(GPtrArray) trend = bansou_score_question_history (fx->survey, SCOPE, q->id, &error);

      g_assert_no_error (error);
      for (guint r = 0; r < trend->len; r++)
        g_assert_cmpfloat_with_epsilon (_bansou_trends_page_get_rate (page, r, i),
                                        ((BansouQuestionTrend *) g_ptr_array_index (trend, r))->rate, 1e-9);
    }
  /* Rounds are columns: number, question, three rounds, trend, national, gap. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (_bansou_trends_page_get_question_view (page))),
                    ==, 8);
}

static gboolean
banner_idle (gpointer data)
{
  return !bansou_demo_banner_get_busy (data);
}

static void
test_demo_banner (Fixture       *fx,
                  gconstpointer  data)
{
  BansouDemoBanner *banner = BANSOU_DEMO_BANNER (find_descendant (GTK_WIDGET (fx->window), BANSOU_TYPE_DEMO_BANNER));
  BansouProgressPage *progress = BANSOU_PROGRESS_PAGE (_bansou_window_get_page (fx->window, "progress"));

  g_assert_nonnull (banner);
  g_assert_true (bansou_demo_banner_get_shown (banner));

  /* Removing asks first, then every page follows the survey. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "window.remove-demo", NULL));
  g_assert_true (bansou_gui_test_wait_for (dialog_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG)), "remove");
  bansou_gui_test_drain ();
  g_assert_false (bansou_demo_exists (fx->store));
  g_assert_false (bansou_demo_banner_get_shown (banner));
  g_assert_cmpuint (g_list_model_get_n_items (bansou_survey_get_rounds (fx->survey)), ==, 0);
  g_assert_null (_bansou_answers_page_get_round (fx->answers));
  g_assert_null (_bansou_progress_page_get_round (progress));

  /* Loading runs in a thread on its own connection, then reloads. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "window.load-demo", NULL));
  g_assert_true (bansou_demo_banner_get_busy (banner));
  g_assert_true (bansou_gui_test_wait_for (banner_idle, banner));
  bansou_gui_test_drain ();
  g_assert_true (bansou_demo_exists (fx->store));
  g_assert_true (bansou_demo_banner_get_shown (banner));
  g_assert_cmpuint (g_list_model_get_n_items (bansou_survey_get_rounds (fx->survey)), ==, 3);
  g_assert_cmpstr (_bansou_answers_page_get_round (fx->answers), ==, LATEST);
  _bansou_progress_page_flush (progress);
  g_assert_cmpstr (_bansou_progress_page_get_round (progress), ==, LATEST);
}

/* ------------------------------------------------------------------------ */

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, have_display ? func : skip_test, fixture_teardown)

static void
skip_test (Fixture       *fx,
           gconstpointer  data)
{
  g_test_skip ("No display: run the gui suite under xvfb-run");
}

int
main (int   argc,
      char *argv[])
{
  have_display = bansou_gui_test_init (&argc, &argv);

  ADD_TEST ("/compliance/answers/keyboard", test_answers_keyboard);
  ADD_TEST ("/compliance/answers/open-time", test_answers_open_time);
  ADD_TEST ("/compliance/answers/show-answer", test_show_answer);
  ADD_TEST ("/compliance/progress/counts", test_progress_counts);
  ADD_TEST ("/compliance/progress/new-round", test_progress_new_round);
  ADD_TEST ("/compliance/trends", test_trends);
  ADD_TEST ("/compliance/demo-banner", test_demo_banner);

  return g_test_run ();
}
