#!/usr/bin/python3
# remoteclienttest.py: Debian's own virsh and python3-libvirt against uvirtd
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   remoteclienttest.py UVIRTD fake    uvirtd over the in-memory driver: every
#                                      virsh command, the python API, protocol abuse
#   remoteclienttest.py UVIRTD qemu    uvirtd over qemu:///embed in a private
#                                      network namespace with an unmanaged tap:
#                                      real QEMU guests started and stopped
#
# As root, the daemon and the clients run as uid 65534 (setpriv) and root
# plays the stranger whose connection must be refused.
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

NOBODY = 65534
SETPRIV = ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"]
PYTHON = "/usr/bin/python3"
REMOTE_PROGRAM = 0x20008086

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, flush=True)


def check(cond, msg):
    if cond:
        print("ok: " + msg, flush=True)
    else:
        fail(msg)
    return cond


def skip(reason):
    print("SKIP: " + reason)
    sys.exit(77)


class Env:
    def __init__(self, uvirtd, backend):
        self.uvirtd = os.path.abspath(uvirtd)
        self.backend = backend
        self.root = os.geteuid() == 0
        self.tmp = tempfile.mkdtemp(prefix="uvt-remote-")
        os.chmod(self.tmp, 0o755)
        self.sockdir = os.path.join(self.tmp, "run")
        self.sock = os.path.join(self.sockdir, "uvirtd-sock")
        self.home = os.path.join(self.tmp, "home")
        self.state = os.path.join(self.tmp, "state")
        for d in (self.home, self.state):
            os.mkdir(d)
        if self.root:
            for d in (self.tmp, self.home, self.state):
                os.chown(d, NOBODY, NOBODY)
        self.uri = "qemu+unix:///session?socket=" + self.sock
        self.netns = None
        self.tun_mode = None
        self.daemon = None
        self.log = os.path.join(self.tmp, "uvirtd.log")

    def as_user(self, argv):
        return (SETPRIV + argv) if self.root else argv

    def env(self):
        e = dict(os.environ)
        e["HOME"] = self.home
        e["XDG_RUNTIME_DIR"] = self.home
        e["XDG_CONFIG_HOME"] = os.path.join(self.home, ".config")
        e["XDG_CACHE_HOME"] = os.path.join(self.home, ".cache")
        e.pop("LIBVIRT_DEFAULT_URI", None)
        e["LC_ALL"] = "C"
        return e

    def start_daemon(self, extra=()):
        backing = "fake://" if self.backend == "fake" else "qemu:///embed?root=" + self.state
        argv = self.as_user([self.uvirtd, "--uri", backing, "--socket", self.sock, "-v"])
        argv += list(extra)
        if self.netns:
            argv = ["ip", "netns", "exec", self.netns] + argv
        env = self.env()
        # one malloc arena: the abuse test reads the daemon's address space size
        env["MALLOC_ARENA_MAX"] = "1"
        self.daemon = subprocess.Popen(argv, stdout=open(self.log, "ab"),
                                       stderr=subprocess.STDOUT, env=env)
        for _ in range(200):
            if os.path.exists(self.sock):
                return True
            if self.daemon.poll() is not None:
                break
            time.sleep(0.02)
        print(open(self.log).read())
        return False

    def stop_daemon(self):
        if self.daemon and self.daemon.poll() is None:
            self.daemon.send_signal(signal.SIGTERM)
            try:
                return self.daemon.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.daemon.kill()
                self.daemon.wait()
                return None
        return self.daemon.returncode if self.daemon else None

    def alive(self):
        # kill(0) rather than poll(): also right in a forked child
        try:
            os.kill(self.daemon.pid, 0)
            return True
        except OSError:
            return False

    def virsh(self, *args, stdin=None):
        p = subprocess.run(self.as_user(["virsh", "-c", self.uri] + list(args)),
                           capture_output=True, text=True, env=self.env(), timeout=60,
                           input=stdin)
        return p.returncode, p.stdout, p.stderr

    def virsh_full(self, *args):
        p = subprocess.run(self.as_user(["virsh", "-c", self.uri] + list(args)),
                           capture_output=True, text=True, env=self.env(), timeout=60)
        return p.returncode, p.stdout, p.stderr

    def kill_guests(self):
        """QEMU processes this run started (their command line names our state dir)."""
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                cmd = open("/proc/%s/cmdline" % pid, "rb").read()
            except OSError:
                continue
            if b"qemu" in cmd and self.state.encode() in cmd:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except OSError:
                    pass

    def cleanup(self):
        self.stop_daemon()
        if self.backend == "qemu":
            self.kill_guests()
        if self.netns:
            subprocess.run(["ip", "netns", "del", self.netns], stderr=subprocess.DEVNULL)
        if self.tun_mode is not None:
            os.chmod("/dev/net/tun", self.tun_mode)
        shutil.rmtree(self.tmp, ignore_errors=True)


def domain_xml(name, uuid, iface=None, extra=""):
    nic = ""
    if iface:
        nic = ("<interface type='ethernet'><mac address='52:54:00:12:34:56'/>"
               "<target dev='%s' managed='no'/><model type='virtio'/></interface>" % iface)
    return """<domain type='qemu'>
  <name>%s</name>
  <uuid>%s</uuid>
  <memory unit='KiB'>65536</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>%s%s</devices>
</domain>
""" % (name, uuid, nic, extra)


# ---- virsh ----------------------------------------------------------------

def layout_of(text):
    """The header line of a virsh table, to compare layouts."""
    return [l.split() for l in text.splitlines() if l.strip()][:1]


