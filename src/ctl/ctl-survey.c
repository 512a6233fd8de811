/* ctl-survey.c — bansouctl rounds, answers, progress, demo and scores
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

static const char *rounds_usage =
  N_("Usage:\n"
     "  bansouctl rounds list [--format text|csv|json]\n"
     "  bansouctl rounds create DATE [--title TITLE] [--no-prefill]\n"
     "  bansouctl rounds delete DATE --yes\n"
     "A round is named after its reference date, e.g. 2025-10-31 (令和7年10月末時点).\n"
     "A new round is prefilled with the answers of the latest earlier round.");

static const char *answers_usage =
  N_("Usage:\n"
     "  bansouctl answers export [--round R] [--format csv|json] [--output FILE]\n"
     "  bansouctl answers import FILE [--round R]\n"
     "  bansouctl answers set ROUND BODY QUESTION STATUS [--date D] [--note N] [--evidence E]\n"
     "  bansouctl answers confirm ROUND BODY [QUESTION]\n"
     "  bansouctl answers show ROUND BODY [--format text|json]\n"
     "STATUS: done (実施済み), partial (一部実施), not_done (未実施), na (対象外),\n"
     "        none (unanswered), or auto with --date for a dated question.\n"
     "Without --round, the latest round is used. An import with any bad row is\n"
     "rejected whole and nothing is written.");

static const char *progress_usage =
  N_("Usage:\n"
     "  bansouctl progress list [--round R] [--format text|csv|json]\n"
     "  bansouctl progress set ROUND BODY STATE [--assignee A] [--due D] [--reason R]\n"
     "STATE: not_started, answering, review, final, or keep (change only the\n"
     "assignee or due date). Reopening a final body needs --reason.");

static const char *demo_usage =
  N_("Usage:\n"
     "  bansouctl demo [--rounds N] [--seed S]\n"
     "  bansouctl demo --remove\n"
     "Fills yearly demo rounds up to 2025-10-31 with synthetic answers for every\n"
     "body this desk serves, calibrated to the national baselines.");

static const char *scores_usage =
  N_("Usage:\n"
     "  bansouctl scores [--round R] [--format text|csv|json] [--questions]\n"
     "Scores per category against the national baseline; --questions lists\n"
     "every question instead.");

/* ------------------------------------------------------------------------ */

static BansouSurvey *
open_survey (CtlContext  *ctx,
             GError     **error)
{
  g_autoptr(BansouCatalog) catalog = NULL;
  BansouStore *store;

  if (!(store = ctl_open_store (ctx, error)) ||
      !(catalog = bansou_catalog_load_active (store, error)))
    return NULL;

  return bansou_survey_new (store, catalog, error);
}

static char *
require_scope (BansouStore  *store,
               GError      **error)
{
  char *scope = ctl_scope (store);

  if (scope == NULL)
    g_set_error (error, CTL_ERROR, CTL_ERROR_FAILED,
                 _("No prefecture chosen yet: run “bansouctl init --prefecture NAME” first"));
  return scope;
}

/* The round named, or the latest one. */
static BansouRound *
pick_round (BansouSurvey  *survey,
            const char    *round,
            GError       **error)
{
  BansouRound *r;

  if (round != NULL)
    {
      if (!(r = bansou_survey_lookup_round (survey, round)))
        g_set_error (error, CTL_ERROR, CTL_ERROR_FAILED,
                     _("There is no survey round “%s”; see “bansouctl rounds list”"), round);
      return r;
    }

  if (!(r = bansou_survey_get_latest_round (survey)))
    g_set_error (error, CTL_ERROR, CTL_ERROR_FAILED,
                 _("There are no survey rounds yet: create one with “bansouctl rounds create DATE”, "
                   "or load demo data with “bansouctl demo”"));
  return r;
}

