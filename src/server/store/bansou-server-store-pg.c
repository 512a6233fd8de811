/* bansou-server-store-pg.c — the server's store on PostgreSQL, shared by several servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The ministry's deployment: several bansou-server processes on one
 * PostgreSQL (docs/deploy.md). One libpq connection per process, used from
 * the main loop only, in READ COMMITTED.
 *
 * Writes: write() runs BEGIN, takes one transaction-scoped advisory lock
 * (pg_advisory_xact_lock, held until COMMIT or ROLLBACK) and reads the
 * head revision under it. Every writer of every server takes that lock,
 * so writes are serialized, revisions are handed out in commit order, and
 * a reader of "changes WHERE rev > cursor" never sees revision 12 before
 * 11 has committed (docs/api.md, "The change feed's cursor"). The
 * idempotency check and If-Match compare-and-set run inside that
 * transaction too, so two servers given the same key apply it once.
 *
 * SQL is the dialect of bansou-server-store.h: "?" and "?N" parameters are
 * rewritten to "$N" outside quotes; every statement is prepared once per
 * connection (named "s1", "s2", …) and prepared again after a reconnect.
 * A lost connection is BANSOU_SERVER_ERROR_UNAVAILABLE (HTTP 503 with
 * Retry-After, nothing applied); the next request reconnects. The schema
 * is the sqlite store's numbered migrations, translated where the two
 * dialects differ (pg_ddl()), their number kept in bansou_schema.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>
#include <libpq-fe.h>
#include <glib/gi18n.h>

#include "bansou-server-store-private.h"

/* The advisory locks' keys: "bansou" in ASCII, then which lock. */
#define WRITE_LOCK   G_GINT64_CONSTANT (0x62616e736f750001)
#define MIGRATE_LOCK G_GINT64_CONSTANT (0x62616e736f750002)

typedef struct
{
  BansouServerStore  parent;
  PGconn            *conn;
  char              *describe;
  GHashTable        *stmts;       /* SQL text → PgStmt*, prepared once per connection */
  guint              next_name;
  guint              generation;  /* bumped by each reconnect: statements prepare again */
  gboolean           in_tx;
  gboolean           in_read;     /* in read(): one snapshot, read only */
  gint64             changes;
  char              *last_error;  /* the last failure's message, for set_error() */
  gboolean           last_unavailable;
} PgStore;

typedef struct
{
  BansouServerStmt  parent;
  char             *sql;          /* rewritten: $N parameters */
  char              name[16];
  guint             generation;   /* the connection it was prepared on; 0: not yet */
  int               n_params;
  char            **values;       /* n_params, NULL for SQL NULL */
  PGresult         *result;
  int               row;          /* the current row; -1 before the first step */
} PgStmt;

#define STORE(s) ((PgStore *) (s))
#define STMT(s)  ((PgStmt *) (s))

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */

/* A lost connection, a failed serialization or a deadlock: the request can
 * be sent again as it is. */
static gboolean
is_transient (PgStore        *self,
              const PGresult *result)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;

  if (PQstatus (self->conn) != CONNECTION_OK)
    return TRUE;
  if (state == NULL)
    return result == NULL;
  /* 40: transaction rollback; 08: connection exception; 57P01-03: the
   * server shutting down or starting */
  return g_str_has_prefix (state, "40") || g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P");
}

static void
remember_error (PgStore        *self,
                const PGresult *result)
{
  const char *message = result ? PQresultErrorMessage (result) : NULL;

  if (message == NULL || *message == '\0')
    message = PQerrorMessage (self->conn);
  g_free (self->last_error);
  self->last_error = g_strchomp (g_strdup (message != NULL ? message : ""));
  self->last_unavailable = is_transient (self, result);
  self->parent.unavailable_seen |= self->last_unavailable;
}

static void
set_error_from_last (PgStore     *self,
                     GError     **error,
                     const char  *what)
{
  if (self->last_unavailable)
    g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_UNAVAILABLE,
                 "PostgreSQL is unavailable (%s): %s", what, self->last_error ? self->last_error : "");
  else
    g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_FAILED,
                 "PostgreSQL failed %s: %s", what, self->last_error ? self->last_error : "");
}

/* ------------------------------------------------------------------------ */
/* The dialect                                                              */

