/* bansouctl.c — the headless command line over libbansou-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansouctl"

#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ctl-private.h"

G_DEFINE_QUARK (bansouctl-error-quark, ctl_error)

static const struct {
  const char *name;
  CtlCommand  func;
  const char *summary;
} commands[] = {
  { "init",   ctl_cmd_init,   N_("Create or open the database and choose the prefecture this desk serves") },
  { "bodies", ctl_cmd_bodies, N_("List, show and edit municipalities and other bodies") },
  { "rounds", ctl_cmd_rounds, N_("List, create and delete survey rounds") },
  { "answers", ctl_cmd_answers, N_("Export, import and set survey answers") },
  { "progress", ctl_cmd_progress, N_("Follow and change each body’s progress in a round") },
  { "scores", ctl_cmd_scores, N_("Scores per category against the national baseline") },
  { "demo", ctl_cmd_demo, N_("Fill or remove demo survey data") },
  { "heatmap", ctl_cmd_heatmap, N_("Draw the heatmap of a survey round as PNG or SVG") },
  { "report", ctl_cmd_report, N_("Write the regional status report as PDF, Excel or CSV") },
  { "sync",   ctl_cmd_sync,   N_("Send changes to bansou-server and receive the others’") },
  { "calendar", ctl_cmd_calendar, N_("Business days of government offices and the prefecture’s closed days") },
  { "check",  ctl_cmd_check,  N_("Read the whole database and report whether it is sound") },
  { "procurements", ctl_cmd_procurements, N_("Joint procurements: projects, participants and the cost split") },
  { "experts", ctl_cmd_experts, N_("The pool of experts the prefecture dispatches") },
  { "visits", ctl_cmd_visits, N_("Requests, suggestions, visits, reports and calendars of the expert dispatch") },
  { "support", ctl_cmd_support, N_("The effect of support: answers before and after visits, procurements and consultations") },

  { "tickets", ctl_cmd_tickets, N_("The consultation desk: tickets, their SLAs and escalation to the national desk") },
  { "articles", ctl_cmd_articles, N_("The Q&A base of the consultation desk: list, show, search, publish") },
  { "consult", ctl_cmd_consult, N_("The older name of “tickets” and “articles”") },
};

BansouStore *
ctl_open_store (CtlContext  *ctx,
                GError     **error)
{
  g_autofree char *path = NULL;

  if (ctx->store != NULL)
    return ctx->store;

  path = ctx->database ? g_strdup (ctx->database) : bansou_store_default_path ();
  ctx->store = bansou_store_open (path, error);
  if (ctx->store && g_getenv ("BANSOU_ACTOR"))
    bansou_store_set_actor (ctx->store, g_getenv ("BANSOU_ACTOR"));

  return ctx->store;
}

/* Options of a subcommand; a parse error is a usage error (exit 2). */
gboolean
ctl_parse_options (GOptionEntry   *entries,
                   int            *argc,
                   char         ***argv,
                   GError        **error)
{
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);

  g_option_context_set_help_enabled (options, FALSE);
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (options, argc, argv, error))
    {
      (*error)->domain = CTL_ERROR;
      (*error)->code = CTL_ERROR_USAGE;
      return FALSE;
    }
  return TRUE;
}

/* Columns on a terminal: a CJK character takes two, an em dash one. */
static int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

/**
 * ctl_print_row:
 * @text: the first cell, then its width, then more pairs, ending with %NULL
 *
 * Prints one line of a table padded by display width, so that Japanese
 * labels line up: a negative width pads on the right (left-aligned text),
 * a positive one on the left (numbers); 0 prints the cell as it is.
 * Left-aligned text wider than its column is cut with “…”.
 */
void
ctl_print_row (const char *text,
               ...)
{
  g_autoptr(GString) line = g_string_new (NULL);
  va_list args;

  va_start (args, text);
  for (const char *cell = text; cell != NULL; cell = va_arg (args, const char *))
    {
      int width = va_arg (args, int);
      int pad = ABS (width) - display_width (cell);

      if (line->len > 0)
        g_string_append_c (line, ' ');
      for (int i = 0; width > 0 && i < pad; i++)
        g_string_append_c (line, ' ');
      if (width < 0 && pad < 0)
        {
          /* A text wider than its column is cut to fit, with an ellipsis,
           * so the columns after it still line up. */
          int used = 0;

          for (const char *p = cell; *p; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);
              int w = g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;

              if (used + w > -width - 1)
                break;
              g_string_append_unichar (line, c);
              used += w;
            }
          g_string_append (line, "…");
          pad = -width - used - 1;
        }
      else
        g_string_append (line, cell);
      for (int i = 0; width < 0 && i < pad; i++)
        g_string_append_c (line, ' ');
    }
  va_end (args);

  g_print ("%s\n", line->str);
}

/* Pretty-printed JSON of what @b built, on stdout (for --format json). */
void
ctl_print_json (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

/* Whether a subcommand was asked for its help, wherever --help stands. */
gboolean
ctl_wants_help (int    argc,
                char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
      return TRUE;
  return FALSE;
}

/* One line that points at the command's --help. */
gboolean
ctl_usage_error (GError     **error,
                 const char  *command)
{
  g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
               _("Wrong arguments; see “bansouctl %s --help”"), command);
  return FALSE;
}