static void
print_json (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_score (JsonBuilder *b,
           const char  *member,
           double       value)
{
  json_builder_set_member_name (b, member);
  if (value < 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

/* ------------------------------------------------------------------------ */
/* rounds                                                                   */

static int
rounds_list (CtlContext  *ctx,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_autoptr(BansouSurvey) survey = NULL;
  g_autofree char *format_arg = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  GListModel *rounds;
  guint n;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 1, "rounds", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;

  if (!(survey = open_survey (ctx, error)))
    return 1;
  rounds = bansou_survey_get_rounds (survey);
  n = g_list_model_get_n_items (rounds);

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BansouRound) r = g_list_model_get_item (rounds, i);

          json_builder_begin_object (b);
          add_string_or_null (b, "id", bansou_round_get_id (r));
          add_string_or_null (b, "label", bansou_round_get_label (r));
          json_builder_set_member_name (b, "fiscal_year");
          json_builder_add_int_value (b, bansou_round_get_fiscal_year (r));
          add_string_or_null (b, "title", bansou_round_get_title (r));
          add_string_or_null (b, "catalog_version", bansou_round_get_catalog_version (r));
          add_string_or_null (b, "prefilled_from", bansou_round_get_prefilled_from (r));
          json_builder_set_member_name (b, "demo");
          json_builder_add_boolean_value (b, bansou_round_get_demo (r));
          add_string_or_null (b, "created_at", bansou_round_get_created_at (r));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
    }
  else if (format == CTL_FORMAT_CSV)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "id", "label", "fiscal_year", "title", "catalog_version",
                               "prefilled_from", "demo", NULL };

      bansou_csv_append_row (out, header);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BansouRound) r = g_list_model_get_item (rounds, i);
          g_autofree char *fy = g_strdup_printf ("%d", bansou_round_get_fiscal_year (r));
          const char *from = bansou_round_get_prefilled_from (r);
          const char *row[] = {
            bansou_round_get_id (r), bansou_round_get_label (r), fy, bansou_round_get_title (r),
            bansou_round_get_catalog_version (r), from ? from : "",
            bansou_round_get_demo (r) ? "1" : "0", NULL
          };
          bansou_csv_append_row (out, row);
        }
      fwrite (out->str, 1, out->len, stdout);
    }
  else
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BansouRound) r = g_list_model_get_item (rounds, i);
          g_autofree char *fy = bansou_wareki_format_fiscal_year (bansou_round_get_fiscal_year (r));
          const char *from = bansou_round_get_prefilled_from (r);

          g_print ("%s  %s\t%s\t%s", bansou_round_get_id (r), bansou_round_get_label (r), fy,
                   bansou_round_get_title (r));
          if (from)
            g_print ("\t%s", from);
          if (bansou_round_get_demo (r))
            g_print ("\t%s", _("(demo data)"));
          g_print ("\n");
        }
    }

  return 0;
}

static int
rounds_create (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  g_autoptr(BansouSurvey) survey = NULL;
  g_autofree char *title = NULL;
  g_autofree char *scope = NULL;
  g_autoptr(GHashTable) carried = NULL;
  gboolean no_prefill = FALSE;
  BansouRound *r;
  guint n_carried = 0;
  GOptionEntry entries[] = {
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, NULL, NULL },
    { "no-prefill", 0, 0, G_OPTION_ARG_NONE, &no_prefill, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "rounds", error))
    return 2;

  if (!(survey = open_survey (ctx, error)) ||
      !(scope = require_scope (bansou_survey_get_store (survey), error)))
    return 1;

  if (!(r = bansou_survey_create_round (survey, argv[1], title, !no_prefill, error)))
    return 1;

  if (bansou_round_get_prefilled_from (r) != NULL &&
      (carried = bansou_survey_count_unconfirmed (survey, bansou_round_get_id (r), NULL)))
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, carried);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        n_carried += GPOINTER_TO_UINT (value);
      g_print (_("Created round %s (%s), prefilled with %u answers from %s.\n"),
               bansou_round_get_id (r), bansou_round_get_label (r), n_carried,
               bansou_round_get_prefilled_from (r));
    }
  else
    g_print (_("Created round %s (%s).\n"), bansou_round_get_id (r), bansou_round_get_label (r));

  return 0;
}

