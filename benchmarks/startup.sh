#!/usr/bin/env bash
# Time to first answer and resident memory of samples/Bench, with
# benchmarks/peers/startup.py, in the environment deploy/hello.service gives an app.
# usage: benchmarks/startup.sh [--aot | --r2r]
#   --aot  the native AOT executable
#   --r2r  self-contained, trimmed, ReadyToRun composite (framework and app precompiled together; the JIT does the rest)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
peers=${ROLL_BENCH_PEERS:-$root/benchmarks/peers}
out=${ROLL_BENCH_OUT:-/tmp/roll-bench}
env="DOTNET_GCgen0size=200000"
case "${1:-}" in
  --help|-h)
    sed -n '/^# usage:/,/^set /{/^set /d;s/^# \{0,1\}//p}' "$0" ;;
  --aot)
    dotnet publish "$root/samples/Bench" -c Release -p:PublishAot=true -o "$out/bench-aot" --nologo -v q >/dev/null
    python3 "$peers/startup.py" "$env exec $out/bench-aot/Bench --quiet --port \$PORT" ;;
  --r2r)
    dotnet publish "$root/samples/Bench" -c Release -r linux-x64 --self-contained true -p:PublishTrimmed=true -p:PublishReadyToRun=true \
      -p:PublishReadyToRunComposite=true -o "$out/bench-r2r" --nologo -v q >/dev/null
    python3 "$peers/startup.py" "$env exec $out/bench-r2r/Bench --quiet --port \$PORT" ;;
  *)
    dotnet publish "$root/samples/Bench" -c Release -o "$out/bench" --nologo -v q >/dev/null
    python3 "$peers/startup.py" "$env exec dotnet $out/bench/Bench.dll --quiet --port \$PORT" ;;
esac
