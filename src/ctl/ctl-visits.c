/* ctl-visits.c — bansouctl visits … (requests, suggestions, visits,
 * reports and calendars of the expert dispatch)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansouctl"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ctl-private.h"

static const char *usage_text =
  N_("Usage:\n"
     "  bansouctl visits request CODE [--questions Q,…] [--urgency normal|urgent|incident]\n"
     "                           [--purpose TEXT] [--from DATE] [--until DATE] [--ticket REF]\n"
     "  bansouctl visits request --cells CODE:Q,CODE:Q,… [--urgency …] [--from DATE] [--until DATE]\n"
     "  bansouctl visits requests [--body CODE] [--open] [--format text|csv|json]\n"
     "  bansouctl visits suggest REQUEST [--max N] [--format text|csv|json]\n"
     "  bansouctl visits schedule --expert ID (--request REQUEST | --body CODE) --day DATE\n"
     "                            --time HH:MM-HH:MM [--questions Q,…] [--override REASON]\n"
     "  bansouctl visits move VISIT --day DATE --time HH:MM-HH:MM [--expert ID] [--override REASON]\n"
     "  bansouctl visits cancel VISIT [--reason TEXT]\n"
     "  bansouctl visits list [--expert ID] [--body CODE] [--from DATE] [--until DATE] [--format text|csv|json]\n"
     "  bansouctl visits report VISIT --text TEXT --minutes N [--cost YEN] [--subsidy PERCENT]\n"
     "                          [--finding Q=done|partial|not_done|na[:NOTE]]…\n"
     "  bansouctl visits accept VISIT [--yes]\n"
     "  bansouctl visits ics (--expert ID | --body CODE) [--output FILE.ics]\n"
     "  bansouctl visits ics --import FILE.ics\n"
     "A visit with conflicts (closed day, contract, confidentiality agreement, caps) is saved only\n"
     "with --override and its reason; a double booking never.\n"
     "accept shows the answer changes the findings make in the current round; --yes writes them.\n"
     "REQUEST and VISIT: the number, the id, or its first characters.");

static gboolean
parse_time (const char  *text,
            guint       *minutes)
{
  guint h, m;
  char tail;

  if (text == NULL || sscanf (text, "%u:%u%c", &h, &m, &tail) != 2 || m > 59 || h > 24 || (h == 24 && m > 0))
    return FALSE;
  *minutes = h * 60 + m;
  return TRUE;
}

static gboolean
parse_range (const char  *text,
             guint       *start,
             guint       *end,
             GError     **error)
{
  g_auto(GStrv) parts = text ? g_strsplit (text, "-", 2) : NULL;

  if (parts == NULL || g_strv_length (parts) != 2 || !parse_time (parts[0], start) || !parse_time (parts[1], end))
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("Give the time of the visit as HH:MM-HH:MM, e.g. 9:30-12:00"));
      return FALSE;
    }
  return TRUE;
}

static GStrv
split_list (const char *text)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) parts = text ? g_strsplit (text, ",", -1) : g_new0 (char *, 1);

  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i])
        g_strv_builder_add (b, parts[i]);
    }
  return g_strv_builder_end (b);
}

static void
print_conflicts (GPtrArray *conflicts)
{
  for (guint i = 0; conflicts && i < conflicts->len; i++)
    {
      BansouVisitConflict *c = g_ptr_array_index (conflicts, i);
      g_printerr ("%s %s\n", c->overridable ? "⚠" : "✖", c->message);
    }
}

static int
visits_request (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  g_autofree char *questions = NULL;
  g_autofree char *cells = NULL;
  g_autofree char *urgency = NULL;
  g_autofree char *purpose = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *ticket = NULL;
  g_auto(GStrv) qs = NULL;
  g_auto(GStrv) ids = NULL;
  BansouRequestSpec spec = { 0 };
  GOptionEntry entries[] = {
    { "questions", 0, 0, G_OPTION_ARG_STRING, &questions, NULL, NULL },
    { "cells", 0, 0, G_OPTION_ARG_STRING, &cells, NULL, NULL },
    { "urgency", 0, 0, G_OPTION_ARG_STRING, &urgency, NULL, NULL },
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &purpose, NULL, NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, NULL, NULL },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, NULL, NULL },
    { "ticket", 0, 0, G_OPTION_ARG_STRING, &ticket, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_options (entries, &argc, &argv, error))
    return 2;
  if (argc != (cells ? 1 : 2))
    return ctl_usage_error (error, "visits"), 2;
  if (urgency && (spec.urgency = bansou_urgency_from_string (urgency)) == BANSOU_N_URGENCIES)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("Unknown urgency “%s” (normal, urgent or incident)"), urgency);
      return 2;
    }
  if (!ctl_dispatch_open (ctx, &d, error))
    return 1;
  qs = split_list (questions);
  spec.questions = (const char * const *) qs;
  spec.purpose = purpose;
  spec.wanted_from = from;
  spec.wanted_until = until;

  if (cells)
    {
      g_auto(GStrv) parts = split_list (cells);
      g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (BansouDispatchCell));

      for (guint i = 0; parts[i]; i++)
        {
          char *colon = strchr (parts[i], ':');
          BansouDispatchCell c;

          if (colon == NULL)
            {
              g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                           _("A cell is CODE:QUESTION, not “%s”"), parts[i]);
              return 2;
            }
          *colon = '\0';
          c.body = parts[i];
          c.question = colon + 1;
          g_array_append_val (list, c);
        }
      if (!(ids = bansou_dispatch_add_requests_from_cells (d.dispatch, (BansouDispatchCell *) list->data,
                                                           list->len, &spec, error)))
        return 1;
    }
  else
    {
      char *id;

      spec.body = argv[1];
      id = ticket ? bansou_dispatch_add_request_from_ticket (d.dispatch, ticket, &spec, error)
                  : bansou_dispatch_add_request (d.dispatch, &spec, error);
      if (id == NULL)
        return 1;
      ids = g_new0 (char *, 2);
      ids[0] = id;
    }
  for (guint i = 0; ids[i]; i++)
    {
      g_autoptr(BansouDispatchRequest) r = bansou_dispatch_get_request (d.dispatch, ids[i], error);
      if (r == NULL)
        return 1;
      /* Translators: a new request: its number, the body, its id */
      g_print (_("Request %d for %s: %s\n"), (int) r->number, r->body_name, r->id);
    }
  return 0;
}

