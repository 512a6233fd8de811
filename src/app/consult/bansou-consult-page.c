/* bansou-consult-page.c — 相談: the queue of consultations and its filters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The queue is one GListStore of every ticket, read by two list queries
 * (the open ones and the closed ones) when the page opens — never one
 * query per row. 未完了 and すべて filter it on the state; 期限超過 asks the
 * core for the overdue list once, and a search keeps the ids
 * bansou_consult_search() found. A row's SLA is computed when the row is
 * first drawn (bansou-ticket-item.c). The ticket view is in
 * bansou-consult-ticket.c, the dialogs in bansou-consult-dialogs.c.
 */
#define G_LOG_DOMAIN "bansou-consult-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-consult-page-private.h"
#include "bansou-ticket-row.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

#define SEARCH_LIMIT 500

G_DEFINE_FINAL_TYPE (BansouConsultPage, bansou_consult_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Labels shared by the page's files                                        */

/* Times are shown in Japan's time, the SLA's and the calendar's, whatever
 * the machine's zone (a laptop set to UTC must not show 00:10 for 09:10). */

char *
_bansou_consult_format_datetime (const char *iso)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso == NULL || *iso == '\0')
    return g_strdup ("");
  if (!(utc = g_date_time_new_from_iso8601 (iso, NULL)))
    return g_strdup (iso);
  local = g_date_time_to_timezone (utc, bansou_calendar_get_time_zone ());
  /* TRANSLATORS: a consultation's time of receipt, strftime: 2026/12/02 14:05 */
  return g_date_time_format (local, _("%Y/%m/%d %H:%M"));
}

/* The weekday from the translations, not the C library's locale (which
 * stays English under LANGUAGE=ja with LANG=C.UTF-8). */
