/* test-calendar.c — the government calendar against @holiday-jp/holiday_jp
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The reference is the package's own lib/holidays.js, kept unchanged in
 * tests/data/ and read here line by line: the converter in build-aux/ is
 * checked by these tests, never trusted by them.
 */
#include "config.h"

#include <string.h>

#include "bansou-test-utils.h"

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })

static GHashTable *reference;  /* "YYYY-MM-DD" → the package's name */

/* The package's entries look like
 *     "2019-05-06": {
 *         date: "2019-05-06",
 *         …
 *         name: "こどもの日 振替休日",
 * : take each date: and the name: that follows it. */
static GHashTable *
load_reference (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "holiday_jp-holidays.js", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  char *date = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "date: \""))
        {
          g_assert_null (date);
          date = g_strndup (line + strlen ("date: \""), 10);
        }
      else if (g_str_has_prefix (line, "name: \""))
        {
          const char *start = line + strlen ("name: \"");
          const char *end = strchr (start, '"');

          g_assert_nonnull (date);
          g_assert_nonnull (end);
          g_hash_table_insert (table, date, g_strndup (start, end - start));
          date = NULL;
        }
    }
  g_assert_null (date);
  return table;
}

static GDate *
day (const char *iso)
{
  GDate *date = bansou_date_parse_iso (iso);

  g_assert_nonnull (date);
  return date;
}

static char *
iso_after (BansouCalendar *cal,
           const char     *from,
           int             n)
{
  g_autoptr(GDate) date = day (from);

  g_assert_true (bansou_calendar_add_business_days (cal, date, n));
  return bansou_date_to_iso (date);
}

static gboolean
is_year_end (const GDate *date)
{
  return (g_date_get_month (date) == 12 && g_date_get_day (date) >= 29) ||
         (g_date_get_month (date) == 1 && g_date_get_day (date) <= 3);
}

/* ------------------------------------------------------------------------ */

static void
test_calendar_package_vectors (void)
{
  g_autoptr(BansouCalendar) cal = bansou_calendar_new ();
  g_autoptr(GDate) date = day ("1970-01-01");
  int first, last;
  guint seen = 0;

  bansou_calendar_get_data_years (&first, &last);
  g_assert_cmpint (first, ==, 1970);
  g_assert_cmpint (last, ==, 2050);
  g_assert_cmpuint (g_hash_table_size (reference), >, 1000);

  for (int year = 1970; year <= 2050; year++)
    {
      guint in_package = 0, in_calendar = 0;

      for (; g_date_get_year (date) == year; g_date_add_days (date, 1))
        {
          g_autofree char *iso = bansou_date_to_iso (date);
          const char *expected = g_hash_table_lookup (reference, iso);
          const char *name = bansou_calendar_get_holiday_name (cal, date);
          const char *reason = NULL;
          GDateWeekday wd = g_date_get_weekday (date);
          gboolean weekend = wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY;
          gboolean open = bansou_calendar_is_business_day (cal, date, &reason);
          BansouDayKind kind = bansou_calendar_get_day_kind (cal, date);

          in_package += expected != NULL;
          in_calendar += name != NULL;
          g_assert_cmpstr (name, ==, expected);
          if (open != !(expected || weekend || is_year_end (date)))
            g_error ("%s: business day %d, expected %d", iso, open, !open);
          g_assert_cmpint (open, ==, kind == BANSOU_DAY_BUSINESS);
          g_assert_true (open == (reason == NULL));

          if (expected)
            {
              if (g_str_equal (expected, "休日"))
                {
                  g_assert_cmpint (kind, ==, BANSOU_DAY_CITIZENS);
                  g_assert_cmpstr (reason, ==, "国民の休日");
                }
              else
                {
                  g_assert_cmpint (kind, ==, g_str_has_suffix (expected, " 振替休日")
                                   ? BANSOU_DAY_SUBSTITUTE : BANSOU_DAY_HOLIDAY);
                  g_assert_cmpstr (reason, ==, expected);
                }
            }
          else if (is_year_end (date))
            {
              g_assert_cmpint (kind, ==, BANSOU_DAY_YEAR_END);
              g_assert_cmpstr (reason, ==, "年末年始");
            }
          else if (weekend)
            g_assert_cmpstr (reason, ==, wd == G_DATE_SATURDAY ? "土曜" : "日曜");
        }

      /* Every year of the package has its holidays, all of them here. */
      g_assert_cmpuint (in_package, >=, 12);
      g_assert_cmpuint (in_calendar, ==, in_package);
      seen += in_package;
    }
  g_assert_cmpuint (seen, ==, g_hash_table_size (reference));
}

