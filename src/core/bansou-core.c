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

/**
 * bansou_core_init:
 *
 * Binds the core's translations. Programs call it once at start-up.
 */
void
bansou_core_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      const char *localedir = g_getenv ("BANSOU_LOCALEDIR");

      bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&initialized, 1);
    }
}
