/* bansou-demo.c — synthetic survey data for demonstrations and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The model, so that the data looks like the real survey:
 *
 *  - every body has a capability: designated cities strongest, then special
 *    wards and cities, towns, villages weakest, plus a prefecture effect
 *    and noise of its own;
 *  - every body × question has one fixed random threshold t; the measure is
 *    implemented in round r when t + γ·(rounds after r) < α_q. As α_q is
 *    fixed and γ > 0, a body that implemented something keeps it, and
 *    every round is a little better than the one before;
 *  - α_q is found by bisection so that the realised implementation rate of
 *    the LATEST round over all generated bodies equals the question's
 *    national baseline (e.g. 20.2 % for vulnerability assessments), or a
 *    value between 70 and 85 % for questions without one;
 *  - dated questions get dates consistent with their status (a date within
 *    the window when done, an old date or none when not), and the status is
 *    the one the date gives;
 *  - the latest round is prefilled from the previous one: bodies that have
 *    not started still hold the carried answers, re-evaluated against the
 *    new reference date, as the app itself would.
 *
 * Every random number is drawn from one GRand in a fixed order (questions,
 * then prefectures, then bodies by code and questions in catalog order), so
 * a seed always gives the same database.
 */
#define G_LOG_DOMAIN "bansou-demo"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bansou-demo.h"
#include "bansou-registry.h"
#include "bansou-store-sql.h"
#include "bansou-survey.h"
#include "bansou-survey-kinds.h"
#include "bansou-wareki.h"

#define GAMMA            0.35   /* log-odds gained per round */
#define P_PARTIAL        0.35   /* of the not implemented (undated questions) */
#define P_OLD_DATE       0.40   /* of the never done (dated questions): done long ago */
#define NEW_QUESTION     "outsourcing.systems.supply_chain"  /* asked from the latest round on */

static const char * const staff[] = {
  "佐藤 美咲", "鈴木 健太", "高橋 由紀", "田中 大輔", "伊藤 彩", "渡辺 翔",
  "山本 真由美", "中村 拓也", "小林 恵", "加藤 誠", "吉田 奈々", "山田 悠斗",
  "佐々木 直子", "山口 航", "松本 理恵", "井上 亮", "木村 千尋", "林 和也",
  "清水 香織", "山崎 俊介", "森 早紀", "池田 隆", "橋本 葵", "阿部 勇気",
};

static const char * const notes_partial[] = {
  "一部の部署のみ実施",
  "本庁のみ実施、出先機関は未実施",
  "令和8年度中に全庁展開予定",
  "対象システムの一部で実施",
};

static const char * const notes_not_done[] = {
  "予算確保に向けて検討中",
  "次期システム更改時に対応予定",
  "委託事業者と調整中",
  "人員不足のため未着手",
  "県の共同調達への参加を検討",
};

static const char * const notes_na[] = {
  "該当するシステムなし",
  "該当する業務を行っていない",
  "対象となる機器を保有していない",
};

static const char * const notes_done[] = {
  "令和6年度に規程を改正",
  "県の研修を活用",
  "外部事業者に委託して実施",
};

/* Evidence references by category index, in the order of the annex. */
static const char * const evidence[] = {
  "情報セキュリティ基本方針",
  "情報資産管理台帳",
  "サーバ室入退室記録",
  "研修実施記録",
  "システム設定確認書",
  "ログ点検記録",
  "委託契約書(特記仕様書)",
  "監査報告書",
};

typedef struct
{
  float t;       /* the threshold in log-odds, less the body's capability */
  float w;       /* partial or not implemented */
  float na;      /* not applicable */
  float note;    /* whether and which note */
  float carry;   /* answering bodies: left as carried */
  float old;     /* never done recently: an old date, or none */
  float d[BANSOU_DEMO_MAX_ROUNDS];  /* where in the window a new date falls */
} Cell;

