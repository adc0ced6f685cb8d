#!/usr/bin/env bash
# Graceful shutdown under load: samples/Basic (which logs a line per answered request) under wrk, then SIGTERM.
# Every request the server handled must have reached wrk whole: lost = handled (log lines) - answered (wrk's count).
# Requests the server never read (refused connections, idle keep-alive connections it closed) are not lost: a client
# may send them again. Loopback only, about 10 s.
# usage: benchmarks/stress/shutdown.sh [connections, 64 by default]
# environment: SHUTDOWN_LOAD_SECONDS, how long wrk runs (8); SHUTDOWN_TERM_AFTER, the seconds before SIGTERM (3):
# 2 and 1 make a quick check.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
connections=${1:-64}
load_seconds=${SHUTDOWN_LOAD_SECONDS:-8}
term_after=${SHUTDOWN_TERM_AFTER:-3}
dotnet build "$root/samples/Basic" -c Release -v q -clp:ErrorsOnly --nologo >/dev/null
log=$(mktemp)
out=$(mktemp)
dotnet "$root/samples/Basic/bin/Release/net10.0/Basic.dll" --port 0 >"$log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; cp "$log" /tmp/shutdown-server.log; rm -f "$log" "$out"' EXIT
for _ in $(seq 100); do grep -q "^Rolling on" "$log" && break; sleep 0.1; done
port=$(grep -o '[0-9]*$' "$log" | head -1)
wrk -t2 -c"$connections" -d"${load_seconds}s" -s "$root/benchmarks/stress/statuses.lua" "http://127.0.0.1:$port/hello/stress" >"$out" 2>&1 &
load=$!
sleep "$term_after"
kill -TERM $pid
set +e; wait $pid; code=$?; set -e
wait $load
handled=$(grep -c "GET http://127.0.0.1:$port/hello/stress\|GET /hello/stress" "$log" || true)
answered=$(awk '/requests in/ { print $1 }' "$out")
echo "wrk:               $(grep -E "requests in|Socket errors|Non-2xx|status|body" "$out" | tr -s ' ' | paste -sd ';')"
echo "handled by server: $handled"
echo "answered to wrk:   $answered"
echo "lost:              $((handled - answered))"
echo "exit after SIGTERM: $code"
[ "$code" = 0 ] && [ "$handled" = "$answered" ]
