/* bansou-code.c — 全国地方公共団体コード (local government codes)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A code is five digits (two for the prefecture, three for the body) and a
 * check digit: the digits are weighted 6, 5, 4, 3, 2, the sum is divided by
 * 11 and the check digit is 11 minus the remainder, keeping only the last
 * digit (remainder 0 gives 1, remainder 1 gives 0).
 *
 * Bodies outside the national registry (unions, agencies, universities)
 * that a prefecture adds get a private code "X34001": the rules of both
 * kinds live here, and the workbench, its sync and the server ask.
 */
#define G_LOG_DOMAIN "bansou-code"

#include "config.h"

#include <string.h>

#include "bansou-code.h"

/**
 * bansou_code_check_digit:
 * @first_five: at least five ASCII digits
 *
 * Returns: the check digit, or -1 if @first_five is not five digits
 */
int
bansou_code_check_digit (const char *first_five)
{
  static const int weights[] = { 6, 5, 4, 3, 2 };
  int sum = 0;

  g_return_val_if_fail (first_five != NULL, -1);

  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    {
      if (!g_ascii_isdigit (first_five[i]))
        return -1;
      sum += (first_five[i] - '0') * weights[i];
    }

  return (11 - sum % 11) % 10;
}

/**
 * bansou_code_is_valid:
 * @code: (nullable): a candidate code
 *
 * Returns: %TRUE if @code is six digits, names a prefecture 01–47 and its
 *   check digit is right
 */
gboolean
bansou_code_is_valid (const char *code)
{
  int pref;

  if (code == NULL || strlen (code) != 6)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;

  pref = (code[0] - '0') * 10 + (code[1] - '0');
  if (pref < 1 || pref > 47)
    return FALSE;

  return bansou_code_check_digit (code) == code[5] - '0';
}

/**
 * bansou_code_prefecture_of:
 * @code: a valid code
 *
 * Returns: (transfer full): the prefecture's own six-digit code
 *   (e.g. "340006" for any code starting with 34)
 */
char *
bansou_code_prefecture_of (const char *code)
{
  char buf[7] = { 0 };

  g_return_val_if_fail (code != NULL && strlen (code) >= 2, NULL);

  buf[0] = code[0];
  buf[1] = code[1];
  buf[2] = buf[3] = buf[4] = '0';
  buf[5] = '0' + bansou_code_check_digit (buf);

  return g_strdup (buf);
}

static gboolean
is_prefecture_number (const char *two)
{
  int pref;

  if (!g_ascii_isdigit (two[0]) || !g_ascii_isdigit (two[1]))
    return FALSE;
  pref = (two[0] - '0') * 10 + (two[1] - '0');
  return pref >= 1 && pref <= 47;
}

/**
 * bansou_code_is_private:
 * @code: (nullable): a candidate code
 *
 * Returns: %TRUE if @code is a private code: "X", a prefecture 01–47 and
 *   three digits, e.g. "X34001"
 */
gboolean
bansou_code_is_private (const char *code)
{
  if (code == NULL || strlen (code) != 6 || code[0] != BANSOU_CODE_PRIVATE_PREFIX[0])
    return FALSE;
  for (guint i = 1; i < 6; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return is_prefecture_number (code + 1);
}

/**
 * bansou_code_is_body:
 * @code: (nullable): a candidate code
 *
 * Returns: %TRUE if @code can name a body: a valid 全国地方公共団体コード
 *   or a private code
 */
gboolean
bansou_code_is_body (const char *code)
{
  return bansou_code_is_valid (code) || bansou_code_is_private (code);
}

/**
 * bansou_code_prefecture_digits:
 * @code: (nullable): a body's code
 *
 * Returns: (transfer full) (nullable): the two digits of the prefecture
 *   the body belongs to ("34" for "342025" and for "X34001"), or %NULL if
 *   @code names no body
 */
char *
bansou_code_prefecture_digits (const char *code)
{
  if (bansou_code_is_valid (code))
    return g_strndup (code, 2);
  if (bansou_code_is_private (code))
    return g_strndup (code + 1, 2);
  return NULL;
}

/**
 * bansou_code_private_new:
 * @prefecture: the two digits of a prefecture, "01" to "47"
 * @serial: 1 to %BANSOU_CODE_PRIVATE_MAX
 *
 * Returns: (transfer full) (nullable): the private code, e.g. "X34001",
 *   or %NULL when @prefecture or @serial is out of range (a prefecture
 *   that has used up its serials)
 */
char *
bansou_code_private_new (const char *prefecture,
                         guint       serial)
{
  g_return_val_if_fail (prefecture != NULL, NULL);

  if (strlen (prefecture) != 2 || !is_prefecture_number (prefecture) ||
      serial < 1 || serial > BANSOU_CODE_PRIVATE_MAX)
    return NULL;
  return g_strdup_printf (BANSOU_CODE_PRIVATE_PREFIX "%s%03u", prefecture, serial);
}
