/* bansou-heatmap-render-labels.c — text: the row and column labels, category bands, summaries and the legend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-heatmap"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-heatmap-render-private.h"

/* ---- text -------------------------------------------------------------- */

void
_bansou_heatmap_renderer_clear_layouts (PangoLayout ***layouts,
                                        guint         *n)
{
  for (guint i = 0; i < *n; i++)
    g_clear_object (&(*layouts)[i]);
  g_clear_pointer (layouts, g_free);
  *n = 0;
}

void
_bansou_heatmap_renderer_clear_text (BansouHeatmapRenderer *self)
{
  _bansou_heatmap_renderer_clear_layouts (&self->body_labels, &self->n_body_labels);
  _bansou_heatmap_renderer_clear_layouts (&self->group_labels, &self->n_group_labels);
  _bansou_heatmap_renderer_clear_layouts (&self->column_labels, &self->n_column_labels);
  _bansou_heatmap_renderer_clear_layouts (&self->band_labels, &self->n_band_labels);
  for (guint i = 0; i < G_N_ELEMENTS (self->percent); i++)
    g_clear_object (&self->percent[i]);
  g_clear_object (&self->summary_labels[0]);
  g_clear_object (&self->summary_labels[1]);
  g_clear_object (&self->corner);
}

static PangoContext *
get_context (BansouHeatmapRenderer *self)
{
  if (self->context == NULL)
    {
      PangoFontDescription *desc = pango_font_description_from_string ("Sans 10");

      self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      pango_cairo_context_set_resolution (self->context, 96);
      pango_context_set_font_description (self->context, desc);
      pango_font_description_free (desc);
    }
  return self->context;
}