static int
rounds_delete (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  g_autoptr(BansouSurvey) survey = NULL;
  gboolean yes = FALSE;
  GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "rounds", error))
    return 2;
  if (!yes)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("Deleting a round deletes all its answers and cannot be undone: add --yes"));
      return 2;
    }

  if (!(survey = open_survey (ctx, error)))
    return 1;
  if (!pick_round (survey, argv[1], error) ||
      !bansou_survey_delete_round (survey, argv[1], error))
    return 1;

  g_print (_("Deleted round %s with its answers.\n"), argv[1]);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* answers                                                                  */

static int
answers_export (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *round = NULL;
  g_autofree char *format_arg = NULL;
  g_autofree char *output = NULL;
  CtlFormat format = CTL_FORMAT_CSV;
  BansouRound *r;
  GOptionEntry entries[] = {
    { "round", 'r', 0, G_OPTION_ARG_STRING, &round, NULL, NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 1, "answers", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (format == CTL_FORMAT_TEXT)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Answers are exported as csv or json"));
      return 2;
    }

  if (!(survey = open_survey (ctx, error)) || !(r = pick_round (survey, round, error)))
    return 1;

  if (format == CTL_FORMAT_JSON)
    bytes = bansou_json_export_answers (survey, bansou_round_get_id (r), NULL, error);
  else
    bytes = bansou_csv_export_answers (survey, bansou_round_get_id (r), NULL, error);
  if (bytes == NULL)
    return 1;

  if (output != NULL)
    {
      if (!g_file_set_contents (output, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
        return 1;
    }
  else
    fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);

  return 0;
}

static int
answers_import (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *round = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint n_changed = 0;
  BansouRound *r;
  GOptionEntry entries[] = {
    { "round", 'r', 0, G_OPTION_ARG_STRING, &round, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "answers", error))
    return 2;

  if (!g_file_get_contents (argv[1], &contents, &length, error))
    return 1;
  if (!(survey = open_survey (ctx, error)) || !(r = pick_round (survey, round, error)))
    return 1;

  if (!bansou_csv_import_answers (survey, bansou_round_get_id (r), contents, length,
                                  &n_changed, &problems, &local))
    {
      /* The first line says the file was rejected; one problem per line follows. */
      GString *message = g_string_new (local->message);

      for (guint i = 0; problems && i < problems->len; i++)
        g_string_append_printf (message, "\n  %s", (const char *) g_ptr_array_index (problems, i));
      g_set_error_literal (error, CTL_ERROR, CTL_ERROR_FAILED, message->str);
      g_string_free (message, TRUE);
      return 1;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported into %s (%s): %u answer changed.\n",
                        "Imported into %s (%s): %u answers changed.\n", n_changed),
           bansou_round_get_id (r), bansou_round_get_label (r), n_changed);
  return 0;
}

static BansouStatus
parse_status_arg (const char  *arg,
                  const char  *date,
                  GError     **error)
{
  BansouStatus status;

  if (g_strcmp0 (arg, "none") == 0)
    return BANSOU_STATUS_UNANSWERED;
  if (g_strcmp0 (arg, "auto") == 0)
    {
      if (date == NULL)
        {
          g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("“auto” takes the answer from --date: give one"));
          return BANSOU_N_STATUSES;
        }
      return BANSOU_STATUS_UNANSWERED;
    }

  status = bansou_status_parse_label (arg);
  if (status == BANSOU_N_STATUSES || *arg == '\0')
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("Unknown answer “%s” (use done, partial, not_done, na, none or auto)"), arg);
      return BANSOU_N_STATUSES;
    }
  return status;
}

