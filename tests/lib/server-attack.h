/* server-attack.h — silent and slow sockets against a real bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Finding 4 of issue 9: sockets that connect and never send a TLS
 * ClientHello ("silent"), and sockets that finish the handshake and then
 * send a request's headers one byte a second ("slow"). Each socket binds
 * its own source address in 127.0.0.FIRST… (loopback answers the whole of
 * 127/8), so the server's per-address caps see several attackers; normal
 * clients keep 127.0.0.1. The slow sockets dribble from a thread of their
 * own, so the test or benchmark can send normal requests meanwhile.
 */
#pragma once

#include "server-harness.h"

G_BEGIN_DECLS

typedef struct _BsvAttack BsvAttack;

BsvAttack *bsv_attack_new         (BsvServer  *server,
                                   guint       first_address,
                                   guint       n_addresses);
/* Both return how many connected (and, for slow ones, finished the handshake). */
guint      bsv_attack_silent      (BsvAttack  *attack,
                                   guint       n);
guint      bsv_attack_slow        (BsvAttack  *attack,
                                   guint       n);
/* How many silent sockets the server has closed, waiting up to @timeout_ms
 * (with poll(), no sleeps) for at least @want of them. */
guint      bsv_attack_wait_silent_closed (BsvAttack *attack,
                                          guint      want,
                                          int        timeout_ms);
guint      bsv_attack_refill      (BsvAttack  *attack);
guint      bsv_attack_silent_open (BsvAttack  *attack);
guint      bsv_attack_slow_open   (BsvAttack  *attack);
int        bsv_connect_from       (BsvServer  *server,
                                   guint       last_octet);
gboolean   bsv_fd_closed_by_peer  (int         fd,
                                   int         timeout_ms);
void       bsv_attack_free        (BsvAttack  *attack);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsvAttack, bsv_attack_free)

G_END_DECLS
