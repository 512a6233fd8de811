/* bansou-server-routes.c — the route table and its handlers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Every endpoint of docs/api.md is one line of routes[]. A record's GET
 * and PUT go through the generic record handlers, which find its keys in
 * the path by the names its kind gives them (kinds/); an endpoint that is
 * not one record (lists, the change feed, baselines) has a handler here.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>

#include "bansou-server-kind.h"
#include "bansou-server-private.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

static gboolean
query_int (GHashTable  *query,
           const char  *name,
           gint64       fallback,
           gint64       max,
           gint64      *out)
{
  const char *value = query ? g_hash_table_lookup (query, name) : NULL;
  guint64 v;

  if (value == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (value, 10, 0, max, &v, NULL))
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

static void
respond_record (SoupServerMessage *msg,
                JsonNode          *node,
                GError            *error,
                BansouApiError     missing,
                const char        *missing_text)
{
  g_autofree char *etag = NULL;

  if (node == NULL)
    {
      _bansou_server_respond_gerror (msg, error, -1);
      return;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      _bansou_server_respond_error (msg, missing, missing_text);
      return;
    }
  etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                          json_object_get_int_member (json_node_get_object (node), "rev"));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  _bansou_server_respond_node (msg, 200, node);
}

static void
respond_list (SoupServerMessage *msg,
              JsonNode          *node,
              GError            *error)
{
  if (node == NULL)
    _bansou_server_respond_gerror (msg, error, -1);
  else
    _bansou_server_respond_node (msg, 200, node);
}

static void
method_not_allowed (SoupServerMessage *msg,
                    const char        *allow)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  _bansou_server_respond_error (msg, BANSOU_API_ERROR_METHOD_NOT_ALLOWED, "This method is not allowed here");
}

/* Returns: (nullable): the path segment the route's pattern names {@name} */
static const char *
capture (BansouServerRequest *req,
         const char          *name)
{
  g_auto(GStrv) parts = g_strsplit (req->route->pattern, "/", -1);
  gsize len = strlen (name);

  for (guint i = 0; parts[i] != NULL && i < req->n_seg; i++)
    if (parts[i][0] == '{' && strncmp (parts[i] + 1, name, len) == 0 &&
        parts[i][len + 1] == '}' && parts[i][len + 2] == '\0')
      return req->seg[i];
  return NULL;
}

/* The keys k1…k3 of the route's record, from the path. */
static const BansouServerKind *
record_keys (BansouServerRequest *req,
             const char          *keys[3])
{
  const BansouServerKind *kind = bansou_server_kind_lookup (req->route->kind);
  guint n;

  g_assert (kind != NULL);
  n = bansou_server_kind_n_keys (kind);
  for (guint i = 0; i < 3; i++)
    keys[i] = i < n ? capture (req, kind->keys[i]) : NULL;
  return kind;
}

/* ------------------------------------------------------------------------ */
/* Handlers                                                                 */

static void
handle_health (BansouServerRequest *req)
{
  _bansou_server_respond_text (req->msg, 200,
                               g_strdup_printf ("{\"status\":\"ok\",\"api\":\"v1\",\"version\":\"%s\","
                                                "\"demo\":%s}", PACKAGE_VERSION,
                                                bansou_server_db_get_demo (req->server->db) ? "true" : "false"));
}

/* GET of one record of the route's kind */
static void
handle_get_record (BansouServerRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *keys[3];
  const BansouServerKind *kind = record_keys (req, keys);

  node = bansou_api_get_record (req->server->db, kind->type, keys[0], keys[1], keys[2], &error);
  respond_record (req->msg, node, error, kind->missing_code, kind->missing_message);
}

/* GET of a shared record (a procurement project or participation): the
 * national desk and the prefectures in its shared_scopes read it; to
 * anyone else it does not exist, exactly as a record that does not. */
static void
handle_get_shared_record (BansouServerRequest *req)
{
  const BansouServerToken *token = req->token;
  const char *keys[3];
  const BansouServerKind *kind = record_keys (req, keys);

  if (token->role != BANSOU_ROLE_NATIONAL &&
      (token->role != BANSOU_ROLE_PREFECTURE || !bansou_kind_shared_with (req->server->db, keys[0], token->scope)))
    return _bansou_server_respond_error (req->msg, kind->missing_code, kind->missing_message);
  handle_get_record (req);
}

