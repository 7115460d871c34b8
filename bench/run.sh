#!/bin/bash
# run.sh - how much the volte plugin costs tshark on large captures.
#
#   bench/run.sh                  10k and 100k messages, 3 runs each
#   bench/run.sh --full           10k, 100k and 1M messages
#   bench/run.sh --sizes "10000 50000" --runs 5
#   bench/run.sh --adversarial    also the hostile captures (bench/make_capture.py --adversarial)
#   bench/run.sh --adversarial-only [--adv-scale 0.1]
#   bench/run.sh --instructions   also count instructions (callgrind) on the
#                                 smallest size: exact figures on a busy machine
#   bench/run.sh --instructions-only
#
# Builds the plugin (scripts/build.sh), writes the captures into bench/out/
# (kept between runs, remade when make_capture.py changes) and runs tshark
# over each, with and without the plugin, alternating, several times:
#
#   without: stock tshark, WIRESHARK_PLUGIN_DIR at bench/out/plugins-stock,
#            which links exactly the stock plugins that build/plugins links,
#            so the only difference between the runs is volte.so
#   with:    scripts/tshark-volte
#
# Both run with an empty temporary HOME and, as root, under the same
# `unshare --user --map-user=1000 --map-group=1000` (Wireshark ignores
# WIRESHARK_PLUGIN_DIR for root).  Output goes to /dev/null.  Wall time and
# peak RSS come from the clock and /usr/bin/time -f %M; the median of the runs is
# shown.  tshark's fixed start-up cost, measured on a one-message capture,
# is subtracted for the per-message figures.
#
# Targets (printed, never enforced: this is not a timed test):
#   time ratio with/without <= 1.05, peak RSS ratio <= 1.10,
#   growth of the per-message cost from the smallest to the largest size <= 10%.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bench/out
build=${VOLTE_BUILD_DIR:-$root/build}
sizes="10000 100000"
runs=3
adversarial=0
normal=1
adv_scale=1
seed=1
instructions=0

while [ $# -gt 0 ]; do
    case "$1" in
        --full) sizes="10000 100000 1000000" ;;
        --sizes) sizes=$2; shift ;;
        --runs) runs=$2; shift ;;
        --seed) seed=$2; shift ;;
        --adversarial) adversarial=1 ;;
        --adversarial-only) adversarial=1; normal=0 ;;
        --adv-scale) adv_scale=$2; shift ;;
        --instructions) instructions=1 ;;
        --instructions-only) instructions=1; normal=0 ;;
        -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

# ------------------------------------------------------------------ set-up
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ! -x /usr/bin/time ]; then
    echo "run.sh: installing the 'time' package for /usr/bin/time"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
if [ "$instructions" = 1 ] && ! command -v valgrind >/dev/null; then
    echo "run.sh: installing valgrind for --instructions"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
fi
"$root/scripts/build.sh"
mkdir -p "$out"
version=$(ls "$build/plugins")
[ -f "$build/plugins/$version/epan/volte.so" ] || { echo "run.sh: no volte.so in $build" >&2; exit 1; }

