/* bansou-body-sidebar.c — the list of bodies beside a page's editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A search entry, an optional filter toggle and the bodies of the scope,
 * each with what the page wants beside it (a count badge, a state pill,
 * overdue): the answers page shows progress and unconfirmed answers; the
 * dispatch, procurement and consultation pages will show theirs.
 *
 * The page keeps the figures; the sidebar asks for them through a mark
 * function when a row is bound or filtered, so a change of one body is
 * one bansou_body_sidebar_refresh() and no widget is rebuilt.
 */
#define G_LOG_DOMAIN "bansou-body-sidebar"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-body-sidebar.h"
#include "bansou-ui-util.h"

struct _BansouBodySidebar
{
  AdwBin              parent_instance;

  GListStore         *bodies;         /* BansouBody, by code */
  GHashTable         *body_position;  /* code → position + 1 in bodies */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSingleSelection *selection;
  char               *needle;
  char               *current;        /* stays in the list whatever the filters */
  char               *filter_tooltip;
  GtkWidget          *top_child;
  gboolean            updating;

  BansouBodyMarkFunc  mark_func;
  gpointer            mark_data;
  GDestroyNotify      mark_destroy;

  /* Template widgets */
  GtkBox             *top_box;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *filter_toggle;
  GtkListView        *body_list;
  GtkLabel           *count_label;
};

G_DEFINE_FINAL_TYPE (BansouBodySidebar, bansou_body_sidebar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TOP_CHILD,
  PROP_FILTER_TOOLTIP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BODY_SELECTED,
  BODY_ACTIVATED,
  SEARCH_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

static void
get_mark (BansouBodySidebar *self,
          BansouBody        *body,
          BansouBodyMark    *mark)
{
  memset (mark, 0, sizeof *mark);
  if (self->mark_func != NULL)
    self->mark_func (body, mark, self->mark_data);
}

static void
update_count (BansouBodySidebar *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->bodies));
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (ngettext ("%u body", "%u bodies", total), total);
  else
    /* TRANSLATORS: bodies shown of all bodies */
    text = g_strdup_printf (ngettext ("%u of %u body", "%u of %u bodies", total), shown, total);
  gtk_label_set_label (self->count_label, text);
}

static void
refilter (BansouBodySidebar *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Where @code is in the list as shown, or GTK_INVALID_LIST_POSITION. */
static guint
find_shown (BansouBodySidebar *self,
            const char        *code)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (model, i);

      if (g_strcmp0 (bansou_body_get_code (body), code) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* ------------------------------------------------------------------------ */
/* The list                                                                 */

static void
body_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               BansouBodySidebar        *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *badge = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "numeric");
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), detail);
  gtk_box_append (GTK_BOX (box), text);

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "unconfirmed-badge");
  gtk_widget_add_css_class (badge, "numeric");
  gtk_box_append (GTK_BOX (box), badge);

  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), state);

  gtk_list_item_set_child (list_item, box);
}

