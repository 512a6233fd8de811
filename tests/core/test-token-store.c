/* test-token-store.c — the sync token in the keyring, or in memory only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Each case runs in a subprocess of its own: GLib keeps one session bus
 * and libsecret one Secret Service per process, so the bus a case wants
 * must be set in the environment before either is first used.
 *
 *   no-bus          no session bus at all (a dead address): memory only
 *   no-keyring      a private dbus-daemon with no Secret Service on it
 *   keyring         a private dbus-daemon with gnome-keyring-daemon, when
 *                   it is installed (skipped otherwise)
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>

#include "bansou-test-utils.h"
#include "bansou-token-store.h"

#define URL       "https://127.0.0.1:8443"
#define OTHER_URL "https://sync.example.lg.jp"
#define TOKEN     "bns_TestTokenThatMustNeverReachADisk0123456789ab"

/* ------------------------------------------------------------------------ */
/* Waiting for the async calls                                              */

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (10, tick_cb, NULL);

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  g_assert_nonnull (*slot);
  return *slot;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static char *
lookup (BansouTokenStore *store,
        const char       *url)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  bansou_token_store_lookup_async (store, url, NULL, result_cb, &result);
  token = bansou_token_store_lookup_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  return token;
}

static gboolean
store_token (BansouTokenStore *store,
             const char       *url,
             const char       *token,
             gboolean          remember)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean in_keyring = -1;

  bansou_token_store_store_async (store, url, token, remember, NULL, result_cb, &result);
  g_assert_true (bansou_token_store_store_finish (store, wait_result (&result), &in_keyring, &error));
  g_assert_no_error (error);
  g_assert_true (in_keyring == TRUE || in_keyring == FALSE);
  return in_keyring;
}

static void
clear (BansouTokenStore *store,
       const char       *url)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bansou_token_store_clear_async (store, url, NULL, result_cb, &result);
  g_assert_true (bansou_token_store_clear_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------------ */
/* The environment of a case                                                */

static char *root;

/* Fresh home and XDG folders, so "no file holds the token" can be checked
 * by reading every file the process could have written. */
static void
init_user_dirs (void)
{
  static const char *vars[] = {
    "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR",
  };

  root = bansou_test_make_dir ();
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *dir = g_build_filename (root, vars[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (vars[i], dir, TRUE);
    }
}

static guint
count_files_containing (const char *dir,
                        const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      gsize len;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n += count_files_containing (path, needle);
      else if (g_file_get_contents (path, &text, &len, NULL) &&
               g_strstr_len (text, len, needle) != NULL)
        {
          g_test_message ("the token is in %s", path);
          n++;
        }
    }
  return n;
}

/* A dbus-daemon of this test only: no services, a socket in our folder. */
static GSubprocess *
start_private_bus (void)
{
  g_autofree char *config = g_build_filename (root, "bus.conf", NULL);
  g_autofree char *text = g_strdup_printf (
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig>\n"
    "  <type>session</type>\n"
    "  <listen>unix:dir=%s</listen>\n"
    "  <policy context=\"default\">\n"
    "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
    "    <allow eavesdrop=\"true\"/>\n"
    "    <allow own=\"*\"/>\n"
    "  </policy>\n"
    "</busconfig>\n", root);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *address = NULL;
  g_autofree char *arg = NULL;
  GSubprocess *proc;

  g_file_set_contents (config, text, -1, &error);
  g_assert_no_error (error);
  arg = g_strconcat ("--config-file=", config, NULL);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           "dbus-daemon", arg, "--nofork", "--print-address=1", NULL);
  g_assert_no_error (error);

  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  address = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  return proc;
}

static void
stop (GSubprocess *proc)
{
  if (proc == NULL)
    return;
  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, NULL);
  g_object_unref (proc);
}

/* ------------------------------------------------------------------------ */
/* What holds without a keyring, however it is missing                      */

