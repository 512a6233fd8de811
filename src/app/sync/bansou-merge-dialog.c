/* bansou-merge-dialog.c — making one version of a sync conflict from both
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Opened from the 同期 page's "Merge…". One group per field: the field
 * as it will be sent, prefilled with this workbench's value, and two
 * linked buttons that put in either version; the group's description
 * shows both, so nothing has to be remembered. "Use This Version" emits
 * ::merged with the record as JSON in the shape of the conflict's
 * mine_json; the page resolves the conflict with it and closes the
 * dialog, or shows why it could not.
 */
#define G_LOG_DOMAIN "bansou-merge-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-conflict-util.h"
#include "bansou-merge-dialog.h"

typedef struct
{
  const BansouConflictField *field;
  char                      *mine;     /* raw values, nullable */
  char                      *theirs;
  GtkWidget                 *editor;   /* AdwComboRow, AdwEntryRow or GtkTextView */
  GtkToggleButton           *mine_button;
  GtkToggleButton           *theirs_button;
} Field;

struct _BansouMergeDialog
{
  AdwWindow   parent_instance;

  char       *type;
  GArray     *fields;   /* Field */

  /* Template widgets */
  GtkButton  *save_button;
  GtkLabel   *heading_label;
  GtkLabel   *subheading_label;
  GtkBox     *fields_box;
  GtkLabel   *error_label;
};

G_DEFINE_FINAL_TYPE (BansouMergeDialog, bansou_merge_dialog, ADW_TYPE_WINDOW)

enum {
  MERGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */

static void
field_clear (gpointer data)
{
  Field *f = data;

  g_free (f->mine);
  g_free (f->theirs);
}

static Field *
find_field (BansouMergeDialog *self,
            const char        *key)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = &g_array_index (self->fields, Field, i);

      if (g_str_equal (f->field->key, key))
        return f;
    }
  return NULL;
}

/* The combo rows list every value in enum order: status 0 is unanswered. */
static guint
choice_index (const BansouConflictField *field,
              const char                *value)
{
  if (field->kind == BANSOU_FIELD_STATUS)
    {
      BansouStatus status = bansou_status_from_string (value);
      return status < BANSOU_N_STATUSES ? (guint) status : 0;
    }
  else
    {
      BansouProgress state = bansou_progress_from_string (value ? value : "not_started");
      return state < BANSOU_N_PROGRESS ? (guint) state : 0;
    }
}

static void
set_editor_value (Field      *f,
                  const char *value)
{
  switch (f->field->kind)
    {
    case BANSOU_FIELD_STATUS:
    case BANSOU_FIELD_PROGRESS:
      adw_combo_row_set_selected (ADW_COMBO_ROW (f->editor), choice_index (f->field, value));
      break;
    case BANSOU_FIELD_TEXT:
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->editor)), value ? value : "", -1);
      break;
    case BANSOU_FIELD_DATE:
    case BANSOU_FIELD_LINE:
    default:
      gtk_editable_set_text (GTK_EDITABLE (f->editor), value ? value : "");
      break;
    }
}

/* Returns: (transfer full) (nullable): the edited value, %NULL for none */
static char *
dup_editor_value (Field *f)
{
  switch (f->field->kind)
    {
    case BANSOU_FIELD_STATUS:
      {
        guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (f->editor));
        return i > 0 && i < BANSOU_N_STATUSES ? g_strdup (bansou_status_to_string (i)) : NULL;
      }
    case BANSOU_FIELD_PROGRESS:
      {
        guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (f->editor));
        return g_strdup (bansou_progress_to_string (i < BANSOU_N_PROGRESS ? i : 0));
      }
    case BANSOU_FIELD_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->editor));
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      }
    case BANSOU_FIELD_DATE:
      {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (f->editor))));
        return *text ? g_steal_pointer (&text) : NULL;
      }
    case BANSOU_FIELD_LINE:
    default:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (f->editor)));
    }
}

