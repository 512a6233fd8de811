/* bansou-procurements-read.c — the ledger read for pages and outputs
 *
 * The share table as rows (for the CSV here and the .xlsx in
 * bansou-procurements-xlsx.c), and small readings of a project the page
 * and the report both need: how many prefectures take part, whether a
 * prefecture is involved, yen as people write them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-procurement"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-code.h"
#include "bansou-csv.h"
#include "bansou-procurements-export-private.h"
#include "bansou-util.h"

/**
 * bansou_procurements_format_yen:
 *
 * Returns: (transfer full): "1,234,567円"; "—" for a negative amount
 *   (unknown)
 */
char *
bansou_procurements_format_yen (gint64 yen)
{
  g_autofree char *count = NULL;

  if (yen < 0)
    return g_strdup ("—");
  count = bansou_format_count (yen);
  /* Translators: an amount in yen, %s is the number with separators */
  return g_strdup_printf (_("%s yen"), count);
}

/**
 * bansou_procurements_format_savings:
 *
 * Returns: (transfer full): "1,234,567円", or "−1,234円" when taking part
 *   costs a body more than buying alone
 */
char *
bansou_procurements_format_savings (gint64 yen)
{
  g_autofree char *text = NULL;

  if (yen >= 0)
    return bansou_procurements_format_yen (yen);
  text = bansou_procurements_format_yen (yen == G_MININT64 ? G_MAXINT64 : -yen);
  return g_strconcat ("−", text, NULL);
}

/**
 * bansou_procurements_prefecture_name:
 * @prefecture: two digits
 *
 * Returns: (transfer full): 宮城県, or the digits when the registry does
 *   not know them
 */
char *
bansou_procurements_prefecture_name (BansouRegistry *registry,
                                     const char     *prefecture)
{
  g_autoptr(BansouBody) body = NULL;

  if (registry != NULL && prefecture != NULL &&
      (body = bansou_registry_find_prefecture (registry, prefecture, NULL)) != NULL)
    return g_strdup (bansou_body_get_name (body));
  return g_strdup (prefecture ? prefecture : "");
}

/**
 * bansou_project_count_prefectures:
 *
 * Returns: the number of prefectures the participants belong to
 */
guint
bansou_project_count_prefectures (const BansouProject *project)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < project->participants->len; i++)
    {
      const BansouParticipant *p = g_ptr_array_index (project->participants, i);
      char *digits = bansou_code_prefecture_digits (p->body);

      if (digits != NULL)
        g_hash_table_add (seen, digits);
    }
  return g_hash_table_size (seen);
}

/**
 * bansou_project_involves:
 * @prefecture: two digits
 *
 * Returns: whether @prefecture leads the project or one of its bodies
 *   takes part
 */
