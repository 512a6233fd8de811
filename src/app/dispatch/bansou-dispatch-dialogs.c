/* bansou-dispatch-dialogs.c — the expert, request and scheduling dialogs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Each is a small modal window of preference rows over BansouDispatch:
 * the core validates, writes in one transaction with its audit lines and
 * says what is wrong in Japanese; a dialog only shows it. The scheduling
 * dialog asks the core for the visit's conflicts on every change, so they
 * are listed before anything is saved, and saving stays refused while a
 * double booking remains or a conflict has no reason given.
 */
#define G_LOG_DOMAIN "bansou-dispatch"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-dispatch-dialogs-private.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

/* ---- a form window ----------------------------------------------------- */

static GtkWindow *
form_window (GtkWidget           *parent,
             const char          *title,
             const char          *save_label,
             AdwPreferencesPage **page,
             GtkWidget          **save)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  gtk_window_set_title (window, title);
  gtk_window_set_modal (window, TRUE);
  gtk_window_set_default_size (window, 560, 640);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (window, GTK_WINDOW (root));
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  g_object_set_data (G_OBJECT (window), "bansou-cancel-button", cancel);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  *save = gtk_button_new_with_mnemonic (save_label);
  gtk_widget_add_css_class (*save, "suggested-action");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), *save);
  gtk_box_append (GTK_BOX (box), header);
  *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (*page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*page));
  adw_window_set_content (ADW_WINDOW (window), box);
  return window;
}

static AdwPreferencesGroup *
form_group (AdwPreferencesPage *page,
            const char         *title,
            const char         *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  if (title != NULL)
    adw_preferences_group_set_title (group, title);
  if (description != NULL)
    adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (page, group);
  return group;
}

static AdwEntryRow *
entry_row (AdwPreferencesGroup *group,
           const char          *title,
           const char          *text)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_preferences_group_add (group, GTK_WIDGET (row));
  return row;
}

