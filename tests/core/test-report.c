/* test-report.c — the regional status report: PDF, spreadsheets, bansouctl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The report is checked from the outside, as a reader would: the PDF's
 * text through pdftotext, its pages through pdfinfo, a rendered page
 * through pdftoppm, the workbook through its XML. Answers are a fixed
 * pattern, so the expected rates are computed here independently.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <cairo.h>
#include <glib/gstdio.h>

#include "bansou-consult.h"
#include "bansou-demo.h"
#include "bansou-report.h"
#include "bansou-store-sql.h"
#include "bansou-support-effect.h"
#include "bansou-test-utils.h"

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })

#define ROUND      "2025-10-31"
#define PREVIOUS   "2024-10-31"

typedef struct
{
  char          *db;
  BansouStore   *store;
  BansouCatalog *catalog;
  GPtrArray     *codes;    /* the bodies answered, in registry order */
  GDateTime     *generated_at;
} Fixture;

/* A fixed pattern of answers: mostly done, some partly, a few not done or
 * not applicable; the previous round one step worse. */
static BansouStatus
fixture_status (guint    body,
                guint    question,
                gboolean previous)
{
  guint v = (body * 7 + question * 3 + (previous ? 8 : 0)) % 10;

  if (v < 6)
    return BANSOU_STATUS_DONE;
  if (v < 8)
    return BANSOU_STATUS_PARTIAL;
  if (v < 9)
    return BANSOU_STATUS_NOT_DONE;
  return BANSOU_STATUS_NA;
}

typedef struct
{
  Fixture    *fixture;
  const char *round;
  gboolean    previous;
} FillData;

static gboolean
fill_round (BansouStore  *store,
            gpointer      user_data,
            GError      **error)
{
  FillData *fill = user_data;
  Fixture *f = fill->fixture;
  const char *version = bansou_catalog_get_version (f->catalog);
  g_autoptr(sqlite3_stmt) round = NULL;
  g_autoptr(sqlite3_stmt) answer = NULL;
  g_autoptr(sqlite3_stmt) progress = NULL;
  guint nq = bansou_catalog_get_n_questions (f->catalog);

  round = _bansou_store_prepare (store,
                                 "INSERT INTO rounds (id, fiscal_year, catalog_version, created_at) "
                                 "VALUES (?1, ?2, ?3, '2026-01-01T00:00:00Z')", error);
  if (round == NULL)
    return FALSE;
  sqlite3_bind_text (round, 1, fill->round, -1, SQLITE_STATIC);
  sqlite3_bind_int (round, 2, atoi (fill->round));
  sqlite3_bind_text (round, 3, version, -1, SQLITE_STATIC);
  if (!_bansou_store_step_done (store, round, error))
    return FALSE;

  answer = _bansou_store_prepare (store,
                                  "INSERT INTO answers (round, body, question, status, catalog_version) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  progress = _bansou_store_prepare (store,
                                    "INSERT INTO progress (round, body, state) VALUES (?1, ?2, ?3)", error);
  if (answer == NULL || progress == NULL)
    return FALSE;

  for (guint b = 0; b < f->codes->len; b++)
    {
      const char *code = g_ptr_array_index (f->codes, b);

      for (guint q = 0; q < nq; q++)
        {
          BansouQuestion *question = bansou_catalog_get_question (f->catalog, q);

          sqlite3_reset (answer);
          sqlite3_bind_text (answer, 1, fill->round, -1, SQLITE_STATIC);
          sqlite3_bind_text (answer, 2, code, -1, SQLITE_STATIC);
          sqlite3_bind_text (answer, 3, question->id, -1, SQLITE_STATIC);
          sqlite3_bind_text (answer, 4, bansou_status_to_string (fixture_status (b, q, fill->previous)), -1,
                             SQLITE_STATIC);
          sqlite3_bind_text (answer, 5, version, -1, SQLITE_STATIC);
          if (!_bansou_store_step_done (store, answer, error))
            return FALSE;
        }

      sqlite3_reset (progress);
      sqlite3_bind_text (progress, 1, fill->round, -1, SQLITE_STATIC);
      sqlite3_bind_text (progress, 2, code, -1, SQLITE_STATIC);
      sqlite3_bind_text (progress, 3, bansou_progress_to_string (b % BANSOU_N_PROGRESS), -1, SQLITE_STATIC);
      if (!_bansou_store_step_done (store, progress, error))
        return FALSE;
    }

  return TRUE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(GListModel) bodies = NULL;
  FillData fill = { f, PREVIOUS, TRUE };

  f->store = bansou_test_open_store (&f->db);
  g_assert_true (bansou_store_set_setting (f->store, "prefecture", "34", &error));
  g_assert_no_error (error);
  f->catalog = bansou_catalog_load_active (f->store, &error);
  g_assert_no_error (error);

  registry = bansou_registry_new (f->store);
  bodies = bansou_registry_list (registry, "34", BANSOU_LIST_DEFAULT, &error);
  g_assert_no_error (error);
  f->codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0, n = g_list_model_get_n_items (bodies); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      g_ptr_array_add (f->codes, g_strdup (bansou_body_get_code (body)));
    }
  g_assert_cmpuint (f->codes->len, ==, 23);

  g_assert_true (bansou_store_transaction (f->store, fill_round, &fill, &error));
  g_assert_no_error (error);
  fill.round = ROUND;
  fill.previous = FALSE;
  g_assert_true (bansou_store_transaction (f->store, fill_round, &fill, &error));
  g_assert_no_error (error);

  f->generated_at = g_date_time_new_local (2026, 2, 3, 14, 5, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_pointer (&f->generated_at, g_date_time_unref);
  g_clear_pointer (&f->codes, g_ptr_array_unref);
  g_clear_object (&f->catalog);
  g_clear_object (&f->store);
  g_clear_pointer (&f->db, g_free);
}

