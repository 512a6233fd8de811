/* test-body-sidebar.c — the sidebar of bodies, on its own, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * BansouBodySidebar is shared by the pages that work body by body: this
 * checks what they rely on without any of them — the marks a page hands
 * it, the filter toggle, the search, the current body that stays listed,
 * and the signals of selecting and activating a body.
 */
#include "config.h"

#include <adwaita.h>

#include "bansou-body-sidebar.h"
#include "bansou-gui-test-utils.h"
#include "bansou-test-utils.h"

static gboolean have_display;

typedef struct
{
  char              *path;
  BansouStore       *store;
  GListModel        *bodies;
  GtkWindow         *window;
  BansouBodySidebar *sidebar;
  GHashTable        *badges;     /* code → count */
  GPtrArray         *selected;   /* codes, as signalled */
  GPtrArray         *activated;
} Fixture;

static void
mark_cb (BansouBody     *body,
         BansouBodyMark *mark,
         gpointer        user_data)
{
  Fixture *fx = user_data;

  mark->badge = GPOINTER_TO_UINT (g_hash_table_lookup (fx->badges, bansou_body_get_code (body)));
  if (mark->badge > 0)
    mark->badge_tooltip = g_strdup_printf ("%u to look at", mark->badge);
  mark->state_label = "State";
  mark->state_class = "progress-answering";
}

static void
selected_cb (BansouBodySidebar *sidebar,
             const char        *code,
             Fixture           *fx)
{
  g_ptr_array_add (fx->selected, g_strdup (code));
}

static void
activated_cb (BansouBodySidebar *sidebar,
              const char        *code,
              Fixture           *fx)
{
  g_ptr_array_add (fx->activated, g_strdup (code));
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouRegistry) registry = NULL;

  if (!have_display)
    {
      g_test_skip ("No display: run the gui suite under xvfb-run");
      return;
    }

  fx->store = bansou_test_open_store (&fx->path);
  registry = bansou_registry_new (fx->store);
  fx->bodies = bansou_registry_list (registry, "34", BANSOU_LIST_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (fx->bodies), >, 10);

  fx->badges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fx->selected = g_ptr_array_new_with_free_func (g_free);
  fx->activated = g_ptr_array_new_with_free_func (g_free);

  fx->sidebar = BANSOU_BODY_SIDEBAR (bansou_body_sidebar_new ());
  bansou_body_sidebar_set_mark_func (fx->sidebar, mark_cb, fx, NULL);
  bansou_body_sidebar_set_bodies (fx->sidebar, fx->bodies);
  g_signal_connect (fx->sidebar, "body-selected", G_CALLBACK (selected_cb), fx);
  g_signal_connect (fx->sidebar, "body-activated", G_CALLBACK (activated_cb), fx);

  fx->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx->window, 300, 700);
  gtk_window_set_child (fx->window, GTK_WIDGET (fx->sidebar));
  gtk_window_present (fx->window);
  bansou_gui_test_drain ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (fx->window != NULL)
    gtk_window_destroy (fx->window);
  bansou_gui_test_drain ();
  g_clear_pointer (&fx->badges, g_hash_table_unref);
  g_clear_pointer (&fx->selected, g_ptr_array_unref);
  g_clear_pointer (&fx->activated, g_ptr_array_unref);
  g_clear_object (&fx->bodies);
  g_clear_object (&fx->store);
  g_free (fx->path);
}

