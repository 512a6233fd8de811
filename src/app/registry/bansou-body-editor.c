/* bansou-body-editor.c — the profile of one body, editable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The form is driven by one table of fields, named as the registry names
 * them: each input is checked with bansou_registry_validate_field() as
 * the user types, and Save writes only the fields that changed with
 * bansou_registry_set_field(), which records the audit trail and notifies
 * the shared BansouBody so the list follows.
 */
#define G_LOG_DOMAIN "bansou-body-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-body-editor.h"
#include "bansou-ui-util.h"
#include "bansou-body-editor-private.h"
#include "bansou-window.h"

typedef enum
{
  INPUT_ENTRY,
  INPUT_COMBO,
  INPUT_TEXT,
} InputKind;

typedef struct
{
  const char         *field;
  const char         *label;       /* N_(): in error messages and the history */
  InputKind           input;
  gboolean            other_only;  /* unions, agencies, universities only */
  gsize               offset;      /* of the input widget in BansouBodyEditor */
  const char * const *values;      /* combo: the field's value at each position */
} FormField;

static const char * const tristate_values[] = { "", "yes", "no", NULL };
static const char * const decision_values[] = { "none", "applies", "exempt", NULL };

#define N_FORM_FIELDS 12

struct _BansouBodyEditor
{
  AdwBin               parent_instance;

  BansouContext       *context;
  BansouBody          *body;
  gulong               notify_handler;
  GPtrArray           *members;          /* codes as edited */
  GStrv                saved_members;    /* codes as stored */
  GListModel          *candidates;       /* municipalities that can be members */
  GPtrArray           *member_rows;
  GPtrArray           *history_rows;
  GtkWidget           *error_icons[N_FORM_FIELDS];
  guint                loading : 1;
  guint                saving : 1;
  guint                can_save : 1;
  guint                changed : 1;

  /* Template widgets */
  GtkStack            *stack;
  GtkLabel            *name_label;
  GtkLabel            *kana_label;
  GtkLabel            *meta_label;
  GtkBox              *applicability_box;
  GtkLabel            *applicability_label;
  GtkLabel            *applicability_detail;
  AdwPreferencesGroup *other_group;
  AdwEntryRow         *name_row;
  AdwEntryRow         *kana_row;
  AdwComboRow         *lgwan_row;
  AdwComboRow         *confidential_row;
  AdwEntryRow         *decision_reason_row;
  AdwComboRow         *decision_row;
  AdwPreferencesGroup *members_group;
  GtkDropDown         *member_dropdown;
  AdwEntryRow         *population_row;
  AdwEntryRow         *it_staff_row;
  AdwEntryRow         *ciso_name_row;
  AdwEntryRow         *ciso_title_row;
  AdwEntryRow         *csirt_contact_row;
  GtkTextView         *notes_view;
  AdwExpanderRow      *history_row;
  GtkLabel            *error_label;
  GtkButton           *save_button;
};