typedef struct
{
  const char     *code;
  BansouBodyKind  kind;
  double          capability;
  BansouProgress  state;        /* in the latest round */
  const char     *assignee;
  int             due_shift;    /* days */
} Body;

typedef struct
{
  guint32   julian;        /* the reference date */
  char      id[11];
} Round;

/* One generated answer. */
typedef struct
{
  BansouStatus status;
  guint32      date;       /* julian day, 0 for none */
  const char  *note;
  const char  *evidence;
} Answer;

typedef struct
{
  BansouStore   *store;
  BansouCatalog *catalog;
  const char    *scope;
  guint          n_rounds;
  guint32        seed;

  guint          n_bodies;
  guint          n_questions;
  Body          *bodies;
  Cell          *cells;     /* bodies × questions */
  Round         *rounds;
  double        *alpha;     /* per question */
  double        *target;    /* per question */
  double        *p_na;      /* per question */
  guint32       *limit;     /* rounds × questions: the first day within the window */
} Demo;

/* ------------------------------------------------------------------------ */

static double
normal (GRand *rand)
{
  double u1 = 1.0 - g_rand_double (rand);  /* (0, 1] */
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

static double
logit (double p)
{
  p = CLAMP (p, 1e-6, 1.0 - 1e-6);
  return log (p / (1.0 - p));
}

static double
kind_capability (BansouBodyKind kind)
{
  switch (kind)
    {
    case BANSOU_BODY_KIND_DESIGNATED_CITY:
      return 1.4;
    case BANSOU_BODY_KIND_SPECIAL_WARD:
      return 0.8;
    case BANSOU_BODY_KIND_CITY:
      return 0.5;
    case BANSOU_BODY_KIND_TOWN:
      return -0.35;
    case BANSOU_BODY_KIND_VILLAGE:
      return -0.75;
    case BANSOU_BODY_KIND_PREFECTURE:
      return 1.0;
    case BANSOU_BODY_KIND_WARD:
    case BANSOU_BODY_KIND_PARTIAL_UNION:
    case BANSOU_BODY_KIND_WIDE_UNION:
    case BANSOU_BODY_KIND_ADMIN_AGENCY:
    case BANSOU_BODY_KIND_PUBLIC_UNIVERSITY:
    case BANSOU_BODY_N_KINDS:
    default:
      return -0.5;
    }
}

static gboolean
is_dated (const BansouQuestion *q)
{
  return q->answer_kind == BANSOU_ANSWER_KIND_STATUS_DATE;
}

static gboolean
is_new_question (const BansouQuestion *q)
{
  return g_str_equal (q->id, NEW_QUESTION);
}

static void
format_julian (guint32 julian,
               char    out[11])
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
}

/* The status of one cell in every round. @out holds n_rounds answers;
 * only status and date are filled. The latest round is the generated one
 * (not the carried one): see latest_answer(). */
static void
simulate (Demo                 *demo,
          guint                 b,
          guint                 qi,
          const BansouQuestion *q,
          double                alpha,
          Answer               *out)
{
  const Cell *cell = &demo->cells[(gsize) b * demo->n_questions + qi];
  guint last = demo->n_rounds - 1;
  guint32 prev_date = 0;

  for (guint r = 0; r <= last; r++)
    {
      gboolean done = cell->t + GAMMA * (last - r) < alpha;
      Answer *a = &out[r];

      a->date = 0;
      if (is_new_question (q) && r < last)
        {
          a->status = BANSOU_STATUS_UNANSWERED;
          continue;
        }
      if (cell->na < demo->p_na[qi])
        {
          a->status = BANSOU_STATUS_NA;
          continue;
        }

      if (!is_dated (q))
        {
          a->status = done ? BANSOU_STATUS_DONE
                    : cell->w < P_PARTIAL ? BANSOU_STATUS_PARTIAL : BANSOU_STATUS_NOT_DONE;
          continue;
        }

      {
        guint32 limit = demo->limit[(gsize) r * demo->n_questions + qi];
        guint32 ref = demo->rounds[r].julian;

        if (done)
          {
            if (prev_date != 0 && prev_date >= limit)
              a->date = prev_date;
            else
              {
                guint32 lo = r > 0 ? MAX (limit, demo->rounds[r - 1].julian + 1) : limit;
                a->date = lo + (guint32) (cell->d[r] * (ref - lo + 1));
                a->date = MIN (a->date, ref);
              }
            a->status = BANSOU_STATUS_DONE;
          }
        else
          {
            if (cell->old < P_OLD_DATE)
              a->date = demo->limit[qi] - 30 - (guint32) (cell->old / P_OLD_DATE * 700);
            a->status = BANSOU_STATUS_NOT_DONE;
          }
        prev_date = a->date;
      }
    }
}

