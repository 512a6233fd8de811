/* bansou-gui-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "bansou-gui-test-utils.h"
#include "bansou-test-utils.h"

static char *home;

/* Private user folders, as G_TEST_OPTION_ISOLATE_DIRS would give, but
 * the system's data folders left alone: GTK needs the shared MIME
 * database (to load SVG icons) and the icon themes from XDG_DATA_DIRS. */
static void
init_user_dirs (void)
{
  static const char *vars[] = {
    "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR",
  };

  home = bansou_test_make_dir ();
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (vars[i], dir, TRUE);
    }
}

gboolean
bansou_gui_test_init (int    *argc,
                      char ***argv)
{
  gboolean have_display;

  setlocale (LC_ALL, "");
  init_user_dirs ();
  g_test_init (argc, argv, NULL);
  bansou_core_init ();

  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  return have_display;
}

/* The root of this test's private user folders. */
const char *
bansou_gui_test_home (void)
{
  return home;
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @check holds. The deadline only keeps a broken
 * build from hanging the suite; nothing here measures speed. */
gboolean
bansou_gui_test_wait_for (gboolean (*check) (gpointer),
                          gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (10, tick_cb, NULL);

  while (!check (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return check (data);
}

void
bansou_gui_test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Real X events from the X server, through GDK, to the widgets. */
gboolean
bansou_gui_test_xdotool (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status = -1;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}
