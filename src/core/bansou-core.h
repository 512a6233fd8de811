/* bansou-core.h — everything the programs use from libbansou-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-types.h"
#include "bansou-util.h"
#include "bansou-code.h"
#include "bansou-store.h"
#include "bansou-body.h"
#include "bansou-registry.h"
#include "bansou-registry-csv.h"
#include "bansou-catalog.h"
#include "bansou-wareki.h"
#include "bansou-calendar.h"
#include "bansou-answer.h"
#include "bansou-round.h"
#include "bansou-survey.h"
#include "bansou-score.h"
#include "bansou-csv.h"
#include "bansou-xlsx-read.h"
#include "bansou-demo.h"
#include "bansou-sync.h"
#include "bansou-cost-split.h"
#include "bansou-procurements.h"
#include "bansou-support.h"
#include "bansou-support-effect.h"
#include "bansou-dispatch.h"
#include "bansou-consult.h"
#include "bansou-consult-escalate.h"
#include "bansou-procurements-read.h"

G_BEGIN_DECLS

void  bansou_core_init          (void);
char *bansou_core_get_localedir (void);
char *bansou_core_get_schema_dir (void);

G_END_DECLS
