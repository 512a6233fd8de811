/* bansou-csv.c — answers to and from CSV (as Japanese Excel writes it) and JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Municipalities answer in Excel. What comes back may be UTF-8 with or
 * without a byte-order mark, or Shift_JIS (CP932, what “CSV (コンマ区切り)”
 * writes), with CRLF line ends, quoted cells holding line breaks, dates as
 * 2025/4/1 or 令和7年4月1日 and codes that lost their leading zero. All of
 * that is accepted; anything wrong in any row rejects the whole file with
 * one message per problem, and nothing is written.
 *
 * The export is UTF-8 with a byte-order mark and CRLF line ends: without
 * the mark Japanese Excel reads UTF-8 as Shift_JIS and shows mojibake.
 *
 * Decoding, the CSV reader and writer and the loose dates are in
 * bansou-csv-read.c.
 */
#define G_LOG_DOMAIN "bansou-csv"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "bansou-code.h"
#include "bansou-csv.h"
#include "bansou-xlsx-read.h"
#include "bansou-registry.h"
#include "bansou-store-sql.h"
#include "bansou-survey-private.h"
#include "bansou-wareki.h"

G_DEFINE_QUARK (bansou-csv-error-quark, bansou_csv_error)

#define MAX_LISTED_ERRORS 1000

/* Column headers: fixed Japanese, whatever the UI language, so that a
 * file exported anywhere can be imported anywhere. */
enum {
  COL_CODE,
  COL_NAME,
  COL_QUESTION,
  COL_QUESTION_TEXT,
  COL_STATUS,
  COL_DONE_ON,
  COL_NOTE,
  COL_EVIDENCE,
  N_COLS
};

static const struct {
  const char *ja;
  const char *ascii;
} columns[N_COLS] = {
  [COL_CODE]          = { "団体コード", "code" },
  [COL_NAME]          = { "団体名",     "name" },
  [COL_QUESTION]      = { "設問ID",     "question" },
  [COL_QUESTION_TEXT] = { "設問",       "question_text" },
  [COL_STATUS]        = { "回答",       "status" },
  [COL_DONE_ON]       = { "実施日",     "done_on" },
  [COL_NOTE]          = { "備考",       "note" },
  [COL_EVIDENCE]      = { "根拠資料",   "evidence" },
};

/* Status labels as written in files: Japanese, whatever the UI language. */
static const char * const status_ja[BANSOU_N_STATUSES] = {
  [BANSOU_STATUS_UNANSWERED] = "",
  [BANSOU_STATUS_DONE]       = "実施済み",
  [BANSOU_STATUS_PARTIAL]    = "一部実施",
  [BANSOU_STATUS_NOT_DONE]   = "未実施",
  [BANSOU_STATUS_NA]         = "対象外",
};

static const struct {
  const char   *text;
  BansouStatus  status;
} status_aliases[] = {
  { "実施済", BANSOU_STATUS_DONE },
  { "実施", BANSOU_STATUS_DONE },
  { "済", BANSOU_STATUS_DONE },
  { "一部実施済み", BANSOU_STATUS_PARTIAL },
  { "一部実施済", BANSOU_STATUS_PARTIAL },
  { "一部", BANSOU_STATUS_PARTIAL },
  { "未", BANSOU_STATUS_NOT_DONE },
  { "該当なし", BANSOU_STATUS_NA },
  { "非該当", BANSOU_STATUS_NA },
  { "未回答", BANSOU_STATUS_UNANSWERED },
  /* the English source labels of bansou-status.c */
  { "Implemented", BANSOU_STATUS_DONE },
  { "Partly implemented", BANSOU_STATUS_PARTIAL },
  { "Not implemented", BANSOU_STATUS_NOT_DONE },
  { "Not applicable", BANSOU_STATUS_NA },
  { "Unanswered", BANSOU_STATUS_UNANSWERED },
};

/* ------------------------------------------------------------------------ */
/* Status labels                                                            */

/**
 * bansou_status_parse_label:
 * @text: a cell: 実施済み, 一部実施, 未実施, 対象外, empty for unanswered, an
 *   ascii id (done, partial, not_done, na) or a label in the UI language
 *
 * Returns: the status, or %BANSOU_N_STATUSES if @text names none
 */
