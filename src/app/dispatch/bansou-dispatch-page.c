/* bansou-dispatch-page.c — 派遣: the expert pool, requests and the calendar of visits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Report 3(1)イ, ウ: the prefecture's pool of specialists, the requests of
 * its bodies and the visits that answer them, on the government calendar.
 * Left, the bodies (the shared sidebar, with each body's open requests as
 * a badge); right, three views: 人材プール, 依頼 and カレンダー (the
 * BansouScheduleView, per expert and per body, week or month). Every
 * write goes through BansouDispatch; its "changed" signal refreshes what
 * shows the record that changed.
 */
#define G_LOG_DOMAIN "bansou-dispatch"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-body-sidebar.h"
#include "bansou-dispatch-dialogs.h"
#include "bansou-dispatch-page.h"
#include "bansou-schedule-view.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

struct _BansouDispatchPage
{
  AdwBin             parent_instance;

  BansouContext     *context;
  BansouDispatch    *dispatch;     /* the context's */
  GPtrArray         *experts;      /* BansouExpert, as the dropdown lists them after "all" */
  GHashTable        *open_counts;  /* body code → open requests */
  GListStore        *events;
  char              *body;         /* the body selected in the sidebar */

  /* Template widgets */
  BansouBodySidebar *sidebar;
  GtkLabel          *body_label;
  AdwViewStack      *views;
  GtkStack          *pool_stack;
  GtkListBox        *pool_list;
  GtkStack          *requests_stack;
  GtkListBox        *requests_list;
  GtkLabel          *range_label;
  GtkLabel          *conflicts_label;
  GtkDropDown       *expert_dropdown;
  GtkCheckButton    *body_check;
  GtkToggleButton   *week_button;
  GtkToggleButton   *month_button;
  BansouScheduleView *schedule;

  GtkFileChooserNative *chooser;  /* the .ics export or import, while shown */
};

