/* bansou-schedule-view-draw.c — drawing the week and the month
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A frame places coloured rectangles and text laid out before: every
 * PangoLayout is kept (per event, per header day, per month cell) until
 * the model, the column width or the style changes, so scrolling a day
 * further lays out only the day that comes into view.
 */
#define G_LOG_DOMAIN "bansou-schedule"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-schedule-view-private.h"

/* The event colours (libadwaita's palette); red is kept for conflicts. */
static const struct {
  const char *name;
  GdkRGBA     rgba;
} palette[] = {
  { "blue",   { 0.208, 0.518, 0.894, 1 } },
  { "green",  { 0.180, 0.761, 0.494, 1 } },
  { "yellow", { 0.898, 0.647, 0.039, 1 } },
  { "orange", { 1.000, 0.471, 0.000, 1 } },
  { "purple", { 0.569, 0.255, 0.675, 1 } },
  { "brown",  { 0.596, 0.416, 0.267, 1 } },
  { "grey",   { 0.467, 0.463, 0.482, 1 } },
};

static const GdkRGBA conflict_red = { 0.878, 0.106, 0.141, 1 };

guint8
_bansou_schedule_view_color_index (const char *color_class)
{
  for (guint i = 0; color_class != NULL && i < G_N_ELEMENTS (palette); i++)
    if (g_str_equal (palette[i].name, color_class))
      return i;
  return 0;
}

void
_bansou_schedule_view_drop_layouts (BansouScheduleView *self)
{
  g_clear_pointer (&self->event_layouts, g_hash_table_unref);
  g_clear_pointer (&self->day_layouts, g_hash_table_unref);
  g_clear_pointer (&self->month_layouts, g_hash_table_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->weekday_layouts); i++)
    g_clear_object (&self->weekday_layouts[i]);
  for (guint i = 0; i < N_CACHED_COLUMNS; i++)
    g_clear_pointer (&self->columns[i].surface, cairo_surface_destroy);
  self->layout_width = -1;
}

static GHashTable *
layout_table (GHashTable **table)
{
  if (*table == NULL)
    *table = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  return *table;
}

static GdkRGBA
with_alpha (const GdkRGBA *color,
            double         alpha)
{
  GdkRGBA c = *color;

  c.alpha *= alpha;
  return c;
}

static void
fill (GtkSnapshot   *snapshot,
      const GdkRGBA *color,
      double         x,
      double         y,
      double         w,
      double         h)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, w, h));
}

static void
outline (GtkSnapshot           *snapshot,
         const graphene_rect_t *rect,
         const GdkRGBA         *color,
         float                  width)
{
  GskRoundedRect r;
  const float widths[4] = { width, width, width, width };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&r, rect, 0);
  gtk_snapshot_append_border (snapshot, &r, widths, colors);
}

static void
draw_layout (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* Kept on the widget; TRUE when one was found. */
static GdkPaintable *
warning_icon (BansouScheduleView *self)
{
  if (self->warning_icon == NULL)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

      self->warning_icon = GDK_PAINTABLE (gtk_icon_theme_lookup_icon (theme, "dialog-warning-symbolic", NULL, 16,
                                                                      gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                                                      gtk_widget_get_direction (GTK_WIDGET (self)), 0));
    }
  return self->warning_icon;
}

static void
draw_warning (BansouScheduleView *self,
              GtkSnapshot        *snapshot,
              double              x,
              double              y)
{
  GdkPaintable *icon = warning_icon (self);
  const GdkRGBA colors[4] = { conflict_red, conflict_red, conflict_red, conflict_red };

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  if (icon != NULL && GTK_IS_SYMBOLIC_PAINTABLE (icon))
    gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, 14, 14, colors, 4);
  else
    fill (snapshot, &conflict_red, 0, 0, 14, 14);
  gtk_snapshot_restore (snapshot);
}

/* ---- the week ---------------------------------------------------------- */

