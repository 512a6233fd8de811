/* bansou-heatmap-model.c — bodies × questions of one survey round, in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The heatmap keeps a whole round in flat arrays: one byte per cell for
 * this round and one for the previous round, the few non-empty notes in a
 * hash table, and integer tallies (twice the score sum, and the number of
 * answers that count) per body, body × category, question, category,
 * prefecture and prefecture × question. Integers make an edit exact: moving
 * one cell from one status to another subtracts and adds the same whole
 * numbers a reload would, so set_cell() and a fresh load agree to the bit.
 *
 * Scores follow bansou_status_score(): implemented 1, partly ½, not
 * implemented 0; not applicable and unanswered leave the denominator. A
 * body's overall score pools all its counted answers (every question
 * weighs the same), and the scope mean for a question pools all bodies in
 * scope, whatever the kind filter shows: the mean row is a fixed
 * reference, not a summary of the rows on screen.
 *
 * Arrangement: rows sort by one key (ties by code); bodies whose score is
 * undefined go last in either direction. A national view groups rows by
 * prefecture (by code), each group headed by a row with the prefecture's
 * means. "Sort by weakness" orders questions by the scope mean, weakest
 * first, inside each category band so the eight bands stay readable; in
 * the category mode it orders the eight categories themselves. The
 * arrangement is only recomputed on load and when a setting changes (or on
 * bansou_heatmap_model_rearrange()), so an edit never moves rows under the
 * pointer.
 *
 * A nation is 1,741 rows: the prefecture rows mode folds it into one row
 * per prefecture, each cell the prefecture's pooled rate from the same
 * tallies as its heading row (so a drill-down shows the figures it came
 * from), and the group filter opens one prefecture's bodies. The filter is
 * kept as a prefecture code, so it survives a reload.
 */
#define G_LOG_DOMAIN "bansou-heatmap"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-heatmap-model.h"
#include "bansou-score.h"
#include "bansou-store-sql.h"

#define CELL_STATUS_MASK 0x07
#define CELL_CARRIED     0x80
#define ROW_GROUP_FLAG   0x80000000u

typedef struct
{
  guint32 sum2;  /* the sum of scores, doubled: done 2, partial 1, not done 0 */
  guint32 n;     /* answers that count */
} Tally;

typedef struct
{
  char  *code;    /* "34" */
  char  *name;    /* "広島県" */
  char  *kana;    /* "ひろしまけん", for the name sort */
  guint  n_bodies;
} Group;

struct _BansouHeatmapModel
{
  GObject               parent_instance;

  BansouRegistry       *registry;
  BansouCatalog        *catalog;

  char                 *round;
  char                 *previous_round;
  char                 *scope;
  char                 *scope_name;
  gboolean              national;

  guint                 n_questions;
  guint                 n_categories;
  guint                *question_category;   /* question → category */
  guint                *question_position;   /* question → 1-based place in its category */
  double               *baselines;           /* question → national rate (live if pulled), or -1 */

  GPtrArray            *bodies;              /* BansouBody */
  GHashTable           *body_index;          /* code → index + 1 */
  char                **name_keys;           /* for the name sort */
  guint                *body_group;
  GArray               *groups;              /* Group */

  guint8               *cells;               /* n_bodies × n_questions */
  guint8               *previous;
  GHashTable           *notes;               /* cell offset → note, only the non-empty */

  Tally                *body_tally;
  Tally                *body_cat_tally;      /* n_bodies × n_categories */
  Tally                *question_tally;
  Tally                *category_tally;
  Tally                *group_tally;
  Tally                *group_q_tally;       /* n_groups × n_questions */
  Tally                *group_cat_tally;     /* n_groups × n_categories */
  Tally                 total_tally;

  /* Arrangement */
  BansouHeatmapSort     sort;
  gboolean              descending;
  guint                 kinds;
  BansouHeatmapColumns  columns_mode;
  gboolean              weakness;
  BansouHeatmapRows     rows_mode;
  char                 *group_filter;        /* a prefecture code, or NULL for all */

  GArray               *rows;                /* guint32: body index, or ROW_GROUP_FLAG | group */
  gint                 *body_row;            /* body → row, or -1 when filtered out */
  GArray               *columns;             /* guint: question or category index */
};

G_DEFINE_FINAL_TYPE (BansouHeatmapModel, bansou_heatmap_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REGISTRY,
  PROP_CATALOG,
  PROP_ROUND,
  PROP_SCOPE,
  PROP_SORT,
  PROP_DESCENDING,
  PROP_KIND_FILTER,
  PROP_COLUMNS_MODE,
  PROP_SORT_BY_WEAKNESS,
  PROP_ROWS_MODE,
  PROP_GROUP_FILTER,
  N_PROPS
};

enum {
  CHANGED,
  CELL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */

void
bansou_heatmap_round_free (BansouHeatmapRound *round)
{
  if (round == NULL)
    return;
  g_free (round->id);
  g_free (round->title);
  g_free (round);
}

/**
 * bansou_heatmap_list_rounds:
 *
 * A stand-in until the survey API lists rounds.
 *
 * Returns: (transfer full) (element-type BansouHeatmapRound): the rounds,
 *   newest first
 */
GPtrArray *
bansou_heatmap_list_rounds (BansouStore  *store,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);

  stmt = _bansou_store_prepare (store,
                                "SELECT id, title, fiscal_year, demo FROM rounds ORDER BY id DESC",
                                error);
  if (stmt == NULL)
    return NULL;

  rounds = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_heatmap_round_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouHeatmapRound *round = g_new0 (BansouHeatmapRound, 1);

      round->id = g_strdup (_bansou_column_text (stmt, 0));
      round->title = g_strdup (_bansou_column_text (stmt, 1));
      round->fiscal_year = sqlite3_column_int (stmt, 2);
      round->demo = sqlite3_column_int (stmt, 3) != 0;
      g_ptr_array_add (rounds, round);
    }

  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("listing survey rounds"));
      return NULL;
    }

  return g_steal_pointer (&rounds);
}

/* ------------------------------------------------------------------------ */

static inline double
tally_score (const Tally *t)
{
  return t->n > 0 ? t->sum2 / (2.0 * t->n) : -1.0;
}

static inline void
tally_apply (Tally   *t,
             guint8   status,
             int      sign)
{
  switch (status & CELL_STATUS_MASK)
    {
    case BANSOU_STATUS_DONE:
      t->sum2 += sign * 2;
      t->n += sign;
      break;
    case BANSOU_STATUS_PARTIAL:
      t->sum2 += sign;
      t->n += sign;
      break;
    case BANSOU_STATUS_NOT_DONE:
      t->n += sign;
      break;
    default:
      break;
    }
}

