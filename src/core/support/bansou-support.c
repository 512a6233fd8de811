/* bansou-support.c — the rows of support_actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include "bansou-support.h"
#include "bansou-store-sql.h"

static const char * const kind_names[] = {
  [BANSOU_SUPPORT_VISIT]        = "visit",
  [BANSOU_SUPPORT_PROCUREMENT]  = "procurement",
  [BANSOU_SUPPORT_CONSULTATION] = "consultation",
};

const char *
bansou_support_kind_to_string (BansouSupportKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
bansou_support_set_actions (BansouStore               *store,
                            BansouSupportKind          kind,
                            const char                *source,
                            const char                *on_date,
                            const char                *actor,
                            const BansouSupportTarget *targets,
                            guint                      n_targets,
                            GError                   **error)
{
  const char *name = bansou_support_kind_to_string (kind);

  g_return_val_if_fail (BANSOU_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL && source != NULL, FALSE);
  g_return_val_if_fail (targets != NULL || n_targets == 0, FALSE);
  g_return_val_if_fail (_bansou_store_in_transaction (store), FALSE);

  {
    g_autoptr(BansouCachedStmt) del =
      _bansou_store_prepare_cached (store,
                                    "DELETE FROM support_actions WHERE kind = ?1 AND source = ?2",
                                    error);
    if (del == NULL)
      return FALSE;
    sqlite3_bind_text (del, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text (del, 2, source, -1, SQLITE_TRANSIENT);
    if (!_bansou_store_step_done (store, del, error))
      return FALSE;
  }

  return bansou_support_add_actions (store, kind, source, on_date, actor, targets, n_targets, error);
}

/**
 * bansou_support_add_actions:
 *
 * The rows of bansou_support_set_actions() for a @source that has none
 * yet: nothing is deleted first.
 */
gboolean
bansou_support_add_actions (BansouStore               *store,
                            BansouSupportKind          kind,
                            const char                *source,
                            const char                *on_date,
                            const char                *actor,
                            const BansouSupportTarget *targets,
                            guint                      n_targets,
                            GError                   **error)
{
  const char *name = bansou_support_kind_to_string (kind);

  g_return_val_if_fail (BANSOU_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL && source != NULL, FALSE);
  g_return_val_if_fail (targets != NULL || n_targets == 0, FALSE);
  g_return_val_if_fail (_bansou_store_in_transaction (store), FALSE);

  if (on_date == NULL || *on_date == '\0' || n_targets == 0)
    return TRUE;

  {
    g_autoptr(BansouCachedStmt) ins =
      _bansou_store_prepare_cached (store,
                                    "INSERT OR IGNORE INTO support_actions"
                                    " (kind, source, body, question, on_date, actor)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                    error);
    if (ins == NULL)
      return FALSE;
    for (guint i = 0; i < n_targets; i++)
      {
        sqlite3_reset (ins);
        sqlite3_bind_text (ins, 1, name, -1, SQLITE_STATIC);
        /* Each is valid until the step; every call binds all six */
        sqlite3_bind_text (ins, 2, source, -1, SQLITE_STATIC);
        sqlite3_bind_text (ins, 3, targets[i].body, -1, SQLITE_STATIC);
        sqlite3_bind_text (ins, 4, targets[i].question, -1, SQLITE_STATIC);
        sqlite3_bind_text (ins, 5, on_date, -1, SQLITE_STATIC);
        sqlite3_bind_text (ins, 6, actor != NULL ? actor : "", -1, SQLITE_STATIC);
        if (!_bansou_store_step_done (store, ins, error))
          return FALSE;
      }
  }
  return TRUE;
}
