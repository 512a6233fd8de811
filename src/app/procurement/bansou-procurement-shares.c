/* bansou-procurement-shares.c — the share table of a joint procurement
 *
 * Each participant's share to the yen with its days of participation,
 * the part of each method, its stand-alone estimate and savings, a total
 * row equal to the amount to share, and the rounding rule printed under
 * it (docs/procurement.md). The same table goes to .xlsx and CSV through
 * the core. A split that cannot be made says why, naming the bodies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-procurement-page"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bansou-procurement-page-private.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

enum { S_CODE, S_NAME, S_DAYS, S_BASIS0, S_SHARE = S_BASIS0 + BANSOU_COST_N_BASES, S_STANDALONE, S_SAVINGS };

static const BansouShareTable *
current_table (BansouProcurementPage *self)
{
  BansouProcurementItem *item = _bansou_procurement_page_get_selected (self);
  return item ? bansou_procurement_item_get_shares (item) : NULL;
}

static char *
share_cell (gpointer  page,
            guint     index,
            guint     column,
            gboolean *bold)
{
  const BansouShareTable *t = current_table (page);
  const BansouShareRow *row;

  if (t == NULL)
    return NULL;
  if (index >= t->rows->len)
    {
      /* The total row */
      gint64 sum = 0;

      *bold = TRUE;
      switch (column)
        {
        case S_NAME:
          return g_strdup (_("Total"));
        case S_SHARE:
          for (guint i = 0; i < t->rows->len; i++)
            sum += g_array_index (t->rows, BansouShareRow, i).share;
          return bansou_procurements_format_yen (sum);
        case S_STANDALONE:
          return t->standalone_total > 0 ? bansou_procurements_format_yen (t->standalone_total) : g_strdup ("—");
        case S_SAVINGS:
          return t->standalone_total > 0 ? bansou_procurements_format_savings (t->savings_total) : g_strdup ("—");
        default:
          if (column >= S_BASIS0 && column < S_SHARE)
            return bansou_procurements_format_yen (t->split->basis_amount[column - S_BASIS0]);
          return NULL;
        }
    }

  row = &g_array_index (t->rows, BansouShareRow, index);
  switch (column)
    {
    case S_CODE:
      return g_strdup (row->participant->body);
    case S_NAME:
      return g_strdup (row->participant->name);
    case S_DAYS:
      return bansou_share_table_format_days (t, row);
    case S_SHARE:
      return bansou_procurements_format_yen (row->share);
    case S_STANDALONE:
      return bansou_procurements_format_yen (row->standalone);
    case S_SAVINGS:
      return row->standalone >= 0 ? bansou_procurements_format_savings (row->savings) : g_strdup ("—");
    default:
      if (column >= S_BASIS0 && column < S_SHARE)
        return bansou_procurements_format_yen (row->basis_shares[column - S_BASIS0]);
      return NULL;
    }
}

static char *
share_grid_cell (gpointer         page,
                 guint            row,
                 guint            column,
                 char           **detail,
                 BansouCellFlags *flags)
{
  BansouProcurementPage *self = page;
  const guint *ids = self->share_view ? g_object_get_data (G_OBJECT (self->share_view), "bansou-share-columns") : NULL;
  gboolean bold = FALSE;
  char *text;

  if (ids == NULL || column >= bansou_cell_grid_get_n_columns (BANSOU_CELL_GRID (self->share_view)))
    return NULL;
  text = share_cell (page, row, ids[column], &bold);
  if (bold)
    *flags |= BANSOU_CELL_BOLD;
  return text;
}

/* 総額 300,000,000円 − 補助金 150,000,000円（1/2）= 按分額 150,000,000円 */
static char *
facts_markup (const BansouShareTable *t)
{
  const BansouProject *p = t->project;
  g_autofree char *total = bansou_procurements_format_yen (t->split->total);
  g_autofree char *subsidy = bansou_procurements_format_yen (t->split->subsidy);
  g_autofree char *amount = bansou_procurements_format_yen (t->split->amount);
  g_autofree char *method = bansou_cost_format_method (p->cost.weights);
  g_autofree char *rate = p->cost.subsidy_num > 0
    ? g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, p->cost.subsidy_num, p->cost.subsidy_den)
    : g_strdup (_("none"));
  g_autofree char *cap = p->cost.subsidy_cap >= 0 ? bansou_procurements_format_yen (p->cost.subsidy_cap) : NULL;
  g_autofree char *rate_text = cap ? g_strdup_printf (_("%s, at most %s"), rate, cap) : g_strdup (rate);

  /* Translators: total − subsidy (rate) = amount to share, then the method; keep the markup */
  return g_markup_printf_escaped (_("Total <b>%s</b> − subsidy <b>%s</b> (%s) = to share <b>%s</b>, by %s"),
                                  total, subsidy, rate_text, amount, method);
}

