/* bansou-consult-kinds.h — the consultation desk's record kinds for sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * ticket (ticket; its question ids and pauses travel inside it) and
 * ticket_message (ticket, message; append-only). docs/consult.md,
 * "Sync and escalation".
 */
#pragma once

#include "bansou-store.h"

G_BEGIN_DECLS

void      _bansou_consult_register_sync_kinds (void);

/* Inside the transaction of the edit: puts the record as it now stands
 * into the outbox (base_rev = its server_rev; 0 for a message). */
gboolean  _bansou_consult_outbox_ticket       (BansouStore  *store,
                                               const char   *ticket,
                                               GError      **error);
gboolean  _bansou_consult_outbox_message      (BansouStore  *store,
                                               const char   *ticket,
                                               const char   *message,
                                               GError      **error);

/* An article of the Q&A base, unless it is a draft (drafts never leave). */
gboolean  _bansou_consult_outbox_article      (BansouStore  *store,
                                               const char   *article,
                                               GError      **error);

G_END_DECLS
