/* bansou-store-seeds.h — data other rooms load into every store it opens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The store knows no domain: the table is filled at the core's root
 * (bansou-core.c), each entry pointing into its own room (the registry
 * loads the national list of local governments).
 */
#pragma once

#include "bansou-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  int         min_version;   /* the schema version the seed needs */
  gboolean  (*seed) (BansouStore  *store,
                     GError      **error);
} BansouStoreSeed;

/* Ends with an entry whose seed is NULL. */
extern const BansouStoreSeed _bansou_store_seeds[];

G_END_DECLS
