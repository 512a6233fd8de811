/* bansou-sync-page-conflicts.c — 同期: the conflicts list and resolving them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The conflicts, a list and the selected one side by side, with Keep Mine,
 * Take Theirs and Merge…
 * Part of BansouSyncPage (bansou-sync-page.c); the instance struct is in
 * bansou-sync-page-private.h.
 */
#define G_LOG_DOMAIN "bansou-sync-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bansou-conflict-util.h"
#include "bansou-merge-dialog.h"
#include "bansou-sync-page.h"
#include "bansou-sync-page-private.h"
#include "bansou-token-store.h"
#include "bansou-ui-util.h"
#include "bansou-window.h"

/* ------------------------------------------------------------------------ */
/* Conflicts                                                                */

static char *
dup_body_name (BansouSyncPage *self,
               const char     *code)
{
  g_autoptr(BansouBody) body = bansou_registry_lookup (bansou_context_get_registry (self->context), code, NULL);

  if (body == NULL)
    return g_strdup (code);
  return g_strdup_printf ("%s（%s）", bansou_body_get_name (body), code);
}

static const char *
question_label (BansouSyncPage *self,
                const char     *id)
{
  BansouCatalog *catalog = bansou_context_get_catalog (self->context);
  BansouQuestion *question = catalog && id ? bansou_catalog_lookup_question (catalog, id) : NULL;

  return question ? bansou_question_get_label (question) : id;
}

/* Kinds that are not a body's record of a round: what they are called. */
static const struct {
  const char *type;
  const char *label;
} record_labels[] = {
  { "procurement_project", N_("Joint procurement project") },
  { "procurement_participant", N_("Participation in a joint procurement") },
  { "ticket", N_("Consultation") },
  { "ticket_message", N_("Message of a consultation") },
  { "article", N_("Q&A article") },
  { "escalation", N_("Escalation to the national desk") },
  { "escalation_answer", N_("Answer of the national desk") },
  { "expert", N_("Expert") },
  { "dispatch_request", N_("Dispatch request") },
  { "visit", N_("Visit") },
};

static const char *
record_label (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (record_labels); i++)
    if (g_strcmp0 (record_labels[i].type, type) == 0)
      return _(record_labels[i].label);
  return type;
}

/* What the record is: "呉市（342025）" and the question, or "Progress";
 * for a record of no round, its kind, and its body or title. */
static char *
conflict_heading (BansouSyncPage       *self,
                  const BansouConflict *c)
{
  g_autofree char *body = c->body ? dup_body_name (self, c->body) : NULL;

  if (g_strcmp0 (c->reason, "double_booking") == 0)
    return g_strdup (_("Visit: double booking"));
  if (c->round == NULL)
    {
      g_autoptr(JsonObject) mine = bansou_conflict_parse_record (c->mine_json);
      g_autoptr(JsonObject) theirs = bansou_conflict_parse_record (c->theirs_json);
      g_autofree char *title = bansou_conflict_dup_value (theirs ? theirs : mine, "title");

      if (body != NULL)
        return g_strdup_printf ("%s: %s", body, record_label (c->type));
      if (title != NULL)
        return g_strdup_printf ("%s: %s", record_label (c->type), title);
      return g_strdup (record_label (c->type));
    }
  if (c->question == NULL)
    /* Translators: %s is a body, e.g. 呉市（342025）; the conflict is about its progress */
    return g_strdup_printf (_("%s: progress"), body);
  return g_strdup_printf ("%s: %s", body, question_label (self, c->question));
}

static char *
conflict_subtitle (const BansouConflict *c)
{
  g_autofree char *round = NULL;
  g_autofree char *when = bansou_conflict_format_time (c->detected_at);

  if (c->round == NULL)
    /* Translators: when the conflict was found */
    return g_strdup_printf (_("found %s"), when);
  round = bansou_ui_round_short_label (c->round);

  /* Translators: a round, and when the conflict was found */
  return g_strdup_printf (_("%s · found %s"), round, when);
}

