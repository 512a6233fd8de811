/* bansou-procurement-page.c — 共同調達: the ledger of joint procurements
 *
 * The ledger of projects above (sortable, searchable), the selected
 * project below: its phases, supply-chain checks, covered questions,
 * participants, cost and the share table to the yen (report 3(1)イ,
 * 3(2)エ). The core computes everything (src/core/procurement/); each
 * project's share table is computed once when it is read, and after an
 * edit only that project is read again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-procurement-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-procurement-page-private.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

G_DEFINE_FINAL_TYPE (BansouProcurementPage, bansou_procurement_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean _bansou_procurement_page_read (BansouProcurementPage *self);

/* ------------------------------------------------------------------------ */
/* The ledger's columns                                                     */

/* The ledger's cells, asked only for the rows in view */

static char *
title_text (BansouProcurementItem *item, BansouCellFlags *flags)
{
  return g_strdup (bansou_procurement_item_get_project (item)->title);
}

static char *
type_text (BansouProcurementItem *item, BansouCellFlags *flags)
{
  return g_strdup (bansou_procurement_type_get_label (bansou_procurement_item_get_project (item)->type));
}

static char *
lead_text (BansouProcurementItem *item, BansouCellFlags *flags)
{
  const BansouProject *p = bansou_procurement_item_get_project (item);

  return bansou_str_is_blank (p->lead_council)
    ? g_strdup (bansou_procurement_item_get_lead_name (item))
    : g_strdup_printf ("%s（%s）", bansou_procurement_item_get_lead_name (item), p->lead_council);
}

static char *
phase_text (BansouProcurementItem *item, BansouCellFlags *flags)
{
  const BansouProject *p = bansou_procurement_item_get_project (item);
  g_auto(GStrv) missing = bansou_procurements_missing_checks (p);
  gboolean overridden = p->phase >= BANSOU_PHASE_CONTRACT && missing[0] != NULL;

  if (!overridden)
    return g_strdup (bansou_phase_get_label (p->phase));
  *flags |= BANSOU_CELL_WARNING;
  /* Translators: a phase reached under an override of the supply-chain checks */
  return g_strdup_printf (_("%s (override)"), bansou_phase_get_label (p->phase));
}

static char *
period_text (BansouProcurementItem *item, BansouCellFlags *flags)
{
  return g_strdup (bansou_procurement_item_get_period (item));
}

static char *
participants_text (BansouProcurementItem *item, BansouCellFlags *flags)
{
  const BansouProject *p = bansou_procurement_item_get_project (item);
  guint n_prefectures = bansou_project_count_prefectures (p);
  g_autofree char *count = bansou_format_count (p->participants->len);

  return n_prefectures > 1
    /* Translators: participants and in how many prefectures, e.g. 257（7県） */
    ? g_strdup_printf (_("%s (%u pref.)"), count, n_prefectures) : g_steal_pointer (&count);
}

static char *
total_text (BansouProcurementItem *item, BansouCellFlags *flags)
{
  return bansou_procurements_format_yen (bansou_procurement_item_get_project (item)->cost.total);
}

static char *
savings_text (BansouProcurementItem *item, BansouCellFlags *flags)
{
  /* The one split this row needs, made the first time it is drawn */
  const BansouShareTable *t = bansou_procurement_item_get_shares (item);

  return t != NULL && t->standalone_total > 0
    ? bansou_procurements_format_savings (t->savings_total) : g_strdup ("—");
}

#define PROJECT(x) bansou_procurement_item_get_project (BANSOU_PROCUREMENT_ITEM ((gpointer) (x)))

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (PROJECT (a)->id, PROJECT (b)->id);
}

static int
compare_title (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  int c = g_utf8_collate (PROJECT (a)->title, PROJECT (b)->title);
  return c ? c : compare_ids (a, b);
}

static int
compare_int (gint64 x,
             gint64 y)
{
  return x < y ? -1 : x > y;
}

static int
compare_type (gconstpointer a, gconstpointer b, gpointer user_data)
{
  int c = compare_int (PROJECT (a)->type, PROJECT (b)->type);
  return c ? c : compare_title (a, b, NULL);
}

