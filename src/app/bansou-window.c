/* bansou-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-answers-page.h"
#include "bansou-bodies-page.h"
#include "bansou-consult-page.h"
#include "bansou-dispatch-page.h"
#include "bansou-demo-banner.h"
#include "bansou-heatmap-page.h"
#include "bansou-prefecture-dialog.h"
#include "bansou-progress-page.h"
#include "bansou-report-page.h"
#include "bansou-procurement-page.h"
#include "bansou-support-page.h"

#include "bansou-sync-page.h"
#include "bansou-trends-page.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"
#include "bansou-window-private.h"

#define N_PAGES 11 /* pages[] below */

struct _BansouWindow
{
  AdwApplicationWindow  parent_instance;

  BansouContext        *context;
  GtkWindow            *prefecture_dialog;  /* weak */
  gboolean              asked_for_scope;
  BansouDemoBanner     *demo_banner;
  char                 *last_toast;         /* for the tests */
  guint                 build_pages_id;
  guint                 n_built;    /* pages[] built so far, in order */
  GtkWidget            *slots[N_PAGES]; /* an AdwBin per tab, in the stack */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  GtkBox               *banner_box;
  AdwViewStack         *stack;
  AdwViewSwitcherBar   *switcher_bar;
};

G_DEFINE_FINAL_TYPE (BansouWindow, bansou_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The pages of the window, in order. A page is a widget with a
 * construct-only "context" property; one that supports searching installs
 * a "page.search" action. Add a page here once it works. */
static const struct {
  const char *name;
  const char *title;
  const char *icon_name;
  GType     (*get_type) (void);
} pages[] = {
  { "bodies", N_("Municipalities"), "mark-location-symbolic", bansou_bodies_page_get_type },
  { "progress", N_("Progress"), "view-list-bullet-symbolic", bansou_progress_page_get_type },
  { "answers", N_("Answers"), "document-edit-symbolic", bansou_answers_page_get_type },
  { "heatmap", N_("Heatmap"), "view-grid-symbolic", bansou_heatmap_page_get_type },
  { "trends", N_("Year over Year"), "x-office-presentation-symbolic", bansou_trends_page_get_type },
  { "dispatch", N_("Dispatch"), "x-office-calendar-symbolic", bansou_dispatch_page_get_type },
  { "procurement", N_("Joint Procurement"), "system-users-symbolic", bansou_procurement_page_get_type },
  { "consult", N_("Consultations"), "mail-unread-symbolic", bansou_consult_page_get_type },
  { "support", N_("Effect of Support"), "emblem-default-symbolic", bansou_support_page_get_type },
  { "report", N_("Report"), "printer-symbolic", bansou_report_page_get_type },
  { "sync", N_("Sync"), "emblem-synchronizing-symbolic", bansou_sync_page_get_type },
};
G_STATIC_ASSERT (G_N_ELEMENTS (pages) == N_PAGES);

/* ------------------------------------------------------------------------ */

/* The title says which desk (広島県, or 全国) and which database file is
 * open: a national desk and a prefecture's look alike otherwise, and staff
 * keep more than one file. */
static void
update_subtitle (BansouWindow *self)
{
  g_autofree char *name = bansou_context_dup_scope_name (self->context);
  const char *path = bansou_store_get_path (bansou_context_get_store (self->context));
  g_autofree char *file = path ? g_path_get_basename (path) : NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;

  if (name == NULL)
    name = g_strdup (_("No prefecture chosen"));
  if (file != NULL)
    /* TRANSLATORS: the desk and the database file, "広島県 · bansou.db" */
    subtitle = g_strdup_printf (_("%s · %s"), name, file);
  else
    subtitle = g_strdup (name);
  /* TRANSLATORS: the window title: the desk and file, then the app's name */
  title = g_strdup_printf (_("%s — Bansō"), subtitle);

  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
update_switcher_bar (BansouWindow *self)
{
  /* With one page there is nothing to switch between. */
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    G_N_ELEMENTS (pages) > 1 &&
                                    adw_view_switcher_title_get_title_visible (self->switcher_title));
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
context_notify_scope_cb (BansouWindow  *self,
                         GParamSpec    *pspec,
                         BansouContext *context)
{
  update_subtitle (self);
}

static void
switcher_title_notify_title_visible_cb (BansouWindow         *self,
                                        GParamSpec           *pspec,
                                        AdwViewSwitcherTitle *title)
{
  update_switcher_bar (self);
}

static gboolean
ask_for_scope_cb (gpointer user_data)
{
  BansouWindow *self = user_data;

  if (bansou_context_get_scope (self->context) == NULL)
    bansou_window_choose_prefecture (self, TRUE);

  return G_SOURCE_REMOVE;
}

static void
choose_prefecture_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  bansou_window_choose_prefecture (BANSOU_WINDOW (widget), FALSE);
}

/* ------------------------------------------------------------------------ */
/* Pages are built in order: the first before the window maps, the others
 * one per idle once it is on screen, or at once when asked for. Building
 * all of them before the first frame cost ~1.3 s on a nationwide desk.
 * Every tab is there from the first frame, each over an empty slot the
 * page is built into, so the switcher does not grow and change its
 * layout while the desk is already in use. */

static void
add_slots (BansouWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      AdwViewStackPage *stack_page;

      self->slots[i] = adw_bin_new ();
      stack_page = adw_view_stack_add_titled (self->stack, self->slots[i], pages[i].name, _(pages[i].title));
      adw_view_stack_page_set_icon_name (stack_page, pages[i].icon_name);
    }
}

