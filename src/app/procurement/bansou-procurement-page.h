/* bansou-procurement-page.h — 共同調達: joint procurements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_PROCUREMENT_PAGE (bansou_procurement_page_get_type ())

G_DECLARE_FINAL_TYPE (BansouProcurementPage, bansou_procurement_page, BANSOU, PROCUREMENT_PAGE, AdwBin)

gboolean bansou_procurement_page_select (BansouProcurementPage *self,
                                         const char            *id);

G_END_DECLS
