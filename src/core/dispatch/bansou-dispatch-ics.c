/* bansou-dispatch-ics.c — visits as iCalendar (RFC 5545), through libical
 *
 * The export is one VCALENDAR per expert or per body, one VEVENT per
 * visit: UID the visit's id, DTSTART and DTEND in Asia/Tokyo with the
 * VTIMEZONE in the file (Japan has kept +09:00 without summer time since
 * 1951, so the zone is one STANDARD rule), SUMMARY and LOCATION in the
 * language of the UI (Japanese for the officials), STATUS CONFIRMED or
 * CANCELLED, and SEQUENCE from the audit trail's count of slot changes
 * so calendar programs take a moved visit as an update.
 *
 * The import reads such a file back, e.g. after the expert moved a visit
 * in their own calendar program: the whole file is checked first (a
 * VCALENDAR of VERSION 2.0 with a PRODID, no line libical could not
 * parse, every VEVENT with UID, DTSTAMP and DTSTART), then each event
 * whose UID is a visit moves it (with the conflict check of a move) or
 * cancels it (STATUS:CANCELLED), all in one transaction; events that are
 * not visits of this workbench are counted and left alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#define G_LOG_DOMAIN "bansou-dispatch"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libical/ical.h>

#include "bansou-dispatch-private.h"

#define TOKYO_TZID "Asia/Tokyo"

static const char tokyo_vtimezone[] =
  "BEGIN:VTIMEZONE\r\n"
  "TZID:" TOKYO_TZID "\r\n"
  "BEGIN:STANDARD\r\n"
  "DTSTART:19510908T000000\r\n"
  "TZOFFSETFROM:+0900\r\n"
  "TZOFFSETTO:+0900\r\n"
  "TZNAME:JST\r\n"
  "END:STANDARD\r\n"
  "END:VTIMEZONE\r\n";

static icaltimezone *
tokyo_zone_new (void)
{
  icaltimezone *zone = icaltimezone_new ();

  icaltimezone_set_component (zone, icalcomponent_new_from_string (tokyo_vtimezone));
  return zone;
}

static void
tokyo_zone_free (icaltimezone *zone)
{
  icaltimezone_free (zone, 1);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (icaltimezone, tokyo_zone_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (icalcomponent, icalcomponent_free)

static struct icaltimetype
local_time (const char   *day,
            guint         minutes,
            icaltimezone *zone)
{
  struct icaltimetype t = icaltime_from_string (day);  /* a DATE */

  t.is_date = 0;
  t.hour = minutes / 60;
  t.minute = minutes % 60;
  t.second = 0;
  if (minutes == 24 * 60)
    {
      t.hour = 0;
      icaltime_adjust (&t, 1, 0, 0, 0);
    }
  return icaltime_set_timezone (&t, zone);
}

