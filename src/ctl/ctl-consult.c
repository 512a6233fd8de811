/* ctl-consult.c — bansouctl tickets …, articles … (相談窓口); consult … the older name of both
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bansou-consult-escalate.h"
#include "ctl-private.h"

static const char usage_text[] =
  N_("Usage:\n"
     "  bansouctl consult open CODE --subject TEXT [--text TEXT] [--channel CHANNEL]\n"
     "                    [--category CATEGORY] [--priority PRIORITY] [--received ISO8601]\n"
     "  bansouctl consult list [--all] [--overdue] [--body CODE] [--format text|csv|json]\n"
     "  bansouctl consult show TICKET [--format text|json]\n"
     "  bansouctl consult reply|note|inbound TICKET TEXT [--at ISO8601]\n"
     "  bansouctl consult state TICKET STATE [--at ISO8601]\n"
     "  bansouctl consult set TICKET FIELD VALUE\n"
     "  bansouctl consult attach TICKET FILE [--type MEDIA-TYPE]\n"
     "  bansouctl consult search WORDS… [--format text|json]\n"
     "  bansouctl consult pii FILE|-\n"
     "  bansouctl consult article --title TEXT --answer TEXT [--question TEXT] [--from TICKET]\n"
     "  bansouctl consult publish ARTICLE draft|prefecture|national\n"
     "  bansouctl consult escalate|escalations|answer-escalation … (as bansouctl tickets)\n"
     "“consult” is the older name of “bansouctl tickets” and “bansouctl articles”.\n"
     "Channels: phone mail counter visit online\n"
     "Categories: supply_chain incident policy technical cloud people other\n"
     "Priorities: low normal high critical (SLA targets in office time of the government calendar)\n"
     "States: in_progress on_hold answered closed\n"
     "Fields: subject description assignee channel category priority incident questions\n"
     "TICKET: the consultation's number or id. Attachments: 10 MB a file, 50 MB and 20 files a ticket.");

void
ctl_desk_clear (CtlDesk *d)
{
  g_clear_object (&d->consult);
  g_clear_object (&d->calendar);
  g_clear_object (&d->registry);
}

gboolean
ctl_desk_open (CtlContext  *ctx,
               CtlDesk     *d,
               GError     **error)
{
  if (!(d->store = ctl_open_store (ctx, error)))
    return FALSE;
  d->registry = bansou_registry_new (d->store);
  if (!(d->calendar = bansou_calendar_new_for_store (d->store, error)))
    return FALSE;
  d->consult = bansou_consult_new (d->registry, d->calendar);
  return TRUE;
}

/* The command group being run: "tickets", "articles" or "consult" (the
 * older name of both), for the usage errors. */
static const char *group = "tickets";

static gboolean
usage (GError **error)
{
  return ctl_usage_error (error, group);
}

