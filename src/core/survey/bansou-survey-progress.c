/* bansou-survey-progress.c — where each body stands in a round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * 未着手 → 回答中 → 確認待ち → 確定, with an assignee and a due date per body.
 */
#define G_LOG_DOMAIN "bansou-survey"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-registry.h"
#include "bansou-store-sql.h"
#include "bansou-survey-private.h"
#include "bansou-util.h"
#include "bansou-survey-kinds.h"
#include "bansou-wareki.h"

/**
 * bansou_progress_can_change:
 *
 * The steps a body's progress may take: 未着手 → 回答中 → 確認待ち → 確定;
 * 確認待ち can be sent back to 回答中, and 確定 reopened to 回答中 (with a
 * reason). Staying in the same state is always allowed.
 */
gboolean
bansou_progress_can_change (BansouProgress from,
                            BansouProgress to)
{
  if (from == to)
    return TRUE;

  switch (from)
    {
    case BANSOU_PROGRESS_NOT_STARTED:
      return to == BANSOU_PROGRESS_ANSWERING;
    case BANSOU_PROGRESS_ANSWERING:
      return to == BANSOU_PROGRESS_REVIEW;
    case BANSOU_PROGRESS_REVIEW:
      return to == BANSOU_PROGRESS_ANSWERING || to == BANSOU_PROGRESS_FINAL;
    case BANSOU_PROGRESS_FINAL:
      return to == BANSOU_PROGRESS_ANSWERING;
    case BANSOU_N_PROGRESS:
    default:
      return FALSE;
    }
}

/* ------------------------------------------------------------------------ */
/* Progress records                                                         */

BansouProgressInfo *
bansou_progress_info_copy (const BansouProgressInfo *info)
{
  BansouProgressInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (BansouProgressInfo, 1);
  copy->round = g_strdup (info->round);
  copy->body = g_strdup (info->body);
  copy->state = info->state;
  copy->assignee = g_strdup (info->assignee);
  copy->due = g_strdup (info->due);
  copy->updated_by = g_strdup (info->updated_by);
  copy->updated_at = g_strdup (info->updated_at);
  copy->stored = info->stored;
  return copy;
}

void
bansou_progress_info_free (BansouProgressInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->round);
  g_free (info->body);
  g_free (info->assignee);
  g_free (info->due);
  g_free (info->updated_by);
  g_free (info->updated_at);
  g_free (info);
}

void
bansou_progress_overview_free (BansouProgressOverview *overview)
{
  if (overview == NULL)
    return;
  g_clear_pointer (&overview->overdue, g_ptr_array_unref);
  g_clear_pointer (&overview->by_assignee, g_hash_table_unref);
  g_free (overview);
}

static BansouProgressInfo *
progress_info_new (const char *round,
                   const char *body)
{
  BansouProgressInfo *info = g_new0 (BansouProgressInfo, 1);

  info->round = g_strdup (round);
  info->body = g_strdup (body);
  info->state = BANSOU_PROGRESS_NOT_STARTED;
  info->assignee = g_strdup ("");
  info->updated_by = g_strdup ("");
  info->updated_at = g_strdup ("");
  return info;
}

/* From a row of: state, assignee, due, updated_by, updated_at. */
static void
fill_progress (BansouProgressInfo *info,
               sqlite3_stmt       *stmt,
               int                 col)
{
  info->state = bansou_progress_from_string (_bansou_column_text (stmt, col));
  if (info->state == BANSOU_N_PROGRESS)
    info->state = BANSOU_PROGRESS_NOT_STARTED;
  g_free (info->assignee);
  info->assignee = g_strdup (_bansou_column_text (stmt, col + 1));
  g_free (info->due);
  info->due = g_strdup (_bansou_column_text (stmt, col + 2));
  g_free (info->updated_by);
  info->updated_by = g_strdup (_bansou_column_text (stmt, col + 3));
  g_free (info->updated_at);
  info->updated_at = g_strdup (_bansou_column_text (stmt, col + 4));
  info->stored = TRUE;
}

