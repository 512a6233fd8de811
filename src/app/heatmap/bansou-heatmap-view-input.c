/* bansou-heatmap-view-input.c — input: the pointer, scrolling, keys and zoom
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-heatmap"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-heatmap-view-private.h"

static const int zoom_steps[] = { 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18, 20, 24, 28, 32, 40 };

static void
scroll_to_cell (BansouHeatmapView *self,
                guint              row,
                guint              column)
{
  BansouHeatmapGeometry g;
  double x, y, page_w, page_h, cell_x, cell_y;

  if (self->hadjustment == NULL || self->vadjustment == NULL)
    return;

  _bansou_heatmap_view_get_geometry (self, &g);
  x = _bansou_heatmap_view_hvalue (self);
  y = _bansou_heatmap_view_vvalue (self);
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

void
_bansou_heatmap_view_move_focus_to (BansouHeatmapView *self,
                                    gint64             row,
                                    gint64             column)
{
  guint nr = _bansou_heatmap_view_n_rows (self), nc = _bansou_heatmap_view_n_columns (self);
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
  _bansou_heatmap_view_update_accessible (self);
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

  if (row >= _bansou_heatmap_view_n_rows (self) || column >= _bansou_heatmap_view_n_columns (self))
    return FALSE;
  if (bansou_heatmap_model_get_row (self->model, row, &index) == BANSOU_HEATMAP_ROW_GROUP)
    {
      /* A prefecture's row: the page may open its bodies. */
      g_signal_emit (self, _bansou_heatmap_view_signals[GROUP_ACTIVATED], 0, index);
      return TRUE;
    }

  body = bansou_heatmap_model_get_body (self->model, index);
  question = _bansou_heatmap_view_column_first_question (self, column);
  g_signal_emit (self, _bansou_heatmap_view_signals[CELL_ACTIVATED], 0, bansou_body_get_code (body), question->id);
  return TRUE;
}

static int
visible_rows (BansouHeatmapView *self)
{
  BansouHeatmapGeometry g;

  if (self->vadjustment == NULL)
    return 10;
  _bansou_heatmap_view_get_geometry (self, &g);
  return MAX (1, (int) (gtk_adjustment_get_page_size (self->vadjustment) / g.row_height) - 1);
}

void
_bansou_heatmap_view_set_zoom_at (BansouHeatmapView *self,
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
  _bansou_heatmap_view_get_geometry (self, &before);
  content_x = (anchor_x - before.label_width + _bansou_heatmap_view_hvalue (self)) / before.column_width;
  content_y = (anchor_y - before.header_height - before.summary_height + _bansou_heatmap_view_vvalue (self)) / before.row_height;

  self->zoom = zoom;
  _bansou_heatmap_view_apply_cell_size (self);
  _bansou_heatmap_view_get_geometry (self, &after);

  _bansou_heatmap_view_configure_adjustments (self,
                                              content_x * after.column_width - (anchor_x - after.label_width),
                                              content_y * after.row_height - (anchor_y - after.header_height - after.summary_height));
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), _bansou_heatmap_view_properties[PROP_ZOOM]);
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