G_DEFINE_FINAL_TYPE (BansouDispatchPage, bansou_dispatch_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- helpers ----------------------------------------------------------- */

static void
show_error (BansouDispatchPage *self,
            const GError       *error)
{
  bansou_show_error (GTK_WIDGET (self), error);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static const char *
current_body (BansouDispatchPage *self)
{
  return self->body;
}

static const char *filter_expert (BansouDispatchPage *self);

static void
actions_update (BansouDispatchPage *self)
{
  gboolean ready = self->dispatch != NULL && bansou_context_get_scope (self->context) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dispatch.add-expert", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dispatch.add-request", ready && current_body (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dispatch.schedule",
                                 ready && self->experts != NULL && self->experts->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dispatch.export-expert", ready && filter_expert (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dispatch.export-body", ready && current_body (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dispatch.import", ready);
}

static char *
describe_expert (BansouExpert *e)
{
  GString *s = g_string_new (bansou_affiliation_get_label (e->affiliation));

  if (*e->organisation)
    g_string_append_printf (s, " · %s", e->organisation);
  if (e->nda_signed_on == NULL)
    g_string_append_printf (s, " · %s", _("no confidentiality agreement"));
  else if (e->nda_expires_on != NULL)
    {
      g_autofree char *date = bansou_ui_format_date (e->nda_expires_on);

      g_string_append (s, " · ");
      /* TRANSLATORS: when the expert's 守秘義務 agreement expires */
      g_string_append_printf (s, _("confidentiality until %s"), date);
    }
  if (e->contract_end != NULL)
    {
      g_autofree char *date = bansou_ui_format_date (e->contract_end);

      g_string_append (s, " · ");
      g_string_append_printf (s, _("contract until %s"), date);
    }
  if (!e->active)
    g_string_append_printf (s, " · %s", _("not in the pool"));
  return g_string_free (s, FALSE);
}

/* ---- the pool ---------------------------------------------------------- */

static void
edit_expert_clicked_cb (GtkButton          *button,
                        BansouDispatchPage *self)
{
  bansou_expert_dialog_new (GTK_WIDGET (self), self->context, g_object_get_data (G_OBJECT (button), "expert"));
}

static void
schedule_expert_clicked_cb (GtkButton          *button,
                            BansouDispatchPage *self)
{
  bansou_visit_dialog_new (GTK_WIDGET (self), self->context, NULL, g_object_get_data (G_OBJECT (button), "expert"),
                           current_body (self), NULL, 0, 0);
}

static void
reload_experts (BansouDispatchPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) experts = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  clear_list (self->pool_list);
  if (self->dispatch != NULL && !(experts = bansou_dispatch_list_experts (self->dispatch, FALSE, &error)))
    show_error (self, error);

  gtk_string_list_append (names, _("All experts"));
  for (guint i = 0; experts != NULL && i < experts->len; i++)
    {
      BansouExpert *e = g_ptr_array_index (experts, i);
      g_autofree char *subtitle = describe_expert (e);
      g_autofree char *title = g_markup_escape_text (e->name, -1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *edit = gtk_button_new_with_mnemonic (_("_Edit…"));
      GtkWidget *plan = gtk_button_new_from_icon_name ("x-office-calendar-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (plan, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (plan, _("Schedule a visit by this expert"));
      g_object_set_data_full (G_OBJECT (edit), "expert", g_strdup (e->id), g_free);
      g_object_set_data_full (G_OBJECT (plan), "expert", g_strdup (e->id), g_free);
      g_signal_connect (edit, "clicked", G_CALLBACK (edit_expert_clicked_cb), self);
      g_signal_connect (plan, "clicked", G_CALLBACK (schedule_expert_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), plan);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      gtk_list_box_append (self->pool_list, row);
      gtk_string_list_append (names, e->name);
    }
  gtk_stack_set_visible_child_name (self->pool_stack, experts != NULL && experts->len > 0 ? "list" : "empty");

  g_clear_pointer (&self->experts, g_ptr_array_unref);
  self->experts = experts ? g_steal_pointer (&experts) : g_ptr_array_new ();
  g_signal_handlers_block_matched (self->expert_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_drop_down_set_model (self->expert_dropdown, G_LIST_MODEL (names));
  g_signal_handlers_unblock_matched (self->expert_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  actions_update (self);
}

/* ---- requests ---------------------------------------------------------- */

static void
schedule_request_clicked_cb (GtkButton          *button,
                             BansouDispatchPage *self)
{
  bansou_visit_dialog_new (GTK_WIDGET (self), self->context, g_object_get_data (G_OBJECT (button), "request"),
                           NULL, NULL, NULL, 0, 0);
}

static void
suggest_request_clicked_cb (GtkButton          *button,
                            BansouDispatchPage *self)
{
  bansou_suggestions_dialog_new (GTK_WIDGET (self), self->context, g_object_get_data (G_OBJECT (button), "request"));
}

static void
reload_requests (BansouDispatchPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;

  clear_list (self->requests_list);
  g_hash_table_remove_all (self->open_counts);
  if (self->dispatch != NULL && !(requests = bansou_dispatch_list_requests (self->dispatch, NULL, FALSE, &error)))
    show_error (self, error);

  for (guint i = 0; requests != NULL && i < requests->len; i++)
    {
      BansouDispatchRequest *r = g_ptr_array_index (requests, i);
      /* TRANSLATORS: a request in the list: 依頼 N · the body */
      g_autofree char *title = g_markup_printf_escaped (_("Request %d · %s"), (int) r->number, r->body_name);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *urgency = gtk_label_new (bansou_urgency_get_label (r->urgency));

      subtitle = g_markup_printf_escaped ("%s · %s", bansou_request_state_get_label (r->state), r->purpose);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_widget_add_css_class (urgency, "caption-heading");
      if (r->urgency != BANSOU_URGENCY_NORMAL)
        gtk_widget_add_css_class (urgency, r->urgency == BANSOU_URGENCY_INCIDENT ? "error" : "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), urgency);
      if (r->state == BANSOU_REQUEST_OPEN)
        {
          GtkWidget *plan = gtk_button_new_with_mnemonic (_("Schedule…"));
          GtkWidget *suggest = gtk_button_new_with_mnemonic (_("Suggest Experts…"));

          gtk_widget_set_valign (suggest, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (suggest, _("Experts of the pool ranked for this request, each with its reason"));
          g_object_set_data_full (G_OBJECT (suggest), "request", g_strdup (r->id), g_free);
          g_signal_connect (suggest, "clicked", G_CALLBACK (suggest_request_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), suggest);
          gtk_widget_set_valign (plan, GTK_ALIGN_CENTER);
          g_object_set_data_full (G_OBJECT (plan), "request", g_strdup (r->id), g_free);
          g_signal_connect (plan, "clicked", G_CALLBACK (schedule_request_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), plan);
          g_hash_table_insert (self->open_counts, g_strdup (r->body),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->open_counts, r->body)) + 1));
        }
      gtk_list_box_append (self->requests_list, row);
    }
  gtk_stack_set_visible_child_name (self->requests_stack, requests != NULL && requests->len > 0 ? "list" : "empty");
  bansou_body_sidebar_refresh (self->sidebar, NULL);
}

static void
body_mark_cb (BansouBody     *body,
              BansouBodyMark *mark,
              gpointer        user_data)
{
  BansouDispatchPage *self = user_data;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->open_counts, bansou_body_get_code (body)));

  mark->badge = n;
  if (n > 0)
    mark->badge_tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open request", "%u open requests", n), n);
}

/* ---- the calendar ------------------------------------------------------ */

static const char *
filter_expert (BansouDispatchPage *self)
{
  guint i = gtk_drop_down_get_selected (self->expert_dropdown);

  if (i == 0 || i == GTK_INVALID_LIST_POSITION || self->experts == NULL || i - 1 >= self->experts->len)
    return NULL;
  return ((BansouExpert *) g_ptr_array_index (self->experts, i - 1))->id;
}

static BansouScheduleEvent *
event_of_visit (BansouVisit *v)
{
  GTimeZone *jst = bansou_calendar_get_time_zone ();
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *iso = g_strconcat (v->day, "T00:00:00", NULL);
  BansouScheduleEvent *event;

  if (!(day = g_date_time_new_from_iso8601 (iso, jst)))
    return NULL;
  start = g_date_time_add_minutes (day, v->start_min);
  end = g_date_time_add_minutes (day, v->end_min);
  /* TRANSLATORS: an event in the calendar: 訪問 N · the expert */
  subtitle = g_strdup_printf (_("Visit %d · %s"), (int) v->number, v->expert_name);
  event = bansou_schedule_event_new (v->id, start, end, v->body_name, subtitle);
  bansou_schedule_event_set_color_class (event, v->state == BANSOU_VISIT_DONE ? "green"
                                                : v->state == BANSOU_VISIT_CANCELLED ? "grey" : "blue");
  /* Saved despite its conflicts: the reason given stays visible. */
  if (*v->override_reason && v->state != BANSOU_VISIT_CANCELLED)
    {
      g_autofree char *text = g_strdup_printf (_("Scheduled despite conflicts: %s"), v->override_reason);

      bansou_schedule_event_set_conflicts (event, text);
    }
  return event;
}

static void
update_range (BansouDispatchPage *self)
{
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;
  g_autofree char *from = NULL, *to = NULL, *text = NULL;
  guint n_conflicts = 0;
  GDate first, last;

  bansou_schedule_view_get_range (self->schedule, &first, &last);
  if (bansou_schedule_view_get_mode (self->schedule) == BANSOU_SCHEDULE_MONTH)
    {
      GDate focus;

      bansou_schedule_view_get_date (self->schedule, &focus);
      a = g_date_time_new_utc (g_date_get_year (&focus), g_date_get_month (&focus), 1, 0, 0, 0);
      /* TRANSLATORS: the month shown, strftime: "2026年5月" */
      text = g_date_time_format (a, _("%B %Y"));
    }
  else
    {
      a = g_date_time_new_utc (g_date_get_year (&first), g_date_get_month (&first), g_date_get_day (&first), 0, 0, 0);
      b = g_date_time_new_utc (g_date_get_year (&last), g_date_get_month (&last), g_date_get_day (&last), 0, 0, 0);
      /* TRANSLATORS: strftime, the first day of the week shown: "2026年5月4日" */
      from = g_date_time_format (a, _("%B %-d, %Y"));
      /* TRANSLATORS: strftime, its last day: "5月10日" */
      to = g_date_time_format (b, _("%B %-d"));
      text = g_strdup_printf ("%s – %s", from, to);
    }
  gtk_label_set_label (self->range_label, text);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->events)); i++)
    {
      g_autoptr(BansouScheduleEvent) ev = g_list_model_get_item (G_LIST_MODEL (self->events), i);
      GDateTime *start = bansou_schedule_event_get_start (ev);
      GDate d;

      g_date_clear (&d, 1);
      g_date_set_dmy (&d, g_date_time_get_day_of_month (start), g_date_time_get_month (start), g_date_time_get_year (start));
      if (bansou_schedule_event_get_conflict (ev) && g_date_compare (&d, &first) >= 0 && g_date_compare (&d, &last) <= 0)
        n_conflicts++;
    }
  if (n_conflicts > 0)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit with conflicts",
                                                             "%u visits with conflicts", n_conflicts), n_conflicts);

      gtk_label_set_label (self->conflicts_label, label);
    }
  else
    gtk_label_set_label (self->conflicts_label, "");
}

