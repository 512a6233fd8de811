/* bansou-bodies-page.c — 市区町村: the bodies a desk looks after
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * bodies (GListStore) → sort (column view sorter) → filter (search, kind,
 * prefecture) → single selection → column view. Sorting sits below the
 * filter so that typing re-filters an already sorted list instead of
 * sorting again; a national desk has 1,741 rows. A national desk also gets
 * a 都道府県 column and a prefecture filter: 府中市 is in 東京都 and in
 * 広島県.
 */
#define G_LOG_DOMAIN "bansou-bodies-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-add-body-dialog.h"
#include "bansou-bodies-page.h"
#include "bansou-dispatch-dialogs.h"
#include "bansou-ui-util.h"
#include "bansou-bodies-page-private.h"
#include "bansou-body-editor.h"
#include "bansou-window.h"

struct _BansouBodiesPage
{
  AdwBin              parent_instance;

  BansouContext      *context;
  GListStore         *bodies;
  GtkSortListModel   *sort_model;
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
  char               *needle;
  BansouKindFilter    kind_filter;
  char               *prefecture_filter;   /* "34", or NULL for all */
  GPtrArray          *prefecture_codes;    /* the drop-down's items after "All" */
  GtkColumnViewColumn *prefecture_column;  /* shown only on a national desk */
  BansouBody         *pending_body;        /* chosen while a draft is being asked about */
  gboolean            reverting;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *kind_dropdown;
  GtkDropDown        *prefecture_dropdown;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *no_results_page;
  GtkLabel           *count_label;
  BansouBodyEditor   *editor;
};

G_DEFINE_FINAL_TYPE (BansouBodiesPage, bansou_bodies_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *kind_filter_labels[] = {
  [BANSOU_KIND_FILTER_ALL]             = N_("All kinds"),
  [BANSOU_KIND_FILTER_DESIGNATED_CITY] = N_("Designated cities"),
  [BANSOU_KIND_FILTER_CITY]            = N_("Cities"),
  [BANSOU_KIND_FILTER_TOWN]            = N_("Towns"),
  [BANSOU_KIND_FILTER_VILLAGE]         = N_("Villages"),
  [BANSOU_KIND_FILTER_SPECIAL_WARD]    = N_("Special wards"),
  [BANSOU_KIND_FILTER_OTHER]           = N_("Other bodies"),
};

/* ------------------------------------------------------------------------ */
/* Cells                                                                    */

static GtkWidget *
create_text_cell (int nat_chars)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), nat_chars);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);

  return cell;
}

static GtkWidget *
create_number_cell (int nat_chars)
{
  GtkWidget *cell = create_text_cell (nat_chars);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 1.0);
  gtk_widget_add_css_class (cell, "numeric");

  return cell;
}

static GtkWidget *
create_code_cell (void)
{
  GtkWidget *cell = create_text_cell (7);

  gtk_widget_add_css_class (cell, "numeric");
  return cell;
}

static void
update_code_cell (GtkWidget  *cell,
                  BansouBody *body)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), bansou_body_get_code (body));
}

static GtkWidget *
create_name_cell (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *kana = create_text_cell (16);

  gtk_box_append (GTK_BOX (box), create_text_cell (16));
  gtk_widget_add_css_class (kana, "kana");
  gtk_widget_add_css_class (kana, "dim-label");
  gtk_box_append (GTK_BOX (box), kana);

  return box;
}

static void
update_name_cell (GtkWidget  *cell,
                  BansouBody *body)
{
  GtkWidget *name = gtk_widget_get_first_child (cell);
  GtkWidget *kana = gtk_widget_get_next_sibling (name);

  gtk_inscription_set_text (GTK_INSCRIPTION (name), bansou_body_get_name (body));
  gtk_inscription_set_text (GTK_INSCRIPTION (kana), bansou_body_get_kana (body));
}

static GtkWidget *
create_kind_cell (void)
{
  return create_text_cell (18);
}

static void
update_kind_cell (GtkWidget  *cell,
                  BansouBody *body)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), bansou_body_get_kind_label (body));
}

static GtkWidget *
create_population_cell (void)
{
  return create_number_cell (9);
}

