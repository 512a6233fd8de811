/* bansou-fuzz.h — the one entry every libFuzzer harness in tests/fuzz follows
 *
 * A harness is one file:
 *
 *   #include "bansou-fuzz.h"
 *   static void fuzz_setup (void) { … once: a temporary database, a server config … }
 *   static void fuzz_one (const guint8 *data, gsize size) { … one input … }
 *   BANSOU_FUZZ_MAIN (fuzz_setup, fuzz_one)
 *
 * plus one line in tests/fuzz/meson.build and a few seed files in
 * tests/fuzz/corpus/<name>/. A g_warning() or g_critical() is a finding
 * (fatal), as is anything AddressSanitizer or UBSan sees, and so is a
 * bansou_fuzz_expect() that fails. The harnesses: fuzz-json-strict (the
 * gate), fuzz-server-body (bansou-server's reading and validation of a
 * request body), fuzz-sync-answers (the sync client's reading of feed
 * pages and batch answers), fuzz-csv (the CSV answer import).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

#define bansou_fuzz_expect(cond, ...)                                        \
  G_STMT_START {                                                             \
    if (G_UNLIKELY (!(cond)))                                                \
      {                                                                      \
        fprintf (stderr, "bansou_fuzz_expect (%s) failed at %s:%d: ",        \
                 #cond, __FILE__, __LINE__);                                 \
        fprintf (stderr, __VA_ARGS__);                                       \
        fputc ('\n', stderr);                                                \
        abort ();                                                            \
      }                                                                      \
  } G_STMT_END

/* Before GLib is first used: plain malloc, so ASan sees every block. */
static inline void
bansou_fuzz_init_glib (void)
{
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

#define BANSOU_FUZZ_MAIN(setup, one)                                         \
  int                                                                        \
  LLVMFuzzerInitialize (int *argc, char ***argv)                             \
  {                                                                          \
    bansou_fuzz_init_glib ();                                                \
    setup ();                                                                \
    return 0;                                                                \
  }                                                                          \
                                                                             \
  int                                                                        \
  LLVMFuzzerTestOneInput (const guint8 *data, size_t size)                   \
  {                                                                          \
    one (data, size);                                                        \
    return 0;                                                                \
  }
