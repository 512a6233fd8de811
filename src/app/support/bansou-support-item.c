/* bansou-support-item.c — one row of the 支援効果 table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The figures stay in the core's BansouSupportEffect; an item holds a
 * reference to it and its row's place. The page replaces the whole list
 * when the effect is computed again, so an item never changes.
 */
#define G_LOG_DOMAIN "bansou-support-page"

#include "config.h"

#include <gio/gio.h>

#include "bansou-support-item.h"

struct _BansouSupportItem
{
  GObject                parent_instance;

  BansouSupportEffect   *effect;
  BansouSupportGrouping  grouping;
  guint                  position;
};

G_DEFINE_FINAL_TYPE (BansouSupportItem, bansou_support_item, G_TYPE_OBJECT)

static void
bansou_support_item_finalize (GObject *object)
{
  BansouSupportItem *self = BANSOU_SUPPORT_ITEM (object);

  g_clear_pointer (&self->effect, bansou_support_effect_unref);

  G_OBJECT_CLASS (bansou_support_item_parent_class)->finalize (object);
}

static void
bansou_support_item_class_init (BansouSupportItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bansou_support_item_finalize;
}

static void
bansou_support_item_init (BansouSupportItem *self)
{
}

BansouSupportItem *
bansou_support_item_new (BansouSupportEffect   *effect,
                         BansouSupportGrouping  grouping,
                         guint                  position)
{
  BansouSupportItem *self;

  g_return_val_if_fail (effect != NULL, NULL);
  g_return_val_if_fail (position < bansou_support_effect_get_n_rows (effect, grouping), NULL);

  self = g_object_new (BANSOU_TYPE_SUPPORT_ITEM, NULL);
  self->effect = bansou_support_effect_ref (effect);
  self->grouping = grouping;
  self->position = position;
  return self;
}

const BansouSupportEffectRow *
bansou_support_item_get_row (BansouSupportItem *self)
{
  g_return_val_if_fail (BANSOU_IS_SUPPORT_ITEM (self), NULL);
  return bansou_support_effect_get_row (self->effect, self->grouping, self->position);
}

guint
bansou_support_item_get_position (BansouSupportItem *self)
{
  g_return_val_if_fail (BANSOU_IS_SUPPORT_ITEM (self), 0);
  return self->position;
}

/**
 * bansou_support_item_list:
 *
 * Returns: (transfer full): the rows of @grouping as #BansouSupportItem
 */
GListModel *
bansou_support_item_list (BansouSupportEffect   *effect,
                          BansouSupportGrouping  grouping)
{
  GListStore *store = g_list_store_new (BANSOU_TYPE_SUPPORT_ITEM);
  guint n = bansou_support_effect_get_n_rows (effect, grouping);
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, bansou_support_item_new (effect, grouping, i));
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (store);
}
