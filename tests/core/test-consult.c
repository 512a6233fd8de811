/* test-consult.c — the consultation desk: tickets, SLAs on the government
 * calendar, attachments, the Q&A base, search and the anonymiser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "bansou-consult.h"
#include "bansou-store-sql.h"
#include "bansou-test-utils.h"

#define HIROSHIMA_CITY "341002"
#define MITO_CITY      "082015"

typedef struct
{
  char           *path;
  BansouStore    *store;
  BansouRegistry *registry;
  BansouCalendar *calendar;
  BansouConsult  *consult;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *prefecture = data;

  f->store = bansou_test_open_store (&f->path);
  if (prefecture != NULL)
    {
      bansou_store_set_setting (f->store, "prefecture", prefecture, &error);
      g_assert_no_error (error);
    }
  f->registry = bansou_registry_new (f->store);
  f->calendar = bansou_calendar_new_for_store (f->store, &error);
  g_assert_no_error (error);
  f->consult = bansou_consult_new (f->registry, f->calendar);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->consult);
  g_clear_object (&f->calendar);
  g_clear_object (&f->registry);
  g_clear_object (&f->store);
  g_free (f->path);
}

static gint64
count_sql (Fixture    *f,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (f->store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
open_ticket (Fixture        *f,
             BansouPriority  priority,
             const char     *received_at)
{
  g_autoptr(GError) error = NULL;
  char *id = bansou_consult_open (f->consult, HIROSHIMA_CITY, BANSOU_CHANNEL_PHONE, BANSOU_TICKET_CATEGORY_TECHNICAL,
                                  priority, "VPN 装置の脆弱性について", "ファームウェアの更新手順を知りたい。",
                                  received_at, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static GDateTime *
jst (const char *text)
{
  GDateTime *dt = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (dt);
  return dt;
}

/* The deadline of @clock, in Japan time, as "YYYY-MM-DD HH:MM". */
static char *
deadline_text (const BansouSlaClock *clock)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+09:00");
  g_autoptr(GDateTime) local = NULL;

  if (clock->deadline == NULL)
    return g_strdup ("none");
  local = g_date_time_to_timezone (clock->deadline, tz);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* ------------------------------------------------------------------------ */