/**
 * ctl_parse_command:
 * @n_args: how many arguments are left after the options, the command's
 *   own name included
 *
 * Parses a command's options and checks the count of what is left.
 *
 * Returns: %FALSE with a %CTL_ERROR_USAGE error when either is wrong
 */
gboolean
ctl_parse_command (GOptionEntry   *entries,
                   int            *argc,
                   char         ***argv,
                   int             n_args,
                   const char     *command,
                   GError        **error)
{
  if (!ctl_parse_options (entries, argc, argv, error))
    return FALSE;
  if (*argc != n_args)
    return ctl_usage_error (error, command);
  return TRUE;
}

/**
 * ctl_parse_format:
 * @str: (nullable): the value of --format, or %NULL to keep @format
 */
gboolean
ctl_parse_format (const char  *str,
                  CtlFormat   *format,
                  GError     **error)
{
  if (str == NULL)
    return TRUE;
  if (g_strcmp0 (str, "text") == 0)
    *format = CTL_FORMAT_TEXT;
  else if (g_strcmp0 (str, "csv") == 0)
    *format = CTL_FORMAT_CSV;
  else if (g_strcmp0 (str, "json") == 0)
    *format = CTL_FORMAT_JSON;
  else
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("Unknown format “%s” (use text, csv or json)"), str);
      return FALSE;
    }
  return TRUE;
}

/* The prefecture this database serves: two digits, "00" for the nation,
 * or NULL if `init` was never run. */
char *
ctl_scope (BansouStore *store)
{
  return bansou_store_get_setting (store, "prefecture");
}

/**
 * ctl_resolve_scope:
 * @prefecture: (nullable): what follows --prefecture: 全国, national or 00
 *   for the nation, or a prefecture's code or name; %NULL for the one
 *   this database serves
 * @out_body: (out) (optional) (transfer full) (nullable): the prefecture,
 *   %NULL for the nation or when @prefecture is %NULL
 *
 * The one reading of --prefecture for every command.
 *
 * Returns: (transfer full): the scope, two digits ("34", "00"), or %NULL
 */
char *
ctl_resolve_scope (BansouStore     *store,
                   BansouRegistry  *registry,
                   const char      *prefecture,
                   BansouBody     **out_body,
                   GError         **error)
{
  g_autoptr(BansouBody) body = NULL;
  char *scope;

  if (out_body != NULL)
    *out_body = NULL;

  if (prefecture == NULL)
    {
      if (!(scope = ctl_scope (store)))
        g_set_error (error, CTL_ERROR, CTL_ERROR_FAILED,
                     _("No prefecture chosen yet: run “bansouctl init --prefecture NAME” first"));
      return scope;
    }
  if (g_str_equal (prefecture, "全国") || g_str_equal (prefecture, "national") ||
      g_str_equal (prefecture, BANSOU_SCOPE_NATIONAL))
    return g_strdup (BANSOU_SCOPE_NATIONAL);
  if (!(body = bansou_registry_find_prefecture (registry, prefecture, error)))
    return NULL;

  scope = g_strndup (bansou_body_get_code (body), 2);
  if (out_body != NULL)
    *out_body = g_steal_pointer (&body);
  return scope;
}

static void
print_usage (FILE *fp)
{
  fprintf (fp, "%s\n", _("Usage: bansouctl [--database PATH] COMMAND [ARGS…]"));
  fprintf (fp, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (fp, "  %-13s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (fp, "\n%s\n", _("Run “bansouctl COMMAND --help” for the arguments of a command."));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  CtlContext ctx = { 0 };
  int i = 1;
  int status;

  setlocale (LC_ALL, "");
  bansou_core_init ();
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command. */
  for (; i < argc && argv[i][0] == '-'; i++)
    {
      if (g_str_equal (argv[i], "--database") && i + 1 < argc)
        ctx.database = argv[++i];
      else if (g_str_has_prefix (argv[i], "--database="))
        ctx.database = argv[i] + strlen ("--database=");
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_usage (stdout);
          return 0;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          printf ("bansouctl %s\n", PACKAGE_VERSION);
          return 0;
        }
      else
        {
          g_printerr ("bansouctl: %s\n", _("Unknown option; see “bansouctl --help”"));
          return 2;
        }
    }

  if (i >= argc)
    {
      print_usage (stderr);
      return 2;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      if (!g_str_equal (commands[c].name, argv[i]))
        continue;

      status = commands[c].func (&ctx, argc - i, argv + i, &error);
      if (error != NULL)
        {
          g_printerr ("bansouctl: %s\n", error->message);
          if (status == 0)
            status = g_error_matches (error, CTL_ERROR, CTL_ERROR_USAGE) ? 2 : 1;
        }
      g_clear_object (&ctx.store);
      return status;
    }

  g_printerr ("bansouctl: %s\n", _("Unknown command; see “bansouctl --help”"));
  return 2;
}