static GtkWidget *
create_conflict_row (BansouSyncPage       *self,
                     const BansouConflict *c)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *heading = conflict_heading (self, c);
  g_autofree char *subtitle = conflict_subtitle (c);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *sub = gtk_label_new (subtitle);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (sub, "caption");
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), sub);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, heading);
  g_object_set_data_full (G_OBJECT (row), "bansou-conflict-id", g_memdup2 (&c->id, sizeof c->id), g_free);
  return row;
}

static GtkWidget *
grid_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "cell");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
attach_value (BansouSyncPage *self,
              const char     *text,
              int             column,
              int             row,
              gboolean        differs)
{
  GtkWidget *label = grid_label (text, differs ? "differs" : NULL);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_name (label, column == 1 ? "mine" : "theirs");
  gtk_size_group_add_widget (self->column_group, label);
  gtk_grid_attach (self->compare_grid, label, column, row, 1, 1);
}

/* Fills the comparison: one row per field, this workbench's version on
 * the left and the server's on the right; fields that differ are marked. */
static void
show_conflict (BansouSyncPage       *self,
               const BansouConflict *c)
{
  BansouSurvey *survey = bansou_context_get_survey (self->context);
  g_autoptr(JsonObject) mine = NULL;
  g_autoptr(JsonObject) theirs = NULL;
  g_autofree char *body = NULL;
  g_autofree char *round = NULL;
  g_autofree char *mine_by = NULL;
  g_autofree char *mine_at = NULL;
  g_autofree char *theirs_by = NULL;
  g_autofree char *theirs_at = NULL;
  const BansouConflictField *fields;
  GtkWidget *child;
  guint n_fields;
  int row = 0;

  /* A new group: the old cells leave it as they are destroyed. */
  g_clear_object (&self->column_group);
  self->column_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->compare_grid))))
    gtk_grid_remove (self->compare_grid, child);
  if (c == NULL)
    return;

  mine = bansou_conflict_parse_record (c->mine_json);
  theirs = bansou_conflict_parse_record (c->theirs_json);
  body = c->body ? dup_body_name (self, c->body) : NULL;
  round = c->round ? bansou_ui_round_short_label (c->round) : NULL;

  /* Who changed this workbench's version last, from the local record */
  if (c->round == NULL)
    ;   /* not a survey record: "Changed by" stays "—" on this side */
  else if (c->question != NULL)
    {
      g_autoptr(BansouAnswer) a = bansou_survey_get_answer (survey, c->round, c->body, c->question, NULL);

      if (a != NULL)
        {
          mine_by = g_strdup (a->updated_by);
          mine_at = bansou_conflict_format_time (a->updated_at);
        }
    }
  else
    {
      g_autoptr(BansouProgressInfo) p = bansou_survey_get_progress (survey, c->round, c->body, NULL);

      if (p != NULL)
        {
          mine_by = g_strdup (p->updated_by);
          mine_at = bansou_conflict_format_time (p->updated_at);
        }
    }
  theirs_by = bansou_conflict_dup_value (theirs, "updated_by");
  {
    g_autofree char *iso = bansou_conflict_dup_value (theirs, "updated_at");
    theirs_at = bansou_conflict_format_time (iso);
  }

  /* The record both versions are of */
  if (c->round == NULL)
    {
      g_autofree char *heading = conflict_heading (self, c);

      gtk_grid_attach (self->compare_grid, grid_label (C_("conflict", "Record"), "field"), 0, row, 1, 1);
      gtk_grid_attach (self->compare_grid, grid_label (heading, "identity"), 1, row++, 2, 1);
    }
  /* What the record's kind says about it (a double booking: the other visit) */
  if (c->description != NULL)
    {
      gtk_grid_attach (self->compare_grid, grid_label (_("What happened"), "field"), 0, row, 1, 1);
      gtk_grid_attach (self->compare_grid, grid_label (c->description, "identity"), 1, row++, 2, 1);
    }
  if (body != NULL)
    {
      gtk_grid_attach (self->compare_grid, grid_label (_("Body"), "field"), 0, row, 1, 1);
      gtk_grid_attach (self->compare_grid, grid_label (body, "identity"), 1, row++, 2, 1);
    }
  if (c->question != NULL)
    {
      gtk_grid_attach (self->compare_grid, grid_label (_("Question"), "field"), 0, row, 1, 1);
      gtk_grid_attach (self->compare_grid, grid_label (question_label (self, c->question), "identity"), 1, row++, 2, 1);
    }
  if (round != NULL)
    {
      gtk_grid_attach (self->compare_grid, grid_label (_("Round"), "field"), 0, row, 1, 1);
      gtk_grid_attach (self->compare_grid, grid_label (round, "identity"), 1, row++, 2, 1);
    }

  /* The two versions */
  gtk_grid_attach (self->compare_grid, grid_label ("", "column-title"), 0, row, 1, 1);
  gtk_grid_attach (self->compare_grid, grid_label (_("Your version (this workbench)"), "column-title"), 1, row, 1, 1);
  gtk_grid_attach (self->compare_grid,
                   grid_label (g_strcmp0 (c->reason, "double_booking") == 0
                               ? _("The visit booked on the server") : _("Server’s version"), "column-title"),
                   2, row++, 1, 1);

  fields = bansou_conflict_get_fields (c->type, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *m = bansou_conflict_dup_value (mine, fields[i].key);
      g_autofree char *t = bansou_conflict_dup_value (theirs, fields[i].key);
      g_autofree char *mine_text = bansou_conflict_format_value (&fields[i], m);
      g_autofree char *theirs_text = theirs ? bansou_conflict_format_value (&fields[i], t)
                                            : g_strdup (_("(the server has no version)"));
      gboolean differs = !bansou_conflict_values_equal (mine, theirs, fields[i].key);

      gtk_grid_attach (self->compare_grid, grid_label (_(fields[i].title), differs ? "field-differs" : "field"),
                       0, row, 1, 1);
      attach_value (self, mine_text, 1, row, differs);
      attach_value (self, theirs_text, 2, row++, differs);
    }

  gtk_grid_attach (self->compare_grid, grid_label (_("Changed by"), "field"), 0, row, 1, 1);
  attach_value (self, mine_by && *mine_by ? mine_by : "—", 1, row, FALSE);
  attach_value (self, theirs_by && *theirs_by ? theirs_by : "—", 2, row++, FALSE);
  gtk_grid_attach (self->compare_grid, grid_label (_("Changed at"), "field"), 0, row, 1, 1);
  attach_value (self, mine_at && *mine_at ? mine_at : "—", 1, row, FALSE);
  attach_value (self, theirs_at && *theirs_at ? theirs_at : "—", 2, row++, FALSE);
}

