/* bansou-support-page.c — 支援効果: did the support change the answers?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Shows the core's difference-in-differences (bansou-support-effect.h,
 * docs/support.md) for the prefecture, per expert, per body or per kind of
 * support, with the counts beside every figure and 参考値 where they are
 * small. The effect is computed again, in one go and in a worker thread,
 * when answers or support actions change while the page is on screen, or
 * when it is shown again.
 */
#define G_LOG_DOMAIN "bansou-support-page"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "bansou-support-item.h"
#include "bansou-support-page-private.h"
#include "bansou-ui-util.h"

struct _BansouSupportPage
{
  AdwBin                 parent_instance;

  BansouContext         *context;
  BansouSupportEffect   *effect;
  BansouSupportGrouping  grouping;
  guint                  n_computed;
  GCancellable          *cancellable;
  guint                  refresh_id;

  /* Template widgets */
  GtkStack              *main_stack;
  AdwStatusPage         *empty_page;
  GtkToggleButton       *prefecture_button;
  GtkToggleButton       *expert_button;
  GtkToggleButton       *body_button;
  GtkToggleButton       *kind_button;
  GtkLabel              *summary_label;
  GtkStack              *table_stack;
  GtkColumnView         *column_view;
  AdwStatusPage         *none_page;
  GtkLabel              *legend_label;
};

G_DEFINE_FINAL_TYPE (BansouSupportPage, bansou_support_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Cells                                                                    */

static const BansouSupportEffectRow *
item_row (gpointer item)
{
  return bansou_support_item_get_row (BANSOU_SUPPORT_ITEM (item));
}

static char *
format_rate (double value)
{
  if (value < 0)
    return g_strdup ("—");
  /* TRANSLATORS: a mean score in percent with one decimal, e.g. 62.5% */
  return g_strdup_printf (_("%.1f%%"), 100.0 * value);
}

static char *
format_change (double before,
               double after)
{
  g_autofree char *b = format_rate (before);
  g_autofree char *a = format_rate (after);

  /* TRANSLATORS: the score in the round before and in the round after */
  return g_strdup_printf (_("%s → %s"), b, a);
}

static GtkWidget *
create_text (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  return label;
}

static GtkWidget *
create_number (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
update_name (GtkLabel *label,
             gpointer  item)
{
  const BansouSupportEffectRow *row = item_row (item);

  gtk_label_set_text (label, row->label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), g_strcmp0 (row->key, row->label) != 0 ? row->key : NULL);
}

static void
set_count (GtkLabel *label,
           guint     n)
{
  g_autofree char *text = bansou_format_count (n);

  gtk_label_set_text (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), NULL);
}

static void
update_treated (GtkLabel *label,
                gpointer  item)
{
  set_count (label, item_row (item)->n_treated);
}

static void
update_control (GtkLabel *label,
                gpointer  item)
{
  set_count (label, item_row (item)->n_control);
}

static void
update_treated_change (GtkLabel *label,
                       gpointer  item)
{
  g_autofree char *text = format_change (item_row (item)->treated_before, item_row (item)->treated_after);

  gtk_label_set_text (label, text);
}

static void
update_control_change (GtkLabel *label,
                       gpointer  item)
{
  g_autofree char *text = format_change (item_row (item)->control_before, item_row (item)->control_after);

  gtk_label_set_text (label, text);
}

static void
update_did (GtkLabel *label,
            gpointer  item)
{
  const BansouSupportEffectRow *row = item_row (item);
  GtkWidget *widget = GTK_WIDGET (label);
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (widget, "success");
  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "dim-label");
  if (isnan (row->did))
    text = g_strdup ("—");
  else
    {
      /* TRANSLATORS: a difference in percentage points, e.g. +12.5 pt */
      text = g_strdup_printf (_("%+.1f pt"), row->did);
      /* Small counts are shown, not coloured: nobody should read them as a finding */
      if (row->small)
        gtk_widget_add_css_class (widget, "dim-label");
      else if (row->did >= 0.05)
        gtk_widget_add_css_class (widget, "success");
      else if (row->did <= -0.05)
        gtk_widget_add_css_class (widget, "error");
    }
  gtk_label_set_text (label, text);
}

