#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""e2etest: an unprivileged user boots a real guest through pre-created devices.

Everything happens the way an operator and a user meet uvirt: root creates a
private network namespace with a bridge, a veth pair and the guest's devices
(`ip tuntap add ... user 65534`, `ip link add ... type macvtap`), then uid 65534
runs the built `uvirsh -c qemu:///embed?root=...` inside it. The guest is the
tiny Debian cloud kernel + busybox image of tests/guest/build-guest.sh: its
/init configures its NIC from the kernel command line, pings the peer, and
prints `UVT-GUEST: PING OK` on the serial console the test reads.

Scenarios (issue 6):
  1  unmanaged tap on a bridge: boots, pings the bridge address
  2  unmanaged macvtap on a veth: boots, pings the veth peer's address
  3  both ended by guest power-off, `uvirsh shutdown` (ACPI) and `uvirsh
     destroy`: the device keeps its ifindex, MAC, owner, flags, MTU and master
     (`ip -d -j link show`) and the next boot reuses it
  4  multiqueue unmanaged tap with <driver queues='2'/>: boots, pings, the
     guest sees two queue pairs
  5  as root, a managed tap on the bridge: created, pings, gone after the stop
  6  failures: device missing, tap owned by another uid, macvtap with another
     MAC (and a single-queue tap asked for two queues, a macvtap whose /dev/tapN
     is still root's): `uvirsh start` fails with one error line naming the
     problem, nothing keeps running, the devices are untouched

One PASS/FAIL line per scenario, then "N passed, N failed". Exit 77 (skip) only
when a facility is truly absent (not root, no network namespaces, no
/dev/net/tun, no QEMU).

Usage: e2etest.py --uvirsh PATH --build-guest PATH/build-guest.sh --guest-dir DIR
"""

import argparse
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import uuid

NOBODY = 65534
SETPRIV = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
BRIDGE_NET = ("192.0.2.1", 24)
VETH_NET = ("198.51.100.1", 24)
BOOT_TIMEOUT = 60  # seconds for one guest to boot and report, generous for a busy TCG host

# `ip -d -j link show` keys that change without anybody touching the device: counters and bridge
# port timers (every key ending in _timer). The tun vnet_hdr and multi_queue flags are compared:
# the kernel rewrites them on every TUNSETIFF, and uvirt must ask for what the device has.
VOLATILE_KEYS = {"stats", "stats64"}


class Failure(Exception):
    pass


def run(cmd, check=True, timeout=60, env=None):
    """Run cmd, capture its output; raise Failure with the output when check fails."""
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    if check and p.returncode != 0:
        raise Failure(
            f"{' '.join(cmd)} exited {p.returncode}\n"
            f"stdout: {p.stdout.strip()}\nstderr: {p.stderr.strip()}"
        )
    return p


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(77)


class Env:
    """The namespace, the devices in it, and uvirsh run as a user inside it."""

    def __init__(self, args):
        self.uvirsh = os.path.abspath(args.uvirsh)
        self.ns = f"uvt-e2e-{os.getpid()}"
        self.tmp = tempfile.mkdtemp(prefix="uvt-e2e-")
        os.chmod(self.tmp, 0o755)
        # the user's embed root and the console logs QEMU (running as that user) writes
        self.home = os.path.join(self.tmp, "user")
        os.mkdir(self.home)
        os.chown(self.home, NOBODY, NOBODY)
        self.root_home = os.path.join(self.tmp, "root")
        os.mkdir(self.root_home, 0o700)
        self.uuids = set()
        self.nodes = []  # /dev/tapN nodes this test made
        self.macvtaps = 0
        self.ns_made = False
        self.kernel = None
        self.initrd = None

    def uri(self, as_root=False):
        base = self.root_home if as_root else self.home
        return f"qemu:///embed?root={base}/state"

    def ip(self, *args, check=True):
        return run(["ip", "-n", self.ns] + list(args), check=check)

    def uvirsh_cmd(self, *args, as_root=False):
        cmd = ["ip", "netns", "exec", self.ns]
        if not as_root:
            cmd += SETPRIV
        return cmd + [self.uvirsh, "-c", self.uri(as_root)] + list(args)

    def virsh(self, *args, as_root=False, check=True):
        env = dict(os.environ)
        env.pop("UVIRT_DEFAULT_URI", None)
        if not as_root:
            env["HOME"] = self.home
        return run(self.uvirsh_cmd(*args, as_root=as_root), check=check, env=env)

    # --- setup / teardown -----------------------------------------------------------------

    def setup(self):
        p = run(["ip", "netns", "add", self.ns], check=False)
        if p.returncode != 0:
            skip(f"cannot create a network namespace: {p.stderr.strip()}")
        self.ns_made = True
        self.ip("link", "set", "lo", "up")
        # the host side of the tap scenarios
        self.ip("link", "add", "br0", "type", "bridge", "forward_delay", "0", "stp_state", "0")
        self.ip("addr", "add", f"{BRIDGE_NET[0]}/{BRIDGE_NET[1]}", "dev", "br0")
        self.ip("link", "set", "br0", "up")
        # the macvtap parent and the peer the guest pings through it
        self.ip("link", "add", "vparent", "type", "veth", "peer", "name", "vpeer")
        self.ip("addr", "add", f"{VETH_NET[0]}/{VETH_NET[1]}", "dev", "vpeer")
        self.ip("link", "set", "vparent", "up")
        self.ip("link", "set", "vpeer", "up")

    def teardown(self):
        # stop whatever QEMU of ours is still there, then drop the namespace and its devices
        for pid in self.qemu_pids():
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        for node in self.nodes:
            try:
                os.unlink(node)
            except FileNotFoundError:
                pass
        if self.ns_made:
            run(["ip", "netns", "del", self.ns], check=False)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def qemu_pids(self):
        """QEMU processes started for one of this run's domain UUIDs."""
        pids = []
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open(f"/proc/{d}/cmdline", "rb") as f:
                    args = f.read().split(b"\0")
            except OSError:
                continue
            if any(a.decode(errors="replace") in self.uuids for a in args):
                pids.append(int(d))
        return pids

    # --- devices as an operator makes them -------------------------------------------------

    def add_tap(self, name, user=NOBODY, group=NOBODY, multi_queue=False, vnet_hdr=False,
                master="br0"):
        args = ["tuntap", "add", "mode", "tap"]
        if multi_queue:
            args.append("multi_queue")
        if vnet_hdr:
            args.append("vnet_hdr")
        self.ip(*args, "user", str(user), "group", str(group), "name", name)
        self.ip("link", "set", name, "up")
        if master:
            self.ip("link", "set", name, "master", master)

    def add_macvtap(self, name, mac, parent="vparent", owner=NOBODY):
        # /dev is shared by every network namespace, and so is /dev/tapIFINDEX: an index of our
        # own (from the pid) keeps this node apart from the macvtaps of other namespaces.
        self.macvtaps += 1
        ifindex = 100000 + os.getpid() * 8 + self.macvtaps
        self.ip(
            "link", "add", "link", parent, "name", name, "index", str(ifindex), "address", mac,
            "type", "macvtap", "mode", "bridge",
        )
        self.ip("link", "set", name, "up")
        # /dev/tapN: devtmpfs makes it (root's, 0600) where /dev is one; without udev or
        # devtmpfs, root makes it from sysfs. Either way root gives it to the user.
        node = f"/dev/tap{ifindex}"
        devfile = f"/sys/class/net/{name}/macvtap/tap{ifindex}/dev"
        out = run(["ip", "netns", "exec", self.ns, "cat", devfile]).stdout.strip()
        major, minor = (int(x) for x in out.split(":"))
        try:
            st = os.stat(node)
        except FileNotFoundError:
            os.mknod(node, 0o600 | stat.S_IFCHR, os.makedev(major, minor))
            self.nodes.append(node)
        else:
            if not stat.S_ISCHR(st.st_mode) or st.st_rdev != os.makedev(major, minor):
                raise Failure(f"{node} exists but is not {major}:{minor}")
        os.chown(node, owner, owner)

    def snapshot(self, name):
        """The device as `ip -d -j link show` reports it, less what changes by itself."""
        p = self.ip("-d", "-j", "link", "show", "dev", name, check=False)
        if p.returncode != 0:
            return None
        dev = strip_volatile(json.loads(p.stdout)[0])
        if dev.get("linkinfo", {}).get("info_kind") == "macvtap":
            # a macvtap's character device node is part of what root prepared
            try:
                st = os.stat(f"/dev/tap{dev['ifindex']}")
                dev["node"] = [st.st_uid, st.st_gid, oct(st.st_mode), st.st_rdev]
            except FileNotFoundError:
                dev["node"] = None
        return dev

    def device_names(self):
        return {d["ifname"] for d in json.loads(self.ip("-j", "link", "show").stdout)}

    # --- guests ----------------------------------------------------------------------------

    def domain_xml(self, name, dom_uuid, interface, cmdline, vcpus=1):
        console = self.console_path(name)
        return f"""<domain type='qemu'>
  <name>{name}</name>
  <uuid>{dom_uuid}</uuid>
  <memory unit='MiB'>256</memory>
  <vcpu>{vcpus}</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>{self.kernel}</kernel>
    <initrd>{self.initrd}</initrd>
    <cmdline>console=ttyS0 quiet {cmdline}</cmdline>
  </os>
  <features>
    <acpi/>
  </features>
  <on_poweroff>destroy</on_poweroff>
  <devices>
{interface}
    <serial type='file'>
      <source path='{console}'/>
    </serial>
  </devices>
</domain>
"""

    def console_path(self, name):
        return os.path.join(self.home, f"{name}.console")

    def define(self, name, interface, cmdline, as_root=False, vcpus=1):
        dom_uuid = str(uuid.uuid4())
        self.uuids.add(dom_uuid)
        path = os.path.join(self.home, f"{name}.xml")
        with open(path, "w") as f:
            f.write(self.domain_xml(name, dom_uuid, interface, cmdline, vcpus))
        os.chmod(path, 0o644)
        self.virsh("define", path, as_root=as_root)
        return dom_uuid

    def console(self, name):
        try:
            with open(self.console_path(name), errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def wait_console(self, name, marker, timeout=BOOT_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.console(name)
            if marker in text:
                return text
            if "UVT-GUEST: PING FAILED" in text:
                raise Failure(f"the guest could not ping its peer:\n{text}")
            time.sleep(0.1)
        raise Failure(f"no '{marker}' on the console of {name} in {timeout} s:\n{self.console(name)}")

    def state(self, name, as_root=False):
        return self.virsh("domstate", name, as_root=as_root).stdout.strip()

    def wait_state(self, name, want, as_root=False, timeout=BOOT_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.state(name, as_root)
            if got == want:
                return
            time.sleep(0.1)
        raise Failure(f"{name} is '{got}', not '{want}', after {timeout} s")

    def boot(self, name, ending, as_root=False):
        """Start a defined guest, see it ping, end it by `ending`; return the console text.

        ending: 'poweroff' (the guest powers itself off after the ping), 'shutdown'
        (`uvirsh shutdown`, the ACPI power button) or 'destroy' (`uvirsh destroy`)."""
        try:
            os.unlink(self.console_path(name))
        except FileNotFoundError:
            pass
        t0 = time.monotonic()
        self.virsh("start", name, as_root=as_root)
        text = self.wait_console(name, "UVT-GUEST: PING OK")
        booted = time.monotonic() - t0
        if ending == "poweroff":
            self.wait_console(name, "UVT-GUEST: POWEROFF")
        else:
            self.wait_console(name, "UVT-GUEST: HOLDING")
            if self.state(name, as_root) != "running":
                raise Failure(f"{name} is not running while the guest holds")
            want = 0 if as_root else NOBODY
            for pid in self.qemu_pids():
                owner = os.stat(f"/proc/{pid}").st_uid
                if owner != want:
                    raise Failure(f"QEMU (pid {pid}) runs as uid {owner}, not {want}")
            self.virsh(ending, name, as_root=as_root)
            if ending == "shutdown":
                self.wait_console(name, "UVT-GUEST: POWER BUTTON")
        self.wait_state(name, "shut off", as_root)
        # libvirt's reasons: the guest's own power-off and ACPI shutdown are both a shutdown
        want = "shut off (destroyed)" if ending == "destroy" else "shut off (shutdown)"
        got = self.virsh("domstate", name, "--reason", as_root=as_root).stdout.strip()
        if got != want:
            raise Failure(f"{name} ended by {ending} reads '{got}', not '{want}'")
        self.wait_no_qemu()
        print(f"      {name}: {ending}, ping after {booted:.1f} s")
        return text

    def wait_no_qemu(self, timeout=10):
        deadline = time.monotonic() + timeout
        while self.qemu_pids():
            if time.monotonic() > deadline:
                raise Failure(f"QEMU still running: pids {self.qemu_pids()}")
            time.sleep(0.05)


def strip_volatile(obj):
    if isinstance(obj, dict):
        return {
            k: strip_volatile(v)
            for k, v in obj.items()
            if k not in VOLATILE_KEYS and not k.endswith("_timer")
        }
    if isinstance(obj, list):
        return [strip_volatile(v) for v in obj]
    return obj


def same_device(env, name, before, when):
    after = env.snapshot(name)
    if after is None:
        raise Failure(f"{name} is gone {when}")
    if after != before:
        diff = []
        for k in sorted(set(before) | set(after)):
            if before.get(k) != after.get(k):
                diff.append(f"  {k}: {before.get(k)!r} -> {after.get(k)!r}")
        raise Failure(f"{name} changed {when}:\n" + "\n".join(diff))


def ethernet_iface(dev, mac, queues=0):
    driver = f"\n      <driver queues='{queues}'/>" if queues else ""
    return f"""    <interface type='ethernet'>
      <mac address='{mac}'/>
      <target dev='{dev}' managed='no'/>
      <model type='virtio'/>{driver}
    </interface>"""


# How each device's guests end, in turn; every boot after the first reuses the device.
ENDINGS = ("poweroff", "shutdown", "destroy", "poweroff")


def guest_args(addr, peer, hold=False):
    args = f"uvt.ip={addr} uvt.peer={peer}"
    return args + " uvt.hold=1" if hold else args


# --- scenarios ------------------------------------------------------------------------------


def scenario_tap(env):
    """1 and 3 (tap): boot on a pre-created tap, end it three ways, the tap never changes."""
    env.add_tap("mytap0")
    before = env.snapshot("mytap0")
    peer = BRIDGE_NET[0]
    # the last boot shows the device is reusable after a destroy too
    for i, ending in enumerate(ENDINGS):
        name = f"tap-{i}-{ending}"
        iface = ethernet_iface("mytap0", "52:54:00:e2:00:01")
        env.define(name, iface, guest_args("192.0.2.10/24", peer, hold=ending != "poweroff"))
        env.boot(name, ending)
        same_device(env, "mytap0", before, f"after ending {name} by {ending}")


def scenario_macvtap(env):
    """2 and 3 (macvtap): the same on a macvtap on a veth, pinging the veth's peer."""
    mac = "52:54:00:e2:00:02"
    env.add_macvtap("mymacvtap0", mac)
    before = env.snapshot("mymacvtap0")
    peer = VETH_NET[0]
    for i, ending in enumerate(ENDINGS):
        name = f"macvtap-{i}-{ending}"
        iface = ethernet_iface("mymacvtap0", mac)
        env.define(name, iface, guest_args("198.51.100.10/24", peer, hold=ending != "poweroff"))
        env.boot(name, ending)
        same_device(env, "mymacvtap0", before, f"after ending the guest by {ending}")


def scenario_multiqueue(env):
    """4: a multi_queue vnet_hdr tap and <driver queues='2'/>; the guest sees two queue pairs."""
    env.add_tap("mqtap0", multi_queue=True, vnet_hdr=True)
    before = env.snapshot("mqtap0")
    iface = ethernet_iface("mqtap0", "52:54:00:e2:00:04", queues=2)
    env.define("multiqueue", iface, guest_args("192.0.2.14/24", BRIDGE_NET[0]), vcpus=2)
    text = env.boot("multiqueue", "poweroff")
    if "queues=2" not in text:
        raise Failure(f"the guest does not see 2 queue pairs:\n{text}")
    same_device(env, "mqtap0", before, "after the guest powered off")


def scenario_managed(env):
    """5: root, a managed tap on br0: created for the guest, pings, gone afterwards.

    The guest has a second NIC on a pre-created tap: root may delete any device, so this is
    where only uvirt's own rule keeps an unmanaged device alive."""
    iface = """    <interface type='bridge'>
      <mac address='52:54:00:e2:00:05'/>
      <source bridge='br0'/>
      <target dev='uvtmgd0'/>
      <model type='virtio'/>
    </interface>
""" + ethernet_iface("keeptap0", "52:54:00:e2:00:0a")
    if "uvtmgd0" in env.device_names():
        raise Failure("uvtmgd0 exists before the test")
    env.add_tap("keeptap0", user=0, group=0, master=None)
    keep = env.snapshot("keeptap0")
    env.define("managed", iface, guest_args("192.0.2.15/24", BRIDGE_NET[0], hold=True),
               as_root=True)
    env.virsh("start", "managed", as_root=True)
    env.wait_console("managed", "UVT-GUEST: PING OK")
    dev = env.snapshot("uvtmgd0")
    if dev is None:
        raise Failure("uvtmgd0 does not exist while the guest runs")
    if dev.get("master") != "br0":
        raise Failure(f"uvtmgd0 is not attached to br0: master {dev.get('master')!r}")
    env.virsh("destroy", "managed", as_root=True)
    env.wait_no_qemu()
    deadline = time.monotonic() + 5
    while "uvtmgd0" in env.device_names():
        if time.monotonic() > deadline:
            raise Failure("uvtmgd0 is still there after the guest stopped")
        time.sleep(0.05)
    same_device(env, "keeptap0", keep, "after root's guest was destroyed")


def expect_start_failure(env, name, iface, devname, words):
    """Define name with iface, `uvirsh start` must fail with one error line naming the cause."""
    before = env.snapshot(devname)
    env.define(name, iface, guest_args("192.0.2.16/24", BRIDGE_NET[0]))
    p = env.virsh("start", name, check=False)
    lines = [line for line in p.stderr.splitlines() if line.strip()]
    if p.returncode == 0:
        raise Failure(f"'uvirsh start {name}' succeeded")
    # virsh's form: the command's headline, then the one line that says what is wrong
    reasons = [line for line in lines if not line.startswith(f"error: Failed to start domain")]
    if len(reasons) != 1 or not reasons[0].startswith("error: "):
        raise Failure(f"expected one error line, got:\n{p.stderr}")
    for w in words:
        if w not in reasons[0]:
            raise Failure(f"the error does not mention '{w}': {reasons[0]}")
    if env.state(name) != "shut off":
        raise Failure(f"{name} is '{env.state(name)}' after a failed start")
    env.wait_no_qemu(timeout=2)
    after = env.snapshot(devname)
    if after != before:
        raise Failure(f"{devname} changed by a failed start:\n{before}\n{after}")
    print(f"      {name}: {reasons[0]}")


def scenario_failures(env):
    """6: missing device, tap of another uid, macvtap with another MAC; single-queue tap for
    two queues, macvtap node not given to the user."""
    expect_start_failure(env, "fail-missing", ethernet_iface("nosuch0", "52:54:00:e2:00:06"),
                         "nosuch0", ["nosuch0"])
    if "nosuch0" in env.device_names():
        raise Failure("a failed start created nosuch0")
    env.add_tap("roottap0", user=0, group=0)
    expect_start_failure(env, "fail-owner", ethernet_iface("roottap0", "52:54:00:e2:00:07"),
                         "roottap0", ["roottap0"])
    env.add_macvtap("mvtwrong0", "52:54:00:e2:00:08")
    expect_start_failure(env, "fail-mac", ethernet_iface("mvtwrong0", "52:54:00:e2:00:09"),
                         "mvtwrong0", ["mvtwrong0", "52:54:00:e2:00:08"])
    # and two more an operator easily gets wrong
    env.add_tap("sqtap0")
    expect_start_failure(env, "fail-queues",
                         ethernet_iface("sqtap0", "52:54:00:e2:00:0b", queues=2),
                         "sqtap0", ["sqtap0", "multi_queue"])
    env.add_macvtap("mvtnode0", "52:54:00:e2:00:0c", owner=0)
    node = f"/dev/tap{env.snapshot('mvtnode0')['ifindex']}"
    expect_start_failure(env, "fail-node", ethernet_iface("mvtnode0", "52:54:00:e2:00:0c"),
                         "mvtnode0", [node, "chown"])


SCENARIOS = [
    ("1+3 unmanaged tap on a bridge: ping; power-off, shutdown, destroy keep it; reused",
     scenario_tap),
    ("2+3 unmanaged macvtap on a veth: ping; power-off, shutdown, destroy keep it; reused",
     scenario_macvtap),
    ("4 multiqueue unmanaged tap, 2 queues: ping", scenario_multiqueue),
    ("5 managed tap on a bridge as root: created, ping, gone afterwards; an unmanaged one stays",
     scenario_managed),
    ("6 failures: missing, foreign owner, wrong macvtap MAC, no multi_queue, node not given:"
     " one error, nothing left",
     scenario_failures),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--uvirsh", required=True)
    ap.add_argument("--build-guest", required=True)
    ap.add_argument("--guest-dir", required=True)
    ap.add_argument("scenarios", nargs="*", help="run only scenarios whose title starts so")
    args = ap.parse_args()

    if os.geteuid() != 0:
        skip("the end-to-end suite must run as root (it creates namespaces and devices)")
    if not os.path.exists("/dev/net/tun"):
        skip("/dev/net/tun does not exist")
    if shutil.which("qemu-system-x86_64") is None:
        skip("qemu-system-x86_64 is not installed")
    for tool in ("ip", "setpriv"):
        if shutil.which(tool) is None:
            skip(f"'{tool}' is not installed")

    tun_mode = stat.S_IMODE(os.stat("/dev/net/tun").st_mode)
    if tun_mode & 0o006 != 0o006:
        # Debian's udev rules make it 0666; containers often leave it 0600.
        os.chmod("/dev/net/tun", 0o666)
        print(f"note: /dev/net/tun was {tun_mode:04o}; made it 0666 (Debian's usual) "
              f"so uid {NOBODY} can attach to its tap")

    # meson's timeout sends SIGTERM: unwind through the finally below all the same
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(1))

    try:
        out = run([args.build_guest, args.guest_dir], timeout=300).stdout.split()
    except Failure as e:
        print(f"FAIL: cannot build the test guest:\n{e}")
        return 1
    env = Env(args)
    env.kernel, env.initrd = out[0], out[1]

    passed = failed = 0
    try:
        env.setup()
        for title, fn in SCENARIOS:
            if args.scenarios and not any(title.startswith(s) for s in args.scenarios):
                continue
            t0 = time.monotonic()
            try:
                fn(env)
            except (Failure, subprocess.TimeoutExpired) as e:
                failed += 1
                print(f"FAIL {title} ({time.monotonic() - t0:.1f} s)")
                for line in str(e).rstrip().splitlines():
                    print(f"      {line}")
            else:
                passed += 1
                print(f"PASS {title} ({time.monotonic() - t0:.1f} s)")
            sys.stdout.flush()
    finally:
        env.teardown()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
