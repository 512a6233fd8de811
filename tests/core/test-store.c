/* test-store.c — opening, migrating and refusing databases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <sqlite3.h>
#include <glib/gstdio.h>

#include "bansou-test-utils.h"

static int
pragma_int (const char *path,
            const char *pragma)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", pragma);
  int value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
test_store_new (void)
{
  g_autofree char *path = NULL;
  g_autoptr(BansouStore) store = bansou_test_open_store (&path);
  g_autofree char *journal = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (bansou_store_get_version (store), ==, bansou_store_latest_version ());
  g_assert_cmpint (pragma_int (path, "user_version"), ==, bansou_store_latest_version ());

  /* WAL is a property of the file. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  journal = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpstr (journal, ==, "wal");
}

static void
test_store_foreign_keys (void)
{
  g_autoptr(BansouStore) store = bansou_test_open_store (NULL);
  g_autoptr(GError) error = NULL;

  /* A member that does not exist violates the foreign key. */
  bansou_store_exec (store, "INSERT INTO body_members (body, member) VALUES ('340006', '999999')", &error);
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CONSTRAINT);
}

/* Sample data written at an older schema must survive every later migration. */
static void
test_store_migrate_from_every_version (void)
{
  for (int from = 0; from < bansou_store_latest_version (); from++)
    {
      g_autofree char *path = bansou_test_db_path ();
      g_autoptr(GError) error = NULL;
      g_autoptr(BansouStore) old = NULL;
      g_autoptr(BansouStore) store = NULL;
      g_autoptr(BansouRegistry) registry = NULL;
      g_autoptr(BansouBody) kure = NULL;

      g_test_message ("migrating from version %d", from);
      old = bansou_store_open_at_version (path, from, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bansou_store_get_version (old), ==, from);
      if (from >= 1)
        {
          g_autoptr(BansouRegistry) r = bansou_registry_new (old);
          bansou_registry_set_field (r, "342025", "population", "208000", &error);
          g_assert_no_error (error);
        }
      if (from >= 2)
        {
          /* answers entered before sync existed (schema 3) */
          bansou_store_exec (old,
                             "INSERT INTO rounds (id, fiscal_year, catalog_version, created_at) "
                             "  VALUES ('2025-10-31', 2025, '2026.1', '2025-10-01T00:00:00Z');"
                             "INSERT INTO answers (round, body, question, status, note, catalog_version) "
                             "  VALUES ('2025-10-31', '342025', 'org.responsibility.ciso', 'done', '規程あり', '2026.1');"
                             "INSERT INTO progress (round, body, state) VALUES ('2025-10-31', '342025', 'review');",
                             &error);
          g_assert_no_error (error);
        }
      g_clear_object (&old);

      store = bansou_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bansou_store_get_version (store), ==, bansou_store_latest_version ());

      registry = bansou_registry_new (store);
      kure = bansou_registry_lookup (registry, "342025", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (bansou_body_get_name (kure), ==, "呉市");
      if (from >= 1)
        g_assert_cmpint (bansou_body_get_population (kure), ==, 208000);
      if (from >= 2)
        {
          g_autoptr(BansouCatalog) catalog = bansou_catalog_load_active (store, &error);
          g_autoptr(BansouSurvey) survey = bansou_survey_new (store, catalog, &error);
          g_autoptr(BansouAnswer) answer = NULL;

          g_assert_no_error (error);
          answer = bansou_survey_get_answer (survey, "2025-10-31", "342025", "org.responsibility.ciso", &error);
          g_assert_no_error (error);
          g_assert_cmpstr (answer->note, ==, "規程あり");
          /* …and, written before sync existed (schema 3), they wait in the
           * outbox for the first sync. Written by raw SQL at schema 3 or
           * later they bypass the survey and so the outbox. */
          if (from < 3)
            g_assert_cmpuint (bansou_sync_count_pending (store), ==, 2);
        }
    }
}

