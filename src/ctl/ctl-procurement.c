/* ctl-procurement.c — bansouctl procurements … (共同調達)
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
     "  bansouctl procurements add --title TITLE --type TYPE [--lead PREFECTURE] [--council NAME]\n"
     "  bansouctl procurements list [--format text|csv|json]\n"
     "  bansouctl procurements show ID [--format text|json]\n"
     "  bansouctl procurements set ID FIELD VALUE [--date YYYY-MM-DD]\n"
     "  bansouctl procurements join ID CODE [--from DATE] [--terminals N] [--users N] [--standalone YEN]\n"
     "  bansouctl procurements leave ID CODE [--on DATE]\n"
     "  bansouctl procurements split ID [--total YEN] [--subsidy RATE] [--cap YEN|none] [--method METHOD]\n"
     "  bansouctl procurements shares ID [--format text|csv|json]\n"
     "  bansouctl procurements populations FILE.csv\n"
     "  bansouctl procurements history ID\n"
     "Types: security_cloud file_sanitization online_storage beta_prime gov_cloud training\n"
     "       vulnerability_assessment external_audit other\n"
     "Fields: phase (spec notice contract build operation renewal, with --date) questions (ids, comma-separated)\n"
     "        title type council contract-start contract-end vendor criteria declaration-date\n"
     "        declaration-ref penalty desk-required desk-consulted override standalone-fixed\n"
     "        standalone-per-unit standalone-basis notes\n"
     "Methods: 均等割, 人口割, 端末数割, 利用者数割 (equal, population, terminals, users),\n"
     "         mixed with weights that add up to 100%: 均等割30%+人口割70%\n"
     "The phase contract and later need the supply-chain checks, or an override with its reason.\n"
     "ID: the project's id, or its first characters when they name only one project.");

typedef struct
{
  BansouStore        *store;
  BansouRegistry     *registry;
  BansouCatalog      *catalog;
  BansouProcurements *ledger;
} Ledger;

static void
ledger_clear (Ledger *l)
{
  g_clear_object (&l->ledger);
  g_clear_object (&l->catalog);
  g_clear_object (&l->registry);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ledger, ledger_clear)

static gboolean
ledger_open (CtlContext  *ctx,
             Ledger      *l,
             GError     **error)
{
  if (!(l->store = ctl_open_store (ctx, error)))
    return FALSE;
  l->registry = bansou_registry_new (l->store);
  if (!(l->catalog = bansou_catalog_load_active (l->store, error)))
    return FALSE;
  l->ledger = bansou_procurements_new (l->registry, l->catalog);
  return TRUE;
}

static char *
yen (gint64 n)
{
  g_autofree char *digits = bansou_format_count (n);
  /* Translators: an amount in yen, %s is the number with separators */
  return g_strdup_printf (_("%s yen"), digits);
}