static void
update_excluded (GtkLabel *label,
                 gpointer  item)
{
  const BansouSupportEffectRow *row = item_row (item);
  g_autofree char *text = bansou_format_count (row->n_excluded + row->n_uncompared + row->n_pending);
  g_autofree char *tip = NULL;

  /* TRANSLATORS: the reasons why supported pairs were left out of the comparison */
  tip = g_strdup_printf (_("No counted answer in one of the two rounds: %u\n"
                           "No unsupported body to compare with: %u\n"
                           "No round after the support yet: %u"),
                         row->n_excluded, row->n_uncompared, row->n_pending);
  gtk_label_set_text (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), tip);
}

/* The change of both groups on one 0–100 % axis: supported in blue,
 * comparison in grey, each an arrow from before to after (Okabe–Ito blue,
 * as the year-over-year page). */
typedef struct
{
  double tb, ta, cb, ca;
} ChartData;

static void
draw_arrow (cairo_t *cr,
            double   x0,
            double   x1,
            double   y)
{
  double dir = x1 >= x0 ? 1 : -1;

  cairo_set_line_width (cr, 1.5);
  cairo_arc (cr, x0, y, 3, 0, 2 * G_PI);
  cairo_stroke (cr);
  if (fabs (x1 - x0) > 6)
    {
      cairo_move_to (cr, x0 + dir * 3, y);
      cairo_line_to (cr, x1 - dir * 5, y);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);
      cairo_move_to (cr, x1, y);
      cairo_line_to (cr, x1 - dir * 7, y - 4.5);
      cairo_line_to (cr, x1 - dir * 7, y + 4.5);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  else
    {
      cairo_arc (cr, x1, y, 3, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
chart_draw_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  ChartData *data = g_object_get_data (G_OBJECT (area), "chart-data");
  GdkRGBA fg;
  double pad = 8, w = width - 2 * pad;

  if (data == NULL)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);

  /* The axis, with ticks at 0, 50 and 100 % */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
  cairo_rectangle (cr, pad, height / 2.0 - 0.5, w, 1);
  for (int i = 0; i <= 2; i++)
    cairo_rectangle (cr, round (pad + w * i / 2.0) - 0.5, 3, 1, height - 6);
  cairo_fill (cr);

  if (data->cb >= 0 && data->ca >= 0)
    {
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.45);
      draw_arrow (cr, pad + w * data->cb, pad + w * data->ca, height * 0.70);
    }
  if (data->tb >= 0 && data->ta >= 0)
    {
      cairo_set_source_rgb (cr, 0x00 / 255.0, 0x72 / 255.0, 0xb2 / 255.0);
      draw_arrow (cr, pad + w * data->tb, pad + w * data->ta, height * 0.30);
    }
}

static GtkWidget *
create_chart (void)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 200);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 28);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), chart_draw_cb, NULL, NULL);
  return area;
}

static void
update_chart (GtkWidget *area,
              gpointer   item)
{
  const BansouSupportEffectRow *row = item_row (item);
  ChartData *data = g_new (ChartData, 1);
  g_autofree char *t = format_change (row->treated_before, row->treated_after);
  g_autofree char *c = format_change (row->control_before, row->control_after);
  g_autofree char *tip = NULL;

  *data = (ChartData) { row->treated_before, row->treated_after, row->control_before, row->control_after };
  g_object_set_data_full (G_OBJECT (area), "chart-data", data, g_free);
  /* TRANSLATORS: the tooltip of the chart: the supported bodies' change, then the comparison's */
  tip = g_strdup_printf (_("Supported (blue): %s\nComparison (grey): %s"), t, c);
  gtk_widget_set_tooltip_text (area, tip);
  gtk_widget_queue_draw (area);
}

static GtkWidget *
create_flag (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "warning");
  gtk_widget_add_css_class (label, "caption-heading");
  return label;
}

static void
update_flag (GtkLabel *label,
             gpointer  item)
{
  const BansouSupportEffectRow *row = item_row (item);

  if (row->small)
    {
      g_autofree char *tip =
        g_strdup_printf (_("Fewer than %d supported or unsupported pairs: one body’s answer moves this figure "
                           "a lot. Read it as an indication only."), BANSOU_SUPPORT_SMALL_N);

      gtk_label_set_text (label, _("Indicative"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), tip);
    }
  else
    {
      gtk_label_set_text (label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), NULL);
    }
}

/* Sorters: the first column keeps the core's order (codes, names, kinds) */
static int
compare_position (gconstpointer a, gconstpointer b, gpointer data)
{
  guint pa = bansou_support_item_get_position ((gpointer) a);
  guint pb = bansou_support_item_get_position ((gpointer) b);

  return pa < pb ? -1 : pa > pb;
}

