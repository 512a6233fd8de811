# SPDX-License-Identifier: GPL-3.0-or-later
#
# make run   — install what is missing (Debian 12), build, start Bansō
# make test  — install what is missing, build, run every test headless
#
# Everything builds in ./build and runs uninstalled.

BUILD ?= build
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
       gnome-text-editor yelp-tools

XVFB = xvfb-run -a -s '-screen 0 1600x1000x24'

.PHONY: all deps build run test install clean

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

test: build
	$(XVFB) meson test -C $(BUILD) --print-errorlogs --num-processes 2

# make install PREFIX=/opt/bansou — the app, bansouctl, bansou-server, the
# desktop file, metainfo, schema, icon, translations and the user guide.
install: build
	meson configure $(BUILD) -Dprefix=$(abspath $(PREFIX))
	meson install -C $(BUILD)

clean:
	rm -rf $(BUILD)
