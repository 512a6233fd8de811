/* ctl-consult.c — bansouctl consult … (相談窓口)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

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
     "Channels: phone mail counter visit online\n"
     "Categories: supply_chain incident policy technical cloud people other\n"
     "Priorities: low normal high critical (SLA targets in office time of the government calendar)\n"
     "States: in_progress on_hold answered closed\n"
     "Fields: subject description assignee channel category priority incident questions\n"
     "TICKET: the consultation's number or id. Attachments: 10 MB a file, 50 MB and 20 files a ticket.");

typedef struct
{
  BansouStore    *store;
  BansouRegistry *registry;
  BansouCalendar *calendar;
  BansouConsult  *consult;
} Desk;

static void
desk_clear (Desk *d)
{
  g_clear_object (&d->consult);
  g_clear_object (&d->calendar);
  g_clear_object (&d->registry);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Desk, desk_clear)

static gboolean
desk_open (CtlContext  *ctx,
           Desk        *d,
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

static gboolean
usage (GError **error)
{
  return ctl_usage_error (error, "consult");
}

/* "2026-12-02 14:05" in Japan time */
static char *
local_time (const char *iso)
{
  g_autoptr(GDateTime) dt = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (dt, tz);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
clock_text (Desk                 *d,
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

static int
consult_open (CtlContext  *ctx,
              int          argc,
              char       **argv,
              GError     **error)
{
  g_auto(Desk) d = { 0 };
  g_autofree char *subject = NULL, *text = NULL, *channel = NULL, *category = NULL;
  g_autofree char *priority = NULL, *received = NULL, *id = NULL;
  GOptionEntry entries[] = {
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

  if (!ctl_parse_command (entries, &argc, &argv, 2, "consult", error))
    return 2;
  if (subject == NULL)
    return usage (error), 2;
  ch = channel != NULL ? bansou_channel_from_string (channel) : BANSOU_CHANNEL_PHONE;
  cat = category != NULL ? bansou_ticket_category_from_string (category) : BANSOU_TICKET_CATEGORY_OTHER;
  pr = priority != NULL ? bansou_priority_from_string (priority) : BANSOU_PRIORITY_NORMAL;
  if (ch == BANSOU_N_CHANNELS || cat == BANSOU_N_TICKET_CATEGORIES || pr == BANSOU_N_PRIORITIES)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown channel, category or priority"));
      return 2;
    }
  if (!desk_open (ctx, &d, error))
    return 1;
  if (!(id = bansou_consult_open (d.consult, argv[1], ch, cat, pr, subject, text, received, error)))
    return 1;
  g_print ("%s\n", id);
  return 0;
}

static int
consult_list (CtlContext  *ctx,
              int          argc,
              char       **argv,
              GError     **error)
{
  g_auto(Desk) d = { 0 };
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

  if (!ctl_parse_command (entries, &argc, &argv, 1, "consult", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!desk_open (ctx, &d, error))
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
                   _("First response"), -26, _("Resolution"), 0, NULL);

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
                         bansou_ticket_state_get_label (t->state), -18, t->subject, -32, fr, -26, rs, 0, NULL);
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
  g_auto(Desk) d = { 0 };
  g_autoptr(BansouTicket) t = NULL;
  g_autofree char *format_arg = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };
  BansouTicketSla sla;

  if (!ctl_parse_command (entries, &argc, &argv, 2, "consult", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!desk_open (ctx, &d, error) || !(t = bansou_consult_lookup (d.consult, argv[1], error)) ||
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
      if (*t->description)
        g_print ("\n%s\n", t->description);
      for (guint i = 0; i < t->messages->len; i++)
        {
          BansouTicketMessage *m = g_ptr_array_index (t->messages, i);
          g_autofree char *at = local_time (m->created_at);
          g_print ("\n[%s] %s %s\n%s\n", at, m->kind, m->author, m->text);
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
  g_auto(Desk) d = { 0 };
  g_autofree char *at = NULL, *id = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 3, "consult", error))
    return 2;
  if (!desk_open (ctx, &d, error) ||
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
  g_auto(Desk) d = { 0 };
  g_autofree char *at = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, NULL, NULL },
    { NULL }
  };
  BansouTicketState state;

  if (!ctl_parse_command (entries, &argc, &argv, 3, "consult", error))
    return 2;
  state = bansou_ticket_state_from_string (argv[2]);
  if (state == BANSOU_N_TICKET_STATES)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown state “%s”"), argv[2]);
      return 2;
    }
  if (!desk_open (ctx, &d, error) || !bansou_consult_set_state (d.consult, argv[1], state, at, error))
    return 1;
  return 0;
}

static int
consult_set (CtlContext  *ctx,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_auto(Desk) d = { 0 };
  GOptionEntry entries[] = { { NULL } };

  if (!ctl_parse_command (entries, &argc, &argv, 4, "consult", error))
    return 2;
  if (!desk_open (ctx, &d, error))
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
  g_auto(Desk) d = { 0 };
  g_autofree char *type = NULL, *id = NULL, *name = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 3, "consult", error))
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
  if (!desk_open (ctx, &d, error) ||
      !(id = bansou_consult_attach (d.consult, argv[1], name, type, bytes, error)))
    return 1;
  g_print ("%s\n", id);
  return 0;
}

static int
consult_search (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  g_auto(Desk) d = { 0 };
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
  if (!desk_open (ctx, &d, error) || !(hits = bansou_consult_search (d.consult, query, 50, error)))
    return 1;

  if (format == CTL_FORMAT_JSON)
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
consult_pii (CtlContext  *ctx,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_auto(Desk) d = { 0 };
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree char *text = NULL;
  g_autofree char *redacted = NULL;
  GOptionEntry entries[] = { { NULL } };
  gsize length;

  if (!ctl_parse_command (entries, &argc, &argv, 2, "consult", error))
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
  if (!desk_open (ctx, &d, error) || !(matches = bansou_consult_find_personal_data (d.consult, text, NULL, error)))
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
  g_auto(Desk) d = { 0 };
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

  if (!ctl_parse_command (entries, &argc, &argv, 1, "consult", error))
    return 2;
  if (title == NULL || answer == NULL)
    return usage (error), 2;
  cat = category != NULL ? bansou_ticket_category_from_string (category) : BANSOU_TICKET_CATEGORY_OTHER;
  if (cat == BANSOU_N_TICKET_CATEGORIES)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown channel, category or priority"));
      return 2;
    }
  if (!desk_open (ctx, &d, error) ||
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
  g_auto(Desk) d = { 0 };
  GOptionEntry entries[] = { { NULL } };
  BansouVisibility v;

  if (!ctl_parse_command (entries, &argc, &argv, 3, "consult", error))
    return 2;
  v = bansou_visibility_from_string (argv[2]);
  if (v == BANSOU_N_VISIBILITIES)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown visibility “%s”"), argv[2]);
      return 2;
    }
  if (!desk_open (ctx, &d, error) || !bansou_consult_set_visibility (d.consult, argv[1], v, error))
    return 1;
  return 0;
}

int
ctl_cmd_consult (CtlContext  *ctx,
                 int          argc,
                 char       **argv,
                 GError     **error)
{
  static const struct {
    const char *name;
    CtlCommand  func;
  } subcommands[] = {
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
  };

  if (argc < 2)
    return usage (error), 2;
  if (ctl_wants_help (argc, argv))
    {
      g_print ("%s\n", _(usage_text));
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].func (ctx, argc - 1, argv + 1, error);
  if (ctl_consult_incident_handles (argv[1])) return ctl_consult_incident (ctx, argc - 1, argv + 1, error);
  return usage (error), 2;
}
