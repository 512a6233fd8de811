/* bansou-catalog-kinds.c — the catalog's record kind for sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The change feed names a catalog version; one this workbench does not
 * have is fetched whole (GET /catalog/VERSION) and checked before the
 * page's transaction, and installed in it (not made active).
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-catalog-kinds.h"
#include "bansou-catalog.h"
#include "bansou-store-sql.h"
#include "bansou-sync.h"

gboolean
_bansou_catalog_is_version (const char *str)
{
  if (str == NULL || *str == '\0' || strlen (str) > 64)
    return FALSE;
  for (const char *p = str; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

typedef struct
{
  const char    *version;
  BansouCatalog *catalog;   /* fetched: to install */
} Catalog;

static void
catalog_free (gpointer data)
{
  Catalog *c = data;

  g_clear_object (&c->catalog);
  g_free (c);
}

static gboolean
catalog_parse (BansouSyncRecord  *record,
               JsonObject        *obj,
               GError           **error)
{
  Catalog *c = g_new0 (Catalog, 1);
  const char *updated;
  gint64 n;

  record->data = c;
  if (!bansou_sync_json_str (obj, "version", BANSOU_SYNC_JSON_REQUIRED, 64, &c->version, error) ||
      !bansou_sync_json_int (obj, "questions", 0, &n, error))
    return FALSE;
  if (!_bansou_catalog_is_version (c->version))
    return bansou_sync_protocol_error (error, _("not a catalog version:"), "version");
  record->key[0] = c->version;
  return bansou_sync_json_str (obj, "updated_at", BANSOU_SYNC_JSON_OPTIONAL, 64, &updated, error) &&
         bansou_sync_json_str (obj, "updated_by", BANSOU_SYNC_JSON_OPTIONAL, 200, &updated, error);
}

static gboolean
catalog_prefetch (BansouSyncContext  *ctx,
                  BansouSyncRecord   *record,
                  GError            **error)
{
  Catalog *c = record->data;
  sqlite3_stmt *stmt;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  int rc;

  stmt = bansou_sync_stmt (bansou_sync_context_get_store (ctx), "SELECT 1 FROM catalogs WHERE version = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->version, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;

  path = g_strdup_printf ("/catalog/%s", c->version);
  if (!(root = bansou_sync_context_get_json (ctx, path, error)))
    return FALSE;
  json = json_to_string (root, FALSE);
  c->catalog = bansou_catalog_new_from_data (json, -1, &local);
  if (c->catalog == NULL)
    {
      g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_PROTOCOL,
                   _("The catalog %s from the server is not valid: %s"), c->version, local->message);
      return FALSE;
    }
  if (g_strcmp0 (bansou_catalog_get_version (c->catalog), c->version) != 0)
    return bansou_sync_protocol_error (error, _("another version in"), "catalog");
  return TRUE;
}

static gboolean
catalog_apply (BansouSyncContext  *ctx,
               BansouSyncRecord   *record,
               gboolean           *written,
               GError            **error)
{
  Catalog *c = record->data;

  /* Counted as skipped, as before kinds: installing a catalog changes no
   * record of this workbench. */
  *written = FALSE;
  if (c->catalog == NULL)
    return TRUE;
  return bansou_catalog_install (c->catalog, bansou_sync_context_get_store (ctx), FALSE, error);
}

static const BansouSyncKind catalog_kind = {
  .type = "catalog",
  .keys = { { "version", NULL } },
  .n_keys = 1,
  .parse = catalog_parse,
  .free_data = catalog_free,
  .prefetch = catalog_prefetch,
  .apply = catalog_apply,
};

void
_bansou_catalog_register_sync_kinds (void)
{
  bansou_sync_register_kind (&catalog_kind);
}