/**
 * _bansou_procurement_share_total_text:
 *
 * Returns: (transfer full) (nullable): the total row's share as shown
 */
char *
_bansou_procurement_share_total_text (BansouProcurementPage *self)
{
  const BansouShareTable *t = current_table (self);
  gboolean bold = FALSE;

  return t ? share_cell (self, t->rows->len, S_SHARE, &bold) : NULL;
}

GtkWidget *
_bansou_procurement_shares_new (BansouProcurementPage *self,
                                BansouProcurementItem *item)
{
  const BansouShareTable *t = bansou_procurement_item_get_shares (item);
  const GError *split_error = bansou_procurement_item_get_split_error (item);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *xlsx = gtk_button_new_with_mnemonic (_("E_xport Spreadsheet…"));
  GtkWidget *csv = gtk_button_new_with_mnemonic (_("Export C_SV…"));
  GtkWidget *scroller, *view, *rule, *facts;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Share table"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (xlsx), "procurement.export-xlsx");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (csv), "procurement.export-csv");
  gtk_widget_set_tooltip_text (xlsx, _("Save the share table as an Excel workbook (amounts as numbers)"));
  gtk_widget_set_tooltip_text (csv, _("Save the share table as CSV (UTF-8, as Excel opens it)"));
  gtk_box_append (GTK_BOX (buttons), csv);
  gtk_box_append (GTK_BOX (buttons), xlsx);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), buttons);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "procurement.export-xlsx",
                                 t != NULL && bansou_share_table_can_write_xlsx ());
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "procurement.export-csv", t != NULL);

  if (t == NULL)
    {
      g_autofree char *message = split_error ? bansou_ui_error_message (split_error) : g_strdup ("");
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      GtkWidget *label = gtk_label_new (NULL);
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>\n%s", _("The cost cannot be split yet"), message);

      gtk_widget_add_css_class (row, "card");
      gtk_widget_add_css_class (row, "share-error");
      gtk_widget_add_css_class (icon, "error");
      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (box), row);
      self->share_error = label;
      return group;
    }

  facts = gtk_label_new (NULL);
  {
    g_autofree char *markup = facts_markup (t);
    gtk_label_set_markup (GTK_LABEL (facts), markup);
  }
  gtk_label_set_wrap (GTK_LABEL (facts), TRUE);
  gtk_label_set_xalign (GTK_LABEL (facts), 0);
  gtk_widget_add_css_class (facts, "numeric");
  gtk_box_append (GTK_BOX (box), facts);

  /* The participants and one more row, the total, drawn by one widget:
   * a list view would make 200 rows of labels for a nationwide project */
  view = bansou_cell_grid_new ();
  gtk_widget_add_css_class (view, "share-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Share table"), -1);
  {
    g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (BansouGridColumn));
    guint *ids = g_new0 (guint, S_SAVINGS + 1);
    guint n = 0;

#define ADD(title, id, width, numeric, expand) \
    G_STMT_START { BansouGridColumn c = { title, width, numeric, expand }; \
                   g_array_append_val (columns, c); ids[n++] = (id); } G_STMT_END
    ADD (_("Code"), S_CODE, 84, FALSE, FALSE);
    ADD (_("Body"), S_NAME, 110, FALSE, TRUE);
    if (t->contract_days > 0)
      ADD (_("Days"), S_DAYS, 90, TRUE, FALSE);
    for (guint b = 0; b < BANSOU_COST_N_BASES; b++)
      if (t->project->cost.weights[b] > 0)
        ADD (bansou_cost_basis_get_label (b), S_BASIS0 + b, 110, TRUE, FALSE);
    ADD (_("Share"), S_SHARE, 125, TRUE, FALSE);
    ADD (_("Stand-alone"), S_STANDALONE, 125, TRUE, FALSE);
    ADD (_("Savings"), S_SAVINGS, 120, TRUE, FALSE);
