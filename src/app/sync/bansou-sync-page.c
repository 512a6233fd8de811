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


G_DEFINE_FINAL_TYPE (BansouSyncPage, bansou_sync_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BUSY,
  PROP_N_CONFLICTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

void
_bansou_sync_page_notify_n_conflicts (BansouSyncPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONFLICTS]);
}

BansouStore *
_bansou_sync_page_store (BansouSyncPage *self)
{
  return bansou_context_get_store (self->context);
}

/* Toasts take markup: alert titles and error messages must not. */
void
_bansou_sync_page_show_toast (BansouSyncPage *self,
                              const char     *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  bansou_show_message (GTK_WIDGET (self), escaped);
}

/* An error from the core, in words for a person (bansou_ui_error_message). */
void
_bansou_sync_page_show_error_toast (BansouSyncPage *self,
                                    const GError   *error)
{
  g_autofree char *message = bansou_ui_error_message (error);

  _bansou_sync_page_show_toast (self, message);
}

const BansouConflict *
_bansou_sync_page_selected_conflict (BansouSyncPage *self)
{
  for (guint i = 0; self->conflicts && i < self->conflicts->len; i++)
    {
      const BansouConflict *c = g_ptr_array_index (self->conflicts, i);

      if (c->id == self->selected_conflict)
        return c;
    }
  return NULL;
}

void
_bansou_sync_page_update_actions (BansouSyncPage *self)
{
  gboolean have_conflict = _bansou_sync_page_selected_conflict (self) != NULL;

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
  _bansou_sync_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The page's tab in the view switcher shows the open conflicts. */
void
_bansou_sync_page_update_badge (BansouSyncPage *self)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_VIEW_STACK);
  GtkWidget *child = GTK_WIDGET (self);
  AdwViewStackPage *page;
  guint n = self->conflicts ? self->conflicts->len : 0;

  if (stack == NULL)
    return;
  /* the window puts each page in a slot of its own */
  while (gtk_widget_get_parent (child) != stack)
    child = gtk_widget_get_parent (child);
  page = adw_view_stack_get_page (ADW_VIEW_STACK (stack), child);
  adw_view_stack_page_set_badge_number (page, n);
  adw_view_stack_page_set_needs_attention (page, n > 0);
}

/* ------------------------------------------------------------------------ */
/* Counts                                                                   */

static void
update_counts (BansouSyncPage *self)
{
  g_autofree char *last = bansou_sync_dup_last_sync (_bansou_sync_page_store (self));
  g_autofree char *pending = NULL;

  self->pending = bansou_sync_count_pending (_bansou_sync_page_store (self));
  pending = bansou_format_count (self->pending);
  gtk_label_set_label (self->pending_label, pending);

  if (last != NULL)
    {
      g_autofree char *when = bansou_conflict_format_time (last);
      gtk_label_set_label (self->last_label, when);
    }
  else
    gtk_label_set_label (self->last_label, _("Never"));

  /* Records the sync passed over (issue 9): kept aside, never silent. */
  {
    g_autofree char *keys = NULL;
    guint n = bansou_sync_count_quarantined (_bansou_sync_page_store (self), &keys);

    gtk_widget_set_visible (GTK_WIDGET (self->quarantine_row), n > 0);
    if (n > 0)
      {
        g_autofree char *title =
          g_strdup_printf (g_dngettext (NULL, "%u record received from the server could not be read; "
                                              "the sync passed over it and went on",
                                        "%u records received from the server could not be read; "
                                        "the sync passed over them and went on", n), n);
        g_auto(GStrv) lines = g_strsplit (keys ? keys : "", "\n", -1);
        g_autofree char *escaped = NULL;

        /* "answer 2026-10-31/342025/org.…": the key says which record; the
         * type is the program's word, not the user's. */
        for (guint i = 0; lines[i]; i++)
          {
            const char *space = strchr (lines[i], ' ');

            if (space != NULL)
              memmove (lines[i], space + 1, strlen (space + 1) + 1);
          }
        {
          g_autofree char *joined = g_strjoinv ("\n", lines);
          escaped = g_markup_escape_text (joined, -1);
        }

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->quarantine_row), title);
        adw_action_row_set_subtitle (self->quarantine_row, escaped);
      }
  }
}

