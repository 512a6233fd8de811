/* bansou-calendar.c — the business days of Japanese government offices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Offices close on weekends, on every national holiday (国民の祝日, 振替休日,
 * 国民の休日) and from 12/29 to 1/3 (行政機関の休日に関する法律 1条); a
 * prefecture adds its own days by 条例 (県民の日 …). Dispatch scheduling and
 * the consultation desk's SLAs ask this object, never their own rules.
 *
 * The holidays come from @holiday-jp/holiday_jp (data/holidays.tsv, compiled
 * in as a resource) and cover whole years, 1970–2050. Each day of those
 * years has its kind in a byte table and a running count of business days,
 * so a lookup is O(1), a count of business days between two dates O(1) and
 * adding N business days a short scan (N ≤ 32) or a binary search. The
 * prefecture's days are in bansou-calendar-closed.c, office hours in
 * bansou-calendar-hours.c. Outside those years nobody knows
 * the holidays: only weekends, 年末年始 and the prefecture's own days close
 * an office there, and the answers step day by day.
 */
#define G_LOG_DOMAIN "bansou-calendar"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-calendar-private.h"
#include "bansou-core-resources.h"
#include "bansou-store.h"
#include "bansou-wareki.h"

#define DEFAULT_OPENS       (8 * 60 + 30)
#define DEFAULT_CLOSES      (17 * 60 + 15)

enum
{
  PROP_0,
  PROP_PREFECTURE,
  PROP_OPENS,
  PROP_CLOSES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE (BansouCalendar, bansou_calendar, G_TYPE_OBJECT)
G_DEFINE_QUARK (bansou-calendar-error-quark, bansou_calendar_error)

/* ------------------------------------------------------------------------
 * The national table, read once from the resource
 * --------------------------------------------------------------------- */

typedef struct
{
  guint32    first;       /* julian day of 1 January of the first year */
  guint      n_days;
  int        first_year;
  int        last_year;
  guint8    *kinds;       /* without the prefecture's days */
  guint16   *name_index;  /* 0: no holiday, else names[i - 1] */
  GPtrArray *names;
} NationalTable;

/* Weekends and 年末年始 by arithmetic alone: outside the table this runs
 * for every day stepped over. Julian day 1 is Monday, 1 January of year 1;
 * the month and day come from H. Hinnant's days-to-civil algorithm. */
static BansouDayKind
rule_kind (guint32 julian)
{
  gint64 z = (gint64) julian - 719163 + 719468;   /* days since 0000-03-01 */
  gint64 era = z / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  int day = doy - (153 * mp + 2) / 5 + 1;
  int month = mp < 10 ? mp + 3 : mp - 9;
  int weekday = (julian - 1) % 7;                /* 0: Monday */

  if ((month == 12 && day >= 29) || (month == 1 && day <= 3))
    return BANSOU_DAY_YEAR_END;
  if (weekday == 5)
    return BANSOU_DAY_SATURDAY;
  if (weekday == 6)
    return BANSOU_DAY_SUNDAY;
  return BANSOU_DAY_BUSINESS;
}

/* The package names a substitute holiday "元日 振替休日" and a 国民の休日
 * "休日", as the Cabinet Office's list does (see convert-holiday-jp.py);
 * datasets before 1.2.2 said "振替休日" and "国民の休日". */
static BansouDayKind
holiday_kind (const char *name)
{
  if (g_str_has_suffix (name, "振替休日"))
    return BANSOU_DAY_SUBSTITUTE;
  if (g_str_equal (name, "休日") || g_str_equal (name, "国民の休日"))
    return BANSOU_DAY_CITIZENS;
  return BANSOU_DAY_HOLIDAY;
}

static NationalTable *
national_table_load (void)
{
  NationalTable *table = g_new0 (NationalTable, 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_free);
  g_autoptr(GPtrArray) day_names = g_ptr_array_new ();
  g_autoptr(GHashTable) index_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) lines = NULL;

  bytes = g_resource_lookup_data (bansou_core_get_resource (), "/jp/bansou/core/holidays.tsv",
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The holiday table is missing from the core's resources: %s", error->message);

  table->names = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;
      GDate *date;
      gpointer index;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      cells = g_strsplit (lines[i], "\t", 2);
      if (g_strv_length (cells) != 2 || !(date = bansou_date_parse_iso (cells[0])))
        g_error ("holidays.tsv line %u is not “date<TAB>name”", i + 1);
      if (!g_hash_table_lookup_extended (index_of, cells[1], NULL, &index))
        {
          g_ptr_array_add (table->names, g_strdup (cells[1]));
          index = GUINT_TO_POINTER (table->names->len);
          g_hash_table_insert (index_of, g_ptr_array_index (table->names, table->names->len - 1), index);
        }
      g_ptr_array_add (days, date);
      g_ptr_array_add (day_names, index);
    }
  if (days->len == 0 || table->names->len >= G_MAXUINT16)
    g_error ("holidays.tsv has no holidays, or too many names");

