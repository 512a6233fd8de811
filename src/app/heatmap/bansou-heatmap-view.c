/* bansou-heatmap-view.c — the heatmap as a scrollable widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A frame places the renderer's cached cell image (scaled with a NEAREST
 * filter inside one cairo node) and adds the overlays as render nodes:
 * hover, the keyboard focus cell. Nothing here reads the database: hover,
 * tooltips, scrolling and zooming only look at the model in memory, and
 * the image is rebuilt only when the model says it changed.
 *
 * Row labels, the column header and the two summary rows (scope mean,
 * national baseline) stay in place while the cells scroll under them; they
 * are reported to GtkScrolledWindow as the scrollable's border.
 */
#define G_LOG_DOMAIN "bansou-heatmap"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-heatmap-view.h"

typedef enum
{
  PART_CORNER,
  PART_HEADER,
  PART_LABELS,
  PART_CELLS,
  N_PARTS
} Part;

typedef struct
{
  GskRenderNode *node;
  guint          serial;
  double         x;
  double         y;
  int            width;
  int            height;
} CachedPart;

struct _BansouHeatmapView
{
  GtkWidget              parent_instance;

  BansouHeatmapModel    *model;
  BansouHeatmapRenderer *renderer;

  GtkAdjustment         *hadjustment;
  GtkAdjustment         *vadjustment;
  guint                  hscroll_policy : 1;
  guint                  vscroll_policy : 1;

  int                    zoom;
  gboolean               fit_pending;   /* pick a zoom at the next allocation */

  /* The last frame's pictures of the four regions, each kept while what
   * it depends on stays: GTK then repaints only what changed — the hover
   * and focus rectangles, or the rows but not the header while scrolling
   * down. */
  CachedPart             parts[N_PARTS];
  guint                  serial;          /* bumped by every change of what is shown */
  GdkRGBA                fg;
  GdkRGBA                bg;

  /* What the pointer is over */
  BansouHeatmapArea      hover_area;
  guint                  hover_row;
  guint                  hover_column;

  /* The keyboard's cell; follows its body when rows are re-sorted */
  guint                  focus_row;
  guint                  focus_column;
  gint                   focus_body;   /* -1 when the focus is on a heading row */
};

static void bansou_heatmap_view_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BansouHeatmapView, bansou_heatmap_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE,
                                                      bansou_heatmap_view_scrollable_init))