void
_bansou_sync_page_refresh (BansouSyncPage *self,
                           gboolean        alerts_toast)
{
  update_counts (self);
  _bansou_sync_page_load_conflicts (self);
  _bansou_sync_page_load_alerts (self, alerts_toast);
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

  _bansou_sync_page_refresh (self, TRUE);

  if (!ok)
    {
      if (g_error_matches (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _bansou_sync_page_show_toast (self, _("Sync cancelled; the next sync goes on from where this one stopped"));
      else
        _bansou_sync_page_show_error (self, error);
      return;
    }

  _bansou_sync_page_hide_error (self);

  /* Not an error, but nothing may look sent that was not. */
  /* Demo rounds: kept from any server but a demo server (issue 10). */
  if (stats.demo_held > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (NULL, "%u demo record is sent to no server but a demo server",
                                      "%u demo records are sent to no server but a demo server", stats.demo_held),
                         stats.demo_held);
      _bansou_sync_page_show_toast (self, message);
    }
  if (stats.held > stats.demo_held)
    {
      guint waiting = stats.held - stats.demo_held;
      g_autofree char *message =
        g_strdup_printf (g_dngettext (NULL, "%u change waits: its round is not on the server yet",
                                      "%u changes wait: their round is not on the server yet", waiting),
                         waiting);
      _bansou_sync_page_show_toast (self, message);
    }

  if (stats.conflicts > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (NULL, "Synced; %u conflict needs your choice",
                                      "Synced; %u conflicts need your choice", stats.conflicts),
                         stats.conflicts);
      _bansou_sync_page_show_toast (self, message);
      adw_leaflet_set_visible_child (self->leaflet, self->content);
    }
  else if (stats.pushed == 0 && stats.pulled == 0)
    _bansou_sync_page_show_toast (self, _("Synced; already up to date"));
  else
    {
      g_autofree char *sent = bansou_format_count (stats.pushed);
      g_autofree char *received = bansou_format_count (stats.pulled);
      /* Translators: changes sent, changes received */
      g_autofree char *message = g_strdup_printf (_("Synced: %s sent, %s received"), sent, received);

      _bansou_sync_page_show_toast (self, message);
    }
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

  self->sync = bansou_sync_new (bansou_store_get_path (_bansou_sync_page_store (self)));
  g_signal_connect_object (self->sync, "progress", G_CALLBACK (sync_progress_cb), self, G_CONNECT_SWAPPED);

  if ((survey = bansou_context_get_survey (self->context)))
    {
      g_signal_connect_object (survey, "answer-changed", G_CALLBACK (survey_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (survey, "progress-changed", G_CALLBACK (survey_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (survey, "answers-reloaded", G_CALLBACK (survey_changed_cb), self, G_CONNECT_SWAPPED);
    }

  /* No keyring traffic for a desk that never synced: the first token
   * given tells whether a keyring runs. */
  url = bansou_store_get_setting (_bansou_sync_page_store (self), "sync-url");
  if (url != NULL && *url)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
      _bansou_sync_page_lookup_token (self, url);
    }

  ca = bansou_store_get_setting (_bansou_sync_page_store (self), "sync-ca-file");
  self->ca_file = ca && *ca ? g_steal_pointer (&ca) : NULL;
  _bansou_sync_page_update_ca_row (self);
  _bansou_sync_page_update_remember_row (self);

  _bansou_sync_page_refresh (self, FALSE);
  _bansou_sync_page_update_actions (self);
}

static void
bansou_sync_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (bansou_sync_page_parent_class)->root (widget);

  /* Now in the window's stack: the tab can show the conflicts. */
  _bansou_sync_page_update_badge (BANSOU_SYNC_PAGE (widget));
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
  gtk_widget_class_bind_template_child (widget_class, BansouSyncPage, quarantine_row);
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

  _bansou_sync_page_alerts_class_init (widget_class);
  _bansou_sync_page_settings_class_init (widget_class);

  gtk_widget_class_install_action (widget_class, "sync.now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "sync.cancel", NULL, cancel_action);
  _bansou_sync_page_conflicts_class_init (widget_class);
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
                           G_CALLBACK (_bansou_sync_page_tokens_notify_keyring_available_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (_bansou_sync_page_leaflet_notify_folded_cb), self, G_CONNECT_SWAPPED);
  _bansou_sync_page_leaflet_notify_folded_cb (self, NULL, self->leaflet);
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

  if ((message = _bansou_sync_page_validate_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), &url)))
    {
      _bansou_sync_page_set_settings_error (self, message);
      _bansou_sync_page_set_row_invalid (GTK_WIDGET (self->url_row), TRUE);
      _bansou_sync_page_focus_row (self, GTK_WIDGET (self->url_row));
      return;
    }

  token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));
  if (*token == '\0')
    {
      _bansou_sync_page_set_settings_error (self, _("Enter the token the server’s administrator gave you"));
      _bansou_sync_page_set_row_invalid (GTK_WIDGET (self->token_row), TRUE);
      _bansou_sync_page_focus_row (self, GTK_WIDGET (self->token_row));
      memset (token, 0, strlen (token));
      return;
    }
  _bansou_sync_page_set_settings_error (self, NULL);

  if (!bansou_store_set_setting (_bansou_sync_page_store (self), "sync-url", url, &error))
    {
      _bansou_sync_page_show_error_toast (self, error);
      return;
    }
  if (g_strcmp0 (url, gtk_editable_get_text (GTK_EDITABLE (self->url_row))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  _bansou_sync_page_keep_token (self, url, token);

  _bansou_sync_page_hide_error (self);
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

  if (!_bansou_sync_page_apply_ca_file (self, path, &error))
    _bansou_sync_page_show_error_toast (self, error);
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
