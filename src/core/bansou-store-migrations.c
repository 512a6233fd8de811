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
};

const guint _bansou_n_migrations = G_N_ELEMENTS (_bansou_migrations);
