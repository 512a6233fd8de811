/* bansou-heatmap-view-draw.c — drawing: the snapshot, measuring and allocation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-heatmap"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-heatmap-view-private.h"

/* ---- GtkWidget --------------------------------------------------------- */

static void
update_colors (BansouHeatmapView *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA fg, bg;
  double f[3], b[3];

  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "view_bg_color", &bg))
    bg = (GdkRGBA) { 1, 1, 1, 1 };

  if (gdk_rgba_equal (&fg, &self->fg) && gdk_rgba_equal (&bg, &self->bg))
    return;
  self->fg = fg;
  self->bg = bg;
  _bansou_heatmap_view_invalidate_content (self);

  f[0] = fg.red; f[1] = fg.green; f[2] = fg.blue;
  b[0] = bg.red; b[1] = bg.green; b[2] = bg.blue;
  bansou_heatmap_renderer_set_colors (self->renderer, f, b);
}

static void
append_frame (GtkSnapshot   *snapshot,
              const GdkRGBA *color,
              double         x,
              double         y,
              double         width,
              double         height,
              float          line)
{
  GskRoundedRect outline;
  const float widths[4] = { line, line, line, line };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x, y, width, height), 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

void
_bansou_heatmap_view_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  BansouHeatmapGeometry g;
  cairo_rectangle_int_t cell;
  GdkRGBA accent, hover = { 0, 0, 0, 0.75 }, band;
  double top;
  cairo_t *cr;

  if (self->model == NULL || width <= 0 || height <= 0)
    return;

  update_colors (self);
  _bansou_heatmap_view_get_geometry (self, &g);
  top = g.header_height + g.summary_height;

  /* The picture: the visible cells placed from the cached cell image,
   * the sticky labels around them; one node per region, each redrawn only
   * when what it shows moved or changed. */
  for (Part part = 0; part < N_PARTS; part++)
    {
      static const BansouHeatmapParts flags[N_PARTS] = {
        BANSOU_HEATMAP_PART_CORNER, BANSOU_HEATMAP_PART_HEADER,
        BANSOU_HEATMAP_PART_LABELS, BANSOU_HEATMAP_PART_CELLS,
      };
      CachedPart *cache = &self->parts[part];
      double x = (part == PART_HEADER || part == PART_CELLS) ? _bansou_heatmap_view_hvalue (self) : 0;
      double y = (part == PART_LABELS || part == PART_CELLS) ? _bansou_heatmap_view_vvalue (self) : 0;
      graphene_rect_t bounds;

      switch (part)
        {
        case PART_CORNER:
          bounds = GRAPHENE_RECT_INIT (0, 0, g.label_width, MIN (top, height));
          break;
        case PART_HEADER:
          bounds = GRAPHENE_RECT_INIT (g.label_width, 0, width - g.label_width, MIN (top, height));
          break;
        case PART_LABELS:
          bounds = GRAPHENE_RECT_INIT (0, top, g.label_width, height - top);
          break;
        case PART_CELLS:
        case N_PARTS:
        default:
          bounds = GRAPHENE_RECT_INIT (g.label_width, top, width - g.label_width, height - top);
          break;
        }
      if (bounds.size.width <= 0 || bounds.size.height <= 0)
        continue;

      if (cache->node == NULL || cache->serial != self->serial || cache->x != x || cache->y != y ||
          cache->width != width || cache->height != height)
        {
          g_clear_pointer (&cache->node, gsk_render_node_unref);
          cache->node = gsk_cairo_node_new (&bounds);
          cr = gsk_cairo_node_get_draw_context (cache->node);
          bansou_heatmap_renderer_draw_view_parts (self->renderer, cr, width, height,
                                                   _bansou_heatmap_view_hvalue (self), _bansou_heatmap_view_vvalue (self), flags[part]);
          cairo_destroy (cr);

          cache->serial = self->serial;
          cache->x = x;
          cache->y = y;
          cache->width = width;
          cache->height = height;
        }
      gtk_snapshot_append_node (snapshot, cache->node);
    }

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &band);
  band.alpha = 0.10;
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_bg_color", &accent))
    gdk_rgba_parse (&accent, "#3584e4");

  /* Hover: the row's label and the column's heading light up. */
  if (self->hover_area == BANSOU_HEATMAP_AREA_CELL)
    {
      bansou_heatmap_renderer_get_cell_rect (self->renderer, _bansou_heatmap_view_hvalue (self), _bansou_heatmap_view_vvalue (self),
                                             self->hover_row, self->hover_column, &cell);
      if (cell.y >= top - 1)
        gtk_snapshot_append_color (snapshot, &band,
                                   &GRAPHENE_RECT_INIT (0, cell.y, g.label_width - 1, cell.height));
      if (cell.x >= g.label_width - 1)
        gtk_snapshot_append_color (snapshot, &band,
                                   &GRAPHENE_RECT_INIT (cell.x, g.band_height, cell.width,
                                                        g.header_height - g.band_height - 1));
    }

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (g.label_width, top, width - g.label_width, height - top));

  if (self->hover_area == BANSOU_HEATMAP_AREA_CELL)
    {
      bansou_heatmap_renderer_get_cell_rect (self->renderer, _bansou_heatmap_view_hvalue (self), _bansou_heatmap_view_vvalue (self),
                                             self->hover_row, self->hover_column, &cell);
      append_frame (snapshot, &hover, cell.x, cell.y, cell.width + 1, cell.height + 1, 1);
    }

  if (gtk_widget_has_focus (widget) && self->focus_row < _bansou_heatmap_view_n_rows (self) && self->focus_column < _bansou_heatmap_view_n_columns (self))
    {
      bansou_heatmap_renderer_get_cell_rect (self->renderer, _bansou_heatmap_view_hvalue (self), _bansou_heatmap_view_vvalue (self),
                                             self->focus_row, self->focus_column, &cell);
      append_frame (snapshot, &accent, cell.x - 1, cell.y - 1, cell.width + 3, cell.height + 3, 2);
    }

  gtk_snapshot_pop (snapshot);
}

void
_bansou_heatmap_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);
  BansouHeatmapGeometry g;

  if (self->model == NULL)
    {
      *minimum = *natural = 0;
      return;
    }

  _bansou_heatmap_view_get_geometry (self, &g);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = g.label_width + MIN (g.content_width, 4 * g.column_width);
      *natural = g.label_width + g.content_width;
    }
  else
    {
      *minimum = g.header_height + g.summary_height + MIN (g.content_height, 4 * g.row_height);
      *natural = g.header_height + g.summary_height + g.content_height;
    }
}

void
_bansou_heatmap_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);

  if (self->fit_pending && self->model != NULL && width > 0 && _bansou_heatmap_view_n_columns (self) > 0)
    {
      BansouHeatmapGeometry g;
      int zoom;

      self->fit_pending = FALSE;
      _bansou_heatmap_view_get_geometry (self, &g);
      zoom = (width - g.label_width - 2) / (int) _bansou_heatmap_view_n_columns (self);
      if (bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_CATEGORIES)
        zoom /= 5;
      zoom = CLAMP (zoom, 8, 28);
      if (zoom != self->zoom)
        {
          self->zoom = zoom;
          g_object_notify_by_pspec (G_OBJECT (self), _bansou_heatmap_view_properties[PROP_ZOOM]);
        }
    }

  _bansou_heatmap_view_apply_cell_size (self);
  _bansou_heatmap_view_configure_adjustments (self, _bansou_heatmap_view_hvalue (self), _bansou_heatmap_view_vvalue (self));
}