static char *
number_or_empty (gint64 n)
{
  return n < 0 ? g_strdup ("") : g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

static char *
lead_text (const BansouProject *p,
           BansouRegistry      *registry)
{
  g_autoptr(BansouBody) pref = NULL;
  const char *name;

  pref = bansou_registry_find_prefecture (registry, p->lead_prefecture, NULL);
  name = pref ? bansou_body_get_name (pref) : p->lead_prefecture;
  if (*p->lead_council != '\0')
    /* Translators: a council and the prefecture that runs its secretariat */
    return g_strdup_printf (_("%s (secretariat: %s)"), p->lead_council, name);
  return g_strdup (name);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Prefectures of the participants, e.g. "青森県、岩手県、…" */
static char *
prefectures_text (const BansouProject *p,
                  BansouRegistry      *registry,
                  guint               *n_out)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < p->participants->len; i++)
    {
      BansouParticipant *pa = g_ptr_array_index (p->participants, i);
      g_autofree char *digits = bansou_code_prefecture_digits (pa->body);

      if (digits != NULL && !g_ptr_array_find_with_equal_func (seen, digits, g_str_equal, NULL))
        g_ptr_array_add (seen, g_steal_pointer (&digits));
    }
  g_ptr_array_sort (seen, compare_strings);
  for (guint i = 0; i < seen->len; i++)
    {
      g_autoptr(BansouBody) pref = bansou_registry_find_prefecture (registry, g_ptr_array_index (seen, i), NULL);

      if (i > 0)
        g_string_append (text, _(", "));
      g_string_append (text, pref ? bansou_body_get_name (pref) : (const char *) g_ptr_array_index (seen, i));
    }
  *n_out = seen->len;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_project_json (JsonBuilder         *b,
                  const BansouProject *p,
                  gboolean             details)
{
  json_builder_begin_object (b);
#define STR(name, value) json_builder_set_member_name (b, name); \
  if ((value) == NULL) json_builder_add_null_value (b); else json_builder_add_string_value (b, value);
#define INT(name, value) json_builder_set_member_name (b, name); \
  if ((value) < 0) json_builder_add_null_value (b); else json_builder_add_int_value (b, value);
#define BOOL(name, value) json_builder_set_member_name (b, name); json_builder_add_boolean_value (b, value);
  STR ("id", p->id);
  STR ("title", p->title);
  STR ("type", bansou_procurement_type_to_string (p->type));
  STR ("type_label", bansou_procurement_type_get_label (p->type));
  STR ("lead_prefecture", p->lead_prefecture);
  STR ("lead_council", p->lead_council);
  STR ("phase", bansou_phase_to_string (p->phase));
  STR ("phase_label", bansou_phase_get_label (p->phase));
  STR ("contract_start", p->contract_start);
  STR ("contract_end", p->contract_end);
  INT ("total", p->cost.total);
  INT ("participants", (gint64) p->participants->len);
  if (details)
    {
      json_builder_set_member_name (b, "phase_dates");
      json_builder_begin_object (b);
      for (guint ph = 0; ph < BANSOU_N_PHASES; ph++)
        if (p->phase_dates[ph] != NULL)
          {
            STR (bansou_phase_to_string (ph), p->phase_dates[ph]);
          }
      json_builder_end_object (b);
      INT ("subsidy_num", p->cost.subsidy_num);
      INT ("subsidy_den", p->cost.subsidy_den);
      INT ("subsidy_cap", p->cost.subsidy_cap);
      json_builder_set_member_name (b, "weights_bp");
      json_builder_begin_object (b);
      for (guint k = 0; k < BANSOU_COST_N_BASES; k++)
        {
          INT (bansou_cost_basis_to_string (k), (gint64) p->cost.weights[k]);
        }
      json_builder_end_object (b);
      INT ("standalone_fixed", p->standalone_fixed);
      INT ("standalone_per_unit", p->standalone_per_unit);
      STR ("standalone_basis", bansou_cost_basis_to_string (p->standalone_basis));
      STR ("vendor", p->vendor);
      BOOL ("criteria", p->sc_criteria);
      STR ("declaration_date", p->sc_declaration_on);
      STR ("declaration_ref", p->sc_declaration_ref);
      BOOL ("penalty", p->sc_penalty);
      BOOL ("desk_required", p->sc_desk_required);
      STR ("desk_consulted", p->sc_desk_consulted);
      STR ("override", p->override_reason);
      STR ("notes", p->notes);
      json_builder_set_member_name (b, "questions");
      json_builder_begin_array (b);
      for (guint i = 0; p->questions[i]; i++)
        json_builder_add_string_value (b, p->questions[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "participants");
      json_builder_begin_array (b);
      for (guint i = 0; i < p->participants->len; i++)
        {
          BansouParticipant *pa = g_ptr_array_index (p->participants, i);

          json_builder_begin_object (b);
          STR ("code", pa->body);
          STR ("name", pa->name);
          STR ("joined_on", pa->joined_on);
          STR ("left_on", pa->left_on);
          INT ("population", pa->population);
          INT ("terminals", pa->terminals);
          INT ("users", pa->users);
          INT ("standalone", pa->standalone);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
#undef STR
#undef INT
#undef BOOL
  json_builder_end_object (b);
}

/* ------------------------------------------------------------------------ */

static int
procurements_add (CtlContext  *ctx,
                  int          argc,
                  char       **argv,
                  GError     **error)
{
  g_auto(Ledger) l = { 0 };
  g_autofree char *title = NULL;
  g_autofree char *type_arg = NULL;
  g_autofree char *lead = NULL;
  g_autofree char *council = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *id = NULL;
  BansouProcurementType type;
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, NULL, NULL },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_arg, NULL, NULL },
    { "lead", 0, 0, G_OPTION_ARG_STRING, &lead, NULL, NULL },
    { "council", 0, 0, G_OPTION_ARG_STRING, &council, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 1, "procurements", error))
    return 2;
  if (title == NULL || type_arg == NULL)
    return ctl_usage_error (error, "procurements"), 2;
  type = bansou_procurement_type_from_string (type_arg);
  if (type == BANSOU_PROCUREMENT_N_TYPES)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown kind of procurement “%s”"), type_arg);
      return 2;
    }
  if (!ledger_open (ctx, &l, error))
    return 1;
  if (lead == NULL && !(scope = ctl_resolve_scope (l.store, l.registry, NULL, NULL, error)))
    return 1;
  if (!(id = bansou_procurements_add (l.ledger, title, type, lead ? lead : scope, council, error)))
    return 1;
  g_print ("%s\n", id);
  return 0;
}

