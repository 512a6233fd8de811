/* bansou-bodies-page.h — 市区町村: the bodies a desk looks after
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_BODIES_PAGE (bansou_bodies_page_get_type ())

G_DECLARE_FINAL_TYPE (BansouBodiesPage, bansou_bodies_page, BANSOU, BODIES_PAGE, AdwBin)

BansouContext *bansou_bodies_page_get_context (BansouBodiesPage *self);
gboolean       bansou_bodies_page_select_code (BansouBodiesPage *self,
                                               const char       *code);

G_END_DECLS