static char *
format_count (gint64 value)
{
  return value < 0 ? g_strdup ("") : g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
show_error (GtkWindow    *window,
            const GError *error)
{
  bansou_show_error (GTK_WIDGET (window), error);
}

/* ---- the expert -------------------------------------------------------- */

typedef struct
{
  BansouContext  *context;
  BansouDispatch *dispatch;
  GtkWindow      *window;
  char           *id;           /* NULL: a new expert */

  AdwEntryRow    *name;
  AdwComboRow    *affiliation;
  AdwEntryRow    *organisation;
  AdwEntryRow    *contract_start;
  AdwEntryRow    *contract_end;
  AdwEntryRow    *certifications;
  AdwEntryRow    *nda_signed;
  AdwEntryRow    *nda_expires;
  AdwEntryRow    *home_base;
  AdwEntryRow    *days_per_week;
  AdwEntryRow    *monthly_visits;
  AdwEntryRow    *monthly_hours;
  AdwEntryRow    *cost_per_visit;
  AdwEntryRow    *cost_per_hour;
  AdwEntryRow    *notes;
  GtkSwitch      *active;
  GPtrArray      *skill_rows;     /* AdwComboRow per measure, "measure" data */
} ExpertDialog;

static void
expert_dialog_free (ExpertDialog *d)
{
  g_clear_object (&d->context);
  g_free (d->id);
  g_ptr_array_unref (d->skill_rows);
  g_free (d);
}

static void
expert_save_cb (ExpertDialog *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *minutes = NULL;
  g_autoptr(GArray) skills = g_array_new (FALSE, FALSE, sizeof (BansouExpertSkill));
  const char *hours = entry_text (d->monthly_hours);
  guint affiliation = adw_combo_row_get_selected (d->affiliation);
  const char *fields[] = {
    "name", "affiliation", "organisation", "contract-start", "contract-end", "certifications",
    "nda-signed", "nda-expires", "home-base", "days-per-week", "monthly-visits", "monthly-minutes",
    "cost-per-visit", "cost-per-hour", "active", "notes", NULL
  };
  const char *values[G_N_ELEMENTS (fields)];

  /* The pool counts minutes; people give hours */
  if (*hours != '\0')
    {
      char *end = NULL;
      double h = g_ascii_strtod (hours, &end);

      if (end == hours || *end != '\0' || h < 0 || h > 31 * 24)
        {
          g_set_error (&error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                       _("The monthly hours must be a number of hours, such as 40"));
          show_error (d->window, error);
          return;
        }
      minutes = g_strdup_printf ("%d", (int) (h * 60 + 0.5));
    }

  values[0] = entry_text (d->name);
  values[1] = bansou_affiliation_to_string (MIN (affiliation, BANSOU_N_AFFILIATIONS - 1));
  values[2] = entry_text (d->organisation);
  values[3] = entry_text (d->contract_start);
  values[4] = entry_text (d->contract_end);
  values[5] = entry_text (d->certifications);
  values[6] = entry_text (d->nda_signed);
  values[7] = entry_text (d->nda_expires);
  values[8] = entry_text (d->home_base);
  values[9] = entry_text (d->days_per_week);
  values[10] = entry_text (d->monthly_visits);
  values[11] = minutes ? minutes : "";
  values[12] = entry_text (d->cost_per_visit);
  values[13] = entry_text (d->cost_per_hour);
  values[14] = gtk_switch_get_active (d->active) ? "yes" : "no";
  values[15] = entry_text (d->notes);
  values[16] = NULL;

  for (guint i = 0; i < d->skill_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (d->skill_rows, i);
      guint level = adw_combo_row_get_selected (row);

      if (level > 0 && level != GTK_INVALID_LIST_POSITION)
        {
          BansouExpertSkill skill = { g_object_get_data (G_OBJECT (row), "measure"), level };

          g_array_append_val (skills, skill);
        }
    }

  if (d->id == NULL)
    {
      /* Added with its name first: the rest is validated as one change below. */
      if (!(id = bansou_dispatch_add_expert (d->dispatch, NULL, values[0], affiliation, &error)))
        {
          show_error (d->window, error);
          return;
        }
      d->id = g_steal_pointer (&id);
    }
  if (!bansou_dispatch_update_expert (d->dispatch, d->id, fields, values, &error) ||
      !bansou_dispatch_set_expert_skills (d->dispatch, d->id, (BansouExpertSkill *) skills->data, skills->len, &error))
    {
      show_error (d->window, error);
      return;
    }
  gtk_window_destroy (d->window);
}

/**
 * bansou_expert_dialog_new:
 * @expert: (nullable): the expert to edit; %NULL adds one
 *
 * Returns: (transfer none): the dialog, presented; %NULL when the pool
 *   cannot be read (the error is shown)
 */
GtkWindow *
bansou_expert_dialog_new (GtkWidget     *parent,
                          BansouContext *context,
                          const char    *expert)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouExpert) e = NULL;
  g_autoptr(GtkStringList) affiliations = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) levels = gtk_string_list_new (NULL);
  BansouDispatch *dispatch = bansou_context_get_dispatch (context, &error);
  BansouCatalog *catalog = bansou_context_get_catalog (context);
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  GtkWidget *save, *row;
  ExpertDialog *d;
  g_autofree char *days = NULL, *visits = NULL, *hours = NULL, *per_visit = NULL, *per_hour = NULL;
  g_autofree char *certs = NULL;

  if (dispatch == NULL || (expert != NULL && !(e = bansou_dispatch_get_expert (dispatch, expert, &error))))
    {
      bansou_show_error (parent, error);
      return NULL;
    }

  d = g_new0 (ExpertDialog, 1);
  d->context = g_object_ref (context);
  d->dispatch = dispatch;
  d->id = g_strdup (expert);
  d->skill_rows = g_ptr_array_new ();
  d->window = form_window (parent, e ? _("Edit Expert") : _("Add Expert"), _("_Save"), &page, &save);
  g_object_set_data_full (G_OBJECT (d->window), "bansou-expert-dialog", d, (GDestroyNotify) expert_dialog_free);
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (expert_save_cb), d);

  group = form_group (page, _("Expert"), NULL);
  d->name = entry_row (group, _("Name"), e ? e->name : NULL);
  for (guint i = 0; i < BANSOU_N_AFFILIATIONS; i++)
    gtk_string_list_append (affiliations, bansou_affiliation_get_label (i));
  d->affiliation = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->affiliation), _("Affiliation"));
  adw_combo_row_set_model (d->affiliation, G_LIST_MODEL (affiliations));
  adw_combo_row_set_selected (d->affiliation, e ? e->affiliation : BANSOU_AFFILIATION_PREFECTURE_STAFF);
  adw_preferences_group_add (group, GTK_WIDGET (d->affiliation));
  d->organisation = entry_row (group, _("Employer or vendor"), e ? e->organisation : NULL);
  certs = e ? g_strjoinv ("、", e->certifications) : NULL;
  d->certifications = entry_row (group, _("Certifications (separated by 、)"), certs);
  d->home_base = entry_row (group, _("Home base (body code)"), e ? e->home_base : NULL);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("In the pool"));
  d->active = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (d->active, e ? e->active : TRUE);
  gtk_widget_set_valign (GTK_WIDGET (d->active), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (d->active));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (d->active));
  adw_preferences_group_add (group, row);

  group = form_group (page, _("Contract and confidentiality"), _("Dates as YYYY-MM-DD; empty: open"));
  d->contract_start = entry_row (group, _("Contract from"), e ? e->contract_start : NULL);
  d->contract_end = entry_row (group, _("Contract until"), e ? e->contract_end : NULL);
  d->nda_signed = entry_row (group, _("Confidentiality agreement signed on"), e ? e->nda_signed_on : NULL);
  d->nda_expires = entry_row (group, _("Confidentiality agreement expires on"), e ? e->nda_expires_on : NULL);

  group = form_group (page, _("Working pattern and cost"), _("Empty: no cap, not charged so"));
  days = g_strdup_printf ("%u", e ? e->days_per_week : 5);
  d->days_per_week = entry_row (group, _("Days a week available"), days);
  visits = e ? format_count (e->monthly_visits) : NULL;
  d->monthly_visits = entry_row (group, _("Visits a month at most"), visits);
  if (e != NULL && e->monthly_minutes >= 0)
    hours = g_strdup_printf ("%g", e->monthly_minutes / 60.0);
  d->monthly_hours = entry_row (group, _("Hours a month at most"), hours);
  per_visit = e ? format_count (e->cost_per_visit) : NULL;
  d->cost_per_visit = entry_row (group, _("Cost per visit (yen)"), per_visit);
  per_hour = e ? format_count (e->cost_per_hour) : NULL;
  d->cost_per_hour = entry_row (group, _("Cost per hour (yen)"), per_hour);
  d->notes = entry_row (group, _("Notes"), e ? e->notes : NULL);

  /* Skills, against the catalog's measures: what suggestions match on */
  group = form_group (page, _("Skills"), _("The measures of the catalog the expert can support"));
  gtk_string_list_append (levels, _("None"));
  gtk_string_list_append (levels, _("Basic"));
  gtk_string_list_append (levels, _("Practised"));
  gtk_string_list_append (levels, _("Expert"));
  for (guint c = 0; catalog != NULL && c < bansou_catalog_get_n_categories (catalog); c++)
    {
      BansouCategory *category = bansou_catalog_get_category (catalog, c);
      GtkWidget *expander = adw_expander_row_new ();
      guint n_set = 0;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), bansou_category_get_label (category));
      for (guint m = 0; m < category->measures->len; m++)
        {
          BansouMeasure *measure = g_ptr_array_index (category->measures, m);
          AdwComboRow *level = ADW_COMBO_ROW (adw_combo_row_new ());
          guint selected = 0;

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (level), bansou_measure_get_label (measure));
          adw_combo_row_set_model (level, G_LIST_MODEL (levels));
          for (guint s = 0; e != NULL && s < e->skills->len; s++)
            if (g_str_equal (g_array_index (e->skills, BansouExpertSkill, s).target, measure->id))
              selected = MIN (g_array_index (e->skills, BansouExpertSkill, s).level, 3);
          adw_combo_row_set_selected (level, selected);
          n_set += selected > 0;
          g_object_set_data (G_OBJECT (level), "measure", measure->id);
          g_ptr_array_add (d->skill_rows, level);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (level));
        }
      if (n_set > 0)
        {
          g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u measure", "%u measures", n_set), n_set);

          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
        }
      adw_preferences_group_add (group, expander);
    }

  gtk_window_present (d->window);
  return d->window;
}

