/* bansou-heatmap-render.c — drawing the heatmap with cairo and pango, no GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The cells are never filled one by one: a cell costs ~170 ms per frame
 * that way at national size. Instead the model is written into an RGB24
 * image with one pixel per cell whenever it changes, and a frame paints the
 * visible part of it scaled up with CAIRO_FILTER_NEAREST: one composite,
 * whatever the number of cells. What cannot be a pixel — the gaps between
 * cells, the marks that tell 未回答 and 対象外 apart without colour — is
 * added for the visible cells only, as pixel-aligned boxes, which cairo
 * fills without tessellating. Vector targets (SVG, PDF) get rectangles
 * instead, one path per colour, so print stays crisp.
 *
 * Palette: statuses are three points of one sequential scale, so a score
 * and a status read alike: 実施済み pale blue (score 1), 一部実施 orange
 * (½), 未実施 dark vermilion (0). It avoids red/green, differs in
 * lightness as much as in hue (it survives greyscale printing and
 * deuteranopia), and lets the weak cells stand out: the dark end is the
 * one to look at. 未回答 is light grey with a dark dot and 対象外 white
 * with an outline: both keep their mark in greyscale.
 */
#define G_LOG_DOMAIN "bansou-heatmap"

#include "config.h"

#include <math.h>
#include <string.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "bansou-heatmap-render.h"
#include "bansou-wareki.h"

#define RGB(r, g, b)      (0xff000000u | ((r) << 16) | ((g) << 8) | (b))

#define COLOR_DONE        RGB (0xa9, 0xcf, 0xee)
#define COLOR_PARTIAL     RGB (0xee, 0x8a, 0x2d)
#define COLOR_NOT_DONE    RGB (0xa6, 0x36, 0x03)
#define COLOR_UNANSWERED  RGB (0xe3, 0xe3, 0xe3)
#define COLOR_NA          RGB (0xff, 0xff, 0xff)
#define COLOR_DOT         RGB (0x4d, 0x4d, 0x4d)
#define COLOR_OUTLINE     RGB (0x8c, 0x8c, 0x8c)

#define PAGE_MARGIN        24
#define SCORE_WIDTH        40   /* the percentage right of a row label */
#define MIN_LABEL_ROW      10   /* rows lower than this get no body label */
#define MIN_GAP_CELL       8    /* cells at least this big get gaps */
#define MIN_MARK_CELL      8    /* … and marks */
#define MAX_PAGE_HEIGHT    12000

enum {
  MARK_NONE,
  MARK_DOT,      /* unanswered, no data */
  MARK_OUTLINE,  /* not applicable */
};

struct _BansouHeatmapRenderer
{
  GObject             parent_instance;

  BansouHeatmapModel *model;
  PangoContext       *context;
  double              fg[3];
  double              bg[3];
  int                 column_width;
  int                 row_height;
  int                 label_width;
  int                 page_width;

  /* Cell image, one pixel per cell */
  cairo_surface_t    *image;
  cairo_surface_t    *summary;    /* the mean and baseline rows */
  guint8             *marks;
  guint8             *summary_marks;
  gboolean            dirty;

  /* Text, laid out once: a frame only places it */
  PangoLayout       **body_labels;   /* by body index */
  guint               n_body_labels;
  PangoLayout       **group_labels;
  guint               n_group_labels;
  PangoLayout       **column_labels; /* by column */
  guint               n_column_labels;
  PangoLayout       **band_labels;   /* by category */
  guint               n_band_labels;
  PangoLayout        *percent[102];  /* 0–100 %, and "–" */
  PangoLayout        *summary_labels[2];
  PangoLayout        *corner;
};

G_DEFINE_FINAL_TYPE (BansouHeatmapRenderer, bansou_heatmap_renderer, G_TYPE_OBJECT)

/* 200 steps: ½ (一部実施) falls on a step exactly. */
#define SCORE_STEPS 200
static guint32 score_lut[SCORE_STEPS + 1];

/* ---- colours ----------------------------------------------------------- */

static guint32
mix_rgb (guint32 a,
         guint32 b,
         double  t)
{
  guint r = (guint) lround (((a >> 16) & 0xff) * (1 - t) + ((b >> 16) & 0xff) * t);
  guint g = (guint) lround (((a >> 8) & 0xff) * (1 - t) + ((b >> 8) & 0xff) * t);
  guint bl = (guint) lround ((a & 0xff) * (1 - t) + (b & 0xff) * t);

  return RGB (r, g, bl);
}

/* Scores: 未実施 → 一部実施 → 実施済み, with two stops on the way up so
 * the upper half passes through light amber and a light blue-grey instead
 * of the muddy tan a straight orange-to-blue blend gives; lightness keeps
 * rising all along, so the scale still reads in greyscale. */
