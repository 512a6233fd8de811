/* test-registry.c — the registry of local governments, profiles, audit trail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include "bansou-test-utils.h"

typedef struct
{
  BansouStore    *store;
  BansouRegistry *registry;
  char           *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->store = bansou_test_open_store (&f->path);
  f->registry = bansou_registry_new (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->registry);
  g_clear_object (&f->store);
  g_free (f->path);
}

static guint
count_kind (GListModel     *model,
            BansouBodyKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (model, i);
      if (bansou_body_get_kind (body) == kind)
        n++;
    }
  return n;
}

static guint
count_in (BansouRegistry *registry,
          const char     *prefecture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = bansou_registry_list (registry, prefecture, BANSOU_LIST_DEFAULT, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (model);
}

static void
test_registry_national_counts (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = bansou_registry_list (f->registry, NULL, BANSOU_LIST_DEFAULT, &error);
  g_autoptr(GListModel) with_nt = bansou_registry_list (f->registry, NULL, BANSOU_LIST_NOT_ADMINISTERED, &error);
  g_autoptr(GListModel) prefs = bansou_registry_list_prefectures (f->registry, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 1741);
  g_assert_cmpuint (count_kind (all, BANSOU_BODY_KIND_DESIGNATED_CITY) +
                    count_kind (all, BANSOU_BODY_KIND_CITY), ==, 792);
  g_assert_cmpuint (count_kind (all, BANSOU_BODY_KIND_DESIGNATED_CITY), ==, 20);
  g_assert_cmpuint (count_kind (all, BANSOU_BODY_KIND_TOWN), ==, 743);
  g_assert_cmpuint (count_kind (all, BANSOU_BODY_KIND_VILLAGE), ==, 183);
  g_assert_cmpuint (count_kind (all, BANSOU_BODY_KIND_SPECIAL_WARD), ==, 23);
  g_assert_cmpuint (count_kind (all, BANSOU_BODY_KIND_WARD), ==, 0);
  g_assert_cmpuint (count_kind (all, BANSOU_BODY_KIND_PREFECTURE), ==, 0);

  /* The six Northern Territories villages exist but are not counted by default. */
  g_assert_cmpuint (g_list_model_get_n_items (with_nt), ==, 1747);
  g_assert_cmpuint (g_list_model_get_n_items (prefs), ==, 47);
}

static void
test_registry_prefecture_counts (Fixture       *f,
                                 gconstpointer  data)
{
  g_assert_cmpuint (count_in (f->registry, "34"), ==, 23);   /* 広島県 */
  g_assert_cmpuint (count_in (f->registry, "340006"), ==, 23);
  g_assert_cmpuint (count_in (f->registry, "01"), ==, 179);  /* 北海道 */
  g_assert_cmpuint (count_in (f->registry, "13"), ==, 62);   /* 東京都 */
  g_assert_cmpuint (count_in (f->registry, BANSOU_SCOPE_NATIONAL), ==, 1741);
}

static void
test_registry_not_administered (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *codes[] = { "016951", "016969", "016977", "016985", "016993", "017001" };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(BansouBody) body = bansou_registry_lookup (f->registry, codes[i], &error);

      g_assert_no_error (error);
      g_assert_false (bansou_body_get_administered (body));
      g_assert_cmpint (bansou_body_get_kind (body), ==, BANSOU_BODY_KIND_VILLAGE);
    }
}

static void
test_registry_wards (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) hiroshima = bansou_registry_list (f->registry, "34", BANSOU_LIST_WARDS, &error);
  g_autoptr(BansouBody) naka = bansou_registry_lookup (f->registry, "341011", &error);  /* 広島市中区 */
  g_autoptr(BansouBody) city = bansou_registry_lookup (f->registry, "341002", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (count_kind (hiroshima, BANSOU_BODY_KIND_WARD), ==, 8);
  g_assert_cmpint (bansou_body_get_kind (naka), ==, BANSOU_BODY_KIND_WARD);
  g_assert_cmpstr (bansou_body_get_parent (naka), ==, "341002");
  g_assert_cmpint (bansou_body_get_kind (city), ==, BANSOU_BODY_KIND_DESIGNATED_CITY);
}

