/* bansou-sync-page-settings.c — 同期: the server, the token and the CA file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The address (checked, saved as the "sync-url" setting), the token (in the
 * keyring through BansouTokenStore, or in memory) and the CA file.
 * Part of BansouSyncPage (bansou-sync-page.c); the instance struct is in
 * bansou-sync-page-private.h.
 */
#define G_LOG_DOMAIN "bansou-sync-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-conflict-util.h"
#include "bansou-merge-dialog.h"
#include "bansou-sync-page.h"
#include "bansou-sync-page-private.h"
#include "bansou-token-store.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

/* ------------------------------------------------------------------------ */
/* The server address                                                       */

static gboolean
is_loopback (const char *host)
{
  return g_strcmp0 (host, "127.0.0.1") == 0 ||
         g_ascii_strcasecmp (host ? host : "", "localhost") == 0 ||
         g_strcmp0 (host, "::1") == 0 ||
         g_strcmp0 (host, "[::1]") == 0;
}

/**
 * _bansou_sync_page_validate_url:
 * @normalized: (out) (optional): the address without surrounding blanks
 *   and trailing slashes
 *
 * https:// anywhere; plain http:// only to this computer, where nothing
 * crosses a network (a server on 127.0.0.1 behind nginx, or in a test).
 *
 * Returns: (transfer full) (nullable): why @text is not usable, or %NULL
 */
char *
_bansou_sync_page_validate_url (const char  *text,
                                char       **normalized)
{
  g_autofree char *url = g_strstrip (g_strdup (text ? text : ""));
  g_autoptr(GUri) uri = NULL;
  gsize len;

  while ((len = strlen (url)) > 0 && url[len - 1] == '/')
    url[len - 1] = '\0';

  if (*url == '\0')
    return g_strdup (_("Enter the server’s address, like https://sync.example.lg.jp"));

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return g_strdup (_("This is not a web address: it starts with https:// and a server name"));

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    {
      if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
        return g_strdup (_("The address starts with https://"));
      if (!is_loopback (g_uri_get_host (uri)))
        return g_strdup (_("Use https://: an unencrypted http:// address is only allowed for this computer (127.0.0.1)"));
    }

  if (normalized != NULL)
    *normalized = g_steal_pointer (&url);
  return NULL;
}

void
_bansou_sync_page_set_settings_error (BansouSyncPage *self,
                                      const char     *message)
{
  gtk_label_set_label (self->url_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), message != NULL);
}

/* Marks an entry row whose value is wrong. Not the "error" style class: on
 * an AdwEntryRow it also paints the row's buttons, so the address got a red
 * ✓ (its apply button). "invalid" (style.css) colours the text alone. */
void
_bansou_sync_page_set_row_invalid (GtkWidget *row,
                                   gboolean   invalid)
{
  if (invalid)
    gtk_widget_add_css_class (row, "invalid");
  else
    gtk_widget_remove_css_class (row, "invalid");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
}

/* ------------------------------------------------------------------------ */
/* The token                                                                */

void
_bansou_sync_page_update_remember_row (BansouSyncPage *self)
{
  const char *subtitle;

  gboolean available = bansou_token_store_get_keyring_available (self->tokens);

  /* Without a keyring the switch shows what happens, off, and keeps
   * the user's choice for when one answers again. */
  self->updating_switch = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->remember_switch), available);
  gtk_switch_set_active (self->remember_switch, available && self->remember_wanted);
  self->updating_switch = FALSE;

  if (!available)
    subtitle = _("The token is kept only until Bansō quits, because no keyring is running");
  else if (!gtk_switch_get_active (self->remember_switch))
    subtitle = _("The token is kept only until Bansō quits");
  else
    subtitle = _("Kept in your login keyring, never in a file");
  adw_action_row_set_subtitle (self->remember_row, subtitle);
}

