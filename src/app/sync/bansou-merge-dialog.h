/* bansou-merge-dialog.h — making one version of a sync conflict from both
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BANSOU_TYPE_MERGE_DIALOG (bansou_merge_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BansouMergeDialog, bansou_merge_dialog, BANSOU, MERGE_DIALOG, AdwWindow)

BansouMergeDialog *bansou_merge_dialog_new       (const char        *type,
                                                  const char        *mine_json,
                                                  const char        *theirs_json,
                                                  const char        *heading,
                                                  const char        *subheading);
void               bansou_merge_dialog_set_error (BansouMergeDialog *self,
                                                  const char        *message);

/* For the tests */
void               _bansou_merge_dialog_pick     (BansouMergeDialog *self,
                                                  const char        *key,
                                                  gboolean           theirs);
char              *_bansou_merge_dialog_dup_json (BansouMergeDialog *self);
gboolean           _bansou_merge_dialog_save     (BansouMergeDialog *self);

G_END_DECLS
