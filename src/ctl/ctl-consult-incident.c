/* ctl-consult-incident.c — bansouctl tickets incident|incident-done|dispatch
 * (重大インシデント mode of a ticket)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Its own file with its own dispatcher, ctl_consult_incident(), so that
 * the ticket commands can be regrouped around it; the ticket group hands
 * over the subcommands ctl_consult_incident_handles() names.
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "bansou-consult-incident.h"
#include "ctl-private.h"

static const char usage_text[] =
  N_("Usage:\n"
     "  bansouctl tickets incident TICKET [--unauthorized yes|no] [--now ISO8601] [--format text|csv|json]\n"
     "  bansouctl tickets incident-done TICKET ITEM [--state done|na|open] [--at ISO8601]\n"
     "  bansouctl tickets dispatch TICKET [--format text|json]\n"
     "Items: mic_first mic_followup mic_final ppc_prompt ppc_final\n"
     "The ticket must be in major-incident mode (field incident true). --unauthorized yes: the leak was\n"
     "an unlawful act (unauthorised access…), the 確報 is due in 60 days. dispatch makes one urgent\n"
     "request (重大インシデント, today) from the ticket, or shows the one it already made.");


static char *
local_time (GDateTime *dt)
{
  GTimeZone *tz = bansou_calendar_get_time_zone ();
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (dt, tz);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
local_time_iso (const char *iso)
{
  g_autoptr(GDateTime) dt = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  return local_time (dt);
}

/* "あと 2日3時間", "3時間15分 超過" in calendar time */
static char *
remaining_text (gint64 seconds)
{
  gint64 minutes = ABS (seconds) / 60;
  g_autoptr(GString) text = g_string_new (NULL);

  if (minutes >= 24 * 60)
    g_string_append_printf (text, _("%dd"), (int) (minutes / (24 * 60)));
  if ((minutes % (24 * 60)) / 60 > 0)
    g_string_append_printf (text, _("%dh"), (int) ((minutes % (24 * 60)) / 60));
  if (minutes % 60 > 0 || text->len == 0)
    g_string_append_printf (text, _("%dmin"), (int) (minutes % 60));
  if (seconds < 0)
    return g_strdup_printf (_("%s over"), text->str);
  return g_strdup_printf (_("%s left"), text->str);
}

static char *
state_text (const BansouIncidentItem *item)
{
  g_autofree char *at = NULL;

  if (item->state == BANSOU_INCIDENT_ITEM_OPEN)
    {
      g_autofree char *left = remaining_text (item->remaining);
      return item->overdue ? g_strdup_printf (_("OVERDUE (%s)"), left) : g_steal_pointer (&left);
    }
  at = local_time_iso (item->done_at);
  /* Translators: 済 2026-12-03 10:00 山田 */
  return g_strdup_printf (_("%s %s %s"), bansou_incident_item_state_get_label (item->state), at,
                          item->done_by ? item->done_by : "");
}

static void
print_json (const BansouIncidentChecklist *list)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ticket");
  json_builder_add_string_value (b, list->ticket);
  json_builder_set_member_name (b, "number");
  json_builder_add_int_value (b, list->number);
  json_builder_set_member_name (b, "unauthorized");
  json_builder_add_boolean_value (b, list->unauthorized);
  json_builder_set_member_name (b, "overdue");
  json_builder_add_int_value (b, list->n_overdue);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < list->items->len; i++)
    {
      const BansouIncidentItem *item = g_ptr_array_index (list->items, i);
      g_autofree char *deadline = g_date_time_format (item->deadline, "%Y-%m-%dT%H:%M:%S%:z");

      json_builder_begin_object (b);
#define STR(name, value) json_builder_set_member_name (b, name); \
      if ((value) == NULL) json_builder_add_null_value (b); else json_builder_add_string_value (b, value);
      STR ("item", item->id);
      STR ("label", item->label);
      STR ("recipient", item->recipient);
      STR ("deadline", deadline);
      STR ("basis", item->basis);
      json_builder_set_member_name (b, "default");
      json_builder_add_boolean_value (b, item->by_default);
      STR ("state", bansou_incident_item_state_to_string (item->state));
      STR ("done_at", item->done_at);
      STR ("done_by", item->done_by);
#undef STR
      json_builder_set_member_name (b, "overdue");
      json_builder_add_boolean_value (b, item->overdue);
      json_builder_set_member_name (b, "remaining_seconds");
      json_builder_add_int_value (b, item->remaining);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  ctl_print_json (b);
}

static void
print_csv (const BansouIncidentChecklist *list)
{
  g_autoptr(GString) csv = g_string_new (NULL);
  const char *header[] = { "item", "recipient", "deadline", "default", "state", "done_at", "done_by", "overdue",
                           NULL };

  bansou_csv_append_row (csv, header);
  for (guint i = 0; i < list->items->len; i++)
    {
      const BansouIncidentItem *item = g_ptr_array_index (list->items, i);
      g_autofree char *deadline = g_date_time_format (item->deadline, "%Y-%m-%dT%H:%M:%S%:z");
      const char *row[] = {
        item->id, item->recipient, deadline, item->by_default ? "yes" : "no",
        bansou_incident_item_state_to_string (item->state), item->done_at ? item->done_at : "",
        item->done_by ? item->done_by : "", item->overdue ? "yes" : "no", NULL
      };

      bansou_csv_append_row (csv, row);
    }
  fwrite (csv->str, 1, csv->len, stdout);
}

