#!/usr/bin/env bash
# fetch-sources.sh PACKAGE... — fetches the Debian source packages kibridge compiles in and
# prints, one line per PACKAGE in order, the directory to build it from.
#
#   cpp-httplib  0.41 from Debian's trixie-backports (or unstable, which carries the same
#                upstream version): Debian 12's 0.11.4 has a listen backlog of 5, no header
#                count limit and three years of unfixed defects. Prints <work>/httplib, holding
#                httplib.h + httplib.cc (one translation unit with the implementation).
#                Used by every build (CMakeLists.txt, `make deps`, `make dist`).
#   tinyxml2     Debian 12's own version; prints the unpacked tree (tinyxml2.h/.cpp). Only
#                `make dist` needs it: the normal build links Debian's shared library.
#   sqlite3, sqlitecpp, zlib, openssl
#                Debian 12's own versions, unpacked; only the Windows build (`make windows`)
#                compiles them, with MinGW-w64, since Debian ships no Windows libraries.
#
# Nothing is vendored into the repository: `apt-get source` fetches the packages (with Debian's
# patches applied) into <work>/src, through an apt configuration private to <work>/apt (its own
# deb-src entries, lists and cache), so neither root nor a change to the machine's apt sources is
# needed. Each version unpacks into its own directory, marked complete only once apt-get source
# succeeded: an interrupted run is redone, and a later run needs no network at all.
#
# Environment: KIBRIDGE_DEPS_DIR (work directory, default <repo>/build-deps).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${KIBRIDGE_DEPS_DIR:-$ROOT/build-deps}
APT_DIR=$WORK/apt
SRC_DIR=$WORK/src

# The upstream version kibridge is written against (its API and limits are relied upon in
# server/http/http_server.*): a newer upstream version is a deliberate change, not a side effect.
HTTPLIB_UPSTREAM=0.41.0

log() { printf 'fetch-sources: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

APT_OPTS=(
  -o "Dir::Etc::SourceList=$APT_DIR/sources.list"
  -o "Dir::Etc::SourceParts=$APT_DIR/sources.list.d"
  -o "Dir::State::Lists=$APT_DIR/lists"
  -o "Dir::Cache=$APT_DIR/cache"
  -o "Debug::NoLocking=1"
  -q
)
# As root, apt downloads as the unprivileged _apt user, which cannot write into a work directory
# owned by root; it would fall back to root with a warning.
[ "$(id -u)" = 0 ] && APT_OPTS+=(-o APT::Sandbox::User=root)

# Writes the private deb-src entries and fetches their indexes (once; again when a fetch fails).
update_indexes() {
  mkdir -p "$APT_DIR/sources.list.d" "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
  cat >"$APT_DIR/sources.list" <<'SOURCES'
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian unstable main
SOURCES
  log "updating the source indexes in $APT_DIR"
  apt-get "${APT_OPTS[@]}" update >&2 || die "apt-get update failed (is deb.debian.org reachable?)"
  touch "$APT_DIR/.updated"
}

# Versions of source package $1 matching glob $2 that apt knows, newest first.
known_versions() {
  apt-cache "${APT_OPTS[@]}" showsrc "$1" 2>/dev/null | awk -v p="$1" '
    /^Package: / { pkg = $2 } /^Version: / && pkg == p { print $2 }' |
    while read -r v; do [[ $v == $2 ]] && echo "$v"; done | sort -urV
}

# An already unpacked tree of $1 with a version matching glob $2, if any.
unpacked_tree() {
  local dir
  # Directories are named without the version's epoch ("1:"): make cannot have ':' in a path.
  for dir in $(ls -d "$SRC_DIR/$1_"${2#*:} 2>/dev/null | sort -rV); do
    [ -e "$dir/.complete" ] || continue
    find "$dir" -mindepth 1 -maxdepth 1 -type d | head -n 1
    return
  done
}

# Prints the unpacked source tree of package $1 at a version matching glob $2, fetching the
# newest such version apt knows when none is unpacked yet.
fetch_source() {
  local pkg=$1 glob=$2 tree version dir
  tree=$(unpacked_tree "$pkg" "$glob")
  if [ -n "$tree" ]; then printf '%s\n' "$tree"; return; fi
  command -v dpkg-source >/dev/null || die "dpkg-source is missing (apt-get install dpkg-dev; make deps does)"
  [ -e "$APT_DIR/.updated" ] || update_indexes
  # A version can vanish from the mirror between two index updates: try each, newest first.
  for version in $(known_versions "$pkg" "$glob"); do
    dir=$SRC_DIR/${pkg}_${version#*:}
    rm -rf "$dir"
    mkdir -p "$dir"
    log "fetching source package $pkg $version"
    if (cd "$dir" && apt-get "${APT_OPTS[@]}" source "$pkg=$version" >&2); then
      touch "$dir/.complete"
      find "$dir" -mindepth 1 -maxdepth 1 -type d | head -n 1
      return
    fi
    rm -rf "$dir"
  done
  rm -f "$APT_DIR/.updated"  # the next run refreshes the indexes
  die "no source package $pkg matching version $glob could be fetched"
}

# Writes httplib.h + httplib.cc into <work>/httplib from the upstream single header, with
# upstream's own splitter (which Debian's meson build uses for its shared library). Files are
# replaced only when their content changes, so an unchanged source does not recompile.
prepare_httplib() {
  local tree=$1 out=$WORK/httplib staging=$WORK/httplib.staging f
  [ -f "$tree/split.py" ] || die "no split.py in $tree"
  rm -rf "$staging"
  mkdir -p "$staging" "$out"
  python3 "$tree/split.py" --out "$staging" >&2
  for f in httplib.h httplib.cc; do
    [ -s "$staging/$f" ] || die "no $f produced from $tree"
    cmp -s "$staging/$f" "$out/$f" || mv "$staging/$f" "$out/$f"
  done
  rm -rf "$staging"
  printf '%s\n' "$out"
}

[ $# -gt 0 ] || die "usage: $0 cpp-httplib|tinyxml2|sqlite3|sqlitecpp|zlib|openssl..."
mkdir -p "$SRC_DIR"
for package in "$@"; do
  case $package in
    cpp-httplib) prepare_httplib "$(fetch_source cpp-httplib "$HTTPLIB_UPSTREAM+ds-*")" ;;
    tinyxml2)
      tree=$(fetch_source tinyxml2 '9.0.0+dfsg-*')
      [ -f "$tree/tinyxml2.cpp" ] || die "no tinyxml2.cpp in $tree"
      printf '%s\n' "$tree" ;;
    # The Windows build (make windows, tools/windows/build-deps.sh) compiles these with MinGW-w64:
    # Debian 12's versions, the same the Linux build links as shared libraries.
    sqlite3) fetch_source sqlite3 '3.40.1-*' ;;
    sqlitecpp) fetch_source sqlitecpp '3.2.1-*' ;;
    zlib) fetch_source zlib '1:1.2.13.dfsg-*' ;;
    openssl) fetch_source openssl '3.0.*-*~deb12u*' ;;
    *) die "unknown package '$package' (cpp-httplib, tinyxml2, sqlite3, sqlitecpp, zlib, openssl)" ;;
  esac
done