/* ---- the request ------------------------------------------------------- */

typedef struct
{
  BansouContext      *context;
  BansouDispatch     *dispatch;
  GtkWindow          *window;
  char               *body;
  BansouRequestSource source;
  AdwComboRow        *urgency;
  AdwEntryRow        *purpose;
  AdwEntryRow        *wanted_from;
  AdwEntryRow        *wanted_until;
  GPtrArray          *question_checks;   /* GtkCheckButton, "question" data */
} RequestDialog;

static void
request_dialog_free (RequestDialog *d)
{
  g_clear_object (&d->context);
  g_free (d->body);
  g_ptr_array_unref (d->question_checks);
  g_free (d);
}

static const char *
nullable_text (AdwEntryRow *row)
{
  const char *text = entry_text (row);

  return *text ? text : NULL;
}

static void
request_save_cb (RequestDialog *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) questions = g_ptr_array_new ();
  g_autofree char *id = NULL;
  BansouRequestSpec spec = { 0 };

  for (guint i = 0; i < d->question_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (d->question_checks, i);

      if (gtk_check_button_get_active (check))
        g_ptr_array_add (questions, g_object_get_data (G_OBJECT (check), "question"));
    }
  g_ptr_array_add (questions, NULL);

  spec.body = d->body;
  spec.questions = (const char * const *) questions->pdata;
  spec.urgency = MIN (adw_combo_row_get_selected (d->urgency), BANSOU_N_URGENCIES - 1);
  spec.purpose = nullable_text (d->purpose);
  spec.wanted_from = nullable_text (d->wanted_from);
  spec.wanted_until = nullable_text (d->wanted_until);
  spec.source = d->source;
  if (!(id = bansou_dispatch_add_request (d->dispatch, &spec, &error)))
    {
      show_error (d->window, error);
      return;
    }
  gtk_window_destroy (d->window);
}

/**
 * bansou_request_dialog_new:
 * @body: the body asking
 * @questions: (nullable): catalog questions ticked to begin with (weak
 *   cells of the heatmap)
 *
 * Returns: (transfer none) (nullable): the dialog, presented
 */
GtkWindow *
bansou_request_dialog_new (GtkWidget           *parent,
                           BansouContext       *context,
                           const char          *body,
                           const char * const  *questions,
                           BansouRequestSource  source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouBody) b = NULL;
  g_autoptr(GtkStringList) urgencies = gtk_string_list_new (NULL);
  BansouDispatch *dispatch = bansou_context_get_dispatch (context, &error);
  BansouCatalog *catalog = bansou_context_get_catalog (context);
  g_autofree char *title = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  RequestDialog *d;
  GtkWidget *save;

  g_return_val_if_fail (body != NULL, NULL);

  if (dispatch == NULL || !(b = bansou_registry_lookup (bansou_context_get_registry (context), body, &error)))
    {
      bansou_show_error (parent, error);
      return NULL;
    }

  d = g_new0 (RequestDialog, 1);
  d->context = g_object_ref (context);
  d->dispatch = dispatch;
  d->body = g_strdup (body);
  d->source = source;
  d->question_checks = g_ptr_array_new ();
  /* TRANSLATORS: the title of the new request dialog, with the body's name */
  title = g_strdup_printf (_("Request from %s"), bansou_body_get_name (b));
  d->window = form_window (parent, title, _("C_reate"), &page, &save);
  g_object_set_data_full (G_OBJECT (d->window), "bansou-request-dialog", d, (GDestroyNotify) request_dialog_free);
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (request_save_cb), d);

  group = form_group (page, _("Request"), NULL);
  for (guint i = 0; i < BANSOU_N_URGENCIES; i++)
    gtk_string_list_append (urgencies, bansou_urgency_get_label (i));
  d->urgency = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->urgency), _("Urgency"));
  adw_combo_row_set_model (d->urgency, G_LIST_MODEL (urgencies));
  adw_preferences_group_add (group, GTK_WIDGET (d->urgency));
  d->purpose = entry_row (group, _("Purpose (empty: from the questions)"), NULL);
  d->wanted_from = entry_row (group, _("Wanted from (YYYY-MM-DD)"), NULL);
  d->wanted_until = entry_row (group, _("Wanted until (YYYY-MM-DD)"), NULL);

  group = form_group (page, _("Questions to work on"), _("The catalog's questions the visit is for"));
  for (guint c = 0; catalog != NULL && c < bansou_catalog_get_n_categories (catalog); c++)
    {
      BansouCategory *category = bansou_catalog_get_category (catalog, c);
      GtkWidget *expander = adw_expander_row_new ();
      guint n_ticked = 0;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), bansou_category_get_label (category));
      for (guint m = 0; m < category->measures->len; m++)
        {
          BansouMeasure *measure = g_ptr_array_index (category->measures, m);

          for (guint q = 0; q < measure->questions->len; q++)
            {
              BansouQuestion *question = g_ptr_array_index (measure->questions, q);
              GtkWidget *row = adw_action_row_new ();
              GtkWidget *check = gtk_check_button_new ();
              gboolean ticked = questions != NULL && g_strv_contains (questions, question->id);

              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), bansou_question_get_label (question));
              adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
              adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
              gtk_check_button_set_active (GTK_CHECK_BUTTON (check), ticked);
              n_ticked += ticked;
              g_object_set_data (G_OBJECT (check), "question", question->id);
              g_ptr_array_add (d->question_checks, check);
              adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
            }
        }
      if (n_ticked > 0)
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
      adw_preferences_group_add (group, expander);
    }

  gtk_window_present (d->window);
  return d->window;
}