char *
_bansou_consult_format_deadline (GDateTime *when)
{
  static const char *weekdays[] = {
    NC_("weekday", "Mon"), NC_("weekday", "Tue"), NC_("weekday", "Wed"), NC_("weekday", "Thu"),
    NC_("weekday", "Fri"), NC_("weekday", "Sat"), NC_("weekday", "Sun"),
  };
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  if (when == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (when, bansou_calendar_get_time_zone ());
  day = g_date_time_format (local, "%m/%d");
  time = g_date_time_format (local, "%H:%M");
  /* TRANSLATORS: an SLA deadline: 12/02 (水) 14:05 */
  return g_strdup_printf (_("%s (%s) %s"), day, g_dpgettext2 (GETTEXT_PACKAGE, "weekday", weekdays[g_date_time_get_day_of_week (local) - 1]), time);
}

/* The queue's short form: 12/02 09:10 this year, 2025/12/02 before. */
static char *
format_short (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (bansou_calendar_get_time_zone ());

  if (when == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (when, bansou_calendar_get_time_zone ());
  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* TRANSLATORS: strftime, a time in the queue this year: 12/02 09:10 */
    return g_date_time_format (local, _("%m/%d %H:%M"));
  /* TRANSLATORS: strftime, a date in the queue of another year */
  return g_date_time_format (local, _("%Y/%m/%d"));
}

GtkStringList *
_bansou_consult_labels (ConsultLabels which)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  switch (which)
    {
    case CONSULT_LABELS_CHANNEL:
      for (int i = 0; i < BANSOU_N_CHANNELS; i++)
        gtk_string_list_append (list, bansou_channel_get_label (i));
      break;
    case CONSULT_LABELS_CATEGORY:
      for (int i = 0; i < BANSOU_N_TICKET_CATEGORIES; i++)
        gtk_string_list_append (list, bansou_ticket_category_get_label (i));
      break;
    case CONSULT_LABELS_PRIORITY:
      for (int i = 0; i < BANSOU_N_PRIORITIES; i++)
        gtk_string_list_append (list, bansou_priority_get_label (i));
      break;
    default:
      g_assert_not_reached ();
    }
  return list;
}

/* ------------------------------------------------------------------------ */
/* Columns: each row is one BansouTicketRow drawing its cells' texts, made
 * when the row is first drawn (bansou-ticket-row.c says why).              */

static const BansouTicket *
ticket_of (gpointer item)
{
  return bansou_ticket_item_get_ticket (BANSOU_TICKET_ITEM (item));
}

static char *
sla_text (BansouTicketItem *item,
          const char      **klass)
{
  const BansouTicketSla *sla = bansou_ticket_item_get_sla (item);
  const BansouSlaClock *clock = bansou_ticket_sla_current (sla);
  BansouConsult *consult = bansou_ticket_item_get_consult (item);
  g_autofree char *left = NULL;
  g_autofree char *deadline = NULL;

  if (sla == NULL)
    return g_strdup ("");
  if (clock == NULL)
    /* Both stopped: whether the resolution was in time. */
    return bansou_sla_clock_describe (consult, &sla->resolution, klass);
  left = bansou_sla_clock_describe (consult, clock, klass);
  if (clock->deadline == NULL)
    return g_steal_pointer (&left);
  deadline = format_short (clock->deadline);
  /* TRANSLATORS: an SLA cell: the deadline, then the time left */
  return g_strdup_printf (_("%s · %s"), deadline, left);
}

static char *
cell_text (BansouTicketItem *item,
           TicketColumn      column,
           const char      **klass)
{
  const BansouTicket *t = bansou_ticket_item_get_ticket (item);

  *klass = NULL;
  switch (column)
    {
    case TICKET_COLUMN_NUMBER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, t->number);
    case TICKET_COLUMN_RECEIVED:
      {
        g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (t->received_at, NULL);
        return format_short (when);
      }
    case TICKET_COLUMN_BODY:
      return g_strdup (t->body_name ? t->body_name : "");
    case TICKET_COLUMN_SUBJECT:
      return g_strdup (t->subject ? t->subject : "");
    case TICKET_COLUMN_CATEGORY:
      return g_strdup (bansou_ticket_category_get_label (t->category));
    case TICKET_COLUMN_PRIORITY:
      *klass = t->priority == BANSOU_PRIORITY_CRITICAL ? "error" : t->priority == BANSOU_PRIORITY_HIGH ? "warning" : NULL;
      return g_strdup (bansou_priority_get_label (t->priority));
    case TICKET_COLUMN_STATE:
      return g_strdup (bansou_ticket_state_get_label (t->state));
    case TICKET_COLUMN_ASSIGNEE:
      return g_strdup (t->assignee ? t->assignee : "");
    case TICKET_COLUMN_SLA:
      return sla_text (item, klass);
    case TICKET_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static int
compare_number (gconstpointer a, gconstpointer b)
{
  gint64 x = ticket_of ((gpointer) a)->number, y = ticket_of ((gpointer) b)->number;
  return x < y ? -1 : x > y ? 1 : 0;
}

static int
compare_received (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (ticket_of ((gpointer) a)->received_at, ticket_of ((gpointer) b)->received_at);
}

static int
compare_body (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (ticket_of ((gpointer) a)->body, ticket_of ((gpointer) b)->body);
}

static int
compare_subject (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (ticket_of ((gpointer) a)->subject, ticket_of ((gpointer) b)->subject);
}

static int
compare_category (gconstpointer a, gconstpointer b)
{
  return (int) ticket_of ((gpointer) a)->category - (int) ticket_of ((gpointer) b)->category;
}

static int
compare_priority (gconstpointer a, gconstpointer b)
{
  return (int) ticket_of ((gpointer) b)->priority - (int) ticket_of ((gpointer) a)->priority;
}

static int
compare_state (gconstpointer a, gconstpointer b)
{
  return (int) ticket_of ((gpointer) a)->state - (int) ticket_of ((gpointer) b)->state;
}

static int
compare_assignee (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (ticket_of ((gpointer) a)->assignee, ticket_of ((gpointer) b)->assignee);
}

/* By time left; computes the SLA of the rows it compares, so only when
 * its header is clicked. */
static int
compare_sla (gconstpointer a, gconstpointer b)
{
  const BansouSlaClock *x = bansou_ticket_sla_current (bansou_ticket_item_get_sla ((gpointer) a));
  const BansouSlaClock *y = bansou_ticket_sla_current (bansou_ticket_item_get_sla ((gpointer) b));
  gint64 rx = x == NULL ? G_MAXINT64 : x->paused ? G_MAXINT64 - 1 : x->remaining;
  gint64 ry = y == NULL ? G_MAXINT64 : y->paused ? G_MAXINT64 - 1 : y->remaining;

  return rx < ry ? -1 : rx > ry ? 1 : 0;
}

static const struct {
  const char  *title;
  GCompareFunc compare;
} columns[TICKET_N_COLUMNS] = {
  { N_("No."), compare_number },
  { N_("Received"), compare_received },
  { N_("Body"), compare_body },
  { N_("Subject"), compare_subject },
  { N_("Topic"), compare_category },
  { N_("Priority"), compare_priority },
  { N_("State"), compare_state },
  { N_("Assignee"), compare_assignee },
  { N_("SLA"), compare_sla },
};

/* The header's and the rows' widths: fixed, as the queue shares the page
 * with the ticket view; the subject takes what is left (this at least). */
static const int column_widths[TICKET_N_COLUMNS] = { 52, 90, 66, 60, 92, 46, 72, 72, 186 };

static int
sort_compare (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  BansouConsultPage *self = user_data;
  int c = columns[self->sort_column].compare (a, b);

  if (c == 0 && self->sort_column != TICKET_COLUMN_NUMBER)
    c = compare_number (a, b);
  return self->sort_descending ? -c : c;
}

static void
update_header (BansouConsultPage *self)
{
  guint i = 0;

  for (GtkWidget *b = gtk_widget_get_first_child (GTK_WIDGET (self->queue_header)); b;
       b = gtk_widget_get_next_sibling (b), i++)
    {
      g_autofree char *text = NULL;

      if (i == self->sort_column)
        text = g_strdup_printf ("%s %s", _(columns[i].title), self->sort_descending ? "▼" : "▲");
      else
        text = g_strdup (_(columns[i].title));
      gtk_label_set_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (b))), text);
    }
}

