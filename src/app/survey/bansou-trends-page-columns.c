/* bansou-trends-page-columns.c — the question table of the year-over-year page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * One row per question: its number and text, the implementation rate in
 * each round with a bar and the national mark, a sparkline over every
 * round, the national baseline and the latest round's gap to it. Each
 * column sorts; the round columns are rebuilt when the rounds change.
 */
#define G_LOG_DOMAIN "bansou-trends-page"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "bansou-trends-page-private.h"
#include "bansou-ui-util.h"

/* A cell bar or sparkline keeps what it draws on the widget. */
typedef struct
{
  guint   n;
  double  values[16];
  double  baseline;  /* a fraction, or negative */
} CellData;

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

static BansouQuestion *
item_question (BansouTrendsPage *self,
               gpointer          item)
{
  return bansou_catalog_lookup_question (bansou_survey_get_catalog (self->survey), gtk_string_object_get_string (item));
}

static double
latest_rate (BansouTrendsPage *self,
             guint             question)
{
  for (guint r = self->tables ? self->tables->len : 0; r > 0; r--)
    {
      double rate = _bansou_trends_page_question_rate (self, r - 1, question);

      if (rate >= 0)
        return rate;
    }
  return BANSOU_NO_SCORE;
}

/* ------------------------------------------------------------------------ */
/* Cells                                                                    */

static void
rate_bar_draw_cb (GtkDrawingArea *area,
                  cairo_t        *cr,
                  int             width,
                  int             height,
                  gpointer        user_data)
{
  CellData *data = g_object_get_data (G_OBJECT (area), "cell-data");
  GdkRGBA fg;
  double y = (height - 8) / 2.0;

  if (data == NULL)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);

  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.1);
  cairo_rectangle (cr, 0, y, width, 8);
  cairo_fill (cr);

  if (data->n > 0 && data->values[0] >= 0)
    {
      /* Below the national rate: vermillion; at or above: blue (Okabe–Ito). */
      if (data->baseline >= 0 && data->values[0] < data->baseline)
        cairo_set_source_rgb (cr, 0xd5 / 255.0, 0x5e / 255.0, 0x00 / 255.0);
      else
        cairo_set_source_rgb (cr, 0x00 / 255.0, 0x72 / 255.0, 0xb2 / 255.0);
      cairo_rectangle (cr, 0, y, width * data->values[0], 8);
      cairo_fill (cr);
    }

  if (data->baseline >= 0)
    {
      double x = round (width * data->baseline) + 0.5;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.9);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, x, y - 3);
      cairo_line_to (cr, x, y + 11);
      cairo_stroke (cr);
    }
}

static void
sparkline_draw_cb (GtkDrawingArea *area,
                   cairo_t        *cr,
                   int             width,
                   int             height,
                   gpointer        user_data)
{
  CellData *data = g_object_get_data (G_OBJECT (area), "cell-data");
  GdkRGBA fg;
  gboolean drawing = FALSE;
  double pad = 3;
  static const double dash[] = { 2, 2 };

  if (data == NULL || data->n == 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);

#define SX(i) (data->n > 1 ? pad + (width - 2 * pad) * (i) / (data->n - 1) : width / 2.0)
#define SY(v) (height - pad - (height - 2 * pad) * (v))

  if (data->baseline >= 0)
    {
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.5);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, 0, round (SY (data->baseline)) + 0.5);
      cairo_line_to (cr, width, round (SY (data->baseline)) + 0.5);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  cairo_set_source_rgb (cr, 0x00 / 255.0, 0x72 / 255.0, 0xb2 / 255.0);
  cairo_set_line_width (cr, 1.8);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < data->n; i++)
    {
      if (data->values[i] < 0)
        {
          drawing = FALSE;
          continue;
        }
      if (drawing)
        cairo_line_to (cr, SX (i), SY (data->values[i]));
      else
        cairo_move_to (cr, SX (i), SY (data->values[i]));
      drawing = TRUE;
    }
  cairo_stroke (cr);

  for (guint i = data->n; i > 0; i--)
    if (data->values[i - 1] >= 0)
      {
        cairo_arc (cr, SX (i - 1), SY (data->values[i - 1]), 2.5, 0, 2 * G_PI);
        cairo_fill (cr);
        break;
      }
