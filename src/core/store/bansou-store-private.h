/* bansou-store-private.h — kept while other rooms move to bansou-store-sql.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Include "bansou-store-sql.h" instead; this file goes once no branch in
 * flight includes it.
 */
#pragma once

#include "bansou-store-sql.h"