/* GET of a consultation ticket or message: only a prefecture token of the
 * ticket's prefecture reads it; to anyone else it does not exist. */
static void
handle_get_ticket_record (BansouServerRequest *req)
{
  const BansouServerToken *token = req->token;
  const char *keys[3];
  const BansouServerKind *kind = record_keys (req, keys);
  g_autoptr(BansouServerStmt) stmt = NULL;
  gboolean mine = FALSE;

  if (token->role == BANSOU_ROLE_PREFECTURE &&
      (stmt = bansou_server_db_prepare (req->server->db, "SELECT 1 FROM consult_tickets WHERE id = ?1 AND prefecture = ?2",
                                        NULL)) != NULL)
    {
      bansou_server_stmt_bind_text (stmt, 1, keys[0]);
      bansou_server_stmt_bind_text (stmt, 2, token->scope);
      mine = bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW;
    }
  if (!mine)
    return _bansou_server_respond_error (req->msg, kind->missing_code, kind->missing_message);
  handle_get_record (req);
}

/* GET of an article: everyone's once national; else its prefecture's and
 * the national desk's. To anyone else it does not exist. */
static void
handle_get_article (BansouServerRequest *req)
{
  const BansouServerToken *token = req->token;
  const char *keys[3];
  const BansouServerKind *kind = record_keys (req, keys);
  g_autoptr(BansouServerStmt) stmt = NULL;
  gboolean readable = FALSE;

  stmt = bansou_server_db_prepare (req->server->db,
                                   "SELECT origin, json_extract (data, '$.visibility') FROM consult_articles "
                                   "WHERE id = ?1", NULL);
  if (stmt != NULL)
    {
      bansou_server_stmt_bind_text (stmt, 1, keys[0]);
      if (bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW)
        {
          const char *origin = bansou_col_text (stmt, 0);
          g_autofree char *pref = token->role == BANSOU_ROLE_BODY ? bansou_code_prefecture_digits (token->scope)
                                                                   : g_strdup (token->scope);

          readable = token->role == BANSOU_ROLE_NATIONAL || g_str_equal (origin, "00") ||
                     g_strcmp0 (bansou_col_text (stmt, 1), "national") == 0 ||
                     (token->role == BANSOU_ROLE_PREFECTURE && g_strcmp0 (pref, origin) == 0);
        }
    }
  if (!readable)
    return _bansou_server_respond_error (req->msg, kind->missing_code, kind->missing_message);
  handle_get_record (req);
}

/* GET of an escalation or its answer: the escalation's prefecture and the
 * national desk read it; to anyone else it does not exist. */
static void
handle_get_escalation (BansouServerRequest *req)
{
  const BansouServerToken *token = req->token;
  const char *keys[3];
  const BansouServerKind *kind = record_keys (req, keys);
  g_autoptr(BansouServerStmt) stmt = NULL;
  gboolean readable = token->role == BANSOU_ROLE_NATIONAL;

  if (token->role == BANSOU_ROLE_PREFECTURE &&
      (stmt = bansou_server_db_prepare (req->server->db, "SELECT 1 FROM consult_escalations WHERE id = ?1 "
                                        "AND prefecture = ?2", NULL)) != NULL)
    {
      bansou_server_stmt_bind_text (stmt, 1, keys[0]);
      bansou_server_stmt_bind_text (stmt, 2, token->scope);
      readable = bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW;
    }
  if (!readable)
    return _bansou_server_respond_error (req->msg, kind->missing_code, kind->missing_message);
  handle_get_record (req);
}

/* GET of one record whose scope is in its data (a prefecture's expert
 * dispatch): the token reads it where the change feed would show it —
 * its prefecture's, or its body's; the nation every one. */
