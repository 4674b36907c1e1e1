#!/usr/bin/env python3
"""Runs single-file programs through the plugin and the driver and compares.

usage: compare_frontends.py <tmpdir> <file>...

Each file is analysed with every leak-* check by clang-tidy 19 with the
leakhound plugin loaded and by the leakhound driver (one TU, so the driver's
merge sees only that file). A single-file program has no header another
file could include, so the visibility rule (docs/architecture.md, "Decided
in the TU") must make both front-ends print the same findings: every
warning with its notes, compared whole. Compiler flags come from the
file's `// RUN: ... -- <flags>` line when it has one (%inputs replaced by
$LEAKHOUND_INPUTS), else -std=c++17 for C++ and nothing for C. Exits 1 and
prints both sides of every file that differs; a file neither front-end
finds anything in is named on stdout, so the caller can check that the set
is not silent.
"""
import os
import re
import shutil
import subprocess
import sys

DIAG = re.compile(r'^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): '
                  r'(?P<kind>warning|note|error): (?P<msg>.*)$')


def run(cmd, plugin=False):
    env = dict(os.environ, LD_BIND_NOW='1')
    if plugin and os.environ.get('LEAKHOUND_PLUGIN_PRELOAD'):
        env['LD_PRELOAD'] = os.environ['LEAKHOUND_PLUGIN_PRELOAD']
        env['ASAN_OPTIONS'] = 'detect_leaks=0'
    return subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True)


def findings(text):
    """Warnings with their notes, paths reduced to the file name, sorted."""
    out, cur = [], None
    for line in text.splitlines():
        m = DIAG.match(line)
        if not m:
            continue
        entry = '%s:%s:%s: %s: %s' % (os.path.basename(m['path']), m['line'],
                                       m['col'], m['kind'], m['msg'])
        if m['kind'] == 'note' and cur is not None:
            cur.append(entry)
        else:
            cur = [entry]
            out.append(cur)
    return sorted('\n'.join(f) for f in out)


def flags_of(path):
    inputs = os.environ.get('LEAKHOUND_INPUTS', '')
    with open(path) as f:
        for line in f:
            m = re.match(r'\s*//\s*RUN:.*%check_leak.*?\s--\s(.*)$', line)
            if m:
                return m.group(1).replace('%inputs', inputs).split()
    return [] if path.endswith('.c') else ['-std=c++17']


def main():
    tmp, files = sys.argv[1], sys.argv[2:]
    if not files:
        sys.exit('compare_frontends.py: no files')
    os.makedirs(tmp, exist_ok=True)
    clang_tidy = os.environ['LEAKHOUND_CLANG_TIDY']
    plugin = os.environ['LEAKHOUND_PLUGIN']
    driver = os.environ['LEAKHOUND_DRIVER']
    differ = 0
    for src in files:
        # A copy without the test's CHECK lines' directory: same content.
        copy = os.path.join(tmp, os.path.basename(src))
        shutil.copyfile(src, copy)
        flags = flags_of(src)
        p = run([clang_tidy, '-load=' + plugin, '-checks=-*,leak-*', copy,
                 '--'] + flags, plugin=True)
        if 'error while loading' in p.stderr or 'undefined symbol' in p.stderr:
            sys.exit('plugin failed to load:\n' + p.stderr)
        d = run([driver, '--quiet', '-j', '1', '--checks=-*,leak-*', copy,
                 '--'] + flags)
        if d.returncode not in (0, 1):
            sys.exit('%s: leakhound exited %d\n%s' % (src, d.returncode,
                                                      d.stderr))
        pf, df = findings(p.stdout), findings(d.stdout)
        if pf != df:
            differ += 1
            sys.stdout.write('DIFFER %s\n--- plugin ---\n%s\n--- driver ---\n'
                             '%s\n' % (os.path.basename(src), '\n'.join(pf),
                                       '\n'.join(df)))
        else:
            sys.stdout.write('AGREE %s %d finding(s)\n' %
                             (os.path.basename(src), len(pf)))
    sys.exit(1 if differ else 0)


if __name__ == '__main__':
    main()
