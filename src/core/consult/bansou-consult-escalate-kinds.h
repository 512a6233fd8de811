/* bansou-consult-escalate-kinds.h — the escalation kinds, for core/consult and the sync table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-store.h"

G_BEGIN_DECLS

/* The sync kinds escalation and escalation_answer. */
void      _bansou_consult_register_escalation_kinds (void);

/* Inside the transaction of the edit: the record as it now stands into
 * the outbox (base_rev: its server revision). */
gboolean  _bansou_consult_outbox_escalation (BansouStore  *store,
                                             const char   *id,
                                             GError      **error);
gboolean  _bansou_consult_outbox_answer     (BansouStore  *store,
                                             const char   *id,
                                             GError      **error);

/* The id of the note an answer becomes on the ticket: a UUID made from
 * the escalation's. (transfer full) */
char     *_bansou_consult_answer_message_id (const char   *escalation);

G_END_DECLS