static void
handle_get_scoped_record (BansouServerRequest *req)
{
  const BansouServerToken *token = req->token;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(BansouServerStmt) stmt = NULL;
  const char *keys[3];
  const BansouServerKind *kind = record_keys (req, keys);
  gboolean visible = FALSE;

  node = bansou_api_get_record (req->server->db, kind->type, keys[0], keys[1], keys[2], &error);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return respond_record (req->msg, node, error, kind->missing_code, kind->missing_message);

  stmt = bansou_server_db_prepare (req->server->db,
                                   "SELECT prefecture, body FROM changes WHERE type = ?1 AND k1 = ?2 AND k2 = '' "
                                   "AND k3 = ''", &error);
  if (stmt == NULL)
    return _bansou_server_respond_gerror (req->msg, error, -1);
  bansou_server_stmt_bind_text (stmt, 1, kind->type);
  bansou_server_stmt_bind_text (stmt, 2, keys[0]);
  if (bansou_server_stmt_step (stmt, NULL) == BANSOU_SERVER_STEP_ROW)
    switch (token->role)
      {
      case BANSOU_ROLE_NATIONAL:
        visible = TRUE;
        break;
      case BANSOU_ROLE_PREFECTURE:
        visible = g_strcmp0 (bansou_col_text (stmt, 0), token->scope) == 0;
        break;
      case BANSOU_ROLE_BODY:
      case BANSOU_N_ROLES:
      default:
        visible = g_strcmp0 (bansou_col_text (stmt, 1), token->scope) == 0;
        break;
      }
  if (!visible)
    {
      _bansou_server_audit_forbidden (req->server, token, req->msg, "outside the token's scope");
      return _bansou_server_respond_error (req->msg, BANSOU_API_ERROR_FORBIDDEN,
                                           "This record is outside the token's scope");
    }
  respond_record (req->msg, node, NULL, kind->missing_code, kind->missing_message);
}

/* PUT of one record of the route's kind: If-Match names the revision */
static void
handle_put_record (BansouServerRequest *req)
{
  const char *keys[3];
  const BansouServerKind *kind = record_keys (req, keys);

  _bansou_server_handle_write (req, BANSOU_WRITE_PUT, bansou_op_new (kind->type, keys[0], keys[1], keys[2]));
}

static void
handle_batch (BansouServerRequest *req)
{
  _bansou_server_handle_write (req, BANSOU_WRITE_BATCH, NULL);
}

static void
handle_create_alert (BansouServerRequest *req)
{
  _bansou_server_handle_write (req, BANSOU_WRITE_ALERT, NULL);
}

static void
handle_list_catalogs (BansouServerRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = bansou_api_list_catalogs (req->server->db, &error);

  respond_list (req->msg, node, error);
}

/* The catalog document itself, as published */
static void
handle_get_catalog (BansouServerRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  gint64 rev = 0;
  char *json = bansou_api_get_catalog_json (req->server->db, capture (req, "version"), &rev, &error);

  if (json == NULL)
    return _bansou_server_respond_gerror (req->msg, error, -1);
  etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", rev);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "ETag", etag);
  _bansou_server_respond_text (req->msg, 200, json);
}

static void
handle_baselines (BansouServerRequest *req)
{
  BansouServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *round = req->query ? g_hash_table_lookup (req->query, "round") : NULL;
  const char *final = req->query ? g_hash_table_lookup (req->query, "final") : NULL;
  gboolean final_only = g_strcmp0 (final, "1") == 0 || g_strcmp0 (final, "true") == 0;
  g_autofree char *key = NULL;
  BansouCachedBaselines *cached;
  gint64 head = bansou_server_db_get_head (self->db);

  if (round == NULL)
    return _bansou_server_respond_error (req->msg, BANSOU_API_ERROR_INVALID_REQUEST,
                                         "Name the round: ?round=YYYY-MM-DD");

  /* Each kind of reader has its own view (bansou-server-baselines.c). */
  key = g_strdup_printf ("%s %d %s", round, final_only,
                         req->token->role == BANSOU_ROLE_NATIONAL ? "national"
                         : req->token->role == BANSOU_ROLE_PREFECTURE ? req->token->scope : "body");
  cached = g_hash_table_lookup (self->baselines, key);
  if (cached != NULL && cached->head == head)
    node = json_node_ref (cached->node);
  else
    {
      node = bansou_api_baselines (self->db, round, req->token, final_only, self->config.baseline_min_answers, &error);
      if (node != NULL)   /* only real rounds: the cache stays small */
        {
          cached = g_new0 (BansouCachedBaselines, 1);
          cached->head = head;
          cached->node = json_node_ref (node);
          g_hash_table_replace (self->baselines, g_steal_pointer (&key), cached);
        }
    }
  respond_list (req->msg, node, error);
}

