/* bansou-body-sidebar.h — the list of bodies beside a page's editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <adwaita.h>

#include "bansou-core.h"

G_BEGIN_DECLS

#define BANSOU_TYPE_BODY_SIDEBAR (bansou_body_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (BansouBodySidebar, bansou_body_sidebar, BANSOU, BODY_SIDEBAR, AdwBin)

/**
 * BansouBodyMark:
 * @badge: a count shown in a badge beside the name; 0 for none
 * @badge_tooltip: (nullable) (transfer full): what the badge counts
 * @state_label: (nullable): the text of the pill at the end of the row;
 *   %NULL for no pill
 * @state_class: (nullable): the pill's style class, e.g. "progress-review"
 * @overdue_since: (nullable): an ISO date: the pill is marked overdue
 *
 * What a page shows beside one body. The strings other than
 * @badge_tooltip are only read during the call that fills them.
 */
typedef struct
{
  guint       badge;
  char       *badge_tooltip;
  const char *state_label;
  const char *state_class;
  const char *overdue_since;
} BansouBodyMark;

typedef void (*BansouBodyMarkFunc) (BansouBody     *body,
                                    BansouBodyMark *mark,
                                    gpointer        user_data);

GtkWidget  *bansou_body_sidebar_new               (void);
void        bansou_body_sidebar_set_bodies        (BansouBodySidebar  *self,
                                                   GListModel         *bodies);
BansouBody *bansou_body_sidebar_lookup            (BansouBodySidebar  *self,
                                                   const char         *code);
void        bansou_body_sidebar_set_mark_func     (BansouBodySidebar  *self,
                                                   BansouBodyMarkFunc  func,
                                                   gpointer            user_data,
                                                   GDestroyNotify      destroy);
void        bansou_body_sidebar_refresh           (BansouBodySidebar  *self,
                                                   const char         *code);
void        bansou_body_sidebar_set_current       (BansouBodySidebar  *self,
                                                   const char         *code);
const char *bansou_body_sidebar_get_current       (BansouBodySidebar  *self);
gboolean    bansou_body_sidebar_select            (BansouBodySidebar  *self,
                                                   const char         *code);
gboolean    bansou_body_sidebar_reveal            (BansouBodySidebar  *self,
                                                   const char         *code);
gboolean    bansou_body_sidebar_activate_body     (BansouBodySidebar  *self,
                                                   const char         *code);
void        bansou_body_sidebar_focus_search      (BansouBodySidebar  *self);
GtkWidget  *bansou_body_sidebar_get_top_child     (BansouBodySidebar  *self);
void        bansou_body_sidebar_set_top_child     (BansouBodySidebar  *self,
                                                   GtkWidget          *child);
const char *bansou_body_sidebar_get_filter_tooltip (BansouBodySidebar *self);
void        bansou_body_sidebar_set_filter_tooltip (BansouBodySidebar *self,
                                                   const char         *tooltip);
GListModel *bansou_body_sidebar_get_model         (BansouBodySidebar  *self);
GtkToggleButton *bansou_body_sidebar_get_filter_toggle (BansouBodySidebar *self);

G_END_DECLS