static void
header_clicked_cb (GtkButton         *button,
                   BansouConsultPage *self)
{
  TicketColumn column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "column"));

  if (column == self->sort_column)
    self->sort_descending = !self->sort_descending;
  else
    {
      self->sort_column = column;
      self->sort_descending = FALSE;
    }
  update_header (self);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

static void
build_header (BansouConsultPage *self)
{
  for (guint i = 0; i < TICKET_N_COLUMNS; i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), i == TICKET_COLUMN_NUMBER ? 1 : 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      /* The column's width, not the title's, as the rows below use it. */
      gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_size_request (button, column_widths[i], -1);
      gtk_widget_set_hexpand (button, i == TICKET_COLUMN_SUBJECT);
      g_object_set_data (G_OBJECT (button), "column", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (header_clicked_cb), self);
      gtk_box_append (self->queue_header, button);
    }
  update_header (self);
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              BansouConsultPage        *self)
{
  gtk_list_item_set_child (list_item, bansou_ticket_row_new (column_widths, cell_text));
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             BansouConsultPage        *self)
{
  bansou_ticket_row_set_item (BANSOU_TICKET_ROW (gtk_list_item_get_child (list_item)),
                              gtk_list_item_get_item (list_item));
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               BansouConsultPage        *self)
{
  bansou_ticket_row_set_item (BANSOU_TICKET_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/* ------------------------------------------------------------------------ */
/* The queue                                                                */

static gboolean
filter_ticket (gpointer item,
               gpointer user_data)
{
  BansouConsultPage *self = user_data;
  const BansouTicket *t = ticket_of (item);

  if (self->found != NULL && !g_hash_table_contains (self->found, t->id))
    return FALSE;
  switch (self->mode)
    {
    case QUEUE_OPEN:
      return t->state != BANSOU_TICKET_CLOSED;
    case QUEUE_OVERDUE:
      return self->overdue != NULL && g_hash_table_contains (self->overdue, t->id);
    case QUEUE_ALL:
    default:
      return TRUE;
    }
}

static void
update_queue_state (BansouConsultPage *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->tickets));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *count = NULL;

  if (total == 0 && self->found == NULL)
    gtk_stack_set_visible_child_name (self->queue_stack, "empty");
  else if (shown == 0)
    {
      if (self->found != NULL)
        {
          g_autofree char *description =
            g_strdup_printf (_("Nothing in this view matches “%s”. Try another word, or show all consultations."),
                             gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
          adw_status_page_set_title (self->none_status, _("No Results"));
          adw_status_page_set_description (self->none_status, description);
        }
      else if (self->mode == QUEUE_OVERDUE)
        {
          adw_status_page_set_title (self->none_status, _("Nothing Overdue"));
          adw_status_page_set_description (self->none_status,
                                           _("Every open consultation is within its first-response and resolution targets."));
        }
      else
        {
          adw_status_page_set_title (self->none_status, _("No Open Consultations"));
          adw_status_page_set_description (self->none_status, _("Closed ones are under “All”."));
        }
      gtk_stack_set_visible_child_name (self->queue_stack, "none");
    }
  else
    gtk_stack_set_visible_child_name (self->queue_stack, "list");

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u consultation", "%u consultations", shown), shown);
  gtk_label_set_text (self->count_label, count);
}

static void
filtered_items_changed_cb (BansouConsultPage *self)
{
  update_queue_state (self);
}

static gboolean
append_list (BansouConsultPage *self,
             GPtrArray         *list,
             GPtrArray         *items)
{
  for (guint i = 0; i < list->len; i++)
    {
      BansouTicket *t = g_steal_pointer (&list->pdata[i]);
      BansouTicketItem *item = bansou_ticket_item_new (self->consult, t);

      g_hash_table_insert (self->by_id, t->id, item);
      g_ptr_array_add (items, item);
    }
  return TRUE;
}

/* Reads every ticket again: at opening and after a sync. One brief read
 * of every state, newest first: what a row shows and its SLA needs, not
 * the descriptions (the ticket view reads the ticket whole). */
void
_bansou_consult_page_reload (BansouConsultPage *self)
{
  BansouTicketFilter all = { NULL, BANSOU_TICKET_FILTER_ANY_STATE, FALSE, 0, NULL, TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (!(list = bansou_consult_list (self->consult, &all, &error)))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  g_hash_table_remove_all (self->by_id);
  append_list (self, list, items);
  g_list_store_splice (self->tickets, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tickets)),
                       items->pdata, items->len);
  update_queue_state (self);
}

