/* test-json-strict-jansson.c — the same cases through jansson 2.14
 *
 * The comparison behind the choice at the top of bansou-json-strict.c: would
 * jansson (libjansson-dev), a well-kept strict parser, have done as the gate?
 * On these cases, yes: it refuses and accepts exactly what the validator
 * does, but for the few numbers json-glib 1.6 would write back as
 * non-JSON (jansson_differs: 2e20, 1e-51), which only our gate needs. What rules it out is elsewhere (see bansou-json-strict.c): it
 * builds a second tree, its depth limit is a compile-time 2,048, and it
 * exports json_object_iter_next() as json-glib does, so the two cannot
 * share a process — this test is a program of its own for that reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <string.h>
#include <jansson.h>

#include "test-json-strict-cases.h"

static void
test_cases (void)
{
  guint differ = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      gsize len = c->length < 0 ? strlen (c->data) : (gsize) c->length;
      json_error_t jerror;
      json_t *value = json_loadb (c->data, len, JSON_DECODE_ANY, &jerror);
      gboolean jansson_ok = value != NULL;
      gboolean ours_ok = c->code == VALID;

      if (jansson_ok != ours_ok)
        {
          differ++;
          g_test_message ("jansson differs on “%s”: it %s%s%s", c->name, jansson_ok ? "accepts it" : "refuses it: ",
                          jansson_ok ? "" : jerror.text, "");
        }
      g_assert_cmpint (jansson_ok == ours_ok, ==, !c->jansson_differs);
      json_decref (value);
    }
  g_test_message ("%u of %u cases differ", differ, (guint) G_N_ELEMENTS (cases));
}

/* Depth: jansson's limit is a compile-time constant (JSON_PARSER_MAX_DEPTH,
 * 2048), ours a parameter (32 for bansou-server). */
static void
test_depth (void)
{
  g_autoptr(GString) s = g_string_new (NULL);
  json_error_t jerror;
  json_t *value;

  for (guint i = 0; i < 2000; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < 2000; i++)
    g_string_append_c (s, ']');
  value = json_loadb (s->str, s->len, 0, &jerror);
  g_assert_nonnull (value);   /* 2,000 levels accepted: a caller cannot lower it */
  json_decref (value);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-strict-jansson/cases", test_cases);
  g_test_add_func ("/json-strict-jansson/depth", test_depth);

  return g_test_run ();
}
