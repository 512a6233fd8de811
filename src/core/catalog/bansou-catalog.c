/* bansou-catalog.c — the detailed measures (細目化項目) and their survey questions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The catalog is data (data/catalog.json, compiled into the library), so
 * that a newer version published by the national server can replace it.
 * Question ids never change meaning between versions: answers keep the
 * version they were given under, and a new version may add questions.
 */
#define G_LOG_DOMAIN "bansou-catalog"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "bansou-catalog.h"
#include "bansou-core-resources.h"
#include "bansou-store-sql.h"

struct _BansouCatalog
{
  GObject     parent_instance;

  char       *version;
  char       *json;
  char       *title_ja;
  char       *title_en;
  char       *baseline_source_ja;
  char       *baseline_source_en;
  GPtrArray  *categories;  /* BansouCategory */
  GPtrArray  *questions;   /* BansouQuestion, in catalog order (not owned: freed via measures) */
  GHashTable *by_id;       /* question id → BansouQuestion */
};

G_DEFINE_FINAL_TYPE (BansouCatalog, bansou_catalog, G_TYPE_OBJECT)

G_DEFINE_QUARK (bansou-catalog-error-quark, bansou_catalog_error)

#define MAX_QUESTIONS 1000

/* ------------------------------------------------------------------------ */

static void
xref_free (BansouXref *xref)
{
  g_free (xref->survey);
  g_free (xref->item);
  g_free (xref);
}

static void
question_free (BansouQuestion *q)
{
  g_free (q->id);
  g_free (q->ja);
  g_free (q->en);
  g_free (q->note_ja);
  g_clear_pointer (&q->xrefs, g_ptr_array_unref);
  g_free (q);
}

static void
measure_free (BansouMeasure *m)
{
  g_free (m->id);
  g_free (m->ja);
  g_free (m->en);
  g_clear_pointer (&m->questions, g_ptr_array_unref);
  g_free (m);
}

static void
category_free (BansouCategory *c)
{
  g_free (c->id);
  g_free (c->ja);
  g_free (c->en);
  g_free (c->summary_ja);
  g_clear_pointer (&c->measures, g_ptr_array_unref);
  g_free (c);
}

static gboolean
invalid (GError     **error,
         const char  *where,
         const char  *what)
{
  g_set_error (error, BANSOU_CATALOG_ERROR, BANSOU_CATALOG_ERROR_INVALID,
               /* Translators: the first %s says where in the catalog, the second what is wrong */
               _("The catalog is not valid at %s: %s"), where, what);
  return FALSE;
}

/* A required, non-empty string member. */
static const char *
get_string (JsonObject  *obj,
            const char  *member,
            const char  *where,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  const char *str;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      (str = json_node_get_string (node)) == NULL || *str == '\0')
    {
      g_autofree char *what = g_strdup_printf (_("“%s” must be a non-empty string"), member);
      invalid (error, where, what);
      return NULL;
    }

  return str;
}