static int
visits_requests (CtlContext  *ctx,
                 int          argc,
                 char       **argv,
                 GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *body = NULL;
  g_autofree char *format_arg = NULL;
  gboolean open_only = FALSE;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "body", 0, 0, G_OPTION_ARG_STRING, &body, NULL, NULL },
    { "open", 0, 0, G_OPTION_ARG_NONE, &open_only, NULL, NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 1, "visits", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!ctl_dispatch_open (ctx, &d, error) ||
      !(list = bansou_dispatch_list_requests (d.dispatch, body, open_only, error)))
    return 1;
  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          BansouDispatchRequest *r = g_ptr_array_index (list, i);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id"); json_builder_add_string_value (b, r->id);
          json_builder_set_member_name (b, "number"); json_builder_add_int_value (b, r->number);
          json_builder_set_member_name (b, "body"); json_builder_add_string_value (b, r->body);
          json_builder_set_member_name (b, "urgency"); json_builder_add_string_value (b, bansou_urgency_to_string (r->urgency));
          json_builder_set_member_name (b, "state"); json_builder_add_string_value (b, bansou_request_state_to_string (r->state));
          json_builder_set_member_name (b, "purpose"); json_builder_add_string_value (b, r->purpose);
          json_builder_set_member_name (b, "questions");
          json_builder_begin_array (b);
          for (guint k = 0; r->questions[k]; k++)
            json_builder_add_string_value (b, r->questions[k]);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      ctl_print_json (b);
    }
  else if (format == CTL_FORMAT_CSV)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "number", "id", "body", "urgency", "state", "wanted_from", "wanted_until",
                               "questions", "purpose", NULL };

      bansou_csv_append_row (out, header);
      for (guint i = 0; i < list->len; i++)
        {
          BansouDispatchRequest *r = g_ptr_array_index (list, i);
          g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, r->number);
          g_autofree char *qs = g_strjoinv (",", r->questions);
          const char *row[] = { n, r->id, r->body, bansou_urgency_to_string (r->urgency),
                                bansou_request_state_to_string (r->state), r->wanted_from ? r->wanted_from : "",
                                r->wanted_until ? r->wanted_until : "", qs, r->purpose, NULL };
          bansou_csv_append_row (out, row);
        }
      fwrite (out->str, 1, out->len, stdout);
    }
  else
    for (guint i = 0; i < list->len; i++)
      {
        BansouDispatchRequest *r = g_ptr_array_index (list, i);
        g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, r->number);
        ctl_print_row (n, 5, r->body_name, -12, bansou_urgency_get_label (r->urgency), -16,
                       bansou_request_state_get_label (r->state), -10, r->purpose, 0, NULL);
      }
  return 0;
}

