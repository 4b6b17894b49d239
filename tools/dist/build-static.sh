#!/usr/bin/env bash
# Builds dist/kibridge, the single-file build: everything but glibc is linked statically
# (glibc stays dynamic because getaddrinfo and NSS need it).
#
# Debian ships cpp-httplib and tinyxml2 only as shared libraries, so their Debian source
# packages (with Debian's patches applied) are fetched with `apt-get source` into
# build-static/src/ and compiled into the binary; nothing is vendored into the repository.
# OpenSSL, zlib, brotli, SQLite and SQLiteCpp come from the static archives of the -dev
# packages that `make deps-base` installs.
#
# Idempotent: a second run only rebuilds what changed. Needs root or sudo only to add the
# deb-src entry, run `apt-get update` and install dpkg-dev, and only when they are missing.
#
# `build-static.sh --sources` stops after preparing the sources and prints the cpp-httplib
# directory (httplib.h + httplib.cc) for KIBRIDGE_HTTPLIB_SOURCE: the TSan and fuzz builds
# compile the same cpp-httplib in (make sanitize-tsan, make fuzz).
#
# Environment: JOBS (parallel compile jobs, default nproc),
#              KIBRIDGE_STATIC_DIR (work directory, default <repo>/build-static).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${KIBRIDGE_STATIC_DIR:-$ROOT/build-static}
SRC_DIR=$WORK/src
HTTPLIB_DIR=$WORK/httplib
CMAKE_DIR=$WORK/cmake
DIST=$ROOT/dist/kibridge
JOBS=${JOBS:-$(nproc)}

SOURCE_PACKAGES=(cpp-httplib tinyxml2)
DEB_SRC_LIST=/etc/apt/sources.list.d/kibridge-deb-src.sources

SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
APT_ENV=(env DEBIAN_FRONTEND=noninteractive)
# As root, apt downloads as the unprivileged _apt user, which cannot write into a work
# directory owned by root; it then falls back to downloading as root with a warning.
APT_SOURCE_OPTS=(-q)
[ "$(id -u)" = 0 ] && APT_SOURCE_OPTS+=(-o APT::Sandbox::User=root)

log() { printf 'build-static: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

source_indexed() {
  apt-cache showsrc "$1" 2>/dev/null | grep -q "^Package: $1\$"
}

all_sources_indexed() {
  local pkg
  for pkg in "${SOURCE_PACKAGES[@]}"; do source_indexed "$pkg" || return 1; done
}

# Adds deb-src entries for the same archive as the deb entries (bookworm, its updates and
# security suites) unless apt already knows the source packages.
ensure_deb_src() {
  if all_sources_indexed; then return; fi
  if [ ! -e "$DEB_SRC_LIST" ]; then
    log "adding $DEB_SRC_LIST"
    printf '%s\n' \
      'Types: deb-src' \
      'URIs: http://deb.debian.org/debian' \
      'Suites: bookworm bookworm-updates' \
      'Components: main' \
      'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' \
      '' \
      'Types: deb-src' \
      'URIs: http://deb.debian.org/debian-security' \
      'Suites: bookworm-security' \
      'Components: main' \
      'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' \
      | $SUDO tee "$DEB_SRC_LIST" >/dev/null
  fi
  $SUDO apt-get update -q
  all_sources_indexed || die "apt knows no source package for ${SOURCE_PACKAGES[*]} even after adding $DEB_SRC_LIST"
}

# apt-get source unpacks with dpkg-source, which is in dpkg-dev.
ensure_dpkg_dev() {
  if dpkg-query -W -f='${Status}\n' dpkg-dev 2>/dev/null | grep -q 'install ok installed'; then return; fi
  log "installing dpkg-dev"
  $SUDO "${APT_ENV[@]}" apt-get install -y -q --no-install-recommends dpkg-dev
}

# Prints the unpacked source tree of PACKAGE, fetching it first unless the version apt would
# fetch now is already unpacked. Each version unpacks into its own directory, marked complete
# only after apt-get source succeeded, so an interrupted run is redone and a Debian update
# (e.g. a security fix) is picked up.
fetch_source() {
  local pkg=$1 dsc version_dir tree
  dsc=$(apt-get source --print-uris -q "$pkg" | awk '$2 ~ /\.dsc$/ { print $2; exit }')
  [ -n "$dsc" ] || die "apt-get source --print-uris $pkg printed no .dsc"
  version_dir=$SRC_DIR/${dsc%.dsc}
  if [ ! -e "$version_dir/.complete" ]; then
    log "fetching source package ${dsc%.dsc}"
    rm -rf "$version_dir"
    mkdir -p "$version_dir"
    (cd "$version_dir" && apt-get source "${APT_SOURCE_OPTS[@]}" "$pkg" >&2)
    touch "$version_dir/.complete"
  fi
  tree=$(find "$version_dir" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  [ -n "$tree" ] || die "no unpacked tree in $version_dir"
  printf '%s\n' "$tree"
}

# Writes httplib.h + httplib.cc (one translation unit holding the implementation) into
# HTTPLIB_DIR from the single upstream header. Files are replaced only when their content
# changes, so an unchanged source does not recompile.
prepare_httplib() {
  local tree=$1 staging=$WORK/httplib.staging f
  rm -rf "$staging"
  mkdir -p "$staging" "$HTTPLIB_DIR"
  if [ -f "$tree/split.py" ]; then
    # Upstream's own splitter, which Debian's meson build uses for the shared library.
    python3 "$tree/split.py" --out "$staging" >&2
  else
    # The single header is header-only (every definition inline): compiling it once is the
    # whole library.
    cp "$tree/httplib.h" "$staging/httplib.h"
    printf '#include "httplib.h"\n' >"$staging/httplib.cc"
  fi
  for f in httplib.h httplib.cc; do
    [ -s "$staging/$f" ] || die "no $f produced from $tree"
    cmp -s "$staging/$f" "$HTTPLIB_DIR/$f" || mv "$staging/$f" "$HTTPLIB_DIR/$f"
  done
  rm -rf "$staging"
}

main() {
  local start=$SECONDS httplib_tree tinyxml2_tree
  ensure_deb_src
  ensure_dpkg_dev
  mkdir -p "$SRC_DIR"
  httplib_tree=$(fetch_source cpp-httplib)
  tinyxml2_tree=$(fetch_source tinyxml2)
  prepare_httplib "$httplib_tree"
  [ -f "$tinyxml2_tree/tinyxml2.cpp" ] || die "no tinyxml2.cpp in $tinyxml2_tree"
  if [ "${1:-}" = --sources ]; then
    printf '%s\n' "$HTTPLIB_DIR"
    return
  fi

  cmake -S "$ROOT" -B "$CMAKE_DIR" \
    -DKIBRIDGE_STATIC=ON -DKIBRIDGE_TESTS=OFF -DCMAKE_BUILD_TYPE=Release \
    -DKIBRIDGE_HTTPLIB_SOURCE="$HTTPLIB_DIR" \
    -DKIBRIDGE_TINYXML2_SOURCE="$tinyxml2_tree"
  cmake --build "$CMAKE_DIR" --target kibridge -j "$JOBS"

  mkdir -p "$(dirname "$DIST")"
  strip -o "$DIST.tmp" "$CMAKE_DIR/kibridge"
  mv -f "$DIST.tmp" "$DIST"
  log "built $DIST ($(stat -c %s "$DIST") bytes) in $((SECONDS - start)) s; ldd:"
  ldd "$DIST" >&2 || true
}

main "$@"