static void
update_population_cell (GtkWidget  *cell,
                        BansouBody *body)
{
  gint64 n = bansou_body_get_population (body);
  g_autofree char *text = n < 0 ? NULL : bansou_format_count (n);

  gtk_inscription_set_text (GTK_INSCRIPTION (cell), text ? text : "—");
}

static GtkWidget *
create_staff_cell (void)
{
  return create_number_cell (4);
}

static void
update_staff_cell (GtkWidget  *cell,
                   BansouBody *body)
{
  int n = bansou_body_get_it_staff (body);
  g_autofree char *text = n < 0 ? NULL : bansou_format_count (n);

  gtk_inscription_set_text (GTK_INSCRIPTION (cell), text ? text : "—");
}

static GtkWidget *
create_applicability_cell (void)
{
  return create_text_cell (18);
}

static void
update_applicability_cell (GtkWidget  *cell,
                           BansouBody *body)
{
  BansouApplicability applicability = bansou_body_get_applicability (body);
  const char *classes[] = { "applicability", NULL, NULL };

  if (applicability == BANSOU_APPLICABILITY_UNDECIDED)
    classes[1] = "warning";
  else if (!bansou_applicability_applies (applicability))
    classes[1] = "dim-label";

  gtk_inscription_set_text (GTK_INSCRIPTION (cell), bansou_body_get_applicability_label (body));
  gtk_widget_set_css_classes (cell, classes);
}

/* Sorters: direct getters, no GValues, since a national list sorts 1,741
 * rows at a time. Ties fall back to the code so the order is stable. */

static int
compare_codes (BansouBody *a,
               BansouBody *b)
{
  return g_strcmp0 (bansou_body_get_code (a), bansou_body_get_code (b));
}

#define ORDER(x) ((x) < 0 ? GTK_ORDERING_SMALLER : (x) > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL)

static int
compare_code_cb (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return ORDER (compare_codes ((BansouBody *) a, (BansouBody *) b));
}

/* By reading, as a Japanese index is ordered (五十音順). */
static int
compare_name_cb (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  int r = g_strcmp0 (bansou_body_get_kana ((BansouBody *) a), bansou_body_get_kana ((BansouBody *) b));

  if (r == 0)
    r = g_strcmp0 (bansou_body_get_name ((BansouBody *) a), bansou_body_get_name ((BansouBody *) b));
  return ORDER (r != 0 ? r : compare_codes ((BansouBody *) a, (BansouBody *) b));
}

static int
compare_kind_cb (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  int r = (int) bansou_body_get_kind ((BansouBody *) a) - (int) bansou_body_get_kind ((BansouBody *) b);

  return ORDER (r != 0 ? r : compare_codes ((BansouBody *) a, (BansouBody *) b));
}

static int
compare_population_cb (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  gint64 pa = bansou_body_get_population ((BansouBody *) a);
  gint64 pb = bansou_body_get_population ((BansouBody *) b);

  if (pa != pb)
    return pa < pb ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return ORDER (compare_codes ((BansouBody *) a, (BansouBody *) b));
}

static int
compare_staff_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  int r = bansou_body_get_it_staff ((BansouBody *) a) - bansou_body_get_it_staff ((BansouBody *) b);

  return ORDER (r != 0 ? r : compare_codes ((BansouBody *) a, (BansouBody *) b));
}

/* Prefecture code → name, filled from the registry when a national list
 * loads; cells only read it. */
static GHashTable *prefecture_names;

static const char *
prefecture_name (BansouBody *body)
{
  const char *code = bansou_body_get_prefecture (body);
  const char *name = prefecture_names ? g_hash_table_lookup (prefecture_names, code) : NULL;

  return name ? name : code;
}

static GtkWidget *
create_prefecture_cell (void)
{
  return create_text_cell (5);
}

static void
update_prefecture_cell (GtkWidget  *cell,
                        BansouBody *body)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), prefecture_name (body));
}

