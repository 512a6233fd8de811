/* bansou-heatmap-page.c — ヒートマップ: every body against every question
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A toolbar over a BansouHeatmapView in a scrolled window, and the legend
 * below it. The page owns the model: it loads a round when one is chosen
 * or first shown, applies single edits from the context's survey
 * (::answer-changed) without reading the database, and reads the round
 * again after bulk changes (::answers-reloaded).
 *
 * A national desk starts on one row per prefecture (the model's prefecture
 * rows mode): a click or Enter on a prefecture opens its bodies, the back
 * button or Escape returns, and the prefecture drop-down jumps to any of
 * the 47 directly.
 */
#define G_LOG_DOMAIN "bansou-heatmap"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-dispatch-dialogs.h"
#include "bansou-heatmap-page.h"
#include "bansou-heatmap-page-private.h"
#include "bansou-heatmap-render.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

struct _BansouHeatmapPage
{
  AdwBin                parent_instance;

  BansouContext        *context;
  BansouCatalog        *catalog;
  BansouHeatmapModel   *model;
  GPtrArray            *rounds;      /* BansouHeatmapRound, newest first */
  GtkFileChooserNative *chooser;
  BansouHeatmapFormat   export_format;
  gboolean              filling;     /* dropdowns being filled: not the user */
  gboolean              live;        /* a survey feeds edits in: no reload on map */
  gboolean              loaded;
  char                 *loaded_scope;  /* the scope the arrangement was set up for */

  /* Template widgets */
  GtkBox               *toolbar;
  GtkButton            *back_button;
  GtkDropDown          *prefecture_dropdown;
  GtkDropDown          *round_dropdown;
  GtkDropDown          *sort_dropdown;
  GtkToggleButton      *descending_button;
  GtkDropDown          *kind_dropdown;
  GtkToggleButton      *questions_button;
  GtkToggleButton      *categories_button;
  GtkToggleButton      *weakness_button;
  GtkButton            *reload_button;
  GtkStack             *stack;
  GtkScrolledWindow    *scroller;
  BansouHeatmapView    *view;
  AdwStatusPage        *error_page;
  GtkSeparator         *legend_separator;
  GtkDrawingArea       *legend;
};

G_DEFINE_FINAL_TYPE (BansouHeatmapPage, bansou_heatmap_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  OPEN_ANSWER,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *sort_labels[] = {
  [BANSOU_HEATMAP_SORT_SCORE] = N_("Score"),
  [BANSOU_HEATMAP_SORT_KIND]  = N_("Kind"),
  [BANSOU_HEATMAP_SORT_CODE]  = N_("Code"),
  [BANSOU_HEATMAP_SORT_NAME]  = N_("Name"),
};

#define BIT(kind) BANSOU_HEATMAP_KIND_BIT (BANSOU_BODY_KIND_##kind)

static const struct {
  const char *label;
  guint       kinds;
} kind_filters[] = {
  { N_("All kinds"),         BANSOU_HEATMAP_KINDS_ALL },
  { N_("Designated cities"), BIT (DESIGNATED_CITY) },
  { N_("Cities"),            BIT (CITY) },
  { N_("Towns"),             BIT (TOWN) },
  { N_("Villages"),          BIT (VILLAGE) },
  { N_("Special wards"),     BIT (SPECIAL_WARD) },
  { N_("Other bodies"),      BIT (PARTIAL_UNION) | BIT (WIDE_UNION) | BIT (ADMIN_AGENCY) | BIT (PUBLIC_UNIVERSITY) },
};

#undef BIT

/* ------------------------------------------------------------------------ */

static GtkStringList *
string_list_new_translated (const char * const *labels,
                            guint               n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, _(labels[i]));
  return list;
}

static void
toast (BansouHeatmapPage *self,
       const char        *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BANSOU_IS_WINDOW (root))
    bansou_window_add_toast (BANSOU_WINDOW (root), message);
  else
    g_message ("%s", message);
}

static void
set_error_description (BansouHeatmapPage *self,
                       const GError      *error)
{
  g_autofree char *text = bansou_ui_error_message (error);

  adw_status_page_set_description (self->error_page, text);
}

static const char *
selected_round (BansouHeatmapPage *self)
{
  guint i = gtk_drop_down_get_selected (self->round_dropdown);

  if (self->rounds == NULL || i >= self->rounds->len)
    return NULL;
  return ((BansouHeatmapRound *) g_ptr_array_index (self->rounds, i))->id;
}

