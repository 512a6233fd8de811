/* bansou-cell-grid.c — a table drawn as one widget
 *
 * A header row and frozen first columns, then as many rows and columns as
 * the data has, drawn cell by cell for what is on screen only. GTK 4.8's
 * list views keep 200 rows of widgets alive whatever their height
 * (GTK_LIST_VIEW_MAX_LIST_ITEMS), so a ledger of 500 projects was 1,600
 * labels measured and shaped before its first frame; this grid shapes
 * the thirty or so rows in view and nothing else. The text comes from a
 * function of (row, column), asked only while drawing, so the data stays
 * in the page's own model and nothing is copied per cell.
 *
 * Keyboard: arrows, Page Up/Down, Home/End (Ctrl: first/last row), Enter
 * activates; one focus stop (Tab leaves). A click moves the cursor, a
 * double click activates, a click on a header emits header-clicked (the
 * ledger sorts). In row mode the cursor is a row (the ledger's selection)
 * and left/right scroll; in cell mode it is a cell (the matrix).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-cell-grid"

#include "config.h"

#include "bansou-cell-grid.h"

#define PAD_X 8

struct _BansouCellGrid
{
  GtkWidget           parent_instance;

  GtkAdjustment      *hadjustment;
  GtkAdjustment      *vadjustment;
  guint               hscroll_policy : 1;
  guint               vscroll_policy : 1;
  guint               row_mode : 1;
  guint               two_lines : 1;
  guint               sort_descending : 1;

  GArray             *columns;       /* Column */
  guint               n_frozen;
  guint               n_rows;
  int                 sort_column;   /* -1: none */
  guint               cursor_row;    /* G_MAXUINT: none */
  guint               cursor_column;

  BansouCellGridFunc  func;
  gpointer            func_data;
  GDestroyNotify      func_destroy;

  PangoLayout        *layout;        /* one, reused for every cell */
  int                 line_height;
  guint               n_drawn;       /* cells drawn by the last frame, for tests */
};

typedef struct
{
  char    *title;
  int      width;      /* as asked */
  int      x;          /* as allocated: from the left of its part */
  int      allocated;  /* width with the expansion */
  gboolean numeric;
  gboolean expand;
} Column;

enum {
  PROP_0,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
  N_PROPS
};

