/* bansou-progress-page.c — 進捗: where every body stands in a round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The prefecture's view of a round: bodies per state (four figures and a
 * bar), overdue bodies, who holds what, and a table of every body that
 * can be sorted and edited in bulk (assignee, due date, state).
 *
 * items (GListStore of BansouProgressItem) → sort (column view sorter) →
 * filter (search, overdue) → multi selection → column view. The items
 * follow the survey's signals; the figures at the top are
 * bansou_survey_get_overview(), recomputed once per burst of changes.
 */
#define G_LOG_DOMAIN "bansou-progress-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-progress-item.h"
#include "bansou-progress-page.h"
#include "bansou-progress-page-private.h"
#include "bansou-progress-columns.h"
#include "bansou-round-dialog.h"
#include "bansou-survey-ui.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

struct _BansouProgressPage
{
  AdwBin               parent_instance;

  BansouContext       *context;
  BansouSurvey        *survey;
  char                *round_id;
  guint                load_source;
  guint                overview_source;
  guint                scores_source;

  GListStore          *items;          /* BansouProgressItem, by code */
  GHashTable          *by_code;        /* code → BansouProgressItem (borrowed) */
  GtkSortListModel    *sort_model;
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filter_model;
  GtkMultiSelection   *selection;
  char                *needle;
  BansouScoreTable    *scores;
  guint                counts[BANSOU_N_PROGRESS];
  guint                total;
  GtkLabel            *card_numbers[BANSOU_N_PROGRESS + 1];
  guint                n_assignees;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *main_stack;
  GtkDropDown         *round_dropdown;
  GtkLabel            *round_detail_label;
  GtkBox              *cards_box;
  GtkDrawingArea      *state_bar;
  GtkLabel            *total_label;
  GtkGrid             *assignee_grid;
  GtkSearchEntry      *search_entry;
  GtkToggleButton     *overdue_toggle;
  GtkLabel            *count_label;
  GtkColumnView       *column_view;
  GtkActionBar        *action_bar;
  GtkLabel            *selection_label;
  GtkMenuButton       *due_button;
  GtkMenuButton       *assign_button;
  GtkPopover          *due_popover;
  GtkCalendar         *due_calendar;
  GtkPopover          *assign_popover;
  GtkEntry            *assign_entry;
};

G_DEFINE_FINAL_TYPE (BansouProgressPage, bansou_progress_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The bar and the cards: one sequential blue scale, light to dark as a
 * body moves on, readable with any colour vision (style.css has the same). */
static const double state_colors[BANSOU_N_PROGRESS][3] = {
  { 0xd9 / 255.0, 0xd9 / 255.0, 0xd9 / 255.0 },
  { 0x9e / 255.0, 0xca / 255.0, 0xe1 / 255.0 },
  { 0x42 / 255.0, 0x92 / 255.0, 0xc6 / 255.0 },
  { 0x08 / 255.0, 0x45 / 255.0, 0x94 / 255.0 },
};

static void load_round (BansouProgressPage *self);

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

static const char *
scope (BansouProgressPage *self)
{
  return bansou_context_get_scope (self->context);
}

static void
show_toast (BansouProgressPage *self,
            const char         *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (BansouProgressPage *self,
            const GError       *error)
{
  g_autofree char *message = bansou_ui_error_message (error);

  show_toast (self, message);
}

static double
body_score (BansouProgressPage *self,
            const char         *code)
{
  int row;

  if (self->scores == NULL)
    return BANSOU_NO_SCORE;
  row = bansou_answer_matrix_find_body (bansou_score_table_get_matrix (self->scores), code);
  return row >= 0 ? bansou_score_table_get_body_overall (self->scores, row) : BANSOU_NO_SCORE;
}

/* The selected items, in list order. */
static GPtrArray *
selected_items (BansouProgressPage *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, set, &position))
    do
      g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
    while (gtk_bitset_iter_next (&iter, &position));

  return items;
}

/* ------------------------------------------------------------------------ */
/* Overview                                                                 */

