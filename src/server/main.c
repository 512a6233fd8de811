/* main.c — bansou-server: the national follow-up server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "bansou-core.h"
#include "bansou-server.h"
#include "bansou-server-db.h"
#include "bansou-json-strict.h"

typedef struct
{
  char               *config_file;
  BansouServerConfig  config;
} Options;

static gboolean
load_config (Options  *opts,
             GError  **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  BansouServerConfig *c = &opts->config;
  g_auto(GStrv) keys = NULL;

  if (opts->config_file == NULL)
    return TRUE;
  if (!g_key_file_load_from_file (kf, opts->config_file, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, _("Cannot read the configuration “%s”: "), opts->config_file);
      return FALSE;
    }

#define STR(group, key, field) \
  if (g_key_file_has_key (kf, group, key, NULL)) \
    { g_free (c->field); c->field = g_key_file_get_string (kf, group, key, NULL); }
#define NUM(group, key, field) \
  if (g_key_file_has_key (kf, group, key, NULL)) \
    { \
      g_autoptr(GError) e = NULL; \
      double v = g_key_file_get_double (kf, group, key, &e); \
      if (e != NULL || v < 0) \
        { \
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, \
                       _("%s: [%s] %s must be a number, 0 or more"), opts->config_file, group, key); \
          return FALSE; \
        } \
      c->field = v; \
    }

  STR ("server", "listen", listen);
  NUM ("server", "port", port);
  STR ("server", "database", database);
  STR ("server", "database-password-file", database_password_file);
  STR ("server", "tls-certificate", tls_certificate);
  STR ("server", "tls-key", tls_key);
  NUM ("limits", "max-body-bytes", max_body_bytes);
  NUM ("limits", "max-json-depth", max_json_depth);
  NUM ("limits", "max-batch", max_batch);
  NUM ("limits", "max-page", max_page);
  NUM ("limits", "max-connections", max_connections);
  NUM ("limits", "rate", rate);
  NUM ("limits", "burst", burst);
  NUM ("limits", "request-timeout", request_timeout);
  NUM ("limits", "idle-timeout", idle_timeout);
  NUM ("limits", "handshake-timeout", handshake_timeout);
  NUM ("limits", "keepalive-requests", keepalive_requests);
  NUM ("limits", "keepalive-seconds", keepalive_seconds);
  NUM ("limits", "max-kept-alive", max_kept_alive);
  NUM ("limits", "max-page-bytes", max_page_bytes);
  NUM ("limits", "max-connections-per-address", max_connections_per_address);
  NUM ("limits", "max-pending-per-address", max_pending_per_address);
  if (g_key_file_has_key (kf, "limits", "cap-exempt", NULL))
    {
      g_strfreev (c->cap_exempt);
      c->cap_exempt = g_key_file_get_string_list (kf, "limits", "cap-exempt", NULL, NULL);
    }
  NUM ("data", "baseline-min-answers", baseline_min_answers);
  NUM ("data", "idempotency-days", idempotency_days);
  NUM ("data", "idempotency-keys", idempotency_keys);
#undef STR
#undef NUM

  if (c->port > 65535)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("%s: the port must be 0 to 65535"), opts->config_file);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_limits (BansouServerConfig  *c,
              GError             **error)
{
  if (c->rate <= 0 || c->burst < 1 || c->max_connections < 1 || c->max_batch < 1 ||
      c->max_page < 1 || c->max_page_bytes < 1024 || c->keepalive_requests < 1 || c->max_json_depth < 2 || c->max_json_depth > BANSOU_JSON_STRICT_DEPTH_CAP ||
      c->max_body_bytes < 1024 ||
      c->request_timeout < 1 || c->idle_timeout < 1 || c->handshake_timeout < 1 ||
      c->max_connections_per_address < 1 || c->max_pending_per_address < 1 || c->idempotency_keys < 1)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("A limit is out of range (rate > 0, burst ≥ 1, connections, batch and page ≥ 1, "
                     "depth 2 to 4096, body ≥ 1024 bytes, timeouts ≥ 1 s, per-address caps and idempotency keys ≥ 1)"));
      return FALSE;
    }
  return TRUE;
}

static BansouServerDb *
open_db (Options   *opts,
         gboolean   create,
         GError   **error)
{
  if (opts->config.database == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Name the database with --database FILE (or “database” in the configuration)"));
      return NULL;
    }
  return bansou_server_db_open (opts->config.database, opts->config.database_password_file, create, error);
}

/* Common options: every command can take them before or after its name. */
static GOptionEntry *
common_entries (Options *opts)
{
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &opts->config_file, N_("Read settings from this key file"), N_("FILE") },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opts->config.database, N_("The server's database"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  return g_memdup2 (entries, sizeof entries);
}

