#!/bin/bash
# mutate_captures.sh - randomly damaged captures through the whole dissection
# path: stock tshark, the SIP and SDP dissectors, and an ASan/UBSan build of
# the plugin.
#
#   tests/fuzz/mutate_captures.sh                       3 rounds over every capture
#   tests/fuzz/mutate_captures.sh --rounds 1 --time-budget 75    (ctest fuzz.mutation_bounded)
#   tests/fuzz/mutate_captures.sh --rounds 200 --seed $RANDOM    a long run by hand
#
# Options:
#   --rounds N          mutated copies per capture (default 3)
#   --probability P     editcap -E: chance that each byte is changed (default 0.01)
#   --time-budget S     start no new run after S seconds (default 0 = no limit);
#                       runs left out are counted, not failed
#   --seed S            base of the editcap seeds (default 1); the seed of every
#                       copy is printed with any failure, so it can be made again
#   --jobs J            tshark runs at a time (default: nproc)
#   --build-dir DIR     where the sanitizer build goes (default build-asan/)
#   --captures "F..."   these captures instead of captures/ and ../shared/captures
#
# The plugin is built with -DVOLTE_SANITIZE=ON (gcc) and run inside the
# stock tshark with gcc's libasan and libubsan preloaded, detect_leaks=0
# (see ../shared/PLATFORM.md).  Each capture of captures/ and, when present,
# ../shared/captures (read in place, never copied into the repository) gets
# `editcap --seed S -E P [-o 42]` copies; odd rounds leave the first 42 bytes
# of each packet (Ethernet, IPv4, UDP) alone so that more damage lands in SIP.
# tshark runs two-pass with -V and -z volte_codes,tree over each copy.
#
# A run fails on a crash (exit status >= 128), a sanitizer report
# ("runtime error:", "ERROR: AddressSanitizer", "AddressSanitizer:DEADLYSIGNAL"),
# or a dissector exception in the plugin ("Dissector bug, protocol VoLTE").
# The damaged copy is kept in <build-dir>/crashes/ with its stderr, and the
# commands to reproduce it are printed.  Exit status: 0 when nothing failed.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
asan=${VOLTE_ASAN_BUILD_DIR:-$root/build-asan}
rounds=3
probability=0.01
budget=0
seed=1
jobs=$(nproc)
captures=""

while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=$2; shift ;;
        --probability) probability=$2; shift ;;
        --time-budget) budget=$2; shift ;;
        --seed) seed=$2; shift ;;
        --jobs) jobs=$2; shift ;;
        --build-dir) asan=$2; shift ;;
        --captures) captures=$2; shift ;;
        -h|--help) sed -n '2,34p' "$0"; exit 0 ;;
        *) echo "mutate_captures.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

start=$(date +%s)
for tool in editcap tshark gcc cmake; do
    command -v "$tool" >/dev/null || { echo "mutate_captures.sh: $tool not found" >&2; exit 2; }
done
libasan=$(gcc -print-file-name=libasan.so)
libubsan=$(gcc -print-file-name=libubsan.so)
if [ ! -f "$libasan" ] || [ ! -f "$libubsan" ]; then
    echo "mutate_captures.sh: gcc's libasan/libubsan not found (package libgcc-12-dev)" >&2
    exit 2
fi

# ---------------------------------------------------------------- the sanitizer build
echo "mutate_captures.sh: building the ASan/UBSan plugin in $asan"
cmake -S "$root" -B "$asan" -DVOLTE_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=gcc >"$asan.cmake.log" 2>&1 || { cat "$asan.cmake.log" >&2; exit 2; }
cmake --build "$asan" --target volte -j "$(nproc)" >"$asan.build.log" 2>&1 ||
    { tail -30 "$asan.build.log" >&2; exit 2; }
rm -f "$asan.cmake.log" "$asan.build.log"
version=$(ls "$asan/plugins")
[ -f "$asan/plugins/$version/epan/volte.so" ] || { echo "mutate_captures.sh: no volte.so built" >&2; exit 2; }

work=$asan/mutations
crashes=$asan/crashes
mkdir -p "$work" "$crashes"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT

