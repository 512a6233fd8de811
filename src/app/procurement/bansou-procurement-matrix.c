/* bansou-procurement-matrix.c — participants × projects
 *
 * Bodies as rows, the projects of the ledger (as searched and sorted
 * there) as columns; a cell holds the body's share in yen and, below,
 * when it joined or left (or its days of the contract), tinted when it
 * takes part and dimmed once it has left. One BansouCellGrid draws what
 * is on screen: a prefecture's bodies × its projects is a few hundred by
 * a few hundred cells, and only the projects whose columns are in view
 * are split (the items split on demand). Enter, or a double click, opens
 * the project in the ledger.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-procurement-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-procurement-page-private.h"
#include "bansou-ui-util.h"

#define FROZEN 2   /* the body, its count of projects */

static void cursor_changed_cb (BansouProcurementPage *self);

typedef struct
{
  char  *code;
  char  *name;
  guint  n_projects;
} MatrixBody;

typedef struct
{
  GPtrArray  *projects;     /* BansouProcurementItem, as the ledger shows them */
  GArray     *bodies;       /* MatrixBody, by code */
  GPtrArray  *prefectures;  /* two digits, as in the dropdown after "all" */
  gboolean    dirty;
} Matrix;

static void
matrix_body_clear (gpointer data)
{
  MatrixBody *b = data;

  g_free (b->code);
  g_free (b->name);
}

static int
compare_bodies (gconstpointer a,
                gconstpointer b)
{
  return strcmp (((const MatrixBody *) a)->code, ((const MatrixBody *) b)->code);
}

static Matrix *
get_matrix (BansouProcurementPage *self)
{
  return g_object_get_data (G_OBJECT (self), "bansou-matrix");
}

static void
matrix_free (gpointer data)
{
  Matrix *m = data;

  g_clear_pointer (&m->projects, g_ptr_array_unref);
  g_clear_pointer (&m->bodies, g_array_unref);
  g_clear_pointer (&m->prefectures, g_ptr_array_unref);
  g_free (m);
}

/* The participant of @item that is @code, by a binary search: participants
 * are read by body code */
static int
participant_index (BansouProcurementItem *item,
                   const char            *code)
{
  const BansouProject *p = bansou_procurement_item_get_project (item);
  int lo = 0, hi = (int) p->participants->len - 1;

  while (lo <= hi)
    {
      int mid = (lo + hi) / 2;
      const BansouParticipant *pa = g_ptr_array_index (p->participants, mid);
      int c = strcmp (pa->body, code);

      if (c == 0)
        return mid;
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid - 1;
    }
  return -1;
}

static const BansouShareRow *
share_row (BansouProcurementItem *item,
           const char            *code)
{
  const BansouShareTable *t = bansou_procurement_item_get_shares (item);

  if (t == NULL)
    return NULL;
  for (int lo = 0, hi = (int) t->rows->len - 1; lo <= hi;)
    {
      int mid = (lo + hi) / 2;
      const BansouShareRow *row = &g_array_index (t->rows, BansouShareRow, mid);
      int c = strcmp (row->participant->body, code);

      if (c == 0)
        return row;
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid - 1;
    }
  return NULL;
}

/* R8.10.1: a cell is narrow; the status line below gives 令和8年10月1日 */
static char *
short_date (const char *iso)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
    return g_strdup ("");
  if (bansou_prefers_japanese () && (y > 2019 || (y == 2019 && m >= 5)))
    return g_strdup_printf ("R%d.%d.%d", y - 2018, m, d);
  return g_strdup (iso);
}

static gboolean
has_left (const BansouParticipant *pa)
{
  g_autoptr(GDate) today = NULL;
  g_autofree char *iso = NULL;

  if (pa->left_on == NULL)
    return FALSE;
  today = bansou_date_today ();
  iso = bansou_date_to_iso (today);
  return strcmp (pa->left_on, iso) < 0;
}