#define COMPARE_FIELD(name, expr)                                              \
  static int                                                                   \
  compare_##name (gconstpointer a, gconstpointer b, gpointer data)             \
  {                                                                            \
    const BansouSupportEffectRow *ra = item_row ((gpointer) a);                \
    const BansouSupportEffectRow *rb = item_row ((gpointer) b);                \
    double va = (expr (ra)), vb = (expr (rb));                                 \
    return va < vb ? -1 : va > vb;                                             \
  }

#define TREATED(r)  ((double) (r)->n_treated)
#define CONTROL(r)  ((double) (r)->n_control)
#define T_AFTER(r)  ((r)->treated_after - (r)->treated_before)
#define C_AFTER(r)  ((r)->control_after - (r)->control_before)
#define DID(r)      (isnan ((r)->did) ? -INFINITY : (r)->did)
#define EXCLUDED(r) ((double) ((r)->n_excluded + (r)->n_uncompared + (r)->n_pending))
#define SMALL(r)    ((double) (r)->small)

COMPARE_FIELD (treated, TREATED)
COMPARE_FIELD (control, CONTROL)
COMPARE_FIELD (treated_change, T_AFTER)
COMPARE_FIELD (control_change, C_AFTER)
COMPARE_FIELD (did, DID)
COMPARE_FIELD (excluded, EXCLUDED)
COMPARE_FIELD (small, SMALL)

static const BansouColumn columns[] = {
  { "name", N_("Name"), create_text, BANSOU_COLUMN_UPDATE (update_name), compare_position, TRUE },
  { "treated", N_("Supported Pairs"), create_number, BANSOU_COLUMN_UPDATE (update_treated), compare_treated },
  { "control", N_("Comparison Pairs"), create_number, BANSOU_COLUMN_UPDATE (update_control), compare_control },
  { "treated-change", N_("Supported: Before → After"), create_number,
    BANSOU_COLUMN_UPDATE (update_treated_change), compare_treated_change },
  { "control-change", N_("Comparison: Before → After"), create_number,
    BANSOU_COLUMN_UPDATE (update_control_change), compare_control_change },
  { "chart", N_("Change (0–100%)"), create_chart, BANSOU_COLUMN_UPDATE (update_chart), compare_treated_change },
  { "did", N_("Difference in Differences"), create_number, BANSOU_COLUMN_UPDATE (update_did), compare_did },
  { "excluded", N_("Excluded"), create_number, BANSOU_COLUMN_UPDATE (update_excluded), compare_excluded },
  { "small", N_("Note"), create_flag, BANSOU_COLUMN_UPDATE (update_flag), compare_small },
};

/* ------------------------------------------------------------------------ */
/* Showing                                                                  */

static GtkToggleButton *
grouping_button (BansouSupportPage     *self,
                 BansouSupportGrouping  grouping)
{
  switch (grouping)
    {
    case BANSOU_SUPPORT_BY_EXPERT:
      return self->expert_button;
    case BANSOU_SUPPORT_BY_BODY:
      return self->body_button;
    case BANSOU_SUPPORT_BY_KIND:
      return self->kind_button;
    case BANSOU_SUPPORT_BY_PREFECTURE:
    case BANSOU_SUPPORT_N_GROUPINGS:
    default:
      return self->prefecture_button;
    }
}