static BansouReport *
fixture_report (Fixture           *f,
                BansouReportFlags  flags)
{
  g_autoptr(GError) error = NULL;
  BansouReportOptions options = { flags, f->generated_at };
  BansouReport *report = bansou_report_new (f->store, f->catalog, "34", ROUND, &options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* The overall score as the score module defines it (docs/scoring.md):
 * the mean over bodies of each body's score over all its answers. */
static double
expected_score (Fixture  *f,
                gboolean  previous)
{
  guint nq = bansou_catalog_get_n_questions (f->catalog);
  double total = 0;

  for (guint b = 0; b < f->codes->len; b++)
    {
      double sum = 0;
      guint n = 0;

      for (guint q = 0; q < nq; q++)
        {
          double score = bansou_status_score (fixture_status (b, q, previous));

          if (score >= 0)
            {
              sum += score;
              n++;
            }
        }
      total += 100.0 * sum / n;
    }
  return total / f->codes->len;
}

static char *
run (const char * const *argv,
     int                *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &wait_status, &error);
  g_assert_no_error (error);
  if (status)
    *status = wait_status;
  return g_steal_pointer (&out);
}

/* pdftotext breaks lines where the PDF does: compare without white space */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
have_poppler (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");

  if (pdftotext && pdfinfo && pdftoppm)
    return TRUE;
  g_test_skip ("poppler-utils (pdftotext, pdfinfo, pdftoppm) is not installed");
  return FALSE;
}

static guint
pdf_pages (const char *pdf)
{
  g_autofree char *info = run (CTL ("pdfinfo", pdf), NULL);
  const char *line = strstr (info, "Pages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("Pages:") + strspn (line + strlen ("Pages:"), " "), NULL, 10);
}

/* ------------------------------------------------------------------------ */

static void
test_report_pdf_text (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(BansouReport) report = fixture_report (f, 0);
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  if (!have_poppler ())
    return;

  g_assert_true (bansou_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);

  text = run (CTL ("pdftotext", "-enc", "UTF-8", pdf, "-"), NULL);
  flat = squeeze (text);

  g_assert_cmpstr (bansou_report_get_scope_name (report), ==, "広島県");
  g_assert_nonnull (strstr (flat, "広島県"));
  g_assert_nonnull (strstr (flat, "令和7年10月末時点"));
  g_assert_nonnull (strstr (flat, "2025-10-31"));
  /* Generated-at in 和暦, and the page numbers */
  g_assert_nonnull (strstr (flat, "令和8年2月3日14:05"));
  g_assert_nonnull (strstr (flat, "1/"));

  /* The eight categories in the catalog's Japanese (LANGUAGE=ja) */
  g_assert_cmpuint (bansou_catalog_get_n_categories (f->catalog), ==, 8);
  for (guint c = 0; c < 8; c++)
    {
      BansouCategory *category = bansou_catalog_get_category (f->catalog, c);
      g_autofree char *needle = squeeze (category->ja);

      g_assert_nonnull (strstr (flat, needle));
    }
  g_assert_nonnull (strstr (flat, "組織体制"));
  g_assert_nonnull (strstr (flat, "評価・見直し"));

  /* Every body */
  g_assert_cmpuint (bansou_report_get_n_bodies (report), ==, f->codes->len);
  for (guint b = 0; b < bansou_report_get_n_bodies (report); b++)
    {
      const char *name = bansou_report_get_body_name (report, b);

      if (strstr (flat, name) == NULL)
        g_error ("“%s” is not in the PDF's text", name);
    }
  g_assert_nonnull (strstr (flat, "神石高原町"));
}

static void
test_report_pdf_pages (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(BansouReport) report = fixture_report (f, 0);
  g_autoptr(BansouReport) profiles = fixture_report (f, BANSOU_REPORT_BODY_PROFILES);
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *pdf2 = g_build_filename (dir, "profiles.pdf", NULL);
  g_autoptr(GError) error = NULL;

  if (!have_poppler ())
    return;

  g_assert_cmpuint (bansou_report_get_n_pages (report), >=, 3);
  g_assert_true (bansou_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (pdf), ==, bansou_report_get_n_pages (report));

  /* A profile is one page per body, after the rest */
  g_assert_cmpuint (bansou_report_get_n_pages (profiles), ==,
                    bansou_report_get_n_pages (report) + f->codes->len);
  g_assert_true (bansou_report_write_pdf (profiles, pdf2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (pdf2), ==, bansou_report_get_n_pages (profiles));
}

static guint
count_ink (const char *png)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (png);
  int width, height, stride;
  const guint8 *pixels;
  guint n = 0;

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (image);
  width = cairo_image_surface_get_width (image);
  height = cairo_image_surface_get_height (image);
  stride = cairo_image_surface_get_stride (image);
  pixels = cairo_image_surface_get_data (image);

  /* A4 at 50 dpi: 413.4 × 584.6, rounded either way */
  g_assert_cmpint (ABS (width - 413), <=, 1);
  g_assert_cmpint (ABS (height - 585), <=, 1);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 px = *(const guint32 *) (pixels + y * stride + x * 4);

        if ((px & 0xffffff) != 0xffffff)
          n++;
      }

  cairo_surface_destroy (image);
  return n;
}

static void
test_report_pdf_render (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(BansouReport) report = fixture_report (f, 0);
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char *png = g_build_filename (dir, "page.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  guint ink;
  int status;

  if (!have_poppler ())
    return;

  g_assert_true (bansou_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  out = run (CTL ("pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", "-singlefile", pdf, prefix), &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));

  /* Text, rules, tiles and bars: a few percent of the page has ink */
  ink = count_ink (png);
  g_test_message ("page 1: %u of %u pixels are not white", ink, 413 * 585);
  g_assert_cmpuint (ink, >, 413 * 585 / 50);
}

/* The same page drawn into an image at any size: the preview's path */
static void
test_report_draw_any_surface (Fixture       *f,
                              gconstpointer  user_data)
{
  g_autoptr(BansouReport) report = fixture_report (f, 0);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 300);
  cairo_t *cr = cairo_create (surface);
  guint8 *pixels;
  guint ink = 0;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  for (guint i = 0; i < bansou_report_get_n_pages (report); i++)
    bansou_report_draw_page (report, cr, i, 300, 300);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);

  /* Scaled to fit and centred: the left and right strips stay white */
  pixels = cairo_image_surface_get_data (surface);
  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 300; x++)
      {
        guint32 px = *(guint32 *) (pixels + y * cairo_image_surface_get_stride (surface) + x * 4) & 0xffffff;

        if (px != 0xffffff)
          {
            ink++;
            g_assert_cmpint (x, >=, (300 - 300 * 595.276 / 841.89) / 2 - 1);
            g_assert_cmpint (x, <=, (300 + 300 * 595.276 / 841.89) / 2 + 1);
          }
      }
  g_assert_cmpuint (ink, >, 1000);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_report_csv (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(BansouReport) report = fixture_report (f, 0);
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *csv_dir = g_build_filename (dir, "tables", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *categories_path = g_build_filename (csv_dir, "categories.csv", NULL);
  g_autofree char *summary_path = g_build_filename (csv_dir, "summary.csv", NULL);
  g_autofree char *bodies_path = g_build_filename (csv_dir, "bodies.csv", NULL);
  g_autofree char *categories = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *bodies = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) lines = NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  files = bansou_report_write_csv (report, csv_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (files), ==, 5);

  categories = read_text (categories_path);
  g_assert_true (g_str_has_prefix (categories, "\xEF\xBB\xBF"));
  g_assert_true (g_str_has_suffix (categories, "\r\n"));
  lines = g_strsplit (categories + 3, "\r\n", -1);
  /* A header, eight categories, the overall row, and the empty rest */
  g_assert_cmpuint (g_strv_length (lines), ==, 11);
  g_assert_true (g_str_has_prefix (lines[1], "1,組織体制,"));
  g_assert_true (g_str_has_prefix (lines[8], "8,評価・見直し,"));
  g_assert_cmpstr (lines[10], ==, "");
  /* No bare LF anywhere */
  for (const char *p = categories; (p = strchr (p, '\n')); p++)
    g_assert_cmpint (p[-1], ==, '\r');

  /* The overall score, computed independently of the report */
  summary = read_text (summary_path);
  g_ascii_formatd (buf, sizeof buf, "%.1f", expected_score (f, FALSE));
  expected = g_strdup_printf (",%s\r\n", buf);
  g_assert_nonnull (strstr (summary, expected));
  g_ascii_formatd (buf, sizeof buf, "%.1f", expected_score (f, FALSE));
  g_assert_nonnull (strstr (categories, buf));

  /* One row per body, after the header */
  bodies = read_text (bodies_path);
  g_clear_pointer (&lines, g_strfreev);
  lines = g_strsplit (bodies, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, f->codes->len + 2);
  g_assert_nonnull (strstr (bodies, "341002,広島県,広島市,"));
}

