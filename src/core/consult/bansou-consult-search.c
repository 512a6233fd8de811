/* bansou-consult-search.c — the Q&A base and the search over it and the
 * tickets
 *
 * Japanese has no spaces between words, so the index is FTS5's trigram
 * tokenizer (sqlite 3.34+): any run of three characters or more is found
 * wherever it stands. Shorter terms — 監査, 訓練, AI — have no trigram;
 * sqlite 3.40's trigram tables also answer LIKE '%監査%' with no row at
 * all, so they are matched with instr() over the indexed text, within
 * what the longer terms found when a query has some, else by a scan.
 * The user's text is always split into terms and each term quoted: FTS5
 * syntax in a query is searched for, never obeyed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-consult"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-consult-kinds.h"
#include "bansou-consult-private.h"
#include "bansou-store-sql.h"
#include "bansou-util.h"

#define MAX_TERMS   8
#define MAX_EXPANSION 300   /* trigrams a short term may stand for */
#define MAX_RANKED    1000  /* matches ranked by bm25; more come newest first */
#define SNIPPET_LEN 60   /* characters */

void
bansou_article_free (BansouArticle *a)
{
  if (a == NULL)
    return;
  g_free (a->id);
  g_free (a->title);
  g_free (a->question);
  g_free (a->answer);
  g_free (a->origin);
  g_free (a->source_ticket);
  g_free (a->updated_at);
  g_free (a);
}

void
bansou_search_hit_free (BansouSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->id);
  g_free (hit->title);
  g_free (hit->snippet);
  g_free (hit);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  char             *id;
  const char       *title;
  const char       *question;
  const char       *answer;
  BansouTicketCategory    category;
  const char       *origin;
  const char       *source_ticket;
} ArticleOp;

static gboolean
add_article_cb (BansouStore  *store,
                gpointer      user_data,
                GError      **error)
{
  ArticleOp *op = user_data;
  g_autoptr(sqlite3_stmt) ins = NULL;
  g_autofree char *now = bansou_now_iso ();

  ins = _bansou_store_prepare (store,
                               "INSERT INTO consult_articles (id, title, question, answer, category, origin,"
                               " source_ticket, created_at, updated_by, updated_at)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (ins == NULL)
    return FALSE;
  sqlite3_bind_text (ins, 1, op->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 2, op->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 3, op->question != NULL ? op->question : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 4, op->answer != NULL ? op->answer : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 5, bansou_ticket_category_to_string (op->category), -1, SQLITE_STATIC);
  sqlite3_bind_text (ins, 6, op->origin, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 7, op->source_ticket, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 8, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 9, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 10, now, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, ins, error))
    return FALSE;
  return bansou_store_audit (store, "consult_article", op->id, "created", NULL, op->source_ticket, error);
}

/**
 * bansou_consult_add_article:
 * @source_ticket: (nullable): the solved ticket it comes from; the text
 *   given here is what is kept — anonymise it first (bansou_pii_find())
 *
 * Adds an article to the Q&A base as a draft (下書き).
 *
 * Returns: (transfer full) (nullable): its id
 */
