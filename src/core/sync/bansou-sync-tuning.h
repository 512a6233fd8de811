/* bansou-sync-tuning.h — knobs of the sync, for bansouctl, tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <sqlite3.h>

#include "bansou-sync.h"

G_BEGIN_DECLS

/* 0 keeps the default. */
typedef struct
{
  gsize max_response;   /* bytes; a longer answer is a protocol error (32 MiB) */
  guint page_size;      /* records per GET /changes page (1000) */
  guint batch_size;     /* operations per POST /batch (1000) */
  guint max_attempts;   /* tries of one request before giving up (6) */
  guint backoff_ms;     /* the first wait between tries, doubled each time (250) */
} BansouSyncLimits;

void   _bansou_sync_set_limits   (BansouSync              *self,
                                  const BansouSyncLimits  *limits);

/* Benchmarks: called after every request, @status 0 when no HTTP answer
 * came: in the sync's thread, or in the one that fetches the next page of
 * /changes ahead (so it must be thread-safe). */
typedef void (*BansouSyncObserver) (const char *method,
                                    const char *path,
                                    guint       status,
                                    gint64      usec,
                                    gpointer    data);

void   _bansou_sync_set_observer (BansouSync              *self,
                                  BansouSyncObserver       observer,
                                  gpointer                 data);

/* A SHA-256 over round, body, question, status, done_on, note and
 * evidence of every answer, in key order: the fields both sides share.
 * Works on a workbench database and on bansou-server's alike.
 * @prefecture: (nullable): only bodies of that prefecture */
char  *_bansou_sync_checksum_db  (sqlite3                 *db,
                                  const char              *prefecture,
                                  GError                 **error);

G_END_DECLS