static int
visits_suggest (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *format_arg = NULL;
  int max = 10;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "max", 0, 0, G_OPTION_ARG_INT, &max, NULL, NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "visits", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!ctl_dispatch_open (ctx, &d, error) ||
      !(list = bansou_dispatch_suggest (d.dispatch, argv[1], MAX (max, 0), error)))
    return 1;
  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          BansouSuggestion *s = g_ptr_array_index (list, i);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "expert"); json_builder_add_string_value (b, s->expert);
          json_builder_set_member_name (b, "name"); json_builder_add_string_value (b, s->name);
          json_builder_set_member_name (b, "score"); json_builder_add_double_value (b, s->score);
          json_builder_set_member_name (b, "matched"); json_builder_add_int_value (b, s->matched);
          json_builder_set_member_name (b, "questions"); json_builder_add_int_value (b, s->n_questions);
          json_builder_set_member_name (b, "first_day");
          if (s->first_day) json_builder_add_string_value (b, s->first_day); else json_builder_add_null_value (b);
          json_builder_set_member_name (b, "start_min"); json_builder_add_int_value (b, s->start_min);
          json_builder_set_member_name (b, "end_min"); json_builder_add_int_value (b, s->end_min);
          json_builder_set_member_name (b, "visits_in_month"); json_builder_add_int_value (b, s->visits_in_month);
          json_builder_set_member_name (b, "reason"); json_builder_add_string_value (b, s->reason);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      ctl_print_json (b);
    }
  else if (format == CTL_FORMAT_CSV)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "rank", "expert", "name", "score", "first_day", "start", "reason", NULL };

      bansou_csv_append_row (out, header);
      for (guint i = 0; i < list->len; i++)
        {
          BansouSuggestion *s = g_ptr_array_index (list, i);
          g_autofree char *rank = g_strdup_printf ("%u", i + 1);
          g_autofree char *score = g_strdup_printf ("%.3f", s->score);
          g_autofree char *start = s->first_day ? g_strdup_printf ("%u:%02u", s->start_min / 60, s->start_min % 60)
                                                : g_strdup ("");
          const char *row[] = { rank, s->expert, s->name, score, s->first_day ? s->first_day : "", start,
                                s->reason, NULL };
          bansou_csv_append_row (out, row);
        }
      fwrite (out->str, 1, out->len, stdout);
    }
  else
    for (guint i = 0; i < list->len; i++)
      {
        BansouSuggestion *s = g_ptr_array_index (list, i);
        g_autofree char *rank = g_strdup_printf ("%u.", i + 1);
        ctl_print_row (rank, 3, s->name, -20, s->reason, 0, NULL);
      }
  return 0;
}

static int
visits_schedule (CtlContext  *ctx,
                 int          argc,
                 char       **argv,
                 GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  g_autofree char *expert = NULL;
  g_autofree char *request = NULL;
  g_autofree char *body = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;
  g_autofree char *questions = NULL;
  g_autofree char *override = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_auto(GStrv) qs = NULL;
  BansouVisitSpec spec = { 0 };
  GOptionEntry entries[] = {
    { "expert", 0, 0, G_OPTION_ARG_STRING, &expert, NULL, NULL },
    { "request", 0, 0, G_OPTION_ARG_STRING, &request, NULL, NULL },
    { "body", 0, 0, G_OPTION_ARG_STRING, &body, NULL, NULL },
    { "day", 0, 0, G_OPTION_ARG_STRING, &day, NULL, NULL },
    { "time", 0, 0, G_OPTION_ARG_STRING, &time, NULL, NULL },
    { "questions", 0, 0, G_OPTION_ARG_STRING, &questions, NULL, NULL },
    { "override", 0, 0, G_OPTION_ARG_STRING, &override, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 1, "visits", error))
    return 2;
  if (expert == NULL || day == NULL || (request == NULL && body == NULL))
    return ctl_usage_error (error, "visits"), 2;
  if (!parse_range (time, &spec.start_min, &spec.end_min, error))
    return 2;
  if (!ctl_dispatch_open (ctx, &d, error))
    return 1;
  if (questions)
    {
      qs = split_list (questions);
      spec.questions = (const char * const *) qs;
    }
  spec.expert = expert;
  spec.request = request;
  spec.body = body;
  spec.day = day;
  id = bansou_dispatch_schedule_visit (d.dispatch, &spec, override, &conflicts, error);
  if (id == NULL)
    return 1;
  {
    g_autoptr(BansouVisit) v = bansou_dispatch_get_visit (d.dispatch, id, error);
    if (v == NULL)
      return 1;
    print_conflicts (conflicts);
    /* Translators: a new visit: its number, day, body and id */
    g_print (_("Visit %d on %s at %s: %s\n"), (int) v->number, v->day, v->body_name, v->id);
  }
  return 0;
}

