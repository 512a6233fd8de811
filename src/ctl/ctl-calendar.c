/* ctl-calendar.c — bansouctl calendar: business days of government offices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansouctl"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "ctl-private.h"

/* Ten years and their leap days: enough for any plan, and a typo such as
 * 2206 for 2026 fails instead of printing 70,000 lines. */
#define MAX_DAYS 3653

static const char *usage_text =
  N_("Usage:\n"
     "  bansouctl calendar days FROM TO [--format text|csv]\n"
     "  bansouctl calendar add-closed DATE NAME\n"
     "  bansouctl calendar remove-closed DATE\n"
     "  bansouctl calendar list-closed [--format text|csv]\n"
     "Dates are YYYY-MM-DD. Government offices close on weekends, national\n"
     "holidays (including substitute and citizens’ holidays) and from 29 December\n"
     "to 3 January; add-closed adds a day of the prefecture’s own, such as its\n"
     "prefecture day.");

static GDate *
parse_date (const char  *text,
            GError     **error)
{
  GDate *date = bansou_date_parse_iso (text);

  if (date == NULL)
    g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                 _("“%s” is not a date: write it as YYYY-MM-DD, e.g. 2026-04-01"), text);
  return date;
}

static gboolean
parse_text_or_csv (const char  *arg,
                   CtlFormat   *format,
                   GError     **error)
{
  if (arg == NULL)
    return TRUE;
  if (!ctl_parse_format (arg, format, error))
    return FALSE;
  if (*format == CTL_FORMAT_JSON)
    {
      g_set_error_literal (error, CTL_ERROR, CTL_ERROR_USAGE,
                           _("This command writes text or csv, not json"));
      return FALSE;
    }
  return TRUE;
}

static const char *
weekday_label (const GDate *date)
{
  switch (g_date_get_weekday (date))
    {
    case G_DATE_MONDAY:    return C_("weekday", "Mon");
    case G_DATE_TUESDAY:   return C_("weekday", "Tue");
    case G_DATE_WEDNESDAY: return C_("weekday", "Wed");
    case G_DATE_THURSDAY:  return C_("weekday", "Thu");
    case G_DATE_FRIDAY:    return C_("weekday", "Fri");
    case G_DATE_SATURDAY:  return C_("weekday", "Sat");
    case G_DATE_SUNDAY:    return C_("weekday", "Sun");
    case G_DATE_BAD_WEEKDAY:
    default:               return "";
    }
}

static int
calendar_days (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  g_autofree char *format_arg = NULL;
  g_autoptr(GDate) from = NULL;
  g_autoptr(GDate) to = NULL;
  g_autoptr(BansouCalendar) calendar = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };
  BansouStore *store;
  int first_year, last_year;
  gint64 n_days;

  if (!ctl_parse_options (entries, &argc, &argv, error))
    return 2;
  if (argc != 3)
    return ctl_usage_error (error, "calendar"), 2;
  if (!parse_text_or_csv (format_arg, &format, error) ||
      !(from = parse_date (argv[1], error)) ||
      !(to = parse_date (argv[2], error)))
    return 2;

  n_days = (gint64) g_date_get_julian (to) - g_date_get_julian (from) + 1;
  if (n_days < 1)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("The first date (%s) is after the last (%s)"), argv[1], argv[2]);
      return 2;
    }
  if (n_days > MAX_DAYS)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("The range has %d days: at most %d (ten years) at a time"),
                   (int) n_days, MAX_DAYS);
      return 2;
    }

  if (!(store = ctl_open_store (ctx, error)) ||
      !(calendar = bansou_calendar_new_for_store (store, error)))
    return 1;

  bansou_calendar_get_data_years (&first_year, &last_year);
  if (g_date_get_year (from) < first_year || g_date_get_year (to) > last_year)
    {
      g_printerr ("bansouctl: ");
      g_printerr (_("Note: national holidays are known for %d–%d only; other years show "
                    "weekends, the year-end days and the prefecture’s days"), first_year, last_year);
      g_printerr ("\n");
    }

  if (format == CTL_FORMAT_CSV)
    {
      const char *header[] = { "date", "weekday", "status", "kind", "reason", NULL };
      bansou_csv_append_row (out, header);
    }

  for (GDate day = *from; g_date_compare (&day, to) <= 0; g_date_add_days (&day, 1))
    {
      g_autofree char *iso = bansou_date_to_iso (&day);
      const char *reason = NULL;
      gboolean open = bansou_calendar_is_business_day (calendar, &day, &reason);
      const char *status = open ? C_("calendar", "Business day") : C_("calendar", "Closed");

      if (format == CTL_FORMAT_CSV)
        {
          const char *row[] = {
            iso, weekday_label (&day), status,
            bansou_day_kind_to_string (bansou_calendar_get_day_kind (calendar, &day)),
            reason ? reason : "", NULL
          };
          bansou_csv_append_row (out, row);
        }
      else if (reason == NULL)
        ctl_print_row (iso, -10, weekday_label (&day), -2, status, 0, NULL);
      else
        ctl_print_row (iso, -10, weekday_label (&day), -2, status, -6, reason, 0, NULL);
    }
  fwrite (out->str, 1, out->len, stdout);

  return 0;
}

