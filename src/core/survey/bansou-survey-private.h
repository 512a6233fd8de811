/* bansou-survey-private.h — shared by the survey, CSV import and demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-survey.h"

G_BEGIN_DECLS

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
GDate     *_bansou_today                (void);
GHashTable *_bansou_survey_body_set     (BansouSurvey         *self,
                                         const char           *scope,
                                         GError              **error);
void       _bansou_survey_emit_reloaded (BansouSurvey         *self,
                                         const char           *round);
char      *_bansou_now_iso              (void);

G_END_DECLS