static int
procurements_list (CtlContext  *ctx,
                   int          argc,
                   char       **argv,
                   GError     **error)
{
  g_auto(Ledger) l = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *format_arg = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 1, "procurements", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!ledger_open (ctx, &l, error) || !(list = bansou_procurements_list (l.ledger, error)))
    return 1;

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        add_project_json (b, g_ptr_array_index (list, i), FALSE);
      json_builder_end_array (b);
      ctl_print_json (b);
    }
  else if (format == CTL_FORMAT_CSV)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "id", "title", "type", "lead_prefecture", "lead_council", "phase",
                               "contract_start", "contract_end", "total", "participants", NULL };

      bansou_csv_append_row (out, header);
      for (guint i = 0; i < list->len; i++)
        {
          BansouProject *p = g_ptr_array_index (list, i);
          g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, p->cost.total);
          g_autofree char *n = g_strdup_printf ("%u", p->participants->len);
          const char *row[] = { p->id, p->title, bansou_procurement_type_to_string (p->type),
                                p->lead_prefecture, p->lead_council, bansou_phase_to_string (p->phase),
                                p->contract_start ? p->contract_start : "",
                                p->contract_end ? p->contract_end : "", total, n, NULL };
          bansou_csv_append_row (out, row);
        }
      fwrite (out->str, 1, out->len, stdout);
    }
  else
    {
      if (list->len > 0)
        ctl_print_row (_("ID"), -8, _("Title"), -36, _("Type"), -26, _("Phase"), -8,
                       _("Participants"), 8, _("Total"), 20, NULL);
      for (guint i = 0; i < list->len; i++)
        {
          BansouProject *p = g_ptr_array_index (list, i);
          g_autofree char *short_id = g_strndup (p->id, 8);
          g_autofree char *n = g_strdup_printf ("%u", p->participants->len);
          g_autofree char *total = yen (p->cost.total);

          ctl_print_row (short_id, -8, p->title, -36, bansou_procurement_type_get_label (p->type), -26,
                         bansou_phase_get_label (p->phase), -8, n, 8, total, 20, NULL);
        }
    }
  return 0;
}