/* ---- scheduling a visit ------------------------------------------------ */

static void
visit_dialog_free (VisitDialog *d)
{
  g_clear_object (&d->context);
  g_free (d->request);
  g_clear_pointer (&d->experts, g_ptr_array_unref);
  g_clear_pointer (&d->conflicts, g_ptr_array_unref);
  g_free (d->saved);
  g_free (d);
}

VisitDialog *
_bansou_visit_dialog_get (GtkWindow *window)
{
  return g_object_get_data (G_OBJECT (window), "bansou-visit-dialog");
}

/* "9:30" or "930" → minutes; -1 when it is no time of day */
static int
parse_time (const char *text)
{
  unsigned h, m;
  char extra;

  if (sscanf (text, "%u:%u%c", &h, &m, &extra) == 2 || sscanf (text, "%u：%u%c", &h, &m, &extra) == 2)
    return h < 24 && m < 60 ? (int) (h * 60 + m) : -1;
  return -1;
}

static const char *
selected_expert (VisitDialog *d)
{
  guint i = adw_combo_row_get_selected (d->expert_row);

  if (i == GTK_INVALID_LIST_POSITION || i >= d->experts->len)
    return NULL;
  return ((BansouExpert *) g_ptr_array_index (d->experts, i))->id;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_conflict_row (VisitDialog *d,
                  const char  *message,
                  gboolean     blocking)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (blocking ? "action-unavailable-symbolic" : "dialog-warning-symbolic");
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               blocking ? _("Cannot be saved this way") : _("Can be saved with a reason"));
  gtk_widget_add_css_class (icon, blocking ? "error" : "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (d->conflict_list, row);
}

/* Asks the core what would be wrong with the visit as it stands; the
 * list and the Save button follow. */
void
_bansou_visit_dialog_check (VisitDialog *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *day = g_strstrip (g_strdup (entry_text (d->day_row)));
  g_autofree char *body = g_strstrip (g_strdup (entry_text (d->body_row)));
  int start = parse_time (entry_text (d->start_row)), end = parse_time (entry_text (d->end_row));
  BansouVisitSpec spec = { 0 };
  gboolean overridable_only = TRUE;

  clear_list (d->conflict_list);
  g_clear_pointer (&d->conflicts, g_ptr_array_unref);
  d->blocking = TRUE;

  if (selected_expert (d) == NULL)
    add_conflict_row (d, _("Choose an expert"), TRUE);
  else if (start < 0 || end < 0)
    add_conflict_row (d, _("Give the start and end as hours and minutes, such as 9:30"), TRUE);
  else
    {
      spec.request = d->request;
      spec.expert = selected_expert (d);
      spec.body = *body ? body : NULL;
      spec.day = day;
      spec.start_min = start;
      spec.end_min = end;
      if (!(d->conflicts = bansou_dispatch_check_visit (d->dispatch, &spec, NULL, &error)))
        {
          g_autofree char *message = bansou_ui_error_message (error);

          add_conflict_row (d, message, TRUE);
        }
      else
        {
          for (guint i = 0; i < d->conflicts->len; i++)
            {
              BansouVisitConflict *c = g_ptr_array_index (d->conflicts, i);

              add_conflict_row (d, c->message, !c->overridable);
              overridable_only &= c->overridable;
            }
          d->blocking = !overridable_only;
        }
    }

  if (d->conflicts != NULL && d->conflicts->len == 0)
    adw_preferences_group_set_description (d->conflict_group, _("No conflicts: the visit can be saved."));
  else if (!d->blocking)
    adw_preferences_group_set_description (d->conflict_group, _("Give a reason below to save the visit despite these conflicts."));
  else
    adw_preferences_group_set_description (d->conflict_group, NULL);
  gtk_widget_set_visible (GTK_WIDGET (d->conflict_list), gtk_widget_get_first_child (GTK_WIDGET (d->conflict_list)) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (d->reason_group), d->conflicts != NULL && d->conflicts->len > 0 && !d->blocking);
  gtk_widget_set_sensitive (d->save_button,
                            !d->blocking && (d->conflicts->len == 0 || !bansou_str_is_blank (entry_text (d->reason_row))));
}

gboolean
_bansou_visit_dialog_save (VisitDialog *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *day = g_strstrip (g_strdup (entry_text (d->day_row)));
  g_autofree char *body = g_strstrip (g_strdup (entry_text (d->body_row)));
  const char *reason = entry_text (d->reason_row);
  BansouVisitSpec spec = { 0 };

  _bansou_visit_dialog_check (d);
  if (!gtk_widget_get_sensitive (d->save_button))
    return FALSE;

  spec.request = d->request;
  spec.expert = selected_expert (d);
  spec.body = *body ? body : NULL;
  spec.day = day;
  spec.start_min = parse_time (entry_text (d->start_row));
  spec.end_min = parse_time (entry_text (d->end_row));
  if (!(d->saved = bansou_dispatch_schedule_visit (d->dispatch, &spec,
                                                   bansou_str_is_blank (reason) ? NULL : reason,
                                                   &conflicts, &error)))
    {
      show_error (d->window, error);
      _bansou_visit_dialog_check (d);
      return FALSE;
    }
  gtk_window_destroy (d->window);
  return TRUE;
}