enum {
  CURSOR_CHANGED,
  ACTIVATE,
  HEADER_CLICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (BansouCellGrid, bansou_cell_grid, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

/* ------------------------------------------------------------------------ */
/* Geometry                                                                 */

static int
row_height (BansouCellGrid *self)
{
  return self->line_height * (self->two_lines ? 2 : 1) + 10;
}

static int
header_height (BansouCellGrid *self)
{
  return self->line_height + 12;
}

static Column *
column_at (BansouCellGrid *self,
           guint           i)
{
  return &g_array_index (self->columns, Column, i);
}

static int
frozen_width (BansouCellGrid *self)
{
  int w = 0;

  for (guint i = 0; i < MIN (self->n_frozen, self->columns->len); i++)
    w += column_at (self, i)->allocated;
  return w;
}

static int
scrolled_width (BansouCellGrid *self)
{
  int w = 0;

  for (guint i = self->n_frozen; i < self->columns->len; i++)
    w += column_at (self, i)->allocated;
  return w;
}

static double
hvalue (BansouCellGrid *self)
{
  return self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

static double
vvalue (BansouCellGrid *self)
{
  return self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

/* Column widths: as asked, the one that expands taking what is left */
static void
layout_columns (BansouCellGrid *self,
                int             width)
{
  int asked = 0, x = 0;
  int extra;

  for (guint i = 0; i < self->columns->len; i++)
    asked += column_at (self, i)->width;
  extra = MAX (0, width - asked);
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *c = column_at (self, i);

      if (i == self->n_frozen)
        x = 0;
      c->allocated = c->width + (c->expand ? extra : 0);
      if (c->expand)
        extra = 0;
      c->x = x;
      x += c->allocated;
    }
}

static void
ensure_metrics (BansouCellGrid *self)
{
  int w, h;

  if (self->layout != NULL)
    return;
  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "Ag国1");
  pango_layout_get_pixel_size (self->layout, &w, &h);
  self->line_height = MAX (h, 12);
}

static void
configure_adjustments (BansouCellGrid *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double page_w = MAX (width - frozen_width (self), 0);
  double page_h = MAX (height - header_height (self), 0);
  double content_w = scrolled_width (self);
  double content_h = (double) self->n_rows * row_height (self);

  if (self->hadjustment)
    gtk_adjustment_configure (self->hadjustment,
                              CLAMP (hvalue (self), 0, MAX (0, content_w - page_w)),
                              0, MAX (content_w, page_w), 40, page_w * 0.9, page_w);
  if (self->vadjustment)
    gtk_adjustment_configure (self->vadjustment,
                              CLAMP (vvalue (self), 0, MAX (0, content_h - page_h)),
                              0, MAX (content_h, page_h), row_height (self) * 3, page_h * 0.9, page_h);
}

/* ------------------------------------------------------------------------ */
/* Drawing                                                                  */

static void
lookup_color (BansouCellGrid *self,
              const char     *name,
              GdkRGBA        *rgba,
              const char     *fallback)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (style, name, rgba))
    gdk_rgba_parse (rgba, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
draw_text (BansouCellGrid  *self,
           GtkSnapshot     *snapshot,
           const char      *text,
           int              x,
           int              y,
           int              width,
           gboolean         numeric,
           gboolean         bold,
           double           scale,
           const GdkRGBA   *color)
{
  PangoAttrList *attrs;

  if (text == NULL || *text == '\0' || width <= 2 * PAD_X)
    return;
  attrs = pango_attr_list_new ();
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  if (numeric)
    pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (self->layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_text (self->layout, text, -1);
  pango_layout_set_width (self->layout, (width - 2 * PAD_X) * PANGO_SCALE);
  pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (self->layout, numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + PAD_X, y));
  gtk_snapshot_append_layout (snapshot, self->layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
draw_cell (BansouCellGrid *self,
           GtkSnapshot    *snapshot,
           guint           row,
           guint           column,
           int             x,
           int             y,
           const GdkRGBA  *fg,
           const GdkRGBA  *accent)
{
  Column *c = column_at (self, column);
  BansouCellFlags flags = BANSOU_CELL_NORMAL;
  g_autofree char *detail = NULL;
  g_autofree char *text = self->func ? self->func (self->func_data, row, column,
                                                    self->two_lines ? &detail : NULL, &flags)
                                     : NULL;
  int rh = row_height (self);
  GdkRGBA color = *fg;
  GdkRGBA dim = *fg;
  int ty;

  self->n_drawn++;
  if (flags & BANSOU_CELL_FILLED)
    {
      GdkRGBA tint = *accent;
      tint.alpha = (flags & BANSOU_CELL_DIM) ? 0.06 : 0.14;
      gtk_snapshot_append_color (snapshot, &tint, &GRAPHENE_RECT_INIT (x + 1, y + 1, c->allocated - 2, rh - 2));
    }
  if (flags & BANSOU_CELL_WARNING)
    lookup_color (self, "warning_color", &color, "#9c6e03");
  if (flags & BANSOU_CELL_DIM)
    color.alpha *= 0.55;
  dim.alpha *= 0.6;

  ty = y + 5;
  draw_text (self, snapshot, text, x, ty, c->allocated, c->numeric, flags & BANSOU_CELL_BOLD, 1.0, &color);
  if (detail != NULL)
    draw_text (self, snapshot, detail, x, ty + self->line_height, c->allocated, c->numeric, FALSE, 0.83, &dim);
}

static void
bansou_cell_grid_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  BansouCellGrid *self = BANSOU_CELL_GRID (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int hh = header_height (self);
  int rh = row_height (self);
  int fw = frozen_width (self);
  double hv = hvalue (self), vv = vvalue (self);
  guint first_row, last_row;
  guint first_col = self->n_frozen, last_col = self->columns->len;
  GdkRGBA fg, accent, line, header_bg;
  gboolean focused = gtk_widget_has_focus (widget);

  ensure_metrics (self);
  self->n_drawn = 0;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  lookup_color (self, "accent_bg_color", &accent, "#3584e4");
  line = fg;
  line.alpha = 0.12;
  header_bg = fg;
  header_bg.alpha = 0.04;

  first_row = (guint) (vv / rh);
  last_row = MIN (self->n_rows, (guint) ((vv + MAX (height - hh, 0)) / rh) + 1);

  /* The scrolled columns in view */
  while (first_col < self->columns->len &&
         column_at (self, first_col)->x + column_at (self, first_col)->allocated <= hv)
    first_col++;
  for (guint i = first_col; i < self->columns->len; i++)
    if (column_at (self, i)->x >= hv + width - fw)
      {
        last_col = i;
        break;
      }

  /* The rows, frozen columns last so that they cover what scrolls under them */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, hh, width, MAX (height - hh, 0)));
  for (guint r = first_row; r < last_row; r++)
    {
      int y = hh + (int) (r * (double) rh - vv);
      gboolean cursor_row = r == self->cursor_row;

      if (self->row_mode && cursor_row)
        {
          GdkRGBA sel = accent;
          sel.alpha = focused ? 0.28 : 0.16;
          gtk_snapshot_append_color (snapshot, &sel, &GRAPHENE_RECT_INIT (0, y, width, rh));
        }
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (fw, y, MAX (width - fw, 0), rh));
      for (guint c = first_col; c < last_col; c++)
        draw_cell (self, snapshot, r, c, fw + column_at (self, c)->x - (int) hv, y, &fg, &accent);
      gtk_snapshot_pop (snapshot);
      for (guint c = 0; c < MIN (self->n_frozen, self->columns->len); c++)
        draw_cell (self, snapshot, r, c, column_at (self, c)->x, y, &fg, &accent);
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, y + rh - 1, width, 1));
    }
  if (self->n_frozen > 0)
    gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (fw - 1, hh, 1, height - hh));

  /* The cursor cell */
  if (!self->row_mode && self->cursor_row < self->n_rows && self->cursor_column < self->columns->len)
    {
      Column *c = column_at (self, self->cursor_column);
      int x = self->cursor_column < self->n_frozen ? c->x : fw + c->x - (int) hv;
      int y = hh + (int) (self->cursor_row * (double) rh - vv);
      GskRoundedRect rect;
      float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA colors[4];
      GdkRGBA ring = accent;

      ring.alpha = focused ? 1.0 : 0.5;
      for (guint i = 0; i < 4; i++)
        colors[i] = ring;
      gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x, y, c->allocated, rh), 3);
      gtk_snapshot_append_border (snapshot, &rect, widths, colors);
    }
  else if (self->row_mode && focused && self->cursor_row < self->n_rows)
    {
      int y = hh + (int) (self->cursor_row * (double) rh - vv);
      GskRoundedRect rect;
      float widths[4] = { 1, 1, 1, 1 };
      GdkRGBA colors[4];

      for (guint i = 0; i < 4; i++)
        colors[i] = accent;
      gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (1, y, width - 2, rh), 2);
      gtk_snapshot_append_border (snapshot, &rect, widths, colors);
    }
  gtk_snapshot_pop (snapshot);

  /* The header */
  gtk_snapshot_append_color (snapshot, &header_bg, &GRAPHENE_RECT_INIT (0, 0, width, hh));
  for (int pass = 0; pass < 2; pass++)
    {
      guint from = pass == 0 ? first_col : 0;
      guint to = pass == 0 ? last_col : MIN (self->n_frozen, self->columns->len);

      if (pass == 0)
        gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (fw, 0, MAX (width - fw, 0), hh));
      for (guint c = from; c < to; c++)
        {
          Column *col = column_at (self, c);
          int x = pass == 0 ? fw + col->x - (int) hv : col->x;
          g_autofree char *title = (int) c == self->sort_column
            ? g_strdup_printf ("%s %s", col->title, self->sort_descending ? "▼" : "▲")
            : g_strdup (col->title);
          GdkRGBA color = fg;

          if (!self->row_mode && c == self->cursor_column)
            {
              GdkRGBA mark = accent;
              mark.alpha = 0.18;
              gtk_snapshot_append_color (snapshot, &mark, &GRAPHENE_RECT_INIT (x, 0, col->allocated, hh));
            }
          color.alpha *= 0.8;
          draw_text (self, snapshot, title, x, 6, col->allocated, col->numeric, TRUE, 0.92, &color);
          gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (x + col->allocated - 1, 4, 1, hh - 8));
        }
      if (pass == 0)
        gtk_snapshot_pop (snapshot);
    }
  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, hh - 1, width, 1));
}

