/* bansou-calendar-private.h — shared by the calendar's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-calendar.h"

G_BEGIN_DECLS

struct _BansouCalendar
{
  GObject      parent_instance;

  BansouStore *store;        /* nullable: the national calendar only */
  char        *prefecture;   /* two digits, or NULL */
  guint        opens;        /* minutes after midnight, JST */
  guint        closes;

  guint8      *kinds;        /* BansouDayKind per day of the table */
  guint32     *business;     /* business days in the table up to and including each day */
  GHashTable  *closed;       /* julian day → the prefecture's name for it */
};

/* Copies the national table and lays the prefecture's days over it. */
void     _bansou_calendar_rebuild           (BansouCalendar  *self);
gboolean _bansou_calendar_load_closed_days  (BansouCalendar  *self,
                                             GError         **error);

G_END_DECLS
