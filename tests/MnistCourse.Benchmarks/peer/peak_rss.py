"""Runs a command and prints its peak resident memory (the kernel's high-water mark, KiB) on stdout.

  /usr/bin/python3 peak_rss.py COMMAND [ARG...]

The command's own output goes to stderr. wait4 reports the peak of that one child (and of whatever it waited
for), read after it exits: polling /proc/PID/status would miss a peak in its last moments, and the benchmark's
own getrusage(RUSAGE_CHILDREN) would mix in the PyTorch peer.
"""
import os
import subprocess
import sys

child = subprocess.Popen(sys.argv[1:], stdout=sys.stderr)
_, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)  # reaped here; stops Popen from waiting again
print(usage.ru_maxrss, flush=True)
sys.exit(child.returncode)