static void
reload_visits (BansouDispatchPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  const char *body = gtk_check_button_get_active (self->body_check) ? current_body (self) : NULL;

  if (self->dispatch != NULL &&
      !(visits = bansou_dispatch_list_visits (self->dispatch, filter_expert (self), body, NULL, NULL, &error)))
    show_error (self, error);
  for (guint i = 0; visits != NULL && i < visits->len; i++)
    {
      BansouScheduleEvent *ev = event_of_visit (g_ptr_array_index (visits, i));

      if (ev != NULL)
        g_ptr_array_add (events, ev);
    }
  g_list_store_splice (self->events, 0, g_list_model_get_n_items (G_LIST_MODEL (self->events)),
                       events->pdata, events->len);
  update_range (self);
}

/* ---- callbacks --------------------------------------------------------- */

static void
dispatch_changed_cb (BansouDispatchPage *self,
                     const char         *type,
                     const char         *id)
{
  if (g_strcmp0 (type, "expert") == 0)
    {
      reload_experts (self);
      reload_visits (self);   /* names */
    }
  else if (g_strcmp0 (type, "dispatch_request") == 0)
    reload_requests (self);
  else
    {
      reload_visits (self);
      reload_requests (self);   /* states follow visits */
    }
}

static void
filter_changed_cb (BansouDispatchPage *self)
{
  reload_visits (self);
  actions_update (self);
}