/* "2026-12-02 14:05" in Japan time */
static char *
local_time (const char *iso)
{
  g_autoptr(GDateTime) dt = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  GTimeZone *tz = bansou_calendar_get_time_zone ();
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (dt, tz);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
clock_text (CtlDesk              *d,
            const BansouSlaClock *clock)
{
  g_autofree char *deadline = NULL;
  g_autofree char *left = NULL;

  if (clock->stopped)
    return g_strdup (clock->met ? _("met") : _("missed"));
  if (clock->paused)
    return g_strdup (_("paused"));
  left = bansou_sla_format_remaining (d->consult, clock);
  if (clock->deadline != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (clock->deadline);
      deadline = local_time (iso);
    }
  /* Translators: an SLA's deadline and the office time left, 2026-12-03 09:30 (残り 1時間) */
  return g_strdup_printf (_("%s (%s)"), deadline != NULL ? deadline : "", left);
}

static void
add_clock_json (JsonBuilder          *b,
                const char           *name,
                const BansouSlaClock *clock)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "target_seconds");
  json_builder_add_int_value (b, clock->target);
  json_builder_set_member_name (b, "elapsed_seconds");
  json_builder_add_int_value (b, clock->elapsed);
  json_builder_set_member_name (b, "remaining_seconds");
  json_builder_add_int_value (b, clock->remaining);
  json_builder_set_member_name (b, "paused");
  json_builder_add_boolean_value (b, clock->paused);
  json_builder_set_member_name (b, "stopped");
  json_builder_add_boolean_value (b, clock->stopped);
  json_builder_set_member_name (b, "breached");
  json_builder_add_boolean_value (b, clock->breached);
  json_builder_set_member_name (b, "deadline");
  if (clock->deadline != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (clock->deadline);
      json_builder_add_string_value (b, iso);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_ticket_json (JsonBuilder           *b,
                 const BansouTicket    *t,
                 const BansouTicketSla *sla)
{
  json_builder_begin_object (b);
  add_string (b, "id", t->id);
  json_builder_set_member_name (b, "number");
  json_builder_add_int_value (b, t->number);
  add_string (b, "body", t->body);
  add_string (b, "body_name", t->body_name);
  add_string (b, "channel", bansou_channel_to_string (t->channel));
  add_string (b, "category", bansou_ticket_category_to_string (t->category));
  add_string (b, "priority", bansou_priority_to_string (t->priority));
  add_string (b, "state", bansou_ticket_state_to_string (t->state));
  add_string (b, "subject", t->subject);
  add_string (b, "description", t->description);
  add_string (b, "assignee", t->assignee);
  add_string (b, "received_at", t->received_at);
  add_string (b, "first_response_at", t->first_response_at);
  add_string (b, "resolved_at", t->resolved_at);
  add_string (b, "closed_at", t->closed_at);
  json_builder_set_member_name (b, "incident");
  json_builder_add_boolean_value (b, t->incident);
  add_clock_json (b, "first_response", &sla->first_response);
  add_clock_json (b, "resolution", &sla->resolution);
  if (t->questions != NULL)
    {
      json_builder_set_member_name (b, "questions");
      json_builder_begin_array (b);
      for (guint i = 0; t->questions[i]; i++)
        json_builder_add_string_value (b, t->questions[i]);
      json_builder_end_array (b);
    }
  if (t->messages != NULL)
    {
      json_builder_set_member_name (b, "messages");
      json_builder_begin_array (b);
      for (guint i = 0; i < t->messages->len; i++)
        {
          BansouTicketMessage *m = g_ptr_array_index (t->messages, i);
          json_builder_begin_object (b);
          add_string (b, "id", m->id);
          add_string (b, "kind", m->kind);
          add_string (b, "author", m->author);
          add_string (b, "text", m->text);
          add_string (b, "created_at", m->created_at);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  if (t->attachments != NULL)
    {
      json_builder_set_member_name (b, "attachments");
      json_builder_begin_array (b);
      for (guint i = 0; i < t->attachments->len; i++)
        {
          BansouAttachment *a = g_ptr_array_index (t->attachments, i);
          json_builder_begin_object (b);
          add_string (b, "id", a->id);
          add_string (b, "name", a->name);
          add_string (b, "media_type", a->media_type);
          json_builder_set_member_name (b, "size");
          json_builder_add_int_value (b, a->size);
          add_string (b, "sha256", a->sha256);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

/* ------------------------------------------------------------------------ */

/* `consult open` prints the id; `tickets add` also the SLA deadlines. */
static int
open_ticket (CtlContext  *ctx,
             int          argc,
             char       **argv,
             gboolean     deadlines,
             GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autofree char *subject = NULL, *text = NULL, *channel = NULL, *category = NULL;
  g_autofree char *priority = NULL, *received = NULL, *id = NULL, *format_arg = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { "subject", 0, 0, G_OPTION_ARG_STRING, &subject, NULL, NULL },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, NULL, NULL },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel, NULL, NULL },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, NULL, NULL },
    { "priority", 0, 0, G_OPTION_ARG_STRING, &priority, NULL, NULL },
    { "received", 0, 0, G_OPTION_ARG_STRING, &received, NULL, NULL },
    { NULL }
  };
  BansouChannel ch;
  BansouTicketCategory cat;
  BansouPriority pr;

  if (!ctl_parse_command (entries, &argc, &argv, 2, group, error) || !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (subject == NULL || format == CTL_FORMAT_CSV)
    return usage (error), 2;
  ch = channel != NULL ? bansou_channel_from_string (channel) : BANSOU_CHANNEL_PHONE;
  cat = category != NULL ? bansou_ticket_category_from_string (category) : BANSOU_TICKET_CATEGORY_OTHER;
  pr = priority != NULL ? bansou_priority_from_string (priority) : BANSOU_PRIORITY_NORMAL;
  if (ch == BANSOU_N_CHANNELS || cat == BANSOU_N_TICKET_CATEGORIES || pr == BANSOU_N_PRIORITIES)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown channel, category or priority"));
      return 2;
    }
  if (!ctl_desk_open (ctx, &d, error))
    return 1;
  if (!(id = bansou_consult_open (d.consult, argv[1], ch, cat, pr, subject, text, received, error)))
    return 1;
  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(BansouTicket) t = NULL;
      g_autoptr(JsonBuilder) b = json_builder_new ();
      BansouTicketSla sla;

      if (!(t = bansou_consult_lookup (d.consult, id, error)) ||
          !bansou_consult_compute_sla (d.consult, t, NULL, &sla, error))
        return 1;
      add_ticket_json (b, t, &sla);
      ctl_print_json (b);
      bansou_ticket_sla_clear (&sla);
      return 0;
    }
  g_print ("%s\n", id);
  if (deadlines)
    {
      g_autoptr(BansouTicket) t = NULL;
      g_autofree char *fr = NULL, *rs = NULL;
      BansouTicketSla sla;

      if (!(t = bansou_consult_lookup (d.consult, id, error)) ||
          !bansou_consult_compute_sla (d.consult, t, NULL, &sla, error))
        return 1;
      fr = clock_text (&d, &sla.first_response);
      rs = clock_text (&d, &sla.resolution);
      g_print (_("Consultation %d\n"), (int) t->number);
      g_print (_("  First response by: %s\n"), fr);
      g_print (_("  Resolution by: %s\n"), rs);
      bansou_ticket_sla_clear (&sla);
    }
  return 0;
}

static int
consult_open (CtlContext *ctx, int argc, char **argv, GError **error)
{
  return open_ticket (ctx, argc, argv, FALSE, error);
}

static int
tickets_add (CtlContext *ctx, int argc, char **argv, GError **error)
{
  return open_ticket (ctx, argc, argv, TRUE, error);
}

static int
consult_list (CtlContext  *ctx,
              int          argc,
              char       **argv,
              GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *format_arg = NULL, *body = NULL;
  gboolean all = FALSE, overdue = FALSE;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, NULL, NULL },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, NULL, NULL },
    { "body", 0, 0, G_OPTION_ARG_STRING, &body, NULL, NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };
  BansouTicketFilter filter = { NULL, -1, FALSE, 0, NULL };
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (!ctl_parse_command (entries, &argc, &argv, 1, group, error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!ctl_desk_open (ctx, &d, error))
    return 1;
  filter.body = body;
  filter.overdue = overdue;
  if (!(list = bansou_consult_list (d.consult, &filter, error)))
    return 1;
  if (all)
    {
      /* and the closed ones */
      BansouTicketFilter closed = { body, BANSOU_TICKET_CLOSED, overdue, 0, NULL };
      g_autoptr(GPtrArray) more = bansou_consult_list (d.consult, &closed, error);
      if (more == NULL)
        return 1;
      g_ptr_array_extend_and_steal (list, g_steal_pointer (&more));
    }

  if (format == CTL_FORMAT_CSV)
    {
      const char *header[] = { "number", "id", "body", "body_name", "priority", "state", "subject", "received_at",
                               "first_response_deadline", "resolution_deadline", "overdue", NULL };
      bansou_csv_append_row (csv, header);
    }
  else if (format == CTL_FORMAT_JSON)
    json_builder_begin_array (b);
  else if (list->len > 0)
    ctl_print_row (_("No."), 5, _("Body"), -14, _("Priority"), -6, _("State"), -18, _("Subject"), -32,
                   _("First response"), -36, _("Resolution"), 0, NULL);

  for (guint i = 0; i < list->len; i++)
    {
      BansouTicket *t = g_ptr_array_index (list, i);
      BansouTicketSla sla;
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, t->number);

      if (!bansou_consult_compute_sla (d.consult, t, NULL, &sla, error))
        return 1;
      if (format == CTL_FORMAT_JSON)
        add_ticket_json (b, t, &sla);
      else if (format == CTL_FORMAT_CSV)
        {
          g_autofree char *fr = sla.first_response.deadline ? g_date_time_format_iso8601 (sla.first_response.deadline)
                                                            : g_strdup ("");
          g_autofree char *rs = sla.resolution.deadline ? g_date_time_format_iso8601 (sla.resolution.deadline)
                                                        : g_strdup ("");
          const char *row[] = { number, t->id, t->body, t->body_name, bansou_priority_to_string (t->priority),
                                bansou_ticket_state_to_string (t->state), t->subject, t->received_at, fr, rs,
                                sla.first_response.breached || sla.resolution.breached ? "1" : "0", NULL };
          bansou_csv_append_row (csv, row);
        }
      else
        {
          g_autofree char *fr = clock_text (&d, &sla.first_response);
          g_autofree char *rs = clock_text (&d, &sla.resolution);
          ctl_print_row (number, 5, t->body_name, -14, bansou_priority_get_label (t->priority), -6,
                         bansou_ticket_state_get_label (t->state), -18, t->subject, -32, fr, -36, rs, 0, NULL);
        }
      bansou_ticket_sla_clear (&sla);
    }

  if (format == CTL_FORMAT_JSON)
    {
      json_builder_end_array (b);
      ctl_print_json (b);
    }
  else if (format == CTL_FORMAT_CSV)
    fwrite (csv->str, 1, csv->len, stdout);
  else if (list->len == 0)
    g_print ("%s\n", overdue ? _("No consultation is overdue.") : _("No open consultations."));
  return 0;
}

