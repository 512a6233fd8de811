/* ctl-sync.c — bansouctl sync: push and pull with bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The token never appears on the command line (where every user of the
 * machine can read it in the process list): it comes from the environment
 * variable BANSOU_TOKEN or from a file the administrator names.
 */
#define G_LOG_DOMAIN "bansouctl"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bansou-sync-tuning.h"
#include "ctl-private.h"

static const char *sync_usage =
  N_("Usage:\n"
     "  bansouctl sync [--server URL] [--ca-file FILE] [--token-file FILE]\n"
     "  bansouctl sync status\n"
     "  bansouctl sync conflicts [--format text|json]\n"
     "  bansouctl sync resolve ID mine|theirs\n"
     "Sends the changes made here to bansou-server and takes the changes made\n"
     "elsewhere. The token is read from the environment variable BANSOU_TOKEN,\n"
     "or from --token-file; it is never stored. The server address and the CA\n"
     "file are remembered after a successful sync.\n"
     "Exit status: 0 done, 1 the sync failed (nothing is lost: run it again), 2 usage.");

static char *
read_token (const char  *token_file,
            GError     **error)
{
  g_autofree char *text = NULL;
  const char *env;

  if (token_file != NULL)
    {
      if (!g_file_get_contents (token_file, &text, NULL, error))
        return NULL;
      g_strstrip (text);
      if (*text == '\0')
        {
          g_set_error (error, CTL_ERROR, CTL_ERROR_FAILED, _("The token file “%s” is empty"), token_file);
          return NULL;
        }
      return g_steal_pointer (&text);
    }

  env = g_getenv ("BANSOU_TOKEN");
  if (env != NULL && *env != '\0')
    return g_strstrip (g_strdup (env));

  g_set_error_literal (error, CTL_ERROR, CTL_ERROR_USAGE,
                       _("No token: set the environment variable BANSOU_TOKEN, or use --token-file FILE"));
  return NULL;
}

static void
progress_cb (BansouSync *sync,
             const char *phase,
             guint       done,
             guint       total,
             gpointer    user_data)
{
  if (g_str_equal (phase, "push"))
    {
      if (total > 0)
        g_printerr (_("Sending: %u of %u changes\n"), done, total);
    }
  else if (total == 0)
    g_printerr (_("Receiving: %u records…\n"), done);
  else
    g_printerr (_("Received: %u records\n"), done);
}

