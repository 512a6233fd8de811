/* bansou-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BANSOU_TYPE_APPLICATION (bansou_application_get_type ())

G_DECLARE_FINAL_TYPE (BansouApplication, bansou_application, BANSOU, APPLICATION, AdwApplication)

BansouApplication *bansou_application_new (void);

G_END_DECLS
