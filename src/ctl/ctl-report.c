/* ctl-report.c — bansouctl report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The regional status report, headless: the same pages the app prints,
 * written through a cairo PDF surface, and its tables as .xlsx and CSV.
 */
#define G_LOG_DOMAIN "bansouctl"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-report.h"
#include "ctl-private.h"

int
ctl_cmd_report (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(BansouCatalog) catalog = NULL;
  g_autoptr(BansouReport) report = NULL;
  g_autofree char *round = NULL;
  g_autofree char *pref_arg = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *scope = NULL;
  gboolean profiles = FALSE;
  BansouReportOptions report_options = { 0 };
  BansouStore *store;
  GOptionEntry entries[] = {
    { "round", 'r', 0, G_OPTION_ARG_STRING, &round,
      N_("The survey round, by its reference date (default: the latest)"), N_("YYYY-MM-DD") },
    { "prefecture", 'p', 0, G_OPTION_ARG_STRING, &pref_arg,
      N_("Report on this prefecture, or 全国 (default: the desk’s own)"), N_("PREFECTURE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write the report as PDF"), N_("FILE") },
    { "profiles", 0, 0, G_OPTION_ARG_NONE, &profiles, N_("Add a one-page profile of every body"), NULL },
    { "xlsx", 0, 0, G_OPTION_ARG_FILENAME, &xlsx, N_("Write the tables as an Excel workbook"), N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write the tables as CSV files into this folder"), N_("FOLDER") },
    { NULL }
  };

  g_set_prgname ("bansouctl report");
  options = g_option_context_new (NULL);
  g_option_context_set_summary (options, _("Write the regional status report of a survey round."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (options, &argc, &argv, error))
    {
      (*error)->domain = CTL_ERROR;
      (*error)->code = CTL_ERROR_USAGE;
      return 2;
    }

  if (argc > 1 || (pdf == NULL && xlsx == NULL && csv == NULL))
    {
      g_set_error_literal (error, CTL_ERROR, CTL_ERROR_USAGE,
                           _("Usage: bansouctl report [--round DATE] --pdf FILE [--profiles] [--xlsx FILE] [--csv FOLDER]"));
      return 2;
    }
  if (xlsx != NULL && !bansou_report_can_write_xlsx ())
    {
      g_set_error_literal (error, CTL_ERROR, CTL_ERROR_FAILED,
                           _("This build of Bansō cannot write .xlsx files (libxlsxwriter is missing)"));
      return 1;
    }

  if (!(store = ctl_open_store (ctx, error)))
    return 1;
  registry = bansou_registry_new (store);

  if (!(scope = ctl_resolve_scope (store, registry, pref_arg, NULL, error)))
    return 1;

  if (round == NULL && !(round = bansou_report_latest_round (store, error)))
    return 1;
  if (!(catalog = bansou_catalog_load_active (store, error)))
    return 1;

  report_options.flags = profiles ? BANSOU_REPORT_BODY_PROFILES : 0;
  report = bansou_report_new (store, catalog, scope, round, &report_options, error);
  if (report == NULL)
    return 1;

  if (pdf != NULL)
    {
      if (!bansou_report_write_pdf (report, pdf, error))
        return 1;
      /* Translators: a file name and its number of pages */
      g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %s (%u page)\n", "Wrote %s (%u pages)\n",
                            bansou_report_get_n_pages (report)),
               pdf, bansou_report_get_n_pages (report));
    }
  if (xlsx != NULL)
    {
      if (!bansou_report_write_xlsx (report, xlsx, error))
        return 1;
      g_print (_("Wrote %s\n"), xlsx);
    }
  if (csv != NULL)
    {
      g_auto(GStrv) files = bansou_report_write_csv (report, csv, error);

      if (files == NULL)
        return 1;
      for (guint i = 0; files[i]; i++)
        g_print (_("Wrote %s\n"), files[i]);
    }

  return 0;
}