static GtkStringList *
choice_model (BansouFieldKind kind)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  if (kind == BANSOU_FIELD_STATUS)
    for (guint i = 0; i < BANSOU_N_STATUSES; i++)
      gtk_string_list_append (list, bansou_status_get_label (i));
  else
    for (guint i = 0; i < BANSOU_N_PROGRESS; i++)
      gtk_string_list_append (list, bansou_progress_get_label (i));
  return list;
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
pick_toggled_cb (GtkToggleButton *button,
                 gpointer         user_data)
{
  BansouMergeDialog *self = user_data;
  Field *f = find_field (self, g_object_get_data (G_OBJECT (button), "bansou-field"));

  if (f == NULL || !gtk_toggle_button_get_active (button))
    return;
  set_editor_value (f, button == f->theirs_button ? f->theirs : f->mine);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _bansou_merge_dialog_save (BANSOU_MERGE_DIALOG (widget));
}

/* ------------------------------------------------------------------------ */

static void
add_field (BansouMergeDialog         *self,
           const BansouConflictField *field,
           JsonObject                *mine,
           JsonObject                *theirs)
{
  Field f = { field, bansou_conflict_dup_value (mine, field->key), bansou_conflict_dup_value (theirs, field->key) };
  g_autofree char *mine_text = bansou_conflict_format_value (field, f.mine);
  g_autofree char *theirs_text = bansou_conflict_format_value (field, f.theirs);
  g_autofree char *description = NULL;
  gboolean same = bansou_conflict_values_equal (mine, theirs, field->key);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(field->title));
  if (same)
    description = g_strdup (_("The same in both versions"));
  else if (field->kind == BANSOU_FIELD_TEXT)
    /* Long notes are shown in full on the page; here only that they differ */
    description = g_strdup (_("Differs between the versions"));
  else
    /* Translators: the two values of a field, e.g. "Yours: Implemented · Server: Partly implemented" */
    description = g_strdup_printf (_("Yours: %s · Server: %s"), mine_text, theirs_text);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

  /* Yours | Server, like a pair of radio buttons */
  gtk_widget_add_css_class (buttons, "linked");
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  f.mine_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (_("Yours")));
  f.theirs_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (_("Server")));
  gtk_toggle_button_set_group (f.theirs_button, f.mine_button);
  gtk_toggle_button_set_active (f.mine_button, TRUE);
  for (GtkToggleButton *b = f.mine_button; b; b = b == f.mine_button ? f.theirs_button : NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (b), "small");
      g_object_set_data (G_OBJECT (b), "bansou-field", (gpointer) field->key);
      g_signal_connect (b, "toggled", G_CALLBACK (pick_toggled_cb), self);
      gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (b));
    }
  gtk_widget_set_sensitive (buttons, !same);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), buttons);

  switch (field->kind)
    {
    case BANSOU_FIELD_STATUS:
    case BANSOU_FIELD_PROGRESS:
      {
        g_autoptr(GtkStringList) model = choice_model (field->kind);

        f.editor = adw_combo_row_new ();
        /* The group's title names the field already */
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f.editor), _("Merged value"));
        adw_combo_row_set_model (ADW_COMBO_ROW (f.editor), G_LIST_MODEL (model));
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), f.editor);
      }
      break;
    case BANSOU_FIELD_TEXT:
      {
        GtkWidget *scroller = gtk_scrolled_window_new ();

        f.editor = gtk_text_view_new ();
        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (f.editor), GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_top_margin (GTK_TEXT_VIEW (f.editor), 10);
        gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (f.editor), 10);
        gtk_text_view_set_left_margin (GTK_TEXT_VIEW (f.editor), 12);
        gtk_text_view_set_right_margin (GTK_TEXT_VIEW (f.editor), 12);
        gtk_widget_add_css_class (f.editor, "notes");
        gtk_accessible_update_property (GTK_ACCESSIBLE (f.editor),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _(field->title), -1);
        gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
        gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 96);
        gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
        gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
        gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), f.editor);
        gtk_widget_add_css_class (scroller, "card");
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), scroller);
      }
      break;
    case BANSOU_FIELD_DATE:
    case BANSOU_FIELD_LINE:
    default:
      f.editor = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f.editor),
                                     field->kind == BANSOU_FIELD_DATE ? _("Date (YYYY-MM-DD)") : _("Merged value"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), f.editor);
      break;
    }

  set_editor_value (&f, f.mine);
  g_array_append_val (self->fields, f);
  gtk_box_append (self->fields_box, group);
}

/* ------------------------------------------------------------------------ */

static void
bansou_merge_dialog_finalize (GObject *object)
{
  BansouMergeDialog *self = (BansouMergeDialog *)object;

  g_clear_pointer (&self->fields, g_array_unref);
  g_clear_pointer (&self->type, g_free);

  G_OBJECT_CLASS (bansou_merge_dialog_parent_class)->finalize (object);
}

