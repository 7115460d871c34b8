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
    -e frame.number -e frame.time_relative -e sip.Method -e volte.status.code \
    -e volte.status.name -e volte.call -e volte.response_to -e volte.status.meaning |
awk -F'\t' '
    BEGIN { printf "%-6s %-9s %-8s %-26s %-5s %-8s %s\n", "frame", "time", "call", "message", "", "reply to", "meaning" }
    {
        msg = ($3 != "") ? $3 : $4 " " $5
        printf "%-6s %-9.3f %-8s %-26s %-5s %-8s %s\n", $1, $2, $6, msg, "", $7, $8
    }'
