/* bansou-report-page.c — レポート: the printable regional status report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Choose a round (and whether to add a page per body), look at the first
 * pages, then print or export. The report is built in a worker thread
 * (bansou_report_new_async) and drawn by the core: the preview, the
 * printer and "Export PDF…" (GtkPrintOperation's export action) all call
 * bansou_report_draw_page(), as bansouctl report does on a PDF surface.
 */
#define G_LOG_DOMAIN "bansou-report-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-heatmap-model.h"
#include "bansou-report-page.h"
#include "bansou-report-page-private.h"
#include "bansou-window.h"

#define PREVIEW_PAGES  4
#define PREVIEW_WIDTH  340   /* pixels; the height follows A4 */
#define SHADOW         3

struct _BansouReportPage
{
  AdwBin            parent_instance;

  BansouContext    *context;
  BansouReport     *report;
  GPtrArray        *rounds;          /* char *: round ids, newest first */
  GCancellable     *cancellable;
  GtkPrintSettings *print_settings;  /* kept between prints */
  GtkPrintOperation *printing;       /* the dialog's, until done */
  GtkPageSetup     *page_setup;
  GtkFileChooserNative *chooser;
  gboolean          loading;
  gboolean          updating_rounds;
  gboolean          stale;           /* answers changed while hidden */
  guint             rebuild_id;

  /* Template widgets */
  GtkDropDown      *round_dropdown;
  GtkCheckButton   *profiles_check;
  GtkSpinner       *spinner;
  GtkLabel         *pages_label;
  GtkStack         *stack;
  AdwStatusPage    *empty_page;
  GtkFlowBox       *preview_box;
};

G_DEFINE_FINAL_TYPE (BansouReportPage, bansou_report_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rebuild (BansouReportPage *self);

/* ------------------------------------------------------------------------ */

static void
actions_update (BansouReportPage *self)
{
  gboolean ready = self->report != NULL && !self->loading;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.print", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-pdf", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-csv", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-xlsx",
                                 ready && bansou_report_can_write_xlsx ());
}

static const char *
selected_round (BansouReportPage *self)
{
  guint i = gtk_drop_down_get_selected (self->round_dropdown);

  if (self->rounds == NULL || i == GTK_INVALID_LIST_POSITION || i >= self->rounds->len)
    return NULL;
  return g_ptr_array_index (self->rounds, i);
}

/* Re-reads the rounds, keeping the selection when the round still exists.
 * Returns whether the list changed. */
static gboolean
load_rounds (BansouReportPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *previous = g_strdup (selected_round (self));
  guint select = 0;
  gboolean same;

  rounds = bansou_heatmap_list_rounds (bansou_context_get_store (self->context), &error);
  if (rounds == NULL)
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return FALSE;
    }

  /* Newest first (as listed): the one people print */
  for (guint i = 0; i < rounds->len; i++)
    {
      BansouHeatmapRound *round = g_ptr_array_index (rounds, i);
      g_autofree char *label = bansou_round_label (round->id);

      if (g_strcmp0 (round->id, previous) == 0)
        select = ids->len;
      g_ptr_array_add (ids, g_strdup (round->id));
      gtk_string_list_append (labels, label);
    }

  same = self->rounds != NULL && self->rounds->len == ids->len;
  for (guint i = 0; same && i < ids->len; i++)
    same = g_str_equal (g_ptr_array_index (ids, i), g_ptr_array_index (self->rounds, i));
  if (same)
    return FALSE;

  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  self->rounds = g_steal_pointer (&ids);

  self->updating_rounds = TRUE;
  gtk_drop_down_set_model (self->round_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->round_dropdown, self->rounds->len ? select : GTK_INVALID_LIST_POSITION);
  self->updating_rounds = FALSE;

  return TRUE;
}

static void
draw_preview_cb (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        user_data)
{
  BansouReportPage *self = BANSOU_REPORT_PAGE (user_data);
  guint page = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "page"));
  double w = width - SHADOW, h = height - SHADOW;

  if (self->report == NULL || page >= bansou_report_get_n_pages (self->report))
    return;

  /* A sheet of paper on the page's background */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.12);
  cairo_rectangle (cr, SHADOW, SHADOW, w, h);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, 0.5, 0.5, w - 1, h - 1);
  cairo_stroke (cr);

  bansou_report_draw_page (self->report, cr, page, w, h);
}

