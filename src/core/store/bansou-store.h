/* bansou-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

#include "bansou-types.h"

G_BEGIN_DECLS

#define BANSOU_STORE_ERROR (bansou_store_error_quark ())

typedef enum
{
  BANSOU_STORE_ERROR_FAILED,
  BANSOU_STORE_ERROR_NEWER_SCHEMA,  /* written by a newer Bansō: left untouched */
  BANSOU_STORE_ERROR_CORRUPT,       /* not a database, or a damaged one: left untouched */
  BANSOU_STORE_ERROR_NOT_FOUND,
  BANSOU_STORE_ERROR_INVALID,       /* a value failed validation; nothing written */
  BANSOU_STORE_ERROR_CONSTRAINT,    /* the change would break a rule of the data */
  BANSOU_STORE_ERROR_BUSY,
} BansouStoreError;

#define BANSOU_TYPE_STORE (bansou_store_get_type ())

G_DECLARE_FINAL_TYPE (BansouStore, bansou_store, BANSOU, STORE, GObject)

typedef gboolean (*BansouStoreFunc) (BansouStore  *store,
                                     gpointer      user_data,
                                     GError      **error);

GQuark       bansou_store_error_quark         (void);
char        *bansou_store_default_path        (void);
int          bansou_store_latest_version      (void);

BansouStore *bansou_store_open                (const char       *path,
                                               GError          **error);
BansouStore *bansou_store_open_at_version     (const char       *path,
                                               int               max_version,
                                               GError          **error);
const char  *bansou_store_get_path            (BansouStore      *self);
int          bansou_store_get_version         (BansouStore      *self);
const char  *bansou_store_get_actor           (BansouStore      *self);
void         bansou_store_set_actor           (BansouStore      *self,
                                               const char       *actor);

gboolean     bansou_store_transaction         (BansouStore      *self,
                                               BansouStoreFunc   func,
                                               gpointer          user_data,
                                               GError          **error);
gboolean     bansou_store_check_integrity     (BansouStore      *self,
                                               GError          **error);
gboolean     bansou_store_exec                (BansouStore      *self,
                                               const char       *sql,
                                               GError          **error);

char        *bansou_store_get_setting         (BansouStore      *self,
                                               const char       *key);
gboolean     bansou_store_set_setting         (BansouStore      *self,
                                               const char       *key,
                                               const char       *value,
                                               GError          **error);

gboolean     bansou_store_audit               (BansouStore      *self,
                                               const char       *entity,
                                               const char       *key,
                                               const char       *field,
                                               const char       *old_value,
                                               const char       *new_value,
                                               GError          **error);
GPtrArray   *bansou_store_list_audit          (BansouStore      *self,
                                               const char       *entity,
                                               const char       *key,
                                               GError          **error);

typedef struct
{
  gint64  id;
  char   *at;        /* ISO 8601, UTC */
  char   *actor;
  char   *entity;
  char   *key;
  char   *field;
  char   *old_value; /* nullable */
  char   *new_value; /* nullable */
} BansouAuditEntry;

void bansou_audit_entry_free (BansouAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouAuditEntry, bansou_audit_entry_free)

G_END_DECLS