/* "?" and "?N" become "$N" outside '…' and "…", as sqlite numbers them (a
 * bare "?" is one more than the largest number so far). */
static char *
rewrite_parameters (const char *sql,
                    int        *n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  char quote = 0;
  int max = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
          g_string_append_c (out, *p);
        }
      else if (*p == '\'' || *p == '"')
        {
          quote = *p;
          g_string_append_c (out, *p);
        }
      else if (*p == '?')
        {
          int n;

          if (g_ascii_isdigit (p[1]))
            {
              char *end = NULL;

              n = (int) g_ascii_strtoll (p + 1, &end, 10);
              p = end - 1;
            }
          else
            n = max + 1;
          max = MAX (max, n);
          g_string_append_printf (out, "$%d", n);
        }
      else
        g_string_append_c (out, *p);
    }

  *n_params = max;
  return g_string_free (out, FALSE);
}

/* The two functions the server uses that PostgreSQL spells otherwise. */
static char *
rewrite_functions (const char *sql)
{
  static const struct { const char *pattern, *replacement; } rules[] = {
    /* group_concat(x, ',') */
    { "\\bgroup_concat\\s*\\(", "string_agg(" },
    /* json_extract(column, '$.member') on a TEXT column */
    { "\\bjson_extract\\s*\\(\\s*(\\w+)\\s*,\\s*'\\$\\.(\\w+)'\\s*\\)", "(CAST(\\1 AS json) ->> '\\2')" },
  };
  char *out = g_strdup (sql);

  if (strstr (sql, "group_concat") == NULL && strstr (sql, "json_extract") == NULL)
    return out;
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr(GRegex) regex = g_regex_new (rules[i].pattern, 0, 0, NULL);
      char *next = g_regex_replace (regex, out, -1, 0, rules[i].replacement, 0, NULL);

      g_assert (next != NULL);
      g_free (out);
      out = next;
    }
  return out;
}

/* A migration of the sqlite store, in PostgreSQL's words: sqlite's
 * INTEGER is 64-bit (BIGINT here), an INTEGER PRIMARY KEY is a rowid
 * (an identity column here), and WITHOUT ROWID is how sqlite stores a
 * table whose key is not a rowid, which is how PostgreSQL stores every
 * table. */
static char *
pg_ddl (const char *sqlite_sql)
{
  static const struct { const char *pattern, *replacement; } rules[] = {
    { "\\bINTEGER PRIMARY KEY\\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" },
    { "\\bINTEGER\\b", "BIGINT" },
    { "\\)\\s*WITHOUT ROWID", ")" },
  };
  g_autofree char *sql = g_strdup (sqlite_sql);

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr(GRegex) regex = g_regex_new (rules[i].pattern, 0, 0, NULL);
      char *next = g_regex_replace_literal (regex, sql, -1, 0, rules[i].replacement, 0, NULL);

      g_assert (next != NULL);
      g_free (sql);
      sql = next;
    }
  return g_steal_pointer (&sql);
}

/* ------------------------------------------------------------------------ */
/* The connection                                                           */

static PGresult *
run (PgStore    *self,
     const char *sql)
{
  return PQexec (self->conn, sql);
}

static gboolean
run_ok (PgStore     *self,
        const char  *sql,
        const char  *what,
        GError     **error)
{
  PGresult *result = run (self, sql);
  ExecStatusType status = PQresultStatus (result);
  gboolean ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

  if (!ok)
    {
      remember_error (self, result);
      set_error_from_last (self, error, what);
    }
  PQclear (result);
  return ok;
}

/* After a lost connection (a PostgreSQL restart, a failover behind a
 * proxy): one attempt to connect again, between requests only. */
static gboolean
ensure_connected (PgStore  *self,
                  GError  **error)
{
  if (PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  if (self->in_tx || self->in_read)
    {
      self->last_unavailable = TRUE;
      self->parent.unavailable_seen = TRUE;
      set_error_from_last (self, error, "inside a transaction");
      return FALSE;
    }
  PQreset (self->conn);
  self->generation++;
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      remember_error (self, NULL);
      set_error_from_last (self, error, "connecting again");
      return FALSE;
    }
  g_message ("Connected to PostgreSQL again: %s", self->describe);
  return run_ok (self, "SET TIME ZONE 'UTC'", "setting the session", error);
}

/* ------------------------------------------------------------------------ */
/* Statements                                                               */

