#!/usr/bin/env bash
# What the OpenTelemetry SDK adds to a request, Roll against ASP.NET Core Minimal APIs: the Telemetry sample's app
# (benchmarks/Roll.Telemetry.Bench) and the same routes on Minimal APIs (benchmarks/peers/minimalapi-otel), each
# without and with the SDK (every trace sampled, metrics collected, exported to an exporter that drops them), on
# GET /hello/world with a traceparent, by benchmarks/telemetry.py: server on CPU 0, wrk on CPU 1, rounds interleaved.
#
# usage: benchmarks/telemetry.sh [--rounds N] [--warmup S] [--seconds S] [--conns C] [--port P]
#   --rounds (3), --warmup per measure in seconds (3), --seconds measured (10), --conns (64), --port (8000)
# environment: ROLL_BENCH_OUT, where builds go (/tmp/roll-bench); ROLL_BENCH_PEERS, another copy of benchmarks/peers;
#   TELEMETRY_WARMUP, TELEMETRY_SECONDS and PORT, the defaults of --warmup, --seconds and --port
#   (TELEMETRY_WARMUP=0 TELEMETRY_SECONDS=1: a quick check that the script runs, not a figure)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
peers=${ROLL_BENCH_PEERS:-$root/benchmarks/peers}
out=${ROLL_BENCH_OUT:-/tmp/roll-bench}
case " $* " in
  *" --help "*|*" -h "*) sed -n '/^# usage:/,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
for tool in wrk taskset python3; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install wrk util-linux python3)" >&2; exit 1; }
done

mkdir -p "$out"
dotnet publish "$root/benchmarks/Roll.Telemetry.Bench" -c Release -o "$out/telemetry-roll" --nologo -v q >/dev/null
# Built outside the repository, as build-peers.sh builds the other peers: the repository's build settings are Roll's.
rm -rf "$out/src-minimalapi-otel"; cp -r "$peers/minimalapi-otel" "$out/src-minimalapi-otel"
dotnet publish "$out/src-minimalapi-otel" -c Release -o "$out/minimalapi-otel" --nologo -v q >/dev/null

# Roll runs in the environment deploy/hello.service gives an app, as in compare.sh.
roll="DOTNET_GCgen0size=200000 exec dotnet $out/telemetry-roll/Roll.Telemetry.Bench.dll --quiet --port \$PORT"
aspnet="ASPNETCORE_URLS=http://127.0.0.1:\$PORT exec dotnet $out/minimalapi-otel/minimalapi-otel.dll"
exec python3 "$root/benchmarks/telemetry.py" "$peers" "$@" \
  roll="$roll" roll+otel="BENCH_TELEMETRY=1 $roll" \
  minimalapi="$aspnet" minimalapi+otel="BENCH_TELEMETRY=1 $aspnet"