static void
token_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BansouSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = bansou_token_store_lookup_finish (BANSOU_TOKEN_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->context == NULL)
    {
      if (token != NULL)
        memset (token, 0, strlen (token));
      g_free (token);
      return;
    }
  if (error != NULL)
    g_debug ("Token lookup: %s", error->message);

  /* Do not overwrite what the user typed meanwhile. */
  if (token != NULL &&
      (*gtk_editable_get_text (GTK_EDITABLE (self->token_row)) == '\0' ||
       g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->token_row)), self->stored_token) == 0))
    {
      g_autofree char *url = NULL;

      gtk_editable_set_text (GTK_EDITABLE (self->token_row), token);
      if (_bansou_sync_page_validate_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), &url) == NULL)
        {
          g_free (self->stored_url);
          self->stored_url = g_steal_pointer (&url);
          g_free (self->stored_token);
          self->stored_token = g_strdup (token);
          self->stored_remember = gtk_switch_get_active (self->remember_switch);
        }
    }
  _bansou_sync_page_update_remember_row (self);

  if (token != NULL)
    {
      memset (token, 0, strlen (token));
      g_free (token);
    }
}

void
_bansou_sync_page_lookup_token (BansouSyncPage *self,
                                const char     *url)
{
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  self->lookup_cancellable = g_cancellable_new ();
  bansou_token_store_lookup_async (self->tokens, url, self->lookup_cancellable,
                                   token_lookup_cb, g_object_ref (self));
}

static void
token_store_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BansouSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bansou_token_store_store_finish (BANSOU_TOKEN_STORE (object), result, NULL, &error) &&
      self->context != NULL)
    {
      /* It is still in memory: the sync goes on; say why it may not last.
       * The switch now says what happened (off) rather than turning
       * itself back on after a cancelled keyring prompt. */
      g_autofree char *message = g_strdup_printf (_("The token could not be kept in the keyring: %s"),
                                                  error->message);
      self->remember_wanted = FALSE;
      self->stored_remember = FALSE;
      _bansou_sync_page_show_toast (self, message);
    }
  if (self->context != NULL)
    _bansou_sync_page_update_remember_row (self);
}

/* Hands the token to the store when it or where it belongs changed. */
void
_bansou_sync_page_keep_token (BansouSyncPage *self,
                              const char     *url,
                              const char     *token)
{
  gboolean remember = gtk_switch_get_active (self->remember_switch);

  if (g_strcmp0 (url, self->stored_url) == 0 &&
      g_strcmp0 (token, self->stored_token) == 0 &&
      remember == self->stored_remember)
    return;

  g_free (self->stored_url);
  self->stored_url = g_strdup (url);
  if (self->stored_token)
    memset (self->stored_token, 0, strlen (self->stored_token));
  g_free (self->stored_token);
  self->stored_token = g_strdup (token);
  self->stored_remember = remember;

  bansou_token_store_store_async (self->tokens, url, token, remember, NULL,
                                  token_store_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* The CA file                                                              */

void
_bansou_sync_page_update_ca_row (BansouSyncPage *self)
{
  if (self->ca_file != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (self->ca_file, -1);
      adw_action_row_set_subtitle (self->ca_row, escaped);
    }
  else
    adw_action_row_set_subtitle (self->ca_row, _("Not set: the system’s trusted certificates are used"));
  gtk_widget_set_visible (GTK_WIDGET (self->ca_clear_button), self->ca_file != NULL);
}

/* Checks that @path holds at least one PEM certificate before keeping it:
 * a wrong file would otherwise only show up as a TLS error later. */
gboolean
_bansou_sync_page_apply_ca_file (BansouSyncPage  *self,
                                 const char      *path,
                                 GError         **error)
{
  g_autofree char *absolute = path ? g_canonicalize_filename (path, NULL) : NULL;

  if (absolute != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      GList *certs = g_tls_certificate_list_new_from_file (absolute, &local_error);

      if (certs == NULL)
        {
          g_autofree char *name = g_filename_display_basename (absolute);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       /* Translators: %s is a file name */
                       _("“%s” holds no certificate in PEM format (-----BEGIN CERTIFICATE-----)"), name);
          return FALSE;
        }
      g_list_free_full (certs, g_object_unref);
    }

  if (!bansou_store_set_setting (_bansou_sync_page_store (self), "sync-ca-file", absolute, error))
    return FALSE;

  g_free (self->ca_file);
  self->ca_file = g_steal_pointer (&absolute);
  _bansou_sync_page_update_ca_row (self);
  return TRUE;
}

static void
chooser_response_cb (BansouSyncPage       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path == NULL || !_bansou_sync_page_apply_ca_file (self, path, &error))
        _bansou_sync_page_show_toast (self, error ? error->message : _("Choose a file on this computer"));
    }
  g_clear_object (&self->chooser);
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
url_changed_cb (BansouSyncPage *self,
                AdwEntryRow    *row)
{
  /* Only a mistake that is already shown is checked while typing. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->url_error_label)))
    {
      g_autofree char *message = _bansou_sync_page_validate_url (gtk_editable_get_text (GTK_EDITABLE (row)), NULL);
      _bansou_sync_page_set_settings_error (self, message);
    }
  _bansou_sync_page_set_row_invalid (GTK_WIDGET (row), FALSE);
}

static void
url_apply_cb (BansouSyncPage *self,
              AdwEntryRow    *row)
{
  g_autofree char *url = NULL;
  g_autofree char *message = _bansou_sync_page_validate_url (gtk_editable_get_text (GTK_EDITABLE (row)), &url);
  g_autoptr(GError) error = NULL;

  _bansou_sync_page_set_settings_error (self, message);
  if (message != NULL)
    {
      _bansou_sync_page_set_row_invalid (GTK_WIDGET (row), TRUE);
      return;
    }

  if (!bansou_store_set_setting (_bansou_sync_page_store (self), "sync-url", url, &error))
    {
      _bansou_sync_page_show_error_toast (self, error);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (row), url);

  /* A changed address (a typo fixed, the server moved) keeps the token in
   * the field; one the keyring holds for the new address replaces it only
   * if the field still shows the old address's remembered token. */
  if (g_strcmp0 (url, self->stored_url) != 0)
    _bansou_sync_page_lookup_token (self, url);
}