/* What the previous round's answer becomes when carried into the latest:
 * the same, with a dated status re-evaluated against the new date. */
static void
carry (Demo                 *demo,
       guint                 qi,
       const BansouQuestion *q,
       const Answer         *prev,
       Answer               *out)
{
  *out = *prev;
  if (is_dated (q) && prev->date != 0)
    out->status = prev->date >= demo->limit[(gsize) (demo->n_rounds - 1) * demo->n_questions + qi]
                  ? BANSOU_STATUS_DONE : BANSOU_STATUS_NOT_DONE;
}

/* The answer stored in the latest round for body @b. */
static void
latest_answer (Demo                 *demo,
               guint                 b,
               guint                 qi,
               const BansouQuestion *q,
               const Answer         *rounds,
               Answer               *out,
               gboolean             *carried)
{
  guint last = demo->n_rounds - 1;

  *carried = FALSE;
  *out = rounds[last];

  if (demo->bodies[b].state == BANSOU_PROGRESS_NOT_STARTED)
    {
      if (last == 0)
        out->status = BANSOU_STATUS_UNANSWERED, out->date = 0;
      else
        {
          carry (demo, qi, q, &rounds[last - 1], out);
          *carried = out->status != BANSOU_STATUS_UNANSWERED;
        }
    }
  else if (demo->bodies[b].state == BANSOU_PROGRESS_ANSWERING && last > 0)
    {
      const Cell *cell = &demo->cells[(gsize) b * demo->n_questions + qi];
      Answer prev;

      carry (demo, qi, q, &rounds[last - 1], &prev);
      if (prev.status == out->status && prev.date == out->date && cell->carry < 0.5)
        *carried = prev.status != BANSOU_STATUS_UNANSWERED;
    }
}

/* The realised implementation rate of question @qi in the latest round. */
static double
latest_rate (Demo                 *demo,
             guint                 qi,
             const BansouQuestion *q,
             double                alpha)
{
  Answer rounds[BANSOU_DEMO_MAX_ROUNDS];
  guint done = 0, counted = 0;

  for (guint b = 0; b < demo->n_bodies; b++)
    {
      Answer a;
      gboolean carried;

      simulate (demo, b, qi, q, alpha, rounds);
      latest_answer (demo, b, qi, q, rounds, &a, &carried);
      if (bansou_status_score (a.status) >= 0)
        {
          counted++;
          if (a.status == BANSOU_STATUS_DONE)
            done++;
        }
    }

  return counted > 0 ? (double) done / counted : 0;
}

static void
calibrate (Demo *demo)
{
  for (guint qi = 0; qi < demo->n_questions; qi++)
    {
      const BansouQuestion *q = bansou_catalog_get_question (demo->catalog, qi);
      double lo = -20, hi = 20;

      for (guint i = 0; i < 36; i++)
        {
          double mid = (lo + hi) / 2;

          if (latest_rate (demo, qi, q, mid) < demo->target[qi])
            lo = mid;
          else
            hi = mid;
        }
      demo->alpha[qi] = (lo + hi) / 2;
    }
}