static int
compare_lead (gconstpointer a, gconstpointer b, gpointer user_data)
{
  int c = g_strcmp0 (PROJECT (a)->lead_prefecture, PROJECT (b)->lead_prefecture);
  return c ? c : compare_title (a, b, NULL);
}

static int
compare_phase (gconstpointer a, gconstpointer b, gpointer user_data)
{
  int c = compare_int (PROJECT (a)->phase, PROJECT (b)->phase);
  return c ? c : compare_title (a, b, NULL);
}

static int
compare_period (gconstpointer a, gconstpointer b, gpointer user_data)
{
  int c = g_strcmp0 (PROJECT (a)->contract_start, PROJECT (b)->contract_start);
  return c ? c : compare_title (a, b, NULL);
}

static int
compare_participants (gconstpointer a, gconstpointer b, gpointer user_data)
{
  int c = compare_int (PROJECT (a)->participants->len, PROJECT (b)->participants->len);
  return c ? c : compare_title (a, b, NULL);
}

static int
compare_total (gconstpointer a, gconstpointer b, gpointer user_data)
{
  int c = compare_int (PROJECT (a)->cost.total, PROJECT (b)->cost.total);
  return c ? c : compare_title (a, b, NULL);
}

static int
compare_savings (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const BansouShareTable *x = bansou_procurement_item_get_shares ((gpointer) a);
  const BansouShareTable *y = bansou_procurement_item_get_shares ((gpointer) b);
  /* Projects without an estimate sort below any savings, negative ones included */
  int c = compare_int (x && x->standalone_total > 0 ? x->savings_total : G_MININT64,
                       y && y->standalone_total > 0 ? y->savings_total : G_MININT64);
  return c ? c : compare_title (a, b, NULL);
}

typedef char *(*LedgerText) (BansouProcurementItem *item, BansouCellFlags *flags);

static const struct
{
  const char      *title;
  int              width;
  gboolean         numeric;
  LedgerText       text;
  GCompareDataFunc compare;
} ledger_columns[] = {
  { N_("Project"), 240, FALSE, title_text, compare_title },
  { N_("Type"), 170, FALSE, type_text, compare_type },
  { N_("Lead"), 170, FALSE, lead_text, compare_lead },
  { N_("Phase"), 150, FALSE, phase_text, compare_phase },
  { N_("Contract period"), 230, FALSE, period_text, compare_period },
  { N_("Participants"), 150, TRUE, participants_text, compare_participants },
  { N_("Total cost"), 140, TRUE, total_text, compare_total },
  { N_("Savings"), 140, TRUE, savings_text, compare_savings },
};

static char *
ledger_cell (gpointer         user_data,
             guint            row,
             guint            column,
             char           **detail,
             BansouCellFlags *flags)
{
  BansouProcurementPage *self = user_data;
  g_autoptr(BansouProcurementItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), row);

  if (item == NULL || column >= G_N_ELEMENTS (ledger_columns))
    return NULL;
  return ledger_columns[column].text (item, flags);
}

/* A click on a header sorts by it; a second click reverses */
static int
ledger_compare (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  BansouProcurementPage *self = user_data;
  int c = ledger_columns[self->sort_column].compare (a, b, NULL);

  return self->sort_descending ? -c : c;
}

static void
header_clicked_cb (BansouProcurementPage *self,
                   guint                  column)
{
  BansouProcurementItem *selected = _bansou_procurement_page_get_selected (self);
  g_autofree char *id = selected ? g_strdup (bansou_procurement_item_get_id (selected)) : NULL;

  if (column >= G_N_ELEMENTS (ledger_columns))
    return;
  if ((guint) self->sort_column == column)
    self->sort_descending = !self->sort_descending;
  else
    {
      self->sort_column = column;
      self->sort_descending = FALSE;
    }
  bansou_cell_grid_set_sort_column (self->ledger_view, self->sort_column, self->sort_descending);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  if (id != NULL)
    bansou_procurement_page_select (self, id);
}