static void
handle_list_rounds (BansouServerRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = bansou_api_list_rounds (req->server->db, &error);

  respond_list (req->msg, node, error);
}

static void
handle_list_bodies (BansouServerRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = bansou_api_list_bodies (req->server->db, req->token, &error);

  respond_list (req->msg, node, error);
}

static void
handle_list_answers (BansouServerRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = bansou_api_list_answers (req->server->db, capture (req, "body"),
                                                      capture (req, "round"), &error);

  respond_list (req->msg, node, error);
}

static void
handle_list_alerts (BansouServerRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 since;

  if (!query_int (req->query, "since", 0, G_MAXINT64, &since))
    return _bansou_server_respond_error (req->msg, BANSOU_API_ERROR_INVALID_REQUEST,
                                         "“since” must be a revision number");
  node = bansou_api_list_alerts (req->server->db, req->token, since, &error);
  respond_list (req->msg, node, error);
}

typedef struct
{
  const BansouServerToken *token;
  gint64                   since;
  guint                    limit;
  gsize                    max_bytes;
  JsonNode                *node;   /* out */
} ChangesPage;

static gboolean
read_changes_cb (BansouServerDb  *db,
                 gpointer         user_data,
                 GError         **error)
{
  ChangesPage *page = user_data;

  page->node = bansou_api_changes (db, page->token, page->since, page->limit, page->max_bytes, error);
  return page->node != NULL;
}

static void
handle_changes (BansouServerRequest *req)
{
  BansouServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 since, limit;

  if (!query_int (req->query, "since", 0, G_MAXINT64, &since))
    return _bansou_server_respond_error (req->msg, BANSOU_API_ERROR_INVALID_REQUEST,
                                         "“since” must be a revision number");
  /* The server caps the page: a larger "limit" is served max-page records,
   * and a page also ends past max-page-bytes (docs/api.md). */
  if (!query_int (req->query, "limit", 500, G_MAXINT64, &limit) || limit < 1)
    return _bansou_server_respond_error (req->msg, BANSOU_API_ERROR_INVALID_REQUEST,
                                         "“limit” must be a number of records, at least 1");
  limit = MIN (limit, (gint64) self->config.max_page);
  {
    /* one snapshot for the whole page (several servers on PostgreSQL) */
    ChangesPage page = { req->token, since, (guint) limit, (gsize) self->config.max_page_bytes, NULL };

    if (bansou_server_db_read (self->db, read_changes_cb, &page, &error))
      node = page.node;
    else
      g_clear_pointer (&page.node, json_node_unref);
  }
  respond_list (req->msg, node, error);
}

/* ------------------------------------------------------------------------ */
/* The tables                                                               */

#define ANY BANSOU_N_ROLES
#define NATIONAL BANSOU_ROLE_NATIONAL