static char *
matrix_cell (gpointer         user_data,
             guint            row,
             guint            column,
             char           **detail,
             BansouCellFlags *flags)
{
  BansouProcurementPage *self = user_data;
  Matrix *m = get_matrix (self);
  const MatrixBody *body;
  BansouProcurementItem *item;
  const BansouParticipant *pa;
  const BansouShareRow *sr;
  int index;

  if (m == NULL || m->bodies == NULL || row >= m->bodies->len)
    return NULL;
  body = &g_array_index (m->bodies, MatrixBody, row);
  if (column == 0)
    {
      if (detail)
        *detail = g_strdup_printf ("%s %s", _bansou_procurement_page_prefecture_name (self, body->code), body->code);
      return g_strdup (body->name);
    }
  if (column == 1)
    /* Translators: in how many projects a body takes part, e.g. 3件 */
    return g_strdup_printf (g_dngettext (NULL, "%u project", "%u projects", body->n_projects), body->n_projects);

  if (column - FROZEN >= m->projects->len)
    return NULL;
  item = g_ptr_array_index (m->projects, column - FROZEN);
  if ((index = participant_index (item, body->code)) < 0)
    return NULL;
  pa = g_ptr_array_index (bansou_procurement_item_get_project (item)->participants, index);
  sr = share_row (item, body->code);

  *flags |= BANSOU_CELL_FILLED;
  if (has_left (pa))
    *flags |= BANSOU_CELL_DIM;
  if (detail)
    {
      if (pa->joined_on || pa->left_on)
        {
          g_autofree char *from = short_date (pa->joined_on);
          g_autofree char *to = short_date (pa->left_on);
          *detail = g_strdup_printf ("%s〜%s", from, to);
        }
      else if (sr != NULL)
        *detail = bansou_share_table_format_days (bansou_procurement_item_get_shares (item), sr);
    }
  /* Translators: a body takes part but the cost cannot be split yet */
  return sr ? bansou_procurements_format_yen (sr->share) : g_strdup (_("Takes part"));
}

/* ------------------------------------------------------------------------ */

static void
rebuild (BansouProcurementPage *self)
{
  Matrix *m = get_matrix (self);
  GListModel *shown = G_LIST_MODEL (self->selection);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);   /* code → index + 1 */
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (BansouGridColumn));
  guint chosen = gtk_drop_down_get_selected (self->matrix_prefecture);
  const char *digits = chosen > 0 && chosen - 1 < m->prefectures->len
    ? g_ptr_array_index (m->prefectures, chosen - 1) : NULL;
  guint n = g_list_model_get_n_items (shown);
  BansouGridColumn body_columns[FROZEN] = {
    { _("Body"), 170, FALSE, FALSE },
    { _("Projects"), 80, TRUE, FALSE },
  };

  m->dirty = FALSE;
  g_clear_pointer (&m->projects, g_ptr_array_unref);
  g_clear_pointer (&m->bodies, g_array_unref);
  m->projects = g_ptr_array_new_with_free_func (g_object_unref);
  m->bodies = g_array_new (FALSE, TRUE, sizeof (MatrixBody));
  g_array_set_clear_func (m->bodies, matrix_body_clear);
  g_array_append_vals (columns, body_columns, FROZEN);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BansouProcurementItem) item = g_list_model_get_item (shown, i);
      const BansouProject *p = bansou_procurement_item_get_project (item);
      gboolean any = FALSE;

      for (guint k = 0; k < p->participants->len; k++)
        {
          const BansouParticipant *pa = g_ptr_array_index (p->participants, k);
          guint at;

          if (digits != NULL && strncmp (pa->body, digits, 2) != 0)
            continue;
          any = TRUE;
          if (!(at = GPOINTER_TO_UINT (g_hash_table_lookup (seen, pa->body))))
            {
              MatrixBody b = { g_strdup (pa->body), g_strdup (pa->name), 0 };
              g_array_append_val (m->bodies, b);
              at = m->bodies->len;
              g_hash_table_insert (seen, g_array_index (m->bodies, MatrixBody, at - 1).code, GUINT_TO_POINTER (at));
            }
          g_array_index (m->bodies, MatrixBody, at - 1).n_projects++;
        }
      /* A prefecture's matrix: its projects only */
      if (any || (digits == NULL && p->participants->len > 0))
        {
          BansouGridColumn c = { p->title, 140, TRUE, FALSE };
          g_array_append_val (columns, c);
          g_ptr_array_add (m->projects, g_object_ref (item));
        }
    }
  g_array_sort (m->bodies, compare_bodies);

  bansou_cell_grid_set_columns (self->matrix, (BansouGridColumn *) columns->data, columns->len, FROZEN);
  bansou_cell_grid_set_n_rows (self->matrix, m->bodies->len);
  bansou_cell_grid_invalidate (self->matrix);
  {
    g_autofree char *bodies = bansou_format_count (m->bodies->len);
    g_autofree char *projects = bansou_format_count (m->projects->len);
    g_autofree char *text = m->bodies->len == 0
      ? g_strdup (_("No body takes part in the projects shown."))
      /* Translators: the size of the participation matrix */
      : g_strdup_printf (_("%s bodies × %s projects"), bodies, projects);

    gtk_label_set_text (self->matrix_status, text);
    if (!bansou_cell_grid_get_cursor (self->matrix, NULL, NULL) && m->bodies->len > 0)
      bansou_cell_grid_set_cursor (self->matrix, 0, MIN (FROZEN, columns->len - 1));
    else if (m->bodies->len > 0)
      cursor_changed_cb (self);
  }
}

