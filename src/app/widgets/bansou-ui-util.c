/* bansou-ui-util.c — small helpers the compliance pages share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-ui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-ui-util.h"

/* ------------------------------------------------------------------------ */
/* The round drop-down: the survey's own list of rounds, newest first, so
 * that it follows rounds being created and deleted without any code here. */

static int
compare_rounds_newest_first (gconstpointer a,
                             gconstpointer b,
                             gpointer      user_data)
{
  int r = g_strcmp0 (bansou_round_get_id ((BansouRound *) b), bansou_round_get_id ((BansouRound *) a));

  return r < 0 ? GTK_ORDERING_SMALLER : r > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
round_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (list_item, label);
}

static void
round_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  BansouRound *round = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  if (bansou_round_get_demo (round))
    {
      /* TRANSLATORS: a survey round filled with demo data */
      g_autofree char *text = g_strdup_printf (_("%s (demo)"), bansou_round_get_label (round));
      gtk_label_set_label (GTK_LABEL (label), text);
    }
  else
    gtk_label_set_label (GTK_LABEL (label), bansou_round_get_label (round));
}

/**
 * bansou_ui_round_dropdown_init:
 *
 * Shows the rounds of @survey in @dropdown, newest first, labelled in 和暦
 * (令和7年10月末時点).
 */
void
bansou_ui_round_dropdown_init (GtkDropDown  *dropdown,
                               BansouSurvey *survey)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSortListModel) sorted = NULL;
  GtkSorter *sorter;

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));
  g_return_if_fail (BANSOU_IS_SURVEY (survey));

  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rounds_newest_first, NULL, NULL));
  sorted = gtk_sort_list_model_new (g_object_ref (bansou_survey_get_rounds (survey)), sorter);

  g_signal_connect (factory, "setup", G_CALLBACK (round_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (round_bind_cb), NULL);
  gtk_drop_down_set_factory (dropdown, factory);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (sorted));
}

/**
 * bansou_ui_round_dropdown_get_round:
 *
 * Returns: (transfer none) (nullable): the chosen round
 */
BansouRound *
bansou_ui_round_dropdown_get_round (GtkDropDown *dropdown)
{
  g_return_val_if_fail (GTK_IS_DROP_DOWN (dropdown), NULL);

  return gtk_drop_down_get_selected_item (dropdown);
}

/**
 * bansou_ui_round_dropdown_select:
 *
 * Returns: %TRUE if @round is in the list and now chosen
 */
