/* test-server-limits.c — issue 9, findings 4–6, against a real bansou-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * Silent and slow sockets (a TLS handshake timeout, per-address caps, the
 * oldest idle socket of the busiest address making room), bounded
 * idempotency storage, and baselines that differencing cannot invert.
 * Every server is a real process on 127.0.0.1 with TLS; attacking
 * sockets come from other loopback addresses (127.0.0.10 and up).
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <sqlite3.h>

#include "bansou-core.h"
#include "bansou-test-utils.h"
#include "server-attack.h"
#include "server-harness.h"

#define ROUND "2026-10-31"

typedef struct
{
  BsvServer   *server;
  SoupSession *session;
  char        *national;
  char        *hiroshima;   /* prefecture 34 */
  char        *tokyo;       /* prefecture 13 */
} Fixture;

static BsvResponse *
req (Fixture    *f,
     const char *method,
     const char *path,
     const char *token,
     const char *if_match,
     const char *key,
     const char *body)
{
  return bsv_request (f->session, f->server, method, path, token, if_match, key, body);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *dir = bansou_test_make_dir ();
  g_autoptr(BsvResponse) r = NULL;

  f->server = bsv_server_new (dir, data);
  f->national = bsv_server_token (f->server, "national", "00", "総務省");
  f->hiroshima = bsv_server_token (f->server, "prefecture", "34", "広島県");
  f->tokyo = bsv_server_token (f->server, "prefecture", "13", "東京都");
  bsv_server_start (f->server);
  f->session = bsv_session_new (f->server);

  r = req (f, "PUT", "/rounds/" ROUND, f->national, "\"0\"", "round-1",
           "{\"title\":\"令和8年度\",\"catalog_version\":\"2026.1\",\"due\":\"2026-12-15\"}");
  g_assert_cmpuint (r->status, ==, 201);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  bsv_server_free (f->server);
  g_free (f->national);
  g_free (f->hiroshima);
  g_free (f->tokyo);
}

static gint64
db_count (Fixture    *f,
          const char *sql)
{
  return bsv_server_query_int (f->server, sql);
}

/* ------------------------------------------------------------------------ */
/* Finding 4: silent and slow sockets                                       */

/* Sockets that never send a ClientHello are closed by the server once the
 * handshake timeout (1 s here) has passed; before, they stayed open for
 * ever, each holding a thread of the handshake pool. */
static void
test_silent_closed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(BsvAttack) attack = bsv_attack_new (f->server, 10, 5);
  g_autoptr(BsvResponse) r = NULL;

  g_assert_cmpuint (bsv_attack_silent (attack, 20), ==, 20);
  /* Bounded: 30 s is far beyond the timeout; the poll returns as soon as all are closed. */
  g_assert_cmpuint (bsv_attack_wait_silent_closed (attack, 20, 30000), ==, 20);

  r = req (f, "GET", "/rounds", f->tokyo, NULL, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
}

/* 200 silent sockets and 200 slow-header connections from 50 addresses:
 * more than the server's 256 connections. A normal client's requests all
 * succeed meanwhile (their figures are in bench-server-limits). */
static void
test_attack_normal_succeeds (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(BsvAttack) attack = bsv_attack_new (f->server, 10, 50);
  guint silent = bsv_attack_silent (attack, 200);
  guint slow = bsv_attack_slow (attack, 200);

  g_test_message ("%u silent and %u slow sockets connected", silent, slow);
  g_assert_cmpuint (silent, ==, 200);
  g_assert_cmpuint (slow, >, 0);

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(SoupSession) session = bsv_session_new (f->server);
      g_autoptr(BsvResponse) r = bsv_request (session, f->server, "GET", "/rounds", f->tokyo, NULL, NULL, NULL);

      g_assert_cmpuint (r->status, ==, 200);
    }
}

/* One address gets at most max-pending-per-address (3 here) connections
 * without a request: the next is closed at once, the first three stay,
 * and another address is served. */
