# kibridge — the two set-up commands are `make run` and `make test`; both install what they
# need (deps), build, then run. Every package the build, the tests and the benchmarks use is
# listed here, so a fresh Debian 12 machine needs nothing else.

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DB ?= kibridge-demo.sqlite
LISTEN ?= 127.0.0.1:8765
PREFIX ?= /usr/local
DEB_BUILD_DIR ?= build-deb

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_ENV := DEBIAN_FRONTEND=noninteractive
BACKPORTS_LIST := /etc/apt/sources.list.d/kibridge-bookworm-backports.sources

# Build and test libraries (Debian packages of the design card) plus the benchmark tools.
DEB_PACKAGES := build-essential cmake pkg-config ca-certificates \
	libcpp-httplib-dev libsqlitecpp-dev libsqlite3-dev nlohmann-json3-dev libtinyxml2-dev \
	libgtest-dev googletest libssl-dev zlib1g-dev libbrotli-dev \
	curl wrk nginx-light python3
# KiCad 9 (kicad-cli, demo projects, kicad_netlist_reader.py) comes from bookworm-backports.
KICAD_PACKAGES := kicad kicad-demos kicad-symbols kicad-footprints
# The .deb check (tools/packaging/check-deb.sh): dpkg-shlibdeps and systemd-analyze.
DEB_TOOL_PACKAGES := dpkg-dev systemd

.PHONY: all deps deps-base deps-kicad deps-deb configure build build-kibridge run test bench dist install deb clean

all: build

deps: deps-base deps-kicad

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

configure:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

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

bench: deps build
	tools/bench/run-bench.sh $(BUILD_DIR)

dist: deps-base
	JOBS=$(JOBS) tools/dist/build-static.sh

# `make install PREFIX=/usr/local DESTDIR=`: kibridge into $(PREFIX)/bin (on the PATH, so the
# README's BOM-plugin command line works as written), the systemd units, the README.
# The prefix is set at configure time: the units name the installed binary by its full path.
install: deps-base
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_INSTALL_PREFIX=$(PREFIX)
	cmake --build $(BUILD_DIR) -j $(JOBS) --target kibridge
	DESTDIR=$(DESTDIR) cmake --install $(BUILD_DIR)

# `make deb`: dist/kibridge_<version>_<arch>.deb (CPack), for `apt install ./dist/kibridge_*.deb`.
deb: deps-base
	cmake -S . -B $(DEB_BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_INSTALL_PREFIX=/usr -DKIBRIDGE_TESTS=OFF
	cmake --build $(DEB_BUILD_DIR) -j $(JOBS) --target kibridge
	cd $(DEB_BUILD_DIR) && cpack -G DEB -B $(CURDIR)/dist
	rm -rf dist/_CPack_Packages

clean:
	rm -rf $(BUILD_DIR) $(DEB_BUILD_DIR) build-static dist