static void
build_page (BansouWindow *self)
{
  GtkWidget *page = g_object_new (pages[self->n_built].get_type (), "context", self->context, NULL);

  adw_bin_set_child (ADW_BIN (self->slots[self->n_built]), page);
  self->n_built++;
}

static GtkWidget *
ensure_page (BansouWindow *self,
             const char   *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (pages); i++)
    if (g_str_equal (pages[i].name, name))
      {
        while (self->n_built <= i)
          build_page (self);
        return adw_bin_get_child (ADW_BIN (self->slots[i]));
      }
  return NULL;
}

static GtkWidget *
show_page (BansouWindow *self,
           const char   *name)
{
  GtkWidget *page = ensure_page (self, name);

  if (page != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
  return page;
}

/* The visible page, built if its tab was chosen before its turn came. */
static GtkWidget *
visible_page (BansouWindow *self)
{
  return ensure_page (self, adw_view_stack_get_visible_child_name (self->stack));
}

static void
visible_child_cb (BansouWindow *self)
{
  visible_page (self);
}

static gboolean
build_next_page_cb (gpointer user_data)
{
  BansouWindow *self = user_data;

  if (self->n_built < G_N_ELEMENTS (pages))
    build_page (self);
  if (self->n_built < G_N_ELEMENTS (pages))
    return G_SOURCE_CONTINUE;

  self->build_pages_id = 0;
  return G_SOURCE_REMOVE;
}

/* Ctrl+P from any page: the report page prints the report */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BansouWindow *self = BANSOU_WINDOW (widget);
  GtkWidget *page = show_page (self, "report");

  if (page == NULL)
    return;
  gtk_widget_activate_action (page, "report.print", NULL);
}

/* F5 from any page: the sync page syncs now */
static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BansouWindow *self = BANSOU_WINDOW (widget);
  GtkWidget *page = show_page (self, "sync");

  if (page == NULL)
    return;
  gtk_widget_activate_action (page, "sync.now", NULL);
}

/* Opens one answer in the answer editor: the heatmap's cells and the
 * progress list lead here. */
static void
show_answer (BansouWindow *self,
             const char   *round,
             const char   *body,
             const char   *question)
{
  GtkWidget *page = show_page (self, "answers");

  if (page == NULL)
    return;
  if (!bansou_answers_page_show_answer (BANSOU_ANSWERS_PAGE (page), round, body, question))
    bansou_window_add_toast (self, _("That answer cannot be shown: the round or the body is not in this desk’s scope"));
}

static void
show_answer_activated_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  const char *round, *body, *question;

  g_variant_get (parameter, "(&s&s&s)", &round, &body, &question);
  show_answer (BANSOU_WINDOW (user_data), round, body, question);
}

/* The heatmap activates this with (body, question) of the round it shows. */
static void
open_answer_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BansouWindow *self = BANSOU_WINDOW (widget);
  GtkWidget *heatmap = ensure_page (self, "heatmap");
  BansouHeatmapModel *model = heatmap ? bansou_heatmap_page_get_model (BANSOU_HEATMAP_PAGE (heatmap)) : NULL;
  const char *body, *question;

  g_variant_get (parameter, "(&s&s)", &body, &question);
  show_answer (self, model ? bansou_heatmap_model_get_round (model) : NULL, body, question);
}