/* By prefecture code, the order of the national list (北海道 … 沖縄県). */
static int
compare_prefecture_cb (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  int r = g_strcmp0 (bansou_body_get_prefecture ((BansouBody *) a), bansou_body_get_prefecture ((BansouBody *) b));

  return ORDER (r != 0 ? r : compare_codes ((BansouBody *) a, (BansouBody *) b));
}

static int
compare_applicability_cb (gconstpointer a,
                          gconstpointer b,
                          gpointer      user_data)
{
  int r = (int) bansou_body_get_applicability ((BansouBody *) a) -
          (int) bansou_body_get_applicability ((BansouBody *) b);

  return ORDER (r != 0 ? r : compare_codes ((BansouBody *) a, (BansouBody *) b));
}

static const BansouColumn columns[] = {
  { "code",          N_("Code"),          create_code_cell,          BANSOU_COLUMN_UPDATE (update_code_cell),          compare_code_cb,          FALSE },
  { "name",          N_("Name"),          create_name_cell,          BANSOU_COLUMN_UPDATE (update_name_cell),          compare_name_cb,          TRUE },
  { "kind",          N_("Kind"),          create_kind_cell,          BANSOU_COLUMN_UPDATE (update_kind_cell),          compare_kind_cb,          FALSE },
  { "population",    N_("Population"),    create_population_cell,    BANSOU_COLUMN_UPDATE (update_population_cell),    compare_population_cb,    FALSE },
  { "it-staff",      N_("IT/Security Staff"), create_staff_cell,     BANSOU_COLUMN_UPDATE (update_staff_cell),         compare_staff_cb,         FALSE },
  { "applicability", N_("Applicability"), create_applicability_cell, BANSOU_COLUMN_UPDATE (update_applicability_cell), compare_applicability_cb, FALSE },
};

static const BansouColumn prefecture_column = {
  "prefecture", N_("Prefecture"), create_prefecture_cell, BANSOU_COLUMN_UPDATE (update_prefecture_cell),
  compare_prefecture_cb, FALSE
};

static void
add_columns (BansouBodiesPage *self)
{
  GListModel *view_columns;

  bansou_ui_column_view_add_columns (self->column_view, columns, G_N_ELEMENTS (columns));

  /* Made once and kept; placed after the name only on a national desk. */
  bansou_ui_column_view_add_columns (self->column_view, &prefecture_column, 1);
  view_columns = gtk_column_view_get_columns (self->column_view);
  self->prefecture_column = g_list_model_get_item (view_columns, g_list_model_get_n_items (view_columns) - 1);
  gtk_column_view_remove_column (self->column_view, self->prefecture_column);
  {
    g_autoptr(GtkColumnViewColumn) first = g_list_model_get_item (view_columns, 0);
    gtk_column_view_sort_by_column (self->column_view, first, GTK_SORT_ASCENDING);
  }
}

static void
update_prefecture_controls (BansouBodiesPage *self)
{
  gboolean national = bansou_context_is_national (self->context);
  GListModel *view_columns = gtk_column_view_get_columns (self->column_view);
  gboolean shown = FALSE;

  for (guint i = 0, n = g_list_model_get_n_items (view_columns); i < n; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);
      shown |= column == self->prefecture_column;
    }

  if (national && !shown)
    gtk_column_view_insert_column (self->column_view, 2, self->prefecture_column);
  else if (!national && shown)
    gtk_column_view_remove_column (self->column_view, self->prefecture_column);

  gtk_widget_set_visible (GTK_WIDGET (self->prefecture_dropdown), national);
}

/* "All prefectures" and the 47, and the names the cells show. */
static void
fill_prefectures (BansouBodiesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) prefectures = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->prefecture_codes, 0);
  gtk_string_list_append (labels, _("All Prefectures"));

  if (bansou_context_is_national (self->context))
    {
      prefectures = bansou_registry_list_prefectures (bansou_context_get_registry (self->context), &error);
      if (prefectures == NULL)
        bansou_show_error (GTK_WIDGET (self), error);
    }

  if (prefecture_names == NULL)
    prefecture_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0, n = prefectures ? g_list_model_get_n_items (prefectures) : 0; i < n; i++)
    {
      g_autoptr(BansouBody) prefecture = g_list_model_get_item (prefectures, i);

      g_ptr_array_add (self->prefecture_codes, g_strdup (bansou_body_get_prefecture (prefecture)));
      gtk_string_list_append (labels, bansou_body_get_name (prefecture));
      g_hash_table_replace (prefecture_names, g_strdup (bansou_body_get_prefecture (prefecture)),
                            g_strdup (bansou_body_get_name (prefecture)));
    }

  g_clear_pointer (&self->prefecture_filter, g_free);
  gtk_drop_down_set_model (self->prefecture_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->prefecture_dropdown, 0);
}

