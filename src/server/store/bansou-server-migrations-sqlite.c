/* bansou-server-migrations-sqlite.c — the server's own schema, one numbered step at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * The server's database is not a workbench database: it holds every
 * prefecture's answers, the tokens, and the revision of every record.
 * Never edit a migration that has shipped: append a new one.
 */
#include "config.h"

#include "bansou-server-store-private.h"

static const char * const _bansou_server_migrations[] = {
  /* 1: tokens, bodies, catalogs, rounds, answers, progress, alerts, the
   *    change feed, idempotency results, audit trail */
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE tokens ("
  "  id         INTEGER PRIMARY KEY,"
  "  hash       TEXT NOT NULL UNIQUE,"               /* SHA-256 of the token, hex */
  "  role       TEXT NOT NULL CHECK (role IN ('national', 'prefecture', 'body')),"
  "  scope      TEXT NOT NULL,"                      /* '00', '34', or a body code */
  "  name       TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  revoked_at TEXT"
  ");"
  "CREATE TABLE bodies ("
  "  code       TEXT PRIMARY KEY,"
  "  prefecture TEXT NOT NULL,"
  "  parent     TEXT,"
  "  kind       TEXT NOT NULL,"
  "  name       TEXT NOT NULL,"
  "  builtin    INTEGER NOT NULL DEFAULT 0,"
  "  rev        INTEGER NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  updated_by TEXT NOT NULL"
  ");"
  "CREATE TABLE catalogs ("
  "  version    TEXT PRIMARY KEY,"
  "  json       TEXT NOT NULL,"
  "  questions  INTEGER NOT NULL,"
  "  rev        INTEGER NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  updated_by TEXT NOT NULL"
  ");"
  "CREATE TABLE rounds ("
  "  id              TEXT PRIMARY KEY,"               /* the reference date, 'YYYY-MM-DD' */
  "  title           TEXT NOT NULL DEFAULT '',"
  "  catalog_version TEXT NOT NULL REFERENCES catalogs (version),"
  "  due             TEXT,"
  "  rev             INTEGER NOT NULL,"
  "  updated_at      TEXT NOT NULL,"
  "  updated_by      TEXT NOT NULL"
  ");"
  "CREATE TABLE answers ("
  "  round      TEXT NOT NULL REFERENCES rounds (id),"
  "  body       TEXT NOT NULL REFERENCES bodies (code),"
  "  question   TEXT NOT NULL,"
  "  status     TEXT CHECK (status IN ('done', 'partial', 'not_done', 'na')),"  /* NULL: unanswered */
  "  done_on    TEXT,"
  "  note       TEXT NOT NULL DEFAULT '',"
  "  evidence   TEXT NOT NULL DEFAULT '',"
  "  rev        INTEGER NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  updated_by TEXT NOT NULL,"
  "  PRIMARY KEY (round, body, question)"
  ") WITHOUT ROWID;"
  "CREATE INDEX answers_by_body ON answers (body, round);"
  "CREATE TABLE progress ("
  "  round      TEXT NOT NULL REFERENCES rounds (id),"
  "  body       TEXT NOT NULL REFERENCES bodies (code),"
  "  state      TEXT NOT NULL CHECK (state IN ('not_started', 'answering', 'review', 'final')),"
  "  assignee   TEXT NOT NULL DEFAULT '',"
  "  due        TEXT,"
  "  rev        INTEGER NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  updated_by TEXT NOT NULL,"
  "  PRIMARY KEY (round, body)"
  ") WITHOUT ROWID;"
  "CREATE TABLE alerts ("
  "  id         INTEGER PRIMARY KEY,"
  "  severity   TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),"
  "  title      TEXT NOT NULL,"
  "  message    TEXT NOT NULL,"
  "  rev        INTEGER NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  created_by TEXT NOT NULL"
  ");"
  "CREATE TABLE alert_targets ("
  "  alert      INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,"
  "  prefecture TEXT NOT NULL,"                      /* '34', or '00' for every prefecture */
  "  PRIMARY KEY (alert, prefecture)"
  ") WITHOUT ROWID;"
  /* One row per record, at the record's latest revision: the change feed. */
  "CREATE TABLE changes ("
  "  rev        INTEGER PRIMARY KEY,"
  "  type       TEXT NOT NULL,"
  "  k1         TEXT NOT NULL,"
  "  k2         TEXT NOT NULL DEFAULT '',"
  "  k3         TEXT NOT NULL DEFAULT '',"
  "  prefecture TEXT NOT NULL,"                      /* '34'; '*' for all; '' for alerts */
  "  body       TEXT NOT NULL DEFAULT '',"
  "  UNIQUE (type, k1, k2, k3)"
  ");"
  "CREATE INDEX changes_by_prefecture ON changes (prefecture, rev);"
  "CREATE INDEX changes_by_body ON changes (body, rev);"
  "CREATE TABLE idempotency ("
  "  token       INTEGER NOT NULL REFERENCES tokens (id),"
  "  key         TEXT NOT NULL,"
  "  fingerprint TEXT NOT NULL,"                     /* SHA-256 of method, path, If-Match, body */
  "  status      INTEGER NOT NULL,"
  "  response    TEXT NOT NULL,"
  "  created_at  TEXT NOT NULL,"
  "  PRIMARY KEY (token, key)"
  ") WITHOUT ROWID;"
  "CREATE INDEX idempotency_by_age ON idempotency (created_at);"
  "CREATE TABLE audit ("
  "  id      INTEGER PRIMARY KEY,"
  "  at      TEXT NOT NULL,"
  "  token   INTEGER,"
  "  actor   TEXT NOT NULL,"
  "  action  TEXT NOT NULL,"
  "  target  TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  detail  TEXT NOT NULL DEFAULT ''"
  ");",

  /* 2: joint procurement (共同調達): projects and participations, seen by
   *    several prefectures. A project's members are kept as the canonical
   *    JSON its kind validated (data); shared_scopes lists the prefectures
   *    that see a shared record (its lead, each participating body's
   *    prefecture): the change feed's rows of such records carry
   *    prefecture '+' and are read through it (docs/api.md). */
  "CREATE TABLE procurement_projects ("
  "  id              TEXT PRIMARY KEY,"                 /* a UUID made by the lead's workbench */
  "  lead_prefecture TEXT NOT NULL,"                    /* '04': the prefecture that writes it */
  "  data            TEXT NOT NULL,"                    /* the validated members, JSON */
  "  rev             INTEGER NOT NULL,"
  "  updated_at      TEXT NOT NULL,"
  "  updated_by      TEXT NOT NULL"
  ");"
  "CREATE TABLE procurement_participants ("
  "  project    TEXT NOT NULL REFERENCES procurement_projects (id),"
  "  body       TEXT NOT NULL REFERENCES bodies (code),"
  "  joined_on  TEXT,"
  "  left_on    TEXT,"
  "  terminals  INTEGER,"
  "  users      INTEGER,"
  "  standalone INTEGER,"
  "  rev        INTEGER NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  updated_by TEXT NOT NULL,"
  "  PRIMARY KEY (project, body)"
  ") WITHOUT ROWID;"
  "CREATE TABLE shared_scopes ("
  "  k1    TEXT NOT NULL,"                              /* the record's first key: the project */
  "  scope TEXT NOT NULL,"                              /* a prefecture, '04' */
  "  PRIMARY KEY (k1, scope)"
  ") WITHOUT ROWID;"
  "CREATE INDEX shared_scopes_by_scope ON shared_scopes (scope, k1);",

  /* 3: expert dispatch (kinds/bansou-kind-expert.c, -dispatch-request.c,
   *    -visit.c): a prefecture's experts, requests and visits, keyed by the
   *    workbench's UUIDs. Lists inside a record (skills, certifications,
   *    questions) are kept as the JSON the record carries. */
  "CREATE TABLE experts ("
  "  id              TEXT PRIMARY KEY,"
  "  prefecture      TEXT NOT NULL,"
  "  name            TEXT NOT NULL,"
  "  affiliation     TEXT NOT NULL,"
  "  organisation    TEXT NOT NULL DEFAULT '',"
  "  contract_start  TEXT,"
  "  contract_end    TEXT,"
  "  certifications  TEXT NOT NULL DEFAULT '[]',"
  "  nda_signed_on   TEXT,"
  "  nda_expires_on  TEXT,"
  "  home_base       TEXT NOT NULL DEFAULT '',"
  "  days_per_week   INTEGER NOT NULL,"
  "  monthly_visits  INTEGER,"
  "  monthly_minutes INTEGER,"
  "  cost_per_visit  INTEGER,"
  "  cost_per_hour   INTEGER,"
  "  active          INTEGER NOT NULL,"
  "  notes           TEXT NOT NULL DEFAULT '',"
  "  skills          TEXT NOT NULL DEFAULT '[]',"
  "  rev             INTEGER NOT NULL,"
  "  updated_at      TEXT NOT NULL,"
  "  updated_by      TEXT NOT NULL"
  ");"
  "CREATE TABLE dispatch_requests ("
  "  id            TEXT PRIMARY KEY,"
  "  prefecture    TEXT NOT NULL DEFAULT '',"          /* the body's, written with it */
  "  number        INTEGER NOT NULL,"
  "  body          TEXT NOT NULL REFERENCES bodies (code),"
  "  urgency       TEXT NOT NULL,"
  "  source        TEXT NOT NULL,"
  "  source_ref    TEXT NOT NULL DEFAULT '',"
  "  purpose       TEXT NOT NULL DEFAULT '',"
  "  wanted_from   TEXT,"
  "  wanted_until  TEXT,"
  "  state         TEXT NOT NULL,"
  "  questions     TEXT NOT NULL DEFAULT '[]',"
  "  rev           INTEGER NOT NULL,"
  "  updated_at    TEXT NOT NULL,"
  "  updated_by    TEXT NOT NULL"
  ");"
  "CREATE TABLE visits ("
  "  id              TEXT PRIMARY KEY,"
  "  prefecture      TEXT NOT NULL DEFAULT '',"        /* the body's, written with it */
  "  number          INTEGER NOT NULL,"
  "  request         TEXT,"
  "  expert          TEXT NOT NULL,"
  "  body            TEXT NOT NULL REFERENCES bodies (code),"
  "  day             TEXT NOT NULL,"
  "  start_min       INTEGER NOT NULL,"
  "  end_min         INTEGER NOT NULL,"
  "  state           TEXT NOT NULL,"
  "  override_reason TEXT NOT NULL DEFAULT '',"
  "  report          TEXT NOT NULL DEFAULT '',"
  "  worked_min      INTEGER,"
  "  cost            INTEGER,"
  "  subsidy_bp      INTEGER NOT NULL,"
  "  reported_at     TEXT,"
  "  questions       TEXT NOT NULL DEFAULT '[]',"
  "  rev             INTEGER NOT NULL,"
  "  updated_at      TEXT NOT NULL,"
  "  updated_by      TEXT NOT NULL,"
  "  CHECK (end_min > start_min)"
  ");"
  /* the double-booking check: one expert's visits of one day */
  "CREATE INDEX visits_by_expert ON visits (expert, day);",

  /* 4: the per-token cap on stored idempotent results
   *    walks a token's keys by age; the published national baselines
   *    (one row per question and kind of body of a round, see
   *    bansou-server-baselines.c) */
  "CREATE INDEX idempotency_by_token_age ON idempotency (token, created_at);"
  "CREATE TABLE baseline_cells ("
  "  round         TEXT NOT NULL,"
  "  question      TEXT NOT NULL,"
  "  kind          TEXT NOT NULL,"
  "  done          INTEGER NOT NULL,"
  "  partial       INTEGER NOT NULL,"
  "  not_done      INTEGER NOT NULL,"
  "  na            INTEGER NOT NULL,"
  "  by_prefecture TEXT NOT NULL,"                   /* {"34": 12, …}: the bodies counted, when published */
  "  published_at  TEXT NOT NULL,"
  "  PRIMARY KEY (round, question, kind)"
  ") WITHOUT ROWID;",

  /* 5: the consultation desk (相談窓口): tickets with their fields as the
   *    validated document, and their append-only threads. Both stay in
   *    the prefecture of the ticket's body (kinds/bansou-kind-ticket.c).
   *    Articles of the Q&A base, shared with the prefecture or the nation. */
  "CREATE TABLE consult_tickets ("
  "  id         TEXT PRIMARY KEY,"
  "  prefecture TEXT NOT NULL,"
  "  body       TEXT NOT NULL REFERENCES bodies (code),"
  "  data       TEXT NOT NULL,"
  "  rev        INTEGER NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  updated_by TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE consult_messages ("
  "  ticket     TEXT NOT NULL REFERENCES consult_tickets (id),"
  "  id         TEXT NOT NULL,"
  "  kind       TEXT NOT NULL,"
  "  author     TEXT NOT NULL,"
  "  text       TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  rev        INTEGER NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  updated_by TEXT NOT NULL,"
  "  PRIMARY KEY (ticket, id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE consult_articles ("
  "  id         TEXT PRIMARY KEY,"
  "  origin     TEXT NOT NULL,"                         /* '34', or '00' for the national desk */
  "  data       TEXT NOT NULL,"
  "  rev        INTEGER NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  updated_by TEXT NOT NULL"
  ") WITHOUT ROWID;",

  /* 6: escalations to the national 総合窓口 and their answers
   *    (kinds/bansou-kind-escalation.c): what a prefecture chose to send
   *    of a ticket, and the national desk's answer, once each. Both in the
   *    feed of the escalation's prefecture and of the national desk. */
  "CREATE TABLE consult_escalations ("
  "  id         TEXT PRIMARY KEY,"
  "  prefecture TEXT NOT NULL,"
  "  ticket     TEXT NOT NULL,"                         /* the prefecture's ticket: its UUID only */
  "  subject    TEXT NOT NULL,"
  "  text       TEXT,"
  "  category   TEXT,"
  "  questions  TEXT NOT NULL DEFAULT '[]',"
  "  body_name  TEXT,"
  "  messages   TEXT NOT NULL DEFAULT '[]',"
  "  sent_by    TEXT NOT NULL DEFAULT '',"
  "  sent_at    TEXT NOT NULL,"
  "  rev        INTEGER NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  updated_by TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE consult_escalation_answers ("
  "  id          TEXT PRIMARY KEY REFERENCES consult_escalations (id),"
  "  prefecture  TEXT NOT NULL,"
  "  text        TEXT NOT NULL,"
  "  answered_by TEXT NOT NULL DEFAULT '',"
  "  answered_at TEXT NOT NULL,"
  "  rev         INTEGER NOT NULL,"
  "  updated_at  TEXT NOT NULL,"
  "  updated_by  TEXT NOT NULL"
  ") WITHOUT ROWID;",
};

/* The server's errors keep their codes; a constraint or a busy database
 * is a failure like any other here. */
static const int server_error_codes[BANSOU_DB_N_ERRORS] = {
  [BANSOU_DB_ERROR_FAILED]          = BANSOU_SERVER_ERROR_FAILED,
  [BANSOU_DB_ERROR_NEWER_SCHEMA]    = BANSOU_SERVER_ERROR_NEWER_SCHEMA,
  [BANSOU_DB_ERROR_CORRUPT]         = BANSOU_SERVER_ERROR_CORRUPT,
  [BANSOU_DB_ERROR_CONSTRAINT]      = BANSOU_SERVER_ERROR_FAILED,
  [BANSOU_DB_ERROR_BUSY]            = BANSOU_SERVER_ERROR_FAILED,
  [BANSOU_DB_ERROR_NOT_INITIALIZED] = BANSOU_SERVER_ERROR_NOT_INITIALIZED,
};

const BansouDbSchema _bansou_server_schema = {
  .product = "bansou-server",
  .migrations = _bansou_server_migrations,
  .n_migrations = G_N_ELEMENTS (_bansou_server_migrations),
  .error_domain = bansou_server_error_quark,
  .error_codes = server_error_codes,
};