static void
body_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              BansouBodySidebar        *self)
{
  BansouBody *body = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *text = gtk_widget_get_first_child (box);
  GtkWidget *name = gtk_widget_get_first_child (text);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  GtkWidget *badge = gtk_widget_get_next_sibling (text);
  GtkWidget *state_label = gtk_widget_get_next_sibling (badge);
  const char *code = bansou_body_get_code (body);
  const char *classes[] = { "progress-pill", "small", NULL, NULL, NULL };
  g_autofree char *detail_text = g_strdup_printf ("%s · %s", code, bansou_body_get_kind_label (body));
  BansouBodyMark mark;

  get_mark (self, body, &mark);

  gtk_label_set_label (GTK_LABEL (name), bansou_body_get_name (body));
  gtk_label_set_label (GTK_LABEL (detail), detail_text);

  if (mark.badge > 0)
    {
      g_autofree char *count = g_strdup_printf ("%u", mark.badge);
      gtk_label_set_label (GTK_LABEL (badge), count);
      gtk_widget_set_tooltip_text (badge, mark.badge_tooltip);
    }
  gtk_widget_set_visible (badge, mark.badge > 0);
  g_clear_pointer (&mark.badge_tooltip, g_free);

  gtk_widget_set_visible (state_label, mark.state_label != NULL);
  if (mark.state_label == NULL)
    return;

  classes[2] = mark.state_class;
  if (mark.overdue_since != NULL)
    classes[mark.state_class ? 3 : 2] = "overdue";
  gtk_label_set_label (GTK_LABEL (state_label), mark.state_label);
  gtk_widget_set_css_classes (state_label, classes);
  if (mark.overdue_since != NULL)
    {
      g_autofree char *date = bansou_ui_format_date (mark.overdue_since);
      /* TRANSLATORS: %s is a date */
      g_autofree char *tooltip = g_strdup_printf (_("Overdue since %s"), date);
      gtk_widget_set_tooltip_text (state_label, tooltip);
    }
  else
    gtk_widget_set_tooltip_text (state_label, NULL);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  BansouBodySidebar *self = user_data;
  BansouBody *body = item;
  const char *code = bansou_body_get_code (body);

  /* The body being edited stays in the list: confirming its last answer
   * must not pull it away from under the user. */
  if (g_strcmp0 (code, self->current) == 0)
    return TRUE;
  if (gtk_toggle_button_get_active (self->filter_toggle))
    {
      BansouBodyMark mark;

      get_mark (self, body, &mark);
      g_clear_pointer (&mark.badge_tooltip, g_free);
      if (mark.badge == 0)
        return FALSE;
    }
  if (self->needle != NULL && *self->needle != '\0' && !bansou_body_matches (body, self->needle))
    return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
selection_notify_selected_item_cb (BansouBodySidebar  *self,
                                   GParamSpec         *pspec,
                                   GtkSingleSelection *selection)
{
  BansouBody *body = gtk_single_selection_get_selected_item (selection);

  if (self->updating || body == NULL)
    return;
  g_signal_emit (self, signals[BODY_SELECTED], 0, bansou_body_get_code (body));
}

static void
body_list_activate_cb (BansouBodySidebar *self,
                       guint              position,
                       GtkListView       *list)
{
  g_autoptr(BansouBody) body = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (body != NULL)
    g_signal_emit (self, signals[BODY_ACTIVATED], 0, bansou_body_get_code (body));
}

static void
filter_items_changed_cb (BansouBodySidebar *self)
{
  update_count (self);
}

static void
search_changed_cb (BansouBodySidebar *self,
                   GtkSearchEntry    *entry)
{
  g_free (self->needle);
  self->needle = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  refilter (self);
}

/* Enter in the search opens the first body found. */
static void
search_activate_cb (BansouBodySidebar *self,
                    GtkSearchEntry    *entry)
{
  g_autoptr(BansouBody) first = NULL;

  search_changed_cb (self, entry);
  if (!(first = g_list_model_get_item (G_LIST_MODEL (self->selection), 0)))
    return;
  gtk_single_selection_set_selected (self->selection, 0);
  g_signal_emit (self, signals[SEARCH_ACTIVATED], 0, bansou_body_get_code (first));
}

static void
stop_search_cb (BansouBodySidebar *self,
                GtkSearchEntry    *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->body_list));
}

static void
filter_toggled_cb (BansouBodySidebar *self)
{
  refilter (self);
}

/* ------------------------------------------------------------------------ */

static void
bansou_body_sidebar_dispose (GObject *object)
{
  BansouBodySidebar *self = (BansouBodySidebar *)object;

  if (self->body_list != NULL)
    gtk_list_view_set_model (self->body_list, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->bodies);
  if (self->mark_destroy != NULL)
    self->mark_destroy (self->mark_data);
  self->mark_func = NULL;
  self->mark_data = NULL;
  self->mark_destroy = NULL;
  self->top_child = NULL;

  G_OBJECT_CLASS (bansou_body_sidebar_parent_class)->dispose (object);
}

