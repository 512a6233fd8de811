/* bansou-sync-pull.c — the lists fetched first, and the change feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * 1, 2. The lists of the kinds that have one (GET /bodies, GET /rounds),
 *    before anything is pushed: the token must serve this workbench's
 *    prefecture (a token of another prefecture is refused before anything
 *    is written), and rows wait for parents the server does not have.
 * 4. GET /changes from the stored cursor until "more" is false; each page
 *    and its cursor in one local transaction. A record with a pending
 *    local edit or an open conflict is never overwritten.
 */
#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-sync-private.h"

typedef struct
{
  Run        *run;
  GPtrArray  *records;     /* BansouSyncRecord */
  gint64      next;
  const char *epoch;
  gboolean    careful;     /* local edits pending or conflicts open: look before writing */
  guint       pulled;
  guint       skipped;
  guint       conflicts;
  GPtrArray  *unreadable;  /* Unreadable: kept aside in the page's transaction */
  gboolean    forget;      /* records are in quarantine: a readable version drops them */
} ApplyPage;

typedef struct
{
  JsonNode *node;
  char     *reason;
} Unreadable;

static void
unreadable_free (gpointer data)
{
  Unreadable *u = data;

  json_node_unref (u->node);
  g_free (u->reason);
  g_free (u);
}

/* Reads one record of a page or list; one that cannot be read goes to
 * @unreadable with its reason (and %NULL is returned), never fails the run.
 * @plain: the answer's text passed the text rule whole (Run.answer_plain). */
static BansouSyncRecord *
read_record (JsonNode  *node,
             gboolean   plain,
             GPtrArray *unreadable)
{
  g_autoptr(GError) local = NULL;
  BansouSyncRecord *r = g_new0 (BansouSyncRecord, 1);
  char *reason = NULL;

  if (!plain && !_bansou_sync_record_readable (node, &reason))
    ;
  else if (!_bansou_sync_parse_record (node, r, &local))
    reason = g_strdup (local->message);
  else
    return r;

  {
    Unreadable *u = g_new0 (Unreadable, 1);

    u->node = json_node_ref (node);
    u->reason = reason;
    g_ptr_array_add (unreadable, u);
  }
  _bansou_sync_record_free (r);
  return NULL;
}

static gboolean
keep_unreadable (ApplyPage  *op,
                 GError    **error)
{
  for (guint i = 0; op->unreadable && i < op->unreadable->len; i++)
    {
      Unreadable *u = g_ptr_array_index (op->unreadable, i);

      if (!_bansou_sync_quarantine (op->run, u->node, u->reason, error))
        return FALSE;
    }
  return TRUE;
}

/* A record of another prefecture is not ours to keep. */
static gboolean
in_scope (Run                    *run,
          const BansouSyncRecord *r)
{
  return r->scope[0] == '\0' || g_str_equal (run->prefecture, BANSOU_SCOPE_NATIONAL) ||
         g_str_equal (r->scope, run->prefecture);
}

/* ------------------------------------------------------------------------ */
/* 1, 2: the lists                                                          */

static gboolean
apply_list_cb (BansouStore  *store,
               gpointer      user_data,
               GError      **error)
{
  ApplyPage *op = user_data;

  for (guint i = 0; i < op->records->len; i++)
    {
      BansouSyncRecord *r = g_ptr_array_index (op->records, i);
      gboolean written;

      if (!r->kind->apply (op->run, r, &written, error))
        return FALSE;
      if (op->forget && !_bansou_sync_quarantine_forget (op->run, r, error))
        return FALSE;
    }
  return keep_unreadable (op, error);
}

