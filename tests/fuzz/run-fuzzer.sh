#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-fuzzer.sh HARNESS SEED-CORPUS WORK-DIR SECONDS
#
# Replays the seed corpus (every file must pass), then fuzzes for SECONDS.
# New inputs go to WORK-DIR/corpus, never into the repository; a finding is
# written to WORK-DIR/crash-… and fails the test (exit 1: libFuzzer's own
# default, 77, would read as a skip to meson). The last lines give the
# executions for docs and the report (stat::number_of_executed_units).
set -eu
harness=$1 seeds=$2 work=$3 seconds=$4

mkdir -p "$work/corpus"
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}"

echo "== replaying $(ls "$seeds" | wc -l) seeds from $seeds"
"$harness" -runs=0 -error_exitcode=1 "$seeds"

echo "== fuzzing for $seconds s"
exec "$harness" \
  -max_total_time="$seconds" -runs=50000000 \
  -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -error_exitcode=1 -print_final_stats=1 -artifact_prefix="$work/" \
  "$work/corpus" "$seeds"