static int
consult_show (CtlContext  *ctx,
              int          argc,
              char       **argv,
              GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autoptr(BansouTicket) t = NULL;
  g_autofree char *format_arg = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };
  BansouTicketSla sla;

  if (!ctl_parse_command (entries, &argc, &argv, 2, group, error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!ctl_desk_open (ctx, &d, error) || !(t = bansou_consult_lookup (d.consult, argv[1], error)) ||
      !bansou_consult_compute_sla (d.consult, t, NULL, &sla, error))
    return 1;

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      add_ticket_json (b, t, &sla);
      ctl_print_json (b);
    }
  else
    {
      g_autofree char *received = local_time (t->received_at);
      g_autofree char *fr = clock_text (&d, &sla.first_response);
      g_autofree char *rs = clock_text (&d, &sla.resolution);

      g_print (_("Consultation %d: %s\n"), (int) t->number, t->subject);
      g_print (_("  Body: %s (%s)\n"), t->body_name, t->body);
      g_print (_("  %s · %s · %s · received %s\n"), bansou_channel_get_label (t->channel),
               bansou_ticket_category_get_label (t->category), bansou_priority_get_label (t->priority), received);
      g_print (_("  State: %s\n"), bansou_ticket_state_get_label (t->state));
      g_print (_("  First response: %s\n"), fr);
      g_print (_("  Resolution: %s\n"), rs);
      {
        BansouTicketEscalation esc = bansou_consult_get_ticket_escalation (d.consult, t->id, NULL);
        if (esc != BANSOU_TICKET_NOT_ESCALATED)
          g_print ("  %s\n", bansou_ticket_escalation_get_label (esc));
      }
      if (*t->description)
        g_print ("\n%s\n", t->description);
      for (guint i = 0; i < t->messages->len; i++)
        {
          BansouTicketMessage *m = g_ptr_array_index (t->messages, i);
          g_autofree char *at = local_time (m->created_at);
          /* numbered: `tickets escalate --messages 1,3` picks by these */
          g_print ("\n%u. [%s] %s %s\n%s\n", i + 1, at, m->kind, m->author, m->text);
        }
      for (guint i = 0; i < t->attachments->len; i++)
        {
          BansouAttachment *a = g_ptr_array_index (t->attachments, i);
          g_autofree char *size = g_format_size (a->size);
          g_print (_("  Attachment: %s (%s, SHA-256 %s)\n"), a->name, size, a->sha256);
        }
    }
  bansou_ticket_sla_clear (&sla);
  return 0;
}

static int
consult_message (CtlContext        *ctx,
                 int                argc,
                 char             **argv,
                 BansouMessageKind  kind,
                 GError           **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autofree char *at = NULL, *id = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 3, group, error))
    return 2;
  if (!ctl_desk_open (ctx, &d, error) ||
      !(id = bansou_consult_add_message (d.consult, argv[1], kind, argv[2], at, error)))
    return 1;
  return 0;
}

static int
consult_reply (CtlContext *ctx, int argc, char **argv, GError **error)
{
  return consult_message (ctx, argc, argv, BANSOU_MESSAGE_REPLY, error);
}

