/* bansou-sync-page.c — 同期: the server, syncing, conflicts and alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Left: where to sync (server address, token, an optional CA file), the
 * state of the outbox and the last sync, "Sync Now" with its progress and
 * Cancel, and the alerts the national desk sent. Right: the conflicts, a
 * list and the selected one side by side — this workbench's version and
 * the server's — with Keep Mine, Take Theirs and Merge…
 *
 * The address and the CA file are settings of the database ("sync-url",
 * "sync-ca-file"); the token never is: it goes to the keyring through
 * BansouTokenStore, or stays in memory when there is no keyring. A run is
 * bansou_sync_run_async() on a BansouSync of the same database file (it
 * opens its own connection in its thread); afterwards the survey reads
 * the database again, so every page shows what was pulled.
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

struct _BansouSyncPage
{
  AdwBin                 parent_instance;

  BansouContext         *context;
  BansouSync            *sync;
  BansouTokenStore      *tokens;
  GCancellable          *cancellable;         /* of the running sync */
  GCancellable          *lookup_cancellable;  /* of a token lookup */
  GPtrArray             *conflicts;           /* BansouConflict, oldest first */
  gint64                 selected_conflict;   /* 0 for none */
  GtkSizeGroup          *column_group;        /* the two value columns share a width */
  GtkFileChooserNative  *chooser;
  BansouMergeDialog     *merge_dialog;        /* weak */
  char                  *ca_file;
  char                  *stored_url;          /* URL and token as last handed to the token store */
  char                  *stored_token;
  gboolean               stored_remember;
  gboolean               remember_wanted;     /* the switch as the user left it */
  gboolean               updating_switch;
  gint64                 newest_alert;
  guint                  n_alerts;
  guint                  pending;
  guint                  refresh_source;
  guint                  pulse_source;
  gboolean               busy;
  gboolean               pulling;
  int                    error_code;          /* of the shown error, -1 for none */

  /* Template widgets */
  GtkRevealer           *error_revealer;
  GtkImage              *error_icon;
  GtkLabel              *error_title;
  GtkLabel              *error_label;
  GtkButton             *error_button;
  AdwLeaflet            *leaflet;
  GtkWidget             *sidebar;
  AdwPreferencesGroup   *server_group;
  AdwEntryRow           *url_row;
  AdwPasswordEntryRow   *token_row;
  AdwActionRow          *remember_row;
  GtkSwitch             *remember_switch;
  AdwActionRow          *ca_row;
  GtkButton             *ca_clear_button;
  GtkButton             *ca_choose_button;
  GtkLabel              *url_error_label;
  AdwActionRow          *last_row;
  GtkLabel              *last_label;
  GtkLabel              *pending_label;
  AdwActionRow          *conflicts_row;
  GtkLabel              *conflicts_label;
  GtkButton             *review_button;
  GtkRevealer           *progress_revealer;
  GtkProgressBar        *progress_bar;
  GtkButton             *cancel_button;
  GtkButton             *sync_button;
  AdwPreferencesGroup   *alerts_group;
  GtkListBox            *alerts_list;
  GtkWidget             *content;
  GtkButton             *back_button;
  GtkLabel              *conflicts_title;
  GtkStack              *conflict_stack;
  GtkListBox            *conflict_list;
  GtkGrid               *compare_grid;
  GtkButton             *merge_button;
  GtkButton             *keep_mine_button;
  GtkButton             *take_theirs_button;
};

G_DEFINE_FINAL_TYPE (BansouSyncPage, bansou_sync_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BUSY,
  PROP_N_CONFLICTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (BansouSyncPage *self,
                     gboolean        alerts_toast);

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

static BansouStore *
store (BansouSyncPage *self)
{
  return bansou_context_get_store (self->context);
}

/* Toasts take markup: alert titles and error messages must not. */
static void
show_toast (BansouSyncPage *self,
            const char     *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  bansou_show_message (GTK_WIDGET (self), escaped);
}

/* An error from the core, in words for a person (bansou_ui_error_message). */
static void
show_error_toast (BansouSyncPage *self,
                  const GError   *error)
{
  g_autofree char *message = bansou_ui_error_message (error);

  show_toast (self, message);
}

static const BansouConflict *
selected_conflict (BansouSyncPage *self)
{
  for (guint i = 0; self->conflicts && i < self->conflicts->len; i++)
    {
      const BansouConflict *c = g_ptr_array_index (self->conflicts, i);

      if (c->id == self->selected_conflict)
        return c;
    }
  return NULL;
}

static void
update_actions (BansouSyncPage *self)
{
  gboolean have_conflict = selected_conflict (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.now", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.cancel", self->busy);
  /* Resolving writes the outbox the running sync is reading: wait. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.resolve", have_conflict && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.merge", have_conflict && !self->busy);
}

static void
set_busy (BansouSyncPage *self,
          gboolean        busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_revealer_set_reveal_child (self->progress_revealer, busy);
  /* Read-only rather than insensitive: the token row may have the focus
   * (Enter in it syncs), and an insensitive entry cannot keep it. */
  gtk_editable_set_editable (GTK_EDITABLE (self->url_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->token_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->ca_row), !busy);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The page's tab in the view switcher shows the open conflicts. */
static void
update_badge (BansouSyncPage *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  AdwViewStackPage *page;
  guint n = self->conflicts ? self->conflicts->len : 0;

  if (!ADW_IS_VIEW_STACK (parent))
    return;
  page = adw_view_stack_get_page (ADW_VIEW_STACK (parent), GTK_WIDGET (self));
  adw_view_stack_page_set_badge_number (page, n);
  adw_view_stack_page_set_needs_attention (page, n > 0);
}

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
 * validate_url:
 * @normalized: (out) (optional): the address without surrounding blanks
 *   and trailing slashes
 *
 * https:// anywhere; plain http:// only to this computer, where nothing
 * crosses a network (a server on 127.0.0.1 behind nginx, or in a test).
 *
 * Returns: (transfer full) (nullable): why @text is not usable, or %NULL
 */
static char *
validate_url (const char  *text,
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

static void
set_settings_error (BansouSyncPage *self,
                    const char     *message)
{
  gtk_label_set_label (self->url_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), message != NULL);
}

/* Marks an entry row whose value is wrong. Not the "error" style class: on
 * an AdwEntryRow it also paints the row's buttons, so the address got a red
 * ✓ (its apply button). "invalid" (style.css) colours the text alone. */
static void
set_row_invalid (GtkWidget *row,
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

static void
update_remember_row (BansouSyncPage *self)
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
      if (validate_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), &url) == NULL)
        {
          g_free (self->stored_url);
          self->stored_url = g_steal_pointer (&url);
          g_free (self->stored_token);
          self->stored_token = g_strdup (token);
          self->stored_remember = gtk_switch_get_active (self->remember_switch);
        }
    }
  update_remember_row (self);

  if (token != NULL)
    {
      memset (token, 0, strlen (token));
      g_free (token);
    }
}

