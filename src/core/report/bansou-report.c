/* bansou-report.c — the printable regional status report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * See bansou-report.h for how sections, the flow and blocks fit together.
 */
#define G_LOG_DOMAIN "bansou-report"

#include "config.h"

#include <errno.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bansou-report-private.h"
#include "bansou-store-sql.h"

typedef struct
{
  double                y;        /* from the top of the content area */
  double                height;
  BansouReportDrawFunc  draw;
  gpointer              data;
  GDestroyNotify        destroy;
} Block;

struct _BansouReportFlow
{
  PangoContext *context;
  double        width;
  double        page_height;
  GPtrArray    *pages;    /* GArray of Block */
  double        y;
};

struct _BansouReport
{
  GObject           parent_instance;

  BansouReportData *data;
  GPtrArray        *sections;  /* BansouReportSection */
  GPtrArray        *pages;     /* GArray of Block */
};

G_DEFINE_FINAL_TYPE (BansouReport, bansou_report, G_TYPE_OBJECT)

G_DEFINE_QUARK (bansou-report-error-quark, bansou_report_error)

/* The sections, in the order they are printed. A constructor returns NULL
 * when its section is not wanted (an option is off). Sections for the
 * support work go here. */
static const BansouReportSectionNew section_table[] = {
  _bansou_report_summary_section_new,
  _bansou_report_categories_section_new,
  _bansou_report_heatmap_section_new,
  _bansou_report_weakest_section_new,
  _bansou_report_procurement_section_new,
  _bansou_report_support_section_new,
  _bansou_report_consult_section_new,

  _bansou_report_profiles_section_new,
};

/* ------------------------------------------------------------------------ */
/* The flow                                                                 */

static void
block_clear (gpointer p)
{
  Block *block = p;

  if (block->destroy)
    g_clear_pointer (&block->data, block->destroy);
}

static GArray *
page_new (void)
{
  GArray *page = g_array_new (FALSE, TRUE, sizeof (Block));

  g_array_set_clear_func (page, block_clear);
  return page;
}

static GArray *
flow_current_page (BansouReportFlow *flow)
{
  return g_ptr_array_index (flow->pages, flow->pages->len - 1);
}

PangoContext *
bansou_report_flow_get_context (BansouReportFlow *flow)
{
  return flow->context;
}

double
bansou_report_flow_get_width (BansouReportFlow *flow)
{
  return flow->width;
}

double
bansou_report_flow_get_page_height (BansouReportFlow *flow)
{
  return flow->page_height;
}

double
bansou_report_flow_get_remaining (BansouReportFlow *flow)
{
  return flow->page_height - flow->y;
}

gboolean
bansou_report_flow_is_page_empty (BansouReportFlow *flow)
{
  return flow_current_page (flow)->len == 0;
}

guint
bansou_report_flow_get_page (BansouReportFlow *flow)
{
  return flow->pages->len - 1;
}

void
bansou_report_flow_break_page (BansouReportFlow *flow)
{
  if (bansou_report_flow_is_page_empty (flow))
    {
      flow->y = 0;
      return;
    }
  g_ptr_array_add (flow->pages, page_new ());
  flow->y = 0;
}

void
bansou_report_flow_keep (BansouReportFlow *flow,
                         double            height)
{
  if (height > bansou_report_flow_get_remaining (flow))
    bansou_report_flow_break_page (flow);
}

void
bansou_report_flow_skip (BansouReportFlow *flow,
                         double            height)
{
  if (bansou_report_flow_is_page_empty (flow))
    return;
  flow->y = MIN (flow->y + height, flow->page_height);
}

void
bansou_report_flow_add (BansouReportFlow     *flow,
                        double                height,
                        BansouReportDrawFunc  draw,
                        gpointer              block_data,
                        GDestroyNotify        destroy)
{
  Block block = { 0, height, draw, block_data, destroy };

  g_return_if_fail (draw != NULL);

  /* 0.01: measures add up in floating point */
  if (height > bansou_report_flow_get_remaining (flow) + 0.01)
    bansou_report_flow_break_page (flow);

  block.y = flow->y;
  g_array_append_val (flow_current_page (flow), block);
  flow->y += height;
}

