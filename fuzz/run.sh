#!/usr/bin/env bash
# The long fuzzing run of the HTTP engine (docs/how-to/fuzz-the-engine.md): fuzz/run.sh [seconds] [protocol|parser]
# Builds and instruments the harness, seeds it, runs afl-fuzz for the given time (default one hour) on one core,
# then prints executions, speed, crashes and hangs. Findings stay in artifacts/fuzz/<target>-<time>/.
# FUZZ_FINDINGS=<folder> puts a new run's findings there instead.
# FUZZ_RESUME=<that folder> continues an earlier run there (its corpus and its figures carry on).
# FUZZ_IN_PROCESS=1 lets afl talk to the harness directly: faster, but a hang or a fatal crash then ends the run.
# FUZZ_SECONDS=<seconds> fuzzes that long whatever the argument says: a quick check that the script runs (the docs'
# tests use it), not a run that finds anything.
set -euo pipefail
seconds=${FUZZ_SECONDS:-${1:-3600}}
target=${2:-protocol}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/artifacts/fuzz"
source "$root/fuzz/prepare.sh"

findings=${FUZZ_RESUME:-${FUZZ_FINDINGS:-"$work/$target-$(date -u +%Y%m%d-%H%M%S)"}}
seeds="$work/seeds"
[[ -n "${FUZZ_RESUME:-}" ]] && seeds=-
mode=()
[[ "${FUZZ_IN_PROCESS:-0}" == 1 ]] && mode=(--in-process)
echo "Fuzzing the $target target for $seconds s; findings in $findings"
started=$(date -u +%s)
# Stopping early is fine: afl-fuzz writes its figures when interrupted (kill -INT its process).
afl-fuzz -i "$seeds" -o "$findings" -x "$root/fuzz/http.dict" -t 10000 -m none -V "$seconds" \
    -- dotnet "$harness" "$target" "${mode[@]}" >> "$findings.log" 2>&1 || true
if [[ ! -f "$findings/default/fuzzer_stats" ]]; then
    tail -20 "$findings.log"
    exit 1
fi

crashes=$(afl_stat "$findings" saved_crashes)
hangs=$(afl_stat "$findings" saved_hangs)
echo "target:      $target"
echo "run time:    $(afl_stat "$findings" run_time) s (wall $(( $(date -u +%s) - started )) s)"
echo "executions:  $(afl_stat "$findings" execs_done)"
echo "exec/s:      $(afl_stat "$findings" execs_per_sec)"
echo "corpus:      $(afl_stat "$findings" corpus_count) inputs, $(afl_stat "$findings" bitmap_cvg) of the map, stability $(afl_stat "$findings" stability)"
echo "crashes:     $crashes"
echo "hangs:       $hangs"
for finding in "$findings"/default/crashes/id* "$findings"/default/hangs/id*; do
    [[ -e "$finding" ]] && echo "finding:     $finding"
done
[[ "$crashes" == 0 && "$hangs" == 0 ]]
