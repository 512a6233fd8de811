/* bansou-consult-incident.h — 重大インシデント mode of a ticket: the
 * checklist of reports to the ministries with their deadlines, and the
 * urgent dispatch request made from the ticket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A ticket in incident mode (its `incident` field, bansou_consult_set_field
 * (…, "incident", "true", …)) has a checklist of reports: to 総務省 (the
 * guideline's 第一報, 続報, 最終報告) and, when personal data leaked, to
 * 個人情報保護委員会 (速報, 確報; 個人情報保護法施行規則). Each item's
 * deadline runs from the ticket's received time, in calendar hours,
 * calendar days or business days of the government calendar as its rule
 * counts; where it comes from, and which deadlines are only Bansō's
 * defaults, is in docs/consult.md ("重大インシデント"). Marking an item
 * done or not applicable (or open again) is one transaction with its
 * audit line, and the ticket record (which carries the checklist) goes
 * into the outbox.
 */
#pragma once

#include "bansou-consult.h"
#include "bansou-dispatch.h"

G_BEGIN_DECLS

/* How an item's deadline counts from the ticket's received time. */
typedef enum
{
  BANSOU_DEADLINE_CALENDAR_HOURS,  /* received + N hours, nights and holidays included */
  BANSOU_DEADLINE_CALENDAR_DAYS,   /* the end (24:00 JST) of the Nth day after the day received */
  BANSOU_DEADLINE_BUSINESS_DAYS,   /* office closing of the Nth business day after the day received */
} BansouDeadlineUnit;

typedef enum
{
  BANSOU_INCIDENT_ITEM_OPEN,
  BANSOU_INCIDENT_ITEM_DONE,            /* 済 */
  BANSOU_INCIDENT_ITEM_NOT_APPLICABLE,  /* 該当なし (no personal data leaked …) */
  BANSOU_N_INCIDENT_ITEM_STATES
} BansouIncidentItemState;

typedef struct
{
  char                    *id;          /* "mic_first", "mic_followup", "mic_final", "ppc_prompt", "ppc_final" */
  char                    *label;       /* in the UI language: 「総務省への第一報（速報）」 */
  char                    *recipient;   /* 「総務省（都道府県経由）」, 「個人情報保護委員会」 */
  char                    *basis;       /* where the deadline comes from, in the UI language */
  gboolean                 by_default;  /* TRUE: the deadline is Bansō's default, not the rule's */
  BansouDeadlineUnit       unit;
  guint                    amount;      /* hours or days of @unit */
  GDateTime               *deadline;    /* local time of Japan */
  BansouIncidentItemState  state;
  char                    *done_by;     /* nullable: open */
  char                    *done_at;     /* nullable: open; ISO 8601 UTC */
  gboolean                 overdue;     /* open and past its deadline at the time asked */
  gint64                   remaining;   /* seconds to the deadline at the time asked; negative when past */
} BansouIncidentItem;

typedef struct
{
  char      *ticket;        /* the ticket's id */
  gint64     number;        /* 相談 N */
  gboolean   unauthorized;  /* 不正の目的 (不正アクセス等): the 確報 is due in 60 days, not 30 */
  GPtrArray *items;         /* BansouIncidentItem, in the order of the checklist */
  guint      n_overdue;
  guint      n_open;
} BansouIncidentChecklist;

const char              *bansou_incident_item_state_to_string   (BansouIncidentItemState state);
const char              *bansou_incident_item_state_get_label   (BansouIncidentItemState state);
/* "done", "na", "open" or their labels; BANSOU_N_INCIDENT_ITEM_STATES if none */
BansouIncidentItemState  bansou_incident_item_state_from_string (const char *text);

/* The ids of the checklist's items, in order. */
const char * const      *bansou_consult_incident_get_items      (void);

/**
 * bansou_consult_incident_checklist:
 * @ticket: the ticket's id or number
 * @now: (nullable): the time "overdue" is judged at; now when %NULL
 *
 * Fails (BANSOU_STORE_ERROR_INVALID) for a ticket not in incident mode.
 *
 * Returns: (transfer full): the checklist
 */
BansouIncidentChecklist *bansou_consult_incident_checklist      (BansouConsult      *self,
                                                                 const char         *ticket,
                                                                 GDateTime          *now,
                                                                 GError            **error);
/**
 * bansou_consult_incident_set_done:
 * @item: one of bansou_consult_incident_get_items()
 * @state: done, not applicable, or open again
 * @at: (nullable): when it was done (ISO 8601); now when %NULL
 *
 * By the store's actor; audited (entity consult_ticket, field
 * "incident.ITEM"), and the ticket goes into the outbox. Also on a closed
 * ticket: reports are often finished after the ticket.
 */
gboolean                 bansou_consult_incident_set_done       (BansouConsult      *self,
                                                                 const char         *ticket,
                                                                 const char         *item,
                                                                 BansouIncidentItemState state,
                                                                 const char         *at,
                                                                 GError            **error);
/* 不正の目的 (不正アクセス等): moves the 確報 to 60 days. Audited. */
gboolean                 bansou_consult_incident_set_unauthorized (BansouConsult    *self,
                                                                 const char         *ticket,
                                                                 gboolean            unauthorized,
                                                                 GError            **error);

/**
 * bansou_consult_incident_dispatch:
 * @dispatch: the desk's dispatch room (the same store)
 * @ticket: the ticket's id or number; in incident mode
 * @created: (out) (optional): %TRUE when a request was made now
 *
 * One urgent request (urgency incident, wanted the same day: the day of
 * Japan it is now) for the ticket's body and linked questions, with the
 * ticket (相談 N, its subject) and its questions as the purpose and the
 * ticket's id as its reference (source "consultation"), through the
 * dispatch room's normal path: audited, in the outbox as a
 * dispatch_request. Idempotent: when a request from this ticket exists
 * and is not cancelled, returns it and makes none.
 *
 * Returns: (transfer full): the request's id, or %NULL
 */
char                    *bansou_consult_incident_dispatch       (BansouConsult      *self,
                                                                 BansouDispatch     *dispatch,
                                                                 const char         *ticket,
                                                                 gboolean           *created,
                                                                 GError            **error);

void bansou_incident_item_free      (BansouIncidentItem      *item);
void bansou_incident_checklist_free (BansouIncidentChecklist *checklist);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouIncidentChecklist, bansou_incident_checklist_free)

G_END_DECLS