static void
lookup_token (BansouSyncPage *self,
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
      show_toast (self, message);
    }
  if (self->context != NULL)
    update_remember_row (self);
}

/* Hands the token to the store when it or where it belongs changed. */
static void
keep_token (BansouSyncPage *self,
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

static void
update_ca_row (BansouSyncPage *self)
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
static gboolean
set_ca_file (BansouSyncPage  *self,
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

  if (!bansou_store_set_setting (store (self), "sync-ca-file", absolute, error))
    return FALSE;

  g_free (self->ca_file);
  self->ca_file = g_steal_pointer (&absolute);
  update_ca_row (self);
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

      if (path == NULL || !set_ca_file (self, path, &error))
        show_toast (self, error ? error->message : _("Choose a file on this computer"));
    }
  g_clear_object (&self->chooser);
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */

static void
hide_error (BansouSyncPage *self)
{
  self->error_code = -1;
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

/* A title for what happened, and the one thing to do about it. */
static void
show_error (BansouSyncPage *self,
            const GError   *error)
{
  g_autofree char *message = NULL;
  const char *title, *button;
  const char *icon = "dialog-error-symbolic";

  self->error_code = error->domain == BANSOU_SYNC_ERROR ? error->code : -2;
  message = bansou_ui_error_message (error);

  switch (self->error_code)
    {
    case BANSOU_SYNC_ERROR_NETWORK:
      title = _("Cannot reach the server");
      button = _("Check _Address");
      icon = "network-error-symbolic";
      break;
    case BANSOU_SYNC_ERROR_TLS:
      title = _("The server’s certificate is not trusted");
      button = _("Choose _CA Certificate…");
      icon = "channel-insecure-symbolic";
      break;
    case BANSOU_SYNC_ERROR_UNAUTHORIZED:
      title = _("The server refused the token");
      button = _("Enter _Token");
      icon = "dialog-password-symbolic";
      break;
    case BANSOU_SYNC_ERROR_FORBIDDEN:
      title = _("Not allowed with this token");
      button = _("Enter _Token");
      icon = "dialog-password-symbolic";
      break;
    case BANSOU_SYNC_ERROR_INSECURE:
      title = _("Unencrypted connection refused");
      button = _("Check _Address");
      icon = "channel-insecure-symbolic";
      break;
    case BANSOU_SYNC_ERROR_CONFIG:
      title = _("The sync settings are incomplete");
      button = _("Check _Settings");
      break;
    case BANSOU_SYNC_ERROR_RATE_LIMITED:
      title = _("The server is busy");
      button = _("_Try Again");
      break;
    case BANSOU_SYNC_ERROR_PROTOCOL:
    case BANSOU_SYNC_ERROR_SERVER:
    default:
      title = _("Sync did not finish");
      button = _("_Try Again");
      break;
    }

  gtk_image_set_from_icon_name (self->error_icon, icon);
  gtk_label_set_label (self->error_title, title);
  gtk_label_set_label (self->error_label, message);
  gtk_button_set_label (self->error_button, button);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
focus_row (BansouSyncPage *self,
           GtkWidget      *row)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (row);
}

static void
error_button_clicked_cb (BansouSyncPage *self,
                         GtkButton      *button)
{
  switch (self->error_code)
    {
    case BANSOU_SYNC_ERROR_NETWORK:
    case BANSOU_SYNC_ERROR_INSECURE:
    case BANSOU_SYNC_ERROR_CONFIG:
      focus_row (self, GTK_WIDGET (self->url_row));
      break;
    case BANSOU_SYNC_ERROR_TLS:
      gtk_widget_activate (GTK_WIDGET (self->ca_choose_button));
      break;
    case BANSOU_SYNC_ERROR_UNAUTHORIZED:
    case BANSOU_SYNC_ERROR_FORBIDDEN:
      gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
      focus_row (self, GTK_WIDGET (self->token_row));
      break;
    default:
      bansou_sync_page_sync (self);
      break;
    }
}

static void
error_dismiss_clicked_cb (BansouSyncPage *self,
                          GtkButton      *button)
{
  hide_error (self);
}

/* ------------------------------------------------------------------------ */
/* Alerts                                                                   */

static const char *
severity_icon (const char *severity)
{
  if (g_strcmp0 (severity, "critical") == 0)
    return "dialog-error-symbolic";
  if (g_strcmp0 (severity, "warning") == 0)
    return "dialog-warning-symbolic";
  return "dialog-information-symbolic";
}

static GtkWidget *
create_alert_row (const BansouAlert *alert)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (alert->severity));
  g_autofree char *when = bansou_conflict_format_time (alert->created_at);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), alert->title ? alert->title : "");
  subtitle = g_strdup_printf ("%s\n%s", alert->message ? alert->message : "", when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, g_strcmp0 (alert->severity, "critical") == 0 ? "error" :
                                  g_strcmp0 (alert->severity, "warning") == 0 ? "warning" : "accent");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