static int
consult_note (CtlContext *ctx, int argc, char **argv, GError **error)
{
  return consult_message (ctx, argc, argv, BANSOU_MESSAGE_NOTE, error);
}

static int
consult_inbound (CtlContext *ctx, int argc, char **argv, GError **error)
{
  return consult_message (ctx, argc, argv, BANSOU_MESSAGE_INBOUND, error);
}

static int
consult_state (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autofree char *at = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, NULL, NULL },
    { NULL }
  };
  BansouTicketState state;

  if (!ctl_parse_command (entries, &argc, &argv, 3, group, error))
    return 2;
  state = bansou_ticket_state_from_string (argv[2]);
  if (state == BANSOU_N_TICKET_STATES)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown state “%s”"), argv[2]);
      return 2;
    }
  if (!ctl_desk_open (ctx, &d, error) || !bansou_consult_set_state (d.consult, argv[1], state, at, error))
    return 1;
  return 0;
}

static int
consult_set (CtlContext  *ctx,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  GOptionEntry entries[] = { { NULL } };

  if (!ctl_parse_command (entries, &argc, &argv, 4, group, error))
    return 2;
  if (!ctl_desk_open (ctx, &d, error))
    return 1;
  if (g_str_equal (argv[2], "questions"))
    {
      g_auto(GStrv) ids = g_strsplit (argv[3], ",", -1);
      return bansou_consult_set_questions (d.consult, argv[1], (const char * const *) ids, error) ? 0 : 1;
    }
  return bansou_consult_set_field (d.consult, argv[1], argv[2], argv[3], error) ? 0 : 1;
}

static int
consult_attach (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autofree char *type = NULL, *id = NULL, *name = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 3, group, error))
    return 2;
  file = g_file_new_for_commandline_arg (argv[2]);
  /* The size first: a file over the limit is not read into memory. */
  if (!(info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                                  G_FILE_QUERY_INFO_NONE, NULL, error)))
    return 1;
  name = g_file_get_basename (file);
  if (g_file_info_get_size (info) > BANSOU_ATTACHMENT_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));
      g_set_error (error, CTL_ERROR, CTL_ERROR_FAILED, _("“%s” is %s: an attachment holds at most %d MB."), name, size,
                   BANSOU_ATTACHMENT_MAX_SIZE / (1024 * 1024));
      return 1;
    }
  if (!(bytes = g_file_load_bytes (file, NULL, NULL, error)))
    return 1;
  if (type == NULL && g_file_info_get_content_type (info) != NULL)
    type = g_content_type_get_mime_type (g_file_info_get_content_type (info));
  if (!ctl_desk_open (ctx, &d, error) ||
      !(id = bansou_consult_attach (d.consult, argv[1], name, type, bytes, error)))
    return 1;
  g_print ("%s\n", id);
  return 0;
}

/* @articles_only: `articles search` */
static int
search (CtlContext  *ctx,
        int          argc,
        char       **argv,
        gboolean     articles_only,
        GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *format_arg = NULL, *query = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };
  static const char *const kinds[] = { "ticket", "message", "article" };

  if (!ctl_parse_options (entries, &argc, &argv, error) || !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (argc < 2)
    return usage (error), 2;
  query = g_strjoinv (" ", argv + 1);
  if (!ctl_desk_open (ctx, &d, error) || !(hits = bansou_consult_search (d.consult, query, articles_only ? 200 : 50, error)))
    return 1;
  for (guint i = 0; articles_only && i < hits->len; i++)
    if (((BansouSearchHit *) g_ptr_array_index (hits, i))->kind != BANSOU_HIT_ARTICLE)
      g_ptr_array_remove_index (hits, i--);
  if (hits->len > 50)
    g_ptr_array_set_size (hits, 50);

  if (format == CTL_FORMAT_CSV)
    {
      g_autoptr(GString) csv = g_string_new (NULL);
      const char *header[] = { "kind", "id", "title", "snippet", NULL };

      bansou_csv_append_row (csv, header);
      for (guint i = 0; i < hits->len; i++)
        {
          BansouSearchHit *h = g_ptr_array_index (hits, i);
          const char *row[] = { kinds[h->kind], h->id, h->title, h->snippet, NULL };
          bansou_csv_append_row (csv, row);
        }
      fwrite (csv->str, 1, csv->len, stdout);
    }
  else if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_array (b);
      for (guint i = 0; i < hits->len; i++)
        {
          BansouSearchHit *h = g_ptr_array_index (hits, i);
          json_builder_begin_object (b);
          add_string (b, "kind", kinds[h->kind]);
          add_string (b, "id", h->id);
          add_string (b, "title", h->title);
          add_string (b, "snippet", h->snippet);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      ctl_print_json (b);
    }
  else if (hits->len == 0)
    g_print ("%s\n", _("Nothing found."));
  else
    for (guint i = 0; i < hits->len; i++)
      {
        BansouSearchHit *h = g_ptr_array_index (hits, i);
        const char *kind = h->kind == BANSOU_HIT_ARTICLE ? _("Q&A") : _("Consultation");
        ctl_print_row (kind, -8, h->title, -36, h->snippet, 0, NULL);
      }
  return 0;
}

static int
consult_search (CtlContext *ctx, int argc, char **argv, GError **error)
{
  return search (ctx, argc, argv, FALSE, error);
}

static int
articles_search (CtlContext *ctx, int argc, char **argv, GError **error)
{
  return search (ctx, argc, argv, TRUE, error);
}