enum {
  PROP_0,
  PROP_MODEL,
  PROP_ZOOM,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  CELL_ACTIVATED,
  GROUP_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const int zoom_steps[] = { 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18, 20, 24, 28, 32, 40 };

/* ------------------------------------------------------------------------ */

static void
get_geometry (BansouHeatmapView     *self,
              BansouHeatmapGeometry *g)
{
  bansou_heatmap_renderer_get_geometry (self->renderer, g);
}

static double
hvalue (BansouHeatmapView *self)
{
  return self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

static double
vvalue (BansouHeatmapView *self)
{
  return self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

static guint
n_rows (BansouHeatmapView *self)
{
  return self->model ? bansou_heatmap_model_get_n_rows (self->model) : 0;
}

static guint
n_columns (BansouHeatmapView *self)
{
  return self->model ? bansou_heatmap_model_get_n_columns (self->model) : 0;
}

static void
invalidate_content (BansouHeatmapView *self)
{
  self->serial++;
}

static void
apply_cell_size (BansouHeatmapView *self)
{
  BansouHeatmapGeometry g;
  gboolean categories;
  int column_width = self->zoom;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int fit = 0;

  if (self->model == NULL)
    return;

  /* The zoom sets the row height. Columns are at least as wide as the
   * zoom, and otherwise share the width: 58 questions always fit a
   * window, so zooming out shows more rows rather than a narrow strip. */
  categories = bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_CATEGORIES;
  bansou_heatmap_renderer_get_geometry (self->renderer, &g);
  if (width > 0 && n_columns (self) > 0)
    fit = (width - g.label_width - 2) / (int) n_columns (self);

  if (categories)
    /* Eight category columns can afford room for their names and scores. */
    column_width = MAX (MAX (self->zoom * 5, 88), MIN (fit, 240));
  else
    column_width = MAX (self->zoom, MIN (fit, 32));

  if (column_width != g.column_width || MAX (self->zoom, 2) != g.row_height)
    {
      invalidate_content (self);
      bansou_heatmap_renderer_set_cell_size (self->renderer, column_width, MAX (self->zoom, 2));
    }
}

static void
configure_adjustments (BansouHeatmapView *self,
                       double             x,
                       double             y)
{
  BansouHeatmapGeometry g;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double page_w, page_h;

  if (self->model == NULL)
    return;

  get_geometry (self, &g);
  page_w = MAX (width - g.label_width, 0);
  page_h = MAX (height - g.header_height - g.summary_height, 0);

  if (self->hadjustment)
    gtk_adjustment_configure (self->hadjustment,
                              CLAMP (x, 0, MAX (0, g.content_width - page_w)),
                              0, g.content_width,
                              g.column_width, page_w * 0.9, page_w);
  if (self->vadjustment)
    gtk_adjustment_configure (self->vadjustment,
                              CLAMP (y, 0, MAX (0, g.content_height - page_h)),
                              0, g.content_height,
                              g.row_height * 3, page_h * 0.9, page_h);
}

static char *
format_percent (double score)
{
  if (score < 0)
    return g_strdup (_("no data"));
  return g_strdup_printf ("%.0f%%", score * 100);
}

static guint
column_question (BansouHeatmapView *self,
                 guint              column,
                 gboolean          *is_category)
{
  guint v = bansou_heatmap_model_get_column (self->model, column);

  *is_category = bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_CATEGORIES;
  return v;
}

/* The question a column stands for: in the category mode, the category's
 * first question, where the editor opens that category. */
static BansouQuestion *
column_first_question (BansouHeatmapView *self,
                       guint              column)
{
  BansouCatalog *catalog = bansou_heatmap_model_get_catalog (self->model);
  gboolean is_category;
  guint v = column_question (self, column, &is_category);

  if (is_category)
    {
      BansouCategory *category = bansou_catalog_get_category (catalog, v);
      BansouMeasure *measure = g_ptr_array_index (category->measures, 0);

      return g_ptr_array_index (measure->questions, 0);
    }
  return bansou_catalog_get_question (catalog, v);
}

static const char *
column_title (BansouHeatmapView *self,
              guint              column)
{
  BansouCatalog *catalog = bansou_heatmap_model_get_catalog (self->model);
  gboolean is_category;
  guint v = column_question (self, column, &is_category);

  if (is_category)
    return bansou_category_get_label (bansou_catalog_get_category (catalog, v));
  return bansou_question_get_label (bansou_catalog_get_question (catalog, v));
}

/* Text for a cell, for the tooltip (markup) and for assistive technology
 * (plain). Everything comes from the model in memory. */
static char *
describe (BansouHeatmapView *self,
          BansouHeatmapArea  area,
          guint              row,
          guint              column,
          gboolean           markup)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *label = NULL;
  const char *bold_open = markup ? "<b>" : "";
  const char *bold_close = markup ? "</b>" : "";
  gboolean is_category = FALSE;

#define APPEND_ESCAPED(s) G_STMT_START { \
    if (markup) { g_autofree char *e_ = g_markup_escape_text ((s), -1); g_string_append (text, e_); } \
    else g_string_append (text, (s)); \
  } G_STMT_END

  if (area == BANSOU_HEATMAP_AREA_CELL || area == BANSOU_HEATMAP_AREA_SUMMARY ||
      area == BANSOU_HEATMAP_AREA_COLUMN_HEADER || area == BANSOU_HEATMAP_AREA_CATEGORY_HEADER)
    {
      column_question (self, column, &is_category);
      label = bansou_heatmap_model_dup_column_label (self->model, column);
    }

  switch (area)
    {
    case BANSOU_HEATMAP_AREA_CELL:
    case BANSOU_HEATMAP_AREA_ROW_LABEL:
      {
        guint index;
        BansouHeatmapRowKind kind = bansou_heatmap_model_get_row (self->model, row, &index);

        if (kind == BANSOU_HEATMAP_ROW_GROUP)
          {
            g_string_append (text, bold_open);
            APPEND_ESCAPED (bansou_heatmap_model_get_group_name (self->model, index));
            g_string_append (text, bold_close);
            if (area == BANSOU_HEATMAP_AREA_ROW_LABEL)
              {
                g_autofree char *pct = format_percent (bansou_heatmap_model_get_group_score (self->model, index));
                g_string_append_printf (text, "\n%s %s", _("Prefecture mean:"), pct);
              }
          }
        else
          {
            BansouBody *body = bansou_heatmap_model_get_body (self->model, index);

            g_string_append (text, bold_open);
            APPEND_ESCAPED (bansou_body_get_name (body));
            g_string_append (text, bold_close);
            g_string_append (text, " · ");
            APPEND_ESCAPED (bansou_body_get_kind_label (body));
            if (area == BANSOU_HEATMAP_AREA_ROW_LABEL)
              {
                g_autofree char *pct = format_percent (bansou_heatmap_model_get_body_score (self->model, index));
                g_string_append_printf (text, "\n%s %s", _("Overall score:"), pct);
              }
          }

        if (area == BANSOU_HEATMAP_AREA_CELL)
          {
            /* "5.3 <question>"; a category column is named once */
            g_string_append_printf (text, "\n%s%s", is_category ? "" : label, is_category ? "" : " ");
            APPEND_ESCAPED (column_title (self, column));

            if (kind == BANSOU_HEATMAP_ROW_BODY && !is_category)
              {
                guint q = bansou_heatmap_model_get_column (self->model, column);
                BansouStatus status = bansou_heatmap_model_get_status (self->model, index, q);
                const char *note = bansou_heatmap_model_get_note (self->model, index, q);

                g_string_append_printf (text, "\n%s %s%s%s", _("Status:"),
                                        bold_open, bansou_status_get_label (status), bold_close);
                if (bansou_heatmap_model_get_previous_round (self->model) != NULL)
                  g_string_append_printf (text, "\n%s %s", _("Previous round:"),
                                          bansou_status_get_label (bansou_heatmap_model_get_previous_status (self->model, index, q)));
                if (bansou_heatmap_model_get_carried (self->model, index, q))
                  g_string_append_printf (text, "\n%s", _("Carried over from the previous round, not confirmed yet"));
                if (note != NULL)
                  {
                    g_string_append_printf (text, "\n%s ", _("Note:"));
                    APPEND_ESCAPED (note);
                  }
              }
            else
              {
                g_autofree char *pct = format_percent (bansou_heatmap_model_get_cell_score (self->model, kind, index, column));
                g_string_append_printf (text, "\n%s %s%s%s", _("Score:"), bold_open, pct, bold_close);
              }
          }
      }
      break;

    case BANSOU_HEATMAP_AREA_SUMMARY:
    case BANSOU_HEATMAP_AREA_SUMMARY_LABEL:
      {
        BansouHeatmapRowKind kind = row == 0 ? BANSOU_HEATMAP_ROW_MEAN : BANSOU_HEATMAP_ROW_BASELINE;

        g_string_append (text, bold_open);
        if (row == 0)
          {
            g_autofree char *title = g_strdup_printf (_("%s mean"),
                                                      bansou_heatmap_model_get_scope_name (self->model));
            APPEND_ESCAPED (title);
          }
        else
          g_string_append (text, _("National baseline"));
        g_string_append (text, bold_close);

        if (area == BANSOU_HEATMAP_AREA_SUMMARY)
          {
            g_autofree char *pct = format_percent (bansou_heatmap_model_get_cell_score (self->model, kind, 0, column));

            /* "5.3 <question>"; a category column is named once */
            g_string_append_printf (text, "\n%s%s", is_category ? "" : label, is_category ? "" : " ");
            APPEND_ESCAPED (column_title (self, column));
            g_string_append_printf (text, "\n%s%s%s", bold_open, pct, bold_close);
          }
        else if (row == 0)
          g_string_append_printf (text, "\n%s", _("Every body in scope, whatever the filter shows"));
        else
          {
            const char *source = bansou_catalog_get_baseline_source (bansou_heatmap_model_get_catalog (self->model));
            g_string_append_c (text, '\n');
            APPEND_ESCAPED (source ? source : "");
          }
      }
      break;

    case BANSOU_HEATMAP_AREA_COLUMN_HEADER:
    case BANSOU_HEATMAP_AREA_CATEGORY_HEADER:
      {
        BansouCatalog *catalog = bansou_heatmap_model_get_catalog (self->model);
        guint category = bansou_heatmap_model_get_column_category (self->model, column);

        g_string_append (text, bold_open);
        APPEND_ESCAPED (bansou_category_get_label (bansou_catalog_get_category (catalog, category)));
        g_string_append (text, bold_close);
        if (area == BANSOU_HEATMAP_AREA_COLUMN_HEADER && !is_category)
          {
            g_autofree char *mean = format_percent (bansou_heatmap_model_get_cell_score (self->model, BANSOU_HEATMAP_ROW_MEAN, 0, column));
            g_autofree char *base = format_percent (bansou_heatmap_model_get_cell_score (self->model, BANSOU_HEATMAP_ROW_BASELINE, 0, column));

            /* "5.3 <question>"; a category column is named once */
            g_string_append_printf (text, "\n%s%s", is_category ? "" : label, is_category ? "" : " ");
            APPEND_ESCAPED (column_title (self, column));
            g_string_append_printf (text, "\n%s %s · %s %s", _("Mean:"), mean, _("Baseline:"), base);
          }
      }
      break;

    case BANSOU_HEATMAP_AREA_CORNER:
    case BANSOU_HEATMAP_AREA_NONE:
    default:
      return NULL;
    }

#undef APPEND_ESCAPED

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_accessible (BansouHeatmapView *self)
{
  g_autofree char *text = NULL;

  if (self->model == NULL || self->focus_row >= n_rows (self) || self->focus_column >= n_columns (self))
    return;

  text = describe (self, BANSOU_HEATMAP_AREA_CELL, self->focus_row, self->focus_column, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
scroll_to_cell (BansouHeatmapView *self,
                guint              row,
                guint              column)
{
  BansouHeatmapGeometry g;
  double x, y, page_w, page_h, cell_x, cell_y;

  if (self->hadjustment == NULL || self->vadjustment == NULL)
    return;

  get_geometry (self, &g);
  x = hvalue (self);
  y = vvalue (self);
  page_w = gtk_adjustment_get_page_size (self->hadjustment);
  page_h = gtk_adjustment_get_page_size (self->vadjustment);
  cell_x = column * (double) g.column_width;
  cell_y = row * (double) g.row_height;

  if (cell_x < x)
    x = cell_x;
  else if (cell_x + g.column_width > x + page_w)
    x = cell_x + g.column_width - page_w;
  if (cell_y < y)
    y = cell_y;
  else if (cell_y + g.row_height > y + page_h)
    y = cell_y + g.row_height - page_h;

  gtk_adjustment_set_value (self->hadjustment, x);
  gtk_adjustment_set_value (self->vadjustment, y);
}

static void
move_focus_to (BansouHeatmapView *self,
               gint64             row,
               gint64             column)
{
  guint nr = n_rows (self), nc = n_columns (self);
  guint index;

  if (nr == 0 || nc == 0)
    return;

  self->focus_row = (guint) CLAMP (row, 0, (gint64) nr - 1);
  self->focus_column = (guint) CLAMP (column, 0, (gint64) nc - 1);
  if (bansou_heatmap_model_get_row (self->model, self->focus_row, &index) == BANSOU_HEATMAP_ROW_BODY)
    self->focus_body = (gint) index;
  else
    self->focus_body = -1;

  scroll_to_cell (self, self->focus_row, self->focus_column);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
activate_cell (BansouHeatmapView *self,
               guint              row,
               guint              column)
{
  BansouQuestion *question;
  BansouBody *body;
  guint index;

  if (row >= n_rows (self) || column >= n_columns (self))
    return FALSE;
  if (bansou_heatmap_model_get_row (self->model, row, &index) == BANSOU_HEATMAP_ROW_GROUP)
    {
      /* A prefecture's row: the page may open its bodies. */
      g_signal_emit (self, signals[GROUP_ACTIVATED], 0, index);
      return TRUE;
    }

  body = bansou_heatmap_model_get_body (self->model, index);
  question = column_first_question (self, column);
  g_signal_emit (self, signals[CELL_ACTIVATED], 0, bansou_body_get_code (body), question->id);
  return TRUE;
}

static int
visible_rows (BansouHeatmapView *self)
{
  BansouHeatmapGeometry g;

  if (self->vadjustment == NULL)
    return 10;
  get_geometry (self, &g);
  return MAX (1, (int) (gtk_adjustment_get_page_size (self->vadjustment) / g.row_height) - 1);
}

static void
set_zoom_at (BansouHeatmapView *self,
             int                zoom,
             double             anchor_x,
             double             anchor_y)
{
  BansouHeatmapGeometry before, after;
  double content_x, content_y;

  zoom = CLAMP (zoom, BANSOU_HEATMAP_ZOOM_MIN, BANSOU_HEATMAP_ZOOM_MAX);
  if (self->zoom == zoom)
    return;

  /* Keep the cell under the anchor (the pointer, or the view's middle)
   * where it was. */
  get_geometry (self, &before);
  content_x = (anchor_x - before.label_width + hvalue (self)) / before.column_width;
  content_y = (anchor_y - before.header_height - before.summary_height + vvalue (self)) / before.row_height;

  self->zoom = zoom;
  apply_cell_size (self);
  get_geometry (self, &after);

  configure_adjustments (self,
                         content_x * after.column_width - (anchor_x - after.label_width),
                         content_y * after.row_height - (anchor_y - after.header_height - after.summary_height));
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static int
next_zoom (int zoom,
           int direction)
{
  if (direction > 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
        if (zoom_steps[i] > zoom)
          return zoom_steps[i];
      return BANSOU_HEATMAP_ZOOM_MAX;
    }
  for (guint i = G_N_ELEMENTS (zoom_steps); i > 0; i--)
    if (zoom_steps[i - 1] < zoom)
      return zoom_steps[i - 1];
  return BANSOU_HEATMAP_ZOOM_MIN;
}

static void
zoom_step (BansouHeatmapView *self,
           int                direction)
{
  set_zoom_at (self, next_zoom (self->zoom, direction),
               gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

/* ---- callbacks --------------------------------------------------------- */

static void
adjustment_value_changed_cb (BansouHeatmapView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
model_changed_cb (BansouHeatmapView *self)
{
  guint row;

  invalidate_content (self);
  apply_cell_size (self);

  /* Stay on the same body after a re-sort. */
  if (self->focus_body >= 0 &&
      bansou_heatmap_model_find_body_row (self->model, self->focus_body, &row))
    self->focus_row = row;
  if (n_rows (self) > 0)
    self->focus_row = MIN (self->focus_row, n_rows (self) - 1);
  if (n_columns (self) > 0)
    self->focus_column = MIN (self->focus_column, n_columns (self) - 1);
  self->hover_area = BANSOU_HEATMAP_AREA_NONE;

  configure_adjustments (self, hvalue (self), vvalue (self));
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
model_cell_changed_cb (BansouHeatmapView *self,
                       guint              body,
                       guint              question)
{
  invalidate_content (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           BansouHeatmapView        *self)
{
  guint row = 0, column = 0;
  BansouHeatmapArea area;

  if (self->model == NULL)
    return;

  area = bansou_heatmap_renderer_hit_test (self->renderer, hvalue (self), vvalue (self), x, y, &row, &column);
  if (area != self->hover_area || row != self->hover_row || column != self->hover_column)
    {
      self->hover_area = area;
      self->hover_row = row;
      self->hover_column = column;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (GtkEventControllerMotion *motion,
          BansouHeatmapView        *self)
{
  if (self->hover_area != BANSOU_HEATMAP_AREA_NONE)
    {
      self->hover_area = BANSOU_HEATMAP_AREA_NONE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
pressed_cb (GtkGestureClick   *gesture,
            int                n_press,
            double             x,
            double             y,
            BansouHeatmapView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
released_cb (GtkGestureClick   *gesture,
             int                n_press,
             double             x,
             double             y,
             BansouHeatmapView *self)
{
  guint row = 0, column = 0;

  if (self->model == NULL || n_press != 1)
    return;

  switch (bansou_heatmap_renderer_hit_test (self->renderer, hvalue (self), vvalue (self),
                                            x, y, &row, &column))
    {
    case BANSOU_HEATMAP_AREA_CELL:
      break;
    case BANSOU_HEATMAP_AREA_ROW_LABEL:
      /* A prefecture's name opens it as well as its cells do. */
      if (bansou_heatmap_model_get_row (self->model, row, NULL) != BANSOU_HEATMAP_ROW_GROUP)
        return;
      column = self->focus_column < n_columns (self) ? self->focus_column : 0;
      break;
    default:
      return;
    }

  move_focus_to (self, row, column);
  if (activate_cell (self, row, column))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static gboolean
scroll_cb (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           BansouHeatmapView        *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  GdkEvent *event;

  if (!(state & GDK_CONTROL_MASK) || dy == 0)
    return FALSE;   /* plain scrolling is the scrolled window's */

  event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (scroll));
  if (event != NULL)
    {
      double ex, ey;
      graphene_point_t p;
      GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

      if (gdk_event_get_position (event, &ex, &ey) && native != NULL)
        {
          double nx, ny;

          gtk_native_get_surface_transform (native, &nx, &ny);
          if (gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self),
                                        &GRAPHENE_POINT_INIT (ex - nx, ey - ny), &p))
            {
              x = p.x;
              y = p.y;
            }
        }
    }

  set_zoom_at (self, next_zoom (self->zoom, dy < 0 ? 1 : -1), x, y);
  return TRUE;
}

/* ---- actions ----------------------------------------------------------- */

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);
  int drow, dcol;

  g_variant_get (parameter, "(ii)", &drow, &dcol);
  move_focus_to (self, (gint64) self->focus_row + drow, (gint64) self->focus_column + dcol);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);
  int pages = g_variant_get_int32 (parameter);

  move_focus_to (self, (gint64) self->focus_row + (gint64) pages * visible_rows (self), self->focus_column);
}

/* Home/End: first or last column; with Ctrl, the first or last cell. */
static void
home_end_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);
  gboolean end = g_str_equal (action_name, "heatmap.end");
  gboolean whole = g_variant_get_boolean (parameter);
  gint64 row = self->focus_row;

  if (whole)
    row = end ? (gint64) n_rows (self) - 1 : 0;
  move_focus_to (self, row, end ? (gint64) n_columns (self) - 1 : 0);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);

  activate_cell (self, self->focus_row, self->focus_column);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);

  if (g_str_equal (action_name, "heatmap.zoom-in"))
    zoom_step (self, 1);
  else if (g_str_equal (action_name, "heatmap.zoom-out"))
    zoom_step (self, -1);
  else
    set_zoom_at (self, BANSOU_HEATMAP_ZOOM_DEFAULT,
                 gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
}

/* ---- GtkScrollable ----------------------------------------------------- */

static void
set_adjustment (BansouHeatmapView  *self,
                GtkAdjustment     **slot,
                GtkAdjustment      *adjustment)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (*slot == adjustment)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, adjustment_value_changed_cb, self);
      g_object_unref (*slot);
    }
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (adjustment_value_changed_cb), self);
  configure_adjustments (self, hvalue (self), vvalue (self));
}

static gboolean
bansou_heatmap_view_get_border (GtkScrollable *scrollable,
                                GtkBorder     *border)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (scrollable);
  BansouHeatmapGeometry g;

  if (self->model == NULL)
    return FALSE;

  get_geometry (self, &g);
  border->left = g.label_width;
  border->top = g.header_height + g.summary_height;
  border->right = border->bottom = 0;
  return TRUE;
}

static void
bansou_heatmap_view_scrollable_init (GtkScrollableInterface *iface)
{
  iface->get_border = bansou_heatmap_view_get_border;
}

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
  invalidate_content (self);

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

static void
bansou_heatmap_view_snapshot (GtkWidget   *widget,
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
  get_geometry (self, &g);
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
      double x = (part == PART_HEADER || part == PART_CELLS) ? hvalue (self) : 0;
      double y = (part == PART_LABELS || part == PART_CELLS) ? vvalue (self) : 0;
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
                                                   hvalue (self), vvalue (self), flags[part]);
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
      bansou_heatmap_renderer_get_cell_rect (self->renderer, hvalue (self), vvalue (self),
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
      bansou_heatmap_renderer_get_cell_rect (self->renderer, hvalue (self), vvalue (self),
                                             self->hover_row, self->hover_column, &cell);
      append_frame (snapshot, &hover, cell.x, cell.y, cell.width + 1, cell.height + 1, 1);
    }

  if (gtk_widget_has_focus (widget) && self->focus_row < n_rows (self) && self->focus_column < n_columns (self))
    {
      bansou_heatmap_renderer_get_cell_rect (self->renderer, hvalue (self), vvalue (self),
                                             self->focus_row, self->focus_column, &cell);
      append_frame (snapshot, &accent, cell.x - 1, cell.y - 1, cell.width + 3, cell.height + 3, 2);
    }

  gtk_snapshot_pop (snapshot);
}

static void
bansou_heatmap_view_measure (GtkWidget      *widget,
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

  get_geometry (self, &g);
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

static void
bansou_heatmap_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);

  if (self->fit_pending && self->model != NULL && width > 0 && n_columns (self) > 0)
    {
      BansouHeatmapGeometry g;
      int zoom;

      self->fit_pending = FALSE;
      get_geometry (self, &g);
      zoom = (width - g.label_width - 2) / (int) n_columns (self);
      if (bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_CATEGORIES)
        zoom /= 5;
      zoom = CLAMP (zoom, 8, 28);
      if (zoom != self->zoom)
        {
          self->zoom = zoom;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
        }
    }

  apply_cell_size (self);
  configure_adjustments (self, hvalue (self), vvalue (self));
}

static gboolean
bansou_heatmap_view_query_tooltip (GtkWidget  *widget,
                                   int         x,
                                   int         y,
                                   gboolean    keyboard_tooltip,
                                   GtkTooltip *tooltip)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);
  g_autofree char *markup = NULL;
  BansouHeatmapArea area;
  guint row = 0, column = 0;

  if (self->model == NULL)
    return FALSE;

  if (keyboard_tooltip)
    {
      area = BANSOU_HEATMAP_AREA_CELL;
      row = self->focus_row;
      column = self->focus_column;
      if (row >= n_rows (self) || column >= n_columns (self))
        return FALSE;
    }
  else
    area = bansou_heatmap_renderer_hit_test (self->renderer, hvalue (self), vvalue (self), x, y, &row, &column);

  if (!(markup = describe (self, area, row, column, TRUE)))
    return FALSE;

  if (area == BANSOU_HEATMAP_AREA_CELL)
    {
      cairo_rectangle_int_t cell;

      /* Ask again as soon as the pointer leaves this cell. */
      bansou_heatmap_renderer_get_cell_rect (self->renderer, hvalue (self), vvalue (self), row, column, &cell);
      gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { cell.x, cell.y, cell.width, cell.height });
    }

  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

