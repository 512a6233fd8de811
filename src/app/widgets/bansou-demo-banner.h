/* bansou-demo-banner.h — the notice shown while demo data exists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_DEMO_BANNER (bansou_demo_banner_get_type ())

G_DECLARE_FINAL_TYPE (BansouDemoBanner, bansou_demo_banner, BANSOU, DEMO_BANNER, AdwBin)

GtkWidget *bansou_demo_banner_new      (BansouContext    *context);
void       bansou_demo_banner_load     (BansouDemoBanner *self);
void       bansou_demo_banner_remove   (BansouDemoBanner *self);
gboolean   bansou_demo_banner_get_busy (BansouDemoBanner *self);
gboolean   bansou_demo_banner_get_shown (BansouDemoBanner *self);

G_END_DECLS