/* ------------------------------------------------------------------------ */

static gboolean
prepare (Demo                 *demo,
         GListModel           *bodies,
         GError              **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (demo->seed);
  g_autoptr(GDate) latest = bansou_date_parse_iso (BANSOU_DEMO_LATEST_ROUND);
  double pref_effect[48];

  demo->n_bodies = g_list_model_get_n_items (bodies);
  demo->n_questions = bansou_catalog_get_n_questions (demo->catalog);
  demo->bodies = g_new0 (Body, demo->n_bodies);
  demo->cells = g_new0 (Cell, (gsize) demo->n_bodies * demo->n_questions);
  demo->rounds = g_new0 (Round, demo->n_rounds);
  demo->alpha = g_new0 (double, demo->n_questions);
  demo->target = g_new0 (double, demo->n_questions);
  demo->p_na = g_new0 (double, demo->n_questions);
  demo->limit = g_new0 (guint32, (gsize) demo->n_rounds * demo->n_questions);

  for (guint r = 0; r < demo->n_rounds; r++)
    {
      GDate date = *latest;

      g_date_subtract_years (&date, demo->n_rounds - 1 - r);
      demo->rounds[r].julian = g_date_get_julian (&date);
      format_julian (demo->rounds[r].julian, demo->rounds[r].id);

      for (guint qi = 0; qi < demo->n_questions; qi++)
        {
          const BansouQuestion *q = bansou_catalog_get_question (demo->catalog, qi);
          GDate limit = date;

          if (is_dated (q))
            g_date_subtract_years (&limit, q->within_years);
          demo->limit[(gsize) r * demo->n_questions + qi] = g_date_get_julian (&limit);
        }
    }

  /* 1. Questions */
  for (guint qi = 0; qi < demo->n_questions; qi++)
    {
      const BansouQuestion *q = bansou_catalog_get_question (demo->catalog, qi);
      double draw = g_rand_double (rand);

      if (q->baseline >= 0)
        demo->target[qi] = q->baseline / 100.0;
      else if (is_new_question (q))
        demo->target[qi] = 0.30 + 0.10 * draw;
      else
        demo->target[qi] = 0.70 + 0.15 * draw;

      if (g_str_has_prefix (q->id, "outsourcing.cloud.") || g_str_equal (q->id, "physical.devices.mobile"))
        demo->p_na[qi] = 0.03;
      else if (g_str_has_prefix (q->id, "technical.development."))
        demo->p_na[qi] = 0.015;
      else
        demo->p_na[qi] = 0.003;
    }

  /* 2. Prefectures */
  for (guint p = 0; p < G_N_ELEMENTS (pref_effect); p++)
    pref_effect[p] = 0.25 * normal (rand);

  /* 3. Bodies, and their cells */
  for (guint b = 0; b < demo->n_bodies; b++)
    {
      g_autoptr(BansouBody) body = g_list_model_get_item (bodies, b);
      Body *db = &demo->bodies[b];
      guint pref = (guint) g_ascii_strtoull (bansou_body_get_prefecture (body), NULL, 10);
      double s, a;

      db->code = bansou_body_get_code (body);  /* the registry keeps the body alive */
      db->kind = bansou_body_get_kind (body);
      db->capability = kind_capability (db->kind) + pref_effect[MIN (pref, 47)] + 0.6 * normal (rand);

      s = g_rand_double (rand);
      db->state = s < 0.08 ? BANSOU_PROGRESS_NOT_STARTED
                : s < 0.35 ? BANSOU_PROGRESS_ANSWERING
                : s < 0.55 ? BANSOU_PROGRESS_REVIEW
                : BANSOU_PROGRESS_FINAL;
      a = g_rand_double (rand);
      db->assignee = a < 0.05 ? "" : staff[(pref * 5 + (guint) (a * 3)) % G_N_ELEMENTS (staff)];
      db->due_shift = g_rand_int_range (rand, -35, 29);

      for (guint qi = 0; qi < demo->n_questions; qi++)
        {
          Cell *cell = &demo->cells[(gsize) b * demo->n_questions + qi];
          double u = g_rand_double (rand);

          cell->t = (float) (logit (u) - db->capability);
          cell->w = (float) g_rand_double (rand);
          cell->na = (float) g_rand_double (rand);
          cell->note = (float) g_rand_double (rand);
          cell->carry = (float) g_rand_double (rand);
          cell->old = (float) g_rand_double (rand);
          for (guint r = 0; r < demo->n_rounds; r++)
            cell->d[r] = (float) g_rand_double (rand);
        }
    }

  calibrate (demo);
  return TRUE;
}

