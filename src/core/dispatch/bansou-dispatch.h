/* bansou-dispatch.h — expert dispatch (専門人材の派遣): the pool, requests,
 * visits on the government calendar, visit reports, iCalendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Report 3(1)イ, ウ: prefectures keep a pool of specialists and send them
 * to their municipalities, alongside the site (伴走型). Records live in
 * the tables of migration 7; every write is one transaction with its
 * audit lines, its outbox row (types "expert", "dispatch_request",
 * "visit") and, for visits, the rows of the support module.
 *
 * Dates are "YYYY-MM-DD", times minutes since midnight (local time of
 * Japan), money yen, shares basis points (10000 = 100 %). An integer
 * field that may be unset holds -1.
 */
#pragma once

#include <gio/gio.h>

#include "bansou-calendar.h"
#include "bansou-registry.h"
#include "bansou-store.h"
#include "bansou-survey.h"

G_BEGIN_DECLS

#define BANSOU_DISPATCH_ERROR (bansou_dispatch_error_quark ())

typedef enum
{
  BANSOU_DISPATCH_ERROR_INVALID,    /* a value failed validation; nothing written */
  BANSOU_DISPATCH_ERROR_NOT_FOUND,  /* no such expert, request, visit, body or question */
  BANSOU_DISPATCH_ERROR_CONFLICT,   /* the visit has conflicts (listed) and no override */
  BANSOU_DISPATCH_ERROR_STATE,      /* not in this state: a report for a visit that did not happen … */
  BANSOU_DISPATCH_ERROR_ICS,        /* not an RFC 5545 calendar */
} BansouDispatchError;

typedef enum
{
  BANSOU_AFFILIATION_PREFECTURE_STAFF,  /* 県職員 */
  BANSOU_AFFILIATION_JOINT_HIRE,        /* 共同採用デジタル人材 */
  BANSOU_AFFILIATION_SHARED,            /* 市町と共同確保 */
  BANSOU_AFFILIATION_CONTRACTOR,        /* 委託事業者 */
  BANSOU_AFFILIATION_JLIS,              /* J-LIS */
  BANSOU_AFFILIATION_OTHER,             /* その他 */
  BANSOU_N_AFFILIATIONS
} BansouAffiliation;

typedef enum
{
  BANSOU_URGENCY_NORMAL,    /* 通常 */
  BANSOU_URGENCY_URGENT,    /* 至急 */
  BANSOU_URGENCY_INCIDENT,  /* 重大インシデント: the same day */
  BANSOU_N_URGENCIES
} BansouUrgency;

typedef enum
{
  BANSOU_REQUEST_SOURCE_BODY,          /* from the body's page */
  BANSOU_REQUEST_SOURCE_HEATMAP,       /* from weak cells of the heatmap */
  BANSOU_REQUEST_SOURCE_CONSULTATION,  /* from a consultation ticket (source_ref) */
  BANSOU_N_REQUEST_SOURCES
} BansouRequestSource;

typedef enum
{
  BANSOU_REQUEST_OPEN,
  BANSOU_REQUEST_SCHEDULED,   /* a planned visit serves it */
  BANSOU_REQUEST_DONE,        /* a visit was reported */
  BANSOU_REQUEST_CANCELLED,
  BANSOU_N_REQUEST_STATES
} BansouRequestState;

typedef enum
{
  BANSOU_VISIT_PLANNED,
  BANSOU_VISIT_DONE,       /* reported */
  BANSOU_VISIT_CANCELLED,
  BANSOU_N_VISIT_STATES
} BansouVisitState;

/* What the expert found for one question of the visit; NONE: no finding yet. */
typedef enum
{
  BANSOU_FINDING_NONE,
  BANSOU_FINDING_DONE,      /* 実施済み */
  BANSOU_FINDING_PARTIAL,   /* 一部実施 */
  BANSOU_FINDING_NOT_DONE,  /* 未実施 */
  BANSOU_FINDING_NA,        /* 対象外 */
  BANSOU_N_FINDINGS
} BansouFinding;

typedef enum
{
  BANSOU_VISIT_CONFLICT_DOUBLE_BOOKING,    /* the expert has another visit at that time: never overridable */
  BANSOU_VISIT_CONFLICT_CLOSED_DAY,        /* weekend, holiday (named), 年末年始, the prefecture's closed day */
  BANSOU_VISIT_CONFLICT_CONTRACT,          /* outside the expert's contract period */
  BANSOU_VISIT_CONFLICT_NDA,               /* 守秘義務 not signed, or expired on the day */
  BANSOU_VISIT_CONFLICT_MONTHLY_VISITS,    /* the month's cap of visits exceeded */
  BANSOU_VISIT_CONFLICT_MONTHLY_MINUTES,   /* the month's cap of hours exceeded */
  BANSOU_VISIT_CONFLICT_DAYS_PER_WEEK,     /* more days in that week than the expert works */
  BANSOU_VISIT_CONFLICT_INACTIVE,          /* the expert is no longer in the pool */
  BANSOU_VISIT_CONFLICT_WINDOW,            /* outside the request's wanted window */
  BANSOU_N_VISIT_CONFLICTS
} BansouVisitConflictKind;

