/* bansou-server-baselines.c — national baselines: implementation rates of a round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Not a kind of record: computed from the nation's answers on request
 * (and cached by the HTTP side until the next write).
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include "bansou-core.h"
#include "bansou-server-api.h"

typedef struct
{
  gint64 n[BANSOU_N_STATUSES];
} Counts;

static void
add_counts (JsonBuilder  *b,
            const Counts *c,
            guint         min_answers)
{
  gint64 denom = c->n[BANSOU_STATUS_DONE] + c->n[BANSOU_STATUS_PARTIAL] + c->n[BANSOU_STATUS_NOT_DONE];
  gboolean suppressed = denom + c->n[BANSOU_STATUS_NA] < min_answers;

  /* Too few answers would identify bodies: counts and rate are withheld. */
  json_builder_set_member_name (b, "suppressed");
  json_builder_add_boolean_value (b, suppressed);
  for (guint s = BANSOU_STATUS_DONE; s < BANSOU_N_STATUSES; s++)
    {
      json_builder_set_member_name (b, bansou_status_to_string (s));
      if (suppressed)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, c->n[s]);
    }
  json_builder_set_member_name (b, "rate");
  if (suppressed || denom == 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, (double) c->n[BANSOU_STATUS_DONE] / (double) denom);
}

/* counts[kind + 1][question or category]: kind -1 is the overall total. */
static void
add_group (JsonBuilder    *b,
           BansouCatalog  *catalog,
           Counts        **q_counts,
           Counts        **c_counts,
           int             k,
           guint           min_answers)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "questions");
  json_builder_begin_array (b);
  for (guint q = 0; q < bansou_catalog_get_n_questions (catalog); q++)
    {
      json_builder_begin_object (b);
      bansou_json_add_string (b, "question", bansou_catalog_get_question (catalog, q)->id);
      add_counts (b, &q_counts[k][q], min_answers);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "categories");
  json_builder_begin_array (b);
  for (guint c = 0; c < bansou_catalog_get_n_categories (catalog); c++)
    {
      json_builder_begin_object (b);
      bansou_json_add_string (b, "category", bansou_catalog_get_category (catalog, c)->id);
      add_counts (b, &c_counts[k][c], min_answers);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/**
 * bansou_api_baselines:
 * @final_only: count only bodies whose progress in @round is final (確定)
 * @min_answers: groups with fewer answers are withheld
 *
 * Implementation rate = done / (done + partial + not_done); na and
 * unanswered are outside the denominator. Per question and per category
 * (all answers of its questions), overall and by kind of body.
 */
JsonNode *
bansou_api_baselines (BansouServerDb  *db,
                      const char      *round,
                      gboolean         final_only,
                      guint            min_answers,
                      GError         **error)
{
  g_autoptr(BansouCachedStmt) stmt = NULL;
  g_autoptr(BansouCachedStmt) rstmt = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *catalog_version = NULL;
  g_autofree char *now = bansou_now_iso ();
  BansouCatalog *catalog;
  Counts *q_counts[BANSOU_BODY_N_KINDS + 1];
  Counts *c_counts[BANSOU_BODY_N_KINDS + 1];
  gboolean seen_kind[BANSOU_BODY_N_KINDS] = { FALSE };
  guint nq, nc;
  int rc;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (round != NULL, NULL);

  rstmt = bansou_server_db_prepare (db, "SELECT catalog_version FROM rounds WHERE id = ?", error);
  if (rstmt == NULL)
    return NULL;
  sqlite3_bind_text (rstmt, 1, round, -1, SQLITE_STATIC);
  if (sqlite3_step (rstmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_API_ERROR, BANSOU_API_ERROR_UNKNOWN_ROUND, "There is no round “%s”", round);
      return NULL;
    }
  catalog_version = g_strdup (bansou_col_text (rstmt, 0));
  catalog = bansou_api_get_catalog (db, catalog_version, error);
  if (catalog == NULL)
    return NULL;
  nq = bansou_catalog_get_n_questions (catalog);
  nc = bansou_catalog_get_n_categories (catalog);

  stmt = bansou_server_db_prepare (db,
                                   "SELECT a.question, b.kind, a.status, COUNT(*) FROM answers a "
                                   "JOIN bodies b ON b.code = a.body "
                                   "WHERE a.round = ?1 AND a.status IS NOT NULL "
                                   "AND (?2 = 0 OR EXISTS (SELECT 1 FROM progress p WHERE p.round = a.round "
                                   "  AND p.body = a.body AND p.state = 'final')) "
                                   "GROUP BY a.question, b.kind, a.status", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, final_only ? 1 : 0);

  for (guint k = 0; k <= BANSOU_BODY_N_KINDS; k++)
    {
      q_counts[k] = g_new0 (Counts, nq);
      c_counts[k] = g_new0 (Counts, nc);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouQuestion *q = bansou_catalog_lookup_question (catalog, bansou_col_text (stmt, 0));
      BansouBodyKind kind = bansou_body_kind_from_string (bansou_col_text (stmt, 1));
      BansouStatus status = bansou_status_from_string (bansou_col_text (stmt, 2));
      gint64 n = sqlite3_column_int64 (stmt, 3);

      if (q == NULL || kind >= BANSOU_BODY_N_KINDS || status >= BANSOU_N_STATUSES)
        continue;
      seen_kind[kind] = TRUE;
      q_counts[0][q->index].n[status] += n;
      q_counts[kind + 1][q->index].n[status] += n;
      c_counts[0][q->category->index].n[status] += n;
      c_counts[kind + 1][q->category->index].n[status] += n;
    }

  if (rc == SQLITE_DONE)
    {
      json_builder_begin_object (b);
      bansou_json_add_string (b, "round", round);
      bansou_json_add_string (b, "catalog_version", catalog_version);
      bansou_json_add_string (b, "computed_at", now);
      bansou_json_add_string (b, "rate", "done / (done + partial + not_done); na and unanswered are not counted");
      json_builder_set_member_name (b, "final_only");
      json_builder_add_boolean_value (b, final_only);
      bansou_json_add_int (b, "min_answers", min_answers);
      json_builder_set_member_name (b, "overall");
      add_group (b, catalog, q_counts, c_counts, 0, min_answers);
      json_builder_set_member_name (b, "by_kind");
      json_builder_begin_object (b);
      for (guint k = 0; k < BANSOU_BODY_N_KINDS; k++)
        if (seen_kind[k])
          {
            json_builder_set_member_name (b, bansou_body_kind_to_string (k));
            add_group (b, catalog, q_counts, c_counts, k + 1, min_answers);
          }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  else
    bansou_server_db_set_error (db, error, "computing baselines");

  for (guint k = 0; k <= BANSOU_BODY_N_KINDS; k++)
    {
      g_free (q_counts[k]);
      g_free (c_counts[k]);
    }

  return rc == SQLITE_DONE ? json_builder_get_root (b) : NULL;
}
