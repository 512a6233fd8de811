#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# pg-run.sh PROGRAM [ARGS…] — runs PROGRAM beside a PostgreSQL of its own.
#
# A real server from Debian's postgresql-15, in a temporary folder: initdb,
# listening on a unix socket in that folder only (no TCP port), fsync on as
# in production, removed after. PostgreSQL refuses to run as root, and CI
# runs as root: then the cluster belongs to "nobody". The program finds the
# server in BANSOU_TEST_PG, a connection string without dbname; each test
# server creates its own database in it (tests/lib/server-harness.c).
set -eu

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-run.sh: PostgreSQL's server is not installed (Debian: postgresql)" >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/bansou-pg.XXXXXX")
as=""
if [ "$(id -u)" = 0 ]; then
  chown nobody "$dir"
  as="runuser -u nobody --"
fi

cleanup() {
  $as "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

$as "$bindir/initdb" -D "$dir/data" -U bansou -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# -w: pg_ctl waits until the server accepts connections (a poll, no sleep)
$as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=200 -c fsync=on" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export BANSOU_TEST_PG="host=$dir port=5432 user=bansou"
export BANSOU_TEST_PG_DATA="$dir/data"
export BANSOU_TEST_PG_CTL="$as $bindir/pg_ctl"
status=0
"$@" || status=$?
exit $status
