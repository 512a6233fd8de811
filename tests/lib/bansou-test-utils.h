/* bansou-test-utils.h — shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-core.h"

G_BEGIN_DECLS

/* A fresh folder for this test, removed at exit. */
char        *bansou_test_make_dir    (void);
/* A path for a new database file inside a fresh folder. */
char        *bansou_test_db_path     (void);
BansouStore *bansou_test_open_store  (char **out_path);
/* Bytes of a file, for "left unchanged" assertions. */
GBytes      *bansou_test_read_file   (const char *path);
/* Runs bansouctl (from $BANSOUCTL) with --database @db and @args;
 * returns its exit status and fills @out / @err (nullable). */
int          bansou_test_run_ctl     (const char          *db,
                                      const char * const  *args,
                                      char               **out,
                                      char               **err);
/* Appends @block to the section "## @heading" of the Markdown file at
 * @path (docs/benchmarks.md), starting the section with @intro if it is
 * not there yet. */
void         bansou_test_append_figures (const char *path,
                                         const char *heading,
                                         const char *intro,
                                         const char *block);
void         bansou_test_init        (int    *argc,
                                      char ***argv);

G_END_DECLS