/* ------------------------------------------------------------------------ */
/* Filtering                                                                */

static gboolean
kind_matches (BansouKindFilter filter,
              BansouBodyKind   kind)
{
  switch (filter)
    {
    case BANSOU_KIND_FILTER_ALL:
      return TRUE;
    case BANSOU_KIND_FILTER_DESIGNATED_CITY:
      return kind == BANSOU_BODY_KIND_DESIGNATED_CITY;
    case BANSOU_KIND_FILTER_CITY:
      return kind == BANSOU_BODY_KIND_CITY || kind == BANSOU_BODY_KIND_DESIGNATED_CITY;
    case BANSOU_KIND_FILTER_TOWN:
      return kind == BANSOU_BODY_KIND_TOWN;
    case BANSOU_KIND_FILTER_VILLAGE:
      return kind == BANSOU_BODY_KIND_VILLAGE;
    case BANSOU_KIND_FILTER_SPECIAL_WARD:
      return kind == BANSOU_BODY_KIND_SPECIAL_WARD;
    case BANSOU_KIND_FILTER_OTHER:
      return bansou_body_kind_is_other_body (kind);
    default:
      return TRUE;
    }
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  BansouBodiesPage *self = user_data;
  BansouBody *body = item;

  return kind_matches (self->kind_filter, bansou_body_get_kind (body)) &&
         (self->prefecture_filter == NULL ||
          g_strcmp0 (bansou_body_get_prefecture (body), self->prefecture_filter) == 0) &&
         bansou_body_matches (body, self->needle);
}

static void
update_count (BansouBodiesPage *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->bodies));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *text = NULL;
  g_autofree char *shown_text = bansou_format_count (shown);
  g_autofree char *total_text = bansou_format_count (total);

  if (shown == total)
    /* TRANSLATORS: %s is a number such as "1,741" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s body", "%s bodies", total), total_text);
  else
    /* TRANSLATORS: "3 of 23 bodies" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s body", "%s of %s bodies", total),
                            shown_text, total_text);

  gtk_label_set_label (self->count_label, bansou_context_get_scope (self->context) ? text : "");

  if (bansou_context_get_scope (self->context) == NULL)
    gtk_stack_set_visible_child_name (self->list_stack, "no-scope");
  else if (shown == 0 && total > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static void
update_actions (BansouBodiesPage *self)
{
  BansouBody *body = gtk_single_selection_get_selected_item (self->selection);
  const char *scope = bansou_context_get_scope (self->context);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bodies.add",
                                 scope != NULL && !bansou_context_is_national (self->context));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bodies.remove",
                                 body != NULL && !bansou_body_get_builtin (body));
  /* A prefecture's desk dispatches to its own bodies */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bodies.request-dispatch",
                                 body != NULL && scope != NULL && !bansou_context_is_national (self->context));
}

static void
reload (BansouBodiesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  const char *scope = bansou_context_get_scope (self->context);

  if (scope != NULL)
    {
      list = bansou_registry_list (bansou_context_get_registry (self->context), scope,
                                   BANSOU_LIST_DEFAULT, &error);
      if (list == NULL)
        bansou_show_error (GTK_WIDGET (self), error);
    }

  for (guint i = 0, n = list ? g_list_model_get_n_items (list) : 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (list, i));

  g_list_store_splice (self->bodies, 0, g_list_model_get_n_items (G_LIST_MODEL (self->bodies)),
                       items->pdata, items->len);

  update_count (self);
  update_actions (self);
}

