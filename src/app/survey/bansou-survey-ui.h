/* bansou-survey-ui.h — what the survey pages share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"
#include "bansou-core.h"

G_BEGIN_DECLS

const char *bansou_survey_ui_stack_page        (BansouContext     *context,
                                                const char        *content);
gboolean    bansou_survey_ui_patch_scores      (BansouScoreTable  *scores,
                                                BansouCatalog     *catalog,
                                                const char        *body,
                                                const char        *question,
                                                guint              status);
void        bansou_survey_ui_recompute_scores  (BansouScoreTable **scores,
                                                BansouCatalog     *catalog);

AdwMessageDialog *bansou_survey_ui_reopen_dialog_new   (GtkWidget        *parent,
                                                     const char       *body);
char             *bansou_survey_ui_reopen_dialog_dup_reason (AdwMessageDialog *dialog);

G_END_DECLS