static void
tally_cell (BansouHeatmapModel *self,
            guint               b,
            guint               q,
            guint8              status,
            int                 sign)
{
  guint c = self->question_category[q];
  guint g = self->body_group[b];

  tally_apply (&self->body_tally[b], status, sign);
  tally_apply (&self->body_cat_tally[b * self->n_categories + c], status, sign);
  tally_apply (&self->question_tally[q], status, sign);
  tally_apply (&self->category_tally[c], status, sign);
  tally_apply (&self->group_tally[g], status, sign);
  tally_apply (&self->group_q_tally[g * self->n_questions + q], status, sign);
  tally_apply (&self->group_cat_tally[g * self->n_categories + c], status, sign);
  tally_apply (&self->total_tally, status, sign);
}

static void
group_clear (gpointer data)
{
  Group *group = data;

  g_clear_pointer (&group->code, g_free);
  g_clear_pointer (&group->name, g_free);
  g_clear_pointer (&group->kana, g_free);
}

static void
clear_data (BansouHeatmapModel *self)
{
  g_clear_pointer (&self->round, g_free);
  g_clear_pointer (&self->previous_round, g_free);
  g_clear_pointer (&self->scope, g_free);
  g_clear_pointer (&self->scope_name, g_free);
  g_clear_pointer (&self->bodies, g_ptr_array_unref);
  g_clear_pointer (&self->body_index, g_hash_table_unref);
  g_clear_pointer (&self->name_keys, g_strfreev);
  g_clear_pointer (&self->body_group, g_free);
  g_clear_pointer (&self->groups, g_array_unref);
  g_clear_pointer (&self->cells, g_free);
  g_clear_pointer (&self->previous, g_free);
  g_clear_pointer (&self->notes, g_hash_table_unref);
  g_clear_pointer (&self->body_tally, g_free);
  g_clear_pointer (&self->body_cat_tally, g_free);
  g_clear_pointer (&self->question_tally, g_free);
  g_clear_pointer (&self->category_tally, g_free);
  g_clear_pointer (&self->group_tally, g_free);
  g_clear_pointer (&self->group_q_tally, g_free);
  g_clear_pointer (&self->group_cat_tally, g_free);
  g_clear_pointer (&self->body_row, g_free);
  g_clear_pointer (&self->baselines, g_free);
  memset (&self->total_tally, 0, sizeof self->total_tally);
  self->national = FALSE;
}

static guint
n_bodies (BansouHeatmapModel *self)
{
  return self->bodies ? self->bodies->len : 0;
}

static guint
n_groups (BansouHeatmapModel *self)
{
  return self->groups ? self->groups->len : 0;
}

static BansouBody *
body_at (BansouHeatmapModel *self,
         guint               b)
{
  return g_ptr_array_index (self->bodies, b);
}

/* ---- arrangement ------------------------------------------------------- */

static int
compare_bodies (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  BansouHeatmapModel *self = user_data;
  guint ia = *(const guint32 *) a;
  guint ib = *(const guint32 *) b;
  BansouBody *ba = body_at (self, ia);
  BansouBody *bb = body_at (self, ib);
  int cmp = 0;

  if (self->national && self->body_group[ia] != self->body_group[ib])
    return self->body_group[ia] < self->body_group[ib] ? -1 : 1;

  switch (self->sort)
    {
    case BANSOU_HEATMAP_SORT_SCORE:
      {
        const Tally *ta = &self->body_tally[ia];
        const Tally *tb = &self->body_tally[ib];

        /* No score: last whichever the direction. */
        if ((ta->n == 0) != (tb->n == 0))
          return ta->n == 0 ? 1 : -1;
        if (ta->n > 0)
          {
            /* Exact: sa/na against sb/nb without rounding. */
            guint64 l = (guint64) ta->sum2 * tb->n;
            guint64 r = (guint64) tb->sum2 * ta->n;
            cmp = l < r ? -1 : l > r ? 1 : 0;
          }
      }
      break;

    case BANSOU_HEATMAP_SORT_KIND:
      {
        BansouBodyKind ka = bansou_body_get_kind (ba);
        BansouBodyKind kb = bansou_body_get_kind (bb);
        cmp = ka < kb ? -1 : ka > kb ? 1 : 0;
      }
      break;

    case BANSOU_HEATMAP_SORT_NAME:
      cmp = strcmp (self->name_keys[ia], self->name_keys[ib]);
      break;

    case BANSOU_HEATMAP_SORT_CODE:
    default:
      break;
    }

  if (self->descending)
    cmp = -cmp;
  if (cmp == 0)
    {
      cmp = strcmp (bansou_body_get_code (ba), bansou_body_get_code (bb));
      if (self->descending && self->sort == BANSOU_HEATMAP_SORT_CODE)
        cmp = -cmp;
    }
  return cmp;
}

static int
compare_tallies (const Tally *ta,
                 const Tally *tb)
{
  guint64 l, r;

  if ((ta->n == 0) != (tb->n == 0))
    return ta->n == 0 ? 1 : -1;
  l = (guint64) ta->sum2 * tb->n;
  r = (guint64) tb->sum2 * ta->n;
  return l < r ? -1 : l > r ? 1 : 0;
}

static int
compare_questions (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  BansouHeatmapModel *self = user_data;
  guint qa = *(const guint *) a;
  guint qb = *(const guint *) b;
  int cmp;

  if (self->question_category[qa] != self->question_category[qb])
    return self->question_category[qa] < self->question_category[qb] ? -1 : 1;
  cmp = compare_tallies (&self->question_tally[qa], &self->question_tally[qb]);
  if (cmp == 0)
    cmp = qa < qb ? -1 : qa > qb ? 1 : 0;
  return cmp;
}

static int
compare_categories (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  BansouHeatmapModel *self = user_data;
  guint ca = *(const guint *) a;
  guint cb = *(const guint *) b;
  int cmp = compare_tallies (&self->category_tally[ca], &self->category_tally[cb]);

  if (cmp == 0)
    cmp = ca < cb ? -1 : ca > cb ? 1 : 0;
  return cmp;
}

/* Prefecture rows: by their pooled score, code or reading; a kind means
 * nothing for a prefecture, so that sort falls back to the code. */
static int
compare_groups (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  BansouHeatmapModel *self = user_data;
  guint ga = *(const guint32 *) a & ~ROW_GROUP_FLAG;
  guint gb = *(const guint32 *) b & ~ROW_GROUP_FLAG;
  const Group *pa = &g_array_index (self->groups, Group, ga);
  const Group *pb = &g_array_index (self->groups, Group, gb);
  int cmp = 0;

  switch (self->sort)
    {
    case BANSOU_HEATMAP_SORT_SCORE:
      /* No score: last whichever the direction. */
      if ((self->group_tally[ga].n == 0) != (self->group_tally[gb].n == 0))
        return self->group_tally[ga].n == 0 ? 1 : -1;
      cmp = compare_tallies (&self->group_tally[ga], &self->group_tally[gb]);
      break;
    case BANSOU_HEATMAP_SORT_NAME:
      cmp = g_strcmp0 (pa->kana, pb->kana);
      break;
    case BANSOU_HEATMAP_SORT_KIND:
    case BANSOU_HEATMAP_SORT_CODE:
    default:
      break;
    }

  if (self->descending)
    cmp = -cmp;
  if (cmp == 0)
    {
      cmp = strcmp (pa->code, pb->code);
      if (self->descending && (self->sort == BANSOU_HEATMAP_SORT_CODE || self->sort == BANSOU_HEATMAP_SORT_KIND))
        cmp = -cmp;
    }
  return cmp;
}

