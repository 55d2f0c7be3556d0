#!/bin/sh
# uvirt-xml-validate on the shipped examples and on a few broken documents.
# usage: xmlvalidatetest.sh TOOL SRCDIR
set -u
tool=$1
src=$2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

check() { # description, expected-status, expected-output-file, command...
    desc=$1 want=$2 expect=$3
    shift 3
    "$@" >"$tmp/out" 2>&1
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: $desc: exit $got, expected $want"; cat "$tmp/out"; fail=1; return
    fi
    if ! cmp -s "$tmp/out" "$expect"; then
        echo "FAIL: $desc: output differs"; diff -u "$expect" "$tmp/out"; fail=1; return
    fi
    echo "ok: $desc"
}

for f in "$src"/examples/*.xml; do
    printf '%s validates\n' "$f" >"$tmp/want"
    check "$(basename "$f") validates" 0 "$tmp/want" "$tool" "$f"
done

# --format prints the canonical form, which is a fixed point
"$tool" --format "$src/examples/unmanaged-tap.xml" >"$tmp/canon.xml" || fail=1
"$tool" --format "$tmp/canon.xml" >"$tmp/canon2.xml" || fail=1
check "--format is idempotent" 0 "$tmp/canon2.xml" cat "$tmp/canon.xml"

# one error, prefixed with "error: ", exit status 1
data="$src/tests/qemuxml2xmldata"
for c in net-bridge-unmanaged net-dev-too-long domain-malformed; do
    printf 'error: %s' "$(cat "$data/$c.err")" >"$tmp/want"
    echo >>"$tmp/want"
    check "$c is refused" 1 "$tmp/want" "$tool" "$data/$c.xml"
done

printf "error: Cannot open domain XML file '/nonexistent.xml': No such file or directory\n" >"$tmp/want"
check "missing file" 1 "$tmp/want" env LC_ALL=C "$tool" /nonexistent.xml

exit $fail
