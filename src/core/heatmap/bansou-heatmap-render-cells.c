/* bansou-heatmap-render-cells.c — the cell image and the cells drawn from it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-heatmap"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-heatmap-render-private.h"

/* ---- the cell image ---------------------------------------------------- */

static cairo_surface_t *
ensure_surface (cairo_surface_t *surface,
                int              width,
                int              height)
{
  width = MAX (width, 1);
  height = MAX (height, 1);
  if (surface != NULL &&
      cairo_image_surface_get_width (surface) == width &&
      cairo_image_surface_get_height (surface) == height)
    return surface;

  g_clear_pointer (&surface, cairo_surface_destroy);
  return cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
}

static void
fill_score_row (BansouHeatmapModel   *model,
                BansouHeatmapRowKind  kind,
                guint                 index,
                guint                 n_cols,
                guint32              *px,
                guint8               *marks)
{
  for (guint c = 0; c < n_cols; c++)
    {
      double score = bansou_heatmap_model_get_cell_score (model, kind, index, c);

      px[c] = bansou_heatmap_renderer_get_score_color (score);
      marks[c] = score < 0 ? MARK_DOT : MARK_NONE;
    }
}

void
_bansou_heatmap_renderer_build_image (BansouHeatmapRenderer *self)
{
  BansouHeatmapModel *model = self->model;
  guint n_rows = bansou_heatmap_model_get_n_rows (model);
  guint n_cols = bansou_heatmap_model_get_n_columns (model);
  guint nq = bansou_heatmap_model_get_n_questions (model);
  const guint8 *cells = bansou_heatmap_model_get_cells (model);
  gboolean questions = bansou_heatmap_model_get_columns_mode (model) == BANSOU_HEATMAP_COLUMNS_QUESTIONS;
  guint32 status_lut[8];
  guint8 mark_lut[8];
  g_autofree guint *col_q = g_new (guint, MAX (n_cols, 1));
  guchar *data;
  int stride;

  for (guint s = 0; s < 8; s++)
    {
      status_lut[s] = bansou_heatmap_renderer_get_status_color (MIN (s, BANSOU_N_STATUSES));
      mark_lut[s] = s == BANSOU_STATUS_NA ? MARK_OUTLINE :
                    (s == BANSOU_STATUS_UNANSWERED || s >= BANSOU_N_STATUSES) ? MARK_DOT : MARK_NONE;
    }
  for (guint c = 0; c < n_cols; c++)
    col_q[c] = bansou_heatmap_model_get_column (model, c);

  self->image = ensure_surface (self->image, n_cols, n_rows);
  self->summary = ensure_surface (self->summary, n_cols, 2);
  g_free (self->marks);
  self->marks = g_malloc0 (MAX ((gsize) n_rows * n_cols, 1));
  g_free (self->summary_marks);
  self->summary_marks = g_malloc0 (MAX (2 * n_cols, 1));

  cairo_surface_flush (self->image);
  data = cairo_image_surface_get_data (self->image);
  stride = cairo_image_surface_get_stride (self->image);

  for (guint r = 0; r < n_rows; r++)
    {
      guint32 *px = (guint32 *) (gpointer) (data + (gsize) r * stride);
      guint8 *marks = self->marks + (gsize) r * n_cols;
      guint index;
      BansouHeatmapRowKind kind = bansou_heatmap_model_get_row (model, r, &index);

      if (kind == BANSOU_HEATMAP_ROW_BODY && questions)
        {
          const guint8 *src = cells + (gsize) index * nq;

          for (guint c = 0; c < n_cols; c++)
            {
              guint8 s = src[col_q[c]] & 0x07;

              px[c] = status_lut[s];
              marks[c] = mark_lut[s];
            }
        }
      else
        fill_score_row (model, kind, index, n_cols, px, marks);
    }
  cairo_surface_mark_dirty (self->image);

  cairo_surface_flush (self->summary);
  data = cairo_image_surface_get_data (self->summary);
  stride = cairo_image_surface_get_stride (self->summary);
  fill_score_row (model, BANSOU_HEATMAP_ROW_MEAN, 0, n_cols,
                  (guint32 *) (gpointer) data, self->summary_marks);
  fill_score_row (model, BANSOU_HEATMAP_ROW_BASELINE, 0, n_cols,
                  (guint32 *) (gpointer) (data + stride), self->summary_marks + n_cols);
  cairo_surface_mark_dirty (self->summary);

  self->dirty = FALSE;
}

/* ---- drawing pieces ---------------------------------------------------- */

static gboolean
is_vector (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_SVG:
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
      return TRUE;
    default:
      return FALSE;
    }
}