def test_virsh(env, iface):
    U1 = "6f1b4c3e-0d1a-4b8e-9a51-2c7d9e0f1a01"
    xml = os.path.join(env.tmp, "g1.xml")
    with open(xml, "w") as f:
        f.write(domain_xml("g1", U1, iface))
    os.chmod(xml, 0o644)

    rc, out, err = env.virsh("version")
    check(rc == 0 and "Using API: QEMU" in out and "Running hypervisor: QEMU" in out,
          "virsh version: %r %r" % (out, err))
    rc, out, err = env.virsh("hostname")
    check(rc == 0 and out.strip() == socket.gethostname(), "virsh hostname: %r" % out)

    rc, out, err = env.virsh("nodeinfo")
    check(rc == 0 and "CPU model:" in out and "Memory size:" in out, "virsh nodeinfo: %r" % err)
    rc, out, err = env.virsh("capabilities")
    check(rc == 0 and "<os_type>hvm</os_type>" in out and "<domain type='qemu'/>" in out,
          "virsh capabilities: %r" % err)

    for cmd in ("net-list", "pool-list"):
        rc, out, err = env.virsh(cmd, "--all")
        check(rc == 0 and len([l for l in out.splitlines() if l.strip()]) == 2,
              "virsh %s: an empty table: %r %r" % (cmd, out, err))

    rc, out, err = env.virsh("define", xml)
    check(rc == 0 and "Domain 'g1' defined from" in out, "virsh define: %r %r" % (out, err))

    # The list table as libvirt's own test driver lays it out.
    p = subprocess.run(["virsh", "-c", "test:///default", "list", "--all"],
                       capture_output=True, text=True, env=env.env())
    rc, out, err = env.virsh_full("list", "--all")
    lines = out.splitlines()
    check(rc == 0 and layout_of(out) == layout_of(p.stdout) and
          lines[1].startswith("-----") and lines[2].split() == ["-", "g1", "shut", "off"],
          "virsh list --all: %r" % out)
    rc, out, err = env.virsh("list", "--inactive", "--name")
    check(rc == 0 and out.split() == ["g1"], "virsh list --inactive --name: %r" % out)
    rc, out, err = env.virsh("list", "--uuid", "--all")
    check(rc == 0 and out.split() == [U1], "virsh list --all --uuid: %r" % out)
    rc, out, err = env.virsh("domstate", "g1", "--reason")
    check(rc == 0 and out.strip().startswith("shut off"), "virsh domstate --reason: %r" % out)

    t0 = time.monotonic()
    rc, out, err = env.virsh("start", "g1")
    check(rc == 0 and "Domain 'g1' started" in out, "virsh start (%.2fs): %r %r" %
          (time.monotonic() - t0, out, err))
    rc, out, err = env.virsh_full("list")
    row = out.splitlines()[2].split() if rc == 0 and len(out.splitlines()) > 2 else []
    check(len(row) == 3 and row[0].isdigit() and row[1:] == ["g1", "running"],
          "virsh list: %r" % out)
    domid = row[0] if row else "0"
    rc, out, err = env.virsh("domstate", "g1", "--reason")
    check(rc == 0 and out.strip() == "running (booted)", "virsh domstate --reason: %r" % out)
    rc, out, err = env.virsh("dominfo", "g1")
    fields = dict((l.split(":", 1)[0], l.split(":", 1)[1].strip())
                  for l in out.splitlines() if ":" in l)
    ref = subprocess.run(["virsh", "-c", "test:///default", "dominfo", "test"],
                         capture_output=True, text=True, env=env.env()).stdout
    ref_fields = [l.split(":", 1)[0] for l in ref.splitlines() if ":" in l]
    # libvirt without a security driver says "none" and "0", and shows no label
    want = [f for f in ref_fields if f != "Security label"]
    check(rc == 0 and list(fields) == want and fields["Name"] == "g1" and
          fields["UUID"] == U1 and fields["State"] == "running" and
          fields["OS Type"] == "hvm" and fields["Max memory"] == "65536 KiB" and
          fields["Persistent"] == "yes" and fields["Autostart"] == "disable" and
          fields["Id"] == domid and fields["Security model"] == "none" and
          fields["Security DOI"] == "0",
          "virsh dominfo: %r" % out)
    rc, out, err = env.virsh("domid", "g1")
    check(rc == 0 and out.strip() == domid, "virsh domid: %r" % out)
    rc, out, err = env.virsh("domname", domid)
    check(rc == 0 and out.strip() == "g1", "virsh domname: %r" % out)
    rc, out, err = env.virsh("domuuid", "g1")
    check(rc == 0 and out.strip() == U1, "virsh domuuid: %r" % out)
    rc, out, err = env.virsh("domname", U1)
    check(rc == 0 and out.strip() == "g1", "virsh domname UUID: %r" % out)
    rc, out, err = env.virsh("dumpxml", "g1")
    check(rc == 0 and "<name>g1</name>" in out and U1 in out, "virsh dumpxml")
    rc, out, err = env.virsh("dumpxml", "--inactive", "g1")
    check(rc == 0 and "<name>g1</name>" in out, "virsh dumpxml --inactive")
    if iface:
        rc, out, err = env.virsh("domiflist", "g1")
        rows = [l.split() for l in out.splitlines()[2:] if l.strip()]
        check(rc == 0 and rows == [[iface, "ethernet", "-", "virtio", "52:54:00:12:34:56"]],
              "virsh domiflist: %r %r" % (out, err))
    # virsh -r: reading works, changing is refused
    p = subprocess.run(env.as_user(["virsh", "-r", "-c", env.uri, "domstate", "g1"]),
                       capture_output=True, text=True, env=env.env(), timeout=60)
    check(p.returncode == 0 and p.stdout.strip() == "running", "virsh -r domstate: %r" % p.stderr)
    p = subprocess.run(env.as_user(["virsh", "-r", "-c", env.uri, "destroy", "g1"]),
                       capture_output=True, text=True, env=env.env(), timeout=60)
    check(p.returncode != 0 and "read only" in p.stderr, "virsh -r destroy refused: %r" % p.stderr)
    rc, out, err = env.virsh("suspend", "g1")
    check(rc == 0 and "Domain 'g1' suspended" in out, "virsh suspend: %r %r" % (out, err))
    rc, out, err = env.virsh("domstate", "g1")
    check(rc == 0 and out.strip() == "paused", "virsh domstate paused: %r" % out)
    rc, out, err = env.virsh("resume", "g1")
    check(rc == 0 and "Domain 'g1' resumed" in out, "virsh resume: %r %r" % (out, err))
    rc, out, err = env.virsh("domstate", "g1")
    check(rc == 0 and out.strip() == "running", "virsh domstate running: %r" % out)
    rc, out, err = env.virsh("autostart", "g1")
    check(rc == 0 and "Domain 'g1' marked as autostarted" in out, "virsh autostart: %r" % out)
    rc, out, err = env.virsh("dominfo", "g1")
    check(rc == 0 and "Autostart:      enable" in out, "dominfo shows autostart")
    rc, out, err = env.virsh("autostart", "--disable", "g1")
    check(rc == 0 and "unmarked as autostarted" in out, "virsh autostart --disable: %r" % out)
    rc, out, err = env.virsh("reboot", "g1")
    check(rc == 0 and "Domain 'g1' is being rebooted" in out, "virsh reboot: %r %r" % (out, err))
    rc, out, err = env.virsh("start", "g1")
    check(rc != 0 and err.startswith("error: ") and ("Failed to start domain" in err or
                                                       "Domain is already active" in err),
          "virsh start of a running domain is refused: %r" % err)
    rc, out, err = env.virsh("destroy", "g1")
    check(rc == 0 and "Domain 'g1' destroyed" in out, "virsh destroy: %r %r" % (out, err))
    rc, out, err = env.virsh("domstate", "g1", "--reason")
    # libvirt says "(destroyed)"; a driver that does not track the reason says "(unknown)"
    check(rc == 0 and out.strip() in ("shut off (destroyed)", "shut off (unknown)"),
          "domstate after destroy: %r" % out)
    rc, out, err = env.virsh("destroy", "g1")
    check(rc != 0 and "error: " in err, "virsh destroy of an inactive domain fails: %r" % err)
    rc, out, err = env.virsh("dominfo", "nosuch")
    check(rc != 0 and "error: failed to get domain 'nosuch'" in err, "virsh on a missing domain")
    rc, out, err = env.virsh("undefine", "g1")
    check(rc == 0 and "Domain 'g1' has been undefined" in out, "virsh undefine: %r %r" %
          (out, err))
    rc, out, err = env.virsh("list", "--all", "--name")
    check(rc == 0 and out.strip() == "", "list is empty again: %r" % out)

    # create: a transient domain
    xml2 = os.path.join(env.tmp, "t1.xml")
    with open(xml2, "w") as f:
        f.write(domain_xml("t1", "6f1b4c3e-0d1a-4b8e-9a51-2c7d9e0f1a02"))
    os.chmod(xml2, 0o644)
    rc, out, err = env.virsh("create", xml2)
    check(rc == 0 and "Domain 't1' created from" in out, "virsh create: %r %r" % (out, err))
    rc, out, err = env.virsh("dominfo", "t1")
    check(rc == 0 and "Persistent:     no" in out, "transient domain is not persistent")
    rc, out, err = env.virsh("shutdown", "t1")
    check(rc == 0 and "Domain 't1' is being shutdown" in out, "virsh shutdown: %r %r" %
          (out, err))
    rc, out, err = env.virsh("destroy", "t1")
    for _ in range(100):
        rc, out, err = env.virsh("list", "--all", "--name")
        if out.strip() == "":
            break
        time.sleep(0.1)
    check(out.strip() == "", "transient domain gone after it stopped: %r" % out)

    rc, out, err = env.virsh("define", "/dev/null")
    check(rc != 0 and err.startswith("error: "), "virsh define of an empty file fails: %r" % err)