char *
bansou_consult_add_article (BansouConsult  *self,
                            const char     *title,
                            const char     *question,
                            const char     *answer,
                            BansouTicketCategory  category,
                            const char     *source_ticket,
                            GError        **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(BansouTicket) ticket = NULL;
  g_autofree char *setting = NULL;
  const char *prefecture;
  ArticleOp op = { 0 };

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);

  if (!_bansou_consult_check_text (title, _("The title"), BANSOU_TICKET_MAX_SUBJECT, TRUE, TRUE, error) ||
      !_bansou_consult_check_text (question, _("The question"), BANSOU_TICKET_MAX_TEXT, FALSE, FALSE, error) ||
      !_bansou_consult_check_text (answer, _("The answer"), BANSOU_TICKET_MAX_TEXT, TRUE, FALSE, error))
    return NULL;
  if (category >= BANSOU_N_TICKET_CATEGORIES)
    {
      _bansou_consult_invalid (error, _("That is not a category."));
      return NULL;
    }
  if (source_ticket != NULL)
    {
      if (!(ticket = bansou_consult_lookup (self, source_ticket, error)))
        return NULL;
      if (ticket->state != BANSOU_TICKET_ANSWERED && ticket->state != BANSOU_TICKET_CLOSED)
        {
          _bansou_consult_invalid (error, _("Consultation %d is not answered yet: only a solved "
                                            "consultation becomes an article."), (int) ticket->number);
          return NULL;
        }
    }

  /* The national desk's articles have the origin '00'. */
  setting = bansou_store_get_setting (self->store, "prefecture");
  prefecture = bansou_calendar_get_prefecture (self->calendar);
  if (prefecture == NULL && g_strcmp0 (setting, BANSOU_SCOPE_NATIONAL) == 0)
    prefecture = BANSOU_SCOPE_NATIONAL;
  op.id = id;
  op.title = title;
  op.question = question;
  op.answer = answer;
  op.category = category;
  op.origin = prefecture != NULL ? prefecture : "";
  op.source_ticket = ticket != NULL ? ticket->id : NULL;
  if (!bansou_store_transaction (self->store, add_article_cb, &op, error))
    return NULL;
  return g_steal_pointer (&id);
}

static BansouArticle *
article_from_row (sqlite3_stmt *stmt)
{
  BansouArticle *a = g_new0 (BansouArticle, 1);

  a->id = g_strdup (_bansou_column_text (stmt, 0));
  a->title = g_strdup (_bansou_column_text (stmt, 1));
  a->question = g_strdup (_bansou_column_text (stmt, 2));
  a->answer = g_strdup (_bansou_column_text (stmt, 3));
  a->category = bansou_ticket_category_from_string (_bansou_column_text (stmt, 4));
  a->visibility = bansou_visibility_from_string (_bansou_column_text (stmt, 5));
  a->origin = g_strdup (_bansou_column_text (stmt, 6));
  a->source_ticket = sqlite3_column_type (stmt, 7) == SQLITE_NULL ? NULL : g_strdup (_bansou_column_text (stmt, 7));
  a->updated_at = g_strdup (_bansou_column_text (stmt, 8));
  return a;
}

BansouArticle *
bansou_consult_lookup_article (BansouConsult *self,
                               const char    *article,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);

  stmt = _bansou_store_prepare (self->store,
                                "SELECT id, title, question, answer, category, visibility, origin, source_ticket,"
                                " updated_at FROM consult_articles WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, article, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND, _("There is no article “%s”."), article);
      return NULL;
    }
  return article_from_row (stmt);
}

/**
 * bansou_consult_list_articles:
 * @visibility: -1: every one; else a #BansouVisibility
 * @limit: 0: all
 *
 * The Q&A base, the latest changed first.
 *
 * Returns: (transfer full) (element-type BansouArticle)
 */
GPtrArray *
bansou_consult_list_articles (BansouConsult *self,
                              int            visibility,
                              guint          limit,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_article_free);
  int rc;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);

  stmt = _bansou_store_prepare (self->store,
                                "SELECT id, title, question, answer, category, visibility, origin, source_ticket,"
                                " updated_at FROM consult_articles WHERE ?1 IS NULL OR visibility = ?1"
                                " ORDER BY updated_at DESC, seq DESC LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  if (visibility >= 0 && visibility < BANSOU_N_VISIBILITIES)
    sqlite3_bind_text (stmt, 1, bansou_visibility_to_string (visibility), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, article_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading the Q&A base"));
      return NULL;
    }
  return g_steal_pointer (&out);
}

typedef struct
{
  const char       *id;
  const char       *old_value;
  BansouVisibility  visibility;
} VisibilityOp;

