/* bansou-dispatch-suggest.c — experts suggested for a request
 *
 * Each active expert of the pool is ranked by three things, each with
 * its reason in words:
 *   skill     the request's questions the expert's skills cover (a skill
 *             on the question itself, or on its measure), weighted by the
 *             skill's level: 60 % of the score;
 *   soon      the first business day in the wanted period (from today; an
 *             incident: today only) on which the expert has a free slot of
 *             two hours in office hours, within contract and 守秘義務, caps
 *             and days a week: 25 %, the sooner the more;
 *   workload  the visits of that month against the expert's cap (or
 *             against the pool's busiest when there is no cap): 15 %.
 * Experts with a free slot in the window come first, then the others.
 * One read of the experts, their skills and the visits of the window's
 * months; the rest is in memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-dispatch"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-dispatch-private.h"
#include "bansou-wareki.h"

#define SLOT_MINUTES   120
#define DEFAULT_WINDOW 30   /* days, when the request gives no end */

void
bansou_suggestion_free (BansouSuggestion *s)
{
  if (s == NULL)
    return;
  g_free (s->expert);
  g_free (s->name);
  g_free (s->first_day);
  g_free (s->reason);
  g_free (s);
}

typedef struct
{
  guint julian;
  guint start;
  guint end;
} Busy;

typedef struct
{
  BansouExpert *e;
  GArray       *busy;     /* Busy, by day and start */
  GHashTable   *months;   /* "YYYY-MM" → visits (guint) */
  GHashTable   *minutes;  /* "YYYY-MM" → minutes (guint) */
} Candidate;

static void
candidate_clear (Candidate *c)
{
  g_array_unref (c->busy);
  g_hash_table_unref (c->months);
  g_hash_table_unref (c->minutes);
}

static guint
month_value (GHashTable *table,
             const char *month)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (table, month));
}

/* Days of the ISO week of @julian with a visit of @c. */
static guint
week_days (Candidate *c,
           guint      julian,
           guint      weekday)
{
  guint monday = julian - (weekday - G_DATE_MONDAY);
  guint n = 0, last = 0;

  for (guint i = 0; i < c->busy->len; i++)
    {
      Busy *b = &g_array_index (c->busy, Busy, i);
      if (b->julian >= monday && b->julian < monday + 7 && b->julian != last)
        n++, last = b->julian;
    }
  return n;
}

/* The first free slot of @c on @julian in office hours, or FALSE. */
static gboolean
free_slot (Candidate *c,
           guint      julian,
           guint      opens,
           guint      closes,
           guint     *start)
{
  guint at = opens;

  for (guint i = 0; i < c->busy->len; i++)
    {
      Busy *b = &g_array_index (c->busy, Busy, i);

      if (b->julian < julian)
        continue;
      if (b->julian > julian)
        break;
      if (b->start >= at + SLOT_MINUTES)
        break;
      at = MAX (at, b->end);
    }
  if (at + SLOT_MINUTES > closes)
    return FALSE;
  *start = at;
  return TRUE;
}

static double
skill_match (BansouDispatch  *self,
             BansouExpert    *e,
             GStrv            questions,
             guint           *matched,
             guint           *best_level)
{
  double sum = 0;

  *matched = 0;
  *best_level = 0;
  for (guint q = 0; questions[q]; q++)
    {
      const BansouQuestion *question = bansou_catalog_lookup_question (self->catalog, questions[q]);
      guint level = 0;

      for (guint s = 0; s < e->skills->len; s++)
        {
          BansouExpertSkill *sk = &g_array_index (e->skills, BansouExpertSkill, s);

          if (g_str_equal (sk->target, questions[q]) ||
              (question && g_str_equal (sk->target, question->measure->id)))
            level = MAX (level, sk->level);
        }
      if (level > 0)
        {
          (*matched)++;
          sum += level / 3.0;
          *best_level = MAX (*best_level, level);
        }
    }
  return questions[0] ? sum / g_strv_length (questions) : 0;
}

static int
compare_suggestions (gconstpointer a,
                     gconstpointer b)
{
  const BansouSuggestion *x = *(BansouSuggestion * const *) a;
  const BansouSuggestion *y = *(BansouSuggestion * const *) b;

  /* An expert who can come in the window before one who cannot. */
  if ((x->first_day == NULL) != (y->first_day == NULL))
    return x->first_day == NULL ? 1 : -1;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}

