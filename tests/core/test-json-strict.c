/* test-json-strict.c — only RFC 8259 JSON gets to json-glib (issue 9, items 1–3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <pthread.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "bansou-json-strict.h"

#define DEPTH BANSOU_JSON_STRICT_MAX_DEPTH
#define SIZE  BANSOU_JSON_STRICT_MAX_SIZE

#include "test-json-strict-cases.h"

static void
test_cases (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *at = NULL;
      gsize offset = G_MAXSIZE;
      gboolean ok;

      g_test_message ("%s", c->name);
      ok = bansou_json_strict_validate (c->data, c->length, DEPTH, SIZE, &offset, &error);
      if (c->code == VALID)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, BANSOU_JSON_STRICT_ERROR, c->code);
          if (c->offset >= 0)
            g_assert_cmpuint (offset, ==, (gsize) c->offset);
          /* the offset is in the message too */
          at = g_strdup_printf ("%" G_GSIZE_FORMAT, offset);
          g_assert_nonnull (strstr (error->message, at));
        }
    }
}

/* What json-glib 1.6 takes: the reason this module exists. If json-glib
 * ever becomes strict, these cases show it and the gate can go. */
static void
test_json_glib_is_lenient (void)
{
  const char *lenient[] = { "{\"note\":'x'}", "{\"a\":1 /* c */}", "{\"note\":\"a\nb\"}" };

  for (gsize i = 0; i < G_N_ELEMENTS (lenient); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;

      g_assert_true (json_parser_load_from_data (parser, lenient[i], -1, NULL));
      root = bansou_json_strict_parse (lenient[i], -1, DEPTH, SIZE, &error);
      g_assert_null (root);
      g_assert_error (error, BANSOU_JSON_STRICT_ERROR,
                      (i == 2 ? BANSOU_JSON_STRICT_ERROR_STRING : BANSOU_JSON_STRICT_ERROR_SYNTAX));
    }
}

/* Issue 9 item 1: a '"' inside a single-quoted string made the old depth
 * scan think the rest was a string, and 100,000 levels reached json-glib. */
static void
test_quote_hides_nesting (void)
{
  g_autoptr(GString) s = g_string_new ("{\"x\":'\"',\"y\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize offset = 0;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (s, ']');
  g_string_append (s, ",\"z\":'\"'}");

  g_assert_false (bansou_json_strict_validate (s->str, s->len, DEPTH, 8 * SIZE, &offset, &error));
  g_assert_error (error, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_SYNTAX);
  g_assert_cmpuint (offset, ==, 5);
  g_clear_error (&error);

  /* parse never reaches json-glib with it */
  root = bansou_json_strict_parse (s->str, s->len, DEPTH, 8 * SIZE, &error);
  g_assert_null (root);
  g_assert_error (error, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_SYNTAX);
}

static char *
nested (guint        depth,
        const char  *inner)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, i % 2 ? "{\"k\":" : "[");
  g_string_append (s, inner);
  for (guint i = depth; i > 0; i--)
    g_string_append (s, (i - 1) % 2 ? "}" : "]");
  return g_string_free (s, FALSE);
}

static void
test_depth (void)
{
  g_autofree char *at_limit = nested (DEPTH, "1");
  g_autofree char *over = nested (DEPTH + 1, "1");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize offset = 0;

  root = bansou_json_strict_parse (at_limit, -1, DEPTH, SIZE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);

  g_assert_false (bansou_json_strict_validate (over, -1, DEPTH, SIZE, &offset, &error));
  g_assert_error (error, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_TOO_DEEP);
  /* the opener past the limit: DEPTH / 2 × "[" and DEPTH / 2 × {"k": before it */
  g_assert_cmpuint (offset, ==, DEPTH / 2 * (1 + 5));
}

typedef struct
{
  const char *data;
  gsize       length;
  guint       depth;
  gboolean    ok;
  int         code;
  gsize       offset;
} Run;

static void *
validate_thread (void *data)
{
  Run *run = data;
  GError *error = NULL;

  run->ok = bansou_json_strict_validate (run->data, run->length, run->depth, G_MAXSIZE, &run->offset, &error);
  run->code = error ? error->code : -1;
  g_clear_error (&error);
  return NULL;
}

/* Runs the validator on a thread with a 128 KiB stack: a recursive scanner
 * would need far more for 4,096 levels (and crash), this one needs the same
 * whatever the depth. */
