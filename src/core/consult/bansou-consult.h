/* bansou-consult.h — the consultation desk: tickets from bodies, their
 * SLAs on the government calendar, and the Q&A base
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Most prefectures answer their municipalities' security questions, and
 * the report proposes a national 総合窓口 for what a prefecture cannot
 * answer, whose know-how flows back as a Q&A base (report 3(1)イ, ア b).
 */
#pragma once

#include <gio/gio.h>

#include "bansou-calendar.h"
#include "bansou-pii.h"
#include "bansou-registry.h"
#include "bansou-store.h"

G_BEGIN_DECLS

typedef enum
{
  BANSOU_CHANNEL_PHONE,    /* 電話 */
  BANSOU_CHANNEL_MAIL,     /* メール */
  BANSOU_CHANNEL_COUNTER,  /* 来庁 */
  BANSOU_CHANNEL_VISIT,    /* 訪問 */
  BANSOU_CHANNEL_ONLINE,   /* オンライン */
  BANSOU_N_CHANNELS
} BansouChannel;

typedef enum
{
  BANSOU_TICKET_CATEGORY_SUPPLY_CHAIN,  /* サプライチェーン・調達 */
  BANSOU_TICKET_CATEGORY_INCIDENT,      /* インシデント */
  BANSOU_TICKET_CATEGORY_POLICY,        /* ポリシー・規程 */
  BANSOU_TICKET_CATEGORY_TECHNICAL,     /* 技術 */
  BANSOU_TICKET_CATEGORY_CLOUD,         /* クラウド */
  BANSOU_TICKET_CATEGORY_PEOPLE,        /* 人材・研修 */
  BANSOU_TICKET_CATEGORY_OTHER,         /* その他 */
  BANSOU_N_TICKET_CATEGORIES
} BansouTicketCategory;

typedef enum
{
  BANSOU_PRIORITY_LOW,
  BANSOU_PRIORITY_NORMAL,
  BANSOU_PRIORITY_HIGH,
  BANSOU_PRIORITY_CRITICAL,
  BANSOU_N_PRIORITIES
} BansouPriority;

/* 受付 → 対応中 → 回答済 → 完了, and 保留（先方待ち）, which pauses the
 * SLAs, from 受付 or 対応中 and back to where it was. */
typedef enum
{
  BANSOU_TICKET_RECEIVED,
  BANSOU_TICKET_IN_PROGRESS,
  BANSOU_TICKET_ON_HOLD,
  BANSOU_TICKET_ANSWERED,
  BANSOU_TICKET_CLOSED,
  BANSOU_N_TICKET_STATES
} BansouTicketState;

typedef enum
{
  BANSOU_MESSAGE_NOTE,     /* 内部メモ: never leaves the prefecture */
  BANSOU_MESSAGE_REPLY,    /* 回答: to the body; the first one is the first response */
  BANSOU_MESSAGE_INBOUND,  /* from the body */
  BANSOU_N_MESSAGE_KINDS
} BansouMessageKind;

typedef enum
{
  BANSOU_VISIBILITY_DRAFT,       /* 下書き */
  BANSOU_VISIBILITY_PREFECTURE,  /* 県内 */
  BANSOU_VISIBILITY_NATIONAL,    /* 全国共有 */
  BANSOU_N_VISIBILITIES
} BansouVisibility;

/* The limits of attachments, stated in the UI and docs/consult.md. */
#define BANSOU_ATTACHMENT_MAX_SIZE    (10 * 1024 * 1024)   /* one file */
#define BANSOU_ATTACHMENT_MAX_TOTAL   (50 * 1024 * 1024)   /* one ticket */
#define BANSOU_ATTACHMENT_MAX_COUNT   20
#define BANSOU_TICKET_MAX_SUBJECT     200                  /* characters */
#define BANSOU_TICKET_MAX_TEXT        20000

typedef struct
{
  char              *id;
  char              *kind;        /* "note", "reply", "inbound" */
  char              *author;
  char              *text;
  char              *created_at;
} BansouTicketMessage;

typedef struct
{
  char   *id;
  char   *name;
  char   *media_type;
  gint64  size;
  char   *sha256;
  char   *created_at;
} BansouAttachment;

