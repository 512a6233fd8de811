/* bansou-survey.c — the survey: its type, signals and bodies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * One BansouSurvey lives as long as its store. Every change goes through
 * it, in one transaction with its audit lines, and is announced after the
 * commit: views such as the heatmap update one cell from
 * ::answer-changed instead of reading the round again.
 *
 * The survey spreads over several files sharing bansou-survey-private.h:
 * this one (the type, its signals, the bodies that answer),
 * bansou-survey-rounds.c, bansou-survey-writer.c (the rules an answer
 * follows and the writer every change goes through),
 * bansou-survey-answers.c and bansou-survey-progress.c.
 */
#define G_LOG_DOMAIN "bansou-survey"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bansou-registry.h"
#include "bansou-store-sql.h"
#include "bansou-survey-private.h"

G_DEFINE_FINAL_TYPE (BansouSurvey, bansou_survey, G_TYPE_OBJECT)

G_DEFINE_QUARK (bansou-survey-error-quark, bansou_survey_error)

G_DEFINE_BOXED_TYPE (BansouProgressInfo, bansou_progress_info,
                     bansou_progress_info_copy, bansou_progress_info_free)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ANSWER_CHANGED,
  ANSWERS_RELOADED,
  PROGRESS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

char *
_bansou_survey_progress_key (const char *round,
                             const char *body)
{
  return g_strdup_printf ("%s/%s", round, body);
}

static gboolean
not_found_round (GError     **error,
                 const char  *round)
{
  g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_NOT_FOUND,
               _("There is no survey round “%s”"), round);
  return FALSE;
}

BansouRound *
_bansou_survey_require_round (BansouSurvey  *self,
                              const char    *round,
                              GError       **error)
{
  BansouRound *r = round ? bansou_survey_lookup_round (self, round) : NULL;

  if (r == NULL)
    not_found_round (error, round ? round : "");
  return r;
}

const BansouQuestion *
_bansou_survey_require_question (BansouSurvey  *self,
                                 const char    *question,
                                 GError       **error)
{
  BansouQuestion *q = bansou_catalog_lookup_question (self->catalog, question);

  if (q == NULL)
    g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_NOT_FOUND,
                 _("The catalog has no question “%s”"), question ? question : "");
  return q;
}

gboolean
_bansou_survey_require_body (BansouSurvey  *self,
                             const char    *body,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _bansou_store_prepare (self->store, "SELECT 1 FROM bodies WHERE code = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, body, -1, SQLITE_TRANSIENT);
  if (body == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_NOT_FOUND,
                   _("No body has the code “%s”"), body ? body : "");
      return FALSE;
    }
  return TRUE;
}

void
_bansou_survey_emit_answer_changed (BansouSurvey *self,
                                    const char   *round,
                                    const char   *body,
                                    const char   *question,
                                    BansouStatus  status)
{
  g_signal_emit (self, signals[ANSWER_CHANGED], 0, round, body, question, (guint) status);
}

void
_bansou_survey_emit_progress_changed (BansouSurvey *self,
                                      const char   *round,
                                      const char   *body)
{
  g_signal_emit (self, signals[PROGRESS_CHANGED], 0, round, body);
}

void
_bansou_survey_emit_reloaded (BansouSurvey *self,
                              const char   *round)
{
  g_signal_emit (self, signals[ANSWERS_RELOADED], 0, round);
}

/* ------------------------------------------------------------------------ */

static void
bansou_survey_dispose (GObject *object)
{
  BansouSurvey *self = (BansouSurvey *)object;

  g_clear_object (&self->registry);
  g_clear_object (&self->rounds);
  g_clear_object (&self->catalog);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bansou_survey_parent_class)->dispose (object);
}

