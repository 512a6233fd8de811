/* ctl-experts.c — bansouctl experts … (the pool of the expert dispatch)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansouctl"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ctl-private.h"

static const char *usage_text =
  N_("Usage:\n"
     "  bansouctl experts add NAME [--affiliation AFFILIATION] [--prefecture PREFECTURE]\n"
     "  bansouctl experts list [--all] [--format text|csv|json]\n"
     "  bansouctl experts show ID [--format text|json]\n"
     "  bansouctl experts set ID FIELD VALUE\n"
     "Affiliations: prefecture_staff joint_hire shared_with_bodies contractor jlis other\n"
     "Fields: name affiliation organisation contract-start contract-end certifications (comma-separated)\n"
     "        nda-signed nda-expires home-base (a body code) days-per-week monthly-visits\n"
     "        monthly-minutes cost-per-visit cost-per-hour active (yes/no) notes\n"
     "        skills (TARGET:LEVEL,…: a catalog measure or question, level 1–3)\n"
     "An empty VALUE clears a date or a number.\n"
     "ID: the expert's id, or its first characters when they name only one expert.");

void
ctl_dispatch_clear (CtlDispatch *d)
{
  g_clear_object (&d->dispatch);
  g_clear_object (&d->survey);
  g_clear_object (&d->catalog);
  g_clear_object (&d->registry);
}

/* The dispatch ledger over the database, for experts and visits. */
gboolean
ctl_dispatch_open (CtlContext   *ctx,
                   CtlDispatch  *d,
                   GError      **error)
{
  if (!(d->store = ctl_open_store (ctx, error)))
    return FALSE;
  d->registry = bansou_registry_new (d->store);
  if (!(d->catalog = bansou_catalog_load_active (d->store, error)) ||
      !(d->survey = bansou_survey_new (d->store, d->catalog, error)) ||
      !(d->dispatch = bansou_dispatch_new (d->survey, d->registry, NULL, error)))
    return FALSE;
  return TRUE;
}

