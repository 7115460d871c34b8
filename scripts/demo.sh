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
    -e volte.status.name -e volte.call.state -e volte.bearer.mo -e volte.bearer.mt \
    -e volte.response_to -e volte.response_in -e volte.status.meaning |
awk -F'\t' '
    BEGIN { printf "%-5s %-8s %-4s %-21s %-11s %-19s %-14s %s\n", "frame", "time", "call", "message", "state",
                   "bearer MO / MT", "pairing", "meaning" }
    {
        msg = ($4 != "") ? $4 : $5 " " $6
        bearer = ($8 != "") ? $8 " / " $9 : ""
        pair = ($10 != "") ? "answers " $10 : (($11 != "") ? "answered in " $11 : "")
        printf "%-5s %-8.3f %-4s %-21s %-11s %-19s %-14s %s\n", $1, $2, $3, msg, $7, bearer, pair, $12
    }'
echo
"$root/scripts/tshark-volte" -r "$capture" -2 -q -z volte,calls
