#!/usr/bin/env bash
# Readies a fuzzing run (sourced by run.sh and smoke.sh): builds the harness, copies it to $work/bin and
# instruments that copy of Roll.dll (the build output stays uninstrumented), writes the seeds to $work/seeds.
# In: $root (the repository), $work (a scratch folder). Out: $harness (the Roll.Fuzz.dll to give afl-fuzz).
# FUZZ_NO_BUILD=1 skips the build (CI has built the solution already).

mkdir -p "$work"
if [[ "${FUZZ_NO_BUILD:-0}" != 1 ]]; then
    dotnet build "$root/fuzz/Roll.Fuzz" -c Release -v q -nologo -clp:ErrorsOnly > "$work/build.log" || { cat "$work/build.log"; exit 1; }
fi
(cd "$root" && dotnet tool restore >/dev/null)
rm -rf "$work/bin" "$work/seeds"
cp -r "$root/fuzz/Roll.Fuzz/bin/Release/net10.0" "$work/bin"
(cd "$root" && dotnet tool run sharpfuzz "$work/bin/Roll.dll" >/dev/null)
harness="$work/bin/Roll.Fuzz.dll"
(cd "$root" && dotnet "$harness" --write-seeds "$work/seeds" >/dev/null)

# Debian's afl++ on a shared machine: dotnet itself is not instrumented (the assembly is), core dumps may go to a
# handler, other processes run beside, and there is no terminal for the status screen.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1

# Prints one figure of afl's fuzzer_stats: afl_stat FINDINGS_DIR NAME.
afl_stat() { awk -v k="$2" '$1 == k { print $3 }' "$1/default/fuzzer_stats"; }