static int
answers_set (CtlContext  *ctx,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(BansouAnswer) answer = NULL;
  g_autofree char *date = NULL;
  g_autofree char *note = NULL;
  g_autofree char *evidence = NULL;
  g_autofree char *iso = NULL;
  BansouStatus status;
  GOptionEntry entries[] = {
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date, NULL, NULL },
    { "note", 'n', 0, G_OPTION_ARG_STRING, &note, NULL, NULL },
    { "evidence", 'e', 0, G_OPTION_ARG_STRING, &evidence, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 5, "answers", error))
    return 2;
  if ((status = parse_status_arg (argv[4], date, error)) == BANSOU_N_STATUSES)
    return 2;

  if (date != NULL && *date != '\0')
    {
      g_autoptr(GDate) d = bansou_date_parse_loose (date);

      if (d == NULL)
        {
          g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                       _("“%s” is not a date (use 2025-04-01, 2025/4/1 or 令和7年4月1日)"), date);
          return 2;
        }
      iso = bansou_date_to_iso (d);
    }

  if (!(survey = open_survey (ctx, error)))
    return 1;
  if (!bansou_survey_set_answer (survey, argv[1], argv[2], argv[3], status, iso, note, evidence, error))
    return 1;
  if (!(answer = bansou_survey_get_answer (survey, argv[1], argv[2], argv[3], error)))
    return 1;

  g_print ("%s %s %s: %s%s%s\n", argv[1], argv[2], argv[3], bansou_status_get_label (answer->status),
           answer->done_on ? " " : "", answer->done_on ? answer->done_on : "");
  return 0;
}

static int
answers_confirm (CtlContext  *ctx,
                 int          argc,
                 char       **argv,
                 GError     **error)
{
  g_autoptr(BansouSurvey) survey = NULL;
  guint n = 0;

  if (argc != 3 && argc != 4)
    return ctl_usage_error (error, "answers"), 2;

  if (!(survey = open_survey (ctx, error)))
    return 1;

  if (argc == 4)
    {
      g_autoptr(BansouAnswer) before = bansou_survey_get_answer (survey, argv[1], argv[2], argv[3], error);

      if (before == NULL ||
          !bansou_survey_confirm_answer (survey, argv[1], argv[2], argv[3], error))
        return 1;
      n = before->carried ? 1 : 0;
    }
  else if (!bansou_survey_confirm_all (survey, argv[1], argv[2], &n, error))
    return 1;

  g_print (g_dngettext (GETTEXT_PACKAGE, "%u answer confirmed.\n", "%u answers confirmed.\n", n), n);
  return 0;
}

static int
answers_show (CtlContext  *ctx,
              int          argc,
              char       **argv,
              GError     **error)
{
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autofree char *format_arg = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  BansouCatalog *catalog;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 3, "answers", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;

  if (!(survey = open_survey (ctx, error)) ||
      !(answers = bansou_survey_list_answers (survey, argv[1], argv[2], error)))
    return 1;
  catalog = bansou_survey_get_catalog (survey);

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < answers->len; i++)
        {
          BansouAnswer *a = g_ptr_array_index (answers, i);

          json_builder_begin_object (b);
          add_string_or_null (b, "question", a->question);
          add_string_or_null (b, "status", a->status ? bansou_status_to_string (a->status) : NULL);
          add_string_or_null (b, "done_on", a->done_on);
          add_string_or_null (b, "note", a->note);
          add_string_or_null (b, "evidence", a->evidence);
          json_builder_set_member_name (b, "carried");
          json_builder_add_boolean_value (b, a->carried);
          add_string_or_null (b, "updated_by", a->updated_by);
          add_string_or_null (b, "updated_at", a->updated_at);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return 0;
    }

  for (guint i = 0; i < answers->len; i++)
    {
      BansouAnswer *a = g_ptr_array_index (answers, i);
      BansouQuestion *q = bansou_catalog_get_question (catalog, i);

      g_print ("%-48s %s%s%s%s\t%s\n", a->question,
               a->status ? bansou_status_get_label (a->status) : "—",
               a->done_on ? " " : "", a->done_on ? a->done_on : "",
               a->carried ? _(" (carried, unconfirmed)") : "",
               bansou_question_get_label (q));
    }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* progress                                                                 */