static void
test_per_address_cap (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(BsvAttack) attack = bsv_attack_new (f->server, 10, 1);
  g_autoptr(BsvResponse) r = NULL;
  int extra;

  g_assert_cmpuint (bsv_attack_silent (attack, 3), ==, 3);
  extra = bsv_connect_from (f->server, 10);
  g_assert_cmpint (extra, >=, 0);
  /* The handshake timeout is 60 s here: only the cap can close it this soon. */
  g_assert_true (bsv_fd_closed_by_peer (extra, 20000));
  close (extra);
  g_assert_cmpuint (bsv_attack_silent_open (attack), ==, 3);

  r = req (f, "GET", "/rounds", f->tokyo, NULL, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
}

/* ------------------------------------------------------------------------ */
/* Finding 5: stored-response amplification                                 */

static char *
repeat (const char *unit,
        guint       n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

static GPtrArray *
question_ids (Fixture *f,
              guint    n)
{
  g_autoptr(BsvResponse) catalog = req (f, "GET", "/catalog/2026.1", f->hiroshima, NULL, NULL, NULL);
  g_autoptr(BansouCatalog) cat = bansou_catalog_new_from_data (catalog->body, -1, NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (cat);
  for (guint q = 0; q < n && q < bansou_catalog_get_n_questions (cat); q++)
    g_ptr_array_add (ids, g_strdup (bansou_catalog_get_question (cat, q)->id));
  g_assert_cmpuint (ids->len, ==, n);
  return ids;
}

/* The finding's attack: records made as large as allowed (4,000 characters
 * of note and of evidence, about 24 kB each), then a batch of 1,000 small
 * stale writes to them. Its answer carries 1,000 current records (about
 * 24 MB); what is kept for its replay must stay about the size of the
 * request (it was the whole 24 MB), and the replay must still answer the
 * same, rebuilt from the records as they are. */
static void
test_stale_batch_storage (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = question_ids (f, 20);
  g_autofree char *note = repeat ("あ", 4000);
  g_autofree char *evidence = repeat ("い", 4000);
  g_autoptr(GString) big = g_string_new ("{\"ops\":[");
  g_autoptr(GString) stale = g_string_new ("{\"ops\":[");
  g_autoptr(BsvResponse) made = NULL;
  g_autoptr(BsvResponse) first = NULL;
  g_autoptr(BsvResponse) again = NULL;
  g_autoptr(BsvResponse) changed = NULL;
  g_autoptr(BsvResponse) third = NULL;
  g_autofree char *path = NULL;
  g_autofree char *etag = NULL;
  JsonObject *root;
  JsonArray *results;
  gint64 stored, head, t0;

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (big, "%s{\"type\":\"answer\",\"body\":\"342025\",\"round\":\"" ROUND "\",\"question\":\"%s\","
                            "\"base_rev\":0,\"data\":{\"status\":\"done\",\"note\":\"%s\",\"evidence\":\"%s\"}}",
                            i ? "," : "", (char *) ids->pdata[i], note, evidence);
  g_string_append (big, "]}");
  made = req (f, "POST", "/batch", f->hiroshima, NULL, "big", big->str);
  g_assert_cmpuint (made->status, ==, 200);

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (stale, "%s{\"type\":\"answer\",\"body\":\"342025\",\"round\":\"" ROUND "\",\"question\":\"%s\","
                            "\"base_rev\":0,\"data\":{\"status\":\"not_done\",\"note\":\"stale write number %04u\"}}",
                            i ? "," : "", (char *) ids->pdata[i % ids->len], i);
  g_string_append (stale, "]}");

  first = req (f, "POST", "/batch", f->hiroshima, NULL, "stale", stale->str);
  g_assert_cmpuint (first->status, ==, 200);
  root = json_node_get_object (first->json);
  g_assert_cmpint (json_object_get_int_member (root, "conflicts"), ==, 1000);
  g_assert_cmpuint (strlen (first->body), >, 20 * 1000 * 1000);

  stored = db_count (f, bsv_store_is_pg () ? "SELECT octet_length(response) FROM idempotency WHERE key = 'stale'"
                                          : "SELECT length(CAST(response AS BLOB)) FROM idempotency WHERE key = 'stale'");
  g_test_message ("request %zu bytes, answer %zu bytes, stored for its replay %" G_GINT64_FORMAT " bytes",
                  stale->len, strlen (first->body), stored);
  g_assert_cmpint (stored, >, 0);
  g_assert_cmpint (stored, <=, (gint64) stale->len);

  /* The answer was lost; the client retries: the same answer, byte for
   * byte, and nothing written. */
  head = db_count (f, "SELECT MAX(rev) FROM changes");
  t0 = g_get_monotonic_time ();
  again = req (f, "POST", "/batch", f->hiroshima, NULL, "stale", stale->str);
  /* Printed, not asserted (figures go to benchmarks; this one is for the note). */
  g_test_message ("the replay took %.0f ms", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_true (g_str_equal (again->body, first->body));
  g_assert_cmpint (db_count (f, "SELECT MAX(rev) FROM changes"), ==, head);

  /* A record moves on: a later replay shows it as it is now. */
  path = g_strdup_printf ("/bodies/342025/rounds/" ROUND "/answers/%s", (char *) ids->pdata[0]);
  changed = req (f, "GET", path, f->hiroshima, NULL, NULL, NULL);
  g_assert_cmpuint (changed->status, ==, 200);
  etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", json_object_get_int_member (json_node_get_object (changed->json), "rev"));
  g_clear_pointer (&changed, bsv_response_free);
  changed = req (f, "PUT", path, f->hiroshima, etag, "change-0", "{\"status\":\"partial\",\"note\":\"短く\"}");
  g_assert_cmpuint (changed->status, ==, 200);

  third = req (f, "POST", "/batch", f->hiroshima, NULL, "stale", stale->str);
  g_assert_cmpuint (third->status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (third->json), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (third->json), "conflicts"), ==, 1000);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (results, 0),
                                                                                 "current"), "note"), ==, "短く");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (results, 1),
                                                                                 "current"), "note"), ==, note);
  /* Exactly once: the stale writes never applied. */
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM answers WHERE status = 'not_done'"), ==, 0);
}

