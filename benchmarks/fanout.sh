#!/usr/bin/env bash
# Websocket fan-out through Redis: 1,000 clients of the WebSocket sample's chat spread over 3 processes that share
# it through one redis-server, one sender; then the same 1,000 clients on one process without Redis.
# Prints, for each, deliveries per second and the delivery latency's p50 and p99 (benchmarks/fanout/Client).
#
#   benchmarks/fanout.sh [--clients 1000] [--messages 1000] [--window 10] [--processes 3]
#
# Needs redis-server (apt-get install redis-server). Everything listens on 127.0.0.1, on free ports.
# environment: FANOUT_CLIENTS, the clients when --clients is not given (1000): a few dozen make a quick check, not a figure.
set -euo pipefail
cd "$(dirname "$0")/.."

clients=${FANOUT_CLIENTS:-1000} messages=1000 window=10 processes=3
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients=$2; shift 2 ;;
    --messages) messages=$2; shift 2 ;;
    --window) window=$2; shift 2 ;;
    --processes) processes=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

dotnet build samples/WebSocket/WebSocket.csproj -c Release -v q -clp:ErrorsOnly --nologo >/dev/null
dotnet build benchmarks/fanout/Client/FanoutClient.csproj -c Release -v q -clp:ErrorsOnly --nologo >/dev/null
sample=samples/WebSocket/bin/Release/net10.0/WebSocket.dll
client=benchmarks/fanout/Client/bin/Release/net10.0/FanoutClient.dll
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts one process of the sample with the given extra options; sets $url to its chat once it listens.
# (Not in a $(...) subshell: $pids must keep the process, for cleanup.)
start_sample() {
  local log="$work/sample-$RANDOM.log" port
  dotnet "$sample" --port 0 "$@" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do
    port=$(sed -n -E 's|^Rolling on http://127\.0\.0\.1:([0-9]+)$|\1|p' "$log")
    if [ -n "$port" ]; then
      url="ws://127.0.0.1:$port/chat"
      return
    fi
    sleep 0.1
  done
  echo "the sample did not start: $(cat "$log")" >&2
  exit 1
}

stop_samples() {
  for pid in "${pids[@]:1}"; do kill "$pid" 2>/dev/null || true; done
  pids=("${pids[0]}")
}

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  # -s: the log may not be there yet, redis-server's redirection is made in the background.
  grep -qs "Ready to accept connections" "$work/redis.log" && break
  sleep 0.1
done

urls=()
for _ in $(seq "$processes"); do
  start_sample --redis "127.0.0.1:$redis_port"
  urls+=("$url")
done
echo "# $processes processes through Redis"
dotnet "$client" --urls "$(IFS=,; echo "${urls[*]}")" --clients "$clients" --messages "$messages" --window "$window"
stop_samples
sleep 1

echo "# 1 process, no Redis"
start_sample
dotnet "$client" --urls "$url" --clients "$clients" --messages "$messages" --window "$window"
