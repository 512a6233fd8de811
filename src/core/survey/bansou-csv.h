/* bansou-csv.h — answers to and from CSV (as Japanese Excel writes it) and JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

#include "bansou-survey.h"

G_BEGIN_DECLS

#define BANSOU_CSV_ERROR (bansou_csv_error_quark ())

typedef enum
{
  BANSOU_CSV_ERROR_REJECTED,  /* rows failed validation: the file was rejected whole */
  BANSOU_CSV_ERROR_ENCODING,  /* neither UTF-8 nor Shift_JIS (CP932) */
  BANSOU_CSV_ERROR_SYNTAX,    /* not CSV: a broken quote, no header */
} BansouCsvError;

GQuark      bansou_csv_error_quark      (void);

char       *bansou_csv_decode           (const char    *data,
                                         gsize          length,
                                         GError       **error);
GPtrArray  *bansou_csv_parse            (const char    *text,
                                         GError       **error);
void        bansou_csv_append_row       (GString       *out,
                                         const char * const *cells);
GDate      *bansou_date_parse_loose     (const char    *text);
BansouStatus bansou_status_parse_label  (const char    *text);

GBytes     *bansou_csv_export_answers   (BansouSurvey  *survey,
                                         const char    *round,
                                         const char    *scope,
                                         GError       **error);
GBytes     *bansou_json_export_answers  (BansouSurvey  *survey,
                                         const char    *round,
                                         const char    *scope,
                                         GError       **error);
gboolean    bansou_csv_import_answers   (BansouSurvey  *survey,
                                         const char    *round,
                                         const char    *data,
                                         gsize          length,
                                         guint         *n_changed,
                                         GPtrArray    **errors,
                                         GError       **error);

G_END_DECLS
