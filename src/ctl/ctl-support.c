/* ctl-support.c — bansouctl support effect: the effect of support (支援効果)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansouctl"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "bansou-support-effect.h"
#include "ctl-private.h"

static const char *usage_text =
  N_("Usage:\n"
     "  bansouctl support effect [--by prefecture|expert|body|kind] [--prefecture PREF]\n"
     "                           [--kind visit|procurement|consultation] [--expert ID]\n"
     "                           [--body CODE] [--from DATE] [--until DATE]\n"
     "                           [--format text|csv|json]\n"
     "Compares, for the questions each support action targeted, the answers in the\n"
     "round before the action with the next round, against the same questions in\n"
     "bodies of the prefecture that got no support on them in between (a\n"
     "difference-in-differences, in percentage points). Figures over fewer than 10\n"
     "treated or control pairs are marked as indicative (参考値).");

/* A mean score (0–1) in %, one decimal; "" or "—" without data. */
static char *
format_rate (double   value,
             gboolean dash)
{
  if (value < 0 || isnan (value))
    return g_strdup (dash ? "—" : "");
  return g_strdup_printf ("%.1f", 100.0 * value);
}

static char *
format_points (double   did,
               gboolean dash)
{
  if (isnan (did))
    return g_strdup (dash ? "—" : "");
  return g_strdup_printf ("%+.1f", did);
}

static gboolean
check_date (const char  *text,
            GError     **error)
{
  g_autoptr(GDate) date = NULL;

  if (text == NULL)
    return TRUE;
  if ((date = bansou_date_parse_iso (text)) == NULL)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("“%s” is not a date: write it as YYYY-MM-DD, e.g. 2026-04-01"), text);
      return FALSE;
    }
  return TRUE;
}

static void
print_json (BansouSupportEffect   *effect,
            BansouSupportGrouping  by)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "by");
  json_builder_add_string_value (b, bansou_support_grouping_to_string (by));
  json_builder_set_member_name (b, "small_n");
  json_builder_add_int_value (b, BANSOU_SUPPORT_SMALL_N);
  json_builder_set_member_name (b, "actions");
  json_builder_add_int_value (b, bansou_support_effect_get_n_actions (effect));
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0, n = bansou_support_effect_get_n_rows (effect, by); i < n; i++)
    {
      const BansouSupportEffectRow *row = bansou_support_effect_get_row (effect, by, i);
      const struct { const char *name; double value; } rates[] = {
        { "treated_before", row->treated_before }, { "treated_after", row->treated_after },
        { "control_before", row->control_before }, { "control_after", row->control_after },
      };

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "key");
      json_builder_add_string_value (b, row->key);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, row->label);
#define COUNT(field) json_builder_set_member_name (b, #field); \
      json_builder_add_int_value (b, row->n_##field);
      COUNT (treated);
      COUNT (control);
      COUNT (excluded);
      COUNT (uncompared);
      COUNT (pending);
#undef COUNT
      /* Percent, like the report's tables: null without pairs */
      for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
        {
          json_builder_set_member_name (b, rates[r].name);
          if (rates[r].value < 0)
            json_builder_add_null_value (b);
          else
            json_builder_add_double_value (b, 100.0 * rates[r].value);
        }
      json_builder_set_member_name (b, "did_points");
      if (isnan (row->did))
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, row->did);
      json_builder_set_member_name (b, "small");
      json_builder_add_boolean_value (b, row->small);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  ctl_print_json (b);
}

static void
print_csv (BansouSupportEffect   *effect,
           BansouSupportGrouping  by)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *header[] = {
    "key", "label", "treated", "control", "excluded", "uncompared", "pending",
    "treated_before", "treated_after", "control_before", "control_after", "did_points", "small", NULL
  };

  bansou_csv_append_row (out, header);
  for (guint i = 0, n = bansou_support_effect_get_n_rows (effect, by); i < n; i++)
    {
      const BansouSupportEffectRow *row = bansou_support_effect_get_row (effect, by, i);
      g_autofree char *treated = g_strdup_printf ("%u", row->n_treated);
      g_autofree char *control = g_strdup_printf ("%u", row->n_control);
      g_autofree char *excluded = g_strdup_printf ("%u", row->n_excluded);
      g_autofree char *uncompared = g_strdup_printf ("%u", row->n_uncompared);
      g_autofree char *pending = g_strdup_printf ("%u", row->n_pending);
      g_autofree char *tb = format_rate (row->treated_before, FALSE);
      g_autofree char *ta = format_rate (row->treated_after, FALSE);
      g_autofree char *cb = format_rate (row->control_before, FALSE);
      g_autofree char *ca = format_rate (row->control_after, FALSE);
      g_autofree char *did = format_points (row->did, FALSE);
      const char *cells[] = {
        row->key, row->label, treated, control, excluded, uncompared, pending,
        tb, ta, cb, ca, did, row->small ? "1" : "0", NULL
      };

      bansou_csv_append_row (out, cells);
    }
  fwrite (out->str, 1, out->len, stdout);
}

