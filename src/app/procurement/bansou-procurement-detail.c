/* bansou-procurement-detail.c — one project of the 共同調達 page
 *
 * Its phases (仕様調整 → 公告 → 契約 → 構築 → 運用 → 更新, each with the
 * day it began), the supply-chain checklist of report 3(2)エ with the
 * override and its reason, the catalog questions it covers, its cost, and
 * beside them who takes part and the share table. Every field writes
 * through the core (validated, one transaction, audited); the project is
 * then read again and the detail rebuilt from it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-procurement-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-procurement-page-private.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

#define FIELD_KEY "bansou-procurement-field"

/* ------------------------------------------------------------------------ */

static gboolean
write_field (BansouProcurementPage *self,
             const char            *field,
             const char            *value)
{
  BansouProcurementItem *item = _bansou_procurement_page_get_selected (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (item == NULL)
    return FALSE;
  id = g_strdup (bansou_procurement_item_get_id (item));
  if (!bansou_procurements_set_field (self->ledger, id, field, value, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return FALSE;
    }
  _bansou_procurement_page_reload_one (self, id);
  return TRUE;
}

static void
entry_apply_cb (AdwEntryRow           *row,
                BansouProcurementPage *self)
{
  write_field (self, g_object_get_data (G_OBJECT (row), FIELD_KEY),
               gtk_editable_get_text (GTK_EDITABLE (row)));
}

static GtkWidget *
entry_row (BansouProcurementPage *self,
           const char            *title,
           const char            *field,
           const char            *value)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  g_object_set_data (G_OBJECT (row), FIELD_KEY, (gpointer) field);
  g_signal_connect_object (row, "apply", G_CALLBACK (entry_apply_cb), self, 0);
  return row;
}

static void
switch_active_cb (GtkSwitch             *sw,
                  GParamSpec            *pspec,
                  BansouProcurementPage *self)
{
  if (!write_field (self, g_object_get_data (G_OBJECT (sw), FIELD_KEY),
                    gtk_switch_get_active (sw) ? "yes" : "no"))
    {
      /* Refused: the switch goes back to what is stored */
      g_signal_handlers_block_by_func (sw, switch_active_cb, self);
      gtk_switch_set_active (sw, !gtk_switch_get_active (sw));
      g_signal_handlers_unblock_by_func (sw, switch_active_cb, self);
    }
}

static GtkWidget *
switch_row (BansouProcurementPage *self,
            const char            *title,
            const char            *subtitle,
            const char            *field,
            gboolean               active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (sw), active);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (sw), FIELD_KEY, (gpointer) field);
  g_signal_connect_object (sw, "notify::active", G_CALLBACK (switch_active_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  return row;
}

static GtkWidget *
group_new (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

/* ------------------------------------------------------------------------ */
/* Phases                                                                   */

/**
 * _bansou_procurement_phase_strip:
 *
 * The six phases in a row, the current one marked, each with the day it
 * began in 和暦.
 */
GtkWidget *
_bansou_procurement_phase_strip (const BansouProject *project)
{
  GtkWidget *strip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_box_set_homogeneous (GTK_BOX (strip), TRUE);
  gtk_widget_add_css_class (strip, "phase-strip");
  gtk_widget_add_css_class (strip, "card");
  for (guint ph = 0; ph < BANSOU_N_PHASES; ph++)
    {
      GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *name = gtk_label_new (bansou_phase_get_label (ph));
      g_autofree char *date = bansou_ui_format_date (project->phase_dates[ph]);
      GtkWidget *when = gtk_label_new (*date ? date : "—");

      gtk_widget_add_css_class (cell, "phase");
      gtk_widget_add_css_class (when, "caption");
      gtk_widget_add_css_class (when, "numeric");
      if (ph < project->phase)
        gtk_widget_add_css_class (cell, "done");
      else if (ph == project->phase)
        gtk_widget_add_css_class (cell, "current");
      else
        gtk_widget_add_css_class (when, "dim-label");
      if (ph == project->phase)
        gtk_widget_add_css_class (name, "heading");
      gtk_box_append (GTK_BOX (cell), name);
      gtk_box_append (GTK_BOX (cell), when);
      gtk_box_append (GTK_BOX (strip), cell);
    }
  return strip;
}

/**
 * _bansou_procurement_detail_advance:
 * @on_date: (nullable): 'YYYY-MM-DD', or %NULL / "" for today
 *
 * Moves the selected project to @phase. The core refuses 契約 and later
 * without the supply-chain checks unless an override is recorded: the
 * refusal, with what is missing, is shown as the page's error.
 */
gboolean
_bansou_procurement_detail_advance (BansouProcurementPage *self,
                                    BansouProcurementPhase phase,
                                    const char            *on_date)
{
  BansouProcurementItem *item = _bansou_procurement_page_get_selected (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (item == NULL)
    return FALSE;
  id = g_strdup (bansou_procurement_item_get_id (item));
  if (!bansou_procurements_set_phase (self->ledger, id, phase, on_date, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return FALSE;
    }
  _bansou_procurement_page_reload_one (self, id);
  return TRUE;
}

typedef struct
{
  GtkDropDown *phase;
  GtkEntry    *date;
} AdvanceWidgets;

static void
advance_clicked_cb (GtkButton             *button,
                    BansouProcurementPage *self)
{
  AdvanceWidgets *w = g_object_get_data (G_OBJECT (button), "widgets");

  _bansou_procurement_detail_advance (self, gtk_drop_down_get_selected (w->phase),
                                      gtk_editable_get_text (GTK_EDITABLE (w->date)));
}

static GtkWidget *
phase_group (BansouProcurementPage *self,
             const BansouProject   *p)
{
  GtkWidget *group = group_new (_("Phases"), NULL);
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  AdvanceWidgets *w = g_new0 (AdvanceWidgets, 1);
  GtkWidget *button;
  g_autoptr(GDate) today = bansou_date_today ();
  g_autofree char *today_iso = bansou_date_to_iso (today);

  GtkWidget *list = gtk_list_box_new ();

  /* Non-row children keep their order: the strip, then the move */
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), _bansou_procurement_phase_strip (p));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  for (guint ph = 0; ph < BANSOU_N_PHASES; ph++)
    gtk_string_list_append (names, bansou_phase_get_label (ph));
  w->phase = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL));
  gtk_drop_down_set_selected (w->phase, MIN (p->phase + 1, BANSOU_N_PHASES - 1));
  gtk_widget_set_valign (GTK_WIDGET (w->phase), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (w->phase), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Phase"), -1);
  w->date = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (w->date), today_iso);
  gtk_editable_set_width_chars (GTK_EDITABLE (w->date), 11);
  gtk_widget_set_valign (GTK_WIDGET (w->date), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (w->date), _("The day the phase began (YYYY-MM-DD)"));
  button = gtk_button_new_with_mnemonic (_("_Move"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "widgets", w, g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (advance_clicked_cb), self, 0);
  /* Enter in the date moves, as the button does */
  g_signal_connect_object (w->date, "activate", G_CALLBACK (gtk_widget_activate), button, G_CONNECT_SWAPPED);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Move to phase"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("契約 and later need every supply-chain check, or an override with its reason"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (w->phase));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (w->date));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_widget_set_margin_top (list, 6);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  return group;
}

/* ------------------------------------------------------------------------ */
/* Supply chain (report 3(2)エ)                                             */

static GtkWidget *
supply_chain_group (BansouProcurementPage *self,
                    const BansouProject   *p)
{
  g_auto(GStrv) missing = bansou_procurements_missing_checks (p);
  g_autofree char *list = g_strjoinv (_(", "), missing);
  g_autofree char *description = missing[0] == NULL
    ? g_strdup (_("Every check is done."))
    /* Translators: %s lists the supply-chain checks not yet done */
    : g_strdup_printf (_("Not yet done: %s"), list);
  GtkWidget *group = group_new (_("Supply-chain checks (report 3(2)エ)"), description);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             entry_row (self, _("_Vendor"), "vendor", p->vendor));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (self, _("Selection _criteria for equipment applied"), NULL,
                                         "criteria", p->sc_criteria));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             entry_row (self, _("Vendor’s declaration: _date (YYYY-MM-DD)"),
                                        "declaration-date", p->sc_declaration_on));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             entry_row (self, _("Vendor’s declaration: _reference"),
                                        "declaration-ref", p->sc_declaration_ref));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (self, _("_Penalty clause for breach"), NULL, "penalty", p->sc_penalty));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (self, _("National desk consultation _required"), NULL,
                                         "desk-required", p->sc_desk_required));
  if (p->sc_desk_required)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               entry_row (self, _("National desk _consulted on (YYYY-MM-DD)"),
                                          "desk-consulted", p->sc_desk_consulted));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             entry_row (self, _("_Override: reason to go on without the checks"),
                                        "override", p->override_reason));
  return group;
}