static void
mode_toggled_cb (BansouDispatchPage *self)
{
  bansou_schedule_view_set_mode (self->schedule, gtk_toggle_button_get_active (self->week_button)
                                                 ? BANSOU_SCHEDULE_WEEK : BANSOU_SCHEDULE_MONTH);
  update_range (self);
}

static void
schedule_notify_date_cb (BansouDispatchPage *self)
{
  update_range (self);
}

static void
schedule_event_activated_cb (BansouDispatchPage  *self,
                             BansouScheduleEvent *event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouVisit) v = NULL;
  g_autofree char *text = NULL;

  if (!(v = bansou_dispatch_get_visit (self->dispatch, bansou_schedule_event_get_id (event), &error)))
    {
      show_error (self, error);
      return;
    }
  if (v->state != BANSOU_VISIT_CANCELLED)
    {
      /* Its report: refused with the reason for a visit still to come */
      bansou_report_dialog_new (GTK_WIDGET (self), self->context, v->id);
      return;
    }
  /* TRANSLATORS: what the calendar says of an activated visit */
  text = g_strdup_printf (_("Visit %d: %s at %s, %s %u:%02u–%u:%02u (%s)"),
                          (int) v->number, v->expert_name, v->body_name, v->day,
                          v->start_min / 60, v->start_min % 60, v->end_min / 60, v->end_min % 60,
                          bansou_visit_state_get_label (v->state));
  bansou_show_message (GTK_WIDGET (self), text);
}