/**
 * bansou_survey_get_progress:
 *
 * Returns: (transfer full): where @body stands in @round (not started
 *   when nothing was recorded), or %NULL if the round does not exist
 */
BansouProgressInfo *
bansou_survey_get_progress (BansouSurvey  *self,
                            const char    *round,
                            const char    *body,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(BansouProgressInfo) info = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (!_bansou_survey_require_round (self, round, error))
    return NULL;

  stmt = _bansou_store_prepare (self->store,
                                "SELECT state, assignee, due, updated_by, updated_at FROM progress "
                                "WHERE round = ?1 AND body = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);

  info = progress_info_new (round, body);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    fill_progress (info, stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading progress"));
      return NULL;
    }

  return g_steal_pointer (&info);
}

/**
 * bansou_survey_list_progress:
 * @scope: (nullable): "34", "00", or %NULL for the desk's scope
 *
 * Returns: (transfer full) (element-type BansouProgressInfo): one entry
 *   per body of bansou_survey_list_bodies(), by code
 */
GPtrArray *
bansou_survey_list_progress (BansouSurvey  *self,
                             const char    *round,
                             const char    *scope,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(GPtrArray) result = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  if (!_bansou_survey_require_round (self, round, error))
    return NULL;
  if (!(bodies = bansou_survey_list_bodies (self, scope, error)))
    return NULL;

  stmt = _bansou_store_prepare (self->store,
                                "SELECT body, state, assignee, due, updated_by, updated_at FROM progress "
                                "WHERE round = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);

  stored = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) bansou_progress_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouProgressInfo *info = progress_info_new (round, _bansou_column_text (stmt, 0));

      fill_progress (info, stmt, 1);
      g_hash_table_insert (stored, info->body, info);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading progress"));
      return NULL;
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_progress_info_free);
  for (guint i = 0, n = g_list_model_get_n_items (bodies); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      const char *code = bansou_body_get_code (body);
      BansouProgressInfo *info = g_hash_table_lookup (stored, code);

      g_ptr_array_add (result, info ? bansou_progress_info_copy (info) : progress_info_new (round, code));
    }

  return g_steal_pointer (&result);
}

typedef struct
{
  BansouSurvey       *self;
  const char         *round;
  const char * const *bodies;
  BansouProgress      state;     /* BANSOU_N_PROGRESS: unchanged */
  const char         *reason;
  const char         *assignee;  /* NULL: unchanged */
  const char         *due;       /* NULL: unchanged; "": none */
  char               *now;
  GPtrArray          *changed;   /* body codes (not owned) */
} UpdateProgress;