static int
procurements_show (CtlContext  *ctx,
                   int          argc,
                   char       **argv,
                   GError     **error)
{
  g_auto(Ledger) l = { 0 };
  g_autoptr(BansouProject) p = NULL;
  g_autofree char *format_arg = NULL;
  g_autofree char *lead = NULL;
  g_autofree char *prefs = NULL;
  g_autofree char *method = NULL;
  g_autofree char *total = NULL;
  g_auto(GStrv) missing = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  guint n_prefs = 0;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "procurements", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!ledger_open (ctx, &l, error) || !(p = bansou_procurements_lookup (l.ledger, argv[1], error)))
    return 1;

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      add_project_json (b, p, TRUE);
      ctl_print_json (b);
      return 0;
    }

  lead = lead_text (p, l.registry);
  prefs = prefectures_text (p, l.registry, &n_prefs);
  method = bansou_cost_format_method (p->cost.weights);
  total = yen (p->cost.total);
  missing = bansou_procurements_missing_checks (p);

  g_print ("%s\n  %s\n", p->title, p->id);
#define LINE(label, value) ctl_print_row ("", 1, label, -20, value, 0, NULL)
  LINE (_("Type"), bansou_procurement_type_get_label (p->type));
  LINE (_("Lead"), lead);
  LINE (_("Phase"), bansou_phase_get_label (p->phase));
  for (guint ph = 0; ph < BANSOU_N_PHASES; ph++)
    if (p->phase_dates[ph] != NULL)
      {
        g_autofree char *label = g_strdup_printf ("  %s", bansou_phase_get_label (ph));
        LINE (label, p->phase_dates[ph]);
      }
  if (p->contract_start || p->contract_end)
    {
      g_autofree char *period = g_strdup_printf ("%s – %s", p->contract_start ? p->contract_start : "",
                                                 p->contract_end ? p->contract_end : "");
      LINE (_("Contract period"), period);
    }
  LINE (_("Total"), total);
  if (p->cost.subsidy_num > 0)
    {
      g_autofree char *rate = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                               p->cost.subsidy_num, p->cost.subsidy_den);
      g_autofree char *cap = p->cost.subsidy_cap >= 0 ? yen (p->cost.subsidy_cap) : g_strdup (_("none"));
      g_autofree char *sub = g_strdup_printf (_("%s (cap: %s)"), rate, cap);
      LINE (_("National subsidy"), sub);
    }
  LINE (_("Split method"), method);
  if (n_prefs > 0)
    {
      g_autofree char *parts = g_strdup_printf (_("%u bodies in %u prefectures: %s"),
                                                p->participants->len, n_prefs, prefs);
      LINE (_("Participants"), parts);
    }
  if (p->questions[0] != NULL)
    {
      g_autofree char *qs = g_strjoinv (", ", p->questions);
      LINE (_("Covered questions"), qs);
    }
  g_print ("  %s\n", _("Supply-chain checks (report 3(2)エ):"));
  LINE (_("  Vendor"), p->vendor);
  LINE (_("  Selection criteria"), p->sc_criteria ? _("applied") : _("not yet"));
  {
    g_autofree char *decl = p->sc_declaration_on
      ? g_strdup_printf ("%s %s", p->sc_declaration_on, p->sc_declaration_ref)
      : g_strdup (_("not yet"));
    LINE (_("  Vendor declaration"), decl);
  }
  LINE (_("  Penalty clause"), p->sc_penalty ? _("yes") : _("not yet"));
  LINE (_("  National desk"), !p->sc_desk_required ? _("not required")
                              : p->sc_desk_consulted ? p->sc_desk_consulted : _("not yet consulted"));
  if (missing[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (_(", "), missing);
      LINE (_("  Missing"), list);
    }
  if (*p->override_reason != '\0')
    LINE (_("Override"), p->override_reason);
  if (*p->notes != '\0')
    LINE (_("Notes"), p->notes);
#undef LINE

  for (guint i = 0; i < p->participants->len; i++)
    {
      BansouParticipant *pa = g_ptr_array_index (p->participants, i);
      g_autofree char *pop = number_or_empty (pa->population);
      g_autofree char *term = number_or_empty (pa->terminals);
      g_autofree char *users = number_or_empty (pa->users);

      if (i == 0)
        ctl_print_row ("", 1, _("Code"), -10, _("Name"), -16, _("Joined"), -10, _("Left"), -10,
                       _("Population"), 10, _("Terminals"), 9, _("Users"), 9, NULL);
      ctl_print_row ("", 1, pa->body, -10, pa->name, -16, pa->joined_on ? pa->joined_on : "", -10,
                     pa->left_on ? pa->left_on : "", -10, pop, 10, term, 9, users, 9, NULL);
    }
  return 0;
}

