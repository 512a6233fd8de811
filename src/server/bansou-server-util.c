/* bansou-server-util.c — small pure helpers of bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-server"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <glib/gi18n.h>

#include "bansou-code.h"
#include "bansou-server-util.h"

static const char * const role_ids[BANSOU_N_ROLES] = {
  [BANSOU_ROLE_NATIONAL]   = "national",
  [BANSOU_ROLE_PREFECTURE] = "prefecture",
  [BANSOU_ROLE_BODY]       = "body",
};

const char *
bansou_role_to_string (BansouRole role)
{
  g_return_val_if_fail (role < BANSOU_N_ROLES, NULL);
  return role_ids[role];
}

/* Returns: the role, or %BANSOU_N_ROLES if @str names none */
BansouRole
bansou_role_from_string (const char *str)
{
  for (guint i = 0; i < BANSOU_N_ROLES; i++)
    if (g_strcmp0 (str, role_ids[i]) == 0)
      return i;
  return BANSOU_N_ROLES;
}

/**
 * bansou_server_new_token:
 *
 * 32 bytes from the kernel's cryptographic generator (getrandom(2), the
 * same source as /dev/urandom; GRand is not cryptographic), as
 * "bns_" + unpadded base64url.
 *
 * Returns: (transfer full): the token, or %NULL
 */
char *
bansou_server_new_token (GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  guchar raw[32];
  gsize got = 0;
  g_autofree char *b64 = NULL;

  while (got < sizeof raw)
    {
      ssize_t n = getrandom (raw + got, sizeof raw - got, 0);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Cannot read random bytes for a token: %s"), g_strerror (saved_errno));
          return NULL;
        }
      got += n;
    }

  b64 = g_base64_encode (raw, sizeof raw);
  memset (raw, 0, sizeof raw);
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_strdelimit (b64, "=", '\0');

  return g_strconcat ("bns_", b64, NULL);
}

/* Returns: (transfer full): the SHA-256 of @token in hex: only this is stored */
char *
bansou_server_hash_token (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static gboolean
is_prefecture (const char *scope)
{
  int pref;

  if (scope == NULL || strlen (scope) != 2 || !g_ascii_isdigit (scope[0]) || !g_ascii_isdigit (scope[1]))
    return FALSE;
  pref = (scope[0] - '0') * 10 + (scope[1] - '0');
  return pref >= 1 && pref <= 47;
}

/* national: "00"; prefecture: "34"; body: a body code. */
gboolean
bansou_server_scope_valid (BansouRole  role,
                           const char *scope)
{
  switch (role)
    {
    case BANSOU_ROLE_NATIONAL:
      return g_strcmp0 (scope, "00") == 0;
    case BANSOU_ROLE_PREFECTURE:
      return is_prefecture (scope);
    case BANSOU_ROLE_BODY:
      return bansou_code_is_body (scope);
    case BANSOU_N_ROLES:
    default:
      return FALSE;
    }
}

/**
 * bansou_server_in_scope:
 * @code: a body code from the request path
 *
 * The one authorization rule for bodies: the nation sees all, a prefecture
 * its own codes (first two digits) and its own X-codes, a body itself.
 */
gboolean
bansou_server_in_scope (BansouRole  role,
                        const char *scope,
                        const char *code)
{
  g_autofree char *pref = NULL;

  if (!bansou_code_is_body (code))
    return FALSE;

  switch (role)
    {
    case BANSOU_ROLE_NATIONAL:
      return TRUE;
    case BANSOU_ROLE_PREFECTURE:
      pref = bansou_code_prefecture_digits (code);
      return g_strcmp0 (pref, scope) == 0;
    case BANSOU_ROLE_BODY:
      return g_strcmp0 (code, scope) == 0;
    case BANSOU_N_ROLES:
    default:
      return FALSE;
    }
}

/* 'YYYY-MM-DD' naming a real day. */
gboolean
bansou_server_date_valid (const char *date)
{
  int y, m, d;

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;
  y = atoi (date);
  m = atoi (date + 5);
  d = atoi (date + 8);
  return y >= 1900 && y <= 9999 && g_date_valid_dmy (d, m, y);
}