static guint
group_filter_index (BansouHeatmapModel *self)
{
  if (self->group_filter == NULL)
    return BANSOU_HEATMAP_ALL_GROUPS;
  for (guint g = 0; g < n_groups (self); g++)
    if (g_str_equal (g_array_index (self->groups, Group, g).code, self->group_filter))
      return g;
  return BANSOU_HEATMAP_ALL_GROUPS;
}

static void
arrange (BansouHeatmapModel *self)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n = n_bodies (self);
  guint last_group = G_MAXUINT;
  guint only_group = group_filter_index (self);
  gboolean prefectures = self->rows_mode == BANSOU_HEATMAP_ROWS_PREFECTURES && self->group_tally != NULL;

  /* Rows */
  g_array_set_size (self->rows, 0);
  g_clear_pointer (&self->body_row, g_free);
  self->body_row = g_new (gint, MAX (n, 1));

  for (guint b = 0; b < n; b++)
    self->body_row[b] = -1;

  if (prefectures)
    {
      for (guint g = 0; g < n_groups (self); g++)
        if (g_array_index (self->groups, Group, g).n_bodies > 0)
          {
            guint32 v = ROW_GROUP_FLAG | g;
            g_array_append_val (self->rows, v);
          }
      g_qsort_with_data (self->rows->data, self->rows->len, sizeof (guint32), compare_groups, self);
      n = 0;  /* no body has a row of its own */
    }

  for (guint b = 0; b < n; b++)
    {
      if (only_group != BANSOU_HEATMAP_ALL_GROUPS && self->body_group[b] != only_group)
        continue;
      if (self->kinds == 0 ||
          (self->kinds & BANSOU_HEATMAP_KIND_BIT (bansou_body_get_kind (body_at (self, b)))))
        {
          guint32 v = b;
          g_array_append_val (order, v);
        }
    }

  g_qsort_with_data (order->data, order->len, sizeof (guint32), compare_bodies, self);

  for (guint i = 0; i < order->len; i++)
    {
      guint32 b = g_array_index (order, guint32, i);

      if (self->national && self->body_group[b] != last_group)
        {
          guint32 v = ROW_GROUP_FLAG | self->body_group[b];

          last_group = self->body_group[b];
          g_array_append_val (self->rows, v);
        }
      self->body_row[b] = self->rows->len;
      g_array_append_val (self->rows, b);
    }

  /* Columns */
  g_array_set_size (self->columns, 0);
  if (self->columns_mode == BANSOU_HEATMAP_COLUMNS_CATEGORIES)
    {
      for (guint c = 0; c < self->n_categories; c++)
        g_array_append_val (self->columns, c);
      if (self->weakness && self->category_tally != NULL)
        g_qsort_with_data (self->columns->data, self->columns->len, sizeof (guint),
                           compare_categories, self);
    }
  else
    {
      for (guint q = 0; q < self->n_questions; q++)
        g_array_append_val (self->columns, q);
      if (self->weakness && self->question_tally != NULL)
        g_qsort_with_data (self->columns->data, self->columns->len, sizeof (guint),
                           compare_questions, self);
    }
}

static void
rearrange_and_notify (BansouHeatmapModel *self)
{
  arrange (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- loading ----------------------------------------------------------- */

static char *
normalize_scope (const char *scope)
{
  if (scope == NULL || *scope == '\0' || g_str_equal (scope, BANSOU_SCOPE_NATIONAL))
    return g_strdup (BANSOU_SCOPE_NATIONAL);
  return g_strndup (scope, 2);
}

/* One query per round: the primary key (round, body, question) hands rows
 * out grouped by body, so the body lookup runs once per body. */
static gboolean
read_round (BansouHeatmapModel  *self,
            BansouStore         *store,
            const char          *round,
            guint8              *cells,
            GHashTable          *notes,
            GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *last_body = NULL;
  gint last_index = -1;
  int rc;

  stmt = _bansou_store_prepare (store,
                                "SELECT body, question, status, carried, note FROM answers "
                                "WHERE round = ?1 AND (?2 IS NULL OR body IN "
                                "  (SELECT code FROM bodies WHERE prefecture = ?2))",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_STATIC);
  if (!self->national)
    sqlite3_bind_text (stmt, 2, self->scope, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *body = _bansou_column_text (stmt, 0);
      const char *question = _bansou_column_text (stmt, 1);
      BansouQuestion *q;
      BansouStatus status;
      guint offset;

      if (last_body == NULL || g_strcmp0 (body, last_body) != 0)
        {
          gpointer found = g_hash_table_lookup (self->body_index, body);
          BansouBody *b;

          last_index = GPOINTER_TO_UINT (found) - 1;
          /* Keep a pointer that outlives this row: the body's own code. */
          if (last_index >= 0)
            {
              b = body_at (self, last_index);
              last_body = bansou_body_get_code (b);
            }
          else
            last_body = NULL;
        }
      if (last_index < 0)
        continue;   /* a body outside the scope */

      if (!(q = bansou_catalog_lookup_question (self->catalog, question)))
        continue;   /* retired by a newer catalog */

      status = bansou_status_from_string (_bansou_column_text (stmt, 2));
      if (status >= BANSOU_N_STATUSES)
        status = BANSOU_STATUS_UNANSWERED;

      offset = (guint) last_index * self->n_questions + q->index;
      cells[offset] = status | (sqlite3_column_int (stmt, 3) ? CELL_CARRIED : 0);

      if (notes != NULL && sqlite3_column_bytes (stmt, 4) > 0)
        g_hash_table_insert (notes, GUINT_TO_POINTER (offset),
                             g_strdup (_bansou_column_text (stmt, 4)));
    }

  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading answers"));
      return FALSE;
    }

  return TRUE;
}

static char *
find_previous_round (BansouStore  *store,
                     const char   *round,
                     gboolean     *exists,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) prev = NULL;

  *exists = FALSE;
  stmt = _bansou_store_prepare (store, "SELECT 1 FROM rounds WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  *exists = TRUE;

  prev = _bansou_store_prepare (store,
                                "SELECT id FROM rounds WHERE id < ?1 ORDER BY id DESC LIMIT 1",
                                error);
  if (prev == NULL)
    return NULL;
  sqlite3_bind_text (prev, 1, round, -1, SQLITE_STATIC);
  if (sqlite3_step (prev) == SQLITE_ROW)
    return g_strdup (_bansou_column_text (prev, 0));

  return NULL;
}

/* ------------------------------------------------------------------------ */

static void
bansou_heatmap_model_finalize (GObject *object)
{
  BansouHeatmapModel *self = (BansouHeatmapModel *)object;

  clear_data (self);
  g_clear_pointer (&self->group_filter, g_free);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->columns, g_array_unref);
  g_clear_pointer (&self->question_category, g_free);
  g_clear_pointer (&self->question_position, g_free);

  G_OBJECT_CLASS (bansou_heatmap_model_parent_class)->finalize (object);
}