static void
test_calendar_named_days (void)
{
  g_autoptr(BansouCalendar) cal = bansou_calendar_new ();
  static const struct {
    const char    *iso;
    BansouDayKind  kind;
    const char    *reason;
  } cases[] = {
    { "2019-05-06", BANSOU_DAY_SUBSTITUTE, "こどもの日 振替休日" },
    { "2024-02-12", BANSOU_DAY_SUBSTITUTE, "建国記念の日 振替休日" },
    { "2023-01-02", BANSOU_DAY_SUBSTITUTE, "元日 振替休日" },     /* wins over 年末年始 */
    { "2019-04-30", BANSOU_DAY_CITIZENS, "国民の休日" },
    { "2019-05-02", BANSOU_DAY_CITIZENS, "国民の休日" },
    { "2026-09-22", BANSOU_DAY_CITIZENS, "国民の休日" },
    { "2019-05-01", BANSOU_DAY_HOLIDAY, "休日（祝日扱い）" },
    { "2025-01-01", BANSOU_DAY_HOLIDAY, "元日" },
    { "2020-05-03", BANSOU_DAY_HOLIDAY, "憲法記念日" },             /* a Sunday */
    { "2024-12-28", BANSOU_DAY_SATURDAY, "土曜" },
    { "2024-12-29", BANSOU_DAY_YEAR_END, "年末年始" },              /* a Sunday */
    { "2024-12-30", BANSOU_DAY_YEAR_END, "年末年始" },
    { "2025-01-03", BANSOU_DAY_YEAR_END, "年末年始" },
    { "2024-12-27", BANSOU_DAY_BUSINESS, NULL },
    { "2025-01-06", BANSOU_DAY_BUSINESS, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDate) date = day (cases[i].iso);
      const char *reason = NULL;

      g_test_message ("%s", cases[i].iso);
      g_assert_cmpint (bansou_calendar_get_day_kind (cal, date), ==, cases[i].kind);
      bansou_calendar_is_business_day (cal, date, &reason);
      g_assert_cmpstr (reason, ==, cases[i].reason);
    }

  /* 12/29–1/3 close every year, inside the package's years and outside */
  for (int year = 1960; year <= 2070; year++)
    {
      g_autoptr(GDate) date = g_date_new_dmy (29, 12, year);

      for (int i = 0; i < 6; i++, g_date_add_days (date, 1))
        g_assert_false (bansou_calendar_is_business_day (cal, date, NULL));
      if (g_date_get_weekday (date) < G_DATE_SATURDAY &&
          bansou_calendar_get_holiday_name (cal, date) == NULL)
        g_assert_true (bansou_calendar_is_business_day (cal, date, NULL));  /* 1/4 */
    }
}

/* The slow, obvious answer the fast paths must agree with. */
static gboolean
step_naive (BansouCalendar *cal,
            GDate          *date,
            int             n)
{
  for (int left = ABS (n); left > 0;)
    {
      if (n > 0)
        g_date_add_days (date, 1);
      else
        g_date_subtract_days (date, 1);
      if (bansou_calendar_is_business_day (cal, date, NULL))
        left--;
    }
  return TRUE;
}

