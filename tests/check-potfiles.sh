#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every source file with translatable strings is listed in po/POTFILES.in,
# and every listed file exists.
cd "$1" || exit 1
status=0
for f in $(grep -v '^#' po/POTFILES.in); do
  [ -f "$f" ] || { echo "POTFILES.in lists missing file $f"; status=1; }
done
for f in $(grep -rlE '(^|[^a-zA-Z_])N?_\("|translatable="yes"' src ui 2>/dev/null | sort); do
  grep -qx "$f" po/POTFILES.in || { echo "$f has translatable strings but is not in po/POTFILES.in"; status=1; }
done
exit $status