/* At most idempotency-keys (5 here) stored results per token: the oldest
 * go first, the newest still replay. */
static void
test_keys_per_token (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = question_ids (f, 8);
  g_autoptr(BsvResponse) replayed = NULL;
  g_autofree char *last_path = NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/bodies/342025/rounds/" ROUND "/answers/%s", (char *) ids->pdata[i]);
      g_autofree char *key = g_strdup_printf ("k-%u", i);
      g_autoptr(BsvResponse) r = req (f, "PUT", path, f->hiroshima, "\"0\"", key, "{\"status\":\"done\"}");

      g_assert_cmpuint (r->status, ==, 201);
      g_free (last_path);
      last_path = g_steal_pointer (&path);
    }

  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM idempotency WHERE key LIKE 'k-%'"), ==, 5);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM idempotency WHERE key IN ('k-0', 'k-1', 'k-2')"), ==, 0);
  /* The national token's own key (the round) is another token's: kept. */
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM idempotency WHERE key = 'round-1'"), ==, 1);

  replayed = req (f, "PUT", last_path, f->hiroshima, "\"0\"", "k-7", "{\"status\":\"done\"}");
  g_assert_cmpuint (replayed->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (replayed->headers, "Idempotent-Replayed"), ==, "true");
}

/* ------------------------------------------------------------------------ */
/* Finding 6: baselines that differencing cannot invert                     */

#define BQ "org.responsibility.ciso"
#define K 3   /* baseline-min-answers, the default */

