/* bansou-heatmap-model-arrange.c — the arrangement: sorting, the prefecture rows mode and grouping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-heatmap"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-heatmap-model-private.h"

/* ---- arrangement ------------------------------------------------------- */

static int
compare_bodies (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  BansouHeatmapModel *self = user_data;
  guint ia = *(const guint32 *) a;
  guint ib = *(const guint32 *) b;
  BansouBody *ba = _bansou_heatmap_model_body_at (self, ia);
  BansouBody *bb = _bansou_heatmap_model_body_at (self, ib);
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
  for (guint g = 0; g < _bansou_heatmap_model_n_groups (self); g++)
    if (g_str_equal (g_array_index (self->groups, Group, g).code, self->group_filter))
      return g;
  return BANSOU_HEATMAP_ALL_GROUPS;
}

void
_bansou_heatmap_model_arrange (BansouHeatmapModel *self)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n = _bansou_heatmap_model_n_bodies (self);
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
      for (guint g = 0; g < _bansou_heatmap_model_n_groups (self); g++)
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
          (self->kinds & BANSOU_HEATMAP_KIND_BIT (bansou_body_get_kind (_bansou_heatmap_model_body_at (self, b)))))
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
  _bansou_heatmap_model_arrange (self);
  g_signal_emit (self, _bansou_heatmap_model_signals[CHANGED], 0);
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
      g_object_notify_by_pspec (G_OBJECT (self), _bansou_heatmap_model_properties[PROP_SORT]);
    }
  if (self->descending != descending)
    {
      self->descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), _bansou_heatmap_model_properties[PROP_DESCENDING]);
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
  g_object_notify_by_pspec (G_OBJECT (self), _bansou_heatmap_model_properties[PROP_KIND_FILTER]);
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
  g_object_notify_by_pspec (G_OBJECT (self), _bansou_heatmap_model_properties[PROP_COLUMNS_MODE]);
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
  g_object_notify_by_pspec (G_OBJECT (self), _bansou_heatmap_model_properties[PROP_SORT_BY_WEAKNESS]);
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
  g_object_notify_by_pspec (G_OBJECT (self), _bansou_heatmap_model_properties[PROP_ROWS_MODE]);
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
  g_return_if_fail (group == BANSOU_HEATMAP_ALL_GROUPS || group < _bansou_heatmap_model_n_groups (self));

  if (group != BANSOU_HEATMAP_ALL_GROUPS)
    code = g_array_index (self->groups, Group, group).code;
  if (g_strcmp0 (code, self->group_filter) == 0)
    return;

  g_free (self->group_filter);
  self->group_filter = g_strdup (code);
  rearrange_and_notify (self);
  g_object_notify_by_pspec (G_OBJECT (self), _bansou_heatmap_model_properties[PROP_GROUP_FILTER]);
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
bansou_heatmap_model_get_n_groups (BansouHeatmapModel *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  return _bansou_heatmap_model_n_groups (self);
}

const char *
bansou_heatmap_model_get_group_name (BansouHeatmapModel *self,
                                     guint               group)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), NULL);
  g_return_val_if_fail (group < _bansou_heatmap_model_n_groups (self), NULL);
  return g_array_index (self->groups, Group, group).name;
}

guint
bansou_heatmap_model_get_body_group (BansouHeatmapModel *self,
                                     guint               body)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_MODEL (self), 0);
  g_return_val_if_fail (body < _bansou_heatmap_model_n_bodies (self), 0);
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
  g_return_val_if_fail (group < _bansou_heatmap_model_n_groups (self), NULL);
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

  for (guint g = 0; code != NULL && g < _bansou_heatmap_model_n_groups (self); g++)
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
  g_return_val_if_fail (group < _bansou_heatmap_model_n_groups (self), 0);
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

  if (body >= _bansou_heatmap_model_n_bodies (self) || self->body_row[body] < 0)
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