gboolean
bansou_ui_round_dropdown_select (GtkDropDown *dropdown,
                                 const char  *round)
{
  GListModel *model;

  g_return_val_if_fail (GTK_IS_DROP_DOWN (dropdown), FALSE);

  if (round == NULL || !(model = gtk_drop_down_get_model (dropdown)))
    return FALSE;

  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(BansouRound) r = g_list_model_get_item (model, i);

      if (g_strcmp0 (bansou_round_get_id (r), round) == 0)
        {
          if (gtk_drop_down_get_selected (dropdown) != i)
            gtk_drop_down_set_selected (dropdown, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Text                                                                     */

/**
 * bansou_ui_round_short_label:
 *
 * Returns: (transfer full): "令和7年10月末" for 2025-10-31, for chart axes
 */
char *
bansou_ui_round_short_label (const char *round)
{
  char *label = bansou_round_label (round);
  char *cut;

  if (label != NULL && (cut = g_strrstr (label, "時点")) != NULL)
    *cut = '\0';
  return label;
}

/**
 * bansou_ui_format_percent:
 * @fraction: from 0 to 1, or %BANSOU_NO_SCORE
 *
 * Returns: (transfer full): "72%", or "—" when nothing counted
 */
char *
bansou_ui_format_percent (double fraction)
{
  if (fraction < 0)
    return g_strdup ("—");
  /* TRANSLATORS: a percentage, e.g. 72% */
  return g_strdup_printf (_("%.0f%%"), fraction * 100.0);
}

/**
 * bansou_ui_format_baseline:
 * @percent: a national rate in percent as the catalog holds it (95.8), or
 *   a negative number for none
 *
 * Returns: (transfer full): "95.8%", or "—"
 */
char *
bansou_ui_format_baseline (double percent)
{
  if (percent < 0)
    return g_strdup ("—");
  /* TRANSLATORS: a percentage with one decimal, e.g. 95.8% */
  return g_strdup_printf (_("%.1f%%"), percent);
}

/**
 * bansou_ui_format_date:
 * @iso: (nullable): "YYYY-MM-DD"
 *
 * Returns: (transfer full): 令和8年1月30日 in a Japanese session, the ISO
 *   date otherwise; "" for no date
 */
char *
bansou_ui_format_date (const char *iso)
{
  g_autoptr(GDate) date = NULL;

  if (iso == NULL || *iso == '\0')
    return g_strdup ("");
  if (!bansou_prefers_japanese () || !(date = bansou_date_parse_iso (iso)))
    return g_strdup (iso);
  return bansou_wareki_format_date (date);
}

/* Whether @error carries sqlite's own words: what the store wraps in
 * "Database error while …: <sqlite's message>" or a bare sqlite message
 * from a worker's own connection. */
static gboolean
is_internal_store_error (const GError *error)
{
  /* The same catalog translates the store's sentence: compare its start. */
  const char *format = g_dgettext (GETTEXT_PACKAGE, "Database error while %s: %s");
  const char *cut = strstr (format, "%s");
  gsize prefix = cut ? (gsize) (cut - format) : strlen (format);

  switch (error->code)
    {
    case BANSOU_STORE_ERROR_NEWER_SCHEMA:
    case BANSOU_STORE_ERROR_NOT_FOUND:
    case BANSOU_STORE_ERROR_INVALID:
      return FALSE;   /* Bansō's own sentences about the data */
    case BANSOU_STORE_ERROR_CONSTRAINT:
      /* "The code … is already used by …" is for the user; a constraint
       * sqlite reports is not. */
      return prefix > 0 && strncmp (error->message, format, prefix) == 0;
    case BANSOU_STORE_ERROR_FAILED:
    case BANSOU_STORE_ERROR_CORRUPT:
    case BANSOU_STORE_ERROR_BUSY:
    default:
      return TRUE;
    }
}

/**
 * bansou_ui_error_message:
 * @error: an error from the core
 *
 * What to show a person for @error: the core's own sentences as they are
 * (a value that failed validation, a rejected import, a sync problem with
 * what to do), and for a failure inside the database a translated sentence
 * saying what to do instead of sqlite's words ("no such table: rounds").
 * Those internal words go to the log with g_warning().
 *
 * Returns: (transfer full): a sentence for a toast or a dialog
 */
char *
bansou_ui_error_message (const GError *error)
{
  if (error == NULL)
    return g_strdup (_("Something went wrong. Try again; if it keeps happening, restart Bansō."));

  if (error->domain == BANSOU_SYNC_ERROR)
    return bansou_sync_error_message (error);

  if (error->domain != BANSOU_STORE_ERROR || !is_internal_store_error (error))
    return g_strdup (error->message);

  g_warning ("Database failure (%s, code %d): %s",
             g_quark_to_string (error->domain), error->code, error->message);

  switch (error->code)
    {
    case BANSOU_STORE_ERROR_CORRUPT:
      return g_strdup (_("The database file is damaged and cannot be read. Nothing was changed. "
                         "Quit Bansō and restore the file from a backup."));
    case BANSOU_STORE_ERROR_BUSY:
      return g_strdup (_("The database is busy: another Bansō program is writing to it. "
                         "Wait a moment and try again."));
    case BANSOU_STORE_ERROR_CONSTRAINT:
      return g_strdup (_("The change would contradict data already stored, so nothing was changed. "
                         "Reload the page and try again."));
    default:
      return g_strdup (_("The database could not be read or written, so nothing was changed. "
                         "Try again; if it keeps happening, quit and restart Bansō and check that "
                         "the disk is not full."));
    }
}

/**
 * bansou_ui_status_short_label:
 *
 * Returns: a short form of an answer for buttons and narrow columns
 *   (“Partly” for “Partly implemented”); in Japanese the usual four
 *   words, 実施済み / 一部実施 / 未実施 / 対象外, are short already
 */
const char *
bansou_ui_status_short_label (BansouStatus status)
{
  switch (status)
    {
    case BANSOU_STATUS_DONE:
      return C_("answer, short", "Done");
    case BANSOU_STATUS_PARTIAL:
      return C_("answer, short", "Partly");
    case BANSOU_STATUS_NOT_DONE:
      return C_("answer, short", "Not done");
    case BANSOU_STATUS_NA:
      return C_("answer, short", "N/A");
    case BANSOU_STATUS_UNANSWERED:
    case BANSOU_N_STATUSES:
    default:
      return C_("answer, short", "None");
    }
}

/* The colours behind these classes (style.css) are the heatmap's, so a
 * status looks the same on every page. */
const char *
bansou_ui_status_css_class (BansouStatus status)
{
  switch (status)
    {
    case BANSOU_STATUS_DONE:
      return "status-done";
    case BANSOU_STATUS_PARTIAL:
      return "status-partial";
    case BANSOU_STATUS_NOT_DONE:
      return "status-not-done";
    case BANSOU_STATUS_NA:
      return "status-na";
    case BANSOU_STATUS_UNANSWERED:
    case BANSOU_N_STATUSES:
    default:
      return "status-unanswered";
    }
}

const char *
bansou_ui_progress_css_class (BansouProgress state)
{
  switch (state)
    {
    case BANSOU_PROGRESS_ANSWERING:
      return "progress-answering";
    case BANSOU_PROGRESS_REVIEW:
      return "progress-review";
    case BANSOU_PROGRESS_FINAL:
      return "progress-final";
    case BANSOU_PROGRESS_NOT_STARTED:
    case BANSOU_N_PROGRESS:
    default:
      return "progress-not-started";
    }
}

/**
 * bansou_ui_default_round_date:
 *
 * The national survey counts at the end of October: the default reference
 * date of a new round is 31 October of the current fiscal year (年度,
 * from April).
 *
 * Returns: (transfer full): "YYYY-10-31"
 */
char *
bansou_ui_default_round_date (void)
{
  g_autoptr(GDate) today = bansou_date_today ();

  return g_strdup_printf ("%04d-10-31", bansou_fiscal_year (today));
}

/* ------------------------------------------------------------------------ */
/* Tooltips                                                                 */

/* GTK 4.8 wraps a tooltip's label with its natural width computed by word:
 * Japanese has a break opportunity between almost any two characters, so
 * and without a maximum width it guesses a "pleasing" shape, so tooltips
 * came out a few characters wide (メインメ / ニュー). The tooltip window is
 * private; a hook on its realize finds its label and makes its natural
 * width the unwrapped text up to a maximum, wrapping only what is longer. */

static GtkLabel *tooltip_label;  /* weak: the last tooltip label fixed, for the tests */

static GtkLabel *
find_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_label (child);
      if (label != NULL)
        return label;
    }
  return NULL;
}

static gboolean
tooltip_realize_hook (GSignalInvocationHint *hint,
                      guint                  n_params,
                      const GValue          *params,
                      gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&params[0]);
  GtkLabel *label;

  if (!g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkTooltipWindow") || !(label = find_label (widget)))
    return TRUE;

  if (gtk_label_get_natural_wrap_mode (label) != GTK_NATURAL_WRAP_NONE)
    {
      /* Without a maximum, a wrapping label guesses a pleasing shape,
       * which for Japanese is a narrow column: give it one (about 25
       * Japanese characters, 50 Latin ones) and no narrower natural width. */
      gtk_label_set_natural_wrap_mode (label, GTK_NATURAL_WRAP_NONE);
      gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (label, 50);
      gtk_widget_queue_resize (GTK_WIDGET (label));
    }
  g_set_weak_pointer (&tooltip_label, label);
  return TRUE;  /* stay installed */
}

/**
 * bansou_ui_init_tooltips:
 *
 * Makes tooltips as wide as their text (see above). Call once; later
 * calls do nothing.
 */
void
bansou_ui_init_tooltips (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      /* GTK registers the type only when it shows its first tooltip, so
       * the hook looks at every realize (rare) and compares type names. */
      g_signal_add_emission_hook (g_signal_lookup ("realize", GTK_TYPE_WIDGET), 0,
                                  tooltip_realize_hook, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

GtkLabel *
_bansou_ui_get_tooltip_label (void)
{
  return tooltip_label;
}

/* ------------------------------------------------------------------------ */
/* Column views                                                             */

static GQuark column_quark;
static GQuark handler_quark;

static void
item_notify_cb (GObject     *item,
                GParamSpec  *pspec,
                GtkListItem *list_item)
{
  const BansouColumn *column = g_object_get_qdata (G_OBJECT (list_item), column_quark);

  column->update (gtk_list_item_get_child (list_item), item);
}

static void
column_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 const BansouColumn       *column)
{
  g_object_set_qdata (G_OBJECT (list_item), column_quark, (gpointer) column);
  gtk_list_item_set_child (list_item, column->create ());
}

/* Fills the cell once and follows this item only while it is shown. */
static void
column_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                const BansouColumn       *column)
{
  gpointer item = gtk_list_item_get_item (list_item);
  gulong handler;

  column->update (gtk_list_item_get_child (list_item), item);
  handler = g_signal_connect (item, "notify", G_CALLBACK (item_notify_cb), list_item);
  g_object_set_qdata (G_OBJECT (list_item), handler_quark, GSIZE_TO_POINTER (handler));
}

static void
column_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  const BansouColumn       *column)
{
  gpointer item = gtk_list_item_get_item (list_item);
  gulong handler = GPOINTER_TO_SIZE (g_object_steal_qdata (G_OBJECT (list_item), handler_quark));

  if (item != NULL && handler != 0)
    g_signal_handler_disconnect (item, handler);
}

