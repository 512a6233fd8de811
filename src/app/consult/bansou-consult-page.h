/* bansou-consult-page.h — 相談: the consultation desk's queue, tickets and Q&A base
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_CONSULT_PAGE (bansou_consult_page_get_type ())

G_DECLARE_FINAL_TYPE (BansouConsultPage, bansou_consult_page, BANSOU, CONSULT_PAGE, AdwBin)

GtkWidget *bansou_consult_page_new         (BansouContext     *context);
/* Selects the ticket @id in the queue (switching to すべて when needed). */
gboolean   bansou_consult_page_show_ticket (BansouConsultPage *self,
                                            const char        *id);

G_END_DECLS
