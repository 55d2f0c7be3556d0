#!/usr/bin/python3
# start-ms.py: one timed start of a client, measured the way qemu-floor.py measures QEMU
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   start-ms.py DOMAIN CLIENT...
#
# Runs "CLIENT... start DOMAIN" and prints the milliseconds from spawning the
# client to its exit, then "CLIENT... destroy DOMAIN" (not timed). Run inside
# the benchmark's namespace as its uid, like qemu-floor.py: both columns are
# then timed from a process that already runs there, so neither includes what
# entering the namespace and switching uid (ip netns exec, setpriv, env) costs.
import subprocess
import sys
import time


def main():
    dom, client = sys.argv[1], sys.argv[2:]
    t0 = time.monotonic()
    r = subprocess.run(client + ["start", dom], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    t1 = time.monotonic()
    if r.returncode != 0:
        raise SystemExit("start-ms: %s start %s failed: %s" % (client[0], dom, r.stderr.strip()))
    subprocess.run(client + ["destroy", dom], stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, check=True)
    print("%.1f" % ((t1 - t0) * 1000), flush=True)


if __name__ == "__main__":
    main()
