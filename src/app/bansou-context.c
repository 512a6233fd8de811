/* bansou-context.c — what every page of the window shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * One object holds the open database, the registry over it, the settings
 * and the prefecture in scope. The window hands it to each page as the
 * "context" property, so pages never reach for globals and a test can
 * build a page over any database.
 */
#define G_LOG_DOMAIN "bansou-context"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-context.h"

struct _BansouContext
{
  GObject         parent_instance;

  BansouStore    *store;
  BansouRegistry *registry;
  BansouCatalog  *catalog;
  BansouSurvey   *survey;   /* one per window: its signals keep every page in step */
  GSettings      *settings;
  char           *scope;    /* "34", "00" for the nation, or NULL when not chosen yet */
  BansouCalendar *calendar; /* made when first asked for */
  BansouDispatch *dispatch; /* one per window, as the survey: its "changed" reaches every page */
  BansouConsult  *consult;  /* the consultation desk, made when first asked for */
};

G_DEFINE_FINAL_TYPE (BansouContext, bansou_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_REGISTRY,
  PROP_SETTINGS,
  PROP_SCOPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SUPPORT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */

static gboolean
scope_is_valid (const char *scope)
{
  int n;

  if (scope == NULL || strlen (scope) != 2 ||
      !g_ascii_isdigit (scope[0]) || !g_ascii_isdigit (scope[1]))
    return FALSE;

  n = (scope[0] - '0') * 10 + (scope[1] - '0');
  return n >= 0 && n <= 47;
}

/* ------------------------------------------------------------------------ */

static void
bansou_context_constructed (GObject *object)
{
  BansouContext *self = (BansouContext *)object;
  g_autoptr(GError) error = NULL;
  g_autofree char *scope = NULL;

  G_OBJECT_CLASS (bansou_context_parent_class)->constructed (object);

  g_assert (BANSOU_IS_STORE (self->store));

  self->registry = bansou_registry_new (self->store);

  /* A failure here leaves the compliance pages without data; the store
   * opened, so the catalog in it or the built-in one is always readable
   * unless the database is damaged, which bansou_store_open() refused. */
  self->catalog = bansou_catalog_load_active (self->store, &error);
  if (self->catalog != NULL)
    self->survey = bansou_survey_new (self->store, self->catalog, &error);
  if (error != NULL)
    g_critical ("Cannot load the survey: %s", error->message);

  /* The database remembers whom it serves; GSettings only offers a
   * default when a new database is set up. */
  scope = bansou_store_get_setting (self->store, "prefecture");
  if (scope_is_valid (scope))
    self->scope = g_steal_pointer (&scope);
}

static void
bansou_context_dispose (GObject *object)
{
  BansouContext *self = (BansouContext *)object;

  g_clear_object (&self->dispatch);
  g_clear_object (&self->consult);
  g_clear_object (&self->calendar);
  g_clear_object (&self->survey);
  g_clear_object (&self->catalog);
  g_clear_object (&self->registry);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bansou_context_parent_class)->dispose (object);
}

static void
bansou_context_finalize (GObject *object)
{
  BansouContext *self = (BansouContext *)object;

  g_clear_pointer (&self->scope, g_free);

  G_OBJECT_CLASS (bansou_context_parent_class)->finalize (object);
}

static void
bansou_context_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BansouContext *self = BANSOU_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_REGISTRY:
      g_value_set_object (value, self->registry);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_SCOPE:
      g_value_set_string (value, self->scope);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_context_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BansouContext *self = BANSOU_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_context_class_init (BansouContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bansou_context_constructed;
  object_class->dispose = bansou_context_dispose;
  object_class->finalize = bansou_context_finalize;
  object_class->get_property = bansou_context_get_property;
  object_class->set_property = bansou_context_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BANSOU_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGISTRY] =
    g_param_spec_object ("registry", NULL, NULL, BANSOU_TYPE_REGISTRY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCOPE] =
    g_param_spec_string ("scope", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BansouContext::support-changed:
   *
   * A support action (a visit, a procurement's participation, a
   * consultation) was recorded, changed or removed: the pages that show
   * the effect of support (支援効果) compute it again. Emitted by
   * bansou_context_support_changed().
   */
  signals[SUPPORT_CHANGED] =
    g_signal_new ("support-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bansou_context_init (BansouContext *self)
{
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_context_new:
 * @store: the open database
 * @settings: (nullable): the application's settings
 *
 * Returns: (transfer full): a new context
 */
BansouContext *
bansou_context_new (BansouStore *store,
                    GSettings   *settings)
{
  g_return_val_if_fail (BANSOU_IS_STORE (store), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  return g_object_new (BANSOU_TYPE_CONTEXT,
                       "store", store,
                       "settings", settings,
                       NULL);
}

BansouStore *
bansou_context_get_store (BansouContext *self)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (self), NULL);
  return self->store;
}

/**
 * bansou_context_get_catalog:
 *
 * Returns: (transfer none): the catalog the database uses
 */
BansouCatalog *
bansou_context_get_catalog (BansouContext *self)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (self), NULL);
  return self->catalog;
}

/**
 * bansou_context_get_survey:
 *
 * The one survey object of this window: pages edit answers through it and
 * listen to its answer-changed and progress-changed signals.
 *
 * Returns: (transfer none): the survey
 */
