/* bansou-import-dialog.c — importing the answers a municipality returned
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A file (CSV as Excel saves it, or .xlsx) and a round; Import hands both
 * to bansou_csv_import_answers(), which checks every row first and writes
 * nothing if one is wrong. The dialog then stays open with the core's
 * findings, one row and column per line, so the file can be corrected
 * in Excel and chosen again.
 */
#define G_LOG_DOMAIN "bansou-import"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-import-dialog.h"
#include "bansou-window.h"

struct _BansouImportDialog
{
  AdwWindow             parent_instance;

  BansouContext        *context;
  GFile                *file;
  GtkFileChooserNative *chooser;
  GPtrArray            *round_ids;
  char                 *summary;

  GtkWidget            *import_button;
  AdwActionRow         *file_row;
  AdwComboRow          *round_row;
  GtkWidget            *problems_box;
  GtkLabel             *summary_label;
  GtkListBox           *problem_list;
};

G_DEFINE_FINAL_TYPE (BansouImportDialog, bansou_import_dialog, ADW_TYPE_WINDOW)

/* ------------------------------------------------------------------------ */

static void
update_import_button (BansouImportDialog *self)
{
  gtk_widget_set_sensitive (self->import_button, self->file != NULL && self->round_ids->len > 0);
}

static void
clear_problems (BansouImportDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problem_list))))
    gtk_list_box_remove (self->problem_list, child);
  g_clear_pointer (&self->summary, g_free);
  gtk_widget_set_visible (self->problems_box, FALSE);
}

static void
show_problems (BansouImportDialog *self,
               const char         *summary,
               GPtrArray          *problems)
{
  clear_problems (self);
  self->summary = g_strdup (summary);
  gtk_label_set_text (self->summary_label, summary);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      GtkWidget *label = gtk_label_new (g_ptr_array_index (problems, i));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_list_box_append (self->problem_list, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problem_list), problems != NULL && problems->len > 0);
  gtk_widget_set_visible (self->problems_box, TRUE);
}

/* ------------------------------------------------------------------------ */

static void
chooser_response_cb (GtkNativeDialog    *chooser,
                     int                 response,
                     BansouImportDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    bansou_import_dialog_set_file (self, file);
}

static void
choose_clicked_cb (BansouImportDialog *self)
{
  g_autoptr(GtkFileFilter) both = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) xlsx = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose the Returned Answers"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (both, _("Answer sheets (CSV, Excel)"));
  gtk_file_filter_add_suffix (both, "csv");
  gtk_file_filter_add_suffix (both, "xlsx");
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_set_name (xlsx, _("Excel workbooks"));
  gtk_file_filter_add_suffix (xlsx, "xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), both);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), xlsx);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
import_clicked_cb (BansouImportDialog *self)
{
  bansou_import_dialog_import (self);
}

/* ------------------------------------------------------------------------ */

static void
bansou_import_dialog_dispose (GObject *object)
{
  BansouImportDialog *self = BANSOU_IMPORT_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->file);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_import_dialog_parent_class)->dispose (object);
}

static void
bansou_import_dialog_finalize (GObject *object)
{
  BansouImportDialog *self = BANSOU_IMPORT_DIALOG (object);

  g_clear_pointer (&self->round_ids, g_ptr_array_unref);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (bansou_import_dialog_parent_class)->finalize (object);
}

static void
bansou_import_dialog_class_init (BansouImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bansou_import_dialog_dispose;
  object_class->finalize = bansou_import_dialog_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bansou_import_dialog_init (BansouImportDialog *self)
{
  GtkWidget *box, *header, *cancel, *page, *group, *choose, *heading;

  self->round_ids = g_ptr_array_new_with_free_func (g_free);

  gtk_window_set_title (GTK_WINDOW (self), _("Import Answers"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->import_button = gtk_button_new_with_mnemonic (_("_Import"));
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  g_signal_connect_swapped (self->import_button, "clicked", G_CALLBACK (import_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->import_button);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Answers Returned by a Municipality"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("A CSV file as Excel saves it (UTF-8 or Shift_JIS) or an Excel "
                                           "workbook (.xlsx), with the columns of an answers export. "
                                           "If any row is wrong, nothing is imported."));

  self->file_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), _("File"));
  adw_action_row_set_subtitle (self->file_row, _("No file chosen"));
  choose = gtk_button_new_with_mnemonic (_("_Choose…"));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (choose, "clicked", G_CALLBACK (choose_clicked_cb), self);
  adw_action_row_add_suffix (self->file_row, choose);
  adw_action_row_set_activatable_widget (self->file_row, choose);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->file_row));

  self->round_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->round_row), _("Survey Round"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->round_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  /* The findings of a rejected file */
  self->problems_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_visible (self->problems_box, FALSE);
  heading = gtk_label_new (_("Nothing Was Imported"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (heading, "error");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (self->problems_box), heading);
  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->summary_label, TRUE);
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_box_append (GTK_BOX (self->problems_box), GTK_WIDGET (self->summary_label));
  self->problem_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->problem_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem_list), "boxed-list");
  /* The page scrolls: a long list of findings stays readable whole. */
  gtk_box_append (GTK_BOX (self->problems_box), GTK_WIDGET (self->problem_list));
  group = adw_preferences_group_new ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->problems_box);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_import_dialog_new:
 * @parent: the window the answers are imported into
 * @context: its database and survey
 *
 * Returns: (transfer floating): the dialog, not yet shown
 */
