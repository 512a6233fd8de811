/* bansou-dispatch-requests.c — requests for a visit (派遣依頼)
 *
 * A request comes from a body (its page), from weak cells of the heatmap
 * (bodies × questions: one request per body, its questions linked), or
 * from a consultation ticket. Its purpose is linked to catalog questions;
 * its urgency is 通常, 至急 or 重大インシデント (the same day).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-dispatch"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-dispatch-private.h"
#include "bansou-util.h"

#define PURPOSE_MAX  4000
#define REF_MAX      200

void
bansou_dispatch_request_free (BansouDispatchRequest *r)
{
  if (r == NULL)
    return;
  g_free (r->id);
  g_free (r->body);
  g_free (r->body_name);
  g_free (r->source_ref);
  g_free (r->purpose);
  g_free (r->wanted_from);
  g_free (r->wanted_until);
  g_strfreev (r->questions);
  g_free (r->created_at);
  g_free (r->updated_by);
  g_free (r->updated_at);
  g_free (r);
}

/* A request as it will be written: validated, canonical. */
typedef struct
{
  char                *id;
  char                *body;
  GPtrArray           *questions;   /* sorted ids */
  BansouUrgency        urgency;
  char                *purpose;
  char                *wanted_from;
  char                *wanted_until;
  BansouRequestSource  source;
  char                *source_ref;
} NewRequest;

static void
new_request_free (NewRequest *r)
{
  g_free (r->id);
  g_free (r->body);
  g_ptr_array_unref (r->questions);
  g_free (r->purpose);
  g_free (r->wanted_from);
  g_free (r->wanted_until);
  g_free (r->source_ref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewRequest, new_request_free)

static gboolean
check_window (const char  *from,
              const char  *until,
              GError     **error)
{
  if (from && until && strcmp (until, from) < 0)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("The wanted period ends before it starts"));
      return FALSE;
    }
  return TRUE;
}

static NewRequest *
prepare_request (BansouDispatch           *self,
                 const BansouRequestSpec  *spec,
                 GError                  **error)
{
  g_autoptr(NewRequest) r = g_new0 (NewRequest, 1);
  g_autoptr(BansouBody) body = NULL;

  r->questions = g_ptr_array_new_with_free_func (g_free);
  if (spec->body == NULL || !(body = bansou_registry_lookup (self->registry, spec->body, error)))
    {
      if (spec->body == NULL)
        g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                     _("A request comes from a body: give its code"));
      return NULL;
    }
  r->body = g_strdup (bansou_body_get_code (body));
  if ((guint) spec->urgency >= BANSOU_N_URGENCIES || (guint) spec->source >= BANSOU_N_REQUEST_SOURCES)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("Unknown urgency of a request"));
      return NULL;
    }
  r->urgency = spec->urgency;
  r->source = spec->source;
  if (!_bansou_dispatch_check_questions (self, spec->questions, r->questions, error))
    return NULL;
  if ((spec->wanted_from && *spec->wanted_from &&
       !(r->wanted_from = _bansou_dispatch_check_date (spec->wanted_from, _("start of the wanted period"), error))) ||
      (spec->wanted_until && *spec->wanted_until &&
       !(r->wanted_until = _bansou_dispatch_check_date (spec->wanted_until, _("end of the wanted period"), error))) ||
      !check_window (r->wanted_from, r->wanted_until, error))
    return NULL;

  r->source_ref = g_strstrip (g_strdup (spec->source_ref ? spec->source_ref : ""));
  if (g_utf8_strlen (r->source_ref, -1) > REF_MAX)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("The reference of the ticket is longer than %u characters"), REF_MAX);
      return NULL;
    }
  if (spec->purpose != NULL && !bansou_str_is_blank (spec->purpose))
    r->purpose = g_strstrip (g_strdup (spec->purpose));
  else
    {
      /* Made from the linked questions: what the heatmap showed weak. */
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < r->questions->len; i++)
        {
          const BansouQuestion *q = bansou_catalog_lookup_question (self->catalog,
                                                                    g_ptr_array_index (r->questions, i));
          if (i > 0)
            g_string_append (text, _(", "));
          g_string_append (text, bansou_question_get_label (q));
        }
      r->purpose = g_string_free (g_steal_pointer (&text), FALSE);
      if (g_utf8_strlen (r->purpose, -1) > PURPOSE_MAX)
        {
          char *cut = g_utf8_substring (r->purpose, 0, PURPOSE_MAX - 1);
          g_free (r->purpose);
          r->purpose = g_strconcat (cut, "…", NULL);
          g_free (cut);
        }
    }
  if (g_utf8_strlen (r->purpose, -1) > PURPOSE_MAX)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("The purpose of a request is longer than %u characters"), PURPOSE_MAX);
      return NULL;
    }
  r->id = g_uuid_string_random ();
  return g_steal_pointer (&r);
}

