#!/usr/bin/env bash
# Builds dist/kibridge, the single-file build: everything but glibc is linked statically
# (glibc stays dynamic because getaddrinfo and NSS need it).
#
# Debian ships tinyxml2 only as a shared library, and kibridge compiles cpp-httplib 0.41 in
# every build, so tools/deps/fetch-sources.sh (the one fetch script, shared with the normal
# build) fetches their Debian source packages with `apt-get source`; nothing is vendored into
# the repository. OpenSSL, zlib, brotli, SQLite and SQLiteCpp come from the static archives of
# the -dev packages that `make deps-base` installs.
#
# Idempotent: a second run only rebuilds what changed.
#
# Environment: JOBS (parallel compile jobs, default nproc),
#              KIBRIDGE_STATIC_DIR (work directory, default <repo>/build-static),
#              KIBRIDGE_DEPS_DIR (source packages, default <repo>/build-deps).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${KIBRIDGE_STATIC_DIR:-$ROOT/build-static}
CMAKE_DIR=$WORK/cmake
DIST=$ROOT/dist/kibridge
JOBS=${JOBS:-$(nproc)}

log() { printf 'build-static: %s\n' "$*" >&2; }

main() {
  local start=$SECONDS sources httplib_dir tinyxml2_tree
  sources=$("$ROOT/tools/deps/fetch-sources.sh" cpp-httplib tinyxml2)
  { read -r httplib_dir; read -r tinyxml2_tree; } <<<"$sources"

  cmake -S "$ROOT" -B "$CMAKE_DIR" \
    -DKIBRIDGE_STATIC=ON -DKIBRIDGE_TESTS=OFF -DCMAKE_BUILD_TYPE=Release \
    -DKIBRIDGE_HTTPLIB_SOURCE="$httplib_dir" \
    -DKIBRIDGE_TINYXML2_SOURCE="$tinyxml2_tree"
  cmake --build "$CMAKE_DIR" --target kibridge -j "$JOBS"

  mkdir -p "$(dirname "$DIST")"
  strip -o "$DIST.tmp" "$CMAKE_DIR/kibridge"
  mv -f "$DIST.tmp" "$DIST"
  log "built $DIST ($(stat -c %s "$DIST") bytes) in $((SECONDS - start)) s; ldd:"
  ldd "$DIST" >&2 || true
}

main "$@"
