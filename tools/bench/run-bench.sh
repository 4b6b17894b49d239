#!/usr/bin/env bash
# run-bench.sh [BUILD_DIR] — kibridge's benchmark (`make bench`).
#
# For each catalogue size (1,000 and 100,000 demo parts) in a temporary directory:
#   1. seeds a database (kibridge demo-seed), creates a read token, starts `kibridge serve`;
#   2. times a cold KiCad 10 style library load (BUILD_DIR/bench cold-load: root,
#      categories.json, every category listing, sequentially on one fresh connection), with
#      gzip as KiCad asks for it and, for comparison, without;
#   3. dumps the exact bytes kibridge serves for its largest category listing and for one part
#      detail (identity and gzip) into a docroot that nginx (Debian package, 2 workers,
#      sendfile, gzip_static) serves, and runs the same wrk against both, alternating
#      kibridge/nginx, REPEATS times;
#   4. samples kibridge's VmRSS/VmHWM after start-up, after the cold loads, after wrk and after
#      two data changes that re-render every listing (a settings toggle through the REST API);
#   5. on the first size only (categories.json does not grow with the parts): times KiCad's
#      categories.json while 200 clients hold connections, with heads that never end and then
#      idle keep-alive (BUILD_DIR/bench held-connections; about a second).
# Then prints a summary with medians and the kibridge/nginx ratio and writes it to
# BUILD_DIR/bench-results.txt.
#
# Targets (reported PASS/FAIL; a FAIL does not fail the script, anything that does not run
# does): throughput ratio >= 0.9 and server CPU per request within 1.5x nginx's in every wrk
# row, cold load of 100,000 parts < 1 s (median, gzip, end to end), peak RSS (VmHWM) at 100,000
# parts < 300 MiB while serving (and, reported beside it, including the re-renders), KiCad's
# request p95 < 1 s under each held-connections load (once unit-test bounds, see
# tools/bench/held_connections_bench.h).
#
# Environment: BENCH_SIZES (default "1000 100000"), BENCH_DURATION (wrk -d, default 5s),
#              BENCH_REPEATS (wrk pairs, default 3), BENCH_COLD_RUNS (default 5),
#              BENCH_KEEP=1 keeps the temporary directory (it is also kept when the bench fails),
#              BENCH_HTTP_ONLY=1 skips the pull and netlist benchmarks that normally follow.
set -euo pipefail

BUILD_DIR=${1:-build}
SIZES=${BENCH_SIZES:-"1000 100000"}
DURATION=${BENCH_DURATION:-5s}
REPEATS=${BENCH_REPEATS:-3}
COLD_RUNS=${BENCH_COLD_RUNS:-5}
IDENTITY_RUNS=$((COLD_RUNS < 3 ? COLD_RUNS : 3))  # the identity load is only for comparison
WRK_THREADS=2
WRK_CONNECTIONS=16
CLK_TCK=$(getconf CLK_TCK)
TARGET_RATIO=0.9
# CPU per request at most 1.5x nginx's: nginx/kibridge >= 1/1.5 (does not depend on machine load).
TARGET_CPU_RATIO=0.667
TARGET_COLD_MS=1000
TARGET_RSS_KB=$((300 * 1024))
TARGET_HELD_P95_MS=1000
API=/plugin/kicad-library-plugin/v1

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

BUILD_DIR=$(cd "$BUILD_DIR" 2>/dev/null && pwd) || die "build directory '${1:-build}' not found (make build)"
KIBRIDGE=$BUILD_DIR/kibridge
BENCH=$BUILD_DIR/bench
RESULTS=$BUILD_DIR/bench-results.txt
[ -x "$KIBRIDGE" ] || die "$KIBRIDGE not found (make build)"
[ -x "$BENCH" ] || die "$BENCH not found (make build)"
for tool in curl wrk nginx python3 gzip cmp; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is missing (make deps-base installs it)"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kibridge-bench.XXXXXX")
PIDS=()