static int
consult_pii (CtlContext  *ctx,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree char *text = NULL;
  g_autofree char *redacted = NULL;
  GOptionEntry entries[] = { { NULL } };
  gsize length;

  if (!ctl_parse_command (entries, &argc, &argv, 2, group, error))
    return 2;
  if (g_str_equal (argv[1], "-"))
    {
      g_autoptr(GString) in = g_string_new (NULL);
      char buffer[4096];
      size_t n;

      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0 && in->len < BANSOU_TICKET_MAX_TEXT * 4)
        g_string_append_len (in, buffer, n);
      length = in->len;
      text = g_string_free (g_steal_pointer (&in), FALSE);
    }
  else if (!g_file_get_contents (argv[1], &text, &length, error))
    return 1;
  if (!ctl_desk_open (ctx, &d, error) || !(matches = bansou_consult_find_personal_data (d.consult, text, NULL, error)))
    return 1;
  for (guint i = 0; i < matches->len; i++)
    {
      BansouPiiMatch *m = g_ptr_array_index (matches, i);
      g_printerr ("%s: %s\n", bansou_pii_kind_get_label (m->kind), m->text);
    }
  redacted = bansou_pii_redact (text, matches);
  g_print ("%s", redacted);
  return 0;
}

static int
consult_article (CtlContext  *ctx,
                 int          argc,
                 char       **argv,
                 GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autofree char *title = NULL, *question = NULL, *answer = NULL, *from = NULL, *category = NULL, *id = NULL;
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, NULL, NULL },
    { "question", 0, 0, G_OPTION_ARG_STRING, &question, NULL, NULL },
    { "answer", 0, 0, G_OPTION_ARG_STRING, &answer, NULL, NULL },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, NULL, NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, NULL, NULL },
    { NULL }
  };
  BansouTicketCategory cat;

  if (!ctl_parse_command (entries, &argc, &argv, 1, group, error))
    return 2;
  if (title == NULL || answer == NULL)
    return usage (error), 2;
  cat = category != NULL ? bansou_ticket_category_from_string (category) : BANSOU_TICKET_CATEGORY_OTHER;
  if (cat == BANSOU_N_TICKET_CATEGORIES)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown channel, category or priority"));
      return 2;
    }
  if (!ctl_desk_open (ctx, &d, error) ||
      !(id = bansou_consult_add_article (d.consult, title, question, answer, cat, from, error)))
    return 1;
  g_print ("%s\n", id);
  return 0;
}

static int
consult_publish (CtlContext  *ctx,
                 int          argc,
                 char       **argv,
                 GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  GOptionEntry entries[] = { { NULL } };
  BansouVisibility v;

  if (!ctl_parse_command (entries, &argc, &argv, 3, group, error))
    return 2;
  v = bansou_visibility_from_string (argv[2]);
  if (v == BANSOU_N_VISIBILITIES)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown visibility “%s”"), argv[2]);
      return 2;
    }
  if (!ctl_desk_open (ctx, &d, error) || !bansou_consult_set_visibility (d.consult, argv[1], v, error))
    return 1;
  return 0;
}

/* ------------------------------------------------------------------------ */
/* articles list|show                                                       */

static void
add_article_json (JsonBuilder         *b,
                  const BansouArticle *a)
{
  json_builder_begin_object (b);
  add_string (b, "id", a->id);
  add_string (b, "title", a->title);
  add_string (b, "question", a->question);
  add_string (b, "answer", a->answer);
  add_string (b, "category", bansou_ticket_category_to_string (a->category));
  add_string (b, "visibility", bansou_visibility_to_string (a->visibility));
  add_string (b, "origin", a->origin);
  add_string (b, "source_ticket", a->source_ticket);
  add_string (b, "updated_at", a->updated_at);
  json_builder_end_object (b);
}

static int
articles_list (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *format_arg = NULL, *visibility = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "visibility", 0, 0, G_OPTION_ARG_STRING, &visibility, NULL, NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };
  int v = -1;

  if (!ctl_parse_command (entries, &argc, &argv, 1, group, error) || !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (visibility != NULL && (v = bansou_visibility_from_string (visibility)) == BANSOU_N_VISIBILITIES)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown visibility “%s”"), visibility);
      return 2;
    }
  if (!ctl_desk_open (ctx, &d, error) || !(list = bansou_consult_list_articles (d.consult, v, 0, error)))
    return 1;

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        add_article_json (b, g_ptr_array_index (list, i));
      json_builder_end_array (b);
      ctl_print_json (b);
    }
  else if (format == CTL_FORMAT_CSV)
    {
      g_autoptr(GString) csv = g_string_new (NULL);
      const char *header[] = { "id", "title", "category", "visibility", "origin", "updated_at", NULL };

      bansou_csv_append_row (csv, header);
      for (guint i = 0; i < list->len; i++)
        {
          BansouArticle *a = g_ptr_array_index (list, i);
          const char *row[] = { a->id, a->title, bansou_ticket_category_to_string (a->category),
                                bansou_visibility_to_string (a->visibility), a->origin, a->updated_at, NULL };
          bansou_csv_append_row (csv, row);
        }
      fwrite (csv->str, 1, csv->len, stdout);
    }
  else if (list->len == 0)
    g_print ("%s\n", _("The Q&A base is empty."));
  else
    for (guint i = 0; i < list->len; i++)
      {
        BansouArticle *a = g_ptr_array_index (list, i);
        ctl_print_row (a->id, -38, bansou_visibility_get_label (a->visibility), -10,
                       bansou_ticket_category_get_label (a->category), -16, a->title, 0, NULL);
      }
  return 0;
}

static int
articles_show (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autoptr(BansouArticle) a = NULL;
  g_autofree char *format_arg = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, group, error) || !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!ctl_desk_open (ctx, &d, error) || !(a = bansou_consult_lookup_article (d.consult, argv[1], error)))
    return 1;
  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      add_article_json (b, a);
      ctl_print_json (b);
      return 0;
    }
  g_print ("%s\n", a->title);
  g_print (_("  %s · %s\n"), bansou_ticket_category_get_label (a->category), bansou_visibility_get_label (a->visibility));
  if (a->question != NULL && *a->question)
    g_print (_("\nQuestion:\n%s\n"), a->question);
  g_print (_("\nAnswer:\n%s\n"), a->answer);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Escalation to the national desk (総合窓口)                                */

