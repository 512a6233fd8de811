/* bansou-prefecture-dialog.c — which prefecture this desk serves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * 47 prefectures and the national desk: a list box is enough. The search
 * entry keeps the focus while the arrows move the selection, so "ひろしま"
 * then Enter is all it takes.
 */
#define G_LOG_DOMAIN "bansou-prefecture-dialog"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-prefecture-dialog.h"
#include "bansou-prefecture-dialog-private.h"
#include "bansou-ui-util.h"

struct _BansouPrefectureDialog
{
  AdwWindow       parent_instance;

  BansouContext  *context;
  gboolean        required;
  char           *needle;

  /* Template widgets */
  AdwHeaderBar   *header_bar;
  GtkButton      *cancel_button;
  GtkButton      *choose_button;
  GtkLabel       *intro_label;
  GtkSearchEntry *search_entry;
  GtkStack       *list_stack;
  GtkScrolledWindow *scroller;
  GtkListBox     *list_box;
  AdwStatusPage  *empty_page;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (BansouPrefectureDialog, bansou_prefecture_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_REQUIRED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GQuark body_quark;

/* What finds the national row: its name, reading, number and English. */
static const char national_key[] = "全国\nぜんこく\nゼンコク\n00\nnational\nnation";

/* ------------------------------------------------------------------------ */

static gboolean
row_matches (BansouPrefectureDialog *self,
             GtkListBoxRow          *row)
{
  BansouBody *body = g_object_get_qdata (G_OBJECT (row), body_quark);
  g_autofree char *folded = NULL;

  if (self->needle == NULL || *self->needle == '\0')
    return TRUE;
  if (body != NULL)
    return bansou_body_matches (body, self->needle);

  folded = g_utf8_casefold (self->needle, -1);
  return strstr (national_key, folded) != NULL;
}

static gboolean
filter_func (GtkListBoxRow *row,
             gpointer       user_data)
{
  return row_matches (user_data, row);
}

static void
scroll_to_row (BansouPrefectureDialog *self,
               GtkListBoxRow          *row)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_rect_t bounds;
  double value, page;

  if (!gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->list_box), &bounds))
    return;

  value = gtk_adjustment_get_value (adj);
  page = gtk_adjustment_get_page_size (adj);
  if (bounds.origin.y < value)
    gtk_adjustment_set_value (adj, bounds.origin.y);
  else if (bounds.origin.y + bounds.size.height > value + page)
    gtk_adjustment_set_value (adj, bounds.origin.y + bounds.size.height - page);
}

/* Selects the next visible row from the selected one in @direction
 * (+1, -1), or the first visible row for 0. */
static void
move_selection (BansouPrefectureDialog *self,
                int                     direction)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->list_box);
  int index = 0;
  GtkListBoxRow *row;

  if (direction != 0 && selected != NULL && row_matches (self, selected))
    index = gtk_list_box_row_get_index (selected) + direction;
  else
    direction = 1;

  for (; index >= 0 && (row = gtk_list_box_get_row_at_index (self->list_box, index)); index += direction)
    {
      if (row_matches (self, row))
        {
          gtk_list_box_select_row (self->list_box, row);
          scroll_to_row (self, row);
          return;
        }
    }

  if (selected != NULL && !row_matches (self, selected))
    gtk_list_box_unselect_all (self->list_box);
}