BansouStatus
bansou_status_parse_label (const char *text)
{
  g_autofree char *t = _bansou_csv_normalize (text);
  g_autofree char *lower = g_ascii_strdown (t, -1);
  BansouStatus status;

  if (*t == '\0')
    return BANSOU_STATUS_UNANSWERED;

  for (guint i = 1; i < BANSOU_N_STATUSES; i++)
    if (g_str_equal (t, status_ja[i]) || g_str_equal (t, bansou_status_get_label (i)))
      return i;

  status = bansou_status_from_string (lower);
  if (status != BANSOU_N_STATUSES)
    return status;

  for (guint i = 0; i < G_N_ELEMENTS (status_aliases); i++)
    if (g_ascii_strcasecmp (t, status_aliases[i].text) == 0)
      return status_aliases[i].status;

  return BANSOU_N_STATUSES;
}


typedef struct
{
  BansouStatus  status;
  char         *done_on;
  char         *note;
  char         *evidence;
  gboolean      carried;
  char         *updated_by;
  char         *updated_at;
} Stored;

static void
stored_free (Stored *s)
{
  g_free (s->done_on);
  g_free (s->note);
  g_free (s->evidence);
  g_free (s->updated_by);
  g_free (s->updated_at);
  g_free (s);
}

static char *
stored_key (const char *body,
            const char *question)
{
  return g_strconcat (body, "\t", question, NULL);
}

/* Every stored answer of @round: "body\tquestion" → Stored. */
static GHashTable *
load_stored (BansouSurvey  *survey,
             const char    *round,
             GError       **error)
{
  BansouStore *store = bansou_survey_get_store (survey);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) stored_free);
  int rc;

  stmt = _bansou_store_prepare (store,
                                "SELECT body, question, status, done_on, note, evidence, carried, "
                                "updated_by, updated_at FROM answers WHERE round = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, round, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Stored *s = g_new0 (Stored, 1);
      BansouStatus status = bansou_status_from_string (_bansou_column_text (stmt, 2));

      s->status = status == BANSOU_N_STATUSES ? BANSOU_STATUS_UNANSWERED : status;
      s->done_on = g_strdup (_bansou_column_text (stmt, 3));
      s->note = g_strdup (_bansou_column_text (stmt, 4));
      s->evidence = g_strdup (_bansou_column_text (stmt, 5));
      s->carried = sqlite3_column_int (stmt, 6) != 0;
      s->updated_by = g_strdup (_bansou_column_text (stmt, 7));
      s->updated_at = g_strdup (_bansou_column_text (stmt, 8));
      g_hash_table_insert (stored, stored_key (_bansou_column_text (stmt, 0), _bansou_column_text (stmt, 1)), s);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (store, error, _("reading answers"));
      return NULL;
    }

  return g_steal_pointer (&stored);
}

static gboolean
require_round (BansouSurvey  *survey,
               const char    *round,
               GError       **error)
{
  if (round == NULL || bansou_survey_lookup_round (survey, round) == NULL)
    {
      g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_NOT_FOUND,
                   _("There is no survey round “%s”"), round ? round : "");
      return FALSE;
    }
  return TRUE;
}

/**
 * bansou_csv_export_answers:
 * @scope: (nullable): "34", "00", or %NULL for the desk's scope
 *
 * One row per body and question — unanswered ones too, so the file can be
 * filled in and imported back — with the columns 団体コード, 団体名, 設問ID,
 * 設問, 回答, 実施日, 備考, 根拠資料. UTF-8 with a byte-order mark, CRLF.
 *
 * Returns: (transfer full): the file's bytes
 */
