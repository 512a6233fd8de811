/* bansou-support-page.h — 支援効果: the effect of support on the answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_SUPPORT_PAGE (bansou_support_page_get_type ())

G_DECLARE_FINAL_TYPE (BansouSupportPage, bansou_support_page, BANSOU, SUPPORT_PAGE, AdwBin)

BansouContext *bansou_support_page_get_context (BansouSupportPage *self);

G_END_DECLS
