/* bansou-context.h — what every page of the window shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

#include "bansou-core.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_CONTEXT (bansou_context_get_type ())

G_DECLARE_FINAL_TYPE (BansouContext, bansou_context, BANSOU, CONTEXT, GObject)

BansouContext  *bansou_context_new            (BansouStore    *store,
                                               GSettings      *settings);
BansouStore    *bansou_context_get_store      (BansouContext  *self);
BansouRegistry *bansou_context_get_registry   (BansouContext  *self);
BansouCatalog  *bansou_context_get_catalog    (BansouContext  *self);
BansouSurvey   *bansou_context_get_survey     (BansouContext  *self);
GSettings      *bansou_context_get_settings   (BansouContext  *self);
BansouCalendar *bansou_context_get_calendar   (BansouContext  *self);
BansouDispatch *bansou_context_get_dispatch   (BansouContext  *self,
                                               GError        **error);
BansouConsult  *bansou_context_get_consult    (BansouContext  *self);
const char     *bansou_context_get_scope      (BansouContext  *self);
gboolean        bansou_context_set_scope      (BansouContext  *self,
                                               const char     *scope,
                                               GError        **error);
gboolean        bansou_context_is_national    (BansouContext  *self);
char           *bansou_context_dup_scope_name (BansouContext  *self);
void            bansou_context_support_changed (BansouContext *self);

G_END_DECLS
