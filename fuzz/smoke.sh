#!/usr/bin/env bash
# The fuzzing smoke CI runs (under a minute with the instrumentation): fuzz/smoke.sh [seconds, default 25]
# A short afl-fuzz run of the protocol target from the seeds; exits non-zero on any crash or hang, or if afl fails.
# FUZZ_SECONDS=<seconds> fuzzes that long whatever the argument says (as in run.sh): a quick check that it runs.
set -euo pipefail
seconds=${FUZZ_SECONDS:-${1:-25}}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/roll-fuzz-smoke.XXXXXX)
trap 'rm -rf "$work"' EXIT
source "$root/fuzz/prepare.sh"

export AFL_FAST_CAL=1
if ! afl-fuzz -i "$work/seeds" -o "$work/findings" -x "$root/fuzz/http.dict" -t 10000 -m none -V "$seconds" \
    -- dotnet "$harness" protocol > "$work/afl.log" 2>&1; then
    tail -20 "$work/afl.log"
    echo "fuzz smoke: afl-fuzz failed (a seed crashes or hangs, or the harness does not start): failed"
    exit 1
fi
crashes=$(afl_stat "$work/findings" saved_crashes)
hangs=$(afl_stat "$work/findings" saved_hangs)
verdict=passed
if [[ "$crashes" != 0 || "$hangs" != 0 ]]; then
    verdict=failed
    mkdir -p "$root/artifacts/fuzz-smoke"
    cp -r "$work/findings/default/crashes" "$work/findings/default/hangs" "$root/artifacts/fuzz-smoke/"
fi
echo "fuzz smoke: $(afl_stat "$work/findings" execs_done) executions in $(afl_stat "$work/findings" run_time) s ($(afl_stat "$work/findings" execs_per_sec)/s), $crashes crashes, $hangs hangs: $verdict"
[[ "$verdict" == passed ]]