static gboolean
fetch_list (Run                  *run,
            const BansouSyncKind *kind,
            GError              **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (_bansou_sync_record_free);
  g_autoptr(GPtrArray) unreadable = _bansou_sync_unreadable_new ();
  ApplyPage op = { run, records };
  JsonObject *obj;
  JsonArray *list;

  op.unreadable = unreadable;
  op.forget = _bansou_sync_count_query (run->store, "SELECT EXISTS (SELECT 1 FROM sync_quarantine)") != 0;

  if (!(root = _bansou_sync_http_ok (run, "GET", kind->list_path, error)) ||
      !(obj = _bansou_sync_root_object (root, error)) ||
      !(list = bansou_sync_json_array (obj, kind->list_member, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      BansouSyncRecord *r = read_record (json_array_get_element (list, i), run->answer_plain, unreadable);

      if (r == NULL)
        continue;
      g_ptr_array_add (records, r);
      if (r->kind != kind)
        return bansou_sync_protocol_error (error, _("another record in"), kind->list_member);
      /* The token must serve this workbench: a token of another prefecture
       * would otherwise pull that prefecture's answers into this database. */
      if (!in_scope (run, r))
        {
          g_set_error (error, BANSOU_SYNC_ERROR, BANSOU_SYNC_ERROR_FORBIDDEN,
                       _("The token is for bodies of prefecture %s, but this workbench serves prefecture %s"),
                       r->scope, run->prefecture);
          return FALSE;
        }
      _bansou_sync_note_present (run, r);
    }

  return bansou_store_transaction (run->store, apply_list_cb, &op, error);
}

gboolean
_bansou_sync_fetch_lists (Run     *run,
                          GError **error)
{
  const BansouSyncKind * const *kinds;
  guint n;

  kinds = bansou_sync_list_kinds (&n);
  for (guint i = 0; i < n; i++)
    if (kinds[i]->list_path != NULL && !fetch_list (run, kinds[i], error))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* 4: the change feed                                                       */

/* A record of a kind the workbench writes: it must not overwrite a local
 * edit that is not on the server yet, nor decide an open conflict. */
static gboolean
check_local (ApplyPage         *op,
             BansouSyncRecord  *r,
             gboolean          *write,
             GError           **error)
{
  Run *run = op->run;
  const BansouSyncKind *kind = r->kind;
  sqlite3_stmt *pending;
  gboolean exists, open;
  gint64 rev;
  int rc;

  *write = FALSE;
  if (!kind->get_rev (run->store, r->key, &exists, &rev, error))
    return FALSE;
  /* Our own write coming back, or a state we already hold. */
  if (exists && r->rev <= rev)
    {
      op->skipped++;
      return TRUE;
    }

  /* An open conflict: the server's side moves on, the user still decides. */
  if (!_bansou_sync_follow_conflict (run->store, r, &open, error))
    return FALSE;
  if (open)
    {
      op->skipped++;
      return TRUE;
    }

  /* A local edit not yet on the server: never overwritten. */
  pending = bansou_sync_stmt (run->store,
                              "SELECT id, payload FROM outbox WHERE type = ?1 AND k1 = ?2 AND k2 = ?3 AND k3 = ?4 "
                              "ORDER BY sent = 0 DESC, id DESC LIMIT 1", error);
  if (pending == NULL)
    return FALSE;
  _bansou_sync_bind_key (pending, 1, kind->type, r->key);
  if ((rc = sqlite3_step (pending)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (pending, 0);
      g_autoptr(JsonObject) mine = bansou_sync_parse_object (_bansou_column_text (pending, 1));
      g_autofree char *payload = g_strdup (_bansou_column_text (pending, 1));
      g_autofree char *theirs = NULL;

      sqlite3_reset (pending);
      if (mine != NULL && kind->same (mine, r))
        {
          if (!_bansou_sync_set_server_rev (run->store, kind, r->key, r->rev, error) ||
              !_bansou_outbox_delete (run->store, id, error))
            return FALSE;
          op->skipped++;
          return TRUE;
        }

      theirs = json_to_string (r->node, FALSE);
      if (!_bansou_sync_put_conflict (run->store, kind->type, r->key, payload, theirs, r->rev, run->now, error) ||
          !_bansou_outbox_delete (run->store, id, error))
        return FALSE;
      op->conflicts++;
      return TRUE;
    }
  sqlite3_reset (pending);
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (run->store, error, _("reading the outbox"));
      return FALSE;
    }

  *write = TRUE;
  return TRUE;
}

static gboolean
apply_record (ApplyPage         *op,
              BansouSyncRecord  *r,
              GError           **error)
{
  const BansouSyncKind *kind = r->kind;
  gboolean keep = TRUE, written = FALSE;

  /* A newer server's type, or a record of a prefecture this workbench
   * does not serve: not ours to keep. */
  if (kind == NULL || !in_scope (op->run, r))
    {
      op->skipped++;
      return TRUE;
    }
  _bansou_sync_note_present (op->run, r);

  if (kind->accept != NULL && !kind->accept (op->run, r, &keep, error))
    return FALSE;
  if (!keep)
    {
      op->skipped++;
      return TRUE;
    }

  /* Nothing pending here and no conflict open: the kind's write alone
   * decides (it skips what we already hold, our own writes included). */
  if (op->careful && kind->get_rev != NULL)
    {
      gboolean write;

      if (!check_local (op, r, &write, error))
        return FALSE;
      if (!write)
        return TRUE;
    }

  if (!kind->apply (op->run, r, &written, error))
    return FALSE;
  if (op->forget && !_bansou_sync_quarantine_forget (op->run, r, error))
    return FALSE;
  written ? op->pulled++ : op->skipped++;
  return TRUE;
}

static gboolean
apply_page_cb (BansouStore  *store,
               gpointer      user_data,
               GError      **error)
{
  ApplyPage *op = user_data;
  g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, op->next);

  /* Inside the transaction: no edit can slip in between this and the writes. */
  op->careful = _bansou_sync_count_query (store, "SELECT EXISTS (SELECT 1 FROM outbox) OR "
                                                 "EXISTS (SELECT 1 FROM conflicts WHERE resolved_at IS NULL)") != 0;
  op->forget = _bansou_sync_count_query (store, "SELECT EXISTS (SELECT 1 FROM sync_quarantine)") != 0;

  for (guint i = 0; i < op->records->len; i++)
    if (!apply_record (op, g_ptr_array_index (op->records, i), error))
      return FALSE;
  /* What could not be read is kept aside, and the cursor moves past it. */
  if (!keep_unreadable (op, error))
    return FALSE;

  return bansou_store_set_setting (store, "sync-cursor", cursor, error) &&
         bansou_store_set_setting (store, "sync-epoch", op->epoch, error);
}

GPtrArray *
_bansou_sync_unreadable_new (void)
{
  return g_ptr_array_new_with_free_func (unreadable_free);
}

/* The members of a page of GET /changes around its records. */
gboolean
_bansou_sync_read_page_head (JsonNode     *root,
                             JsonArray   **list,
                             const char  **epoch,
                             gint64       *next,
                             gboolean     *more,
                             GError      **error)
{
  JsonObject *obj;

  if (!(obj = _bansou_sync_root_object (root, error)) ||
      !(*list = bansou_sync_json_array (obj, "changes", error)) ||
      !bansou_sync_json_str (obj, "epoch", BANSOU_SYNC_JSON_REQUIRED, 100, epoch, error) ||
      !bansou_sync_json_int (obj, "next", 0, next, error) ||
      !bansou_sync_json_bool (obj, "more", more, error))
    return FALSE;
  if (**epoch == '\0')
    return bansou_sync_protocol_error (error, _("empty:"), "epoch");
  return TRUE;
}

/**
 * _bansou_sync_read_page_records:
 * @plain: the page's text passed the text rule whole: its records' strings need no check
 * @records: (element-type BansouSyncRecord): gets the records read
 * @unreadable: from _bansou_sync_unreadable_new(): gets those that could not be
 *
 * The records of one page, in increasing revision order, and @next after
 * them. A record that cannot be read is set aside, never fails the page.
 */
gboolean
_bansou_sync_read_page_records (JsonArray  *list,
                                gint64      cursor,
                                guint       page_size,
                                gint64      next,
                                gboolean    more,
                                gboolean    plain,
                                GPtrArray  *records,
                                GPtrArray  *unreadable,
                                GError    **error)
{
  gint64 last = cursor;

  if (json_array_get_length (list) > page_size)
    return bansou_sync_protocol_error (error, _("too long:"), "changes");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      BansouSyncRecord *r = read_record (json_array_get_element (list, i), plain, unreadable);

      if (r == NULL)
        continue;
      g_ptr_array_add (records, r);
      if (r->rev <= last)
        return bansou_sync_protocol_error (error, _("out of order:"), "rev");
      last = r->rev;
    }
  /* An unreadable record's revision may be unreadable too: "next" may
   * then lie beyond the last record read, never before it. */
  if ((unreadable->len == 0 ? next != last : next < last) ||
      next < cursor || (more && json_array_get_length (list) == 0))
    return bansou_sync_protocol_error (error, _("does not follow the records:"), "next");
  return TRUE;
}

static gboolean
reset_epoch_cb (BansouStore  *store,
                gpointer      user_data,
                GError      **error)
{
  const BansouSyncKind * const *kinds;
  guint n;

  /* Revisions of another history mean nothing here: every record is
   * taken again from the new one (pending edits stay pending). */
  kinds = bansou_sync_list_kinds (&n);
  for (guint i = 0; i < n; i++)
    if (kinds[i]->forget_revs != NULL && !kinds[i]->forget_revs (store, error))
      return FALSE;
  return bansou_store_set_setting (store, "sync-cursor", "0", error) &&
         bansou_store_set_setting (store, "sync-epoch", NULL, error);
}

gboolean
_bansou_sync_pull (Run     *run,
                   GError **error)
{
  g_autofree char *stored_epoch = bansou_store_get_setting (run->store, "sync-epoch");
  g_autofree char *stored_cursor = bansou_store_get_setting (run->store, "sync-cursor");
  guint64 cursor = 0;
  guint done = 0;
  guint page_size = run->limits.page_size;
  gboolean reset = FALSE;
  /* The next page, asked for while this one is applied; freed (and its
   * thread joined) on every way out. */
  g_autoptr(BansouSyncPrefetch) ahead = NULL;

  if (stored_cursor != NULL && !g_ascii_string_to_unsigned (stored_cursor, 10, 0, G_MAXINT64, &cursor, NULL))
    cursor = 0;
  if (stored_epoch == NULL)
    cursor = 0;

  _bansou_sync_emit_progress (run, "pull", 0, 0);

  for (guint page = 0; page < MAX_PAGES; page++)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (_bansou_sync_record_free);
      g_autoptr(GPtrArray) unreadable = _bansou_sync_unreadable_new ();
      g_autofree char *path = NULL;
      g_autoptr(GError) local = NULL;
      JsonArray *list;
      const char *epoch;
      gint64 next;
      gboolean more;
      ApplyPage apply = { 0 };

      if (g_cancellable_is_cancelled (run->cancellable))
        return _bansou_sync_set_cancelled (error);

      path = g_strdup_printf ("/changes?since=%" G_GUINT64_FORMAT "&limit=%u", cursor, page_size);
      root = _bansou_sync_prefetch_take (g_steal_pointer (&ahead), run, path);
      if (root == NULL && !(root = _bansou_sync_http_ok (run, "GET", path, &local)))
        {
          /* Long notes make large pages: ask for fewer records, down to a floor. */
          if (run->too_big && page_size / 2 >= MIN_PAGE_SIZE)
            {
              page_size /= 2;
              g_debug ("Page too large: asking for %u records", page_size);
              continue;
            }
          /* An older server refuses a limit over its own max-page (400)
           * where a newer one caps the page: ask as before. */
          if (run->refused_status == 400 && page_size > OLD_SERVER_PAGE_SIZE)
            {
              page_size = OLD_SERVER_PAGE_SIZE;
              g_debug ("The server refused a large page: asking for %u records", page_size);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (!_bansou_sync_read_page_head (root, &list, &epoch, &next, &more, error))
        return FALSE;

      if (stored_epoch != NULL && !g_str_equal (stored_epoch, epoch))
        {
          /* The server's history was reset (restored from a backup): start over. */
          if (reset)
            return bansou_sync_protocol_error (error, _("changed twice:"), "epoch");
          g_message ("The server's epoch changed (%s → %s): pulling everything again", stored_epoch, epoch);
          if (!bansou_store_transaction (run->store, reset_epoch_cb, NULL, error))
            return FALSE;
          reset = TRUE;
          g_clear_pointer (&stored_epoch, g_free);
          cursor = 0;
          continue;
        }

      if (!_bansou_sync_read_page_records (list, (gint64) cursor, page_size, next, more, run->answer_plain, records,
                                           unreadable, error))
        return FALSE;

      /* A full page: the next one is asked for now, read while this one
       * is written (a first sync is a dozen of them). */
      if (more)
        {
          g_autofree char *then = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT "&limit=%u", next, page_size);

          ahead = _bansou_sync_prefetch_start (run, then);
        }

      /* What the page needs from the server besides (a catalog), before
       * its transaction. */
      for (guint i = 0; i < records->len; i++)
        {
          BansouSyncRecord *r = g_ptr_array_index (records, i);

          if (r->kind != NULL && r->kind->prefetch != NULL && !r->kind->prefetch (run, r, error))
            return FALSE;
        }

      apply.run = run;
      apply.records = records;
      apply.next = next;
      apply.epoch = epoch;
      apply.unreadable = unreadable;
      if (!bansou_store_transaction (run->store, apply_page_cb, &apply, error))
        return FALSE;

      run->stats.pulled += apply.pulled;
      run->stats.skipped += apply.skipped;
      run->stats.conflicts += apply.conflicts;
      done += records->len;
      if (stored_epoch == NULL)
        stored_epoch = g_strdup (epoch);
      cursor = (guint64) next;
      _bansou_sync_emit_progress (run, "pull", done, more ? 0 : done);

      if (!more)
        return TRUE;
    }

  return bansou_sync_protocol_error (error, _("never ends:"), "changes");
}
