/* bansou-heatmap-view-tooltip.c — tooltips and the accessible description of a cell
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-heatmap"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-heatmap-view-private.h"

static char *
format_percent (double score)
{
  if (score < 0)
    return g_strdup (_("no data"));
  return g_strdup_printf ("%.0f%%", score * 100);
}

static guint
column_question (BansouHeatmapView *self,
                 guint              column,
                 gboolean          *is_category)
{
  guint v = bansou_heatmap_model_get_column (self->model, column);

  *is_category = bansou_heatmap_model_get_columns_mode (self->model) == BANSOU_HEATMAP_COLUMNS_CATEGORIES;
  return v;
}

/* The question a column stands for: in the category mode, the category's
 * first question, where the editor opens that category. */
BansouQuestion *
_bansou_heatmap_view_column_first_question (BansouHeatmapView *self,
                                            guint              column)
{
  BansouCatalog *catalog = bansou_heatmap_model_get_catalog (self->model);
  gboolean is_category;
  guint v = column_question (self, column, &is_category);

  if (is_category)
    {
      BansouCategory *category = bansou_catalog_get_category (catalog, v);
      BansouMeasure *measure = g_ptr_array_index (category->measures, 0);

      return g_ptr_array_index (measure->questions, 0);
    }
  return bansou_catalog_get_question (catalog, v);
}

static const char *
column_title (BansouHeatmapView *self,
              guint              column)
{
  BansouCatalog *catalog = bansou_heatmap_model_get_catalog (self->model);
  gboolean is_category;
  guint v = column_question (self, column, &is_category);

  if (is_category)
    return bansou_category_get_label (bansou_catalog_get_category (catalog, v));
  return bansou_question_get_label (bansou_catalog_get_question (catalog, v));
}

/* Text for a cell, for the tooltip (markup) and for assistive technology
 * (plain). Everything comes from the model in memory. */
static char *
describe (BansouHeatmapView *self,
          BansouHeatmapArea  area,
          guint              row,
          guint              column,
          gboolean           markup)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *label = NULL;
  const char *bold_open = markup ? "<b>" : "";
  const char *bold_close = markup ? "</b>" : "";
  gboolean is_category = FALSE;

