/* bansou-server-store-migrate.c — `bansou-server migrate`: a sqlite database into PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Moves an existing national database to the production store, table by
 * table, in one transaction on the target: either everything arrives or
 * nothing does. The target must be new (its schema made here, its tables
 * empty); the source is only read (a database of an older bansou-server
 * is first brought to this version's schema, as `serve` would). Afterwards every table is verified on
 * both sides by its row count and a checksum that does not depend on row
 * order (the two stores may collate text differently): the sum, modulo
 * 2^64, of the first 8 bytes of each row's SHA-256 over its values.
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-server-store-private.h"

/* The tables of the source, in the order their foreign keys allow. */
static GPtrArray *
list_tables (BansouServerStore  *source,
             GError            **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BansouServerStmt) stmt = NULL;
  BansouServerStep step;

  /* sqlite_master lists tables in the order they were created, which is
   * the order their references allow */
  stmt = source->klass->prepare (source, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite%' ORDER BY rowid", error);
  if (stmt == NULL)
    return NULL;
  while ((step = bansou_server_stmt_step (stmt, error)) == BANSOU_SERVER_STEP_ROW)
    g_ptr_array_add (tables, g_strdup (bansou_server_stmt_column_text (stmt, 0)));
  if (step == BANSOU_SERVER_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&tables);
}

/* The columns of @table, as the source names them. */
static GPtrArray *
list_columns (BansouServerStore  *source,
              const char         *table,
              GError            **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT name FROM pragma_table_info('%s') ORDER BY cid", table);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BansouServerStmt) stmt = source->klass->prepare (source, sql, error);
  BansouServerStep step;

  if (stmt == NULL)
    return NULL;
  while ((step = bansou_server_stmt_step (stmt, error)) == BANSOU_SERVER_STEP_ROW)
    g_ptr_array_add (columns, g_strdup (bansou_server_stmt_column_text (stmt, 0)));
  if (step == BANSOU_SERVER_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&columns);
}

static char *
joined (GPtrArray  *columns,
        const char *separator)
{
  g_ptr_array_add (columns, NULL);
  {
    char *text = g_strjoinv (separator, (char **) columns->pdata);

    g_ptr_array_remove_index (columns, columns->len - 1);
    return text;
  }
}

/* Counts @table's rows in @store and sums their hashes. */
static gboolean
summarize (BansouServerStore  *store,
           const char         *table,
           GPtrArray          *columns,
           gint64             *rows,
           guint64            *sum,
           GError            **error)
{
  g_autofree char *list = joined (columns, ", ");
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s", list, table);
  g_autoptr(BansouServerStmt) stmt = store->klass->prepare (store, sql, error);
  BansouServerStep step;

  *rows = 0;
  *sum = 0;
  if (stmt == NULL)
    return FALSE;
  while ((step = bansou_server_stmt_step (stmt, error)) == BANSOU_SERVER_STEP_ROW)
    {
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      guint8 digest[32];
      gsize len = sizeof digest;
      guint64 part = 0;

      for (guint c = 0; c < columns->len; c++)
        {
          const char *value = bansou_server_stmt_column_text (stmt, c);

          /* NULL and '' differ; a separator no value holds */
          g_checksum_update (checksum, (const guchar *) (value ? "v" : "n"), 1);
          if (value != NULL)
            g_checksum_update (checksum, (const guchar *) value, -1);
          g_checksum_update (checksum, (const guchar *) "\x1f", 1);
        }
      g_checksum_get_digest (checksum, digest, &len);
      memcpy (&part, digest, sizeof part);
      *sum += part;
      (*rows)++;
    }
  return step != BANSOU_SERVER_STEP_ERROR;
}

typedef struct
{
  BansouServerStore *source;
  BansouServerStore *target;
  GPtrArray         *tables;
  GString           *report;
} Migration;

