/* bansou-registry.h — the bodies a desk looks after
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

#include "bansou-body.h"
#include "bansou-store.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_REGISTRY (bansou_registry_get_type ())

G_DECLARE_FINAL_TYPE (BansouRegistry, bansou_registry, BANSOU, REGISTRY, GObject)

typedef enum
{
  BANSOU_LIST_DEFAULT             = 0,      /* municipalities and other bodies */
  BANSOU_LIST_PREFECTURES         = 1 << 0, /* include the prefectures themselves */
  BANSOU_LIST_WARDS               = 1 << 1, /* include wards of designated cities */
  BANSOU_LIST_NOT_ADMINISTERED    = 1 << 2, /* include the Northern Territories villages */
  BANSOU_LIST_MUNICIPALITIES_ONLY = 1 << 3, /* leave out unions, agencies, universities */
} BansouListFlags;

BansouRegistry *bansou_registry_new               (BansouStore      *store);
BansouStore    *bansou_registry_get_store         (BansouRegistry   *self);

GListModel     *bansou_registry_list              (BansouRegistry   *self,
                                                   const char       *prefecture,
                                                   BansouListFlags   flags,
                                                   GError          **error);
GListModel     *bansou_registry_list_prefectures  (BansouRegistry   *self,
                                                   GError          **error);
BansouBody     *bansou_registry_lookup            (BansouRegistry   *self,
                                                   const char       *code,
                                                   GError          **error);
BansouBody     *bansou_registry_find_prefecture   (BansouRegistry   *self,
                                                   const char       *text,
                                                   GError          **error);

const char * const *bansou_registry_get_fields    (void);
gboolean        bansou_registry_set_field         (BansouRegistry   *self,
                                                   const char       *code,
                                                   const char       *field,
                                                   const char       *value,
                                                   GError          **error);
char           *bansou_registry_get_field         (BansouRegistry   *self,
                                                   BansouBody       *body,
                                                   const char       *field);
gboolean        bansou_registry_validate_field    (const char       *field,
                                                   const char       *value,
                                                   GError          **error);

char           *bansou_registry_add_body          (BansouRegistry   *self,
                                                   const char       *prefecture,
                                                   BansouBodyKind    kind,
                                                   const char       *code,
                                                   const char       *name,
                                                   const char       *kana,
                                                   GError          **error);
gboolean        bansou_registry_remove_body       (BansouRegistry   *self,
                                                   const char       *code,
                                                   GError          **error);
gboolean        bansou_registry_set_members       (BansouRegistry   *self,
                                                   const char       *code,
                                                   const char * const *members,
                                                   GError          **error);
GStrv           bansou_registry_get_members       (BansouRegistry   *self,
                                                   const char       *code,
                                                   GError          **error);

/* Loads the built-in registry into @store once per change of the data:
 * an entry of the store's seeds table (bansou-core.c). */
gboolean        _bansou_registry_seed             (BansouStore      *store,
                                                   GError          **error);

G_END_DECLS