static char *
number_text (gint64 n)
{
  return n < 0 ? g_strdup ("") : g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

static void
add_expert_json (JsonBuilder        *b,
                 const BansouExpert *e)
{
  json_builder_begin_object (b);
#define STR(name, value) json_builder_set_member_name (b, name); \
  if ((value) == NULL) json_builder_add_null_value (b); else json_builder_add_string_value (b, value);
#define INT(name, value) json_builder_set_member_name (b, name); \
  if ((value) < 0) json_builder_add_null_value (b); else json_builder_add_int_value (b, value);
  STR ("id", e->id);
  STR ("prefecture", e->prefecture);
  STR ("name", e->name);
  STR ("affiliation", bansou_affiliation_to_string (e->affiliation));
  STR ("affiliation_label", bansou_affiliation_get_label (e->affiliation));
  STR ("organisation", e->organisation);
  STR ("contract_start", e->contract_start);
  STR ("contract_end", e->contract_end);
  json_builder_set_member_name (b, "certifications");
  json_builder_begin_array (b);
  for (guint i = 0; e->certifications[i]; i++)
    json_builder_add_string_value (b, e->certifications[i]);
  json_builder_end_array (b);
  STR ("nda_signed_on", e->nda_signed_on);
  STR ("nda_expires_on", e->nda_expires_on);
  STR ("home_base", e->home_base);
  INT ("days_per_week", (gint64) e->days_per_week);
  INT ("monthly_visits", e->monthly_visits);
  INT ("monthly_minutes", e->monthly_minutes);
  INT ("cost_per_visit", e->cost_per_visit);
  INT ("cost_per_hour", e->cost_per_hour);
  json_builder_set_member_name (b, "active");
  json_builder_add_boolean_value (b, e->active);
  STR ("notes", e->notes);
  json_builder_set_member_name (b, "skills");
  json_builder_begin_array (b);
  for (guint i = 0; i < e->skills->len; i++)
    {
      BansouExpertSkill *s = &g_array_index (e->skills, BansouExpertSkill, i);
      json_builder_begin_object (b);
      STR ("target", s->target);
      INT ("level", (gint64) s->level);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
#undef STR
#undef INT
  json_builder_end_object (b);
}

static int
experts_add (CtlContext  *ctx,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  g_autofree char *affiliation_arg = NULL;
  g_autofree char *prefecture = NULL;
  g_autofree char *id = NULL;
  BansouAffiliation affiliation = BANSOU_AFFILIATION_PREFECTURE_STAFF;
  GOptionEntry entries[] = {
    { "affiliation", 0, 0, G_OPTION_ARG_STRING, &affiliation_arg, NULL, NULL },
    { "prefecture", 0, 0, G_OPTION_ARG_STRING, &prefecture, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "experts", error))
    return 2;
  if (affiliation_arg && (affiliation = bansou_affiliation_from_string (affiliation_arg)) == BANSOU_N_AFFILIATIONS)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown affiliation “%s”"), affiliation_arg);
      return 2;
    }
  if (!ctl_dispatch_open (ctx, &d, error) ||
      !(id = bansou_dispatch_add_expert (d.dispatch, prefecture, argv[1], affiliation, error)))
    return 1;
  g_print ("%s\n", id);
  return 0;
}

static int
experts_list (CtlContext  *ctx,
              int          argc,
              char       **argv,
              GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *format_arg = NULL;
  gboolean all = FALSE;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, NULL, NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 1, "experts", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!ctl_dispatch_open (ctx, &d, error) || !(list = bansou_dispatch_list_experts (d.dispatch, !all, error)))
    return 1;

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        add_expert_json (b, g_ptr_array_index (list, i));
      json_builder_end_array (b);
      ctl_print_json (b);
    }
  else if (format == CTL_FORMAT_CSV)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "id", "name", "affiliation", "organisation", "contract_start", "contract_end",
                               "nda_signed_on", "nda_expires_on", "home_base", "days_per_week",
                               "monthly_visits", "monthly_minutes", "cost_per_visit", "cost_per_hour",
                               "active", "skills", NULL };

      bansou_csv_append_row (out, header);
      for (guint i = 0; i < list->len; i++)
        {
          BansouExpert *e = g_ptr_array_index (list, i);
          g_autofree char *dpw = g_strdup_printf ("%u", e->days_per_week);
          g_autofree char *mv = number_text (e->monthly_visits);
          g_autofree char *mm = number_text (e->monthly_minutes);
          g_autofree char *cv = number_text (e->cost_per_visit);
          g_autofree char *ch = number_text (e->cost_per_hour);
          g_autoptr(GString) skills = g_string_new (NULL);
          const char *row[17];

          for (guint k = 0; k < e->skills->len; k++)
            g_string_append_printf (skills, "%s%s:%u", k ? "," : "",
                                    g_array_index (e->skills, BansouExpertSkill, k).target,
                                    g_array_index (e->skills, BansouExpertSkill, k).level);
          row[0] = e->id; row[1] = e->name; row[2] = bansou_affiliation_to_string (e->affiliation);
          row[3] = e->organisation; row[4] = e->contract_start ? e->contract_start : "";
          row[5] = e->contract_end ? e->contract_end : ""; row[6] = e->nda_signed_on ? e->nda_signed_on : "";
          row[7] = e->nda_expires_on ? e->nda_expires_on : ""; row[8] = e->home_base; row[9] = dpw;
          row[10] = mv; row[11] = mm; row[12] = cv; row[13] = ch; row[14] = e->active ? "1" : "0";
          row[15] = skills->str; row[16] = NULL;
          bansou_csv_append_row (out, row);
        }
      fwrite (out->str, 1, out->len, stdout);
    }
  else
    {
      if (list->len > 0)
        ctl_print_row (_("ID"), -8, _("Name"), -20, C_("expert", "Affiliation"), -30, C_("expert", "Contract"), -23,
                       C_("expert", "NDA until"), -10, NULL);
      else
        g_print ("%s\n", _("No experts in the pool yet; add one with “bansouctl experts add NAME”."));
      for (guint i = 0; i < list->len; i++)
        {
          BansouExpert *e = g_ptr_array_index (list, i);
          g_autofree char *short_id = g_strndup (e->id, 8);
          g_autofree char *contract = g_strdup_printf ("%s – %s", e->contract_start ? e->contract_start : "",
                                                       e->contract_end ? e->contract_end : "");
          const char *nda = e->nda_signed_on == NULL ? C_("expert", "not signed")
                          : e->nda_expires_on ? e->nda_expires_on : C_("expert", "no expiry");

          ctl_print_row (short_id, -8, e->name, -20, bansou_affiliation_get_label (e->affiliation), -30,
                         contract, -23, nda, -10, NULL);
        }
    }
  return 0;
}

static int
experts_show (CtlContext  *ctx,
              int          argc,
              char       **argv,
              GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  g_autoptr(BansouExpert) e = NULL;
  g_autofree char *format_arg = NULL;
  g_autofree char *certs = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "experts", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!ctl_dispatch_open (ctx, &d, error) || !(e = bansou_dispatch_get_expert (d.dispatch, argv[1], error)))
    return 1;
  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      add_expert_json (b, e);
      ctl_print_json (b);
      return 0;
    }
  certs = g_strjoinv (_(", "), e->certifications);