static void
visit_save_cb (VisitDialog *d)
{
  _bansou_visit_dialog_save (d);
}

/**
 * bansou_visit_dialog_new:
 * @request: (nullable): the request the visit serves (its body and questions)
 * @expert: (nullable): the expert chosen to begin with
 * @body: (nullable): the body, when there is no request
 * @day: (nullable): the day; %NULL: the next business day
 *
 * Returns: (transfer none) (nullable): the dialog, presented
 */
GtkWindow *
bansou_visit_dialog_new (GtkWidget     *parent,
                         BansouContext *context,
                         const char    *request,
                         const char    *expert,
                         const char    *body,
                         const GDate   *day,
                         guint          start_min,
                         guint          end_min)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(BansouDispatchRequest) req = NULL;
  BansouDispatch *dispatch = bansou_context_get_dispatch (context, &error);
  g_autoptr(GPtrArray) experts = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  VisitDialog *d;
  char date[16], from[8], to[8];
  GDate when;

  if (dispatch == NULL ||
      !(experts = bansou_dispatch_list_experts (dispatch, TRUE, &error)) ||
      (request != NULL && !(req = bansou_dispatch_get_request (dispatch, request, &error))))
    {
      bansou_show_error (parent, error);
      return NULL;
    }

  d = g_new0 (VisitDialog, 1);
  d->context = g_object_ref (context);
  d->dispatch = dispatch;
  d->request = g_strdup (request);
  d->experts = g_steal_pointer (&experts);
  d->window = form_window (parent, _("Schedule a Visit"), _("_Save"), &page, &d->save_button);
  g_object_set_data_full (G_OBJECT (d->window), "bansou-visit-dialog", d, (GDestroyNotify) visit_dialog_free);
  g_signal_connect_swapped (d->save_button, "clicked", G_CALLBACK (visit_save_cb), d);

  if (req != NULL)
    {
      /* TRANSLATORS: the group of the scheduling dialog: 依頼 N, the body */
      g_autofree char *title = g_strdup_printf (_("Request %d · %s"), (int) req->number, req->body_name);

      group = form_group (page, title, req->purpose);
    }
  else
    group = form_group (page, _("Visit"), NULL);

  for (guint i = 0; i < d->experts->len; i++)
    gtk_string_list_append (names, ((BansouExpert *) g_ptr_array_index (d->experts, i))->name);
  d->expert_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->expert_row), _("Expert"));
  adw_combo_row_set_model (d->expert_row, G_LIST_MODEL (names));
  for (guint i = 0; expert != NULL && i < d->experts->len; i++)
    if (g_str_equal (((BansouExpert *) g_ptr_array_index (d->experts, i))->id, expert))
      adw_combo_row_set_selected (d->expert_row, i);
  adw_preferences_group_add (group, GTK_WIDGET (d->expert_row));
  d->body_row = entry_row (group, _("Body (code)"), req ? req->body : body);
  gtk_widget_set_sensitive (GTK_WIDGET (d->body_row), req == NULL);

  if (day != NULL && g_date_valid (day))
    when = *day;
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now (bansou_calendar_get_time_zone ());

      g_date_clear (&when, 1);
      g_date_set_dmy (&when, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
      bansou_calendar_next_business_day (bansou_context_get_calendar (context), &when);
    }
  g_snprintf (date, sizeof date, "%04d-%02d-%02d", g_date_get_year (&when), g_date_get_month (&when), g_date_get_day (&when));
  if (end_min <= start_min)
    {
      start_min = 10 * 60;
      end_min = 12 * 60;
    }
  g_snprintf (from, sizeof from, "%u:%02u", start_min / 60, start_min % 60);
  g_snprintf (to, sizeof to, "%u:%02u", end_min / 60, end_min % 60);
  d->day_row = entry_row (group, _("Day (YYYY-MM-DD)"), date);
  d->start_row = entry_row (group, _("From"), from);
  d->end_row = entry_row (group, _("Until"), to);

  d->conflict_group = form_group (page, _("Conflicts"), NULL);
  d->conflict_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (d->conflict_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (d->conflict_list), "boxed-list");
  adw_preferences_group_add (d->conflict_group, GTK_WIDGET (d->conflict_list));
  /* Its own group: below the list, shown only when a reason can help */
  d->reason_group = form_group (page, NULL, NULL);
  d->reason_row = entry_row (d->reason_group, _("Reason for accepting the conflicts"), NULL);

  g_signal_connect_swapped (d->expert_row, "notify::selected", G_CALLBACK (_bansou_visit_dialog_check), d);
  g_signal_connect_swapped (d->body_row, "changed", G_CALLBACK (_bansou_visit_dialog_check), d);
  g_signal_connect_swapped (d->day_row, "changed", G_CALLBACK (_bansou_visit_dialog_check), d);
  g_signal_connect_swapped (d->start_row, "changed", G_CALLBACK (_bansou_visit_dialog_check), d);
  g_signal_connect_swapped (d->end_row, "changed", G_CALLBACK (_bansou_visit_dialog_check), d);
  g_signal_connect_swapped (d->reason_row, "changed", G_CALLBACK (_bansou_visit_dialog_check), d);
  _bansou_visit_dialog_check (d);

  gtk_window_present (d->window);
  return d->window;
}

/* ---- suggestions for a request ----------------------------------------- */

static void
suggestions_dialog_free (SuggestionsDialog *d)
{
  g_clear_object (&d->context);
  g_free (d->request);
  g_clear_pointer (&d->suggestions, g_ptr_array_unref);
  g_free (d);
}