static void
bansou_body_sidebar_finalize (GObject *object)
{
  BansouBodySidebar *self = (BansouBodySidebar *)object;

  g_clear_pointer (&self->body_position, g_hash_table_unref);
  g_clear_pointer (&self->needle, g_free);
  g_clear_pointer (&self->current, g_free);
  g_clear_pointer (&self->filter_tooltip, g_free);

  G_OBJECT_CLASS (bansou_body_sidebar_parent_class)->finalize (object);
}

static void
bansou_body_sidebar_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BansouBodySidebar *self = BANSOU_BODY_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_TOP_CHILD:
      g_value_set_object (value, self->top_child);
      break;
    case PROP_FILTER_TOOLTIP:
      g_value_set_string (value, self->filter_tooltip);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_body_sidebar_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BansouBodySidebar *self = BANSOU_BODY_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_TOP_CHILD:
      bansou_body_sidebar_set_top_child (self, g_value_get_object (value));
      break;
    case PROP_FILTER_TOOLTIP:
      bansou_body_sidebar_set_filter_tooltip (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_body_sidebar_class_init (BansouBodySidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bansou_body_sidebar_dispose;
  object_class->finalize = bansou_body_sidebar_finalize;
  object_class->get_property = bansou_body_sidebar_get_property;
  object_class->set_property = bansou_body_sidebar_set_property;

  /**
   * BansouBodySidebar:top-child:
   *
   * A widget above the search entry, such as the page's round selector.
   */
  properties[PROP_TOP_CHILD] =
    g_param_spec_object ("top-child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * BansouBodySidebar:filter-tooltip:
   *
   * What the toggle beside the search keeps (bodies whose badge is not
   * zero); without a tooltip there is no toggle.
   */
  properties[PROP_FILTER_TOOLTIP] =
    g_param_spec_string ("filter-tooltip", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BansouBodySidebar::body-selected:
   * @code: the body's code
   *
   * The user selected a body (with the pointer or the arrow keys).
   */
  signals[BODY_SELECTED] =
    g_signal_new ("body-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * BansouBodySidebar::body-activated:
   * @code: the body's code
   *
   * Enter or a double click on a body: the page moves the keyboard into it.
   */
  signals[BODY_ACTIVATED] =
    g_signal_new ("body-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * BansouBodySidebar::search-activated:
   * @code: the first body found, now selected
   *
   * Enter in the search entry.
   */
  signals[SEARCH_ACTIVATED] =
    g_signal_new ("search-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-body-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouBodySidebar, top_box);
  gtk_widget_class_bind_template_child (widget_class, BansouBodySidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BansouBodySidebar, filter_toggle);
  gtk_widget_class_bind_template_child (widget_class, BansouBodySidebar, body_list);
  gtk_widget_class_bind_template_child (widget_class, BansouBodySidebar, count_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);
}

static void
bansou_body_sidebar_init (BansouBodySidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->body_position = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bodies = g_list_store_new (BANSOU_TYPE_BODY);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->bodies)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (body_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (body_bind_cb), self);
  gtk_list_view_set_factory (self->body_list, factory);
  gtk_list_view_set_model (self->body_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->body_list, "activate", G_CALLBACK (body_list_activate_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_notify_selected_item_cb), self, G_CONNECT_SWAPPED);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->body_list));
  update_count (self);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

GtkWidget *
bansou_body_sidebar_new (void)
{
  return g_object_new (BANSOU_TYPE_BODY_SIDEBAR, NULL);
}

/**
 * bansou_body_sidebar_set_bodies:
 * @bodies: (nullable): a #GListModel of #BansouBody, by code
 *
 * Replaces the bodies listed. Selecting nothing, it emits no
 * #BansouBodySidebar::body-selected.
 */
void
bansou_body_sidebar_set_bodies (BansouBodySidebar *self,
                                GListModel        *bodies)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (BANSOU_IS_BODY_SIDEBAR (self));
  g_return_if_fail (bodies == NULL || G_IS_LIST_MODEL (bodies));

  g_hash_table_remove_all (self->body_position);
  for (guint i = 0, n = bodies ? g_list_model_get_n_items (bodies) : 0; i < n; i++)
    {
      BansouBody *body = g_list_model_get_item (bodies, i);

      g_ptr_array_add (items, body);
      g_hash_table_insert (self->body_position, g_strdup (bansou_body_get_code (body)), GUINT_TO_POINTER (i + 1));
    }

  self->updating = TRUE;
  g_list_store_splice (self->bodies, 0, g_list_model_get_n_items (G_LIST_MODEL (self->bodies)),
                       items->pdata, items->len);
  self->updating = FALSE;
  update_count (self);
}

/**
 * bansou_body_sidebar_lookup:
 *
 * Returns: (transfer none) (nullable): the body listed with @code, shown
 *   or filtered out
 */
BansouBody *
bansou_body_sidebar_lookup (BansouBodySidebar *self,
                            const char        *code)
{
  guint position;
  BansouBody *body;

  g_return_val_if_fail (BANSOU_IS_BODY_SIDEBAR (self), NULL);

  position = code ? GPOINTER_TO_UINT (g_hash_table_lookup (self->body_position, code)) : 0;
  if (position == 0)
    return NULL;
  body = g_list_model_get_item (G_LIST_MODEL (self->bodies), position - 1);
  g_object_unref (body);  /* the store keeps it */
  return body;
}

/**
 * bansou_body_sidebar_set_mark_func:
 * @func: (nullable): fills in what is shown beside a body
 *
 * @func is called on every bind and, while the filter toggle is on, on
 * every filtering: it should only look things up.
 */
void
bansou_body_sidebar_set_mark_func (BansouBodySidebar  *self,
                                   BansouBodyMarkFunc  func,
                                   gpointer            user_data,
                                   GDestroyNotify      destroy)
{
  g_return_if_fail (BANSOU_IS_BODY_SIDEBAR (self));

  if (self->mark_destroy != NULL)
    self->mark_destroy (self->mark_data);
  self->mark_func = func;
  self->mark_data = user_data;
  self->mark_destroy = destroy;
  bansou_body_sidebar_refresh (self, NULL);
}

/**
 * bansou_body_sidebar_refresh:
 * @code: (nullable): the body whose marks changed, or %NULL for all
 *
 * Shows the marks again and lets the filter look at the row(s) again.
 * Refreshing all keeps the selection quiet.
 */
void
bansou_body_sidebar_refresh (BansouBodySidebar *self,
                             const char        *code)
{
  guint n;

  g_return_if_fail (BANSOU_IS_BODY_SIDEBAR (self));

  if (code != NULL)
    {
      guint position = GPOINTER_TO_UINT (g_hash_table_lookup (self->body_position, code));

      if (position > 0)
        g_list_model_items_changed (G_LIST_MODEL (self->bodies), position - 1, 1, 1);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->bodies));
  self->updating = TRUE;
  g_list_model_items_changed (G_LIST_MODEL (self->bodies), 0, n, n);
  self->updating = FALSE;
}

/**
 * bansou_body_sidebar_set_current:
 * @code: (nullable): the body the page shows
 *
 * The current body stays listed whatever the search and the filter.
 */
void
bansou_body_sidebar_set_current (BansouBodySidebar *self,
                                 const char        *code)
{
  g_return_if_fail (BANSOU_IS_BODY_SIDEBAR (self));

  if (g_strcmp0 (code, self->current) == 0)
    return;
  g_free (self->current);
  self->current = g_strdup (code);
}

const char *
bansou_body_sidebar_get_current (BansouBodySidebar *self)
{
  g_return_val_if_fail (BANSOU_IS_BODY_SIDEBAR (self), NULL);
  return self->current;
}

/**
 * bansou_body_sidebar_select:
 * @code: (nullable): a body's code
 *
 * Selects @code if it is shown, else nothing.
 *
 * Returns: whether @code is selected
 */
gboolean
bansou_body_sidebar_select (BansouBodySidebar *self,
                            const char        *code)
{
  guint position;

  g_return_val_if_fail (BANSOU_IS_BODY_SIDEBAR (self), FALSE);

  position = find_shown (self, code);
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
  return position != GTK_INVALID_LIST_POSITION;
}

/**
 * bansou_body_sidebar_reveal:
 *
 * Selects @code and scrolls to it, clearing the search if it hides it.
 *
 * Returns: whether @code is selected
 */
gboolean
bansou_body_sidebar_reveal (BansouBodySidebar *self,
                            const char        *code)
{
  g_return_val_if_fail (BANSOU_IS_BODY_SIDEBAR (self), FALSE);

  if (!bansou_body_sidebar_select (self, code))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      search_changed_cb (self, self->search_entry);
      bansou_body_sidebar_select (self, code);
    }
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self->body_list), "list.scroll-to-item", "u",
                              gtk_single_selection_get_selected (self->selection));
  return TRUE;
}

