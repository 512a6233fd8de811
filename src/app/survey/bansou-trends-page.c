/* bansou-trends-page.c — 経年比較: scores and rates across rounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Top: a small chart per category (and the overall score) of one body
 * across rounds — bansou_score_body_history() — with the prefecture's
 * mean as a dashed reference. Bottom: for the prefecture, every
 * question's implementation rate in each round against the national
 * baseline.
 *
 * Both come from one score table per round (one read of each round),
 * rather than bansou_score_question_history() per question: the answers
 * table has no index by question, so 58 of those calls scan the whole
 * table 58 times — about 1.7 s for a national desk against 0.15 s.
 *
 * The page reads the data again after a change only when it is shown.
 */
#define G_LOG_DOMAIN "bansou-trends-page"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "bansou-survey-ui.h"
#include "bansou-trend-chart.h"
#include "bansou-trends-page.h"
#include "bansou-trends-page-private.h"
#include "bansou-ui-util.h"

#define N_CHART_COLUMNS 5

G_DEFINE_FINAL_TYPE (BansouTrendsPage, bansou_trends_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (BansouTrendsPage *self);

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

static const char *
scope (BansouTrendsPage *self)
{
  return bansou_context_get_scope (self->context);
}

static BansouCatalog *
catalog (BansouTrendsPage *self)
{
  return bansou_survey_get_catalog (self->survey);
}

double
_bansou_trends_page_question_rate (BansouTrendsPage *self,
                                   guint             round,
                                   guint             question)
{
  BansouScoreTable *table;

  if (self->tables == NULL || round >= self->tables->len || !(table = g_ptr_array_index (self->tables, round)))
    return BANSOU_NO_SCORE;
  return bansou_score_table_get_question_rate (table, question);
}

/* ------------------------------------------------------------------------ */
/* Charts                                                                   */

static void
create_charts (BansouTrendsPage *self)
{
  BansouCatalog *cat = catalog (self);
  guint n = bansou_catalog_get_n_categories (cat);
  GtkWidget *legend, *line;
  g_autofree char *markup = NULL;

  for (guint i = 0; i <= n; i++)
    {
      GtkWidget *chart = bansou_trend_chart_new ();

      bansou_trend_chart_set_title (BANSOU_TREND_CHART (chart),
                                    i == 0 ? _("Overall") : bansou_category_get_label (bansou_catalog_get_category (cat, i - 1)));
      gtk_widget_add_css_class (chart, "card");
      gtk_widget_add_css_class (chart, "trend-card");
      gtk_grid_attach (self->charts_grid, chart, i % N_CHART_COLUMNS, i / N_CHART_COLUMNS, 1, 1);
      g_ptr_array_add (self->charts, chart);
    }

  /* The legend takes the last cell. */
  legend = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_valign (legend, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (legend, "trend-legend");
  line = gtk_label_new (NULL);
  markup = g_strdup_printf ("<span foreground=\"#0072b2\" weight=\"bold\">━━●━━</span>  %s", _("The body’s score"));
  gtk_label_set_markup (GTK_LABEL (line), markup);
  gtk_label_set_xalign (GTK_LABEL (line), 0);
  gtk_box_append (GTK_BOX (legend), line);
  line = gtk_label_new (NULL);
  g_free (markup);
  markup = g_strdup_printf ("<span alpha=\"55%%\">╌╌□╌╌</span>  %s", _("The prefecture’s mean"));
  gtk_label_set_markup (GTK_LABEL (line), markup);
  gtk_label_set_xalign (GTK_LABEL (line), 0);
  gtk_box_append (GTK_BOX (legend), line);
  line = gtk_label_new (_("Scores count implemented 1, partly ½, not implemented 0; not applicable and unanswered are left out. ▲▼: points since the round before."));
  gtk_label_set_wrap (GTK_LABEL (line), TRUE);
  gtk_label_set_xalign (GTK_LABEL (line), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (line), 30);
  gtk_widget_add_css_class (line, "caption");
  gtk_widget_add_css_class (line, "dim-label");
  gtk_box_append (GTK_BOX (legend), line);
  gtk_grid_attach (self->charts_grid, legend, (n + 1) % N_CHART_COLUMNS, (n + 1) / N_CHART_COLUMNS, 1, 1);
}

static void
update_charts (BansouTrendsPage *self)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  guint n_rounds = self->rounds->len;
  guint n_categories = bansou_catalog_get_n_categories (catalog (self));
  g_autofree double *values = g_new0 (double, MAX (n_rounds, 1));
  g_autofree double *reference = g_new0 (double, MAX (n_rounds, 1));

  if (self->body_code != NULL &&
      !(history = bansou_score_body_history (self->survey, self->body_code, &error)))
    g_warning ("Year over year for %s: %s", self->body_code, error->message);

  for (guint c = 0; c <= n_categories; c++)
    {
      for (guint r = 0; r < n_rounds; r++)
        {
          BansouScoreTable *table = g_ptr_array_index (self->tables, r);
          double prefecture = c == 0 ? bansou_score_table_get_overall_score (table)
                                     : bansou_score_table_get_category_score (table, c - 1);

          reference[r] = prefecture;
          if (self->body_code == NULL)
            values[r] = prefecture;
          else if (history != NULL && r < history->len)
            {
              BansouBodyTrend *t = g_ptr_array_index (history, r);
              values[r] = c == 0 ? t->overall : t->categories[c - 1];
            }
          else
            values[r] = BANSOU_NO_SCORE;
        }

      bansou_trend_chart_set_data (g_ptr_array_index (self->charts, c), n_rounds,
                                   (const char * const *) self->rounds->pdata, values,
                                   self->body_code ? reference : NULL);
    }
}

static void
update_body_detail (BansouTrendsPage *self)
{
  if (self->body_code == NULL)
    {
      g_autofree char *name = bansou_context_dup_scope_name (self->context);
      g_autofree char *text = g_strdup_printf (_("The mean of every body in %s"), name ? name : "");
      gtk_label_set_label (self->body_detail_label, text);
      return;
    }

  {
    BansouBody *body = g_hash_table_lookup (self->bodies, self->body_code);

    if (body != NULL)
      {
        g_autofree char *text = g_strdup_printf ("%s · %s", bansou_body_get_code (body),
                                                 bansou_body_get_kind_label (body));
        gtk_label_set_label (self->body_detail_label, text);
      }
  }
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                  */

static void
update_body_button (BansouTrendsPage *self)
{
  BansouBody *body = self->body_code ? g_hash_table_lookup (self->bodies, self->body_code) : NULL;
  g_autofree char *scope_name = NULL;
  g_autofree char *whole = NULL;

  if (body != NULL)
    {
      gtk_menu_button_set_label (self->body_button, bansou_body_get_name (body));
      return;
    }
  scope_name = bansou_context_dup_scope_name (self->context);
  /* TRANSLATORS: the first entry of the body chooser: %s is a prefecture, or the nation */
  whole = g_strdup_printf (_("%s as a whole"), scope_name ? scope_name : "");
  gtk_menu_button_set_label (self->body_button, whole);
}

static void
fill_bodies (BansouTrendsPage *self)
{
  g_autoptr(GListModel) bodies = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  g_hash_table_remove_all (self->bodies);
  if (scope (self) != NULL)
    bodies = bansou_survey_list_bodies (self->survey, scope (self), NULL);

  g_ptr_array_add (codes, (gpointer) "");
  for (guint i = 0, n = bodies ? g_list_model_get_n_items (bodies) : 0; i < n; i++)
    {
      BansouBody *body = g_list_model_get_item (bodies, i);

      g_hash_table_insert (self->bodies, g_strdup (bansou_body_get_code (body)), body);
      g_ptr_array_add (codes, (gpointer) bansou_body_get_code (body));
    }
  g_ptr_array_add (codes, NULL);

  gtk_string_list_splice (self->codes, 0, g_list_model_get_n_items (G_LIST_MODEL (self->codes)),
                          (const char * const *) codes->pdata);

  if (self->body_code != NULL && !g_hash_table_contains (self->bodies, self->body_code))
    g_clear_pointer (&self->body_code, g_free);
  update_body_button (self);
}

static void
reload (BansouTrendsPage *self)
{
  GListModel *rounds = bansou_survey_get_rounds (self->survey);
  guint n = g_list_model_get_n_items (rounds);
  gboolean rounds_changed = n != self->rounds->len;
  g_autofree char *heading = NULL;
  g_autofree char *note = NULL;
  g_autofree char *scope_name = NULL;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->dirty = FALSE;

  if (scope (self) == NULL || n == 0)
    {
      gtk_stack_set_visible_child_name (self->main_stack, scope (self) == NULL ? "no-scope" : "no-rounds");
      g_ptr_array_set_size (self->rounds, 0);
      g_ptr_array_set_size (self->tables, 0);
      _bansou_trends_page_rebuild_round_columns (self);
      return;
    }
  gtk_stack_set_visible_child_name (self->main_stack, "trends");

  for (guint r = 0; r < n && !rounds_changed; r++)
    {
      g_autoptr(BansouRound) round = g_list_model_get_item (rounds, r);
      rounds_changed = g_strcmp0 (bansou_round_get_id (round), g_ptr_array_index (self->rounds, r)) != 0;
    }

  g_ptr_array_set_size (self->rounds, 0);
  g_ptr_array_set_size (self->tables, 0);
  for (guint r = 0; r < n; r++)
    {
      g_autoptr(BansouRound) round = g_list_model_get_item (rounds, r);
      g_autoptr(GError) error = NULL;
      BansouScoreTable *table = bansou_score_table_new_for_round (self->survey, bansou_round_get_id (round),
                                                                  scope (self), &error);

      if (table == NULL)
        {
          g_warning ("Year over year, round %s: %s", bansou_round_get_id (round), error->message);
          continue;
        }
      g_ptr_array_add (self->rounds, g_strdup (bansou_round_get_id (round)));
      g_ptr_array_add (self->tables, table);
    }

  if (rounds_changed)
    _bansou_trends_page_rebuild_round_columns (self);

  scope_name = bansou_context_dup_scope_name (self->context);
  /* TRANSLATORS: %s is a prefecture, e.g. 広島県 */
  heading = g_strdup_printf (_("Implementation Rate per Question in %s"), scope_name ? scope_name : "");
  gtk_label_set_label (self->questions_heading, heading);
  note = g_strdup_printf (_("Implemented among counted answers; the mark on each bar is the national rate (%s)."),
                          bansou_catalog_get_baseline_source (catalog (self)));
  gtk_label_set_label (self->questions_note, note);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->questions_note), note);

  update_charts (self);
  update_body_detail (self);

  /* Rebind every row: the figures behind the cells changed. */
  {
    guint n_questions = g_list_model_get_n_items (G_LIST_MODEL (self->questions));
    g_list_model_items_changed (G_LIST_MODEL (self->questions), 0, n_questions, n_questions);
  }
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  BansouTrendsPage *self = user_data;

  self->reload_source = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

/* Edits on other pages change the latest round: read again once they
 * settle, and only while the page is on screen. */
static void
mark_dirty (BansouTrendsPage *self)
{
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->reload_source == 0)
    self->reload_source = g_timeout_add (300, reload_idle_cb, self);
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
choose_body (BansouTrendsPage *self,
             const char       *code)
{
  if (code != NULL && *code == '\0')
    code = NULL;
  if (g_strcmp0 (code, self->body_code) != 0)
    {
      g_free (self->body_code);
      self->body_code = g_strdup (code);
      if (self->tables->len > 0)
        update_charts (self);
    }
  update_body_detail (self);
  update_body_button (self);
}

static gboolean
body_filter_func (gpointer item,
                  gpointer user_data)
{
  BansouTrendsPage *self = user_data;
  const char *code = gtk_string_object_get_string (item);
  BansouBody *body;

  if (self->needle == NULL || *self->needle == '\0')
    return TRUE;
  body = g_hash_table_lookup (self->bodies, code);
  return body != NULL && bansou_body_matches (body, self->needle);
}

static void
body_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               BansouTrendsPage         *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *code = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (code, "dim-label");
  gtk_widget_add_css_class (code, "numeric");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), code);
  gtk_list_item_set_child (list_item, box);
}

