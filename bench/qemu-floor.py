#!/usr/bin/python3
# qemu-floor.py: QEMU's own start floor, the time no manager can beat
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   qemu-floor.py TAP RUNS
#
# Starts the guest uvirt's bench starts (TCG, 64 MiB, no disk, a virtio NIC on
# the pre-created tap TAP), the way a manager must: QEMU paused (-S) and
# daemonized, then the QMP greeting, qmp_capabilities and cont. Prints one
# line per run: the milliseconds from spawn to cont's reply. Each guest is
# quit through QMP before the next run.
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def qmp(sock, f, cmd):
    sock.sendall(json.dumps({"execute": cmd}).encode() + b"\n")
    while True:
        line = f.readline()
        if not line:
            raise SystemExit("qemu-floor: QMP closed during %s" % cmd)
        msg = json.loads(line)
        if "return" in msg or "error" in msg:
            return msg


def one(qemu, tap, tmp, n):
    mon = os.path.join(tmp, "mon%d" % n)
    pidfile = os.path.join(tmp, "pid%d" % n)
    argv = [qemu, "-name", "guest=floor%d" % n, "-machine", "pc,usb=off,acpi=off",
            "-accel", "tcg", "-m", "size=65536k", "-smp", "1", "-display", "none",
            "-no-user-config", "-nodefaults",
            "-chardev", "socket,id=mon,path=%s,server=on,wait=off" % mon,
            "-mon", "chardev=mon,mode=control",
            "-netdev", "tap,id=n0,ifname=%s,script=no,downscript=no" % tap,
            "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:fe:00:01",
            "-S", "-daemonize", "-pidfile", pidfile]
    t0 = time.monotonic()
    subprocess.run(argv, check=True, stdin=subprocess.DEVNULL)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(mon)
    f = s.makefile("r")
    json.loads(f.readline())  # greeting
    qmp(s, f, "qmp_capabilities")
    r = qmp(s, f, "cont")
    t1 = time.monotonic()
    if "error" in r:
        raise SystemExit("qemu-floor: cont failed: %r" % r)
    pid = int(open(pidfile).read())  # QEMU removes it when it quits
    qmp(s, f, "quit")
    s.close()
    for _ in range(200):
        try:
            os.kill(pid, 0)
        except OSError:
            break
        time.sleep(0.01)
    return (t1 - t0) * 1000


def main():
    tap, runs = sys.argv[1], int(sys.argv[2])
    qemu = shutil.which("qemu-system-x86_64")
    tmp = tempfile.mkdtemp(prefix="uvt-floor-")
    try:
        for n in range(runs):
            print("%.1f" % one(qemu, tap, tmp, n), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