static void
test_calendar_arithmetic (void)
{
  g_autoptr(BansouCalendar) cal = bansou_calendar_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL, *g = NULL;
  g_autoptr(GDate) from = day ("2019-03-31");
  g_autoptr(GDate) to = day ("2019-04-30");

  /* Across the year end: 12/28 Sat … 1/5 Sun */
  g_assert_cmpstr ((a = iso_after (cal, "2024-12-27", 1)), ==, "2025-01-06");
  g_assert_cmpstr ((b = iso_after (cal, "2025-01-06", -1)), ==, "2024-12-27");
  /* Golden Week 2019: ten days closed, 4/27–5/6 */
  g_assert_cmpstr ((c = iso_after (cal, "2019-04-26", 1)), ==, "2019-05-07");
  g_assert_cmpstr ((d = iso_after (cal, "2019-05-07", -1)), ==, "2019-04-26");
  g_assert_cmpstr ((e = iso_after (cal, "2019-05-03", 0)), ==, "2019-05-03");
  /* From a closed day: the first business day after or before it */
  g_assert_cmpstr ((f = iso_after (cal, "2019-05-03", 1)), ==, "2019-05-07");
  g_assert_cmpstr ((g = iso_after (cal, "2019-05-03", -1)), ==, "2019-04-26");
  /* April 2019: 22 weekdays, less 4/29 and 4/30 */
  g_assert_cmpint (bansou_calendar_business_days_between (cal, from, to), ==, 20);
  g_assert_cmpint (bansou_calendar_business_days_between (cal, to, from), ==, -20);
  g_assert_cmpint (bansou_calendar_business_days_between (cal, to, to), ==, 0);

  /* Random dates, also across 1970 and 2050, against stepping day by day */
  for (guint i = 0; i < 4000; i++)
    {
      g_autoptr(GDate) start = g_date_new_julian (g_rand_int_range (rand, 718000, 752000));  /* 1966–2060 */
      g_autoptr(GDate) fast = g_date_copy (start);
      g_autoptr(GDate) slow = g_date_copy (start);
      int n = g_rand_int_range (rand, -400, 401);

      g_assert_true (bansou_calendar_add_business_days (cal, fast, n));
      step_naive (cal, slow, n);
      if (g_date_compare (fast, slow) != 0)
        g_error ("%u + %d: %u, expected %u", g_date_get_julian (start), n,
                 g_date_get_julian (fast), g_date_get_julian (slow));

      if (n > 0 || bansou_calendar_is_business_day (cal, start, NULL))
        g_assert_cmpint (bansou_calendar_business_days_between (cal, start, fast), ==, n);
      if (bansou_calendar_is_business_day (cal, start, NULL) && n != 0)
        {
          g_assert_true (bansou_calendar_add_business_days (cal, fast, -n));
          g_assert_cmpint (g_date_compare (fast, start), ==, 0);
        }
    }

  /* next / previous */
  {
    g_autoptr(GDate) x = day ("2050-12-28");
    g_autoptr(GDate) after = day ("2051-01-04");

    g_assert_true (bansou_calendar_next_business_day (cal, x));
    g_assert_cmpint (g_date_get_julian (x), ==, g_date_get_julian (after));
    g_assert_true (bansou_calendar_previous_business_day (cal, x));
    g_assert_cmpint (g_date_get_year (x), ==, 2050);
    g_assert_cmpint (g_date_get_day (x), ==, 28);
  }
}

static void
test_calendar_outside_years (void)
{
  g_autoptr(BansouCalendar) cal = bansou_calendar_new ();
  g_autoptr(GDate) monday = day ("2051-05-01");        /* no holiday data */
  g_autoptr(GDate) year_end = day ("1969-12-30");
  g_autoptr(GDate) sunday = day ("2051-01-01");
  const char *reason = NULL;

  g_assert_true (bansou_calendar_is_business_day (cal, monday, NULL));
  g_assert_null (bansou_calendar_get_holiday_name (cal, monday));
  g_assert_false (bansou_calendar_is_business_day (cal, year_end, &reason));
  g_assert_cmpstr (reason, ==, "年末年始");
  g_assert_cmpint (bansou_calendar_get_day_kind (cal, sunday), ==, BANSOU_DAY_YEAR_END);
  /* Whole years either side: weekdays less the year-end ones */
  {
    g_autoptr(GDate) a = day ("2051-12-31");
    g_autoptr(GDate) b = day ("2052-12-31");

    /* 2052: 366 days, 52 weeks and Mon, Tue; 12/29–31 Sun–Tue, 1/1–3 Mon–Wed */
    g_assert_cmpint (bansou_calendar_business_days_between (cal, a, b), ==, 262 - 2 - 3);
  }
}

