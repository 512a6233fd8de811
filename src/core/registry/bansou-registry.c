/* bansou-registry.c — the bodies a desk looks after
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The registry hands out one BansouBody per code for its whole life, so a
 * change made here (with its audit line) is seen at once by every list and
 * view holding that body.
 */
#define G_LOG_DOMAIN "bansou-registry"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-body-private.h"
#include "bansou-code.h"
#include "bansou-core-resources.h"
#include "bansou-registry.h"
#include "bansou-store-sql.h"
#include "bansou-util.h"

struct _BansouRegistry
{
  GObject      parent_instance;

  BansouStore *store;
  GHashTable  *bodies;   /* code → BansouBody, strong */
};

G_DEFINE_FINAL_TYPE (BansouRegistry, bansou_registry, G_TYPE_OBJECT)

typedef enum
{
  FIELD_TEXT,
  FIELD_INT,
  FIELD_BOOL,
  FIELD_DECISION,
} FieldType;

typedef struct
{
  const char *name;       /* as bansouctl and the audit trail call it */
  const char *column;
  FieldType   type;
  gboolean    other_only; /* only for unions, agencies, universities */
  gint64      max;        /* longest text in characters, or largest number */
} Field;

static const Field fields[] = {
  { "name",            "name",            FIELD_TEXT,     TRUE,  100 },
  { "kana",            "kana",            FIELD_TEXT,     TRUE,  200 },
  { "population",      "population",      FIELD_INT,      FALSE, 50000000 },
  { "it-staff",        "it_staff",        FIELD_INT,      FALSE, 100000 },
  { "ciso-name",       "ciso_name",       FIELD_TEXT,     FALSE, 100 },
  { "ciso-title",      "ciso_title",      FIELD_TEXT,     FALSE, 100 },
  { "csirt-contact",   "csirt_contact",   FIELD_TEXT,     FALSE, 500 },
  { "notes",           "notes",           FIELD_TEXT,     FALSE, 4000 },
  { "lgwan",           "lgwan",           FIELD_BOOL,     TRUE,  0 },
  { "confidential",    "confidential",    FIELD_BOOL,     TRUE,  0 },
  { "decision",        "decision",        FIELD_DECISION, TRUE,  0 },
  { "decision-reason", "decision_reason", FIELD_TEXT,     TRUE,  1000 },
};

static const char * const field_names[] = {
  "name", "kana", "population", "it-staff", "ciso-name", "ciso-title",
  "csirt-contact", "notes", "lgwan", "confidential", "decision", "decision-reason",
  NULL
};

static const char *decision_ids[] = { "none", "applies", "exempt" };

#define BODY_COLUMNS \
  "code, prefecture, parent, kind, name, kana, builtin, administered, lgwan, " \
  "confidential, decision, decision_reason, population, it_staff, ciso_name, " \
  "ciso_title, csirt_contact, notes"

/* ------------------------------------------------------------------------ */

static const Field *
find_field (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].name, name) == 0)
      return &fields[i];
  return NULL;
}

static BansouDecision
decision_from_string (const char *str)
{
  for (guint i = 0; i < G_N_ELEMENTS (decision_ids); i++)
    if (g_strcmp0 (str, decision_ids[i]) == 0)
      return i;
  return (BansouDecision) -1;
}