/* The grid's cursor is the selection, both ways */
static void
ledger_cursor_changed_cb (BansouProcurementPage *self,
                          BansouCellGrid        *grid)
{
  guint row;

  if (bansou_cell_grid_get_cursor (grid, &row, NULL) &&
      row != gtk_single_selection_get_selected (self->selection))
    gtk_single_selection_set_selected (self->selection, row);
}

static void
ledger_items_changed_cb (BansouProcurementPage *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  bansou_cell_grid_set_n_rows (self->ledger_view, g_list_model_get_n_items (G_LIST_MODEL (self->selection)));
  if (selected != GTK_INVALID_LIST_POSITION)
    bansou_cell_grid_set_cursor (self->ledger_view, selected, 0);
  bansou_cell_grid_invalidate (self->ledger_view);
}


/* ------------------------------------------------------------------------ */

static void
update_count (BansouProcurementPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *text = n == all
    /* Translators: the number of projects in the ledger */
    ? g_strdup_printf (g_dngettext (NULL, "%u project", "%u projects", all), all)
    /* Translators: projects found by the search, of all */
    : g_strdup_printf (_("%u of %u projects"), n, all);

  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack, all == 0 ? "empty" : "ledger");
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  BansouProcurementPage *self = user_data;

  return self->search == NULL ||
         strstr (bansou_procurement_item_get_search_text (item), self->search) != NULL;
}

