#!/bin/bash
# Record one real call through a real SIP proxy (kamailio) on the loopback
# interface, both legs in one capture.
#
#   sudo bash captures/record_kamailio.sh        (capturing needs root)
#
# Writes, next to this script:
#   kamailio_proxy_call.pcap   sipp's built-in uac (127.0.0.1:5070) ->
#                              kamailio with kamailio/kamailio.cfg (127.0.0.1:5060) ->
#                              sipp's built-in uas (127.0.0.1:5080), one call
#
# sipp/uac_volte.xml + sipp/uas_volte.xml do not fit through a proxy: the UAS
# copies only the *first* Via of the INVITE into its 180 and 200 (ereg on
# "Via:"), i.e. kamailio's, so kamailio forwards those two responses to the
# caller with no Via at all.  The built-in uas copies all Via headers.
#
# The UAC sends every request to kamailio (sipp -rsa) with a Request-URI that
# points at the UAS; kamailio record-routes the INVITE and relays everything
# statefully (its own 100 Trying on the caller's leg).  dumpcap captures
# 'udp port 5060 or udp port 5070 or udp port 5080' on lo as classic pcap.
# Like the sipp_*.pcap files, the capture is recorded once and committed
# (its timing differs on every run), so this script is not part of CI.
# Needs sipp, dumpcap, tshark and kamailio (apt-get install kamailio).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
PROXY_PORT=5060
UAC_PORT=5070
UAS_PORT=5080
FILTER="udp port $PROXY_PORT or udp port $UAC_PORT or udp port $UAS_PORT"
OUT=kamailio_proxy_call.pcap

for tool in sipp dumpcap tshark kamailio; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

# sipp and kamailio write logs in the working directory: keep them out of captures/
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
    # stop what this script started (by pid), newest first
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        kill "${PIDS[$i]}" 2>/dev/null || true
        wait "${PIDS[$i]}" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"

dumpcap -q -i lo -f "$FILTER" -P -w "$WORK/capture.pcap" 2>"$WORK/dumpcap.log" &
CAP_PID=$!
PIDS+=("$CAP_PID")
for _ in $(seq 50); do
    [ -s "$WORK/capture.pcap" ] && break
    sleep 0.1
done
sleep 0.5

# -DD: no daemon, the main process stays our child; -E: log to stderr
kamailio -DD -E -f "$HERE/kamailio/kamailio.cfg" -m 64 -M 8 -w "$WORK" \
    -P "$WORK/kamailio.pid" >"$WORK/kamailio.log" 2>&1 &
KAM_PID=$!
PIDS+=("$KAM_PID")
for _ in $(seq 50); do
    grep -q "127.0.0.1:$PROXY_PORT" <(ss -lun 2>/dev/null) && break
    sleep 0.1
done
sleep 0.5

sipp -sn uas -i 127.0.0.1 -p "$UAS_PORT" -mp 6000 -m 1 -nostdin \
    >"$WORK/uas.log" 2>&1 &
UAS_PID=$!
PIDS+=("$UAS_PID")
sleep 0.5

rc=0
sipp 127.0.0.1:"$UAS_PORT" -rsa 127.0.0.1:"$PROXY_PORT" \
    -sn uac -d 2000 -i 127.0.0.1 -p "$UAC_PORT" -mp 6100 -m 1 -nostdin \
    -timeout 30s -timeout_error >"$WORK/uac.log" 2>&1 || rc=$?
wait "$UAS_PID" || rc=$?
sleep 0.5

kill -INT "$CAP_PID"
wait "$CAP_PID" || true

if [ "$rc" != 0 ]; then
    echo "sipp failed for $OUT (rc=$rc); logs:" >&2
    cat "$WORK"/uac.log "$WORK"/uas.log "$WORK"/*error*.log "$WORK"/kamailio.log 2>/dev/null >&2 || true
    exit 1
fi
mv "$WORK/capture.pcap" "$HERE/$OUT"
chmod 644 "$HERE/$OUT"
echo "$OUT: $(tshark -r "$HERE/$OUT" -Y sip 2>/dev/null | wc -l) SIP frames"
