/* ctl-bodies.c — bansouctl bodies …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansouctl"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ctl-private.h"

static const char *usage_text =
  N_("Usage:\n"
     "  bansouctl bodies list [--format text|csv|json] [--prefecture P] [--wards]\n"
     "  bansouctl bodies show CODE [--format text|json]\n"
     "  bansouctl bodies set CODE FIELD VALUE\n"
     "  bansouctl bodies add --kind KIND --name NAME [--kana KANA] [--code CODE]\n"
     "  bansouctl bodies remove CODE --yes\n"
     "  bansouctl bodies members CODE [MEMBER…]\n"
     "  bansouctl bodies history CODE\n"
     "Fields: name kana population it-staff ciso-name ciso-title csirt-contact notes\n"
     "        lgwan confidential decision decision-reason\n"
     "Kinds of added bodies: partial-union wide-union admin-agency public-university");

static char *
number_or_empty (gint64 n)
{
  return n < 0 ? g_strdup ("") : g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

static void
add_body_json (JsonBuilder    *b,
               BansouRegistry *registry,
               BansouBody     *body)
{
  const char * const *fields = bansou_registry_get_fields ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, bansou_body_get_code (body));
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, bansou_body_kind_to_string (bansou_body_get_kind (body)));
  json_builder_set_member_name (b, "kind_label");
  json_builder_add_string_value (b, bansou_body_get_kind_label (body));
  json_builder_set_member_name (b, "administered");
  json_builder_add_boolean_value (b, bansou_body_get_administered (body));
  json_builder_set_member_name (b, "applicability");
  json_builder_add_string_value (b, bansou_body_get_applicability_label (body));

  for (guint i = 0; fields[i]; i++)
    {
      g_autofree char *value = bansou_registry_get_field (registry, body, fields[i]);
      g_autofree char *member = g_strdelimit (g_strdup (fields[i]), "-", '_');

      json_builder_set_member_name (b, member);
      if (g_str_equal (fields[i], "population") || g_str_equal (fields[i], "it-staff"))
        {
          if (*value == '\0')
            json_builder_add_null_value (b);
          else
            json_builder_add_int_value (b, g_ascii_strtoll (value, NULL, 10));
        }
      else
        json_builder_add_string_value (b, value);
    }
  json_builder_end_object (b);
}

static void
print_json (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

static int
bodies_list (CtlContext  *ctx,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(GListModel) bodies = NULL;
  g_autofree char *format_arg = NULL;
  g_autofree char *pref_arg = NULL;
  g_autofree char *scope = NULL;
  gboolean wards = FALSE;
  CtlFormat format = CTL_FORMAT_TEXT;
  BansouStore *store;
  guint n;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { "prefecture", 'p', 0, G_OPTION_ARG_STRING, &pref_arg, NULL, NULL },
    { "wards", 0, 0, G_OPTION_ARG_NONE, &wards, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 1, "bodies", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;

  if (!(store = ctl_open_store (ctx, error)))
    return 1;
  registry = bansou_registry_new (store);

  if (!(scope = ctl_resolve_scope (store, registry, pref_arg, NULL, error)))
    return 1;

  bodies = bansou_registry_list (registry, scope, wards ? BANSOU_LIST_WARDS : BANSOU_LIST_DEFAULT, error);
  if (bodies == NULL)
    return 1;
  n = g_list_model_get_n_items (bodies);

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
          add_body_json (b, registry, body);
        }
      json_builder_end_array (b);
      print_json (b);
    }
  else if (format == CTL_FORMAT_CSV)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "code", "name", "kana", "kind", "population", "it_staff", "applicability", NULL };

      bansou_csv_append_row (out, header);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
          g_autofree char *pop = number_or_empty (bansou_body_get_population (body));
          g_autofree char *staff = number_or_empty (bansou_body_get_it_staff (body));
          const char *row[] = {
            bansou_body_get_code (body), bansou_body_get_name (body), bansou_body_get_kana (body),
            bansou_body_kind_to_string (bansou_body_get_kind (body)), pop, staff,
            bansou_body_get_applicability_label (body), NULL
          };
          bansou_csv_append_row (out, row);
        }
      fwrite (out->str, 1, out->len, stdout);
    }
  else
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
          g_autofree char *pop = number_or_empty (bansou_body_get_population (body));

          g_print ("%s  %s\t%s\t%s\t%s\n", bansou_body_get_code (body), bansou_body_get_name (body),
                   bansou_body_get_kind_label (body), pop, bansou_body_get_applicability_label (body));
        }
    }

  return 0;
}

static int
bodies_show (CtlContext  *ctx,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(BansouBody) body = NULL;
  g_autofree char *format_arg = NULL;
  g_auto(GStrv) members = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  const char * const *fields = bansou_registry_get_fields ();
  BansouStore *store;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "bodies", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;

  if (!(store = ctl_open_store (ctx, error)))
    return 1;
  registry = bansou_registry_new (store);
  if (!(body = bansou_registry_lookup (registry, argv[1], error)))
    return 1;
  if (!(members = bansou_registry_get_members (registry, argv[1], error)))
    return 1;

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      add_body_json (b, registry, body);
      print_json (b);
      return 0;
    }

  g_print ("%s %s (%s)\n", bansou_body_get_code (body), bansou_body_get_name (body),
           bansou_body_get_kind_label (body));
  for (guint i = 0; fields[i]; i++)
    {
      g_autofree char *value = bansou_registry_get_field (registry, body, fields[i]);
      g_print ("  %-16s %s\n", fields[i], value);
    }
  g_print ("  %-16s %s\n", "applicability", bansou_body_get_applicability_label (body));
  if (members[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", members);
      g_print ("  %-16s %s\n", "members", joined);
    }

  return 0;
}

static int
bodies_set (CtlContext  *ctx,
            int          argc,
            char       **argv,
            GError     **error)
{
  g_autoptr(BansouRegistry) registry = NULL;
  BansouStore *store;

  if (argc != 4)
    return ctl_usage_error (error, "bodies"), 2;

  /* Validate before opening, so a typo never even creates a database. */
  if (!bansou_registry_validate_field (argv[2], argv[3], error))
    return 1;

  if (!(store = ctl_open_store (ctx, error)))
    return 1;
  registry = bansou_registry_new (store);

  return bansou_registry_set_field (registry, argv[1], argv[2], argv[3], error) ? 0 : 1;
}

