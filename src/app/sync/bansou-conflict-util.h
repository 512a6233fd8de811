/* bansou-conflict-util.h — the fields of a sync conflict, for showing and merging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bansou-core.h"

G_BEGIN_DECLS

/* The fields come from the record's kind (bansou-sync-kind.h): the domain
 * that owns the record says what a user compares and picks. */
typedef BansouSyncFieldKind BansouFieldKind;
#define BANSOU_FIELD_STATUS   BANSOU_SYNC_FIELD_STATUS    /* an answer's status: "done" … or null */
#define BANSOU_FIELD_PROGRESS BANSOU_SYNC_FIELD_PROGRESS  /* a progress state: "not_started" … */
#define BANSOU_FIELD_DATE     BANSOU_SYNC_FIELD_DATE      /* "YYYY-MM-DD" or null */
#define BANSOU_FIELD_LINE     BANSOU_SYNC_FIELD_LINE      /* one line of text */
#define BANSOU_FIELD_TEXT     BANSOU_SYNC_FIELD_TEXT      /* text that may run over several lines */

/* key: the member of the record JSON; title: N_() */
typedef BansouSyncField BansouConflictField;

const BansouConflictField *bansou_conflict_get_fields     (const char                *type,
                                                           guint                     *n_fields);
JsonObject                *bansou_conflict_parse_record   (const char                *json);
char                      *bansou_conflict_dup_value      (JsonObject                *record,
                                                           const char                *key);
gboolean                   bansou_conflict_values_equal   (JsonObject                *a,
                                                           JsonObject                *b,
                                                           const char                *key);
char                      *bansou_conflict_format_value   (const BansouConflictField *field,
                                                           const char                *value);
char                      *bansou_conflict_format_time    (const char                *iso);

G_END_DECLS
