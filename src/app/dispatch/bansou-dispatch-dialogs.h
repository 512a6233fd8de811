/* bansou-dispatch-dialogs.h — the dialogs of expert dispatch, also opened from other pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

GtkWindow *bansou_expert_dialog_new  (GtkWidget          *parent,
                                      BansouContext      *context,
                                      const char         *expert);
GtkWindow *bansou_request_dialog_new (GtkWidget          *parent,
                                      BansouContext      *context,
                                      const char         *body,
                                      const char * const *questions,
                                      BansouRequestSource source);
GtkWindow *bansou_visit_dialog_new   (GtkWidget          *parent,
                                      BansouContext      *context,
                                      const char         *request,
                                      const char         *expert,
                                      const char         *body,
                                      const GDate        *day,
                                      guint               start_min,
                                      guint               end_min);
GtkWindow *bansou_suggestions_dialog_new (GtkWidget      *parent,
                                      BansouContext      *context,
                                      const char         *request);
GtkWindow *bansou_report_dialog_new  (GtkWidget          *parent,
                                      BansouContext      *context,
                                      const char         *visit);

G_END_DECLS
