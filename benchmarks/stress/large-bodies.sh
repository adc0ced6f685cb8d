#!/usr/bin/env bash
# 20 concurrent 28 MB POSTs to a route whose body is loaded before the handler (benchmarks/stress/Server's
# /upload, which answers the length and SHA-256 read through request.OpenBody()), then a 100 MB chunked POST
# over the 30,000,000-byte limit. Prints the answers' correctness, the server's resident memory (before, peak,
# after) and how much of the chunked body the client got to send before its 413.
#
# usage: benchmarks/stress/large-bodies.sh [--clients N] [--megabytes M]
source "$(dirname "$0")/common.sh"
clients=20
megabytes=28
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients=$2; shift 2 ;;
    --megabytes) megabytes=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

start_server
echo "server: pid $pid, port $port, resident $(rss_mib) MiB"
python3 "$here/large_bodies.py" "$port" "$clients" "$megabytes"
echo "resident: peak $(peak_rss_mib) MiB, now $(rss_mib) MiB"
sleep 5
echo "resident 5 s later: $(rss_mib) MiB"
leftover=$(ls "${TMPDIR:-/tmp}" | grep -c '^roll-body-' || true)
echo "temporary body files left: $leftover"
