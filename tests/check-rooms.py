#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The rooms of src/ keep to themselves.

Fails when
  - a file in one folder of src/ includes a *-private.h that lives in
    another folder of src/ (a folder's private header is for that folder;
    tests/ may include any), or
  - anything under src/core/ includes GTK, GDK, GSK or libadwaita, or a
    header of the programs (src/app, src/ctl, src/server): the core is a
    library without GTK that the server and bansouctl link too, or
  - a meson.build under src/core/ asks for gtk4 or libadwaita, or
  - a file of src/server/ outside src/server/store/ includes sqlite3.h,
    libpq-fe.h or the core's bansou-db.h: the server speaks SQL through
    its store interface only (store/bansou-server-store.h), so a second
    store (PostgreSQL, issue 14) plugs in without touching the kinds.

Headers are included by file name (every room is on the include path), so
a quoted include is looked up by its name among the headers of src/.

  check-rooms.py SOURCE_ROOT [ALLOW_LIST]   check the tree
  check-rooms.py --self-test                check this script on made-up trees

ALLOW_LIST names violations known while a change is in flight, one
"FILE HEADER" a line, '#' starting a comment. An entry that no longer
occurs is an error too, so the list can only shrink.
"""

import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
GUI_SYSTEM = re.compile(r'^(gtk|gdk|gsk)/|^adwaita\.h$|^gtk\.h$')
GUI_DEPENDENCY = re.compile(r"dependency\s*\(\s*'(gtk4|libadwaita-1)'")
PROGRAMS = ('app', 'ctl', 'server')
STORE_ONLY = ('sqlite3.h', 'libpq-fe.h', 'bansou-db.h')


def sources(src):
    for folder, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            yield os.path.join(folder, name)


def includes(path):
    """(line number, '<' or '"', name) of each #include in a C file"""
    with open(path, encoding='utf-8', errors='replace') as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                yield number, m.group(1), m.group(2)


def check(root, allowed=()):
    """Returns the violations as (file, header, message), paths from root."""
    src = os.path.join(root, 'src')
    headers = {}   # file name -> folders of src/ (relative) holding one
    for path in sources(src):
        if path.endswith('.h'):
            rel = os.path.relpath(path, root)
            headers.setdefault(os.path.basename(path), set()).add(os.path.dirname(rel))

    found = []
    for path in sources(src):
        rel = os.path.relpath(path, root)
        folder = os.path.dirname(rel)
        parts = rel.split(os.sep)
        in_core = len(parts) > 2 and parts[1] == 'core'
        in_server = len(parts) > 2 and parts[1] == 'server' and parts[2] != 'store'

        if os.path.basename(path) == 'meson.build' and in_core:
            with open(path, encoding='utf-8') as f:
                for number, line in enumerate(f, 1):
                    m = GUI_DEPENDENCY.search(line)
                    if m:
                        found.append((rel, m.group(1),
                                      f'{rel}:{number}: the core asks for {m.group(1)}'))
            continue
        if not path.endswith(('.c', '.h')):
            continue

        for number, kind, name in includes(path):
            where = f'{rel}:{number}'
            base = os.path.basename(name)
            if in_core and GUI_SYSTEM.search(name):
                found.append((rel, name, f'{where}: the core includes <{name}>'))
                continue
            if in_server and os.path.basename(name) in STORE_ONLY:
                found.append((rel, os.path.basename(name),
                              f'{where}: the server includes {os.path.basename(name)} outside store/'))
                continue
            if kind != '"':
                continue
            homes = headers.get(base, set())
            if in_core:
                for home in sorted(homes):
                    if home.split(os.sep)[1] in PROGRAMS:
                        found.append((rel, base, f'{where}: the core includes {base} from {home}/'))
            if base.endswith('-private.h') and homes and folder not in homes:
                found.append((rel, base,
                              f'{where}: includes {base}, private to {", ".join(sorted(homes))}/'))

    known = set(allowed)
    problems = [message for rel, header, message in found if (rel, header) not in known]
    seen = {(rel, header) for rel, header, message in found}
    problems += [f'{rel}: allowed to include {header}, but no longer does: '
                 'remove the entry from the allow-list'
                 for rel, header in sorted(known - seen)]
    return problems


def read_allow_list(path):
    entries = []
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            fields = line.split()
            if len(fields) != 2:
                sys.exit(f'{path}:{number}: want "FILE HEADER"')
            entries.append((fields[0], fields[1]))
    return entries


# ---------------------------------------------------------------------------
# Self-test: made-up trees, each with what check() must say about it.

def make_tree(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)


