/* bansou-ticket-item.h — one ticket of the 相談 queue as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>

#include "bansou-core.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_TICKET_ITEM (bansou_ticket_item_get_type ())

G_DECLARE_FINAL_TYPE (BansouTicketItem, bansou_ticket_item, BANSOU, TICKET_ITEM, GObject)

/* Takes @ticket (a list form: no messages or attachments needed). */
BansouTicketItem      *bansou_ticket_item_new        (BansouConsult    *consult,
                                                      BansouTicket     *ticket);
const BansouTicket    *bansou_ticket_item_get_ticket (BansouTicketItem *self);
BansouConsult         *bansou_ticket_item_get_consult (BansouTicketItem *self);
const char            *bansou_ticket_item_get_id     (BansouTicketItem *self);
/* Takes @ticket; notifies "ticket" so the shown cells refill. */
void                   bansou_ticket_item_set_ticket (BansouTicketItem *self,
                                                      BansouTicket     *ticket);
/* Where the ticket stands against its SLAs, computed when first asked
 * (only for the rows on screen) and kept until the ticket changes or
 * bansou_ticket_item_expire_sla(), which notifies "sla" when there was
 * one. NULL when it cannot be computed. */
const BansouTicketSla *bansou_ticket_item_get_sla    (BansouTicketItem *self);
void                   bansou_ticket_item_expire_sla (BansouTicketItem *self);

/* The clock that matters now: the first response until it is given,
 * then the resolution; NULL once both are stopped. */
const BansouSlaClock  *bansou_ticket_sla_current     (const BansouTicketSla *sla);
/* "残り 2時間15分", "超過 1日", "保留中", "期限内に回答" … and the style
 * class for it ("success", "warning", "error", "dim-label" or NULL). */
char                  *bansou_sla_clock_describe     (BansouConsult        *consult,
                                                      const BansouSlaClock *clock,
                                                      const char          **css_class);

G_END_DECLS
