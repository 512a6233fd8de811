#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Start-up side by side: Bansō on a nationwide database with five demo
# rounds, and gnome-text-editor as the peer, on the same display. Each run
# is spawn → first mapped window, polled with xdotool every few
# milliseconds; the median of $BENCH_RUNS runs (default 7) is printed, with
# the ratio, and the time of a simple bansouctl command on the same file.
# Prints figures; asserts none.
#
# usage: bench-startup.sh BANSOU BANSOUCTL
set -eu

bansou=$1
ctl=$2
runs=${BENCH_RUNS:-7}

if [ -z "${DISPLAY:-}" ]; then
  echo "1..0 # SKIP no display (run under xvfb-run)"
  exit 77
fi
command -v xdotool >/dev/null || { echo "xdotool is missing"; exit 77; }

# As a user starts them: no allocator checks or GC hints from the test environment.
unset MALLOC_CHECK_ MALLOC_PERTURB_ G_DEBUG

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
db=$work/national.db
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data \
       XDG_STATE_HOME=$work/state XDG_CACHE_HOME=$work/cache
mkdir -p "$HOME"

now_ms () { echo $(( $(date +%s%N) / 1000000 )); }

# spawn → mapped, in ms; the program is then asked to quit (SIGTERM), so
# Bansō closes its database cleanly as a user's quit would.
mapped_ms () {
  start=$(now_ms)
  "$@" >"$work/last.log" 2>&1 &
  pid=$!
  deadline=$((start + 60000))
  while ! xdotool search --onlyvisible --pid "$pid" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$(now_ms)" -gt "$deadline" ]; then
      echo "no window from $1:" >&2; cat "$work/last.log" >&2
      return 1
    fi
    sleep 0.003
  done
  end=$(now_ms)
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  echo $((end - start))
}

median () { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "Preparing a nationwide database with 5 demo rounds…"
"$ctl" --database "$db" init --prefecture 全国 >/dev/null
"$ctl" --database "$db" demo --rounds 5 --seed 1 >/dev/null
echo "database: $(du -m "$db" | cut -f1) MB"

peer=$(command -v gnome-text-editor || true)
[ -n "$peer" ] && peer_version=$(dpkg-query -W -f='${Version}' gnome-text-editor 2>/dev/null || true)
b_times=""
p_times=""
# One warm-up each (page cache, fontconfig cache), then alternate.
mapped_ms "$bansou" --database "$db" >/dev/null
[ -n "$peer" ] && mapped_ms "$peer" --standalone --ignore-session >/dev/null
i=0
while [ $i -lt "$runs" ]; do
  b_times="$b_times $(mapped_ms "$bansou" --database "$db")"
  [ -n "$peer" ] && p_times="$p_times $(mapped_ms "$peer" --standalone --ignore-session)"
  i=$((i + 1))
done

c_times=""
i=0
while [ $i -lt "$runs" ]; do
  s=$(date +%s%N)
  "$ctl" --database "$db" rounds list >/dev/null
  e=$(date +%s%N)
  c_times="$c_times $(( (e - s) / 1000000 ))"
  i=$((i + 1))
done

b=$(echo "$b_times" | median)
echo "Bansō, nationwide, 5 rounds: spawn → mapped window, median of $runs: $b ms  (runs:$b_times)"
if [ -n "$peer" ]; then
  p=$(echo "$p_times" | median)
  echo "gnome-text-editor $peer_version: spawn → mapped window, median of $runs: $p ms  (runs:$p_times)"
  awk -v b="$b" -v p="$p" 'BEGIN { printf "ratio Bansō / gnome-text-editor: %.2f\n", b / p }'
else
  echo "gnome-text-editor is not installed (Debian package gnome-text-editor): no peer to compare"
fi
echo "bansouctl rounds list on the same database, median of $runs: $(echo "$c_times" | median) ms  (runs:$c_times)"