/* ------------------------------------------------------------------------ */
/* Size                                                                     */

static void
bansou_cell_grid_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  BansouCellGrid *self = BANSOU_CELL_GRID (widget);

  ensure_metrics (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int w = 0;

      for (guint i = 0; i < self->columns->len; i++)
        w += column_at (self, i)->width;
      *minimum = MIN (w, 200);
      *natural = w;
    }
  else
    {
      *minimum = header_height (self) + row_height (self);
      *natural = header_height (self) + (int) MAX (1, MIN (self->n_rows, 10000)) * row_height (self);
    }
}

static void
bansou_cell_grid_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  BansouCellGrid *self = BANSOU_CELL_GRID (widget);

  ensure_metrics (self);
  layout_columns (self, width);
  configure_adjustments (self);
}

static void
bansou_cell_grid_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  BansouCellGrid *self = BANSOU_CELL_GRID (widget);

  GTK_WIDGET_CLASS (bansou_cell_grid_parent_class)->css_changed (widget, change);
  /* The font may have changed: measure a line again */
  g_clear_object (&self->layout);
  gtk_widget_queue_resize (widget);
}

/* ------------------------------------------------------------------------ */
/* Cursor and input                                                         */

static void
scroll_to_cursor (BansouCellGrid *self)
{
  int rh = row_height (self);

  if (self->cursor_row >= self->n_rows)
    return;
  if (self->vadjustment)
    {
      double top = (double) self->cursor_row * rh;
      double page = gtk_adjustment_get_page_size (self->vadjustment);
      double value = gtk_adjustment_get_value (self->vadjustment);

      if (top < value)
        gtk_adjustment_set_value (self->vadjustment, top);
      else if (page > 0 && top + rh > value + page)
        gtk_adjustment_set_value (self->vadjustment, top + rh - page);
    }
  if (self->hadjustment && !self->row_mode && self->cursor_column >= self->n_frozen &&
      self->cursor_column < self->columns->len)
    {
      Column *c = column_at (self, self->cursor_column);
      double page = gtk_adjustment_get_page_size (self->hadjustment);
      double value = gtk_adjustment_get_value (self->hadjustment);

      if (c->x < value)
        gtk_adjustment_set_value (self->hadjustment, c->x);
      else if (page > 0 && c->x + c->allocated > value + page)
        gtk_adjustment_set_value (self->hadjustment, c->x + c->allocated - page);
    }
}