static int
procurements_set (CtlContext  *ctx,
                  int          argc,
                  char       **argv,
                  GError     **error)
{
  g_auto(Ledger) l = { 0 };
  g_autofree char *date = NULL;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 4, "procurements", error))
    return 2;
  if (!ledger_open (ctx, &l, error))
    return 1;

  if (g_str_equal (argv[2], "phase"))
    {
      BansouProcurementPhase phase = bansou_phase_from_string (argv[3]);

      if (phase == BANSOU_N_PHASES)
        {
          g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("Unknown phase “%s”"), argv[3]);
          return 2;
        }
      return bansou_procurements_set_phase (l.ledger, argv[1], phase, date, error) ? 0 : 1;
    }
  if (g_str_equal (argv[2], "questions"))
    {
      g_auto(GStrv) ids = g_regex_split_simple ("\\s*[,、]\\s*", g_strstrip (argv[3]), 0, 0);
      g_autoptr(GStrvBuilder) clean = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;

      for (guint i = 0; ids[i]; i++)
        if (*ids[i] != '\0')
          g_strv_builder_add (clean, ids[i]);
      list = g_strv_builder_end (clean);
      return bansou_procurements_set_questions (l.ledger, argv[1], (const char * const *) list, error) ? 0 : 1;
    }
  return bansou_procurements_set_field (l.ledger, argv[1], argv[2], argv[3], error) ? 0 : 1;
}

static gboolean
parse_count (const char  *text,
             gint64      *out,
             GError     **error)
{
  char *end = NULL;

  if (text == NULL)
    return TRUE;
  *out = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || *out < 0)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("“%s” is not a number of 0 or more"), text);
      return FALSE;
    }
  return TRUE;
}

static int
procurements_join (CtlContext  *ctx,
                   int          argc,
                   char       **argv,
                   GError     **error)
{
  g_auto(Ledger) l = { 0 };
  g_autofree char *from = NULL;
  g_autofree char *terminals_arg = NULL;
  g_autofree char *users_arg = NULL;
  g_autofree char *standalone_arg = NULL;
  gint64 terminals = -1, users = -1, standalone = -1;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, NULL, NULL },
    { "terminals", 0, 0, G_OPTION_ARG_STRING, &terminals_arg, NULL, NULL },
    { "users", 0, 0, G_OPTION_ARG_STRING, &users_arg, NULL, NULL },
    { "standalone", 0, 0, G_OPTION_ARG_STRING, &standalone_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 3, "procurements", error) ||
      !parse_count (terminals_arg, &terminals, error) ||
      !parse_count (users_arg, &users, error) ||
      !parse_count (standalone_arg, &standalone, error))
    return 2;
  if (!ledger_open (ctx, &l, error))
    return 1;
  return bansou_procurements_join (l.ledger, argv[1], argv[2], from, terminals, users, standalone, error) ? 0 : 1;
}

