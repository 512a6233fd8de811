/* test-support-page.c — the 支援効果 page over a real database, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Demo answers in three rounds, support actions written the way the
 * dispatch and procurement rooms write them (bansou_support_set_actions in
 * a transaction): the page shows its empty state without them, the table
 * with them, switches between the prefecture, experts, bodies and kinds,
 * and computes again when support or answers change.
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <adwaita.h>

#include "bansou-context.h"
#include "bansou-demo.h"
#include "bansou-gui-test-utils.h"
#include "bansou-support-page-private.h"
#include "bansou-test-utils.h"

static gboolean have_display;

#define EXPERT "7d1c9a8e-0000-4000-8000-00000000000a"

typedef struct
{
  char              *path;
  BansouStore       *store;
  GSettings         *settings;
  BansouContext     *context;
  GtkWindow         *window;
  BansouSupportPage *page;
} Fixture;

static const char * const bodies[] = {
  "341002", "342025", "342033", "342041", "342050", "342076", "342084", "342092", "342106", "342114", "342122",
};
static const char * const questions[] = {
  "review.audit.external", "technical.unauthorized_access.vuln_assessment", "human.training.incident_drill",
};

typedef struct
{
  BansouSupportKind kind;
  const char       *source;
  const char       *actor;
  guint             first;
  guint             n;
} Actions;

static gboolean
set_actions_cb (BansouStore  *store,
                gpointer      user_data,
                GError      **error)
{
  const Actions *a = user_data;
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (BansouSupportTarget));

  for (guint b = a->first; b < a->first + a->n; b++)
    for (guint q = 0; q < G_N_ELEMENTS (questions); q++)
      {
        BansouSupportTarget t = { bodies[b], questions[q] };
        g_array_append_val (targets, t);
      }
  /* Between the demo's 2024-10-31 and 2025-10-31 rounds */
  return bansou_support_set_actions (store, a->kind, a->source, "2025-01-20", a->actor,
                                     (BansouSupportTarget *) targets->data, targets->len, error);
}

static void
add_actions (Fixture           *fx,
             BansouSupportKind  kind,
             const char        *source,
             const char        *actor,
             guint              first,
             guint              n)
{
  g_autoptr(GError) error = NULL;
  Actions a = { kind, source, actor, first, n };

  g_assert_true (bansou_store_transaction (fx->store, set_actions_cb, &a, &error));
  g_assert_no_error (error);
}

static gboolean
computed (gpointer data)
{
  return _bansou_support_page_get_n_computed (data) > 0;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;

  if (!have_display)
    {
      g_test_skip ("No display: run the gui suite under xvfb-run");
      return;
    }

  fx->store = bansou_test_open_store (&fx->path);
  g_assert_true (bansou_store_set_setting (fx->store, "prefecture", "34", &error));
  g_assert_no_error (error);
  catalog = bansou_catalog_load_active (fx->store, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_demo_generate (fx->store, catalog, "34", 3, 1, &error));
  g_assert_no_error (error);

  if (GPOINTER_TO_INT (data))
    {
      add_actions (fx, BANSOU_SUPPORT_VISIT, "visit-1", EXPERT, 0, 8);
      add_actions (fx, BANSOU_SUPPORT_PROCUREMENT, "project-1", NULL, 6, 5);
    }

  fx->settings = g_settings_new (APP_ID);
  fx->context = bansou_context_new (fx->store, fx->settings);
  fx->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx->window, 1400, 900);
  fx->page = g_object_new (BANSOU_TYPE_SUPPORT_PAGE, "context", fx->context, NULL);
  gtk_window_set_child (fx->window, GTK_WIDGET (fx->page));
  gtk_window_present (fx->window);
  /* In a worker thread: the first figures arrive once it is done */
  g_assert_true (bansou_gui_test_wait_for (computed, fx->page));
  bansou_gui_test_drain ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (!have_display)
    return;

  g_clear_pointer (&fx->window, gtk_window_destroy);
  bansou_gui_test_drain ();
  g_clear_object (&fx->context);
  g_clear_object (&fx->settings);
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->path, g_free);
}

static guint
n_shown (Fixture *fx)
{
  GtkColumnView *view = _bansou_support_page_get_column_view (fx->page);
  GtkSelectionModel *model = gtk_column_view_get_model (view);

  return model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;
}

/* ------------------------------------------------------------------------ */

static void
test_empty (Fixture       *fx,
            gconstpointer  data)
{
  if (!have_display)
    return;

  g_assert_cmpstr (_bansou_support_page_get_visible (fx->page), ==, "empty");
  g_assert_cmpuint (bansou_support_effect_get_n_actions (_bansou_support_page_get_effect (fx->page)), ==, 0);
  g_assert_cmpuint (n_shown (fx), ==, 0);
}