static void
show_rows (BansouSupportPage *self)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  guint n;

  if (self->effect == NULL || bansou_support_effect_get_n_actions (self->effect) == 0)
    {
      gtk_column_view_set_model (self->column_view, NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      return;
    }

  items = bansou_support_item_list (self->effect, self->grouping);
  n = g_list_model_get_n_items (items);
  sorted = gtk_sort_list_model_new (g_object_ref (items),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  if (n == 0)
    {
      const char *description = self->grouping == BANSOU_SUPPORT_BY_EXPERT
                                ? _("None of the recorded support actions is an expert’s visit.")
                                : _("No support action matches this view.");
      adw_status_page_set_description (self->none_page, description);
    }
  gtk_stack_set_visible_child_name (self->table_stack, n > 0 ? "table" : "none");
  gtk_stack_set_visible_child_name (self->main_stack, "effect");
}

static void
show_summary (BansouSupportPage *self)
{
  const BansouSupportEffectRow *total = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *legend = NULL;

  if (self->effect == NULL)
    return;

  for (guint i = 0, n = bansou_support_effect_get_n_rows (self->effect, BANSOU_SUPPORT_BY_PREFECTURE); i < n; i++)
    {
      const BansouSupportEffectRow *row = bansou_support_effect_get_row (self->effect, BANSOU_SUPPORT_BY_PREFECTURE, i);

      if (total == NULL || g_strcmp0 (row->key, bansou_context_get_scope (self->context)) == 0)
        total = row;
    }
  if (total != NULL && bansou_support_effect_get_n_rows (self->effect, BANSOU_SUPPORT_BY_PREFECTURE) == 1)
    {
      g_autofree char *targets = bansou_format_count (bansou_support_effect_get_n_actions (self->effect));
      g_autofree char *treated = bansou_format_count (total->n_treated);
      g_autofree char *control = bansou_format_count (total->n_control);

      /* TRANSLATORS: (body, question) targets of support actions, the pairs compared, and the comparison pairs */
      summary = g_strdup_printf (_("%s support targets recorded · %s pairs compared with %s unsupported"),
                                 targets, treated, control);
    }
  else
    {
      g_autofree char *targets = bansou_format_count (bansou_support_effect_get_n_actions (self->effect));

      summary = g_strdup_printf (_("%s support targets recorded"), targets);
    }
  gtk_label_set_text (self->summary_label, summary);

  legend = g_strdup_printf (_("For each body and question a support action targeted, the score in the last round "
                              "on or before the support is compared with the next round (実施済み 1, 一部実施 ½, "
                              "未実施 0; 対象外 and 未回答 are left out), against the same questions in bodies of the "
                              "same prefecture that got no support on them in between. Difference in differences: "
                              "the change of the supported minus that of the comparison, in percentage points. "
                              "It shows what moved, not what caused it. Indicative: fewer than %d supported or "
                              "comparison pairs."),
                            BANSOU_SUPPORT_SMALL_N);
  gtk_label_set_text (self->legend_label, legend);
}

static void
compute_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BansouSupportPage) self = user_data;
  g_autoptr(GError) error = NULL;
  BansouSupportEffect *effect = bansou_support_effect_compute_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a newer computation is on its way, or the page is gone */

  g_clear_object (&self->cancellable);
  self->n_computed++;
  g_clear_pointer (&self->effect, bansou_support_effect_unref);
  self->effect = effect;
  if (effect == NULL)
    {
      g_autofree char *message = bansou_ui_error_message (error);

      adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->empty_page, _("Cannot Compute the Effect of Support"));
      adw_status_page_set_description (self->empty_page, message);
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "system-users-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Support Recorded Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Expert visits, joint procurements and consultations appear here once "
                                         "they are recorded. For the questions each one targeted, the page then "
                                         "compares the answers in the round before with the next round, against "
                                         "bodies of the prefecture that got no support on those questions."));
    }
  show_summary (self);
  show_rows (self);
}

/* Computes the effect again for the context's scope, in a worker thread:
 * tens of milliseconds for a prefecture, about a second for a national
 * desk with a year of visits (docs/benchmarks.md). What is shown stays
 * until the new figures arrive. */