static void
body_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              BansouTrendsPage         *self)
{
  const char *code = gtk_string_object_get_string (gtk_list_item_get_item (list_item));
  GtkWidget *name = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *code_label = gtk_widget_get_next_sibling (name);
  BansouBody *body = g_hash_table_lookup (self->bodies, code);

  if (body == NULL)
    {
      g_autofree char *scope_name = bansou_context_dup_scope_name (self->context);
      g_autofree char *whole = g_strdup_printf (_("%s as a whole"), scope_name ? scope_name : "");

      gtk_label_set_label (GTK_LABEL (name), whole);
      gtk_label_set_label (GTK_LABEL (code_label), "");
      return;
    }
  gtk_label_set_label (GTK_LABEL (name), bansou_body_get_name (body));
  gtk_label_set_label (GTK_LABEL (code_label), code);
}

static void
body_popover_show_cb (BansouTrendsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->body_search), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->body_search));
}

static void
body_search_changed_cb (BansouTrendsPage *self)
{
  g_free (self->needle);
  self->needle = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->body_search))));
  gtk_filter_changed (GTK_FILTER (self->body_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
body_list_activate_cb (BansouTrendsPage *self,
                       guint             position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->body_selection), position);

  if (item == NULL)
    return;
  gtk_popover_popdown (self->body_popover);
  choose_body (self, gtk_string_object_get_string (item));
}

