/* bansou-token-store.c — where the sync token is kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A sync token opens a prefecture's data on the national server, so it is
 * kept in the user's keyring (the Secret Service, through libsecret), one
 * secret per server URL. Where no Secret Service answers — a session
 * without gnome-keyring, a machine reached over ssh — the token lives in
 * this process only and the user is asked again next time. It is never
 * written to a file, to GSettings or to the database.
 *
 * Every token the user gives this session is also kept in memory (wiped
 * when dropped), so a keyring that stops answering midway does not stop
 * a sync.
 */
#define G_LOG_DOMAIN "bansou-token-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "bansou-token-store.h"

struct _BansouTokenStore
{
  GObject     parent_instance;

  GHashTable *session;            /* URL → token, wiped when removed */
  gboolean    keyring_available;
};

G_DEFINE_FINAL_TYPE (BansouTokenStore, bansou_token_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEYRING_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char     *url;
  char     *token;
  gboolean  remember;
} StoreData;

/* ------------------------------------------------------------------------ */

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "jp.bansou.Bansou.SyncToken", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static void
wipe_free (gpointer data)
{
  char *token = data;

  if (token != NULL)
    {
      secret_password_wipe (token);
      g_free (token);
    }
}

static void
store_data_free (StoreData *data)
{
  g_free (data->url);
  wipe_free (data->token);
  g_free (data);
}

static void
set_keyring_available (BansouTokenStore *self,
                       gboolean          available)
{
  available = !!available;
  if (self->keyring_available == available)
    return;

  self->keyring_available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_AVAILABLE]);
}

/* Any failure other than a cancel means the keyring cannot be used now:
 * no session bus, no Secret Service on it, or a keyring left locked. The
 * token then stays in memory. */
static gboolean
keyring_failed (BansouTokenStore *self,
                GError           *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  g_debug ("No keyring: %s", error->message);
  set_keyring_available (self, FALSE);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BansouTokenStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      if (keyring_failed (self, error))
        g_task_return_pointer (task, NULL, NULL);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_keyring_available (self, TRUE);
  /* The caller frees with g_free() (after wiping, if it cares). */
  g_task_return_pointer (task, secret ? g_strdup (secret) : NULL, wipe_free);
  secret_password_free (secret);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BansouTokenStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (keyring_failed (self, error))
        g_task_return_int (task, FALSE);   /* kept in memory only */
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_keyring_available (self, TRUE);
  g_task_return_int (task, TRUE);
}

/* Kept for the session only: whatever the keyring does, the token is in
 * memory and not in the keyring. */
static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BansouTokenStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL && !keyring_failed (self, error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      if (error == NULL)
        set_keyring_available (self, TRUE);
      g_task_return_int (task, FALSE);
    }
}

/* Clearing from a keyring that is not there has nothing to clear. */
static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BansouTokenStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL && !keyring_failed (self, error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      if (error == NULL)
        set_keyring_available (self, TRUE);
      g_task_return_boolean (task, TRUE);
    }
}

/* ------------------------------------------------------------------------ */

static void
bansou_token_store_finalize (GObject *object)
{
  BansouTokenStore *self = (BansouTokenStore *)object;

  g_clear_pointer (&self->session, g_hash_table_unref);

  G_OBJECT_CLASS (bansou_token_store_parent_class)->finalize (object);
}