# the baseline plugin folder: the same stock plugins, without volte.so
stock=$out/plugins-stock
rm -rf "$stock"
for kind in "$build/plugins/$version"/*; do
    mkdir -p "$stock/$version/$(basename "$kind")"
    for so in "$kind"/*.so; do
        [ -e "$so" ] || continue
        [ "$(basename "$so")" = volte.so ] && continue
        ln -s "$(readlink -f "$so")" "$stock/$version/$(basename "$kind")/$(basename "$so")"
    done
done

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT

userns=()
if [ "$(id -u)" = 0 ]; then
    userns=(unshare --user --map-user=1000 --map-group=1000)
fi
# commands, not functions, so that /usr/bin/time measures tshark itself (each step execs the next)
without=(env HOME="$home" WIRESHARK_PLUGIN_DIR="$stock" "${userns[@]}" tshark)
with=(env HOME="$home" VOLTE_BUILD_DIR="$build" "$root/scripts/tshark-volte")

# the two set-ups must differ by volte.so only
plugins_without=$("${without[@]}" -G plugins 2>/dev/null | awk '{print $1}' | sort)
plugins_with=$("${with[@]}" -G plugins 2>/dev/null | awk '{print $1}' | sort)
extra=$(comm -13 <(echo "$plugins_without") <(echo "$plugins_with") | tr '\n' ' ')
missing=$(comm -23 <(echo "$plugins_without") <(echo "$plugins_with") | tr '\n' ' ')
if [ "$extra" != "volte.so " ] || [ -n "$missing" ]; then
    echo "run.sh: plugin sets differ by more than volte.so: extra '$extra', missing '$missing'" >&2
    exit 1
fi

capture() {  # capture NAME ARGS... -> path; made once, remade when the generator changes
    local name=$1; shift
    local path=$out/$name.pcap
    if [ ! -f "$path" ] || [ "$root/bench/make_capture.py" -nt "$path" ]; then
        python3 "$root/bench/make_capture.py" --seed "$seed" --out "$path" "$@" >&2
    fi
    echo "$path"
}

# measure LABEL CMD... : runs CMD once, appends "seconds kilobytes" to $out/m.LABEL
measure() {
    local label=$1; shift
    local tf
    local tf t0 t1
    tf=$(mktemp)
    t0=$(date +%s%N)
    if ! /usr/bin/time -o "$tf" -f '%M' "$@" >/dev/null 2>"$tf.err"; then
        echo "run.sh: FAILED ($label): $*" >&2
        tail -5 "$tf.err" >&2
    fi
    t1=$(date +%s%N)
    # wall time from the clock in ns (time's %e has 10 ms steps), peak RSS from time
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}') $(tail -1 "$tf")" >>"$out/m.$label"
    rm -f "$tf" "$tf.err"
}
median() {  # median of column $2 of file $1
    awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}

echo
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
echo "tshark:  $(tshark -v 2>/dev/null | head -1)"
echo "runs:    $runs per figure (median), seed $seed"

# ------------------------------------------------------------------ normal captures
if [ "$normal" = 1 ]; then
    rm -f "$out"/m.*
    tiny=$(capture volte_1 --messages 1)
    for _ in $(seq "$runs"); do
        measure start.without "${without[@]}" -r "$tiny" -T fields -e frame.number -e sip.Method
        measure start.with "${with[@]}" -r "$tiny" -T fields -e frame.number -e sip.Method
    done
    start_without=$(median "$out/m.start.without" 1)
    start_with=$(median "$out/m.start.with" 1)

    for n in $sizes; do
        cap=$(capture "volte_$n" --messages "$n")
        for _ in $(seq "$runs"); do
            for mode in 1 2; do
                twopass=()
                [ "$mode" = 2 ] && twopass=(-2)
                measure "$n.$mode.without" "${without[@]}" -r "$cap" "${twopass[@]}" -T fields -e frame.number -e sip.Method
                measure "$n.$mode.with" "${with[@]}" -r "$cap" "${twopass[@]}" -T fields -e frame.number -e sip.Method
            done
            measure "$n.stat.without" "${without[@]}" -r "$cap" -q -z sip,stat
            measure "$n.stat.with" "${with[@]}" -r "$cap" -q -z sip,stat
            measure "$n.volte_codes.with" "${with[@]}" -r "$cap" -q -z volte_codes,tree
        done
    done

    echo
    echo "start-up (one-message capture): without $start_without s, with $start_with s"
    echo
    printf '%-9s %-22s %9s %9s %7s %9s %9s %7s %10s %10s %10s\n' messages run "t_without" "t_with" ratio \
        "MB_without" "MB_with" ratio "us/msg w/o" "us/msg w/" "plugin"
    for n in $sizes; do
        for mode in 1 2 stat; do
            case $mode in
                1) name="fields, single pass" ;;
                2) name="fields, two-pass (-2)" ;;
                stat) name="-q -z sip,stat" ;;
            esac
            tw=$(median "$out/m.$n.$mode.without" 1); t=$(median "$out/m.$n.$mode.with" 1)
            mw=$(median "$out/m.$n.$mode.without" 2); m=$(median "$out/m.$n.$mode.with" 2)
            awk -v n="$n" -v name="$name" -v tw="$tw" -v t="$t" -v mw="$mw" -v m="$m" \
                -v sw="$start_without" -v s="$start_with" 'BEGIN {
                cw = (tw - sw) / n * 1e6; c = (t - s) / n * 1e6
                printf "%-9d %-22s %9.3f %9.3f %7.3f %9.1f %9.1f %7.3f %10.1f %10.1f %10.1f\n",
                    n, name, tw, t, t / tw, mw / 1024, m / 1024, m / mw, cw, c, c - cw }'
            echo "$n $mode $tw $t $mw $m" >>"$out/m.summary"
        done
        printf '%-9s %-22s %9s %9.2f %7s %9s %9.1f\n' "$n" "-q -z volte_codes,tree" "" \
            "$(median "$out/m.$n.volte_codes.with" 1)" "" "" "$(awk "BEGIN {print $(median "$out/m.$n.volte_codes.with" 2) / 1024}")"
    done

    echo
    echo "targets: time ratio <= 1.05, memory ratio <= 1.10, per-message cost growth <= 10%"
    first=$(echo $sizes | awk '{print $1}')
    last=$(echo $sizes | awk '{print $NF}')
    for mode in 1 2; do
        awk -v first="$first" -v last="$last" -v mode="$mode" -v sw="$start_without" -v s="$start_with" '
            $2 == mode { tw[$1] = $3; t[$1] = $4; mw[$1] = $5; m[$1] = $6; n[$1] = $1 }
            END {
                worst_t = 0; worst_m = 0
                for (k in t) { if (t[k] / tw[k] > worst_t) worst_t = t[k] / tw[k]; if (m[k] / mw[k] > worst_m) worst_m = m[k] / mw[k] }
                cf = (t[first] - s) / first; cl = (t[last] - s) / last
                cwf = (tw[first] - sw) / first; cwl = (tw[last] - sw) / last
                growth = (cl / cf - 1) * 100; growth_w = (cwl / cwf - 1) * 100
                printf "%s: worst time ratio %.3f (%s), worst memory ratio %.3f (%s), per-message cost %d -> %d: %+.1f%% with the plugin (%+.1f%% without) (%s)\n",
                    mode == 1 ? "single pass" : "two-pass   ", worst_t, worst_t <= 1.05 ? "met" : "MISSED",
                    worst_m, worst_m <= 1.10 ? "met" : "MISSED", first, last, growth, growth_w,
                    growth <= 10 ? "met" : "MISSED"
            }' "$out/m.summary"
    done
    rm -f "$out/m.summary"
fi

# ------------------------------------------------------------------ instruction counts
# Wall time on a shared machine moves by 10% or more between runs; the
# number of instructions tshark executes does not.  callgrind counts them on
# the smallest size and on the one-message capture (start-up), so the
# per-message figures leave start-up out.
if [ "$instructions" = 1 ]; then
    n=$(echo $sizes | awk '{print $1}')
    cap=$(capture "volte_$n" --messages "$n")
    tiny=$(capture volte_1 --messages 1)
    ir() {  # ir PLUGIN_DIR ARGS... -> instructions executed by tshark
        local cg
        cg=$(mktemp)
        env HOME="$home" WIRESHARK_PLUGIN_DIR="$1" "${userns[@]}" valgrind --tool=callgrind \
            --callgrind-out-file="$cg" tshark "${@:2}" >/dev/null 2>&1
        awk '/^(summary|totals):/ {print $2; exit}' "$cg"
        rm -f "$cg"
    }
    echo
    echo "instructions per SIP message (callgrind, $n messages, start-up left out)"
    printf '%-22s %14s %14s %7s %14s %14s
' run "without" "with" ratio "start-up w/o" "start-up with"
    for mode in 1 2 stat; do
        case $mode in
            1) name="fields, single pass"; args=(-T fields -e frame.number -e sip.Method) ;;
            2) name="fields, two-pass (-2)"; args=(-2 -T fields -e frame.number -e sip.Method) ;;
            stat) name="-q -z sip,stat"; args=(-q -z sip,stat) ;;
        esac
        s0=$(ir "$stock" -r "$tiny" "${args[@]}"); s1=$(ir "$build/plugins" -r "$tiny" "${args[@]}")
        c0=$(ir "$stock" -r "$cap" "${args[@]}"); c1=$(ir "$build/plugins" -r "$cap" "${args[@]}")
        awk -v name="$name" -v n="$n" -v s0="$s0" -v s1="$s1" -v c0="$c0" -v c1="$c1" 'BEGIN {
            w0 = (c0 - s0) / n; w1 = (c1 - s1) / n
            printf "%-22s %14.0f %14.0f %7.3f %14.0f %14.0f\n", name, w0, w1, w1 / w0, s0, s1 }'
    done
fi

# ------------------------------------------------------------------ adversarial captures
if [ "$adversarial" = 1 ]; then
    echo
    echo "adversarial captures (two-pass, fields output; peak RSS and wall time, one run each)"
    printf '%-16s %9s %9s %10s %10s %10s %10s %10s %7s %7s\n' capture messages frames "MB file" \
        "t_without" "t_with" "MB_w/o" "MB_with" "x time" "x mem"
    for spec in many-callids:1000000 long-call:100000 forks:10000 big-headers:1 sdp-1000-media:4 \
                seq-max:100 responses-first:10000; do
        name=${spec%%:*}
        count=$(awk -v c="${spec#*:}" -v s="$adv_scale" 'BEGIN {n = int(c * s); print n < 1 ? 1 : n}')
        cap=$(capture "adv_${name}_$count" --adversarial "$name" --count "$count")
        rm -f "$out/m.adv.without" "$out/m.adv.with"
        measure adv.without "${without[@]}" -r "$cap" -2 -T fields -e frame.number -e sip.Method
        measure adv.with "${with[@]}" -r "$cap" -2 -T fields -e frame.number -e sip.Method -e volte.call
        frames=$(capinfos -c -M "$cap" 2>/dev/null | awk -F: '/Number of packets/ {gsub(/ /, "", $2); print $2}')
        msgs=$("${without[@]}" -r "$cap" -q -z sip,stat 2>/dev/null | awk -F: '/Number of SIP messages/ {gsub(/ /, "", $2); print $2}')
        read -r tw mw <"$out/m.adv.without"
        read -r t m <"$out/m.adv.with"
        awk -v name="$name" -v msgs="${msgs:-?}" -v frames="$frames" -v size="$(stat -c %s "$cap")" \
            -v tw="$tw" -v t="$t" -v mw="$mw" -v m="$m" 'BEGIN {
            printf "%-16s %9s %9s %10.1f %10.2f %10.2f %10.1f %10.1f %7.2f %7.2f\n",
                name, msgs, frames, size / 1048576, tw, t, mw / 1024, m / 1024, t / tw, m / mw }'
    done
    rm -f "$out/m.adv.without" "$out/m.adv.with"
fi