static gint64
slot_changes (BansouStore *store,
              const char  *id)
{
  g_autoptr(sqlite3_stmt) stmt =
    _bansou_store_prepare (store, "SELECT count (*) FROM audit WHERE entity = 'visit' AND key = ? "
                                  "AND field = 'slot' AND old_value IS NOT NULL", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/**
 * bansou_dispatch_export_ics:
 * @expert: (nullable): this expert's visits
 * @body: (nullable): the visits at this body; at least one of the two
 *
 * Returns: (transfer full): the calendar, RFC 5545 text with CRLF lines
 */
char *
bansou_dispatch_export_ics (BansouDispatch  *self,
                            const char      *expert,
                            const char      *body,
                            GError         **error)
{
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(icaltimezone) zone = NULL;
  g_autoptr(icalcomponent) cal = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  char *text;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), NULL);

  if (expert == NULL && body == NULL)
    {
      g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_INVALID,
                   _("A calendar is exported per expert or per body: give one"));
      return NULL;
    }
  if (expert)
    {
      g_autoptr(BansouExpert) e = bansou_dispatch_get_expert (self, expert, error);
      if (e == NULL)
        return NULL;
      name = g_strdup (e->name);
    }
  if (body)
    {
      g_autoptr(BansouBody) b = bansou_registry_lookup (self->registry, body, error);
      if (b == NULL)
        return NULL;
      g_free (name);
      name = g_strdup (bansou_body_get_name (b));
    }
  if (!(visits = bansou_dispatch_list_visits (self, expert, body, NULL, NULL, error)))
    return NULL;

  icalerror_set_errors_are_fatal (0);
  zone = tokyo_zone_new ();
  cal = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (cal, icalproperty_new_prodid ("-//Bansō//Expert dispatch//JA"));
  icalcomponent_add_property (cal, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (cal, icalproperty_new_calscale ("GREGORIAN"));
  icalcomponent_add_property (cal, icalproperty_new_method (ICAL_METHOD_PUBLISH));
  /* Translators: the name of an exported calendar; %s is an expert or a body */
  title = g_strdup_printf (_("Visits: %s"), name);
  {
    icalproperty *p = icalproperty_new_x (title);
    icalproperty_set_x_name (p, "X-WR-CALNAME");
    icalcomponent_add_property (cal, p);
  }
  {
    icalproperty *p = icalproperty_new_x (TOKYO_TZID);
    icalproperty_set_x_name (p, "X-WR-TIMEZONE");
    icalcomponent_add_property (cal, p);
  }
  icalcomponent_add_component (cal, icalcomponent_new_clone (icaltimezone_get_component (zone)));

  for (guint i = 0; i < visits->len; i++)
    {
      BansouVisit *v = g_ptr_array_index (visits, i);
      icalcomponent *ev = icalcomponent_new_vevent ();
      g_autoptr(GDateTime) stamp = g_date_time_new_from_iso8601 (v->updated_at, NULL);
      g_autofree char *summary = NULL;
      g_autoptr(GString) description = g_string_new (NULL);

      icalcomponent_add_property (ev, icalproperty_new_uid (v->id));
      icalcomponent_add_property (ev, icalproperty_new_dtstamp (
        icaltime_from_timet_with_zone (stamp ? g_date_time_to_unix (stamp) : 0, 0,
                                       icaltimezone_get_utc_timezone ())));
      icalcomponent_set_dtstart (ev, local_time (v->day, v->start_min, zone));
      icalcomponent_set_dtend (ev, local_time (v->day, v->end_min, zone));
      icalcomponent_add_property (ev, icalproperty_new_sequence ((int) slot_changes (self->store, v->id)));
      /* Translators: SUMMARY of a visit in a calendar: the visit's number, the body, the expert */
      summary = g_strdup_printf (_("Visit %d: %s (%s)"), (int) v->number, v->body_name, v->expert_name);
      icalcomponent_add_property (ev, icalproperty_new_summary (summary));
      icalcomponent_add_property (ev, icalproperty_new_location (v->body_name));
      for (guint k = 0; k < v->questions->len; k++)
        {
          BansouVisitQuestion *q = g_ptr_array_index (v->questions, k);
          const BansouQuestion *question = bansou_catalog_lookup_question (self->catalog, q->question);
          g_string_append_printf (description, "%s・%s", k ? "\n" : "",
                                  question ? bansou_question_get_label (question) : q->question);
        }
      if (description->len)
        icalcomponent_add_property (ev, icalproperty_new_description (description->str));
      icalcomponent_add_property (ev, icalproperty_new_status (v->state == BANSOU_VISIT_CANCELLED
                                                               ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
      icalcomponent_add_component (cal, ev);
    }

  text = icalcomponent_as_ical_string_r (cal);
  return text;
}

static gboolean
ics_error (GError     **error,
           const char  *why)
{
  g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_ICS,
               /* Translators: %s says what is wrong with the file */
               _("The file is not an iCalendar file (RFC 5545): %s. Nothing was imported."), why);
  return FALSE;
}

/* The event's start or end as a day and minutes in Tokyo; FALSE for a
 * date without a time. */
static gboolean
to_local (struct icaltimetype   t,
          icaltimezone         *zone,
          char                **day,
          guint                *minutes)
{
  if (icaltime_is_null_time (t) || t.is_date)
    return FALSE;
  if (t.zone != NULL || icaltime_is_utc (t))
    t = icaltime_convert_to_zone (t, zone);
  *day = g_strdup_printf ("%04d-%02d-%02d", t.year, t.month, t.day);
  *minutes = t.hour * 60 + t.minute;
  return TRUE;
}

typedef struct
{
  BansouDispatch  *self;
  icalcomponent   *cal;
  icaltimezone    *zone;
  BansouIcsImport *result;
  GPtrArray       *changed;
} Import;

static gboolean
import_cb (BansouStore  *store,
           gpointer      user_data,
           GError      **error)
{
  Import *op = user_data;

  for (icalcomponent *ev = icalcomponent_get_first_component (op->cal, ICAL_VEVENT_COMPONENT);
       ev != NULL; ev = icalcomponent_get_next_component (op->cal, ICAL_VEVENT_COMPONENT))
    {
      const char *uid = icalcomponent_get_uid (ev);
      g_autoptr(BansouVisit) v = NULL;
      g_autofree char *day = NULL;
      g_autofree char *end_day = NULL;
      guint start = 0, end = 0;

      op->result->n_events++;
      v = uid ? _bansou_dispatch_visit_from_id (op->self, uid, NULL) : NULL;
      if (v == NULL || v->state != BANSOU_VISIT_PLANNED)
        {
          if (v == NULL)
            op->result->n_skipped++;
          else
            op->result->n_unchanged++;
          continue;
        }
      if (icalcomponent_get_status (ev) == ICAL_STATUS_CANCELLED)
        {
          /* Translators: the reason recorded when an imported calendar cancels a visit */
          if (!bansou_dispatch_cancel_visit (op->self, v->id, _("cancelled in an imported calendar"), error))
            return FALSE;
          op->result->n_moved++;
          g_ptr_array_add (op->changed, g_strdup (v->id));
          continue;
        }
      if (!to_local (icalcomponent_get_dtstart (ev), op->zone, &day, &start) ||
          !to_local (icalcomponent_get_dtend (ev), op->zone, &end_day, &end))
        {
          g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_ICS,
                       _("The event of visit %d has no start and end time. Nothing was imported."),
                       (int) v->number);
          return FALSE;
        }
      if (!g_str_equal (day, end_day))
        {
          if (end == 0)
            end = 24 * 60;
          else
            {
              g_set_error (error, BANSOU_DISPATCH_ERROR, BANSOU_DISPATCH_ERROR_ICS,
                           _("The event of visit %d ends on another day. Nothing was imported."),
                           (int) v->number);
              return FALSE;
            }
        }
      if (g_str_equal (day, v->day) && start == v->start_min && end == v->end_min)
        {
          op->result->n_unchanged++;
          continue;
        }
      /* The move's own checks; its override stays when it had one. */
      if (!bansou_dispatch_move_visit (op->self, v->id, NULL, day, start, end,
                                       *v->override_reason ? v->override_reason : NULL, NULL, error))
        return FALSE;
      op->result->n_moved++;
      g_ptr_array_add (op->changed, g_strdup (v->id));
    }
  return TRUE;
}

