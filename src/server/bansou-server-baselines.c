/* bansou-server-baselines.c — national baselines: implementation rates of a round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Not a kind of record: computed from the nation's answers on request
 * (and cached by the HTTP side until the next write).
 *
 * Baselines must not be invertible (issue 9, finding 6: a prefecture
 * wrote known answers for its own bodies, read the baselines, subtracted,
 * and read another prefecture's body exactly). So what a tenant reads of
 * the other prefectures is a *published* figure, not a live one:
 *
 * - The base cell is one question × one kind of body; every other figure
 *   (a question overall, a category, a kind's categories) is a sum of base
 *   cells, so it tells nothing the cells do not.
 * - A cell counts the answers of bodies whose progress is final (確定).
 *   Its published value (baseline_cells, per prefecture) changes only when
 *   at least k (baseline-min-answers) bodies more than at its previous
 *   publication contribute, not counting the prefecture that added the
 *   most: whatever one prefecture does, it never gets a new value that
 *   differs from the last by fewer than k bodies it does not know. The
 *   first publication needs k bodies outside the largest prefecture.
 * - A prefecture reads the published figures of the other prefectures
 *   plus the live answers of its own bodies (it knows them anyway); a
 *   body's token reads the published figures of all; the national desk,
 *   which may read every answer, reads live figures.
 *
 * docs/api.md gives the argument in full.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>

#include "bansou-core.h"
#include "bansou-server-api.h"

/* done, partial, not_done, na: BansouStatus - 1 */
#define N_COUNTED 4

typedef struct
{
  gint64 n[BANSOU_N_STATUSES];
} Counts;

typedef struct
{
  GHashTable *current;     /* prefecture → Counts*: final bodies now */
  GHashTable *published;   /* prefecture → Counts*: at the last publication */
  gboolean    stored;      /* a row exists in baseline_cells */
} Cell;

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

static gint64
bodies_of (const Counts *c)
{
  gint64 n = 0;

  for (guint s = BANSOU_STATUS_DONE; s < BANSOU_N_STATUSES; s++)
    n += c->n[s];
  return n;
}

static GHashTable *counts_table_new (void);

static Counts *
counts_of (GHashTable **table,
           const char  *prefecture)
{
  Counts *c;

  if (*table == NULL)
    *table = counts_table_new ();
  c = g_hash_table_lookup (*table, prefecture);

  if (c == NULL)
    {
      c = g_new0 (Counts, 1);
      g_hash_table_insert (*table, g_strdup (prefecture), c);
    }
  return c;
}

static void
cell_clear (Cell *cell)
{
  g_clear_pointer (&cell->current, g_hash_table_unref);
  g_clear_pointer (&cell->published, g_hash_table_unref);
}

static GHashTable *
counts_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* {"34": [done, partial, not_done, na], …} */
static char *
by_prefecture_to_json (GHashTable *table)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (table), (GCompareFunc) strcmp);

  json_builder_begin_object (b);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const Counts *c = g_hash_table_lookup (table, l->data);

      if (bodies_of (c) == 0)
        continue;
      json_builder_set_member_name (b, l->data);
      json_builder_begin_array (b);
      for (guint s = BANSOU_STATUS_DONE; s < BANSOU_N_STATUSES; s++)
        json_builder_add_int_value (b, c->n[s]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return bansou_json_to_string (root);
}

static GHashTable *
by_prefecture_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  GHashTable *table = counts_table_new ();
  JsonObject *obj;
  g_autoptr(GList) members = NULL;

  if (!json_parser_load_from_data (parser, text, -1, NULL) || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return table;
  obj = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonArray *a = json_object_get_array_member (obj, l->data);
      Counts *c;

      if (a == NULL || json_array_get_length (a) != N_COUNTED)
        continue;
      c = counts_of (&table, l->data);
      for (guint s = 0; s < N_COUNTED; s++)
        c->n[BANSOU_STATUS_DONE + s] = json_array_get_int_element (a, s);
    }
  return table;
}

/* The publication rule: new bodies since the last publication, counted
 * per prefecture, without the prefecture that added the most. */