static int
compare_strv_items (gconstpointer a,
                    gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
dup_or_empty (const char *str)
{
  return g_strdup (str ? str : "");
}

static int
column_tristate (sqlite3_stmt *stmt,
                 int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return -1;
  return sqlite3_column_int (stmt, col) ? 1 : 0;
}

/* Fills @body from a row of BODY_COLUMNS. */
static void
fill_body (BansouBody   *body,
           sqlite3_stmt *stmt)
{
  g_free (body->code);
  body->code = dup_or_empty (_bansou_column_text (stmt, 0));
  g_free (body->prefecture);
  body->prefecture = dup_or_empty (_bansou_column_text (stmt, 1));
  g_free (body->parent);
  body->parent = g_strdup (_bansou_column_text (stmt, 2));
  body->kind = bansou_body_kind_from_string (_bansou_column_text (stmt, 3));
  if (body->kind == BANSOU_BODY_N_KINDS)
    body->kind = BANSOU_BODY_KIND_PARTIAL_UNION;
  g_free (body->name);
  body->name = dup_or_empty (_bansou_column_text (stmt, 4));
  g_free (body->kana);
  body->kana = dup_or_empty (_bansou_column_text (stmt, 5));
  body->builtin = sqlite3_column_int (stmt, 6) != 0;
  body->administered = sqlite3_column_int (stmt, 7) != 0;
  body->lgwan = column_tristate (stmt, 8);
  body->confidential = column_tristate (stmt, 9);
  body->decision = MAX (0, (int) decision_from_string (_bansou_column_text (stmt, 10)));
  g_free (body->decision_reason);
  body->decision_reason = dup_or_empty (_bansou_column_text (stmt, 11));
  body->population = sqlite3_column_type (stmt, 12) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 12);
  body->it_staff = sqlite3_column_type (stmt, 13) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 13);
  g_free (body->ciso_name);
  body->ciso_name = dup_or_empty (_bansou_column_text (stmt, 14));
  g_free (body->ciso_title);
  body->ciso_title = dup_or_empty (_bansou_column_text (stmt, 15));
  g_free (body->csirt_contact);
  body->csirt_contact = dup_or_empty (_bansou_column_text (stmt, 16));
  g_free (body->notes);
  body->notes = dup_or_empty (_bansou_column_text (stmt, 17));
  _bansou_body_refresh_key (body);
}

static BansouBody *
body_from_row (BansouRegistry *self,
               sqlite3_stmt   *stmt)
{
  const char *code = _bansou_column_text (stmt, 0);
  BansouBody *body = g_hash_table_lookup (self->bodies, code);

  if (body == NULL)
    {
      body = _bansou_body_new ();
      fill_body (body, stmt);
      g_hash_table_insert (self->bodies, g_strdup (code), body);
    }

  return body;
}

/* Accepts "34", "340006", or NULL / "00" for the whole nation. */
static char *
normalize_prefecture (const char *prefecture)
{
  if (prefecture == NULL || *prefecture == '\0' || g_str_equal (prefecture, BANSOU_SCOPE_NATIONAL))
    return NULL;
  return g_strndup (prefecture, 2);
}

/* ------------------------------------------------------------------------ */
/* Seeding the built-in registry                                            */

typedef struct
{
  GBytes     *bytes;
  const char *checksum;
} SeedData;

static gboolean
seed_cb (BansouStore  *store,
         gpointer      user_data,
         GError      **error)
{
  SeedData *seed = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (seed->bytes, NULL), g_bytes_get_size (seed->bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  stmt = _bansou_store_prepare (store,
                                "INSERT INTO bodies (code, prefecture, parent, kind, name, kana, builtin, administered) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7) "
                                "ON CONFLICT (code) DO UPDATE SET prefecture = excluded.prefecture, "
                                "parent = excluded.parent, kind = excluded.kind, name = excluded.name, "
                                "kana = excluded.kana, builtin = 1, administered = excluded.administered",
                                error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;

      cols = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (cols) != 6 || !bansou_code_is_valid (cols[0]))
        {
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CORRUPT,
                       _("The built-in registry is damaged at line %u"), i + 1);
          return FALSE;
        }

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, cols[0], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, cols[0], 2, SQLITE_TRANSIENT);
      if (cols[1][0] != '\0')
        sqlite3_bind_text (stmt, 3, cols[1], -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, 3);
      sqlite3_bind_text (stmt, 4, cols[2], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, cols[3], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, cols[4], -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 7, atoi (cols[5]));

      if (!_bansou_store_step_done (store, stmt, error))
        return FALSE;
    }

  return bansou_store_set_setting (store, "registry-checksum", seed->checksum, error);
}

/* Loads the registry of local governments shipped in the library into the
 * database, once per version of that data: profiles entered by staff are
 * kept, names and kinds follow the shipped registry. */
