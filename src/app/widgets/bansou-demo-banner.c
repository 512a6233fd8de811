/* bansou-demo-banner.c — the notice shown while demo data exists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * libadwaita 1.2 has no AdwBanner: a revealer at the top of the window
 * says that the answers are synthetic for as long as any demo round
 * exists, and offers to remove them.
 *
 * Loading demo data writes some 100,000 rows for a national desk (about a
 * second here): it runs in a thread on a second connection to the same
 * database file, as sqlite connections are not shared between threads
 * here, and the survey of the window reads the rounds again once it is
 * done.
 */
#define G_LOG_DOMAIN "bansou-demo-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-demo-banner.h"
#include "bansou-window.h"

#define DEMO_ROUNDS 3
#define DEMO_SEED   1

struct _BansouDemoBanner
{
  AdwBin          parent_instance;

  BansouContext  *context;
  GCancellable   *cancellable;
  guint           pulse_source;
  gboolean        busy;

  /* Template widgets */
  GtkRevealer    *revealer;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  GtkLabel       *busy_label;
  GtkProgressBar *progress_bar;
};

G_DEFINE_FINAL_TYPE (BansouDemoBanner, bansou_demo_banner, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char *path;
  char *actor;
  char *scope;
} LoadData;

/* ------------------------------------------------------------------------ */

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data->actor);
  g_free (data->scope);
  g_free (data);
}

static void
update (BansouDemoBanner *self)
{
  gboolean demo = !self->busy && bansou_demo_exists (bansou_context_get_store (self->context));

  gtk_stack_set_visible_child_name (self->stack, self->busy ? "busy" : "demo");
  gtk_revealer_set_reveal_child (self->revealer, self->busy || demo);
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

static gboolean
pulse_cb (gpointer user_data)
{
  BansouDemoBanner *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
set_busy (BansouDemoBanner *self,
          const char       *message)
{
  self->busy = message != NULL;
  gtk_label_set_label (self->busy_label, message ? message : "");
  if (self->busy && self->pulse_source == 0)
    self->pulse_source = g_timeout_add (80, pulse_cb, self);
  else if (!self->busy)
    g_clear_handle_id (&self->pulse_source, g_source_remove);
  update (self);
}

/* Runs in a worker thread, on its own connection. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  GError *error = NULL;

  if (!(store = bansou_store_open (data->path, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  bansou_store_set_actor (store, data->actor);

  if (!(catalog = bansou_catalog_load_active (store, &error)) ||
      !bansou_demo_generate (store, catalog, data->scope, DEMO_ROUNDS, DEMO_SEED, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
bansou_demo_banner_load_finish (BansouDemoBanner *self,
                                GAsyncResult     *result)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Cancelled: the window closed while the thread ran. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, NULL);
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }

  set_busy (self, NULL);

  /* The rounds changed behind the survey's back: every page reloads from
   * its answers-reloaded signal. */
  if (!bansou_survey_reload (bansou_context_get_survey (self->context), &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  update (self);
  bansou_show_message (GTK_WIDGET (self), _("Demo data loaded: three survey rounds of synthetic answers"));
}

static void
load_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  bansou_demo_banner_load_finish (BANSOU_DEMO_BANNER (source), result);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    BansouDemoBanner *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;

  if (!bansou_demo_remove (bansou_context_get_store (self->context), &error) ||
      !bansou_survey_reload (bansou_context_get_survey (self->context), &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  update (self);
  bansou_show_message (GTK_WIDGET (self), _("Demo data removed"));
}

static void
remove_clicked_cb (BansouDemoBanner *self)
{
  bansou_demo_banner_remove (self);
}

static void
answers_reloaded_cb (BansouDemoBanner *self)
{
  if (!self->busy)
    update (self);
}

/* ------------------------------------------------------------------------ */

static void
bansou_demo_banner_constructed (GObject *object)
{
  BansouDemoBanner *self = (BansouDemoBanner *)object;

  G_OBJECT_CLASS (bansou_demo_banner_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));

  g_signal_connect_object (bansou_context_get_survey (self->context), "answers-reloaded",
                           G_CALLBACK (answers_reloaded_cb), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
bansou_demo_banner_dispose (GObject *object)
{
  BansouDemoBanner *self = (BansouDemoBanner *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_demo_banner_parent_class)->dispose (object);
}

static void
bansou_demo_banner_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BansouDemoBanner *self = BANSOU_DEMO_BANNER (object);

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
bansou_demo_banner_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BansouDemoBanner *self = BANSOU_DEMO_BANNER (object);

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
bansou_demo_banner_class_init (BansouDemoBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bansou_demo_banner_constructed;
  object_class->dispose = bansou_demo_banner_dispose;
  object_class->get_property = bansou_demo_banner_get_property;
  object_class->set_property = bansou_demo_banner_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-demo-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouDemoBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, BansouDemoBanner, stack);
  gtk_widget_class_bind_template_child (widget_class, BansouDemoBanner, spinner);
  gtk_widget_class_bind_template_child (widget_class, BansouDemoBanner, busy_label);
  gtk_widget_class_bind_template_child (widget_class, BansouDemoBanner, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
bansou_demo_banner_init (BansouDemoBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* ------------------------------------------------------------------------ */

GtkWidget *
bansou_demo_banner_new (BansouContext *context)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (context), NULL);

  return g_object_new (BANSOU_TYPE_DEMO_BANNER, "context", context, NULL);
}

/**
 * bansou_demo_banner_load:
 *
 * Fills three demo rounds (seed 1) for the desk's scope in a thread,
 * showing progress in the banner, then has the survey read them.
 */
void
bansou_demo_banner_load (BansouDemoBanner *self)
{
  g_autoptr(GTask) task = NULL;
  BansouStore *store;
  LoadData *data;

  g_return_if_fail (BANSOU_IS_DEMO_BANNER (self));

  if (self->busy)
    return;
  if (bansou_context_get_scope (self->context) == NULL)
    {
      bansou_show_message (GTK_WIDGET (self), _("Choose the prefecture first: demo data is made for its bodies"));
      return;
    }

  store = bansou_context_get_store (self->context);
  data = g_new0 (LoadData, 1);
  data->path = g_strdup (bansou_store_get_path (store));
  data->actor = g_strdup (bansou_store_get_actor (store));
  data->scope = g_strdup (bansou_context_get_scope (self->context));

  set_busy (self, bansou_context_is_national (self->context)
                  ? _("Generating demo data for the whole nation…")
                  : _("Generating demo data…"));

  task = g_task_new (self, self->cancellable, load_ready_cb, NULL);
  g_task_set_source_tag (task, bansou_demo_banner_load);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * bansou_demo_banner_remove:
 *
 * Asks, then removes every demo round.
 */
void
bansou_demo_banner_remove (BansouDemoBanner *self)
{
  GtkWidget *dialog;

  g_return_if_fail (BANSOU_IS_DEMO_BANNER (self));

  if (self->busy)
    return;
  if (!bansou_demo_exists (bansou_context_get_store (self->context)))
    {
      bansou_show_message (GTK_WIDGET (self), _("There is no demo data"));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Remove Demo Data?"),
                                   _("Every demo round is deleted with its answers and progress. "
                                     "Real rounds are not touched."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
bansou_demo_banner_get_busy (BansouDemoBanner *self)
{
  g_return_val_if_fail (BANSOU_IS_DEMO_BANNER (self), FALSE);
  return self->busy;
}

gboolean
bansou_demo_banner_get_shown (BansouDemoBanner *self)
{
  g_return_val_if_fail (BANSOU_IS_DEMO_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}
