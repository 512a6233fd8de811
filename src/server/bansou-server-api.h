/* bansou-server-api.h — records, writes, the change feed and baselines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Everything here is independent of HTTP: the server turns requests into
 * these calls and BANSOU_API_ERROR codes into statuses and error bodies.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bansou-catalog.h"
#include "bansou-server-db.h"

G_BEGIN_DECLS

#define BANSOU_API_ERROR (bansou_api_error_quark ())

/* Keep in step with the table in bansou-server-api.c and docs/api.md. */
typedef enum
{
  BANSOU_API_ERROR_INVALID_JSON,
  BANSOU_API_ERROR_JSON_TOO_DEEP,
  BANSOU_API_ERROR_INVALID_REQUEST,
  BANSOU_API_ERROR_IDEMPOTENCY_KEY_REQUIRED,
  BANSOU_API_ERROR_UNAUTHORIZED,
  BANSOU_API_ERROR_FORBIDDEN,
  BANSOU_API_ERROR_NOT_FOUND,
  BANSOU_API_ERROR_UNKNOWN_BODY,
  BANSOU_API_ERROR_UNKNOWN_ROUND,
  BANSOU_API_ERROR_UNKNOWN_QUESTION,
  BANSOU_API_ERROR_UNKNOWN_CATALOG,
  BANSOU_API_ERROR_METHOD_NOT_ALLOWED,
  BANSOU_API_ERROR_CATALOG_IMMUTABLE,
  BANSOU_API_ERROR_STALE_REVISION,
  BANSOU_API_ERROR_PAYLOAD_TOO_LARGE,
  BANSOU_API_ERROR_BATCH_TOO_LARGE,
  BANSOU_API_ERROR_UNSUPPORTED_MEDIA_TYPE,
  BANSOU_API_ERROR_IDEMPOTENCY_KEY_REUSED,
  BANSOU_API_ERROR_REVISION_REQUIRED,
  BANSOU_API_ERROR_RATE_LIMITED,
  BANSOU_API_ERROR_INTERNAL,
  BANSOU_API_ERROR_TOO_MANY_CONNECTIONS,
  BANSOU_API_N_ERRORS
} BansouApiError;

GQuark      bansou_api_error_quark      (void);
guint       bansou_api_error_status     (BansouApiError code);
const char *bansou_api_error_id         (BansouApiError code);

typedef enum
{
  BANSOU_OP_ANSWER,
  BANSOU_OP_PROGRESS,
  BANSOU_OP_ROUND,
  BANSOU_OP_BODY,
  BANSOU_OP_CATALOG,
} BansouOpType;

/* One write: a PUT, or one entry of POST /batch. */
typedef struct
{
  BansouOpType  type;
  char         *body;       /* answer, progress, body */
  char         *round;      /* answer, progress; the id of a round */
  char         *question;   /* answer; the version of a catalog */
  gint64        base_rev;   /* 0: create; -1: not given */
  JsonNode     *data;       /* the record's fields (an object) */

  /* Filled by validation */
  char         *prefecture;
  char         *s1, *s2, *s3, *s4; /* validated fields; NULL is JSON null */
  char         *catalog_json;
  guint         n_questions;
} BansouOp;

void      bansou_op_free          (BansouOp *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouOp, bansou_op_free)

BansouOp *bansou_op_new_from_batch (JsonNode                *node,
                                    GError                 **error);
gboolean  bansou_op_validate       (BansouServerDb          *db,
                                    const BansouServerToken *token,
                                    BansouOp                *op,
                                    GError                 **error);
/* In a transaction. Returns 200, 201 or 412; on 412 @out_record is the
 * server's current version (or JSON null when there is none). */
guint     bansou_op_apply          (BansouServerDb          *db,
                                    const BansouServerToken *token,
                                    BansouOp                *op,
                                    JsonNode               **out_record,
                                    GError                 **error);
char     *bansou_op_describe       (BansouOp                *op);

JsonNode *bansou_api_get_record    (BansouServerDb          *db,
                                    const char              *type,
                                    const char              *k1,
                                    const char              *k2,
                                    const char              *k3,
                                    GError                 **error);
JsonNode *bansou_api_list_bodies   (BansouServerDb          *db,
                                    const BansouServerToken *token,
                                    GError                 **error);
JsonNode *bansou_api_list_rounds   (BansouServerDb          *db,
                                    GError                 **error);
JsonNode *bansou_api_list_catalogs (BansouServerDb          *db,
                                    GError                 **error);
char     *bansou_api_get_catalog_json (BansouServerDb       *db,
                                       const char           *version,
                                       gint64               *out_rev,
                                       GError              **error);
JsonNode *bansou_api_list_answers  (BansouServerDb          *db,
                                    const char              *body,
                                    const char              *round,
                                    GError                 **error);
JsonNode *bansou_api_changes       (BansouServerDb          *db,
                                    const BansouServerToken *token,
                                    gint64                   since,
                                    guint                    limit,
                                    GError                 **error);
JsonNode *bansou_api_list_alerts   (BansouServerDb          *db,
                                    const BansouServerToken *token,
                                    gint64                   since,
                                    GError                 **error);
JsonNode *bansou_api_create_alert  (BansouServerDb          *db,
                                    const BansouServerToken *token,
                                    JsonNode                *data,
                                    GError                 **error);
gboolean  bansou_api_validate_alert (JsonNode               *data,
                                     GError                **error);
JsonNode *bansou_api_baselines     (BansouServerDb          *db,
                                    const char              *round,
                                    gboolean                 final_only,
                                    guint                    min_answers,
                                    GError                 **error);
BansouCatalog *bansou_api_get_catalog (BansouServerDb       *db,
                                       const char           *version,
                                       GError              **error);

G_END_DECLS
