/* bansou-procurements-private.h — shared by the ledger's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-procurements.h"
#include "bansou-store-sql.h"

G_BEGIN_DECLS

struct _BansouProcurements
{
  GObject         parent_instance;

  BansouStore    *store;
  BansouRegistry *registry;
  BansouCatalog  *catalog;
};

/* Audit entities */
#define PROCUREMENT_ENTITY   "procurement"
#define PARTICIPANT_ENTITY   "procurement-participant"

char     *_bansou_procurements_resolve_id (BansouProcurements *self,
                                           const char         *id,
                                           GError            **error);
BansouProject *_bansou_procurements_lookup_one (BansouProcurements *self,
                                                const char         *id,
                                                const char         *body,
                                                GError            **error);
gboolean  _bansou_procurements_touch      (BansouProcurements *self,
                                           const char         *id,
                                           GError            **error);
char     *_bansou_procurements_check_date (const char         *text,
                                           const char         *what,
                                           GError            **error);
gint64    _bansou_days_between            (const char         *from,
                                           const char         *to);

G_END_DECLS