static void
stmt_clear_values (PgStmt *stmt)
{
  for (int i = 0; i < stmt->n_params; i++)
    g_clear_pointer (&stmt->values[i], g_free);
}

static void
stmt_free (gpointer data)
{
  PgStmt *stmt = data;

  stmt_clear_values (stmt);
  g_free (stmt->values);
  g_clear_pointer (&stmt->result, PQclear);
  g_free (stmt->sql);
  g_free (stmt);
}

static gboolean
stmt_prepare_on_connection (PgStmt   *stmt,
                            GError  **error)
{
  PgStore *self = STORE (stmt->parent.store);
  PGresult *result;
  gboolean ok;

  if (stmt->generation == self->generation)
    return TRUE;
  result = PQprepare (self->conn, stmt->name, stmt->sql, stmt->n_params, NULL);
  ok = PQresultStatus (result) == PGRES_COMMAND_OK;
  if (ok)
    stmt->generation = self->generation;
  else
    {
      remember_error (self, result);
      set_error_from_last (self, error, "preparing a statement");
    }
  PQclear (result);
  return ok;
}

static void pg_reset (BansouServerStmt *base);

static BansouServerStmt *
pg_prepare (BansouServerStore  *store,
            const char         *sql,
            GError            **error)
{
  PgStore *self = STORE (store);
  PgStmt *stmt = g_hash_table_lookup (self->stmts, sql);

  if (stmt == NULL)
    {
      stmt = g_new0 (PgStmt, 1);
      stmt->parent.store = store;
      g_autofree char *pg_sql = rewrite_functions (sql);

      stmt->sql = rewrite_parameters (pg_sql, &stmt->n_params);
      stmt->values = g_new0 (char *, MAX (stmt->n_params, 1));
      stmt->row = -1;
      g_snprintf (stmt->name, sizeof stmt->name, "s%u", ++self->next_name);
      if (!ensure_connected (self, error) || !stmt_prepare_on_connection (stmt, error))
        {
          stmt_free (stmt);
          return NULL;
        }
      g_hash_table_insert (self->stmts, g_strdup (sql), stmt);
    }
  else if (stmt->result != NULL)
    pg_reset (&stmt->parent);   /* returned reset, whoever used it last */
  return &stmt->parent;
}

static void
pg_reset (BansouServerStmt *base)
{
  PgStmt *stmt = STMT (base);

  stmt_clear_values (stmt);
  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
}

static void
pg_bind_text (BansouServerStmt *base,
              int               i,
              const char       *value)
{
  PgStmt *stmt = STMT (base);

  g_return_if_fail (i >= 1 && i <= stmt->n_params);
  g_free (stmt->values[i - 1]);
  stmt->values[i - 1] = g_strdup (value);
}

