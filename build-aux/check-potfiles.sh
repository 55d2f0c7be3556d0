#!/bin/sh
# Fail when a source with translatable messages is missing from po/POTFILES,
# or when po/POTFILES names a file that does not exist.
set -eu
top=${1:-$(dirname "$0")/..}
cd "$top"
status=0
for f in $(grep -rlE '(^|[^A-Za-z0-9_])N?_\("' src tools daemon --include='*.c' | sort); do
    if ! grep -qx "$f" po/POTFILES; then
        echo "$f has translatable messages but is not listed in po/POTFILES"
        status=1
    fi
done
while read -r f; do
    [ -z "$f" ] && continue
    if [ ! -f "$f" ]; then
        echo "po/POTFILES lists $f, which does not exist"
        status=1
    fi
done < po/POTFILES
[ $status -eq 0 ] && echo "po/POTFILES lists every source with translatable messages"
exit $status