typedef struct
{
  Fixture    *f;
  const char *source;
  const char *on_date;
  guint       first;
} SupportData;

static gboolean
support_cb (BansouStore  *store,
            gpointer      user_data,
            GError      **error)
{
  SupportData *d = user_data;
  BansouSupportTarget targets[6];

  for (guint i = 0; i < 3; i++)
    {
      targets[2 * i] = (BansouSupportTarget) { g_ptr_array_index (d->f->codes, d->first + i), "org.structure.csirt" };
      targets[2 * i + 1] = (BansouSupportTarget) { g_ptr_array_index (d->f->codes, d->first + i),
                                                   "review.audit.external" };
    }
  return bansou_support_set_actions (store, BANSOU_SUPPORT_VISIT, d->source, d->on_date, "expert-1",
                                     targets, G_N_ELEMENTS (targets), error);
}

/* 支援効果: left out without support actions (test_report_csv counts the
 * files), and with them a section in the PDF and a table whose figures are
 * the support module's for the support before the report's round. */
static void
test_report_support (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouReport) report = NULL;
  g_autoptr(BansouSupportEffect) effect = NULL;
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *csv_dir = g_build_filename (dir, "tables", NULL);
  g_autofree char *csv_path = g_build_filename (csv_dir, "support.csv", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) files = NULL;
  g_auto(GStrv) lines = NULL;
  SupportData before = { f, "visit-1", "2025-03-01", 0 };
  SupportData after = { f, "visit-2", "2025-11-20", 3 };   /* measured by a later round */
  BansouSupportQuery query = { .any_kind = TRUE, .prefecture = "34", .until = "2025-10-30" };
  const BansouSupportEffectRow *row;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert_true (bansou_store_transaction (f->store, support_cb, &before, &error));
  g_assert_no_error (error);
  g_assert_true (bansou_store_transaction (f->store, support_cb, &after, &error));
  g_assert_no_error (error);
  effect = bansou_support_effect_compute (f->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bansou_support_effect_get_n_actions (effect), ==, 6);
  row = bansou_support_effect_get_row (effect, BANSOU_SUPPORT_BY_PREFECTURE, 0);
  /* 対象外 answers of the fixture leave some pairs out */
  g_assert_cmpuint (row->n_treated + row->n_excluded, ==, 6);
  g_assert_cmpuint (row->n_treated, >, 0);
  g_assert_true (row->small);

  report = fixture_report (f, 0);
  files = bansou_report_write_csv (report, csv_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (files), ==, 6);

  csv = read_text (csv_path);
  lines = g_strsplit (csv + 3, "\r\n", -1);
  /* A header, then the prefecture, the kind, the expert and three bodies */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 1 + 1 + 1 + 3 + 1);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("全体,34,広島県,%u,%u,", row->n_treated, row->n_control);
  g_assert_true (g_str_has_prefix (lines[1], expected));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf (",%u,0,0,参考値", row->n_excluded);
  g_assert_true (g_str_has_suffix (lines[1], expected));
  g_clear_pointer (&expected, g_free);
  g_ascii_formatd (buf, sizeof buf, "%.1f", row->did);
  expected = g_strdup_printf (",%s,", buf);
  g_assert_nonnull (strstr (lines[1], expected));
  g_assert_true (g_str_has_prefix (lines[2], "支援の種類別,visit,専門人材の派遣,"));

  if (!have_poppler ())
    return;
  g_assert_true (bansou_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  {
    g_autofree char *text = run (CTL ("pdftotext", "-enc", "UTF-8", pdf, "-"), NULL);
    g_autofree char *flat = squeeze (text);

    g_assert_nonnull (strstr (flat, "5.支援効果"));
    g_assert_nonnull (strstr (flat, "参考値"));
  }
}