static void
update_accessible (BansouCellGrid *self)
{
  g_autofree char *text = bansou_cell_grid_describe_cursor (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text ? text : "", -1);
}

/**
 * bansou_cell_grid_set_cursor:
 * @row: a row, or %G_MAXUINT for none
 *
 * Moves the cursor (scrolling to it) and emits cursor-changed if it moved.
 */
void
bansou_cell_grid_set_cursor (BansouCellGrid *self,
                             guint           row,
                             guint           column)
{
  g_return_if_fail (BANSOU_IS_CELL_GRID (self));

  if (row != G_MAXUINT)
    row = self->n_rows == 0 ? G_MAXUINT : MIN (row, self->n_rows - 1);
  if (self->columns->len > 0)
    column = MIN (column, self->columns->len - 1);
  else
    column = 0;
  if (row == self->cursor_row && column == self->cursor_column)
    {
      scroll_to_cursor (self);
      return;
    }
  self->cursor_row = row;
  self->cursor_column = column;
  scroll_to_cursor (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CURSOR_CHANGED], 0);
}

gboolean
bansou_cell_grid_get_cursor (BansouCellGrid *self,
                             guint          *row,
                             guint          *column)
{
  g_return_val_if_fail (BANSOU_IS_CELL_GRID (self), FALSE);

  if (row)
    *row = self->cursor_row;
  if (column)
    *column = self->cursor_column;
  return self->cursor_row < self->n_rows;
}