static void
put_answer (Fixture    *f,
            const char *token,
            const char *body,
            const char *status)
{
  g_autofree char *path = g_strdup_printf ("/bodies/%s/rounds/" ROUND "/answers/" BQ, body);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *body_json = g_strdup_printf ("{\"status\":\"%s\"}", status);
  g_autoptr(BsvResponse) current = req (f, "GET", path, token, NULL, NULL, NULL);
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                                           current->status == 200
                                           ? json_object_get_int_member (json_node_get_object (current->json), "rev") : 0);
  g_autoptr(BsvResponse) r = req (f, "PUT", path, token, etag, key, body_json);

  g_assert_cmpuint (r->status / 100, ==, 2);
}

static void
put_final (Fixture    *f,
           const char *token,
           const char *body)
{
  g_autofree char *path = g_strdup_printf ("/bodies/%s/rounds/" ROUND "/progress", body);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(BsvResponse) current = req (f, "GET", path, token, NULL, NULL, NULL);
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                                           current->status == 200
                                           ? json_object_get_int_member (json_node_get_object (current->json), "rev") : 0);
  g_autoptr(BsvResponse) r = req (f, "PUT", path, token, etag, key, "{\"state\":\"final\"}");

  g_assert_cmpuint (r->status / 100, ==, 2);
}

/* What the attacker learns of the other prefectures from one read of
 * /baselines: the figures for BQ (overall, and cities) minus its own
 * answers, which it knows (it wrote them). */
typedef struct
{
  gint64 n[2][4];   /* overall, city × done, partial, not_done, na */
} Others;

static gint64
others_bodies (const Others *o,
               guint         group)
{
  return o->n[group][0] + o->n[group][1] + o->n[group][2] + o->n[group][3];
}

static Others
attack_read (Fixture     *f,
             const char  *token,
             const char **own_status,  /* the attacker's own answers to BQ */
             guint        n_own)
{
  static const char *statuses[] = { "done", "partial", "not_done", "na" };
  g_autoptr(BsvResponse) r = req (f, "GET", "/baselines?round=" ROUND, token, NULL, NULL, NULL);
  JsonObject *root;
  Others o = { { { 0 } } };

  g_assert_cmpuint (r->status, ==, 200);
  root = json_node_get_object (r->json);
  for (guint g = 0; g < 2; g++)
    {
      JsonObject *group = g == 0 ? json_object_get_object_member (root, "overall")
                                 : json_object_get_object_member (json_object_get_object_member (root, "by_kind"), "city");
      JsonObject *q = NULL;
      JsonArray *qs;

      if (group == NULL)
        continue;
      qs = json_object_get_array_member (group, "questions");
      for (guint i = 0; i < json_array_get_length (qs); i++)
        if (g_str_equal (json_object_get_string_member (json_array_get_object_element (qs, i), "question"), BQ))
          q = json_array_get_object_element (qs, i);
      g_assert_nonnull (q);
      if (json_object_get_boolean_member (q, "suppressed"))
        continue;   /* nothing to subtract from */
      for (guint s = 0; s < 4; s++)
        {
          o.n[g][s] = json_object_get_int_member (q, statuses[s]);
          for (guint i = 0; i < n_own; i++)
            if (g_str_equal (own_status[i], statuses[s]))
              o.n[g][s]--;
        }
    }
  return o;
}

/* The attack of the finding over successive snapshots: the attacker
 * (prefecture 34) must never see the other prefectures' part change by
 * fewer than K bodies, nor hold a part of 1 … K-1 bodies. */
static void
check_nothing_recovered (const Others *before,
                         const Others *after)
{
  for (guint g = 0; g < 2; g++)
    {
      gint64 n = others_bodies (after, g);

      g_assert_true (n == 0 || n >= K);
      if (memcmp (before->n[g], after->n[g], sizeof after->n[g]) != 0)
        g_assert_cmpint (n - others_bodies (before, g), >=, K);
    }
}

