/* bansou-store-check.c — reading the whole database on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-store-sql.h"

/**
 * bansou_store_check_integrity:
 * @self: an open store
 * @error: return location for a %BANSOU_STORE_ERROR_CORRUPT
 *
 * Reads every page and index of the database (`PRAGMA integrity_check`).
 * Opening a store reads the whole file only when Bansō did not close it
 * cleanly itself; this is the full check on demand (`bansouctl check`).
 * sqlite's own findings are logged, not shown.
 *
 * Returns: %TRUE if the database is sound
 */
gboolean
bansou_store_check_integrity (BansouStore  *self,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (BANSOU_IS_STORE (self), FALSE);

  if (!(stmt = _bansou_store_prepare (self, "PRAGMA integrity_check(20)", error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = _bansou_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") == 0)
        ok = TRUE;
      else
        g_debug ("integrity_check: %s", line);
    }

  if (rc != SQLITE_DONE || !ok)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CORRUPT,
                   _("The database “%s” is damaged (integrity check failed). "
                     "It was left unchanged; restore it from a backup."),
                   bansou_store_get_path (self));
      return FALSE;
    }

  return TRUE;
}
