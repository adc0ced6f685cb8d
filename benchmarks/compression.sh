#!/usr/bin/env bash
# Compression throughput and ratio: the /items JSON (200 objects) from Roll's engine with app.Compression() and from
# ASP.NET Core Minimal APIs with its ResponseCompression middleware, both at CompressionLevel.Fastest, brotli then gzip,
# in one run. Server on CPU 0, wrk on CPU 1.
#
# usage: benchmarks/compression.sh [SECONDS]   (10 by default)
# environment: COMPRESSION_SECONDS, the seconds measured when no SECONDS is given (10); COMPRESSION_WARMUP, the seconds
# of warm-up before each measure (2; 0 skips it): both 1 or 0 make a quick check that the script runs, not a figure;
# PORT, the port the servers listen on (5391); ROLL_BENCH_OUT, where the build goes (/tmp/roll-bench).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-${COMPRESSION_SECONDS:-10}}
warmup=${COMPRESSION_WARMUP:-2}
out=${ROLL_BENCH_OUT:-/tmp/roll-bench}/compression
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
dotnet publish "$root/benchmarks/Roll.Compression.Bench" -c Release -o "$out" --nologo -v q >/dev/null

port=${PORT:-5391}
printf '%-8s %-6s %12s %10s %8s\n' server coding requests/s bytes ratio
for server in ${ROLL_COMPRESSION_SERVERS:-roll aspnet}; do
  DOTNET_GCgen0size=200000 taskset -c 0 "$out/Roll.Compression.Bench" "$server" "$port" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/items" && break; sleep 0.1; done
  identity=$(curl -s "http://127.0.0.1:$port/items" | wc -c)
  for coding in br gzip identity; do
    size=$(curl -s -H "Accept-Encoding: $coding" "http://127.0.0.1:$port/items" | wc -c)
    # A warm-up, then the measurement.
    [ "$warmup" = 0 ] || taskset -c 1 wrk -t1 -c32 -d"${warmup}s" -H "Accept-Encoding: $coding" "http://127.0.0.1:$port/items" >/dev/null
    rps=$(taskset -c 1 wrk -t1 -c32 -d"${seconds}s" -H "Accept-Encoding: $coding" "http://127.0.0.1:$port/items" | awk '/Requests\/sec/ {print $2}')
    printf '%-8s %-6s %12s %10s %8s\n' "$server" "$coding" "$rps" "$size" "$(awk -v a="$size" -v b="$identity" 'BEGIN {printf "%.3f", a/b}')"
  done
  kill "$pid"
  wait "$pid" 2>/dev/null || true
done