static gboolean
update_progress_cb (BansouStore  *store,
                    gpointer      user_data,
                    GError      **error)
{
  UpdateProgress *op = user_data;
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) outbox = _bansou_outbox_prepare_progress (store, error);
  const char *actor = bansou_store_get_actor (store);

  if (outbox == NULL)
    return FALSE;

  upsert = _bansou_store_prepare (store,
                                  "INSERT INTO progress (round, body, state, assignee, due, updated_by, updated_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                                  "ON CONFLICT (round, body) DO UPDATE SET state = excluded.state, "
                                  "assignee = excluded.assignee, due = excluded.due, "
                                  "updated_by = excluded.updated_by, updated_at = excluded.updated_at", error);
  if (upsert == NULL)
    return FALSE;

  for (guint i = 0; op->bodies[i] != NULL; i++)
    {
      const char *body = op->bodies[i];
      g_autoptr(BansouProgressInfo) info = bansou_survey_get_progress (op->self, op->round, body, error);
      g_autofree char *key = NULL;
      BansouProgress state;
      const char *assignee, *due;
      gboolean state_changed, assignee_changed, due_changed;

      if (info == NULL)
        return FALSE;

      state = op->state == BANSOU_N_PROGRESS ? info->state : op->state;
      assignee = op->assignee ? op->assignee : info->assignee;
      due = op->due ? (*op->due ? op->due : NULL) : info->due;

      if (!bansou_progress_can_change (info->state, state))
        {
          g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_TRANSITION,
                       /* Translators: progress states, e.g. “Not started” to “Final” */
                       _("%s: the progress cannot go from “%s” to “%s”"), body,
                       bansou_progress_get_label (info->state), bansou_progress_get_label (state));
          return FALSE;
        }
      if (info->state == BANSOU_PROGRESS_FINAL && state != BANSOU_PROGRESS_FINAL && bansou_str_is_blank (op->reason))
        {
          g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_TRANSITION,
                       _("%s: reopening a final answer needs a reason"), body);
          return FALSE;
        }

      state_changed = state != info->state;
      assignee_changed = g_strcmp0 (assignee, info->assignee) != 0;
      due_changed = g_strcmp0 (due, info->due) != 0;
      if (!state_changed && !assignee_changed && !due_changed && info->stored)
        continue;

      sqlite3_reset (upsert);
      sqlite3_bind_text (upsert, 1, op->round, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 2, body, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 3, bansou_progress_to_string (state), -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 4, assignee, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (upsert, 5, due, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (upsert, 6, actor, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (upsert, 7, op->now, -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (store, upsert, error))
        return FALSE;

      key = _bansou_survey_progress_key (op->round, body);
      if ((state_changed &&
           !bansou_store_audit (store, "progress", key, "state", bansou_progress_to_string (info->state),
                                bansou_progress_to_string (state), error)) ||
          (state_changed && !bansou_str_is_blank (op->reason) &&
           !bansou_store_audit (store, "progress", key, "reason", NULL, op->reason, error)) ||
          (assignee_changed &&
           !bansou_store_audit (store, "progress", key, "assignee", info->assignee, assignee, error)) ||
          (due_changed && !bansou_store_audit (store, "progress", key, "due", info->due, due, error)) ||
          !_bansou_outbox_step (store, outbox, op->round, body, NULL, error))
        return FALSE;

      if (state_changed || assignee_changed || due_changed)
        g_ptr_array_add (op->changed, (gpointer) body);
    }

  return TRUE;
}

static gboolean
update_progress (BansouSurvey        *self,
                 const char          *round,
                 const char * const  *bodies,
                 BansouProgress       state,
                 const char          *reason,
                 const char          *assignee,
                 const char          *due,
                 GError             **error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autofree char *now = bansou_now_iso ();
  UpdateProgress op = { self, round, bodies, state, reason, assignee, due, now, changed };

  if (!_bansou_survey_require_round (self, round, error))
    return FALSE;
  for (guint i = 0; bodies[i] != NULL; i++)
    if (!_bansou_survey_require_body (self, bodies[i], error))
      return FALSE;
  if (state > BANSOU_N_PROGRESS)
    {
      g_set_error_literal (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID, _("Unknown progress state"));
      return FALSE;
    }
  if (due != NULL && *due != '\0')
    {
      g_autoptr(GDate) date = bansou_date_parse_iso (due);
      if (date == NULL)
        {
          g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                       _("“%s” is not a date (use YYYY-MM-DD)"), due);
          return FALSE;
        }
    }
  if (assignee != NULL && g_utf8_strlen (assignee, -1) > 100)
    {
      g_set_error_literal (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                           _("The assignee’s name is longer than 100 characters"));
      return FALSE;
    }

  if (!bansou_store_transaction (self->store, update_progress_cb, &op, error))
    return FALSE;

  for (guint i = 0; i < changed->len; i++)
    _bansou_survey_emit_progress_changed (self, round, (const char *) g_ptr_array_index (changed, i));

  return TRUE;
}