/* The override, where everybody sees it (report 3(2)エ) */
static GtkWidget *
override_banner (const BansouProject *p)
{
  g_auto(GStrv) missing = bansou_procurements_missing_checks (p);
  g_autofree char *list = NULL;
  g_autofree char *text = NULL;
  GtkWidget *box, *icon, *label;

  if (bansou_str_is_blank (p->override_reason) || missing[0] == NULL)
    return NULL;

  list = g_strjoinv (_(", "), missing);
  if (p->phase >= BANSOU_PHASE_CONTRACT)
    /* Translators: the phase, the checks missing, the reason recorded */
    text = g_markup_printf_escaped (_("<b>In “%s” without the supply-chain checks</b> (missing: %s). "
                                      "Override recorded: %s"),
                                    bansou_phase_get_label (p->phase), list, p->override_reason);
  else
    text = g_markup_printf_escaped (_("<b>Override recorded</b> for moving to 契約 without the checks "
                                      "(missing: %s): %s"), list, p->override_reason);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "override-banner");
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

/* ------------------------------------------------------------------------ */
/* Covered questions                                                        */

static void
questions_apply_cb (AdwEntryRow           *row,
                    BansouProcurementPage *self)
{
  BansouProcurementItem *item = _bansou_procurement_page_get_selected (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;

  if (item == NULL)
    return;
  /* Commas, 読点 or spaces between the ids */
  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_strdelimit (text, ",;", ' ');
  {
    g_autoptr(GString) s = g_string_new (text);
    g_string_replace (s, "、", " ", 0);
    g_string_replace (s, "，", " ", 0);
    parts = g_strsplit (s->str, " ", -1);
  }
  for (guint i = 0; parts[i]; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  ids = g_strv_builder_end (builder);

  id = g_strdup (bansou_procurement_item_get_id (item));
  if (!bansou_procurements_set_questions (self->ledger, id, (const char * const *) ids, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  _bansou_procurement_page_reload_one (self, id);
}

static GtkWidget *
questions_group (BansouProcurementPage *self,
                 const BansouProject   *p)
{
  BansouCatalog *catalog = bansou_context_get_catalog (self->context);
  GtkWidget *group = group_new (_("Covered questions"),
                                _("The catalog questions the service answers, e.g. malware and mail for file sanitisation"));
  g_autofree char *joined = g_strjoinv ("、", p->questions);
  GtkWidget *entry = adw_entry_row_new ();

  for (guint i = 0; p->questions[i]; i++)
    {
      BansouQuestion *q = bansou_catalog_lookup_question (catalog, p->questions[i]);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), q ? bansou_question_get_label (q) : p->questions[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), p->questions[i]);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Question _ids (separated by 、 or commas)"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (entry), TRUE);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), joined);
  g_signal_connect_object (entry, "apply", G_CALLBACK (questions_apply_cb), self, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), entry);
  return group;
}

/* ------------------------------------------------------------------------ */
/* Cost                                                                     */

typedef struct
{
  GtkEditable *total;
  GtkEditable *rate;
  GtkEditable *cap;
  GtkEditable *method;
} CostWidgets;

static gboolean
parse_yen (const char  *text,
           gboolean     empty_ok,
           const char  *what,
           gint64      *out,
           GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  char *end = NULL;

  /* 300,000,000 or 300000000円 as people type them */
  for (const char *c = text; *c; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);
      if (g_unichar_isdigit (u))
        g_string_append_c (digits, '0' + g_unichar_digit_value (u));
      else if (u != ',' && u != 0xFF0C && u != 0x5186 /* 円 */ && !g_unichar_isspace (u))
        {
          g_string_truncate (digits, 0);
          g_string_append (digits, "x");
          break;
        }
    }
  if (digits->len == 0 && empty_ok)
    {
      *out = -1;
      return TRUE;
    }
  *out = g_ascii_strtoll (digits->str, &end, 10);
  if (digits->len == 0 || *end != '\0' || *out < 0 || *out > BANSOU_COST_MAX_TOTAL)
    {
      /* Translators: %s names the amount, e.g. 総額 */
      g_set_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID,
                   _("%s must be an amount in yen between 0 and 1,000,000,000,000"), what);
      return FALSE;
    }
  return TRUE;
}