# ---- python3-libvirt ---------------------------------------------------------

PY_CLIENT = r'''
import sys, libvirt
uri, xml = sys.argv[1], open(sys.argv[2]).read()
libvirt.registerErrorHandler(lambda ctx, err: None, None)
c = libvirt.open(uri)
assert c.getType() == "QEMU", c.getType()
assert c.getVersion() > 0
assert c.getLibVersion() >= 0
assert c.getHostname()
d = c.defineXML(xml)
d = c.lookupByName("py1")
assert d.ID() == -1, d.ID()
assert d.state() == [5, 0], d.state()
assert d.isPersistent() == 1 and d.isActive() == 0
d.create()
d = c.lookupByName("py1")
assert d.ID() > 0, d.ID()
assert d.state()[0] == libvirt.VIR_DOMAIN_RUNNING, d.state()
info = d.info()
assert info[0] == 1 and info[1] == 65536 and info[3] == 1, info
xml_now = d.XMLDesc(0)
assert "<name>py1</name>" in xml_now
if len(sys.argv) > 3:
    assert "dev='%s'" % sys.argv[3] in xml_now, xml_now
assert c.lookupByUUIDString(d.UUIDString()).name() == "py1"
assert c.lookupByID(d.ID()).name() == "py1"
names = [x.name() for x in c.listAllDomains()]
assert names == ["py1"], names
assert [x.name() for x in c.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_INACTIVE)] == []
assert c.numOfDomains() == 1 and c.listDomainsID() == [d.ID()]
d.destroy()
assert d.state()[0] == 5, d.state()
assert c.listDefinedDomains() == ["py1"]
d.undefine()
try:
    c.lookupByName("py1")
    raise SystemExit("lookup after undefine succeeded")
except libvirt.libvirtError as e:
    assert e.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN, e.get_error_code()
    assert "py1" in str(e), str(e)
assert c.listAllDomains() == []
c.close()
print("python: all calls passed")
'''


PY_EVENTS = r'''
import sys, threading, time, libvirt
libvirt.registerErrorHandler(lambda ctx, err: None, None)
libvirt.virEventRegisterDefaultImpl()
def loop():
    while True:
        libvirt.virEventRunDefaultImpl()
threading.Thread(target=loop, daemon=True).start()
got = []
c = libvirt.open(sys.argv[1])
cb = c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
        lambda conn, dom, ev, det, opaque: got.append((dom.name(), ev, det)), None)
d = c.defineXML(open(sys.argv[2]).read())
d.create(); d.suspend(); d.resume(); d.destroy(); d.undefine()
t = time.time()
while len(got) < 6 and time.time() - t < 10:
    time.sleep(0.05)
types = [e[1] for e in got]
assert types == [0, 2, 3, 4, 5, 1], got
assert all(e[0] == "ev1" for e in got), got
c.domainEventDeregisterAny(cb)
try:
    c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_REBOOT, lambda *a: None, None)
    raise SystemExit("reboot events should be refused")
except libvirt.libvirtError as e:
    assert "lifecycle" in str(e), str(e)
c.close()
print("events: defined started suspended resumed stopped undefined")
'''


PY_LISTEN = r'''
import sys, threading, time, libvirt
libvirt.registerErrorHandler(lambda ctx, err: None, None)
libvirt.virEventRegisterDefaultImpl()
def loop():
    while True:
        libvirt.virEventRunDefaultImpl()
threading.Thread(target=loop, daemon=True).start()
got = []
c = libvirt.open(sys.argv[1])
c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
        lambda conn, dom, ev, det, opaque: got.append((dom.name(), ev)), None)
print("READY", flush=True)
t = time.time()
while len(got) < 4 and time.time() - t < 20:
    time.sleep(0.05)
print(got, flush=True)
'''


def test_events_outside(env, uvirsh):
    """Changes made by uvirsh embedded on the daemon's own URI reach listeners too."""
    script = os.path.join(env.tmp, "listen.py")
    xml = os.path.join(env.tmp, "ev2.xml")
    with open(script, "w") as f:
        f.write(PY_LISTEN)
    with open(xml, "w") as f:
        f.write(domain_xml("ev2", "6f1b4c3e-0d1a-4b8e-9a51-2c7d9e0f1a09"))
    os.chmod(xml, 0o644)
    os.chmod(script, 0o644)
    listener = subprocess.Popen(env.as_user([PYTHON, script, env.uri]), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=env.env())
    ready = listener.stdout.readline()
    embed = "qemu:///embed?root=" + env.state
    for cmd in (["define", xml], ["start", "ev2"], ["destroy", "ev2"], ["undefine", "ev2"]):
        subprocess.run(env.as_user([uvirsh, "-c", embed] + cmd), capture_output=True,
                       env=env.env(), timeout=60)
        time.sleep(1.5)  # one poll interval, so no change hides another
    out, err = listener.communicate(timeout=60)
    check("READY" in ready and "('ev2', 0), ('ev2', 2), ('ev2', 5), ('ev2', 1)" in out,
          "events for changes made outside uvirtd: %r %r" % (out.strip(), err.strip()[-300:]))