static void
pg_bind_int64 (BansouServerStmt *base,
               int               i,
               gint64            value)
{
  PgStmt *stmt = STMT (base);

  g_return_if_fail (i >= 1 && i <= stmt->n_params);
  g_free (stmt->values[i - 1]);
  stmt->values[i - 1] = g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static void
pg_bind_null (BansouServerStmt *base,
              int               i)
{
  PgStmt *stmt = STMT (base);

  g_return_if_fail (i >= 1 && i <= stmt->n_params);
  g_clear_pointer (&stmt->values[i - 1], g_free);
}

static int
pg_parameter_count (BansouServerStmt *base)
{
  return STMT (base)->n_params;
}

/* The first step runs the statement and keeps its rows; the next ones
 * walk them. */
static BansouServerStep
pg_step (BansouServerStmt  *base,
         GError           **error)
{
  PgStmt *stmt = STMT (base);
  PgStore *self = STORE (base->store);

  if (stmt->result == NULL)
    {
      ExecStatusType status;
      const char *tuples;

      if (!ensure_connected (self, error) || !stmt_prepare_on_connection (stmt, error))
        return BANSOU_SERVER_STEP_ERROR;
      stmt->result = PQexecPrepared (self->conn, stmt->name, stmt->n_params,
                                     (const char * const *) stmt->values, NULL, NULL, 0);
      status = PQresultStatus (stmt->result);
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        {
          remember_error (self, stmt->result);
          set_error_from_last (self, error, "running a statement");
          g_clear_pointer (&stmt->result, PQclear);
          return BANSOU_SERVER_STEP_ERROR;
        }
      tuples = PQcmdTuples (stmt->result);
      self->changes = tuples != NULL && *tuples != '\0' ? g_ascii_strtoll (tuples, NULL, 10) : 0;
      stmt->row = -1;
    }

  if (PQresultStatus (stmt->result) != PGRES_TUPLES_OK || stmt->row + 1 >= PQntuples (stmt->result))
    {
      stmt->row = PQresultStatus (stmt->result) == PGRES_TUPLES_OK ? PQntuples (stmt->result) : 0;
      return BANSOU_SERVER_STEP_DONE;
    }
  stmt->row++;
  return BANSOU_SERVER_STEP_ROW;
}

static int
pg_column_count (BansouServerStmt *base)
{
  PgStmt *stmt = STMT (base);

  if (stmt->result == NULL)
    {
      /* sqlite knows a statement's columns before it runs */
      PGresult *desc = PQdescribePrepared (STORE (base->store)->conn, stmt->name);
      int n = PQnfields (desc);

      PQclear (desc);
      return n;
    }
  return PQnfields (stmt->result);
}

static const char *
pg_column_name (BansouServerStmt *base,
                int               col)
{
  return STMT (base)->result ? PQfname (STMT (base)->result, col) : NULL;
}

static gboolean
pg_column_is_null (BansouServerStmt *base,
                   int               col)
{
  PgStmt *stmt = STMT (base);

  if (stmt->result == NULL || stmt->row < 0 || stmt->row >= PQntuples (stmt->result) ||
      col >= PQnfields (stmt->result))
    return TRUE;
  return PQgetisnull (stmt->result, stmt->row, col);
}

static const char *
pg_column_text (BansouServerStmt *base,
                int               col)
{
  PgStmt *stmt = STMT (base);

  if (pg_column_is_null (base, col))
    return NULL;
  return PQgetvalue (stmt->result, stmt->row, col);
}

/* Integers as sqlite gives them: a boolean is 1 or 0, NULL is 0. */
static gint64
pg_column_int64 (BansouServerStmt *base,
                 int               col)
{
  const char *text = pg_column_text (base, col);

  if (text == NULL)
    return 0;
  if (text[0] == 't' && text[1] == '\0')
    return 1;
  if (text[0] == 'f' && text[1] == '\0')
    return 0;
  return g_ascii_strtoll (text, NULL, 10);
}

static gsize
pg_column_bytes (BansouServerStmt *base,
                 int               col)
{
  PgStmt *stmt = STMT (base);

  if (pg_column_is_null (base, col))
    return 0;
  return PQgetlength (stmt->result, stmt->row, col);
}

static gint64
pg_changes (BansouServerStore *store)
{
  return STORE (store)->changes;
}

static gboolean
pg_exec (BansouServerStore  *store,
         const char         *sql,
         GError            **error)
{
  PgStore *self = STORE (store);

  return ensure_connected (self, error) && run_ok (self, sql, "running SQL", error);
}

static void
pg_set_error (BansouServerStore  *store,
              GError            **error,
              const char         *what)
{
  set_error_from_last (STORE (store), error, what);
}

/* Reads the head revision of what has committed. */
static gboolean
read_head (PgStore  *self,
           gint64   *head,
           GError  **error)
{
  PGresult *result = run (self, "SELECT COALESCE(MAX(rev), 0) FROM changes");
  gboolean ok = PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1;

  if (ok)
    *head = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  else
    {
      remember_error (self, result);
      set_error_from_last (self, error, "reading the head revision");
    }
  PQclear (result);
  return ok;
}

static gboolean
pg_write (BansouServerStore      *store,
          gint64                 *head,
          BansouServerStoreFunc   func,
          gpointer                user_data,
          GError                **error)
{
  PgStore *self = STORE (store);
  g_autofree char *lock = g_strdup_printf ("SELECT pg_advisory_xact_lock(%" G_GINT64_FORMAT ")", WRITE_LOCK);
  GError *local = NULL;

  g_return_val_if_fail (!self->in_tx, FALSE);

  if (!ensure_connected (self, error) || !run_ok (self, "BEGIN", "beginning a transaction", error))
    return FALSE;
  self->in_tx = TRUE;

  if (run_ok (self, lock, "taking the write lock", &local) &&
      read_head (self, head, &local) &&
      func (user_data, &local) &&
      run_ok (self, "COMMIT", "committing", &local))
    {
      self->in_tx = FALSE;
      return TRUE;
    }

  /* A failed COMMIT has already ended the transaction; a lost connection
   * has too. ROLLBACK says so harmlessly. */
  if (PQstatus (self->conn) == CONNECTION_OK)
    PQclear (run (self, "ROLLBACK"));
  self->in_tx = FALSE;
  g_propagate_error (error, local);
  return FALSE;
}

/* A page of the feed is several statements; in READ COMMITTED each would
 * see the commits made meanwhile by other servers. One REPEATABLE READ,
 * READ ONLY transaction gives them one snapshot, as sqlite's one writer
 * does. */
static gboolean
pg_read (BansouServerStore      *store,
         BansouServerStoreFunc   func,
         gpointer                user_data,
         GError                **error)
{
  PgStore *self = STORE (store);
  GError *local = NULL;

  g_return_val_if_fail (!self->in_tx && !self->in_read, FALSE);

  if (!ensure_connected (self, error) ||
      !run_ok (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "beginning a read", error))
    return FALSE;
  self->in_read = TRUE;
  if (func (user_data, &local) && run_ok (self, "COMMIT", "ending a read", &local))
    {
      self->in_read = FALSE;
      return TRUE;
    }
  if (PQstatus (self->conn) == CONNECTION_OK)
    PQclear (run (self, "ROLLBACK"));
  self->in_read = FALSE;
  g_propagate_error (error, local);
  return FALSE;
}

static gboolean
pg_in_transaction (BansouServerStore *store)
{
  return STORE (store)->in_tx;
}

/* Other servers write too: the head this process knows may be behind. */
static gint64
pg_get_head (BansouServerStore  *store,
             GError            **error)
{
  PgStore *self = STORE (store);
  gint64 head = -1;

  if (!ensure_connected (self, error) || !read_head (self, &head, error))
    return -1;
  return head;
}

static const char *
pg_describe (BansouServerStore *store)
{
  return STORE (store)->describe;
}

static void
pg_close (BansouServerStore *store)
{
  PgStore *self = STORE (store);

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->conn, PQfinish);
  g_free (self->describe);
  g_free (self->last_error);
  g_free (self);
}

