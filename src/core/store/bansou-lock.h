/* bansou-lock.h — the guard every Bansō process holds beside its database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BansouLock BansouLock;

BansouLock *_bansou_lock_acquire        (const char  *db_path,
                                         GError     **error);
gboolean    _bansou_lock_others_present (BansouLock  *lock);
gboolean    _bansou_lock_needs_check    (BansouLock  *lock);
void        _bansou_lock_opened         (BansouLock  *lock);
gboolean    _bansou_lock_begin_close    (BansouLock  *lock);
void        _bansou_lock_reassert       (BansouLock  *lock);
void        _bansou_lock_free           (BansouLock  *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouLock, _bansou_lock_free)

G_END_DECLS
