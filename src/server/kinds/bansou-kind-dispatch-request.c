/* bansou-kind-dispatch-request.c — a body's request for an expert (派遣依頼)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Key: id (a UUID the workbench made). Belongs to the prefecture of its
 * body; written by that prefecture, read by it, the national desk and
 * the body itself (bansou-kind-dispatch.c). The catalog questions it is
 * about travel inside the record.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>

#include "bansou-core.h"
#include "bansou-kind-dispatch.h"

static const char * const urgencies[] = { "normal", "urgent", "incident", NULL };
static const char * const sources[] = { "body", "heatmap", "consultation", NULL };
static const char * const states[] = { "open", "scheduled", "done", "cancelled", NULL };

static const BansouDispatchField fields[] = {
  { "number", BANSOU_DF_INT, BANSOU_DF_REQUIRED, 1, 9999999 },
  { "body", BANSOU_DF_TEXT, BANSOU_DF_REQUIRED, 0, 6 },
  { "urgency", BANSOU_DF_ENUM, 0, .values = urgencies },
  { "source", BANSOU_DF_ENUM, 0, .values = sources },
  { "source_ref", BANSOU_DF_TEXT, 0, 0, BANSOU_MAX_SHORT },
  { "purpose", BANSOU_DF_TEXT, 0, 0, BANSOU_MAX_TEXT },
  { "wanted_from", BANSOU_DF_DATE, BANSOU_DF_NULLABLE },
  { "wanted_until", BANSOU_DF_DATE, BANSOU_DF_NULLABLE },
  { "state", BANSOU_DF_ENUM, 0, .values = states },
  { "questions", BANSOU_DF_JSON, 0, .check = bansou_dispatch_check_ids },
};

static const BansouDispatchSpec spec = { "dispatch_request", "dispatch_requests", fields, G_N_ELEMENTS (fields) };

#define REQUEST_SELECT \
  "SELECT id, number, body, urgency, source, source_ref, purpose, wanted_from, wanted_until, state, questions, " \
  "rev, updated_at, updated_by FROM dispatch_requests "

static void
kind_to_json (JsonBuilder  *b,
              BansouServerStmt *stmt)
{
  bansou_dispatch_to_json (&spec, b, stmt);
}

static gboolean
kind_validate (BansouServerDb  *db,
               BansouOp        *op,
               GError         **error)
{
  const char *from, *until;

  if (!bansou_dispatch_read (&spec, op, error) ||
      !bansou_dispatch_check_owner (db, spec.table, op, error) ||
      !bansou_dispatch_check_body (db, op, bansou_dispatch_text (op, "body"), error))
    return FALSE;
  from = bansou_dispatch_text (op, "wanted_from");
  until = bansou_dispatch_text (op, "wanted_until");
  if (from != NULL && until != NULL && strcmp (until, from) < 0)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_INVALID_REQUEST,
                   "“wanted_until” must not be before “wanted_from”");
      return FALSE;
    }
  return TRUE;
}

/* The write keeps the prefecture beside the body: scope checks read it. */
static gboolean
kind_write (BansouServerDb           *db,
            const BansouServerToken  *token,
            BansouOp                 *op,
            gint64                    rev,
            const char               *now,
            GError                  **error)
{
  g_autoptr(BansouServerStmt) stmt = NULL;

  if (!bansou_dispatch_write (db, token, op, rev, now, error))
    return FALSE;
  stmt = bansou_server_db_prepare (db, "UPDATE dispatch_requests SET prefecture = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (stmt, 1, op->keys[0]);
  bansou_server_stmt_bind_text (stmt, 2, op->prefecture);
  return bansou_server_db_step_done (db, stmt, error);
}

const BansouServerKind bansou_kind_dispatch_request = {
  .type = "dispatch_request",
  .keys = { "id" },
  .flags = BANSOU_KIND_IN_BATCH,
  .select_sql = REQUEST_SELECT "WHERE id = ?1",
  .rev_sql = "SELECT rev FROM dispatch_requests WHERE id = ?1",
  .missing_code = BANSOU_API_ERROR_NOT_FOUND,
  .missing_message = "There is no such dispatch request",
  .to_json = kind_to_json,
  .authorize = bansou_dispatch_authorize,
  .validate = kind_validate,
  .write = kind_write,
};
