/* bansou-core.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-core.h"
#include "bansou-store-seeds.h"

/* What every store loads when it opens, each from its own room: the store
 * itself knows no domain. */
const BansouStoreSeed _bansou_store_seeds[] = {
  { "registry", 1, _bansou_registry_seed },
  { NULL, 0, NULL },
};

/* Where the running program is: the build directory it was built in, or
 * the prefix it is installed under, found from /proc/self/exe so that
 * build/src/ctl/bansouctl speaks Japanese without any variable, and an
 * installed tree works wherever it was put (meson install --destdir). */
typedef enum { RUN_INSTALLED, RUN_UNINSTALLED, RUN_RELOCATED } RunKind;

static RunKind
run_kind (char **out_prefix)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *build_root = g_strconcat (BUILD_ROOT, G_DIR_SEPARATOR_S, NULL);
  g_autofree char *bin_suffix = NULL;

  *out_prefix = NULL;
  if (exe == NULL)
    return RUN_INSTALLED;
  if (g_str_has_prefix (exe, build_root))
    return RUN_UNINSTALLED;

  dir = g_path_get_dirname (exe);
  if (g_path_is_absolute (BINDIR_REL))
    return RUN_INSTALLED;
  bin_suffix = g_strconcat (G_DIR_SEPARATOR_S, BINDIR_REL, NULL);
  if (!g_str_has_suffix (dir, bin_suffix))
    return RUN_INSTALLED;
  *out_prefix = g_strndup (dir, strlen (dir) - strlen (bin_suffix));
  return RUN_RELOCATED;
}

/**
 * bansou_core_get_localedir:
 *
 * $BANSOU_LOCALEDIR if set; this build's po/ when the program runs from
 * its build directory; the locale folder beside the installed program's
 * prefix when it has one; otherwise the configured one.
 *
 * Returns: (transfer full): the folder holding LANG/LC_MESSAGES/bansou.mo
 */
char *
bansou_core_get_localedir (void)
{
  g_autofree char *prefix = NULL;
  const char *env = g_getenv ("BANSOU_LOCALEDIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  switch (run_kind (&prefix))
    {
    case RUN_UNINSTALLED:
      return g_strdup (SOURCE_LOCALEDIR);
    case RUN_RELOCATED:
      if (!g_path_is_absolute (LOCALEDIR_REL))
        {
          g_autofree char *dir = g_build_filename (prefix, LOCALEDIR_REL, NULL);

          if (g_file_test (dir, G_FILE_TEST_IS_DIR))
            return g_steal_pointer (&dir);
        }
      break;
    case RUN_INSTALLED:
    default:
      break;
    }

  return g_strdup (LOCALEDIR);
}

/**
 * bansou_core_get_schema_dir:
 *
 * The folder of compiled GSettings schemas a program outside the system
 * prefix needs: this build's data/ when it runs uninstalled, the prefix's
 * glib-2.0/schemas when it runs from another prefix. %NULL when the
 * system's search path already covers it.
 *
 * Returns: (transfer full) (nullable): a folder with gschemas.compiled
 */
char *
bansou_core_get_schema_dir (void)
{
  g_autofree char *prefix = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *compiled = NULL;

  switch (run_kind (&prefix))
    {
    case RUN_UNINSTALLED:
      dir = g_strdup (BUILD_SCHEMA_DIR);
      break;
    case RUN_RELOCATED:
      if (g_path_is_absolute (DATADIR_REL))
        return NULL;
      dir = g_build_filename (prefix, DATADIR_REL, "glib-2.0", "schemas", NULL);
      break;
    case RUN_INSTALLED:
    default:
      return NULL;
    }

  compiled = g_build_filename (dir, "gschemas.compiled", NULL);
  return g_file_test (compiled, G_FILE_TEST_EXISTS) ? g_steal_pointer (&dir) : NULL;
}

/**
 * bansou_core_init:
 *
 * Binds the core's translations (bansou_core_get_localedir()). Programs
 * call it once at start-up.
 */
void
bansou_core_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_autofree char *localedir = bansou_core_get_localedir ();

      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&initialized, 1);
    }
}