static int
progress_list (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(BansouProgressOverview) overview = NULL;
  g_autofree char *today_iso = NULL;
  g_autofree char *round = NULL;
  g_autofree char *format_arg = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  BansouRound *r;
  GOptionEntry entries[] = {
    { "round", 'r', 0, G_OPTION_ARG_STRING, &round, NULL, NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 1, "progress", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;

  if (!(survey = open_survey (ctx, error)) || !(r = pick_round (survey, round, error)))
    return 1;
  if (!(list = bansou_survey_list_progress (survey, bansou_round_get_id (r), NULL, error)) ||
      !(overview = bansou_survey_get_overview (survey, bansou_round_get_id (r), NULL, error)))
    return 1;
  registry = bansou_registry_new (bansou_survey_get_store (survey));

  {
    g_autoptr(GDate) today = bansou_date_today ();
    today_iso = bansou_date_to_iso (today);
  }

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          BansouProgressInfo *p = g_ptr_array_index (list, i);

          json_builder_begin_object (b);
          add_string_or_null (b, "body", p->body);
          add_string_or_null (b, "state", bansou_progress_to_string (p->state));
          add_string_or_null (b, "assignee", p->assignee);
          add_string_or_null (b, "due", p->due);
          add_string_or_null (b, "updated_by", p->updated_by);
          add_string_or_null (b, "updated_at", p->updated_at);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return 0;
    }

  if (format == CTL_FORMAT_CSV)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "body", "name", "state", "assignee", "due", NULL };

      bansou_csv_append_row (out, header);
      for (guint i = 0; i < list->len; i++)
        {
          BansouProgressInfo *p = g_ptr_array_index (list, i);
          g_autoptr(BansouBody) body = bansou_registry_lookup (registry, p->body, NULL);
          const char *row[] = { p->body, body ? bansou_body_get_name (body) : "",
                                bansou_progress_to_string (p->state), p->assignee,
                                p->due ? p->due : "", NULL };
          bansou_csv_append_row (out, row);
        }
      fwrite (out->str, 1, out->len, stdout);
      return 0;
    }

  for (guint i = 0; i < list->len; i++)
    {
      BansouProgressInfo *p = g_ptr_array_index (list, i);
      g_autoptr(BansouBody) body = bansou_registry_lookup (registry, p->body, NULL);
      gboolean overdue = bansou_progress_is_overdue (p->state, p->due, today_iso);

      g_print ("%s  %s\t%s\t%s\t%s%s\n", p->body, body ? bansou_body_get_name (body) : "",
               bansou_progress_get_label (p->state), *p->assignee ? p->assignee : "—",
               p->due ? p->due : "—", overdue ? _(" (overdue)") : "");
    }

  g_print ("\n");
  for (guint s = 0; s < BANSOU_N_PROGRESS; s++)
    g_print ("%s: %u  ", bansou_progress_get_label (s), overview->counts[s]);
  g_print (_("Overdue: %u"), overview->overdue->len);
  g_print ("\n");
  return 0;
}

static int
progress_set (CtlContext  *ctx,
              int          argc,
              char       **argv,
              GError     **error)
{
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(BansouProgressInfo) info = NULL;
  g_autofree char *assignee = NULL;
  g_autofree char *due = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *due_iso = NULL;
  BansouProgress state;
  GOptionEntry entries[] = {
    { "assignee", 'a', 0, G_OPTION_ARG_STRING, &assignee, NULL, NULL },
    { "due", 'd', 0, G_OPTION_ARG_STRING, &due, NULL, NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 4, "progress", error))
    return 2;

  if (g_str_equal (argv[3], "keep"))
    state = BANSOU_N_PROGRESS;
  else if ((state = bansou_progress_from_string (argv[3])) == BANSOU_N_PROGRESS)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("Unknown state “%s” (use not_started, answering, review, final or keep)"), argv[3]);
      return 2;
    }

  if (due != NULL && *due != '\0')
    {
      g_autoptr(GDate) d = bansou_date_parse_loose (due);

      if (d == NULL)
        {
          g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                       _("“%s” is not a date (use 2025-04-01, 2025/4/1 or 令和7年4月1日)"), due);
          return 2;
        }
      due_iso = bansou_date_to_iso (d);
    }
  else if (due != NULL)
    due_iso = g_strdup ("");

  if (!(survey = open_survey (ctx, error)))
    return 1;
  if (!bansou_survey_update_progress (survey, argv[1], argv[2], state, reason, assignee, due_iso, error))
    return 1;
  if (!(info = bansou_survey_get_progress (survey, argv[1], argv[2], error)))
    return 1;

  g_print ("%s %s: %s\t%s\t%s\n", argv[1], argv[2], bansou_progress_get_label (info->state),
           *info->assignee ? info->assignee : "—", info->due ? info->due : "—");
  return 0;
}