static void
scroll_to_position (BansouBodiesPage *self,
                    guint             position)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  /* The top needs no item: while an incremental filter or sort is still
   * running, GTK 4.8 warns that it "failed to scroll to given position"
   * (fatal in tests). Past the end there is nothing to scroll to. */
  if (position == 0)
    {
      GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self->column_view));

      if (GTK_IS_SCROLLED_WINDOW (parent))
        {
          gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (parent)), 0);
          return;
        }
    }
  if (position >= g_list_model_get_n_items (model))
    return;

  /* GTK 4.8 has no gtk_column_view_scroll_to(); its inner list view
   * answers the list.scroll-to-item action. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        {
          gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
          break;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
search_changed_cb (BansouBodiesPage *self,
                   GtkSearchEntry   *entry)
{
  g_autofree char *old = g_steal_pointer (&self->needle);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  self->needle = g_strstrip (g_strdup (text));

  if (g_strcmp0 (old, self->needle) == 0)
    return;
  /* Narrowing only has to look at the rows still shown. */
  if (old == NULL || *old == '\0' || strstr (self->needle, old) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (*self->needle == '\0' || strstr (old, self->needle) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

/* Enter in the search entry goes to the first match. */
static void
search_activate_cb (BansouBodiesPage *self,
                    GtkSearchEntry   *entry)
{
  search_changed_cb (self, entry);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;

  gtk_single_selection_set_selected (self->selection, 0);
  scroll_to_position (self, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
stop_search_cb (BansouBodiesPage *self,
                GtkSearchEntry   *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
kind_dropdown_notify_selected_cb (BansouBodiesPage *self,
                                  GParamSpec       *pspec,
                                  GtkDropDown      *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  BansouKindFilter kind_filter = selected < G_N_ELEMENTS (kind_filter_labels) ? selected : 0;

  if (kind_filter == self->kind_filter)
    return;

  self->kind_filter = kind_filter;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
prefecture_dropdown_notify_selected_cb (BansouBodiesPage *self,
                                        GParamSpec       *pspec,
                                        GtkDropDown      *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *code = selected > 0 && selected - 1 < self->prefecture_codes->len ?
                     g_ptr_array_index (self->prefecture_codes, selected - 1) : NULL;

  if (g_strcmp0 (code, self->prefecture_filter) == 0)
    return;

  g_free (self->prefecture_filter);
  self->prefecture_filter = g_strdup (code);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
filter_items_changed_cb (BansouBodiesPage *self,
                         guint             position,
                         guint             removed,
                         guint             added,
                         GListModel       *model)
{
  update_count (self);
}

/* Puts the selection back on @body without asking again. */
static void
select_quietly (BansouBodiesPage *self,
                BansouBody       *body)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0, n = g_list_model_get_n_items (model); body != NULL && i < n; i++)
    {
      g_autoptr(BansouBody) item = g_list_model_get_item (model, i);

      if (item == body)
        {
          position = i;
          break;
        }
    }

  self->reverting = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->reverting = FALSE;
}

static void
show_body (BansouBodiesPage *self,
           BansouBody       *body)
{
  bansou_body_editor_set_body (self->editor, body);
  select_quietly (self, body);
  if (body != NULL)
    {
      guint position = gtk_single_selection_get_selected (self->selection);

      if (position != GTK_INVALID_LIST_POSITION)
        scroll_to_position (self, position);
    }
  update_actions (self);
}

static void
draft_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   BansouBodiesPage *self)
{
  g_autoptr(BansouBody) next = g_steal_pointer (&self->pending_body);

  if (g_strcmp0 (response, "save") == 0)
    {
      /* A save that fails keeps the draft and the old selection. */
      if (!bansou_body_editor_save (self->editor))
        return;
      show_body (self, next);
    }
  else if (g_strcmp0 (response, "discard") == 0)
    {
      bansou_body_editor_discard (self->editor);
      show_body (self, next);
    }
  /* "cancel": the old body stays selected with its draft. */
}

/* Another row chosen while the profile has unsaved edits: keep the old
 * selection and ask, as GNOME apps do, instead of dropping the edits. */
static void
ask_about_draft (BansouBodiesPage *self,
                 BansouBody       *next)
{
  BansouBody *current = bansou_body_editor_get_body (self->editor);
  GtkWidget *dialog;

  g_set_object (&self->pending_body, next);
  select_quietly (self, current);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The profile of %s has changes that are not saved yet."),
                                  bansou_body_get_name (current));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  /* An invalid draft cannot be saved: fix it or discard it. */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save",
                                           bansou_body_editor_can_save (self->editor));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           bansou_body_editor_can_save (self->editor) ? "save" : "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (draft_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
selection_notify_selected_item_cb (BansouBodiesPage   *self,
                                   GParamSpec         *pspec,
                                   GtkSingleSelection *selection)
{
  BansouBody *next = gtk_single_selection_get_selected_item (selection);
  BansouBody *current = bansou_body_editor_get_body (self->editor);

  if (self->reverting)
    return;

  /* Still in the list: a draft is only at stake when the user picks
   * another body, not when a reload or a filter takes the row away. */
  if (next != NULL && current != NULL && next != current &&
      bansou_body_editor_has_changes (self->editor))
    {
      ask_about_draft (self, next);
      return;
    }

  bansou_body_editor_set_body (self->editor, next);
  update_actions (self);
}

static void
context_notify_scope_cb (BansouBodiesPage *self,
                         GParamSpec       *pspec,
                         BansouContext    *context)
{
  fill_prefectures (self);
  update_prefecture_controls (self);
  reload (self);
}

static void
body_added_cb (BansouBodiesPage    *self,
               const char          *code,
               BansouAddBodyDialog *dialog)
{
  reload (self);

  /* Show the new body even if the current search would hide it. */
  if (!bansou_bodies_page_select_code (self, code))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_drop_down_set_selected (self->kind_dropdown, BANSOU_KIND_FILTER_ALL);
      search_changed_cb (self, self->search_entry);
      bansou_bodies_page_select_code (self, code);
    }
}

static void
unref_closure_data (gpointer  data,
                    GClosure *closure)
{
  g_object_unref (data);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  BansouBodiesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *code = g_object_get_data (G_OBJECT (dialog), "code");

  if (g_strcmp0 (response, "remove") != 0)
    return;

  if (!bansou_registry_remove_body (bansou_context_get_registry (self->context), code, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }

  reload (self);
}

/* ------------------------------------------------------------------------ */
/* Actions                                                                  */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BansouBodiesPage *self = BANSOU_BODIES_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BansouBodiesPage *self = BANSOU_BODIES_PAGE (widget);
  BansouAddBodyDialog *dialog = bansou_add_body_dialog_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (dialog, "body-added", G_CALLBACK (body_added_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
request_dispatch_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BansouBodiesPage *self = BANSOU_BODIES_PAGE (widget);
  BansouBody *body = gtk_single_selection_get_selected_item (self->selection);

  if (body != NULL)
    bansou_request_dialog_new (widget, self->context, bansou_body_get_code (body), NULL, BANSOU_REQUEST_SOURCE_BODY);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BansouBodiesPage *self = BANSOU_BODIES_PAGE (widget);
  BansouBody *body = gtk_single_selection_get_selected_item (self->selection);
  GtkWidget *dialog;

  if (body == NULL || bansou_body_get_builtin (body))
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Remove Body?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s and its member list will be removed. "
                                    "The change history is kept."),
                                  bansou_body_get_name (body));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "code", g_strdup (bansou_body_get_code (body)), g_free);
  g_signal_connect_data (dialog, "response", G_CALLBACK (remove_response_cb),
                         g_object_ref (self), unref_closure_data, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */

static void
bansou_bodies_page_constructed (GObject *object)
{
  BansouBodiesPage *self = (BansouBodiesPage *)object;

  G_OBJECT_CLASS (bansou_bodies_page_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));

  bansou_body_editor_set_context (self->editor, self->context);
  g_signal_connect_object (self->context, "notify::scope",
                           G_CALLBACK (context_notify_scope_cb), self, G_CONNECT_SWAPPED);
  fill_prefectures (self);
  update_prefecture_controls (self);
  reload (self);
}

static void
bansou_bodies_page_dispose (GObject *object)
{
  BansouBodiesPage *self = (BansouBodiesPage *)object;

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->bodies);
  g_clear_object (&self->prefecture_column);
  g_clear_object (&self->pending_body);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_bodies_page_parent_class)->dispose (object);
}