static void
demo_clear (Demo *demo)
{
  g_free (demo->bodies);
  g_free (demo->cells);
  g_free (demo->rounds);
  g_free (demo->alpha);
  g_free (demo->target);
  g_free (demo->p_na);
  g_free (demo->limit);
}

static void
decorate (const BansouQuestion *q,
          const Cell           *cell,
          Answer               *a)
{
  a->note = "";
  a->evidence = "";

  switch (a->status)
    {
    case BANSOU_STATUS_PARTIAL:
      if (cell->note < 0.15)
        a->note = notes_partial[(guint) (cell->note / 0.15 * G_N_ELEMENTS (notes_partial))];
      break;
    case BANSOU_STATUS_NOT_DONE:
      if (cell->note < 0.15)
        a->note = notes_not_done[(guint) (cell->note / 0.15 * G_N_ELEMENTS (notes_not_done))];
      break;
    case BANSOU_STATUS_NA:
      if (cell->note < 0.7)
        a->note = notes_na[(guint) (cell->note / 0.7 * G_N_ELEMENTS (notes_na))];
      break;
    case BANSOU_STATUS_DONE:
      if (cell->note < 0.03)
        a->note = notes_done[(guint) (cell->note / 0.03 * G_N_ELEMENTS (notes_done))];
      if (cell->w < 0.2)
        a->evidence = evidence[q->category->index % G_N_ELEMENTS (evidence)];
      break;
    case BANSOU_STATUS_UNANSWERED:
    case BANSOU_N_STATUSES:
    default:
      break;
    }
}

#define UPDATED_LEN 24  /* "2025-11-20T09:00:00Z" */

static int
compare_question_ids (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  BansouCatalog *catalog = user_data;

  return strcmp (bansou_catalog_get_question (catalog, *(const guint *) a)->id,
                 bansou_catalog_get_question (catalog, *(const guint *) b)->id);
}

static gboolean
remove_demo_rounds (BansouStore  *store,
                    GError      **error)
{
  return bansou_store_exec (store, "DELETE FROM rounds WHERE demo = 1", error);
}