static void
init_palette (void)
{
  static const struct { double t; guint32 color; } stops[] = {
    { 0.00, COLOR_NOT_DONE },
    { 0.50, COLOR_PARTIAL },
    { 0.75, RGB (0xf0, 0xbe, 0x78) },
    { 0.90, RGB (0xc4, 0xd6, 0xe4) },
    { 1.00, COLOR_DONE },
  };

  for (guint i = 0; i <= SCORE_STEPS; i++)
    {
      double t = i / (double) SCORE_STEPS;
      guint s = 0;

      while (s + 2 < G_N_ELEMENTS (stops) && t > stops[s + 1].t)
        s++;
      score_lut[i] = mix_rgb (stops[s].color, stops[s + 1].color,
                              (t - stops[s].t) / (stops[s + 1].t - stops[s].t));
    }
}

/**
 * bansou_heatmap_renderer_get_status_color:
 *
 * Returns: the colour of a status cell as 0xffRRGGBB
 */
guint32
bansou_heatmap_renderer_get_status_color (BansouStatus status)
{
  switch (status)
    {
    case BANSOU_STATUS_DONE:
      return COLOR_DONE;
    case BANSOU_STATUS_PARTIAL:
      return COLOR_PARTIAL;
    case BANSOU_STATUS_NOT_DONE:
      return COLOR_NOT_DONE;
    case BANSOU_STATUS_NA:
      return COLOR_NA;
    case BANSOU_STATUS_UNANSWERED:
    case BANSOU_N_STATUSES:
    default:
      return COLOR_UNANSWERED;
    }
}

/**
 * bansou_heatmap_renderer_get_score_color:
 * @score: from 0 to 1, or negative for no value
 *
 * Returns: the colour of a score cell as 0xffRRGGBB
 */
guint32
bansou_heatmap_renderer_get_score_color (double score)
{
  if (score < 0)
    return COLOR_UNANSWERED;
  return score_lut[(guint) lround (CLAMP (score, 0, 1) * SCORE_STEPS)];
}