gboolean
bansou_project_involves (const BansouProject *project,
                         const char          *prefecture)
{
  if (g_strcmp0 (project->lead_prefecture, prefecture) == 0)
    return TRUE;
  for (guint i = 0; i < project->participants->len; i++)
    {
      const BansouParticipant *p = g_ptr_array_index (project->participants, i);
      g_autofree char *digits = bansou_code_prefecture_digits (p->body);

      if (g_strcmp0 (digits, prefecture) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * bansou_share_table_format_days:
 *
 * Returns: (transfer full): "365 / 1,826日" when the row is pro-rated by
 *   days, "1,826日" for the whole period, "" without a period
 */
char *
bansou_share_table_format_days (const BansouShareTable *table,
                                const BansouShareRow   *row)
{
  g_autofree char *days = NULL;
  g_autofree char *whole = NULL;

  if (table->contract_days <= 0)
    return g_strdup ("");
  days = bansou_format_count (row->days);
  if (row->days == table->contract_days)
    /* Translators: a number of days, e.g. 1,826日 */
    return g_strdup_printf (_("%s days"), days);
  whole = bansou_format_count (table->contract_days);
  /* Translators: days taken part out of the contract's days, e.g. 365 / 1,826日 */
  return g_strdup_printf (_("%s / %s days"), days, whole);
}

/* ------------------------------------------------------------------------ */

static void
add_text (ShareSheet *sheet,
          const char *text)
{
  ShareCell cell = { text && *text ? SHARE_CELL_TEXT : SHARE_CELL_EMPTY, g_strdup (text), 0 };
  g_array_append_val (sheet->cells, cell);
}

static void
add_number (ShareSheet    *sheet,
            ShareCellKind  kind,
            gint64         value)
{
  ShareCell cell = { value < 0 ? SHARE_CELL_EMPTY : kind, NULL, value };
  g_array_append_val (sheet->cells, cell);
}

static void
add_fact (ShareSheet    *sheet,
          const char    *label,
          ShareCellKind  kind,
          char          *text,   /* (transfer full) (nullable) */
          gint64         value)
{
  ShareCell name = { SHARE_CELL_TEXT, g_strdup (label), 0 };
  ShareCell cell = { kind, text, value };

  g_array_append_val (sheet->facts, name);
  g_array_append_val (sheet->facts, cell);
}

static void
clear_cell (gpointer data)
{
  ShareCell *cell = data;
  g_free (cell->text);
}

void
_bansou_share_sheet_free (ShareSheet *sheet)
{
  if (sheet == NULL)
    return;
  g_ptr_array_unref (sheet->headers);
  g_array_unref (sheet->cells);
  g_array_unref (sheet->facts);
  g_free (sheet);
}

/**
 * _bansou_share_sheet_new:
 * @registry: (nullable): for the prefectures' names
 *
 * One row per participant, one column per method that has a weight, and
 * a total row: what the page shows and the files hold.
 */
ShareSheet *
_bansou_share_sheet_new (const BansouShareTable *table,
                         BansouRegistry         *registry)
{
  const BansouProject *project = table->project;
  const BansouCostParams *cost = &project->cost;
  ShareSheet *sheet = g_new0 (ShareSheet, 1);
  g_autoptr(GHashTable) prefectures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gint64 basis_total[BANSOU_COST_N_BASES] = { 0 };
  gint64 share_total = 0;
  g_autofree char *method = bansou_cost_format_method (cost->weights);

  sheet->headers = g_ptr_array_new_with_free_func (g_free);
  sheet->cells = g_array_new (FALSE, TRUE, sizeof (ShareCell));
  g_array_set_clear_func (sheet->cells, clear_cell);
  sheet->facts = g_array_new (FALSE, TRUE, sizeof (ShareCell));
  g_array_set_clear_func (sheet->facts, clear_cell);

  add_fact (sheet, _("Project"), SHARE_CELL_TEXT, g_strdup (project->title), 0);
  add_fact (sheet, _("Total cost"), SHARE_CELL_YEN, NULL, table->split->total);
  add_fact (sheet, _("National subsidy"), SHARE_CELL_YEN, NULL, table->split->subsidy);
  add_fact (sheet, _("Amount to share"), SHARE_CELL_YEN, NULL, table->split->amount);
  add_fact (sheet, _("Split method"), SHARE_CELL_TEXT, g_strdup (method), 0);
  if (project->contract_start != NULL && project->contract_end != NULL)
    add_fact (sheet, _("Contract period"), SHARE_CELL_TEXT,
              g_strdup_printf ("%s – %s", project->contract_start, project->contract_end), 0);

  g_ptr_array_add (sheet->headers, g_strdup (_("Body code")));
  g_ptr_array_add (sheet->headers, g_strdup (_("Prefecture")));
  g_ptr_array_add (sheet->headers, g_strdup (_("Body")));
  g_ptr_array_add (sheet->headers, g_strdup (_("Joined")));
  g_ptr_array_add (sheet->headers, g_strdup (_("Left")));
  g_ptr_array_add (sheet->headers, g_strdup (_("Days")));
  for (guint b = 0; b < BANSOU_COST_N_BASES; b++)
    if (cost->weights[b] > 0)
      /* Translators: a column of the share table, e.g. 人口割（円） */
      g_ptr_array_add (sheet->headers, g_strdup_printf (_("%s (yen)"), bansou_cost_basis_get_label (b)));
  g_ptr_array_add (sheet->headers, g_strdup (_("Share (yen)")));
  g_ptr_array_add (sheet->headers, g_strdup (_("Stand-alone estimate (yen)")));
  g_ptr_array_add (sheet->headers, g_strdup (_("Savings (yen)")));
  sheet->n_columns = sheet->headers->len;

  for (guint i = 0; i < table->rows->len; i++)
    {
      const BansouShareRow *row = &g_array_index (table->rows, BansouShareRow, i);
      const BansouParticipant *p = row->participant;
      g_autofree char *digits = bansou_code_prefecture_digits (p->body);
      const char *pref_name = digits ? g_hash_table_lookup (prefectures, digits) : NULL;

      if (digits != NULL && pref_name == NULL)
        {
          char *name = bansou_procurements_prefecture_name (registry, digits);
          g_hash_table_insert (prefectures, g_strdup (digits), name);
          pref_name = name;
        }

      add_text (sheet, p->body);
      add_text (sheet, pref_name);
      add_text (sheet, p->name);
      add_text (sheet, p->joined_on ? p->joined_on : project->contract_start);
      add_text (sheet, p->left_on ? p->left_on : project->contract_end);
      add_number (sheet, SHARE_CELL_COUNT, table->contract_days > 0 ? row->days : -1);
      for (guint b = 0; b < BANSOU_COST_N_BASES; b++)
        if (cost->weights[b] > 0)
          {
            add_number (sheet, SHARE_CELL_YEN, row->basis_shares[b]);
            basis_total[b] += row->basis_shares[b];
          }
      add_number (sheet, SHARE_CELL_YEN, row->share);
      add_number (sheet, SHARE_CELL_YEN, row->standalone);
      add_number (sheet, SHARE_CELL_YEN, row->standalone >= 0 ? row->savings : -1);
      share_total += row->share;
    }

  /* The total row: the shares add up to the amount to share */
  add_text (sheet, _("Total"));
  for (guint c = 1; c < 6; c++)
    add_text (sheet, NULL);
  for (guint b = 0; b < BANSOU_COST_N_BASES; b++)
    if (cost->weights[b] > 0)
      add_number (sheet, SHARE_CELL_YEN, basis_total[b]);
  add_number (sheet, SHARE_CELL_YEN, share_total);
  add_number (sheet, SHARE_CELL_YEN, table->shares_with_estimate > 0 || table->standalone_total > 0
                                     ? table->standalone_total : -1);
  add_number (sheet, SHARE_CELL_YEN, table->shares_with_estimate > 0 || table->standalone_total > 0
                                     ? table->savings_total : -1);
  return sheet;
}

/**
 * bansou_share_table_to_csv:
 * @registry: (nullable): for the prefectures' names
 *
 * The share table as UTF-8 CSV with a BOM (Excel in Japan opens it
 * right): a header, one line per participant, the total line, then the
 * rounding rule. Amounts are plain integers of yen.
 *
 * Returns: (transfer full): the file's bytes
 */
GBytes *
bansou_share_table_to_csv (const BansouShareTable *table,
                           BansouRegistry         *registry)
{
  g_autoptr(ShareSheet) sheet = _bansou_share_sheet_new (table, registry);
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  g_autofree const char **row = g_new0 (const char *, sheet->n_columns + 1);
  guint n_rows = sheet->cells->len / sheet->n_columns;

  g_ptr_array_add (sheet->headers, NULL);
  bansou_csv_append_row (out, (const char * const *) sheet->headers->pdata);

  for (guint r = 0; r < n_rows; r++)
    {
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

      for (guint c = 0; c < sheet->n_columns; c++)
        {
          const ShareCell *cell = &g_array_index (sheet->cells, ShareCell, r * sheet->n_columns + c);

          switch (cell->kind)
            {
            case SHARE_CELL_TEXT:
              g_ptr_array_add (texts, g_strdup (cell->text));
              break;
            case SHARE_CELL_COUNT:
            case SHARE_CELL_YEN:
              g_ptr_array_add (texts, g_strdup_printf ("%" G_GINT64_FORMAT, cell->value));
              break;
            case SHARE_CELL_EMPTY:
            default:
              g_ptr_array_add (texts, g_strdup (""));
              break;
            }
          row[c] = g_ptr_array_index (texts, c);
        }
      row[sheet->n_columns] = NULL;
      bansou_csv_append_row (out, row);
    }

  {
    const char *rule[] = { bansou_cost_split_rule_text (), NULL };
    bansou_csv_append_row (out, rule);
  }
  return g_string_free_to_bytes (g_steal_pointer (&out));
}