/**
 * bansou_dispatch_import_ics:
 * @data: the file's bytes
 * @length: their length, or -1 when @data ends with NUL
 * @result: (out caller-allocates) (optional): what the import did
 *
 * Checks the whole file, then applies the moves and cancellations of
 * the visits it holds in one transaction; a file that is not RFC 5545,
 * or a move the conflict check refuses, writes nothing.
 */
gboolean
bansou_dispatch_import_ics (BansouDispatch   *self,
                            const char       *data,
                            gssize            length,
                            BansouIcsImport  *result,
                            GError          **error)
{
  g_autoptr(icalcomponent) cal = NULL;
  g_autoptr(icaltimezone) zone = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  BansouIcsImport local = { 0 };
  icalproperty *version;
  Import op;

  g_return_val_if_fail (BANSOU_IS_DISPATCH (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (result)
    memset (result, 0, sizeof *result);
  if (length < 0)
    length = strlen (data);
  if (length == 0)
    return ics_error (error, _("the file is empty"));
  if (memchr (data, '\0', length) || !g_utf8_validate (data, length, NULL))
    return ics_error (error, _("the file is not UTF-8 text"));
  text = g_strndup (data, length);
  {
    const char *p = text;
    if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
      p += 3;
    while (g_ascii_isspace (*p))
      p++;
    if (g_ascii_strncasecmp (p, "BEGIN:VCALENDAR", 15) != 0)
      return ics_error (error, _("it does not begin with BEGIN:VCALENDAR"));
  }

  icalerror_set_errors_are_fatal (0);
  cal = icalparser_parse_string (text);
  icalerror_clear_errno ();
  if (cal == NULL || icalcomponent_isa (cal) != ICAL_VCALENDAR_COMPONENT)
    return ics_error (error, _("there is no calendar (VCALENDAR) in it"));
  if (icalcomponent_count_errors (cal) > 0)
    return ics_error (error, _("some lines cannot be read"));
  version = icalcomponent_get_first_property (cal, ICAL_VERSION_PROPERTY);
  if (version == NULL || g_strcmp0 (icalproperty_get_version (version), "2.0") != 0)
    return ics_error (error, _("it does not say VERSION:2.0"));
  if (icalcomponent_get_first_property (cal, ICAL_PRODID_PROPERTY) == NULL)
    return ics_error (error, _("it has no PRODID"));
  for (icalcomponent *ev = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT);
       ev != NULL; ev = icalcomponent_get_next_component (cal, ICAL_VEVENT_COMPONENT))
    if (icalcomponent_get_first_property (ev, ICAL_UID_PROPERTY) == NULL ||
        icalcomponent_get_first_property (ev, ICAL_DTSTAMP_PROPERTY) == NULL ||
        icalcomponent_get_first_property (ev, ICAL_DTSTART_PROPERTY) == NULL)
      return ics_error (error, _("an event lacks its UID, DTSTAMP or DTSTART"));

  zone = tokyo_zone_new ();
  op.self = self;
  op.cal = cal;
  op.zone = zone;
  op.result = &local;
  op.changed = changed;
  if (!bansou_store_transaction (self->store, import_cb, &op, error))
    return FALSE;
  /* After the commit, as every write: the calendar shows the moves */
  for (guint i = 0; i < changed->len; i++)
    _bansou_dispatch_emit_changed (self, VISIT_TYPE, g_ptr_array_index (changed, i));
  if (result)
    *result = local;
  return TRUE;
}
