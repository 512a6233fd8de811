/* bansou-body.c — one local government or other body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-body"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-body-private.h"

G_DEFINE_FINAL_TYPE (BansouBody, bansou_body, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_PREFECTURE,
  PROP_KIND,
  PROP_KIND_LABEL,
  PROP_NAME,
  PROP_KANA,
  PROP_BUILTIN,
  PROP_ADMINISTERED,
  PROP_LGWAN,
  PROP_CONFIDENTIAL,
  PROP_DECISION,
  PROP_DECISION_REASON,
  PROP_POPULATION,
  PROP_IT_STAFF,
  PROP_CISO_NAME,
  PROP_CISO_TITLE,
  PROP_CSIRT_CONTACT,
  PROP_NOTES,
  PROP_APPLICABILITY,
  PROP_APPLICABILITY_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */

static const struct {
  const char *id;
  const char *label;
} kinds[BANSOU_BODY_N_KINDS] = {
  [BANSOU_BODY_KIND_PREFECTURE]        = { "prefecture",        N_("Prefecture") },
  [BANSOU_BODY_KIND_DESIGNATED_CITY]   = { "designated-city",   N_("Designated city") },
  [BANSOU_BODY_KIND_CITY]              = { "city",              N_("City") },
  [BANSOU_BODY_KIND_TOWN]              = { "town",              N_("Town") },
  [BANSOU_BODY_KIND_VILLAGE]           = { "village",           N_("Village") },
  [BANSOU_BODY_KIND_SPECIAL_WARD]      = { "special-ward",      N_("Special ward") },
  [BANSOU_BODY_KIND_WARD]              = { "ward",              N_("Ward") },
  [BANSOU_BODY_KIND_PARTIAL_UNION]     = { "partial-union",     N_("Partial-affairs union") },
  [BANSOU_BODY_KIND_WIDE_UNION]        = { "wide-union",        N_("Wide-area union") },
  [BANSOU_BODY_KIND_ADMIN_AGENCY]      = { "admin-agency",      N_("Local incorporated administrative agency") },
  [BANSOU_BODY_KIND_PUBLIC_UNIVERSITY] = { "public-university", N_("Public university") },
};

const char *
bansou_body_kind_to_string (BansouBodyKind kind)
{
  g_return_val_if_fail (kind < BANSOU_BODY_N_KINDS, NULL);
  return kinds[kind].id;
}

/**
 * bansou_body_kind_from_string:
 *
 * Returns: the kind, or %BANSOU_BODY_N_KINDS if @str names none
 */
BansouBodyKind
bansou_body_kind_from_string (const char *str)
{
  for (guint i = 0; i < BANSOU_BODY_N_KINDS; i++)
    if (g_strcmp0 (str, kinds[i].id) == 0)
      return i;
  return BANSOU_BODY_N_KINDS;
}

const char *
bansou_body_kind_get_label (BansouBodyKind kind)
{
  g_return_val_if_fail (kind < BANSOU_BODY_N_KINDS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, kinds[kind].label);
}

/* The municipalities proper: what national counts and charts count. */
gboolean
bansou_body_kind_is_municipal (BansouBodyKind kind)
{
  return kind == BANSOU_BODY_KIND_DESIGNATED_CITY ||
         kind == BANSOU_BODY_KIND_CITY ||
         kind == BANSOU_BODY_KIND_TOWN ||
         kind == BANSOU_BODY_KIND_VILLAGE ||
         kind == BANSOU_BODY_KIND_SPECIAL_WARD;
}

/* Bodies the prefecture registers itself (unions, agencies, universities). */
gboolean
bansou_body_kind_is_other_body (BansouBodyKind kind)
{
  return kind >= BANSOU_BODY_KIND_PARTIAL_UNION && kind < BANSOU_BODY_N_KINDS;
}

/**
 * bansou_applicability_compute:
 * @lgwan: 1 connected to LGWAN, 0 not, -1 unknown
 * @confidential: 1 holds confidential information comparable to its
 *   members, 0 not, -1 unknown
 * @decision: the prefecture's recorded decision, if any
 *
 * The rule of the working-group report, section 3(2)カ: every municipality;
 * any body connected to LGWAN; a body not connected but holding as much
 * confidential information as its members; anything else is for the
 * prefecture to decide (and record why).
 */
BansouApplicability
bansou_applicability_compute (BansouBodyKind  kind,
                              int             lgwan,
                              int             confidential,
                              BansouDecision  decision)
{
  if (!bansou_body_kind_is_other_body (kind))
    return BANSOU_APPLICABILITY_APPLIES;
  if (lgwan > 0)
    return BANSOU_APPLICABILITY_APPLIES;
  if (confidential > 0)
    return BANSOU_APPLICABILITY_APPLIES_CONFIDENTIAL;

  switch (decision)
    {
    case BANSOU_DECISION_APPLIES:
      return BANSOU_APPLICABILITY_DECIDED_APPLIES;
    case BANSOU_DECISION_EXEMPT:
      return BANSOU_APPLICABILITY_DECIDED_EXEMPT;
    case BANSOU_DECISION_NONE:
    default:
      return BANSOU_APPLICABILITY_UNDECIDED;
    }
}