static gboolean
set_visibility_cb (BansouStore  *store,
                   gpointer      user_data,
                   GError      **error)
{
  VisibilityOp *op = user_data;
  g_autoptr(sqlite3_stmt) upd = NULL;
  g_autofree char *now = bansou_now_iso ();

  upd = _bansou_store_prepare (store, "UPDATE consult_articles SET visibility = ?, updated_by = ?, updated_at = ?"
                                      " WHERE id = ?", error);
  if (upd == NULL)
    return FALSE;
  sqlite3_bind_text (upd, 1, bansou_visibility_to_string (op->visibility), -1, SQLITE_STATIC);
  sqlite3_bind_text (upd, 2, bansou_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (upd, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (upd, 4, op->id, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, upd, error))
    return FALSE;
  return bansou_store_audit (store, "consult_article", op->id, "visibility", op->old_value,
                             bansou_visibility_to_string (op->visibility), error) &&
         _bansou_consult_outbox_article (store, op->id, error);
}

/**
 * bansou_consult_set_visibility:
 *
 * Moves an article between 下書き, 県内 and 全国共有.
 */
gboolean
bansou_consult_set_visibility (BansouConsult    *self,
                               const char       *article,
                               BansouVisibility  visibility,
                               GError          **error)
{
  g_autoptr(BansouArticle) a = NULL;
  VisibilityOp op;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), FALSE);

  if (visibility >= BANSOU_N_VISIBILITIES)
    return _bansou_consult_invalid (error, _("That is not a visibility of an article."));
  if (!(a = bansou_consult_lookup_article (self, article, error)))
    return FALSE;
  if (a->visibility == visibility)
    return TRUE;
  {
    /* Only the origin writes an article (the server refuses the others). */
    g_autofree char *mine = bansou_store_get_setting (self->store, "prefecture");

    if (mine != NULL && *mine != '\0' && *a->origin != '\0' && g_strcmp0 (mine, a->origin) != 0)
      return _bansou_consult_invalid (error, _("Only the desk that wrote this article (%s) changes it."), a->origin);
  }
  op.id = a->id;
  op.old_value = bansou_visibility_to_string (a->visibility);
  op.visibility = visibility;
  return bansou_store_transaction (self->store, set_visibility_cb, &op, error);
}

/* ------------------------------------------------------------------------ */

/* Splits @query at white space (ASCII and 全角) into at most MAX_TERMS
 * terms, lower-cased for ASCII, duplicates left out. */
static GPtrArray *
split_terms (const char *query)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) term = g_string_new (NULL);

  for (const char *p = query; ; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      if (c == 0 || g_unichar_isspace (c) || c == 0x3000)
        {
          if (term->len > 0 && terms->len < MAX_TERMS)
            {
              g_autofree char *lower = g_ascii_strdown (term->str, term->len);
              gboolean seen = FALSE;
              for (guint i = 0; i < terms->len && !seen; i++)
                seen = g_str_equal (g_ptr_array_index (terms, i), lower);
              if (!seen)
                g_ptr_array_add (terms, g_steal_pointer (&lower));
            }
          g_string_truncate (term, 0);
          if (c == 0)
            break;
          continue;
        }
      g_string_append_unichar (term, c);
    }
  return g_steal_pointer (&terms);
}

typedef enum { RUN_NONE, RUN_HAN, RUN_KATAKANA, RUN_LATIN } RunClass;

static RunClass
run_class (gunichar c)
{
  GUnicodeScript script = g_unichar_get_script (c);

  if (c == 0x30fc && script != G_UNICODE_SCRIPT_HIRAGANA)  /* ー lengthens katakana */
    return RUN_KATAKANA;
  if (script == G_UNICODE_SCRIPT_HAN || c == 0x3005)        /* 々 */
    return RUN_HAN;
  if (script == G_UNICODE_SCRIPT_KATAKANA)
    return RUN_KATAKANA;
  if (g_unichar_isalnum (c) && (script == G_UNICODE_SCRIPT_LATIN || script == G_UNICODE_SCRIPT_COMMON))
    return RUN_LATIN;
  return RUN_NONE;
}

static gint
longer_first (gconstpointer a,
              gconstpointer b)
{
  glong la = g_utf8_strlen (*(const char * const *) a, -1);
  glong lb = g_utf8_strlen (*(const char * const *) b, -1);

  return la == lb ? 0 : la > lb ? -1 : 1;
}

