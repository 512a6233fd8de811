/* bansou-procurement-item.c — one project in the 共同調達 ledger
 *
 * Holds the project as read and its share table, computed the first time
 * it is asked for (the project shown, a savings cell drawn, a sort by
 * savings) and kept until the project is read again: opening a ledger of
 * 500 projects splits none of them but the one shown. A split that cannot
 * be made (a unit is missing) keeps its error, which the detail shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-procurement-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-procurement-item.h"
#include "bansou-ui-util.h"

struct _BansouProcurementItem
{
  GObject           parent_instance;

  BansouProject    *project;      /* owned by shares when the split worked */
  BansouShareTable *shares;
  GError           *split_error;
  gboolean          split_done;   /* shares or split_error hold the result */
  char             *lead_name;
  char             *period;
  char             *search_text;
};

G_DEFINE_FINAL_TYPE (BansouProcurementItem, bansou_procurement_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bansou_procurement_item_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  BansouProcurementItem *self = BANSOU_PROCUREMENT_ITEM (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_pointer (value, self->project);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_procurement_item_finalize (GObject *object)
{
  BansouProcurementItem *self = (BansouProcurementItem *) object;

  if (self->shares != NULL)
    g_clear_pointer (&self->shares, bansou_share_table_free);  /* frees the project */
  else
    g_clear_pointer (&self->project, bansou_project_free);
  g_clear_error (&self->split_error);
  g_free (self->lead_name);
  g_free (self->period);
  g_free (self->search_text);

  G_OBJECT_CLASS (bansou_procurement_item_parent_class)->finalize (object);
}

static void
bansou_procurement_item_class_init (BansouProcurementItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bansou_procurement_item_finalize;
  object_class->get_property = bansou_procurement_item_get_property;

  /* Notified when the project is read again after an edit */
  properties[PROP_PROJECT] =
    g_param_spec_pointer ("project", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bansou_procurement_item_init (BansouProcurementItem *self)
{
}

/**
 * bansou_procurement_item_set_project:
 * @project: (transfer full): the project as read again after an edit
 *
 * Replaces the project and its share table, and notifies.
 */
void
bansou_procurement_item_set_project (BansouProcurementItem *self,
                                     BansouProject         *project)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_return_if_fail (BANSOU_IS_PROCUREMENT_ITEM (self));
  g_return_if_fail (project != NULL);

  if (self->shares != NULL)
    g_clear_pointer (&self->shares, bansou_share_table_free);
  else
    g_clear_pointer (&self->project, bansou_project_free);
  g_clear_error (&self->split_error);

  self->project = project;
  self->split_done = FALSE;

  g_free (self->period);
  start = bansou_ui_format_date (project->contract_start);
  end = bansou_ui_format_date (project->contract_end);
  self->period = (*start || *end) ? g_strdup_printf ("%s – %s", start, end) : g_strdup ("");

  {
    g_autofree char *all = g_strjoin (" ", project->title, bansou_procurement_type_get_label (project->type),
                                      self->lead_name ? self->lead_name : "",
                                      project->lead_council ? project->lead_council : "",
                                      project->vendor ? project->vendor : "", NULL);
    g_free (self->search_text);
    self->search_text = g_utf8_casefold (all, -1);
  }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

/**
 * bansou_procurement_item_new:
 * @project: (transfer full): as listed
 * @lead_name: the lead prefecture's name (宮城県)
 */
BansouProcurementItem *
bansou_procurement_item_new (BansouProject *project,
                             const char    *lead_name)
{
  BansouProcurementItem *self = g_object_new (BANSOU_TYPE_PROCUREMENT_ITEM, NULL);

  self->lead_name = g_strdup (lead_name);
  bansou_procurement_item_set_project (self, project);
  return self;
}

const BansouProject *
bansou_procurement_item_get_project (BansouProcurementItem *self)
{
  return self->project;
}

/* Returns: (nullable): the share table, or %NULL when the split fails */
static void
ensure_split (BansouProcurementItem *self)
{
  if (self->split_done)
    return;
  self->split_done = TRUE;
  /* The table takes the project over when the split works */
  self->shares = bansou_share_table_compute (self->project, &self->split_error);
}

const BansouShareTable *
bansou_procurement_item_get_shares (BansouProcurementItem *self)
{
  ensure_split (self);
  return self->shares;
}

const GError *
bansou_procurement_item_get_split_error (BansouProcurementItem *self)
{
  ensure_split (self);
  return self->split_error;
}

const char *
bansou_procurement_item_get_id (BansouProcurementItem *self)
{
  return self->project->id;
}

const char *
bansou_procurement_item_get_lead_name (BansouProcurementItem *self)
{
  return self->lead_name;
}

/* 令和8年4月1日 – 令和13年3月31日, or "" */
const char *
bansou_procurement_item_get_period (BansouProcurementItem *self)
{
  return self->period;
}

/* Title, type, lead, council and vendor, case-folded for the search */
const char *
bansou_procurement_item_get_search_text (BansouProcurementItem *self)
{
  return self->search_text;
}

/* Returns: the savings over the participants with an estimate, -1 when
 *   there is no estimate or no split */
gint64
bansou_procurement_item_get_savings (BansouProcurementItem *self)
{
  ensure_split (self);
  if (self->shares == NULL || self->shares->standalone_total <= 0)
    return -1;
  return self->shares->savings_total;
}