static gboolean
write_questions (BansouStore  *store,
                 const char   *id,
                 GPtrArray    *questions,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) del = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;

  del = _bansou_store_prepare (store, "DELETE FROM dispatch_request_questions WHERE request = ?", error);
  ins = _bansou_store_prepare (store,
                               "INSERT OR IGNORE INTO dispatch_request_questions (request, question) VALUES (?, ?)",
                               error);
  if (del == NULL || ins == NULL)
    return FALSE;
  sqlite3_bind_text (del, 1, id, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, del, error))
    return FALSE;
  for (guint i = 0; i < questions->len; i++)
    {
      sqlite3_reset (ins);
      sqlite3_bind_text (ins, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 2, g_ptr_array_index (questions, i), -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, ins, error))
        return FALSE;
    }
  return TRUE;
}

static char *
join_questions (GPtrArray *questions)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < questions->len; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", (const char *) g_ptr_array_index (questions, i));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
insert_request (BansouStore  *store,
                NewRequest   *r,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = bansou_now_iso ();
  g_autofree char *qs = join_questions (r->questions);
  g_autofree char *number_text = NULL;
  gint64 number = _bansou_dispatch_next_number (store, "dispatch_requests", error);

  if (number < 0)
    return FALSE;
  stmt = _bansou_store_prepare (store,
                                "INSERT INTO dispatch_requests (id, number, body, urgency, source, source_ref, "
                                "purpose, wanted_from, wanted_until, created_at, updated_by, updated_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, number);
  sqlite3_bind_text (stmt, 3, r->body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, bansou_urgency_to_string (r->urgency), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, bansou_request_source_to_string (r->source), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, r->source_ref, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, r->purpose, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, r->wanted_from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, r->wanted_until, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  number_text = g_strdup_printf ("%" G_GINT64_FORMAT " %s", number, r->body);

  return _bansou_store_step_done (store, stmt, error) &&
         write_questions (store, r->id, r->questions, error) &&
         bansou_store_audit (store, REQUEST_ENTITY, r->id, "created", NULL, number_text, error) &&
         bansou_store_audit (store, REQUEST_ENTITY, r->id, "source", NULL,
                             *r->source_ref ? r->source_ref : bansou_request_source_to_string (r->source), error) &&
         (r->questions->len == 0 ||
          bansou_store_audit (store, REQUEST_ENTITY, r->id, "questions", NULL, qs, error)) &&
         _bansou_dispatch_enqueue (store, REQUEST_TYPE, r->id, error);
}

static gboolean
insert_requests_cb (BansouStore  *store,
                    gpointer      user_data,
                    GError      **error)
{
  GPtrArray *requests = user_data;

  for (guint i = 0; i < requests->len; i++)
    if (!insert_request (store, g_ptr_array_index (requests, i), error))
      return FALSE;
  return TRUE;
}

static GStrv
add_all (BansouDispatch  *self,
         GPtrArray       *requests,
         GError         **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  if (!bansou_store_transaction (self->store, insert_requests_cb, requests, error))
    return NULL;
  for (guint i = 0; i < requests->len; i++)
    {
      NewRequest *r = g_ptr_array_index (requests, i);
      g_strv_builder_add (ids, r->id);
      _bansou_dispatch_emit_changed (self, REQUEST_TYPE, r->id);
    }
  return g_strv_builder_end (ids);
}

/**
 * bansou_dispatch_add_request:
 * @spec: the body, linked questions, urgency, purpose (%NULL: made from
 *   the questions' labels) and wanted window
 *
 * Returns: (transfer full): the new request's id, or %NULL
 */
char *
bansou_dispatch_add_request (BansouDispatch           *self,
                             const BansouRequestSpec  *spec,
                             GError                  **error)
{
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) new_request_free);
  g_auto(GStrv) ids = NULL;
  NewRequest *r;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  if (!(r = prepare_request (self, spec, error)))
    return NULL;
  g_ptr_array_add (requests, r);
  if (!(ids = add_all (self, requests, error)))
    return NULL;
  return g_strdup (ids[0]);
}