typedef struct
{
  char              *id;
  gint64             number;
  char              *body;
  char              *body_name;   /* from the registry */
  BansouChannel      channel;
  BansouTicketCategory     category;
  BansouPriority     priority;
  BansouTicketState  state;
  char              *subject;
  char              *description;
  char              *assignee;
  char              *received_at;
  char              *first_response_at;  /* nullable */
  char              *resolved_at;        /* nullable */
  char              *closed_at;          /* nullable */
  gboolean           incident;
  GStrv              questions;
  GPtrArray         *messages;     /* BansouTicketMessage, oldest first; NULL in lists */
  GPtrArray         *attachments;  /* BansouAttachment; NULL in lists */
  GPtrArray         *pauses;       /* char* pairs: started, ended ("" while on hold) */
} BansouTicket;

/* Where a ticket stands against one SLA target. */
typedef struct
{
  gboolean  met;          /* stopped in time (first response given, resolved) */
  gboolean  breached;     /* over the target, stopped or not */
  gboolean  paused;       /* on hold now: the clock stands */
  gboolean  stopped;      /* the target is behind it (met or late) */
  gint64    target;       /* office seconds */
  gint64    elapsed;      /* office seconds counted so far (pauses left out) */
  gint64    remaining;    /* target − elapsed; negative when over */
  GDateTime *deadline;    /* when it runs out if nothing pauses it; NULL while paused or stopped */
} BansouSlaClock;

typedef struct
{
  BansouSlaClock first_response;
  BansouSlaClock resolution;
} BansouTicketSla;

typedef struct
{
  const char        *body;       /* nullable: any */
  int                state;      /* -1: any open (not closed); else a BansouTicketState */
  gboolean           overdue;    /* only those past an SLA target, now */
  guint              limit;      /* 0: all */
  GDateTime         *now;        /* nullable: the time "overdue" is judged at; now */
  gboolean           brief;      /* a queue row's fields and the SLA's only: description NULL */
} BansouTicketFilter;

/* BansouTicketFilter.state: every ticket, closed ones too, in one pass. */
#define BANSOU_TICKET_FILTER_ANY_STATE (-2)

typedef struct
{
  char             *id;
  char             *title;
  char             *question;
  char             *answer;
  BansouTicketCategory    category;
  BansouVisibility  visibility;
  char             *origin;
  char             *source_ticket;   /* nullable */
  char             *updated_at;
} BansouArticle;

typedef enum
{
  BANSOU_HIT_TICKET,
  BANSOU_HIT_MESSAGE,   /* a message of ticket @id */
  BANSOU_HIT_ARTICLE,
} BansouHitKind;

typedef struct
{
  BansouHitKind  kind;
  char          *id;        /* the ticket (for messages too) or article */
  char          *title;
  char          *snippet;   /* a short excerpt around the match */
} BansouSearchHit;

#define BANSOU_TYPE_CONSULT (bansou_consult_get_type ())

G_DECLARE_FINAL_TYPE (BansouConsult, bansou_consult, BANSOU, CONSULT, GObject)

const char       *bansou_channel_to_string     (BansouChannel     channel);
const char       *bansou_channel_get_label     (BansouChannel     channel);
BansouChannel     bansou_channel_from_string   (const char       *text);
const char       *bansou_ticket_category_to_string    (BansouTicketCategory    category);
const char       *bansou_ticket_category_get_label    (BansouTicketCategory    category);
BansouTicketCategory    bansou_ticket_category_from_string  (const char       *text);
const char       *bansou_priority_to_string    (BansouPriority    priority);
const char       *bansou_priority_get_label    (BansouPriority    priority);
BansouPriority    bansou_priority_from_string  (const char       *text);
const char       *bansou_ticket_state_to_string (BansouTicketState state);
const char       *bansou_ticket_state_get_label (BansouTicketState state);
BansouTicketState bansou_ticket_state_from_string (const char     *text);
const char       *bansou_visibility_to_string  (BansouVisibility  visibility);
const char       *bansou_visibility_get_label  (BansouVisibility  visibility);
BansouVisibility  bansou_visibility_from_string (const char      *text);

BansouConsult    *bansou_consult_new           (BansouRegistry    *registry,
                                                BansouCalendar    *calendar);
BansouStore      *bansou_consult_get_store     (BansouConsult     *self);

/* Tickets. @received_at: (nullable): ISO 8601; now when NULL. */
char             *bansou_consult_open          (BansouConsult     *self,
                                                const char        *body,
                                                BansouChannel      channel,
                                                BansouTicketCategory     category,
                                                BansouPriority     priority,
                                                const char        *subject,
                                                const char        *description,
                                                const char        *received_at,
                                                GError           **error);
BansouTicket     *bansou_consult_lookup        (BansouConsult     *self,
                                                const char        *id,
                                                GError           **error);
GPtrArray        *bansou_consult_list          (BansouConsult     *self,
                                                const BansouTicketFilter *filter,
                                                GError           **error);
