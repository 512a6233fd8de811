/* bansou-consult-support.c — a ticket as a support action (支援効果)
 *
 * A ticket touched its body × its linked questions on the day it was
 * received (the day of Japan). Called in every transaction that changes
 * a ticket's questions — locally and when sync applies the server's
 * ticket — so the rows of support_actions follow the ticket (docs/support.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-consult"

#include "config.h"

#include "bansou-consult-private.h"
#include "bansou-store-sql.h"
#include "bansou-support.h"

gboolean
_bansou_consult_write_support (BansouStore  *store,
                               const char   *ticket,
                               GError      **error)
{
  g_autoptr(BansouCachedStmt) stmt =
    _bansou_store_prepare_cached (store,
                                  "SELECT t.body, t.received_at, q.question FROM consult_tickets t"
                                  " LEFT JOIN consult_ticket_questions q ON q.ticket = t.id"
                                  " WHERE t.id = ? ORDER BY q.question", error);
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (BansouSupportTarget));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *day = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ticket, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouSupportTarget target;

      if (day == NULL)
        {
          g_autoptr(GDateTime) received = g_date_time_new_from_iso8601 (_bansou_column_text (stmt, 1), NULL);
          GTimeZone *jst = bansou_calendar_get_time_zone ();
          g_autoptr(GDateTime) local = received != NULL ? g_date_time_to_timezone (received, jst) : NULL;

          day = local != NULL ? g_date_time_format (local, "%Y-%m-%d") : g_strdup ("");
          g_ptr_array_add (strings, g_strdup (_bansou_column_text (stmt, 0)));
        }
      if (sqlite3_column_type (stmt, 2) == SQLITE_NULL)
        continue;
      g_ptr_array_add (strings, g_strdup (_bansou_column_text (stmt, 2)));
      target.body = g_ptr_array_index (strings, 0);
      target.question = g_ptr_array_index (strings, strings->len - 1);
      g_array_append_val (targets, target);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, "consult_tickets");
      return FALSE;
    }
  return bansou_support_set_actions (store, BANSOU_SUPPORT_CONSULTATION, ticket, day, NULL,
                                     (const BansouSupportTarget *) (gpointer) targets->data, targets->len, error);
}