static gboolean
cell_may_publish (Cell  *cell,
                  guint  k)
{
  GHashTableIter iter;
  const char *prefecture;
  Counts *now;
  gint64 gained = 0, most = 0;

  if (cell->current == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, cell->current);
  while (g_hash_table_iter_next (&iter, (gpointer *) &prefecture, (gpointer *) &now))
    {
      Counts *then = cell->published ? g_hash_table_lookup (cell->published, prefecture) : NULL;
      gint64 gain = MAX (0, bodies_of (now) - (then ? bodies_of (then) : 0));

      gained += gain;
      most = MAX (most, gain);
    }
  return gained - most >= (gint64) k;
}

typedef struct
{
  const char *round;
  Cell       *cells;
  guint       n_cells;
  guint       k;
  char      **questions;   /* [q] ids */
  guint       nq;
} Publish;

static gboolean
publish_cb (BansouServerDb  *db,
            gpointer         user_data,
            GError         **error)
{
  Publish *p = user_data;
  g_autoptr(BansouServerStmt) put = NULL;
  g_autofree char *now = bansou_now_iso ();

  put = bansou_server_db_prepare (db,
                                  "INSERT INTO baseline_cells (round, question, kind, done, partial, not_done, na, "
                                  "by_prefecture, published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                                  "ON CONFLICT (round, question, kind) DO UPDATE SET done = excluded.done, "
                                  "partial = excluded.partial, not_done = excluded.not_done, na = excluded.na, "
                                  "by_prefecture = excluded.by_prefecture, published_at = excluded.published_at",
                                  error);
  if (put == NULL)
    return FALSE;

  for (guint i = 0; i < p->n_cells; i++)
    {
      Cell *cell = &p->cells[i];
      g_autofree char *json = NULL;
      Counts total = { { 0 } };
      GHashTableIter iter;
      Counts *c;

      if (cell->current == NULL || !cell_may_publish (cell, p->k))
        continue;

      g_hash_table_iter_init (&iter, cell->current);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &c))
        for (guint s = BANSOU_STATUS_DONE; s < BANSOU_N_STATUSES; s++)
          total.n[s] += c->n[s];
      json = by_prefecture_to_json (cell->current);

      bansou_server_stmt_reset (put);
      bansou_server_stmt_bind_text (put, 1, p->round);
      bansou_server_stmt_bind_text (put, 2, p->questions[i / BANSOU_BODY_N_KINDS]);
      bansou_server_stmt_bind_text (put, 3, bansou_body_kind_to_string (i % BANSOU_BODY_N_KINDS));
      for (guint s = 0; s < N_COUNTED; s++)
        bansou_server_stmt_bind_int64 (put, 4 + s, total.n[BANSOU_STATUS_DONE + s]);
      bansou_server_stmt_bind_text (put, 8, json);
      bansou_server_stmt_bind_text (put, 9, now);
      if (!bansou_server_db_step_done (db, put, error))
        return FALSE;

      /* What is published now is what the view reads. */
      g_clear_pointer (&cell->published, g_hash_table_unref);
      cell->published = g_steal_pointer (&cell->current);
    }
  return TRUE;
}

/* Fills cells[q * N_KINDS + kind] (one Counts each) from rows of
 * (question, kind, [prefecture,] status, count). */