static void
bansou_heatmap_model_dispose (GObject *object)
{
  BansouHeatmapModel *self = (BansouHeatmapModel *)object;

  g_clear_pointer (&self->bodies, g_ptr_array_unref);
  g_clear_object (&self->registry);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (bansou_heatmap_model_parent_class)->dispose (object);
}

static void
bansou_heatmap_model_constructed (GObject *object)
{
  BansouHeatmapModel *self = (BansouHeatmapModel *)object;

  G_OBJECT_CLASS (bansou_heatmap_model_parent_class)->constructed (object);

  g_assert (BANSOU_IS_REGISTRY (self->registry));
  g_assert (BANSOU_IS_CATALOG (self->catalog));

  self->n_questions = bansou_catalog_get_n_questions (self->catalog);
  self->n_categories = bansou_catalog_get_n_categories (self->catalog);
  self->question_category = g_new0 (guint, MAX (self->n_questions, 1));
  self->question_position = g_new0 (guint, MAX (self->n_questions, 1));

  for (guint q = 0, pos = 0, last = G_MAXUINT; q < self->n_questions; q++)
    {
      BansouQuestion *question = bansou_catalog_get_question (self->catalog, q);

      if (question->category->index != last)
        pos = 0;
      last = question->category->index;
      self->question_category[q] = question->category->index;
      self->question_position[q] = ++pos;
    }

  arrange (self);
}