static void
show (BansouHeatmapPage *self,
      const char        *name)
{
  gboolean heatmap = g_str_equal (name, "heatmap");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (GTK_WIDGET (self->legend), heatmap);
  gtk_widget_set_visible (GTK_WIDGET (self->legend_separator), heatmap);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "heatmap-page.export", heatmap);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "heatmap-page.zoom-in", heatmap);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "heatmap-page.zoom-out", heatmap);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "heatmap-page.zoom-reset", heatmap);

  /* The round list stays usable on an error page: another round may
   * load; reloading always is: a round may have been made elsewhere. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->toolbar));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_sensitive (child, heatmap || child == GTK_WIDGET (self->reload_button) ||
                                     (child == GTK_WIDGET (self->round_dropdown) && g_str_equal (name, "error")));
}

static void
apply_arrangement (BansouHeatmapPage *self)
{
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);

  if (self->model == NULL)
    return;

  bansou_heatmap_model_set_sort (self->model,
                                 MIN (sort, BANSOU_HEATMAP_SORT_NAME),
                                 gtk_toggle_button_get_active (self->descending_button));
  bansou_heatmap_model_set_kind_filter (self->model,
                                        kind < G_N_ELEMENTS (kind_filters) ? kind_filters[kind].kinds : 0);
  bansou_heatmap_model_set_columns_mode (self->model,
                                         gtk_toggle_button_get_active (self->categories_button) ?
                                         BANSOU_HEATMAP_COLUMNS_CATEGORIES : BANSOU_HEATMAP_COLUMNS_QUESTIONS);
  bansou_heatmap_model_set_sort_by_weakness (self->model,
                                             gtk_toggle_button_get_active (self->weakness_button));
}

/* ---- the national desk: prefectures and drilling down ------------------ */

static gboolean
national (BansouHeatmapPage *self)
{
  return self->model != NULL && bansou_heatmap_model_is_national (self->model);
}

static void
update_prefecture_controls (BansouHeatmapPage *self)
{
  gboolean nat = national (self);
  guint group = nat ? bansou_heatmap_model_get_group_filter (self->model) : BANSOU_HEATMAP_ALL_GROUPS;
  gboolean prefectures = nat &&
    bansou_heatmap_model_get_rows_mode (self->model) == BANSOU_HEATMAP_ROWS_PREFECTURES;
  gboolean drilled = nat && !prefectures && group != BANSOU_HEATMAP_ALL_GROUPS;

  gtk_widget_set_visible (GTK_WIDGET (self->prefecture_dropdown), nat);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), drilled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "heatmap-page.back", drilled);
  /* A prefecture's rates pool every kind of body. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), !prefectures);

  self->filling = TRUE;
  gtk_drop_down_set_selected (self->prefecture_dropdown,
                              drilled ? group + 1 : 0);
  self->filling = FALSE;
}

/* The drop-down lists "All prefectures" and then the model's groups in
 * code order, so item i + 1 is group i. */
static void
fill_prefecture_dropdown (BansouHeatmapPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, _("All Prefectures"));
  for (guint g = 0, n = self->model ? bansou_heatmap_model_get_n_groups (self->model) : 0; g < n; g++)
    gtk_string_list_append (names, bansou_heatmap_model_get_group_name (self->model, g));

  self->filling = TRUE;
  gtk_drop_down_set_model (self->prefecture_dropdown, G_LIST_MODEL (names));
  self->filling = FALSE;
}

