/* bansou-pii.h — finding personal data in a consultation's text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Before a solved ticket becomes an article, and before a ticket is
 * escalated to the national desk, its text is searched for what names a
 * person or a body: mail addresses, phone numbers (固定 03-xxxx-xxxx,
 * 携帯 090-xxxx-xxxx, with 全角 digits and any dashes), the names of the
 * bodies of the registry, and people's names where Japanese marks them
 * (山田さん, 佐藤様, 鈴木氏, 担当の田中, カタカナ名 + 敬称) or where they are
 * known (the ticket's assignee and authors). What is found is shown
 * before anything is saved; a name written bare (山田太郎) is not found,
 * which is why the text stays editable after the preview.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BANSOU_PII_MAIL,
  BANSOU_PII_PHONE,
  BANSOU_PII_BODY,
  BANSOU_PII_PERSON,
  BANSOU_N_PII_KINDS
} BansouPiiKind;

typedef struct
{
  BansouPiiKind  kind;
  gsize          start;   /* bytes in the text */
  gsize          end;
  char          *text;
} BansouPiiMatch;

typedef struct _BansouPiiFinder BansouPiiFinder;

/* @body_names: (nullable): names to find as bodies (広島市, 府中町 …) */
BansouPiiFinder *bansou_pii_finder_new       (const char * const *body_names);
void             bansou_pii_finder_free      (BansouPiiFinder    *finder);
/* @people: (nullable): names known to be people's.
 * Returns: (transfer full) (element-type BansouPiiMatch): by position,
 *   none overlapping */
GPtrArray       *bansou_pii_finder_find      (BansouPiiFinder    *finder,
                                              const char         *text,
                                              const char * const *people);
/* Returns: (transfer full): @text with each match replaced by 〔氏名〕 … */
char            *bansou_pii_redact           (const char         *text,
                                              GPtrArray          *matches);
/* "メールアドレス", "電話番号", "団体名", "氏名" in the UI language */
const char      *bansou_pii_kind_get_label   (BansouPiiKind       kind);
void             bansou_pii_match_free       (BansouPiiMatch     *match);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BansouPiiFinder, bansou_pii_finder_free)

G_END_DECLS