/* Reads the alerts again; with @toast, announces those newer than the
 * newest one shown before. */
static void
load_alerts (BansouSyncPage *self,
             gboolean        toast)
{
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  gint64 newest = self->newest_alert;
  guint n_new = 0;
  const BansouAlert *first_new = NULL;

  alerts = bansou_sync_list_alerts (store (self), &error);
  if (alerts == NULL)
    {
      g_warning ("Cannot read the alerts: %s", error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->alerts_list))))
    gtk_list_box_remove (self->alerts_list, child);

  for (guint i = 0; i < alerts->len; i++)
    {
      const BansouAlert *alert = g_ptr_array_index (alerts, i);

      gtk_list_box_append (self->alerts_list, create_alert_row (alert));
      if (alert->id > self->newest_alert)
        {
          /* newest first: the first new one is the newest */
          if (first_new == NULL)
            first_new = alert;
          n_new++;
        }
      newest = MAX (newest, alert->id);
    }

  if (alerts->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No alerts"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->alerts_list, row);
    }

  if (toast && first_new != NULL)
    {
      g_autofree char *message = NULL;

      if (n_new == 1)
        /* Translators: %s is the title of an alert */
        message = g_strdup_printf (_("New alert from the national desk: %s"), first_new->title);
      else
        message = g_strdup_printf (g_dngettext (NULL, "%u new alert from the national desk",
                                                "%u new alerts from the national desk", n_new), n_new);
      show_toast (self, message);
    }

  self->newest_alert = newest;
  self->n_alerts = alerts->len;
}

/* ------------------------------------------------------------------------ */
/* Conflicts                                                                */

static char *
dup_body_name (BansouSyncPage *self,
               const char     *code)
{
  g_autoptr(BansouBody) body = bansou_registry_lookup (bansou_context_get_registry (self->context), code, NULL);

  if (body == NULL)
    return g_strdup (code);
  return g_strdup_printf ("%s（%s）", bansou_body_get_name (body), code);
}

static const char *
question_label (BansouSyncPage *self,
                const char     *id)
{
  BansouCatalog *catalog = bansou_context_get_catalog (self->context);
  BansouQuestion *question = catalog && id ? bansou_catalog_lookup_question (catalog, id) : NULL;

  return question ? bansou_question_get_label (question) : id;
}

/* What the record is: "呉市（342025）" and the question, or "Progress". */
static char *
conflict_heading (BansouSyncPage       *self,
                  const BansouConflict *c)
{
  g_autofree char *body = dup_body_name (self, c->body);

  if (c->question == NULL)
    /* Translators: %s is a body, e.g. 呉市（342025）; the conflict is about its progress */
    return g_strdup_printf (_("%s: progress"), body);
  return g_strdup_printf ("%s: %s", body, question_label (self, c->question));
}

static char *
conflict_subtitle (const BansouConflict *c)
{
  g_autofree char *round = bansou_ui_round_short_label (c->round);
  g_autofree char *when = bansou_conflict_format_time (c->detected_at);

  /* Translators: a round, and when the conflict was found */
  return g_strdup_printf (_("%s · found %s"), round, when);
}

static GtkWidget *
create_conflict_row (BansouSyncPage       *self,
                     const BansouConflict *c)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *heading = conflict_heading (self, c);
  g_autofree char *subtitle = conflict_subtitle (c);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *sub = gtk_label_new (subtitle);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (sub, "caption");
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), sub);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, heading);
  g_object_set_data_full (G_OBJECT (row), "bansou-conflict-id", g_memdup2 (&c->id, sizeof c->id), g_free);
  return row;
}

static GtkWidget *
grid_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "cell");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
attach_value (BansouSyncPage *self,
              const char     *text,
              int             column,
              int             row,
              gboolean        differs)
{
  GtkWidget *label = grid_label (text, differs ? "differs" : NULL);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_name (label, column == 1 ? "mine" : "theirs");
  gtk_size_group_add_widget (self->column_group, label);
  gtk_grid_attach (self->compare_grid, label, column, row, 1, 1);
}

/* Fills the comparison: one row per field, this workbench's version on
 * the left and the server's on the right; fields that differ are marked. */