typedef struct
{
  char  *target;  /* a catalog measure id ("technical.access_control") or question id */
  guint  level;   /* 1 basic, 2 practised, 3 expert */
} BansouExpertSkill;

typedef struct
{
  char              *id;               /* a UUID */
  char              *prefecture;       /* two digits: whose pool */
  char              *name;
  BansouAffiliation  affiliation;
  char              *organisation;
  char              *contract_start;   /* nullable: open */
  char              *contract_end;     /* nullable: open */
  GStrv              certifications;   /* never NULL */
  char              *nda_signed_on;    /* nullable: not signed */
  char              *nda_expires_on;   /* nullable: no expiry */
  char              *home_base;        /* a body code, or "" */
  guint              days_per_week;    /* 0–5 */
  gint64             monthly_visits;   /* cap, -1 none */
  gint64             monthly_minutes;  /* cap, -1 none */
  gint64             cost_per_visit;   /* yen, -1 not charged so */
  gint64             cost_per_hour;    /* yen, -1 not charged so */
  gboolean           active;
  char              *notes;
  GArray            *skills;           /* BansouExpertSkill, by target */
  char              *updated_by;
  char              *updated_at;
  gint64             server_rev;
} BansouExpert;

typedef struct
{
  char                *id;
  gint64               number;         /* 依頼 N */
  char                *body;
  char                *body_name;      /* from the registry */
  BansouUrgency        urgency;
  BansouRequestSource  source;
  char                *source_ref;     /* the ticket; "" otherwise */
  char                *purpose;
  char                *wanted_from;    /* nullable */
  char                *wanted_until;   /* nullable */
  BansouRequestState   state;
  GStrv                questions;      /* catalog question ids, sorted; never NULL */
  char                *created_at;
  char                *updated_by;
  char                *updated_at;
  gint64               server_rev;
} BansouDispatchRequest;

typedef struct
{
  char          *question;
  BansouFinding  finding;
  char          *note;
  char          *accepted_at;   /* nullable: not written into the round yet */
} BansouVisitQuestion;

typedef struct
{
  char             *id;
  gint64            number;           /* 訪問 N: the evidence of accepted findings */
  char             *request;          /* nullable */
  char             *expert;
  char             *expert_name;
  char             *body;
  char             *body_name;
  char             *day;
  guint             start_min;
  guint             end_min;
  BansouVisitState  state;
  char             *override_reason;  /* "" when scheduled without conflicts */
  char             *report;
  gint64            worked_min;       /* -1 not reported */
  gint64            cost;             /* yen, -1 not reported */
  guint             subsidy_bp;       /* the prefecture's share of the cost */
  char             *reported_at;      /* nullable */
  GPtrArray        *questions;        /* BansouVisitQuestion, by question */
  char             *updated_by;
  char             *updated_at;
  gint64            server_rev;
} BansouVisit;

/* What a visit is to be; for schedule and for the conflict check. */
typedef struct
{
  const char         *request;    /* nullable; gives the body and questions when those are NULL */
  const char         *expert;
  const char         *body;       /* nullable with a request */
  const char         *day;
  guint               start_min;
  guint               end_min;
  const char * const *questions;  /* nullable: the request's */
} BansouVisitSpec;

typedef struct
{
  BansouVisitConflictKind  kind;
  gboolean            overridable;  /* FALSE for a double booking */
  char               *message;      /* in the UI language: "12月30日は年末年始で閉庁日です" … */
  char               *other_visit;  /* nullable: the visit it collides with */
} BansouVisitConflict;

/* What a new request is; one body. */
typedef struct
{
  const char          *body;
  const char * const  *questions;     /* nullable: none linked */
  BansouUrgency        urgency;
  const char          *purpose;       /* nullable: made from the questions */
  const char          *wanted_from;   /* nullable */
  const char          *wanted_until;  /* nullable */
  BansouRequestSource  source;
  const char          *source_ref;    /* nullable */
} BansouRequestSpec;

/* One cell of a heatmap selection. */
typedef struct
{
  const char *body;
  const char *question;
} BansouDispatchCell;

typedef struct
{
  char   *expert;
  char   *name;
  double  score;            /* higher first */
  guint   matched;          /* questions of the request the expert's skills cover */
  guint   n_questions;
  char   *first_day;        /* nullable: no free business day in the window */
  guint   start_min;
  guint   end_min;
  guint   visits_in_month;  /* in the month of first_day (or of the window's start) */
  gint64  monthly_cap;      /* -1 none */
  char   *reason;           /* in the UI language, for the list */
} BansouSuggestion;

