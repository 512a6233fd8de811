/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "bansou-core.h"
#include "bansou-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BansouApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* Binds our domain to $BANSOU_LOCALEDIR when set, to this build's po/
   * when run from the build directory, otherwise to the installed locale
   * folder (bansou_core_get_localedir()). The app shares the
   * "bansou" domain with the core, so binding it again here would undo
   * that choice. */
  bansou_core_init ();
  /* Uninstalled (or installed under another prefix), the schemas are
   * beside the program rather than in the system's folders. */
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    {
      g_autofree char *schema_dir = bansou_core_get_schema_dir ();

      if (schema_dir != NULL)
        g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
    }
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = bansou_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
