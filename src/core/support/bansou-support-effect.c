/* bansou-support-effect.c — the effect of support (支援効果)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Two set-based queries (and one for the prefectures' names) and one pass
 * in C, whatever the number of actions:
 *  1. every matching action with its window (the rounds around its day),
 *     the scores of its pair in both rounds and the names to show;
 *  2. per (prefecture, question, window) that some action falls in, the
 *     sums and counts of the control pairs of that cell.
 * Then each grouping (prefecture, expert, body, kind) collects its distinct
 * treated pairs, and the cells they fall in give its control means,
 * weighted by the treated pairs of each cell (a stratified comparison: a
 * question with many treated pairs weighs as much in the control as in the
 * treated mean).
 */
#define G_LOG_DOMAIN "bansou-support"

#include "config.h"

#include <math.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "bansou-score.h"
#include "bansou-store-sql.h"
#include "bansou-support-effect.h"

struct _BansouSupportEffect
{
  guint      n_actions;
  GPtrArray *rows[BANSOU_SUPPORT_N_GROUPINGS];   /* BansouSupportEffectRow */
};

G_DEFINE_BOXED_TYPE (BansouSupportEffect, bansou_support_effect,
                     bansou_support_effect_ref, bansou_support_effect_unref)

static const char * const grouping_names[BANSOU_SUPPORT_N_GROUPINGS] = {
  [BANSOU_SUPPORT_BY_PREFECTURE] = "prefecture",
  [BANSOU_SUPPORT_BY_EXPERT]     = "expert",
  [BANSOU_SUPPORT_BY_BODY]       = "body",
  [BANSOU_SUPPORT_BY_KIND]       = "kind",
};

const char *
bansou_support_grouping_to_string (BansouSupportGrouping grouping)
{
  g_return_val_if_fail (grouping < BANSOU_SUPPORT_N_GROUPINGS, NULL);
  return grouping_names[grouping];
}

BansouSupportGrouping
bansou_support_grouping_from_string (const char *str)
{
  for (guint i = 0; i < BANSOU_SUPPORT_N_GROUPINGS; i++)
    if (g_strcmp0 (str, grouping_names[i]) == 0)
      return i;
  return BANSOU_SUPPORT_N_GROUPINGS;
}

