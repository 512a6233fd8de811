/* bansou-kind-dispatch.h — what the expert dispatch kinds share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Experts, dispatch requests and visits (bansou-kind-expert.c,
 * bansou-kind-dispatch-request.c, bansou-kind-visit.c) are records of one
 * prefecture, keyed by a UUID the workbench made ("id"). Each describes
 * its members in a table of BansouDispatchField; the table drives the
 * reading of a write (every member typed and bounded), the upsert and the
 * record JSON, so the three stay in step with one migration.
 */
#pragma once

#include "bansou-server-kind.h"

G_BEGIN_DECLS

typedef enum
{
  BANSOU_DF_TEXT,    /* a string; max = characters */
  BANSOU_DF_DATE,    /* "YYYY-MM-DD" */
  BANSOU_DF_STAMP,   /* "YYYY-MM-DDTHH:MM:SSZ" */
  BANSOU_DF_INT,     /* a whole number in [min, max] */
  BANSOU_DF_BOOL,
  BANSOU_DF_ENUM,    /* one of values; values[0] when left out */
  BANSOU_DF_JSON,    /* a list, checked by check(), kept as JSON text */
} BansouDispatchFieldType;

enum
{
  BANSOU_DF_REQUIRED = 1 << 0,   /* must be given (and a string not empty) */
  BANSOU_DF_NULLABLE = 1 << 1,   /* null allowed; left out: null */
};

typedef struct
{
  const char               *name;      /* the member, and the column of the server's table */
  BansouDispatchFieldType   type;
  guint                     flags;
  gint64                    min;
  gint64                    max;       /* characters for TEXT, the value for INT */
  gint64                    fallback;  /* INT and BOOL left out (not NULLABLE) */
  const char * const       *values;    /* ENUM */
  /* JSON: checks @node (present, not null) and returns it canonical, or NULL with @error */
  char                   *(*check)    (JsonNode    *node,
                                       const char  *member,
                                       GError     **error);
} BansouDispatchField;

typedef struct
{
  const char                *type;
  const char                *table;
  const BansouDispatchField *fields;
  guint                      n_fields;
} BansouDispatchSpec;

/* The values of one validated write, one per field (NULL text: SQL NULL). */
typedef struct
{
  const BansouDispatchSpec *spec;
  char                    **text;      /* TEXT, DATE, STAMP, ENUM, JSON */
  gint64                   *num;       /* INT, BOOL */
  gboolean                 *null;
} BansouDispatchValues;

gboolean     bansou_dispatch_read        (const BansouDispatchSpec *spec,
                                          BansouOp                 *op,
                                          GError                  **error);
int          bansou_dispatch_index       (const BansouDispatchSpec *spec,
                                          const char               *name);
const char  *bansou_dispatch_text        (BansouOp                 *op,
                                          const char               *name);
gint64       bansou_dispatch_num         (BansouOp                 *op,
                                          const char               *name,
                                          gboolean                 *is_null);
void         bansou_dispatch_to_json     (const BansouDispatchSpec *spec,
                                          JsonBuilder              *b,
                                          BansouServerStmt             *stmt);
gboolean     bansou_dispatch_write       (BansouServerDb           *db,
                                          const BansouServerToken  *token,
                                          BansouOp                 *op,
                                          gint64                    rev,
                                          const char               *now,
                                          GError                  **error);
/* The scope of a record of a prefecture: who may write it, from the
 * token; with @prefecture (the record's, from its members) the token's
 * own. */
gboolean     bansou_dispatch_authorize   (const BansouServerToken  *token,
                                          BansouOp                 *op,
                                          GError                  **error);
/* The stored record @id of @table, if any, belongs to op->prefecture:
 * another prefecture's record is neither overwritten nor shown. */
gboolean     bansou_dispatch_check_owner (BansouServerDb           *db,
                                          const char               *table,
                                          BansouOp                 *op,
                                          GError                  **error);
/* The body of a request or visit: it exists and belongs to the token's
 * prefecture; fills op->body. */
gboolean     bansou_dispatch_check_body  (BansouServerDb           *db,
                                          BansouOp                 *op,
                                          const char               *body,
                                          GError                  **error);
gboolean     bansou_dispatch_is_id       (const char               *id);
char        *bansou_dispatch_check_ids   (JsonNode                 *node,
                                          const char               *member,
                                          GError                  **error);

G_END_DECLS
