/* bansou-types.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _BansouStore    BansouStore;
typedef struct _BansouBody     BansouBody;
typedef struct _BansouRegistry BansouRegistry;

/* The prefecture scope for a national desk (the ministry). */
#define BANSOU_SCOPE_NATIONAL "00"

typedef enum
{
  BANSOU_BODY_KIND_PREFECTURE,
  BANSOU_BODY_KIND_DESIGNATED_CITY,   /* 政令指定都市 */
  BANSOU_BODY_KIND_CITY,              /* 市 */
  BANSOU_BODY_KIND_TOWN,              /* 町 */
  BANSOU_BODY_KIND_VILLAGE,           /* 村 */
  BANSOU_BODY_KIND_SPECIAL_WARD,      /* 特別区 */
  BANSOU_BODY_KIND_WARD,              /* 行政区: a child of a designated city */
  BANSOU_BODY_KIND_PARTIAL_UNION,     /* 一部事務組合 */
  BANSOU_BODY_KIND_WIDE_UNION,        /* 広域連合 */
  BANSOU_BODY_KIND_ADMIN_AGENCY,      /* 地方独立行政法人 */
  BANSOU_BODY_KIND_PUBLIC_UNIVERSITY, /* 公立大学 */
  BANSOU_BODY_N_KINDS
} BansouBodyKind;

/* Whether the detailed measures (細目化項目) apply to a body. */
typedef enum
{
  BANSOU_APPLICABILITY_APPLIES,          /* municipalities, LGWAN-connected bodies */
  BANSOU_APPLICABILITY_APPLIES_CONFIDENTIAL, /* not connected, but holds comparable confidential info */
  BANSOU_APPLICABILITY_UNDECIDED,        /* the prefecture has to decide */
  BANSOU_APPLICABILITY_DECIDED_APPLIES,  /* decided by the prefecture: applies */
  BANSOU_APPLICABILITY_DECIDED_EXEMPT,   /* decided by the prefecture: does not apply */
} BansouApplicability;

/* A prefecture's decision for bodies the rule leaves open. */
typedef enum
{
  BANSOU_DECISION_NONE,
  BANSOU_DECISION_APPLIES,
  BANSOU_DECISION_EXEMPT,
} BansouDecision;

/* The answer to one survey question. The order is the storage order of
 * heatmap cells: keep it. */
typedef enum
{
  BANSOU_STATUS_UNANSWERED = 0,  /* 未回答 */
  BANSOU_STATUS_DONE,            /* 実施済み */
  BANSOU_STATUS_PARTIAL,         /* 一部実施 */
  BANSOU_STATUS_NOT_DONE,        /* 未実施 */
  BANSOU_STATUS_NA,              /* 対象外 */
  BANSOU_N_STATUSES
} BansouStatus;

/* Where a body stands in answering a round (進捗). */
typedef enum
{
  BANSOU_PROGRESS_NOT_STARTED = 0, /* 未着手 */
  BANSOU_PROGRESS_ANSWERING,       /* 回答中 */
  BANSOU_PROGRESS_REVIEW,          /* 確認待ち */
  BANSOU_PROGRESS_FINAL,           /* 確定 */
  BANSOU_N_PROGRESS
} BansouProgress;

const char     *bansou_status_to_string      (BansouStatus   status);
BansouStatus    bansou_status_from_string    (const char    *str);
const char     *bansou_status_get_label      (BansouStatus   status);
double          bansou_status_score          (BansouStatus   status);
const char     *bansou_progress_to_string    (BansouProgress progress);
BansouProgress  bansou_progress_from_string  (const char    *str);
const char     *bansou_progress_get_label    (BansouProgress progress);
gboolean        bansou_progress_is_overdue   (BansouProgress progress,
                                              const char    *due,
                                              const char    *today);

const char     *bansou_body_kind_to_string   (BansouBodyKind kind);
BansouBodyKind  bansou_body_kind_from_string (const char    *str);
const char     *bansou_body_kind_get_label   (BansouBodyKind kind);
gboolean        bansou_body_kind_is_municipal (BansouBodyKind kind);
gboolean        bansou_body_kind_is_other_body (BansouBodyKind kind);

G_END_DECLS