gboolean
_bansou_registry_seed (BansouStore  *store,
                       GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *stored = NULL;
  SeedData seed;

  bytes = g_resource_lookup_data (bansou_core_get_resource (),
                                  "/jp/bansou/core/registry.tsv",
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;

  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  stored = bansou_store_get_setting (store, "registry-checksum");
  if (g_strcmp0 (stored, checksum) == 0)
    return TRUE;

  seed.bytes = bytes;
  seed.checksum = checksum;

  return bansou_store_transaction (store, seed_cb, &seed, error);
}

/* ------------------------------------------------------------------------ */

static void
bansou_registry_dispose (GObject *object)
{
  BansouRegistry *self = (BansouRegistry *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->bodies, g_hash_table_unref);

  G_OBJECT_CLASS (bansou_registry_parent_class)->dispose (object);
}

static void
bansou_registry_class_init (BansouRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bansou_registry_dispose;
}

static void
bansou_registry_init (BansouRegistry *self)
{
  self->bodies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* ------------------------------------------------------------------------ */

BansouRegistry *
bansou_registry_new (BansouStore *store)
{
  BansouRegistry *self;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);

  self = g_object_new (BANSOU_TYPE_REGISTRY, NULL);
  self->store = g_object_ref (store);

  return self;
}

BansouStore *
bansou_registry_get_store (BansouRegistry *self)
{
  g_return_val_if_fail (BANSOU_IS_REGISTRY (self), NULL);
  return self->store;
}

static gboolean
wanted (BansouBody      *body,
        BansouListFlags  flags)
{
  if (!body->administered && !(flags & BANSOU_LIST_NOT_ADMINISTERED))
    return FALSE;
  if (body->kind == BANSOU_BODY_KIND_PREFECTURE)
    return (flags & BANSOU_LIST_PREFECTURES) != 0;
  if (body->kind == BANSOU_BODY_KIND_WARD)
    return (flags & BANSOU_LIST_WARDS) != 0;
  if (bansou_body_kind_is_other_body (body->kind))
    return (flags & BANSOU_LIST_MUNICIPALITIES_ONLY) == 0;
  return TRUE;
}

/**
 * bansou_registry_list:
 * @prefecture: (nullable): two digits ("34"), a prefecture code, or
 *   %NULL / "00" for the whole nation
 * @flags: what to include beyond the administered municipalities and
 *   registered other bodies
 *
 * Returns: (transfer full): a #GListModel of #BansouBody, by code
 */
GListModel *
bansou_registry_list (BansouRegistry   *self,
                      const char       *prefecture,
                      BansouListFlags   flags,
                      GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *pref = normalize_prefecture (prefecture);
  int rc;

  g_return_val_if_fail (BANSOU_IS_REGISTRY (self), NULL);

  stmt = _bansou_store_prepare (self->store,
                                "SELECT " BODY_COLUMNS " FROM bodies "
                                "WHERE ?1 IS NULL OR prefecture = ?1 ORDER BY code",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, pref, -1, SQLITE_TRANSIENT);

  items = g_ptr_array_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BansouBody *body = body_from_row (self, stmt);

      if (wanted (body, flags))
        g_ptr_array_add (items, body);
    }

  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("listing bodies"));
      return NULL;
    }

  store = g_list_store_new (BANSOU_TYPE_BODY);
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * bansou_registry_list_prefectures:
 *
 * Returns: (transfer full): the 47 prefectures as #BansouBody, by code
 */