BansouSurvey *
bansou_context_get_survey (BansouContext *self)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (self), NULL);
  return self->survey;
}

/**
 * bansou_context_get_calendar:
 *
 * The government calendar with the prefecture's closed days.
 *
 * Returns: (transfer none): the calendar
 */
BansouCalendar *
bansou_context_get_calendar (BansouContext *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (BANSOU_IS_CONTEXT (self), NULL);

  if (self->calendar == NULL &&
      !(self->calendar = bansou_calendar_new_for_store (self->store, &error)))
    {
      /* The national calendar still holds; only the prefecture's days are missing. */
      g_warning ("Cannot read the prefecture's closed days: %s", error->message);
      self->calendar = bansou_calendar_new ();
    }
  return self->calendar;
}

/**
 * bansou_context_get_dispatch:
 * @error: why expert dispatch is not available
 *
 * Returns: (transfer none) (nullable): expert dispatch over the store,
 *   made when first asked for
 */
static void
dispatch_changed_cb (BansouContext *self,
                     const char    *type,
                     const char    *id)
{
  if (g_strcmp0 (type, "visit") == 0)
    bansou_context_support_changed (self);
}

BansouDispatch *
bansou_context_get_dispatch (BansouContext  *self,
                             GError        **error)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (self), NULL);

  if (self->dispatch == NULL && self->survey != NULL)
    {
      self->dispatch = bansou_dispatch_new (self->survey, self->registry,
                                            bansou_context_get_calendar (self), error);
      /* A visit saved, moved, cancelled or reported rewrites its support
       * actions: 支援効果 follows, whichever page or dialog wrote it. */
      if (self->dispatch != NULL)
        g_signal_connect_object (self->dispatch, "changed", G_CALLBACK (dispatch_changed_cb), self, G_CONNECT_SWAPPED);
    }
  else if (self->dispatch == NULL)
    g_set_error_literal (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_FAILED,
                         _("The survey catalog could not be loaded"));
  return self->dispatch;
}

/**
 * bansou_context_get_consult:
 *
 * Returns: (transfer none): the consultation desk over the store, made
 *   when first asked for
 */
BansouConsult *
bansou_context_get_consult (BansouContext *self)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (self), NULL);

  if (self->consult == NULL)
    self->consult = bansou_consult_new (self->registry, bansou_context_get_calendar (self));
  return self->consult;
}

BansouRegistry *
bansou_context_get_registry (BansouContext *self)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (self), NULL);
  return self->registry;
}

/**
 * bansou_context_get_settings:
 *
 * Returns: (transfer none) (nullable): the settings
 */
GSettings *
bansou_context_get_settings (BansouContext *self)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (self), NULL);
  return self->settings;
}

/**
 * bansou_context_get_scope:
 *
 * Returns: (nullable): two digits ("34"), "00" for a national desk, or
 *   %NULL when the database has not been told whom it serves
 */
const char *
bansou_context_get_scope (BansouContext *self)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (self), NULL);
  return self->scope;
}

/**
 * bansou_context_set_scope:
 * @scope: two digits ("34"), or "00" for a national desk
 *
 * Records in the database which prefecture this desk serves, and offers
 * the same choice for the next new database.
 *
 * Returns: %TRUE on success; nothing changes on failure
 */
gboolean
bansou_context_set_scope (BansouContext  *self,
                          const char     *scope,
                          GError        **error)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (self), FALSE);

  if (!scope_is_valid (scope))
    {
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("“%s” is not a prefecture number"), scope ? scope : "");
      return FALSE;
    }

  if (g_strcmp0 (scope, self->scope) == 0)
    return TRUE;

  if (!bansou_store_set_setting (self->store, "prefecture", scope, error))
    return FALSE;

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "prefecture", scope);

  g_free (self->scope);
  self->scope = g_strdup (scope);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCOPE]);

  return TRUE;
}

gboolean
bansou_context_is_national (BansouContext *self)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (self), FALSE);
  return g_strcmp0 (self->scope, BANSOU_SCOPE_NATIONAL) == 0;
}

/**
 * bansou_context_dup_scope_name:
 *
 * Returns: (transfer full) (nullable): "広島県", the translated name of
 *   the national desk, or %NULL when no scope is chosen
 */
char *
bansou_context_dup_scope_name (BansouContext *self)
{
  g_autoptr(BansouBody) prefecture = NULL;

  g_return_val_if_fail (BANSOU_IS_CONTEXT (self), NULL);

  if (self->scope == NULL)
    return NULL;
  if (bansou_context_is_national (self))
    return g_strdup (_("National desk"));

  prefecture = bansou_registry_find_prefecture (self->registry, self->scope, NULL);
  return prefecture ? g_strdup (bansou_body_get_name (prefecture)) : g_strdup (self->scope);
}

/**
 * bansou_context_support_changed:
 *
 * Says that support actions changed: a page calls it after an edit that
 * went through bansou_support_set_actions() (a visit saved or cancelled,
 * a participation joined or left). A pull from the server ends in the
 * survey's answers-reloaded, which those pages also follow.
 */
void
bansou_context_support_changed (BansouContext *self)
{
  g_return_if_fail (BANSOU_IS_CONTEXT (self));
  g_signal_emit (self, signals[SUPPORT_CHANGED], 0);
}