/* ------------------------------------------------------------------------ */
/* demo                                                                     */

int
ctl_cmd_demo (CtlContext  *ctx,
              int          argc,
              char       **argv,
              GError     **error)
{
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(GListModel) bodies = NULL;
  g_autofree char *scope = NULL;
  gboolean remove = FALSE;
  int n_rounds = 3;
  int seed = 1;
  gint64 start;
  BansouStore *store;
  GOptionEntry entries[] = {
    { "rounds", 'n', 0, G_OPTION_ARG_INT, &n_rounds, NULL, NULL },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, NULL, NULL },
    { "remove", 0, 0, G_OPTION_ARG_NONE, &remove, NULL, NULL },
    { NULL }
  };

  if (ctl_wants_help (argc, argv))
    {
      g_print ("%s\n", _(demo_usage));
      return 0;
    }
  if (!ctl_parse_command (entries, &argc, &argv, 1, "demo", error))
    return 2;
  if (n_rounds < 1 || n_rounds > BANSOU_DEMO_MAX_ROUNDS)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("--rounds must be from 1 to %d"), BANSOU_DEMO_MAX_ROUNDS);
      return 2;
    }

  if (!(store = ctl_open_store (ctx, error)))
    return 1;

  if (remove)
    {
      gboolean existed = bansou_demo_exists (store);

      if (!bansou_demo_remove (store, error))
        return 1;
      g_print ("%s\n", existed ? _("Demo data removed.") : _("There was no demo data."));
      return 0;
    }

  if (!(scope = require_scope (store, error)) ||
      !(catalog = bansou_catalog_load_active (store, error)))
    return 1;

  start = g_get_monotonic_time ();
  if (!bansou_demo_generate (store, catalog, scope, n_rounds, (guint32) seed, error))
    return 1;

  if (!(survey = bansou_survey_new (store, catalog, error)) ||
      !(bodies = bansou_survey_list_bodies (survey, scope, error)))
    return 1;

  g_print (_("Generated %d demo rounds up to %s for %u bodies (seed %d) in %.1f s.\n"),
           n_rounds, BANSOU_DEMO_LATEST_ROUND, g_list_model_get_n_items (bodies), seed,
           (g_get_monotonic_time () - start) / 1e6);
  g_print ("%s\n", _("Remove it with “bansouctl demo --remove”."));
  return 0;
}

/* ------------------------------------------------------------------------ */
/* scores                                                                   */

static char *
format_diff (double value,
             double baseline)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value < 0 || baseline < 0)
    return g_strdup ("—");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%+.1f", (value - baseline) * 100.0));
}