static const char * const escalation_fields[] = { "subject", "description", "category", "questions", "body",
                                                  "messages", NULL };

/* --messages 1,3 (positions in the thread, as `tickets show` lists them) or message ids */
static GStrv
pick_messages (const BansouTicket  *t,
               const char          *list,
               GError             **error)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *p = g_strstrip (parts[i]);
      guint64 n;

      if (*p == '\0')
        continue;
      if (g_ascii_string_to_unsigned (p, 10, 1, t->messages->len, &n, NULL))
        g_strv_builder_add (out, ((BansouTicketMessage *) g_ptr_array_index (t->messages, n - 1))->id);
      else if (g_uuid_string_is_valid (p))
        g_strv_builder_add (out, p);
      else
        {
          g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                       _("“%s” is not a message of consultation %d (1 to %u, or a message id)"), p,
                       (int) t->number, t->messages->len);
          return NULL;
        }
    }
  return g_strv_builder_end (out);
}

static int
tickets_escalate (CtlContext  *ctx,
                  int          argc,
                  char       **argv,
                  GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autoptr(BansouTicket) t = NULL;
  g_autoptr(BansouEscalationDraft) draft = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *fields_arg = NULL, *subject = NULL, *text = NULL, *messages = NULL, *id = NULL;
  g_auto(GStrv) fields = NULL;
  gboolean allow = FALSE;
  GOptionEntry entries[] = {
    { "fields", 0, 0, G_OPTION_ARG_STRING, &fields_arg, NULL, NULL },
    { "subject", 0, 0, G_OPTION_ARG_STRING, &subject, NULL, NULL },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, NULL, NULL },
    { "messages", 0, 0, G_OPTION_ARG_STRING, &messages, NULL, NULL },
    { "allow-personal-data", 0, 0, G_OPTION_ARG_NONE, &allow, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, group, error))
    return 2;
  fields = g_strsplit (fields_arg != NULL ? fields_arg : "subject,description,category,questions", ",", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    if (!g_strv_contains (escalation_fields, g_strstrip (fields[i])))
      {
        g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                     _("Unknown field “%s” (subject description category questions body messages)"), fields[i]);
        return 2;
      }
  if (!ctl_desk_open (ctx, &d, error) || !(t = bansou_consult_lookup (d.consult, argv[1], error)) ||
      !(draft = bansou_consult_escalation_draft_new (d.consult, t->id, error)))
    return 1;

  if (subject != NULL)
    {
      g_free (draft->subject);
      draft->subject = g_strdup (subject);
    }
  g_free (draft->text);
  draft->text = g_strdup (text != NULL ? text
                          : g_strv_contains ((const char * const *) fields, "description") ? t->description : NULL);
  draft->send_category = g_strv_contains ((const char * const *) fields, "category");
  draft->send_questions = g_strv_contains ((const char * const *) fields, "questions");
  draft->send_body = g_strv_contains ((const char * const *) fields, "body");
  if (messages != NULL || g_strv_contains ((const char * const *) fields, "messages"))
    {
      /* "messages" alone: what the body said (inbound), never the notes */
      if (messages != NULL)
        draft->messages = pick_messages (t, messages, error);
      else
        {
          g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
          for (guint i = 0; i < t->messages->len; i++)
            {
              BansouTicketMessage *m = g_ptr_array_index (t->messages, i);
              if (g_str_equal (m->kind, "inbound"))
                g_strv_builder_add (b, m->id);
            }
          draft->messages = g_strv_builder_end (b);
        }
      if (draft->messages == NULL)
        return 2;
    }

  /* What will be sent, searched before anything is stored. */
  if (!(findings = bansou_consult_escalation_find_personal_data (d.consult, draft, error)))
    return 1;
  if (findings->len > 0)
    {
      g_autofree char *what = bansou_escalation_findings_describe (findings);

      if (!allow)
        {
          g_set_error (error, CTL_ERROR, CTL_ERROR_FAILED,
                       _("Not sent: what would be sent holds personal data: %s. Edit it with --text, --subject "
                         "or --fields, or send it knowingly with --allow-personal-data."), what);
          return 1;
        }
      g_printerr (_("Warning: sent with personal data: %s\n"), what);
    }
  if (!(id = bansou_consult_escalate (d.consult, draft, TRUE, error)))
    return 1;
  g_print ("%s\n", id);
  return 0;
}