static void
schedule_slot_proposed_cb (BansouDispatchPage *self,
                           GDateTime          *start,
                           GDateTime          *end)
{
  GDate day;

  if (self->experts == NULL || self->experts->len == 0)
    {
      bansou_show_message (GTK_WIDGET (self), _("Add an expert to the pool first."));
      return;
    }
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (start), g_date_time_get_month (start), g_date_time_get_year (start));
  bansou_visit_dialog_new (GTK_WIDGET (self), self->context, NULL, filter_expert (self), current_body (self), &day,
                           g_date_time_get_hour (start) * 60 + g_date_time_get_minute (start),
                           g_date_time_get_hour (end) * 60 + g_date_time_get_minute (end));
}

static void
body_selected_cb (BansouDispatchPage *self,
                  const char         *code)
{
  BansouBody *body = code ? bansou_body_sidebar_lookup (self->sidebar, code) : NULL;

  g_free (self->body);
  self->body = g_strdup (code);
  gtk_label_set_label (self->body_label, body ? bansou_body_get_name (body) : "");
  actions_update (self);
  if (gtk_check_button_get_active (self->body_check))
    reload_visits (self);
}

static void
reload_bodies (BansouDispatchPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) bodies = NULL;
  const char *scope = bansou_context_get_scope (self->context);
  BansouSurvey *survey = bansou_context_get_survey (self->context);

  if (scope != NULL && survey != NULL && !(bodies = bansou_survey_list_bodies (survey, scope, &error)))
    show_error (self, error);
  bansou_body_sidebar_set_bodies (self->sidebar, bodies);
}

static void
context_notify_scope_cb (BansouDispatchPage *self)
{
  reload_bodies (self);
  reload_experts (self);
  reload_requests (self);
  reload_visits (self);
}

/* ---- actions ----------------------------------------------------------- */

static void
add_expert_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BansouDispatchPage *self = BANSOU_DISPATCH_PAGE (widget);

  bansou_expert_dialog_new (widget, self->context, NULL);
}

static void
add_request_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BansouDispatchPage *self = BANSOU_DISPATCH_PAGE (widget);

  if (current_body (self) != NULL)
    bansou_request_dialog_new (widget, self->context, current_body (self), NULL, BANSOU_REQUEST_SOURCE_BODY);
}

static void
schedule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BansouDispatchPage *self = BANSOU_DISPATCH_PAGE (widget);
  GDate day;

  bansou_schedule_view_get_date (self->schedule, &day);
  bansou_visit_dialog_new (widget, self->context, NULL, filter_expert (self), current_body (self), &day, 0, 0);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BansouDispatchPage *self = BANSOU_DISPATCH_PAGE (widget);

  gtk_widget_activate_action_variant (GTK_WIDGET (self->schedule), "schedule.page", parameter);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BansouDispatchPage *self = BANSOU_DISPATCH_PAGE (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->schedule), "schedule.today", NULL);
}

/* ---- iCalendar --------------------------------------------------------- */

