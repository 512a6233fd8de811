/* bansou-heatmap-model.h — bodies × questions of one survey round, in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

#include "bansou-catalog.h"
#include "bansou-registry.h"

G_BEGIN_DECLS

/* How rows are ordered. A national view always groups by prefecture first. */
typedef enum
{
  BANSOU_HEATMAP_SORT_SCORE,  /* overall score, weakest first */
  BANSOU_HEATMAP_SORT_KIND,   /* designated city, city, town, village, … */
  BANSOU_HEATMAP_SORT_CODE,   /* local government code */
  BANSOU_HEATMAP_SORT_NAME,   /* reading (kana), then name */
} BansouHeatmapSort;

typedef enum
{
  BANSOU_HEATMAP_COLUMNS_QUESTIONS,   /* one column per question, grouped by category */
  BANSOU_HEATMAP_COLUMNS_CATEGORIES,  /* one column per category: the category score */
} BansouHeatmapColumns;

/* What a row stands for. A national desk can fold the nation into one row
 * per prefecture, and open one prefecture's bodies from there. */
typedef enum
{
  BANSOU_HEATMAP_ROWS_BODIES,       /* bodies; nationally headed by their prefecture */
  BANSOU_HEATMAP_ROWS_PREFECTURES,  /* one row per prefecture: its rates */
} BansouHeatmapRows;

/* No prefecture filter: every group's bodies are shown. */
#define BANSOU_HEATMAP_ALL_GROUPS G_MAXUINT

typedef enum
{
  BANSOU_HEATMAP_ROW_BODY,      /* a municipality or other body */
  BANSOU_HEATMAP_ROW_GROUP,     /* a prefecture's mean, heading its bodies in a national view */
  BANSOU_HEATMAP_ROW_MEAN,      /* the mean of every body in scope */
  BANSOU_HEATMAP_ROW_BASELINE,  /* the national baseline from the catalog */
} BansouHeatmapRowKind;

/* A mask of (1 << BansouBodyKind); 0 shows every kind. */
#define BANSOU_HEATMAP_KIND_BIT(kind) (1u << (kind))
#define BANSOU_HEATMAP_KINDS_ALL      0u

typedef struct
{
  char     *id;           /* reference date, 'YYYY-MM-DD' */
  char     *title;
  int       fiscal_year;
  gboolean  demo;
} BansouHeatmapRound;

void       bansou_heatmap_round_free   (BansouHeatmapRound *round);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouHeatmapRound, bansou_heatmap_round_free)

GPtrArray *bansou_heatmap_list_rounds  (BansouStore        *store,
                                        GError            **error);

#define BANSOU_TYPE_HEATMAP_MODEL (bansou_heatmap_model_get_type ())

G_DECLARE_FINAL_TYPE (BansouHeatmapModel, bansou_heatmap_model, BANSOU, HEATMAP_MODEL, GObject)

BansouHeatmapModel   *bansou_heatmap_model_new              (BansouRegistry       *registry,
                                                             BansouCatalog        *catalog);
gboolean              bansou_heatmap_model_load             (BansouHeatmapModel   *self,
                                                             const char           *round,
                                                             const char           *scope,
                                                             GError              **error);

BansouCatalog        *bansou_heatmap_model_get_catalog      (BansouHeatmapModel   *self);
const char           *bansou_heatmap_model_get_round        (BansouHeatmapModel   *self);
const char           *bansou_heatmap_model_get_previous_round (BansouHeatmapModel *self);
const char           *bansou_heatmap_model_get_scope        (BansouHeatmapModel   *self);
const char           *bansou_heatmap_model_get_scope_name   (BansouHeatmapModel   *self);
gboolean              bansou_heatmap_model_is_national      (BansouHeatmapModel   *self);

/* Row and column arrangement. Each setter re-arranges and emits ::changed. */
BansouHeatmapSort     bansou_heatmap_model_get_sort         (BansouHeatmapModel   *self);
gboolean              bansou_heatmap_model_get_descending   (BansouHeatmapModel   *self);
void                  bansou_heatmap_model_set_sort         (BansouHeatmapModel   *self,
                                                             BansouHeatmapSort     sort,
                                                             gboolean              descending);
guint                 bansou_heatmap_model_get_kind_filter  (BansouHeatmapModel   *self);
void                  bansou_heatmap_model_set_kind_filter  (BansouHeatmapModel   *self,
                                                             guint                 kinds);
BansouHeatmapColumns  bansou_heatmap_model_get_columns_mode (BansouHeatmapModel   *self);
void                  bansou_heatmap_model_set_columns_mode (BansouHeatmapModel   *self,
                                                             BansouHeatmapColumns  mode);
gboolean              bansou_heatmap_model_get_sort_by_weakness (BansouHeatmapModel *self);
void                  bansou_heatmap_model_set_sort_by_weakness (BansouHeatmapModel *self,
                                                             gboolean              weakness);
BansouHeatmapRows     bansou_heatmap_model_get_rows_mode    (BansouHeatmapModel   *self);
void                  bansou_heatmap_model_set_rows_mode    (BansouHeatmapModel   *self,
                                                             BansouHeatmapRows     mode);
