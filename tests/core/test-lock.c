/* test-lock.c — a store keeps the database safe when its process loses
 * sqlite's POSIX locks (a file chooser sniffing the folder), with
 * bansouctl working beside it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "bansou-test-utils.h"

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })

/* What GIO does to guess a content type: open, read the start, close.
 * Closing drops every POSIX lock this process holds on the file. */
static void
sniff (const char *path)
{
  char buf[64];
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (read (fd, buf, sizeof buf), >=, 0);
  g_assert_true (g_close (fd, NULL));
}

static void
sniff_all (const char *db)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  sniff (db);
  sniff (wal);
  sniff (shm);
}

static guint64
inode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_ino;
}

static void
assert_ctl_population (const char *db,
                       const char *expected)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *needle = g_strdup_printf ("\"population\" : %s", expected);

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "show", "342025", "--format", "json"), &out, &err), ==, 0);
  if (strstr (out, needle) == NULL)
    g_error ("bansouctl read stale data: expected population %s in\n%s\n%s", expected, out, err);
}

static void
set_population (BansouRegistry *registry,
                const char     *value)
{
  g_autoptr(GError) error = NULL;

  bansou_registry_set_field (registry, "342025", "population", value, &error);
  g_assert_no_error (error);
}

static void
test_lock_closed_descriptors (void)
{
  g_autofree char *db = bansou_test_db_path ();
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = NULL;
  g_autoptr(BansouStore) again = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(BansouRegistry) registry2 = NULL;
  g_autoptr(BansouBody) kure = NULL;
  guint64 wal_inode, shm_inode;

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("init", "--prefecture", "広島県"), &out, NULL), ==, 0);

  store = bansou_store_open (db, &error);
  g_assert_no_error (error);
  registry = bansou_registry_new (store);
  set_population (registry, "111111");
  wal_inode = inode_of (wal);
  shm_inode = inode_of (shm);

  /* The file chooser lists the folder: this process's POSIX locks are gone. */
  sniff_all (db);

  /* A read-only command beside the app sees the app's write, and leaves
   * the app's -wal and -shm where they are. */
  assert_ctl_population (db, "111111");
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (inode_of (wal), ==, wal_inode);
  g_assert_cmpuint (inode_of (shm), ==, shm_inode);

  /* The app goes on writing; bansouctl sees it, writes too. */
  set_population (registry, "222222");
  sniff_all (db);
  assert_ctl_population (db, "222222");
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "set", "342025", "it-staff", "42"), NULL, NULL), ==, 0);
  sniff_all (db);
  assert_ctl_population (db, "222222");
  set_population (registry, "333333");
  g_assert_cmpuint (inode_of (wal), ==, wal_inode);

  g_clear_object (&registry);
  g_clear_object (&store);

  /* Nothing lost, and no false "damaged". */
  again = bansou_store_open (db, &error);
  g_assert_no_error (error);
  registry2 = bansou_registry_new (again);
  kure = bansou_registry_lookup (registry2, "342025", &error);
  g_assert_no_error (error);
  g_assert_cmpint (bansou_body_get_population (kure), ==, 333333);
  assert_ctl_population (db, "333333");
}

/* The last store to close checkpoints and removes the WAL; one closing
 * while another is open leaves both files to it. */
static void
test_lock_last_close (void)
{
  g_autofree char *db = NULL;
  g_autofree char *wal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) first = bansou_test_open_store (&db);
  g_autoptr(BansouStore) second = NULL;

  wal = g_strconcat (db, "-wal", NULL);
  second = bansou_store_open (db, &error);
  g_assert_no_error (error);
  g_clear_object (&second);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_clear_object (&first);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* A schema upgrade while another store has the file open is refused and
 * leaves the file as it was. */
static void
test_lock_upgrade_needs_the_file_alone (void)
{
  g_autofree char *db = bansou_test_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) old = NULL;
  g_autoptr(BansouStore) store = NULL;

  old = bansou_store_open_at_version (db, bansou_store_latest_version () - 1, &error);
  g_assert_no_error (error);

  store = bansou_store_open (db, &error);
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_BUSY);
  g_assert_null (store);
  g_assert_cmpint (bansou_store_get_version (old), ==, bansou_store_latest_version () - 1);
  g_clear_error (&error);

  /* bansouctl says so in Japanese, and exits 1 */
  {
    g_autofree char *err = NULL;

    g_setenv ("LANGUAGE", "ja", TRUE);
    g_assert_cmpint (bansou_test_run_ctl (db, CTL ("bodies", "list"), NULL, &err), ==, 1);
    g_unsetenv ("LANGUAGE");
    g_assert_nonnull (strstr (err, "別の Bansō プロセス"));
  }

  g_clear_object (&old);
  store = bansou_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bansou_store_get_version (store), ==, bansou_store_latest_version ());
}

