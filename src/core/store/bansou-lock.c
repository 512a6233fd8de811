/* bansou-lock.c — the guard every Bansō process holds beside its database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * sqlite locks its files with POSIX advisory locks, and the kernel drops
 * all of a process's POSIX locks on a file when the process closes *any*
 * descriptor of it — for instance one GIO opens to sniff the content type
 * while a file chooser lists the folder (sqlite.org, "How To Corrupt An
 * SQLite Database File", §2.2). A process that lost its locks looks absent
 * to the others: the next one to close would checkpoint and delete the
 * -wal and -shm still in use, and the next one to open would reset the
 * shared memory under it.
 *
 * So every Bansō store also holds Linux open-file-description locks
 * (F_OFD_SETLK) on "<database>.lock". They belong to the lock file's own
 * descriptor and survive whatever else the process closes:
 *
 *   byte 0  presence: shared for the store's life. Only a process that can
 *           turn it exclusive — nobody else has the database open — lets
 *           sqlite checkpoint and delete the WAL on close; the others close
 *           with SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE and leave both files be.
 *           A schema upgrade also needs it alone (bansou-store.c).
 *   byte 1  opening: exclusive while a store opens, so that the checks
 *           below see every other store either not yet started or fully open.
 *
 * And the two POSIX locks sqlite holds for a connection's whole life — the
 * SHARED lock on the database and the "DMS" lock on the -shm that tells a
 * newcomer the shared memory is live — are taken again by this process as
 * soon as any descriptor of the three files is closed (inotify), so the
 * window in which they are missing is the few microseconds after the close.
 * A store that finds another Bansō present but no DMS lock waits for it to
 * come back rather than reset the shared memory, and refuses with a message
 * if it does not.
 *
 * The byte offsets are sqlite's documented locking protocol for the unix
 * VFS (fileformat2.html, "WAL-index format"; os_unix.c).
 */
#define G_LOG_DOMAIN "bansou-store"
#define _GNU_SOURCE  /* F_OFD_SETLK */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bansou-lock.h"
#include "bansou-store.h"

#define PRESENCE_BYTE   0
#define OPENING_BYTE    1

/* sqlite's unix VFS: PENDING_BYTE 0x40000000, SHARED_FIRST = PENDING + 2, SHARED_SIZE 510;
 * the -shm locks start at 120 (UNIX_SHM_BASE) with 8 slots, then the DMS byte. */
#define SQLITE_SHARED_FIRST  (0x40000000 + 2)
#define SQLITE_SHARED_SIZE   510
#define SQLITE_SHM_DMS       (120 + 8)

#define WAIT_MS          10000
#define DMS_WAIT_MS      2000
#define POLL_MS          5

struct _BansouLock
{
  char     *db_path;
  char     *shm_path;
  char     *key;          /* dev:inode of the database, for in-process stores */
  int       lock_fd;      /* -1: no guard (":memory:") */
  int       db_fd;
  int       shm_fd;
  gboolean  others;       /* another store had the database open when we came */
  gboolean  opening;      /* we hold the opening byte */
  gboolean  registered;   /* counted in open_stores */
  gboolean  trusted;      /* last closed cleanly by Bansō and not changed since */
  gboolean  last;         /* _bansou_lock_begin_close() found no other store */

  GMutex    mutex;        /* the descriptors, between the guard thread and us */
  GThread  *thread;
  int       inotify_fd;
  int       stop_fd;
  char     *names[3];     /* basenames of the database, -wal, -shm */
};

/* Stores open in this process, by database: a second one shares sqlite's
 * in-process state and must not read the POSIX locks of its own process. */
G_LOCK_DEFINE_STATIC (open_stores);
static GHashTable *open_stores;

/* ------------------------------------------------------------------------ */

static int
ofd_lock (int   fd,
          short type,
          off_t start,
          int   wait_ms)
{
  struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = 1 };
  gint64 deadline = g_get_monotonic_time () + (gint64) wait_ms * 1000;

  /* Bounded: a lock held past the deadline is reported, never waited out. */
  for (;;)
    {
      if (fcntl (fd, F_OFD_SETLK, &fl) == 0)
        return 0;
      if (errno != EAGAIN && errno != EACCES && errno != EINTR)
        return errno;
      if (g_get_monotonic_time () >= deadline)
        return EAGAIN;
      g_usleep (POLL_MS * 1000);
    }
}