SuggestionsDialog *
_bansou_suggestions_dialog_get (GtkWindow *window)
{
  return g_object_get_data (G_OBJECT (window), "bansou-suggestions-dialog");
}

/* Opens the scheduling dialog for the request with the suggestion's
 * expert, day and slot, and closes the list. */
GtkWindow *
_bansou_suggestions_dialog_choose (SuggestionsDialog *d,
                                   guint              index)
{
  BansouSuggestion *s;
  GtkWidget *parent;
  GtkWindow *visit;
  GDate day;

  g_return_val_if_fail (index < d->suggestions->len, NULL);
  s = g_ptr_array_index (d->suggestions, index);
  g_date_clear (&day, 1);
  if (s->first_day != NULL)
    g_date_set_parse (&day, s->first_day);
  parent = GTK_WIDGET (gtk_window_get_transient_for (d->window));
  visit = bansou_visit_dialog_new (parent, d->context, d->request, s->expert, NULL,
                                   g_date_valid (&day) ? &day : NULL,
                                   s->first_day ? s->start_min : 0, s->first_day ? s->end_min : 0);
  gtk_window_destroy (d->window);
  return visit;
}

static void
suggestion_activated_cb (GtkListBox        *list,
                         GtkListBoxRow     *row,
                         SuggestionsDialog *d)
{
  _bansou_suggestions_dialog_choose (d, gtk_list_box_row_get_index (row));
}

static void
suggestion_clicked_cb (GtkButton         *button,
                       SuggestionsDialog *d)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  _bansou_suggestions_dialog_choose (d, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
}

/**
 * bansou_suggestions_dialog_new:
 * @request: the request
 *
 * The experts of the pool ranked for @request, each with the reason of
 * its rank; choosing one opens the scheduling dialog on its first free
 * slot.
 *
 * Returns: (transfer none) (nullable): the dialog, presented
 */
GtkWindow *
bansou_suggestions_dialog_new (GtkWidget     *parent,
                               BansouContext *context,
                               const char    *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouDispatchRequest) req = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  BansouDispatch *dispatch = bansou_context_get_dispatch (context, &error);
  g_autofree char *title = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  SuggestionsDialog *d;
  GtkWidget *save;

  if (dispatch == NULL ||
      !(req = bansou_dispatch_get_request (dispatch, request, &error)) ||
      !(suggestions = bansou_dispatch_suggest (dispatch, request, 20, &error)))
    {
      bansou_show_error (parent, error);
      return NULL;
    }

  d = g_new0 (SuggestionsDialog, 1);
  d->context = g_object_ref (context);
  d->dispatch = dispatch;
  d->request = g_strdup (request);
  d->suggestions = g_steal_pointer (&suggestions);
  d->window = form_window (parent, _("Suggested Experts"), _("_Schedule…"), &page, &save);
  g_object_set_data_full (G_OBJECT (d->window), "bansou-suggestions-dialog", d, (GDestroyNotify) suggestions_dialog_free);
  /* Each row has its own button: the header's would not say whom */
  gtk_widget_set_visible (save, FALSE);
  gtk_button_set_label (g_object_get_data (G_OBJECT (d->window), "bansou-cancel-button"), _("_Close"));

  /* TRANSLATORS: the group of the suggestions: 依頼 N · the body */
  title = g_strdup_printf (_("Request %d · %s"), (int) req->number, req->body_name);
  group = form_group (page, title,
                      d->suggestions->len > 0
                      ? _("Ranked by the skills matching the request's questions, the first free slot and the month's workload.")
                      : _("No expert of the pool is active: add one, or set a leaver back in the pool."));
  d->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (d->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (d->list), "boxed-list");
  g_signal_connect (d->list, "row-activated", G_CALLBACK (suggestion_activated_cb), d);
  for (guint i = 0; i < d->suggestions->len; i++)
    {
      BansouSuggestion *s = g_ptr_array_index (d->suggestions, i);
      g_autofree char *name = g_strdup_printf ("%u. %s", i + 1, s->name);
      g_autofree char *escaped = g_markup_escape_text (name, -1);
      g_autofree char *reason = g_markup_escape_text (s->reason, -1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Schedule…"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (choose, s->first_day ? _("Schedule the visit on this expert's first free slot")
                                                        : _("Schedule the visit with this expert"));
      if (i == 0)
        gtk_widget_add_css_class (choose, "suggested-action");
      g_signal_connect (choose, "clicked", G_CALLBACK (suggestion_clicked_cb), d);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose);
      gtk_list_box_append (d->list, row);
    }
  if (d->suggestions->len > 0)
    adw_preferences_group_add (group, GTK_WIDGET (d->list));
  else
    g_object_ref_sink (d->list), g_object_unref (d->list), d->list = NULL;

  gtk_window_present (d->window);
  return d->window;
}

/* ---- the visit report -------------------------------------------------- */

static void
report_dialog_free (ReportDialog *d)
{
  g_clear_object (&d->context);
  g_clear_pointer (&d->visit, bansou_visit_free);
  g_ptr_array_unref (d->finding_rows);
  g_clear_pointer (&d->changes, g_ptr_array_unref);
  g_free (d);
}

ReportDialog *
_bansou_report_dialog_get (GtkWindow *window)
{
  return g_object_get_data (G_OBJECT (window), "bansou-report-dialog");
}

/* "2", "2.5", "2:30" → minutes; -1 otherwise */
static gint64
parse_hours (const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  unsigned h, m;
  char extra;
  char *end = NULL;
  double hours;

  if (sscanf (t, "%u:%u%c", &h, &m, &extra) == 2 || sscanf (t, "%u：%u%c", &h, &m, &extra) == 2)
    return m < 60 ? (gint64) h * 60 + m : -1;
  hours = g_ascii_strtod (t, &end);
  if (*t == '\0' || end == NULL || *end != '\0' || hours < 0 || hours > 24)
    return -1;
  return (gint64) (hours * 60 + 0.5);
}