static void
set_source_rgb32 (cairo_t *cr,
                  guint32  c)
{
  cairo_set_source_rgb (cr, ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

static void
set_source_fg (BansouHeatmapRenderer *self,
               cairo_t               *cr,
               double                 alpha)
{
  cairo_set_source_rgba (cr, self->fg[0], self->fg[1], self->fg[2], alpha);
}

static void
set_source_tint (BansouHeatmapRenderer *self,
                 cairo_t               *cr,
                 double                 amount)
{
  cairo_set_source_rgb (cr,
                        self->bg[0] + (self->fg[0] - self->bg[0]) * amount,
                        self->bg[1] + (self->fg[1] - self->bg[1]) * amount,
                        self->bg[2] + (self->fg[2] - self->bg[2]) * amount);
}

/* ---- text -------------------------------------------------------------- */

static void
clear_layouts (PangoLayout ***layouts,
               guint         *n)
{
  for (guint i = 0; i < *n; i++)
    g_clear_object (&(*layouts)[i]);
  g_clear_pointer (layouts, g_free);
  *n = 0;
}

static void
clear_text (BansouHeatmapRenderer *self)
{
  clear_layouts (&self->body_labels, &self->n_body_labels);
  clear_layouts (&self->group_labels, &self->n_group_labels);
  clear_layouts (&self->column_labels, &self->n_column_labels);
  clear_layouts (&self->band_labels, &self->n_band_labels);
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

static PangoLayout *
new_layout (BansouHeatmapRenderer *self,
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

static PangoLayout *
percent_layout (BansouHeatmapRenderer *self,
                double                 score)
{
  guint i = score < 0 ? 101 : (guint) lround (CLAMP (score, 0, 1) * 100);

  if (self->percent[i] == NULL)
    {
      g_autofree char *text = i == 101 ? g_strdup ("–") : g_strdup_printf ("%u%%", i);

      self->percent[i] = new_layout (self, text, MIN (label_px (self), 11), PANGO_WEIGHT_NORMAL);
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

      layout = new_layout (self, bansou_body_get_name (b), label_px (self), PANGO_WEIGHT_NORMAL);
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
      layout = new_layout (self, bansou_heatmap_model_get_group_name (self->model, group),
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

      layout = new_layout (self, text, categories ? 11.5 : 10, PANGO_WEIGHT_NORMAL);
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

      layout = new_layout (self, text, 11.5, PANGO_WEIGHT_BOLD);
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

      self->summary_labels[which] = new_layout (self, text, 11, PANGO_WEIGHT_BOLD);
      pango_layout_set_width (self->summary_labels[which], (self->label_width - 12 - SCORE_WIDTH) * PANGO_SCALE);
      pango_layout_set_ellipsize (self->summary_labels[which], PANGO_ELLIPSIZE_END);
    }
  return self->summary_labels[which];
}

static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static int
layout_height (PangoLayout *layout)
{
  int h;

  pango_layout_get_pixel_size (layout, NULL, &h);
  return h;
}

static int
layout_width (PangoLayout *layout)
{
  int w;

  pango_layout_get_pixel_size (layout, &w, NULL);
  return w;
}

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

static void
build_image (BansouHeatmapRenderer *self)
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

typedef struct
{
  double x, y, width, height;
} Rect;

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

static void
visible_range (double  origin,
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
      set_source_rgb32 (cr, colors[h]);
      cairo_fill (cr);
    }
}

/* Paints rows of an image (cells or summary) with their origin (row 0,
 * column 0) at cx, cy, inside clip. */
static void
draw_cells (BansouHeatmapRenderer *self,
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

  visible_range (cx, cw, n_cols, clip->x, clip->width, &c0, &c1);
  visible_range (cy, rh, n_rows, clip->y, clip->height, &r0, &r1);
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
      set_source_rgb32 (cr, COLOR_DOT);
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
          set_source_rgb32 (cr, COLOR_OUTLINE);
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
              pct = percent_layout (self, score);
              if (score < 0.35)
                cairo_set_source_rgb (cr, 1, 1, 1);
              else
                cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
              show_layout (cr, pct, cx + (c + 1) * cw - layout_width (pct) - 6,
                           cy + r * rh + (rh - layout_height (pct)) / 2.0);
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

static void
draw_header (BansouHeatmapRenderer       *self,
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

  visible_range (cx, cw, n_cols, clip->x, clip->width, &c0, &c1);

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

              set_source_tint (self, cr, band % 2 ? 0.10 : 0.05);
              cairo_rectangle (cr, x + (start > 0 ? 1 : 0), 0, w - (start > 0 ? 1 : 0), g->band_height - 2);
              cairo_fill (cr);

              if (w >= 16)
                {
                  layout = band_label (self, cat, (int) w - 8);
                  lh = layout_height (layout);
                  set_source_fg (self, cr, 0.9);
                  show_layout (cr, layout, x + 4, MAX (2, (g->band_height - 2 - lh) / 2.0));
                }
            }
          start = end;
        }

      /* Question headings: "5.3", turned upright when columns are narrow */
      if (cw >= 12)
        {
          set_source_fg (self, cr, 0.75);
          for (guint c = c0; c < c1; c++)
            {
              PangoLayout *layout = column_label (self, c);
              int lw = layout_width (layout), lh = layout_height (layout);
              double x = cx + c * cw;

              if (cw >= lw + 6)
                show_layout (cr, layout, x + (cw - lw) / 2.0, g->header_height - lh - 4);
              else
                {
                  cairo_save (cr);
                  cairo_translate (cr, x + (cw - lh) / 2.0, g->header_height - 4);
                  cairo_rotate (cr, -G_PI / 2);
                  show_layout (cr, layout, 0, 0);
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
          int lh = layout_height (layout);
          double x = cx + c * cw;

          set_source_tint (self, cr, c % 2 ? 0.10 : 0.05);
          cairo_rectangle (cr, x + (c > 0 ? 1 : 0), 0, cw - (c > 0 ? 1 : 0), g->header_height - 2);
          cairo_fill (cr);
          set_source_fg (self, cr, 0.9);
          show_layout (cr, layout, x + 3, MAX (2, (g->header_height - 2 - lh) / 2.0));
        }
    }

  cairo_restore (cr);
}

static void
draw_row_labels (BansouHeatmapRenderer *self,
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

  visible_range (cy, rh, n_rows, clip->y, clip->height, &r0, &r1);

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
          set_source_tint (self, cr, 0.08);
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

      lh = layout_height (layout);
      set_source_fg (self, cr, 0.92);
      show_layout (cr, layout, clip->x + 8, bodies ? y + (rh - lh) / 2.0 : y);

      if (bodies)
        {
          PangoLayout *pct = percent_layout (self, score);
          int pw = layout_width (pct), ph = layout_height (pct);

          set_source_fg (self, cr, 0.6);
          show_layout (cr, pct, clip->x + clip->width - pw - 6, y + (rh - ph) / 2.0);
        }
    }

  cairo_restore (cr);
}

static void
draw_summary_labels (BansouHeatmapRenderer       *self,
                     cairo_t                     *cr,
                     const BansouHeatmapGeometry *g)
{
  for (guint i = 0; i < 2; i++)
    {
      PangoLayout *layout = summary_label (self, i);
      double y = g->header_height + i * g->summary_row_height;
      double score = i == 0 ? bansou_heatmap_model_get_total_score (self->model) : -1;
      int lh = layout_height (layout);

      set_source_tint (self, cr, 0.05);
      cairo_rectangle (cr, 0, y, g->label_width, g->summary_row_height - (i == 0 ? 1 : 0));
      cairo_fill (cr);
      set_source_fg (self, cr, 0.92);
      show_layout (cr, layout, 8, y + (g->summary_row_height - lh) / 2.0);

      if (score >= 0)
        {
          /* The summary rows keep their size whatever the zoom: so does this. */
          g_autofree char *text = g_strdup_printf ("%.0f%%", score * 100);
          g_autoptr(PangoLayout) pct = new_layout (self, text, 11, PANGO_WEIGHT_NORMAL);
          int pw = layout_width (pct), ph = layout_height (pct);

          set_source_fg (self, cr, 0.6);
          show_layout (cr, pct, g->label_width - pw - 6, y + (g->summary_row_height - ph) / 2.0);
        }
    }
}

static void
draw_corner (BansouHeatmapRenderer       *self,
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

      self->corner = new_layout (self, text, 11.5, PANGO_WEIGHT_NORMAL);
      pango_layout_set_width (self->corner, (self->label_width - 12) * PANGO_SCALE);
      pango_layout_set_ellipsize (self->corner, PANGO_ELLIPSIZE_END);
    }

  set_source_fg (self, cr, 0.75);
  show_layout (cr, self->corner, 8, MAX (2, (g->header_height - layout_height (self->corner)) / 2.0));
}

/* ---- GObject ----------------------------------------------------------- */

static void
model_changed_cb (BansouHeatmapRenderer *self)
{
  self->dirty = TRUE;
  /* Rows and columns may be others now: their text goes too. */
  clear_text (self);
}

static void
cell_changed_cb (BansouHeatmapRenderer *self,
                 guint                  body,
                 guint                  question)
{
  self->dirty = TRUE;
}

static void
bansou_heatmap_renderer_dispose (GObject *object)
{
  BansouHeatmapRenderer *self = (BansouHeatmapRenderer *)object;

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  clear_text (self);
  g_clear_object (&self->model);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_heatmap_renderer_parent_class)->dispose (object);
}

static void
bansou_heatmap_renderer_finalize (GObject *object)
{
  BansouHeatmapRenderer *self = (BansouHeatmapRenderer *)object;

  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_pointer (&self->summary, cairo_surface_destroy);
  g_clear_pointer (&self->marks, g_free);
  g_clear_pointer (&self->summary_marks, g_free);

  G_OBJECT_CLASS (bansou_heatmap_renderer_parent_class)->finalize (object);
}

static void
bansou_heatmap_renderer_class_init (BansouHeatmapRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bansou_heatmap_renderer_dispose;
  object_class->finalize = bansou_heatmap_renderer_finalize;

  init_palette ();
}

static void
bansou_heatmap_renderer_init (BansouHeatmapRenderer *self)
{
  self->fg[0] = self->fg[1] = self->fg[2] = 0.13;
  self->bg[0] = self->bg[1] = self->bg[2] = 1.0;
  self->column_width = 18;
  self->row_height = 18;
  self->label_width = 200;
  self->page_width = 0;
  self->dirty = TRUE;
}

/* ---- public API -------------------------------------------------------- */

BansouHeatmapRenderer *
bansou_heatmap_renderer_new (BansouHeatmapModel *model)
{
  BansouHeatmapRenderer *self;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (model), NULL);

  self = g_object_new (BANSOU_TYPE_HEATMAP_RENDERER, NULL);
  self->model = g_object_ref (model);
  g_signal_connect_swapped (model, "changed", G_CALLBACK (model_changed_cb), self);
  g_signal_connect_swapped (model, "cell-changed", G_CALLBACK (cell_changed_cb), self);

  return self;
}