void
_bansou_heatmap_view_zoom_step (BansouHeatmapView *self,
                                int                direction)
{
  _bansou_heatmap_view_set_zoom_at (self, next_zoom (self->zoom, direction),
                                    gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                                    gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

/* ---- callbacks --------------------------------------------------------- */

void
_bansou_heatmap_view_adjustment_value_changed_cb (BansouHeatmapView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_bansou_heatmap_view_model_changed_cb (BansouHeatmapView *self)
{
  guint row;

  _bansou_heatmap_view_invalidate_content (self);
  _bansou_heatmap_view_apply_cell_size (self);

  /* Stay on the same body after a re-sort. */
  if (self->focus_body >= 0 &&
      bansou_heatmap_model_find_body_row (self->model, self->focus_body, &row))
    self->focus_row = row;
  if (_bansou_heatmap_view_n_rows (self) > 0)
    self->focus_row = MIN (self->focus_row, _bansou_heatmap_view_n_rows (self) - 1);
  if (_bansou_heatmap_view_n_columns (self) > 0)
    self->focus_column = MIN (self->focus_column, _bansou_heatmap_view_n_columns (self) - 1);
  self->hover_area = BANSOU_HEATMAP_AREA_NONE;

  _bansou_heatmap_view_configure_adjustments (self, _bansou_heatmap_view_hvalue (self), _bansou_heatmap_view_vvalue (self));
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_bansou_heatmap_view_model_cell_changed_cb (BansouHeatmapView *self,
                                            guint              body,
                                            guint              question)
{
  _bansou_heatmap_view_invalidate_content (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_bansou_heatmap_view_motion_cb (GtkEventControllerMotion *motion,
                                double                    x,
                                double                    y,
                                BansouHeatmapView        *self)
{
  guint row = 0, column = 0;
  BansouHeatmapArea area;

  if (self->model == NULL)
    return;

  area = bansou_heatmap_renderer_hit_test (self->renderer, _bansou_heatmap_view_hvalue (self), _bansou_heatmap_view_vvalue (self), x, y, &row, &column);
  if (area != self->hover_area || row != self->hover_row || column != self->hover_column)
    {
      self->hover_area = area;
      self->hover_row = row;
      self->hover_column = column;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
_bansou_heatmap_view_leave_cb (GtkEventControllerMotion *motion,
                               BansouHeatmapView        *self)
{
  if (self->hover_area != BANSOU_HEATMAP_AREA_NONE)
    {
      self->hover_area = BANSOU_HEATMAP_AREA_NONE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
_bansou_heatmap_view_pressed_cb (GtkGestureClick   *gesture,
                                 int                n_press,
                                 double             x,
                                 double             y,
                                 BansouHeatmapView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

void
_bansou_heatmap_view_released_cb (GtkGestureClick   *gesture,
                                  int                n_press,
                                  double             x,
                                  double             y,
                                  BansouHeatmapView *self)
{
  guint row = 0, column = 0;

  if (self->model == NULL || n_press != 1)
    return;

  switch (bansou_heatmap_renderer_hit_test (self->renderer, _bansou_heatmap_view_hvalue (self), _bansou_heatmap_view_vvalue (self),
                                            x, y, &row, &column))
    {
    case BANSOU_HEATMAP_AREA_CELL:
      break;
    case BANSOU_HEATMAP_AREA_ROW_LABEL:
      /* A prefecture's name opens it as well as its cells do. */
      if (bansou_heatmap_model_get_row (self->model, row, NULL) != BANSOU_HEATMAP_ROW_GROUP)
        return;
      column = self->focus_column < _bansou_heatmap_view_n_columns (self) ? self->focus_column : 0;
      break;
    default:
      return;
    }

  _bansou_heatmap_view_move_focus_to (self, row, column);
  if (activate_cell (self, row, column))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

gboolean
_bansou_heatmap_view_scroll_cb (GtkEventControllerScroll *scroll,
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

  _bansou_heatmap_view_set_zoom_at (self, next_zoom (self->zoom, dy < 0 ? 1 : -1), x, y);
  return TRUE;
}

/* ---- actions ----------------------------------------------------------- */

void
_bansou_heatmap_view_move_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);
  int drow, dcol;

  g_variant_get (parameter, "(ii)", &drow, &dcol);
  _bansou_heatmap_view_move_focus_to (self, (gint64) self->focus_row + drow, (gint64) self->focus_column + dcol);
}

void
_bansou_heatmap_view_page_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);
  int pages = g_variant_get_int32 (parameter);

  _bansou_heatmap_view_move_focus_to (self, (gint64) self->focus_row + (gint64) pages * visible_rows (self), self->focus_column);
}

/* Home/End: first or last column; with Ctrl, the first or last cell. */
void
_bansou_heatmap_view_home_end_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);
  gboolean end = g_str_equal (action_name, "heatmap.end");
  gboolean whole = g_variant_get_boolean (parameter);
  gint64 row = self->focus_row;

  if (whole)
    row = end ? (gint64) _bansou_heatmap_view_n_rows (self) - 1 : 0;
  _bansou_heatmap_view_move_focus_to (self, row, end ? (gint64) _bansou_heatmap_view_n_columns (self) - 1 : 0);
}

void
_bansou_heatmap_view_activate_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);

  activate_cell (self, self->focus_row, self->focus_column);
}

void
_bansou_heatmap_view_zoom_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);

  if (g_str_equal (action_name, "heatmap.zoom-in"))
    _bansou_heatmap_view_zoom_step (self, 1);
  else if (g_str_equal (action_name, "heatmap.zoom-out"))
    _bansou_heatmap_view_zoom_step (self, -1);
  else
    _bansou_heatmap_view_set_zoom_at (self, BANSOU_HEATMAP_ZOOM_DEFAULT,
                                      gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
}