cleanup() {
  local status=$? pid
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  if [ "${BENCH_KEEP:-0}" = 1 ] || [ "$status" -eq 1 ]; then
    log "temporary files (logs, databases) kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

stop_process() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until URL answers 200 (extra curl arguments after it), or the process PID dies.
wait_for_url() {
  local url=$1 pid=$2 what=$3 deadline=$((SECONDS + 300))
  shift 3
  until curl -sf -o /dev/null "$@" "$url"; do
    kill -0 "$pid" 2>/dev/null || die "$what exited during start-up"
    [ "$SECONDS" -lt "$deadline" ] || die "$what did not answer $url within 300 s"
    sleep 0.1
  done
}

# "VmRSS VmHWM" of PID in KiB.
rss_kb() {
  awk '/^VmRSS:/ { rss = $2 } /^VmHWM:/ { hwm = $2 } END { print rss, hwm }' "/proc/$1/status"
}

mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Value of key=value in a summary line.
field() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# CPU time (ms, all threads) the processes PIDS have used so far.
cpu_ms() {
  local ticks=0 pid
  for pid in "$@"; do
    ticks=$((ticks + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')))
  done
  echo $((ticks * 1000 / CLK_TCK))
}

# CPU time (ms) all processes have used so far, outside interrupts (from /proc/stat).
machine_cpu_ms() {
  awk -v tck="$CLK_TCK" '$1 == "cpu" { printf "%d", ($2 + $3 + $4) * 1000 / tck; exit }' /proc/stat
}

# Runs wrk against URL (extra wrk arguments after it) and prints
#   <requests/s> <CPU µs per request of the processes in SERVER_PIDS> <ms of CPU used by
#   processes other than wrk and the server during the run> <wall ms>
# The CPU per request does not depend on what else the machine is doing, unlike requests/s.
# Fails when any response was not 2xx.
wrk_run() {
  local url=$1 out cpu_before cpu_after machine_before machine_after wall_before wrk_cpu requests rps foreign
  shift
  machine_before=$(machine_cpu_ms)
  cpu_before=$(cpu_ms "${SERVER_PIDS[@]}")
  wall_before=$(date +%s%3N)
  out=$( { TIMEFORMAT='%3U %3S'; time wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$DURATION" "$@" "$url" 2>&1; } \
    2>"$WORK/wrk.time") || die "wrk failed on $url"
  cpu_after=$(cpu_ms "${SERVER_PIDS[@]}")
  machine_after=$(machine_cpu_ms)
  wrk_cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$WORK/wrk.time")
  if grep -q 'Non-2xx' <<<"$out"; then die "wrk got non-2xx responses from $url: $(grep Non-2xx <<<"$out")"; fi
  if grep -q 'Socket errors' <<<"$out"; then log "wrk $url: $(grep 'Socket errors' <<<"$out")"; fi
  requests=$(awk '/ requests in / { print $1 }' <<<"$out")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  if [ -z "$rps" ] || [ "${requests:-0}" -eq 0 ]; then die "wrk measured nothing on $url"; fi
  foreign=$((machine_after - machine_before - (cpu_after - cpu_before) - wrk_cpu))
  echo "$rps $(awk -v c=$((cpu_after - cpu_before)) -v n="$requests" 'BEGIN { printf "%.1f", c * 1000 / n }')" \
    "$((foreign > 0 ? foreign : 0))" "$(($(date +%s%3N) - wall_before))"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# CPU used by other processes during the wrk runs, and the runs' wall time (ms).
FOREIGN_MS=0
WRK_WALL_MS=0

# Fetches URL's body exactly as sent into FILE; with "gzip" asks for gzip and checks that it
# came gzipped.
dump_body() {
  local url=$1 file=$2 encoding=$3 headers
  headers=$file.headers
  if [ "$encoding" = gzip ]; then
    curl -sf -D "$headers" -o "$file" -H "Authorization: Token $TOKEN" -H 'Accept-Encoding: gzip' "$url" ||
      die "cannot fetch $url"
    grep -qi '^content-encoding: *gzip' "$headers" || die "$url: no gzip response to Accept-Encoding: gzip"
    gzip -t "$file" || die "$url: the gzip body is corrupt"
  else
    curl -sf -D "$headers" -o "$file" -H "Authorization: Token $TOKEN" "$url" || die "cannot fetch $url"
    if grep -qi '^content-encoding:' "$headers"; then die "$url: compressed without Accept-Encoding"; fi
  fi
}

# Checks that nginx serves FILE's bytes at URL (extra curl arguments after it).
check_same_bytes() {
  local url=$1 file=$2
  shift 2
  curl -sf -o "$file.check" "$@" "$url" || die "nginx: cannot fetch $url"
  cmp -s "$file" "$file.check" || die "nginx serves other bytes than kibridge at $url"
}

start_nginx() {
  local dir=$1 port=$2 user_line=""
  mkdir -p "$dir/tmp"
  # As root, nginx's workers would switch to 'nobody', who cannot read a mktemp directory.
  [ "$(id -u)" = 0 ] && user_line="user root;"
  cat >"$dir/nginx.conf" <<EOF
$user_line
worker_processes 2;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  types { application/json json; }
  default_type application/json;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $dir/www;
    # name.json.gz is sent (Content-Encoding: gzip) to clients that accept gzip.
    location / { gzip_static on; }
  }
}
EOF
  nginx -t -q -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" || die "nginx rejects $dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
}

SUMMARY=$WORK/summary.txt
ROWS=$WORK/rows.txt
: >"$ROWS"
{
  echo "kibridge benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(uname -r)"
  echo "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$DURATION, $REPEATS alternating kibridge/nginx pairs (medians);" \
    "cold load: $COLD_RUNS runs (median [min-max])"
  echo "$(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); load average at start: $(load_average)"
} >"$SUMMARY"

COLD_100K=""
HWM_100K=""
HELD=""
HELD_N=""

for N in $SIZES; do
  dir=$WORK/n$N
  mkdir -p "$dir/www"
  log "== $N parts =="

  start_ms=$(date +%s%3N)
  "$KIBRIDGE" demo-seed --db "$dir/db.sqlite" --parts "$N" 2>"$dir/seed.log" ||
    { cat "$dir/seed.log" >&2; die "demo-seed failed"; }
  seed_s=$(awk -v ms=$(($(date +%s%3N) - start_ms)) 'BEGIN { printf "%.1f", ms / 1000 }')
  TOKEN=$("$KIBRIDGE" token create bench --db "$dir/db.sqlite" --scope read 2>>"$dir/seed.log") ||
    die "token create failed"
  ADMIN_TOKEN=$("$KIBRIDGE" token create bench-admin --db "$dir/db.sqlite" --scope admin 2>>"$dir/seed.log") ||
    die "token create failed"
  if [ -z "$TOKEN" ] || [ -z "$ADMIN_TOKEN" ]; then die "token create printed no token"; fi

  port=$(free_port)
  base=http://127.0.0.1:$port
  start_ms=$(date +%s%3N)
  "$KIBRIDGE" serve --db "$dir/db.sqlite" --listen "127.0.0.1:$port" 2>"$dir/serve.log" &
  KIB_PID=$!
  PIDS+=("$KIB_PID")
  wait_for_url "$base/api/health" "$KIB_PID" "kibridge serve"
  ready_ms=$(($(date +%s%3N) - start_ms))
  rss=$(rss_kb "$KIB_PID")
  read -r rss_start hwm_start <<<"$rss"
  log "seeded in ${seed_s}s; serving after ${ready_ms} ms; RSS $(mib "$rss_start") MiB (peak $(mib "$hwm_start"))"

  # Cold loads: gzip as KiCad asks for it (the target), then identity for comparison.
  cpu_before=$(cpu_ms "$KIB_PID")
  "$BENCH" cold-load --url "$base" --token "$TOKEN" --runs "$COLD_RUNS" --gzip >"$dir/cold-gzip.txt" ||
    { cat "$dir/cold-gzip.txt" >&2; die "cold load (gzip) failed"; }
  cold_server_cpu=$((($(cpu_ms "$KIB_PID") - cpu_before) / COLD_RUNS))
  "$BENCH" cold-load --url "$base" --token "$TOKEN" --runs "$IDENTITY_RUNS" >"$dir/cold-identity.txt" ||
    { cat "$dir/cold-identity.txt" >&2; die "cold load (identity) failed"; }
  cat "$dir/cold-gzip.txt" >&2
  cold_gz=$(grep '^summary:' "$dir/cold-gzip.txt")
  cold_id=$(grep '^summary:' "$dir/cold-identity.txt")
  [ "$(field "$cold_gz" gzip)" = yes ] || die "kibridge did not gzip every response of the cold load"
  rss=$(rss_kb "$KIB_PID")
  read -r rss_loaded _ <<<"$rss"

  if [ -z "$HELD_N" ]; then
    "$BENCH" held-connections --port "$port" --token "$TOKEN" >"$dir/held.txt" ||
      { cat "$dir/held.txt" >&2; die "held-connections failed"; }
    cat "$dir/held.txt" >&2
    HELD=$(grep '^summary:' "$dir/held.txt")
    HELD_N=$N
  fi

  category=$(field "$cold_gz" largest_category)
  part=$(field "$cold_gz" sample_part)
  if [ -z "$category" ] || [ -z "$part" ]; then die "no non-empty category listing to benchmark"; fi
  listing_url=$base$API/parts/category/$category.json
  part_url=$base$API/parts/$part.json
  dump_body "$listing_url" "$dir/www/listing.json" identity
  dump_body "$listing_url" "$dir/www/listing.json.gz" gzip
  dump_body "$part_url" "$dir/www/part.json" identity
  dump_body "$part_url" "$dir/www/part.json.gz" gzip
  cmp -s <(gzip -dc "$dir/www/listing.json.gz") "$dir/www/listing.json" || die "listing: gzip and identity bodies differ"
  cmp -s <(gzip -dc "$dir/www/part.json.gz") "$dir/www/part.json" || die "part: gzip and identity bodies differ"
  rm -f "$dir"/www/*.headers

  nginx_port=$(free_port)
  nginx_base=http://127.0.0.1:$nginx_port
  start_nginx "$dir" "$nginx_port"
  wait_for_url "$nginx_base/part.json" "$NGINX_PID" "nginx"
  check_same_bytes "$nginx_base/listing.json" "$dir/www/listing.json.gz" -H 'Accept-Encoding: gzip'
  check_same_bytes "$nginx_base/part.json" "$dir/www/part.json"
  check_same_bytes "$nginx_base/part.json" "$dir/www/part.json.gz" -H 'Accept-Encoding: gzip'

  # name | kibridge URL | nginx URL | extra wrk header | bytes on the wire
  scenarios=(
    "listing $category (gzip)|$listing_url|$nginx_base/listing.json|Accept-Encoding: gzip|$(stat -c %s "$dir/www/listing.json.gz")"
    "part $part (identity)|$part_url|$nginx_base/part.json|Accept: application/json|$(stat -c %s "$dir/www/part.json")"
    "part $part (gzip)|$part_url|$nginx_base/part.json|Accept-Encoding: gzip|$(stat -c %s "$dir/www/part.json.gz")"
  )
  mapfile -t NGINX_WORKERS < <(pgrep -P "$NGINX_PID")
  [ "${#NGINX_WORKERS[@]}" -gt 0 ] || die "nginx has no worker processes"
  for scenario in "${scenarios[@]}"; do
    IFS='|' read -r name kib_url nginx_url header bytes <<<"$scenario"
    kib=() ngx=() ratios=() kib_cpu=() ngx_cpu=()
    for ((i = 1; i <= REPEATS; i++)); do
      SERVER_PIDS=("$KIB_PID")
      result=$(wrk_run "$kib_url" -H "$header" -H "Authorization: Token $TOKEN")
      read -r k kc foreign wall <<<"$result"
      FOREIGN_MS=$((FOREIGN_MS + foreign)) WRK_WALL_MS=$((WRK_WALL_MS + wall))
      SERVER_PIDS=("${NGINX_WORKERS[@]}")
      result=$(wrk_run "$nginx_url" -H "$header")
      read -r n nc foreign wall <<<"$result"
      FOREIGN_MS=$((FOREIGN_MS + foreign)) WRK_WALL_MS=$((WRK_WALL_MS + wall))
      kib+=("$k") ngx+=("$n") kib_cpu+=("$kc") ngx_cpu+=("$nc")
      ratios+=("$(awk -v k="$k" -v n="$n" 'BEGIN { printf "%.3f", k / n }')")
      log "$N parts, $name: kibridge $k req/s ($kc µs CPU/req), nginx $n req/s ($nc µs CPU/req)"
    done
    printf '%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$N" "$name" "$bytes" "$(median "${kib[@]}")" "$(median "${ngx[@]}")" \
      "$(median "${ratios[@]}")" "$(median "${kib_cpu[@]}")" "$(median "${ngx_cpu[@]}")" "${kib[*]}" "${ngx[*]}" >>"$ROWS"
  done
  rss=$(rss_kb "$KIB_PID")
  read -r rss_end hwm_end <<<"$rss"
  stop_process "$NGINX_PID"

  # Two data changes that re-render every listing (as a settings change or a full pull does):
  # what memory looks like once the server has lived a little.
  change_s=()
  for value in true false; do
    change_s+=("$(curl -sf -o /dev/null -w '%{time_total}' -X PUT -H "Authorization: Token $ADMIN_TOKEN" \
      -H 'Content-Type: application/json' -d "{\"value\": \"$value\"}" "$base/api/settings/KICAD_ENABLE_STOCK_COUNT")") ||
      die "PUT /api/settings/KICAD_ENABLE_STOCK_COUNT failed"
  done
  rss=$(rss_kb "$KIB_PID")
  read -r rss_changed hwm_changed <<<"$rss"
  stop_process "$KIB_PID"

  {
    echo
    echo "== $N parts: $(field "$cold_gz" parts) parts in $(field "$cold_gz" categories) categories;" \
      "seeded in ${seed_s} s; kibridge answering ${ready_ms} ms after start ($(grep -o 'rendered .* ms' "$dir/serve.log" || true))"
    printf '  %-34s %s ms [%s-%s] (fetch %s ms, parse %s ms, free %s ms), %s requests, %s bytes on the wire, %s JSON bytes\n' \
      "cold load, gzip (as KiCad):" "$(field "$cold_gz" median_ms)" "$(field "$cold_gz" min_ms)" "$(field "$cold_gz" max_ms)" \
      "$(field "$cold_gz" fetch_median_ms)" "$(field "$cold_gz" parse_median_ms)" "$(field "$cold_gz" free_median_ms)" "$(field "$cold_gz" requests)" \
      "$(field "$cold_gz" wire_bytes)" "$(field "$cold_gz" json_bytes)"
    printf '  %-34s kibridge %s ms, client %s ms (median; the client is nlohmann::ordered_json parsing, as KiCad)\n' \
      "  CPU per cold load:" "$cold_server_cpu" "$(field "$cold_gz" client_cpu_median_ms)"
    printf '  %-34s %s ms [%s-%s] (fetch %s ms, parse %s ms, free %s ms), %s bytes on the wire\n' \
      "cold load, identity:" "$(field "$cold_id" median_ms)" "$(field "$cold_id" min_ms)" "$(field "$cold_id" max_ms)" \
      "$(field "$cold_id" fetch_median_ms)" "$(field "$cold_id" parse_median_ms)" "$(field "$cold_id" free_median_ms)" \
      "$(field "$cold_id" wire_bytes)"
    if [ "$(field "$cold_gz" parts_without_fields)" != 0 ]; then
      echo "  note: $(field "$cold_gz" parts_without_fields) listed parts lack 'fields' (KiCad 10 fetches each detail)"
    fi
    if [ "$HELD_N" = "$N" ]; then
      printf '  %-34s %s slow-header clients: median %s ms, p95 %s ms, max %s ms (%s still held at the end)\n' \
        "KiCad categories.json while" "$(field "$HELD" clients)" "$(field "$HELD" slow_median_ms)" \
        "$(field "$HELD" slow_p95_ms)" "$(field "$HELD" slow_max_ms)" "$(field "$HELD" slow_held)"
      printf '  %-34s %s idle keep-alive clients: median %s ms, p95 %s ms, max %s ms (%s still held at the end)\n' \
        "" "$(field "$HELD" clients)" "$(field "$HELD" idle_median_ms)" "$(field "$HELD" idle_p95_ms)" \
        "$(field "$HELD" idle_max_ms)" "$(field "$HELD" idle_held)"
    fi
    printf '  %-34s VmRSS %s MiB after start-up, %s MiB after the cold loads, %s MiB after wrk; peak (VmHWM) %s MiB\n' \
      "kibridge memory:" "$(mib "$rss_start")" "$(mib "$rss_loaded")" "$(mib "$rss_end")" "$(mib "$hwm_end")"
    printf '  %-34s VmRSS %s MiB, peak (VmHWM) %s MiB; each PUT answered in %s s\n' \
      "  after 2 full re-renders:" "$(mib "$rss_changed")" "$(mib "$hwm_changed")" "${change_s[*]}"
    printf '  %-24s %9s %12s %10s %6s %15s %6s   %s\n' "wrk" "bytes" "kibridge r/s" "nginx r/s" "ratio" \
      "CPU µs/req k/n" "n/k" "runs (kibridge / nginx)"
    while IFS='|' read -r rn rname rbytes rk rn2 rratio rkc rnc rkall rnall; do
      [ "$rn" = "$N" ] || continue
      printf '  %-24s %9s %12.0f %10.0f %6.3f %15s %6.3f   %s / %s\n' "$rname" "$rbytes" "$rk" "$rn2" "$rratio" "$rkc/$rnc" \
        "$(awk -v k="$rkc" -v n="$rnc" 'BEGIN { print (k > 0) ? n / k : 0 }')" "$rkall" "$rnall"
    done <"$ROWS"
  } >>"$SUMMARY"

  if [ "$N" = 100000 ]; then
    COLD_100K=$(field "$cold_gz" median_ms)
    FETCH_100K=$(field "$cold_gz" fetch_median_ms)
    HWM_100K=$hwm_end
    HWM_CHANGED_100K=$hwm_changed
  fi
done

verdict() { if [ "$1" = 1 ]; then echo PASS; else echo FAIL; fi; }
{
  echo
  echo "== targets"
  foreign_pct=$(awk -v f="$FOREIGN_MS" -v w="$WRK_WALL_MS" -v c="$(nproc)" \
    'BEGIN { printf "%.0f", (w > 0) ? 100 * f / (w * c) : 0 }')
  unreliable=""
  [ "$foreign_pct" -gt 10 ] && unreliable=" UNRELIABLE (see the warning below)"
  worst=$(awk -F'|' 'NR == 1 || $6 < min { min = $6; row = $1 " parts, " $2 } END { print min "|" row }' "$ROWS")
  worst_cpu=$(awk -F'|' '{ r = $8 / $7 } NR == 1 || r < min { min = r } END { printf "%.3f", min }' "$ROWS")
  printf '  %-28s %s%s  (lowest median ratio %s: %s; lowest CPU-per-request ratio nginx/kibridge %s)\n' \
    "throughput ratio >= $TARGET_RATIO" \
    "$(verdict "$(awk -v r="${worst%%|*}" -v t="$TARGET_RATIO" 'BEGIN { print (r >= t) }')")" "$unreliable" \
    "${worst%%|*}" "${worst#*|}" "$worst_cpu"
  printf '  %-28s %s  (lowest nginx/kibridge CPU per request %s)\n' "CPU/request <= 1.5x nginx" \
    "$(verdict "$(awk -v r="$worst_cpu" -v t="$TARGET_CPU_RATIO" 'BEGIN { print (r >= t) }')")" "$worst_cpu"
  if [ -n "$COLD_100K" ]; then
    printf '  %-28s %s  (median %s ms end to end, gzip; of which fetching, kibridge + transfer + inflate: %s ms)\n' \
      "cold load 100k < 1 s" "$(verdict "$(awk -v v="$COLD_100K" -v t="$TARGET_COLD_MS" 'BEGIN { print (v < t) }')")" \
      "$COLD_100K" "$FETCH_100K"
    printf '  %-28s %s  (peak VmHWM %s MiB while serving; %s MiB including 2 full re-renders: %s)\n' \
      "RSS 100k < 300 MB" "$(verdict "$([ "$HWM_100K" -lt "$TARGET_RSS_KB" ] && echo 1 || echo 0)")" "$(mib "$HWM_100K")" \
      "$(mib "$HWM_CHANGED_100K")" "$(verdict "$([ "$HWM_CHANGED_100K" -lt "$TARGET_RSS_KB" ] && echo 1 || echo 0)")"
  else
    printf '  %-28s n/a (100000 not in BENCH_SIZES)\n' "cold load 100k < 1 s" "RSS 100k < 300 MB"
  fi
  if [ -n "$HELD" ]; then
    held_p95=$(awk -v a="$(field "$HELD" slow_p95_ms)" -v b="$(field "$HELD" idle_p95_ms)" 'BEGIN { print (a > b) ? a : b }')
    printf '  %-28s %s  (p95 %s ms with slow-header clients, %s ms with idle keep-alive clients; %s each)\n' \
      "KiCad held conns p95 < 1 s" "$(verdict "$(awk -v v="$held_p95" -v t="$TARGET_HELD_P95_MS" 'BEGIN { print (v < t) }')")" \
      "$(field "$HELD" slow_p95_ms)" "$(field "$HELD" idle_p95_ms)" "$(field "$HELD" clients)"
  fi
  echo "  other processes used ${foreign_pct}% of the machine's CPU during the wrk runs"
  if [ "$foreign_pct" -gt 10 ]; then
    echo "  WARNING: other processes competed for the cores, and how the scheduler then splits them between"
    echo "  wrk, kibridge (one thread per connection) and nginx (2 workers) varies from run to run: req/s"
    echo "  and their ratios are unreliable; 'CPU µs/req' (server CPU per request) and 'n/k' (nginx CPU /"
    echo "  kibridge CPU per request) are not. Re-run on an idle machine for the throughput target."
  fi
} >>"$SUMMARY"

cp "$SUMMARY" "$RESULTS"
echo
cat "$SUMMARY"
echo
echo "(written to $RESULTS)"

[ "${BENCH_HTTP_ONLY:-0}" = 1 ] && exit 0

# The pull benchmark (100,000 parts from tools/fake-inventree) appends its own section to
# bench-results.txt; `make bench` runs all three in one go.
"$(dirname "$0")/../sync-bench/run-sync-bench.sh" "$BUILD_DIR"

# The netlist import benchmark (10,000 components, kibridge against KiCad's own reader) appends
# its section as well.
"$(dirname "$0")/../netlist-bench/run-netlist-bench.sh" "$BUILD_DIR"