/**
 * bansou_heatmap_renderer_get_model:
 *
 * Returns: (transfer none): the model
 */
BansouHeatmapModel *
bansou_heatmap_renderer_get_model (BansouHeatmapRenderer *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_RENDERER (self), NULL);
  return self->model;
}

/**
 * bansou_heatmap_renderer_set_pango_context:
 * @context: (nullable): the widget's context, or %NULL for a 96 dpi one
 */
void
bansou_heatmap_renderer_set_pango_context (BansouHeatmapRenderer *self,
                                           PangoContext          *context)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  if (self->context == context)
    return;
  clear_text (self);
  g_set_object (&self->context, context);
}

void
bansou_heatmap_renderer_set_colors (BansouHeatmapRenderer *self,
                                    const double           foreground[3],
                                    const double           background[3])
{
  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  memcpy (self->fg, foreground, sizeof self->fg);
  memcpy (self->bg, background, sizeof self->bg);
}

void
bansou_heatmap_renderer_set_cell_size (BansouHeatmapRenderer *self,
                                       int                    column_width,
                                       int                    row_height)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  column_width = MAX (column_width, 1);
  row_height = MAX (row_height, 1);
  if (self->column_width == column_width && self->row_height == row_height)
    return;

  /* Font sizes follow the row height, and wrapping the column width. */
  if (self->row_height != row_height)
    clear_text (self);
  else
    clear_layouts (&self->column_labels, &self->n_column_labels);
  self->column_width = column_width;
  self->row_height = row_height;
}