static gboolean
matrix_shown (BansouProcurementPage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "matrix") == 0;
}

static int
compare_digits (gconstpointer a,
                gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The prefectures whose bodies take part in some project */
static void
fill_prefectures (BansouProcurementPage *self)
{
  Matrix *m = get_matrix (self);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *items = G_LIST_MODEL (self->items);
  const char *scope = bansou_context_get_scope (self->context);
  guint select = 0;

  g_ptr_array_set_size (m->prefectures, 0);
  for (guint i = 0, n = g_list_model_get_n_items (items); i < n; i++)
    {
      g_autoptr(BansouProcurementItem) item = g_list_model_get_item (items, i);
      const BansouProject *p = bansou_procurement_item_get_project (item);

      for (guint k = 0; k < p->participants->len; k++)
        {
          const BansouParticipant *pa = g_ptr_array_index (p->participants, k);
          char *digits = g_strndup (pa->body, 2);

          if (g_hash_table_contains (seen, digits))
            g_free (digits);
          else
            {
              g_hash_table_add (seen, digits);
              g_ptr_array_add (m->prefectures, g_strdup (digits));
            }
        }
    }
  g_ptr_array_sort (m->prefectures, compare_digits);
  /* Translators: the matrix shows the bodies of every prefecture */
  gtk_string_list_append (names, _("All prefectures"));
  for (guint i = 0; i < m->prefectures->len; i++)
    {
      const char *digits = g_ptr_array_index (m->prefectures, i);

      gtk_string_list_append (names, _bansou_procurement_page_prefecture_name (self, digits));
      if (g_strcmp0 (digits, scope) == 0)
        select = i + 1;
    }
  g_object_set_data (G_OBJECT (self->matrix_prefecture), "bansou-filling", GINT_TO_POINTER (1));
  gtk_drop_down_set_model (self->matrix_prefecture, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->matrix_prefecture, select);
  g_object_set_data (G_OBJECT (self->matrix_prefecture), "bansou-filling", NULL);
}

/**
 * _bansou_procurement_matrix_invalidate:
 *
 * The ledger changed (read, edited, searched, sorted): the matrix is made
 * again when it is next shown, or now if it is.
 */
void
_bansou_procurement_matrix_invalidate (BansouProcurementPage *self)
{
  Matrix *m = get_matrix (self);

  if (m == NULL)
    return;
  m->dirty = TRUE;
  if (matrix_shown (self))
    rebuild (self);
}

static void
view_changed_cb (BansouProcurementPage *self)
{
  Matrix *m = get_matrix (self);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "matrix") != 0)
    return;
  if (m->prefectures->len == 0)
    fill_prefectures (self);
  if (m->dirty)
    rebuild (self);
}

static void
prefecture_changed_cb (BansouProcurementPage *self)
{
  Matrix *m = get_matrix (self);

  if (g_object_get_data (G_OBJECT (self->matrix_prefecture), "bansou-filling"))
    {
      m->dirty = TRUE;
      return;
    }
  m->dirty = TRUE;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "matrix") == 0)
    rebuild (self);
}