static PangoLayout *
day_header_layout (BansouScheduleView *self,
                   guint32             day)
{
  GHashTable *table = layout_table (&self->day_layouts);
  PangoLayout *layout = g_hash_table_lookup (table, GUINT_TO_POINTER (day));

  if (layout == NULL)
    {
      g_autoptr(GDateTime) dt = NULL;
      g_autofree char *label = NULL;
      g_autofree char *escaped = NULL;
      g_autofree char *markup = NULL;
      gboolean business;
      const char *reason = _bansou_schedule_view_day_reason (self, day, &business);
      GDate d;

      if (g_hash_table_size (table) >= 512)
        g_hash_table_remove_all (table);
      g_date_clear (&d, 1);
      g_date_set_julian (&d, day);
      dt = g_date_time_new_utc (g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d), 0, 0, 0);
      /* TRANSLATORS: a week view's column header, strftime: "2 (水)" */
      label = g_date_time_format (dt, _("%a %-d"));
      escaped = g_markup_escape_text (label, -1);
      /* Weekends say so in their weekday; other closed days are named. */
      if (!business && reason != NULL && self->calendar != NULL &&
          bansou_calendar_get_day_kind (self->calendar, &d) > BANSOU_DAY_SUNDAY)
        {
          g_autofree char *r = g_markup_escape_text (reason, -1);

          markup = g_strdup_printf ("<b>%s</b>\n<small>%s</small>", escaped, r);
        }
      else
        markup = g_strdup_printf ("<b>%s</b>", escaped);

      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      pango_layout_set_markup (layout, markup, -1);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_set_width (layout, (self->layout_width - 8) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      g_hash_table_insert (table, GUINT_TO_POINTER (day), layout);
    }
  return layout;
}

static PangoLayout *
hour_layout (BansouScheduleView *self,
             guint               hour)
{
  guint i = hour - BANSOU_SCHEDULE_FIRST_MINUTE / 60;

  if (self->hour_layouts[i] == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%u:00", hour);

      self->hour_layouts[i] = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
    }
  return self->hour_layouts[i];
}

static PangoLayout *
event_layout (BansouScheduleView    *self,
              const Entry           *e,
              const graphene_rect_t *r)
{
  GHashTable *table = layout_table (&self->event_layouts);
  PangoLayout *layout = g_hash_table_lookup (table, e->event);
  int width = MAX ((int) r->size.width - 8 - (e->conflict ? 18 : 0), 1) * PANGO_SCALE;
  int height = MAX ((int) r->size.height - 2, 1) * PANGO_SCALE;

  if (layout == NULL)
    {
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *markup = NULL;

      /* Bounded: paging through a year keeps a few weeks, not all. */
      if (g_hash_table_size (table) >= 2048)
        g_hash_table_remove_all (table);
      title = g_markup_escape_text (bansou_schedule_event_get_title (e->event), -1);
      subtitle = g_markup_escape_text (bansou_schedule_event_get_subtitle (e->event), -1);

      markup = g_strdup_printf ("<b>%s</b>\n<small>%d:%02d–%d:%02d%s%s</small>", title,
                                e->start_min / 60, e->start_min % 60, e->end_min / 60, e->end_min % 60,
                                *subtitle ? "  " : "", subtitle);
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      pango_layout_set_markup (layout, markup, -1);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      g_hash_table_insert (table, e->event, layout);
    }
  /* Cheap when nothing changed; a resize lays it out again. */
  if (pango_layout_get_width (layout) != width)
    pango_layout_set_width (layout, width);
  if (pango_layout_get_height (layout) != height)
    pango_layout_set_height (layout, height);
  return layout;
}