static void
show_conflict (BansouSyncPage       *self,
               const BansouConflict *c)
{
  BansouSurvey *survey = bansou_context_get_survey (self->context);
  g_autoptr(JsonObject) mine = NULL;
  g_autoptr(JsonObject) theirs = NULL;
  g_autofree char *body = NULL;
  g_autofree char *round = NULL;
  g_autofree char *mine_by = NULL;
  g_autofree char *mine_at = NULL;
  g_autofree char *theirs_by = NULL;
  g_autofree char *theirs_at = NULL;
  const BansouConflictField *fields;
  GtkWidget *child;
  guint n_fields;
  int row = 0;

  /* A new group: the old cells leave it as they are destroyed. */
  g_clear_object (&self->column_group);
  self->column_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->compare_grid))))
    gtk_grid_remove (self->compare_grid, child);
  if (c == NULL)
    return;

  mine = bansou_conflict_parse_record (c->mine_json);
  theirs = bansou_conflict_parse_record (c->theirs_json);
  body = dup_body_name (self, c->body);
  round = bansou_ui_round_short_label (c->round);

  /* Who changed this workbench's version last, from the local record */
  if (c->question != NULL)
    {
      g_autoptr(BansouAnswer) a = bansou_survey_get_answer (survey, c->round, c->body, c->question, NULL);

      if (a != NULL)
        {
          mine_by = g_strdup (a->updated_by);
          mine_at = bansou_conflict_format_time (a->updated_at);
        }
    }
  else
    {
      g_autoptr(BansouProgressInfo) p = bansou_survey_get_progress (survey, c->round, c->body, NULL);

      if (p != NULL)
        {
          mine_by = g_strdup (p->updated_by);
          mine_at = bansou_conflict_format_time (p->updated_at);
        }
    }
  theirs_by = bansou_conflict_dup_value (theirs, "updated_by");
  {
    g_autofree char *iso = bansou_conflict_dup_value (theirs, "updated_at");
    theirs_at = bansou_conflict_format_time (iso);
  }

  /* The record both versions are of */
  gtk_grid_attach (self->compare_grid, grid_label (_("Body"), "field"), 0, row, 1, 1);
  gtk_grid_attach (self->compare_grid, grid_label (body, "identity"), 1, row++, 2, 1);
  if (c->question != NULL)
    {
      gtk_grid_attach (self->compare_grid, grid_label (_("Question"), "field"), 0, row, 1, 1);
      gtk_grid_attach (self->compare_grid, grid_label (question_label (self, c->question), "identity"), 1, row++, 2, 1);
    }
  gtk_grid_attach (self->compare_grid, grid_label (_("Round"), "field"), 0, row, 1, 1);
  gtk_grid_attach (self->compare_grid, grid_label (round, "identity"), 1, row++, 2, 1);

  /* The two versions */
  gtk_grid_attach (self->compare_grid, grid_label ("", "column-title"), 0, row, 1, 1);
  gtk_grid_attach (self->compare_grid, grid_label (_("Your version (this workbench)"), "column-title"), 1, row, 1, 1);
  gtk_grid_attach (self->compare_grid, grid_label (_("Server’s version"), "column-title"), 2, row++, 1, 1);

  fields = bansou_conflict_get_fields (c->type, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *m = bansou_conflict_dup_value (mine, fields[i].key);
      g_autofree char *t = bansou_conflict_dup_value (theirs, fields[i].key);
      g_autofree char *mine_text = bansou_conflict_format_value (&fields[i], m);
      g_autofree char *theirs_text = theirs ? bansou_conflict_format_value (&fields[i], t)
                                            : g_strdup (_("(the server has no version)"));
      gboolean differs = !bansou_conflict_values_equal (mine, theirs, fields[i].key);

      gtk_grid_attach (self->compare_grid, grid_label (_(fields[i].title), differs ? "field-differs" : "field"),
                       0, row, 1, 1);
      attach_value (self, mine_text, 1, row, differs);
      attach_value (self, theirs_text, 2, row++, differs);
    }

  gtk_grid_attach (self->compare_grid, grid_label (_("Changed by"), "field"), 0, row, 1, 1);
  attach_value (self, mine_by && *mine_by ? mine_by : "—", 1, row, FALSE);
  attach_value (self, theirs_by && *theirs_by ? theirs_by : "—", 2, row++, FALSE);
  gtk_grid_attach (self->compare_grid, grid_label (_("Changed at"), "field"), 0, row, 1, 1);
  attach_value (self, mine_at && *mine_at ? mine_at : "—", 1, row, FALSE);
  attach_value (self, theirs_at && *theirs_at ? theirs_at : "—", 2, row++, FALSE);
}

static void
select_conflict (BansouSyncPage *self,
                 gint64          id)
{
  self->selected_conflict = id;
  show_conflict (self, selected_conflict (self));
  update_actions (self);
}

static void
load_conflicts (BansouSyncPage *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *keep = NULL;
  GtkWidget *child;
  guint n;

  conflicts = bansou_sync_list_conflicts (store (self), &error);
  if (conflicts == NULL)
    {
      g_warning ("Cannot read the conflicts: %s", error->message);
      conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_conflict_free);
    }
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  self->conflicts = g_steal_pointer (&conflicts);
  n = self->conflicts->len;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conflict_list))))
    gtk_list_box_remove (self->conflict_list, child);
  for (guint i = 0; i < n; i++)
    {
      const BansouConflict *c = g_ptr_array_index (self->conflicts, i);
      GtkWidget *row = create_conflict_row (self, c);

      gtk_list_box_append (self->conflict_list, row);
      if (c->id == self->selected_conflict)
        keep = GTK_LIST_BOX_ROW (row);
    }

  if (n > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (NULL, "%u conflict to resolve",
                                                             "%u conflicts to resolve", n), n);
      gtk_label_set_label (self->conflicts_title, title);
    }
  else
    gtk_label_set_label (self->conflicts_title, _("Conflicts"));
  gtk_stack_set_visible_child_name (self->conflict_stack, n > 0 ? "conflicts" : "none");

  {
    g_autofree char *count = bansou_format_count (n);
    gtk_label_set_label (self->conflicts_label, count);
  }
  if (n > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->conflicts_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->conflicts_label), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->review_button), n > 0);

  /* The same one stays selected; otherwise the oldest (row-selected
   * fills the comparison). */
  if (keep == NULL)
    keep = gtk_list_box_get_row_at_index (self->conflict_list, 0);
  if (keep != NULL)
    gtk_list_box_select_row (self->conflict_list, keep);
  else
    select_conflict (self, 0);

  update_badge (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONFLICTS]);
}

