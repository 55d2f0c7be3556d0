#!/bin/sh
# bench/run.sh: uvirt's start latency and footprint, side by side in one run
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   sudo bench/run.sh            (UVIRT_BUILD=DIR to use another build, RUNS=N per column)
#
# Everything runs as uid 65534 inside a private network namespace, each guest
# on a tap that root pre-created for that uid: TCG, 64 MiB, no disk, one
# virtio NIC. Columns:
#   qemu floor        QEMU alone: spawn (-S -daemonize), QMP greeting, qmp_capabilities, cont
#   uvirsh embedded   uvirsh -c qemu:///embed?root=DIR start
#   virsh -> uvirtd   Debian's virsh -c qemu+unix:///session?socket=... start, against uvirtd
#   uvirsh -> uvirtd  uvirsh through the remote driver, against the same uvirtd
#   libvirt           virsh -c qemu:///session start, only when libvirt-daemon-driver-qemu is
#                     installed (the project never installs it)
# then uvirtd's RSS idle and with 10 guests running, and 20 guests started at
# once by 20 virsh processes. Prints a table and one JSON line.
#
# The floor and every client column are timed alike, by a python process that
# already runs in the namespace as uid 65534 (qemu-floor.py, start-ms.py): from
# spawning QEMU or the client to cont's reply or the client's exit. Entering the
# namespace and switching uid (ip netns exec, setpriv, env: about 5 ms here)
# is in no column.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${UVIRT_BUILD:-$top/build}
runs=${RUNS:-7}
NOBODY=65534

die() {
    echo "bench: $*" >&2
    exit 1
}

[ "$(id -u)" -eq 0 ] || die "run as root: it creates a network namespace and taps for uid $NOBODY"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is missing"
command -v virsh >/dev/null || die "virsh is missing (libvirt-clients)"
if [ ! -x "$build/daemon/uvirtd" ] || [ ! -x "$build/tools/uvirsh" ]; then
    [ -f "$build/build.ninja" ] || meson setup "$build" "$top" >/dev/null
    ninja -C "$build" >/dev/null
fi
uvirsh="$build/tools/uvirsh"
uvirtd="$build/daemon/uvirtd"

ns="uvt-bench-$$"
tmp=$(mktemp -d /tmp/uvt-bench-XXXXXX)
daemon_pid=""
tun_mode=""

