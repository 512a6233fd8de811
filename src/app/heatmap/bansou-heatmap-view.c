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

#include "bansou-heatmap-view-private.h"

static void bansou_heatmap_view_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BansouHeatmapView, bansou_heatmap_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE,
                                                      bansou_heatmap_view_scrollable_init))

GParamSpec *_bansou_heatmap_view_properties[N_PROPS];
guint _bansou_heatmap_view_signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */

void
_bansou_heatmap_view_get_geometry (BansouHeatmapView     *self,
                                   BansouHeatmapGeometry *g)
{
  bansou_heatmap_renderer_get_geometry (self->renderer, g);
}

double
_bansou_heatmap_view_hvalue (BansouHeatmapView *self)
{
  return self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

double
_bansou_heatmap_view_vvalue (BansouHeatmapView *self)
{
  return self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

guint
_bansou_heatmap_view_n_rows (BansouHeatmapView *self)
{
  return self->model ? bansou_heatmap_model_get_n_rows (self->model) : 0;
}

guint
_bansou_heatmap_view_n_columns (BansouHeatmapView *self)
{
  return self->model ? bansou_heatmap_model_get_n_columns (self->model) : 0;
}

void
_bansou_heatmap_view_invalidate_content (BansouHeatmapView *self)
{
  self->serial++;
}

void
_bansou_heatmap_view_apply_cell_size (BansouHeatmapView *self)
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
  if (width > 0 && _bansou_heatmap_view_n_columns (self) > 0)
    fit = (width - g.label_width - 2) / (int) _bansou_heatmap_view_n_columns (self);

  if (categories)
    /* Eight category columns can afford room for their names and scores. */
    column_width = MAX (MAX (self->zoom * 5, 88), MIN (fit, 240));
  else
    column_width = MAX (self->zoom, MIN (fit, 32));

  if (column_width != g.column_width || MAX (self->zoom, 2) != g.row_height)
    {
      _bansou_heatmap_view_invalidate_content (self);
      bansou_heatmap_renderer_set_cell_size (self->renderer, column_width, MAX (self->zoom, 2));
    }
}

void
_bansou_heatmap_view_configure_adjustments (BansouHeatmapView *self,
                                            double             x,
                                            double             y)
{
  BansouHeatmapGeometry g;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double page_w, page_h;

  if (self->model == NULL)
    return;

  _bansou_heatmap_view_get_geometry (self, &g);
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
      g_signal_handlers_disconnect_by_func (*slot, _bansou_heatmap_view_adjustment_value_changed_cb, self);
      g_object_unref (*slot);
    }
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (_bansou_heatmap_view_adjustment_value_changed_cb), self);
  _bansou_heatmap_view_configure_adjustments (self, _bansou_heatmap_view_hvalue (self), _bansou_heatmap_view_vvalue (self));
}

static gboolean
bansou_heatmap_view_get_border (GtkScrollable *scrollable,
                                GtkBorder     *border)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (scrollable);
  BansouHeatmapGeometry g;

  if (self->model == NULL)
    return FALSE;

  _bansou_heatmap_view_get_geometry (self, &g);
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

