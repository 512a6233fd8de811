/* bansou-round-dialog.c — creating a survey round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Asks for the reference date (the round's id), shows its 和暦 label while
 * typing, and creates the round with bansou_survey_create_round(),
 * prefilled from the previous real round unless turned off.
 */
#define G_LOG_DOMAIN "bansou-round-dialog"

#include "config.h"

#include <stdlib.h>
#include <glib/gi18n.h>

#include "bansou-round-dialog.h"
#include "bansou-round-dialog-private.h"
#include "bansou-ui-util.h"

struct _BansouRoundDialog
{
  AdwWindow      parent_instance;

  BansouContext *context;
  char          *error;
  gboolean       prefill_wanted;  /* the switch as the user left it */
  gboolean       updating;

  /* Template widgets */
  GtkButton     *create_button;
  AdwEntryRow   *date_row;
  GtkLabel      *wareki_label;
  AdwEntryRow   *title_row;
  AdwActionRow  *prefill_row;
  GtkSwitch     *prefill_switch;
  GtkLabel      *error_label;
};

G_DEFINE_FINAL_TYPE (BansouRoundDialog, bansou_round_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ROUND_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */

static void
set_error (BansouRoundDialog *self,
           const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The survey carries answers from the latest earlier round that is not
 * demo data; say which one, so the switch means something. */
static BansouRound *
previous_real_round (BansouSurvey *survey,
                     const char   *id)
{
  GListModel *rounds = bansou_survey_get_rounds (survey);
  BansouRound *prev = NULL;

  for (guint i = 0, n = g_list_model_get_n_items (rounds); i < n; i++)
    {
      g_autoptr(BansouRound) r = g_list_model_get_item (rounds, i);

      if (g_strcmp0 (bansou_round_get_id (r), id) < 0 && !bansou_round_get_demo (r))
        prev = r;  /* the survey's list keeps it alive */
    }
  return prev;
}

static gboolean
has_earlier_demo_round (BansouSurvey *survey,
                        const char   *id)
{
  GListModel *rounds = bansou_survey_get_rounds (survey);

  for (guint i = 0, n = g_list_model_get_n_items (rounds); i < n; i++)
    {
      g_autoptr(BansouRound) r = g_list_model_get_item (rounds, i);

      if (g_strcmp0 (bansou_round_get_id (r), id) < 0 && bansou_round_get_demo (r))
        return TRUE;
    }
  return FALSE;
}

/* Off and insensitive when there is nothing to carry; back to what the
 * user chose when there is. */
static void
set_prefill_possible (BansouRoundDialog *self,
                      gboolean           possible)
{
  self->updating = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->prefill_row), possible);
  gtk_switch_set_active (self->prefill_switch, possible && self->prefill_wanted);
  self->updating = FALSE;
}

static void
prefill_notify_active_cb (BansouRoundDialog *self)
{
  if (!self->updating)
    self->prefill_wanted = gtk_switch_get_active (self->prefill_switch);
}

static void
update (BansouRoundDialog *self)
{
  BansouSurvey *survey = bansou_context_get_survey (self->context);
  g_autofree char *id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));
  g_autoptr(GDate) date = bansou_date_parse_iso (id);
  g_autofree char *label = NULL;
  gboolean ok = date != NULL;
  BansouRound *prev;

  set_error (self, NULL);

  if (date == NULL)
    {
      gtk_label_set_label (self->wareki_label, "");
      if (*id != '\0')
        set_error (self, _("Use the form YYYY-MM-DD, e.g. 2026-10-31"));
    }
  else
    {
      label = bansou_round_label (id);
      gtk_label_set_label (self->wareki_label, label);
      if (bansou_survey_lookup_round (survey, id) != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The round %s already exists"), label);
          set_error (self, message);
          ok = FALSE;
        }
    }

  if (date != NULL && (prev = previous_real_round (survey, id)) != NULL)
    {
      g_autofree char *subtitle =
        g_strdup_printf (_("Carries every answer of %s over; carried answers stay marked until someone confirms or changes them."),
                         bansou_round_get_label (prev));
      adw_action_row_set_subtitle (self->prefill_row, subtitle);
      set_prefill_possible (self, TRUE);
    }
  else if (date != NULL && has_earlier_demo_round (survey, id))
    {
      adw_action_row_set_subtitle (self->prefill_row,
                                   _("No earlier round with real answers: the round starts empty. Demo answers are never carried over."));
      set_prefill_possible (self, FALSE);
    }
  else
    {
      adw_action_row_set_subtitle (self->prefill_row, _("No earlier round: the round starts empty."));
      set_prefill_possible (self, FALSE);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "round-dialog.create", ok);
}

