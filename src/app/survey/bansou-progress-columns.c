/* bansou-progress-columns.c — the columns of the progress table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * One cell per column, made once and refilled from its BansouProgressItem
 * on bind and on the item's notify (bansou_ui_column_view_add_columns()),
 * and one sorter per column; ties fall back to the body code.
 */
#define G_LOG_DOMAIN "bansou-progress-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-progress-columns.h"
#include "bansou-progress-item.h"
#include "bansou-ui-util.h"

/* ------------------------------------------------------------------------ */
/* Cells                                                                    */

static GtkWidget *
create_text_cell (int nat_chars)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), nat_chars);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  return cell;
}

static GtkWidget *
create_code_cell (void)
{
  GtkWidget *cell = create_text_cell (7);

  gtk_widget_add_css_class (cell, "numeric");
  return cell;
}

static void
update_code_cell (GtkWidget          *cell,
                  BansouProgressItem *item)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), bansou_progress_item_get_code (item));
}

static GtkWidget *
create_name_cell (void)
{
  return create_text_cell (14);
}

static void
update_name_cell (GtkWidget          *cell,
                  BansouProgressItem *item)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), bansou_body_get_name (bansou_progress_item_get_body (item)));
}

static GtkWidget *
create_kind_cell (void)
{
  GtkWidget *cell = create_text_cell (13);

  gtk_widget_add_css_class (cell, "dim-label");
  return cell;
}

static void
update_kind_cell (GtkWidget          *cell,
                  BansouProgressItem *item)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), bansou_body_get_kind_label (bansou_progress_item_get_body (item)));
}

static GtkWidget *
create_state_cell (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_halign (label, GTK_ALIGN_START);
  return label;
}

static void
update_state_cell (GtkWidget          *cell,
                   BansouProgressItem *item)
{
  BansouProgress state = bansou_progress_item_get_state (item);
  const char *classes[] = { "progress-pill", "small", bansou_ui_progress_css_class (state), NULL };

  gtk_label_set_label (GTK_LABEL (cell), bansou_progress_get_label (state));
  gtk_widget_set_css_classes (cell, classes);
}

static GtkWidget *
create_assignee_cell (void)
{
  return create_text_cell (13);
}

static void
update_assignee_cell (GtkWidget          *cell,
                      BansouProgressItem *item)
{
  const char *assignee = bansou_progress_item_get_assignee (item);

  gtk_inscription_set_text (GTK_INSCRIPTION (cell), *assignee ? assignee : "—");
  if (*assignee)
    gtk_widget_remove_css_class (cell, "dim-label");
  else
    gtk_widget_add_css_class (cell, "dim-label");
}

static GtkWidget *
create_due_cell (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name ("task-past-due-symbolic");
  /* 令和8年12月31日: ten wide characters */
  GtkWidget *text = create_text_cell (21);

  gtk_widget_add_css_class (text, "numeric");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);
  return box;
}

static void
update_due_cell (GtkWidget          *cell,
                 BansouProgressItem *item)
{
  GtkWidget *icon = gtk_widget_get_first_child (cell);
  GtkWidget *text = gtk_widget_get_next_sibling (icon);
  g_autofree char *date = bansou_ui_format_date (bansou_progress_item_get_due (item));
  gboolean overdue = bansou_progress_item_is_overdue (item);

  gtk_inscription_set_text (GTK_INSCRIPTION (text), *date ? date : "—");
  gtk_widget_set_visible (icon, overdue);
  if (overdue)
    {
      gtk_widget_add_css_class (cell, "overdue");
      gtk_widget_set_tooltip_text (cell, _("Overdue"));
    }
  else
    {
      gtk_widget_remove_css_class (cell, "overdue");
      gtk_widget_set_tooltip_text (cell, bansou_progress_item_get_due (item));
    }
}

static GtkWidget *
create_unconfirmed_cell (void)
{
  GtkWidget *cell = create_text_cell (5);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 1.0);
  gtk_widget_add_css_class (cell, "numeric");
  return cell;
}

static void
update_unconfirmed_cell (GtkWidget          *cell,
                         BansouProgressItem *item)
{
  guint n = bansou_progress_item_get_unconfirmed (item);
  g_autofree char *text = n > 0 ? g_strdup_printf ("%u", n) : NULL;

  gtk_inscription_set_text (GTK_INSCRIPTION (cell), text ? text : "—");
  if (n > 0)
    gtk_widget_remove_css_class (cell, "dim-label");
  else
    gtk_widget_add_css_class (cell, "dim-label");
}

static GtkWidget *
create_score_cell (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
  GtkWidget *text = create_text_cell (4);

  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_widget_set_size_request (bar, 64, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (text), 1.0);
  gtk_widget_add_css_class (text, "numeric");
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), bar);
  return box;
}