#undef ADD
    bansou_cell_grid_set_columns (BANSOU_CELL_GRID (view), (BansouGridColumn *) columns->data, columns->len, 2);
    g_object_set_data_full (G_OBJECT (view), "bansou-share-columns", ids, g_free);
  }
  bansou_cell_grid_set_row_mode (BANSOU_CELL_GRID (view), TRUE);
  bansou_cell_grid_set_n_rows (BANSOU_CELL_GRID (view), t->rows->len + 1);
  bansou_cell_grid_set_func (BANSOU_CELL_GRID (view), share_grid_cell, self, NULL);

  scroller = gtk_scrolled_window_new ();
  /* A height from the row count, at most 440 px: the table scrolls inside
   * the detail */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller),
                                              MIN ((int) (t->rows->len + 1) * 31 + 36, 440));
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), FALSE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_add_css_class (scroller, "card");
  gtk_box_append (GTK_BOX (box), scroller);
  self->share_view = view;

  rule = gtk_label_new (bansou_cost_split_rule_text ());
  gtk_label_set_wrap (GTK_LABEL (rule), TRUE);
  gtk_label_set_xalign (GTK_LABEL (rule), 0);
  gtk_widget_add_css_class (rule, "caption");
  gtk_widget_add_css_class (rule, "dim-label");
  gtk_box_append (GTK_BOX (box), rule);
  return group;
}

/* ------------------------------------------------------------------------ */
/* Export                                                                   */

/**
 * _bansou_procurement_page_export:
 *
 * Writes the selected project's share table to @path (what the file
 * chooser's response does).
 */
gboolean
_bansou_procurement_page_export (BansouProcurementPage *self,
                                 const char            *path,
                                 gboolean               xlsx,
                                 GError               **error)
{
  const BansouShareTable *t = current_table (self);
  BansouRegistry *registry = bansou_context_get_registry (self->context);
  g_autoptr(GBytes) bytes = NULL;

  if (t == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There is no share table to export"));
      return FALSE;
    }
  if (xlsx)
    return bansou_share_table_write_xlsx (t, registry, path, error);

  bytes = bansou_share_table_to_csv (t, registry);
  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

static void
chooser_response_cb (GtkNativeDialog       *chooser,
                     int                    response,
                     BansouProcurementPage *self)
{
  gboolean xlsx = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "xlsx"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  g_autofree char *message = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;
  if (!(path = g_file_get_path (file)))
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Choose a file on this computer"));
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  if (!_bansou_procurement_page_export (self, path, xlsx, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  display = g_filename_display_basename (path);
  /* Translators: %s is a file name */
  message = g_markup_printf_escaped (_("Saved %s"), display);
  bansou_show_message (GTK_WIDGET (self), message);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BansouProcurementPage *self = BANSOU_PROCUREMENT_PAGE (widget);
  gboolean xlsx = g_str_equal (action_name, "procurement.export-xlsx");
  const BansouShareTable *t = current_table (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (t == NULL || self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (xlsx ? _("Export Share Table as Spreadsheet")
                                                    : _("Export Share Table as CSV"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, xlsx ? _("Excel workbooks") : _("CSV files"));
  gtk_file_filter_add_suffix (filter, xlsx ? "xlsx" : "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  /* 東北・新潟 セキュリティクラウド-負担額.xlsx; no slashes in a file name */
  name = g_strdup_printf ("%s-%s.%s", t->project->title, _("shares"), xlsx ? "xlsx" : "csv");
  g_strdelimit (name, "/\\:", '_');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data (G_OBJECT (self->chooser), "xlsx", GINT_TO_POINTER (xlsx));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
add_participant_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  _bansou_procurement_page_add_participant (BANSOU_PROCUREMENT_PAGE (widget));
}

void
_bansou_procurement_page_class_init_shares (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "procurement.export-xlsx", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "procurement.export-csv", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "procurement.add-participant", NULL, add_participant_action);
}