static const BansouServerStoreClass pg_class = {
  .kind = BANSOU_SERVER_STORE_POSTGRESQL,
  .close = pg_close,
  .prepare = pg_prepare,
  .reset = pg_reset,
  .bind_text = pg_bind_text,
  .bind_int64 = pg_bind_int64,
  .bind_null = pg_bind_null,
  .parameter_count = pg_parameter_count,
  .step = pg_step,
  .column_count = pg_column_count,
  .column_name = pg_column_name,
  .column_text = pg_column_text,
  .column_int64 = pg_column_int64,
  .column_is_null = pg_column_is_null,
  .column_bytes = pg_column_bytes,
  .changes = pg_changes,
  .exec = pg_exec,
  .set_error = pg_set_error,
  .write = pg_write,
  .in_transaction = pg_in_transaction,
  .read = pg_read,
  .get_head = pg_get_head,
  .describe = pg_describe,
};

/* ------------------------------------------------------------------------ */
/* Opening and migrating                                                    */

/* The schema's version: 0 when bansou_schema does not exist. */
static gboolean
read_version (PgStore  *self,
              int      *version,
              GError  **error)
{
  PGresult *result = run (self, "SELECT to_regclass('bansou_schema') IS NOT NULL");
  gboolean ok = PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1;

  if (ok && strcmp (PQgetvalue (result, 0, 0), "t") == 0)
    {
      PQclear (result);
      result = run (self, "SELECT COALESCE(MAX(version), 0) FROM bansou_schema");
      ok = PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1;
      if (ok)
        *version = (int) g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
    }
  else if (ok)
    *version = 0;

  if (!ok)
    {
      remember_error (self, result);
      set_error_from_last (self, error, "reading the schema's version");
    }
  PQclear (result);
  return ok;
}

/* Every migration after @from, in one transaction under the migration
 * lock: two servers started at once migrate once. */