static void
bansou_heatmap_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BansouHeatmapModel *self = BANSOU_HEATMAP_MODEL (object);

  switch (prop_id)
    {
    case PROP_REGISTRY:
      g_value_set_object (value, self->registry);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_ROUND:
      g_value_set_string (value, self->round);
      break;
    case PROP_SCOPE:
      g_value_set_string (value, self->scope);
      break;
    case PROP_SORT:
      g_value_set_uint (value, self->sort);
      break;
    case PROP_DESCENDING:
      g_value_set_boolean (value, self->descending);
      break;
    case PROP_KIND_FILTER:
      g_value_set_uint (value, self->kinds);
      break;
    case PROP_COLUMNS_MODE:
      g_value_set_uint (value, self->columns_mode);
      break;
    case PROP_SORT_BY_WEAKNESS:
      g_value_set_boolean (value, self->weakness);
      break;
    case PROP_ROWS_MODE:
      g_value_set_uint (value, self->rows_mode);
      break;
    case PROP_GROUP_FILTER:
      g_value_set_string (value, self->group_filter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_heatmap_model_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BansouHeatmapModel *self = BANSOU_HEATMAP_MODEL (object);

  switch (prop_id)
    {
    case PROP_REGISTRY:
      self->registry = g_value_dup_object (value);
      break;
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_SORT:
      bansou_heatmap_model_set_sort (self, g_value_get_uint (value), self->descending);
      break;
    case PROP_DESCENDING:
      bansou_heatmap_model_set_sort (self, self->sort, g_value_get_boolean (value));
      break;
    case PROP_KIND_FILTER:
      bansou_heatmap_model_set_kind_filter (self, g_value_get_uint (value));
      break;
    case PROP_COLUMNS_MODE:
      bansou_heatmap_model_set_columns_mode (self, g_value_get_uint (value));
      break;
    case PROP_SORT_BY_WEAKNESS:
      bansou_heatmap_model_set_sort_by_weakness (self, g_value_get_boolean (value));
      break;
    case PROP_ROWS_MODE:
      bansou_heatmap_model_set_rows_mode (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_heatmap_model_class_init (BansouHeatmapModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = bansou_heatmap_model_constructed;
  object_class->dispose = bansou_heatmap_model_dispose;
  object_class->finalize = bansou_heatmap_model_finalize;
  object_class->get_property = bansou_heatmap_model_get_property;
  object_class->set_property = bansou_heatmap_model_set_property;

  properties[PROP_REGISTRY] =
    g_param_spec_object ("registry", NULL, NULL, BANSOU_TYPE_REGISTRY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, BANSOU_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROUND] =
    g_param_spec_string ("round", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SCOPE] =
    g_param_spec_string ("scope", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SORT] =
    g_param_spec_uint ("sort", NULL, NULL, 0, BANSOU_HEATMAP_SORT_NAME, 0, rw);
  properties[PROP_DESCENDING] =
    g_param_spec_boolean ("descending", NULL, NULL, FALSE, rw);
  properties[PROP_KIND_FILTER] =
    g_param_spec_uint ("kind-filter", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_COLUMNS_MODE] =
    g_param_spec_uint ("columns-mode", NULL, NULL, 0, BANSOU_HEATMAP_COLUMNS_CATEGORIES, 0, rw);
  properties[PROP_SORT_BY_WEAKNESS] =
    g_param_spec_boolean ("sort-by-weakness", NULL, NULL, FALSE, rw);
  properties[PROP_ROWS_MODE] =
    g_param_spec_uint ("rows-mode", NULL, NULL, 0, BANSOU_HEATMAP_ROWS_PREFECTURES, 0, rw);
  /* The prefecture code whose bodies alone are shown, or NULL. */
  properties[PROP_GROUP_FILTER] =
    g_param_spec_string ("group-filter", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BansouHeatmapModel::changed:
   *
   * Rows, columns or every cell may have changed: after a load and after
   * a change of sort, filter or column mode.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BansouHeatmapModel::cell-changed:
   * @body: the body index
   * @question: the catalog question index
   *
   * One cell's status or note changed; the tallies are already up to date.
   */
  signals[CELL_CHANGED] =
    g_signal_new ("cell-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
bansou_heatmap_model_init (BansouHeatmapModel *self)
{
  self->rows = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->columns = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* ---- public API -------------------------------------------------------- */

BansouHeatmapModel *
bansou_heatmap_model_new (BansouRegistry *registry,
                          BansouCatalog  *catalog)
{
  g_return_val_if_fail (BANSOU_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (BANSOU_IS_CATALOG (catalog), NULL);

  return g_object_new (BANSOU_TYPE_HEATMAP_MODEL,
                       "registry", registry,
                       "catalog", catalog,
                       NULL);
}

/**
 * bansou_heatmap_model_load:
 * @round: the round id ('YYYY-MM-DD')
 * @scope: (nullable): "34" for a prefecture, "00" or %NULL for the nation
 *
 * Reads the bodies in @scope and their answers for @round and for the
 * round before it. When the round does not exist the model keeps what it
 * had; after a database error it is left empty.
 *
 * Returns: %TRUE on success
 */
gboolean
bansou_heatmap_model_load (BansouHeatmapModel  *self,
                           const char          *round,
                           const char          *scope,
                           GError             **error)
{
  BansouStore *store;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GHashTable) group_index = NULL;
  g_autofree char *norm_scope = NULL;
  g_autofree char *previous = NULL;
  gboolean exists;
  guint n, nq, nc, ng;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);
  g_return_val_if_fail (round != NULL, FALSE);

  store = bansou_registry_get_store (self->registry);
  norm_scope = normalize_scope (scope);

  previous = find_previous_round (store, round, &exists, error);
  if (!exists)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND,
                     _("There is no survey round “%s”"), round);
      return FALSE;
    }

  list = bansou_registry_list (self->registry,
                               g_str_equal (norm_scope, BANSOU_SCOPE_NATIONAL) ? NULL : norm_scope,
                               BANSOU_LIST_DEFAULT, error);
  if (list == NULL)
    return FALSE;

  clear_data (self);
  self->round = g_strdup (round);
  self->previous_round = g_steal_pointer (&previous);
  self->scope = g_steal_pointer (&norm_scope);
  self->national = g_str_equal (self->scope, BANSOU_SCOPE_NATIONAL);

  /* Read once here: frames never touch the database. */
  self->baselines = g_new (double, self->n_questions);
  for (guint q = 0; q < self->n_questions; q++)
    self->baselines[q] = bansou_question_get_round_baseline (store, round,
                                                             bansou_catalog_get_question (self->catalog, q));

  n = g_list_model_get_n_items (list);
  nq = self->n_questions;
  nc = self->n_categories;

  self->bodies = g_ptr_array_new_full (n, g_object_unref);
  self->body_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->name_keys = g_new0 (char *, n + 1);
  self->body_group = g_new0 (guint, MAX (n, 1));
  self->groups = g_array_new (FALSE, TRUE, sizeof (Group));
  g_array_set_clear_func (self->groups, group_clear);
  group_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Groups: the prefectures, named from the registry. */
  if (self->national)
    {
      g_autoptr(GListModel) prefs = bansou_registry_list_prefectures (self->registry, NULL);

      self->scope_name = g_strdup (_("Nationwide"));
      for (guint i = 0; prefs != NULL && i < g_list_model_get_n_items (prefs); i++)
        {
          g_autoptr(BansouBody) pref = g_list_model_get_item (prefs, i);
          Group group = { g_strdup (bansou_body_get_prefecture (pref)),
                          g_strdup (bansou_body_get_name (pref)),
                          g_strdup (bansou_body_get_kana (pref)), 0 };

          g_hash_table_insert (group_index, g_strdup (group.code),
                               GUINT_TO_POINTER (self->groups->len));
          g_array_append_val (self->groups, group);
        }
    }
  else
    {
      g_autoptr(BansouBody) pref = bansou_registry_find_prefecture (self->registry, self->scope, NULL);
      Group group = { g_strdup (self->scope),
                      g_strdup (pref ? bansou_body_get_name (pref) : self->scope),
                      g_strdup (pref ? bansou_body_get_kana (pref) : NULL), 0 };

      self->scope_name = g_strdup (group.name);
      g_hash_table_insert (group_index, g_strdup (group.code), GUINT_TO_POINTER (0));
      g_array_append_val (self->groups, group);
    }

  for (guint i = 0; i < n; i++)
    {
      BansouBody *body = g_list_model_get_item (list, i);
      const char *kana = bansou_body_get_kana (body);
      gpointer gi;

      g_ptr_array_add (self->bodies, body);
      g_hash_table_insert (self->body_index, (gpointer) bansou_body_get_code (body),
                           GUINT_TO_POINTER (i + 1));
      self->name_keys[i] = g_strdup (kana && *kana ? kana : bansou_body_get_name (body));

      if (!g_hash_table_lookup_extended (group_index, bansou_body_get_prefecture (body), NULL, &gi))
        {
          /* A prefecture the registry did not name: keep it anyway. */
          Group group = { g_strdup (bansou_body_get_prefecture (body)),
                          g_strdup (bansou_body_get_prefecture (body)), NULL, 0 };

          gi = GUINT_TO_POINTER (self->groups->len);
          g_hash_table_insert (group_index, g_strdup (group.code), gi);
          g_array_append_val (self->groups, group);
        }
      self->body_group[i] = GPOINTER_TO_UINT (gi);
      g_array_index (self->groups, Group, self->body_group[i]).n_bodies++;
    }

  ng = self->groups->len;
  self->cells = g_malloc0 (MAX ((gsize) n * nq, 1));
  self->previous = g_malloc0 (MAX ((gsize) n * nq, 1));
  self->notes = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  if (!read_round (self, store, self->round, self->cells, self->notes, error) ||
      (self->previous_round != NULL &&
       !read_round (self, store, self->previous_round, self->previous, NULL, error)))
    {
      clear_data (self);
      arrange (self);
      g_signal_emit (self, signals[CHANGED], 0);
      return FALSE;
    }

  self->body_tally = g_new0 (Tally, MAX (n, 1));
  self->body_cat_tally = g_new0 (Tally, MAX ((gsize) n * nc, 1));
  self->question_tally = g_new0 (Tally, MAX (nq, 1));
  self->category_tally = g_new0 (Tally, MAX (nc, 1));
  self->group_tally = g_new0 (Tally, MAX (ng, 1));
  self->group_q_tally = g_new0 (Tally, MAX ((gsize) ng * nq, 1));
  self->group_cat_tally = g_new0 (Tally, MAX ((gsize) ng * nc, 1));

  for (guint b = 0; b < n; b++)
    {
      const guint8 *row = self->cells + (gsize) b * nq;

      for (guint q = 0; q < nq; q++)
        if (row[q] & CELL_STATUS_MASK)
          tally_cell (self, b, q, row[q], 1);
    }

  arrange (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUND]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCOPE]);
  g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

BansouCatalog *
bansou_heatmap_model_get_catalog (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  return self->catalog;
}

const char *
bansou_heatmap_model_get_round (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  return self->round;
}

/**
 * bansou_heatmap_model_get_previous_round:
 *
 * Returns: (nullable): the round before the loaded one, by reference date
 */
const char *
bansou_heatmap_model_get_previous_round (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  return self->previous_round;
}

const char *
bansou_heatmap_model_get_scope (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  return self->scope;
}

/**
 * bansou_heatmap_model_get_scope_name:
 *
 * Returns: (nullable): the prefecture's name, or "Nationwide"
 */
const char *
bansou_heatmap_model_get_scope_name (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  return self->scope_name;
}

gboolean
bansou_heatmap_model_is_national (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);
  return self->national;
}

BansouHeatmapSort
bansou_heatmap_model_get_sort (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return self->sort;
}

gboolean
bansou_heatmap_model_get_descending (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);
  return self->descending;
}

void
bansou_heatmap_model_set_sort (BansouHeatmapModel *self,
                               BansouHeatmapSort   sort,
                               gboolean            descending)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_MODEL (self));
  g_return_if_fail (sort <= BANSOU_HEATMAP_SORT_NAME);

  descending = !!descending;
  if (self->sort == sort && self->descending == descending)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->sort != sort)
    {
      self->sort = sort;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
    }
  if (self->descending != descending)
    {
      self->descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCENDING]);
    }
  rearrange_and_notify (self);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