static void
state_bar_draw_cb (GtkDrawingArea *area,
                   cairo_t        *cr,
                   int             width,
                   int             height,
                   gpointer        user_data)
{
  BansouProgressPage *self = user_data;
  double x = 0, r = height / 2.0;

  if (self->total == 0)
    return;

  /* A rounded track, filled left to right in the order of the states. */
  cairo_new_sub_path (cr);
  cairo_arc (cr, r, r, r, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, width - r, r, r, -G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
  cairo_clip (cr);

  for (guint s = 0; s < BANSOU_N_PROGRESS; s++)
    {
      double w = width * (double) self->counts[s] / self->total;

      if (w <= 0)
        continue;
      cairo_set_source_rgb (cr, state_colors[s][0], state_colors[s][1], state_colors[s][2]);
      cairo_rectangle (cr, x, 0, w, height);
      cairo_fill (cr);
      /* A thin gap keeps neighbouring segments apart without colour. */
      if (x > 0)
        {
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_rectangle (cr, x - 1, 0, 2, height);
          cairo_fill (cr);
        }
      x += w;
    }
}

static void
create_cards (BansouProgressPage *self)
{
  for (guint s = 0; s <= BANSOU_N_PROGRESS; s++)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *number = gtk_label_new ("0");
      GtkWidget *caption = gtk_label_new (s < BANSOU_N_PROGRESS ? bansou_progress_get_label (s) : _("Overdue"));

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (card, "stat-card");
      gtk_widget_add_css_class (card, s < BANSOU_N_PROGRESS ? bansou_ui_progress_css_class (s) : "overdue-card");
      gtk_label_set_xalign (GTK_LABEL (number), 0);
      gtk_widget_add_css_class (number, "stat-number");
      gtk_widget_add_css_class (number, "numeric");
      gtk_label_set_xalign (GTK_LABEL (caption), 0);
      gtk_widget_add_css_class (caption, "stat-caption");
      gtk_box_append (GTK_BOX (card), number);
      gtk_box_append (GTK_BOX (card), caption);
      gtk_box_append (self->cards_box, card);
      self->card_numbers[s] = GTK_LABEL (number);
    }
}

typedef struct
{
  const char  *name;
  const guint *counts;
  guint        total;
} AssigneeRow;

static int
compare_assignee_rows (gconstpointer a,
                       gconstpointer b)
{
  const AssigneeRow *x = a;
  const AssigneeRow *y = b;
  int r = (*x->name == '\0') - (*y->name == '\0');

  if (r != 0)
    return r;
  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}

static void
grid_label (GtkGrid    *grid,
            const char *text,
            int         column,
            int         row,
            gboolean    number,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1 : 0);
  if (!number)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
    }
  else
    gtk_widget_add_css_class (label, "numeric");
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static void
fill_assignees (BansouProgressPage     *self,
                BansouProgressOverview *overview)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (AssigneeRow));
  GtkWidget *child;
  GHashTableIter iter;
  gpointer key, value;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->assignee_grid))))
    gtk_grid_remove (self->assignee_grid, child);

  g_hash_table_iter_init (&iter, overview->by_assignee);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      AssigneeRow row = { key, value, 0 };

      for (guint s = 0; s < BANSOU_N_PROGRESS; s++)
        row.total += row.counts[s];
      g_array_append_val (rows, row);
    }
  g_array_sort (rows, compare_assignee_rows);
  self->n_assignees = rows->len;

  grid_label (self->assignee_grid, _("Assignee"), 0, 0, FALSE, "caption-heading");
  for (guint s = 0; s < BANSOU_N_PROGRESS; s++)
    grid_label (self->assignee_grid, bansou_progress_get_label (s), s + 1, 0, TRUE, "caption-heading");

  for (guint i = 0; i < rows->len; i++)
    {
      AssigneeRow *row = &g_array_index (rows, AssigneeRow, i);

      grid_label (self->assignee_grid, *row->name ? row->name : _("Nobody"), 0, i + 1, FALSE,
                  *row->name ? NULL : "dim-label");
      for (guint s = 0; s < BANSOU_N_PROGRESS; s++)
        {
          g_autofree char *n = row->counts[s] ? g_strdup_printf ("%u", row->counts[s]) : g_strdup ("·");
          grid_label (self->assignee_grid, n, s + 1, i + 1, TRUE, row->counts[s] ? NULL : "dim-label");
        }
    }
}