G_DEFINE_FINAL_TYPE (BansouBodyEditor, bansou_body_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BODY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define OFFSET(member) G_STRUCT_OFFSET (BansouBodyEditor, member)

/* In saving order: the reason is recorded before the decision that
 * needs it. */
static const FormField form[N_FORM_FIELDS] = {
  { "name",            N_("Name"),                      INPUT_ENTRY, TRUE,  OFFSET (name_row) },
  { "kana",            N_("Reading"),                   INPUT_ENTRY, TRUE,  OFFSET (kana_row) },
  { "population",      N_("Population"),                INPUT_ENTRY, FALSE, OFFSET (population_row) },
  { "it-staff",        N_("IT and security staff"),     INPUT_ENTRY, FALSE, OFFSET (it_staff_row) },
  { "ciso-name",       N_("CISO name"),                 INPUT_ENTRY, FALSE, OFFSET (ciso_name_row) },
  { "ciso-title",      N_("CISO title"),                INPUT_ENTRY, FALSE, OFFSET (ciso_title_row) },
  { "csirt-contact",   N_("CSIRT contact"),             INPUT_ENTRY, FALSE, OFFSET (csirt_contact_row) },
  { "notes",           N_("Notes"),                     INPUT_TEXT,  FALSE, OFFSET (notes_view) },
  { "lgwan",           N_("LGWAN connection"),          INPUT_COMBO, TRUE,  OFFSET (lgwan_row), tristate_values },
  { "confidential",    N_("Comparable confidential information"), INPUT_COMBO, TRUE, OFFSET (confidential_row), tristate_values },
  { "decision-reason", N_("Reason for the decision"),   INPUT_ENTRY, TRUE,  OFFSET (decision_reason_row) },
  { "decision",        N_("Prefecture’s decision"),     INPUT_COMBO, TRUE,  OFFSET (decision_row), decision_values },
};

/* ------------------------------------------------------------------------ */

static GtkWidget *
input_widget (BansouBodyEditor *self,
              const FormField  *f)
{
  return G_STRUCT_MEMBER (GtkWidget *, self, f->offset);
}

static gboolean
is_other_body (BansouBodyEditor *self)
{
  return self->body != NULL && bansou_body_kind_is_other_body (bansou_body_get_kind (self->body));
}

static gboolean
field_in_use (BansouBodyEditor *self,
              const FormField  *f)
{
  return !f->other_only || is_other_body (self);
}

static char *
get_input_value (BansouBodyEditor *self,
                 const FormField  *f)
{
  GtkWidget *widget = input_widget (self, f);

  switch (f->input)
    {
    case INPUT_ENTRY:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));

    case INPUT_COMBO:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (widget));

        return g_strdup (selected < g_strv_length ((char **) f->values) ? f->values[selected] : f->values[0]);
      }

    case INPUT_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      }

    default:
      g_assert_not_reached ();
    }
}

static void
set_input_value (BansouBodyEditor *self,
                 const FormField  *f,
                 const char       *value)
{
  GtkWidget *widget = input_widget (self, f);

  switch (f->input)
    {
    case INPUT_ENTRY:
      gtk_editable_set_text (GTK_EDITABLE (widget), value);
      break;

    case INPUT_COMBO:
      {
        guint position = 0;

        for (guint i = 0; f->values[i] != NULL; i++)
          if (g_strcmp0 (f->values[i], value) == 0)
            position = i;
        adw_combo_row_set_selected (ADW_COMBO_ROW (widget), position);
      }
      break;

    case INPUT_TEXT:
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), value, -1);
      break;

    default:
      g_assert_not_reached ();
    }
}

static const char *
field_label (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (form); i++)
    if (g_str_equal (form[i].field, field))
      return _(form[i].label);

  if (g_str_equal (field, "created"))
    return _("Registered");
  if (g_str_equal (field, "removed"))
    return _("Removed");
  if (g_str_equal (field, "members"))
    return _("Member municipalities");

  return field;
}

static int
combo_value (BansouBodyEditor *self,
             const char       *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (form); i++)
    if (g_str_equal (form[i].field, field))
      return adw_combo_row_get_selected (ADW_COMBO_ROW (input_widget (self, &form[i])));
  g_return_val_if_reached (0);
}

/* ------------------------------------------------------------------------ */
/* Applicability                                                            */

/* What the rule of the working-group report says for the values in the
 * form, so the user sees the effect of a change before saving. */