/* "12,000" or "12000" → yen; "" → -1 (from the rate); -2 when wrong */
static gint64
parse_yen (const char *text)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ',' && *p != ' ' && *p != '\t')
        return -2;
    }
  if (digits->len == 0)
    return -1;
  if (digits->len > 12)
    return -2;
  return g_ascii_strtoll (digits->str, NULL, 10);
}

/**
 * _bansou_describe_change:
 *
 * Returns: one answer change as the confirmation lists it:
 *   「米子市 · 設問：未回答 → 実施済み（根拠：訪問 3）」
 */
char *
_bansou_describe_change (BansouContext            *context,
                         const BansouAnswerChange *c)
{
  BansouCatalog *catalog = bansou_context_get_catalog (context);
  BansouQuestion *q = catalog ? bansou_catalog_lookup_question (catalog, c->question) : NULL;
  g_autoptr(BansouBody) body = bansou_registry_lookup (bansou_context_get_registry (context), c->body, NULL);

  /* TRANSLATORS: an answer a visit's findings change: body · question: old → new (evidence: 訪問 N) */
  return g_strdup_printf (_("%s · %s: %s → %s (evidence: %s)"),
                          body ? bansou_body_get_name (body) : c->body,
                          q ? bansou_question_get_label (q) : c->question,
                          bansou_status_get_label (c->old_status), bansou_status_get_label (c->new_status),
                          c->evidence);
}

/* Said inside the dialog: a toast on the window behind would be hidden */
static void
report_say (ReportDialog *d,
            const char   *message)
{
  gtk_label_set_label (d->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (d->error_label), message != NULL);
}

static void
report_error (ReportDialog *d,
              const GError *error)
{
  g_autofree char *message = bansou_ui_error_message (error);

  report_say (d, message);
}

static gboolean
destroy_idle_cb (gpointer window)
{
  gtk_window_destroy (window);
  g_object_unref (window);
  return G_SOURCE_REMOVE;
}

/* The message dialog is still finishing its response on its parent:
 * the report window goes once it is done. */
static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ReportDialog     *d)
{
  gboolean close = TRUE;

  d->confirm = NULL;
  if (g_strcmp0 (response, "write") == 0)
    {
      g_autoptr(GError) error = NULL;
      guint n = 0;

      if (!bansou_dispatch_accept_findings (d->dispatch, d->visit->id, &n, &error))
        {
          report_error (d, error);
          close = FALSE;
        }
    }
  /* else the report stays; its findings wait */
  if (close)
    {
      gtk_widget_set_visible (GTK_WIDGET (d->window), FALSE);
      g_idle_add (destroy_idle_cb, g_object_ref (d->window));
    }
}

/* Saves the report (refused, nothing written, for a visit that did not
 * happen), then lists the answers its findings change in the current
 * round and asks before writing them. */
gboolean
_bansou_report_dialog_save (ReportDialog *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) findings = g_array_new (FALSE, TRUE, sizeof (BansouFindingSpec));
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *share_text = g_strstrip (g_strdup (entry_text (d->share_row)));
  BansouVisitReport report = { 0 };
  GtkWidget *confirm;
  g_autofree char *round_label = NULL;
  char *end = NULL;
  double share;

  report.report = entry_text (d->report_row);
  report.worked_min = parse_hours (entry_text (d->hours_row));
  report.cost = parse_yen (entry_text (d->cost_row));
  share = *share_text ? g_ascii_strtod (share_text, &end) : 0;
  if (report.worked_min <= 0)
    {
      report_say (d, _("Give the hours worked, such as 2.5 or 2:30"));
      return FALSE;
    }
  if (report.cost < -1)
    {
      report_say (d, _("Give the cost in yen, or leave it empty to use the expert's rate"));
      return FALSE;
    }
  if ((end != NULL && *end != '\0' && strcmp (end, "%") != 0) || share < 0 || share > 100)
    {
      report_say (d, _("Give the prefecture's share as a percentage from 0 to 100"));
      return FALSE;
    }
  report.subsidy_bp = (guint) (share * 100 + 0.5);
  for (guint i = 0; i < d->finding_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (d->finding_rows, i);
      BansouFindingSpec f = { g_object_get_data (G_OBJECT (row), "question"),
                              MIN (adw_combo_row_get_selected (row), BANSOU_N_FINDINGS - 1), NULL };

      if (gtk_widget_get_sensitive (GTK_WIDGET (row)) && f.finding != BANSOU_FINDING_NONE)
        g_array_append_val (findings, f);
    }
  report.findings = (const BansouFindingSpec *) findings->data;
  report.n_findings = findings->len;

  if (!bansou_dispatch_report_visit (d->dispatch, d->visit->id, &report, &error))
    {
      report_error (d, error);
      return FALSE;
    }

  g_clear_pointer (&d->changes, g_ptr_array_unref);
  if (!(d->changes = bansou_dispatch_preview_findings (d->dispatch, d->visit->id, &error)))
    {
      /* The report is saved; the findings wait for a round to go into */
      g_autofree char *reason = bansou_ui_error_message (error);
      g_autofree char *text = g_strdup_printf (_("The report is saved. Its findings are not written into the answers yet: %s"),
                                               reason);

      bansou_show_message (GTK_WIDGET (d->window), text);
      gtk_window_destroy (d->window);
      return TRUE;
    }
  if (d->changes->len == 0)
    {
      gtk_window_destroy (d->window);
      return TRUE;
    }

  for (guint i = 0; i < d->changes->len; i++)
    {
      g_autofree char *line = _bansou_describe_change (d->context, g_ptr_array_index (d->changes, i));

      g_string_append_printf (body, "%s• %s", i ? "\n" : "", line);
    }
  round_label = bansou_ui_round_short_label (((BansouAnswerChange *) g_ptr_array_index (d->changes, 0))->round);
  confirm = adw_message_dialog_new (d->window, NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (confirm),
                                     g_dngettext (GETTEXT_PACKAGE, "Write %u Answer Into the Round of %s?",
                                                  "Write %u Answers Into the Round of %s?", d->changes->len),
                                     d->changes->len, round_label);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (confirm), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (confirm),
                                    "later", _("_Not Now"),
                                    "write", _("_Write Answers"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (confirm), "write", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (confirm), "write");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (confirm), "later");
  g_signal_connect (confirm, "response", G_CALLBACK (confirm_response_cb), d);
  d->confirm = GTK_WINDOW (confirm);
  gtk_window_present (d->confirm);
  return TRUE;
}