static void
add_escalation_json (JsonBuilder            *b,
                     const BansouEscalation *e)
{
  json_builder_begin_object (b);
  add_string (b, "id", e->id);
  add_string (b, "ticket", e->ticket);
  add_string (b, "prefecture", e->prefecture);
  add_string (b, "state", bansou_escalation_state_to_string (e->state));
  add_string (b, "subject", e->subject);
  add_string (b, "text", e->text);
  add_string (b, "category", e->category >= 0 ? bansou_ticket_category_to_string (e->category) : NULL);
  json_builder_set_member_name (b, "questions");
  if (e->questions != NULL)
    {
      json_builder_begin_array (b);
      for (guint i = 0; e->questions[i]; i++)
        json_builder_add_string_value (b, e->questions[i]);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
  add_string (b, "body_name", e->body_name);
  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  for (guint i = 0; i < e->messages->len; i++)
    {
      BansouEscalationMessage *m = g_ptr_array_index (e->messages, i);
      json_builder_begin_object (b);
      add_string (b, "kind", m->kind);
      add_string (b, "text", m->text);
      add_string (b, "created_at", m->created_at);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_string (b, "sent_by", e->sent_by);
  add_string (b, "sent_at", e->sent_at);
  add_string (b, "received_at", e->received_at);
  add_string (b, "answer", e->answer);
  add_string (b, "answered_by", e->answered_by);
  add_string (b, "answered_at", e->answered_at);
  json_builder_end_object (b);
}

static int
tickets_escalations (CtlContext  *ctx,
                     int          argc,
                     char       **argv,
                     GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *format_arg = NULL, *prefecture = NULL, *pref = NULL;
  gboolean waiting = FALSE, answered = FALSE;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "waiting", 0, 0, G_OPTION_ARG_NONE, &waiting, NULL, NULL },
    { "answered", 0, 0, G_OPTION_ARG_NONE, &answered, NULL, NULL },
    { "prefecture", 0, 0, G_OPTION_ARG_STRING, &prefecture, NULL, NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };
  BansouEscalationFilter filter = { .state = -1 };

  if (!ctl_parse_command (entries, &argc, &argv, 1, group, error) || !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (waiting && answered)
    return usage (error), 2;
  filter.state = waiting ? BANSOU_ESCALATION_WAITING : answered ? BANSOU_ESCALATION_ANSWERED : -1;
  if (!ctl_desk_open (ctx, &d, error))
    return 1;
  if (prefecture != NULL)
    {
      if (strlen (prefecture) == 2 && g_ascii_isdigit (prefecture[0]) && g_ascii_isdigit (prefecture[1]))
        pref = g_strdup (prefecture);
      else if (!(pref = ctl_resolve_scope (d.store, d.registry, prefecture, NULL, error)))
        return 2;
      filter.prefecture = pref;
    }
  if (!(list = bansou_consult_list_escalations (d.consult, &filter, error)))
    return 1;

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        add_escalation_json (b, g_ptr_array_index (list, i));
      json_builder_end_array (b);
      ctl_print_json (b);
    }
  else if (format == CTL_FORMAT_CSV)
    {
      g_autoptr(GString) csv = g_string_new (NULL);
      const char *header[] = { "id", "prefecture", "state", "subject", "category", "sent_at", "received_at",
                               "answered_at", NULL };

      bansou_csv_append_row (csv, header);
      for (guint i = 0; i < list->len; i++)
        {
          BansouEscalation *e = g_ptr_array_index (list, i);
          const char *row[] = { e->id, e->prefecture, bansou_escalation_state_to_string (e->state), e->subject,
                                e->category >= 0 ? bansou_ticket_category_to_string (e->category) : "",
                                e->sent_at, e->received_at ? e->received_at : "",
                                e->answered_at ? e->answered_at : "", NULL };
          bansou_csv_append_row (csv, row);
        }
      fwrite (csv->str, 1, csv->len, stdout);
    }
  else if (list->len == 0)
    g_print ("%s\n", _("No escalations."));
  else
    {
      ctl_print_row (_("Escalation"), -38, _("Prefecture"), -8, _("State"), -8, _("Received"), -18, _("Subject"), 0,
                     NULL);
      for (guint i = 0; i < list->len; i++)
        {
          BansouEscalation *e = g_ptr_array_index (list, i);
          g_autofree char *received = e->received_at ? local_time (e->received_at) : g_strdup (_("not sent yet"));
          ctl_print_row (e->id, -38, e->prefecture, -8, bansou_escalation_state_get_label (e->state), -8, received,
                         -18, e->subject, 0, NULL);
        }
    }
  return 0;
}

static int
tickets_escalation (CtlContext  *ctx,
                    int          argc,
                    char       **argv,
                    GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  g_autoptr(BansouEscalation) e = NULL;
  g_autofree char *format_arg = NULL, *sent = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, group, error) || !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!ctl_desk_open (ctx, &d, error) || !(e = bansou_consult_lookup_escalation (d.consult, argv[1], error)))
    return 1;
  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      add_escalation_json (b, e);
      ctl_print_json (b);
      return 0;
    }
  sent = local_time (e->sent_at);
  g_print (_("Escalation from prefecture %s: %s\n"), e->prefecture, e->subject);
  g_print (_("  %s · sent %s\n"), bansou_escalation_state_get_label (e->state), sent);
  if (e->category >= 0)
    g_print (_("  Category: %s\n"), bansou_ticket_category_get_label (e->category));
  if (e->body_name != NULL)
    g_print (_("  Body: %s\n"), e->body_name);
  if (e->questions != NULL && e->questions[0] != NULL)
    {
      g_autofree char *q = g_strjoinv (", ", e->questions);
      g_print (_("  Questions: %s\n"), q);
    }
  if (e->text != NULL)
    g_print ("\n%s\n", e->text);
  for (guint i = 0; i < e->messages->len; i++)
    {
      BansouEscalationMessage *m = g_ptr_array_index (e->messages, i);
      g_autofree char *at = local_time (m->created_at);
      g_print ("\n[%s] %s\n%s\n", at, m->kind, m->text);
    }
  if (e->answer != NULL)
    {
      g_autofree char *at = local_time (e->answered_at);
      g_print (_("\nAnswer of the national desk (%s):\n%s\n"), at, e->answer);
    }
  return 0;
}

static int
tickets_answer_escalation (CtlContext  *ctx,
                           int          argc,
                           char       **argv,
                           GError     **error)
{
  g_auto(CtlDesk) d = { 0 };
  GOptionEntry entries[] = { { NULL } };

  if (!ctl_parse_command (entries, &argc, &argv, 3, group, error))
    return 2;
  if (!ctl_desk_open (ctx, &d, error) || !bansou_consult_answer_escalation (d.consult, argv[1], argv[2], error))
    return 1;
  return 0;
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  CtlCommand  func;
} Subcommand;