static void
test_baselines_differencing (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *osaka = bsv_server_token (f->server, "prefecture", "27", "大阪府");
  const char *mine[] = { "342025", "342033", "342041", "342050" };
  const char *own_a[] = { "done", "done", "done", "done" };
  const char *own_b[] = { "not_done", "not_done", "not_done", "partial" };
  Others last = { { { 0 } } }, now;

  /* The attacker's own bodies, answers it knows, all final. */
  for (guint i = 0; i < G_N_ELEMENTS (mine); i++)
    {
      put_answer (f, f->hiroshima, mine[i], own_a[i]);
      put_final (f, f->hiroshima, mine[i]);
    }
  /* The victim: one city of Tokyo, final. */
  put_answer (f, f->tokyo, "132012", "not_done");
  put_final (f, f->tokyo, "132012");

  /* Read, change its own answers, read again, subtract. */
  now = attack_read (f, f->hiroshima, own_a, 4);
  check_nothing_recovered (&last, &now);
  last = now;
  for (guint i = 0; i < G_N_ELEMENTS (mine); i++)
    put_answer (f, f->hiroshima, mine[i], own_b[i]);
  now = attack_read (f, f->hiroshima, own_b, 4);
  check_nothing_recovered (&last, &now);
  last = now;

  /* More of its own bodies join: still nothing of Tokyo's. */
  {
    const char *more[] = { "342076", "342084", "342092" };
    const char *own_c[] = { "not_done", "not_done", "not_done", "partial", "done", "done", "done" };

    for (guint i = 0; i < G_N_ELEMENTS (more); i++)
      {
        put_answer (f, f->hiroshima, more[i], "done");
        put_final (f, f->hiroshima, more[i]);
      }
    now = attack_read (f, f->hiroshima, own_c, 7);
    check_nothing_recovered (&last, &now);
    last = now;

    /* The victim changes its answer: nothing moves. */
    put_answer (f, f->tokyo, "132012", "done");
    now = attack_read (f, f->hiroshima, own_c, 7);
    check_nothing_recovered (&last, &now);
    g_assert_true (memcmp (&now, &last, sizeof now) == 0);
    last = now;

    /* One more body elsewhere: one new body is not enough. */
    put_answer (f, osaka, "272027", "partial");
    put_final (f, osaka, "272027");
    now = attack_read (f, f->hiroshima, own_c, 7);
    check_nothing_recovered (&last, &now);
    last = now;

    /* Enough new bodies outside any one prefecture: a new snapshot, of
     * four bodies the attacker does not know. */
    put_answer (f, osaka, "272035", "na");
    put_final (f, osaka, "272035");
    put_answer (f, f->tokyo, "132021", "done");
    put_final (f, f->tokyo, "132021");
    now = attack_read (f, f->hiroshima, own_c, 7);
    check_nothing_recovered (&last, &now);
    g_assert_cmpint (others_bodies (&now, 0), ==, 4);
    last = now;
  }

  /* Tokyo reads the same rule from its side: its own bodies live, the
   * others published (Hiroshima's 7 and Osaka's 2 were published with it). */
  {
    const char *tokyo_own[] = { "done", "done" };
    Others t = attack_read (f, f->tokyo, tokyo_own, 2);

    g_assert_cmpint (others_bodies (&t, 0), ==, 9);
  }
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

#define ADD(name, fn, config) \
  g_test_add ("/server-limits/" name, Fixture, config, fixture_setup, fn, fixture_teardown)

  ADD ("silent-closed", test_silent_closed, "[limits]\nhandshake-timeout=1\n");
  ADD ("attack-normal-succeeds", test_attack_normal_succeeds, NULL);
  ADD ("per-address-cap", test_per_address_cap, "[limits]\nhandshake-timeout=60\nmax-pending-per-address=3\n");
  ADD ("stale-batch-storage", test_stale_batch_storage, "[limits]\nburst=1000\n");
  ADD ("keys-per-token", test_keys_per_token, "[data]\nidempotency-keys=5\n");
  ADD ("baselines-differencing", test_baselines_differencing, NULL);

  return g_test_run ();
}