static void
read_overdue (BansouConsultPage *self)
{
  BansouTicketFilter filter = { NULL, -1, TRUE, 0, NULL, TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = bansou_consult_list (self->consult, &filter, &error);

  g_clear_pointer (&self->overdue, g_hash_table_unref);
  self->overdue = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (list == NULL)
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  for (guint i = 0; i < list->len; i++)
    {
      BansouTicket *t = g_ptr_array_index (list, i);
      g_hash_table_add (self->overdue, g_strdup (t->id));
    }
}

/* One ticket changed (an edit of this page): read it again and refill
 * its row; the thread and attachments are not kept in the queue. */
void
_bansou_consult_page_ticket_changed (BansouConsultPage *self,
                                     const char        *id)
{
  g_autoptr(GError) error = NULL;
  BansouTicketItem *item = g_hash_table_lookup (self->by_id, id);
  BansouTicket *t = bansou_consult_lookup (self->consult, id, &error);

  if (t == NULL)
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  g_clear_pointer (&t->messages, g_ptr_array_unref);
  g_clear_pointer (&t->attachments, g_ptr_array_unref);
  if (item == NULL)
    {
      g_autoptr(BansouTicketItem) added = bansou_ticket_item_new (self->consult, t);

      g_hash_table_insert (self->by_id, t->id, added);
      g_list_store_insert (self->tickets, 0, added);
    }
  else
    {
      const char *old_id = bansou_ticket_item_get_id (item);

      g_hash_table_steal (self->by_id, old_id);
      bansou_ticket_item_set_ticket (item, t);
      g_hash_table_insert (self->by_id, t->id, item);
    }
  if (self->overdue != NULL)
    {
      BansouTicketItem *now = g_hash_table_lookup (self->by_id, id);
      const BansouTicketSla *sla = bansou_ticket_item_get_sla (now);

      if (sla != NULL && t->state != BANSOU_TICKET_CLOSED &&
          (sla->first_response.breached || sla->resolution.breached))
        g_hash_table_add (self->overdue, g_strdup (id));
      else
        g_hash_table_remove (self->overdue, id);
    }
  /* Its state may take it out of the view (or into it). */
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_queue_state (self);
}

static guint
position_of (BansouConsultPage *self,
             const char        *id)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(BansouTicketItem) item = g_list_model_get_item (model, i);

      if (g_str_equal (bansou_ticket_item_get_id (item), id))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

void
_bansou_consult_page_select (BansouConsultPage *self,
                             const char        *id)
{
  guint pos = position_of (self, id);

  if (pos == GTK_INVALID_LIST_POSITION && g_hash_table_contains (self->by_id, id))
    {
      /* Not in this view: すべて without a search shows every ticket. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      g_clear_pointer (&self->found, g_hash_table_unref);
      gtk_toggle_button_set_active (self->all_toggle, TRUE);
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
      pos = position_of (self, id);
    }
  if (pos == GTK_INVALID_LIST_POSITION)
    return;
  gtk_single_selection_set_selected (self->selection, pos);
  _bansou_consult_ticket_show (self, id);
}

/* ------------------------------------------------------------------------ */
/* Search                                                                   */

static void
run_search (BansouConsultPage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  g_clear_pointer (&self->found, g_hash_table_unref);
  g_clear_pointer (&self->found_articles, g_ptr_array_unref);

  if (!bansou_str_is_blank (query))
    {
      if (!(hits = bansou_consult_search (self->consult, query, SEARCH_LIMIT, &error)))
        bansou_show_error (GTK_WIDGET (self), error);
      else
        {
          self->found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          self->found_articles = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_search_hit_free);
          for (guint i = 0; i < hits->len; i++)
            {
              BansouSearchHit *hit = g_ptr_array_index (hits, i);

              if (hit->kind == BANSOU_HIT_ARTICLE)
                g_ptr_array_add (self->found_articles, g_steal_pointer (&hits->pdata[i]));
              else
                g_hash_table_add (self->found, g_strdup (hit->id));
            }
        }
    }
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_queue_state (self);
  _bansou_consult_page_reload_articles (self);
}

static gboolean
search_timeout_cb (gpointer data)
{
  BansouConsultPage *self = data;

  self->search_id = 0;
  run_search (self);
  return G_SOURCE_REMOVE;
}

static void
search_changed_cb (BansouConsultPage *self)
{
  /* GtkSearchEntry already waits 150 ms after the last key. */
  g_clear_handle_id (&self->search_id, g_source_remove);
  self->search_id = g_idle_add (search_timeout_cb, self);
}

static void
search_stop_cb (BansouConsultPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
mode_toggled_cb (BansouConsultPage *self,
                 GtkToggleButton   *button)
{
  QueueMode mode;

  if (!gtk_toggle_button_get_active (button))
    return;
  mode = button == self->overdue_toggle ? QUEUE_OVERDUE : button == self->all_toggle ? QUEUE_ALL : QUEUE_OPEN;
  if (mode == QUEUE_OVERDUE)
    read_overdue (self);
  else
    g_clear_pointer (&self->overdue, g_hash_table_unref);
  self->mode = mode;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_queue_state (self);
}

static void
views_notify_cb (BansouConsultPage *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->views);
  gboolean tickets = g_strcmp0 (name, "tickets") == 0;

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->open_toggle)), tickets);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), tickets);
  gtk_widget_set_visible (GTK_WIDGET (self->new_button), tickets);
}