static int
calendar_add_closed (CtlContext  *ctx,
                     int          argc,
                     char       **argv,
                     GError     **error)
{
  g_autoptr(GDate) date = NULL;
  g_autoptr(BansouCalendar) calendar = NULL;
  BansouStore *store;

  if (argc != 3)
    return ctl_usage_error (error, "calendar"), 2;
  if (!(date = parse_date (argv[1], error)))
    return 2;

  if (!(store = ctl_open_store (ctx, error)) ||
      !(calendar = bansou_calendar_new_for_store (store, error)) ||
      !bansou_calendar_add_closed_day (calendar, date, argv[2], error))
    return 1;

  return 0;
}

static int
calendar_remove_closed (CtlContext  *ctx,
                        int          argc,
                        char       **argv,
                        GError     **error)
{
  g_autoptr(GDate) date = NULL;
  g_autoptr(BansouCalendar) calendar = NULL;
  BansouStore *store;

  if (argc != 2)
    return ctl_usage_error (error, "calendar"), 2;
  if (!(date = parse_date (argv[1], error)))
    return 2;

  if (!(store = ctl_open_store (ctx, error)) ||
      !(calendar = bansou_calendar_new_for_store (store, error)) ||
      !bansou_calendar_remove_closed_day (calendar, date, error))
    return 1;

  return 0;
}

static int
calendar_list_closed (CtlContext  *ctx,
                      int          argc,
                      char       **argv,
                      GError     **error)
{
  g_autofree char *format_arg = NULL;
  g_autoptr(BansouCalendar) calendar = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };
  BansouStore *store;

  if (!ctl_parse_options (entries, &argc, &argv, error))
    return 2;
  if (argc != 1)
    return ctl_usage_error (error, "calendar"), 2;
  if (!parse_text_or_csv (format_arg, &format, error))
    return 2;

  if (!(store = ctl_open_store (ctx, error)) ||
      !(calendar = bansou_calendar_new_for_store (store, error)))
    return 1;

  days = bansou_calendar_list_closed_days (calendar);
  if (format == CTL_FORMAT_CSV)
    {
      const char *header[] = { "date", "weekday", "name", NULL };
      bansou_csv_append_row (out, header);
    }
  for (guint i = 0; i < days->len; i++)
    {
      BansouClosedDay *day = g_ptr_array_index (days, i);
      g_autofree char *iso = bansou_date_to_iso (&day->date);

      if (format == CTL_FORMAT_CSV)
        {
          const char *row[] = { iso, weekday_label (&day->date), day->name, NULL };
          bansou_csv_append_row (out, row);
        }
      else
        ctl_print_row (iso, -10, weekday_label (&day->date), -2, day->name, 0, NULL);
    }
  fwrite (out->str, 1, out->len, stdout);

  return 0;
}

int
ctl_cmd_calendar (CtlContext  *ctx,
                  int          argc,
                  char       **argv,
                  GError     **error)
{
  static const struct {
    const char *name;
    CtlCommand  func;
  } subcommands[] = {
    { "days",          calendar_days },
    { "add-closed",    calendar_add_closed },
    { "remove-closed", calendar_remove_closed },
    { "list-closed",   calendar_list_closed },
  };

  if (argc < 2)
    return ctl_usage_error (error, "calendar"), 2;

  if (ctl_wants_help (argc, argv))
    {
      int first_year, last_year;

      bansou_calendar_get_data_years (&first_year, &last_year);
      g_print ("%s\n", _(usage_text));
      g_print (_("National holidays are known for the years %d to %d: outside them only\n"
                 "weekends, the year-end days and the prefecture’s days count.\n"),
               first_year, last_year);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].func (ctx, argc - 1, argv + 1, error);

  return ctl_usage_error (error, "calendar"), 2;
}