static int
page_rows (BansouCellGrid *self)
{
  double page = self->vadjustment ? gtk_adjustment_get_page_size (self->vadjustment) : 0;
  return MAX (1, (int) (page / row_height (self)) - 1);
}

static gboolean
move_cb (GtkWidget *widget,
         GVariant  *args,
         gpointer   user_data)
{
  BansouCellGrid *self = BANSOU_CELL_GRID (widget);
  int drow, dcol, kind;
  gint64 row, col;

  g_variant_get (args, "(iii)", &kind, &drow, &dcol);
  if (self->n_rows == 0)
    return TRUE;
  row = self->cursor_row < self->n_rows ? self->cursor_row : 0;
  col = self->cursor_column;
  switch (kind)
    {
    case 0:  /* by cells */
      row += drow;
      if (self->row_mode && dcol != 0 && self->hadjustment)
        {
          gtk_adjustment_set_value (self->hadjustment, hvalue (self) + dcol * 60);
          return TRUE;
        }
      col += dcol;
      break;
    case 1:  /* by pages */
      row += (gint64) drow * page_rows (self);
      break;
    case 2:  /* to the first or last cell of the row, or of the grid */
      if (drow != 0)
        row = drow < 0 ? 0 : self->n_rows - 1;
      else if (self->row_mode)
        {
          if (self->hadjustment)
            gtk_adjustment_set_value (self->hadjustment, dcol < 0 ? 0 : gtk_adjustment_get_upper (self->hadjustment));
          return TRUE;
        }
      else
        col = dcol < 0 ? 0 : (gint64) self->columns->len - 1;
      break;
    default:
      break;
    }
  row = CLAMP (row, 0, (gint64) self->n_rows - 1);
  col = CLAMP (col, 0, MAX ((gint64) self->columns->len - 1, 0));
  bansou_cell_grid_set_cursor (self, (guint) row, (guint) col);
  return TRUE;
}

static gboolean
activate_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  BansouCellGrid *self = BANSOU_CELL_GRID (widget);

  if (self->cursor_row < self->n_rows)
    g_signal_emit (self, signals[ACTIVATE], 0, self->cursor_row, self->cursor_column);
  return TRUE;
}

/* Returns: whether (x, y) is on a cell or a header (*row G_MAXUINT) */
static gboolean
hit (BansouCellGrid *self,
     double          x,
     double          y,
     guint          *row,
     guint          *column)
{
  int fw = frozen_width (self);
  double cx;

  *row = G_MAXUINT;
  *column = G_MAXUINT;
  if (x < fw)
    {
      for (guint i = 0; i < MIN (self->n_frozen, self->columns->len); i++)
        if (x >= column_at (self, i)->x && x < column_at (self, i)->x + column_at (self, i)->allocated)
          *column = i;
    }
  else
    {
      cx = x - fw + hvalue (self);
      for (guint i = self->n_frozen; i < self->columns->len; i++)
        if (cx >= column_at (self, i)->x && cx < column_at (self, i)->x + column_at (self, i)->allocated)
          *column = i;
    }
  if (*column == G_MAXUINT)
    return FALSE;
  if (y < header_height (self))
    return TRUE;
  {
    double r = (y - header_height (self) + vvalue (self)) / row_height (self);
    if (r < 0 || r >= self->n_rows)
      return FALSE;
    *row = (guint) r;
  }
  return TRUE;
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            BansouCellGrid  *self)
{
  guint row, column;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!hit (self, x, y, &row, &column))
    return;
  if (row == G_MAXUINT)
    {
      g_signal_emit (self, signals[HEADER_CLICKED], 0, column);
      return;
    }
  bansou_cell_grid_set_cursor (self, row, column);
  if (n_press == 2)
    g_signal_emit (self, signals[ACTIVATE], 0, row, column);
}