static void
update_preview (BansouReportPage *self)
{
  GtkWidget *child;
  guint n_pages = self->report ? bansou_report_get_n_pages (self->report) : 0;
  guint n_preview = MIN (n_pages, PREVIEW_PAGES);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_box))))
    gtk_flow_box_remove (self->preview_box, child);

  for (guint i = 0; i < n_preview; i++)
    {
      GtkWidget *area = gtk_drawing_area_new ();
      g_autofree char *label = g_strdup_printf (_("Page %u"), i + 1);

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), PREVIEW_WIDTH + SHADOW);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area),
                                           (int) (PREVIEW_WIDTH * BANSOU_REPORT_PAGE_HEIGHT /
                                                  BANSOU_REPORT_PAGE_WIDTH) + SHADOW);
      g_object_set_data (G_OBJECT (area), "page", GUINT_TO_POINTER (i));
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_preview_cb, self, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_flow_box_append (self->preview_box, area);
    }

  if (n_pages == 0)
    gtk_label_set_label (self->pages_label, "");
  else if (n_pages > n_preview)
    {
      /* Translators: the preview shows the first pages of a longer report */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "First %u of %u page",
                                                            "First %u of %u pages", n_pages),
                                               n_preview, n_pages);
      gtk_label_set_label (self->pages_label, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", n_pages),
                                               n_pages);
      gtk_label_set_label (self->pages_label, text);
    }
}

static void
set_loading (BansouReportPage *self,
             gboolean          loading)
{
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  actions_update (self);
}

static void
report_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BansouReportPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouReport) report = bansou_report_new_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* a newer request is on its way */

  set_loading (self, FALSE);
  if (report == NULL)
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }

  g_set_object (&self->report, report);
  update_preview (self);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  actions_update (self);
}

static void
rebuild (BansouReportPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  BansouReportOptions options = { 0 };
  BansouStore *store = bansou_context_get_store (self->context);
  const char *round = selected_round (self);

  self->stale = FALSE;
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->report);
  update_preview (self);

  if (round == NULL || bansou_context_get_scope (self->context) == NULL)
    {
      set_loading (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (bansou_context_get_catalog (self->context))
    catalog = g_object_ref (bansou_context_get_catalog (self->context));
  else if (!(catalog = bansou_catalog_load_active (store, &error)))
    {
      set_loading (self, FALSE);
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }

  options.flags = gtk_check_button_get_active (self->profiles_check) ? BANSOU_REPORT_BODY_PROFILES : 0;
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  bansou_report_new_async (store, catalog, bansou_context_get_scope (self->context), round, &options,
                           self->cancellable, report_ready_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* Printing                                                                 */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                BansouReportPage  *self)
{
  BansouReport *report = g_object_get_data (G_OBJECT (operation), "report");

  gtk_print_operation_set_n_pages (operation, bansou_report_get_n_pages (report));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              BansouReportPage  *self)
{
  BansouReport *report = g_object_get_data (G_OBJECT (operation), "report");

  /* Points, as the unit is set to GTK_UNIT_POINTS */
  bansou_report_draw_page (report, gtk_print_context_get_cairo_context (context), page_nr,
                           gtk_print_context_get_width (context),
                           gtk_print_context_get_height (context));
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         BansouReportPage         *self)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      bansou_show_error (GTK_WIDGET (self), error);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&self->print_settings, gtk_print_operation_get_print_settings (operation));

  if (operation == self->printing)
    g_clear_object (&self->printing);
}

static GtkPrintOperation *
print_operation_new (BansouReportPage *self)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autofree char *job = g_strdup_printf ("%s %s", bansou_report_get_scope_name (self->report),
                                          bansou_report_get_round (self->report));

  if (self->page_setup == NULL)
    {
      g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

      self->page_setup = gtk_page_setup_new ();
      gtk_page_setup_set_paper_size (self->page_setup, a4);
      gtk_page_setup_set_orientation (self->page_setup, GTK_PAGE_ORIENTATION_PORTRAIT);
    }

  gtk_print_operation_set_job_name (operation, job);
  gtk_print_operation_set_default_page_setup (operation, self->page_setup);
  if (self->print_settings)
    gtk_print_operation_set_print_settings (operation, self->print_settings);
  /* The report has its own margins: draw on the whole sheet, in points */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* The report being printed, even if the options change meanwhile */
  g_object_set_data_full (G_OBJECT (operation), "report", g_object_ref (self->report), g_object_unref);

  g_signal_connect_object (operation, "begin-print", G_CALLBACK (begin_print_cb), self, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), self, 0);
  g_signal_connect_object (operation, "done", G_CALLBACK (done_cb), self, 0);

  return operation;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BansouReportPage *self = BANSOU_REPORT_PAGE (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkPrintOperationResult result;

  if (self->report == NULL || self->printing != NULL)
    return;

  operation = print_operation_new (self);
  gtk_print_operation_set_allow_async (operation, TRUE);
  /* Held until ::done: the dialog outlives this call */
  g_set_object (&self->printing, operation);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    bansou_show_error (widget, error);
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    g_clear_object (&self->printing);
}