static const char *
get_optional_string (JsonObject *obj,
                     const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static JsonArray *
get_array (JsonObject  *obj,
           const char  *member,
           const char  *where,
           GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    {
      g_autofree char *what = g_strdup_printf (_("“%s” must be a non-empty list"), member);
      invalid (error, where, what);
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
valid_id (const char *id)
{
  for (const char *p = id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '_'))
      return FALSE;
  return *id != '\0';
}

static gboolean
parse_question (BansouCatalog  *self,
                BansouMeasure  *measure,
                JsonNode       *node,
                GError        **error)
{
  BansouQuestion *q;
  JsonObject *obj;
  const char *id, *ja, *en, *answer;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, measure->id, _("a question must be an object"));
  obj = json_node_get_object (node);

  if (!(id = get_string (obj, "id", measure->id, error)) ||
      !(ja = get_string (obj, "ja", id, error)) ||
      !(en = get_string (obj, "en", id, error)) ||
      !(answer = get_string (obj, "answer", id, error)))
    return FALSE;

  if (!valid_id (id) || !g_str_has_prefix (id, measure->id))
    return invalid (error, id, _("a question id must be lowercase ASCII and start with its measure’s id"));
  if (g_hash_table_contains (self->by_id, id))
    return invalid (error, id, _("the id is used twice"));
  if (self->questions->len >= MAX_QUESTIONS)
    return invalid (error, id, _("too many questions"));

  q = g_new0 (BansouQuestion, 1);
  q->id = g_strdup (id);
  q->ja = g_strdup (ja);
  q->en = g_strdup (en);
  q->note_ja = g_strdup (get_optional_string (obj, "note_ja"));
  q->measure = measure;
  q->category = measure->category;
  q->baseline = -1;
  q->xrefs = g_ptr_array_new_with_free_func ((GDestroyNotify) xref_free);
  g_ptr_array_add (measure->questions, q);

  if (g_str_equal (answer, "status"))
    q->answer_kind = BANSOU_ANSWER_KIND_STATUS;
  else if (g_str_equal (answer, "status_date"))
    {
      q->answer_kind = BANSOU_ANSWER_KIND_STATUS_DATE;
      q->within_years = (int) json_object_get_int_member_with_default (obj, "within_years", 0);
      if (q->within_years < 1 || q->within_years > 10)
        return invalid (error, id, _("“within_years” must be from 1 to 10"));
    }
  else
    return invalid (error, id, _("“answer” must be status or status_date"));

  if ((member = json_object_get_member (obj, "baseline")))
    {
      if (!JSON_NODE_HOLDS_VALUE (member) ||
          (json_node_get_value_type (member) != G_TYPE_DOUBLE && json_node_get_value_type (member) != G_TYPE_INT64))
        return invalid (error, id, _("“baseline” must be a number"));
      q->baseline = json_node_get_double (member);
      if (q->baseline < 0 || q->baseline > 100)
        return invalid (error, id, _("“baseline” must be a percentage from 0 to 100"));
    }

  q->key = json_object_get_boolean_member_with_default (obj, "key", FALSE);

  if ((member = json_object_get_member (obj, "xrefs")) && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *xrefs = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (xrefs); i++)
        {
          JsonNode *x = json_array_get_element (xrefs, i);
          BansouXref *xref;

          if (!JSON_NODE_HOLDS_OBJECT (x))
            return invalid (error, id, _("a cross-reference must be an object"));
          xref = g_new0 (BansouXref, 1);
          xref->survey = g_strdup (get_optional_string (json_node_get_object (x), "survey"));
          xref->item = g_strdup (get_optional_string (json_node_get_object (x), "item"));
          g_ptr_array_add (q->xrefs, xref);
        }
    }

  q->index = self->questions->len;
  g_ptr_array_add (self->questions, q);
  g_hash_table_insert (self->by_id, q->id, q);

  return TRUE;
}

static gboolean
parse_measure (BansouCatalog   *self,
               BansouCategory  *category,
               JsonNode        *node,
               GError         **error)
{
  BansouMeasure *m;
  JsonObject *obj;
  JsonArray *questions;
  const char *id, *ja, *en, *level;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, category->id, _("a measure must be an object"));
  obj = json_node_get_object (node);

  if (!(id = get_string (obj, "id", category->id, error)) ||
      !(ja = get_string (obj, "ja", id, error)) ||
      !(en = get_string (obj, "en", id, error)) ||
      !(level = get_string (obj, "level", id, error)) ||
      !(questions = get_array (obj, "questions", id, error)))
    return FALSE;

  if (!valid_id (id) || !g_str_has_prefix (id, category->id))
    return invalid (error, id, _("a measure id must be lowercase ASCII and start with its category’s id"));
  if (!g_str_equal (level, "legal") && !g_str_equal (level, "guideline"))
    return invalid (error, id, _("“level” must be legal or guideline"));

  m = g_new0 (BansouMeasure, 1);
  m->id = g_strdup (id);
  m->ja = g_strdup (ja);
  m->en = g_strdup (en);
  m->legal = g_str_equal (level, "legal");
  m->category = category;
  m->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) question_free);
  g_ptr_array_add (category->measures, m);

  for (guint i = 0; i < json_array_get_length (questions); i++)
    if (!parse_question (self, m, json_array_get_element (questions, i), error))
      return FALSE;

  return TRUE;
}