static void
test_store_refuses_newer (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(BansouStore) again = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;

  g_clear_object (&again);
  {
    g_autoptr(BansouStore) store = bansou_test_open_store (&path);
  }

  /* Pretend a newer Bansō wrote it, and leave it in rollback-journal mode
   * so that the whole database is in the one file we compare. */
  sql = g_strdup_printf ("PRAGMA journal_mode = DELETE; PRAGMA user_version = %d",
                         bansou_store_latest_version () + 1);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  before = bansou_test_read_file (path);
  again = bansou_store_open (path, &error);
  g_assert_null (again);
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, path));
  after = bansou_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_store_refuses_not_sqlite (void)
{
  g_autofree char *path = bansou_test_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  const char *text = "code,name\n342025,呉市\n";

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  store = bansou_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CORRUPT);

  after = bansou_test_read_file (path);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), text, strlen (text));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* A real database whose pages were overwritten in the middle. */
static void
test_store_refuses_damaged (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(BansouStore) again = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  sqlite3 *db = NULL;

  {
    g_autoptr(BansouStore) store = bansou_test_open_store (&path);
  }
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 3 * 4096);
  /* Trash pages 2 and 3 (page 1 holds the header and the schema). */
  memset (contents + 4096, 0x5a, 2 * 4096);
  g_assert_true (g_file_set_contents (path, contents, len, NULL));

  before = bansou_test_read_file (path);
  again = bansou_store_open (path, &error);
  g_assert_null (again);
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CORRUPT);
  after = bansou_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
}

static gboolean
fail_after_write_cb (BansouStore  *store,
                     gpointer      user_data,
                     GError      **error)
{
  if (!bansou_store_set_setting (store, "probe", "written", error))
    return FALSE;
  g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID, "stop");
  return FALSE;
}

static gboolean
nested_cb (BansouStore  *store,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(GError) inner = NULL;

  if (!bansou_store_set_setting (store, "outer", "kept", error))
    return FALSE;
  /* A failing inner transaction rolls back only its own part. */
  g_assert_false (bansou_store_transaction (store, fail_after_write_cb, NULL, &inner));
  g_assert_error (inner, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  return TRUE;
}

static void
test_store_transactions (void)
{
  g_autoptr(BansouStore) store = bansou_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *probe = NULL;
  g_autofree char *outer = NULL;

  g_assert_false (bansou_store_transaction (store, fail_after_write_cb, NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  probe = bansou_store_get_setting (store, "probe");
  g_assert_null (probe);
  g_clear_error (&error);

  g_assert_true (bansou_store_transaction (store, nested_cb, NULL, &error));
  g_assert_no_error (error);
  outer = bansou_store_get_setting (store, "outer");
  g_assert_cmpstr (outer, ==, "kept");
  g_clear_pointer (&probe, g_free);
  probe = bansou_store_get_setting (store, "probe");
  g_assert_null (probe);
}

static void
test_store_settings (void)
{
  g_autoptr(BansouStore) store = bansou_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_true (bansou_store_set_setting (store, "prefecture", "34", &error));
  a = bansou_store_get_setting (store, "prefecture");
  g_assert_cmpstr (a, ==, "34");
  g_assert_true (bansou_store_set_setting (store, "prefecture", NULL, &error));
  b = bansou_store_get_setting (store, "prefecture");
  g_assert_null (b);
  g_assert_no_error (error);
}

static void
test_store_default_path (void)
{
  g_autofree char *path = bansou_store_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "bansou", "bansou.db", NULL);

  g_assert_cmpstr (path, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/store/new", test_store_new);
  g_test_add_func ("/store/foreign-keys", test_store_foreign_keys);
  g_test_add_func ("/store/migrate-from-every-version", test_store_migrate_from_every_version);
  g_test_add_func ("/store/refuses-newer", test_store_refuses_newer);
  g_test_add_func ("/store/refuses-not-sqlite", test_store_refuses_not_sqlite);
  g_test_add_func ("/store/refuses-damaged", test_store_refuses_damaged);
  g_test_add_func ("/store/transactions", test_store_transactions);
  g_test_add_func ("/store/settings", test_store_settings);
  g_test_add_func ("/store/default-path", test_store_default_path);

  return g_test_run ();
}