/* A new order starts at its top: left where it was, the rows under the
 * view would be a random middle of the new order. After the sort model
 * has re-sorted (an idle), and only for a shown, non-empty list: the list
 * view cannot place an adjustment change otherwise. */
/* Rows a sort or filter model in @model's chain has still to place. */
static guint
model_pending (GListModel *model)
{
  guint pending = 0;

  while (model != NULL)
    {
      if (GTK_IS_SINGLE_SELECTION (model))
        model = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model));
      else if (GTK_IS_NO_SELECTION (model))
        model = gtk_no_selection_get_model (GTK_NO_SELECTION (model));
      else if (GTK_IS_MULTI_SELECTION (model))
        model = gtk_multi_selection_get_model (GTK_MULTI_SELECTION (model));
      else if (GTK_IS_SORT_LIST_MODEL (model))
        {
          pending += gtk_sort_list_model_get_pending (GTK_SORT_LIST_MODEL (model));
          model = gtk_sort_list_model_get_model (GTK_SORT_LIST_MODEL (model));
        }
      else if (GTK_IS_FILTER_LIST_MODEL (model))
        {
          pending += gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (model));
          model = gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (model));
        }
      else
        break;
    }

  return pending;
}

/* A new sort order scrolls back to the top, once the list has laid out
 * the sorted rows: after the next frame's paint, not in an idle. Between
 * the sort and that layout the list cannot place a position yet, and GTK
 * 4.8 warns "failed to scroll to given position" (fatal in the tests; seen
 * when the idle came before the frame). */