/* ------------------------------------------------------------------------ */
/* The running header and footer                                            */

#define HEADER_TEXT_Y 30.0
#define HEADER_RULE_Y 44.0
#define FOOTER_RULE_Y (BANSOU_REPORT_PAGE_HEIGHT - 40.0)
#define FOOTER_TEXT_Y (BANSOU_REPORT_PAGE_HEIGHT - 35.0)

static void
draw_running (BansouReport *self,
              cairo_t      *cr,
              PangoContext *context,
              guint         page_index)
{
  BansouReportData *data = self->data;
  double left = REPORT_MARGIN_LEFT;
  double width = BANSOU_REPORT_PAGE_WIDTH - REPORT_MARGIN_LEFT - REPORT_MARGIN_RIGHT;
  g_autofree char *scope = g_markup_escape_text (data->scope_name, -1);
  g_autofree char *title = g_markup_escape_text (_("Information security status report"), -1);
  g_autofree char *header_left = g_strdup_printf ("<b>%s</b>  %s", scope, title);
  g_autofree char *round = g_markup_escape_text (data->round_label, -1);
  g_autofree char *generated = NULL;
  g_autofree char *generated_markup = NULL;
  g_autofree char *page = g_strdup_printf ("%u / %u", page_index + 1, self->pages->len);

  _bansou_report_set_color (cr, REPORT_INK_MUTED);
  _bansou_report_show_text (cr, context, REPORT_STYLE_RUNNING, header_left,
                            left, HEADER_TEXT_Y, width * 0.6, PANGO_ALIGN_LEFT);
  _bansou_report_show_text (cr, context, REPORT_STYLE_RUNNING, round,
                            left + width * 0.4, HEADER_TEXT_Y, width * 0.6, PANGO_ALIGN_RIGHT);
  _bansou_report_hrule (cr, left, left + width, HEADER_RULE_Y, 0.5, REPORT_RULE);

  _bansou_report_hrule (cr, left, left + width, FOOTER_RULE_Y, 0.5, REPORT_RULE);
  /* Translators: %s is a date and time, like 令和8年2月3日 14:05 */
  generated = g_strdup_printf (_("Generated %s"), data->generated_label);
  generated_markup = g_markup_escape_text (generated, -1);
  _bansou_report_set_color (cr, REPORT_INK_MUTED);
  _bansou_report_show_text (cr, context, REPORT_STYLE_RUNNING, generated_markup,
                            left, FOOTER_TEXT_Y, width * 0.7, PANGO_ALIGN_LEFT);
  _bansou_report_show_text (cr, context, REPORT_STYLE_RUNNING, page,
                            left + width * 0.7, FOOTER_TEXT_Y, width * 0.3, PANGO_ALIGN_RIGHT);
}

/* ------------------------------------------------------------------------ */

static void
section_free (gpointer p)
{
  BansouReportSection *section = p;

  if (section->funcs->finalize)
    section->funcs->finalize (section);
  g_free (section);
}

static void
paginate (BansouReport *self)
{
  BansouReportFlow flow = { 0 };

  flow.context = _bansou_report_context_new (NULL);
  flow.width = BANSOU_REPORT_PAGE_WIDTH - REPORT_MARGIN_LEFT - REPORT_MARGIN_RIGHT;
  flow.page_height = BANSOU_REPORT_PAGE_HEIGHT - REPORT_MARGIN_TOP - REPORT_MARGIN_BOTTOM;
  flow.pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_ptr_array_add (flow.pages, page_new ());

  for (guint i = 0; i < self->sections->len; i++)
    {
      BansouReportSection *section = g_ptr_array_index (self->sections, i);
      section->funcs->layout (section, &flow);
    }

  /* A section that ended on a page break leaves an empty page behind. */
  if (flow.pages->len > 1 && bansou_report_flow_is_page_empty (&flow))
    g_ptr_array_set_size (flow.pages, flow.pages->len - 1);

  self->pages = flow.pages;
  g_object_unref (flow.context);
}