static void
print_text (BansouSupportEffect   *effect,
            BansouSupportGrouping  by)
{
  guint n = bansou_support_effect_get_n_rows (effect, by);

  if (n == 0)
    {
      g_print ("%s\n", _("No support actions recorded yet: visits, joint procurements and consultations "
                         "appear here once recorded."));
      return;
    }

  ctl_print_row (_("Name"), -20, _("Treated"), 7, _("Control"), 7,
                 _("Treated before→after"), -21, _("Control before→after"), -21,
                 _("DiD"), 7, _("Excluded"), 8, "", 0, NULL);
  for (guint i = 0; i < n; i++)
    {
      const BansouSupportEffectRow *row = bansou_support_effect_get_row (effect, by, i);
      g_autofree char *treated = g_strdup_printf ("%u", row->n_treated);
      g_autofree char *control = g_strdup_printf ("%u", row->n_control);
      g_autofree char *excluded = g_strdup_printf ("%u", row->n_excluded + row->n_uncompared + row->n_pending);
      g_autofree char *tb = format_rate (row->treated_before, TRUE);
      g_autofree char *ta = format_rate (row->treated_after, TRUE);
      g_autofree char *cb = format_rate (row->control_before, TRUE);
      g_autofree char *ca = format_rate (row->control_after, TRUE);
      g_autofree char *t = g_strdup_printf ("%s → %s", tb, ta);
      g_autofree char *c = g_strdup_printf ("%s → %s", cb, ca);
      g_autofree char *did = format_points (row->did, TRUE);

      ctl_print_row (row->label, -20, treated, 7, control, 7, t, -21, c, -21, did, 7, excluded, 8,
                     row->small ? _("indicative") : "", 0, NULL);
    }
  g_print ("\n");
  g_print (_("Scores in %% (実施済み 1, 一部実施 ½, 未実施 0); DiD in percentage points. Indicative: fewer "
             "than %d treated or control pairs. Excluded: pairs without a counted answer in one of the two "
             "rounds, without a control pair, or without a round after the action yet."),
           BANSOU_SUPPORT_SMALL_N);
  g_print ("\n");
}

static int
support_effect (CtlContext  *ctx,
                int          argc,
                char       **argv,
                GError     **error)
{
  g_autofree char *by_arg = NULL;
  g_autofree char *prefecture_arg = NULL;
  g_autofree char *kind_arg = NULL;
  g_autofree char *expert = NULL;
  g_autofree char *body = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *format_arg = NULL;
  g_autofree char *scope = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(BansouSupportEffect) effect = NULL;
  CtlFormat format = CTL_FORMAT_TEXT;
  BansouSupportGrouping by = BANSOU_SUPPORT_BY_PREFECTURE;
  BansouSupportQuery query = { .any_kind = TRUE };
  GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by_arg, NULL, NULL },
    { "prefecture", 'p', 0, G_OPTION_ARG_STRING, &prefecture_arg, NULL, NULL },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_arg, NULL, NULL },
    { "expert", 0, 0, G_OPTION_ARG_STRING, &expert, NULL, NULL },
    { "body", 0, 0, G_OPTION_ARG_STRING, &body, NULL, NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, NULL, NULL },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, NULL, NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg, NULL, NULL },
    { NULL }
  };
  BansouStore *store;

  if (!ctl_parse_command (entries, &argc, &argv, 1, "support", error) ||
      !ctl_parse_format (format_arg, &format, error) ||
      !check_date (from, error) || !check_date (until, error))
    return 2;
  if (by_arg != NULL &&
      (by = bansou_support_grouping_from_string (by_arg)) == BANSOU_SUPPORT_N_GROUPINGS)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("Unknown grouping “%s” (use prefecture, expert, body or kind)"), by_arg);
      return 2;
    }
  if (kind_arg != NULL)
    {
      if (!bansou_support_kind_from_string (kind_arg, &query.kind))
        {
          g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                       _("Unknown kind of support “%s” (use visit, procurement or consultation)"), kind_arg);
          return 2;
        }
      query.any_kind = FALSE;
    }
  if (from != NULL && until != NULL && g_strcmp0 (from, until) > 0)
    {
      g_set_error (error, CTL_ERROR, CTL_ERROR_USAGE,
                   _("The first date (%s) is after the last (%s)"), from, until);
      return 2;
    }

  if (!(store = ctl_open_store (ctx, error)))
    return 1;
  registry = bansou_registry_new (store);
  if (body != NULL)
    {
      g_autoptr(BansouBody) found = bansou_registry_lookup (registry, body, error);

      if (found == NULL)
        return 1;
    }
  /* No prefecture chosen yet: every prefecture, as the nation */
  if (prefecture_arg != NULL || (scope = ctl_scope (store)) != NULL)
    {
      g_free (scope);
      if (!(scope = ctl_resolve_scope (store, registry, prefecture_arg, NULL, error)))
        return 1;
    }
  if (scope != NULL && !g_str_equal (scope, BANSOU_SCOPE_NATIONAL))
    query.prefecture = scope;
  query.actor = expert;
  query.body = body;
  query.from = from;
  query.until = until;

  if (!(effect = bansou_support_effect_compute (store, &query, error)))
    return 1;

  switch (format)
    {
    case CTL_FORMAT_JSON:
      print_json (effect, by);
      break;
    case CTL_FORMAT_CSV:
      print_csv (effect, by);
      break;
    case CTL_FORMAT_TEXT:
    default:
      print_text (effect, by);
      break;
    }
  return 0;
}

int
ctl_cmd_support (CtlContext  *ctx,
                 int          argc,
                 char       **argv,
                 GError     **error)
{
  if (ctl_wants_help (argc, argv))
    {
      g_print ("%s\n", _(usage_text));
      return 0;
    }
  if (argc < 2)
    return ctl_usage_error (error, "support"), 2;
  if (g_str_equal (argv[1], "effect"))
    return support_effect (ctx, argc - 1, argv + 1, error);
  return ctl_usage_error (error, "support"), 2;
}