/**
 * bansou_body_sidebar_activate_body:
 *
 * Selects @code and activates it, as Enter on its row does.
 *
 * Returns: %FALSE if @code is not shown
 */
gboolean
bansou_body_sidebar_activate_body (BansouBodySidebar *self,
                                   const char        *code)
{
  guint position;

  g_return_val_if_fail (BANSOU_IS_BODY_SIDEBAR (self), FALSE);

  if ((position = find_shown (self, code)) == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  body_list_activate_cb (self, position, self->body_list);
  return TRUE;
}

void
bansou_body_sidebar_focus_search (BansouBodySidebar *self)
{
  g_return_if_fail (BANSOU_IS_BODY_SIDEBAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

GtkWidget *
bansou_body_sidebar_get_top_child (BansouBodySidebar *self)
{
  g_return_val_if_fail (BANSOU_IS_BODY_SIDEBAR (self), NULL);
  return self->top_child;
}

void
bansou_body_sidebar_set_top_child (BansouBodySidebar *self,
                                   GtkWidget         *child)
{
  g_return_if_fail (BANSOU_IS_BODY_SIDEBAR (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->top_child == child)
    return;
  if (self->top_child != NULL)
    gtk_box_remove (self->top_box, self->top_child);
  self->top_child = child;
  if (child != NULL)
    gtk_box_prepend (self->top_box, child);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOP_CHILD]);
}

const char *
bansou_body_sidebar_get_filter_tooltip (BansouBodySidebar *self)
{
  g_return_val_if_fail (BANSOU_IS_BODY_SIDEBAR (self), NULL);
  return self->filter_tooltip;
}

void
bansou_body_sidebar_set_filter_tooltip (BansouBodySidebar *self,
                                        const char        *tooltip)
{
  g_return_if_fail (BANSOU_IS_BODY_SIDEBAR (self));

  if (g_strcmp0 (tooltip, self->filter_tooltip) == 0)
    return;
  g_free (self->filter_tooltip);
  self->filter_tooltip = g_strdup (tooltip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter_toggle), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_toggle), tooltip != NULL);
  if (tooltip == NULL && gtk_toggle_button_get_active (self->filter_toggle))
    gtk_toggle_button_set_active (self->filter_toggle, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_TOOLTIP]);
}

/**
 * bansou_body_sidebar_get_model:
 *
 * Returns: (transfer none): the bodies shown, as a #GtkSingleSelection
 */
GListModel *
bansou_body_sidebar_get_model (BansouBodySidebar *self)
{
  g_return_val_if_fail (BANSOU_IS_BODY_SIDEBAR (self), NULL);
  return G_LIST_MODEL (self->selection);
}

/**
 * bansou_body_sidebar_get_filter_toggle:
 *
 * Returns: (transfer none): the toggle that keeps bodies with a badge
 */
GtkToggleButton *
bansou_body_sidebar_get_filter_toggle (BansouBodySidebar *self)
{
  g_return_val_if_fail (BANSOU_IS_BODY_SIDEBAR (self), NULL);
  return self->filter_toggle;
}