static void
bansou_report_finalize (GObject *object)
{
  BansouReport *self = (BansouReport *)object;

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->data, _bansou_report_data_free);

  G_OBJECT_CLASS (bansou_report_parent_class)->finalize (object);
}

static void
bansou_report_class_init (BansouReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bansou_report_finalize;
}

static void
bansou_report_init (BansouReport *self)
{
  self->sections = g_ptr_array_new_with_free_func (section_free);
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_report_new:
 * @scope: "34" for a prefecture, "00" or %NULL for the whole nation
 * @round_id: the round, "2025-10-31"
 * @options: (nullable): what to include
 *
 * Loads the report's data and lays it out. Takes about a second for the
 * whole nation; nothing afterwards touches @store.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 *   (%BANSOU_REPORT_ERROR_NO_ROUND, %BANSOU_REPORT_ERROR_NO_SCOPE or a
 *   store error)
 */
BansouReport *
bansou_report_new (BansouStore               *store,
                   BansouCatalog             *catalog,
                   const char                *scope,
                   const char                *round_id,
                   const BansouReportOptions *options,
                   GError                   **error)
{
  g_autoptr(BansouReport) self = NULL;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);
  g_return_val_if_fail (BANSOU_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (round_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (BANSOU_TYPE_REPORT, NULL);
  self->data = _bansou_report_data_load (store, catalog, scope, round_id, options, error);
  if (self->data == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (section_table); i++)
    {
      BansouReportSection *section = section_table[i] (self->data);

      if (section != NULL)
        {
          section->data = self->data;
          g_ptr_array_add (self->sections, section);
        }
    }

  paginate (self);
  /* Laid out: nothing reads the database any more */
  g_clear_object (&self->data->store);

  return g_steal_pointer (&self);
}

typedef struct
{
  char                *path;
  BansouCatalog       *catalog;
  char                *scope;
  char                *round_id;
  BansouReportFlags    flags;
  GDateTime           *generated_at;
} NewData;

static void
new_data_free (gpointer p)
{
  NewData *d = p;

  g_free (d->path);
  g_clear_object (&d->catalog);
  g_free (d->scope);
  g_free (d->round_id);
  g_clear_pointer (&d->generated_at, g_date_time_unref);
  g_free (d);
}

static void
new_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  NewData *d = task_data;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(BansouReport) report = NULL;
  GError *error = NULL;
  BansouReportOptions options = { d->flags, d->generated_at };

  /* A connection of its own: the main thread keeps using its store */
  if (!(store = bansou_store_open (d->path, &error)) ||
      !(report = bansou_report_new (store, d->catalog, d->scope, d->round_id, &options, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_steal_pointer (&report), g_object_unref);
}

/**
 * bansou_report_new_async:
 *
 * Builds the report in a worker thread with a connection of its own to
 * @store's file, so that the main loop stays free for a national report.
 */
void
bansou_report_new_async (BansouStore               *store,
                         BansouCatalog             *catalog,
                         const char                *scope,
                         const char                *round_id,
                         const BansouReportOptions *options,
                         GCancellable              *cancellable,
                         GAsyncReadyCallback        callback,
                         gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  NewData *d;

  g_return_if_fail (BANSOU_IS_STORE (store));
  g_return_if_fail (BANSOU_IS_CATALOG (catalog));
  g_return_if_fail (round_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bansou_report_new_async);

  d = g_new0 (NewData, 1);
  d->path = g_strdup (bansou_store_get_path (store));
  d->catalog = g_object_ref (catalog);
  d->scope = g_strdup (scope);
  d->round_id = g_strdup (round_id);
  d->flags = options ? options->flags : 0;
  d->generated_at = options && options->generated_at ? g_date_time_ref (options->generated_at) : NULL;
  g_task_set_task_data (task, d, new_data_free);
  g_task_run_in_thread (task, new_thread);
}

/**
 * bansou_report_new_finish:
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
BansouReport *
bansou_report_new_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bansou_report_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
bansou_report_get_scope (BansouReport *self)
{
  g_return_val_if_fail (BANSOU_IS_REPORT (self), NULL);
  return self->data->scope;
}

/**
 * bansou_report_get_scope_name:
 *
 * Returns: the prefecture's name, or "Nationwide" translated
 */
const char *
bansou_report_get_scope_name (BansouReport *self)
{
  g_return_val_if_fail (BANSOU_IS_REPORT (self), NULL);
  return self->data->scope_name;
}

const char *
bansou_report_get_round (BansouReport *self)
{
  g_return_val_if_fail (BANSOU_IS_REPORT (self), NULL);
  return self->data->round_id;
}

guint
bansou_report_get_n_bodies (BansouReport *self)
{
  g_return_val_if_fail (BANSOU_IS_REPORT (self), 0);
  return self->data->bodies->len;
}

/**
 * bansou_report_get_body_name:
 *
 * Returns: the name of the @index-th body the report covers, as printed
 */
const char *
bansou_report_get_body_name (BansouReport *self,
                             guint         index)
{
  BansouReportBody *body;

  g_return_val_if_fail (BANSOU_IS_REPORT (self), NULL);
  g_return_val_if_fail (index < self->data->bodies->len, NULL);

  body = g_ptr_array_index (self->data->bodies, index);
  return body->name;
}

guint
bansou_report_get_n_pages (BansouReport *self)
{
  g_return_val_if_fail (BANSOU_IS_REPORT (self), 0);
  return self->pages->len;
}

/**
 * bansou_report_draw_page:
 * @cr: any cairo context: a PDF surface, a GtkPrintContext's, a widget's
 * @width_pt: the width of the area to draw into, in @cr's units (points
 *   for printing)
 * @height_pt: its height
 *
 * Draws page @page_index into the rectangle (0, 0, @width_pt, @height_pt)
 * of @cr, scaled to fit and centred when it is not A4.
 */
void
bansou_report_draw_page (BansouReport *self,
                         cairo_t      *cr,
                         guint         page_index,
                         double        width_pt,
                         double        height_pt)
{
  PangoContext *context;
  GArray *page;
  double scale;

  g_return_if_fail (BANSOU_IS_REPORT (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page_index < self->pages->len);

  page = g_ptr_array_index (self->pages, page_index);
  scale = MIN (width_pt / BANSOU_REPORT_PAGE_WIDTH, height_pt / BANSOU_REPORT_PAGE_HEIGHT);

  cairo_save (cr);
  cairo_translate (cr,
                   (width_pt - BANSOU_REPORT_PAGE_WIDTH * scale) / 2,
                   (height_pt - BANSOU_REPORT_PAGE_HEIGHT * scale) / 2);
  cairo_scale (cr, scale, scale);

  context = _bansou_report_context_new (cr);
  draw_running (self, cr, context, page_index);

  for (guint i = 0; i < page->len; i++)
    {
      Block *block = &g_array_index (page, Block, i);

      cairo_save (cr);
      cairo_translate (cr, REPORT_MARGIN_LEFT, REPORT_MARGIN_TOP + block->y);
      block->draw (cr, context,
                   BANSOU_REPORT_PAGE_WIDTH - REPORT_MARGIN_LEFT - REPORT_MARGIN_RIGHT,
                   block->height, block->data);
      cairo_restore (cr);
    }

  g_object_unref (context);
  cairo_restore (cr);
}

/* ------------------------------------------------------------------------ */
/* Output                                                                   */

static gboolean
write_error (GError     **error,
             const char  *path,
             const char  *reason)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_WRITE,
               _("Could not write %s: %s"), display, reason);
  return FALSE;
}

/**
 * bansou_report_write_pdf:
 *
 * Writes the whole report as a PDF. The file appears only once complete.
 *
 * Returns: %TRUE on success
 */
gboolean
bansou_report_write_pdf (BansouReport  *self,
                         const char    *path,
                         GError       **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (BANSOU_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  tmp = g_strconcat (path, ".part", NULL);
  surface = cairo_pdf_surface_create (tmp, BANSOU_REPORT_PAGE_WIDTH, BANSOU_REPORT_PAGE_HEIGHT);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      status = cairo_surface_status (surface);
      cairo_surface_destroy (surface);
      return write_error (error, path, cairo_status_to_string (status));
    }

  title = g_strdup_printf ("%s — %s %s", _("Information security status report"),
                           self->data->scope_name, self->data->round_label);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Bansō " PACKAGE_VERSION);

  cr = cairo_create (surface);
  for (guint i = 0; i < self->pages->len; i++)
    {
      bansou_report_draw_page (self, cr, i, BANSOU_REPORT_PAGE_WIDTH, BANSOU_REPORT_PAGE_HEIGHT);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp);
      return write_error (error, path, cairo_status_to_string (status));
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      return write_error (error, path, g_strerror (saved));
    }

  return TRUE;
}

static GPtrArray *
collect_tables (BansouReport *self)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_report_table_free);

  for (guint i = 0; i < self->sections->len; i++)
    {
      BansouReportSection *section = g_ptr_array_index (self->sections, i);

      if (section->funcs->add_tables)
        section->funcs->add_tables (section, tables);
    }

  return tables;
}

