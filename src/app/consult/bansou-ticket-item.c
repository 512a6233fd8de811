/* bansou-ticket-item.c — one ticket of the 相談 queue as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The queue holds one of these per ticket, read in one query by
 * bansou_consult_list(). The SLA is the costly part (office time on the
 * government calendar): it is computed for a row when the row is first
 * drawn, never for the 10,000 rows the queue may hold.
 */
#define G_LOG_DOMAIN "bansou-consult-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-ticket-item.h"

struct _BansouTicketItem
{
  GObject          parent_instance;

  BansouConsult   *consult;
  BansouTicket    *ticket;
  BansouTicketSla  sla;
  gboolean         have_sla;
};

G_DEFINE_FINAL_TYPE (BansouTicketItem, bansou_ticket_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TICKET,
  PROP_SLA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bansou_ticket_item_finalize (GObject *object)
{
  BansouTicketItem *self = (BansouTicketItem *)object;

  bansou_ticket_sla_clear (&self->sla);
  g_clear_pointer (&self->ticket, bansou_ticket_free);
  g_clear_object (&self->consult);
  G_OBJECT_CLASS (bansou_ticket_item_parent_class)->finalize (object);
}

static void
bansou_ticket_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BansouTicketItem *self = BANSOU_TICKET_ITEM (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      g_value_set_pointer (value, self->ticket);
      break;
    case PROP_SLA:
      g_value_set_pointer (value, self->have_sla ? &self->sla : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_ticket_item_class_init (BansouTicketItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bansou_ticket_item_finalize;
  object_class->get_property = bansou_ticket_item_get_property;

  properties[PROP_TICKET] =
    g_param_spec_pointer ("ticket", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Notified when the SLA is to be computed again (the clock moved on). */
  properties[PROP_SLA] =
    g_param_spec_pointer ("sla", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bansou_ticket_item_init (BansouTicketItem *self)
{
}

BansouTicketItem *
bansou_ticket_item_new (BansouConsult *consult,
                        BansouTicket  *ticket)
{
  BansouTicketItem *self;

  g_return_val_if_fail (BANSOU_IS_CONSULT (consult), NULL);
  g_return_val_if_fail (ticket != NULL, NULL);

  self = g_object_new (BANSOU_TYPE_TICKET_ITEM, NULL);
  self->consult = g_object_ref (consult);
  self->ticket = ticket;
  return self;
}

const BansouTicket *
bansou_ticket_item_get_ticket (BansouTicketItem *self)
{
  g_return_val_if_fail (BANSOU_IS_TICKET_ITEM (self), NULL);
  return self->ticket;
}

BansouConsult *
bansou_ticket_item_get_consult (BansouTicketItem *self)
{
  g_return_val_if_fail (BANSOU_IS_TICKET_ITEM (self), NULL);
  return self->consult;
}

const char *
bansou_ticket_item_get_id (BansouTicketItem *self)
{
  g_return_val_if_fail (BANSOU_IS_TICKET_ITEM (self), NULL);
  return self->ticket->id;
}

void
bansou_ticket_item_set_ticket (BansouTicketItem *self,
                               BansouTicket     *ticket)
{
  g_return_if_fail (BANSOU_IS_TICKET_ITEM (self));
  g_return_if_fail (ticket != NULL);

  if (ticket == self->ticket)
    return;
  g_clear_pointer (&self->ticket, bansou_ticket_free);
  self->ticket = ticket;
  bansou_ticket_item_expire_sla (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

const BansouTicketSla *
bansou_ticket_item_get_sla (BansouTicketItem *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (BANSOU_IS_TICKET_ITEM (self), NULL);

  if (!self->have_sla)
    {
      if (!bansou_consult_compute_sla (self->consult, self->ticket, NULL, &self->sla, &error))
        {
          g_debug ("No SLA for consultation %d: %s", (int) self->ticket->number, error->message);
          return NULL;
        }
      self->have_sla = TRUE;
    }
  return &self->sla;
}

void
bansou_ticket_item_expire_sla (BansouTicketItem *self)
{
  g_return_if_fail (BANSOU_IS_TICKET_ITEM (self));

  if (!self->have_sla)
    return;
  bansou_ticket_sla_clear (&self->sla);
  self->have_sla = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLA]);
}

const BansouSlaClock *
bansou_ticket_sla_current (const BansouTicketSla *sla)
{
  if (sla == NULL)
    return NULL;
  if (!sla->first_response.stopped)
    return &sla->first_response;
  if (!sla->resolution.stopped)
    return &sla->resolution;
  return NULL;
}

char *
bansou_sla_clock_describe (BansouConsult        *consult,
                           const BansouSlaClock *clock,
                           const char          **css_class)
{
  const char *klass = NULL;
  char *text;

  if (clock == NULL)
    {
      klass = "dim-label";
      text = g_strdup (_("Done"));
    }
  else if (clock->stopped)
    {
      klass = clock->met ? "success" : "error";
      text = g_strdup (clock->met ? _("Met") : _("Missed"));
    }
  else if (clock->paused)
    {
      klass = "dim-label";
      text = g_strdup (_("On hold"));
    }
  else
    {
      text = bansou_sla_format_remaining (consult, clock);
      if (clock->remaining < 0)
        klass = "error";
      /* The last quarter of the target, or less than an office hour. */
      else if (clock->remaining * 4 < clock->target || clock->remaining < 3600)
        klass = "warning";
      else
        klass = "success";
    }
  if (css_class != NULL)
    *css_class = klass;
  return text;
}