#define APPEND_ESCAPED(s) G_STMT_START { \
    if (markup) { g_autofree char *e_ = g_markup_escape_text ((s), -1); g_string_append (text, e_); } \
    else g_string_append (text, (s)); \
  } G_STMT_END

  if (area == BANSOU_HEATMAP_AREA_CELL || area == BANSOU_HEATMAP_AREA_SUMMARY ||
      area == BANSOU_HEATMAP_AREA_COLUMN_HEADER || area == BANSOU_HEATMAP_AREA_CATEGORY_HEADER)
    {
      column_question (self, column, &is_category);
      label = bansou_heatmap_model_dup_column_label (self->model, column);
    }

  switch (area)
    {
    case BANSOU_HEATMAP_AREA_CELL:
    case BANSOU_HEATMAP_AREA_ROW_LABEL:
      {
        guint index;
        BansouHeatmapRowKind kind = bansou_heatmap_model_get_row (self->model, row, &index);

        if (kind == BANSOU_HEATMAP_ROW_GROUP)
          {
            g_string_append (text, bold_open);
            APPEND_ESCAPED (bansou_heatmap_model_get_group_name (self->model, index));
            g_string_append (text, bold_close);
            if (area == BANSOU_HEATMAP_AREA_ROW_LABEL)
              {
                g_autofree char *pct = format_percent (bansou_heatmap_model_get_group_score (self->model, index));
                g_string_append_printf (text, "\n%s %s", _("Prefecture mean:"), pct);
              }
          }
        else
          {
            BansouBody *body = bansou_heatmap_model_get_body (self->model, index);

            g_string_append (text, bold_open);
            APPEND_ESCAPED (bansou_body_get_name (body));
            g_string_append (text, bold_close);
            g_string_append (text, " · ");
            APPEND_ESCAPED (bansou_body_get_kind_label (body));
            if (area == BANSOU_HEATMAP_AREA_ROW_LABEL)
              {
                g_autofree char *pct = format_percent (bansou_heatmap_model_get_body_score (self->model, index));
                g_string_append_printf (text, "\n%s %s", _("Overall score:"), pct);
              }
          }

        if (area == BANSOU_HEATMAP_AREA_CELL)
          {
            /* "5.3 <question>"; a category column is named once */
            g_string_append_printf (text, "\n%s%s", is_category ? "" : label, is_category ? "" : " ");
            APPEND_ESCAPED (column_title (self, column));

            if (kind == BANSOU_HEATMAP_ROW_BODY && !is_category)
              {
                guint q = bansou_heatmap_model_get_column (self->model, column);
                BansouStatus status = bansou_heatmap_model_get_status (self->model, index, q);
                const char *note = bansou_heatmap_model_get_note (self->model, index, q);

                g_string_append_printf (text, "\n%s %s%s%s", _("Status:"),
                                        bold_open, bansou_status_get_label (status), bold_close);
                if (bansou_heatmap_model_get_previous_round (self->model) != NULL)
                  g_string_append_printf (text, "\n%s %s", _("Previous round:"),
                                          bansou_status_get_label (bansou_heatmap_model_get_previous_status (self->model, index, q)));
                if (bansou_heatmap_model_get_carried (self->model, index, q))
                  g_string_append_printf (text, "\n%s", _("Carried over from the previous round, not confirmed yet"));
                if (note != NULL)
                  {
                    g_string_append_printf (text, "\n%s ", _("Note:"));
                    APPEND_ESCAPED (note);
                  }
              }
            else
              {
                g_autofree char *pct = format_percent (bansou_heatmap_model_get_cell_score (self->model, kind, index, column));
                g_string_append_printf (text, "\n%s %s%s%s", _("Score:"), bold_open, pct, bold_close);
              }
          }
      }
      break;

    case BANSOU_HEATMAP_AREA_SUMMARY:
    case BANSOU_HEATMAP_AREA_SUMMARY_LABEL:
      {
        BansouHeatmapRowKind kind = row == 0 ? BANSOU_HEATMAP_ROW_MEAN : BANSOU_HEATMAP_ROW_BASELINE;

        g_string_append (text, bold_open);
        if (row == 0)
          {
            g_autofree char *title = g_strdup_printf (_("%s mean"),
                                                      bansou_heatmap_model_get_scope_name (self->model));
            APPEND_ESCAPED (title);
          }
        else
          g_string_append (text, _("National baseline"));
        g_string_append (text, bold_close);

        if (area == BANSOU_HEATMAP_AREA_SUMMARY)
          {
            g_autofree char *pct = format_percent (bansou_heatmap_model_get_cell_score (self->model, kind, 0, column));

            /* "5.3 <question>"; a category column is named once */
            g_string_append_printf (text, "\n%s%s", is_category ? "" : label, is_category ? "" : " ");
            APPEND_ESCAPED (column_title (self, column));
            g_string_append_printf (text, "\n%s%s%s", bold_open, pct, bold_close);
          }
        else if (row == 0)
          g_string_append_printf (text, "\n%s", _("Every body in scope, whatever the filter shows"));
        else
          {
            const char *source = bansou_catalog_get_baseline_source (bansou_heatmap_model_get_catalog (self->model));
            g_string_append_c (text, '\n');
            APPEND_ESCAPED (source ? source : "");
          }
      }
      break;

    case BANSOU_HEATMAP_AREA_COLUMN_HEADER:
    case BANSOU_HEATMAP_AREA_CATEGORY_HEADER:
      {
        BansouCatalog *catalog = bansou_heatmap_model_get_catalog (self->model);
        guint category = bansou_heatmap_model_get_column_category (self->model, column);

        g_string_append (text, bold_open);
        APPEND_ESCAPED (bansou_category_get_label (bansou_catalog_get_category (catalog, category)));
        g_string_append (text, bold_close);
        if (area == BANSOU_HEATMAP_AREA_COLUMN_HEADER && !is_category)
          {
            g_autofree char *mean = format_percent (bansou_heatmap_model_get_cell_score (self->model, BANSOU_HEATMAP_ROW_MEAN, 0, column));
            g_autofree char *base = format_percent (bansou_heatmap_model_get_cell_score (self->model, BANSOU_HEATMAP_ROW_BASELINE, 0, column));

            /* "5.3 <question>"; a category column is named once */
            g_string_append_printf (text, "\n%s%s", is_category ? "" : label, is_category ? "" : " ");
            APPEND_ESCAPED (column_title (self, column));
            g_string_append_printf (text, "\n%s %s · %s %s", _("Mean:"), mean, _("Baseline:"), base);
          }
      }
      break;

    case BANSOU_HEATMAP_AREA_CORNER:
    case BANSOU_HEATMAP_AREA_NONE:
    default:
      return NULL;
    }

#undef APPEND_ESCAPED

  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
_bansou_heatmap_view_update_accessible (BansouHeatmapView *self)
{
  g_autofree char *text = NULL;

  if (self->model == NULL || self->focus_row >= _bansou_heatmap_view_n_rows (self) || self->focus_column >= _bansou_heatmap_view_n_columns (self))
    return;

  text = describe (self, BANSOU_HEATMAP_AREA_CELL, self->focus_row, self->focus_column, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

gboolean
_bansou_heatmap_view_query_tooltip (GtkWidget  *widget,
                                    int         x,
                                    int         y,
                                    gboolean    keyboard_tooltip,
                                    GtkTooltip *tooltip)
{
  BansouHeatmapView *self = BANSOU_HEATMAP_VIEW (widget);
  g_autofree char *markup = NULL;
  BansouHeatmapArea area;
  guint row = 0, column = 0;

  if (self->model == NULL)
    return FALSE;

  if (keyboard_tooltip)
    {
      area = BANSOU_HEATMAP_AREA_CELL;
      row = self->focus_row;
      column = self->focus_column;
      if (row >= _bansou_heatmap_view_n_rows (self) || column >= _bansou_heatmap_view_n_columns (self))
        return FALSE;
    }
  else
    area = bansou_heatmap_renderer_hit_test (self->renderer, _bansou_heatmap_view_hvalue (self), _bansou_heatmap_view_vvalue (self), x, y, &row, &column);

  if (!(markup = describe (self, area, row, column, TRUE)))
    return FALSE;

  if (area == BANSOU_HEATMAP_AREA_CELL)
    {
      cairo_rectangle_int_t cell;

      /* Ask again as soon as the pointer leaves this cell. */
      bansou_heatmap_renderer_get_cell_rect (self->renderer, _bansou_heatmap_view_hvalue (self), _bansou_heatmap_view_vvalue (self), row, column, &cell);
      gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { cell.x, cell.y, cell.width, cell.height });
    }

  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}