static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = open_ticket (f, BANSOU_PRIORITY_NORMAL, "2026-12-07T09:00:00+09:00");
  g_autofree char *note = NULL;
  g_autofree char *reply = NULL;
  g_autoptr(BansouTicket) t = NULL;
  gint64 audit_before;

  t = bansou_consult_lookup (f->consult, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (t->number, ==, 1);
  g_assert_cmpint (t->state, ==, BANSOU_TICKET_RECEIVED);
  g_assert_cmpstr (t->body_name, ==, "広島市");
  g_assert_cmpstr (t->received_at, ==, "2026-12-07T00:00:00Z");
  g_clear_pointer (&t, bansou_ticket_free);

  /* An internal note is not a first response; a reply is, and moves 受付 to 対応中. */
  note = bansou_consult_add_message (f->consult, id, BANSOU_MESSAGE_NOTE, "ベンダーに確認中", "2026-12-07T09:30:00+09:00",
                                     &error);
  g_assert_no_error (error);
  t = bansou_consult_lookup (f->consult, "1", &error);   /* by its number */
  g_assert_no_error (error);
  g_assert_null (t->first_response_at);
  g_clear_pointer (&t, bansou_ticket_free);

  reply = bansou_consult_add_message (f->consult, id, BANSOU_MESSAGE_REPLY, "手順書を送付します。",
                                      "2026-12-07T10:00:00+09:00", &error);
  g_assert_no_error (error);
  t = bansou_consult_lookup (f->consult, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (t->first_response_at, ==, "2026-12-07T01:00:00Z");
  g_assert_cmpint (t->state, ==, BANSOU_TICKET_IN_PROGRESS);
  g_assert_cmpuint (t->messages->len, ==, 2);
  g_assert_cmpstr (((BansouTicketMessage *) g_ptr_array_index (t->messages, 0))->kind, ==, "note");
  g_clear_pointer (&t, bansou_ticket_free);

  /* 保留 and back, then 回答済 → 完了. */
  g_assert_true (bansou_consult_set_state (f->consult, id, BANSOU_TICKET_ON_HOLD, "2026-12-07T11:00:00+09:00", &error));
  g_assert_true (bansou_consult_set_state (f->consult, id, BANSOU_TICKET_IN_PROGRESS, "2026-12-08T11:00:00+09:00",
                                           &error));
  g_assert_true (bansou_consult_set_state (f->consult, id, BANSOU_TICKET_ANSWERED, "2026-12-08T12:00:00+09:00", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM consult_pauses WHERE ended_at = '2026-12-08T02:00:00Z'"), ==, 1);

  /* Not allowed: back to 受付, 保留 from 回答済. Nothing written. */
  audit_before = count_sql (f, "SELECT count(*) FROM audit");
  g_assert_false (bansou_consult_set_state (f->consult, id, BANSOU_TICKET_RECEIVED, NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "受付"));
  g_clear_error (&error);
  g_assert_false (bansou_consult_set_state (f->consult, id, BANSOU_TICKET_ON_HOLD, NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* A time before the receipt */
  g_assert_false (bansou_consult_set_state (f->consult, id, BANSOU_TICKET_CLOSED, "2026-12-01T09:00:00+09:00", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit"), ==, audit_before);

  g_assert_true (bansou_consult_set_state (f->consult, id, BANSOU_TICKET_CLOSED, "2026-12-09T09:00:00+09:00", &error));
  g_assert_no_error (error);

  /* A reply to a closed ticket is refused, in Japanese, and nothing is written. */
  audit_before = count_sql (f, "SELECT count(*) FROM audit");
  g_assert_null (bansou_consult_add_message (f->consult, id, BANSOU_MESSAGE_REPLY, "追伸", NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "完了"));
  g_clear_error (&error);
  g_assert_false (bansou_consult_set_field (f->consult, id, "assignee", "佐藤", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM consult_messages"), ==, 2);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit"), ==, audit_before);

  /* Every change left its line: opened, note, reply, 4 states. */
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit WHERE entity = 'consult_ticket'"), ==, 7);
}

static void
test_fields (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = open_ticket (f, BANSOU_PRIORITY_NORMAL, NULL);
  g_autoptr(BansouTicket) t = NULL;
  const char *questions[] = { "2-1-1", "3-2-1", NULL };

  g_assert_true (bansou_consult_set_field (f->consult, id, "assignee", "佐藤", &error));
  g_assert_true (bansou_consult_set_field (f->consult, id, "priority", "high", &error));
  g_assert_true (bansou_consult_set_field (f->consult, id, "category", "サプライチェーン・調達", &error));
  g_assert_true (bansou_consult_set_field (f->consult, id, "incident", "true", &error));
  g_assert_true (bansou_consult_set_questions (f->consult, id, questions, &error));
  g_assert_no_error (error);

  t = bansou_consult_lookup (f->consult, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (t->assignee, ==, "佐藤");
  g_assert_cmpint (t->priority, ==, BANSOU_PRIORITY_HIGH);
  g_assert_cmpint (t->category, ==, BANSOU_TICKET_CATEGORY_SUPPLY_CHAIN);
  g_assert_true (t->incident);
  g_assert_cmpuint (g_strv_length (t->questions), ==, 2);

  /* Bad values: nothing written */
  g_assert_false (bansou_consult_set_field (f->consult, id, "priority", "urgent!", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bansou_consult_set_field (f->consult, id, "state", "closed", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bansou_consult_set_field (f->consult, id, "subject", "一行目\n二行目", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bansou_consult_set_field (f->consult, id, "subject", "", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nul_free = NULL;

  g_assert_null (bansou_consult_open (f->consult, "999999", BANSOU_CHANNEL_MAIL, BANSOU_TICKET_CATEGORY_OTHER,
                                      BANSOU_PRIORITY_LOW, "件名", NULL, NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "999999"));
  g_clear_error (&error);

  g_assert_null (bansou_consult_open (f->consult, HIROSHIMA_CITY, BANSOU_CHANNEL_MAIL, BANSOU_TICKET_CATEGORY_OTHER,
                                      BANSOU_PRIORITY_LOW, "  ", NULL, NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (bansou_consult_open (f->consult, HIROSHIMA_CITY, BANSOU_CHANNEL_MAIL, BANSOU_TICKET_CATEGORY_OTHER,
                                      BANSOU_PRIORITY_LOW, "件名", "本文\x01", NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (bansou_consult_open (f->consult, HIROSHIMA_CITY, BANSOU_CHANNEL_MAIL, BANSOU_TICKET_CATEGORY_OTHER,
                                      BANSOU_PRIORITY_LOW, "件名\xff", NULL, NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (bansou_consult_open (f->consult, HIROSHIMA_CITY, BANSOU_CHANNEL_MAIL, BANSOU_TICKET_CATEGORY_OTHER,
                                      BANSOU_PRIORITY_LOW, "件名", NULL, "昨日の午後", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (bansou_consult_lookup (f->consult, "no-such-ticket", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM consult_tickets"), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit WHERE entity = 'consult_ticket'"), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* SLAs on the government calendar */

typedef struct
{
  const char     *name;
  BansouPriority  priority;
  const char     *received;
  const char     *first_deadline;   /* Japan time */
  const char     *resolution_deadline;
} SlaCase;

static void
test_sla_calendar (Fixture       *f,
                   gconstpointer  data)
{
  /* Targets: critical 60 / 525, high 240 / 1,575, normal 525 / 2,625
   * office minutes; the office day is 8:30–17:15 (525 minutes). */
  static const SlaCase cases[] = {
    /* Over a weekend and into 年末年始 (12/29–1/3): Fri 16:00 + 75 min,
     * Mon 12/28 8:30 + 450 → 16:00; the resolution (5 days) runs Fri 75,
     * Mon 525, then 1/4, 1/5, 1/6 and 450 minutes of 1/7. */
    { "year-end", BANSOU_PRIORITY_NORMAL, "2026-12-25T16:00:00+09:00", "2026-12-28 16:00", "2027-01-07 16:00" },
    /* ゴールデンウィーク with 振替休日 on 5/6: Fri 15:00 + 135, then 5/7 8:30 + 105. */
    { "substitute", BANSOU_PRIORITY_HIGH, "2026-05-01T15:00:00+09:00", "2026-05-07 10:15", "2026-05-11 15:00" },
    /* シルバーウィーク: 敬老の日 9/21, 国民の休日 9/22, 秋分の日 9/23. */
    { "citizens", BANSOU_PRIORITY_CRITICAL, "2026-09-18T17:00:00+09:00", "2026-09-24 09:15", "2026-09-24 17:00" },
    /* Received after hours: the clock starts at the next opening. */
    { "after-hours", BANSOU_PRIORITY_CRITICAL, "2026-12-02T20:00:00+09:00", "2026-12-03 09:30", "2026-12-03 17:15" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = open_ticket (f, cases[i].priority, cases[i].received);
      g_autoptr(BansouTicket) t = bansou_consult_lookup (f->consult, id, &error);
      g_autoptr(GDateTime) now = jst (cases[i].received);
      g_autofree char *first = NULL;
      g_autofree char *resolution = NULL;
      BansouTicketSla sla;

      g_assert_no_error (error);
      g_assert_true (bansou_consult_compute_sla (f->consult, t, now, &sla, &error));
      g_assert_no_error (error);
      first = deadline_text (&sla.first_response);
      resolution = deadline_text (&sla.resolution);
      g_test_message ("%s: %s / %s", cases[i].name, first, resolution);
      g_assert_cmpstr (first, ==, cases[i].first_deadline);
      g_assert_cmpstr (resolution, ==, cases[i].resolution_deadline);
      g_assert_cmpint (sla.first_response.elapsed, ==, 0);
      g_assert_false (sla.first_response.breached);
      bansou_ticket_sla_clear (&sla);
    }
}

static void
test_sla_closed_day (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) day = g_date_new_dmy (13, G_DATE_NOVEMBER, 2026);
  g_autofree char *id = NULL;
  g_autoptr(BansouTicket) t = NULL;
  g_autoptr(GDateTime) now = jst ("2026-11-12T13:00:00+09:00");
  g_autofree char *first = NULL;
  BansouTicketSla sla;

  /* 茨城県民の日, Friday 11/13: Thu 13:00 + 255, then Mon 11/16 8:30 + 270. */
  g_assert_true (bansou_calendar_add_closed_day (f->calendar, day, "県民の日", &error));
  g_assert_no_error (error);
  id = bansou_consult_open (f->consult, MITO_CITY, BANSOU_CHANNEL_MAIL, BANSOU_TICKET_CATEGORY_POLICY,
                            BANSOU_PRIORITY_NORMAL, "規程の改定", NULL, "2026-11-12T13:00:00+09:00", &error);
  g_assert_no_error (error);
  t = bansou_consult_lookup (f->consult, id, &error);
  g_assert_true (bansou_consult_compute_sla (f->consult, t, now, &sla, &error));
  first = deadline_text (&sla.first_response);
  g_assert_cmpstr (first, ==, "2026-11-16 13:00");
  bansou_ticket_sla_clear (&sla);
}

static void
test_sla_pauses (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = open_ticket (f, BANSOU_PRIORITY_NORMAL, "2026-12-07T09:00:00+09:00");
  g_autoptr(BansouTicket) t = NULL;
  g_autoptr(GDateTime) noon = jst ("2026-12-07T12:00:00+09:00");
  g_autoptr(GDateTime) later = jst ("2026-12-09T09:15:00+09:00");
  g_autoptr(GDateTime) much_later = jst ("2026-12-09T12:00:00+09:00");
  g_autofree char *text = NULL;
  g_autofree char *remaining = NULL;
  BansouTicketSla sla;

  /* On hold from Mon 10:00: at noon the clock stands at 60 minutes. */
  g_assert_true (bansou_consult_set_state (f->consult, id, BANSOU_TICKET_ON_HOLD, "2026-12-07T10:00:00+09:00", &error));
  t = bansou_consult_lookup (f->consult, id, &error);
  g_assert_true (bansou_consult_compute_sla (f->consult, t, noon, &sla, &error));
  g_assert_no_error (error);
  g_assert_true (sla.first_response.paused);
  g_assert_null (sla.first_response.deadline);
  g_assert_cmpint (sla.first_response.elapsed, ==, 60 * 60);
  remaining = bansou_sla_format_remaining (f->consult, &sla.first_response);
  g_assert_cmpstr (remaining, ==, "残り 7時間45分");
  bansou_ticket_sla_clear (&sla);
  g_clear_pointer (&t, bansou_ticket_free);

  /* Back on Tue 10:00 after one office day on hold: the deadline moves by
   * it — Mon 10:00–17:15 and Tue 8:30–10:00, 525 minutes — to Wed 9:00
   * (Mon 9:00 + 525 + 525 office minutes). At 9:15 it is 15 minutes over. */
  g_assert_true (bansou_consult_set_state (f->consult, id, BANSOU_TICKET_IN_PROGRESS, "2026-12-08T10:00:00+09:00",
                                           &error));
  t = bansou_consult_lookup (f->consult, id, &error);
  g_assert_true (bansou_consult_compute_sla (f->consult, t, later, &sla, &error));
  text = deadline_text (&sla.first_response);
  g_assert_cmpstr (text, ==, "2026-12-09 09:00");
  g_assert_false (sla.first_response.paused);
  g_assert_true (sla.first_response.breached);
  g_assert_cmpint (sla.first_response.remaining, ==, -15 * 60);
  g_clear_pointer (&remaining, g_free);
  remaining = bansou_sla_format_remaining (f->consult, &sla.first_response);
  g_assert_cmpstr (remaining, ==, "超過 15分");
  bansou_ticket_sla_clear (&sla);
  g_clear_pointer (&t, bansou_ticket_free);

  /* The overdue view holds it. */
  {
    BansouTicketFilter filter = { NULL, -1, TRUE, 0, later };
    g_autoptr(GPtrArray) overdue = bansou_consult_list (f->consult, &filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (overdue->len, ==, 1);
  }

  /* A late reply stops the clock, late: breached and not met. */
  g_free (bansou_consult_add_message (f->consult, id, BANSOU_MESSAGE_REPLY, "回答します", "2026-12-09T09:25:00+09:00",
                                      &error));
  g_assert_no_error (error);
  t = bansou_consult_lookup (f->consult, id, &error);
  g_assert_true (bansou_consult_compute_sla (f->consult, t, much_later, &sla, &error));
  g_assert_true (sla.first_response.stopped);
  g_assert_true (sla.first_response.breached);
  g_assert_false (sla.first_response.met);
  g_assert_cmpint (sla.first_response.elapsed, ==, (525 + 25) * 60);
  g_assert_false (sla.resolution.stopped);
  bansou_ticket_sla_clear (&sla);
}

/* The queue's brief read: every state in one pass, the same tickets in the
 * same order as the full lists (open, then closed, merged newest first),
 * the same pauses and SLA, and no description. */
static void
test_brief_list (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = jst ("2026-12-10T11:00:00+09:00");
  BansouTicketFilter open = { NULL, -1, FALSE, 0, at };
  BansouTicketFilter closed = { NULL, BANSOU_TICKET_CLOSED, FALSE, 0, at };
  BansouTicketFilter all = { NULL, BANSOU_TICKET_FILTER_ANY_STATE, FALSE, 0, at, TRUE };
  BansouTicketFilter overdue = { NULL, -1, TRUE, 0, at, TRUE };
  BansouTicketFilter overdue_full = { NULL, -1, TRUE, 0, at };
  g_autoptr(GPtrArray) full_open = NULL;
  g_autoptr(GPtrArray) full_closed = NULL;
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autoptr(GPtrArray) brief = NULL;
  g_autoptr(GPtrArray) late = NULL;
  g_autoptr(GPtrArray) late_full = NULL;
  const char *received[] = { "2026-12-07T09:00:00+09:00", "2026-12-07T10:00:00+09:00", "2026-12-08T09:00:00+09:00",
                             "2026-12-08T09:00:00+09:00", "2026-12-09T13:00:00+09:00" };
  BansouPriority priority[] = { BANSOU_PRIORITY_HIGH, BANSOU_PRIORITY_NORMAL, BANSOU_PRIORITY_CRITICAL,
                                BANSOU_PRIORITY_LOW, BANSOU_PRIORITY_NORMAL };
  char *ids[G_N_ELEMENTS (received)];

  for (guint i = 0; i < G_N_ELEMENTS (received); i++)
    ids[i] = open_ticket (f, priority[i], received[i]);
  /* on hold and back (a closed pause), on hold now (an open one), closed */
  g_assert_true (bansou_consult_set_state (f->consult, ids[0], BANSOU_TICKET_ON_HOLD, "2026-12-07T11:00:00+09:00", &error));
  g_assert_true (bansou_consult_set_state (f->consult, ids[0], BANSOU_TICKET_IN_PROGRESS, "2026-12-08T11:00:00+09:00",
                                           &error));
  g_assert_true (bansou_consult_set_state (f->consult, ids[2], BANSOU_TICKET_ON_HOLD, "2026-12-08T10:00:00+09:00", &error));
  g_assert_true (bansou_consult_set_state (f->consult, ids[1], BANSOU_TICKET_ON_HOLD, "2026-12-07T12:00:00+09:00", &error));
  g_assert_true (bansou_consult_set_state (f->consult, ids[1], BANSOU_TICKET_IN_PROGRESS, "2026-12-07T14:00:00+09:00",
                                           &error));
  g_assert_true (bansou_consult_set_state (f->consult, ids[1], BANSOU_TICKET_CLOSED, "2026-12-08T14:00:00+09:00", &error));
  g_free (bansou_consult_add_message (f->consult, ids[3], BANSOU_MESSAGE_REPLY, "回答します", "2026-12-08T10:00:00+09:00",
                                      &error));
  g_assert_no_error (error);

  full_open = bansou_consult_list (f->consult, &open, &error);
  g_assert_no_error (error);
  full_closed = bansou_consult_list (f->consult, &closed, &error);
  g_assert_no_error (error);
  brief = bansou_consult_list (f->consult, &all, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (full_open->len, ==, 4);
  g_assert_cmpuint (full_closed->len, ==, 1);
  for (guint i = 0, j = 0; i < full_open->len || j < full_closed->len;)
    {
      BansouTicket *a = i < full_open->len ? g_ptr_array_index (full_open, i) : NULL;
      BansouTicket *b = j < full_closed->len ? g_ptr_array_index (full_closed, j) : NULL;
      int c = a == NULL ? 1 : b == NULL ? -1 : g_strcmp0 (b->received_at, a->received_at);

      if (c == 0)
        c = a->number < b->number ? 1 : -1;
      g_ptr_array_add (full, c < 0 ? a : b);
      if (c < 0)
        i++;
      else
        j++;
    }
  g_assert_cmpuint (brief->len, ==, full->len);
  for (guint i = 0; i < brief->len; i++)
    {
      BansouTicket *x = g_ptr_array_index (full, i);
      BansouTicket *y = g_ptr_array_index (brief, i);
      BansouTicketSla sx, sy;

      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpint (x->number, ==, y->number);
      g_assert_cmpstr (x->subject, ==, y->subject);
      g_assert_cmpstr (x->body_name, ==, y->body_name);
      g_assert_cmpstr (x->assignee, ==, y->assignee);
      g_assert_cmpint (x->state, ==, y->state);
      g_assert_cmpint (x->priority, ==, y->priority);
      g_assert_cmpint (x->category, ==, y->category);
      g_assert_nonnull (x->description);
      g_assert_null (y->description);
      g_assert_cmpuint (x->pauses->len, ==, y->pauses->len);
      for (guint k = 0; k < x->pauses->len; k++)
        g_assert_cmpstr (g_ptr_array_index (x->pauses, k), ==, g_ptr_array_index (y->pauses, k));
      g_assert_true (bansou_consult_compute_sla (f->consult, x, at, &sx, &error));
      g_assert_true (bansou_consult_compute_sla (f->consult, y, at, &sy, &error));
      g_assert_cmpint (sx.first_response.remaining, ==, sy.first_response.remaining);
      g_assert_cmpint (sx.resolution.remaining, ==, sy.resolution.remaining);
      g_assert_cmpint (sx.first_response.paused, ==, sy.first_response.paused);
      g_assert_cmpint (sx.resolution.stopped, ==, sy.resolution.stopped);
      bansou_ticket_sla_clear (&sx);
      bansou_ticket_sla_clear (&sy);
    }
  /* the pauses are there: two tickets had some */
  {
    guint with_pauses = 0;
    for (guint i = 0; i < brief->len; i++)
      with_pauses += ((BansouTicket *) g_ptr_array_index (brief, i))->pauses->len > 0;
    g_assert_cmpuint (with_pauses, ==, 3);
  }

  /* The overdue view read brief holds the same tickets. */
  late = bansou_consult_list (f->consult, &overdue, &error);
  g_assert_no_error (error);
  late_full = bansou_consult_list (f->consult, &overdue_full, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (late->len, >, 0);
  g_assert_cmpuint (late->len, ==, late_full->len);
  for (guint i = 0; i < late->len; i++)
    g_assert_cmpstr (((BansouTicket *) g_ptr_array_index (late, i))->id, ==,
                     ((BansouTicket *) g_ptr_array_index (late_full, i))->id);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);
}

static void
test_sla_targets (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first = 0, resolution = 0;

  g_assert_true (bansou_consult_set_sla_targets (f->consult, BANSOU_PRIORITY_LOW, 120, 930, &error));
  g_assert_no_error (error);
  g_assert_true (bansou_consult_get_sla_targets (f->consult, BANSOU_PRIORITY_LOW, &first, &resolution, &error));
  g_assert_cmpint (first, ==, 120);
  g_assert_cmpint (resolution, ==, 930);
  g_assert_false (bansou_consult_set_sla_targets (f->consult, BANSOU_PRIORITY_LOW, 600, 60, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bansou_consult_set_sla_targets (f->consult, BANSOU_PRIORITY_LOW, 0, 60, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit WHERE entity = 'consult_sla'"), ==, 1);
}

/* ------------------------------------------------------------------------ */

static void
test_attachments (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = open_ticket (f, BANSOU_PRIORITY_NORMAL, NULL);
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.4 構成図", strlen ("%PDF-1.4 構成図"));
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(BansouAttachment) info = NULL;
  g_autofree char *aid = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  gpointer zeros;

  aid = bansou_consult_attach (f->consult, id, "構成図.pdf", "application/pdf", pdf, &error);
  g_assert_no_error (error);
  back = bansou_consult_get_attachment (f->consult, aid, &info, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, pdf));
  g_assert_cmpstr (info->sha256, ==, sha);
  g_assert_cmpint (info->size, ==, g_bytes_get_size (pdf));

  /* One byte over the limit of a file: refused, nothing kept. */
  zeros = g_malloc0 (BANSOU_ATTACHMENT_MAX_SIZE + 1);
  big = g_bytes_new_take (zeros, BANSOU_ATTACHMENT_MAX_SIZE + 1);
  g_assert_null (bansou_consult_attach (f->consult, id, "ログ.zip", NULL, big, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "10 MB"));
  g_clear_error (&error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM consult_attachments"), ==, 1);

  /* A name with a folder */
  g_assert_null (bansou_consult_attach (f->consult, id, "../../etc/passwd", NULL, pdf, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The total of a ticket: five files of 10 MB fill it. */
  {
    g_autoptr(GBytes) ten = g_bytes_new_take (g_malloc0 (BANSOU_ATTACHMENT_MAX_SIZE), BANSOU_ATTACHMENT_MAX_SIZE);
    for (int i = 0; i < 4; i++)
      {
        g_autofree char *name = g_strdup_printf ("part%d.bin", i);
        g_free (bansou_consult_attach (f->consult, id, name, NULL, ten, &error));
        g_assert_no_error (error);
      }
    g_assert_null (bansou_consult_attach (f->consult, id, "part4.bin", NULL, ten, &error));
    g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "50 MB"));
    g_clear_error (&error);
  }

  /* Damaged contents are not handed out as if whole. */
  g_assert_true (bansou_store_exec (f->store, "UPDATE consult_attachments SET data = X'00' WHERE name = '構成図.pdf'",
                                    &error));
  g_assert_null (bansou_consult_get_attachment (f->consult, aid, NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
}

/* ------------------------------------------------------------------------ */
/* The Q&A base and the search */

static char *
add_answered_ticket (Fixture    *f,
                     const char *subject,
                     const char *description)
{
  g_autoptr(GError) error = NULL;
  char *id = bansou_consult_open (f->consult, HIROSHIMA_CITY, BANSOU_CHANNEL_MAIL, BANSOU_TICKET_CATEGORY_OTHER,
                                  BANSOU_PRIORITY_NORMAL, subject, description, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (bansou_consult_set_state (f->consult, id, BANSOU_TICKET_ANSWERED, NULL, &error));
  g_assert_no_error (error);
  return id;
}

static guint
count_hits (Fixture    *f,
            const char *query,
            BansouHitKind kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = bansou_consult_search (f->consult, query, 100, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    if (((BansouSearchHit *) g_ptr_array_index (hits, i))->kind == kind)
      n++;
  return n;
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *t1 = add_answered_ticket (f, "外部監査の委託先の選び方", "監査法人と ISMS 審査機関の違いを知りたい。");
  g_autofree char *t2 = add_answered_ticket (f, "標的型メール訓練の実施", "全職員向けの訓練を年2回行いたい。");
  g_autofree char *t3 = add_answered_ticket (f, "VPN appliance firmware", "Which FortiGate build fixes the CVE?");
  g_autofree char *a1 = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  a1 = bansou_consult_add_article (f->consult, "外部監査を初めて受けるには", "外部監査の準備は？",
                                   "監査計画と規程類の整備から始めます。", BANSOU_TICKET_CATEGORY_POLICY, t1, &error);
  g_assert_no_error (error);
  g_free (bansou_consult_add_message (f->consult, t2, BANSOU_MESSAGE_NOTE, "訓練シナリオは総務省の例を参照", NULL,
                                      &error));
  g_assert_no_error (error);

  /* Three characters and more: the trigram index */
  g_assert_cmpuint (count_hits (f, "外部監査", BANSOU_HIT_TICKET), ==, 1);
  g_assert_cmpuint (count_hits (f, "外部監査", BANSOU_HIT_ARTICLE), ==, 1);
  g_assert_cmpuint (count_hits (f, "シナリオ", BANSOU_HIT_MESSAGE), ==, 1);
  /* One and two characters: the scan */
  g_assert_cmpuint (count_hits (f, "監査", BANSOU_HIT_TICKET), ==, 1);
  g_assert_cmpuint (count_hits (f, "監査", BANSOU_HIT_ARTICLE), ==, 1);
  g_assert_cmpuint (count_hits (f, "訓練", BANSOU_HIT_TICKET), ==, 1);
  g_assert_cmpuint (count_hits (f, "訓練", BANSOU_HIT_MESSAGE), ==, 1);
  g_assert_cmpuint (count_hits (f, "審", BANSOU_HIT_TICKET), ==, 1);
  /* Several words: all of them, long and short mixed (全角 space too) */
  g_assert_cmpuint (count_hits (f, "監査法人　ISMS", BANSOU_HIT_TICKET), ==, 1);
  g_assert_cmpuint (count_hits (f, "外部監査 訓練", BANSOU_HIT_TICKET), ==, 0);
  g_assert_cmpuint (count_hits (f, "職員 年2", BANSOU_HIT_TICKET), ==, 1);
  /* English, whatever the case */
  g_assert_cmpuint (count_hits (f, "fortigate", BANSOU_HIT_TICKET), ==, 1);
  g_assert_cmpuint (count_hits (f, "vpn", BANSOU_HIT_TICKET), ==, 1);
  g_assert_cmpuint (count_hits (f, "CVE", BANSOU_HIT_TICKET), ==, 1);

  /* FTS5 syntax is text: no error, and it finds what it says */
  {
    static const char *const hostile[] = {
      "\"", "\"\"", "監査\" OR \"訓練", "NEAR(監査 訓練)", "*", "^監査", "監査 AND", "(", ")", "-監査",
      "col:監査", "監査*", "'", "\\", "{title}: x", "AND OR NOT", "\"監査", "%", "_",
    };
    for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
      {
        g_autoptr(GPtrArray) h = bansou_consult_search (f->consult, hostile[i], 10, &error);
        g_assert_no_error (error);
        g_assert_nonnull (h);
      }
    g_assert_cmpuint (count_hits (f, "監査\" OR \"訓練", BANSOU_HIT_TICKET), ==, 0);
    g_assert_cmpuint (count_hits (f, "%", BANSOU_HIT_TICKET), ==, 0);
  }

  /* A snippet around the match */
  hits = bansou_consult_search (f->consult, "ISMS", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((BansouSearchHit *) g_ptr_array_index (hits, 0))->id, ==, t1);
  g_assert_nonnull (strstr (((BansouSearchHit *) g_ptr_array_index (hits, 0))->snippet, "ISMS"));

  /* Edits reach the index */
  g_assert_true (bansou_consult_set_field (f->consult, t3, "subject", "UTM の更新", &error));
  g_assert_cmpuint (count_hits (f, "firmware", BANSOU_HIT_TICKET), ==, 0);
  g_assert_cmpuint (count_hits (f, "UTM", BANSOU_HIT_TICKET), ==, 1);
  g_assert_cmpuint (count_hits (f, "", BANSOU_HIT_TICKET), ==, 0);
}

static void
test_articles (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *open = open_ticket (f, BANSOU_PRIORITY_NORMAL, NULL);
  g_autofree char *solved = add_answered_ticket (f, "ファイル無害化の方式", "無害化方式の比較");
  g_autofree char *article = NULL;
  g_autoptr(BansouArticle) a = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;

  /* Only a solved ticket becomes an article */
  g_assert_null (bansou_consult_add_article (f->consult, "題", "問", "答", BANSOU_TICKET_CATEGORY_OTHER, open, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  article = bansou_consult_add_article (f->consult, "ファイル無害化の方式の選び方", "無害化の方式は？",
                                        "画像変換方式とファイル分解方式があります。", BANSOU_TICKET_CATEGORY_TECHNICAL,
                                        solved, &error);
  g_assert_no_error (error);
  a = bansou_consult_lookup_article (f->consult, article, &error);
  g_assert_cmpint (a->visibility, ==, BANSOU_VISIBILITY_DRAFT);
  g_assert_cmpstr (a->source_ticket, ==, solved);

  /* Drafts are not suggested; 県内 ones are. The text being typed has no
   * spaces: its runs of kanji and katakana are the words. */
  suggestions = bansou_consult_suggest (f->consult, "メール添付のファイル無害化を導入したいが方式を比較したい", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 0);
  g_clear_pointer (&suggestions, g_ptr_array_unref);

  g_assert_true (bansou_consult_set_visibility (f->consult, article, BANSOU_VISIBILITY_PREFECTURE, &error));
  suggestions = bansou_consult_suggest (f->consult, "メール添付のファイル無害化を導入したいが方式を比較したい", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 1);
  g_assert_cmpstr (((BansouSearchHit *) g_ptr_array_index (suggestions, 0))->id, ==, article);
  g_clear_pointer (&suggestions, g_ptr_array_unref);
  suggestions = bansou_consult_suggest (f->consult, "パスワードの定期変更", 5, &error);
  g_assert_cmpuint (suggestions->len, ==, 0);

  g_assert_true (bansou_consult_set_visibility (f->consult, article, BANSOU_VISIBILITY_NATIONAL, &error));
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit WHERE entity = 'consult_article'"), ==, 3);
}

/* ------------------------------------------------------------------------ */
/* Personal data */

typedef struct
{
  const char *text;
  const char *redacted;
} PiiCase;

static void
test_pii (Fixture       *f,
          gconstpointer  data)
{
  static const PiiCase cases[] = {
    { "広島市情報政策課の山田さんから電話（082-504-2111）。",
      "〔団体名〕情報政策課の〔氏名〕さんから電話（〔電話番号〕）。" },
    { "担当の佐藤 花子様 hanako.sato@city.example.lg.jp まで",
      "担当の〔氏名〕様 〔メールアドレス〕 まで" },
    { "携帯 090-1234-5678、固定 03-1234-5678、FAX ０３－１２３４－５６７９",
      "携帯 〔電話番号〕、固定 〔電話番号〕、FAX 〔電話番号〕" },
    { "ヤマダタロウさんと鈴木氏、担当は田中",
      "〔氏名〕さんと〔氏名〕氏、担当は〔氏名〕" },
    { "府中町と府中市は別の団体です", "〔団体名〕と〔団体名〕は別の団体です" },
    /* what is not personal data stays */
    { "令和8年度の予算は 1,200,000 円、受付番号 2026-0001", "令和8年度の予算は 1,200,000 円、受付番号 2026-0001" },
    { "ISMS 認証と CSIRT 体制", "ISMS 認証と CSIRT 体制" },
    /* 様 and 氏 in words, not after a name */
    { "仕様書の要求仕様に従い、同様に氏名欄と様式を確認。皆様へ", "仕様書の要求仕様に従い、同様に氏名欄と様式を確認。皆様へ" },
    { "林様と森氏に連絡", "〔氏名〕様と〔氏名〕氏に連絡" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) matches = bansou_consult_find_personal_data (f->consult, cases[i].text, NULL, &error);
      g_autofree char *redacted = NULL;

      g_assert_no_error (error);
      redacted = bansou_pii_redact (cases[i].text, matches);
      g_test_message ("%s → %s", cases[i].text, redacted);
      g_assert_cmpstr (redacted, ==, cases[i].redacted);
    }

  /* People the ticket names: its assignee */
  {
    g_autofree char *id = open_ticket (f, BANSOU_PRIORITY_NORMAL, NULL);
    g_autoptr(BansouTicket) t = NULL;
    g_autoptr(GPtrArray) matches = NULL;

    g_assert_true (bansou_consult_set_field (f->consult, id, "assignee", "高橋一郎", &error));
    t = bansou_consult_lookup (f->consult, id, &error);
    matches = bansou_consult_find_personal_data (f->consult, "高橋一郎が確認した", t, &error);
    g_assert_cmpuint (matches->len, ==, 1);
    g_assert_cmpint (((BansouPiiMatch *) g_ptr_array_index (matches, 0))->kind, ==, BANSOU_PII_PERSON);
  }
}


/* ------------------------------------------------------------------------ */
/* bansouctl consult */

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })

static void
test_ctl (void)
{
  g_autofree char *db = bansou_test_db_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *file = NULL;
  g_autofree char *dir = bansou_test_make_dir ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *ticket;

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("init", "--prefecture", "34"), NULL, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "open", HIROSHIMA_CITY, "--subject", "USB メモリの紛失",
                                                 "--priority", "critical", "--category", "incident",
                                                 "--received", "2026-12-07T09:00:00+09:00"), &out, NULL), ==, 0);
  g_assert_true (g_uuid_string_is_valid (g_strstrip (out)));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "reply", "1", "紛失届の様式を送付しました",
                                                 "--at", "2026-12-07T09:20:00+09:00"), NULL, NULL), ==, 0);
  file = g_build_filename (dir, "届出.txt", NULL);
  g_assert_true (g_file_set_contents (file, "紛失届", -1, NULL));
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "attach", "1", file), NULL, NULL), ==, 0);

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "show", "1", "--format", "json"), &out, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  ticket = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (ticket, "state"), ==, "in_progress");
  g_assert_cmpstr (json_object_get_string_member (ticket, "first_response_at"), ==, "2026-12-07T00:20:00Z");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (ticket, "first_response"), "stopped"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ticket, "attachments")), ==, 1);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "list", "--format", "csv"), &out, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "number,id,body,body_name,priority,state,subject"));
  g_assert_nonnull (strstr (out, "USB メモリの紛失"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "search", "紛失"), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "USB メモリの紛失"));
  g_clear_pointer (&out, g_free);

  /* Errors in Japanese, exit 1 for refused work, 2 for wrong usage */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "state", "1", "closed", "--at", "2026-12-01T00:00:00Z"),
                                        NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "受付日時より前"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "state", "1", "finished"), NULL, &err), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "show", "99"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "相談「99」はありません"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "open", "999999", "--subject", "x"), NULL, &err), ==, 1);
  g_clear_pointer (&err, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "ja", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  bansou_test_init (&argc, &argv);

#define ADD(path, data, func) g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/consult/ticket/lifecycle", NULL, test_lifecycle);
  ADD ("/consult/ticket/fields", NULL, test_fields);
  ADD ("/consult/ticket/bad-input", NULL, test_bad_input);
  ADD ("/consult/sla/calendar", NULL, test_sla_calendar);
  ADD ("/consult/sla/closed-day", "08", test_sla_closed_day);
  ADD ("/consult/sla/pauses", NULL, test_sla_pauses);
  ADD ("/consult/sla/targets", NULL, test_sla_targets);
  ADD ("/consult/list/brief", NULL, test_brief_list);
  ADD ("/consult/attachments", NULL, test_attachments);
  ADD ("/consult/search", NULL, test_search);
  ADD ("/consult/articles", NULL, test_articles);
  ADD ("/consult/pii", NULL, test_pii);
  g_test_add_func ("/consult/ctl", test_ctl);

  return g_test_run ();
}