GListModel *
bansou_registry_list_prefectures (BansouRegistry  *self,
                                  GError         **error)
{
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListStore) store = NULL;

  g_return_val_if_fail (BANSOU_IS_REGISTRY (self), NULL);

  all = bansou_registry_list (self, NULL, BANSOU_LIST_PREFECTURES | BANSOU_LIST_MUNICIPALITIES_ONLY, error);
  if (all == NULL)
    return NULL;

  store = g_list_store_new (BANSOU_TYPE_BODY);
  for (guint i = 0, n = g_list_model_get_n_items (all); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (all, i);

      if (body->kind == BANSOU_BODY_KIND_PREFECTURE)
        g_list_store_append (store, body);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * bansou_registry_lookup:
 *
 * Returns: (transfer full): the body with @code, or %NULL with
 *   %BANSOU_STORE_ERROR_NOT_FOUND
 */
BansouBody *
bansou_registry_lookup (BansouRegistry  *self,
                        const char      *code,
                        GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  BansouBody *body;

  g_return_val_if_fail (BANSOU_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if ((body = g_hash_table_lookup (self->bodies, code)))
    return g_object_ref (body);

  stmt = _bansou_store_prepare (self->store, "SELECT " BODY_COLUMNS " FROM bodies WHERE code = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND,
                   _("No body has the code “%s”"), code);
      return NULL;
    }

  return g_object_ref (body_from_row (self, stmt));
}

/**
 * bansou_registry_find_prefecture:
 * @text: a code ("34" or "340006"), a name ("広島県", "広島") or a
 *   reading ("ひろしま")
 *
 * Returns: (transfer full): the prefecture, or %NULL with
 *   %BANSOU_STORE_ERROR_NOT_FOUND
 */
BansouBody *
bansou_registry_find_prefecture (BansouRegistry  *self,
                                 const char      *text,
                                 GError         **error)
{
  g_autoptr(GListModel) prefectures = NULL;
  g_autofree char *needle = NULL;

  g_return_val_if_fail (BANSOU_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  prefectures = bansou_registry_list_prefectures (self, error);
  if (prefectures == NULL)
    return NULL;

  needle = _bansou_normalize_search (text);

  for (guint i = 0, n = g_list_model_get_n_items (prefectures); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (prefectures, i);
      g_autofree char *name = _bansou_normalize_search (body->name);
      g_autofree char *kana = _bansou_normalize_search (body->kana);
      gsize name_len = strlen (name);

      if (g_str_equal (needle, body->code) ||
          (strlen (needle) == 2 && strncmp (needle, body->code, 2) == 0) ||
          g_str_equal (needle, name) ||
          g_str_equal (needle, kana) ||
          /* 広島 for 広島県, ひろしま for ひろしまけん; but not 京都 for 東京都 */
          (g_str_has_prefix (name, needle) && strlen (needle) + 3 == name_len) ||
          (g_str_has_prefix (kana, needle) &&
           (g_str_has_suffix (kana, "けん") || g_str_has_suffix (kana, "ふ") || g_str_has_suffix (kana, "と")) &&
           strlen (needle) >= strlen (kana) - 6 && strlen (needle) < strlen (kana)))
        return g_steal_pointer (&body);
    }

  g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND,
               _("No prefecture matches “%s”"), text);
  return NULL;
}

const char * const *
bansou_registry_get_fields (void)
{
  return field_names;
}

static gboolean
parse_bool (const char *value,
            int        *out)
{
  static const char *yes[] = { "yes", "true", "1", "はい", "あり", NULL };
  static const char *no[] = { "no", "false", "0", "いいえ", "なし", NULL };

  if (value == NULL || *value == '\0' || g_str_equal (value, "unknown") || g_str_equal (value, "不明"))
    {
      *out = -1;
      return TRUE;
    }
  if (g_strv_contains (yes, value))
    {
      *out = 1;
      return TRUE;
    }
  if (g_strv_contains (no, value))
    {
      *out = 0;
      return TRUE;
    }
  return FALSE;
}

/**
 * bansou_registry_validate_field:
 * @field: one of bansou_registry_get_fields()
 * @value: (nullable): the new value as text; empty clears
 *
 * Checks @value without writing anything, so a form can validate inline.
 *
 * Returns: %TRUE if @value is acceptable for @field
 */
gboolean
bansou_registry_validate_field (const char  *field,
                                const char  *value,
                                GError     **error)
{
  const Field *f = find_field (field);
  const char *v = value ? value : "";
  int tristate;

  if (f == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) field_names);
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("Unknown field “%s” (known fields: %s)"), field, known);
      return FALSE;
    }

  if (!g_utf8_validate (v, -1, NULL))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("The value is not valid UTF-8 text"));
      return FALSE;
    }

  switch (f->type)
    {
    case FIELD_TEXT:
      if (g_utf8_strlen (v, -1) > f->max)
        {
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                       _("Too long: at most %d characters"), (int) f->max);
          return FALSE;
        }
      if (g_str_equal (field, "name") && bansou_str_is_blank (v))
        {
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                       _("The name cannot be empty"));
          return FALSE;
        }
      return TRUE;

    case FIELD_INT:
      {
        g_autofree char *nfkc = g_utf8_normalize (v, -1, G_NORMALIZE_NFKC);
        guint64 n;

        if (*v == '\0')
          return TRUE;
        if (nfkc == NULL || !g_ascii_string_to_unsigned (nfkc, 10, 0, f->max, &n, NULL))
          {
            g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                         _("Enter a whole number from 0 to %lld, or leave it empty"),
                         (long long) f->max);
            return FALSE;
          }
        return TRUE;
      }

    case FIELD_BOOL:
      if (!parse_bool (v, &tristate))
        {
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                       _("Enter yes, no or unknown"));
          return FALSE;
        }
      return TRUE;

    case FIELD_DECISION:
      if ((int) decision_from_string (v) < 0)
        {
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                       _("Enter none, applies or exempt"));
          return FALSE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/**
 * bansou_registry_get_field:
 *
 * Returns: (transfer full): the field's value as text, as
 *   bansou_registry_set_field() takes it ("" when unknown)
 */
