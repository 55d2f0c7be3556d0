#!/bin/sh
# netdevtest.sh: run netdevtest (or domchecktest) against real devices in a private
# network namespace
#
# Usage: netdevtest.sh /path/to/netdevtest|/path/to/domchecktest
#
# As root: builds every situation netdevtest.c expects (taps owned by 65534 and
# by root, multi_queue and single-queue taps, a tun, a tap with pi, a bridge, a
# veth, a macvlan, macvtaps with the right and a wrong MAC, a macvtap whose
# /dev/tapN node is another namespace's device), then runs the binary inside
# the namespace as root and as uid 65534, each time with a private /dev (a
# tmpfs in a private mount namespace) holding exactly the nodes the case
# needs. The host's /dev and interfaces are never touched. Everything is
# removed on exit.
#
# UVT_TEST_ARGS is passed on to the binary (e.g. "--verbose" or "-p /netdev/user/open/tap-pi").
#
# SPDX-License-Identifier: LGPL-2.1-or-later

set -eu

skip() {
    echo "SKIP: $*"
    exit 77
}

# ---- inner: runs inside the namespace and a private mount namespace ----
if [ "${1:-}" = "--inner" ]; then
    role=$2 bin=$3 nodes=$4
    mount -t tmpfs -o mode=0755 uvt-netdev-dev /dev
    mkdir /dev/net
    mknod -m 0666 /dev/null c 1 3
    mknod -m 0666 /dev/zero c 1 5
    mknod -m 0666 /dev/urandom c 1 9
    mknod -m 0666 /dev/random c 1 8
    if [ "$role" = user ] || [ "$role" = usergrp ]; then
        mknod -m 0666 /dev/net/tun c 10 200
    else
        mknod -m 0600 /dev/net/tun c 10 200
    fi
    # nodes: "path:major:minor:owner ..." (owner "me" = the uid the binary runs as)
    for spec in $nodes; do
        IFS=: read -r path maj min owner <<EOF
$spec
EOF
        mknod -m 0600 "$path" c "$maj" "$min"
        if [ "$owner" = me ] && [ "$role" != root ]; then
            chown 65534:65534 "$path"
        fi
    done
    if [ "$role" = root ]; then
        exec "$bin" "$role" ${UVT_TEST_ARGS:-}
    fi
    if [ "$role" = usergrp ]; then
        exec setpriv --reuid=65534 --regid=65534 --groups=65533 "$bin" "$role" ${UVT_TEST_ARGS:-}
    fi
    exec setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" "$role" ${UVT_TEST_ARGS:-}
fi

bin=$(readlink -f "$1")
[ "$(id -u)" = 0 ] || skip "network namespaces and devices need root"
[ -c /dev/net/tun ] || skip "/dev/net/tun is not available"
command -v ip >/dev/null || skip "iproute2 (ip) is not installed"
command -v setpriv >/dev/null || skip "setpriv is not installed"

NS=uvt-netdev-$$
NSB=uvt-netdevb-$$
cleanup() {
    ip netns del "$NS" 2>/dev/null || true
    ip netns del "$NSB" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
ip netns add "$NS" || skip "cannot create a network namespace"
ip netns add "$NSB"
ip -n "$NS" link set lo up 2>/dev/null || true

n() { ip -n "$NS" "$@"; }

# ifindexes of the macvtaps: high and per-process, so /dev/tapN of parallel runs do not collide
B=$((100000 + ($$ % 50000) * 8))

n link add br0 type bridge
n tuntap add mode tap user 65534 group 65534 name tapme vnet_hdr
n link set tapme mtu 1400 master br0 up
n tuntap add mode tap user 0 group 0 name taproot
n tuntap add mode tap name tapnoown
n tuntap add mode tap group 65534 name tapgrp
n tuntap add mode tap user 65534 group 65533 name tapsupp
n tuntap add mode tap user 65534 group 65534 name tapdown
n tuntap add mode tap user 65534 group 65534 name tapmq multi_queue
n tuntap add mode tap user 65534 group 65534 name tapsq
n tuntap add mode tun user 65534 group 65534 name tun0
n tuntap add mode tap user 65534 group 65534 name tappi pi
n tuntap add mode tap user 0 group 0 name tapgone
n link add veth0 type veth peer name veth1
n link add veth2 type veth peer name veth3
n link set veth2 up
n link set veth3 up
n link add link veth2 name mvlan0 type macvlan mode bridge
macvtap() { # name index mac up
    n link add link veth2 name "$1" index "$2" address "$3" type macvtap mode bridge
    [ "$4" = down ] || n link set "$1" up
}
macvtap mvtok $B 52:54:00:11:22:33 up
macvtap mvtdown $((B + 1)) 52:54:00:11:22:44 down
macvtap mvtbad $((B + 2)) 52:54:00:22:22:22 up
macvtap mvtother $((B + 3)) 52:54:00:11:22:55 up
macvtap mvtnonode $((B + 4)) 52:54:00:11:22:66 up
macvtap mvtroot $((B + 5)) 52:54:00:11:22:77 up
# another namespace's macvtap with the same ifindex as mvtother
ip -n "$NSB" link add vb0 type veth peer name vb1
ip -n "$NSB" link add link vb0 name mvtb index $((B + 3)) type macvtap mode bridge

devno() { # namespace name index -> "major:minor"
    ip netns exec "$1" cat "/sys/class/net/$2/macvtap/tap$3/dev"
}
nodes="/dev/tap$B:$(devno "$NS" mvtok $B):me"
nodes="$nodes /dev/tap$((B + 1)):$(devno "$NS" mvtdown $((B + 1))):me"
nodes="$nodes /dev/tap$((B + 2)):$(devno "$NS" mvtbad $((B + 2))):me"
nodes="$nodes /dev/tap$((B + 3)):$(devno "$NSB" mvtb $((B + 3))):me"
nodes="$nodes /dev/tap$((B + 5)):$(devno "$NS" mvtroot $((B + 5))):root"
if [ -r /sys/class/misc/kvm/dev ]; then
    nodes="$nodes /dev/kvm:$(cat /sys/class/misc/kvm/dev):root"
fi
if [ -r /sys/class/misc/vhost-net/dev ]; then
    nodes="$nodes /dev/vhost-net:$(cat /sys/class/misc/vhost-net/dev):me"
    echo "# /dev/vhost-net exists on this host: the vhost test opens it"
else
    echo "# this kernel has no vhost-net: the vhost test checks the warning and the error"
fi

# let link state changes of the setup settle before the tests snapshot it: the
# kernel publishes carrier changes up to a second late
prev="" i=0
while [ $i -lt 30 ]; do
    sleep 0.2
    cur=$(ip -n "$NS" -d -j link show)
    [ "$cur" = "$prev" ] && [ $i -ge 5 ] && break
    prev=$cur i=$((i + 1))
done

self=$(readlink -f "$0")
rc=0
# usergrp: uid 65534 with supplementary group 65533
for role in root user notun usergrp; do
    echo "# role $role: uid $([ $role = root ] && echo 0 || echo 65534)," \
        "/dev/net/tun $([ $role = notun ] || [ $role = root ] && echo 0600 || echo 0666) in a private /dev"
    ip netns exec "$NS" unshare --mount --propagation private \
        sh "$self" --inner "$role" "$bin" "$nodes" || rc=1
done
exit $rc
