#!/usr/bin/env python3
"""usage: has_bytes.py <file> (+|-)<text>...

Fails unless <file> contains every +<text> and none of the -<text>. <text>
takes Python escapes (\\r, \\x1b), for output that FileCheck's line-based
matching cannot see, such as a line rewritten in place.
"""
import sys

data = open(sys.argv[1], 'rb').read()
ok = True
for arg in sys.argv[2:]:
    want, text = arg[0], arg[1:].encode().decode('unicode_escape').encode('latin-1')
    if want not in '+-':
        sys.exit('has_bytes.py: each expectation starts with + or -: %r' % arg)
    if (text in data) != (want == '+'):
        sys.stderr.write('has_bytes.py: %s %s %r\n' % (
            sys.argv[1], 'lacks' if want == '+' else 'contains', text))
        ok = False
if not ok:
    sys.stderr.write('--- %s ---\n%r\n' % (sys.argv[1], data))
sys.exit(0 if ok else 1)