if [ -z "$captures" ]; then
    captures=$(ls "$root"/captures/*.pcap* 2>/dev/null || true)
    if [ -d "$root/../shared/captures" ]; then
        captures="$captures $(ls "$root"/../shared/captures/*.pcap* "$root"/../shared/captures/*.cap 2>/dev/null || true)"
    fi
fi
# smallest first, so that a time budget covers as many captures as it can
# shellcheck disable=SC2086
captures=$(ls -1Sr $captures)
ncaptures=$(echo "$captures" | wc -l)

export VOLTE_BUILD_DIR=$asan
# preloaded into tshark only: editcap hangs with libasan preloaded
preload="$libasan $libubsan"
export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=0:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export HOME=$home

# the sanitizer build must really be loaded: without the preload, tshark
# would skip volte.so (undefined __asan symbols) and every run would pass.
# (-G plugins cannot tell: it starts the extcap tools, which hang with
# libasan preloaded; -G protocols does not.)
if ! LD_PRELOAD=$preload "$root/scripts/tshark-volte" -G protocols 2>/dev/null | grep -q -P '\tvolte$'; then
    echo "mutate_captures.sh: tshark does not load $asan/plugins/$version/epan/volte.so" >&2
    exit 2
fi

# one mutated copy through tshark; writes "ok", "fail ..." into $result
run_one() {
    local cap=$1 round=$2 index=$3
    local name s offset mutated err result
    name=$(basename "$cap")
    # the seed follows the capture's name, not its place in the list, so a
    # capture is damaged the same way whatever other captures are present
    s=$((seed * 1000003 + round * 1009 + $(printf '%s' "$name" | cksum | cut -d' ' -f1) % 1000003))
    offset=0
    [ $((round % 2)) = 1 ] && offset=42
    mutated=$work/r${round}-${index}-${name%%.*}.pcapng
    err=$mutated.err
    result=$mutated.result
    local editcap_cmd=(editcap --seed "$s" -E "$probability" -o "$offset" "$cap" "$mutated")
    if ! "${editcap_cmd[@]}" >/dev/null 2>"$err"; then
        echo "skip editcap failed on $name" >"$result"
        return
    fi
    # shellcheck disable=SC2054  # the commas belong to tshark's arguments
    local tshark_args=(-r "$mutated" -2 -V -z volte_codes,tree
                       -o esp.enable_null_encryption_decode_heuristic:TRUE -d tcp.port==6060,sip)
    local rc bugs
    bugs=$( { rc=0; LD_PRELOAD=$preload "$root/scripts/tshark-volte" "${tshark_args[@]}" 2>"$err" || rc=$?; echo "rc=$rc" >"$err.rc"; } |
            grep -c -i 'Dissector bug, protocol VoLTE' || true)
    rc=$(sed 's/rc=//' "$err.rc")
    rm -f "$err.rc"
    local why=""
    if [ "$rc" -ge 128 ]; then
        why="exit status $rc"
    elif grep -q -E 'runtime error:|ERROR: AddressSanitizer|AddressSanitizer:DEADLYSIGNAL|ERROR: LeakSanitizer' "$err"; then
        why="sanitizer report"
    elif [ "$bugs" -gt 0 ]; then
        why="$bugs dissector exceptions in VoLTE"
    fi
    if [ -n "$why" ]; then
        local keep
        keep=$crashes/$(basename "$mutated")
        cp "$mutated" "$keep"
        cp "$err" "$keep.stderr"
        {
            echo "fail $name round $round: $why"
            echo "    kept:      $keep (stderr in $keep.stderr)"
            echo "    remake:    editcap --seed $s -E $probability -o $offset $cap $keep"
            echo "    reproduce: VOLTE_BUILD_DIR=$asan LD_PRELOAD=\"$preload\" ASAN_OPTIONS=detect_leaks=0 \\"
            echo "               $root/scripts/tshark-volte ${tshark_args[*]/#$mutated/$keep} >/dev/null"
            grep -m3 -E 'runtime error:|ERROR: AddressSanitizer|#[0-3] ' "$err" | sed 's/^/    /' || true
        } >"$result"
    else
        echo "ok" >"$result"
        rm -f "$mutated" "$err"
    fi
}

limit=""
[ "$budget" != 0 ] && limit=", time budget ${budget}s"
echo "mutate_captures.sh: $ncaptures captures x $rounds rounds, probability $probability, seed $seed, $jobs jobs$limit"
rm -f "$work"/*.result
total=0
skipped=0
for round in $(seq "$rounds"); do
    index=0
    for cap in $captures; do
        index=$((index + 1))
        if [ "$budget" != 0 ] && [ $(( $(date +%s) - start )) -ge "$budget" ]; then
            skipped=$((skipped + 1))
            continue
        fi
        while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
            wait -n || true
        done
        run_one "$cap" "$round" "$index" &
        total=$((total + 1))
    done
done
wait

failed=0
ok=0
for r in "$work"/*.result; do
    [ -e "$r" ] || continue
    case $(head -1 "$r") in
        ok) ok=$((ok + 1)) ;;
        skip*) cat "$r" ;;
        fail*) failed=$((failed + 1)); cat "$r" ;;
    esac
    rm -f "$r"
done
elapsed=$(( $(date +%s) - start ))
echo "mutate_captures.sh: $ok passed, $failed failed, $skipped left out by the time budget ($total runs, ${elapsed}s)"
[ "$failed" = 0 ]