static void
update_applicability (BansouBodyEditor *self)
{
  static const int tristate[] = { -1, 1, 0 };
  BansouBodyKind kind = bansou_body_get_kind (self->body);
  BansouApplicability applicability;
  g_autofree char *reason = NULL;
  g_autofree char *detail = NULL;
  const char *state;

  if (is_other_body (self))
    applicability = bansou_applicability_compute (kind,
                                                  tristate[MIN (combo_value (self, "lgwan"), 2)],
                                                  tristate[MIN (combo_value (self, "confidential"), 2)],
                                                  (BansouDecision) combo_value (self, "decision"));
  else
    applicability = bansou_body_get_applicability (self->body);

  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->decision_reason_row))));

  switch (applicability)
    {
    case BANSOU_APPLICABILITY_APPLIES:
      state = "applies";
      if (bansou_body_kind_is_other_body (kind))
        detail = g_strdup (_("The body is connected to LGWAN, so the detailed measures apply."));
      else
        detail = g_strdup (_("The detailed measures apply to every municipality."));
      break;
    case BANSOU_APPLICABILITY_APPLIES_CONFIDENTIAL:
      state = "applies";
      detail = g_strdup (_("Not connected to LGWAN, but the body holds confidential information "
                           "comparable to its member municipalities, so the detailed measures apply."));
      break;
    case BANSOU_APPLICABILITY_UNDECIDED:
      state = "undecided";
      detail = g_strdup (_("The body is not known to be connected to LGWAN or to hold comparable "
                           "confidential information. The prefecture decides whether the detailed "
                           "measures apply, and records why."));
      break;
    case BANSOU_APPLICABILITY_DECIDED_APPLIES:
      state = "applies";
      detail = g_strdup_printf (_("The prefecture decided that the detailed measures apply: %s"),
                                *reason ? reason : "—");
      break;
    case BANSOU_APPLICABILITY_DECIDED_EXEMPT:
      state = "exempt";
      detail = g_strdup_printf (_("The prefecture decided that the detailed measures do not apply: %s"),
                                *reason ? reason : "—");
      break;
    default:
      g_return_if_reached ();
    }

  gtk_label_set_label (self->applicability_label, bansou_applicability_get_label (applicability));
  gtk_label_set_label (self->applicability_detail, detail);

  gtk_widget_remove_css_class (GTK_WIDGET (self->applicability_box), "applies");
  gtk_widget_remove_css_class (GTK_WIDGET (self->applicability_box), "undecided");
  gtk_widget_remove_css_class (GTK_WIDGET (self->applicability_box), "exempt");
  gtk_widget_add_css_class (GTK_WIDGET (self->applicability_box), state);
}

/* ------------------------------------------------------------------------ */
/* Validation                                                               */

static gboolean
members_changed (BansouBodyEditor *self)
{
  guint n_saved = self->saved_members ? g_strv_length (self->saved_members) : 0;

  if (!is_other_body (self))
    return FALSE;
  if (n_saved != self->members->len)
    return TRUE;
  for (guint i = 0; i < n_saved; i++)
    if (!g_strv_contains ((const char * const *) self->saved_members, g_ptr_array_index (self->members, i)))
      return TRUE;
  return FALSE;
}

static void
set_field_error (BansouBodyEditor *self,
                 guint             index,
                 const char       *message)
{
  GtkWidget *widget = input_widget (self, &form[index]);

  if (form[index].input == INPUT_TEXT)
    widget = gtk_widget_get_parent (widget);  /* the framed scroller */

  if (message != NULL)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
  gtk_widget_set_tooltip_text (widget, message);

  if (self->error_icons[index] != NULL)
    {
      gtk_widget_set_visible (self->error_icons[index], message != NULL);
      gtk_widget_set_tooltip_text (self->error_icons[index], message);
    }
}