static void
report_save_cb (ReportDialog *d)
{
  _bansou_report_dialog_save (d);
}

/**
 * bansou_report_dialog_new:
 * @visit: the visit
 *
 * The report of a visit that took place: what was done, hours, cost and
 * the prefecture's share, a finding per question. Saving lists the
 * answers the findings change in the current round and asks before
 * writing them.
 *
 * Returns: (transfer none) (nullable): the dialog, presented
 */
GtkWindow *
bansou_report_dialog_new (GtkWidget     *parent,
                          BansouContext *context,
                          const char    *visit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  BansouDispatch *dispatch = bansou_context_get_dispatch (context, &error);
  BansouCatalog *catalog = bansou_context_get_catalog (context);
  g_autoptr(BansouVisit) v = NULL;
  g_autofree char *title = NULL, *date = NULL, *summary = NULL;
  g_autofree char *hours = NULL, *cost = NULL, *share = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  ReportDialog *d;

  if (dispatch == NULL || !(v = bansou_dispatch_get_visit (dispatch, visit, &error)))
    {
      bansou_show_error (parent, error);
      return NULL;
    }

  d = g_new0 (ReportDialog, 1);
  d->context = g_object_ref (context);
  d->dispatch = dispatch;
  d->visit = g_steal_pointer (&v);
  d->finding_rows = g_ptr_array_new ();
  /* TRANSLATORS: the title of the visit report dialog: 訪問 N の報告 */
  title = g_strdup_printf (_("Report of Visit %d"), (int) d->visit->number);
  d->window = form_window (parent, title, _("_Save Report…"), &page, &d->save_button);
  g_object_set_data_full (G_OBJECT (d->window), "bansou-report-dialog", d, (GDestroyNotify) report_dialog_free);
  g_signal_connect_swapped (d->save_button, "clicked", G_CALLBACK (report_save_cb), d);

  group = form_group (page, NULL, NULL);
  d->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (d->error_label, TRUE);
  gtk_label_set_xalign (d->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (d->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (d->error_label), FALSE);
  adw_preferences_group_add (group, GTK_WIDGET (d->error_label));

  date = bansou_ui_format_date (d->visit->day);
  /* TRANSLATORS: the visit in the report dialog: expert, day, from–until, state */
  summary = g_strdup_printf (_("%s · %s %u:%02u–%u:%02u · %s"), d->visit->expert_name, date,
                             d->visit->start_min / 60, d->visit->start_min % 60,
                             d->visit->end_min / 60, d->visit->end_min % 60,
                             bansou_visit_state_get_label (d->visit->state));
  group = form_group (page, d->visit->body_name, summary);
  d->report_row = entry_row (group, _("What was done"), d->visit->report);
  if (d->visit->worked_min > 0)
    hours = d->visit->worked_min % 60 ? g_strdup_printf ("%u:%02u", (guint) d->visit->worked_min / 60, (guint) d->visit->worked_min % 60)
                                      : g_strdup_printf ("%u", (guint) d->visit->worked_min / 60);
  else
    hours = g_strdup_printf ("%u:%02u", (d->visit->end_min - d->visit->start_min) / 60,
                             (d->visit->end_min - d->visit->start_min) % 60);
  d->hours_row = entry_row (group, _("Hours worked (such as 2.5 or 2:30)"), hours);
  cost = d->visit->cost >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, d->visit->cost) : NULL;
  d->cost_row = entry_row (group, _("Cost in yen (empty: the expert's rate)"), cost);
  share = d->visit->reported_at ? g_strdup_printf ("%g", d->visit->subsidy_bp / 100.0) : NULL;
  d->share_row = entry_row (group, _("Prefecture's share of the cost in percent (the subsidy)"), share);

  group = form_group (page, _("Findings"),
                      d->visit->questions->len > 0
                      ? _("What the expert found for each question of the visit. Accepted findings go into the current round's answers with the evidence 「訪問 N」, after you confirm them.")
                      : _("The visit is for no catalog question: there are no findings to record."));
  for (guint i = 0; i < BANSOU_N_FINDINGS; i++)
    gtk_string_list_append (labels, bansou_finding_get_label (i));
  for (guint i = 0; i < d->visit->questions->len; i++)
    {
      BansouVisitQuestion *vq = g_ptr_array_index (d->visit->questions, i);
      BansouQuestion *q = catalog ? bansou_catalog_lookup_question (catalog, vq->question) : NULL;
      g_autofree char *label = g_markup_escape_text (q ? bansou_question_get_label (q) : vq->question, -1);
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_combo_row_set_model (row, G_LIST_MODEL (labels));
      adw_combo_row_set_selected (row, vq->finding);
      if (vq->accepted_at != NULL)
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Written into the round: cannot change"));
          gtk_widget_set_sensitive (GTK_WIDGET (row), FALSE);
        }
      g_object_set_data (G_OBJECT (row), "question", vq->question);
      g_ptr_array_add (d->finding_rows, row);
      adw_preferences_group_add (group, GTK_WIDGET (row));
    }

  gtk_window_present (d->window);
  return d->window;
}