typedef struct
{
  GWeakRef view;
  gulong   handler;
} ScrollToTop;

static void
scroll_to_top_free (gpointer data,
                    GClosure *closure)
{
  ScrollToTop *st = data;
  g_autoptr(GObject) view = g_weak_ref_get (&st->view);

  /* also when the clock goes first (the window closed) */
  if (view != NULL && g_object_get_data (view, "bansou-scroll-to-top") == st)
    g_object_set_data (view, "bansou-scroll-to-top", NULL);
  g_weak_ref_clear (&st->view);
  g_free (st);
}

static void
scroll_to_top_after_paint_cb (GdkFrameClock *clock,
                              ScrollToTop   *st)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&st->view);
  GtkColumnView *view = widget ? GTK_COLUMN_VIEW (widget) : NULL;
  GtkWidget *parent = view ? gtk_widget_get_parent (GTK_WIDGET (view)) : NULL;
  GtkSelectionModel *model = view ? gtk_column_view_get_model (view) : NULL;

  /* An incremental sort or filter still at work: the next frame. */
  if (model != NULL && model_pending (G_LIST_MODEL (model)) > 0)
    {
      gtk_widget_queue_draw (GTK_WIDGET (view));
      return;
    }

  if (GTK_IS_SCROLLED_WINDOW (parent) && gtk_widget_get_mapped (GTK_WIDGET (view)) &&
      model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (parent)), 0);

  g_signal_handler_disconnect (clock, st->handler);   /* frees st */
}