static void
update_score_cell (GtkWidget          *cell,
                   BansouProgressItem *item)
{
  GtkWidget *text = gtk_widget_get_first_child (cell);
  GtkWidget *bar = gtk_widget_get_next_sibling (text);
  double score = bansou_progress_item_get_score (item);
  g_autofree char *label = bansou_ui_format_percent (score);

  gtk_inscription_set_text (GTK_INSCRIPTION (text), label);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), MAX (score, 0));
}

#define ORDER(x) ((x) < 0 ? GTK_ORDERING_SMALLER : (x) > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL)
#define ITEM(p) ((BansouProgressItem *) (p))

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (bansou_progress_item_get_code (ITEM (a)), bansou_progress_item_get_code (ITEM (b)));
}

static int
compare_code_cb (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return ORDER (compare_codes (a, b));
}

static int
compare_name_cb (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  int r = g_strcmp0 (bansou_body_get_kana (bansou_progress_item_get_body (ITEM (a))),
                     bansou_body_get_kana (bansou_progress_item_get_body (ITEM (b))));

  return ORDER (r != 0 ? r : compare_codes (a, b));
}

static int
compare_kind_cb (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  int r = (int) bansou_body_get_kind (bansou_progress_item_get_body (ITEM (a))) -
          (int) bansou_body_get_kind (bansou_progress_item_get_body (ITEM (b)));

  return ORDER (r != 0 ? r : compare_codes (a, b));
}

static int
compare_state_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  int r = (int) bansou_progress_item_get_state (ITEM (a)) - (int) bansou_progress_item_get_state (ITEM (b));

  return ORDER (r != 0 ? r : compare_codes (a, b));
}

/* Nobody assigned sorts last. */
static int
compare_assignee_cb (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const char *x = bansou_progress_item_get_assignee (ITEM (a));
  const char *y = bansou_progress_item_get_assignee (ITEM (b));
  int r = (*x == '\0') - (*y == '\0');

  if (r == 0)
    r = g_strcmp0 (x, y);
  return ORDER (r != 0 ? r : compare_codes (a, b));
}

/* No due date sorts last; ISO dates compare as strings. */
static int
compare_due_cb (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const char *x = bansou_progress_item_get_due (ITEM (a));
  const char *y = bansou_progress_item_get_due (ITEM (b));
  int r = (x == NULL) - (y == NULL);

  if (r == 0)
    r = g_strcmp0 (x, y);
  return ORDER (r != 0 ? r : compare_codes (a, b));
}

static int
compare_unconfirmed_cb (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  guint x = bansou_progress_item_get_unconfirmed (ITEM (a));
  guint y = bansou_progress_item_get_unconfirmed (ITEM (b));

  if (x != y)
    return x < y ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return ORDER (compare_codes (a, b));
}

static int
compare_score_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  double x = bansou_progress_item_get_score (ITEM (a));
  double y = bansou_progress_item_get_score (ITEM (b));

  if (x != y)
    return x < y ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return ORDER (compare_codes (a, b));
}

static const BansouColumn columns[] = {
  { "code",        N_("Code"),        create_code_cell,        BANSOU_COLUMN_UPDATE (update_code_cell),        compare_code_cb,        FALSE },
  { "name",        N_("Name"),        create_name_cell,        BANSOU_COLUMN_UPDATE (update_name_cell),        compare_name_cb,        TRUE },
  { "kind",        N_("Kind"),        create_kind_cell,        BANSOU_COLUMN_UPDATE (update_kind_cell),        compare_kind_cb,        FALSE },
  { "state",       N_("State"),       create_state_cell,       BANSOU_COLUMN_UPDATE (update_state_cell),       compare_state_cb,       FALSE },
  { "assignee",    N_("Assignee"),    create_assignee_cell,    BANSOU_COLUMN_UPDATE (update_assignee_cell),    compare_assignee_cb,    FALSE },
  { "due",         N_("Due"),         create_due_cell,         BANSOU_COLUMN_UPDATE (update_due_cell),         compare_due_cb,         FALSE },
  { "unconfirmed", N_("Unconfirmed"), create_unconfirmed_cell, BANSOU_COLUMN_UPDATE (update_unconfirmed_cell), compare_unconfirmed_cb, FALSE },
  { "score",       N_("Score"),       create_score_cell,       BANSOU_COLUMN_UPDATE (update_score_cell),       compare_score_cb,       FALSE },
};

/**
 * bansou_progress_columns_add:
 * @view: a column view whose model holds #BansouProgressItem
 *
 * Adds the columns of the progress table, each with its sorter.
 */
void
bansou_progress_columns_add (GtkColumnView *view)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  bansou_ui_column_view_add_columns (view, columns, G_N_ELEMENTS (columns));
}
