/* bench-consult-page.c — the 相談 page with 10,000 tickets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A prefecture (広島県) with 10,000 tickets (9,000 open, each with a
 * reply), the page made in a 1600×1000 window: the time from making the
 * page to the window's first frame painted (frame clock after-paint, as
 * bench-week-view does), split into the page's construction (its one brief list
 * query and the items) and the rest, with the process's CPU time over
 * the same span; then the overdue view (every open ticket's SLA, in the
 * core) and a two-character search. Prints figures; asserts nothing about
 * time. Needs a display:
 *
 *   xvfb-run -a -s '-screen 0 1600x1000x24' meson test -C BUILD --benchmark consult-page --verbose
 */
#include "config.h"

#include <sys/resource.h>
#include <adwaita.h>

#include "bansou-consult-page-private.h"
#include "bansou-context.h"
#include "bansou-gui-test-utils.h"
#include "bansou-store-sql.h"
#include "bansou-test-utils.h"

#define N_TICKETS 10000
#define N_CLOSED  1000
#define RUNS      9

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_double);
  return values[n / 2];
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
cpu_ms (void)
{
  struct rusage u;

  getrusage (RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
}

static const char *const topics[] = {
  "外部監査", "脆弱性診断", "標的型メール訓練", "ファイル無害化", "セキュリティクラウド", "USB メモリの紛失",
  "アクセスログの確認", "暗号化", "多要素認証", "VPN 装置", "ランサムウェア", "バックアップ", "委託先の管理",
  "ガバメントクラウド", "LGWAN", "研修計画", "規程の改定",
};

static gboolean
fill_cb (BansouStore  *store,
         gpointer      user_data,
         GError      **error)
{
  GPtrArray *bodies = user_data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  g_autoptr(sqlite3_stmt) t = _bansou_store_prepare (store,
    "INSERT INTO consult_tickets (id, number, body, priority, state, subject, description, assignee,"
    " received_at, first_response_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9)", error);
  g_autoptr(sqlite3_stmt) m = _bansou_store_prepare (store,
    "INSERT INTO consult_messages (id, ticket, kind, text, created_at) VALUES (?1, ?2, 'reply', ?3, ?4)", error);
  static const char *const priorities[] = { "low", "normal", "normal", "high", "critical" };
  static const char *const states[] = { "received", "in_progress", "in_progress", "on_hold", "answered" };
  static const char *const people[] = { "佐藤", "鈴木", "高橋", "田中", "" };

  if (t == NULL || m == NULL)
    return FALSE;
  for (guint i = 0; i < N_TICKETS; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *mid = g_uuid_string_random ();
      const char *topic = topics[g_rand_int_range (rand, 0, G_N_ELEMENTS (topics))];
      g_autofree char *subject = g_strdup_printf ("%sについて相談したい", topic);
      g_autofree char *text = g_strdup_printf ("%sの進め方を知りたい。他の市町の状況も知りたい。", topic);
      /* a year back from 2026-11-30, the newest first in number */
      g_autoptr(GDateTime) base = g_date_time_new_utc (2026, 11, 30, 1, 0, 0);
      g_autoptr(GDateTime) when = g_date_time_add_minutes (base, -(gint) ((N_TICKETS - i) * 52));
      g_autofree char *at = g_date_time_format_iso8601 (when);
      g_autoptr(GDateTime) reply_time = g_date_time_add_hours (when, 2);
      g_autofree char *reply_at = g_date_time_format_iso8601 (reply_time);
      const char *state = i < N_CLOSED ? "closed" : states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
      gboolean replied = g_strcmp0 (state, "received") != 0;

      sqlite3_reset (t);
      sqlite3_bind_text (t, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int (t, 2, i + 1);
      sqlite3_bind_text (t, 3, g_ptr_array_index (bodies, g_rand_int_range (rand, 0, bodies->len)), -1, SQLITE_STATIC);
      sqlite3_bind_text (t, 4, priorities[g_rand_int_range (rand, 0, G_N_ELEMENTS (priorities))], -1, SQLITE_STATIC);
      sqlite3_bind_text (t, 5, state, -1, SQLITE_STATIC);
      sqlite3_bind_text (t, 6, subject, -1, SQLITE_STATIC);
      sqlite3_bind_text (t, 7, text, -1, SQLITE_STATIC);
      sqlite3_bind_text (t, 8, people[g_rand_int_range (rand, 0, G_N_ELEMENTS (people))], -1, SQLITE_STATIC);
      sqlite3_bind_text (t, 9, at, -1, SQLITE_STATIC);
      if (replied)
        sqlite3_bind_text (t, 10, reply_at, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (t, 10);
      if (!_bansou_store_step_done (store, t, error))
        return FALSE;
      if (!replied)
        continue;
      sqlite3_reset (m);
      sqlite3_bind_text (m, 1, mid, -1, SQLITE_STATIC);
      sqlite3_bind_text (m, 2, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (m, 3, "監査の範囲と委託先の管理について回答します。", -1, SQLITE_STATIC);
      sqlite3_bind_text (m, 4, reply_at, -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (store, m, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gboolean painted;
} Paint;

static void
after_paint_cb (GdkFrameClock *clock,
                Paint         *p)
{
  p->painted = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BansouContext) context = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  double construct[RUNS], first_frame[RUNS], cpu[RUNS], overdue[RUNS], search[RUNS];
  double floor_frame[RUNS], floor_cpu[RUNS], lists[RUNS], brief[RUNS], core_search[RUNS];
  guint n_rows = 0, n_overdue = 0, n_found = 0;
  gint64 start;

  if (!bansou_gui_test_init (&argc, &argv))
    {
      g_print ("No display: run under xvfb-run\n");
      return 0;
    }

  store = bansou_test_open_store (NULL);
  g_assert_true (bansou_store_set_setting (store, "prefecture", "34", &error));
  settings = g_settings_new (APP_ID);
  context = bansou_context_new (store, settings);
  list = bansou_registry_list (bansou_context_get_registry (context), "34", BANSOU_LIST_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(BansouBody) b = g_list_model_get_item (list, i);
      g_ptr_array_add (bodies, g_strdup (bansou_body_get_code (b)));
    }
  start = g_get_monotonic_time ();
  g_assert_true (bansou_store_transaction (store, fill_cb, bodies, &error));
  g_assert_no_error (error);
  g_print ("filled %d tickets (%d closed) in %.0f ms\n", N_TICKETS, N_CLOSED,
           (g_get_monotonic_time () - start) / 1000.0);

  /* The floor: the same window with a label, to its first frame. */
  for (guint r = 0; r < RUNS; r++)
    {
      GtkWindow *window = GTK_WINDOW (gtk_window_new ());
      Paint paint = { FALSE };
      GdkFrameClock *clock;
      double t0, c0;

      gtk_window_set_default_size (window, 1600, 1000);
      gtk_window_set_decorated (window, FALSE);
      gtk_widget_realize (GTK_WIDGET (window));
      clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
      g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &paint);
      c0 = cpu_ms ();
      t0 = now_ms ();
      gtk_window_set_child (window, gtk_label_new ("相談"));
      gtk_window_present (window);
      while (!paint.painted)
        g_main_context_iteration (NULL, TRUE);
      floor_frame[r] = now_ms () - t0;
      floor_cpu[r] = cpu_ms () - c0;
      g_signal_handlers_disconnect_by_data (clock, &paint);
      gtk_window_destroy (window);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  /* The core's part: the two full list queries of before, the brief one the page reads, and the search. */
  for (guint r = 0; r < RUNS; r++)
    {
      BansouConsult *consult = bansou_context_get_consult (context);
      BansouTicketFilter open = { NULL, -1, FALSE, 0, NULL };
      BansouTicketFilter closed = { NULL, BANSOU_TICKET_CLOSED, FALSE, 0, NULL };
      BansouTicketFilter all = { NULL, BANSOU_TICKET_FILTER_ANY_STATE, FALSE, 0, NULL, TRUE };
      g_autoptr(GPtrArray) a = NULL;
      g_autoptr(GPtrArray) b = NULL;
      g_autoptr(GPtrArray) c = NULL;
      g_autoptr(GPtrArray) hits = NULL;
      double t0 = now_ms ();

      a = bansou_consult_list (consult, &open, &error);
      b = bansou_consult_list (consult, &closed, &error);
      lists[r] = now_ms () - t0;
      t0 = now_ms ();
      c = bansou_consult_list (consult, &all, &error);
      brief[r] = now_ms () - t0;
      g_assert_cmpuint (c->len, ==, a->len + b->len);
      t0 = now_ms ();
      hits = bansou_consult_search (consult, "監査", 500, &error);
      core_search[r] = now_ms () - t0;
    }

  for (guint r = 0; r < RUNS; r++)
    {
      GtkWindow *window = GTK_WINDOW (gtk_window_new ());
      Paint paint = { FALSE };
      BansouConsultPage *page;
      GdkFrameClock *clock;
      double t0, t1, c0;

      gtk_window_set_default_size (window, 1600, 1000);
      gtk_window_set_decorated (window, FALSE);
      gtk_widget_realize (GTK_WIDGET (window));
      clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
      g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &paint);

      c0 = cpu_ms ();
      t0 = now_ms ();
      page = BANSOU_CONSULT_PAGE (bansou_consult_page_new (context));
      t1 = now_ms ();
      gtk_window_set_child (window, GTK_WIDGET (page));
      gtk_window_present (window);
      while (!paint.painted)
        g_main_context_iteration (NULL, TRUE);
      first_frame[r] = now_ms () - t0;
      cpu[r] = cpu_ms () - c0;
      construct[r] = t1 - t0;
      n_rows = g_list_model_get_n_items (G_LIST_MODEL (page->tickets));

      t0 = now_ms ();
      gtk_toggle_button_set_active (page->overdue_toggle, TRUE);
      overdue[r] = now_ms () - t0;
      n_overdue = g_list_model_get_n_items (G_LIST_MODEL (page->filtered));
      gtk_toggle_button_set_active (page->open_toggle, TRUE);

      t0 = now_ms ();
      gtk_editable_set_text (GTK_EDITABLE (page->search_entry), "監査");
      g_signal_emit_by_name (page->search_entry, "search-changed");
      while (page->search_id != 0)
        g_main_context_iteration (NULL, TRUE);
      search[r] = now_ms () - t0;
      n_found = g_list_model_get_n_items (G_LIST_MODEL (page->filtered));

      g_signal_handlers_disconnect_by_data (clock, &paint);
      gtk_window_destroy (window);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  g_print ("queue of %u tickets, %d runs, median:\n", n_rows, RUNS);
  g_print ("  floor: a window with a label → first frame %7.1f ms   CPU %7.1f ms\n",
           median (floor_frame, RUNS), median (floor_cpu, RUNS));
  g_print ("  the core's two full list queries (open, closed) %7.1f ms\n", median (lists, RUNS));
  g_print ("  the page's one brief list query (all)    %7.1f ms\n", median (brief, RUNS));
  g_print ("  page made (the queries, %u items)        %7.1f ms\n", n_rows, median (construct, RUNS));
  g_print ("  made → first frame painted (1600×1000)   %7.1f ms   CPU %7.1f ms   (goal < 100 ms over the floor)\n",
           median (first_frame, RUNS), median (cpu, RUNS));
  g_print ("  the core's search 監査 (limit 500)        %7.1f ms\n", median (core_search, RUNS));
  g_print ("  overdue view (%u tickets)               %7.1f ms\n", n_overdue, median (overdue, RUNS));
  g_print ("  search 監査 (%u open tickets shown)      %7.1f ms\n", n_found, median (search, RUNS));
  return 0;
}
