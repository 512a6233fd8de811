/* bansou-survey-kinds.h — the survey's record kinds for sync, and its outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * answer (round, body, question), progress (round, body) and round (id).
 */
#pragma once

#include <sqlite3.h>

#include "bansou-store.h"

G_BEGIN_DECLS

void          _bansou_survey_register_sync_kinds (void);

/* The outbox. Every function runs inside the transaction of the edit it
 * records (bansou-survey.c, bansou-csv.c through the answer writer,
 * bansou-demo.c) and reads the record as it now stands: a second edit of
 * a record whose row is not sent yet updates that row. */
sqlite3_stmt *_bansou_outbox_prepare_answer   (BansouStore   *store,
                                               GError       **error);
sqlite3_stmt *_bansou_outbox_prepare_progress (BansouStore   *store,
                                               GError       **error);
gboolean      _bansou_outbox_step             (BansouStore   *store,
                                               sqlite3_stmt  *stmt,
                                               const char    *round,
                                               const char    *body,
                                               const char    *question,
                                               GError       **error);
gboolean      _bansou_outbox_add_answer       (BansouStore   *store,
                                               const char    *round,
                                               const char    *body,
                                               const char    *question,
                                               GError       **error);
gboolean      _bansou_outbox_add_progress     (BansouStore   *store,
                                               const char    *round,
                                               const char    *body,
                                               GError       **error);
/* Every answer and progress row of @round (%NULL: of every demo round). */
gboolean      _bansou_outbox_add_round        (BansouStore   *store,
                                               const char    *round,
                                               GError       **error);

/* Which outbox rows carry demo data (a round, answer or progress row of a
 * demo round): an SQL condition on the outbox's columns, for sync to keep
 * them from any server that is not a demo server. */
const char   *_bansou_survey_demo_outbox_condition (void);

G_END_DECLS
