# kibridge — the two set-up commands are `make run` and `make test`; both install what they
# need (deps), build, then run. Every package the build, the tests and the benchmarks use is
# listed here, so a fresh Debian 12 machine needs nothing else.

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DB ?= kibridge-demo.sqlite
LISTEN ?= 127.0.0.1:8765

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_ENV := DEBIAN_FRONTEND=noninteractive
BACKPORTS_LIST := /etc/apt/sources.list.d/kibridge-bookworm-backports.sources

# Build and test libraries (Debian packages of the design card) plus the benchmark tools.
# cpp-httplib is compiled from Debian's 0.41 source package (tools/deps/fetch-sources.sh, which
# needs dpkg-dev and xz-utils to unpack it): Debian 12's 0.11.4 cannot be hardened.
DEB_PACKAGES := build-essential cmake pkg-config ca-certificates dpkg-dev xz-utils \
	libsqlitecpp-dev libsqlite3-dev nlohmann-json3-dev libtinyxml2-dev \
	libgtest-dev googletest libssl-dev zlib1g-dev libbrotli-dev \
	curl wrk nginx-light python3
# KiCad 9 (kicad-cli, demo projects, kicad_netlist_reader.py) comes from bookworm-backports.
KICAD_PACKAGES := kicad kicad-demos kicad-symbols kicad-footprints

.PHONY: all deps deps-base deps-kicad deps-sources build run test bench dist clean

all: build

deps: deps-base deps-kicad deps-sources

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

build:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DKIBRIDGE_HTTPLIB_SOURCE="$$(tools/deps/fetch-sources.sh cpp-httplib)"
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: deps-base build
	$(BUILD_DIR)/kibridge serve --db $(DB) --listen $(LISTEN) --demo

test: deps build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: deps build
	tools/bench/run-bench.sh $(BUILD_DIR)

dist: deps-base
	JOBS=$(JOBS) tools/dist/build-static.sh

clean:
	rm -rf $(BUILD_DIR) build-static dist build-deps
