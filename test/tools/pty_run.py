#!/usr/bin/env python3
"""usage: pty_run.py <tty-out> <command>...

Runs the command with its stderr on a pseudo-terminal 100 columns wide
(stdin and stdout as given to this script), writes everything the command
wrote to that terminal into <tty-out>, and exits with the command's code.
Output post-processing is off, so the bytes are the command's own.
"""
import os
import pty
import struct
import subprocess
import sys

try:
    import fcntl
    import termios
except ImportError:  # not a POSIX system
    sys.exit('pty_run.py: no pseudo-terminals here')

out, cmd = sys.argv[1], sys.argv[2:]
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 100, 0, 0))
attrs = termios.tcgetattr(slave)
attrs[1] &= ~termios.OPOST  # no "\n" -> "\r\n"
termios.tcsetattr(slave, termios.TCSANOW, attrs)
proc = subprocess.Popen(cmd, stderr=slave)
os.close(slave)
data = b''
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:  # EIO: every writer has closed the terminal
        break
    if not chunk:
        break
    data += chunk
os.close(master)
with open(out, 'wb') as f:
    f.write(data)
sys.exit(proc.wait())