bansou_heatmap_model_get_kind_filter (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return self->kinds;
}

/**
 * bansou_heatmap_model_set_kind_filter:
 * @kinds: a mask of BANSOU_HEATMAP_KIND_BIT(kind), or
 *   %BANSOU_HEATMAP_KINDS_ALL
 */
void
bansou_heatmap_model_set_kind_filter (BansouHeatmapModel *self,
                                      guint               kinds)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_MODEL (self));

  if (self->kinds == kinds)
    return;
  self->kinds = kinds;
  rearrange_and_notify (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND_FILTER]);
}

BansouHeatmapColumns
bansou_heatmap_model_get_columns_mode (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return self->columns_mode;
}

void
bansou_heatmap_model_set_columns_mode (BansouHeatmapModel   *self,
                                       BansouHeatmapColumns  mode)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_MODEL (self));
  g_return_if_fail (mode <= BANSOU_HEATMAP_COLUMNS_CATEGORIES);

  if (self->columns_mode == mode)
    return;
  self->columns_mode = mode;
  rearrange_and_notify (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMNS_MODE]);
}

gboolean
bansou_heatmap_model_get_sort_by_weakness (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);
  return self->weakness;
}

void
bansou_heatmap_model_set_sort_by_weakness (BansouHeatmapModel *self,
                                           gboolean            weakness)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_MODEL (self));

  weakness = !!weakness;
  if (self->weakness == weakness)
    return;
  self->weakness = weakness;
  rearrange_and_notify (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_BY_WEAKNESS]);
}

BansouHeatmapRows
bansou_heatmap_model_get_rows_mode (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return self->rows_mode;
}

/**
 * bansou_heatmap_model_set_rows_mode:
 *
 * %BANSOU_HEATMAP_ROWS_PREFECTURES shows one row per prefecture that has
 * bodies (47 on a national desk), sorted by the row sort; its cells are
 * the prefecture's rates (bansou_heatmap_model_get_group_question_score()).
 * The group filter does not apply to it.
 */
void
bansou_heatmap_model_set_rows_mode (BansouHeatmapModel *self,
                                    BansouHeatmapRows   mode)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_MODEL (self));
  g_return_if_fail (mode <= BANSOU_HEATMAP_ROWS_PREFECTURES);

  if (self->rows_mode == mode)
    return;
  self->rows_mode = mode;
  rearrange_and_notify (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROWS_MODE]);
}

/**
 * bansou_heatmap_model_get_group_filter:
 *
 * Returns: the group whose bodies alone are shown, or
 *   %BANSOU_HEATMAP_ALL_GROUPS
 */
guint
bansou_heatmap_model_get_group_filter (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), BANSOU_HEATMAP_ALL_GROUPS);
  return group_filter_index (self);
}

/**
 * bansou_heatmap_model_set_group_filter:
 * @group: a group index, or %BANSOU_HEATMAP_ALL_GROUPS
 *
 * Shows only the bodies of one prefecture, under its heading row (the
 * drill-down from the prefecture rows). Kept by prefecture code across
 * loads.
 */
void
bansou_heatmap_model_set_group_filter (BansouHeatmapModel *self,
                                       guint               group)
{
  const char *code = NULL;

  g_return_if_fail (BANSOU_IS_HEATMAP_MODEL (self));
  g_return_if_fail (group == BANSOU_HEATMAP_ALL_GROUPS || group < n_groups (self));

  if (group != BANSOU_HEATMAP_ALL_GROUPS)
    code = g_array_index (self->groups, Group, group).code;
  if (g_strcmp0 (code, self->group_filter) == 0)
    return;

  g_free (self->group_filter);
  self->group_filter = g_strdup (code);
  rearrange_and_notify (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP_FILTER]);
}

/**
 * bansou_heatmap_model_rearrange:
 *
 * Sorts rows and columns again with the current scores; edits alone leave
 * the order as it was.
 */
void
bansou_heatmap_model_rearrange (BansouHeatmapModel *self)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_MODEL (self));
  rearrange_and_notify (self);
}

guint
bansou_heatmap_model_get_n_bodies (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return n_bodies (self);
}

/**
 * bansou_heatmap_model_get_body:
 *
 * Returns: (transfer none): the body
 */
BansouBody *
bansou_heatmap_model_get_body (BansouHeatmapModel *self,
                               guint               body)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  g_return_val_if_fail (body < n_bodies (self), NULL);
  return body_at (self, body);
}

gboolean
bansou_heatmap_model_lookup_body (BansouHeatmapModel *self,
                                  const char         *code,
                                  guint              *body)
{
  guint i;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);

  if (self->body_index == NULL || code == NULL ||
      !(i = GPOINTER_TO_UINT (g_hash_table_lookup (self->body_index, code))))
    return FALSE;
  if (body)
    *body = i - 1;
  return TRUE;
}

guint
bansou_heatmap_model_get_n_questions (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return self->n_questions;
}

guint
bansou_heatmap_model_get_n_categories (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return self->n_categories;
}

guint
bansou_heatmap_model_get_n_groups (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return n_groups (self);
}

const char *
bansou_heatmap_model_get_group_name (BansouHeatmapModel *self,
                                     guint               group)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  g_return_val_if_fail (group < n_groups (self), NULL);
  return g_array_index (self->groups, Group, group).name;
}

guint
bansou_heatmap_model_get_body_group (BansouHeatmapModel *self,
                                     guint               body)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  g_return_val_if_fail (body < n_bodies (self), 0);
  return self->body_group[body];
}

/**
 * bansou_heatmap_model_get_group_code:
 *
 * Returns: the prefecture's two-digit code, "34"
 */
const char *
bansou_heatmap_model_get_group_code (BansouHeatmapModel *self,
                                     guint               group)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  g_return_val_if_fail (group < n_groups (self), NULL);
  return g_array_index (self->groups, Group, group).code;
}

/**
 * bansou_heatmap_model_lookup_group:
 * @code: a prefecture code, "34"
 * @group: (out) (optional): its group index
 *
 * Returns: %TRUE if the loaded scope has that prefecture
 */
gboolean
bansou_heatmap_model_lookup_group (BansouHeatmapModel *self,
                                   const char         *code,
                                   guint              *group)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);

  for (guint g = 0; code != NULL && g < n_groups (self); g++)
    if (g_str_equal (g_array_index (self->groups, Group, g).code, code))
      {
        if (group)
          *group = g;
        return TRUE;
      }
  return FALSE;
}