static gboolean
read_rows (BansouServerDb  *db,
           BansouCatalog   *catalog,
           BansouServerStmt    *stmt,
           gboolean         with_prefecture,
           Counts          *flat,      /* nullable: summed here */
           Cell            *cells,     /* nullable: per prefecture here */
           gboolean        *seen_kind,
           GError         **error)
{
  int rc;
  int col = with_prefecture ? 1 : 0;

  while ((rc = bansou_server_stmt_step (stmt, NULL)) == BANSOU_SERVER_STEP_ROW)
    {
      BansouQuestion *q = bansou_catalog_lookup_question (catalog, bansou_col_text (stmt, 0));
      BansouBodyKind kind = bansou_body_kind_from_string (bansou_col_text (stmt, 1));
      BansouStatus status = bansou_status_from_string (bansou_col_text (stmt, 2 + col));
      gint64 n = bansou_server_stmt_column_int64 (stmt, 3 + col);
      guint i;

      if (q == NULL || kind >= BANSOU_BODY_N_KINDS || status == BANSOU_STATUS_UNANSWERED || status >= BANSOU_N_STATUSES)
        continue;
      i = q->index * BANSOU_BODY_N_KINDS + kind;
      if (flat != NULL)
        flat[i].n[status] += n;
      if (cells != NULL)
        counts_of (&cells[i].current, bansou_col_text (stmt, 2))->n[status] += n;
      if (seen_kind != NULL)
        seen_kind[kind] = TRUE;
    }
  if (rc != BANSOU_SERVER_STEP_DONE)
    {
      bansou_server_db_set_error (db, error, "computing baselines");
      return FALSE;
    }
  return TRUE;
}

#define FINAL_ONLY \
  "EXISTS (SELECT 1 FROM progress p WHERE p.round = a.round AND p.body = a.body AND p.state = 'final')"

/* The answers of the round's final bodies, driven from progress (one row
 * per body) through the answers' primary key, rather than an EXISTS per
 * answer: (question, kind, prefecture, status, count). CROSS JOIN fixes
 * the order in sqlite and is a plain join elsewhere. */
#define FINAL_ANSWERS \
  "FROM progress p CROSS JOIN answers a CROSS JOIN bodies b " \
  "WHERE p.round = ?1 AND p.state = 'final' AND a.round = p.round AND a.body = p.body " \
  "AND a.status IS NOT NULL AND b.code = a.body "

/* What publish() left in the cells, kept on the database object (one
 * entry per round) until the next write: every
 * reader that is not the national desk starts from it (issue 15: each
 * prefecture's first read recomputed the nation's answers). */
typedef struct
{
  gint64       head;
  guint        n_cells;
  GHashTable **published;   /* [n_cells] prefecture → Counts*, or NULL */
} Published;

static void
published_free (gpointer data)
{
  Published *memo = data;

  for (guint i = 0; i < memo->n_cells; i++)
    g_clear_pointer (&memo->published[i], g_hash_table_unref);
  g_free (memo->published);
  g_free (memo);
}

