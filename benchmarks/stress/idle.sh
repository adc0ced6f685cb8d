#!/usr/bin/env bash
# 10,000 idle keep-alive connections to samples/Echo, each after one request: resident memory per connection.
# Raises the descriptor limit to 20,000 for both ends. Loopback only, about 15 s.
# usage: benchmarks/stress/idle.sh [connections, 10000 by default]
# environment: IDLE_CONNECTIONS, the connections when none are given (10000): a few hundred make a quick check.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
count=${1:-${IDLE_CONNECTIONS:-10000}}
ulimit -n 20000
dotnet build "$root/samples/Echo" -c Release -v q -clp:ErrorsOnly --nologo >/dev/null
log=$(mktemp)
dotnet "$root/samples/Echo/bin/Release/net10.0/Echo.dll" --port 0 >"$log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; rm -f "$log" "$log.clients"' EXIT
for _ in $(seq 100); do grep -q "^Rolling on" "$log" && break; sleep 0.1; done
port=$(grep -o '[0-9]*$' "$log" | head -1)
rss() { awk '/VmRSS/ { print $2 }' "/proc/$pid/status"; }
# One request first, so the code of a request is compiled before the baseline.
curl -s -o /dev/null "http://127.0.0.1:$port/"
sleep 1
before=$(rss)
python3 "$here/idle.py" "$port" "$count" 6 >"$log.clients" &
clients=$!
for _ in $(seq 600); do grep -q "^answered" "$log.clients" && break; sleep 0.1; done
sleep 3
after=$(rss)
open=$(ls "/proc/$pid/fd" | wc -l)
wait $clients
kill -TERM $pid
set +e; wait $pid; code=$?; set -e
echo "clients:            $(cat "$log.clients")"
echo "server descriptors: $open"
echo "RSS:                ${before} KiB before, ${after} KiB with $count idle connections"
echo "RSS per connection: $(( (after - before) * 1024 / count )) bytes"
echo "exit after SIGTERM: $code"
