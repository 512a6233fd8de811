/* bansou-progress-header.h — a body's name, progress, assignee and due date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-core.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_PROGRESS_HEADER (bansou_progress_header_get_type ())

G_DECLARE_FINAL_TYPE (BansouProgressHeader, bansou_progress_header, BANSOU, PROGRESS_HEADER, AdwBin)

GtkWidget *bansou_progress_header_new          (void);
void       bansou_progress_header_set_body     (BansouProgressHeader     *self,
                                                BansouBody               *body);
void       bansou_progress_header_set_subtitle (BansouProgressHeader     *self,
                                                const char               *subtitle);
void       bansou_progress_header_set_progress (BansouProgressHeader     *self,
                                                const BansouProgressInfo *info);

G_END_DECLS