def test_virsh_event(env):
    """virsh event --loop prints the lifecycle events of calls made by another virsh."""
    xml = os.path.join(env.tmp, "ev3.xml")
    with open(xml, "w") as f:
        f.write(domain_xml("ev3", "6f1b4c3e-0d1a-4b8e-9a51-2c7d9e0f1a0a"))
    os.chmod(xml, 0o644)
    watcher = subprocess.Popen(env.as_user(["virsh", "-c", env.uri, "event", "--event",
                                            "lifecycle", "--loop", "--timeout", "3"]),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env.env())
    time.sleep(1)
    for cmd in (["define", xml], ["start", "ev3"], ["destroy", "ev3"], ["undefine", "ev3"]):
        env.virsh(*cmd)
    out, err = watcher.communicate(timeout=30)
    want = ["Defined Added", "Started Booted", "Stopped", "Undefined Removed"]
    lines = [l for l in out.splitlines() if "for domain 'ev3'" in l]
    check(len(lines) == 4 and all(w in l for w, l in zip(want, lines)),
          "virsh event --loop: %r %r" % (out, err))


def test_events(env):
    """python3-libvirt with an event loop receives lifecycle events through uvirtd."""
    script = os.path.join(env.tmp, "events.py")
    xml = os.path.join(env.tmp, "ev1.xml")
    with open(script, "w") as f:
        f.write(PY_EVENTS)
    with open(xml, "w") as f:
        f.write(domain_xml("ev1", "6f1b4c3e-0d1a-4b8e-9a51-2c7d9e0f1a08"))
    os.chmod(xml, 0o644)
    os.chmod(script, 0o644)
    p = subprocess.run(env.as_user([PYTHON, script, env.uri, xml]), capture_output=True,
                       text=True, env=env.env(), timeout=120)
    check(p.returncode == 0 and "events:" in p.stdout,
          "lifecycle events: %s %s" % (p.stdout.strip(), p.stderr.strip()[-800:]))


def test_python(env, iface):
    script = os.path.join(env.tmp, "client.py")
    xml = os.path.join(env.tmp, "py1.xml")
    with open(script, "w") as f:
        f.write(PY_CLIENT)
    with open(xml, "w") as f:
        f.write(domain_xml("py1", "6f1b4c3e-0d1a-4b8e-9a51-2c7d9e0f1a03", iface))
    os.chmod(xml, 0o644)
    os.chmod(script, 0o644)
    p = subprocess.run(env.as_user([PYTHON, script, env.uri, xml] + ([iface] if iface else [])),
                       capture_output=True,
                       text=True, env=env.env(), timeout=120)
    check(p.returncode == 0 and "all calls passed" in p.stdout,
          "python3-libvirt: %s %s" % (p.stdout.strip(), p.stderr.strip()[-800:]))


# ---- protocol abuse ----------------------------------------------------------

def frame(prog, vers, proc, typ, serial, status, payload=b""):
    body = struct.pack(">IIiiIi", prog, vers, proc, typ, serial, status) + payload
    return struct.pack(">I", len(body) + 4) + body


def recv_msg(s):
    def exact(n):
        b = b""
        while len(b) < n:
            chunk = s.recv(n - len(b))
            if not chunk:
                return None
            b += chunk
        return b
    head = exact(4)
    if head is None:
        return None
    (n,) = struct.unpack(">I", head)
    return exact(n - 4)


def connect_raw(env):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(env.sock)
    return s


def closed_by_peer(s):
    try:
        return s.recv(1) == b""
    except ConnectionResetError:
        return True  # closed with our unread bytes still queued
    except socket.timeout:
        return False


def open_raw(env, events=False):
    """A raw connection after CONNECT_OPEN, registered for lifecycle events if asked."""
    s = connect_raw(env)
    s.sendall(frame(REMOTE_PROGRAM, 1, 1, 0, 0, 0, struct.pack(">II", 0, 0)))
    recv_msg(s)
    if events:
        s.sendall(frame(REMOTE_PROGRAM, 1, 167, 0, 1, 0, struct.pack(">i", 0)))
        recv_msg(s)
    return s


def define_undefine(env, xml, count):
    """Define and undefine @xml @count times; (pairs done, slowest pair in s)."""
    s = open_raw(env)
    xml = xml.encode()
    xml = struct.pack(">I", len(xml)) + xml + b"\0" * (-len(xml) % 4)
    slowest, pairs = 0.0, 0
    try:
        for serial in range(2, 2 + 2 * count, 2):
            t = time.monotonic()
            s.sendall(frame(REMOTE_PROGRAM, 1, 11, 0, serial, 0, xml))
            dom = recv_msg(s)[24:]
            s.sendall(frame(REMOTE_PROGRAM, 1, 35, 0, serial + 1, 0, dom))
            recv_msg(s)
            slowest = max(slowest, time.monotonic() - t)
            pairs += 1
    except socket.timeout:
        slowest = float("inf")
    s.close()
    return pairs, slowest


def serving(env):
    """The daemon still answers a fresh client with a full round trip."""
    try:
        s = connect_raw(env)
        s.sendall(frame(REMOTE_PROGRAM, 1, 66, 0, 7, 0))
        m = recv_msg(s)
        s.close()
        return m is not None and struct.unpack(">IIiiIi", m[:24])[5] == 0 and env.alive()
    except OSError:
        return False


def abuse_case(env, name, data, expect_close=True):
    s = connect_raw(env)
    if callable(data):
        data(s)
    else:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
    if expect_close:
        check(closed_by_peer(s), "abuse %s: connection closed" % name)
    s.close()
    check(serving(env), "abuse %s: daemon still serving" % name)


def run_as_nobody(env, fn):
    """Run fn in a child process as uid 65534 (the daemon's uid) and return its success."""
    before = len(failures)
    pid = os.fork()
    if pid == 0:
        try:
            if env.root:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            fn()
            os._exit(0 if len(failures) == before else 1)
        except BaseException as e:  # noqa
            print("FAIL: %s" % e)
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        fail("abuse tests (child) failed")