static void
select_conflict (BansouSyncPage *self,
                 gint64          id)
{
  self->selected_conflict = id;
  show_conflict (self, _bansou_sync_page_selected_conflict (self));
  _bansou_sync_page_update_actions (self);
}

void
_bansou_sync_page_load_conflicts (BansouSyncPage *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *keep = NULL;
  GtkWidget *child;
  guint n;

  conflicts = bansou_sync_list_conflicts (_bansou_sync_page_store (self), &error);
  if (conflicts == NULL)
    {
      g_warning ("Cannot read the conflicts: %s", error->message);
      conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) bansou_conflict_free);
    }
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  self->conflicts = g_steal_pointer (&conflicts);
  n = self->conflicts->len;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conflict_list))))
    gtk_list_box_remove (self->conflict_list, child);
  for (guint i = 0; i < n; i++)
    {
      const BansouConflict *c = g_ptr_array_index (self->conflicts, i);
      GtkWidget *row = create_conflict_row (self, c);

      gtk_list_box_append (self->conflict_list, row);
      if (c->id == self->selected_conflict)
        keep = GTK_LIST_BOX_ROW (row);
    }

  if (n > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (NULL, "%u conflict to resolve",
                                                             "%u conflicts to resolve", n), n);
      gtk_label_set_label (self->conflicts_title, title);
    }
  else
    gtk_label_set_label (self->conflicts_title, _("Conflicts"));
  gtk_stack_set_visible_child_name (self->conflict_stack, n > 0 ? "conflicts" : "none");

  {
    g_autofree char *count = bansou_format_count (n);
    gtk_label_set_label (self->conflicts_label, count);
  }
  if (n > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->conflicts_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->conflicts_label), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->review_button), n > 0);

  /* The same one stays selected; otherwise the oldest (row-selected
   * fills the comparison). */
  if (keep == NULL)
    keep = gtk_list_box_get_row_at_index (self->conflict_list, 0);
  if (keep != NULL)
    gtk_list_box_select_row (self->conflict_list, keep);
  else
    select_conflict (self, 0);

  _bansou_sync_page_update_badge (self);
  _bansou_sync_page_notify_n_conflicts (self);
}