char *
bansou_registry_get_field (BansouRegistry *self,
                           BansouBody     *body,
                           const char     *field)
{
  const Field *f = find_field (field);

  g_return_val_if_fail (BANSOU_IS_BODY (body), NULL);
  g_return_val_if_fail (f != NULL, NULL);

  if (g_str_equal (field, "name")) return g_strdup (body->name);
  if (g_str_equal (field, "kana")) return g_strdup (body->kana);
  if (g_str_equal (field, "population"))
    return body->population < 0 ? g_strdup ("") : g_strdup_printf ("%" G_GINT64_FORMAT, body->population);
  if (g_str_equal (field, "it-staff"))
    return body->it_staff < 0 ? g_strdup ("") : g_strdup_printf ("%d", body->it_staff);
  if (g_str_equal (field, "ciso-name")) return g_strdup (body->ciso_name);
  if (g_str_equal (field, "ciso-title")) return g_strdup (body->ciso_title);
  if (g_str_equal (field, "csirt-contact")) return g_strdup (body->csirt_contact);
  if (g_str_equal (field, "notes")) return g_strdup (body->notes);
  if (g_str_equal (field, "lgwan"))
    return g_strdup (body->lgwan < 0 ? "" : body->lgwan ? "yes" : "no");
  if (g_str_equal (field, "confidential"))
    return g_strdup (body->confidential < 0 ? "" : body->confidential ? "yes" : "no");
  if (g_str_equal (field, "decision")) return g_strdup (decision_ids[body->decision]);
  if (g_str_equal (field, "decision-reason")) return g_strdup (body->decision_reason);

  g_return_val_if_reached (NULL);
}

/* Writes the parsed @value into the cached object; the caller notifies. */
static void
apply_to_body (BansouBody  *body,
               const Field *f,
               const char  *value)
{
  const char *v = value ? value : "";
  g_autofree char *nfkc = g_utf8_normalize (v, -1, G_NORMALIZE_NFKC);
  char **text_slot = NULL;

  if (g_str_equal (f->name, "name")) text_slot = &body->name;
  else if (g_str_equal (f->name, "kana")) text_slot = &body->kana;
  else if (g_str_equal (f->name, "ciso-name")) text_slot = &body->ciso_name;
  else if (g_str_equal (f->name, "ciso-title")) text_slot = &body->ciso_title;
  else if (g_str_equal (f->name, "csirt-contact")) text_slot = &body->csirt_contact;
  else if (g_str_equal (f->name, "notes")) text_slot = &body->notes;
  else if (g_str_equal (f->name, "decision-reason")) text_slot = &body->decision_reason;

  if (text_slot != NULL)
    {
      g_free (*text_slot);
      *text_slot = g_strdup (v);
    }
  else if (g_str_equal (f->name, "population"))
    body->population = *v ? g_ascii_strtoll (nfkc, NULL, 10) : -1;
  else if (g_str_equal (f->name, "it-staff"))
    body->it_staff = *v ? (int) g_ascii_strtoll (nfkc, NULL, 10) : -1;
  else if (g_str_equal (f->name, "lgwan"))
    parse_bool (v, &body->lgwan);
  else if (g_str_equal (f->name, "confidential"))
    parse_bool (v, &body->confidential);
  else if (g_str_equal (f->name, "decision"))
    body->decision = decision_from_string (v);
}

