/* bansou-procurements.h — the ledger of joint procurements (共同調達)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

#include "bansou-catalog.h"
#include "bansou-cost-split.h"
#include "bansou-registry.h"
#include "bansou-store.h"

G_BEGIN_DECLS

typedef enum
{
  BANSOU_PROCUREMENT_SECURITY_CLOUD,            /* セキュリティクラウド更新 */
  BANSOU_PROCUREMENT_FILE_SANITIZATION,         /* ファイル無害化 */
  BANSOU_PROCUREMENT_ONLINE_STORAGE,            /* オンラインストレージ */
  BANSOU_PROCUREMENT_BETA_PRIME,                /* β'モデル/テレワーク基盤 */
  BANSOU_PROCUREMENT_GOV_CLOUD,                 /* ガバメントクラウド接続 */
  BANSOU_PROCUREMENT_TRAINING,                  /* 研修・訓練 */
  BANSOU_PROCUREMENT_VULNERABILITY_ASSESSMENT,  /* 脆弱性診断 */
  BANSOU_PROCUREMENT_EXTERNAL_AUDIT,            /* 外部監査 */
  BANSOU_PROCUREMENT_OTHER,                     /* その他 */
  BANSOU_PROCUREMENT_N_TYPES
} BansouProcurementType;

/* In the order a procurement goes through them. */
typedef enum
{
  BANSOU_PHASE_SPEC,       /* 仕様調整 */
  BANSOU_PHASE_NOTICE,     /* 公告 */
  BANSOU_PHASE_CONTRACT,   /* 契約: needs the supply-chain checks, or an override */
  BANSOU_PHASE_BUILD,      /* 構築 */
  BANSOU_PHASE_OPERATION,  /* 運用 */
  BANSOU_PHASE_RENEWAL,    /* 更新 */
  BANSOU_N_PHASES
} BansouProcurementPhase;

typedef struct
{
  char   *body;
  char   *name;         /* from the registry */
  char   *joined_on;    /* 'YYYY-MM-DD', or NULL: from the contract start */
  char   *left_on;      /* or NULL: to the contract end */
  gint64  population;   /* from the body's profile; -1 unknown */
  gint64  terminals;    /* -1 unknown */
  gint64  users;        /* -1 unknown */
  gint64  standalone;   /* its own estimate alone, yen; -1 none */
} BansouParticipant;

typedef struct
{
  char                   *id;               /* a UUID, made where the project was added */
  char                   *title;
  BansouProcurementType   type;
  char                   *lead_prefecture;  /* two digits */
  char                   *lead_council;     /* "" when the prefecture leads itself */
  BansouProcurementPhase  phase;
  char                   *phase_dates[BANSOU_N_PHASES];  /* nullable */
  char                   *contract_start;   /* nullable */
  char                   *contract_end;     /* nullable */
  BansouCostParams        cost;
  gint64                  standalone_fixed;     /* -1: no model */
  gint64                  standalone_per_unit;  /* -1: no model */
  BansouCostBasis         standalone_basis;
  char                   *vendor;
  gboolean                sc_criteria;
  char                   *sc_declaration_on;    /* nullable */
  char                   *sc_declaration_ref;
  gboolean                sc_penalty;
  gboolean                sc_desk_required;
  char                   *sc_desk_consulted;    /* nullable */
  char                   *override_reason;
  char                   *notes;
  GStrv                   questions;
  GPtrArray              *participants;         /* BansouParticipant, by body code */
} BansouProject;

typedef struct
{
  const BansouParticipant *participant;
  gint64                   days;
  gint64                   share;
  gint64                   basis_shares[BANSOU_COST_N_BASES];
  gint64                   standalone;  /* entered or modelled; -1 none */
  gint64                   savings;     /* standalone − share; 0 without an estimate */
} BansouShareRow;

typedef struct
{
  BansouProject   *project;
  BansouCostSplit *split;
  gint64           contract_days;   /* 0: no contract period, no pro-rating */
  GArray          *rows;            /* BansouShareRow, by body code */
  gint64           standalone_total;
  gint64           shares_with_estimate;
  gint64           savings_total;
} BansouShareTable;

#define BANSOU_TYPE_PROCUREMENTS (bansou_procurements_get_type ())

G_DECLARE_FINAL_TYPE (BansouProcurements, bansou_procurements, BANSOU, PROCUREMENTS, GObject)

const char            *bansou_procurement_type_to_string  (BansouProcurementType  type);
const char            *bansou_procurement_type_get_label  (BansouProcurementType  type);
BansouProcurementType  bansou_procurement_type_from_string (const char            *text);
const char            *bansou_phase_to_string             (BansouProcurementPhase phase);
const char            *bansou_phase_get_label             (BansouProcurementPhase phase);
BansouProcurementPhase bansou_phase_from_string           (const char            *text);

BansouProcurements *bansou_procurements_new          (BansouRegistry     *registry,
                                                      BansouCatalog      *catalog);
const char * const *bansou_procurements_get_fields   (void);

char               *bansou_procurements_add          (BansouProcurements *self,
                                                      const char         *title,
                                                      BansouProcurementType type,
                                                      const char         *lead_prefecture,
                                                      const char         *council,
                                                      GError            **error);
GPtrArray          *bansou_procurements_list         (BansouProcurements *self,
                                                      GError            **error);
BansouProject      *bansou_procurements_lookup       (BansouProcurements *self,
                                                      const char         *id,
                                                      GError            **error);
gboolean            bansou_procurements_set_field    (BansouProcurements *self,
                                                      const char         *id,
                                                      const char         *field,
                                                      const char         *value,
                                                      GError            **error);
gboolean            bansou_procurements_set_questions (BansouProcurements *self,
                                                      const char         *id,
                                                      const char * const *questions,
                                                      GError            **error);
gboolean            bansou_procurements_set_phase    (BansouProcurements *self,
                                                      const char         *id,
                                                      BansouProcurementPhase phase,
                                                      const char         *on_date,
                                                      GError            **error);
GStrv               bansou_procurements_missing_checks (const BansouProject *project);
gboolean            bansou_procurements_join         (BansouProcurements *self,
                                                      const char         *id,
                                                      const char         *body,
                                                      const char         *joined_on,
                                                      gint64              terminals,
                                                      gint64              users,
                                                      gint64              standalone,
                                                      GError            **error);
gboolean            bansou_procurements_leave        (BansouProcurements *self,
                                                      const char         *id,
                                                      const char         *body,
                                                      const char         *left_on,
                                                      GError            **error);
gboolean            bansou_procurements_set_cost     (BansouProcurements *self,
                                                      const char         *id,
                                                      const BansouCostParams *cost,
                                                      GError            **error);
BansouShareTable   *bansou_procurements_shares       (BansouProcurements *self,
                                                      const char         *id,
                                                      GError            **error);
gboolean            bansou_procurements_import_populations (BansouProcurements *self,
                                                      const char         *data,
                                                      gsize               length,
                                                      guint              *n_changed,
                                                      GError            **error);

gboolean            bansou_cost_parse_method         (const char         *text,
                                                      guint               weights[BANSOU_COST_N_BASES],
                                                      GError            **error);
char               *bansou_cost_format_method        (const guint         weights[BANSOU_COST_N_BASES]);
gboolean            bansou_cost_parse_rate           (const char         *text,
                                                      gint64             *num,
                                                      gint64             *den,
                                                      GError            **error);

void bansou_project_free      (BansouProject    *project);
void bansou_share_table_free  (BansouShareTable *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouProject, bansou_project_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouShareTable, bansou_share_table_free)

G_END_DECLS