/* Enter takes the first match. */
static void
body_search_activate_cb (BansouTrendsPage *self)
{
  body_search_changed_cb (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->body_selection)) > 0)
    body_list_activate_cb (self, 0);
}

static void
answer_changed_cb (BansouTrendsPage *self)
{
  mark_dirty (self);
}

static void
answers_reloaded_cb (BansouTrendsPage *self)
{
  mark_dirty (self);
}

static void
context_notify_scope_cb (BansouTrendsPage *self)
{
  fill_bodies (self);
  reload (self);
}

/* ------------------------------------------------------------------------ */

static void
bansou_trends_page_map (GtkWidget *widget)
{
  BansouTrendsPage *self = BANSOU_TRENDS_PAGE (widget);

  GTK_WIDGET_CLASS (bansou_trends_page_parent_class)->map (widget);

  if (self->dirty)
    reload (self);
}

static void
bansou_trends_page_constructed (GObject *object)
{
  BansouTrendsPage *self = (BansouTrendsPage *)object;
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  BansouCatalog *cat;

  G_OBJECT_CLASS (bansou_trends_page_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));
  self->survey = g_object_ref (bansou_context_get_survey (self->context));
  cat = catalog (self);

  for (guint i = 0, n = bansou_catalog_get_n_questions (cat); i < n; i++)
    gtk_string_list_append (self->questions, bansou_catalog_get_question (cat, i)->id);
  _bansou_trends_page_add_fixed_columns (self);
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->questions)),
                                    g_object_ref (gtk_column_view_get_sorter (self->question_view)));
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&sorted)));
  gtk_column_view_set_model (self->question_view, GTK_SELECTION_MODEL (selection));

  create_charts (self);

  g_signal_connect_object (self->survey, "answer-changed", G_CALLBACK (answer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->survey, "answers-reloaded", G_CALLBACK (answers_reloaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::scope", G_CALLBACK (context_notify_scope_cb), self, G_CONNECT_SWAPPED);

  fill_bodies (self);
  /* Read when first shown: most sessions start on another page. */
  self->dirty = TRUE;
  gtk_stack_set_visible_child_name (self->main_stack, bansou_survey_ui_stack_page (self->context, "trends"));
}

static void
bansou_trends_page_dispose (GObject *object)
{
  BansouTrendsPage *self = (BansouTrendsPage *)object;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->question_view != NULL)
    gtk_column_view_set_model (self->question_view, NULL);
  g_clear_object (&self->questions);
  if (self->body_list != NULL)
    gtk_list_view_set_model (self->body_list, NULL);
  g_clear_object (&self->body_selection);
  g_clear_object (&self->body_filter);
  g_clear_object (&self->codes);
  g_clear_object (&self->survey);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_trends_page_parent_class)->dispose (object);
}