/* Methods of one path in the order its Allow header lists them. */
static const BansouServerRoute routes[] = {
  /* method, pattern, handler, kind, role, flags, why (audit), refusal (client) */
  { "GET",  "health", handle_health, NULL, ANY, BANSOU_ROUTE_PUBLIC, NULL, NULL },
  { "GET",  "catalog", handle_list_catalogs, NULL, ANY, 0, NULL, NULL },
  { "GET",  "catalog/{version}", handle_get_catalog, "catalog", ANY, 0, NULL, NULL },
  { "PUT",  "catalog/{version}", handle_put_record, "catalog", NATIONAL, 0,
    "only the national desk publishes catalog versions", "Only the national desk publishes catalogs" },
  { "GET",  "baselines", handle_baselines, NULL, ANY, 0, NULL, NULL },
  { "GET",  "rounds", handle_list_rounds, NULL, ANY, 0, NULL, NULL },
  { "GET",  "rounds/{id}", handle_get_record, "round", ANY, 0, NULL, NULL },
  { "PUT",  "rounds/{id}", handle_put_record, "round", NATIONAL, 0,
    "only the national desk creates rounds", "Only the national desk creates rounds" },
  { "GET",  "bodies", handle_list_bodies, NULL, ANY, 0, NULL, NULL },
  { "GET",  "bodies/{code}", handle_get_record, "body", ANY, 0, NULL, NULL },
  { "PUT",  "bodies/{code}", handle_put_record, "body", ANY, 0, NULL, NULL },
  { "GET",  "bodies/{body}/rounds/{round}/answers", handle_list_answers, NULL, ANY, 0, NULL, NULL },
  { "GET",  "bodies/{body}/rounds/{round}/answers/{question}", handle_get_record, "answer", ANY, 0, NULL, NULL },
  { "PUT",  "bodies/{body}/rounds/{round}/answers/{question}", handle_put_record, "answer", ANY, 0, NULL, NULL },
  { "GET",  "bodies/{body}/rounds/{round}/progress", handle_get_record, "progress", ANY, 0, NULL, NULL },
  { "PUT",  "bodies/{body}/rounds/{round}/progress", handle_put_record, "progress", ANY, 0, NULL, NULL },
  { "GET",  "procurements/{project}", handle_get_shared_record, "procurement_project", ANY, 0, NULL, NULL },
  { "PUT",  "procurements/{project}", handle_put_record, "procurement_project", ANY, 0, NULL, NULL },
  { "GET",  "procurements/{project}/participants/{body}", handle_get_shared_record, "procurement_participant",
    ANY, 0, NULL, NULL },
  { "PUT",  "procurements/{project}/participants/{body}", handle_put_record, "procurement_participant",
    ANY, 0, NULL, NULL },
  { "GET",  "consult/tickets/{ticket}", handle_get_ticket_record, "ticket", ANY, 0, NULL, NULL },
  { "PUT",  "consult/tickets/{ticket}", handle_put_record, "ticket", ANY, 0, NULL, NULL },
  { "GET",  "consult/tickets/{ticket}/messages/{message}", handle_get_ticket_record, "ticket_message",
    ANY, 0, NULL, NULL },
  { "PUT",  "consult/tickets/{ticket}/messages/{message}", handle_put_record, "ticket_message",
    ANY, 0, NULL, NULL },
  { "GET",  "consult/articles/{article}", handle_get_article, "article", ANY, 0, NULL, NULL },
  { "PUT",  "consult/articles/{article}", handle_put_record, "article", ANY, 0, NULL, NULL },
  { "GET",  "consult/escalations/{id}", handle_get_escalation, "escalation", ANY, 0, NULL, NULL },
  { "PUT",  "consult/escalations/{id}", handle_put_record, "escalation", ANY, 0, NULL, NULL },
  { "GET",  "consult/escalations/{id}/answer", handle_get_escalation, "escalation_answer", ANY, 0, NULL, NULL },
  { "PUT",  "consult/escalations/{id}/answer", handle_put_record, "escalation_answer", ANY, 0, NULL, NULL },
  { "POST", "batch", handle_batch, NULL, ANY, 0, NULL, NULL },
  { "GET",  "alerts", handle_list_alerts, NULL, ANY, 0, NULL, NULL },
  { "POST", "alerts", handle_create_alert, "alert", NATIONAL, BANSOU_ROUTE_ROLE_AFTER_BODY,
    "only the national desk publishes alerts", "Only the national desk publishes alerts" },
  { "GET",  "changes", handle_changes, NULL, ANY, 0, NULL, NULL },
  { "GET",  "experts/{id}", handle_get_scoped_record, "expert", ANY, 0, NULL, NULL },
  { "PUT",  "experts/{id}", handle_put_record, "expert", ANY, 0, NULL, NULL },
  { "GET",  "dispatch-requests/{id}", handle_get_scoped_record, "dispatch_request", ANY, 0, NULL, NULL },
  { "PUT",  "dispatch-requests/{id}", handle_put_record, "dispatch_request", ANY, 0, NULL, NULL },
  { "GET",  "visits/{id}", handle_get_scoped_record, "visit", ANY, 0, NULL, NULL },
  { "PUT",  "visits/{id}", handle_put_record, "visit", ANY, 0, NULL, NULL },
};