/* The canonical text of a value, as stored in the audit trail. */
static char *
canonical_value (const Field *f,
                 const char  *value)
{
  const char *v = value ? value : "";
  int tristate;

  switch (f->type)
    {
    case FIELD_INT:
      if (*v == '\0')
        return g_strdup ("");
      {
        g_autofree char *nfkc = g_utf8_normalize (v, -1, G_NORMALIZE_NFKC);
        return g_strdup_printf ("%" G_GINT64_FORMAT, g_ascii_strtoll (nfkc, NULL, 10));
      }
    case FIELD_BOOL:
      parse_bool (v, &tristate);
      return g_strdup (tristate < 0 ? "" : tristate ? "yes" : "no");
    case FIELD_TEXT:
    case FIELD_DECISION:
    default:
      return g_strdup (v);
    }
}

typedef struct
{
  BansouRegistry *self;
  BansouBody     *body;
  const Field    *field;
  const char     *old_value;
  const char     *new_value;
} SetField;

static gboolean
set_field_cb (BansouStore  *store,
              gpointer      user_data,
              GError      **error)
{
  SetField *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  const char *v = op->new_value;

  /* The column comes from our own table of fields, never from the caller. */
  sql = g_strdup_printf ("UPDATE bodies SET %s = ?1 WHERE code = ?2", op->field->column);
  stmt = _bansou_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  switch (op->field->type)
    {
    case FIELD_INT:
      if (*v == '\0')
        sqlite3_bind_null (stmt, 1);
      else
        sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (v, NULL, 10));
      break;
    case FIELD_BOOL:
      if (*v == '\0')
        sqlite3_bind_null (stmt, 1);
      else
        sqlite3_bind_int (stmt, 1, g_str_equal (v, "yes"));
      break;
    case FIELD_TEXT:
    case FIELD_DECISION:
    default:
      sqlite3_bind_text (stmt, 1, v, -1, SQLITE_TRANSIENT);
      break;
    }
  sqlite3_bind_text (stmt, 2, op->body->code, -1, SQLITE_TRANSIENT);

  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;

  return bansou_store_audit (store, "body", op->body->code, op->field->name,
                             op->old_value, op->new_value, error);
}

/**
 * bansou_registry_set_field:
 * @code: the body
 * @field: one of bansou_registry_get_fields()
 * @value: (nullable): the new value as text; empty clears
 *
 * Validates, writes and records the change in the audit trail, in one
 * transaction. Setting the value it already has writes nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
bansou_registry_set_field (BansouRegistry  *self,
                           const char      *code,
                           const char      *field,
                           const char      *value,
                           GError         **error)
{
  g_autoptr(BansouBody) body = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  const Field *f;
  SetField op;

  g_return_val_if_fail (BANSOU_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (!bansou_registry_validate_field (field, value, error))
    return FALSE;
  f = find_field (field);

  if (!(body = bansou_registry_lookup (self, code, error)))
    return FALSE;

  if (f->other_only && !bansou_body_kind_is_other_body (body->kind))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("“%s” can only be set for unions, agencies and universities registered by the prefecture"),
                   field);
      return FALSE;
    }

  new_value = canonical_value (f, value);

  if (f->type == FIELD_DECISION && !g_str_equal (new_value, "none") &&
      bansou_str_is_blank (body->decision_reason))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("Record the reason for the decision (decision-reason) before deciding"));
      return FALSE;
    }

  old_value = bansou_registry_get_field (self, body, field);
  if (g_str_equal (old_value, new_value))
    return TRUE;

  op.self = self;
  op.body = body;
  op.field = f;
  op.old_value = old_value;
  op.new_value = new_value;

  if (!bansou_store_transaction (self->store, set_field_cb, &op, error))
    return FALSE;

  apply_to_body (body, f, new_value);
  _bansou_body_notify_field (body, f->name);

  return TRUE;
}

typedef struct
{
  const char     *code;
  const char     *prefecture;
  BansouBodyKind  kind;
  const char     *name;
  const char     *kana;
} AddBody;

static gboolean
add_body_cb (BansouStore  *store,
             gpointer      user_data,
             GError      **error)
{
  AddBody *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _bansou_store_prepare (store,
                                "INSERT INTO bodies (code, prefecture, kind, name, kana, builtin) "
                                "VALUES (?, ?, ?, ?, ?, 0)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, op->prefecture, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, bansou_body_kind_to_string (op->kind), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, op->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, op->kana, -1, SQLITE_TRANSIENT);

  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;

  return bansou_store_audit (store, "body", op->code, "created", NULL, op->name, error);
}

/* Returns: (transfer full) (nullable): the next free private code of
 * @prefecture, or %NULL when its serials are used up */