static void
validate (BansouBodyEditor *self)
{
  g_autofree char *first_error = NULL;
  gboolean changed = FALSE;

  if (self->loading || self->body == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (form); i++)
    {
      const FormField *f = &form[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;
      g_autofree char *stored = NULL;
      const char *message = NULL;

      if (!field_in_use (self, f))
        {
          set_field_error (self, i, NULL);
          continue;
        }

      value = get_input_value (self, f);
      stored = bansou_registry_get_field (bansou_context_get_registry (self->context), self->body, f->field);
      changed |= g_strcmp0 (value, stored) != 0;

      if (!bansou_registry_validate_field (f->field, value, &error))
        message = error->message;
      else if (g_str_equal (f->field, "decision-reason") &&
               combo_value (self, "decision") != BANSOU_DECISION_NONE && bansou_str_is_blank (value))
        message = _("Record the reason for the decision");

      set_field_error (self, i, message);
      if (message != NULL && first_error == NULL)
        /* TRANSLATORS: "Population: Enter a whole number…" */
        first_error = g_strdup_printf (_("%s: %s"), _(f->label), message);
    }

  changed |= members_changed (self);

  self->changed = changed;
  self->can_save = changed && first_error == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->can_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.revert", changed);

  gtk_label_set_label (self->error_label, first_error ? first_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), first_error != NULL);

  update_applicability (self);
}

/* ------------------------------------------------------------------------ */
/* Members                                                                  */

static void rebuild_member_rows (BansouBodyEditor *self);

static void
remove_member_clicked_cb (GtkButton        *button,
                          BansouBodyEditor *self)
{
  const char *code = g_object_get_data (G_OBJECT (button), "code");
  guint index;

  if (g_ptr_array_find_with_equal_func (self->members, code, g_str_equal, &index))
    g_ptr_array_remove_index (self->members, index);

  rebuild_member_rows (self);
  validate (self);
}

static void
rebuild_member_rows (BansouBodyEditor *self)
{
  BansouRegistry *registry = bansou_context_get_registry (self->context);

  for (guint i = 0; i < self->member_rows->len; i++)
    adw_preferences_group_remove (self->members_group, g_ptr_array_index (self->member_rows, i));
  g_ptr_array_set_size (self->member_rows, 0);

  if (self->members->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No member municipalities recorded"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->members_group, row);
      g_ptr_array_add (self->member_rows, row);
      return;
    }

  for (guint i = 0; i < self->members->len; i++)
    {
      const char *code = g_ptr_array_index (self->members, i);
      g_autoptr(BansouBody) member = bansou_registry_lookup (registry, code, NULL);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), member ? bansou_body_get_name (member) : code);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), code);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Remove Member"));
      g_object_set_data_full (G_OBJECT (button), "code", g_strdup (code), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (remove_member_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->members_group, row);
      g_ptr_array_add (self->member_rows, row);
    }
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
add_member_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BansouBodyEditor *self = BANSOU_BODY_EDITOR (widget);
  BansouBody *member = gtk_drop_down_get_selected_item (self->member_dropdown);
  const char *code;

  if (member == NULL)
    return;

  code = bansou_body_get_code (member);
  if (g_ptr_array_find_with_equal_func (self->members, code, g_str_equal, NULL))
    return;

  g_ptr_array_add (self->members, g_strdup (code));
  g_ptr_array_sort (self->members, compare_codes);
  rebuild_member_rows (self);
  validate (self);
}

static void
load_members (BansouBodyEditor *self)
{
  g_autoptr(GError) error = NULL;
  BansouRegistry *registry = bansou_context_get_registry (self->context);

  g_clear_pointer (&self->saved_members, g_strfreev);
  g_ptr_array_set_size (self->members, 0);

  if (!is_other_body (self))
    return;

  self->saved_members = bansou_registry_get_members (registry, bansou_body_get_code (self->body), &error);
  if (self->saved_members == NULL)
    {
      bansou_show_error (GTK_WIDGET (self), error);
      self->saved_members = g_new0 (char *, 1);
    }
  for (guint i = 0; self->saved_members[i] != NULL; i++)
    g_ptr_array_add (self->members, g_strdup (self->saved_members[i]));

  /* Candidates: the municipalities of the body's prefecture. */
  g_clear_object (&self->candidates);
  self->candidates = bansou_registry_list (registry, bansou_body_get_prefecture (self->body),
                                           BANSOU_LIST_MUNICIPALITIES_ONLY, NULL);
  gtk_drop_down_set_model (self->member_dropdown, self->candidates);

  rebuild_member_rows (self);
}

