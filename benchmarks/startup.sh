#!/usr/bin/env bash
# Time to first answer and resident memory of samples/Bench, with the kit's
# startup.py. usage: benchmarks/startup.sh [--aot]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kit=${ROLL_BENCH_KIT:-$root/../shared/bench}
out=${ROLL_BENCH_OUT:-/tmp/roll-bench}
if [ "${1:-}" = "--aot" ]; then
  dotnet publish "$root/samples/Bench" -c Release -p:PublishAot=true -o "$out/bench-aot" --nologo -v q >/dev/null
  python3 "$kit/startup.py" "exec $out/bench-aot/Bench --quiet --port \$PORT"
else
  dotnet publish "$root/samples/Bench" -c Release -o "$out/bench" --nologo -v q >/dev/null
  python3 "$kit/startup.py" "exec dotnet $out/bench/Bench.dll --quiet --port \$PORT"
fi
