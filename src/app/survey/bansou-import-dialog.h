/* bansou-import-dialog.h — importing the answers a municipality returned
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-context.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_IMPORT_DIALOG (bansou_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BansouImportDialog, bansou_import_dialog, BANSOU, IMPORT_DIALOG, AdwWindow)

GtkWidget  *bansou_import_dialog_new       (GtkWindow          *parent,
                                            BansouContext      *context);
void        bansou_import_dialog_set_file  (BansouImportDialog *self,
                                            GFile              *file);
gboolean    bansou_import_dialog_import    (BansouImportDialog *self);

/* For tests: the problems listed after a rejected file, one row each */
GtkListBox *_bansou_import_dialog_get_problem_list (BansouImportDialog *self);
const char *_bansou_import_dialog_get_summary      (BansouImportDialog *self);

G_END_DECLS