/**
 * bansou_dispatch_add_requests_from_cells:
 * @cells: (array length=n_cells): a heatmap selection of (body, question)
 * @common: (nullable): urgency, purpose and window for every request; its
 *   body and questions are ignored
 *
 * One request per body, with the questions of its cells, source
 * "heatmap", all in one transaction.
 *
 * Returns: (transfer full): the new ids, in the order the bodies first
 *   appear in @cells; %NULL with nothing written on error
 */
GStrv
bansou_dispatch_add_requests_from_cells (BansouDispatch            *self,
                                         const BansouDispatchCell  *cells,
                                         guint                      n_cells,
                                         const BansouRequestSpec   *common,
                                         GError                   **error)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new ();
  g_autoptr(GHashTable) by_body = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) new_request_free);

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);
  g_return_val_if_fail (cells != NULL || n_cells == 0, NULL);

  if (n_cells == 0)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("Select the cells of the heatmap the visits are for"));
      return NULL;
    }
  for (guint i = 0; i < n_cells; i++)
    {
      GPtrArray *qs;

      if (cells[i].body == NULL || cells[i].question == NULL)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                       _("A cell of the selection has no body or no question"));
          return NULL;
        }
      if (!(qs = g_hash_table_lookup (by_body, cells[i].body)))
        {
          qs = g_ptr_array_new ();
          g_hash_table_insert (by_body, (gpointer) cells[i].body, qs);
          g_ptr_array_add (bodies, (gpointer) cells[i].body);
        }
      g_ptr_array_add (qs, (gpointer) cells[i].question);
    }
  for (guint i = 0; i < bodies->len; i++)
    {
      GPtrArray *qs = g_hash_table_lookup (by_body, g_ptr_array_index (bodies, i));
      BansouRequestSpec spec = { 0 };
      NewRequest *r;

      if (common)
        spec = *common;
      spec.body = g_ptr_array_index (bodies, i);
      g_ptr_array_add (qs, NULL);
      spec.questions = (const char * const *) qs->pdata;
      spec.source = BANSOU_REQUEST_SOURCE_HEATMAP;
      spec.source_ref = NULL;
      r = prepare_request (self, &spec, error);
      g_ptr_array_remove_index (qs, qs->len - 1);
      if (r == NULL)
        return NULL;
      g_ptr_array_add (requests, r);
    }
  return add_all (self, requests, error);
}

/**
 * bansou_dispatch_add_request_from_ticket:
 * @ticket_ref: the consultation ticket's reference
 * @spec: the body and the rest; its source is ignored
 *
 * Returns: (transfer full): the new request's id, or %NULL
 */
char *
bansou_dispatch_add_request_from_ticket (BansouDispatch           *self,
                                         const char               *ticket_ref,
                                         const BansouRequestSpec  *spec,
                                         GError                  **error)
{
  BansouRequestSpec s;

  g_return_val_if_fail (spec != NULL, NULL);

  if (bansou_str_is_blank (ticket_ref))
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("A request from a consultation needs the ticket’s reference"));
      return NULL;
    }
  s = *spec;
  s.source = BANSOU_REQUEST_SOURCE_CONSULTATION;
  s.source_ref = ticket_ref;
  return bansou_dispatch_add_request (self, &s, error);
}

#define REQUEST_COLUMNS \
  "r.id, r.number, r.body, b.name, r.urgency, r.source, r.source_ref, r.purpose, r.wanted_from, " \
  "r.wanted_until, r.state, r.created_at, r.updated_by, r.updated_at, r.server_rev, " \
  "(SELECT group_concat (question, ',') FROM (SELECT question FROM dispatch_request_questions " \
  " WHERE request = r.id ORDER BY question))"