const char * const *bansou_consult_get_fields  (void);
gboolean          bansou_consult_set_field     (BansouConsult     *self,
                                                const char        *id,
                                                const char        *field,
                                                const char        *value,
                                                GError           **error);
gboolean          bansou_consult_set_questions (BansouConsult     *self,
                                                const char        *id,
                                                const char * const *questions,
                                                GError           **error);
/* @at: (nullable): when; now when NULL */
gboolean          bansou_consult_set_state     (BansouConsult     *self,
                                                const char        *id,
                                                BansouTicketState  state,
                                                const char        *at,
                                                GError           **error);
char             *bansou_consult_add_message   (BansouConsult     *self,
                                                const char        *id,
                                                BansouMessageKind  kind,
                                                const char        *text,
                                                const char        *at,
                                                GError           **error);
char             *bansou_consult_attach        (BansouConsult     *self,
                                                const char        *id,
                                                const char        *name,
                                                const char        *media_type,
                                                GBytes            *data,
                                                GError           **error);
/* The attachment's bytes, checked against its SHA-256. */
GBytes           *bansou_consult_get_attachment (BansouConsult    *self,
                                                const char        *attachment,
                                                BansouAttachment **info,
                                                GError           **error);

/* SLAs. @now: (nullable): the current time when NULL. */
gboolean          bansou_consult_get_sla_targets (BansouConsult   *self,
                                                BansouPriority     priority,
                                                gint64            *first_response_minutes,
                                                gint64            *resolution_minutes,
                                                GError           **error);
gboolean          bansou_consult_set_sla_targets (BansouConsult   *self,
                                                BansouPriority     priority,
                                                gint64             first_response_minutes,
                                                gint64             resolution_minutes,
                                                GError           **error);
gboolean          bansou_consult_compute_sla   (BansouConsult     *self,
                                                const BansouTicket *ticket,
                                                GDateTime         *now,
                                                BansouTicketSla   *sla,
                                                GError           **error);
void              bansou_ticket_sla_clear      (BansouTicketSla   *sla);
/* "残り 3時間15分", "超過 1日2時間" in office time (a day is the office day) */
char             *bansou_sla_format_remaining  (BansouConsult     *self,
                                                const BansouSlaClock *clock);

/* The Q&A base. */
char             *bansou_consult_add_article   (BansouConsult     *self,
                                                const char        *title,
                                                const char        *question,
                                                const char        *answer,
                                                BansouTicketCategory     category,
                                                const char        *source_ticket,
                                                GError           **error);
gboolean          bansou_consult_set_visibility (BansouConsult    *self,
                                                const char        *article,
                                                BansouVisibility   visibility,
                                                GError           **error);
BansouArticle    *bansou_consult_lookup_article (BansouConsult    *self,
                                                const char        *article,
                                                GError           **error);
/* @visibility: -1 every one, else a BansouVisibility; @limit 0: all.
 * Returns: (transfer full) (element-type BansouArticle): latest first */
GPtrArray        *bansou_consult_list_articles  (BansouConsult    *self,
                                                int                visibility,
                                                guint              limit,
                                                GError           **error);

/* Search: tickets, their messages and articles. Terms of three or more
 * characters use the trigram index; shorter ones (監査, 訓練) are matched
 * by scanning, within what the longer terms found when there are some.
 * FTS5 syntax in @query is text, never syntax. */
GPtrArray        *bansou_consult_search        (BansouConsult     *self,
                                                const char        *query,
                                                guint              limit,
                                                GError           **error);
/* Articles related to a ticket being typed: its words' best matches. */
GPtrArray        *bansou_consult_suggest       (BansouConsult     *self,
                                                const char        *text,
                                                guint              limit,
                                                GError           **error);

/* Personal data in @text (bansou-pii.h): the registry's body names, and
 * the people @ticket names (its assignee, the authors of its thread).
 * Returns: (transfer full) (element-type BansouPiiMatch) */
GPtrArray        *bansou_consult_find_personal_data (BansouConsult *self,
                                                const char        *text,
                                                const BansouTicket *ticket,
                                                GError           **error);

void bansou_ticket_free          (BansouTicket        *ticket);
void bansou_ticket_message_free  (BansouTicketMessage *message);
void bansou_attachment_free      (BansouAttachment    *attachment);
void bansou_article_free         (BansouArticle       *article);
void bansou_search_hit_free      (BansouSearchHit     *hit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouTicket, bansou_ticket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouArticle, bansou_article_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouAttachment, bansou_attachment_free)

G_END_DECLS