typedef struct
{
  const char    *question;
  BansouFinding  finding;
  const char    *note;      /* nullable */
} BansouFindingSpec;

typedef struct
{
  const char              *report;       /* what was done */
  gint64                   worked_min;   /* > 0 */
  gint64                   cost;         /* yen, -1: from the expert's rate */
  guint                    subsidy_bp;   /* 0–10000 */
  const BansouFindingSpec *findings;
  guint                    n_findings;
} BansouVisitReport;

/* An answer change that accepting a visit's findings makes. */
typedef struct
{
  char         *round;
  char         *body;
  char         *question;
  BansouStatus  old_status;
  BansouStatus  new_status;
  char         *done_on;    /* nullable */
  char         *evidence;   /* "訪問 N" */
} BansouAnswerChange;

typedef struct
{
  guint      n_events;
  guint      n_moved;     /* visits whose day or time the file changed */
  guint      n_unchanged;
  guint      n_skipped;   /* events that are not visits of this workbench */
} BansouIcsImport;

const char         *bansou_affiliation_to_string     (BansouAffiliation   affiliation);
const char         *bansou_affiliation_get_label     (BansouAffiliation   affiliation);
BansouAffiliation   bansou_affiliation_from_string   (const char         *text);
const char         *bansou_urgency_to_string         (BansouUrgency       urgency);
const char         *bansou_urgency_get_label         (BansouUrgency       urgency);
BansouUrgency       bansou_urgency_from_string       (const char         *text);
const char         *bansou_request_source_to_string  (BansouRequestSource source);
BansouRequestSource bansou_request_source_from_string (const char        *text);
const char         *bansou_request_state_to_string   (BansouRequestState  state);
const char         *bansou_request_state_get_label   (BansouRequestState  state);
BansouRequestState  bansou_request_state_from_string (const char         *text);
const char         *bansou_visit_state_to_string     (BansouVisitState    state);
const char         *bansou_visit_state_get_label     (BansouVisitState    state);
BansouVisitState    bansou_visit_state_from_string   (const char         *text);
const char         *bansou_finding_to_string         (BansouFinding       finding);
const char         *bansou_finding_get_label         (BansouFinding       finding);
BansouFinding       bansou_finding_from_string       (const char         *text);
const char         *bansou_visit_conflict_kind_to_string   (BansouVisitConflictKind  kind);

#define BANSOU_TYPE_DISPATCH (bansou_dispatch_get_type ())

G_DECLARE_FINAL_TYPE (BansouDispatch, bansou_dispatch, BANSOU, DISPATCH, GObject)

/* Signal "changed" (const char *type, const char *id): after a commit;
 * type is "expert", "dispatch_request" or "visit". */

GQuark              bansou_dispatch_error_quark      (void);
BansouDispatch     *bansou_dispatch_new              (BansouSurvey       *survey,
                                                      BansouRegistry     *registry,
                                                      BansouCalendar     *calendar,
                                                      GError            **error);
BansouStore        *bansou_dispatch_get_store        (BansouDispatch     *self);
BansouCalendar     *bansou_dispatch_get_calendar     (BansouDispatch     *self);
BansouCatalog      *bansou_dispatch_get_catalog      (BansouDispatch     *self);

/* The pool */
const char * const *bansou_dispatch_get_expert_fields (void);
char               *bansou_dispatch_add_expert       (BansouDispatch     *self,
                                                      const char         *prefecture,
                                                      const char         *name,
                                                      BansouAffiliation   affiliation,
                                                      GError            **error);
gboolean            bansou_dispatch_set_expert_field (BansouDispatch     *self,
                                                      const char         *id,
                                                      const char         *field,
                                                      const char         *value,
                                                      GError            **error);
gboolean            bansou_dispatch_update_expert    (BansouDispatch     *self,
                                                      const char         *id,
                                                      const char * const *fields,
                                                      const char * const *values,
                                                      GError            **error);
gboolean            bansou_dispatch_set_expert_skills (BansouDispatch    *self,
                                                      const char         *id,
                                                      const BansouExpertSkill *skills,
                                                      guint               n_skills,
                                                      GError            **error);
BansouExpert       *bansou_dispatch_get_expert       (BansouDispatch     *self,
                                                      const char         *id,
                                                      GError            **error);
GPtrArray          *bansou_dispatch_list_experts     (BansouDispatch     *self,
                                                      gboolean            active_only,
                                                      GError            **error);

/* Requests */
const char * const *bansou_dispatch_get_request_fields (void);
char               *bansou_dispatch_add_request      (BansouDispatch     *self,
                                                      const BansouRequestSpec *spec,
                                                      GError            **error);