def test_abuse(env):
    def cases():
        abuse_case(env, "garbage", b"\xde\xad\xbe\xef" + os.urandom(124))
        abuse_case(env, "text garbage", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        abuse_case(env, "length 0", struct.pack(">I", 0))
        abuse_case(env, "length 27", struct.pack(">I", 27) + b"\0" * 23)
        abuse_case(env, "length 2^31", struct.pack(">I", 1 << 31) + b"\0" * 100)
        abuse_case(env, "length 32 MiB + 1", struct.pack(">I", 32 * 1024 * 1024 + 1))

        def truncated_header(s):
            s.sendall(struct.pack(">I", 40) + b"\x20\x00\x80\x86\0\0")
            s.shutdown(socket.SHUT_WR)
        abuse_case(env, "truncated header", truncated_header)

        def truncated_length(s):
            s.sendall(b"\0\0")
            s.shutdown(socket.SHUT_WR)
        abuse_case(env, "truncated length", truncated_length)

        abuse_case(env, "reply sent to the server", frame(REMOTE_PROGRAM, 1, 1, 1, 0, 0))

        # Well-framed but unknown: an error reply, and the connection keeps working.
        for name, msg, code in (
            ("unknown program", frame(0x12345678, 1, 1, 0, 5, 0), 39),
            ("unknown version", frame(REMOTE_PROGRAM, 9, 1, 0, 5, 0), 39),
            ("unknown procedure", frame(REMOTE_PROGRAM, 1, 99999, 0, 5, 0), 39),
            ("negative procedure", frame(REMOTE_PROGRAM, 1, -3, 0, 5, 0), 39),
            ("bad arguments", frame(REMOTE_PROGRAM, 1, 60, 0, 5, 0, b"\0\0"), 39),
            ("call before open", frame(REMOTE_PROGRAM, 1, 273, 0, 5, 0, b"\0" * 8), 1),
            ("huge string", frame(REMOTE_PROGRAM, 1, 1, 0, 5, 0,
                                  struct.pack(">II", 1, 64 * 1024 * 1024) + b"x" * 64), 39),
        ):
            s = connect_raw(env)
            s.sendall(msg)
            m = recv_msg(s)
            ok = m is not None
            if ok:
                hdr = struct.unpack(">IIiiIi", m[:24])
                ecode = struct.unpack(">i", m[24:28])[0]
                ok = hdr[3] == 1 and hdr[4] == 5 and hdr[5] == 1 and ecode == code
            check(ok, "abuse %s: error reply with code %d" % (name, code))
            s.sendall(frame(REMOTE_PROGRAM, 1, 66, 0, 6, 0))
            m = recv_msg(s)
            check(m is not None and struct.unpack(">IIiiIi", m[:24])[5] == 0,
                  "abuse %s: same connection still served" % name)
            s.close()

        # flags uvirtd does not know: refused, naming the procedure
        s = connect_raw(env)
        s.sendall(frame(REMOTE_PROGRAM, 1, 1, 0, 1, 0, struct.pack(">II", 0, 0)))
        recv_msg(s)
        s.sendall(frame(REMOTE_PROGRAM, 1, 273, 0, 2, 0, struct.pack(">iI", 1, 0x10000)))
        m = recv_msg(s)
        check(m is not None and struct.unpack(">i", m[24:28])[0] == 8 and
              b"unsupported flags (0x10000) in procedure CONNECT_LIST_ALL_DOMAINS" in m,
              "unknown list flags: INVALID_ARG naming the procedure: %r" % (m or b"")[36:110])
        s.close()

        # a read-only connection is refused changes by the daemon itself
        s = connect_raw(env)
        s.sendall(frame(REMOTE_PROGRAM, 1, 1, 0, 1, 0, struct.pack(">II", 0, 1)))  # name NULL, RO
        opened = recv_msg(s)
        dom = struct.pack(">I", 2) + b"g1\0\0" + b"\x11" * 16 + struct.pack(">i", -1)
        s.sendall(frame(REMOTE_PROGRAM, 1, 12, 0, 2, 0, dom))
        m = recv_msg(s)
        check(opened is not None and m is not None and struct.unpack(">i", m[24:28])[0] == 29,
              "read-only connection: destroy refused with OPERATION_DENIED")
        s.sendall(frame(REMOTE_PROGRAM, 1, 1, 0, 3, 0, struct.pack(">II", 0, 0)))  # again, RW
        reopen = recv_msg(s)
        s.sendall(frame(REMOTE_PROGRAM, 1, 12, 0, 4, 0, dom))
        m = recv_msg(s)
        check(reopen is not None and struct.unpack(">IIiiIi", reopen[:24])[5] == 1 and
              b"connection already open" in reopen and m is not None and
              struct.unpack(">i", m[24:28])[0] == 29,
              "read-only connection: a second open is refused, destroy still denied")
        s.close()

        # every procedure fed random arguments: always a reply, never a crash
        import random
        rnd = random.Random(7)
        procs = [1, 3, 4, 9, 10, 11, 12, 14, 15, 16, 17, 19, 21, 22, 23, 24, 25, 27, 28, 29,
                 33, 34, 35, 37, 51, 59, 60, 66, 110, 121, 122, 136, 149, 150, 151, 157, 183,
                 187, 196, 202, 212, 231, 234, 258, 273, 350, 426, 6, 7, 500]
        s = connect_raw(env)
        s.sendall(frame(REMOTE_PROGRAM, 1, 1, 0, 0, 0, struct.pack(">II", 0, 0)))
        recv_msg(s)
        replies = 0
        serial = 1
        for proc in procs:
            for _ in range(12):
                n = rnd.choice([0, 1, 3, 4, 8, 12, 20, 24, 28, 40, 64, 200])
                payload = bytes(rnd.getrandbits(8) for _ in range(n))
                if rnd.random() < 0.5 and n >= 4:
                    # a small, plausible length word first, so decoders get further
                    payload = struct.pack(">I", rnd.randrange(0, 24)) + payload[4:]
                s.sendall(frame(REMOTE_PROGRAM, 1, proc, 0, serial, 0, payload))
                m = recv_msg(s)
                if m is not None and struct.unpack(">IIiiIi", m[:24])[4] == serial:
                    replies += 1
                serial += 1
        s.close()
        check(replies == serial - 1 and env.alive(),
              "fuzz: %d calls with random arguments, %d replies" % (serial - 1, replies))

        # keepalive ping gets a pong even though it is not advertised
        s = connect_raw(env)
        s.sendall(frame(0x6b656570, 1, 1, 2, 0, 0))
        m = recv_msg(s)
        check(m is not None and struct.unpack(">IIiiIi", m[:24])[2] == 2, "keepalive ping/pong")
        s.close()

        # a length word alone does not make the daemon allocate what it announces
        def vmsize_kib():
            with open("/proc/%d/status" % env.daemon.pid) as f:
                for line in f:
                    if line.startswith("VmSize:"):
                        return int(line.split()[1])
            return 0
        before = vmsize_kib()
        announced = [connect_raw(env) for _ in range(16)]
        for s in announced:
            s.sendall(struct.pack(">I", 32 * 1024 * 1024) + b"\0" * 24)
        time.sleep(1)
        grown = (vmsize_kib() - before) // 1024
        # each client costs a reader thread's stack (8 MiB), not 32 MiB more
        check(grown < 16 * 24, "16 clients announcing 32 MiB: %d MiB more address space" % grown)
        for s in announced:
            s.close()
        check(serving(env), "announced 32 MiB: daemon still serving")

        # a client that asks for lifecycle events and never reads them holds up nobody
        stalled = open_raw(env, events=True)
        xml = domain_xml("stall", "0d6f3a52-8c1e-4f7b-b2a9-5e4c3d2b1a09")
        pairs, slowest = define_undefine(env, xml, 1500)
        check(pairs == 1500 and slowest < 5,
              "define/undefine beside a client not reading its events: %d pairs, "
              "slowest %.1f s" % (pairs, slowest))
        drained, cut = 0, False
        try:
            while True:
                b = stalled.recv(65536)
                if not b:
                    cut = True
                    break
                drained += len(b)
        except (socket.timeout, ConnectionResetError):
            pass
        check(cut, "the client not reading its events is cut off (%d bytes queued)" % drained)
        stalled.close()

        # nor one that reads neither its events nor the replies to its calls
        stalled = open_raw(env, events=True)
        stalled.setblocking(False)
        try:
            for serial in range(2, 2000):  # capabilities until the socket fills
                stalled.send(frame(REMOTE_PROGRAM, 1, 7, 0, serial, 0))
        except BlockingIOError:
            pass
        stalled.settimeout(10)
        time.sleep(0.5)
        pairs, slowest = define_undefine(env, xml, 5)
        stalled.close()
        check(pairs == 5 and slowest < 5, "define/undefine beside a client reading neither "
              "events nor replies: slowest %.1f s" % slowest)

        # many clients at once, one hanging in the middle of a message
        hang = connect_raw(env)
        hang.sendall(struct.pack(">I", 100) + b"\0" * 10)
        socks = [connect_raw(env) for _ in range(20)]
        for n, s in enumerate(socks):
            s.sendall(frame(REMOTE_PROGRAM, 1, 66, 0, n, 0))
        got = sum(1 for s in socks if recv_msg(s) is not None)
        check(got == 20, "20 concurrent clients answered beside a stalled one (%d)" % got)
        for s in socks:
            s.close()
        hang.close()

    run_as_nobody(env, cases)

    if env.root:
        # root is not the daemon's uid: refused and logged
        s = connect_raw(env)
        try:
            s.sendall(frame(REMOTE_PROGRAM, 1, 66, 0, 0, 0))
            refused = recv_msg(s) is None
        except (BrokenPipeError, ConnectionResetError):
            refused = True  # closed before or while we wrote
        check(refused, "wrong uid: connection refused")
        s.close()
        rc, out, err = (lambda p: (p.returncode, p.stdout, p.stderr))(subprocess.run(
            ["virsh", "-c", env.uri, "list"], capture_output=True, text=True, env=env.env()))
        # virsh reports the closed socket, or dies of SIGPIPE writing to it
        check(rc != 0 and "Domain" not in out, "wrong uid: virsh fails: %r %r %r" % (rc, out, err))
        time.sleep(0.2)
        check("refusing connection from uid 0" in open(env.log).read(),
              "wrong uid: refusal logged")
        check(serving_as_nobody(env), "wrong uid: daemon still serving")
    else:
        print("note: not root, the wrong-uid case needs a second uid and is not run")


def serving_as_nobody(env):
    rc, out, err = env.virsh("list", "--all")
    return rc == 0 and env.alive()


# ---- QEMU backend ------------------------------------------------------------

def setup_netns(env):
    ns = "uvt-remote-%d" % os.getpid()
    subprocess.run(["ip", "netns", "add", ns], check=True)
    env.netns = ns
    subprocess.run(["ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"], check=True)
    # vnet_hdr, as a virtio NIC wants it: the start has nothing to warn about
    subprocess.run(["ip", "netns", "exec", ns, "ip", "tuntap", "add", "mode", "tap", "user",
                    str(NOBODY), "group", str(NOBODY), "name", "mytap0", "vnet_hdr"], check=True)
    subprocess.run(["ip", "netns", "exec", ns, "ip", "link", "set", "mytap0", "up"], check=True)
    # left DOWN: a start through it succeeds with that one warning (test_messages)
    subprocess.run(["ip", "netns", "exec", ns, "ip", "tuntap", "add", "mode", "tap", "user",
                    str(NOBODY), "group", str(NOBODY), "name", "mytapdown", "vnet_hdr"],
                   check=True)
    return "mytap0"


PY_MESSAGES = r'''
import sys, libvirt
libvirt.registerErrorHandler(lambda ctx, err: None, None)
c = libvirt.open(sys.argv[1])
d = c.lookupByName(sys.argv[2])
# virDomainGetMessages is messages() in python3-libvirt
print(repr(d.messages()))
print(repr(d.messages(libvirt.VIR_DOMAIN_MESSAGE_DEPRECATION)))
c.close()
'''


def link_snapshot(env, dev):
    p = subprocess.run(["ip", "netns", "exec", env.netns, "ip", "-d", "-j", "link", "show", dev],
                       capture_output=True, text=True)
    return p.stdout if p.returncode == 0 else None


def test_messages(env, uvirsh):
    """A start through a DOWN pre-created tap: its warning reaches virsh dominfo, python's
    dom.messages() and uvirsh over uvirtd exactly as uvirsh prints it embedded."""
    dev = "mytapdown"
    before = link_snapshot(env, dev)
    check(before is not None and "UP" not in json.loads(before)[0]["flags"],
          "messages: %s exists and is DOWN: %r" % (dev, before))
    xml = os.path.join(env.tmp, "m1.xml")
    with open(xml, "w") as f:
        f.write(domain_xml("m1", "6f1b4c3e-0d1a-4b8e-9a51-2c7d9e0f1a0b", dev))
    os.chmod(xml, 0o644)
    want = "ip link set %s up" % dev

    def messages_of(out):
        """The messages of a dominfo, checking virsh 9.0's layout: "Messages:" in a field of
        15 then a space, further messages under it; nothing after them."""
        lines = [l for l in out.splitlines() if l.strip()]
        first = [n for n, l in enumerate(lines) if l.startswith("Messages:")]
        if len(first) != 1:
            return None
        rest = lines[first[0]:]
        if not all(l[:16] == ("%-15s " % ("Messages:" if n == 0 else "")) and l[16:].strip()
                   for n, l in enumerate(rest)):
            return None
        return [l[16:] for l in rest]

    rc, out, err = env.virsh("define", xml)
    check(rc == 0, "messages: virsh define: %r" % err)
    rc, out, err = env.virsh("dominfo", "m1")
    check(rc == 0 and "Messages:" not in out, "messages: none while inactive: %r %r" % (out, err))
    rc, out, err = env.virsh("start", "m1")
    check(rc == 0 and "Domain 'm1' started" in out, "messages: virsh start: %r %r" % (out, err))
    rc, out, err = env.virsh("dominfo", "m1")
    msgs = messages_of(out) if rc == 0 else None
    check(msgs is not None and len(msgs) == 1 and want in msgs[0] and
          "'%s'" % dev in msgs[0],
          "messages: virsh dominfo shows a Messages: line naming %r: %r %r" % (want, out, err))
    msgs = msgs or ["(none)"]

    script = os.path.join(env.tmp, "messages.py")
    with open(script, "w") as f:
        f.write(PY_MESSAGES)
    os.chmod(script, 0o644)
    p = subprocess.run(env.as_user([PYTHON, script, env.uri, "m1"]), capture_output=True,
                       text=True, env=env.env(), timeout=60)
    check(p.returncode == 0 and p.stdout.splitlines() == [repr(msgs), "[]"],
          "messages: python dom.messages() returns them, DEPRECATION filters them out: %r %r" %
          (p.stdout, p.stderr[-500:]))

    if uvirsh:
        embed = "qemu:///embed?root=" + env.state

        def uv(uri, *args):
            # in the namespace, where the tap is, as the daemon's uid
            argv = ["ip", "netns", "exec", env.netns] + env.as_user([uvirsh, "-c", uri] +
                                                                      list(args))
            p = subprocess.run(argv, capture_output=True, text=True, env=env.env(), timeout=60)
            return p.returncode, p.stdout, p.stderr

        for uri, how in ((env.uri, "remote"), (embed, "embedded")):
            rc, out, err = uv(uri, "dominfo", "m1")
            check(rc == 0 and messages_of(out) == msgs,
                  "messages: uvirsh %s dominfo prints virsh's Messages: line: %r %r" %
                  (how, out, err))
        warnings = {}
        for uri, how in ((env.uri, "remote"), (embed, "embedded")):
            rc, out, err = env.virsh("destroy", "m1")
            check(rc == 0, "messages: virsh destroy: %r" % err)
            rc, out, err = uv(uri, "start", "m1")
            warnings[how] = err
            check(rc == 0 and "Domain 'm1' started" in out and
                  err == "warning: %s\n" % msgs[0],
                  "messages: uvirsh %s start prints the warning: line: %r %r" % (how, out, err))
        check(warnings["remote"] == warnings["embedded"],
              "messages: uvirsh start warns the same remote and embedded: %r" % warnings)
        rc, out, err = uv(env.uri, "destroy", "m1")
        check(rc == 0, "messages: uvirsh remote destroy: %r" % err)
        rc, out, err = uv(env.uri, "dominfo", "m1")
        check(rc == 0 and "Messages:" not in out,
              "messages: uvirsh remote dominfo of the stopped domain has none: %r" % out)
    else:
        env.virsh("destroy", "m1")
    rc, out, err = env.virsh("undefine", "m1")
    check(rc == 0, "messages: virsh undefine: %r" % err)
    after = link_snapshot(env, dev)
    check(before is not None and after == before,
          "messages: %s unchanged (ip -d -j link show): %r -> %r" % (dev, before, after))


def build_guest(env):
    """The bootable test guest (tests/guest/build-guest.sh), or None with the reason printed."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "guest",
                          "build-guest.sh")
    if not os.path.exists(script):
        print("note: tests/guest/build-guest.sh is missing, no guest is booted")
        return None
    out = os.path.join(env.tmp, "guest")
    p = subprocess.run(["sh", script, out], capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        print("note: the test guest could not be built, no guest is booted: " +
              p.stderr.strip()[-500:])
        return None
    for f in os.listdir(out):
        os.chmod(os.path.join(out, f), 0o755 if os.path.isdir(os.path.join(out, f)) else 0o644)
    os.chmod(out, 0o755)
    return out


def wait_for(fn, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if fn():
            return True
        time.sleep(0.2)
    return False


def test_guest(env, iface):
    """A real guest boots through virsh, pings the host over the unmanaged tap, survives a
    uvirtd restart, and an autostart domain is started by the restarted daemon."""
    guest = build_guest(env)
    if not guest:
        return
    serial = os.path.join(env.tmp, "serial.log")
    xml = os.path.join(env.tmp, "pinger.xml")
    with open(xml, "w") as f:
        f.write("""<domain type='qemu'>
  <name>pinger</name>
  <uuid>6f1b4c3e-0d1a-4b8e-9a51-2c7d9e0f1a04</uuid>
  <memory unit='KiB'>262144</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <kernel>%s/vmlinuz</kernel>
    <initrd>%s/initramfs.img</initrd>
    <cmdline>console=ttyS0 uvt.ip=10.0.2.15/24 uvt.peer=10.0.2.1 uvt.hold=1</cmdline>
  </os>
  <devices>
    <interface type='ethernet'>
      <mac address='52:54:00:12:34:57'/>
      <target dev='%s' managed='no'/>
      <model type='virtio'/>
    </interface>
    <serial type='file'><source path='%s'/></serial>
  </devices>
</domain>
""" % (guest, guest, iface, serial))
    os.chmod(xml, 0o644)
    subprocess.run(["ip", "netns", "exec", env.netns, "ip", "addr", "add", "10.0.2.1/24", "dev",
                    iface], check=True)

    rc, out, err = env.virsh("define", xml)
    check(rc == 0, "guest: virsh define: %r" % err)
    rc, out, err = env.virsh("start", "pinger")
    check(rc == 0 and "Domain 'pinger' started" in out, "guest: virsh start: %r" % err)

    def log():
        try:
            return open(serial, errors="replace").read()
        except OSError:
            return ""
    wait_for(lambda: "UVT-GUEST: PING" in log(), 90)
    check("UVT-GUEST: PING OK 10.0.2.1" in log(),
          "guest: booted and pinged the host over the unmanaged tap: %r" %
          [l for l in log().splitlines() if "UVT-GUEST" in l])

    # An inactive autostart domain for the restarted daemon to start.
    auto = os.path.join(env.tmp, "auto1.xml")
    with open(auto, "w") as f:
        f.write(domain_xml("auto1", "6f1b4c3e-0d1a-4b8e-9a51-2c7d9e0f1a05"))
    os.chmod(auto, 0o644)
    rc, _, err = env.virsh("define", auto)
    rc2, _, err2 = env.virsh("autostart", "auto1")
    check(rc == 0 and rc2 == 0, "autostart domain defined: %r %r" % (err, err2))

    rc = env.stop_daemon()
    check(rc == 0, "uvirtd stops on SIGTERM with a guest running (%r)" % rc)
    check(env.start_daemon(), "uvirtd restarts")
    rc, out, err = env.virsh("domstate", "pinger")
    check(rc == 0 and out.strip() == "running",
          "guest: still running and found by the restarted uvirtd: %r %r" % (out, err))
    ok = wait_for(lambda: env.virsh("domstate", "auto1")[1].strip() == "running", 30)
    check(ok, "autostart: the restarted uvirtd started auto1")
    for name in ("pinger", "auto1"):
        rc, out, err = env.virsh("destroy", name)
        check(rc == 0, "destroy %s: %r" % (name, err))
        rc, out, err = env.virsh("undefine", name)
        check(rc == 0, "undefine %s: %r" % (name, err))


def test_concurrency(env):
    """A slow start holds up neither other clients nor other calls."""
    xml = os.path.join(env.tmp, "slow1.xml")
    with open(xml, "w") as f:
        f.write(domain_xml("slow1", "6f1b4c3e-0d1a-4b8e-9a51-2c7d9e0f1a06"))
    os.chmod(xml, 0o644)
    rc, out, err = env.virsh("define", xml)
    check(rc == 0, "slow1 defined: %r" % err)
    t0 = time.monotonic()
    slow = subprocess.Popen(env.as_user(["virsh", "-c", env.uri, "start", "slow1"]),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env.env())
    time.sleep(0.2)
    lat = []
    for _ in range(5):
        t = time.monotonic()
        rc, out, err = env.virsh("list", "--all", "--name")
        lat.append(time.monotonic() - t)
        if rc != 0:
            break
    during = time.monotonic() - t0
    out, err = slow.communicate(timeout=30)
    check(slow.returncode == 0 and "started" in out, "slow start succeeds: %r" % err)
    check(rc == 0 and during < 1.8 and max(lat) < 1.0,
          "5 list calls answered during a 2 s start (%.2fs, worst %.2fs)" % (during, max(lat)))
    env.virsh("destroy", "slow1")
    env.virsh("undefine", "slow1")


def test_libvirt_socket_path(env):
    """On libvirt's session socket path, plain qemu:///session reaches uvirtd."""
    path = os.path.join(env.home, "libvirt", "libvirt-sock")
    argv = env.as_user([env.uvirtd, "--uri", "fake://", "--socket", path])
    d = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env=env.env())
    try:
        wait_for(lambda: os.path.exists(path), 5)
        p = subprocess.run(env.as_user(["virsh", "-c", "qemu:///session", "version"]),
                           capture_output=True, text=True, env=env.env(), timeout=30)
        check(p.returncode == 0 and "Using API: QEMU" in p.stdout,
              "plain virsh -c qemu:///session on libvirt's socket path: %r" % p.stderr)
    finally:
        d.send_signal(signal.SIGTERM)
        d.wait(timeout=10)