/**
 * bansou_dispatch_suggest:
 * @request: the request's id, prefix or number
 * @max: at most this many, 0 for all
 *
 * Returns: (transfer container) (element-type BansouSuggestion): the
 *   active experts, best first, each with the reason of its rank
 */
GPtrArray *
bansou_dispatch_suggest (BansouDispatch  *self,
                         const char      *request,
                         guint            max,
                         GError         **error)
{
  g_autoptr(BansouDispatchRequest) r = NULL;
  g_autoptr(GPtrArray) experts = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_suggestion_free);
  g_autoptr(GArray) cands = g_array_new (FALSE, TRUE, sizeof (Candidate));
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDate) today = bansou_date_today ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GDate from, until, month_start, month_end;
  g_autofree char *from_iso = NULL;
  g_autofree char *until_iso = NULL;
  g_autofree char *m_from = NULL;
  g_autofree char *m_until = NULL;
  guint opens, closes, window_days, busiest = 1;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);

  if (!(r = bansou_dispatch_get_request (self, request, error)))
    return NULL;

  /* The window: from today (or the wanted start), to the wanted end or a month on. */
  from = *today;
  if (r->urgency != BANSOU_URGENCY_INCIDENT && r->wanted_from)
    {
      g_autoptr(GDate) w = bansou_date_parse_iso (r->wanted_from);
      if (g_date_compare (w, &from) > 0)
        from = *w;
    }
  until = from;
  if (r->urgency == BANSOU_URGENCY_INCIDENT)
    ;
  else if (r->wanted_until)
    {
      g_autoptr(GDate) w = bansou_date_parse_iso (r->wanted_until);
      until = *w;
    }
  else
    g_date_add_days (&until, DEFAULT_WINDOW);
  window_days = g_date_compare (&until, &from) >= 0 ? g_date_days_between (&from, &until) + 1 : 0;

  month_start = from;
  g_date_set_day (&month_start, 1);
  month_end = until;
  g_date_set_day (&month_end, g_date_get_days_in_month (g_date_get_month (&until), g_date_get_year (&until)));
  from_iso = bansou_date_to_iso (&from);
  until_iso = bansou_date_to_iso (&until);
  m_from = bansou_date_to_iso (&month_start);
  m_until = bansou_date_to_iso (&month_end);
  bansou_calendar_get_office_hours (self->calendar, &opens, &closes);

  if (!(experts = bansou_dispatch_list_experts (self, TRUE, error)))
    return NULL;
  g_array_set_size (cands, experts->len);
  for (guint i = 0; i < experts->len; i++)
    {
      Candidate *c = &g_array_index (cands, Candidate, i);

      c->e = g_ptr_array_index (experts, i);
      c->busy = g_array_new (FALSE, FALSE, sizeof (Busy));
      c->months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      c->minutes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (by_id, c->e->id, c);
    }
  g_array_set_clear_func (cands, (GDestroyNotify) candidate_clear);

  /* The visits of the window's months: busy slots and the months' loads. */
  stmt = _bansou_store_prepare (self->store,
                                "SELECT expert, day, start_min, end_min FROM visits "
                                "WHERE day BETWEEN ?1 AND ?2 AND state <> 'cancelled' "
                                "ORDER BY expert, day, start_min", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, m_from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, m_until, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Candidate *c = g_hash_table_lookup (by_id, _bansou_column_text (stmt, 0));
      const char *day = _bansou_column_text (stmt, 1);
      g_autofree char *month = g_strndup (day, 7);
      GDate d;
      Busy b;

      if (c == NULL)
        continue;
      g_date_clear (&d, 1);
      g_date_set_parse (&d, day);
      if (!g_date_valid (&d))
        continue;
      b.julian = g_date_get_julian (&d);
      b.start = sqlite3_column_int (stmt, 2);
      b.end = sqlite3_column_int (stmt, 3);
      g_array_append_val (c->busy, b);
      g_hash_table_insert (c->months, g_strdup (month), GUINT_TO_POINTER (month_value (c->months, month) + 1));
      g_hash_table_insert (c->minutes, g_strdup (month),
                           GUINT_TO_POINTER (month_value (c->minutes, month) + b.end - b.start));
      busiest = MAX (busiest, month_value (c->months, month));
    }

  for (guint i = 0; i < cands->len; i++)
    {
      Candidate *c = &g_array_index (cands, Candidate, i);
      BansouExpert *e = c->e;
      BansouSuggestion *s = g_new0 (BansouSuggestion, 1);
      g_autoptr(GString) reason = g_string_new (NULL);
      char month[8];
      double skill, soon = 0, load;
      guint best_level, offset = 0;
      GDate d = from;

      skill = skill_match (self, e, r->questions, &s->matched, &best_level);
      s->expert = g_strdup (e->id);
      s->name = g_strdup (e->name);
      s->n_questions = g_strv_length (r->questions);
      s->monthly_cap = e->monthly_visits;

      /* The first business day with a free slot that breaks no rule. */
      for (offset = 0; offset < window_days; offset++, g_date_add_days (&d, 1))
        {
          g_autofree char *iso = NULL;
          guint start;

          if (!bansou_calendar_is_business_day (self->calendar, &d, NULL))
            continue;
          iso = bansou_date_to_iso (&d);
          if ((e->contract_start && strcmp (iso, e->contract_start) < 0) ||
              (e->contract_end && strcmp (iso, e->contract_end) > 0) ||
              e->nda_signed_on == NULL || strcmp (iso, e->nda_signed_on) < 0 ||
              (e->nda_expires_on && strcmp (iso, e->nda_expires_on) > 0))
            continue;
          g_strlcpy (month, iso, sizeof month);
          if ((e->monthly_visits >= 0 && month_value (c->months, month) + 1 > e->monthly_visits) ||
              (e->monthly_minutes >= 0 && month_value (c->minutes, month) + SLOT_MINUTES > e->monthly_minutes))
            continue;
          if (!free_slot (c, g_date_get_julian (&d), opens, closes, &start))
            continue;
          {
            gboolean worked_that_day = FALSE;
            for (guint k = 0; k < c->busy->len; k++)
              worked_that_day |= g_array_index (c->busy, Busy, k).julian == g_date_get_julian (&d);
            if (!worked_that_day &&
                week_days (c, g_date_get_julian (&d), g_date_get_weekday (&d)) + 1 > e->days_per_week)
              continue;
          }
          s->first_day = g_steal_pointer (&iso);
          s->start_min = start;
          s->end_min = start + SLOT_MINUTES;
          break;
        }
      if (s->first_day)
        soon = window_days > 1 ? 1.0 - (double) offset / window_days : 1.0;
      g_strlcpy (month, s->first_day ? s->first_day : from_iso, sizeof month);
      s->visits_in_month = month_value (c->months, month);
      load = e->monthly_visits > 0 ? 1.0 - MIN (1.0, (double) s->visits_in_month / e->monthly_visits)
                                   : e->monthly_visits == 0 ? 0 : 1.0 - (double) s->visits_in_month / (busiest + 1);
      s->score = 0.60 * skill + 0.25 * soon + 0.15 * load;

      /* The reason, in words */
      if (s->n_questions == 0)
        g_string_append (reason, _("the request links no questions"));
      else if (s->matched == 0)
        g_string_append_printf (reason, _("no skill for the %u questions"), s->n_questions);
      else
        g_string_append_printf (reason, _("skills for %u of %u questions (level up to %u)"),
                                s->matched, s->n_questions, best_level);
      g_string_append (reason, C_("suggestion", "; "));
      if (s->first_day)
        {
          g_autoptr(GDate) fd = bansou_date_parse_iso (s->first_day);
          g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (fd), g_date_get_month (fd),
                                                           g_date_get_day (fd), 0, 0, 0);
          /* Translators: g_date_time_format () of the first free day */
          g_autofree char *day_text = g_date_time_format (dt, _("%a %e %b"));
          g_autofree char *time_text = _bansou_dispatch_format_time (s->start_min);

          g_string_append_printf (reason, _("free from %s %s"), day_text, time_text);
        }
      else
        g_string_append (reason, _("no free business day in the wanted period"));
      g_string_append (reason, C_("suggestion", "; "));
      if (e->monthly_visits >= 0)
        g_string_append_printf (reason, _("%u visits that month of at most %d"),
                                s->visits_in_month, (int) e->monthly_visits);
      else
        g_string_append_printf (reason, _("%u visits that month, no cap"), s->visits_in_month);
      s->reason = g_string_free (g_steal_pointer (&reason), FALSE);
      g_ptr_array_add (out, s);
    }

  g_ptr_array_sort (out, compare_suggestions);
  if (max > 0 && out->len > max)
    g_ptr_array_set_size (out, max);
  return g_steal_pointer (&out);
}