static void
test_calendar_prefecture_days (void)
{
  g_autofree char *path = NULL;
  g_autoptr(BansouStore) store = bansou_test_open_store (&path);
  g_autoptr(BansouCalendar) cal = NULL;
  g_autoptr(BansouCalendar) again = NULL;
  g_autoptr(BansouCalendar) other = NULL;
  g_autoptr(BansouCalendar) national = bansou_calendar_new ();
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDate) chiba = day ("2026-06-15");         /* 千葉県民の日, a Monday */
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  const char *reason = NULL;

  g_assert_true (bansou_store_set_setting (store, "prefecture", "12", &error));
  cal = bansou_calendar_new_for_store (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bansou_calendar_get_prefecture (cal), ==, "12");
  g_assert_true (bansou_calendar_is_business_day (cal, chiba, NULL));

  g_assert_true (bansou_calendar_add_closed_day (cal, chiba, "  県民の日 ", &error));
  g_assert_no_error (error);
  g_assert_false (bansou_calendar_is_business_day (cal, chiba, &reason));
  g_assert_cmpstr (reason, ==, "県民の日");
  g_assert_cmpint (bansou_calendar_get_day_kind (cal, chiba), ==, BANSOU_DAY_CLOSED);
  g_assert_cmpstr ((after = iso_after (cal, "2026-06-12", 1)), ==, "2026-06-16");
  g_assert_true (bansou_calendar_is_business_day (national, chiba, NULL));

  /* Kept in the store, for this prefecture only */
  again = bansou_calendar_new_for_store (store, &error);
  g_assert_no_error (error);
  g_assert_false (bansou_calendar_is_business_day (again, chiba, NULL));
  list = bansou_calendar_list_closed_days (again);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((BansouClosedDay *) list->pdata[0])->name, ==, "県民の日");
  audit = bansou_store_list_audit (store, "closed-day", "12/2026-06-15", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((BansouAuditEntry *) audit->pdata[0])->new_value, ==, "県民の日");
  g_assert_cmpstr (((BansouAuditEntry *) audit->pdata[0])->actor, ==, "テスト担当");
  g_clear_pointer (&audit, g_ptr_array_unref);

  g_assert_true (bansou_store_set_setting (store, "prefecture", "13", &error));
  other = bansou_calendar_new_for_store (store, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_calendar_is_business_day (other, chiba, NULL));

  /* A day outside the package's years counts too */
  {
    g_autoptr(GDate) far = day ("2060-06-15");   /* a Tuesday */
    g_autoptr(GDate) mon = day ("2060-06-14");

    g_assert_true (bansou_calendar_add_closed_day (cal, far, "県民の日", &error));
    g_assert_no_error (error);
    g_assert_false (bansou_calendar_is_business_day (cal, far, NULL));
    g_assert_true (bansou_calendar_add_business_days (cal, mon, 1));
    g_assert_cmpint (g_date_get_day (mon), ==, 16);
    g_assert_true (bansou_calendar_remove_closed_day (cal, far, &error));
  }

  g_assert_true (bansou_calendar_remove_closed_day (cal, chiba, &error));
  g_assert_no_error (error);
  g_assert_true (bansou_calendar_is_business_day (cal, chiba, NULL));
  audit = bansou_store_list_audit (store, "closed-day", "12/2026-06-15", &error);
  g_assert_cmpuint (audit->len, ==, 2);
  g_assert_null (((BansouAuditEntry *) audit->pdata[1])->new_value);
  g_clear_pointer (&audit, g_ptr_array_unref);
}