GStrv               bansou_dispatch_add_requests_from_cells (BansouDispatch *self,
                                                      const BansouDispatchCell *cells,
                                                      guint               n_cells,
                                                      const BansouRequestSpec *common,
                                                      GError            **error);
char               *bansou_dispatch_add_request_from_ticket (BansouDispatch *self,
                                                      const char         *ticket_ref,
                                                      const BansouRequestSpec *spec,
                                                      GError            **error);
gboolean            bansou_dispatch_set_request_field (BansouDispatch    *self,
                                                      const char         *id,
                                                      const char         *field,
                                                      const char         *value,
                                                      GError            **error);
gboolean            bansou_dispatch_set_request_questions (BansouDispatch *self,
                                                      const char         *id,
                                                      const char * const *questions,
                                                      GError            **error);
BansouDispatchRequest *bansou_dispatch_get_request   (BansouDispatch     *self,
                                                      const char         *id,
                                                      GError            **error);
GPtrArray          *bansou_dispatch_list_requests    (BansouDispatch     *self,
                                                      const char         *body,
                                                      gboolean            open_only,
                                                      GError            **error);

/* Visits */
GPtrArray          *bansou_dispatch_check_visit      (BansouDispatch     *self,
                                                      const BansouVisitSpec *spec,
                                                      const char         *moving,
                                                      GError            **error);
char               *bansou_dispatch_schedule_visit   (BansouDispatch     *self,
                                                      const BansouVisitSpec *spec,
                                                      const char         *override_reason,
                                                      GPtrArray         **conflicts,
                                                      GError            **error);
gboolean            bansou_dispatch_move_visit       (BansouDispatch     *self,
                                                      const char         *id,
                                                      const char         *expert,
                                                      const char         *day,
                                                      guint               start_min,
                                                      guint               end_min,
                                                      const char         *override_reason,
                                                      GPtrArray         **conflicts,
                                                      GError            **error);
gboolean            bansou_dispatch_cancel_visit     (BansouDispatch     *self,
                                                      const char         *id,
                                                      const char         *reason,
                                                      GError            **error);
BansouVisit        *bansou_dispatch_get_visit        (BansouDispatch     *self,
                                                      const char         *id,
                                                      GError            **error);
GPtrArray          *bansou_dispatch_list_visits      (BansouDispatch     *self,
                                                      const char         *expert,
                                                      const char         *body,
                                                      const char         *from,
                                                      const char         *until,
                                                      GError            **error);
GPtrArray          *bansou_dispatch_list_visits_by_expert (BansouDispatch *self,
                                                      const char         *expert,
                                                      const char         *from,
                                                      const char         *until,
                                                      GError            **error);
GPtrArray          *bansou_dispatch_list_visits_by_body (BansouDispatch  *self,
                                                      const char         *body,
                                                      const char         *from,
                                                      const char         *until,
                                                      GError            **error);
GPtrArray          *bansou_dispatch_list_visits_in_range (BansouDispatch *self,
                                                      const char         *from,
                                                      const char         *until,
                                                      GError            **error);

/* Suggestions */
GPtrArray          *bansou_dispatch_suggest          (BansouDispatch     *self,
                                                      const char         *request,
                                                      guint               max,
                                                      GError            **error);

/* Reports and findings */
gboolean            bansou_dispatch_report_visit     (BansouDispatch     *self,
                                                      const char         *id,
                                                      const BansouVisitReport *report,
                                                      GError            **error);
GPtrArray          *bansou_dispatch_preview_findings (BansouDispatch     *self,
                                                      const char         *id,
                                                      GError            **error);
gboolean            bansou_dispatch_accept_findings  (BansouDispatch     *self,
                                                      const char         *id,
                                                      guint              *n_changed,
                                                      GError            **error);

/* iCalendar (RFC 5545, libical) */
char               *bansou_dispatch_export_ics       (BansouDispatch     *self,
                                                      const char         *expert,
                                                      const char         *body,
                                                      GError            **error);
gboolean            bansou_dispatch_import_ics       (BansouDispatch     *self,
                                                      const char         *data,
                                                      gssize              length,
                                                      BansouIcsImport    *result,
                                                      GError            **error);

void bansou_expert_free           (BansouExpert          *expert);
void bansou_dispatch_request_free (BansouDispatchRequest *request);
void bansou_visit_free            (BansouVisit           *visit);
void bansou_visit_conflict_free         (BansouVisitConflict        *conflict);
void bansou_suggestion_free       (BansouSuggestion      *suggestion);
void bansou_answer_change_free    (BansouAnswerChange    *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouExpert, bansou_expert_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouDispatchRequest, bansou_dispatch_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouVisit, bansou_visit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouVisitConflict, bansou_visit_conflict_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouSuggestion, bansou_suggestion_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouAnswerChange, bansou_answer_change_free)

G_END_DECLS
