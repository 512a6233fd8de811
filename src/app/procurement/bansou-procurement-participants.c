/* bansou-procurement-participants.c — who takes part in a joint procurement
 *
 * Bodies of any prefecture (a shared project spans several: 東北 6 県 and
 * 新潟県), each with its join and leave dates and units. The list is a
 * column view (a nationwide project has 1,741 rows); bodies are added
 * from the body sidebar over the national registry, and leave with a
 * confirmation that asks for their last day (the share is pro-rated to
 * it; the ledger keeps who took part, so leaving is the removal).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-procurement-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-body-sidebar.h"
#include "bansou-procurement-page-private.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

/* ------------------------------------------------------------------------ */
/* A row of a table: an index into the project's participants or the share
 * table's rows (the one past the last: the total row).                      */

struct _BansouRowRef
{
  GObject parent_instance;
  guint   index;
};

G_DEFINE_FINAL_TYPE (BansouRowRef, bansou_row_ref, G_TYPE_OBJECT)

static void bansou_row_ref_class_init (BansouRowRefClass *klass) { }
static void bansou_row_ref_init (BansouRowRef *self) { }

GListModel *
_bansou_row_refs_new (guint n)
{
  GListStore *store = g_list_store_new (BANSOU_TYPE_ROW_REF);
  g_autoptr(GPtrArray) refs = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      BansouRowRef *ref = g_object_new (BANSOU_TYPE_ROW_REF, NULL);
      ref->index = i;
      g_ptr_array_add (refs, ref);
    }
  g_list_store_splice (store, 0, 0, refs->pdata, refs->len);
  return G_LIST_MODEL (store);
}

guint
_bansou_row_ref_get_index (gpointer ref)
{
  return BANSOU_ROW_REF (ref)->index;
}

/**
 * _bansou_procurement_add_column:
 * @text: fills the cell of row @index; returns a new string
 *
 * A column of labels, made once per cell and filled on bind.
 */
static void
column_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  numeric)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  /* Figures are never cut; names may be */
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
column_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  page)
{
  BansouCellFunc func = g_object_get_data (G_OBJECT (factory), "func");
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *label = gtk_list_item_get_child (list_item);
  guint index = _bansou_row_ref_get_index (gtk_list_item_get_item (list_item));
  gboolean bold = FALSE;
  g_autofree char *text = func (page, index, column, &bold);

  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  if (bold)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
}

void
_bansou_procurement_add_column (GtkColumnView  *view,
                                gpointer        page,
                                const char     *title,
                                guint           column,
                                gboolean        numeric,
                                gboolean        expand,
                                BansouCellFunc  func)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;

  g_object_set_data (G_OBJECT (factory), "func", func);
  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (column_setup_cb), GINT_TO_POINTER (numeric));
  g_signal_connect (factory, "bind", G_CALLBACK (column_bind_cb), page);
  col = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (view, col);
}

/* ------------------------------------------------------------------------ */
/* The participants' list                                                   */

/* Longer lists are folded until asked for */
#define PARTICIPANTS_SHOWN 40

enum { P_CODE, P_PREFECTURE, P_NAME, P_JOINED, P_LEFT, P_POPULATION, P_TERMINALS, P_USERS, P_STANDALONE };

static const BansouParticipant *
participant_at (BansouProcurementPage *self,
                guint                  index)
{
  BansouProcurementItem *item = _bansou_procurement_page_get_selected (self);
  const BansouProject *p = item ? bansou_procurement_item_get_project (item) : NULL;

  return p && index < p->participants->len ? g_ptr_array_index (p->participants, index) : NULL;
}

static char *
count_or_dash (gint64 n)
{
  return n < 0 ? g_strdup ("—") : bansou_format_count (n);
}

static char *
participant_cell (gpointer  page,
                  guint     index,
                  guint     column,
                  gboolean *bold)
{
  BansouProcurementPage *self = page;
  const BansouParticipant *pa = participant_at (self, index);
  const BansouProject *p = bansou_procurement_item_get_project (_bansou_procurement_page_get_selected (self));
  if (pa == NULL)
    return NULL;
  switch (column)
    {
    case P_CODE:
      return g_strdup (pa->body);
    case P_PREFECTURE:
      return g_strdup (_bansou_procurement_page_prefecture_name (self, pa->body));
    case P_NAME:
      return g_strdup (pa->name);
    case P_JOINED:
      return bansou_ui_format_date (pa->joined_on ? pa->joined_on : p->contract_start);
    case P_LEFT:
      return bansou_ui_format_date (pa->left_on ? pa->left_on : p->contract_end);
    case P_POPULATION:
      return count_or_dash (pa->population);
    case P_TERMINALS:
      return count_or_dash (pa->terminals);
    case P_USERS:
      return count_or_dash (pa->users);
    case P_STANDALONE:
      return bansou_procurements_format_yen (pa->standalone);
    default:
      return NULL;
    }
}