/* 相談窓口: left out without tickets (test_report_csv counts the files);
 * with them, the tickets of the round's fiscal year (令和7年度) by category,
 * the SLAs met over the clocks that stopped in it, and the open tickets past
 * a target when the report was made, in the PDF and a table. */
static void
test_report_consult (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouRegistry) registry = bansou_registry_new (f->store);
  g_autoptr(BansouCalendar) calendar = bansou_calendar_new_for_store (f->store, &error);
  g_autoptr(BansouConsult) consult = bansou_consult_new (registry, calendar);
  g_autoptr(BansouReport) report = NULL;
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *csv_dir = g_build_filename (dir, "tables", NULL);
  g_autofree char *csv_path = g_build_filename (csv_dir, "consultations.csv", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
  g_auto(GStrv) files = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *m = NULL;

  g_assert_no_error (error);
#define OPEN(var, body, category, priority, received) \
  var = bansou_consult_open (consult, body, BANSOU_CHANNEL_MAIL, category, priority, "委託先の管理", "", \
                             received, &error); \
  g_assert_no_error (error)
  /* a: answered and closed in time; b: critical, never answered (overdue);
   * c: received the year before, first reply in this one, late; d: 茨城県's */
  OPEN (a, "341002", BANSOU_TICKET_CATEGORY_CLOUD, BANSOU_PRIORITY_NORMAL, "2025-06-02T09:00:00+09:00");
  OPEN (b, "342025", BANSOU_TICKET_CATEGORY_SUPPLY_CHAIN, BANSOU_PRIORITY_CRITICAL, "2025-11-04T09:00:00+09:00");
  OPEN (c, "341002", BANSOU_TICKET_CATEGORY_POLICY, BANSOU_PRIORITY_NORMAL, "2024-12-02T09:00:00+09:00");
  OPEN (d, "082015", BANSOU_TICKET_CATEGORY_POLICY, BANSOU_PRIORITY_NORMAL, "2025-06-02T09:00:00+09:00");
#undef OPEN
  m = bansou_consult_add_message (consult, a, BANSOU_MESSAGE_REPLY, "回答します", "2025-06-02T10:00:00+09:00", &error);
  g_assert_no_error (error);
  g_clear_pointer (&m, g_free);
  g_assert_true (bansou_consult_set_state (consult, a, BANSOU_TICKET_ANSWERED, "2025-06-03T10:00:00+09:00", &error));
  g_assert_true (bansou_consult_set_state (consult, a, BANSOU_TICKET_CLOSED, "2025-06-04T10:00:00+09:00", &error));
  g_assert_no_error (error);
  m = bansou_consult_add_message (consult, c, BANSOU_MESSAGE_REPLY, "遅くなりました", "2025-05-01T10:00:00+09:00",
                                  &error);
  g_assert_no_error (error);

  report = fixture_report (f, 0);
  files = bansou_report_write_csv (report, csv_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (files), ==, 6);

  csv = read_text (csv_path);
  lines = g_strsplit (csv + 3, "\r\n", -1);
  /* A header, seven categories, received, two SLAs, incidents, open, overdue */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 7 + 6 + 1);
  g_assert_true (g_str_has_prefix (lines[1], "受付（サプライチェーン・調達）,1,2,50"));
  g_assert_true (g_str_has_prefix (lines[3], "受付（ポリシー・規程）,0,2,0"));
  g_assert_true (g_str_has_prefix (lines[5], "受付（クラウド）,1,2,50"));
  g_assert_cmpstr (lines[8], ==, "受付,2,,");
  g_assert_true (g_str_has_prefix (lines[9], "初回応答が目標時間内,1,2,50"));
  g_assert_true (g_str_has_prefix (lines[10], "解決が目標時間内,1,1,100"));
  g_assert_true (g_str_has_prefix (lines[12], "現在未完了の相談,2,,"));
  g_assert_true (g_str_has_prefix (lines[13], "うち現在目標を超過,2,2,100"));

  if (!have_poppler ())
    return;
  g_assert_true (bansou_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  {
    g_autofree char *text = run (CTL ("pdftotext", "-enc", "UTF-8", pdf, "-"), NULL);
    g_autofree char *flat = squeeze (text);

    g_assert_nonnull (strstr (flat, "相談窓口"));
    g_assert_nonnull (strstr (flat, "令和7年度"));
    g_assert_nonnull (strstr (flat, "（1／2件）"));
  }
}