static gboolean
bansou_cell_grid_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  BansouCellGrid *self = BANSOU_CELL_GRID (widget);
  BansouCellFlags flags = 0;
  g_autofree char *detail = NULL;
  g_autofree char *text = NULL;
  guint row, column;

  if (keyboard)
    {
      row = self->cursor_row;
      column = self->cursor_column;
      if (row >= self->n_rows || column >= self->columns->len)
        return FALSE;
    }
  else if (!hit (self, x, y, &row, &column))
    return FALSE;
  if (row == G_MAXUINT)
    {
      gtk_tooltip_set_text (tooltip, column_at (self, column)->title);
      return TRUE;
    }
  if (self->func == NULL || !(text = self->func (self->func_data, row, column, &detail, &flags)) || *text == '\0')
    return FALSE;
  if (detail && *detail)
    {
      g_autofree char *both = g_strdup_printf ("%s\n%s", text, detail);
      gtk_tooltip_set_text (tooltip, both);
    }
  else
    gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
bansou_cell_grid_focus (GtkWidget        *widget,
                        GtkDirectionType  direction)
{
  /* One focus stop: arrows move between cells, Tab leaves */
  if (gtk_widget_is_focus (widget))
    return FALSE;
  gtk_widget_grab_focus (widget);
  return TRUE;
}

static void
focus_changed_cb (BansouCellGrid *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------ */
/* GtkScrollable                                                            */

static void
adjustment_changed_cb (BansouCellGrid *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (BansouCellGrid  *self,
                GtkAdjustment  **slot,
                GtkAdjustment   *adjustment)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (*slot == adjustment)
    return;
  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, adjustment_changed_cb, self);
      g_object_unref (*slot);
    }
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (adjustment_changed_cb), self);
  configure_adjustments (self);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
bansou_cell_grid_dispose (GObject *object)
{
  BansouCellGrid *self = (BansouCellGrid *) object;

  if (self->hadjustment)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->layout);
  if (self->func_destroy)
    g_clear_pointer (&self->func_data, self->func_destroy);
  self->func = NULL;

  G_OBJECT_CLASS (bansou_cell_grid_parent_class)->dispose (object);
}

static void
column_clear (gpointer data)
{
  g_free (((Column *) data)->title);
}

static void
bansou_cell_grid_finalize (GObject *object)
{
  BansouCellGrid *self = (BansouCellGrid *) object;

  g_array_unref (self->columns);

  G_OBJECT_CLASS (bansou_cell_grid_parent_class)->finalize (object);
}

