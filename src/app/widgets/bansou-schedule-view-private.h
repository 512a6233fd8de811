/* bansou-schedule-view-private.h — what the bansou-schedule-view-*.c files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include "bansou-schedule-view.h"

G_BEGIN_DECLS

/* One event as the view keeps it: its day and minutes in Japan time and
 * its lane among the events it overlaps, worked out once when the model
 * changes so that a frame only places boxes. */
typedef struct
{
  BansouScheduleEvent *event;
  guint32              day;         /* Julian day of the start */
  int                  start_min;
  int                  end_min;     /* > start_min */
  guint16              lane;
  guint16              n_lanes;
  guint                conflict : 1;
  guint8               color;       /* index into the palette */
} Entry;

/* A day's column of the week drawn once into an image: a frame that
 * moves the focus, or scrolls by a day, repaints images, not text. */
typedef struct
{
  guint32          day;
  int              width;
  int              height;
  guint64          stamp;     /* when last used, to replace the oldest */
  cairo_surface_t *surface;
} CachedColumn;

#define N_CACHED_COLUMNS 21

typedef struct
{
  double header_h;
  double gutter_w;
  double column_w;
  double hour_h;      /* week */
  double row_h;       /* month */
} Geometry;

struct _BansouScheduleView
{
  GtkWidget            parent_instance;

  BansouCalendar      *calendar;
  GListModel          *model;
  gulong               items_changed_id;

  BansouScheduleMode   mode;
  guint32              focus_day;   /* Julian */
  guint                focus_slot;
  BansouScheduleEvent *selected;
  BansouScheduleEvent *hover;

  /* Every event, sorted by day and start */
  GArray              *entries;     /* of Entry */

  /* Text laid out once and kept while its width stays: a frame that
   * scrolls by a day lays out only the new day's events. */
  GHashTable          *event_layouts;   /* BansouScheduleEvent* → PangoLayout */
  GHashTable          *day_layouts;     /* Julian day → PangoLayout (week header) */
  GHashTable          *month_layouts;   /* Julian day → PangoLayout (month cell) */
  PangoLayout         *hour_layouts[BANSOU_SCHEDULE_N_SLOTS / 2 + 1];
  PangoLayout         *weekday_layouts[7];
  int                  layout_width;    /* the column width the caches were made for */
  GdkPaintable        *warning_icon;
  CachedColumn         columns[N_CACHED_COLUMNS];
  guint64              column_stamp;

  /* A drag on empty space proposes a slot */
  gboolean             dragging;
  guint32              drag_day;
  int                  drag_from;       /* minutes */
  int                  drag_to;
  double               drag_y;          /* where it began */
};

enum {
  PROP_0,
  PROP_CALENDAR,
  PROP_MODEL,
  PROP_MODE,
  PROP_DATE,
  PROP_SELECTED,
  N_PROPS
};

enum {
  EVENT_ACTIVATED,
  SLOT_PROPOSED,
  N_SIGNALS
};

extern GParamSpec *_bansou_schedule_view_properties[N_PROPS];
extern guint _bansou_schedule_view_signals[N_SIGNALS];

static inline double
minute_y (const Geometry *g,
          int             minute)
{
  minute = CLAMP (minute, BANSOU_SCHEDULE_FIRST_MINUTE, BANSOU_SCHEDULE_LAST_MINUTE);
  return g->header_h + (minute - BANSOU_SCHEDULE_FIRST_MINUTE) * g->hour_h / 60.0;
}

/* bansou-schedule-view.c */
guint32      _bansou_schedule_view_today           (void);
guint32      _bansou_schedule_view_first_day       (BansouScheduleView *self);
guint        _bansou_schedule_view_n_days          (BansouScheduleView *self);
void         _bansou_schedule_view_geometry        (BansouScheduleView *self,
                                                    Geometry           *g);
guint        _bansou_schedule_view_day_range       (BansouScheduleView *self,
                                                    guint32             first,
                                                    guint32             last,
                                                    guint              *start);
gboolean     _bansou_schedule_view_entry_rect      (BansouScheduleView *self,
                                                    const Geometry     *g,
                                                    const Entry        *entry,
                                                    graphene_rect_t    *rect);
const Entry *_bansou_schedule_view_find_entry      (BansouScheduleView *self,
                                                    BansouScheduleEvent *event);
const Entry *_bansou_schedule_view_hit_entry       (BansouScheduleView *self,
                                                    double              x,
                                                    double              y);
gboolean     _bansou_schedule_view_hit_slot        (BansouScheduleView *self,
                                                    double              x,
                                                    double              y,
                                                    guint32            *day,
                                                    int                *minute);
void         _bansou_schedule_view_move_focus      (BansouScheduleView *self,
                                                    guint32             day,
                                                    int                 slot);
void         _bansou_schedule_view_update_accessible (BansouScheduleView *self);
char        *_bansou_schedule_view_describe_entry  (BansouScheduleView *self,
                                                    const Entry        *entry,
                                                    gboolean            markup);
const char  *_bansou_schedule_view_day_reason      (BansouScheduleView *self,
                                                    guint32             day,
                                                    gboolean           *business);

/* bansou-schedule-view-draw.c */
guint8       _bansou_schedule_view_color_index     (const char         *color_class);
void         _bansou_schedule_view_snapshot        (GtkWidget          *widget,
                                                    GtkSnapshot        *snapshot);
void         _bansou_schedule_view_drop_layouts    (BansouScheduleView *self);

/* bansou-schedule-view-input.c */
void         _bansou_schedule_view_init_input      (BansouScheduleView *self);
void         _bansou_schedule_view_class_init_input (GtkWidgetClass    *widget_class);
gboolean     _bansou_schedule_view_query_tooltip   (GtkWidget          *widget,
                                                    int                 x,
                                                    int                 y,
                                                    gboolean            keyboard_tooltip,
                                                    GtkTooltip         *tooltip);

G_END_DECLS
