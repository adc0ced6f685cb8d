#!/usr/bin/env bash
# One endpoint at steady state, Roll (samples/Bench) against raw Kestrel: each server is warmed up for 8 s on the
# endpoint, then measured for 5 s, rounds alternating the two (server on CPU 0, wrk on CPU 1, 64 connections).
# benchmarks/peers/compare.py gives each endpoint a second of warm-up and three of measure; this measures one endpoint
# longer, to see its ratio with less left to chance on a shared machine.
# usage: benchmarks/steady.sh [PATH] [ROUNDS]   (default: the full endpoint, 3 rounds)
# environment: STEADY_WARMUP, the seconds of warm-up (8; 0 skips it), and STEADY_SECONDS, the seconds measured (5):
# 0 and 1 make a quick check that the script runs, not a figure; PORT, the port the servers listen on (8142);
# ROLL_BENCH_OUT, where the builds go (/tmp/roll-bench): the reference servers compare.sh built there are reused.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${ROLL_BENCH_OUT:-/tmp/roll-bench}
path=${1:-/hello/full/with/foo/and/bar?query=foobar}
rounds=${2:-3}
port=${PORT:-8142}
warmup=${STEADY_WARMUP:-8}
seconds=${STEADY_SECONDS:-5}
[ -x "$out/peers/floor" ] || bash "$root/benchmarks/peers/build-peers.sh" "$out/peers" >/dev/null
dotnet publish "$root/samples/Bench" -c Release -o "$out/bench" --nologo -v q >/dev/null
for round in $(seq 1 "$rounds"); do
  for server in roll kestrel; do
    if [ "$server" = roll ]; then
      DOTNET_GCgen0size=200000 taskset -c 0 dotnet "$out/bench/Bench.dll" --quiet --port "$port" >/dev/null 2>&1 &
    else
      taskset -c 0 dotnet "$out/peers/platform/platform.dll" "$port" >/dev/null 2>&1 &
    fi
    pid=$!
    until (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.05; done
    url="http://127.0.0.1:$port$path"
    [ "$warmup" = 0 ] || taskset -c 1 wrk -t1 -c64 -d"${warmup}s" -H "Cookie: test=bench" "$url" >/dev/null
    before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    report=$(taskset -c 1 wrk -t1 -c64 -d"${seconds}s" -H "Cookie: test=bench" "$url")
    after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    requests=$(echo "$report" | awk '/requests in/ {print $1}')
    rps=$(echo "$report" | awk '/Requests\/sec/ {print $2}')
    python3 -c "print(f'$server round $round: {float($rps):9.0f} req/s {($after - $before) / $(getconf CLK_TCK) * 1e6 / $requests:6.2f} cpu us/req')"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