void
_bansou_heatmap_renderer_visible_range (double  origin,
                                        int     size,
                                        guint   n,
                                        double  clip_start,
                                        double  clip_size,
                                        guint  *first,
                                        guint  *last)
{
  double a = floor ((clip_start - origin) / size);
  double b = ceil ((clip_start + clip_size - origin) / size);

  *first = (guint) CLAMP (a, 0, n);
  *last = (guint) CLAMP (b, 0, n);
}

typedef struct
{
  int  x, y, w;
  int  next;     /* the next run of the same colour, or -1 */
} Run;

#define N_BUCKETS 512   /* open addressing; a view shows a few dozen colours */

/* Rectangles merged along each row, one fill per colour: for print,
 * where a scaled bitmap would be blurred by the viewer. */
static void
paint_cells_rectangles (cairo_t         *cr,
                        cairo_surface_t *image,
                        double           cx,
                        double           cy,
                        int              cw,
                        int              rh,
                        guint            c0,
                        guint            c1,
                        guint            r0,
                        guint            r1)
{
  g_autoptr(GArray) runs = g_array_sized_new (FALSE, FALSE, sizeof (Run), 1024);
  guint32 colors[N_BUCKETS];
  int heads[N_BUCKETS], tails[N_BUCKETS];
  gboolean used[N_BUCKETS] = { FALSE };
  const guchar *data;
  int stride;

  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);

  for (guint r = r0; r < r1; r++)
    {
      const guint32 *px = (const guint32 *) (gconstpointer) (data + (gsize) r * stride);

      for (guint c = c0; c < c1;)
        {
          guint32 color = px[c] & 0xffffff;
          Run run = { c, r, 0, -1 };
          guint h = (color * 2654435761u) >> 23;   /* 9 bits */
          int index;

          while (c < c1 && (px[c] & 0xffffff) == color)
            c++, run.w++;

          while (used[h] && colors[h] != color)
            h = (h + 1) % N_BUCKETS;
          index = runs->len;
          g_array_append_val (runs, run);
          if (!used[h])
            {
              used[h] = TRUE;
              colors[h] = color;
              heads[h] = index;
            }
          else
            g_array_index (runs, Run, tails[h]).next = index;
          tails[h] = index;
        }
    }

  for (guint h = 0; h < N_BUCKETS; h++)
    {
      if (!used[h])
        continue;

      cairo_new_path (cr);
      for (int i = heads[h]; i >= 0; i = g_array_index (runs, Run, i).next)
        {
          const Run *run = &g_array_index (runs, Run, i);
          cairo_rectangle (cr, cx + run->x * cw, cy + run->y * rh, run->w * cw, rh);
        }
      _bansou_heatmap_renderer_set_source_rgb32 (cr, colors[h]);
      cairo_fill (cr);
    }
}

/* Paints rows of an image (cells or summary) with their origin (row 0,
 * column 0) at cx, cy, inside clip. */
