#!/usr/bin/env bash
# run-netlist-bench.sh [BUILD_DIR] — the netlist benchmark (issue 4: read and plan the import of
# a 10,000-component design; `make bench` runs it after the other benchmarks).
#
#   1. BUILD_DIR/netlist-bench generate writes a KiCad 9 style netlist of
#      NETLIST_BENCH_COMPONENTS (default 10,000) components into a temporary directory;
#   2. BUILD_DIR/netlist-bench run times kibridge on it, NETLIST_BENCH_REPEATS runs (default
#      11): loading the file, read_netlist(), plan_import() against an in-memory directory of
#      the generator's catalogue, to_json();
#   3. tools/netlist-bench/kicad_reader_bench.py times KiCad's own reader on the same file,
#      NETLIST_BENCH_KICAD_RUNS runs (default 5): kicad_netlist_reader.netlist() from the KiCad
#      package (/usr/share/kicad/plugins) under Debian's /usr/bin/python3, then a walk over
#      every component (fields, footprint, library link). Skipped, with a message, when the
#      KiCad package or /usr/bin/python3 is missing.
# Prints medians, the ratio KiCad / kibridge and PASS/FAIL against the targets (read+plan
# < 200 ms; KiCad's reader at least 10x slower) and appends them to BUILD_DIR/bench-results.txt.
# The ratio sets KiCad's reader (file to walked components) against kibridge's load+read+plan
# (file to import plan). A FAIL does not fail the script; anything that does not run does.
set -euo pipefail

BUILD_DIR=$(cd "${1:-build}" && pwd)
COMPONENTS=${NETLIST_BENCH_COMPONENTS:-10000}
REPEATS=${NETLIST_BENCH_REPEATS:-11}
KICAD_RUNS=${NETLIST_BENCH_KICAD_RUNS:-5}
KICAD_READER_DIR=${NETLIST_BENCH_KICAD_PLUGINS:-/usr/share/kicad/plugins}
KICAD_PYTHON=/usr/bin/python3  # Debian's, which KiCad's package targets; not a pyenv one on PATH
TARGET_MS=200
TARGET_RATIO=10
BENCH=$BUILD_DIR/netlist-bench
RESULTS=$BUILD_DIR/bench-results.txt
HERE=$(cd "$(dirname "$0")" && pwd)
[ -x "$BENCH" ] || { echo "netlist-bench: $BENCH not built" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kibridge-netlist-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

field() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0) ? a / b : 0 }'; }
verdict() { if [ "$1" = 1 ]; then echo PASS; else echo FAIL; fi; }

NETLIST=$WORK/generated-$COMPONENTS.xml
generated=$("$BENCH" generate --components "$COMPONENTS" --out "$NETLIST")
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

"$BENCH" run --file "$NETLIST" --repeat "$REPEATS" >"$WORK/kibridge.txt" 2>"$WORK/kibridge.err" ||
  { cat "$WORK/kibridge.err" "$WORK/kibridge.txt" >&2; exit 1; }
kib=$(grep '^summary:' "$WORK/kibridge.txt")

kicad=""
kicad_skip=""
if [ ! -f "$KICAD_READER_DIR/kicad_netlist_reader.py" ]; then
  kicad_skip="skipped: $KICAD_READER_DIR/kicad_netlist_reader.py not found (install the kicad package: make deps-kicad)"
elif [ ! -x "$KICAD_PYTHON" ]; then
  kicad_skip="skipped: $KICAD_PYTHON not found"
else
  "$KICAD_PYTHON" "$HERE/kicad_reader_bench.py" "$NETLIST" --repeat "$KICAD_RUNS" --plugins "$KICAD_READER_DIR" \
    >"$WORK/kicad.txt" 2>"$WORK/kicad.err" || { cat "$WORK/kicad.err" "$WORK/kicad.txt" >&2; exit 1; }
  kicad=$(grep '^summary:' "$WORK/kicad.txt")
  if grep -q 'missing libpart' "$WORK/kicad.txt"; then
    echo "netlist-bench: KiCad's reader could not link every component to its libpart" >&2
    exit 1
  fi
fi
load_at_end=$(cut -d' ' -f1-3 /proc/loadavg)

read_plan=$(field "$kib" read_plan_median_ms)
end_to_end=$(field "$kib" load_read_plan_median_ms)
{
  echo
  echo "== netlist import: $(field "$kib" components) components, $(($(field "$kib" bytes) / 1024)) KiB" \
    "($(date -u +%FT%TZ), $(nproc) cores, load average $load_at_start at start, $load_at_end at end) =="
  echo "generated: $(printf '%s\n' "$generated" | cut -d' ' -f4-)"
  echo "kibridge, $REPEATS runs (median / min ms, CPU median ms):"
  for step in load read plan read_plan load_read_plan to_json dump free; do
    printf '  %-16s %8s / %8s   CPU %8s\n' "$step" "$(field "$kib" "${step}_median_ms")" "$(field "$kib" "${step}_min_ms")" \
      "$(field "$kib" "${step}_cpu_median_ms")"
  done
  echo "  plan: $(field "$kib" matched) matched, $(field "$kib" unmatched) unmatched, $(field "$kib" skipped) skipped," \
    "$(field "$kib" parts) parts; peak RSS $(($(field "$kib" peak_rss_kb) / 1024)) MiB"
  if [ -n "$kicad" ]; then
    echo "KiCad's kicad_netlist_reader.py, $KICAD_RUNS runs under $KICAD_PYTHON (Python $(field "$kicad" python)):" \
      "median $(field "$kicad" total_median_ms) ms (netlist() $(field "$kicad" parse_median_ms) ms," \
      "walk $(field "$kicad" walk_median_ms) ms), min $(field "$kicad" total_min_ms) ms, CPU $(field "$kicad" cpu_median_ms) ms"
  else
    echo "KiCad's kicad_netlist_reader.py: $kicad_skip"
  fi
  printf '  %-34s %s  (median %s ms, CPU %s ms)\n' "target read+plan < $TARGET_MS ms:" \
    "$(verdict "$(awk -v v="$read_plan" -v t="$TARGET_MS" 'BEGIN { print (v < t) }')")" "$read_plan" \
    "$(field "$kib" read_plan_cpu_median_ms)"
  if [ -n "$kicad" ]; then
    wall_ratio=$(ratio "$(field "$kicad" total_median_ms)" "$end_to_end")
    cpu_ratio=$(ratio "$(field "$kicad" cpu_median_ms)" "$(field "$kib" load_read_plan_cpu_median_ms)")
    printf '  %-34s %s  (KiCad / kibridge load+read+plan: %sx wall, %sx CPU)\n' \
      "target >= ${TARGET_RATIO}x faster than KiCad:" \
      "$(verdict "$(awk -v r="$wall_ratio" -v t="$TARGET_RATIO" 'BEGIN { print (r >= t) }')")" "$wall_ratio" "$cpu_ratio"
  else
    printf '  %-34s n/a (%s)\n' "target >= ${TARGET_RATIO}x faster than KiCad:" "$kicad_skip"
  fi
  if awk -v l="${load_at_start%% *}" -v c="$(nproc)" 'BEGIN { exit !(l > c) }'; then
    echo "  note: the machine was busy (load average above the core count): wall times are inflated, CPU times are not"
  fi
} | tee -a "$RESULTS"
