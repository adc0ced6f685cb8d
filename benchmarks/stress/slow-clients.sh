#!/usr/bin/env bash
# Good clients' latency with and without 500 slow ones: wrk on GET /hello for S seconds alone, then again
# beside 500 connections that trickle a head (250) or a body (250) one byte a second (cut by the headers
# timeout or the minimum body rate, they reconnect), in R alternating rounds. Prints wrk's p50/p99 of each
# run and the ratio of the median p99s.
#
# usage: benchmarks/stress/slow-clients.sh [--slow N] [--seconds S] [--conns C] [--rounds R]
source "$(dirname "$0")/common.sh"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
slow=500
seconds=15
conns=32
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --slow) slow=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --conns) conns=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

start_server
echo "server: pid $pid, port $port"
url="http://127.0.0.1:$port/hello"
wrk -t1 -c"$conns" -d3s "$url" >/dev/null  # warm-up
latency() { awk -v q="$1" '$1 == q { print $2 }' "$2"; }

# Rounds alternate, so that a neighbour's load on the machine weighs on both sides alike.
for round in $(seq "$rounds"); do
  wrk -t1 -c"$conns" -d"${seconds}s" --latency "$url" >"$out/alone-$round.txt"
  python3 "$here/slow_clients.py" "$port" "$slow" $((seconds + 8)) >"$out/slow-$round.txt" &
  client=$!
  sleep 5
  echo "round $round: server connections with the slow clients: $(server_connections)"
  wrk -t1 -c"$conns" -d"${seconds}s" --latency "$url" >"$out/beside-$round.txt"
  wait $client
  cat "$out/slow-$round.txt"
  for run in alone beside; do
    printf "round %s %-7s requests/s %-10s p50 %-8s p99 %s\n" "$round" "$run" "$(awk '/Requests\/sec/ { print $2 }' "$out/$run-$round.txt")" \
      "$(latency 50% "$out/$run-$round.txt")" "$(latency 99% "$out/$run-$round.txt")"
  done
done
python3 - "$out" "$rounds" <<'PY'
import re, statistics, sys
def p99(path):
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", open(path).read(), re.M).groups()
    return float(value) * {"us": 1e-3, "ms": 1, "s": 1e3}[unit]
out, rounds = sys.argv[1], int(sys.argv[2])
alone = statistics.median(p99(f"{out}/alone-{r}.txt") for r in range(1, rounds + 1))
beside = statistics.median(p99(f"{out}/beside-{r}.txt") for r in range(1, rounds + 1))
print(f"median p99: alone {alone:.2f} ms, beside the slow clients {beside:.2f} ms: {beside / alone:.2f}x")
PY
