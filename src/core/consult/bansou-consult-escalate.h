/* bansou-consult-escalate.h — escalating a consultation to the national
 * 総合窓口 and its answer coming back onto the ticket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The report proposes a national 総合窓口 for what a prefecture cannot
 * answer (supply-chain risk above all) whose know-how flows back to the
 * prefectures (report 3(1)ア b). A prefecture's desk sends the national
 * desk only what it chooses of a ticket: its subject (always, as edited),
 * a text (the description as edited), optionally the category, the
 * linked catalog questions, the body's name and selected messages of the
 * thread (their text and time, never their author). Before it is sent,
 * bansou_consult_escalation_find_personal_data() shows the personal data
 * found in exactly what will be sent; bansou_consult_escalate() refuses
 * while there is some, unless the caller allows it.
 *
 * The national desk (the same workbench with the scope 全国, prefecture
 * "00") receives every prefecture's escalations through the server,
 * lists them (未回答 / 回答済) and answers each once. The answer comes
 * back to the prefecture and is added to its ticket as a note by
 * 総合窓口 (exactly once, whatever the number of pulls). docs/consult.md,
 * "Escalation to the national desk"; docs/api.md, "Escalations".
 */
#pragma once

#include "bansou-consult.h"

G_BEGIN_DECLS

#define BANSOU_ESCALATION_AUTHOR   "総合窓口"   /* the author of the note an answer becomes */

typedef enum
{
  BANSOU_ESCALATION_WAITING,    /* 未回答 */
  BANSOU_ESCALATION_ANSWERED,   /* 回答済 */
  BANSOU_N_ESCALATION_STATES
} BansouEscalationState;

/* Where a ticket stands with the national desk: its latest escalation. */
typedef enum
{
  BANSOU_TICKET_NOT_ESCALATED,
  BANSOU_TICKET_ESCALATED,            /* sent (or waiting to be sent), not answered */
  BANSOU_TICKET_ESCALATION_ANSWERED,  /* the national desk answered */
} BansouTicketEscalation;

/**
 * BansouEscalationDraft:
 * @ticket: the prefecture's ticket being escalated
 * @subject: sent: required, one line, at most %BANSOU_TICKET_MAX_SUBJECT
 * @text: (nullable): sent when not %NULL: the description as edited
 * @send_category: send the ticket's category
 * @send_questions: send the ticket's linked catalog questions
 * @send_body: send the body's name (団体名; off by default)
 * @messages: (nullable) (array zero-terminated=1): ids of messages of the
 *   ticket's thread to send (their kind, text and time; never the author)
 *
 * What will be sent. bansou_consult_escalation_draft_new() fills it from
 * the ticket (subject, description, category and questions on; body and
 * messages off); the caller edits it before sending.
 */
typedef struct
{
  char     *ticket;
  char     *subject;
  char     *text;
  gboolean  send_category;
  gboolean  send_questions;
  gboolean  send_body;
  GStrv     messages;
} BansouEscalationDraft;

/**
 * BansouEscalationFinding:
 * @part: what it was found in: "subject", "text", "body_name" or "message"
 * @message: (nullable): the message's id, for @part "message"
 * @match: the personal data found (kind, bytes within the part, text)
 */
typedef struct
{
  char           *part;
  char           *message;
  BansouPiiMatch *match;
} BansouEscalationFinding;

/* One message as the national desk receives it. */
typedef struct
{
  char *kind;        /* "note", "reply", "inbound" */
  char *text;
  char *created_at;
} BansouEscalationMessage;

/**
 * BansouEscalation:
 * @id: its UUID (the key of the sync kinds "escalation" and "escalation_answer")
 * @ticket: (nullable): the prefecture's ticket; %NULL at the national desk
 * @prefecture: the prefecture that sent it ("34")
 * @subject: as sent
 * @text: (nullable): as sent; %NULL when not sent
 * @category: the category, or -1 when not sent
 * @questions: (nullable): the catalog questions; %NULL when not sent
 * @body_name: (nullable): the body's name; %NULL when not sent
 * @messages: (element-type BansouEscalationMessage): the messages sent, oldest first
 * @sent_by: who sent it: the user here; at the national desk the
 *   prefecture's desk (its token's name: no person's name is sent)
 * @sent_at: when it was sent (ISO 8601, UTC)
 * @received_at: (nullable): when the server received it; %NULL while
 *   it waits in the outbox
 * @state: 未回答 or 回答済
 * @answer, @answered_by, @answered_at: (nullable): the national desk's answer
 */
