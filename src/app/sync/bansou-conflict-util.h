/* bansou-conflict-util.h — the fields of a sync conflict, for showing and merging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bansou-core.h"

G_BEGIN_DECLS

typedef enum
{
  BANSOU_FIELD_STATUS,    /* an answer's status: "done" … or null */
  BANSOU_FIELD_PROGRESS,  /* a progress state: "not_started" … */
  BANSOU_FIELD_DATE,      /* "YYYY-MM-DD" or null */
  BANSOU_FIELD_LINE,      /* one line of text */
  BANSOU_FIELD_TEXT,      /* text that may run over several lines */
} BansouFieldKind;

typedef struct
{
  const char      *key;    /* the member of the record JSON */
  const char      *title;  /* N_() */
  BansouFieldKind  kind;
} BansouConflictField;

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