/**
 * bansou_report_write_csv:
 * @directory: where to write; created if missing
 *
 * Writes each table of the report as DIRECTORY/ID.csv (UTF-8 with a byte
 * order mark, CRLF), as Excel opens them.
 *
 * Returns: (transfer full): the files written, or %NULL with @error set
 */
GStrv
bansou_report_write_csv (BansouReport  *self,
                         const char    *directory,
                         GError       **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GStrvBuilder) written = g_strv_builder_new ();

  g_return_val_if_fail (BANSOU_IS_REPORT (self), NULL);
  g_return_val_if_fail (directory != NULL, NULL);

  if (g_mkdir_with_parents (directory, 0755) != 0)
    {
      int saved = errno;
      write_error (error, directory, g_strerror (saved));
      return NULL;
    }

  tables = collect_tables (self);
  for (guint i = 0; i < tables->len; i++)
    {
      BansouReportTable *table = g_ptr_array_index (tables, i);
      g_autofree char *name = g_strconcat (table->id, ".csv", NULL);
      g_autofree char *path = g_build_filename (directory, name, NULL);
      g_autofree char *csv = NULL;
      g_autoptr(GError) local_error = NULL;
      gsize length;

      csv = bansou_report_table_to_csv (table, &length);
      if (!g_file_set_contents (path, csv, length, &local_error))
        {
          write_error (error, path, local_error->message);
          return NULL;
        }
      g_strv_builder_add (written, path);
    }

  return g_strv_builder_end (written);
}

