#!/bin/sh
# uvirt in one command: an unprivileged user boots a guest through a tap that root created.
# Run as root on Debian 12, from a clone of the repository:  ./scripts/demo.sh
#   1. installs what is missing (scripts/install-deps.sh), builds into build/, builds the test
#      guest (Debian's cloud kernel + busybox, tests/guest/build-guest.sh);
#   2. as root, the operator: a private network namespace with bridge br0 (192.0.2.1/24) and a
#      tap mytap0 owned by uid 65534, up, on br0;
#   3. as uid 65534 (nobody), the user: uvirsh define + start a guest that uses mytap0 with
#      managed='no'; the guest's console says whether it reached 192.0.2.1; uvirsh destroy;
#   4. the tap is still there, unchanged; then everything the demo made is removed, even on failure.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

NOBODY=65534
ns="uvt-demo-$$"
work=""
ns_made=0

say() {
    printf '\n== %s\n' "$*"
}

# Show a command the way an operator (#) or the user ($) would type it, then run it.
as_root() {
    echo "# $*"
    ip netns exec "$ns" "$@"
}

user_uvirsh() {
    echo "\$ uvirsh -c '$uri' $*"
    ip netns exec "$ns" setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups \
        "$uvirsh" -c "$uri" "$@"
}

# What must not change about a pre-created device.
facts() {
    ip -n "$ns" -d -j link show dev "$1" | jq -c '.[0] | {ifindex, ifname, address, mtu, flags,
        master, kind: .linkinfo.info_kind, user: .linkinfo.info_data.user,
        group: .linkinfo.info_data.group}'
}

cleanup() {
    status=$?
    trap - EXIT INT TERM
    if [ -n "$work" ] && [ -f "$work/uuid" ]; then
        # anything of ours still running (an interrupted demo) goes first
        for pid in $(pgrep -f -- "$(cat "$work/uuid")" 2>/dev/null || true); do
            kill -9 "$pid" 2>/dev/null || true
        done
    fi
    [ $ns_made = 1 ] && ip netns del "$ns" 2>/dev/null
    [ -n "$work" ] && rm -rf "$work"
    if [ $status -eq 0 ]; then
        echo
        echo "demo: done; namespace $ns, its devices and $work are gone."
    else
        echo "demo: FAILED (exit $status); cleaned up namespace $ns and $work." >&2
    fi
    exit $status
}

if [ "$(id -u)" -ne 0 ]; then
    echo "demo: run me as root: I install packages and create a network namespace and a tap" >&2
    exit 1
fi

say "Installing what is missing and building"
./scripts/install-deps.sh
build="${UVIRT_BUILDDIR:-build}"
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" >/dev/null
fi
buildlog=$(mktemp)
if ! ninja -C "$build" >"$buildlog" 2>&1; then
    tail -n 40 "$buildlog" >&2
    rm -f "$buildlog"
    echo "demo: the build failed" >&2
    exit 1
fi
rm -f "$buildlog"
build=$(cd "$build" && pwd)
uvirsh="$build/tools/uvirsh"
echo "built: $uvirsh"
[ -x "$uvirsh" ] || {
    echo "demo: $uvirsh was not built" >&2
    exit 1
}
guest=$(tests/guest/build-guest.sh "$build/tests/guest")
kernel=$(echo "$guest" | sed -n 1p)
initrd=$(echo "$guest" | sed -n 2p)
echo "guest: $kernel + $initrd"

trap cleanup EXIT
trap 'exit 130' INT TERM

work=$(mktemp -d /tmp/uvt-demo.XXXXXX)
chmod 0755 "$work"
chown $NOBODY:$NOBODY "$work"
uuid=$(cat /proc/sys/kernel/random/uuid)
echo "$uuid" >"$work/uuid"

say "Root prepares the network, as an operator would (namespace $ns)"
ip netns add "$ns"
ns_made=1
ip -n "$ns" link set lo up
as_root ip link add br0 type bridge forward_delay 0
as_root ip addr add 192.0.2.1/24 dev br0
as_root ip link set br0 up
as_root ip tuntap add mode tap user $NOBODY group $NOBODY name mytap0
as_root ip link set mytap0 up
as_root ip link set mytap0 master br0
if [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
    echo "# chmod 0666 /dev/net/tun    (was $(stat -c %a /dev/net/tun); Debian's usual is 0666)"
    chmod 0666 /dev/net/tun
fi
before=$(facts mytap0)

cat >"$work/demo.xml" <<EOF
<domain type='qemu'>
  <name>demo</name>
  <uuid>$uuid</uuid>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$kernel</kernel>
    <initrd>$initrd</initrd>
    <cmdline>console=ttyS0 quiet uvt.ip=192.0.2.10/24 uvt.peer=192.0.2.1 uvt.hold=1</cmdline>
  </os>
  <features>
    <acpi/>
  </features>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <interface type='ethernet'>
      <mac address='52:54:00:de:00:01'/>
      <target dev='mytap0' managed='no'/>
      <model type='virtio'/>
    </interface>
    <serial type='file'>
      <source path='$work/console.log'/>
    </serial>
  </devices>
</domain>
EOF
chmod 0644 "$work/demo.xml"

say "The user (uid $NOBODY, no capabilities) defines and starts the guest"
sed -n '/<interface/,/<\/interface>/p' "$work/demo.xml"
uri="qemu:///embed?root=$work/state"
user_uvirsh define "$work/demo.xml"
t0=$(date +%s%N)
user_uvirsh start demo
user_uvirsh list

say "The guest's serial console"
result=""
i=0
while [ $i -lt 600 ]; do
    if grep -q 'UVT-GUEST: PING \(OK\|FAILED\)' "$work/console.log" 2>/dev/null; then
        result=$(grep -o 'UVT-GUEST: PING [A-Z]* .*' "$work/console.log" | head -n 1)
        break
    fi
    sleep 0.1
    i=$((i + 1))
done
t1=$(date +%s%N)
grep 'UVT-GUEST' "$work/console.log" 2>/dev/null || true
case "$result" in
"UVT-GUEST: PING OK"*)
    echo "=> the guest reached the host's bridge 192.0.2.1 through mytap0," \
        "$(((t1 - t0) / 1000000)) ms after 'uvirsh start'"
    ;;
*)
    echo "demo: the guest did not report reaching 192.0.2.1; QEMU's log:" >&2
    tail -n 20 "$work/state/log/qemu/demo.log" >&2 2>/dev/null || true
    exit 1
    ;;
esac

say "The user destroys the guest; the tap stays, as root made it"
user_uvirsh destroy demo
user_uvirsh undefine demo
as_root ip link show mytap0
after=$(facts mytap0)
if [ "$before" != "$after" ]; then
    echo "demo: mytap0 changed:" >&2
    echo "  before: $before" >&2
    echo "  after:  $after" >&2
    exit 1
fi
echo "=> mytap0 still exists with the same index, MAC, owner, flags, MTU and master."