static gboolean
parse_catalog (BansouCatalog  *self,
               JsonNode       *root,
               GError        **error)
{
  JsonObject *obj;
  JsonArray *categories;
  const char *version;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, "/", _("the catalog must be an object"));
  obj = json_node_get_object (root);

  if (json_object_get_int_member_with_default (obj, "format", 0) != 1)
    return invalid (error, "/", _("unknown catalog format (this version reads format 1)"));
  if (!(version = get_string (obj, "version", "/", error)) ||
      !(categories = get_array (obj, "categories", "/", error)))
    return FALSE;

  self->version = g_strdup (version);
  self->title_ja = g_strdup (get_optional_string (obj, "title_ja"));
  self->title_en = g_strdup (get_optional_string (obj, "title_en"));
  self->baseline_source_ja = g_strdup (get_optional_string (obj, "baseline_source_ja"));
  self->baseline_source_en = g_strdup (get_optional_string (obj, "baseline_source_en"));

  if (json_array_get_length (categories) != 8)
    return invalid (error, "/", _("there must be exactly the eight categories of the annex"));

  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      JsonNode *node = json_array_get_element (categories, i);
      BansouCategory *c;
      JsonObject *cobj;
      JsonArray *measures;
      const char *id, *ja, *en;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, "/categories", _("a category must be an object"));
      cobj = json_node_get_object (node);

      if (!(id = get_string (cobj, "id", "/categories", error)) ||
          !(ja = get_string (cobj, "ja", id, error)) ||
          !(en = get_string (cobj, "en", id, error)) ||
          !(measures = get_array (cobj, "measures", id, error)))
        return FALSE;
      if (!valid_id (id) || strchr (id, '.') != NULL)
        return invalid (error, id, _("a category id must be lowercase ASCII without dots"));

      c = g_new0 (BansouCategory, 1);
      c->index = i;
      c->id = g_strdup (id);
      c->ja = g_strdup (ja);
      c->en = g_strdup (en);
      c->summary_ja = g_strdup (get_optional_string (cobj, "summary_ja"));
      c->measures = g_ptr_array_new_with_free_func ((GDestroyNotify) measure_free);
      g_ptr_array_add (self->categories, c);

      for (guint j = 0; j < json_array_get_length (measures); j++)
        if (!parse_measure (self, c, json_array_get_element (measures, j), error))
          return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */

static void
bansou_catalog_finalize (GObject *object)
{
  BansouCatalog *self = (BansouCatalog *)object;

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_free (self->version);
  g_free (self->json);
  g_free (self->title_ja);
  g_free (self->title_en);
  g_free (self->baseline_source_ja);
  g_free (self->baseline_source_en);

  G_OBJECT_CLASS (bansou_catalog_parent_class)->finalize (object);
}

static void
bansou_catalog_class_init (BansouCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bansou_catalog_finalize;
}

static void
bansou_catalog_init (BansouCatalog *self)
{
  self->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) category_free);
  self->questions = g_ptr_array_new ();
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_catalog_new_from_data:
 * @data: catalog JSON (format 1)
 * @length: its length, or -1 if nul-terminated
 *
 * Parses and validates a catalog; a catalog that breaks any rule is
 * refused whole.
 *
 * Returns: (transfer full): the catalog, or %NULL with %BANSOU_CATALOG_ERROR
 */