void
bansou_heatmap_renderer_set_label_width (BansouHeatmapRenderer *self,
                                         int                    width)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  width = MAX (width, 2 * SCORE_WIDTH);
  if (self->label_width == width)
    return;
  clear_text (self);
  self->label_width = width;
}

void
bansou_heatmap_renderer_get_geometry (BansouHeatmapRenderer *self,
                                      BansouHeatmapGeometry *g)
{
  gboolean questions;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));
  g_return_if_fail (g != NULL);

  questions = bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_QUESTIONS;

  g->label_width = self->label_width;
  g->column_width = self->column_width;
  g->row_height = self->row_height;
  g->band_height = questions ? 44 : 0;
  g->header_height = questions ? g->band_height + (self->column_width >= 28 ? 20 : self->column_width >= 12 ? 32 : 4)
                               : 72;
  g->summary_row_height = MAX (self->row_height, 20);
  g->summary_height = 2 * g->summary_row_height + 6;
  g->content_width = bansou_heatmap_model_get_n_columns (self->model) * self->column_width;
  g->content_height = bansou_heatmap_model_get_n_rows (self->model) * self->row_height;
}

/**
 * bansou_heatmap_renderer_update:
 *
 * Rebuilds the cell image if the model changed since it was built.
 */
void
bansou_heatmap_renderer_update (BansouHeatmapRenderer *self)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  if (self->dirty || self->image == NULL)
    build_image (self);
}

/**
 * bansou_heatmap_renderer_get_image:
 *
 * Returns: (transfer none): the cell image, one pixel per cell of the
 *   arranged rows and columns
 */
cairo_surface_t *
bansou_heatmap_renderer_get_image (BansouHeatmapRenderer *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_RENDERER (self), NULL);

  bansou_heatmap_renderer_update (self);
  return self->image;
}

/**
 * bansou_heatmap_renderer_draw_view:
 * @x_offset: how far the cells are scrolled right, in pixels
 * @y_offset: how far the cells are scrolled down, in pixels
 *
 * Draws a view of @width × @height at the origin of @cr.
 */
void
bansou_heatmap_renderer_draw_view (BansouHeatmapRenderer *self,
                                   cairo_t               *cr,
                                   int                    width,
                                   int                    height,
                                   double                 x_offset,
                                   double                 y_offset)
{
  bansou_heatmap_renderer_draw_view_parts (self, cr, width, height, x_offset, y_offset,
                                           BANSOU_HEATMAP_PART_ALL);
}

/**
 * bansou_heatmap_renderer_draw_view_parts:
 * @parts: which regions to draw
 *
 * Like bansou_heatmap_renderer_draw_view(), for some regions only: a
 * widget keeps each region's picture while its own offset stays, so that
 * scrolling down repaints neither the header nor the corner.
 */