GBytes *
bansou_csv_export_answers (BansouSurvey  *survey,
                           const char    *round,
                           const char    *scope,
                           GError       **error)
{
  BansouCatalog *catalog;
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(GHashTable) stored = NULL;
  GString *out;
  const char *header[N_COLS + 1];
  guint n_bodies, n_questions;

  g_return_val_if_fail (BANSOU_IS_SURVEY (survey), NULL);

  if (!require_round (survey, round, error) ||
      !(bodies = bansou_survey_list_bodies (survey, scope, error)) ||
      !(stored = load_stored (survey, round, error)))
    return NULL;

  catalog = bansou_survey_get_catalog (survey);
  n_bodies = g_list_model_get_n_items (bodies);
  n_questions = bansou_catalog_get_n_questions (catalog);

  out = g_string_sized_new ((gsize) n_bodies * n_questions * 200 + 64);
  g_string_append (out, "\xEF\xBB\xBF");
  for (guint i = 0; i < N_COLS; i++)
    header[i] = columns[i].ja;
  header[N_COLS] = NULL;
  bansou_csv_append_row (out, header);

  for (guint b = 0; b < n_bodies; b++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, b);
      const char *code = bansou_body_get_code (body);

      for (guint qi = 0; qi < n_questions; qi++)
        {
          BansouQuestion *q = bansou_catalog_get_question (catalog, qi);
          g_autofree char *key = stored_key (code, q->id);
          Stored *s = g_hash_table_lookup (stored, key);
          const char *row[N_COLS + 1] = {
            [COL_CODE] = code,
            [COL_NAME] = bansou_body_get_name (body),
            [COL_QUESTION] = q->id,
            [COL_QUESTION_TEXT] = q->ja,
            [COL_STATUS] = status_ja[s ? s->status : BANSOU_STATUS_UNANSWERED],
            [COL_DONE_ON] = s && s->done_on ? s->done_on : "",
            [COL_NOTE] = s && s->note ? s->note : "",
            [COL_EVIDENCE] = s && s->evidence ? s->evidence : "",
            [N_COLS] = NULL,
          };

          bansou_csv_append_row (out, row);
        }
    }

  return g_string_free_to_bytes (out);
}

/**
 * bansou_json_export_answers:
 * @scope: (nullable): "34", "00", or %NULL for the desk's scope
 *
 * The stored answers of @round for the bodies of @scope, with the round's
 * metadata, as one JSON object.
 *
 * Returns: (transfer full): UTF-8 JSON
 */
GBytes *
bansou_json_export_answers (BansouSurvey  *survey,
                            const char    *round,
                            const char    *scope,
                            GError       **error)
{
  BansouCatalog *catalog;
  BansouRound *r;
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *own_scope = NULL;
  char *text;
  gsize length;

  g_return_val_if_fail (BANSOU_IS_SURVEY (survey), NULL);

  if (!require_round (survey, round, error) ||
      !(bodies = bansou_survey_list_bodies (survey, scope, error)) ||
      !(stored = load_stored (survey, round, error)))
    return NULL;

  if (scope == NULL)
    scope = own_scope = bansou_survey_dup_scope (survey);
  catalog = bansou_survey_get_catalog (survey);
  r = bansou_survey_lookup_round (survey, round);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "round");
  json_builder_add_string_value (b, round);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, bansou_round_get_label (r));
  json_builder_set_member_name (b, "fiscal_year");
  json_builder_add_int_value (b, bansou_round_get_fiscal_year (r));
  json_builder_set_member_name (b, "catalog_version");
  json_builder_add_string_value (b, bansou_round_get_catalog_version (r));
  json_builder_set_member_name (b, "scope");
  json_builder_add_string_value (b, scope);
  json_builder_set_member_name (b, "answers");
  json_builder_begin_array (b);

  for (guint i = 0, n = g_list_model_get_n_items (bodies); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      const char *code = bansou_body_get_code (body);

      for (guint qi = 0; qi < bansou_catalog_get_n_questions (catalog); qi++)
        {
          BansouQuestion *q = bansou_catalog_get_question (catalog, qi);
          g_autofree char *key = stored_key (code, q->id);
          Stored *s = g_hash_table_lookup (stored, key);

          if (s == NULL)
            continue;

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "body");
          json_builder_add_string_value (b, code);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, bansou_body_get_name (body));
          json_builder_set_member_name (b, "question");
          json_builder_add_string_value (b, q->id);
          json_builder_set_member_name (b, "status");
          if (s->status == BANSOU_STATUS_UNANSWERED)
            json_builder_add_null_value (b);
          else
            json_builder_add_string_value (b, bansou_status_to_string (s->status));
          json_builder_set_member_name (b, "done_on");
          if (s->done_on)
            json_builder_add_string_value (b, s->done_on);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "note");
          json_builder_add_string_value (b, s->note ? s->note : "");
          json_builder_set_member_name (b, "evidence");
          json_builder_add_string_value (b, s->evidence ? s->evidence : "");
          json_builder_set_member_name (b, "carried");
          json_builder_add_boolean_value (b, s->carried);
          json_builder_set_member_name (b, "updated_by");
          json_builder_add_string_value (b, s->updated_by ? s->updated_by : "");
          json_builder_set_member_name (b, "updated_at");
          json_builder_add_string_value (b, s->updated_at ? s->updated_at : "");
          json_builder_end_object (b);
        }
    }

  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, &length);

  return g_bytes_new_take (text, length);
}