static void
refresh (BansouSupportPage *self)
{
  BansouSupportQuery query = { .any_kind = TRUE };
  const char *scope = bansou_context_get_scope (self->context);

  if (scope != NULL && !bansou_context_is_national (self->context))
    query.prefecture = scope;
  /* A national desk sees one row per prefecture in the first view */
  gtk_button_set_label (GTK_BUTTON (self->prefecture_button),
                        bansou_context_is_national (self->context) ? _("By Prefecture") : _("Whole Prefecture"));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  bansou_support_effect_compute_async (bansou_context_get_store (self->context), &query, self->cancellable,
                                       compute_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
grouping_toggled_cb (BansouSupportPage *self,
                     GtkToggleButton   *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  for (guint g = 0; g < BANSOU_SUPPORT_N_GROUPINGS; g++)
    if (grouping_button (self, g) == button)
      {
        self->grouping = g;
        break;
      }
  show_rows (self);
}

static void
context_notify_scope_cb (BansouSupportPage *self,
                         GParamSpec        *pspec,
                         BansouContext     *context)
{
  refresh (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  BansouSupportPage *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* Answers and support actions change on other pages: compute again once
 * the edits settle if the page is on screen; otherwise map does it. */
static void
changed_cb (BansouSupportPage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (300, refresh_cb, self);
}

/* Support is also recorded outside the app (bansouctl, a second window):
 * compute again whenever the page is shown. */
static void
bansou_support_page_map (GtkWidget *widget)
{
  BansouSupportPage *self = BANSOU_SUPPORT_PAGE (widget);

  GTK_WIDGET_CLASS (bansou_support_page_parent_class)->map (widget);

  refresh (self);
}

/* ------------------------------------------------------------------------ */

static void
bansou_support_page_constructed (GObject *object)
{
  BansouSupportPage *self = (BansouSupportPage *)object;
  BansouSurvey *survey;

  G_OBJECT_CLASS (bansou_support_page_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));

  bansou_ui_column_view_add_columns (self->column_view, columns, G_N_ELEMENTS (columns));
  /* The figures keep their width; the name takes what is left */
  {
    GListModel *list = gtk_column_view_get_columns (self->column_view);
    static const int widths[G_N_ELEMENTS (columns)] = { -1, 90, 90, 170, 170, 220, 110, 70, 80 };

    for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
      if (widths[i] > 0)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (list, i);
          gtk_column_view_column_set_fixed_width (column, widths[i]);
        }
  }

  g_signal_connect_object (self->context, "notify::scope",
                           G_CALLBACK (context_notify_scope_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "support-changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  if ((survey = bansou_context_get_survey (self->context)))
    {
      static const char * const signals[] = { "answer-changed", "answers-reloaded" };

      for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
        g_signal_connect_object (survey, signals[i], G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (bansou_survey_get_rounds (survey), "items-changed",
                               G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
    }
  refresh (self);
}

static void
bansou_support_page_dispose (GObject *object)
{
  BansouSupportPage *self = (BansouSupportPage *)object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_pointer (&self->effect, bansou_support_effect_unref);
  g_clear_object (&self->context);

  /* No gtk_widget_dispose_template (): main_stack is the AdwBin's child,
   * which AdwBin unparents itself (as the year-over-year page) */

  G_OBJECT_CLASS (bansou_support_page_parent_class)->dispose (object);
}

static void
bansou_support_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BansouSupportPage *self = BANSOU_SUPPORT_PAGE (object);

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
bansou_support_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BansouSupportPage *self = BANSOU_SUPPORT_PAGE (object);

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
bansou_support_page_class_init (BansouSupportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bansou_support_page_constructed;
  object_class->dispose = bansou_support_page_dispose;
  object_class->get_property = bansou_support_page_get_property;
  object_class->set_property = bansou_support_page_set_property;

  widget_class->map = bansou_support_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-support-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouSupportPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouSupportPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BansouSupportPage, prefecture_button);
  gtk_widget_class_bind_template_child (widget_class, BansouSupportPage, expert_button);
  gtk_widget_class_bind_template_child (widget_class, BansouSupportPage, body_button);
  gtk_widget_class_bind_template_child (widget_class, BansouSupportPage, kind_button);
  gtk_widget_class_bind_template_child (widget_class, BansouSupportPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BansouSupportPage, table_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouSupportPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, BansouSupportPage, none_page);
  gtk_widget_class_bind_template_child (widget_class, BansouSupportPage, legend_label);
  gtk_widget_class_bind_template_callback (widget_class, grouping_toggled_cb);
}

static void
bansou_support_page_init (BansouSupportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BansouContext *
bansou_support_page_get_context (BansouSupportPage *self)
{
  g_return_val_if_fail (BANSOU_IS_SUPPORT_PAGE (self), NULL);
  return self->context;
}

/* ------------------------------------------------------------------------ */
/* For the tests                                                            */

BansouSupportEffect *
_bansou_support_page_get_effect (BansouSupportPage *self)
{
  return self->effect;
}

const char *
_bansou_support_page_get_visible (BansouSupportPage *self)
{
  const char *main = gtk_stack_get_visible_child_name (self->main_stack);

  if (g_strcmp0 (main, "effect") == 0)
    return gtk_stack_get_visible_child_name (self->table_stack);
  return main;
}

void
_bansou_support_page_set_grouping (BansouSupportPage     *self,
                                   BansouSupportGrouping  grouping)
{
  gtk_toggle_button_set_active (grouping_button (self, grouping), TRUE);
}

GtkColumnView *
_bansou_support_page_get_column_view (BansouSupportPage *self)
{
  return self->column_view;
}

guint
_bansou_support_page_get_n_computed (BansouSupportPage *self)
{
  return self->n_computed;
}
