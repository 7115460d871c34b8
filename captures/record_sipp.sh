#!/bin/bash
# Record real SIP captures from two sipp peers on the loopback interface.
#
#   sudo bash captures/record_sipp.sh            (capturing needs root)
#
# Writes, next to this script:
#   sipp_basic_call.pcap          sipp's built-in uac / uas scenarios, one call
#   sipp_volte_precondition.pcap  sipp/uac_volte.xml + sipp/uas_volte.xml, one
#                                 VoLTE call with preconditions (as capture 1)
#
# The UAS listens on 127.0.0.1:5080, the UAC on 127.0.0.1:5070; dumpcap
# captures 'udp port 5070 or udp port 5080' on lo as classic pcap.  These
# files are recorded once and committed; timing differs on every run, so this
# script is not part of CI.  tshark decodes them as SIP through its UDP
# heuristic (the ports are not 5060).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
UAS_PORT=5080
UAC_PORT=5070
FILTER="udp port $UAC_PORT or udp port $UAS_PORT"

for tool in sipp dumpcap; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

# sipp writes its logs in the working directory: keep them out of captures/
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# record OUT UAS_ARGS... -- UAC_ARGS...
record() {
    local out="$1"; shift
    local uas_args=() uac_args=()
    while [ "$1" != "--" ]; do uas_args+=("$1"); shift; done
    shift
    uac_args=("$@")

    dumpcap -q -i lo -f "$FILTER" -P -w "$WORK/capture.pcap" 2>"$WORK/dumpcap.log" &
    local cap_pid=$!
    # wait until dumpcap has opened the interface and the file
    for _ in $(seq 50); do
        [ -s "$WORK/capture.pcap" ] && break
        sleep 0.1
    done
    sleep 0.5

    sipp "${uas_args[@]}" -i 127.0.0.1 -p "$UAS_PORT" -mp 6000 -m 1 -nostdin \
        >"$WORK/uas.log" 2>&1 &
    local uas_pid=$!
    sleep 0.5
    local rc=0
    sipp "${uac_args[@]}" -i 127.0.0.1 -p "$UAC_PORT" -mp 6100 -m 1 -nostdin \
        -timeout 30s -timeout_error 127.0.0.1:"$UAS_PORT" >"$WORK/uac.log" 2>&1 || rc=$?
    wait "$uas_pid" || rc=$?
    sleep 0.5
    kill -INT "$cap_pid"
    wait "$cap_pid" || true

    if [ "$rc" != 0 ]; then
        echo "sipp failed for $out (rc=$rc); logs:" >&2
        cat "$WORK"/uac.log "$WORK"/uas.log "$WORK"/*error*.log 2>/dev/null >&2 || true
        exit 1
    fi
    mv "$WORK/capture.pcap" "$HERE/$out"
    chmod 644 "$HERE/$out"
    echo "$out: $(tshark -r "$HERE/$out" -Y sip 2>/dev/null | wc -l) SIP frames"
}

record sipp_basic_call.pcap \
    -sn uas -- \
    -sn uac -d 2000

record sipp_volte_precondition.pcap \
    -sf "$HERE/sipp/uas_volte.xml" -- \
    -sf "$HERE/sipp/uac_volte.xml"