static int
bodies_add (CtlContext  *ctx,
            int          argc,
            char       **argv,
            GError     **error)
{
  g_autoptr(BansouRegistry) registry = NULL;
  g_autofree char *kind_arg = NULL;
  g_autofree char *name = NULL;
  g_autofree char *kana = NULL;
  g_autofree char *code = NULL;
  g_autofree char *pref_arg = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *new_code = NULL;
  BansouBodyKind kind;
  BansouStore *store;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_arg, NULL, NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, NULL, NULL },
    { "kana", 0, 0, G_OPTION_ARG_STRING, &kana, NULL, NULL },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, NULL, NULL },
    { "prefecture", 'p', 0, G_OPTION_ARG_STRING, &pref_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_options (entries, &argc, &argv, error))
    return 2;
  if (argc != 1 || kind_arg == NULL || name == NULL)
    return ctl_usage_error (error, "bodies"), 2;

  kind = bansou_body_kind_from_string (kind_arg);
  if (kind == BANSOU_BODY_N_KINDS)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown kind “%s”"), kind_arg);
      return 2;
    }

  if (!(store = ctl_open_store (ctx, error)))
    return 1;
  registry = bansou_registry_new (store);

  if (pref_arg != NULL)
    {
      g_autoptr(BansouBody) pref = bansou_registry_find_prefecture (registry, pref_arg, error);
      if (pref == NULL)
        return 1;
      scope = g_strndup (bansou_body_get_code (pref), 2);
    }
  else
    scope = ctl_scope (store);

  if (!(new_code = bansou_registry_add_body (registry, scope, kind, code, name, kana, error)))
    return 1;

  g_print ("%s\n", new_code);
  return 0;
}

static int
bodies_remove (CtlContext  *ctx,
               int          argc,
               char       **argv,
               GError     **error)
{
  g_autoptr(BansouRegistry) registry = NULL;
  gboolean yes = FALSE;
  BansouStore *store;
  GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "bodies", error))
    return 2;
  if (!yes)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("Removing a body deletes its profile: add --yes to confirm"));
      return 2;
    }

  if (!(store = ctl_open_store (ctx, error)))
    return 1;
  registry = bansou_registry_new (store);

  return bansou_registry_remove_body (registry, argv[1], error) ? 0 : 1;
}

static int
bodies_members (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  g_autoptr(BansouRegistry) registry = NULL;
  BansouStore *store;

  if (argc < 2)
    return ctl_usage_error (error, "bodies"), 2;

  if (!(store = ctl_open_store (ctx, error)))
    return 1;
  registry = bansou_registry_new (store);

  if (argc == 2)
    {
      g_auto(GStrv) members = bansou_registry_get_members (registry, argv[1], error);

      if (members == NULL)
        return 1;
      for (guint i = 0; members[i]; i++)
        g_print ("%s\n", members[i]);
      return 0;
    }

  return bansou_registry_set_members (registry, argv[1], (const char * const *) argv + 2, error) ? 0 : 1;
}

static int
bodies_history (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  BansouStore *store;

  if (argc != 2)
    return ctl_usage_error (error, "bodies"), 2;

  if (!(store = ctl_open_store (ctx, error)))
    return 1;
  if (!(entries = bansou_store_list_audit (store, "body", argv[1], error)))
    return 1;

  for (guint i = 0; i < entries->len; i++)
    {
      BansouAuditEntry *e = g_ptr_array_index (entries, i);

      g_print ("%s\t%s\t%s\t%s → %s\n", e->at, e->actor, e->field,
               e->old_value ? e->old_value : "", e->new_value ? e->new_value : "");
    }

  return 0;
}

int
ctl_cmd_bodies (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  static const struct {
    const char *name;
    CtlCommand  func;
  } subcommands[] = {
    { "list",    bodies_list },
    { "show",    bodies_show },
    { "set",     bodies_set },
    { "add",     bodies_add },
    { "remove",  bodies_remove },
    { "members", bodies_members },
    { "history", bodies_history },
  };

  if (argc < 2)
    return ctl_usage_error (error, "bodies"), 2;

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print ("%s\n", _(usage_text));
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].func (ctx, argc - 1, argv + 1, error);

  return ctl_usage_error (error, "bodies"), 2;
}