static int
visits_move (CtlContext  *ctx,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  g_autofree char *expert = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;
  g_autofree char *override = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  guint start, end;
  GOptionEntry entries[] = {
    { "expert", 0, 0, G_OPTION_ARG_STRING, &expert, NULL, NULL },
    { "day", 0, 0, G_OPTION_ARG_STRING, &day, NULL, NULL },
    { "time", 0, 0, G_OPTION_ARG_STRING, &time, NULL, NULL },
    { "override", 0, 0, G_OPTION_ARG_STRING, &override, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "visits", error))
    return 2;
  if (day == NULL)
    return ctl_usage_error (error, "visits"), 2;
  if (!parse_range (time, &start, &end, error))
    return 2;
  if (!ctl_dispatch_open (ctx, &d, error) ||
      !bansou_dispatch_move_visit (d.dispatch, argv[1], expert, day, start, end, override, &conflicts, error))
    return 1;
  print_conflicts (conflicts);
  return 0;
}

static int
visits_cancel (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "visits", error))
    return 2;
  if (!ctl_dispatch_open (ctx, &d, error) || !bansou_dispatch_cancel_visit (d.dispatch, argv[1], reason, error))
    return 1;
  return 0;
}

static int
visits_list (CtlContext  *ctx,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *expert = NULL;
  g_autofree char *body = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *format_arg = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "expert", 0, 0, G_OPTION_ARG_STRING, &expert, NULL, NULL },
    { "body", 0, 0, G_OPTION_ARG_STRING, &body, NULL, NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, NULL, NULL },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, NULL, NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 1, "visits", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!ctl_dispatch_open (ctx, &d, error) ||
      !(list = bansou_dispatch_list_visits (d.dispatch, expert, body, from, until, error)))
    return 1;
  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          BansouVisit *v = g_ptr_array_index (list, i);
          json_builder_begin_object (b);
#define STR(name, value) json_builder_set_member_name (b, name); \
  if ((value) == NULL) json_builder_add_null_value (b); else json_builder_add_string_value (b, value);