/* The page of an index nothing reads at open, as a number in the file. */
static int
index_page (const char *db)
{
  sqlite3 *raw = NULL;
  sqlite3_stmt *stmt = NULL;
  int page = 0;

  g_assert_cmpint (sqlite3_open_v2 (db, &raw, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "SELECT rootpage FROM sqlite_schema WHERE name = 'answers_by_body'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (raw);
  g_assert_cmpint (page, >, 1);
  return page;
}

/* Damage the file the way a disk or a careless copy does, keeping its
 * inode, size and modification time. */
static void
trash_page_in_place (const char *db,
                     int         page)
{
  char junk[4096];
  struct stat st;
  struct timespec times[2];
  int fd = g_open (db, O_RDWR | O_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fstat (fd, &st), ==, 0);
  memset (junk, 0x5a, sizeof junk);
  g_assert_cmpint (pwrite (fd, junk, sizeof junk, (off_t) (page - 1) * 4096), ==, sizeof junk);
  times[0] = st.st_atim;
  times[1] = st.st_mtim;
  g_assert_cmpint (futimens (fd, times), ==, 0);
  g_assert_true (g_close (fd, NULL));
}

/* A file Bansō closed cleanly is not read whole at open; `bansouctl check`
 * and bansou_store_check_integrity() read it whole on demand. */
static void
test_lock_clean_close_skips_check (void)
{
  g_autofree char *db = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = bansou_test_open_store (&db);
  int page;

  page = index_page (db);
  g_clear_object (&store);
  trash_page_in_place (db, page);

  store = bansou_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_false (bansou_store_check_integrity (store, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CORRUPT);
  g_clear_object (&store);

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("check"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "bansou.db"));
}

static void
test_lock_sound_file_checks_ok (void)
{
  g_autofree char *db = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = bansou_test_open_store (&db);

  g_assert_true (bansou_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("check"), &out, NULL), ==, 0);
}

/* After a crash (the process went without closing: its -wal stays), the
 * next open reads the whole file and refuses damage, leaving it untouched. */
static void
test_lock_check_after_crash (void)
{
  g_autofree char *db = NULL;
  g_autofree char *wal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) store = bansou_test_open_store (&db);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *child = NULL;
  int page;

  page = index_page (db);
  g_clear_object (&store);
  wal = g_strconcat (db, "-wal", NULL);

  child = g_strdup_printf ("/lock/check-after-crash/child");
  g_setenv ("BANSOU_TEST_DB", db, TRUE);
  g_test_trap_subprocess (child, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  trash_page_in_place (db, page);
  before = bansou_test_read_file (db);
  store = bansou_store_open (db, &error);
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CORRUPT);
  g_assert_null (store);
  after = bansou_test_read_file (db);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_lock_check_after_crash_child (void)
{
  g_autoptr(GError) error = NULL;
  BansouStore *store;

  if (!g_test_subprocess ())
    return;
  store = bansou_store_open (g_getenv ("BANSOU_TEST_DB"), &error);
  g_assert_no_error (error);
  bansou_store_set_setting (store, "crash-test", "1", &error);
  g_assert_no_error (error);
  _exit (0);  /* a crash: nothing closed, nothing checkpointed */
}

int
main (int argc, char **argv)
{
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/lock/closed-descriptors", test_lock_closed_descriptors);
  g_test_add_func ("/lock/last-close", test_lock_last_close);
  g_test_add_func ("/lock/upgrade-needs-the-file-alone", test_lock_upgrade_needs_the_file_alone);
  g_test_add_func ("/lock/clean-close-skips-check", test_lock_clean_close_skips_check);
  g_test_add_func ("/lock/sound-file-checks-ok", test_lock_sound_file_checks_ok);
  g_test_add_func ("/lock/check-after-crash", test_lock_check_after_crash);
  g_test_add_func ("/lock/check-after-crash/child", test_lock_check_after_crash_child);

  return g_test_run ();
}