static void
bansou_trends_page_finalize (GObject *object)
{
  BansouTrendsPage *self = (BansouTrendsPage *)object;

  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  g_clear_pointer (&self->tables, g_ptr_array_unref);
  g_clear_pointer (&self->bodies, g_hash_table_unref);
  g_clear_pointer (&self->needle, g_free);
  g_clear_pointer (&self->charts, g_ptr_array_unref);
  g_clear_pointer (&self->round_columns, g_ptr_array_unref);
  g_clear_pointer (&self->body_code, g_free);

  G_OBJECT_CLASS (bansou_trends_page_parent_class)->finalize (object);
}

static void
bansou_trends_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BansouTrendsPage *self = BANSOU_TRENDS_PAGE (object);

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
bansou_trends_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BansouTrendsPage *self = BANSOU_TRENDS_PAGE (object);

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
bansou_trends_page_class_init (BansouTrendsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bansou_trends_page_constructed;
  object_class->dispose = bansou_trends_page_dispose;
  object_class->finalize = bansou_trends_page_finalize;
  object_class->get_property = bansou_trends_page_get_property;
  object_class->set_property = bansou_trends_page_set_property;

  widget_class->map = bansou_trends_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-trends-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouTrendsPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouTrendsPage, body_button);
  gtk_widget_class_bind_template_child (widget_class, BansouTrendsPage, body_popover);
  gtk_widget_class_bind_template_child (widget_class, BansouTrendsPage, body_search);
  gtk_widget_class_bind_template_child (widget_class, BansouTrendsPage, body_list);
  gtk_widget_class_bind_template_child (widget_class, BansouTrendsPage, body_detail_label);
  gtk_widget_class_bind_template_child (widget_class, BansouTrendsPage, charts_grid);
  gtk_widget_class_bind_template_child (widget_class, BansouTrendsPage, questions_heading);
  gtk_widget_class_bind_template_child (widget_class, BansouTrendsPage, questions_note);
  gtk_widget_class_bind_template_child (widget_class, BansouTrendsPage, question_view);
  gtk_widget_class_bind_template_callback (widget_class, body_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, body_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, body_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, body_list_activate_cb);
}

