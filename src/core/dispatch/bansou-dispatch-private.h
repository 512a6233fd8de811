/* bansou-dispatch-private.h — shared by the files of dispatch/ (and its
 * sync kind, bansou-dispatch-kinds.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-catalog.h"
#include "bansou-dispatch.h"
#include "bansou-store-sql.h"

G_BEGIN_DECLS

struct _BansouDispatch
{
  GObject         parent_instance;

  BansouStore    *store;
  BansouSurvey   *survey;
  BansouRegistry *registry;
  BansouCatalog  *catalog;
  BansouCalendar *calendar;
};

/* Audit entities; the key is the record's id */
#define EXPERT_ENTITY   "expert"
#define REQUEST_ENTITY  "dispatch_request"
#define VISIT_ENTITY    "visit"

/* Outbox types: the same names */
#define EXPERT_TYPE     "expert"
#define REQUEST_TYPE    "dispatch_request"
#define VISIT_TYPE      "visit"

/* The wire payload of a record as it stands (a JSON object), for the
 * outbox and the sync kind's same(): bansou-dispatch-outbox.c.
 * Returns: (transfer full): %NULL with NOT_FOUND when there is no row */
char     *_bansou_dispatch_payload        (BansouStore  *store,
                                           const char   *type,
                                           const char   *id,
                                           GError      **error);
/* Puts the record into the outbox, base_rev its server_rev; inside the
 * caller's transaction. Does nothing while the kind is not registered. */
gboolean  _bansou_dispatch_enqueue        (BansouStore  *store,
                                           const char   *type,
                                           const char   *id,
                                           GError      **error);
/* Replaces the support_actions rows of a visit from its row (a
 * cancelled visit has none); inside the caller's transaction. The sync
 * kind calls it after applying a visit. */
gboolean  _bansou_dispatch_visit_support  (BansouStore  *store,
                                           const char   *visit,
                                           GError      **error);

/* bansou-dispatch.c */
char     *_bansou_dispatch_resolve_id     (BansouDispatch *self,
                                           const char     *table,
                                           const char     *id,
                                           GError        **error);
char     *_bansou_dispatch_check_date     (const char     *text,
                                           const char     *what,
                                           GError        **error);
gboolean  _bansou_dispatch_touch          (BansouStore    *store,
                                           const char     *table,
                                           const char     *id,
                                           GError        **error);
gint64    _bansou_dispatch_next_number    (BansouStore    *store,
                                           const char     *table,
                                           GError        **error);
char     *_bansou_dispatch_dup_column     (sqlite3_stmt   *stmt,
                                           int             col);
gint64    _bansou_dispatch_int_column     (sqlite3_stmt   *stmt,
                                           int             col);
void      _bansou_dispatch_emit_changed   (BansouDispatch *self,
                                           const char     *type,
                                           const char     *id);
gboolean  _bansou_dispatch_check_questions (BansouDispatch     *self,
                                            const char * const *questions,
                                            GPtrArray          *sorted,
                                            GError            **error);
char     *_bansou_dispatch_body_name      (BansouDispatch *self,
                                           const char     *code);

/* bansou-dispatch-visits.c */
BansouVisit *_bansou_dispatch_visit_from_id (BansouDispatch *self,
                                             const char     *full_id,
                                             GError        **error);

gboolean  _bansou_dispatch_sync_request_state (BansouStore *store,
                                              const char  *request,
                                              GError     **error);

/* Minutes as "9:30" */
char     *_bansou_dispatch_format_time    (guint minutes);

G_END_DECLS
