/* bansou-schedule-view-input.c — the pointer, the keys and the tooltips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A click selects an event, a double click or Enter activates it; a drag
 * over empty space (or Enter on an empty slot) proposes a slot. The
 * arrows move the focus by a day and by half an hour (by a week in the
 * month), PageUp/PageDown by a week or a month, Home goes to today.
 */
#define G_LOG_DOMAIN "bansou-schedule"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-schedule-view-private.h"

static GDateTime *
jst_time (guint32 day,
          int     minute)
{
  GTimeZone *jst = bansou_calendar_get_time_zone ();
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, day);
  return g_date_time_new (jst, g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d),
                          minute / 60, minute % 60, 0);
}

static void
propose (BansouScheduleView *self,
         guint32             day,
         int                 from,
         int                 to)
{
  g_autoptr(GDateTime) start = jst_time (day, from);
  g_autoptr(GDateTime) end = jst_time (day, MIN (to, 24 * 60 - 1));

  g_signal_emit (self, _bansou_schedule_view_signals[SLOT_PROPOSED], 0, start, end);
}

static void
activate_entry (BansouScheduleView *self,
                const Entry        *entry)
{
  g_autoptr(BansouScheduleEvent) event = g_object_ref (entry->event);

  bansou_schedule_view_set_selected (self, event);
  g_signal_emit (self, _bansou_schedule_view_signals[EVENT_ACTIVATED], 0, event);
}

/* The events in the focus slot, in the order they are drawn */
static guint
focus_entries (BansouScheduleView *self,
               const Entry       **found,
               guint               max)
{
  int from = BANSOU_SCHEDULE_FIRST_MINUTE + self->focus_slot * BANSOU_SCHEDULE_SLOT_MINUTES;
  int to = from + BANSOU_SCHEDULE_SLOT_MINUTES;
  guint start, n, k = 0;

  n = _bansou_schedule_view_day_range (self, self->focus_day, self->focus_day, &start);
  for (guint i = start; i < start + n && k < max; i++)
    {
      const Entry *e = &g_array_index (self->entries, Entry, i);

      if (self->mode == BANSOU_SCHEDULE_MONTH || (e->start_min < to && e->end_min > from))
        found[k++] = e;
    }
  return k;
}

/* ---- actions ----------------------------------------------------------- */

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BansouScheduleView *self = BANSOU_SCHEDULE_VIEW (widget);
  int days, slots;

  g_variant_get (parameter, "(ii)", &days, &slots);
  if (self->mode == BANSOU_SCHEDULE_MONTH)
    {
      days += slots * 7;
      slots = 0;
    }
  else if ((int) self->focus_slot + slots < 0 || (int) self->focus_slot + slots >= BANSOU_SCHEDULE_N_SLOTS)
    slots = 0;
  _bansou_schedule_view_move_focus (self, self->focus_day + days, (int) self->focus_slot + slots);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BansouScheduleView *self = BANSOU_SCHEDULE_VIEW (widget);
  int direction = g_variant_get_int32 (parameter);
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, self->focus_day);
  if (self->mode == BANSOU_SCHEDULE_MONTH)
    {
      if (direction > 0)
        g_date_add_months (&d, 1);
      else
        g_date_subtract_months (&d, 1);
    }
  else if (direction > 0)
    g_date_add_days (&d, 7);
  else
    g_date_subtract_days (&d, 7);
  _bansou_schedule_view_move_focus (self, g_date_get_julian (&d), self->focus_slot);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BansouScheduleView *self = BANSOU_SCHEDULE_VIEW (widget);

  _bansou_schedule_view_move_focus (self, _bansou_schedule_view_today (), self->focus_slot);
}

/* Space: the next event in the focus slot becomes the selected one. */
static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BansouScheduleView *self = BANSOU_SCHEDULE_VIEW (widget);
  const Entry *found[64];
  guint n = focus_entries (self, found, G_N_ELEMENTS (found)), next = 0;

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    if (found[i]->event == self->selected)
      next = (i + 1) % n;
  bansou_schedule_view_set_selected (self, found[next]->event);
}

