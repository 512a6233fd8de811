/* bansou-survey-private.h — shared by the survey's own files, CSV import and demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-registry.h"
#include "bansou-survey.h"

G_BEGIN_DECLS

struct _BansouSurvey
{
  GObject         parent_instance;

  BansouStore    *store;
  BansouCatalog  *catalog;
  BansouRegistry *registry;
  GListStore     *rounds;   /* BansouRound, oldest first */
};

/* Writes answers of one round inside a transaction the caller opened,
 * with its statements prepared once: an import writes 100,000 rows. */
typedef struct _BansouAnswerWriter BansouAnswerWriter;

BansouAnswerWriter *_bansou_answer_writer_new   (BansouSurvey        *survey,
                                                 BansouRound         *round,
                                                 GError             **error);
gboolean            _bansou_answer_writer_write (BansouAnswerWriter  *writer,
                                                 const char          *body,
                                                 const BansouQuestion *question,
                                                 BansouStatus         status,
                                                 const char          *done_on,
                                                 const char          *note,
                                                 const char          *evidence,
                                                 gboolean             confirm_unchanged,
                                                 gboolean            *changed,
                                                 GError             **error);
gboolean            _bansou_answer_writer_start_body (BansouAnswerWriter *writer,
                                                 const char          *body,
                                                 gboolean            *changed,
                                                 GError             **error);
void                _bansou_answer_writer_free  (BansouAnswerWriter  *writer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouAnswerWriter, _bansou_answer_writer_free)

gboolean   _bansou_survey_check_answer  (BansouRound          *round,
                                         const BansouQuestion *question,
                                         BansouStatus          status,
                                         const char           *done_on,
                                         const char           *note,
                                         const char           *evidence,
                                         BansouStatus         *result,
                                         GError              **error);
GHashTable *_bansou_survey_body_set     (BansouSurvey         *self,
                                         const char           *scope,
                                         GError              **error);
void       _bansou_survey_emit_reloaded (BansouSurvey         *self,
                                         const char           *round);

/* Between the survey's own files */
gboolean   _bansou_survey_load_rounds   (BansouSurvey         *self,
                                         GError              **error);
BansouRound *_bansou_survey_require_round (BansouSurvey       *self,
                                         const char           *round,
                                         GError              **error);
const BansouQuestion *_bansou_survey_require_question (BansouSurvey *self,
                                         const char           *question,
                                         GError              **error);
gboolean   _bansou_survey_require_body  (BansouSurvey         *self,
                                         const char           *body,
                                         GError              **error);
char      *_bansou_survey_progress_key  (const char           *round,
                                         const char           *body);
void       _bansou_survey_emit_answer_changed (BansouSurvey   *self,
                                         const char           *round,
                                         const char           *body,
                                         const char           *question,
                                         BansouStatus          status);
void       _bansou_survey_emit_progress_changed (BansouSurvey *self,
                                         const char           *round,
                                         const char           *body);

/* bansou-csv-read.c: NFKC, then without surrounding white space */
char *_bansou_csv_normalize (const char *text);

G_END_DECLS
