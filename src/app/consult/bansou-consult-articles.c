/* bansou-consult-articles.c — the Q&A base on the 相談 page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Every article in one query (bansou_consult_list_articles), or those the
 * page's search found; the one chosen with its question and answer and
 * the moves 下書き → 県内 → 全国共有 (only the article's origin changes it:
 * the core refuses the others, and the buttons are not offered).
 */
#define G_LOG_DOMAIN "bansou-consult-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-consult-page-private.h"
#include "bansou-window.h"

static GtkWidget *
article_row (const char *id,
             const char *title,
             const char *subtitle)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  label = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "article", g_strdup (id), g_free);
  return row;
}

void
_bansou_consult_page_reload_articles (BansouConsultPage *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->articles_list))))
    gtk_list_box_remove (self->articles_list, child);

  if (self->found_articles != NULL)
    {
      for (guint i = 0; i < self->found_articles->len; i++, n++)
        {
          BansouSearchHit *hit = g_ptr_array_index (self->found_articles, i);
          gtk_list_box_append (self->articles_list, article_row (hit->id, hit->title, hit->snippet));
        }
      adw_status_page_set_title (self->articles_status, _("No Results"));
      adw_status_page_set_description (self->articles_status, _("No article matches the search."));
    }
  else
    {
      g_clear_pointer (&self->articles, g_ptr_array_unref);
      if (!(self->articles = bansou_consult_list_articles (self->consult, -1, 0, &error)))
        {
          bansou_show_error (GTK_WIDGET (self), error);
          return;
        }
      for (guint i = 0; i < self->articles->len; i++, n++)
        {
          BansouArticle *a = g_ptr_array_index (self->articles, i);
          /* TRANSLATORS: under an article's title: its category · visibility */
          g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), bansou_ticket_category_get_label (a->category),
                                                       bansou_visibility_get_label (a->visibility));
          gtk_list_box_append (self->articles_list, article_row (a->id, a->title, subtitle));
        }
      adw_status_page_set_title (self->articles_status, _("No Articles"));
      adw_status_page_set_description (self->articles_status,
                                       _("A solved consultation becomes an article with “Make Article…”; articles shared by the national desk and other prefectures arrive with a sync."));
    }
  gtk_stack_set_visible_child_name (self->articles_stack, n > 0 ? "list" : "empty");
}

static void
visibility_clicked_cb (GtkButton         *button,
                       BansouConsultPage *self)
{
  BansouVisibility visibility = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "visibility"));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (self->article == NULL)
    return;
  id = g_strdup (self->article->id);
  if (!bansou_consult_set_visibility (self->consult, id, visibility, &error))
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  _bansou_consult_page_reload_articles (self);
  _bansou_consult_page_show_article (self, id);
}

static GtkWidget *
text_block (const char *title,
            const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

void
_bansou_consult_page_show_article (BansouConsultPage *self,
                                   const char        *id)
{
  g_autoptr(GError) error = NULL;
  BansouArticle *a = bansou_consult_lookup_article (self->consult, id, &error);
  const char *scope = bansou_context_get_scope (self->context);
  g_autofree char *updated = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *child, *label, *buttons;
  static const struct {
    BansouVisibility visibility;
    const char      *label;
  } publish[] = {
    { BANSOU_VISIBILITY_DRAFT, N_("Back to _Draft") },
    { BANSOU_VISIBILITY_PREFECTURE, N_("Publish in the _Prefecture") },
    { BANSOU_VISIBILITY_NATIONAL, N_("Share _Nationally") },
  };

  if (a == NULL)
    {
      bansou_show_error (GTK_WIDGET (self), error);
      return;
    }
  g_clear_pointer (&self->article, bansou_article_free);
  self->article = a;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->article_box))))
    gtk_box_remove (self->article_box, child);

  label = gtk_label_new (a->title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-2");
  gtk_box_append (self->article_box, label);
  updated = _bansou_consult_format_datetime (a->updated_at);
  /* TRANSLATORS: under an article's title: category · visibility · updated */
  subtitle = g_strdup_printf (_("%s · %s · updated %s"), bansou_ticket_category_get_label (a->category),
                              bansou_visibility_get_label (a->visibility), updated);
  label = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (self->article_box, label);

  if (g_strcmp0 (a->origin, scope) == 0)
    {
      buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      for (guint i = 0; i < G_N_ELEMENTS (publish); i++)
        {
          GtkWidget *button;

          if (publish[i].visibility == a->visibility)
            continue;
          button = gtk_button_new_with_mnemonic (_(publish[i].label));
          g_object_set_data (G_OBJECT (button), "visibility", GINT_TO_POINTER (publish[i].visibility));
          if (publish[i].visibility > a->visibility)
            gtk_widget_add_css_class (button, "suggested-action");
          g_signal_connect (button, "clicked", G_CALLBACK (visibility_clicked_cb), self);
          gtk_box_append (GTK_BOX (buttons), button);
        }
      gtk_box_append (self->article_box, buttons);
    }
  else
    {
      label = gtk_label_new (_("Shared by another desk: only its origin changes it."));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->article_box, label);
    }

  if (a->question != NULL && *a->question != '\0')
    gtk_box_append (self->article_box, text_block (_("Question"), a->question));
  gtk_box_append (self->article_box, text_block (_("Answer"), a->answer));
  gtk_stack_set_visible_child_name (self->article_stack, "article");
}

void
_bansou_consult_article_selected_cb (BansouConsultPage *self,
                                     GtkListBoxRow     *row)
{
  const char *id = row ? g_object_get_data (G_OBJECT (row), "article") : NULL;

  if (id != NULL)
    _bansou_consult_page_show_article (self, id);
}