/* ------------------------------------------------------------------------ */
/* Selection: a typed reply is not thrown away without asking.              */

static void
select_pending (BansouConsultPage *self,
                gpointer           data)
{
  _bansou_consult_page_select (self, data);
}

static void
selection_changed_cb (BansouConsultPage *self)
{
  BansouTicketItem *item = gtk_single_selection_get_selected_item (self->selection);
  const char *id = item ? bansou_ticket_item_get_id (item) : NULL;

  if (id == NULL || (self->ticket != NULL && g_str_equal (self->ticket->id, id)))
    return;
  if (_bansou_consult_ticket_has_draft (self))
    {
      g_autofree char *wanted = g_strdup (id);
      guint back = self->ticket ? position_of (self, self->ticket->id) : GTK_INVALID_LIST_POSITION;

      g_signal_handlers_block_by_func (self->selection, selection_changed_cb, self);
      gtk_single_selection_set_selected (self->selection, back);
      g_signal_handlers_unblock_by_func (self->selection, selection_changed_cb, self);
      _bansou_consult_confirm_discard (self, select_pending, g_steal_pointer (&wanted), g_free);
      return;
    }
  _bansou_consult_ticket_show (self, id);
}

/* ------------------------------------------------------------------------ */
/* Actions                                                                  */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BansouConsultPage *self = BANSOU_CONSULT_PAGE (widget);

  adw_view_stack_set_visible_child_name (self->views, "tickets");
  gtk_window_present (_bansou_consult_new_ticket_dialog (self));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BansouConsultPage *self = BANSOU_CONSULT_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _bansou_consult_ticket_send (BANSOU_CONSULT_PAGE (widget));
}