static void
search_changed_cb (BansouProcurementPage *self,
                   GtkSearchEntry        *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_clear_pointer (&self->search, g_free);
  if (!bansou_str_is_blank (text))
    self->search = g_utf8_casefold (g_strstrip (g_strdup (text)), -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static void
selection_changed_cb (BansouProcurementPage *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  if (selected != GTK_INVALID_LIST_POSITION)
    bansou_cell_grid_set_cursor (self->ledger_view, selected, 0);
  if (self->detail_deferred)
    return;
  _bansou_procurement_detail_show (self, _bansou_procurement_page_get_selected (self));
}

/* The detail of the first project waits for the ledger's first frame: its
 * forms and wrapped paragraphs cost more to lay out than the ledger, and
 * the person sees the ledger first. Anything that asks for the detail
 * before (a selection, a reload) builds it at once. */
static void
build_deferred_detail (BansouProcurementPage *self)
{
  if (!self->detail_deferred)
    return;
  self->detail_deferred = FALSE;
  g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  _bansou_procurement_detail_show (self, _bansou_procurement_page_get_selected (self));
}

static void
after_paint_cb (GdkFrameClock         *clock,
                BansouProcurementPage *self)
{
  build_deferred_detail (self);
}

static void
page_map_cb (BansouProcurementPage *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (!self->detail_deferred || self->frame_clock != NULL)
    return;
  if (clock == NULL)
    {
      build_deferred_detail (self);
      return;
    }
  self->frame_clock = g_object_ref (clock);
  self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
}

static void
item_changed_cb (BansouProcurementPage *self,
                 GParamSpec            *pspec,
                 BansouProcurementItem *item)
{
  bansou_cell_grid_invalidate (self->ledger_view);
  _bansou_procurement_matrix_invalidate (self);
  if (item == _bansou_procurement_page_get_selected (self))
    _bansou_procurement_detail_show (self, item);
}

/**
 * _bansou_procurement_page_prefecture_name:
 * @code: a body code, or a prefecture's two digits
 *
 * Returns: 宮城県 for 04 or 041009; the registry is asked once per page
 */
const char *
_bansou_procurement_page_prefecture_name (BansouProcurementPage *self,
                                          const char            *code)
{
  g_autofree char *digits = code ? bansou_code_prefecture_digits (code) : NULL;
  const char *name;

  if (digits == NULL && code != NULL && strlen (code) == 2)
    digits = g_strdup (code);
  if (digits == NULL)
    return "";
  if (self->prefecture_names == NULL)
    {
      g_autoptr(GListModel) prefectures = NULL;

      self->prefecture_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      prefectures = bansou_registry_list_prefectures (bansou_context_get_registry (self->context), NULL);
      for (guint i = 0, n = prefectures ? g_list_model_get_n_items (prefectures) : 0; i < n; i++)
        {
          g_autoptr(BansouBody) pref = g_list_model_get_item (prefectures, i);
          g_hash_table_insert (self->prefecture_names,
                               bansou_code_prefecture_digits (bansou_body_get_code (pref)),
                               g_strdup (bansou_body_get_name (pref)));
        }
    }
  if (!(name = g_hash_table_lookup (self->prefecture_names, digits)))
    {
      g_hash_table_insert (self->prefecture_names, g_strdup (digits), g_strdup (digits));
      name = g_hash_table_lookup (self->prefecture_names, digits);
    }
  return name;
}

static BansouProcurementItem *
item_new (BansouProcurementPage *self,
          BansouProject         *project)
{
  BansouProcurementItem *item;

  item = bansou_procurement_item_new (project, _bansou_procurement_page_prefecture_name (self, project->lead_prefecture));
  g_signal_connect_object (item, "notify::project", G_CALLBACK (item_changed_cb), self, G_CONNECT_SWAPPED);
  return item;
}

/**
 * _bansou_procurement_page_load:
 *
 * Reads the whole ledger (on construction, and when another program or
 * a sync changed it).
 */
gboolean
_bansou_procurement_page_load (BansouProcurementPage *self)
{
  gboolean ok;

  ok = _bansou_procurement_page_read (self);
  build_deferred_detail (self);
  return ok;
}

static gboolean
_bansou_procurement_page_read (BansouProcurementPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (!(projects = bansou_procurements_list (self->ledger, &error)))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return FALSE;
    }
  for (guint i = 0; i < projects->len; i++)
    g_ptr_array_add (items, item_new (self, g_ptr_array_steal_index (projects, i--)));

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  update_count (self);
  return TRUE;
}

/**
 * _bansou_procurement_page_reload_one:
 *
 * After an edit of @id: reads that one project again and updates its
 * item (the ledger row and the detail follow its notify).
 */
void
_bansou_procurement_page_reload_one (BansouProcurementPage *self,
                                     const char            *id)
{
  build_deferred_detail (self);
  {
  g_autoptr(GError) error = NULL;
  BansouProject *project;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  if (!(project = bansou_procurements_lookup (self->ledger, id, &error)))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BansouProcurementItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (g_str_equal (bansou_procurement_item_get_id (item), project->id))
        {
          bansou_procurement_item_set_project (item, project);
          return;
        }
    }
  {
    g_autoptr(BansouProcurementItem) item = item_new (self, project);
    g_list_store_append (self->items, item);
  }
  update_count (self);
  }
}

BansouProcurementItem *
_bansou_procurement_page_get_selected (BansouProcurementPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

BansouProcurements *
_bansou_procurement_page_get_ledger (BansouProcurementPage *self)
{
  return self->ledger;
}

guint
_bansou_procurement_page_get_n_shown (BansouProcurementPage *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

/**
 * bansou_procurement_page_select:
 * @id: a project's id
 *
 * Returns: whether the project is shown (the search is cleared if it hid it)
 */
gboolean
bansou_procurement_page_select (BansouProcurementPage *self,
                                const char            *id)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  g_return_val_if_fail (BANSOU_IS_PROCUREMENT_PAGE (self), FALSE);

  build_deferred_detail (self);
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
        {
          g_autoptr(BansouProcurementItem) item = g_list_model_get_item (model, i);

          if (g_str_equal (bansou_procurement_item_get_id (item), id))
            {
              gtk_single_selection_set_selected (self->selection, i);
              bansou_cell_grid_set_cursor (self->ledger_view, i, 0);
              return TRUE;
            }
        }
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      search_changed_cb (self, self->search_entry);
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* A new project                                                            */

typedef struct
{
  BansouProcurementPage *self;
  GtkEntry              *title;
  GtkDropDown           *type;
  GtkDropDown           *lead;
  GtkEntry              *council;
  GPtrArray             *prefectures;  /* char *: two digits, as in the dropdown */
} NewProject;

static void
new_project_free (gpointer data)
{
  NewProject *np = data;

  g_ptr_array_unref (np->prefectures);
  g_free (np);
}

static void
new_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 NewProject       *np)
{
  BansouProcurementPage *self = np->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  guint lead = gtk_drop_down_get_selected (np->lead);

  if (!g_str_equal (response, "create"))
    return;

  id = bansou_procurements_add (self->ledger, gtk_editable_get_text (GTK_EDITABLE (np->title)),
                                gtk_drop_down_get_selected (np->type),
                                lead < np->prefectures->len ? g_ptr_array_index (np->prefectures, lead) : NULL,
                                gtk_editable_get_text (GTK_EDITABLE (np->council)), &error);
  if (id == NULL)
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  _bansou_procurement_page_reload_one (self, id);
  bansou_procurement_page_select (self, id);
}

static void
title_changed_cb (GtkEditable      *title,
                  AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "create",
                                           !bansou_str_is_blank (gtk_editable_get_text (title)));
}

