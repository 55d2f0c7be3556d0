#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""uvirshtest: uvirsh's command-line contract.

Runs the built uvirsh as separate processes against the real embedded driver
(qemu:///embed?root=<fresh temporary directory>) and checks its output, its
messages and exit status the way virsh prints them:

  1. without QEMU: define / list / dominfo / domstate / dumpxml / domiflist /
     autostart / domxml-to-native / undefine, help, and every error path;
  2. with QEMU (TCG, 64 MiB, no disk — the guest sits in its firmware):
     start / list / dominfo / suspend / resume / destroy / create, the guest
     outliving each uvirsh process;
  3. as uid 65534 inside a private network namespace, with a tap device root
     created for that uid: start / domiflist / destroy leave the tap exactly as
     it was (`ip -d -j link show`).

The driver's own lifecycle coverage is in qemulifecycletest; this suite is
about what the user sees. Usage: uvirshtest.py PATH/TO/uvirsh
"""

import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import uuid

UVIRSH = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else None
NOBODY = 65534
NAME = "uvt1"
# fresh UUIDs each run: they also tell our QEMU processes from anybody else's
UUID = str(uuid.uuid4())
TRANSIENT_UUID = str(uuid.uuid4())
MISSING_UUID = str(uuid.uuid4())
TEST_UUIDS = {UUID, TRANSIENT_UUID, MISSING_UUID}
MAC = "52:54:00:5a:11:01"

failures = []
checks = 0


def fail(what, detail=""):
    failures.append(what)
    print(f"FAIL: {what}")
    if detail:
        for line in detail.rstrip("\n").split("\n"):
            print(f"      {line}")


def check(cond, what, detail=""):
    global checks
    checks += 1
    if not cond:
        fail(what, detail)
    return cond


class Env:
    """One connection root, optionally used as another uid inside a netns."""

    def __init__(self, root, uid=None, netns=None):
        self.root = root
        self.uri = f"qemu:///embed?root={root}"
        self.uid = uid
        self.netns = netns

    def argv(self, args, uri=True):
        cmd = [UVIRSH]
        if uri:
            cmd += ["-c", self.uri]
        cmd += list(args)
        if self.uid is not None:
            cmd = ["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}",
                   "--clear-groups"] + cmd
        if self.netns is not None:
            cmd = ["ip", "netns", "exec", self.netns] + cmd
        return cmd

    def run(self, *args, uri=True, env=None):
        e = dict(os.environ)
        e.pop("UVIRT_DEFAULT_URI", None)
        e["LC_ALL"] = "C"
        if env:
            e.update(env)
        p = subprocess.run(self.argv(args, uri), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=e,
                           cwd=self.root, timeout=60)
        return p.returncode, p.stdout, p.stderr

    def expect(self, args, rc=0, out=None, err=None, out_re=None, err_re=None,
               err_lines=None, what=None):
        """Run uvirsh ARGS; compare exactly (out/err) or by regex (…_re).

        err_lines: a list whose items are exact lines or compiled regexes.
        """
        r, o, e = self.run(*args)
        what = what or "uvirsh " + " ".join(args)
        detail = f"rc={r}\n--- stdout\n{o}--- stderr\n{e}"
        ok = check(r == rc, f"{what}: exit status {rc}", detail)
        if ok and out is not None:
            ok = check(o == out, f"{what}: stdout", detail + f"--- expected stdout\n{out}")
        if ok and out_re is not None:
            ok = check(re.fullmatch(out_re, o, re.S) is not None,
                       f"{what}: stdout matches {out_re!r}", detail)
        if ok and err is not None:
            ok = check(e == err, f"{what}: stderr", detail + f"--- expected stderr\n{err}")
        if ok and err_re is not None:
            ok = check(re.fullmatch(err_re, e, re.S) is not None,
                       f"{what}: stderr matches {err_re!r}", detail)
        if ok and err_lines is not None:
            got = e.split("\n")[:-1] if e.endswith("\n") else e.split("\n")
            good = len(got) == len(err_lines)
            for g, x in zip(got, err_lines):
                if isinstance(x, str):
                    good = good and g == x
                else:
                    good = good and x.fullmatch(g) is not None
            check(good, f"{what}: stderr lines", detail +
                  "--- expected lines\n" + "\n".join(str(x) for x in err_lines))
        return r, o, e


# ---- expected layouts, computed the way virsh lays them out ----

def table(header, rows, quiet=False):
    """virsh's table: a leading space, columns 3 spaces apart, dashes = sum(width + 3)."""
    cols = len(header)
    src = rows if quiet else [header] + rows
    widths = [max([len(r[c]) for r in src] or [0]) for c in range(cols)]

    def line(r):
        return " " + "".join(r[c] + (" " * (widths[c] - len(r[c]) + 3) if c + 1 < cols else "")
                             for c in range(cols)) + "\n"
    s = ""
    if not quiet:
        s += line(header) + "-" * sum(w + 3 for w in widths) + "\n"
    for r in rows:
        s += line(r)
    return s


def list_table(rows, quiet=False):
    return table(["Id", "Name", "State"], rows, quiet)


def domain_xml(name=NAME, uuid=UUID, interfaces=""):
    return f"""<domain type='qemu'>
  <name>{name}</name>
  <uuid>{uuid}</uuid>
  <memory unit='KiB'>65536</memory>
  <currentMemory unit='KiB'>65536</currentMemory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <devices>
{interfaces}  </devices>
</domain>
"""


TAP_IFACE = f"""    <interface type='ethernet'>
      <mac address='{MAC}'/>
      <target dev='mytap0' managed='no'/>
      <model type='virtio'/>
    </interface>
"""

ALL_COMMANDS = {
    "autostart", "create", "define", "destroy", "domid", "domname", "domuuid",
    "domxml-to-native", "dumpxml", "reboot", "resume", "shutdown", "start",
    "suspend", "undefine", "domiflist", "dominfo", "domstate", "list",
    "hostname", "uri", "version", "help", "domcheck",
}

DOMAIN_COMMANDS = ["undefine", "start", "destroy", "shutdown", "reboot", "suspend",
                   "resume", "dominfo", "domstate", "dumpxml", "domiflist", "domuuid",
                   "domname", "domid", "autostart", "domcheck"]

CHECK_LINE = re.compile(r"(ok|warning|error): [^:]+: \S.*|  fix: \S.*")


def check_report(out, what):
    """domcheck's stdout: one line per check, fixes indented, then virsh's blank line."""
    lines = out.split("\n")
    good = out.endswith("\n\n") and all(CHECK_LINE.fullmatch(ln) for ln in lines[:-2])
    check(good, f"{what}: one 'ok|warning|error: SUBJECT: MESSAGE' line per check", out)
    return lines[:-2]


def write(root, fname, text, owner=None):
    path = os.path.join(root, fname)
    with open(path, "w") as f:
        f.write(text)
    if owner is not None:
        os.chown(path, owner, owner)
    return path


def dominfo(id_, state, persistent="yes", autostart="disable", cputime=False, name=NAME,
            uuid=UUID):
    lines = [("Id:", id_), ("Name:", name), ("UUID:", uuid), ("OS Type:", "hvm"),
             ("State:", state), ("CPU(s):", "1")]
    s = "".join(f"{k:<15} {v}\n" for k, v in lines)
    if cputime:
        s += r"CPU time:       [0-9]+\.[0-9]s\n"
    rest = [("Max memory:", "65536 KiB"), ("Used memory:", "65536 KiB"),
            ("Persistent:", persistent), ("Autostart:", autostart), ("Managed save:", "no"),
            ("Security model:", "none"), ("Security DOI:", "0")]
    s += "".join(f"{k:<15} {v}\n" for k, v in rest)
    return s + "\n"


# ---- our QEMU processes (for "survives uvirsh" and for cleanup), by -uuid ----

def qemu_pids(root=None):
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/cmdline", "rb") as f:
                cmd = f.read().split(b"\0")
            with open(f"/proc/{d}/stat") as f:
                st = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if st == "Z":
            continue
        if not cmd or b"qemu-system" not in cmd[0] or b"-uuid" not in cmd:
            continue
        i = cmd.index(b"-uuid")
        if i + 1 < len(cmd) and cmd[i + 1].decode(errors="replace") in TEST_UUIDS:
            pids.append(int(d))
    return pids


def kill_qemus(root):
    for pid in qemu_pids(root):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


# ---- 1. no QEMU ----

def test_offline(env):
    root = env.root
    xmlpath = write(root, "dom.xml", domain_xml(interfaces=TAP_IFACE))
    rel = "dom.xml"  # uvirsh runs in root: the message names the path as given

    env.expect(["list"], out=list_table([]) + "\n", err="")
    env.expect(["list", "--all"], out=list_table([]) + "\n", err="")
    env.expect(["-q", "list", "--all"], out="", err="")

    env.expect(["define", rel], out=f"Domain '{NAME}' defined from {rel}\n\n", err="")
    env.expect(["define", "--file", xmlpath], out=f"Domain '{NAME}' defined from {xmlpath}\n\n",
               err="", what="define --file (redefining)")
    env.expect(["-q", "define", rel], out="", err="", what="-q define")

    inactive = [["-", NAME, "shut off"]]
    env.expect(["list"], out=list_table([]) + "\n", err="", what="list: nothing running")
    env.expect(["list", "--all"], out=list_table(inactive) + "\n", err="")
    env.expect(["list", "--inactive"], out=list_table(inactive) + "\n", err="")
    env.expect(["list", "--all", "--inactive"], out=list_table(inactive) + "\n", err="")
    env.expect(["-q", "list", "--all"], out=list_table(inactive, quiet=True), err="")
    env.expect(["list", "--all", "--name"], out=f"{NAME}\n\n", err="")
    env.expect(["list", "--all", "--uuid"], out=f"{UUID}\n\n", err="")
    env.expect(["list", "--all", "--uuid", "--name"], out=f"{UUID} {NAME}\n\n", err="")
    env.expect(["list", "--name"], out="\n", err="", what="list --name: nothing running")

    env.expect(["dominfo", NAME], out=dominfo("-", "shut off"), err="")
    env.expect(["dominfo", UUID], out=dominfo("-", "shut off"), err="", what="dominfo UUID")
    env.expect(["dominfo", "--domain", NAME], out=dominfo("-", "shut off"), err="")
    env.expect(["dominfo", f"--domain={NAME}"], out=dominfo("-", "shut off"), err="")
    env.expect(["dominfo", "--", NAME], out=dominfo("-", "shut off"), err="")
    env.expect(["-q", "dominfo", NAME], out=dominfo("-", "shut off")[:-1], err="")
    env.expect(["domstate", NAME], out="shut off\n\n", err="")
    env.expect(["domstate", NAME, "--reason"], out="shut off (unknown)\n\n", err="",
               what="domstate --reason of a never-started domain")
    env.expect(["domuuid", NAME], out=f"{UUID}\n\n", err="")
    env.expect(["domname", UUID], out=f"{NAME}\n\n", err="")
    env.expect(["domid", NAME], out="-\n\n", err="")
    env.expect(["domid", UUID], out="-\n\n", err="")
    # virsh's rules: domname takes no name, domid no id, start no id
    env.expect(["domname", NAME], rc=1, out="\n",
               err=f"error: failed to get domain '{NAME}'\n")

    iflist = table(["Interface", "Type", "Source", "Model", "MAC"],
                   [["mytap0", "ethernet", "-", "virtio", MAC]])
    env.expect(["domiflist", NAME], out=iflist + "\n", err="")
    env.expect(["domiflist", NAME, "--inactive"], out=iflist + "\n", err="")

    r, xml, _ = env.expect(["dumpxml", NAME], out_re=r"<domain .*</domain>\n\n", err="")
    check(f"<name>{NAME}</name>" in xml and f"<uuid>{UUID}</uuid>" in xml
          and "mytap0" in xml, "dumpxml: name, uuid and the interface", xml)
    env.expect(["dumpxml", "--inactive", NAME], out_re=r"<domain .*</domain>\n\n", err="")
    # what dumpxml prints, define takes back
    write(root, "dumped.xml", xml)
    env.expect(["define", "dumped.xml"], out=f"Domain '{NAME}' defined from dumped.xml\n\n",
               err="", what="define of dumpxml's output")

    env.expect(["autostart", NAME], out=f"Domain '{NAME}' marked as autostarted\n\n", err="")
    env.expect(["dominfo", NAME], out=dominfo("-", "shut off", autostart="enable"), err="",
               what="dominfo after autostart")
    env.expect(["autostart", "--disable", NAME],
               out=f"Domain '{NAME}' unmarked as autostarted\n\n", err="")
    env.expect(["dominfo", NAME], out=dominfo("-", "shut off"), err="",
               what="dominfo after autostart --disable")

    # domxml-to-native: the file forms and the domain form; opens no device
    for args in (["domxml-to-native", "qemu-argv", rel],
                 ["domxml-to-native", "qemu-argv", "--xml", rel],
                 ["domxml-to-native", "--format", "qemu-argv", "--xml", rel],
                 ["domxml-to-native", "qemu-argv", "--domain", NAME]):
        r, o, e = env.expect(args, err_re=r"(warning: [^\n]*\n)*")
        check("qemu-system" in o and NAME in o and "mytap0" in o and o.endswith("\n\n"),
              " ".join(args) + ": a QEMU command line naming the guest and its tap", o)
    env.expect(["domxml-to-native", "qemu-argv", "--domain", NAME, "--xml", rel], rc=1,
               out="\n", err="error: Options --domain and --xml are mutually exclusive\n")
    env.expect(["domxml-to-native", "qemu-argv"], rc=1, out="\n",
               err="error: need either domain or domain XML\n")
    env.expect(["domxml-to-native", "qemu-argv", "nope.xml"], rc=1, out="\n",
               err="error: Failed to open file 'nope.xml': No such file or directory\n")
    env.expect(["domxml-to-native", "qemu-argv", "--domain", "nope"], rc=1, out="\n",
               err="error: failed to get domain 'nope'\n")
    env.expect(["domxml-to-native", "bogus-format", rel], rc=1, out="\n",
               err_lines=[re.compile(r"error: .*bogus-format.*")])

    # stopping what does not run: virsh's two lines
    for cmd, verb in (("destroy", "destroy"), ("shutdown", "shutdown"), ("reboot", "reboot"),
                      ("suspend", "suspend"), ("resume", "resume")):
        env.expect([cmd, NAME], rc=1, out="\n",
                   err_lines=[f"error: Failed to {verb} domain '{NAME}'",
                              re.compile(r"error: \S.*")])

    # bad definitions
    write(root, "bad.xml", "<domain><name>x")
    env.expect(["define", "bad.xml"], rc=1, out="\n",
               err_re=r"error: Failed to define domain from bad\.xml\nerror: \S.*")
    env.expect(["create", "bad.xml"], rc=1, out="\n",
               err_re=r"error: Failed to create domain from bad\.xml\nerror: \S.*")
    write(root, "noname.xml", "<domain type='qemu'><memory>65536</memory></domain>")
    env.expect(["define", "noname.xml"], rc=1, out="\n",
               err_re=r"error: Failed to define domain from noname\.xml\nerror: \S.*")
    env.expect(["define", "/nonexistent/dom.xml"], rc=1, out="\n",
               err="error: Failed to open file '/nonexistent/dom.xml': "
                   "No such file or directory\n")
    env.expect(["define", "."], rc=1, out="\n",
               err="error: Failed to read file '.': Is a directory\n")
    env.expect(["define", "--validate", rel], out=f"Domain '{NAME}' defined from {rel}\n\n",
               err="", what="define --validate of a good definition")

    # unknown domains: one line, like virsh
    for cmd in DOMAIN_COMMANDS:
        env.expect([cmd, "nope"], rc=1, out="\n", err="error: failed to get domain 'nope'\n")
    env.expect(["dominfo", "42"], rc=1, out="\n", err="error: failed to get domain '42'\n")
    env.expect(["dominfo", "00000000-0000-0000-0000-000000000000"], rc=1, out="\n",
               err="error: failed to get domain '00000000-0000-0000-0000-000000000000'\n")
    env.expect(["dominfo", ""], rc=1, out="\n",
               err="error: Failed to get option 'domain': Option argument is empty\n")

    # the command line itself (nothing runs: no blank line on stdout)
    env.expect(["bogus"], rc=1, out="", err="error: unknown command: 'bogus'\n")
    env.expect(["list", "--bogus"], rc=1, out="",
               err="error: command 'list' doesn't support option --bogus\n")
    env.expect(["dominfo"], rc=1, out="", err="error: command 'dominfo' requires <domain> option\n")
    env.expect(["define"], rc=1, out="", err="error: command 'define' requires <file> option\n")
    env.expect(["domxml-to-native"], rc=1, out="",
               err="error: command 'domxml-to-native' requires <format> option\n")
    env.expect(["dominfo", NAME, "extra"], rc=1, out="", err="error: unexpected data 'extra'\n")
    env.expect(["dominfo", "--domain"], rc=1, out="",
               err="error: expected syntax: --domain <string>\n")
    env.expect(["dominfo", NAME, "--domain", NAME], rc=1, out="",
               err="error: option --domain already seen\n")
    env.expect(["list", "--all", "--all"], rc=1, out="", err="error: option --all already seen\n")
    env.expect(["list", "--all=yes"], rc=1, out="",
               err="error: invalid '=' after option --all\n")
    r, o, e = env.run("--bogus", "list", uri=False)
    check((r, o, e) == (1, "", "error: unsupported option '--bogus'. See --help.\n"),
          "uvirsh --bogus: unsupported option", f"{r} {o!r} {e!r}")
    r, o, e = env.run("-c", uri=False)
    check((r, o, e) == (1, "", "error: option '-c'/'--connect' requires an argument\n"),
          "uvirsh -c: requires an argument", f"{r} {o!r} {e!r}")
    r, o, e = env.run("-c", "bogus:///nowhere", "list", uri=False)
    check(r == 1 and o == "" and e.startswith("error: failed to connect to the hypervisor\n"
                                              "error: ") and e.count("\n") == 2,
          "a URI no driver serves: two error lines", f"{r} {o!r} {e!r}")
    r, o, e = env.run("list", uri=False, env={"UVIRT_DEFAULT_URI": env.uri})
    check(r == 0 and o == list_table([]) + "\n", "UVIRT_DEFAULT_URI is the default URI",
          f"{r} {o!r} {e!r}")
    # as virsh (getopt): short options cluster, -c takes the rest or the next word
    r, o, e = env.run("-qc", env.uri, "list", uri=False)
    check((r, o, e) == (0, "", ""), "uvirsh -qc URI list", f"{r} {o!r} {e!r}")
    r, o, e = env.run("-qc" + env.uri, "list", uri=False)
    check((r, o, e) == (0, "", ""), "uvirsh -qcURI list", f"{r} {o!r} {e!r}")
    r, o, e = env.run("-qx", "list", uri=False)
    check((r, o, e) == (1, "", "error: unsupported option '-x'. See --help.\n"),
          "uvirsh -qx: unsupported option '-x'", f"{r} {o!r} {e!r}")
    r, o, e = env.run("-qc", uri=False)
    check((r, o, e) == (1, "", "error: option '-c'/'--connect' requires an argument\n"),
          "uvirsh -qc: requires an argument", f"{r} {o!r} {e!r}")
    # as virsh: an empty URI is the default one
    r, o, e = env.run("-c", "", "uri", uri=False, env={"UVIRT_DEFAULT_URI": env.uri})
    check((r, e) == (0, "") and o.startswith(env.uri + "\n"), "uvirsh -c '': the default URI",
          f"{r} {o!r} {e!r}")
    r, o, e = env.run("--connect=" + env.uri, "list", uri=False)
    check(r == 0 and o == list_table([]) + "\n", "--connect=URI", f"{r} {o!r} {e!r}")

    # domcheck: mytap0 does not exist in this (the test's own) network namespace
    r, o, e = env.expect(["domcheck", NAME], rc=1,
                         err=f"error: Domain '{NAME}' would not start: see the errors above\n")
    lines = check_report(o, "domcheck NAME")
    bad = [i for i, ln in enumerate(lines) if ln.startswith("error: ") and "mytap0" in ln]
    check(bad and bad[0] + 1 < len(lines) and lines[bad[0] + 1].startswith("  fix: ip "),
          "domcheck: the missing tap is an error, with the command that fixes it", o)
    r, o, e = env.expect(["domcheck", rel], rc=1,
                         err=f"error: The domain in {rel} would not start: see the errors above\n")
    check_report(o, "domcheck FILE")
    write(root, "notap.xml", domain_xml("uvt-notap", MISSING_UUID))
    r, o, e = env.expect(["domcheck", "notap.xml"], err="")
    lines = check_report(o, "domcheck of a domain without interfaces")
    check(lines and all(not ln.startswith("error: ") for ln in lines),
          "domcheck without interfaces: no error", o)
    env.expect(["domcheck", "bad.xml"], rc=1, out="\n",
               err_re=r"error: Failed to check domain from bad\.xml\nerror: \S.*")

    # virsh's command strings: one argument, commands split at ';', words quoted as in sh
    env.expect([f"domid {NAME}; domuuid '{NAME}' ;"], out=f"-\n\n{UUID}\n\n", err="")
    env.expect([f"dominfo nope; domid {NAME}"], rc=0, out="\n-\n\n",
               err="error: failed to get domain 'nope'\n", what="command string: last status")
    env.expect(["list; bogus"], rc=1, out="", err="error: unknown command: 'bogus'\n",
               what="command string: a typo runs nothing")
    env.expect(["list 'x"], rc=1, out="",
               err="error: the command string has an unterminated quote\n")

    # host commands
    env.expect(["uri"], out_re=r"qemu:///embed\?root=.*\n\n", err="")
    env.expect(["hostname"], out=socket.gethostname() + "\n\n", err="")
    env.expect(["version"], err="",
               out_re=r"Compiled against library: uvirt [0-9.]+\nUsing library: uvirt [0-9.]+\n"
                      r"Using API: QEMU [0-9.]+\nRunning hypervisor: QEMU [0-9]+\.[0-9]+\.[0-9]+\n\n")
    r, o, e = env.run("--version", uri=False)
    check(r == 0 and re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+\n", o), "uvirsh --version", o + e)

    # help: every command, by group and one by one; it needs no connection
    r, o, e = env.run("-c", "bogus:///nowhere", "help", uri=False)
    listed = set(re.findall(r"^    (\S+) +\S", o, re.M))
    check(r == 0 and o.startswith("Grouped commands:\n\n") and o.endswith("\n\n\n"),
          "help: layout", o + e)
    check(listed == ALL_COMMANDS, "help lists every command",
          f"missing {ALL_COMMANDS - listed}, unexpected {listed - ALL_COMMANDS}")
    for c in sorted(ALL_COMMANDS):
        r, o, e = env.run("help", c, uri=False)
        check(r == 0 and o.startswith(f"  NAME\n    {c} - ") and "\n  SYNOPSIS\n    " + c in o
              and e == "", f"help {c}", o + e)
    env.expect(["help", "dominfo"], err="", out_re=r"  NAME\n    dominfo - .*\n\n  SYNOPSIS\n"
               r"    dominfo <domain>\n\n  DESCRIPTION\n.*\n\n  OPTIONS\n"
               r"    \[--domain\] <string>  .*\n\n\n")
    env.expect(["help", "host"], err="",
               out_re=r" Host and Hypervisor \(help keyword 'host'\):\n(    \S+ +.*\n)+\n\n")
    env.expect(["help", "nope"], rc=1, out="\n",
               err="error: command or command group 'nope' doesn't exist\n")
    r, o, e = env.run("--help", uri=False)
    check(r == 0 and all(f"    {c} " in o for c in ALL_COMMANDS), "--help lists every command",
          o + e)

    env.expect(["undefine", NAME], out=f"Domain '{NAME}' has been undefined\n\n", err="")
    env.expect(["list", "--all"], out=list_table([]) + "\n", err="", what="list after undefine")
    env.expect(["undefine", NAME], rc=1, out="\n", err=f"error: failed to get domain '{NAME}'\n",
               what="undefine twice")


# ---- 2. with QEMU ----

def expect_reason(env, state, want, name=NAME):
    """domstate --reason prints what virsh prints for libvirt in the same situation."""
    env.expect(["domstate", name, "--reason"], err="", out=f"{state} ({want})\n\n",
               what=f"domstate --reason: {state} ({want})")


def test_running(env):
    root = env.root
    write(root, "run.xml", domain_xml())
    env.expect(["define", "run.xml"], out=f"Domain '{NAME}' defined from run.xml\n\n", err="")
    env.expect(["start", NAME], out=f"Domain '{NAME}' started\n\n", err="")
    pids = qemu_pids(root)
    check(len(pids) == 1, "start: one QEMU outlives uvirsh", str(pids))

    r, o, _ = env.run("domid", NAME)
    check(r == 0 and re.fullmatch(r"[0-9]+\n\n", o), "domid of a running domain", o)
    id_ = o.split("\n")[0] if r == 0 else "?"

    env.expect(["list"], out=list_table([[id_, NAME, "running"]]) + "\n", err="")
    env.expect(["list", "--inactive"], out=list_table([]) + "\n", err="",
               what="list --inactive: nothing inactive")
    env.expect(["dominfo", NAME], out_re=re.escape(dominfo(id_, "running")).replace(
        re.escape("Max memory:"), r"(CPU time:       [0-9]+\.[0-9]s\n)?Max memory:"), err="")
    env.expect(["dominfo", id_], out_re=r"Id:\s+" + id_ + r"\nName:\s+" + NAME + r"\n.*", err="",
               what="dominfo by id")
    env.expect(["domname", id_], out=f"{NAME}\n\n", err="")
    env.expect(["domuuid", id_], out=f"{UUID}\n\n", err="")
    env.expect(["domstate", NAME, "--reason"], out="running (booted)\n\n", err="")
    env.expect(["start", NAME], rc=1, out="\n", err="error: Domain is already active\n")
    env.expect(["dumpxml", NAME], out_re=r"<domain .*</domain>\n\n", err="",
               what="dumpxml of a running domain")

    env.expect(["suspend", NAME], out=f"Domain '{NAME}' suspended\n\n", err="")
    env.expect(["domstate", NAME, "--reason"], out="paused (user)\n\n", err="")
    env.expect(["list"], out=list_table([[id_, NAME, "paused"]]) + "\n", err="",
               what="list: paused")
    env.expect(["resume", NAME], out=f"Domain '{NAME}' resumed\n\n", err="")
    expect_reason(env, "running", "unpaused")
    check(qemu_pids(root) == pids, "the same QEMU still runs after several uvirsh processes")
    env.expect(["-q", "suspend", NAME], out="", err="")
    env.expect(["-q", "resume", NAME], out="", err="")
    env.expect(["reboot", NAME], out=f"Domain '{NAME}' is being rebooted\n\n", err="")
    env.expect(["shutdown", NAME], out=f"Domain '{NAME}' is being shutdown\n\n", err="")

    # list order: running domains by id, then the others by name, case aside
    write(root, "b.xml", domain_xml("Beta2", str(uuid.uuid4())))
    write(root, "a.xml", domain_xml("alpha2", str(uuid.uuid4())))
    env.expect(["-q", "define a.xml; define b.xml"], out="", err="")
    env.expect(["list", "--all"], err="", out=list_table(
        [[id_, NAME, "running"], ["-", "alpha2", "shut off"], ["-", "Beta2", "shut off"]]) + "\n")
    env.expect(["-q", "undefine alpha2; undefine Beta2"], out="", err="")

    env.expect(["destroy", NAME], out=f"Domain '{NAME}' destroyed\n\n", err="")
    expect_reason(env, "shut off", "destroyed")
    check(qemu_pids(root) == [], "destroy: QEMU is gone", str(qemu_pids(root)))
    env.expect(["list", "--all"], out=list_table([["-", NAME, "shut off"]]) + "\n", err="",
               what="list --all after destroy")
    env.expect(["undefine", NAME], out=f"Domain '{NAME}' has been undefined\n\n", err="")

    # a transient domain: created, not persistent, gone once destroyed
    tname, tuuid = "uvt-transient", TRANSIENT_UUID
    write(root, "transient.xml", domain_xml(tname, tuuid))
    env.expect(["create", "transient.xml"],
               out=f"Domain '{tname}' created from transient.xml\n\n", err="")
    r, o, _ = env.run("domid", tname)
    tid = o.split("\n")[0]
    env.expect(["dominfo", tname], out_re=r"Id:\s+" + tid + r"\n.*\nPersistent:     no\n.*",
               err="", what="dominfo of a transient domain")
    env.expect(["destroy", tname], out=f"Domain '{tname}' destroyed\n\n", err="")
    env.expect(["dominfo", tname], rc=1, out="\n", err=f"error: failed to get domain '{tname}'\n",
               what="a destroyed transient domain is gone")
    check(qemu_pids(root) == [], "no QEMU left behind", str(qemu_pids(root)))


# ---- 3. unprivileged, pre-created tap, private network namespace ----

def link_json(ns, dev):
    p = subprocess.run(["ip", "-n", ns, "-d", "-j", "link", "show", dev],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        return None
    return json.loads(p.stdout)


def test_tap(root):
    ns = f"uvt-uvirsh-{os.getpid()}"
    sh = lambda *a: subprocess.run(a, check=True, stdout=subprocess.DEVNULL)  # noqa: E731
    try:
        sh("ip", "netns", "add", ns)
        sh("ip", "-n", ns, "link", "set", "lo", "up")
        sh("ip", "-n", ns, "tuntap", "add", "mode", "tap", "user", str(NOBODY), "group",
           str(NOBODY), "name", "mytap0")
        sh("ip", "-n", ns, "link", "set", "mytap0", "up")
        before = link_json(ns, "mytap0")

        env = Env(root, uid=NOBODY, netns=ns)
        write(root, "tap.xml", domain_xml(interfaces=TAP_IFACE), owner=NOBODY)
        env.expect(["define", "tap.xml"], out=f"Domain '{NAME}' defined from tap.xml\n\n", err="")
        r, o, e = env.expect(["domcheck", NAME], err="", what="domcheck of the prepared tap")
        lines = check_report(o, "domcheck of the prepared tap")
        check(any(ln.startswith("ok: ") and "mytap0" in ln for ln in lines),
              "domcheck: an ok line for mytap0", o)
        env.expect(["start", NAME], out=f"Domain '{NAME}' started\n\n",
                   err_re=r"(warning: [^\n]*\n)*", what="start as uid 65534 with mytap0")
        iflist = table(["Interface", "Type", "Source", "Model", "MAC"],
                       [["mytap0", "ethernet", "-", "virtio", MAC]])
        env.expect(["domiflist", NAME], out=iflist + "\n", err="",
                   what="domiflist of the running guest")
        r, o, _ = env.run("domid", NAME)
        env.expect(["list"], out=list_table([[o.split("\n")[0], NAME, "running"]]) + "\n", err="",
                   what="list as uid 65534")
        env.expect(["destroy", NAME], out=f"Domain '{NAME}' destroyed\n\n", err="")
        after = link_json(ns, "mytap0")
        check(before is not None and before == after,
              "mytap0 unchanged after start + destroy (ip -d -j link show)",
              f"before: {before}\nafter:  {after}")

        # a tap that is DOWN: the start succeeds and says so, as virsh prints warnings
        sh("ip", "-n", ns, "link", "set", "mytap0", "down")
        before = link_json(ns, "mytap0")
        down = re.escape("warning: Network device 'mytap0' is down") + r"[^\n]*" + \
            re.escape("'ip link set mytap0 up'.")
        r, o, e = env.expect(["start", NAME], out=f"Domain '{NAME}' started\n\n",
                             err_re=r"(warning: [^\n]*\n)*",
                             what="start as uid 65534 with mytap0 down")
        check(re.search("^" + down + "$", e, re.M) is not None,
              "start: a warning line naming 'ip link set mytap0 up'", e)
        r, o, _ = env.run("domid", NAME)
        r, info, _ = env.expect(["dominfo", NAME], err="",
                                out_re=r".*\nSecurity DOI:   0\nMessages:       [^\n]+\n"
                                       r"(                [^\n]+\n)*\n",
                                what="dominfo with messages")
        msgs = re.findall(r"^(?:Messages:      |               ) (\S[^\n]*)$", info, re.M)
        check(any("'mytap0' is down" in m and "'ip link set mytap0 up'" in m for m in msgs),
              "dominfo: a Messages: line for the DOWN tap", info)
        check(["warning: " + m for m in msgs] == e.rstrip("\n").split("\n"),
              "dominfo's messages are start's warnings, in order", f"{info}\n{e}")
        env.expect(["destroy", NAME], out=f"Domain '{NAME}' destroyed\n\n", err="")
        env.expect(["dominfo", NAME], err="", out_re=r".*\nSecurity DOI:   0\n\n",
                   what="dominfo: no messages once shut off")
        write(root, "tdown.xml", domain_xml("uvt-tdown", TRANSIENT_UUID, TAP_IFACE), owner=NOBODY)
        r, o, e = env.expect(["create", "tdown.xml"],
                             out="Domain 'uvt-tdown' created from tdown.xml\n\n",
                             err_re=r"(warning: [^\n]*\n)*",
                             what="create as uid 65534 with mytap0 down")
        check(re.search("^" + down + "$", e, re.M) is not None,
              "create: a warning line naming 'ip link set mytap0 up'", e)
        env.expect(["destroy", "uvt-tdown"], out="Domain 'uvt-tdown' destroyed\n\n", err="")
        after = link_json(ns, "mytap0")
        check(before is not None and before == after and "UP" not in after[0]["flags"],
              "the DOWN mytap0 is left exactly as it was, down (ip -d -j link show)",
              f"before: {before}\nafter:  {after}")

        # a missing device: one clear reason after virsh's first line
        write(root, "missing.xml", domain_xml("uvt-missing", MISSING_UUID,
                                              TAP_IFACE.replace("mytap0", "nosuchtap0")),
              owner=NOBODY)
        env.expect(["define", "missing.xml"],
                   out="Domain 'uvt-missing' defined from missing.xml\n\n", err="")
        r, o, e = env.expect(["domcheck", "uvt-missing"], rc=1,
                             err="error: Domain 'uvt-missing' would not start: "
                                 "see the errors above\n")
        lines = check_report(o, "domcheck of a missing tap")
        check(any(ln.startswith("error: ") and "nosuchtap0" in ln for ln in lines) and
              any(ln.startswith("  fix: ") and f"user {NOBODY}" in ln for ln in lines),
              "domcheck: the missing tap, and a fix that creates it for uid 65534", o)
        env.expect(["start", "uvt-missing"], rc=1, out="\n",
                   err_lines=["error: Failed to start domain 'uvt-missing'",
                              re.compile(r"error: .*'nosuchtap0'.*")])
        check(qemu_pids(root) == [], "no QEMU left behind (tap case)", str(qemu_pids(root)))
    finally:
        kill_qemus(root)
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)


def main():
    if not UVIRSH or not os.access(UVIRSH, os.X_OK):
        print(f"usage: {sys.argv[0]} PATH/TO/uvirsh")
        return 2
    qemu = shutil.which("qemu-system-x86_64")
    roots = []
    try:
        root = tempfile.mkdtemp(prefix="uvirshtest-")
        roots.append(root)
        print(f"# 1. without QEMU, root {root}")
        test_offline(Env(root))

        if qemu is None:
            print("SKIP: parts 2 and 3 need qemu-system-x86_64, which is not installed")
            return 77 if not failures else 1
        root = tempfile.mkdtemp(prefix="uvirshtest-")
        roots.append(root)
        print(f"# 2. with QEMU (TCG), root {root}")
        test_running(Env(root))

        if os.geteuid() != 0:
            print("SKIP: part 3 needs root to create the network namespace and the tap")
        else:
            root = tempfile.mkdtemp(prefix="uvirshtest-")
            roots.append(root)
            os.chmod(root, 0o700)
            os.chown(root, NOBODY, NOBODY)
            mode = stat.S_IMODE(os.stat("/dev/net/tun").st_mode)
            if mode & 0o006 != 0o006:
                # uid 65534 must open /dev/net/tun to attach to its own tap
                print(f"NOTE: /dev/net/tun was mode {mode:o}; setting 0666 (Debian's usual)")
                os.chmod("/dev/net/tun", 0o666)
            print(f"# 3. as uid {NOBODY} in a network namespace, root {root}")
            test_tap(root)
    finally:
        for r in roots:
            kill_qemus(r)
            shutil.rmtree(r, ignore_errors=True)

    print(f"{checks} checks, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