  table->first_year = g_date_get_year (g_ptr_array_index (days, 0));
  table->last_year = g_date_get_year (g_ptr_array_index (days, days->len - 1));
  {
    g_autoptr(GDate) first = g_date_new_dmy (1, G_DATE_JANUARY, table->first_year);
    g_autoptr(GDate) last = g_date_new_dmy (31, G_DATE_DECEMBER, table->last_year);

    table->first = g_date_get_julian (first);
    table->n_days = g_date_get_julian (last) - table->first + 1;
  }

  table->kinds = g_new (guint8, table->n_days);
  table->name_index = g_new0 (guint16, table->n_days);
  for (guint d = 0; d < table->n_days; d++)
    table->kinds[d] = rule_kind (table->first + d);
  for (guint i = 0; i < days->len; i++)
    {
      guint d = g_date_get_julian (g_ptr_array_index (days, i)) - table->first;
      guint index = GPOINTER_TO_UINT (g_ptr_array_index (day_names, i));

      table->name_index[d] = index;
      table->kinds[d] = holiday_kind (g_ptr_array_index (table->names, index - 1));
    }

  return table;
}

static const NationalTable *
national_table (void)
{
  static NationalTable *table;

  if (g_once_init_enter (&table))
    g_once_init_leave (&table, national_table_load ());
  return table;
}

/* ------------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

static inline gboolean
in_table (const NationalTable *t,
          guint32              julian)
{
  return julian >= t->first && julian - t->first < t->n_days;
}

static inline BansouDayKind
kind_of (BansouCalendar *self,
         guint32         julian)
{
  const NationalTable *t = national_table ();
  BansouDayKind kind;

  if (in_table (t, julian))
    return self->kinds[julian - t->first];

  kind = rule_kind (julian);
  if (kind != BANSOU_DAY_YEAR_END &&
      g_hash_table_contains (self->closed, GUINT_TO_POINTER (julian)))
    return BANSOU_DAY_CLOSED;
  return kind;
}

void
_bansou_calendar_rebuild (BansouCalendar *self)
{
  const NationalTable *t = national_table ();
  GHashTableIter iter;
  gpointer key;
  guint32 count = 0;

  memcpy (self->kinds, t->kinds, t->n_days);

  /* A national holiday or 年末年始 wins over the prefecture's day: it has
   * the better name, and a newer holiday table may have moved a holiday
   * onto a day the prefecture registered earlier. The weekend does not. */
  g_hash_table_iter_init (&iter, self->closed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint32 julian = GPOINTER_TO_UINT (key);

      if (in_table (t, julian) &&
          (self->kinds[julian - t->first] == BANSOU_DAY_BUSINESS ||
           self->kinds[julian - t->first] == BANSOU_DAY_SATURDAY ||
           self->kinds[julian - t->first] == BANSOU_DAY_SUNDAY))
        self->kinds[julian - t->first] = BANSOU_DAY_CLOSED;
    }

  for (guint d = 0; d < t->n_days; d++)
    {
      count += self->kinds[d] == BANSOU_DAY_BUSINESS;
      self->business[d] = count;
    }
}

/* Business days in (a, b], a < b, stepping outside the table. */
static gint64
count_after (BansouCalendar *self,
             guint32         a,
             guint32         b)
{
  const NationalTable *t = national_table ();
  guint32 last = t->first + t->n_days - 1;
  gint64 n = 0;
  guint32 j = a + 1;

  for (; j <= b && j < t->first; j++)
    n += kind_of (self, j) == BANSOU_DAY_BUSINESS;
  if (j <= b && j <= last)
    {
      guint32 end = MIN (b, last);

      n += self->business[end - t->first] - (j > t->first ? self->business[j - 1 - t->first] : 0);
      j = end + 1;
    }
  for (; j <= b; j++)
    n += kind_of (self, j) == BANSOU_DAY_BUSINESS;

  return n;
}

