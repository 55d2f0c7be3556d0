#!/bin/sh
# libvirt as the oracle: every canonical document uvirt writes must be
# accepted by libvirt's own parser (virsh's built-in test:///default driver),
# and where libvirt adds no defaults of its own, libvirt must write back
# exactly what uvirt wrote.
# usage: libvirtcompattest.sh UVIRT-XML-VALIDATE SRCDIR
set -u
tool=$1
src=$2
if ! command -v virsh >/dev/null 2>&1; then
    echo "SKIP: virsh is not installed (scripts/install-deps.sh installs libvirt-clients)"
    exit 77
fi

# Fixtures where libvirt's post-parse step adds defaults (a <target dev> for
# the test driver's interfaces, implicit controllers, consoles, a default
# video, arch) or reformats <metadata>: compared for acceptance only.
adds_defaults=" chr-unix-channels domain-metadata graphics-vnc-variants net-bridge net-direct "
adds_defaults="$adds_defaults net-eth-no-target net-mtu net-multiqueue net-network net-user "
adds_defaults="$adds_defaults nova-full os-kernel-boot os-uefi-q35 "
# KubeVirt writes a pty console beside a unix serial: libvirt makes it mirror the serial
adds_defaults="$adds_defaults kubevirt-like "

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0 same=0 accepted=0

for f in "$src"/tests/qemuxml2xmldata/*.xml "$src"/examples/*.xml; do
    case $f in *.out.xml) continue ;; esac
    n=$(basename "$f" .xml)
    [ -e "${f%.xml}.err" ] && continue
    if ! "$tool" --format "$f" >"$tmp/uvirt.xml" 2>"$tmp/err"; then
        echo "FAIL: $n: uvirt refused it: $(cat "$tmp/err")"; fail=1; continue
    fi
    name=$(sed -n 's:^  <name>\(.*\)</name>$:\1:p' "$tmp/uvirt.xml")
    if ! virsh -q -c test:///default "define $tmp/uvirt.xml; dumpxml --inactive $name" \
        >"$tmp/libvirt.xml" 2>"$tmp/err"; then
        echo "FAIL: $n: libvirt refused uvirt's output: $(cat "$tmp/err")"; fail=1; continue
    fi
    case $adds_defaults in
    *" $n "*) accepted=$((accepted + 1)); continue ;;
    esac
    if ! cmp -s "$tmp/uvirt.xml" "$tmp/libvirt.xml"; then
        echo "FAIL: $n: libvirt formats it differently:"
        diff -u "$tmp/uvirt.xml" "$tmp/libvirt.xml"
        fail=1; continue
    fi
    same=$((same + 1))
done
echo "libvirt writes back $same documents byte for byte and accepts $accepted more"
exit $fail
