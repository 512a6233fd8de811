/* ctl-init.c — bansouctl init
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansouctl"

#include "config.h"

#include <glib/gi18n.h>

#include "ctl-private.h"

int
ctl_cmd_init (CtlContext  *ctx,
              int          argc,
              char       **argv,
              GError     **error)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(BansouBody) prefecture = NULL;
  g_autoptr(GListModel) bodies = NULL;
  g_autofree char *pref_arg = NULL;
  g_autofree char *scope = NULL;
  const char *label;
  BansouStore *store;
  GOptionEntry entries[] = {
    { "prefecture", 'p', 0, G_OPTION_ARG_STRING, &pref_arg,
      N_("The prefecture this desk serves: code, name, reading, or 全国 for a national desk"), N_("PREFECTURE") },
    { NULL }
  };

  g_set_prgname ("bansouctl init");
  options = g_option_context_new (NULL);
  g_option_context_set_summary (options, _("Create or open the database and choose the prefecture this desk serves."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (options, &argc, &argv, error))
    {
      (*error)->domain = CTL_ERROR;
      (*error)->code = CTL_ERROR_USAGE;
      return 2;
    }

  if (pref_arg == NULL || argc > 1)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("Usage: bansouctl init --prefecture CODE|NAME|全国"));
      return 2;
    }

  if (!(store = ctl_open_store (ctx, error)))
    return 1;
  registry = bansou_registry_new (store);

  if (!(scope = ctl_resolve_scope (store, registry, pref_arg, &prefecture, error)))
    return 1;
  label = prefecture ? bansou_body_get_name (prefecture) : _("the whole nation");

  if (!bansou_store_set_setting (store, "prefecture", scope, error))
    return 1;

  if (!(bodies = bansou_registry_list (registry, scope, BANSOU_LIST_MUNICIPALITIES_ONLY, error)))
    return 1;

  g_print (_("Database %s is ready for %s (%u municipalities).\n"),
           bansou_store_get_path (store), label, g_list_model_get_n_items (bodies));
  return 0;
}
