/* bansou-score.h — scores per body, category and question, and the baseline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-answer.h"
#include "bansou-catalog.h"
#include "bansou-survey.h"

G_BEGIN_DECLS

/* The rule, in docs/scoring.md: implemented 1, partly implemented ½, not
 * implemented 0; not applicable and unanswered leave the denominator.
 * Every score and rate below is a fraction from 0 to 1, or a negative
 * number (BANSOU_NO_SCORE) when nothing counted: shown as “—”. */
#define BANSOU_NO_SCORE (-1.0)

/**
 * BansouScore:
 * @sum: the sum of bansou_status_score() over the counted answers
 * @counted: answers that count: implemented, partly, not implemented
 * @n: answers per #BansouStatus, counted or not
 */
typedef struct
{
  double sum;
  guint  counted;
  guint  n[BANSOU_N_STATUSES];
} BansouScore;

void     bansou_score_add        (BansouScore       *score,
                                  BansouStatus       status);
void     bansou_score_merge      (BansouScore       *score,
                                  const BansouScore *other);
double   bansou_score_get_value  (const BansouScore *score);
double   bansou_score_get_rate   (const BansouScore *score);
char    *bansou_score_format     (double             value);
double   bansou_question_get_baseline (const BansouQuestion *question);
double   bansou_question_get_round_baseline (BansouStore          *store,
                                             const char           *round,
                                             const BansouQuestion *question);

typedef struct _BansouScoreTable BansouScoreTable;

#define BANSOU_TYPE_SCORE_TABLE (bansou_score_table_get_type ())

GType             bansou_score_table_get_type            (void) G_GNUC_CONST;
BansouScoreTable *bansou_score_table_new                 (BansouCatalog      *catalog,
                                                          BansouAnswerMatrix *matrix);
BansouScoreTable *bansou_score_table_new_for_round       (BansouSurvey       *survey,
                                                          const char         *round,
                                                          const char         *scope,
                                                          GError            **error);
BansouScoreTable *bansou_score_table_ref                 (BansouScoreTable   *self);
void              bansou_score_table_unref               (BansouScoreTable   *self);
BansouAnswerMatrix *bansou_score_table_get_matrix        (BansouScoreTable   *self);

/* Per body */
double            bansou_score_table_get_body_category   (BansouScoreTable   *self,
                                                          guint               body_index,
                                                          guint               category);
double            bansou_score_table_get_body_overall    (BansouScoreTable   *self,
                                                          guint               body_index);
const BansouScore *bansou_score_table_get_body_counts    (BansouScoreTable   *self,
                                                          guint               body_index,
                                                          int                 category);

/* For the set of bodies (the prefecture, or the nation) */
double            bansou_score_table_get_question_score  (BansouScoreTable   *self,
                                                          guint               question);
double            bansou_score_table_get_question_rate   (BansouScoreTable   *self,
                                                          guint               question);
const BansouScore *bansou_score_table_get_question_counts (BansouScoreTable  *self,
                                                          guint               question);
double            bansou_score_table_get_category_score  (BansouScoreTable   *self,
                                                          guint               category);
double            bansou_score_table_get_category_rate   (BansouScoreTable   *self,
                                                          guint               category);
double            bansou_score_table_get_overall_score   (BansouScoreTable   *self);

/* Against the national baseline (approximate for categories): the live
 * figures pulled from bansou-server for tables made with
 * bansou_score_table_new_for_round(), else the catalog's */
double            bansou_score_table_get_question_baseline (BansouScoreTable *self,
                                                            guint             question);
double            bansou_score_table_get_category_baseline (BansouScoreTable *self,
                                                            guint             category);
double            bansou_score_table_get_category_key_rate (BansouScoreTable *self,
                                                            guint             category);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouScoreTable, bansou_score_table_unref)

/* Year over year (経年比較) */

/**
 * BansouBodyTrend:
 * @round: the round's id
 * @n_categories: the length of @categories
 * @categories: the body's score per category in that round
 * @overall: the body's overall score
 */
typedef struct
{
  char   *round;
  guint   n_categories;
  double *categories;
  double  overall;
} BansouBodyTrend;

/**
 * BansouQuestionTrend:
 * @round: the round's id
 * @score: the mean score of the bodies on the question
 * @rate: the implementation rate: implemented among counted answers
 * @counted: answers that counted
 * @baseline: the national baseline (a fraction), or %BANSOU_NO_SCORE
 */
typedef struct
{
  char   *round;
  double  score;
  double  rate;
  guint   counted;
  double  baseline;
} BansouQuestionTrend;

void       bansou_body_trend_free         (BansouBodyTrend     *trend);
void       bansou_question_trend_free     (BansouQuestionTrend *trend);
GPtrArray *bansou_score_body_history      (BansouSurvey        *survey,
                                           const char          *body,
                                           GError             **error);
GPtrArray *bansou_score_question_history  (BansouSurvey        *survey,
                                           const char          *scope,
                                           const char          *question,
                                           GError             **error);

G_END_DECLS