static int
run_group (CtlContext        *ctx,
           int                argc,
           char             **argv,
           const char        *name,
           const char        *usage_message,
           const Subcommand  *subcommands,
           guint              n,
           GError           **error)
{
  group = name;
  if (argc < 2)
    return usage (error), 2;
  if (ctl_wants_help (argc, argv))
    {
      g_print ("%s\n", _(usage_message));
      return 0;
    }
  for (guint i = 0; i < n; i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].func (ctx, argc - 1, argv + 1, error);
  return usage (error), 2;
}

static const char tickets_usage[] =
  N_("Usage:\n"
     "  bansouctl tickets add CODE --subject TEXT [--text TEXT] [--channel CHANNEL] [--category CATEGORY]\n"
     "                        [--priority PRIORITY] [--received DATETIME] [--format text|json]\n"
     "  bansouctl tickets list [--all] [--overdue] [--body CODE] [--format text|csv|json]\n"
     "  bansouctl tickets show TICKET [--format text|json]\n"
     "  bansouctl tickets reply|note|inbound TICKET TEXT [--at DATETIME]\n"
     "  bansouctl tickets state TICKET STATE [--at DATETIME]\n"
     "  bansouctl tickets set TICKET FIELD VALUE\n"
     "  bansouctl tickets attach TICKET FILE [--type MEDIA-TYPE]\n"
     "  bansouctl tickets search WORDS… [--format text|csv|json]\n"
     "  bansouctl tickets pii FILE|-\n"
     "  bansouctl tickets escalate TICKET [--fields subject,description,category,questions,body,messages]\n"
     "                        [--subject TEXT] [--text TEXT] [--messages 1,3] [--allow-personal-data]\n"
     "  bansouctl tickets escalations [--waiting|--answered] [--prefecture PREF] [--format text|csv|json]\n"
     "  bansouctl tickets escalation ESCALATION [--format text|json]\n"
     "  bansouctl tickets answer-escalation ESCALATION TEXT      (the national desk)\n"
     "  bansouctl tickets incident|incident-done|dispatch TICKET …   (重大インシデント: tickets incident --help)\n"
     "`tickets add` prints the first-response and resolution deadlines on the government calendar.\n"
     "`tickets escalate` sends the national desk (総合窓口) only the fields chosen (default: subject,\n"
     "description, category, questions); it refuses text with personal data unless --allow-personal-data.\n"
     "Channels: phone mail counter visit online\n"
     "Categories: supply_chain incident policy technical cloud people other\n"
     "Priorities: low normal high critical\n"
     "States: in_progress on_hold answered closed\n"
     "TICKET: the consultation's number or id. Attachments: 10 MB a file, 50 MB and 20 files a ticket.");

static const char articles_usage[] =
  N_("Usage:\n"
     "  bansouctl articles list [--visibility draft|prefecture|national] [--format text|csv|json]\n"
     "  bansouctl articles show ARTICLE [--format text|json]\n"
     "  bansouctl articles search WORDS… [--format text|csv|json]\n"
     "  bansouctl articles add --title TEXT --answer TEXT [--question TEXT] [--category CATEGORY] [--from TICKET]\n"
     "  bansouctl articles publish ARTICLE draft|prefecture|national");

int
ctl_cmd_tickets (CtlContext  *ctx,
                 int          argc,
                 char       **argv,
                 GError     **error)
{
  static const Subcommand subcommands[] = {
    { "add",               tickets_add },
    { "list",              consult_list },
    { "show",              consult_show },
    { "reply",             consult_reply },
    { "note",              consult_note },
    { "inbound",           consult_inbound },
    { "state",             consult_state },
    { "set",               consult_set },
    { "attach",            consult_attach },
    { "search",            consult_search },
    { "pii",               consult_pii },
    { "escalate",          tickets_escalate },
    { "escalations",       tickets_escalations },
    { "escalation",        tickets_escalation },
    { "answer-escalation", tickets_answer_escalation },
    { "incident",          ctl_consult_incident },
    { "incident-done",     ctl_consult_incident },
    { "dispatch",          ctl_consult_incident },
  };

  return run_group (ctx, argc, argv, "tickets", tickets_usage, subcommands, G_N_ELEMENTS (subcommands), error);
}

int
ctl_cmd_articles (CtlContext  *ctx,
                  int          argc,
                  char       **argv,
                  GError     **error)
{
  static const Subcommand subcommands[] = {
    { "list",    articles_list },
    { "show",    articles_show },
    { "search",  articles_search },
    { "add",     consult_article },
    { "publish", consult_publish },
  };

  return run_group (ctx, argc, argv, "articles", articles_usage, subcommands, G_N_ELEMENTS (subcommands), error);
}

/* The older name of both groups, kept working. */
int
ctl_cmd_consult (CtlContext  *ctx,
                 int          argc,
                 char       **argv,
                 GError     **error)
{
  static const Subcommand subcommands[] = {
    { "open",    consult_open },
    { "list",    consult_list },
    { "show",    consult_show },
    { "reply",   consult_reply },
    { "note",    consult_note },
    { "inbound", consult_inbound },
    { "state",   consult_state },
    { "set",     consult_set },
    { "attach",  consult_attach },
    { "search",  consult_search },
    { "pii",     consult_pii },
    { "article", consult_article },
    { "publish", consult_publish },
    { "escalate", tickets_escalate },
    { "escalations", tickets_escalations },
    { "answer-escalation", tickets_answer_escalation },
    { "incident", ctl_consult_incident },
    { "incident-done", ctl_consult_incident },
    { "dispatch", ctl_consult_incident },
  };

  return run_group (ctx, argc, argv, "consult", usage_text, subcommands, G_N_ELEMENTS (subcommands), error);
}
