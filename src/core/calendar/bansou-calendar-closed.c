/* bansou-calendar-closed.c — the prefecture's own closed days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A prefecture closes its offices on days of its own by 条例 (千葉県民の日,
 * 都民の日 …). They are kept in the workbench's store (closed_days, migration
 * 4) for the prefecture it serves, every change in the audit trail, and
 * laid over the national table of the calendar that made the change.
 */
#define G_LOG_DOMAIN "bansou-calendar"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-calendar-private.h"
#include "bansou-store-sql.h"
#include "bansou-wareki.h"

#define CLOSED_DAY_NAME_MAX 40   /* characters */

void
bansou_closed_day_free (BansouClosedDay *day)
{
  if (day == NULL)
    return;
  g_free (day->name);
  g_free (day);
}

gboolean
_bansou_calendar_load_closed_days (BansouCalendar  *self,
                                   GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) closed = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  int rc;

  if (self->store == NULL || self->prefecture == NULL)
    {
      g_hash_table_remove_all (self->closed);
      return TRUE;
    }

  stmt = _bansou_store_prepare (self->store,
                                "SELECT day, name FROM closed_days WHERE prefecture = ? ORDER BY day",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->prefecture, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GDate) date = bansou_date_parse_iso (_bansou_column_text (stmt, 0));

      if (date != NULL)
        g_hash_table_insert (closed, GUINT_TO_POINTER (g_date_get_julian (date)),
                             g_strdup (_bansou_column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading the prefecture’s closed days"));
      return FALSE;
    }

  g_clear_pointer (&self->closed, g_hash_table_unref);
  self->closed = g_steal_pointer (&closed);
  return TRUE;
}

/**
 * bansou_calendar_reload:
 *
 * Reads the prefecture's closed days again, for when another program
 * (bansouctl, a sync) changed them.
 */
gboolean
bansou_calendar_reload (BansouCalendar  *self,
                        GError         **error)
{
  g_return_val_if_fail (BANSOU_IS_CALENDAR (self), FALSE);

  if (!_bansou_calendar_load_closed_days (self, error))
    return FALSE;
  _bansou_calendar_rebuild (self);
  return TRUE;
}

typedef struct
{
  const char *prefecture;
  const char *day;
  const char *name;      /* NULL: remove */
  const char *old_name;
} ClosedDayOp;

static gboolean
closed_day_cb (BansouStore  *store,
               gpointer      user_data,
               GError      **error)
{
  ClosedDayOp *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key = g_strdup_printf ("%s/%s", op->prefecture, op->day);

  if (op->name != NULL)
    stmt = _bansou_store_prepare (store,
                                  "INSERT INTO closed_days (prefecture, day, name) VALUES (?, ?, ?)",
                                  error);
  else
    stmt = _bansou_store_prepare (store,
                                  "DELETE FROM closed_days WHERE prefecture = ? AND day = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->prefecture, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, op->day, -1, SQLITE_TRANSIENT);
  if (op->name != NULL)
    sqlite3_bind_text (stmt, 3, op->name, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;

  return bansou_store_audit (store, "closed-day", key, "name", op->old_name, op->name, error);
}

static gboolean
check_writable (BansouCalendar  *self,
                GError         **error)
{
  if (self->store == NULL || self->prefecture == NULL)
    {
      g_set_error_literal (error, BANSOU_CALENDAR_ERROR, BANSOU_CALENDAR_ERROR_NO_PREFECTURE,
                           _("Closed days belong to a prefecture: choose the prefecture this desk serves first"));
      return FALSE;
    }
  return TRUE;
}

static char *
clean_name (const char  *name,
            GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (name ? name : ""));

  if (!g_utf8_validate (clean, -1, NULL) || *clean == '\0')
    {
      g_set_error_literal (error, BANSOU_CALENDAR_ERROR, BANSOU_CALENDAR_ERROR_INVALID_NAME,
                           _("Give the closed day a name, e.g. 県民の日"));
      return NULL;
    }
  for (const char *p = clean; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, BANSOU_CALENDAR_ERROR, BANSOU_CALENDAR_ERROR_INVALID_NAME,
                             _("The name of a closed day must be one line of text"));
        return NULL;
      }
  if (g_utf8_strlen (clean, -1) > CLOSED_DAY_NAME_MAX)
    {
      g_set_error (error, BANSOU_CALENDAR_ERROR, BANSOU_CALENDAR_ERROR_INVALID_NAME,
                   _("The name of a closed day can have at most %d characters"), CLOSED_DAY_NAME_MAX);
      return NULL;
    }
  return g_steal_pointer (&clean);
}

