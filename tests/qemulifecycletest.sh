#!/bin/sh
# qemulifecycletest.sh: domains through uvirsh against real QEMU (TCG) with
# real tap and macvtap devices, as uid 65534 in a private network namespace,
# the devices pre-created by root the way the feature is meant to be used.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# usage: qemulifecycletest.sh /path/to/uvirsh
set -u

UVIRSH=${1:?usage: $0 /path/to/uvirsh}
QEMU=${UVIRT_TEST_QEMU:-/usr/bin/qemu-system-x86_64}
USER_ID=65534

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root to create the network namespace and devices"
[ -x "$QEMU" ] || skip "no QEMU at $QEMU"
command -v ip >/dev/null || skip "no ip(8)"
command -v setpriv >/dev/null || skip "no setpriv(1)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"

NS=uvt-lc-$$
TMP=$(mktemp -d /tmp/uvt-lifecycle.XXXXXX)
ROOT=$TMP/root
URI="qemu:///embed?root=$ROOT"
FAILS=0
CHECKS=0

cleanup() {
    # any QEMU left behind by a failed check
    for st in "$ROOT"/run/qemu/*.state; do
        [ -f "$st" ] || continue
        pid=$(sed -n 's/^pid=//p' "$st")
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    done
    pkill -9 -f "uvt-lifecycle-guard-$$" 2>/dev/null
    ip netns del "$NS" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

ok() { CHECKS=$((CHECKS + 1)); echo "ok $CHECKS - $*"; }
fail() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); echo "not ok $CHECKS - $*"; }
check() { # description, command...
    desc=$1; shift
    if "$@"; then ok "$desc"; else fail "$desc"; fi
}

# run as the unprivileged user inside the namespace
as_user() { ip netns exec "$NS" setpriv --reuid=$USER_ID --regid=$USER_ID --clear-groups "$@"; }
as_root() { ip netns exec "$NS" "$@"; }
uv() { as_user "$UVIRSH" -c "$URI" "$@"; }
uv_root() { as_root "$UVIRSH" -c "$URI-root" "$@"; }
uvq() { uv "$@" >/dev/null 2>&1; }
alive() { # pid: running and not a zombie
    st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [ -n "$st" ] && [ "$st" != Z ]
}
dead() { ! alive "$1"; }
wait_for() { # command...: up to 10 s for it to succeed
    for _ in $(seq 1 100); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}
no_qemu_for() { ! pgrep -f "^[^ ]* -name guest=$1," >/dev/null; }
out_has() { # pattern, uvirsh arguments...: the output matches
    pat=$1; shift
    uv "$@" 2>&1 | grep -q -- "$pat"
}
out_lacks() { ! out_has "$@"; }

domxml() { # name, interface xml [, emulator]
    emu=${3:-}
    cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <features><acpi/></features>
  <devices>
    ${emu:+<emulator>$emu</emulator>}
    $2
  </devices>
</domain>
XML
}

state_of() { uv domstate "$1" 2>/dev/null | head -n 1; }
pid_of() { sed -n 's/^pid=//p' "$ROOT/run/qemu/$1.state" 2>/dev/null; }
link_json() { as_root ip -d -j link show "$1"; }
runtime_files() { # what a domain left in the state dir, besides locks, the id counter and why it stopped
    ls "$ROOT/run/qemu" 2>/dev/null | grep -v -e '^lock$' -e '^next-id$' -e '\.shutoff$' | grep "^$1\." || true
}
reason_of() { uv domstate --reason "$1" 2>/dev/null | head -n 1; }
reason_is() { test "$(reason_of "$1")" = "$2"; }
check_reason() { # domain, expected "state (reason)", what
    got=$(reason_of "$1")
    if [ "$got" = "$2" ]; then ok "$3: $2"; else fail "$3: '$got', expected '$2'"; fi
}

ip netns add "$NS" || skip "cannot create a network namespace"
as_root ip link set lo up
as_root ip tuntap add mode tap user $USER_ID group $USER_ID name mytap0 || skip "cannot create a tap"
as_root ip link set mytap0 up
as_root ip link add vlow0 type veth peer name vlow1
as_root ip link set vlow0 up
# /dev/tapIFINDEX is one node for every namespace: a high, per-run ifindex keeps this test's
# macvtap node apart from those of other namespaces (tests running at the same time)
MVT_INDEX=$((3000 + $$ % 20000))
as_root ip link add link vlow0 name mvt0 index $MVT_INDEX address 52:54:00:33:33:33 type macvtap mode bridge ||
    skip "cannot create a macvtap"
as_root ip link set mvt0 up
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -c "/dev/tap$MVT_INDEX" ] && break; sleep 0.1; done
chown $USER_ID:$USER_ID "/dev/tap$MVT_INDEX"

mkdir -p "$ROOT"
chown $USER_ID:$USER_ID "$ROOT"
chmod 755 "$TMP"

TAP_IF="<interface type='ethernet'><mac address='52:54:00:22:22:22'/><target dev='mytap0' managed='no'/><model type='virtio'/></interface>"
MVT_IF="<interface type='ethernet'><mac address='52:54:00:33:33:33'/><target dev='mvt0' managed='no'/><model type='virtio'/></interface>"

# ---- define, start, inspect, destroy, undefine: a pre-created tap ----
domxml g1 "$TAP_IF" > "$TMP/g1.xml"
TAP_BEFORE=$(link_json mytap0)
check "define" uvq define "$TMP/g1.xml"
check "defined domain is shut off" test "$(state_of g1)" = "shut off"
check_reason g1 "shut off (unknown)" "never started"
check "start with a pre-created tap" uvq start g1
check_reason g1 "running (booted)" "started"
# uvirsh has exited: the guest must still run, and a new uvirsh finds it
PID=$(pid_of g1)
check "QEMU runs after uvirsh exited" alive "$PID"
check "QEMU runs as uid $USER_ID" test "$(stat -c %u /proc/"$PID")" = $USER_ID
check "a later uvirsh sees it running" test "$(state_of g1)" = "running"
check "list shows it" out_has ' g1 .*running' list
check "dominfo says running" out_has '^State: *running' dominfo g1
check "QEMU holds the tap (/dev/net/tun)" sh -c "ls -l /proc/$PID/fd | grep -q /dev/net/tun"
check "QEMU inherited no lock or state file" sh -c "! ls -l /proc/$PID/fd | grep -q -e '\.lock' -e '\.state' -e '\.xml'"
check "QEMU's stdin is /dev/null and its output the domain log" sh -c \
    "test \"\$(readlink /proc/$PID/fd/0)\" = /dev/null && test \"\$(readlink /proc/$PID/fd/2)\" = '$ROOT/log/qemu/g1.log'"
check "live XML has id=" out_has "<domain type='qemu' id='" dumpxml g1
check "live XML has aliases" out_has "<alias name='net0'/>" dumpxml g1
check "inactive XML has no id=" out_lacks " id='" dumpxml --inactive g1
check "suspend" uvq suspend g1
check "suspended reads paused" test "$(state_of g1)" = "paused"
check_reason g1 "paused (user)" "suspended"
check "resume" uvq resume g1
check "resumed reads running" test "$(state_of g1)" = "running"
check_reason g1 "running (unpaused)" "resumed"
check "shutdown sends the ACPI request" uvq shutdown g1
check "destroy" uvq destroy g1
check "destroyed reads shut off" test "$(state_of g1)" = "shut off"
check_reason g1 "shut off (destroyed)" "destroyed"
check "QEMU is gone after destroy" dead "$PID"
check "no runtime file after destroy" test -z "$(runtime_files g1)"
check "the tap is unchanged after destroy" test "$TAP_BEFORE" = "$(link_json mytap0)"

# ---- <mtu> reaches the guest NIC (host_mtu), never the pre-created tap ----
domxml gmtu "<interface type='ethernet'><mac address='52:54:00:22:22:23'/><target dev='mytap0' managed='no'/><model type='virtio'/><mtu size='9000'/></interface>" > "$TMP/gmtu.xml"
uvq define "$TMP/gmtu.xml"
check "start with <mtu size='9000'/>" uvq start gmtu
check "QEMU got host_mtu 9000" grep -q '"host_mtu":9000' "/proc/$(pid_of gmtu)/cmdline"
check "the tap's own MTU is untouched while running" test "$(as_root cat /sys/class/net/mytap0/mtu)" = 1500
uvq destroy gmtu
check "the tap is unchanged after the MTU guest" test "$TAP_BEFORE" = "$(link_json mytap0)"

# ---- guest power-off (QEMU exits by itself) reads as shut off ----
uv start g1 >/dev/null
PID=$(pid_of g1)
kill -TERM "$PID"
wait_for dead "$PID"
check "a QEMU that exited reads shut off" test "$(state_of g1)" = "shut off"
check "its runtime state is cleaned by the reader" test -z "$(runtime_files g1)"
# SIGTERM from anyone: QEMU shuts down in order (libvirt gets a SHUTDOWN event)
check_reason g1 "shut off (shutdown)" "QEMU ended by SIGTERM"
uv start g1 >/dev/null
PID=$(pid_of g1)
kill -KILL "$PID"
wait_for dead "$PID"
check_reason g1 "shut off (crashed)" "QEMU killed without a word (SIGKILL)"
check "the crashed domain's runtime state is cleaned" test -z "$(runtime_files g1)"
uv start g1 >/dev/null
uvq suspend g1
PID=$(pid_of g1)
kill -KILL "$PID"
wait_for dead "$PID"
check_reason g1 "shut off (crashed)" "a paused QEMU killed (SIGKILL)"

# ---- lifecycle actions QEMU carries out alone ----
lifecycle() { # name, on_poweroff, on_reboot [, extra devices]: a definition with them
    domxml "$1" "<interface type='user'><model type='virtio'/></interface>${4:-}" |
        sed "s|<features>|<on_poweroff>$2</on_poweroff><on_reboot>$3</on_reboot><features>|"
}
# a boot sector that powers the guest off at once, the ACPI way (PM1a_CNT at SeaBIOS's 0x604,
# SLP_EN with sleep type 0 = soft off): a guest-initiated power-off in milliseconds
{ printf '\272\004\006\270\000\040\357\364\353\375'; head -c 500 /dev/zero; printf '\125\252'; } > "$TMP/poweroff.img"
truncate -s 1M "$TMP/poweroff.img" # SeaBIOS does not boot a one-sector disk
chmod 644 "$TMP/poweroff.img"
POWEROFF_DISK="<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='$TMP/poweroff.img'/><target dev='vda' bus='virtio'/><readonly/><boot order='1'/></disk>"
lifecycle gpo destroy restart "$POWEROFF_DISK" > "$TMP/gpo.xml"
uvq define "$TMP/gpo.xml"
check "a guest that powers itself off starts" uvq start gpo
PID=$(pid_of gpo)
check "the guest's power-off ends QEMU (on_poweroff=destroy)" wait_for dead "$PID"
check_reason gpo "shut off (shutdown)" "the guest powered off"
check "the guest's power-off leaves nothing" test -z "$(runtime_files gpo)"
lifecycle glr destroy destroy > "$TMP/glr.xml"
uvq define "$TMP/glr.xml"
uvq start glr
PID=$(pid_of glr)
check "on_reboot=destroy: QEMU has -no-reboot" sh -c "tr '\\0' '\\n' < /proc/$PID/cmdline | grep -qx -- -no-reboot"
check "on_reboot=destroy: reboot" uvq reboot glr
check "on_reboot=destroy: the reboot ends QEMU" wait_for dead "$PID"
check_reason glr "shut off (shutdown)" "on_reboot=destroy after a reboot"
check "on_reboot=destroy: nothing left" test -z "$(runtime_files glr)"
lifecycle glp preserve restart "$POWEROFF_DISK" > "$TMP/glp.xml"
uvq define "$TMP/glp.xml"
check "on_poweroff=preserve: start" uvq start glp
PID=$(pid_of glp)
check "on_poweroff=preserve: QEMU has -no-shutdown" sh -c "tr '\\0' '\\n' < /proc/$PID/cmdline | grep -qx -- -no-shutdown"
check "on_poweroff=preserve: the guest's power-off leaves it paused (shutting down)" \
    wait_for reason_is glp "paused (shutting down)"
check "on_poweroff=preserve: QEMU stays" alive "$PID"
check "on_poweroff=preserve: dominfo says paused" out_has '^State: *paused' dominfo glp
check "on_poweroff=preserve: reboot the powered-off guest" uvq reboot glp
check "on_poweroff=preserve: after the reset it waits, paused (unknown)" \
    wait_for reason_is glp "paused (unknown)"
check "on_poweroff=preserve: resume it" uvq resume glp
check "on_poweroff=preserve: it ran and powered off again" \
    wait_for reason_is glp "paused (shutting down)"
check "on_poweroff=preserve: destroy" uvq destroy glp
check_reason glp "shut off (destroyed)" "on_poweroff=preserve, destroyed"
lifecycle glx restart restart > "$TMP/glx.xml"
uvq define "$TMP/glx.xml"
uv start glx > "$TMP/glx.out" 2>&1
check "on_poweroff=restart is refused at start" test $? -ne 0
check "the refusal names the element, the value and what works" \
    grep -q "^error: <on_poweroff>restart</on_poweroff> is not supported: .*'destroy' or 'preserve'" "$TMP/glx.out"
check "no QEMU for the refused domain" no_qemu_for glx
check "no runtime file for the refused domain" test -z "$(runtime_files glx)"

# ---- two concurrent starts: exactly one wins ----
uv start g1 > "$TMP/s1.out" 2>&1 &
P1=$!
uv start g1 > "$TMP/s2.out" 2>&1 &
P2=$!
wait $P1; R1=$?
wait $P2; R2=$?
check "concurrent starts: exactly one succeeds ($R1, $R2)" test $((R1 + R2)) -eq 1 -a $((R1 * R2)) -eq 0
check "the other says the domain is already active" grep -q "already active" "$TMP/s1.out" "$TMP/s2.out"
check "one QEMU runs" test "$(pgrep -c -f '^[^ ]* -name guest=g1,')" = 1
uv destroy g1 >/dev/null

# ---- a stale state file whose pid was recycled reads as shut off ----
uv start g1 >/dev/null
PID=$(pid_of g1)
uv destroy g1 >/dev/null
cp "$(command -v sleep)" "$TMP/uvt-lifecycle-guard-$$"
# in a subshell, so this shell does not report its death
(as_user "$TMP/uvt-lifecycle-guard-$$" 60 >/dev/null 2>&1 &)
wait_for pgrep -f "uvt-lifecycle-guard-$$"
GUARD_PID=$(pgrep -f "uvt-lifecycle-guard-$$" | head -n 1)
cat > "$ROOT/run/qemu/g1.state" <<STATE
[domain]
pid=$GUARD_PID
start-time=1
id=99
uuid=00000000-0000-4000-8000-000000000001
monitor=$ROOT/run/qemu/g1.monitor
paused=false
transient=false
managed-taps=
STATE
check "a recycled pid reads as shut off" test "$(state_of g1)" = "shut off"
check "the stale state file is removed" test ! -e "$ROOT/run/qemu/g1.state"
check_reason g1 "shut off (unknown)" "a state file that does not say where QEMU's log starts"
check "the process that reused the pid is left alone" alive "$GUARD_PID"

# ---- a state file from before a host reboot (disk-backed root): its pid and start time
# ---- may match an unrelated process; the boot id tells them apart ----
GUARD_START=$(sed 's/.*) //' "/proc/$GUARD_PID/stat" | cut -d' ' -f20)
BOOT_ID=$(cat /proc/sys/kernel/random/boot_id)
boot_state() { # boot id: a state naming the guard with its real start time
    cat > "$ROOT/run/qemu/g1.state" <<STATE
[domain]
pid=$GUARD_PID
start-time=$GUARD_START
boot-id=$1
id=98
uuid=00000000-0000-4000-8000-000000000001
monitor=$ROOT/run/qemu/g1.monitor
paused=false
transient=false
managed-taps=
STATE
    : > "$ROOT/run/qemu/g1.monitor"
}
boot_state 11111111-2222-4333-8444-555555555555
uv destroy g1 >/dev/null 2>&1
check "destroy of another boot's state signals nothing" alive "$GUARD_PID"
boot_state 11111111-2222-4333-8444-555555555555
check "a state from another boot naming a live pid and its start time reads as shut off" \
    test "$(state_of g1)" = "shut off"
check "the other boot's runtime files are removed" test -z "$(runtime_files g1)"
check "the process with the other boot's pid is left alone" alive "$GUARD_PID"
boot_state "$BOOT_ID"
check "the same state from this boot reads as running" test "$(state_of g1)" = "running"
rm -f "$ROOT/run/qemu/g1.state" "$ROOT/run/qemu/g1.monitor"
kill "$GUARD_PID" 2>/dev/null

# ---- failure after the tap fds are open: nothing changes, nothing is left ----
domxml gbad "$TAP_IF" /nonexistent/qemu-system-x86_64 > "$TMP/gbad.xml"
uv define "$TMP/gbad.xml" >/dev/null
TAP_BEFORE=$(link_json mytap0)
uv start gbad > "$TMP/bad.out" 2>&1
check "a missing emulator fails the start" test $? -ne 0
check "the error names the emulator" grep -q "Unable to run the QEMU emulator '/nonexistent/qemu-system-x86_64'" "$TMP/bad.out"
check "the tap is unchanged after the failed start" test "$TAP_BEFORE" = "$(link_json mytap0)"
check "no QEMU process is left" no_qemu_for gbad
check "no runtime file is left" test -z "$(runtime_files gbad)"
check "the failed domain reads shut off" test "$(state_of gbad)" = "shut off"
check_reason gbad "shut off (failed)" "a failed start"

# a start refused before QEMU runs (no such tap) unwinds too: no channel directory is left
domxml gnotap "<interface type='ethernet'><mac address='52:54:00:77:77:77'/>
    <target dev='nosuchtap0' managed='no'/><model type='virtio'/></interface>
    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>" > "$TMP/gnotap.xml"
uv define "$TMP/gnotap.xml" >/dev/null
uv start gnotap > "$TMP/notap.out" 2>&1
check "a missing tap fails the start" test $? -ne 0
check "the error names the missing tap" grep -q "Network device 'nosuchtap0' does not exist" "$TMP/notap.out"
check "no runtime file (channel directory) is left by a start refused early" test -z "$(runtime_files gnotap)"
check_reason gnotap "shut off (failed)" "a start refused early"
uvq undefine gnotap

# QEMU dying early: the error carries the last line of its log
cat > "$TMP/fake-qemu" <<'SH'
#!/bin/sh
echo "fake-qemu: cannot set up guest memory for the test" >&2
exit 1
SH
chmod 755 "$TMP/fake-qemu"
domxml gdie "$TAP_IF" "$TMP/fake-qemu" > "$TMP/gdie.xml"
uv define "$TMP/gdie.xml" >/dev/null
uv start gdie > "$TMP/die.out" 2>&1
check "an emulator that dies fails the start" test $? -ne 0
check "the error quotes QEMU's last log line" grep -q "cannot set up guest memory for the test" "$TMP/die.out"
check "the tap is unchanged after QEMU died" test "$TAP_BEFORE" = "$(link_json mytap0)"
check "no runtime file is left after QEMU died" test -z "$(runtime_files gdie)"
check_reason gdie "shut off (failed)" "QEMU died while starting"

# ---- a pre-created macvtap ----
domxml gm "$MVT_IF" > "$TMP/gm.xml"
MVT_BEFORE=$(link_json mvt0)
uv define "$TMP/gm.xml" >/dev/null
check "start with a pre-created macvtap" uvq start gm
PID=$(pid_of gm)
check "QEMU holds /dev/tap$MVT_INDEX" sh -c "ls -l /proc/$PID/fd | grep -q /dev/tap$MVT_INDEX"
check "destroy the macvtap guest" uvq destroy gm
check "the macvtap is unchanged after destroy" test "$MVT_BEFORE" = "$(link_json mvt0)"
sed "s/52:54:00:33:33:33/52:54:00:44:44:44/; s/<name>gm</<name>gmx</" "$TMP/gm.xml" > "$TMP/gmx.xml"
uv define "$TMP/gmx.xml" >/dev/null
uv start gmx > "$TMP/gmx.out" 2>&1
check "a macvtap MAC mismatch is refused" test $? -ne 0
check "the mismatch is reported on an error: line" grep -q "^error: .*mvt0" "$TMP/gmx.out"

# ---- a multi-queue tap: one fd per queue ----
as_root ip tuntap add mode tap multi_queue user $USER_ID group $USER_ID name mqtap0
as_root ip link set mqtap0 up
MQ_IF="<interface type='ethernet'><mac address='52:54:00:66:66:66'/><target dev='mqtap0' managed='no'/><model type='virtio'/><driver queues='2'/></interface>"
domxml gq "$MQ_IF" > "$TMP/gq.xml"
MQ_BEFORE=$(link_json mqtap0)
uvq define "$TMP/gq.xml"
check "start with a 2-queue tap" uvq start gq
PID=$(pid_of gq)
check "QEMU holds two tun fds" test "$(ls -l /proc/"$PID"/fd | grep -c /dev/net/tun)" = 2
check "destroy the multi-queue guest" uvq destroy gq
check "the multi-queue tap is unchanged" test "$MQ_BEFORE" = "$(link_json mqtap0)"
sed "s/mqtap0/mytap0/; s/<name>gq</<name>gq1</; s/66:66:66/66:66:67/" "$TMP/gq.xml" > "$TMP/gq1.xml"
uvq define "$TMP/gq1.xml"
uv start gq1 > "$TMP/gq1.out" 2>&1
check "2 queues on a single-queue tap are refused" test $? -ne 0
check "the refusal names the tap" grep -q "^error: .*mytap0" "$TMP/gq1.out"
check "no runtime file after the refusal" test -z "$(runtime_files gq1)"

# ---- domxml-to-native: touches nothing, and the line runs as pasted by the same user ----
TAP_BEFORE=$(link_json mytap0)
uv domxml-to-native qemu-argv "$TMP/g1.xml" > "$TMP/native-tap.sh" 2>&1
check "domxml-to-native for a pre-created tap" grep -q '"type":"tap","ifname":"mytap0","script":"no","downscript":"no"' "$TMP/native-tap.sh"
check "domxml-to-native left the tap unchanged" test "$TAP_BEFORE" = "$(link_json mytap0)"
uv domxml-to-native qemu-argv "$TMP/gm.xml" > "$TMP/native-mvt.sh" 2>&1
check "domxml-to-native for a macvtap opens /dev/tapN in the shell" grep -q " 3<>/dev/tap$MVT_INDEX\$" "$TMP/native-mvt.sh"
for kind in tap mvt; do
    sed -i "s|path=[^,]*\.monitor|path=$ROOT/native-$kind.sock|" "$TMP/native-$kind.sh"
    as_user timeout 1 sh "$TMP/native-$kind.sh" > "$TMP/native-$kind.out" 2>&1
    check "the pasted $kind command line runs QEMU (until the timeout)" test $? = 124
done

# ---- a unix channel without a path (KubeVirt's guest agent) and a pty serial ----
domxml gc "<serial type='pty'><target port='0'/></serial>
    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>" > "$TMP/gc.xml"
GC_SOCK="$ROOT/run/qemu/gc.channels/org.qemu.guest_agent.0.sock"
check "define a guest with a path-less unix channel" uvq define "$TMP/gc.xml"
check "it starts" uvq start gc
check "the live XML has the socket uvirt chose" out_has "<source mode='bind' path='$GC_SOCK'/>" dumpxml gc
check "QEMU listens on it" test -S "$GC_SOCK"
check "the inactive XML still has no path" out_lacks "gc.channels" dumpxml --inactive gc
check "the live XML has the serial's pty" out_has "<source path='/dev/pts/[0-9]*'/>" dumpxml gc
check "destroy it" uvq destroy gc
check "the channel directory is gone with it" test ! -e "$ROOT/run/qemu/gc.channels"
check "undefine it" uvq undefine gc

# ---- transient domains vanish when stopped ----
domxml gt "<interface type='user'><model type='virtio'/></interface>" > "$TMP/gt.xml"
check "create a transient domain" uvq create "$TMP/gt.xml"
check "it is listed running" test "$(state_of gt)" = "running"
check "destroy the transient domain" uvq destroy gt
check "it is gone" out_lacks ' gt ' list --all

# ---- undefine ----
check "undefine" uvq undefine g1
check "undefine forgets why it stopped" test ! -e "$ROOT/run/qemu/g1.shutoff"
check "undefined domain is gone" out_has "error:" dominfo g1
check "files are private (0700 dirs, 0600 files)" sh -c \
    "test -z \"\$(find '$ROOT' -mindepth 1 \( -type d ! -perm 0700 \) -o \( -type f ! -perm 0600 \))\""

# ---- as root: a managed tap is created at start and gone after destroy ----
domxml gr "<interface type='ethernet'><mac address='52:54:00:55:55:55'/><model type='virtio'/></interface>" > "$TMP/gr.xml"
uv_root define "$TMP/gr.xml" >/dev/null
check "root: start with a managed tap" sh -c "ip netns exec $NS '$UVIRSH' -c '$URI-root' start gr >/dev/null"
TAPNAME=$(as_root "$UVIRSH" -c "$URI-root" dumpxml gr | sed -n "s/.*<target dev='\([^']*\)'.*/\1/p" | head -n 1)
check "root: live XML names the tap ($TAPNAME)" test -n "$TAPNAME"
check "root: the tap exists while running" as_root ip link show "$TAPNAME" >/dev/null
check "root: destroy" sh -c "ip netns exec $NS '$UVIRSH' -c '$URI-root' destroy gr >/dev/null"
check "root: the managed tap is gone" sh -c "! ip netns exec $NS ip link show '$TAPNAME' >/dev/null 2>&1"

echo "1..$CHECKS"
if [ "$FAILS" -ne 0 ]; then
    echo "$FAILS of $CHECKS checks failed"
    exit 1
fi
echo "all $CHECKS checks passed"
exit 0
