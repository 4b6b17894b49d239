#!/usr/bin/env bash
# run-sync-bench.sh [BUILD_DIR] — the pull benchmark (issue "Keep the SQLite mirror in step").
#
# Against tools/fake-inventree serving the demo catalogue (SYNC_BENCH_PARTS, default 100,000
# parts with ~312,000 parameters, manufacturer and supplier parts):
#   1. first pull into an empty database, then the same pull again (nothing changed):
#      wall time, requests, bytes, peak RSS (`kibridge sync` equivalent, BUILD_DIR/sync-bench);
#   2. pulls inside a serving process (`kibridge serve` equivalent: store, KiCad response cache,
#      HTTP server, SyncService) over a demo-seeded database, while a KiCad client requests
#      the category listings one after another: once against an InvenTree where every part's
#      stock differs (every part changes, every listing is re-rendered), once unchanged.
#      Reports the p50/p99/max latency of those KiCad requests and the process's peak RSS.
# Targets: peak RSS < 300 MiB, KiCad p99 during a pull < 50 ms (PASS/FAIL lines; a FAIL does
# not fail the script, anything that does not run does). Results are appended to
# BUILD_DIR/bench-results.txt.
set -euo pipefail

BUILD_DIR=$(cd "${1:-build}" && pwd)
PARTS=${SYNC_BENCH_PARTS:-100000}
TARGET_RSS_KB=$((300 * 1024))
TARGET_P99_MS=50
KIBRIDGE=$BUILD_DIR/kibridge
FAKE=$BUILD_DIR/fake-inventree
BENCH=$BUILD_DIR/sync-bench
RESULTS=$BUILD_DIR/bench-results.txt
for tool in "$KIBRIDGE" "$FAKE" "$BENCH"; do [ -x "$tool" ] || { echo "sync-bench: $tool not built" >&2; exit 1; }; done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kibridge-sync-bench.XXXXXX")
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts a fake InvenTree (extra arguments passed on) and sets FAKE_URL once it listens. Not
# in a command substitution: the PID must reach PIDS in this shell for the cleanup.
start_fake() {
  local port log
  port=$(free_port)
  log=$WORK/fake-$port.log
  "$FAKE" --listen "127.0.0.1:$port" --parts "$PARTS" "$@" >"$log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 600); do
    if grep -q listening "$log"; then
      FAKE_URL="http://127.0.0.1:$port"
      return
    fi
    sleep 0.2
  done
  echo "sync-bench: fake-inventree did not start" >&2
  exit 1
}

field() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
mib() { awk -v kb="$1" 'BEGIN { printf "%.0f", kb / 1024 }'; }
verdict() { if [ "$1" -lt "$2" ]; then echo PASS; else echo FAIL; fi; }

# sync-bench ... -> its summary line (the last line of stdout).
measure() { "$BENCH" "$@" 2>"$WORK/last.err" | tail -1; }

start_fake
SAME=$FAKE_URL
start_fake --stock-delta 1
DIFFERENT=$FAKE_URL
# Each fake renders a record's JSON once; a warm-up pull keeps that out of the numbers.
measure --url "$SAME" --db "$WORK/warm.sqlite" --manufacturer-data >/dev/null
measure --url "$DIFFERENT" --db "$WORK/warm.sqlite" --manufacturer-data >/dev/null

first=$(measure --url "$SAME" --db "$WORK/pull.sqlite" --manufacturer-data)
again=$(measure --url "$SAME" --db "$WORK/pull.sqlite" --manufacturer-data)

"$KIBRIDGE" demo-seed --db "$WORK/served.sqlite" --parts "$PARTS" >/dev/null 2>&1
changed=$(measure --url "$DIFFERENT" --db "$WORK/served.sqlite" --manufacturer-data --serve)
unchanged=$(measure --url "$DIFFERENT" --db "$WORK/served.sqlite" --manufacturer-data --serve)

{
  echo "== pull from fake-inventree: $PARTS parts, $(field "$first" parameters) parameters ($(date -u +%FT%TZ)) =="
  echo "first pull (empty file):   $(field "$first" wall_ms) ms, $(field "$first" requests) requests, $(($(field "$first" bytes) / 1048576)) MiB, changed $(field "$first" changed_parts) parts, peak RSS $(mib "$(field "$first" peak_rss_kb)") MiB"
  echo "same pull again:           $(field "$again" wall_ms) ms, changed $(field "$again" changed_parts) parts, peak RSS $(mib "$(field "$again" peak_rss_kb)") MiB"
  for row in changed unchanged; do
    line=${!row}
    echo "serving, $row pull: $(field "$line" wall_ms) ms (response cache $(field "$line" cache_apply_ms) ms), changed $(field "$line" changed_parts) parts; KiCad requests $(field "$line" kicad_requests): p50 $(field "$line" kicad_p50_ms) ms, p99 $(field "$line" kicad_p99_ms) ms, max $(field "$line" kicad_max_ms) ms; peak RSS $(mib "$(field "$line" peak_rss_kb)") MiB"
    p99=$(field "$line" kicad_p99_ms)
    echo "  target KiCad p99 < $TARGET_P99_MS ms: $(verdict "${p99%.*}" "$TARGET_P99_MS")"
    echo "  target peak RSS < 300 MiB: $(verdict "$(field "$line" peak_rss_kb)" "$TARGET_RSS_KB")"
  done
} | tee -a "$RESULTS"