void
_bansou_heatmap_renderer_draw_cells (BansouHeatmapRenderer *self,
                                     cairo_t               *cr,
                                     cairo_surface_t       *image,
                                     const guint8          *marks,
                                     guint                  n_rows,
                                     int                    rh,
                                     gboolean               body_rows,
                                     double                 cx,
                                     double                 cy,
                                     const Rect            *clip)
{
  guint n_cols = bansou_heatmap_model_get_n_columns (self->model);
  gboolean questions = bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_QUESTIONS;
  int cw = self->column_width;
  guint c0, c1, r0, r1;
  double x0, y0, w, h;

  if (n_rows == 0 || n_cols == 0 || clip->width <= 0 || clip->height <= 0)
    return;

  _bansou_heatmap_renderer_visible_range (cx, cw, n_cols, clip->x, clip->width, &c0, &c1);
  _bansou_heatmap_renderer_visible_range (cy, rh, n_rows, clip->y, clip->height, &r0, &r1);
  if (c0 >= c1 || r0 >= r1)
    return;

  x0 = cx + c0 * cw;
  y0 = cy + r0 * rh;
  w = (c1 - c0) * (double) cw;
  h = (r1 - r0) * (double) rh;

  cairo_save (cr);
  cairo_rectangle (cr, clip->x, clip->y, clip->width, clip->height);
  cairo_clip (cr);

  if (is_vector (cr))
    paint_cells_rectangles (cr, image, cx, cy, cw, rh, c0, c1, r0, r1);
  else
    {
      cairo_pattern_t *pattern = cairo_pattern_create_for_surface (image);
      cairo_matrix_t m;

      cairo_matrix_init_scale (&m, 1.0 / cw, 1.0 / rh);
      cairo_matrix_translate (&m, -cx, -cy);
      cairo_pattern_set_matrix (pattern, &m);
      cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
      cairo_set_source (cr, pattern);
      cairo_rectangle (cr, x0, y0, w, h);
      cairo_fill (cr);
      cairo_pattern_destroy (pattern);
    }

  /* Marks for 未回答 / no data and 対象外, on the visible cells only. */
  if (cw >= MIN_MARK_CELL && rh >= MIN_MARK_CELL)
    {
      int d = MAX (2, MIN (cw, rh) / 4);
      gboolean any_outline = FALSE;

      cairo_new_path (cr);
      for (guint r = r0; r < r1; r++)
        {
          const guint8 *mk = marks + (gsize) r * n_cols;

          for (guint c = c0; c < c1; c++)
            {
              if (mk[c] == MARK_DOT)
                cairo_rectangle (cr,
                                 floor (cx + c * cw + (cw + 1 - d) / 2.0),
                                 floor (cy + r * rh + (rh + 1 - d) / 2.0),
                                 d, d);
              else if (mk[c] == MARK_OUTLINE)
                any_outline = TRUE;
            }
        }
      _bansou_heatmap_renderer_set_source_rgb32 (cr, COLOR_DOT);
      cairo_fill (cr);

      if (any_outline)
        {
          for (guint r = r0; r < r1; r++)
            {
              const guint8 *mk = marks + (gsize) r * n_cols;

              for (guint c = c0; c < c1; c++)
                if (mk[c] == MARK_OUTLINE)
                  {
                    double x = cx + c * cw + 1, y = cy + r * rh + 1;
                    double iw = cw - 1, ih = rh - 1;

                    cairo_rectangle (cr, x, y, iw, 1);
                    cairo_rectangle (cr, x, y + ih - 1, iw, 1);
                    cairo_rectangle (cr, x, y + 1, 1, ih - 2);
                    cairo_rectangle (cr, x + iw - 1, y + 1, 1, ih - 2);
                  }
            }
          _bansou_heatmap_renderer_set_source_rgb32 (cr, COLOR_OUTLINE);
          cairo_fill (cr);
        }
    }

  /* Category scores are few and wide: print them. */
  if (!questions && cw >= 44 && rh >= 15)
    {
      for (guint r = r0; r < r1; r++)
        {
          guint index = 0;
          BansouHeatmapRowKind kind = body_rows ? bansou_heatmap_model_get_row (self->model, r, &index)
                                                : r == 0 ? BANSOU_HEATMAP_ROW_MEAN : BANSOU_HEATMAP_ROW_BASELINE;

          for (guint c = c0; c < c1; c++)
            {
              double score = bansou_heatmap_model_get_cell_score (self->model, kind, index, c);
              PangoLayout *pct;

              if (score < 0)
                continue;
              pct = _bansou_heatmap_renderer_percent_layout (self, score);
              if (score < 0.35)
                cairo_set_source_rgb (cr, 1, 1, 1);
              else
                cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
              _bansou_heatmap_renderer_show_layout (cr, pct, cx + (c + 1) * cw - _bansou_heatmap_renderer_layout_width (pct) - 6,
                                                    cy + r * rh + (rh - _bansou_heatmap_renderer_layout_height (pct)) / 2.0);
            }
        }
    }

  /* Gaps in the background colour: a grid when cells are big enough, and
   * always between the category bands and above prefecture headings. */
  {
    gboolean grid = cw >= MIN_GAP_CELL && rh >= MIN_GAP_CELL;

    cairo_new_path (cr);
    for (guint c = MAX (c0, 1); c < c1 + (c1 < n_cols ? 1 : 0); c++)
      {
        gboolean band = questions &&
          bansou_heatmap_model_get_column_category (self->model, c) !=
          bansou_heatmap_model_get_column_category (self->model, c - 1);

        if (band && cw >= 3)
          cairo_rectangle (cr, cx + c * cw - (grid ? 1 : 0), y0, grid ? 3 : 1, h);
        else if (grid)
          cairo_rectangle (cr, cx + c * cw, y0, 1, h);
      }
    for (guint r = MAX (r0, 1); r < r1 + (r1 < n_rows ? 1 : 0); r++)
      {
        gboolean heading = body_rows &&
          bansou_heatmap_model_get_row (self->model, r, NULL) == BANSOU_HEATMAP_ROW_GROUP;

        if (heading && rh >= 3)
          cairo_rectangle (cr, x0, cy + r * rh - (grid ? 1 : 0), w, grid ? 3 : 1);
        else if (grid)
          cairo_rectangle (cr, x0, cy + r * rh, w, 1);
      }
    cairo_set_source_rgb (cr, self->bg[0], self->bg[1], self->bg[2]);
    cairo_fill (cr);
  }

  cairo_restore (cr);
}