static const char *
code_at (GListModel *model,
         guint       position)
{
  g_autoptr(BansouBody) body = g_list_model_get_item (model, position);

  /* The body is kept by the sidebar's own store. */
  return body ? g_intern_string (bansou_body_get_code (body)) : NULL;
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

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

/* ------------------------------------------------------------------------ */

static void
test_marks_filter (Fixture       *fx,
                   gconstpointer  data)
{
  GListModel *model = bansou_body_sidebar_get_model (fx->sidebar);
  GtkToggleButton *toggle = bansou_body_sidebar_get_filter_toggle (fx->sidebar);
  guint n = g_list_model_get_n_items (fx->bodies);
  const char *first = code_at (fx->bodies, 0);
  const char *third = code_at (fx->bodies, 2);
  const char *last = code_at (fx->bodies, n - 1);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_cmpstr (bansou_body_sidebar_get_current (fx->sidebar), ==, NULL);
  g_assert_true (bansou_body_sidebar_lookup (fx->sidebar, last) != NULL);
  g_assert_null (bansou_body_sidebar_lookup (fx->sidebar, "999999"));

  /* Without a tooltip there is no toggle; with one, it filters on the badge. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (toggle)));
  bansou_body_sidebar_set_filter_tooltip (fx->sidebar, "Only marked bodies");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (toggle)));

  g_hash_table_insert (fx->badges, g_strdup (third), GUINT_TO_POINTER (5));
  bansou_body_sidebar_refresh (fx->sidebar, third);
  gtk_toggle_button_set_active (toggle, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (code_at (model, 0), ==, third);

  /* A body whose mark changes is filtered again on refresh. */
  g_hash_table_insert (fx->badges, g_strdup (last), GUINT_TO_POINTER (1));
  bansou_body_sidebar_refresh (fx->sidebar, last);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_hash_table_remove (fx->badges, third);
  bansou_body_sidebar_refresh (fx->sidebar, third);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (code_at (model, 0), ==, last);

  /* The current body stays listed whatever the filter. */
  bansou_body_sidebar_set_current (fx->sidebar, first);
  bansou_body_sidebar_refresh (fx->sidebar, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpstr (code_at (model, 0), ==, first);

  gtk_toggle_button_set_active (toggle, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);

  /* Refreshing everything keeps the selection quiet. */
  g_assert_true (bansou_body_sidebar_select (fx->sidebar, first));
  g_assert_cmpuint (fx->selected->len, ==, 1);
  bansou_body_sidebar_refresh (fx->sidebar, NULL);
  g_assert_cmpuint (fx->selected->len, ==, 1);

  /* New bodies: nothing is selected, nothing is signalled. */
  bansou_body_sidebar_set_bodies (fx->sidebar, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_null (bansou_body_sidebar_lookup (fx->sidebar, first));
  g_assert_cmpuint (fx->selected->len, ==, 1);
}

static void
test_search_select (Fixture       *fx,
                    gconstpointer  data)
{
  GListModel *model = bansou_body_sidebar_get_model (fx->sidebar);
  GtkWidget *entry = find_descendant (GTK_WIDGET (fx->sidebar), GTK_TYPE_SEARCH_ENTRY);
  guint n = g_list_model_get_n_items (fx->bodies);
  const char *kure = "342025";
  const char *fuchu = "342084";
  CountWait wait = { model, 1 };

  g_assert_nonnull (entry);
  g_assert_nonnull (bansou_body_sidebar_lookup (fx->sidebar, kure));
  g_assert_nonnull (bansou_body_sidebar_lookup (fx->sidebar, fuchu));

  /* The search narrows the list (the entry waits a moment after typing). */
  gtk_editable_set_text (GTK_EDITABLE (entry), kure);
  g_assert_true (bansou_gui_test_wait_for (count_is, &wait));
  g_assert_cmpstr (code_at (model, 0), ==, kure);

  /* Selecting a body the search hides fails; revealing it clears the search. */
  g_assert_false (bansou_body_sidebar_select (fx->sidebar, fuchu));
  g_assert_false (bansou_body_sidebar_activate_body (fx->sidebar, fuchu));
  g_assert_cmpuint (fx->activated->len, ==, 0);
  g_assert_true (bansou_body_sidebar_reveal (fx->sidebar, fuchu));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_cmpstr (g_ptr_array_index (fx->selected, fx->selected->len - 1), ==, fuchu);

  /* Activating selects, then activates. */
  g_ptr_array_set_size (fx->selected, 0);
  g_assert_true (bansou_body_sidebar_activate_body (fx->sidebar, kure));
  g_assert_cmpuint (fx->selected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->selected, 0), ==, kure);
  g_assert_cmpuint (fx->activated->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->activated, 0), ==, kure);
}

static void
test_top_child (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GtkWidget) label = g_object_ref_sink (gtk_label_new ("Round"));
  GtkWidget *other = gtk_label_new ("Other");

  bansou_body_sidebar_set_top_child (fx->sidebar, label);
  g_assert_true (bansou_body_sidebar_get_top_child (fx->sidebar) == label);
  g_assert_true (gtk_widget_is_ancestor (label, GTK_WIDGET (fx->sidebar)));

  bansou_body_sidebar_set_top_child (fx->sidebar, other);
  g_assert_true (gtk_widget_get_parent (label) == NULL);
  g_assert_true (gtk_widget_is_ancestor (other, GTK_WIDGET (fx->sidebar)));
}

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

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, have_display ? func : skip_test, fixture_teardown)

  ADD ("/body-sidebar/marks-filter", test_marks_filter);
  ADD ("/body-sidebar/search-select", test_search_select);
  ADD ("/body-sidebar/top-child", test_top_child);

  return g_test_run ();
}