PangoLayout *
_bansou_heatmap_renderer_new_layout (BansouHeatmapRenderer *self,
                                     const char            *text,
                                     double                 px,
                                     PangoWeight            weight)
{
  PangoContext *context = get_context (self);
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_copy (pango_context_get_font_description (context));
  PangoAttrList *attrs = pango_attr_list_new ();

  /* Japanese names: ask for Japanese glyph forms whatever the locale. */
  pango_attr_list_insert (attrs, pango_attr_language_new (pango_language_from_string ("ja")));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  pango_font_description_set_absolute_size (desc, px * PANGO_SCALE);
  pango_font_description_set_weight (desc, weight);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
label_px (BansouHeatmapRenderer *self)
{
  return CLAMP (self->row_height * 0.72, 8, 12.5);
}

PangoLayout *
_bansou_heatmap_renderer_percent_layout (BansouHeatmapRenderer *self,
                                         double                 score)
{
  guint i = score < 0 ? 101 : (guint) lround (CLAMP (score, 0, 1) * 100);

  if (self->percent[i] == NULL)
    {
      g_autofree char *text = i == 101 ? g_strdup ("–") : g_strdup_printf ("%u%%", i);

      self->percent[i] = _bansou_heatmap_renderer_new_layout (self, text, MIN (label_px (self), 11), PANGO_WEIGHT_NORMAL);
    }
  return self->percent[i];
}

static PangoLayout *
ensure_layout (PangoLayout ***layouts,
               guint         *n,
               guint          index,
               guint          size)
{
  if (*layouts == NULL)
    {
      *layouts = g_new0 (PangoLayout *, MAX (size, 1));
      *n = size;
    }
  g_assert (index < *n);
  return (*layouts)[index];
}

static PangoLayout *
body_label (BansouHeatmapRenderer *self,
            guint                  body)
{
  PangoLayout *layout = ensure_layout (&self->body_labels, &self->n_body_labels, body,
                                       bansou_heatmap_model_get_n_bodies (self->model));

  if (layout == NULL)
    {
      BansouBody *b = bansou_heatmap_model_get_body (self->model, body);

      layout = _bansou_heatmap_renderer_new_layout (self, bansou_body_get_name (b), label_px (self), PANGO_WEIGHT_NORMAL);
      pango_layout_set_width (layout, (self->label_width - 12 - SCORE_WIDTH) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      self->body_labels[body] = layout;
    }
  return layout;
}

static PangoLayout *
group_label (BansouHeatmapRenderer *self,
             guint                  group)
{
  PangoLayout *layout = ensure_layout (&self->group_labels, &self->n_group_labels, group,
                                       bansou_heatmap_model_get_n_groups (self->model));

  if (layout == NULL)
    {
      layout = _bansou_heatmap_renderer_new_layout (self, bansou_heatmap_model_get_group_name (self->model, group),
                                                    MAX (label_px (self), 10.5), PANGO_WEIGHT_BOLD);
      pango_layout_set_width (layout, (self->label_width - 12 - SCORE_WIDTH) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      self->group_labels[group] = layout;
    }
  return layout;
}

static PangoLayout *
column_label (BansouHeatmapRenderer *self,
              guint                  column)
{
  PangoLayout *layout = ensure_layout (&self->column_labels, &self->n_column_labels, column,
                                       bansou_heatmap_model_get_n_columns (self->model));

  if (layout == NULL)
    {
      g_autofree char *text = bansou_heatmap_model_dup_column_label (self->model, column);
      gboolean categories = bansou_heatmap_model_get_columns_mode (self->model) ==
                            BANSOU_HEATMAP_COLUMNS_CATEGORIES;

      layout = _bansou_heatmap_renderer_new_layout (self, text, categories ? 11.5 : 10, PANGO_WEIGHT_NORMAL);
      if (categories)
        {
          pango_layout_set_width (layout, (self->column_width - 6) * PANGO_SCALE);
          pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
          pango_layout_set_height (layout, -4);
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
        }
      self->column_labels[column] = layout;
    }
  return layout;
}

/* Japanese allows a line break between any two kana or kanji, which cuts
 * 物理的セキュリティ into 物理的セ / キュリティ. Word joiners keep a band
 * label together except after a space, 「・」, 「と」 or 「の」, and before
 * an opening bracket; Pango still breaks a part too wide for its band. */
static char *
join_words (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      gunichar n = *next ? g_utf8_get_char (next) : 0;

      g_string_append_unichar (out, c);
      if (n == 0 || c == ' ' || c == 0x30FB || c == 0x3068 || c == 0x306E ||
          n == ' ' || n == '(' || n == 0xFF08)
        continue;
      g_string_append_unichar (out, 0x2060);  /* WORD JOINER */
    }

  return g_string_free (out, FALSE);
}

static PangoLayout *
band_label (BansouHeatmapRenderer *self,
            guint                  category,
            int                    width)
{
  PangoLayout *layout = ensure_layout (&self->band_labels, &self->n_band_labels, category,
                                       bansou_heatmap_model_get_n_categories (self->model));

  if (layout == NULL)
    {
      BansouCatalog *catalog = bansou_heatmap_model_get_catalog (self->model);
      BansouCategory *cat = bansou_catalog_get_category (catalog, category);
      g_autofree char *label = join_words (bansou_category_get_label (cat));
      g_autofree char *text = g_strdup_printf ("%u %s", category + 1, label);

      layout = _bansou_heatmap_renderer_new_layout (self, text, 11.5, PANGO_WEIGHT_BOLD);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (layout, -2);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      self->band_labels[category] = layout;
    }
  if (pango_layout_get_width (layout) != MAX (width, 1) * PANGO_SCALE)
    pango_layout_set_width (layout, MAX (width, 1) * PANGO_SCALE);
  return layout;
}

static PangoLayout *
summary_label (BansouHeatmapRenderer *self,
               guint                  which)
{
  if (self->summary_labels[which] == NULL)
    {
      g_autofree char *text = NULL;

      if (which == 0)
        /* TRANSLATORS: the mean row of the heatmap; %s is a prefecture or "Nationwide" */
        text = g_strdup_printf (_("%s mean"), bansou_heatmap_model_get_scope_name (self->model) ?: "");
      else
        text = g_strdup (_("National baseline"));

      self->summary_labels[which] = _bansou_heatmap_renderer_new_layout (self, text, 11, PANGO_WEIGHT_BOLD);
      pango_layout_set_width (self->summary_labels[which], (self->label_width - 12 - SCORE_WIDTH) * PANGO_SCALE);
      pango_layout_set_ellipsize (self->summary_labels[which], PANGO_ELLIPSIZE_END);
    }
  return self->summary_labels[which];
}

void
_bansou_heatmap_renderer_show_layout (cairo_t     *cr,
                                      PangoLayout *layout,
                                      double       x,
                                      double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

int
_bansou_heatmap_renderer_layout_height (PangoLayout *layout)
{
  int h;

  pango_layout_get_pixel_size (layout, NULL, &h);
  return h;
}

int
_bansou_heatmap_renderer_layout_width (PangoLayout *layout)
{
  int w;

  pango_layout_get_pixel_size (layout, &w, NULL);
  return w;
}

void
_bansou_heatmap_renderer_draw_header (BansouHeatmapRenderer       *self,
                                      cairo_t                     *cr,
                                      const BansouHeatmapGeometry *g,
                                      double                       cx,
                                      const Rect                  *clip)
{
  guint n_cols = bansou_heatmap_model_get_n_columns (self->model);
  gboolean questions = bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_QUESTIONS;
  int cw = self->column_width;
  guint c0, c1;

  if (clip->width <= 0 || n_cols == 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, clip->x, clip->y, clip->width, clip->height);
  cairo_clip (cr);

  _bansou_heatmap_renderer_visible_range (cx, cw, n_cols, clip->x, clip->width, &c0, &c1);

  if (questions)
    {
      /* The category bands */
      for (guint start = 0, band = 0; start < n_cols; band++)
        {
          guint cat = bansou_heatmap_model_get_column_category (self->model, start);
          guint end = start + 1;
          double x, w;

          while (end < n_cols && bansou_heatmap_model_get_column_category (self->model, end) == cat)
            end++;

          x = cx + start * cw;
          w = (end - start) * (double) cw;
          if (x + w >= clip->x && x <= clip->x + clip->width)
            {
              PangoLayout *layout;
              int lh;

              _bansou_heatmap_renderer_set_source_tint (self, cr, band % 2 ? 0.10 : 0.05);
              cairo_rectangle (cr, x + (start > 0 ? 1 : 0), 0, w - (start > 0 ? 1 : 0), g->band_height - 2);
              cairo_fill (cr);

              if (w >= 16)
                {
                  layout = band_label (self, cat, (int) w - 8);
                  lh = _bansou_heatmap_renderer_layout_height (layout);
                  _bansou_heatmap_renderer_set_source_fg (self, cr, 0.9);
                  _bansou_heatmap_renderer_show_layout (cr, layout, x + 4, MAX (2, (g->band_height - 2 - lh) / 2.0));
                }
            }
          start = end;
        }

      /* Question headings: "5.3", turned upright when columns are narrow */
      if (cw >= 12)
        {
          _bansou_heatmap_renderer_set_source_fg (self, cr, 0.75);
          for (guint c = c0; c < c1; c++)
            {
              PangoLayout *layout = column_label (self, c);
              int lw = _bansou_heatmap_renderer_layout_width (layout), lh = _bansou_heatmap_renderer_layout_height (layout);
              double x = cx + c * cw;

              if (cw >= lw + 6)
                _bansou_heatmap_renderer_show_layout (cr, layout, x + (cw - lw) / 2.0, g->header_height - lh - 4);
              else
                {
                  cairo_save (cr);
                  cairo_translate (cr, x + (cw - lh) / 2.0, g->header_height - 4);
                  cairo_rotate (cr, -G_PI / 2);
                  _bansou_heatmap_renderer_show_layout (cr, layout, 0, 0);
                  cairo_restore (cr);
                }
            }
        }
    }
  else
    {
      for (guint c = c0; c < c1; c++)
        {
          PangoLayout *layout = column_label (self, c);
          int lh = _bansou_heatmap_renderer_layout_height (layout);
          double x = cx + c * cw;

          _bansou_heatmap_renderer_set_source_tint (self, cr, c % 2 ? 0.10 : 0.05);
          cairo_rectangle (cr, x + (c > 0 ? 1 : 0), 0, cw - (c > 0 ? 1 : 0), g->header_height - 2);
          cairo_fill (cr);
          _bansou_heatmap_renderer_set_source_fg (self, cr, 0.9);
          _bansou_heatmap_renderer_show_layout (cr, layout, x + 3, MAX (2, (g->header_height - 2 - lh) / 2.0));
        }
    }

  cairo_restore (cr);
}

void
_bansou_heatmap_renderer_draw_row_labels (BansouHeatmapRenderer *self,
                                          cairo_t               *cr,
                                          double                 cy,
                                          const Rect            *clip)
{
  guint n_rows = bansou_heatmap_model_get_n_rows (self->model);
  int rh = self->row_height;
  gboolean bodies = rh >= MIN_LABEL_ROW;
  guint r0, r1;

  if (clip->height <= 0 || n_rows == 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, clip->x, clip->y, clip->width, clip->height);
  cairo_clip (cr);

  _bansou_heatmap_renderer_visible_range (cy, rh, n_rows, clip->y, clip->height, &r0, &r1);

  /* A heading whose row is above the view still names the bodies below. */
  if (!bodies)
    while (r0 > 0 && bansou_heatmap_model_get_row (self->model, r0, NULL) != BANSOU_HEATMAP_ROW_GROUP)
      r0--;

  for (guint r = r0; r < r1; r++)
    {
      guint index;
      BansouHeatmapRowKind kind = bansou_heatmap_model_get_row (self->model, r, &index);
      double y = cy + r * rh;
      PangoLayout *layout;
      double score;
      int lh;

      if (kind == BANSOU_HEATMAP_ROW_GROUP)
        {
          layout = group_label (self, index);
          score = bansou_heatmap_model_get_group_score (self->model, index);
          _bansou_heatmap_renderer_set_source_tint (self, cr, 0.08);
          cairo_rectangle (cr, clip->x, y, clip->width, MAX (rh, 1));
          cairo_fill (cr);
        }
      else if (bodies)
        {
          layout = body_label (self, index);
          score = bansou_heatmap_model_get_body_score (self->model, index);
        }
      else
        continue;

      lh = _bansou_heatmap_renderer_layout_height (layout);
      _bansou_heatmap_renderer_set_source_fg (self, cr, 0.92);
      _bansou_heatmap_renderer_show_layout (cr, layout, clip->x + 8, bodies ? y + (rh - lh) / 2.0 : y);

      if (bodies)
        {
          PangoLayout *pct = _bansou_heatmap_renderer_percent_layout (self, score);
          int pw = _bansou_heatmap_renderer_layout_width (pct), ph = _bansou_heatmap_renderer_layout_height (pct);

          _bansou_heatmap_renderer_set_source_fg (self, cr, 0.6);
          _bansou_heatmap_renderer_show_layout (cr, pct, clip->x + clip->width - pw - 6, y + (rh - ph) / 2.0);
        }
    }

  cairo_restore (cr);
}

void
_bansou_heatmap_renderer_draw_summary_labels (BansouHeatmapRenderer       *self,
                                              cairo_t                     *cr,
                                              const BansouHeatmapGeometry *g)
{
  for (guint i = 0; i < 2; i++)
    {
      PangoLayout *layout = summary_label (self, i);
      double y = g->header_height + i * g->summary_row_height;
      double score = i == 0 ? bansou_heatmap_model_get_total_score (self->model) : -1;
      int lh = _bansou_heatmap_renderer_layout_height (layout);

      _bansou_heatmap_renderer_set_source_tint (self, cr, 0.05);
      cairo_rectangle (cr, 0, y, g->label_width, g->summary_row_height - (i == 0 ? 1 : 0));
      cairo_fill (cr);
      _bansou_heatmap_renderer_set_source_fg (self, cr, 0.92);
      _bansou_heatmap_renderer_show_layout (cr, layout, 8, y + (g->summary_row_height - lh) / 2.0);

      if (score >= 0)
        {
          /* The summary rows keep their size whatever the zoom: so does this. */
          g_autofree char *text = g_strdup_printf ("%.0f%%", score * 100);
          g_autoptr(PangoLayout) pct = _bansou_heatmap_renderer_new_layout (self, text, 11, PANGO_WEIGHT_NORMAL);
          int pw = _bansou_heatmap_renderer_layout_width (pct), ph = _bansou_heatmap_renderer_layout_height (pct);

          _bansou_heatmap_renderer_set_source_fg (self, cr, 0.6);
          _bansou_heatmap_renderer_show_layout (cr, pct, g->label_width - pw - 6, y + (g->summary_row_height - ph) / 2.0);
        }
    }
}

void
_bansou_heatmap_renderer_draw_corner (BansouHeatmapRenderer       *self,
                                      cairo_t                     *cr,
                                      const BansouHeatmapGeometry *g)
{
  if (self->corner == NULL)
    {
      const char *round = bansou_heatmap_model_get_round (self->model);
      guint group = bansou_heatmap_model_get_group_filter (self->model);
      g_autofree char *label = round ? bansou_round_label (round) : NULL;
      g_autofree char *scope = NULL;
      g_autofree char *text = NULL;

      /* Drilled into one prefecture of a nation: say which. */
      if (group != BANSOU_HEATMAP_ALL_GROUPS &&
          bansou_heatmap_model_get_rows_mode (self->model) == BANSOU_HEATMAP_ROWS_BODIES)
        scope = g_strdup_printf ("%s › %s", bansou_heatmap_model_get_scope_name (self->model) ?: "",
                                 bansou_heatmap_model_get_group_name (self->model, group));
      else
        scope = g_strdup (bansou_heatmap_model_get_scope_name (self->model) ?: "");
      text = g_strdup_printf ("%s\n%s", scope, label ?: "");

      self->corner = _bansou_heatmap_renderer_new_layout (self, text, 11.5, PANGO_WEIGHT_NORMAL);
      pango_layout_set_width (self->corner, (self->label_width - 12) * PANGO_SCALE);
      pango_layout_set_ellipsize (self->corner, PANGO_ELLIPSIZE_END);
    }

  _bansou_heatmap_renderer_set_source_fg (self, cr, 0.75);
  _bansou_heatmap_renderer_show_layout (cr, self->corner, 8, MAX (2, (g->header_height - _bansou_heatmap_renderer_layout_height (self->corner)) / 2.0));
}

/* ---- the legend -------------------------------------------------------- */

#define SWATCH      14
#define LEGEND_GAP  18
#define RAMP_WIDTH  120

static void
draw_swatch (cairo_t  *cr,
             double    x,
             double    y,
             guint32   color,
             int       mark)
{
  _bansou_heatmap_renderer_set_source_rgb32 (cr, color);
  cairo_rectangle (cr, x, y, SWATCH, SWATCH);
  cairo_fill (cr);

  if (mark == MARK_DOT)
    {
      _bansou_heatmap_renderer_set_source_rgb32 (cr, COLOR_DOT);
      cairo_rectangle (cr, x + SWATCH / 2 - 2, y + SWATCH / 2 - 2, 4, 4);
      cairo_fill (cr);
    }
  else if (mark == MARK_OUTLINE)
    {
      _bansou_heatmap_renderer_set_source_rgb32 (cr, COLOR_OUTLINE);
      cairo_rectangle (cr, x + 0.5, y + 0.5, SWATCH - 1, SWATCH - 1);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
}

/* Lays the legend out in lines of @width; draws it when @cr is set.
 * Returns the height. */
int
_bansou_heatmap_renderer_legend (BansouHeatmapRenderer *self,
                                 cairo_t               *cr,
                                 double                 x0,
                                 double                 y0,
                                 int                    width)
{
  static const struct { BansouStatus status; int mark; } items[] = {
    { BANSOU_STATUS_DONE,       MARK_NONE },
    { BANSOU_STATUS_PARTIAL,    MARK_NONE },
    { BANSOU_STATUS_NOT_DONE,   MARK_NONE },
    { BANSOU_STATUS_UNANSWERED, MARK_DOT },
    { BANSOU_STATUS_NA,         MARK_OUTLINE },
  };
  double x = 0, y = 0;
  int line_h = 20;

  for (guint i = 0; i <= G_N_ELEMENTS (items); i++)
    {
      g_autoptr(PangoLayout) layout = NULL;
      int item_w, lw, lh;

      if (i < G_N_ELEMENTS (items))
        {
          const char *label = bansou_status_get_label (items[i].status);
          g_autofree char *text = items[i].status == BANSOU_STATUS_UNANSWERED ?
            /* TRANSLATORS: legend entry; also marks cells without a value */
            g_strdup_printf (_("%s / no data"), label) : g_strdup (label);

          layout = _bansou_heatmap_renderer_new_layout (self, text, 12, PANGO_WEIGHT_NORMAL);
          pango_layout_get_pixel_size (layout, &lw, &lh);
          item_w = SWATCH + 6 + lw;
        }
      else
        {
          layout = _bansou_heatmap_renderer_new_layout (self, _("Score (partly implemented counts ½)"), 12, PANGO_WEIGHT_NORMAL);
          pango_layout_get_pixel_size (layout, &lw, &lh);
          item_w = lw + 8 + 22 + RAMP_WIDTH + 34;
        }

      if (x > 0 && x + item_w > width)
        {
          x = 0;
          y += line_h + 4;
        }

      if (cr != NULL)
        {
          double ix = x0 + x, iy = y0 + y;

          if (i < G_N_ELEMENTS (items))
            {
              draw_swatch (cr, ix, iy + (line_h - SWATCH) / 2.0,
                           bansou_heatmap_renderer_get_status_color (items[i].status), items[i].mark);
              _bansou_heatmap_renderer_set_source_fg (self, cr, 0.9);
              _bansou_heatmap_renderer_show_layout (cr, layout, ix + SWATCH + 6, iy + (line_h - lh) / 2.0);
            }
          else
            {
              g_autoptr(PangoLayout) zero = _bansou_heatmap_renderer_new_layout (self, "0%", 11, PANGO_WEIGHT_NORMAL);
              g_autoptr(PangoLayout) hundred = _bansou_heatmap_renderer_new_layout (self, "100%", 11, PANGO_WEIGHT_NORMAL);
              double rx = ix + lw + 8 + 22;

              _bansou_heatmap_renderer_set_source_fg (self, cr, 0.9);
              _bansou_heatmap_renderer_show_layout (cr, layout, ix, iy + (line_h - lh) / 2.0);
              _bansou_heatmap_renderer_set_source_fg (self, cr, 0.6);
              _bansou_heatmap_renderer_show_layout (cr, zero, rx - 4 - _bansou_heatmap_renderer_layout_width (zero), iy + (line_h - _bansou_heatmap_renderer_layout_height (zero)) / 2.0);
              _bansou_heatmap_renderer_show_layout (cr, hundred, rx + RAMP_WIDTH + 4, iy + (line_h - _bansou_heatmap_renderer_layout_height (hundred)) / 2.0);
              for (int px = 0; px < RAMP_WIDTH; px++)
                {
                  _bansou_heatmap_renderer_set_source_rgb32 (cr, bansou_heatmap_renderer_get_score_color (px / (double) (RAMP_WIDTH - 1)));
                  cairo_rectangle (cr, rx + px, iy + (line_h - SWATCH) / 2.0, 1, SWATCH);
                  cairo_fill (cr);
                }
            }
        }

      x += item_w + LEGEND_GAP;
    }

  return (int) y + line_h;
}

int
bansou_heatmap_renderer_get_legend_height (BansouHeatmapRenderer *self,
                                           int                    width)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_RENDERER (self), 0);
  return _bansou_heatmap_renderer_legend (self, NULL, 0, 0, width);
}

void
bansou_heatmap_renderer_draw_legend (BansouHeatmapRenderer *self,
                                     cairo_t               *cr,
                                     double                 x,
                                     double                 y,
                                     int                    width)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  _bansou_heatmap_renderer_legend (self, cr, x, y, width);
  cairo_restore (cr);
}