static void
state_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _bansou_consult_ticket_set_state (BANSOU_CONSULT_PAGE (widget), g_variant_get_int32 (parameter));
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _bansou_consult_national_answer (BANSOU_CONSULT_PAGE (widget));
}

static void
make_article_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BansouConsultPage *self = BANSOU_CONSULT_PAGE (widget);

  if (self->ticket != NULL)
    gtk_window_present (_bansou_consult_article_dialog (self, self->ticket));
}

/* ------------------------------------------------------------------------ */

/* Time left moves on: once a minute, while the page is mapped, the SLAs
 * computed so far (only the rows drawn have one) are computed again when
 * next drawn, and the open ticket's two SLA rows are refilled. */
static gboolean
sla_tick_cb (gpointer data)
{
  BansouConsultPage *self = data;
  GListModel *model = G_LIST_MODEL (self->tickets);

  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(BansouTicketItem) item = g_list_model_get_item (model, i);
      bansou_ticket_item_expire_sla (item);
    }
  _bansou_consult_ticket_refresh_sla (self);
  return G_SOURCE_CONTINUE;
}

static void
bansou_consult_page_map (GtkWidget *widget)
{
  BansouConsultPage *self = BANSOU_CONSULT_PAGE (widget);

  GTK_WIDGET_CLASS (bansou_consult_page_parent_class)->map (widget);
  /* Shown again: the clocks ran while it was hidden. */
  if (self->was_mapped)
    sla_tick_cb (self);
  self->was_mapped = TRUE;
  if (self->sla_tick_id == 0)
    self->sla_tick_id = g_timeout_add_seconds (60, sla_tick_cb, self);
}

static void
bansou_consult_page_unmap (GtkWidget *widget)
{
  BansouConsultPage *self = BANSOU_CONSULT_PAGE (widget);

  g_clear_handle_id (&self->sla_tick_id, g_source_remove);
  GTK_WIDGET_CLASS (bansou_consult_page_parent_class)->unmap (widget);
}

static void
context_notify_scope_cb (BansouConsultPage *self)
{
  /* A new database's desk chooses its scope after the page is made. */
  if (self->national_list == NULL)
    _bansou_consult_national_build (self);
}

