/* bansou-body.h — one local government or other body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <glib-object.h>

#include "bansou-types.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_BODY (bansou_body_get_type ())

G_DECLARE_FINAL_TYPE (BansouBody, bansou_body, BANSOU, BODY, GObject)

const char          *bansou_body_get_code            (BansouBody *self);
const char          *bansou_body_get_prefecture      (BansouBody *self);
const char          *bansou_body_get_parent          (BansouBody *self);
BansouBodyKind       bansou_body_get_kind            (BansouBody *self);
const char          *bansou_body_get_kind_label      (BansouBody *self);
const char          *bansou_body_get_name            (BansouBody *self);
const char          *bansou_body_get_kana            (BansouBody *self);
gboolean             bansou_body_get_builtin         (BansouBody *self);
gboolean             bansou_body_get_administered    (BansouBody *self);
int                  bansou_body_get_lgwan           (BansouBody *self);
int                  bansou_body_get_confidential    (BansouBody *self);
BansouDecision       bansou_body_get_decision        (BansouBody *self);
const char          *bansou_body_get_decision_reason (BansouBody *self);
gint64               bansou_body_get_population      (BansouBody *self);
int                  bansou_body_get_it_staff        (BansouBody *self);
const char          *bansou_body_get_ciso_name       (BansouBody *self);
const char          *bansou_body_get_ciso_title      (BansouBody *self);
const char          *bansou_body_get_csirt_contact   (BansouBody *self);
const char          *bansou_body_get_notes           (BansouBody *self);
BansouApplicability  bansou_body_get_applicability   (BansouBody *self);
const char          *bansou_body_get_applicability_label (BansouBody *self);
gboolean             bansou_body_matches             (BansouBody *self,
                                                      const char *needle);

BansouApplicability  bansou_applicability_compute    (BansouBodyKind  kind,
                                                      int             lgwan,
                                                      int             confidential,
                                                      BansouDecision  decision);
const char          *bansou_applicability_get_label  (BansouApplicability applicability);
gboolean             bansou_applicability_applies    (BansouApplicability applicability);

G_END_DECLS