/* ------------------------------------------------------------------------ */

static void
date_changed_cb (BansouRoundDialog *self)
{
  update (self);
}

static void
entry_activated_cb (BansouRoundDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "round-dialog.create", NULL);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BansouRoundDialog *self = BANSOU_ROUND_DIALOG (widget);
  BansouSurvey *survey = bansou_context_get_survey (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  gboolean prefill = gtk_switch_get_active (self->prefill_switch);

  if (!bansou_survey_create_round (survey, id, title, prefill, &error))
    {
      g_autofree char *message = bansou_ui_error_message (error);

      set_error (self, message);
      return;
    }

  g_signal_emit (self, signals[ROUND_CREATED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ------------------------------------------------------------------------ */

static void
bansou_round_dialog_constructed (GObject *object)
{
  BansouRoundDialog *self = (BansouRoundDialog *)object;
  g_autofree char *date = bansou_ui_default_round_date ();

  G_OBJECT_CLASS (bansou_round_dialog_parent_class)->constructed (object);

  g_assert (BANSOU_IS_CONTEXT (self->context));

  /* A round for this fiscal year may exist already: offer the next one. */
  if (bansou_survey_lookup_round (bansou_context_get_survey (self->context), date) != NULL)
    {
      int year = atoi (date);
      g_free (date);
      date = g_strdup_printf ("%04d-10-31", year + 1);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  update (self);
}

static void
bansou_round_dialog_dispose (GObject *object)
{
  BansouRoundDialog *self = (BansouRoundDialog *)object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_round_dialog_parent_class)->dispose (object);
}

static void
bansou_round_dialog_finalize (GObject *object)
{
  BansouRoundDialog *self = (BansouRoundDialog *)object;

  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (bansou_round_dialog_parent_class)->finalize (object);
}

static void
bansou_round_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BansouRoundDialog *self = BANSOU_ROUND_DIALOG (object);

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
bansou_round_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BansouRoundDialog *self = BANSOU_ROUND_DIALOG (object);

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
bansou_round_dialog_class_init (BansouRoundDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bansou_round_dialog_constructed;
  object_class->dispose = bansou_round_dialog_dispose;
  object_class->finalize = bansou_round_dialog_finalize;
  object_class->get_property = bansou_round_dialog_get_property;
  object_class->set_property = bansou_round_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BansouRoundDialog::round-created:
   * @round: the new round's id
   */
  signals[ROUND_CREATED] =
    g_signal_new ("round-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-round-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouRoundDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, BansouRoundDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, BansouRoundDialog, wareki_label);
  gtk_widget_class_bind_template_child (widget_class, BansouRoundDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, BansouRoundDialog, prefill_row);
  gtk_widget_class_bind_template_child (widget_class, BansouRoundDialog, prefill_switch);
  gtk_widget_class_bind_template_child (widget_class, BansouRoundDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, date_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "round-dialog.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bansou_round_dialog_init (BansouRoundDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->prefill_wanted = TRUE;
  g_signal_connect_object (self->prefill_switch, "notify::active",
                           G_CALLBACK (prefill_notify_active_cb), self, G_CONNECT_SWAPPED);
}

/* ------------------------------------------------------------------------ */

BansouRoundDialog *
bansou_round_dialog_new (BansouContext *context)
{
  g_return_val_if_fail (BANSOU_IS_CONTEXT (context), NULL);

  return g_object_new (BANSOU_TYPE_ROUND_DIALOG, "context", context, NULL);
}

/**
 * bansou_round_dialog_present:
 * @parent: a widget in the window the dialog belongs to
 *
 * Returns: (transfer none): the dialog, shown
 */
BansouRoundDialog *
bansou_round_dialog_present (BansouContext *context,
                             GtkWidget     *parent)
{
  BansouRoundDialog *dialog = bansou_round_dialog_new (context);
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

GtkEditable *
_bansou_round_dialog_get_date_entry (BansouRoundDialog *self)
{
  return GTK_EDITABLE (self->date_row);
}

GtkEditable *
_bansou_round_dialog_get_title_entry (BansouRoundDialog *self)
{
  return GTK_EDITABLE (self->title_row);
}

GtkSwitch *
_bansou_round_dialog_get_prefill (BansouRoundDialog *self)
{
  return self->prefill_switch;
}

const char *
_bansou_round_dialog_get_wareki (BansouRoundDialog *self)
{
  return gtk_label_get_label (self->wareki_label);
}

const char *
_bansou_round_dialog_get_error (BansouRoundDialog *self)
{
  return self->error;
}