static gboolean
delete_pressed_cb (GtkWidget *view,
                   GVariant  *args,
                   gpointer   page)
{
  GtkSelectionModel *model = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
  guint index = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model));
  const BansouParticipant *pa = participant_at (page, index);

  if (pa != NULL)
    _bansou_procurement_page_confirm_leave (page, pa->body);
  return TRUE;
}

static void
leave_clicked_cb (GtkButton             *button,
                  BansouProcurementPage *self)
{
  GtkColumnView *view = g_object_get_data (G_OBJECT (button), "view");

  delete_pressed_cb (GTK_WIDGET (view), NULL, self);
}

GtkWidget *
_bansou_procurement_participants_new (BansouProcurementPage *self,
                                      BansouProcurementItem *item)
{
  const BansouProject *p = bansou_procurement_item_get_project (item);
  guint n_prefectures = bansou_project_count_prefectures (p);
  g_autofree char *count = bansou_format_count (p->participants->len);
  g_autofree char *description = n_prefectures > 1
    /* Translators: e.g. 257 bodies of 7 prefectures */
    ? g_strdup_printf (_("%s bodies of %u prefectures"), count, n_prefectures)
    : g_strdup_printf (_("%s bodies"), count);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Participant…"));
  GtkWidget *leave = gtk_button_new_with_mnemonic (_("_Leave…"));
  GtkWidget *scroller, *view;
  GtkShortcutController *keys;
  g_autoptr(GtkSingleSelection) selection = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Participants"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "procurement.add-participant");
  gtk_widget_set_tooltip_text (leave, _("The selected body leaves the project (Delete)"));
  gtk_widget_set_sensitive (leave, p->participants->len > 0);
  gtk_box_append (GTK_BOX (buttons), leave);
  gtk_box_append (GTK_BOX (buttons), add);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), buttons);

  if (p->participants->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No body takes part yet. Add the lead prefecture’s bodies and those of the other prefectures."));
      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_widget_add_css_class (none, "dim-label");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), none);
      return group;
    }

  selection = gtk_single_selection_new (_bansou_row_refs_new (p->participants->len));
  view = gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (selection)));
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (view), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Participants"), -1);
  _bansou_procurement_add_column (GTK_COLUMN_VIEW (view), self, _("Code"), P_CODE, FALSE, FALSE, participant_cell);
  _bansou_procurement_add_column (GTK_COLUMN_VIEW (view), self, _("Prefecture"), P_PREFECTURE, FALSE, FALSE, participant_cell);
  _bansou_procurement_add_column (GTK_COLUMN_VIEW (view), self, _("Body"), P_NAME, FALSE, TRUE, participant_cell);
  _bansou_procurement_add_column (GTK_COLUMN_VIEW (view), self, _("Joined"), P_JOINED, FALSE, FALSE, participant_cell);
  _bansou_procurement_add_column (GTK_COLUMN_VIEW (view), self, _("Left"), P_LEFT, FALSE, FALSE, participant_cell);
  _bansou_procurement_add_column (GTK_COLUMN_VIEW (view), self, _("Population"), P_POPULATION, TRUE, FALSE, participant_cell);
  _bansou_procurement_add_column (GTK_COLUMN_VIEW (view), self, _("Terminals"), P_TERMINALS, TRUE, FALSE, participant_cell);
  _bansou_procurement_add_column (GTK_COLUMN_VIEW (view), self, _("Users"), P_USERS, TRUE, FALSE, participant_cell);
  _bansou_procurement_add_column (GTK_COLUMN_VIEW (view), self, _("Stand-alone estimate"), P_STANDALONE, TRUE, FALSE, participant_cell);

  keys = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (keys,
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                      gtk_callback_action_new (delete_pressed_cb, self, NULL)));
  gtk_widget_add_controller (view, GTK_EVENT_CONTROLLER (keys));
  g_object_set_data (G_OBJECT (leave), "view", view);
  g_signal_connect_object (leave, "clicked", G_CALLBACK (leave_clicked_cb), self, 0);

  scroller = gtk_scrolled_window_new ();
  /* A fixed height from the row count: asking a list of 1,741 rows for
   * its natural height measures every row */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller),
                                              MIN ((int) p->participants->len * 37 + 42, 280));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_add_css_class (scroller, "card");
  if (p->participants->len <= PARTICIPANTS_SHOWN)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), scroller);
  else
    {
      /* A long list opens on demand: its rows are made only then, and the
       * share table above already names every participant */
      GtkWidget *expander = gtk_expander_new_with_mnemonic (_("_Show the list of participants"));

      gtk_expander_set_child (GTK_EXPANDER (expander), scroller);
      gtk_widget_set_margin_top (scroller, 6);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
    }
  return group;
}

