/* ctl-heatmap.c — bansouctl heatmap: the app's heatmap as PNG or SVG, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The same model and renderer as the heatmap page, so a file written here
 * looks like the page (minus hover and focus).
 */
#define G_LOG_DOMAIN "bansouctl"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "bansou-heatmap-model.h"
#include "bansou-heatmap-render.h"
#include "ctl-private.h"

static const char *usage_text =
  N_("Usage:\n"
     "  bansouctl heatmap [--round R] (--png OUT | --svg OUT)\n"
     "                    [--mode questions|categories] [--sort score|kind|code|name]\n"
     "                    [--descending] [--weakness] [--width W]\n"
     "Without --round, the newest round is drawn. --weakness orders the questions\n"
     "of each category weakest first. A national desk's heatmap groups the bodies\n"
     "by prefecture.");

static const char * const sort_names[] = { "score", "kind", "code", "name", NULL };
static const char * const mode_names[] = { "questions", "categories", NULL };

static gboolean
parse_choice (const char         *option,
              const char         *value,
              const char * const *names,
              guint              *out,
              GError            **error)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (value, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }

  g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
               /* TRANSLATORS: "Unknown value “x” for --sort" */
               _("Unknown value “%s” for %s"), value, option);
  return FALSE;
}

int
ctl_cmd_heatmap (CtlContext  *ctx,
                 int          argc,
                 char       **argv,
                 GError     **error)
{
  g_autofree char *round = NULL;
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *sort = NULL;
  g_autofree char *scope = NULL;
  gboolean descending = FALSE;
  gboolean weakness = FALSE;
  int width = 1600;
  GOptionEntry entries[] = {
    { "round", 0, 0, G_OPTION_ARG_STRING, &round, NULL, NULL },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png, NULL, NULL },
    { "svg", 0, 0, G_OPTION_ARG_FILENAME, &svg, NULL, NULL },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, NULL, NULL },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, NULL, NULL },
    { "descending", 0, 0, G_OPTION_ARG_NONE, &descending, NULL, NULL },
    { "weakness", 0, 0, G_OPTION_ARG_NONE, &weakness, NULL, NULL },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, NULL, NULL },
    { NULL }
  };
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(BansouHeatmapModel) model = NULL;
  g_autoptr(BansouHeatmapRenderer) renderer = NULL;
  BansouStore *store;
  guint sort_key = BANSOU_HEATMAP_SORT_SCORE;
  guint columns = BANSOU_HEATMAP_COLUMNS_QUESTIONS;

  if (argc > 1 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      printf ("%s\n", _(usage_text));
      return 0;
    }

  if (!ctl_parse_options (entries, &argc, &argv, error))
    return 2;

  if (argc > 1 || (png == NULL) == (svg == NULL))
    {
      g_set_error_literal (error, CTL_ERROR, CTL_ERROR_USAGE,
                           _("Give one of --png OUT or --svg OUT; see “bansouctl heatmap --help”"));
      return 2;
    }
  if (width < 400 || width > 20000)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("The width must be between %d and %d pixels"), 400, 20000);
      return 2;
    }
  if ((sort && !parse_choice ("--sort", sort, sort_names, &sort_key, error)) ||
      (mode && !parse_choice ("--mode", mode, mode_names, &columns, error)))
    return 2;

  if (!(store = ctl_open_store (ctx, error)))
    return 1;

  if (!(scope = ctl_scope (store)))
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_FAILED,
                   _("No prefecture chosen yet: run “bansouctl init --prefecture NAME” first"));
      return 1;
    }

  if (round == NULL)
    {
      g_autoptr(GPtrArray) rounds = bansou_heatmap_list_rounds (store, error);

      if (rounds == NULL)
        return 1;
      if (rounds->len == 0)
        {
          g_set_error_literal (error, CTL_ERROR, CTL_ERROR_FAILED,
                               _("There are no survey rounds yet: create one, or load demo data with “bansouctl demo”"));
          return 1;
        }
      round = g_strdup (((BansouHeatmapRound *) g_ptr_array_index (rounds, 0))->id);
    }

  if (!(catalog = bansou_catalog_load_active (store, error)))
    return 1;

  registry = bansou_registry_new (store);
  model = bansou_heatmap_model_new (registry, catalog);
  bansou_heatmap_model_set_sort (model, sort_key, descending);
  bansou_heatmap_model_set_columns_mode (model, columns);
  bansou_heatmap_model_set_sort_by_weakness (model, weakness);
  if (!bansou_heatmap_model_load (model, round, scope, error))
    return 1;

  renderer = bansou_heatmap_renderer_new (model);
  bansou_heatmap_renderer_fit_width (renderer, width);
  if (!bansou_heatmap_renderer_export (renderer,
                                       png ? BANSOU_HEATMAP_FORMAT_PNG : BANSOU_HEATMAP_FORMAT_SVG,
                                       png ? png : svg, error))
    return 1;

  return 0;
}