static void
bansou_survey_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BansouSurvey *self = BANSOU_SURVEY (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_survey_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BansouSurvey *self = BANSOU_SURVEY (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_survey_class_init (BansouSurveyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bansou_survey_dispose;
  object_class->get_property = bansou_survey_get_property;
  object_class->set_property = bansou_survey_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BANSOU_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, BANSOU_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BansouSurvey::answer-changed:
   * @round: the round's id
   * @body: the body's code
   * @question: the question id
   * @status: the #BansouStatus now stored
   *
   * Emitted after a committed change of one answer: a new status, date,
   * note or reference, or a carried answer confirmed.
   */
  signals[ANSWER_CHANGED] =
    g_signal_new ("answer-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_UINT);

  /**
   * BansouSurvey::answers-reloaded:
   * @round: (nullable): the round, or %NULL for every round
   *
   * Emitted after changes too many to announce one by one — a round
   * created with its prefilled answers, an import, demo data — and after
   * bansou_survey_reload(). Answers and progress of @round may all have
   * changed: read them again.
   */
  signals[ANSWERS_RELOADED] =
    g_signal_new ("answers-reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * BansouSurvey::progress-changed:
   * @round: the round's id
   * @body: the body's code
   *
   * Emitted after a committed change of a body's state, assignee or due date.
   */
  signals[PROGRESS_CHANGED] =
    g_signal_new ("progress-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
bansou_survey_init (BansouSurvey *self)
{
  self->rounds = g_list_store_new (BANSOU_TYPE_ROUND);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

/**
 * bansou_survey_new:
 * @store: the database
 * @catalog: the catalog answers are validated against (usually
 *   bansou_catalog_load_active())
 *
 * Returns: (transfer full): the survey, with its rounds read, or %NULL
 */
BansouSurvey *
bansou_survey_new (BansouStore    *store,
                   BansouCatalog  *catalog,
                   GError        **error)
{
  g_autoptr(BansouSurvey) self = NULL;

  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);
  g_return_val_if_fail (BANSOU_IS_CATALOG (catalog), NULL);

  self = g_object_new (BANSOU_TYPE_SURVEY, "store", store, "catalog", catalog, NULL);
  self->registry = bansou_registry_new (store);

  if (!_bansou_survey_load_rounds (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

BansouStore *
bansou_survey_get_store (BansouSurvey *self)
{
  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);
  return self->store;
}

BansouCatalog *
bansou_survey_get_catalog (BansouSurvey *self)
{
  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);
  return self->catalog;
}

/**
 * bansou_survey_dup_scope:
 *
 * Returns: (transfer full): the prefecture the desk serves ("34"), or
 *   "00" for a national desk or a database not set up yet
 */
char *
bansou_survey_dup_scope (BansouSurvey *self)
{
  char *scope;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  scope = bansou_store_get_setting (self->store, "prefecture");
  return scope ? scope : g_strdup (BANSOU_SCOPE_NATIONAL);
}

/**
 * bansou_survey_list_bodies:
 * @scope: (nullable): "34", "00" for the nation, or %NULL for the desk's
 *   own scope
 *
 * The bodies that answer the survey: every municipality in @scope, and the
 * other bodies the detailed measures apply to.
 *
 * Returns: (transfer full): a #GListModel of #BansouBody, by code
 */
GListModel *
bansou_survey_list_bodies (BansouSurvey  *self,
                           const char    *scope,
                           GError       **error)
{
  g_autofree char *own = NULL;
  g_autoptr(GListModel) all = NULL;
  GListStore *result;

  g_return_val_if_fail (BANSOU_IS_SURVEY (self), NULL);

  if (scope == NULL)
    scope = own = bansou_survey_dup_scope (self);

  if (!(all = bansou_registry_list (self->registry, scope, BANSOU_LIST_DEFAULT, error)))
    return NULL;

  result = g_list_store_new (BANSOU_TYPE_BODY);
  for (guint i = 0, n = g_list_model_get_n_items (all); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (all, i);

      if (bansou_applicability_applies (bansou_body_get_applicability (body)))
        g_list_store_append (result, body);
    }

  return G_LIST_MODEL (result);
}

GHashTable *
_bansou_survey_body_set (BansouSurvey  *self,
                         const char    *scope,
                         GError       **error)
{
  g_autoptr(GListModel) bodies = bansou_survey_list_bodies (self, scope, error);
  GHashTable *set;

  if (bodies == NULL)
    return NULL;

  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0, n = g_list_model_get_n_items (bodies); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
      g_hash_table_add (set, g_strdup (bansou_body_get_code (body)));
    }
  return set;
}