/**
 * bansou_dispatch_page_write_ics:
 * @expert: (nullable): whose visits, or
 * @body: (nullable): at which body
 *
 * Writes the visits as an RFC 5545 calendar (libical) into @file.
 */
gboolean
bansou_dispatch_page_write_ics (BansouDispatchPage *self,
                                const char         *expert,
                                const char         *body,
                                GFile              *file,
                                GError            **error)
{
  g_autofree char *ics = bansou_dispatch_export_ics (self->dispatch, expert, body, error);

  return ics != NULL &&
         g_file_replace_contents (file, ics, strlen (ics), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}

/**
 * bansou_dispatch_page_read_ics:
 *
 * Reads an iCalendar file: its events that are planned visits move or
 * cancel them (checked as a move), all in one transaction; a file that
 * is not RFC 5545 is refused and nothing is written. Says what it did.
 */
gboolean
bansou_dispatch_page_read_ics (BansouDispatchPage *self,
                               GFile              *file,
                               GError            **error)
{
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  BansouIcsImport result = { 0 };
  gsize length = 0;

  if (!g_file_load_contents (file, NULL, &data, &length, NULL, error) ||
      !bansou_dispatch_import_ics (self->dispatch, data, length, &result, error))
    return FALSE;
  /* TRANSLATORS: what reading an iCalendar file did */
  text = g_strdup_printf (_("%u events read: %u visits moved or cancelled, %u unchanged, %u not visits of this workbench"),
                          result.n_events, result.n_moved, result.n_unchanged, result.n_skipped);
  bansou_show_message (GTK_WIDGET (self), text);
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog    *chooser,
                     int                 response,
                     BansouDispatchPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  const char *expert = g_object_get_data (G_OBJECT (chooser), "expert");
  const char *body = g_object_get_data (G_OBJECT (chooser), "body");
  gboolean import = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "import"));

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      if (import ? !bansou_dispatch_page_read_ics (self, file, &error)
                 : !bansou_dispatch_page_write_ics (self, expert, body, file, &error))
        show_error (self, error);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
open_chooser (BansouDispatchPage *self,
              const char         *title,
              gboolean            import,
              const char         *expert,
              const char         *body,
              const char         *name)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL || self->dispatch == NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               import ? GTK_FILE_CHOOSER_ACTION_OPEN : GTK_FILE_CHOOSER_ACTION_SAVE,
                                               import ? _("_Open") : _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("iCalendar files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_suffix (filter, "ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (name != NULL)
    {
      /* 訪問予定-山田 花子.ics: no slash from a name */
      g_autofree char *file = g_strdup_printf ("%s-%s.ics", _("visits"), name);

      g_strdelimit (file, "/\\", '-');
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), file);
    }
  g_object_set_data (G_OBJECT (self->chooser), "import", GINT_TO_POINTER (import));
  g_object_set_data_full (G_OBJECT (self->chooser), "expert", g_strdup (expert), g_free);
  g_object_set_data_full (G_OBJECT (self->chooser), "body", g_strdup (body), g_free);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_expert_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BansouDispatchPage *self = BANSOU_DISPATCH_PAGE (widget);
  guint i = gtk_drop_down_get_selected (self->expert_dropdown);

  if (filter_expert (self) != NULL)
    open_chooser (self, _("Export the Expert's Visits as iCalendar"), FALSE, filter_expert (self), NULL,
                  ((BansouExpert *) g_ptr_array_index (self->experts, i - 1))->name);
}

static void
export_body_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BansouDispatchPage *self = BANSOU_DISPATCH_PAGE (widget);
  BansouBody *body = current_body (self) ? bansou_body_sidebar_lookup (self->sidebar, current_body (self)) : NULL;

  if (body != NULL)
    open_chooser (self, _("Export the Body's Visits as iCalendar"), FALSE, NULL, current_body (self),
                  bansou_body_get_name (body));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_chooser (BANSOU_DISPATCH_PAGE (widget), _("Read Visits From an iCalendar File"), TRUE, NULL, NULL, NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  bansou_body_sidebar_focus_search (BANSOU_DISPATCH_PAGE (widget)->sidebar);
}