static void
validate_small_stack (Run *run)
{
  pthread_attr_t attr;
  pthread_t thread;

  g_assert_cmpint (pthread_attr_init (&attr), ==, 0);
  g_assert_cmpint (pthread_attr_setstacksize (&attr, 128 * 1024), ==, 0);
  g_assert_cmpint (pthread_create (&thread, &attr, validate_thread, run), ==, 0);
  g_assert_cmpint (pthread_join (thread, NULL), ==, 0);
  pthread_attr_destroy (&attr);
}

static void
test_not_recursive (void)
{
  const gsize n = 10 * 1000 * 1000;
  g_autofree char *deep = g_malloc (n);
  g_autofree char *at_cap = nested (BANSOU_JSON_STRICT_DEPTH_CAP, "\"x\"");
  Run run;
  gint64 start;

  /* 10,000,000 '[': refused at the limit, in one pass that stops there */
  memset (deep, '[', n);
  run = (Run) { deep, n, DEPTH };
  start = g_get_monotonic_time ();
  validate_small_stack (&run);
  g_test_message ("10,000,000 × '[' refused in %" G_GINT64_FORMAT " µs", g_get_monotonic_time () - start);
  g_assert_false (run.ok);
  g_assert_cmpint (run.code, ==, BANSOU_JSON_STRICT_ERROR_TOO_DEEP);
  g_assert_cmpuint (run.offset, ==, DEPTH);

  run = (Run) { deep, n, BANSOU_JSON_STRICT_DEPTH_CAP };
  validate_small_stack (&run);
  g_assert_false (run.ok);
  g_assert_cmpint (run.code, ==, BANSOU_JSON_STRICT_ERROR_TOO_DEEP);
  g_assert_cmpuint (run.offset, ==, BANSOU_JSON_STRICT_DEPTH_CAP);

  /* the deepest allowed document, arrays and objects mixed, on that stack */
  run = (Run) { at_cap, strlen (at_cap), BANSOU_JSON_STRICT_DEPTH_CAP };
  validate_small_stack (&run);
  g_assert_true (run.ok);
}

static void
test_size (void)
{
  g_autoptr(GError) error = NULL;
  gsize offset = 0;
  /* invalid too, but the size is what is reported: it is checked first */
  const char *big = "{'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'}";

  g_assert_true (bansou_json_strict_validate ("[\"0123456789\"]", -1, DEPTH, 14, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (bansou_json_strict_validate ("[\"0123456789\"]", -1, DEPTH, 13, &offset, &error));
  g_assert_error (error, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_TOO_LARGE);
  g_assert_cmpuint (offset, ==, 13);
  g_clear_error (&error);
  g_assert_false (bansou_json_strict_validate (big, -1, DEPTH, 16, NULL, &error));
  g_assert_error (error, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_TOO_LARGE);
}

/* What json-glib makes of accepted input is what the sender meant. */
static void
test_parse_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) number = NULL;
  JsonObject *obj;

  root = bansou_json_strict_parse ("{\"note\":\"a\\ud83d\\ude00b\\u3042\\n\",\"n\":-0.0e+10}", -1, DEPTH, SIZE, &error);
  g_assert_no_error (error);
  obj = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (obj, "note"), ==, "a\xF0\x9F\x98\x80" "b\xE3\x81\x82\n");
  g_assert_cmpfloat (json_object_get_double_member (obj, "n"), ==, 0.0);

  number = bansou_json_strict_parse ("-9223372036854775808", -1, DEPTH, SIZE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_int (number), ==, G_MININT64);
}

/* What is accepted, json-glib writes back as strict JSON: a record that
 * passes the gate on the way in cannot poison a feed on the way out. */
static void
test_round_trip (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *out = NULL;

      if (c->code != VALID)
        continue;
      g_test_message ("%s", c->name);
      root = bansou_json_strict_parse (c->data, c->length, DEPTH, SIZE, &error);
      g_assert_no_error (error);
      out = json_to_string (root, FALSE);
      g_assert_true (bansou_json_strict_validate (out, -1, DEPTH, SIZE, NULL, &error));
      g_assert_no_error (error);
    }
}

