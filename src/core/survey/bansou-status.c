/* bansou-status.c — answer statuses, progress states and the scoring rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-status"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-types.h"
#include "bansou-wareki.h"

static const struct {
  const char *id;     /* as stored and exchanged */
  const char *label;
} statuses[BANSOU_N_STATUSES] = {
  [BANSOU_STATUS_UNANSWERED] = { "",         N_("Unanswered") },
  [BANSOU_STATUS_DONE]       = { "done",     N_("Implemented") },
  [BANSOU_STATUS_PARTIAL]    = { "partial",  N_("Partly implemented") },
  [BANSOU_STATUS_NOT_DONE]   = { "not_done", N_("Not implemented") },
  [BANSOU_STATUS_NA]         = { "na",       N_("Not applicable") },
};

static const struct {
  const char *id;
  const char *label;
} progress_states[BANSOU_N_PROGRESS] = {
  [BANSOU_PROGRESS_NOT_STARTED] = { "not_started", N_("Not started") },
  [BANSOU_PROGRESS_ANSWERING]   = { "answering",   N_("Answering") },
  [BANSOU_PROGRESS_REVIEW]      = { "review",      N_("Awaiting review") },
  [BANSOU_PROGRESS_FINAL]       = { "final",       N_("Final") },
};

const char *
bansou_status_to_string (BansouStatus status)
{
  g_return_val_if_fail (status < BANSOU_N_STATUSES, "");
  return statuses[status].id;
}

/**
 * bansou_status_from_string:
 * @str: (nullable): "done", "partial", "not_done", "na", or %NULL / "" for
 *   unanswered
 *
 * Returns: the status, or %BANSOU_N_STATUSES if @str names none
 */
BansouStatus
bansou_status_from_string (const char *str)
{
  if (str == NULL || *str == '\0')
    return BANSOU_STATUS_UNANSWERED;
  for (guint i = 1; i < BANSOU_N_STATUSES; i++)
    if (g_str_equal (str, statuses[i].id))
      return i;
  return BANSOU_N_STATUSES;
}

const char *
bansou_status_get_label (BansouStatus status)
{
  g_return_val_if_fail (status < BANSOU_N_STATUSES, NULL);
  return g_dgettext (GETTEXT_PACKAGE, statuses[status].label);
}

/**
 * bansou_status_score:
 *
 * The scoring rule (docs/scoring.md): implemented counts 1, partly
 * implemented ½, not implemented 0. Not applicable and unanswered leave the
 * denominator.
 *
 * Returns: the score from 0 to 1, or a negative number when @status does
 *   not count
 */
double
bansou_status_score (BansouStatus status)
{
  switch (status)
    {
    case BANSOU_STATUS_DONE:
      return 1.0;
    case BANSOU_STATUS_PARTIAL:
      return 0.5;
    case BANSOU_STATUS_NOT_DONE:
      return 0.0;
    case BANSOU_STATUS_UNANSWERED:
    case BANSOU_STATUS_NA:
    case BANSOU_N_STATUSES:
    default:
      return -1.0;
    }
}

const char *
bansou_progress_to_string (BansouProgress progress)
{
  g_return_val_if_fail (progress < BANSOU_N_PROGRESS, NULL);
  return progress_states[progress].id;
}

/**
 * bansou_progress_from_string:
 *
 * Returns: the state, or %BANSOU_N_PROGRESS if @str names none
 */
BansouProgress
bansou_progress_from_string (const char *str)
{
  for (guint i = 0; i < BANSOU_N_PROGRESS; i++)
    if (g_strcmp0 (str, progress_states[i].id) == 0)
      return i;
  return BANSOU_N_PROGRESS;
}

const char *
bansou_progress_get_label (BansouProgress progress)
{
  g_return_val_if_fail (progress < BANSOU_N_PROGRESS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, progress_states[progress].label);
}

/**
 * bansou_progress_is_overdue:
 * @due: (nullable): the due date, "YYYY-MM-DD"
 * @today: (nullable): today as "YYYY-MM-DD", or %NULL for today in the
 *   local time zone (offices count days in Japan time); pass it when
 *   asking for many bodies at once
 *
 * The one overdue rule of the survey, its overview, the pages and
 * bansouctl: a due date before today, and not final.
 *
 * Returns: %TRUE if a body in @progress with @due is overdue
 */
gboolean
bansou_progress_is_overdue (BansouProgress  progress,
                            const char     *due,
                            const char     *today)
{
  g_autofree char *today_iso = NULL;

  if (due == NULL || *due == '\0' || progress == BANSOU_PROGRESS_FINAL)
    return FALSE;
  if (today == NULL)
    {
      g_autoptr(GDate) date = bansou_date_today ();

      today = today_iso = bansou_date_to_iso (date);
    }
  /* ISO dates compare as strings. */
  return strcmp (due, today) < 0;
}