/**
 * bansou_survey_update_progress:
 * @state: the new state, or %BANSOU_N_PROGRESS to keep it
 * @reason: (nullable): why; required to reopen a final body, recorded in
 *   the audit trail with any change of state
 * @assignee: (nullable): the new assignee, "" for nobody, %NULL to keep
 * @due: (nullable): "YYYY-MM-DD", "" for none, %NULL to keep
 *
 * Changes a body's progress in one transaction, refusing steps
 * bansou_progress_can_change() does not allow, and emits
 * #BansouSurvey::progress-changed.
 */
gboolean
bansou_survey_update_progress (BansouSurvey    *self,
                               const char      *round,
                               const char      *body,
                               BansouProgress   state,
                               const char      *reason,
                               const char      *assignee,
                               const char      *due,
                               GError         **error)
{
  const char *bodies[] = { body, NULL };

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  return update_progress (self, round, bodies, state, reason, assignee, due, error);
}

gboolean
bansou_survey_set_progress_state (BansouSurvey    *self,
                                  const char      *round,
                                  const char      *body,
                                  BansouProgress   state,
                                  const char      *reason,
                                  GError         **error)
{
  return bansou_survey_update_progress (self, round, body, state, reason, NULL, NULL, error);
}

/**
 * bansou_survey_assign:
 * @bodies: (array zero-terminated=1): the bodies' codes
 * @assignee: (nullable): the new assignee, "" for nobody, %NULL to keep
 * @due: (nullable): "YYYY-MM-DD", "" for none, %NULL to keep
 *
 * Hands several bodies to a member of staff in one transaction.
 */
gboolean
bansou_survey_assign (BansouSurvey        *self,
                      const char          *round,
                      const char * const  *bodies,
                      const char          *assignee,
                      const char          *due,
                      GError             **error)
{
  g_return_val_if_fail (BANSOU_IS_SURVEY (self), FALSE);
  g_return_val_if_fail (bodies != NULL, FALSE);

  return update_progress (self, round, bodies, BANSOU_N_PROGRESS, NULL, assignee, due, error);
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const BansouProgressInfo *pa = *(const BansouProgressInfo * const *) a;
  const BansouProgressInfo *pb = *(const BansouProgressInfo * const *) b;
  int cmp = g_strcmp0 (pa->due, pb->due);

  return cmp != 0 ? cmp : g_strcmp0 (pa->body, pb->body);
}

/**
 * bansou_survey_get_overview:
 * @scope: (nullable): "34", "00", or %NULL for the desk's scope
 *
 * The prefecture's view of a round: bodies per state, overdue bodies
 * (due before today and not final) and who holds what.
 *
 * Returns: (transfer full): the overview, or %NULL
 */
BansouProgressOverview *
bansou_survey_get_overview (BansouSurvey  *self,
                            const char    *round,
                            const char    *scope,
                            GError       **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GDate) today = bansou_date_today ();
  g_autofree char *today_iso = bansou_date_to_iso (today);
  BansouProgressOverview *overview;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  if (!(all = bansou_survey_list_progress (self, round, scope, error)))
    return NULL;

  overview = g_new0 (BansouProgressOverview, 1);
  overview->overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_progress_info_free);
  overview->by_assignee = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < all->len; i++)
    {
      BansouProgressInfo *info = g_ptr_array_index (all, i);
      guint *counts = g_hash_table_lookup (overview->by_assignee, info->assignee);

      overview->counts[info->state]++;
      overview->total++;

      if (counts == NULL)
        {
          counts = g_new0 (guint, BANSOU_N_PROGRESS);
          g_hash_table_insert (overview->by_assignee, g_strdup (info->assignee), counts);
        }
      counts[info->state]++;

      if (bansou_progress_is_overdue (info->state, info->due, today_iso))
        g_ptr_array_add (overview->overdue, bansou_progress_info_copy (info));
    }

  g_ptr_array_sort (overview->overdue, compare_due);
  return overview;
}
