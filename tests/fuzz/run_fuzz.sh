#!/bin/sh
# run_fuzz.sh - build the engine's libFuzzer target with clang and run it.
#
#   tests/fuzz/run_fuzz.sh                     60 s, as ctest fuzz.engine_60s does
#   tests/fuzz/run_fuzz.sh --time 3600         a longer run by hand
#   tests/fuzz/run_fuzz.sh --shared            also seed from ../shared/captures (outside the repo)
#   tests/fuzz/run_fuzz.sh --build-only
#   tests/fuzz/run_fuzz.sh -- -jobs=2 -workers=2   more libFuzzer options
#
# Builds build/fuzz/fuzz_engine from tests/fuzz/fuzz_engine.c and every
# plugin/engine/*.c (the engine library's sources) with -fsanitize=fuzzer,address,undefined (UBSan fatal),
# then runs it over tests/fuzz/corpus (read only) with a working corpus in
# build/fuzz/corpus, for a bounded time, with -rss_limit_mb=2048.  A crash,
# leak, sanitizer report, timeout or out-of-memory fails the run; the input
# is kept in build/fuzz/crashes/ and can be replayed with
#   build/fuzz/fuzz_engine build/fuzz/crashes/<file>      (or fuzz_replay, with gcc)
#
# Needs clang and its runtime libraries (Debian 12: packages clang and
# libclang-rt-14-dev; plain `apt-get install --no-install-recommends clang`
# leaves the runtime out).  Exits 77 (ctest: skipped) when clang cannot
# build a libFuzzer target.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${VOLTE_FUZZ_DIR:-${VOLTE_BUILD_DIR:-$root/build}/fuzz}
seconds=60
shared=0
build_only=0
while [ $# -gt 0 ]; do
    case "$1" in
        --time) seconds=$2; shift ;;
        --out) out=$2; shift ;;
        --shared) shared=1 ;;
        --build-only) build_only=1 ;;
        --) shift; break ;;
        *) echo "run_fuzz.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

cc=${FUZZ_CC:-clang}
mkdir -p "$out/corpus" "$out/crashes"
probe=$out/probe.c
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' >"$probe"
if ! command -v "$cc" >/dev/null 2>&1 ||
   ! "$cc" -fsanitize=fuzzer,address,undefined "$probe" -o "$out/probe" >/dev/null 2>&1; then
    echo "run_fuzz.sh: $cc cannot build a libFuzzer target; install clang and libclang-rt-14-dev" >&2
    exit 77
fi

# the parts of the engine this tree has (fuzz_engine.c uses them)
defs="-DVOLTE_FUZZ_PARTS_GIVEN"
for part in precondition call checks bearer anomaly epc; do
    if [ -f "$root/plugin/engine/$part.c" ] && [ -f "$root/include/volte/$part.h" ]; then
        defs="$defs -DVOLTE_FUZZ_HAVE_$(echo "$part" | tr a-z A-Z)"
    fi
done
# shellcheck disable=SC2086,SC2046  # flag lists are meant to split
"$cc" -std=c11 -g -O1 -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$root/include" $defs $(pkg-config --cflags glib-2.0) \
    "$root/tests/fuzz/fuzz_engine.c" "$root"/plugin/engine/*.c \
    $(pkg-config --libs glib-2.0) -o "$out/fuzz_engine"
echo "run_fuzz.sh: built $out/fuzz_engine"
[ "$build_only" = 1 ] && exit 0

seeds="$root/tests/fuzz/corpus"
if [ "$shared" = 1 ] && [ -d "$root/../shared/captures" ]; then
    mkdir -p "$out/corpus-shared"
    python3 "$root/tests/fuzz/make_corpus.py" --no-hand --out "$out/corpus-shared" \
        "$root"/../shared/captures/*.pcap* >/dev/null
    seeds="$seeds $out/corpus-shared"
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
echo "run_fuzz.sh: fuzzing for ${seconds}s; crashes go to $out/crashes/"
# shellcheck disable=SC2086
"$out/fuzz_engine" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=20 \
    -max_len=32768 -error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/" "$@" "$out/corpus" $seeds