static void
conflict_row_selected_cb (BansouSyncPage *self,
                          GtkListBoxRow  *row,
                          GtkListBox     *list)
{
  gint64 *id = row ? g_object_get_data (G_OBJECT (row), "bansou-conflict-id") : NULL;

  select_conflict (self, id ? *id : 0);
}

/* Writes the choice; the local data and the outbox change, so every page
 * and the counts read again. */
static gboolean
resolve (BansouSyncPage       *self,
         BansouConflictChoice  choice,
         const char           *merged_json,
         GError              **error)
{
  const BansouConflict *c = selected_conflict (self);
  g_autoptr(GError) reload_error = NULL;

  if (c == NULL)
    return TRUE;
  if (!bansou_sync_resolve_conflict (store (self), c->id, choice, merged_json, error))
    return FALSE;

  if (!bansou_survey_reload (bansou_context_get_survey (self->context), &reload_error))
    g_warning ("Cannot read the survey again: %s", reload_error->message);

  self->selected_conflict = 0;
  refresh (self, FALSE);

  switch (choice)
    {
    case BANSOU_CONFLICT_MINE:
      show_toast (self, _("Your version is kept; it is sent at the next sync"));
      break;
    case BANSOU_CONFLICT_THEIRS:
      show_toast (self, _("The server’s version replaced yours"));
      break;
    case BANSOU_CONFLICT_MERGED:
    default:
      show_toast (self, _("The merged version is kept; it is sent at the next sync"));
      break;
    }
  return TRUE;
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BansouSyncPage *self = BANSOU_SYNC_PAGE (widget);
  const char *which = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (!resolve (self, g_str_equal (which, "theirs") ? BANSOU_CONFLICT_THEIRS : BANSOU_CONFLICT_MINE,
                NULL, &error))
    show_error_toast (self, error);
}

static void
merged_cb (BansouSyncPage    *self,
           const char        *json,
           BansouMergeDialog *dialog)
{
  g_autoptr(GError) error = NULL;

  if (!resolve (self, BANSOU_CONFLICT_MERGED, json, &error))
    {
      g_autofree char *text = bansou_ui_error_message (error);

      bansou_merge_dialog_set_error (dialog, text);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BansouSyncPage *self = BANSOU_SYNC_PAGE (widget);
  const BansouConflict *c = selected_conflict (self);
  g_autofree char *heading = NULL;
  g_autofree char *round = NULL;
  BansouMergeDialog *dialog;
  GtkRoot *root;

  if (c == NULL)
    return;
  if (self->merge_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->merge_dialog));
      return;
    }

  heading = conflict_heading (self, c);
  round = bansou_ui_round_short_label (c->round);
  dialog = bansou_merge_dialog_new (c->type, c->mine_json, c->theirs_json, heading, round);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "merged", G_CALLBACK (merged_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->merge_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
review_clicked_cb (BansouSyncPage *self,
                   GtkButton      *button)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  gtk_widget_grab_focus (GTK_WIDGET (self->conflict_list));
}

static void
back_clicked_cb (BansouSyncPage *self,
                 GtkButton      *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
leaflet_notify_folded_cb (BansouSyncPage *self,
                          GParamSpec     *pspec,
                          AdwLeaflet     *leaflet)
{
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), adw_leaflet_get_folded (leaflet));
}

/* ------------------------------------------------------------------------ */
/* Counts                                                                   */

static void
update_counts (BansouSyncPage *self)
{
  g_autofree char *last = bansou_sync_dup_last_sync (store (self));
  g_autofree char *pending = NULL;

  self->pending = bansou_sync_count_pending (store (self));
  pending = bansou_format_count (self->pending);
  gtk_label_set_label (self->pending_label, pending);

  if (last != NULL)
    {
      g_autofree char *when = bansou_conflict_format_time (last);
      gtk_label_set_label (self->last_label, when);
    }
  else
    gtk_label_set_label (self->last_label, _("Never"));
}

static void
refresh (BansouSyncPage *self,
         gboolean        alerts_toast)
{
  update_counts (self);
  load_conflicts (self);
  load_alerts (self, alerts_toast);
}

static gboolean
refresh_counts_cb (gpointer user_data)
{
  BansouSyncPage *self = user_data;

  self->refresh_source = 0;
  update_counts (self);
  return G_SOURCE_REMOVE;
}

/* An edit on any page adds to the outbox: count again once per burst. */
static void
schedule_refresh (BansouSyncPage *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_LOW, refresh_counts_cb, self, NULL);
}

static void
survey_changed_cb (BansouSyncPage *self)
{
  if (self->context != NULL)
    schedule_refresh (self);
}

/* ------------------------------------------------------------------------ */
/* Running a sync                                                           */