static void
update_overview (BansouProgressPage *self)
{
  g_autoptr(BansouProgressOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *total = NULL;
  g_autofree char *final_pct = NULL;
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->overview_source, g_source_remove);

  if (self->round_id == NULL)
    return;
  if (!(overview = bansou_survey_get_overview (self->survey, self->round_id, scope (self), &error)))
    {
      show_error (self, error);
      return;
    }

  self->total = overview->total;
  for (guint s = 0; s < BANSOU_N_PROGRESS; s++)
    {
      g_autofree char *n = bansou_format_count (overview->counts[s]);

      self->counts[s] = overview->counts[s];
      gtk_label_set_label (self->card_numbers[s], n);
    }
  {
    g_autofree char *n = bansou_format_count (overview->overdue->len);
    gtk_label_set_label (self->card_numbers[BANSOU_N_PROGRESS], n);
    if (overview->overdue->len > 0)
      gtk_widget_add_css_class (gtk_widget_get_parent (GTK_WIDGET (self->card_numbers[BANSOU_N_PROGRESS])), "has-overdue");
    else
      gtk_widget_remove_css_class (gtk_widget_get_parent (GTK_WIDGET (self->card_numbers[BANSOU_N_PROGRESS])), "has-overdue");
  }

  total = bansou_format_count (overview->total);
  final_pct = bansou_ui_format_percent (overview->total ? (double) overview->counts[BANSOU_PROGRESS_FINAL] / overview->total : BANSOU_NO_SCORE);
  /* TRANSLATORS: e.g. “23 bodies · 61% final” */
  text = g_strdup_printf (ngettext ("%s body · %s final", "%s bodies · %s final", overview->total), total, final_pct);
  gtk_label_set_label (self->total_label, text);

  fill_assignees (self, overview);
  gtk_widget_queue_draw (GTK_WIDGET (self->state_bar));
}

static gboolean
overview_idle_cb (gpointer user_data)
{
  BansouProgressPage *self = user_data;

  self->overview_source = 0;
  update_overview (self);
  return G_SOURCE_REMOVE;
}

static void
queue_overview (BansouProgressPage *self)
{
  if (self->overview_source == 0)
    self->overview_source = g_idle_add (overview_idle_cb, self);
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                  */

static void
update_count (BansouProgressPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (ngettext ("%u body", "%u bodies", total), total);
  else
    text = g_strdup_printf (ngettext ("%u of %u body", "%u of %u bodies", total), shown, total);
  gtk_label_set_label (self->count_label, text);
}

static void
update_selection (BansouProgressPage *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint n = (guint) gtk_bitset_get_size (set);
  g_autofree char *text = NULL;

  /* The bar stays in place, so that selecting never moves the list. */
  if (n > 0)
    text = g_strdup_printf (ngettext ("%u body selected", "%u bodies selected", n), n);
  gtk_label_set_label (self->selection_label,
                       text ? text : _("Select bodies (Ctrl or Shift and click) to change them together"));
  if (n > 0)
    gtk_widget_remove_css_class (GTK_WIDGET (self->selection_label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->selection_label), "dim-label");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "progress.set-state", n > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->assign_button), n > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->due_button), n > 0);
}

static void
update_round_detail (BansouProgressPage *self)
{
  BansouRound *round = self->round_id ? bansou_survey_lookup_round (self->survey, self->round_id) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *fiscal = NULL;

  if (round == NULL)
    {
      gtk_label_set_label (self->round_detail_label, "");
      return;
    }

  fiscal = bansou_wareki_format_fiscal_year (bansou_round_get_fiscal_year (round));
  g_string_append (text, fiscal);
  if (*bansou_round_get_title (round))
    g_string_append_printf (text, " · %s", bansou_round_get_title (round));
  if (bansou_round_get_prefilled_from (round))
    {
      g_autofree char *from = bansou_round_label (bansou_round_get_prefilled_from (round));
      g_autofree char *part = g_strdup_printf (_("prefilled from %s"), from);
      g_string_append_printf (text, " · %s", part);
    }
  gtk_label_set_label (self->round_detail_label, text->str);
}

