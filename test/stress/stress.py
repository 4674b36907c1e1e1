#!/usr/bin/env python3
"""Generates large and adversarial inputs and checks that leakhound ends in
time with the expected exit code and valid SARIF.

usage: stress.py --leakhound <bin> --work <dir> [--full] [--sarif-validator <bin>]

Cases:
  huge-function   one function of 50,000 lines with allocations and frees
  many-entries    a compile database of 10,000 entries (all analysed with --full,
                  else every 100th through --shard, which still loads them all)
  deep-templates  recursive template instantiation 400 levels deep
  deep-macros     macros nested 200 levels, expanding to allocations
  duplicates      the same file listed 50 times with different flags
Each case must finish within its time limit, exit as expected, and write SARIF
that parses (and validates, when a validator is given).
"""
import argparse
import json
import os
import subprocess
import sys
import time


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)


def cdb(directory, files, args=()):
    return [{'directory': directory, 'file': f,
             'arguments': ['clang', '-c', f] + list(args)} for f in files]


def huge_function(work):
    d = os.path.join(work, 'huge')
    lines = ['#include <stdlib.h>', 'int huge(int n) {', '  int acc = 0;']
    for i in range(12500):
        lines.append('  { char *p%d = malloc(n + %d);' % (i, i))
        lines.append('    if (p%d) { p%d[0] = (char)%d; acc += p%d[0]; }' % (i, i, i % 100, i))
        lines.append('    free(p%d); }' % i)
        lines.append('  acc ^= %d;' % i)
    lines += ['  return acc;', '}', '']
    write(os.path.join(d, 'huge.c'), '\n'.join(lines))
    return d, cdb(d, ['huge.c']), [0], 120, None


def many_entries(work, full):
    d = os.path.join(work, 'many')
    files = []
    for i in range(10000):
        name = 'src/f%05d.c' % i
        body = ('#include <stdlib.h>\nint f%d(int n) {\n  char *p = malloc(n);\n'
                '  if (!p) return 0;\n  p[0] = 1;\n%s  return n;\n}\n'
                % (i, '' if i % 1000 else '  if (n > 3) return -1;\n'))
        write(os.path.join(d, name), body)
        files.append(name)
    shard = [] if full else ['--shard=1/100']
    return d, cdb(d, files), [1], 3000 if full else 300, shard


def deep_templates(work):
    d = os.path.join(work, 'templates')
    text = '''#include <stdlib.h>
template <int N> struct Depth { static int value() { return Depth<N - 1>::value() + 1; } };
template <> struct Depth<0> { static int value() { return 0; } };
template <int N> int leakAt() { char *p = (char *)malloc(N); return Depth<N>::value(); }
int use() { return leakAt<400>(); }
'''
    write(os.path.join(d, 'deep.cpp'), text)
    return d, cdb(d, ['deep.cpp'], ['-std=c++17', '-ftemplate-depth=1000']), [1], 120, None


def deep_macros(work):
    d = os.path.join(work, 'macros')
    lines = ['#include <stdlib.h>', '#define M0(x) (x)']
    for i in range(1, 200):
        lines.append('#define M%d(x) M%d((x) + 1)' % (i, i - 1))
    lines.append('char *grab(void) { return malloc(M199(1)); }')
    lines.append('void drop(void) { char *p = malloc(M199(2)); (void)p; }')
    write(os.path.join(d, 'macros.c'), '\n'.join(lines) + '\n')
    return d, cdb(d, ['macros.c']), [1], 120, None


def duplicates(work):
    d = os.path.join(work, 'dups')
    write(os.path.join(d, 'dup.c'), '#include <stdlib.h>\nvoid f(void) { char *p = malloc(1); (void)p; }\n')
    entries = []
    for i in range(50):
        entries += cdb(d, ['dup.c'], ['-DVARIANT=%d' % i])
    return d, entries, [1], 120, None


def run_case(name, case, leakhound, validator):
    d, entries, codes, limit, extra = case
    with open(os.path.join(d, 'compile_commands.json'), 'w') as f:
        json.dump(entries, f)
    sarif = os.path.join(d, 'out.sarif')
    cmd = [leakhound, '-p', d, '--quiet', '--format=sarif', '-o', sarif] + (extra or [])
    start = time.time()
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return '%s: FAIL did not finish within %d s' % (name, limit)
    took = time.time() - start
    if r.returncode not in codes:
        return '%s: FAIL exit %d, expected %s\n%s' % (name, r.returncode, codes, r.stderr[-2000:])
    try:
        with open(sarif) as f:
            doc = json.load(f)
        n = len(doc['runs'][0]['results'])
    except Exception as e:  # noqa: BLE001 - any problem is the failure
        return '%s: FAIL SARIF unreadable: %s' % (name, e)
    if validator:
        v = subprocess.run([validator, 'validate', sarif, '--level', 'Error;Warning',
                            '-o', sarif + '.v.json', '--log', 'ForceOverwrite'],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        bad = [l for l in v.stdout.splitlines() if ' error SARIF' in l or ' warning SARIF' in l]
        if bad:
            return '%s: FAIL SARIF invalid: %s' % (name, bad[0])
    return '%s: ok (exit %d, %d results, %.1f s)' % (name, r.returncode, n, took)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--leakhound', required=True)
    ap.add_argument('--work', required=True)
    ap.add_argument('--full', action='store_true')
    ap.add_argument('--sarif-validator')
    ap.add_argument('--only')
    a = ap.parse_args()
    cases = {
        'huge-function': lambda: huge_function(a.work),
        'many-entries': lambda: many_entries(a.work, a.full),
        'deep-templates': lambda: deep_templates(a.work),
        'deep-macros': lambda: deep_macros(a.work),
        'duplicates': lambda: duplicates(a.work),
    }
    failed = False
    for name, make in cases.items():
        if a.only and name != a.only:
            continue
        line = run_case(name, make(), a.leakhound, a.sarif_validator)
        print(line, flush=True)
        failed |= 'FAIL' in line
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