static void
bansou_merge_dialog_class_init (BansouMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bansou_merge_dialog_finalize;

  /**
   * BansouMergeDialog::merged:
   * @json: the merged record, in the shape of the conflict's mine_json
   *
   * The user chose this version. The handler resolves the conflict and
   * closes the dialog, or calls bansou_merge_dialog_set_error().
   */
  signals[MERGED] =
    g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouMergeDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, BansouMergeDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, BansouMergeDialog, subheading_label);
  gtk_widget_class_bind_template_child (widget_class, BansouMergeDialog, fields_box);
  gtk_widget_class_bind_template_child (widget_class, BansouMergeDialog, error_label);

  gtk_widget_class_install_action (widget_class, "merge.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bansou_merge_dialog_init (BansouMergeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_array_new (FALSE, TRUE, sizeof (Field));
  g_array_set_clear_func (self->fields, field_clear);
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_merge_dialog_new:
 * @type: "answer" or "progress"
 * @mine_json: this workbench's record
 * @theirs_json: (nullable): the server's record, or "null"
 * @heading: what the record is about (the body and the question)
 * @subheading: (nullable): the round
 *
 * Returns: (transfer floating): a new dialog, to be made transient and
 *   presented
 */
BansouMergeDialog *
bansou_merge_dialog_new (const char *type,
                         const char *mine_json,
                         const char *theirs_json,
                         const char *heading,
                         const char *subheading)
{
  BansouMergeDialog *self;
  g_autoptr(JsonObject) mine = NULL;
  g_autoptr(JsonObject) theirs = NULL;
  const BansouConflictField *fields;
  guint n_fields;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (mine_json != NULL, NULL);

  self = g_object_new (BANSOU_TYPE_MERGE_DIALOG, NULL);
  self->type = g_strdup (type);
  gtk_label_set_label (self->heading_label, heading ? heading : "");
  gtk_label_set_label (self->subheading_label, subheading ? subheading : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subheading_label), subheading != NULL && *subheading);

  mine = bansou_conflict_parse_record (mine_json);
  theirs = bansou_conflict_parse_record (theirs_json);
  fields = bansou_conflict_get_fields (type, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    add_field (self, &fields[i], mine, theirs);

  return self;
}

void
bansou_merge_dialog_set_error (BansouMergeDialog *self,
                               const char        *message)
{
  g_return_if_fail (BANSOU_IS_MERGE_DIALOG (self));

  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* ------------------------------------------------------------------------ */
/* For the tests, and the save action                                       */

void
_bansou_merge_dialog_pick (BansouMergeDialog *self,
                           const char        *key,
                           gboolean           theirs)
{
  Field *f = find_field (self, key);

  g_return_if_fail (f != NULL);
  gtk_toggle_button_set_active (theirs ? f->theirs_button : f->mine_button, TRUE);
}

/**
 * _bansou_merge_dialog_dup_json:
 *
 * Returns: (transfer full) (nullable): the merged record, or %NULL with
 *   the reason shown when a field is not valid
 */
char *
_bansou_merge_dialog_dup_json (BansouMergeDialog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = &g_array_index (self->fields, Field, i);
      g_autofree char *value = dup_editor_value (f);

      if (f->field->kind == BANSOU_FIELD_DATE && value != NULL)
        {
          g_autoptr(GDate) date = bansou_date_parse_iso (value);

          if (date == NULL)
            {
              g_autofree char *message =
                /* Translators: %s is a field, e.g. "Due date" */
                g_strdup_printf (_("%s: enter a date as YYYY-MM-DD, or leave it empty"), _(f->field->title));
              bansou_merge_dialog_set_error (self, message);
              gtk_widget_grab_focus (f->editor);
              return NULL;
            }
        }

      json_builder_set_member_name (builder, f->field->key);
      if (value == NULL)
        json_builder_add_null_value (builder);
      else
        json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Returns: %TRUE when ::merged was emitted */
gboolean
_bansou_merge_dialog_save (BansouMergeDialog *self)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (BANSOU_IS_MERGE_DIALOG (self), FALSE);

  bansou_merge_dialog_set_error (self, NULL);
  if (!(json = _bansou_merge_dialog_dup_json (self)))
    return FALSE;
  g_signal_emit (self, signals[MERGED], 0, json);
  return TRUE;
}