static void
test_registry_find_prefecture (Fixture       *f,
                               gconstpointer  data)
{
  const char *hiroshima[] = { "広島県", "広島", "ひろしま", "ヒロシマ", "ひろしまけん", "34", "340006" };

  for (guint i = 0; i < G_N_ELEMENTS (hiroshima); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BansouBody) body = bansou_registry_find_prefecture (f->registry, hiroshima[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (bansou_body_get_code (body), ==, "340006");
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BansouBody) kyoto = bansou_registry_find_prefecture (f->registry, "京都", &error);
    g_autoptr(BansouBody) none = NULL;

    g_assert_cmpstr (bansou_body_get_name (kyoto), ==, "京都府");
    none = bansou_registry_find_prefecture (f->registry, "ひろ", &error);
    g_assert_null (none);
    g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND);
  }
}

static void
test_registry_search (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouBody) kure = bansou_registry_lookup (f->registry, "342025", &error);

  g_assert_true (bansou_body_matches (kure, NULL));
  g_assert_true (bansou_body_matches (kure, "呉"));
  g_assert_true (bansou_body_matches (kure, "くれ"));
  g_assert_true (bansou_body_matches (kure, "クレ"));
  g_assert_true (bansou_body_matches (kure, "ｸﾚ"));
  g_assert_true (bansou_body_matches (kure, "342025"));
  g_assert_true (bansou_body_matches (kure, "３４２"));
  g_assert_false (bansou_body_matches (kure, "ひろしま"));
}

