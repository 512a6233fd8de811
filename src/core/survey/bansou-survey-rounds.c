/* bansou-survey-rounds.c — survey rounds: the list, creating and deleting one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A new round starts with progress "not started" for every body and, when
 * prefilled, a copy of the previous real round's answers marked carried.
 */
#define G_LOG_DOMAIN "bansou-survey"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-registry.h"
#include "bansou-round-private.h"
#include "bansou-store-sql.h"
#include "bansou-survey-private.h"
#include "bansou-survey-kinds.h"
#include "bansou-util.h"
#include "bansou-wareki.h"

static BansouRound *
round_from_row (sqlite3_stmt *stmt)
{
  return _bansou_round_new (_bansou_column_text (stmt, 0),
                            sqlite3_column_int (stmt, 1),
                            _bansou_column_text (stmt, 2),
                            _bansou_column_text (stmt, 3),
                            _bansou_column_text (stmt, 4),
                            sqlite3_column_int (stmt, 5) != 0,
                            _bansou_column_text (stmt, 6));
}

gboolean
_bansou_survey_load_rounds (BansouSurvey  *self,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  stmt = _bansou_store_prepare (self->store,
                                "SELECT id, fiscal_year, title, catalog_version, prefilled_from, demo, created_at "
                                "FROM rounds ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, round_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading survey rounds"));
      return FALSE;
    }

  g_list_store_splice (self->rounds, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rounds)),
                       items->pdata, items->len);
  return TRUE;
}

static int
compare_rounds (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return g_strcmp0 (bansou_round_get_id ((BansouRound *) a), bansou_round_get_id ((BansouRound *) b));
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

/**
 * bansou_survey_get_rounds:
 *
 * Returns: (transfer none): a #GListModel of #BansouRound, oldest first,
 *   kept current as rounds are created and deleted
 */
GListModel *
bansou_survey_get_rounds (BansouSurvey *self)
{
  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);
  return G_LIST_MODEL (self->rounds);
}

/**
 * bansou_survey_lookup_round:
 *
 * Returns: (transfer none) (nullable): the round with id @round
 */
BansouRound *
bansou_survey_lookup_round (BansouSurvey *self,
                            const char   *round)
{
  GListModel *model;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  model = G_LIST_MODEL (self->rounds);
  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      BansouRound *r = g_list_model_get_item (model, i);

      g_object_unref (r);  /* the store keeps it alive */
      if (g_strcmp0 (bansou_round_get_id (r), round) == 0)
        return r;
    }
  return NULL;
}

/**
 * bansou_survey_get_latest_round:
 *
 * Returns: (transfer none) (nullable): the round with the latest reference date
 */
BansouRound *
bansou_survey_get_latest_round (BansouSurvey *self)
{
  GListModel *model;
  guint n;
  BansouRound *r;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  model = G_LIST_MODEL (self->rounds);
  if ((n = g_list_model_get_n_items (model)) == 0)
    return NULL;
  r = g_list_model_get_item (model, n - 1);
  g_object_unref (r);
  return r;
}

/**
 * bansou_survey_get_previous_round:
 * @round: a reference date, "YYYY-MM-DD" (need not be a round)
 *
 * Returns: (transfer none) (nullable): the latest round before @round
 */
BansouRound *
bansou_survey_get_previous_round (BansouSurvey *self,
                                  const char   *round)
{
  GListModel *model;
  BansouRound *prev = NULL;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);
  g_return_val_if_fail (round != NULL, NULL);

  model = G_LIST_MODEL (self->rounds);
  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      BansouRound *r = g_list_model_get_item (model, i);

      g_object_unref (r);
      if (strcmp (bansou_round_get_id (r), round) < 0)
        prev = r;
    }
  return prev;
}

/* Demo answers must never turn into real ones: a real round is prefilled
 * from the latest earlier real round only. */
static BansouRound *
previous_real_round (BansouSurvey *self,
                     const char   *round)
{
  GListModel *model = G_LIST_MODEL (self->rounds);
  BansouRound *prev = NULL;

  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      BansouRound *r = g_list_model_get_item (model, i);

      g_object_unref (r);
      if (strcmp (bansou_round_get_id (r), round) < 0 && !bansou_round_get_demo (r))
        prev = r;
    }
  return prev;
}

