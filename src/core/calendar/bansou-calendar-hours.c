/* bansou-calendar-hours.c — office time between instants, for SLAs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The consultation desk counts its answer times in office hours: only the
 * time between opening and closing (8:30–17:15 unless set otherwise) on
 * business days counts, in Japan time whatever zone the instants are in.
 */
#define G_LOG_DOMAIN "bansou-calendar"

#include "config.h"

#include "bansou-calendar-private.h"

/* Japan keeps no daylight saving time: a fixed offset is exact. Made
 * once: g_time_zone_new_offset() formats and parses an identifier each
 * time, a third of an SLA's cost. */
GTimeZone *
bansou_calendar_get_time_zone (void)
{
  static GTimeZone *jst;
  static gsize made;

  if (g_once_init_enter (&made))
    {
      jst = g_time_zone_new_offset (9 * 3600);
      g_once_init_leave (&made, 1);
    }
  return jst;
}

/* Sets @date to the day of @dt: one g_date_time_get_ymd(), not three. */
static void
set_date (GDate     *date,
          GDateTime *dt)
{
  int y, m, d;

  g_date_time_get_ymd (dt, &y, &m, &d);
  g_date_set_dmy (date, d, m, y);
}

static int
time_of_day (GDateTime *dt)
{
  return g_date_time_get_hour (dt) * 3600 + g_date_time_get_minute (dt) * 60 + g_date_time_get_second (dt);
}

/**
 * bansou_calendar_business_seconds:
 *
 * The office time between two instants, for SLAs: the seconds within
 * office hours (Japan time, whatever the zones of @from and @to) on
 * business days. Negative when @to is before @from.
 *
 * Returns: seconds
 */
gint64
bansou_calendar_business_seconds (BansouCalendar *self,
                                  GDateTime      *from,
                                  GDateTime      *to)
{
  GTimeZone *jst;
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;
  GDate da, db;
  gint64 open, close, day_len, total;
  gint64 ta, tb;

  g_return_val_if_fail (BANSOU_IS_CALENDAR (self), 0);
  g_return_val_if_fail (from != NULL && to != NULL, 0);

  if (g_date_time_compare (from, to) > 0)
    return -bansou_calendar_business_seconds (self, to, from);

  jst = bansou_calendar_get_time_zone ();
  a = g_date_time_to_timezone (from, jst);
  b = g_date_time_to_timezone (to, jst);
  open = self->opens * 60;
  close = self->closes * 60;
  day_len = close - open;

  g_date_clear (&da, 1);
  g_date_clear (&db, 1);
  set_date (&da, a);
  set_date (&db, b);
  ta = CLAMP (time_of_day (a), open, close);
  tb = CLAMP (time_of_day (b), open, close);

  if (g_date_compare (&da, &db) == 0)
    return bansou_calendar_is_business_day (self, &da, NULL) ? tb - ta : 0;

  total = 0;
  if (bansou_calendar_is_business_day (self, &da, NULL))
    total += close - ta;
  if (bansou_calendar_is_business_day (self, &db, NULL))
    total += tb - open;
  /* The whole days in between: business days in (da, db) */
  total += (bansou_calendar_business_days_between (self, &da, &db) -
            (bansou_calendar_is_business_day (self, &db, NULL) ? 1 : 0)) * day_len;

  return total;
}

static GDateTime *
at_time (GTimeZone   *jst,
         const GDate *date,
         gint64       seconds)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (jst, g_date_get_year (date), g_date_get_month (date),
                                                   g_date_get_day (date), 0, 0, 0);

  return g_date_time_add_seconds (midnight, seconds);
}

/**
 * bansou_calendar_add_business_seconds:
 * @seconds: office time to add, 0 or more
 *
 * When an SLA of @seconds office time that starts at @from runs out: the
 * inverse of bansou_calendar_business_seconds(). Time outside office hours
 * and on closed days does not count; a deadline that falls exactly at
 * closing time stays on that day.
 *
 * Returns: (transfer full) (nullable): the instant, in Japan time; %NULL
 *   beyond the years a #GDate holds
 */
GDateTime *
bansou_calendar_add_business_seconds (BansouCalendar *self,
                                      GDateTime      *from,
                                      gint64          seconds)
{
  GTimeZone *jst;
  g_autoptr(GDateTime) a = NULL;
  GDate date;
  gint64 open, close, day_len, t, full;

  g_return_val_if_fail (BANSOU_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (from != NULL, NULL);
  g_return_val_if_fail (seconds >= 0, NULL);

  jst = bansou_calendar_get_time_zone ();
  a = g_date_time_to_timezone (from, jst);
  if (seconds == 0)
    return g_steal_pointer (&a);

  open = self->opens * 60;
  close = self->closes * 60;
  day_len = close - open;
  t = CLAMP (time_of_day (a), open, close);
  g_date_clear (&date, 1);
  set_date (&date, a);

  if (bansou_calendar_is_business_day (self, &date, NULL))
    {
      if (seconds <= close - t)
        return at_time (jst, &date, t + seconds);
      seconds -= close - t;
    }

  /* Whole office days, then the rest of a day: 1 … day_len seconds */
  full = (seconds - 1) / day_len;
  seconds -= full * day_len;
  if (full > G_MAXINT - 1 ||
      !bansou_calendar_add_business_days (self, &date, (int) full + 1))
    return NULL;

  return at_time (jst, &date, open + seconds);
}
