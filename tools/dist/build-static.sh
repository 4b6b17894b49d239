#!/usr/bin/env bash
# Builds dist/kibridge, the single-file build: everything but glibc is linked statically
# (glibc stays dynamic because getaddrinfo and NSS need it).
#
# It is the target kibridge_static of the normal build folder: the same objects as kibridge and
# the tests, linked against the static archives of Debian's -dev packages (OpenSSL, zlib,
# brotli, SQLite, SQLiteCpp) and tinyxml2 compiled from its Debian 12 source package (Debian
# ships no libtinyxml2.a); tools/deps/debian.cmake says how one build links both ways. After
# `make test` this is one link. tools/deps/fetch-sources.sh (the one fetch script, shared with
# the normal build) fetches the source packages with `apt-get source`; nothing is vendored.
#
# Idempotent: a second run only rebuilds what changed.
#
# Environment: JOBS (parallel compile jobs, default nproc),
#              KIBRIDGE_BUILD_DIR (the normal build folder, default <repo>/build).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${KIBRIDGE_BUILD_DIR:-$ROOT/build}
DIST=$ROOT/dist/kibridge
JOBS=${JOBS:-$(nproc)}

log() { printf 'build-static: %s\n' "$*" >&2; }

main() {
  local start=$SECONDS sources httplib_dir tinyxml2_tree
  sources=$("$ROOT/tools/deps/fetch-sources.sh" cpp-httplib tinyxml2)
  { read -r httplib_dir; read -r tinyxml2_tree; } <<<"$sources"

  cmake -S "$ROOT" -B "$BUILD" \
    -DKIBRIDGE_HTTPLIB_SOURCE="$httplib_dir" \
    -DKIBRIDGE_TINYXML2_SOURCE="$tinyxml2_tree"
  cmake --build "$BUILD" --target kibridge_static -j "$JOBS"

  mkdir -p "$(dirname "$DIST")"
  strip -o "$DIST.tmp" "$BUILD/kibridge_static"
  mv -f "$DIST.tmp" "$DIST"
  log "built $DIST ($(stat -c %s "$DIST") bytes) in $((SECONDS - start)) s; ldd:"
  ldd "$DIST" >&2 || true
}

main "$@"
