/* fuzz-csv.c — the CSV answer import on a bytes buffer, against a real
 * temporary database (prefecture 34, one open round)
 *
 * Every input goes through bansou_csv_decode() and bansou_csv_parse() on its
 * own, then through bansou_csv_import_answers(), which validates, writes the
 * accepted rows, the audit and the outbox in one transaction. The database
 * lives in a folder removed at exit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include "bansou-fuzz.h"
#include "bansou-test-utils.h"

#define ROUND "2025-10-31"

static BansouStore   *store;
static BansouCatalog *catalog;
static BansouSurvey  *survey;

static void
fuzz_setup (void)
{
  g_autoptr(GError) error = NULL;

  store = bansou_test_open_store (NULL);
  bansou_fuzz_expect (bansou_store_set_setting (store, "prefecture", "34", &error), "setting");
  catalog = bansou_catalog_load_active (store, &error);
  bansou_fuzz_expect (catalog != NULL, "catalog: %s", error->message);
  survey = bansou_survey_new (store, catalog, &error);
  bansou_fuzz_expect (survey != NULL, "survey: %s", error->message);
  bansou_fuzz_expect (bansou_survey_create_round (survey, ROUND, NULL, FALSE, &error) != NULL,
                      "round: %s", error->message);
}

static void
fuzz_one (const guint8 *data,
          gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *text = NULL;
  guint n_changed = 0;

  text = bansou_csv_decode ((const char *) data, size, NULL);
  if (text != NULL)
    {
      g_autoptr(GPtrArray) records = bansou_csv_parse (text, NULL);
      g_autoptr(GDate) date = bansou_date_parse_loose (text);

      (void) records;
      (void) date;
      (void) bansou_status_parse_label (text);
    }

  if (!bansou_csv_import_answers (survey, ROUND, (const char *) data, size, &n_changed, &problems, &error))
    bansou_fuzz_expect (error != NULL && error->domain == BANSOU_CSV_ERROR,
                        "an import failed without a CSV error: %s", error ? error->message : "none");
}

BANSOU_FUZZ_MAIN (fuzz_setup, fuzz_one)
