/* bansou-token-store.h — where the sync token is kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BANSOU_TYPE_TOKEN_STORE (bansou_token_store_get_type ())

G_DECLARE_FINAL_TYPE (BansouTokenStore, bansou_token_store, BANSOU, TOKEN_STORE, GObject)

BansouTokenStore *bansou_token_store_get_default           (void);
BansouTokenStore *bansou_token_store_new                   (void);
gboolean          bansou_token_store_get_keyring_available (BansouTokenStore     *self);

void              bansou_token_store_lookup_async          (BansouTokenStore     *self,
                                                            const char           *url,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
char             *bansou_token_store_lookup_finish         (BansouTokenStore     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
void              bansou_token_store_store_async           (BansouTokenStore     *self,
                                                            const char           *url,
                                                            const char           *token,
                                                            gboolean              remember,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean          bansou_token_store_store_finish          (BansouTokenStore     *self,
                                                            GAsyncResult         *result,
                                                            gboolean             *in_keyring,
                                                            GError              **error);
void              bansou_token_store_clear_async           (BansouTokenStore     *self,
                                                            const char           *url,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean          bansou_token_store_clear_finish          (BansouTokenStore     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_END_DECLS