static void
test_calendar_prefecture_errors (void)
{
  g_autoptr(BansouStore) store = bansou_test_open_store (NULL);
  g_autoptr(BansouCalendar) cal = NULL;
  g_autoptr(BansouCalendar) national = bansou_calendar_new ();
  g_autoptr(BansouCalendar) ministry = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GDate) weekday = day ("2026-06-15");
  g_autoptr(GError) error = NULL;
  static const struct {
    const char *iso;
    const char *name;
    int         code;
  } bad[] = {
    { "2026-06-13", "県民の日", BANSOU_CALENDAR_ERROR_ALREADY_CLOSED },    /* Saturday */
    { "2026-09-22", "県民の日", BANSOU_CALENDAR_ERROR_ALREADY_CLOSED },    /* 国民の休日 */
    { "2026-12-29", "県民の日", BANSOU_CALENDAR_ERROR_ALREADY_CLOSED },
    { "2026-06-15", "   ", BANSOU_CALENDAR_ERROR_INVALID_NAME },
    { "2026-06-15", "県民\nの日", BANSOU_CALENDAR_ERROR_INVALID_NAME },
    { "2026-06-15", "県民の日県民の日県民の日県民の日県民の日県民の日県民の日県民の日県民の日県民の日X",
      BANSOU_CALENDAR_ERROR_INVALID_NAME },
    { "2026-06-15", "県民の日（二回目）", BANSOU_CALENDAR_ERROR_EXISTS },
  };

  g_assert_true (bansou_store_set_setting (store, "prefecture", "12", &error));
  cal = bansou_calendar_new_for_store (store, &error);
  g_assert_true (bansou_calendar_add_closed_day (cal, weekday, "県民の日", &error));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GDate) date = day (bad[i].iso);

      g_clear_error (&error);
      g_assert_false (bansou_calendar_add_closed_day (cal, date, bad[i].name, &error));
      g_test_message ("%s", error->message);
      g_assert_error (error, BANSOU_CALENDAR_ERROR, bad[i].code);
    }
  g_clear_error (&error);
  {
    g_autoptr(GDate) none = day ("2026-06-16");

    g_assert_false (bansou_calendar_remove_closed_day (cal, none, &error));
    g_assert_error (error, BANSOU_CALENDAR_ERROR, BANSOU_CALENDAR_ERROR_NOT_FOUND);
    g_assert_cmpstr (error->message, ==, "2026-06-16 は県独自の休日として登録されていません");
    g_clear_error (&error);
  }

  g_assert_false (bansou_calendar_add_closed_day (national, weekday, "県民の日", &error));
  g_assert_error (error, BANSOU_CALENDAR_ERROR, BANSOU_CALENDAR_ERROR_NO_PREFECTURE);
  g_clear_error (&error);
  g_assert_true (bansou_store_set_setting (store, "prefecture", BANSOU_SCOPE_NATIONAL, &error));
  ministry = bansou_calendar_new_for_store (store, &error);
  g_assert_false (bansou_calendar_add_closed_day (ministry, weekday, "県民の日", &error));
  g_assert_error (error, BANSOU_CALENDAR_ERROR, BANSOU_CALENDAR_ERROR_NO_PREFECTURE);
  g_clear_error (&error);

  /* Nothing but the one good change was written */
  audit = bansou_store_list_audit (store, "closed-day", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
}

static void
test_calendar_business_seconds (void)
{
  g_autoptr(BansouCalendar) cal = bansou_calendar_new ();
  g_autoptr(GTimeZone) jst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) fri = g_date_time_new (jst, 2024, 12, 27, 16, 15, 0);
  g_autoptr(GDateTime) mon = g_date_time_new (jst, 2025, 1, 6, 9, 30, 0);
  g_autoptr(GDateTime) mon_utc = g_date_time_to_utc (mon);
  g_autoptr(GDateTime) early = g_date_time_new (jst, 2026, 6, 16, 7, 0, 0);
  g_autoptr(GDateTime) noon = g_date_time_new (jst, 2026, 6, 16, 12, 0, 0);
  g_autoptr(GDateTime) next_noon = g_date_time_new (jst, 2026, 6, 17, 12, 0, 0);
  guint opens, closes;

  /* Friday 16:15 → 17:15 and Monday 8:30 → 9:30, the year end between */
  g_assert_cmpint (bansou_calendar_business_seconds (cal, fri, mon), ==, 2 * 3600);
  g_assert_cmpint (bansou_calendar_business_seconds (cal, fri, mon_utc), ==, 2 * 3600);
  g_assert_cmpint (bansou_calendar_business_seconds (cal, mon, fri), ==, -2 * 3600);
  g_assert_cmpint (bansou_calendar_business_seconds (cal, early, noon), ==, 3 * 3600 + 1800);
  /* one whole office day: 8 h 45 min */
  g_assert_cmpint (bansou_calendar_business_seconds (cal, noon, next_noon), ==, 8 * 3600 + 45 * 60);

  bansou_calendar_set_office_hours (cal, 9 * 60, 17 * 60);
  bansou_calendar_get_office_hours (cal, &opens, &closes);
  g_assert_cmpuint (opens, ==, 540);
  g_assert_cmpuint (closes, ==, 1020);
  g_assert_cmpint (bansou_calendar_business_seconds (cal, noon, next_noon), ==, 8 * 3600);
  g_assert_cmpint (bansou_calendar_business_seconds (cal, fri, mon), ==, 1800 + 2700);
}

