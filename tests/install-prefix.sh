#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `meson install` into a temporary root gives a working Bansō: the
# programs, the desktop file, metainfo, schema, icon, translations and the
# user guide, and the installed bansouctl speaks Japanese with no
# BANSOU_LOCALEDIR (it finds the translations beside itself).
#
# usage: install-prefix.sh BUILD_DIR PREFIX
set -eu
build=$1
prefix=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT INT TERM
unset BANSOU_LOCALEDIR GSETTINGS_SCHEMA_DIR

meson install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$dest/install.log" 2>&1 ||
  { cat "$dest/install.log"; exit 1; }
root=$dest$prefix

status=0
for f in bin/bansou bin/bansouctl bin/bansou-server \
         share/applications/jp.bansou.Bansou.desktop \
         share/metainfo/jp.bansou.Bansou.metainfo.xml \
         share/glib-2.0/schemas/jp.bansou.Bansou.gschema.xml \
         share/icons/hicolor/scalable/apps/jp.bansou.Bansou.svg \
         share/locale/ja/LC_MESSAGES/bansou.mo \
         share/help/ja/bansou/index.page \
         share/help/C/bansou/index.page; do
  if [ -e "$root/$f" ]; then echo "ok - installed $f"; else echo "not ok - $f is missing"; status=1; fi
done

desktop-file-validate "$root/share/applications/jp.bansou.Bansou.desktop" && echo "ok - desktop file valid" ||
  { echo "not ok - desktop file invalid"; status=1; }

# meson's post-install step (schemas, icon cache) is skipped with --destdir,
# as for a package; do what the package's trigger would.
glib-compile-schemas --strict "$root/share/glib-2.0/schemas" && echo "ok - schema compiles" ||
  { echo "not ok - schema does not compile"; status=1; }

# Japanese, with LANG=ja_JP.UTF-8 when the locale is generated, else LANGUAGE=ja.
lang=C.UTF-8
locale -a 2>/dev/null | grep -qi '^ja_JP.utf8$' && lang=ja_JP.UTF-8
help=$(LANGUAGE=ja LANG=$lang LC_ALL= "$root/bin/bansouctl" --help)
if echo "$help" | grep -q '用法: bansouctl'; then
  echo "ok - installed bansouctl --help is in Japanese"
else
  echo "not ok - installed bansouctl --help is not in Japanese:"; echo "$help"; status=1
fi

out=$(LANGUAGE=ja LANG=$lang LC_ALL= "$root/bin/bansouctl" --database "$dest/t.db" init --prefecture 広島県)
if echo "$out" | grep -q '広島県'; then echo "ok - installed bansouctl init works"; else echo "not ok - init: $out"; status=1; fi

apphelp=$(LANGUAGE=ja LANG=$lang LC_ALL= "$root/bin/bansou" --help 2>&1 || true)
if echo "$apphelp" | grep -q 'データベース'; then
  echo "ok - installed bansou --help is in Japanese"
else
  echo "not ok - installed bansou --help:"; echo "$apphelp"; status=1
fi

exit $status
