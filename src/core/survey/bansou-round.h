/* bansou-round.h — one survey round (調査回), named after its reference date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BANSOU_TYPE_ROUND (bansou_round_get_type ())

G_DECLARE_FINAL_TYPE (BansouRound, bansou_round, BANSOU, ROUND, GObject)

const char *bansou_round_get_id              (BansouRound *self);
int         bansou_round_get_fiscal_year     (BansouRound *self);
const char *bansou_round_get_label           (BansouRound *self);
const char *bansou_round_get_title           (BansouRound *self);
const char *bansou_round_get_catalog_version (BansouRound *self);
const char *bansou_round_get_prefilled_from  (BansouRound *self);
gboolean    bansou_round_get_demo            (BansouRound *self);
const char *bansou_round_get_created_at      (BansouRound *self);
GDate      *bansou_round_get_date            (BansouRound *self);

G_END_DECLS
