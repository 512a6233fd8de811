/* bansou-trend-chart.c — a small line chart of one score across rounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * One category (or the overall score) of one body, round by round, with
 * the prefecture's mean as a dashed reference. Blue and vermillion from
 * the Okabe–Ito palette, and the line style and marker shape say the
 * same as the colour, so the chart reads with any colour vision and in
 * greyscale print. A handful of points: drawn with cairo on every
 * snapshot, no cache needed.
 */
#define G_LOG_DOMAIN "bansou-trend-chart"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bansou-trend-chart.h"
#include "bansou-ui-util.h"

#define SERIES_R 0x00 / 255.0
#define SERIES_G 0x72 / 255.0
#define SERIES_B 0xb2 / 255.0
#define DOWN_R   0xd5 / 255.0
#define DOWN_G   0x5e / 255.0
#define DOWN_B   0x00 / 255.0

#define PAD_LEFT   34
#define PAD_RIGHT  10
#define PAD_TOP    42
#define PAD_BOTTOM 36

struct _BansouTrendChart
{
  GtkWidget  parent_instance;

  char      *title;
  guint      n_points;
  char     **rounds;     /* round ids */
  double    *values;     /* 0–1, or negative for none */
  double    *reference;  /* nullable */
};

G_DEFINE_FINAL_TYPE (BansouTrendChart, bansou_trend_chart, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------------------ */

static void
get_color (GtkWidget *widget,
           GdkRGBA   *color)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
}

static void
show_text (GtkWidget   *widget,
           cairo_t     *cr,
           const char  *text,
           double       x,
           double       y,
           double       xalign,
           double       max_width,
           gboolean     bold,
           double       scale)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();
  int w, h;

  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attrs);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - xalign * w, y);
  pango_cairo_show_layout (cr, layout);

  pango_attr_list_unref (attrs);
  g_object_unref (layout);
}

/* Points stay clear of the edges by half an axis label (令和5年 is about
 * 44 px wide at the axis size). */
#define POINT_INSET 22

static double
point_x (BansouTrendChart *self,
         guint             i,
         double            left,
         double            right)
{
  left += POINT_INSET;
  right -= POINT_INSET;
  if (self->n_points <= 1)
    return (left + right) / 2;
  return left + (right - left) * i / (self->n_points - 1);
}

static void
draw_series (BansouTrendChart *self,
             cairo_t          *cr,
             const double     *values,
             double            left,
             double            right,
             double            top,
             double            bottom,
             gboolean          hollow)
{
  gboolean drawing = FALSE;

  for (guint i = 0; i < self->n_points; i++)
    {
      double x = point_x (self, i, left, right);
      double y = bottom - (bottom - top) * values[i];

      /* A round without a score breaks the line. */
      if (values[i] < 0)
        {
          drawing = FALSE;
          continue;
        }
      if (drawing)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      drawing = TRUE;
    }
  cairo_stroke (cr);

  cairo_set_dash (cr, NULL, 0, 0);
  for (guint i = 0; i < self->n_points; i++)
    {
      double x = point_x (self, i, left, right);
      double y = bottom - (bottom - top) * values[i];

      if (values[i] < 0)
        continue;
      if (hollow)
        {
          /* The reference: small hollow squares. */
          cairo_rectangle (cr, x - 2.5, y - 2.5, 5, 5);
          cairo_save (cr);
          cairo_set_line_width (cr, 1.2);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      else
        {
          cairo_arc (cr, x, y, 3.5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
}

static void
bansou_trend_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  BansouTrendChart *self = BANSOU_TREND_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double left = PAD_LEFT, right = width - PAD_RIGHT, top = PAD_TOP, bottom = height - PAD_BOTTOM;
  GdkRGBA fg;
  cairo_t *cr;
  double last = BANSOU_NO_SCORE, before = BANSOU_NO_SCORE;
  static const double dash[] = { 4, 3 };

  if (width <= PAD_LEFT + PAD_RIGHT || height <= PAD_TOP + PAD_BOTTOM)
    return;

  get_color (widget, &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* The latest value and its change since the round before. */
  for (guint i = 0; i < self->n_points; i++)
    if (self->values[i] >= 0)
      {
        before = last;
        last = self->values[i];
      }
  if (last >= 0)
    {
      g_autofree char *value = bansou_ui_format_percent (last);

      cairo_set_source_rgb (cr, SERIES_R, SERIES_G, SERIES_B);
      show_text (widget, cr, value, width - PAD_RIGHT, 0, 1.0, 0, TRUE, 1.3);
      if (before >= 0)
        {
          int delta = (int) lround ((last - before) * 100);
          g_autofree char *text = NULL;

          /* ▲ and ▼ carry the direction; the colour only repeats it. */
          if (delta > 0)
            {
              text = g_strdup_printf ("▲%d", delta);
              cairo_set_source_rgb (cr, SERIES_R, SERIES_G, SERIES_B);
            }
          else if (delta < 0)
            {
              text = g_strdup_printf ("▼%d", -delta);
              cairo_set_source_rgb (cr, DOWN_R, DOWN_G, DOWN_B);
            }
          else
            {
              text = g_strdup ("±0");
              cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
            }
          show_text (widget, cr, text, width - PAD_RIGHT, 20, 1.0, 0, FALSE, 0.8);
        }
    }

  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha);
  show_text (widget, cr, self->title ? self->title : "", 0, 2, 0.0, width - PAD_RIGHT - 64, TRUE, 1.0);

  /* Grid: 0, 50 and 100 %. */
  cairo_set_line_width (cr, 1);
  for (guint k = 0; k <= 2; k++)
    {
      double y = round (bottom - (bottom - top) * k / 2.0) + 0.5;
      g_autofree char *label = g_strdup_printf ("%u", k * 50);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, k == 0 ? 0.35 : 0.12);
      cairo_move_to (cr, left - 4, y);
      cairo_line_to (cr, right + 4, y);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
      show_text (widget, cr, label, left - 8, y - 7, 1.0, 0, FALSE, 0.75);
    }

  /* Rounds in 和暦, two lines: 令和5年 / 10月末. Crowded axes keep the
   * first and last labels. */
  for (guint i = 0; i < self->n_points; i++)
    {
      double x = point_x (self, i, left, right);
      double spacing = self->n_points > 1 ? (right - left - 2 * POINT_INSET) / (self->n_points - 1) : right - left;
      g_autofree char *label = NULL;
      char *split;

      if (spacing < 52 && i != 0 && i != self->n_points - 1)
        continue;
      label = bansou_ui_round_short_label (self->rounds[i]);
      if ((split = strstr (label, "年")) != NULL)
        {
          g_autofree char *year = g_strndup (label, split + strlen ("年") - label);

          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
          show_text (widget, cr, year, x, bottom + 6, 0.5, 0, FALSE, 0.75);
          show_text (widget, cr, split + strlen ("年"), x, bottom + 19, 0.5, 0, FALSE, 0.75);
        }
      else
        show_text (widget, cr, label, x, bottom + 6, 0.5, 0, FALSE, 0.75);
    }

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  if (self->reference != NULL)
    {
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.5);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      draw_series (self, cr, self->reference, left, right, top, bottom, TRUE);
    }

  cairo_set_source_rgb (cr, SERIES_R, SERIES_G, SERIES_B);
  cairo_set_line_width (cr, 2.5);
  cairo_set_dash (cr, NULL, 0, 0);
  draw_series (self, cr, self->values, left, right, top, bottom, FALSE);

  cairo_destroy (cr);
}

static void
bansou_trend_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 180;
      *natural = 240;
    }
  else
    {
      *minimum = 150;
      *natural = 170;
    }
}

