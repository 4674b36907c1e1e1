#!/usr/bin/env python3
"""Runs one leakhound check test through every front-end.

usage: check_leak.py [--driver-only|--plugin-only] [--fixes] [--check-prefix=P]
                     <source> <checks> <tmp>
                     [-config=...] [-- <compiler args>]

The same source, with its CHECK-MESSAGES lines, is analysed by
  1. clang-tidy 19 with the leakhound plugin loaded, and
  2. the leakhound driver,
and each output goes through FileCheck with --implicit-check-not, so an
unexpected warning in either front-end fails the test. --check-prefix
replaces CHECK-MESSAGES (a second RUN line with other options). With --fixes the file is
also fixed by clang-tidy --fix and checked against its CHECK-FIXES lines.
"""
import os
import shutil
import subprocess
import sys


def run(cmd, **kw):
    # LD_BIND_NOW turns a plugin symbol that clang-tidy 19 does not provide
    # into a load error instead of a silent non-run.
    env = dict(os.environ, LD_BIND_NOW='1')
    if kw.pop('plugin', False) and os.environ.get('LEAKHOUND_PLUGIN_PRELOAD'):
        env['LD_PRELOAD'] = os.environ['LEAKHOUND_PLUGIN_PRELOAD']
        env['ASAN_OPTIONS'] = 'detect_leaks=0'
    return subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def filecheck(filecheck_bin, source, prefix, text, label):
    r = subprocess.run([filecheck_bin, source, '--check-prefix=' + prefix,
                        '--implicit-check-not={{warning|error}}:',
                        '--allow-empty', '--dump-input=fail'],
                       input=text, universal_newlines=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        sys.stderr.write('--- %s output ---\n%s\n--- FileCheck ---\n%s\n' %
                         (label, text, r.stdout))
        sys.exit(1)


def main():
    args = sys.argv[1:]
    modes = {'plugin', 'driver'}
    fixes = False
    prefix = 'CHECK-MESSAGES'
    while args and args[0].startswith('--') and args[0] != '--':
        flag = args.pop(0)
        if flag == '--driver-only':
            modes = {'driver'}
        elif flag == '--plugin-only':
            modes = {'plugin'}
        elif flag == '--fixes':
            fixes = True
        elif flag.startswith('--check-prefix='):
            prefix = flag.split('=', 1)[1]
        else:
            sys.exit('check_leak.py: unknown flag ' + flag)
    source, checks, tmp = args[0], args[1], args[2]
    rest = args[3:]
    tool_args, compiler_args = [], []
    if '--' in rest:
        i = rest.index('--')
        tool_args, compiler_args = rest[:i], rest[i + 1:]
    else:
        tool_args = rest

    clang_tidy = os.environ['LEAKHOUND_CLANG_TIDY']
    plugin = os.environ['LEAKHOUND_PLUGIN']
    driver = os.environ['LEAKHOUND_DRIVER']
    filecheck_bin = os.environ['LEAKHOUND_FILECHECK']

    ext = os.path.splitext(source)[1]
    os.makedirs(os.path.dirname(tmp) or '.', exist_ok=True)
    input_copy = tmp + ext
    shutil.copyfile(source, input_copy)
    checks_arg = '-checks=-*,' + checks

    if 'plugin' in modes:
        r = run([clang_tidy, '-load=' + plugin, checks_arg, input_copy] +
                tool_args + ['--'] + compiler_args, plugin=True)
        if 'error while loading' in r.stderr or 'undefined symbol' in r.stderr:
            sys.stderr.write('plugin failed to load:\n' + r.stderr)
            sys.exit(1)
        filecheck(filecheck_bin, source, prefix, r.stdout,
                  'clang-tidy plugin')
    if 'driver' in modes:
        r = run([driver, '--quiet', '-j', '1', checks_arg, input_copy] +
                [a for a in tool_args] + ['--'] + compiler_args)
        # 0 clean, 1 findings, 3 compile errors (a broken-code test).
        if r.returncode not in (0, 1, 3):
            sys.stderr.write('leakhound exited %d\n%s\n%s\n' %
                             (r.returncode, r.stdout, r.stderr))
            sys.exit(1)
        filecheck(filecheck_bin, source, prefix, r.stdout,
                  'leakhound driver')
    if fixes:
        fixed = tmp + '.fixed' + ext
        shutil.copyfile(source, fixed)
        r = run([clang_tidy, '-load=' + plugin, checks_arg, '--fix', fixed] +
                tool_args + ['--'] + compiler_args, plugin=True)
        with open(fixed) as f:
            text = f.read()
        r = subprocess.run([filecheck_bin, source, '--check-prefix=CHECK-FIXES',
                            '--match-full-lines', '--dump-input=fail'],
                           input=text, universal_newlines=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            sys.stderr.write('--- fixed file ---\n%s\n--- FileCheck ---\n%s\n'
                             % (text, r.stdout))
            sys.exit(1)


if __name__ == '__main__':
    main()
