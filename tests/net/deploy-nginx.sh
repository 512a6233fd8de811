#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Bansō developers
#
# The production shape of docs/deploy.md, on loopback and without root:
# bansou-server on 127.0.0.1 (plain HTTP, ephemeral port) behind Debian's
# nginx terminating TLS 1.2/1.3 with a self-signed certificate. curl talks
# to nginx only. Exit 77 (skipped) when nginx or openssl is missing.
set -eu

NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
[ -n "$NGINX" ] && [ -x "$NGINX" ] || { echo "nginx is not installed: skipped"; exit 77; }
command -v openssl >/dev/null || { echo "openssl is not installed: skipped"; exit 77; }
command -v curl >/dev/null || { echo "curl is not installed: skipped"; exit 77; }
SERVER=${BANSOU_SERVER:?BANSOU_SERVER names the bansou-server binary}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bansou-deploy-XXXXXX")
SERVER_PID=""
NGINX_PID=""
cleanup() {
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

fail() {
  echo "FAIL: $*"
  echo "--- nginx error log"; cat "$WORK/error.log" 2>/dev/null || true
  echo "--- bansou-server log"; cat "$WORK/server.log" 2>/dev/null || true
  exit 1
}

# A free port for nginx: bind port 0 once and read it back.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null ||
    shuf -i 20000-60000 -n 1
}

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 30 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null

"$SERVER" init --database "$WORK/server.db" >/dev/null
TOKEN=$("$SERVER" token create --database "$WORK/server.db" --role prefecture --scope 34 --name "広島県 deploy test" 2>/dev/null)

# bansou-server: loopback, no TLS (nginx does it), ephemeral port read from its first line.
mkfifo "$WORK/out"
"$SERVER" serve --database "$WORK/server.db" --listen 127.0.0.1 --port 0 >"$WORK/out" 2>"$WORK/server.log" &
SERVER_PID=$!
read -r LINE <"$WORK/out" || fail "bansou-server did not start"
case "$LINE" in
  "listening on http://127.0.0.1:"*) UPSTREAM=${LINE#listening on http://} ;;
  *) fail "unexpected first line: $LINE" ;;
esac
# keep the pipe drained
cat "$WORK/out" >/dev/null &

PORT=$(free_port)
mkdir -p "$WORK/tmp"
cat >"$WORK/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp/body;
  proxy_temp_path $WORK/tmp/proxy;
  fastcgi_temp_path $WORK/tmp/fastcgi;
  uwsgi_temp_path $WORK/tmp/uwsgi;
  scgi_temp_path $WORK/tmp/scgi;
  server_tokens off;
  limit_req_zone \$binary_remote_addr zone=api:1m rate=50r/s;
  upstream bansou { server $UPSTREAM; }
  server {
    listen 127.0.0.1:$PORT ssl;
    ssl_certificate $WORK/cert.pem;
    ssl_certificate_key $WORK/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    client_max_body_size 1m;
    client_body_timeout 30s;
    client_header_timeout 15s;
    keepalive_timeout 60s;
    send_timeout 30s;
    location /api/ {
      limit_req zone=api burst=100 nodelay;
      limit_req_status 429;
      proxy_pass http://bansou;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto https;
      proxy_connect_timeout 5s;
      proxy_read_timeout 60s;
      proxy_send_timeout 60s;
      proxy_request_buffering on;
    }
  }
}
CONF

"$NGINX" -t -q -c "$WORK/nginx.conf" -p "$WORK" 2>>"$WORK/error.log" || fail "nginx rejected the configuration"
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!

# Poll until nginx answers (bounded: 100 × 0.1 s).
i=0
until curl -s -o /dev/null --cacert "$WORK/cert.pem" "https://127.0.0.1:$PORT/api/v1/health"; do
  i=$((i + 1))
  [ $i -lt 100 ] || fail "nginx did not come up"
  kill -0 "$NGINX_PID" 2>/dev/null || fail "nginx exited"
  sleep 0.1
done

BASE="https://127.0.0.1:$PORT/api/v1"
CURL="curl -sS --max-time 20 --cacert $WORK/cert.pem"

HEALTH=$($CURL "$BASE/health")
echo "health: $HEALTH"
echo "$HEALTH" | grep -q '"status":"ok"' || fail "health through nginx"

# Plain certificate checks stay on: without --cacert curl refuses.
if curl -s --max-time 10 -o /dev/null "$BASE/health"; then fail "an untrusted certificate was accepted"; fi

CODE=$($CURL -o "$WORK/bodies.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/bodies")
[ "$CODE" = 200 ] || fail "token-authenticated request: HTTP $CODE"
grep -q '"342025"' "$WORK/bodies.json" || fail "the prefecture's bodies are missing"
echo "bodies of prefecture 34 through nginx: HTTP $CODE"

CODE=$($CURL -o /dev/null -w '%{http_code}' -H "Authorization: Bearer bns_wrong" "$BASE/bodies")
[ "$CODE" = 401 ] || fail "a wrong token got HTTP $CODE"

# nginx's own body limit answers before bansou-server sees anything.
head -c 2000000 /dev/zero | tr '\0' ' ' >"$WORK/big.json"
CODE=$($CURL -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
  -H "Idempotency-Key: big" -H "Content-Type: application/json" --data-binary @"$WORK/big.json" "$BASE/batch")
[ "$CODE" = 413 ] || fail "an oversized body got HTTP $CODE"

# TLS 1.1 is refused.
if $CURL --tls-max 1.1 -o /dev/null "$BASE/health" 2>/dev/null; then fail "TLS 1.1 was accepted"; fi

echo "ok: bansou-server behind nginx (TLS 1.2/1.3) on 127.0.0.1:$PORT"