typedef struct
{
  char                 *id;
  char                 *ticket;
  char                 *prefecture;
  char                 *subject;
  char                 *text;
  int                   category;
  GStrv                 questions;
  char                 *body_name;
  GPtrArray            *messages;
  char                 *sent_by;
  char                 *sent_at;
  char                 *received_at;
  BansouEscalationState state;
  char                 *answer;
  char                 *answered_by;
  char                 *answered_at;
} BansouEscalation;

typedef struct
{
  int         state;       /* -1: any; else a BansouEscalationState */
  const char *prefecture;  /* nullable: any */
  const char *ticket;      /* nullable: any */
  guint       limit;       /* 0: all */
} BansouEscalationFilter;

#define BANSOU_ESCALATION_MAX_ANSWER BANSOU_TICKET_MAX_TEXT

const char *bansou_escalation_state_to_string (BansouEscalationState state);   /* "waiting", "answered" */
const char *bansou_escalation_state_get_label (BansouEscalationState state);   /* 未回答, 回答済 */
/* "" (not escalated), "総合窓口に照会中", "総合窓口から回答あり" in the UI language */
const char *bansou_ticket_escalation_get_label (BansouTicketEscalation escalation);

/* Whether this workbench is the national desk (its prefecture setting is
 * "00"): it answers escalations and sends none. */
gboolean    bansou_consult_is_national_desk  (BansouConsult *self);

/* Returns: (transfer full): a draft of @ticket's escalation (see above) */
BansouEscalationDraft *bansou_consult_escalation_draft_new (BansouConsult *self,
                                                            const char    *ticket,
                                                            GError       **error);
void        bansou_escalation_draft_free     (BansouEscalationDraft *draft);

/* The personal data in exactly what @draft sends: the subject, the text,
 * the body's name (when sent: always a finding) and the chosen messages.
 * Returns: (transfer full) (element-type BansouEscalationFinding): in that
 *   order; empty when the draft is clean */
GPtrArray  *bansou_consult_escalation_find_personal_data (BansouConsult               *self,
                                                          const BansouEscalationDraft *draft,
                                                          GError                     **error);
/* "件名: 氏名「山田さん」, 本文: 電話番号「03-1234-5678」" in the UI language.
 * Returns: (transfer full) */
char       *bansou_escalation_findings_describe (GPtrArray *findings);

/* Stores the escalation (audited, with its outbox row, in one
 * transaction) and returns its UUID. Refuses while the draft holds
 * personal data (the error lists it) unless @allow_personal_data; refuses
 * on the national desk, and a subject that is blank or too long. */
char       *bansou_consult_escalate          (BansouConsult               *self,
                                              const BansouEscalationDraft *draft,
                                              gboolean                     allow_personal_data,
                                              GError                     **error);

/* The prefecture's own escalations (sent), or at the national desk every
 * prefecture's (received), newest first.
 * Returns: (transfer full) (element-type BansouEscalation) */
GPtrArray  *bansou_consult_list_escalations  (BansouConsult                *self,
                                              const BansouEscalationFilter *filter,
                                              GError                      **error);
BansouEscalation *bansou_consult_lookup_escalation (BansouConsult *self,
                                                    const char    *id,
                                                    GError       **error);

/* The national desk's answer (once: an answered escalation is refused).
 * Audited, with its outbox row, in one transaction. */
gboolean    bansou_consult_answer_escalation (BansouConsult *self,
                                              const char    *id,
                                              const char    *answer,
                                              GError       **error);

/* Where @ticket stands with the national desk (its latest escalation). */
BansouTicketEscalation bansou_consult_get_ticket_escalation (BansouConsult *self,
                                                             const char    *ticket,
                                                             GError       **error);
/* For a queue: ticket id → GINT_TO_POINTER (BansouTicketEscalation), for
 * the tickets that were escalated. Returns: (transfer full) */
GHashTable *bansou_consult_list_ticket_escalations (BansouConsult *self,
                                                    GError       **error);

void bansou_escalation_free          (BansouEscalation        *escalation);
void bansou_escalation_finding_free  (BansouEscalationFinding *finding);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouEscalation, bansou_escalation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouEscalationDraft, bansou_escalation_draft_free)

G_END_DECLS