static void
token_changed_cb (BansouSyncPage      *self,
                  AdwPasswordEntryRow *row)
{
  _bansou_sync_page_set_row_invalid (GTK_WIDGET (row), FALSE);
}

static void
token_activated_cb (BansouSyncPage      *self,
                    AdwPasswordEntryRow *row)
{
  bansou_sync_page_sync (self);
}

static void
remember_notify_active_cb (BansouSyncPage *self,
                           GParamSpec     *pspec,
                           GtkSwitch      *widget)
{
  g_autofree char *url = NULL;
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));

  if (self->updating_switch)
    return;
  self->remember_wanted = gtk_switch_get_active (widget);
  _bansou_sync_page_update_remember_row (self);

  /* Turning it off takes a remembered token out of the keyring now. */
  if (*token != '\0' && _bansou_sync_page_validate_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), &url) == NULL)
    _bansou_sync_page_keep_token (self, url, token);
}

void
_bansou_sync_page_tokens_notify_keyring_available_cb (BansouSyncPage   *self,
                                                      GParamSpec       *pspec,
                                                      BansouTokenStore *tokens)
{
  _bansou_sync_page_update_remember_row (self);
}

static void
ca_choose_clicked_cb (BansouSyncPage *self,
                      GtkButton      *button)
{
  g_autoptr(GtkFileFilter) pem = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose the CA Certificate"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (pem, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (pem, "*.pem");
  gtk_file_filter_add_pattern (pem, "*.crt");
  gtk_file_filter_add_pattern (pem, "*.cer");
  gtk_file_filter_add_mime_type (pem, "application/x-x509-ca-cert");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), pem);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ca_clear_clicked_cb (BansouSyncPage *self,
                     GtkButton      *button)
{
  g_autoptr(GError) error = NULL;

  if (!_bansou_sync_page_apply_ca_file (self, NULL, &error))
    _bansou_sync_page_show_error_toast (self, error);
}

/* ------------------------------------------------------------------------ */

void
_bansou_sync_page_settings_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, remember_notify_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_clear_clicked_cb);
}