static int
procurements_leave (CtlContext  *ctx,
                    int          argc,
                    char       **argv,
                    GError     **error)
{
  g_auto(Ledger) l = { 0 };
  g_autofree char *on = NULL;
  GOptionEntry entries[] = {
    { "on", 0, 0, G_OPTION_ARG_STRING, &on, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 3, "procurements", error))
    return 2;
  if (!ledger_open (ctx, &l, error))
    return 1;
  return bansou_procurements_leave (l.ledger, argv[1], argv[2], on, error) ? 0 : 1;
}

static void
print_split_summary (const BansouShareTable *t)
{
  g_autofree char *total = yen (t->split->total);
  g_autofree char *subsidy = yen (t->split->subsidy);
  g_autofree char *amount = yen (t->split->amount);
  g_autofree char *method = bansou_cost_format_method (t->project->cost.weights);

  ctl_print_row (_("Total"), -16, total, 22, NULL);
  ctl_print_row (_("National subsidy"), -16, subsidy, 22, NULL);
  ctl_print_row (_("Amount to share"), -16, amount, 22, NULL);
  ctl_print_row (_("Split method"), -16, method, 0, NULL);
  for (guint b = 0; b < BANSOU_COST_N_BASES; b++)
    if (t->project->cost.weights[b] > 0)
      {
        g_autofree char *part = yen (t->split->basis_amount[b]);
        g_autofree char *label = g_strdup_printf ("  %s", bansou_cost_basis_get_label (b));
        ctl_print_row (label, -16, part, 22, NULL);
      }
}

static int
procurements_split (CtlContext  *ctx,
                    int          argc,
                    char       **argv,
                    GError     **error)
{
  g_auto(Ledger) l = { 0 };
  g_autoptr(BansouProject) p = NULL;
  g_autoptr(BansouShareTable) table = NULL;
  g_autofree char *total_arg = NULL;
  g_autofree char *subsidy_arg = NULL;
  g_autofree char *cap_arg = NULL;
  g_autofree char *method_arg = NULL;
  BansouCostParams cost;
  GOptionEntry entries[] = {
    { "total", 0, 0, G_OPTION_ARG_STRING, &total_arg, NULL, NULL },
    { "subsidy", 0, 0, G_OPTION_ARG_STRING, &subsidy_arg, NULL, NULL },
    { "cap", 0, 0, G_OPTION_ARG_STRING, &cap_arg, NULL, NULL },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "procurements", error))
    return 2;
  if (!ledger_open (ctx, &l, error) || !(p = bansou_procurements_lookup (l.ledger, argv[1], error)))
    return 1;

  cost = p->cost;
  if (total_arg != NULL)
    {
      char *end = NULL;
      cost.total = g_ascii_strtoll (total_arg, &end, 10);
      if (end == total_arg || *end != '\0')
        {
          g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE, _("“%s” is not an amount in yen"), total_arg);
          return 2;
        }
    }
  if (subsidy_arg != NULL && !bansou_cost_parse_rate (subsidy_arg, &cost.subsidy_num, &cost.subsidy_den, error))
    return 1;
  if (cap_arg != NULL)
    {
      if (g_str_equal (cap_arg, "none") || *cap_arg == '\0')
        cost.subsidy_cap = -1;
      else if (!parse_count (cap_arg, &cost.subsidy_cap, error))
        return 2;
    }
  if (method_arg != NULL && !bansou_cost_parse_method (method_arg, cost.weights, error))
    return 1;

  if (!bansou_procurements_set_cost (l.ledger, p->id, &cost, error))
    return 1;
  if (p->participants->len == 0)
    return 0;
  if (!(table = bansou_procurements_shares (l.ledger, p->id, error)))
    return 1;
  print_split_summary (table);
  return 0;
}