static BansouDispatchRequest *
request_from_row (sqlite3_stmt *stmt)
{
  BansouDispatchRequest *r = g_new0 (BansouDispatchRequest, 1);
  const char *qs;
  int c = 0;

  r->id = _bansou_dispatch_dup_column (stmt, c++);
  r->number = sqlite3_column_int64 (stmt, c++);
  r->body = _bansou_dispatch_dup_column (stmt, c++);
  r->body_name = g_strdup (_bansou_column_text (stmt, c++));
  r->urgency = bansou_urgency_from_string (_bansou_column_text (stmt, c++));
  r->source = bansou_request_source_from_string (_bansou_column_text (stmt, c++));
  r->source_ref = _bansou_dispatch_dup_column (stmt, c++);
  r->purpose = _bansou_dispatch_dup_column (stmt, c++);
  r->wanted_from = _bansou_dispatch_dup_column (stmt, c++);
  r->wanted_until = _bansou_dispatch_dup_column (stmt, c++);
  r->state = bansou_request_state_from_string (_bansou_column_text (stmt, c++));
  r->created_at = _bansou_dispatch_dup_column (stmt, c++);
  r->updated_by = _bansou_dispatch_dup_column (stmt, c++);
  r->updated_at = _bansou_dispatch_dup_column (stmt, c++);
  r->server_rev = sqlite3_column_int64 (stmt, c++);
  qs = _bansou_column_text (stmt, c++);
  r->questions = qs && *qs ? g_strsplit (qs, ",", -1) : g_new0 (char *, 1);
  return r;
}

/**
 * bansou_dispatch_get_request:
 * @id: the UUID, a unique prefix, or the request's number
 *
 * Returns: (transfer full): the request, or %NULL with NOT_FOUND
 */
BansouDispatchRequest *
bansou_dispatch_get_request (BansouDispatch  *self,
                             const char      *id,
                             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *full = NULL;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);

  if (!(full = _bansou_dispatch_resolve_id (self, "dispatch_requests", id, error)))
    return NULL;
  stmt = _bansou_store_prepare (self->store,
                                "SELECT " REQUEST_COLUMNS " FROM dispatch_requests r "
                                "LEFT JOIN bodies b ON b.code = r.body WHERE r.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, full, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_NOT_FOUND,
                   _("No request has the id “%s”"), id);
      return NULL;
    }
  return request_from_row (stmt);
}

/**
 * bansou_dispatch_list_requests:
 * @body: (nullable): only this body's
 * @open_only: only open and scheduled ones
 *
 * Returns: (transfer container) (element-type BansouDispatchRequest):
 *   the most urgent first, then by number
 */
GPtrArray *
bansou_dispatch_list_requests (BansouDispatch  *self,
                               const char      *body,
                               gboolean         open_only,
                               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_dispatch_request_free);

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);

  stmt = _bansou_store_prepare (self->store,
                                "SELECT " REQUEST_COLUMNS " FROM dispatch_requests r "
                                "LEFT JOIN bodies b ON b.code = r.body "
                                "WHERE (?1 IS NULL OR r.body = ?1) AND (NOT ?2 OR r.state IN ('open', 'scheduled')) "
                                "ORDER BY r.state IN ('done', 'cancelled'), "
                                "CASE r.urgency WHEN 'incident' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END, r.number",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, open_only);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, request_from_row (stmt));
  return g_steal_pointer (&list);
}

typedef struct
{
  const char *id;
  const char *field;
  const char *column;
  const char *old_value;
  const char *new_value;
  GPtrArray  *questions;  /* set_questions: the new ones */
} SetRequest;

static gboolean
set_request_cb (BansouStore  *store,
                gpointer      user_data,
                GError      **error)
{
  SetRequest *op = user_data;

  if (op->questions != NULL)
    {
      if (!write_questions (store, op->id, op->questions, error))
        return FALSE;
    }
  else
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *sql = g_strdup_printf ("UPDATE dispatch_requests SET %s = ?1 WHERE id = ?2", op->column);

      if (!(stmt = _bansou_store_prepare (store, sql, error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, op->new_value, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, op->id, -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, stmt, error))
        return FALSE;
    }
  return _bansou_dispatch_touch (store, "dispatch_requests", op->id, error) &&
         bansou_store_audit (store, REQUEST_ENTITY, op->id, op->field, op->old_value, op->new_value, error) &&
         _bansou_dispatch_enqueue (store, REQUEST_TYPE, op->id, error);
}

