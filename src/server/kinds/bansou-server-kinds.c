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
  g_autoptr(BansouServerStmt) stmt = bansou_server_db_prepare (db, sql, NULL);

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, key);
  return bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW;
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

/* ------------------------------------------------------------------------ */
/* Records seen by several prefectures (joint procurement)                  */

/* Whether @prefecture sees the shared records of @k1 (shared_scopes). */
gboolean
bansou_kind_shared_with (BansouServerDb *db,
                         const char     *k1,
                         const char     *prefecture)
{
  g_autoptr(BansouServerStmt) stmt = NULL;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), FALSE);

  stmt = bansou_server_db_prepare (db, "SELECT 1 FROM shared_scopes WHERE k1 = ?1 AND scope = ?2", NULL);
  if (stmt == NULL || k1 == NULL || prefecture == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, k1);
  bansou_server_stmt_bind_text (stmt, 2, prefecture);
  return bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW;
}

/**
 * bansou_kind_reappend:
 * @types: (array zero-terminated=1): the types to move, in the order they
 *   are to come in the feed (a project before its participations)
 * @rev_sqls: for each of @types, the UPDATE that sets a record's revision
 *   (?1) by its keys (?2, ?3 = k1, k2)
 *
 * Gives every record of @types with key @k1 a new revision at the head,
 * and its row of the change feed with it, in the write's transaction: a
 * prefecture just admitted to the records of @k1 receives them although
 * they were written before its cursor. Their contents stay; a client that
 * edits one on the old revision meets a 412 like any stale write.
 */
gboolean
bansou_kind_reappend (BansouServerDb      *db,
                      const char          *k1,
                      const char * const  *types,
                      const char * const  *rev_sqls,
                      GError             **error)
{
  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (k1 != NULL && types != NULL && rev_sqls != NULL, FALSE);

  for (guint t = 0; types[t] != NULL; t++)
    {
      g_autoptr(BansouServerStmt) list = NULL;
      g_autoptr(GArray) revs = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) k2s = g_ptr_array_new_with_free_func (g_free);
      int rc;

      list = bansou_server_db_prepare (db, "SELECT rev, k2 FROM changes WHERE type = ?1 AND k1 = ?2 ORDER BY rev",
                                       error);
      if (list == NULL)
        return FALSE;
      bansou_server_stmt_bind_text (list, 1, types[t]);
      bansou_server_stmt_bind_text (list, 2, k1);
      while ((rc = bansou_server_stmt_step (list, NULL)) == BANSOU_SERVER_STEP_ROW)
        {
          gint64 rev = bansou_server_stmt_column_int64 (list, 0);
          g_array_append_val (revs, rev);
          g_ptr_array_add (k2s, g_strdup (bansou_col_text (list, 1)));
        }
      if (rc != BANSOU_SERVER_STEP_DONE)
        {
          bansou_server_db_set_error (db, error, "reading the change feed");
          return FALSE;
        }
      g_clear_pointer (&list, bansou_server_stmt_reset);

      for (guint i = 0; i < revs->len; i++)
        {
          g_autoptr(BansouServerStmt) move = NULL;
          g_autoptr(BansouServerStmt) record = NULL;
          gint64 rev = bansou_server_db_next_rev (db);

          move = bansou_server_db_prepare (db, "UPDATE changes SET rev = ?1 WHERE rev = ?2", error);
          if (move == NULL)
            return FALSE;
          bansou_server_stmt_bind_int64 (move, 1, rev);
          bansou_server_stmt_bind_int64 (move, 2, g_array_index (revs, gint64, i));
          if (!bansou_server_db_step_done (db, move, error))
            return FALSE;
          g_clear_pointer (&move, bansou_server_stmt_reset);

          record = bansou_server_db_prepare (db, rev_sqls[t], error);
          if (record == NULL)
            return FALSE;
          bansou_server_stmt_bind_int64 (record, 1, rev);
          bansou_server_stmt_bind_text (record, 2, k1);
          if (bansou_server_stmt_parameter_count (record) >= 3)
            bansou_server_stmt_bind_text (record, 3, g_ptr_array_index (k2s, i));
          if (!bansou_server_db_step_done (db, record, error))
            return FALSE;
        }
    }
  return TRUE;
}
