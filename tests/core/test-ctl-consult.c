/* test-ctl-consult.c — bansouctl tickets … and articles … (相談窓口), and their errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The escalation's round trip through a server is in
 * tests/net/test-sync-escalation.c; here the commands themselves: the
 * deadlines `tickets add` prints, the formats, the personal-data refusal
 * of `tickets escalate`, the national desk's commands on a prefecture.
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "bansou-test-utils.h"

#define CTL(...) ((const char * const []) { __VA_ARGS__, NULL })

static char *
init_db (const char *prefecture)
{
  g_autofree char *out = NULL;
  char *db = bansou_test_db_path ();

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("init", "--prefecture", prefecture), &out, NULL), ==, 0);
  return db;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static char *
first_line (const char *text)
{
  const char *nl = strchr (text, '\n');

  return nl != NULL ? g_strndup (text, nl - text) : g_strdup (text);
}

static void
test_tickets_add (void)
{
  g_autofree char *db = init_db ("広島県");
  g_autofree char *out = NULL, *out2 = NULL, *json = NULL, *csv = NULL, *alias = NULL, *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *t;

  /* Friday 16:00, normal: a day for the first response, five to resolve */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "add", "341002", "--subject", "ログの保存期間",
                                                 "--priority", "normal", "--received", "2026-12-04T16:00:00+09:00"),
                                        &out, NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "相談 1"));
  g_assert_nonnull (strstr (out, "初回応答期限: 2026-12-07 16:00"));
  g_assert_nonnull (strstr (out, "解決期限: 2026-12-11 16:00"));

  /* Over the year-end closure (12/29–1/3) */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "add", "342025", "--subject", "年末の相談", "--priority",
                                                 "normal", "--received", "2026-12-28T16:00:00+09:00", "--format",
                                                 "json"), &json, NULL), ==, 0);
  node = parse_json (json);
  t = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (t, "number"), ==, 2);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (t, "first_response"),
                                                                  "deadline"), "2027-01-04T16:00:00"));

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "list", "--format", "csv"), &csv, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (csv, "number,id,body,body_name,priority,state,subject,"));
  g_assert_nonnull (strstr (csv, "年末の相談"));
  /* the older name still works */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "list", "--format", "csv"), &alias, NULL), ==, 0);
  g_assert_cmpstr (alias, ==, csv);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("consult", "open", "341002", "--subject", "旧名で"), &out2, NULL),
                   ==, 0);
  g_assert_true (g_uuid_string_is_valid (g_strstrip (out2)));

  /* The text table lines up by display width: a subject wider than its
   * column is cut with "…", so the deadlines start at one column. */
  {
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    int column = -1;

    g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "add", "342025", "--subject",
                                                   "ファイル無害化サービスの共同調達に参加するための予算要求の時期について",
                                                   "--received", "2026-12-04T09:00:00+09:00"), NULL, NULL), ==, 0);
    g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "list"), &text, NULL), ==, 0);
    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, "共同調…"));
    lines = g_strsplit (text, "\n", -1);
    for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
      {
        const char *at = strstr (lines[i], " 202");
        int width = 0;

        g_assert_nonnull (at);
        for (const char *p = lines[i]; p < at; p = g_utf8_next_char (p))
          width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
        if (column < 0)
          column = width;
        g_assert_cmpint (width, ==, column);
      }
    g_assert_cmpint (column, >, 0);
  }

  /* errors: no subject; a CSV of one ticket is no format of `add` */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "add", "341002"), NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "bansouctl tickets --help"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "add", "341002", "--subject", "x", "--received",
                                                 "きのう"), NULL, &err), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "frobnicate"), NULL, &err), ==, 2);
}

static void
test_articles (void)
{
  g_autofree char *db = init_db ("広島県");
  g_autofree char *id = NULL, *ticket = NULL, *csv = NULL, *json = NULL, *hits = NULL, *text = NULL, *err = NULL;
  g_autofree char *hits_csv = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) found = NULL;
  JsonArray *array;

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "add", "341002", "--subject", "ログの保存期間について"),
                                        &ticket, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("articles", "add", "--title", "ログの保存期間", "--answer",
                                                 "1年以上保存します。", "--category", "cloud"), &id, NULL), ==, 0);
  g_strstrip (id);
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("articles", "publish", id, "prefecture"), NULL, NULL), ==, 0);

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("articles", "list", "--format", "csv"), &csv, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (csv, "id,title,category,visibility,origin,updated_at\r\n"));
  g_assert_nonnull (strstr (csv, ",ログの保存期間,cloud,prefecture,34,"));
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("articles", "show", id, "--format", "json"), &json, NULL), ==, 0);
  node = parse_json (json);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "answer"), ==, "1年以上保存します。");
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("articles", "show", id), &text, NULL), ==, 0);
  g_assert_nonnull (strstr (text, "回答:\n1年以上保存します。"));

  /* articles search: the article only, not the ticket with the same words */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("articles", "search", "保存期間", "--format", "json"), &hits, NULL),
                   ==, 0);
  found = parse_json (hits);
  array = json_node_get_array (found);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "kind"), ==, "article");
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "search", "保存期間", "--format", "csv"), &hits_csv, NULL),
                   ==, 0);
  g_assert_true (g_str_has_prefix (hits_csv, "kind,id,title,snippet\r\n"));
  g_assert_nonnull (strstr (hits_csv, "ticket,"));
  g_assert_nonnull (strstr (hits_csv, "article,"));

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("articles", "list", "--visibility", "public"), NULL, &err), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("articles", "show", "00000000-0000-4000-8000-000000000000"), NULL,
                                        &err), ==, 1);
  g_assert_nonnull (strstr (err, "00000000-0000-4000-8000-000000000000"));
}

