#!/usr/bin/env bash
# 200 clients that each pipeline 2 MB of GET /hello and never read the answers: the server's writes to them
# stall, and MinResponseDataRate (240 bytes/s after 5 s by default) must drop every one of them, well before
# the 130 s keep-alive timeout, and give the memory back. Prints how many connections the server holds each
# second, when the last was dropped, and the resident memory.
#
# usage: benchmarks/stress/non-reading.sh [--clients N] [--megabytes M] [--limit SECONDS]
source "$(dirname "$0")/common.sh"
clients=200
megabytes=2
limit=120
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients=$2; shift 2 ;;
    --megabytes) megabytes=$2; shift 2 ;;
    --limit) limit=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

start_server
echo "server: pid $pid, port $port, resident $(rss_mib) MiB"
python3 "$here/non_reading.py" "$port" "$clients" "$megabytes" "$limit" &
client=$!
started=$(date +%s.%N)
most=0
dropped=""
for second in $(seq "$limit"); do
  sleep 1
  held=$(server_connections)
  [ "$held" -gt "$most" ] && most=$held
  echo "t=${second}s held=$held resident=$(rss_mib) MiB"
  if [ "$most" -ge "$clients" ] && [ "$held" -eq 0 ]; then
    dropped=$(echo "$(date +%s.%N) - $started" | bc)
    break
  fi
done
kill $client 2>/dev/null || true
wait $client 2>/dev/null || true
if [ -n "$dropped" ]; then
  printf "all %d non-reading clients dropped %.0f s after they connected (most held at once: %d)\n" "$clients" "$dropped" "$most"
else
  echo "NOT all dropped within ${limit} s (most held at once: $most, still held: $(server_connections))"
fi
echo "resident: peak $(peak_rss_mib) MiB, now $(rss_mib) MiB"
sleep 5
echo "resident 5 s later: $(rss_mib) MiB"