static int
sync_run (CtlContext  *ctx,
          int          argc,
          char       **argv,
          GError     **error)
{
  g_autoptr(BansouSync) sync = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *server = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autofree char *absolute_ca = NULL;
  BansouStore *store;
  BansouSyncStats stats = { 0 };
  int page_size = 0;
  GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server, NULL, NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, NULL, NULL },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file, NULL, NULL },
    /* diagnostics and tests: records per page of the change feed */
    { "page-size", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &page_size, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 1, "sync", error))
    return 2;
  if (!(token = read_token (token_file, error)))
    return g_error_matches (*error, CTL_ERROR, CTL_ERROR_USAGE) ? 2 : 1;

  if (!(store = ctl_open_store (ctx, error)))
    return 1;
  if (server == NULL)
    server = bansou_store_get_setting (store, "sync-url");
  if (server == NULL)
    {
      g_set_error_literal (error, CTL_ERROR, CTL_ERROR_USAGE,
                           _("No server yet: name it with --server https://HOST:PORT"));
      return 2;
    }
  if (ca_file == NULL)
    ca_file = bansou_store_get_setting (store, "sync-ca-file");
  if (ca_file != NULL)
    absolute_ca = g_canonicalize_filename (ca_file, NULL);

  path = g_strdup (bansou_store_get_path (store));
  sync = bansou_sync_new (path);
  bansou_sync_set_server (sync, server, token, absolute_ca);
  if (page_size > 0)
    {
      BansouSyncLimits limits = { 0 };

      limits.page_size = (guint) page_size;
      _bansou_sync_set_limits (sync, &limits);
    }
  g_signal_connect (sync, "progress", G_CALLBACK (progress_cb), NULL);

  if (!bansou_sync_run (sync, NULL, &stats, &local))
    {
      g_autofree char *message = bansou_sync_error_message (local);

      /* One line: what to do, then what happened. */
      if (g_strcmp0 (message, local->message) == 0)
        g_set_error (error, CTL_ERROR, CTL_ERROR_FAILED, "%s", message);
      else
        g_set_error (error, CTL_ERROR, CTL_ERROR_FAILED, "%s (%s)", message, local->message);
      return 1;
    }

  g_print (_("Sent %u, received %u, conflicts %u, skipped %u, held back %u.\n"),
           stats.pushed, stats.pulled, stats.conflicts, stats.skipped, stats.held);
  if (stats.quarantined > 0)
    g_print (ngettext ("%u record of the server could not be read: it was kept aside and passed over "
                       "(see “bansouctl sync status”).\n",
                       "%u records of the server could not be read: they were kept aside and passed over "
                       "(see “bansouctl sync status”).\n", stats.quarantined), stats.quarantined);
  if (stats.demo_held > 0)
    g_print (ngettext ("%u demo record was not sent: demo data goes only to a demo server.\n",
                       "%u demo records were not sent: demo data goes only to a demo server.\n",
                       stats.demo_held), stats.demo_held);
  {
    guint open = bansou_sync_count_conflicts (store);

    if (open > 0)
      g_print (ngettext ("%u conflict waits for a decision: see “bansouctl sync conflicts”.\n",
                         "%u conflicts wait for a decision: see “bansouctl sync conflicts”.\n", open), open);
  }
  return 0;
}

static int
sync_status (CtlContext  *ctx,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_autofree char *url = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *last = NULL;
  g_autofree char *ca_file = NULL;
  BansouStore *store;

  if (argc != 2)
    return ctl_usage_error (error, "sync"), 2;
  if (!(store = ctl_open_store (ctx, error)))
    return 1;

  url = bansou_store_get_setting (store, "sync-url");
  ca_file = bansou_store_get_setting (store, "sync-ca-file");
  cursor = bansou_store_get_setting (store, "sync-cursor");
  last = bansou_sync_dup_last_sync (store);

  {
    g_autofree char *pending = g_strdup_printf ("%u", bansou_sync_count_pending (store));
    g_autofree char *conflicts = g_strdup_printf ("%u", bansou_sync_count_conflicts (store));

    ctl_print_row (_("Server:"), -14, url ? url : _("(none)"), 0, NULL);
    ctl_print_row (_("CA file:"), -14, ca_file ? ca_file : _("(system)"), 0, NULL);
    ctl_print_row (_("Pending:"), -14, pending, 0, NULL);
    ctl_print_row (_("Conflicts:"), -14, conflicts, 0, NULL);
    {
      guint n_demo = bansou_sync_count_demo_pending (store);

      if (n_demo > 0)
        {
          g_autofree char *demo = g_strdup_printf (ngettext ("%u (sent only to a demo server)",
                                                             "%u (sent only to a demo server)", n_demo), n_demo);
          ctl_print_row (_("Demo data:"), -14, demo, 0, NULL);
        }
    }
    {
      g_autofree char *keys = NULL;
      guint n_bad = bansou_sync_count_quarantined (store, &keys);

      if (n_bad > 0)
        {
          g_autofree char *count = g_strdup_printf ("%u", n_bad);
          g_auto(GStrv) lines = g_strsplit (keys, "\n", -1);

          ctl_print_row (_("Unreadable:"), -14, count, 0, NULL);
          for (guint i = 0; lines[i]; i++)
            ctl_print_row ("", -14, lines[i], 0, NULL);
        }
    }
    ctl_print_row (_("Cursor:"), -14, cursor ? cursor : "0", 0, NULL);
    ctl_print_row (_("Last sync:"), -14, last ? last : _("never"), 0, NULL);
  }
  return 0;
}