static void
bansou_token_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BansouTokenStore *self = BANSOU_TOKEN_STORE (object);

  switch (prop_id)
    {
    case PROP_KEYRING_AVAILABLE:
      g_value_set_boolean (value, self->keyring_available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_token_store_class_init (BansouTokenStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bansou_token_store_finalize;
  object_class->get_property = bansou_token_store_get_property;

  /**
   * BansouTokenStore:keyring-available:
   *
   * %FALSE once the keyring failed to answer: tokens are then kept only
   * until the program quits. It turns %TRUE again when the keyring
   * answers a later request.
   */
  properties[PROP_KEYRING_AVAILABLE] =
    g_param_spec_boolean ("keyring-available", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bansou_token_store_init (BansouTokenStore *self)
{
  self->session = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  self->keyring_available = TRUE;
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_token_store_get_default:
 *
 * The tokens of this process: what the user typed without a keyring lives
 * here until the program quits.
 *
 * Returns: (transfer none): the shared token store
 */
BansouTokenStore *
bansou_token_store_get_default (void)
{
  static BansouTokenStore *store;

  if (g_once_init_enter (&store))
    g_once_init_leave (&store, bansou_token_store_new ());
  return store;
}

/**
 * bansou_token_store_new:
 *
 * A store with its own memory, as a new session of the program has.
 *
 * Returns: (transfer full): a new token store
 */
BansouTokenStore *
bansou_token_store_new (void)
{
  return g_object_new (BANSOU_TYPE_TOKEN_STORE, NULL);
}

gboolean
bansou_token_store_get_keyring_available (BansouTokenStore *self)
{
  g_return_val_if_fail (BANSOU_IS_TOKEN_STORE (self), FALSE);
  return self->keyring_available;
}

/**
 * bansou_token_store_lookup_async:
 * @url: the server, as the user entered it
 *
 * Finds the token for @url: the one given this session, else the one in
 * the keyring.
 */
void
bansou_token_store_lookup_async (BansouTokenStore    *self,
                                 const char          *url,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *token;

  g_return_if_fail (BANSOU_IS_TOKEN_STORE (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bansou_token_store_lookup_async);

  if ((token = g_hash_table_lookup (self->session, url)))
    {
      g_task_return_pointer (task, g_strdup (token), wipe_free);
      return;
    }

  secret_password_lookup (token_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "server", url,
                          NULL);
}

/**
 * bansou_token_store_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the token, or %NULL without an
 *   error when none is known (or no keyring answered: see
 *   #BansouTokenStore:keyring-available). An error only when cancelled or
 *   the keyring refused in an unusual way.
 */
char *
bansou_token_store_lookup_finish (BansouTokenStore  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (BANSOU_IS_TOKEN_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bansou_token_store_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * bansou_token_store_store_async:
 * @url: the server, as the user entered it
 * @token: the token
 * @remember: %TRUE to put it in the keyring; %FALSE to keep it for this
 *   session only (and take any older one out of the keyring)
 *
 * The token is kept in memory at once; the keyring is written after.
 */
void
bansou_token_store_store_async (BansouTokenStore    *self,
                                const char          *url,
                                const char          *token,
                                gboolean             remember,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  StoreData *data;

  g_return_if_fail (BANSOU_IS_TOKEN_STORE (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (token != NULL && *token != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bansou_token_store_store_async);
  data = g_new0 (StoreData, 1);
  data->url = g_strdup (url);
  data->token = g_strdup (token);
  data->remember = remember;
  g_task_set_task_data (task, data, (GDestroyNotify) store_data_free);

  g_hash_table_replace (self->session, g_strdup (url), g_strdup (token));

  if (!remember)
    {
      /* Kept for the session only: an older token for the server must
       * not come back from the keyring next time. */
      secret_password_clear (token_schema (), cancellable, forget_cb, g_steal_pointer (&task),
                             "server", url,
                             NULL);
      return;
    }

  /* Translators: the keyring shows this; %s is the server's URL */
  label = g_strdup_printf (_("Bansō sync token for %s"), url);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "server", url,
                         NULL);
}

/**
 * bansou_token_store_store_finish:
 * @in_keyring: (out) (optional): %TRUE when the token is in the keyring;
 *   %FALSE when it is kept only until the program quits
 *
 * Returns: %TRUE when the token is kept (in the keyring or in memory)
 */
gboolean
bansou_token_store_store_finish (BansouTokenStore  *self,
                                 GAsyncResult      *result,
                                 gboolean          *in_keyring,
                                 GError           **error)
{
  StoreData *data;
  gssize ret;

  g_return_val_if_fail (BANSOU_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bansou_token_store_store_async, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  ret = g_task_propagate_int (G_TASK (result), error);
  if (in_keyring != NULL)
    *in_keyring = ret == 1 && data->remember;
  return ret != -1;
}

/**
 * bansou_token_store_clear_async:
 *
 * Forgets the token of @url, in memory and in the keyring.
 */
void
bansou_token_store_clear_async (BansouTokenStore    *self,
                                const char          *url,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BANSOU_IS_TOKEN_STORE (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bansou_token_store_clear_async);

  g_hash_table_remove (self->session, url);
  secret_password_clear (token_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                         "server", url,
                         NULL);
}

gboolean
bansou_token_store_clear_finish (BansouTokenStore  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (BANSOU_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bansou_token_store_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