void
bansou_heatmap_renderer_draw_view_parts (BansouHeatmapRenderer *self,
                                         cairo_t               *cr,
                                         int                    width,
                                         int                    height,
                                         double                 x_offset,
                                         double                 y_offset,
                                         BansouHeatmapParts     parts)
{
  BansouHeatmapGeometry g;
  double top, cx, cy;
  Rect cells, header, summary, labels;
  guint n_rows;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  bansou_heatmap_renderer_update (self);
  bansou_heatmap_renderer_get_geometry (self, &g);
  n_rows = bansou_heatmap_model_get_n_rows (self->model);

  top = g.header_height + g.summary_height;
  /* Whole pixels: the boxes stay on the pixel grid and cairo's fast path. */
  cx = g.label_width - round (x_offset);
  cy = top - round (y_offset);

  cairo_save (cr);
  cairo_new_path (cr);
  if (parts & BANSOU_HEATMAP_PART_CORNER)
    cairo_rectangle (cr, 0, 0, g.label_width, MIN (top, height));
  if (parts & BANSOU_HEATMAP_PART_HEADER)
    cairo_rectangle (cr, g.label_width, 0, width - g.label_width, MIN (top, height));
  if (parts & BANSOU_HEATMAP_PART_LABELS)
    cairo_rectangle (cr, 0, top, g.label_width, height - top);
  if (parts & BANSOU_HEATMAP_PART_CELLS)
    cairo_rectangle (cr, g.label_width, top, width - g.label_width, height - top);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, self->bg[0], self->bg[1], self->bg[2]);
  cairo_paint (cr);

  if (parts & BANSOU_HEATMAP_PART_CELLS)
    {
      cells = (Rect) { g.label_width, top, width - g.label_width, height - top };
      cells.width = MIN (cells.width, cx + g.content_width - cells.x);
      cells.height = MIN (cells.height, cy + g.content_height - cells.y);
      draw_cells (self, cr, self->image, self->marks, n_rows, g.row_height, TRUE, cx, cy, &cells);
    }

  if (parts & BANSOU_HEATMAP_PART_HEADER)
    {
      summary = (Rect) { g.label_width, g.header_height,
                         MIN (width - g.label_width, cx + g.content_width - g.label_width),
                         2 * g.summary_row_height };
      draw_cells (self, cr, self->summary, self->summary_marks, 2, g.summary_row_height, FALSE,
                  cx, g.header_height, &summary);

      header = (Rect) { g.label_width, 0, width - g.label_width, g.header_height };
      draw_header (self, cr, &g, cx, &header);
    }

  if (parts & BANSOU_HEATMAP_PART_LABELS)
    {
      labels = (Rect) { 0, top, g.label_width, height - top };
      labels.height = MIN (labels.height, cy + g.content_height - top);
      draw_row_labels (self, cr, cy, &labels);
    }

  if (parts & BANSOU_HEATMAP_PART_CORNER)
    {
      draw_summary_labels (self, cr, &g);
      draw_corner (self, cr, &g);
    }

  /* Rules between the sticky parts and the cells */
  set_source_fg (self, cr, 0.25);
  cairo_rectangle (cr, g.label_width - 1, 0, 1, height);
  cairo_rectangle (cr, 0, g.header_height - 1, width, 1);
  cairo_rectangle (cr, 0, top - 3, width, 1);
  cairo_fill (cr);

  cairo_restore (cr);
}

/**
 * bansou_heatmap_renderer_hit_test:
 * @row: (out) (optional): the row (of the arrangement, or 0/1 for the
 *   mean and baseline rows)
 * @column: (out) (optional): the column
 *
 * Returns: what lies at @x, @y of a view drawn with these offsets
 */
BansouHeatmapArea
bansou_heatmap_renderer_hit_test (BansouHeatmapRenderer *self,
                                  double                 x_offset,
                                  double                 y_offset,
                                  double                 x,
                                  double                 y,
                                  guint                 *row,
                                  guint                 *column)
{
  BansouHeatmapGeometry g;
  guint n_rows, n_cols;
  double top, cx, cy;
  double col = -1, r;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_RENDERER (self), BANSOU_HEATMAP_AREA_NONE);

  bansou_heatmap_renderer_get_geometry (self, &g);
  n_rows = bansou_heatmap_model_get_n_rows (self->model);
  n_cols = bansou_heatmap_model_get_n_columns (self->model);
  top = g.header_height + g.summary_height;
  cx = g.label_width - round (x_offset);
  cy = top - round (y_offset);

  if (x < 0 || y < 0)
    return BANSOU_HEATMAP_AREA_NONE;

  if (x >= g.label_width)
    {
      col = floor ((x - cx) / g.column_width);
      if (col < 0 || col >= n_cols)
        return BANSOU_HEATMAP_AREA_NONE;
      if (column)
        *column = (guint) col;
    }

  if (y < g.header_height)
    {
      if (col < 0)
        return BANSOU_HEATMAP_AREA_CORNER;
      return y < g.band_height ? BANSOU_HEATMAP_AREA_CATEGORY_HEADER : BANSOU_HEATMAP_AREA_COLUMN_HEADER;
    }

  if (y < top)
    {
      r = floor ((y - g.header_height) / g.summary_row_height);
      if (r > 1)
        return BANSOU_HEATMAP_AREA_NONE;
      if (row)
        *row = (guint) r;
      return col < 0 ? BANSOU_HEATMAP_AREA_SUMMARY_LABEL : BANSOU_HEATMAP_AREA_SUMMARY;
    }

  r = floor ((y - cy) / g.row_height);
  if (r < 0 || r >= n_rows)
    return BANSOU_HEATMAP_AREA_NONE;
  if (row)
    *row = (guint) r;

  return col < 0 ? BANSOU_HEATMAP_AREA_ROW_LABEL : BANSOU_HEATMAP_AREA_CELL;
}

/**
 * bansou_heatmap_renderer_get_cell_rect:
 *
 * Where a body-row cell is drawn in a view with these offsets (it may lie
 * outside the view).
 */
