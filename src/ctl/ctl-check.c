/* ctl-check.c — bansouctl check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansouctl"

#include "config.h"

#include <glib/gi18n.h>

#include "ctl-private.h"

int
ctl_cmd_check (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  BansouStore *store;

  if (ctl_wants_help (argc, argv))
    {
      g_print ("%s\n\n%s\n", _("Usage: bansouctl check"),
               _("Reads the whole database and reports whether it is sound. Bansō reads the "
                 "whole file at start-up only after it was not closed cleanly; run this after "
                 "copying or restoring a database, or on a schedule. Exit status 0 sound, "
                 "1 damaged."));
      return 0;
    }
  if (argc > 1)
    {
      ctl_usage_error (error, "check");
      return 2;
    }

  if (!(store = ctl_open_store (ctx, error)))
    return 1;
  if (!bansou_store_check_integrity (store, error))
    return 1;

  g_print ("%s\n", _("The database is sound."));
  return 0;
}