static void
open_prefecture (BansouHeatmapPage *self,
                 guint              group)
{
  if (!national (self) || group >= bansou_heatmap_model_get_n_groups (self->model))
    return;

  bansou_heatmap_model_set_group_filter (self->model, group);
  bansou_heatmap_model_set_rows_mode (self->model, BANSOU_HEATMAP_ROWS_BODIES);
  update_prefecture_controls (self);
  /* Its heading row first, with the keyboard's focus there. */
  bansou_heatmap_view_set_focus_cell (self->view, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
show_prefectures (BansouHeatmapPage *self)
{
  guint group, row;

  if (!national (self))
    return;

  group = bansou_heatmap_model_get_group_filter (self->model);
  bansou_heatmap_model_set_rows_mode (self->model, BANSOU_HEATMAP_ROWS_PREFECTURES);
  bansou_heatmap_model_set_group_filter (self->model, BANSOU_HEATMAP_ALL_GROUPS);
  update_prefecture_controls (self);

  /* Back on the prefecture that was open. */
  if (group == BANSOU_HEATMAP_ALL_GROUPS ||
      !bansou_heatmap_model_find_group_row (self->model, group, &row))
    row = 0;
  bansou_heatmap_view_set_focus_cell (self->view, row, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* A new scope gets the arrangement it starts with: a nation folded into
 * its prefectures, a prefecture's bodies. */
static void
setup_scope (BansouHeatmapPage *self,
             const char        *scope)
{
  gboolean nat;

  if (g_strcmp0 (scope, self->loaded_scope) == 0)
    return;
  g_free (self->loaded_scope);
  self->loaded_scope = g_strdup (scope);

  nat = g_strcmp0 (scope, BANSOU_SCOPE_NATIONAL) == 0;
  bansou_heatmap_model_set_group_filter (self->model, BANSOU_HEATMAP_ALL_GROUPS);
  bansou_heatmap_model_set_rows_mode (self->model,
                                      nat ? BANSOU_HEATMAP_ROWS_PREFECTURES : BANSOU_HEATMAP_ROWS_BODIES);
}

static gboolean
load_round (BansouHeatmapPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *round = selected_round (self);
  const char *scope = bansou_context_get_scope (self->context);

  if (round == NULL || self->model == NULL)
    return FALSE;

  setup_scope (self, scope);
  if (!bansou_heatmap_model_load (self->model, round, scope, &error))
    {
      set_error_description (self, error);
      show (self, "error");
      return FALSE;
    }

  self->loaded = TRUE;
  fill_prefecture_dropdown (self);
  show (self, "heatmap");
  update_prefecture_controls (self);
  return TRUE;
}

/* Reads the rounds again, keeps the chosen one if it still exists, and
 * loads it. */
static gboolean
refresh (BansouHeatmapPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) labels = NULL;
  g_autofree char *previous = g_strdup (selected_round (self));
  BansouStore *store = bansou_context_get_store (self->context);
  guint selected = 0;

  if (bansou_context_get_scope (self->context) == NULL)
    {
      show (self, "no-scope");
      return FALSE;
    }

  if (self->catalog == NULL)
    {
      BansouCatalog *shared = bansou_context_get_catalog (self->context);

      if (shared != NULL)
        self->catalog = g_object_ref (shared);
      else if (!(self->catalog = bansou_catalog_load_active (store, &error)))
        {
          set_error_description (self, error);
          show (self, "error");
          return FALSE;
        }
      self->model = bansou_heatmap_model_new (bansou_context_get_registry (self->context), self->catalog);
      apply_arrangement (self);
      bansou_heatmap_view_set_model (self->view, self->model);
      bansou_heatmap_view_zoom_to_fit (self->view);
    }

  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  if (!(self->rounds = bansou_heatmap_list_rounds (store, &error)))
    {
      set_error_description (self, error);
      show (self, "error");
      return FALSE;
    }

  labels = gtk_string_list_new (NULL);
  for (guint i = 0; i < self->rounds->len; i++)
    {
      BansouHeatmapRound *round = g_ptr_array_index (self->rounds, i);
      g_autofree char *label = bansou_round_label (round->id);
      g_autofree char *text = NULL;

      if (round->demo)
        /* TRANSLATORS: a survey round filled with demo data */
        text = g_strdup_printf (_("%s (demo)"), label ? label : round->id);
      else
        text = g_strdup (label ? label : round->id);
      gtk_string_list_append (labels, text);
      if (g_strcmp0 (round->id, previous) == 0)
        selected = i;
    }

  self->filling = TRUE;
  gtk_drop_down_set_model (self->round_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->round_dropdown, selected);
  self->filling = FALSE;

  if (self->rounds->len == 0)
    {
      show (self, "no-rounds");
      return FALSE;
    }

  return load_round (self);
}

/* ---- callbacks --------------------------------------------------------- */

static void
round_notify_selected_cb (BansouHeatmapPage *self)
{
  if (!self->filling)
    load_round (self);
}

static void
arrangement_changed_cb (BansouHeatmapPage *self)
{
  gboolean was_categories = self->model &&
    bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_CATEGORIES;

  if (self->filling)
    return;
  apply_arrangement (self);
  if (self->model &&
      was_categories != (bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_CATEGORIES))
    bansou_heatmap_view_zoom_to_fit (self->view);
}

/* 派遣を依頼: the focused body's weak cells (未実施, 一部実施) become the
 * questions of a new request, the focused cell's among them. */
static void
request_dispatch_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BansouHeatmapPage *self = BANSOU_HEATMAP_PAGE (widget);
  g_autoptr(GPtrArray) questions = g_ptr_array_new ();
  guint row, column, body;
  BansouBody *b;

  if (self->model == NULL || bansou_context_is_national (self->context) ||
      !bansou_heatmap_view_get_focus_cell (self->view, &row, &column) ||
      bansou_heatmap_model_get_row (self->model, row, &body) != BANSOU_HEATMAP_ROW_BODY ||
      (b = bansou_heatmap_model_get_body (self->model, body)) == NULL)
    {
      bansou_show_message (widget, _("Choose a body's cell in the heatmap first."));
      return;
    }

  for (guint q = 0; q < bansou_heatmap_model_get_n_questions (self->model); q++)
    {
      BansouStatus status = bansou_heatmap_model_get_status (self->model, body, q);

      if (status == BANSOU_STATUS_NOT_DONE || status == BANSOU_STATUS_PARTIAL ||
          (bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_QUESTIONS &&
           q == bansou_heatmap_model_get_column (self->model, column)))
        g_ptr_array_add (questions, bansou_catalog_get_question (self->catalog, q)->id);
    }
  g_ptr_array_add (questions, NULL);
  bansou_request_dialog_new (widget, self->context, bansou_body_get_code (b),
                             (const char * const *) questions->pdata, BANSOU_REQUEST_SOURCE_HEATMAP);
}

static void
cell_activated_cb (BansouHeatmapPage *self,
                   const char        *body,
                   const char        *question)
{
  g_signal_emit (self, signals[OPEN_ANSWER], 0, body, question);
  /* The window opens the answer editor there, once it has one. */
  gtk_widget_activate_action (GTK_WIDGET (self), "window.open-answer", "(ss)", body, question);
}

static void
group_activated_cb (BansouHeatmapPage *self,
                    guint              group)
{
  /* From the prefecture rows, or a heading of the whole nation's list */
  if (national (self) && bansou_heatmap_model_get_group_filter (self->model) != group)
    open_prefecture (self, group);
}

static void
prefecture_notify_selected_cb (BansouHeatmapPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->prefecture_dropdown);

  if (self->filling || !national (self))
    return;
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    show_prefectures (self);
  else
    open_prefecture (self, selected - 1);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_prefectures (BANSOU_HEATMAP_PAGE (widget));
}

static void
legend_draw_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  BansouHeatmapPage *self = user_data;
  BansouHeatmapRenderer *renderer = bansou_heatmap_view_get_renderer (self->view);

  if (renderer != NULL)
    bansou_heatmap_renderer_draw_legend (renderer, cr, 0, 0, width);
}