void
bansou_heatmap_renderer_get_cell_rect (BansouHeatmapRenderer *self,
                                       double                 x_offset,
                                       double                 y_offset,
                                       guint                  row,
                                       guint                  column,
                                       cairo_rectangle_int_t *rect)
{
  BansouHeatmapGeometry g;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));
  g_return_if_fail (rect != NULL);

  bansou_heatmap_renderer_get_geometry (self, &g);
  rect->x = g.label_width - (int) round (x_offset) + (int) column * g.column_width;
  rect->y = g.header_height + g.summary_height - (int) round (y_offset) + (int) row * g.row_height;
  rect->width = g.column_width;
  rect->height = g.row_height;
}

/**
 * bansou_heatmap_renderer_draw_rows:
 *
 * Draws the header, the summary rows and rows [@first_row, @first_row +
 * @n_rows) scaled to fit the rectangle, keeping the aspect. The report
 * calls it once per page.
 */
void
bansou_heatmap_renderer_draw_rows (BansouHeatmapRenderer *self,
                                   cairo_t               *cr,
                                   guint                  first_row,
                                   guint                  n_rows,
                                   double                 x,
                                   double                 y,
                                   double                 width,
                                   double                 height)
{
  BansouHeatmapGeometry g;
  guint total;
  int natural_w, natural_h;
  double scale;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  bansou_heatmap_renderer_get_geometry (self, &g);
  total = bansou_heatmap_model_get_n_rows (self->model);
  first_row = MIN (first_row, total);
  n_rows = MIN (n_rows, total - first_row);

  natural_w = g.label_width + g.content_width;
  natural_h = g.header_height + g.summary_height + n_rows * g.row_height;
  scale = MIN (width / MAX (natural_w, 1), height / MAX (natural_h, 1));

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  bansou_heatmap_renderer_draw_view (self, cr, natural_w, natural_h, 0, first_row * (double) g.row_height);
  cairo_restore (cr);
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
  set_source_rgb32 (cr, color);
  cairo_rectangle (cr, x, y, SWATCH, SWATCH);
  cairo_fill (cr);

  if (mark == MARK_DOT)
    {
      set_source_rgb32 (cr, COLOR_DOT);
      cairo_rectangle (cr, x + SWATCH / 2 - 2, y + SWATCH / 2 - 2, 4, 4);
      cairo_fill (cr);
    }
  else if (mark == MARK_OUTLINE)
    {
      set_source_rgb32 (cr, COLOR_OUTLINE);
      cairo_rectangle (cr, x + 0.5, y + 0.5, SWATCH - 1, SWATCH - 1);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
}

/* Lays the legend out in lines of @width; draws it when @cr is set.
 * Returns the height. */
static int
legend (BansouHeatmapRenderer *self,
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

          layout = new_layout (self, text, 12, PANGO_WEIGHT_NORMAL);
          pango_layout_get_pixel_size (layout, &lw, &lh);
          item_w = SWATCH + 6 + lw;
        }
      else
        {
          layout = new_layout (self, _("Score (partly implemented counts ½)"), 12, PANGO_WEIGHT_NORMAL);
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
              set_source_fg (self, cr, 0.9);
              show_layout (cr, layout, ix + SWATCH + 6, iy + (line_h - lh) / 2.0);
            }
          else
            {
              g_autoptr(PangoLayout) zero = new_layout (self, "0%", 11, PANGO_WEIGHT_NORMAL);
              g_autoptr(PangoLayout) hundred = new_layout (self, "100%", 11, PANGO_WEIGHT_NORMAL);
              double rx = ix + lw + 8 + 22;

              set_source_fg (self, cr, 0.9);
              show_layout (cr, layout, ix, iy + (line_h - lh) / 2.0);
              set_source_fg (self, cr, 0.6);
              show_layout (cr, zero, rx - 4 - layout_width (zero), iy + (line_h - layout_height (zero)) / 2.0);
              show_layout (cr, hundred, rx + RAMP_WIDTH + 4, iy + (line_h - layout_height (hundred)) / 2.0);
              for (int px = 0; px < RAMP_WIDTH; px++)
                {
                  set_source_rgb32 (cr, bansou_heatmap_renderer_get_score_color (px / (double) (RAMP_WIDTH - 1)));
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
  return legend (self, NULL, 0, 0, width);
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
  legend (self, cr, x, y, width);
  cairo_restore (cr);
}

/* ---- pages and files --------------------------------------------------- */

static PangoLayout *
title_layout (BansouHeatmapRenderer *self)
{
  const char *round = bansou_heatmap_model_get_round (self->model);
  g_autofree char *label = round ? bansou_round_label (round) : g_strdup ("");
  /* TRANSLATORS: heading of an exported heatmap: scope — round */
  g_autofree char *text = g_strdup_printf (_("Security measures: %s — %s"),
                                           bansou_heatmap_model_get_scope_name (self->model) ?: "",
                                           label);

  return new_layout (self, text, 18, PANGO_WEIGHT_BOLD);
}

/**
 * bansou_heatmap_renderer_fit_width:
 *
 * Picks cell sizes for a page about @width pixels wide, with every row:
 * rows get lower for a national page so it stays printable.
 */
void
bansou_heatmap_renderer_fit_width (BansouHeatmapRenderer *self,
                                   int                    width)
{
  guint n_cols, n_rows;
  int avail, cw, rh;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  n_cols = MAX (bansou_heatmap_model_get_n_columns (self->model), 1);
  n_rows = MAX (bansou_heatmap_model_get_n_rows (self->model), 1);
  avail = width - 2 * PAGE_MARGIN - self->label_width;

  if (bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_CATEGORIES)
    {
      cw = CLAMP (avail / (int) n_cols, 48, 240);
      rh = 20;
    }
  else
    {
      cw = CLAMP (avail / (int) n_cols, 4, 40);
      rh = CLAMP (cw, 4, 20);
    }
  if ((gint64) n_rows * rh > MAX_PAGE_HEIGHT)
    rh = MAX (2, MAX_PAGE_HEIGHT / (int) n_rows);

  self->page_width = width;
  bansou_heatmap_renderer_set_cell_size (self, cw, rh);
}

static void
page_layout (BansouHeatmapRenderer *self,
             int                   *width,
             int                   *height,
             int                   *view_y,
             int                   *legend_y)
{
  g_autoptr(PangoLayout) title = title_layout (self);
  BansouHeatmapGeometry g;
  int w, view_h;

  bansou_heatmap_renderer_get_geometry (self, &g);
  w = MAX (self->page_width, g.label_width + g.content_width + 2 * PAGE_MARGIN);
  view_h = g.header_height + g.summary_height + g.content_height;

  *view_y = PAGE_MARGIN + layout_height (title) + 16;
  *legend_y = *view_y + view_h + 16;
  *width = w;
  *height = *legend_y + legend (self, NULL, 0, 0, w - 2 * PAGE_MARGIN) + PAGE_MARGIN;
}

void
bansou_heatmap_renderer_get_page_size (BansouHeatmapRenderer *self,
                                       int                   *width,
                                       int                   *height)
{
  int w, h, vy, ly;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  page_layout (self, &w, &h, &vy, &ly);
  if (width)
    *width = w;
  if (height)
    *height = h;
}

/**
 * bansou_heatmap_renderer_get_page_cells_origin:
 *
 * Where the first cell (row 0, column 0) lies on a page.
 */
void
bansou_heatmap_renderer_get_page_cells_origin (BansouHeatmapRenderer *self,
                                               double                *x,
                                               double                *y)
{
  BansouHeatmapGeometry g;
  int w, h, vy, ly;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  page_layout (self, &w, &h, &vy, &ly);
  bansou_heatmap_renderer_get_geometry (self, &g);
  if (x)
    *x = PAGE_MARGIN + g.label_width;
  if (y)
    *y = vy + g.header_height + g.summary_height;
}

void
bansou_heatmap_renderer_draw_page (BansouHeatmapRenderer *self,
                                   cairo_t               *cr)
{
  g_autoptr(PangoLayout) title = NULL;
  BansouHeatmapGeometry g;
  int w, h, vy, ly;

  g_return_if_fail (BANSOU_IS_HEATMAP_RENDERER (self));

  page_layout (self, &w, &h, &vy, &ly);
  bansou_heatmap_renderer_get_geometry (self, &g);

  cairo_save (cr);
  cairo_set_source_rgb (cr, self->bg[0], self->bg[1], self->bg[2]);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_fill (cr);

  title = title_layout (self);
  set_source_fg (self, cr, 1);
  show_layout (cr, title, PAGE_MARGIN, PAGE_MARGIN);

  cairo_translate (cr, PAGE_MARGIN, vy);
  bansou_heatmap_renderer_draw_view (self, cr, g.label_width + g.content_width,
                                     g.header_height + g.summary_height + g.content_height, 0, 0);
  cairo_translate (cr, 0, ly - vy);
  legend (self, cr, 0, 0, w - 2 * PAGE_MARGIN);
  cairo_restore (cr);
}

/**
 * bansou_heatmap_renderer_export:
 *
 * Writes the page (see bansou_heatmap_renderer_fit_width()) as PNG or SVG.
 *
 * Returns: %TRUE on success
 */
gboolean
bansou_heatmap_renderer_export (BansouHeatmapRenderer  *self,
                                BansouHeatmapFormat     format,
                                const char             *path,
                                GError                **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int w, h;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_RENDERER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bansou_heatmap_renderer_get_page_size (self, &w, &h);

  if (format == BANSOU_HEATMAP_FORMAT_SVG)
    surface = cairo_svg_surface_create (path, w, h);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);

  cr = cairo_create (surface);
  bansou_heatmap_renderer_draw_page (self, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == BANSOU_HEATMAP_FORMAT_PNG)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}