/* The words of Japanese text for suggestions, the longest first. */
static GPtrArray *
script_runs (const char *text)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) run = g_string_new (NULL);
  RunClass current = RUN_NONE;

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;
      RunClass k = c ? run_class (c) : RUN_NONE;

      if (k != current || c == 0)
        {
          if (run->len > 0 && g_utf8_strlen (run->str, -1) >= 3)
            {
              g_autofree char *lower = g_ascii_strdown (run->str, -1);
              gboolean seen = FALSE;
              for (guint i = 0; i < runs->len && !seen; i++)
                seen = g_str_equal (g_ptr_array_index (runs, i), lower);
              if (!seen)
                g_ptr_array_add (runs, g_steal_pointer (&lower));
            }
          g_string_truncate (run, 0);
          current = k;
        }
      if (c == 0)
        break;
      if (k != RUN_NONE)
        g_string_append_unichar (run, c);
    }
  g_ptr_array_sort (runs, longer_first);
  if (runs->len > MAX_TERMS)
    g_ptr_array_set_size (runs, MAX_TERMS);
  return g_steal_pointer (&runs);
}

/* A term as one FTS5 string: "…" with inner quotes doubled. */
static void
append_fts_string (GString    *match,
                   const char *term)
{
  g_string_append_c (match, '"');
  for (const char *p = term; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (match, '"');
      g_string_append_c (match, *p);
    }
  g_string_append_c (match, '"');
}

static char *
make_snippet (const char *text,
              const char *term)
{
  const char *at = term != NULL && *term ? strstr (text, term) : NULL;
  glong offset = 0, length = g_utf8_strlen (text, -1);
  g_autofree char *part = NULL;
  g_autoptr(GString) out = NULL;

  if (at == NULL && term != NULL && *term)
    {
      /* ASCII terms were lower-cased */
      g_autofree char *lower = g_ascii_strdown (text, -1);
      const char *l = strstr (lower, term);
      if (l != NULL)
        at = text + (l - lower);
    }
  if (at != NULL)
    offset = MAX (0, g_utf8_pointer_to_offset (text, at) - SNIPPET_LEN / 3);
  part = g_utf8_substring (text, offset, MIN (length, offset + SNIPPET_LEN));
  out = g_string_new (offset > 0 ? "…" : "");
  for (const char *p = part; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_string_append_unichar (out, c == '\n' || c == '\t' || c == '\r' ? ' ' : c);
    }
  if (offset + SNIPPET_LEN < length)
    g_string_append (out, "…");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The trigrams of the index that begin with @term (one or two
 * characters), as an FTS5 OR group appended to @match. Returns the count;
 * MAX_EXPANSION + 1 means "more": the term is too common to expand and is
 * checked on the rows instead. */
static int
expand_short_term (BansouConsult  *self,
                   const char     *term,
                   GString        *match,
                   GError        **error)
{
  g_autoptr(BansouCachedStmt) stmt =
    _bansou_store_prepare_cached (self->store,
                                  "SELECT term FROM consult_fts_terms"
                                  " WHERE term >= ?1 AND term < ?1 || char (1114111) LIMIT ?2",
                                  error);
  g_autoptr(GString) group = g_string_new ("(");
  int n = 0, rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, term, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, MAX_EXPANSION + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (++n > MAX_EXPANSION)
        break;
      if (n > 1)
        g_string_append (group, " OR ");
      append_fts_string (group, _bansou_column_text (stmt, 0));
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, "consult_fts_terms");
      return -1;
    }
  if (n > 0 && n <= MAX_EXPANSION)
    {
      g_string_append_c (group, ')');
      if (match->len > 0)
        g_string_append (match, " AND ");
      g_string_append_len (match, group->str, group->len);
    }
  return n;
}