/* What the cursor is on, in full: 仙台市（宮城県）× 件名：負担額、参加日、離脱日、日数 */
static void
cursor_changed_cb (BansouProcurementPage *self)
{
  Matrix *m = get_matrix (self);
  guint row, column;
  const MatrixBody *body;
  BansouProcurementItem *item;
  const BansouProject *p;
  const BansouParticipant *pa;
  const BansouShareRow *sr;
  g_autoptr(GString) s = NULL;
  int index;

  if (!bansou_cell_grid_get_cursor (self->matrix, &row, &column) || m->bodies == NULL || row >= m->bodies->len)
    return;
  body = &g_array_index (m->bodies, MatrixBody, row);
  s = g_string_new (NULL);
  g_string_append_printf (s, "%s（%s）", body->name, _bansou_procurement_page_prefecture_name (self, body->code));
  if (column < FROZEN || column - FROZEN >= m->projects->len)
    {
      g_string_append_printf (s, _(": takes part in %u of the projects shown"), body->n_projects);
      gtk_label_set_text (self->matrix_status, s->str);
      return;
    }
  item = g_ptr_array_index (m->projects, column - FROZEN);
  p = bansou_procurement_item_get_project (item);
  g_string_append_printf (s, " × %s", p->title);
  if ((index = participant_index (item, body->code)) < 0)
    {
      g_string_append (s, _(": does not take part"));
      gtk_label_set_text (self->matrix_status, s->str);
      return;
    }
  pa = g_ptr_array_index (p->participants, index);
  sr = share_row (item, body->code);
  {
    g_autofree char *from = bansou_ui_format_date (pa->joined_on ? pa->joined_on : p->contract_start);
    g_autofree char *to = bansou_ui_format_date (pa->left_on ? pa->left_on : p->contract_end);
    g_autofree char *share = sr ? bansou_procurements_format_yen (sr->share) : NULL;
    g_autofree char *days = sr ? bansou_share_table_format_days (bansou_procurement_item_get_shares (item), sr) : NULL;

    if (share)
      /* Translators: a body's share in a project */
      g_string_append_printf (s, _(": share %s"), share);
    else
      g_string_append (s, _(": takes part (the cost cannot be split yet)"));
    if (*from || *to)
      /* Translators: the days a body takes part, from – to */
      g_string_append_printf (s, _(", from %s to %s"), *from ? from : "—", *to ? to : "—");
    if (days && *days)
      g_string_append_printf (s, _(", %s"), days);
  }
  gtk_label_set_text (self->matrix_status, s->str);
}

static void
activate_cb (BansouProcurementPage *self,
             guint                  row,
             guint                  column)
{
  Matrix *m = get_matrix (self);
  BansouProcurementItem *item;
  g_autofree char *id = NULL;

  if (column < FROZEN || column - FROZEN >= m->projects->len)
    return;
  item = g_ptr_array_index (m->projects, column - FROZEN);
  id = g_strdup (bansou_procurement_item_get_id (item));
  gtk_stack_set_visible_child_name (self->view_stack, "projects");
  bansou_procurement_page_select (self, id);
  gtk_widget_grab_focus (GTK_WIDGET (self->ledger_view));
}

static void
shown_changed_cb (BansouProcurementPage *self)
{
  _bansou_procurement_matrix_invalidate (self);
}

static void
ledger_read_cb (BansouProcurementPage *self)
{
  Matrix *m = get_matrix (self);

  /* New projects may bring bodies of other prefectures */
  g_ptr_array_set_size (m->prefectures, 0);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "matrix") == 0)
    fill_prefectures (self);
}

void
_bansou_procurement_matrix_init (BansouProcurementPage *self)
{
  Matrix *m = g_new0 (Matrix, 1);

  m->prefectures = g_ptr_array_new_with_free_func (g_free);
  m->dirty = TRUE;
  g_object_set_data_full (G_OBJECT (self), "bansou-matrix", m, matrix_free);

  bansou_cell_grid_set_two_lines (self->matrix, TRUE);
  bansou_cell_grid_set_func (self->matrix, matrix_cell, self, NULL);
  g_signal_connect_object (self->matrix, "cursor-changed", G_CALLBACK (cursor_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->matrix, "activate", G_CALLBACK (activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child", G_CALLBACK (view_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->matrix_prefecture, "notify::selected", G_CALLBACK (prefecture_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (shown_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->items, "items-changed", G_CALLBACK (ledger_read_cb), self, G_CONNECT_SWAPPED);
}

void
_bansou_procurement_matrix_dispose (BansouProcurementPage *self)
{
  if (self->matrix != NULL)
    bansou_cell_grid_set_func (self->matrix, NULL, NULL, NULL);
  g_object_set_data (G_OBJECT (self), "bansou-matrix", NULL);
}
