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

#include "bansou-heatmap-model-private.h"
#include "bansou-score.h"
#include "bansou-store-sql.h"

G_DEFINE_FINAL_TYPE (BansouHeatmapModel, bansou_heatmap_model, G_TYPE_OBJECT)

GParamSpec *_bansou_heatmap_model_properties[N_PROPS];
guint _bansou_heatmap_model_signals[N_SIGNALS];

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

double
_bansou_heatmap_model_tally_score (const Tally *t)
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

void
_bansou_heatmap_model_tally_cell (BansouHeatmapModel *self,
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

guint
_bansou_heatmap_model_n_bodies (BansouHeatmapModel *self)
{
  return self->bodies ? self->bodies->len : 0;
}

guint
_bansou_heatmap_model_n_groups (BansouHeatmapModel *self)
{
  return self->groups ? self->groups->len : 0;
}

BansouBody *
_bansou_heatmap_model_body_at (BansouHeatmapModel *self,
                               guint               b)
{
  return g_ptr_array_index (self->bodies, b);
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
              b = _bansou_heatmap_model_body_at (self, last_index);
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

  _bansou_heatmap_model_arrange (self);
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

  _bansou_heatmap_model_properties[PROP_REGISTRY] =
    g_param_spec_object ("registry", NULL, NULL, BANSOU_TYPE_REGISTRY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  _bansou_heatmap_model_properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, BANSOU_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  _bansou_heatmap_model_properties[PROP_ROUND] =
    g_param_spec_string ("round", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  _bansou_heatmap_model_properties[PROP_SCOPE] =
    g_param_spec_string ("scope", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  _bansou_heatmap_model_properties[PROP_SORT] =
    g_param_spec_uint ("sort", NULL, NULL, 0, BANSOU_HEATMAP_SORT_NAME, 0, rw);
  _bansou_heatmap_model_properties[PROP_DESCENDING] =
    g_param_spec_boolean ("descending", NULL, NULL, FALSE, rw);
  _bansou_heatmap_model_properties[PROP_KIND_FILTER] =
    g_param_spec_uint ("kind-filter", NULL, NULL, 0, G_MAXUINT, 0, rw);
  _bansou_heatmap_model_properties[PROP_COLUMNS_MODE] =
    g_param_spec_uint ("columns-mode", NULL, NULL, 0, BANSOU_HEATMAP_COLUMNS_CATEGORIES, 0, rw);
  _bansou_heatmap_model_properties[PROP_SORT_BY_WEAKNESS] =
    g_param_spec_boolean ("sort-by-weakness", NULL, NULL, FALSE, rw);
  _bansou_heatmap_model_properties[PROP_ROWS_MODE] =
    g_param_spec_uint ("rows-mode", NULL, NULL, 0, BANSOU_HEATMAP_ROWS_PREFECTURES, 0, rw);
  /* The prefecture code whose bodies alone are shown, or NULL. */
  _bansou_heatmap_model_properties[PROP_GROUP_FILTER] =
    g_param_spec_string ("group-filter", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, _bansou_heatmap_model_properties);

  /**
   * BansouHeatmapModel::changed:
   *
   * Rows, columns or every cell may have changed: after a load and after
   * a change of sort, filter or column mode.
   */
  _bansou_heatmap_model_signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BansouHeatmapModel::cell-changed:
   * @body: the body index
   * @question: the catalog question index
   *
   * One cell's status or note changed; the tallies are already up to date.
   */
  _bansou_heatmap_model_signals[CELL_CHANGED] =
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
      _bansou_heatmap_model_arrange (self);
      g_signal_emit (self, _bansou_heatmap_model_signals[CHANGED], 0);
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
          _bansou_heatmap_model_tally_cell (self, b, q, row[q], 1);
    }

  _bansou_heatmap_model_arrange (self);

  g_object_notify_by_pspec (G_OBJECT (self), _bansou_heatmap_model_properties[PROP_ROUND]);
  g_object_notify_by_pspec (G_OBJECT (self), _bansou_heatmap_model_properties[PROP_SCOPE]);
  g_signal_emit (self, _bansou_heatmap_model_signals[CHANGED], 0);

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