/* The published cells, brought up to date by the publication rule. */
static gboolean
publish (BansouServerDb  *db,
         const char      *round,
         BansouCatalog   *catalog,
         guint            k,
         Cell            *cells,
         GError         **error)
{
  guint nq = bansou_catalog_get_n_questions (catalog);
  g_autoptr(BansouServerStmt) now = NULL;
  g_autoptr(BansouServerStmt) then = NULL;
  g_autofree char **ids = g_new0 (char *, nq + 1);
  Publish p = { round, cells, nq * BANSOU_BODY_N_KINDS, MAX (k, 1), ids, nq };
  int rc;

  for (guint q = 0; q < nq; q++)
    ids[q] = bansou_catalog_get_question (catalog, q)->id;

  now = bansou_server_db_prepare (db,
                                  "SELECT a.question, b.kind, b.prefecture, a.status, COUNT(*) " FINAL_ANSWERS
                                  "GROUP BY a.question, b.kind, b.prefecture, a.status", error);
  if (now == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (now, 1, round);
  if (!read_rows (db, catalog, now, TRUE, NULL, cells, NULL, error))
    return FALSE;

  then = bansou_server_db_prepare (db, "SELECT question, kind, by_prefecture FROM baseline_cells WHERE round = ?1",
                                   error);
  if (then == NULL)
    return FALSE;
  bansou_server_stmt_bind_text (then, 1, round);
  while ((rc = bansou_server_stmt_step (then, NULL)) == BANSOU_SERVER_STEP_ROW)
    {
      BansouQuestion *q = bansou_catalog_lookup_question (catalog, bansou_col_text (then, 0));
      BansouBodyKind kind = bansou_body_kind_from_string (bansou_col_text (then, 1));
      Cell *cell;

      if (q == NULL || kind >= BANSOU_BODY_N_KINDS)
        continue;
      cell = &cells[q->index * BANSOU_BODY_N_KINDS + kind];
      g_clear_pointer (&cell->published, g_hash_table_unref);
      cell->published = by_prefecture_from_json (bansou_col_text (then, 2));
      cell->stored = TRUE;
    }
  if (rc != BANSOU_SERVER_STEP_DONE)
    {
      bansou_server_db_set_error (db, error, "reading published baselines");
      return FALSE;
    }

  /* A read that publishes nothing writes nothing. */
  for (guint i = 0; i < p.n_cells; i++)
    if (cell_may_publish (&cells[i], p.k))
      return bansou_server_db_transaction (db, publish_cb, &p, error);
  return TRUE;
}

/**
 * bansou_api_baselines:
 * @token: the reader: what it may read depends on who it is
 * @final_only: for the national desk: count only bodies whose progress is
 *   final; every other reader's figures of other prefectures are from final
 *   answers always
 * @min_answers: k of the publication rule, and groups with fewer answers
 *   are withheld
 *
 * Implementation rate = done / (done + partial + not_done); na and
 * unanswered are outside the denominator. Per question and per category
 * (all answers of its questions), overall and by kind of body.
 */
JsonNode *
bansou_api_baselines (BansouServerDb          *db,
                      const char              *round,
                      const BansouServerToken *token,
                      gboolean                 final_only,
                      guint                    min_answers,
                      GError                 **error)
{
  g_autoptr(BansouServerStmt) rstmt = NULL;
  g_autoptr(BansouServerStmt) own = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *catalog_version = NULL;
  g_autofree char *now = bansou_now_iso ();
  g_autofree Counts *flat = NULL;
  g_autofree Cell *cells = NULL;
  BansouCatalog *catalog;
  Counts *q_counts[BANSOU_BODY_N_KINDS + 1];
  Counts *c_counts[BANSOU_BODY_N_KINDS + 1];
  gboolean seen_kind[BANSOU_BODY_N_KINDS] = { FALSE };
  gboolean live = token->role == BANSOU_ROLE_NATIONAL;
  const char *view;
  guint nq, nc, n_cells;
  gboolean ok = FALSE;

  g_return_val_if_fail (BANSOU_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (round != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  rstmt = bansou_server_db_prepare (db, "SELECT catalog_version FROM rounds WHERE id = ?", error);
  if (rstmt == NULL)
    return NULL;
  bansou_server_stmt_bind_text (rstmt, 1, round);
  if (bansou_server_stmt_step (rstmt, NULL) != BANSOU_SERVER_STEP_ROW)
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
  n_cells = nq * BANSOU_BODY_N_KINDS;
  flat = g_new0 (Counts, n_cells);

  if (live)
    {
      view = final_only ? "live, final bodies" : "live";
      own = bansou_server_db_prepare (db,
                                      "SELECT a.question, b.kind, a.status, COUNT(*) FROM answers a "
                                      "JOIN bodies b ON b.code = a.body "
                                      "WHERE a.round = ?1 AND a.status IS NOT NULL AND (?2 = 0 OR " FINAL_ONLY ") "
                                      "GROUP BY a.question, b.kind, a.status", error);
      if (own == NULL)
        return NULL;
      bansou_server_stmt_bind_text (own, 1, round);
      bansou_server_stmt_bind_int64 (own, 2, final_only ? 1 : 0);
      if (!read_rows (db, catalog, own, FALSE, flat, NULL, seen_kind, error))
        return NULL;
    }
  else
    {
      /* A prefecture: the others as published, its own bodies live. A
       * body: every prefecture as published. */
      const char *mine = token->role == BANSOU_ROLE_PREFECTURE ? token->scope : NULL;

      view = mine ? "published, own prefecture live" : "published";
      g_autofree char *memo_key = g_strdup_printf ("bansou-published-baselines %s %u", round, min_answers);
      Published *memo = g_object_get_data (G_OBJECT (db), memo_key);
      gint64 head = bansou_server_db_get_head (db);

      cells = g_new0 (Cell, n_cells);
      if (memo != NULL && memo->head == head && memo->n_cells == n_cells)
        {
          for (guint i = 0; i < n_cells; i++)
            if (memo->published[i] != NULL)
              cells[i].published = g_hash_table_ref (memo->published[i]);
        }
      else
        {
          if (!publish (db, round, catalog, min_answers, cells, error))
            goto out;
          memo = g_new0 (Published, 1);
          memo->head = head;
          memo->n_cells = n_cells;
          memo->published = g_new0 (GHashTable *, n_cells);
          for (guint i = 0; i < n_cells; i++)
            if (cells[i].published != NULL)
              memo->published[i] = g_hash_table_ref (cells[i].published);
          g_object_set_data_full (G_OBJECT (db), memo_key, memo, published_free);
        }
      for (guint i = 0; i < n_cells; i++)
        {
          GHashTableIter iter;
          const char *prefecture;
          Counts *c;

          if (cells[i].published == NULL)
            continue;
          g_hash_table_iter_init (&iter, cells[i].published);
          while (g_hash_table_iter_next (&iter, (gpointer *) &prefecture, (gpointer *) &c))
            if (mine == NULL || !g_str_equal (prefecture, mine))
              for (guint s = BANSOU_STATUS_DONE; s < BANSOU_N_STATUSES; s++)
                {
                  flat[i].n[s] += c->n[s];
                  if (c->n[s] > 0)
                    seen_kind[i % BANSOU_BODY_N_KINDS] = TRUE;
                }
        }
      if (mine != NULL)
        {
          /* from the prefecture's bodies through the answers' key, not
           * the nation's answers of the round filtered */
          own = bansou_server_db_prepare (db,
                                          "SELECT a.question, b.kind, a.status, COUNT(*) "
                                          "FROM bodies b CROSS JOIN answers a "
                                          "WHERE b.prefecture = ?2 AND a.round = ?1 AND a.body = b.code "
                                          "AND a.status IS NOT NULL "
                                          "GROUP BY a.question, b.kind, a.status", error);
          if (own == NULL)
            goto out;
          bansou_server_stmt_bind_text (own, 1, round);
          bansou_server_stmt_bind_text (own, 2, mine);
          if (!read_rows (db, catalog, own, FALSE, flat, NULL, seen_kind, error))
            goto out;
        }
    }

  /* Every figure is a sum of base cells (question × kind). */
  for (guint k = 0; k <= BANSOU_BODY_N_KINDS; k++)
    {
      q_counts[k] = g_new0 (Counts, nq);
      c_counts[k] = g_new0 (Counts, nc);
    }
  for (guint i = 0; i < n_cells; i++)
    {
      BansouQuestion *q = bansou_catalog_get_question (catalog, i / BANSOU_BODY_N_KINDS);
      guint kind = i % BANSOU_BODY_N_KINDS;

      for (guint s = BANSOU_STATUS_DONE; s < BANSOU_N_STATUSES; s++)
        {
          q_counts[0][q->index].n[s] += flat[i].n[s];
          q_counts[kind + 1][q->index].n[s] += flat[i].n[s];
          c_counts[0][q->category->index].n[s] += flat[i].n[s];
          c_counts[kind + 1][q->category->index].n[s] += flat[i].n[s];
        }
    }

  json_builder_begin_object (b);
  bansou_json_add_string (b, "round", round);
  bansou_json_add_string (b, "catalog_version", catalog_version);
  bansou_json_add_string (b, "computed_at", now);
  bansou_json_add_string (b, "rate", "done / (done + partial + not_done); na and unanswered are not counted");
  bansou_json_add_string (b, "view", view);
  json_builder_set_member_name (b, "final_only");
  json_builder_add_boolean_value (b, live ? final_only : TRUE);
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
  ok = TRUE;

  for (guint k = 0; k <= BANSOU_BODY_N_KINDS; k++)
    {
      g_free (q_counts[k]);
      g_free (c_counts[k]);
    }

out:
  if (cells != NULL)
    for (guint i = 0; i < n_cells; i++)
      cell_clear (&cells[i]);
  return ok ? json_builder_get_root (b) : NULL;
}