static gboolean
copy_table (Migration   *m,
            const char  *table,
            GError     **error)
{
  g_autoptr(GPtrArray) columns = list_columns (m->source, table, error);
  g_autofree char *list = NULL;
  g_autofree char *select_sql = NULL;
  g_autoptr(GString) insert_sql = g_string_new (NULL);
  g_autoptr(BansouServerStmt) from = NULL;
  BansouServerStmt *into;
  BansouServerStep step;
  gint64 existing = 0;

  if (columns == NULL)
    return FALSE;
  list = joined (columns, ", ");

  /* The target is new: a table with rows means it is not. */
  {
    g_autofree char *count_sql = g_strdup_printf ("SELECT COUNT(*) FROM %s", table);
    g_autoptr(BansouServerStmt) count = m->target->klass->prepare (m->target, count_sql, error);

    if (count == NULL || bansou_server_stmt_step (count, error) != BANSOU_SERVER_STEP_ROW)
      return FALSE;
    existing = bansou_server_stmt_column_int64 (count, 0);
  }
  if (existing > 0)
    {
      g_autofree char *rows = g_strdup_printf ("%" G_GINT64_FORMAT, existing);

      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_FAILED,
                   _("The target already holds data (%s: %s rows); migrate into a new, empty database"),
                   table, rows);
      return FALSE;
    }

  select_sql = g_strdup_printf ("SELECT %s FROM %s", list, table);
  g_string_append_printf (insert_sql, "INSERT INTO %s (%s) VALUES (", table, list);
  for (guint c = 0; c < columns->len; c++)
    g_string_append_printf (insert_sql, "%s?%u", c ? ", " : "", c + 1);
  g_string_append_c (insert_sql, ')');

  from = m->source->klass->prepare (m->source, select_sql, error);
  into = m->target->klass->prepare (m->target, insert_sql->str, error);
  if (from == NULL || into == NULL)
    return FALSE;
  while ((step = bansou_server_stmt_step (from, error)) == BANSOU_SERVER_STEP_ROW)
    {
      for (guint c = 0; c < columns->len; c++)
        bansou_server_stmt_bind_text (into, c + 1, bansou_server_stmt_column_text (from, c));
      if (!bansou_server_stmt_step_done (into, error))
        {
          bansou_server_stmt_reset (into);
          return FALSE;
        }
      bansou_server_stmt_reset (into);
    }
  if (step == BANSOU_SERVER_STEP_ERROR)
    return FALSE;

  /* An identity column counts on from the largest id copied. */
  if (g_ptr_array_find_with_equal_func (columns, "id", g_str_equal, NULL))
    {
      g_autoptr(BansouServerStmt) seq = m->target->klass->prepare (m->target,
                                                                  "SELECT pg_get_serial_sequence(CAST(?1 AS TEXT), 'id')",
                                                                  error);
      g_autofree char *sequence = NULL;

      if (seq == NULL)
        return FALSE;
      bansou_server_stmt_bind_text (seq, 1, table);
      if (bansou_server_stmt_step (seq, error) != BANSOU_SERVER_STEP_ROW)
        return FALSE;
      sequence = g_strdup (bansou_server_stmt_column_text (seq, 0));
      if (sequence != NULL)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT setval('%s', (SELECT COALESCE(MAX(id), 0) + 1 FROM %s), false)",
                                                  sequence, table);
          if (!m->target->klass->exec (m->target, sql, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
copy_all_cb (gpointer   user_data,
             GError   **error)
{
  Migration *m = user_data;

  for (guint i = 0; i < m->tables->len; i++)
    if (!copy_table (m, g_ptr_array_index (m->tables, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
verify (Migration  *m,
        GError    **error)
{
  gboolean all_equal = TRUE;

  for (guint i = 0; i < m->tables->len; i++)
    {
      const char *table = g_ptr_array_index (m->tables, i);
      g_autoptr(GPtrArray) columns = list_columns (m->source, table, error);
      gint64 rows_from = 0, rows_to = 0;
      guint64 sum_from = 0, sum_to = 0;
      gboolean equal;

      if (columns == NULL ||
          !summarize (m->source, table, columns, &rows_from, &sum_from, error) ||
          !summarize (m->target, table, columns, &rows_to, &sum_to, error))
        return FALSE;
      equal = rows_from == rows_to && sum_from == sum_to;
      all_equal &= equal;
      g_string_append_printf (m->report, "%-28s %10" G_GINT64_FORMAT " %10" G_GINT64_FORMAT "  %016" G_GINT64_MODIFIER "x  %s\n",
                              table, rows_from, rows_to, sum_to, equal ? "ok" : _("DIFFERENT"));
    }
  if (!all_equal)
    {
      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_FAILED,
                   _("The copy differs from the source (see the table above)"));
      return FALSE;
    }
  return TRUE;
}

/**
 * bansou_server_store_migrate:
 * @source_path: the sqlite database, read only
 * @target: a PostgreSQL connection string: a new, empty database
 * @report: (out): per table, rows in source and target, the checksum, ok
 *
 * Returns: %TRUE when everything was copied and verified
 */
gboolean
bansou_server_store_migrate (const char  *source_path,
                             const char  *target,
                             const char  *target_password_file,
                             char       **report,
                             GError     **error)
{
  g_autoptr(BansouServerStore) source = NULL;
  g_autoptr(BansouServerStore) to = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  Migration m = { 0 };
  gint64 head = 0;

  if (!bansou_server_store_is_postgresql (target))
    {
      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_FAILED,
                   _("--to must be a PostgreSQL connection string (postgresql://… or host=… dbname=…)"));
      return FALSE;
    }
  if (!g_file_test (source_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, BANSOU_SERVER_ERROR, BANSOU_SERVER_ERROR_NOT_INITIALIZED,
                   _("The database “%s” does not exist"), source_path);
      return FALSE;
    }
  source = bansou_server_store_open_sqlite (source_path, FALSE, error);
  if (source == NULL)
    return FALSE;
  to = bansou_server_store_open_pg (target, target_password_file, TRUE, error);
  if (to == NULL)
    return FALSE;
  tables = list_tables (source, error);
  if (tables == NULL)
    return FALSE;

  m.source = source;
  m.target = to;
  m.tables = tables;
  m.report = text;
  /* one transaction, under the write lock: no server writes meanwhile */
  if (!to->klass->write (to, &head, copy_all_cb, &m, error))
    return FALSE;

  g_string_append_printf (text, "%-28s %10s %10s  %-16s\n", _("table"), _("sqlite"), "PostgreSQL", _("checksum"));
  if (!verify (&m, error))
    {
      *report = g_string_free (g_steal_pointer (&text), FALSE);
      return FALSE;
    }
  *report = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}
