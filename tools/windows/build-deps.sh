#!/usr/bin/env bash
# build-deps.sh — prepares what the Windows build of kibridge (`make windows`) compiles in, and
# prints one line per item, NAME=PATH, for CMake (tools/windows/configure.sh reads them).
#
# Debian ships no Windows libraries, only their sources and a MinGW-w64 cross compiler. So every
# library kibridge.exe needs is compiled here from Debian 12's source package of it (fetched by
# tools/deps/fetch-sources.sh with Debian's patches applied); nothing is vendored:
#
#   openssl   (HTTPS to InvenTree) 3.0, built by its own Configure for the `mingw64` target
#             as static libraries, libraries only: ~12 min of one core, once. Printed as
#             OPENSSL=<prefix> (include/, lib/libssl.a, lib/libcrypto.a).
#   sqlite3   the amalgamation (sqlite3.c + sqlite3.h), generated on the build machine by
#             sqlite's own make target (it needs tclsh, from Debian's tcl package); CMake
#             compiles it with the options Debian's libsqlite3 is built with, so the Windows
#             store behaves as the Linux one (FTS5, JSON1, the same limits). SQLITE3=<dir>.
#   sqlitecpp, zlib, tinyxml2, cpp-httplib
#             plain source trees CMake compiles directly: SQLITECPP=, ZLIB=, TINYXML2=, HTTPLIB=.
#   nlohmann-json (header only): the headers of Debian's nlohmann-json3-dev, copied into
#             <prefix>/include, because the host's /usr/include cannot be on a cross compiler's
#             include path (its glibc headers would shadow MinGW's). NLOHMANN=<prefix>/include.
#   googletest: the sources Debian's googletest package installs in /usr/src/googletest.
#             GOOGLETEST=/usr/src/googletest.
#
# Brotli is left out: cpp-httplib only uses it to compress responses for clients that ask for
# it, and KiCad asks for gzip (which zlib serves).
#
# Each built piece is marked complete with a stamp naming its source tree, so a rerun does
# nothing and a new source version rebuilds. Environment: KIBRIDGE_DEPS_DIR (as
# fetch-sources.sh), JOBS (parallel jobs for OpenSSL, default nproc).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${KIBRIDGE_DEPS_DIR:-$ROOT/build-deps}
OUT=$WORK/windows
PREFIX=$OUT/prefix
HOST=x86_64-w64-mingw32
JOBS=${JOBS:-$(nproc)}

log() { printf 'windows deps: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

for tool in $HOST-gcc-posix $HOST-g++-posix $HOST-ar tclsh perl make; do
  command -v "$tool" >/dev/null || die "'$tool' is missing (make deps-windows installs it)"
done

sources=$("$ROOT/tools/deps/fetch-sources.sh" openssl sqlite3 sqlitecpp zlib tinyxml2 cpp-httplib)
read -r -d '' OPENSSL_SRC SQLITE_SRC SQLITECPP_SRC ZLIB_SRC TINYXML2_SRC HTTPLIB_SRC <<<"$sources" || true
mkdir -p "$OUT" "$PREFIX/include"

# Runs "$@" unless stamp $1 records source tree $2 as done; records it afterwards.
built_from() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

# OpenSSL, static, libraries and headers only. no-dso/no-engine: kibridge loads no modules.
openssl_stamp=$OUT/.openssl-done
if ! built_from "$openssl_stamp" "$OPENSSL_SRC"; then
  log "building OpenSSL for $HOST from $OPENSSL_SRC (once; about 12 min of one core)"
  rm -rf "$OUT/openssl-build"
  cp -a "$OPENSSL_SRC" "$OUT/openssl-build"
  (cd "$OUT/openssl-build" &&
    ./Configure mingw64 no-shared no-tests no-dso no-engine \
      --cross-compile-prefix=$HOST- --prefix="$PREFIX" --libdir=lib >&2 &&
    make -j"$JOBS" build_libs >&2 &&
    make install_dev >&2) || die "OpenSSL did not build; see the output above"
  rm -rf "$OUT/openssl-build"
  printf '%s' "$OPENSSL_SRC" >"$openssl_stamp"
fi

# The sqlite amalgamation: configure for the build machine only to run the generator.
sqlite_stamp=$OUT/.sqlite-done
if ! built_from "$sqlite_stamp" "$SQLITE_SRC"; then
  log "generating the sqlite amalgamation from $SQLITE_SRC"
  rm -rf "$OUT/sqlite-build" "$OUT/sqlite"
  mkdir -p "$OUT/sqlite-build" "$OUT/sqlite"
  (cd "$OUT/sqlite-build" && "$SQLITE_SRC/configure" --disable-tcl >&2 && make sqlite3.c >&2) ||
    die "the sqlite amalgamation was not generated; see the output above"
  cp "$OUT/sqlite-build/sqlite3.c" "$OUT/sqlite-build/sqlite3.h" "$OUT/sqlite/"
  rm -rf "$OUT/sqlite-build"
  printf '%s' "$SQLITE_SRC" >"$sqlite_stamp"
fi

[ -f /usr/include/nlohmann/json.hpp ] || die "nlohmann-json3-dev is missing (make deps-base installs it)"
rm -rf "$PREFIX/include/nlohmann"
cp -a /usr/include/nlohmann "$PREFIX/include/"
[ -f /usr/src/googletest/googletest/src/gtest-all.cc ] || die "googletest sources are missing (make deps-base installs googletest)"

printf 'OPENSSL=%s\nSQLITE3=%s\nSQLITECPP=%s\nZLIB=%s\nTINYXML2=%s\nHTTPLIB=%s\nNLOHMANN=%s\nGOOGLETEST=%s\n' \
  "$PREFIX" "$OUT/sqlite" "$SQLITECPP_SRC" "$ZLIB_SRC" "$TINYXML2_SRC" "$HTTPLIB_SRC" \
  "$PREFIX/include" /usr/src/googletest