static gboolean
parse (Options       *opts,
       int           *argc,
       char        ***argv,
       const char    *usage,
       GOptionEntry  *extra,
       GError       **error)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (usage);
  g_autofree GOptionEntry *common = common_entries (opts);
  g_autofree char *database = NULL;

  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, common, GETTEXT_PACKAGE);
  if (extra != NULL)
    g_option_context_add_main_entries (ctx, extra, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, argc, argv, error))
    return FALSE;

  /* The command line wins over the configuration file. */
  database = g_strdup (opts->config.database);
  if (!load_config (opts, error))
    return FALSE;
  if (database != NULL)
    {
      g_free (opts->config.database);
      opts->config.database = g_steal_pointer (&database);
    }
  return TRUE;
}

static int
cmd_init (Options  *opts,
          int       argc,
          char    **argv,
          GError  **error)
{
  g_autoptr(BansouServerDb) db = NULL;
  gboolean new_epoch = FALSE;
  gboolean demo = FALSE;
  GOptionEntry entries[] = {
    { "new-epoch", 0, 0, G_OPTION_ARG_NONE, &new_epoch,
      N_("After restoring a backup: make every client pull everything again"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo,
      N_("A demo server: workbenches send their demo rounds here, and only here"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!parse (opts, &argc, &argv, "init", entries, error))
    return 2;
  db = open_db (opts, TRUE, error);
  if (db == NULL || !bansou_server_db_seed (db, error))
    return 1;
  if (new_epoch && !bansou_server_db_new_epoch (db, error))
    return 1;
  if (demo && !bansou_server_db_set_demo (db, error))
    return 1;

  printf (_("Database ready: %s\n"), bansou_server_db_get_path (db));
  if (bansou_server_db_get_demo (db))
    printf (_("This is a demo server: it accepts the workbenches' demo data.\n"));
  return 0;
}

static int
cmd_token (Options  *opts,
           int       argc,
           char    **argv,
           GError  **error)
{
  g_autoptr(BansouServerDb) db = NULL;
  g_autofree char *role = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("national, prefecture or body"), N_("ROLE") },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &scope, N_("00, a prefecture (34) or a body code"), N_("CODE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Who or what uses the token"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  const char *sub;

  if (!parse (opts, &argc, &argv, "create|list|revoke [ID]", entries, error))
    return 2;
  sub = argc > 1 ? argv[1] : NULL;

  if (g_strcmp0 (sub, "create") == 0)
    {
      g_autofree char *token = NULL;
      gint64 id = 0;

      if (role == NULL || scope == NULL || name == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Usage: bansou-server token create --role ROLE --scope CODE --name TEXT"));
          return 2;
        }
      db = open_db (opts, FALSE, error);
      if (db == NULL)
        return 1;
      token = bansou_server_db_create_token (db, bansou_role_from_string (role), scope, name, &id, error);
      if (token == NULL)
        return 1;
      printf ("%s\n", token);
      fprintf (stderr, _("Token %lld created for %s %s (%s). It is shown only this once; "
                         "only its hash is stored.\n"), (long long) id, role, scope, name);
      return 0;
    }

  if (g_strcmp0 (sub, "list") == 0)
    {
      g_autoptr(GPtrArray) tokens = NULL;

      db = open_db (opts, FALSE, error);
      if (db == NULL || !(tokens = bansou_server_db_list_tokens (db, error)))
        return 1;
      printf ("%-5s %-10s %-7s %-20s %-20s %s\n", _("ID"), _("ROLE"), _("SCOPE"), _("CREATED"), _("REVOKED"), _("NAME"));
      for (guint i = 0; i < tokens->len; i++)
        {
          BansouServerToken *t = g_ptr_array_index (tokens, i);

          printf ("%-5" G_GINT64_FORMAT " %-10s %-7s %-20s %-20s %s\n", t->id, bansou_role_to_string (t->role),
                  t->scope, t->created_at, t->revoked_at ? t->revoked_at : "-", t->name);
        }
      return 0;
    }

  if (g_strcmp0 (sub, "revoke") == 0)
    {
      guint64 id;

      if (argc < 3 || !g_ascii_string_to_unsigned (argv[2], 10, 1, G_MAXINT64, &id, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Usage: bansou-server token revoke ID (see “bansou-server token list”)"));
          return 2;
        }
      db = open_db (opts, FALSE, error);
      if (db == NULL || !bansou_server_db_revoke_token (db, (gint64) id, error))
        return 1;
      printf (_("Token %llu revoked.\n"), (unsigned long long) id);
      return 0;
    }

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("Usage: bansou-server token create|list|revoke"));
  return 2;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
cmd_serve (Options  *opts,
           int       argc,
           char    **argv,
           GError  **error)
{
  g_autoptr(BansouServerDb) db = NULL;
  g_autoptr(BansouServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  int port = -1;
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, N_("The IP address to listen on (default 127.0.0.1)"), N_("ADDRESS") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("The port; 0 picks a free one"), N_("PORT") },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &cert, N_("TLS certificate (PEM)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("TLS private key (PEM)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!parse (opts, &argc, &argv, "serve", entries, error))
    return 2;
  if (listen)
    {
      g_free (opts->config.listen);
      opts->config.listen = g_steal_pointer (&listen);
    }
  if (port >= 0)
    {
      if (port > 65535)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("The port must be 0 to 65535"));
          return 2;
        }
      opts->config.port = port;
    }
  if (cert)
    {
      g_free (opts->config.tls_certificate);
      opts->config.tls_certificate = g_steal_pointer (&cert);
    }
  if (key)
    {
      g_free (opts->config.tls_key);
      opts->config.tls_key = g_steal_pointer (&key);
    }
  if (!check_limits (&opts->config, error))
    return 2;

  db = open_db (opts, FALSE, error);
  if (db == NULL)
    return 1;

  server = bansou_server_new (&opts->config, db);
  uri = bansou_server_start (server, error);
  if (uri == NULL)
    return 1;

  /* The first line on stdout, for scripts and tests: the actual port. */
  printf ("listening on %s\n", uri);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  g_message ("Shutting down");
  bansou_server_stop (server);
  return 0;
}

/* bansou-server migrate --from server.db --to postgresql://…: the national
 * database into the production store, verified table by table. */
static int
cmd_migrate (Options  *opts,
             int       argc,
             char    **argv,
             GError  **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *report = NULL;
  gboolean ok;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("The sqlite database to copy (only read)"), N_("FILE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("A new, empty PostgreSQL database"), N_("CONNINFO") },
    { "to-password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("The PostgreSQL password, in a file (or PGPASSWORD, ~/.pgpass)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!parse (opts, &argc, &argv, "migrate", entries, error))
    return 2;
  if (from == NULL && opts->config.database != NULL && !bansou_server_store_is_postgresql (opts->config.database))
    from = g_strdup (opts->config.database);
  if (from == NULL || to == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Name both databases: --from FILE --to postgresql://…"));
      return 2;
    }
  ok = bansou_server_store_migrate (from, to, password_file, &report, error);
  if (report != NULL)
    fputs (report, stdout);
  if (!ok)
    return 1;
  printf (_("Copied and verified: every table has the same rows in PostgreSQL.\n"));
  return 0;
}

static void
print_usage (FILE *fp)
{
  fprintf (fp, "%s\n\n", _("Usage: bansou-server [--config FILE] COMMAND [OPTIONS…]"));
  fprintf (fp, "  init    %s\n", _("Create the database, with the registry and catalog of this version"));
  fprintf (fp, "  token   %s\n", _("create, list and revoke access tokens"));
  fprintf (fp, "  serve   %s\n", _("Run the server"));
  fprintf (fp, "  migrate %s\n", _("Copy a sqlite database into a new PostgreSQL one, verified"));
  fprintf (fp, "\n%s\n", _("Run “bansou-server COMMAND --help” for the options of a command."));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  Options opts = { 0 };
  const char *command = NULL;
  int status;
  int i;

  /* GLib 2.74's GSlice keeps freed blocks in per-thread magazines behind
   * locks; a server that builds and frees a JSON tree per request spends a
   * fifth of its time there (docs/deploy.md, "Connections").
   * GLib 2.76 made GSlice plain malloc; here G_SLICE=always-malloc does
   * the same, and it is read before main(), so the server starts itself
   * once more with it set. A failed exec goes on as before. */
  if (g_getenv ("G_SLICE") == NULL)
    {
      g_setenv ("G_SLICE", "always-malloc", TRUE);
      execv ("/proc/self/exe", argv);
    }

  setlocale (LC_ALL, "");
  bansou_core_init ();
  textdomain (GETTEXT_PACKAGE);
  bansou_server_config_init (&opts.config);

  /* The command is the first argument that is not an option or its value. */
  for (i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--config") || g_str_equal (argv[i], "-c") ||
          g_str_equal (argv[i], "--database") || g_str_equal (argv[i], "-d"))
        {
          i++;
          continue;
        }
      if (argv[i][0] != '-')
        {
          command = argv[i];
          break;
        }
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        break;
    }

  if (command == NULL)
    {
      print_usage (i < argc ? stdout : stderr);
      return i < argc ? 0 : 2;
    }

  /* Hand the command its own argv: argv[0] then everything but the command word. */
  {
    g_autoptr(GPtrArray) args = g_ptr_array_new ();

    g_ptr_array_add (args, argv[0]);
    for (int j = 1; j < argc; j++)
      if (j != i)
        g_ptr_array_add (args, argv[j]);
    g_ptr_array_add (args, NULL);

    if (g_str_equal (command, "init"))
      status = cmd_init (&opts, args->len - 1, (char **) args->pdata, &error);
    else if (g_str_equal (command, "token"))
      status = cmd_token (&opts, args->len - 1, (char **) args->pdata, &error);
    else if (g_str_equal (command, "serve"))
      status = cmd_serve (&opts, args->len - 1, (char **) args->pdata, &error);
    else if (g_str_equal (command, "migrate"))
      status = cmd_migrate (&opts, args->len - 1, (char **) args->pdata, &error);
    else
      {
        fprintf (stderr, _("Unknown command “%s”\n\n"), command);
        print_usage (stderr);
        status = 2;
      }
  }

  if (error != NULL)
    fprintf (stderr, "bansou-server: %s\n", error->message);

  g_free (opts.config_file);
  bansou_server_config_clear (&opts.config);
  return status;
}