/* ------------------------------------------------------------------------ */
/* History                                                                  */

static char *
shorten (const char *value)
{
  g_autofree char *flat = NULL;

  if (value == NULL || *value == '\0')
    return g_strdup ("—");

  flat = g_strdelimit (g_strdup (value), "\r\n\t", ' ');
  if (g_utf8_strlen (flat, -1) > 40)
    {
      g_autofree char *start = g_utf8_substring (flat, 0, 39);
      return g_strconcat (start, "…", NULL);
    }
  return g_steal_pointer (&flat);
}

static char *
format_time (const char *iso8601)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso8601, NULL);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (iso8601);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* A stored value as the form shows it: "yes" → "Yes" (from the combo's
 * own translated labels), member codes → names. */
static char *
display_value (BansouBodyEditor *self,
               const char       *field,
               const char       *value)
{
  if (g_str_equal (field, "members") && value != NULL && *value != '\0')
    {
      g_auto(GStrv) codes = g_strsplit (value, ",", -1);
      g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
      g_auto(GStrv) joined = NULL;

      for (guint i = 0; codes[i] != NULL; i++)
        {
          g_autoptr(BansouBody) member = bansou_registry_lookup (bansou_context_get_registry (self->context),
                                                                 codes[i], NULL);
          g_strv_builder_add (names, member ? bansou_body_get_name (member) : codes[i]);
        }
      joined = g_strv_builder_end (names);
      /* TRANSLATORS: separates names in a list */
      return g_strjoinv (_(", "), joined);
    }

  for (guint i = 0; i < G_N_ELEMENTS (form); i++)
    {
      if (form[i].input != INPUT_COMBO || !g_str_equal (form[i].field, field))
        continue;
      for (guint j = 0; form[i].values[j] != NULL; j++)
        if (g_strcmp0 (form[i].values[j], value ? value : "") == 0)
          {
            GListModel *labels = adw_combo_row_get_model (ADW_COMBO_ROW (input_widget (self, &form[i])));
            return g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (labels), j));
          }
    }

  return g_strdup (value);
}

static void
load_history (BansouBodyEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *subtitle = NULL;
  guint shown = 0;

  for (guint i = 0; i < self->history_rows->len; i++)
    adw_expander_row_remove (self->history_row, g_ptr_array_index (self->history_rows, i));
  g_ptr_array_set_size (self->history_rows, 0);

  entries = bansou_store_list_audit (bansou_context_get_store (self->context), "body",
                                     bansou_body_get_code (self->body), &error);
  if (entries == NULL)
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }

  /* Newest first; a long history is for bansouctl. */
  for (guint i = entries->len; i > 0 && shown < 200; i--, shown++)
    {
      BansouAuditEntry *e = g_ptr_array_index (entries, i - 1);
      g_autofree char *old_display = display_value (self, e->field, e->old_value);
      g_autofree char *new_display = display_value (self, e->field, e->new_value);
      g_autofree char *old_value = shorten (old_display);
      g_autofree char *new_value = shorten (new_display);
      g_autofree char *when = format_time (e->at);
      g_autofree char *title = NULL;
      g_autofree char *row_subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      if (g_str_equal (e->field, "created") || g_str_equal (e->field, "removed"))
        title = g_strdup_printf ("%s: %s", field_label (e->field),
                                 e->new_value ? new_value : old_value);
      else
        /* TRANSLATORS: "Population: 205000 → 208000" */
        title = g_strdup_printf (_("%s: %s → %s"), field_label (e->field), old_value, new_value);
      /* TRANSLATORS: who changed it, and when */
      row_subtitle = g_strdup_printf (_("%s · %s"), e->actor ? e->actor : "—", when);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), row_subtitle);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      adw_expander_row_add_row (self->history_row, row);
      g_ptr_array_add (self->history_rows, row);
    }

  if (entries->len == 0)
    subtitle = g_strdup (_("No changes recorded yet"));
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change", "%u changes", entries->len),
                                entries->len);
  adw_expander_row_set_subtitle (self->history_row, subtitle);
  adw_expander_row_set_enable_expansion (self->history_row, entries->len > 0);
}

