/* test-json-strict-cases.h — the cases of test-json-strict.c, shared with
 * test-json-strict-jansson.c (which cannot include json-glib)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-json-strict.h"

#define VALID (-1)

typedef struct
{
  const char *name;
  const char *data;
  gssize      length;     /* -1: NUL-terminated */
  int         code;       /* VALID or a BansouJsonStrictError */
  gssize      offset;     /* where the error is, -1 if not checked */
  gboolean    jansson_differs;
} Case;

static const Case cases[] G_GNUC_UNUSED = {
  /* issue 9 item 2: not JSON, yet json-glib 1.6 takes it */
  { "single-quoted string", "{\"note\":'x'}", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 8 },
  { "single-quoted name", "{'note':\"x\"}", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 1 },
  { "block comment", "{\"a\":1 /* c */}", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 7 },
  { "comment before a value", "{\"a\":/**/1}", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 5 },
  { "line comment first", "// x\n{}", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 0 },
  { "comment after the root", "{} /* */", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 3 },
  { "two roots", "{}{}", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 2 },
  { "two numbers", "1 2", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 2 },
  { "garbage after the root", "{\"a\":1}\nx", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 8 },
  { "raw newline in a string", "{\"note\":\"a\nb\"}", -1, BANSOU_JSON_STRICT_ERROR_STRING, 10 },
  { "raw tab in a string", "[\"a\tb\"]", -1, BANSOU_JSON_STRICT_ERROR_STRING, 3 },
  { "raw NUL in a string", "[\"a\0b\"]", 7, BANSOU_JSON_STRICT_ERROR_STRING, 3 },
  { "trailing comma in an array", "[1,]", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 3 },
  { "trailing comma in an object", "{\"a\":1,}", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 7 },
  { "missing colon", "{\"a\" 1}", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 5 },
  { "bare name", "{a:1}", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 1 },
  { "mismatched close", "[1}", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 2 },
  { "unclosed array", "[1", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 2 },
  { "unclosed string", "[\"abc", -1, BANSOU_JSON_STRICT_ERROR_STRING, 1 },
  { "empty", "", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 0 },
  { "white space only", " \n\t ", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 4 },
  { "byte-order mark", "\xEF\xBB\xBF{}", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 0 },
  { "unknown escape", "[\"\\x41\"]", -1, BANSOU_JSON_STRICT_ERROR_STRING, 2 },
  { "short \\u", "[\"\\u12\"]", -1, BANSOU_JSON_STRICT_ERROR_STRING, 2 },
  { "TRUE", "TRUE", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 0 },
  { "truncated literal", "[tru]", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 1 },

  /* issue 9 item 3: strings that poison the change feed */
  { "lone high surrogate", "{\"note\":\"x\\ud800y\"}", -1, BANSOU_JSON_STRICT_ERROR_STRING, 10 },
  { "lone high surrogate at the end", "[\"\\uD800\"]", -1, BANSOU_JSON_STRICT_ERROR_STRING, 2 },
  { "high surrogate then a letter", "[\"\\ud800\\u0041\"]", -1, BANSOU_JSON_STRICT_ERROR_STRING, 2 },
  { "two high surrogates", "[\"\\ud800\\ud800\"]", -1, BANSOU_JSON_STRICT_ERROR_STRING, 2 },
  { "lone low surrogate", "[\"\\udc00\"]", -1, BANSOU_JSON_STRICT_ERROR_STRING, 2 },
  { "\\u0000", "{\"note\":\"a\\u0000b\"}", -1, BANSOU_JSON_STRICT_ERROR_STRING, 10 },
  { "overlong slash", "[\"\xC0\xAF\"]", -1, BANSOU_JSON_STRICT_ERROR_ENCODING, 2 },
  { "overlong 3 bytes", "[\"\xE0\x80\xAF\"]", -1, BANSOU_JSON_STRICT_ERROR_ENCODING, 2 },
  { "overlong 4 bytes", "[\"\xF0\x80\x80\xAF\"]", -1, BANSOU_JSON_STRICT_ERROR_ENCODING, 2 },
  { "surrogate in UTF-8", "[\"\xED\xA0\x80\"]", -1, BANSOU_JSON_STRICT_ERROR_ENCODING, 2 },
  { "above U+10FFFF", "[\"\xF4\x90\x80\x80\"]", -1, BANSOU_JSON_STRICT_ERROR_ENCODING, 2 },
  { "F5 lead byte", "[\"\xF5\x80\x80\x80\"]", -1, BANSOU_JSON_STRICT_ERROR_ENCODING, 2 },
  { "lone continuation byte", "[\"a\x80\"]", -1, BANSOU_JSON_STRICT_ERROR_ENCODING, 3 },
  { "truncated sequence", "[\"\xE3\x81\"]", -1, BANSOU_JSON_STRICT_ERROR_ENCODING, 2 },
  { "truncated at the end", "[\"\xE3", -1, BANSOU_JSON_STRICT_ERROR_ENCODING, 2 },
  { "UTF-8 outside a string", "[\xE3\x81\x82]", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 1 },

  /* numbers */
  { "leading zero", "[01]", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 2 },
  { "minus alone", "[-]", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 2 },
  { "dot without digits", "[1.]", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 3 },
  { "leading dot", "[.5]", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 1 },
  { "plus sign", "[+1]", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 1 },
  { "exponent without digits", "[1e]", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 3 },
  { "hexadecimal", "[0x10]", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 2 },
  { "NaN", "[NaN]", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 1 },
  { "Infinity", "[-Infinity]", -1, BANSOU_JSON_STRICT_ERROR_SYNTAX, 2 },
  { "double overflow", "[1e999]", -1, BANSOU_JSON_STRICT_ERROR_NUMBER, 1 },
  { "integer overflow", "[99999999999999999999]", -1, BANSOU_JSON_STRICT_ERROR_NUMBER, 1 },
  /* valid JSON, but json-glib 1.6 writes them back as "2e+20.0", "1e-51.0" */
  { "2e20", "[2e20]", -1, BANSOU_JSON_STRICT_ERROR_NUMBER, 1, TRUE },
  { "1e-51", "[0,1e-51]", -1, BANSOU_JSON_STRICT_ERROR_NUMBER, 3, TRUE },
  { "large and small with digits", "[9007199254740993.0,-1.5e20,1.25e-51,1e16]", -1, VALID },

  /* valid edge cases */
  { "surrogate pair", "{\"note\":\"\\ud83d\\ude00\"}", -1, VALID },
  { "upper-case pair", "[\"\\uD83D\\uDE00\"]", -1, VALID },
  { "every escape", "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u3042\"]", -1, VALID },
  { "negative zero exponent", "-0.0e+10", -1, VALID },
  { "numbers", "[0,-0,1E5,1e-5,123.456e7,-9223372036854775808,9223372036854775807,1.5E+10]", -1, VALID },
  { "white space around the root", " \r\n\t{\"a\" : [ ] , \"b\" : { } }\n ", -1, VALID },
  { "scalars as the root", "\"text\"", -1, VALID },
  { "literals", "[true,false,null]", -1, VALID },
  { "Japanese", "{\"備考\":\"副市長を任命、「CISO」と呼称\",\"絵\":\"😀\"}", -1, VALID },
  { "four-byte UTF-8 at the top", "[\"\xF4\x8F\xBF\xBF\"]", -1, VALID },
  { "raw DEL is allowed by RFC 8259", "[\"\x7F\"]", -1, VALID },
};