static void
print_text (const BansouIncidentChecklist *list)
{
  g_print (_("Consultation %d — major-incident checklist%s\n"), (int) list->number,
           list->unauthorized ? _(" (unlawful act: 確報 in 60 days)") : "");
  for (guint i = 0; i < list->items->len; i++)
    {
      const BansouIncidentItem *item = g_ptr_array_index (list->items, i);
      g_autofree char *deadline = local_time (item->deadline);
      g_autofree char *state = state_text (item);
      g_autofree char *label = g_strdup_printf ("%s%s", item->label, item->by_default ? _(" *") : "");

      g_print ("%c %-12s ", item->state == BANSOU_INCIDENT_ITEM_OPEN ? (item->overdue ? '!' : ' ') : 'x', item->id);
      ctl_print_row (label, -40, item->recipient, -28, deadline, -16, state, 0, NULL);
    }
  if (list->n_overdue > 0)
    g_print (_("%u overdue.\n"), list->n_overdue);
  g_print ("%s\n", _("* a deadline of Bansō’s own, where the rule says “without delay” (docs/consult.md)"));
}

static int
incident_show (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autoptr(BansouIncidentChecklist) list = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *format_arg = NULL;
  g_autofree char *now_arg = NULL;
  g_autofree char *unauthorized = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_arg, NULL, NULL },
    { "unauthorized", 0, 0, G_OPTION_ARG_STRING, &unauthorized, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "tickets", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (unauthorized != NULL && !g_strv_contains ((const char * const[]) { "yes", "no", NULL }, unauthorized))
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("--unauthorized is “yes” or “no”"));
      return 2;
    }
  if (now_arg != NULL && !(now = g_date_time_new_from_iso8601 (now_arg, NULL)))
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("“%s” is not a date and time (YYYY-MM-DDThh:mm:ss+09:00)"),
                   now_arg);
      return 2;
    }
  if (!ctl_desk_open (ctx, &d, error))
    return 1;
  if (unauthorized != NULL &&
      !bansou_consult_incident_set_unauthorized (d.consult, argv[1], g_str_equal (unauthorized, "yes"), error))
    return 1;
  if (!(list = bansou_consult_incident_checklist (d.consult, argv[1], now, error)))
    return 1;
  if (format == CTL_FORMAT_JSON)
    print_json (list);
  else if (format == CTL_FORMAT_CSV)
    print_csv (list);
  else
    print_text (list);
  return 0;
}

static int
incident_done (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autofree char *state_arg = NULL;
  g_autofree char *at = NULL;
  BansouIncidentItemState state = BANSOU_INCIDENT_ITEM_DONE;
  GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state_arg, NULL, NULL },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 3, "tickets", error))
    return 2;
  if (state_arg != NULL && (state = bansou_incident_item_state_from_string (state_arg)) >= BANSOU_N_INCIDENT_ITEM_STATES)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown state “%s” (use done, na or open)"), state_arg);
      return 2;
    }
  if (!ctl_desk_open (ctx, &d, error) ||
      !bansou_consult_incident_set_done (d.consult, argv[1], argv[2], state, at, error))
    return 1;
  return 0;
}

static int
incident_dispatch (CtlContext  *ctx,
                   int          argc,
                   char       **argv,
                   GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_auto(CtlDispatch) dd = { 0 };
  g_autoptr(BansouDispatchRequest) r = NULL;
  g_autofree char *format_arg = NULL;
  g_autofree char *id = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  gboolean created = FALSE;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "tickets", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!ctl_desk_open (ctx, &d, error) || !ctl_dispatch_open (ctx, &dd, error) ||
      !(id = bansou_consult_incident_dispatch (d.consult, dd.dispatch, argv[1], &created, error)) ||
      !(r = bansou_dispatch_get_request (dd.dispatch, id, error)))
    return 1;
  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "request");
      json_builder_add_string_value (b, r->id);
      json_builder_set_member_name (b, "number");
      json_builder_add_int_value (b, r->number);
      json_builder_set_member_name (b, "created");
      json_builder_add_boolean_value (b, created);
      json_builder_set_member_name (b, "urgency");
      json_builder_add_string_value (b, bansou_urgency_to_string (r->urgency));
      json_builder_set_member_name (b, "wanted");
      json_builder_add_string_value (b, r->wanted_from ? r->wanted_from : "");
      json_builder_set_member_name (b, "purpose");
      json_builder_add_string_value (b, r->purpose);
      json_builder_end_object (b);
      ctl_print_json (b);
    }
  else
    {
      g_print (created ? _("Request %d made: %s, %s, %s\n") : _("Request %d already exists: %s, %s, %s\n"),
               (int) r->number, r->body_name, bansou_urgency_get_label (r->urgency),
               r->wanted_from ? r->wanted_from : "");
      g_print ("%s\n", r->purpose);
    }
  return 0;
}

static const struct {
  const char *name;
  CtlCommand  func;
} subcommands[] = {
  { "incident",      incident_show },
  { "incident-done", incident_done },
  { "dispatch",      incident_dispatch },
};

/* argv[0] is the subcommand ("incident", …) */
int
ctl_consult_incident (CtlContext  *ctx,
                      int          argc,
                      char       **argv,
                      GError     **error)
{
  if (ctl_wants_help (argc, argv))
    {
      g_print ("%s\n", _(usage_text));
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[0], subcommands[i].name))
      return subcommands[i].func (ctx, argc, argv, error);
  return ctl_usage_error (error, "tickets"), 2;
}