static gboolean
pulse_cb (gpointer user_data)
{
  BansouSyncPage *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
set_pulsing (BansouSyncPage *self,
             gboolean        pulsing)
{
  if (pulsing && self->pulse_source == 0)
    self->pulse_source = g_timeout_add (120, pulse_cb, self);
  else if (!pulsing)
    g_clear_handle_id (&self->pulse_source, g_source_remove);
}

static void
sync_progress_cb (BansouSyncPage *self,
                  const char     *phase,
                  guint           done,
                  guint           total,
                  BansouSync     *sync)
{
  g_autofree char *n = bansou_format_count (done);
  g_autofree char *text = NULL;

  if (g_strcmp0 (phase, "push") == 0 && total > 0)
    {
      g_autofree char *of = bansou_format_count (total);

      set_pulsing (self, FALSE);
      /* Translators: changes sent so far, and how many there are */
      text = g_strdup_printf (_("Sending changes: %s of %s"), n, of);
      gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
    }
  else if (g_strcmp0 (phase, "pull") == 0)
    {
      self->pulling = TRUE;
      if (total > 0)
        {
          g_autofree char *of = bansou_format_count (total);

          set_pulsing (self, FALSE);
          text = g_strdup_printf (_("Receiving changes: %s of %s"), n, of);
          gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
        }
      else
        {
          /* The feed does not say how much follows. */
          set_pulsing (self, TRUE);
          text = g_strdup_printf (_("Receiving changes: %s"), n);
        }
    }
  else
    text = g_strdup (_("Connecting…"));

  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BansouSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reload_error = NULL;
  BansouSyncStats stats = { 0 };
  gboolean ok;

  ok = bansou_sync_run_finish (BANSOU_SYNC (object), result, &stats, &error);

  /* The window was closed during the run: nothing left to show it on. */
  if (self->context == NULL)
    return;

  g_clear_object (&self->cancellable);
  set_pulsing (self, FALSE);
  set_busy (self, FALSE);

  /* Even a failed run may have pulled and written part of the feed. */
  if (ok || stats.pulled > 0 || self->pulling)
    if (!bansou_survey_reload (bansou_context_get_survey (self->context), &reload_error))
      g_warning ("Cannot read the survey again: %s", reload_error->message);

  refresh (self, TRUE);

  if (!ok)
    {
      if (g_error_matches (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, _("Sync cancelled; the next sync goes on from where this one stopped"));
      else
        show_error (self, error);
      return;
    }

  hide_error (self);

  /* Not an error, but nothing may look sent that was not. */
  /* Demo rounds: kept from any server but a demo server (issue 10). */
  if (stats.demo_held > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (NULL, "%u demo record is sent to no server but a demo server",
                                      "%u demo records are sent to no server but a demo server", stats.demo_held),
                         stats.demo_held);
      show_toast (self, message);
    }
  if (stats.held > stats.demo_held)
    {
      guint waiting = stats.held - stats.demo_held;
      g_autofree char *message =
        g_strdup_printf (g_dngettext (NULL, "%u change waits: its round is not on the server yet",
                                      "%u changes wait: their round is not on the server yet", waiting),
                         waiting);
      show_toast (self, message);
    }

  if (stats.conflicts > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (NULL, "Synced; %u conflict needs your choice",
                                      "Synced; %u conflicts need your choice", stats.conflicts),
                         stats.conflicts);
      show_toast (self, message);
      adw_leaflet_set_visible_child (self->leaflet, self->content);
    }
  else if (stats.pushed == 0 && stats.pulled == 0)
    show_toast (self, _("Synced; already up to date"));
  else
    {
      g_autofree char *sent = bansou_format_count (stats.pushed);
      g_autofree char *received = bansou_format_count (stats.pulled);
      /* Translators: changes sent, changes received */
      g_autofree char *message = g_strdup_printf (_("Synced: %s sent, %s received"), sent, received);

      show_toast (self, message);
    }
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
      g_autofree char *message = validate_url (gtk_editable_get_text (GTK_EDITABLE (row)), NULL);
      set_settings_error (self, message);
    }
  set_row_invalid (GTK_WIDGET (row), FALSE);
}

static void
url_apply_cb (BansouSyncPage *self,
              AdwEntryRow    *row)
{
  g_autofree char *url = NULL;
  g_autofree char *message = validate_url (gtk_editable_get_text (GTK_EDITABLE (row)), &url);
  g_autoptr(GError) error = NULL;

  set_settings_error (self, message);
  if (message != NULL)
    {
      set_row_invalid (GTK_WIDGET (row), TRUE);
      return;
    }

  if (!bansou_store_set_setting (store (self), "sync-url", url, &error))
    {
      show_error_toast (self, error);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (row), url);

  /* A changed address (a typo fixed, the server moved) keeps the token in
   * the field; one the keyring holds for the new address replaces it only
   * if the field still shows the old address's remembered token. */
  if (g_strcmp0 (url, self->stored_url) != 0)
    lookup_token (self, url);
}

static void
token_changed_cb (BansouSyncPage      *self,
                  AdwPasswordEntryRow *row)
{
  set_row_invalid (GTK_WIDGET (row), FALSE);
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
  update_remember_row (self);

  /* Turning it off takes a remembered token out of the keyring now. */
  if (*token != '\0' && validate_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), &url) == NULL)
    keep_token (self, url, token);
}

static void
tokens_notify_keyring_available_cb (BansouSyncPage   *self,
                                    GParamSpec       *pspec,
                                    BansouTokenStore *tokens)
{
  update_remember_row (self);
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

  if (!set_ca_file (self, NULL, &error))
    show_error_toast (self, error);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  bansou_sync_page_sync (BANSOU_SYNC_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BansouSyncPage *self = BANSOU_SYNC_PAGE (widget);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
    }
}

/* ------------------------------------------------------------------------ */

