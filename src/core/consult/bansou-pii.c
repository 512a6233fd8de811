/* bansou-pii.c — finding personal data in a consultation's text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * GRegex (PCRE2) with Unicode properties does the matching; the bodies'
 * names are one alternation, longest first, so that 広島市 wins over 広島.
 */
#define G_LOG_DOMAIN "bansou-consult"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-pii.h"

struct _BansouPiiFinder
{
  GRegex *mail;
  GRegex *phone;
  GRegex *person;
  GRegex *bodies;   /* NULL without names */
};

#define DIGIT "[0-9０-９]"
/* A kanji of a name: not an honorific (様 and 氏 are kanji too) */
#define NAME_CHAR "(?:(?![様氏殿君])\\p{Han}|々)"
#define NAME "" NAME_CHAR "{1,4}(?:[ 　]?" NAME_CHAR "{1,3})?"
/* A kanji honorific ends the word: 仕様書, 様式, 氏名 and 殿堂 are no
 * honorifics. (A range, not \p{Han}: PCRE2 matches a script by its
 * extensions, and those of 、 and 。 include Han.) */
#define HONORIFIC "さん|さま|くん|(?:様|氏|殿|君)(?![\\x{3400}-\\x{9FFF}\\x{F900}-\\x{FAFF}])"
#define DASH  "[-‐‑–—―－ー−()（）\\s]?"

static const char *const labels[BANSOU_N_PII_KINDS] = {
  N_("mail address"),
  N_("phone number"),
  N_("body name"),
  N_("person's name"),
};

/* What replaces a match: the label between 〔〕. */
static const char *const placeholders[BANSOU_N_PII_KINDS] = {
  N_("[mail address]"),
  N_("[phone number]"),
  N_("[body name]"),
  N_("[name]"),
};

const char *
bansou_pii_kind_get_label (BansouPiiKind kind)
{
  g_return_val_if_fail (kind < BANSOU_N_PII_KINDS, NULL);
  return _(labels[kind]);
}

void
bansou_pii_match_free (BansouPiiMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->text);
  g_free (match);
}

static gint
longer_first (gconstpointer a,
              gconstpointer b)
{
  gsize la = strlen (*(const char * const *) a), lb = strlen (*(const char * const *) b);

  return la == lb ? strcmp (*(const char * const *) a, *(const char * const *) b) : la > lb ? -1 : 1;
}

BansouPiiFinder *
bansou_pii_finder_new (const char * const *body_names)
{
  BansouPiiFinder *f = g_new0 (BansouPiiFinder, 1);
  GRegexCompileFlags flags = G_REGEX_OPTIMIZE;

  f->mail = g_regex_new ("[A-Za-z0-9._%+-]+[@＠][A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}", flags, 0, NULL);
  /* 10 or 11 digits starting with 0, in up to three groups; the digits
   * are counted again after the match. */
  f->phone = g_regex_new ("(?<![0-9０-９])[0０]" DIGIT "{1,4}" DASH DIGIT "{1,4}" DASH DIGIT "{3,4}(?![0-9０-９])",
                          flags, 0, NULL);
  /* A surname (and given name) in kanji, or a name in katakana, before
   * an honorific; or after 担当(者)(の|は|：). The name is group 1 or 2. */
  f->person = g_regex_new ("(" NAME "|\\p{Katakana}[\\p{Katakana}ー・]{1,9})(?=" HONORIFIC ")"
                           "|担当者?(?:の|は|[:：]\\s*)(" NAME ")",
                           flags, 0, NULL);
  g_assert (f->mail != NULL && f->phone != NULL && f->person != NULL);

  if (body_names != NULL && body_names[0] != NULL)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autoptr(GString) pattern = g_string_new (NULL);

      for (guint i = 0; body_names[i]; i++)
        if (g_utf8_strlen (body_names[i], -1) >= 2)
          g_ptr_array_add (names, (gpointer) body_names[i]);
      g_ptr_array_sort (names, longer_first);
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *escaped = g_regex_escape_string (g_ptr_array_index (names, i), -1);
          if (pattern->len > 0)
            g_string_append_c (pattern, '|');
          g_string_append (pattern, escaped);
        }
      if (pattern->len > 0)
        f->bodies = g_regex_new (pattern->str, flags, 0, NULL);
    }
  return f;
}

void
bansou_pii_finder_free (BansouPiiFinder *f)
{
  if (f == NULL)
    return;
  g_clear_pointer (&f->mail, g_regex_unref);
  g_clear_pointer (&f->phone, g_regex_unref);
  g_clear_pointer (&f->person, g_regex_unref);
  g_clear_pointer (&f->bodies, g_regex_unref);
  g_free (f);
}

static guint
count_digits (const char *s,
              gsize       len)
{
  guint n = 0;

  for (const char *p = s; p < s + len; p = g_utf8_next_char (p))
    if (g_unichar_isdigit (g_utf8_get_char (p)))
      n++;
  return n;
}