static const char * const request_field_names[] = {
  "urgency", "purpose", "wanted-from", "wanted-until", "state", NULL
};

const char * const *
bansou_dispatch_get_request_fields (void)
{
  return request_field_names;
}

/**
 * bansou_dispatch_set_request_field:
 * @field: urgency, purpose, wanted-from, wanted-until or state (open,
 *   cancelled; scheduled and done follow from its visits)
 */
gboolean
bansou_dispatch_set_request_field (BansouDispatch  *self,
                                   const char      *id,
                                   const char      *field,
                                   const char      *value,
                                   GError         **error)
{
  g_autoptr(BansouDispatchRequest) r = NULL;
  g_autofree char *new_value = NULL;
  const char *old_value = NULL;
  SetRequest op = { 0 };

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (!(r = bansou_dispatch_get_request (self, id, error)))
    return FALSE;
  value = value ? value : "";
  if (g_str_equal (field, "urgency"))
    {
      BansouUrgency u = bansou_urgency_from_string (value);
      if (u == BANSOU_N_URGENCIES)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                       _("Unknown urgency “%s” (normal, urgent or incident)"), value);
          return FALSE;
        }
      new_value = g_strdup (bansou_urgency_to_string (u));
      old_value = bansou_urgency_to_string (r->urgency);
      op.column = "urgency";
    }
  else if (g_str_equal (field, "purpose"))
    {
      new_value = g_strstrip (g_strdup (value));
      if (g_utf8_strlen (new_value, -1) > PURPOSE_MAX)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                       _("The purpose of a request is longer than %u characters"), PURPOSE_MAX);
          return FALSE;
        }
      old_value = r->purpose;
      op.column = "purpose";
    }
  else if (g_str_equal (field, "wanted-from") || g_str_equal (field, "wanted-until"))
    {
      gboolean from = g_str_equal (field, "wanted-from");

      new_value = _bansou_dispatch_check_date (value, field, error);
      if (new_value == NULL && *value != '\0')
        return FALSE;
      if (!check_window (from ? new_value : r->wanted_from, from ? r->wanted_until : new_value, error))
        return FALSE;
      old_value = from ? r->wanted_from : r->wanted_until;
      op.column = from ? "wanted_from" : "wanted_until";
    }
  else if (g_str_equal (field, "state"))
    {
      BansouRequestState s = bansou_request_state_from_string (value);

      if (s != BANSOU_REQUEST_OPEN && s != BANSOU_REQUEST_CANCELLED)
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                       _("A request can be reopened or cancelled; scheduled and done follow from its visits"));
          return FALSE;
        }
      new_value = g_strdup (bansou_request_state_to_string (s));
      old_value = bansou_request_state_to_string (r->state);
      op.column = "state";
    }
  else
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("Unknown field “%s” of a request"), field);
      return FALSE;
    }
  if (g_strcmp0 (old_value, new_value) == 0)
    return TRUE;

  op.id = r->id;
  op.field = field;
  op.old_value = old_value;
  op.new_value = new_value;
  if (!bansou_store_transaction (self->store, set_request_cb, &op, error))
    return FALSE;
  _bansou_dispatch_emit_changed (self, REQUEST_TYPE, r->id);
  return TRUE;
}

/**
 * bansou_dispatch_set_request_questions:
 *
 * Replaces the linked questions; an id not in the catalog rejects all.
 */
gboolean
bansou_dispatch_set_request_questions (BansouDispatch      *self,
                                       const char          *id,
                                       const char * const  *questions,
                                       GError             **error)
{
  g_autoptr(BansouDispatchRequest) r = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  SetRequest op = { 0 };

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), FALSE);

  if (!_bansou_dispatch_check_questions (self, questions, sorted, error) ||
      !(r = bansou_dispatch_get_request (self, id, error)))
    return FALSE;
  old_value = g_strjoinv (",", r->questions);
  new_value = join_questions (sorted);
  if (g_str_equal (old_value, new_value))
    return TRUE;

  op.id = r->id;
  op.field = "questions";
  op.old_value = old_value;
  op.new_value = new_value;
  op.questions = sorted;
  if (!bansou_store_transaction (self->store, set_request_cb, &op, error))
    return FALSE;
  _bansou_dispatch_emit_changed (self, REQUEST_TYPE, r->id);
  return TRUE;
}
