/* bansou-server-store.c — choosing the store from the configuration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>

#include "bansou-server-db.h"
#include "bansou-server-store.h"

/* "postgresql://…", "postgres://…", or a "key=value …" connection string
 * ("host=/run/postgresql dbname=bansou"); anything else is a sqlite file. */
gboolean
bansou_server_store_is_postgresql (const char *database)
{
  g_return_val_if_fail (database != NULL, FALSE);
  return g_str_has_prefix (database, "postgresql://") || g_str_has_prefix (database, "postgres://") ||
         g_regex_match_simple ("^\\s*[a-z_]+\\s*=", database, 0, 0);
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
