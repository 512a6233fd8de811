/* bansou-schedule-view.h — a week and a month of events on the government calendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gtk/gtk.h>

#include "bansou-core.h"
#include "bansou-schedule-event.h"

G_BEGIN_DECLS

typedef enum
{
  BANSOU_SCHEDULE_WEEK,
  BANSOU_SCHEDULE_MONTH,
} BansouScheduleMode;

/* The week view shows 8:00–18:00 in half-hour slots. */
#define BANSOU_SCHEDULE_FIRST_MINUTE (8 * 60)
#define BANSOU_SCHEDULE_LAST_MINUTE  (18 * 60)
#define BANSOU_SCHEDULE_SLOT_MINUTES 30
#define BANSOU_SCHEDULE_N_SLOTS      ((BANSOU_SCHEDULE_LAST_MINUTE - BANSOU_SCHEDULE_FIRST_MINUTE) / BANSOU_SCHEDULE_SLOT_MINUTES)

#define BANSOU_TYPE_SCHEDULE_VIEW (bansou_schedule_view_get_type ())

G_DECLARE_FINAL_TYPE (BansouScheduleView, bansou_schedule_view, BANSOU, SCHEDULE_VIEW, GtkWidget)

GtkWidget           *bansou_schedule_view_new            (void);
BansouCalendar      *bansou_schedule_view_get_calendar   (BansouScheduleView  *self);
void                 bansou_schedule_view_set_calendar   (BansouScheduleView  *self,
                                                          BansouCalendar      *calendar);
GListModel          *bansou_schedule_view_get_model      (BansouScheduleView  *self);
void                 bansou_schedule_view_set_model      (BansouScheduleView  *self,
                                                          GListModel          *model);
BansouScheduleMode   bansou_schedule_view_get_mode       (BansouScheduleView  *self);
void                 bansou_schedule_view_set_mode       (BansouScheduleView  *self,
                                                          BansouScheduleMode   mode);
void                 bansou_schedule_view_get_date       (BansouScheduleView  *self,
                                                          GDate               *date);
void                 bansou_schedule_view_set_date       (BansouScheduleView  *self,
                                                          const GDate         *date);
guint                bansou_schedule_view_get_focus_slot (BansouScheduleView  *self);
void                 bansou_schedule_view_set_focus_slot (BansouScheduleView  *self,
                                                          guint                slot);
BansouScheduleEvent *bansou_schedule_view_get_selected   (BansouScheduleView  *self);
void                 bansou_schedule_view_set_selected   (BansouScheduleView  *self,
                                                          BansouScheduleEvent *event);
void                 bansou_schedule_view_get_range      (BansouScheduleView  *self,
                                                          GDate               *first,
                                                          GDate               *last);
gboolean             bansou_schedule_view_get_event_area (BansouScheduleView  *self,
                                                          BansouScheduleEvent *event,
                                                          graphene_rect_t     *area);
char                *bansou_schedule_view_describe_day   (BansouScheduleView  *self,
                                                          const GDate         *date);
char                *bansou_schedule_view_describe_focus (BansouScheduleView  *self);

G_END_DECLS