static void
legend_resize_cb (BansouHeatmapPage *self,
                  int                width,
                  int                height)
{
  BansouHeatmapRenderer *renderer = bansou_heatmap_view_get_renderer (self->view);

  if (renderer != NULL)
    gtk_drawing_area_set_content_height (self->legend,
                                         bansou_heatmap_renderer_get_legend_height (renderer, width));
}

static void
context_notify_scope_cb (BansouHeatmapPage *self)
{
  refresh (self);
}

static void
survey_answer_changed_cb (GObject           *survey,
                          const char        *round,
                          const char        *body,
                          const char        *question,
                          guint              status,
                          BansouHeatmapPage *self)
{
  if (self->model && g_strcmp0 (round, bansou_heatmap_model_get_round (self->model)) == 0)
    bansou_heatmap_model_set_cell (self->model, body, question, status);
}

static void
survey_answers_reloaded_cb (GObject           *survey,
                            const char        *round,
                            BansouHeatmapPage *self)
{
  /* Read again now if shown, else when next shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
  else
    self->loaded = FALSE;
}

static void
export_response_cb (GtkNativeDialog   *dialog,
                    int                response,
                    BansouHeatmapPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouHeatmapRenderer) renderer = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      (path = g_file_get_path (file)) != NULL && self->model != NULL)
    {
      /* The same page bansouctl writes, independent of the view's zoom. */
      renderer = bansou_heatmap_renderer_new (self->model);
      bansou_heatmap_renderer_fit_width (renderer, 1600);
      if (bansou_heatmap_renderer_export (renderer, self->export_format, path, &error))
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *message = g_strdup_printf (_("Exported “%s”"), name);
          toast (self, message);
        }
      else
        {
          GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                     _("Could Not Export the Heatmap"), NULL);
          g_autofree char *text = bansou_ui_error_message (error);

          adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (alert), text);
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (alert));
        }
    }

  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BansouHeatmapPage *self = BANSOU_HEATMAP_PAGE (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  gboolean svg = g_str_equal (format, "svg");
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->model == NULL || self->chooser != NULL)
    return;

  self->export_format = svg ? BANSOU_HEATMAP_FORMAT_SVG : BANSOU_HEATMAP_FORMAT_PNG;
  self->chooser = gtk_file_chooser_native_new (svg ? _("Export Heatmap as SVG") : _("Export Heatmap as PNG"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (filter, svg ? _("SVG images") : _("PNG images"));
  gtk_file_filter_add_mime_type (filter, svg ? "image/svg+xml" : "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  /* TRANSLATORS: a file name: heatmap-<prefecture>-<round date>.png */
  name = g_strdup_printf (_("heatmap-%s-%s.%s"),
                          bansou_heatmap_model_get_scope_name (self->model),
                          bansou_heatmap_model_get_round (self->model),
                          svg ? "svg" : "png");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BansouHeatmapPage *self = BANSOU_HEATMAP_PAGE (widget);

  if (g_str_equal (action_name, "heatmap-page.zoom-in"))
    bansou_heatmap_view_zoom_in (self->view);
  else if (g_str_equal (action_name, "heatmap-page.zoom-out"))
    bansou_heatmap_view_zoom_out (self->view);
  else
    bansou_heatmap_view_set_zoom (self->view, BANSOU_HEATMAP_ZOOM_DEFAULT);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  refresh (BANSOU_HEATMAP_PAGE (widget));
}

/* ---- GObject ----------------------------------------------------------- */

static void
bansou_heatmap_page_map (GtkWidget *widget)
{
  BansouHeatmapPage *self = BANSOU_HEATMAP_PAGE (widget);

  GTK_WIDGET_CLASS (bansou_heatmap_page_parent_class)->map (widget);

  /* Without a survey feeding edits in, answers may have changed on other
   * pages: read again (a prefecture takes a few milliseconds, the nation
   * well under the 200 ms budget). */
  if (!self->live || !self->loaded)
    refresh (self);
}

static void
bansou_heatmap_page_constructed (GObject *object)
{
  BansouHeatmapPage *self = (BansouHeatmapPage *)object;

  G_OBJECT_CLASS (bansou_heatmap_page_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));
  g_signal_connect_object (self->context, "notify::scope",
                           G_CALLBACK (context_notify_scope_cb), self, G_CONNECT_SWAPPED);
  /* Edits made on other pages arrive one by one through the shared survey. */
  if (bansou_context_get_survey (self->context) != NULL)
    bansou_heatmap_page_connect_survey (self, G_OBJECT (bansou_context_get_survey (self->context)));
  /* Loading waits until the page is shown. */
}

static void
bansou_heatmap_page_dispose (GObject *object)
{
  BansouHeatmapPage *self = (BansouHeatmapPage *)object;

  if (self->chooser)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), BANSOU_TYPE_HEATMAP_PAGE);
  g_clear_object (&self->model);
  g_clear_object (&self->catalog);
  g_clear_object (&self->context);
  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_scope, g_free);

  G_OBJECT_CLASS (bansou_heatmap_page_parent_class)->dispose (object);
}

