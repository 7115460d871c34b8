#!/bin/sh
# test.sh - set up, build and run the whole test suite (what CI runs).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
cd "${VOLTE_BUILD_DIR:-$root/build}"
exec ctest --output-on-failure "$@"