static GtkWidget *
form_label (const char *mnemonic,
            GtkWidget  *target)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), target);
  return label;
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BansouProcurementPage *self = BANSOU_PROCUREMENT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) leads = gtk_string_list_new (NULL);
  g_autoptr(GListModel) prefectures = NULL;
  g_autoptr(GError) error = NULL;
  const char *scope = bansou_context_get_scope (self->context);
  NewProject *np = g_new0 (NewProject, 1);
  GtkWidget *dialog, *grid;
  guint select = 0;

  if (!(prefectures = bansou_registry_list_prefectures (bansou_context_get_registry (self->context), &error)))
    {
      g_free (np);
      bansou_show_error (widget, error);
      return;
    }

  np->self = self;
  np->prefectures = g_ptr_array_new_with_free_func (g_free);
  for (guint t = 0; t < BANSOU_PROCUREMENT_N_TYPES; t++)
    gtk_string_list_append (types, bansou_procurement_type_get_label (t));
  for (guint i = 0, n = g_list_model_get_n_items (prefectures); i < n; i++)
    {
      g_autoptr(BansouBody) pref = g_list_model_get_item (prefectures, i);
      g_autofree char *digits = bansou_code_prefecture_digits (bansou_body_get_code (pref));

      if (g_strcmp0 (digits, scope) == 0)
        select = i;
      gtk_string_list_append (leads, bansou_body_get_name (pref));
      g_ptr_array_add (np->prefectures, g_steal_pointer (&digits));
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("New Joint Procurement"),
                                   _("The lead prefecture writes the project; bodies of any prefecture can take part."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "create", FALSE);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  np->title = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_activates_default (np->title, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (np->title), TRUE);
  np->type = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (types)), NULL));
  np->lead = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (leads)), NULL));
  gtk_drop_down_set_enable_search (np->lead, TRUE);
  gtk_drop_down_set_selected (np->lead, select);
  np->council = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_activates_default (np->council, TRUE);
  gtk_entry_set_placeholder_text (np->council, _("Optional, e.g. 東北・新潟セキュリティクラウド協議会"));

  gtk_grid_attach (GTK_GRID (grid), form_label (_("_Title"), GTK_WIDGET (np->title)), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (np->title), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), form_label (_("T_ype"), GTK_WIDGET (np->type)), 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (np->type), 1, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), form_label (_("_Lead prefecture"), GTK_WIDGET (np->lead)), 0, 2, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (np->lead), 1, 2, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), form_label (_("C_ouncil"), GTK_WIDGET (np->council)), 0, 3, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (np->council), 1, 3, 1, 1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);

  g_signal_connect (np->title, "changed", G_CALLBACK (title_changed_cb), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (new_response_cb), np,
                         (GClosureNotify) (void (*) (void)) new_project_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (np->title));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BansouProcurementPage *self = BANSOU_PROCUREMENT_PAGE (widget);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "ledger"))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ------------------------------------------------------------------------ */

