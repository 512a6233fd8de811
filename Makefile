# SPDX-License-Identifier: GPL-3.0-or-later
#
# make run   — install what is missing (Debian 12), build, start Bansō
# make test  — install what is missing, build, run every test headless, then
#              the fuzzers (make test-fuzz) and the whole suite again under
#              AddressSanitizer + UBSan (make test-asan)
#
# Everything builds in ./build and runs uninstalled; the sanitizer build is
# ./build-asan (gcc), the fuzzers ./build-fuzz (clang: the core, the
# server's pieces and the harnesses).

BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DB ?=
PREFIX ?= /usr/local

# Debian 12 packages: the toolchain and libraries, the fonts Japanese text
# needs, and the tools the tests use (Xvfb, nginx, openssl, poppler, …).
DEPS = build-essential meson ninja-build pkg-config gettext \
       libglib2.0-dev libgtk-4-dev libgtk-4-bin libadwaita-1-dev libsoup-3.0-dev \
       libjson-glib-dev libsqlite3-dev libxlsxwriter-dev libsecret-1-dev \
       glib-networking fonts-noto-cjk locales appstream desktop-file-utils \
       xvfb xauth dbus dbus-x11 xdotool imagemagick poppler-utils \
       nginx openssl sqlite3 unzip curl gnome-keyring \
       gnome-text-editor yelp-tools \
       clang libclang-rt-14-dev libjansson-dev libical-dev \
       postgresql libpq-dev

XVFB = xvfb-run -a -s '-screen 0 1600x1000x24'

.PHONY: all deps build run test test-fuzz test-asan install clean

all: build

deps:
	@missing=""; \
	for p in $(DEPS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing || exit 1; \
	  else \
	    echo "Bansō needs these Debian packages. Run:"; \
	    echo "  sudo apt-get install --no-install-recommends$$missing"; \
	    exit 1; \
	  fi; \
	fi; \
	if ! locale -a 2>/dev/null | grep -qi '^ja_JP.utf8$$'; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    sed -i 's/^# *ja_JP.UTF-8/ja_JP.UTF-8/' /etc/locale.gen && locale-gen >/dev/null; \
	  else \
	    echo "Note: the ja_JP.UTF-8 locale is not generated; LANGUAGE=ja still translates."; \
	  fi; \
	fi

build: deps
	@if [ ! -f $(BUILD)/build.ninja ]; then meson setup $(BUILD) --buildtype=debugoptimized; fi
	ninja -C $(BUILD)

# Run from the build directory, the programs find its translations and schemas.
run: build
	$(BUILD)/src/app/bansou $(if $(DB),--database $(DB),)

# Each part runs even if one before it failed; the status is theirs together.
test: build
	@status=0; \
	$(XVFB) meson test -C $(BUILD) --print-errorlogs --num-processes 2 || status=1; \
	$(MAKE) --no-print-directory test-fuzz || status=1; \
	$(MAKE) --no-print-directory test-asan || status=1; \
	exit $$status

# libFuzzer (tests/fuzz): replay each seed corpus, then fuzz each harness
# (about 60 s in all, tests/fuzz/meson.build). Only the core, the server's
# pieces and the harnesses are built with clang.
test-fuzz: deps
	@if [ ! -f $(FUZZ_BUILD)/build.ninja ]; then \
	  CC=clang meson setup $(FUZZ_BUILD) --buildtype=debugoptimized -Dfuzzing=true \
	    -Db_sanitize=address,undefined -Db_lundef=false; \
	fi
	ninja -C $(FUZZ_BUILD) fuzzers
	meson test -C $(FUZZ_BUILD) --no-rebuild --print-errorlogs --suite fuzz

# The whole suite under AddressSanitizer + UBSan: any report fails its test.
# Two passes, each with its own log (.ci/run counts both):
#  - the core suite (and the bansouctl it runs) with LeakSanitizer on; the
#    libraries' own leaks are in tests/sanitizers/lsan.supp, matched on
#    whole stacks (fast_unwind_on_malloc=0: Debian's GLib has no frame
#    pointers, and the fast unwinder stops in it);
#  - every other suite with leaks off: GTK, fontconfig, Mesa and GnuTLS keep
#    caches for the life of a process, and LSan's tracer crashed ("Tracer
#    caught signal 11") stopping the threads of the TLS server tests.
# The servers and windows run with a 64 MB quarantine of freed memory
# (256 MB by default): use after free is still caught within it, and a
# server's resident size is flat once it is full, so a leak shows
# (/server/keepalive-recycled).
ASAN_COMMON = halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=0:print_summary=1
SANITIZER_ENV = \
  UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1:print_summary=1 \
  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp:print_suppressions=0 \
  G_SLICE=always-malloc
ASAN_TEST = meson test -C $(ASAN_BUILD) --no-rebuild --print-errorlogs --num-processes 2 --timeout-multiplier 3

test-asan: deps
	@if [ ! -f $(ASAN_BUILD)/build.ninja ]; then \
	  meson setup $(ASAN_BUILD) --buildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false; \
	fi
	ninja -C $(ASAN_BUILD)
	@status=0; \
	$(SANITIZER_ENV) ASAN_OPTIONS=$(ASAN_COMMON):detect_leaks=1:fast_unwind_on_malloc=0:malloc_context_size=20 \
	  $(ASAN_TEST) --suite core --logbase testlog-leaks || status=1; \
	$(SANITIZER_ENV) ASAN_OPTIONS=$(ASAN_COMMON):detect_leaks=0:quarantine_size_mb=64 \
	  $(XVFB) $(ASAN_TEST) --no-suite core || status=1; \
	exit $$status

# make install PREFIX=/opt/bansou — the app, bansouctl, bansou-server, the
# desktop file, metainfo, schema, icon, translations and the user guide.
install: build
	meson configure $(BUILD) -Dprefix=$(abspath $(PREFIX))
	meson install -C $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
