/* bansou-answers-page.h — 回答: one body's answers in one round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_ANSWERS_PAGE (bansou_answers_page_get_type ())

G_DECLARE_FINAL_TYPE (BansouAnswersPage, bansou_answers_page, BANSOU, ANSWERS_PAGE, AdwBin)

BansouContext *bansou_answers_page_get_context (BansouAnswersPage *self);
gboolean       bansou_answers_page_show_answer (BansouAnswersPage *self,
                                                const char        *round,
                                                const char        *body,
                                                const char        *question);

G_END_DECLS