/* Enter: the selected event if it is in the focus slot, else the first
 * there; on an empty slot an hour from it is proposed. In the month the
 * day opens in the week view. */
static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BansouScheduleView *self = BANSOU_SCHEDULE_VIEW (widget);
  const Entry *found[64];
  guint n;
  int from;

  if (self->mode == BANSOU_SCHEDULE_MONTH)
    {
      bansou_schedule_view_set_mode (self, BANSOU_SCHEDULE_WEEK);
      return;
    }

  n = focus_entries (self, found, G_N_ELEMENTS (found));
  for (guint i = 0; i < n; i++)
    if (found[i]->event == self->selected)
      {
        activate_entry (self, found[i]);
        return;
      }
  if (n > 0)
    {
      activate_entry (self, found[0]);
      return;
    }
  from = BANSOU_SCHEDULE_FIRST_MINUTE + self->focus_slot * BANSOU_SCHEDULE_SLOT_MINUTES;
  propose (self, self->focus_day, from, from + 60);
}

/* ---- the pointer ------------------------------------------------------- */

static void
pressed_cb (GtkGestureClick    *gesture,
            int                 n_press,
            double              x,
            double              y,
            BansouScheduleView *self)
{
  const Entry *e = _bansou_schedule_view_hit_entry (self, x, y);
  guint32 day;
  int minute;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (e != NULL)
    {
      if (n_press >= 2)
        activate_entry (self, e);
      else
        bansou_schedule_view_set_selected (self, e->event);
      return;
    }

  if (!_bansou_schedule_view_hit_slot (self, x, y, &day, &minute))
    return;
  bansou_schedule_view_set_selected (self, NULL);
  if (self->mode == BANSOU_SCHEDULE_MONTH)
    {
      _bansou_schedule_view_move_focus (self, day, self->focus_slot);
      if (n_press >= 2)
        bansou_schedule_view_set_mode (self, BANSOU_SCHEDULE_WEEK);
      return;
    }
  _bansou_schedule_view_move_focus (self, day, (minute - BANSOU_SCHEDULE_FIRST_MINUTE) / BANSOU_SCHEDULE_SLOT_MINUTES);
}

static void
drag_begin_cb (GtkGestureDrag     *gesture,
               double              x,
               double              y,
               BansouScheduleView *self)
{
  guint32 day;
  int minute;

  self->dragging = FALSE;
  if (self->mode != BANSOU_SCHEDULE_WEEK ||
      _bansou_schedule_view_hit_entry (self, x, y) != NULL ||
      !_bansou_schedule_view_hit_slot (self, x, y, &day, &minute))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_day = day;
  self->drag_from = self->drag_to = minute;
  self->drag_y = y;
}

static void
drag_update_cb (GtkGestureDrag     *gesture,
                double              dx,
                double              dy,
                BansouScheduleView *self)
{
  double y = self->drag_y;
  Geometry g;
  int minute;

  if (!self->dragging && ABS (dy) < 8)
    return;
  _bansou_schedule_view_geometry (self, &g);
  y = CLAMP (y + dy, g.header_h, g.header_h + 10 * g.hour_h - 1);
  minute = BANSOU_SCHEDULE_FIRST_MINUTE + (int) ((y - g.header_h) / g.hour_h * 60 / 15) * 15;
  self->dragging = TRUE;
  self->drag_to = MIN (minute, BANSOU_SCHEDULE_LAST_MINUTE - 15);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag     *gesture,
             double              dx,
             double              dy,
             BansouScheduleView *self)
{
  int from, to;

  if (!self->dragging)
    return;
  self->dragging = FALSE;
  from = MIN (self->drag_from, self->drag_to);
  to = MAX (self->drag_from, self->drag_to) + 15;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  propose (self, self->drag_day, from, to);
}