typedef struct
{
  BansouSurvey *self;
  const char   *id;
  int           fiscal_year;
  const char   *title;
  BansouRound  *from;      /* nullable */
  GDate        *reference;
  const char   *scope;
  char         *now;
} CreateRound;

static gboolean
copy_answers (CreateRound  *op,
              BansouStore  *store,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(sqlite3_stmt) write = NULL;
  const char *catalog_version = bansou_catalog_get_version (op->self->catalog);
  int rc;

  read = _bansou_store_prepare (store,
                                "SELECT body, question, status, done_on, note, evidence, updated_by, updated_at "
                                "FROM answers WHERE round = ?1", error);
  write = _bansou_store_prepare (store,
                                 "INSERT INTO answers (round, body, question, status, done_on, note, evidence, "
                                 "carried, catalog_version, updated_by, updated_at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9, ?10)", error);
  if (read == NULL || write == NULL)
    return FALSE;

  sqlite3_bind_text (read, 1, bansou_round_get_id (op->from), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (write, 1, op->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (write, 8, catalog_version, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      const BansouQuestion *q = bansou_catalog_lookup_question (op->self->catalog, _bansou_column_text (read, 1));
      const char *status = _bansou_column_text (read, 2);
      const char *done_on = _bansou_column_text (read, 3);

      /* A question the current catalog no longer asks is not carried. */
      if (q == NULL)
        continue;

      if (q->answer_kind == BANSOU_ANSWER_KIND_STATUS_DATE && done_on != NULL)
        {
          g_autoptr(GDate) date = bansou_date_parse_iso (done_on);

          if (date != NULL)
            status = bansou_status_to_string (bansou_question_status_for_date (q, op->reference, date));
        }

      sqlite3_reset (write);
      sqlite3_bind_value (write, 2, sqlite3_column_value (read, 0));
      sqlite3_bind_value (write, 3, sqlite3_column_value (read, 1));
      sqlite3_bind_text (write, 4, status, -1, SQLITE_TRANSIENT);
      sqlite3_bind_value (write, 5, sqlite3_column_value (read, 3));
      sqlite3_bind_value (write, 6, sqlite3_column_value (read, 4));
      sqlite3_bind_value (write, 7, sqlite3_column_value (read, 5));
      sqlite3_bind_value (write, 9, sqlite3_column_value (read, 6));
      sqlite3_bind_value (write, 10, sqlite3_column_value (read, 7));
      if (!_bansou_store_step_done (store, write, error))
        return FALSE;
    }

  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading the previous round"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
create_round_cb (BansouStore  *store,
                 gpointer      user_data,
                 GError      **error)
{
  CreateRound *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) progress = NULL;
  g_autoptr(GListModel) bodies = NULL;
  const char *from_id = op->from ? bansou_round_get_id (op->from) : NULL;

  stmt = _bansou_store_prepare (store,
                                "INSERT INTO rounds (id, fiscal_year, title, catalog_version, prefilled_from, "
                                "demo, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, op->fiscal_year);
  sqlite3_bind_text (stmt, 3, op->title, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, bansou_catalog_get_version (op->self->catalog), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, from_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, op->now, -1, SQLITE_STATIC);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;

  if (op->from != NULL && !copy_answers (op, store, error))
    return FALSE;

  if (!(bodies = bansou_survey_list_bodies (op->self, op->scope, error)))
    return FALSE;
  progress = _bansou_store_prepare (store,
                                    "INSERT INTO progress (round, body, state, updated_by, updated_at) "
                                    "VALUES (?1, ?2, 'not_started', ?3, ?4)", error);
  if (progress == NULL)
    return FALSE;
  sqlite3_bind_text (progress, 1, op->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (progress, 3, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (progress, 4, op->now, -1, SQLITE_STATIC);
  for (guint i = 0, n = g_list_model_get_n_items (bodies); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);

      sqlite3_reset (progress);
      sqlite3_bind_text (progress, 2, bansou_body_get_code (body), -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, progress, error))
        return FALSE;
    }

  if (!_bansou_outbox_add_round (store, op->id, error))
    return FALSE;

  return bansou_store_audit (store, "round", op->id, "created", NULL, op->title, error) &&
         (from_id == NULL || bansou_store_audit (store, "round", op->id, "prefilled_from", NULL, from_id, error));
}

/**
 * bansou_survey_create_round:
 * @round: the reference date, "YYYY-MM-DD": the round's id
 * @title: (nullable): a title; the label 令和7年10月末時点 is always shown
 * @prefill: carry every answer of the latest earlier round (demo rounds
 *   aside) into the new one (過去の回答の自動反映), marked as carried until
 *   confirmed or changed
 *
 * Creates a round in one transaction. Progress starts as not started for
 * every body in the desk's scope; dated answers carried over are
 * re-evaluated against the new reference date.
 *
 * Returns: (transfer none): the new round, or %NULL
 */
BansouRound *
bansou_survey_create_round (BansouSurvey  *self,
                            const char    *round,
                            const char    *title,
                            gboolean       prefill,
                            GError       **error)
{
  g_autoptr(GDate) date = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *now = NULL;
  BansouRound *created;
  CreateRound op = { 0 };
  int rc;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  if (round == NULL || !(date = bansou_date_parse_iso (round)))
    {
      g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                   _("“%s” is not a reference date (use YYYY-MM-DD, e.g. 2025-10-31)"),
                   round ? round : "");
      return NULL;
    }
  if (bansou_survey_lookup_round (self, round) != NULL)
    {
      g_autofree char *label = bansou_round_label (round);
      g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_EXISTS,
                   _("The round %s (%s) already exists"), round, label);
      return NULL;
    }

  scope = bansou_survey_dup_scope (self);
  now = bansou_now_iso ();
  op.self = self;
  op.id = round;
  op.fiscal_year = bansou_fiscal_year (date);
  op.title = title ? title : "";
  op.from = prefill ? previous_real_round (self, round) : NULL;
  op.reference = date;
  op.scope = scope;
  op.now = now;

  if (!bansou_store_transaction (self->store, create_round_cb, &op, error))
    return NULL;

  /* Read it back rather than build it, so the object is what is stored. */
  stmt = _bansou_store_prepare (self->store,
                                "SELECT id, fiscal_year, title, catalog_version, prefilled_from, demo, created_at "
                                "FROM rounds WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      _bansou_store_set_error (self->store, error, _("reading survey rounds"));
      return NULL;
    }
  created = round_from_row (stmt);
  g_list_store_insert_sorted (self->rounds, created, compare_rounds, NULL);
  g_object_unref (created);

  _bansou_survey_emit_reloaded (self, round);

  return created;
}

typedef struct
{
  const char *id;
  const char *label;
} DeleteRound;

static gboolean
delete_round_cb (BansouStore  *store,
                 gpointer      user_data,
                 GError      **error)
{
  DeleteRound *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _bansou_store_prepare (store, "DELETE FROM rounds WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_STATIC);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;

  return bansou_store_audit (store, "round", op->id, "deleted", op->label, NULL, error);
}

/**
 * bansou_survey_delete_round:
 *
 * Deletes a round with all its answers and progress. There is no undo:
 * callers ask for explicit confirmation first (bansouctl wants `--yes`).
 */
gboolean
bansou_survey_delete_round (BansouSurvey  *self,
                            const char    *round,
                            GError       **error)
{
  BansouRound *r;
  DeleteRound op;
  guint position;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), FALSE);

  if (!(r = _bansou_survey_require_round (self, round, error)))
    return FALSE;

  op.id = bansou_round_get_id (r);
  op.label = bansou_round_get_label (r);
  if (!bansou_store_transaction (self->store, delete_round_cb, &op, error))
    return FALSE;

  if (g_list_store_find (self->rounds, r, &position))
    g_list_store_remove (self->rounds, position);

  _bansou_survey_emit_reloaded (self, round);
  return TRUE;
}

/**
 * bansou_survey_reload:
 *
 * Reads the rounds again after changes made behind the survey's back
 * (demo data, a sync) and emits #BansouSurvey::answers-reloaded for all
 * rounds.
 */
gboolean
bansou_survey_reload (BansouSurvey  *self,
                      GError       **error)
{
  g_return_val_if_fail (BANSOU_IS_SURVEY (self), FALSE);

  if (!_bansou_survey_load_rounds (self, error))
    return FALSE;
  _bansou_survey_emit_reloaded (self, NULL);
  return TRUE;
}
