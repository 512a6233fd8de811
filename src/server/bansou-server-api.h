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
#include "bansou-server-json.h"

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
  BANSOU_API_ERROR_UNKNOWN_EXPERT,
  BANSOU_API_ERROR_UNKNOWN_DISPATCH_REQUEST,
  BANSOU_API_ERROR_DOUBLE_BOOKING,
  BANSOU_API_ERROR_STORE_UNAVAILABLE,        /* 503: PostgreSQL cannot be reached now; send it again */
  BANSOU_API_N_ERRORS
} BansouApiError;

GQuark      bansou_api_error_quark      (void);
guint       bansou_api_error_status     (BansouApiError code);
const char *bansou_api_error_id         (BansouApiError code);

typedef struct _BansouServerKind BansouServerKind;

/* One write: a PUT, or one entry of POST /batch. What a kind of record
 * means by its keys and fields is in its file under kinds/. */
typedef struct
{
  const BansouServerKind *kind;
  char           *keys[3];     /* k1, k2, k3 of the change feed; NULL past the kind's last */
  gint64          base_rev;    /* 0: create; -1: not given */
  JsonNode       *data;        /* the record's fields (an object) */
  char           *document;    /* the body as sent, for a kind kept whole (catalog) */

  /* Filled by validation */
  char           *prefecture;  /* where the feed carries it: a prefecture, or "*" for everyone */
  char           *body;        /* the body it belongs to (feeds of body tokens), or NULL */
  gpointer        fields;      /* the kind's validated fields */
  GDestroyNotify  fields_free;
} BansouOp;

void      bansou_op_free          (BansouOp *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouOp, bansou_op_free)

BansouOp *bansou_op_new            (const char              *type,
                                    const char              *k1,
                                    const char              *k2,
                                    const char              *k3);
BansouOp *bansou_op_new_from_batch (JsonNode                *node,
                                    GError                 **error);
gboolean  bansou_op_validate       (BansouServerDb          *db,
                                    const BansouServerToken *token,
                                    BansouOp                *op,
                                    GError                 **error);
/* In a transaction. Returns 200, 201, 409 or 412; on 412 @out_record is
 * the server's current version (or JSON null when there is none), on 409
 * (double_booking) the other record the write clashes with. */
guint     bansou_op_apply          (BansouServerDb          *db,
                                    const BansouServerToken *token,
                                    BansouOp                *op,
                                    JsonNode               **out_record,
                                    gint64                  *out_rev,
                                    GError                 **error);
char     *bansou_op_describe       (BansouOp                *op);

typedef void (*BansouRecordToJson) (JsonBuilder  *b,
                                    BansouServerStmt *stmt);

gboolean  bansou_api_add_record    (JsonBuilder             *b,
                                    BansouServerDb          *db,
                                    const char              *type,
                                    const char              *k1,
                                    const char              *k2,
                                    const char              *k3,
                                    GError                 **error);
JsonNode *bansou_api_list_records  (BansouServerDb          *db,
                                    const char              *member,
                                    const char              *sql,
                                    BansouRecordToJson       to_json,
                                    const char              *p1,
                                    const char              *p2,
                                    GError                 **error);
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
                                    gsize                    max_bytes,
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
                                    const BansouServerToken *token,
                                    gboolean                 final_only,
                                    guint                    min_answers,
                                    GError                 **error);
BansouCatalog *bansou_api_get_catalog (BansouServerDb       *db,
                                       const char           *version,
                                       GError              **error);

G_END_DECLS