static void
test_table (Fixture       *fx,
            gconstpointer  data)
{
  BansouSupportEffect *effect;
  const BansouSupportEffectRow *row;

  if (!have_display)
    return;

  g_assert_cmpstr (_bansou_support_page_get_visible (fx->page), ==, "table");
  effect = _bansou_support_page_get_effect (fx->page);
  /* 8 bodies × 3 questions visited, 5 × 3 in the procurement */
  g_assert_cmpuint (bansou_support_effect_get_n_actions (effect), ==, 39);

  /* The prefecture: one row, the pairs of both actions counted once */
  g_assert_cmpuint (n_shown (fx), ==, 1);
  row = bansou_support_effect_get_row (effect, BANSOU_SUPPORT_BY_PREFECTURE, 0);
  g_assert_cmpstr (row->key, ==, "34");
  g_assert_cmpuint (row->n_treated + row->n_excluded + row->n_uncompared + row->n_pending, ==, 11 * 3);
  g_assert_cmpuint (row->n_pending, ==, 0);
  g_assert_cmpuint (row->n_control, >, 0);

  _bansou_support_page_set_grouping (fx->page, BANSOU_SUPPORT_BY_EXPERT);
  bansou_gui_test_drain ();
  g_assert_cmpuint (n_shown (fx), ==, 1);
  /* An expert without a record in the pool shows by its id */
  g_assert_cmpstr (bansou_support_effect_get_row (effect, BANSOU_SUPPORT_BY_EXPERT, 0)->label, ==, EXPERT);

  _bansou_support_page_set_grouping (fx->page, BANSOU_SUPPORT_BY_BODY);
  bansou_gui_test_drain ();
  g_assert_cmpuint (n_shown (fx), ==, 11);
  /* Three questions a body: every body's figure is 参考値 */
  for (guint i = 0; i < 11; i++)
    g_assert_true (bansou_support_effect_get_row (effect, BANSOU_SUPPORT_BY_BODY, i)->small);

  _bansou_support_page_set_grouping (fx->page, BANSOU_SUPPORT_BY_KIND);
  bansou_gui_test_drain ();
  g_assert_cmpuint (n_shown (fx), ==, 2);
  g_assert_cmpstr (_bansou_support_page_get_visible (fx->page), ==, "table");
}

typedef struct
{
  BansouSupportPage *page;
  guint              old;
} Recomputed;

static gboolean
recomputed (gpointer data)
{
  Recomputed *r = data;

  return _bansou_support_page_get_n_computed (r->page) > r->old;
}

/* Support recorded elsewhere (the 派遣 page) reaches the page through the
 * context; an answer changed on the 回答 page through the survey. */
static void
test_follows_changes (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Recomputed r = { fx->page, 0 };

  if (!have_display)
    return;

  g_assert_cmpstr (_bansou_support_page_get_visible (fx->page), ==, "empty");

  /* A procurement alone: the prefecture has it, the expert view nothing */
  add_actions (fx, BANSOU_SUPPORT_PROCUREMENT, "project-2", NULL, 0, 4);
  r.old = _bansou_support_page_get_n_computed (fx->page);
  bansou_context_support_changed (fx->context);
  g_assert_true (bansou_gui_test_wait_for (recomputed, &r));
  g_assert_cmpstr (_bansou_support_page_get_visible (fx->page), ==, "table");
  _bansou_support_page_set_grouping (fx->page, BANSOU_SUPPORT_BY_EXPERT);
  bansou_gui_test_drain ();
  g_assert_cmpstr (_bansou_support_page_get_visible (fx->page), ==, "none");

  r.old = _bansou_support_page_get_n_computed (fx->page);
  g_assert_true (bansou_survey_set_answer (bansou_context_get_survey (fx->context), BANSOU_DEMO_LATEST_ROUND,
                                           "341002", "review.audit.external", BANSOU_STATUS_DONE,
                                           NULL, "", "", &error));
  g_assert_no_error (error);
  g_assert_true (bansou_gui_test_wait_for (recomputed, &r));

  /* The action cancelled: back to the empty state */
  {
    Actions none = { BANSOU_SUPPORT_PROCUREMENT, "project-2", NULL, 0, 0 };

    g_assert_true (bansou_store_transaction (fx->store, set_actions_cb, &none, &error));
    g_assert_no_error (error);
  }
  r.old = _bansou_support_page_get_n_computed (fx->page);
  bansou_context_support_changed (fx->context);
  g_assert_true (bansou_gui_test_wait_for (recomputed, &r));
  g_assert_cmpstr (_bansou_support_page_get_visible (fx->page), ==, "empty");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "ja", TRUE);
  have_display = bansou_gui_test_init (&argc, &argv);

  g_test_add ("/support-page/empty", Fixture, GINT_TO_POINTER (FALSE), fixture_setup, test_empty,
              fixture_teardown);
  g_test_add ("/support-page/table", Fixture, GINT_TO_POINTER (TRUE), fixture_setup, test_table,
              fixture_teardown);
  g_test_add ("/support-page/follows-changes", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_follows_changes, fixture_teardown);

  return g_test_run ();
}
