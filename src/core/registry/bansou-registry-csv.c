/* bansou-registry-csv.c — the body list as CSV for Excel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-registry"

#include "config.h"

#include "bansou-body.h"
#include "bansou-csv.h"
#include "bansou-registry-csv.h"

static char *
number_or_empty (gint64 n)
{
  return n > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, n) : g_strdup ("");
}

/**
 * bansou_registry_export_csv:
 * @bodies: (element-type BansouBody): the bodies, e.g. from bansou_registry_list()
 *
 * The list as staff open it in Excel: UTF-8 with a BOM, CRLF, a Japanese
 * header, one row per body with its profile. Codes are written as text
 * cells would be read back: six digits, leading zeros kept.
 *
 * Returns: (transfer full): the file's bytes
 */
GBytes *
bansou_registry_export_csv (GListModel *bodies)
{
  static const char * const header[] = {
    "団体コード", "団体名", "ふりがな", "種別", "人口", "情報担当職員数",
    "CISO", "CISO の役職", "CSIRT 連絡先", "細目化項目の適用", "備考", NULL
  };
  GString *out = g_string_new ("\xEF\xBB\xBF");
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (bodies), NULL);

  bansou_csv_append_row (out, header);
  n = g_list_model_get_n_items (bodies);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      g_autofree char *population = number_or_empty (bansou_body_get_population (body));
      g_autofree char *staff = number_or_empty (bansou_body_get_it_staff (body));
      const char *row[] = {
        bansou_body_get_code (body), bansou_body_get_name (body), bansou_body_get_kana (body),
        bansou_body_get_kind_label (body), population, staff,
        bansou_body_get_ciso_name (body), bansou_body_get_ciso_title (body),
        bansou_body_get_csirt_contact (body), bansou_body_get_applicability_label (body),
        bansou_body_get_notes (body), NULL
      };

      /* Profile fields not filled in are empty cells. */
      for (guint c = 0; c < G_N_ELEMENTS (row) - 1; c++)
        if (row[c] == NULL)
          row[c] = "";
      bansou_csv_append_row (out, row);
    }

  return g_string_free_to_bytes (out);
}