const char *
bansou_support_kind_get_label (BansouSupportKind kind)
{
  switch (kind)
    {
    case BANSOU_SUPPORT_VISIT:
      return _("Expert visit");
    case BANSOU_SUPPORT_PROCUREMENT:
      return _("Joint procurement");
    case BANSOU_SUPPORT_CONSULTATION:
      return _("Consultation");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
bansou_support_kind_from_string (const char        *str,
                                 BansouSupportKind *kind)
{
  for (guint i = BANSOU_SUPPORT_VISIT; i <= BANSOU_SUPPORT_CONSULTATION; i++)
    if (g_strcmp0 (str, bansou_support_kind_to_string (i)) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* The queries                                                              */

/* The scoring rule of docs/scoring.md in SQL: NULL does not count. */
#define SCORE(col) \
  "CASE " col " WHEN 'done' THEN 1.0 WHEN 'partial' THEN 0.5 WHEN 'not_done' THEN 0.0 END"

/* The matching actions with their windows: the rounds in order, each with
 * the next one, and the action in the window it falls in (none before the
 * first round; no r1 after the last). ?1 prefecture, ?2 kind, ?3 actor,
 * ?4 body, ?5 from, ?6 until; only the filters asked for are in the SQL,
 * so that a prefecture's actions are found through its bodies' index. */
static const char actions_head[] =
  "WITH win AS MATERIALIZED (SELECT id AS r0, LEAD (id) OVER (ORDER BY id) AS r1 FROM rounds),"
  " w AS ("
  "  SELECT sa.kind, sa.body, sa.question, sa.actor, b.prefecture AS pref, b.name AS body_name,"
  "         win.r0, win.r1"
  "  FROM support_actions sa JOIN bodies b ON b.code = sa.body"
  "  LEFT JOIN win ON sa.on_date >= win.r0 AND (win.r1 IS NULL OR sa.on_date < win.r1)"
  "  WHERE 1";

static const char * const filter_sql[] = {
  " AND b.prefecture = ?1",
  " AND sa.kind = ?2",
  " AND sa.actor = ?3",
  " AND sa.body = ?4",
  " AND sa.on_date >= ?5",
  " AND sa.on_date <= ?6",
};

static const char treated_tail[] =
  ")"
  " SELECT w.kind, w.actor, COALESCE (e.name, ''), w.body, w.body_name, w.pref,"
  "        w.question, w.r0, w.r1, " SCORE ("a0.status") ", " SCORE ("a1.status")
  " FROM w LEFT JOIN experts e ON e.id = w.actor"
  " LEFT JOIN answers a0 ON a0.round = w.r0 AND a0.body = w.body AND a0.question = w.question"
  " LEFT JOIN answers a1 ON a1.round = w.r1 AND a1.body = w.body AND a1.question = w.question";

/* The control pairs: bodies of the cell's prefecture with an answer row in
 * one of the two rounds and no support at all on the question within the
 * window, whatever the query's filters. */
static const char control_tail[] =
  "),"
  " cells AS (SELECT DISTINCT pref, question, r0, r1 FROM w WHERE r0 IS NOT NULL AND r1 IS NOT NULL),"
  " pairs AS ("
  "  SELECT c.pref, c.question, c.r0, c.r1, " SCORE ("a0.status") " AS s0, " SCORE ("a1.status") " AS s1"
  "  FROM cells c JOIN bodies b ON b.prefecture = c.pref"
  "  LEFT JOIN answers a0 ON a0.round = c.r0 AND a0.body = b.code AND a0.question = c.question"
  "  LEFT JOIN answers a1 ON a1.round = c.r1 AND a1.body = b.code AND a1.question = c.question"
  "  WHERE (a0.body IS NOT NULL OR a1.body IS NOT NULL)"
  "    AND NOT EXISTS (SELECT 1 FROM support_actions s WHERE s.body = b.code AND s.question = c.question"
  "                    AND s.on_date >= c.r0 AND s.on_date < c.r1))"
  " SELECT pref, question, r0, r1,"
  "        COALESCE (SUM (s0 IS NOT NULL AND s1 IS NOT NULL), 0),"
  "        COALESCE (SUM (CASE WHEN s1 IS NOT NULL THEN s0 END), 0),"
  "        COALESCE (SUM (CASE WHEN s0 IS NOT NULL THEN s1 END), 0)"
  " FROM pairs GROUP BY pref, question, r0, r1";

static void
query_values (const BansouSupportQuery *q,
              const char              **values)
{
  values[0] = q->prefecture;
  values[1] = q->any_kind ? NULL : bansou_support_kind_to_string (q->kind);
  values[2] = q->actor;
  values[3] = q->body;
  values[4] = q->from;
  values[5] = q->until;
  for (guint i = 0; i < G_N_ELEMENTS (filter_sql); i++)
    if (values[i] != NULL && *values[i] == '\0')
      values[i] = NULL;
}

/* The SQL is made of fixed pieces only; the values are bound. */
static sqlite3_stmt *
prepare_query (BansouStore               *store,
               const BansouSupportQuery  *q,
               const char                *tail,
               GError                   **error)
{
  const char *values[G_N_ELEMENTS (filter_sql)];
  g_autoptr(GString) sql = g_string_new (actions_head);
  sqlite3_stmt *stmt;

  query_values (q, values);
  for (guint i = 0; i < G_N_ELEMENTS (filter_sql); i++)
    if (values[i] != NULL)
      g_string_append (sql, filter_sql[i]);
  g_string_append (sql, tail);

  stmt = _bansou_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (filter_sql); i++)
    if (values[i] != NULL)
      sqlite3_bind_text (stmt, i + 1, values[i], -1, SQLITE_TRANSIENT);
  return stmt;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);
  return text != NULL ? text : "";
}

/* ------------------------------------------------------------------------ */
/* Collecting                                                               */

typedef struct
{
  guint  n;       /* pairs counted in both rounds */
  double sum0;
  double sum1;
} Cell;

typedef struct
{
  BansouSupportEffectRow *row;
  GHashTable             *pairs;  /* "body\tquestion\tr0\tr1", seen */
  GHashTable             *cells;  /* Cell *, used */
  double                  sum_t0, sum_t1, sum_c0, sum_c1;
} Group;

static void
row_free (gpointer p)
{
  BansouSupportEffectRow *row = p;

  g_free (row->key);
  g_free (row->label);
  g_free (row);
}

static void
group_free (gpointer p)
{
  Group *g = p;

  g_hash_table_unref (g->pairs);
  g_hash_table_unref (g->cells);
  g_free (g);
}

static Group *
group_get (GHashTable *groups,
           const char *key,
           const char *label)
{
  Group *g = g_hash_table_lookup (groups, key);

  if (g == NULL)
    {
      g = g_new0 (Group, 1);
      g->row = g_new0 (BansouSupportEffectRow, 1);
      g->row->key = g_strdup (key);
      g->row->label = g_strdup (*label != '\0' ? label : key);
      g->pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g->cells = g_hash_table_new (NULL, NULL);
      g_hash_table_insert (groups, g->row->key, g);
    }
  return g;
}

/* One treated pair for one group; @cell is NULL when the window is not
 * complete or no control pair exists. */
static void
group_add (Group       *g,
           const char  *pair_key,
           gboolean     pending,
           gboolean     counted,
           double       s0,
           double       s1,
           Cell        *cell)
{
  BansouSupportEffectRow *row = g->row;

  if (g_hash_table_contains (g->pairs, pair_key))
    return;   /* two actions on the same pair in the same window: one pair */
  g_hash_table_add (g->pairs, g_strdup (pair_key));

  if (pending)
    row->n_pending++;
  else if (!counted)
    row->n_excluded++;
  else if (cell == NULL || cell->n == 0)
    row->n_uncompared++;
  else
    {
      row->n_treated++;
      g->sum_t0 += s0;
      g->sum_t1 += s1;
      g->sum_c0 += cell->sum0 / cell->n;
      g->sum_c1 += cell->sum1 / cell->n;
      if (!g_hash_table_contains (g->cells, cell))
        {
          g_hash_table_add (g->cells, cell);
          row->n_control += cell->n;
        }
    }
}

static void
group_finish (Group *g)
{
  BansouSupportEffectRow *row = g->row;

  if (row->n_treated == 0)
    {
      row->treated_before = row->treated_after = BANSOU_NO_SCORE;
      row->control_before = row->control_after = BANSOU_NO_SCORE;
      row->did = NAN;
    }
  else
    {
      row->treated_before = g->sum_t0 / row->n_treated;
      row->treated_after = g->sum_t1 / row->n_treated;
      row->control_before = g->sum_c0 / row->n_treated;
      row->control_after = g->sum_c1 / row->n_treated;
      row->did = 100.0 * ((row->treated_after - row->treated_before)
                          - (row->control_after - row->control_before));
    }
  row->small = row->n_treated < BANSOU_SUPPORT_SMALL_N || row->n_control < BANSOU_SUPPORT_SMALL_N;
}

static int
compare_by_key (gconstpointer a,
                gconstpointer b)
{
  const BansouSupportEffectRow *ra = *(BansouSupportEffectRow * const *) a;
  const BansouSupportEffectRow *rb = *(BansouSupportEffectRow * const *) b;

  return strcmp (ra->key, rb->key);
}

static int
compare_by_label (gconstpointer a,
                  gconstpointer b)
{
  const BansouSupportEffectRow *ra = *(BansouSupportEffectRow * const *) a;
  const BansouSupportEffectRow *rb = *(BansouSupportEffectRow * const *) b;
  int c = g_utf8_collate (ra->label, rb->label);

  return c != 0 ? c : strcmp (ra->key, rb->key);
}

static int
compare_by_kind (gconstpointer a,
                 gconstpointer b)
{
  const BansouSupportEffectRow *ra = *(BansouSupportEffectRow * const *) a;
  const BansouSupportEffectRow *rb = *(BansouSupportEffectRow * const *) b;
  BansouSupportKind ka = 0, kb = 0;

  bansou_support_kind_from_string (ra->key, &ka);
  bansou_support_kind_from_string (rb->key, &kb);
  return (int) ka - (int) kb;
}

static char *
cell_key (const char *pref,
          const char *question,
          const char *r0,
          const char *r1)
{
  return g_strjoin ("\t", pref, question, r0, r1, NULL);
}

static GHashTable *
load_cells (BansouStore              *store,
            const BansouSupportQuery *query,
            GError                  **error)
{
  g_autoptr(GHashTable) cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare_query (store, query, control_tail, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Cell *cell = g_new0 (Cell, 1);

      cell->n = sqlite3_column_int (stmt, 4);
      cell->sum0 = sqlite3_column_double (stmt, 5);
      cell->sum1 = sqlite3_column_double (stmt, 6);
      g_hash_table_insert (cells,
                           cell_key (column_text (stmt, 0), column_text (stmt, 1),
                                     column_text (stmt, 2), column_text (stmt, 3)),
                           cell);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, "support effect");
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&cells);
}

/* The prefectures' names by their two digits: a handful of rows, read once
 * rather than per action. */
static GHashTable *
load_prefecture_names (BansouStore  *store,
                       GError      **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _bansou_store_prepare (store, "SELECT prefecture, name FROM bodies WHERE kind = 'prefecture'", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (names, g_strdup (column_text (stmt, 0)), g_strdup (column_text (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, "support effect");
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&names);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

/**
 * bansou_support_effect_compute:
 * @store: the store
 * @query: (nullable): which actions count; %NULL: all of them
 *
 * Compares, for every action that matches @query, its (body, question)
 * pairs in the round before and the round after the action against the
 * unsupported pairs of the same question and prefecture (docs/support.md).
 *
 * Returns: (transfer full): the figures per prefecture, expert, body and
 *   kind, or %NULL with @error set
 */
BansouSupportEffect *
bansou_support_effect_compute (BansouStore              *store,
                               const BansouSupportQuery *query,
                               GError                  **error)
{
  static const BansouSupportQuery all = { .any_kind = TRUE };
  g_autoptr(BansouSupportEffect) self = NULL;
  g_autoptr(GHashTable) cells = NULL;
  g_autoptr(GHashTable) prefecture_names = NULL;
  GHashTable *groups[BANSOU_SUPPORT_N_GROUPINGS];
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (query == NULL)
    query = &all;

  cells = load_cells (store, query, error);
  if (cells == NULL)
    return NULL;

  prefecture_names = load_prefecture_names (store, error);
  if (prefecture_names == NULL)
    return NULL;
  stmt = prepare_query (store, query, treated_tail, error);
  if (stmt == NULL)
    return NULL;

  self = g_atomic_rc_box_new0 (BansouSupportEffect);
  for (guint i = 0; i < BANSOU_SUPPORT_N_GROUPINGS; i++)
    {
      self->rows[i] = g_ptr_array_new_with_free_func (row_free);
      groups[i] = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, group_free);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind = column_text (stmt, 0);
      const char *actor = column_text (stmt, 1);
      const char *expert_name = column_text (stmt, 2);
      const char *body = column_text (stmt, 3);
      const char *body_name = column_text (stmt, 4);
      const char *pref = column_text (stmt, 5);
      const char *pref_name = g_hash_table_lookup (prefecture_names, pref);
      const char *question = column_text (stmt, 6);
      const char *r0 = column_text (stmt, 7);
      const char *r1 = column_text (stmt, 8);
      gboolean pending = sqlite3_column_type (stmt, 7) == SQLITE_NULL
                         || sqlite3_column_type (stmt, 8) == SQLITE_NULL;
      gboolean counted = sqlite3_column_type (stmt, 9) != SQLITE_NULL
                         && sqlite3_column_type (stmt, 10) != SQLITE_NULL;
      double s0 = sqlite3_column_double (stmt, 9);
      double s1 = sqlite3_column_double (stmt, 10);
      g_autofree char *pair = g_strjoin ("\t", body, question, r0, r1, NULL);
      Cell *cell = NULL;
      BansouSupportKind k = BANSOU_SUPPORT_VISIT;

      self->n_actions++;
      if (!pending)
        {
          g_autofree char *ck = cell_key (pref, question, r0, r1);
          cell = g_hash_table_lookup (cells, ck);
        }
      bansou_support_kind_from_string (kind, &k);

      group_add (group_get (groups[BANSOU_SUPPORT_BY_PREFECTURE], pref, pref_name ? pref_name : ""),
                 pair, pending, counted, s0, s1, cell);
      group_add (group_get (groups[BANSOU_SUPPORT_BY_BODY], body, body_name),
                 pair, pending, counted, s0, s1, cell);
      group_add (group_get (groups[BANSOU_SUPPORT_BY_KIND], kind, bansou_support_kind_get_label (k)),
                 pair, pending, counted, s0, s1, cell);
      if (*actor != '\0')
        group_add (group_get (groups[BANSOU_SUPPORT_BY_EXPERT], actor, expert_name),
                   pair, pending, counted, s0, s1, cell);
    }
  if (rc != SQLITE_DONE)
    _bansou_store_set_error (store, error, "support effect");
  sqlite3_finalize (stmt);

  for (guint i = 0; i < BANSOU_SUPPORT_N_GROUPINGS; i++)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, groups[i]);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Group *g = value;

          group_finish (g);
          g_ptr_array_add (self->rows[i], g_steal_pointer (&g->row));
          g_hash_table_iter_steal (&iter);
          group_free (g);
        }
      g_hash_table_unref (groups[i]);
    }
  if (rc != SQLITE_DONE)
    return NULL;

  g_ptr_array_sort (self->rows[BANSOU_SUPPORT_BY_PREFECTURE], compare_by_key);
  g_ptr_array_sort (self->rows[BANSOU_SUPPORT_BY_BODY], compare_by_key);
  g_ptr_array_sort (self->rows[BANSOU_SUPPORT_BY_EXPERT], compare_by_label);
  g_ptr_array_sort (self->rows[BANSOU_SUPPORT_BY_KIND], compare_by_kind);

  return g_steal_pointer (&self);
}