static int
procurements_shares (CtlContext  *ctx,
                     int          argc,
                     char       **argv,
                     GError     **error)
{
  g_auto(Ledger) l = { 0 };
  g_autoptr(BansouShareTable) t = NULL;
  g_autofree char *format_arg = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "procurements", error) ||
      !ctl_parse_format (format_arg, &format, error))
    return 2;
  if (!ledger_open (ctx, &l, error) || !(t = bansou_procurements_shares (l.ledger, argv[1], error)))
    return 1;

  if (format == CTL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, t->project->id);
      json_builder_set_member_name (b, "total");
      json_builder_add_int_value (b, t->split->total);
      json_builder_set_member_name (b, "subsidy");
      json_builder_add_int_value (b, t->split->subsidy);
      json_builder_set_member_name (b, "amount");
      json_builder_add_int_value (b, t->split->amount);
      json_builder_set_member_name (b, "rule");
      json_builder_add_string_value (b, bansou_cost_split_rule_text ());
      json_builder_set_member_name (b, "savings_total");
      json_builder_add_int_value (b, t->savings_total);
      json_builder_set_member_name (b, "shares");
      json_builder_begin_array (b);
      for (guint i = 0; i < t->rows->len; i++)
        {
          BansouShareRow *r = &g_array_index (t->rows, BansouShareRow, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "code");
          json_builder_add_string_value (b, r->participant->body);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, r->participant->name);
          json_builder_set_member_name (b, "days");
          json_builder_add_int_value (b, r->days);
          for (guint k = 0; k < BANSOU_COST_N_BASES; k++)
            if (t->project->cost.weights[k] > 0)
              {
                g_autofree char *member = g_strdup_printf ("share_%s", bansou_cost_basis_to_string (k));
                json_builder_set_member_name (b, member);
                json_builder_add_int_value (b, r->basis_shares[k]);
              }
          json_builder_set_member_name (b, "share");
          json_builder_add_int_value (b, r->share);
          json_builder_set_member_name (b, "standalone");
          if (r->standalone < 0)
            json_builder_add_null_value (b);
          else
            json_builder_add_int_value (b, r->standalone);
          json_builder_set_member_name (b, "savings");
          if (r->standalone < 0)
            json_builder_add_null_value (b);
          else
            json_builder_add_int_value (b, r->savings);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      ctl_print_json (b);
      return 0;
    }

  if (format == CTL_FORMAT_CSV)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "code", "name", "days", "share", "standalone", "savings", NULL };

      bansou_csv_append_row (out, header);
      for (guint i = 0; i < t->rows->len; i++)
        {
          BansouShareRow *r = &g_array_index (t->rows, BansouShareRow, i);
          g_autofree char *days = g_strdup_printf ("%" G_GINT64_FORMAT, r->days);
          g_autofree char *share = g_strdup_printf ("%" G_GINT64_FORMAT, r->share);
          g_autofree char *alone = number_or_empty (r->standalone);
          g_autofree char *savings = r->standalone < 0 ? g_strdup ("")
                                     : g_strdup_printf ("%" G_GINT64_FORMAT, r->savings);
          const char *row[] = { r->participant->body, r->participant->name, days, share, alone, savings, NULL };
          bansou_csv_append_row (out, row);
        }
      fwrite (out->str, 1, out->len, stdout);
      return 0;
    }

  g_print ("%s\n", t->project->title);
  print_split_summary (t);
  g_print ("\n");
  ctl_print_row (_("Code"), -10, _("Name"), -20, _("Days"), 6, _("Share"), 20,
                 _("Stand-alone"), 20, _("Savings"), 20, NULL);
  for (guint i = 0; i < t->rows->len; i++)
    {
      BansouShareRow *r = &g_array_index (t->rows, BansouShareRow, i);
      g_autofree char *days = g_strdup_printf ("%" G_GINT64_FORMAT, r->days);
      g_autofree char *share = yen (r->share);
      g_autofree char *alone = r->standalone < 0 ? g_strdup ("") : yen (r->standalone);
      g_autofree char *savings = r->standalone < 0 ? g_strdup ("") : yen (r->savings);

      ctl_print_row (r->participant->body, -10, r->participant->name, -20, days, 6, share, 20,
                     alone, 20, savings, 20, NULL);
    }
  {
    g_autofree char *sum = yen (t->split->amount);
    g_autofree char *alone = yen (t->standalone_total);
    g_autofree char *savings = yen (t->savings_total);

    ctl_print_row (_("Total"), -10, "", -20, "", 6, sum, 20, alone, 20, savings, 20, NULL);
  }
  g_print ("\n%s\n", bansou_cost_split_rule_text ());
  return 0;
}