/* ------------------------------------------------------------------------ */

static void
load_form (BansouBodyEditor *self)
{
  BansouRegistry *registry;
  g_autofree char *meta = NULL;
  g_autofree char *number = NULL;
  gboolean other;

  if (self->body == NULL || self->context == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  registry = bansou_context_get_registry (self->context);
  other = is_other_body (self);

  gtk_label_set_label (self->name_label, bansou_body_get_name (self->body));
  gtk_label_set_label (self->kana_label, bansou_body_get_kana (self->body));
  gtk_widget_set_visible (GTK_WIDGET (self->kana_label), *bansou_body_get_kana (self->body) != '\0');
  if (bansou_body_get_builtin (self->body))
    /* TRANSLATORS: code · kind, e.g. "342025 · City" */
    meta = g_strdup_printf (_("%s · %s"), bansou_body_get_code (self->body), bansou_body_get_kind_label (self->body));
  else
    /* TRANSLATORS: code · kind · who registered it */
    meta = g_strdup_printf (_("%s · %s · registered by the prefecture"),
                            bansou_body_get_code (self->body), bansou_body_get_kind_label (self->body));
  gtk_label_set_label (self->meta_label, meta);

  gtk_widget_set_visible (GTK_WIDGET (self->other_group), other);
  gtk_widget_set_visible (GTK_WIDGET (self->members_group), other);

  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (form); i++)
    {
      g_autofree char *value = NULL;

      if (!field_in_use (self, &form[i]))
        continue;
      value = bansou_registry_get_field (registry, self->body, form[i].field);
      set_input_value (self, &form[i], value);
    }
  load_members (self);
  self->loading = FALSE;

  load_history (self);
  validate (self);

  gtk_stack_set_visible_child_name (self->stack, "body");
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                */

static void
input_changed_cb (BansouBodyEditor *self)
{
  validate (self);
}

static void
body_notify_cb (BansouBodyEditor *self,
                GParamSpec       *pspec,
                BansouBody       *body)
{
  /* Someone else changed this body (another window, bansouctl through a
   * reload): show what is stored. Our own saves reload once at the end. */
  if (!self->saving)
    load_form (self);
}

/* ------------------------------------------------------------------------ */
/* Actions                                                                  */

static gboolean
save (BansouBodyEditor *self)
{
  BansouRegistry *registry = bansou_context_get_registry (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  guint n_saved = 0;

  validate (self);
  if (!self->can_save)
    return FALSE;

  code = g_strdup (bansou_body_get_code (self->body));
  self->saving = TRUE;

  /* Each field is its own transaction with its audit line; on an error
   * the fields before it stay saved and the form shows what is stored. */
  for (guint i = 0; i < G_N_ELEMENTS (form) && error == NULL; i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *stored = NULL;

      if (!field_in_use (self, &form[i]))
        continue;

      value = get_input_value (self, &form[i]);
      stored = bansou_registry_get_field (registry, self->body, form[i].field);
      if (g_strcmp0 (value, stored) == 0)
        continue;

      if (bansou_registry_set_field (registry, code, form[i].field, value, &error))
        n_saved++;
    }

  if (error == NULL && members_changed (self))
    {
      g_ptr_array_add (self->members, NULL);
      if (bansou_registry_set_members (registry, code, (const char * const *) self->members->pdata, &error))
        n_saved++;
      g_ptr_array_remove_index (self->members, self->members->len - 1);
    }

  self->saving = FALSE;

  name = g_strdup (bansou_body_get_name (self->body));
  load_form (self);

  if (error != NULL)
    {
      g_autofree char *reason = bansou_ui_error_message (error);
      g_autofree char *message = g_strdup_printf (_("Could not save %s: %s"), name, reason);
      bansou_show_message (GTK_WIDGET (self), message);
    }
  else if (n_saved > 0)
    {
      g_autofree char *message = g_strdup_printf (_("Saved %s"), name);
      bansou_show_message (GTK_WIDGET (self), message);
    }
  return error == NULL;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (BANSOU_BODY_EDITOR (widget));
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load_form (BANSOU_BODY_EDITOR (widget));
}

/* ------------------------------------------------------------------------ */

static void
bansou_body_editor_dispose (GObject *object)
{
  BansouBodyEditor *self = (BansouBodyEditor *)object;

  if (self->body != NULL)
    g_clear_signal_handler (&self->notify_handler, self->body);
  g_clear_object (&self->body);
  g_clear_object (&self->candidates);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bansou_body_editor_parent_class)->dispose (object);
}

static void
bansou_body_editor_finalize (GObject *object)
{
  BansouBodyEditor *self = (BansouBodyEditor *)object;

  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->saved_members, g_strfreev);
  g_clear_pointer (&self->member_rows, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (bansou_body_editor_parent_class)->finalize (object);
}

static void
bansou_body_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BansouBodyEditor *self = BANSOU_BODY_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_BODY:
      g_value_set_object (value, self->body);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_body_editor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BansouBodyEditor *self = BANSOU_BODY_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      bansou_body_editor_set_context (self, g_value_get_object (value));
      break;
    case PROP_BODY:
      bansou_body_editor_set_body (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bansou_body_editor_class_init (BansouBodyEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bansou_body_editor_dispose;
  object_class->finalize = bansou_body_editor_finalize;
  object_class->get_property = bansou_body_editor_get_property;
  object_class->set_property = bansou_body_editor_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BANSOU_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BODY] =
    g_param_spec_object ("body", NULL, NULL, BANSOU_TYPE_BODY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/bansou/Bansou/bansou-body-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, name_label);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, kana_label);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, meta_label);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, applicability_box);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, applicability_label);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, applicability_detail);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, other_group);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, kana_row);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, lgwan_row);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, confidential_row);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, decision_reason_row);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, decision_row);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, members_group);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, member_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, population_row);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, it_staff_row);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, ciso_name_row);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, ciso_title_row);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, csirt_contact_row);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, notes_view);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, history_row);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, BansouBodyEditor, save_button);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "editor.add-member", NULL, add_member_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
}

