# kibridge — the two set-up commands are `make run` and `make test`; both install what they
# need (deps), build, then run. Every package the build, the tests and the benchmarks use is
# listed here, so a fresh Debian 12 machine needs nothing else.

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DB ?= kibridge-demo.sqlite
LISTEN ?= 127.0.0.1:8765
PREFIX ?= /usr/local
# The package is made from the normal build: only the install prefix differs, which changes the
# generated unit files, not one object, so after `make test` it costs a link instead of a
# second compilation of everything (about 5 minutes of CI).
DEB_BUILD_DIR ?= $(BUILD_DIR)

# The builds configured here are unity builds (CMakeLists.txt's KIBRIDGE_UNITY says why);
# `make UNITY=-DKIBRIDGE_UNITY=OFF ...` turns them off.
UNITY ?= -DKIBRIDGE_UNITY=ON

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_ENV := DEBIAN_FRONTEND=noninteractive
BACKPORTS_LIST := /etc/apt/sources.list.d/kibridge-bookworm-backports.sources

# Build and test libraries (Debian packages only) plus the benchmark tools.
# cpp-httplib is compiled from Debian's 0.41 source package (tools/deps/fetch-sources.sh, which
# needs dpkg-dev and xz-utils to unpack it): Debian 12's 0.11.4 cannot be hardened.
DEB_PACKAGES := build-essential cmake pkg-config ca-certificates dpkg-dev xz-utils \
	libsqlitecpp-dev libsqlite3-dev nlohmann-json3-dev libtinyxml2-dev \
	libgtest-dev googletest libssl-dev zlib1g-dev libbrotli-dev \
	curl wrk nginx-light python3
# make fuzz: clang 14 and its runtime libraries (libFuzzer, ASan, UBSan).
FUZZ_PACKAGES := clang libclang-rt-14-dev
# KiCad 9 (kicad-cli, demo projects, kicad_netlist_reader.py) comes from bookworm-backports.
KICAD_PACKAGES := kicad kicad-demos kicad-symbols kicad-footprints
# The web console's browser tests (tests/browser/, run by `make test`) and `make screenshots`:
# headless Chromium driven by Debian's selenium, run with /usr/bin/python3.
BROWSER_PACKAGES := chromium chromium-driver python3-selenium
# The .deb check (tools/packaging/check-deb.sh): dpkg-shlibdeps and systemd-analyze.
DEB_TOOL_PACKAGES := dpkg-dev systemd

# Sanitizer builds, each in its own build directory. CI runs the whole suite under ASan+UBSan
# (but the browser tests, which drive the same routes the HTTP tests do, through Chromium)
# Both run the test executable as $(JOBS) GoogleTest shards, one process each
# (tools/ci/gtest-shards.sh says why: a sanitized process takes about 1 s to start), and ctest
# for the rest (the fuzz corpus replays, the layering probes).
# and the concurrency-heavy tests under TSan: the TSan build compiles only the test files that
# TSAN_TEST_SOURCES matches (a regex over their paths; CMakeLists.txt's KIBRIDGE_TEST_SOURCES_REGEX)
# and runs every test in them: the services and threads, KiCad served during a pull, the
# database watcher, the snapshot reads and the HTTP route tests. Compiling only those files
# keeps the stage short. (TSan sees cpp-httplib because every build compiles it in.) The import,
# outbox and named-library route tests are in because the index of KiCad's 213 MB of installed
# symbol libraries that an import or GET /api/diagnostics/ needs is persisted
# (kicad/installed_libraries.h) in the build folder's test cache (tools/ci/gtest-shards.sh): the
# instrumented scan runs once per build folder, not once per server, where it outlasted the
# tests' HTTP client timeouts.
ASAN_DIR ?= build-asan
TSAN_DIR ?= build-tsan
TSAN_TEST_SOURCES ?= /tests/(support/|util/background_worker_test|kicad/response_cache_test|storage/snapshot_read_test|sync/(sync_service|sync_job|kicad_during_pull|database_watcher)_test|writeback/push_service_test|http/(kicad_checker|(sync_api|auth|bad_input|cache_invalidation|category_api|config_api|kicad_routes|http_hardening|worker_pool|cache_coalescing|exact_id|limits|metrics|access_log|token_api|import_api|import_scope|outbox_api|library_routes)_test)\.cc)
# Stack traces for UBSan; halt on the first error so ctest fails.
SANITIZER_ENV := UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1

# The Windows build (make windows): Debian's MinGW-w64 cross compiler, Wine to run its tests, and
# tcl for sqlite's amalgamation generator (tools/windows/build-deps.sh). The Windows test
# executable holds the platform, util, storage, HTTP and netlist tests (CMakeLists.txt says
# why those); `make test-windows` runs all of them under Wine but WINDOWS_TESTS_EXCLUDE, a ctest
# regex over gtest's Suite.Test names.
WINDOWS_DIR ?= build-windows
WINDOWS_PACKAGES := g++-mingw-w64-x86-64-posix wine wine64 tcl
WINDOWS_TESTS_EXCLUDE ?= ^HttpHardeningLoadTest\.
# Wine keeps its Windows folders here, not in the user's ~/.wine (tools/windows/with-wine.sh sets
# up Wine around the tests and says why each step is there).
WINEPREFIX_DIR := $(CURDIR)/$(WINDOWS_DIR)/wineprefix

