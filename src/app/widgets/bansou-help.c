/* bansou-help.c — opening the user guide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The guide is Mallard under help/, installed as help:bansou and shown by
 * the desktop's help viewer (Yelp). Without one the user is told how to
 * get it rather than left with a key that does nothing.
 */
#define G_LOG_DOMAIN "bansou-help"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bansou-help.h"

static void
show_uri_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    return;

  g_message ("Cannot show the user guide: %s", error->message);
  dialog = adw_message_dialog_new (parent, _("The User Guide Cannot Be Shown"),
                                   _("No help viewer is installed. Install Yelp "
                                     "(the Debian package “yelp”) to read the guide, "
                                     "or read it online in the help/ folder of Bansō’s sources."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * bansou_show_help:
 * @parent: the window the guide is for
 * @page: (nullable): a page id of the guide, or %NULL for its front page
 *
 * Opens the user guide in the help viewer (F1, app.help).
 */
void
bansou_show_help (GtkWindow  *parent,
                  const char *page)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (GTK_IS_WINDOW (parent));

  uri = page ? g_strdup_printf ("help:bansou/%s", page) : g_strdup ("help:bansou");
  gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, show_uri_cb, g_object_ref (parent));
}
