/* bansou-dispatch-page.h — 派遣: the expert pool, requests and the calendar of visits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_DISPATCH_PAGE (bansou_dispatch_page_get_type ())

G_DECLARE_FINAL_TYPE (BansouDispatchPage, bansou_dispatch_page, BANSOU, DISPATCH_PAGE, AdwBin)

GtkWidget *bansou_dispatch_page_new       (BansouContext      *context);
gboolean   bansou_dispatch_page_write_ics (BansouDispatchPage *self,
                                           const char         *expert,
                                           const char         *body,
                                           GFile              *file,
                                           GError            **error);
gboolean   bansou_dispatch_page_read_ics  (BansouDispatchPage *self,
                                           GFile              *file,
                                           GError            **error);

G_END_DECLS