#undef ANY
#undef NATIONAL

/* Returns: %TRUE to go on; else the request was answered */
typedef gboolean (*GuardFunc) (BansouServerRequest *req,
                               const char          *value);

/* The scope comes from the token alone, and is checked before anything
 * else under a body's path: another body's records are not even found. */
static gboolean
guard_body_scope (BansouServerRequest *req,
                  const char          *code)
{
  const BansouServerToken *token = req->token;

  if (bansou_server_in_scope (token->role, token->scope, code))
    return TRUE;

  if (!bansou_code_is_body (code))
    _bansou_server_respond_error (req->msg, BANSOU_API_ERROR_UNKNOWN_BODY, "This is not a body code");
  else
    {
      _bansou_server_audit_forbidden (req->server, token, req->msg, "outside the token's scope");
      _bansou_server_respond_error (req->msg, BANSOU_API_ERROR_FORBIDDEN, "This body is outside the token's scope");
    }
  return FALSE;
}

/* Every path that starts with @prefix (its last segment captured) passes @func. */
static const struct
{
  const char *prefix;
  GuardFunc   func;
} guards[] = {
  { "bodies/", guard_body_scope },
};

/* ------------------------------------------------------------------------ */
/* Dispatch                                                                 */

static gboolean
pattern_matches (const char  *pattern,
                 char       **seg,
                 guint        n_seg)
{
  const char *p = pattern;

  for (guint i = 0; i < n_seg; i++)
    {
      const char *end = strchr (p, '/');
      gsize len = end ? (gsize) (end - p) : strlen (p);

      if (*p == '\0')
        return FALSE;          /* the path is longer */
      if (*p != '{' && (strlen (seg[i]) != len || strncmp (p, seg[i], len) != 0))
        return FALSE;
      p += len;
      if (*p == '/')
        p++;
      else if (i + 1 < n_seg)
        return FALSE;
    }
  return *p == '\0';           /* else the path is shorter */
}

static void
method_not_allowed_for (BansouServerRequest      *req,
                        const BansouServerRoute **candidates,
                        guint                     n)
{
  g_autoptr(GString) allow = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (allow, "%s%s", i ? ", " : "", candidates[i]->method);
  method_not_allowed (req->msg, allow->str);
}

static gboolean
check_request_body (BansouServerRequest *req)
{
  BansouServer *self = req->server;
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data;

  if (body->length == 0)
    return TRUE;   /* a write without a body is refused by its handler */
  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &len);
  if (bansou_server_check_body (data, len, self->config.max_json_depth, self->config.max_body_bytes, &error))
    return TRUE;
  _bansou_server_respond_gerror (req->msg, error, -1);
  return FALSE;
}

static void
run_route (BansouServerRequest     *req,
           const BansouServerRoute *route)
{
  req->route = route;

  if (route->role != BANSOU_N_ROLES && !(route->flags & BANSOU_ROUTE_ROLE_AFTER_BODY) &&
      req->token->role != route->role)
    {
      _bansou_server_audit_forbidden (req->server, req->token, req->msg, route->why);
      _bansou_server_respond_error (req->msg, BANSOU_API_ERROR_FORBIDDEN, route->refusal);
      return;
    }

  route->handler (req);
}

static void handle (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data);

/**
 * _bansou_server_handle_cb:
 *
 * The one SoupServer handler: finds the route, authenticates and
 * authorizes in the order documented at #BansouServerRoute, and runs it.
 * If the store lost PostgreSQL meanwhile, any answer may rest on a lookup
 * that failed (a body "not found"): the request is answered 503
 * store_unavailable instead, and the client sends it again with its key
 * (a write that did commit is then replayed).
 */