gboolean
_bansou_report_page_export_pdf (BansouReportPage  *self,
                                const char        *path,
                                GError           **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkRoot *root;

  g_return_val_if_fail (BANSOU_IS_REPORT_PAGE (self), FALSE);
  g_return_val_if_fail (self->report != NULL, FALSE);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  operation = print_operation_new (self);
  gtk_print_operation_set_export_filename (operation, path);

  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, error) !=
         GTK_PRINT_OPERATION_RESULT_ERROR;
}

/* ------------------------------------------------------------------------ */
/* Export                                                                   */

/**
 * _bansou_report_page_export_csv:
 * @directory: an existing folder
 * @n_files: (out): how many files were written
 *
 * What "Export CSV…" does after the folder chooser: one UTF-8 CSV file
 * (with the BOM Excel needs) per table of the report.
 */
gboolean
_bansou_report_page_export_csv (BansouReportPage  *self,
                                const char        *directory,
                                guint             *n_files,
                                GError           **error)
{
  g_auto(GStrv) written = NULL;

  g_return_val_if_fail (self->report != NULL, FALSE);

  if (!(written = bansou_report_write_csv (self->report, directory, error)))
    return FALSE;
  *n_files = g_strv_length (written);
  return TRUE;
}

typedef enum { EXPORT_PDF, EXPORT_XLSX, EXPORT_CSV } ExportKind;

static void
export_saved (BansouReportPage *self,
              GFile            *file)
{
  g_autofree char *name = g_file_get_basename (file);
  /* Translators: %s is a file name */
  g_autofree char *message = g_strdup_printf (_("Saved %s"), name);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BANSOU_IS_WINDOW (root))
    bansou_window_add_toast (BANSOU_WINDOW (root), message);
}

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     BansouReportPage *self)
{
  ExportKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser), "kind"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean ok;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL || self->report == NULL)
    return;
  if (!(path = g_file_get_path (file)))
    {
      bansou_show_message (GTK_WIDGET (self), _("Choose a file on this computer"));
      return;
    }

  if (kind == EXPORT_CSV)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      guint n = 0;

      ok = _bansou_report_page_export_csv (self, path, &n, &error);
      if (ok && BANSOU_IS_WINDOW (root))
        {
          g_autofree char *message =
            /* Translators: %u is a number of CSV files, %s a folder */
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved %u CSV file in %s", "Saved %u CSV files in %s", n),
                             n, path);

          bansou_window_add_toast (BANSOU_WINDOW (root), message);
        }
    }
  else if (kind == EXPORT_PDF)
    ok = _bansou_report_page_export_pdf (self, path, &error);
  else
    ok = bansou_report_write_xlsx (self->report, path, &error);

  if (ok && kind != EXPORT_CSV)
    export_saved (self, file);
  else if (!ok)
    bansou_show_error (GTK_WIDGET (self), error);
}

