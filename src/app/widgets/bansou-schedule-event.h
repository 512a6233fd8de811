/* bansou-schedule-event.h — one event a BansouScheduleView shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BANSOU_TYPE_SCHEDULE_EVENT (bansou_schedule_event_get_type ())

G_DECLARE_FINAL_TYPE (BansouScheduleEvent, bansou_schedule_event, BANSOU, SCHEDULE_EVENT, GObject)

BansouScheduleEvent *bansou_schedule_event_new              (const char          *id,
                                                             GDateTime           *start,
                                                             GDateTime           *end,
                                                             const char          *title,
                                                             const char          *subtitle);
const char          *bansou_schedule_event_get_id           (BansouScheduleEvent *self);
GDateTime           *bansou_schedule_event_get_start        (BansouScheduleEvent *self);
GDateTime           *bansou_schedule_event_get_end          (BansouScheduleEvent *self);
const char          *bansou_schedule_event_get_title        (BansouScheduleEvent *self);
const char          *bansou_schedule_event_get_subtitle     (BansouScheduleEvent *self);
const char          *bansou_schedule_event_get_color_class  (BansouScheduleEvent *self);
void                 bansou_schedule_event_set_color_class  (BansouScheduleEvent *self,
                                                             const char          *color_class);
gboolean             bansou_schedule_event_get_conflict     (BansouScheduleEvent *self);
const char          *bansou_schedule_event_get_conflicts    (BansouScheduleEvent *self);
void                 bansou_schedule_event_set_conflicts    (BansouScheduleEvent *self,
                                                             const char          *conflicts);

G_END_DECLS
