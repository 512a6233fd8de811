/* bansou-server-kinds.c — the table of record kinds, and their shared helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include "bansou-server-kind.h"

#define BANSOU_KIND_ENTRY(name) &bansou_kind_##name,

static const BansouServerKind * const kinds[] = {
  BANSOU_SERVER_KINDS (BANSOU_KIND_ENTRY)
};

/* Returns: (nullable): the kind named @type on the wire */
const BansouServerKind *
bansou_server_kind_lookup (const char *type)
{
  g_return_val_if_fail (type != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i]->type, type))
      return kinds[i];
  return NULL;
}

/* Returns: how many of k1, k2, k3 the kind uses */
guint
bansou_server_kind_n_keys (const BansouServerKind *kind)
{
  guint n = 0;

  g_return_val_if_fail (kind != NULL, 0);

  while (n < G_N_ELEMENTS (kind->keys) && kind->keys[n] != NULL)
    n++;
  return n;
}

/* Returns: (transfer full): the types of the kinds with all of @flags, "answer, progress" */
char *
bansou_server_kind_list (BansouKindFlags flags)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if ((kinds[i]->flags & flags) == flags)
      g_string_append_printf (names, "%s%s", names->len ? ", " : "", kinds[i]->type);
  return g_string_free (names, FALSE);
}

/* ------------------------------------------------------------------------ */

/* Always returns FALSE, with a BANSOU_API_ERROR_FORBIDDEN naming the record. */
gboolean
bansou_kind_forbid (GError    **error,
                    BansouOp   *op,
                    const char *why)
{
  g_autofree char *what = bansou_op_describe (op);

  g_return_val_if_fail (op != NULL && why != NULL, FALSE);

  g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_FORBIDDEN, "%s: %s", what, why);
  return FALSE;
}

/* Returns: whether @sql (one parameter, @key) finds a row */
gboolean
bansou_kind_exists (BansouServerDb *db,
                    const char     *sql,
                    const char     *key)
{
  g_autoptr(BansouCachedStmt) stmt = bansou_server_db_prepare (db, sql, NULL);

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* The body, and the round unless it is %NULL, exist. */
gboolean
bansou_kind_check_body_round (BansouServerDb  *db,
                              const char      *body,
                              const char      *round,
                              GError         **error)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (!bansou_kind_exists (db, "SELECT 1 FROM bodies WHERE code = ?", body))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_BODY,
                   "There is no body “%s”", body);
      return FALSE;
    }
  if (round != NULL && !bansou_kind_exists (db, "SELECT 1 FROM rounds WHERE id = ?", round))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_ROUND,
                   "There is no round “%s”", round);
      return FALSE;
    }
  return TRUE;
}

/* The scope rule of a body's own records (answers, progress): its
 * prefecture and the body itself write them; the national desk reads. */
gboolean
bansou_kind_body_in_scope (const BansouServerToken  *token,
                           BansouOp                 *op,
                           const char               *body,
                           GError                  **error)
{
  g_return_val_if_fail (token != NULL && op != NULL, FALSE);

  if (!bansou_code_is_body (body))
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_BODY,
                   "“%s” is not a body code", body);
      return FALSE;
    }
  if (token->role == BANSOU_ROLE_NATIONAL)
    return bansou_kind_forbid (error, op, "the national desk reads answers; prefectures and bodies write them");
  if (!bansou_server_in_scope (token->role, token->scope, body))
    return bansou_kind_forbid (error, op, "outside the token's scope");
  return TRUE;
}