static void
draw_event (BansouScheduleView    *self,
            GtkSnapshot           *snapshot,
            const Entry           *e,
            const graphene_rect_t *r,
            const GdkRGBA         *fg)
{
  const GdkRGBA *color = &palette[e->color].rgba;
  GdkRGBA tint = with_alpha (color, 0.22);
  PangoLayout *layout;
  double x = r->origin.x, y = r->origin.y, w = r->size.width, h = r->size.height;

  fill (snapshot, &tint, x, y, w, h);
  if (e->conflict)
    {
      /* A red stripe and a warning sign: seen without colour vision too. */
      fill (snapshot, &conflict_red, x, y, 5, h);
      outline (snapshot, r, &conflict_red, 1.5);
      if (w > 30 && h > 16)
        draw_warning (self, snapshot, x + w - 17, y + 2);
    }
  else
    fill (snapshot, color, x, y, 3, h);

  if (w > 14 && h > 10)
    {
      layout = event_layout (self, e, r);
      gtk_snapshot_push_clip (snapshot, r);
      draw_layout (snapshot, layout, x + 7, y + 1, fg);
      gtk_snapshot_pop (snapshot);
    }
}

/* The body of a day's column, where the widget has it: closed days
 * shaded, office hours tinted, the hour lines, the day's events. */
static void
draw_column (BansouScheduleView *self,
             GtkSnapshot        *snapshot,
             const Geometry     *g,
             guint               col,
             const GdkRGBA      *fg,
             const GdkRGBA      *accent)
{
  guint32 day = _bansou_schedule_view_first_day (self) + col;
  double x = g->gutter_w + col * g->column_w, bottom = g->header_h + 10 * g->hour_h;
  GdkRGBA closed = with_alpha (fg, 0.07), office = with_alpha (accent, 0.06);
  GdkRGBA line = with_alpha (fg, 0.14), half = with_alpha (fg, 0.06);
  guint opens = 510, closes = 1035, start, n;
  gboolean business;

  if (self->calendar != NULL)
    bansou_calendar_get_office_hours (self->calendar, &opens, &closes);
  _bansou_schedule_view_day_reason (self, day, &business);
  if (!business)
    fill (snapshot, &closed, x, g->header_h, g->column_w, bottom - g->header_h);
  else
    {
      double y0 = minute_y (g, opens), y1 = minute_y (g, closes);

      fill (snapshot, &closed, x, g->header_h, g->column_w, y0 - g->header_h);
      fill (snapshot, &office, x, y0, g->column_w, y1 - y0);
      fill (snapshot, &closed, x, y1, g->column_w, bottom - y1);
    }
  fill (snapshot, &line, x, g->header_h, 1, bottom - g->header_h);
  for (guint hour = BANSOU_SCHEDULE_FIRST_MINUTE / 60; hour < BANSOU_SCHEDULE_LAST_MINUTE / 60; hour++)
    {
      double y = minute_y (g, hour * 60);

      fill (snapshot, &line, x, y, g->column_w, 1);
      fill (snapshot, &half, x, y + g->hour_h / 2, g->column_w, 1);
    }

  n = _bansou_schedule_view_day_range (self, day, day, &start);
  for (guint i = start; i < start + n; i++)
    {
      const Entry *e = &g_array_index (self->entries, Entry, i);
      graphene_rect_t r;

      if (_bansou_schedule_view_entry_rect (self, g, e, &r))
        draw_event (self, snapshot, e, &r, fg);
    }
}

/* The column from its image, made when the day comes into view. On a
 * HiDPI screen (the image would be blurred), or before the widget is in
 * a window, the column is drawn as it is. */
