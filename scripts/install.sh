#!/bin/sh
# install.sh - install the built plugin where Wireshark and tshark load it.
#
#   scripts/install.sh             install (build first with scripts/build.sh)
#   scripts/install.sh --uninstall remove it again
#
# As root: into the system plugin folder.  As a normal user: into the
# personal plugin folder (~/.local/lib/wireshark/plugins/<version>/epan).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${VOLTE_BUILD_DIR:-$root/build}
version=$(tshark -v 2>/dev/null | sed -n '1s/^TShark (Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')
if [ "$(id -u)" = 0 ]; then
    dest=$(tshark -G folders 2>/dev/null | awk -F'\t' '/^Global Plugins:/ {print $2}')/epan
else
    dest="${HOME}/.local/lib/wireshark/plugins/${version}/epan"
fi
if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$dest/volte.so"
    echo "removed $dest/volte.so"
    exit 0
fi
src="$build/plugins/$version/epan/volte.so"
[ -f "$src" ] || { echo "install: $src not found; run scripts/build.sh first" >&2; exit 1; }
mkdir -p "$dest"
install -m 0644 "$src" "$dest/volte.so"
echo "installed $dest/volte.so"