static void
update_main_stack (BansouProgressPage *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, bansou_survey_ui_stack_page (self->context, "overview"));
}

static void
load_round (BansouProgressPage *self)
{
  BansouRound *round = bansou_ui_round_dropdown_get_round (self->round_dropdown);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  g_autoptr(GHashTable) unconfirmed = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_clear_handle_id (&self->load_source, g_source_remove);
  g_clear_handle_id (&self->scores_source, g_source_remove);
  g_clear_pointer (&self->round_id, g_free);
  g_clear_pointer (&self->scores, bansou_score_table_unref);
  g_hash_table_remove_all (self->by_code);
  update_main_stack (self);

  if (round != NULL && scope (self) != NULL)
    {
      self->round_id = g_strdup (bansou_round_get_id (round));

      /* list_progress() gives one entry per body of list_bodies(), in the same order. */
      if (!(bodies = bansou_survey_list_bodies (self->survey, scope (self), &error)) ||
          !(progress = bansou_survey_list_progress (self->survey, self->round_id, scope (self), &error)) ||
          !(unconfirmed = bansou_survey_count_unconfirmed (self->survey, self->round_id, &error)))
        show_error (self, error);
      else
        {
          if (!(self->scores = bansou_score_table_new_for_round (self->survey, self->round_id, scope (self), &error)))
            show_error (self, error);

          for (guint i = 0; i < progress->len && i < g_list_model_get_n_items (bodies); i++)
            {
              g_autoptr(BansouBody) body = g_list_model_get_item (bodies, i);
              BansouProgressInfo *info = g_ptr_array_index (progress, i);
              BansouProgressItem *item = bansou_progress_item_new (body);
              const char *code = bansou_body_get_code (body);

              bansou_progress_item_set_info (item, info);
              bansou_progress_item_set_unconfirmed (item, GPOINTER_TO_UINT (g_hash_table_lookup (unconfirmed, code)));
              bansou_progress_item_set_score (item, body_score (self, code));
              g_hash_table_insert (self->by_code, (gpointer) bansou_progress_item_get_code (item), item);
              g_ptr_array_add (items, item);
            }
        }
    }

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  update_round_detail (self);
  update_overview (self);
  update_count (self);
  update_selection (self);
}

static gboolean
load_idle_cb (gpointer user_data)
{
  BansouProgressPage *self = user_data;

  self->load_source = 0;
  load_round (self);
  return G_SOURCE_REMOVE;
}