static void
bansou_bodies_page_finalize (GObject *object)
{
  BansouBodiesPage *self = (BansouBodiesPage *)object;

  g_clear_pointer (&self->needle, g_free);
  g_clear_pointer (&self->prefecture_filter, g_free);
  g_clear_pointer (&self->prefecture_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (bansou_bodies_page_parent_class)->finalize (object);
}

static void
bansou_bodies_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BansouBodiesPage *self = BANSOU_BODIES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_bodies_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BansouBodiesPage *self = BANSOU_BODIES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_bodies_page_class_init (BansouBodiesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bansou_bodies_page_constructed;
  object_class->dispose = bansou_bodies_page_dispose;
  object_class->finalize = bansou_bodies_page_finalize;
  object_class->get_property = bansou_bodies_page_get_property;
  object_class->set_property = bansou_bodies_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BANSOU_TYPE_BODY_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-bodies-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouBodiesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BansouBodiesPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BansouBodiesPage, prefecture_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BansouBodiesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouBodiesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, BansouBodiesPage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, BansouBodiesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, BansouBodiesPage, editor);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_dropdown_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, prefecture_dropdown_notify_selected_cb);

  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "bodies.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "bodies.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "bodies.request-dispatch", NULL, request_dispatch_action);

}

static void
bansou_bodies_page_init (BansouBodiesPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->prefecture_codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (kind_filter_labels); i++)
    gtk_string_list_append (kinds, _(kind_filter_labels[i]));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));

  add_columns (self);

  self->bodies = g_list_store_new (BANSOU_TYPE_BODY);
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->bodies)),
                                              g_object_ref (sorter));
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sort_model)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_notify_selected_item_cb), self, G_CONNECT_SWAPPED);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
}