static gboolean
generate_cb (BansouStore  *store,
             gpointer      user_data,
             GError      **error)
{
  Demo *demo = user_data;
  g_autoptr(sqlite3_stmt) check = NULL;
  g_autoptr(sqlite3_stmt) round_stmt = NULL;
  g_autoptr(sqlite3_stmt) answer = NULL;
  g_autoptr(sqlite3_stmt) progress = NULL;
  g_autofree Answer *history = g_new0 (Answer, demo->n_rounds);
  g_autofree char *updated = NULL;
  g_autofree guint *by_id = NULL;
  g_autofree char *summary = NULL;
  const char *version = bansou_catalog_get_version (demo->catalog);
  guint last = demo->n_rounds - 1;

  if (!remove_demo_rounds (store, error))
    return FALSE;

  check = _bansou_store_prepare (store, "SELECT 1 FROM rounds WHERE id = ?", error);
  round_stmt = _bansou_store_prepare (store,
                                      "INSERT INTO rounds (id, fiscal_year, title, catalog_version, "
                                      "prefilled_from, demo, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
                                      error);
  answer = _bansou_store_prepare (store,
                                  "INSERT INTO answers (round, body, question, status, done_on, note, evidence, "
                                  "carried, catalog_version, updated_by, updated_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  progress = _bansou_store_prepare (store,
                                    "INSERT INTO progress (round, body, state, assignee, due, updated_by, "
                                    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (!check || !round_stmt || !answer || !progress)
    return FALSE;

  for (guint r = 0; r < demo->n_rounds; r++)
    {
      char created[32];
      char prev[11] = "";
      g_autoptr(GDate) date = bansou_date_parse_iso (demo->rounds[r].id);

      sqlite3_reset (check);
      sqlite3_bind_text (check, 1, demo->rounds[r].id, -1, SQLITE_STATIC);
      if (sqlite3_step (check) == SQLITE_ROW)
        {
          g_autofree char *label = bansou_round_label (demo->rounds[r].id);
          g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_EXISTS,
                       _("The round %s (%s) holds real answers: demo data would mix with them"),
                       demo->rounds[r].id, label);
          return FALSE;
        }

      format_julian (demo->rounds[r].julian - 30, created);
      g_strlcat (created, "T00:00:00Z", sizeof created);
      if (r > 0)
        memcpy (prev, demo->rounds[r - 1].id, sizeof prev);

      sqlite3_reset (round_stmt);
      sqlite3_bind_text (round_stmt, 1, demo->rounds[r].id, -1, SQLITE_STATIC);
      sqlite3_bind_int (round_stmt, 2, bansou_fiscal_year (date));
      sqlite3_bind_text (round_stmt, 3, "デモデータ", -1, SQLITE_STATIC);
      sqlite3_bind_text (round_stmt, 4, version, -1, SQLITE_STATIC);
      if (r > 0)
        sqlite3_bind_text (round_stmt, 5, prev, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (round_stmt, 5);
      sqlite3_bind_text (round_stmt, 6, created, -1, SQLITE_TRANSIENT);
      if (!_bansou_store_step_done (store, round_stmt, error))
        return FALSE;
    }

  sqlite3_bind_text (answer, 9, version, -1, SQLITE_STATIC);

  /* Progress first, and the times each body's answers were saved. */
  updated = g_new0 (char, (gsize) demo->n_bodies * demo->n_rounds * UPDATED_LEN);
  for (guint b = 0; b < demo->n_bodies; b++)
    {
      const Body *db = &demo->bodies[b];
      const char *by = *db->assignee ? db->assignee : "demo";

      for (guint r = 0; r < demo->n_rounds; r++)
        {
          char *at = &updated[((gsize) b * demo->n_rounds + r) * UPDATED_LEN];
          guint32 when = demo->rounds[r].julian + 20 + (guint) (b * 7919u % 60u);
          char due[11];
          BansouProgress state = r == last ? db->state : BANSOU_PROGRESS_FINAL;

          format_julian (when, at);
          g_strlcat (at, "T09:00:00Z", UPDATED_LEN);
          format_julian (demo->rounds[r].julian + 91 + (r == last ? db->due_shift : 0), due);

          sqlite3_reset (progress);
          sqlite3_bind_text (progress, 1, demo->rounds[r].id, -1, SQLITE_STATIC);
          sqlite3_bind_text (progress, 2, db->code, -1, SQLITE_STATIC);
          sqlite3_bind_text (progress, 3, bansou_progress_to_string (state), -1, SQLITE_STATIC);
          sqlite3_bind_text (progress, 4, db->assignee, -1, SQLITE_STATIC);
          sqlite3_bind_text (progress, 5, due, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (progress, 6, by, -1, SQLITE_STATIC);
          sqlite3_bind_text (progress, 7, at, -1, SQLITE_STATIC);
          if (!_bansou_store_step_done (store, progress, error))
            return FALSE;
        }
    }

  /* Answers in key order (round, body, question id): each insert appends
   * to the table's B-tree instead of splitting pages all over it. */
  by_id = g_new (guint, demo->n_questions);
  for (guint qi = 0; qi < demo->n_questions; qi++)
    by_id[qi] = qi;
  g_qsort_with_data (by_id, demo->n_questions, sizeof (guint), compare_question_ids, demo->catalog);

  for (guint r = 0; r < demo->n_rounds; r++)
    for (guint b = 0; b < demo->n_bodies; b++)
      {
        const Body *db = &demo->bodies[b];
        const char *by = *db->assignee ? db->assignee : "demo";

        for (guint k = 0; k < demo->n_questions; k++)
          {
            guint qi = by_id[k];
            const BansouQuestion *q = bansou_catalog_get_question (demo->catalog, qi);
            const Cell *cell = &demo->cells[(gsize) b * demo->n_questions + qi];
            const char *at = &updated[((gsize) b * demo->n_rounds + r) * UPDATED_LEN];
            Answer a;
            gboolean carried = FALSE;
            char date[11];

            simulate (demo, b, qi, q, demo->alpha[qi], history);
            if (r == last)
              latest_answer (demo, b, qi, q, history, &a, &carried);
            else
              a = history[r];

            if (a.status == BANSOU_STATUS_UNANSWERED)
              continue;
            decorate (q, cell, &a);
            if (carried)
              at = &updated[((gsize) b * demo->n_rounds + r - 1) * UPDATED_LEN];

            sqlite3_reset (answer);
            sqlite3_bind_text (answer, 1, demo->rounds[r].id, -1, SQLITE_STATIC);
            sqlite3_bind_text (answer, 2, db->code, -1, SQLITE_STATIC);
            sqlite3_bind_text (answer, 3, q->id, -1, SQLITE_STATIC);
            sqlite3_bind_text (answer, 4, bansou_status_to_string (a.status), -1, SQLITE_STATIC);
            if (a.date != 0)
              {
                format_julian (a.date, date);
                sqlite3_bind_text (answer, 5, date, -1, SQLITE_TRANSIENT);
              }
            else
              sqlite3_bind_null (answer, 5);
            sqlite3_bind_text (answer, 6, a.note, -1, SQLITE_STATIC);
            sqlite3_bind_text (answer, 7, a.evidence, -1, SQLITE_STATIC);
            sqlite3_bind_int (answer, 8, carried);
            sqlite3_bind_text (answer, 10, by, -1, SQLITE_STATIC);
            sqlite3_bind_text (answer, 11, at, -1, SQLITE_STATIC);
            if (!_bansou_store_step_done (store, answer, error))
              return FALSE;
          }
      }

  /* Demo data goes up with the next sync like any other edit. */
  if (!_bansou_outbox_add_round (store, NULL, error))
    return FALSE;

  summary = g_strdup_printf ("rounds=%u seed=%u scope=%s bodies=%u", demo->n_rounds, demo->seed,
                             demo->scope, demo->n_bodies);
  return bansou_store_audit (store, "demo", "demo", "generated", NULL, summary, error);
}

/**
 * bansou_demo_generate:
 * @catalog: the catalog to answer
 * @scope: (nullable): "34", "00" for the nation, or %NULL for the desk's scope
 * @n_rounds: how many yearly rounds, the latest on 2025-10-31 (1 to 10)
 * @seed: the same seed gives the same data
 *
 * Fills demo rounds (marked demo = 1) with synthetic answers and progress
 * for every body in @scope, in one transaction. Demo rounds made before are
 * replaced; a real round on one of the demo dates is never touched (the
 * call fails instead). Views built on a #BansouSurvey need
 * bansou_survey_reload() afterwards.
 */
gboolean
bansou_demo_generate (BansouStore    *store,
                      BansouCatalog  *catalog,
                      const char     *scope,
                      guint           n_rounds,
                      guint32         seed,
                      GError        **error)
{
  g_autoptr(BansouSurvey) survey = NULL;
  g_autoptr(GListModel) bodies = NULL;
  g_autofree char *own_scope = NULL;
  Demo demo = { 0 };
  gboolean ok;
  gint64 start;
  int old_cache = -2000;

  g_return_val_if_fail (BANSOU_IS_STORE (store), FALSE);
  g_return_val_if_fail (BANSOU_IS_CATALOG (catalog), FALSE);

  if (n_rounds < 1 || n_rounds > BANSOU_DEMO_MAX_ROUNDS)
    {
      g_set_error (error, BANSOU_SURVEY_ERROR, BANSOU_SURVEY_ERROR_INVALID,
                   _("The number of demo rounds must be from 1 to %d"), BANSOU_DEMO_MAX_ROUNDS);
      return FALSE;
    }

  if (!(survey = bansou_survey_new (store, catalog, error)))
    return FALSE;
  if (scope == NULL)
    scope = own_scope = bansou_survey_dup_scope (survey);
  if (!(bodies = bansou_survey_list_bodies (survey, scope, error)))
    return FALSE;

  demo.store = store;
  demo.catalog = catalog;
  demo.scope = scope;
  demo.n_rounds = n_rounds;
  demo.seed = seed;

  start = g_get_monotonic_time ();
  ok = prepare (&demo, bodies, error);
  g_debug ("Demo: drew and calibrated %u bodies × %u questions in %.0f ms", demo.n_bodies,
           demo.n_questions, (g_get_monotonic_time () - start) / 1000.0);
  /* Half a million rows: a 64 MB page cache for the duration saves a
   * good part of the B-tree work (sqlite's default is 2 MB). */
  {
    g_autoptr(sqlite3_stmt) stmt = _bansou_store_prepare (store, "PRAGMA cache_size", NULL);
    if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
      old_cache = sqlite3_column_int (stmt, 0);
  }
  bansou_store_exec (store, "PRAGMA cache_size = -65536", NULL);
  start = g_get_monotonic_time ();
  ok = ok && bansou_store_transaction (store, generate_cb, &demo, error);
  {
    g_autofree char *restore = g_strdup_printf ("PRAGMA cache_size = %d", old_cache);
    bansou_store_exec (store, restore, NULL);
  }
  g_debug ("Demo: wrote %u rounds in %.0f ms", n_rounds, (g_get_monotonic_time () - start) / 1000.0);

  demo_clear (&demo);
  return ok;
}

static gboolean
remove_cb (BansouStore  *store,
           gpointer      user_data,
           GError      **error)
{
  guint *n = user_data;
  g_autoptr(sqlite3_stmt) count = _bansou_store_prepare (store, "SELECT count(*) FROM rounds WHERE demo = 1",
                                                         error);

  if (count == NULL || sqlite3_step (count) != SQLITE_ROW)
    return FALSE;
  *n = sqlite3_column_int (count, 0);
  if (*n == 0)
    return TRUE;

  return remove_demo_rounds (store, error) &&
         bansou_store_audit (store, "demo", "demo", "removed", NULL, NULL, error);
}

/**
 * bansou_demo_remove:
 *
 * Deletes every demo round with its answers and progress, in one
 * transaction. Real rounds are untouched.
 */
gboolean
bansou_demo_remove (BansouStore  *store,
                    GError      **error)
{
  guint n = 0;

  g_return_val_if_fail (BANSOU_IS_STORE (store), FALSE);
  return bansou_store_transaction (store, remove_cb, &n, error);
}

/**
 * bansou_demo_exists:
 *
 * Returns: %TRUE while the database holds demo data (the app shows a banner)
 */
gboolean
bansou_demo_exists (BansouStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BANSOU_IS_STORE (store), FALSE);

  stmt = _bansou_store_prepare (store, "SELECT 1 FROM rounds WHERE demo = 1 LIMIT 1", NULL);
  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}