static gboolean
scores_idle_cb (gpointer user_data)
{
  BansouProgressPage *self = user_data;
  GHashTableIter iter;
  gpointer value;

  self->scores_source = 0;
  if (self->scores == NULL)
    return G_SOURCE_REMOVE;

  bansou_survey_ui_recompute_scores (&self->scores, bansou_survey_get_catalog (self->survey));

  g_hash_table_iter_init (&iter, self->by_code);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    bansou_progress_item_set_score (value, body_score (self, bansou_progress_item_get_code (value)));
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------------ */
/* Filtering                                                                */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  BansouProgressPage *self = user_data;
  BansouProgressItem *it = item;

  if (gtk_toggle_button_get_active (self->overdue_toggle) && !bansou_progress_item_is_overdue (it))
    return FALSE;
  if (self->needle != NULL && *self->needle != '\0' &&
      !bansou_body_matches (bansou_progress_item_get_body (it), self->needle) &&
      strstr (bansou_progress_item_get_assignee (it), self->needle) == NULL)
    return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
round_notify_selected_cb (BansouProgressPage *self)
{
  BansouRound *round = bansou_ui_round_dropdown_get_round (self->round_dropdown);

  if (round == NULL || g_strcmp0 (bansou_round_get_id (round), self->round_id) == 0)
    return;
  /* The list may be in the middle of being replaced: load once it settles. */
  if (self->load_source == 0)
    self->load_source = g_idle_add (load_idle_cb, self);
}

static void
search_changed_cb (BansouProgressPage *self,
                   GtkSearchEntry     *entry)
{
  g_free (self->needle);
  self->needle = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
stop_search_cb (BansouProgressPage *self,
                GtkSearchEntry     *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
overdue_toggled_cb (BansouProgressPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
filter_items_changed_cb (BansouProgressPage *self)
{
  update_count (self);
}

static void
selection_changed_cb (BansouProgressPage *self)
{
  update_selection (self);
}

/* Double click or Enter: the body's answers. */
static void
column_view_activate_cb (BansouProgressPage *self,
                         guint               position,
                         GtkColumnView      *view)
{
  g_autoptr(BansouProgressItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item == NULL || self->round_id == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-answer", "(sss)",
                              self->round_id, bansou_progress_item_get_code (item), "");
}

static void
progress_changed_cb (BansouProgressPage *self,
                     const char         *round,
                     const char         *body,
                     BansouSurvey       *survey)
{
  g_autoptr(BansouProgressInfo) info = NULL;
  BansouProgressItem *item;

  if (g_strcmp0 (round, self->round_id) != 0 || !(item = g_hash_table_lookup (self->by_code, body)))
    return;
  if ((info = bansou_survey_get_progress (self->survey, round, body, NULL)))
    bansou_progress_item_set_info (item, info);
  queue_overview (self);
}

static void
answer_changed_cb (BansouProgressPage *self,
                   const char         *round,
                   const char         *body,
                   const char         *question,
                   guint               status,
                   BansouSurvey       *survey)
{
  BansouProgressItem *item;

  if (g_strcmp0 (round, self->round_id) != 0 || !(item = g_hash_table_lookup (self->by_code, body)))
    return;

  {
    g_autoptr(GPtrArray) ids = bansou_survey_list_unconfirmed (self->survey, round, body, NULL);
    bansou_progress_item_set_unconfirmed (item, ids ? ids->len : 0);
  }

  if (bansou_survey_ui_patch_scores (self->scores, bansou_survey_get_catalog (survey), body, question, status) &&
      self->scores_source == 0)
    self->scores_source = g_idle_add (scores_idle_cb, self);
}

static void
answers_reloaded_cb (BansouProgressPage *self,
                     const char         *round,
                     BansouSurvey       *survey)
{
  /* Another round was created or filled: only the empty state may change. */
  if (round != NULL && self->round_id != NULL && g_strcmp0 (round, self->round_id) != 0 &&
      bansou_survey_lookup_round (survey, self->round_id) != NULL)
    {
      update_main_stack (self);
      return;
    }

  if (self->round_id == NULL || !bansou_ui_round_dropdown_select (self->round_dropdown, self->round_id))
    gtk_drop_down_set_selected (self->round_dropdown, 0);
  load_round (self);
}

static void
context_notify_scope_cb (BansouProgressPage *self)
{
  load_round (self);
}

/* Bulk changes */

static void
assign (BansouProgressPage *self,
        const char         *assignee,
        const char         *due)
{
  g_autoptr(GPtrArray) items = selected_items (self);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (items->len == 0 || self->round_id == NULL)
    return;
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (codes, (gpointer) bansou_progress_item_get_code (g_ptr_array_index (items, i)));
  g_ptr_array_add (codes, NULL);

  if (!bansou_survey_assign (self->survey, self->round_id, (const char * const *) codes->pdata,
                             assignee, due, &error))
    {
      show_error (self, error);
      return;
    }

  if (assignee != NULL && *assignee != '\0')
    message = g_strdup_printf (ngettext ("%u body assigned to %s", "%u bodies assigned to %s", items->len),
                               items->len, assignee);
  else if (assignee != NULL)
    message = g_strdup_printf (ngettext ("%u body assigned to nobody", "%u bodies assigned to nobody", items->len),
                               items->len);
  else if (due != NULL && *due != '\0')
    {
      g_autofree char *date = bansou_ui_format_date (due);
      message = g_strdup_printf (ngettext ("%u body due on %s", "%u bodies due on %s", items->len), items->len, date);
    }
  else
    message = g_strdup_printf (ngettext ("Due date removed from %u body", "Due date removed from %u bodies",
                                         items->len), items->len);
  show_toast (self, message);
}

static void
assign_popover_show_cb (BansouProgressPage *self)
{
  g_autoptr(GPtrArray) items = selected_items (self);
  const char *common = NULL;

  /* Offer the assignee the selection shares, if it shares one. */
  for (guint i = 0; i < items->len; i++)
    {
      const char *assignee = bansou_progress_item_get_assignee (g_ptr_array_index (items, i));

      if (i == 0)
        common = assignee;
      else if (g_strcmp0 (common, assignee) != 0)
        common = NULL;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->assign_entry), common ? common : "");
  gtk_widget_grab_focus (GTK_WIDGET (self->assign_entry));
}

static void
assign_apply_cb (BansouProgressPage *self)
{
  g_autofree char *assignee = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->assign_entry))));

  gtk_popover_popdown (self->assign_popover);
  assign (self, assignee, NULL);
}