/* ---- GObject ----------------------------------------------------------- */

static void
bansou_dispatch_page_constructed (GObject *object)
{
  BansouDispatchPage *self = BANSOU_DISPATCH_PAGE (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (bansou_dispatch_page_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));
  if (!(self->dispatch = bansou_context_get_dispatch (self->context, &error)))
    g_warning ("Expert dispatch is not available: %s", error->message);
  else
    g_signal_connect_object (self->dispatch, "changed", G_CALLBACK (dispatch_changed_cb), self, G_CONNECT_SWAPPED);
  bansou_schedule_view_set_calendar (self->schedule, bansou_context_get_calendar (self->context));
  bansou_schedule_view_set_model (self->schedule, G_LIST_MODEL (self->events));
  bansou_body_sidebar_set_mark_func (self->sidebar, body_mark_cb, self, NULL);
  g_signal_connect_object (self->sidebar, "body-selected", G_CALLBACK (body_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::scope", G_CALLBACK (context_notify_scope_cb), self, G_CONNECT_SWAPPED);
  context_notify_scope_cb (self);
}

static void
bansou_dispatch_page_dispose (GObject *object)
{
  BansouDispatchPage *self = BANSOU_DISPATCH_PAGE (object);

  if (self->sidebar != NULL)
    bansou_body_sidebar_set_mark_func (self->sidebar, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BANSOU_TYPE_DISPATCH_PAGE);
  g_clear_pointer (&self->experts, g_ptr_array_unref);
  g_clear_pointer (&self->open_counts, g_hash_table_unref);
  g_clear_object (&self->events);
  g_clear_pointer (&self->body, g_free);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->dispatch = NULL;
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_dispatch_page_parent_class)->dispose (object);
}

static void
bansou_dispatch_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BansouDispatchPage *self = BANSOU_DISPATCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_dispatch_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BansouDispatchPage *self = BANSOU_DISPATCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_dispatch_page_class_init (BansouDispatchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bansou_dispatch_page_constructed;
  object_class->dispose = bansou_dispatch_page_dispose;
  object_class->get_property = bansou_dispatch_page_get_property;
  object_class->set_property = bansou_dispatch_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BANSOU_TYPE_BODY_SIDEBAR);
  g_type_ensure (BANSOU_TYPE_SCHEDULE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-dispatch-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, body_label);
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, views);
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, pool_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, pool_list);
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, requests_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, requests_list);
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, range_label);
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, conflicts_label);
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, expert_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, body_check);
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, BansouDispatchPage, schedule);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, schedule_notify_date_cb);
  gtk_widget_class_bind_template_callback (widget_class, schedule_event_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, schedule_slot_proposed_cb);

  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "dispatch.add-expert", NULL, add_expert_action);
  gtk_widget_class_install_action (widget_class, "dispatch.add-request", NULL, add_request_action);
  gtk_widget_class_install_action (widget_class, "dispatch.schedule", NULL, schedule_action);
  gtk_widget_class_install_action (widget_class, "dispatch.page", "i", page_action);
  gtk_widget_class_install_action (widget_class, "dispatch.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "dispatch.export-expert", NULL, export_expert_action);
  gtk_widget_class_install_action (widget_class, "dispatch.export-body", NULL, export_body_action);
  gtk_widget_class_install_action (widget_class, "dispatch.import", NULL, import_action);
}

static void
bansou_dispatch_page_init (BansouDispatchPage *self)
{
  self->open_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->events = g_list_store_new (BANSOU_TYPE_SCHEDULE_EVENT);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bansou_dispatch_page_new (BansouContext *context)
{
  return g_object_new (BANSOU_TYPE_DISPATCH_PAGE, "context", context, NULL);
}