cleanup() {
    set +e
    [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
    # QEMU processes of this run name $tmp on their command line.
    for p in /proc/[0-9]*; do
        { tr '\0' ' ' <"$p/cmdline" | grep -q "qemu.*$tmp" && kill -9 "${p#/proc/}"; } 2>/dev/null
    done
    # libvirt's session daemons spawned for this run (their environment names $tmp).
    for p in $(pgrep -u "$NOBODY" -x 'virtqemud|libvirtd|virtlogd'); do
        tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -q "$tmp" && kill "$p" 2>/dev/null
    done
    ip netns del "$ns" 2>/dev/null
    [ -n "$tun_mode" ] && chmod "$tun_mode" /dev/net/tun
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

chmod 755 "$tmp"
mkdir -p "$tmp/home" "$tmp/embed" "$tmp/daemon" "$tmp/run"
chown "$NOBODY:$NOBODY" "$tmp/home" "$tmp/embed" "$tmp/daemon" "$tmp/run"

# uid 65534 opens its taps through /dev/net/tun.
mode=$(stat -c %a /dev/net/tun)
if [ "$mode" != 666 ]; then
    echo "note: /dev/net/tun is mode $mode; setting 0666 for this run so uid $NOBODY can open its taps"
    tun_mode=$mode
    chmod 666 /dev/net/tun
fi

ip netns add "$ns"
ip netns exec "$ns" ip link set lo up
for t in b0 $(seq -f 'c%g' 1 20); do
    ip netns exec "$ns" ip tuntap add mode tap user "$NOBODY" group "$NOBODY" name "$t"
    ip netns exec "$ns" ip link set "$t" up
done

nobody() {
    ip netns exec "$ns" setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups \
        env HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/home" LC_ALL=C "$@"
}

# guest NAME TAP N: the benchmark guest's XML in $tmp/NAME.xml
guest() {
    cat >"$tmp/$1.xml" <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='KiB'>65536</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <interface type='ethernet'>
      <mac address='52:54:00:be:00:$(printf %02x "$3")'/>
      <target dev='$2' managed='no'/>
      <model type='virtio'/>
    </interface>
  </devices>
</domain>
XML
    chmod 644 "$tmp/$1.xml"
}

now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

median() {
    sort -n | awk '{v[NR] = $1} END {if (NR == 0) print "null"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# start_ms CLIENT... : ms of one "start b1" (then "destroy b1", not timed)
start_ms() {
    nobody /usr/bin/python3 "$top/bench/start-ms.py" b1 "$@" || die "start failed: $*"
}

rss_kib() {
    awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
}

guest b1 b0 1

embed="qemu:///embed?root=$tmp/embed"
nobody "$uvirsh" -c "$embed" define "$tmp/b1.xml" >/dev/null

sock="$tmp/run/uvirtd-sock"
uri="qemu+unix:///session?socket=$sock"
# A plain command in the background, so $! is uvirtd itself (ip, setpriv and env exec).
ip netns exec "$ns" setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups \
    env HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/home" "$uvirtd" \
    --uri "qemu:///embed?root=$tmp/daemon" --socket "$sock" >"$tmp/uvirtd.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 100); do
    [ -S "$sock" ] && break
    sleep 0.05
done
[ -S "$sock" ] || die "uvirtd did not start: $(cat "$tmp/uvirtd.log")"
sleep 0.2
idle_rss=$(rss_kib "$daemon_pid")
nobody virsh -c "$uri" define "$tmp/b1.xml" >/dev/null

# Round robin, so a change in the machine's load hits every column alike.
echo "bench: $runs rounds of floor / uvirsh / virsh->uvirtd / uvirsh->uvirtd..." >&2
: >"$tmp/floor" >"$tmp/embed.ms" >"$tmp/virsh.ms" >"$tmp/uvremote.ms"
for _ in $(seq "$runs"); do
    nobody /usr/bin/python3 "$top/bench/qemu-floor.py" b0 1 >>"$tmp/floor"
    start_ms "$uvirsh" -c "$embed" >>"$tmp/embed.ms"
    start_ms virsh -c "$uri" >>"$tmp/virsh.ms"
    start_ms "$uvirsh" -c "$uri" >>"$tmp/uvremote.ms"
done
floor=$(median <"$tmp/floor")
uvirsh_ms=$(median <"$tmp/embed.ms")
virsh_ms=$(median <"$tmp/virsh.ms")
uvirsh_remote_ms=$(median <"$tmp/uvremote.ms")

libvirt_ms=null
libvirtd_rss=null
libvirt_note="skipped: libvirt-daemon-driver-qemu is not installed"
if dpkg-query -W -f='${db:Status-Status}' libvirt-daemon-driver-qemu 2>/dev/null | grep -qx installed; then
    echo "bench: libvirt session daemon..." >&2
    if nobody virsh -c qemu:///session define "$tmp/b1.xml" >/dev/null 2>&1; then
        libvirt_ms=$(for _ in $(seq "$runs"); do start_ms virsh -c qemu:///session; done | median)
        libvirt_note=""
        # The session daemons libvirt spawned for uid 65534, with no guest running: the
        # QEMU driver's daemon and virtlogd, which it needs to start a guest at all.
        libvirtd_rss=0
        for lpid in $(pgrep -u "$NOBODY" -x 'virtqemud|libvirtd|virtlogd' || true); do
            libvirtd_rss=$((libvirtd_rss + $(rss_kib "$lpid")))
        done
        [ "$libvirtd_rss" -gt 0 ] || libvirtd_rss=null
        nobody virsh -c qemu:///session undefine b1 >/dev/null 2>&1 || true
    else
        libvirt_note="skipped: libvirt's session daemon refused the guest"
    fi
fi

echo "bench: 10 guests..." >&2
for n in $(seq 1 10); do
    guest "r$n" "c$n" $((n + 1))
    nobody virsh -c "$uri" define "$tmp/r$n.xml" >/dev/null
    nobody virsh -c "$uri" start "r$n" >/dev/null || die "start r$n failed"
done
rss10=$(rss_kib "$daemon_pid")
for n in $(seq 1 10); do
    nobody virsh -c "$uri" destroy "r$n" >/dev/null
    nobody virsh -c "$uri" undefine "r$n" >/dev/null
done

echo "bench: 20 guests at once..." >&2
for n in $(seq 1 20); do
    guest "p$n" "c$n" $((n + 20))
    nobody virsh -c "$uri" define "$tmp/p$n.xml" >/dev/null
done
t0=$(now_ms)
pids=""
for n in $(seq 1 20); do
    (nobody virsh -c "$uri" start "p$n" >"$tmp/p$n.out" 2>&1 && echo ok >"$tmp/p$n.ok") &
    pids="$pids $!"
done
for p in $pids; do
    wait "$p" || true
done
t1=$(now_ms)
concurrent_ms=$((t1 - t0))
concurrent_ok=$(ls "$tmp"/p*.ok 2>/dev/null | wc -l)
running=$(nobody virsh -c "$uri" list --name | grep -c '^p' || true)
for n in $(seq 1 20); do
    nobody virsh -c "$uri" destroy "p$n" >/dev/null 2>&1 || true
done

kill "$daemon_pid"
wait "$daemon_pid" 2>/dev/null || true
daemon_pid=""

ratio=$(awk -v a="$uvirsh_ms" -v b="$floor" 'BEGIN {printf "%.2f", a / b}')
printf '\n%-34s %10s\n' "measurement (median of $runs)" "value"
printf '%-34s %10s\n' "----------------------------------" "----------"
printf '%-34s %7s ms\n' "QEMU floor (spawn+QMP+cont)" "$floor"
printf '%-34s %7s ms  (%sx floor)\n' "uvirsh start, embedded" "$uvirsh_ms" "$ratio"
printf '%-34s %7s ms\n' "virsh start -> uvirtd" "$virsh_ms"
printf '%-34s %7s ms\n' "uvirsh start -> uvirtd" "$uvirsh_remote_ms"
if [ "$libvirt_ms" = null ]; then
    printf '%-34s %10s  (%s)\n' "virsh start, libvirt qemu:///session" "-" "$libvirt_note"
else
    printf '%-34s %7s ms  (%sx uvirsh embedded)\n' "virsh start, libvirt qemu:///session" \
        "$libvirt_ms" "$(awk -v a="$libvirt_ms" -v b="$uvirsh_ms" 'BEGIN {printf "%.1f", a / b}')"
fi
printf '%-34s %7s KiB\n' "uvirtd RSS idle" "$idle_rss"
[ "$libvirtd_rss" = null ] || printf '%-34s %7s KiB  (%sx uvirtd)\n' \
    "libvirt session daemons RSS idle" "$libvirtd_rss" \
    "$(awk -v a="$libvirtd_rss" -v b="$idle_rss" 'BEGIN {printf "%.1f", a / b}')"
printf '%-34s %7s KiB\n' "uvirtd RSS, 10 guests running" "$rss10"
printf '%-34s %7s ms  (%s/20 started, %s running)\n' "20 guests started at once" \
    "$concurrent_ms" "$concurrent_ok" "$running"
echo
printf '{"runs":%s,"qemu_floor_ms":%s,"uvirsh_embedded_start_ms":%s,"uvirsh_vs_floor":%s,"virsh_uvirtd_start_ms":%s,"uvirsh_uvirtd_start_ms":%s,"libvirt_session_start_ms":%s,"uvirtd_idle_rss_kib":%s,"uvirtd_rss_10_guests_kib":%s,"concurrent_20_ms":%s,"concurrent_20_ok":%s,"libvirt_daemon_idle_rss_kib":%s}\n' \
    "$runs" "$floor" "$uvirsh_ms" "$ratio" "$virsh_ms" "$uvirsh_remote_ms" "$libvirt_ms" \
    "$idle_rss" "$rss10" "$concurrent_ms" "$concurrent_ok" "$libvirtd_rss"
[ "$concurrent_ok" -eq 20 ] || die "only $concurrent_ok of 20 concurrent starts succeeded: $(cat "$tmp"/p*.out)"