static void
test_calendar_add_business_seconds (void)
{
  g_autoptr(BansouCalendar) cal = bansou_calendar_new ();
  g_autoptr(GTimeZone) jst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) fri = g_date_time_new (jst, 2024, 12, 27, 16, 15, 0);
  g_autoptr(GDateTime) due = bansou_calendar_add_business_seconds (cal, fri, 2 * 3600);
  g_autoptr(GDateTime) at_close = bansou_calendar_add_business_seconds (cal, fri, 3600);
  g_autoptr(GDateTime) sat = g_date_time_new (jst, 2019, 4, 27, 10, 0, 0);
  g_autoptr(GDateTime) after_gw = bansou_calendar_add_business_seconds (cal, sat, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  g_assert_cmpstr ((a = g_date_time_format (due, "%F %T")), ==, "2025-01-06 09:30:00");
  g_assert_cmpstr ((b = g_date_time_format (at_close, "%F %T")), ==, "2024-12-27 17:15:00");
  g_assert_cmpstr ((c = g_date_time_format (after_gw, "%F %T")), ==, "2019-05-07 08:30:01");

  /* The inverse of business_seconds, from any instant */
  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GDateTime) from = g_date_time_new (jst, g_rand_int_range (rand, 1968, 2053),
                                                   g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29),
                                                   g_rand_int_range (rand, 0, 24), g_rand_int_range (rand, 0, 60), 0);
      gint64 s = g_rand_int_range (rand, 0, 40 * 31500);
      g_autoptr(GDateTime) to = bansou_calendar_add_business_seconds (cal, from, s);

      g_assert_nonnull (to);
      g_assert_cmpint (bansou_calendar_business_seconds (cal, from, to), ==, s);
    }
}

static void
test_calendar_reload (void)
{
  g_autofree char *path = NULL;
  g_autoptr(BansouStore) store = bansou_test_open_store (&path);
  g_autoptr(BansouStore) other = NULL;
  g_autoptr(BansouCalendar) cal = NULL;
  g_autoptr(BansouCalendar) writer = NULL;
  g_autoptr(GDate) date = day ("2026-10-01");       /* 都民の日, a Thursday */
  g_autoptr(GError) error = NULL;

  g_assert_true (bansou_store_set_setting (store, "prefecture", "13", &error));
  cal = bansou_calendar_new_for_store (store, &error);
  other = bansou_store_open (path, &error);
  g_assert_no_error (error);
  writer = bansou_calendar_new_for_store (other, &error);
  g_assert_true (bansou_calendar_add_closed_day (writer, date, "都民の日", &error));
  g_assert_no_error (error);

  g_assert_true (bansou_calendar_is_business_day (cal, date, NULL));
  g_assert_true (bansou_calendar_reload (cal, &error));
  g_assert_no_error (error);
  g_assert_false (bansou_calendar_is_business_day (cal, date, NULL));
}

/* ------------------------------------------------------------------------ */

static guint
count_lines (const char *text)
{
  guint n = 0;
  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static char *
init_db (const char *prefecture)
{
  g_autofree char *out = NULL;
  char *db = bansou_test_db_path ();

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("init", "--prefecture", prefecture), &out, NULL), ==, 0);
  return db;
}

static void
test_calendar_ctl (void)
{
  g_autofree char *db = init_db ("千葉県");
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  g_autofree char *list = NULL;
  g_autofree char *list_csv = NULL;
  g_autofree char *after = NULL;
  g_autofree char *help = NULL;
  g_autofree char *empty = NULL;

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("calendar", "days", "2019-04-26", "2019-05-07",
                                                 "--format", "csv"), &csv, NULL), ==, 0);
  g_assert_cmpuint (count_lines (csv), ==, 13);
  g_assert_true (g_str_has_prefix (csv, "date,weekday,status,kind,reason\r\n"
                                        "2019-04-26,金,営業日,business,\r\n"
                                        "2019-04-27,土,休日,saturday,土曜\r\n"));
  g_assert_nonnull (strstr (csv, "\r\n2019-04-30,火,休日,citizens,国民の休日\r\n"));
  g_assert_nonnull (strstr (csv, "\r\n2019-05-06,月,休日,substitute,こどもの日 振替休日\r\n"));

  /* Columns line up by display width: 営業日 takes six, 休日 four and two spaces */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("calendar", "days", "2024-12-27", "2025-01-01"), &text, NULL), ==, 0);
  g_assert_cmpstr (text, ==,
                   "2024-12-27 金 営業日\n"
                   "2024-12-28 土 休日   土曜\n"
                   "2024-12-29 日 休日   年末年始\n"
                   "2024-12-30 月 休日   年末年始\n"
                   "2024-12-31 火 休日   年末年始\n"
                   "2025-01-01 水 休日   元日\n");

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("calendar", "add-closed", "2026-06-15", "県民の日"), NULL, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("calendar", "list-closed"), &list, NULL), ==, 0);
  g_assert_cmpstr (list, ==, "2026-06-15 月 県民の日\n");
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("calendar", "list-closed", "--format", "csv"), &list_csv, NULL), ==, 0);
  g_assert_cmpstr (list_csv, ==, "date,weekday,name\r\n2026-06-15,月,県民の日\r\n");
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("calendar", "days", "2026-06-15", "2026-06-15"), &after, NULL), ==, 0);
  g_assert_cmpstr (after, ==, "2026-06-15 月 休日   県民の日\n");
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("calendar", "remove-closed", "2026-06-15"), NULL, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("calendar", "list-closed"), &empty, NULL), ==, 0);
  g_assert_cmpstr (empty, ==, "");

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("calendar", "--help"), &help, NULL), ==, 0);
  g_assert_nonnull (strstr (help, "使い方:\n  bansouctl calendar days 開始日 終了日"));
  g_assert_nonnull (strstr (help, "1970年から2050年まで"));
}

