/* bansou-sync-page-private.h — what the tests reach into
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-merge-dialog.h"
#include "bansou-sync-page.h"
#include "bansou-sync.h"
#include "bansou-token-store.h"

G_BEGIN_DECLS

typedef enum
{
  BANSOU_SYNC_PAGE_WIDGET_URL,
  BANSOU_SYNC_PAGE_WIDGET_TOKEN,
  BANSOU_SYNC_PAGE_WIDGET_REMEMBER,
  BANSOU_SYNC_PAGE_WIDGET_REMEMBER_ROW,
  BANSOU_SYNC_PAGE_WIDGET_CA_ROW,
  BANSOU_SYNC_PAGE_WIDGET_SYNC,
  BANSOU_SYNC_PAGE_WIDGET_CANCEL,
  BANSOU_SYNC_PAGE_WIDGET_PROGRESS,
  BANSOU_SYNC_PAGE_WIDGET_PENDING,
  BANSOU_SYNC_PAGE_WIDGET_LAST,
  BANSOU_SYNC_PAGE_WIDGET_URL_ERROR,
  BANSOU_SYNC_PAGE_WIDGET_ERROR_REVEALER,
  BANSOU_SYNC_PAGE_WIDGET_ERROR_TITLE,
  BANSOU_SYNC_PAGE_WIDGET_ERROR_LABEL,
  BANSOU_SYNC_PAGE_WIDGET_CONFLICT_LIST,
  BANSOU_SYNC_PAGE_WIDGET_KEEP_MINE,
  BANSOU_SYNC_PAGE_WIDGET_TAKE_THEIRS,
  BANSOU_SYNC_PAGE_WIDGET_MERGE,
  BANSOU_SYNC_PAGE_WIDGET_ALERTS,
} BansouSyncPageWidget;

GtkWidget         *_bansou_sync_page_get_widget        (BansouSyncPage       *self,
                                                        BansouSyncPageWidget  which);
void               _bansou_sync_page_set_ca_file       (BansouSyncPage       *self,
                                                        const char           *path);
guint              _bansou_sync_page_get_pending       (BansouSyncPage       *self);
gint64             _bansou_sync_page_get_selected_conflict (BansouSyncPage   *self);
char              *_bansou_sync_page_dup_column_text   (BansouSyncPage       *self,
                                                        gboolean              theirs);
BansouMergeDialog *_bansou_sync_page_get_merge_dialog  (BansouSyncPage       *self);
guint              _bansou_sync_page_get_n_alerts      (BansouSyncPage       *self);

/* The instance, shared by bansou-sync-page*.c */

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
  AdwActionRow          *quarantine_row;   /* records of the server that could not be read */
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

/* bansou-sync-page.c */
BansouStore *_bansou_sync_page_store (BansouSyncPage *self);
void _bansou_sync_page_show_toast (BansouSyncPage *self,
                                   const char     *message);
void _bansou_sync_page_show_error_toast (BansouSyncPage *self,
                                         const GError   *error);
const BansouConflict *_bansou_sync_page_selected_conflict (BansouSyncPage *self);
void _bansou_sync_page_update_actions (BansouSyncPage *self);
void _bansou_sync_page_update_badge (BansouSyncPage *self);
void _bansou_sync_page_refresh (BansouSyncPage *self,
                                gboolean        alerts_toast);
void _bansou_sync_page_notify_n_conflicts (BansouSyncPage *self);

/* bansou-sync-page-settings.c */
char *_bansou_sync_page_validate_url (const char  *text,
                                      char       **normalized);
void _bansou_sync_page_set_settings_error (BansouSyncPage *self,
                                           const char     *message);
void _bansou_sync_page_set_row_invalid (GtkWidget *row,
                                        gboolean   invalid);
void _bansou_sync_page_update_remember_row (BansouSyncPage *self);
void _bansou_sync_page_lookup_token (BansouSyncPage *self,
                                     const char     *url);
void _bansou_sync_page_keep_token (BansouSyncPage *self,
                                   const char     *url,
                                   const char     *token);
void _bansou_sync_page_update_ca_row (BansouSyncPage *self);
gboolean _bansou_sync_page_apply_ca_file (BansouSyncPage  *self,
                                          const char      *path,
                                          GError         **error);
void _bansou_sync_page_tokens_notify_keyring_available_cb (BansouSyncPage   *self,
                                                           GParamSpec       *pspec,
                                                           BansouTokenStore *tokens);
void _bansou_sync_page_settings_class_init (GtkWidgetClass *widget_class);

/* bansou-sync-page-alerts.c */
void _bansou_sync_page_hide_error (BansouSyncPage *self);
void _bansou_sync_page_show_error (BansouSyncPage *self,
                                   const GError   *error);
void _bansou_sync_page_focus_row (BansouSyncPage *self,
                                  GtkWidget      *row);
void _bansou_sync_page_load_alerts (BansouSyncPage *self,
                                    gboolean        toast);
void _bansou_sync_page_alerts_class_init (GtkWidgetClass *widget_class);

/* bansou-sync-page-conflicts.c */
void _bansou_sync_page_load_conflicts (BansouSyncPage *self);
void _bansou_sync_page_leaflet_notify_folded_cb (BansouSyncPage *self,
                                                 GParamSpec     *pspec,
                                                 AdwLeaflet     *leaflet);
void _bansou_sync_page_conflicts_class_init (GtkWidgetClass *widget_class);

G_END_DECLS
