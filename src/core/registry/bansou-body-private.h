/* bansou-body-private.h — the registry fills and updates bodies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-body.h"

G_BEGIN_DECLS

struct _BansouBody
{
  GObject         parent_instance;

  char           *code;
  char           *prefecture;
  char           *parent;
  BansouBodyKind  kind;
  char           *name;
  char           *kana;
  char           *search_key;   /* normalised name/kana/code, built once */
  gboolean        builtin;
  gboolean        administered;
  int             lgwan;        /* -1 unknown, 0 no, 1 yes */
  int             confidential; /* -1 unknown, 0 no, 1 yes */
  BansouDecision  decision;
  char           *decision_reason;
  gint64          population;   /* -1 unknown */
  int             it_staff;     /* -1 unknown */
  char           *ciso_name;
  char           *ciso_title;
  char           *csirt_contact;
  char           *notes;
};

BansouBody *_bansou_body_new           (void);
void        _bansou_body_refresh_key   (BansouBody *self);
void        _bansou_body_notify_field  (BansouBody *self,
                                        const char *property);
char       *_bansou_normalize_search   (const char *text);

G_END_DECLS