static void
bansou_heatmap_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BansouHeatmapPage *self = BANSOU_HEATMAP_PAGE (object);

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
bansou_heatmap_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BansouHeatmapPage *self = BANSOU_HEATMAP_PAGE (object);

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
bansou_heatmap_page_class_init (BansouHeatmapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bansou_heatmap_page_constructed;
  object_class->dispose = bansou_heatmap_page_dispose;
  object_class->get_property = bansou_heatmap_page_get_property;
  object_class->set_property = bansou_heatmap_page_set_property;

  widget_class->map = bansou_heatmap_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BansouHeatmapPage::open-answer:
   * @body: the body's code
   * @question: the question id
   *
   * A cell was activated. The page also activates `window.open-answer`
   * with `(ss)` when the window provides it.
   */
  signals[OPEN_ANSWER] =
    g_signal_new ("open-answer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (BANSOU_TYPE_HEATMAP_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-heatmap-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, prefecture_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, round_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, descending_button);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, questions_button);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, categories_button);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, weakness_button);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, reload_button);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, view);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, legend_separator);
  gtk_widget_class_bind_template_child (widget_class, BansouHeatmapPage, legend);
  gtk_widget_class_bind_template_callback (widget_class, round_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, arrangement_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, group_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, prefecture_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, legend_resize_cb);

  gtk_widget_class_install_action (widget_class, "heatmap-page.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "heatmap-page.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "heatmap-page.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "heatmap-page.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "heatmap-page.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "heatmap-page.request-dispatch", NULL, request_dispatch_action);
  gtk_widget_class_install_action (widget_class, "heatmap-page.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "heatmap-page.back", NULL);
}

static void
bansou_heatmap_page_init (BansouHeatmapPage *self)
{
  g_autoptr(GtkStringList) sorts = NULL;
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filling = TRUE;
  sorts = string_list_new_translated (sort_labels, G_N_ELEMENTS (sort_labels));
  gtk_drop_down_set_model (self->sort_dropdown, G_LIST_MODEL (sorts));
  for (guint i = 0; i < G_N_ELEMENTS (kind_filters); i++)
    gtk_string_list_append (kinds, _(kind_filters[i].label));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  self->filling = FALSE;

  gtk_drawing_area_set_draw_func (self->legend, legend_draw_cb, self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "heatmap-page.back", FALSE);
}

/* ---- public API -------------------------------------------------------- */

/**
 * bansou_heatmap_page_get_context:
 *
 * Returns: (transfer none): the context
 */
BansouContext *
bansou_heatmap_page_get_context (BansouHeatmapPage *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_PAGE (self), NULL);
  return self->context;
}

/**
 * bansou_heatmap_page_get_model:
 *
 * Returns: (transfer none) (nullable): the model, for applying edits
 */
BansouHeatmapModel *
bansou_heatmap_page_get_model (BansouHeatmapPage *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_PAGE (self), NULL);
  return self->model;
}

/**
 * bansou_heatmap_page_get_view:
 *
 * Returns: (transfer none): the heatmap widget
 */
BansouHeatmapView *
bansou_heatmap_page_get_view (BansouHeatmapPage *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_PAGE (self), NULL);
  return self->view;
}

