#!/usr/bin/env bash
# Descriptor exhaustion: samples/Echo under `ulimit -n 256`, 400 clients that each send part of a request head and hold it.
# Checks: the server stays up, CPU while saturated, warnings a second, how soon a good client is served once the
# clients leave, and that SIGTERM then exits 0. Loopback only, about 20 s.
# usage: benchmarks/stress/descriptors.sh [extra server options, e.g. --max-connections 100]
# environment: HOLD_SECONDS, how long the clients hold their connections (10; at least 4): 4 makes a quick check.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
hold=${HOLD_SECONDS:-10}
[ "$hold" -ge 4 ] || { echo "HOLD_SECONDS must be at least 4" >&2; exit 2; }
dotnet build "$root/samples/Echo" -c Release -v q -clp:ErrorsOnly --nologo >/dev/null
log=$(mktemp)
bash -c 'ulimit -n 256; exec dotnet "$0" --port 0 "${@}"' "$root/samples/Echo/bin/Release/net10.0/Echo.dll" "$@" >"$log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; cp "$log" /tmp/descriptors-server.log; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q "^Rolling on" "$log" && break; sleep 0.1; done
port=$(grep -o '[0-9]*$' "$log" | head -1)
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0; }
python3 "$here/slowheads.py" "$port" 400 "$hold" >"$log.clients" &
clients=$!
sleep 2
start=$(ticks)
sleep $((hold - 3))
end=$(ticks)
if ! kill -0 $pid 2>/dev/null; then
  wait $pid || echo "the server died while saturated, exit $?:"
  grep -v "^   at " "$log" | cut -c1-300
  exit 1
fi
descriptors=$(ls "/proc/$pid/fd" | wc -l)
wait $clients
closed=$(sed -n 's/^closed at //p' "$log.clients")
# Good clients, one after another, until one is answered.
served=""
for _ in $(seq 200); do
  if curl -s -m 0.5 -o /dev/null "http://127.0.0.1:$port/"; then served=$(date +%s.%N); break; fi
  sleep 0.02
done
kill -TERM $pid
set +e; wait $pid; code=$?; set -e
hz=$(getconf CLK_TCK)
echo "clients:            $(head -1 "$log.clients")"
echo "descriptors in use: $descriptors of 256 while saturated"
echo "cpu while saturated: $(awk -v t=$((end - start)) -v s=$((hold - 3)) -v hz="$hz" 'BEGIN { printf "%.1f%%", 100 * t / hz / s }')"
echo "warnings:           $(grep -c 'Accepting connections fails' "$log" || true) in ${hold} s (at most one a second)"
echo "served again after: $(awk -v a="$closed" -v b="${served:-0}" 'BEGIN { if (b == 0) print "never"; else printf "%.0f ms\n", (b - a) * 1000 }')"
echo "exit after SIGTERM: $code"
if grep -q "Unhandled\|Out of memory\|fail:" "$log"; then echo "server log:"; cat "$log"; exit 1; fi
rm -f "$log.clients"
[ "$code" = 0 ] && [ -n "$served" ]