static void
test_registry_audit_trail (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) trail = NULL;
  g_autoptr(BansouBody) kure = bansou_registry_lookup (f->registry, "342025", &error);
  BansouAuditEntry *e;
  guint notified = 0;

  g_signal_connect_swapped (kure, "notify::population", G_CALLBACK (g_atomic_int_inc), &notified);

  g_assert_true (bansou_registry_set_field (f->registry, "342025", "population", "208000", &error));
  g_assert_true (bansou_registry_set_field (f->registry, "342025", "population", "207500", &error));
  /* The same value again writes nothing. */
  g_assert_true (bansou_registry_set_field (f->registry, "342025", "population", "207500", &error));
  bansou_store_set_actor (f->store, "山田");
  g_assert_true (bansou_registry_set_field (f->registry, "342025", "ciso-name", "呉 太郎", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpint (bansou_body_get_population (kure), ==, 207500);

  trail = bansou_store_list_audit (f->store, "body", "342025", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trail->len, ==, 3);

  e = g_ptr_array_index (trail, 0);
  g_assert_cmpstr (e->field, ==, "population");
  g_assert_cmpstr (e->old_value, ==, "");
  g_assert_cmpstr (e->new_value, ==, "208000");
  g_assert_cmpstr (e->actor, ==, "テスト担当");
  g_assert_nonnull (e->at);

  e = g_ptr_array_index (trail, 1);
  g_assert_cmpstr (e->old_value, ==, "208000");
  g_assert_cmpstr (e->new_value, ==, "207500");

  e = g_ptr_array_index (trail, 2);
  g_assert_cmpstr (e->field, ==, "ciso-name");
  g_assert_cmpstr (e->new_value, ==, "呉 太郎");
  g_assert_cmpstr (e->actor, ==, "山田");
}

static void
test_registry_validation (Fixture       *f,
                          gconstpointer  data)
{
  struct { const char *field; const char *value; } bad[] = {
    { "population", "abc" },
    { "population", "-5" },
    { "population", "1.5" },
    { "it-staff", "100001" },
    { "no-such-field", "1" },
    { "lgwan", "maybe" },
    { "decision", "perhaps" },
  };
  g_autoptr(GPtrArray) trail = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) local = NULL;

      g_assert_false (bansou_registry_validate_field (bad[i].field, bad[i].value, &local));
      g_assert_error (local, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
      g_clear_error (&local);
      g_assert_false (bansou_registry_set_field (f->registry, "342025", bad[i].field, bad[i].value, &local));
      g_assert_error (local, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
    }

  /* Full-width digits, as a Japanese input method types them, are fine. */
  g_assert_true (bansou_registry_set_field (f->registry, "342025", "population", "２０８０００", &error));
  g_assert_no_error (error);

  /* Union-only fields are refused for a municipality. */
  g_assert_false (bansou_registry_set_field (f->registry, "342025", "lgwan", "yes", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bansou_registry_set_field (f->registry, "999999", "population", "1", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  trail = bansou_store_list_audit (f->store, "body", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trail->len, ==, 1);
}

static void
test_registry_applicability_rule (void)
{
  /* Municipalities always. */
  g_assert_cmpint (bansou_applicability_compute (BANSOU_BODY_KIND_VILLAGE, -1, -1, BANSOU_DECISION_NONE),
                   ==, BANSOU_APPLICABILITY_APPLIES);
  g_assert_cmpint (bansou_applicability_compute (BANSOU_BODY_KIND_SPECIAL_WARD, 0, 0, BANSOU_DECISION_EXEMPT),
                   ==, BANSOU_APPLICABILITY_APPLIES);
  /* LGWAN-connected → applies, whatever else. */
  g_assert_cmpint (bansou_applicability_compute (BANSOU_BODY_KIND_PARTIAL_UNION, 1, 0, BANSOU_DECISION_EXEMPT),
                   ==, BANSOU_APPLICABILITY_APPLIES);
  /* Not connected but holds comparable confidential information → applies. */
  g_assert_cmpint (bansou_applicability_compute (BANSOU_BODY_KIND_WIDE_UNION, 0, 1, BANSOU_DECISION_NONE),
                   ==, BANSOU_APPLICABILITY_APPLIES_CONFIDENTIAL);
  /* Otherwise the prefecture decides. */
  g_assert_cmpint (bansou_applicability_compute (BANSOU_BODY_KIND_ADMIN_AGENCY, 0, 0, BANSOU_DECISION_NONE),
                   ==, BANSOU_APPLICABILITY_UNDECIDED);
  g_assert_cmpint (bansou_applicability_compute (BANSOU_BODY_KIND_ADMIN_AGENCY, -1, -1, BANSOU_DECISION_NONE),
                   ==, BANSOU_APPLICABILITY_UNDECIDED);
  g_assert_cmpint (bansou_applicability_compute (BANSOU_BODY_KIND_PUBLIC_UNIVERSITY, 0, 0, BANSOU_DECISION_APPLIES),
                   ==, BANSOU_APPLICABILITY_DECIDED_APPLIES);
  g_assert_cmpint (bansou_applicability_compute (BANSOU_BODY_KIND_PUBLIC_UNIVERSITY, 0, 0, BANSOU_DECISION_EXEMPT),
                   ==, BANSOU_APPLICABILITY_DECIDED_EXEMPT);

  g_assert_true (bansou_applicability_applies (BANSOU_APPLICABILITY_APPLIES_CONFIDENTIAL));
  g_assert_true (bansou_applicability_applies (BANSOU_APPLICABILITY_DECIDED_APPLIES));
  g_assert_false (bansou_applicability_applies (BANSOU_APPLICABILITY_UNDECIDED));
  g_assert_false (bansou_applicability_applies (BANSOU_APPLICABILITY_DECIDED_EXEMPT));
}

static void
test_registry_other_bodies (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *code2 = NULL;
  g_autoptr(BansouBody) body = NULL;
  g_auto(GStrv) members = NULL;
  const char *member_codes[] = { "342025", "341002", NULL };
  const char *bad_members[] = { "341011", NULL };  /* a ward is not a municipality */

  code = bansou_registry_add_body (f->registry, "34", BANSOU_BODY_KIND_PARTIAL_UNION, NULL,
                                   "広島県市町総合事務組合", "ひろしまけんしちょうそうごうじむくみあい", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "X34001");
  code2 = bansou_registry_add_body (f->registry, "34", BANSOU_BODY_KIND_ADMIN_AGENCY, NULL,
                                    "県立病院機構", NULL, &error);
  g_assert_cmpstr (code2, ==, "X34002");
  g_assert_cmpuint (count_in (f->registry, "34"), ==, 25);

  body = bansou_registry_lookup (f->registry, code, &error);
  g_assert_cmpint (bansou_body_get_applicability (body), ==, BANSOU_APPLICABILITY_UNDECIDED);

  /* Deciding needs a reason first. */
  g_assert_false (bansou_registry_set_field (f->registry, code, "decision", "exempt", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (bansou_registry_set_field (f->registry, code, "decision-reason", "住民情報を保有しない", &error));
  g_assert_true (bansou_registry_set_field (f->registry, code, "decision", "exempt", &error));
  g_assert_cmpint (bansou_body_get_applicability (body), ==, BANSOU_APPLICABILITY_DECIDED_EXEMPT);
  g_assert_true (bansou_registry_set_field (f->registry, code, "lgwan", "はい", &error));
  g_assert_no_error (error);
  g_assert_cmpint (bansou_body_get_applicability (body), ==, BANSOU_APPLICABILITY_APPLIES);

  g_assert_true (bansou_registry_set_members (f->registry, code, member_codes, &error));
  members = bansou_registry_get_members (f->registry, code, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (members), ==, 2);
  g_assert_cmpstr (members[0], ==, "341002");
  g_assert_false (bansou_registry_set_members (f->registry, code, bad_members, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A code must be valid and of this prefecture. */
  g_assert_null (bansou_registry_add_body (f->registry, "34", BANSOU_BODY_KIND_WIDE_UNION, "348000", "x", NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (bansou_registry_add_body (f->registry, "34", BANSOU_BODY_KIND_WIDE_UNION, "342025", "x", NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_null (bansou_registry_add_body (f->registry, "34", BANSOU_BODY_KIND_CITY, NULL, "新市", NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (bansou_registry_add_body (f->registry, "34", BANSOU_BODY_KIND_WIDE_UNION, NULL, "  ", NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Municipalities cannot be removed; added bodies can, with their members. */
  g_assert_false (bansou_registry_remove_body (f->registry, "342025", &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (bansou_registry_remove_body (f->registry, code, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_in (f->registry, "34"), ==, 24);
  g_clear_pointer (&members, g_strfreev);
  members = bansou_registry_get_members (f->registry, code, &error);
  g_assert_cmpuint (g_strv_length (members), ==, 0);

  /* The removed body's code is not handed out again. */
  {
    g_autofree char *code3 = bansou_registry_add_body (f->registry, "34", BANSOU_BODY_KIND_WIDE_UNION, NULL,
                                                       "広域連合", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (code3, ==, "X34003");
  }
}

/* Private codes run to X34999: after that the registry refuses, rather
 * than hand out a seven-character code no other part accepts. */
static void
test_registry_private_codes_run_out (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;

  /* A removed body's code counts as used (its history stays audited). */
  g_assert_true (bansou_store_audit (f->store, "body", "X34998", "created", NULL, "旧組合", &error));
  g_assert_no_error (error);
  last = bansou_registry_add_body (f->registry, "34", BANSOU_BODY_KIND_WIDE_UNION, NULL,
                                   "広域連合", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (last, ==, "X34999");

  g_assert_null (bansou_registry_add_body (f->registry, "34", BANSOU_BODY_KIND_WIDE_UNION, NULL,
                                           "もう一つの広域連合", NULL, &error));
  g_assert_error (error, BANSOU_STORE_ERROR, BANSOU_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpuint (count_in (f->registry, "34"), ==, 24);

  /* Another prefecture's serials are its own. */
  {
    g_autofree char *other = bansou_registry_add_body (f->registry, "35", BANSOU_BODY_KIND_WIDE_UNION, NULL,
                                                       "山口県の広域連合", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (other, ==, "X35001");
  }
}

/* A new version of the shipped registry keeps what staff entered. */
static void
test_registry_reseed_keeps_profiles (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BansouStore) again = NULL;
  g_autoptr(BansouRegistry) registry = NULL;
  g_autoptr(BansouBody) kure = NULL;
  g_autofree char *checksum = NULL;

  {
    g_autoptr(BansouStore) store = bansou_test_open_store (&path);
    g_autoptr(BansouRegistry) r = bansou_registry_new (store);

    g_assert_true (bansou_registry_set_field (r, "342025", "population", "208000", &error));
    g_assert_true (bansou_store_set_setting (store, "registry-checksum", "old", &error));
  }

  again = bansou_store_open (path, &error);
  g_assert_no_error (error);
  checksum = bansou_store_get_setting (again, "registry-checksum");
  g_assert_cmpstr (checksum, !=, "old");
  registry = bansou_registry_new (again);
  kure = bansou_registry_lookup (registry, "342025", &error);
  g_assert_cmpint (bansou_body_get_population (kure), ==, 208000);
  g_assert_cmpuint (count_in (registry, "34"), ==, 23);
}

int
main (int   argc,
      char *argv[])
{
  bansou_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/registry/national-counts", test_registry_national_counts);
  ADD ("/registry/prefecture-counts", test_registry_prefecture_counts);
  ADD ("/registry/not-administered", test_registry_not_administered);
  ADD ("/registry/wards", test_registry_wards);
  ADD ("/registry/find-prefecture", test_registry_find_prefecture);
  ADD ("/registry/search", test_registry_search);
  ADD ("/registry/audit-trail", test_registry_audit_trail);
  ADD ("/registry/validation", test_registry_validation);
  ADD ("/registry/other-bodies", test_registry_other_bodies);
  ADD ("/registry/private-codes-run-out", test_registry_private_codes_run_out);
#undef ADD
  g_test_add_func ("/registry/applicability-rule", test_registry_applicability_rule);
  g_test_add_func ("/registry/reseed-keeps-profiles", test_registry_reseed_keeps_profiles);

  return g_test_run ();
}
