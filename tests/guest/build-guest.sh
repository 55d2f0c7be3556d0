#!/bin/sh
# Build uvirt's tiny test guest from Debian packages, into OUTDIR:
#   OUTDIR/vmlinuz         the kernel of linux-image-cloud-amd64 (never installed on the host)
#   OUTDIR/initramfs.img   busybox-static + the virtio NIC modules + tests/guest/init
# Usage: build-guest.sh OUTDIR
# The kernel .deb is fetched once with `apt-get download` and cached (UVIRT_GUEST_CACHE, default
# /var/cache/uvirt when writable, else OUTDIR/cache); later runs are offline. Nothing is rebuilt
# when the outputs are newer than their inputs. Prints the two output paths.
set -eu

die() {
    echo "build-guest: $*" >&2
    exit 1
}

[ $# -eq 1 ] || die "usage: build-guest.sh OUTDIR"
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
init="$here/init"
self="$here/build-guest.sh"
busybox=/bin/busybox

# In load order: each one needs only those before it.
MODULES="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci
failover net_failover virtio_net button evdev"

[ -x "$busybox" ] || die "$busybox is missing: install busybox-static (scripts/install-deps.sh)"
"$busybox" --list | grep -qx ash || die "$busybox has no ash: is it busybox-static?"
for tool in cpio dpkg-deb; do
    command -v "$tool" >/dev/null || die "'$tool' is missing: run scripts/install-deps.sh"
done

cache="${UVIRT_GUEST_CACHE:-}"
if [ -z "$cache" ]; then
    if mkdir -p /var/cache/uvirt 2>/dev/null && [ -w /var/cache/uvirt ]; then
        cache=/var/cache/uvirt
    else
        cache="$out/cache"
    fi
fi
mkdir -p "$cache"

# The newest cached kernel package, if any.
find_deb() {
    ls -1 "$cache"/linux-image-*-cloud-amd64_*_amd64.deb 2>/dev/null | sort -V | tail -n 1
}

deb=$(find_deb)
if [ -z "$deb" ]; then
    # linux-image-cloud-amd64 is a metapackage: download the versioned image it depends on.
    pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
        sed -n 's/^ *Depends: \(linux-image-[^ ]*-cloud-amd64\)$/\1/p' | head -n 1)
    if [ -z "$pkg" ]; then
        [ "$(id -u)" -eq 0 ] || die "the apt lists do not know linux-image-cloud-amd64; run 'apt-get update' as root"
        apt-get update -qq || die "apt-get update failed"
        pkg=$(apt-cache depends linux-image-cloud-amd64 |
            sed -n 's/^ *Depends: \(linux-image-[^ ]*-cloud-amd64\)$/\1/p' | head -n 1)
    fi
    [ -n "$pkg" ] || die "cannot tell which package linux-image-cloud-amd64 depends on"
    echo "build-guest: downloading $pkg into $cache" >&2
    # apt drops privileges to _apt, which may not write the cache: download in a private
    # directory and move the file into place.
    tmpdl=$(mktemp -d)
    chmod 0755 "$tmpdl"
    if ! (cd "$tmpdl" && apt-get download -q "$pkg" >/dev/null 2>"$tmpdl/err"); then
        cat "$tmpdl/err" >&2
        rm -rf "$tmpdl"
        die "apt-get download $pkg failed"
    fi
    mv "$tmpdl"/linux-image-*.deb "$cache"/
    rm -rf "$tmpdl"
    deb=$(find_deb)
    [ -n "$deb" ] || die "the downloaded package is not in $cache"
fi

kernel="$out/vmlinuz"
initrd="$out/initramfs.img"

# Up to date when both outputs are newer than every input.
uptodate=1
for o in "$kernel" "$initrd"; do
    [ -s "$o" ] || uptodate=0
done
if [ $uptodate = 1 ]; then
    for i in "$deb" "$init" "$self" "$busybox"; do
        [ "$i" -nt "$kernel" ] && uptodate=0
        [ "$i" -nt "$initrd" ] && uptodate=0
    done
fi
if [ $uptodate = 1 ]; then
    echo "$kernel"
    echo "$initrd"
    exit 0
fi

work=$(mktemp -d "$out/.guest.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
dpkg-deb -x "$deb" "$work/pkg"
moddir=$(ls -d "$work"/pkg/lib/modules/*/ | head -n 1)
[ -d "$moddir" ] || die "no /lib/modules in $deb"
version=$(basename "$moddir")
vmlinuz="$work/pkg/boot/vmlinuz-$version"
[ -f "$vmlinuz" ] || die "no /boot/vmlinuz-$version in $deb"

root="$work/root"
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/lib/modules/uvt"
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$init" "$root/init"
chmod 0755 "$root/init"

n=10
for m in $MODULES; do
    if grep -q "/$m\.ko" "$moddir/modules.builtin" 2>/dev/null; then
        continue # built into this kernel: nothing to load
    fi
    ko=$(find "$moddir/kernel" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" | head -n 1)
    [ -n "$ko" ] || die "module $m is neither built in nor in $moddir"
    dst="$root/lib/modules/uvt/$n-$m.ko"
    # busybox insmod reads plain ELF only: decompress here.
    case "$ko" in
    *.ko.xz)
        command -v xz >/dev/null || die "$m.ko.xz needs 'xz': apt-get install xz-utils"
        xz -dc "$ko" >"$dst"
        ;;
    *.ko.zst)
        command -v zstd >/dev/null || die "$m.ko.zst needs 'zstd': apt-get install zstd"
        zstd -qdc "$ko" >"$dst"
        ;;
    *) cp "$ko" "$dst" ;;
    esac
    n=$((n + 1))
done

# A console node lets the kernel give /init its stdio before devtmpfs is mounted; /init copes
# without it (when not root we cannot create it).
mknod -m 0600 "$root/dev/console" c 5 1 2>/dev/null || true

# Uncompressed: under TCG, unpacking is cheaper than decompressing.
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) >"$work/initramfs.img"
cp "$vmlinuz" "$work/vmlinuz"
mv "$work/vmlinuz" "$kernel"
mv "$work/initramfs.img" "$initrd"
echo "$kernel"
echo "$initrd"
