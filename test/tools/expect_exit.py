#!/usr/bin/env python3
"""usage: expect_exit.py <code> <command>...: runs the command, passes its
stdout and stderr through, and fails unless it exits with <code>."""
import subprocess
import sys

want = int(sys.argv[1])
r = subprocess.run(sys.argv[2:])
if r.returncode != want:
    sys.stderr.write('expect_exit: %r exited %d, expected %d\n'
                     % (sys.argv[2:], r.returncode, want))
    sys.exit(1)
