/* bansou-code.c — 全国地方公共団体コード (local government codes)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A code is five digits (two for the prefecture, three for the body) and a
 * check digit: the digits are weighted 6, 5, 4, 3, 2, the sum is divided by
 * 11 and the check digit is 11 minus the remainder, keeping only the last
 * digit (remainder 0 gives 1, remainder 1 gives 0).
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