def test_socket_path_taken(env):
    """A file that is not a socket where the socket should go is refused, never removed."""
    path = os.path.join(env.home, "not-a-socket")
    with open(path, "w") as f:
        f.write("precious\n")
    os.chmod(path, 0o666)
    argv = env.as_user([env.uvirtd, "--uri", "fake://", "--socket", path, "--no-autostart"])
    try:
        p = subprocess.run(argv, capture_output=True, text=True, env=env.env(), timeout=5)
        rc, err = p.returncode, p.stderr
    except subprocess.TimeoutExpired:
        rc, err = None, "still running"
    try:
        with open(path) as f:
            kept = f.read() == "precious\n"
    except OSError:
        kept = False  # removed, or replaced by a socket
    check(rc == 1 and kept and "is not a socket" in err,
          "a regular file at the socket path: refused and kept (%r %r)" % (rc, err.strip()))


def test_stray_argument(env):
    """A word uvirtd does not understand is refused, not ignored."""
    path = os.path.join(env.home, "stray-sock")
    argv = env.as_user([env.uvirtd, "--uri", "fake://", "--socket", path, "--no-autostart",
                        "--max-clients", "4", "system"])
    try:
        p = subprocess.run(argv, capture_output=True, text=True, env=env.env(), timeout=5)
        rc, err = p.returncode, p.stderr
    except subprocess.TimeoutExpired:
        rc, err = None, "still running"
    check(rc == 2 and "unexpected argument 'system'" in err and not os.path.exists(path),
          "a stray argument: uvirtd refuses to start (%r %r)" % (rc, err.strip()))