static void
bansou_trend_chart_finalize (GObject *object)
{
  BansouTrendChart *self = (BansouTrendChart *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->rounds, g_strfreev);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->reference, g_free);

  G_OBJECT_CLASS (bansou_trend_chart_parent_class)->finalize (object);
}

static void
bansou_trend_chart_class_init (BansouTrendChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bansou_trend_chart_finalize;
  widget_class->snapshot = bansou_trend_chart_snapshot;
  widget_class->measure = bansou_trend_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "trendchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bansou_trend_chart_init (BansouTrendChart *self)
{
}

/* ------------------------------------------------------------------------ */

GtkWidget *
bansou_trend_chart_new (void)
{
  return g_object_new (BANSOU_TYPE_TREND_CHART, NULL);
}

void
bansou_trend_chart_set_title (BansouTrendChart *self,
                              const char       *title)
{
  g_return_if_fail (BANSOU_IS_TREND_CHART (self));

  g_free (self->title);
  self->title = g_strdup (title);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * bansou_trend_chart_set_data:
 * @rounds: (array length=n_points): round ids, oldest first
 * @values: (array length=n_points): scores from 0 to 1, negative for none
 * @reference: (nullable) (array length=n_points): the prefecture's mean
 */
void
bansou_trend_chart_set_data (BansouTrendChart   *self,
                             guint               n_points,
                             const char * const *rounds,
                             const double       *values,
                             const double       *reference)
{
  g_autoptr(GString) summary = g_string_new (self->title);

  g_return_if_fail (BANSOU_IS_TREND_CHART (self));

  g_clear_pointer (&self->rounds, g_strfreev);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->reference, g_free);

  self->n_points = n_points;
  self->rounds = g_new0 (char *, n_points + 1);
  for (guint i = 0; i < n_points; i++)
    self->rounds[i] = g_strdup (rounds[i]);
  self->values = g_memdup2 (values, sizeof (double) * MAX (n_points, 1));
  if (reference != NULL)
    self->reference = g_memdup2 (reference, sizeof (double) * MAX (n_points, 1));

  /* The figures in words, for the tooltip and screen readers. */
  for (guint i = 0; i < n_points; i++)
    {
      g_autofree char *label = bansou_round_label (rounds[i]);
      g_autofree char *value = bansou_ui_format_percent (values[i]);

      g_string_append_printf (summary, "\n%s: %s", label, value);
      if (reference != NULL)
        {
          g_autofree char *ref = bansou_ui_format_percent (reference[i]);
          /* TRANSLATORS: the prefecture's mean score beside a body's */
          g_autofree char *part = g_strdup_printf (_("(prefecture %s)"), ref);
          g_string_append_printf (summary, " %s", part);
        }
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), summary->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary->str, -1);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
bansou_trend_chart_get_value (BansouTrendChart *self,
                              guint             point)
{
  g_return_val_if_fail (BANSOU_IS_TREND_CHART (self), BANSOU_NO_SCORE);
  return point < self->n_points ? self->values[point] : BANSOU_NO_SCORE;
}