def self_test():
    clean = {
        'src/core/store/bansou-store.h': '#pragma once\n#include <glib.h>\n',
        'src/core/store/bansou-store-private.h': '#include "bansou-store.h"\n',
        'src/core/store/bansou-store.c': '#include "config.h"\n#include "bansou-store-private.h"\n',
        'src/core/survey/bansou-survey.c': '#include "bansou-store.h"\n#include <sqlite3.h>\n',
        'src/core/meson.build': "core_deps = [dependency('glib-2.0')]\n",
        'src/app/bansou-window.c': '#include <gtk/gtk.h>\n#include <adwaita.h>\n#include "bansou-store.h"\n',
        'src/app/meson.build': "gtk_dep = dependency('gtk4')\n",
        'tests/core/test-store.c': '#include "bansou-store-private.h"\n',
    }
    cases = [
        ('a clean tree', {}, [], []),
        ('a private header from another folder',
         {'src/core/survey/bansou-demo.c': '#include "config.h"\n\n#include "bansou-store-private.h"\n'},
         [], ['src/core/survey/bansou-demo.c:3: includes bansou-store-private.h, private to src/core/store/']),
        ('the app reaching into a core folder',
         {'src/app/bansou-window.c': '#include "bansou-store-private.h"\n'},
         [], ['src/app/bansou-window.c:1: includes bansou-store-private.h, private to src/core/store/']),
        ('a private header of the app used by a sub-folder of it',
         {'src/app/bansou-window-private.h': '#pragma once\n',
          'src/app/survey/bansou-page.c': ' # include "bansou-window-private.h"\n'},
         [], ['src/app/survey/bansou-page.c:1: includes bansou-window-private.h, private to src/app/']),
        ('GTK in the core',
         {'src/core/heatmap/bansou-heatmap.c': '#include <gtk/gtk.h>\n'},
         [], ['src/core/heatmap/bansou-heatmap.c:1: the core includes <gtk/gtk.h>']),
        ('GDK and libadwaita in the core',
         {'src/core/heatmap/bansou-heatmap.h': '#include <gdk/gdk.h>\n#include <adwaita.h>\n'},
         [], ['src/core/heatmap/bansou-heatmap.h:1: the core includes <gdk/gdk.h>',
              'src/core/heatmap/bansou-heatmap.h:2: the core includes <adwaita.h>']),
        ('an app header in the core',
         {'src/app/widgets/bansou-ui-util.h': '#include <gtk/gtk.h>\n',
          'src/core/report/bansou-report.c': '#include "bansou-ui-util.h"\n'},
         [], ['src/core/report/bansou-report.c:1: the core includes bansou-ui-util.h from src/app/widgets/']),
        ('gtk4 asked for in a core meson.build',
         {'src/core/report/meson.build': "x = dependency('gtk4', version: '>= 4.8')\n"},
         [], ["src/core/report/meson.build:1: the core asks for gtk4"]),
        ('sqlite outside the server\'s store',
         {'src/server/kinds/bansou-kind-answer.c': '#include <sqlite3.h>\n',
          'src/server/store/bansou-server-store-sqlite.c': '#include <sqlite3.h>\n#include "bansou-db.h"\n',
          'src/server/bansou-server-db.c': '#include "bansou-db.h"\n'},
         [], ['src/server/bansou-server-db.c:1: the server includes bansou-db.h outside store/',
              'src/server/kinds/bansou-kind-answer.c:1: the server includes sqlite3.h outside store/']),
        ('an allowed violation',
         {'src/core/survey/bansou-demo.c': '#include "bansou-store-private.h"\n'},
         [('src/core/survey/bansou-demo.c', 'bansou-store-private.h')], []),
        ('a stale allow-list entry',
         {},
         [('src/core/survey/bansou-demo.c', 'bansou-store-private.h')],
         ['src/core/survey/bansou-demo.c: allowed to include bansou-store-private.h, but no longer does: '
          'remove the entry from the allow-list']),
    ]

    failures = 0
    for n, (what, extra, allowed, expected) in enumerate(cases, 1):
        with tempfile.TemporaryDirectory(prefix='bansou-rooms-') as root:
            make_tree(root, {**clean, **extra})
            got = check(root, allowed)
        ok = got == expected
        failures += not ok
        print(f'{"ok" if ok else "not ok"} {n} - {what}')
        if not ok:
            print(f'# expected {expected}\n# got      {got}')
    print(f'1..{len(cases)}')
    return 1 if failures else 0


def main(argv):
    if argv[1:] == ['--self-test']:
        return self_test()
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    allowed = read_allow_list(argv[2]) if len(argv) == 3 else []
    problems = check(argv[1], allowed)
    for problem in problems:
        print(problem)
    if problems:
        print(f'{len(problems)} problem(s) with the rooms (see tests/check-rooms.py)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