static void
cost_apply_cb (GtkButton             *button,
               BansouProcurementPage *self)
{
  CostWidgets *w = g_object_get_data (G_OBJECT (button), "widgets");
  BansouProcurementItem *item = _bansou_procurement_page_get_selected (self);
  BansouCostParams cost = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *rate;

  if (item == NULL)
    return;
  rate = gtk_editable_get_text (w->rate);
  cost.subsidy_num = 0;
  cost.subsidy_den = 1;
  if (!parse_yen (gtk_editable_get_text (w->total), FALSE, _("The total cost"), &cost.total, &error) ||
      !parse_yen (gtk_editable_get_text (w->cap), TRUE, _("The subsidy cap"), &cost.subsidy_cap, &error) ||
      (!bansou_str_is_blank (rate) && !bansou_cost_parse_rate (rate, &cost.subsidy_num, &cost.subsidy_den, &error)) ||
      !bansou_cost_parse_method (gtk_editable_get_text (w->method), cost.weights, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  id = g_strdup (bansou_procurement_item_get_id (item));
  if (!bansou_procurements_set_cost (self->ledger, id, &cost, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  _bansou_procurement_page_reload_one (self, id);
}

static GtkEditable *
cost_entry (GtkWidget  *group,
            GtkWidget  *apply,
            const char *title,
            const char *value)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), value);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (gtk_widget_activate), apply, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return GTK_EDITABLE (row);
}

static GtkWidget *
cost_group (BansouProcurementPage *self,
            const BansouProject   *p)
{
  GtkWidget *group = group_new (_("Cost"), _("The amount to share is the total less the national subsidy "
                                             "(rate, at most the cap)."));
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply Cost"));
  CostWidgets *w = g_new0 (CostWidgets, 1);
  g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, p->cost.total);
  g_autofree char *rate = p->cost.subsidy_num > 0
    ? g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, p->cost.subsidy_num, p->cost.subsidy_den)
    : g_strdup ("");
  g_autofree char *cap = p->cost.subsidy_cap >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, p->cost.subsidy_cap) : g_strdup ("");
  g_autofree char *method = bansou_cost_format_method (p->cost.weights);

  gtk_widget_set_valign (apply, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (apply, "suggested-action");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), apply);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             entry_row (self, _("Contract _start (YYYY-MM-DD)"), "contract-start", p->contract_start));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             entry_row (self, _("Contract _end (YYYY-MM-DD)"), "contract-end", p->contract_end));
  w->total = cost_entry (group, apply, _("_Total cost (yen)"), total);
  w->rate = cost_entry (group, apply, _("Subsidy _rate (e.g. 1/2)"), rate);
  w->cap = cost_entry (group, apply, _("Subsidy ca_p (yen; empty: none)"), cap);
  w->method = cost_entry (group, apply, _("Split _method (e.g. 均等割30%+人口割70%)"), method);

  g_object_set_data_full (G_OBJECT (apply), "widgets", w, g_free);
  g_signal_connect_object (apply, "clicked", G_CALLBACK (cost_apply_cb), self, 0);
  return group;
}

