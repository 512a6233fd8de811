/* bansou-consult-private.h — shared by the files of core/consult only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-consult.h"

G_BEGIN_DECLS

struct _BansouConsult
{
  GObject         parent_instance;

  BansouStore    *store;
  BansouRegistry *registry;
  BansouCalendar *calendar;
  BansouPiiFinder *pii;         /* with the registry's names, made on first use */
  gint64          targets[BANSOU_N_PRIORITIES][2];   /* SLA minutes, read on first use; 0: not yet */
};

gboolean  _bansou_consult_invalid       (GError     **error,
                                         const char  *format,
                                         ...) G_GNUC_PRINTF (2, 3);
gboolean  _bansou_consult_check_text    (const char  *text,
                                         const char  *what,
                                         guint        max,
                                         gboolean     required,
                                         gboolean     one_line,
                                         GError     **error);
char     *_bansou_consult_check_instant (const char  *at,
                                         GError     **error);
/* The ticket's rows of support_actions (bansou-consult-support.c), inside
 * the caller's transaction: after its questions changed. */
gboolean  _bansou_consult_write_support (BansouStore *store,
                                         const char  *ticket,
                                         GError     **error);

G_END_DECLS