static void
posix_read_lock (int   fd,
                 off_t start,
                 off_t len)
{
  struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

  if (fd >= 0 && fcntl (fd, F_SETLK, &fl) != 0)
    g_debug ("Could not take a lock back at %lld: %s", (long long) start, g_strerror (errno));
}

static gboolean
dms_held_elsewhere (int shm_fd)
{
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = SQLITE_SHM_DMS, .l_len = 1 };

  if (fcntl (shm_fd, F_GETLK, &fl) != 0)
    return TRUE;  /* cannot tell: let sqlite decide */
  return fl.l_type != F_UNLCK;
}

static char *
database_key (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return NULL;
  return g_strdup_printf ("%llu:%llu", (unsigned long long) st.st_dev, (unsigned long long) st.st_ino);
}

static gboolean
open_in_this_process (const char *key)
{
  gboolean found;

  G_LOCK (open_stores);
  found = open_stores != NULL && key != NULL && g_hash_table_contains (open_stores, key);
  G_UNLOCK (open_stores);
  return found;
}

static void
register_store (const char *key,
                int         delta)
{
  guint n;

  if (key == NULL)
    return;
  G_LOCK (open_stores);
  if (open_stores == NULL)
    open_stores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (open_stores, key));
  if (delta > 0)
    g_hash_table_insert (open_stores, g_strdup (key), GUINT_TO_POINTER (n + 1));
  else if (n <= 1)
    g_hash_table_remove (open_stores, key);
  else
    g_hash_table_insert (open_stores, g_strdup (key), GUINT_TO_POINTER (n - 1));
  G_UNLOCK (open_stores);
}

static int
open_shm (BansouLock *self)
{
  if (self->shm_fd < 0)
    self->shm_fd = g_open (self->shm_path, O_RDONLY | O_CLOEXEC, 0);
  return self->shm_fd;
}

/* ------------------------------------------------------------------------ */
/* The clean-close fingerprint                                              */

/* The last store to close writes the database's inode, size and mtime into
 * the lock file. A file that still matches, with no -wal left behind (sqlite
 * removes it on a clean last close), is the one Bansō closed: it need not be
 * read whole again at the next open. Anything else — a crash, a copy, a
 * restore, another program's write — does not match and is checked. */
static char *
fingerprint (const char *db_path)
{
  GStatBuf st;

  if (g_stat (db_path, &st) != 0)
    return NULL;
  return g_strdup_printf ("bansou-clean %llu %lld %lld.%09ld\n",
                          (unsigned long long) st.st_ino, (long long) st.st_size,
                          (long long) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec);
}

static gboolean
closed_cleanly (BansouLock *self)
{
  g_autofree char *wal = g_strconcat (self->db_path, "-wal", NULL);
  g_autofree char *expected = NULL;
  char buf[128] = { 0 };
  ssize_t n;

  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    return FALSE;
  if (!(expected = fingerprint (self->db_path)))
    return FALSE;
  n = pread (self->lock_fd, buf, sizeof buf - 1, 0);
  return n > 0 && g_str_equal (buf, expected);
}

static void
mark_clean (BansouLock *self)
{
  g_autofree char *print = fingerprint (self->db_path);
  gsize len;

  if (print == NULL)
    return;
  len = strlen (print);
  if (pwrite (self->lock_fd, print, len, 0) != (ssize_t) len || ftruncate (self->lock_fd, len) != 0)
    g_debug ("Cannot record the clean close of “%s”: %s", self->db_path, g_strerror (errno));
}

/* ------------------------------------------------------------------------ */
/* The guard thread: takes sqlite's long-lived locks back after a close     */

