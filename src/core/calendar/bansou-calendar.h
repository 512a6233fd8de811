/* bansou-calendar.h — the business days of Japanese government offices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

#include "bansou-types.h"

G_BEGIN_DECLS

#define BANSOU_CALENDAR_ERROR (bansou_calendar_error_quark ())

typedef enum
{
  BANSOU_CALENDAR_ERROR_INVALID_DATE,   /* not a YYYY-MM-DD date */
  BANSOU_CALENDAR_ERROR_INVALID_NAME,   /* empty, too long or with control characters */
  BANSOU_CALENDAR_ERROR_ALREADY_CLOSED, /* a weekend, holiday or 年末年始 already */
  BANSOU_CALENDAR_ERROR_EXISTS,         /* the prefecture has a closed day on that date */
  BANSOU_CALENDAR_ERROR_NOT_FOUND,
  BANSOU_CALENDAR_ERROR_NO_PREFECTURE,  /* the workbench serves no prefecture */
  BANSOU_CALENDAR_ERROR_OUT_OF_RANGE,   /* beyond the years GDate can hold */
} BansouCalendarError;

/* Why a day is, or is not, a business day. When several apply, the first
 * of: a national holiday, 年末年始, the prefecture's day, the weekend. */
typedef enum
{
  BANSOU_DAY_BUSINESS = 0,
  BANSOU_DAY_SATURDAY,
  BANSOU_DAY_SUNDAY,
  BANSOU_DAY_YEAR_END,    /* 12/29–1/3, 行政機関の休日に関する法律 1条 */
  BANSOU_DAY_HOLIDAY,     /* 国民の祝日, and days treated as one (即位の日 …) */
  BANSOU_DAY_SUBSTITUTE,  /* 振替休日 */
  BANSOU_DAY_CITIZENS,    /* 国民の休日 (祝日法 3条3項) */
  BANSOU_DAY_CLOSED,      /* the prefecture's own closed day (県民の日 …) */
  BANSOU_N_DAY_KINDS
} BansouDayKind;

/* A day the prefecture closes on top of the national calendar. */
typedef struct
{
  GDate  date;
  char  *name;
} BansouClosedDay;

void bansou_closed_day_free (BansouClosedDay *day);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouClosedDay, bansou_closed_day_free)

#define BANSOU_TYPE_CALENDAR (bansou_calendar_get_type ())

G_DECLARE_FINAL_TYPE (BansouCalendar, bansou_calendar, BANSOU, CALENDAR, GObject)

GQuark          bansou_calendar_error_quark          (void);

BansouCalendar *bansou_calendar_new                  (void);
BansouCalendar *bansou_calendar_new_for_store        (BansouStore     *store,
                                                      GError         **error);
const char     *bansou_calendar_get_prefecture       (BansouCalendar  *self);
void            bansou_calendar_get_data_years       (int             *first,
                                                      int             *last);

BansouDayKind   bansou_calendar_get_day_kind         (BansouCalendar  *self,
                                                      const GDate     *date);
gboolean        bansou_calendar_is_business_day      (BansouCalendar  *self,
                                                      const GDate     *date,
                                                      const char     **reason);
const char     *bansou_calendar_get_holiday_name     (BansouCalendar  *self,
                                                      const GDate     *date);
const char     *bansou_day_kind_to_string            (BansouDayKind    kind);

gboolean        bansou_calendar_next_business_day    (BansouCalendar  *self,
                                                      GDate           *date);
gboolean        bansou_calendar_previous_business_day (BansouCalendar *self,
                                                      GDate           *date);
gboolean        bansou_calendar_add_business_days    (BansouCalendar  *self,
                                                      GDate           *date,
                                                      int              n);
int             bansou_calendar_business_days_between (BansouCalendar *self,
                                                      const GDate     *from,
                                                      const GDate     *to);

/* Japan's time (UTC+9, no daylight saving), in which the government
 * calendar and its office hours run, and in which its times are shown
 * whatever the machine's zone. Made once, never freed. (transfer none) */
GTimeZone      *bansou_calendar_get_time_zone        (void);

void            bansou_calendar_set_office_hours     (BansouCalendar  *self,
                                                      guint            opens,
                                                      guint            closes);
void            bansou_calendar_get_office_hours     (BansouCalendar  *self,
                                                      guint           *opens,
                                                      guint           *closes);
gint64          bansou_calendar_business_seconds     (BansouCalendar  *self,
                                                      GDateTime       *from,
                                                      GDateTime       *to);
GDateTime      *bansou_calendar_add_business_seconds (BansouCalendar  *self,
                                                      GDateTime       *from,
                                                      gint64           seconds);
gboolean        bansou_calendar_reload               (BansouCalendar  *self,
                                                      GError         **error);

gboolean        bansou_calendar_add_closed_day       (BansouCalendar  *self,
                                                      const GDate     *date,
                                                      const char      *name,
                                                      GError         **error);
gboolean        bansou_calendar_remove_closed_day    (BansouCalendar  *self,
                                                      const GDate     *date,
                                                      GError         **error);
GPtrArray      *bansou_calendar_list_closed_days     (BansouCalendar  *self);

G_END_DECLS