static void
conflict_row_selected_cb (BansouSyncPage *self,
                          GtkListBoxRow  *row,
                          GtkListBox     *list)
{
  gint64 *id = row ? g_object_get_data (G_OBJECT (row), "bansou-conflict-id") : NULL;

  select_conflict (self, id ? *id : 0);
}

/* Writes the choice; the local data and the outbox change, so every page
 * and the counts read again. */
static gboolean
resolve (BansouSyncPage       *self,
         BansouConflictChoice  choice,
         const char           *merged_json,
         GError              **error)
{
  const BansouConflict *c = _bansou_sync_page_selected_conflict (self);
  g_autoptr(GError) reload_error = NULL;

  if (c == NULL)
    return TRUE;
  if (!bansou_sync_resolve_conflict (_bansou_sync_page_store (self), c->id, choice, merged_json, error))
    return FALSE;

  if (!bansou_survey_reload (bansou_context_get_survey (self->context), &reload_error))
    g_warning ("Cannot read the survey again: %s", reload_error->message);

  self->selected_conflict = 0;
  _bansou_sync_page_refresh (self, FALSE);

  switch (choice)
    {
    case BANSOU_CONFLICT_MINE:
      _bansou_sync_page_show_toast (self, _("Your version is kept; it is sent at the next sync"));
      break;
    case BANSOU_CONFLICT_THEIRS:
      _bansou_sync_page_show_toast (self, _("The server’s version replaced yours"));
      break;
    case BANSOU_CONFLICT_MERGED:
    default:
      _bansou_sync_page_show_toast (self, _("The merged version is kept; it is sent at the next sync"));
      break;
    }
  return TRUE;
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BansouSyncPage *self = BANSOU_SYNC_PAGE (widget);
  const char *which = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (!resolve (self, g_str_equal (which, "theirs") ? BANSOU_CONFLICT_THEIRS : BANSOU_CONFLICT_MINE,
                NULL, &error))
    _bansou_sync_page_show_error_toast (self, error);
}

static void
merged_cb (BansouSyncPage    *self,
           const char        *json,
           BansouMergeDialog *dialog)
{
  g_autoptr(GError) error = NULL;

  if (!resolve (self, BANSOU_CONFLICT_MERGED, json, &error))
    {
      g_autofree char *text = bansou_ui_error_message (error);

      bansou_merge_dialog_set_error (dialog, text);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BansouSyncPage *self = BANSOU_SYNC_PAGE (widget);
  const BansouConflict *c = _bansou_sync_page_selected_conflict (self);
  g_autofree char *heading = NULL;
  g_autofree char *round = NULL;
  BansouMergeDialog *dialog;
  GtkRoot *root;

  if (c == NULL)
    return;
  if (self->merge_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->merge_dialog));
      return;
    }

  heading = conflict_heading (self, c);
  round = c->round ? bansou_ui_round_short_label (c->round) : NULL;
  dialog = bansou_merge_dialog_new (c->type, c->mine_json, c->theirs_json, heading, round);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "merged", G_CALLBACK (merged_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->merge_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
review_clicked_cb (BansouSyncPage *self,
                   GtkButton      *button)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  gtk_widget_grab_focus (GTK_WIDGET (self->conflict_list));
}

static void
back_clicked_cb (BansouSyncPage *self,
                 GtkButton      *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

void
_bansou_sync_page_leaflet_notify_folded_cb (BansouSyncPage *self,
                                            GParamSpec     *pspec,
                                            AdwLeaflet     *leaflet)
{
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), adw_leaflet_get_folded (leaflet));
}

/* ------------------------------------------------------------------------ */

void
_bansou_sync_page_conflicts_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, review_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, conflict_row_selected_cb);
  gtk_widget_class_install_action (widget_class, "sync.resolve", "s", resolve_action);
  gtk_widget_class_install_action (widget_class, "sync.merge", NULL, merge_action);
}