static void
bansou_body_editor_init (BansouBodyEditor *self)
{
  g_autoptr(GtkExpression) name_expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->members = g_ptr_array_new_with_free_func (g_free);
  self->member_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (form); i++)
    {
      GtkWidget *widget = input_widget (self, &form[i]);

      switch (form[i].input)
        {
        case INPUT_ENTRY:
          self->error_icons[i] = gtk_image_new_from_icon_name ("dialog-error-symbolic");
          gtk_widget_add_css_class (self->error_icons[i], "error");
          gtk_widget_set_visible (self->error_icons[i], FALSE);
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (widget), self->error_icons[i]);
          g_signal_connect_swapped (widget, "changed", G_CALLBACK (input_changed_cb), self);
          break;
        case INPUT_COMBO:
          g_signal_connect_swapped (widget, "notify::selected", G_CALLBACK (input_changed_cb), self);
          break;
        case INPUT_TEXT:
          g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), "changed",
                                    G_CALLBACK (input_changed_cb), self);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  name_expression = gtk_property_expression_new (BANSOU_TYPE_BODY, NULL, "name");
  gtk_drop_down_set_expression (self->member_dropdown, name_expression);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.revert", FALSE);
}

/* ------------------------------------------------------------------------ */

BansouContext *
bansou_body_editor_get_context (BansouBodyEditor *self)
{
  g_return_val_if_fail (BANSOU_IS_BODY_EDITOR (self), NULL);
  return self->context;
}