/* ------------------------------------------------------------------------ */
/* Import                                                                   */

typedef struct
{
  guint                 row;
  char                 *body;
  const BansouQuestion *question;
  BansouStatus          status;
  char                 *done_on;   /* ISO, NULL for none */
  char                 *note;      /* NULL: the column is absent, keep */
  char                 *evidence;  /* NULL: keep */
} Entry;

static void
entry_free (Entry *e)
{
  g_free (e->body);
  g_free (e->done_on);
  g_free (e->note);
  g_free (e->evidence);
  g_free (e);
}

typedef struct
{
  GPtrArray *messages;
  guint      count;
} Errors;

static void
add_error (Errors     *errors,
           const char *message)
{
  errors->count++;
  if (errors->messages->len < MAX_LISTED_ERRORS)
    g_ptr_array_add (errors->messages, g_strdup (message));
}

G_GNUC_PRINTF (5, 6)
static void
cell_error (Errors     *errors,
            guint       row,
            guint       col,
            const char *header,
            const char *format,
            ...)
{
  g_autofree char *what = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: row and column of a spreadsheet, the column's header, then what is wrong */
  message = g_strdup_printf (_("Row %u, column %u (%s): %s"), row, col, header, what);
  add_error (errors, message);
}

/* A code as typed or as Excel left it: 6 digits, 5 digits whose leading 0
 * Excel dropped (11002 for 011002), or 5 digits without the check digit. */
static char *
resolve_body (GHashTable *bodies,
              const char *text)
{
  g_autofree char *code = _bansou_csv_normalize (text);

  if (g_hash_table_contains (bodies, code))
    return g_steal_pointer (&code);

  if (strlen (code) == 5 && strspn (code, "0123456789") == 5)
    {
      g_autofree char *padded = g_strconcat ("0", code, NULL);
      g_autofree char *with_check = NULL;
      int check;

      if (g_hash_table_contains (bodies, padded))
        return g_steal_pointer (&padded);
      check = bansou_code_check_digit (code);
      if (check >= 0)
        {
          with_check = g_strdup_printf ("%s%d", code, check);
          if (g_hash_table_contains (bodies, with_check))
            return g_steal_pointer (&with_check);
        }
    }

  return NULL;
}

/* Code → name of every body the desk serves: the set resolve_body()
 * looks codes up in, and what a row's 団体名 is checked against. */
static GHashTable *
body_names (BansouSurvey  *survey,
            GError       **error)
{
  g_autoptr(GListModel) list = bansou_survey_list_bodies (survey, NULL, error);
  GHashTable *names;

  if (list == NULL)
    return NULL;

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0, n = g_list_model_get_n_items (list); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (list, i);

      g_hash_table_insert (names, g_strdup (bansou_body_get_code (body)),
                           _bansou_csv_normalize (bansou_body_get_name (body)));
    }
  return names;
}

/* Whether a 団体名 cell names @name: the same after NFKC and without
 * blanks, or with its prefecture in front (広島県呉市). */
static gboolean
name_agrees (const char *cell,
             const char *name)
{
  g_autoptr(GString) a = g_string_new (NULL);
  gsize la, ln;

  for (const char *p = cell; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (a, c);
    }

  if (g_str_equal (a->str, name))
    return TRUE;

  la = a->len;
  ln = strlen (name);
  if (la > ln && g_str_has_suffix (a->str, name))
    {
      g_autofree char *prefix = g_strndup (a->str, la - ln);

      return g_str_has_suffix (prefix, "都") || g_str_has_suffix (prefix, "道") ||
             g_str_has_suffix (prefix, "府") || g_str_has_suffix (prefix, "県");
    }
  return FALSE;
}

static int
find_column (GStrv        header,
             guint        which)
{
  for (guint i = 0; header[i] != NULL; i++)
    {
      g_autofree char *h = _bansou_csv_normalize (header[i]);

      if (g_str_equal (h, columns[which].ja) || g_ascii_strcasecmp (h, columns[which].ascii) == 0)
        return i;
    }
  return -1;
}