/**
 * bansou_heatmap_model_get_group_n_bodies:
 *
 * Returns: how many bodies of the scope belong to @group, whatever the
 *   kind filter shows
 */
guint
bansou_heatmap_model_get_group_n_bodies (BansouHeatmapModel *self,
                                         guint               group)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  g_return_val_if_fail (group < n_groups (self), 0);
  return g_array_index (self->groups, Group, group).n_bodies;
}

/**
 * bansou_heatmap_model_find_group_row:
 * @row: (out) (optional): the row of the group's heading, or of the group
 *   itself in the prefecture rows mode
 *
 * Returns: %FALSE if no row shows @group
 */
gboolean
bansou_heatmap_model_find_group_row (BansouHeatmapModel *self,
                                     guint               group,
                                     guint              *row)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);

  for (guint r = 0; r < self->rows->len; r++)
    if (g_array_index (self->rows, guint32, r) == (ROW_GROUP_FLAG | group))
      {
        if (row)
          *row = r;
        return TRUE;
      }
  return FALSE;
}

/**
 * bansou_heatmap_model_get_cells:
 *
 * The raw cells, n_bodies × n_questions bytes in row-major order: the low
 * three bits hold the #BansouStatus.
 *
 * Returns: (transfer none) (nullable): the cells
 */
const guint8 *
bansou_heatmap_model_get_cells (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  return self->cells;
}

BansouStatus
bansou_heatmap_model_get_status (BansouHeatmapModel *self,
                                 guint               body,
                                 guint               question)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), BANSOU_STATUS_UNANSWERED);
  g_return_val_if_fail (body < n_bodies (self), BANSOU_STATUS_UNANSWERED);
  g_return_val_if_fail (question < self->n_questions, BANSOU_STATUS_UNANSWERED);
  return self->cells[(gsize) body * self->n_questions + question] & CELL_STATUS_MASK;
}

BansouStatus
bansou_heatmap_model_get_previous_status (BansouHeatmapModel *self,
                                          guint               body,
                                          guint               question)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), BANSOU_STATUS_UNANSWERED);
  g_return_val_if_fail (body < n_bodies (self), BANSOU_STATUS_UNANSWERED);
  g_return_val_if_fail (question < self->n_questions, BANSOU_STATUS_UNANSWERED);
  return self->previous[(gsize) body * self->n_questions + question] & CELL_STATUS_MASK;
}

/**
 * bansou_heatmap_model_get_carried:
 *
 * Returns: whether the answer was carried over from the previous round and
 *   nobody has confirmed it yet
 */
gboolean
bansou_heatmap_model_get_carried (BansouHeatmapModel *self,
                                  guint               body,
                                  guint               question)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);
  g_return_val_if_fail (body < n_bodies (self), FALSE);
  g_return_val_if_fail (question < self->n_questions, FALSE);
  return (self->cells[(gsize) body * self->n_questions + question] & CELL_CARRIED) != 0;
}

/**
 * bansou_heatmap_model_get_note:
 *
 * Returns: (nullable): the note on this answer, or %NULL when it has none
 */
const char *
bansou_heatmap_model_get_note (BansouHeatmapModel *self,
                               guint               body,
                               guint               question)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  g_return_val_if_fail (body < n_bodies (self), NULL);
  g_return_val_if_fail (question < self->n_questions, NULL);
  return g_hash_table_lookup (self->notes,
                              GUINT_TO_POINTER (body * self->n_questions + question));
}

static gboolean
resolve_cell (BansouHeatmapModel *self,
              const char         *body,
              const char         *question,
              guint              *b,
              guint              *q)
{
  BansouQuestion *qq;

  if (!bansou_heatmap_model_lookup_body (self, body, b))
    return FALSE;
  if (!(qq = bansou_catalog_lookup_question (self->catalog, question)))
    return FALSE;
  *q = qq->index;
  return TRUE;
}

/**
 * bansou_heatmap_model_set_cell:
 * @body: a body code
 * @question: a catalog question id
 * @status: the new status
 *
 * Applies an edit made elsewhere (the answer editor, an import) without
 * reading the database: the cell and the tallies it feeds change, the
 * arrangement stays, and ::cell-changed is emitted. An edit confirms a
 * carried-over answer.
 *
 * Returns: %FALSE if the body or question is not in the model
 */
gboolean
bansou_heatmap_model_set_cell (BansouHeatmapModel *self,
                               const char         *body,
                               const char         *question,
                               BansouStatus        status)
{
  guint b, q;
  guint8 *cell;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);
  g_return_val_if_fail (status < BANSOU_N_STATUSES, FALSE);

  if (!resolve_cell (self, body, question, &b, &q))
    return FALSE;

  cell = &self->cells[(gsize) b * self->n_questions + q];
  if (*cell == status)   /* also false for a carried answer: the edit confirms it */
    return TRUE;

  tally_cell (self, b, q, *cell, -1);
  *cell = status;
  tally_cell (self, b, q, *cell, 1);

  g_signal_emit (self, signals[CELL_CHANGED], 0, b, q);

  return TRUE;
}

/**
 * bansou_heatmap_model_set_note:
 * @note: (nullable): the new note
 *
 * Returns: %FALSE if the body or question is not in the model
 */
gboolean
bansou_heatmap_model_set_note (BansouHeatmapModel *self,
                               const char         *body,
                               const char         *question,
                               const char         *note)
{
  guint b, q;
  gpointer key;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);

  if (!resolve_cell (self, body, question, &b, &q))
    return FALSE;

  key = GUINT_TO_POINTER (b * self->n_questions + q);
  if (note == NULL || *note == '\0')
    g_hash_table_remove (self->notes, key);
  else
    g_hash_table_insert (self->notes, key, g_strdup (note));

  g_signal_emit (self, signals[CELL_CHANGED], 0, b, q);

  return TRUE;
}

double
bansou_heatmap_model_get_body_score (BansouHeatmapModel *self,
                                     guint               body)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (body < n_bodies (self), -1);
  return tally_score (&self->body_tally[body]);
}

double
bansou_heatmap_model_get_body_category_score (BansouHeatmapModel *self,
                                              guint               body,
                                              guint               category)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (body < n_bodies (self), -1);
  g_return_val_if_fail (category < self->n_categories, -1);
  return tally_score (&self->body_cat_tally[body * self->n_categories + category]);
}

/**
 * bansou_heatmap_model_get_question_score:
 *
 * Returns: the scope mean for a question (every body in scope, whatever
 *   the kind filter), or a negative number
 */
double
bansou_heatmap_model_get_question_score (BansouHeatmapModel *self,
                                         guint               question)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (question < self->n_questions, -1);
  if (self->question_tally == NULL)
    return -1;
  return tally_score (&self->question_tally[question]);
}

double
bansou_heatmap_model_get_category_score (BansouHeatmapModel *self,
                                         guint               category)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (category < self->n_categories, -1);
  if (self->category_tally == NULL)
    return -1;
  return tally_score (&self->category_tally[category]);
}

