/* bansou-heatmap-model-private.h — what the bansou-heatmap-model-*.c files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-heatmap-model.h"

#include <string.h>

#include "bansou-score.h"
#include "bansou-store-sql.h"

G_BEGIN_DECLS

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


extern GParamSpec *_bansou_heatmap_model_properties[N_PROPS];
extern guint _bansou_heatmap_model_signals[N_SIGNALS];

double
_bansou_heatmap_model_tally_score (const Tally *t);

void
_bansou_heatmap_model_tally_cell (BansouHeatmapModel *self,
                                  guint               b,
                                  guint               q,
                                  guint8              status,
                                  int                 sign);

guint
_bansou_heatmap_model_n_bodies (BansouHeatmapModel *self);

guint
_bansou_heatmap_model_n_groups (BansouHeatmapModel *self);

BansouBody *
_bansou_heatmap_model_body_at (BansouHeatmapModel *self,
                               guint               b);

void
_bansou_heatmap_model_arrange (BansouHeatmapModel *self);

G_END_DECLS
