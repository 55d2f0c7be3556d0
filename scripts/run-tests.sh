#!/bin/sh
# Install what is missing, build, and run every test suite.
#   scripts/run-tests.sh              the normal build, in build/
#   scripts/run-tests.sh --sanitize   the same suites built with ASan + UBSan, in build-sanitize/
# Extra arguments after -- go to `meson test` (e.g. -- --suite unit).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

builddir=build
setup_args=""
if [ "${1:-}" = "--sanitize" ]; then
    builddir=build-sanitize
    setup_args="-Db_sanitize=address,undefined -Db_lundef=false"
    shift
fi
[ "${1:-}" = "--" ] && shift

"$top/scripts/install-deps.sh"

if [ ! -f "$builddir/build.ninja" ]; then
    # shellcheck disable=SC2086
    meson setup "$builddir" $setup_args >/dev/null
fi
ninja -C "$builddir" >/dev/null

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
exec meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@"
