/* bansou-server-kind.h — what the server knows about one kind of record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Each kind (answer, progress, round, body, catalog, alert) lives in one
 * file of this folder and fills one BansouServerKind; the table in
 * BANSOU_SERVER_KINDS lists them. Reads, the change feed and writes
 * (bansou-server-api.c) go through the table and know no table of their
 * own. A new kind is a new file here, one line in BANSOU_SERVER_KINDS and
 * one in meson.build (plus its routes, if it has endpoints of its own).
 */
#pragma once

#include "bansou-server-api.h"

G_BEGIN_DECLS

typedef enum
{
  BANSOU_KIND_IN_BATCH = 1 << 0,  /* may be written in POST /batch */
  BANSOU_KIND_DOCUMENT = 1 << 1,  /* a PUT keeps the body as sent (op->document) */
  BANSOU_KIND_AUDITED  = 1 << 2,  /* every create and update goes in the audit trail */
} BansouKindFlags;

struct _BansouServerKind
{
  const char      *type;           /* on the wire and in changes.type */
  const char      *keys[3];        /* members naming k1, k2, k3: in records, batch entries, route captures */
  const char      *named[3];       /* the same keys in the order paths and messages name them; NULL: keys */
  BansouKindFlags  flags;
  const char      *select_sql;     /* one record as to_json reads it, by ?1…?3 = k1…k3 */
  const char      *rev_sql;        /* its revision, by ?1…?3 = k1…k3 */
  BansouApiError   missing_code;   /* a GET of a record that does not exist */
  const char      *missing_message;

  void     (*to_json)   (JsonBuilder              *b,
                         BansouServerStmt             *stmt);
  /* Scope: may this token write it? From the keys and the token alone. */
  gboolean (*authorize) (const BansouServerToken  *token,
                         BansouOp                 *op,
                         GError                  **error);
  /* Existence and fields, nothing written: fills op->prefecture, op->body
   * and op->fields. */
  gboolean (*validate)  (BansouServerDb           *db,
                         BansouOp                 *op,
                         GError                  **error);
  /* When the record exists at the op's base revision: NULL to update it
   * with write(); else the status to answer (0 with @error). */
  guint    (*rewrite)   (BansouServerDb           *db,
                         BansouOp                 *op,
                         JsonNode                **out_record,
                         GError                  **error);
  /* In the write's transaction, once compare-and-set has passed and
   * before write(): what the record refers to exists by now (a record made
   * earlier in the same batch counts), and it clashes with no other record
   * (a double booking). A clash: TRUE with @out_clash, the other record;
   * the write is answered 409 and nothing is written. FALSE with @error
   * fails the whole write. NULL: nothing to check. */
  gboolean (*check)     (BansouServerDb           *db,
                         BansouOp                 *op,
                         JsonNode                **out_clash,
                         GError                  **error);
  /* The upsert at revision @rev, in the write's transaction; NULL for a
   * kind that is not written by PUT or batch (alerts are created). */
  gboolean (*write)     (BansouServerDb           *db,
                         const BansouServerToken  *token,
                         BansouOp                 *op,
                         gint64                    rev,
                         const char               *now,
                         GError                  **error);
  /* Scope that needs the database (records seen by several prefectures:
   * who leads the project), after validate(); NULL: authorize() decides. */
  gboolean (*permit)    (BansouServerDb           *db,
                         const BansouServerToken  *token,
                         BansouOp                 *op,
                         GError                  **error);
  /* After the record's row of the change feed, in the write's
   * transaction: a shared record re-appends what a prefecture newly
   * admitted to it must now receive. NULL for most kinds. */
  gboolean (*changed)   (BansouServerDb           *db,
                         BansouOp                 *op,
                         GError                  **error);
};

const BansouServerKind *bansou_server_kind_lookup   (const char             *type);
guint                   bansou_server_kind_n_keys   (const BansouServerKind *kind);
char                   *bansou_server_kind_list     (BansouKindFlags         flags);

/* Helpers shared by the kinds */
gboolean bansou_kind_forbid           (GError          **error,
                                       BansouOp         *op,
                                       const char       *why);
gboolean bansou_kind_exists           (BansouServerDb   *db,
                                       const char       *sql,
                                       const char       *key);
gboolean bansou_kind_check_body_round (BansouServerDb   *db,
                                       const char       *body,
                                       const char       *round,
                                       GError          **error);
gboolean bansou_kind_body_in_scope    (const BansouServerToken *token,
                                       BansouOp         *op,
                                       const char       *body,
                                       GError          **error);
gboolean bansou_kind_shared_with      (BansouServerDb   *db,
                                       const char       *k1,
                                       const char       *prefecture);
gboolean bansou_kind_reappend         (BansouServerDb   *db,
                                       const char       *k1,
                                       const char * const *types,
                                       const char * const *rev_sqls,
                                       GError          **error);

/* The table of kinds: a new kind adds its name here. Writes, reads and
 * the change feed find a kind by its type name, in this order. */
#define BANSOU_SERVER_KINDS(X) \
  X (answer) X (progress) X (round) X (body) X (catalog) X (alert) \
  X (procurement_project) X (procurement_participant) \
  X (ticket) X (ticket_message) X (article) X (escalation) X (escalation_answer) \
  X (expert) X (dispatch_request) X (visit)

#define BANSOU_DECLARE_KIND(name) extern const BansouServerKind bansou_kind_##name;
BANSOU_SERVER_KINDS (BANSOU_DECLARE_KIND)
#undef BANSOU_DECLARE_KIND

G_END_DECLS