/**
 * bansou_heatmap_page_reload:
 *
 * Reads the rounds and the chosen round again.
 *
 * Returns: %TRUE if a round is shown
 */
gboolean
bansou_heatmap_page_reload (BansouHeatmapPage *self)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_PAGE (self), FALSE);
  return refresh (self);
}

/**
 * bansou_heatmap_page_connect_survey:
 * @survey: a BansouSurvey
 *
 * Applies the survey's ::answer-changed to the model (no database read)
 * and reloads on ::answers-reloaded.
 */
void
bansou_heatmap_page_connect_survey (BansouHeatmapPage *self,
                                    GObject           *survey)
{
  g_return_if_fail (BANSOU_IS_HEATMAP_PAGE (self));
  g_return_if_fail (G_IS_OBJECT (survey));

  g_signal_connect_object (survey, "answer-changed", G_CALLBACK (survey_answer_changed_cb), self, 0);
  g_signal_connect_object (survey, "answers-reloaded", G_CALLBACK (survey_answers_reloaded_cb), self, 0);
  self->live = TRUE;
}

/* ---- for the tests ----------------------------------------------------- */

GtkWidget *
_bansou_heatmap_page_get_widget (BansouHeatmapPage *self,
                                 const char        *name)
{
  g_return_val_if_fail (BANSOU_IS_HEATMAP_PAGE (self), NULL);

  if (g_str_equal (name, "categories"))
    return GTK_WIDGET (self->categories_button);
  if (g_str_equal (name, "questions"))
    return GTK_WIDGET (self->questions_button);
  if (g_str_equal (name, "prefecture"))
    return GTK_WIDGET (self->prefecture_dropdown);
  if (g_str_equal (name, "back"))
    return GTK_WIDGET (self->back_button);
  if (g_str_equal (name, "kind"))
    return GTK_WIDGET (self->kind_dropdown);
  g_return_val_if_reached (NULL);
}