static void
due_set_cb (BansouProgressPage *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->due_calendar);
  g_autofree char *iso = g_date_time_format (day, "%Y-%m-%d");

  gtk_popover_popdown (self->due_popover);
  assign (self, NULL, iso);
}

static void
due_clear_cb (BansouProgressPage *self)
{
  gtk_popover_popdown (self->due_popover);
  assign (self, NULL, "");
}

typedef struct
{
  GPtrArray      *codes;   /* char *, owned */
  BansouProgress  target;
  guint           skipped;
} StateChange;

static void
state_change_free (StateChange *change)
{
  g_ptr_array_unref (change->codes);
  g_free (change);
}

static void
apply_state_change (BansouProgressPage *self,
                    StateChange        *change,
                    const char         *reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint done = 0;

  for (guint i = 0; i < change->codes->len; i++)
    {
      if (!bansou_survey_set_progress_state (self->survey, self->round_id, g_ptr_array_index (change->codes, i),
                                             change->target, reason, &error))
        break;
      done++;
    }

  if (error != NULL)
    {
      show_error (self, error);
      return;
    }

  if (change->skipped > 0)
    /* TRANSLATORS: bodies moved to a progress state, and bodies that could not take that step */
    message = g_strdup_printf (ngettext ("%u body moved to “%s”; %u could not take that step",
                                         "%u bodies moved to “%s”; %u could not take that step", done),
                               done, bansou_progress_get_label (change->target), change->skipped);
  else
    message = g_strdup_printf (ngettext ("%u body moved to “%s”", "%u bodies moved to “%s”", done),
                               done, bansou_progress_get_label (change->target));
  show_toast (self, message);
}

static void
reopen_response_cb (AdwMessageDialog   *dialog,
                    const char         *response,
                    BansouProgressPage *self)
{
  g_autofree char *reason = bansou_survey_ui_reopen_dialog_dup_reason (dialog);
  StateChange *change = g_object_get_data (G_OBJECT (dialog), "change");

  if (g_strcmp0 (response, "reopen") != 0 || *reason == '\0')
    return;
  apply_state_change (self, change, reason);
}