/* ------------------------------------------------------------------------ */
/* Leaving                                                                  */

typedef struct
{
  BansouProcurementPage *self;
  char                  *id;
  char                  *body;
  GtkEditable           *date;
} Leave;

static void
leave_free (gpointer data)
{
  Leave *l = data;

  g_free (l->id);
  g_free (l->body);
  g_free (l);
}

static void
leave_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   Leave            *l)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "leave"))
    return;
  if (!bansou_procurements_leave (l->self->ledger, l->id, l->body, gtk_editable_get_text (l->date), &error))
    {
      bansou_show_error (GTK_WIDGET (l->self), error);
      return;
    }
  _bansou_procurement_page_reload_one (l->self, l->id);
}

/**
 * _bansou_procurement_page_confirm_leave:
 *
 * Asks for the last day of @body in the selected project, then records it.
 */
void
_bansou_procurement_page_confirm_leave (BansouProcurementPage *self,
                                        const char            *body)
{
  BansouProcurementItem *item = _bansou_procurement_page_get_selected (self);
  const BansouProject *p;
  const BansouParticipant *pa = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GDate) today = bansou_date_today ();
  g_autofree char *today_iso = bansou_date_to_iso (today);
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *entry;
  Leave *l;

  if (item == NULL)
    return;
  p = bansou_procurement_item_get_project (item);
  for (guint i = 0; i < p->participants->len && pa == NULL; i++)
    if (g_str_equal (((BansouParticipant *) g_ptr_array_index (p->participants, i))->body, body))
      pa = g_ptr_array_index (p->participants, i);
  if (pa == NULL)
    return;

  /* Translators: %s is a body's name */
  heading = g_strdup_printf (_("%s Leaves the Project?"), pa->name);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Enter its last day. Its share is pro-rated to that day and the "
                                     "others pay the rest; the ledger keeps that it took part."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "leave", _("_Leave"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "leave", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), pa->left_on ? pa->left_on : today_iso);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Last day (YYYY-MM-DD)"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  l = g_new0 (Leave, 1);
  l->self = self;
  l->id = g_strdup (p->id);
  l->body = g_strdup (body);
  l->date = GTK_EDITABLE (entry);
  g_signal_connect_data (dialog, "response", G_CALLBACK (leave_response_cb), l,
                         (GClosureNotify) (void (*) (void)) leave_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* Adding: the body sidebar over the national registry                      */

typedef struct
{
  BansouProcurementPage *self;
  char                  *id;
  BansouBodySidebar     *sidebar;
  GtkEditable           *joined;
  GtkEditable           *terminals;
  GtkEditable           *users;
  GtkEditable           *standalone;
} AddParticipant;

static void
add_free (gpointer data)
{
  AddParticipant *a = data;

  g_free (a->id);
  g_free (a);
}

static gboolean
parse_unit (GtkEditable *editable,
            const char  *what,
            gint64      *out,
            GError     **error)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (editable));
  g_autoptr(GString) digits = g_string_new (NULL);
  char *end = NULL;

  for (const char *c = g_strstrip (text); *c; c++)
    if (*c != ',')
      g_string_append_c (digits, *c);
  if (digits->len == 0)
    {
      *out = -1;  /* keeps what is stored */
      return TRUE;
    }
  *out = g_ascii_strtoll (digits->str, &end, 10);
  if (*end != '\0' || *out < 0)
    {
      /* Translators: %s names the figure, e.g. 端末数 */
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("%s must be a whole number of 0 or more"), what);
      return FALSE;
    }
  return TRUE;
}