static void
effect_clear (gpointer p)
{
  BansouSupportEffect *self = p;

  for (guint i = 0; i < BANSOU_SUPPORT_N_GROUPINGS; i++)
    g_clear_pointer (&self->rows[i], g_ptr_array_unref);
}

BansouSupportEffect *
bansou_support_effect_ref (BansouSupportEffect *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
bansou_support_effect_unref (BansouSupportEffect *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, effect_clear);
}

guint
bansou_support_effect_get_n_actions (BansouSupportEffect *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_actions;
}

guint
bansou_support_effect_get_n_rows (BansouSupportEffect   *self,
                                  BansouSupportGrouping  grouping)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (grouping < BANSOU_SUPPORT_N_GROUPINGS, 0);
  return self->rows[grouping]->len;
}

/**
 * bansou_support_effect_get_row:
 *
 * Returns: (transfer none): row @i of @grouping: prefectures and bodies by
 *   code, experts by name, kinds in the order of #BansouSupportKind
 */
const BansouSupportEffectRow *
bansou_support_effect_get_row (BansouSupportEffect   *self,
                               BansouSupportGrouping  grouping,
                               guint                  i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (grouping < BANSOU_SUPPORT_N_GROUPINGS, NULL);
  g_return_val_if_fail (i < self->rows[grouping]->len, NULL);
  return g_ptr_array_index (self->rows[grouping], i);
}