#undef SX
#undef SY
}

static void
set_cell_data (GtkWidget *area,
               CellData  *data)
{
  g_object_set_data_full (G_OBJECT (area), "cell-data", g_memdup2 (data, sizeof *data), g_free);
  gtk_widget_queue_draw (area);
}

/* Number */

static void
number_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 BansouTrendsPage         *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (list_item, label);
}

static void
number_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                BansouTrendsPage         *self)
{
  BansouQuestion *q = item_question (self, gtk_list_item_get_item (list_item));
  guint position = 0;
  g_autofree char *number = NULL;

  if (q == NULL)
    return;
  /* “5.3”: the same numbers as the answer editor. */
  for (guint m = 0; m < q->category->measures->len; m++)
    {
      BansouMeasure *measure = g_ptr_array_index (q->category->measures, m);

      for (guint k = 0; k < measure->questions->len; k++)
        {
          position++;
          if (g_ptr_array_index (measure->questions, k) == q)
            goto found;
        }
    }
found:
  number = g_strdup_printf ("%u.%u", q->category->index + 1, position);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), number);
}

/* Question */

static void
question_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   BansouTrendsPage         *self)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), 40);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, cell);
}

static void
question_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  BansouTrendsPage         *self)
{
  BansouQuestion *q = item_question (self, gtk_list_item_get_item (list_item));
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  gtk_inscription_set_text (GTK_INSCRIPTION (cell), q ? bansou_question_get_label (q) : "");
  gtk_widget_set_tooltip_text (cell, q ? bansou_question_get_label (q) : NULL);
}

/* One round: the rate and a bar with the national mark */

static void
round_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                BansouTrendsPage         *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *bar = gtk_drawing_area_new ();

  gtk_label_set_width_chars (GTK_LABEL (label), 4);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (bar), 70);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (bar), 16);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (bar), rate_bar_draw_cb, NULL, NULL);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_list_item_set_child (list_item, box);
}

static void
round_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               BansouTrendsPage         *self)
{
  guint round = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "round"));
  BansouQuestion *q = item_question (self, gtk_list_item_get_item (list_item));
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *bar = gtk_widget_get_next_sibling (label);
  CellData data = { 0 };
  g_autofree char *text = NULL;

  if (q == NULL)
    return;
  data.n = 1;
  data.values[0] = _bansou_trends_page_question_rate (self, round, q->index);
  data.baseline = q->baseline >= 0 ? q->baseline / 100.0 : BANSOU_NO_SCORE;
  text = bansou_ui_format_percent (data.values[0]);
  gtk_label_set_label (GTK_LABEL (label), text);
  set_cell_data (bar, &data);
}

/* Trend: a sparkline over every round */

static void
trend_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                BansouTrendsPage         *self)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 90);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 22);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), sparkline_draw_cb, NULL, NULL);
  gtk_list_item_set_child (list_item, area);
}

static void
trend_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               BansouTrendsPage         *self)
{
  BansouQuestion *q = item_question (self, gtk_list_item_get_item (list_item));
  CellData data = { 0 };

  if (q == NULL || self->tables == NULL)
    return;
  data.n = MIN (self->tables->len, G_N_ELEMENTS (data.values));
  /* The latest rounds when there are more than a sparkline holds. */
  for (guint i = 0; i < data.n; i++)
    data.values[i] = _bansou_trends_page_question_rate (self, self->tables->len - data.n + i, q->index);
  data.baseline = q->baseline >= 0 ? q->baseline / 100.0 : BANSOU_NO_SCORE;
  set_cell_data (gtk_list_item_get_child (list_item), &data);
}