static void
set_state_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BansouProgressPage *self = BANSOU_PROGRESS_PAGE (widget);
  BansouProgress target = g_variant_get_uint32 (parameter);
  g_autoptr(GPtrArray) items = selected_items (self);
  StateChange *change;
  guint reopening = 0;
  g_autofree char *text = NULL;
  AdwMessageDialog *dialog;

  if (target >= BANSOU_N_PROGRESS || items->len == 0 || self->round_id == NULL)
    return;

  change = g_new0 (StateChange, 1);
  change->codes = g_ptr_array_new_with_free_func (g_free);
  change->target = target;

  /* Only the steps bansou_progress_can_change() allows; the others stay. */
  for (guint i = 0; i < items->len; i++)
    {
      BansouProgressItem *item = g_ptr_array_index (items, i);
      BansouProgress state = bansou_progress_item_get_state (item);

      if (state == target)
        continue;
      if (!bansou_progress_can_change (state, target))
        {
          change->skipped++;
          continue;
        }
      if (state == BANSOU_PROGRESS_FINAL)
        reopening++;
      g_ptr_array_add (change->codes, g_strdup (bansou_progress_item_get_code (item)));
    }

  if (change->codes->len == 0)
    {
      g_autofree char *message = g_strdup_printf (_("None of the selected bodies can move to “%s”"),
                                                  bansou_progress_get_label (target));
      show_toast (self, message);
      state_change_free (change);
      return;
    }

  if (reopening == 0)
    {
      apply_state_change (self, change, NULL);
      state_change_free (change);
      return;
    }

  /* Reopening final answers needs a reason, asked once for all. */
  text = g_strdup_printf (ngettext ("%u body is final: its answers become editable again. Say why: the reason is kept in the change history.",
                                    "%u bodies are final: their answers become editable again. Say why: the reason is kept in the change history.",
                                    reopening), reopening);
  dialog = bansou_survey_ui_reopen_dialog_new (widget, text);
  g_object_set_data_full (G_OBJECT (dialog), "change", change, (GDestroyNotify) state_change_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reopen_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
round_created_cb (BansouProgressPage *self,
                  const char         *round)
{
  bansou_progress_page_select_round (self, round);
}

static void
new_round_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BansouProgressPage *self = BANSOU_PROGRESS_PAGE (widget);
  BansouRoundDialog *dialog = bansou_round_dialog_present (self->context, widget);

  g_signal_connect_object (dialog, "round-created", G_CALLBACK (round_created_cb), self, G_CONNECT_SWAPPED);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BansouProgressPage *self = BANSOU_PROGRESS_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* ------------------------------------------------------------------------ */

static void
bansou_progress_page_constructed (GObject *object)
{
  BansouProgressPage *self = (BansouProgressPage *)object;

  G_OBJECT_CLASS (bansou_progress_page_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));
  self->survey = g_object_ref (bansou_context_get_survey (self->context));

  bansou_ui_round_dropdown_init (self->round_dropdown, self->survey);

  g_signal_connect_object (self->survey, "progress-changed", G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->survey, "answer-changed", G_CALLBACK (answer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->survey, "answers-reloaded", G_CALLBACK (answers_reloaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::scope", G_CALLBACK (context_notify_scope_cb), self, G_CONNECT_SWAPPED);

  gtk_drop_down_set_selected (self->round_dropdown, 0);
  load_round (self);
}

static void
bansou_progress_page_dispose (GObject *object)
{
  BansouProgressPage *self = (BansouProgressPage *)object;

  g_clear_handle_id (&self->load_source, g_source_remove);
  g_clear_handle_id (&self->overview_source, g_source_remove);
  g_clear_handle_id (&self->scores_source, g_source_remove);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->items);
  g_clear_pointer (&self->scores, bansou_score_table_unref);
  g_clear_object (&self->survey);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_progress_page_parent_class)->dispose (object);
}

static void
bansou_progress_page_finalize (GObject *object)
{
  BansouProgressPage *self = (BansouProgressPage *)object;

  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->round_id, g_free);
  g_clear_pointer (&self->needle, g_free);

  G_OBJECT_CLASS (bansou_progress_page_parent_class)->finalize (object);
}