static void
add_match (GPtrArray     *out,
           BansouPiiKind  kind,
           const char    *text,
           gsize          start,
           gsize          end)
{
  BansouPiiMatch *m;

  if (end <= start)
    return;
  m = g_new0 (BansouPiiMatch, 1);
  m->kind = kind;
  m->start = start;
  m->end = end;
  m->text = g_strndup (text + start, end - start);
  g_ptr_array_add (out, m);
}

/* Words that end in 様 as an honorific would, but name no one: 仕様,
 * 同様, 模様, 多様, 皆様 (everyone), 各様, 一様, 異様, 態様, 有様, 左様. The
 * "name" before 様 ends in their first kanji (要求仕様に: 要求仕). */
static gboolean
ends_common_word (const char *text,
                  gsize       start,
                  gsize       end)
{
  static const char common[] = "仕同模多皆各一異態有左";
  const char *last = g_utf8_prev_char (text + end);
  gunichar c = g_utf8_get_char (last);

  if (!g_str_has_prefix (text + end, "様"))
    return FALSE;
  for (const char *p = common; *p != '\0'; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) == c)
      return TRUE;
  return FALSE;
}

static void
find_regex (GRegex        *regex,
            BansouPiiKind  kind,
            const char    *text,
            GPtrArray     *out)
{
  g_autoptr(GMatchInfo) info = NULL;

  if (regex == NULL)
    return;
  g_regex_match (regex, text, 0, &info);
  while (g_match_info_matches (info))
    {
      int start = -1, end = -1;

      if (kind == BANSOU_PII_PERSON)
        {
          /* the name alone, not 担当 */
          if (!g_match_info_fetch_pos (info, 1, &start, &end) || start < 0)
            g_match_info_fetch_pos (info, 2, &start, &end);
        }
      else
        g_match_info_fetch_pos (info, 0, &start, &end);

      if (kind == BANSOU_PII_PERSON && start >= 0 && end > start && ends_common_word (text, start, end))
        start = end = -1;
      if (start >= 0 && end > start)
        {
          guint digits = kind == BANSOU_PII_PHONE ? count_digits (text + start, end - start) : 0;
          if (kind != BANSOU_PII_PHONE || digits == 10 || digits == 11)
            add_match (out, kind, text, start, end);
        }
      g_match_info_next (info, NULL);
    }
}

static gint
by_position (gconstpointer a,
             gconstpointer b)
{
  const BansouPiiMatch *ma = *(BansouPiiMatch * const *) a;
  const BansouPiiMatch *mb = *(BansouPiiMatch * const *) b;

  if (ma->start != mb->start)
    return ma->start < mb->start ? -1 : 1;
  /* the longer first, so that it absorbs the shorter */
  return ma->end == mb->end ? 0 : ma->end > mb->end ? -1 : 1;
}

GPtrArray *
bansou_pii_finder_find (BansouPiiFinder    *f,
                        const char         *text,
                        const char * const *people)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_pii_match_free);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_pii_match_free);
  gsize covered = 0;

  g_return_val_if_fail (f != NULL, out);
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return out;

  find_regex (f->mail, BANSOU_PII_MAIL, text, all);
  find_regex (f->phone, BANSOU_PII_PHONE, text, all);
  find_regex (f->bodies, BANSOU_PII_BODY, text, all);
  find_regex (f->person, BANSOU_PII_PERSON, text, all);
  for (guint i = 0; people != NULL && people[i]; i++)
    {
      gsize len = strlen (people[i]);
      if (g_utf8_strlen (people[i], -1) < 2)
        continue;
      for (const char *p = strstr (text, people[i]); p != NULL; p = strstr (p + len, people[i]))
        add_match (all, BANSOU_PII_PERSON, text, p - text, p - text + len);
    }

  /* Overlaps: the earliest, longest match wins (a mail address holds
   * what looks like a name; 広島市役所の山田様: two matches). */
  g_ptr_array_sort (all, by_position);
  for (guint i = 0; i < all->len; i++)
    {
      BansouPiiMatch *m = g_ptr_array_index (all, i);
      if (m->start < covered)
        continue;
      covered = m->end;
      g_ptr_array_add (out, g_ptr_array_steal_index (all, i));
      i--;
    }
  return out;
}

char *
bansou_pii_redact (const char *text,
                   GPtrArray  *matches)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gsize at = 0;

  g_return_val_if_fail (text != NULL, NULL);

  for (guint i = 0; matches != NULL && i < matches->len; i++)
    {
      const BansouPiiMatch *m = g_ptr_array_index (matches, i);
      if (m->start < at || m->end > strlen (text))
        continue;
      g_string_append_len (out, text + at, m->start - at);
      g_string_append (out, _(placeholders[m->kind]));
      at = m->end;
    }
  g_string_append (out, text + at);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
