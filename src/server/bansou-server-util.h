/* bansou-server-util.h — small pure helpers of bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <glib.h>

#include "bansou-code.h"
#include "bansou-util.h"

G_BEGIN_DECLS

typedef enum
{
  BANSOU_ROLE_NATIONAL,
  BANSOU_ROLE_PREFECTURE,
  BANSOU_ROLE_BODY,
  BANSOU_N_ROLES
} BansouRole;

const char *bansou_role_to_string          (BansouRole   role);
BansouRole  bansou_role_from_string        (const char  *str);

char       *bansou_server_new_token        (GError     **error);
char       *bansou_server_hash_token       (const char  *token);

gboolean    bansou_server_scope_valid      (BansouRole   role,
                                            const char  *scope);
gboolean    bansou_server_in_scope         (BansouRole   role,
                                            const char  *scope,
                                            const char  *code);
gboolean    bansou_server_date_valid       (const char  *date);

G_END_DECLS