static void
test_escalate (void)
{
  g_autofree char *db = init_db ("広島県");
  g_autofree char *ticket = NULL, *id = NULL, *id2 = NULL, *err = NULL, *json = NULL, *csv = NULL, *one = NULL;
  g_autofree char *number = NULL, *shown = NULL, *empty = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) e = NULL;
  JsonObject *o;

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "add", "341002", "--subject", "委託先のログ保管", "--text",
                                                 "担当の佐藤さん（082-513-2345）より、委託先の海外保管について",
                                                 "--category", "supply_chain"), &ticket, NULL), ==, 0);
  number = first_line (ticket);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "inbound", "1", "再委託先も同じ条件か"), NULL, NULL), ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "note", "1", "課内で検討中"), NULL, NULL), ==, 0);

  /* Refused: the text names a person and a phone number. Nothing stored. */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalate", "1"), NULL, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "個人情報"));
  g_assert_nonnull (strstr (err, "電話番号「082-513-2345」"));
  g_assert_nonnull (strstr (err, "--allow-personal-data"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalations", "--format", "json"), &empty, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (empty), ==, "[]");

  /* The text edited, the body's words sent (the inbound message, not the note) */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalate", number, "--text",
                                                 "委託先が海外リージョンにログを保管している。",
                                                 "--fields", "subject,description,category,messages"), &id, NULL),
                   ==, 0);
  g_strstrip (id);
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalation", id, "--format", "json"), &one, NULL), ==, 0);
  e = parse_json (one);
  o = json_node_get_object (e);
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "waiting");
  g_assert_cmpstr (json_object_get_string_member (o, "text"), ==, "委託先が海外リージョンにログを保管している。");
  g_assert_cmpstr (json_object_get_string_member (o, "category"), ==, "supply_chain");
  g_assert_true (json_object_get_null_member (o, "questions"));
  g_assert_true (json_object_get_null_member (o, "body_name"));
  g_assert_true (json_object_get_null_member (o, "received_at"));   /* not on a server yet */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "messages")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (o, "messages"), 0), "text"), ==, "再委託先も同じ条件か");

  /* Sent knowingly, with a warning; only the subject */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalate", "1", "--fields", "subject,body",
                                                 "--allow-personal-data"), &id2, &err), ==, 0);
  g_assert_nonnull (strstr (err, "警告"));
  g_assert_nonnull (strstr (err, "広島市"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalations", "--format", "json"), &json, NULL), ==, 0);
  list = parse_json (json);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalations", "--waiting", "--format", "csv"), &csv, NULL),
                   ==, 0);
  g_assert_true (g_str_has_prefix (csv, "id,prefecture,state,subject,category,sent_at,received_at,answered_at\r\n"));
  g_assert_nonnull (strstr (csv, ",34,waiting,委託先のログ保管,supply_chain,"));
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalation", id), &shown, NULL), ==, 0);
  g_assert_nonnull (strstr (shown, "未回答"));

  {
    g_autofree char *thread = NULL;
    g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "show", "1"), &thread, NULL), ==, 0);
    g_assert_nonnull (strstr (thread, "\n1. ["));
    g_assert_nonnull (strstr (thread, "\n2. ["));
    g_assert_nonnull (strstr (thread, "総合窓口に照会中"));
  }

  /* Bad input */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalate", "1", "--fields", "subject,assignee"), NULL,
                                        &err), ==, 2);
  g_assert_nonnull (strstr (err, "assignee"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalate", "1", "--messages", "7"), NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "1〜2"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalate", "99"), NULL, &err), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalate", "1", "--subject", ""), NULL, &err), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalations", "--waiting", "--answered"), NULL, &err), ==,
                   2);
  g_clear_pointer (&err, g_free);

  /* A prefecture does not answer */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "answer-escalation", id, "回答"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "全国の総合窓口だけ"));
}

static void
test_national_desk (void)
{
  g_autofree char *db = init_db ("全国");
  g_autofree char *out = NULL, *err = NULL, *ticket = NULL;

  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalations"), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "照会はありません。"));
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "answer-escalation",
                                                 "00000000-0000-4000-8000-000000000000", "回答"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "照会「00000000-0000-4000-8000-000000000000」はありません"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "answer-escalation",
                                                 "00000000-0000-4000-8000-000000000000", ""), NULL, &err), ==, 1);
  g_clear_pointer (&err, g_free);

  /* The national desk escalates nothing */
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "add", "341002", "--subject", "全国での相談"), &ticket, NULL),
                   ==, 0);
  g_assert_cmpint (bansou_test_run_ctl (db, CTL ("tickets", "escalate", "1"), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "総合窓口"));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LANGUAGE", "ja", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  bansou_test_init (&argc, &argv);

  g_test_add_func ("/ctl-consult/tickets-add", test_tickets_add);
  g_test_add_func ("/ctl-consult/articles", test_articles);
  g_test_add_func ("/ctl-consult/escalate", test_escalate);
  g_test_add_func ("/ctl-consult/national-desk", test_national_desk);

  return g_test_run ();
}
