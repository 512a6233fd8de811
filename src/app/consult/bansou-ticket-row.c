/* bansou-ticket-row.c — one row of the 相談 queue, drawn as one widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Why not a GtkColumnView: GTK 4.8's list views keep up to 200 rows of
 * widgets whatever is on screen, so nine cell widgets a row made 1,800
 * widgets (and 200 SLA computations) before the queue's first frame —
 * about 150 ms of the page's 200 with 10,000 tickets. A row here is one
 * widget; binding it only stores the item, and a row's texts (its SLA
 * among them) are made when it is first drawn, so only for the rows on
 * screen. Text is laid out with one PangoLayout a row, reused per cell.
 */
#define G_LOG_DOMAIN "bansou-consult-page"

#include "config.h"

#include "bansou-ticket-row.h"

#define PAD 6   /* each cell's left and right padding, as the header's */

struct _BansouTicketRow
{
  GtkWidget         parent_instance;

  const int        *widths;
  TicketCellText    text;
  BansouTicketItem *item;
  gulong            notify_id;
  char             *cells[TICKET_N_COLUMNS];   /* made when first drawn */
  const char       *classes[TICKET_N_COLUMNS];
  gboolean          have_cells;
};

G_DEFINE_FINAL_TYPE (BansouTicketRow, bansou_ticket_row, GTK_TYPE_WIDGET)

static void
clear_cells (BansouTicketRow *self)
{
  for (guint i = 0; i < TICKET_N_COLUMNS; i++)
    g_clear_pointer (&self->cells[i], g_free);
  self->have_cells = FALSE;
}

static void
ensure_cells (BansouTicketRow *self)
{
  if (self->have_cells || self->item == NULL)
    return;
  for (guint i = 0; i < TICKET_N_COLUMNS; i++)
    self->cells[i] = self->text (self->item, i, &self->classes[i]);
  self->have_cells = TRUE;
}

void
bansou_ticket_row_layout (const int *widths,
                          int        width,
                          int       *x)
{
  int fixed = 0;

  for (guint i = 0; i < TICKET_N_COLUMNS; i++)
    if (i != TICKET_COLUMN_SUBJECT)
      fixed += widths[i];
  x[0] = 0;
  for (guint i = 0; i < TICKET_N_COLUMNS; i++)
    x[i + 1] = x[i] + (i == TICKET_COLUMN_SUBJECT ? MAX (widths[i], width - fixed) : widths[i]);
}

static gboolean
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  return gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
cell_color (GtkWidget  *widget,
            const char *klass,
            GdkRGBA    *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (klass == NULL)
    return;
  if (g_str_equal (klass, "dim-label"))
    color->alpha *= 0.55;
  else if (g_str_equal (klass, "error"))
    lookup_color (widget, "error_color", color);
  else if (g_str_equal (klass, "warning"))
    lookup_color (widget, "warning_color", color);
  else if (g_str_equal (klass, "success"))
    lookup_color (widget, "success_color", color);
}

static void
bansou_ticket_row_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  BansouTicketRow *self = BANSOU_TICKET_ROW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  int x[TICKET_N_COLUMNS + 1];
  g_autoptr(PangoLayout) layout = NULL;

  if (self->item == NULL)
    return;
  ensure_cells (self);
  bansou_ticket_row_layout (self->widths, width, x);
  layout = gtk_widget_create_pango_layout (widget, NULL);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);

  for (guint i = 0; i < TICKET_N_COLUMNS; i++)
    {
      int w = x[i + 1] - x[i] - 2 * PAD, text_w, text_h, left;
      GdkRGBA color;

      if (self->cells[i] == NULL || *self->cells[i] == '\0' || w <= 0)
        continue;
      pango_layout_set_text (layout, self->cells[i], -1);
      pango_layout_set_width (layout, w * PANGO_SCALE);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      left = x[i] + PAD;
      if (i == TICKET_COLUMN_NUMBER)   /* figures to the right */
        left = x[i + 1] - PAD - text_w;
      cell_color (widget, self->classes[i], &color);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (left, (height - text_h) / 2.0));
      gtk_snapshot_append_layout (snapshot, layout, &color);
      gtk_snapshot_restore (snapshot);
    }
}