static char *
next_private_code (BansouRegistry *self,
                   const char     *prefecture)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *pattern = g_strdup_printf (BANSOU_CODE_PRIVATE_PREFIX "%s%%", prefecture);
  int max = 0;

  /* Codes of removed bodies stay in the audit trail: never hand one out
   * again, or a new body would inherit another's history. The serial
   * starts after the prefix and the two prefecture digits. */
  stmt = _bansou_store_prepare (self->store,
                                "SELECT MAX(n) FROM ("
                                "  SELECT CAST(substr(code, 4) AS INTEGER) AS n FROM bodies WHERE code LIKE ?1"
                                "  UNION ALL"
                                "  SELECT CAST(substr(key, 4) AS INTEGER) FROM audit WHERE entity = 'body' AND key LIKE ?1)",
                                NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        max = sqlite3_column_int (stmt, 0);
    }

  return bansou_code_private_new (prefecture, (guint) MAX (max, 0) + 1);
}

/**
 * bansou_registry_add_body:
 * @prefecture: two digits or a prefecture code
 * @kind: a union, agency or university kind
 * @code: (nullable): its 全国地方公共団体コード if it has one
 * @name: its name
 * @kana: (nullable): its reading
 *
 * Registers a body that is not in the national registry of municipalities.
 * Without a code, one of the form `X34001` is given.
 *
 * Returns: (transfer full): the code of the new body, or %NULL
 */
char *
bansou_registry_add_body (BansouRegistry  *self,
                          const char      *prefecture,
                          BansouBodyKind   kind,
                          const char      *code,
                          const char      *name,
                          const char      *kana,
                          GError         **error)
{
  g_autofree char *pref = NULL;
  g_autofree char *new_code = NULL;
  g_autofree char *clean_name = NULL;
  g_autoptr(BansouBody) existing = NULL;
  AddBody op;

  g_return_val_if_fail (BANSOU_IS_REGISTRY (self), NULL);

  pref = normalize_prefecture (prefecture);
  if (pref == NULL || !g_ascii_isdigit (pref[0]) || !g_ascii_isdigit (pref[1]) ||
      atoi (pref) < 1 || atoi (pref) > 47)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("Choose the prefecture the body belongs to"));
      return NULL;
    }

  if (!bansou_body_kind_is_other_body (kind))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("Only unions, agencies and universities can be added; municipalities come from the national registry"));
      return NULL;
    }

  clean_name = g_strstrip (g_strdup (name ? name : ""));
  if (!bansou_registry_validate_field ("name", clean_name, error) ||
      !bansou_registry_validate_field ("kana", kana, error))
    return NULL;

  if (code != NULL && *code != '\0')
    {
      if (!bansou_code_is_valid (code))
        {
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                       _("“%s” is not a valid local government code (six digits with a correct check digit)"),
                       code);
          return NULL;
        }
      if (strncmp (code, pref, 2) != 0)
        {
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                       _("The code “%s” belongs to another prefecture"), code);
          return NULL;
        }
      if ((existing = bansou_registry_lookup (self, code, NULL)))
        {
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CONSTRAINT,
                       _("The code “%s” is already used by %s"), code, existing->name);
          return NULL;
        }
      new_code = g_strdup (code);
    }
  else if (!(new_code = next_private_code (self, pref)))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CONSTRAINT,
                   _("This prefecture has registered %d bodies of its own, the most a code can number"),
                   BANSOU_CODE_PRIVATE_MAX);
      return NULL;
    }

  op.code = new_code;
  op.prefecture = pref;
  op.kind = kind;
  op.name = clean_name;
  op.kana = kana ? kana : "";

  if (!bansou_store_transaction (self->store, add_body_cb, &op, error))
    return NULL;

  return g_steal_pointer (&new_code);
}

typedef struct
{
  BansouBody *body;
} RemoveBody;