/* Each bad call: a non-zero exit, one line in Japanese on stderr, nothing written. */
static void
test_calendar_ctl_errors (void)
{
  g_autofree char *db = init_db ("12");
  const struct {
    const char * const *args;
    int                 status;
    const char         *message;
  } bad[] = {
    { CTL ("calendar", "days", "2026-05-01", "2026-04-01"), 2, "開始日（2026-05-01）が終了日（2026-04-01）より後になっています" },
    { CTL ("calendar", "days", "2026-04-01", "来週"), 2, "「来週」は日付ではありません" },
    { CTL ("calendar", "days", "2026-02-29", "2026-03-01"), 2, "「2026-02-29」は日付ではありません" },
    { CTL ("calendar", "days", "2016-01-01", "2026-12-31"), 2, "一度に表示できるのは 3653 日（10年）までです" },
    { CTL ("calendar", "days", "2026-01-01", "2026-01-31", "--format", "json"), 2, "text か csv" },
    { CTL ("calendar", "days", "2026-01-01"), 2, "bansouctl calendar --help" },
    { CTL ("calendar", "add-closed", "2026-06-13", "県民の日"), 1, "もともと休日です（土曜）" },
    { CTL ("calendar", "add-closed", "2026-06-15", ""), 1, "休日の名称を入力してください" },
    { CTL ("calendar", "add-closed", "6/15", "県民の日"), 2, "日付ではありません" },
    { CTL ("calendar", "remove-closed", "2026-06-15"), 1, "登録されていません" },
    { CTL ("calendar", "frobnicate"), 2, "bansouctl calendar --help" },
  };
  g_autofree char *list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(GPtrArray) audit = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = bansou_test_run_ctl (db, bad[i].args, &out, &err);

      g_test_message ("case %u: %s", i, err);
      g_assert_cmpint (status, ==, bad[i].status);
      g_assert_cmpstr (out, ==, "");
      g_assert_cmpuint (count_lines (err), ==, 1);
      g_assert_true (g_str_has_prefix (err, "bansouctl: "));
      g_assert_nonnull (strstr (err, bad[i].message));
    }

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("calendar", "list-closed"), &list, NULL), ==, 0);
  g_assert_cmpstr (list, ==, "");
  store = bansou_store_open (db, &error);
  g_assert_no_error (error);
  audit = bansou_store_list_audit (store, "closed-day", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* Reasons and errors as a Japanese desk reads them */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ja", TRUE);
  bansou_test_init (&argc, &argv);
  reference = load_reference ();

  g_test_add_func ("/calendar/package-vectors", test_calendar_package_vectors);
  g_test_add_func ("/calendar/named-days", test_calendar_named_days);
  g_test_add_func ("/calendar/arithmetic", test_calendar_arithmetic);
  g_test_add_func ("/calendar/outside-years", test_calendar_outside_years);
  g_test_add_func ("/calendar/prefecture-days", test_calendar_prefecture_days);
  g_test_add_func ("/calendar/prefecture-errors", test_calendar_prefecture_errors);
  g_test_add_func ("/calendar/business-seconds", test_calendar_business_seconds);
  g_test_add_func ("/calendar/add-business-seconds", test_calendar_add_business_seconds);
  g_test_add_func ("/calendar/reload", test_calendar_reload);
  g_test_add_func ("/calendar/ctl", test_calendar_ctl);
  g_test_add_func ("/calendar/ctl-errors", test_calendar_ctl_errors);

  return g_test_run ();
}
