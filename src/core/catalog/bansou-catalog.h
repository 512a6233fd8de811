/* bansou-catalog.h — the detailed measures (細目化項目) and their survey questions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

#include "bansou-store.h"

G_BEGIN_DECLS

#define BANSOU_CATALOG_ERROR (bansou_catalog_error_quark ())

typedef enum
{
  BANSOU_CATALOG_ERROR_INVALID,  /* the JSON is malformed or breaks the catalog's rules */
} BansouCatalogError;

typedef enum
{
  BANSOU_ANSWER_KIND_STATUS,       /* 実施済み / 一部実施 / 未実施 / 対象外 */
  BANSOU_ANSWER_KIND_STATUS_DATE,  /* the status follows from the date it was last done */
} BansouAnswerKind;

typedef struct _BansouCategory BansouCategory;
typedef struct _BansouMeasure  BansouMeasure;
typedef struct _BansouQuestion BansouQuestion;

typedef struct
{
  char *survey;
  char *item;
} BansouXref;

struct _BansouCategory
{
  guint      index;        /* 0–7, in the order of the annex */
  char      *id;           /* "technical" */
  char      *ja;
  char      *en;
  char      *summary_ja;
  GPtrArray *measures;     /* BansouMeasure, owned by the catalog */
};

struct _BansouMeasure
{
  char           *id;      /* "technical.access_control" */
  char           *ja;
  char           *en;
  gboolean        legal;   /* a legally required detailed measure, or guideline-level */
  BansouCategory *category;
  GPtrArray      *questions;
};

struct _BansouQuestion
{
  guint             index;        /* position in the whole catalog: a stable column order */
  char             *id;           /* "technical.unauthorized_access.vuln_assessment": stable across versions */
  char             *ja;
  char             *en;
  char             *note_ja;      /* nullable */
  BansouAnswerKind  answer_kind;
  int               within_years; /* for STATUS_DATE */
  double            baseline;     /* national implementation rate in %, or -1 */
  gboolean          key;          /* one of the nationally surveyed key items */
  BansouMeasure    *measure;
  BansouCategory   *category;
  GPtrArray        *xrefs;        /* BansouXref */
};

#define BANSOU_TYPE_CATALOG (bansou_catalog_get_type ())

G_DECLARE_FINAL_TYPE (BansouCatalog, bansou_catalog, BANSOU, CATALOG, GObject)

GQuark          bansou_catalog_error_quark      (void);

BansouCatalog  *bansou_catalog_new_builtin      (GError        **error);
BansouCatalog  *bansou_catalog_new_from_data    (const char     *data,
                                                 gssize          length,
                                                 GError        **error);
BansouCatalog  *bansou_catalog_load_active      (BansouStore    *store,
                                                 GError        **error);
gboolean        bansou_catalog_install          (BansouCatalog  *self,
                                                 BansouStore    *store,
                                                 gboolean        activate,
                                                 GError        **error);

const char     *bansou_catalog_get_version      (BansouCatalog  *self);
const char     *bansou_catalog_get_json         (BansouCatalog  *self);
const char     *bansou_catalog_get_title        (BansouCatalog  *self);
const char     *bansou_catalog_get_baseline_source (BansouCatalog *self);
guint           bansou_catalog_get_n_categories (BansouCatalog  *self);
BansouCategory *bansou_catalog_get_category     (BansouCatalog  *self,
                                                 guint           index);
guint           bansou_catalog_get_n_questions  (BansouCatalog  *self);
BansouQuestion *bansou_catalog_get_question     (BansouCatalog  *self,
                                                 guint           index);
BansouQuestion *bansou_catalog_lookup_question  (BansouCatalog  *self,
                                                 const char     *id);
BansouCategory *bansou_catalog_lookup_category  (BansouCatalog  *self,
                                                 const char     *id);

/* Japanese or English text for the current UI language. */
gboolean        bansou_prefers_japanese         (void);
const char     *bansou_category_get_label       (const BansouCategory *category);
const char     *bansou_measure_get_label        (const BansouMeasure  *measure);
const char     *bansou_question_get_label       (const BansouQuestion *question);

G_END_DECLS