/* The wheel turns weeks (months); a sideways scroll moves a day. */
static gboolean
scroll_cb (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           BansouScheduleView       *self)
{
  if (dy != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "schedule.page", "i", dy > 0 ? 1 : -1);
  else if (dx != 0)
    _bansou_schedule_view_move_focus (self, self->focus_day + (dx > 0 ? 1 : -1), self->focus_slot);
  return TRUE;
}

/* ---- tooltips ---------------------------------------------------------- */

gboolean
_bansou_schedule_view_query_tooltip (GtkWidget  *widget,
                                     int         x,
                                     int         y,
                                     gboolean    keyboard_tooltip,
                                     GtkTooltip *tooltip)
{
  BansouScheduleView *self = BANSOU_SCHEDULE_VIEW (widget);
  g_autofree char *markup = NULL;
  const Entry *e = NULL;
  guint32 day;
  int minute;
  Geometry g;

  _bansou_schedule_view_geometry (self, &g);
  if (keyboard_tooltip)
    {
      const Entry *found[1];

      if (focus_entries (self, found, 1) > 0)
        e = found[0];
      day = self->focus_day;
    }
  else
    e = _bansou_schedule_view_hit_entry (self, x, y);

  if (e != NULL)
    {
      graphene_rect_t r;

      markup = _bansou_schedule_view_describe_entry (self, e, TRUE);
      if (!keyboard_tooltip && _bansou_schedule_view_entry_rect (self, &g, e, &r))
        gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { r.origin.x, r.origin.y, r.size.width, r.size.height });
      gtk_tooltip_set_markup (tooltip, markup);
      return TRUE;
    }

  if (!keyboard_tooltip)
    {
      if (y < g.header_h && self->mode == BANSOU_SCHEDULE_WEEK && x >= g.gutter_w)
        day = _bansou_schedule_view_first_day (self) + MIN ((guint) ((x - g.gutter_w) / g.column_w), 6);
      else if (!_bansou_schedule_view_hit_slot (self, x, y, &day, &minute))
        return FALSE;
    }

  {
    GString *s = g_string_new (NULL);
    g_autofree char *text = NULL;
    guint start, n;
    GDate d;

    g_date_clear (&d, 1);
    g_date_set_julian (&d, day);
    text = bansou_schedule_view_describe_day (self, &d);
    {
      g_autofree char *escaped = g_markup_printf_escaped ("<b>%s</b>", text);

      g_string_append (s, escaped);
    }
    /* The month's cell lists its events and their conflicts. */
    n = _bansou_schedule_view_day_range (self, day, day, &start);
    if (self->mode == BANSOU_SCHEDULE_MONTH)
      for (guint i = start; i < start + n && i < start + 12; i++)
        {
          g_autofree char *one = _bansou_schedule_view_describe_entry (self, &g_array_index (self->entries, Entry, i), TRUE);

          g_string_append_printf (s, "\n%s", one);
        }
    gtk_tooltip_set_markup (tooltip, s->str);
    g_string_free (s, TRUE);
  }
  return TRUE;
}

/* ---- set-up ------------------------------------------------------------ */

static void
focus_changed_cb (BansouScheduleView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_bansou_schedule_view_init_input (BansouScheduleView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES |
                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (focus_changed_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (focus_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

void
_bansou_schedule_view_class_init_input (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "schedule.move", "(ii)", move_action);
  gtk_widget_class_install_action (widget_class, "schedule.page", "i", page_action);
  gtk_widget_class_install_action (widget_class, "schedule.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "schedule.select", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "schedule.activate", NULL, activate_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "schedule.move", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "schedule.move", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "schedule.move", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "schedule.move", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, 0, "schedule.move", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, 0, "schedule.move", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, 0, "schedule.move", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, 0, "schedule.move", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "schedule.page", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "schedule.page", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "schedule.today", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "schedule.select", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "schedule.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "schedule.activate", NULL);
}
