#!/usr/bin/env bash
# check-dist.sh FILE: checks the single-file build (make dist).
#
# 1. `ldd FILE` may list only glibc's own libraries: everything else (libstdc++, libgcc_s,
#    OpenSSL, zlib, brotli, SQLite, cpp-httplib, tinyxml2) must be linked in.
# 2. Smoke test on a fresh database: --version, `serve --demo` on a free loopback port,
#    /api/health answers 200 without a token, `token create` (a second process, which
#    SQLite's WAL allows while the server runs) issues a read token, and the KiCad
#    categories endpoint answers a non-empty JSON array with that token.
#
# Exits non-zero with a message naming the failed step. Needs curl and python3.
set -euo pipefail

die() { printf 'check-dist: FAIL: %s\n' "$*" >&2; exit 1; }
log() { printf 'check-dist: %s\n' "$*" >&2; }

[ $# -eq 1 ] || { echo "usage: $0 FILE" >&2; exit 2; }
BIN=$(realpath -e "$1" 2>/dev/null) || die "$1 does not exist"
[ -x "$BIN" ] || die "$BIN is not executable"
command -v curl >/dev/null || die "curl is needed"
command -v python3 >/dev/null || die "python3 is needed"

# --- 1. dynamic dependencies -----------------------------------------------------------------

# glibc's own shared objects; anything else means a library was not linked statically.
GLIBC_LIBS='^(linux-vdso\.so\.1|linux-gate\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libresolv\.so\.2|(/[^ ]*/)?ld-linux[^ /]*\.so\.[0-9]+)$'

ldd_output=$(ldd "$BIN" 2>&1) || die "ldd $BIN failed (not a dynamically linked glibc executable?):
$ldd_output"
foreign=$(printf '%s\n' "$ldd_output" | awk 'NF { print $1 }' | grep -Ev "$GLIBC_LIBS" || true)
if [ -n "$foreign" ]; then
  die "$BIN links shared libraries other than glibc's:
$(printf '%s\n' "$foreign" | sed 's/^/  /')
full ldd output:
$ldd_output"
fi
if printf '%s\n' "$ldd_output" | grep -q 'not found'; then
  die "ldd reports missing libraries:
$ldd_output"
fi
log "ldd lists only glibc: $(printf '%s\n' "$ldd_output" | awk 'NF { printf "%s ", $1 }')"

# --- 2. smoke test ---------------------------------------------------------------------------

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kibridge-check-dist.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DB=$TMP/smoke.sqlite
SERVER_LOG=$TMP/serve.log

# Runs the binary with a time limit; a hang is a failure, not a stuck CI job.
run() { timeout 30 "$BIN" "$@"; }

version=$(run --version) || die "$BIN --version failed"
[ -n "$version" ] || die "$BIN --version printed nothing"
log "version: $version"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT

"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --demo >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

server_failed() {
  die "$*
server log ($SERVER_LOG):
$(sed 's/^/  /' "$SERVER_LOG" 2>/dev/null)"
}

health=""
for _ in $(seq 150); do
  kill -0 "$SERVER_PID" 2>/dev/null || server_failed "serve exited before answering /api/health"
  health=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/api/health" || true)
  [ "$health" = 200 ] && break
  sleep 0.2
done
[ "$health" = 200 ] || server_failed "GET /api/health did not answer 200 within 30 s (last status: ${health:-none})"
log "serving on $BASE, /api/health 200"

# `token create` prints the token alone on stdout (its explanation goes to stderr).
token_output=$(run token create smoke --db "$DB" --scope read 2>"$TMP/token.err") \
  || die "token create failed: $(cat "$TMP/token.err")"
token=$(printf '%s\n' "$token_output" | awk 'NF { line = $0 } END { print line }')
case $token in
  ''|*[[:space:]]*) die "token create printed no token on stdout: '$token_output'" ;;
esac

# The server re-reads token hashes at most a second after they change, so a token created
# beside it may be refused (401) for that long.
categories=$TMP/categories.json
status=""
for _ in $(seq 50); do
  status=$(curl -s -o "$categories" -w '%{http_code}' --max-time 10 \
    -H "Authorization: Token $token" -H 'Accept: application/json' \
    "$BASE/plugin/kicad-library-plugin/v1/categories.json" || true)
  [ "$status" = 401 ] || break
  sleep 0.2
done
[ "$status" = 200 ] || server_failed "GET categories.json with the token answered ${status:-no response}: $(head -c 500 "$categories" 2>/dev/null)"
count=$(python3 -c '
import json, sys
data = json.load(open(sys.argv[1]))
if not isinstance(data, list) or not data:
    sys.exit("not a non-empty JSON array")
print(len(data))
' "$categories") || die "categories.json is not a non-empty JSON array: $(head -c 500 "$categories")"
log "categories.json: $count categories"

kill "$SERVER_PID"
for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$SERVER_PID" 2>/dev/null && server_failed "serve did not stop within 10 s of SIGTERM"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
log "OK: $BIN"