static void
bansou_sync_page_constructed (GObject *object)
{
  BansouSyncPage *self = (BansouSyncPage *)object;
  BansouSurvey *survey;
  g_autofree char *url = NULL;
  g_autofree char *ca = NULL;

  G_OBJECT_CLASS (bansou_sync_page_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));

  self->sync = bansou_sync_new (bansou_store_get_path (store (self)));
  g_signal_connect_object (self->sync, "progress", G_CALLBACK (sync_progress_cb), self, G_CONNECT_SWAPPED);

  if ((survey = bansou_context_get_survey (self->context)))
    {
      g_signal_connect_object (survey, "answer-changed", G_CALLBACK (survey_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (survey, "progress-changed", G_CALLBACK (survey_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (survey, "answers-reloaded", G_CALLBACK (survey_changed_cb), self, G_CONNECT_SWAPPED);
    }

  /* No keyring traffic for a desk that never synced: the first token
   * given tells whether a keyring runs. */
  url = bansou_store_get_setting (store (self), "sync-url");
  if (url != NULL && *url)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
      lookup_token (self, url);
    }

  ca = bansou_store_get_setting (store (self), "sync-ca-file");
  self->ca_file = ca && *ca ? g_steal_pointer (&ca) : NULL;
  update_ca_row (self);
  update_remember_row (self);

  refresh (self, FALSE);
  update_actions (self);
}

static void
bansou_sync_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (bansou_sync_page_parent_class)->root (widget);

  /* Now in the window's stack: the tab can show the conflicts. */
  update_badge (BANSOU_SYNC_PAGE (widget));
}

static void
bansou_sync_page_dispose (GObject *object)
{
  BansouSyncPage *self = (BansouSyncPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (self->merge_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->merge_dialog));
  g_clear_weak_pointer (&self->merge_dialog);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), BANSOU_TYPE_SYNC_PAGE);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->column_group);
  g_clear_object (&self->sync);
  g_clear_object (&self->tokens);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_sync_page_parent_class)->dispose (object);
}

static void
bansou_sync_page_finalize (GObject *object)
{
  BansouSyncPage *self = (BansouSyncPage *)object;

  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->stored_url, g_free);
  if (self->stored_token != NULL)
    memset (self->stored_token, 0, strlen (self->stored_token));
  g_clear_pointer (&self->stored_token, g_free);

  G_OBJECT_CLASS (bansou_sync_page_parent_class)->finalize (object);
}

static void
bansou_sync_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BansouSyncPage *self = BANSOU_SYNC_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_N_CONFLICTS:
      g_value_set_uint (value, bansou_sync_page_get_n_conflicts (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_sync_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BansouSyncPage *self = BANSOU_SYNC_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_sync_page_class_init (BansouSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bansou_sync_page_constructed;
  object_class->dispose = bansou_sync_page_dispose;
  object_class->finalize = bansou_sync_page_finalize;
  object_class->get_property = bansou_sync_page_get_property;
  object_class->set_property = bansou_sync_page_set_property;

  widget_class->root = bansou_sync_page_root;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CONFLICTS] =
    g_param_spec_uint ("n-conflicts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, error_icon);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, error_title);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, error_button);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, server_group);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, token_row);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, remember_row);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, ca_row);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, ca_choose_button);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, url_error_label);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, last_row);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, last_label);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, conflicts_row);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, conflicts_label);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, review_button);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, alerts_group);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, alerts_list);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, content);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, conflicts_title);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, conflict_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, conflict_list);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, compare_grid);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, merge_button);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, keep_mine_button);
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, take_theirs_button);
  gtk_widget_class_bind_template_callback (widget_class, error_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_dismiss_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, remember_notify_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, review_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, conflict_row_selected_cb);

  gtk_widget_class_install_action (widget_class, "sync.now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "sync.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "sync.resolve", "s", resolve_action);
  gtk_widget_class_install_action (widget_class, "sync.merge", NULL, merge_action);
}

static void
bansou_sync_page_init (BansouSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->error_code = -1;
  self->stored_remember = TRUE;
  self->remember_wanted = TRUE;
  self->tokens = g_object_ref (bansou_token_store_get_default ());

  g_signal_connect_object (self->tokens, "notify::keyring-available",
                           G_CALLBACK (tokens_notify_keyring_available_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (leaflet_notify_folded_cb), self, G_CONNECT_SWAPPED);
  leaflet_notify_folded_cb (self, NULL, self->leaflet);
}

/* ------------------------------------------------------------------------ */

GtkWidget *
bansou_sync_page_new (BansouContext *context)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (context), NULL);

  return g_object_new (BANSOU_TYPE_SYNC_PAGE, "context", context, NULL);
}

BansouContext *
bansou_sync_page_get_context (BansouSyncPage *self)
{
  g_return_val_if_fail (BANSOU_IS_SYNC_PAGE (self), NULL);
  return self->context;
}

gboolean
bansou_sync_page_get_busy (BansouSyncPage *self)
{
  g_return_val_if_fail (BANSOU_IS_SYNC_PAGE (self), FALSE);
  return self->busy;
}

guint
bansou_sync_page_get_n_conflicts (BansouSyncPage *self)
{
  g_return_val_if_fail (BANSOU_IS_SYNC_PAGE (self), 0);
  return self->conflicts ? self->conflicts->len : 0;
}

/**
 * bansou_sync_page_sync:
 *
 * What "Sync Now" does: checks the address and the token, keeps them,
 * and runs a sync unless one is running.
 */