void
bansou_body_editor_set_context (BansouBodyEditor *self,
                                BansouContext    *context)
{
  g_return_if_fail (BANSOU_IS_BODY_EDITOR (self));
  g_return_if_fail (!context || BANSOU_IS_CONTEXT (context));

  if (g_set_object (&self->context, context))
    {
      load_form (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
    }
}

/**
 * bansou_body_editor_get_body:
 *
 * Returns: (transfer none) (nullable): the body shown
 */
BansouBody *
bansou_body_editor_get_body (BansouBodyEditor *self)
{
  g_return_val_if_fail (BANSOU_IS_BODY_EDITOR (self), NULL);
  return self->body;
}

/**
 * bansou_body_editor_set_body:
 * @body: (nullable): the body to show; unsaved changes to the previous
 *   one are dropped
 */
void
bansou_body_editor_set_body (BansouBodyEditor *self,
                             BansouBody       *body)
{
  g_return_if_fail (BANSOU_IS_BODY_EDITOR (self));
  g_return_if_fail (!body || BANSOU_IS_BODY (body));

  if (self->body == body)
    return;

  if (self->body != NULL && self->changed)
    {
      g_autofree char *message = g_strdup_printf (_("Unsaved changes to %s were discarded"),
                                                  bansou_body_get_name (self->body));
      bansou_show_message (GTK_WIDGET (self), message);
    }

  self->changed = FALSE;
  self->can_save = FALSE;
  if (self->body != NULL)
    g_clear_signal_handler (&self->notify_handler, self->body);
  g_set_object (&self->body, body);
  if (body != NULL)
    self->notify_handler = g_signal_connect_object (body, "notify", G_CALLBACK (body_notify_cb),
                                                    self, G_CONNECT_SWAPPED);

  load_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BODY]);
}

/**
 * bansou_body_editor_has_changes:
 *
 * Returns: whether the form holds edits that are not stored yet
 */
gboolean
bansou_body_editor_has_changes (BansouBodyEditor *self)
{
  g_return_val_if_fail (BANSOU_IS_BODY_EDITOR (self), FALSE);
  return self->body != NULL && self->changed;
}

/**
 * bansou_body_editor_can_save:
 *
 * Returns: whether the edits are valid and can be saved
 */
gboolean
bansou_body_editor_can_save (BansouBodyEditor *self)
{
  g_return_val_if_fail (BANSOU_IS_BODY_EDITOR (self), FALSE);
  return self->can_save;
}

/**
 * bansou_body_editor_save:
 *
 * Saves the edits, as the Save button does.
 *
 * Returns: %TRUE if everything was stored
 */
gboolean
bansou_body_editor_save (BansouBodyEditor *self)
{
  g_return_val_if_fail (BANSOU_IS_BODY_EDITOR (self), FALSE);
  return save (self);
}

/**
 * bansou_body_editor_discard:
 *
 * Drops the edits: the form shows what is stored.
 */
void
bansou_body_editor_discard (BansouBodyEditor *self)
{
  g_return_if_fail (BANSOU_IS_BODY_EDITOR (self));
  if (self->body != NULL)
    load_form (self);
}

/* The input for a registry field ("population"), for the tests. */
GtkWidget *
_bansou_body_editor_get_input (BansouBodyEditor *self,
                               const char       *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (form); i++)
    if (g_str_equal (form[i].field, field))
      return input_widget (self, &form[i]);
  return NULL;
}

gboolean
_bansou_body_editor_can_save (BansouBodyEditor *self)
{
  return self->can_save;
}

const char *
_bansou_body_editor_get_error (BansouBodyEditor *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : NULL;
}

GtkWidget *
_bansou_body_editor_get_error_label (BansouBodyEditor *self)
{
  return GTK_WIDGET (self->error_label);
}

guint
_bansou_body_editor_get_n_history (BansouBodyEditor *self)
{
  return self->history_rows->len;
}