static gboolean
migrate (PgStore  *self,
         gboolean  create,
         GError  **error)
{
  const BansouDbSchema *schema = &_bansou_server_schema;
  g_autofree char *lock = g_strdup_printf ("SELECT pg_advisory_xact_lock(%" G_GINT64_FORMAT ")", MIGRATE_LOCK);
  GError *local = NULL;
  int version = 0;

  if (!run_ok (self, "BEGIN", "beginning the migration", error))
    return FALSE;

  if (!run_ok (self, lock, "taking the migration lock", &local) || !read_version (self, &version, &local))
    goto failed;

  if (version > (int) schema->n_migrations)
    {
      g_set_error (&local, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_NEWER_SCHEMA,
                   _("“%s” was written by a newer bansou-server (schema %d, this one knows %u); it is left unchanged"),
                   self->describe, version, schema->n_migrations);
      goto failed;
    }
  if (version == 0 && !create)
    {
      g_set_error (&local, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_NOT_INITIALIZED,
                   "%s has no bansou-server schema", self->describe);
      goto failed;
    }
  if (version == 0 && !run_ok (self, "CREATE TABLE bansou_schema (version BIGINT NOT NULL)",
                               "creating the schema's table", &local))
    goto failed;

  for (guint i = version; i < schema->n_migrations; i++)
    {
      g_autofree char *sql = pg_ddl (schema->migrations[i]);
      g_autofree char *what = g_strdup_printf ("migration %u", i + 1);

      if (!run_ok (self, sql, what, &local))
        goto failed;
    }
  if (version < (int) schema->n_migrations)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM bansou_schema; INSERT INTO bansou_schema VALUES (%u)",
                                              schema->n_migrations);
      if (!run_ok (self, sql, "recording the schema's version", &local))
        goto failed;
    }

  return run_ok (self, "COMMIT", "committing the migration", error);

failed:
  PQclear (run (self, "ROLLBACK"));
  g_propagate_error (error, local);
  return FALSE;
}

static char *
read_password_file (const char  *path,
                    GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;

  if (!g_file_get_contents (path, &text, NULL, &local))
    {
      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_FAILED,
                   _("The database password file cannot be read: %s"), local->message);
      return NULL;
    }
  return g_strdup (g_strchomp (text));
}

/* The connection string without its password, for messages. */
static char *
describe_conninfo (PGconn *conn)
{
  const char *host = PQhost (conn);

  return g_strdup_printf ("postgresql://%s@%s%s%s/%s", PQuser (conn),
                          host && host[0] == '/' ? "" : (host ? host : ""),
                          host && host[0] == '/' ? "" : ":", host && host[0] == '/' ? "" : PQport (conn),
                          PQdb (conn));
}

/**
 * bansou_server_store_open_pg:
 * @conninfo: "postgresql://…" or "host=… dbname=…", without a password
 * @password_file: (nullable): a file holding the password; otherwise
 *   libpq's own ways (PGPASSWORD, ~/.pgpass, PGPASSFILE)
 * @create: run the migrations (`bansou-server init`)
 *
 * Returns: (transfer full): the store, or %NULL
 */
BansouServerStore *
bansou_server_store_open_pg (const char  *conninfo,
                             const char  *password_file,
                             gboolean     create,
                             GError     **error)
{
  g_autofree char *password = NULL;
  const char *keys[5] = { "dbname", "fallback_application_name", "client_encoding", NULL, NULL };
  const char *values[5] = { conninfo, "bansou-server", "UTF8", NULL, NULL };
  PgStore *self;

  g_return_val_if_fail (conninfo != NULL, NULL);

  if (password_file != NULL)
    {
      password = read_password_file (password_file, error);
      if (password == NULL)
        return NULL;
      keys[3] = "password";
      values[3] = password;
    }

  self = g_new0 (PgStore, 1);
  self->parent.klass = &pg_class;
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stmt_free);
  self->generation = 1;
  /* expand_dbname: the first dbname is the whole connection string */
  self->conn = PQconnectdbParams (keys, values, 1);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_UNAVAILABLE,
                   _("Cannot connect to PostgreSQL: %s"), g_strchomp (PQerrorMessage (self->conn)));
      pg_close (&self->parent);
      return NULL;
    }
  self->describe = describe_conninfo (self->conn);

  if (!run_ok (self, "SET TIME ZONE 'UTC'; SET client_min_messages = warning", "setting the session", error) ||
      !migrate (self, create, error))
    {
      pg_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}
