#!/bin/sh
# demo.sh - set up, build, and show the plugin's analysis of a bundled capture.
#
#   scripts/demo.sh [capture]    (default: the VoLTE call with preconditions)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
capture=${1:-$root/captures/volte_call_precondition.pcap}
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
echo
echo "VoLTE analysis of $(basename "$capture") (two-pass):"
"$root/scripts/tshark-volte" -r "$capture" -2 -Y volte -T fields -E separator=/t -E occurrence=f \
    -e frame.number -e frame.time_relative -e volte.call -e sip.Method -e volte.status.code \
    -e volte.status.name -e volte.response_to -e volte.response_in -e volte.status.meaning |
awk -F'\t' '
    BEGIN { printf "%-6s %-9s %-5s %-22s %-15s %s\n", "frame", "time", "call", "message", "pairing", "meaning" }
    {
        msg = ($4 != "") ? $4 : $5 " " $6
        pair = ($7 != "") ? "answers " $7 : (($8 != "") ? "answered in " $8 : "")
        printf "%-6s %-9.3f %-5s %-22s %-15s %s\n", $1, $2, $3, msg, pair, $9
    }'