const char *
bansou_applicability_get_label (BansouApplicability applicability)
{
  switch (applicability)
    {
    case BANSOU_APPLICABILITY_APPLIES:
      return _("Applies");
    case BANSOU_APPLICABILITY_APPLIES_CONFIDENTIAL:
      return _("Applies (confidential information)");
    case BANSOU_APPLICABILITY_UNDECIDED:
      return _("To be decided by the prefecture");
    case BANSOU_APPLICABILITY_DECIDED_APPLIES:
      return _("Applies (prefecture’s decision)");
    case BANSOU_APPLICABILITY_DECIDED_EXEMPT:
      return _("Does not apply (prefecture’s decision)");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
bansou_applicability_applies (BansouApplicability applicability)
{
  return applicability == BANSOU_APPLICABILITY_APPLIES ||
         applicability == BANSOU_APPLICABILITY_APPLIES_CONFIDENTIAL ||
         applicability == BANSOU_APPLICABILITY_DECIDED_APPLIES;
}

/* NFKC, case-folded, katakana folded to hiragana: ヒロシマ, ひろしま and
 * ﾋﾛｼﾏ all find 広島県 through its reading. */
char *
_bansou_normalize_search (const char *text)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (nfkc, -1);

  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x30A1 && c <= 0x30F6)
        c -= 0x60;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

void
_bansou_body_refresh_key (BansouBody *self)
{
  g_autofree char *joined = g_strjoin ("\n", self->name, self->kana, self->code, NULL);

  g_free (self->search_key);
  self->search_key = _bansou_normalize_search (joined);
}

void
_bansou_body_notify_field (BansouBody *self,
                           const char *property)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  g_object_notify (object, property);
  if (g_str_equal (property, "lgwan") ||
      g_str_equal (property, "confidential") ||
      g_str_equal (property, "decision"))
    {
      g_object_notify_by_pspec (object, properties[PROP_APPLICABILITY]);
      g_object_notify_by_pspec (object, properties[PROP_APPLICABILITY_LABEL]);
    }
  if (g_str_equal (property, "name") || g_str_equal (property, "kana"))
    _bansou_body_refresh_key (self);
  g_object_thaw_notify (object);
}

/* ------------------------------------------------------------------------ */

static void
bansou_body_finalize (GObject *object)
{
  BansouBody *self = (BansouBody *)object;

  g_free (self->code);
  g_free (self->prefecture);
  g_free (self->parent);
  g_free (self->name);
  g_free (self->kana);
  g_free (self->search_key);
  g_free (self->decision_reason);
  g_free (self->ciso_name);
  g_free (self->ciso_title);
  g_free (self->csirt_contact);
  g_free (self->notes);

  G_OBJECT_CLASS (bansou_body_parent_class)->finalize (object);
}

