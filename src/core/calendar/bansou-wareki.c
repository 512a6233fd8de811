/* bansou-wareki.c — Japanese era dates (和暦) and fiscal years (年度)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Officials date documents in the Japanese era and count years from April
 * to March. A round of the survey is named after its reference date, e.g.
 * 令和7年10月末時点 for 2025-10-31.
 */
#define G_LOG_DOMAIN "bansou-wareki"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-wareki.h"

static const struct {
  const char *name;
  GDateYear   year;
  GDateMonth  month;
  GDateDay    day;
} eras[] = {
  { "令和", 2019, 5, 1 },
  { "平成", 1989, 1, 8 },
  { "昭和", 1926, 12, 25 },
};

/**
 * bansou_fiscal_year:
 *
 * Returns: the fiscal year (年度) @date falls in: April to March, named
 *   after the calendar year it starts in
 */
int
bansou_fiscal_year (GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);

  return g_date_get_month (date) >= G_DATE_APRIL ? g_date_get_year (date) : g_date_get_year (date) - 1;
}

/**
 * bansou_date_today:
 *
 * Today in the local time zone: offices count days, due dates and fiscal
 * years in Japan time.
 *
 * Returns: (transfer full): today
 */
GDate *
bansou_date_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_new_dmy (g_date_time_get_day_of_month (now),
                         g_date_time_get_month (now),
                         g_date_time_get_year (now));
}

static char *
era_year (const char *era,
          int         n)
{
  if (n == 1)
    return g_strdup_printf ("%s元年", era);
  return g_strdup_printf ("%s%d年", era, n);
}

/**
 * bansou_wareki_year:
 *
 * The era name of a year as a whole, as fiscal years are named:
 * 2019 is 令和元年 (令和元年度 began in April 2019, under 平成).
 *
 * Returns: (transfer full): e.g. "令和7年"
 */
char *
bansou_wareki_year (int year)
{
  for (guint i = 0; i < G_N_ELEMENTS (eras); i++)
    if (year >= (int) eras[i].year)
      return era_year (eras[i].name, year - eras[i].year + 1);
  return g_strdup_printf ("%d年", year);
}

/**
 * bansou_wareki_format_date:
 *
 * Returns: (transfer full): e.g. "令和7年10月31日"; 平成31年4月30日 and
 *   令和元年5月1日 on either side of the change of era
 */
char *
bansou_wareki_format_date (GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (eras); i++)
    {
      g_autoptr(GDate) start = g_date_new_dmy (eras[i].day, eras[i].month, eras[i].year);

      if (g_date_compare (date, start) >= 0)
        {
          g_autofree char *y = era_year (eras[i].name, g_date_get_year (date) - eras[i].year + 1);
          return g_strdup_printf ("%s%d月%d日", y, g_date_get_month (date), g_date_get_day (date));
        }
    }

  return g_strdup_printf ("%d年%d月%d日", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/**
 * bansou_wareki_format_fiscal_year:
 *
 * Returns: (transfer full): e.g. "令和7年度" for 2025
 */
char *
bansou_wareki_format_fiscal_year (int fiscal_year)
{
  g_autofree char *y = bansou_wareki_year (fiscal_year);
  return g_strdup_printf ("%s度", y);
}

/**
 * bansou_date_parse_iso:
 * @iso: (nullable): "YYYY-MM-DD"
 *
 * Returns: (transfer full) (nullable): the date, or %NULL if @iso is not a
 *   valid calendar date in that form
 */
GDate *
bansou_date_parse_iso (const char *iso)
{
  guint64 y, m, d;
  g_auto(GStrv) parts = NULL;

  if (iso == NULL || strlen (iso) != 10 || iso[4] != '-' || iso[7] != '-')
    return NULL;

  parts = g_strsplit (iso, "-", 3);
  if (!g_ascii_string_to_unsigned (parts[0], 10, 1900, 2999, &y, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &m, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &d, NULL) ||
      !g_date_valid_dmy (d, m, y))
    return NULL;

  return g_date_new_dmy (d, m, y);
}

char *
bansou_date_to_iso (GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/**
 * bansou_round_label:
 * @round_id: the round's reference date, "YYYY-MM-DD"
 *
 * Returns: (transfer full): "令和7年10月末時点" (or "…31日時点" when the
 *   reference date is not the end of a month); the id itself if it is not
 *   a date
 */
char *
bansou_round_label (const char *round_id)
{
  g_autoptr(GDate) date = bansou_date_parse_iso (round_id);
  g_autofree char *y = NULL;

  if (date == NULL)
    return g_strdup (round_id);

  if (g_date_is_last_of_month (date))
    {
      g_autofree char *full = bansou_wareki_format_date (date);
      /* Cut the day: 令和7年10月31日 → 令和7年10月 */
      char *month_end = g_strrstr (full, "月");
      if (month_end)
        month_end[strlen ("月")] = '\0';
      return g_strdup_printf ("%s末時点", full);
    }

  y = bansou_wareki_format_date (date);
  return g_strdup_printf ("%s時点", y);
}

/**
 * bansou_round_label_western:
 *
 * Returns: (transfer full): the reference date in the Western calendar,
 *   for English text and alongside the era date in reports
 */
char *
bansou_round_label_western (const char *round_id)
{
  g_autoptr(GDate) date = bansou_date_parse_iso (round_id);
  char buf[64];

  if (date == NULL)
    return g_strdup (round_id);

  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  /* Translators: %s is a date like 2025-10-31 */
  return g_strdup_printf (_("as of %s"), buf);
}
