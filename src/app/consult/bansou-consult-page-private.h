/* bansou-consult-page-private.h — shared by the files of the 相談 page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-consult-page.h"
#include "bansou-ticket-item.h"

G_BEGIN_DECLS

typedef enum
{
  QUEUE_OPEN,
  QUEUE_OVERDUE,
  QUEUE_ALL,
} QueueMode;

struct _BansouConsultPage
{
  AdwBin              parent_instance;

  BansouContext      *context;
  BansouConsult      *consult;

  GListStore         *tickets;        /* BansouTicketItem, every ticket, newest first */
  GHashTable         *by_id;          /* id → item (borrowed from tickets) */
  GtkCustomFilter    *filter;
  GtkCustomSorter    *sorter;
  guint               sort_column;    /* a TicketColumn */
  gboolean            sort_descending;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  QueueMode           mode;
  GHashTable         *overdue;        /* ids, while the overdue view is shown */
  GHashTable         *found;          /* ids of the search's tickets; NULL: no search */
  GPtrArray          *found_articles; /* BansouSearchHit of the search's articles */
  guint               search_id;
  guint               sla_tick_id;    /* while mapped: the queue's and the ticket view's SLAs each minute */
  gboolean            was_mapped;

  /* The ticket shown, read whole (thread, attachments). */
  BansouTicket       *ticket;
  gboolean            showing;        /* guards the field rows while they are filled */

  /* Ticket view widgets, made for each ticket shown */
  GtkLabel           *title_label;
  AdwActionRow       *sla_rows[2];    /* weak: first response, resolution; NULL when not shown */
  GtkLabel           *sla_labels[2];  /* weak */
  GtkFlowBox         *state_box;
  AdwEntryRow        *subject_row;
  GtkTextView        *description_view;
  AdwComboRow        *category_row;
  AdwComboRow        *priority_row;
  AdwComboRow        *channel_row;
  AdwEntryRow        *assignee_row;
  AdwEntryRow        *questions_row;
  GtkTextView        *compose_view;
  GtkDropDown        *compose_kind;
  GtkListBox         *attachments_list;
  GPtrArray          *articles;       /* BansouArticle shown in the article list */
  /* The national desk's view (bansou-consult-escalation.c); NULL on a prefecture's */
  GtkCheckButton     *national_waiting;
  GtkStack           *national_stack;
  GtkListBox         *national_list;
  GtkStack           *national_detail;
  GtkBox             *national_box;
  GtkTextView        *national_answer;
  char               *escalation;     /* the escalation shown */
  guint               n_escalations;
  BansouArticle      *article;        /* the article shown */

  /* Template widgets */
  GtkToggleButton    *open_toggle;
  GtkToggleButton    *overdue_toggle;
  GtkToggleButton    *all_toggle;
  GtkSearchEntry     *search_entry;
  GtkLabel           *count_label;
  GtkWidget          *new_button;
  AdwViewStack       *views;
  GtkStack           *queue_stack;
  AdwStatusPage      *empty_status;
  AdwStatusPage      *none_status;
  GtkBox             *queue_header;
  GtkListView        *list_view;
  GtkStack           *detail_stack;
  GtkScrolledWindow  *detail_scroll;
  GtkBox             *detail_box;
  GtkStack           *articles_stack;
  AdwStatusPage      *articles_status;
  GtkListBox         *articles_list;
  GtkStack           *article_stack;
  GtkBox             *article_box;
};

/* bansou-consult-page.c */
void      _bansou_consult_page_reload        (BansouConsultPage *self);
void      _bansou_consult_page_ticket_changed (BansouConsultPage *self,
                                               const char        *id);
void      _bansou_consult_page_select        (BansouConsultPage *self,
                                              const char        *id);
void      _bansou_consult_page_reload_articles (BansouConsultPage *self);

/* bansou-consult-ticket.c: the ticket view */
void      _bansou_consult_ticket_show        (BansouConsultPage *self,
                                              const char        *id);
gboolean  _bansou_consult_ticket_has_draft   (BansouConsultPage *self);
/* Computes the shown ticket's SLA again and refills its two rows. */
void      _bansou_consult_ticket_refresh_sla (BansouConsultPage *self);
void      _bansou_consult_ticket_send        (BansouConsultPage *self);
void      _bansou_consult_ticket_set_state   (BansouConsultPage *self,
                                              BansouTicketState  state);
void      _bansou_consult_ticket_add_message (BansouConsultPage *self,
                                              BansouMessageKind  kind,
                                              const char        *text);
gboolean  _bansou_consult_ticket_attach_file (BansouConsultPage *self,
                                              GFile             *file,
                                              GError           **error);
/* Panels of the ticket view in bansou-consult-escalation.c: the
 * 重大インシデント checklist (under the SLA) and the national desk (last). */
void      _bansou_consult_ticket_incident    (BansouConsultPage *self,
                                              GtkBox            *box);
void      _bansou_consult_ticket_escalation  (BansouConsultPage *self,
                                              GtkBox            *box);

/* bansou-consult-articles.c: the Q&A base */
void      _bansou_consult_article_selected_cb (BansouConsultPage *self,
                                               GtkListBoxRow     *row);
void      _bansou_consult_page_show_article  (BansouConsultPage *self,
                                              const char        *id);

/* bansou-consult-escalation.c: the national desk, the incident checklist */
GtkWindow *_bansou_consult_escalation_dialog (BansouConsultPage *self);
void       _bansou_consult_national_build    (BansouConsultPage *self);
void       _bansou_consult_national_reload   (BansouConsultPage *self);
void       _bansou_consult_national_answer   (BansouConsultPage *self);

/* bansou-consult-dialogs.c */
GtkWidget *_bansou_consult_dialog_window     (BansouConsultPage *self,
                                              const char        *title,
                                              const char        *accept,
                                              GtkWidget        **accept_button,
                                              GtkWidget         *content);
GtkWindow *_bansou_consult_new_ticket_dialog (BansouConsultPage *self);
GtkWindow *_bansou_consult_article_dialog    (BansouConsultPage *self,
                                              const BansouTicket *ticket);
typedef void (*BansouConsultThen) (BansouConsultPage *self,
                                   gpointer           data);
/* Asks before a typed reply is thrown away; runs @then if it may be. */
void       _bansou_consult_confirm_discard   (BansouConsultPage *self,
                                              BansouConsultThen  then,
                                              gpointer           data,
                                              GDestroyNotify     destroy);

typedef enum
{
  CONSULT_LABELS_CHANNEL,
  CONSULT_LABELS_CATEGORY,
  CONSULT_LABELS_PRIORITY,
} ConsultLabels;

char          *_bansou_consult_format_datetime (const char    *iso);
char          *_bansou_consult_format_deadline (GDateTime     *when);
GtkStringList *_bansou_consult_labels          (ConsultLabels  which);

G_END_DECLS