static void
bansou_consult_page_constructed (GObject *object)
{
  BansouConsultPage *self = (BansouConsultPage *)object;
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  G_OBJECT_CLASS (bansou_consult_page_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));
  self->consult = g_object_ref (bansou_context_get_consult (self->context));

  self->filter = gtk_custom_filter_new (filter_ticket, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->tickets)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  /* Newest first, and the header's arrow says so (▼). */
  self->sort_descending = TRUE;
  self->sorter = gtk_custom_sorter_new (sort_compare, self, NULL);
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), g_object_ref (GTK_SORTER (self->sorter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  build_header (self);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (filtered_items_changed_cb), self, G_CONNECT_SWAPPED);

  _bansou_consult_page_reload (self);
  _bansou_consult_page_reload_articles (self);
  _bansou_consult_national_build (self);
  g_signal_connect_object (self->context, "notify::scope",
                           G_CALLBACK (context_notify_scope_cb), self, G_CONNECT_SWAPPED);
}

static void
bansou_consult_page_dispose (GObject *object)
{
  BansouConsultPage *self = (BansouConsultPage *)object;

  g_clear_handle_id (&self->search_id, g_source_remove);
  g_clear_handle_id (&self->sla_tick_id, g_source_remove);
  for (guint i = 0; i < G_N_ELEMENTS (self->sla_rows); i++)
    {
      g_clear_weak_pointer (&self->sla_rows[i]);
      g_clear_weak_pointer (&self->sla_labels[i]);
    }
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BANSOU_TYPE_CONSULT_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorter);
  g_clear_object (&self->tickets);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->overdue, g_hash_table_unref);
  g_clear_pointer (&self->found, g_hash_table_unref);
  g_clear_pointer (&self->found_articles, g_ptr_array_unref);
  g_clear_pointer (&self->articles, g_ptr_array_unref);
  g_clear_pointer (&self->ticket, bansou_ticket_free);
  g_clear_pointer (&self->article, bansou_article_free);
  g_clear_pointer (&self->escalation, g_free);
  g_clear_object (&self->consult);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_consult_page_parent_class)->dispose (object);
}

static void
bansou_consult_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BansouConsultPage *self = BANSOU_CONSULT_PAGE (object);

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
bansou_consult_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BansouConsultPage *self = BANSOU_CONSULT_PAGE (object);

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
bansou_consult_page_class_init (BansouConsultPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bansou_consult_page_constructed;
  object_class->dispose = bansou_consult_page_dispose;
  object_class->get_property = bansou_consult_page_get_property;
  object_class->set_property = bansou_consult_page_set_property;
  widget_class->map = bansou_consult_page_map;
  widget_class->unmap = bansou_consult_page_unmap;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-consult-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, open_toggle);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, overdue_toggle);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, all_toggle);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, views);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, queue_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, none_status);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, queue_header);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, detail_scroll);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, articles_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, articles_status);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, articles_list);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, article_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouConsultPage, article_box);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, views_notify_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "article_selected_cb",
                                                G_CALLBACK (_bansou_consult_article_selected_cb));

  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "consult.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "consult.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "consult.state", "i", state_action);
  gtk_widget_class_install_action (widget_class, "consult.make-article", NULL, make_article_action);
  gtk_widget_class_install_action (widget_class, "consult.answer", NULL, answer_action);

  /* Ctrl+N and Ctrl+F reach the page from the window (window.new, window.search). */
  gtk_widget_class_install_action (widget_class, "page.new", NULL, new_action);
}

static void
bansou_consult_page_init (BansouConsultPage *self)
{
  self->tickets = g_list_store_new (BANSOU_TYPE_TICKET_ITEM);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bansou_consult_page_new (BansouContext *context)
{
  return g_object_new (BANSOU_TYPE_CONSULT_PAGE, "context", context, NULL);
}

gboolean
bansou_consult_page_show_ticket (BansouConsultPage *self,
                                 const char        *id)
{
  g_return_val_if_fail (BANSOU_IS_CONSULT_PAGE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!g_hash_table_contains (self->by_id, id))
    return FALSE;
  adw_view_stack_set_visible_child_name (self->views, "tickets");
  _bansou_consult_page_select (self, id);
  return TRUE;
}