#define INT(name, value) json_builder_set_member_name (b, name); \
  if ((value) < 0) json_builder_add_null_value (b); else json_builder_add_int_value (b, value);
          STR ("id", v->id);
          INT ("number", v->number);
          STR ("request", v->request);
          STR ("expert", v->expert);
          STR ("expert_name", v->expert_name);
          STR ("body", v->body);
          STR ("body_name", v->body_name);
          STR ("day", v->day);
          INT ("start_min", (gint64) v->start_min);
          INT ("end_min", (gint64) v->end_min);
          STR ("state", bansou_visit_state_to_string (v->state));
          STR ("override_reason", v->override_reason);
          STR ("report", v->report);
          INT ("worked_min", v->worked_min);
          INT ("cost", v->cost);
          INT ("subsidy_bp", (gint64) v->subsidy_bp);
          json_builder_set_member_name (b, "questions");
          json_builder_begin_array (b);
          for (guint k = 0; k < v->questions->len; k++)
            {
              BansouVisitQuestion *q = g_ptr_array_index (v->questions, k);
              json_builder_begin_object (b);
              STR ("question", q->question);
              STR ("finding", q->finding == BANSOU_FINDING_NONE ? NULL : bansou_finding_to_string (q->finding));
              STR ("note", q->note);
              STR ("accepted_at", q->accepted_at);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
#undef STR
#undef INT
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      ctl_print_json (b);
    }
  else if (format == CTL_FORMAT_CSV)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "number", "id", "day", "start", "end", "expert", "expert_name", "body",
                               "body_name", "state", "override_reason", "worked_min", "cost", "questions", NULL };

      bansou_csv_append_row (out, header);
      for (guint i = 0; i < list->len; i++)
        {
          BansouVisit *v = g_ptr_array_index (list, i);
          g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, v->number);
          g_autofree char *st = g_strdup_printf ("%u:%02u", v->start_min / 60, v->start_min % 60);
          g_autofree char *en = g_strdup_printf ("%u:%02u", v->end_min / 60, v->end_min % 60);
          g_autofree char *wm = v->worked_min < 0 ? g_strdup ("") : g_strdup_printf ("%" G_GINT64_FORMAT, v->worked_min);
          g_autofree char *cost = v->cost < 0 ? g_strdup ("") : g_strdup_printf ("%" G_GINT64_FORMAT, v->cost);
          g_autoptr(GString) qs = g_string_new (NULL);
          const char *row[15];

          for (guint k = 0; k < v->questions->len; k++)
            g_string_append_printf (qs, "%s%s", k ? "," : "",
                                    ((BansouVisitQuestion *) g_ptr_array_index (v->questions, k))->question);
          row[0] = n; row[1] = v->id; row[2] = v->day; row[3] = st; row[4] = en; row[5] = v->expert;
          row[6] = v->expert_name; row[7] = v->body; row[8] = v->body_name;
          row[9] = bansou_visit_state_to_string (v->state); row[10] = v->override_reason; row[11] = wm;
          row[12] = cost; row[13] = qs->str; row[14] = NULL;
          bansou_csv_append_row (out, row);
        }
      fwrite (out->str, 1, out->len, stdout);
    }
  else
    {
      if (list->len == 0)
        g_print ("%s\n", _("No visits."));
      for (guint i = 0; i < list->len; i++)
        {
          BansouVisit *v = g_ptr_array_index (list, i);
          g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, v->number);
          g_autofree char *slot = g_strdup_printf ("%s %u:%02u–%u:%02u", v->day, v->start_min / 60, v->start_min % 60,
                                                   v->end_min / 60, v->end_min % 60);
          ctl_print_row (n, 5, slot, -22, v->body_name, -12, v->expert_name, -16,
                         bansou_visit_state_get_label (v->state), 0, NULL);
        }
    }
  return 0;
}

static const char *
status_label (BansouStatus status)
{
  return bansou_status_get_label (status);
}

static int
print_changes (GPtrArray *changes)
{
  for (guint i = 0; i < changes->len; i++)
    {
      BansouAnswerChange *c = g_ptr_array_index (changes, i);
      g_print ("%s %s: %s → %s%s%s (%s)\n", c->body, c->question, status_label (c->old_status),
               status_label (c->new_status), c->done_on ? " " : "", c->done_on ? c->done_on : "", c->evidence);
    }
  return 0;
}

static int
visits_report (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *cost = NULL;
  g_autofree char *subsidy = NULL;
  g_auto(GStrv) finding_args = NULL;
  g_autoptr(GArray) findings = g_array_new (FALSE, FALSE, sizeof (BansouFindingSpec));
  g_autoptr(GPtrArray) changes = NULL;
  int minutes = 0;
  BansouVisitReport report = { 0 };
  GOptionEntry entries[] = {
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, NULL, NULL },
    { "minutes", 0, 0, G_OPTION_ARG_INT, &minutes, NULL, NULL },
    { "cost", 0, 0, G_OPTION_ARG_STRING, &cost, NULL, NULL },
    { "subsidy", 0, 0, G_OPTION_ARG_STRING, &subsidy, NULL, NULL },
    { "finding", 0, 0, G_OPTION_ARG_STRING_ARRAY, &finding_args, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "visits", error))
    return 2;
  report.report = text;
  report.worked_min = minutes;
  report.cost = -1;
  if (cost)
    {
      char *end = NULL;
      report.cost = g_ascii_strtoll (cost, &end, 10);
      if (end == cost || *end != '\0' || report.cost < 0)
        {
          g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("The cost is an amount in yen, not “%s”"), cost);
          return 2;
        }
    }
  if (subsidy)
    {
      char *end = NULL;
      double pct = g_ascii_strtod (subsidy, &end);
      if (end == subsidy || (*end != '\0' && !g_str_equal (end, "%")) || pct < 0 || pct > 100)
        {
          g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                       _("The subsidy is the prefecture’s share in percent, 0 to 100, not “%s”"), subsidy);
          return 2;
        }
      report.subsidy_bp = (guint) (pct * 100 + 0.5);
    }
  for (guint i = 0; finding_args && finding_args[i]; i++)
    {
      char *eq = strchr (finding_args[i], '=');
      char *colon;
      BansouFindingSpec f = { 0 };

      if (eq == NULL)
        {
          g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                       _("A finding is QUESTION=done|partial|not_done|na[:NOTE], not “%s”"), finding_args[i]);
          return 2;
        }
      *eq = '\0';
      if ((colon = strchr (eq + 1, ':')))
        {
          *colon = '\0';
          f.note = colon + 1;
        }
      f.question = finding_args[i];
      f.finding = bansou_finding_from_string (eq + 1);
      if (f.finding == BANSOU_N_FINDINGS || f.finding == BANSOU_FINDING_NONE)
        {
          g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                       _("A finding is QUESTION=done|partial|not_done|na[:NOTE], not “%s”"), eq + 1);
          return 2;
        }
      g_array_append_val (findings, f);
    }
  report.findings = (BansouFindingSpec *) findings->data;
  report.n_findings = findings->len;
  if (!ctl_dispatch_open (ctx, &d, error) || !bansou_dispatch_report_visit (d.dispatch, argv[1], &report, error))
    return 1;

  /* What the findings would change: shown, written only by accept --yes. */
  changes = bansou_dispatch_preview_findings (d.dispatch, argv[1], NULL);
  if (changes && changes->len > 0)
    {
      g_print ("%s\n", _("Accepting the findings (“bansouctl visits accept VISIT --yes”) would change:"));
      print_changes (changes);
    }
  return 0;
}