static gboolean
remove_body_cb (BansouStore  *store,
                gpointer      user_data,
                GError      **error)
{
  RemoveBody *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _bansou_store_prepare (store, "DELETE FROM bodies WHERE code = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->body->code, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;

  return bansou_store_audit (store, "body", op->body->code, "removed", op->body->name, NULL, error);
}

/**
 * bansou_registry_remove_body:
 *
 * Removes a body the prefecture registered (never a municipality of the
 * national registry), with its member list.
 */
gboolean
bansou_registry_remove_body (BansouRegistry  *self,
                             const char      *code,
                             GError         **error)
{
  g_autoptr(BansouBody) body = NULL;
  RemoveBody op;

  g_return_val_if_fail (BANSOU_IS_REGISTRY (self), FALSE);

  if (!(body = bansou_registry_lookup (self, code, error)))
    return FALSE;

  if (body->builtin)
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("%s is in the national registry and cannot be removed"), body->name);
      return FALSE;
    }

  op.body = body;
  if (!bansou_store_transaction (self->store, remove_body_cb, &op, error))
    return FALSE;

  g_hash_table_remove (self->bodies, code);
  return TRUE;
}

typedef struct
{
  const char         *code;
  const char * const *members;
  const char         *old_value;
  const char         *new_value;
} SetMembers;

static gboolean
set_members_cb (BansouStore  *store,
                gpointer      user_data,
                GError      **error)
{
  SetMembers *op = user_data;
  g_autoptr(sqlite3_stmt) del = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;

  del = _bansou_store_prepare (store, "DELETE FROM body_members WHERE body = ?", error);
  ins = _bansou_store_prepare (store, "INSERT OR IGNORE INTO body_members (body, member) VALUES (?, ?)", error);
  if (del == NULL || ins == NULL)
    return FALSE;

  sqlite3_bind_text (del, 1, op->code, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, del, error))
    return FALSE;

  for (guint i = 0; op->members[i] != NULL; i++)
    {
      sqlite3_reset (ins);
      sqlite3_bind_text (ins, 1, op->code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 2, op->members[i], -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, ins, error))
        return FALSE;
    }

  return bansou_store_audit (store, "body", op->code, "members", op->old_value, op->new_value, error);
}

/**
 * bansou_registry_set_members:
 * @members: (array zero-terminated=1): codes of member municipalities
 *
 * Replaces the member municipalities of a union or agency.
 */
gboolean
bansou_registry_set_members (BansouRegistry      *self,
                             const char          *code,
                             const char * const  *members,
                             GError             **error)
{
  g_autoptr(BansouBody) body = NULL;
  g_auto(GStrv) old = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  SetMembers op;

  g_return_val_if_fail (BANSOU_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (members != NULL, FALSE);

  if (!(body = bansou_registry_lookup (self, code, error)))
    return FALSE;
  if (!bansou_body_kind_is_other_body (body->kind))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("Only unions, agencies and universities have member municipalities"));
      return FALSE;
    }

  for (guint i = 0; members[i] != NULL; i++)
    {
      g_autoptr(BansouBody) member = bansou_registry_lookup (self, members[i], error);

      if (member == NULL)
        return FALSE;
      if (!bansou_body_kind_is_municipal (member->kind))
        {
          g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                       _("%s is not a municipality"), member->name);
          return FALSE;
        }
      g_ptr_array_add (sorted, (gpointer) members[i]);
    }
  g_ptr_array_sort (sorted, compare_strv_items);
  g_ptr_array_add (sorted, NULL);

  if (!(old = bansou_registry_get_members (self, code, error)))
    return FALSE;
  old_value = g_strjoinv (",", old);
  new_value = g_strjoinv (",", (char **) sorted->pdata);
  if (g_str_equal (old_value, new_value))
    return TRUE;

  op.code = code;
  op.members = (const char * const *) sorted->pdata;
  op.old_value = old_value;
  op.new_value = new_value;

  if (!bansou_store_transaction (self->store, set_members_cb, &op, error))
    return FALSE;

  _bansou_body_notify_field (body, "notes"); /* members are shown with the profile */
  return TRUE;
}

/**
 * bansou_registry_get_members:
 *
 * Returns: (transfer full): the member codes, sorted
 */
GStrv
bansou_registry_get_members (BansouRegistry  *self,
                             const char      *code,
                             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (BANSOU_IS_REGISTRY (self), NULL);

  stmt = _bansou_store_prepare (self->store,
                                "SELECT member FROM body_members WHERE body = ? ORDER BY member", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, _bansou_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      _bansou_store_set_error (self->store, error, _("reading members"));
      return NULL;
    }

  return g_strv_builder_end (builder);
}