static void
bansou_heatmap_view_realize (GtkWidget *widget)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);

  GTK_WIDGET_CLASS (bansou_heatmap_view_parent_class)->realize (widget);

  /* Text at the widget's resolution and font options */
  invalidate_content (self);
  if (self->renderer != NULL)
    bansou_heatmap_renderer_set_pango_context (self->renderer, gtk_widget_get_pango_context (widget));
}

static gboolean
bansou_heatmap_view_focus (GtkWidget        *widget,
                           GtkDirectionType  direction)
{
  /* One focus stop: arrows move between cells, Tab leaves. */
  if (gtk_widget_is_focus (widget))
    return FALSE;
  gtk_widget_grab_focus (widget);
  return TRUE;
}

static void
focus_changed_cb (BansouHeatmapView *self)
{
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GObject ----------------------------------------------------------- */

static void
bansou_heatmap_view_dispose (GObject *object)
{
  BansouHeatmapView *self = (BansouHeatmapView *)object;

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->renderer);
  for (Part part = 0; part < N_PARTS; part++)
    g_clear_pointer (&self->parts[part].node, gsk_render_node_unref);
  if (self->hadjustment)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (bansou_heatmap_view_parent_class)->dispose (object);
}

static void
bansou_heatmap_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_ZOOM:
      g_value_set_int (value, self->zoom);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_heatmap_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      bansou_heatmap_view_set_model (self, g_value_get_object (value));
      break;
    case PROP_ZOOM:
      bansou_heatmap_view_set_zoom (self, g_value_get_int (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      if (self->hscroll_policy != (guint) g_value_get_enum (value))
        {
          self->hscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_VSCROLL_POLICY:
      if (self->vscroll_policy != (guint) g_value_get_enum (value))
        {
          self->vscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_heatmap_view_class_init (BansouHeatmapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bansou_heatmap_view_dispose;
  object_class->get_property = bansou_heatmap_view_get_property;
  object_class->set_property = bansou_heatmap_view_set_property;

  widget_class->snapshot = bansou_heatmap_view_snapshot;
  widget_class->measure = bansou_heatmap_view_measure;
  widget_class->size_allocate = bansou_heatmap_view_size_allocate;
  widget_class->query_tooltip = bansou_heatmap_view_query_tooltip;
  widget_class->realize = bansou_heatmap_view_realize;
  widget_class->focus = bansou_heatmap_view_focus;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, BANSOU_TYPE_HEATMAP_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_int ("zoom", NULL, NULL,
                      BANSOU_HEATMAP_ZOOM_MIN, BANSOU_HEATMAP_ZOOM_MAX, BANSOU_HEATMAP_ZOOM_DEFAULT,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * BansouHeatmapView::cell-activated:
   * @body: the body's code
   * @question: the question's id (in the category mode, the category's
   *   first question)
   *
   * A body's cell was clicked, or Enter pressed on it: open that answer.
   */
  signals[CELL_ACTIVATED] =
    g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * BansouHeatmapView::group-activated:
   * @group: the model's group index
   *
   * A prefecture's row (a heading, or a row of the prefecture rows mode)
   * was clicked, or Enter pressed on it.
   */
  signals[GROUP_ACTIVATED] =
    g_signal_new ("group-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "heatmap.move", "(ii)", move_action);
  gtk_widget_class_install_action (widget_class, "heatmap.page", "i", page_action);
  gtk_widget_class_install_action (widget_class, "heatmap.home", "b", home_end_action);
  gtk_widget_class_install_action (widget_class, "heatmap.end", "b", home_end_action);
  gtk_widget_class_install_action (widget_class, "heatmap.activate", NULL, activate_action);
  gtk_widget_class_install_action (widget_class, "heatmap.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "heatmap.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "heatmap.zoom-reset", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "heatmap.move", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "heatmap.move", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "heatmap.move", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "heatmap.move", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, 0, "heatmap.move", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, 0, "heatmap.move", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, 0, "heatmap.move", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, 0, "heatmap.move", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "heatmap.page", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "heatmap.page", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "heatmap.home", "b", FALSE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "heatmap.end", "b", FALSE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_CONTROL_MASK, "heatmap.home", "b", TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, GDK_CONTROL_MASK, "heatmap.end", "b", TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "heatmap.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "heatmap.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "heatmap.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "heatmap.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "heatmap.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "heatmap.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "heatmap.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "heatmap.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "heatmap.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "heatmap.zoom-reset", NULL);

  gtk_widget_class_set_css_name (widget_class, "heatmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
bansou_heatmap_view_init (BansouHeatmapView *self)
{
  GtkEventController *controller;
  GtkGesture *click;

  self->zoom = BANSOU_HEATMAP_ZOOM_DEFAULT;
  self->focus_body = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (focus_changed_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (focus_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Heatmap of answers"),
                                  -1);
}

/* ---- public API -------------------------------------------------------- */

GtkWidget *
bansou_heatmap_view_new (void)
{
  return g_object_new (BANSOU_TYPE_HEATMAP_VIEW, NULL);
}

/**
 * bansou_heatmap_view_get_model:
 *
 * Returns: (transfer none) (nullable): the model
 */
BansouHeatmapModel *
bansou_heatmap_view_get_model (BansouHeatmapView *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_VIEW (self), NULL);
  return self->model;
}

void
bansou_heatmap_view_set_model (BansouHeatmapView  *self,
                               BansouHeatmapModel *model)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_VIEW (self));
  g_return_if_fail (model == NULL || BANSOU_IS_HEATMAP_MODEL (model));

  if (self->model == model)
    return;

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->renderer);
  g_set_object (&self->model, model);
  invalidate_content (self);

  if (model != NULL)
    {
      self->renderer = bansou_heatmap_renderer_new (model);
      if (gtk_widget_get_realized (GTK_WIDGET (self)))
        bansou_heatmap_renderer_set_pango_context (self->renderer, gtk_widget_get_pango_context (GTK_WIDGET (self)));
      g_signal_connect_object (model, "changed", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "cell-changed", G_CALLBACK (model_cell_changed_cb), self, G_CONNECT_SWAPPED);
      model_changed_cb (self);
    }

  self->focus_row = self->focus_column = 0;
  self->focus_body = -1;
  self->hover_area = BANSOU_HEATMAP_AREA_NONE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * bansou_heatmap_view_get_renderer:
 *
 * Returns: (transfer none) (nullable): the renderer drawing the model
 */
BansouHeatmapRenderer *
bansou_heatmap_view_get_renderer (BansouHeatmapView *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_VIEW (self), NULL);
  return self->renderer;
}

int
bansou_heatmap_view_get_zoom (BansouHeatmapView *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_VIEW (self), BANSOU_HEATMAP_ZOOM_DEFAULT);
  return self->zoom;
}

/**
 * bansou_heatmap_view_set_zoom:
 * @zoom: the cell size in pixels
 */
void
bansou_heatmap_view_set_zoom (BansouHeatmapView *self,
                              int                zoom)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_VIEW (self));

  if (self->model == NULL)
    {
      zoom = CLAMP (zoom, BANSOU_HEATMAP_ZOOM_MIN, BANSOU_HEATMAP_ZOOM_MAX);
      if (self->zoom != zoom)
        {
          self->zoom = zoom;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
        }
      return;
    }
  set_zoom_at (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
bansou_heatmap_view_zoom_in (BansouHeatmapView *self)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_VIEW (self));
  zoom_step (self, 1);
}

void
bansou_heatmap_view_zoom_out (BansouHeatmapView *self)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_VIEW (self));
  zoom_step (self, -1);
}

