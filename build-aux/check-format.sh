#!/bin/sh
# Fail when a C source in the tree does not follow .clang-format.
set -eu
top=${1:-$(dirname "$0")/..}
cd "$top"
if ! command -v clang-format >/dev/null 2>&1; then
    echo "SKIP: clang-format is not installed (scripts/install-deps.sh installs it)"
    exit 77
fi
files=$(find src tools daemon tests bench -name '*.[ch]' -not -path '*/build*' 2>/dev/null | sort)
[ -n "$files" ] || exit 0
# shellcheck disable=SC2086
if ! out=$(clang-format --dry-run --Werror $files 2>&1); then
    echo "$out" | grep 'warning:' | head -n 50
    echo "Some files are not formatted; run: clang-format -i \$(git ls-files '*.[ch]')"
    exit 1
fi
echo "all $(echo "$files" | wc -l) C files follow .clang-format"