guint                 bansou_heatmap_model_get_group_filter (BansouHeatmapModel   *self);
void                  bansou_heatmap_model_set_group_filter (BansouHeatmapModel   *self,
                                                             guint                 group);
void                  bansou_heatmap_model_rearrange        (BansouHeatmapModel   *self);

/* Bodies, in load order (by code); a body's index never changes until the
 * next load. */
guint                 bansou_heatmap_model_get_n_bodies     (BansouHeatmapModel   *self);
BansouBody           *bansou_heatmap_model_get_body         (BansouHeatmapModel   *self,
                                                             guint                 body);
gboolean              bansou_heatmap_model_lookup_body      (BansouHeatmapModel   *self,
                                                             const char           *code,
                                                             guint                *body);
guint                 bansou_heatmap_model_get_n_questions  (BansouHeatmapModel   *self);
guint                 bansou_heatmap_model_get_n_categories (BansouHeatmapModel   *self);
guint                 bansou_heatmap_model_get_n_groups     (BansouHeatmapModel   *self);
const char           *bansou_heatmap_model_get_group_name   (BansouHeatmapModel   *self,
                                                             guint                 group);
guint                 bansou_heatmap_model_get_body_group   (BansouHeatmapModel   *self,
                                                             guint                 body);
const char           *bansou_heatmap_model_get_group_code   (BansouHeatmapModel   *self,
                                                             guint                 group);
gboolean              bansou_heatmap_model_lookup_group     (BansouHeatmapModel   *self,
                                                             const char           *code,
                                                             guint                *group);
guint                 bansou_heatmap_model_get_group_n_bodies (BansouHeatmapModel *self,
                                                             guint                 group);
gboolean              bansou_heatmap_model_find_group_row   (BansouHeatmapModel   *self,
                                                             guint                 group,
                                                             guint                *row);

/* Cells, by body index and catalog question index. */
const guint8         *bansou_heatmap_model_get_cells        (BansouHeatmapModel   *self);
BansouStatus          bansou_heatmap_model_get_status       (BansouHeatmapModel   *self,
                                                             guint                 body,
                                                             guint                 question);
BansouStatus          bansou_heatmap_model_get_previous_status (BansouHeatmapModel *self,
                                                             guint                 body,
                                                             guint                 question);
gboolean              bansou_heatmap_model_get_carried      (BansouHeatmapModel   *self,
                                                             guint                 body,
                                                             guint                 question);
const char           *bansou_heatmap_model_get_note         (BansouHeatmapModel   *self,
                                                             guint                 body,
                                                             guint                 question);
gboolean              bansou_heatmap_model_set_cell         (BansouHeatmapModel   *self,
                                                             const char           *body,
                                                             const char           *question,
                                                             BansouStatus          status);
gboolean              bansou_heatmap_model_set_note         (BansouHeatmapModel   *self,
                                                             const char           *body,
                                                             const char           *question,
                                                             const char           *note);

/* Scores from 0 to 1, or a negative number when nothing counts. */
double                bansou_heatmap_model_get_body_score   (BansouHeatmapModel   *self,
                                                             guint                 body);
double                bansou_heatmap_model_get_body_category_score (BansouHeatmapModel *self,
                                                             guint                 body,
                                                             guint                 category);
double                bansou_heatmap_model_get_question_score (BansouHeatmapModel *self,
                                                             guint                 question);
double                bansou_heatmap_model_get_category_score (BansouHeatmapModel *self,
                                                             guint                 category);
double                bansou_heatmap_model_get_group_score  (BansouHeatmapModel   *self,
                                                             guint                 group);
double                bansou_heatmap_model_get_group_question_score (BansouHeatmapModel *self,
                                                             guint                 group,
                                                             guint                 question);
double                bansou_heatmap_model_get_group_category_score (BansouHeatmapModel *self,
                                                             guint                 group,
                                                             guint                 category);
double                bansou_heatmap_model_get_total_score  (BansouHeatmapModel   *self);
double                bansou_heatmap_model_get_question_baseline (BansouHeatmapModel *self,
                                                             guint                 question);
double                bansou_heatmap_model_get_category_baseline (BansouHeatmapModel *self,
                                                             guint                 category);

/* The arranged view: rows (bodies and, nationally, prefecture headings)
 * and columns (questions or categories). */
guint                 bansou_heatmap_model_get_n_rows       (BansouHeatmapModel   *self);
BansouHeatmapRowKind  bansou_heatmap_model_get_row          (BansouHeatmapModel   *self,
                                                             guint                 row,
                                                             guint                *index);
gboolean              bansou_heatmap_model_find_body_row    (BansouHeatmapModel   *self,
                                                             guint                 body,
                                                             guint                *row);
guint                 bansou_heatmap_model_get_n_columns    (BansouHeatmapModel   *self);
guint                 bansou_heatmap_model_get_column       (BansouHeatmapModel   *self,
                                                             guint                 column);
guint                 bansou_heatmap_model_get_column_category (BansouHeatmapModel *self,
                                                             guint                 column);
char                 *bansou_heatmap_model_dup_column_label (BansouHeatmapModel   *self,
                                                             guint                 column);
double                bansou_heatmap_model_get_cell_score   (BansouHeatmapModel   *self,
                                                             BansouHeatmapRowKind  kind,
                                                             guint                 index,
                                                             guint                 column);

G_END_DECLS
