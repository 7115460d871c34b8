#!/bin/sh
# setup.sh - install what building and testing the plugin needs (Debian 12).
#
# Installs only the packages that are missing, with apt-get: directly when
# run as root, through sudo otherwise.  Safe to run again.
set -eu

# clang and libclang-rt-14-dev: the libFuzzer target of the test suite
packages="cmake gcc make pkg-config libglib2.0-dev libwireshark-dev wireshark-dev tshark python3 util-linux clang libclang-rt-14-dev"

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "setup: missing packages:$missing; run this script as root or install sudo" >&2
    exit 1
fi
echo "setup: installing$missing"
# wireshark-common asks whether non-root users may capture; keep its default
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
