/* bansou-store-migrations.c — the schema, one numbered step at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 */
#include "config.h"

#include "bansou-store-migrations.h"

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
};

const guint _bansou_n_migrations = G_N_ELEMENTS (_bansou_migrations);