gboolean
bansou_heatmap_view_get_focus_cell (BansouHeatmapView *self,
                                    guint             *row,
                                    guint             *column)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_VIEW (self), FALSE);

  if (self->focus_row >= n_rows (self) || self->focus_column >= n_columns (self))
    return FALSE;
  if (row)
    *row = self->focus_row;
  if (column)
    *column = self->focus_column;
  return TRUE;
}

void
bansou_heatmap_view_set_focus_cell (BansouHeatmapView *self,
                                    guint              row,
                                    guint              column)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_VIEW (self));
  move_focus_to (self, row, column);
}

/**
 * bansou_heatmap_view_get_cell_area:
 * @area: (out): where the cell is drawn, in widget coordinates
 *
 * Returns: %FALSE if the cell is scrolled out of sight or hidden under the
 *   sticky labels
 */
gboolean
bansou_heatmap_view_get_cell_area (BansouHeatmapView *self,
                                   guint              row,
                                   guint              column,
                                   GdkRectangle      *area)
{
  BansouHeatmapGeometry g;
  cairo_rectangle_int_t cell;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_VIEW (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (self->model == NULL || row >= n_rows (self) || column >= n_columns (self))
    return FALSE;

  get_geometry (self, &g);
  bansou_heatmap_renderer_get_cell_rect (self->renderer, hvalue (self), vvalue (self), row, column, &cell);
  *area = (GdkRectangle) { cell.x, cell.y, cell.width, cell.height };

  return cell.x >= g.label_width && cell.y >= g.header_height + g.summary_height &&
         cell.x + cell.width <= gtk_widget_get_width (GTK_WIDGET (self)) &&
         cell.y + cell.height <= gtk_widget_get_height (GTK_WIDGET (self));
}

/**
 * bansou_heatmap_view_zoom_to_fit:
 *
 * At the next allocation, picks the zoom at which every column fits the
 * width (within readable bounds).
 */
void
bansou_heatmap_view_zoom_to_fit (BansouHeatmapView *self)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_VIEW (self));

  self->fit_pending = TRUE;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}