static void
load_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  bansou_demo_banner_load (BANSOU_WINDOW (widget)->demo_banner);
}

static void
remove_demo_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  bansou_demo_banner_remove (BANSOU_WINDOW (widget)->demo_banner);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BansouWindow *self = BANSOU_WINDOW (widget);
  GtkWidget *page = visible_page (self);

  if (page != NULL)
    gtk_widget_activate_action (page, "page.search", NULL);
}

/* Ctrl+N from anywhere in the window: the visible page's "page.new", if
 * it has one (the 相談 page: a new consultation). */
static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BansouWindow *self = BANSOU_WINDOW (widget);
  GtkWidget *page = visible_page (self);

  if (page != NULL)
    gtk_widget_activate_action (page, "page.new", NULL);
}

/* ------------------------------------------------------------------------ */

static void
bansou_window_constructed (GObject *object)
{
  BansouWindow *self = (BansouWindow *)object;
  GSettings *settings;

  G_OBJECT_CLASS (bansou_window_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));

  add_slots (self);
  build_page (self);
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (visible_child_cb), self,
                           G_CONNECT_SWAPPED);
  _bansou_window_add_file_actions (self);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, G_N_ELEMENTS (pages) > 1);
  update_switcher_bar (self);

  self->demo_banner = BANSOU_DEMO_BANNER (bansou_demo_banner_new (self->context));
  bansou_window_add_banner (self, GTK_WIDGET (self->demo_banner));

  g_signal_connect_object (self->context, "notify::scope",
                           G_CALLBACK (context_notify_scope_cb), self, G_CONNECT_SWAPPED);
  update_subtitle (self);

  if ((settings = bansou_context_get_settings (self->context)))
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
}

static gboolean
bansou_window_close_request (GtkWindow *window)
{
  BansouWindow *self = BANSOU_WINDOW (window);
  GSettings *settings = bansou_context_get_settings (self->context);

  if (settings != NULL)
    {
      int width, height;

      /* The default size is the unmaximized one. */
      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (settings);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      g_settings_apply (settings);
    }

  return GTK_WINDOW_CLASS (bansou_window_parent_class)->close_request (window);
}

static void
bansou_window_map (GtkWidget *widget)
{
  BansouWindow *self = BANSOU_WINDOW (widget);

  GTK_WIDGET_CLASS (bansou_window_parent_class)->map (widget);

  if (self->build_pages_id == 0 && self->n_built < G_N_ELEMENTS (pages))
    self->build_pages_id = g_idle_add_full (G_PRIORITY_LOW, build_next_page_cb, self, NULL);

  /* A new database does not know whom it serves yet: ask once the window
   * is on screen, so the chooser has a parent to sit on. */
  if (!self->asked_for_scope && bansou_context_get_scope (self->context) == NULL)
    {
      self->asked_for_scope = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, ask_for_scope_cb,
                       g_object_ref (self), g_object_unref);
    }
}

static void
bansou_window_dispose (GObject *object)
{
  BansouWindow *self = (BansouWindow *)object;

  g_clear_weak_pointer (&self->prefecture_dialog);
  g_clear_handle_id (&self->build_pages_id, g_source_remove);
  g_clear_object (&self->context);

  g_clear_pointer (&self->last_toast, g_free);
  G_OBJECT_CLASS (bansou_window_parent_class)->dispose (object);
}