static void
sorter_changed_cb (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   GtkColumnView   *view)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (view));
  ScrollToTop *st;

  /* not shown yet: it will be, from the top */
  if (clock == NULL || g_object_get_data (G_OBJECT (view), "bansou-scroll-to-top") != NULL)
    return;
  st = g_new0 (ScrollToTop, 1);
  g_weak_ref_init (&st->view, view);
  st->handler = g_signal_connect_data (clock, "after-paint", G_CALLBACK (scroll_to_top_after_paint_cb), st,
                                       scroll_to_top_free, 0);
  g_object_set_data (G_OBJECT (view), "bansou-scroll-to-top", st);
  gtk_widget_queue_draw (GTK_WIDGET (view));
}

/**
 * bansou_ui_column_view_add_columns:
 * @columns: (array length=n_columns): static descriptions of the columns
 *
 * Appends one resizable, sortable column per description, and sorts by
 * the first one. Each new sort order scrolls back to the top.
 */
void
bansou_ui_column_view_add_columns (GtkColumnView      *view,
                                   const BansouColumn *columns,
                                   guint               n_columns)
{
  if (column_quark == 0)
    {
      column_quark = g_quark_from_static_string ("bansou-column");
      handler_quark = g_quark_from_static_string ("bansou-column-notify-handler");
    }

  if (!g_object_get_data (G_OBJECT (view), "bansou-scroll-on-sort"))
    {
      g_object_set_data (G_OBJECT (view), "bansou-scroll-on-sort", GINT_TO_POINTER (TRUE));
      g_signal_connect_object (gtk_column_view_get_sorter (view), "changed",
                               G_CALLBACK (sorter_changed_cb), view, 0);
    }

  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (column_setup_cb), (gpointer) &columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (column_bind_cb), (gpointer) &columns[i]);
      g_signal_connect (factory, "unbind", G_CALLBACK (column_unbind_cb), (gpointer) &columns[i]);

      column = gtk_column_view_column_new (_(columns[i].title), g_object_ref (factory));
      sorter = GTK_SORTER (gtk_custom_sorter_new (columns[i].compare, NULL, NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (view, column);

      if (i == 0)
        gtk_column_view_sort_by_column (view, column, GTK_SORT_ASCENDING);
    }
}

GtkWidget *
bansou_ui_text_area (GtkTextView **out,
                     const char   *text,
                     int           height)
{
  GtkWidget *scroll = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  if (text != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroll), height);
  gtk_widget_add_css_class (scroll, "card");
  *out = GTK_TEXT_VIEW (view);
  return scroll;
}

char *
bansou_ui_text_view_get_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
