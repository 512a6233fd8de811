/* bansou-sync-page-alerts.c — 同期: the error banner and the alerts list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * What went wrong in the last run, with the one thing to do about it, and
 * the alerts the national desk sent.
 * Part of BansouSyncPage (bansou-sync-page.c); the instance struct is in
 * bansou-sync-page-private.h.
 */
#define G_LOG_DOMAIN "bansou-sync-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-conflict-util.h"
#include "bansou-consult.h"
#include "bansou-context.h"
#include "bansou-merge-dialog.h"
#include "bansou-sync-page.h"
#include "bansou-sync-page-private.h"
#include "bansou-token-store.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */

void
_bansou_sync_page_hide_error (BansouSyncPage *self)
{
  self->error_code = -1;
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

/* A title for what happened, and the one thing to do about it. */
void
_bansou_sync_page_show_error (BansouSyncPage *self,
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

void
_bansou_sync_page_focus_row (BansouSyncPage *self,
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
      _bansou_sync_page_focus_row (self, GTK_WIDGET (self->url_row));
      break;
    case BANSOU_SYNC_ERROR_TLS:
      gtk_widget_activate (GTK_WIDGET (self->ca_choose_button));
      break;
    case BANSOU_SYNC_ERROR_UNAUTHORIZED:
    case BANSOU_SYNC_ERROR_FORBIDDEN:
      gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
      _bansou_sync_page_focus_row (self, GTK_WIDGET (self->token_row));
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
  _bansou_sync_page_hide_error (self);
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

/* The Q&A articles an alert is about (report 3(1)ア b: fast alerts and the
 * know-how behind them), as a line of titles; NULL when there are none. */
static char *
related_articles (BansouSyncPage    *self,
                  const BansouAlert *alert)
{
  BansouConsult *consult = bansou_context_get_consult (self->context);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GString) line = NULL;

  if (consult == NULL)
    return NULL;
  text = g_strdup_printf ("%s %s", alert->title ? alert->title : "", alert->message ? alert->message : "");
  hits = bansou_consult_suggest (consult, text, 3, NULL);
  if (hits == NULL || hits->len == 0)
    return NULL;
  line = g_string_new (NULL);
  for (guint i = 0; i < hits->len; i++)
    {
      const BansouSearchHit *hit = g_ptr_array_index (hits, i);

      if (line->len > 0)
        /* Translators: between the titles of a list */
        g_string_append (line, _(", "));
      g_string_append_printf (line, _("“%s”"), hit->title);
    }
  /* Translators: %s is a list of the titles of Q&A articles */
  return g_strdup_printf (_("Related articles: %s"), line->str);
}

static GtkWidget *
create_alert_row (BansouSyncPage    *self,
                  const BansouAlert *alert)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (alert->severity));
  g_autofree char *when = bansou_conflict_format_time (alert->created_at);
  g_autofree char *related = related_articles (self, alert);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), alert->title ? alert->title : "");
  if (related != NULL)
    subtitle = g_strdup_printf ("%s\n%s\n%s", alert->message ? alert->message : "", related, when);
  else
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
void
_bansou_sync_page_load_alerts (BansouSyncPage *self,
                               gboolean        toast)
{
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  gint64 newest = self->newest_alert;
  guint n_new = 0;
  const BansouAlert *first_new = NULL;

  alerts = bansou_sync_list_alerts (_bansou_sync_page_store (self), &error);
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

      gtk_list_box_append (self->alerts_list, create_alert_row (self, alert));
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
      _bansou_sync_page_show_toast (self, message);
    }

  self->newest_alert = newest;
  self->n_alerts = alerts->len;
}

/* ------------------------------------------------------------------------ */

void
_bansou_sync_page_alerts_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, error_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_dismiss_clicked_cb);
}
