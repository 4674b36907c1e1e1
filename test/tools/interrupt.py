#!/usr/bin/env python3
"""usage: interrupt.py <seconds> <command>...: starts the command, sends it
SIGTERM after <seconds>, and expects it to exit within 10 s, non-zero."""
import signal
import subprocess
import sys
import time

p = subprocess.Popen(sys.argv[2:])
time.sleep(float(sys.argv[1]))
p.send_signal(signal.SIGTERM)
try:
    rc = p.wait(timeout=10)
except subprocess.TimeoutExpired:
    p.kill()
    sys.exit('interrupt.py: the command did not stop within 10 s of SIGTERM')
if rc == 0:
    sys.exit('interrupt.py: the command exited 0 after SIGTERM')
