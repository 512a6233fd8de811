/* bansou-survey.h — survey rounds, answers and shared progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

#include "bansou-answer.h"
#include "bansou-catalog.h"
#include "bansou-round.h"
#include "bansou-store.h"

G_BEGIN_DECLS

#define BANSOU_SURVEY_ERROR (bansou_survey_error_quark ())

/* The longest note and evidence reference an answer takes, in characters. */
#define BANSOU_NOTE_MAX_CHARS     2000
#define BANSOU_EVIDENCE_MAX_CHARS 500

typedef enum
{
  BANSOU_SURVEY_ERROR_INVALID,     /* a value failed validation; nothing written */
  BANSOU_SURVEY_ERROR_NOT_FOUND,   /* no such round, body or question */
  BANSOU_SURVEY_ERROR_EXISTS,      /* a round with that reference date exists */
  BANSOU_SURVEY_ERROR_TRANSITION,  /* the progress state cannot change that way */
} BansouSurveyError;

/**
 * BansouProgressInfo:
 * @state: where the body stands in answering the round
 * @assignee: the member of staff who holds it (担当者); "" when nobody
 * @due: (nullable): "YYYY-MM-DD"
 * @stored: %FALSE when no row exists yet (a body added after the round
 *   was created): it reads as not started
 */
typedef struct
{
  char           *round;
  char           *body;
  BansouProgress  state;
  char           *assignee;
  char           *due;
  char           *updated_by;
  char           *updated_at;
  gboolean        stored;
} BansouProgressInfo;

#define BANSOU_TYPE_PROGRESS_INFO (bansou_progress_info_get_type ())
GType               bansou_progress_info_get_type (void) G_GNUC_CONST;
BansouProgressInfo *bansou_progress_info_copy     (const BansouProgressInfo *info);
void                bansou_progress_info_free     (BansouProgressInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouProgressInfo, bansou_progress_info_free)

/**
 * BansouProgressOverview:
 * @counts: bodies per state
 * @total: bodies in the scope
 * @overdue: (element-type BansouProgressInfo): bodies past their due date
 *   and not final, the most overdue first
 * @by_assignee: assignee ("" for nobody) → guint[%BANSOU_N_PROGRESS],
 *   bodies per state
 */
typedef struct
{
  guint       counts[BANSOU_N_PROGRESS];
  guint       total;
  GPtrArray  *overdue;
  GHashTable *by_assignee;
} BansouProgressOverview;

void bansou_progress_overview_free (BansouProgressOverview *overview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouProgressOverview, bansou_progress_overview_free)

gboolean      bansou_progress_can_change     (BansouProgress from,
                                              BansouProgress to);

BansouStatus  bansou_question_status_for_date (const BansouQuestion *question,
                                               const GDate          *reference,
                                               const GDate          *done_on);

#define BANSOU_TYPE_SURVEY (bansou_survey_get_type ())

G_DECLARE_FINAL_TYPE (BansouSurvey, bansou_survey, BANSOU, SURVEY, GObject)

GQuark          bansou_survey_error_quark        (void);

BansouSurvey   *bansou_survey_new                (BansouStore    *store,
                                                  BansouCatalog  *catalog,
                                                  GError        **error);
BansouStore    *bansou_survey_get_store          (BansouSurvey   *self);
BansouCatalog  *bansou_survey_get_catalog        (BansouSurvey   *self);
char           *bansou_survey_dup_scope          (BansouSurvey   *self);
GListModel     *bansou_survey_list_bodies        (BansouSurvey   *self,
                                                  const char     *scope,
                                                  GError        **error);

/* Rounds */
GListModel     *bansou_survey_get_rounds         (BansouSurvey   *self);
BansouRound    *bansou_survey_lookup_round       (BansouSurvey   *self,
                                                  const char     *round);
BansouRound    *bansou_survey_get_latest_round   (BansouSurvey   *self);
BansouRound    *bansou_survey_get_previous_round (BansouSurvey   *self,
                                                  const char     *round);
BansouRound    *bansou_survey_create_round       (BansouSurvey   *self,
                                                  const char     *round,
                                                  const char     *title,
                                                  gboolean        prefill,
                                                  GError        **error);
gboolean        bansou_survey_delete_round       (BansouSurvey   *self,
                                                  const char     *round,
                                                  GError        **error);
gboolean        bansou_survey_reload             (BansouSurvey   *self,
                                                  GError        **error);

/* Answers */
BansouAnswer   *bansou_survey_get_answer         (BansouSurvey   *self,
                                                  const char     *round,
                                                  const char     *body,
                                                  const char     *question,
                                                  GError        **error);
GPtrArray      *bansou_survey_list_answers       (BansouSurvey   *self,
                                                  const char     *round,
                                                  const char     *body,
                                                  GError        **error);
gboolean        bansou_survey_set_answer         (BansouSurvey   *self,
                                                  const char     *round,
                                                  const char     *body,
                                                  const char     *question,
                                                  BansouStatus    status,
                                                  const char     *done_on,
                                                  const char     *note,
                                                  const char     *evidence,
                                                  GError        **error);
gboolean        bansou_survey_confirm_answer     (BansouSurvey   *self,
                                                  const char     *round,
                                                  const char     *body,
                                                  const char     *question,
                                                  GError        **error);
gboolean        bansou_survey_confirm_all        (BansouSurvey   *self,
                                                  const char     *round,
                                                  const char     *body,
                                                  guint          *n_confirmed,
                                                  GError        **error);
GPtrArray      *bansou_survey_list_unconfirmed   (BansouSurvey   *self,
                                                  const char     *round,
                                                  const char     *body,
                                                  GError        **error);
GHashTable     *bansou_survey_count_unconfirmed  (BansouSurvey   *self,
                                                  const char     *round,
                                                  GError        **error);
BansouAnswerMatrix *bansou_survey_load_matrix    (BansouSurvey   *self,
                                                  const char     *round,
                                                  GListModel     *bodies,
                                                  GError        **error);
BansouStatus    bansou_survey_compute_status     (BansouSurvey   *self,
                                                  const char     *round,
                                                  const char     *question,
                                                  const char     *done_on);
char           *bansou_survey_checksum           (BansouSurvey   *self,
                                                  const char     *round,
                                                  GError        **error);

/* Progress */
BansouProgressInfo *bansou_survey_get_progress   (BansouSurvey   *self,
                                                  const char     *round,
                                                  const char     *body,
                                                  GError        **error);
GPtrArray      *bansou_survey_list_progress      (BansouSurvey   *self,
                                                  const char     *round,
                                                  const char     *scope,
                                                  GError        **error);
gboolean        bansou_survey_update_progress    (BansouSurvey   *self,
                                                  const char     *round,
                                                  const char     *body,
                                                  BansouProgress  state,
                                                  const char     *reason,
                                                  const char     *assignee,
                                                  const char     *due,
                                                  GError        **error);
gboolean        bansou_survey_set_progress_state (BansouSurvey   *self,
                                                  const char     *round,
                                                  const char     *body,
                                                  BansouProgress  state,
                                                  const char     *reason,
                                                  GError        **error);
gboolean        bansou_survey_assign             (BansouSurvey   *self,
                                                  const char     *round,
                                                  const char * const *bodies,
                                                  const char     *assignee,
                                                  const char     *due,
                                                  GError        **error);
BansouProgressOverview *bansou_survey_get_overview (BansouSurvey *self,
                                                  const char     *round,
                                                  const char     *scope,
                                                  GError        **error);

G_END_DECLS