int
ctl_cmd_scores (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(BansouScoreTable) table = NULL;
  g_autofree char *round = NULL;
  g_autofree char *format_arg = NULL;
  g_autofree char *scope = NULL;
  gboolean questions = FALSE;
  CtlFormat format = CTL_FORMAT_TEXT;
  BansouCatalog *catalog;
  BansouRound *r;
  guint n;
  GOptionEntry entries[] = {
    { "round", 'r', 0, G_OPTION_ARG_STRING, &round, NULL, NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { "questions", 'q', 0, G_OPTION_ARG_NONE, &questions, NULL, NULL },
    { NULL }
  };

  if (ctl_wants_help (argc, argv))
    {
      g_print ("%s\n", _(scores_usage));
      return 0;
    }
  if (!ctl_parse_command (entries, &argc, &argv, 1, "scores", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;

  if (!(survey = open_survey (ctx, error)) ||
      !(scope = require_scope (bansou_survey_get_store (survey), error)) ||
      !(r = pick_round (survey, round, error)) ||
      !(table = bansou_score_table_new_for_round (survey, bansou_round_get_id (r), scope, error)))
    return 1;

  catalog = bansou_survey_get_catalog (survey);
  n = questions ? bansou_catalog_get_n_questions (catalog) : bansou_catalog_get_n_categories (catalog);

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_string_or_null (b, "round", bansou_round_get_id (r));
      add_string_or_null (b, "label", bansou_round_get_label (r));
      add_string_or_null (b, "scope", scope);
      json_builder_set_member_name (b, "bodies");
      json_builder_add_int_value (b, bansou_answer_matrix_get_n_bodies (bansou_score_table_get_matrix (table)));
      add_score (b, "overall", bansou_score_table_get_overall_score (table));
      json_builder_set_member_name (b, questions ? "questions" : "categories");
      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          json_builder_begin_object (b);
          if (questions)
            {
              BansouQuestion *q = bansou_catalog_get_question (catalog, i);

              add_string_or_null (b, "id", q->id);
              add_string_or_null (b, "label", bansou_question_get_label (q));
              add_score (b, "score", bansou_score_table_get_question_score (table, i));
              add_score (b, "rate", bansou_score_table_get_question_rate (table, i));
              add_score (b, "baseline", bansou_question_get_baseline (q));
            }
          else
            {
              BansouCategory *c = bansou_catalog_get_category (catalog, i);

              add_string_or_null (b, "id", c->id);
              add_string_or_null (b, "label", bansou_category_get_label (c));
              add_score (b, "score", bansou_score_table_get_category_score (table, i));
              add_score (b, "rate", bansou_score_table_get_category_rate (table, i));
              add_score (b, "key_rate", bansou_score_table_get_category_key_rate (table, i));
              add_score (b, "baseline", bansou_score_table_get_category_baseline (table, i));
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
      return 0;
    }

  if (format == CTL_FORMAT_CSV)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *qheader[] = { "question", "label", "score", "rate", "baseline", "difference", NULL };
      const char *cheader[] = { "category", "label", "score", "rate", "key_rate", "baseline", "difference", NULL };

      bansou_csv_append_row (out, questions ? qheader : cheader);
      for (guint i = 0; i < n; i++)
        {
          if (questions)
            {
              BansouQuestion *q = bansou_catalog_get_question (catalog, i);
              double rate = bansou_score_table_get_question_rate (table, i);
              g_autofree char *score_s = bansou_score_format (bansou_score_table_get_question_score (table, i));
              g_autofree char *rate_s = bansou_score_format (rate);
              g_autofree char *base_s = bansou_score_format (bansou_question_get_baseline (q));
              g_autofree char *diff_s = format_diff (rate, bansou_question_get_baseline (q));
              const char *row[] = { q->id, bansou_question_get_label (q), score_s, rate_s, base_s, diff_s, NULL };

              bansou_csv_append_row (out, row);
            }
          else
            {
              BansouCategory *c = bansou_catalog_get_category (catalog, i);
              double key_rate = bansou_score_table_get_category_key_rate (table, i);
              double baseline = bansou_score_table_get_category_baseline (table, i);
              g_autofree char *score_s = bansou_score_format (bansou_score_table_get_category_score (table, i));
              g_autofree char *rate_s = bansou_score_format (bansou_score_table_get_category_rate (table, i));
              g_autofree char *key_s = bansou_score_format (key_rate);
              g_autofree char *base_s = bansou_score_format (baseline);
              g_autofree char *diff_s = format_diff (key_rate, baseline);
              const char *row[] = { c->id, bansou_category_get_label (c), score_s, rate_s, key_s, base_s,
                                    diff_s, NULL };

              bansou_csv_append_row (out, row);
            }
        }
      fwrite (out->str, 1, out->len, stdout);
      return 0;
    }

  {
    g_autofree char *overall = bansou_score_format (bansou_score_table_get_overall_score (table));

    g_print (_("%s — %u bodies — overall score %s\n"), bansou_round_get_label (r),
             bansou_answer_matrix_get_n_bodies (bansou_score_table_get_matrix (table)), overall);
  }

  if (questions)
    {
      ctl_print_row (_("Question"), -52, _("Score"), 7, _("Rate"), 7, _("Baseline"), 9, _("Diff"), 7, NULL);
      for (guint i = 0; i < n; i++)
        {
          BansouQuestion *q = bansou_catalog_get_question (catalog, i);
          double rate = bansou_score_table_get_question_rate (table, i);
          g_autofree char *score_s = bansou_score_format (bansou_score_table_get_question_score (table, i));
          g_autofree char *rate_s = bansou_score_format (rate);
          g_autofree char *base_s = bansou_score_format (bansou_question_get_baseline (q));
          g_autofree char *diff_s = format_diff (rate, bansou_question_get_baseline (q));

          ctl_print_row (q->id, -52, score_s, 7, rate_s, 7, base_s, 9, diff_s, 7, NULL);
        }
    }
  else
    {
      ctl_print_row (_("Category"), -14, _("Score"), 7, _("Rate"), 7, _("Key rate"), 14,
                     _("Baseline"), 9, _("Diff"), 7, NULL);
      for (guint i = 0; i < n; i++)
        {
          BansouCategory *c = bansou_catalog_get_category (catalog, i);
          double key_rate = bansou_score_table_get_category_key_rate (table, i);
          double baseline = bansou_score_table_get_category_baseline (table, i);
          g_autofree char *score_s = bansou_score_format (bansou_score_table_get_category_score (table, i));
          g_autofree char *rate_s = bansou_score_format (bansou_score_table_get_category_rate (table, i));
          g_autofree char *key_s = bansou_score_format (key_rate);
          g_autofree char *base_s = bansou_score_format (baseline);
          g_autofree char *diff_s = format_diff (key_rate, baseline);

          ctl_print_row (c->id, -14, score_s, 7, rate_s, 7, key_s, 14, base_s, 9, diff_s, 7,
                         " ", 0, bansou_category_get_label (c), 0, NULL);
        }
      g_print ("%s\n", _("Scores and rates are percentages. The baseline of a category is the mean of its key questions’ "
                         "national rates, compared with the key rate: the mean of this scope’s rates on the "
                         "same questions (approximate; see docs/scoring.md)."));
    }

  return 0;
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  CtlCommand  func;
} Subcommand;

static int
dispatch (CtlContext       *ctx,
          int               argc,
          char            **argv,
          const Subcommand *subcommands,
          guint             n_subcommands,
          const char       *usage,
          GError          **error)
{
  if (argc < 2)
    return ctl_usage_error (error, argv[0]), 2;

  if (ctl_wants_help (argc, argv))
    {
      g_print ("%s\n", _(usage));
      return 0;
    }

  for (guint i = 0; i < n_subcommands; i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].func (ctx, argc - 1, argv + 1, error);

  return ctl_usage_error (error, argv[0]), 2;
}

int
ctl_cmd_rounds (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  static const Subcommand subcommands[] = {
    { "list",   rounds_list },
    { "create", rounds_create },
    { "delete", rounds_delete },
  };

  return dispatch (ctx, argc, argv, subcommands, G_N_ELEMENTS (subcommands), rounds_usage, error);
}

int
ctl_cmd_answers (CtlContext  *ctx,
                 int          argc,
                 char       **argv,
                 GError     **error)
{
  static const Subcommand subcommands[] = {
    { "export",  answers_export },
    { "import",  answers_import },
    { "set",     answers_set },
    { "confirm", answers_confirm },
    { "show",    answers_show },
  };

  return dispatch (ctx, argc, argv, subcommands, G_N_ELEMENTS (subcommands), answers_usage, error);
}

int
ctl_cmd_progress (CtlContext  *ctx,
                  int          argc,
                  char       **argv,
                  GError     **error)
{
  static const Subcommand subcommands[] = {
    { "list", progress_list },
    { "set",  progress_set },
  };

  return dispatch (ctx, argc, argv, subcommands, G_N_ELEMENTS (subcommands), progress_usage, error);
}
