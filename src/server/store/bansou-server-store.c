/* bansou-server-store.c — choosing the store from the configuration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-server-db.h"
#include "bansou-server-store.h"

/* "postgresql://…", "postgres://…", or a "key=value …" connection string */
gboolean
bansou_server_store_is_postgresql (const char *database)
{
  g_return_val_if_fail (database != NULL, FALSE);
  return g_str_has_prefix (database, "postgresql://") || g_str_has_prefix (database, "postgres://") ||
         (strchr (database, '=') != NULL && strchr (database, '/') == NULL);
}

/* Not yet: issue 14 adds the PostgreSQL store behind this interface. */
BansouServerStore *
bansou_server_store_open_pg (const char  *conninfo,
                             const char  *password_file,
                             gboolean     create,
                             GError     **error)
{
  g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_FAILED,
               _("This bansou-server keeps its data in sqlite only; “database=” must be a file"));
  return NULL;
}

BansouServerStore *
bansou_server_store_open (const char  *database,
                          const char  *password_file,
                          gboolean     create,
                          GError     **error)
{
  if (bansou_server_store_is_postgresql (database))
    return bansou_server_store_open_pg (database, password_file, create, error);
  return bansou_server_store_open_sqlite (database, create, error);
}

void
bansou_server_store_close (BansouServerStore *store)
{
  if (store != NULL)
    store->klass->close (store);
}