static void
check_memory_only (void)
{
  g_autoptr(BansouTokenStore) store = bansou_token_store_new ();
  g_autoptr(BansouTokenStore) next_session = NULL;
  g_autofree char *token = NULL;
  g_autofree char *other = NULL;
  g_autofree char *after_clear = NULL;
  g_autofree char *next = NULL;

  g_assert_true (bansou_token_store_get_keyring_available (store));

  /* Nothing yet; the failed lookup tells the page there is no keyring. */
  g_assert_null (lookup (store, URL));
  g_assert_false (bansou_token_store_get_keyring_available (store));

  /* Asked to remember, it cannot: kept in memory, and says so. */
  g_assert_false (store_token (store, URL, TOKEN, TRUE));
  token = lookup (store, URL);
  g_assert_cmpstr (token, ==, TOKEN);

  /* One token per server. */
  other = lookup (store, OTHER_URL);
  g_assert_null (other);

  /* Never on a disk: not in any file of the home or XDG folders. */
  g_assert_cmpuint (count_files_containing (root, TOKEN), ==, 0);

  /* A new session (the program started again) asks again. */
  next_session = bansou_token_store_new ();
  next = lookup (next_session, URL);
  g_assert_null (next);

  clear (store, URL);
  after_clear = lookup (store, URL);
  g_assert_null (after_clear);
}

static void
test_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *address = NULL;

      init_user_dirs ();
      /* A socket that does not exist: no session bus, and GLib does not
       * try to start one (autolaunch) when an address is given. */
      address = g_strdup_printf ("unix:path=%s/no-such-bus", root);
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      check_memory_only ();
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_no_keyring (void)
{
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");

  if (daemon == NULL)
    {
      g_test_skip ("dbus-daemon is not installed");
      return;
    }

  if (g_test_subprocess ())
    {
      GSubprocess *bus;

      init_user_dirs ();
      bus = start_private_bus ();
      check_memory_only ();
      stop (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* ------------------------------------------------------------------------ */
/* A real keyring                                                           */

static GSubprocess *
start_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                         G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GDBusConnection) bus = NULL;
  GSubprocess *proc;
  GOutputStream *in;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  gboolean owned = FALSE;

  /* --unlock reads the login keyring's password from stdin, creating
   * the keyring unlocked, so no prompt is ever needed. */
  proc = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon",
                                      "--foreground", "--components=secrets", "--unlock", NULL);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (proc);
  g_output_stream_write_all (in, "test", 4, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (in, NULL, NULL);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  while (!owned && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GVariant) reply =
        g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                     "org.freedesktop.DBus", "NameHasOwner",
                                     g_variant_new ("(s)", "org.freedesktop.secrets"),
                                     G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(b)", &owned);
      if (!owned)
        g_main_context_iteration (NULL, FALSE);
    }
  g_assert_true (owned);
  return proc;
}

static void
test_keyring (void)
{
  g_autofree char *keyring = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");

  if (keyring == NULL || daemon == NULL)
    {
      g_test_skip ("gnome-keyring-daemon or dbus-daemon is not installed");
      return;
    }

  if (g_test_subprocess ())
    {
      GSubprocess *bus, *secrets;

      init_user_dirs ();
      bus = start_private_bus ();
      secrets = start_keyring ();

      {
        g_autoptr(BansouTokenStore) store = bansou_token_store_new ();
        g_autoptr(BansouTokenStore) next_session = bansou_token_store_new ();
        g_autofree char *token = NULL;
        g_autofree char *forgotten = NULL;
        g_autofree char *cleared = NULL;

        g_assert_true (store_token (store, URL, TOKEN, TRUE));
        g_assert_true (bansou_token_store_get_keyring_available (store));

        /* The next session finds it in the keyring, not in its memory. */
        token = lookup (next_session, URL);
        g_assert_cmpstr (token, ==, TOKEN);

        /* Not remembered: out of the keyring, still usable this session. */
        g_assert_false (store_token (store, URL, TOKEN, FALSE));
        g_clear_object (&next_session);
        next_session = bansou_token_store_new ();
        forgotten = lookup (next_session, URL);
        g_assert_null (forgotten);

        g_assert_true (store_token (store, URL, TOKEN, TRUE));
        clear (store, URL);
        g_clear_object (&next_session);
        next_session = bansou_token_store_new ();
        cleared = lookup (next_session, URL);
        g_assert_null (cleared);
      }

      stop (secrets);
      stop (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/token-store/no-bus", test_no_bus);
  g_test_add_func ("/token-store/no-keyring", test_no_keyring);
  g_test_add_func ("/token-store/keyring", test_keyring);

  return g_test_run ();
}