static void
bansou_heatmap_view_realize (GtkWidget *widget)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);

  GTK_WIDGET_CLASS (bansou_heatmap_view_parent_class)->realize (widget);

  /* Text at the widget's resolution and font options */
  _bansou_heatmap_view_invalidate_content (self);
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
  _bansou_heatmap_view_update_accessible (self);
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

  widget_class->snapshot = _bansou_heatmap_view_snapshot;
  widget_class->measure = _bansou_heatmap_view_measure;
  widget_class->size_allocate = _bansou_heatmap_view_size_allocate;
  widget_class->query_tooltip = _bansou_heatmap_view_query_tooltip;
  widget_class->realize = bansou_heatmap_view_realize;
  widget_class->focus = bansou_heatmap_view_focus;

  _bansou_heatmap_view_properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, BANSOU_TYPE_HEATMAP_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  _bansou_heatmap_view_properties[PROP_ZOOM] =
    g_param_spec_int ("zoom", NULL, NULL,
                      BANSOU_HEATMAP_ZOOM_MIN, BANSOU_HEATMAP_ZOOM_MAX, BANSOU_HEATMAP_ZOOM_DEFAULT,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, _bansou_heatmap_view_properties);

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
  _bansou_heatmap_view_signals[CELL_ACTIVATED] =
    g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * BansouHeatmapView::group-activated:
   * @group: the model's group index
   *
   * A prefecture's row (a heading, or a row of the prefecture rows mode)
   * was clicked, or Enter pressed on it.
   */
  _bansou_heatmap_view_signals[GROUP_ACTIVATED] =
    g_signal_new ("group-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "heatmap.move", "(ii)", _bansou_heatmap_view_move_action);
  gtk_widget_class_install_action (widget_class, "heatmap.page", "i", _bansou_heatmap_view_page_action);
  gtk_widget_class_install_action (widget_class, "heatmap.home", "b", _bansou_heatmap_view_home_end_action);
  gtk_widget_class_install_action (widget_class, "heatmap.end", "b", _bansou_heatmap_view_home_end_action);
  gtk_widget_class_install_action (widget_class, "heatmap.activate", NULL, _bansou_heatmap_view_activate_action);
  gtk_widget_class_install_action (widget_class, "heatmap.zoom-in", NULL, _bansou_heatmap_view_zoom_action);
  gtk_widget_class_install_action (widget_class, "heatmap.zoom-out", NULL, _bansou_heatmap_view_zoom_action);
  gtk_widget_class_install_action (widget_class, "heatmap.zoom-reset", NULL, _bansou_heatmap_view_zoom_action);

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
  g_signal_connect (controller, "motion", G_CALLBACK (_bansou_heatmap_view_motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (_bansou_heatmap_view_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (_bansou_heatmap_view_pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (_bansou_heatmap_view_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect (controller, "scroll", G_CALLBACK (_bansou_heatmap_view_scroll_cb), self);
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
  _bansou_heatmap_view_invalidate_content (self);

  if (model != NULL)
    {
      self->renderer = bansou_heatmap_renderer_new (model);
      if (gtk_widget_get_realized (GTK_WIDGET (self)))
        bansou_heatmap_renderer_set_pango_context (self->renderer, gtk_widget_get_pango_context (GTK_WIDGET (self)));
      g_signal_connect_object (model, "changed", G_CALLBACK (_bansou_heatmap_view_model_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "cell-changed", G_CALLBACK (_bansou_heatmap_view_model_cell_changed_cb), self, G_CONNECT_SWAPPED);
      _bansou_heatmap_view_model_changed_cb (self);
    }

  self->focus_row = self->focus_column = 0;
  self->focus_body = -1;
  self->hover_area = BANSOU_HEATMAP_AREA_NONE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), _bansou_heatmap_view_properties[PROP_MODEL]);
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
          g_object_notify_by_pspec (G_OBJECT (self), _bansou_heatmap_view_properties[PROP_ZOOM]);
        }
      return;
    }
  _bansou_heatmap_view_set_zoom_at (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
bansou_heatmap_view_zoom_in (BansouHeatmapView *self)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_VIEW (self));
  _bansou_heatmap_view_zoom_step (self, 1);
}

void
bansou_heatmap_view_zoom_out (BansouHeatmapView *self)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_VIEW (self));
  _bansou_heatmap_view_zoom_step (self, -1);
}

gboolean
bansou_heatmap_view_get_focus_cell (BansouHeatmapView *self,
                                    guint             *row,
                                    guint             *column)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_VIEW (self), FALSE);

  if (self->focus_row >= _bansou_heatmap_view_n_rows (self) || self->focus_column >= _bansou_heatmap_view_n_columns (self))
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
  _bansou_heatmap_view_move_focus_to (self, row, column);
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

  if (self->model == NULL || row >= _bansou_heatmap_view_n_rows (self) || column >= _bansou_heatmap_view_n_columns (self))
    return FALSE;

  _bansou_heatmap_view_get_geometry (self, &g);
  bansou_heatmap_renderer_get_cell_rect (self->renderer, _bansou_heatmap_view_hvalue (self), _bansou_heatmap_view_vvalue (self), row, column, &cell);
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