static int
sync_conflicts (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *format_arg = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  BansouStore *store;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "sync", error))
    return 2;
  if (format_arg && (!ctl_parse_format (format_arg, &format, error) || format == CTL_FORMAT_CSV))
    {
      g_clear_error (error);
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown format “%s” (use text or json)"), format_arg);
      return 2;
    }
  if (!(store = ctl_open_store (ctx, error)) ||
      !(conflicts = bansou_sync_list_conflicts (store, error)))
    return 1;

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(GString) out = g_string_new ("[");

      for (guint i = 0; i < conflicts->len; i++)
        {
          BansouConflict *c = g_ptr_array_index (conflicts, i);

          g_string_append_printf (out, "%s\n  {\"id\": %" G_GINT64_FORMAT ", \"type\": \"%s\", \"round\": \"%s\", "
                                  "\"body\": \"%s\", \"question\": ", i ? "," : "", c->id, c->type, c->round,
                                  c->body);
          if (c->question)
            g_string_append_printf (out, "\"%s\"", c->question);
          else
            g_string_append (out, "null");
          g_string_append_printf (out, ", \"mine\": %s, \"theirs\": %s, \"detected_at\": \"%s\"}",
                                  c->mine_json, c->theirs_json, c->detected_at);
        }
      g_string_append (out, conflicts->len ? "\n]\n" : "]\n");
      g_print ("%s", out->str);
      return 0;
    }

  if (conflicts->len == 0)
    {
      g_print ("%s\n", _("No conflicts."));
      return 0;
    }
  for (guint i = 0; i < conflicts->len; i++)
    {
      BansouConflict *c = g_ptr_array_index (conflicts, i);

      g_print ("%" G_GINT64_FORMAT "  %s %s/%s%s%s\n", c->id, c->type, c->round, c->body,
               c->question ? "/" : "", c->question ? c->question : "");
      g_print ("    %-8s %s\n", _("mine:"), c->mine_json);
      g_print ("    %-8s %s\n", _("theirs:"), c->theirs_json);
    }
  return 0;
}

static int
sync_resolve (CtlContext  *ctx,
              int          argc,
              char       **argv,
              GError     **error)
{
  BansouConflictChoice choice;
  BansouStore *store;
  guint64 id;

  if (argc != 4 || !g_ascii_string_to_unsigned (argv[2], 10, 1, G_MAXINT64, &id, NULL))
    return ctl_usage_error (error, "sync"), 2;
  if (g_str_equal (argv[3], "mine"))
    choice = BANSOU_CONFLICT_MINE;
  else if (g_str_equal (argv[3], "theirs"))
    choice = BANSOU_CONFLICT_THEIRS;
  else
    return ctl_usage_error (error, "sync"), 2;

  if (!(store = ctl_open_store (ctx, error)) ||
      !bansou_sync_resolve_conflict (store, (gint64) id, choice, NULL, error))
    return 1;

  g_print (choice == BANSOU_CONFLICT_MINE
           ? _("Kept this workbench’s version; it will be sent with the next sync.\n")
           : _("Took the server’s version.\n"));
  return 0;
}

int
ctl_cmd_sync (CtlContext  *ctx,
              int          argc,
              char       **argv,
              GError     **error)
{
  if (ctl_wants_help (argc, argv))
    {
      g_print ("%s\n", _(sync_usage));
      return 0;
    }

  if (argc >= 2 && g_str_equal (argv[1], "status"))
    return sync_status (ctx, argc, argv, error);
  if (argc >= 2 && g_str_equal (argv[1], "conflicts"))
    return sync_conflicts (ctx, argc, argv, error);
  if (argc >= 2 && g_str_equal (argv[1], "resolve"))
    return sync_resolve (ctx, argc, argv, error);
  if (argc >= 2 && argv[1][0] != '-')
    return ctl_usage_error (error, "sync"), 2;

  return sync_run (ctx, argc, argv, error);
}