static void
bansou_procurement_page_constructed (GObject *object)
{
  BansouProcurementPage *self = (BansouProcurementPage *) object;
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (BansouGridColumn));

  G_OBJECT_CLASS (bansou_procurement_page_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  self->ledger = bansou_procurements_new (bansou_context_get_registry (self->context),
                                          bansou_context_get_catalog (self->context));

  for (guint i = 0; i < G_N_ELEMENTS (ledger_columns); i++)
    {
      BansouGridColumn c = { _(ledger_columns[i].title), ledger_columns[i].width,
                             ledger_columns[i].numeric, i == 0 };
      g_array_append_val (columns, c);
    }
  bansou_cell_grid_set_columns (self->ledger_view, (BansouGridColumn *) columns->data, columns->len, 0);
  bansou_cell_grid_set_row_mode (self->ledger_view, TRUE);
  bansou_cell_grid_set_func (self->ledger_view, ledger_cell, self, NULL);
  bansou_cell_grid_set_sort_column (self->ledger_view, self->sort_column, FALSE);
  g_signal_connect_object (self->ledger_view, "header-clicked", G_CALLBACK (header_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ledger_view, "cursor-changed", G_CALLBACK (ledger_cursor_changed_cb), self, G_CONNECT_SWAPPED);
  self->items = g_list_store_new (BANSOU_TYPE_PROCUREMENT_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  self->sorter = gtk_custom_sorter_new (ledger_compare, self, NULL);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)),
                                          GTK_SORTER (g_object_ref (self->sorter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (ledger_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);

  _bansou_procurement_matrix_init (self);
  self->detail_deferred = TRUE;
  g_signal_connect (self, "map", G_CALLBACK (page_map_cb), NULL);
  _bansou_procurement_page_read (self);
}

static void
bansou_procurement_page_dispose (GObject *object)
{
  BansouProcurementPage *self = (BansouProcurementPage *) object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->add_window, gtk_window_destroy);
  _bansou_procurement_matrix_dispose (self);
  g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  /* AdwBin unparents its child itself: no gtk_widget_dispose_template() here */
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->sorter);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->items);
  g_clear_object (&self->ledger);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_procurement_page_parent_class)->dispose (object);
}

static void
bansou_procurement_page_finalize (GObject *object)
{
  BansouProcurementPage *self = (BansouProcurementPage *) object;

  g_free (self->search);
  g_clear_pointer (&self->prefecture_names, g_hash_table_unref);

  G_OBJECT_CLASS (bansou_procurement_page_parent_class)->finalize (object);
}

static void
bansou_procurement_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  BansouProcurementPage *self = BANSOU_PROCUREMENT_PAGE (object);

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
bansou_procurement_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  BansouProcurementPage *self = BANSOU_PROCUREMENT_PAGE (object);

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
bansou_procurement_page_class_init (BansouProcurementPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bansou_procurement_page_constructed;
  object_class->dispose = bansou_procurement_page_dispose;
  object_class->finalize = bansou_procurement_page_finalize;
  object_class->get_property = bansou_procurement_page_get_property;
  object_class->set_property = bansou_procurement_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BANSOU_TYPE_CELL_GRID);
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-procurement-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouProcurementPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BansouProcurementPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BansouProcurementPage, paned);
  gtk_widget_class_bind_template_child (widget_class, BansouProcurementPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BansouProcurementPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, BansouProcurementPage, ledger_view);
  gtk_widget_class_bind_template_child (widget_class, BansouProcurementPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouProcurementPage, matrix);
  gtk_widget_class_bind_template_child (widget_class, BansouProcurementPage, matrix_prefecture);
  gtk_widget_class_bind_template_child (widget_class, BansouProcurementPage, matrix_status);
  gtk_widget_class_bind_template_child (widget_class, BansouProcurementPage, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, BansouProcurementPage, detail_box);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "procurement.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  _bansou_procurement_page_class_init_shares (widget_class);
}

static void
bansou_procurement_page_init (BansouProcurementPage *self)
{
  self->sort_column = 0;  /* by title, as the ledger is read */
  gtk_widget_init_template (GTK_WIDGET (self));
}