static void
test_text (void)
{
  g_autoptr(GError) error = NULL;
  const char *refused[] = {
    "a\rb", "bell\x07", "esc\x1B[2J", "del\x7F", "nel\xC2\x85", "csi\xC2\x9B", "bad\xC0\xAF", "sur\xED\xA0\x80",
  };

  g_assert_true (bansou_json_strict_check_text ("note", "副市長を任命\n\t「CISO」😀", -1, &error));
  g_assert_no_error (error);
  g_assert_true (bansou_json_strict_check_text ("note", "", -1, &error));
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("refused[%" G_GSIZE_FORMAT "]", i);
      g_assert_false (bansou_json_strict_check_text ("evidence", refused[i], -1, &error));
      g_assert_error (error, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_TEXT);
      g_assert_nonnull (strstr (error->message, "evidence"));
      g_clear_error (&error);
    }

  /* a NUL inside the given length */
  g_assert_false (bansou_json_strict_check_text ("note", "a\0b", 3, &error));
  g_assert_error (error, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_TEXT);
  g_assert_nonnull (strstr (error->message, "note"));
}

static void
test_tree (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) good = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(JsonNode) bad_name = NULL;

  good = bansou_json_strict_parse ("{\"ops\":[{\"record\":{\"note\":\"a\\nb\\tc\",\"n\":1,\"x\":null}}]}", -1,
                                   DEPTH, SIZE, &error);
  g_assert_no_error (error);
  g_assert_true (bansou_json_strict_check_tree (good, &error));
  g_assert_no_error (error);

  /* valid JSON (the escape is legal), refused as text, with its path */
  bad = bansou_json_strict_parse ("{\"ops\":[{\"record\":{\"x\":\"ok\"}},{\"record\":{\"note\":\"a\\u0007b\"}}]}", -1,
                                  DEPTH, SIZE, &error);
  g_assert_no_error (error);
  g_assert_false (bansou_json_strict_check_tree (bad, &error));
  g_assert_error (error, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_TEXT);
  g_assert_nonnull (strstr (error->message, "ops[1].record.note"));
  g_clear_error (&error);

  bad_name = bansou_json_strict_parse ("{\"a\\rb\":1}", -1, DEPTH, SIZE, &error);
  g_assert_no_error (error);
  g_assert_false (bansou_json_strict_check_tree (bad_name, &error));
  g_assert_error (error, BANSOU_JSON_STRICT_ERROR, BANSOU_JSON_STRICT_ERROR_TEXT);
}

/* A text is plain only if no string of it can fail the text rule; each
 * plain one's tree passes, each that is not holds a string that fails. */
static void
test_plain (void)
{
  static const struct { const char *json; gboolean plain; } cases[] = {
    { "{\"note\":\"a\\nb\\tc \\\" \\/ 北海道\",\"n\":1}", TRUE },
    { "[\"\\\\u0007\"]", TRUE },                 /* an escaped backslash, then "u0007" */
    { "{\n\t\"a\" :\r\n [1, 2]}", TRUE },         /* whitespace between tokens */
    { "[\"a\\u0007b\"]", FALSE },
    { "[\"a\\u0041\"]", FALSE },                   /* any \\u: decided by the tree check */
    { "[\"a\\rb\"]", FALSE },
    { "[\"a\\bb\"]", FALSE },
    { "[\"a\\fb\"]", FALSE },
    { "{\"a\\rb\":1}", FALSE },                    /* a member name */
    { "[\"a\x7f\"]", FALSE },                       /* DEL */
    { "[\"a\xc2\x85\"]", FALSE },                  /* U+0085, a C1 control */
    { "[\"\xc2\xa9\"]", TRUE },                    /* U+00A9 is not one */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = bansou_json_strict_parse (cases[i].json, -1, DEPTH, SIZE, &error);
      gboolean plain = bansou_json_strict_text_is_plain (cases[i].json, strlen (cases[i].json));

      g_test_message ("%u: %s", i, cases[i].json);
      g_assert_no_error (error);
      g_assert_cmpint (plain, ==, cases[i].plain);
      if (plain)
        g_assert_true (bansou_json_strict_check_tree (root, NULL));
    }
}


int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-strict/cases", test_cases);
  g_test_add_func ("/json-strict/json-glib-is-lenient", test_json_glib_is_lenient);
  g_test_add_func ("/json-strict/quote-hides-nesting", test_quote_hides_nesting);
  g_test_add_func ("/json-strict/depth", test_depth);
  g_test_add_func ("/json-strict/not-recursive", test_not_recursive);
  g_test_add_func ("/json-strict/size", test_size);
  g_test_add_func ("/json-strict/parse-values", test_parse_values);
  g_test_add_func ("/json-strict/round-trip", test_round_trip);
  g_test_add_func ("/json-strict/text", test_text);
  g_test_add_func ("/json-strict/tree", test_tree);
  g_test_add_func ("/json-strict/plain", test_plain);

  return g_test_run ();
}