/* ------------------------------------------------------------------------ */

static GtkWidget *
header (BansouProcurementPage *self,
        BansouProcurementItem *item)
{
  const BansouProject *p = bansou_procurement_item_get_project (item);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (p->title);
  GtkWidget *meta = gtk_label_new (NULL);
  const char *period = bansou_procurement_item_get_period (item);
  g_autoptr(GString) text = g_string_new (bansou_procurement_type_get_label (p->type));

  g_string_append_printf (text, "　·　%s %s", _("Lead:"), bansou_procurement_item_get_lead_name (item));
  if (!bansou_str_is_blank (p->lead_council))
    g_string_append_printf (text, "（%s）", p->lead_council);
  if (*period)
    g_string_append_printf (text, "　·　%s %s", _("Contract:"), period);
  if (!bansou_str_is_blank (p->vendor))
    g_string_append_printf (text, "　·　%s %s", _("Vendor:"), p->vendor);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_selectable (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "title-2");
  gtk_label_set_text (GTK_LABEL (meta), text->str);
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_label_set_wrap (GTK_LABEL (meta), TRUE);
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), meta);
  return box;
}

static gboolean
restore_scroll (gpointer data)
{
  GtkAdjustment *vadj = data;
  int value = GPOINTER_TO_INT (g_object_steal_data (G_OBJECT (vadj), "bansou-restore"));

  if (value > 0)
    gtk_adjustment_set_value (vadj, value - 1);
  return G_SOURCE_REMOVE;
}