static void
bansou_progress_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BansouProgressPage *self = BANSOU_PROGRESS_PAGE (object);

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
bansou_progress_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BansouProgressPage *self = BANSOU_PROGRESS_PAGE (object);

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
bansou_progress_page_class_init (BansouProgressPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bansou_progress_page_constructed;
  object_class->dispose = bansou_progress_page_dispose;
  object_class->finalize = bansou_progress_page_finalize;
  object_class->get_property = bansou_progress_page_get_property;
  object_class->set_property = bansou_progress_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-progress-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, round_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, round_detail_label);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, state_bar);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, assignee_grid);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, overdue_toggle);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, action_bar);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, due_button);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, assign_button);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, due_popover);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, due_calendar);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, assign_popover);
  gtk_widget_class_bind_template_child (widget_class, BansouProgressPage, assign_entry);
  gtk_widget_class_bind_template_callback (widget_class, round_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, overdue_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, assign_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, assign_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, due_set_cb);
  gtk_widget_class_bind_template_callback (widget_class, due_clear_cb);

  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "progress.new-round", NULL, new_round_action);
  gtk_widget_class_install_action (widget_class, "progress.set-state", "u", set_state_action);

}

static void
bansou_progress_page_init (BansouProgressPage *self)
{
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  create_cards (self);
  gtk_drawing_area_set_draw_func (self->state_bar, state_bar_draw_cb, self, NULL);
  bansou_progress_columns_add (self->column_view);

  self->items = g_list_store_new (BANSOU_TYPE_PROGRESS_ITEM);
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->items)), g_object_ref (sorter));
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sort_model)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
}

/* ------------------------------------------------------------------------ */

BansouContext *
bansou_progress_page_get_context (BansouProgressPage *self)
{
  g_return_val_if_fail (BANSOU_IS_PROGRESS_PAGE (self), NULL);
  return self->context;
}

/**
 * bansou_progress_page_select_round:
 *
 * Returns: %TRUE if @round exists and is now shown
 */
gboolean
bansou_progress_page_select_round (BansouProgressPage *self,
                                   const char         *round)
{
  g_return_val_if_fail (BANSOU_IS_PROGRESS_PAGE (self), FALSE);

  if (!bansou_ui_round_dropdown_select (self->round_dropdown, round))
    return FALSE;
  if (g_strcmp0 (round, self->round_id) != 0 || self->load_source != 0)
    load_round (self);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* For the tests                                                            */

const char *
_bansou_progress_page_get_round (BansouProgressPage *self)
{
  return self->round_id;
}

GtkSelectionModel *
_bansou_progress_page_get_selection (BansouProgressPage *self)
{
  return GTK_SELECTION_MODEL (self->selection);
}

GtkColumnView *
_bansou_progress_page_get_column_view (BansouProgressPage *self)
{
  return self->column_view;
}

const char *
_bansou_progress_page_get_card_text (BansouProgressPage *self,
                                     guint               state)
{
  g_return_val_if_fail (state <= BANSOU_N_PROGRESS, NULL);
  return gtk_label_get_label (self->card_numbers[state]);
}

guint
_bansou_progress_page_get_n_assignees (BansouProgressPage *self)
{
  return self->n_assignees;
}

gboolean
_bansou_progress_page_select_codes (BansouProgressPage *self,
                                    const char * const *codes)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  g_autoptr(GtkBitset) set = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) mask = NULL;
  guint found = 0, wanted = g_strv_length ((char **) codes);

  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(BansouProgressItem) item = g_list_model_get_item (model, i);

      if (g_strv_contains (codes, bansou_progress_item_get_code (item)))
        {
          gtk_bitset_add (set, i);
          found++;
        }
    }
  mask = gtk_bitset_new_range (0, g_list_model_get_n_items (model));
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), set, mask);
  return found == wanted;
}

gboolean
_bansou_progress_page_assign (BansouProgressPage *self,
                              const char         *assignee,
                              const char         *due)
{
  assign (self, assignee, due);
  return TRUE;
}

/* Runs what waits for an idle moment: the overview after a burst of changes. */
void
_bansou_progress_page_flush (BansouProgressPage *self)
{
  if (self->load_source != 0)
    load_round (self);
  if (self->overview_source != 0)
    update_overview (self);
  if (self->scores_source != 0)
    {
      g_source_remove (self->scores_source);
      scores_idle_cb (self);
    }
}