static gpointer
guard_thread (gpointer data)
{
  BansouLock *self = data;
  struct pollfd fds[2] = {
    { .fd = self->inotify_fd, .events = POLLIN },
    { .fd = self->stop_fd, .events = POLLIN },
  };
  char buf[4096] __attribute__ ((aligned (__alignof__ (struct inotify_event))));

  for (;;)
    {
      gboolean ours = FALSE;
      ssize_t n;

      if (poll (fds, G_N_ELEMENTS (fds), -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      if (fds[1].revents != 0)
        break;

      n = read (self->inotify_fd, buf, sizeof buf);
      for (char *p = buf; n > 0 && p < buf + n; )
        {
          const struct inotify_event *ev = (const struct inotify_event *) p;

          for (guint i = 0; ev->len > 0 && i < G_N_ELEMENTS (self->names); i++)
            if (g_str_equal (ev->name, self->names[i]))
              ours = TRUE;
          p += sizeof (struct inotify_event) + ev->len;
        }
      if (ours)
        _bansou_lock_reassert (self);
    }

  return NULL;
}

static void
start_guard (BansouLock *self)
{
  g_autofree char *dir = g_path_get_dirname (self->db_path);
  g_autofree char *base = g_path_get_basename (self->db_path);

  self->inotify_fd = inotify_init1 (IN_CLOEXEC | IN_NONBLOCK);
  self->stop_fd = eventfd (0, EFD_CLOEXEC);
  if (self->inotify_fd < 0 || self->stop_fd < 0 ||
      inotify_add_watch (self->inotify_fd, dir, IN_CLOSE_WRITE | IN_CLOSE_NOWRITE) < 0)
    {
      g_warning ("Cannot watch “%s” for closed descriptors: %s", dir, g_strerror (errno));
      return;
    }

  self->names[0] = g_strdup (base);
  self->names[1] = g_strconcat (base, "-wal", NULL);
  self->names[2] = g_strconcat (base, "-shm", NULL);
  self->thread = g_thread_new ("bansou-lock", guard_thread, self);
}

static void
stop_guard (BansouLock *self)
{
  guint64 one = 1;

  if (self->thread != NULL)
    {
      if (write (self->stop_fd, &one, sizeof one) != sizeof one)
        g_warning ("Cannot stop the lock guard: %s", g_strerror (errno));
      g_thread_join (g_steal_pointer (&self->thread));
    }
  if (self->inotify_fd >= 0)
    g_close (self->inotify_fd, NULL);
  if (self->stop_fd >= 0)
    g_close (self->stop_fd, NULL);
  self->inotify_fd = self->stop_fd = -1;
}

/* ------------------------------------------------------------------------ */

/**
 * _bansou_lock_acquire:
 * @db_path: the database, which need not exist yet
 *
 * Announces this store on "<db_path>.lock" and holds the opening lock
 * until _bansou_lock_opened(). Waits (bounded) for a store that is opening
 * or closing; refuses when another Bansō process holds the database but
 * has lost the lock that keeps its shared memory live.
 *
 * Returns: (transfer full): the guard, or %NULL with a #BANSOU_STORE_ERROR_BUSY
 */
BansouLock *
_bansou_lock_acquire (const char  *db_path,
                      GError     **error)
{
  g_autoptr(BansouLock) self = g_new0 (BansouLock, 1);
  g_autofree char *lock_path = NULL;
  int err;

  g_mutex_init (&self->mutex);
  self->lock_fd = self->db_fd = self->shm_fd = self->inotify_fd = self->stop_fd = -1;
  self->db_path = g_strdup (db_path);

  if (*db_path == '\0' || g_str_equal (db_path, ":memory:") || g_str_has_prefix (db_path, "file:"))
    return g_steal_pointer (&self);

  self->shm_path = g_strconcat (db_path, "-shm", NULL);
  lock_path = g_strconcat (db_path, ".lock", NULL);
  self->lock_fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->lock_fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the lock file “%s”: %s"), lock_path, g_strerror (saved_errno));
      return NULL;
    }

  if ((err = ofd_lock (self->lock_fd, F_WRLCK, OPENING_BYTE, WAIT_MS)) != 0)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_BUSY,
                   _("Another Bansō process has been opening the database “%s” for too long. "
                     "Try again in a moment."), db_path);
      return NULL;
    }
  self->opening = TRUE;

  /* Alone if we can take the presence byte exclusively; a shared lock
   * then replaces it atomically. */
  self->others = ofd_lock (self->lock_fd, F_WRLCK, PRESENCE_BYTE, 0) != 0;
  if ((err = ofd_lock (self->lock_fd, F_RDLCK, PRESENCE_BYTE, WAIT_MS)) != 0)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_BUSY,
                   _("Another Bansō process is closing the database “%s” and has not finished. "
                     "Try again in a moment."), db_path);
      return NULL;
    }

  /* Another store open means the file was checked or trusted when it came. */
  self->trusted = self->others || closed_cleanly (self);

  self->key = database_key (db_path);
  if (self->others && !open_in_this_process (self->key) && open_shm (self) >= 0)
    {
      gint64 deadline = g_get_monotonic_time () + DMS_WAIT_MS * 1000;

      /* Every other store is fully open (we hold the opening byte), so a
       * missing DMS lock means its process lost it: give its guard time
       * to take it back rather than let sqlite reset the shared memory. */
      while (!dms_held_elsewhere (self->shm_fd))
        {
          if (g_get_monotonic_time () >= deadline)
            {
              g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_BUSY,
                           _("Another Bansō process has the database “%s” open but cannot share it "
                             "safely right now. Quit the other Bansō (the app or bansouctl) and "
                             "try again."), db_path);
              return NULL;
            }
          g_usleep (POLL_MS * 1000);
        }
    }

  return g_steal_pointer (&self);
}

