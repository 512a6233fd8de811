/* bansou-report-draw.c — typography, paragraphs and tables of the report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Text is measured while paginating and drawn later on whatever cairo_t
 * the page goes to (a PDF surface, a printer, the preview widget). Both
 * use a Pango context at 72 dpi with hinting off, so a line measured
 * 120 pt wide is 120 pt wide everywhere and nothing moves between the
 * preview and the paper.
 */
#define G_LOG_DOMAIN "bansou-report"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-report-private.h"

static const struct {
  double      size;    /* points */
  PangoWeight weight;
} styles[REPORT_N_STYLES] = {
  [REPORT_STYLE_TITLE]      = { 19.0, PANGO_WEIGHT_BOLD },
  [REPORT_STYLE_SUBTITLE]   = { 10.5, PANGO_WEIGHT_NORMAL },
  [REPORT_STYLE_HEADING]    = { 12.5, PANGO_WEIGHT_BOLD },
  [REPORT_STYLE_SUBHEADING] = {  9.5, PANGO_WEIGHT_BOLD },
  [REPORT_STYLE_BODY]       = {  9.0, PANGO_WEIGHT_NORMAL },
  [REPORT_STYLE_BODY_BOLD]  = {  9.0, PANGO_WEIGHT_BOLD },
  [REPORT_STYLE_SMALL]      = {  7.5, PANGO_WEIGHT_NORMAL },
  [REPORT_STYLE_TABLE]      = {  8.5, PANGO_WEIGHT_NORMAL },
  [REPORT_STYLE_TABLE_HEAD] = {  8.0, PANGO_WEIGHT_BOLD },
  [REPORT_STYLE_FIGURE]     = { 22.0, PANGO_WEIGHT_BOLD },
  [REPORT_STYLE_RUNNING]    = {  7.5, PANGO_WEIGHT_NORMAL },
  [REPORT_STYLE_TINY]       = {  5.8, PANGO_WEIGHT_NORMAL },
  [REPORT_STYLE_TINY_BOLD]  = {  5.8, PANGO_WEIGHT_BOLD },
};

/**
 * _bansou_report_context_new:
 * @cr: (nullable): the target, or %NULL to measure
 *
 * Returns: (transfer full): a Pango context at 72 dpi without hinting
 */
PangoContext *
_bansou_report_context_new (cairo_t *cr)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);

  pango_cairo_context_set_resolution (context, 72);
  pango_context_set_round_glyph_positions (context, FALSE);
  /* Japanese glyph forms for Han characters shared with Chinese */
  pango_context_set_language (context, pango_language_from_string ("ja"));

  if (cr != NULL)
    pango_cairo_update_context (cr, context);

  return context;
}

double
_bansou_report_style_size (ReportStyle style)
{
  g_return_val_if_fail (style < REPORT_N_STYLES, 9);
  return styles[style].size;
}

/**
 * _bansou_report_layout:
 * @markup: Pango markup (escape text with g_markup_escape_text())
 * @width: the width to wrap at, or -1 for a single line
 *
 * Returns: (transfer full): the laid out text
 */
PangoLayout *
_bansou_report_layout (PangoContext   *context,
                       ReportStyle     style,
                       const char     *markup,
                       double          width,
                       PangoAlignment  align)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_new ();
  PangoAttrList *attrs;

  pango_font_description_set_family_static (font, REPORT_FONT_FAMILY);
  pango_font_description_set_absolute_size (font, styles[style].size * PANGO_SCALE);
  pango_font_description_set_weight (font, styles[style].weight);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);
  pango_layout_set_markup (layout, markup ? markup : "", -1);

  /* Break long words without a hyphen: "Differen-ce" reads badly, and
   * Japanese has no hyphens anyway. */
  attrs = pango_layout_get_attributes (layout);
  attrs = attrs ? pango_attr_list_ref (attrs) : pango_attr_list_new ();
  pango_attr_list_insert_before (attrs, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  return layout;
}

double
_bansou_report_layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

double
_bansou_report_layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