#define LINE(label, value) ctl_print_row (label, -22, (value) ? (value) : "", 0, NULL)
  {
    g_autofree char *dpw = g_strdup_printf ("%u", e->days_per_week);
    g_autofree char *mv = number_text (e->monthly_visits);
    g_autofree char *mm = number_text (e->monthly_minutes);
    g_autofree char *cv = number_text (e->cost_per_visit);
    g_autofree char *ch = number_text (e->cost_per_hour);

    LINE (_("ID"), e->id);
    LINE (_("Name"), e->name);
    LINE (C_("expert", "Affiliation"), bansou_affiliation_get_label (e->affiliation));
    LINE (C_("expert", "Organisation"), e->organisation);
    LINE (C_("expert", "Contract from"), e->contract_start);
    LINE (C_("expert", "Contract until"), e->contract_end);
    LINE (C_("expert", "Certifications"), certs);
    LINE (C_("expert", "NDA signed"), e->nda_signed_on);
    LINE (C_("expert", "NDA expires"), e->nda_expires_on);
    LINE (C_("expert", "Home base"), e->home_base);
    LINE (C_("expert", "Days a week"), dpw);
    LINE (C_("expert", "Visits a month (cap)"), mv);
    LINE (C_("expert", "Minutes a month (cap)"), mm);
    LINE (C_("expert", "Cost per visit (yen)"), cv);
    LINE (C_("expert", "Cost per hour (yen)"), ch);
    LINE (C_("expert", "In the pool"), e->active ? C_("expert", "yes") : C_("expert", "no"));
    LINE (_("Notes"), e->notes);
  }
  for (guint i = 0; i < e->skills->len; i++)
    {
      BansouExpertSkill *s = &g_array_index (e->skills, BansouExpertSkill, i);
      g_autofree char *text = g_strdup_printf ("%s (%u)", s->target, s->level);
      LINE (i == 0 ? C_("expert", "Skills") : "", text);
    }
#undef LINE
  return 0;
}

static void
skill_clear (gpointer data)
{
  g_free (((BansouExpertSkill *) data)->target);
}

static gboolean
parse_skills (const char  *value,
              GArray      *skills,
              GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);

  for (guint i = 0; parts[i]; i++)
    {
      char *colon;
      BansouExpertSkill s = { 0 };
      char *end = NULL;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      colon = strrchr (parts[i], ':');
      s.level = 2;
      if (colon)
        {
          *colon = '\0';
          s.level = (guint) g_ascii_strtoull (colon + 1, &end, 10);
          if (end == colon + 1 || *end != '\0')
            {
              g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                           _("The level of a skill is 1 (basic), 2 (practised) or 3 (expert)"));
              return FALSE;
            }
        }
      s.target = g_strdup (parts[i]);
      g_array_append_val (skills, s);
    }
  return TRUE;
}

static int
experts_set (CtlContext  *ctx,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_auto(CtlDispatch) d = { 0 };
  GOptionEntry entries[] = { { NULL } };

  if (!ctl_parse_command (entries, &argc, &argv, 4, "experts", error))
    return 2;
  if (!ctl_dispatch_open (ctx, &d, error))
    return 1;
  if (g_str_equal (argv[2], "skills"))
    {
      g_autoptr(GArray) skills = g_array_new (FALSE, FALSE, sizeof (BansouExpertSkill));

      g_array_set_clear_func (skills, skill_clear);

      if (!parse_skills (argv[3], skills, error))
        return 2;
      if (!bansou_dispatch_set_expert_skills (d.dispatch, argv[1], (BansouExpertSkill *) skills->data,
                                              skills->len, error))
        return 1;
      return 0;
    }
  if (!bansou_dispatch_set_expert_field (d.dispatch, argv[1], argv[2], argv[3], error))
    return 1;
  return 0;
}

int
ctl_cmd_experts (CtlContext  *ctx,
                 int          argc,
                 char       **argv,
                 GError     **error)
{
  static const struct {
    const char *name;
    CtlCommand  func;
  } subcommands[] = {
    { "add",  experts_add },
    { "list", experts_list },
    { "show", experts_show },
    { "set",  experts_set },
  };

  if (argc < 2)
    return ctl_usage_error (error, "experts"), 2;
  if (ctl_wants_help (argc, argv))
    {
      g_print ("%s\n", _(usage_text));
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].func (ctx, argc - 1, argv + 1, error);
  return ctl_usage_error (error, "experts"), 2;
}