static void
bansou_cell_grid_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BansouCellGrid *self = BANSOU_CELL_GRID (object);

  switch (prop_id)
    {
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
bansou_cell_grid_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BansouCellGrid *self = BANSOU_CELL_GRID (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_move (GtkWidgetClass  *widget_class,
          guint            key,
          GdkModifierType  mods,
          int              kind,
          int              drow,
          int              dcol)
{
  gtk_widget_class_add_binding (widget_class, key, mods, move_cb, "(iii)", kind, drow, dcol);
}

static void
bansou_cell_grid_class_init (BansouCellGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bansou_cell_grid_dispose;
  object_class->finalize = bansou_cell_grid_finalize;
  object_class->get_property = bansou_cell_grid_get_property;
  object_class->set_property = bansou_cell_grid_set_property;

  widget_class->snapshot = bansou_cell_grid_snapshot;
  widget_class->measure = bansou_cell_grid_measure;
  widget_class->size_allocate = bansou_cell_grid_size_allocate;
  widget_class->css_changed = bansou_cell_grid_css_changed;
  widget_class->query_tooltip = bansou_cell_grid_query_tooltip;
  widget_class->focus = bansou_cell_grid_focus;

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  signals[CURSOR_CHANGED] =
    g_signal_new ("cursor-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[HEADER_CLICKED] =
    g_signal_new ("header-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  add_move (widget_class, GDK_KEY_Up, 0, 0, -1, 0);
  add_move (widget_class, GDK_KEY_KP_Up, 0, 0, -1, 0);
  add_move (widget_class, GDK_KEY_Down, 0, 0, 1, 0);
  add_move (widget_class, GDK_KEY_KP_Down, 0, 0, 1, 0);
  add_move (widget_class, GDK_KEY_Left, 0, 0, 0, -1);
  add_move (widget_class, GDK_KEY_KP_Left, 0, 0, 0, -1);
  add_move (widget_class, GDK_KEY_Right, 0, 0, 0, 1);
  add_move (widget_class, GDK_KEY_KP_Right, 0, 0, 0, 1);
  add_move (widget_class, GDK_KEY_Page_Up, 0, 1, -1, 0);
  add_move (widget_class, GDK_KEY_KP_Page_Up, 0, 1, -1, 0);
  add_move (widget_class, GDK_KEY_Page_Down, 0, 1, 1, 0);
  add_move (widget_class, GDK_KEY_KP_Page_Down, 0, 1, 1, 0);
  add_move (widget_class, GDK_KEY_Home, 0, 2, 0, -1);
  add_move (widget_class, GDK_KEY_End, 0, 2, 0, 1);
  add_move (widget_class, GDK_KEY_Home, GDK_CONTROL_MASK, 2, -1, 0);
  add_move (widget_class, GDK_KEY_End, GDK_CONTROL_MASK, 2, 1, 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, 0, activate_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, 0, activate_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_space, 0, activate_cb, NULL);

  gtk_widget_class_set_css_name (widget_class, "cellgrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
bansou_cell_grid_init (BansouCellGrid *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, column_clear);
  self->sort_column = -1;
  self->cursor_row = G_MAXUINT;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (GTK_WIDGET (self), "view");

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (focus_changed_cb), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

/* ------------------------------------------------------------------------ */
/* Public                                                                   */

GtkWidget *
bansou_cell_grid_new (void)
{
  return g_object_new (BANSOU_TYPE_CELL_GRID, NULL);
}

/**
 * bansou_cell_grid_set_columns:
 * @n_frozen: how many of the first columns stay when the rest scrolls
 */
void
bansou_cell_grid_set_columns (BansouCellGrid         *self,
                              const BansouGridColumn *columns,
                              guint                   n_columns,
                              guint                   n_frozen)
{
  g_return_if_fail (BANSOU_IS_CELL_GRID (self));

  g_array_set_size (self->columns, 0);
  for (guint i = 0; i < n_columns; i++)
    {
      Column c = { g_strdup (columns[i].title ? columns[i].title : ""), MAX (columns[i].width, 24),
                   0, 0, columns[i].numeric, columns[i].expand };
      g_array_append_val (self->columns, c);
    }
  self->n_frozen = MIN (n_frozen, n_columns);
  if (self->cursor_column >= n_columns)
    self->cursor_column = n_columns > 0 ? n_columns - 1 : 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
bansou_cell_grid_get_n_columns (BansouCellGrid *self)
{
  g_return_val_if_fail (BANSOU_IS_CELL_GRID (self), 0);
  return self->columns->len;
}

const char *
bansou_cell_grid_get_column_title (BansouCellGrid *self,
                                   guint           column)
{
  g_return_val_if_fail (BANSOU_IS_CELL_GRID (self), NULL);
  return column < self->columns->len ? column_at (self, column)->title : NULL;
}

void
bansou_cell_grid_set_func (BansouCellGrid     *self,
                           BansouCellGridFunc  func,
                           gpointer            user_data,
                           GDestroyNotify      destroy)
{
  g_return_if_fail (BANSOU_IS_CELL_GRID (self));

  if (self->func_destroy)
    g_clear_pointer (&self->func_data, self->func_destroy);
  self->func = func;
  self->func_data = user_data;
  self->func_destroy = destroy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * bansou_cell_grid_set_n_rows:
 *
 * The rows changed (a sort, a search, a reload): the cursor stays on its
 * index, within the new rows; the caller moves it where it belongs.
 */
void
bansou_cell_grid_set_n_rows (BansouCellGrid *self,
                             guint           n_rows)
{
  g_return_if_fail (BANSOU_IS_CELL_GRID (self));

  self->n_rows = n_rows;
  if (self->cursor_row != G_MAXUINT && self->cursor_row >= n_rows)
    self->cursor_row = n_rows > 0 ? n_rows - 1 : G_MAXUINT;
  configure_adjustments (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
bansou_cell_grid_get_n_rows (BansouCellGrid *self)
{
  g_return_val_if_fail (BANSOU_IS_CELL_GRID (self), 0);
  return self->n_rows;
}

/* The data changed, not its shape: draw again (nothing is cached) */
void
bansou_cell_grid_invalidate (BansouCellGrid *self)
{
  g_return_if_fail (BANSOU_IS_CELL_GRID (self));
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bansou_cell_grid_set_row_mode (BansouCellGrid *self,
                               gboolean        row_mode)
{
  g_return_if_fail (BANSOU_IS_CELL_GRID (self));
  self->row_mode = !!row_mode;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bansou_cell_grid_set_two_lines (BansouCellGrid *self,
                                gboolean        two_lines)
{
  g_return_if_fail (BANSOU_IS_CELL_GRID (self));
  self->two_lines = !!two_lines;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* @column: -1 for none; the header marks it ▲ or ▼ */
void
bansou_cell_grid_set_sort_column (BansouCellGrid *self,
                                  int             column,
                                  gboolean        descending)
{
  g_return_if_fail (BANSOU_IS_CELL_GRID (self));
  self->sort_column = column;
  self->sort_descending = !!descending;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * bansou_cell_grid_describe_cursor:
 *
 * Returns: (transfer full) (nullable): what the cursor is on, as a
 *   screen reader reads it: the row's first cell, the column's title and
 *   the cell ("仙台市、東北・新潟 セキュリティクラウド：12,345,678円")
 */
char *
bansou_cell_grid_describe_cursor (BansouCellGrid *self)
{
  g_autoptr(GString) s = NULL;

  g_return_val_if_fail (BANSOU_IS_CELL_GRID (self), NULL);

  if (self->cursor_row >= self->n_rows || self->func == NULL || self->columns->len == 0)
    return NULL;
  s = g_string_new (NULL);
  for (guint c = 0; c < self->columns->len; c++)
    {
      BansouCellFlags flags = 0;
      g_autofree char *detail = NULL;
      g_autofree char *text = NULL;

      /* Row mode: the whole row; cell mode: its header and the cell */
      if (!self->row_mode && c != 0 && c != self->cursor_column)
        continue;
      text = self->func (self->func_data, self->cursor_row, c, &detail, &flags);
      if (text == NULL || *text == '\0')
        continue;
      if (s->len > 0)
        g_string_append (s, "、");
      if (c != 0)
        g_string_append_printf (s, "%s：", column_at (self, c)->title);
      g_string_append (s, text);
      if (detail && *detail)
        g_string_append_printf (s, "（%s）", detail);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Cells drawn by the last frame: what a test checks to know that only
 * the rows in view are drawn */
guint
bansou_cell_grid_get_n_drawn (BansouCellGrid *self)
{
  g_return_val_if_fail (BANSOU_IS_CELL_GRID (self), 0);
  return self->n_drawn;
}