static void
bansou_body_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BansouBody *self = BANSOU_BODY (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_PREFECTURE:
      g_value_set_string (value, self->prefecture);
      break;
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_KIND_LABEL:
      g_value_set_string (value, bansou_body_get_kind_label (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KANA:
      g_value_set_string (value, self->kana);
      break;
    case PROP_BUILTIN:
      g_value_set_boolean (value, self->builtin);
      break;
    case PROP_ADMINISTERED:
      g_value_set_boolean (value, self->administered);
      break;
    case PROP_LGWAN:
      g_value_set_int (value, self->lgwan);
      break;
    case PROP_CONFIDENTIAL:
      g_value_set_int (value, self->confidential);
      break;
    case PROP_DECISION:
      g_value_set_uint (value, self->decision);
      break;
    case PROP_DECISION_REASON:
      g_value_set_string (value, self->decision_reason);
      break;
    case PROP_POPULATION:
      g_value_set_int64 (value, self->population);
      break;
    case PROP_IT_STAFF:
      g_value_set_int (value, self->it_staff);
      break;
    case PROP_CISO_NAME:
      g_value_set_string (value, self->ciso_name);
      break;
    case PROP_CISO_TITLE:
      g_value_set_string (value, self->ciso_title);
      break;
    case PROP_CSIRT_CONTACT:
      g_value_set_string (value, self->csirt_contact);
      break;
    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    case PROP_APPLICABILITY:
      g_value_set_uint (value, bansou_body_get_applicability (self));
      break;
    case PROP_APPLICABILITY_LABEL:
      g_value_set_string (value, bansou_body_get_applicability_label (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_body_class_init (BansouBodyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = bansou_body_finalize;
  object_class->get_property = bansou_body_get_property;

  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_PREFECTURE] = g_param_spec_string ("prefecture", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_uint ("kind", NULL, NULL, 0, BANSOU_BODY_N_KINDS, 0, flags);
  properties[PROP_KIND_LABEL] = g_param_spec_string ("kind-label", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_KANA] = g_param_spec_string ("kana", NULL, NULL, NULL, flags);
  properties[PROP_BUILTIN] = g_param_spec_boolean ("builtin", NULL, NULL, FALSE, flags);
  properties[PROP_ADMINISTERED] = g_param_spec_boolean ("administered", NULL, NULL, TRUE, flags);
  properties[PROP_LGWAN] = g_param_spec_int ("lgwan", NULL, NULL, -1, 1, -1, flags);
  properties[PROP_CONFIDENTIAL] = g_param_spec_int ("confidential", NULL, NULL, -1, 1, -1, flags);
  properties[PROP_DECISION] = g_param_spec_uint ("decision", NULL, NULL, 0, 2, 0, flags);
  properties[PROP_DECISION_REASON] = g_param_spec_string ("decision-reason", NULL, NULL, NULL, flags);
  properties[PROP_POPULATION] = g_param_spec_int64 ("population", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_IT_STAFF] = g_param_spec_int ("it-staff", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_CISO_NAME] = g_param_spec_string ("ciso-name", NULL, NULL, NULL, flags);
  properties[PROP_CISO_TITLE] = g_param_spec_string ("ciso-title", NULL, NULL, NULL, flags);
  properties[PROP_CSIRT_CONTACT] = g_param_spec_string ("csirt-contact", NULL, NULL, NULL, flags);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, flags);
  properties[PROP_APPLICABILITY] = g_param_spec_uint ("applicability", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_APPLICABILITY_LABEL] = g_param_spec_string ("applicability-label", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bansou_body_init (BansouBody *self)
{
  self->administered = TRUE;
  self->lgwan = -1;
  self->confidential = -1;
  self->population = -1;
  self->it_staff = -1;
}

BansouBody *
_bansou_body_new (void)
{
  return g_object_new (BANSOU_TYPE_BODY, NULL);
}

/* ------------------------------------------------------------------------ */

const char *bansou_body_get_code (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), NULL); return self->code; }
const char *bansou_body_get_prefecture (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), NULL); return self->prefecture; }
const char *bansou_body_get_parent (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), NULL); return self->parent; }
BansouBodyKind bansou_body_get_kind (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), 0); return self->kind; }
const char *bansou_body_get_kind_label (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), NULL); return bansou_body_kind_get_label (self->kind); }
const char *bansou_body_get_name (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), NULL); return self->name; }
const char *bansou_body_get_kana (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), NULL); return self->kana; }
gboolean bansou_body_get_builtin (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), FALSE); return self->builtin; }
gboolean bansou_body_get_administered (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), FALSE); return self->administered; }
int bansou_body_get_lgwan (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), -1); return self->lgwan; }
int bansou_body_get_confidential (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), -1); return self->confidential; }
BansouDecision bansou_body_get_decision (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), 0); return self->decision; }
const char *bansou_body_get_decision_reason (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), NULL); return self->decision_reason; }
gint64 bansou_body_get_population (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), -1); return self->population; }
int bansou_body_get_it_staff (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), -1); return self->it_staff; }
const char *bansou_body_get_ciso_name (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), NULL); return self->ciso_name; }
const char *bansou_body_get_ciso_title (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), NULL); return self->ciso_title; }
const char *bansou_body_get_csirt_contact (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), NULL); return self->csirt_contact; }
const char *bansou_body_get_notes (BansouBody *self) { g_return_val_if_fail (BANSOU_IS_BODY (self), NULL); return self->notes; }

BansouApplicability
bansou_body_get_applicability (BansouBody *self)
{
  g_return_val_if_fail (BANSOU_IS_BODY (self), 0);
  return bansou_applicability_compute (self->kind, self->lgwan, self->confidential, self->decision);
}

const char *
bansou_body_get_applicability_label (BansouBody *self)
{
  return bansou_applicability_get_label (bansou_body_get_applicability (self));
}

/**
 * bansou_body_matches:
 * @needle: (nullable): what the user typed; already normalised with
 *   the same rule is not required
 *
 * Returns: %TRUE if @needle is empty or found in the name, reading or code
 */
gboolean
bansou_body_matches (BansouBody *self,
                     const char *needle)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (BANSOU_IS_BODY (self), FALSE);

  if (needle == NULL || *needle == '\0')
    return TRUE;

  normalized = _bansou_normalize_search (needle);
  return strstr (self->search_key, normalized) != NULL;
}
