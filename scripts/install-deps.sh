#!/bin/sh
# Install everything uvirt needs to build and test on Debian 12, from Debian's archive.
# Idempotent: when every package is already present it prints nothing and exits 0.
set -eu

PACKAGES="
    meson ninja-build gcc pkg-config gettext clang-format
    libglib2.0-dev libxml2-dev libxml2-utils libnl-3-dev libnl-route-3-dev
    python3-docutils
    iproute2 util-linux procps jq
    qemu-system-x86 qemu-utils
    busybox-static cpio kmod
    libvirt0 libvirt-clients python3-libvirt
"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
        missing="$missing $p"
    fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages:$missing" >&2
    echo "install-deps: run this script as root, or: apt-get install$missing" >&2
    exit 1
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