/* Where a row of the index comes from, for a hit. */
static BansouSearchHit *
resolve_hit (BansouConsult *self,
             gint64         rowid,
             const char    *text,
             const char    *term,
             GError       **error)
{
  static const char *const sql[] = {
    NULL,
    "SELECT id, subject FROM consult_tickets WHERE seq = ?",
    "SELECT t.id, t.subject FROM consult_messages m JOIN consult_tickets t ON t.id = m.ticket WHERE m.seq = ?",
    "SELECT id, title FROM consult_articles WHERE seq = ?",
  };
  int source = (int) (rowid % 4);
  g_autoptr(BansouCachedStmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  BansouSearchHit *hit;

  if (source < 1 || source > 3)
    return NULL;
  if (!(stmt = _bansou_store_prepare_cached (self->store, sql[source], error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid / 4);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;   /* not yet committed by a writer elsewhere: skip it */

  trimmed = g_strchomp (g_strdup (text));
  hit = g_new0 (BansouSearchHit, 1);
  hit->kind = source == 1 ? BANSOU_HIT_TICKET : source == 2 ? BANSOU_HIT_MESSAGE : BANSOU_HIT_ARTICLE;
  hit->id = g_strdup (_bansou_column_text (stmt, 0));
  hit->title = g_strdup (_bansou_column_text (stmt, 1));
  hit->snippet = make_snippet (trimmed, term);
  return hit;
}

static gboolean
row_holds (const char *title,
           const char *text,
           GPtrArray  *filters)
{
  g_autofree char *lt = g_ascii_strdown (title, -1);
  g_autofree char *lx = g_ascii_strdown (text, -1);

  for (guint i = 0; i < filters->len; i++)
    {
      const char *term = g_ptr_array_index (filters, i);

      if (strstr (lt, term) == NULL && strstr (lx, term) == NULL)
        return FALSE;
    }
  return TRUE;
}

/**
 * bansou_consult_search:
 * @query: what a person typed: words separated by spaces, every word must
 *   be found (in the title or the text); Japanese or English, any case
 * @limit: at most this many hits (0: 50)
 *
 * Words of three characters or more are trigrams of the index; a word of
 * one or two is the trigrams that begin with it (every indexed text ends
 * with two spaces, so each character begins one). A short word so common
 * that it begins more than MAX_EXPANSION trigrams (の, 市) is checked on
 * the rows the other words found, or on the newest rows when it is alone.
 * With a long word and at most MAX_RANKED matches the hits come by bm25;
 * a broader query, or one of short words only, comes newest first.
 *
 * Returns: (transfer full) (element-type BansouSearchHit): articles,
 *   tickets and messages of tickets
 */
GPtrArray *
bansou_consult_search (BansouConsult *self,
                       const char    *query,
                       guint          limit,
                       GError       **error)
{
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_search_hit_free);
  g_autoptr(GPtrArray) filters = g_ptr_array_new ();
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *first_term = NULL;
  gboolean ranked = FALSE;
  int rc;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);

  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    {
      _bansou_consult_invalid (error, _("The search text is not valid text."));
      return NULL;
    }
  if (limit == 0)
    limit = 50;
  terms = split_terms (query);
  if (terms->len == 0)
    return g_steal_pointer (&hits);

  for (guint i = 0; i < terms->len; i++)
    {
      const char *term = g_ptr_array_index (terms, i);

      if (g_utf8_strlen (term, -1) >= 3)
        {
          if (match->len > 0)
            g_string_append (match, " AND ");
          append_fts_string (match, term);
          ranked = TRUE;
          if (first_term == NULL)
            first_term = term;
          continue;
        }
      switch (expand_short_term (self, term, match, error))
        {
        case -1:
          return NULL;
        case 0:
          return g_steal_pointer (&hits);   /* in no text at all */
        case MAX_EXPANSION + 1:
          g_ptr_array_add (filters, (gpointer) term);
          break;
        default:
          break;
        }
    }
  if (first_term == NULL)
    first_term = g_ptr_array_index (terms, 0);

  /* bm25 reads every match's positions before the first hit: worth it
   * for a precise query, not for one that half the base holds. A query
   * with more than MAX_RANKED matches comes newest first, which the index
   * answers in order and stops early. */
  if (ranked)
    {
      g_autoptr(BansouCachedStmt) count =
        _bansou_store_prepare_cached (self->store,
                                      "SELECT count (*) FROM (SELECT rowid FROM consult_fts"
                                      " WHERE consult_fts MATCH ?1 LIMIT ?2)", error);
      if (count == NULL)
        return NULL;
      sqlite3_bind_text (count, 1, match->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (count, 2, MAX_RANKED + 1);
      if (sqlite3_step (count) != SQLITE_ROW)
        {
          _bansou_store_set_error (self->store, error, "consult_fts");
          return NULL;
        }
      ranked = sqlite3_column_int (count, 0) <= MAX_RANKED;
    }
  if (match->len > 0)
    stmt = _bansou_store_prepare (self->store,
                                  ranked ? "SELECT rowid, title, text FROM consult_fts WHERE consult_fts MATCH ?1"
                                           " ORDER BY rank"
                                         : "SELECT rowid, title, text FROM consult_fts WHERE consult_fts MATCH ?1"
                                           " ORDER BY rowid DESC",
                                  error);
  else
    stmt = _bansou_store_prepare (self->store, "SELECT rowid, title, text FROM consult_fts ORDER BY rowid DESC", error);
  if (stmt == NULL)
    return NULL;
  if (match->len > 0)
    sqlite3_bind_text (stmt, 1, match->str, -1, SQLITE_TRANSIENT);

  while (hits->len < limit && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *title = _bansou_column_text (stmt, 1);
      const char *text = _bansou_column_text (stmt, 2);
      BansouSearchHit *hit;

      if (filters->len > 0 && !row_holds (title, text, filters))
        continue;
      hit = resolve_hit (self, sqlite3_column_int64 (stmt, 0), *text ? text : title, first_term, error);
      if (hit != NULL)
        g_ptr_array_add (hits, hit);
      else if (error != NULL && *error != NULL)
        return NULL;
    }
  if (hits->len < limit && rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, "consult_fts");
      return NULL;
    }
  return g_steal_pointer (&hits);
}

/**
 * bansou_consult_suggest:
 * @text: the subject and description being typed
 *
 * Articles related to what is being typed. Japanese text has no spaces,
 * so the words are runs of one script — kanji, katakana, Latin letters
 * and digits — that hiragana, punctuation and spaces separate
 * (「外部監査の委託先を選ぶ」: 外部監査, 委託先); the eight longest of
 * three characters or more are asked for together (OR) and bm25 ranks
 * first the articles that hold more of them. Drafts are left out.
 *
 * Returns: (transfer full) (element-type BansouSearchHit)
 */
GPtrArray *
bansou_consult_suggest (BansouConsult *self,
                        const char    *text,
                        guint          limit,
                        GError       **error)
{
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_search_hit_free);
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BANSOU_IS_CONSULT (self), NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_steal_pointer (&hits);
  if (limit == 0)
    limit = 5;
  terms = script_runs (text);
  for (guint i = 0; i < terms->len; i++)
    {
      const char *term = g_ptr_array_index (terms, i);
      if (g_utf8_strlen (term, -1) < 3)
        continue;
      if (match->len > 0)
        g_string_append (match, " OR ");
      append_fts_string (match, term);
    }
  if (match->len == 0)
    return g_steal_pointer (&hits);

  /* Articles only: their title and text columns are qualified by the
   * rowid's source in the join, after the index answered. */
  stmt = _bansou_store_prepare (self->store,
                                "SELECT a.id, a.title, a.question || char (10) || a.answer FROM"
                                " (SELECT rowid, rank FROM consult_fts WHERE consult_fts MATCH ?1) f"
                                " JOIN consult_articles a ON a.seq = f.rowid / 4"
                                " WHERE f.rowid % 4 = 3 AND a.visibility <> 'draft'"
                                " ORDER BY f.rank LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, match->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouSearchHit *hit = g_new0 (BansouSearchHit, 1);
      hit->kind = BANSOU_HIT_ARTICLE;
      hit->id = g_strdup (_bansou_column_text (stmt, 0));
      hit->title = g_strdup (_bansou_column_text (stmt, 1));
      hit->snippet = make_snippet (_bansou_column_text (stmt, 2), NULL);
      g_ptr_array_add (hits, hit);
    }
  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, "consult_fts");
      return NULL;
    }
  return g_steal_pointer (&hits);
}
