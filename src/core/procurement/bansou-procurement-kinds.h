/* bansou-procurement-kinds.h — joint procurement's record kinds for sync,
 * its outbox, its writers' scope and its support actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * procurement_project (project; its phases and covered questions travel
 * inside it) and procurement_participant (project, body).
 */
#pragma once

#include "bansou-store.h"

G_BEGIN_DECLS

void      _bansou_procurement_register_sync_kinds (void);

/* Inside the transaction of the edit: puts the record as it now stands
 * into the outbox (base_rev = its server_rev). */
gboolean  _bansou_procurement_outbox_project      (BansouStore  *store,
                                                   const char   *project,
                                                   GError      **error);
gboolean  _bansou_procurement_outbox_participant  (BansouStore  *store,
                                                   const char   *project,
                                                   const char   *body,
                                                   GError      **error);

/* Whether this workbench may change the project (@body %NULL) or @body's
 * participation: the server takes a project from its lead prefecture
 * only, a participation from the lead or the body's own prefecture
 * (docs/procurement.md, "Sync and scope"). A workbench that serves no
 * prefecture yet, or the national desk (whose edits stay local), may. */
gboolean  _bansou_procurement_check_writer        (BansouStore  *store,
                                                   const char   *lead_prefecture,
                                                   const char   *body,
                                                   GError      **error);

/* The same for a project of the local tables (reads its lead). */
gboolean  _bansou_procurement_check_writer_of     (BansouStore  *store,
                                                   const char   *project,
                                                   const char   *body,
                                                   GError      **error);

/* The support actions (支援効果) of the project's participations: each
 * participation is one action, source "PROJECT/BODY", on its join date or
 * else the contract start, touching the covered questions. @body %NULL:
 * every participation (the questions or the contract start changed). */
gboolean  _bansou_procurement_refresh_support     (BansouStore  *store,
                                                   const char   *project,
                                                   const char   *body,
                                                   GError      **error);

G_END_DECLS