/**
 * _bansou_lock_others_present:
 *
 * Returns: whether another store had the database open when this one came
 */
gboolean
_bansou_lock_others_present (BansouLock *self)
{
  return self->others;
}

/**
 * _bansou_lock_needs_check:
 *
 * Returns: whether the database must be read whole (PRAGMA quick_check)
 *   before it is used: it was not closed cleanly by Bansō, or was changed since
 */
gboolean
_bansou_lock_needs_check (BansouLock *self)
{
  return self->lock_fd < 0 || !self->trusted;
}

/**
 * _bansou_lock_opened:
 *
 * Call once sqlite has the database open (WAL set up, migrated): keeps
 * sqlite's long-lived locks in place from now on and lets the next store open.
 */
void
_bansou_lock_opened (BansouLock *self)
{
  if (self->lock_fd < 0)
    return;

  g_mutex_lock (&self->mutex);
  if (self->db_fd < 0)
    self->db_fd = g_open (self->db_path, O_RDONLY | O_CLOEXEC, 0);
  open_shm (self);
  g_mutex_unlock (&self->mutex);

  if (self->key == NULL)
    self->key = database_key (self->db_path);
  if (!self->registered)
    register_store (self->key, +1);
  self->registered = TRUE;

  start_guard (self);

  if (self->opening)
    {
      ofd_lock (self->lock_fd, F_UNLCK, OPENING_BYTE, 0);
      self->opening = FALSE;
    }
}

/**
 * _bansou_lock_reassert:
 *
 * Takes sqlite's SHARED lock on the database and its DMS lock on the -shm
 * again for this process. Taking a lock the process still holds changes nothing.
 */
void
_bansou_lock_reassert (BansouLock *self)
{
  g_mutex_lock (&self->mutex);
  posix_read_lock (self->db_fd, SQLITE_SHARED_FIRST, SQLITE_SHARED_SIZE);
  posix_read_lock (open_shm (self), SQLITE_SHM_DMS, 1);
  g_mutex_unlock (&self->mutex);
}

/**
 * _bansou_lock_begin_close:
 *
 * Call just before sqlite closes the database. Stops the guard (sqlite may
 * now take its exclusive lock) and tells whether this is the last store.
 *
 * Returns: %TRUE if no other store has the database open: sqlite may then
 *   checkpoint and delete the WAL; %FALSE: it must leave both files alone
 *   (also for a store that never finished opening)
 */
gboolean
_bansou_lock_begin_close (BansouLock *self)
{
  stop_guard (self);
  /* A store refused at open leaves the file exactly as it found it,
   * including a WAL a crash left behind. */
  if (self->lock_fd >= 0 && !self->registered)
    return FALSE;
  if (self->lock_fd < 0)
    return TRUE;
  /* Held until _bansou_lock_free(): a newcomer waits for the checkpoint. */
  self->last = ofd_lock (self->lock_fd, F_WRLCK, PRESENCE_BYTE, 0) == 0;
  return self->last;
}

/**
 * _bansou_lock_free:
 *
 * Call after sqlite closed the database: closing our descriptors drops
 * this process's POSIX locks, which sqlite no longer needs.
 */
void
_bansou_lock_free (BansouLock *self)
{
  if (self == NULL)
    return;

  stop_guard (self);
  if (self->registered && self->last)
    mark_clean (self);
  if (self->registered)
    register_store (self->key, -1);
  if (self->db_fd >= 0)
    g_close (self->db_fd, NULL);
  if (self->shm_fd >= 0)
    g_close (self->shm_fd, NULL);
  if (self->lock_fd >= 0)
    g_close (self->lock_fd, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (self->names); i++)
    g_free (self->names[i]);
  g_free (self->db_path);
  g_free (self->shm_path);
  g_free (self->key);
  g_mutex_clear (&self->mutex);
  g_free (self);
}