BansouCatalog *
bansou_catalog_new_from_data (const char  *data,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(BansouCatalog) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      g_set_error (error, BANSOU_CATALOG_ERROR, BANSOU_CATALOG_ERROR_INVALID,
                   _("The catalog is not valid JSON: %s"), local->message);
      return NULL;
    }

  self = g_object_new (BANSOU_TYPE_CATALOG, NULL);
  self->json = length < 0 ? g_strdup (data) : g_strndup (data, length);

  if (!parse_catalog (self, json_parser_get_root (parser), error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * bansou_catalog_new_builtin:
 *
 * Returns: (transfer full): the catalog shipped with this version
 */
BansouCatalog *
bansou_catalog_new_builtin (GError **error)
{
  g_autoptr(GBytes) bytes = g_resource_lookup_data (bansou_core_get_resource (),
                                                     "/jp/bansou/core/catalog.json",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  return bansou_catalog_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

typedef struct
{
  BansouCatalog *catalog;
  gboolean       activate;
} Install;

static gboolean
install_cb (BansouStore  *store,
            gpointer      user_data,
            GError      **error)
{
  Install *op = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);

  stmt = _bansou_store_prepare (store,
                                "INSERT INTO catalogs (version, json, installed_at, active) VALUES (?1, ?2, ?3, 0) "
                                "ON CONFLICT (version) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->catalog->version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, op->catalog->json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, at, -1, SQLITE_TRANSIENT);
  if (!_bansou_store_step_done (store, stmt, error))
    return FALSE;

  if (op->activate)
    {
      g_autoptr(sqlite3_stmt) act = _bansou_store_prepare (store,
                                                           "UPDATE catalogs SET active = (version = ?1)", error);
      if (act == NULL)
        return FALSE;
      sqlite3_bind_text (act, 1, op->catalog->version, -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, act, error))
        return FALSE;
      return bansou_store_audit (store, "catalog", op->catalog->version, "activated", NULL,
                                 op->catalog->version, error);
    }

  return TRUE;
}

/**
 * bansou_catalog_install:
 * @activate: make it the catalog new rounds use
 *
 * Keeps this catalog version in the database (answers record the version
 * they were given under, so older versions stay readable).
 */
gboolean
bansou_catalog_install (BansouCatalog  *self,
                        BansouStore    *store,
                        gboolean        activate,
                        GError        **error)
{
  Install op = { self, activate };

  g_return_val_if_fail (BANSOU_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (BANSOU_IS_STORE (store), FALSE);

  return bansou_store_transaction (store, install_cb, &op, error);
}

/**
 * bansou_catalog_load_active:
 *
 * Returns: (transfer full): the catalog the database uses; the built-in
 *   one is installed on first use
 */
BansouCatalog *
bansou_catalog_load_active (BansouStore  *store,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(BansouCatalog) builtin = NULL;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);

  stmt = _bansou_store_prepare (store, "SELECT json FROM catalogs WHERE active = 1", error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    return bansou_catalog_new_from_data ((const char *) sqlite3_column_text (stmt, 0),
                                         sqlite3_column_bytes (stmt, 0), error);

  if (!(builtin = bansou_catalog_new_builtin (error)))
    return NULL;
  if (!bansou_catalog_install (builtin, store, TRUE, error))
    return NULL;

  return g_steal_pointer (&builtin);
}

const char *
bansou_catalog_get_version (BansouCatalog *self)
{
  g_return_val_if_fail (BANSOU_IS_CATALOG (self), NULL);
  return self->version;
}

const char *
bansou_catalog_get_json (BansouCatalog *self)
{
  g_return_val_if_fail (BANSOU_IS_CATALOG (self), NULL);
  return self->json;
}

const char *
bansou_catalog_get_title (BansouCatalog *self)
{
  g_return_val_if_fail (BANSOU_IS_CATALOG (self), NULL);
  return bansou_prefers_japanese () || self->title_en == NULL ? self->title_ja : self->title_en;
}

const char *
bansou_catalog_get_baseline_source (BansouCatalog *self)
{
  g_return_val_if_fail (BANSOU_IS_CATALOG (self), NULL);
  return bansou_prefers_japanese () || self->baseline_source_en == NULL
         ? self->baseline_source_ja : self->baseline_source_en;
}

guint
bansou_catalog_get_n_categories (BansouCatalog *self)
{
  g_return_val_if_fail (BANSOU_IS_CATALOG (self), 0);
  return self->categories->len;
}

BansouCategory *
bansou_catalog_get_category (BansouCatalog *self,
                             guint          index)
{
  g_return_val_if_fail (BANSOU_IS_CATALOG (self), NULL);
  g_return_val_if_fail (index < self->categories->len, NULL);
  return g_ptr_array_index (self->categories, index);
}

guint
bansou_catalog_get_n_questions (BansouCatalog *self)
{
  g_return_val_if_fail (BANSOU_IS_CATALOG (self), 0);
  return self->questions->len;
}

BansouQuestion *
bansou_catalog_get_question (BansouCatalog *self,
                             guint          index)
{
  g_return_val_if_fail (BANSOU_IS_CATALOG (self), NULL);
  g_return_val_if_fail (index < self->questions->len, NULL);
  return g_ptr_array_index (self->questions, index);
}

BansouQuestion *
bansou_catalog_lookup_question (BansouCatalog *self,
                                const char    *id)
{
  g_return_val_if_fail (BANSOU_IS_CATALOG (self), NULL);
  return id ? g_hash_table_lookup (self->by_id, id) : NULL;
}

BansouCategory *
bansou_catalog_lookup_category (BansouCatalog *self,
                                const char    *id)
{
  g_return_val_if_fail (BANSOU_IS_CATALOG (self), NULL);
  for (guint i = 0; i < self->categories->len; i++)
    {
      BansouCategory *c = g_ptr_array_index (self->categories, i);
      if (g_strcmp0 (c->id, id) == 0)
        return c;
    }
  return NULL;
}

/**
 * bansou_prefers_japanese:
 *
 * Returns: %TRUE when the user interface speaks Japanese, so texts that
 *   exist in the data in both languages (the catalog) follow it
 */
gboolean
bansou_prefers_japanese (void)
{
  const char * const *langs = g_get_language_names ();

  for (guint i = 0; langs[i]; i++)
    {
      if (g_str_has_prefix (langs[i], "ja"))
        return TRUE;
      if (g_str_has_prefix (langs[i], "en"))
        return FALSE;
    }
  return FALSE;
}

const char *
bansou_category_get_label (const BansouCategory *category)
{
  return bansou_prefers_japanese () ? category->ja : category->en;
}

const char *
bansou_measure_get_label (const BansouMeasure *measure)
{
  return bansou_prefers_japanese () ? measure->ja : measure->en;
}

const char *
bansou_question_get_label (const BansouQuestion *question)
{
  return bansou_prefers_japanese () ? question->ja : question->en;
}