# libFuzzer targets of tests/fuzz/ (one per <name>_fuzz.cc), built with clang and
# ASan+UBSan. Each runs FUZZ_SECONDS on a scratch copy of its corpus (new inputs land in
# $(FUZZ_DIR)/corpus/<name>, crashes in $(FUZZ_DIR)/artifacts/); `make fuzz-merge` then
# adds to tests/fuzz/corpus/<name> only the inputs that reach new edges (not new hit counts,
# so the corpus stays small); `make test` replays it.
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := $(patsubst tests/fuzz/%_fuzz.cc,%,$(wildcard tests/fuzz/*_fuzz.cc))

.PHONY: all deps deps-base deps-kicad deps-browser deps-fuzz screenshots deps-sources deps-deb deps-windows configure build build-kibridge run test bench \
	dist install deb clean sanitize-asan sanitize-tsan fuzz fuzz-build fuzz-merge windows windows-configure test-windows

all: build

deps: deps-base deps-kicad deps-browser deps-sources

# Fetches (once) and prepares the cpp-httplib source package every build compiles in.
deps-sources: deps-base
	tools/deps/fetch-sources.sh cpp-httplib >/dev/null

deps-base:
	@if dpkg-query -W -f='$${Status}\n' $(DEB_PACKAGES) 2>/dev/null | grep -qv 'install ok installed' \
	   || ! dpkg-query -W $(DEB_PACKAGES) >/dev/null 2>&1; then \
	  $(SUDO) apt-get update -q && $(SUDO) $(APT_ENV) apt-get install -y -q --no-install-recommends $(DEB_PACKAGES); \
	else echo "deps: base packages already installed"; fi

deps-kicad:
	@if dpkg-query -W -f='$${Status}\n' $(KICAD_PACKAGES) 2>/dev/null | grep -c 'install ok installed' \
	   | grep -qx "$(words $(KICAD_PACKAGES))"; then echo "deps: KiCad packages already installed"; else \
	  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then \
	    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
	      | $(SUDO) tee $(BACKPORTS_LIST) >/dev/null; fi; \
	  $(SUDO) apt-get update -q && $(SUDO) $(APT_ENV) apt-get install -y -q --no-install-recommends \
	    -t bookworm-backports $(KICAD_PACKAGES); fi

deps-browser:
	@if dpkg-query -W -f='$${Status}\n' $(BROWSER_PACKAGES) 2>/dev/null | grep -c 'install ok installed' \
	   | grep -qx "$(words $(BROWSER_PACKAGES))"; then echo "deps: browser test packages already installed"; else \
	  $(SUDO) apt-get update -q && $(SUDO) $(APT_ENV) apt-get install -y -q --no-install-recommends $(BROWSER_PACKAGES); fi

deps-fuzz:
	@if dpkg-query -W -f='$${Status}\n' $(FUZZ_PACKAGES) 2>/dev/null | grep -c 'install ok installed' \
	   | grep -qx "$(words $(FUZZ_PACKAGES))"; then echo "deps: fuzz packages already installed"; else \
	  $(SUDO) apt-get update -q && $(SUDO) $(APT_ENV) apt-get install -y -q --no-install-recommends $(FUZZ_PACKAGES); fi

deps-windows: deps-base
	@if dpkg-query -W -f='$${Status}\n' $(WINDOWS_PACKAGES) 2>/dev/null | grep -c 'install ok installed' \
	   | grep -qx "$(words $(WINDOWS_PACKAGES))"; then echo "deps: Windows cross-build packages already installed"; else \
	  $(SUDO) apt-get update -q && $(SUDO) $(APT_ENV) apt-get install -y -q --no-install-recommends $(WINDOWS_PACKAGES); fi

configure:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(UNITY) \
	  -DKIBRIDGE_HTTPLIB_SOURCE="$$(tools/deps/fetch-sources.sh cpp-httplib)"

deps-deb:
	@if dpkg-query -W -f='$${Status}\n' $(DEB_TOOL_PACKAGES) 2>/dev/null | grep -c 'install ok installed' \
	   | grep -qx "$(words $(DEB_TOOL_PACKAGES))"; then echo "deps: packaging tools already installed"; else \
	  $(SUDO) apt-get update -q && $(SUDO) $(APT_ENV) apt-get install -y -q --no-install-recommends $(DEB_TOOL_PACKAGES); fi

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# `make run` builds the server alone (the tests, tools and benchmarks are `make test`'s).
build-kibridge: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target kibridge

run: deps-base build-kibridge
	$(BUILD_DIR)/kibridge serve --db $(DB) --listen $(LISTEN) --demo

test: deps build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# dist/screenshots/<page>.png: every page of the web console over the demo catalogue, rendered
# by headless Chromium (tests/browser/screenshots.py, the browser tests' own harness).
screenshots: deps-base deps-browser build-kibridge
	/usr/bin/python3 tests/browser/screenshots.py --kibridge $(BUILD_DIR)/kibridge --out dist/screenshots

bench: deps build
	tools/bench/run-bench.sh $(BUILD_DIR)

# The normal build's objects, linked statically (tools/dist/build-static.sh): after `make test`,
# one link.
dist: deps-base
	JOBS=$(JOBS) KIBRIDGE_BUILD_DIR=$(CURDIR)/$(BUILD_DIR) tools/dist/build-static.sh

sanitize-asan: deps
	cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(UNITY) -DKIBRIDGE_SANITIZE=address,undefined
	cmake --build $(ASAN_DIR) -j $(JOBS)
	cd $(ASAN_DIR) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS) -LE '^(browser|gtest)$$'
	$(SANITIZER_ENV) tools/ci/gtest-shards.sh $(JOBS) $(ASAN_DIR) ./kibridge_tests

sanitize-tsan: deps
	cmake -S . -B $(TSAN_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(UNITY) -DKIBRIDGE_SANITIZE=thread \
	  -DKIBRIDGE_TEST_SOURCES_REGEX='$(TSAN_TEST_SOURCES)'
	cmake --build $(TSAN_DIR) -j $(JOBS) --target kibridge kibridge_tests
	$(SANITIZER_ENV) tools/ci/gtest-shards.sh $(JOBS) $(TSAN_DIR) ./kibridge_tests

fuzz-build: deps-base deps-fuzz
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIBRIDGE_FUZZ=ON \
	  -DKIBRIDGE_TESTS=OFF -DKIBRIDGE_SANITIZE=address,undefined
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))

fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/artifacts; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_DIR)/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t- $(FUZZ_DIR)/corpus/$$t tests/fuzz/corpus/$$t; \
	done

fuzz-merge: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	  $(FUZZ_DIR)/tests/fuzz/fuzz_$$t -merge=1 -use_counters=0 tests/fuzz/corpus/$$t $(FUZZ_DIR)/corpus/$$t; \
	done


# dist/kibridge.exe: one self-contained Windows executable (tools/windows/ says how it is built).
windows-configure: deps-windows
	cmake -S . -B $(WINDOWS_DIR) $(UNITY) -DCMAKE_TOOLCHAIN_FILE=$(CURDIR)/tools/windows/mingw-w64.cmake \
	  -DCMAKE_BUILD_TYPE=Release

windows: windows-configure
	cmake --build $(WINDOWS_DIR) -j $(JOBS) --target kibridge
	mkdir -p dist
	x86_64-w64-mingw32-strip -o dist/kibridge.exe $(WINDOWS_DIR)/kibridge.exe

# The Windows test executable under Wine (but WINDOWS_TESTS_EXCLUDE), then dist/kibridge.exe driven
# from the Linux test executable (tests/windows/: serve, KiCad's loads, upload, a pull).
test-windows: windows build
	cmake --build $(WINDOWS_DIR) -j $(JOBS) --target kibridge_tests
	tools/windows/with-wine.sh $(WINEPREFIX_DIR) sh -c "cd $(WINDOWS_DIR) && \
	  ctest --output-on-failure -j $(JOBS) -E '$(WINDOWS_TESTS_EXCLUDE)' && \
	  cd $(CURDIR)/$(BUILD_DIR) && KIBRIDGE_WINDOWS_EXE=$(CURDIR)/dist/kibridge.exe \
	  ctest --output-on-failure -R '^WindowsSmoke\.'"

# `make install PREFIX=/usr/local DESTDIR=`: kibridge into $(PREFIX)/bin (on the PATH, so the
# README's BOM-plugin command line works as written), the systemd units, the README.
# The prefix is set at configure time: the units name the installed binary by its full path.
install: deps-base
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_INSTALL_PREFIX=$(PREFIX)
	cmake --build $(BUILD_DIR) -j $(JOBS) --target kibridge
	DESTDIR=$(DESTDIR) cmake --install $(BUILD_DIR)

# `make deb`: dist/kibridge_<version>_<arch>.deb (CPack), for `apt install ./dist/kibridge_*.deb`.
deb: deps-base
	cmake -S . -B $(DEB_BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_INSTALL_PREFIX=/usr
	cmake --build $(DEB_BUILD_DIR) -j $(JOBS) --target kibridge
	cd $(DEB_BUILD_DIR) && cpack -G DEB -B $(CURDIR)/dist
	rm -rf dist/_CPack_Packages


clean:
	rm -rf $(BUILD_DIR) $(DEB_BUILD_DIR) $(ASAN_DIR) $(TSAN_DIR) $(FUZZ_DIR) $(WINDOWS_DIR) dist build-deps