static char *
unzip (const char *xlsx,
       const char *member)
{
  int status;
  char *out = run (CTL ("unzip", "-p", xlsx, member), &status);

  g_assert_cmpint (status, ==, 0);
  return out;
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = haystack; (p = strstr (p, needle)); p += strlen (needle))
    n++;
  return n;
}

static void
test_report_xlsx (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(BansouReport) report = fixture_report (f, 0);
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *xlsx = g_build_filename (dir, "report.xlsx", NULL);
  g_autofree char *unzip_path = g_find_program_in_path ("unzip");
  g_autoptr(GError) error = NULL;
  g_autofree char *workbook = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *categories = NULL;
  g_autofree char *bodies = NULL;
  g_autofree char *strings = NULL;
  g_autofree char *n_bodies = NULL;
  g_autofree char *rate = NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!bansou_report_can_write_xlsx ())
    {
      g_assert_false (bansou_report_write_xlsx (report, xlsx, &error));
      g_assert_error (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_UNSUPPORTED);
      g_test_skip ("built without libxlsxwriter");
      return;
    }
  if (unzip_path == NULL)
    {
      g_test_skip ("unzip is not installed");
      return;
    }

  g_assert_true (bansou_report_write_xlsx (report, xlsx, &error));
  g_assert_no_error (error);

  /* One sheet per table */
  workbook = unzip (xlsx, "xl/workbook.xml");
  g_assert_cmpuint (count (workbook, "<sheet "), ==, 5);

  /* Summary: numbers as numbers — the count of bodies, the rate as a
   * fraction under a percentage format */
  summary = unzip (xlsx, "xl/worksheets/sheet1.xml");
  n_bodies = g_strdup_printf ("<v>%u</v>", f->codes->len);
  g_assert_nonnull (strstr (summary, n_bodies));
  g_ascii_formatd (buf, sizeof buf, "%.6f", expected_score (f, FALSE) / 100);
  rate = g_strndup (buf, 6);  /* "0.7xxx": the leading digits */
  g_assert_nonnull (strstr (summary, rate));

  /* Categories: a header, eight rows and the overall one */
  categories = unzip (xlsx, "xl/worksheets/sheet2.xml");
  g_assert_cmpuint (count (categories, "<row "), ==, 10);

  /* Bodies: a header and one row each */
  bodies = unzip (xlsx, "xl/worksheets/sheet4.xml");
  g_assert_cmpuint (count (bodies, "<row "), ==, f->codes->len + 1);

  strings = unzip (xlsx, "xl/sharedStrings.xml");
  g_assert_nonnull (strstr (strings, "組織体制"));
  g_assert_nonnull (strstr (strings, "広島市"));
  g_assert_nonnull (strstr (strings, "神石高原町"));
}