static void
bansou_trends_page_init (BansouTrendsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rounds = g_ptr_array_new_with_free_func (g_free);
  self->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_score_table_unref);
  self->bodies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->charts = g_ptr_array_new ();
  self->round_columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->questions = gtk_string_list_new (NULL);

  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
    GtkFilterListModel *filtered;

    self->codes = gtk_string_list_new (NULL);
    self->body_filter = gtk_custom_filter_new (body_filter_func, self, NULL);
    filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->codes)),
                                          g_object_ref (GTK_FILTER (self->body_filter)));
    self->body_selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
    gtk_single_selection_set_autoselect (self->body_selection, FALSE);
    g_signal_connect (factory, "setup", G_CALLBACK (body_setup_cb), self);
    g_signal_connect (factory, "bind", G_CALLBACK (body_bind_cb), self);
    gtk_list_view_set_factory (self->body_list, factory);
    gtk_list_view_set_model (self->body_list, GTK_SELECTION_MODEL (self->body_selection));
    gtk_search_entry_set_key_capture_widget (self->body_search, GTK_WIDGET (self->body_list));
  }
}

/* ------------------------------------------------------------------------ */

BansouContext *
bansou_trends_page_get_context (BansouTrendsPage *self)
{
  g_return_val_if_fail (BANSOU_IS_TRENDS_PAGE (self), NULL);
  return self->context;
}

/**
 * bansou_trends_page_show_body:
 * @code: (nullable): a body's code, or %NULL for the prefecture as a whole
 *
 * Returns: %TRUE if the body is in the chooser and now shown
 */
gboolean
bansou_trends_page_show_body (BansouTrendsPage *self,
                              const char       *code)
{
  g_return_val_if_fail (BANSOU_IS_TRENDS_PAGE (self), FALSE);

  if (self->dirty)
    reload (self);
  if (code != NULL && !g_hash_table_contains (self->bodies, code))
    return FALSE;
  choose_body (self, code);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* For the tests                                                            */

BansouTrendChart *
_bansou_trends_page_get_chart (BansouTrendsPage *self,
                               guint             index)
{
  return index < self->charts->len ? g_ptr_array_index (self->charts, index) : NULL;
}

GtkColumnView *
_bansou_trends_page_get_question_view (BansouTrendsPage *self)
{
  return self->question_view;
}

double
_bansou_trends_page_get_rate (BansouTrendsPage *self,
                              guint             round,
                              guint             question)
{
  return _bansou_trends_page_question_rate (self, round, question);
}

void
_bansou_trends_page_flush (BansouTrendsPage *self)
{
  if (self->dirty)
    reload (self);
}