/**
 * _bansou_procurement_detail_show:
 * @item: (nullable): the project, or %NULL for none
 *
 * Builds the detail of @item (a project holds few widgets but for its
 * share table, which is a list view), keeping the scroll position when
 * the same project is shown again after an edit.
 */
void
_bansou_procurement_detail_show (BansouProcurementPage *self,
                                 BansouProcurementItem *item)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->detail_scroller);
  gboolean same = item != NULL && self->detail != NULL &&
                  g_strcmp0 (g_object_get_data (G_OBJECT (self->detail), "project"),
                             bansou_procurement_item_get_id (item)) == 0;
  double scroll = same ? gtk_adjustment_get_value (vadj) : 0;
  const BansouProject *p;
  GtkWidget *columns, *left, *right, *banner;

  if (self->detail != NULL)
    gtk_box_remove (self->detail_box, self->detail);
  self->detail = NULL;
  self->share_view = NULL;
  self->share_error = NULL;
  if (item == NULL)
    return;

  p = bansou_procurement_item_get_project (item);
  self->detail = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  g_object_set_data_full (G_OBJECT (self->detail), "project", g_strdup (p->id), g_free);
  gtk_box_append (GTK_BOX (self->detail), header (self, item));
  if ((banner = override_banner (p)) != NULL)
    gtk_box_append (GTK_BOX (self->detail), banner);
  gtk_box_append (GTK_BOX (self->detail), phase_group (self, p));

  columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_size_request (left, 440, -1);
  gtk_widget_set_hexpand (left, FALSE);
  gtk_widget_set_hexpand (right, TRUE);
  gtk_box_append (GTK_BOX (left), supply_chain_group (self, p));
  gtk_box_append (GTK_BOX (left), cost_group (self, p));
  gtk_box_append (GTK_BOX (left), questions_group (self, p));
  gtk_box_append (GTK_BOX (right), _bansou_procurement_shares_new (self, item));
  gtk_box_append (GTK_BOX (right), _bansou_procurement_participants_new (self, item));
  gtk_box_append (GTK_BOX (columns), left);
  gtk_box_append (GTK_BOX (columns), right);
  gtk_box_append (GTK_BOX (self->detail), columns);
  gtk_box_append (self->detail_box, self->detail);

  if (same)
    {
      /* After the new detail is measured */
      g_object_set_data (G_OBJECT (vadj), "bansou-restore", GINT_TO_POINTER ((int) scroll + 1));
      g_idle_add_full (G_PRIORITY_LOW, restore_scroll, g_object_ref (vadj), g_object_unref);
    }
}
