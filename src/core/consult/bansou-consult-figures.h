/* bansou-consult-figures.h — the consultation desk in figures, for the
 * regional report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-consult.h"

G_BEGIN_DECLS

typedef struct
{
  guint received;                                   /* tickets received in the period */
  guint by_category[BANSOU_N_TICKET_CATEGORIES];    /* of those, per category */
  guint incidents;                                  /* of those, in 重大インシデント mode */
  /* SLA met, over the tickets whose clock stopped in the period (a first
   * reply; an answer), whenever they were received */
  guint first_response_stopped;
  guint first_response_met;
  guint resolution_stopped;
  guint resolution_met;
  guint open_now;                                   /* not closed, at @now */
  guint overdue_now;                                /* of those, past a target at @now */
} BansouConsultFigures;

/**
 * bansou_consult_get_figures:
 * @prefecture: (nullable): two digits: the tickets of that prefecture's
 *   bodies; %NULL: every ticket (a national desk)
 * @from: (nullable): ISO 8601 instant, inclusive; %NULL: no start
 * @until: (nullable): ISO 8601 instant, exclusive; %NULL: no end
 * @now: (nullable): when "open" and "overdue" are judged; now when %NULL
 */
gboolean bansou_consult_get_figures (BansouConsult        *self,
                                     const char           *prefecture,
                                     const char           *from,
                                     const char           *until,
                                     GDateTime            *now,
                                     BansouConsultFigures *figures,
                                     GError              **error);

G_END_DECLS