/* ------------------------------------------------------------------------ */

BansouContext *
bansou_bodies_page_get_context (BansouBodiesPage *self)
{
  g_return_val_if_fail (BANSOU_IS_BODIES_PAGE (self), NULL);
  return self->context;
}

/**
 * bansou_bodies_page_select_code:
 *
 * Selects the body with @code and scrolls to it.
 *
 * Returns: %TRUE if the body is in the list as filtered now
 */
gboolean
bansou_bodies_page_select_code (BansouBodiesPage *self,
                                const char       *code)
{
  GListModel *model;

  g_return_val_if_fail (BANSOU_IS_BODIES_PAGE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  model = G_LIST_MODEL (self->selection);
  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (model, i);

      if (g_strcmp0 (bansou_body_get_code (body), code) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          scroll_to_position (self, i);
          return TRUE;
        }
    }

  return FALSE;
}

GtkColumnView *
_bansou_bodies_page_get_column_view (BansouBodiesPage *self)
{
  return self->column_view;
}

GListModel *
_bansou_bodies_page_get_model (BansouBodiesPage *self)
{
  return G_LIST_MODEL (self->selection);
}

GtkEditable *
_bansou_bodies_page_get_search_entry (BansouBodiesPage *self)
{
  return GTK_EDITABLE (self->search_entry);
}

GtkDropDown *
_bansou_bodies_page_get_kind_dropdown (BansouBodiesPage *self)
{
  return self->kind_dropdown;
}

GtkDropDown *
_bansou_bodies_page_get_prefecture_dropdown (BansouBodiesPage *self)
{
  return self->prefecture_dropdown;
}

GtkLabel *
_bansou_bodies_page_get_count_label (BansouBodiesPage *self)
{
  return self->count_label;
}

BansouBodyEditor *
_bansou_bodies_page_get_editor (BansouBodiesPage *self)
{
  return self->editor;
}

/* Whether the text typed in the search entry has not reached the filter
 * yet (the entry waits a moment after each key). */
gboolean
_bansou_bodies_page_is_filtering (BansouBodiesPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  return g_strcmp0 (text, self->needle ? self->needle : "") != 0 ||
         gtk_filter_list_model_get_pending (self->filter_model) > 0;
}