static void
snapshot_column (BansouScheduleView *self,
                 GtkSnapshot        *snapshot,
                 const Geometry     *g,
                 guint               col,
                 const GdkRGBA      *fg,
                 const GdkRGBA      *accent)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;
  guint32 day = _bansou_schedule_view_first_day (self) + col;
  double x = g->gutter_w + col * g->column_w;
  int w = (int) ceil (g->column_w), h = (int) ceil (10 * g->hour_h);
  CachedColumn *slot = NULL, *oldest = &self->columns[0];
  cairo_t *cr;

  if (renderer == NULL || gtk_widget_get_scale_factor (GTK_WIDGET (self)) != 1)
    {
      draw_column (self, snapshot, g, col, fg, accent);
      return;
    }

  for (guint i = 0; i < N_CACHED_COLUMNS && slot == NULL; i++)
    {
      CachedColumn *c = &self->columns[i];

      if (c->surface != NULL && c->day == day && c->width == w && c->height == h)
        slot = c;
      else if (c->surface == NULL || (oldest->surface != NULL && c->stamp < oldest->stamp))
        oldest = c;
    }

  if (slot == NULL)
    {
      GtkSnapshot *column = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;

      gtk_snapshot_translate (column, &GRAPHENE_POINT_INIT (-x, -g->header_h));
      draw_column (self, column, g, col, fg, accent);
      node = gtk_snapshot_free_to_node (column);
      slot = oldest;
      g_clear_pointer (&slot->surface, cairo_surface_destroy);
      slot->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      if (node != NULL)
        {
          /* What the cairo renderer would do each frame, done once */
          cairo_t *image = cairo_create (slot->surface);

          gsk_render_node_draw (node, image);
          cairo_destroy (image);
        }
      slot->day = day;
      slot->width = w;
      slot->height = h;
    }
  slot->stamp = ++self->column_stamp;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x, g->header_h, w, h));
  cairo_set_source_surface (cr, slot->surface, x, g->header_h);
  cairo_paint (cr);
  cairo_destroy (cr);
}

static void
snapshot_week (BansouScheduleView *self,
               GtkSnapshot        *snapshot,
               const GdkRGBA      *fg,
               const GdkRGBA      *accent)
{
  guint32 first = _bansou_schedule_view_first_day (self);
  guint32 today;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  GdkRGBA closed = with_alpha (fg, 0.07), line = with_alpha (fg, 0.14), dim = with_alpha (fg, 0.7);
  Geometry g;

  _bansou_schedule_view_geometry (self, &g);
  today = _bansou_schedule_view_today ();
  if ((int) g.column_w != self->layout_width)
    _bansou_schedule_view_drop_layouts (self);
  self->layout_width = (int) g.column_w;

  /* The header: each day, closed days in red with their names */
  for (guint col = 0; col < 7; col++)
    {
      guint32 day = first + col;
      double x = g.gutter_w + col * g.column_w;
      gboolean business;
      PangoLayout *header;
      int lw, lh;

      _bansou_schedule_view_day_reason (self, day, &business);
      if (!business)
        fill (snapshot, &closed, x, 0, g.column_w, g.header_h);
      if (day == today)
        fill (snapshot, accent, x, g.header_h - 3, g.column_w, 3);
      header = day_header_layout (self, day);
      pango_layout_get_pixel_size (header, &lw, &lh);
      draw_layout (snapshot, header, x + 4, MAX ((g.header_h - lh) / 2, 2),
                   business ? fg : &conflict_red);
      fill (snapshot, &line, x, 0, 1, g.header_h);
      snapshot_column (self, snapshot, &g, col, fg, accent);
    }

  /* The hours */
  fill (snapshot, &line, 0, g.header_h - 1, width, 1);
  for (guint hour = BANSOU_SCHEDULE_FIRST_MINUTE / 60; hour <= BANSOU_SCHEDULE_LAST_MINUTE / 60; hour++)
    {
      double y = minute_y (&g, hour * 60);

      /* The first and last labels stay inside the hours */
      draw_layout (snapshot, hour_layout (self, hour), 8,
                   hour == BANSOU_SCHEDULE_FIRST_MINUTE / 60 ? y + 2
                   : hour == BANSOU_SCHEDULE_LAST_MINUTE / 60 ? y - 19 : y - 9, &dim);
    }

  /* What changes without the events changing, on top: the slot being
   * dragged, the selected event, the keyboard's slot */
  if (self->dragging && self->drag_day >= first && self->drag_day < first + 7)
    {
      int from = MIN (self->drag_from, self->drag_to), to = MAX (self->drag_from, self->drag_to) + 15;
      GdkRGBA a = with_alpha (accent, 0.35);
      double x = g.gutter_w + (self->drag_day - first) * g.column_w;

      fill (snapshot, &a, x + 2, minute_y (&g, from), g.column_w - 4, minute_y (&g, to) - minute_y (&g, from));
    }

  if (self->selected != NULL)
    {
      const Entry *e = _bansou_schedule_view_find_entry (self, self->selected);
      graphene_rect_t r;

      if (e != NULL && _bansou_schedule_view_entry_rect (self, &g, e, &r))
        outline (snapshot, &GRAPHENE_RECT_INIT (r.origin.x - 1, r.origin.y - 1, r.size.width + 2, r.size.height + 2), fg, 2);
    }

  if (gtk_widget_has_focus (GTK_WIDGET (self)) && self->focus_day >= first && self->focus_day < first + 7)
    {
      int from = BANSOU_SCHEDULE_FIRST_MINUTE + self->focus_slot * BANSOU_SCHEDULE_SLOT_MINUTES;
      double x = g.gutter_w + (self->focus_day - first) * g.column_w;
      double y = minute_y (&g, from);

      outline (snapshot, &GRAPHENE_RECT_INIT (x + 1, y, g.column_w - 2, g.hour_h / 2), accent, 2);
    }
}

