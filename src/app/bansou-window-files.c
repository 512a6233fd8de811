/* bansou-window-files.c — the window's file actions: answers in, bodies out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * win.import-answers opens the import dialog (bansou-import-dialog.c);
 * win.export-bodies saves the desk's body list as CSV for Excel.
 */
#define G_LOG_DOMAIN "bansou-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-import-dialog.h"
#include "bansou-window.h"
#include "bansou-window-private.h"

/**
 * _bansou_window_export_bodies:
 * @path: the CSV file to write
 *
 * What "Export Body List…" does after the file chooser: the bodies of the
 * desk's scope (bansou_registry_export_csv()).
 */
gboolean
_bansou_window_export_bodies (BansouWindow  *self,
                              const char    *path,
                              GError       **error)
{
  BansouContext *context = bansou_window_get_context (self);
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(GBytes) csv = NULL;

  bodies = bansou_registry_list (bansou_context_get_registry (context), bansou_context_get_scope (context),
                                 BANSOU_LIST_DEFAULT, error);
  if (bodies == NULL)
    return FALSE;
  csv = bansou_registry_export_csv (bodies);
  return g_file_set_contents (path, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), error);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    BansouWindow    *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL)
    return;

  if (!(path = g_file_get_path (file)))
    {
      bansou_window_add_toast (self, _("Choose a file on this computer"));
      return;
    }
  if (!_bansou_window_export_bodies (self, path, &error))
    {
      g_warning ("Cannot write %s: %s", path, error->message);
      bansou_window_add_toast (self, _("The body list could not be saved: check that the folder exists "
                                       "and that you may write in it"));
    }
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      /* Translators: %s is a file name */
      g_autofree char *message = g_strdup_printf (_("Saved %s"), name);

      bansou_window_add_toast (self, message);
    }
}

static void
export_bodies_activated_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  BansouWindow *self = user_data;
  BansouContext *context = bansou_window_get_context (self);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *scope_name = bansou_context_dup_scope_name (context);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (bansou_context_get_scope (context) == NULL)
    {
      bansou_window_add_toast (self, _("Choose the prefecture this desk serves first"));
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Export Body List"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* Translators: the file name offered for the body list; %s is the prefecture */
  name = g_strdup_printf (_("%s-bodies.csv"), scope_name ? scope_name : "bansou");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  /* Kept until the next export or the window goes: the response comes later. */
  g_object_set_data_full (G_OBJECT (self), "bansou-export-chooser", chooser, g_object_unref);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_answers_activated_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  BansouWindow *self = user_data;
  GtkWidget *dialog = bansou_import_dialog_new (GTK_WINDOW (self), bansou_window_get_context (self));

  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry file_actions[] = {
  { "import-answers", import_answers_activated_cb },
  { "export-bodies", export_bodies_activated_cb },
};

void
_bansou_window_add_file_actions (BansouWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), file_actions, G_N_ELEMENTS (file_actions), self);
}
