#!/bin/sh
# build.sh - configure and build the plugin, the engine and the tests in build/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${VOLTE_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
echo "build: $build/plugins/$(ls "$build/plugins")/epan/volte.so"