/* ---- the month --------------------------------------------------------- */

static PangoLayout *
weekday_layout (BansouScheduleView *self,
                guint               i)
{
  if (self->weekday_layouts[i] == NULL)
    {
      /* 2024-01-01 was a Monday */
      g_autoptr(GDateTime) dt = g_date_time_new_utc (2024, 1, 1 + i, 0, 0, 0);
      g_autofree char *text = g_date_time_format (dt, "%a");

      self->weekday_layouts[i] = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      pango_layout_set_alignment (self->weekday_layouts[i], PANGO_ALIGN_CENTER);
      pango_layout_set_width (self->weekday_layouts[i], (self->layout_width - 4) * PANGO_SCALE);
    }
  return self->weekday_layouts[i];
}

/* A day of the month: its number, why it is closed, its events' count and
 * as many of their times and titles as fit. */
static PangoLayout *
month_cell_layout (BansouScheduleView *self,
                   guint32             day,
                   const Geometry     *g,
                   gboolean           *has_conflict)
{
  GHashTable *table = layout_table (&self->month_layouts);
  PangoLayout *layout = g_hash_table_lookup (table, GUINT_TO_POINTER (day));
  guint start, n;

  n = _bansou_schedule_view_day_range (self, day, day, &start);
  *has_conflict = FALSE;
  for (guint i = start; i < start + n; i++)
    if (g_array_index (self->entries, Entry, i).conflict)
      *has_conflict = TRUE;

  if (layout == NULL)
    {
      GString *markup = g_string_new (NULL);
      gboolean business;
      const char *reason = _bansou_schedule_view_day_reason (self, day, &business);
      guint fits = MAX ((int) (g->row_h - 24) / 16, 0);
      GDate d;

      if (g_hash_table_size (table) >= 512)
        g_hash_table_remove_all (table);
      g_date_clear (&d, 1);
      g_date_set_julian (&d, day);
      g_string_append_printf (markup, "<b>%d</b>", g_date_get_day (&d));
      if (n > 0)
        {
          g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", n), n);

          g_string_append_printf (markup, "  <small>%s</small>", count);
        }
      if (!business && reason != NULL && self->calendar != NULL &&
          bansou_calendar_get_day_kind (self->calendar, &d) > BANSOU_DAY_SUNDAY)
        {
          g_autofree char *r = g_markup_escape_text (reason, -1);

          g_string_append_printf (markup, "\n<span foreground=\"#e01b24\"><small>%s</small></span>", r);
          fits = fits > 0 ? fits - 1 : 0;
        }
      for (guint i = 0; i < n; i++)
        {
          const Entry *e = &g_array_index (self->entries, Entry, start + i);
          g_autofree char *title = NULL;

          if (i + 1 == fits && n > fits)
            {
              g_autofree char *more = g_strdup_printf (_("+%u more"), n - i);

              g_string_append_printf (markup, "\n<small>%s</small>", more);
              break;
            }
          if (i >= fits)
            break;
          title = g_markup_escape_text (bansou_schedule_event_get_title (e->event), -1);
          g_string_append_printf (markup, "\n<small>%s%d:%02d %s</small>", e->conflict ? "⚠ " : "",
                                  e->start_min / 60, e->start_min % 60, title);
        }

      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      pango_layout_set_markup (layout, markup->str, -1);
      pango_layout_set_width (layout, (self->layout_width - 10) * PANGO_SCALE);
      pango_layout_set_height (layout, (int) (g->row_h - 4) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      g_hash_table_insert (table, GUINT_TO_POINTER (day), layout);
      g_string_free (markup, TRUE);
    }
  return layout;
}

static void
snapshot_month (BansouScheduleView *self,
                GtkSnapshot        *snapshot,
                const GdkRGBA      *fg,
                const GdkRGBA      *accent)
{
  guint32 first = _bansou_schedule_view_first_day (self);
  GdkRGBA closed = with_alpha (fg, 0.07), line = with_alpha (fg, 0.14), other = with_alpha (fg, 0.45);
  guint month;
  Geometry g;
  GDate d;

  _bansou_schedule_view_geometry (self, &g);
  if ((int) g.column_w != self->layout_width)
    _bansou_schedule_view_drop_layouts (self);
  self->layout_width = (int) g.column_w;
  g_date_clear (&d, 1);
  g_date_set_julian (&d, self->focus_day);
  month = g_date_get_month (&d);

  for (guint i = 0; i < 7; i++)
    draw_layout (snapshot, weekday_layout (self, i), i * g.column_w + 2, 5, i >= 5 ? &conflict_red : fg);
  fill (snapshot, &line, 0, g.header_h - 1, 7 * g.column_w, 1);

  for (guint i = 0; i < 42; i++)
    {
      guint32 day = first + i;
      double x = (i % 7) * g.column_w, y = g.header_h + (i / 7) * g.row_h;
      gboolean business, conflict;
      PangoLayout *layout;

      _bansou_schedule_view_day_reason (self, day, &business);
      if (!business)
        fill (snapshot, &closed, x, y, g.column_w, g.row_h);
      layout = month_cell_layout (self, day, &g, &conflict);
      g_date_set_julian (&d, day);
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (x, y, g.column_w, g.row_h));
      draw_layout (snapshot, layout, x + 6, y + 3, g_date_get_month (&d) == month ? fg : &other);
      gtk_snapshot_pop (snapshot);
      if (conflict)
        {
          fill (snapshot, &conflict_red, x + 1, y + 1, 4, g.row_h - 2);
          draw_warning (self, snapshot, x + g.column_w - 18, y + 4);
        }
      fill (snapshot, &line, x, y + g.row_h - 1, g.column_w, 1);
      fill (snapshot, &line, x + g.column_w - 1, y, 1, g.row_h);
      if (day == self->focus_day && gtk_widget_has_focus (GTK_WIDGET (self)))
        outline (snapshot, &GRAPHENE_RECT_INIT (x + 1, y + 1, g.column_w - 3, g.row_h - 3), accent, 2);
    }
}

void
_bansou_schedule_view_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  BansouScheduleView *self = BANSOU_SCHEDULE_VIEW (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA fg, accent = { 0.208, 0.518, 0.894, 1 };

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, &fg);
  gtk_style_context_lookup_color (style, "accent_color", &accent);
G_GNUC_END_IGNORE_DEPRECATIONS

  if (self->mode == BANSOU_SCHEDULE_MONTH)
    snapshot_month (self, snapshot, &fg, &accent);
  else
    snapshot_week (self, snapshot, &fg, &accent);
}
