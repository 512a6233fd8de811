/* bansou-add-body-dialog.c — register a union, agency or university
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-add-body-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-add-body-dialog.h"
#include "bansou-ui-util.h"
#include "bansou-add-body-dialog-private.h"

struct _BansouAddBodyDialog
{
  AdwWindow    parent_instance;

  BansouContext *context;

  /* Template widgets */
  AdwComboRow *kind_row;
  AdwEntryRow *name_row;
  AdwEntryRow *kana_row;
  AdwEntryRow *code_row;
  GtkLabel    *error_label;
};

G_DEFINE_FINAL_TYPE (BansouAddBodyDialog, bansou_add_body_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  BODY_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The kinds a prefecture registers itself, in the order offered. */
static const BansouBodyKind kinds[] = {
  BANSOU_BODY_KIND_PARTIAL_UNION,
  BANSOU_BODY_KIND_WIDE_UNION,
  BANSOU_BODY_KIND_ADMIN_AGENCY,
  BANSOU_BODY_KIND_PUBLIC_UNIVERSITY,
};

/* ------------------------------------------------------------------------ */

static void
show_error (BansouAddBodyDialog *self,
            const char          *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Checks as the user types; the registry checks again when adding. */
static void
validate (BansouAddBodyDialog *self)
{
  g_autoptr(GError) error = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *kana = gtk_editable_get_text (GTK_EDITABLE (self->kana_row));
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  gboolean name_ok, kana_ok, code_ok;

  name_ok = bansou_str_is_blank (name) || bansou_registry_validate_field ("name", name, &error);
  if (name_ok)
    kana_ok = bansou_registry_validate_field ("kana", kana, &error);
  else
    kana_ok = TRUE;
  code_ok = *code == '\0' || bansou_code_is_valid (code);

  if (name_ok) gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  else gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  if (kana_ok) gtk_widget_remove_css_class (GTK_WIDGET (self->kana_row), "error");
  else gtk_widget_add_css_class (GTK_WIDGET (self->kana_row), "error");
  if (code_ok) gtk_widget_remove_css_class (GTK_WIDGET (self->code_row), "error");
  else gtk_widget_add_css_class (GTK_WIDGET (self->code_row), "error");

  if (error != NULL)
    { g_autofree char *text = bansou_ui_error_message (error); show_error (self, text); }
  else if (!code_ok && g_utf8_strlen (code, -1) >= 6)
    show_error (self, _("Not a valid local government code: six digits with a correct check digit"));
  else
    show_error (self, NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-body.add",
                                 !bansou_str_is_blank (name) && name_ok && kana_ok && code_ok);
}

/* ------------------------------------------------------------------------ */
/* Callbacks and actions                                                    */

static void
entry_changed_cb (BansouAddBodyDialog *self)
{
  validate (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BansouAddBodyDialog *self = BANSOU_ADD_BODY_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  guint selected = adw_combo_row_get_selected (self->kind_row);

  code = bansou_registry_add_body (bansou_context_get_registry (self->context),
                                   bansou_context_get_scope (self->context),
                                   kinds[MIN (selected, G_N_ELEMENTS (kinds) - 1)],
                                   gtk_editable_get_text (GTK_EDITABLE (self->code_row)),
                                   gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                   gtk_editable_get_text (GTK_EDITABLE (self->kana_row)),
                                   &error);
  if (code == NULL)
    {
      { g_autofree char *text = bansou_ui_error_message (error); show_error (self, text); }
      return;
    }

  g_signal_emit (self, signals[BODY_ADDED], 0, code);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ------------------------------------------------------------------------ */

static void
bansou_add_body_dialog_dispose (GObject *object)
{
  BansouAddBodyDialog *self = (BansouAddBodyDialog *)object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_add_body_dialog_parent_class)->dispose (object);
}

static void
bansou_add_body_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BansouAddBodyDialog *self = BANSOU_ADD_BODY_DIALOG (object);

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
bansou_add_body_dialog_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  BansouAddBodyDialog *self = BANSOU_ADD_BODY_DIALOG (object);

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
bansou_add_body_dialog_class_init (BansouAddBodyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bansou_add_body_dialog_dispose;
  object_class->get_property = bansou_add_body_dialog_get_property;
  object_class->set_property = bansou_add_body_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BansouAddBodyDialog::body-added:
   * @code: the code of the new body
   */
  signals[BODY_ADDED] =
    g_signal_new ("body-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-add-body-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouAddBodyDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, BansouAddBodyDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, BansouAddBodyDialog, kana_row);
  gtk_widget_class_bind_template_child (widget_class, BansouAddBodyDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, BansouAddBodyDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "add-body.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bansou_add_body_dialog_init (BansouAddBodyDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (labels, bansou_body_kind_get_label (kinds[i]));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (labels));

  validate (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

/* ------------------------------------------------------------------------ */

/**
 * bansou_add_body_dialog_new:
 *
 * Returns: (transfer none): a new dialog adding to the context's prefecture
 */
BansouAddBodyDialog *
bansou_add_body_dialog_new (BansouContext *context)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (context), NULL);

  return g_object_new (BANSOU_TYPE_ADD_BODY_DIALOG, "context", context, NULL);
}

void
_bansou_add_body_dialog_fill (BansouAddBodyDialog *self,
                              BansouBodyKind       kind,
                              const char          *name,
                              const char          *kana,
                              const char          *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i] == kind)
      adw_combo_row_set_selected (self->kind_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->kana_row), kana ? kana : "");
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), code ? code : "");
}

const char *
_bansou_add_body_dialog_get_error (BansouAddBodyDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : NULL;
}
