#!/usr/bin/env python3
"""Writes compile_commands.json for a multi-file test.

usage: mkcdb.py <out-dir> <source>... [-- <compiler args>]
Each source is copied into <out-dir> (keeping only its base name) and gets an
entry `clang -c <file> <args>` with "directory": <out-dir>.
"""
import json
import os
import shutil
import sys

args = sys.argv[1:]
extra = []
if '--' in args:
    i = args.index('--')
    args, extra = args[:i], args[i + 1:]
out, sources = args[0], args[1:]
os.makedirs(out, exist_ok=True)
entries = []
for s in sources:
    name = os.path.basename(s)
    shutil.copyfile(s, os.path.join(out, name))
    compiler = 'clang++' if name.endswith(('.cpp', '.cc', '.cxx')) else 'clang'
    entries.append({'directory': os.path.abspath(out),
                    'file': name,
                    'arguments': [compiler, '-c', name] + extra})
with open(os.path.join(out, 'compile_commands.json'), 'w') as f:
    json.dump(entries, f, indent=1)
