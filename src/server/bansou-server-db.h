/* bansou-server-db.h — the server's database, over its store (store/)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>
#include "bansou-core.h"
#include "bansou-server-store.h"

#include "bansou-server-util.h"

G_BEGIN_DECLS

#define BANSOU_SERVER_ERROR (bansou_server_error_quark ())

typedef enum
{
  BANSOU_SERVER_ERROR_FAILED,
  BANSOU_SERVER_ERROR_NEWER_SCHEMA,    /* written by a newer bansou-server: left untouched */
  BANSOU_SERVER_ERROR_CORRUPT,         /* not a database, or a damaged one */
  BANSOU_SERVER_ERROR_NOT_INITIALIZED, /* `bansou-server init` was never run */
  BANSOU_SERVER_ERROR_INVALID,         /* a value failed validation; nothing written */
  BANSOU_SERVER_ERROR_NOT_FOUND,
  BANSOU_SERVER_ERROR_UNAVAILABLE,     /* the store cannot be reached now (PostgreSQL restarting); nothing applied */
} BansouServerError;

typedef struct
{
  gint64      id;
  BansouRole  role;
  char       *scope;
  char       *name;
  char       *created_at;
  char       *revoked_at; /* nullable */
} BansouServerToken;

void bansou_server_token_free (BansouServerToken *token);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouServerToken, bansou_server_token_free)

#define BANSOU_TYPE_SERVER_DB (bansou_server_db_get_type ())

G_DECLARE_FINAL_TYPE (BansouServerDb, bansou_server_db, BANSOU, SERVER_DB, GObject)

typedef gboolean (*BansouServerDbFunc) (BansouServerDb  *db,
                                        gpointer         user_data,
                                        GError         **error);

GQuark             bansou_server_error_quark        (void);

BansouServerDb    *bansou_server_db_open            (const char          *path,
                                                     const char          *password_file,
                                                     gboolean             create,
                                                     GError             **error);
gboolean           bansou_server_db_seed            (BansouServerDb      *self,
                                                     GError             **error);
const char        *bansou_server_db_get_path        (BansouServerDb      *self);
BansouServerStore *bansou_server_db_get_store       (BansouServerDb      *self);
gint64             bansou_server_db_changes         (BansouServerDb      *self);
GHashTable        *bansou_server_db_get_catalogs    (BansouServerDb      *self);

BansouServerStmt  *bansou_server_db_prepare         (BansouServerDb      *self,
                                                     const char          *sql,
                                                     GError             **error);
gboolean           bansou_server_db_step_done       (BansouServerDb      *self,
                                                     BansouServerStmt        *stmt,
                                                     GError             **error);
void               bansou_server_db_set_error       (BansouServerDb      *self,
                                                     GError             **error,
                                                     const char          *what);
gboolean           bansou_server_db_transaction     (BansouServerDb      *self,
                                                     BansouServerDbFunc   func,
                                                     gpointer             user_data,
                                                     GError             **error);
gboolean           bansou_server_db_read            (BansouServerDb      *self,
                                                     BansouServerDbFunc   func,
                                                     gpointer             user_data,
                                                     GError             **error);
gint64             bansou_server_db_next_rev        (BansouServerDb      *self);
gint64             bansou_server_db_get_head        (BansouServerDb      *self);
const char        *bansou_server_db_get_epoch       (BansouServerDb      *self);
gboolean           bansou_server_db_new_epoch       (BansouServerDb      *self,
                                                     GError             **error);
gboolean           bansou_server_db_get_demo        (BansouServerDb      *self);
gboolean           bansou_server_db_set_demo        (BansouServerDb      *self,
                                                     GError             **error);
gboolean           bansou_server_db_record_change   (BansouServerDb      *self,
                                                     gint64               rev,
                                                     const char          *type,
                                                     const char          *k1,
                                                     const char          *k2,
                                                     const char          *k3,
                                                     const char          *prefecture,
                                                     const char          *body,
                                                     GError             **error);

gboolean           bansou_server_db_audit           (BansouServerDb      *self,
                                                     const BansouServerToken *token,
                                                     const char          *action,
                                                     const char          *target,
                                                     const char          *outcome,
                                                     const char          *detail,
                                                     GError             **error);

char              *bansou_server_db_create_token    (BansouServerDb      *self,
                                                     BansouRole           role,
                                                     const char          *scope,
                                                     const char          *name,
                                                     gint64              *out_id,
                                                     GError             **error);
GPtrArray         *bansou_server_db_list_tokens     (BansouServerDb      *self,
                                                     GError             **error);
gboolean           bansou_server_db_revoke_token    (BansouServerDb      *self,
                                                     gint64               id,
                                                     GError             **error);
BansouServerToken *bansou_server_db_lookup_token    (BansouServerDb      *self,
                                                     const char          *token,
                                                     GError             **error);
void               bansou_server_db_prune_idempotency (BansouServerDb    *self,
                                                       guint              max_age_days);

G_END_DECLS