static void
bansou_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BansouWindow *self = BANSOU_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BansouWindow *self = BANSOU_WINDOW (object);

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
bansou_window_class_init (BansouWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = bansou_window_constructed;
  object_class->dispose = bansou_window_dispose;
  object_class->get_property = bansou_window_get_property;
  object_class->set_property = bansou_window_set_property;

  widget_class->map = bansou_window_map;

  window_class->close_request = bansou_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BansouWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, BansouWindow, banner_box);
  gtk_widget_class_bind_template_child (widget_class, BansouWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, BansouWindow, switcher_bar);
  gtk_widget_class_bind_template_callback (widget_class, switcher_title_notify_title_visible_cb);

  bansou_ui_init_tooltips ();

  gtk_widget_class_install_action (widget_class, "window.choose-prefecture", NULL, choose_prefecture_action);
  gtk_widget_class_install_action (widget_class, "window.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "window.search", NULL);
  gtk_widget_class_install_action (widget_class, "window.new", NULL, new_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "window.new", NULL);
  gtk_widget_class_install_action (widget_class, "window.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "window.print", NULL);
  gtk_widget_class_install_action (widget_class, "window.sync", NULL, sync_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "window.sync", NULL);
  gtk_widget_class_install_action (widget_class, "window.open-answer", "(ss)", open_answer_action);
  gtk_widget_class_install_action (widget_class, "window.load-demo", NULL, load_demo_action);
  gtk_widget_class_install_action (widget_class, "window.remove-demo", NULL, remove_demo_action);
}

static void
bansou_window_init (BansouWindow *self)
{
  static const GActionEntry actions[] = {
    { "show-answer", show_answer_activated_cb, "(sss)" },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_window_new:
 * @application: (nullable): the application
 * @context: what the pages work on
 *
 * Returns: (transfer none): a new window
 */
BansouWindow *
bansou_window_new (BansouApplication *application,
                   BansouContext     *context)
{
  g_return_val_if_fail (!application || BANSOU_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (BANSOU_IS_CONTEXT (context), NULL);

  return g_object_new (BANSOU_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

BansouContext *
bansou_window_get_context (BansouWindow *self)
{
  g_return_val_if_fail (BANSOU_IS_WINDOW (self), NULL);
  return self->context;
}

/**
 * bansou_window_add_banner:
 * @banner: a widget shown above the pages, e.g. a revealer with a notice
 */
void
bansou_window_add_banner (BansouWindow *self,
                          GtkWidget    *banner)
{
  g_return_if_fail (BANSOU_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (banner));

  gtk_box_append (self->banner_box, banner);
}

/**
 * bansou_window_choose_prefecture:
 * @required: %TRUE on first start: the window cannot be used without a
 *   choice, so the chooser offers to quit instead of cancelling
 */
void
bansou_window_choose_prefecture (BansouWindow *self,
                                 gboolean      required)
{
  BansouPrefectureDialog *dialog;

  g_return_if_fail (BANSOU_IS_WINDOW (self));

  if (self->prefecture_dialog != NULL)
    {
      gtk_window_present (self->prefecture_dialog);
      return;
    }

  dialog = bansou_prefecture_dialog_new (self->context, required);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_set_weak_pointer (&self->prefecture_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
bansou_window_add_toast (BansouWindow *self,
                         const char   *message)
{
  AdwToast *toast;

  g_return_if_fail (BANSOU_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * bansou_show_message:
 * @widget: any widget inside a #BansouWindow
 * @message: a sentence for the user
 *
 * Shows an error from the core as a toast on the window holding @widget,
 * so that no failure is only logged.
 */
void
bansou_show_message (GtkWidget  *widget,
                   const char *message)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root) && !BANSOU_IS_WINDOW (root))
    root = GTK_ROOT (gtk_window_get_transient_for (GTK_WINDOW (root)));

  if (BANSOU_IS_WINDOW (root))
    bansou_window_add_toast (BANSOU_WINDOW (root), message);
  else
    g_message ("%s", message);
}

/**
 * bansou_show_error:
 * @widget: any widget inside a #BansouWindow
 * @error: an error from the core
 *
 * Shows @error as a toast, in words for a person: see
 * bansou_ui_error_message(). Internal database text is only logged.
 */
void
bansou_show_error (GtkWidget    *widget,
                   const GError *error)
{
  g_autofree char *message = bansou_ui_error_message (error);
  /* Toasts take markup; a file name in the message must not be. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  bansou_show_message (widget, escaped);
}

/* ------------------------------------------------------------------------ */

const char *
_bansou_window_get_last_toast (BansouWindow *self)
{
  g_return_val_if_fail (BANSOU_IS_WINDOW (self), NULL);
  return self->last_toast;
}

GtkWidget *
_bansou_window_get_page (BansouWindow *self,
                         const char   *name)
{
  g_return_val_if_fail (BANSOU_IS_WINDOW (self), NULL);
  return ensure_page (self, name);
}

guint
_bansou_window_get_n_built (BansouWindow *self)
{
  g_return_val_if_fail (BANSOU_IS_WINDOW (self), 0);
  return self->n_built;
}

GtkWindow *
_bansou_window_get_prefecture_dialog (BansouWindow *self)
{
  g_return_val_if_fail (BANSOU_IS_WINDOW (self), NULL);
  return self->prefecture_dialog;
}
