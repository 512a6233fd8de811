/* bansou-store-migrations.c — the schema, one numbered step at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include "bansou-store-migrations.h"
#include "bansou-store.h"

const char * const _bansou_migrations[] = {
  /* 1: settings, the registry of bodies, members of unions, audit trail */
  "CREATE TABLE settings ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE bodies ("
  "  code          TEXT PRIMARY KEY,"
  "  prefecture    TEXT NOT NULL,"                 /* two digits, 01–47 */
  "  parent        TEXT REFERENCES bodies (code),"
  "  kind          TEXT NOT NULL,"
  "  name          TEXT NOT NULL,"
  "  kana          TEXT NOT NULL DEFAULT '',"
  "  builtin       INTEGER NOT NULL DEFAULT 0,"    /* from the national registry */
  "  administered  INTEGER NOT NULL DEFAULT 1,"
  "  lgwan         INTEGER,"                       /* NULL: unknown */
  "  confidential  INTEGER,"                       /* holds comparable confidential info */
  "  decision      TEXT NOT NULL DEFAULT 'none',"  /* none | applies | exempt */
  "  decision_reason TEXT NOT NULL DEFAULT '',"
  "  population    INTEGER,"
  "  it_staff      INTEGER,"
  "  ciso_name     TEXT NOT NULL DEFAULT '',"
  "  ciso_title    TEXT NOT NULL DEFAULT '',"
  "  csirt_contact TEXT NOT NULL DEFAULT '',"
  "  notes         TEXT NOT NULL DEFAULT '',"
  "  CHECK (decision IN ('none', 'applies', 'exempt'))"
  ");"
  "CREATE INDEX bodies_by_prefecture ON bodies (prefecture, code);"
  "CREATE INDEX bodies_by_parent ON bodies (parent);"
  "CREATE TABLE body_members ("
  "  body   TEXT NOT NULL REFERENCES bodies (code) ON DELETE CASCADE,"
  "  member TEXT NOT NULL REFERENCES bodies (code) ON DELETE CASCADE,"
  "  PRIMARY KEY (body, member)"
  ");"
  "CREATE TABLE audit ("
  "  id        INTEGER PRIMARY KEY,"
  "  at        TEXT NOT NULL,"
  "  actor     TEXT NOT NULL,"
  "  entity    TEXT NOT NULL,"
  "  key       TEXT NOT NULL,"
  "  field     TEXT NOT NULL,"
  "  old_value TEXT,"
  "  new_value TEXT"
  ");"
  "CREATE INDEX audit_by_key ON audit (entity, key, id);",

  /* 2: the catalog of detailed measures, survey rounds, answers, progress */
  "CREATE TABLE catalogs ("
  "  version      TEXT PRIMARY KEY,"
  "  json         TEXT NOT NULL,"
  "  installed_at TEXT NOT NULL,"
  "  active       INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE rounds ("
  "  id              TEXT PRIMARY KEY,"                /* the reference date, 'YYYY-MM-DD' */
  "  fiscal_year     INTEGER NOT NULL,"                /* 年度 of the reference date */
  "  title           TEXT NOT NULL DEFAULT '',"
  "  catalog_version TEXT NOT NULL,"
  "  prefilled_from  TEXT REFERENCES rounds (id) ON DELETE SET NULL,"
  "  demo            INTEGER NOT NULL DEFAULT 0,"      /* synthetic data from bansouctl demo */
  "  created_at      TEXT NOT NULL"
  ");"
  "CREATE TABLE answers ("
  "  round           TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,"
  "  body            TEXT NOT NULL REFERENCES bodies (code) ON DELETE CASCADE,"
  "  question        TEXT NOT NULL,"                   /* a catalog question id */
  "  status          TEXT CHECK (status IN ('done', 'partial', 'not_done', 'na')),"  /* NULL: unanswered */
  "  done_on         TEXT,"                            /* dated questions: when it was last done */
  "  note            TEXT NOT NULL DEFAULT '',"
  "  evidence        TEXT NOT NULL DEFAULT '',"
  "  carried         INTEGER NOT NULL DEFAULT 0,"      /* prefilled from the previous round, unconfirmed */
  "  catalog_version TEXT NOT NULL,"
  "  updated_by      TEXT NOT NULL DEFAULT '',"
  "  updated_at      TEXT NOT NULL DEFAULT '',"
  "  PRIMARY KEY (round, body, question)"
  ") WITHOUT ROWID;"
  "CREATE INDEX answers_by_body ON answers (body, round);"
  "CREATE TABLE progress ("
  "  round      TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,"
  "  body       TEXT NOT NULL REFERENCES bodies (code) ON DELETE CASCADE,"
  "  state      TEXT NOT NULL DEFAULT 'not_started'"
  "             CHECK (state IN ('not_started', 'answering', 'review', 'final')),"
  "  assignee   TEXT NOT NULL DEFAULT '',"
  "  due        TEXT,"                                 /* 'YYYY-MM-DD' */
  "  updated_by TEXT NOT NULL DEFAULT '',"
  "  updated_at TEXT NOT NULL DEFAULT '',"
  "  PRIMARY KEY (round, body)"
  ") WITHOUT ROWID;",

  /* 3: sync with bansou-server (bansou-sync.c): the outbox of local edits,
   *    the server revision of every record, conflicts, alerts and the
   *    national baselines. Settings: sync-url, sync-cursor, sync-epoch,
   *    sync-ca-file, sync-last. The token is never stored. */
  "ALTER TABLE answers ADD COLUMN server_rev INTEGER NOT NULL DEFAULT 0;"   /* 0: never on the server */
  "ALTER TABLE progress ADD COLUMN server_rev INTEGER NOT NULL DEFAULT 0;"
  /* A chunk of the outbox once sent: its request is kept byte for byte so
   * that a retry, even after a crash, is the same request with the same key. */
  "CREATE TABLE outbox_chunks ("
  "  id              INTEGER PRIMARY KEY,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  request         TEXT NOT NULL,"
  "  created_at      TEXT NOT NULL"
  ");"
  "CREATE TABLE outbox ("
  "  id              INTEGER PRIMARY KEY,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  type            TEXT NOT NULL CHECK (type IN ('answer', 'progress')),"
  "  round           TEXT NOT NULL,"
  "  body            TEXT NOT NULL,"
  "  question        TEXT NOT NULL DEFAULT '',"           /* '' for progress */
  "  payload         TEXT NOT NULL,"                      /* the record's fields, a JSON object */
  "  base_rev        INTEGER NOT NULL DEFAULT 0,"
  "  created_at      TEXT NOT NULL,"
  "  sent            INTEGER NOT NULL DEFAULT 0"          /* 0, or the outbox_chunks id: frozen until answered */
  ");"
  /* Edits of a record not sent yet coalesce into one row. */
  "CREATE UNIQUE INDEX outbox_unsent ON outbox (type, round, body, question) WHERE sent = 0;"
  "CREATE INDEX outbox_by_chunk ON outbox (sent, id);"
  "CREATE TABLE conflicts ("
  "  id          INTEGER PRIMARY KEY,"
  "  type        TEXT NOT NULL CHECK (type IN ('answer', 'progress')),"
  "  round       TEXT NOT NULL,"
  "  body        TEXT NOT NULL,"
  "  question    TEXT NOT NULL DEFAULT '',"
  "  mine        TEXT NOT NULL,"                          /* JSON object */
  "  theirs      TEXT NOT NULL,"                          /* the server's record, or 'null' */
  "  theirs_rev  INTEGER NOT NULL DEFAULT 0,"
  "  detected_at TEXT NOT NULL,"
  "  resolved_at TEXT,"
  "  resolution  TEXT"                                    /* mine | theirs | merged | identical */
  ");"
  "CREATE UNIQUE INDEX conflicts_open ON conflicts (type, round, body, question) WHERE resolved_at IS NULL;"
  "CREATE TABLE alerts ("
  "  id          INTEGER PRIMARY KEY,"                    /* the server's id */
  "  severity    TEXT NOT NULL,"
  "  title       TEXT NOT NULL,"
  "  message     TEXT NOT NULL DEFAULT '',"
  "  prefectures TEXT NOT NULL DEFAULT '',"
  "  rev         INTEGER NOT NULL,"
  "  created_at  TEXT NOT NULL,"
  "  created_by  TEXT NOT NULL DEFAULT '',"
  "  received_at TEXT NOT NULL"
  ");"
  "CREATE TABLE national_baselines ("
  "  round       TEXT NOT NULL,"
  "  question    TEXT NOT NULL,"
  "  rate        REAL,"                                   /* NULL: withheld or nothing counted */
  "  counted     INTEGER,"                                /* done + partial + not_done */
  "  computed_at TEXT NOT NULL,"
  "  PRIMARY KEY (round, question)"
  ") WITHOUT ROWID;"
  /* A round deleted here takes its unsent edits and open conflicts along. */
  "CREATE TRIGGER rounds_deleted_sync AFTER DELETE ON rounds BEGIN"
  "  DELETE FROM outbox WHERE round = old.id AND sent = 0;"
  "  DELETE FROM conflicts WHERE round = old.id AND resolved_at IS NULL;"
  "END;"
  /* What was entered before sync existed goes up with the first sync. */
  "INSERT INTO outbox (idempotency_key, type, round, body, question, payload, base_rev, created_at) "
  "SELECT lower(hex(randomblob(16))), 'answer', round, body, question, "
  "  json_object('status', status, 'done_on', done_on, 'note', note, 'evidence', evidence), 0, "
  "  strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM answers ORDER BY round, body, question;"
  "INSERT INTO outbox (idempotency_key, type, round, body, question, payload, base_rev, created_at) "
  "SELECT lower(hex(randomblob(16))), 'progress', round, body, '', "
  "  json_object('state', state, 'assignee', assignee, 'due', due), 0, "
  "  strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM progress ORDER BY round, body;",
  /* 4: sync carries any kind of record (bansou-sync-kind.h): the outbox
   *    and conflicts are keyed by the record's type and k1, k2, k3 (its key
   *    fields in the kind's order, '' past them), the shape of the server's
   *    changes table, in place of (round, body, question), which only
   *    answers and progress have. Every row is kept, with its id (chunks
   *    refer to it and the outbox is sent in id order), its idempotency
   *    key and its state; answer and progress keep round, body, question
   *    as k1, k2, k3. */
  "DROP TRIGGER rounds_deleted_sync;"
  "DROP INDEX outbox_unsent;"
  "DROP INDEX outbox_by_chunk;"
  "DROP INDEX conflicts_open;"
  "ALTER TABLE outbox RENAME TO outbox_3;"
  "CREATE TABLE outbox ("
  "  id              INTEGER PRIMARY KEY,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  type            TEXT NOT NULL,"                      /* a record kind */
  "  k1              TEXT NOT NULL,"
  "  k2              TEXT NOT NULL DEFAULT '',"
  "  k3              TEXT NOT NULL DEFAULT '',"
  "  payload         TEXT NOT NULL,"                      /* the record's fields, a JSON object */
  "  base_rev        INTEGER NOT NULL DEFAULT 0,"
  "  created_at      TEXT NOT NULL,"
  "  sent            INTEGER NOT NULL DEFAULT 0"          /* 0, or the outbox_chunks id: frozen until answered */
  ");"
  "INSERT INTO outbox (id, idempotency_key, type, k1, k2, k3, payload, base_rev, created_at, sent) "
  "SELECT id, idempotency_key, type, round, body, question, payload, base_rev, created_at, sent FROM outbox_3;"
  "DROP TABLE outbox_3;"
  /* Edits of a record not sent yet coalesce into one row. */
  "CREATE UNIQUE INDEX outbox_unsent ON outbox (type, k1, k2, k3) WHERE sent = 0;"
  "CREATE INDEX outbox_by_chunk ON outbox (sent, id);"
  "ALTER TABLE conflicts RENAME TO conflicts_3;"
  "CREATE TABLE conflicts ("
  "  id          INTEGER PRIMARY KEY,"
  "  type        TEXT NOT NULL,"
  "  k1          TEXT NOT NULL,"
  "  k2          TEXT NOT NULL DEFAULT '',"
  "  k3          TEXT NOT NULL DEFAULT '',"
  "  mine        TEXT NOT NULL,"                          /* JSON object */
  "  theirs      TEXT NOT NULL,"                          /* the server's record, or 'null' */
  "  theirs_rev  INTEGER NOT NULL DEFAULT 0,"
  "  detected_at TEXT NOT NULL,"
  "  resolved_at TEXT,"
  "  resolution  TEXT"                                    /* mine | theirs | merged | identical */
  ");"
  "INSERT INTO conflicts (id, type, k1, k2, k3, mine, theirs, theirs_rev, detected_at, resolved_at, resolution) "
  "SELECT id, type, round, body, question, mine, theirs, theirs_rev, detected_at, resolved_at, resolution "
  "FROM conflicts_3;"
  "DROP TABLE conflicts_3;"
  "CREATE UNIQUE INDEX conflicts_open ON conflicts (type, k1, k2, k3) WHERE resolved_at IS NULL;"
  /* A round deleted here takes its unsent edits and open conflicts along. */
  "CREATE TRIGGER rounds_deleted_sync AFTER DELETE ON rounds BEGIN"
  "  DELETE FROM outbox WHERE type IN ('answer', 'progress') AND k1 = old.id AND sent = 0;"
  "  DELETE FROM conflicts WHERE type IN ('answer', 'progress') AND k1 = old.id AND resolved_at IS NULL;"
  "END;"
  /* A record the server never acknowledged (server_rev 0) that is neither
   * pending nor in an open conflict goes up with the next sync, as
   * migration 3 sent what was entered before sync existed: from here on
   * the outbox is the only list of what the server has not seen. A record
   * the server holds already comes back as identical, not as a conflict. */
  "INSERT INTO outbox (idempotency_key, type, k1, k2, k3, payload, base_rev, created_at) "
  "SELECT lower(hex(randomblob(16))), 'answer', round, body, question, "
  "  json_object('status', status, 'done_on', done_on, 'note', note, 'evidence', evidence), 0, "
  "  strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM answers WHERE server_rev = 0 "
  "  AND (round, body, question) NOT IN (SELECT k1, k2, k3 FROM outbox WHERE type = 'answer') "
  "  AND (round, body, question) NOT IN (SELECT k1, k2, k3 FROM conflicts "
  "                                      WHERE type = 'answer' AND resolved_at IS NULL) "
  "ORDER BY round, body, question;"
  "INSERT INTO outbox (idempotency_key, type, k1, k2, k3, payload, base_rev, created_at) "
  "SELECT lower(hex(randomblob(16))), 'progress', round, body, '', "
  "  json_object('state', state, 'assignee', assignee, 'due', due), 0, "
  "  strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM progress WHERE server_rev = 0 "
  "  AND (round, body) NOT IN (SELECT k1, k2 FROM outbox WHERE type = 'progress') "
  "  AND (round, body) NOT IN (SELECT k1, k2 FROM conflicts WHERE type = 'progress' AND resolved_at IS NULL) "
  "ORDER BY round, body;",

  /* 5: the prefecture's own closed days (県民の日 …) on top of the national
   *    calendar (calendar/bansou-calendar.c); changes go to the audit trail */
  "CREATE TABLE closed_days ("
  "  prefecture TEXT NOT NULL,"                 /* two digits, 01–47 */
  "  day        TEXT NOT NULL,"                 /* 'YYYY-MM-DD' */
  "  name       TEXT NOT NULL,"
  "  PRIMARY KEY (prefecture, day)"
  ") WITHOUT ROWID;",

  /* 6: joint procurement (共同調達, report 3(1)イ and footnote 15; the
   *    supply-chain checks of 3(2)エ). Projects and participations have
   *    client-generated UUIDs and a server revision so that they can sync
   *    as answers do; weights are basis points adding up to 100 %. */
  "CREATE TABLE procurement_projects ("
  "  id                  TEXT PRIMARY KEY,"                   /* g_uuid_string_random () */
  "  title               TEXT NOT NULL,"
  "  type                TEXT NOT NULL CHECK (type IN ('security_cloud', 'file_sanitization',"
  "                        'online_storage', 'beta_prime', 'gov_cloud', 'training',"
  "                        'vulnerability_assessment', 'external_audit', 'other')),"
  "  lead_prefecture     TEXT NOT NULL,"                      /* two digits: the prefecture that writes it */
  "  lead_council        TEXT NOT NULL DEFAULT '',"           /* a 協議会 that leads, or '' */
  "  phase               TEXT NOT NULL DEFAULT 'spec' CHECK (phase IN ('spec', 'notice',"
  "                        'contract', 'build', 'operation', 'renewal')),"
  "  contract_start      TEXT,"                               /* 'YYYY-MM-DD', inclusive */
  "  contract_end        TEXT,"
  "  total               INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),"   /* yen */
  "  subsidy_num         INTEGER NOT NULL DEFAULT 0,"
  "  subsidy_den         INTEGER NOT NULL DEFAULT 1 CHECK (subsidy_den >= 1 AND subsidy_num BETWEEN 0 AND subsidy_den),"
  "  subsidy_cap         INTEGER CHECK (subsidy_cap >= 0),"   /* NULL: no cap */
  "  w_equal             INTEGER NOT NULL DEFAULT 10000 CHECK (w_equal >= 0),"
  "  w_population        INTEGER NOT NULL DEFAULT 0 CHECK (w_population >= 0),"
  "  w_terminals         INTEGER NOT NULL DEFAULT 0 CHECK (w_terminals >= 0),"
  "  w_users             INTEGER NOT NULL DEFAULT 0 CHECK (w_users >= 0),"
  "  standalone_fixed    INTEGER CHECK (standalone_fixed >= 0),"     /* 割り勘効果: a body alone */
  "  standalone_per_unit INTEGER CHECK (standalone_per_unit >= 0),"
  "  standalone_basis    TEXT NOT NULL DEFAULT 'terminals' CHECK (standalone_basis IN ('population', 'terminals', 'users')),"
  "  vendor              TEXT NOT NULL DEFAULT '',"
  "  sc_criteria         INTEGER NOT NULL DEFAULT 0,"         /* 機器等の選定基準 applied */
  "  sc_declaration_on   TEXT,"                               /* the vendor's declaration: date */
  "  sc_declaration_ref  TEXT NOT NULL DEFAULT '',"           /* … and its reference */
  "  sc_penalty          INTEGER NOT NULL DEFAULT 0,"         /* penalty clause for breach */
  "  sc_desk_required    INTEGER NOT NULL DEFAULT 0,"         /* the national desk must be consulted */
  "  sc_desk_consulted   TEXT,"                               /* when it was */
  "  override_reason     TEXT NOT NULL DEFAULT '',"           /* to contract without the checks */
  "  notes               TEXT NOT NULL DEFAULT '',"
  "  created_at          TEXT NOT NULL,"
  "  updated_by          TEXT NOT NULL DEFAULT '',"
  "  updated_at          TEXT NOT NULL DEFAULT '',"
  "  server_rev          INTEGER NOT NULL DEFAULT 0,"         /* 0: never on the server */
  "  CHECK (w_equal + w_population + w_terminals + w_users = 10000),"
  "  CHECK (contract_end IS NULL OR contract_start IS NULL OR contract_end >= contract_start)"
  ");"
  "CREATE TABLE procurement_phases ("
  "  project TEXT NOT NULL REFERENCES procurement_projects (id) ON DELETE CASCADE,"
  "  phase   TEXT NOT NULL,"
  "  on_date TEXT NOT NULL,"
  "  PRIMARY KEY (project, phase)"
  ") WITHOUT ROWID;"
  "CREATE TABLE procurement_questions ("
  "  project  TEXT NOT NULL REFERENCES procurement_projects (id) ON DELETE CASCADE,"
  "  question TEXT NOT NULL,"                                 /* a catalog question id */
  "  PRIMARY KEY (project, question)"
  ") WITHOUT ROWID;"
  "CREATE TABLE procurement_participants ("
  "  project    TEXT NOT NULL REFERENCES procurement_projects (id) ON DELETE CASCADE,"
  "  body       TEXT NOT NULL REFERENCES bodies (code),"      /* of any prefecture */
  "  joined_on  TEXT,"                                        /* NULL: from the contract start */
  "  left_on    TEXT,"                                        /* NULL: to the contract end */
  "  terminals  INTEGER CHECK (terminals >= 0),"              /* NULL: unknown */
  "  users      INTEGER CHECK (users >= 0),"
  "  standalone INTEGER CHECK (standalone >= 0),"             /* its own estimate alone, yen */
  "  updated_by TEXT NOT NULL DEFAULT '',"
  "  updated_at TEXT NOT NULL DEFAULT '',"
  "  server_rev INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (project, body),"
  "  CHECK (left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on)"
  ") WITHOUT ROWID;"
  "CREATE INDEX procurement_participants_by_body ON procurement_participants (body, project);",

  /* 7: expert dispatch (専門人材の派遣, report 3(1)イ, ウ): the prefecture's
   *    pool of experts, requests from bodies, visits on the government
   *    calendar and their reports. Like procurements, every record has a
   *    client-generated UUID and a server revision so that it syncs; times
   *    are minutes since midnight, money is yen, shares are basis points. */
  "CREATE TABLE experts ("
  "  id                TEXT PRIMARY KEY,"                     /* g_uuid_string_random () */
  "  prefecture        TEXT NOT NULL,"                        /* two digits: whose pool it is */
  "  name              TEXT NOT NULL,"
  "  affiliation       TEXT NOT NULL DEFAULT 'prefecture_staff' CHECK (affiliation IN ("
  "                      'prefecture_staff', 'joint_hire', 'shared_with_bodies', 'contractor',"
  "                      'jlis', 'other')),"                  /* 県職員, 共同採用デジタル人材, 市町と共同確保, 委託事業者, J-LIS */
  "  organisation      TEXT NOT NULL DEFAULT '',"             /* the employer or vendor's name */
  "  contract_start    TEXT,"                                 /* 'YYYY-MM-DD', inclusive; NULL: open */
  "  contract_end      TEXT,"
  "  certifications    TEXT NOT NULL DEFAULT '',"             /* one per line: 情報処理安全確保支援士 … */
  "  nda_signed_on     TEXT,"                                 /* 守秘義務 agreement */
  "  nda_expires_on    TEXT,"                                 /* NULL with a signed NDA: no expiry */
  "  home_base         TEXT NOT NULL DEFAULT '',"             /* a body code (its office), or '' */
  "  days_per_week     INTEGER NOT NULL DEFAULT 5 CHECK (days_per_week BETWEEN 0 AND 5),"
  "  monthly_visits    INTEGER CHECK (monthly_visits >= 0),"  /* cap; NULL: none */
  "  monthly_minutes   INTEGER CHECK (monthly_minutes >= 0),"
  "  cost_per_visit    INTEGER CHECK (cost_per_visit >= 0),"  /* yen; NULL: not charged so */
  "  cost_per_hour     INTEGER CHECK (cost_per_hour >= 0),"
  "  active            INTEGER NOT NULL DEFAULT 1,"
  "  notes             TEXT NOT NULL DEFAULT '',"
  "  created_at        TEXT NOT NULL,"
  "  updated_by        TEXT NOT NULL DEFAULT '',"
  "  updated_at        TEXT NOT NULL DEFAULT '',"
  "  server_rev        INTEGER NOT NULL DEFAULT 0,"           /* 0: never on the server */
  "  CHECK (contract_end IS NULL OR contract_start IS NULL OR contract_end >= contract_start)"
  ");"
  "CREATE TABLE expert_skills ("                              /* synced inside the expert record */
  "  expert TEXT NOT NULL REFERENCES experts (id) ON DELETE CASCADE,"
  "  target TEXT NOT NULL,"                                   /* a catalog measure or question id */
  "  level  INTEGER NOT NULL DEFAULT 2 CHECK (level BETWEEN 1 AND 3),"
  "  PRIMARY KEY (expert, target)"
  ") WITHOUT ROWID;"
  "CREATE TABLE dispatch_requests ("
  "  id           TEXT PRIMARY KEY,"
  "  number       INTEGER NOT NULL,"                          /* 依頼 N, per prefecture, shown */
  "  body         TEXT NOT NULL REFERENCES bodies (code),"
  "  urgency      TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent', 'incident')),"
  "  source       TEXT NOT NULL DEFAULT 'body' CHECK (source IN ('body', 'heatmap', 'consultation')),"
  "  source_ref   TEXT NOT NULL DEFAULT '',"                  /* the ticket, when from a consultation */
  "  purpose      TEXT NOT NULL DEFAULT '',"
  "  wanted_from  TEXT,"                                      /* 'YYYY-MM-DD' window, NULL: any */
  "  wanted_until TEXT,"
  "  state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'scheduled', 'done', 'cancelled')),"
  "  created_at   TEXT NOT NULL,"
  "  updated_by   TEXT NOT NULL DEFAULT '',"
  "  updated_at   TEXT NOT NULL DEFAULT '',"
  "  server_rev   INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX dispatch_requests_by_body ON dispatch_requests (body, state);"
  "CREATE TABLE dispatch_request_questions ("                 /* synced inside the request record */
  "  request  TEXT NOT NULL REFERENCES dispatch_requests (id) ON DELETE CASCADE,"
  "  question TEXT NOT NULL,"                                 /* a catalog question id */
  "  PRIMARY KEY (request, question)"
  ") WITHOUT ROWID;"
  "CREATE TABLE visits ("
  "  id              TEXT PRIMARY KEY,"
  "  number          INTEGER NOT NULL,"                       /* 訪問 N, per prefecture: the evidence */
  "  request         TEXT REFERENCES dispatch_requests (id) ON DELETE SET NULL,"
  "  expert          TEXT NOT NULL REFERENCES experts (id),"
  "  body            TEXT NOT NULL REFERENCES bodies (code),"
  "  day             TEXT NOT NULL,"                          /* 'YYYY-MM-DD' */
  "  start_min       INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),"
  "  end_min         INTEGER NOT NULL CHECK (end_min > start_min AND end_min <= 1440),"
  "  state           TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'done', 'cancelled')),"
  "  override_reason TEXT NOT NULL DEFAULT '',"               /* conflicts accepted, why (audited) */
  "  report          TEXT NOT NULL DEFAULT '',"               /* what was done */
  "  worked_min      INTEGER CHECK (worked_min >= 0),"
  "  cost            INTEGER CHECK (cost >= 0),"              /* yen */
  "  subsidy_bp      INTEGER NOT NULL DEFAULT 0 CHECK (subsidy_bp BETWEEN 0 AND 10000),"  /* the prefecture's share */
  "  reported_at     TEXT,"
  "  created_at      TEXT NOT NULL,"
  "  updated_by      TEXT NOT NULL DEFAULT '',"
  "  updated_at      TEXT NOT NULL DEFAULT '',"
  "  server_rev      INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX visits_by_expert ON visits (expert, day);"
  "CREATE INDEX visits_by_body ON visits (body, day);"
  "CREATE INDEX visits_by_day ON visits (day);"
  "CREATE TABLE visit_questions ("                            /* the targets, and the findings of the report */
  "  visit       TEXT NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  question    TEXT NOT NULL,"                              /* a catalog question id */
  "  finding     TEXT CHECK (finding IN ('done', 'partial', 'not_done', 'na')),"  /* NULL: none yet */
  "  note        TEXT NOT NULL DEFAULT '',"
  "  accepted_at TEXT,"                                       /* written into the round's answer */
  "  PRIMARY KEY (visit, question)"
  ") WITHOUT ROWID;",

  /* 8: the support module (支援効果): which bodies and questions every
   *    support action touched — a visit, a procurement's participation, a
   *    consultation. Derived rows: each domain replaces the rows of its
   *    action (kind, source) in the transaction that changes the action,
   *    locally and when sync applies it, so they are never synced. */
  "CREATE TABLE support_actions ("
  "  kind     TEXT NOT NULL CHECK (kind IN ('visit', 'procurement', 'consultation')),"
  "  source   TEXT NOT NULL,"                                 /* the visit, project or ticket id */
  "  body     TEXT NOT NULL REFERENCES bodies (code) ON DELETE CASCADE,"
  "  question TEXT NOT NULL,"                                 /* a catalog question id */
  "  on_date  TEXT NOT NULL,"                                 /* 'YYYY-MM-DD': when the support took place */
  "  actor    TEXT NOT NULL DEFAULT '',"                      /* an expert id for visits, else '' */
  "  PRIMARY KEY (kind, source, body, question)"
  ") WITHOUT ROWID;"
  "CREATE INDEX support_actions_by_question ON support_actions (question, on_date);"
  "CREATE INDEX support_actions_by_body ON support_actions (body, on_date);",

  /* 9: the consultation desk (相談窓口, report 3(1)イ and ア b): tickets
   *    from bodies with their thread, attachments (SHA-256 and size) and
   *    pauses (保留), the SLA targets per priority in office minutes of the
   *    government calendar, the Q&A base, and one FTS5 trigram index over
   *    tickets, messages and articles kept by triggers. Rows that are
   *    indexed have an INTEGER PRIMARY KEY so that their rowid survives
   *    VACUUM; the index's rowid is that key × 4 + the source (1 ticket,
   *    2 message, 3 article). Two spaces end every indexed text, so that
   *    each character starts a trigram: a term of one or two characters
   *    is the trigrams that begin with it (consult_fts_terms lists them). */
  "CREATE TABLE consult_tickets ("
  "  seq               INTEGER PRIMARY KEY,"
  "  id                TEXT NOT NULL UNIQUE,"              /* g_uuid_string_random () */
  "  number            INTEGER NOT NULL,"                  /* 相談 N, shown */
  "  body              TEXT NOT NULL REFERENCES bodies (code),"
  "  channel           TEXT NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'mail', 'counter', 'visit', 'online')),"
  "  category          TEXT NOT NULL DEFAULT 'other' CHECK (category IN ('supply_chain', 'incident', 'policy',"
  "                      'technical', 'cloud', 'people', 'other')),"
  "  priority          TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'critical')),"
  "  state             TEXT NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'in_progress', 'on_hold',"
  "                      'answered', 'closed')),"
  "  held_from         TEXT,"                              /* the state a pause returns to */
  "  subject           TEXT NOT NULL,"
  "  description       TEXT NOT NULL DEFAULT '',"
  "  assignee          TEXT NOT NULL DEFAULT '',"
  "  received_at       TEXT NOT NULL,"                     /* ISO 8601 with offset: the SLAs start here */
  "  first_response_at TEXT,"
  "  resolved_at       TEXT,"                              /* answered */
  "  closed_at         TEXT,"
  "  incident          INTEGER NOT NULL DEFAULT 0,"        /* 重大インシデント mode */
  "  created_at        TEXT NOT NULL,"
  "  updated_by        TEXT NOT NULL DEFAULT '',"
  "  updated_at        TEXT NOT NULL DEFAULT '',"
  "  server_rev        INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX consult_tickets_by_state ON consult_tickets (state, received_at);"
  "CREATE INDEX consult_tickets_by_body ON consult_tickets (body, received_at);"
  "CREATE TABLE consult_ticket_questions ("
  "  ticket   TEXT NOT NULL REFERENCES consult_tickets (id) ON DELETE CASCADE,"
  "  question TEXT NOT NULL,"                              /* a catalog question id */
  "  PRIMARY KEY (ticket, question)"
  ") WITHOUT ROWID;"
  "CREATE TABLE consult_messages ("
  "  seq        INTEGER PRIMARY KEY,"
  "  id         TEXT NOT NULL UNIQUE,"
  "  ticket     TEXT NOT NULL REFERENCES consult_tickets (id) ON DELETE CASCADE,"
  "  kind       TEXT NOT NULL CHECK (kind IN ('note', 'reply', 'inbound')),"  /* internal, to the body, from it */
  "  author     TEXT NOT NULL DEFAULT '',"
  "  text       TEXT NOT NULL,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX consult_messages_by_ticket ON consult_messages (ticket, created_at);"
  "CREATE TABLE consult_attachments ("
  "  id         TEXT PRIMARY KEY,"
  "  ticket     TEXT NOT NULL REFERENCES consult_tickets (id) ON DELETE CASCADE,"
  "  name       TEXT NOT NULL,"
  "  media_type TEXT NOT NULL DEFAULT 'application/octet-stream',"
  "  size       INTEGER NOT NULL CHECK (size >= 0),"
  "  sha256     TEXT NOT NULL,"                            /* hex */
  "  data       BLOB NOT NULL,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX consult_attachments_by_ticket ON consult_attachments (ticket);"
  "CREATE TABLE consult_pauses ("
  "  ticket     TEXT NOT NULL REFERENCES consult_tickets (id) ON DELETE CASCADE,"
  "  started_at TEXT NOT NULL,"
  "  ended_at   TEXT,"                                     /* NULL: still on hold */
  "  PRIMARY KEY (ticket, started_at)"
  ") WITHOUT ROWID;"
  "CREATE TABLE consult_sla ("
  "  priority       TEXT PRIMARY KEY CHECK (priority IN ('low', 'normal', 'high', 'critical')),"
  "  first_response INTEGER NOT NULL CHECK (first_response > 0),"   /* office minutes */
  "  resolution     INTEGER NOT NULL CHECK (resolution > 0)"
  ") WITHOUT ROWID;"
  /* A day is the office day of 8:30–17:15, 525 minutes: critical 1 hour /
   * 1 day, high 4 hours / 3 days, normal 1 / 5 days, low 2 / 10 days. */
  "INSERT INTO consult_sla VALUES ('critical', 60, 525), ('high', 240, 1575),"
  "  ('normal', 525, 2625), ('low', 1050, 5250);"
  "CREATE TABLE consult_articles ("
  "  seq           INTEGER PRIMARY KEY,"
  "  id            TEXT NOT NULL UNIQUE,"
  "  title         TEXT NOT NULL,"
  "  question      TEXT NOT NULL DEFAULT '',"
  "  answer        TEXT NOT NULL DEFAULT '',"
  "  category      TEXT NOT NULL DEFAULT 'other',"
  "  visibility    TEXT NOT NULL DEFAULT 'draft' CHECK (visibility IN ('draft', 'prefecture', 'national')),"
  "  origin        TEXT NOT NULL DEFAULT '',"                /* '34', or '00' for the national desk */
  "  source_ticket TEXT REFERENCES consult_tickets (id) ON DELETE SET NULL,"
  "  created_at    TEXT NOT NULL,"
  "  updated_by    TEXT NOT NULL DEFAULT '',"
  "  updated_at    TEXT NOT NULL DEFAULT '',"
  "  server_rev    INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE VIRTUAL TABLE consult_fts USING fts5 (title, text, tokenize = 'trigram');"
  "CREATE VIRTUAL TABLE consult_fts_terms USING fts5vocab (consult_fts, 'row');"
  "CREATE TRIGGER consult_tickets_fts_ins AFTER INSERT ON consult_tickets BEGIN"
  "  INSERT INTO consult_fts (rowid, title, text) VALUES (new.seq * 4 + 1, new.subject || '  ', new.description || '  ');"
  "END;"
  "CREATE TRIGGER consult_tickets_fts_upd AFTER UPDATE OF subject, description ON consult_tickets BEGIN"
  "  DELETE FROM consult_fts WHERE rowid = old.seq * 4 + 1;"
  "  INSERT INTO consult_fts (rowid, title, text) VALUES (new.seq * 4 + 1, new.subject || '  ', new.description || '  ');"
  "END;"
  "CREATE TRIGGER consult_tickets_fts_del AFTER DELETE ON consult_tickets BEGIN"
  "  DELETE FROM consult_fts WHERE rowid = old.seq * 4 + 1;"
  "END;"
  "CREATE TRIGGER consult_messages_fts_ins AFTER INSERT ON consult_messages BEGIN"
  "  INSERT INTO consult_fts (rowid, title, text) VALUES (new.seq * 4 + 2, '', new.text || '  ');"
  "END;"
  "CREATE TRIGGER consult_messages_fts_del AFTER DELETE ON consult_messages BEGIN"
  "  DELETE FROM consult_fts WHERE rowid = old.seq * 4 + 2;"
  "END;"
  "CREATE TRIGGER consult_articles_fts_ins AFTER INSERT ON consult_articles BEGIN"
  "  INSERT INTO consult_fts (rowid, title, text) VALUES (new.seq * 4 + 3, new.title || '  ', new.question || char(10) || new.answer || '  ');"
  "END;"
  "CREATE TRIGGER consult_articles_fts_upd AFTER UPDATE OF title, question, answer ON consult_articles BEGIN"
  "  DELETE FROM consult_fts WHERE rowid = old.seq * 4 + 3;"
  "  INSERT INTO consult_fts (rowid, title, text) VALUES (new.seq * 4 + 3, new.title || '  ', new.question || char(10) || new.answer || '  ');"
  "END;"
  "CREATE TRIGGER consult_articles_fts_del AFTER DELETE ON consult_articles BEGIN"
  "  DELETE FROM consult_fts WHERE rowid = old.seq * 4 + 3;"
  "END;",

  /* 10: records of the server the workbench could not read (text that is
   *     not UTF-8, a member of the wrong type): kept with their reason and
   *     passed over, so the sync goes on (bansou-sync-quarantine.c). Never
   *     synced; a readable version of the same record drops them. */
  "CREATE TABLE sync_quarantine ("
  "  id          INTEGER PRIMARY KEY,"
  "  type        TEXT NOT NULL,"                              /* '' if unreadable */
  "  key         TEXT NOT NULL,"                              /* 'k1/k2/k3' as far as readable */
  "  rev         INTEGER NOT NULL,"                           /* 0 if unreadable */
  "  reason      TEXT NOT NULL,"
  "  record      TEXT NOT NULL,"                              /* as received, strings repaired */
  "  received_at TEXT NOT NULL,"
  "  UNIQUE (type, key, rev, record)"
  ");",

  /* 11: why a conflict is one (core/sync/bansou-sync-conflicts.c): the
   *     server's record changed since the edit (412, every conflict so
   *     far), or the server refused the record for clashing with another
   *     one, which "theirs" then holds (409: a double-booked expert). */
  "ALTER TABLE conflicts ADD COLUMN reason TEXT NOT NULL DEFAULT 'stale' "
  "  CHECK (reason IN ('stale', 'double_booking'));",

  /* 12: escalations to the national 総合窓口 (core/consult/bansou-consult-
   *     escalate.c): what a prefecture sent of a ticket — only the fields
   *     it chose (NULL: not sent) — and the national desk's answer. The
   *     same table holds a prefecture's own and, at the national desk,
   *     every prefecture's (whose tickets are not there).
   *     answer_message is the note the answer became on the ticket, made
   *     once. */
  "CREATE TABLE consult_escalations ("
  "  id             TEXT PRIMARY KEY,"                      /* g_uuid_string_random () */
  "  ticket         TEXT NOT NULL,"                         /* the prefecture's ticket (no key: not here at 00) */
  "  prefecture     TEXT NOT NULL,"                         /* '34': who sent it */
  "  subject        TEXT NOT NULL,"
  "  text           TEXT,"
  "  category       TEXT,"
  "  questions      TEXT,"                                  /* JSON ["id", …] */
  "  body_name      TEXT,"
  "  messages       TEXT NOT NULL DEFAULT '[]',"            /* JSON [{kind, text, created_at}] */
  "  sent_by        TEXT NOT NULL DEFAULT '',"
  "  sent_at        TEXT NOT NULL,"
  "  received_at    TEXT,"                                  /* the server's: NULL until it has it */
  "  answer         TEXT,"
  "  answered_by    TEXT,"
  "  answered_at    TEXT,"
  "  answer_message TEXT,"
  "  server_rev     INTEGER NOT NULL DEFAULT 0,"
  "  answer_rev     INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"
  "CREATE INDEX consult_escalations_by_ticket ON consult_escalations (ticket);"
  "CREATE INDEX consult_escalations_by_sent ON consult_escalations (sent_at);",
  /* 13: the
   *     重大インシデント checklist of a ticket (bansou-consult-incident.c):
   *     whether the incident was an unauthorised act (不正の目的: the 確報 to
   *     個人情報保護委員会 is due in 60 days, not 30), and the items done
   *     or not applicable, with who and when; an item without a row is
   *     open. Synced inside the ticket record. */
  "CREATE TABLE consult_incidents ("
  "  ticket       TEXT PRIMARY KEY REFERENCES consult_tickets (id) ON DELETE CASCADE,"
  "  unauthorized INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"
  "CREATE TABLE consult_incident_items ("
  "  ticket  TEXT NOT NULL REFERENCES consult_tickets (id) ON DELETE CASCADE,"
  "  item    TEXT NOT NULL,"                                  /* mic_first, mic_followup, mic_final, ppc_prompt, ppc_final */
  "  state   TEXT NOT NULL CHECK (state IN ('done', 'na')),"  /* 済, 該当なし */
  "  done_at TEXT NOT NULL,"
  "  done_by TEXT NOT NULL DEFAULT '',"
  "  PRIMARY KEY (ticket, item)"
  ") WITHOUT ROWID;",
  /* 14: the same rules for the two tables a pull fills row by row, written
   *     as comparisons: SQLite evaluates a CHECK's "x IN (a, b, c)" through
   *     a temporary b-tree (a zeroed page) for every row inserted, a fifth
   *     of a first sync's writes (docs/benchmarks.md, "Dispatch sync").
   *     Neither table is referenced by another, so each is rebuilt in
   *     place; their rows and indexes stay. */
  "CREATE TABLE visit_questions_14 ("
  "  visit       TEXT NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  question    TEXT NOT NULL,"
  "  finding     TEXT CHECK (finding = 'done' OR finding = 'partial' OR finding = 'not_done' OR finding = 'na'),"
  "  note        TEXT NOT NULL DEFAULT '',"
  "  accepted_at TEXT,"
  "  PRIMARY KEY (visit, question)"
  ") WITHOUT ROWID;"
  "INSERT INTO visit_questions_14 (visit, question, finding, note, accepted_at)"
  "  SELECT visit, question, finding, note, accepted_at FROM visit_questions;"
  "DROP TABLE visit_questions;"
  "ALTER TABLE visit_questions_14 RENAME TO visit_questions;"
  "CREATE TABLE support_actions_14 ("
  "  kind     TEXT NOT NULL CHECK (kind = 'visit' OR kind = 'procurement' OR kind = 'consultation'),"
  "  source   TEXT NOT NULL,"
  "  body     TEXT NOT NULL REFERENCES bodies (code) ON DELETE CASCADE,"
  "  question TEXT NOT NULL,"
  "  on_date  TEXT NOT NULL,"
  "  actor    TEXT NOT NULL DEFAULT '',"
  "  PRIMARY KEY (kind, source, body, question)"
  ") WITHOUT ROWID;"
  "INSERT INTO support_actions_14 (kind, source, body, question, on_date, actor)"
  "  SELECT kind, source, body, question, on_date, actor FROM support_actions;"
  "DROP TABLE support_actions;"
  "ALTER TABLE support_actions_14 RENAME TO support_actions;"
  "CREATE INDEX support_actions_by_question ON support_actions (question, on_date);"
  "CREATE INDEX support_actions_by_body ON support_actions (body, on_date);",
};

const guint _bansou_n_migrations = G_N_ELEMENTS (_bansou_migrations);

static const int store_error_codes[BANSOU_DB_N_ERRORS] = {
  [BANSOU_DB_ERROR_FAILED]          = BANSOU_STORE_ERROR_FAILED,
  [BANSOU_DB_ERROR_NEWER_SCHEMA]    = BANSOU_STORE_ERROR_NEWER_SCHEMA,
  [BANSOU_DB_ERROR_CORRUPT]         = BANSOU_STORE_ERROR_CORRUPT,
  [BANSOU_DB_ERROR_CONSTRAINT]      = BANSOU_STORE_ERROR_CONSTRAINT,
  [BANSOU_DB_ERROR_BUSY]            = BANSOU_STORE_ERROR_BUSY,
  [BANSOU_DB_ERROR_NOT_INITIALIZED] = BANSOU_STORE_ERROR_FAILED,  /* the store always creates */
};

const BansouDbSchema _bansou_store_schema = {
  .product = "Bansō",
  .migrations = _bansou_migrations,
  .n_migrations = G_N_ELEMENTS (_bansou_migrations),
  .error_domain = bansou_store_error_quark,
  .error_codes = store_error_codes,
};