/* National baseline */

static void
number_cell_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      BansouTrendsPage         *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_width_chars (GTK_LABEL (label), 7);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
baseline_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  BansouTrendsPage         *self)
{
  BansouQuestion *q = item_question (self, gtk_list_item_get_item (list_item));
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = q ? bansou_ui_format_baseline (q->baseline) : NULL;

  gtk_label_set_label (GTK_LABEL (label), text ? text : "");
  if (q && q->baseline >= 0)
    gtk_widget_remove_css_class (label, "dim-label");
  else
    gtk_widget_add_css_class (label, "dim-label");
}

/* The latest round against the national rate, in points */

static void
gap_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             BansouTrendsPage         *self)
{
  BansouQuestion *q = item_question (self, gtk_list_item_get_item (list_item));
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const char *classes[] = { "numeric", NULL, NULL };
  g_autofree char *text = NULL;
  double latest;

  if (q == NULL || q->baseline < 0 || (latest = latest_rate (self, q->index)) < 0)
    {
      gtk_label_set_label (GTK_LABEL (label), "—");
      classes[1] = "dim-label";
    }
  else
    {
      double gap = latest * 100 - q->baseline;

      /* ▲ and ▼ carry the sign; the colour only repeats it. */
      if (gap >= 0.05)
        {
          text = g_strdup_printf ("▲ %+.1f", gap);
          classes[1] = "trend-up";
        }
      else if (gap <= -0.05)
        {
          text = g_strdup_printf ("▼ %+.1f", gap);
          classes[1] = "trend-down";
        }
      else
        text = g_strdup ("±0.0");
      gtk_label_set_label (GTK_LABEL (label), text);
    }
  gtk_widget_set_css_classes (label, classes);
}

/* Sorters */

#define ORDER(x) ((x) < 0 ? GTK_ORDERING_SMALLER : (x) > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL)

static int
compare_index (BansouTrendsPage *self,
               gconstpointer     a,
               gconstpointer     b)
{
  BansouQuestion *x = item_question (self, (gpointer) a);
  BansouQuestion *y = item_question (self, (gpointer) b);

  return ORDER ((int) (x ? x->index : 0) - (int) (y ? y->index : 0));
}

static int
compare_number_cb (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  return compare_index (user_data, a, b);
}

static int
compare_doubles (BansouTrendsPage *self,
                 double            x,
                 double            y,
                 gconstpointer     a,
                 gconstpointer     b)
{
  if (x != y)
    return x < y ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return compare_index (self, a, b);
}

static int
compare_round_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  GtkSorter *sorter = user_data;
  BansouTrendsPage *self = g_object_get_data (G_OBJECT (sorter), "page");
  guint round = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (sorter), "round"));
  BansouQuestion *x = item_question (self, (gpointer) a);
  BansouQuestion *y = item_question (self, (gpointer) b);

  return compare_doubles (self, _bansou_trends_page_question_rate (self, round, x->index), _bansou_trends_page_question_rate (self, round, y->index), a, b);
}

static int
compare_baseline_cb (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  BansouTrendsPage *self = user_data;

  return compare_doubles (self, item_question (self, (gpointer) a)->baseline,
                          item_question (self, (gpointer) b)->baseline, a, b);
}

static double
gap_of (BansouTrendsPage *self,
        BansouQuestion   *q)
{
  double latest = latest_rate (self, q->index);

  /* Questions without a baseline sort after every gap. */
  return q->baseline < 0 || latest < 0 ? G_MAXDOUBLE : latest * 100 - q->baseline;
}

static int
compare_gap_cb (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  BansouTrendsPage *self = user_data;

  return compare_doubles (self, gap_of (self, item_question (self, (gpointer) a)),
                          gap_of (self, item_question (self, (gpointer) b)), a, b);
}

