/* bench-calendar.c — figures for the government calendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Prints figures, asserts nothing about time:
 *   meson test -C build --benchmark calendar
 */
#include "config.h"

#include <stdio.h>

#include "bansou-test-utils.h"

#define N_CALLS 1000000

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BansouCalendar) cal = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GTimeZone) jst = g_time_zone_new_offset (9 * 3600);
  guint32 *julians = g_new (guint32, N_CALLS);
  int *ns = g_new (int, N_CALLS);
  gint64 start, sink = 0;
  GDate date;

  bansou_test_init (&argc, &argv);

  start = g_get_monotonic_time ();
  cal = bansou_calendar_new ();
  printf ("first calendar (parse data/holidays.tsv, build the table): %.2f ms\n", ms_since (start));
  start = g_get_monotonic_time ();
  g_clear_object (&cal);
  cal = bansou_calendar_new ();
  printf ("another calendar (copy the table): %.3f ms\n", ms_since (start));

  /* Dates of 2000–2040, as scheduling and SLAs ask */
  for (guint i = 0; i < N_CALLS; i++)
    {
      julians[i] = g_rand_int_range (rand, 730120, 745000);
      ns[i] = g_rand_int_range (rand, -20, 21);
    }
  g_date_clear (&date, 1);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_CALLS; i++)
    {
      g_date_set_julian (&date, julians[i]);
      sink += bansou_calendar_is_business_day (cal, &date, NULL);
    }
  printf ("%d is_business_day: %.1f ms\n", N_CALLS, ms_since (start));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_CALLS; i++)
    {
      g_date_set_julian (&date, julians[i]);
      bansou_calendar_add_business_days (cal, &date, ns[i]);
      sink += g_date_get_julian (&date);
    }
  printf ("%d add_business_days (N in -20…20): %.1f ms\n", N_CALLS, ms_since (start));

  start = g_get_monotonic_time ();
  for (guint i = 0; i + 1 < N_CALLS; i++)
    {
      GDate other;

      g_date_clear (&other, 1);
      g_date_set_julian (&date, julians[i]);
      g_date_set_julian (&other, julians[i + 1]);
      sink += bansou_calendar_business_days_between (cal, &date, &other);
    }
  printf ("%d business_days_between (spans up to 40 years): %.1f ms\n", N_CALLS - 1, ms_since (start));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_CALLS / 10; i++)
    {
      g_autoptr(GDateTime) a = g_date_time_new (jst, 2026, 1 + i % 12, 1 + i % 28, i % 24, 0, 0);
      g_autoptr(GDateTime) b = g_date_time_add_hours (a, 1 + i % 500);

      sink += bansou_calendar_business_seconds (cal, a, b);
    }
  printf ("%d business_seconds (with the GDateTimes made): %.1f ms\n", N_CALLS / 10, ms_since (start));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_CALLS / 10; i++)
    {
      g_autoptr(GDateTime) a = g_date_time_new (jst, 2026, 1 + i % 12, 1 + i % 28, i % 24, 0, 0);
      g_autoptr(GDateTime) due = bansou_calendar_add_business_seconds (cal, a, 60 * (i % 5000));

      sink += g_date_time_get_day_of_month (due);
    }
  printf ("%d add_business_seconds (SLA due times up to 80 office hours): %.1f ms\n", N_CALLS / 10, ms_since (start));

  /* Outside the holiday data the answers step day by day */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_CALLS; i++)
    {
      g_date_set_julian (&date, 750000 + julians[i] % 3000);   /* 2054–2062 */
      bansou_calendar_add_business_days (cal, &date, ns[i]);
      sink += g_date_get_julian (&date);
    }
  printf ("%d add_business_days after 2050 (stepping): %.1f ms\n", N_CALLS, ms_since (start));

  printf ("(checksum %" G_GINT64_FORMAT ")\n", sink);
  g_free (julians);
  g_free (ns);
  return 0;
}