static void
choose_row (BansouPrefectureDialog *self,
            GtkListBoxRow          *row)
{
  g_autoptr(GError) error = NULL;
  BansouBody *body;
  g_autofree char *scope = NULL;

  if (row == NULL)
    {
      gtk_label_set_label (self->error_label, _("No prefecture matches. Try its name, reading or number."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  body = g_object_get_qdata (G_OBJECT (row), body_quark);
  scope = body ? g_strndup (bansou_body_get_code (body), 2) : g_strdup (BANSOU_SCOPE_NATIONAL);

  if (!bansou_context_set_scope (self->context, scope, &error))
    {
      g_autofree char *text = bansou_ui_error_message (error);

      gtk_label_set_label (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  self->required = FALSE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static GtkWidget *
create_row (const char *title,
            const char *subtitle,
            BansouBody *body)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (body != NULL)
    g_object_set_qdata_full (G_OBJECT (row), body_quark, g_object_ref (body), g_object_unref);

  return row;
}

static void
populate (BansouPrefectureDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) prefectures = NULL;
  const char *scope = bansou_context_get_scope (self->context);
  GSettings *settings = bansou_context_get_settings (self->context);
  g_autofree char *offered = NULL;
  GtkWidget *selected = NULL;
  GtkWidget *row;

  /* A new database: offer what was chosen last time. */
  if (scope == NULL && settings != NULL)
    scope = offered = g_settings_get_string (settings, "prefecture");

  prefectures = bansou_registry_list_prefectures (bansou_context_get_registry (self->context), &error);
  if (prefectures == NULL)
    {
      g_autofree char *text = bansou_ui_error_message (error);

      gtk_label_set_label (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  for (guint i = 0, n = g_list_model_get_n_items (prefectures); i < n; i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (prefectures, i);
      g_autofree char *number = g_strndup (bansou_body_get_code (body), 2);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", bansou_body_get_kana (body), number);

      row = create_row (bansou_body_get_name (body), subtitle, body);
      gtk_list_box_append (self->list_box, row);
      if (g_strcmp0 (scope, number) == 0)
        selected = row;
    }

  row = create_row ("全国", _("National desk: every municipality in Japan"), NULL);
  gtk_list_box_append (self->list_box, row);
  if (g_strcmp0 (scope, BANSOU_SCOPE_NATIONAL) == 0)
    selected = row;

  if (selected != NULL)
    gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (selected));
}

/* Nothing matches: say so and what to type, rather than a blank box. */
static void
update_empty_state (BansouPrefectureDialog *self)
{
  gboolean empty = _bansou_prefecture_dialog_count_visible (self) == 0;

  if (empty)
    {
      g_autofree char *description =
        g_strdup_printf (_("No prefecture matches “%s”. Try its name (広島), its reading "
                           "(ひろしま) or its number (34); 全国 is the national desk."),
                         self->needle ? self->needle : "");
      adw_status_page_set_description (self->empty_page, description);
    }
  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
search_changed_cb (BansouPrefectureDialog *self,
                   GtkSearchEntry         *entry)
{
  g_free (self->needle);
  self->needle = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_list_box_invalidate_filter (self->list_box);
  move_selection (self, 0);
  update_empty_state (self);
}

static void
search_activate_cb (BansouPrefectureDialog *self,
                    GtkSearchEntry         *entry)
{
  /* Enter may come before the delayed search-changed: filter now. */
  search_changed_cb (self, entry);
  choose_row (self, gtk_list_box_get_selected_row (self->list_box));
}

static void
row_activated_cb (BansouPrefectureDialog *self,
                  GtkListBoxRow          *row,
                  GtkListBox             *list_box)
{
  choose_row (self, row);
}

static gboolean
search_key_pressed_cb (BansouPrefectureDialog *self,
                       guint                   keyval,
                       guint                   keycode,
                       GdkModifierType         state,
                       GtkEventControllerKey  *controller)
{
  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static void
cancel_clicked_cb (BansouPrefectureDialog *self,
                   GtkButton              *button)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BansouPrefectureDialog *self = BANSOU_PREFECTURE_DIALOG (widget);

  choose_row (self, gtk_list_box_get_selected_row (self->list_box));
}

/* ------------------------------------------------------------------------ */

static gboolean
bansou_prefecture_dialog_close_request (GtkWindow *window)
{
  BansouPrefectureDialog *self = BANSOU_PREFECTURE_DIALOG (window);
  GtkWindow *parent = gtk_window_get_transient_for (window);

  /* Without a prefecture the window has nothing to show: leaving the
   * first-start chooser quits. */
  if (self->required && parent != NULL)
    gtk_window_close (parent);

  return GTK_WINDOW_CLASS (bansou_prefecture_dialog_parent_class)->close_request (window);
}

static void
bansou_prefecture_dialog_constructed (GObject *object)
{
  BansouPrefectureDialog *self = (BansouPrefectureDialog *)object;

  G_OBJECT_CLASS (bansou_prefecture_dialog_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));

  if (self->required)
    {
      gtk_button_set_label (self->cancel_button, _("_Quit"));
      gtk_widget_set_visible (GTK_WIDGET (self->intro_label), TRUE);
    }

  populate (self);
}

static void
bansou_prefecture_dialog_dispose (GObject *object)
{
  BansouPrefectureDialog *self = (BansouPrefectureDialog *)object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_prefecture_dialog_parent_class)->dispose (object);
}

static void
bansou_prefecture_dialog_finalize (GObject *object)
{
  BansouPrefectureDialog *self = (BansouPrefectureDialog *)object;

  g_clear_pointer (&self->needle, g_free);

  G_OBJECT_CLASS (bansou_prefecture_dialog_parent_class)->finalize (object);
}

static void
bansou_prefecture_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  BansouPrefectureDialog *self = BANSOU_PREFECTURE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_REQUIRED:
      g_value_set_boolean (value, self->required);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_prefecture_dialog_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  BansouPrefectureDialog *self = BANSOU_PREFECTURE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_REQUIRED:
      self->required = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_prefecture_dialog_class_init (BansouPrefectureDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = bansou_prefecture_dialog_constructed;
  object_class->dispose = bansou_prefecture_dialog_dispose;
  object_class->finalize = bansou_prefecture_dialog_finalize;
  object_class->get_property = bansou_prefecture_dialog_get_property;
  object_class->set_property = bansou_prefecture_dialog_set_property;

  window_class->close_request = bansou_prefecture_dialog_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUIRED] =
    g_param_spec_boolean ("required", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-prefecture-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouPrefectureDialog, header_bar);
  gtk_widget_class_bind_template_child (widget_class, BansouPrefectureDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BansouPrefectureDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, BansouPrefectureDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, BansouPrefectureDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BansouPrefectureDialog, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BansouPrefectureDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, BansouPrefectureDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BansouPrefectureDialog, list_box);
  gtk_widget_class_bind_template_child (widget_class, BansouPrefectureDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_install_action (widget_class, "prefecture.choose", NULL, choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  body_quark = g_quark_from_static_string ("bansou-prefecture-body");
}

static void
bansou_prefecture_dialog_init (BansouPrefectureDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->list_box, filter_func, self, NULL);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  /* The window's first focusable widget is the Cancel (or Quit) button:
   * left there, Enter pressed it and closed the chooser, or quit on first
   * start. The search starts with the focus, and Enter anywhere else
   * chooses the highlighted row. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->search_entry));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->choose_button));
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_prefecture_dialog_new:
 * @required: %TRUE on first start (no cancelling; leaving quits)
 *
 * Returns: (transfer none): a new dialog; set its transient parent
 */
BansouPrefectureDialog *
bansou_prefecture_dialog_new (BansouContext *context,
                              gboolean       required)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (context), NULL);

  return g_object_new (BANSOU_TYPE_PREFECTURE_DIALOG,
                       "context", context,
                       "required", required,
                       NULL);
}

GtkEditable *
_bansou_prefecture_dialog_get_search_entry (BansouPrefectureDialog *self)
{
  return GTK_EDITABLE (self->search_entry);
}

guint
_bansou_prefecture_dialog_count_visible (BansouPrefectureDialog *self)
{
  GtkListBoxRow *row;
  guint n = 0;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)); i++)
    if (row_matches (self, row))
      n++;

  return n;
}

/* Returns: (transfer full) (nullable): the scope the selected row stands for */
char *
_bansou_prefecture_dialog_dup_selected (BansouPrefectureDialog *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list_box);
  BansouBody *body;

  if (row == NULL)
    return NULL;
  body = g_object_get_qdata (G_OBJECT (row), body_quark);
  return body ? g_strndup (bansou_body_get_code (body), 2) : g_strdup (BANSOU_SCOPE_NATIONAL);
}

/* Whether the "nothing matches" explanation is shown instead of the list. */
gboolean
_bansou_prefecture_dialog_is_empty_shown (BansouPrefectureDialog *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->list_stack), "empty") == 0;
}

const char *
_bansou_prefecture_dialog_get_empty_text (BansouPrefectureDialog *self)
{
  return adw_status_page_get_description (self->empty_page);
}