double
bansou_heatmap_model_get_group_score (BansouHeatmapModel *self,
                                      guint               group)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (group < n_groups (self), -1);
  return tally_score (&self->group_tally[group]);
}

double
bansou_heatmap_model_get_group_question_score (BansouHeatmapModel *self,
                                               guint               group,
                                               guint               question)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (group < n_groups (self), -1);
  g_return_val_if_fail (question < self->n_questions, -1);
  return tally_score (&self->group_q_tally[group * self->n_questions + question]);
}

double
bansou_heatmap_model_get_group_category_score (BansouHeatmapModel *self,
                                               guint               group,
                                               guint               category)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (group < n_groups (self), -1);
  g_return_val_if_fail (category < self->n_categories, -1);
  return tally_score (&self->group_cat_tally[group * self->n_categories + category]);
}

double
bansou_heatmap_model_get_total_score (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  return tally_score (&self->total_tally);
}

/**
 * bansou_heatmap_model_get_question_baseline:
 *
 * Returns: the national implementation rate from 0 to 1 — the live
 *   figure pulled from bansou-server for the round when there is one,
 *   else the catalog's — or a negative number when there is none
 */
double
bansou_heatmap_model_get_question_baseline (BansouHeatmapModel *self,
                                            guint               question)
{
  BansouQuestion *q;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (question < self->n_questions, -1);

  if (self->baselines != NULL)
    return self->baselines[question];
  q = bansou_catalog_get_question (self->catalog, question);
  return q->baseline >= 0 ? q->baseline / 100.0 : -1.0;
}

/**
 * bansou_heatmap_model_get_category_baseline:
 *
 * Returns: the mean of the baselines the category's questions have, or a
 *   negative number when none has one
 */
double
bansou_heatmap_model_get_category_baseline (BansouHeatmapModel *self,
                                            guint               category)
{
  double sum = 0;
  guint n = 0;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (category < self->n_categories, -1);

  for (guint q = 0; q < self->n_questions; q++)
    {
      double v;

      if (self->question_category[q] != category)
        continue;
      if ((v = bansou_heatmap_model_get_question_baseline (self, q)) >= 0)
        {
          sum += v;
          n++;
        }
    }

  return n > 0 ? sum / n : -1.0;
}

guint
bansou_heatmap_model_get_n_rows (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return self->rows->len;
}

/**
 * bansou_heatmap_model_get_row:
 * @index: (out): the body index, or the group index of a heading row
 *
 * Returns: %BANSOU_HEATMAP_ROW_BODY or %BANSOU_HEATMAP_ROW_GROUP
 */
BansouHeatmapRowKind
bansou_heatmap_model_get_row (BansouHeatmapModel *self,
                              guint               row,
                              guint              *index)
{
  guint32 v;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), BANSOU_HEATMAP_ROW_BODY);
  g_return_val_if_fail (row < self->rows->len, BANSOU_HEATMAP_ROW_BODY);

  v = g_array_index (self->rows, guint32, row);
  if (index)
    *index = v & ~ROW_GROUP_FLAG;
  return (v & ROW_GROUP_FLAG) ? BANSOU_HEATMAP_ROW_GROUP : BANSOU_HEATMAP_ROW_BODY;
}

/**
 * bansou_heatmap_model_find_body_row:
 *
 * Returns: %FALSE if the kind filter hides the body
 */
gboolean
bansou_heatmap_model_find_body_row (BansouHeatmapModel *self,
                                    guint               body,
                                    guint              *row)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), FALSE);

  if (body >= n_bodies (self) || self->body_row[body] < 0)
    return FALSE;
  if (row)
    *row = self->body_row[body];
  return TRUE;
}

guint
bansou_heatmap_model_get_n_columns (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return self->columns->len;
}

/**
 * bansou_heatmap_model_get_column:
 *
 * Returns: the catalog question index, or the category index in the
 *   category mode
 */
guint
bansou_heatmap_model_get_column (BansouHeatmapModel *self,
                                 guint               column)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  g_return_val_if_fail (column < self->columns->len, 0);
  return g_array_index (self->columns, guint, column);
}

guint
bansou_heatmap_model_get_column_category (BansouHeatmapModel *self,
                                          guint               column)
{
  guint v;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  g_return_val_if_fail (column < self->columns->len, 0);

  v = g_array_index (self->columns, guint, column);
  return self->columns_mode == BANSOU_HEATMAP_COLUMNS_CATEGORIES ? v : self->question_category[v];
}

/**
 * bansou_heatmap_model_dup_column_label:
 *
 * Returns: (transfer full): a short heading: "5.3" (category 5, its third
 *   question) or the category's name
 */
char *
bansou_heatmap_model_dup_column_label (BansouHeatmapModel *self,
                                       guint               column)
{
  guint v;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  v = g_array_index (self->columns, guint, column);
  if (self->columns_mode == BANSOU_HEATMAP_COLUMNS_CATEGORIES)
    return g_strdup (bansou_category_get_label (bansou_catalog_get_category (self->catalog, v)));
  return g_strdup_printf ("%u.%u", self->question_category[v] + 1, self->question_position[v]);
}

/**
 * bansou_heatmap_model_get_cell_score:
 * @kind: the row kind
 * @index: a body or group index; ignored for the mean and baseline rows
 * @column: a column of the arrangement
 *
 * The value a cell shows as a score: a body's answer (question mode) or
 * category score (category mode), a prefecture's or the scope's mean, or
 * the national baseline.
 *
 * Returns: from 0 to 1, or a negative number for no value
 */
double
bansou_heatmap_model_get_cell_score (BansouHeatmapModel   *self,
                                     BansouHeatmapRowKind  kind,
                                     guint                 index,
                                     guint                 column)
{
  gboolean categories;
  guint v;

  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), -1);
  g_return_val_if_fail (column < self->columns->len, -1);

  v = g_array_index (self->columns, guint, column);
  categories = self->columns_mode == BANSOU_HEATMAP_COLUMNS_CATEGORIES;

  switch (kind)
    {
    case BANSOU_HEATMAP_ROW_BODY:
      if (categories)
        return bansou_heatmap_model_get_body_category_score (self, index, v);
      return bansou_status_score (bansou_heatmap_model_get_status (self, index, v));
    case BANSOU_HEATMAP_ROW_GROUP:
      if (categories)
        return bansou_heatmap_model_get_group_category_score (self, index, v);
      return bansou_heatmap_model_get_group_question_score (self, index, v);
    case BANSOU_HEATMAP_ROW_MEAN:
      if (categories)
        return bansou_heatmap_model_get_category_score (self, v);
      return bansou_heatmap_model_get_question_score (self, v);
    case BANSOU_HEATMAP_ROW_BASELINE:
      if (categories)
        return bansou_heatmap_model_get_category_baseline (self, v);
      return bansou_heatmap_model_get_question_baseline (self, v);
    default:
      g_return_val_if_reached (-1);
    }
}
