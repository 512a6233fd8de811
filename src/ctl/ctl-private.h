/* ctl-private.h — shared by bansouctl's commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bansou-core.h"

G_BEGIN_DECLS

typedef enum
{
  CTL_FORMAT_TEXT,
  CTL_FORMAT_CSV,
  CTL_FORMAT_JSON,
} CtlFormat;

typedef struct
{
  const char  *database;  /* --database, or NULL for the default */
  BansouStore *store;     /* opened on demand by ctl_open_store() */
} CtlContext;

/* A command returns its exit status; on failure it sets @error. */
typedef int (*CtlCommand) (CtlContext  *ctx,
                           int          argc,
                           char       **argv,
                           GError     **error);

#define CTL_ERROR (ctl_error_quark ())
GQuark       ctl_error_quark     (void);
enum { CTL_ERROR_USAGE, CTL_ERROR_FAILED };

BansouStore *ctl_open_store      (CtlContext  *ctx,
                                  GError     **error);
gboolean     ctl_parse_options   (GOptionEntry *entries,
                                  int          *argc,
                                  char       ***argv,
                                  GError      **error);
void         ctl_print_json      (JsonBuilder *b);
void         ctl_print_row       (const char  *text,
                                  ...) G_GNUC_NULL_TERMINATED;
gboolean     ctl_wants_help      (int          argc,
                                  char       **argv);
gboolean     ctl_usage_error     (GError     **error,
                                  const char  *command);
gboolean     ctl_parse_command   (GOptionEntry *entries,
                                  int          *argc,
                                  char       ***argv,
                                  int           n_args,
                                  const char   *command,
                                  GError      **error);
gboolean     ctl_parse_format    (const char  *str,
                                  CtlFormat   *format,
                                  GError     **error);
char        *ctl_scope           (BansouStore *store);
char        *ctl_resolve_scope   (BansouStore     *store,
                                  BansouRegistry  *registry,
                                  const char      *prefecture,
                                  BansouBody     **out_body,
                                  GError         **error);

int ctl_cmd_init   (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_bodies (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_rounds (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_answers (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_progress (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_scores (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_demo (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_heatmap (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_report (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_sync (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_calendar (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_check (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_procurements (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_experts (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_visits (CtlContext *ctx, int argc, char **argv, GError **error);
/* ctl-consult-incident.c: tickets incident|incident-done|dispatch; argv[0] the subcommand */
int      ctl_consult_incident         (CtlContext *ctx, int argc, char **argv, GError **error);

/* The expert dispatch, shared by experts and visits (ctl-experts.c) */
typedef struct
{
  BansouStore    *store;
  BansouRegistry *registry;
  BansouCatalog  *catalog;
  BansouSurvey   *survey;
  BansouDispatch *dispatch;
} CtlDispatch;

void     ctl_dispatch_clear (CtlDispatch *d);
gboolean ctl_dispatch_open  (CtlContext  *ctx,
                             CtlDispatch *d,
                             GError     **error);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CtlDispatch, ctl_dispatch_clear)

/* ctl-consult.c: the consultation desk over the store (tickets, articles,
 * their incident commands) */
typedef struct
{
  BansouStore    *store;
  BansouRegistry *registry;
  BansouCalendar *calendar;
  BansouConsult  *consult;
} CtlDesk;

void     ctl_desk_clear (CtlDesk     *d);
gboolean ctl_desk_open  (CtlContext  *ctx,
                         CtlDesk     *d,
                         GError     **error);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CtlDesk, ctl_desk_clear)
int ctl_cmd_support (CtlContext *ctx, int argc, char **argv, GError **error);

int ctl_cmd_consult (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_tickets (CtlContext *ctx, int argc, char **argv, GError **error);
int ctl_cmd_articles (CtlContext *ctx, int argc, char **argv, GError **error);

G_END_DECLS
