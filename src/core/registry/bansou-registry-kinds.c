/* bansou-registry-kinds.c — the registry's record kinds for sync: body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Bodies registered on the server (X34nnn, and prefecture bodies not in
 * the national registry) are added here; the national registry ships with
 * Bansō, so builtin bodies never travel. GET /bodies is fetched first in
 * every run: a token of another prefecture is refused there.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-code.h"
#include "bansou-registry-kinds.h"
#include "bansou-store-sql.h"
#include "bansou-types.h"

/* The set of codes kept here, loaded once per run (keyed by this address). */
static const char bodies_sql[] = "SELECT code FROM bodies";

gboolean
_bansou_registry_is_sync_code (const char *code)
{
  return bansou_code_is_body (code);
}

gboolean
_bansou_registry_sync_prefecture (const char *code,
                                  char       *out)
{
  if (!_bansou_registry_is_sync_code (code))
    return FALSE;
  memcpy (out, code[0] == 'X' ? code + 1 : code, 2);
  out[2] = '\0';
  return TRUE;
}

gboolean
_bansou_registry_sync_has_body (BansouSyncContext  *ctx,
                                const char         *code,
                                gboolean           *has,
                                GError            **error)
{
  GHashTable *bodies = bansou_sync_context_get_keys (ctx, bodies_sql, error);

  if (bodies == NULL)
    return FALSE;
  *has = g_hash_table_contains (bodies, code);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* body                                                                     */

typedef struct
{
  const char *code;
  const char *prefecture;
  const char *kind;
  const char *name;
  gboolean    builtin;
} Body;

static gboolean
body_parse (BansouSyncRecord  *record,
            JsonObject        *obj,
            GError           **error)
{
  Body *b = g_new0 (Body, 1);
  char pref[3];
  const char *updated;

  record->data = b;
  if (!bansou_sync_json_str (obj, "code", BANSOU_SYNC_JSON_REQUIRED, 6, &b->code, error) ||
      !bansou_sync_json_str (obj, "prefecture", BANSOU_SYNC_JSON_REQUIRED, 2, &b->prefecture, error) ||
      !bansou_sync_json_str (obj, "kind", BANSOU_SYNC_JSON_REQUIRED, 40, &b->kind, error) ||
      !bansou_sync_json_str (obj, "name", BANSOU_SYNC_JSON_REQUIRED, 200, &b->name, error) ||
      !bansou_sync_json_bool (obj, "builtin", &b->builtin, error))
    return FALSE;
  if (!_bansou_registry_sync_prefecture (b->code, pref))
    return bansou_sync_protocol_error (error, _("not a body code:"), "code");
  if (!g_str_equal (pref, b->prefecture))
    return bansou_sync_protocol_error (error, _("does not match the code:"), "prefecture");

  record->key[0] = b->code;
  memcpy (record->scope, pref, sizeof record->scope);
  return bansou_sync_json_str (obj, "updated_at", BANSOU_SYNC_JSON_OPTIONAL, 64, &updated, error) &&
         bansou_sync_json_str (obj, "updated_by", BANSOU_SYNC_JSON_OPTIONAL, 200, &updated, error);
}

static gboolean
body_apply (BansouSyncContext  *ctx,
            BansouSyncRecord   *record,
            gboolean           *written,
            GError            **error)
{
  BansouStore *store = bansou_sync_context_get_store (ctx);
  Body *b = record->data;
  BansouBodyKind kind = bansou_body_kind_from_string (b->kind);
  GHashTable *bodies;
  sqlite3_stmt *stmt;

  *written = FALSE;
  /* The national registry is shipped with Bansō: only registered bodies travel. */
  if (b->builtin || !bansou_body_kind_is_other_body (kind))
    return TRUE;
  if (!(bodies = bansou_sync_context_get_keys (ctx, bodies_sql, error)))
    return FALSE;
  if (g_hash_table_contains (bodies, b->code))
    return TRUE;

  stmt = bansou_sync_stmt (store,
                           "INSERT INTO bodies (code, prefecture, kind, name, builtin) VALUES (?1, ?2, ?3, ?4, 0)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, b->code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, b->prefecture, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, bansou_body_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, b->name, -1, SQLITE_TRANSIENT);
  if (!bansou_sync_stmt_done (store, stmt, error))
    return FALSE;

  *written = TRUE;
  g_hash_table_add (bodies, g_strdup (b->code));
  return bansou_store_audit (store, "body", b->code, "created", NULL, b->name, error);
}

static const BansouSyncKind body_kind = {
  .type = "body",
  .keys = { { "code", NULL } },
  .n_keys = 1,
  .list_path = "/bodies",
  .list_member = "bodies",
  .parse = body_parse,
  .apply = body_apply,
};

void
_bansou_registry_register_sync_kinds (void)
{
  bansou_sync_register_kind (&body_kind);
}