def test_uvirsh(env, uvirsh):
    """uvirsh through the remote driver prints what virsh prints through uvirtd."""
    xml = os.path.join(env.tmp, "u1.xml")
    with open(xml, "w") as f:
        f.write(domain_xml("u1", "6f1b4c3e-0d1a-4b8e-9a51-2c7d9e0f1a07"))
    os.chmod(xml, 0o644)

    def uv(*args):
        p = subprocess.run(env.as_user([uvirsh, "-c", env.uri] + list(args)),
                           capture_output=True, text=True, env=env.env(), timeout=60)
        return p.returncode, p.stdout, p.stderr

    rc, out, err = uv("define", xml)
    check(rc == 0 and "Domain 'u1' defined" in out, "uvirsh -> uvirtd define: %r" % err)
    rc, out, err = uv("start", "u1")
    check(rc == 0 and "Domain 'u1' started" in out, "uvirsh -> uvirtd start: %r" % err)
    for cmd in (["list", "--all"], ["domstate", "--reason", "u1"], ["domuuid", "u1"]):
        r1 = uv(*cmd)
        r2 = env.virsh(*cmd)
        check(r1[0] == 0 and r1[1] == r2[1],
              "uvirsh and virsh agree on %s: %r vs %r" % (" ".join(cmd), r1[1], r2[1]))
    rc, out, err = uv("dominfo", "u1")
    check(rc == 0 and "State:          running" in out, "uvirsh -> uvirtd dominfo: %r" % out)
    rc, out, err = uv("destroy", "u1")
    check(rc == 0, "uvirsh -> uvirtd destroy: %r" % err)
    rc, out, err = uv("undefine", "u1")
    check(rc == 0, "uvirsh -> uvirtd undefine: %r" % err)
    rc, out, err = uv("dominfo", "u1")
    check(rc != 0 and err.startswith("error: "), "uvirsh -> uvirtd missing domain: %r" % err)


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[2] not in ("fake", "qemu"):
        print("usage: remoteclienttest.py UVIRTD fake|qemu [UVIRSH]", file=sys.stderr)
        return 2
    if not shutil.which("virsh"):
        skip("virsh (libvirt-clients) is not installed")
    if subprocess.run([PYTHON, "-c", "import libvirt"], capture_output=True).returncode:
        skip("python3-libvirt is not installed")
    env = Env(sys.argv[1], sys.argv[2])
    iface = None
    try:
        if env.backend == "qemu":
            if not env.root:
                skip("the QEMU case needs root to create a network namespace and a tap")
            qemu = shutil.which("qemu-system-x86_64")
            if not qemu:
                skip("qemu-system-x86_64 is not installed")
            # The tap is opened through /dev/net/tun by the unprivileged daemon.
            st = os.stat("/dev/net/tun")
            if st.st_mode & 0o006 != 0o006:
                print("note: making /dev/net/tun mode 0666 so uid %d can open its tap" % NOBODY)
                os.chmod("/dev/net/tun", 0o666)
                env.tun_mode = st.st_mode & 0o7777
            iface = setup_netns(env)
        if not check(env.start_daemon(), "uvirtd starts"):
            return 1
        test_virsh(env, iface)
        test_python(env, iface)
        test_events(env)
        test_virsh_event(env)
        if len(sys.argv) == 4:
            test_uvirsh(env, os.path.abspath(sys.argv[3]))
            test_events_outside(env, os.path.abspath(sys.argv[3]))
        if env.backend == "fake":
            test_concurrency(env)
            test_libvirt_socket_path(env)
            test_socket_path_taken(env)
            test_stray_argument(env)
            test_abuse(env)
        else:
            test_messages(env, os.path.abspath(sys.argv[3]) if len(sys.argv) == 4 else None)
            test_guest(env, iface)
        rc = env.stop_daemon()
        check(rc == 0, "uvirtd exits 0 on SIGTERM (%r)" % rc)
        check(not os.path.exists(env.sock), "socket removed on exit")
        st = os.stat(env.sockdir)
        check(st.st_mode & 0o777 == 0o700, "socket directory mode is 0700")
    finally:
        if failures:
            print("---- uvirtd log ----")
            print(open(env.log).read()[-6000:])
        env.cleanup()
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
