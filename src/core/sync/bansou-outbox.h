/* bansou-outbox.h — local edits waiting to be sent, for any record kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Every local edit of a record the server keeps puts the record, as it
 * then stands, into the outbox in the transaction of the edit. A row is
 * keyed by the record's type and k1, k2, k3 (bansou-sync-kind.h); edits
 * of a record whose row is not sent yet update that row, so a record is
 * sent once however often it was edited.
 */
#pragma once

#include <sqlite3.h>

#include "bansou-store.h"

G_BEGIN_DECLS

/**
 * bansou_outbox_put:
 * @type: a registered kind
 * @k2: (nullable): "" when the kind has one key field
 * @k3: (nullable)
 * @payload: the record's fields as the kind sends them: a JSON object
 * @base_rev: the server revision the edit is based on (0: a new record)
 *
 * Runs inside the caller's transaction.
 */
gboolean      bansou_outbox_put     (BansouStore  *store,
                                     const char   *type,
                                     const char   *k1,
                                     const char   *k2,
                                     const char   *k3,
                                     const char   *payload,
                                     gint64        base_rev,
                                     GError      **error);

/**
 * bansou_outbox_prepare:
 * @select_sql: a SELECT yielding (type, k1, k2, k3, payload, base_rev);
 *   it may have parameters ?1…?9
 *
 * For domains that put many records at once: each step of the statement
 * (bind, then _bansou_store_step_done() or bansou_sync_stmt_done()) puts
 * every row @select_sql yields into the outbox. Run inside a transaction.
 *
 * Returns: (transfer full) (nullable): a statement to finalize
 */
sqlite3_stmt *bansou_outbox_prepare (BansouStore  *store,
                                     const char   *select_sql,
                                     GError      **error);

G_END_DECLS