void
_bansou_server_handle_cb (SoupServer        *server,
                          SoupServerMessage *msg,
                          const char        *path,
                          GHashTable        *query,
                          gpointer           user_data)
{
  BansouServer *self = user_data;
  BansouServerStore *store = bansou_server_db_get_store (self->db);

  store->unavailable_seen = FALSE;
  handle (server, msg, path, query, user_data);
  if (store->unavailable_seen)
    {
      store->unavailable_seen = FALSE;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      soup_message_headers_remove (soup_server_message_get_response_headers (msg), "ETag");
      soup_message_headers_remove (soup_server_message_get_response_headers (msg), "Content-Encoding");
      soup_message_headers_remove (soup_server_message_get_response_headers (msg), "Idempotent-Replayed");
      _bansou_server_respond_error (msg, BANSOU_API_ERROR_STORE_UNAVAILABLE,
                                    "The database was unavailable during this request; send it again "
                                    "with the same Idempotency-Key");
    }
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  BansouServer *self = user_data;
  g_autoptr(BansouServerToken) token = NULL;
  g_autoptr(GError) auth_error = NULL;
  g_auto(GStrv) seg = NULL;
  const char *method = soup_server_message_get_method (msg);
  const BansouServerRoute *candidates[G_N_ELEMENTS (routes)];
  const BansouServerRoute *route = NULL;
  BansouServerRequest req = { 0 };
  guint n_candidates = 0;
  gboolean public = FALSE;
  guint n, wait;

  if (!g_str_has_prefix (path, BANSOU_API_PREFIX))
    return _bansou_server_respond_error (msg, BANSOU_API_ERROR_NOT_FOUND,
                                         "No such resource; the API is under /api/v1/");

  seg = g_strsplit (path + strlen (BANSOU_API_PREFIX), "/", 8);
  n = g_strv_length (seg);
  for (guint i = 0; i < n; i++)
    if (*seg[i] == '\0')
      return _bansou_server_respond_error (msg, BANSOU_API_ERROR_NOT_FOUND, "No such resource");

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (pattern_matches (routes[i].pattern, seg, n))
      {
        candidates[n_candidates++] = &routes[i];
        public |= (routes[i].flags & BANSOU_ROUTE_PUBLIC) != 0;
        if (route == NULL && g_str_equal (routes[i].method, method))
          route = &routes[i];
      }

  req.server = self;
  req.msg = msg;
  req.query = query;
  req.seg = seg;
  req.n_seg = n;

  if (public)
    {
      if (route == NULL)
        return method_not_allowed_for (&req, candidates, n_candidates);
      req.route = route;
      return route->handler (&req);
    }

  token = _bansou_server_authenticate (self, msg, &auth_error);
  if (token == NULL && auth_error != NULL)
    return _bansou_server_respond_gerror (msg, auth_error, -1);   /* the store, not the token: 503 */
  if (token == NULL)
    {
      _bansou_server_audit_unauthorized (self, msg);
      return _bansou_server_respond_error (msg, BANSOU_API_ERROR_UNAUTHORIZED,
                                         "A valid token is required: Authorization: Bearer <token> (unknown or revoked)");
    }
  req.token = token;

  if ((wait = _bansou_server_rate_limit (self, token)) > 0)
    {
      g_autofree char *retry = g_strdup_printf ("%u", wait);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry);
      return _bansou_server_respond_error (msg, BANSOU_API_ERROR_RATE_LIMITED,
                                           "Too many requests for this token; slow down");
    }

  /* The strict gate, before the guards, the method and the role: one
   * pass over the raw bytes, so that no body can cost a deep parse or
   * crash json-glib whatever route it is sent to (docs/security.md). */
  if (!check_request_body (&req))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (guards); i++)
    {
      gsize len = strlen (guards[i].prefix);
      guint depth = 0;

      for (const char *c = guards[i].prefix; *c; c++)
        depth += *c == '/';
      if (n > depth && strncmp (path + strlen (BANSOU_API_PREFIX), guards[i].prefix, len) == 0 &&
          !guards[i].func (&req, seg[depth]))
        return;
    }

  if (n_candidates == 0)
    return _bansou_server_respond_error (msg, BANSOU_API_ERROR_NOT_FOUND, "No such resource");
  if (route == NULL)
    return method_not_allowed_for (&req, candidates, n_candidates);

  run_route (&req, route);
}