static int
procurements_populations (CtlContext  *ctx,
                          int          argc,
                          char       **argv,
                          GError     **error)
{
  g_auto(Ledger) l = { 0 };
  g_autofree char *data = NULL;
  gsize length = 0;
  guint n = 0;
  GOptionEntry entries[] = { { NULL } };

  if (!ctl_parse_command (entries, &argc, &argv, 2, "procurements", error))
    return 2;
  if (!g_file_get_contents (argv[1], &data, &length, error))
    return 1;
  if (!ledger_open (ctx, &l, error) ||
      !bansou_procurements_import_populations (l.ledger, data, length, &n, error))
    return 1;
  g_print (g_dngettext (GETTEXT_PACKAGE, "Population set for %u body\n", "Population set for %u bodies\n", n), n);
  return 0;
}

static int
procurements_history (CtlContext  *ctx,
                      int          argc,
                      char       **argv,
                      GError     **error)
{
  g_auto(Ledger) l = { 0 };
  g_autoptr(BansouProject) p = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  if (argc != 2)
    return ctl_usage_error (error, "procurements"), 2;
  if (!ledger_open (ctx, &l, error) || !(p = bansou_procurements_lookup (l.ledger, argv[1], error)))
    return 1;
  if (!(entries = bansou_store_list_audit (l.store, "procurement", p->id, error)))
    return 1;
  for (guint i = 0; i < entries->len; i++)
    {
      BansouAuditEntry *e = g_ptr_array_index (entries, i);
      g_print ("%s\t%s\t%s\t%s → %s\n", e->at, e->actor, e->field,
               e->old_value ? e->old_value : "", e->new_value ? e->new_value : "");
    }
  for (guint j = 0; j < p->participants->len; j++)
    {
      BansouParticipant *pa = g_ptr_array_index (p->participants, j);
      g_autofree char *key = g_strdup_printf ("%s/%s", p->id, pa->body);
      g_autoptr(GPtrArray) pe = bansou_store_list_audit (l.store, "procurement-participant", key, error);

      if (pe == NULL)
        return 1;
      for (guint i = 0; i < pe->len; i++)
        {
          BansouAuditEntry *e = g_ptr_array_index (pe, i);
          g_print ("%s\t%s\t%s %s\t%s → %s\n", e->at, e->actor, pa->body, e->field,
                   e->old_value ? e->old_value : "", e->new_value ? e->new_value : "");
        }
    }
  return 0;
}

int
ctl_cmd_procurements (CtlContext  *ctx,
                      int          argc,
                      char       **argv,
                      GError     **error)
{
  static const struct {
    const char *name;
    CtlCommand  func;
  } subcommands[] = {
    { "add",         procurements_add },
    { "list",        procurements_list },
    { "show",        procurements_show },
    { "set",         procurements_set },
    { "join",        procurements_join },
    { "leave",       procurements_leave },
    { "split",       procurements_split },
    { "shares",      procurements_shares },
    { "populations", procurements_populations },
    { "history",     procurements_history },
  };

  if (argc < 2)
    return ctl_usage_error (error, "procurements"), 2;
  if (ctl_wants_help (argc, argv))
    {
      g_print ("%s\n", _(usage_text));
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].func (ctx, argc - 1, argv + 1, error);
  return ctl_usage_error (error, "procurements"), 2;
}