static GtkColumnViewColumn *
new_column (BansouTrendsPage *self,
            const char       *title,
            GCallback         setup,
            GCallback         bind,
            GtkSorter        *sorter)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  column = gtk_column_view_column_new (title, g_object_ref (factory));
  if (sorter != NULL)
    gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  return column;
}

void
_bansou_trends_page_add_fixed_columns (BansouTrendsPage *self)
{
  g_autoptr(GtkColumnViewColumn) number = NULL;
  g_autoptr(GtkColumnViewColumn) question = NULL;
  g_autoptr(GtkColumnViewColumn) trend = NULL;
  g_autoptr(GtkColumnViewColumn) baseline = NULL;
  g_autoptr(GtkColumnViewColumn) gap = NULL;
  g_autoptr(GtkSorter) number_sorter = GTK_SORTER (gtk_custom_sorter_new (compare_number_cb, self, NULL));
  g_autoptr(GtkSorter) baseline_sorter = GTK_SORTER (gtk_custom_sorter_new (compare_baseline_cb, self, NULL));
  g_autoptr(GtkSorter) gap_sorter = GTK_SORTER (gtk_custom_sorter_new (compare_gap_cb, self, NULL));

  number = new_column (self, _("No."), G_CALLBACK (number_setup_cb), G_CALLBACK (number_bind_cb), number_sorter);
  question = new_column (self, _("Question"), G_CALLBACK (question_setup_cb), G_CALLBACK (question_bind_cb), NULL);
  gtk_column_view_column_set_expand (question, TRUE);
  trend = new_column (self, _("Trend"), G_CALLBACK (trend_setup_cb), G_CALLBACK (trend_bind_cb), NULL);
  baseline = new_column (self, _("National"), G_CALLBACK (number_cell_setup_cb), G_CALLBACK (baseline_bind_cb),
                         baseline_sorter);
  /* TRANSLATORS: a column: the latest rate minus the national rate, in percentage points */
  gap = new_column (self, _("vs National (pt)"), G_CALLBACK (number_cell_setup_cb), G_CALLBACK (gap_bind_cb),
                    gap_sorter);

  gtk_column_view_append_column (self->question_view, number);
  gtk_column_view_append_column (self->question_view, question);
  gtk_column_view_append_column (self->question_view, trend);
  gtk_column_view_append_column (self->question_view, baseline);
  gtk_column_view_append_column (self->question_view, gap);
  gtk_column_view_sort_by_column (self->question_view, number, GTK_SORT_ASCENDING);
}

/* One column per round, between the question and its trend. */
void
_bansou_trends_page_rebuild_round_columns (BansouTrendsPage *self)
{
  for (guint i = 0; i < self->round_columns->len; i++)
    gtk_column_view_remove_column (self->question_view, g_ptr_array_index (self->round_columns, i));
  g_ptr_array_set_size (self->round_columns, 0);

  for (guint r = 0; r < self->rounds->len; r++)
    {
      g_autofree char *title = bansou_ui_round_short_label (g_ptr_array_index (self->rounds, r));
      g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare_round_cb, NULL, NULL));
      GtkColumnViewColumn *column;
      GtkListItemFactory *factory;

      /* The sorter finds the page and its round through its own data. */
      g_object_set_data (G_OBJECT (sorter), "page", self);
      g_object_set_data (G_OBJECT (sorter), "round", GUINT_TO_POINTER (r));
      gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (sorter), compare_round_cb, sorter, NULL);

      column = new_column (self, title, G_CALLBACK (round_setup_cb), G_CALLBACK (round_bind_cb), sorter);
      factory = gtk_column_view_column_get_factory (column);
      g_object_set_data (G_OBJECT (factory), "round", GUINT_TO_POINTER (r));
      gtk_column_view_insert_column (self->question_view, 2 + r, column);
      g_ptr_array_add (self->round_columns, column);
    }
}