static void
add_confirm (AddParticipant *a)
{
  BansouProcurementPage *self = a->self;
  const char *code = bansou_body_sidebar_get_current (a->sidebar);
  const char *joined = gtk_editable_get_text (a->joined);
  g_autoptr(GError) error = NULL;
  gint64 terminals, users, standalone;

  if (code == NULL)
    {
      bansou_show_message (GTK_WIDGET (self), _("Choose a body in the list first."));
      return;
    }
  if (!parse_unit (a->terminals, _("The number of terminals"), &terminals, &error) ||
      !parse_unit (a->users, _("The number of users"), &users, &error) ||
      !parse_unit (a->standalone, _("The stand-alone estimate"), &standalone, &error) ||
      !bansou_procurements_join (self->ledger, a->id, code, bansou_str_is_blank (joined) ? NULL : joined,
                                 terminals, users, standalone, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  _bansou_procurement_page_reload_one (self, a->id);
  gtk_window_destroy (self->add_window);
}

static void
add_clicked_cb (GtkButton      *button,
                AddParticipant *a)
{
  add_confirm (a);
}

static void
body_activated_cb (BansouBodySidebar *sidebar,
                   const char        *code,
                   AddParticipant    *a)
{
  add_confirm (a);
}

static void
add_window_destroy_cb (GtkWindow             *window,
                       BansouProcurementPage *self)
{
  if (self->add_window == window)
    self->add_window = NULL;
}

static GtkEditable *
form_row (GtkWidget  *group,
          const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return GTK_EDITABLE (row);
}

void
_bansou_procurement_page_add_participant (BansouProcurementPage *self)
{
  BansouProcurementItem *item = _bansou_procurement_page_get_selected (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window, *box, *headerbar, *cancel, *add, *form, *sidebar;
  AddParticipant *a;

  if (item == NULL)
    return;
  if (self->add_window != NULL)
    {
      gtk_window_present (self->add_window);
      return;
    }
  /* Every body of the nation: a project is shared across prefectures */
  if (!(bodies = bansou_registry_list (bansou_context_get_registry (self->context), NULL,
                                       BANSOU_LIST_DEFAULT, &error)))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }

  a = g_new0 (AddParticipant, 1);
  a->self = self;
  a->id = g_strdup (bansou_procurement_item_get_id (item));

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Add Participant"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 720);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  headerbar = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (headerbar), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  add = gtk_button_new_with_mnemonic (_("_Add"));
  gtk_widget_add_css_class (add, "suggested-action");
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (headerbar), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (headerbar), add);
  gtk_box_append (GTK_BOX (box), headerbar);

  sidebar = bansou_body_sidebar_new ();
  gtk_widget_set_vexpand (sidebar, TRUE);
  a->sidebar = BANSOU_BODY_SIDEBAR (sidebar);
  bansou_body_sidebar_set_bodies (a->sidebar, bodies);
  gtk_box_append (GTK_BOX (box), sidebar);

  form = adw_preferences_group_new ();
  gtk_widget_set_margin_start (form, 12);
  gtk_widget_set_margin_end (form, 12);
  gtk_widget_set_margin_top (form, 12);
  gtk_widget_set_margin_bottom (form, 12);
  a->joined = form_row (form, _("_Joins on (YYYY-MM-DD; empty: from the contract start)"));
  a->terminals = form_row (form, _("_Terminals"));
  a->users = form_row (form, _("_Users"));
  a->standalone = form_row (form, _("_Stand-alone estimate (yen)"));
  gtk_box_append (GTK_BOX (box), form);

  adw_window_set_content (ADW_WINDOW (window), box);
  g_signal_connect_data (add, "clicked", G_CALLBACK (add_clicked_cb), a,
                         (GClosureNotify) (void (*) (void)) add_free, 0);
  g_signal_connect (sidebar, "body-activated", G_CALLBACK (body_activated_cb), a);
  g_signal_connect_object (window, "destroy", G_CALLBACK (add_window_destroy_cb), self, 0);

  self->add_window = GTK_WINDOW (window);
  gtk_window_present (GTK_WINDOW (window));
  bansou_body_sidebar_focus_search (a->sidebar);
}