static void
bansou_ticket_row_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  BansouTicketRow *self = BANSOU_TICKET_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int x[TICKET_N_COLUMNS + 1];

      bansou_ticket_row_layout (self->widths, 0, x);
      *minimum = *natural = x[TICKET_N_COLUMNS];
    }
  else
    {
      /* One line of the widget's font: the same for every row, so measured once a font. */
      static int line_height;
      static PangoFontDescription *measured;
      PangoContext *context = gtk_widget_get_pango_context (widget);
      PangoFontDescription *font = pango_context_get_font_description (context);

      if (measured == NULL || !pango_font_description_equal (measured, font))
        {
          g_autoptr(PangoLayout) layout = pango_layout_new (context);
          int h;

          pango_layout_set_text (layout, "相談 Ag", -1);
          pango_layout_get_pixel_size (layout, NULL, &h);
          line_height = h;
          g_clear_pointer (&measured, pango_font_description_free);
          measured = pango_font_description_copy (font);
        }
      *minimum = *natural = line_height + 8;
    }
}

static gboolean
bansou_ticket_row_query_tooltip (GtkWidget  *widget,
                                 int         px,
                                 int         py,
                                 gboolean    keyboard,
                                 GtkTooltip *tooltip)
{
  BansouTicketRow *self = BANSOU_TICKET_ROW (widget);
  int x[TICKET_N_COLUMNS + 1];

  if (self->item == NULL)
    return FALSE;
  ensure_cells (self);
  bansou_ticket_row_layout (self->widths, gtk_widget_get_width (widget), x);
  for (guint i = 0; i < TICKET_N_COLUMNS; i++)
    if (px >= x[i] && px < x[i + 1] && self->cells[i] != NULL && *self->cells[i] != '\0')
      {
        gtk_tooltip_set_text (tooltip, self->cells[i]);
        return TRUE;
      }
  return FALSE;
}

static void
item_notify_cb (BansouTicketRow *self)
{
  clear_cells (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
bansou_ticket_row_dispose (GObject *object)
{
  BansouTicketRow *self = (BansouTicketRow *)object;

  bansou_ticket_row_set_item (self, NULL);
  G_OBJECT_CLASS (bansou_ticket_row_parent_class)->dispose (object);
}

static void
bansou_ticket_row_class_init (BansouTicketRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bansou_ticket_row_dispose;
  widget_class->snapshot = bansou_ticket_row_snapshot;
  widget_class->measure = bansou_ticket_row_measure;
  widget_class->query_tooltip = bansou_ticket_row_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "ticketrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ROW);
}

static void
bansou_ticket_row_init (BansouTicketRow *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
bansou_ticket_row_new (const int      *widths,
                       TicketCellText  text)
{
  BansouTicketRow *self = g_object_new (BANSOU_TYPE_TICKET_ROW, NULL);

  self->widths = widths;
  self->text = text;
  return GTK_WIDGET (self);
}

void
bansou_ticket_row_set_item (BansouTicketRow  *self,
                            BansouTicketItem *item)
{
  g_return_if_fail (BANSOU_IS_TICKET_ROW (self));

  if (self->item == item)
    return;
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->notify_id, self->item);
      g_clear_object (&self->item);
    }
  clear_cells (self);
  if (item != NULL)
    {
      const BansouTicket *t = bansou_ticket_item_get_ticket (item);
      /* What a screen reader says for the row: number, body, subject. */
      g_autofree char *label = g_strdup_printf ("%" G_GINT64_FORMAT " %s %s", t->number,
                                                t->body_name ? t->body_name : "", t->subject ? t->subject : "");

      self->item = g_object_ref (item);
      self->notify_id = g_signal_connect_swapped (item, "notify", G_CALLBACK (item_notify_cb), self);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

BansouTicketItem *
bansou_ticket_row_get_item (BansouTicketRow *self)
{
  g_return_val_if_fail (BANSOU_IS_TICKET_ROW (self), NULL);
  return self->item;
}