GtkWidget *
bansou_import_dialog_new (GtkWindow     *parent,
                          BansouContext *context)
{
  BansouImportDialog *self;
  BansouSurvey *survey;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GListModel *rounds;
  guint n;

  g_return_val_if_fail (BANSOU_IS_CONTEXT (context), NULL);

  self = g_object_new (BANSOU_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);

  /* Newest round first: answers come back for the round under way. */
  survey = bansou_context_get_survey (context);
  rounds = survey ? bansou_survey_get_rounds (survey) : NULL;
  n = rounds ? g_list_model_get_n_items (rounds) : 0;
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(BansouRound) round = g_list_model_get_item (rounds, i - 1);

      g_ptr_array_add (self->round_ids, g_strdup (bansou_round_get_id (round)));
      gtk_string_list_append (labels, bansou_round_get_label (round));
    }
  adw_combo_row_set_model (self->round_row, G_LIST_MODEL (labels));
  if (n == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->round_row),
                                 _("There are no survey rounds yet: create one on the Progress page first."));

  update_import_button (self);
  return GTK_WIDGET (self);
}

/**
 * bansou_import_dialog_set_file:
 * @file: the file to import (what the chooser returns)
 */
void
bansou_import_dialog_set_file (BansouImportDialog *self,
                               GFile              *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (BANSOU_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->file, file);
  name = g_file_get_basename (file);
  adw_action_row_set_subtitle (self->file_row, name);
  clear_problems (self);
  update_import_button (self);
}

/**
 * bansou_import_dialog_import:
 *
 * What Import does: reads the file and imports it into the chosen round.
 * On success the dialog closes and the window says how many answers
 * changed; otherwise it lists what is wrong and nothing was written.
 *
 * Returns: whether the file was imported
 */
gboolean
bansou_import_dialog_import (BansouImportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *message = NULL;
  BansouSurvey *survey;
  GtkWindow *parent;
  const char *round;
  gsize length = 0;
  guint selected, n_changed = 0;

  g_return_val_if_fail (BANSOU_IS_IMPORT_DIALOG (self), FALSE);

  selected = adw_combo_row_get_selected (self->round_row);
  survey = bansou_context_get_survey (self->context);
  if (self->file == NULL || survey == NULL || selected >= self->round_ids->len)
    return FALSE;
  round = g_ptr_array_index (self->round_ids, selected);

  if (!g_file_load_contents (self->file, NULL, &contents, &length, NULL, &error))
    {
      g_autofree char *name = g_file_get_basename (self->file);

      g_warning ("Cannot read %s: %s", name, error->message);
      message = g_strdup_printf (_("“%s” cannot be read. Check that the file exists and that "
                                   "you may open it."), name);
      show_problems (self, message, NULL);
      return FALSE;
    }

  if (!bansou_csv_import_answers (survey, round, contents, length, &n_changed, &problems, &error))
    {
      show_problems (self, error->message, problems);
      return FALSE;
    }

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported: %u answer changed",
                                          "Imported: %u answers changed", n_changed), n_changed);
  if (BANSOU_IS_WINDOW (parent))
    bansou_window_add_toast (BANSOU_WINDOW (parent), message);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

GtkListBox *
_bansou_import_dialog_get_problem_list (BansouImportDialog *self)
{
  return self->problem_list;
}

const char *
_bansou_import_dialog_get_summary (BansouImportDialog *self)
{
  return self->summary;
}