static void
export (BansouReportPage *self,
        ExportKind        kind)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->report == NULL || self->chooser != NULL)
    return;

  if (kind == EXPORT_CSV)
    {
      self->chooser = gtk_file_chooser_native_new (_("Export Tables as CSV Into a Folder"),
                                                   GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                   _("_Save"), _("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
      g_object_set_data (G_OBJECT (self->chooser), "kind", GUINT_TO_POINTER (kind));
      g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (kind == EXPORT_PDF ? _("Export Report as PDF")
                                                                  : _("Export Tables as Spreadsheet"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  if (kind == EXPORT_PDF)
    {
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      gtk_file_filter_add_suffix (filter, "pdf");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("Excel workbooks"));
      gtk_file_filter_add_mime_type (filter, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      gtk_file_filter_add_suffix (filter, "xlsx");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  /* 広島県-2025-10-31.pdf */
  name = g_strdup_printf ("%s-%s.%s", bansou_report_get_scope_name (self->report),
                          bansou_report_get_round (self->report), kind == EXPORT_PDF ? "pdf" : "xlsx");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  g_object_set_data (G_OBJECT (self->chooser), "kind", GUINT_TO_POINTER (kind));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  export (BANSOU_REPORT_PAGE (widget), EXPORT_PDF);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  export (BANSOU_REPORT_PAGE (widget), EXPORT_CSV);
}

static void
export_xlsx_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  export (BANSOU_REPORT_PAGE (widget), EXPORT_XLSX);
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
round_dropdown_notify_selected_cb (BansouReportPage *self,
                                   GParamSpec       *pspec,
                                   GtkDropDown      *dropdown)
{
  if (!self->updating_rounds)
    rebuild (self);
}

static void
profiles_toggled_cb (BansouReportPage *self,
                     GtkCheckButton   *button)
{
  rebuild (self);
}

static void
context_notify_scope_cb (BansouReportPage *self,
                         GParamSpec       *pspec,
                         BansouContext    *context)
{
  load_rounds (self);
  rebuild (self);
}

static gboolean
rebuild_cb (gpointer user_data)
{
  BansouReportPage *self = user_data;

  self->rebuild_id = 0;
  load_rounds (self);
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Answers and progress change on other pages: rebuild once the edits
 * settle if the report is on screen, or when it is shown again. */
static void
survey_changed_cb (BansouReportPage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->rebuild_id = g_timeout_add (500, rebuild_cb, self);
}

/* Rounds are also created outside the app (bansouctl): look again
 * whenever the page is shown. */
static void
bansou_report_page_map (GtkWidget *widget)
{
  BansouReportPage *self = BANSOU_REPORT_PAGE (widget);

  GTK_WIDGET_CLASS (bansou_report_page_parent_class)->map (widget);

  if (load_rounds (self) || self->stale)
    rebuild (self);
}

/* ------------------------------------------------------------------------ */

static void
bansou_report_page_constructed (GObject *object)
{
  BansouReportPage *self = (BansouReportPage *)object;
  BansouSurvey *survey;

  G_OBJECT_CLASS (bansou_report_page_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));

  g_signal_connect_object (self->context, "notify::scope",
                           G_CALLBACK (context_notify_scope_cb), self, G_CONNECT_SWAPPED);
  if ((survey = bansou_context_get_survey (self->context)))
    {
      static const char * const signals[] = { "answer-changed", "answers-reloaded", "progress-changed" };

      for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
        g_signal_connect_object (survey, signals[i], G_CALLBACK (survey_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (bansou_survey_get_rounds (survey), "items-changed",
                               G_CALLBACK (survey_changed_cb), self, G_CONNECT_SWAPPED);
    }
  load_rounds (self);
  rebuild (self);
}

static void
bansou_report_page_dispose (GObject *object)
{
  BansouReportPage *self = (BansouReportPage *)object;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->report);
  g_clear_object (&self->printing);
  g_clear_object (&self->print_settings);
  g_clear_object (&self->page_setup);
  g_clear_object (&self->context);

  gtk_widget_dispose_template (GTK_WIDGET (self), BANSOU_TYPE_REPORT_PAGE);

  G_OBJECT_CLASS (bansou_report_page_parent_class)->dispose (object);
}

static void
bansou_report_page_finalize (GObject *object)
{
  BansouReportPage *self = (BansouReportPage *)object;

  g_clear_pointer (&self->rounds, g_ptr_array_unref);

  G_OBJECT_CLASS (bansou_report_page_parent_class)->finalize (object);
}

static void
bansou_report_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BansouReportPage *self = BANSOU_REPORT_PAGE (object);

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
bansou_report_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BansouReportPage *self = BANSOU_REPORT_PAGE (object);

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
bansou_report_page_class_init (BansouReportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bansou_report_page_constructed;
  object_class->dispose = bansou_report_page_dispose;
  object_class->finalize = bansou_report_page_finalize;
  object_class->get_property = bansou_report_page_get_property;
  object_class->set_property = bansou_report_page_set_property;

  widget_class->map = bansou_report_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-report-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouReportPage, round_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BansouReportPage, profiles_check);
  gtk_widget_class_bind_template_child (widget_class, BansouReportPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BansouReportPage, pages_label);
  gtk_widget_class_bind_template_child (widget_class, BansouReportPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BansouReportPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BansouReportPage, preview_box);
  gtk_widget_class_bind_template_callback (widget_class, round_dropdown_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, profiles_toggled_cb);

  gtk_widget_class_install_action (widget_class, "report.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "report.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "report.export-xlsx", NULL, export_xlsx_action);
  gtk_widget_class_install_action (widget_class, "report.export-csv", NULL, export_csv_action);
}

static void
bansou_report_page_init (BansouReportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  actions_update (self);
}

/* ------------------------------------------------------------------------ */

BansouContext *
bansou_report_page_get_context (BansouReportPage *self)
{
  g_return_val_if_fail (BANSOU_IS_REPORT_PAGE (self), NULL);
  return self->context;
}

BansouReport *
_bansou_report_page_get_report (BansouReportPage *self)
{
  return self->report;
}

gboolean
_bansou_report_page_is_loading (BansouReportPage *self)
{
  return self->loading;
}

GtkDropDown *
_bansou_report_page_get_round_dropdown (BansouReportPage *self)
{
  return self->round_dropdown;
}

GtkCheckButton *
_bansou_report_page_get_profiles_check (BansouReportPage *self)
{
  return self->profiles_check;
}

GtkLabel *
_bansou_report_page_get_pages_label (BansouReportPage *self)
{
  return self->pages_label;
}

guint
_bansou_report_page_get_n_previews (BansouReportPage *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}