/**
 * bansou_calendar_add_closed_day:
 * @name: what the prefecture calls the day, e.g. 県民の日
 *
 * Closes the prefecture's offices on @date, in the store (audited) and in
 * @self. Refused for a day that is closed already (a weekend, a national
 * holiday, 年末年始) or that has a closed day of the prefecture.
 */
gboolean
bansou_calendar_add_closed_day (BansouCalendar  *self,
                                const GDate     *date,
                                const char      *name,
                                GError         **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *day = NULL;
  const char *reason = NULL;
  const char *existing;
  ClosedDayOp op = { 0 };

  g_return_val_if_fail (BANSOU_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  if (!check_writable (self, error) || !(clean = clean_name (name, error)))
    return FALSE;

  day = bansou_date_to_iso ((GDate *) date);
  if ((existing = g_hash_table_lookup (self->closed, GUINT_TO_POINTER (g_date_get_julian (date)))))
    {
      g_set_error (error, BANSOU_CALENDAR_ERROR, BANSOU_CALENDAR_ERROR_EXISTS,
                   _("%s is already a closed day of the prefecture (%s)"), day, existing);
      return FALSE;
    }
  if (!bansou_calendar_is_business_day (self, date, &reason))
    {
      g_set_error (error, BANSOU_CALENDAR_ERROR, BANSOU_CALENDAR_ERROR_ALREADY_CLOSED,
                   _("%s is not a business day anyway (%s)"), day, reason);
      return FALSE;
    }

  op.prefecture = self->prefecture;
  op.day = day;
  op.name = clean;
  if (!bansou_store_transaction (self->store, closed_day_cb, &op, error))
    return FALSE;

  g_hash_table_insert (self->closed, GUINT_TO_POINTER (g_date_get_julian (date)), g_steal_pointer (&clean));
  _bansou_calendar_rebuild (self);
  return TRUE;
}

/**
 * bansou_calendar_remove_closed_day:
 *
 * Opens the prefecture's offices again on @date (audited).
 */
gboolean
bansou_calendar_remove_closed_day (BansouCalendar  *self,
                                   const GDate     *date,
                                   GError         **error)
{
  g_autofree char *day = NULL;
  const char *existing;
  ClosedDayOp op = { 0 };

  g_return_val_if_fail (BANSOU_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  if (!check_writable (self, error))
    return FALSE;

  day = bansou_date_to_iso ((GDate *) date);
  if (!(existing = g_hash_table_lookup (self->closed, GUINT_TO_POINTER (g_date_get_julian (date)))))
    {
      g_set_error (error, BANSOU_CALENDAR_ERROR, BANSOU_CALENDAR_ERROR_NOT_FOUND,
                   _("%s is not a closed day of the prefecture"), day);
      return FALSE;
    }

  op.prefecture = self->prefecture;
  op.day = day;
  op.old_name = existing;
  if (!bansou_store_transaction (self->store, closed_day_cb, &op, error))
    return FALSE;

  g_hash_table_remove (self->closed, GUINT_TO_POINTER (g_date_get_julian (date)));
  _bansou_calendar_rebuild (self);
  return TRUE;
}

static int
compare_closed_days (gconstpointer a,
                     gconstpointer b)
{
  const BansouClosedDay *x = *(BansouClosedDay **) a;
  const BansouClosedDay *y = *(BansouClosedDay **) b;

  return g_date_compare (&x->date, &y->date);
}

/**
 * bansou_calendar_list_closed_days:
 *
 * Returns: (transfer container) (element-type BansouClosedDay): the
 *   prefecture's closed days, oldest first
 */
GPtrArray *
bansou_calendar_list_closed_days (BansouCalendar *self)
{
  GPtrArray *days = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_closed_day_free);
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (BANSOU_IS_CALENDAR (self), days);

  g_hash_table_iter_init (&iter, self->closed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BansouClosedDay *day = g_new0 (BansouClosedDay, 1);

      g_date_clear (&day->date, 1);
      g_date_set_julian (&day->date, GPOINTER_TO_UINT (key));
      day->name = g_strdup (value);
      g_ptr_array_add (days, day);
    }
  g_ptr_array_sort (days, compare_closed_days);

  return days;
}