void
_bansou_report_show (cairo_t     *cr,
                     PangoLayout *layout,
                     double       x,
                     double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/**
 * _bansou_report_show_text:
 *
 * Lays out and draws @markup in the current colour.
 *
 * Returns: the height of the text
 */
double
_bansou_report_show_text (cairo_t        *cr,
                          PangoContext   *context,
                          ReportStyle     style,
                          const char     *markup,
                          double          x,
                          double          y,
                          double          width,
                          PangoAlignment  align)
{
  g_autoptr(PangoLayout) layout = _bansou_report_layout (context, style, markup, width, align);

  _bansou_report_show (cr, layout, x, y);
  return _bansou_report_layout_height (layout);
}

void
_bansou_report_set_color (cairo_t *cr,
                          guint32  rgb)
{
  cairo_set_source_rgb (cr,
                        ((rgb >> 16) & 0xff) / 255.0,
                        ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

void
_bansou_report_hrule (cairo_t *cr,
                      double   x0,
                      double   x1,
                      double   y,
                      double   line_width,
                      guint32  rgb)
{
  cairo_save (cr);
  _bansou_report_set_color (cr, rgb);
  cairo_set_line_width (cr, line_width);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Blue for done and orange-red for not done (Color Brewer RdYlBu, safe
 * for the common colour vision deficiencies and legible in grey). */
guint32
_bansou_report_status_color (BansouStatus status)
{
  switch (status)
    {
    case BANSOU_STATUS_DONE:
      return 0x4575b4;
    case BANSOU_STATUS_PARTIAL:
      return 0xabd9e9;
    case BANSOU_STATUS_NOT_DONE:
      return 0xd73027;
    case BANSOU_STATUS_NA:
      return 0xd9d9d9;
    case BANSOU_STATUS_UNANSWERED:
    case BANSOU_N_STATUSES:
    default:
      return 0xffffff;
    }
}

/**
 * _bansou_report_format_rate:
 *
 * Returns: (transfer full): "72.4%", or "—" without data
 */
char *
_bansou_report_format_rate (double rate)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (rate < 0)
    return g_strdup ("—");
  g_ascii_formatd (buf, sizeof buf, "%.1f", rate);
  return g_strdup_printf ("%s%%", buf);
}

/**
 * _bansou_report_format_change:
 * @markup: colour the arrow
 *
 * Returns: (transfer full): "▲1.2" (better), "▼0.8" (worse), "±0.0"; "—"
 *   for NAN (nothing to compare with)
 */
char *
_bansou_report_format_change (double   points,
                              gboolean markup)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (points))
    return g_strdup ("—");

  g_ascii_formatd (buf, sizeof buf, "%.1f", fabs (points));
  if (g_str_equal (buf, "0.0"))
    return g_strdup ("±0.0");
  if (!markup)
    return g_strdup_printf ("%s%s", points > 0 ? "▲" : "▼", buf);
  return g_strdup_printf ("<span foreground=\"#%06x\">%s</span>%s",
                          points > 0 ? REPORT_UP : REPORT_DOWN,
                          points > 0 ? "▲" : "▼", buf);
}

/* ------------------------------------------------------------------------ */
/* Paragraphs                                                               */

typedef struct
{
  ReportStyle  style;
  char        *markup;
  double       indent;
  double       hang;
  guint32      color;
  int          first_line;
  int          n_lines;
} TextBlock;

static PangoLayout *
paragraph_layout (PangoContext *context,
                  ReportStyle   style,
                  const char   *markup,
                  double        width,
                  double        indent,
                  double        hang)
{
  PangoLayout *layout = _bansou_report_layout (context, style, markup, width - indent - hang, PANGO_ALIGN_LEFT);

  if (hang > 0)
    {
      /* The first line starts @hang further left than the others */
      pango_layout_set_width (layout, (int) ((width - indent) * PANGO_SCALE));
      pango_layout_set_indent (layout, (int) (-hang * PANGO_SCALE));
      /* A tab after the item's number reaches the text of the next lines */
      {
        PangoTabArray *tabs = pango_tab_array_new_with_positions (1, FALSE, PANGO_TAB_LEFT,
                                                                  (int) (hang * PANGO_SCALE));
        pango_layout_set_tabs (layout, tabs);
        pango_tab_array_free (tabs);
      }
    }
  return layout;
}

static void
text_block_free (gpointer p)
{
  TextBlock *t = p;

  g_free (t->markup);
  g_free (t);
}

static void
draw_text_block (cairo_t      *cr,
                 PangoContext *context,
                 double        width,
                 double        height,
                 gpointer      block_data)
{
  TextBlock *t = block_data;
  g_autoptr(PangoLayout) layout = paragraph_layout (context, t->style, t->markup, width, t->indent, t->hang);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double top = 0;
  int i = 0;

  _bansou_report_set_color (cr, t->color);
  do
    {
      int y0, y1;

      if (i < t->first_line)
        continue;
      if (i >= t->first_line + t->n_lines)
        break;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      if (i == t->first_line)
        top = (double) y0 / PANGO_SCALE;
      {
        PangoRectangle logical;

        pango_layout_iter_get_line_extents (iter, NULL, &logical);
        cairo_move_to (cr, t->indent + (double) logical.x / PANGO_SCALE,
                       (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE - top);
        pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
      }
    }
  while (i++, pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
}

/**
 * _bansou_report_flow_add_text:
 *
 * Places a paragraph, cutting it between lines where the page ends.
 */
void
_bansou_report_flow_add_text (BansouReportFlow *flow,
                              ReportStyle       style,
                              const char       *markup,
                              double            indent,
                              guint32           color)
{
  _bansou_report_flow_add_paragraph (flow, style, markup, indent, 0, color);
}

/**
 * _bansou_report_flow_add_paragraph:
 * @hang: lines after the first start this much further right (a hanging
 *   indent, for numbered items)
 */
void
_bansou_report_flow_add_paragraph (BansouReportFlow *flow,
                                   ReportStyle       style,
                                   const char       *markup,
                                   double            indent,
                                   double            hang,
                                   guint32           color)
{
  double width = bansou_report_flow_get_width (flow);
  g_autoptr(PangoLayout) layout = paragraph_layout (bansou_report_flow_get_context (flow),
                                                    style, markup, width, indent, hang);
  int n_lines = pango_layout_get_line_count (layout);
  g_autofree double *tops = g_new (double, n_lines + 1);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  int first = 0;
  int i = 0;

  do
    {
      int y0, y1;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      tops[i] = (double) y0 / PANGO_SCALE;
      tops[i + 1] = (double) y1 / PANGO_SCALE;
      i++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  while (first < n_lines)
    {
      double remaining = bansou_report_flow_get_remaining (flow);
      TextBlock *t;
      int last = first;

      while (last < n_lines && tops[last + 1] - tops[first] <= remaining + 0.01)
        last++;

      if (last == first)
        {
          if (bansou_report_flow_is_page_empty (flow))
            last = first + 1;  /* a line taller than a page: place it anyway */
          else
            {
              bansou_report_flow_break_page (flow);
              continue;
            }
        }

      t = g_new0 (TextBlock, 1);
      t->style = style;
      t->markup = g_strdup (markup);
      t->indent = indent;
      t->hang = hang;
      t->color = color;
      t->first_line = first;
      t->n_lines = last - first;
      bansou_report_flow_add (flow, tops[last] - tops[first], draw_text_block, t, text_block_free);
      first = last;
    }
}

typedef struct
{
  ReportStyle  style;
  char        *text;
} HeadingBlock;

static void
heading_block_free (gpointer p)
{
  HeadingBlock *h = p;

  g_free (h->text);
  g_free (h);
}

static void
draw_heading_block (cairo_t      *cr,
                    PangoContext *context,
                    double        width,
                    double        height,
                    gpointer      block_data)
{
  HeadingBlock *h = block_data;
  g_autofree char *markup = g_markup_escape_text (h->text, -1);
  double text_height;

  if (h->style == REPORT_STYLE_HEADING)
    {
      /* A bar in the margin of the text, and a hairline under it */
      _bansou_report_set_color (cr, REPORT_ACCENT);
      cairo_rectangle (cr, 0, 3, 3.2, height - 10);
      cairo_fill (cr);
      _bansou_report_set_color (cr, REPORT_INK);
      text_height = _bansou_report_show_text (cr, context, h->style, markup, 9, 0, width - 9, PANGO_ALIGN_LEFT);
      _bansou_report_hrule (cr, 0, width, text_height + 2.5, 0.5, REPORT_RULE);
    }
  else
    {
      _bansou_report_set_color (cr, REPORT_ACCENT);
      _bansou_report_show_text (cr, context, h->style, markup, 0, 0, width, PANGO_ALIGN_LEFT);
    }
}

void
_bansou_report_flow_add_heading (BansouReportFlow *flow,
                                 ReportStyle       style,
                                 const char       *text,
                                 double            keep)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);
  g_autoptr(PangoLayout) layout = _bansou_report_layout (bansou_report_flow_get_context (flow),
                                                         style, markup, bansou_report_flow_get_width (flow) - 9,
                                                         PANGO_ALIGN_LEFT);
  double height = _bansou_report_layout_height (layout) + (style == REPORT_STYLE_HEADING ? 9 : 3);
  HeadingBlock *h = g_new0 (HeadingBlock, 1);

  h->style = style;
  h->text = g_strdup (text);
  bansou_report_flow_keep (flow, height + keep);
  bansou_report_flow_add (flow, height, draw_heading_block, h, heading_block_free);
}

/* ------------------------------------------------------------------------ */
/* Tables                                                                   */

#define GRID_PAD_X 4.0
#define GRID_PAD_Y 3.0
#define GRID_BAR_HEIGHT 6.0

typedef struct
{
  char           *title;
  double          width;
  ReportGridKind  kind;
} GridColumn;

typedef struct
{
  char   *markup;
  double  rate;
  double  marker;
} GridCell;

struct _ReportGrid
{
  gint       ref_count;
  GArray    *columns;      /* GridColumn */
  GArray    *cells;        /* GridCell, row-major */
  gboolean   total_row;
  gboolean   no_header;
  double    *row_heights;
  double     head_height;
};

static void
grid_column_clear (gpointer p)
{
  g_free (((GridColumn *) p)->title);
}

static void
grid_cell_clear (gpointer p)
{
  g_free (((GridCell *) p)->markup);
}

ReportGrid *
_bansou_report_grid_new (void)
{
  ReportGrid *grid = g_new0 (ReportGrid, 1);

  grid->ref_count = 1;
  grid->columns = g_array_new (FALSE, TRUE, sizeof (GridColumn));
  g_array_set_clear_func (grid->columns, grid_column_clear);
  grid->cells = g_array_new (FALSE, TRUE, sizeof (GridCell));
  g_array_set_clear_func (grid->cells, grid_cell_clear);

  return grid;
}

static void
grid_unref (gpointer p)
{
  ReportGrid *grid = p;

  if (!g_atomic_int_dec_and_test (&grid->ref_count))
    return;
  g_array_unref (grid->columns);
  g_array_unref (grid->cells);
  g_free (grid->row_heights);
  g_free (grid);
}

/**
 * _bansou_report_grid_add_column:
 * @width: in points; 0 for the rest of the width (one column at most)
 */
void
_bansou_report_grid_add_column (ReportGrid     *grid,
                                const char     *title,
                                double          width,
                                ReportGridKind  kind)
{
  GridColumn column = { g_strdup (title), width, kind };

  g_array_append_val (grid->columns, column);
}

void
_bansou_report_grid_add_cell (ReportGrid *grid,
                              const char *markup)
{
  GridCell cell = { g_strdup (markup ? markup : ""), -1, -1 };

  g_array_append_val (grid->cells, cell);
}

void
_bansou_report_grid_add_bar (ReportGrid *grid,
                             double      rate,
                             double      marker)
{
  GridCell cell = { NULL, rate, marker };

  g_array_append_val (grid->cells, cell);
}

void
_bansou_report_grid_set_total_row (ReportGrid *grid)
{
  grid->total_row = TRUE;
}

/* A list of facts (label, value) needs no header row. */
void
_bansou_report_grid_hide_header (ReportGrid *grid)
{
  grid->no_header = TRUE;
}

static guint
grid_n_rows (ReportGrid *grid)
{
  return grid->cells->len / grid->columns->len;
}

static void
grid_resolve_widths (ReportGrid *grid,
                     double      width)
{
  double fixed = 0;
  GridColumn *rest = NULL;

  for (guint c = 0; c < grid->columns->len; c++)
    {
      GridColumn *column = &g_array_index (grid->columns, GridColumn, c);

      if (column->width <= 0)
        rest = column;
      else
        fixed += column->width;
    }
  if (rest != NULL)
    rest->width = MAX (width - fixed, 20);
}

static ReportStyle
grid_cell_style (ReportGrid *grid,
                 guint       row)
{
  return grid->total_row && row + 1 == grid_n_rows (grid) ? REPORT_STYLE_TABLE_HEAD : REPORT_STYLE_TABLE;
}

static PangoLayout *
grid_cell_layout (PangoContext *context,
                  GridColumn   *column,
                  ReportStyle   style,
                  const char   *markup)
{
  g_autofree char *wrapped = NULL;

  if (column->kind == REPORT_GRID_NUMBER)
    {
      /* Tabular figures, so that the digits of a column line up */
      wrapped = g_strdup_printf ("<span font_features=\"tnum 1\">%s</span>", markup);
      return _bansou_report_layout (context, style, wrapped, column->width - 2 * GRID_PAD_X, PANGO_ALIGN_RIGHT);
    }
  return _bansou_report_layout (context, style, markup, column->width - 2 * GRID_PAD_X, PANGO_ALIGN_LEFT);
}

static void
grid_measure (ReportGrid   *grid,
              PangoContext *context)
{
  guint n_rows = grid_n_rows (grid);
  guint n_columns = grid->columns->len;

  grid->head_height = 0;
  for (guint c = 0; c < n_columns && !grid->no_header; c++)
    {
      GridColumn *column = &g_array_index (grid->columns, GridColumn, c);
      g_autofree char *markup = g_markup_escape_text (column->title, -1);
      g_autoptr(PangoLayout) layout = _bansou_report_layout (context, REPORT_STYLE_TABLE_HEAD, markup,
                                                             column->width - 2 * GRID_PAD_X,
                                                             column->kind == REPORT_GRID_TEXT
                                                             ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
      grid->head_height = MAX (grid->head_height, _bansou_report_layout_height (layout) + 2 * GRID_PAD_Y);
    }

  grid->row_heights = g_new0 (double, n_rows);
  for (guint r = 0; r < n_rows; r++)
    {
      double height = GRID_BAR_HEIGHT;

      for (guint c = 0; c < n_columns; c++)
        {
          GridColumn *column = &g_array_index (grid->columns, GridColumn, c);
          GridCell *cell = &g_array_index (grid->cells, GridCell, r * n_columns + c);
          g_autoptr(PangoLayout) layout = NULL;

          if (column->kind == REPORT_GRID_BAR)
            continue;
          layout = grid_cell_layout (context, column, grid_cell_style (grid, r), cell->markup);
          height = MAX (height, _bansou_report_layout_height (layout));
        }
      grid->row_heights[r] = height + 2 * GRID_PAD_Y;
    }
}

typedef struct
{
  ReportGrid *grid;
  guint       first;
  guint       n_rows;
} GridBlock;

static void
grid_block_free (gpointer p)
{
  GridBlock *b = p;

  grid_unref (b->grid);
  g_free (b);
}

static void
draw_bar (cairo_t  *cr,
          double    x,
          double    y,
          double    width,
          double    height,
          GridCell *cell)
{
  double top = y + (height - GRID_BAR_HEIGHT) / 2;

  _bansou_report_set_color (cr, 0xe6e9ee);
  cairo_rectangle (cr, x, top, width, GRID_BAR_HEIGHT);
  cairo_fill (cr);

  if (cell->rate >= 0)
    {
      _bansou_report_set_color (cr, REPORT_ACCENT);
      cairo_rectangle (cr, x, top, width * MIN (cell->rate, 100) / 100, GRID_BAR_HEIGHT);
      cairo_fill (cr);
    }

  if (cell->marker >= 0)
    {
      double mx = x + width * MIN (cell->marker, 100) / 100;

      /* The national baseline: a dark tick standing out of the bar */
      cairo_save (cr);
      _bansou_report_set_color (cr, 0xe08214);
      cairo_set_line_width (cr, 1.6);
      cairo_move_to (cr, mx, top - 2);
      cairo_line_to (cr, mx, top + GRID_BAR_HEIGHT + 2);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

static void
draw_grid_block (cairo_t      *cr,
                 PangoContext *context,
                 double        width,
                 double        height,
                 gpointer      block_data)
{
  GridBlock *b = block_data;
  ReportGrid *grid = b->grid;
  guint n_columns = grid->columns->len;
  double y = grid->head_height;
  double x = 0;
  double table_width = 0;

  for (guint c = 0; c < n_columns; c++)
    table_width += g_array_index (grid->columns, GridColumn, c).width;

  /* Header row on a band, between rules */
  if (grid->no_header)
    {
      _bansou_report_hrule (cr, 0, table_width, 0, 0.8, REPORT_INK);
      goto rows;
    }
  _bansou_report_set_color (cr, REPORT_BAND);
  cairo_rectangle (cr, 0, 0, table_width, grid->head_height);
  cairo_fill (cr);
  _bansou_report_hrule (cr, 0, table_width, 0, 0.8, REPORT_INK);
  _bansou_report_hrule (cr, 0, table_width, grid->head_height, 0.5, REPORT_RULE);

  _bansou_report_set_color (cr, REPORT_INK);
  for (guint c = 0; c < n_columns; c++)
    {
      GridColumn *column = &g_array_index (grid->columns, GridColumn, c);
      g_autofree char *markup = g_markup_escape_text (column->title, -1);
      g_autoptr(PangoLayout) layout = _bansou_report_layout (context, REPORT_STYLE_TABLE_HEAD, markup,
                                                             column->width - 2 * GRID_PAD_X,
                                                             column->kind == REPORT_GRID_TEXT
                                                             ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
      double th = _bansou_report_layout_height (layout);

      _bansou_report_show (cr, layout, x + GRID_PAD_X, grid->head_height - GRID_PAD_Y - th);
      x += column->width;
    }

rows:
  for (guint r = b->first; r < b->first + b->n_rows; r++)
    {
      double row_height = grid->row_heights[r];
      ReportStyle style = grid_cell_style (grid, r);
      gboolean total = grid->total_row && r + 1 == grid_n_rows (grid);

      if (total)
        _bansou_report_hrule (cr, 0, table_width, y, 0.6, REPORT_INK_MUTED);
      else if (r > b->first)
        _bansou_report_hrule (cr, 0, table_width, y, 0.3, REPORT_RULE_LIGHT);

      x = 0;
      for (guint c = 0; c < n_columns; c++)
        {
          GridColumn *column = &g_array_index (grid->columns, GridColumn, c);
          GridCell *cell = &g_array_index (grid->cells, GridCell, r * n_columns + c);

          if (column->kind == REPORT_GRID_BAR)
            draw_bar (cr, x + GRID_PAD_X, y, column->width - 2 * GRID_PAD_X, row_height, cell);
          else
            {
              g_autoptr(PangoLayout) layout = grid_cell_layout (context, column, style, cell->markup);
              double th = _bansou_report_layout_height (layout);

              _bansou_report_set_color (cr, REPORT_INK);
              _bansou_report_show (cr, layout, x + GRID_PAD_X, y + (row_height - th) / 2);
            }
          x += column->width;
        }
      y += row_height;
    }

  _bansou_report_hrule (cr, 0, table_width, y, 0.8, REPORT_INK);
}

static void
grid_prepare (ReportGrid       *grid,
              BansouReportFlow *flow)
{
  if (grid->row_heights != NULL)
    return;
  grid_resolve_widths (grid, bansou_report_flow_get_width (flow));
  grid_measure (grid, bansou_report_flow_get_context (flow));
}

/**
 * _bansou_report_grid_fit:
 * @height: the room for the table
 *
 * Drops the rows that would not fit in @height (the header row included).
 *
 * Returns: the number of rows dropped
 */
guint
_bansou_report_grid_fit (ReportGrid       *grid,
                         BansouReportFlow *flow,
                         double            height)
{
  guint n_rows, keep = 0;
  double used;

  grid_prepare (grid, flow);
  n_rows = grid_n_rows (grid);
  used = grid->head_height + 1;
  while (keep < n_rows && used + grid->row_heights[keep] <= height)
    used += grid->row_heights[keep++];

  g_array_set_size (grid->cells, keep * grid->columns->len);
  return n_rows - keep;
}

/**
 * _bansou_report_flow_add_grid:
 * @grid: (transfer full): the table
 *
 * Places the table, cut between rows where a page ends; the header row
 * is repeated on every page.
 */
void
_bansou_report_flow_add_grid (BansouReportFlow *flow,
                              ReportGrid       *grid)
{
  guint n_rows;
  guint first = 0;

  grid_prepare (grid, flow);
  n_rows = grid_n_rows (grid);

  while (first < n_rows)
    {
      double remaining = bansou_report_flow_get_remaining (flow);
      double height = grid->head_height + 1;
      guint last = first;
      GridBlock *b;

      while (last < n_rows && height + grid->row_heights[last] <= remaining)
        height += grid->row_heights[last++];

      /* Not even a row (and the header) fits: next page. Keep at least two
       * rows with the header, unless the table is that short. */
      if ((last == first || (last - first < 2 && n_rows - first >= 2)) &&
          !bansou_report_flow_is_page_empty (flow))
        {
          bansou_report_flow_break_page (flow);
          continue;
        }
      if (last == first)
        height += grid->row_heights[last++];

      b = g_new0 (GridBlock, 1);
      b->grid = grid;
      g_atomic_int_inc (&grid->ref_count);
      b->first = first;
      b->n_rows = last - first;
      bansou_report_flow_add (flow, height, draw_grid_block, b, grid_block_free);
      first = last;
    }

  grid_unref (grid);
}