/**
 * bansou_report_can_write_xlsx:
 *
 * Returns: whether this build has libxlsxwriter
 */
gboolean
bansou_report_can_write_xlsx (void)
{
#ifdef HAVE_XLSXWRITER
  return TRUE;
#else
  return FALSE;
#endif
}

/**
 * bansou_report_write_xlsx:
 *
 * Writes the tables of the report as one workbook, a worksheet per table,
 * numbers as numbers and rates with a percentage format.
 *
 * Returns: %TRUE on success; %BANSOU_REPORT_ERROR_UNSUPPORTED when built
 *   without libxlsxwriter
 */
gboolean
bansou_report_write_xlsx (BansouReport  *self,
                          const char    *path,
                          GError       **error)
{
  g_autoptr(GPtrArray) tables = NULL;

  g_return_val_if_fail (BANSOU_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!bansou_report_can_write_xlsx ())
    {
      g_set_error_literal (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_UNSUPPORTED,
                           _("This build of Bansō cannot write .xlsx files (libxlsxwriter is missing)"));
      return FALSE;
    }

  tables = collect_tables (self);
  return _bansou_report_write_xlsx_tables (tables, path, error);
}

/**
 * bansou_report_latest_round:
 *
 * Returns: (transfer full): the id of the newest round, or %NULL with
 *   %BANSOU_REPORT_ERROR_NO_ROUND when there is none
 */
char *
bansou_report_latest_round (BansouStore  *store,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);

  stmt = _bansou_store_prepare (store, "SELECT id FROM rounds ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    return g_strdup (_bansou_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, "rounds");
      return NULL;
    }

  g_set_error_literal (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_NO_ROUND,
                       _("There is no survey round yet"));
  return NULL;
}