static gboolean
record_is_empty (GStrv record)
{
  for (guint i = 0; record[i] != NULL; i++)
    {
      g_autofree char *c = _bansou_csv_normalize (record[i]);
      if (*c != '\0')
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  BansouSurvey *survey;
  BansouRound  *round;
  GPtrArray    *entries;
  GPtrArray    *changed;   /* Entry, not owned */
  guint         n_started;
} Apply;

static gboolean
apply_cb (BansouStore  *store,
          gpointer      user_data,
          GError      **error)
{
  Apply *op = user_data;
  g_autoptr(BansouAnswerWriter) w = _bansou_answer_writer_new (op->survey, op->round, error);
  g_autoptr(GHashTable) bodies = g_hash_table_new (g_str_hash, g_str_equal);

  if (w == NULL)
    return FALSE;

  for (guint i = 0; i < op->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (op->entries, i);
      gboolean changed;

      if (!_bansou_answer_writer_write (w, e->body, e->question, e->status, e->done_on, e->note,
                                        e->evidence, FALSE, &changed, error))
        return FALSE;
      if (changed)
        {
          g_ptr_array_add (op->changed, e);
          g_hash_table_add (bodies, e->body);
        }
    }

  {
    GHashTableIter iter;
    gpointer body;

    g_hash_table_iter_init (&iter, bodies);
    while (g_hash_table_iter_next (&iter, &body, NULL))
      {
        gboolean started;

        if (!_bansou_answer_writer_start_body (w, body, &started, error))
          return FALSE;
        op->n_started += started;
      }
  }

  return TRUE;
}

/**
 * bansou_csv_import_answers:
 * @round: the round the file's answers are for
 * @data: the file's bytes, in any encoding bansou_csv_decode() accepts, or
 *   an .xlsx workbook (its first sheet, bansou_xlsx_to_csv())
 * @n_changed: (out) (optional): answers changed
 * @errors: (out) (optional) (transfer full) (element-type utf8): on
 *   rejection, one message per problem ("Row 5, column 5 (回答): …"), at
 *   most 1,000
 *
 * Validates every row first — a body of the desk's scope, a question of the
 * catalog, a known answer, a valid date no later than today or the round's
 * reference date, the rules of dated questions, no row twice — and rejects
 * the whole file if any row is wrong, writing nothing. Otherwise writes the
 * rows that differ from what is stored in one transaction, with audit
 * lines. An empty 回答 cell means unanswered; a dated question given a date
 * takes its status from it. Missing 実施日, 備考 or 根拠資料 columns keep the
 * stored values. Rows identical to a carried answer leave it carried: an
 * import is not a confirmation. Emits #BansouSurvey::answers-reloaded.
 *
 * Returns: %TRUE if the file was imported; otherwise %FALSE with
 *   %BANSOU_CSV_ERROR_REJECTED, %BANSOU_CSV_ERROR_SYNTAX or
 *   %BANSOU_CSV_ERROR_ENCODING
 */
gboolean
bansou_csv_import_answers (BansouSurvey  *survey,
                           const char    *round,
                           const char    *data,
                           gsize          length,
                           guint         *n_changed,
                           GPtrArray    **errors_out,
                           GError       **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) bodies = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDate) today = bansou_date_today ();
  g_autoptr(GDate) reference = NULL;
  BansouCatalog *catalog;
  BansouRound *r;
  Errors errors = { messages, 0 };
  GStrv header;
  int col[N_COLS];
  Apply op = { 0 };

  g_return_val_if_fail (BANSOU_IS_SURVEY (survey), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (n_changed)
    *n_changed = 0;
  if (errors_out)
    *errors_out = NULL;

  if (!require_round (survey, round, error))
    return FALSE;
  r = bansou_survey_lookup_round (survey, round);
  reference = bansou_round_get_date (r);
  catalog = bansou_survey_get_catalog (survey);

  /* An .xlsx workbook is read as the CSV of its first sheet, row for row. */
  if (bansou_xlsx_is_workbook (data, length))
    text = bansou_xlsx_to_csv (data, length, error);
  else
    text = bansou_csv_decode (data, length, error);
  if (text == NULL || !(records = bansou_csv_parse (text, error)))
    return FALSE;

  if (records->len == 0)
    {
      g_set_error_literal (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_SYNTAX,
                           _("The file is empty: it needs a header row and one row per answer"));
      return FALSE;
    }

  header = g_ptr_array_index (records, 0);
  for (guint i = 0; i < N_COLS; i++)
    col[i] = find_column (header, i);
  for (guint i = 0; i < N_COLS; i++)
    if (col[i] < 0 && (i == COL_CODE || i == COL_QUESTION || i == COL_STATUS))
      {
        g_autofree char *message = g_strdup_printf (_("Row 1: the column “%s” is missing"), columns[i].ja);
        add_error (&errors, message);
      }

  if (errors.count == 0)
    {
      if (!(bodies = body_names (survey, error)) ||
          !(stored = load_stored (survey, round, error)))
        return FALSE;

      seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
    }

  for (guint i = 1; entries != NULL && i < records->len; i++)
    {
      GStrv rec;
      guint row = i + 1;
      guint n_cells;
      g_autofree char *body = NULL;
      g_autofree char *qid = NULL;
      g_autofree char *key = NULL;
      g_autoptr(GDate) date = NULL;
      g_autofree char *done_on = NULL;
      const BansouQuestion *q = NULL;
      const char *cells[N_COLS] = { NULL };
      const char *heads[N_COLS] = { NULL };
      BansouStatus status;
      BansouStatus result;
      gboolean row_ok = TRUE;
      g_autoptr(GError) local = NULL;
      Stored *current;
      Entry *e;

      rec = g_ptr_array_index (records, i);
      if (record_is_empty (rec))
        continue;

      n_cells = g_strv_length (rec);
      for (guint c = 0; c < N_COLS; c++)
        if (col[c] >= 0)
          {
            cells[c] = (guint) col[c] < n_cells ? rec[col[c]] : "";
            heads[c] = header[col[c]];
          }

      /* 団体コード */
      body = resolve_body (bodies, cells[COL_CODE]);
      if (body == NULL)
        {
          g_autofree char *shown = _bansou_csv_normalize (cells[COL_CODE]);
          cell_error (&errors, row, col[COL_CODE] + 1, heads[COL_CODE],
                      _("“%s” is not a body this desk serves"), shown);
          row_ok = FALSE;
        }

      /* 団体名: in a sheet edited by hand, a name that belongs to another
       * code is the sign of a shifted row; refuse it rather than guess. */
      if (body != NULL && col[COL_NAME] >= 0)
        {
          g_autofree char *shown = _bansou_csv_normalize (cells[COL_NAME]);
          const char *name = g_hash_table_lookup (bodies, body);

          if (*shown != '\0' && name != NULL && !name_agrees (shown, name))
            {
              cell_error (&errors, row, col[COL_NAME] + 1, heads[COL_NAME],
                          _("“%s” is not the name of %s, which is %s: the row may have shifted"),
                          shown, body, name);
              row_ok = FALSE;
            }
        }

      /* 設問ID */
      qid = _bansou_csv_normalize (cells[COL_QUESTION]);
      q = bansou_catalog_lookup_question (catalog, qid);
      if (q == NULL)
        {
          cell_error (&errors, row, col[COL_QUESTION] + 1, heads[COL_QUESTION],
                      _("“%s” is not a question of the catalog"), qid);
          row_ok = FALSE;
        }

      /* 回答 */
      status = bansou_status_parse_label (cells[COL_STATUS]);
      if (status == BANSOU_N_STATUSES)
        {
          g_autofree char *shown = _bansou_csv_normalize (cells[COL_STATUS]);
          cell_error (&errors, row, col[COL_STATUS] + 1, heads[COL_STATUS],
                      _("“%s” is not an answer (use 実施済み, 一部実施, 未実施, 対象外, or leave it empty)"),
                      shown);
          row_ok = FALSE;
        }

      /* 実施日 */
      key = body && q ? stored_key (body, q->id) : NULL;
      current = key ? g_hash_table_lookup (stored, key) : NULL;
      if (col[COL_DONE_ON] >= 0)
        {
          g_autofree char *shown = _bansou_csv_normalize (cells[COL_DONE_ON]);

          if (*shown != '\0')
            {
              if (!(date = bansou_date_parse_loose (shown)))
                {
                  cell_error (&errors, row, col[COL_DONE_ON] + 1, heads[COL_DONE_ON],
                              _("“%s” is not a date (use 2025-04-01, 2025/4/1 or 令和7年4月1日)"), shown);
                  row_ok = FALSE;
                }
              else if (g_date_compare (date, today) > 0)
                {
                  cell_error (&errors, row, col[COL_DONE_ON] + 1, heads[COL_DONE_ON],
                              _("the date %s is in the future"), shown);
                  row_ok = FALSE;
                }
              else if (g_date_compare (date, reference) > 0)
                {
                  cell_error (&errors, row, col[COL_DONE_ON] + 1, heads[COL_DONE_ON],
                              _("the date %s is after the round’s reference date %s"), shown, round);
                  row_ok = FALSE;
                }
              else
                done_on = bansou_date_to_iso (date);
            }
        }
      else if (current != NULL)
        done_on = g_strdup (current->done_on);

      /* 備考, 根拠資料 */
      if (col[COL_NOTE] >= 0 && g_utf8_strlen (cells[COL_NOTE], -1) > BANSOU_NOTE_MAX_CHARS)
        {
          cell_error (&errors, row, col[COL_NOTE] + 1, heads[COL_NOTE],
                      _("the note is longer than %u characters"), BANSOU_NOTE_MAX_CHARS);
          row_ok = FALSE;
        }
      if (col[COL_EVIDENCE] >= 0 && g_utf8_strlen (cells[COL_EVIDENCE], -1) > BANSOU_EVIDENCE_MAX_CHARS)
        {
          cell_error (&errors, row, col[COL_EVIDENCE] + 1, heads[COL_EVIDENCE],
                      _("the evidence reference is longer than %u characters"), BANSOU_EVIDENCE_MAX_CHARS);
          row_ok = FALSE;
        }

      if (!row_ok)
        continue;

      /* the rules of dated questions */
      if (!_bansou_survey_check_answer (r, q, status, done_on, NULL, NULL, &result, &local))
        {
          cell_error (&errors, row, col[COL_STATUS] + 1, heads[COL_STATUS], "%s", local->message);
          continue;
        }

      /* no row twice */
      {
        char *pair = stored_key (body, q->id);
        guint first = GPOINTER_TO_UINT (g_hash_table_lookup (seen, pair));

        if (first != 0)
          {
            g_autofree char *message = NULL;

            /* Translators: two row numbers of a spreadsheet */
            message = g_strdup_printf (_("Row %u: the same body and question as row %u"), row, first);
            add_error (&errors, message);
            g_free (pair);
            continue;
          }
        g_hash_table_insert (seen, pair, GUINT_TO_POINTER (row));
      }

      e = g_new0 (Entry, 1);
      e->row = row;
      e->body = g_steal_pointer (&body);
      e->question = q;
      e->status = result;
      e->done_on = g_steal_pointer (&done_on);
      e->note = col[COL_NOTE] >= 0 ? g_strdup (cells[COL_NOTE]) : NULL;
      e->evidence = col[COL_EVIDENCE] >= 0 ? g_strdup (cells[COL_EVIDENCE]) : NULL;
      g_ptr_array_add (entries, e);
    }

  if (errors.count > 0)
    {
      if (errors.count > messages->len)
        g_ptr_array_add (messages, g_strdup_printf (ngettext ("… and %u more error",
                                                              "… and %u more errors",
                                                              errors.count - messages->len),
                                                    errors.count - messages->len));
      g_set_error (error, BANSOU_CSV_ERROR, BANSOU_CSV_ERROR_REJECTED,
                   ngettext ("The file was rejected: it has %u error. Nothing was imported.",
                             "The file was rejected: it has %u errors. Nothing was imported.",
                             errors.count),
                   errors.count);
      if (errors_out)
        *errors_out = g_steal_pointer (&messages);
      return FALSE;
    }

  changed = g_ptr_array_new ();
  op.survey = survey;
  op.round = r;
  op.entries = entries;
  op.changed = changed;
  if (!bansou_store_transaction (bansou_survey_get_store (survey), apply_cb, &op, error))
    return FALSE;

  if (n_changed)
    *n_changed = changed->len;
  if (changed->len > 0)
    _bansou_survey_emit_reloaded (survey, round);

  return TRUE;
}
