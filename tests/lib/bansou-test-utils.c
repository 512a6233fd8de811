/* bansou-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "bansou-test-utils.h"

static GPtrArray *dirs;

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) e = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                           G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (e && (info = g_file_enumerator_next_file (e, NULL, NULL)))
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

static void
cleanup_dirs (void)
{
  if (dirs == NULL)
    return;
  for (guint i = 0; i < dirs->len; i++)
    remove_tree (g_ptr_array_index (dirs, i));
  g_ptr_array_unref (dirs);
}

char *
bansou_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bansou-test-XXXXXX", &error);

  g_assert_no_error (error);
  if (dirs == NULL)
    {
      dirs = g_ptr_array_new_with_free_func (g_free);
      atexit (cleanup_dirs);
    }
  g_ptr_array_add (dirs, g_strdup (dir));

  return dir;
}

char *
bansou_test_db_path (void)
{
  g_autofree char *dir = bansou_test_make_dir ();
  return g_build_filename (dir, "bansou.db", NULL);
}

BansouStore *
bansou_test_open_store (char **out_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = bansou_test_db_path ();
  BansouStore *store = bansou_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  bansou_store_set_actor (store, "テスト担当");
  if (out_path)
    *out_path = g_steal_pointer (&path);

  return store;
}

GBytes *
bansou_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

int
bansou_test_run_ctl (const char          *db,
                     const char * const  *args,
                     char               **out,
                     char               **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *stdout_buf = NULL;
  g_autofree char *stderr_buf = NULL;
  const char *ctl = g_getenv ("BANSOUCTL");
  int status = 0;

  g_assert_nonnull (ctl);
  g_ptr_array_add (argv, (gpointer) ctl);
  if (db != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--database");
      g_ptr_array_add (argv, (gpointer) db);
    }
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &stdout_buf, &stderr_buf, &status, &error);
  g_assert_no_error (error);

  if (out)
    *out = g_steal_pointer (&stdout_buf);
  if (err)
    *err = g_steal_pointer (&stderr_buf);

  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return -1;
}

void
bansou_test_init (int    *argc,
                  char ***argv)
{
  setlocale (LC_ALL, "");
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  bansou_core_init ();
}

void
bansou_test_append_figures (const char *path,
                            const char *heading,
                            const char *intro,
                            const char *block)
{
  g_autofree char *text = NULL;
  g_autofree char *marker = g_strdup_printf ("\n## %s\n", heading);
  g_autoptr(GString) out = NULL;
  const char *section, *next;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    text = g_strdup ("# Benchmarks\n");
  out = g_string_new (text);

  section = strstr (out->str, marker);
  if (section == NULL)
    {
      if (out->len && out->str[out->len - 1] != '\n')
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "%s\n%s\n", marker, intro);
      g_string_append (out, block);
    }
  else
    {
      next = strstr (section + 1, "\n## ");
      if (next == NULL)
        g_string_append (out, block);
      else
        g_string_insert (out, next - out->str, block);
    }
  g_file_set_contents (path, out->str, -1, NULL);
}