void
bansou_sync_page_sync (BansouSyncPage *self)
{
  g_autofree char *url = NULL;
  g_autofree char *message = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BANSOU_IS_SYNC_PAGE (self));

  if (self->busy)
    return;

  if ((message = validate_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), &url)))
    {
      set_settings_error (self, message);
      set_row_invalid (GTK_WIDGET (self->url_row), TRUE);
      focus_row (self, GTK_WIDGET (self->url_row));
      return;
    }

  token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));
  if (*token == '\0')
    {
      set_settings_error (self, _("Enter the token the server’s administrator gave you"));
      set_row_invalid (GTK_WIDGET (self->token_row), TRUE);
      focus_row (self, GTK_WIDGET (self->token_row));
      memset (token, 0, strlen (token));
      return;
    }
  set_settings_error (self, NULL);

  if (!bansou_store_set_setting (store (self), "sync-url", url, &error))
    {
      show_error_toast (self, error);
      return;
    }
  if (g_strcmp0 (url, gtk_editable_get_text (GTK_EDITABLE (self->url_row))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  keep_token (self, url, token);

  hide_error (self);
  self->pulling = FALSE;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Connecting…"));
  set_pulsing (self, TRUE);
  set_busy (self, TRUE);

  bansou_sync_set_server (self->sync, url, token, self->ca_file);
  memset (token, 0, strlen (token));

  self->cancellable = g_cancellable_new ();
  bansou_sync_run_async (self->sync, self->cancellable, sync_done_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* For the tests                                                            */

GtkWidget *
_bansou_sync_page_get_widget (BansouSyncPage       *self,
                              BansouSyncPageWidget  which)
{
  switch (which)
    {
    case BANSOU_SYNC_PAGE_WIDGET_URL: return GTK_WIDGET (self->url_row);
    case BANSOU_SYNC_PAGE_WIDGET_TOKEN: return GTK_WIDGET (self->token_row);
    case BANSOU_SYNC_PAGE_WIDGET_REMEMBER: return GTK_WIDGET (self->remember_switch);
    case BANSOU_SYNC_PAGE_WIDGET_REMEMBER_ROW: return GTK_WIDGET (self->remember_row);
    case BANSOU_SYNC_PAGE_WIDGET_CA_ROW: return GTK_WIDGET (self->ca_row);
    case BANSOU_SYNC_PAGE_WIDGET_SYNC: return GTK_WIDGET (self->sync_button);
    case BANSOU_SYNC_PAGE_WIDGET_CANCEL: return GTK_WIDGET (self->cancel_button);
    case BANSOU_SYNC_PAGE_WIDGET_PROGRESS: return GTK_WIDGET (self->progress_bar);
    case BANSOU_SYNC_PAGE_WIDGET_PENDING: return GTK_WIDGET (self->pending_label);
    case BANSOU_SYNC_PAGE_WIDGET_LAST: return GTK_WIDGET (self->last_label);
    case BANSOU_SYNC_PAGE_WIDGET_URL_ERROR: return GTK_WIDGET (self->url_error_label);
    case BANSOU_SYNC_PAGE_WIDGET_ERROR_REVEALER: return GTK_WIDGET (self->error_revealer);
    case BANSOU_SYNC_PAGE_WIDGET_ERROR_TITLE: return GTK_WIDGET (self->error_title);
    case BANSOU_SYNC_PAGE_WIDGET_ERROR_LABEL: return GTK_WIDGET (self->error_label);
    case BANSOU_SYNC_PAGE_WIDGET_CONFLICT_LIST: return GTK_WIDGET (self->conflict_list);
    case BANSOU_SYNC_PAGE_WIDGET_KEEP_MINE: return GTK_WIDGET (self->keep_mine_button);
    case BANSOU_SYNC_PAGE_WIDGET_TAKE_THEIRS: return GTK_WIDGET (self->take_theirs_button);
    case BANSOU_SYNC_PAGE_WIDGET_MERGE: return GTK_WIDGET (self->merge_button);
    case BANSOU_SYNC_PAGE_WIDGET_ALERTS: return GTK_WIDGET (self->alerts_list);
    default: g_return_val_if_reached (NULL);
    }
}

/* The file chooser cannot be driven from a test: this is what accepting
 * a file in it does. */
void
_bansou_sync_page_set_ca_file (BansouSyncPage *self,
                               const char     *path)
{
  g_autoptr(GError) error = NULL;

  if (!set_ca_file (self, path, &error))
    show_error_toast (self, error);
}

guint
_bansou_sync_page_get_pending (BansouSyncPage *self)
{
  return self->pending;
}

gint64
_bansou_sync_page_get_selected_conflict (BansouSyncPage *self)
{
  return self->selected_conflict;
}

/* Returns: (transfer full): the texts of one column of the comparison,
 * one per line, top to bottom */
char *
_bansou_sync_page_dup_column_text (BansouSyncPage *self,
                                   gboolean        theirs)
{
  GString *out = g_string_new (NULL);

  for (int row = 0; ; row++)
    {
      GtkWidget *label = gtk_grid_get_child_at (self->compare_grid, theirs ? 2 : 1, row);

      if (label == NULL && gtk_grid_get_child_at (self->compare_grid, 0, row) == NULL)
        break;
      if (GTK_IS_LABEL (label))
        g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (label)));
    }
  return g_string_free (out, FALSE);
}

BansouMergeDialog *
_bansou_sync_page_get_merge_dialog (BansouSyncPage *self)
{
  return self->merge_dialog;
}

guint
_bansou_sync_page_get_n_alerts (BansouSyncPage *self)
{
  return self->n_alerts;
}
