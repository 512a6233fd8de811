/* bansou-consult-figures.c — the desk in figures for the regional report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-consult"

#include "config.h"

#include <string.h>

#include "bansou-consult-figures.h"
#include "bansou-consult-private.h"

static gboolean
in_period (const char *at,
           const char *from,
           const char *until)
{
  return at != NULL && (from == NULL || strcmp (at, from) >= 0) && (until == NULL || strcmp (at, until) < 0);
}

static char *
normalise (const char  *at,
           GError     **error,
           gboolean    *ok)
{
  *ok = TRUE;
  if (at == NULL || *at == '\0')
    return NULL;
  {
    char *utc = _bansou_consult_check_instant (at, error);
    *ok = utc != NULL;
    return utc;
  }
}

gboolean
bansou_consult_get_figures (BansouConsult        *self,
                            const char           *prefecture,
                            const char           *from,
                            const char           *until,
                            GDateTime            *now,
                            BansouConsultFigures *figures,
                            GError              **error)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autoptr(GDateTime) current = NULL;
  gboolean ok;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), FALSE);
  g_return_val_if_fail (figures != NULL, FALSE);

  memset (figures, 0, sizeof *figures);
  start = normalise (from, error, &ok);
  if (!ok)
    return FALSE;
  end = normalise (until, error, &ok);
  if (!ok)
    return FALSE;
  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();

  /* One list per state: each carries its tickets' pauses for the SLA. */
  for (int state = 0; state < BANSOU_N_TICKET_STATES; state++)
    {
      BansouTicketFilter filter = { NULL, state, FALSE, 0, current };
      g_autoptr(GPtrArray) tickets = bansou_consult_list (self, &filter, error);

      if (tickets == NULL)
        return FALSE;
      for (guint i = 0; i < tickets->len; i++)
        {
          BansouTicket *t = g_ptr_array_index (tickets, i);
          gboolean received = in_period (t->received_at, start, end);
          gboolean answered = in_period (t->first_response_at, start, end);
          gboolean resolved = in_period (t->resolved_at, start, end);
          gboolean open = t->state != BANSOU_TICKET_CLOSED;
          BansouTicketSla sla;

          if (prefecture != NULL && !g_str_has_prefix (t->body, prefecture))
            continue;
          if (received)
            {
              figures->received++;
              if ((guint) t->category < BANSOU_N_TICKET_CATEGORIES)
                figures->by_category[t->category]++;
              figures->incidents += t->incident != 0;
            }
          if (!answered && !resolved && !open)
            continue;
          if (!bansou_consult_compute_sla (self, t, current, &sla, error))
            return FALSE;
          if (answered)
            {
              figures->first_response_stopped++;
              figures->first_response_met += sla.first_response.met;
            }
          if (resolved)
            {
              figures->resolution_stopped++;
              figures->resolution_met += sla.resolution.met;
            }
          if (open)
            {
              /* as the overdue view counts: past either target */
              figures->open_now++;
              figures->overdue_now += sla.first_response.breached || sla.resolution.breached;
            }
          bansou_ticket_sla_clear (&sla);
        }
    }
  return TRUE;
}