/* The first day of the table whose running count reaches @target. */
static guint32
find_count (BansouCalendar *self,
            guint           lo,
            guint32         target)
{
  const NationalTable *t = national_table ();
  guint hi = t->n_days - 1;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->business[mid] >= target)
        hi = mid;
      else
        lo = mid + 1;
    }
  return t->first + lo;
}

/* GDate holds years 1–65535; stop well short of either end. */
static gboolean
julian_ok (gint64 julian)
{
  return julian > 366 && julian < (gint64) 9999 * 366;
}

static gboolean
step (BansouCalendar *self,
      guint32        *julian,
      gint64          n)
{
  const NationalTable *t = national_table ();
  gint64 j = *julian;

  g_assert (n != 0);

  /* Within the table: a few business days by scanning the kinds (what
   * scheduling and SLAs ask), more by a binary search over the counts. */
  if (in_table (t, *julian) && ABS (n) <= 32)
    {
      gint64 left = ABS (n);
      int dir = n > 0 ? 1 : -1;

      for (gint64 k = (gint64) (*julian - t->first) + dir; k >= 0 && k < t->n_days; k += dir)
        if (self->kinds[k] == BANSOU_DAY_BUSINESS && --left == 0)
          {
            *julian = t->first + k;
            return TRUE;
          }
    }
  else if (in_table (t, *julian))
    {
      guint d = *julian - t->first;

      if (n > 0 && self->business[d] + n <= self->business[t->n_days - 1])
        {
          *julian = find_count (self, d + 1, self->business[d] + n);
          return TRUE;
        }
      if (n < 0)
        {
          gint64 before = d > 0 ? self->business[d - 1] : 0;
          gint64 target = before + n + 1;

          if (target >= 1)
            {
              *julian = find_count (self, 0, target);
              return TRUE;
            }
        }
    }

  for (gint64 left = ABS (n); left > 0;)
    {
      j += n > 0 ? 1 : -1;
      if (!julian_ok (j))
        return FALSE;
      if (kind_of (self, j) == BANSOU_DAY_BUSINESS)
        left--;
    }
  *julian = j;
  return TRUE;
}

/* ------------------------------------------------------------------------
 * GObject
 * --------------------------------------------------------------------- */

static void
bansou_calendar_finalize (GObject *object)
{
  BansouCalendar *self = BANSOU_CALENDAR (object);

  g_clear_pointer (&self->prefecture, g_free);
  g_clear_pointer (&self->kinds, g_free);
  g_clear_pointer (&self->business, g_free);
  g_clear_pointer (&self->closed, g_hash_table_unref);

  G_OBJECT_CLASS (bansou_calendar_parent_class)->finalize (object);
}