static void
test_report_errors (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouReport) report = NULL;
  g_autofree char *latest = NULL;

  report = bansou_report_new (f->store, f->catalog, "34", "2019-04-01", NULL, &error);
  g_assert_null (report);
  g_assert_error (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_NO_ROUND);
  g_clear_error (&error);

  report = bansou_report_new (f->store, f->catalog, "99", ROUND, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_NO_SCOPE);
  g_clear_error (&error);

  latest = bansou_report_latest_round (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (latest, ==, ROUND);

  /* A PDF that cannot be written leaves nothing behind */
  report = fixture_report (f, 0);
  g_assert_false (bansou_report_write_pdf (report, "/nonexistent/dir/report.pdf", &error));
  g_assert_error (error, BANSOU_REPORT_ERROR, BANSOU_REPORT_ERROR_WRITE);
}

static void
test_report_ctl (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *pdf = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *pdf_bad = g_build_filename (dir, "bad.pdf", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "out.xlsx", NULL);
  g_autofree char *csv = g_build_filename (dir, "csv", NULL);
  g_autofree char *csv_file = g_build_filename (csv, "weakest.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;
  g_autoptr(BansouReport) profiles = fixture_report (f, BANSOU_REPORT_BODY_PROFILES);

  /* bansouctl opens the database itself */
  g_clear_object (&f->store);

  g_assert_cmpint (bansou_test_run_ctl (f->db, CTL ("report", "--round", ROUND, "--pdf", pdf, "--profiles",
                                                    "--csv", csv),
                                        &out, &err), ==, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (csv_file, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (out, pdf));
  if (g_find_program_in_path ("pdfinfo") != NULL)
    g_assert_cmpuint (pdf_pages (pdf), ==, bansou_report_get_n_pages (profiles));

  if (bansou_report_can_write_xlsx ())
    {
      g_assert_cmpint (bansou_test_run_ctl (f->db, CTL ("report", "--xlsx", xlsx), NULL, NULL), ==, 0);
      g_assert_true (g_file_test (xlsx, G_FILE_TEST_EXISTS));
    }

  /* An unknown round: an error, no file */
  g_assert_cmpint (bansou_test_run_ctl (f->db, CTL ("report", "--round", "2030-03-31", "--pdf", pdf_bad),
                                        &out2, &err2), ==, 1);
  g_assert_nonnull (strstr (err2, "2030-03-31"));
  g_assert_false (g_file_test (pdf_bad, G_FILE_TEST_EXISTS));

  /* Nothing to write is a usage error */
  g_assert_cmpint (bansou_test_run_ctl (f->db, CTL ("report", "--round", ROUND), NULL, &err3), ==, 2);
}

/* Demo data, as bansouctl demo makes it: the report of a prefecture and of
 * the nation carries every body and lays out as many pages as it draws. */
static void
test_report_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = bansou_test_open_store (NULL);
  g_autoptr(BansouCatalog) catalog = bansou_catalog_load_active (store, &error);
  g_autoptr(BansouReport) report = NULL;
  g_autofree char *dir = bansou_test_make_dir ();
  g_autofree char *pdf = g_build_filename (dir, "demo.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  g_assert_no_error (error);
  g_assert_true (bansou_store_set_setting (store, "prefecture", "13", &error));
  g_assert_true (bansou_demo_generate (store, catalog, "13", 3, 7, &error));
  g_assert_no_error (error);

  report = bansou_report_new (store, catalog, "13", BANSOU_DEMO_LATEST_ROUND, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bansou_report_get_scope_name (report), ==, "東京都");
  g_assert_cmpuint (bansou_report_get_n_bodies (report), ==, 62);  /* 23 wards, 26 cities, 5 towns, 8 villages */

  if (!have_poppler ())
    return;

  g_assert_true (bansou_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (pdf), ==, bansou_report_get_n_pages (report));

  text = run (CTL ("pdftotext", "-enc", "UTF-8", pdf, "-"), NULL);
  flat = squeeze (text);
  g_assert_nonnull (strstr (flat, "東京都"));
  for (guint b = 0; b < bansou_report_get_n_bodies (report); b++)
    if (strstr (flat, bansou_report_get_body_name (report, b)) == NULL)
      g_error ("“%s” is not in the PDF's text", bansou_report_get_body_name (report, b));
  for (guint c = 0; c < bansou_catalog_get_n_categories (catalog); c++)
    {
      g_autofree char *needle = squeeze (bansou_catalog_get_category (catalog, c)->ja);
      g_assert_nonnull (strstr (flat, needle));
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The catalog's texts in Japanese, as a Japanese desk prints them */
  g_setenv ("LANGUAGE", "ja", TRUE);
  bansou_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/report/pdf/text", test_report_pdf_text);
  ADD ("/report/pdf/pages", test_report_pdf_pages);
  ADD ("/report/pdf/render", test_report_pdf_render);
  ADD ("/report/draw-any-surface", test_report_draw_any_surface);
  ADD ("/report/csv", test_report_csv);
  ADD ("/report/support", test_report_support);
  ADD ("/report/consultations", test_report_consult);
  ADD ("/report/xlsx", test_report_xlsx);
  ADD ("/report/errors", test_report_errors);
  ADD ("/report/ctl", test_report_ctl);
  g_test_add_func ("/report/demo", test_report_demo);

  return g_test_run ();
}