/* ------------------------------------------------------------------------ */
/* In a worker thread                                                       */

typedef struct
{
  char              *path;
  BansouSupportQuery query;   /* its strings owned */
} ComputeData;

static void
compute_data_free (gpointer p)
{
  ComputeData *d = p;

  g_free (d->path);
  g_free ((char *) d->query.prefecture);
  g_free ((char *) d->query.actor);
  g_free ((char *) d->query.body);
  g_free ((char *) d->query.from);
  g_free ((char *) d->query.until);
  g_free (d);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *d = task_data;
  g_autoptr(BansouStore) store = NULL;
  BansouSupportEffect *effect;
  GError *error = NULL;

  /* A connection of its own: the main thread keeps using its store */
  if (!(store = bansou_store_open (d->path, &error)) ||
      !(effect = bansou_support_effect_compute (store, &d->query, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, effect, (GDestroyNotify) bansou_support_effect_unref);
  else
    bansou_support_effect_unref (effect);
}

/**
 * bansou_support_effect_compute_async:
 *
 * Computes the effect in a worker thread with a connection of its own to
 * @store's file, so that a national desk's main loop stays free (about a
 * second for the whole nation and a year of visits, docs/benchmarks.md).
 * A store without a file is computed at once.
 */
void
bansou_support_effect_compute_async (BansouStore              *store,
                                     const BansouSupportQuery *query,
                                     GCancellable             *cancellable,
                                     GAsyncReadyCallback       callback,
                                     gpointer                  user_data)
{
  static const BansouSupportQuery all = { .any_kind = TRUE };
  g_autoptr(GTask) task = NULL;
  ComputeData *d;

  g_return_if_fail (BANSOU_IS_STORE (store));

  if (query == NULL)
    query = &all;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bansou_support_effect_compute_async);

  if (bansou_store_get_path (store) == NULL)
    {
      GError *error = NULL;
      BansouSupportEffect *effect = bansou_support_effect_compute (store, query, &error);

      if (effect == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, effect, (GDestroyNotify) bansou_support_effect_unref);
      return;
    }

  d = g_new0 (ComputeData, 1);
  d->path = g_strdup (bansou_store_get_path (store));
  d->query = (BansouSupportQuery) {
    .prefecture = g_strdup (query->prefecture),
    .any_kind = query->any_kind,
    .kind = query->kind,
    .actor = g_strdup (query->actor),
    .body = g_strdup (query->body),
    .from = g_strdup (query->from),
    .until = g_strdup (query->until),
  };
  g_task_set_task_data (task, d, compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * bansou_support_effect_compute_finish:
 *
 * Returns: (transfer full): the effect, or %NULL with @error set
 *   (%G_IO_ERROR_CANCELLED when cancelled)
 */
BansouSupportEffect *
bansou_support_effect_compute_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bansou_support_effect_compute_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