static void
bansou_calendar_dispose (GObject *object)
{
  BansouCalendar *self = BANSOU_CALENDAR (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (bansou_calendar_parent_class)->dispose (object);
}

static void
bansou_calendar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BansouCalendar *self = BANSOU_CALENDAR (object);

  switch (prop_id)
    {
    case PROP_PREFECTURE:
      g_value_set_string (value, self->prefecture);
      break;
    case PROP_OPENS:
      g_value_set_uint (value, self->opens);
      break;
    case PROP_CLOSES:
      g_value_set_uint (value, self->closes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_calendar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BansouCalendar *self = BANSOU_CALENDAR (object);

  switch (prop_id)
    {
    case PROP_OPENS:
      bansou_calendar_set_office_hours (self, g_value_get_uint (value), self->closes);
      break;
    case PROP_CLOSES:
      bansou_calendar_set_office_hours (self, self->opens, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_calendar_class_init (BansouCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = bansou_calendar_dispose;
  object_class->finalize = bansou_calendar_finalize;
  object_class->get_property = bansou_calendar_get_property;
  object_class->set_property = bansou_calendar_set_property;

  /* The prefecture whose closed days count, from the store's scope. */
  properties[PROP_PREFECTURE] =
    g_param_spec_string ("prefecture", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Office hours for bansou_calendar_business_seconds(), in minutes after
   * midnight, Japan time: 8:30–17:15 by default. */
  properties[PROP_OPENS] =
    g_param_spec_uint ("opens", NULL, NULL, 0, 24 * 60, DEFAULT_OPENS, flags);
  properties[PROP_CLOSES] =
    g_param_spec_uint ("closes", NULL, NULL, 0, 24 * 60, DEFAULT_CLOSES, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bansou_calendar_init (BansouCalendar *self)
{
  const NationalTable *t = national_table ();

  self->opens = DEFAULT_OPENS;
  self->closes = DEFAULT_CLOSES;
  self->kinds = g_new (guint8, t->n_days);
  self->business = g_new (guint32, t->n_days);
  self->closed = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  _bansou_calendar_rebuild (self);
}

/* ------------------------------------------------------------------------
 * Public API
 * --------------------------------------------------------------------- */

/**
 * bansou_calendar_new:
 *
 * Returns: (transfer full): the national calendar, without any
 *   prefecture's own closed days
 */
BansouCalendar *
bansou_calendar_new (void)
{
  return g_object_new (BANSOU_TYPE_CALENDAR, NULL);
}

/**
 * bansou_calendar_new_for_store:
 *
 * The calendar of the prefecture @store serves: the national one plus the
 * prefecture's closed days as they are in @store now. A national desk's
 * (or a fresh) store gives the national calendar.
 *
 * Returns: (transfer full) (nullable): the calendar, or %NULL if @store
 *   could not be read
 */
BansouCalendar *
bansou_calendar_new_for_store (BansouStore  *store,
                               GError      **error)
{
  g_autoptr(BansouCalendar) self = NULL;
  g_autofree char *scope = NULL;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);

  self = bansou_calendar_new ();
  self->store = g_object_ref (store);
  scope = bansou_store_get_setting (store, "prefecture");
  if (scope != NULL && !g_str_equal (scope, BANSOU_SCOPE_NATIONAL))
    self->prefecture = g_steal_pointer (&scope);

  if (!_bansou_calendar_load_closed_days (self, error))
    return NULL;
  _bansou_calendar_rebuild (self);

  return g_steal_pointer (&self);
}

const char *
bansou_calendar_get_prefecture (BansouCalendar *self)
{
  g_return_val_if_fail (BANSOU_IS_CALENDAR (self), NULL);
  return self->prefecture;
}

/**
 * bansou_calendar_get_data_years:
 *
 * The years whose national holidays are known (1970–2050). Outside them
 * only weekends, 年末年始 and the prefecture's own days are closed.
 */
void
bansou_calendar_get_data_years (int *first,
                                int *last)
{
  const NationalTable *t = national_table ();

  if (first)
    *first = t->first_year;
  if (last)
    *last = t->last_year;
}

/**
 * bansou_calendar_get_day_kind:
 *
 * Returns: why @date is closed, or %BANSOU_DAY_BUSINESS
 */
BansouDayKind
bansou_calendar_get_day_kind (BansouCalendar *self,
                              const GDate    *date)
{
  g_return_val_if_fail (BANSOU_IS_CALENDAR (self), BANSOU_DAY_BUSINESS);
  g_return_val_if_fail (date != NULL && g_date_valid (date), BANSOU_DAY_BUSINESS);

  return kind_of (self, g_date_get_julian (date));
}

/**
 * bansou_calendar_get_holiday_name:
 *
 * Returns: (transfer none) (nullable): the national holiday's name as the
 *   holiday table has it ("こどもの日 振替休日", "休日" for a 国民の休日), or
 *   %NULL on other days
 */
const char *
bansou_calendar_get_holiday_name (BansouCalendar *self,
                                  const GDate    *date)
{
  const NationalTable *t = national_table ();
  guint32 julian;

  g_return_val_if_fail (BANSOU_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  julian = g_date_get_julian (date);
  if (!in_table (t, julian) || t->name_index[julian - t->first] == 0)
    return NULL;
  return g_ptr_array_index (t->names, t->name_index[julian - t->first] - 1);
}

/**
 * bansou_calendar_is_business_day:
 * @reason: (out) (optional) (transfer none): why the office is closed: the
 *   holiday's name (a 国民の休日 is called so), 土曜, 日曜, 年末年始 or the
 *   prefecture's name for its day; %NULL on a business day. Valid as long
 *   as @self and the day are.
 *
 * Returns: whether government offices are open on @date
 */
gboolean
bansou_calendar_is_business_day (BansouCalendar  *self,
                                 const GDate     *date,
                                 const char     **reason)
{
  BansouDayKind kind;
  const char *why = NULL;

  g_return_val_if_fail (BANSOU_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  kind = kind_of (self, g_date_get_julian (date));
  if (reason == NULL)
    return kind == BANSOU_DAY_BUSINESS;

  switch (kind)
    {
    case BANSOU_DAY_BUSINESS:
      break;
    case BANSOU_DAY_SATURDAY:
      why = C_("calendar", "Saturday");
      break;
    case BANSOU_DAY_SUNDAY:
      why = C_("calendar", "Sunday");
      break;
    case BANSOU_DAY_YEAR_END:
      why = C_("calendar", "Year-end holidays");
      break;
    case BANSOU_DAY_CITIZENS:
      why = C_("calendar", "Citizens’ holiday");
      break;
    case BANSOU_DAY_HOLIDAY:
    case BANSOU_DAY_SUBSTITUTE:
      why = bansou_calendar_get_holiday_name (self, date);
      break;
    case BANSOU_DAY_CLOSED:
    case BANSOU_N_DAY_KINDS:
    default:
      why = g_hash_table_lookup (self->closed, GUINT_TO_POINTER (g_date_get_julian (date)));
      break;
    }
  *reason = why;
  return kind == BANSOU_DAY_BUSINESS;
}

/**
 * bansou_day_kind_to_string:
 *
 * Returns: a stable name for files: business, saturday, sunday, year-end,
 *   holiday, substitute, citizens, prefecture
 */
const char *
bansou_day_kind_to_string (BansouDayKind kind)
{
  static const char * const names[] = {
    "business", "saturday", "sunday", "year-end", "holiday", "substitute", "citizens", "prefecture",
  };

  g_return_val_if_fail (kind < BANSOU_N_DAY_KINDS, NULL);
  return names[kind];
}

/**
 * bansou_calendar_add_business_days:
 * @date: (inout): a date; moved to the @n-th business day after it (before
 *   it when @n is negative); left as it is when @n is 0
 *
 * Returns: %FALSE if the answer is beyond the years a #GDate holds (@date
 *   is then unchanged)
 */
gboolean
bansou_calendar_add_business_days (BansouCalendar *self,
                                   GDate          *date,
                                   int             n)
{
  guint32 julian;

  g_return_val_if_fail (BANSOU_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  if (n == 0)
    return TRUE;
  julian = g_date_get_julian (date);
  if (!step (self, &julian, n))
    return FALSE;
  g_date_set_julian (date, julian);
  return TRUE;
}

/**
 * bansou_calendar_next_business_day:
 * @date: (inout): moved to the first business day after it
 */
gboolean
bansou_calendar_next_business_day (BansouCalendar *self,
                                   GDate          *date)
{
  return bansou_calendar_add_business_days (self, date, 1);
}

/**
 * bansou_calendar_previous_business_day:
 * @date: (inout): moved to the last business day before it
 */
gboolean
bansou_calendar_previous_business_day (BansouCalendar *self,
                                       GDate          *date)
{
  return bansou_calendar_add_business_days (self, date, -1);
}

/**
 * bansou_calendar_business_days_between:
 *
 * The business days after @from up to and including @to: a request
 * received on a Monday and answered on the Tuesday took 1. Negative when
 * @to is before @from. For every @n, adding @n business days to a business
 * day @d gives a date that is @n business days from @d.
 *
 * Returns: the count
 */
int
bansou_calendar_business_days_between (BansouCalendar *self,
                                       const GDate    *from,
                                       const GDate    *to)
{
  guint32 a, b;

  g_return_val_if_fail (BANSOU_IS_CALENDAR (self), 0);
  g_return_val_if_fail (from != NULL && g_date_valid (from), 0);
  g_return_val_if_fail (to != NULL && g_date_valid (to), 0);

  a = g_date_get_julian (from);
  b = g_date_get_julian (to);
  if (a == b)
    return 0;
  return a < b ? (int) count_after (self, a, b) : -(int) count_after (self, b, a);
}

/**
 * bansou_calendar_set_office_hours:
 * @opens: minutes after midnight, Japan time (510 for 8:30)
 * @closes: minutes after midnight, after @opens (1035 for 17:15)
 */
void
bansou_calendar_set_office_hours (BansouCalendar *self,
                                  guint           opens,
                                  guint           closes)
{
  g_return_if_fail (BANSOU_IS_CALENDAR (self));
  g_return_if_fail (opens < closes && closes <= 24 * 60);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->opens != opens)
    {
      self->opens = opens;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPENS]);
    }
  if (self->closes != closes)
    {
      self->closes = closes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSES]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
bansou_calendar_get_office_hours (BansouCalendar *self,
                                  guint          *opens,
                                  guint          *closes)
{
  g_return_if_fail (BANSOU_IS_CALENDAR (self));

  if (opens)
    *opens = self->opens;
  if (closes)
    *closes = self->closes;
}