static int
visits_accept (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  g_autoptr(GPtrArray) changes = NULL;
  gboolean yes = FALSE;
  guint n = 0;
  GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "visits", error))
    return 2;
  if (!ctl_dispatch_open (ctx, &d, error) ||
      !(changes = bansou_dispatch_preview_findings (d.dispatch, argv[1], error)))
    return 1;
  print_changes (changes);
  if (!yes)
    {
      if (changes->len > 0)
        g_print ("%s\n", _("Nothing written: add --yes to write these answers."));
      return 0;
    }
  if (!bansou_dispatch_accept_findings (d.dispatch, argv[1], &n, error))
    return 1;
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u answer changed.\n", "%u answers changed.\n", n), n);
  return 0;
}

static int
visits_ics (CtlContext  *ctx,
            int          argc,
            char       **argv,
            GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  g_autofree char *expert = NULL;
  g_autofree char *body = NULL;
  g_autofree char *output = NULL;
  g_autofree char *import = NULL;
  GOptionEntry entries[] = {
    { "expert", 0, 0, G_OPTION_ARG_STRING, &expert, NULL, NULL },
    { "body", 0, 0, G_OPTION_ARG_STRING, &body, NULL, NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, NULL, NULL },
    { "import", 0, 0, G_OPTION_ARG_FILENAME, &import, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 1, "visits", error))
    return 2;
  if ((import == NULL) == (expert == NULL && body == NULL))
    return ctl_usage_error (error, "visits"), 2;
  if (!ctl_dispatch_open (ctx, &d, error))
    return 1;
  if (import)
    {
      g_autofree char *data = NULL;
      gsize length = 0;
      BansouIcsImport result;

      if (!g_file_get_contents (import, &data, &length, error) ||
          !bansou_dispatch_import_ics (d.dispatch, data, length, &result, error))
        return 1;
      /* Translators: what an import of a calendar did */
      g_print (_("%u events: %u visits changed, %u unchanged, %u not visits of this workbench\n"),
               result.n_events, result.n_moved, result.n_unchanged, result.n_skipped);
      return 0;
    }
  {
    g_autofree char *ics = bansou_dispatch_export_ics (d.dispatch, expert, body, error);

    if (ics == NULL)
      return 1;
    if (output)
      return g_file_set_contents (output, ics, -1, error) ? 0 : 1;
    fwrite (ics, 1, strlen (ics), stdout);
  }
  return 0;
}

int
ctl_cmd_visits (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  static const struct {
    const char *name;
    CtlCommand  func;
  } subcommands[] = {
    { "request",  visits_request },
    { "requests", visits_requests },
    { "suggest",  visits_suggest },
    { "schedule", visits_schedule },
    { "move",     visits_move },
    { "cancel",   visits_cancel },
    { "list",     visits_list },
    { "report",   visits_report },
    { "accept",   visits_accept },
    { "ics",      visits_ics },
  };

  if (argc < 2)
    return ctl_usage_error (error, "visits"), 2;
  if (ctl_wants_help (argc, argv))
    {
      g_print ("%s\n", _(usage_text));
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].func (ctx, argc - 1, argv + 1, error);
  return ctl_usage_error (error, "visits"), 2;
}
